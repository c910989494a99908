/*
 * Request signing against tests/vectors/signing.json, made by an
 * independent implementation (tests/vectors/make_signing.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <check.h>
#include <json-c/json.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "sec/sec.h"

static struct json_object	*vectors;	/* signing.json: v1 */
static struct json_object	*vectors_v2;	/* signing-v2.json */

static const char *
field(struct json_object *v, const char *name)
{
	struct json_object	*f;

	ck_assert_msg(json_object_object_get_ex(v, name, &f), "no %s", name);
	return json_object_get_string(f);
}

/* The request of a vector; v2 vectors say "version": "2". */
static void
input(struct json_object *v, struct sec_sig_input *in)
{
	struct json_object	*f;

	memset(in, 0, sizeof(*in));
	in->method = field(v, "method");
	in->raw_path = field(v, "path");
	in->raw_query = field(v, "query");
	in->tenant = field(v, "tenant");
	in->api_key = field(v, "api_key");
	in->nonce = field(v, "nonce");
	in->timestamp = field(v, "timestamp");
	in->body = field(v, "body");
	in->body_len = strlen(in->body);
	in->version = SEC_SIG_V1;
	if (!json_object_object_get_ex(v, "version", &f))
		return;
	in->version = SEC_SIG_V2;
	in->content_type = field(v, "content_type");
	in->idempotency_key = field(v, "idempotency_key");
	in->if_none_match = field(v, "if_none_match");
}

/* The call a server receives for a vector (x-signature-version set). */
static void
call_of(struct json_object *v, struct sec_call *c)
{
	memset(c, 0, sizeof(*c));
	input(v, &c->sig);
	c->sig.version = 0;	/* the server reads the header */
	c->signature = field(v, "signature");
	c->version = json_object_object_get_ex(v, "version", NULL) ?
	    field(v, "version") : NULL;
	c->remote_addr = "127.0.0.1";
}

static struct json_object *
load_vectors(const char *name)
{
	const char		*dir = getenv("SOUK_SRCDIR");
	char			 path[1024];
	struct json_object	*o;

	snprintf(path, sizeof(path), "%s/tests/vectors/%s",
	    dir == NULL ? "." : dir, name);
	if ((o = json_object_from_file(path)) == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(99);
	}
	return o;
}

static struct json_object *
vector_of(struct json_object *set, int i)
{
	struct json_object	*arr;

	json_object_object_get_ex(set, "vectors", &arr);
	return json_object_array_get_idx(arr, (size_t)i);
}

static struct json_object *
vector(int i)
{
	return vector_of(vectors, i);
}

static int
nvectors(struct json_object **set, const char *name)
{
	struct json_object	*arr;

	if (*set == NULL)
		*set = load_vectors(name);
	json_object_object_get_ex(*set, "vectors", &arr);
	return (int)json_object_array_length(arr);
}

/* Client side (sign) and server side (sec_call_sig_ok) of one vector. */
static void
vector_check(struct json_object *v, int accept_v1)
{
	struct arena		*a = arena_new(4096, 1 << 20);
	struct sec_sig_input	 in;
	struct sec_call		 c;
	const char		*secret = field(v, "secret"), *why = NULL;

	input(v, &in);
	ck_assert_str_eq(sec_sign_payload(a, &in), field(v, "payload"));
	ck_assert_str_eq(sec_sign(a, &in, secret, strlen(secret)),
	    field(v, "signature"));
	ck_assert(sec_sign_check(a, &in, secret, strlen(secret),
	    field(v, "signature")));
	call_of(v, &c);
	/* v1's vectors sort a repeated name, which a server now refuses */
	ck_assert(sec_call_form_ok(a, &c, &why) ==
	    (sec_query_dup(a, in.raw_query) == NULL));
	ck_assert_msg(sec_call_sig_ok(a, &c, secret, strlen(secret),
	    accept_v1, &why), "%s", why);
	arena_free(a);
}

/* v1 vectors still describe v1: they verify as v1 where v1 is allowed. */
START_TEST(test_vector)
{
	vector_check(vector(_i), 1);
}
END_TEST

