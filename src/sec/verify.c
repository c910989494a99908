/*
 * Verification of signed internal calls (ARCHITECTURE.md §6), one
 * function for every program.  Each step fails closed; the caller answers
 * one uniform 401 whatever the step, and only the log learns which.
 *
 * Key records are cached in memcached for a few seconds (secret still
 * sealed); a revoke marks the entry.  The cache seals every value with
 * a MAC over its key name (which holds the public key) and its expiry,
 * so nobody who can write to memcached can widen a key's tenants,
 * scopes or allowlist.  A genuine old record put back (a revoked key's)
 * is refused too: a record carries the key's version, and the call's
 * nonce goes into MariaDB only while that is still the key's version
 * (one conditional INSERT, the round trip every call makes anyway).
 * memcached in front of the nonces only turns replays away early.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sec/sec.h"

#define KEY_CACHE_TTL	10	/* seconds a key record is cached */
#define NONCE_KEEP	(2 * 900)	/* 2 x the largest window */
#define KEY_FIELDS	11

/* A key record as cached: fields joined by '\n', in KEY_VERIFY order. */
struct key_rec {
	const char	*status;
	int64_t		 deprecated_until;	/* 0: none */
	int64_t		 expires;		/* 0: never */
	int		 rate_limit;
	const char	*owner, *kind, *tenants, *scopes, *ips, *sealed;
	int64_t		 version;
	int		 from_db;	/* not from memcached */
};

static int
digits_ok(const char *s, size_t min, size_t max)
{
	size_t	 n;

	for (n = 0; s[n] != '\0'; n++)
		if (s[n] < '0' || s[n] > '9')
			return 0;
	return n >= min && n <= max && (n == 1 || s[0] != '0');
}

/* Step 1: every header present (tenant optional) and well formed. */
static int
headers_ok(const struct sec_call *c)
{
	const struct sec_sig_input	*s = &c->sig;

	return s->api_key != NULL && str_has_prefix(s->api_key, "pk_") &&
	    str_hex_ok(s->api_key + 3, 24, 24) && s->timestamp != NULL &&
	    digits_ok(s->timestamp, 10, 10) && s->nonce != NULL &&
	    str_hex_ok(s->nonce, 32, 128) && c->signature != NULL &&
	    str_hex_ok(c->signature, 64, 64) && (s->tenant == NULL ||
	    digits_ok(s->tenant, 1, 16));
}

int
sec_call_form_ok(struct arena *a, const struct sec_call *c,
    const char **why)
{
	const char	*dup;

	if (c->version != NULL && !str_eq(c->version, "1") &&
	    !str_eq(c->version, "2")) {
		*why = "unknown x-signature-version";
		return 0;
	}
	/* signed once sorted, but the application reads only one; the
	 * name is RFC 3986 encoded, safe in the log as it is */
	if ((dup = sec_query_dup(a, c->sig.raw_query)) != NULL) {
		*why = arena_printf(a, "query name \"%s\" repeated", dup);
		if (*why == NULL)
			*why = "query name repeated";
		return 0;
	}
	return 1;
}

/* A v1 call has nothing unsigned that changes its meaning. */
static int
v1_safe(const struct sec_sig_input *s)
{
	return (s->idempotency_key == NULL || *s->idempotency_key == '\0') &&
	    (s->if_none_match == NULL || *s->if_none_match == '\0') &&
	    (s->content_type == NULL || *s->content_type == '\0' ||
	    str_has_prefix(s->content_type, "application/json"));
}

int
sec_call_sig_ok(struct arena *a, const struct sec_call *c,
    const char *secret, size_t secret_len, int accept_v1, const char **why)
{
	struct sec_sig_input	 in = c->sig;

	in.version = c->version != NULL && str_eq(c->version, "2") ?
	    SEC_SIG_V2 : SEC_SIG_V1;
	if (in.version == SEC_SIG_V1 && !accept_v1) {
		*why = "v1 signature (accept_signature_v1 is off)";
		return 0;
	}
	if (in.version == SEC_SIG_V1 && !v1_safe(&in)) {
		*why = "v1 signature over a call with headers only v2 signs";
		return 0;
	}
	*why = "bad signature";
	return sec_sign_check(a, &in, secret, secret_len, c->signature);
}

