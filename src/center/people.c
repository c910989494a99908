/*
 * Managing platform admins: the list, invitations with a single-use
 * setup link, role changes and disabling (which end the admin's
 * sessions at once; the platform always keeps an active owner), and
 * one's own name and password.
 */
#include <string.h>

#include "center/center.h"
#include "sec/sec.h"

static void
admin_row(const struct db_res *res, size_t i, struct ctr_admin_row *o)
{
	o->id = db_cell_i64(res, i, 0);
	o->email = db_cell(res, i, 1);
	o->name = db_cell(res, i, 2);
	o->role = db_cell(res, i, 3);
	o->status = db_cell(res, i, 4);
	o->mfa_on = (int)db_cell_i64(res, i, 5);
	o->created_at = db_cell(res, i, 6);
}

static enum souk_err
admin_rows(struct db *db, struct arena *a, int stmt, const struct db_arg *args,
    size_t nargs, struct ctr_admin_row **out, size_t *n, struct db_res *res)
{
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, stmt, args, nargs, res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res->nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res->nrows; i++)
		admin_row(res, i, &(*out)[i]);
	*n = res->nrows;
	return SOUK_OK;
}

enum souk_err
ctr_admin_list(struct db *db, struct arena *a, struct ctr_admin_row **out,
    size_t *n)
{
	struct db_res	 res;

	return admin_rows(db, a, CTR_ADMIN_LIST, NULL, 0, out, n, &res);
}

enum souk_err
ctr_admin_page(struct db *db, struct arena *a, int limit, int offset,
    struct ctr_admin_row **out, size_t *n, int64_t *total)
{
	struct db_arg	 args[] = { DB_I(limit), DB_I(offset) };
	struct db_res	 res;
	enum souk_err	 er;

	er = admin_rows(db, a, CTR_ADMIN_PAGE, args, 2, out, n, &res);
	*total = er == SOUK_OK && res.nrows > 0 ? db_cell_i64(&res, 0, 7) : 0;
	return er;
}

enum souk_err
ctr_admin_get(struct db *db, struct arena *a, int64_t id,
    struct ctr_admin_row *out)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_ADMIN_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	admin_row(&res, 0, out);
	return SOUK_OK;
}

struct invite {
	struct arena	*a;
	struct db_arg	 row[3];	/* email, name, role */
	const char	*hash;		/* of the setup token */
	int64_t		 id;
};

/* The admin and the link together, or neither. */
static enum souk_err
invite_tx(struct db *db, void *arg)
{
	struct invite	*c = arg;
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, c->a, CTR_ADMIN_INVITE, c->row, 3, &res)) !=
	    SOUK_OK)
		return er;
	c->id = (int64_t)res.insert_id;
	{
		struct db_arg args[] = { DB_S(c->hash), DB_I(c->id),
		    DB_I(CTR_INVITE_TTL_S) };

		return db_exec(db, c->a, CTR_TOKEN_INSERT, args, 3, NULL);
	}
}

enum souk_err
ctr_admin_invite(struct db *db, struct arena *a, const char *email,
    const char *name, const char *role, const char **why, int64_t *id,
    const char **token)
{
	const char	*e = str_lower_dup(a, email != NULL ? email : "");
	struct invite	 c;
	enum souk_err	 er;

	*why = NULL;
	if (e == NULL)
		return SOUK_ENOMEM;
	if (!valid_check(VALID_EMAIL, e, 0, 0))
		*why = "email must be an e-mail address";
	else if (!ctr_role_ok(role))
		*why = "role must be owner, ops, support or auditor";
	else if (name == NULL || !valid_check(VALID_LINE, name, 0, 255))
		*why = "name has at most 255 characters on one line";
	if (*why != NULL)
		return SOUK_INVALID;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.row[0] = DB_S(e);
	c.row[1] = DB_S(name);
	c.row[2] = DB_S(role);
	if ((er = sec_token_new(a, "si_", token, &c.hash)) != SOUK_OK)
		return er;
	if ((er = db_tx(db, invite_tx, &c)) == SOUK_CONFLICT)
		*why = "an admin with this e-mail address exists";
	*id = c.id;
	return er;
}

/* The admin of a live invitation hash; 0 if none. */
static int64_t
invite_admin(struct db *db, struct arena *a, const char *hash)
{
	struct db_arg	 arg = DB_S(hash);
	struct db_res	 res;

	if (hash == NULL || db_exec(db, a, CTR_TOKEN_GET, &arg, 1, &res) !=
	    SOUK_OK || res.nrows != 1)
		return 0;
	return db_cell_i64(&res, 0, 0);
}

int
ctr_invite_valid(struct db *db, struct arena *a, const char *token,
    int64_t *id)
{
	*id = invite_admin(db, a, sec_token_hash(a, "si_", token));
	return *id != 0;
}

struct accept {
	struct arena	*a;
	const char	*hash;
	const char	*pw_hash;
	const char	*name;
};

