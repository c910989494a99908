/*
 * Two-factor sign-in, for whoever has it (platform admins, shop staff):
 * TOTP secrets sealed with the totp key (the label binds a secret to
 * its owner), each code good once (the last step only moves forward, by
 * a conditional UPDATE), and ten single-use recovery codes stored as
 * their SHA-256.  The caller's struct sec_mfa names its statements; each
 * takes its own values first and the owner's key (owner[]) last.
 */
#include <string.h>

#include <json-c/json.h>

#include "sec/sec.h"

/* Bind vals then the owner's key into args (at most 6 in all). */
static size_t
bind(const struct sec_mfa *m, const struct db_arg *vals, size_t n,
    struct db_arg *args)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		args[i] = vals[i];
	for (i = 0; i < m->nowner; i++)
		args[n + i] = m->owner[i];
	return n + m->nowner;
}

static enum souk_err
run(const struct sec_mfa *m, struct arena *a, int stmt,
    const struct db_arg *vals, size_t n, struct db_res *res)
{
	struct db_arg	 args[8];

	return db_exec(m->db, a, stmt, args, bind(m, vals, n, args), res);
}

/* Secret (sealed column col of get: 0 on, 1 pending) and last step. */
static const char *
mfa_secret(const struct sec_mfa *m, struct arena *a, size_t col,
    int64_t *last, const char **sealed)
{
	struct db_res	 res;

	if (run(m, a, m->st[SEC_MFA_GET], NULL, 0, &res) != SOUK_OK ||
	    res.nrows != 1 || db_cell(&res, 0, col) == NULL)
		return NULL;
	*last = db_cell_i64(&res, 0, 2);
	if (sealed != NULL)
		*sealed = db_cell(&res, 0, col);
	return sec_secret_open(a, SEC_KEY_TOTP, m->label,
	    db_cell(&res, 0, col));
}

int
sec_totp_code_ok(const char *code)
{
	return code != NULL && strlen(code) == 6 &&
	    strspn(code, "0123456789") == 6;
}

static enum souk_err
recovery_use(const struct sec_mfa *m, struct arena *a, const char *code)
{
	const char	*hash = sec_recovery_code_hash(a, code);
	struct db_arg	 v;
	struct db_res	 res;
	enum souk_err	 er;

	if (hash == NULL)
		return SOUK_UNAUTHORIZED;
	v = DB_S(hash);
	if ((er = run(m, a, m->st[SEC_MFA_RC_USE], &v, 1, &res)) != SOUK_OK)
		return er;
	return res.affected == 1 ? SOUK_OK : SOUK_UNAUTHORIZED;
}

enum souk_err
sec_mfa_check(const struct sec_mfa *m, struct arena *a, const char *code)
{
	const char	*secret;
	int64_t		 last, step;
	struct db_res	 res;
	enum souk_err	 er;

	if (code == NULL)
		return SOUK_UNAUTHORIZED;
	if (!sec_totp_code_ok(code))
		return recovery_use(m, a, code);
	if ((secret = mfa_secret(m, a, 0, &last, NULL)) == NULL ||
	    !sec_totp_check(a, secret, code, time_unix(), last, &step))
		return SOUK_UNAUTHORIZED;
	{
		/* Two requests with one code: only one moves the step. */
		struct db_arg v[] = { DB_I(step), DB_I(step) };

		if ((er = run(m, a, m->st[SEC_MFA_STEP], v, 2, &res)) !=
		    SOUK_OK)
			return er;
	}
	return res.affected == 1 ? SOUK_OK : SOUK_UNAUTHORIZED;
}

enum souk_err
sec_mfa_begin(const struct sec_mfa *m, struct arena *a, const char *issuer,
    const char *account, const char **secret, const char **uri)
{
	const char	*sealed;
	struct db_arg	 v;

	if ((*secret = sec_totp_secret_new(a)) == NULL ||
	    (*uri = sec_totp_uri(a, issuer, account, *secret)) == NULL ||
	    (sealed = sec_secret_seal(a, SEC_KEY_TOTP, m->label, *secret)) ==
	    NULL)
		return SOUK_ENOMEM;
	v = DB_S(sealed);
	return run(m, a, m->st[SEC_MFA_PENDING], &v, 1, NULL);
}

