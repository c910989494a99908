/*
 * Optional two-factor sign-in for shop staff: the code page after the
 * password (/admin/login/code), /admin/account/2fa to turn it on with
 * an authenticator app (ten recovery codes shown once), replace the
 * recovery codes or turn it off, and the same as JSON under
 * /admin/api/v1/me/mfa.
 */
#include <string.h>

#include "backoffice/backoffice.h"

#define MASTER(r)	((r)->app->conf.master_key)

static const char *
issuer(struct req *r)
{
	const struct shop_tenant *t = r->tenant;

	return arena_printf(r->a, "%s backoffice", t->name);
}

/*
 * 1 if code is the current code of the member's app; counted and
 * limited like a sign-in, so a stolen session cannot guess it.
 */
static int
app_code_ok(struct req *r, const struct shop_account *ac, const char *code)
{
	if (!ac->mfa_on || !sec_totp_code_ok(code) ||
	    shop_web_throttle(r, SHOP_STAFF, ac->email) != SOUK_OK)
		return 0;
	if (shop_mfa_check(app_db(r->app), r->a, MASTER(r), r->tenant_id,
	    ac->id, code) == SOUK_OK)
		return 1;
	shop_web_throttle_fail(r, SHOP_STAFF, ac->email);
	return 0;
}

/* ---- the code after the password -------------------------------------- */

static enum souk_err
code_form(struct req *r, int status, const char *error)
{
	return shop_page_show(r, status, "account/code", shop_page_data(r,
	    &bo_auth, "Two-factor code", error, NULL, shop_web_csrf(r,
	    &bo_auth)));
}

/* The account of a session awaiting its code; else *er to return. */
static int
awaiting_code(struct req *r, struct shop_account *ac, enum souk_err *er)
{
	*er = shop_web_page_account(r, &bo_auth, ac);
	if (*er == SOUK_OK && str_eq(ac->stage, "mfa"))
		return 1;
	if (*er == SOUK_OK || *er == SOUK_UNAUTHORIZED) {
		resp_redirect(r, 303, *er == SOUK_OK ? bo_auth.home :
		    bo_auth.login);
		*er = SOUK_OK;
	}
	return 0;
}

enum souk_err
bo_page_code(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!awaiting_code(r, &ac, &er))
		return er;
	return code_form(r, 200, NULL);
}

enum souk_err
bo_page_code_post(struct req *r)
{
	const char		*token;
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!awaiting_code(r, &ac, &er))
		return er;
	if (!shop_web_csrf_ok(r, &bo_auth))
		return code_form(r, 403, shop_form_expired);
	if ((er = shop_web_throttle(r, SHOP_STAFF, ac.email)) ==
	    SOUK_RATELIMIT)
		return code_form(r, 429, r->detail);
	er = shop_mfa_check(app_db(r->app), r->a, MASTER(r), r->tenant_id,
	    ac.id, req_param(r, "code"));
	if (er == SOUK_UNAUTHORIZED) {
		shop_web_throttle_fail(r, SHOP_STAFF, ac.email);
		return code_form(r, 401, "That code is not right (or was used "
		    "already). Try the next one.");
	}
	if (er != SOUK_OK || (er = shop_session_promote(app_db(r->app), r->a,
	    r->tenant_id, req_cookie(r, bo_auth.cookie), "cookie", &ac,
	    &token)) != SOUK_OK)
		return er;
	return shop_page_session_start(r, &bo_auth, token);
}

/* ---- /admin/account/2fa ------------------------------------------------ */

static enum souk_err
mfa_page(struct req *r, const struct shop_account *ac, int status,
    const char *error, const char *notice, const char **codes)
{
	struct json_object	*d = bo_page_data(r, "Two-factor sign-in", ac);
	const char		*secret, *uri;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	json_object_object_add(d, "mfa_on", json_object_new_boolean(
	    ac->mfa_on));
	if (ac->mfa_on) {
		json_object_object_add(d, "left", json_object_new_int64(
		    shop_recovery_left(app_db(r->app), r->a, r->tenant_id,
		    ac->id)));
	} else {
		secret = shop_mfa_pending(app_db(r->app), r->a, MASTER(r),
		    r->tenant_id, ac->id);
		if (secret != NULL)
			uri = sec_totp_uri(r->a, issuer(r), ac->email, secret);
		else if ((er = shop_mfa_begin(app_db(r->app), r->a, MASTER(r),
		    r->tenant_id, ac, issuer(r), &secret, &uri)) != SOUK_OK)
			return er;
		json_object_object_add(d, "secret", json_str(secret));
		json_object_object_add(d, "uri", json_str(uri));
	}
	if (codes != NULL) {
		json_object_object_add(d, "codes", sec_recovery_json(codes, 1));
		json_object_object_add(d, "has_codes",
		    json_object_new_boolean(1));
	}
	return resp_html(r, status, "account/2fa", d);
}

