/*
 * Database and cache tests against the real MariaDB and memcached of the
 * dev stack (SOUK_CONF names its souk.conf; without it the suite skips).
 * Two tenants are seeded with colliding SKUs and slugs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>

#include "stack.h"

#include "sec/sec.h"
#include "services/services.h"
#include "shop/shop.h"

#define T1	9001
#define T2	9002


enum t_sql { T_TENANT_TABLES, T_CONN_ID, T_SIGNAL_DEADLOCK, T_COUNT_MARK,
	T_INSERT_MARK, T_DELETE_MARK, T_KEY_ENC, T_KEY_SET_ENC, T_KEY_STATUS,
	T_KEY_CLEAN, T__MAX };

static const struct db_stmt_def t_sql[T__MAX] = {
	{ "tenant_tables",
	  "SELECT DISTINCT table_name FROM information_schema.columns "
	  "WHERE table_schema = ? AND column_name = 'tenant_id'" },
	{ "conn_id", "SELECT CONNECTION_ID()" },
	{ "deadlock",
	  "SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, "
	  "MESSAGE_TEXT = 'test deadlock'" },
	{ "count_mark", "SELECT COUNT(*) FROM platform_settings "
	  "WHERE name = 'check_store'" },
	{ "insert_mark", "INSERT INTO platform_settings (name, value) "
	  "VALUES ('check_store', 'x')" },
	{ "delete_mark", "DELETE FROM platform_settings "
	  "WHERE name = 'check_store'" },
	{ "key_enc", "SELECT secret_enc FROM api_keys WHERE public_key = ?" },
	{ "key_set_enc", "UPDATE api_keys SET secret_enc = ? "
	  "WHERE public_key = ?" },
	{ "key_status", "SELECT status, deprecated_until IS NOT NULL "
	  "FROM api_keys WHERE public_key = ?" },
	{ "key_clean", "DELETE FROM api_keys WHERE owner = 'check-store'" },
};

/* Lower-cased copy of sql with runs of whitespace made one space. */
static char *
sql_norm(struct arena *a, const char *sql)
{
	char	*s = arena_strdup(a, sql), *p, *q;

	for (p = q = s; *p != '\0'; p++) {
		if (isspace((unsigned char)*p) && q > s && q[-1] == ' ')
			continue;
		*q++ = isspace((unsigned char)*p) ? ' ' :
		    (char)tolower((unsigned char)*p);
	}
	*q = '\0';
	return s;
}

/* 1 if sql names table after from/join/into/update. */
static int
sql_uses_table(const char *sql, const char *table)
{
	static const char *const kw[] = { "from ", "join ", "into ",
	    "update " };
	const char	*p;
	size_t		 i, tl = strlen(table);

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		for (p = sql; (p = strstr(p, kw[i])) != NULL; p++) {
			p += strlen(kw[i]);
			if (strncmp(p, table, tl) == 0 &&
			    !isalnum((unsigned char)p[tl]) && p[tl] != '_')
				return 1;
		}
	return 0;
}

/*
 * The n-th item (from 0) of the comma-separated list that starts after
 * the "(" at p, commas inside parentheses skipped: its start, and its
 * length in *len; NULL if the list is shorter.
 */
static const char *
list_item(const char *p, size_t n, size_t *len)
{
	const char	*start = ++p;
	int		 depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '(') {
			depth++;
			continue;
		}
		if (*p == ')' && depth-- == 0)
			break;
		if (*p != ',' || depth > 0)
			continue;
		if (n-- == 0)
			break;
		start = p + 1;
	}
	if (n != 0 && *p != ',')
		return NULL;
	while (*start == ' ')
		start++;
	*len = (size_t)(p - start);
	return start;
}

/* An INSERT whose tenant_id column takes a parameter. */
static int
insert_binds_tenant(const char *sql)
{
	const char	*cols = strchr(sql, '('), *vals, *v;
	size_t		 i, len;

	if (strncmp(sql, "insert ", 7) != 0 || cols == NULL ||
	    (vals = strstr(sql, "values (")) == NULL)
		return 0;
	for (i = 0; (v = list_item(cols, i, &len)) != NULL; i++)
		if (len == 9 && strncmp(v, "tenant_id", 9) == 0)
			return (v = list_item(vals + 7, i, &len)) != NULL &&
			    len == 1 && *v == '?';
	return 0;
}

