/*
 * Platform admins: creation, sign-in with argon2id passwords, and
 * sessions whose tokens are random 256-bit strings stored only as their
 * SHA-256.  Every failure of a sign-in looks the same to the caller.
 */
#include <string.h>

#include "center/center.h"
#include "sec/sec.h"

int
ctr_role_ok(const char *role)
{
	return str_eq(role, "owner") || str_eq(role, "ops") ||
	    str_eq(role, "support") || str_eq(role, "auditor");
}

enum souk_err
ctr_admin_create(struct db *db, struct arena *a, const char *email,
    const char *name, const char *role, const char *password,
    const char **why)
{
	const char	*hash, *e = str_lower_dup(a, email);
	enum souk_err	 er;

	*why = NULL;
	if (e == NULL)
		return SOUK_ENOMEM;
	if (!valid_check(VALID_EMAIL, e, 0, 0))
		*why = "not an e-mail address";
	else if (!ctr_role_ok(role))
		*why = "role must be owner, ops, support or auditor";
	else if ((*why = sec_password_weak(password, SEC_PW_MIN_STAFF)) !=
	    NULL)
		*why = arena_printf(a, "password %s", *why);
	if (*why != NULL)
		return SOUK_INVALID;
	if ((er = sec_password_hash(a, password, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_S(e), DB_S(name), DB_S(role),
		    DB_S(hash) };

		return db_exec(db, a, CTR_ADMIN_INSERT, args, 4, NULL);
	}
}

/* A new session of stage for the admin; *token is shown once. */
static enum souk_err
session_new(struct db *db, struct arena *a, int64_t admin, const char *kind,
    const char *stage, const char **token)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_token_new(a, "sa_", token, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg ins[] = { DB_S(hash), DB_I(admin), DB_S(kind),
		    DB_S(stage), DB_I(str_eq(stage, "full") ? CTR_LIFE_S :
		    CTR_STAGE_S) };
		struct db_arg old[] = { DB_I(admin), DB_I(CTR_IDLE_S) };

		(void)db_exec(db, a, CTR_SESSION_PURGE, old, 2, NULL);
		return db_exec(db, a, CTR_SESSION_INSERT, ins, 5, NULL);
	}
}

/* The stage a session starts in, once the password was right. */
static enum souk_err
sign_in_stage(struct db *db, struct arena *a, const char *master,
    const struct ctr_admin *ad, const char *otp, const char **stage)
{
	enum souk_err	 er;

	*stage = "full";
	if (ad->mfa_on && otp == NULL)
		*stage = "mfa";
	else if (ad->mfa_on &&
	    (er = ctr_mfa_check(db, a, master, ad->id, otp)) != SOUK_OK)
		return er;
	else if (!ad->mfa_on && ad->mfa_required)
		*stage = "enroll";
	return SOUK_OK;
}

/* The active admin of an e-mail address, and its password hash. */
static enum souk_err
admin_by_email(struct db *db, struct arena *a, const char *email,
    struct ctr_admin *out, const char **hash)
{
	const char	*e = str_lower_dup(a, email);
	struct db_arg	 arg = DB_S(e);
	struct db_res	 res;
	enum souk_err	 er;

	if (e == NULL)
		return SOUK_ENOMEM;
	/* Exactly the address: no trailing space or accent folding. */
	if (!valid_check(VALID_EMAIL, e, 0, 0))
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, a, CTR_ADMIN_BY_EMAIL, &arg, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	out->id = db_cell_i64(&res, 0, 0);
	out->email = db_cell(&res, 0, 1);
	out->name = db_cell(&res, 0, 2);
	out->role = db_cell(&res, 0, 3);
	out->permissions = "";
	out->mfa_on = (int)db_cell_i64(&res, 0, 5);
	out->mfa_required = (int)db_cell_i64(&res, 0, 6);
	*hash = db_cell(&res, 0, 4);
	return SOUK_OK;
}

/* After the first factor: the session of the right stage. */
static enum souk_err
sign_in_finish(struct db *db, struct arena *a, const char *master,
    const char *otp, const char *kind, const char **token,
    struct ctr_admin *out)
{
	const char	*stage;
	enum souk_err	 er;

	if ((er = sign_in_stage(db, a, master, out, otp, &stage)) != SOUK_OK)
		return er;
	out->stage = stage;
	return session_new(db, a, out->id, kind, stage, token);
}

