/*
 * Center pages and API for platform admins: the list (admins.read),
 * invitations, role changes and disabling (admins.write), accepting an
 * invitation, and my account (name, password).  Center sends no mail:
 * an invitation's setup link is shown once to the admin who made it,
 * to hand over by a channel they trust.
 */
#include <string.h>

#include "center/api.h"

static const char *const roles[] = { "owner", "ops", "support", "auditor" };

#define ADMINS_PER_PAGE	50

/* The audit row of a change of admin id by me. */
static void
audit_admin(struct req *r, const struct ctr_admin *me, const char *action,
    int64_t id, const char *k1, const char *v1, const char *k2,
    const char *v2)
{
	ctr_audit_req(r, me, action, arena_printf(r->a, "admin:%lld",
	    (long long)id), k1 != NULL ? ctr_kv_json(r->a, k1, v1, k2, v2) :
	    NULL);
}

static const char *
setup_url(struct req *r, const char *token)
{
	return arena_printf(r->a, "%s/invite?token=%s", req_base_url(r),
	    token);
}

static struct json_object *
row_json(const struct ctr_admin_row *ad, int with_roles)
{
	struct json_object	*o = json_object_new_object(), *list, *e;
	size_t			 i;

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ad->id));
	json_object_object_add(o, "email", json_str(ad->email));
	json_object_object_add(o, "name", json_str(ad->name));
	json_object_object_add(o, "role", json_str(ad->role));
	json_object_object_add(o, "status", json_str(ad->status));
	json_object_object_add(o, "mfa_enabled", json_object_new_boolean(
	    ad->mfa_on));
	json_object_object_add(o, "created_at", json_str(ad->created_at));
	if (!with_roles)
		return o;
	json_object_object_add(o, "is_disabled", json_object_new_boolean(
	    str_eq(ad->status, "disabled")));
	list = json_object_new_array();
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		e = json_object_new_object();
		json_object_object_add(e, "value", json_str(roles[i]));
		json_object_object_add(e, "selected", json_object_new_boolean(
		    str_eq(roles[i], ad->role)));
		json_object_array_add(list, e);
	}
	json_object_object_add(o, "roles", list);
	return o;
}

/* ---- pages ------------------------------------------------------------ */

static enum souk_err
admins_page(struct req *r, const struct ctr_admin *me, int status,
    const char *error, const char *notice, const char *link)
{
	struct json_object	*d = ctr_page_data(r, "Admins", me), *list;
	struct ctr_admin_row	*ads;
	size_t			 n, i;
	int64_t			 page = req_param_i64(r, "page", 1), total;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_admin_page(app_db(r->app), r->a, ADMINS_PER_PAGE,
	    (int)((page - 1) * ADMINS_PER_PAGE), &ads, &n, &total)) !=
	    SOUK_OK)
		return er;
	json_object_object_add(d, "page", json_object_new_int64(page));
	json_object_object_add(d, "pages", json_object_new_int64(total == 0 ?
	    1 : (total + ADMINS_PER_PAGE - 1) / ADMINS_PER_PAGE));
	if (page > 1)
		json_object_object_add(d, "prev", json_str(arena_printf(r->a,
		    "page=%lld", (long long)page - 1)));
	if (page * ADMINS_PER_PAGE < total)
		json_object_object_add(d, "next", json_str(arena_printf(r->a,
		    "page=%lld", (long long)page + 1)));
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, row_json(&ads[i], 1));
	json_object_object_add(d, "admins", list);
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    ctr_can(me, "admins.write")));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	if (link != NULL)
		json_object_object_add(d, "link", json_str(link));
	return resp_html(r, status, "admins", d);
}

