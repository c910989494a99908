/*
 * Two-factor codes: TOTP (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, six
 * digits, 30-second steps) with secrets in base32 (RFC 4648, no
 * padding) as authenticator apps expect them, and recovery codes kept
 * only as their SHA-256.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "sec/sec.h"

#define TOTP_KEY	20	/* bytes of a secret */
#define B32		"abcdefghijklmnopqrstuvwxyz234567"

/* Lower-case base32 of n bytes, no padding. */
static const char *
b32_encode(struct arena *a, const unsigned char *p, size_t n)
{
	struct buf	 b;
	unsigned int	 acc = 0, bits = 0;
	size_t		 i;

	buf_init(&b, a, n * 8 / 5 + 2);
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		for (bits += 8; bits >= 5; bits -= 5)
			buf_addc(&b, B32[(acc >> (bits - 5)) & 31]);
	}
	if (bits > 0)
		buf_addc(&b, B32[(acc << (5 - bits)) & 31]);
	return buf_ok(&b) ? b.data : NULL;
}

/* Decode base32 (either case, spaces ignored); -1 if not base32. */
static int
b32_decode(const char *s, unsigned char *out, size_t max, size_t *n)
{
	unsigned int	 acc = 0, bits = 0;
	const char	*c;

	*n = 0;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '=')
			continue;
		if ((c = strchr(B32, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s)) ==
		    NULL)
			return -1;
		acc = (acc << 5) | (unsigned int)(c - B32);
		if ((bits += 5) >= 8) {
			if (*n == max)
				return -1;
			out[(*n)++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return *n > 0 ? 0 : -1;
}

const char *
sec_totp_secret_new(struct arena *a)
{
	unsigned char	 key[TOTP_KEY];

	if (RAND_bytes(key, sizeof(key)) != 1)
		return NULL;
	return b32_encode(a, key, sizeof(key));
}

/* HOTP value of key at counter, six digits. */
static unsigned int
hotp(const unsigned char *key, size_t klen, uint64_t counter)
{
	unsigned char	 msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int	 mlen = 0, off, v;
	int		 i;

	for (i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (unsigned char)(counter & 0xff);
	if (HMAC(EVP_sha1(), key, (int)klen, msg, sizeof(msg), mac, &mlen) ==
	    NULL || mlen < 20)
		return 1000000;	/* never a six-digit code */
	off = mac[mlen - 1] & 0x0f;
	v = ((unsigned int)(mac[off] & 0x7f) << 24) |
	    ((unsigned int)mac[off + 1] << 16) |
	    ((unsigned int)mac[off + 2] << 8) | mac[off + 3];
	return v % 1000000;
}

const char *
sec_totp_code(struct arena *a, const char *secret, int64_t step)
{
	unsigned char	 key[64];
	size_t		 n;
	unsigned int	 v;

	if (secret == NULL || b32_decode(secret, key, sizeof(key), &n) == -1)
		return NULL;
	v = hotp(key, n, (uint64_t)step);
	OPENSSL_cleanse(key, sizeof(key));
	return v < 1000000 ? arena_printf(a, "%06u", v) : NULL;
}

int
sec_totp_check(struct arena *a, const char *secret, const char *code,
    int64_t now, int64_t last_step, int64_t *step)
{
	int64_t		 s, here = now / SEC_TOTP_STEP;
	int		 hit = 0;

	if (code == NULL || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6)
		return 0;
	/* Every step is computed: the time does not say which matched. */
	for (s = here - 1; s <= here + 1; s++)
		if (sec_equal(sec_totp_code(a, secret, s), code) &&
		    s > last_step && !hit) {
			*step = s;
			hit = 1;
		}
	return hit;
}

const char *
sec_totp_uri(struct arena *a, const char *issuer, const char *account,
    const char *secret)
{
	struct buf	 b;

	buf_init(&b, a, 256);
	buf_adds(&b, "otpauth://totp/");
	buf_add_url(&b, issuer, strlen(issuer));
	buf_addc(&b, ':');
	buf_add_url(&b, account, strlen(account));
	buf_printf(&b, "?secret=%s&issuer=", secret);
	buf_add_url(&b, issuer, strlen(issuer));
	buf_printf(&b, "&algorithm=SHA1&digits=6&period=%d", SEC_TOTP_STEP);
	return buf_ok(&b) ? b.data : NULL;
}

const char *
sec_recovery_code_new(struct arena *a)
{
	unsigned char	 rnd[8];
	const char	*s;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1 ||
	    (s = b32_encode(a, rnd, sizeof(rnd))) == NULL)
		return NULL;
	return arena_printf(a, "%.4s-%.4s-%.4s", s, s + 4, s + 8);
}

const char *
sec_recovery_code_hash(struct arena *a, const char *code)
{
	char	 norm[16];
	size_t	 n = 0;

	for (; code != NULL && *code != '\0'; code++) {
		if (*code == '-' || *code == ' ')
			continue;
		if (n == 12 || strchr(B32, *code >= 'A' && *code <= 'Z' ?
		    *code + 32 : *code) == NULL)
			return NULL;
		norm[n++] = *code >= 'A' && *code <= 'Z' ? *code + 32 : *code;
	}
	if (n != 12)
		return NULL;
	norm[n] = '\0';
	return sec_sha256_hex(a, norm, n);
}
