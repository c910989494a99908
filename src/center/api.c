/*
 * Center's sign-in API: bearer tokens for platform admins.  Wrong
 * credentials, an unknown or disabled account all get the same 401;
 * attempts are limited per account and per client address.
 */
#include <string.h>

#include "center/api.h"

#define TRIES_PER_EMAIL	10	/* sign-in attempts per minute */
#define TRIES_PER_ADDR	30

enum souk_err
ctr_authenticate_any(struct req *r, struct ctr_admin *ad)
{
	struct db	*db;
	enum souk_err	 er;

	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	er = ctr_session(db, r->a, req_bearer(r), ad);
	if (er == SOUK_OK && str_eq(ad->stage, "mfa"))
		er = SOUK_UNAUTHORIZED;
	if (er == SOUK_UNAUTHORIZED)
		r->detail = "Sign in first: send Authorization: Bearer <token>.";
	if (er != SOUK_OK)
		return er;
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad->id);
	return SOUK_OK;
}

enum souk_err
ctr_authenticate(struct req *r, struct ctr_admin *ad, const char *perm)
{
	enum souk_err	 er;

	if ((er = ctr_authenticate_any(r, ad)) != SOUK_OK)
		return er;
	if (!str_eq(ad->stage, "full")) {
		r->detail = "Your role needs two-factor sign-in: set it up "
		    "first (POST /api/v1/me/mfa).";
		return SOUK_FORBIDDEN;
	}
	if (perm != NULL && !ctr_can(ad, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this: it needs %s.", ad->role, perm);
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}

/* Slow a guesser down: per account and per address, per minute. */
enum souk_err
ctr_throttle(struct req *r, const char *email)
{
	return sec_throttle(r, "center", email, TRIES_PER_EMAIL,
	    TRIES_PER_ADDR);
}

void
ctr_throttle_fail(struct req *r, const char *email)
{
	sec_throttle_fail(r, "center", email);
	ctr_audit_req(r, NULL, "signin.failure", arena_printf(r->a,
	    "email:%s", email != NULL ? email : ""), NULL);
}

void
ctr_audit_req(struct req *r, const struct ctr_admin *ad, const char *action,
    const char *target, const char *after)
{
	struct ctr_actor	 who;
	struct ctr_audit	 e = { action, target, 0, NULL, after };

	if (ad != NULL)
		ctr_page_actor(r, ad, &who);
	else {
		memset(&who, 0, sizeof(who));
		who.who = "anonymous";
		who.reqid = r->reqid;
		who.addr = r->remote_addr;
	}
	if (who.who != NULL && app_db(r->app) != NULL)
		(void)ctr_audit(app_db(r->app), r->a, &who, &e);
}

void
ctr_audit_signin(struct req *r, const struct ctr_admin *ad, const char *how)
{
	ctr_audit_req(r, ad, "signin", arena_printf(r->a, "admin:%lld",
	    (long long)ad->id), ctr_kv_json(r->a, "method", how, "stage",
	    ad->stage));
}

int
ctr_app_code_ok(struct req *r, const struct ctr_admin *ad, const char *code)
{
	if (!ad->mfa_on || !sec_totp_code_ok(code) ||
	    ctr_throttle(r, ad->email) != SOUK_OK)
		return 0;
	if (ctr_mfa_check(app_db(r->app), r->a, r->app->conf.master_key,
	    ad->id, code) == SOUK_OK)
		return 1;
	ctr_throttle_fail(r, ad->email);
	return 0;
}

static struct json_object *
admin_json(const struct ctr_admin *ad)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ad->id));
	json_object_object_add(o, "email", json_str(ad->email));
	json_object_object_add(o, "name", json_str(ad->name));
	json_object_object_add(o, "role", json_str(ad->role));
	json_object_object_add(o, "permissions", json_str_list(
	    ad->permissions));
	json_object_object_add(o, "stage", json_str(ad->stage));
	json_object_object_add(o, "mfa_enabled", json_object_new_boolean(
	    ad->mfa_on));
	json_object_object_add(o, "mfa_required", json_object_new_boolean(
	    ad->mfa_required));
	return o;
}

