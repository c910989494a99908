/*
 * memcached through libmemcached.  The cache never fails a request: any
 * error reads as a miss, and after one the cache is skipped for a few
 * seconds so that a dead or slow server costs one timeout, not one per
 * request.
 *
 * Values are sealed on the way in and checked on the way out
 * (cachemac.c): without its MAC key a cache stores nothing and finds
 * nothing.  Counters (cache_incr, cache_counts) are the one exception:
 * memcached's incr works on bare numbers.
 */
#include <stdlib.h>
#include <string.h>

#include <libmemcached/memcached.h>

#include "store/store.h"

#define CACHE_SKIP_MS	2000.0
#define SEAL_EXTRA	96	/* expiry, newlines and MAC around a value */

struct cache {
	memcached_st	*mc;
	char		*servers;
	int		 timeout_ms;
	int		 ttl;
	double		 skip_until;
	int		 broken;	/* rebuild mc when the skip ends */
	struct cache_mac *mac;		/* NULL: nothing is stored */
};

/* A fresh libmemcached handle: no state left from a failed server. */
static memcached_st *
cache_handle(const char *servers, int timeout_ms)
{
	memcached_server_st	*list = memcached_servers_parse(servers);
	memcached_st		*mc;

	if (list == NULL || (mc = memcached_create(NULL)) == NULL ||
	    memcached_server_push(mc, list) != MEMCACHED_SUCCESS) {
		memcached_server_list_free(list);
		return NULL;
	}
	memcached_server_list_free(list);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT,
	    (uint64_t)timeout_ms);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT,
	    (uint64_t)timeout_ms);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT,
	    (uint64_t)timeout_ms * 1000);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT,
	    (uint64_t)timeout_ms * 1000);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
	memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_DISTRIBUTION,
	    MEMCACHED_DISTRIBUTION_CONSISTENT);
	return mc;
}

struct cache *
cache_new(const char *servers, int timeout_ms, int ttl)
{
	struct cache	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->ttl = ttl;
	c->timeout_ms = timeout_ms;
	if ((c->servers = strdup(servers)) == NULL ||
	    (c->mc = cache_handle(servers, timeout_ms)) == NULL) {
		cache_free(c);
		return NULL;
	}
	return c;
}

int
cache_key_set(struct cache *c, const unsigned char *key, size_t len)
{
	struct cache_mac	*m;

	if ((m = cache_mac_new(key, len)) == NULL)
		return -1;
	cache_mac_free(c->mac);
	c->mac = m;
	return 0;
}

uint64_t
cache_refused(const struct cache *c)
{
	return c == NULL ? 0 : cache_mac_refused(c->mac);
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	if (c->mc != NULL)
		memcached_free(c->mc);
	cache_mac_free(c->mac);
	free(c->servers);
	free(c);
}

/*
 * Usable unless a failure is recent.  After one, the handle is rebuilt
 * before the next use: libmemcached keeps a failed server's state (and
 * may never try it again), we want a plain new attempt.
 */
static int
cache_usable(struct cache *c)
{
	memcached_st	*mc;

	if (c == NULL || time_now_ms() < c->skip_until)
		return 0;
	if (c->broken && (mc = cache_handle(c->servers, c->timeout_ms)) !=
	    NULL) {
		memcached_free(c->mc);
		c->mc = mc;
		c->broken = 0;
	}
	return 1;
}

/*
 * memcached keys: at most 250 bytes, no spaces or controls.  Another key
 * reads as a miss and is never stored (it must not count as a failure
 * of the server, or a long Host header could switch the cache off).
 */
static int
cache_key_ok(const char *key)
{
	size_t	 i;

	for (i = 0; key[i] != '\0'; i++)
		if (i >= 250 || (unsigned char)key[i] <= ' ' ||
		    key[i] == 0x7f)
			return 0;
	return i > 0;
}

static void
cache_failed(struct cache *c, memcached_return_t rc)
{
	if (rc == MEMCACHED_NOTFOUND || rc == MEMCACHED_SUCCESS)
		return;
	c->skip_until = time_now_ms() + CACHE_SKIP_MS;
	c->broken = 1;
	log_msg(LOG_WARN, "memcached: %s; skipping it for %.0f ms",
	    memcached_strerror(c->mc, rc), CACHE_SKIP_MS);
}

