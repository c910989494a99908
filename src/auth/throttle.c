/*
 * Limits on guessing.  A sign-in's failures are counted per (account,
 * client address) in two windows, a minute (10) and an hour (30: the
 * back-off once a client keeps failing), and per client address over
 * all accounts (30 a minute).  Nobody else's failures count against an
 * account's owner on their own client, and a throttled sign-in still
 * goes through with the right password and the right second factor:
 * unauthenticated traffic cannot lock an owner with two-factor out.
 *
 * Counters live in memcached and, for a process that skips memcached
 * after a failure, in Center's signin_failures table (both are read:
 * some processes may count in one, some in the other).  Counter keys
 * hold a hash of the e-mail address, never the address itself.
 */
#include <string.h>

#include "auth/auth_int.h"

#define TRIES_MINUTE	10	/* per account and client, a minute */
#define TRIES_HOUR	30	/* per account and client, an hour */
#define TRIES_ADDR	30	/* per client, a minute, over all accounts */

/* One counter: its key, its limit, its window's length and number. */
struct limit {
	const char	*key;
	int		 max;
	int		 secs;		/* 60 or 3600 */
};

/* The window of secs that now is in, as a number of minutes. */
static int64_t
window_of(int secs)
{
	return time_unix() / secs * (secs / 60);
}

static const char *
limit_key(struct arena *a, const char *what, int secs)
{
	return arena_printf(a, "souk:v1:limit:%s:%c%lld", what,
	    secs == 60 ? 'm' : 'h', (long long)window_of(secs));
}

static struct db *
limit_db(struct req *r)
{
	return app_center_db(r->app, sec_key_sql, KEY__MAX);
}

/* Failures of a counter in the database (add: count one more). */
static int64_t
db_count(struct req *r, const struct limit *l, int add)
{
	struct db	*db = limit_db(r);
	struct db_arg	 v[2];
	struct db_res	 res;

	if (db == NULL)
		return 0;
	v[0] = DB_S(sec_sha256_hex(r->a, l->key, strlen(l->key)));
	v[1] = DB_I(window_of(l->secs));
	if (v[0].s == NULL)
		return 0;
	if (add)
		return db_exec(db, r->a, KEY_FAIL_ADD, v, 2, NULL) == SOUK_OK;
	if (db_exec(db, r->a, KEY_FAIL_GET, v, 2, &res) != SOUK_OK ||
	    res.nrows != 1)
		return 0;
	return db_cell_i64(&res, 0, 0);
}

/* 1 if a counter of l[n] is at its limit (r->retry_after set). */
static int
limits_over(struct req *r, const struct limit *l, size_t n)
{
	const char	*keys[4];
	int64_t		 c[4] = { 0, 0, 0, 0 };
	size_t		 i;
	int		 over = 0;

	for (i = 0; i < n; i++)
		keys[i] = l[i].key;
	if (cache_up(r->app->cache))
		cache_counts(r->app->cache, r->a, keys, n, c);
	for (i = 0; i < n; i++) {
		if (c[i] + db_count(r, &l[i], 0) < l[i].max)
			continue;
		over = 1;
		if ((int)(l[i].secs - time_unix() % l[i].secs) >
		    r->retry_after)
			r->retry_after = (int)(l[i].secs - time_unix() %
			    l[i].secs);
	}
	return over;
}

static void
limits_count(struct req *r, const struct limit *l, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (cache_incr(r->app->cache, l[i].key, l[i].secs + 60) < 0)
			(void)db_count(r, &l[i], 1);
}

/* The counters of a sign-in of email on this plane; 0 on ENOMEM. */
static size_t
signin_limits(struct req *r, const char *email, struct limit *l)
{
	const struct auth_plane	*p = auth_plane_of(r);
	const char		*e = str_lower_dup(r->a, email), *who, *realm;

	realm = p->scoped ? arena_printf(r->a, "shop:%lld:%s",
	    (long long)r->tenant_id, p->name) : "center";
	if (e == NULL || realm == NULL || (who = arena_printf(r->a,
	    "%s:ac:%s:%s", realm, sec_sha256_hex(r->a, e, strlen(e)),
	    r->remote_addr)) == NULL)
		return 0;
	l[0] = (struct limit){ limit_key(r->a, who, 60), TRIES_MINUTE, 60 };
	l[1] = (struct limit){ limit_key(r->a, who, 3600), TRIES_HOUR, 3600 };
	l[2] = (struct limit){ limit_key(r->a, arena_printf(r->a,
	    "%s:addr:%s", realm, r->remote_addr), 60), TRIES_ADDR, 60 };
	return l[0].key != NULL && l[1].key != NULL && l[2].key != NULL ?
	    3 : 0;
}

