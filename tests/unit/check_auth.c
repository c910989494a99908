/*
 * auth/ against the dev stack's MariaDB and memcached, on two planes:
 * Center's platform admins (no tenant) and a shop's staff (two tenants
 * with the same e-mail addresses, so that isolation is always under
 * test).  Sign-in, sessions and their MAC'd cache, single-use links,
 * the last-owner rule, two-factor, permissions, and the throttle's
 * windows.
 */
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "stack.h"

#include "auth/auth_web.h"
#include "backoffice/backoffice.h"
#include "center/api.h"
#include "shop/shop.h"

#define T1	9101
#define T2	9102
#define PW	"a long enough passphrase"
#define PW2	"another long passphrase"

enum t_sql { T_DEL_STAFF, T_DEL_SESSIONS, T_DEL_TOKENS, T_DEL_RC,
	T_DEL_TENANTS, T_DEL_ADMINS, T__MAX };

/* Fixtures go again at the end: children first. */
static const struct db_stmt_def t_sql[T__MAX] = {
	{ "del_staff", "DELETE FROM staff WHERE tenant_id IN (?, ?)" },
	{ "del_sessions", "DELETE FROM account_sessions "
	  "WHERE tenant_id IN (?, ?)" },
	{ "del_tokens", "DELETE FROM account_tokens "
	  "WHERE tenant_id IN (?, ?)" },
	{ "del_rc", "DELETE FROM staff_recovery_codes "
	  "WHERE tenant_id IN (?, ?)" },
	{ "del_tenants", "DELETE FROM tenants WHERE id IN (?, ?)" },
	{ "del_admins", "DELETE FROM platform_admins "
	  "WHERE email LIKE 'check-auth-%'" },
};

static struct arena	*ta;
static struct db	*shop, *center;
static struct cache	*mc;
static char		 run[32];

/* A plane's database: tenant 0 on Center. */
static struct auth_cx
cx_of(const struct auth_plane *p, int64_t tenant)
{
	return (struct auth_cx){ p, p->scoped ? shop : center, ta, tenant };
}

static const char *
email(const char *who)
{
	return arena_printf(ta, "check-auth-%s-%s@example.com", who, run);
}

static void
setup(void)
{
	struct db_arg	 t1[] = { DB_I(T1), DB_S("check-auth-one"),
	    DB_S("Auth One"), DB_S("active"), DB_S("USD"), DB_S("#123456"),
	    DB_S("en"), DB_S("UTC") };
	struct db_arg	 t2[] = { DB_I(T2), DB_S("check-auth-two"),
	    DB_S("Auth Two"), DB_S("active"), DB_S("EUR"), DB_S("#654321"),
	    DB_S("de-DE"), DB_S("Europe/Berlin") };

	ta = arena_new(65536, 1 << 24);
	shop = stack_db(conf.shop_db_name, shop_sql, SQL__MAX);
	center = stack_db(conf.center_db_name, center_sql, CTR__MAX);
	mc = stack_cache();
	auth_cache_init(mc);
	snprintf(run, sizeof(run), "%lld", (long long)time_unix() % 1000000);
	ck_assert_int_eq(db_exec(shop, ta, SQL_TENANT_UPSERT, t1, 8, NULL),
	    SOUK_OK);
	ck_assert_int_eq(db_exec(shop, ta, SQL_TENANT_UPSERT, t2, 8, NULL),
	    SOUK_OK);
}

static void
teardown(void)
{
	struct db	*s = stack_db(conf.shop_db_name, t_sql, T__MAX);
	struct db	*c = stack_db(conf.center_db_name, t_sql, T__MAX);
	struct db_arg	 ids[] = { DB_I(T1), DB_I(T2) };
	int		 i;

	for (i = T_DEL_SESSIONS; i <= T_DEL_RC; i++)
		ck_assert_int_eq(db_exec(s, ta, i, ids, 2, NULL), SOUK_OK);
	ck_assert_int_eq(db_exec(s, ta, T_DEL_STAFF, ids, 2, NULL), SOUK_OK);
	ck_assert_int_eq(db_exec(s, ta, T_DEL_TENANTS, ids, 2, NULL),
	    SOUK_OK);
	ck_assert_int_eq(db_exec(c, ta, T_DEL_ADMINS, NULL, 0, NULL),
	    SOUK_OK);
	auth_cache_init(NULL);
	cache_free(mc);
	db_free(s);
	db_free(c);
	db_free(shop);
	db_free(center);
	arena_free(ta);
}

/* A new account of plane p (tenant) with role and password PW. */
static int64_t
account(const struct auth_plane *p, int64_t tenant, const char *who,
    const char *role)
{
	struct auth_cx	 cx = cx_of(p, tenant);
	struct souk_why	 why = { NULL, NULL };
	int64_t		 id = 0;

	ck_assert_int_eq(auth_account_create(&cx, email(who), "", role, PW,
	    &why, &id), SOUK_OK);
	return id;
}

