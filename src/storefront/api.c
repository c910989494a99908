/*
 * The store JSON API: product list with cursor pagination and one
 * product by id, in the shop's language of ?lang= (its translation where
 * there is one, else the default language's text, field by field).
 * Errors are RFC 9457 problem+json (ROUTE_JSON).
 */
#include <string.h>

#include "storefront/storefront.h"

#define API_LIMIT_DEFAULT	20

/*
 * Cursors are opaque to clients: "p" and the last product id in base 36,
 * so that nobody builds them by hand and we may change them later.
 */
static const char *
cursor_encode(struct arena *a, int64_t id)
{
	static const char	 digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char			 tmp[16];
	size_t			 i = sizeof(tmp);
	uint64_t		 v = (uint64_t)id;

	tmp[--i] = '\0';
	do {
		tmp[--i] = digits[v % 36];
		v /= 36;
	} while (v > 0 && i > 1);
	tmp[--i] = 'p';
	return arena_strdup(a, tmp + i);
}

static enum souk_err
cursor_decode(const char *s, int64_t *out)
{
	const char	*p;
	uint64_t	 v = 0;

	*out = 0;
	if (s == NULL)
		return SOUK_OK;
	if (s[0] != 'p' || s[1] == '\0' || strlen(s) > 13)
		return SOUK_INVALID;
	for (p = s + 1; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			v = v * 36 + (uint64_t)(*p - '0');
		else if (*p >= 'a' && *p <= 'z')
			v = v * 36 + (uint64_t)(*p - 'a' + 10);
		else
			return SOUK_INVALID;
	}
	if (v > INT64_MAX)
		return SOUK_INVALID;
	*out = (int64_t)v;
	return SOUK_OK;
}

enum souk_err
sf_api_products(struct req *r)
{
	struct shop_product	*p;
	struct json_object	*o, *items;
	int64_t			 after, limit;
	size_t			 n, i;
	enum souk_err		 er;

	limit = req_param_i64(r, "limit", API_LIMIT_DEFAULT);
	if (cursor_decode(req_param(r, "cursor"), &after) != SOUK_OK)
		return req_field_error(r, "cursor",
		    "must be a cursor returned by this API");
	if ((er = sf_api_lang(r)) != SOUK_OK)
		return er;
	if ((er = shop_products_after(app_db(r->app), r->a, r->tenant_id,
	    sf_content_lang(r), after, (int)limit, &p, &n)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "lang", json_str(r->lang));
	items = json_object_new_array();
	for (i = 0; i < n && i < (size_t)limit; i++)
		json_object_array_add(items, sf_product_json(r, &p[i]));
	json_object_object_add(o, "items", items);
	json_object_object_add(o, "next_cursor", n > (size_t)limit ?
	    json_str(cursor_encode(r->a, p[limit - 1].id)) :
	    NULL);
	return resp_json(r, 200, o);
}

enum souk_err
sf_api_product(struct req *r)
{
	struct shop_product	 p;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = sf_api_lang(r)) != SOUK_OK)
		return er;
	er = shop_product_by_id(app_db(r->app), r->a, r->tenant_id,
	    sf_content_lang(r), req_path_i64(r, "id"), &p);
	if (er == SOUK_NOTFOUND)
		r->detail = "no such product";
	if (er != SOUK_OK)
		return er;
	o = sf_product_json(r, &p);
	json_object_object_add(o, "lang", json_str(r->lang));
	return resp_json(r, 200, o);
}