/* tenant_id bound as a parameter: "tenant_id = ?" or an INSERT's. */
static int
sql_binds_tenant(const char *sql)
{
	const char	*p;

	for (p = sql; (p = strstr(p, "tenant_id = ?")) != NULL; p++)
		if (p == sql || p[-1] == ' ' || p[-1] == '.')
			return 1;
	return insert_binds_tenant(sql);
}

/*
 * Statements allowed to read a tenant-owned table without binding
 * tenant_id, each with the reason.
 */
static const char *const tenant_exempt[] = {
	"tenant_by_domain",	/* finds the tenant of a custom domain */
	"domain_token",		/* a pending domain's verification token */
	"queue_due",		/* the worker's scan of every shop's queue */
	"queue_exhausted",	/* ... and its sweep of abandoned attempts */
};

static int
exempt(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(tenant_exempt) / sizeof(tenant_exempt[0]); i++)
		if (strcmp(name, tenant_exempt[i]) == 0)
			return 1;
	return 0;
}

/* Statements of table defs using a tenant-owned table of database name. */
static size_t
check_plane(struct arena *a, const char *name, const struct db_stmt_def *defs,
    size_t n)
{
	struct db	*db = stack_db(name, t_sql, T__MAX);
	struct db_arg	 arg = DB_S(name);
	struct db_res	 tables;
	size_t		 i, t, checked = 0;
	const char	*sql;

	ck_assert_int_eq(db_exec(db, a, T_TENANT_TABLES, &arg, 1, &tables),
	    SOUK_OK);
	ck_assert_uint_ge(tables.nrows, 3);
	for (i = 0; i < n; i++) {
		sql = sql_norm(a, defs[i].sql);
		for (t = 0; t < tables.nrows; t++) {
			if (!sql_uses_table(sql, db_cell(&tables, t, 0)))
				continue;
			checked++;
			ck_assert_msg(sql_binds_tenant(sql) ||
			    exempt(defs[i].name),
			    "statement \"%s\" uses tenant-owned table \"%s\" "
			    "without binding tenant_id", defs[i].name,
			    db_cell(&tables, t, 0));
		}
	}
	db_free(db);
	return checked;
}

START_TEST(test_every_statement_binds_tenant)
{
	struct arena	*a = arena_new(65536, 1 << 24);

	ck_assert_uint_ge(check_plane(a, conf.shop_db_name, shop_sql,
	    SQL__MAX), 10);
	ck_assert_uint_ge(check_plane(a, conf.services_db_name, svc_sql,
	    SVC__MAX), 10);
	/* the checker itself must catch an unbound statement */
	ck_assert(!sql_binds_tenant(sql_norm(a,
	    "SELECT id FROM products WHERE slug = ?")));
	ck_assert(!sql_binds_tenant(sql_norm(a,
	    "SELECT id FROM products WHERE other_tenant_id = ?")));
	ck_assert(sql_binds_tenant(sql_norm(a, "INSERT INTO staff (email, "
	    "status, tenant_id) VALUES (?, IF(1, 'a', 'b'), ?)")));
	ck_assert(!sql_binds_tenant(sql_norm(a, "INSERT INTO staff (email, "
	    "tenant_id) VALUES (?, 7)")));
	ck_assert(!sql_binds_tenant(sql_norm(a, "INSERT INTO staff (email, "
	    "tenant_id) SELECT ?, ?")));
	arena_free(a);
}
END_TEST

/* The unique key's name from the server's message, whatever the value. */
START_TEST(test_dup_key_parse)
{
	static const struct {
		const char	*msg;
		const char	*key;	/* NULL: not a duplicate key */
	} t[] = {
		{ "Duplicate entry '9001-SKU-X' for key 'products_sku'",
		  "products_sku" },
		{ "Duplicate entry '9001-SKU-X' for key "
		  "'products.products_sku'", "products_sku" },	/* MySQL 8 */
		{ "Duplicate entry '7' for key 'PRIMARY'", "PRIMARY" },
		{ "Duplicate entry 'a' for key 'b' for key 'tenants_slug'",
		  "tenants_slug" },	/* the value says "for key" */
		{ "Duplicate entry 'it''s' for key 'x_y'", "x_y" },
		{ "Duplicate entry '1' for key ''", NULL },
		{ "Duplicate entry '1' for key 'unterminated", NULL },
		{ "Duplicate entry '1' for key 'k' and more", NULL },
		{ "Deadlock found when trying to get lock", NULL },
		{ "Duplicate entry '1' for key 'a_name_that_is_longer_than_the_"
		  "buffer_of_the_caller_by_far'", NULL },
		{ "", NULL },
	};
	char	 key[32];
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(db_dup_key(t[i].msg, key, sizeof(key)) ==
		    (t[i].key != NULL), "%s", t[i].msg);
		ck_assert_str_eq(key, t[i].key != NULL ? t[i].key : "");
	}
	ck_assert(!db_dup_key(NULL, key, sizeof(key)));
}
END_TEST

