/*
 * The backoffice's own pages: the dashboard, my account (name and
 * password), and the sign-in pages of signin_pages.c for staff,
 * including the invitation a new member accepts.  Every page but those
 * needs a staff session of this shop; its forms carry a CSRF token
 * derived from the session.
 */
#include <string.h>

#include "backoffice/backoffice.h"

const struct shop_web_auth bo_auth = {
	SHOP_STAFF, "souk_staff", "/admin", "/admin/login", "/admin/reset",
	"/admin/", "/admin/login/code"
};

struct json_object *
bo_page_data(struct req *r, const char *title, const struct shop_account *ac)
{
	const char		*csrf = shop_web_csrf(r, &bo_auth);
	struct json_object	*d, *m;

	d = shop_page_data(r, &bo_auth, title, NULL, NULL, csrf);
	if (d == NULL || (m = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(m, "name", json_str(*ac->name != '\0' ?
	    ac->name : ac->email));
	json_object_object_add(m, "role", json_str(ac->role));
	json_object_object_add(m, "csrf", json_str(csrf));
	json_object_object_add(m, "can_staff", json_object_new_boolean(
	    shop_can(ac, "staff.read")));
	json_object_object_add(m, "can_catalog", json_object_new_boolean(
	    shop_can(ac, "catalog.read")));
	json_object_object_add(m, "can_promotions", json_object_new_boolean(
	    shop_can(ac, "promotions.read")));
	json_object_object_add(d, "member", m);
	return d;
}

enum souk_err
bo_page_index(struct req *r)
{
	struct shop_account	 ac;
	struct json_object	*d;
	enum souk_err		 er;

	if (!shop_web_signed_in(r, &bo_auth, &ac, &er))
		return er;
	if ((d = bo_page_data(r, "Dashboard", &ac)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "host", json_str(r->host));
	return resp_html(r, 200, "index", d);
}

/* ---- my account ------------------------------------------------------ */

static enum souk_err
account_page(struct req *r, const struct shop_account *ac, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = bo_page_data(r, "My account", ac);

	if (d == NULL)
		return SOUK_ENOMEM;
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	json_object_object_add(d, "account", json_object_get(
	    shop_account_json(r, ac)));
	return resp_html(r, status, "account/index", d);
}

enum souk_err
bo_page_account(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!shop_web_signed_in(r, &bo_auth, &ac, &er))
		return er;
	return account_page(r, &ac, 200, NULL, req_param(r, "changed") !=
	    NULL ? "Your password is changed, and your other sessions have "
	    "ended." : NULL);
}

/* Signed in, with the session's CSRF token: else 0 and *er to return. */
static int
account_post(struct req *r, struct shop_account *ac, enum souk_err *er)
{
	if (!shop_web_signed_in(r, &bo_auth, ac, er))
		return 0;
	if (!shop_web_csrf_ok(r, &bo_auth)) {
		*er = account_page(r, ac, 403, shop_form_expired, NULL);
		return 0;
	}
	return 1;
}

enum souk_err
bo_page_account_post(struct req *r)
{
	const char		*name = req_param(r, "name");
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	ac.name = name != NULL ? name : "";
	if ((er = shop_account_set_name(app_db(r->app), r->a, r->tenant_id,
	    SHOP_STAFF, ac.id, ac.name)) != SOUK_OK)
		return er;
	return account_page(r, &ac, 200, NULL, "Your name is saved.");
}

enum souk_err
bo_page_password_post(struct req *r)
{
	const char		*cur = req_param(r, "current");
	const char		*pw = req_param(r, "password"), *why, *token;
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!account_post(r, &ac, &er))
		return er;
	er = shop_password_change(app_db(r->app), r->a, r->tenant_id, &ac,
	    cur != NULL ? cur : "", pw != NULL ? pw : "", &why);
	if (er == SOUK_UNAUTHORIZED)
		return account_page(r, &ac, 400, "Your current password is "
		    "not right.", NULL);
	if (er == SOUK_INVALID)
		return account_page(r, &ac, 400, arena_printf(r->a, "Choose "
		    "another password: the %s.", why), NULL);
	if (er != SOUK_OK)
		return er;
	/* Every session ended, this one too: open a new one here. */
	if ((er = shop_session_promote(app_db(r->app), r->a, r->tenant_id,
	    NULL, "cookie", &ac, &token)) != SOUK_OK)
		return er;
	resp_cookie(r, bo_auth.cookie, token, bo_auth.path, -1);
	resp_redirect(r, 303, "/admin/account?changed=1");
	return SOUK_OK;
}

/* ---- sign-in pages ---------------------------------------------------- */

enum souk_err
bo_page_login(struct req *r)
{
	return shop_page_login(r, &bo_auth);
}

enum souk_err
bo_page_login_post(struct req *r)
{
	return shop_page_login_post(r, &bo_auth);
}

enum souk_err
bo_page_logout(struct req *r)
{
	return shop_page_logout(r, &bo_auth);
}

enum souk_err
bo_page_forgot(struct req *r)
{
	return shop_page_forgot(r, &bo_auth);
}

enum souk_err
bo_page_forgot_post(struct req *r)
{
	return shop_page_forgot_post(r, &bo_auth);
}

enum souk_err
bo_page_reset(struct req *r)
{
	return shop_page_link(r, &bo_auth, "password_reset", 200, NULL);
}

enum souk_err
bo_page_reset_post(struct req *r)
{
	return shop_page_link_post(r, &bo_auth, "password_reset");
}

enum souk_err
bo_page_invite(struct req *r)
{
	return shop_page_link(r, &bo_auth, "staff_invitation", 200, NULL);
}

enum souk_err
bo_page_invite_post(struct req *r)
{
	return shop_page_link_post(r, &bo_auth, "staff_invitation");
}
