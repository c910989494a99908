/*
 * Storefront HTML pages: home, category, product.  Each handler:
 * validate (the router did) -> load -> render.
 */
#include <string.h>

#include "storefront/storefront.h"

#define SF_FEATURED	12
#define SF_PAGE_SIZE	24

/* The template dictionary of templates/storefront/. */
const struct tmpl_var sf_vars[] = {
	APP_TMPL_VARS,
	{ "shop_name", TMPL_ANY },
	{ "theme_color", TMPL_ANY },
	{ "year", TMPL_SCALAR },
	{ "has_categories", TMPL_SECTION },
	{ "categories", TMPL_SECTION },
	{ "current", TMPL_SECTION },
	{ "has_products", TMPL_SECTION },
	{ "products", TMPL_SECTION },
	{ "product", TMPL_SECTION },
	{ "category", TMPL_SECTION },
	{ "pager", TMPL_SECTION },
	{ "prev", TMPL_ANY },
	{ "next", TMPL_ANY },
	{ "page", TMPL_SCALAR },
	{ "id", TMPL_SCALAR },
	{ "slug", TMPL_SCALAR },
	{ "sku", TMPL_SCALAR },
	{ "name", TMPL_SCALAR },
	{ "description", TMPL_SCALAR },
	{ "price_display", TMPL_SCALAR },
	{ "image", TMPL_ANY },
	{ "in_stock", TMPL_SECTION },
	{ NULL, 0 }
};

/* Page data with the category navigation; current may be NULL. */
static struct json_object *
sf_page_new(struct req *r, const char *title, const struct shop_category
    *cats, size_t n, const char *current)
{
	struct json_object	*d, *arr, *e;
	size_t			 i;

	if ((d = req_json_own(r, json_object_new_object())) == NULL)
		return NULL;
	json_object_object_add(d, "title", json_object_new_string(title));
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "slug",
		    json_object_new_string(cats[i].slug));
		json_object_object_add(e, "name",
		    json_object_new_string(cats[i].name));
		json_object_object_add(e, "current", json_object_new_boolean(
		    current != NULL && strcmp(current, cats[i].slug) == 0));
		json_object_array_add(arr, e);
	}
	json_object_object_add(d, "categories", arr);
	json_object_object_add(d, "has_categories",
	    json_object_new_boolean(n > 0));
	return d;
}

struct json_object *
sf_product_json(struct req *r, const struct shop_product *p)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(p->id));
	json_object_object_add(o, "slug", json_object_new_string(p->slug));
	json_object_object_add(o, "sku", json_object_new_string(p->sku));
	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "description",
	    json_object_new_string(p->description));
	json_object_object_add(o, "price", json_object_new_int64(p->price));
	json_object_object_add(o, "currency",
	    json_object_new_string(p->currency));
	json_object_object_add(o, "price_display", json_object_new_string(
	    shop_money_format(r->a, p->price, p->currency)));
	json_object_object_add(o, "in_stock",
	    json_object_new_boolean(p->stock > 0));
	json_object_object_add(o, "image", p->image[0] == '\0' ? NULL :
	    json_object_new_string(arena_printf(r->a, "/media/%s",
	    p->image)));
	json_object_object_add(o, "url", json_object_new_string(
	    arena_printf(r->a, "/p/%s", p->slug)));
	return o;
}

static void
sf_add_products(struct req *r, struct json_object *d,
    const struct shop_product *p, size_t n)
{
	struct json_object	*arr = json_object_new_array();
	size_t			 i;

	for (i = 0; i < n; i++)
		json_object_array_add(arr, sf_product_json(r, &p[i]));
	json_object_object_add(d, "products", arr);
	json_object_object_add(d, "has_products",
	    json_object_new_boolean(n > 0));
}

enum souk_err
sf_home(struct req *r)
{
	const struct shop_tenant *t = r->tenant;
	struct shop_category	*cats;
	struct shop_product	*prods;
	struct json_object	*d;
	size_t			 ncats, nprods;
	enum souk_err		 er;
	struct db		*db = app_db(r->app);

	if ((er = shop_categories(db, r->app->cache, r->a, t->id, &cats,
	    &ncats)) != SOUK_OK ||
	    (er = shop_products_featured(db, r->a, t->id, SF_FEATURED, &prods,
	    &nprods)) != SOUK_OK)
		return er;
	if ((d = sf_page_new(r, "Home", cats, ncats, NULL)) == NULL)
		return SOUK_ENOMEM;
	sf_add_products(r, d, prods, nprods);
	return resp_html(r, 200, "home", d);
}

static void
sf_add_category(struct json_object *d, const struct shop_category *c,
    int64_t page, int more)
{
	struct json_object	*o = json_object_new_object(), *pg;

	json_object_object_add(o, "name", json_object_new_string(c->name));
	json_object_object_add(o, "slug", json_object_new_string(c->slug));
	json_object_object_add(o, "description",
	    json_object_new_string(c->description));
	json_object_object_add(d, "category", o);
	if (page == 1 && !more)
		return;
	pg = json_object_new_object();
	json_object_object_add(pg, "page", json_object_new_int64(page));
	if (page > 1)
		json_object_object_add(pg, "prev",
		    json_object_new_int64(page - 1));
	if (more)
		json_object_object_add(pg, "next",
		    json_object_new_int64(page + 1));
	json_object_object_add(d, "pager", pg);
}

enum souk_err
sf_category(struct req *r)
{
	const struct shop_tenant	*t = r->tenant;
	const struct shop_category	*c;
	struct shop_category		*cats;
	struct shop_product		*prods;
	struct json_object		*d;
	size_t				 ncats, nprods;
	int64_t				 page = req_param_i64(r, "page", 1);
	enum souk_err			 er;
	struct db			*db = app_db(r->app);

	if ((er = shop_categories(db, r->app->cache, r->a, t->id, &cats,
	    &ncats)) != SOUK_OK)
		return er;
	if ((c = shop_category_find(cats, ncats, req_path(r, "slug"))) ==
	    NULL)
		return SOUK_NOTFOUND;
	if ((er = shop_products_in_category(db, r->a, t->id, c->id,
	    (page - 1) * SF_PAGE_SIZE, SF_PAGE_SIZE, &prods, &nprods)) !=
	    SOUK_OK)
		return er;
	if (page > 1 && nprods == 0)
		return SOUK_NOTFOUND;
	if ((d = sf_page_new(r, c->name, cats, ncats, c->slug)) == NULL)
		return SOUK_ENOMEM;
	sf_add_products(r, d, prods, nprods > SF_PAGE_SIZE ? SF_PAGE_SIZE :
	    nprods);
	sf_add_category(d, c, page, nprods > SF_PAGE_SIZE);
	return resp_html(r, 200, "category", d);
}

enum souk_err
sf_product(struct req *r)
{
	const struct shop_tenant *t = r->tenant;
	struct shop_category	*cats;
	struct shop_product	 p;
	struct json_object	*d;
	size_t			 ncats;
	enum souk_err		 er;
	struct db		*db = app_db(r->app);

	if ((er = shop_categories(db, r->app->cache, r->a, t->id, &cats,
	    &ncats)) != SOUK_OK ||
	    (er = shop_product_by_slug(db, r->a, t->id, req_path(r, "slug"),
	    &p)) != SOUK_OK)
		return er;
	if ((d = sf_page_new(r, p.name, cats, ncats, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "product", sf_product_json(r, &p));
	return resp_html(r, 200, "product", d);
}
