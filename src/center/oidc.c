/*
 * Enterprise sign-in to Center with OpenID Connect: the authorization
 * code flow with PKCE (S256) against oidc_issuer.  The provider's
 * discovery document and key set are fetched with src/net and kept in
 * memcached for a few minutes.  The state, nonce and code verifier of a
 * sign-in live in an HttpOnly cookie scoped to /login/oidc.  The ID
 * token is verified here (RS256 signature, iss, aud, exp, iat, nonce)
 * and its e-mail must be an active admin's: nobody signs up this way.
 * Two-factor rules apply as after a password.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "center/api.h"
#include "net/net.h"

#define FLOW_COOKIE	"souk_center_oidc"
#define FLOW_PATH	"/login/oidc"
#define DOC_TTL		300	/* seconds discovery and keys are cached */

static const char *
issuer(struct req *r)
{
	return r->app->conf.oidc_issuer;
}

/* GET url: the body, from memcached when fresh (refresh: skip it). */
static const char *
fetch_cached(struct req *r, const char *url, int refresh)
{
	const char		*key = arena_printf(r->a, "souk:v1:oidc:%s",
	    sec_sha256_hex(r->a, url, strlen(url)));
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	char			*v;
	size_t			 n;

	if (key == NULL)
		return NULL;
	if (!refresh && (v = cache_get(r->app->cache, r->a, key, &n)) != NULL)
		return v;
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = url;
	rq.timeout_ms = 5000;
	if (httpc_do(httpc_shared(), r->a, &rq, &rs) != SOUK_OK ||
	    rs.status != 200) {
		log_msg(LOG_ERR, "reqid=%s oidc: GET %s failed (HTTP %d)",
		    r->reqid, log_field(r->a, url), rs.status);
		return NULL;
	}
	cache_set(r->app->cache, key, rs.body, rs.body_len, DOC_TTL);
	return rs.body;
}

/* A string member of the provider's discovery document. */
static const char *
doc_str(struct req *r, const char *member)
{
	const char		*url, *body;
	struct json_object	*doc, *v;
	const char		*out = NULL;

	url = arena_printf(r->a, "%s/.well-known/openid-configuration",
	    issuer(r));
	if (url == NULL || (body = fetch_cached(r, url, 0)) == NULL ||
	    (doc = json_tokener_parse(body)) == NULL)
		return NULL;
	if (json_object_object_get_ex(doc, member, &v) &&
	    json_object_is_type(v, json_type_string))
		out = arena_strdup(r->a, json_object_get_string(v));
	json_object_put(doc);
	return out;
}

/* base64url(SHA-256(verifier)), the PKCE S256 challenge. */
static const char *
pkce_challenge(struct arena *a, const char *verifier)
{
	unsigned char	 md[SHA256_DIGEST_LENGTH];
	char		 b64[64], *p;

	SHA256((const unsigned char *)verifier, strlen(verifier), md);
	EVP_EncodeBlock((unsigned char *)b64, md, sizeof(md));
	for (p = b64; *p != '\0'; p++)
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	if ((p = strchr(b64, '=')) != NULL)
		*p = '\0';
	return arena_strdup(a, b64);
}

static const char *
redirect_uri(struct req *r)
{
	return arena_printf(r->a, "%s/login/oidc/callback", req_base_url(r));
}

static void
add_param(struct buf *b, const char *name, const char *val, int first)
{
	buf_addc(b, first ? '?' : '&');
	buf_adds(b, name);
	buf_addc(b, '=');
	buf_add_url(b, val, strlen(val));
}

