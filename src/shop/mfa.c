/*
 * Optional two-factor sign-in for shop staff: sec/mfa.c over the shop's
 * statements, with (tenant, staff id) as the owner's key.  A change
 * makes the shop's cached session records stale (they hold "mfa_on").
 */
#include <string.h>

#include "sec/sec.h"
#include "shop/shop.h"

static void
staff_mfa(struct db *db, struct arena *a, const char *master, int64_t tenant,
    int64_t staff, struct sec_mfa *m)
{
	memset(m, 0, sizeof(*m));
	m->db = db;
	m->st[SEC_MFA_GET] = SQL_STAFF_MFA_GET;
	m->st[SEC_MFA_STEP] = SQL_STAFF_MFA_STEP;
	m->st[SEC_MFA_PENDING] = SQL_STAFF_MFA_PENDING;
	m->st[SEC_MFA_ENABLE] = SQL_STAFF_MFA_ENABLE;
	m->st[SEC_MFA_RC_CLEAR] = SQL_STAFF_RC_CLEAR;
	m->st[SEC_MFA_RC_INSERT] = SQL_STAFF_RC_INSERT;
	m->st[SEC_MFA_RC_USE] = SQL_STAFF_RC_USE;
	m->st[SEC_MFA_RC_LEFT] = SQL_STAFF_RC_LEFT;
	m->owner[0] = DB_I(tenant);
	m->owner[1] = DB_I(staff);
	m->nowner = 2;
	m->label = arena_printf(a, "totp:staff:%lld:%lld", (long long)tenant,
	    (long long)staff);
	m->master = master;
}

enum souk_err
shop_mfa_check(struct db *db, struct arena *a, const char *master,
    int64_t tenant, int64_t staff, const char *code)
{
	struct sec_mfa	 m;

	staff_mfa(db, a, master, tenant, staff, &m);
	return sec_mfa_check(&m, a, code);
}

enum souk_err
shop_mfa_begin(struct db *db, struct arena *a, const char *master,
    int64_t tenant, const struct shop_account *ac, const char *issuer,
    const char **secret, const char **uri)
{
	struct sec_mfa	 m;

	staff_mfa(db, a, master, tenant, ac->id, &m);
	return sec_mfa_begin(&m, a, issuer, ac->email, secret, uri);
}

const char *
shop_mfa_pending(struct db *db, struct arena *a, const char *master,
    int64_t tenant, int64_t staff)
{
	struct sec_mfa	 m;

	staff_mfa(db, a, master, tenant, staff, &m);
	return sec_mfa_pending(&m, a);
}

enum souk_err
shop_mfa_confirm(struct db *db, struct arena *a, const char *master,
    int64_t tenant, int64_t staff, const char *code, const char **codes)
{
	struct sec_mfa	 m;
	enum souk_err	 er;

	staff_mfa(db, a, master, tenant, staff, &m);
	if ((er = sec_mfa_confirm(&m, a, code, codes)) == SOUK_OK)
		shop_sessions_bump(a, tenant);
	return er;
}

struct off {
	struct arena	*a;
	int64_t		 tenant;
	int64_t		 staff;
};

static enum souk_err
off_tx(struct db *db, void *arg)
{
	struct off	*o = arg;
	struct db_arg	 args[] = { DB_I(o->tenant), DB_I(o->staff) };
	enum souk_err	 er;

	if ((er = db_exec(db, o->a, SQL_STAFF_MFA_OFF, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return db_exec(db, o->a, SQL_STAFF_RC_CLEAR, args, 2, NULL);
}

enum souk_err
shop_mfa_off(struct db *db, struct arena *a, int64_t tenant, int64_t staff)
{
	struct off	 o = { a, tenant, staff };
	enum souk_err	 er;

	if ((er = db_tx(db, off_tx, &o)) == SOUK_OK)
		shop_sessions_bump(a, tenant);
	return er;
}

enum souk_err
shop_recovery_new(struct db *db, struct arena *a, int64_t tenant,
    int64_t staff, const char **codes)
{
	struct sec_mfa	 m;

	staff_mfa(db, a, NULL, tenant, staff, &m);
	return sec_recovery_replace(&m, a, codes);
}

int64_t
shop_recovery_left(struct db *db, struct arena *a, int64_t tenant,
    int64_t staff)
{
	struct sec_mfa	 m;

	staff_mfa(db, a, NULL, tenant, staff, &m);
	return sec_recovery_left(&m, a);
}
