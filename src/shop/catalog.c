/*
 * The catalog as the storefront reads it: categories (cached per tenant)
 * and products.  One database round trip per call.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "i18n/i18n.h"
#include "shop/shop.h"

/* The default language's list has the key it always had. */
static const char *
categories_key(struct arena *a, const struct shop_tenant *t,
    const char *lang)
{
	return arena_printf(a, "souk:v1:t:%lld:categories:%lld%s%s",
	    (long long)t->id, (long long)t->catalog_version,
	    lang != NULL ? ":" : "", lang != NULL ? lang : "");
}

/*
 * The frame names the tenant too: a host moved to another tenant must
 * never show the old tenant's page, whatever the versions.
 */
const char *
shop_catalog_fresh(const struct shop_tenant *t, const char *cached)
{
	char	 head[48];
	int	 n;

	n = snprintf(head, sizeof(head), "%lld:%lld\n", (long long)t->id,
	    (long long)t->catalog_version);
	if (cached == NULL || n < 0 || (size_t)n >= sizeof(head) ||
	    strncmp(cached, head, (size_t)n) != 0)
		return NULL;
	return cached + n;
}

const char *
shop_catalog_frame(struct arena *a, const struct shop_tenant *t,
    const char *data, size_t len, size_t *outlen)
{
	struct buf	 b;

	buf_init(&b, a, len + 24);
	buf_printf(&b, "%lld:%lld\n", (long long)t->id,
	    (long long)t->catalog_version);
	buf_add(&b, data, len);
	if (!buf_ok(&b))
		return NULL;
	*outlen = b.len;
	return b.data;
}

enum souk_err
shop_catalog_bump(struct db *db, struct arena *a, int64_t tenant)
{
	struct db_arg	 arg = DB_I(tenant);

	return db_exec(db, a, SQL_CATALOG_BUMP, &arg, 1, NULL);
}

static enum souk_err
catalog_from_json(struct arena *a, const char *s, struct shop_catalog *out)
{
	struct json_object	*o, *e, *v;
	size_t			 i;

	if ((o = json_tokener_parse(s)) == NULL)
		return SOUK_INVALID;
	if (!json_object_is_type(o, json_type_array)) {
		json_object_put(o);
		return SOUK_INVALID;
	}
	out->n = json_object_array_length(o);
	out->cats = arena_alloc(a, sizeof(*out->cats) * (out->n + 1));
	for (i = 0; out->cats != NULL && i < out->n; i++) {
		e = json_object_array_get_idx(o, i);
		out->cats[i].id = json_object_object_get_ex(e, "id", &v) ?
		    json_object_get_int64(v) : 0;
		out->cats[i].slug = shop_json_str(a, e, "slug");
		out->cats[i].name = shop_json_str(a, e, "name");
		out->cats[i].description = shop_json_str(a, e, "description");
		if (out->cats[i].slug == NULL || out->cats[i].name == NULL ||
		    out->cats[i].description == NULL)
			break;	/* damaged entry: read the database instead */
	}
	json_object_put(o);
	if (out->cats == NULL)
		return SOUK_ENOMEM;
	return i == out->n ? SOUK_OK : SOUK_INVALID;
}

static void
catalog_to_cache(struct cache *c, const char *key,
    const struct shop_catalog *cat)
{
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
	s = json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN);
	if (s != NULL)
		cache_set(c, key, s, strlen(s), 0);
	json_object_put(arr);
}

