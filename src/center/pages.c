/*
 * Center's pages: sign-in and sign-out with a session cookie, and the
 * dashboard for signed-in admins.  Every form carries a CSRF token: the
 * sign-in form a random one also set as a cookie (double submit), the
 * others one derived from the session token, so a page of another site
 * cannot post them.
 */
#include <string.h>

#include "center/api.h"

#define SESSION_COOKIE	"souk_center"
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

/*
 * 1 with the admin of the session; else 0 with *er to return: strangers
 * have been answered with a redirect to /login.
 */
static int
signed_in(struct req *r, struct ctr_admin *ad, enum souk_err *er)
{
	if ((*er = page_admin(r, ad)) == SOUK_UNAUTHORIZED) {
		resp_redirect(r, 303, "/login");
		*er = SOUK_OK;
		return 0;
	}
	return *er == SOUK_OK;
}

static struct json_object *
page_data(struct req *r, const char *title)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d != NULL)
		json_object_object_add(d, "title", json_str(title));
	return d;
}

/* Adds who is signed in and the sign-out form's token to d. */
static void
page_admin_data(struct req *r, struct json_object *d,
    const struct ctr_admin *ad)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return;
	json_object_object_add(o, "name", json_str(*ad->name != '\0' ?
	    ad->name : ad->email));
	json_object_object_add(o, "role", json_str(ad->role));
	json_object_object_add(o, "csrf", json_str(sec_csrf_of(r->a,
	    req_cookie(r, SESSION_COOKIE))));
	json_object_object_add(d, "admin", o);
}

enum souk_err
ctr_page_index(struct req *r)
{
	struct json_object	*d;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!signed_in(r, &ad, &er))
		return er;
	if ((d = page_data(r, "Dashboard")) == NULL)
		return SOUK_ENOMEM;
	page_admin_data(r, d, &ad);
	json_object_object_add(d, "base_domain", json_str(
	    r->app->conf.base_domain));
	resp_header(r, "Cache-Control", "no-store");
	return resp_html(r, 200, "index", d);
}

/* The sign-in form, with a fresh CSRF token in the form and a cookie. */
static enum souk_err
login_form(struct req *r, int status, const char *error, const char *email)
{
	struct json_object	*d = page_data(r, "Sign in");
	const char		*csrf = sec_random_hex(r->a, "", CSRF_HEX / 2);

	if (d == NULL || csrf == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "csrf", json_str(csrf));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (email != NULL)
		json_object_object_add(d, "email", json_str(email));
	resp_cookie(r, LOGIN_COOKIE, csrf, "/login", 3600);
	resp_header(r, "Cache-Control", "no-store");
	return resp_html(r, status, "login", d);
}

enum souk_err
ctr_page_login(struct req *r)
{
	struct ctr_admin	 ad;

	if (page_admin(r, &ad) == SOUK_OK) {
		resp_redirect(r, 303, "/");
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
	er = ctr_sign_in(app_db(r->app), r->a, email, password, "cookie",
	    &token, &ad);
	if (er == SOUK_UNAUTHORIZED)
		return login_form(r, 401, "The e-mail address or the password "
		    "is wrong.", email);
	if (er != SOUK_OK)
		return er;
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad.id);
	resp_cookie(r, SESSION_COOKIE, token, "/", -1);
	resp_cookie(r, LOGIN_COOKIE, "", "/login", 0);
	resp_redirect(r, 303, "/");
	return SOUK_OK;
}

enum souk_err
ctr_page_logout(struct req *r)
{
	const char	*token = req_cookie(r, SESSION_COOKIE);
	struct ctr_admin ad;
	enum souk_err	 er;

	if (!signed_in(r, &ad, &er))
		return er;
	if (!sec_equal(req_param(r, "csrf"), sec_csrf_of(r->a, token))) {
		r->detail = "The form had expired. Please go back and try "
		    "again.";
		return SOUK_FORBIDDEN;
	}
	if ((er = ctr_sign_out(app_db(r->app), r->a, token)) != SOUK_OK)
		return er;
	resp_cookie(r, SESSION_COOKIE, "", "/", 0);
	resp_redirect(r, 303, "/login");
	return SOUK_OK;
}
