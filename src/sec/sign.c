/*
 * Signing and checking the HMAC-SHA256 signature of an internal call; the
 * exact rules are in sec.h and README ("Signed internal calls").
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "sec/sec.h"

struct qpair {
	const char	*name;	/* RFC 3986 encoded */
	const char	*value;
};

/* Decode ('+' is a space) then re-encode one query component. */
static const char *
query_component(struct arena *a, const char *s, size_t n)
{
	char		*tmp = arena_strndup(a, s, n);
	size_t		 len;
	struct buf	 b;

	if (tmp == NULL || str_url_decode(tmp, 1, &len) == -1)
		return NULL;
	buf_init(&b, a, len * 3 + 1);
	buf_add_url(&b, tmp, len);
	return buf_ok(&b) ? b.data : NULL;
}

static int
qpair_cmp(const void *x, const void *y)
{
	const struct qpair	*p = x, *q = y;
	int			 c = strcmp(p->name, q->name);

	return c != 0 ? c : strcmp(p->value, q->value);
}

/* Split raw into pairs; returns the count, or -1 if malformed. */
static long
query_pairs(struct arena *a, const char *raw, struct qpair **out)
{
	const char	*amp, *eq;
	size_t		 n = 1, len;
	long		 k = 0;

	for (amp = raw; (amp = strchr(amp, '&')) != NULL; amp++)
		n++;
	if ((*out = arena_alloc(a, sizeof(**out) * n)) == NULL)
		return -1;
	for (; *raw != '\0'; raw += len + (raw[len] == '&')) {
		amp = strchr(raw, '&');
		len = amp == NULL ? strlen(raw) : (size_t)(amp - raw);
		if (len == 0)
			continue;
		eq = memchr(raw, '=', len);
		(*out)[k].name = query_component(a, raw, eq == NULL ? len :
		    (size_t)(eq - raw));
		(*out)[k].value = eq == NULL ? "" : query_component(a, eq + 1,
		    len - (size_t)(eq - raw) - 1);
		if ((*out)[k].name == NULL || (*out)[k].value == NULL)
			return -1;
		k++;
	}
	return k;
}

/* The pairs of raw, sorted; the count, or -1 if malformed. */
static long
query_sorted(struct arena *a, const char *raw, struct qpair **out)
{
	long	 n;

	if ((n = query_pairs(a, raw, out)) > 1)
		qsort(*out, (size_t)n, sizeof(**out), qpair_cmp);
	return n;
}

const char *
sec_query_canonical(struct arena *a, const char *raw)
{
	struct qpair	*p;
	struct buf	 b;
	long		 n, i;

	if (raw == NULL || *raw == '\0')
		return "";
	if ((n = query_sorted(a, raw, &p)) < 0)
		return NULL;
	buf_init(&b, a, strlen(raw) * 3 + 1);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s=%s", i > 0 ? "&" : "", p[i].name,
		    p[i].value);
	return buf_ok(&b) ? b.data : NULL;
}

/* Sorted by name, a repeated name is next to itself. */
const char *
sec_query_dup(struct arena *a, const char *raw)
{
	struct qpair	*p;
	long		 n, i;

	if (raw == NULL || *raw == '\0' || (n = query_sorted(a, raw, &p)) < 0)
		return NULL;
	for (i = 1; i < n; i++)
		if (strcmp(p[i - 1].name, p[i].name) == 0)
			return p[i].name;
	return NULL;
}

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

const char *
sec_sha256_hex(struct arena *a, const void *data, size_t len)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	struct buf	 b;

	if (EVP_Digest(data == NULL ? "" : data, len, md, &mdlen,
	    EVP_sha256(), NULL) != 1)
		return NULL;
	buf_init(&b, a, mdlen * 2 + 1);
	buf_add_hex(&b, md, mdlen);
	return buf_ok(&b) ? b.data : NULL;
}

/*
 * v2 puts a marker first, so that no v2 payload is also a v1 payload,
 * and signs the headers that change what the application does with the
 * request (how the body is read, deduplication, conditional answers).
 */