static enum souk_err
accept_tx(struct db *db, void *arg)
{
	struct accept	*c = arg;
	struct db_arg	 use = DB_S(c->hash);
	struct db_res	 res;
	int64_t		 id = invite_admin(db, c->a, c->hash);
	enum souk_err	 er;

	if ((er = db_exec(db, c->a, CTR_TOKEN_USE, &use, 1, &res)) != SOUK_OK)
		return er;
	if (id == 0 || res.affected != 1)
		return SOUK_NOTFOUND;
	{
		struct db_arg args[] = { DB_S(c->pw_hash),
		    DB_I(*c->name == '\0'), DB_S(c->name), DB_I(id) };

		if ((er = db_exec(db, c->a, CTR_ADMIN_ACTIVATE, args, 4,
		    &res)) != SOUK_OK)
			return er;
	}
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

enum souk_err
ctr_invite_accept(struct db *db, struct arena *a, const char *token,
    const char *password, const char *name, const char **why)
{
	struct accept	 c = { a, NULL, NULL, name != NULL ? name : "" };
	enum souk_err	 er;

	*why = NULL;
	if ((c.hash = sec_token_hash(a, "si_", token)) == NULL)
		return SOUK_NOTFOUND;
	if (!valid_check(VALID_LINE, c.name, 0, 255)) {
		*why = "name has at most 255 characters on one line";
		return SOUK_INVALID;
	}
	if ((*why = sec_password_weak(password, SEC_PW_MIN_STAFF)) != NULL) {
		*why = arena_printf(a, "password %s", *why);
		return SOUK_INVALID;
	}
	if ((er = sec_password_hash(a, password, &c.pw_hash)) != SOUK_OK)
		return er;
	return db_tx(db, accept_tx, &c);
}

struct change {
	struct arena	*a;
	int64_t		 id;
	const char	*role;
	const char	*status;
	const char	*why;
};

/* 1 if the change takes away the last active owner. */
static int
last_owner(struct db *db, struct change *c, const struct ctr_admin_row *ad)
{
	struct db_res	 res;

	if (!str_eq(ad->role, "owner") || !str_eq(ad->status, "active") ||
	    !((c->role != NULL && !str_eq(c->role, "owner")) ||
	    str_eq(c->status, "disabled")))
		return 0;
	/* Locks every active owner: two cannot demote each other. */
	if (db_exec(db, c->a, CTR_ADMIN_OWNERS_LOCK, NULL, 0, &res) !=
	    SOUK_OK)
		return 1;
	return res.nrows <= 1;
}

static enum souk_err
change_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct ctr_admin_row	 ad;
	enum souk_err		 er;

	if ((er = ctr_admin_get(db, c->a, c->id, &ad)) != SOUK_OK)
		return er;
	if (last_owner(db, c, &ad)) {
		c->why = "the platform needs at least one active owner";
		return SOUK_CONFLICT;
	}
	if (c->role != NULL) {
		struct db_arg args[] = { DB_S(c->role), DB_I(c->id) };

		if ((er = db_exec(db, c->a, CTR_ADMIN_SET_ROLE, args, 2,
		    NULL)) != SOUK_OK)
			return er;
	}
	if (c->status != NULL) {
		struct db_arg args[] = { DB_I(str_eq(c->status, "disabled")),
		    DB_I(c->id) };

		if ((er = db_exec(db, c->a, CTR_ADMIN_SET_STATUS, args, 2,
		    NULL)) != SOUK_OK)
			return er;
	}
	return ctr_sessions_end(db, c->a, c->id);
}

enum souk_err
ctr_admin_change(struct db *db, struct arena *a, int64_t id,
    const char *role, const char *status, const char **why)
{
	struct change	 c = { a, id, role, status, NULL };
	enum souk_err	 er;

	*why = NULL;
	if (role != NULL && !ctr_role_ok(role))
		*why = "role must be owner, ops, support or auditor";
	else if (status != NULL && !str_eq(status, "active") &&
	    !str_eq(status, "disabled"))
		*why = "status must be active or disabled";
	if (*why != NULL)
		return SOUK_INVALID;
	if ((er = db_tx(db, change_tx, &c)) == SOUK_OK)
		sec_sess_bump(a, "center");	/* after the commit too */
	*why = c.why;
	return er;
}

enum souk_err
ctr_admin_set_name(struct db *db, struct arena *a, int64_t id,
    const char *name)
{
	struct db_arg	 args[] = { DB_S(name), DB_I(id) };
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_ADMIN_SET_NAME, args, 2, NULL)) ==
	    SOUK_OK)
		sec_sess_bump(a, "center");	/* cached records hold it */
	return er;
}

enum souk_err
ctr_password_change(struct db *db, struct arena *a, int64_t id,
    const char *current, const char *password, const char **why)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	const char	*hash;
	enum souk_err	 er;
	int		 stronger;

	*why = NULL;
	if ((er = db_exec(db, a, CTR_ADMIN_HASH, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1 || db_cell(&res, 0, 0) == NULL)
		return SOUK_UNAUTHORIZED;
	if ((er = sec_password_check(db_cell(&res, 0, 0), current != NULL ?
	    current : "", &stronger)) != SOUK_OK)
		return er;
	if ((*why = sec_password_weak(password, SEC_PW_MIN_STAFF)) != NULL) {
		*why = arena_printf(a, "password %s", *why);
		return SOUK_INVALID;
	}
	if ((er = sec_password_hash(a, password, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg up[] = { DB_S(hash), DB_I(id) };

		if ((er = db_exec(db, a, CTR_ADMIN_PASSWORD, up, 2, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return ctr_sessions_end(db, a, id);
}
