/*
 * Accounts of every plane: creation, sign-in with argon2id passwords
 * (a stronger hash replaces a weaker one at the next sign-in), password
 * and name changes.  Every failure of a sign-in looks the same to the
 * caller and costs the same: an unknown account still pays for one
 * password check.
 */
#include <string.h>

#include "auth/auth_int.h"
#include "i18n/fmt.h"

const char *
auth_stage_name(int stage)
{
	if (stage == AUTH_MFA)
		return "mfa";
	if (stage == AUTH_ENROLL)
		return "enroll";
	return "full";
}

int
auth_role_ok(const struct auth_plane *p, const char *role)
{
	const char *const	*r;

	for (r = p->roles; r != NULL && *r != NULL; r++)
		if (str_eq(*r, role))
			return 1;
	return 0;
}

int
auth_can(const struct auth_account *ac, int perm)
{
	if (ac == NULL || ac->stage != AUTH_FULL)
		return 0;
	return perm == 0 || (perm > 0 && perm < 64 &&
	    (ac->perms & ((uint64_t)1 << perm)) != 0);
}

enum souk_err
auth_exec(const struct auth_cx *cx, enum auth_st st, const struct db_arg *v,
    size_t nv, int64_t id, struct db_res *res)
{
	struct db_arg	 args[AUTH_ARGS_MAX];
	size_t		 n = 0, i;

	if (cx->p->st[st] < 0 || nv + 2 > AUTH_ARGS_MAX)
		return SOUK_INTERNAL;
	for (i = 0; i < nv; i++)
		args[n++] = v[i];
	if (cx->p->scoped)
		args[n++] = DB_I(cx->tenant);
	if (id != 0)
		args[n++] = DB_I(id);
	return db_exec(cx->db, cx->a, cx->p->st[st], args, n, res);
}

/* Why a new account's fields are refused, or NULL. */
static enum souk_err
create_check(const struct auth_cx *cx, const char *email, const char *name,
    const char *role, const char *password, struct souk_why *why)
{
	const char	*weak;

	if (!valid_check(VALID_EMAIL, email, 0, 0))
		return souk_why_set(why, SOUK_INVALID, "email",
		    N_("must be an e-mail address"));
	if (cx->p->roles != NULL && !auth_role_ok(cx->p, role))
		return auth_why_role(cx, why);
	if (name == NULL || !valid_check(VALID_LINE, name, 0, AUTH_NAME_MAX))
		return souk_why_set(why, SOUK_INVALID, "name",
		    N_("has at most 200 characters on one line"));
	if (password != NULL && (weak = sec_password_weak(password,
	    cx->p->pw_min)) != NULL)
		return souk_why_set(why, SOUK_INVALID, "password", weak);
	return SOUK_OK;
}

enum souk_err
auth_why_role(const struct auth_cx *cx, struct souk_why *why)
{
	struct buf		 b;
	const char *const	*r;

	buf_init(&b, cx->a, 64);
	buf_adds(&b, "must be ");
	for (r = cx->p->roles; *r != NULL; r++)
		buf_printf(&b, "%s%s", r == cx->p->roles ? "" : r[1] == NULL ?
		    " or " : ", ", *r);
	return souk_why_set(why, SOUK_INVALID, "role", buf_ok(&b) ? b.data :
	    N_("must be a role"));
}

enum souk_err
auth_account_create(const struct auth_cx *cx, const char *email,
    const char *name, const char *role, const char *password,
    struct souk_why *why, int64_t *id)
{
	const char	*hash = NULL, *e = str_lower_dup(cx->a, email != NULL ?
	    email : "");
	struct db_res	 res;
	enum souk_err	 er;

