/*
 * The customer account JSON API: registration, bearer tokens, the
 * profile, addresses, password reset and e-mail verification.  A
 * customer exists in one shop only: the same token on another shop's
 * host is no token at all.
 */
#include <string.h>

#include "storefront/storefront.h"

#define SIGNUPS_PER_ADDR	10	/* registrations a minute */

const struct shop_web_auth sf_auth = {
	SHOP_CUSTOMER, "souk_customer", "/", "/account/login",
	"/account/reset", "/account", "/account/login"
};

enum souk_err
sf_register(struct req *r, const char *email, const char *password,
    const char *name, const char **why, int64_t *id)
{
	const char	*realm;
	enum souk_err	 er;

	*why = NULL;
	realm = arena_printf(r->a, "register:%lld", (long long)r->tenant_id);
	if (realm == NULL)
		return SOUK_ENOMEM;
	/* Keyed by the address twice: no counter shared by all visitors. */
	if (sec_throttle(r, realm, r->remote_addr, SIGNUPS_PER_ADDR,
	    SIGNUPS_PER_ADDR) == SOUK_RATELIMIT) {
		r->detail = "Too many new accounts from your address; try "
		    "again in a minute.";
		return SOUK_RATELIMIT;
	}
	sec_throttle_fail(r, realm, r->remote_addr);	/* every one counts */
	if (name == NULL || !valid_check(VALID_LINE, name, 0, 200)) {
		*why = "name has at most 200 characters on one line";
		return SOUK_INVALID;
	}
	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_account_create(app_db(r->app), r->a, r->tenant_id,
	    SHOP_CUSTOMER, email, name, NULL, password, why, id);
	if (er != SOUK_OK)
		return er;
	if (shop_web_send_verify(r, *id, email, name) != SOUK_OK)
		log_msg(LOG_WARN, "reqid=%s customer %lld: verification mail "
		    "not sent", r->reqid, (long long)*id);
	return SOUK_OK;
}

/* The field a registration error is about. */
static const char *
why_field(const char *why)
{
	if (str_has_prefix(why, "password"))
		return "password";
	if (str_has_prefix(why, "name"))
		return "name";
	return "email";
}

enum souk_err
sf_api_customer_create(struct req *r)
{
	const char		*email = req_json_str(r, "email");
	const char		*password = req_json_str(r, "password");
	const char		*name = req_json_str(r, "name"), *why;
	struct shop_account	 ac;
	enum souk_err		 er;

	if (email == NULL)
		er = req_field_error(r, "email", "required");
	if (password == NULL)
		er = req_field_error(r, "password", "required");
	if (email == NULL || password == NULL)
		return er;
	memset(&ac, 0, sizeof(ac));
	er = sf_register(r, email, password, name != NULL ? name : "", &why,
	    &ac.id);
	if (er == SOUK_INVALID)
		return req_field_error(r, why_field(why), why);
	if (er == SOUK_CONFLICT)
		r->detail = "An account with this e-mail address exists; sign "
		    "in or reset its password.";
	if (er != SOUK_OK)
		return er;
	ac.principal = SHOP_CUSTOMER;
	ac.email = str_lower_dup(r->a, email);
	ac.name = name != NULL ? name : "";
	resp_header(r, "Location", arena_printf(r->a, "/api/v1/me"));
	return resp_json(r, 201, json_object_get(shop_account_json(r, &ac)));
}

enum souk_err
sf_api_token_create(struct req *r)
{
	return shop_api_token_create(r, SHOP_CUSTOMER);
}

enum souk_err
sf_api_token_delete(struct req *r)
{
	return shop_api_token_delete(r, SHOP_CUSTOMER);
}

enum souk_err
sf_api_me(struct req *r)
{
	return shop_api_me(r, SHOP_CUSTOMER);
}

enum souk_err
sf_api_me_update(struct req *r)
{
	return shop_api_me_update(r, SHOP_CUSTOMER);
}