static enum souk_err
catalog_load(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, struct shop_catalog *out)
{
	struct db_arg	 args[] = { DB_S(lang != NULL ? lang : ""),
	    DB_I(tenant) };
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	if (db == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = db_exec(db, a, SQL_CATEGORY_LIST, args, 2, &res)) !=
	    SOUK_OK)
		return er;
	if ((out->cats = arena_alloc(a, sizeof(*out->cats) *
	    (res.nrows + 1))) == NULL)
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
    const struct shop_tenant *t, const char *lang, struct shop_catalog *out)
{
	const char	*key = categories_key(a, t, lang), *cached;
	enum souk_err	 er;

	if (key == NULL)
		return SOUK_ENOMEM;
	memset(out, 0, sizeof(*out));
	cached = cache_get(c, a, key, NULL);
	if (cached != NULL && catalog_from_json(a, cached, out) == SOUK_OK)
		return SOUK_OK;
	if ((er = catalog_load(db, a, t->id, lang, out)) != SOUK_OK)
		return er;
	catalog_to_cache(c, key, out);
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

/* The language parameter of the statements: '' for the default one. */
#define LANG_ARG(lang)	DB_S((lang) != NULL ? (lang) : "")

enum souk_err
shop_products_featured(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, int limit, struct shop_product **out, size_t *n)
{
	struct db_arg	 args[] = { LANG_ARG(lang), DB_I(tenant),
	    DB_I(limit) };

	return products_query(db, a, SQL_PRODUCT_FEATURED, args, 3, out, n);
}

enum souk_err
shop_products_in_category(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, int64_t category, int64_t offset, int limit,
    struct shop_product **out, size_t *n)
{
	struct db_arg	 args[] = { LANG_ARG(lang), DB_I(tenant),
	    DB_I(category), DB_I(limit + 1), DB_I(offset) };

	return products_query(db, a, SQL_PRODUCT_IN_CATEGORY, args, 5, out,
	    n);
}

enum souk_err
shop_products_after(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, int64_t after, int limit, struct shop_product **out,
    size_t *n)
{
	struct db_arg	 args[] = { LANG_ARG(lang), DB_I(tenant),
	    DB_I(after), DB_I(limit + 1) };

	return products_query(db, a, SQL_PRODUCT_PAGE, args, 4, out, n);
}

static enum souk_err
product_one(struct db *db, struct arena *a, int stmt,
    const struct db_arg *args, struct shop_product *out)
{
	struct shop_product	*rows;
	size_t			 n;
	enum souk_err		 er;

	if ((er = products_query(db, a, stmt, args, 3, &rows, &n)) != SOUK_OK)
		return er;
	if (n != 1)
		return SOUK_NOTFOUND;
	*out = rows[0];
	return SOUK_OK;
}

enum souk_err
shop_product_by_slug(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, const char *slug, struct shop_product *out)
{
	struct db_arg	 args[] = { LANG_ARG(lang), DB_I(tenant),
	    DB_S(slug) };

	return product_one(db, a, SQL_PRODUCT_BY_SLUG, args, out);
}

enum souk_err
shop_product_by_id(struct db *db, struct arena *a, int64_t tenant,
    const char *lang, int64_t id, struct shop_product *out)
{
	struct db_arg	 args[] = { LANG_ARG(lang), DB_I(tenant), DB_I(id) };

	return product_one(db, a, SQL_PRODUCT_BY_ID, args, out);
}

/* ---- adding products ------------------------------------------------- */

enum souk_err
shop_products_recent(struct db *db, struct arena *a, int64_t tenant,
    struct shop_product **out, size_t *n, int64_t *count)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = products_query(db, a, SQL_PRODUCT_RECENT, &arg, 1, out, n)) !=
	    SOUK_OK ||
	    (er = db_exec(db, a, SQL_PRODUCT_COUNT, &arg, 1, &res)) != SOUK_OK)
		return er;
	*count = db_cell_i64(&res, 0, 0);
	return SOUK_OK;
}

/* "Blue Mug, large" -> "blue-mug-large" (NULL if nothing is left). */
static const char *
slug_of(struct arena *a, const char *name)
{
	char	*s = arena_alloc(a, strlen(name) + 1);
	size_t	 n = 0;

	if (s == NULL)
		return NULL;
	for (; *name != '\0' && n < 96; name++) {
		if ((*name >= 'a' && *name <= 'z') || (*name >= '0' &&
		    *name <= '9'))
			s[n++] = *name;
		else if (*name >= 'A' && *name <= 'Z')
			s[n++] = (char)(*name - 'A' + 'a');
		else if (n > 0 && s[n - 1] != '-')
			s[n++] = '-';
	}
	while (n > 0 && s[n - 1] == '-')
		n--;
	s[n] = '\0';
	return n > 0 ? s : NULL;
}

static int
sku_ok(const char *s)
{
	size_t	 n;

	for (n = 0; s != NULL && s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' &&
		    s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
		    strchr("._-", s[n]) != NULL))
			return 0;
	return n >= 1 && n <= 64;
}

struct pcreate {
	struct arena			*a;
	int64_t				 tenant;
	const struct shop_product_in	*in;
	const char			*slug;
	int64_t				 max, id;
	struct souk_why			*why;
};