static const char *
rec_key(struct arena *a, const char *public_key)
{
	return arena_printf(a, "souk:v1:apikey:%s", public_key);
}

static int
rec_parse(char *s, struct key_rec *k)
{
	char	*f[KEY_FIELDS];
	int	 i;

	for (i = 0; i < KEY_FIELDS; i++) {
		f[i] = s;
		if ((s = strchr(s, '\n')) != NULL)
			*s++ = '\0';
		else if (i < KEY_FIELDS - 1)
			return -1;
	}
	k->status = f[0];
	k->deprecated_until = strtoll(f[1], NULL, 10);
	k->expires = strtoll(f[2], NULL, 10);
	k->rate_limit = (int)strtol(f[3], NULL, 10);
	k->owner = f[4];
	k->kind = f[5];
	k->tenants = f[6];
	k->scopes = f[7];
	k->ips = f[8];
	k->sealed = f[9];
	k->version = strtoll(f[10], NULL, 10);
	return 0;
}

/* The record from the database, and cached ("-": no such key). */
static enum souk_err
rec_fetch(struct sec_verifier *v, struct arena *a, const char *pk,
    const char *ck, char **out)
{
	struct db_arg	 arg = DB_S(pk);
	struct db_res	 res;
	struct buf	 b;
	enum souk_err	 er;
	size_t		 i;

	if ((er = db_exec(v->db, a, KEY_VERIFY, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1) {
		cache_add(v->cache, ck, "-", 1, KEY_CACHE_TTL);
		return SOUK_NOTFOUND;
	}
	buf_init(&b, a, 256);
	for (i = 0; i < KEY_FIELDS; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		buf_adds(&b, db_cell(&res, 0, i) != NULL ?
		    db_cell(&res, 0, i) : "");
	}
	if (!buf_ok(&b) || (*out = arena_strdup(a, b.data)) == NULL)
		return SOUK_ENOMEM;
	cache_add(v->cache, ck, b.data, b.len, KEY_CACHE_TTL);
	return SOUK_OK;
}

/*
 * The record from memcached (unless fresh) or the database;
 * SOUK_NOTFOUND if none.  A fresh read replaces the cached record.
 */
static enum souk_err
rec_load(struct sec_verifier *v, struct arena *a, const char *pk,
    int fresh, struct key_rec *k)
{
	const char	*ck = rec_key(a, pk);
	char		*rec = NULL;
	enum souk_err	 er;
	size_t		 len;

	if (ck == NULL)
		return SOUK_ENOMEM;
	if (fresh)
		cache_del(v->cache, ck);
	else if ((rec = cache_get(v->cache, a, ck, &len)) != NULL &&
	    str_eq(rec, "-"))
		return SOUK_NOTFOUND;
	k->from_db = rec == NULL;
	if (rec == NULL && (er = rec_fetch(v, a, pk, ck, &rec)) != SOUK_OK)
		return er;
	return rec_parse(rec, k) == 0 ? SOUK_OK : SOUK_INTERNAL;
}

/* Step 2: active, or deprecated and before its end; and not expired. */
static int
rec_usable(const struct key_rec *k, int64_t now)
{
	if (k->expires != 0 && now >= k->expires)
		return 0;
	if (str_eq(k->status, "active"))
		return 1;
	return str_eq(k->status, "deprecated") && now < k->deprecated_until;
}

static int
ip_parse(const char *s, unsigned char *out, int *family)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 4;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return 16;
	}
	return -1;
}

