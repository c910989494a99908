/*
 * Purpose keys.  The master key never seals or signs anything itself:
 * each use has its own key, HKDF-SHA256 of the master key with a label
 * of its own, so that a program can be given the keys it uses and no
 * other (the storefront holds the cache key and the session key; it
 * can open no API key's secret).
 *
 *	seal	"souk seal"	API key secrets, webhook secrets
 *	totp	"souk totp"	two-factor secrets
 *	session	"souk session"	CSRF tokens of sessions
 *	cache	"souk cache mac" MACs of values in memcached (store/cachemac.c)
 *
 * A program's configuration names each key's file (seal_key_file, …)
 * or the master key, from which the missing ones are derived; soukctl
 * keys derive prints them.  Keys are loaded once, before the accept
 * loop (sec_keys_init), and live for the process.
 *
 * Sealed secrets are "v2:" hex(iv || AES-256-GCM(secret) || tag) under
 * their purpose key, with a label (the public key, "webhook:7",
 * "totp:staff:3:12") as associated data, so a sealed value cannot be
 * moved to another owner.  Values sealed before purpose keys existed
 * (bare hex, under the master key itself) still open where the master
 * key is loaded; soukctl keys reseal turns them into v2 values.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "sec/sec.h"

#define KEY_IV		12
#define KEY_TAG		16
#define SECRET_MAX	128
#define SEALED_V2	"v2:"

struct purpose_key {
	const char	*info;		/* HKDF label */
	size_t		 conf_off;	/* its field in struct conf */
	unsigned char	 k[32];
	int		 set;
};

static struct purpose_key	purposes[SEC_KEY__MAX] = {
	[SEC_KEY_SEAL] = { "souk seal", offsetof(struct conf, seal_key),
	    { 0 }, 0 },
	[SEC_KEY_TOTP] = { "souk totp", offsetof(struct conf, totp_key),
	    { 0 }, 0 },
	[SEC_KEY_SESSION] = { "souk session",
	    offsetof(struct conf, session_key), { 0 }, 0 },
};
static unsigned char	master[32];
static int		have_master;

/* One purpose key: from its own setting, else derived; -1 if bad. */
static int
purpose_load(struct purpose_key *p, const struct conf *c)
{
	const char	*hex = (const char *)c + p->conf_off;
	size_t		 n;

	p->set = 0;
	if (*hex != '\0') {
		if (str_hex_decode(hex, p->k, sizeof(p->k), &n) == -1 ||
		    n != sizeof(p->k))
			return -1;
		p->set = 1;
	} else if (*c->master_key != '\0') {
		if (store_hkdf(c->master_key, p->info, p->k, sizeof(p->k)) ==
		    -1)
			return -1;
		p->set = 1;
	}
	return 0;
}

int
sec_keys_init(const struct conf *c, char *err, size_t errlen)
{
	size_t	 i, n;

	have_master = 0;
	if (*c->master_key != '\0') {
		if (str_hex_decode(c->master_key, master, sizeof(master),
		    &n) == -1 || n != sizeof(master)) {
			snprintf(err, errlen, "master_key_file: not 64 hex "
			    "digits");
			return -1;
		}
		have_master = 1;
	}
	for (i = 0; i < SEC_KEY__MAX; i++)
		if (purpose_load(&purposes[i], c) == -1) {
			snprintf(err, errlen, "%s key: not 64 hex digits",
			    purposes[i].info + 5);
			return -1;
		}
	return 0;
}

int
sec_key_derive(const char *master_hex, const char *name, unsigned char *out,
    size_t len)
{
	size_t	 i;

	if (strcmp(name, "cache") == 0)
		return store_hkdf(master_hex, CACHE_KEY_INFO, out, len);
	for (i = 0; i < SEC_KEY__MAX; i++)	/* "souk seal": "seal" */
		if (strcmp(name, purposes[i].info + 5) == 0)
			return store_hkdf(master_hex, purposes[i].info, out,
			    len);
	return -1;
}

