/*
 * Sign-in pages both tenant programs serve for their principal, with
 * the same template names under their own template folders:
 * account/login, account/forgot, account/reset, account/invite.  Forms
 * shown before sign-in carry a double-submit CSRF token; a POST with a
 * missing or wrong token changes nothing.
 */
#include <string.h>

#include "http/http.h"
#include "sec/sec.h"
#include "shop/shop.h"

const char *const shop_form_expired =
    "The form had expired. Please try again.";

struct json_object *
shop_page_data(struct req *r, const struct shop_web_auth *au,
    const char *title, const char *error, const char *notice,
    const char *csrf)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d == NULL)
		return NULL;
	if (csrf == NULL)
		csrf = shop_web_form_token(r, au);
	json_object_object_add(d, "title", json_str(title));
	json_object_object_add(d, "csrf", json_str(csrf));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	resp_header(r, "Cache-Control", "no-store");
	return d;
}

enum souk_err
shop_page_show(struct req *r, int status, const char *tmpl,
    struct json_object *d)
{
	if (d == NULL)
		return SOUK_ENOMEM;
	return resp_html(r, status, tmpl, d);
}

/* ---- sign-in and sign-out ------------------------------------------- */

static enum souk_err
login_form(struct req *r, const struct shop_web_auth *au, int status,
    const char *error, const char *email)
{
	struct json_object	*d = shop_page_data(r, au, "Sign in", error,
	    NULL, NULL);

	if (d != NULL && email != NULL)
		json_object_object_add(d, "email", json_str(email));
	return shop_page_show(r, status, "account/login", d);
}

enum souk_err
shop_page_login(struct req *r, const struct shop_web_auth *au)
{
	struct shop_account	 ac;

	if (shop_web_page_account(r, au, &ac) == SOUK_OK) {
		resp_redirect(r, 303, au->home);
		return SOUK_OK;
	}
	return login_form(r, au, 200, NULL, NULL);
}

enum souk_err
shop_page_session_start(struct req *r, const struct shop_web_auth *au,
    const char *token)
{
	resp_cookie(r, au->cookie, token, au->path, -1);
	resp_redirect(r, 303, au->home);
	return SOUK_OK;
}

enum souk_err
shop_page_login_post(struct req *r, const struct shop_web_auth *au)
{
	const char		*email = req_param(r, "email");
	const char		*password = req_param(r, "password"), *token;
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!shop_web_form_ok(r, au))
		return login_form(r, au, 403, shop_form_expired, email);
	if (email == NULL || password == NULL)
		return login_form(r, au, 400, "Enter your e-mail address and "
		    "your password.", email);
	if ((er = shop_web_throttle(r, au->p, email)) == SOUK_RATELIMIT)
		return login_form(r, au, 429, r->detail, email);
	if (er != SOUK_OK)
		return er;
	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_sign_in(app_db(r->app), r->a, r->tenant_id, au->p, email,
	    password, NULL, r->app->conf.master_key, "cookie", &token, &ac);
	if (er == SOUK_UNAUTHORIZED) {
		shop_web_throttle_fail(r, au->p, email);
		return login_form(r, au, 401, "The e-mail address or the "
		    "password is wrong.", email);
	}
	if (er != SOUK_OK)
		return er;
	if (str_eq(ac.stage, "mfa")) {	/* the code page comes next */
		resp_cookie(r, au->cookie, token, au->path, -1);
		resp_redirect(r, 303, au->code);
		return SOUK_OK;
	}
	return shop_page_session_start(r, au, token);
}

enum souk_err
shop_page_logout(struct req *r, const struct shop_web_auth *au)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!shop_web_signed_in(r, au, &ac, &er))
		return er;
	if (!shop_web_csrf_ok(r, au))
		return SOUK_FORBIDDEN;
	if ((er = shop_sign_out(app_db(r->app), r->a, r->tenant_id, au->p,
	    req_cookie(r, au->cookie))) != SOUK_OK)
		return er;
	resp_cookie(r, au->cookie, "", au->path, 0);
	resp_redirect(r, 303, au->login);
	return SOUK_OK;
}