/* One list entry ("10.0.0.0/8", "::1") against addr. */
static int
ip_match(const char *entry, size_t elen, const unsigned char *addr,
    int afamily)
{
	char		 buf[64], *slash;
	unsigned char	 net[16];
	int		 family, len, bits;
	int64_t		 prefix;

	if (elen == 0 || elen >= sizeof(buf))
		return 0;
	memcpy(buf, entry, elen);
	buf[elen] = '\0';
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if ((len = ip_parse(buf, net, &family)) == -1 || family != afamily)
		return 0;
	prefix = len * 8;
	if (slash != NULL && str_to_i64(slash, 0, len * 8, &prefix) != SOUK_OK)
		return 0;
	bits = (int)prefix;
	if (memcmp(net, addr, (size_t)(bits / 8)) != 0)
		return 0;
	if (bits % 8 == 0)
		return 1;
	return ((net[bits / 8] ^ addr[bits / 8]) &
	    (0xff << (8 - bits % 8)) & 0xff) == 0;
}

int
sec_ip_allowed(const char *list, const char *addr)
{
	unsigned char	 a[16];
	const char	*p, *end;
	int		 family;

	if (list == NULL || *list == '\0')
		return 1;
	if (addr == NULL || ip_parse(addr, a, &family) == -1)
		return 0;
	for (p = list; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (ip_match(p, (size_t)(end - p), a, family))
			return 1;
	}
	return 0;
}

int
sec_caller_scope(const struct sec_caller *c, const char *scope)
{
	return scope == NULL || str_list_has(c->scopes, scope);
}

int
sec_caller_tenant(const struct sec_caller *c, int64_t tenant)
{
	char	 id[24];

	if (str_eq(c->tenants, "all"))
		return 1;
	(void)snprintf(id, sizeof(id), "%lld", (long long)tenant);
	return str_list_has(c->tenants, id);
}

/*
 * Step 6: a nonce seen before is a replay (SOUK_CONFLICT); a record
 * whose version is no longer the key's is stale (SOUK_NOTFOUND).
 */
static enum souk_err
nonce_fresh(struct sec_verifier *v, struct arena *a, const char *pk,
    const char *nonce, int64_t version)
{
	struct db_arg	 args[] = { DB_S(nonce), DB_S(pk), DB_I(version) };
	const char	*ck = arena_printf(a, "souk:v1:nonce:%s:%s", pk, nonce);
	struct db_res	 res;
	size_t		 len;
	enum souk_err	 er;

	if (ck == NULL)
		return SOUK_ENOMEM;
	if (cache_get(v->cache, a, ck, &len) != NULL)
		return SOUK_CONFLICT;
	if ((er = db_exec(v->db, a, KEY_NONCE, args, 3, &res)) != SOUK_OK)
		return er;
	if (res.affected != 1)
		return SOUK_NOTFOUND;
	cache_set(v->cache, ck, "1", 1, 2 * v->window);
	return SOUK_OK;
}

/* Step 7: fixed one-minute windows; memcached down lets calls through. */
static enum souk_err
rate_ok(struct sec_verifier *v, struct arena *a, const char *pk, int limit,
    int *retry_after)
{
	const char	*prefix = arena_printf(a, "souk:v1:rate:key:%s", pk);

	if (prefix == NULL)
		return SOUK_ENOMEM;
	return cache_rate_over(v->cache, a, prefix, limit, v->now,
	    retry_after) ? SOUK_RATELIMIT : SOUK_OK;
}

