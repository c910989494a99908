/*
 * Two-factor sign-in of an account: sec/mfa.c (TOTP codes that work
 * once, recovery codes) over the plane's statements, with the
 * account's key (tenant, id) as the owner.  A change makes the cached
 * session records stale (they hold "mfa_on").
 */
#include <string.h>

#include "auth/auth_int.h"

static void
mfa_of(const struct auth_cx *cx, int64_t id, struct sec_mfa *m)
{
	int	 i;

	memset(m, 0, sizeof(*m));
	m->db = cx->db;
	for (i = 0; i < SEC_MFA__MAX; i++)
		m->st[i] = cx->p->st[AUTH_ST_MFA_GET + i];
	if (cx->p->scoped) {
		m->owner[m->nowner++] = DB_I(cx->tenant);
		m->label = arena_printf(cx->a, "totp:%s:%lld:%lld",
		    cx->p->name, (long long)cx->tenant, (long long)id);
	} else
		m->label = arena_printf(cx->a, "totp:%s:%lld", cx->p->name,
		    (long long)id);
	m->owner[m->nowner++] = DB_I(id);
}

enum souk_err
auth_mfa_check(const struct auth_cx *cx, int64_t id, const char *code)
{
	struct sec_mfa	 m;

	mfa_of(cx, id, &m);
	return sec_mfa_check(&m, cx->a, code);
}

enum souk_err
auth_mfa_secret(const struct auth_cx *cx, const struct auth_account *ac,
    const char *issuer, int fresh, const char **secret, const char **uri)
{
	struct sec_mfa	 m;

	mfa_of(cx, ac->id, &m);
	if (!fresh && (*secret = sec_mfa_pending(&m, cx->a)) != NULL) {
		*uri = sec_totp_uri(cx->a, issuer, ac->email, *secret);
		return *uri != NULL ? SOUK_OK : SOUK_ENOMEM;
	}
	return sec_mfa_begin(&m, cx->a, issuer, ac->email, secret, uri);
}

enum souk_err
auth_mfa_confirm(const struct auth_cx *cx, int64_t id, const char *code,
    const char **codes)
{
	struct sec_mfa	 m;
	enum souk_err	 er;

	mfa_of(cx, id, &m);
	if ((er = sec_mfa_confirm(&m, cx->a, code, codes)) == SOUK_OK)
		auth_sessions_stale(cx);
	return er;
}

struct off {
	const struct auth_cx	*cx;
	int64_t			 id;
};

/* The secret and the recovery codes go together. */
static enum souk_err
off_tx(struct db *db, void *arg)
{
	struct off	*o = arg;
	struct auth_cx	 cx = *o->cx;
	enum souk_err	 er;

	cx.db = db;
	if ((er = auth_exec(&cx, AUTH_ST_MFA_OFF, NULL, 0, o->id, NULL)) !=
	    SOUK_OK)
		return er;
	return auth_exec(&cx, AUTH_ST_RC_CLEAR, NULL, 0, o->id, NULL);
}

enum souk_err
auth_mfa_off(const struct auth_cx *cx, int64_t id)
{
	struct off	 o = { cx, id };
	enum souk_err	 er;

	if ((er = db_tx(cx->db, off_tx, &o)) == SOUK_OK)
		auth_sessions_stale(cx);
	return er;
}

enum souk_err
auth_recovery_new(const struct auth_cx *cx, int64_t id, const char **codes)
{
	struct sec_mfa	 m;

	mfa_of(cx, id, &m);
	return sec_recovery_replace(&m, cx->a, codes);
}

int64_t
auth_recovery_left(const struct auth_cx *cx, int64_t id)
{
	struct sec_mfa	 m;

	mfa_of(cx, id, &m);
	return sec_recovery_left(&m, cx->a);
}
