/*
 * Verifying an RS256 JSON Web Token (RFC 7519, RFC 7515) against a JSON
 * Web Key Set (RFC 7517): base64url, the header's alg and kid, the RSA
 * public key built from the JWK's n and e, and the signature with
 * OpenSSL.  Claims are checked by the caller (sec_jwt_claims_ok).
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <json-c/json.h>

#include "sec/sec.h"

#define JWT_MAX		16384	/* bytes of a token we look at */
#define CLOCK_SKEW	60	/* seconds of clock difference allowed */

/* base64url (no padding) of len bytes into out; -1 if not base64url. */
static int
b64url_decode(struct arena *a, const char *s, size_t len,
    unsigned char **out, size_t *outlen)
{
	char		*t;
	size_t		 i, n = len + 4;
	int		 got;

	if (len > JWT_MAX || (t = arena_alloc(a, n + 1)) == NULL ||
	    (*out = arena_alloc(a, n)) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '-')
			t[i] = '+';
		else if (s[i] == '_')
			t[i] = '/';
		else if (s[i] == '+' || s[i] == '/' || s[i] == '=')
			return -1;
		else
			t[i] = s[i];
	}
	while (i % 4 != 0)
		t[i++] = '=';
	t[i] = '\0';
	if ((got = EVP_DecodeBlock(*out, (unsigned char *)t, (int)i)) < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	*outlen = (size_t)got - (i - len);
	return 0;
}

static void
json_put_cb(void *o)
{
	json_object_put(o);
}

