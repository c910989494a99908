/*
 * The catalog as the storefront reads it: categories (cached per tenant)
 * and products.  One database round trip per call.
 */
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "shop/shop.h"

const char *
shop_categories_key(struct arena *a, int64_t tenant)
{
	return arena_printf(a, "souk:v1:t:%lld:categories", (long long)tenant);
}

const char *
shop_catalog_key(struct arena *a, int64_t tenant, const char *what)
{
	return arena_printf(a, "souk:v1:t:%lld:page:%s", (long long)tenant,
	    what);
}

const char *
shop_catalog_fresh(const struct shop_catalog *cat, const char *cached)
{
	size_t	 vl = strlen(cat->version);

	if (cached == NULL || strncmp(cached, cat->version, vl) != 0 ||
	    cached[vl] != '\n')
		return NULL;
	return cached + vl + 1;
}

static const char *
jstr(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return arena_strdup(a, json_object_get_string(v));
}

static enum souk_err
catalog_from_json(struct arena *a, const char *s, struct shop_catalog *out)
{
	struct json_object	*o = json_tokener_parse(s), *arr, *e, *v;
	size_t			 i;

	if (o == NULL || !json_object_object_get_ex(o, "items", &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		json_object_put(o);
		return SOUK_INVALID;
	}
	out->version = jstr(a, o, "v");
	out->n = json_object_array_length(arr);
	out->cats = arena_alloc(a, sizeof(*out->cats) * (out->n + 1));
	for (i = 0; out->cats != NULL && i < out->n; i++) {
		e = json_object_array_get_idx(arr, i);
		out->cats[i].id = json_object_object_get_ex(e, "id", &v) ?
		    json_object_get_int64(v) : 0;
		out->cats[i].slug = jstr(a, e, "slug");
		out->cats[i].name = jstr(a, e, "name");
		out->cats[i].description = jstr(a, e, "description");
	}
	json_object_put(o);
	return out->cats == NULL || out->version == NULL ? SOUK_ENOMEM :
	    SOUK_OK;
}

static void
catalog_to_cache(struct cache *c, const char *key,
    const struct shop_catalog *cat)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*arr = json_object_new_array(), *e;
	const char		*s;
	size_t			 i;

	for (i = 0; i < cat->n; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "id", json_object_new_int64(
		    cat->cats[i].id));
		json_object_object_add(e, "slug", json_object_new_string(
		    cat->cats[i].slug));
		json_object_object_add(e, "name", json_object_new_string(
		    cat->cats[i].name));
		json_object_object_add(e, "description",
		    json_object_new_string(cat->cats[i].description));
		json_object_array_add(arr, e);
	}
	json_object_object_add(o, "v", json_object_new_string(cat->version));
	json_object_object_add(o, "items", arr);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (s != NULL)
		cache_set(c, key, s, strlen(s), 0);
	json_object_put(o);
}

static enum souk_err
catalog_load(struct db *db, struct arena *a, int64_t tenant,
    struct shop_catalog *out)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	if (db == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = db_exec(db, a, SQL_CATEGORY_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	out->cats = arena_alloc(a, sizeof(*out->cats) * (res.nrows + 1));
	/* unique per load: the clock and this process */
	out->version = arena_printf(a, "%llx.%x",
	    (unsigned long long)(time_now_ms() * 1000.0), (unsigned)getpid());
	if (out->cats == NULL || out->version == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++) {
		out->cats[i].id = db_cell_i64(&res, i, 0);
		out->cats[i].slug = db_cell(&res, i, 1);
		out->cats[i].name = db_cell(&res, i, 2);
		out->cats[i].description = db_cell(&res, i, 3);
	}
	out->n = res.nrows;
	return SOUK_OK;
}

enum souk_err
shop_catalog_get(struct db *db, struct cache *c, struct arena *a,
    int64_t tenant, const char *also, char **also_val,
    struct shop_catalog *out)
{
	const char	*keys[2];
	char		*vals[2];
	enum souk_err	 er;

	if ((keys[0] = shop_categories_key(a, tenant)) == NULL)
		return SOUK_ENOMEM;
	keys[1] = also;
	cache_mget(c, a, keys, also == NULL ? 1 : 2, vals);
	if (also_val != NULL)
		*also_val = also == NULL ? NULL : vals[1];
	if (vals[0] != NULL && catalog_from_json(a, vals[0], out) == SOUK_OK)
		return SOUK_OK;
	if ((er = catalog_load(db, a, tenant, out)) != SOUK_OK)
		return er;
	catalog_to_cache(c, keys[0], out);
	return SOUK_OK;
}

const struct shop_category *
shop_category_find(const struct shop_catalog *cat, const char *slug)
{
	size_t	 i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->cats[i].slug, slug) == 0)
			return &cat->cats[i];
	return NULL;
}