int
sec_key_have(enum sec_key purpose)
{
	return purposes[purpose].set;
}

/* AES-256-GCM under key; enc: 1 to encrypt, 0 to decrypt. */
static int
gcm(const unsigned char *key, int enc, const unsigned char *iv,
    const char *aad, const unsigned char *in, int inlen, unsigned char *out,
    unsigned char *tag)
{
	EVP_CIPHER_CTX	*ctx;
	int		 n, fin, ok;

	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	ok = EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv, enc) ==
	    1 && EVP_CipherUpdate(ctx, NULL, &n, (const unsigned char *)aad,
	    (int)strlen(aad)) == 1 && EVP_CipherUpdate(ctx, out, &n, in,
	    inlen) == 1 && (enc || EVP_CIPHER_CTX_ctrl(ctx,
	    EVP_CTRL_GCM_SET_TAG, KEY_TAG, tag) == 1) &&
	    EVP_CipherFinal_ex(ctx, out + n, &fin) == 1 && (!enc ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, KEY_TAG, tag) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? n : -1;
}

const char *
sec_secret_seal(struct arena *a, enum sec_key purpose, const char *label,
    const char *secret)
{
	unsigned char	 blob[KEY_IV + SECRET_MAX + KEY_TAG];
	int		 len = (int)strlen(secret);
	struct buf	 b;

	if (!purposes[purpose].set) {
		log_msg(LOG_ERR, "no %s key: set %s_key_file or "
		    "master_key_file", purposes[purpose].info + 5,
		    purposes[purpose].info + 5);
		return NULL;
	}
	if (len > SECRET_MAX || RAND_bytes(blob, KEY_IV) != 1 ||
	    gcm(purposes[purpose].k, 1, blob, label,
	    (const unsigned char *)secret, len, blob + KEY_IV,
	    blob + KEY_IV + len) != len)
		return NULL;
	buf_init(&b, a, sizeof(blob) * 2 + sizeof(SEALED_V2));
	buf_adds(&b, SEALED_V2);
	buf_add_hex(&b, blob, (size_t)(KEY_IV + len + KEY_TAG));
	return buf_ok(&b) ? b.data : NULL;
}

const char *
sec_secret_open(struct arena *a, enum sec_key purpose, const char *label,
    const char *sealed)
{
	unsigned char	 blob[KEY_IV + SECRET_MAX + KEY_TAG];
	const unsigned char *key = purposes[purpose].k;
	char		*out;
	size_t		 n;
	int		 len, ok = purposes[purpose].set;

	if (sealed == NULL)
		return NULL;
	if (str_has_prefix(sealed, SEALED_V2))
		sealed += strlen(SEALED_V2);
	else {			/* from before purpose keys */
		key = master;
		ok = have_master;
	}
	if (!ok || str_hex_decode(sealed, blob, sizeof(blob), &n) == -1 ||
	    n <= KEY_IV + KEY_TAG)
		return NULL;
	len = (int)(n - KEY_IV - KEY_TAG);
	if ((out = arena_alloc(a, (size_t)len + 1)) == NULL ||
	    gcm(key, 0, blob, label, blob + KEY_IV, len, (unsigned char *)out,
	    blob + KEY_IV + len) != len)
		return NULL;
	return out;
}

int
sec_secret_current(const char *sealed)
{
	return sealed != NULL && str_has_prefix(sealed, SEALED_V2);
}

const char *
sec_key_mac_hex(struct arena *a, enum sec_key purpose, const char *msg)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 len = 0;
	struct buf	 b;

	if (!purposes[purpose].set || HMAC(EVP_sha256(), purposes[purpose].k,
	    sizeof(purposes[purpose].k), (const unsigned char *)msg,
	    strlen(msg), md, &len) == NULL)
		return NULL;
	buf_init(&b, a, 2 * len + 1);
	buf_add_hex(&b, md, len);
	return buf_ok(&b) ? b.data : NULL;
}
