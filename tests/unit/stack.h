/*
 * For the tests that use the dev stack's MariaDB and memcached: the
 * configuration named by SOUK_CONF, and admin connections to its
 * databases.  Include once, after check.h.
 */
#ifndef SOUK_TESTS_STACK_H
#define SOUK_TESTS_STACK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmemcached/memcached.h>

#include "core/core.h"
#include "sec/sec.h"
#include "shop/shop.h"
#include "store/store.h"

static struct conf	 conf;

/* TAP_INIT: load souk.conf, or skip the whole program without a stack. */
static inline void
stack_init(void)
{
	char	 err[512];

	if (getenv("SOUK_CONF") == NULL) {
		printf("1..0 # SKIP SOUK_CONF unset: run through ./dev test\n");
		exit(0);
	}
	if (conf_load_as(&conf, "soukctl", NULL, err, sizeof(err)) !=
	    SOUK_OK || sec_keys_init(&conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		exit(99);
	}
}

/* An admin connection to database name (NULL: none). */
static inline struct db *
stack_db(const char *name, const struct db_stmt_def *defs, size_t n)
{
	struct db_conn_info	 ci;
	struct db		*db;
	char			 err[256];

	memset(&ci, 0, sizeof(ci));
	ci.host = conf.db_host;
	ci.port = conf.db_port;
	ci.socket = conf.db_socket[0] != '\0' ? conf.db_socket : NULL;
	ci.user = conf.admin_db_user;
	ci.password = conf.admin_db_password;
	ci.database = name;
	db = db_new(&ci, defs, n, err, sizeof(err));
	ck_assert_msg(db != NULL, "connect: %s", err);
	return db;
}

/* The stack's memcached with its MAC key, as the programs have it. */
static inline struct cache *
stack_cache(void)
{
	struct cache	*c;
	char		 err[256];

	c = cache_new_conf(&conf, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	return c;
}

static inline memcached_st *
stack_mc_raw(void)
{
	memcached_server_st	*list;
	memcached_st		*mc;

	list = memcached_servers_parse(conf.memcached_servers);
	ck_assert_ptr_nonnull(list);
	ck_assert_ptr_nonnull(mc = memcached_create(NULL));
	ck_assert_int_eq(memcached_server_push(mc, list), MEMCACHED_SUCCESS);
	memcached_server_list_free(list);
	return mc;
}

/*
 * Bytes into memcached as they are, no MAC made: what anyone on the box
 * can do.
 */
static inline void
stack_mc_put(const char *key, const char *val, size_t len)
{
	memcached_st	*mc = stack_mc_raw();

	ck_assert_int_eq(memcached_set(mc, key, strlen(key), val, len, 60, 0),
	    MEMCACHED_SUCCESS);
	memcached_free(mc);
}

/* The bytes under key as memcached has them (sealed), in arena a. */
static inline char *
stack_mc_take(struct arena *a, const char *key, size_t *len)
{
	memcached_st		*mc = stack_mc_raw();
	memcached_return_t	 rc;
	uint32_t		 flags;
	char			*v, *copy = NULL;

	v = memcached_get(mc, key, strlen(key), len, &flags, &rc);
	if (v != NULL)
		copy = arena_strndup(a, v, *len);
	free(v);
	memcached_free(mc);
	return copy;
}

/*
 * A shop tenant of a suite, as every suite seeds its two: category
 * "same-category" and product SKU-X "same-slug" (5 in stock, featured)
 * named name, at price in currency, so that the two tenants' rows
 * collide and isolation is always under test.
 */
static inline void
stack_shop_seed(struct db *shop, struct arena *a, int64_t id,
    const char *slug, const char *name, const char *state,
    const char *currency, int64_t price)
{
	struct db_arg	 t[] = { DB_I(id), DB_S(slug), DB_S(name),
	    DB_S(state), DB_S(currency), DB_S("#123456"), DB_S("en"),
	    DB_S("UTC") };
	struct db_arg	 c[] = { DB_I(id), DB_S("same-category"),
	    DB_S(name), DB_S(""), DB_I(0) };
	struct db_arg	 p[] = { DB_I(id), DB_S("SKU-X"), DB_S("same-slug"),
	    DB_S(name), DB_S("colliding"), DB_I(price), DB_S(currency),
	    DB_I(5), DB_I(1), DB_S("") };
	struct db_res	 cr, pr;

	ck_assert_int_eq(db_exec(shop, a, SQL_TENANT_UPSERT, t, 8, NULL),
	    SOUK_OK);
	ck_assert_int_eq(db_exec(shop, a, SQL_CATEGORY_UPSERT, c, 5, &cr),
	    SOUK_OK);
	ck_assert_int_eq(db_exec(shop, a, SQL_PRODUCT_UPSERT, p, 10, &pr),
	    SOUK_OK);
	{
		struct db_arg pc[] = { DB_I(id), DB_I((int64_t)cr.insert_id),
		    DB_I((int64_t)pr.insert_id), DB_I(0) };

		ck_assert_int_eq(db_exec(shop, a, SQL_PRODUCT_CATEGORY_ADD,
		    pc, 4, NULL), SOUK_OK);
	}
}

/* Every row of shop tenants t1 and t2 that stack_shop_seed makes. */
static inline void
stack_shop_drop(struct arena *a, int64_t t1, int64_t t2)
{
	static const struct db_stmt_def	 del[] = {	/* children first */
		{ "pc", "DELETE FROM product_categories "
		  "WHERE tenant_id IN (?, ?)" },
		{ "products", "DELETE FROM products WHERE tenant_id IN (?, ?)" },
		{ "cats", "DELETE FROM categories WHERE tenant_id IN (?, ?)" },
		{ "domains", "DELETE FROM tenant_domains "
		  "WHERE tenant_id IN (?, ?)" },
		{ "langs", "DELETE FROM tenant_languages "
		  "WHERE tenant_id IN (?, ?)" },
		{ "tenants", "DELETE FROM tenants WHERE id IN (?, ?)" },
	};
	struct db	*db;
	struct db_arg	 ids[] = { DB_I(t1), DB_I(t2) };
	size_t		 i, n = sizeof(del) / sizeof(del[0]);

	db = stack_db(conf.shop_db_name, del, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(db_exec(db, a, (int)i, ids, 2, NULL),
		    SOUK_OK);
	db_free(db);
}

#endif