/* A full session of who: its token, the account in ac. */
static const char *
signed_in(const struct auth_plane *p, int64_t tenant, const char *who,
    struct auth_account *ac)
{
	struct auth_cx	 cx = cx_of(p, tenant);
	const char	*token = NULL;

	ck_assert_int_eq(auth_sign_in(&cx, email(who), PW, NULL, "bearer", 0,
	    &token, ac), SOUK_OK);
	return token;
}

/* The same e-mail address in two shops: two accounts, never mixed. */
START_TEST(test_tenants_apart)
{
	struct auth_cx		 c1 = cx_of(&bo_staff, T1);
	struct auth_cx		 c2 = cx_of(&bo_staff, T2);
	struct auth_account	 ac;
	const char		*tok, *tok2;
	int64_t			 id1, id2;

	id1 = account(&bo_staff, T1, "same", "owner");
	id2 = account(&bo_staff, T2, "same", "staff");
	ck_assert_int_ne(id1, id2);
	tok = signed_in(&bo_staff, T1, "same", &ac);
	ck_assert_int_eq(ac.id, id1);
	ck_assert_str_eq(ac.role, "owner");
	ck_assert_int_eq(auth_session(&c2, tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_session(&c1, tok, &ac), SOUK_OK);
	ck_assert_int_eq(ac.tenant, T1);
	/* a password of one shop's account opens nothing in the other */
	ck_assert_int_eq(auth_sign_in(&c2, email("same"), PW2, NULL, "bearer",
	    0, &tok2, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_out(&c2, tok), SOUK_NOTFOUND);
	ck_assert_int_eq(auth_session(&c1, tok, &ac), SOUK_OK);
}
END_TEST

/* Every wrong sign-in is the same answer; roles give permissions. */
START_TEST(test_sign_in_and_permissions)
{
	struct auth_cx		 cx = cx_of(&ctr_admins, 0);
	struct auth_account	 ac;
	const char		*tok;

	account(&ctr_admins, 0, "support", "support");
	ck_assert_int_eq(auth_sign_in(&cx, email("support"), "wrong password",
	    NULL, "bearer", 0, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_in(&cx, email("nobody"), PW, NULL,
	    "bearer", 0, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_in(&cx, "not an address", PW, NULL,
	    "bearer", 0, &tok, &ac), SOUK_UNAUTHORIZED);
	tok = signed_in(&ctr_admins, 0, "support", &ac);
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_OK);
	ck_assert_int_eq(ac.stage, AUTH_FULL);
	ck_assert(auth_can(&ac, CTR_P_TENANTS_READ));
	ck_assert(auth_can(&ac, CTR_P_ADMINS_READ));
	ck_assert(!auth_can(&ac, CTR_P_ADMINS_WRITE));
	ck_assert(!auth_can(&ac, CTR_P_KEYS_MANAGE));
	ck_assert(auth_can(&ac, 0));
	/* an owner must set up two-factor before anything else */
	account(&ctr_admins, 0, "owner", "owner");
	tok = signed_in(&ctr_admins, 0, "owner", &ac);
	ck_assert_int_eq(ac.stage, AUTH_ENROLL);
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_OK);
	ck_assert(!auth_can(&ac, CTR_P_TENANTS_READ));
	ck_assert_int_eq(auth_sign_out(&cx, tok), SOUK_OK);
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_UNAUTHORIZED);
}
END_TEST

/* The memcached key of the cached record of token on Center. */
static const char *
record_key(const char *token)
{
	return arena_printf(ta, "souk:v2:sess:center:%s", sec_token_hash(ta,
	    "sa_", token));
}

/* A forged or altered record in memcached is not believed. */
START_TEST(test_session_cache_forgery)
{
	struct auth_cx		 cx = cx_of(&ctr_admins, 0);
	struct auth_account	 ac;
	const char		*tok, *key, *forged;
	char			*val;
	size_t			 len;

	account(&ctr_admins, 0, "auditor", "auditor");
	tok = signed_in(&ctr_admins, 0, "auditor", &ac);
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_OK);
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_OK);
	key = record_key(tok);
	val = stack_mc_take(ta, key, &len);
	ck_assert_msg(val != NULL, "the second read caches the record");
	ck_assert_ptr_nonnull(strstr(val, "auditor"));
	/* the same record with the role of an owner, the MAC kept */
	forged = arena_strdup(ta, val);
	ck_assert_ptr_nonnull(strstr(forged, "\"auditor\""));
	memcpy(strstr(forged, "\"auditor\""), "\"owner\"  ", 9);
	stack_mc_put(key, forged, strlen(forged));
	ck_assert_int_eq(auth_session(&cx, tok, &ac), SOUK_OK);
	ck_assert_str_eq(ac.role, "auditor");
	ck_assert(!auth_can(&ac, CTR_P_KEYS_MANAGE));
	ck_assert_uint_ge(cache_refused(mc), 1);
	/* a genuine record moved to a token with no session: nobody */
	stack_mc_put(record_key("sa_" "0000000000000000000000000000000000000"
	    "000000000000000000000000000"), val, len);
	ck_assert_int_eq(auth_session(&cx, "sa_00000000000000000000000000000"
	    "000000000000000000000000000000000", &ac), SOUK_UNAUTHORIZED);
}
END_TEST