START_TEST(test_vector_v2)
{
	vector_check(vector_of(vectors_v2, _i), 0);
}
END_TEST

/* Every part of the request is covered: changing one breaks the check. */
START_TEST(test_tampering)
{
	struct json_object	*v = vector(5);	/* POST with body and tenant */
	struct arena		*a = arena_new(4096, 1 << 20);
	struct sec_sig_input	 in, t;
	const char		*secret = field(v, "secret");
	const char		*sig = field(v, "signature");
	size_t			 sl = strlen(secret);

	input(v, &in);
	ck_assert(sec_sign_check(a, &in, secret, sl, sig));
	t = in, t.method = "PUT";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.raw_path = "/api/v1/notifications/sms";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.raw_query = "x=1";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.tenant = "2";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.api_key = "pk_other";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.nonce = "00000000000000000000000000000000";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.timestamp = "1795780801";
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	t = in, t.body_len = in.body_len - 1;
	ck_assert(!sec_sign_check(a, &t, secret, sl, sig));
	ck_assert(!sec_sign_check(a, &in, "wrong", 5, sig));
	ck_assert(!sec_sign_check(a, &in, secret, sl, NULL));
	ck_assert(!sec_sign_check(a, &in, secret, sl, ""));
	arena_free(a);
}
END_TEST

/* v2 signs Content-Type, Idempotency-Key and If-None-Match. */
START_TEST(test_v2_tampering)
{
	struct json_object	*v = vector_of(vectors_v2, 7);	/* all three */
	struct arena		*a = arena_new(4096, 1 << 20);
	struct sec_call		 c, t;
	const char		*secret = field(v, "secret"), *why;
	size_t			 sl = strlen(secret);

	call_of(v, &c);
	ck_assert(sec_call_sig_ok(a, &c, secret, sl, 0, &why));
	t = c, t.sig.content_type = "application/json";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.content_type = NULL;
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.idempotency_key = "k-2";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.idempotency_key = NULL;
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.if_none_match = "\"abc\"";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.if_none_match = NULL;
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	t = c, t.sig.body = "GNP";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 0, &why));
	/* a v2 signature read as v1 (header dropped) does not verify */
	t = c, t.version = NULL;
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	t = c, t.version = "1";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	/* the same POST with another Content-Type is another signature */
	ck_assert_str_ne(field(vector_of(vectors_v2, 3), "signature"),
	    field(vector_of(vectors_v2, 4), "signature"));
	arena_free(a);
}
END_TEST