static void
product_from_row(const struct db_res *res, size_t r, struct shop_product *p)
{
	p->id = db_cell_i64(res, r, 0);
	p->sku = db_cell(res, r, 1);
	p->slug = db_cell(res, r, 2);
	p->name = db_cell(res, r, 3);
	p->description = db_cell(res, r, 4);
	p->price = db_cell_i64(res, r, 5);
	p->currency = db_cell(res, r, 6);
	p->stock = db_cell_i64(res, r, 7);
	p->featured = db_cell_i64(res, r, 8) != 0;
	p->image = db_cell(res, r, 9);
}

static enum souk_err
products_query(struct db *db, struct arena *a, int stmt,
    const struct db_arg *args, size_t nargs, struct shop_product **out,
    size_t *n)
{
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	if (db == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = db_exec(db, a, stmt, args, nargs, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, sizeof(**out) * (res.nrows + 1))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		product_from_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

enum souk_err
shop_products_featured(struct db *db, struct arena *a, int64_t tenant,
    int limit, struct shop_product **out, size_t *n)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(limit) };

	return products_query(db, a, SQL_PRODUCT_FEATURED, args, 2, out, n);
}

enum souk_err
shop_products_in_category(struct db *db, struct arena *a, int64_t tenant,
    int64_t category, int64_t offset, int limit, struct shop_product **out,
    size_t *n)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(category),
	    DB_I(limit + 1), DB_I(offset) };

	return products_query(db, a, SQL_PRODUCT_IN_CATEGORY, args, 4, out,
	    n);
}

enum souk_err
shop_products_after(struct db *db, struct arena *a, int64_t tenant,
    int64_t after, int limit, struct shop_product **out, size_t *n)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(after),
	    DB_I(limit + 1) };

	return products_query(db, a, SQL_PRODUCT_PAGE, args, 3, out, n);
}

static enum souk_err
product_one(struct db *db, struct arena *a, int stmt,
    const struct db_arg *args, struct shop_product *out)
{
	struct shop_product	*rows;
	size_t			 n;
	enum souk_err		 er;

	if ((er = products_query(db, a, stmt, args, 2, &rows, &n)) != SOUK_OK)
		return er;
	if (n != 1)
		return SOUK_NOTFOUND;
	*out = rows[0];
	return SOUK_OK;
}

enum souk_err
shop_product_by_slug(struct db *db, struct arena *a, int64_t tenant,
    const char *slug, struct shop_product *out)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(slug) };

	return product_one(db, a, SQL_PRODUCT_BY_SLUG, args, out);
}

enum souk_err
shop_product_by_id(struct db *db, struct arena *a, int64_t tenant,
    int64_t id, struct shop_product *out)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(id) };

	return product_one(db, a, SQL_PRODUCT_BY_ID, args, out);
}

static const struct {
	const char	*code;
	const char	*symbol;	/* before the amount, or NULL */
	int		 decimals;
} currencies[] = {
	{ "USD", "$", 2 }, { "EUR", "\xe2\x82\xac", 2 }, { "GBP", "\xc2\xa3", 2 },
	{ "JPY", "\xc2\xa5", 0 }, { "KRW", NULL, 0 }, { "CHF", NULL, 2 },
	{ "MAD", NULL, 2 }, { "TND", NULL, 3 }, { "KWD", NULL, 3 },
};

const char *
shop_money_format(struct arena *a, int64_t minor, const char *currency)
{
	const char	*sym = NULL, *sign = minor < 0 ? "-" : "";
	int		 dec = 2, i;
	uint64_t	 v = minor < 0 ? (uint64_t)0 - (uint64_t)minor :
	    (uint64_t)minor, unit = 1;

	for (i = 0; i < (int)(sizeof(currencies) / sizeof(currencies[0]));
	    i++)
		if (str_eq(currencies[i].code, currency)) {
			sym = currencies[i].symbol;
			dec = currencies[i].decimals;
		}
	for (i = 0; i < dec; i++)
		unit *= 10;
	if (dec == 0)
		return sym != NULL ? arena_printf(a, "%s%s%llu", sign, sym,
		    (unsigned long long)v) : arena_printf(a, "%s%llu %s", sign,
		    (unsigned long long)v, currency);
	if (sym != NULL)
		return arena_printf(a, "%s%s%llu.%0*llu", sign, sym,
		    (unsigned long long)(v / unit), dec,
		    (unsigned long long)(v % unit));
	return arena_printf(a, "%s%llu.%0*llu %s", sign,
	    (unsigned long long)(v / unit), dec,
	    (unsigned long long)(v % unit), currency);
}