/*
 * The value inside sealed (from memcached, in an arena), or NULL.  A
 * value that fails its MAC is deleted, so that a reader's cache_add can
 * put a genuine one in its place.
 */
static char *
cache_open(struct cache *c, const char *key, char *sealed, size_t n,
    size_t *len)
{
	size_t	 vlen;
	char	*v;
	int	 forged;

	if (c->mac == NULL)
		return NULL;
	v = cache_mac_open(c->mac, key, sealed, n, &vlen, &forged);
	if (forged)
		cache_del(c, key);
	if (v != NULL && len != NULL)
		*len = vlen;
	return v;
}

char *
cache_get(struct cache *c, struct arena *a, const char *key, size_t *len)
{
	memcached_return_t	 rc;
	uint32_t		 flags;
	size_t			 n;
	char			*v, *copy;

	if (!cache_usable(c) || !cache_key_ok(key))
		return NULL;
	v = memcached_get(c->mc, key, strlen(key), &n, &flags, &rc);
	if (v == NULL) {
		cache_failed(c, rc);
		return NULL;
	}
	copy = arena_strndup(a, v, n);
	free(v);
	return copy == NULL ? NULL : cache_open(c, key, copy, n, len);
}

/* Index of the key of result res among keys, or n. */
static size_t
mget_index(const memcached_result_st *res, const char **keys, size_t n)
{
	const char	*k = memcached_result_key_value(res);
	size_t		 klen = memcached_result_key_length(res), i;

	for (i = 0; i < n; i++)
		if (strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0)
			return i;
	return n;
}

/* sealed: values to open (else counters, taken as they are). */
static void
mget_any(struct cache *c, struct arena *a, const char **keys, size_t n,
    char **vals, int sealed)
{
	const char		*ok[8];
	size_t			 lens[8], vlens[8], i, m = 0;
	memcached_result_st	*res;
	memcached_return_t	 rc;

	for (i = 0; i < n; i++)
		vals[i] = NULL;
	if (!cache_usable(c) || n > sizeof(lens) / sizeof(lens[0]))
		return;
	for (i = 0; i < n; i++)		/* a bad key is a miss, alone */
		if (cache_key_ok(keys[i])) {
			ok[m] = keys[i];
			lens[m++] = strlen(keys[i]);
		}
	if (m == 0)
		return;
	rc = memcached_mget(c->mc, ok, lens, m);
	if (rc != MEMCACHED_SUCCESS) {
		cache_failed(c, rc);
		return;
	}
	while ((res = memcached_fetch_result(c->mc, NULL, &rc)) != NULL) {
		i = mget_index(res, keys, n);
		if (i < n) {
			vlens[i] = memcached_result_length(res);
			vals[i] = arena_strndup(a, memcached_result_value(res),
			    vlens[i]);
		}
		memcached_result_free(res);
	}
	if (rc != MEMCACHED_END && rc != MEMCACHED_SUCCESS &&
	    rc != MEMCACHED_NOTFOUND)
		cache_failed(c, rc);
	/* opened once the fetch is over: a forged value is deleted */
	for (i = 0; sealed && i < n; i++)
		if (vals[i] != NULL)
			vals[i] = cache_open(c, keys[i], vals[i], vlens[i],
			    NULL);
}

void
cache_mget(struct cache *c, struct arena *a, const char **keys, size_t n,
    char **vals)
{
	mget_any(c, a, keys, n, vals, 1);
}

void
cache_counts(struct cache *c, struct arena *a, const char **keys, size_t n,
    int64_t *counts)
{
	char	*vals[8];
	size_t	 i;

	for (i = 0; i < n; i++)
		counts[i] = 0;
	if (n > sizeof(vals) / sizeof(vals[0]))
		return;
	mget_any(c, a, keys, n, vals, 0);
	for (i = 0; i < n; i++)
		if (vals[i] == NULL || str_to_i64(vals[i], 0, INT64_MAX,
		    &counts[i]) != SOUK_OK)
			counts[i] = 0;
}

