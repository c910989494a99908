/*
 * sec: request signing between Souk programs (ARCHITECTURE.md §6).
 *
 * Version 2 (x-signature-version: 2; what every Souk client sends):
 *   payload   = "v2" "\n" METHOD "\n" RAW_PATH "\n" SORTED_QUERY "\n"
 *               x-tenant-id "\n" x-api-key "\n" x-nonce "\n"
 *               Content-Type "\n" Idempotency-Key "\n" If-None-Match "\n"
 *               hex(SHA-256(raw body))
 * Version 1 (no x-signature-version, or "1"; refused unless
 * accept_signature_v1 allows it, see verify.c):
 *   payload   = METHOD "\n" RAW_PATH "\n" SORTED_QUERY "\n" x-tenant-id "\n"
 *               x-api-key "\n" x-nonce "\n" hex(SHA-256(raw body))
 * Both:
 *   signature = hex(HMAC-SHA256(payload "|" x-timestamp, secret))
 *
 * Absent parts are empty strings; header values are taken as the server
 * receives them (no leading or trailing blanks).  SORTED_QUERY: the
 * query split on '&' (empty pieces dropped), each piece split at its
 * first '=' (no '=': empty value), name and value percent-decoded ('+'
 * is a space) and re-encoded as RFC 3986 (unreserved A-Z a-z 0-9 - . _ ~
 * kept, every other byte %XX in upper case), pairs sorted by name then
 * value (bytewise), joined as name=value with '&'.  A signed call may
 * not repeat a query name (the application reads only one of them).
 * Hex output is lower case.  tests/vectors/signing.json (v1) and
 * signing-v2.json hold vectors made by an independent implementation.
 * Results live in the caller's arena.
 */
#ifndef SOUK_SEC_H
#define SOUK_SEC_H

#include <stddef.h>

#include "core/core.h"
#include "store/store.h"

struct sec_sig_input {
	const char	*method;
	const char	*raw_path;
	const char	*raw_query;	/* without '?', may be NULL */
	const char	*tenant;	/* x-tenant-id, may be NULL */
	const char	*api_key;
	const char	*nonce;
	const char	*timestamp;	/* x-timestamp as sent */
	const char	*body;		/* raw bytes, may be NULL */
	size_t		 body_len;
	int		 version;	/* SEC_SIG_V1, SEC_SIG_V2; 0: V2 */
	const char	*content_type;	/* v2 only; NULL: none */
	const char	*idempotency_key; /* v2 only; NULL: none */
	const char	*if_none_match;	/* v2 only; NULL: none */
};

#define SEC_SIG_V1	1
#define SEC_SIG_V2	2	/* the version our clients sign */

/* prefix and n random bytes in lower-case hex (n <= 64), or NULL. */
const char	*sec_random_hex(struct arena *, const char *prefix, size_t n);
/*
 * A session or one-time token: prefix and 256 random bits in hex, and
 * the SHA-256 hex that is all the database keeps of it.
 */
enum souk_err	 sec_token_new(struct arena *, const char *prefix,
		    const char **token, const char **hash);
/*
 * The CSRF token of a session's forms: HMAC of the session token under
 * the session key, so useless without both, and never stored (NULL if
 * token is NULL or the key is missing).
 */
const char	*sec_csrf_of(struct arena *, const char *token);
/* The stored hash of token, or NULL if it is not prefix + 64 hex. */
const char	*sec_token_hash(struct arena *, const char *prefix,
		    const char *token);
/* 1 if both strings are set and equal; the time depends on length only. */
int		 sec_equal(const char *, const char *);
/* hex(SHA-256(data)), lower case. */
const char	*sec_sha256_hex(struct arena *, const void *data, size_t len);
/* SORTED_QUERY of a raw query; NULL if it is malformed (bad %XX). */
const char	*sec_query_canonical(struct arena *, const char *raw_query);
/*
 * The first name (RFC 3986 encoded) that raw_query holds twice once
 * decoded ("a=1&%61=2" repeats "a"); NULL if none or if malformed.
 */
const char	*sec_query_dup(struct arena *, const char *raw_query);
/* The canonical payload; NULL if the query is malformed or on ENOMEM. */
const char	*sec_sign_payload(struct arena *, const struct sec_sig_input *);
/* The lower-case hex signature, or NULL. */
const char	*sec_sign(struct arena *, const struct sec_sig_input *,
		    const char *secret, size_t secret_len);
/*
 * Sign a new request: in->nonce gets 128 random bits, in->timestamp
 * (when NULL) the current time; returns the signature, or NULL.
 */