/* Signed in, and for a POST with the session's CSRF token. */
static int
mfa_allowed(struct req *r, struct shop_account *ac, enum souk_err *er)
{
	if (!shop_web_signed_in(r, &bo_auth, ac, er))
		return 0;
	if (r->method == HTTP_POST && !shop_web_csrf_ok(r, &bo_auth)) {
		*er = mfa_page(r, ac, 403, shop_form_expired, NULL, NULL);
		return 0;
	}
	return 1;
}

enum souk_err
bo_page_mfa(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!mfa_allowed(r, &ac, &er))
		return er;
	return mfa_page(r, &ac, 200, NULL, NULL, NULL);
}

enum souk_err
bo_page_mfa_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!mfa_allowed(r, &ac, &er))
		return er;
	if (ac.mfa_on)
		return mfa_page(r, &ac, 409, "Two-factor sign-in is already "
		    "on.", NULL, NULL);
	er = shop_mfa_confirm(app_db(r->app), r->a, MASTER(r), r->tenant_id,
	    ac.id, req_param(r, "code"), codes);
	if (er == SOUK_UNAUTHORIZED || er == SOUK_NOTFOUND)
		return mfa_page(r, &ac, 400, "That is not the current code of "
		    "this key. Check the app's clock and try again.", NULL,
		    NULL);
	if (er != SOUK_OK)
		return er;
	ac.mfa_on = 1;
	return mfa_page(r, &ac, 200, NULL, "Two-factor sign-in is on.",
	    codes);
}

enum souk_err
bo_page_recovery_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	const char		*code = req_param(r, "code");
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!mfa_allowed(r, &ac, &er))
		return er;
	if (!app_code_ok(r, &ac, code))
		return mfa_page(r, &ac, 400, "That code is not right.", NULL,
		    NULL);
	if ((er = shop_recovery_new(app_db(r->app), r->a, r->tenant_id, ac.id,
	    codes)) != SOUK_OK)
		return er;
	return mfa_page(r, &ac, 200, NULL, "New recovery codes replace the "
	    "old ones.", codes);
}

enum souk_err
bo_page_mfa_off_post(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!mfa_allowed(r, &ac, &er))
		return er;
	if (!app_code_ok(r, &ac, req_param(r, "code")))
		return mfa_page(r, &ac, 400, "That code is not right.", NULL,
		    NULL);
	if ((er = shop_mfa_off(app_db(r->app), r->a, r->tenant_id, ac.id)) !=
	    SOUK_OK)
		return er;
	ac.mfa_on = 0;
	return mfa_page(r, &ac, 200, NULL, "Two-factor sign-in is off.",
	    NULL);
}

/* ---- JSON API ---------------------------------------------------------- */

static struct json_object *
codes_json(const char **codes)
{
	struct json_object	*o = json_object_new_object();

	if (o != NULL)
		json_object_object_add(o, "recovery_codes",
		    sec_recovery_json(codes, 0));
	return o;
}

enum souk_err
bo_api_mfa_begin(struct req *r)
{
	const char		*secret, *uri;
	struct json_object	*o;
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, NULL, &ac)) != SOUK_OK)
		return er;
	if (ac.mfa_on) {
		r->detail = "Two-factor sign-in is already on.";
		return SOUK_CONFLICT;
	}
	if ((er = shop_mfa_begin(app_db(r->app), r->a, MASTER(r),
	    r->tenant_id, &ac, issuer(r), &secret, &uri)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "secret", json_str(secret));
	json_object_object_add(o, "otpauth_uri", json_str(uri));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

enum souk_err
bo_api_mfa_confirm(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, NULL, &ac)) != SOUK_OK)
		return er;
	er = shop_mfa_confirm(app_db(r->app), r->a, MASTER(r), r->tenant_id,
	    ac.id, req_json_str(r, "code"), codes);
	if (er == SOUK_UNAUTHORIZED)
		return req_field_error(r, "code", "not the current code of "
		    "the new secret");
	if (er == SOUK_NOTFOUND)
		r->detail = "Start with POST /admin/api/v1/me/mfa.";
	if (er != SOUK_OK)
		return er;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, codes_json(codes));
}

enum souk_err
bo_api_recovery_new(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	const char		*code = req_json_str(r, "code");
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, NULL, &ac)) != SOUK_OK)
		return er;
	if (!ac.mfa_on) {
		r->detail = "Two-factor sign-in is off.";
		return SOUK_CONFLICT;
	}
	if (!app_code_ok(r, &ac, code))
		return req_field_error(r, "code", "not the current code of "
		    "your authenticator app");
	if ((er = shop_recovery_new(app_db(r->app), r->a, r->tenant_id, ac.id,
	    codes)) != SOUK_OK)
		return er;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, codes_json(codes));
}

enum souk_err
bo_api_mfa_off(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, NULL, &ac)) != SOUK_OK)
		return er;
	if (!app_code_ok(r, &ac, req_json_str(r, "code")))
		return req_field_error(r, "code", "not the current code of "
		    "your authenticator app");
	if ((er = shop_mfa_off(app_db(r->app), r->a, r->tenant_id, ac.id)) !=
	    SOUK_OK)
		return er;
	return resp_empty(r, 204);
}