static struct db	*shop;
static struct arena	*ta;

static void
seed_tenant(int64_t id, const char *slug, const char *name,
    const char *state, const char *currency, int64_t price)
{
	stack_shop_seed(shop, ta, id, slug, name, state, currency, price);
}

static void
shop_setup(void)
{
	ta = arena_new(65536, 1 << 24);
	shop = stack_db(conf.shop_db_name, shop_sql, SQL__MAX);
	seed_tenant(T1, "check-one", "Check One", "active", "USD", 1000);
	seed_tenant(T2, "check-two", "Check Two", "active", "EUR", 2000);
}

static void
shop_teardown(void)
{
	struct cache	*mc = stack_cache();

	stack_shop_drop(ta, T1, T2);
	cache_del(mc, shop_tenant_cache_key(ta, "check-one.localhost"));
	cache_del(mc, shop_tenant_cache_key(ta, "check-two.localhost"));
	cache_free(mc);
	db_free(shop);
	arena_free(ta);
}

START_TEST(test_colliding_tenants_are_isolated)
{
	struct shop_product	 p1, p2, px;
	struct shop_product	*list;
	size_t			 n, i;

	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, NULL, "same-slug",
	    &p1), SOUK_OK);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T2, NULL, "same-slug",
	    &p2), SOUK_OK);
	ck_assert_int_ne(p1.id, p2.id);
	ck_assert_str_eq(p1.sku, p2.sku);
	ck_assert_str_eq(p1.name, "Check One");
	ck_assert_str_eq(p2.name, "Check Two");
	ck_assert_int_eq(p1.price, 1000);
	ck_assert_str_eq(p2.currency, "EUR");
	/* another tenant's id is not found */
	ck_assert_int_eq(shop_product_by_id(shop, ta, T1, NULL, p2.id, &px),
	    SOUK_NOTFOUND);
	ck_assert_int_eq(shop_product_by_id(shop, ta, T2, NULL, p2.id, &px),
	    SOUK_OK);
	ck_assert_int_eq(shop_products_after(shop, ta, T1, NULL, 0, 100, &list,
	    &n), SOUK_OK);
	ck_assert_uint_eq(n, 1);
	for (i = 0; i < n; i++)
		ck_assert_int_ne(list[i].id, p2.id);
}
END_TEST

static void
domain(int64_t tenant, const char *host, const char *status)
{
	struct db_arg	 d[] = { DB_I(tenant), DB_S(host), DB_I(0),
	    DB_S(status) };
	struct cache	*mc = stack_cache();

	ck_assert_int_eq(db_exec(shop, ta, SQL_DOMAIN_UPSERT, d, 4, NULL),
	    SOUK_OK);
	cache_del(mc, shop_tenant_cache_key(ta, host));
	cache_free(mc);
}

