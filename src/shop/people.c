/*
 * The records behind shop accounts: a shop's staff list with roles and
 * status, names, and customers' addresses.  A change of role or status
 * ends the member's sessions in the same transaction, and a shop always
 * keeps one active owner.
 */
#include <string.h>

#include "shop/shop.h"

static void
staff_row(const struct db_res *res, size_t i, struct shop_staff *s)
{
	s->id = db_cell_i64(res, i, 0);
	s->email = db_cell(res, i, 1);
	s->name = db_cell(res, i, 2);
	s->role = db_cell(res, i, 3);
	s->status = db_cell(res, i, 4);
	s->created_at = db_cell(res, i, 5);
}

enum souk_err
shop_staff_list(struct db *db, struct arena *a, int64_t tenant,
    struct shop_staff **out, size_t *n)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, SQL_STAFF_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		staff_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

enum souk_err
shop_staff_get(struct db *db, struct arena *a, int64_t tenant, int64_t id,
    struct shop_staff *out)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(id) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_STAFF_GET, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	staff_row(&res, 0, out);
	return SOUK_OK;
}

enum souk_err
shop_staff_room(struct db *db, struct arena *a, int64_t tenant, int64_t max,
    const char **why)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_TENANT_LOCK_ID, &arg, 1, &res)) !=
	    SOUK_OK || (er = db_exec(db, a, SQL_STAFF_COUNT, &arg, 1,
	    &res)) != SOUK_OK)
		return er;
	if (db_cell_i64(&res, 0, 0) < max)
		return SOUK_OK;
	*why = arena_printf(a, "your plan allows %lld staff accounts and the "
	    "shop has them all; disable one, or ask the platform to change "
	    "your plan", (long long)max);
	return SOUK_FORBIDDEN;
}

struct change {
	struct arena	*a;
	int64_t		 tenant;
	int64_t		 id;
	const char	*role;
	const char	*status;
	int64_t		 max;
	const char	*why;
};

/* 1 if the change takes away the shop's last active owner. */
static int
last_owner(struct db *db, struct change *c, const struct shop_staff *s)
{
	struct db_arg	 arg = DB_I(c->tenant);
	struct db_res	 res;
	int		 demoted;

	demoted = (c->role != NULL && !str_eq(c->role, "owner")) ||
	    str_eq(c->status, "disabled");
	if (!str_eq(s->role, "owner") || !str_eq(s->status, "active") ||
	    !demoted)
		return 0;
	/* Locks every active owner: two owners cannot demote each other. */
	if (db_exec(db, c->a, SQL_STAFF_OWNERS_LOCK, &arg, 1, &res) !=
	    SOUK_OK)
		return 1;
	return res.nrows <= 1;
}

static enum souk_err
change_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct shop_staff	 s;
	enum souk_err		 er;

	if ((er = shop_staff_get(db, c->a, c->tenant, c->id, &s)) != SOUK_OK)
		return er;
	if (last_owner(db, c, &s)) {
		c->why = "the shop needs at least one active owner";
		return SOUK_CONFLICT;
	}
	if (str_eq(s.status, "disabled") && str_eq(c->status, "active") &&
	    (er = shop_staff_room(db, c->a, c->tenant, c->max, &c->why)) !=
	    SOUK_OK)
		return er;
	if (c->role != NULL) {
		struct db_arg args[] = { DB_S(c->role), DB_I(c->tenant),
		    DB_I(c->id) };

		if ((er = db_exec(db, c->a, SQL_STAFF_SET_ROLE, args, 3,
		    NULL)) != SOUK_OK)
			return er;
	}
	if (c->status != NULL) {
		struct db_arg args[] = { DB_I(str_eq(c->status, "disabled")),
		    DB_I(c->tenant), DB_I(c->id) };

		if ((er = db_exec(db, c->a, SQL_STAFF_SET_STATUS, args, 3,
		    NULL)) != SOUK_OK)
			return er;
	}
	return shop_sessions_end(db, c->a, c->tenant, SHOP_STAFF, c->id);
}

enum souk_err
shop_staff_change(struct db *db, struct arena *a, int64_t tenant, int64_t id,
    const char *role, const char *status, int64_t max_staff,
    const char **why)
{
	struct change	 c = { a, tenant, id, role, status, max_staff, NULL };
	enum souk_err	 er;

	*why = NULL;
	if (role != NULL && !shop_role_ok(role))
		*why = "role must be owner, manager or staff";
	else if (status != NULL && !str_eq(status, "active") &&
	    !str_eq(status, "disabled"))
		*why = "status must be active or disabled";
	if (*why != NULL)
		return SOUK_INVALID;
	if ((er = db_tx(db, change_tx, &c)) == SOUK_OK)
		shop_sessions_bump(a, tenant);	/* after the commit too */
	*why = c.why;
	return er;
}

