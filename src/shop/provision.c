/*
 * The tenant side of Center Control's instructions (seed §9.1): create a
 * tenant, change its settings, state and features, export its data and
 * erase it.  Each is one transaction and safe to repeat: Center retries
 * until it has an answer.
 */
#include <string.h>

#include <json-c/json.h>

#include "shop/shop.h"

struct provision {
	struct arena			*a;
	const struct shop_tenant_doc	*d;
	int				 created;
};

static enum souk_err	 tenant_known(struct db *, struct arena *, int64_t);

static struct db_arg
arg_or_null(const char *s)
{
	return s != NULL ? DB_S(s) : DB_NUL;
}

static enum souk_err
domains_put(struct db *db, struct arena *a, const struct shop_tenant_doc *d)
{
	struct db_arg	 id = DB_I(d->id);
	enum souk_err	 er;
	size_t		 i;

	if (!d->has_domains)
		return SOUK_OK;
	if ((er = db_exec(db, a, SQL_DOMAINS_CLEAR, &id, 1, NULL)) != SOUK_OK)
		return er;
	for (i = 0; i < d->ndomains; i++) {
		const struct shop_domain_doc *dm = &d->domains[i];
		struct db_arg args[] = { DB_I(d->id), DB_S(dm->host),
		    DB_I(dm->primary), DB_S(dm->status),
		    arg_or_null(dm->token) };

		if ((er = db_exec(db, a, SQL_DOMAIN_PUT, args, 5, NULL)) !=
		    SOUK_OK)
			return er;
	}
	{
		struct db_arg args[] = { DB_I(d->id), DB_I(d->id) };

		return db_exec(db, a, SQL_TENANT_PRIMARY, args, 2, NULL);
	}
}

static enum souk_err
config_put(struct db *db, struct arena *a, const struct shop_tenant_doc *d)
{
	struct db_arg	 args[] = { arg_or_null(d->name),
	    arg_or_null(d->locale), arg_or_null(d->currency),
	    arg_or_null(d->time_zone), arg_or_null(d->theme_color),
	    arg_or_null(d->payment_methods), arg_or_null(d->shipping_methods),
	    DB_I(d->id) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_TENANT_CONFIG, args, 8, &res)) != SOUK_OK)
		return er;
	if ((er = domains_put(db, a, d)) != SOUK_OK)
		return er;
	return shop_catalog_bump(db, a, d->id);	/* pages show the name */
}

static enum souk_err
provision_tx(struct db *db, void *arg)
{
	struct provision		*p = arg;
	const struct shop_tenant_doc	*d = p->d;
	struct db_arg			 sel[] = { DB_I(d->id), DB_S(d->slug) };
	struct db_res			 res;
	enum souk_err			 er;
	size_t				 i;

	if ((er = db_exec(db, p->a, SQL_TENANT_LOCK, sel, 2, &res)) !=
	    SOUK_OK)
		return er;
	for (i = 0; i < res.nrows; i++)
		if (db_cell_i64(&res, i, 0) != d->id ||
		    !str_eq(db_cell(&res, i, 1), d->slug))
			return SOUK_CONFLICT;	/* id or slug is another's */
	p->created = res.nrows == 0;
	if (p->created) {
		struct db_arg args[] = { DB_I(d->id), DB_S(d->slug),
		    DB_S(d->name), DB_S(d->plan), DB_S(d->locale),
		    DB_S(d->currency), DB_S(d->time_zone),
		    DB_S(d->theme_color), DB_S(d->payment_methods),
		    DB_S(d->shipping_methods) };

		if ((er = db_exec(db, p->a, SQL_TENANT_CREATE, args, 10,
		    NULL)) != SOUK_OK)
			return er;
	}
	return config_put(db, p->a, d);
}

enum souk_err
shop_tenant_provision(struct db *db, struct arena *a,
    const struct shop_tenant_doc *d, int *created)
{
	struct provision	 p = { a, d, 0 };
	enum souk_err		 er;

	if (d->slug == NULL || d->name == NULL || d->plan == NULL ||
	    d->locale == NULL || d->currency == NULL || d->time_zone == NULL ||
	    d->theme_color == NULL || d->payment_methods == NULL ||
	    d->shipping_methods == NULL)
		return SOUK_INVALID;
	er = db_tx(db, provision_tx, &p);
	*created = p.created;
	return er;
}

