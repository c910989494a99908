/*
 * A shop's staff: the list (staff.read), invitations, role changes and
 * disabling (staff.write), as pages and as the JSON API, plus the staff
 * sign-in API.  A role change or disabling ends the member's sessions at
 * once; the shop always keeps an active owner.
 */
#include <string.h>

#include "backoffice/backoffice.h"

static const char *const roles[] = { "owner", "manager", "staff" };

/* The plan's max_staff: members not disabled count. */
static int64_t
max_staff(struct req *r)
{
	return shop_feature_limit(shop_features(&r->app->conf, app_db(r->app),
	    r->app->cache, r->a, r->tenant_id), "max_staff");
}

struct invite {
	struct req	*r;
	const char	*email, *role, *name, *why;
	int64_t		 max, id;
};

/* Within max_staff, under the tenant's lock: the account, invited. */
static enum souk_err
invite_tx(struct db *db, void *arg)
{
	struct invite	*v = arg;
	enum souk_err	 er;

	if ((er = shop_staff_room(db, v->r->a, v->r->tenant_id, v->max,
	    &v->why)) != SOUK_OK)
		return er;
	return shop_account_create(db, v->r->a, v->r->tenant_id, SHOP_STAFF,
	    v->email, v->name, v->role, NULL, &v->why, &v->id);
}

enum souk_err
bo_invite(struct req *r, const struct shop_account *inviter,
    const char *email, const char *role, const char *name, const char **why,
    int64_t *id, int *sent)
{
	struct invite	 v = { r, email, role, name, NULL, max_staff(r), 0 };
	enum souk_err	 er;

	*sent = 0;
	if (name == NULL || !valid_check(VALID_LINE, name, 0, 200)) {
		*why = "name has at most 200 characters on one line";
		return SOUK_INVALID;
	}
	er = db_tx(app_db(r->app), invite_tx, &v);
	*why = v.why;
	*id = v.id;
	if (er == SOUK_CONFLICT)
		*why = "a member with this e-mail address exists";
	if (er != SOUK_OK)
		return er;
	*sent = shop_web_send_invite(r, *id, email, role, *inviter->name !=
	    '\0' ? inviter->name : inviter->email) == SOUK_OK;
	return SOUK_OK;
}

/* ---- pages ------------------------------------------------------------ */

static struct json_object *
staff_json(const struct shop_staff *s, int with_roles)
{
	struct json_object	*o = json_object_new_object(), *list, *e;
	size_t			 i;

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(s->id));
	json_object_object_add(o, "email", json_str(s->email));
	json_object_object_add(o, "name", json_str(s->name));
	json_object_object_add(o, "role", json_str(s->role));
	json_object_object_add(o, "status", json_str(s->status));
	json_object_object_add(o, "created_at", json_str(s->created_at));
	if (!with_roles)
		return o;
	json_object_object_add(o, "is_invited", json_object_new_boolean(
	    str_eq(s->status, "invited")));
	json_object_object_add(o, "is_disabled", json_object_new_boolean(
	    str_eq(s->status, "disabled")));
	list = json_object_new_array();
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		e = json_object_new_object();
		json_object_object_add(e, "value", json_str(roles[i]));
		json_object_object_add(e, "selected", json_object_new_boolean(
		    str_eq(roles[i], s->role)));
		json_object_array_add(list, e);
	}
	json_object_object_add(o, "roles", list);
	return o;
}

static enum souk_err
staff_page(struct req *r, const struct shop_account *ac, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = bo_page_data(r, "Staff", ac), *list;
	struct shop_staff	*st;
	size_t			 n, i;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = shop_staff_list(app_db(r->app), r->a, r->tenant_id, &st,
	    &n)) != SOUK_OK)
		return er;
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, staff_json(&st[i], 1));
	json_object_object_add(d, "staff", list);
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    shop_can(ac, "staff.write")));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	return resp_html(r, status, "staff", d);
}

/*
 * Signed in with perm (a page of 403 if not), and for a POST the
 * session's CSRF token: else 0 and *er to return.
 */
