/*
 * Two-factor sign-in for platform admins: TOTP secrets sealed with the
 * master key (the label binds a secret to its admin), each code good
 * once (totp_last_step only moves forward, by a conditional UPDATE), and
 * ten single-use recovery codes stored as their SHA-256.
 */
#include <string.h>

#include "center/center.h"
#include "sec/sec.h"

#define ISSUER	"Souk Center"

static const char *
seal_label(struct arena *a, int64_t admin)
{
	return arena_printf(a, "totp:admin:%lld", (long long)admin);
}

/* Secret (sealed column col of CTR_MFA_GET) opened, and the last step. */
static const char *
mfa_secret(struct db *db, struct arena *a, const char *master, int64_t admin,
    size_t col, int64_t *last)
{
	struct db_arg	 arg = DB_I(admin);
	struct db_res	 res;

	if (db_exec(db, a, CTR_MFA_GET, &arg, 1, &res) != SOUK_OK ||
	    res.nrows != 1 || db_cell(&res, 0, col) == NULL)
		return NULL;
	*last = db_cell_i64(&res, 0, 2);
	return sec_secret_open(a, master, seal_label(a, admin),
	    db_cell(&res, 0, col));
}

static enum souk_err
recovery_use(struct db *db, struct arena *a, int64_t admin, const char *code)
{
	const char	*hash = sec_recovery_code_hash(a, code);
	struct db_res	 res;
	enum souk_err	 er;

	if (hash == NULL)
		return SOUK_UNAUTHORIZED;
	{
		struct db_arg args[] = { DB_I(admin), DB_S(hash) };

		if ((er = db_exec(db, a, CTR_RECOVERY_USE, args, 2, &res)) !=
		    SOUK_OK)
			return er;
	}
	return res.affected == 1 ? SOUK_OK : SOUK_UNAUTHORIZED;
}

int
ctr_totp_code(const char *code)
{
	return code != NULL && strlen(code) == 6 &&
	    strspn(code, "0123456789") == 6;
}

enum souk_err
ctr_mfa_check(struct db *db, struct arena *a, const char *master,
    int64_t admin, const char *code)
{
	const char	*secret;
	int64_t		 last, step;
	struct db_res	 res;
	enum souk_err	 er;

	if (code == NULL)
		return SOUK_UNAUTHORIZED;
	if (!ctr_totp_code(code))
		return recovery_use(db, a, admin, code);
	if ((secret = mfa_secret(db, a, master, admin, 0, &last)) == NULL ||
	    !sec_totp_check(a, secret, code, time_unix(), last, &step))
		return SOUK_UNAUTHORIZED;
	{
		/* Two requests with one code: only one moves the step. */
		struct db_arg args[] = { DB_I(step), DB_I(admin), DB_I(step) };

		if ((er = db_exec(db, a, CTR_MFA_STEP, args, 3, &res)) !=
		    SOUK_OK)
			return er;
	}
	return res.affected == 1 ? SOUK_OK : SOUK_UNAUTHORIZED;
}

enum souk_err
ctr_mfa_begin(struct db *db, struct arena *a, const char *master,
    const struct ctr_admin *ad, const char **secret, const char **uri)
{
	const char	*sealed;

	if ((*secret = sec_totp_secret_new(a)) == NULL ||
	    (*uri = sec_totp_uri(a, ISSUER, ad->email, *secret)) == NULL ||
	    (sealed = sec_secret_seal(a, master, seal_label(a, ad->id),
	    *secret)) == NULL)
		return SOUK_ENOMEM;
	{
		struct db_arg args[] = { DB_S(sealed), DB_I(ad->id) };

		return db_exec(db, a, CTR_MFA_PENDING, args, 2, NULL);
	}
}

const char *
ctr_mfa_pending(struct db *db, struct arena *a, const char *master,
    int64_t admin)
{
	int64_t		 last;

	return mfa_secret(db, a, master, admin, 1, &last);
}

enum souk_err
ctr_recovery_new(struct db *db, struct arena *a, int64_t admin,
    const char **codes)
{
	struct db_arg	 arg = DB_I(admin);
	enum souk_err	 er;
	size_t		 i;

	if ((er = db_exec(db, a, CTR_RECOVERY_CLEAR, &arg, 1, NULL)) !=
	    SOUK_OK)
		return er;
	for (i = 0; i < SEC_RECOVERY_CODES; i++) {
		struct db_arg args[2];

		if ((codes[i] = sec_recovery_code_new(a)) == NULL)
			return SOUK_ENOMEM;
		args[0] = DB_I(admin);
		args[1] = DB_S(sec_recovery_code_hash(a, codes[i]));
		if (args[1].s == NULL)
			return SOUK_ENOMEM;
		if ((er = db_exec(db, a, CTR_RECOVERY_INSERT, args, 2, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return SOUK_OK;
}

struct confirm {
	struct arena	*a;
	const char	*master;
	int64_t		 admin;
	const char	*code;
	const char	**codes;
};

static enum souk_err
confirm_tx(struct db *db, void *arg)
{
	struct confirm	*c = arg;
	struct db_res	 res, got;
	const char	*secret;
	int64_t		 last, step;
	struct db_arg	 id = DB_I(c->admin);
	enum souk_err	 er;

	if ((secret = mfa_secret(db, c->a, c->master, c->admin, 1, &last)) ==
	    NULL)
		return SOUK_NOTFOUND;
	if (!sec_totp_check(c->a, secret, c->code, time_unix(), 0, &step))
		return SOUK_UNAUTHORIZED;
	if ((er = db_exec(db, c->a, CTR_MFA_GET, &id, 1, &got)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_I(step), DB_I(c->admin),
		    DB_S(db_cell(&got, 0, 1)) };

		if ((er = db_exec(db, c->a, CTR_MFA_ENABLE, args, 3, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (res.affected != 1)
		return SOUK_NOTFOUND;
	return ctr_recovery_new(db, c->a, c->admin, c->codes);
}

enum souk_err
ctr_mfa_confirm(struct db *db, struct arena *a, const char *master,
    int64_t admin, const char *code, const char **codes)
{
	struct confirm	 c = { a, master, admin, code, codes };
	enum souk_err	 er;

	if ((er = db_tx(db, confirm_tx, &c)) == SOUK_OK)
		sec_sess_bump(a, "center");	/* cached records hold it */
	return er;
}

int64_t
ctr_recovery_left(struct db *db, struct arena *a, int64_t admin)
{
	struct db_arg	 arg = DB_I(admin);
	struct db_res	 res;

	if (db_exec(db, a, CTR_RECOVERY_LEFT, &arg, 1, &res) != SOUK_OK ||
	    res.nrows != 1)
		return -1;
	return db_cell_i64(&res, 0, 0);
}