const char *
sec_sign_payload(struct arena *a, const struct sec_sig_input *in)
{
	const char	*q = sec_query_canonical(a, in->raw_query);
	const char	*h = sec_sha256_hex(a, in->body, in->body_len);

	if (q == NULL || h == NULL)
		return NULL;
	if (in->version == SEC_SIG_V1)
		return arena_printf(a, "%s\n%s\n%s\n%s\n%s\n%s\n%s",
		    nz(in->method), nz(in->raw_path), q, nz(in->tenant),
		    nz(in->api_key), nz(in->nonce), h);
	if (in->version != 0 && in->version != SEC_SIG_V2)
		return NULL;
	return arena_printf(a, "v2\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s",
	    nz(in->method), nz(in->raw_path), q, nz(in->tenant),
	    nz(in->api_key), nz(in->nonce), nz(in->content_type),
	    nz(in->idempotency_key), nz(in->if_none_match), h);
}

const char *
sec_sign(struct arena *a, const struct sec_sig_input *in, const char *secret,
    size_t secret_len)
{
	const char	*payload = sec_sign_payload(a, in), *msg;
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen;
	struct buf	 b;

	if (payload == NULL || (msg = arena_printf(a, "%s|%s", payload,
	    nz(in->timestamp))) == NULL)
		return NULL;
	if (HMAC(EVP_sha256(), secret, (int)secret_len,
	    (const unsigned char *)msg, strlen(msg), mac, &maclen) == NULL)
		return NULL;
	buf_init(&b, a, maclen * 2 + 1);
	buf_add_hex(&b, mac, maclen);
	return buf_ok(&b) ? b.data : NULL;
}

const char *
sec_random_hex(struct arena *a, const char *prefix, size_t n)
{
	unsigned char	 rnd[64];
	struct buf	 b;

	if (n > sizeof(rnd) || RAND_bytes(rnd, (int)n) != 1)
		return NULL;
	buf_init(&b, a, strlen(prefix) + 2 * n + 1);
	buf_adds(&b, prefix);
	buf_add_hex(&b, rnd, n);
	return buf_ok(&b) ? b.data : NULL;
}

#define TOKEN_BYTES	32

enum souk_err
sec_token_new(struct arena *a, const char *prefix, const char **token,
    const char **hash)
{
	if ((*token = sec_random_hex(a, prefix, TOKEN_BYTES)) == NULL ||
	    (*hash = sec_sha256_hex(a, *token, strlen(*token))) == NULL)
		return SOUK_ENOMEM;
	return SOUK_OK;
}

const char *
sec_token_hash(struct arena *a, const char *prefix, const char *token)
{
	size_t	 n = strlen(prefix);

	if (token == NULL || strncmp(token, prefix, n) != 0 ||
	    !str_hex_ok(token + n, 2 * TOKEN_BYTES, 2 * TOKEN_BYTES))
		return NULL;
	return sec_sha256_hex(a, token, strlen(token));
}

#define CSRF_HEX	32

const char *
sec_csrf_of(struct arena *a, const char *token)
{
	const char	*in, *h;

	if (token == NULL || (in = arena_printf(a, "csrf:%s", token)) ==
	    NULL || (h = sec_key_mac_hex(a, SEC_KEY_SESSION, in)) == NULL)
		return NULL;
	return arena_strndup(a, h, CSRF_HEX);
}

int
sec_equal(const char *x, const char *y)
{
	return x != NULL && y != NULL && strlen(x) == strlen(y) &&
	    CRYPTO_memcmp(x, y, strlen(x)) == 0;
}

const char *
sec_sign_fresh(struct arena *a, struct sec_sig_input *in, const char *secret)
{
	if ((in->nonce = sec_random_hex(a, "", 16)) == NULL)
		return NULL;
	if (in->timestamp == NULL && (in->timestamp = arena_printf(a, "%lld",
	    (long long)time_unix())) == NULL)
		return NULL;
	return sec_sign(a, in, secret, strlen(secret));
}

int
sec_sign_check(struct arena *a, const struct sec_sig_input *in,
    const char *secret, size_t secret_len, const char *sig)
{
	return sec_equal(sec_sign(a, in, secret, secret_len), sig);
}
