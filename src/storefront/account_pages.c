/*
 * The customer account pages under /account that auth/ does not serve
 * for every plane: registration, and the account itself (profile,
 * addresses, e-mail verification) that auth/'s account pages show.
 * Sign-in, sign-out, password resets and the verification link are
 * auth/'s, routed in main.c.
 */
#include <string.h>

#include "storefront/storefront.h"

/* ---- registration --------------------------------------------------- */

static enum souk_err
register_form(struct req *r, int status, const char *error)
{
	struct json_object	*d = auth_page_data(r, N_("Create an account"),
	    error, NULL);

	if (d != NULL && req_param(r, "email") != NULL)
		json_object_object_add(d, "email", json_str(req_param(r,
		    "email")));
	if (d != NULL && req_param(r, "name") != NULL)
		json_object_object_add(d, "name", json_str(req_param(r,
		    "name")));
	return auth_page_show(r, status, "account/register", d);
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
	const char		*name = req_param(r, "name"), *msg, *token;
	struct auth_account	 ac;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	int64_t			 id;
	enum souk_err		 er;
	int			 status;

	if (!auth_form_ok(r))
		return register_form(r, 403, auth_form_expired);
	if (email == NULL || password == NULL)
		return register_form(r, 400, N_("Enter your e-mail address "
		    "and a password."));
	er = sf_register(r, email, password, name != NULL ? name : "", &why,
	    &id);
	if (er == SOUK_CONFLICT)
		return register_form(r, 409, N_("An account with this e-mail "
		    "address exists. Sign in, or reset its password."));
	if (resp_form_error(r, er, N_("Check the form"), &why, &status,
	    &msg))
		return register_form(r, status, msg);
	if (er != SOUK_OK || (er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_sign_in(&cx, email, password, NULL, "cookie", 0,
	    &token, &ac)) != SOUK_OK)
		return er;
	return auth_page_session(r, token, ac.stage);
}

/* ---- the account page ----------------------------------------------- */

enum souk_err
sf_account_page(struct req *r, int status, const char *error,
    const char *notice)
{
	const struct auth_account *ac = auth_of(r);
	struct json_object	*d, *list;
	struct shop_address	*ads;
	size_t			 n, i;
	enum souk_err		 er;

	if ((d = auth_page_data(r, N_("Your account"), error, notice)) ==
	    NULL)
		return SOUK_ENOMEM;
	if ((er = shop_addresses(app_db(r->app), r->a, r->tenant_id, ac->id,
	    &ads, &n)) != SOUK_OK)
		return er;
	json_object_object_add(d, "account", json_object_get(
	    auth_account_json(r, ac)));
	json_object_object_add(d, "verified", json_object_new_boolean(
	    ac->verified));
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, sf_address_json(&ads[i]));
	json_object_object_add(d, "addresses", list);
	json_object_object_add(d, "has_addresses", json_object_new_boolean(
	    n > 0));
	return auth_page_show(r, status, "account/index", d);
}

enum souk_err
sf_page_address_post(struct req *r)
{
	struct shop_address	 ad;
	struct souk_why		 why = { NULL, NULL };
	const char		*msg;
	enum souk_err		 er;
	int			 status;

	sf_address_read(r, req_param, &ad);
	er = shop_address_add(app_db(r->app), r->a, r->tenant_id,
	    auth_of(r)->id, &ad, &why, &ad.id);
	if (resp_form_error(r, er, N_("The address was not added"), &why,
	    &status, &msg))
		return sf_account_page(r, status, msg, NULL);
	if (er != SOUK_OK)
		return er;
	return sf_account_page(r, 200, NULL, N_("The address is added."));
}

enum souk_err
sf_page_address_delete_post(struct req *r)
{
	enum souk_err	 er;

	er = shop_address_delete(app_db(r->app), r->a, r->tenant_id,
	    auth_of(r)->id, req_path_i64(r, "id"));
	if (er == SOUK_NOTFOUND)
		r->detail = N_("You have no such address.");
	if (er != SOUK_OK)
		return er;
	return sf_account_page(r, 200, NULL, N_("The address is deleted."));
}

enum souk_err
sf_page_verify_resend_post(struct req *r)
{
	const struct auth_account *ac = auth_of(r);

	if (ac->verified)
		return sf_account_page(r, 200, NULL, N_("Your e-mail address "
		    "is already verified."));
	if (auth_send_verify(r, ac->id, ac->email, ac->name) != SOUK_OK)
		return sf_account_page(r, 503, N_("The e-mail could not be "
		    "sent just now. Please try again later."), NULL);
	return sf_account_page(r, 200, NULL, N_("A new link is on its way."));
}