	if (e == NULL)
		return SOUK_ENOMEM;
	if ((er = create_check(cx, e, name, role, password, why)) != SOUK_OK)
		return er;
	if (password != NULL &&
	    (er = sec_password_hash(cx->a, password, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg v[4];
		size_t n = 0;

		v[n++] = DB_S(e);
		v[n++] = DB_S(name);
		if (cx->p->roles != NULL)	/* a plane of members */
			v[n++] = DB_S(role);
		v[n++] = hash != NULL ? DB_S(hash) : DB_NUL;
		er = auth_exec(cx, AUTH_ST_CREATE, v, n, 0, &res);
	}
	if (er == SOUK_CONFLICT)
		return souk_why_set(why, er, "email", N_("an account with this "
		    "e-mail address exists"));
	if (er == SOUK_OK && id != NULL)
		*id = (int64_t)res.insert_id;
	return er;
}

void
auth_account_row(const struct auth_cx *cx, const struct db_res *res,
    struct auth_account *out)
{
	memset(out, 0, sizeof(*out));
	out->plane = cx->p;
	out->tenant = cx->tenant;
	out->id = db_cell_i64(res, 0, 0);
	out->email = db_cell(res, 0, 1);
	out->name = db_cell(res, 0, 2) != NULL ? db_cell(res, 0, 2) : "";
	out->role = db_cell(res, 0, 3);
	out->permissions = "";
	out->stage = AUTH_FULL;
}

/* The active account of email (or of id, email NULL) and its hash. */
static enum souk_err
account_lookup(const struct auth_cx *cx, const char *email, int64_t id,
    struct auth_account *out, const char **hash)
{
	const char	*e = NULL;
	struct db_arg	 arg;
	struct db_res	 res;
	enum souk_err	 er;

	if (email != NULL) {
		if ((e = str_lower_dup(cx->a, email)) == NULL)
			return SOUK_ENOMEM;
		/* Exactly the address: no trailing space or accent folding. */
		if (!valid_check(VALID_EMAIL, e, 0, 0))
			return SOUK_NOTFOUND;
		arg = DB_S(e);
		er = auth_exec(cx, AUTH_ST_BY_EMAIL, &arg, 1, 0, &res);
	} else
		er = auth_exec(cx, AUTH_ST_BY_ID, NULL, 0, id, &res);
	if (er != SOUK_OK)
		return er;
	if (res.nrows != 1 || res.ncols != 8)
		return SOUK_NOTFOUND;
	auth_account_row(cx, &res, out);
	*hash = db_cell(&res, 0, 4);
	out->verified = (int)db_cell_i64(&res, 0, 5);
	out->mfa_on = (int)db_cell_i64(&res, 0, 6);
	out->mfa_required = (int)db_cell_i64(&res, 0, 7);
	return SOUK_OK;
}

enum souk_err
auth_account_by_email(const struct auth_cx *cx, const char *email,
    struct auth_account *out)
{
	const char	*hash;

	return account_lookup(cx, email, 0, out, &hash);
}

/* Store a new hash of password (after a right one with weaker params). */
static enum souk_err
password_store(const struct auth_cx *cx, int64_t id, const char *password)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_password_hash(cx->a, password, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg v = DB_S(hash);

		return auth_exec(cx, AUTH_ST_PASSWORD, &v, 1, id, NULL);
	}
}

/* After the password: the stage, or SOUK_UNAUTHORIZED. */
static enum souk_err
sign_in_stage(const struct auth_cx *cx, struct auth_account *ac,
    const char *otp, int flags)
{
	enum souk_err	 er;

	ac->stage = AUTH_FULL;
	if ((flags & AUTH_SIGNIN_CODE) && (!ac->mfa_on || otp == NULL))
		return SOUK_UNAUTHORIZED;
	if (ac->mfa_on && otp == NULL) {
		if (flags & AUTH_SIGNIN_NO_STAGE)
			return SOUK_UNAUTHORIZED;
		ac->stage = AUTH_MFA;
	} else if (ac->mfa_on &&
	    (er = auth_mfa_check(cx, ac->id, otp)) != SOUK_OK)
		return er;
	else if (!ac->mfa_on && ac->mfa_required)
		ac->stage = AUTH_ENROLL;
	return SOUK_OK;
}

enum souk_err
auth_sign_in(const struct auth_cx *cx, const char *email,
    const char *password, const char *otp, const char *kind, int flags,
    const char **token, struct auth_account *out)
{
	const char	*hash;
	enum souk_err	 er;
	int		 stronger;

	er = account_lookup(cx, email, 0, out, &hash);
	if (er == SOUK_NOTFOUND || (er == SOUK_OK && hash == NULL)) {
		sec_password_dummy(password);
		return SOUK_UNAUTHORIZED;
	}
	if (er != SOUK_OK ||
	    (er = sec_password_check(hash, password, &stronger)) != SOUK_OK)
		return er;
	if (stronger)
		(void)password_store(cx, out->id, password);
	if ((er = sign_in_stage(cx, out, otp, flags)) != SOUK_OK)
		return er;
	return auth_session_new(cx, out, kind, out->stage, token);
}

enum souk_err
auth_account_by_id(const struct auth_cx *cx, int64_t id,
    struct auth_account *out)
{
	const char	*hash;

