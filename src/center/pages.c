/*
 * Center's pages: sign-in and sign-out with a session cookie, and the
 * dashboard for signed-in admins.  Every form carries a CSRF token: the
 * sign-in form a random one also set as a cookie (double submit), the
 * others one derived from the session token, so a page of another site
 * cannot post them.
 */
#include <string.h>

#include "center/api.h"

#define SESSION_COOKIE	CTR_SESSION_COOKIE
#define LOGIN_COOKIE	"souk_center_login"
#define CSRF_HEX	32

/* The signed-in admin of the session cookie (SOUK_UNAUTHORIZED if none). */
static enum souk_err
page_admin(struct req *r, struct ctr_admin *ad)
{
	struct db	*db;

	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	return ctr_session(db, r->a, req_cookie(r, SESSION_COOKIE), ad);
}

/* Where a session of each stage belongs. */
static const char *
stage_home(const char *stage)
{
	if (str_eq(stage, "mfa"))
		return "/login/code";
	if (str_eq(stage, "enroll"))
		return "/account/2fa";
	return "/";
}

int
ctr_signed_in_at(struct req *r, struct ctr_admin *ad, enum souk_err *er,
    const char *stages)
{
	if ((*er = page_admin(r, ad)) == SOUK_UNAUTHORIZED) {
		resp_redirect(r, 303, "/login");
		*er = SOUK_OK;
		return 0;
	}
	if (*er != SOUK_OK)
		return 0;
	if (!str_list_has(stages, ad->stage)) {
		resp_redirect(r, 303, stage_home(ad->stage));
		return 0;
	}
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad->id);
	return 1;
}

int
ctr_signed_in(struct req *r, struct ctr_admin *ad, enum souk_err *er)
{
	return ctr_signed_in_at(r, ad, er, "full");
}

int
ctr_page_allowed(struct req *r, struct ctr_admin *ad, const char *perm,
    enum souk_err *er)
{
	if (!ctr_signed_in(r, ad, er))
		return 0;
	if (perm != NULL && !ctr_can(ad, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this.", ad->role);
		*er = SOUK_FORBIDDEN;
		return 0;
	}
	if (r->method == HTTP_POST && !ctr_csrf_ok(r)) {
		*er = SOUK_FORBIDDEN;
		return 0;
	}
	return 1;
}

void
ctr_page_actor(struct req *r, const struct ctr_admin *ad,
    struct ctr_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->admin = ad->id;
	who->who = arena_printf(r->a, "admin:%lld %s", (long long)ad->id,
	    ad->email);
	who->reqid = r->reqid;
	who->addr = r->remote_addr;
}

int
ctr_csrf_ok(struct req *r)
{
	if (sec_equal(req_param(r, "csrf"), sec_csrf_of(r->a,
	    req_cookie(r, SESSION_COOKIE))))
		return 1;
	r->detail = "The form had expired. Please go back and try again.";
	return 0;
}

struct json_object *
ctr_page_data(struct req *r, const char *title, const struct ctr_admin *ad)
{
	return ctr_page_data_for(r, title, ad, req_cookie(r, SESSION_COOKIE));
}

struct json_object *
ctr_page_data_for(struct req *r, const char *title,
    const struct ctr_admin *ad, const char *token)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());
	struct json_object	*o;
	const char		*csrf = sec_csrf_of(r->a, token);

	if (d == NULL)
		return NULL;
	json_object_object_add(d, "title", json_str(title));
	resp_header(r, "Cache-Control", "no-store");
	if (ad == NULL || (o = json_object_new_object()) == NULL)
		return d;
	json_object_object_add(d, "csrf", json_str(csrf));
	json_object_object_add(o, "name", json_str(*ad->name != '\0' ?
	    ad->name : ad->email));
	json_object_object_add(o, "role", json_str(ad->role));
	json_object_object_add(o, "csrf", json_str(csrf));
	json_object_object_add(o, "full", json_object_new_boolean(
	    str_eq(ad->stage, "full")));
	json_object_object_add(o, "can_admins", json_object_new_boolean(
	    ctr_can(ad, "admins.read")));
	json_object_object_add(o, "can_tenants", json_object_new_boolean(
	    ctr_can(ad, "tenants.read")));
	json_object_object_add(o, "can_webhooks", json_object_new_boolean(
	    ctr_can(ad, "webhooks.manage")));
	json_object_object_add(o, "can_keys", json_object_new_boolean(
	    ctr_can(ad, "keys.manage")));
	json_object_object_add(o, "can_audit", json_object_new_boolean(
	    ctr_can(ad, "audit.read")));
	json_object_object_add(d, "admin", o);
	return d;
}