/* Signed in with perm, and a POST with its CSRF: else 0 and *er. */
static int
allowed(struct req *r, struct ctr_admin *me, const char *perm,
    enum souk_err *er)
{
	if (!ctr_signed_in(r, me, er))
		return 0;
	if (!ctr_can(me, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this.", me->role);
		*er = SOUK_FORBIDDEN;
		return 0;
	}
	if (r->method == HTTP_POST && !ctr_csrf_ok(r)) {
		*er = admins_page(r, me, 403, r->detail, NULL, NULL);
		return 0;
	}
	return 1;
}

enum souk_err
ctr_page_admins(struct req *r)
{
	struct ctr_admin	 me;
	enum souk_err		 er;

	if (!allowed(r, &me, "admins.read", &er))
		return er;
	return admins_page(r, &me, 200, NULL, NULL, NULL);
}

enum souk_err
ctr_page_admins_invite(struct req *r)
{
	const char		*why, *token, *name = req_param(r, "name");
	struct ctr_admin	 me;
	int64_t			 id;
	enum souk_err		 er;

	if (!allowed(r, &me, "admins.write", &er))
		return er;
	er = ctr_admin_invite(app_db(r->app), r->a, req_param(r, "email"),
	    name != NULL ? name : "", req_param(r, "role"), &why, &id, &token);
	if (er == SOUK_INVALID || er == SOUK_CONFLICT)
		return admins_page(r, &me, er == SOUK_INVALID ? 400 : 409,
		    arena_printf(r->a, "Nobody was invited: %s.", why), NULL,
		    NULL);
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.invite", id, "email", req_param(r,
	    "email"), "role", req_param(r, "role"));
	return admins_page(r, &me, 201, NULL, arena_printf(r->a, "Send this "
	    "setup link to %s by a channel you trust. It works once, for 7 "
	    "days, and is shown only now:", req_param(r, "email")),
	    setup_url(r, token));
}

enum souk_err
ctr_page_admins_change(struct req *r)
{
	struct ctr_admin	 me;
	const char		*why;
	enum souk_err		 er;

	if (!allowed(r, &me, "admins.write", &er))
		return er;
	er = ctr_admin_change(app_db(r->app), r->a, req_path_i64(r, "id"),
	    req_param(r, "role"), req_param(r, "status"), &why);
	if (er == SOUK_INVALID || er == SOUK_CONFLICT)
		return admins_page(r, &me, er == SOUK_INVALID ? 400 : 409,
		    arena_printf(r->a, "Nothing changed: %s.", why), NULL,
		    NULL);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such admin.";
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.change", req_path_i64(r, "id"), "role",
	    req_param(r, "role"), "status", req_param(r, "status"));
	if (req_path_i64(r, "id") == me.id) {	/* my own sessions ended */
		resp_redirect(r, 303, "/login");
		return SOUK_OK;
	}
	return admins_page(r, &me, 200, NULL, "Saved. The admin's sessions "
	    "have ended.", NULL);
}

static enum souk_err
invite_page(struct req *r, int status, const char *error, const char *done)
{
	struct json_object	*d = ctr_page_data(r, "Accept the invitation",
	    NULL);
	const char		*csrf;
	int64_t			 id;

	if (d == NULL)
		return SOUK_ENOMEM;
	if (done != NULL)
		json_object_object_add(d, "notice", json_str(done));
	else if (!ctr_invite_valid(app_db(r->app), r->a, req_param(r,
	    "token"), &id)) {
		error = "This link is unknown, used or expired.";
		status = 410;
	} else if ((csrf = sec_random_hex(r->a, "", 16)) != NULL) {
		resp_cookie(r, "souk_center_invite", csrf, "/invite", 3600);
		json_object_object_add(d, "csrf", json_str(csrf));
		json_object_object_add(d, "token", json_str(req_param(r,
		    "token")));
		json_object_object_add(d, "form", json_object_new_boolean(1));
	}
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	return resp_html(r, status, "invite", d);
}

enum souk_err
ctr_page_invite(struct req *r)
{
	return invite_page(r, 200, NULL, NULL);
}