/* Seal val and store it: add (never overwrite) or set. */
static void
store_sealed(struct cache *c, const char *key, const char *val, size_t len,
    int ttl, int add)
{
	memcached_return_t	 rc;
	size_t			 n;
	char			*s;

	if (ttl <= 0)
		ttl = c->ttl;
	if (c->mac == NULL || (s = malloc(len + SEAL_EXTRA)) == NULL)
		return;
	if (cache_mac_seal(c->mac, key, val, len, ttl, s, len + SEAL_EXTRA,
	    &n) == 0) {
		rc = (add ? memcached_add : memcached_set)(c->mc, key,
		    strlen(key), s, n, (time_t)ttl, 0);
		if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTSTORED &&
		    rc != MEMCACHED_DATA_EXISTS)
			cache_failed(c, rc);
	}
	free(s);
}

void
cache_set(struct cache *c, const char *key, const char *val, size_t len,
    int ttl)
{
	if (cache_usable(c) && cache_key_ok(key))
		store_sealed(c, key, val, len, ttl, 0);
}

void
cache_add(struct cache *c, const char *key, const char *val, size_t len,
    int ttl)
{
	if (cache_usable(c) && cache_key_ok(key))
		store_sealed(c, key, val, len, ttl, 1);
}

/*
 * Counter for rate limits: key starts at 1 with ttl if missing.  The
 * text protocol's incr does not create, so a miss adds; losing that race
 * to another process just means incrementing its value.
 */
int64_t
cache_incr(struct cache *c, const char *key, int ttl)
{
	memcached_return_t	 rc;
	uint64_t		 v;
	int			 i;

	if (!cache_usable(c) || !cache_key_ok(key))
		return -1;
	for (i = 0; i < 2; i++) {
		rc = memcached_increment(c->mc, key, strlen(key), 1, &v);
		if (rc == MEMCACHED_SUCCESS)
			return (int64_t)v;
		if (rc != MEMCACHED_NOTFOUND)
			break;
		rc = memcached_add(c->mc, key, strlen(key), "1", 1,
		    (time_t)(ttl > 0 ? ttl : c->ttl), 0);
		if (rc == MEMCACHED_SUCCESS)
			return 1;
		if (rc != MEMCACHED_NOTSTORED && rc != MEMCACHED_DATA_EXISTS)
			break;
	}
	if (rc != MEMCACHED_NOTSTORED && rc != MEMCACHED_DATA_EXISTS)
		cache_failed(c, rc);
	return -1;
}

int
cache_rate_over(struct cache *c, struct arena *a, const char *prefix,
    int limit, int64_t now, int *retry_after)
{
	const char	*key = arena_printf(a, "%s:%lld", prefix,
	    (long long)(now / 60));

	if (key == NULL || limit <= 0 || cache_incr(c, key, 120) <= limit)
		return 0;
	*retry_after = (int)(60 - now % 60);
	return 1;
}

int
cache_up(struct cache *c)
{
	return cache_usable(c);
}

/* Deletes are not skipped: a stale entry is worse than a slow write. */
void
cache_del(struct cache *c, const char *key)
{
	memcached_return_t	 rc;

	if (c == NULL || !cache_key_ok(key))
		return;
	rc = memcached_delete(c->mc, key, strlen(key), 0);
	if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTFOUND)
		cache_failed(c, rc);
}

enum souk_err
cache_ping(struct cache *c)
{
	memcached_return_t	 rc;
	uint32_t		 flags;
	size_t			 n;
	char			*v;

	if (c == NULL)
		return SOUK_UNAVAILABLE;
	c->skip_until = 0;	/* readiness asks the server itself */
	if (!cache_usable(c))
		return SOUK_UNAVAILABLE;
	v = memcached_get(c->mc, "souk:v1:ping", 12, &n, &flags, &rc);
	free(v);
	if (rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND)
		return SOUK_OK;
	cache_failed(c, rc);
	return SOUK_UNAVAILABLE;
}
