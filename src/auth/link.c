/*
 * Single-use links sent by mail or handed over: an invitation to set a
 * password, a password reset, an e-mail verification.  Like sessions,
 * only a link's SHA-256 is stored; a link works once, before it
 * expires, for its purpose and its tenant.  A link is spent in the
 * transaction that writes its effect, so it is never used up for
 * nothing.  A completed reset or a password change ends every other
 * unused reset link of the account.
 */
#include <string.h>

#include "auth/auth_int.h"

enum souk_err
auth_link_new(const struct auth_cx *cx, int64_t id, const char *purpose,
    int ttl, const char **token)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_token_new(cx->a, cx->p->link_prefix, token, &hash)) !=
	    SOUK_OK)
		return er;
	{
		struct db_arg v[] = { DB_S(hash), DB_S(purpose), DB_I(ttl) };

		return auth_exec(cx, AUTH_ST_LINK_NEW, v, 3, id, NULL);
	}
}

/*
 * The account a live link (by hash) of purpose is for; 0 if none.  An
 * invitation is for an invited account only: once one link of it is
 * accepted, the others are worth nothing.
 */
static int64_t
link_account(const struct auth_cx *cx, const char *purpose, const char *hash)
{
	struct db_arg	 v[] = { DB_S(hash), DB_S(purpose) };
	struct db_res	 res;

	if (hash == NULL || auth_exec(cx, AUTH_ST_LINK, v, 2, 0, &res) !=
	    SOUK_OK || res.nrows != 1)
		return 0;
	if (str_eq(purpose, cx->p->invite_purpose) &&
	    !str_eq(db_cell(&res, 0, 1), "invited"))
		return 0;
	return db_cell_i64(&res, 0, 0);
}

int
auth_link_ok(const struct auth_cx *cx, const char *purpose,
    const char *token, int64_t *id)
{
	*id = link_account(cx, purpose, sec_token_hash(cx->a,
	    cx->p->link_prefix, token));
	return *id != 0;
}

struct spend {
	const struct auth_cx	*cx;
	const char		*purpose;
	const char		*hash;		/* of the link */
	const char		*pw_hash;	/* NULL: verify the e-mail */
	const char		*name;		/* NULL: keep */
};

/* Use the link: the account it was for, or 0. */
static int64_t
spend_link(const struct auth_cx *cx, const struct spend *s)
{
	struct db_arg	 v[] = { DB_S(s->hash), DB_S(s->purpose) };
	struct db_res	 res;
	int64_t		 id = link_account(cx, s->purpose, s->hash);

	if (id == 0 || auth_exec(cx, AUTH_ST_LINK_USE, v, 2, 0, &res) !=
	    SOUK_OK || res.affected != 1)
		return 0;
	return id;
}

static enum souk_err
spend_tx(struct db *db, void *arg)
{
	struct spend	*s = arg;
	struct auth_cx	 cx = *s->cx;
	struct db_res	 res;
	int64_t		 id;
	enum souk_err	 er;

	cx.db = db;
	if ((id = spend_link(&cx, s)) == 0)
		return SOUK_NOTFOUND;
	if (s->pw_hash == NULL)
		return auth_exec(&cx, AUTH_ST_VERIFIED, NULL, 0, id, NULL);
	{
		struct db_arg v = DB_S(s->pw_hash);

		if ((er = auth_exec(&cx, AUTH_ST_PASSWORD, &v, 1, id, &res)) !=
		    SOUK_OK)
			return er;
		if (res.affected != 1)
			return SOUK_NOTFOUND;	/* disabled meanwhile */
	}
	if (s->name != NULL) {
		struct db_arg v = DB_S(s->name);

		if ((er = auth_exec(&cx, AUTH_ST_NAME, &v, 1, id, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return auth_account_reset(&cx, id);
}

enum souk_err
auth_link_password(const struct auth_cx *cx, const char *purpose,
    const char *token, const char *password, const char *name,
    struct souk_why *why)
{
	struct spend	 s = { cx, purpose, NULL, NULL, name };
	const char	*weak;
	enum souk_err	 er;

	if ((s.hash = sec_token_hash(cx->a, cx->p->link_prefix, token)) ==
	    NULL)
		return SOUK_NOTFOUND;
	if (name != NULL && !valid_check(VALID_LINE, name, 0, AUTH_NAME_MAX))
		return souk_why_set(why, SOUK_INVALID, "name",
		    N_("has at most 200 characters on one line"));
	if ((weak = sec_password_weak(password != NULL ? password : "",
	    cx->p->pw_min)) != NULL)
		return souk_why_set(why, SOUK_INVALID, "password", weak);
	if ((er = sec_password_hash(cx->a, password, &s.pw_hash)) != SOUK_OK)
		return er;
	if ((er = db_tx(cx->db, spend_tx, &s)) == SOUK_OK)
		auth_sessions_stale(cx);
	return er;
}

enum souk_err
auth_link_verify(const struct auth_cx *cx, const char *token)
{
	struct spend	 s = { cx, "email_verification", NULL, NULL, NULL };
	enum souk_err	 er;

	if ((s.hash = sec_token_hash(cx->a, cx->p->link_prefix, token)) ==
	    NULL)
		return SOUK_NOTFOUND;
	if ((er = db_tx(cx->db, spend_tx, &s)) == SOUK_OK)
		auth_sessions_stale(cx);	/* records hold "verified" */
	return er;
}