const char *
sec_mfa_pending(const struct sec_mfa *m, struct arena *a)
{
	int64_t		 last;

	return mfa_secret(m, a, 1, &last, NULL);
}

enum souk_err
sec_recovery_new(const struct sec_mfa *m, struct arena *a,
    const char **codes)
{
	const char	*hash;
	enum souk_err	 er;
	struct db_arg	 v;
	size_t		 i;

	if ((er = run(m, a, m->st[SEC_MFA_RC_CLEAR], NULL, 0, NULL)) !=
	    SOUK_OK)
		return er;
	for (i = 0; i < SEC_RECOVERY_CODES; i++) {
		if ((codes[i] = sec_recovery_code_new(a)) == NULL ||
		    (hash = sec_recovery_code_hash(a, codes[i])) == NULL)
			return SOUK_ENOMEM;
		v = DB_S(hash);
		if ((er = run(m, a, m->st[SEC_MFA_RC_INSERT], &v, 1, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return SOUK_OK;
}

struct replace {
	const struct sec_mfa	*m;
	struct arena		*a;
	const char		**codes;
};

static enum souk_err
replace_tx(struct db *db, void *arg)
{
	struct replace	*c = arg;
	struct sec_mfa	 m = *c->m;

	m.db = db;
	return sec_recovery_new(&m, c->a, c->codes);
}

enum souk_err
sec_recovery_replace(const struct sec_mfa *m, struct arena *a,
    const char **codes)
{
	struct replace	 c = { m, a, codes };

	return db_tx(m->db, replace_tx, &c);
}

struct confirm {
	const struct sec_mfa	*m;
	struct arena		*a;
	const char		*code;
	const char		**codes;
};

static enum souk_err
confirm_tx(struct db *db, void *arg)
{
	struct confirm	*c = arg;
	struct sec_mfa	 m = *c->m;
	const char	*secret, *sealed;
	int64_t		 last, step;
	struct db_res	 res;
	enum souk_err	 er;

	m.db = db;
	if ((secret = mfa_secret(&m, c->a, 1, &last, &sealed)) == NULL)
		return SOUK_NOTFOUND;
	if (!sec_totp_check(c->a, secret, c->code, time_unix(), 0, &step))
		return SOUK_UNAUTHORIZED;
	{
		struct db_arg v[] = { DB_I(step), DB_S(sealed) };

		if ((er = run(&m, c->a, m.st[SEC_MFA_ENABLE], v, 2, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (res.affected != 1)
		return SOUK_NOTFOUND;
	return sec_recovery_new(&m, c->a, c->codes);
}

enum souk_err
sec_mfa_confirm(const struct sec_mfa *m, struct arena *a, const char *code,
    const char **codes)
{
	struct confirm	 c = { m, a, code, codes };

	return db_tx(m->db, confirm_tx, &c);
}

int64_t
sec_recovery_left(const struct sec_mfa *m, struct arena *a)
{
	struct db_res	 res;

	if (run(m, a, m->st[SEC_MFA_RC_LEFT], NULL, 0, &res) != SOUK_OK ||
	    res.nrows != 1)
		return -1;
	return db_cell_i64(&res, 0, 0);
}

struct json_object *
sec_recovery_json(const char **codes, int objects)
{
	struct json_object	*list = json_object_new_array(), *c;
	size_t			 i;

	for (i = 0; list != NULL && i < SEC_RECOVERY_CODES; i++) {
		c = json_object_new_string(codes[i]);
		if (objects) {
			struct json_object *o = json_object_new_object();

			if (o != NULL)
				json_object_object_add(o, "code", c);
			c = o;
		}
		json_object_array_add(list, c);
	}
	return list;
}
