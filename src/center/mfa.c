/*
 * Two-factor sign-in for platform admins: sec/mfa.c over Center's
 * statements, with the admin's id as the owner's key.
 */
#include <string.h>

#include "center/center.h"
#include "sec/sec.h"

#define ISSUER	"Souk Center"

static void
admin_mfa(struct db *db, struct arena *a, const char *master, int64_t admin,
    struct sec_mfa *m)
{
	memset(m, 0, sizeof(*m));
	m->db = db;
	m->st[SEC_MFA_GET] = CTR_MFA_GET;
	m->st[SEC_MFA_STEP] = CTR_MFA_STEP;
	m->st[SEC_MFA_PENDING] = CTR_MFA_PENDING;
	m->st[SEC_MFA_ENABLE] = CTR_MFA_ENABLE;
	m->st[SEC_MFA_RC_CLEAR] = CTR_RECOVERY_CLEAR;
	m->st[SEC_MFA_RC_INSERT] = CTR_RECOVERY_INSERT;
	m->st[SEC_MFA_RC_USE] = CTR_RECOVERY_USE;
	m->st[SEC_MFA_RC_LEFT] = CTR_RECOVERY_LEFT;
	m->owner[0] = DB_I(admin);
	m->nowner = 1;
	m->label = arena_printf(a, "totp:admin:%lld", (long long)admin);
	m->master = master;
}

enum souk_err
ctr_mfa_check(struct db *db, struct arena *a, const char *master,
    int64_t admin, const char *code)
{
	struct sec_mfa	 m;

	admin_mfa(db, a, master, admin, &m);
	return sec_mfa_check(&m, a, code);
}

enum souk_err
ctr_mfa_begin(struct db *db, struct arena *a, const char *master,
    const struct ctr_admin *ad, const char **secret, const char **uri)
{
	struct sec_mfa	 m;

	admin_mfa(db, a, master, ad->id, &m);
	return sec_mfa_begin(&m, a, ISSUER, ad->email, secret, uri);
}

const char *
ctr_mfa_pending(struct db *db, struct arena *a, const char *master,
    int64_t admin)
{
	struct sec_mfa	 m;

	admin_mfa(db, a, master, admin, &m);
	return sec_mfa_pending(&m, a);
}

enum souk_err
ctr_recovery_new(struct db *db, struct arena *a, int64_t admin,
    const char **codes)
{
	struct sec_mfa	 m;

	admin_mfa(db, a, NULL, admin, &m);
	return sec_recovery_replace(&m, a, codes);
}

enum souk_err
ctr_mfa_confirm(struct db *db, struct arena *a, const char *master,
    int64_t admin, const char *code, const char **codes)
{
	struct sec_mfa	 m;
	enum souk_err	 er;

	admin_mfa(db, a, master, admin, &m);
	if ((er = sec_mfa_confirm(&m, a, code, codes)) == SOUK_OK)
		sec_sess_bump(a, "center");	/* cached records hold it */
	return er;
}

int64_t
ctr_recovery_left(struct db *db, struct arena *a, int64_t admin)
{
	struct sec_mfa	 m;

	admin_mfa(db, a, NULL, admin, &m);
	return sec_recovery_left(&m, a);
}
