/*
 * store: MariaDB (connection, prepared-statement cache, transactions,
 * reconnect, deadlock retry) and memcached (tenant-keyed cache with tight
 * timeouts that never fails a request).
 */
#ifndef SOUK_STORE_H
#define SOUK_STORE_H

#include <stdint.h>

#include "core/core.h"

/* ---- MariaDB ---------------------------------------------------------- */

/*
 * A statement table: an array of SQL strings indexed by an enum of the
 * data-access file that owns it.  Statements are prepared on first use
 * and kept per connection; a reconnect prepares them again.
 */
struct db_stmt_def {
	const char	*name;
	const char	*sql;
};

struct db_conn_info {
	const char	*host;
	int		 port;
	const char	*socket;
	const char	*user;
	const char	*password;
	const char	*database;	/* may be NULL */
};

enum db_type { DB_NULL, DB_I64, DB_STR };

/* One bound parameter. */
struct db_arg {
	enum db_type	 type;
	int64_t		 i;
	const char	*s;
	size_t		 len;	/* 0: strlen(s) */
};

#define DB_I(v)		((struct db_arg){ DB_I64, (v), NULL, 0 })
#define DB_S(v)		((struct db_arg){ DB_STR, 0, (v), 0 })
#define DB_SN(v, n)	((struct db_arg){ DB_STR, 0, (v), (n) })
#define DB_NUL		((struct db_arg){ DB_NULL, 0, NULL, 0 })

/*
 * A result: all rows fetched into the caller's arena as strings
 * (NULL for SQL NULL).  Rows are row-major: cell(r, c) = v[r * ncols + c].
 */
struct db_res {
	size_t		 nrows;
	size_t		 ncols;
	char		**v;
	size_t		*len;
	const char	**cols;		/* column names */
	uint64_t	 affected;	/* for writes */
	uint64_t	 insert_id;
};

struct db;

/* Connects; returns NULL with a message in err. Owner frees with db_free. */
struct db	*db_new(const struct db_conn_info *, const struct db_stmt_def *,
		    size_t nstmts, char *err, size_t errlen);
void		 db_free(struct db *);

/*
 * Run statement id with args; results (if any) are copied into arena a.
 * A lost connection outside a transaction reconnects and retries once.
 * db may be NULL (app_db() while the server is down): SOUK_UNAVAILABLE,
 * as db_tx.
 */
enum souk_err	 db_exec(struct db *, struct arena *, int id,
		    const struct db_arg *, size_t nargs, struct db_res *out);
/* Plain SQL without parameters (migrations, admin); no result rows. */
enum souk_err	 db_exec_sql(struct db *, const char *sql);

/*
 * Run fn inside a transaction; a deadlock or lock wait timeout rolls back
 * and runs fn again (at most 3 times).  fn returns SOUK_OK to commit.
 */
enum souk_err	 db_tx(struct db *, enum souk_err (*fn)(struct db *, void *),
		    void *);
/* Transactions open right now in this process, over all connections. */
int		 db_tx_open(void);
enum souk_err	 db_ping(struct db *);
const char	*db_error(struct db *);
/*
 * A duplicate key (MySQL error 1062) is SOUK_CONFLICT; this names the
 * unique key it hit ("products_sku", "PRIMARY"), for the domain code to
 * say what was taken.  NULL unless the last statement run on db (the
 * last of a transaction that failed) hit a unique key.  Kept in db
 * until its next statement.
 */
const char	*db_conflict_key(const struct db *);
/*
 * The key's name in a server message "Duplicate entry '…' for key
 * '<name>'" (or '<table>.<name>') into key (size bytes): 1, or 0 if msg
 * is no such message or the name does not fit.  For db_conflict_key and
 * the tests.
 */
int		 db_dup_key(const char *msg, char *key, size_t size);
/* Round trips since start: for tests and the benchmark. */
uint64_t	 db_round_trips(const struct db *);

const char	*db_cell(const struct db_res *, size_t row, size_t col);
int64_t		 db_cell_i64(const struct db_res *, size_t row, size_t col);

/* ---- memcached -------------------------------------------------------- */

struct cache;