static enum souk_err
configure_tx(struct db *db, void *arg)
{
	struct provision	*p = arg;
	enum souk_err		 er;

	if ((er = tenant_known(db, p->a, p->d->id)) != SOUK_OK)
		return er;
	return config_put(db, p->a, p->d);
}

enum souk_err
shop_tenant_configure(struct db *db, struct arena *a,
    const struct shop_tenant_doc *d)
{
	struct provision	 p = { a, d, 0 };

	return db_tx(db, configure_tx, &p);
}

/* SOUK_OK if the tenant exists, SOUK_NOTFOUND if not. */
static enum souk_err
tenant_known(struct db *db, struct arena *a, int64_t id)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_TENANT_FEATURES_GET, &arg, 1, &res)) !=
	    SOUK_OK)
		return er;
	return res.nrows == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

enum souk_err
shop_tenant_set_status(struct db *db, struct arena *a, int64_t id,
    const char *state, int read_only)
{
	struct db_arg	 args[] = { DB_S(state), DB_I(read_only), DB_I(id) };
	enum souk_err	 er;

	if ((er = tenant_known(db, a, id)) != SOUK_OK)
		return er;
	if ((er = db_exec(db, a, SQL_TENANT_STATUS, args, 3, NULL)) != SOUK_OK)
		return er;
	/* a shop that is not open ends every session of its people */
	if (!str_eq(state, "active"))
		er = shop_sessions_end_tenant(db, a, id);
	return er;
}

enum souk_err
shop_tenant_set_features(struct db *db, struct arena *a, int64_t id,
    const char *plan, const char *features, const char *etag)
{
	struct db_arg	 args[] = { DB_S(plan), DB_S(features), DB_S(etag),
	    DB_I(id) };
	enum souk_err	 er;

	if ((er = tenant_known(db, a, id)) != SOUK_OK)
		return er;
	return db_exec(db, a, SQL_TENANT_FEATURES, args, 4, NULL);
}

/* ---- export and erase ---------------------------------------------- */

static const struct {
	const char	*name;
	int		 stmt;
} export_parts[] = {
	{ "domains", SQL_EXPORT_DOMAINS },
	{ "categories", SQL_EXPORT_CATEGORIES },
	{ "products", SQL_EXPORT_PRODUCTS },
	{ "product_categories", SQL_EXPORT_PRODUCT_CATEGORIES },
	{ "staff", SQL_EXPORT_STAFF },
	{ "customers", SQL_EXPORT_CUSTOMERS },
	{ "customer_addresses", SQL_EXPORT_ADDRESSES },
	{ "promotions", SQL_EXPORT_PROMOTIONS },
	{ "languages", SQL_EXPORT_LANGUAGES },
	{ "texts", SQL_EXPORT_TEXTS },
	{ "product_translations", SQL_EXPORT_PRODUCT_TR },
	{ "category_translations", SQL_EXPORT_CATEGORY_TR },
};

/* Rows as objects of column -> string (SQL NULL: null). */
static struct json_object *
rows_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array(), *o;
	const char		*v;
	size_t			 i, c;

	for (i = 0; arr != NULL && i < res->nrows; i++) {
		if ((o = json_object_new_object()) == NULL)
			break;
		for (c = 0; c < res->ncols; c++) {
			v = db_cell(res, i, c);
			json_object_object_add(o, res->cols[c], v == NULL ?
			    NULL : json_object_new_string(v));
		}
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The column names of res, in order. */
static struct json_object *
cols_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array();
	size_t			 c;

	for (c = 0; arr != NULL && c < res->ncols; c++)
		json_object_array_add(arr, json_object_new_string(
		    res->cols[c]));
	return arr;
}

enum souk_err
shop_tenant_export(struct db *db, struct arena *a, int64_t id,
    struct json_object **out)
{
	struct db_arg		 arg = DB_I(id);
	struct db_res		 res;
	struct json_object	*o, *t, *cols;
	enum souk_err		 er;
	size_t			 i;

