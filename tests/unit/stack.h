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

#include "core/core.h"
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
	if (conf_load(&conf, NULL, err, sizeof(err)) != SOUK_OK) {
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

#endif
