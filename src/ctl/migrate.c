/*
 * soukctl migrate: create the databases and apply sql/<plane>/NNNN_*.sql
 * in order, forward only, each recorded in schema_migrations.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

enum mig_sql { MIG_CREATE, MIG_APPLIED, MIG_RECORD, MIG__MAX };

static const struct db_stmt_def mig_sql[MIG__MAX] = {
	{ "create",	/* MIG_CREATE */
	  "CREATE TABLE IF NOT EXISTS schema_migrations ("
	  "version VARCHAR(128) NOT NULL PRIMARY KEY, "
	  "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	  ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" },
	{ "applied",	/* MIG_APPLIED */
	  "SELECT 1 FROM schema_migrations WHERE version = ?" },
	{ "record",	/* MIG_RECORD */
	  "INSERT INTO schema_migrations (version) VALUES (?)" },
};

struct db *
ctl_db(struct ctl *c, const char *name, const struct db_stmt_def *defs,
    size_t n)
{
	struct db_conn_info	 ci;
	struct db		*db;
	char			 err[256];

	memset(&ci, 0, sizeof(ci));
	ci.host = c->conf.db_host;
	ci.port = c->conf.db_port;
	ci.socket = c->conf.db_socket[0] != '\0' ? c->conf.db_socket : NULL;
	ci.user = c->conf.admin_db_user;
	ci.password = c->conf.admin_db_password;
	ci.database = name;
	if ((db = db_new(&ci, defs, n, err, sizeof(err))) == NULL)
		fprintf(stderr, "soukctl: database %s: %s\n",
		    name == NULL ? "server" : name, err);
	return db;
}

struct cache *
ctl_cache(struct ctl *c)
{
	char		 err[256];
	struct cache	*mc;

	if ((mc = cache_new_conf(&c->conf, err, sizeof(err))) == NULL)
		fprintf(stderr, "soukctl: %s\n", err);
	return mc;
}

static int
ident_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int
mig_filter(const struct dirent *d)
{
	size_t	 len = strlen(d->d_name);

	return len > 9 && isdigit((unsigned char)d->d_name[0]) &&
	    strcmp(d->d_name + len - 4, ".sql") == 0;
}

/* Execute each ';'-terminated statement of a migration file. */
static int
mig_run_file(struct db *db, struct arena *a, const char *path)
{
	FILE		*f = fopen(path, "r");
	struct buf	 stmt;
	char		 line[4096];
	size_t		 len;

	if (f == NULL) {
		fprintf(stderr, "soukctl: %s: cannot open\n", path);
		return -1;
	}
	buf_init(&stmt, a, 4096);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "--", 2) == 0)
			continue;
		buf_adds(&stmt, line);
		len = strlen(line);
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		if (len == 0 || line[len - 1] != ';')
			continue;
		if (db_exec_sql(db, stmt.data) != SOUK_OK) {
			fprintf(stderr, "soukctl: %s: %s\n", path,
			    db_error(db));
			fclose(f);
			return -1;
		}
		buf_reset(&stmt);
	}
	fclose(f);
	return 0;
}

static int
mig_apply(struct ctl *c, struct db *db, const char *dir, const char *file)
{
	struct db_arg	 arg = DB_S(file);
	struct db_res	 res;
	const char	*path;

	if (db_exec(db, c->a, MIG_APPLIED, &arg, 1, &res) != SOUK_OK)
		return -1;
	if (res.nrows > 0)
		return 0;
	path = arena_printf(c->a, "%s/%s", dir, file);
	if (path == NULL || mig_run_file(db, c->a, path) == -1 ||
	    db_exec(db, c->a, MIG_RECORD, &arg, 1, NULL) != SOUK_OK)
		return -1;
	printf("migrate: applied %s\n", path);
	return 0;
}

static int
mig_database(struct ctl *c, const char *plane, const char *name)
{
	struct dirent	**list;
	struct db	*db;
	const char	*dir, *create;
	int		 n, i, rc = 0;

	if (!ident_ok(name))
		fatal("bad database name \"%s\"", name);
	if ((db = ctl_db(c, NULL, NULL, 0)) == NULL)
		return -1;
	/* name is a checked identifier from our own configuration */
	create = arena_printf(c->a, "CREATE DATABASE IF NOT EXISTS `%s` "
	    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", name);
	rc = db_exec_sql(db, create) == SOUK_OK ? 0 : -1;
	db_free(db);
	if (rc == -1 || (db = ctl_db(c, name, mig_sql, MIG__MAX)) == NULL)
		return -1;
	dir = arena_printf(c->a, "%s/%s", c->conf.sql_dir, plane);
	if (db_exec(db, c->a, MIG_CREATE, NULL, 0, NULL) != SOUK_OK ||
	    (n = scandir(dir, &list, mig_filter, alphasort)) < 0) {
		fprintf(stderr, "soukctl: %s: cannot read migrations\n", dir);
		db_free(db);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = mig_apply(c, db, dir, list[i]->d_name);
		free(list[i]);
	}
	free(list);
	db_free(db);
	return rc;
}

int
ctl_migrate(struct ctl *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (mig_database(c, "souk_shop", c->conf.shop_db_name) == -1 ||
	    mig_database(c, "souk_center", c->conf.center_db_name) == -1 ||
	    mig_database(c, "souk_services", c->conf.services_db_name) == -1)
		return 1;
	printf("migrate: up to date\n");
	return 0;
}
