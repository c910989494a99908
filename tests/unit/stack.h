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

#endif