static enum souk_err
refuse(struct req *r, const char *detail, const char *what)
{
	r->detail = detail;
	log_msg(LOG_WARN, "reqid=%s %s throttled from %s", r->reqid, what,
	    log_field(r->a, r->remote_addr));
	return SOUK_RATELIMIT;
}

enum souk_err
auth_throttle(struct req *r, const char *email)
{
	struct limit	 l[3];
	size_t		 n;

	if ((n = signin_limits(r, email, l)) == 0)
		return SOUK_ENOMEM;
	if (!limits_over(r, l, n))
		return SOUK_OK;
	return refuse(r, N_("Too many failed sign-ins; try again later."),
	    "sign-in");
}

void
auth_throttle_fail(struct req *r, const char *email)
{
	struct limit	 l[3];
	size_t		 n;

	if ((n = signin_limits(r, email, l)) > 0)
		limits_count(r, l, n);
}

/* The two counters of auth_limit. */
static int
other_limits(struct req *r, const char *realm, const char *key,
    int per_key, int per_addr, struct limit *l)
{
	const char	*k = str_lower_dup(r->a, key != NULL ? key : "");

	if (k == NULL)
		return -1;
	l[0] = (struct limit){ limit_key(r->a, arena_printf(r->a,
	    "%s:key:%s", realm, sec_sha256_hex(r->a, k, strlen(k))), 60),
	    per_key, 60 };
	l[1] = (struct limit){ limit_key(r->a, arena_printf(r->a,
	    "%s:addr:%s", realm, r->remote_addr), 60), per_addr, 60 };
	return l[0].key != NULL && l[1].key != NULL ? 0 : -1;
}

enum souk_err
auth_limit(struct req *r, const char *realm, const char *key, int per_key,
    int per_addr)
{
	struct limit	 l[2];

	if (other_limits(r, realm, key, per_key, per_addr, l) == -1)
		return SOUK_ENOMEM;
	if (!limits_over(r, l, 2))
		return SOUK_OK;
	return refuse(r, N_("Too many requests; try again in a minute."),
	    realm);
}

void
auth_limit_count(struct req *r, const char *realm, const char *key)
{
	struct limit	 l[2];

	if (other_limits(r, realm, key, 1, 1, l) == 0)
		limits_count(r, l, 2);
}

int64_t
auth_throttle_purge(struct db *db, struct arena *a)
{
	/* Hour windows are numbered by their first minute: keep 61. */
	struct db_arg	 arg = DB_I(time_unix() / 60 - 61);
	struct db_res	 res;

	if (db_exec(db, a, KEY_FAIL_PURGE, &arg, 1, &res) != SOUK_OK)
		return -1;
	return (int64_t)res.affected;
}

enum souk_err
auth_web_sign_in(struct req *r, const char *email, const char *password,
    const char *otp, const char *kind, int flags, const char **token,
    struct auth_account *ac)
{
	struct auth_cx	 cx;
	enum souk_err	 er, limited;

	if ((limited = auth_throttle(r, email)) != SOUK_OK &&
	    (limited != SOUK_RATELIMIT || otp == NULL))
		return limited;
	if (limited == SOUK_OK)
		limited = SOUK_UNAUTHORIZED;	/* what a failure answers */
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if (limited == SOUK_RATELIMIT)
		flags |= AUTH_SIGNIN_CODE;
	er = auth_sign_in(&cx, email, password, otp, kind, flags, token, ac);
	if (er == SOUK_UNAUTHORIZED) {
		auth_throttle_fail(r, email);
		auth_audit(r, NULL, "signin.failure", arena_printf(r->a,
		    "email:%s", email), NULL);
		return limited;	/* SOUK_RATELIMIT keeps its detail */
	}
	if (er == SOUK_OK) {
		r->detail = NULL;
		r->retry_after = 0;
	}
	return er;
}
