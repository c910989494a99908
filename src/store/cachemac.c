/*
 * MACs for values kept in memcached.  memcached has no authentication:
 * on shared hosting any local user can read and write it.  So every
 * value the cache stores (cache_set, cache_add) goes in sealed
 *
 *	<expiry> "\n" <value> "\n" hex(HMAC-SHA256(k, <key name> "\n"
 *	    <expiry> "\n" <value>))
 *
 * and every value it returns (cache_get, cache_mget) has passed its MAC
 * and is before its expiry: a forged value, a genuine value moved to
 * another key, or one brought back after its time is a miss.  k is a
 * purpose key (store_hkdf: HKDF-SHA256 of the master key, info
 * "souk cache mac"), apart from the sealing key of secrets.
 *
 * The HMAC context is keyed once per process and re-initialised per
 * value, so a MAC costs one SHA-256 pass over the value (about 1 us per
 * KiB here), not a key schedule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "store/store.h"

#define MAC_HEX		64	/* hex digits of an HMAC-SHA256 */
#define EXPIRY_MAX	20	/* digits of an expiry, with room */

struct cache_mac {
	EVP_MAC_CTX	*ctx;
	uint64_t	 refused;
};

int
store_hkdf(const char *master_hex, const char *info,
    unsigned char *out, size_t len)
{
	unsigned char	 ikm[64];
	char		 digest[] = "SHA256", label[64];
	size_t		 n;
	EVP_KDF		*kdf;
	EVP_KDF_CTX	*kctx;
	OSSL_PARAM	 params[4];
	int		 rc = -1;

	if (master_hex == NULL || str_hex_decode(master_hex, ikm,
	    sizeof(ikm), &n) == -1 || n < 16 || str_lcpy(label, info,
	    sizeof(label)) >= sizeof(label))
		return -1;
	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL)
		return -1;
	kctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (kctx == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm,
	    n);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    label, strlen(label));
	params[3] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, len, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(kctx);
	OPENSSL_cleanse(ikm, sizeof(ikm));
	return rc;
}

struct cache *
cache_new_conf(const struct conf *conf, char *err, size_t errlen)
{
	unsigned char	 key[32];
	size_t		 n = sizeof(key);
	struct cache	*c;
	int		 rc;

	if (*conf->cache_key != '\0')
		rc = str_hex_decode(conf->cache_key, key, sizeof(key), &n) ==
		    0 && n == sizeof(key) ? 0 : -1;
	else
		rc = store_hkdf(conf->master_key, CACHE_KEY_INFO, key, n);
	if (rc == -1) {
		snprintf(err, errlen, "memcached: neither cache_key_file (64 "
		    "hex digits) nor master_key_file gives a key for the "
		    "MACs of cached values");
		return NULL;
	}
	if ((c = cache_new(conf->memcached_servers,
	    conf->memcached_timeout_ms, conf->cache_ttl)) == NULL ||
	    cache_key_set(c, key, n) == -1) {
		snprintf(err, errlen, "memcached: bad server list \"%s\"",
		    conf->memcached_servers);
		cache_free(c);
		c = NULL;
	}
	OPENSSL_cleanse(key, sizeof(key));
	return c;
}

struct cache_mac *
cache_mac_new(const unsigned char *key, size_t len)
{
	char		 digest[] = "SHA256";
	OSSL_PARAM	 params[2];
	struct cache_mac *m;
	EVP_MAC		*mac;

	if (len < 16 || (m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) != NULL)
		m->ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (m->ctx == NULL || EVP_MAC_init(m->ctx, key, len, params) != 1) {
		cache_mac_free(m);
		return NULL;
	}
	return m;
}

void
cache_mac_free(struct cache_mac *m)
{
	if (m == NULL)
		return;
	EVP_MAC_CTX_free(m->ctx);
	free(m);
}

/* hex MAC of key "\n" body into out (MAC_HEX + 1 bytes); 0 on success. */
static int
mac_hex(struct cache_mac *m, const char *key, const char *body, size_t len,
    char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	size_t			 n, i;

	if (EVP_MAC_init(m->ctx, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(m->ctx, (const unsigned char *)key,
	    strlen(key)) != 1 ||
	    EVP_MAC_update(m->ctx, (const unsigned char *)"\n", 1) != 1 ||
	    EVP_MAC_update(m->ctx, (const unsigned char *)body, len) != 1 ||
	    EVP_MAC_final(m->ctx, md, &n, sizeof(md)) != 1 ||
	    n * 2 != MAC_HEX)
		return -1;
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[MAC_HEX] = '\0';
	return 0;
}

int
cache_mac_seal(struct cache_mac *m, const char *key, const char *val,
    size_t len, int ttl, char *out, size_t size, size_t *outlen)
{
	int	 hn;

	if (m == NULL || size < len + EXPIRY_MAX + MAC_HEX + 3)
		return -1;
	hn = snprintf(out, EXPIRY_MAX + 2, "%lld\n",
	    (long long)(time_unix() + ttl));
	if (hn < 0 || hn >= EXPIRY_MAX + 2)
		return -1;
	memcpy(out + hn, val, len);
	out[hn + len] = '\n';
	if (mac_hex(m, key, out, (size_t)hn + len, out + hn + len + 1) == -1)
		return -1;
	*outlen = (size_t)hn + len + 1 + MAC_HEX;
	return 0;
}

/*
 * A refusal is counted always and logged when the count is a power of
 * two: the first one is seen, and a flood of forgeries cannot flood the
 * log.
 */
static void
refused(struct cache_mac *m, const char *key)
{
	m->refused++;
	if ((m->refused & (m->refused - 1)) == 0)
		log_msg(LOG_WARN, "memcached: the value under %s fails its "
		    "MAC: ignored (%llu so far)", key,
		    (unsigned long long)m->refused);
}

/* Where the expiry line ends and its value; -1 if not one. */
static int
expiry_of(const char *s, size_t len, int64_t *expiry)
{
	char	 num[EXPIRY_MAX + 1];
	size_t	 i;

	for (i = 0; i < len && i < EXPIRY_MAX && s[i] != '\n'; i++)
		num[i] = s[i];
	if (i == 0 || i == len || s[i] != '\n')
		return -1;
	num[i] = '\0';
	if (str_to_i64(num, 0, INT64_MAX, expiry) != SOUK_OK)
		return -1;
	return (int)i;
}

char *
cache_mac_open(struct cache_mac *m, const char *key, char *sealed,
    size_t len, size_t *outlen, int *forged)
{
	char	 want[MAC_HEX + 1];
	int64_t	 expiry;
	size_t	 body;
	int	 nl;

	*forged = 1;
	if (m == NULL || len < MAC_HEX + 3 || sealed[len - MAC_HEX - 1] !=
	    '\n' || (nl = expiry_of(sealed, len, &expiry)) == -1 ||
	    (size_t)nl + 1 > len - MAC_HEX - 1)
		goto bad;
	body = len - MAC_HEX - 1;
	if (mac_hex(m, key, sealed, body, want) == -1 ||
	    CRYPTO_memcmp(want, sealed + body + 1, MAC_HEX) != 0)
		goto bad;
	*forged = 0;
	if (expiry < time_unix())
		return NULL;	/* genuine, but its time is over */
	sealed[body] = '\0';
	*outlen = body - (size_t)nl - 1;
	return sealed + nl + 1;
bad:
	if (m != NULL)
		refused(m, key);
	return NULL;
}

uint64_t
cache_mac_refused(const struct cache_mac *m)
{
	return m == NULL ? 0 : m->refused;
}
