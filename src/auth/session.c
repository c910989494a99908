/*
 * Sessions: a random 256-bit token (with the plane's prefix) shown once
 * to its owner, stored only as its SHA-256.  A session ends when unused
 * for the plane's idle time, after its lifetime, at sign-out, and with
 * every change to its account that matters (password, role, status).
 * A session waiting for its second factor lives AUTH_STAGE_S and serves
 * only to send the code.
 */
#include <string.h>

#include "auth/auth_int.h"

uint64_t
auth_perm_bits(const struct auth_plane *p, const char *list)
{
	uint64_t	 bits = 0;
	int		 i;

	for (i = 1; i < p->nperms && i < 64; i++)
		if (str_list_has(list, p->perms[i]))
			bits |= (uint64_t)1 << i;
	return bits;
}

enum souk_err
auth_session_new(const struct auth_cx *cx, struct auth_account *ac,
    const char *kind, int stage, const char **token)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_token_new(cx->a, cx->p->prefix, token, &hash)) !=
	    SOUK_OK)
		return er;
	ac->stage = stage;
	{
		struct db_arg old = DB_I(cx->p->idle_s);
		struct db_arg v[] = { DB_S(hash), DB_S(kind),
		    DB_S(auth_stage_name(stage)), DB_I(stage == AUTH_FULL ?
		    cx->p->life_s : AUTH_STAGE_S) };

		(void)auth_exec(cx, AUTH_ST_SESSIONS_OLD, &old, 1, ac->id,
		    NULL);
		return auth_exec(cx, AUTH_ST_SESSION_NEW, v, 4, ac->id, NULL);
	}
}

static int
stage_of(const char *name)
{
	if (str_eq(name, "mfa"))
		return AUTH_MFA;
	if (str_eq(name, "enroll"))
		return AUTH_ENROLL;
	return AUTH_FULL;
}

/* A SESSION row into out. */
static void
session_row(const struct auth_cx *cx, const struct db_res *res,
    struct auth_account *out)
{
	auth_account_row(cx, res, out);
	if (db_cell(res, 0, 4) != NULL)
		out->permissions = db_cell(res, 0, 4);
	out->perms = auth_perm_bits(cx->p, out->permissions);
	out->verified = (int)db_cell_i64(res, 0, 5);
	out->stage = stage_of(db_cell(res, 0, 7));
	out->mfa_on = (int)db_cell_i64(res, 0, 8);
	out->mfa_required = (int)db_cell_i64(res, 0, 9);
	out->lang = i18n_lang_find(db_cell(res, 0, 10));
	out->zone = db_cell(res, 0, 11);
}

enum souk_err
auth_session(const struct auth_cx *cx, const char *token,
    struct auth_account *out)
{
	const char	*hash, *epoch;
	struct db_res	 res;
	enum souk_err	 er;
	int		 hit;

	if ((hash = sec_token_hash(cx->a, cx->p->prefix, token)) == NULL)
		return SOUK_UNAUTHORIZED;
	if ((hit = auth_sess_cached(cx, hash, &res, &epoch)) == 0) {
		struct db_arg v[] = { DB_S(hash), DB_I(cx->p->idle_s) };

		if ((er = auth_exec(cx, AUTH_ST_SESSION, v, 2, 0, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (res.nrows != 1 || res.ncols < 10)	/* + language, time zone */
		return SOUK_UNAUTHORIZED;
	if (!hit)
		auth_sess_cache(cx, hash, epoch, &res);
	session_row(cx, &res, out);
	if (!hit && db_cell_i64(&res, 0, 6)) {	/* idle clock: once a minute */
		struct db_arg v = DB_S(hash);

		(void)auth_exec(cx, AUTH_ST_SESSION_TOUCH, &v, 1, 0, NULL);
	}
	return SOUK_OK;
}

enum souk_err
auth_sign_out(const struct auth_cx *cx, const char *token)
{
	const char	*hash;
	struct db_res	 res;
	enum souk_err	 er;

	if ((hash = sec_token_hash(cx->a, cx->p->prefix, token)) == NULL)
		return SOUK_NOTFOUND;
	{
		struct db_arg v = DB_S(hash);

		if ((er = auth_exec(cx, AUTH_ST_SESSION_END, &v, 1, 0,
		    &res)) != SOUK_OK)
			return er;
	}
	auth_sessions_stale(cx);
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

enum souk_err
auth_session_promote(const struct auth_cx *cx, const char *old,
    const char *kind, struct auth_account *ac, const char **token)
{
	enum souk_err	 er;

	if ((er = auth_sign_out(cx, old)) != SOUK_OK && er != SOUK_NOTFOUND)
		return er;
	return auth_session_new(cx, ac, kind, AUTH_FULL, token);
}

enum souk_err
auth_sessions_end(const struct auth_cx *cx, int64_t id)
{
	enum souk_err	 er;

	/*
	 * Inside a caller's transaction the new epoch comes before the
	 * commit: a reader may then cache a row the commit deletes, for
	 * SESS_TTL at most.  So the callers that commit later make the
	 * records stale again.
	 */
	if ((er = auth_exec(cx, AUTH_ST_SESSIONS_END, NULL, 0, id, NULL)) ==
	    SOUK_OK)
		auth_sessions_stale(cx);
	return er;
}