START_TEST(test_tenant_resolution)
{
	struct cache		*mc = stack_cache();
	struct shop_tenant	*t;
	const char		*key;

	ck_assert_ptr_nonnull(mc);
	key = shop_tenant_cache_key(ta, "check-one.localhost");
	cache_del(mc, key);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_int_eq(t->id, T1);
	ck_assert_str_eq(t->time_zone, "UTC");	/* the column's default */
	ck_assert_ptr_nonnull(cache_get(mc, ta, key, NULL));
	/* from the cache alone, without a database */
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "check-one.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_str_eq(t->name, "Check One");
	ck_assert_str_eq(t->currency, "USD");
	ck_assert_str_eq(t->time_zone, "UTC");
	cache_del(mc, shop_tenant_cache_key(ta, "nobody.localhost"));
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "nobody.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	/* remembered: the next request needs no database */
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "nobody.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "center.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "a.check-one.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	domain(T2, "www.check-two.test", "verified");
	domain(T1, "pending.check-one.test", "pending");
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "www.check-two.test", "localhost", NULL, &t), SOUK_OK);
	ck_assert_int_eq(t->id, T2);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "pending.check-one.test", "localhost", NULL, &t), SOUK_NOTFOUND);
	/* a row under the base (stored before Center refused such names) */
	domain(T2, "www.check-two.localhost", "verified");
	cache_del(mc, shop_tenant_cache_key(ta, "www.check-two.localhost"));
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "www.check-two.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-two.localhost", "localhost", NULL, &t), SOUK_OK);
	seed_tenant(T2, "check-two", "Check Two", "suspended", "EUR", 2000);
	/* the writer refreshes the cache: no database needed to see it */
	ck_assert_int_eq(shop_tenant_recache(shop, mc, ta, T2, "check-two",
	    "localhost"), SOUK_OK);
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "check-two.localhost", "localhost", NULL, &t), SOUK_CLOSED);
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "www.check-two.test", "localhost", NULL, &t), SOUK_CLOSED);
	/* a reader's late fill never overwrites the writer's record */
	cache_add(mc, shop_tenant_cache_key(ta, "check-two.localhost"),
	    "{}", 2, 0);
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "check-two.localhost", "localhost", NULL, &t), SOUK_CLOSED);
	cache_free(mc);
}
END_TEST

/* A page cached for a catalog version goes stale when the version moves. */
START_TEST(test_catalog_version_makes_pages_stale)
{
	struct cache		*mc = stack_cache();
	struct shop_tenant	*t1, *t2;
	const char		*framed, *key = "souk:v1:host:check:page:/";
	size_t			 len;

	cache_del(mc, shop_tenant_cache_key(ta, "check-one.localhost"));
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", NULL, &t1), SOUK_OK);
	framed = shop_catalog_frame(ta, t1, "<p>page</p>", 11, &len);
	cache_set(mc, key, framed, len, 0);
	/* fetched in the same round trip as the tenant */
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", key, &t1), SOUK_OK);
	ck_assert_str_eq(shop_catalog_fresh(t1, t1->also), "<p>page</p>");
	/* never another tenant's, even at the same version */
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-two.localhost", "localhost", NULL, &t2), SOUK_OK);
	t2->catalog_version = t1->catalog_version;
	ck_assert_ptr_null(shop_catalog_fresh(t2, t1->also));
	/* a catalog write bumps the version: the page is stale */
	ck_assert_int_eq(shop_catalog_bump(shop, ta, T1), SOUK_OK);
	cache_del(mc, shop_tenant_cache_key(ta, "check-one.localhost"));
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", key, &t1), SOUK_OK);
	ck_assert_ptr_nonnull(t1->also);
	ck_assert_ptr_null(shop_catalog_fresh(t1, t1->also));
	cache_del(mc, key);
	cache_free(mc);
}
END_TEST

/* The MAC of a cached value: bound to its key name, its bytes, its time. */
START_TEST(test_cache_mac)
{
	unsigned char		 k[32];
	struct cache_mac	*m;
	char			 out[256], copy[256];
	size_t			 n, len;
	int			 forged;

	ck_assert_int_eq(store_hkdf(conf.master_key, "souk cache mac",
	    k, sizeof(k)), 0);
	ck_assert_int_eq(store_hkdf("zz", "souk cache mac", k,
	    sizeof(k)), -1);
	ck_assert_ptr_nonnull(m = cache_mac_new(k, sizeof(k)));
	ck_assert_int_eq(cache_mac_seal(m, "k1", "va\nlue", 6, 60, out,
	    sizeof(out), &n), 0);
	memcpy(copy, out, n);
	ck_assert_str_eq(cache_mac_open(m, "k1", copy, n, &len, &forged),
	    "va\nlue");
	ck_assert_uint_eq(len, 6);
	memcpy(copy, out, n);	/* under another key name */
	ck_assert_ptr_null(cache_mac_open(m, "k2", copy, n, &len, &forged));
	ck_assert_int_eq(forged, 1);
	memcpy(copy, out, n);	/* one byte of the value changed */
	copy[n - 66] ^= 1;
	ck_assert_ptr_null(cache_mac_open(m, "k1", copy, n, &len, &forged));
	memcpy(copy, out, n);	/* cut short */
	ck_assert_ptr_null(cache_mac_open(m, "k1", copy, n - 1, &len,
	    &forged));
	ck_assert_ptr_null(cache_mac_open(m, "k1", copy, 3, &len, &forged));
	ck_assert_uint_eq(cache_mac_refused(m), 4);
	/* genuine but over: a miss, not a forgery */
	ck_assert_int_eq(cache_mac_seal(m, "k1", "v", 1, -1, out,
	    sizeof(out), &n), 0);
	ck_assert_ptr_null(cache_mac_open(m, "k1", out, n, &len, &forged));
	ck_assert_int_eq(forged, 0);
	ck_assert_int_eq(cache_mac_seal(m, "k1", "v", 1, 60, out, 10, &n),
	    -1);
	cache_mac_free(m);
}
END_TEST