enum souk_err
ctr_page_oidc(struct req *r)
{
	const char	*auth, *state, *nonce, *verifier;
	struct buf	 b;

	if (*issuer(r) == '\0') {
		r->detail = "Single sign-on is not set up here.";
		return SOUK_NOTFOUND;
	}
	if ((auth = doc_str(r, "authorization_endpoint")) == NULL) {
		r->detail = "The identity provider does not answer; sign in "
		    "with your password, or try again later.";
		return SOUK_UPSTREAM;
	}
	state = sec_random_hex(r->a, "", 16);
	nonce = sec_random_hex(r->a, "", 16);
	verifier = sec_random_hex(r->a, "", 32);
	if (state == NULL || nonce == NULL || verifier == NULL)
		return SOUK_ENOMEM;
	buf_init(&b, r->a, 512);
	buf_adds(&b, auth);
	add_param(&b, "response_type", "code", strchr(auth, '?') == NULL);
	add_param(&b, "client_id", r->app->conf.oidc_client_id, 0);
	add_param(&b, "redirect_uri", redirect_uri(r), 0);
	add_param(&b, "scope", "openid email", 0);
	add_param(&b, "state", state, 0);
	add_param(&b, "nonce", nonce, 0);
	add_param(&b, "code_challenge", pkce_challenge(r->a, verifier), 0);
	add_param(&b, "code_challenge_method", "S256", 0);
	if (!buf_ok(&b))
		return SOUK_ENOMEM;
	resp_cookie(r, FLOW_COOKIE, arena_printf(r->a, "%s.%s.%s", state,
	    nonce, verifier), FLOW_PATH, 600);
	resp_header(r, "Cache-Control", "no-store");
	resp_redirect(r, 303, b.data);
	return SOUK_OK;
}

/* The flow cookie's three parts; 0 if it is missing or malformed. */
static int
flow_parts(struct req *r, const char **state, const char **nonce,
    const char **verifier)
{
	const char	*c = req_cookie(r, FLOW_COOKIE);

	if (c == NULL || strlen(c) != 32 + 1 + 32 + 1 + 64 || c[32] != '.' ||
	    c[65] != '.')
		return 0;
	*state = arena_strndup(r->a, c, 32);
	*nonce = arena_strndup(r->a, c + 33, 32);
	*verifier = c + 66;
	return *state != NULL && *nonce != NULL;
}

/*
 * The code for tokens at the token endpoint: the ID token, or NULL with
 * the endpoint's HTTP status in *status (0: no answer).
 */
static const char *
id_token(struct req *r, const char *code, const char *verifier, int *status)
{
	const struct conf	*c = &r->app->conf;
	const char		*url = doc_str(r, "token_endpoint");
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	struct json_object	*o, *v;
	const char		*out = NULL;
	struct buf		 b;

	if (url == NULL)
		return NULL;
	buf_init(&b, r->a, 512);
	buf_adds(&b, "grant_type=authorization_code");
	add_param(&b, "code", code, 0);
	add_param(&b, "redirect_uri", redirect_uri(r), 0);
	add_param(&b, "client_id", c->oidc_client_id, 0);
	add_param(&b, "client_secret", c->oidc_client_secret, 0);
	add_param(&b, "code_verifier", verifier, 0);
	if (!buf_ok(&b))
		return NULL;
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = url;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.body = b.data;
	rq.body_len = b.len;
	rq.timeout_ms = 5000;
	rq.max_attempts = 1;	/* a code works once */
	rs.status = 0;
	if (httpc_do(httpc_shared(), r->a, &rq, &rs) != SOUK_OK ||
	    rs.status != 200 || (o = json_tokener_parse(rs.body)) == NULL) {
		log_msg(LOG_WARN, "reqid=%s oidc: token endpoint said HTTP %d",
		    r->reqid, rs.status);
		*status = rs.status;
		return NULL;
	}
	if (json_object_object_get_ex(o, "id_token", &v) &&
	    json_object_is_type(v, json_type_string))
		out = arena_strdup(r->a, json_object_get_string(v));
	json_object_put(o);
	return out;
}

/*
 * The verified e-mail address of an ID token, or NULL with *why; its
 * subject (the provider's account) in *sub.
 */
static const char *
verified_email(struct req *r, const char *jwt, const char *nonce,
    const char **sub, const char **why)
{
	const char		*jwks_uri = doc_str(r, "jwks_uri");
	const char		*iss = doc_str(r, "issuer");
	struct json_object	*claims, *v;
	enum souk_err		 er = SOUK_UNAUTHORIZED;
	int			 refresh;

	*why = "the provider's keys are unavailable";
	if (jwks_uri == NULL || iss == NULL)
		return NULL;
	/* A key we have not seen: the provider rotated; fetch once more. */
	for (refresh = 0; refresh < 2 && er != SOUK_OK; refresh++)
		er = sec_jwt_verify(r->a, jwt, fetch_cached(r, jwks_uri,
		    refresh), &claims, why);
	if (er != SOUK_OK)
		return NULL;
	if (!str_eq(iss, issuer(r)))
		*why = "the discovery document names another issuer";
	else
		*why = sec_jwt_claims_ok(claims, iss,
		    r->app->conf.oidc_client_id, nonce, time_unix());
	if (*why != NULL)
		return NULL;
	if (!json_object_object_get_ex(claims, "sub", &v) ||
	    !valid_check(VALID_LINE, (*sub = json_object_get_string(v)), 1,
	    255)) {
		*why = "the token has no subject";
		return NULL;
	}
	if (!json_object_object_get_ex(claims, "email", &v) ||
	    !valid_check(VALID_EMAIL, json_object_get_string(v), 0, 0)) {
		*why = "the email claim is not an e-mail address";
		return NULL;
	}
	return json_object_get_string(v);
}

