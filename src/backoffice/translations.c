/*
 * Translations of the catalog: a product's page (/admin/products/{id})
 * with its name and description in each other language of the shop,
 * and the JSON API of products' and categories' translations under
 * /admin/api/v1/{products,categories}/{id}/translations[/{lang}], with
 * the list of categories (the backoffice has no category pages yet).
 * A field left empty shows the default language's text.  Another
 * shop's id is no product here: 404.
 */
#include <string.h>

#include "backoffice/backoffice.h"

static const struct shop_tenant *
tenant_of(struct req *r)
{
	return r->tenant;
}

/* What the route translates: its arg, "product" or "category". */
static enum shop_tr
kind_of(struct req *r)
{
	return str_eq(route_arg(r), "category") ? SHOP_TR_CATEGORY :
	    SHOP_TR_PRODUCT;
}

static struct json_object *
tr_json(const struct shop_translation *t)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "lang", json_str(t->lang));
	json_object_object_add(o, "name", t->name != NULL ? json_str(t->name) :
	    NULL);
	json_object_object_add(o, "description", t->description != NULL ?
	    json_str(t->description) : NULL);
	return o;
}

/* ---- the product's page ---------------------------------------------- */

/* A translation as the form shows it: "" where untranslated. */
static struct json_object *
tr_row(const struct shop_translation *t)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "lang", json_str(t->lang));
	json_object_object_add(o, "label", json_str(i18n_lang_name(t->lang)));
	json_object_object_add(o, "name", json_str(t->name != NULL ? t->name :
	    ""));
	json_object_object_add(o, "description", json_str(t->description !=
	    NULL ? t->description : ""));
	return o;
}

static enum souk_err
product_page(struct req *r, int status, const char *error,
    const char *notice)
{
	struct shop_translation	 base, *tr;
	struct json_object	*d, *arr, *p;
	int64_t			 id = req_path_i64(r, "id");
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = shop_translations_get(app_db(r->app), r->a, tenant_of(r),
	    SHOP_TR_PRODUCT, id, &base, &tr, &n)) != SOUK_OK)
		return er;
	if ((d = auth_page_data(r, base.name, error, notice)) == NULL)
		return SOUK_ENOMEM;
	p = tr_row(&base);
	json_object_object_add(d, "product", p);
	json_object_object_add(d, "id", json_object_new_int64(id));
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, tr_row(&tr[i]));
	json_object_object_add(d, "translations", arr);
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    auth_can(auth_of(r), SHOP_P_CATALOG_WRITE)));
	json_object_object_add(d, "can_settings", json_object_new_boolean(
	    auth_can(auth_of(r), SHOP_P_SETTINGS_WRITE)));
	return resp_html(r, status, "product", d);
}

enum souk_err
bo_page_product(struct req *r)
{
	return product_page(r, 200, NULL, NULL);
}

enum souk_err
bo_page_translation_post(struct req *r)
{
	struct shop_translation	 in;
	struct souk_why		 why;
	const char		*msg;
	int			 st;
	enum souk_err		 er;

	in.lang = req_path(r, "lang");
	in.name = req_param(r, "name");
	in.description = req_param(r, "description");
	er = shop_translation_put(app_db(r->app), r->a, tenant_of(r),
	    SHOP_TR_PRODUCT, req_path_i64(r, "id"), &in, &why);
	if (resp_form_error(r, er, "The translation was not saved", &why, &st,
	    &msg))
		return product_page(r, st, msg, NULL);
	if (er != SOUK_OK)
		return er;
	bo_tenant_changed(r, "a translation");
	return product_page(r, 200, NULL, req_trf(r,
	    N_("The {language} text is saved."), "language",
	    i18n_lang_name(in.lang), NULL));
}

/* ---- the JSON API ---------------------------------------------------- */

/* GET …/{id}/translations: the default language's text and the others. */
enum souk_err
bo_api_translations(struct req *r)
{
	struct shop_translation	 base, *tr;
	struct json_object	*o, *arr;
	size_t			 n, i;
	enum souk_err		 er;

	er = shop_translations_get(app_db(r->app), r->a, tenant_of(r),
	    kind_of(r), req_path_i64(r, "id"), &base, &tr, &n);
	if (er != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(
	    req_path_i64(r, "id")));
	json_object_object_add(o, "default", tr_json(&base));
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, tr_json(&tr[i]));
	json_object_object_add(o, "translations", arr);
	return resp_json(r, 200, o);
}

/* GET …/{id}/translations/{lang}: 404 unless the shop serves lang. */
enum souk_err
bo_api_translation(struct req *r)
{
	struct shop_translation	 base, *tr;
	const char		*lang = req_path(r, "lang");
	size_t			 n, i;
	enum souk_err		 er;

	er = shop_translations_get(app_db(r->app), r->a, tenant_of(r),
	    kind_of(r), req_path_i64(r, "id"), &base, &tr, &n);
	if (er != SOUK_OK)
		return er;
	for (i = 0; i < n; i++)
		if (str_eq(tr[i].lang, lang))
			return resp_json(r, 200, tr_json(&tr[i]));
	r->detail = "The shop serves no such language besides its default "
	    "one.";
	return SOUK_NOTFOUND;
}

/* PUT {name, description} (null or "": the default language's) or DELETE. */
enum souk_err
bo_api_translation_put(struct req *r)
{
	struct shop_translation	 in;
	struct souk_why		 why;
	enum souk_err		 er;

	memset(&in, 0, sizeof(in));
	in.lang = req_path(r, "lang");
	if (r->method == HTTP_PUT) {
		if ((er = req_json_object(r)) != SOUK_OK)
			return er;
		in.name = req_json_str(r, "name");
		in.description = req_json_str(r, "description");
	}
	if ((er = shop_translation_put(app_db(r->app), r->a, tenant_of(r),
	    kind_of(r), req_path_i64(r, "id"), &in, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	bo_tenant_changed(r, "a translation");
	if (r->method == HTTP_DELETE)
		return resp_empty(r, 204);
	in.name = in.name != NULL && *in.name != '\0' ? in.name : NULL;
	in.description = in.description != NULL && *in.description != '\0' ?
	    in.description : NULL;
	return resp_json(r, 200, tr_json(&in));
}

/* GET /admin/api/v1/categories: the shop's, in the default language. */
enum souk_err
bo_api_categories(struct req *r)
{
	struct shop_catalog	 cat;
	struct json_object	*o, *arr, *c;
	size_t			 i;
	enum souk_err		 er;

	if ((er = shop_catalog_get(app_db(r->app), r->app->cache, r->a,
	    tenant_of(r), NULL, &cat)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	for (i = 0; i < cat.n; i++) {
		c = json_object_new_object();
		json_object_object_add(c, "id", json_object_new_int64(
		    cat.cats[i].id));
		json_object_object_add(c, "slug", json_str(cat.cats[i].slug));
		json_object_object_add(c, "name", json_str(cat.cats[i].name));
		json_object_object_add(c, "description", json_str(
		    cat.cats[i].description));
		json_object_array_add(arr, c);
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", arr);
	return resp_json(r, 200, o);
}