enum souk_err
ctr_page_invite_post(struct req *r)
{
	const char	*why;
	enum souk_err	 er;

	if (!sec_equal(req_param(r, "csrf"), req_cookie(r,
	    "souk_center_invite")))
		return invite_page(r, 403, "The form had expired. Please try "
		    "again.", NULL);
	er = ctr_invite_accept(app_db(r->app), r->a, req_param(r, "token"),
	    req_param(r, "password"), req_param(r, "name"), &why);
	if (er == SOUK_INVALID)
		return invite_page(r, 400, arena_printf(r->a, "Please check: "
		    "the %s.", why), NULL);
	if (er == SOUK_NOTFOUND)
		return invite_page(r, 410, NULL, NULL);
	if (er != SOUK_OK)
		return er;
	return invite_page(r, 200, NULL, "Your account is ready: sign in "
	    "with your e-mail address and the password you chose.");
}

/* ---- my account ------------------------------------------------------- */

static enum souk_err
account_page(struct req *r, const struct ctr_admin *me, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = ctr_page_data(r, "My account", me);

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "email", json_str(me->email));
	json_object_object_add(d, "name", json_str(me->name));
	json_object_object_add(d, "role", json_str(me->role));
	json_object_object_add(d, "mfa_on", json_object_new_boolean(
	    me->mfa_on));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	return resp_html(r, status, "account", d);
}

enum souk_err
ctr_page_account(struct req *r)
{
	struct ctr_admin	 me;
	enum souk_err		 er;

	if (!ctr_signed_in(r, &me, &er))
		return er;
	return account_page(r, &me, 200, NULL, NULL);
}

enum souk_err
ctr_page_account_post(struct req *r)
{
	const char		*name = req_param(r, "name");
	struct ctr_admin	 me;
	enum souk_err		 er;

	if (!ctr_signed_in(r, &me, &er))
		return er;
	if (!ctr_csrf_ok(r))
		return account_page(r, &me, 403, r->detail, NULL);
	me.name = name != NULL ? name : "";
	if ((er = ctr_admin_set_name(app_db(r->app), r->a, me.id, me.name)) !=
	    SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.name", me.id, "name", me.name, NULL, NULL);
	return account_page(r, &me, 200, NULL, "Your name is saved.");
}

enum souk_err
ctr_page_password_post(struct req *r)
{
	struct ctr_admin	 me;
	const char		*why;
	enum souk_err		 er;

	if (!ctr_signed_in(r, &me, &er))
		return er;
	if (!ctr_csrf_ok(r))
		return account_page(r, &me, 403, r->detail, NULL);
	er = ctr_password_change(app_db(r->app), r->a, me.id, req_param(r,
	    "current"), req_param(r, "password"), &why);
	if (er == SOUK_UNAUTHORIZED)
		return account_page(r, &me, 400, "Your current password is "
		    "not right.", NULL);
	if (er == SOUK_INVALID)
		return account_page(r, &me, 400, arena_printf(r->a, "Choose "
		    "another password: the %s.", why), NULL);
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.password", me.id, NULL, NULL, NULL, NULL);
	/* Every session has ended, this one too: sign in again. */
	resp_cookie(r, CTR_SESSION_COOKIE, "", "/", 0);
	resp_redirect(r, 303, "/login");
	return SOUK_OK;
}

/* ---- JSON API --------------------------------------------------------- */

enum souk_err
ctr_api_admins(struct req *r)
{
	struct ctr_admin	 me;
	struct ctr_admin_row	*ads;
	struct json_object	*o, *items;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &me, "admins.read")) != SOUK_OK ||
	    (er = ctr_admin_list(app_db(r->app), r->a, &ads, &n)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, row_json(&ads[i], 0));
	json_object_object_add(o, "items", items);
	return resp_json(r, 200, o);
}

/* One admin as JSON; link (may be NULL) is an invitation's setup_url. */
static enum souk_err
admin_one(struct req *r, int status, int64_t id, const char *link)
{
	struct ctr_admin_row	 ad;
	struct json_object	*o;
	enum souk_err		 er;

	er = ctr_admin_get(app_db(r->app), r->a, id, &ad);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such admin.";
	if (er != SOUK_OK)
		return er;
	if ((o = row_json(&ad, 0)) != NULL && link != NULL)
		json_object_object_add(o, "setup_url", json_str(link));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, status, o);
}