static int
staff_allowed(struct req *r, struct shop_account *ac, const char *perm,
    enum souk_err *er)
{
	if (!shop_web_signed_in(r, &bo_auth, ac, er))
		return 0;
	if (!shop_can(ac, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this.", ac->role);
		*er = SOUK_FORBIDDEN;
		return 0;
	}
	if (r->method == HTTP_POST && !shop_web_csrf_ok(r, &bo_auth)) {
		*er = staff_page(r, ac, 403, shop_form_expired, NULL);
		return 0;
	}
	return 1;
}

enum souk_err
bo_page_staff(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if (!staff_allowed(r, &ac, "staff.read", &er))
		return er;
	return staff_page(r, &ac, 200, NULL, NULL);
}

enum souk_err
bo_page_staff_invite(struct req *r)
{
	const char		*email = req_param(r, "email"), *why;
	const char		*name = req_param(r, "name");
	struct shop_account	 ac;
	int64_t			 id;
	int			 sent;
	enum souk_err		 er;

	if (!staff_allowed(r, &ac, "staff.write", &er))
		return er;
	er = bo_invite(r, &ac, email != NULL ? email : "", req_param(r,
	    "role"), name != NULL ? name : "", &why, &id, &sent);
	if (er == SOUK_INVALID || er == SOUK_CONFLICT || er == SOUK_FORBIDDEN)
		return staff_page(r, &ac, er == SOUK_INVALID ? 400 :
		    er == SOUK_FORBIDDEN ? 403 : 409, arena_printf(r->a,
		    "Nobody was invited: %s.", why), NULL);
	if (er != SOUK_OK)
		return er;
	return staff_page(r, &ac, 200, NULL, sent ? arena_printf(r->a,
	    "An invitation is on its way to %s.", email) : "The member is "
	    "added, but the invitation could not be sent just now: send it "
	    "again later.");
}

enum souk_err
bo_page_staff_change(struct req *r)
{
	struct shop_account	 ac;
	const char		*why;
	enum souk_err		 er;

	if (!staff_allowed(r, &ac, "staff.write", &er))
		return er;
	er = shop_staff_change(app_db(r->app), r->a, r->tenant_id,
	    req_path_i64(r, "id"), req_param(r, "role"),
	    req_param(r, "status"), max_staff(r), &why);
	if (er == SOUK_INVALID || er == SOUK_CONFLICT || er == SOUK_FORBIDDEN)
		return staff_page(r, &ac, er == SOUK_INVALID ? 400 :
		    er == SOUK_CONFLICT ? 409 : 403, arena_printf(r->a,
		    "Nothing changed: %s.", why), NULL);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such member in this shop.";
	if (er != SOUK_OK)
		return er;
	return staff_page(r, &ac, 200, NULL, "Saved. The member's sessions "
	    "have ended.");
}

enum souk_err
bo_page_staff_reinvite(struct req *r)
{
	struct shop_account	 ac;
	struct shop_staff	 s;
	enum souk_err		 er;

	if (!staff_allowed(r, &ac, "staff.write", &er))
		return er;
	er = shop_staff_get(app_db(r->app), r->a, r->tenant_id,
	    req_path_i64(r, "id"), &s);
	if (er == SOUK_OK && !str_eq(s.status, "invited"))
		er = SOUK_NOTFOUND;
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no pending invitation for this member.";
	if (er != SOUK_OK)
		return er;
	if (shop_web_send_invite(r, s.id, s.email, s.role, *ac.name != '\0' ?
	    ac.name : ac.email) != SOUK_OK)
		return staff_page(r, &ac, 503, "The invitation could not be "
		    "sent just now. Please try again later.", NULL);
	return staff_page(r, &ac, 200, NULL, arena_printf(r->a, "A new "
	    "invitation is on its way to %s.", s.email));
}

/* ---- JSON API --------------------------------------------------------- */

enum souk_err
bo_api_token_create(struct req *r)
{
	return shop_api_token_create(r, SHOP_STAFF);
}

enum souk_err
bo_api_token_delete(struct req *r)
{
	return shop_api_token_delete(r, SHOP_STAFF);
}

enum souk_err
bo_api_me(struct req *r)
{
	return shop_api_me(r, SHOP_STAFF);
}

enum souk_err
bo_api_me_update(struct req *r)
{
	return shop_api_me_update(r, SHOP_STAFF);
}

enum souk_err
bo_api_password_forgot(struct req *r)
{
	return shop_api_password_forgot(r, &bo_auth);
}

enum souk_err
bo_api_password_reset(struct req *r)
{
	return shop_api_password_set(r, SHOP_STAFF, "password_reset");
}

enum souk_err
bo_api_invitation_accept(struct req *r)
{
	return shop_api_password_set(r, SHOP_STAFF, "staff_invitation");
}

enum souk_err
bo_api_staff_list(struct req *r)
{
	struct shop_account	 ac;
	struct shop_staff	*st;
	struct json_object	*o, *items;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, "staff.read", &ac)) !=
	    SOUK_OK || (er = shop_staff_list(app_db(r->app), r->a,
	    r->tenant_id, &st, &n)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, staff_json(&st[i], 0));
	json_object_object_add(o, "items", items);
	return resp_json(r, 200, o);
}