/* v1 only when allowed, and never over headers it does not sign. */
START_TEST(test_v1_policy)
{
	struct json_object	*v = vector(5);	/* POST with body and tenant */
	struct arena		*a = arena_new(4096, 1 << 20);
	struct sec_call		 c, t;
	const char		*secret = field(v, "secret"), *why;
	size_t			 sl = strlen(secret);

	call_of(v, &c);
	ck_assert(sec_call_sig_ok(a, &c, secret, sl, 1, &why));
	t = c, t.version = "1";
	ck_assert(sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	t = c, t.sig.content_type = "application/json";
	ck_assert(sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	ck_assert(!sec_call_sig_ok(a, &c, secret, sl, 0, &why));
	ck_assert_ptr_nonnull(strstr(why, "accept_signature_v1"));
	t = c, t.sig.content_type = "application/x-www-form-urlencoded";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	ck_assert_ptr_nonnull(strstr(why, "v2"));
	t = c, t.sig.idempotency_key = "x";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	t = c, t.sig.if_none_match = "*";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	/* a v1 signature announced as v2 */
	t = c, t.version = "2";
	ck_assert(!sec_call_sig_ok(a, &t, secret, sl, 1, &why));
	arena_free(a);
}
END_TEST

/* A signed query may not name a key twice, however it is spelled. */
START_TEST(test_query_dup)
{
	struct json_object	*v = vector_of(vectors_v2, 1);	/* a query */
	struct arena		*a = arena_new(4096, 1 << 20);
	struct sec_call		 c, t;
	const char		*why;

	ck_assert_ptr_null(sec_query_dup(a, NULL));
	ck_assert_ptr_null(sec_query_dup(a, ""));
	ck_assert_ptr_null(sec_query_dup(a, "a=1&b=1&ab=2"));
	ck_assert_str_eq(sec_query_dup(a, "x=1&x=2"), "x");
	ck_assert_str_eq(sec_query_dup(a, "b=1&a=2&c=3&a=1"), "a");
	ck_assert_str_eq(sec_query_dup(a, "a=1&%61=2"), "a");
	ck_assert_str_eq(sec_query_dup(a, "a+b=1&a%20b=2"), "a%20b");
	ck_assert_str_eq(sec_query_dup(a, "flag&&flag="), "flag");
	call_of(v, &c);
	ck_assert(sec_call_form_ok(a, &c, &why));
	t = c, t.sig.raw_query = "x=1&x=2";
	ck_assert(!sec_call_form_ok(a, &t, &why));
	ck_assert_ptr_nonnull(strstr(why, "\"x\" repeated"));
	t = c, t.sig.raw_query = "limit=20&cursor=p2&b=2&a=1&limit=1";
	ck_assert(!sec_call_form_ok(a, &t, &why));
	t = c, t.version = "3";
	ck_assert(!sec_call_form_ok(a, &t, &why));
	t = c, t.version = "";
	ck_assert(!sec_call_form_ok(a, &t, &why));
	arena_free(a);
}
END_TEST

START_TEST(test_query_canonical)
{
	struct arena	*a = arena_new(4096, 1 << 20);

	ck_assert_str_eq(sec_query_canonical(a, NULL), "");
	ck_assert_str_eq(sec_query_canonical(a, "b=2&a=1"), "a=1&b=2");
	ck_assert_str_eq(sec_query_canonical(a, "a=2&a=10"), "a=10&a=2");
	ck_assert_str_eq(sec_query_canonical(a, "x=a%2fb+c"), "x=a%2Fb%20c");
	ck_assert_str_eq(sec_query_canonical(a, "k~=v.-_"), "k~=v.-_");
	ck_assert_ptr_null(sec_query_canonical(a, "x=%zz"));
	ck_assert_ptr_null(sec_query_canonical(a, "x=%4"));
	arena_free(a);
}
END_TEST

START_TEST(test_passwords)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	const char	*h1, *h2;
	char		 old[160];
	int		 rehash;

	ck_assert_int_eq(sec_password_hash(a, "correct horse battery", &h1),
	    SOUK_OK);
	ck_assert_int_eq(sec_password_hash(a, "correct horse battery", &h2),
	    SOUK_OK);
	ck_assert(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0);
	ck_assert_str_ne(h1, h2);		/* salted */
	ck_assert_int_eq(sec_password_check(h1, "correct horse battery",
	    &rehash), SOUK_OK);
	ck_assert_int_eq(rehash, 0);
	ck_assert_int_eq(sec_password_check(h1, "correct horse batterY",
	    &rehash), SOUK_UNAUTHORIZED);
	ck_assert_int_eq(sec_password_check("$2y$10$bcrypt", "x", &rehash),
	    SOUK_UNAUTHORIZED);
	ck_assert_int_eq(sec_password_check(NULL, "x", &rehash),
	    SOUK_UNAUTHORIZED);
	/* a hash made with weaker parameters still works, and asks for more */
	ck_assert_int_eq(argon2id_hash_encoded(1, 4096, 1, "pw-old-params",
	    13, "saltsaltsaltsalt", 16, 32, old, sizeof(old)), ARGON2_OK);
	ck_assert_int_eq(sec_password_check(old, "pw-old-params", &rehash),
	    SOUK_OK);
	ck_assert_int_eq(rehash, 1);
	sec_password_dummy("anything");
	arena_free(a);
}
END_TEST

START_TEST(test_password_policy)
{
	char	 longpw[1100];

	ck_assert_ptr_null(sec_password_weak("twelve chars", SEC_PW_MIN_STAFF));
	ck_assert_str_eq(sec_password_weak("elevenchars", SEC_PW_MIN_STAFF),
	    "must be at least 12 characters");
	ck_assert_ptr_null(sec_password_weak("8 chars!", SEC_PW_MIN_CUSTOMER));
	ck_assert_str_eq(sec_password_weak("7 chars", SEC_PW_MIN_CUSTOMER),
	    "must be at least 8 characters");
	ck_assert_ptr_nonnull(sec_password_weak("Password1234",
	    SEC_PW_MIN_STAFF));
	ck_assert_ptr_nonnull(sec_password_weak("QWERTYUIOP", 8));
	ck_assert_ptr_nonnull(sec_password_weak("bad\xff\xfeutf8", 8));
	memset(longpw, 'x', 64);
	longpw[64] = '\0';
	ck_assert_ptr_null(sec_password_weak(longpw, SEC_PW_MIN_STAFF));
	memset(longpw, 'x', 1025);
	longpw[1025] = '\0';
	ck_assert_ptr_nonnull(sec_password_weak(longpw, SEC_PW_MIN_STAFF));
	ck_assert_ptr_nonnull(sec_password_weak(NULL, 8));
}
END_TEST

/* RFC 6238 appendix B, SHA-1, the last six digits of each code. */
START_TEST(test_totp_rfc6238)
{
	static const struct { int64_t t; const char *code; } v[] = {
		{ 59, "287082" }, { 1111111109, "081804" },
		{ 1111111111, "050471" }, { 1234567890, "005924" },
		{ 2000000000, "279037" }, { 20000000000LL, "353130" },
	};
	const char	*key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	struct arena	*a = arena_new(4096, 1 << 20);
	int64_t		 step;
	size_t		 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ck_assert_str_eq(sec_totp_code(a, key, v[i].t / 30),
		    v[i].code);
		ck_assert_int_eq(sec_totp_check(a, key, v[i].code, v[i].t, 0,
		    &step), 1);
		ck_assert_int_eq(step, v[i].t / 30);
		/* used once: the same step again is refused */
		ck_assert_int_eq(sec_totp_check(a, key, v[i].code, v[i].t,
		    step, &step), 0);
	}
	/* one step of drift either way, not two */
	ck_assert_int_eq(sec_totp_check(a, key, "287082", 59 + 30, 0, &step),
	    1);
	ck_assert_int_eq(sec_totp_check(a, key, "287082", 59 + 60, 0, &step),
	    0);
	ck_assert_int_eq(sec_totp_check(a, key, "28708", 59, 0, &step), 0);
	ck_assert_int_eq(sec_totp_check(a, key, "28708a", 59, 0, &step), 0);
	ck_assert_ptr_null(sec_totp_code(a, "not base32!", 1));
	arena_free(a);
}
END_TEST

