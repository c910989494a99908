/*
 * MariaDB through Connector/C prepared statements: one statement table
 * per database, prepared on first use and cached per connection; all
 * results copied into the caller's arena as strings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>

#include "store/store.h"

#define DB_MAX_ARGS	32
#define DB_TX_TRIES	3

/*
 * Transactions open in this process, over every connection: code that
 * must never run inside one (a network call holding row locks) asks
 * db_tx_open().
 */
static int	db_tx_count;

struct db {
	MYSQL			*my;
	char			*host, *socket, *user, *password, *database;
	int			 port;
	const struct db_stmt_def *defs;
	size_t			 ndefs;
	MYSQL_STMT		**stmts;
	int			 in_tx;
	unsigned int		 last_errno;
	uint64_t		 round_trips;
	char			 err[256];
	char			 dup_key[65];	/* of the last ER_DUP_ENTRY */
};

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

static void
db_set_err(struct db *db, unsigned int no, const char *msg)
{
	db->last_errno = no;
	snprintf(db->err, sizeof(db->err), "%u: %s", no, msg);
	/* the whole message: err may have cut the key's name off */
	if (no != ER_DUP_ENTRY ||
	    !db_dup_key(msg, db->dup_key, sizeof(db->dup_key)))
		db->dup_key[0] = '\0';
}

/*
 * The server says "Duplicate entry '<value>' for key '<name>'"; MySQL 8
 * writes '<table>.<name>'.  The value may hold anything, quotes and
 * "for key" included, but the name comes last and holds no quote.
 */
int
db_dup_key(const char *msg, char *key, size_t size)
{
	static const char	 mark[] = " for key '";
	const char		*p, *q, *dot, *last = NULL;
	size_t			 n;

	if (size == 0)
		return 0;
	key[0] = '\0';
	if (msg == NULL || !str_has_prefix(msg, "Duplicate entry '"))
		return 0;
	for (p = msg; (p = strstr(p, mark)) != NULL; p++)
		last = p + sizeof(mark) - 1;
	if (last == NULL || (q = strchr(last, '\'')) == NULL || q[1] != '\0')
		return 0;
	if ((dot = memchr(last, '.', (size_t)(q - last))) != NULL)
		last = dot + 1;
	if ((n = (size_t)(q - last)) == 0 || n >= size)
		return 0;
	memcpy(key, last, n);
	key[n] = '\0';
	return 1;
}

static void
db_close(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->ndefs; i++)
		if (db->stmts[i] != NULL) {
			mysql_stmt_close(db->stmts[i]);
			db->stmts[i] = NULL;
		}
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = 0;
}

static enum souk_err
db_connect(struct db *db)
{
	unsigned int	 timeout = 2, io = 30;
	my_bool		 no = 0;

	if ((db->my = mysql_init(NULL)) == NULL)
		return SOUK_ENOMEM;
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &io);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &io);
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &no);
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', "
	    "collation_connection = 'utf8mb4_unicode_ci'");
	if (mysql_real_connect(db->my, db->host, db->user, db->password,
	    db->database, (unsigned int)db->port, db->socket, 0) == NULL) {
		db_set_err(db, mysql_errno(db->my), mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		return SOUK_UNAVAILABLE;
	}
	db->round_trips++;
	return SOUK_OK;
}

struct db *
db_new(const struct db_conn_info *ci, const struct db_stmt_def *defs,
    size_t ndefs, char *err, size_t errlen)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL ||
	    (db->stmts = calloc(ndefs + 1, sizeof(*db->stmts))) == NULL) {
		free(db);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	db->host = dup_or_null(ci->socket != NULL ? "localhost" : ci->host);
	db->socket = dup_or_null(ci->socket);
	db->user = dup_or_null(ci->user);
	db->password = dup_or_null(ci->password);
	db->database = dup_or_null(ci->database);
	db->port = ci->port;
	db->defs = defs;
	db->ndefs = ndefs;
	if (db_connect(db) != SOUK_OK) {
		snprintf(err, errlen, "%s", db->err);
		db_free(db);
		return NULL;
	}
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db->host);
	free(db->socket);
	free(db->user);
	free(db->password);
	free(db->database);
	free(db->stmts);
	free(db);
}

static int
db_conn_lost(unsigned int no)
{
	return no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST ||
	    no == CR_CONNECTION_ERROR || no == ER_CONNECTION_KILLED ||
	    no == CR_COMMANDS_OUT_OF_SYNC;
}

static enum souk_err
db_stmt_err(struct db *db, MYSQL_STMT *st)
{
	unsigned int	 no = mysql_stmt_errno(st);

	db_set_err(db, no, mysql_stmt_error(st));
	if (no == ER_DUP_ENTRY)
		return SOUK_CONFLICT;
	if (db_conn_lost(no))
		return SOUK_UNAVAILABLE;
	return SOUK_DB;
}