/*
 * servers: "host:port[,host:port…]"; timeout_ms bounds connect and poll.
 * After a failure the cache is skipped for a few seconds, so a dead
 * memcached costs at most one timeout every few seconds.
 */
struct cache	*cache_new(const char *servers, int timeout_ms, int ttl);
void		 cache_free(struct cache *);
/*
 * The cache of a configuration, with its MAC key: conf's cache_key, or
 * derived from its master_key.  NULL with a message in err.
 */
struct cache	*cache_new_conf(const struct conf *, char *err, size_t errlen);
/*
 * The MAC key of every value (cachemac.c; at least 16 bytes, copied):
 * until it is set, the cache stores and finds nothing.  0, or -1.
 */
int		 cache_key_set(struct cache *, const unsigned char *key,
		    size_t len);
/* Values refused by their MAC since start (also logged, sparingly). */
uint64_t	 cache_refused(const struct cache *);
/*
 * Value in arena a, or NULL on miss or any error; a value without its
 * right MAC, or past the expiry sealed in it, is a miss.
 */
char		*cache_get(struct cache *, struct arena *, const char *key,
		    size_t *len);
/*
 * Several keys in one round trip: vals[i] (in arena a) is NULL for a
 * miss; any error reads as all misses.
 */
void		 cache_mget(struct cache *, struct arena *, const char **keys,
		    size_t n, char **vals);
void		 cache_set(struct cache *, const char *key, const char *val,
		    size_t len, int ttl);	/* ttl 0: the default */
/*
 * Readers that filled a miss from the database use cache_add: it never
 * overwrites, so a reader that read before a writer's commit cannot put
 * back what the writer replaced (writers use cache_set after commit).
 */
void		 cache_add(struct cache *, const char *key, const char *val,
		    size_t len, int ttl);
void		 cache_del(struct cache *, const char *key);
/*
 * Counters are bare numbers (memcached's incr cannot work on sealed
 * values), so they only ever limit rates: nothing about who someone is.
 * Add 1 to a counter made with ttl if missing: the new value, or -1.
 */
int64_t		 cache_incr(struct cache *, const char *key, int ttl);
/*
 * Rate limit in one-minute windows: count an event under prefix; 1 if
 * it is past limit (*retry_after: seconds to the next window).  With
 * memcached down nothing is counted and nothing is refused.
 */
int		 cache_rate_over(struct cache *, struct arena *,
		    const char *prefix, int limit, int64_t now,
		    int *retry_after);
/* Counters of keys in one round trip (a miss or a bad value: 0). */
void		 cache_counts(struct cache *, struct arena *,
		    const char **keys, size_t n, int64_t *counts);
/* 0 while the cache is skipped after a failure (or is NULL). */
int		 cache_up(struct cache *);
/* SOUK_OK if a server answers. */
enum souk_err	 cache_ping(struct cache *);

/* ---- MACs of cached values (cachemac.c) ------------------------------ */

struct cache_mac;

/* HKDF label of the cache key (sec/purpose.c holds the others). */
#define CACHE_KEY_INFO	"souk cache mac"

/*
 * HKDF-SHA256 of the master key (hex) with info into len bytes: the
 * purpose keys ("souk cache mac", "souk seal", …; sec/purpose.c).  0,
 * or -1 on a bad master key.
 */
int		 store_hkdf(const char *master_hex, const char *info,
		    unsigned char *out, size_t len);
struct cache_mac *cache_mac_new(const unsigned char *key, size_t len);
void		 cache_mac_free(struct cache_mac *);
/*
 * "<expiry>\n<val>\n<hex mac>" into out (size: at least len + 90):
 * *outlen bytes, not terminated.  0, or -1.
 */
int		 cache_mac_seal(struct cache_mac *, const char *key,
		    const char *val, size_t len, int ttl, char *out,
		    size_t size, size_t *outlen);
/*
 * The value inside sealed (len bytes, modified in place; terminated,
 * *outlen long), or NULL: *forged is 1 if the MAC failed (counted and
 * logged), 0 if the value was genuine but expired.
 */
char		*cache_mac_open(struct cache_mac *, const char *key,
		    char *sealed, size_t len, size_t *outlen, int *forged);
uint64_t	 cache_mac_refused(const struct cache_mac *);

#endif /* SOUK_STORE_H */
