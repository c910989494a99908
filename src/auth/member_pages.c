/*
 * Members (a shop's staff, the platform's admins) as pages and as JSON:
 * the list, invitations, role changes and disabling, and a new
 * invitation for one who has not accepted yet.  A plane that mails
 * invitations (the invite hook) sends the link; one that does not shows
 * it once to the member who made it, to hand over by a channel they
 * trust.
 */
#include <string.h>

#include "auth/auth_int.h"

#define MEMBERS_PER_PAGE	50	/* newest first */

/* The plan's limit of members (0: none). */
static int64_t
max_members(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);

	return p->max_members != NULL ? p->max_members(r) : 0;
}

static const char *
inviter_of(const struct auth_account *ac)
{
	return *ac->name != '\0' ? ac->name : ac->email;
}

/* Mail the invitation, or make its link to show: 1 if it went. */
static int
invite_out(struct req *r, const struct auth_member *m, const char *token,
    const char **link)
{
	const struct auth_plane	*p = auth_plane_of(r);

	*link = auth_link_url(r, p->url_invite, token);
	if (p->invite == NULL)
		return 0;
	*link = NULL;
	return p->invite(r, m, token, inviter_of(auth_of(r))) == SOUK_OK;
}

/* ---- pages ------------------------------------------------------------ */

static void
pages_add(struct req *r, struct json_object *d, int64_t page, int64_t total)
{
	json_object_object_add(d, "page", json_object_new_int64(page));
	json_object_object_add(d, "pages", json_object_new_int64(total == 0 ?
	    1 : (total + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE));
	if (page > 1)
		json_object_object_add(d, "prev", json_str(arena_printf(r->a,
		    "page=%lld", (long long)page - 1)));
	if (page * MEMBERS_PER_PAGE < total)
		json_object_object_add(d, "next", json_str(arena_printf(r->a,
		    "page=%lld", (long long)page + 1)));
}

static enum souk_err
members_page(struct req *r, int status, const char *error,
    const char *notice, const char *link)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct json_object	*d = auth_page_data(r, p->kind == AUTH_ADMIN ?
	    N_("Admins") : N_("Staff"), error, notice), *list;
	int64_t			 page = req_param_i64(r, "page", 1), total;
	struct auth_member	*ms;
	struct auth_cx		 cx;
	size_t			 n, i;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_members(&cx, MEMBERS_PER_PAGE, (int)((page - 1) *
	    MEMBERS_PER_PAGE), &ms, &n, &total)) != SOUK_OK)
		return er;
	pages_add(r, d, page, total);
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, auth_member_json(p, &ms[i], 1));
	json_object_object_add(d, p->members_key, list);
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    auth_can(auth_of(r), p->member_write)));
	if (link != NULL)
		json_object_object_add(d, "link", json_str(link));
	return auth_page_show(r, status, p->tmpl.members, d);
}

enum souk_err
auth_page_members(struct req *r)
{
	return members_page(r, 200, NULL, NULL, NULL);
}

/* The audit row of a change of member id. */
static void
member_audit(struct req *r, const char *action, int64_t id, const char *k1,
    const char *v1, const char *k2, const char *v2)
{
	auth_audit(r, auth_of(r), action, arena_printf(r->a, "%s:%lld",
	    auth_plane_of(r)->name, (long long)id), json_kv_text(r->a, k1, v1,
	    k2, v2));
}

enum souk_err
auth_page_member_invite(struct req *r)
{
	const char		*email = req_param(r, "email"), *msg, *token;
	const char		*name = req_param(r, "name"), *link;
	struct auth_member	 m;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	int			 status;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_member_invite(&cx, email, name != NULL ? name : "",
	    req_param(r, "role"), max_members(r), &why, &m.id, &token);
	if (resp_form_error(r, er, N_("Nobody was invited"), &why, &status,
	    &msg))
		return members_page(r, status, msg, NULL, NULL);
	if (er != SOUK_OK || (er = auth_member(&cx, m.id, &m)) != SOUK_OK)
		return er;
	member_audit(r, ".invite", m.id, "email", m.email, "role", m.role);
	if (invite_out(r, &m, token, &link))
		return members_page(r, 200, NULL, req_trf(r,
		    N_("An invitation is on its way to {email}."), "email",
		    m.email, NULL), NULL);
	if (link == NULL)
		return members_page(r, 200, NULL, N_("The member is added, "
		    "but the invitation could not be sent just now: send it "
		    "again later."), NULL);
	return members_page(r, 201, NULL, req_trf(r, N_("Send this setup "
	    "link to {email} by a channel you trust. It works once, for 7 "
	    "days, and is shown only now:"), "email", m.email, NULL), link);
}