enum souk_err
ctr_page_session(struct req *r, const char *token, const char *stage)
{
	resp_cookie(r, SESSION_COOKIE, token, "/", -1);
	resp_redirect(r, 303, stage_home(stage));
	return SOUK_OK;
}

/* The sign-in form, with a fresh CSRF token in the form and a cookie. */
static enum souk_err
login_form(struct req *r, int status, const char *error, const char *email)
{
	struct json_object	*d = ctr_page_data(r, "Sign in", NULL);
	const char		*csrf = sec_random_hex(r->a, "", CSRF_HEX / 2);

	if (d == NULL || csrf == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "csrf", json_str(csrf));
	if (*r->app->conf.oidc_issuer != '\0')
		json_object_object_add(d, "oidc", json_str(
		    r->app->conf.oidc_label));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (email != NULL)
		json_object_object_add(d, "email", json_str(email));
	resp_cookie(r, LOGIN_COOKIE, csrf, "/login", 3600);
	return resp_html(r, status, "login", d);
}

enum souk_err
ctr_login_page(struct req *r, int status, const char *error)
{
	return login_form(r, status, error, NULL);
}

enum souk_err
ctr_page_login(struct req *r)
{
	struct ctr_admin	 ad;

	if (page_admin(r, &ad) == SOUK_OK) {
		resp_redirect(r, 303, stage_home(ad.stage));
		return SOUK_OK;
	}
	return login_form(r, 200, NULL, NULL);
}

enum souk_err
ctr_page_login_post(struct req *r)
{
	const char		*email = req_param(r, "email");
	const char		*password = req_param(r, "password");
	const char		*token;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!sec_equal(req_param(r, "csrf"), req_cookie(r, LOGIN_COOKIE)))
		return login_form(r, 403, "The form had expired. Please sign "
		    "in again.", email);
	if (email == NULL || password == NULL)
		return login_form(r, 400, "Enter your e-mail address and your "
		    "password.", email);
	if ((er = ctr_throttle(r, email)) == SOUK_RATELIMIT)
		return login_form(r, 429, r->detail, email);
	if (er != SOUK_OK)
		return er;
	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = ctr_sign_in(app_db(r->app), r->a, r->app->conf.master_key, email,
	    password, NULL, "cookie", &token, &ad);
	if (er == SOUK_UNAUTHORIZED) {
		ctr_throttle_fail(r, email);
		return login_form(r, 401, "The e-mail address or the password "
		    "is wrong.", email);
	}
	if (er != SOUK_OK)
		return er;
	ctr_audit_signin(r, &ad, "password");
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad.id);
	resp_cookie(r, LOGIN_COOKIE, "", "/login", 0);
	return ctr_page_session(r, token, ad.stage);
}

enum souk_err
ctr_page_logout(struct req *r)
{
	const char	*token = req_cookie(r, SESSION_COOKIE);
	struct ctr_admin ad;
	enum souk_err	 er;

	if (!ctr_signed_in_at(r, &ad, &er, "full,mfa,enroll"))
		return er;
	if (!ctr_csrf_ok(r))
		return SOUK_FORBIDDEN;
	if ((er = ctr_sign_out(app_db(r->app), r->a, token)) != SOUK_OK)
		return er;
	resp_cookie(r, SESSION_COOKIE, "", "/", 0);
	resp_redirect(r, 303, "/login");
	return SOUK_OK;
}