/*
 * What anyone on the box can write into memcached is not believed: a
 * host record pointing a shop's host at another tenant, the other
 * tenant's genuine record moved under it, a page, a features set
 * granting everything.
 */
START_TEST(test_cache_forgeries_ignored)
{
	struct cache		*mc = stack_cache();
	struct shop_tenant	*t;
	const char		*k1 = shop_tenant_cache_key(ta,
	    "check-one.localhost"), *k2 = shop_tenant_cache_key(ta,
	    "check-two.localhost"), *page = "souk:v1:host:check:page:/";
	const char		*fake, *fkey = "souk:v1:t:9001:features";
	char			*two;
	const char		*f;
	size_t			 len;

	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-two.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_ptr_nonnull(two = stack_mc_take(ta, k2, &len));
	fake = "{\"id\":9002,\"slug\":\"check-two\",\"name\":\"X\","
	    "\"state\":\"active\",\"locale\":\"en\",\"currency\":"
	    "\"EUR\",\"time_zone\":\"UTC\",\"theme_color\":\"#000000\","
	    "\"catalog_version\":1}";
	stack_mc_put(k1, fake, strlen(fake));
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_int_eq(t->id, T1);
	stack_mc_put(k1, two, len);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_int_eq(t->id, T1);
	stack_mc_put(page, "9001:1\n<p>defaced</p>", 20);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "check-one.localhost", "localhost", page, &t), SOUK_OK);
	ck_assert_ptr_null(t->also);
	stack_mc_put(fkey, "{\"all\":true}", 12);
	f = shop_features(&conf, shop, mc, ta, T1);
	ck_assert(f == NULL || strstr(f, "all") == NULL);
	ck_assert_uint_ge(cache_refused(mc), 4);
	cache_del(mc, page);
	cache_del(mc, fkey);
	cache_free(mc);
}
END_TEST

/*
 * Hosts without a tenant are remembered in the process, not in
 * memcached, and only until a writer starts a new hosts epoch.
 */
START_TEST(test_unknown_hosts_stay_local)
{
	struct cache		*mc = stack_cache();
	struct shop_tenant	*t;
	size_t			 len;

	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
	    "nobody-here.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	ck_assert_ptr_null(stack_mc_take(ta, shop_tenant_cache_key(ta,
	    "nobody-here.localhost"), &len));
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "nobody-here.localhost", "localhost", NULL, &t), SOUK_NOTFOUND);
	/* a tenant's hosts change: every process asks the database again */
	ck_assert_int_eq(shop_tenant_recache(shop, mc, ta, T2, "check-two",
	    "localhost"), SOUK_OK);
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta,
	    "nobody-here.localhost", "localhost", NULL, &t),
	    SOUK_UNAVAILABLE);
	cache_free(mc);
}
END_TEST

START_TEST(test_dead_memcached_falls_back)
{
	struct cache		*mc = cache_new("127.0.0.1:1", 50, 60);
	struct shop_tenant	*t;
	double			 start = time_now_ms();
	int			 i;

	for (i = 0; i < 20; i++)
		ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta,
		    "check-one.localhost", "localhost", NULL, &t), SOUK_OK);
	ck_assert_int_eq(t->id, T1);
	ck_assert_int_eq(cache_ping(mc), SOUK_UNAVAILABLE);
	/* one failed connect, then skipped: far below 20 timeouts */
	ck_assert_msg(time_now_ms() - start < 20 * 50.0,
	    "dead memcached cost %.0f ms", time_now_ms() - start);
	cache_free(mc);
}
END_TEST

START_TEST(test_statement_cache)
{
	struct shop_product	 p;
	uint64_t		 before;

	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, NULL, "same-slug",
	    &p), SOUK_OK);
	before = db_round_trips(shop);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, NULL, "same-slug",
	    &p), SOUK_OK);
	ck_assert_uint_eq(db_round_trips(shop) - before, 1);
}
END_TEST