enum souk_err
auth_page_member_change(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	int64_t			 id = req_path_i64(r, "id");
	const char		*msg;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	int			 status;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_member_change(&cx, id, req_param(r, "role"),
	    req_param(r, "status"), max_members(r), &why);
	if (resp_form_error(r, er, N_("Nothing changed"), &why, &status,
	    &msg))
		return members_page(r, status, msg, NULL, NULL);
	if (er == SOUK_NOTFOUND)
		r->detail = N_("There is no such member.");
	if (er != SOUK_OK)
		return er;
	member_audit(r, ".change", id, "role", req_param(r, "role"), "status",
	    req_param(r, "status"));
	if (id == auth_of(r)->id) {	/* my own sessions ended */
		resp_redirect(r, 303, p->url_login);
		return SOUK_OK;
	}
	return members_page(r, 200, NULL, N_("Saved. The member's sessions "
	    "have ended."), NULL);
}

/* A new link for a member still invited (SOUK_NOTFOUND otherwise). */
static enum souk_err
reinvite(struct req *r, struct auth_member *m, const char **token)
{
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_member(&cx, req_path_i64(r, "id"), m);
	if (er == SOUK_OK && !str_eq(m->status, "invited"))
		er = SOUK_NOTFOUND;
	if (er == SOUK_NOTFOUND)
		r->detail = N_("There is no pending invitation for this "
		    "member.");
	if (er != SOUK_OK)
		return er;
	return auth_link_new(&cx, m->id, cx.p->invite_purpose,
	    AUTH_INVITE_TTL_S, token);
}

enum souk_err
auth_page_member_reinvite(struct req *r)
{
	struct auth_member	 m;
	const char		*token, *link;
	enum souk_err		 er;

	if ((er = reinvite(r, &m, &token)) != SOUK_OK)
		return er;
	if (!invite_out(r, &m, token, &link) && link == NULL)
		return members_page(r, 503, N_("The invitation could not be "
		    "sent just now. Please try again later."), NULL, NULL);
	return members_page(r, 200, NULL, link != NULL ? N_("A new setup "
	    "link, shown only now:") : req_trf(r, N_("A new invitation is "
	    "on its way to {email}."), "email", m.email, NULL), link);
}

/* ---- JSON API --------------------------------------------------------- */

enum souk_err
auth_api_members(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct json_object	*o, *items;
	struct auth_member	*ms;
	struct auth_cx		 cx;
	size_t			 n, i;
	int64_t			 total;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_members(&cx, 10000, 0, &ms, &n, &total)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, auth_member_json(p, &ms[i], 0));
	json_object_object_add(o, "items", items);
	return resp_json(r, 200, o);
}

/* One member as JSON, with what became of an invitation (sent >= 0). */
static enum souk_err
member_one(struct req *r, int status, int64_t id, int sent,
    const char *link)
{
	struct auth_member	 m;
	struct json_object	*o;
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if ((er = auth_member(&cx, id, &m)) == SOUK_NOTFOUND)
		r->detail = "There is no such member.";
	if (er != SOUK_OK)
		return er;
	if ((o = auth_member_json(cx.p, &m, 0)) == NULL)
		return SOUK_ENOMEM;
	if (sent >= 0 && cx.p->invite != NULL)
		json_object_object_add(o, "invitation_sent",
		    json_object_new_boolean(sent));
	if (link != NULL)
		json_object_object_add(o, "setup_url", json_str(link));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, status, o);
}

enum souk_err
auth_api_member(struct req *r)
{
	return member_one(r, 200, req_path_i64(r, "id"), -1, NULL);
}

enum souk_err
auth_api_member_invite(struct req *r)
{
	const char		*name = req_json_str(r, "name"), *token, *link;
	struct auth_member	 m;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	int			 sent;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_member_invite(&cx, req_json_str(r, "email"), name != NULL ?
	    name : "", req_json_str(r, "role"), max_members(r), &why, &m.id,
	    &token);
	if (er != SOUK_OK || (er = auth_member(&cx, m.id, &m)) != SOUK_OK)
		return req_why(r, er, &why);
	member_audit(r, ".invite", m.id, "email", m.email, "role", m.role);
	sent = invite_out(r, &m, token, &link);
	resp_header(r, "Location", arena_printf(r->a, "%s/%lld",
	    cx.p->api_members, (long long)m.id));
	return member_one(r, 201, m.id, sent, link);
}

enum souk_err
auth_api_member_change(struct req *r)
{
	int64_t		 id = req_path_i64(r, "id");
	struct souk_why	 why = { NULL, NULL };
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_member_change(&cx, id, req_json_str(r, "role"),
	    req_json_str(r, "status"), max_members(r), &why);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such member.";
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	member_audit(r, ".change", id, "role", req_json_str(r, "role"),
	    "status", req_json_str(r, "status"));
	return member_one(r, 200, id, -1, NULL);
}
