/*
 * MACs for values kept in memcached.  On shared hosting any local user
 * can write to memcached, so a value that decides who someone is (a
 * session record) must prove that a Souk program made it, for this key,
 * recently.  The MAC key is derived from the master key with HKDF, so
 * it is neither the sealing key of secrets nor the master key itself.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include "sec/sec.h"

#define MAC_KEY_LEN	32

static uint64_t	 forged;

/* The MAC key of master (hex); 0 on success. */
static int
mac_key(const char *master, unsigned char *out)
{
	unsigned char	 ikm[64];
	char		 digest[] = "SHA256", info[] = "souk cache mac";
	size_t		 n;
	EVP_KDF		*kdf;
	EVP_KDF_CTX	*kctx;
	OSSL_PARAM	 params[4];
	int		 rc = -1;

	if (master == NULL || sec_hex_decode(master, ikm, sizeof(ikm), &n) ==
	    -1 || n < 16)
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
	    info, sizeof(info) - 1);
	params[3] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, MAC_KEY_LEN, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(kctx);
	return rc;
}

/* hex(HMAC(k, purpose \n key \n rest)), rest = "<expiry>\n<value>". */
static const char *
mac_of(struct arena *a, const char *master, const char *purpose,
    const char *key, const char *rest, size_t len)
{
	unsigned char	 k[MAC_KEY_LEN], md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	struct buf	 msg, b;

	if (mac_key(master, k) == -1)
		return NULL;
	buf_init(&msg, a, len + 128);
	buf_printf(&msg, "%s\n%s\n", purpose, key);
	buf_add(&msg, rest, len);
	if (!buf_ok(&msg) || HMAC(EVP_sha256(), k, sizeof(k),
	    (const unsigned char *)msg.data, msg.len, md, &mdlen) == NULL)
		return NULL;
	buf_init(&b, a, 2 * mdlen + 1);
	buf_add_hex(&b, md, mdlen);
	return buf_ok(&b) ? b.data : NULL;
}

const char *
sec_cache_seal(struct arena *a, const char *master, const char *purpose,
    const char *key, const char *val, int ttl)
{
	const char	*rest, *mac;

	rest = arena_printf(a, "%lld\n%s", (long long)(time_unix() + ttl),
	    val);
	if (rest == NULL || (mac = mac_of(a, master, purpose, key, rest,
	    strlen(rest))) == NULL)
		return NULL;
	return arena_printf(a, "%s\n%s", rest, mac);
}

static void
refused(const char *purpose, const char *key)
{
	forged++;
	log_msg(LOG_WARN, "memcached: a %s value under %s fails its MAC: "
	    "ignored (%llu so far)", purpose, key, (unsigned long long)forged);
}

const char *
sec_cache_open(struct arena *a, const char *master, const char *purpose,
    const char *key, const char *sealed)
{
	const char	*nl, *mac, *want;
	int64_t		 expiry;
	char		 num[24];
	size_t		 n;

	if (sealed == NULL || (mac = strrchr(sealed, '\n')) == NULL ||
	    (nl = strchr(sealed, '\n')) == NULL || nl == mac ||
	    (size_t)(nl - sealed) >= sizeof(num)) {
		if (sealed != NULL)
			refused(purpose, key);
		return NULL;
	}
	n = (size_t)(mac - sealed);
	want = mac_of(a, master, purpose, key, sealed, n);
	if (want == NULL || !sec_equal(want, mac + 1)) {
		refused(purpose, key);
		return NULL;
	}
	memcpy(num, sealed, (size_t)(nl - sealed));
	num[nl - sealed] = '\0';
	if (str_to_i64(num, 0, INT64_MAX, &expiry) != SOUK_OK ||
	    expiry < time_unix())
		return NULL;	/* genuine, but its time is over */
	return arena_strndup(a, nl + 1, (size_t)(mac - nl - 1));
}

uint64_t
sec_cache_forged(void)
{
	return forged;
}