START_TEST(test_totp_secret_and_recovery)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	const char	*s1 = sec_totp_secret_new(a), *s2;
	const char	*rc = sec_recovery_code_new(a), *h;
	char		 upper[32];
	size_t		 i;

	s2 = sec_totp_secret_new(a);
	ck_assert_uint_eq(strlen(s1), 32);
	ck_assert_str_ne(s1, s2);
	ck_assert_ptr_nonnull(sec_totp_code(a, s1, 1));
	ck_assert_str_eq(sec_totp_uri(a, "Souk Center", "a@b.c", "abc"),
	    "otpauth://totp/Souk%20Center:a%40b.c?secret=abc&issuer="
	    "Souk%20Center&algorithm=SHA1&digits=6&period=30");
	ck_assert_uint_eq(strlen(rc), 14);
	ck_assert_ptr_nonnull(h = sec_recovery_code_hash(a, rc));
	for (i = 0; rc[i] != '\0' && i < sizeof(upper) - 1; i++)
		upper[i] = rc[i] >= 'a' && rc[i] <= 'z' ? rc[i] - 32 : rc[i];
	upper[i] = '\0';
	ck_assert_str_eq(sec_recovery_code_hash(a, upper), h);
	ck_assert_ptr_null(sec_recovery_code_hash(a, "abcd-efgh"));
	ck_assert_ptr_null(sec_recovery_code_hash(a, "abcd-efgh-ijk1"));
	arena_free(a);
}
END_TEST

