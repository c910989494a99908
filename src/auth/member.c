/*
 * Members with roles: a shop's staff, the platform's admins.  They are
 * invited (an account without a password and a link to choose one),
 * change role, are disabled and enabled again; each change ends their
 * sessions in its transaction.  The last-owner rule: a change that
 * would leave no active owner is refused, with every active owner
 * locked so that two owners cannot demote each other at once.  A plane
 * with a limit of members (the plan's max_staff) checks it with its
 * room hook inside the transaction that adds or enables one.
 */
#include <string.h>

#include <json-c/json.h>

#include "auth/auth_int.h"

static void
member_row(const struct db_res *res, size_t i, struct auth_member *m)
{
	m->id = db_cell_i64(res, i, 0);
	m->email = db_cell(res, i, 1);
	m->name = db_cell(res, i, 2) != NULL ? db_cell(res, i, 2) : "";
	m->role = db_cell(res, i, 3);
	m->status = db_cell(res, i, 4);
	m->mfa_on = (int)db_cell_i64(res, i, 5);
	m->created_at = db_cell(res, i, 6);
}

enum souk_err
auth_members(const struct auth_cx *cx, int limit, int offset,
    struct auth_member **out, size_t *n, int64_t *total)
{
	struct db_arg	 v[3];
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i, nv = 0;