	*out = NULL;
	if ((er = db_exec(db, a, SQL_EXPORT_TENANT, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((o = json_object_new_object()) == NULL ||
	    (t = rows_json(&res)) == NULL) {
		json_object_put(o);
		return SOUK_ENOMEM;
	}
	json_object_object_add(o, "format", json_object_new_string(
	    "souk-tenant-export/1"));
	json_object_object_add(o, "tenant", json_object_get(
	    json_object_array_get_idx(t, 0)));
	json_object_put(t);
	/* the columns of every table, so that an empty one has a header */
	cols = json_object_new_object();
	json_object_object_add(cols, "tenant", cols_json(&res));
	json_object_object_add(o, "columns", cols);
	for (i = 0; i < sizeof(export_parts) / sizeof(export_parts[0]); i++) {
		if ((er = db_exec(db, a, export_parts[i].stmt, &arg, 1,
		    &res)) != SOUK_OK) {
			json_object_put(o);
			return er;
		}
		json_object_object_add(o, export_parts[i].name, rows_json(&res));
		json_object_object_add(cols, export_parts[i].name,
		    cols_json(&res));
	}
	*out = o;
	return SOUK_OK;
}

static const int erase_stmts[] = { SQL_ERASE_SESSIONS, SQL_ERASE_TOKENS,
	SQL_ERASE_RECOVERY, SQL_ERASE_ADDRESSES, SQL_ERASE_CUSTOMERS,
	SQL_ERASE_STAFF, SQL_ERASE_TEXTS, SQL_ERASE_PRODUCT_TR,
	SQL_ERASE_CATEGORY_TR, SQL_ERASE_LANGUAGES,
	SQL_ERASE_PRODUCT_CATEGORIES, SQL_ERASE_PRODUCTS,
	SQL_ERASE_CATEGORIES, SQL_ERASE_PROMOTIONS, SQL_DOMAINS_CLEAR };

struct erase {
	struct arena	*a;
	int64_t		 id;
};

static enum souk_err
erase_tx(struct db *db, void *arg)
{
	struct erase	*e = arg;
	struct db_arg	 id = DB_I(e->id);
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	if ((er = db_exec(db, e->a, SQL_EXPORT_TENANT, &id, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if (!str_eq(db_cell(&res, 0, 3), "terminated"))
		return SOUK_CONFLICT;	/* only a terminated shop is erased */
	for (i = 0; i < sizeof(erase_stmts) / sizeof(erase_stmts[0]); i++)
		if ((er = db_exec(db, e->a, erase_stmts[i], &id, 1, NULL)) !=
		    SOUK_OK)
			return er;
	{
		struct db_arg args[] = { DB_I(e->id), DB_I(e->id) };

		return db_exec(db, e->a, SQL_TENANT_PRIMARY, args, 2, NULL);
	}
}

enum souk_err
shop_tenant_erase(struct db *db, struct arena *a, int64_t id)
{
	struct erase	 e = { a, id };

	return db_tx(db, erase_tx, &e);
}

/* ---- what the internal API answers with ------------------------------ */

enum souk_err
shop_tenant_get(struct db *db, struct arena *a, int64_t id,
    struct shop_tenant *t, const char **plan)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_EXPORT_TENANT, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->slug = db_cell(&res, 0, 1);
	t->name = db_cell(&res, 0, 2);
	t->state = db_cell(&res, 0, 3);
	t->read_only = db_cell_i64(&res, 0, 4) != 0;
	t->locale = db_cell(&res, 0, 6);
	t->currency = db_cell(&res, 0, 7);
	t->time_zone = db_cell(&res, 0, 8);
	t->theme_color = db_cell(&res, 0, 9);
	if (plan != NULL)
		*plan = db_cell(&res, 0, 5);
	return SOUK_OK;
}

int
shop_domain_token_ok(struct db *db, struct arena *a, const char *host,
    const char *token)
{
	struct db_arg	 args[] = { DB_S(host), DB_S(token) };
	struct db_res	 res;

	return db_exec(db, a, SQL_DOMAIN_TOKEN, args, 2, &res) == SOUK_OK &&
	    res.nrows == 1;
}
