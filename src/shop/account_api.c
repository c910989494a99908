/*
 * The account JSON API both tenant programs serve: the storefront for
 * customers under /api/v1, the backoffice for staff under
 * /admin/api/v1.  Tokens are bearer tokens of one shop; wrong
 * credentials, an unknown or a disabled account all get the same 401.
 */
#include <string.h>

#include "http/http.h"
#include "sec/sec.h"
#include "shop/shop.h"

struct json_object *
shop_account_json(struct req *r, const struct shop_account *ac)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ac->id));
	json_object_object_add(o, "email", json_str(ac->email));
	json_object_object_add(o, "name", json_str(ac->name));
	if (ac->principal == SHOP_CUSTOMER) {
		json_object_object_add(o, "email_verified",
		    json_object_new_boolean(ac->verified));
		return req_json_own(r, o);
	}
	json_object_object_add(o, "role", json_str(ac->role));
	json_object_object_add(o, "mfa_enabled", json_object_new_boolean(
	    ac->mfa_on));
	json_object_object_add(o, "permissions", json_str_list(
	    ac->permissions));
	return req_json_own(r, o);
}

/* The named string members of the body, each required. */
static enum souk_err
need(struct req *r, const char **v, const char *const *names, size_t n)
{
	enum souk_err	 er = SOUK_OK;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((v[i] = req_json_str(r, names[i])) == NULL)
			er = req_field_error(r, names[i], "required");
	return er;
}

enum souk_err
shop_api_token_create(struct req *r, enum shop_principal p)
{
	static const char *const names[] = { "email", "password" };
	const char		*v[2], *token;
	struct json_object	*o;
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = need(r, v, names, 2)) != SOUK_OK ||
	    (er = shop_web_throttle(r, p, v[0])) != SOUK_OK)
		return er;
	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_sign_in(app_db(r->app), r->a, r->tenant_id, p, v[0], v[1],
	    req_json_str(r, "otp"), r->app->conf.master_key, "bearer", &token,
	    &ac);
	if (er == SOUK_UNAUTHORIZED) {
		shop_web_throttle_fail(r, p, v[0]);
		r->detail = "The e-mail address or the password is wrong.";
	}
	if (er != SOUK_OK)
		return er;
	if (str_eq(ac.stage, "mfa")) {
		(void)shop_sign_out(app_db(r->app), r->a, r->tenant_id, p,
		    token);
		r->detail = "This account signs in with two factors: send otp, "
		    "a code from the authenticator app or a recovery code.";
		(void)req_field_error(r, "otp", "required");
		return SOUK_UNAUTHORIZED;
	}
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	r->caller = arena_printf(r->a, "%s:%lld", shop_principal_name(p),
	    (long long)ac.id);
	json_object_object_add(o, "token", json_str(token));
	json_object_object_add(o, "token_type", json_str("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(
	    p == SHOP_STAFF ? SHOP_STAFF_LIFE_S : SHOP_CUSTOMER_LIFE_S));
	json_object_object_add(o, "idle_timeout", json_object_new_int(
	    p == SHOP_STAFF ? SHOP_STAFF_IDLE_S : SHOP_CUSTOMER_IDLE_S));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

enum souk_err
shop_api_token_delete(struct req *r, enum shop_principal p)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, p, NULL, &ac)) != SOUK_OK ||
	    (er = shop_sign_out(app_db(r->app), r->a, r->tenant_id, p,
	    req_bearer(r))) != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
shop_api_me(struct req *r, enum shop_principal p)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, p, NULL, &ac)) != SOUK_OK)
		return er;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, json_object_get(shop_account_json(r, &ac)));
}

enum souk_err
shop_api_me_update(struct req *r, enum shop_principal p)
{
	const char		*name = req_json_str(r, "name");
	struct shop_account	 ac;
	enum souk_err		 er;

	if (name == NULL || !valid_check(VALID_LINE, name, 0, 200))
		return req_field_error(r, "name",
		    "required, at most 200 characters on one line");
	if ((er = shop_web_api_account(r, p, NULL, &ac)) != SOUK_OK ||
	    (er = shop_account_set_name(app_db(r->app), r->a, r->tenant_id,
	    p, ac.id, name)) != SOUK_OK)
		return er;
	ac.name = name;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, json_object_get(shop_account_json(r, &ac)));
}

enum souk_err
shop_api_password_forgot(struct req *r, const struct shop_web_auth *au)
{
	const char		*email = req_json_str(r, "email");
	struct json_object	*o;
	enum souk_err		 er;

	if (email == NULL || !valid_check(VALID_EMAIL, email, 0, 0))
		return req_field_error(r, "email", "must be an e-mail address");
	if ((er = shop_web_send_reset(r, au, email)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "status", json_str("If an account uses "
	    "this address, a reset link is on its way."));
	return resp_json(r, 202, o);
}

enum souk_err
shop_api_password_set(struct req *r, enum shop_principal p,
    const char *purpose)
{
	static const char *const names[] = { "token", "password" };
	const char	*v[2], *why, *name = req_json_str(r, "name");
	enum souk_err	 er;

	if ((er = need(r, v, names, 2)) != SOUK_OK)
		return er;
	if (name != NULL && !valid_check(VALID_LINE, name, 0, 200))
		return req_field_error(r, "name",
		    "at most 200 characters on one line");
	er = shop_token_password(app_db(r->app), r->a, r->tenant_id, p,
	    purpose, v[0], v[1], name, &why);
	if (er == SOUK_INVALID)
		return req_field_error(r, "password", why);
	if (er == SOUK_NOTFOUND)
		return req_field_error(r, "token",
		    "this link is unknown, used or expired");
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}
