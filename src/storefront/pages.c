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
	{ "theme_style", TMPL_RAW },
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
	{ "csrf", TMPL_SCALAR },
	{ "error", TMPL_ANY },
	{ "notice", TMPL_ANY },
	{ "email", TMPL_SCALAR },
	{ "token", TMPL_SCALAR },
	{ "form", TMPL_SECTION },
	{ "account", TMPL_SECTION },
	{ "verified", TMPL_SECTION },
	{ "addresses", TMPL_SECTION },
	{ "has_addresses", TMPL_SECTION },
	{ "line1", TMPL_SCALAR },
	{ "line2", TMPL_ANY },
	{ "city", TMPL_SCALAR },
	{ "postal_code", TMPL_ANY },
	{ "country", TMPL_SCALAR },
	{ "phone", TMPL_ANY },
	{ "lang", TMPL_SCALAR },
	{ "lang_prefix", TMPL_SCALAR },
	{ "alternates", TMPL_SECTION },
	{ "languages", TMPL_SECTION },
	{ "hreflang", TMPL_SCALAR },
	{ "href", TMPL_SCALAR },
	{ "label", TMPL_SCALAR },
	{ NULL, 0 }
};

/* Page data with the category navigation; current may be NULL. */
static struct json_object *
sf_page_new(struct req *r, const char *title, const struct shop_catalog *cat,
    const char *current)
{
	struct json_object	*d, *arr, *e;
	size_t			 i;

	if ((d = req_json_own(r, json_object_new_object())) == NULL)
		return NULL;
	json_object_object_add(d, "title", json_str(title));
	arr = json_object_new_array();
	for (i = 0; i < cat->n; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "slug",
		    json_str(cat->cats[i].slug));
		json_object_object_add(e, "name",
		    json_str(cat->cats[i].name));
		json_object_object_add(e, "current", json_object_new_boolean(
		    current != NULL && strcmp(current, cat->cats[i].slug) == 0));
		json_object_array_add(arr, e);
	}
	json_object_object_add(d, "categories", arr);
	json_object_object_add(d, "has_categories",
	    json_object_new_boolean(cat->n > 0));
	return d;
}

struct json_object *
sf_product_json(struct req *r, const struct shop_product *p)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(p->id));
	json_object_object_add(o, "slug", json_str(p->slug));
	json_object_object_add(o, "sku", json_str(p->sku));
	json_object_object_add(o, "name", json_str(p->name));
	json_object_object_add(o, "description",
	    json_str(p->description));
	json_object_object_add(o, "price", json_object_new_int64(p->price));
	json_object_object_add(o, "currency",
	    json_str(p->currency));
	json_object_object_add(o, "price_display", json_str(fmt_money(r->a,
	    ((const struct shop_tenant *)r->tenant)->locale, p->currency,
	    p->price)));
	json_object_object_add(o, "in_stock",
	    json_object_new_boolean(p->stock > 0));
	json_object_object_add(o, "image", p->image[0] == '\0' ? NULL :
	    json_str(arena_printf(r->a, "/media/%s",
	    p->image)));
	json_object_object_add(o, "url", json_str(arena_printf(r->a,
	    "%s/p/%s", shopweb_lang_prefix(r), p->slug)));
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

/*
 * Listing pages (home, category) are cached whole in memcached, framed
 * with the catalog version they were made from, and come in the same
 * round trip as the tenant record (routes flagged ROUTE_CACHE): a warm
 * request reads no database and renders nothing.  A catalog write bumps
 * the version, so every cached page of the tenant goes stale at once.
 * Nothing in them depends on the request but the host and path (with
 * its language prefix: shopweb_page_key).
 */
static enum souk_err
sf_listing(struct req *r, const char *tmpl, enum souk_err (*build)(
    struct req *, const struct shop_catalog *, struct json_object **))
{
	const struct shop_tenant *t = r->tenant;
	struct shop_catalog	 cat;
	struct json_object	*d;
	struct buf		 b;
	const char		*page, *key, *framed;
	size_t			 len;
	enum souk_err		 er;