/* ---- ID tokens: a key made here signs tokens, good and bad ---------- */

static EVP_PKEY		*jwt_key;

static char *
b64url(struct arena *a, const unsigned char *p, size_t n)
{
	char	*out = arena_alloc(a, n * 2 + 8), *c;

	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	for (c = out; *c != '\0'; c++)
		*c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
	if ((c = strchr(out, '=')) != NULL)
		*c = '\0';
	return out;
}

static char *
b64url_str(struct arena *a, const char *s)
{
	return b64url(a, (const unsigned char *)s, strlen(s));
}

static const char *
bn_b64url(struct arena *a, const char *name)
{
	BIGNUM		*bn = NULL;
	unsigned char	 buf[512];
	int		 n;

	ck_assert(EVP_PKEY_get_bn_param(jwt_key, name, &bn) == 1);
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	return b64url(a, buf, (size_t)n);
}

/* {"keys":[...]} with the test key as kid. */
static const char *
jwks(struct arena *a, const char *kid)
{
	return arena_printf(a, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\","
	    "\"kid\":\"%s\",\"n\":\"%s\",\"e\":\"%s\"}]}", kid,
	    bn_b64url(a, OSSL_PKEY_PARAM_RSA_N),
	    bn_b64url(a, OSSL_PKEY_PARAM_RSA_E));
}

/* header.payload.signature, signed with the test key. */
static const char *
jwt_make(struct arena *a, const char *header, const char *payload)
{
	const char	*input = arena_printf(a, "%s.%s", b64url_str(a, header),
	    b64url_str(a, payload));
	unsigned char	 sig[512];
	size_t		 n = sizeof(sig);
	EVP_MD_CTX	*md = EVP_MD_CTX_new();

	ck_assert(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL,
	    jwt_key) == 1);
	ck_assert(EVP_DigestSign(md, sig, &n, (const unsigned char *)input,
	    strlen(input)) == 1);
	EVP_MD_CTX_free(md);
	return arena_printf(a, "%s.%s", input, b64url(a, sig, n));
}

static const char *
claims_json(struct arena *a, const char *aud, const char *nonce,
    long long exp)
{
	return arena_printf(a, "{\"iss\":\"https://idp.test\",\"sub\":\"7\","
	    "\"aud\":%s,\"exp\":%lld,\"iat\":%lld,\"nonce\":\"%s\","
	    "\"email\":\"ann@example.com\",\"email_verified\":true}", aud, exp,
	    (long long)time_unix(), nonce);
}