	return account_lookup(cx, NULL, id, out, &hash);
}

enum souk_err
auth_sign_in_verified(const struct auth_cx *cx, struct auth_account *ac,
    const char *kind, const char **token)
{
	enum souk_err	 er;

	if ((er = sign_in_stage(cx, ac, NULL, 0)) != SOUK_OK)
		return er;
	return auth_session_new(cx, ac, kind, ac->stage, token);
}

/* Every session and unused reset link of the account end. */
enum souk_err
auth_account_reset(const struct auth_cx *cx, int64_t id)
{
	struct db_arg	 v = DB_S("password_reset");
	enum souk_err	 er;

	if ((er = auth_exec(cx, AUTH_ST_LINKS_END, &v, 1, id, NULL)) !=
	    SOUK_OK)
		return er;
	return auth_sessions_end(cx, id);
}

struct pw_change {
	const struct auth_cx	*cx;
	int64_t			 id;
	const char		*password;
};

static enum souk_err
pw_change_tx(struct db *db, void *arg)
{
	struct pw_change	*c = arg;
	struct auth_cx		 cx = *c->cx;
	enum souk_err		 er;

	cx.db = db;
	if ((er = password_store(&cx, c->id, c->password)) != SOUK_OK)
		return er;
	return auth_account_reset(&cx, c->id);
}

enum souk_err
auth_password_change(const struct auth_cx *cx, const struct auth_account *ac,
    const char *current, const char *password, struct souk_why *why)
{
	struct pw_change	 c = { cx, ac->id, password };
	struct auth_account	 me;
	const char		*hash, *weak;
	enum souk_err		 er;
	int			 stronger;

	er = account_lookup(cx, NULL, ac->id, &me, &hash);
	if (er == SOUK_NOTFOUND || (er == SOUK_OK && hash == NULL))
		return souk_why_set(why, SOUK_UNAUTHORIZED, "current",
		    "is not your password");
	if (er != SOUK_OK)
		return er;
	if (sec_password_check(hash, current != NULL ? current : "",
	    &stronger) != SOUK_OK)
		return souk_why_set(why, SOUK_UNAUTHORIZED, "current",
		    "is not your password");
	if ((weak = sec_password_weak(password != NULL ? password : "",
	    cx->p->pw_min)) != NULL)
		return souk_why_set(why, SOUK_INVALID, "password", weak);
	if ((er = db_tx(cx->db, pw_change_tx, &c)) == SOUK_OK)
		auth_sessions_stale(cx);
	return er;
}

/* One field of the account's own (st: one value; owner), NULL for none. */
static enum souk_err
account_field_set(const struct auth_cx *cx, enum auth_st st, int64_t id,
    const char *value)
{
	struct db_arg	 v = value != NULL ? DB_S(value) : DB_NUL;
	enum souk_err	 er;

	if ((er = auth_exec(cx, st, &v, 1, id, NULL)) == SOUK_OK)
		auth_sessions_stale(cx);	/* cached records hold it */
	return er;
}

enum souk_err
auth_lang_set(const struct auth_cx *cx, int64_t id, const char *lang,
    struct souk_why *why)
{
	const char	*l = lang != NULL && *lang != '\0' ?
	    i18n_lang_find(lang) : NULL;

	if (cx->p->st[AUTH_ST_LANG] < 0)
		return SOUK_NOTFOUND;
	if (l == NULL && lang != NULL && *lang != '\0')
		return souk_why_set(why, SOUK_INVALID, "language",
		    N_("is not a language Souk speaks"));
	return account_field_set(cx, AUTH_ST_LANG, id, l);
}

enum souk_err
auth_zone_set(const struct auth_cx *cx, int64_t id, const char *zone,
    struct souk_why *why)
{
	int	 none = zone == NULL || *zone == '\0' || str_eq(zone, "UTC");

	if (cx->p->st[AUTH_ST_ZONE] < 0)
		return SOUK_NOTFOUND;
	if (!none && !fmt_zone_ok(zone))
		return souk_why_set(why, SOUK_INVALID, "time_zone",
		    N_("is not a time zone (e.g. UTC or Europe/Berlin)"));
	return account_field_set(cx, AUTH_ST_ZONE, id, none ? NULL : zone);
}

enum souk_err
auth_name_set(const struct auth_cx *cx, int64_t id, const char *name,
    struct souk_why *why)
{
	if (name == NULL || !valid_check(VALID_LINE, name, 0, AUTH_NAME_MAX))
		return souk_why_set(why, SOUK_INVALID, "name",
		    N_("has at most 200 characters on one line"));
	return account_field_set(cx, AUTH_ST_NAME, id, name);
}