enum souk_err
ctr_api_admin(struct req *r)
{
	struct ctr_admin	 me;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &me, "admins.read")) != SOUK_OK)
		return er;
	return admin_one(r, 200, req_path_i64(r, "id"), NULL);
}

/* The field a message of people.c is about: its first word. */
static enum souk_err
field_error(struct req *r, const char *why)
{
	return req_field_error(r, arena_strndup(r->a, why, strcspn(why,
	    " ")), why);
}

enum souk_err
ctr_api_admin_invite(struct req *r)
{
	const char		*why, *token, *name = req_json_str(r, "name");
	struct ctr_admin	 me;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &me, "admins.write")) != SOUK_OK)
		return er;
	er = ctr_admin_invite(app_db(r->app), r->a, req_json_str(r, "email"),
	    name != NULL ? name : "", req_json_str(r, "role"), &why, &id,
	    &token);
	if (er == SOUK_INVALID)
		return field_error(r, why);
	if (er == SOUK_CONFLICT)
		r->detail = why;
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.invite", id, "email", req_json_str(r,
	    "email"), "role", req_json_str(r, "role"));
	resp_header(r, "Location", arena_printf(r->a, "/api/v1/admins/%lld",
	    (long long)id));
	return admin_one(r, 201, id, setup_url(r, token));
}

enum souk_err
ctr_api_admin_change(struct req *r)
{
	struct ctr_admin	 me;
	const char		*why;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &me, "admins.write")) != SOUK_OK)
		return er;
	er = ctr_admin_change(app_db(r->app), r->a, req_path_i64(r, "id"),
	    req_json_str(r, "role"), req_json_str(r, "status"), &why);
	if (er == SOUK_INVALID)
		return field_error(r, why);
	if (er == SOUK_CONFLICT)
		r->detail = why;
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such admin.";
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.change", req_path_i64(r, "id"), "role",
	    req_json_str(r, "role"), "status", req_json_str(r, "status"));
	return admin_one(r, 200, req_path_i64(r, "id"), NULL);
}

enum souk_err
ctr_api_invite_accept(struct req *r)
{
	const char	*why;
	enum souk_err	 er;

	er = ctr_invite_accept(app_db(r->app), r->a, req_json_str(r, "token"),
	    req_json_str(r, "password"), req_json_str(r, "name"), &why);
	if (er == SOUK_INVALID)
		return field_error(r, why);
	if (er == SOUK_NOTFOUND)
		return req_field_error(r, "token", "this link is unknown, used "
		    "or expired");
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
ctr_api_me_update(struct req *r)
{
	const char		*name = req_json_str(r, "name");
	struct ctr_admin	 me;
	enum souk_err		 er;

	if (name == NULL || !valid_check(VALID_LINE, name, 0, 255))
		return req_field_error(r, "name",
		    "required, at most 255 characters on one line");
	if ((er = ctr_authenticate(r, &me, NULL)) != SOUK_OK ||
	    (er = ctr_admin_set_name(app_db(r->app), r->a, me.id, name)) !=
	    SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.name", me.id, "name", name, NULL, NULL);
	me.name = name;
	return ctr_api_me_json(r, &me);
}

enum souk_err
ctr_api_password(struct req *r)
{
	struct ctr_admin	 me;
	const char		*why;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &me, NULL)) != SOUK_OK)
		return er;
	er = ctr_password_change(app_db(r->app), r->a, me.id,
	    req_json_str(r, "current"), req_json_str(r, "password"), &why);
	if (er == SOUK_UNAUTHORIZED)
		return req_field_error(r, "current", "wrong password");
	if (er == SOUK_INVALID)
		return req_field_error(r, "password", why);
	if (er != SOUK_OK)
		return er;
	audit_admin(r, &me, "admin.password", me.id, NULL, NULL, NULL, NULL);
	return resp_empty(r, 204);
}
