/*
 * Request glue shared by the two tenant-facing programs (storefront and
 * backoffice): resolve the tenant of a request and theme its pages.
 * The only file of src/shop that knows struct req.
 */
#include <time.h>

#include "shop/shop.h"
#include "http/http.h"

enum souk_err
shop_web_resolve(struct req *r)
{
	struct shop_tenant	*t;
	enum souk_err		 er;

	er = shop_tenant_resolve(app_db(r->app), r->app->cache, r->a,
	    r->host, r->app->conf.base_domain, &t);
	if (t != NULL && (er == SOUK_OK || er == SOUK_CLOSED)) {
		r->tenant = t;
		r->tenant_id = t->id;
	}
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no shop at this address.";
	return er;
}

void
shop_web_page_data(struct req *r, struct json_object *d)
{
	const struct shop_tenant	*t = r->tenant;
	time_t				 now = time(NULL);
	struct tm			 tm;

	gmtime_r(&now, &tm);
	json_object_object_add(d, "year", json_object_new_int(
	    tm.tm_year + 1900));
	if (t == NULL)
		return;
	json_object_object_add(d, "shop_name", json_object_new_string(
	    t->name));
	json_object_object_add(d, "theme_color", json_object_new_string(
	    t->theme_color));
}