START_TEST(test_reconnect_after_kill)
{
	struct db	*center = stack_db(conf.center_db_name, t_sql, T__MAX);
	struct db	*killer = stack_db(NULL, NULL, 0);
	struct db_res	 res;
	char		 sql[64];

	ck_assert_int_eq(db_exec(center, ta, T_CONN_ID, NULL, 0, &res),
	    SOUK_OK);
	snprintf(sql, sizeof(sql), "KILL CONNECTION %lld",
	    (long long)db_cell_i64(&res, 0, 0));
	ck_assert_int_eq(db_exec_sql(killer, sql), SOUK_OK);
	ck_assert_int_eq(db_exec(center, ta, T_CONN_ID, NULL, 0, &res),
	    SOUK_OK);
	ck_assert_int_gt(db_cell_i64(&res, 0, 0), 0);
	db_free(killer);
	db_free(center);
}
END_TEST

struct tx_arg {
	int	 calls;
	int	 fail_first;
	int	 abort;
};

static enum souk_err
tx_fn(struct db *db, void *p)
{
	struct tx_arg	*x = p;
	enum souk_err	 er;

	x->calls++;
	if ((er = db_exec(db, ta, T_INSERT_MARK, NULL, 0, NULL)) != SOUK_OK)
		return er;
	if (x->fail_first && x->calls == 1)
		return db_exec(db, ta, T_SIGNAL_DEADLOCK, NULL, 0, NULL);
	return x->abort ? SOUK_CONFLICT : SOUK_OK;
}

static int64_t
marks(struct db *db)
{
	struct db_res	 res;

	ck_assert_int_eq(db_exec(db, ta, T_COUNT_MARK, NULL, 0, &res),
	    SOUK_OK);
	return db_cell_i64(&res, 0, 0);
}

START_TEST(test_transactions)
{
	struct db	*db = stack_db(conf.center_db_name, t_sql, T__MAX);
	struct tx_arg	 x = { 0, 0, 1 };

	ck_assert_int_eq(db_exec(db, ta, T_DELETE_MARK, NULL, 0, NULL),
	    SOUK_OK);
	ck_assert_int_eq(db_tx(db, tx_fn, &x), SOUK_CONFLICT);
	ck_assert_int_eq(marks(db), 0);		/* rolled back */
	x = (struct tx_arg){ 0, 1, 0 };
	ck_assert_int_eq(db_tx(db, tx_fn, &x), SOUK_OK);
	ck_assert_int_eq(x.calls, 2);		/* retried after deadlock */
	ck_assert_int_eq(marks(db), 1);		/* first try rolled back */
	ck_assert_int_eq(db_exec(db, ta, T_DELETE_MARK, NULL, 0, NULL),
	    SOUK_OK);
	db_free(db);
}
END_TEST

/* A duplicate key is SOUK_CONFLICT naming the key, until the next query. */
START_TEST(test_duplicate_key_names_the_key)
{
	struct db_arg	 sku[] = { DB_I(T1), DB_S("SKU-X"), DB_S("new-slug"),
	    DB_S("Dup"), DB_S(""), DB_I(1), DB_S("USD"), DB_I(1) };
	struct db_arg	 slug[] = { DB_I(T1), DB_S("SKU-NEW"),
	    DB_S("same-slug"), DB_S("Dup"), DB_S(""), DB_I(1), DB_S("USD"),
	    DB_I(1) };
	struct shop_product	 p;

	ck_assert_ptr_null(db_conflict_key(shop));
	ck_assert_int_eq(db_exec(shop, ta, SQL_PRODUCT_INSERT, sku, 8, NULL),
	    SOUK_CONFLICT);
	ck_assert_pstr_eq(db_conflict_key(shop), "products_sku");
	ck_assert_int_eq(db_exec(shop, ta, SQL_PRODUCT_INSERT, slug, 8, NULL),
	    SOUK_CONFLICT);
	ck_assert_pstr_eq(db_conflict_key(shop), "products_slug");
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, NULL, "same-slug",
	    &p), SOUK_OK);
	ck_assert_ptr_null(db_conflict_key(shop));
	/* the other tenant's SKU-X is no conflict */
	sku[0] = DB_I(T2);
	sku[1] = DB_S("SKU-Y");
	ck_assert_int_eq(db_exec(shop, ta, SQL_PRODUCT_INSERT, sku, 8, NULL),
	    SOUK_OK);
}
END_TEST

