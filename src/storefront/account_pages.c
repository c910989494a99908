/*
 * The customer account pages under /account: registration, the account
 * (profile, addresses, e-mail verification), and the sign-in pages of
 * signin_pages.c for customers.  The account's forms carry a CSRF token
 * derived from the session; a POST with a missing or wrong one changes
 * nothing.
 */
#include <string.h>

#include "storefront/storefront.h"

static struct json_object *
page(struct req *r, const char *title, const char *error,
    const char *notice)
{
	return shop_page_data(r, &sf_auth, title, error, notice, NULL);
}

static enum souk_err
show(struct req *r, int status, const char *tmpl, struct json_object *d)
{
	return shop_page_show(r, status, tmpl, d);
}

enum souk_err
sf_page_login(struct req *r)
{
	return shop_page_login(r, &sf_auth);
}

enum souk_err
sf_page_login_post(struct req *r)
{
	return shop_page_login_post(r, &sf_auth);
}

enum souk_err
sf_page_logout(struct req *r)
{
	return shop_page_logout(r, &sf_auth);
}

/* ---- registration --------------------------------------------------- */

static enum souk_err
register_form(struct req *r, int status, const char *error)
{
	struct json_object	*d = page(r, "Create an account", error, NULL);

	if (d != NULL && req_param(r, "email") != NULL)
		json_object_object_add(d, "email", json_str(req_param(r,
		    "email")));
	if (d != NULL && req_param(r, "name") != NULL)
		json_object_object_add(d, "name", json_str(req_param(r,
		    "name")));
	return show(r, status, "account/register", d);
}

enum souk_err
sf_page_register(struct req *r)
{
	return register_form(r, 200, NULL);
}

enum souk_err
sf_page_register_post(struct req *r)
{
	const char		*email = req_param(r, "email");
	const char		*password = req_param(r, "password");
	const char		*name = req_param(r, "name"), *why, *token;
	struct shop_account	 ac;
	int64_t			 id;
	enum souk_err		 er;

	if (!shop_web_form_ok(r, &sf_auth))
		return register_form(r, 403, shop_form_expired);
	if (email == NULL || password == NULL)
		return register_form(r, 400, "Enter your e-mail address and a "
		    "password.");
	er = sf_register(r, email, password, name != NULL ? name : "", &why,
	    &id);
	if (er == SOUK_INVALID)
		return register_form(r, 400, arena_printf(r->a, "Check the "
		    "form: %s.", why));
	if (er == SOUK_CONFLICT)
		return register_form(r, 409, "An account with this e-mail "
		    "address exists. Sign in, or reset its password.");
	if (er == SOUK_RATELIMIT)
		return register_form(r, 429, r->detail);
	if (er != SOUK_OK ||
	    (er = shop_sign_in(app_db(r->app), r->a, r->tenant_id,
	    SHOP_CUSTOMER, email, password, NULL, NULL, "cookie", &token,
	    &ac)) !=
	    SOUK_OK)
		return er;
	return shop_page_session_start(r, &sf_auth, token);
}

/* ---- the account page ----------------------------------------------- */

static enum souk_err
account_page(struct req *r, const struct shop_account *ac, int status,
    const char *error, const char *notice)
{
	struct json_object	*d, *list;
	struct shop_address	*ads;
	size_t			 n, i;
	enum souk_err		 er;

	d = shop_page_data(r, &sf_auth, "Your account", error, notice,
	    shop_web_csrf(r, &sf_auth));
	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = shop_addresses(app_db(r->app), r->a, r->tenant_id, ac->id,
	    &ads, &n)) != SOUK_OK)
		return er;
	json_object_object_add(d, "account", json_object_get(
	    shop_account_json(r, ac)));
	json_object_object_add(d, "verified", json_object_new_boolean(
	    ac->verified));
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, sf_address_json(&ads[i]));
	json_object_object_add(d, "addresses", list);
	json_object_object_add(d, "has_addresses", json_object_new_boolean(
	    n > 0));
	return show(r, status, "account/index", d);
}

enum souk_err
sf_page_account(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!shop_web_signed_in(r, &sf_auth, &ac, &er))
		return er;
	return account_page(r, &ac, 200, NULL, NULL);
}

/*
 * Shared start of the account's POST forms: 1 with the account when
 * signed in with a good CSRF token, else 0 and *er to return.
 */