enum souk_err
shop_account_set_name(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, int64_t id, const char *name)
{
	struct db_arg	 args[] = { DB_S(name), DB_I(tenant), DB_I(id) };
	enum souk_err	 er;

	if ((er = db_exec(db, a, p == SHOP_STAFF ? SQL_STAFF_SET_NAME :
	    SQL_CUSTOMER_SET_NAME, args, 3, NULL)) == SOUK_OK)
		shop_sessions_bump(a, tenant);	/* cached records hold it */
	return er;
}

/* ---- addresses ------------------------------------------------------ */

enum souk_err
shop_addresses(struct db *db, struct arena *a, int64_t tenant,
    int64_t customer, struct shop_address **out, size_t *n)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(customer) };
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, SQL_ADDRESS_LIST, args, 2, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++) {
		struct shop_address *ad = &(*out)[i];

		ad->id = db_cell_i64(&res, i, 0);
		ad->name = db_cell(&res, i, 1);
		ad->line1 = db_cell(&res, i, 2);
		ad->line2 = db_cell(&res, i, 3);
		ad->city = db_cell(&res, i, 4);
		ad->postal_code = db_cell(&res, i, 5);
		ad->country = db_cell(&res, i, 6);
		ad->phone = db_cell(&res, i, 7);
	}
	*n = res.nrows;
	return SOUK_OK;
}

/* Field rules of an address: which are required, and their lengths. */
static const char *
address_why(const struct shop_address *ad)
{
	const char	*c = ad->country;

	if (ad->name == NULL || !valid_check(VALID_LINE, ad->name, 1, 200))
		return "name is required (at most 200 characters)";
	if (ad->line1 == NULL || !valid_check(VALID_LINE, ad->line1, 1, 200))
		return "line1 is required (at most 200 characters)";
	if (ad->line2 != NULL && !valid_check(VALID_LINE, ad->line2, 0, 200))
		return "line2 has at most 200 characters";
	if (ad->city == NULL || !valid_check(VALID_LINE, ad->city, 1, 100))
		return "city is required (at most 100 characters)";
	if (ad->postal_code != NULL &&
	    !valid_check(VALID_LINE, ad->postal_code, 0, 20))
		return "postal_code has at most 20 characters";
	if (c == NULL || strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' ||
	    c[1] < 'A' || c[1] > 'Z')
		return "country must be a two-letter code such as FR";
	if (ad->phone != NULL && !valid_check(VALID_LINE, ad->phone, 0, 32))
		return "phone has at most 32 characters";
	return NULL;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

enum souk_err
shop_address_add(struct db *db, struct arena *a, int64_t tenant,
    int64_t customer, const struct shop_address *ad, const char **why,
    int64_t *id)
{
	struct db_arg	 cnt[] = { DB_I(tenant), DB_I(customer) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((*why = address_why(ad)) != NULL)
		return SOUK_INVALID;
	if ((er = db_exec(db, a, SQL_ADDRESS_COUNT, cnt, 2, &res)) != SOUK_OK)
		return er;
	if (db_cell_i64(&res, 0, 0) >= SHOP_ADDRESSES_MAX) {
		*why = "An account keeps at most 20 addresses; delete one "
		    "first.";
		return SOUK_CONFLICT;
	}
	{
		struct db_arg args[] = { DB_I(tenant), DB_I(customer),
		    DB_S(ad->name), DB_S(ad->line1), DB_S(nz(ad->line2)),
		    DB_S(ad->city), DB_S(nz(ad->postal_code)),
		    DB_S(ad->country), DB_S(nz(ad->phone)) };

		if ((er = db_exec(db, a, SQL_ADDRESS_INSERT, args, 9, &res)) !=
		    SOUK_OK)
			return er;
	}
	*id = (int64_t)res.insert_id;
	return SOUK_OK;
}

enum souk_err
shop_address_delete(struct db *db, struct arena *a, int64_t tenant,
    int64_t customer, int64_t id)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(customer), DB_I(id) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_ADDRESS_DELETE, args, 3, &res)) !=
	    SOUK_OK)
		return er;
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}