/* A JSON object decoded from a base64url part, freed with the arena. */
static struct json_object *
part_json(struct arena *a, const char *s, size_t len)
{
	struct json_object	*o;
	unsigned char		*raw;
	size_t			 n;

	if (b64url_decode(a, s, len, &raw, &n) == -1 ||
	    (o = json_tokener_parse(arena_strndup(a, (char *)raw, n))) ==
	    NULL)
		return NULL;
	if (!json_object_is_type(o, json_type_object) ||
	    arena_cleanup(a, json_put_cb, o) == -1) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The RSA public key of a JWK (kty RSA, n, e), or NULL. */
static EVP_PKEY *
jwk_rsa(struct arena *a, struct json_object *k)
{
	const char	*n64 = jstr(k, "n"), *e64 = jstr(k, "e");
	unsigned char	*n, *e;
	size_t		 nl, el;
	OSSL_PARAM_BLD	*b = NULL;
	OSSL_PARAM	*p = NULL;
	BIGNUM		*bn = NULL, *be = NULL;
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*key = NULL;

	if (!str_eq(jstr(k, "kty"), "RSA") || n64 == NULL || e64 == NULL ||
	    b64url_decode(a, n64, strlen(n64), &n, &nl) == -1 ||
	    b64url_decode(a, e64, strlen(e64), &e, &el) == -1 ||
	    nl < 256)	/* 2048 bits at least */
		return NULL;
	if ((bn = BN_bin2bn(n, (int)nl, NULL)) == NULL ||
	    (be = BN_bin2bn(e, (int)el, NULL)) == NULL ||
	    (b = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, be) ||
	    (p = OSSL_PARAM_BLD_to_param(b)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, p) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	BN_free(bn);
	BN_free(be);
	return key;
}

/* The key of the set for kid (any signing RSA key if kid is NULL). */
static struct json_object *
jwks_find(struct json_object *jwks, const char *kid)
{
	struct json_object	*keys, *k;
	size_t			 i;

	if (!json_object_object_get_ex(jwks, "keys", &keys) ||
	    !json_object_is_type(keys, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(keys); i++) {
		k = json_object_array_get_idx(keys, i);
		if (jstr(k, "use") != NULL && !str_eq(jstr(k, "use"), "sig"))
			continue;
		if (kid == NULL || str_eq(jstr(k, "kid"), kid))
			return k;
	}
	return NULL;
}

static int
rs256_ok(EVP_PKEY *key, const char *data, size_t len,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX	*md = EVP_MD_CTX_new();
	int		 ok;

	ok = md != NULL &&
	    EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestVerify(md, sig, siglen, (const unsigned char *)data,
	    len) == 1;
	EVP_MD_CTX_free(md);
	return ok;
}

enum souk_err
sec_jwt_verify(struct arena *a, const char *jwt, const char *jwks_json,
    struct json_object **claims, const char **why)
{
	const char		*dot1, *dot2;
	struct json_object	*hdr, *jwks, *k;
	unsigned char		*sig;
	size_t			 siglen;
	EVP_PKEY		*key;
	int			 ok;

	*claims = NULL;
	*why = "malformed token";
	if (jwt == NULL || strlen(jwt) > JWT_MAX ||
	    (dot1 = strchr(jwt, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL ||
	    strchr(dot2 + 1, '.') != NULL ||
	    (hdr = part_json(a, jwt, (size_t)(dot1 - jwt))) == NULL ||
	    b64url_decode(a, dot2 + 1, strlen(dot2 + 1), &sig, &siglen) == -1)
		return SOUK_UNAUTHORIZED;
	if (!str_eq(jstr(hdr, "alg"), "RS256")) {
		*why = "not signed with RS256";
		return SOUK_UNAUTHORIZED;
	}
	jwks = json_tokener_parse(jwks_json != NULL ? jwks_json : "");
	k = jwks != NULL ? jwks_find(jwks, jstr(hdr, "kid")) : NULL;
	key = k != NULL ? jwk_rsa(a, k) : NULL;
	json_object_put(jwks);
	if (key == NULL) {
		*why = "no usable key for its kid";
		return SOUK_UNAUTHORIZED;
	}
	ok = rs256_ok(key, jwt, (size_t)(dot2 - jwt), sig, siglen);
	EVP_PKEY_free(key);
	if (!ok) {
		*why = "bad signature";
		return SOUK_UNAUTHORIZED;
	}
	if ((*claims = part_json(a, dot1 + 1, (size_t)(dot2 - dot1 - 1))) ==
	    NULL)
		return SOUK_UNAUTHORIZED;
	*why = NULL;
	return SOUK_OK;
}

static int
aud_has(struct json_object *claims, const char *client)
{
	struct json_object	*aud;
	size_t			 i;

	if (!json_object_object_get_ex(claims, "aud", &aud))
		return 0;
	if (json_object_is_type(aud, json_type_string))
		return str_eq(json_object_get_string(aud), client);
	if (!json_object_is_type(aud, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(aud); i++)
		if (str_eq(json_object_get_string(json_object_array_get_idx(aud,
		    i)), client))
			return json_object_array_length(aud) == 1 ||
			    str_eq(jstr(claims, "azp"), client);
	return 0;
}

static int64_t
jint(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	return json_object_get_int64(v);
}

const char *
sec_jwt_claims_ok(struct json_object *claims, const char *issuer,
    const char *client, const char *nonce, int64_t now)
{
	struct json_object	*v;

	if (!str_eq(jstr(claims, "iss"), issuer))
		return "wrong issuer";
	if (!aud_has(claims, client))
		return "not for this client (aud)";
	if (jint(claims, "exp") < now - CLOCK_SKEW)
		return "expired";
	if (jint(claims, "iat") < 0 || jint(claims, "iat") > now + CLOCK_SKEW)
		return "no iat, or issued in the future";
	if (!sec_equal(jstr(claims, "nonce"), nonce))
		return "wrong nonce";
	if (jstr(claims, "email") == NULL)
		return "no email claim";
	/* Some providers send "true" as a string; anything else is false. */
	if (json_object_object_get_ex(claims, "email_verified", &v) &&
	    !(json_object_is_type(v, json_type_boolean) &&
	    json_object_get_boolean(v)) && !str_eq(json_object_get_string(v),
	    "true"))
		return "e-mail address not verified by the provider";
	return NULL;
}