/* The sign-in page again, with why the single sign-on failed. */
static enum souk_err
oidc_refused(struct req *r, int status, const char *msg, const char *why)
{
	log_msg(LOG_WARN, "reqid=%s oidc sign-in refused: %s", r->reqid,
	    why);
	resp_cookie(r, FLOW_COOKIE, "", FLOW_PATH, 0);
	return auth_login_form(r, status, msg);
}

/* The admin of a verified identity: SOUK_OK with a session, or why not. */
static enum souk_err
oidc_admin(struct req *r, const char *sub, const char *email,
    struct auth_account *ac, const char **token)
{
	struct auth_cx	 cx;
	const char	*why;
	int64_t		 id;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = ctr_admin_oidc(cx.db, r->a, issuer(r), sub, email, &id, &why);
	if (er == SOUK_FORBIDDEN) {
		auth_audit(r, NULL, "signin.failure", arena_printf(r->a,
		    "email:%s", email), json_kv_text(r->a, "method", "oidc",
		    "why", why));
		return oidc_refused(r, 403, "This admin signs in with another "
		    "account of the identity provider.", why);
	}
	if (er == SOUK_OK)
		er = auth_account_by_id(&cx, id, ac);
	if (er == SOUK_NOTFOUND)
		return oidc_refused(r, 403, "There is no active admin with "
		    "that e-mail address. Ask an owner to invite you.",
		    "no active admin for the e-mail");
	if (er != SOUK_OK)
		return er;
	return auth_sign_in_verified(&cx, ac, "cookie", token);
}

enum souk_err
ctr_page_oidc_callback(struct req *r)
{
	const char		*state, *nonce, *verifier, *jwt, *email, *why;
	const char		*token = NULL, *sub;
	struct auth_account	 ac;
	enum souk_err		 er;
	int			 status = 0;

	if (*issuer(r) == '\0')
		return SOUK_NOTFOUND;
	if (req_param(r, "error") != NULL)
		return oidc_refused(r, 401, "The identity provider did not "
		    "sign you in.", req_param(r, "error"));
	if (req_param(r, "iss") != NULL && !str_eq(req_param(r, "iss"),
	    issuer(r)))	/* RFC 9207: the answer of another provider */
		return oidc_refused(r, 400, "That sign-in came from another "
		    "provider.", "iss parameter is not our issuer");
	if (!flow_parts(r, &state, &nonce, &verifier) ||
	    !sec_equal(req_param(r, "state"), state))
		return oidc_refused(r, 400, "That sign-in had expired. Please "
		    "try again.", "state does not match the flow cookie");
	if (req_param(r, "code") == NULL ||
	    (jwt = id_token(r, req_param(r, "code"), verifier, &status)) ==
	    NULL) {
		/* 400: the provider refused the code (used, or too old). */
		if (status == 400 || req_param(r, "code") == NULL)
			return oidc_refused(r, 400, "That sign-in had expired. "
			    "Please try again.", "the code was refused");
		return oidc_refused(r, 502, "The identity provider did not "
		    "answer as expected. Please try again.", "no ID token");
	}
	if ((email = verified_email(r, jwt, nonce, &sub, &why)) == NULL)
		return oidc_refused(r, 401, "The identity provider's answer "
		    "could not be verified.", why);
	if ((er = oidc_admin(r, sub, email, &ac, &token)) != SOUK_OK ||
	    token == NULL)
		return er;	/* answered, unless an error */
	auth_audit(r, &ac, "signin", NULL, json_kv_text(r->a, "method",
	    "oidc", "stage", auth_stage_name(ac.stage)));
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ac.id);
	resp_cookie(r, FLOW_COOKIE, "", FLOW_PATH, 0);
	return auth_page_session(r, token, ac.stage);
}