/* One member as JSON; sent >= 0 adds whether the invitation went. */
static enum souk_err
staff_one(struct req *r, int status, int64_t id, int sent)
{
	struct json_object	*o;
	struct shop_staff	 s;
	enum souk_err		 er;

	er = shop_staff_get(app_db(r->app), r->a, r->tenant_id, id, &s);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such member in this shop.";
	if (er != SOUK_OK)
		return er;
	if ((o = staff_json(&s, 0)) != NULL && sent >= 0)
		json_object_object_add(o, "invitation_sent",
		    json_object_new_boolean(sent));
	return resp_json(r, status, o);
}

enum souk_err
bo_api_staff_get(struct req *r)
{
	struct shop_account	 ac;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, "staff.read", &ac)) !=
	    SOUK_OK)
		return er;
	return staff_one(r, 200, req_path_i64(r, "id"), -1);
}

enum souk_err
bo_api_staff_invite(struct req *r)
{
	const char		*email = req_json_str(r, "email"), *why;
	const char		*role = req_json_str(r, "role");
	const char		*name = req_json_str(r, "name");
	struct shop_account	 ac;
	int64_t			 id;
	int			 sent;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, "staff.write", &ac)) !=
	    SOUK_OK)
		return er;
	er = bo_invite(r, &ac, email != NULL ? email : "", role, name !=
	    NULL ? name : "", &why, &id, &sent);
	if (er == SOUK_INVALID)
		return req_field_error(r, str_has_prefix(why, "role") ? "role" :
		    str_has_prefix(why, "name") ? "name" : "email", why);
	if (er == SOUK_CONFLICT || er == SOUK_FORBIDDEN)
		r->detail = why;
	if (er != SOUK_OK)
		return er;
	resp_header(r, "Location", arena_printf(r->a,
	    "/admin/api/v1/staff/%lld", (long long)id));
	return staff_one(r, 201, id, sent);
}

enum souk_err
bo_api_staff_change(struct req *r)
{
	struct shop_account	 ac;
	const char		*why;
	enum souk_err		 er;

	if ((er = shop_web_api_account(r, SHOP_STAFF, "staff.write", &ac)) !=
	    SOUK_OK)
		return er;
	er = shop_staff_change(app_db(r->app), r->a, r->tenant_id,
	    req_path_i64(r, "id"), req_json_str(r, "role"),
	    req_json_str(r, "status"), max_staff(r), &why);
	if (er == SOUK_INVALID)
		return req_field_error(r, str_has_prefix(why, "role") ? "role" :
		    "status", why);
	if (er == SOUK_CONFLICT || er == SOUK_FORBIDDEN)
		r->detail = why;
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such member in this shop.";
	if (er != SOUK_OK)
		return er;
	return staff_one(r, 200, req_path_i64(r, "id"), -1);
}