static const char *
key_status(struct db *db, const char *pk)
{
	struct db_arg	 arg = DB_S(pk);
	struct db_res	 res;

	ck_assert_int_eq(db_exec(db, ta, T_KEY_STATUS, &arg, 1, &res),
	    SOUK_OK);
	ck_assert_uint_eq(res.nrows, 1);
	return arena_printf(ta, "%s%s", db_cell(&res, 0, 0),
	    db_cell_i64(&res, 0, 1) ? "+until" : "");
}

/* hex(HKDF of the master key with info), as soukctl keys derive. */
static const char *
derived(const char *info)
{
	unsigned char	 k[32];
	struct buf	 b;

	ck_assert_int_eq(store_hkdf(conf.master_key, info, k, sizeof(k)), 0);
	buf_init(&b, ta, 65);
	buf_add_hex(&b, k, sizeof(k));
	return b.data;
}

/* The purpose keys from a seal key and a master key ("": none). */
static void
keys_with(const char *seal, const char *master)
{
	struct conf	 c;
	char		 err[128];

	memset(&c, 0, sizeof(c));
	str_lcpy(c.seal_key, seal, sizeof(c.seal_key));
	str_lcpy(c.master_key, master, sizeof(c.master_key));
	ck_assert_msg(sec_keys_init(&c, err, sizeof(err)) == 0, "%s", err);
}

/*
 * Each purpose has its own key: a secret sealed for one does not open
 * for another; a value sealed before purpose keys (under the master key
 * itself) opens only where the master key is loaded.
 */
START_TEST(test_purpose_keys)
{
	const char	*v, *legacy;
	unsigned char	 m[32], iv[12] = { 0 }, out[64], tag[16];
	EVP_CIPHER_CTX	*x;
	struct buf	 b;
	int		 n, fin;
	size_t		 mlen;

	keys_with("", conf.master_key);
	ck_assert(sec_key_have(SEC_KEY_SEAL) && sec_key_have(SEC_KEY_TOTP));
	ck_assert_ptr_nonnull(v = sec_secret_seal(ta, SEC_KEY_SEAL, "lbl",
	    "s3cret"));
	ck_assert(sec_secret_current(v));
	ck_assert_str_eq(sec_secret_open(ta, SEC_KEY_SEAL, "lbl", v), "s3cret");
	ck_assert_ptr_null(sec_secret_open(ta, SEC_KEY_TOTP, "lbl", v));
	ck_assert_ptr_null(sec_secret_open(ta, SEC_KEY_SEAL, "other", v));
	/* sealed the old way: AES-256-GCM under the master key itself */
	ck_assert_int_eq(str_hex_decode(conf.master_key, m, sizeof(m), &mlen),
	    0);
	ck_assert_ptr_nonnull(x = EVP_CIPHER_CTX_new());
	ck_assert(EVP_EncryptInit_ex(x, EVP_aes_256_gcm(), NULL, m, iv) == 1 &&
	    EVP_EncryptUpdate(x, NULL, &n, (const unsigned char *)"lbl", 3) ==
	    1 && EVP_EncryptUpdate(x, out, &n, (const unsigned char *)"old",
	    3) == 1 && EVP_EncryptFinal_ex(x, out + n, &fin) == 1 &&
	    EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1);
	EVP_CIPHER_CTX_free(x);
	buf_init(&b, ta, 128);
	buf_add_hex(&b, iv, 12);
	buf_add_hex(&b, out, 3);
	buf_add_hex(&b, tag, 16);
	legacy = b.data;
	ck_assert(!sec_secret_current(legacy));
	ck_assert_str_eq(sec_secret_open(ta, SEC_KEY_SEAL, "lbl", legacy),
	    "old");
	/* a program given only its seal key (derived) cannot */
	keys_with(derived("souk seal"), "");
	ck_assert_str_eq(sec_secret_open(ta, SEC_KEY_SEAL, "lbl", v), "s3cret");
	ck_assert_ptr_null(sec_secret_open(ta, SEC_KEY_SEAL, "lbl", legacy));
	ck_assert(!sec_key_have(SEC_KEY_TOTP));
	ck_assert_ptr_null(sec_secret_seal(ta, SEC_KEY_TOTP, "lbl", "x"));
	keys_with("", conf.master_key);
}
END_TEST