START_TEST(test_jwt_rs256)
{
	struct arena		*a = arena_new(65536, 1 << 22);
	const char		*hdr = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
	const char		*keys, *jwt, *why, *bad;
	struct json_object	*claims;
	long long		 now = (long long)time_unix();
	char			*t;

	jwt_key = EVP_RSA_gen(2048);
	ck_assert_ptr_nonnull(jwt_key);
	keys = jwks(a, "k1");
	jwt = jwt_make(a, hdr, claims_json(a, "\"souk\"", "n1", now + 300));
	ck_assert_int_eq(sec_jwt_verify(a, jwt, keys, &claims, &why), SOUK_OK);
	ck_assert_ptr_null(sec_jwt_claims_ok(claims, "https://idp.test",
	    "souk", "n1", now));
	/* the claims the caller checks */
	ck_assert_str_eq(sec_jwt_claims_ok(claims, "https://other.test",
	    "souk", "n1", now), "wrong issuer");
	ck_assert_str_eq(sec_jwt_claims_ok(claims, "https://idp.test",
	    "someone-else", "n1", now), "not for this client (aud)");
	ck_assert_str_eq(sec_jwt_claims_ok(claims, "https://idp.test",
	    "souk", "n2", now), "wrong nonce");
	ck_assert_str_eq(sec_jwt_claims_ok(claims, "https://idp.test",
	    "souk", "n1", now + 3600), "expired");
	/* email_verified as the string "false"; no iat */
	{
		const char *c1 = arena_printf(a, "{\"iss\":\"https://idp.test\","
		    "\"aud\":\"souk\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"n1\","
		    "\"email\":\"a@b.c\",\"email_verified\":\"false\"}",
		    now + 300, now);
		const char *c2 = arena_printf(a, "{\"iss\":\"https://idp.test\","
		    "\"aud\":\"souk\",\"exp\":%lld,\"nonce\":\"n1\","
		    "\"email\":\"a@b.c\"}", now + 300);
		struct json_object *o1 = json_tokener_parse(c1);
		struct json_object *o2 = json_tokener_parse(c2);

		ck_assert_str_eq(sec_jwt_claims_ok(o1, "https://idp.test",
		    "souk", "n1", now),
		    "e-mail address not verified by the provider");
		ck_assert_str_eq(sec_jwt_claims_ok(o2, "https://idp.test",
		    "souk", "n1", now), "no iat, or issued in the future");
		json_object_put(o1);
		json_object_put(o2);
	}
	/* an audience list needs azp to name us */
	jwt = jwt_make(a, hdr, claims_json(a, "[\"souk\",\"x\"]", "n1",
	    now + 300));
	ck_assert_int_eq(sec_jwt_verify(a, jwt, keys, &claims, &why), SOUK_OK);
	ck_assert_ptr_nonnull(sec_jwt_claims_ok(claims, "https://idp.test",
	    "souk", "n1", now));
	/* a changed payload, a key of another kid, alg none, garbage */
	jwt = jwt_make(a, hdr, claims_json(a, "\"souk\"", "n1", now + 300));
	t = arena_strdup(a, jwt);
	bad = strchr(t, '.') + 1;
	t[bad - t + 3] = t[bad - t + 3] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(sec_jwt_verify(a, t, keys, &claims, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_str_eq(why, "bad signature");
	ck_assert_int_eq(sec_jwt_verify(a, jwt, jwks(a, "k2"), &claims, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_str_eq(why, "no usable key for its kid");
	bad = arena_printf(a, "%s.%s.", b64url_str(a, "{\"alg\":\"none\"}"),
	    b64url_str(a, claims_json(a, "\"souk\"", "n1", now + 300)));
	ck_assert_int_eq(sec_jwt_verify(a, bad, keys, &claims, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_str_eq(why, "not signed with RS256");
	bad = jwt_make(a, "{\"alg\":\"HS256\",\"kid\":\"k1\"}",
	    claims_json(a, "\"souk\"", "n1", now + 300));
	ck_assert_int_eq(sec_jwt_verify(a, bad, keys, &claims, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_int_eq(sec_jwt_verify(a, "a.b", keys, &claims, &why),
	    SOUK_UNAUTHORIZED);
	ck_assert_int_eq(sec_jwt_verify(a, "%%%.e30.AA", keys, &claims, &why),
	    SOUK_UNAUTHORIZED);
	EVP_PKEY_free(jwt_key);
	arena_free(a);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("sec");
	TCase	*tc = tcase_create("signing");
	int	 n = nvectors(&vectors, "signing.json");
	int	 n2 = nvectors(&vectors_v2, "signing-v2.json");

	if (n < 10 || n2 < 8) {
		fprintf(stderr, "want at least 10 v1 and 8 v2 vectors, have "
		    "%d and %d\n", n, n2);
		exit(99);
	}
	tcase_add_loop_test(tc, test_vector, 0, n);
	tcase_add_loop_test(tc, test_vector_v2, 0, n2);
	tcase_add_test(tc, test_tampering);
	tcase_add_test(tc, test_v2_tampering);
	tcase_add_test(tc, test_v1_policy);
	tcase_add_test(tc, test_query_dup);
	tcase_add_test(tc, test_query_canonical);
	tcase_add_test(tc, test_passwords);
	tcase_add_test(tc, test_password_policy);
	tcase_add_test(tc, test_totp_rfc6238);
	tcase_add_test(tc, test_totp_secret_and_recovery);
	tcase_add_test(tc, test_jwt_rs256);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