static MYSQL_STMT *
db_prepare(struct db *db, const char *sql, enum souk_err *er)
{
	MYSQL_STMT	*st;

	if (db->my == NULL && (*er = db_connect(db)) != SOUK_OK)
		return NULL;
	if ((st = mysql_stmt_init(db->my)) == NULL) {
		*er = SOUK_ENOMEM;
		return NULL;
	}
	db->round_trips++;
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		*er = db_stmt_err(db, st);
		mysql_stmt_close(st);
		return NULL;
	}
	return st;
}

static void
db_bind_args(MYSQL_BIND *b, const struct db_arg *args, size_t n,
    unsigned long *lens)
{
	size_t	 i;

	memset(b, 0, sizeof(*b) * n);
	for (i = 0; i < n; i++) {
		switch (args[i].type) {
		case DB_I64:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&args[i].i;
			break;
		case DB_STR:
			lens[i] = args[i].len != 0 ? args[i].len :
			    strlen(args[i].s);
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)args[i].s;
			b[i].buffer_length = lens[i];
			b[i].length = &lens[i];
			break;
		default:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		}
	}
}

/* Result column bindings, as strings sized by the stored max lengths. */
struct db_cols {
	MYSQL_BIND	*b;
	unsigned long	*lens;
	my_bool		*nulls;
	size_t		 n;
};

static enum souk_err
db_cols_init(struct arena *a, MYSQL_STMT *st, struct db_cols *c,
    struct db_res *out)
{
	MYSQL_RES	*meta = mysql_stmt_result_metadata(st);
	MYSQL_FIELD	*f;
	size_t		 i, rows = mysql_stmt_num_rows(st);

	if (meta == NULL)
		return SOUK_DB;
	c->n = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	c->b = arena_alloc(a, sizeof(*c->b) * c->n);
	c->lens = arena_alloc(a, sizeof(*c->lens) * c->n);
	c->nulls = arena_alloc(a, sizeof(*c->nulls) * c->n);
	out->cols = arena_alloc(a, sizeof(*out->cols) * c->n);
	out->v = arena_alloc(a, sizeof(*out->v) * (c->n * rows + 1));
	out->len = arena_alloc(a, sizeof(*out->len) * (c->n * rows + 1));
	for (i = 0; c->b != NULL && c->lens != NULL && c->nulls != NULL &&
	    out->cols != NULL && i < c->n; i++) {
		out->cols[i] = arena_strdup(a, f[i].name);
		c->b[i].buffer_type = MYSQL_TYPE_STRING;
		/* numbers report no max_length: 64 holds any of them */
		c->b[i].buffer_length = (f[i].max_length < 64 ? 64 :
		    f[i].max_length) + 1;
		c->b[i].length = &c->lens[i];
		c->b[i].is_null = &c->nulls[i];
	}
	mysql_free_result(meta);
	out->ncols = c->n;
	return i == c->n && out->v != NULL && out->len != NULL ? SOUK_OK :
	    SOUK_ENOMEM;
}

/* Fetch every stored row into the arena (fresh buffers per row). */
static enum souk_err
db_fetch_all(struct db *db, MYSQL_STMT *st, struct arena *a,
    struct db_res *out)
{
	struct db_cols	 c;
	size_t		 r, i, rows = mysql_stmt_num_rows(st);
	enum souk_err	 er;
	int		 rc;

	if ((er = db_cols_init(a, st, &c, out)) != SOUK_OK)
		return er;
	for (r = 0; r < rows; r++) {
		for (i = 0; i < c.n; i++)
			if ((c.b[i].buffer = arena_alloc(a,
			    c.b[i].buffer_length)) == NULL)
				return SOUK_ENOMEM;
		if (mysql_stmt_bind_result(st, c.b) != 0)
			return db_stmt_err(db, st);
		if ((rc = mysql_stmt_fetch(st)) == MYSQL_NO_DATA)
			break;
		if (rc == 1 || rc == MYSQL_DATA_TRUNCATED)
			return db_stmt_err(db, st);
		for (i = 0; i < c.n; i++) {
			out->v[r * c.n + i] = c.nulls[i] ? NULL : c.b[i].buffer;
			out->len[r * c.n + i] = c.nulls[i] ? 0 : c.lens[i];
		}
		out->nrows = r + 1;
	}
	return SOUK_OK;
}

static enum souk_err
db_run(struct db *db, struct arena *a, MYSQL_STMT *st,
    const struct db_arg *args, size_t nargs, struct db_res *out)
{
	MYSQL_BIND	 b[DB_MAX_ARGS];
	unsigned long	 lens[DB_MAX_ARGS];
	my_bool		 one = 1;
	enum souk_err	 er = SOUK_OK;

	if (nargs > DB_MAX_ARGS ||
	    nargs != mysql_stmt_param_count(st))
		return SOUK_INTERNAL;
	db_bind_args(b, args, nargs, lens);
	if (nargs > 0 && mysql_stmt_bind_param(st, b) != 0)
		return db_stmt_err(db, st);
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	db->round_trips++;
	if (mysql_stmt_execute(st) != 0 || mysql_stmt_store_result(st) != 0)
		return db_stmt_err(db, st);
	out->affected = mysql_stmt_affected_rows(st);
	out->insert_id = mysql_stmt_insert_id(st);
	if (mysql_stmt_field_count(st) > 0)
		er = db_fetch_all(db, st, a, out);
	mysql_stmt_free_result(st);
	return er;
}