	if ((page = shop_catalog_fresh(t, t->also)) != NULL) {
		shopweb_theme(r);
		resp_text(r, 200, "text/html; charset=utf-8", page, (size_t)-1);
		return SOUK_OK;
	}
	if ((er = shop_catalog_get(app_db(r->app), r->app->cache, r->a, t,
	    sf_content_lang(r), &cat)) != SOUK_OK ||
	    (er = build(r, &cat, &d)) != SOUK_OK)
		return er;
	buf_init(&b, r->a, 16384);
	if ((er = resp_html_render(r, tmpl, d, &b)) != SOUK_OK)
		return er;
	if (!buf_ok(&b))
		return SOUK_ENOMEM;
	if ((key = shopweb_page_key(r)) != NULL &&
	    (framed = shop_catalog_frame(r->a, t, b.data, b.len, &len)) != NULL)
		cache_set(r->app->cache, key, framed, len, 0);
	resp_text(r, 200, "text/html; charset=utf-8", b.data, b.len);
	return SOUK_OK;
}

static enum souk_err
sf_home_build(struct req *r, const struct shop_catalog *cat,
    struct json_object **out)
{
	struct shop_product	*prods;
	size_t			 n;
	enum souk_err		 er;

	if ((er = shop_products_featured(app_db(r->app), r->a, r->tenant_id,
	    sf_content_lang(r), SF_FEATURED, &prods, &n)) != SOUK_OK)
		return er;
	if ((*out = sf_page_new(r, req_tr(r, N_("Home")), cat, NULL)) ==
	    NULL)
		return SOUK_ENOMEM;
	sf_add_products(r, *out, prods, n);
	return SOUK_OK;
}

enum souk_err
sf_home(struct req *r)
{
	return sf_listing(r, "home", sf_home_build);
}

static void
sf_add_category(struct json_object *d, const struct shop_category *c,
    int64_t page, int more)
{
	struct json_object	*o = json_object_new_object(), *pg;

	json_object_object_add(o, "name", json_str(c->name));
	json_object_object_add(o, "slug", json_str(c->slug));
	json_object_object_add(o, "description",
	    json_str(c->description));
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

static enum souk_err
sf_category_build(struct req *r, const struct shop_catalog *cat,
    struct json_object **out)
{
	const struct shop_category	*c;
	struct shop_product		*prods;
	int64_t				 page = req_param_i64(r, "page", 1);
	size_t				 n;
	enum souk_err			 er;

	if ((c = shop_category_find(cat, req_path(r, "slug"))) == NULL)
		return SOUK_NOTFOUND;
	if ((er = shop_products_in_category(app_db(r->app), r->a,
	    r->tenant_id, sf_content_lang(r), c->id, (page - 1) *
	    SF_PAGE_SIZE, SF_PAGE_SIZE, &prods, &n)) != SOUK_OK)
		return er;
	if (page > 1 && n == 0)
		return SOUK_NOTFOUND;
	if ((*out = sf_page_new(r, c->name, cat, c->slug)) == NULL)
		return SOUK_ENOMEM;
	sf_add_products(r, *out, prods, n > SF_PAGE_SIZE ? SF_PAGE_SIZE : n);
	sf_add_category(*out, c, page, n > SF_PAGE_SIZE);
	return SOUK_OK;
}

enum souk_err
sf_category(struct req *r)
{
	return sf_listing(r, "category", sf_category_build);
}

enum souk_err
sf_product(struct req *r)
{
	struct shop_catalog	 cat;
	struct shop_product	 p;
	struct json_object	*d;
	enum souk_err		 er;
	struct db		*db = app_db(r->app);

	if ((er = shop_catalog_get(db, r->app->cache, r->a, r->tenant,
	    sf_content_lang(r), &cat)) != SOUK_OK ||
	    (er = shop_product_by_slug(db, r->a, r->tenant_id,
	    sf_content_lang(r), req_path(r, "slug"), &p)) != SOUK_OK)
		return er;
	if ((d = sf_page_new(r, p.name, &cat, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "product", sf_product_json(r, &p));
	return resp_html(r, 200, "product", d);
}

/*
 * GET /.well-known/souk-domain-verification/<token> on a custom domain
 * not yet verified: the token itself if it is that domain's, so that
 * Center can tell the domain points at us.
 */
enum souk_err
sf_domain_token(struct req *r)
{
	const char	*token = req_path(r, "token");

	if (!shop_domain_token_ok(app_db(r->app), r->a, r->host, token))
		return SOUK_NOTFOUND;
	resp_text(r, 200, "text/plain; charset=utf-8", token, (size_t)-1);
	return SOUK_OK;
}