const char	*sec_sign_fresh(struct arena *, struct sec_sig_input *,
		    const char *secret);
/* 1 if sig is the signature of in (constant-time compare), else 0. */
int		 sec_sign_check(struct arena *, const struct sec_sig_input *,
		    const char *secret, size_t secret_len, const char *sig);

/* ---- API keys (keys.c; statements on souk_center) ---------------- */

enum sec_key_sql { KEY_INSERT, KEY_LIST, KEY_GET, KEY_REVOKE, KEY_DEPRECATE,
	KEY_VERIFY, KEY_TOUCH, KEY_NONCE, KEY_NONCE_PURGE, KEY_FAIL_ADD,
	KEY_FAIL_GET, KEY_FAIL_PURGE, KEY__MAX };
extern const struct db_stmt_def sec_key_sql[KEY__MAX];

struct sec_key_new {
	const char	*owner;
	const char	*kind;		/* center tenant-app services external */
	const char	*tenants;	/* "all" or "1,2,3" */
	const char	*scopes;	/* "notifications:send,…" */
	const char	*ips;		/* "" (any) or "10.0.0.0/8,::1,…" */
	int		 rate_limit;	/* requests per minute */
	int		 expires_days;	/* 0: never */
};

struct sec_key_created {
	const char	*public_key;	/* "pk_" + 24 hex */
	const char	*secret;	/* "sk_" + 64 hex: shown once */
};

/* 1 if the fields of a new key are well-formed (ips and scopes set). */
int		 sec_key_new_ok(const struct sec_key_new *);
/*
 * Secrets are sealed with the seal key (purpose.c).  create and rotate
 * return SOUK_INVALID without it; sec_key_secret returns SOUK_INVALID
 * when the stored secret does not open.
 */
enum souk_err	 sec_key_create(struct db *, struct arena *,
		    const struct sec_key_new *, struct sec_key_created *out);
enum souk_err	 sec_key_secret(struct db *, struct arena *,
		    const char *public_key, const char **secret);
/*
 * Purpose keys (purpose.c): each from its own setting in conf, else
 * derived from the master key; one missing is left unset (what needs it
 * fails, logged).  Call once before the accept loop; 0, or -1 with err
 * on a malformed key.
 */
enum sec_key { SEC_KEY_SEAL, SEC_KEY_TOTP, SEC_KEY_SESSION, SEC_KEY__MAX };
int		 sec_keys_init(const struct conf *, char *err, size_t errlen);
int		 sec_key_have(enum sec_key);
/*
 * The purpose key name ("cache", "seal", "totp", "session") of the
 * master key (hex) into len bytes: what soukctl keys derive prints.  0,
 * or -1 for another name or a bad master key.
 */
int		 sec_key_derive(const char *master_hex, const char *name,
		    unsigned char *out, size_t len);
/*
 * "v2:" hex(iv || AES-256-GCM(secret) || tag) under the purpose key,
 * bound to label (a public key, "totp:admin:7"); at most 128 bytes of
 * secret.  NULL without the key.
 */
const char	*sec_secret_seal(struct arena *, enum sec_key,
		    const char *label, const char *secret);
/*
 * The secret sealed for label, or NULL if it does not open.  A value
 * sealed before purpose keys (under the master key) opens only where
 * the master key is loaded.
 */
const char	*sec_secret_open(struct arena *, enum sec_key,
		    const char *label, const char *sealed);
/* 1 if sealed is under a purpose key (else soukctl keys reseal it). */
int		 sec_secret_current(const char *sealed);
/* hex(HMAC-SHA256(purpose key, msg)), or NULL without the key. */
const char	*sec_key_mac_hex(struct arena *, enum sec_key, const char *msg);
enum souk_err	 sec_key_revoke(struct db *, struct arena *,
		    const char *public_key);
enum souk_err	 sec_key_rotate(struct db *, struct arena *,
		    const char *public_key, int days,
		    struct sec_key_created *out);

/* ---- passwords (password.c) ------------------------------------- */

#define SEC_PW_MIN_STAFF	12	/* platform admins and shop staff */
#define SEC_PW_MIN_CUSTOMER	8

/* NULL if pw may be used, else why not ("must be at least …"). */
const char	*sec_password_weak(const char *pw, size_t min_len);
/* An argon2id hash, its parameters included ("$argon2id$v=19$…"). */
enum souk_err	 sec_password_hash(struct arena *, const char *pw,
		    const char **out);