START_TEST(test_api_keys)
{
	struct db		*db, *kdb;
	struct sec_key_new	 k = { "check-store", "external", "1,2",
	    "notifications:send", "", 60, 0 };
	struct sec_key_created	 a, b, r;
	const char		*secret, *other =
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	struct db_arg		 arg;
	struct db_res		 res;

	ck_assert_msg(strlen(conf.master_key) == 64, "no master_key_file");
	kdb = stack_db(conf.center_db_name, sec_key_sql, KEY__MAX);
	db = stack_db(conf.center_db_name, t_sql, T__MAX);
	ck_assert_int_eq(sec_key_create(kdb, ta, &k, &a), SOUK_OK);
	ck_assert_int_eq(sec_key_create(kdb, ta, &k, &b), SOUK_OK);
	ck_assert_str_ne(a.secret, b.secret);
	ck_assert_int_eq(sec_key_secret(kdb, ta, a.public_key, &secret),
	    SOUK_OK);
	ck_assert_str_eq(secret, a.secret);
	/* another seal key, or a secret moved to another key: unreadable */
	keys_with(other, "");
	ck_assert_int_eq(sec_key_secret(kdb, ta, a.public_key, &secret),
	    SOUK_INVALID);
	keys_with("", "");	/* no key at all: nothing is sealed */
	ck_assert_int_eq(sec_key_create(kdb, ta, &k, &r), SOUK_INVALID);
	keys_with("", conf.master_key);
	arg = DB_S(a.public_key);
	ck_assert_int_eq(db_exec(db, ta, T_KEY_ENC, &arg, 1, &res), SOUK_OK);
	{
		struct db_arg set[] = { DB_S(db_cell(&res, 0, 0)),
		    DB_S(b.public_key) };

		ck_assert_int_eq(db_exec(db, ta, T_KEY_SET_ENC, set, 2, NULL),
		    SOUK_OK);
	}
	ck_assert_int_eq(sec_key_secret(kdb, ta, b.public_key, &secret),
	    SOUK_INVALID);
	/* rotation: a new active key, the old one deprecated for a while */
	ck_assert_int_eq(sec_key_rotate(kdb, ta, a.public_key, 3, &r),
	    SOUK_OK);
	ck_assert_str_eq(key_status(db, a.public_key), "deprecated+until");
	ck_assert_str_eq(key_status(db, r.public_key), "active");
	ck_assert_int_eq(sec_key_rotate(kdb, ta, a.public_key, 3, &r),
	    SOUK_NOTFOUND);
	/* revocation, once */
	ck_assert_int_eq(sec_key_revoke(kdb, ta, r.public_key), SOUK_OK);
	ck_assert_str_eq(key_status(db, r.public_key), "revoked");
	ck_assert_int_eq(sec_key_revoke(kdb, ta, r.public_key), SOUK_NOTFOUND);
	ck_assert_int_eq(sec_key_revoke(kdb, ta, "pk_nope"), SOUK_NOTFOUND);
	ck_assert_int_eq(db_exec(db, ta, T_KEY_CLEAN, NULL, 0, NULL), SOUK_OK);
	db_free(kdb);
	db_free(db);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("store");
	TCase	*sql = tcase_create("sql");
	TCase	*tc = tcase_create("shop");

	tcase_add_test(sql, test_every_statement_binds_tenant);
	tcase_add_test(sql, test_dup_key_parse);
	tcase_add_test(sql, test_cache_mac);
	tcase_add_checked_fixture(tc, shop_setup, shop_teardown);
	tcase_add_test(tc, test_colliding_tenants_are_isolated);
	tcase_add_test(tc, test_tenant_resolution);
	tcase_add_test(tc, test_catalog_version_makes_pages_stale);
	tcase_add_test(tc, test_cache_forgeries_ignored);
	tcase_add_test(tc, test_unknown_hosts_stay_local);
	tcase_add_test(tc, test_dead_memcached_falls_back);
	tcase_add_test(tc, test_statement_cache);
	tcase_add_test(tc, test_reconnect_after_kill);
	tcase_add_test(tc, test_transactions);
	tcase_add_test(tc, test_duplicate_key_names_the_key);
	tcase_add_test(tc, test_api_keys);
	tcase_add_test(tc, test_purpose_keys);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, sql);
	suite_add_tcase(s, tc);
	return s;
}

#define TAP_INIT	stack_init
#include "tap.h"