enum souk_err
sf_api_password_forgot(struct req *r)
{
	return shop_api_password_forgot(r, &sf_auth);
}

enum souk_err
sf_api_password_reset(struct req *r)
{
	return shop_api_password_set(r, SHOP_CUSTOMER, "password_reset");
}

enum souk_err
sf_api_verify_email(struct req *r)
{
	const char	*token = req_json_str(r, "token");
	enum souk_err	 er;

	if (token == NULL)
		return req_field_error(r, "token", "required");
	er = shop_token_verify_email(app_db(r->app), r->a, r->tenant_id,
	    token);
	if (er == SOUK_NOTFOUND)
		return req_field_error(r, "token",
		    "this link is unknown, used or expired");
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
sf_api_verify_resend(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_CUSTOMER, NULL, &ac)) !=
	    SOUK_OK)
		return er;
	if (ac.verified) {
		r->detail = "This e-mail address is already verified.";
		return SOUK_CONFLICT;
	}
	if ((er = shop_web_send_verify(r, ac.id, ac.email, ac.name)) !=
	    SOUK_OK)
		return er;
	return resp_empty(r, 202);
}

/* ---- addresses ------------------------------------------------------ */

struct json_object *
sf_address_json(const struct shop_address *ad)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ad->id));
	json_object_object_add(o, "name", json_str(ad->name));
	json_object_object_add(o, "line1", json_str(ad->line1));
	json_object_object_add(o, "line2", json_str(ad->line2));
	json_object_object_add(o, "city", json_str(ad->city));
	json_object_object_add(o, "postal_code", json_str(ad->postal_code));
	json_object_object_add(o, "country", json_str(ad->country));
	json_object_object_add(o, "phone", json_str(ad->phone));
	return o;
}

void
sf_address_read(struct req *r, const char *(*get)(const struct req *,
    const char *), struct shop_address *ad)
{
	memset(ad, 0, sizeof(*ad));
	ad->name = get(r, "name");
	ad->line1 = get(r, "line1");
	ad->line2 = get(r, "line2");
	ad->city = get(r, "city");
	ad->postal_code = get(r, "postal_code");
	ad->country = get(r, "country");
	ad->phone = get(r, "phone");
}

enum souk_err
sf_api_addresses(struct req *r)
{
	struct shop_account	 ac;
	struct shop_address	*ads;
	struct json_object	*o, *items;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_CUSTOMER, NULL, &ac)) !=
	    SOUK_OK || (er = shop_addresses(app_db(r->app), r->a,
	    r->tenant_id, ac.id, &ads, &n)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, sf_address_json(&ads[i]));
	json_object_object_add(o, "items", items);
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, o);
}

enum souk_err
sf_api_address_add(struct req *r)
{
	struct shop_account	 ac;
	struct shop_address	 ad;
	const char		*why;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_CUSTOMER, NULL, &ac)) !=
	    SOUK_OK)
		return er;
	sf_address_read(r, req_json_str, &ad);
	er = shop_address_add(app_db(r->app), r->a, r->tenant_id, ac.id, &ad,
	    &why, &ad.id);
	if (er == SOUK_INVALID)
		return req_field_error(r, arena_strndup(r->a, why,
		    strcspn(why, " ")), why);
	if (er == SOUK_CONFLICT)
		r->detail = why;
	if (er != SOUK_OK)
		return er;
	if (ad.line2 == NULL)
		ad.line2 = "";
	if (ad.postal_code == NULL)
		ad.postal_code = "";
	if (ad.phone == NULL)
		ad.phone = "";
	return resp_json(r, 201, sf_address_json(&ad));
}

enum souk_err
sf_api_address_delete(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_CUSTOMER, NULL, &ac)) !=
	    SOUK_OK)
		return er;
	er = shop_address_delete(app_db(r->app), r->a, r->tenant_id, ac.id,
	    req_path_i64(r, "id"));
	if (er == SOUK_NOTFOUND)
		r->detail = "You have no address with this id.";
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}
