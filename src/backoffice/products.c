/*
 * Products in the backoffice: the newest ones and a form to add one
 * (/admin/products), and POST /admin/api/v1/products.  Adding stops at
 * the plan's max_products: a clear message on the page, 403 in the API.
 * The form takes the price as staff write it (bo_locale: "12,50"), the
 * API in minor units (1250).
 */
#include <string.h>

#include "backoffice/backoffice.h"

static int64_t
max_products(struct req *r)
{
	return shop_feature_limit(shop_features(&r->app->conf, app_db(r->app),
	    r->app->cache, r->a, r->tenant_id), "max_products");
}

/* The add form: what was typed after a refusal, else stock 0. */
static struct json_object *
product_form(struct req *r, int typed)
{
	static const char *const fields[] = { "sku", "name", "price", "stock",
	    "description" };
	struct json_object	*o = bo_form(r, fields, 5, typed);

	if (!typed)
		json_object_object_add(o, "stock", json_str("0"));
	return o;
}

static enum souk_err
products_page(struct req *r, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = auth_page_data(r, N_("Products"), error,
				    notice);
	struct json_object	*arr, *o;
	struct shop_product	*ps;
	size_t			 n, i;
	int64_t			 count;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = shop_products_recent(app_db(r->app), r->a, r->tenant_id, &ps,
	    &n, &count)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(
		    ps[i].id));
		json_object_object_add(o, "sku", json_str(ps[i].sku));
		json_object_object_add(o, "name", json_str(ps[i].name));
		json_object_object_add(o, "slug", json_str(ps[i].slug));
		json_object_object_add(o, "price", json_str(fmt_money(r->a,
		    bo_locale(r), ps[i].currency, ps[i].price)));
		json_object_object_add(o, "stock", json_object_new_int64(
		    ps[i].stock));
		json_object_array_add(arr, o);
	}
	json_object_object_add(d, "products", arr);
	json_object_object_add(d, "count", json_object_new_int64(count));
	json_object_object_add(d, "limit", json_object_new_int64(
	    max_products(r)));
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    auth_can(auth_of(r), SHOP_P_CATALOG_WRITE)));
	json_object_object_add(d, "form", product_form(r, error != NULL));
	bo_money_data(r, d);
	return resp_html(r, status, "products", d);
}

enum souk_err
bo_page_products(struct req *r)
{
	return products_page(r, 200, NULL, NULL);
}

enum souk_err
bo_page_product_add(struct req *r)
{
	struct shop_product_in	 in;
	struct souk_why		 why;
	const char		*msg;
	int64_t			 id;
	int			 st;
	enum souk_err		 er;

	memset(&in, 0, sizeof(in));
	in.sku = req_param(r, "sku");
	in.name = req_param(r, "name");
	in.description = req_param(r, "description");
	in.stock = req_param_i64(r, "stock", 0);
	if ((er = bo_param_money(r, "price", -1, &in.price, &why)) ==
	    SOUK_OK)
		er = shop_product_create(app_db(r->app), r->a, r->tenant_id,
		    &in, max_products(r), &id, &why);
	if (resp_form_error(r, er, N_("The product was not added"), &why,
	    &st, &msg))
		return products_page(r, st, msg, NULL);
	if (er != SOUK_OK)
		return er;
	bo_tenant_changed(r, "a new product");
	return products_page(r, 201, NULL, req_trf(r,
	    N_("{name} is in the catalog."), "name", in.name, NULL));
}

enum souk_err
bo_api_product_create(struct req *r)
{
	struct shop_product_in	 in;
	struct json_object	*o;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	memset(&in, 0, sizeof(in));
	in.sku = req_json_str(r, "sku");
	in.name = req_json_str(r, "name");
	in.slug = req_json_str(r, "slug");
	in.description = req_json_str(r, "description");
	in.price = req_json_i64(r, "price", -1);
	in.stock = req_json_i64(r, "stock", 0);
	if ((er = shop_product_create(app_db(r->app), r->a, r->tenant_id, &in,
	    max_products(r), &id, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	bo_tenant_changed(r, "a new product");
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "sku", json_str(in.sku));
	json_object_object_add(o, "name", json_str(in.name));
	resp_header(r, "Location", arena_printf(r->a, "/api/v1/products/%lld",
	    (long long)id));
	return resp_json(r, 201, o);
}