static int
account_post(struct req *r, struct shop_account *ac, enum souk_err *er)
{
	if (!shop_web_signed_in(r, &sf_auth, ac, er))
		return 0;
	if (!shop_web_csrf_ok(r, &sf_auth)) {
		*er = account_page(r, ac, 403, shop_form_expired, NULL);
		return 0;
	}
	return 1;
}

enum souk_err
sf_page_profile_post(struct req *r)
{
	const char		*name = req_param(r, "name");
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	if ((er = shop_account_set_name(app_db(r->app), r->a, r->tenant_id,
	    SHOP_CUSTOMER, ac.id, name != NULL ? name : "")) != SOUK_OK)
		return er;
	ac.name = name != NULL ? name : "";
	return account_page(r, &ac, 200, NULL, "Your name is saved.");
}

enum souk_err
sf_page_address_post(struct req *r)
{
	struct shop_account	 ac;
	struct shop_address	 ad;
	const char		*why;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	sf_address_read(r, req_param, &ad);
	er = shop_address_add(app_db(r->app), r->a, r->tenant_id, ac.id, &ad,
	    &why, &ad.id);
	if (er == SOUK_INVALID || er == SOUK_CONFLICT)
		return account_page(r, &ac, er == SOUK_INVALID ? 400 : 409,
		    arena_printf(r->a, "The address was not added: %s", why),
		    NULL);
	if (er != SOUK_OK)
		return er;
	return account_page(r, &ac, 200, NULL, "The address is added.");
}

enum souk_err
sf_page_address_delete_post(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	er = shop_address_delete(app_db(r->app), r->a, r->tenant_id, ac.id,
	    req_path_i64(r, "id"));
	if (er == SOUK_NOTFOUND)
		r->detail = "You have no such address.";
	if (er != SOUK_OK)
		return er;
	return account_page(r, &ac, 200, NULL, "The address is deleted.");
}

enum souk_err
sf_page_verify_resend_post(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	if (ac.verified)
		return account_page(r, &ac, 200, NULL, "Your e-mail address "
		    "is already verified.");
	if (shop_web_send_verify(r, ac.id, ac.email, ac.name) != SOUK_OK)
		return account_page(r, &ac, 503, "The e-mail could not be sent "
		    "just now. Please try again later.", NULL);
	return account_page(r, &ac, 200, NULL, "A new link is on its way.");
}

/* ---- password reset and e-mail verification ------------------------ */

enum souk_err
sf_page_forgot(struct req *r)
{
	return shop_page_forgot(r, &sf_auth);
}

enum souk_err
sf_page_forgot_post(struct req *r)
{
	return shop_page_forgot_post(r, &sf_auth);
}

enum souk_err
sf_page_reset(struct req *r)
{
	return shop_page_link(r, &sf_auth, "password_reset", 200, NULL);
}

enum souk_err
sf_page_reset_post(struct req *r)
{
	return shop_page_link_post(r, &sf_auth, "password_reset");
}

/* The e-mail confirmation page: its form, or why the link is no good. */
static enum souk_err
verify_page(struct req *r, int status, const char *error)
{
	const char		*token = req_param(r, "token");
	const char		*title = "Confirm your e-mail address";
	struct json_object	*d;
	int64_t			 id;

	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	if (!shop_token_valid(app_db(r->app), r->a, r->tenant_id,
	    SHOP_CUSTOMER, "email_verification", token, &id))
		return show(r, 410, "account/verify", page(r, title, "This "
		    "link is unknown, used or expired.", NULL));
	if ((d = page(r, title, error, NULL)) != NULL) {
		json_object_object_add(d, "token", json_str(token));
		json_object_object_add(d, "form", json_object_new_boolean(1));
	}
	return show(r, status, "account/verify", d);
}

enum souk_err
sf_page_verify(struct req *r)
{
	return verify_page(r, 200, NULL);
}

enum souk_err
sf_page_verify_post(struct req *r)
{
	enum souk_err	 er;

	if (!shop_web_form_ok(r, &sf_auth))
		return verify_page(r, 403, shop_form_expired);
	er = shop_token_verify_email(app_db(r->app), r->a, r->tenant_id,
	    req_param(r, "token"));
	if (er == SOUK_NOTFOUND)
		return verify_page(r, 410, NULL);
	if (er != SOUK_OK)
		return er;
	return show(r, 200, "account/verify", page(r, "E-mail address "
	    "confirmed", NULL, "Thank you: your e-mail address is "
	    "confirmed."));
}