static enum souk_err
db_exec_once(struct db *db, struct arena *a, int id,
    const struct db_arg *args, size_t nargs, struct db_res *out)
{
	enum souk_err	 er = SOUK_OK;

	if (db->stmts[id] == NULL &&
	    (db->stmts[id] = db_prepare(db, db->defs[id].sql, &er)) == NULL)
		return er;
	return db_run(db, a, db->stmts[id], args, nargs, out);
}

enum souk_err
db_exec(struct db *db, struct arena *a, int id, const struct db_arg *args,
    size_t nargs, struct db_res *out)
{
	struct db_res	 dummy;
	enum souk_err	 er;

	if (db == NULL)		/* app_db() while the server is down */
		return SOUK_UNAVAILABLE;
	if (id < 0 || (size_t)id >= db->ndefs)
		return SOUK_INTERNAL;
	if (out == NULL)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	db->dup_key[0] = '\0';
	er = db_exec_once(db, a, id, args, nargs, out);
	if (er == SOUK_UNAVAILABLE && !db->in_tx) {
		db_close(db);
		memset(out, 0, sizeof(*out));
		er = db_exec_once(db, a, id, args, nargs, out);
	}
	if (er == SOUK_UNAVAILABLE)
		db_close(db);
	return er;
}

enum souk_err
db_exec_sql(struct db *db, const char *sql)
{
	MYSQL_STMT	*st;
	enum souk_err	 er = SOUK_OK;

	db->dup_key[0] = '\0';
	if ((st = db_prepare(db, sql, &er)) == NULL)
		return er;
	db->round_trips++;
	if (mysql_stmt_execute(st) != 0)
		er = db_stmt_err(db, st);
	mysql_stmt_close(st);
	return er;
}

static int
db_retryable(unsigned int no)
{
	return no == ER_LOCK_DEADLOCK || no == ER_LOCK_WAIT_TIMEOUT;
}

static enum souk_err
db_tx_once(struct db *db, enum souk_err (*fn)(struct db *, void *),
    void *arg)
{
	enum souk_err	 er;

	if (db->my == NULL && (er = db_connect(db)) != SOUK_OK)
		return er;
	db->last_errno = 0;
	db->round_trips++;
	if (mysql_autocommit(db->my, 0) != 0)
		return SOUK_UNAVAILABLE;
	db->in_tx = 1;
	db_tx_count++;
	er = fn(db, arg);
	db->round_trips++;
	if (er == SOUK_OK && mysql_commit(db->my) != 0) {
		db_set_err(db, mysql_errno(db->my), mysql_error(db->my));
		er = SOUK_DB;
	}
	if (er != SOUK_OK && db->my != NULL)
		mysql_rollback(db->my);
	if (db->my != NULL)
		mysql_autocommit(db->my, 1);
	db->in_tx = 0;
	db_tx_count--;
	return er;
}

enum souk_err
db_tx(struct db *db, enum souk_err (*fn)(struct db *, void *), void *arg)
{
	enum souk_err	 er = SOUK_DB;
	int		 i;

	if (db == NULL)
		return SOUK_UNAVAILABLE;
	for (i = 0; i < DB_TX_TRIES; i++) {
		er = db_tx_once(db, fn, arg);
		if (er == SOUK_OK || !db_retryable(db->last_errno))
			break;
		log_msg(LOG_WARN, "database: retrying transaction: %s",
		    db->err);
	}
	return er;
}

int
db_tx_open(void)
{
	return db_tx_count;
}

enum souk_err
db_ping(struct db *db)
{
	if (db->my == NULL && db_connect(db) != SOUK_OK)
		return SOUK_UNAVAILABLE;
	db->round_trips++;
	if (mysql_ping(db->my) == 0)
		return SOUK_OK;
	db_close(db);
	return db_connect(db);
}

const char *
db_error(struct db *db)
{
	return db->err;
}

const char *
db_conflict_key(const struct db *db)
{
	if (db == NULL || db->dup_key[0] == '\0')
		return NULL;
	return db->dup_key;
}

uint64_t
db_round_trips(const struct db *db)
{
	return db->round_trips;
}

const char *
db_cell(const struct db_res *res, size_t row, size_t col)
{
	if (row >= res->nrows || col >= res->ncols)
		return NULL;
	return res->v[row * res->ncols + col];
}

int64_t
db_cell_i64(const struct db_res *res, size_t row, size_t col)
{
	const char	*s = db_cell(res, row, col);
	int64_t		 v;

	if (s == NULL || str_to_i64(s, INT64_MIN, INT64_MAX, &v) != SOUK_OK)
		return 0;
	return v;
}