/* Reset links: once each; a change of password ends the others. */
START_TEST(test_links)
{
	struct auth_cx		 cx = cx_of(&bo_staff, T2);
	struct auth_account	 ac;
	struct souk_why		 why = { NULL, NULL };
	const char		*l1, *l2, *l3;
	int64_t			 id, got;

	id = account(&bo_staff, T2, "links", "staff");
	ck_assert_int_eq(auth_link_new(&cx, id, "password_reset", 60, &l1),
	    SOUK_OK);
	ck_assert_int_eq(auth_link_new(&cx, id, "password_reset", 60, &l2),
	    SOUK_OK);
	ck_assert(auth_link_ok(&cx, "password_reset", l1, &got));
	ck_assert_int_eq(got, id);
	ck_assert(!auth_link_ok(&cx, "staff_invitation", l1, &got));
	{
		struct auth_cx other = cx_of(&bo_staff, T1);

		ck_assert(!auth_link_ok(&other, "password_reset", l1, &got));
	}
	ck_assert_int_eq(auth_link_password(&cx, "password_reset", l1, "short",
	    NULL, &why), SOUK_INVALID);
	ck_assert_str_eq(why.field, "password");
	ck_assert(auth_link_ok(&cx, "password_reset", l1, &got));
	ck_assert_int_eq(auth_link_password(&cx, "password_reset", l1, PW2,
	    NULL, &why), SOUK_OK);
	ck_assert_int_eq(auth_link_password(&cx, "password_reset", l1, PW2,
	    NULL, &why), SOUK_NOTFOUND);
	ck_assert_msg(!auth_link_ok(&cx, "password_reset", l2, &got),
	    "a completed reset ends the other reset links");
	/* a password change does the same */
	ck_assert_int_eq(auth_link_new(&cx, id, "password_reset", 60, &l3),
	    SOUK_OK);
	ck_assert_int_eq(auth_account_by_email(&cx, email("links"), &ac),
	    SOUK_OK);
	ck_assert_int_eq(auth_password_change(&cx, &ac, PW, PW, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_password_change(&cx, &ac, PW2, PW, &why),
	    SOUK_OK);
	ck_assert(!auth_link_ok(&cx, "password_reset", l3, &got));
}
END_TEST

/* A plane always keeps an active owner. */
START_TEST(test_last_owner)
{
	struct auth_cx	 cx = cx_of(&bo_staff, T1);
	struct souk_why	 why = { NULL, NULL };
	int64_t		 o1, o2;

	o1 = account(&bo_staff, T1, "owner1", "owner");
	ck_assert_int_eq(auth_member_change(&cx, o1, "manager", NULL,
	    AUTH_NO_LIMIT, &why), SOUK_CONFLICT);
	ck_assert_int_eq(auth_member_change(&cx, o1, NULL, "disabled",
	    AUTH_NO_LIMIT, &why), SOUK_CONFLICT);
	ck_assert_ptr_nonnull(strstr(why.msg, "active owner"));
	o2 = account(&bo_staff, T1, "owner2", "owner");
	ck_assert_int_eq(auth_member_change(&cx, o1, "manager", NULL,
	    AUTH_NO_LIMIT, &why), SOUK_OK);
	ck_assert_int_eq(auth_member_change(&cx, o2, "staff", NULL,
	    AUTH_NO_LIMIT, &why), SOUK_CONFLICT);
	ck_assert_int_eq(auth_member_change(&cx, o2, "chief", NULL,
	    AUTH_NO_LIMIT, &why), SOUK_INVALID);
	ck_assert_str_eq(why.field, "role");
	/* the other shop's member is no member here */
	ck_assert_int_eq(auth_member_change(&cx, account(&bo_staff, T2,
	    "elsewhere", "staff"), NULL, "disabled", AUTH_NO_LIMIT, &why),
	    SOUK_NOTFOUND);
}
END_TEST

/* The current TOTP code of a base32 secret. */
static const char *
code_now(const char *secret, int64_t step)
{
	return sec_totp_code(ta, secret, time_unix() / SEC_TOTP_STEP + step);
}

/* Two-factor: a session waits for its code; the API wants it at once. */
START_TEST(test_two_factor)
{
	struct auth_cx		 cx = cx_of(&bo_staff, T2);
	struct auth_account	 ac;
	const char		*secret, *uri, *tok, *codes[SEC_RECOVERY_CODES];
	int64_t			 id;

	id = account(&bo_staff, T2, "mfa", "manager");
	signed_in(&bo_staff, T2, "mfa", &ac);
	ck_assert_int_eq(auth_mfa_secret(&cx, &ac, "Check", 1, &secret, &uri),
	    SOUK_OK);
	ck_assert_int_eq(auth_mfa_confirm(&cx, id, code_now(secret, 0), codes),
	    SOUK_OK);
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, NULL, "cookie", 0,
	    &tok, &ac), SOUK_OK);
	ck_assert_int_eq(ac.stage, AUTH_MFA);
	ck_assert(!auth_can(&ac, 0));	/* a session awaiting its code */
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, NULL, "bearer",
	    AUTH_SIGNIN_NO_STAGE, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, "000000",
	    "bearer", AUTH_SIGNIN_NO_STAGE, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, codes[0],
	    "bearer", AUTH_SIGNIN_NO_STAGE, &tok, &ac), SOUK_OK);
	ck_assert_int_eq(ac.stage, AUTH_FULL);
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, codes[0],
	    "bearer", 0, &tok, &ac), SOUK_UNAUTHORIZED);	/* spent */
	ck_assert_int_eq(auth_recovery_left(&cx, id), SEC_RECOVERY_CODES - 1);
	/* a throttled sign-in goes through only with a second factor */
	ck_assert_int_eq(auth_sign_in(&cx, email("links-none"), PW, codes[1],
	    "bearer", AUTH_SIGNIN_CODE, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_sign_in(&cx, email("mfa"), PW, codes[1],
	    "bearer", AUTH_SIGNIN_CODE, &tok, &ac), SOUK_OK);
	account(&bo_staff, T2, "plain", "staff");
	ck_assert_int_eq(auth_sign_in(&cx, email("plain"), PW, "123456",
	    "bearer", AUTH_SIGNIN_CODE, &tok, &ac), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(auth_mfa_off(&cx, id), SOUK_OK);
	ck_assert_int_eq(auth_recovery_left(&cx, id), 0);
}
END_TEST

/* A request of plane p from addr, for the throttle. */
static struct req *
request(struct app *app, const struct auth_plane *p, const char *addr)
{
	struct req	*r = arena_alloc(ta, sizeof(*r));

	memset(app, 0, sizeof(*app));
	app->conf = conf;
	app->cache = mc;
	app->plane = p->scoped ? APP_SHOP : APP_CENTER;
	app->auth = p;
	r->a = ta;
	r->app = app;
	r->reqid = "check-auth";
	r->remote_addr = addr;
	r->tenant_id = p->scoped ? T1 : 0;
	return r;
}

/*
 * Failures count per (account, client): ten a minute, then the hour's
 * thirty (the back-off: written into its counter here, as thirty
 * failures over the hour would have).
 */
START_TEST(test_throttle)
{
	struct app	 app;	/* both requests' */
	struct req	*r = request(&app, &bo_staff, "192.0.2.7");
	struct req	*other = request(&app, &bo_staff, "192.0.2.8");
	const char	*e = email("throttled"), *hkey;
	int		 i;

	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(auth_throttle(r, e), SOUK_OK);
		auth_throttle_fail(r, e);
	}
	ck_assert_int_eq(auth_throttle(r, e), SOUK_RATELIMIT);
	ck_assert_int_gt(r->retry_after, 0);
	ck_assert_int_le(r->retry_after, 60);
	ck_assert_int_eq(auth_throttle(other, e), SOUK_OK);
	ck_assert_int_eq(auth_throttle(other, email("elsewhere")), SOUK_OK);
	hkey = arena_printf(ta, "souk:v1:limit:shop:%d:staff:ac:%s:%s:h%lld",
	    T1, sec_sha256_hex(ta, e, strlen(e)), "192.0.2.8",
	    (long long)(time_unix() / 3600 * 60));
	stack_mc_put(hkey, "30", 2);
	ck_assert_int_eq(auth_throttle(other, e), SOUK_RATELIMIT);
	ck_assert_int_gt(other->retry_after, 0);
	ck_assert_int_le(other->retry_after, 3600);
	cache_del(mc, hkey);
	db_free(app.center_db);	/* the connection the throttle opened */
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("auth");
	TCase	*tc = tcase_create("planes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tenants_apart);
	tcase_add_test(tc, test_sign_in_and_permissions);
	tcase_add_test(tc, test_session_cache_forgery);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_last_owner);
	tcase_add_test(tc, test_two_factor);
	tcase_add_test(tc, test_throttle);
	suite_add_tcase(s, tc);
	return s;
}

#define TAP_INIT	stack_init
#include "tap.h"
