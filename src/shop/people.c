/*
 * The records behind a shop's people that auth/ does not keep: the
 * permissions and roles of staff, the plan's room for one more member,
 * the end of every session of a suspended shop, and customers'
 * addresses.
 */
#include <stddef.h>
#include <string.h>

#include "auth/auth.h"
#include "i18n/i18n.h"
#include "shop/shop.h"

const char *const shop_perms[SHOP_P__MAX] = {
	NULL,			/* SHOP_P_NONE */
	"catalog.read",		/* SHOP_P_CATALOG_READ */
	"catalog.write",	/* SHOP_P_CATALOG_WRITE */
	"orders.read",		/* SHOP_P_ORDERS_READ */
	"orders.write",		/* SHOP_P_ORDERS_WRITE */
	"customers.read",	/* SHOP_P_CUSTOMERS_READ */
	"customers.write",	/* SHOP_P_CUSTOMERS_WRITE */
	"promotions.read",	/* SHOP_P_PROMOTIONS_READ */
	"promotions.write",	/* SHOP_P_PROMOTIONS_WRITE */
	"staff.read",		/* SHOP_P_STAFF_READ */
	"staff.write",		/* SHOP_P_STAFF_WRITE */
	"settings.write",	/* SHOP_P_SETTINGS_WRITE */
};

/* N_: a role's name is shown translated (the header, messages) */
const char *const shop_roles[] = { N_("owner"), N_("manager"), N_("staff"),
	NULL };

enum souk_err
shop_staff_room(struct db *db, struct arena *a, int64_t tenant, int64_t max,
    struct souk_why *why)
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
	return souk_why_set(why, SOUK_FORBIDDEN, NULL, arena_printf(a,
	    "your plan allows %lld staff accounts and the shop has them all; "
	    "disable one, or ask the platform to change your plan",
	    (long long)max));
}

enum souk_err
shop_staff_find(struct db *db, struct arena *a, int64_t tenant,
    const char *email, int64_t *id, const char **status)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(email) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_STAFF_FIND, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	*id = db_cell_i64(&res, 0, 0);
	*status = db_cell(&res, 0, 1);
	return SOUK_OK;
}

enum souk_err
shop_sessions_end_tenant(struct db *db, struct arena *a, int64_t tenant)
{
	struct db_arg	 arg = DB_I(tenant);
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_SESSIONS_END_TENANT, &arg, 1, NULL)) ==
	    SOUK_OK)
		auth_sessions_stale_shop(a, tenant);
	return er;
}

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

/* The rules of an address's fields: required or not, and lengths. */
static const struct address_rule {
	const char	*field;
	size_t		 off;
	int		 required;
	int64_t		 max;
} address_rules[] = {
	{ "name", offsetof(struct shop_address, name), 1, 200 },
	{ "line1", offsetof(struct shop_address, line1), 1, 200 },
	{ "line2", offsetof(struct shop_address, line2), 0, 200 },
	{ "city", offsetof(struct shop_address, city), 1, 100 },
	{ "postal_code", offsetof(struct shop_address, postal_code), 0, 20 },
	{ "phone", offsetof(struct shop_address, phone), 0, 32 },
};

static enum souk_err
address_check(struct arena *a, const struct shop_address *ad,
    struct souk_why *why)
{
	const struct address_rule *ru;
	const char		*v, *c = ad->country;
	size_t			 i;

	for (i = 0; i < sizeof(address_rules) / sizeof(address_rules[0]);
	    i++) {
		ru = &address_rules[i];
		v = *(const char *const *)(const void *)((const char *)ad +
		    ru->off);
		if ((v == NULL && ru->required) || (v != NULL &&
		    !valid_check(VALID_LINE, v, ru->required, ru->max)))
			return souk_why_set(why, SOUK_INVALID, ru->field,
			    arena_printf(a, "%s (at most %lld characters)",
			    ru->required ? "is required" : "is too long",
			    (long long)ru->max));
	}
	if (c == NULL || strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' ||
	    c[1] < 'A' || c[1] > 'Z')
		return souk_why_set(why, SOUK_INVALID, "country",
		    N_("must be a two-letter code such as FR"));
	return SOUK_OK;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

enum souk_err
shop_address_add(struct db *db, struct arena *a, int64_t tenant,
    int64_t customer, const struct shop_address *ad, struct souk_why *why,
    int64_t *id)
{
	struct db_arg	 cnt[] = { DB_I(tenant), DB_I(customer) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = address_check(a, ad, why)) != SOUK_OK)
		return er;
	if ((er = db_exec(db, a, SQL_ADDRESS_COUNT, cnt, 2, &res)) != SOUK_OK)
		return er;
	if (db_cell_i64(&res, 0, 0) >= SHOP_ADDRESSES_MAX)
		return souk_why_set(why, SOUK_CONFLICT, NULL, N_("an account "
		    "keeps at most 20 addresses; delete one first"));
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