enum souk_err
ctr_api_token_create(struct req *r)
{
	const char		*email = req_json_str(r, "email");
	const char		*password = req_json_str(r, "password");
	const char		*otp = req_json_str(r, "otp");
	const char		*token;
	struct json_object	*o;
	struct ctr_admin	 ad;
	struct db		*db;
	enum souk_err		 er;

	if (email == NULL)
		er = req_field_error(r, "email", "required");
	if (password == NULL)
		er = req_field_error(r, "password", "required");
	if (email == NULL || password == NULL)
		return er;
	if ((er = ctr_throttle(r, email)) != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	er = ctr_sign_in(db, r->a, r->app->conf.master_key, email, password,
	    otp, "bearer", &token, &ad);
	if (er == SOUK_UNAUTHORIZED) {
		ctr_throttle_fail(r, email);
		r->detail = otp != NULL ? "The e-mail address, the password or "
		    "the code is wrong." : "The e-mail address or the password "
		    "is wrong.";
		log_msg(LOG_WARN, "reqid=%s center sign-in refused from %s",
		    r->reqid, r->remote_addr);
	}
	if (er != SOUK_OK)
		return er;
	ctr_audit_signin(r, &ad, otp != NULL ? "password+code" : "password");
	if (str_eq(ad.stage, "mfa")) {
		(void)ctr_sign_out(db, r->a, token);
		r->detail = "This account signs in with two factors: send otp, "
		    "a code from the authenticator app or a recovery code.";
		(void)req_field_error(r, "otp", "required");
		return SOUK_UNAUTHORIZED;
	}
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad.id);
	json_object_object_add(o, "token", json_str(token));
	json_object_object_add(o, "token_type", json_str("Bearer"));
	json_object_object_add(o, "stage", json_str(ad.stage));
	json_object_object_add(o, "expires_in", json_object_new_int(
	    str_eq(ad.stage, "full") ? CTR_LIFE_S : CTR_STAGE_S));
	json_object_object_add(o, "idle_timeout", json_object_new_int(
	    CTR_IDLE_S));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

enum souk_err
ctr_api_token_delete(struct req *r)
{
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if ((er = ctr_authenticate_any(r, &ad)) != SOUK_OK)
		return er;
	if ((er = ctr_sign_out(app_db(r->app), r->a, req_bearer(r))) != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
ctr_api_me(struct req *r)
{
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if ((er = ctr_authenticate_any(r, &ad)) != SOUK_OK)
		return er;
	return ctr_api_me_json(r, &ad);
}

enum souk_err
ctr_api_me_json(struct req *r, const struct ctr_admin *ad)
{
	struct json_object	*o;

	if ((o = admin_json(ad)) == NULL)
		return SOUK_ENOMEM;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, o);
}

/* ---- two-factor enrolment --------------------------------------------- */

enum souk_err
ctr_api_mfa_begin(struct req *r)
{
	const char		*secret, *uri;
	struct json_object	*o;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if ((er = ctr_authenticate_any(r, &ad)) != SOUK_OK)
		return er;
	if (ad.mfa_on) {
		r->detail = "Two-factor sign-in is already on.";
		return SOUK_CONFLICT;
	}
	if ((er = ctr_mfa_begin(app_db(r->app), r->a,
	    r->app->conf.master_key, &ad, &secret, &uri)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "secret", json_str(secret));
	json_object_object_add(o, "otpauth_uri", json_str(uri));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

/* {"recovery_codes": [...]} and, when given, a new token. */
static struct json_object *
codes_json(const char **codes, const char *token)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "recovery_codes", sec_recovery_json(codes,
	    0));
	if (token != NULL)
		json_object_object_add(o, "token", json_str(token));
	return o;
}

enum souk_err
ctr_api_mfa_confirm(struct req *r)
{
	const char		*code = req_json_str(r, "code"), *token = NULL;
	const char		*codes[SEC_RECOVERY_CODES];
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (code == NULL)
		return req_field_error(r, "code", "required");
	if ((er = ctr_authenticate_any(r, &ad)) != SOUK_OK)
		return er;
	er = ctr_mfa_confirm(app_db(r->app), r->a, r->app->conf.master_key,
	    ad.id, code, codes);
	if (er == SOUK_UNAUTHORIZED)
		return req_field_error(r, "code", "not the current code of "
		    "the new secret");
	if (er == SOUK_NOTFOUND)
		r->detail = "Start with POST /api/v1/me/mfa.";
	if (er != SOUK_OK)
		return er;
	ctr_audit_req(r, &ad, "admin.mfa.enable", arena_printf(r->a,
	    "admin:%lld", (long long)ad.id), NULL);
	/* An enrolment session becomes a full one, under a new token. */
	if (!str_eq(ad.stage, "full") && (er = ctr_session_promote(
	    app_db(r->app), r->a, req_bearer(r), "bearer", &ad, &token)) !=
	    SOUK_OK)
		return er;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, codes_json(codes, token));
}

enum souk_err
ctr_api_recovery_new(struct req *r)
{
	const char		*code = req_json_str(r, "code");
	const char		*codes[SEC_RECOVERY_CODES];
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (code == NULL)
		return req_field_error(r, "code", "required");
	if ((er = ctr_authenticate(r, &ad, NULL)) != SOUK_OK)
		return er;
	if (!ad.mfa_on) {
		r->detail = "Two-factor sign-in is off.";
		return SOUK_CONFLICT;
	}
	if (!ctr_app_code_ok(r, &ad, code))
		return req_field_error(r, "code", "not the current code of "
		    "your authenticator app");
	ctr_audit_req(r, &ad, "admin.mfa.recovery_codes", arena_printf(r->a,
	    "admin:%lld", (long long)ad.id), NULL);
	if ((er = ctr_recovery_new(app_db(r->app), r->a, ad.id, codes)) !=
	    SOUK_OK)
		return er;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, codes_json(codes, NULL));
}