	*n = 0;
	*total = 0;
	if (cx->p->scoped)
		v[nv++] = DB_I(cx->tenant);
	v[nv++] = DB_I(limit);
	v[nv++] = DB_I(offset);
	if ((er = db_exec(cx->db, cx->a, cx->p->st[AUTH_ST_MEMBERS], v, nv,
	    &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(cx->a, (res.nrows + 1) * sizeof(**out))) ==
	    NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		member_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	*total = res.nrows > 0 ? db_cell_i64(&res, 0, 7) : 0;
	return SOUK_OK;
}

enum souk_err
auth_member(const struct auth_cx *cx, int64_t id, struct auth_member *out)
{
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = auth_exec(cx, AUTH_ST_MEMBER, NULL, 0, id, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	member_row(&res, 0, out);
	return SOUK_OK;
}

struct invite {
	const struct auth_cx	*cx;
	const char		*email, *name, *role;
	int64_t			 max;
	struct souk_why		*why;
	int64_t			 id;
	const char		*token;
};

/* Within the limit: the account, invited, and its link. */
static enum souk_err
invite_tx(struct db *db, void *arg)
{
	struct invite	*v = arg;
	struct auth_cx	 cx = *v->cx;
	enum souk_err	 er;

	cx.db = db;
	if (cx.p->room != NULL && (er = cx.p->room(db, cx.a, cx.tenant,
	    v->max, v->why)) != SOUK_OK)
		return er;
	if ((er = auth_account_create(&cx, v->email, v->name, v->role, NULL,
	    v->why, &v->id)) != SOUK_OK)
		return er;
	return auth_link_new(&cx, v->id, cx.p->invite_purpose,
	    AUTH_INVITE_TTL_S, &v->token);
}

enum souk_err
auth_member_invite(const struct auth_cx *cx, const char *email,
    const char *name, const char *role, int64_t max, struct souk_why *why,
    int64_t *id, const char **token)
{
	struct invite	 v = { cx, email, name, role, max, why, 0, NULL };
	enum souk_err	 er;

	if ((er = db_tx(cx->db, invite_tx, &v)) == SOUK_CONFLICT)
		souk_why_set(why, er, "email", cx->p->kind == AUTH_ADMIN ?
		    N_("an admin with this e-mail address exists") :
		    N_("a member with this e-mail address exists"));
	*id = v.id;
	*token = v.token;
	return er;
}

struct change {
	const struct auth_cx	*cx;
	int64_t			 id;
	const char		*role;
	const char		*status;
	int64_t			 max;
	struct souk_why		*why;
};

/* 1 if the change takes away the last active owner. */
static int
last_owner(const struct auth_cx *cx, const struct change *c,
    const struct auth_member *m)
{
	struct db_res	 res;
	int		 demoted;

	demoted = (c->role != NULL && !str_eq(c->role, "owner")) ||
	    str_eq(c->status, "disabled");
	if (!str_eq(m->role, "owner") || !str_eq(m->status, "active") ||
	    !demoted)
		return 0;
	/* Locks every active owner: two owners cannot demote each other. */
	if (auth_exec(cx, AUTH_ST_OWNERS_LOCK, NULL, 0, 0, &res) != SOUK_OK)
		return 1;
	return res.nrows <= 1;
}

static enum souk_err
change_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct auth_cx		 cx = *c->cx;
	struct auth_member	 m;
	enum souk_err		 er;

	cx.db = db;
	if ((er = auth_member(&cx, c->id, &m)) != SOUK_OK)
		return er;
	if (last_owner(&cx, c, &m))
		return souk_why_set(c->why, SOUK_CONFLICT, "role",
		    cx.p->kind == AUTH_ADMIN ?
		    N_("the platform needs at least one active owner") :
		    N_("the shop needs at least one active owner"));
	if (str_eq(m.status, "disabled") && str_eq(c->status, "active") &&
	    cx.p->room != NULL &&
	    (er = cx.p->room(db, cx.a, cx.tenant, c->max, c->why)) != SOUK_OK)
		return er;
	if (c->role != NULL) {
		struct db_arg v = DB_S(c->role);

		if ((er = auth_exec(&cx, AUTH_ST_ROLE, &v, 1, c->id, NULL)) !=
		    SOUK_OK)
			return er;
	}
	if (c->status != NULL) {
		struct db_arg v = DB_I(str_eq(c->status, "disabled"));

		if ((er = auth_exec(&cx, AUTH_ST_STATUS, &v, 1, c->id,
		    NULL)) != SOUK_OK)
			return er;
	}
	return auth_sessions_end(&cx, c->id);
}

enum souk_err
auth_member_change(const struct auth_cx *cx, int64_t id, const char *role,
    const char *status, int64_t max, struct souk_why *why)
{
	struct change	 c = { cx, id, role, status, max, why };
	enum souk_err	 er;

	if (role != NULL && !auth_role_ok(cx->p, role))
		return auth_why_role(cx, why);
	if (status != NULL && !str_eq(status, "active") &&
	    !str_eq(status, "disabled"))
		return souk_why_set(why, SOUK_INVALID, "status",
		    N_("must be active or disabled"));
	if ((er = db_tx(cx->db, change_tx, &c)) == SOUK_OK)
		auth_sessions_stale(cx);	/* after the commit too */
	return er;
}

struct json_object *
auth_member_json(const struct auth_plane *p, const struct auth_member *m,
    int roles)
{
	struct json_object	*o = json_object_new_object(), *list, *e;
	const char *const	*r;

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(m->id));
	json_object_object_add(o, "email", json_str(m->email));
	json_object_object_add(o, "name", json_str(m->name));
	json_object_object_add(o, "role", json_str(m->role));
	json_object_object_add(o, "status", json_str(m->status));
	json_object_object_add(o, "mfa_enabled", json_object_new_boolean(
	    m->mfa_on));
	json_object_object_add(o, "created_at", json_str(m->created_at));
	if (!roles)
		return o;
	json_object_object_add(o, "is_invited", json_object_new_boolean(
	    str_eq(m->status, "invited")));
	json_object_object_add(o, "is_disabled", json_object_new_boolean(
	    str_eq(m->status, "disabled")));
	list = json_object_new_array();
	for (r = p->roles; r != NULL && *r != NULL; r++) {
		e = json_object_new_object();
		json_object_object_add(e, "value", json_str(*r));
		json_object_object_add(e, "selected", json_object_new_boolean(
		    str_eq(*r, m->role)));
		json_object_array_add(list, e);
	}
	json_object_object_add(o, "roles", list);
	return o;
}