/* ---- forgotten passwords -------------------------------------------- */

static enum souk_err
forgot_page(struct req *r, const struct shop_web_auth *au, int status,
    const char *error, const char *notice)
{
	return shop_page_show(r, status, "account/forgot", shop_page_data(r,
	    au, "Forgot your password", error, notice, NULL));
}

enum souk_err
shop_page_forgot(struct req *r, const struct shop_web_auth *au)
{
	return forgot_page(r, au, 200, NULL, NULL);
}

enum souk_err
shop_page_forgot_post(struct req *r, const struct shop_web_auth *au)
{
	const char	*email = req_param(r, "email");
	enum souk_err	 er;

	if (!shop_web_form_ok(r, au))
		return forgot_page(r, au, 403, shop_form_expired, NULL);
	if (email == NULL || !valid_check(VALID_EMAIL, email, 0, 0))
		return forgot_page(r, au, 400, "Enter the e-mail address of "
		    "your account.", NULL);
	er = shop_web_send_reset(r, au, email);
	if (er == SOUK_RATELIMIT)
		return forgot_page(r, au, 429, r->detail, NULL);
	if (er != SOUK_OK)
		return er;
	return forgot_page(r, au, 200, NULL, "If an account uses this "
	    "address, a link to choose a new password is on its way. It works "
	    "once, for one hour.");
}

/* ---- pages that spend a link: reset, invitation --------------------- */

static const struct link_page {
	const char	*purpose;
	const char	*tmpl;
	const char	*title;
	const char	*done;
} link_pages[] = {
	{ "password_reset", "account/reset", "Choose a new password",
	  "Your password is changed and every session of your account has "
	  "ended. Sign in with the new password." },
	{ "staff_invitation", "account/invite", "Accept the invitation",
	  "Welcome aboard: your account is ready. Sign in with your e-mail "
	  "address and the password you chose." },
};

static const struct link_page *
link_page(const char *purpose)
{
	return str_eq(purpose, "password_reset") ? &link_pages[0] :
	    &link_pages[1];
}

enum souk_err
shop_page_link(struct req *r, const struct shop_web_auth *au,
    const char *purpose, int status, const char *error)
{
	const struct link_page	*lp = link_page(purpose);
	const char		*token = req_param(r, "token");
	struct json_object	*d;
	int64_t			 id;

	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	if (!shop_token_valid(app_db(r->app), r->a, r->tenant_id, au->p,
	    purpose, token, &id))
		return shop_page_show(r, 410, lp->tmpl, shop_page_data(r, au,
		    lp->title, "This link is unknown, used or expired.", NULL,
		    NULL));
	d = shop_page_data(r, au, lp->title, error, NULL, NULL);
	if (d != NULL) {
		json_object_object_add(d, "token", json_str(token));
		json_object_object_add(d, "form", json_object_new_boolean(1));
	}
	return shop_page_show(r, status, lp->tmpl, d);
}

enum souk_err
shop_page_link_post(struct req *r, const struct shop_web_auth *au,
    const char *purpose)
{
	const struct link_page	*lp = link_page(purpose);
	const char		*pw = req_param(r, "password"), *why;
	enum souk_err		 er;

	if (!shop_web_form_ok(r, au))
		return shop_page_link(r, au, purpose, 403, shop_form_expired);
	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_token_password(app_db(r->app), r->a, r->tenant_id, au->p,
	    purpose, req_param(r, "token"), pw != NULL ? pw : "",
	    req_param(r, "name"), &why);
	if (er == SOUK_INVALID)
		return shop_page_link(r, au, purpose, 400, arena_printf(r->a,
		    "Choose another password: the %s.", why));
	if (er == SOUK_NOTFOUND)
		return shop_page_link(r, au, purpose, 410, NULL);
	if (er != SOUK_OK)
		return er;
	resp_cookie(r, au->cookie, "", au->path, 0);
	return shop_page_show(r, 200, lp->tmpl, shop_page_data(r, au,
	    lp->title, NULL, lp->done, NULL));
}