/*
 * Center's API answers two kinds of caller: a platform admin (bearer
 * token) with permission perm, or an external system's call signed
 * with its API key (seed §10.4), whose key must carry the route's scope
 * (routes without one are for admins only).  Both are audited alike.
 */
enum souk_err
ctr_principal(struct req *r, const char *perm, struct ctr_actor *who)
{
	const struct sec_caller	*k;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	memset(who, 0, sizeof(*who));
	who->reqid = r->reqid;
	who->addr = r->remote_addr;
	if (req_header(r, "HTTP_X_API_KEY") != NULL) {
		if (r->route->scope == NULL) {
			r->detail = "This API is for platform admins: send "
			    "Authorization: Bearer <token>.";
			return SOUK_FORBIDDEN;
		}
		if ((er = sec_authenticate(r)) != SOUK_OK)
			return er;
		k = r->principal;
		who->who = arena_printf(r->a, "key:%s (%s)", k->public_key,
		    k->owner);
		return who->who != NULL ? SOUK_OK : SOUK_ENOMEM;
	}
	if ((er = ctr_authenticate(r, &ad, perm)) != SOUK_OK)
		return er;
	ctr_page_actor(r, &ad, who);
	return who->who != NULL ? SOUK_OK : SOUK_ENOMEM;
}

/* 1 if the caller may see tenant id (a key may be for some tenants). */
int
ctr_principal_tenant(const struct req *r, const struct ctr_actor *who,
    int64_t id)
{
	return who->admin != 0 || str_eq(who->who, "system") ||
	    r->principal == NULL || sec_caller_tenant(r->principal, id);
}

enum souk_err
ctr_principal_all(struct req *r, const char *perm, struct ctr_actor *who)
{
	const struct sec_caller	*k;
	enum souk_err		 er;

	if ((er = ctr_principal(r, perm, who)) != SOUK_OK)
		return er;
	k = r->principal;
	if (who->admin != 0 || k == NULL || str_eq(k->tenants, "all"))
		return SOUK_OK;
	r->detail = "This needs a key for all tenants.";
	return SOUK_FORBIDDEN;
}

void
ctr_field_err(void *arg, const char *field, const char *msg)
{
	(void)req_field_error(arg, field, msg);
}