static enum souk_err
product_tx(struct db *db, void *arg)
{
	struct pcreate	*p = arg;
	struct db_arg	 t = DB_I(p->tenant);
	struct db_res	 res, cnt;
	enum souk_err	 er;

	if ((er = db_exec(db, p->a, SQL_TENANT_LOCK_ID, &t, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, p->a, SQL_PRODUCT_COUNT, &t, 1, &cnt)) !=
	    SOUK_OK)
		return er;
	if (db_cell_i64(&cnt, 0, 0) >= p->max)
		return souk_why_set(p->why, SOUK_FORBIDDEN, NULL,
		    arena_printf(p->a, "your plan allows %lld products and "
		    "the shop has them all; archive one, or ask the platform "
		    "to change your plan", (long long)p->max));
	{
		struct db_arg args[] = { DB_I(p->tenant), DB_S(p->in->sku),
		    DB_S(p->slug), DB_S(p->in->name),
		    DB_S(p->in->description != NULL ? p->in->description : ""),
		    DB_I(p->in->price), DB_S(db_cell(&res, 0, 0)),
		    DB_I(p->in->stock) };
		struct db_res ins;

		if ((er = db_exec(db, p->a, SQL_PRODUCT_INSERT, args, 8,
		    &ins)) != SOUK_OK)
			return er;
		p->id = (int64_t)ins.insert_id;
	}
	return shop_catalog_bump(db, p->a, p->tenant);
}

/* What a new product got wrong, or SOUK_OK. */
static enum souk_err
product_check(const struct shop_product_in *in, const char *slug,
    struct souk_why *why)
{
	if (!sku_ok(in->sku))
		return souk_why_set(why, SOUK_INVALID, "sku", N_("1 to 64 "
		    "letters, digits, dots, dashes or underscores"));
	/* no slug given and none made of the name: the name's fault */
	if (in->name == NULL || !valid_check(VALID_LINE, in->name, 1, 200) ||
	    slug == NULL)
		return souk_why_set(why, SOUK_INVALID, "name", N_("one line of "
		    "1 to 200 characters, with a letter or a digit"));
	if (!valid_check(VALID_SLUG, slug, 0, 0))
		return souk_why_set(why, SOUK_INVALID, "slug", N_("1 to 96 of "
		    "a-z, 0-9 and inner dashes"));
	if (in->description != NULL && !valid_check(VALID_TEXT,
	    in->description, 0, 5000))
		return souk_why_set(why, SOUK_INVALID, "description",
		    N_("at most 5000 characters"));
	if (in->price < 0 || in->price > 1000000000000LL)
		return souk_why_set(why, SOUK_INVALID, "price", N_("a whole "
		    "number of cents from 0"));
	if (in->stock < 0 || in->stock > 1000000000)
		return souk_why_set(why, SOUK_INVALID, "stock", N_("a whole "
		    "number from 0"));
	return SOUK_OK;
}

/* The unique key a new product hit, as what the person must change. */
static enum souk_err
product_taken(struct db *db, struct arena *a, const char *slug,
    struct souk_why *why)
{
	const char	*key = db_conflict_key(db);

	if (str_eq(key, "products_sku"))
		return souk_why_set(why, SOUK_CONFLICT, "sku", N_("that SKU is "
		    "already used in this shop"));
	if (str_eq(key, "products_slug"))
		return souk_why_set(why, SOUK_CONFLICT, "slug", arena_printf(a,
		    "another product of this shop has the slug %s; choose "
		    "another name or slug", slug));
	return SOUK_CONFLICT;
}

enum souk_err
shop_product_create(struct db *db, struct arena *a, int64_t tenant,
    const struct shop_product_in *in, int64_t max, int64_t *id,
    struct souk_why *why)
{
	struct pcreate	 p = { a, tenant, in, NULL, max, 0, why };
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	p.slug = in->slug != NULL && *in->slug != '\0' ? in->slug :
	    in->name != NULL ? slug_of(a, in->name) : NULL;
	if ((er = product_check(in, p.slug, why)) != SOUK_OK)
		return er;
	if ((er = db_tx(db, product_tx, &p)) == SOUK_CONFLICT &&
	    why->msg == NULL)
		return product_taken(db, a, p.slug, why);
	*id = p.id;
	return er;
}