/*
 * SOUK_OK if pw matches hash (*rehash = 1 when hash used weaker
 * parameters than today's), SOUK_UNAUTHORIZED if not.
 */
enum souk_err	 sec_password_check(const char *hash, const char *pw,
		    int *rehash);
/* The cost of one check, for an unknown account (no timing oracle). */
void		 sec_password_dummy(const char *pw);

/* ---- ID tokens (jwt.c) ---------------------------------------------- */

struct json_object;
/*
 * Verify the RS256 signature of jwt with the key of jwks_json (a JSON
 * Web Key Set) its header names; on success *claims is its payload
 * (freed with a).  SOUK_UNAUTHORIZED with *why otherwise.
 */
enum souk_err	 sec_jwt_verify(struct arena *, const char *jwt,
		    const char *jwks_json, struct json_object **claims,
		    const char **why);
/*
 * NULL if an ID token's claims are good: iss, aud (and azp), exp and
 * iat (a minute of clock skew), nonce, an email that is not marked
 * unverified.  Else why not.
 */
const char	*sec_jwt_claims_ok(struct json_object *claims,
		    const char *issuer, const char *client, const char *nonce,
		    int64_t now);

/* ---- two-factor codes (totp.c) ------------------------------------ */

#define SEC_TOTP_STEP		30	/* seconds per code (RFC 6238) */
#define SEC_RECOVERY_CODES	10

/* A new TOTP secret: 160 random bits in base32 (32 characters). */
const char	*sec_totp_secret_new(struct arena *);
/* The 6-digit code of a base32 secret at time step (NULL if bad). */
const char	*sec_totp_code(struct arena *, const char *secret,
		    int64_t step);
/*
 * 1 if code is the code of secret for the step of now, the one before or
 * the one after, and that step is later than last_step (a code works
 * once); *step is then the step it matched.
 */
int		 sec_totp_check(struct arena *, const char *secret,
		    const char *code, int64_t now, int64_t last_step,
		    int64_t *step);
/* otpauth://totp/ URI for authenticator apps. */
const char	*sec_totp_uri(struct arena *, const char *issuer,
		    const char *account, const char *secret);
/* A recovery code "xxxx-xxxx-xxxx" (lower-case base32). */
const char	*sec_recovery_code_new(struct arena *);
/* The stored hash of a recovery code as typed (case, spaces, dashes
 * ignored); NULL if it cannot be one. */
const char	*sec_recovery_code_hash(struct arena *, const char *code);

/* ---- two-factor sign-in of an account (mfa.c) ---------------------- */

/* The statements a struct sec_mfa names, in its st[] (values, then owner). */
enum sec_mfa_stmt {
	SEC_MFA_GET,		/* () -> totp_secret, totp_pending, last step */
	SEC_MFA_STEP,		/* (step, step): last step = ? if < ? */
	SEC_MFA_PENDING,	/* (sealed): totp_pending = ? */
	SEC_MFA_ENABLE,		/* (step, sealed): pending becomes the secret
				 * if pending = ? */
	SEC_MFA_RC_CLEAR,	/* (): delete the recovery codes */
	SEC_MFA_RC_INSERT,	/* (hash) */
	SEC_MFA_RC_USE,		/* (hash): used_at = now if unused */
	SEC_MFA_RC_LEFT,	/* () -> count of unused codes */
	SEC_MFA__MAX
};

/* Where one account's two-factor data lives. */
struct sec_mfa {
	struct db	*db;
	int		 st[SEC_MFA__MAX];	/* the caller's statement ids */
	struct db_arg	 owner[2];	/* the account's key, bound last */
	size_t		 nowner;
	const char	*label;		/* seals the secret: "totp:admin:7" */
};

/* 1 if code looks like a TOTP code (six digits), not a recovery code. */
int		 sec_totp_code_ok(const char *code);
/*
 * Check a second factor: a TOTP code (each works once) or an unused
 * recovery code (then spent).  SOUK_UNAUTHORIZED if neither.
 */
enum souk_err	 sec_mfa_check(const struct sec_mfa *, struct arena *,
		    const char *code);
/*
 * Start enrolment: a new secret, pending until a code confirms it;
 * *secret (base32) and *uri (otpauth://) are for the account's owner.
 */
enum souk_err	 sec_mfa_begin(const struct sec_mfa *, struct arena *,
		    const char *issuer, const char *account,
		    const char **secret, const char **uri);
