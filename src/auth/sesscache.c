/*
 * Session records in memcached, so that a signed-in request costs no
 * database round trip.  A record is the session query's one row, kept
 * for SESS_TTL seconds under the SHA-256 of the token, and framed with
 * the epoch of its scope ("center", "shop:7"): a random value that every
 * change ending sessions or changing what a record holds (sign-out,
 * password, role, disabling, suspension, name, two-factor) deletes after
 * its commit; the next reader makes a new one.  A record made under
 * another epoch is not used, so an ended session is never served from
 * the cache.  The epoch is read in the same round trip as the record,
 * and before the database, so a reader racing a change caches its row
 * under the old epoch at worst.
 *
 * memcached is not trusted (any local user can write to it): the cache
 * seals every value with a MAC over its key name, the value and its
 * expiry (store/cachemac.c).  A forged record, or a genuine one past
 * its time, is a miss; a genuine record can come back within its
 * SESS_TTL at most.
 */
#include <string.h>

#include <json-c/json.h>

#include "auth/auth_int.h"

#define SESS_TTL	60	/* seconds; also bounds the idle clock's lag */

/* Set once at start-up (auth_cache_init), before any request. */
static struct cache	*sess_cache;

void
auth_cache_init(struct cache *c)
{
	sess_cache = c;
}

static const char *
scope_of(struct arena *a, int64_t tenant)
{
	return tenant == 0 ? "center" : arena_printf(a, "shop:%lld",
	    (long long)tenant);
}

static const char *
epoch_key(struct arena *a, int64_t tenant)
{
	return arena_printf(a, "souk:v1:sess-epoch:%s", scope_of(a, tenant));
}

static const char *
record_key(struct arena *a, int64_t tenant, const char *hash)
{
	return arena_printf(a, "souk:v2:sess:%s:%s", scope_of(a, tenant),
	    hash);
}

/* The row of a cached JSON array into out (strings or nulls). */
static int
row_parse(struct arena *a, const char *json, struct db_res *out)
{
	struct json_object	*arr = json_tokener_parse(json), *v;
	size_t			 i, n;
	int			 ok = 0;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		goto done;
	n = json_object_array_length(arr);
	memset(out, 0, sizeof(*out));
	out->v = arena_alloc(a, (n + 1) * sizeof(*out->v));
	out->len = arena_alloc(a, (n + 1) * sizeof(*out->len));
	if (out->v == NULL || out->len == NULL)
		goto done;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		if (v == NULL)
			continue;
		if ((out->v[i] = arena_strdup(a, json_object_get_string(v))) ==
		    NULL)
			goto done;
		out->len[i] = strlen(out->v[i]);
	}
	out->nrows = 1;
	out->ncols = n;
	ok = 1;
done:
	json_object_put(arr);
	return ok;
}

int
auth_sess_cached(const struct auth_cx *cx, const char *hash,
    struct db_res *out, const char **epoch)
{
	struct arena	*a = cx->a;
	const char	*keys[2], *val;
	char		*vals[2] = { NULL, NULL }, *nl;

	*epoch = NULL;
	if (sess_cache == NULL || !cache_up(sess_cache) ||
	    (keys[0] = record_key(a, cx->tenant, hash)) == NULL ||
	    (keys[1] = epoch_key(a, cx->tenant)) == NULL)
		return 0;
	cache_mget(sess_cache, a, keys, 2, vals);
	if (vals[1] == NULL) {
		/* No epoch yet: make one; cache from the next request on. */
		if ((*epoch = sec_random_hex(a, "", 16)) != NULL)
			cache_add(sess_cache, keys[1], *epoch, strlen(*epoch),
			    0);
		*epoch = NULL;
		return 0;
	}
	*epoch = vals[1];
	if ((val = vals[0]) == NULL || (nl = strchr(val, '\n')) == NULL)
		return 0;
	*nl = '\0';
	return strcmp(val, vals[1]) == 0 && row_parse(a, nl + 1, out);
}

void
auth_sess_cache(const struct auth_cx *cx, const char *hash,
    const char *epoch, const struct db_res *res)
{
	struct arena		*a = cx->a;
	struct json_object	*arr;
	const char		*key = record_key(a, cx->tenant, hash), *val;
	size_t			 i;

	if (sess_cache == NULL || epoch == NULL || key == NULL ||
	    res->nrows != 1 || (arr = json_object_new_array()) == NULL)
		return;
	for (i = 0; i < res->ncols; i++)
		json_object_array_add(arr, res->v[i] == NULL ? NULL :
		    json_object_new_string(res->v[i]));
	val = arena_printf(a, "%s\n%s", epoch, json_object_to_json_string_ext(
	    arr, JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	if (val != NULL)
		cache_set(sess_cache, key, val, strlen(val), SESS_TTL);
}

/*
 * The epoch is deleted, not replaced: memcached deletes are tried even
 * while this process skips memcached after a failure, and the next
 * reader makes a new one.
 */
static void
epoch_drop(struct arena *a, int64_t tenant)
{
	const char	*key = epoch_key(a, tenant);

	if (sess_cache != NULL && key != NULL)
		cache_del(sess_cache, key);
}

void
auth_sessions_stale(const struct auth_cx *cx)
{
	epoch_drop(cx->a, cx->p->scoped ? cx->tenant : 0);
}

void
auth_sessions_stale_shop(struct arena *a, int64_t tenant)
{
	epoch_drop(a, tenant);
}