/* Steps 2-5: a usable key, from an allowed address, in time, signed. */
static enum souk_err
key_checks(struct sec_verifier *v, struct arena *a,
    const struct sec_call *c, int fresh, struct key_rec *k, const char **why)
{
	const char	*secret;
	int64_t		 ts;
	enum souk_err	 er;

	if ((er = rec_load(v, a, c->sig.api_key, fresh, k)) != SOUK_OK) {
		*why = "unknown key";
		return er == SOUK_NOTFOUND ? SOUK_UNAUTHORIZED : er;
	}
	*why = "key revoked, expired or past its deprecation date";
	if (!rec_usable(k, v->now))
		return SOUK_UNAUTHORIZED;
	*why = "address not in the key's allowlist";
	if (!sec_ip_allowed(k->ips, c->remote_addr))
		return SOUK_UNAUTHORIZED;
	*why = "timestamp outside the window";
	ts = strtoll(c->sig.timestamp, NULL, 10);
	if (ts < v->now - v->window || ts > v->now + v->window)
		return SOUK_UNAUTHORIZED;
	if ((secret = sec_secret_open(a, SEC_KEY_SEAL, c->sig.api_key,
	    k->sealed)) == NULL) {
		*why = "the key's secret does not open with the seal key";
		return SOUK_UNAUTHORIZED;
	}
	if (!sec_call_sig_ok(a, c, secret, strlen(secret), v->accept_v1, why))
		return SOUK_UNAUTHORIZED;
	return SOUK_OK;
}

enum souk_err
sec_verify(struct sec_verifier *v, struct arena *a, const struct sec_call *c,
    struct sec_caller *out, const char **why, int *retry_after)
{
	struct db_arg	 arg = DB_S(c->sig.api_key);
	struct key_rec	 k;
	enum souk_err	 er;

	*why = "missing or malformed signature headers";
	if (!headers_ok(c) || !sec_call_form_ok(a, c, why))
		return SOUK_UNAUTHORIZED;
	if ((er = key_checks(v, a, c, 0, &k, why)) != SOUK_OK)
		return er;
	/* a cached record the key has moved past: checked again, fresh */
	if ((er = nonce_fresh(v, a, c->sig.api_key, c->sig.nonce,
	    k.version)) == SOUK_NOTFOUND && !k.from_db) {
		if ((er = key_checks(v, a, c, 1, &k, why)) != SOUK_OK)
			return er;
		er = nonce_fresh(v, a, c->sig.api_key, c->sig.nonce,
		    k.version);
	}
	*why = er == SOUK_NOTFOUND ? "key changed during the call" :
	    "nonce seen before";
	if (er == SOUK_CONFLICT || er == SOUK_NOTFOUND)
		return SOUK_UNAUTHORIZED;
	if (er != SOUK_OK)
		return er;
	out->public_key = c->sig.api_key;
	out->owner = k.owner;
	out->kind = k.kind;
	out->tenants = k.tenants;
	out->scopes = k.scopes;
	out->rate_limit = k.rate_limit;
	*why = "rate limit";
	if ((er = rate_ok(v, a, c->sig.api_key, k.rate_limit, retry_after)) !=
	    SOUK_OK)
		return er;
	/* a key for some tenants only must always name one */
	*why = "key may not act for this tenant";
	if (c->sig.tenant == NULL ? !str_eq(out->tenants, "all") :
	    !sec_caller_tenant(out, strtoll(c->sig.tenant, NULL, 10)))
		return SOUK_FORBIDDEN;
	*why = NULL;
	/* last use, best effort: when the record is read anew (every few
	 * seconds), not on each call */
	if (k.from_db)
		(void)db_exec(v->db, a, KEY_TOUCH, &arg, 1, NULL);
	return SOUK_OK;
}

/*
 * A revoked key is cached as unknown ("-") rather than deleted: a
 * verifier that read the key just before the revoke then cannot add the
 * old record back, since memcached's add fails on an existing entry.
 */
void
sec_key_uncache(struct cache *c, struct arena *a, const char *public_key,
    int revoked)
{
	const char	*ck = rec_key(a, public_key);

	if (ck == NULL)
		return;
	if (revoked)
		cache_set(c, ck, "-", 1, KEY_CACHE_TTL);
	else
		cache_del(c, ck);
}

int64_t
sec_nonce_purge(struct db *db, struct arena *a)
{
	struct db_arg	 arg = DB_I(NONCE_KEEP);
	struct db_res	 res;

	if (db_exec(db, a, KEY_NONCE_PURGE, &arg, 1, &res) != SOUK_OK)
		return -1;
	return (int64_t)res.affected;
}