/* The pending secret (NULL if none), to show the form again. */
const char	*sec_mfa_pending(const struct sec_mfa *, struct arena *);
/*
 * Confirm enrolment with a code of the pending secret, in a transaction:
 * two-factor is on and codes[SEC_RECOVERY_CODES] are new recovery codes
 * (shown once).  SOUK_UNAUTHORIZED: wrong code; SOUK_NOTFOUND: none
 * pending.
 */
enum souk_err	 sec_mfa_confirm(const struct sec_mfa *, struct arena *,
		    const char *code, const char **codes);
/* New recovery codes replacing the old ones (inside a transaction). */
enum souk_err	 sec_recovery_new(const struct sec_mfa *, struct arena *,
		    const char **codes);
/* The same in a transaction of its own: all ten, or none. */
enum souk_err	 sec_recovery_replace(const struct sec_mfa *, struct arena *,
		    const char **codes);
/* Recovery codes not used yet, or -1. */
int64_t		 sec_recovery_left(const struct sec_mfa *, struct arena *);
/*
 * The SEC_RECOVERY_CODES codes as a JSON array of strings, or (objects)
 * of {"code": …} for a template; the caller owns it (NULL on ENOMEM).
 */
struct json_object *sec_recovery_json(const char **codes, int objects);

/* ---- verification (verify.c) ------------------------------------- */

/* What verification needs; db is souk_center (api_keys, request_nonces). */
struct sec_verifier {
	struct db	*db;
	struct cache	*cache;
	int		 window;	/* seconds either side of now */
	int64_t		 now;		/* Unix seconds */
	int		 accept_v1;	/* conf accept_signature_v1 */
};

/* A call as it arrived: the signed parts, the signature, the peer. */
struct sec_call {
	struct sec_sig_input	 sig;
	const char		*signature;
	const char		*version;	/* x-signature-version */
	const char		*remote_addr;	/* as the web server saw it */
};

/* The calling system, once verified. */
struct sec_caller {
	const char	*public_key;
	const char	*owner;
	const char	*kind;
	const char	*tenants;	/* "all" or "1,2" */
	const char	*scopes;
	int		 rate_limit;	/* per minute */
};

/*
 * Verify a signed call, in this order: header formats and query names
 * (sec_call_form_ok), key (active, or
 * deprecated and before its end date; not expired), IP allowlist, time
 * window, signature, nonce, rate limit, tenant.  Returns SOUK_OK with
 * *out filled, SOUK_UNAUTHORIZED (why says which step, for the log
 * only), SOUK_RATELIMIT with *retry_after in seconds, SOUK_FORBIDDEN
 * when the key may not act for sig.tenant, or SOUK_UNAVAILABLE/SOUK_DB.
 */
enum souk_err	 sec_verify(struct sec_verifier *, struct arena *,
		    const struct sec_call *, struct sec_caller *out,
		    const char **why, int *retry_after);
/*
 * 1 if the form of c's signed parts is right: x-signature-version absent,
 * "1" or "2", and no query name repeated (*why says what is wrong).
 */
int		 sec_call_form_ok(struct arena *, const struct sec_call *,
		    const char **why);
/*
 * Step 5, no database: 1 if c->signature signs c for its version with
 * secret.  A v1 signature counts only when accept_v1 is set and the call
 * has no Idempotency-Key, no If-None-Match, and no Content-Type other
 * than application/json, the parts v1 leaves unsigned (*why says so).
 */
int		 sec_call_sig_ok(struct arena *, const struct sec_call *,
		    const char *secret, size_t secret_len, int accept_v1,
		    const char **why);
/* 1 if the caller's scopes name scope. */
int		 sec_caller_scope(const struct sec_caller *, const char *);
/* 1 if the caller may act for tenant. */
int		 sec_caller_tenant(const struct sec_caller *, int64_t);
/* 1 if addr is in the comma-separated list of addresses and CIDRs. */
int		 sec_ip_allowed(const char *list, const char *addr);
/*
 * For app->authenticate: verify the request's signature, check the
 * route's scope, set r->principal (struct sec_caller), r->caller and,
 * from x-tenant-id, r->tenant_id.  (req.c; needs http.h.)
 */
struct req;
enum souk_err	 sec_authenticate(struct req *);
/* For app->started: the program's purpose keys (fatal if malformed). */
struct app;
void		 sec_started(struct app *);
/* Forget the cached record of a key after a change (revoked: for good). */
void		 sec_key_uncache(struct cache *, struct arena *,
		    const char *public_key, int revoked);
/* Delete nonces older than any window can reach (at most 10000 rows at
 * a time); rows deleted or -1. */
int64_t		 sec_nonce_purge(struct db *, struct arena *);

#endif /* SOUK_SEC_H */