enum souk_err
ctr_sign_in(struct db *db, struct arena *a, const char *master,
    const char *email, const char *password, const char *otp,
    const char *kind, const char **token, struct ctr_admin *out)
{
	const char	*hash, *newhash;
	enum souk_err	 er;
	int		 rehash;

	er = admin_by_email(db, a, email, out, &hash);
	if (er == SOUK_NOTFOUND || (er == SOUK_OK && hash == NULL)) {
		sec_password_dummy(password);
		return SOUK_UNAUTHORIZED;
	}
	if (er != SOUK_OK || (er = sec_password_check(hash, password,
	    &rehash)) != SOUK_OK)
		return er;
	if (rehash && sec_password_hash(a, password, &newhash) == SOUK_OK) {
		struct db_arg up[] = { DB_S(newhash), DB_I(out->id) };

		(void)db_exec(db, a, CTR_ADMIN_REHASH, up, 2, NULL);
	}
	return sign_in_finish(db, a, master, otp, kind, token, out);
}

enum souk_err
ctr_sign_in_verified(struct db *db, struct arena *a, const char *master,
    const char *email, const char *kind, const char **token,
    struct ctr_admin *out)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = admin_by_email(db, a, email, out, &hash)) != SOUK_OK)
		return er;
	return sign_in_finish(db, a, master, NULL, kind, token, out);
}

enum souk_err
ctr_session_promote(struct db *db, struct arena *a, const char *old,
    const char *kind, struct ctr_admin *ad, const char **token)
{
	enum souk_err	 er;

	if ((er = ctr_sign_out(db, a, old)) != SOUK_OK &&
	    er != SOUK_NOTFOUND)
		return er;
	ad->stage = "full";
	return session_new(db, a, ad->id, kind, "full", token);
}

enum souk_err
ctr_sessions_end(struct db *db, struct arena *a, int64_t admin)
{
	struct db_arg	 arg = DB_I(admin);
	enum souk_err	 er;

	/* In a transaction, the caller bumps again after its commit. */
	if ((er = db_exec(db, a, CTR_SESSIONS_END, &arg, 1, NULL)) == SOUK_OK)
		sec_sess_bump(a, "center");
	return er;
}

enum souk_err
ctr_session(struct db *db, struct arena *a, const char *token,
    struct ctr_admin *out)
{
	const char	*hash, *epoch;
	struct db_res	 res;
	enum souk_err	 er;
	int		 hit;

	if ((hash = sec_token_hash(a, "sa_", token)) == NULL)
		return SOUK_UNAUTHORIZED;
	if ((hit = sec_sess_cached(a, "center", hash, &res, &epoch)) == 0) {
		struct db_arg args[] = { DB_S(hash), DB_I(CTR_IDLE_S) };

		if ((er = db_exec(db, a, CTR_SESSION_GET, args, 2, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (res.nrows != 1 || res.ncols != 9)
		return SOUK_UNAUTHORIZED;
	if (!hit)
		sec_sess_cache(a, "center", hash, epoch, &res);
	out->id = db_cell_i64(&res, 0, 0);
	out->email = db_cell(&res, 0, 1);
	out->name = db_cell(&res, 0, 2);
	out->role = db_cell(&res, 0, 3);
	out->permissions = db_cell(&res, 0, 4) != NULL ? db_cell(&res, 0, 4) :
	    "";
	out->stage = db_cell(&res, 0, 6);
	out->mfa_on = (int)db_cell_i64(&res, 0, 7);
	out->mfa_required = (int)db_cell_i64(&res, 0, 8);
	if (!hit && db_cell_i64(&res, 0, 5)) {	/* idle clock: once a minute */
		struct db_arg arg = DB_S(hash);

		(void)db_exec(db, a, CTR_SESSION_TOUCH, &arg, 1, NULL);
	}
	return SOUK_OK;
}

enum souk_err
ctr_sign_out(struct db *db, struct arena *a, const char *token)
{
	const char	*hash;
	struct db_arg	 arg;
	struct db_res	 res;
	enum souk_err	 er;

	if ((hash = sec_token_hash(a, "sa_", token)) == NULL)
		return SOUK_NOTFOUND;
	arg = DB_S(hash);
	if ((er = db_exec(db, a, CTR_SESSION_DELETE, &arg, 1, &res)) !=
	    SOUK_OK)
		return er;
	sec_sess_bump(a, "center");
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

int
ctr_can(const struct ctr_admin *ad, const char *perm)
{
	return str_eq(ad->stage, "full") && str_list_has(ad->permissions,
	    perm);
}
