/* souk-backoffice.fcgi: store staff pages at <shop host>/admin/. */
#include "http/http.h"
#include "shop/shop.h"

static const struct tmpl_var bo_vars[] = {
	APP_TMPL_VARS,
	{ "shop_name", TMPL_ANY },
	{ "theme_style", TMPL_RAW },
	{ "year", TMPL_SCALAR },
	{ "host", TMPL_SCALAR },
	{ NULL, 0 }
};

static enum souk_err
bo_index(struct req *r)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "title", json_object_new_string(
	    "Dashboard"));
	json_object_object_add(d, "host", json_object_new_string(r->host));
	return resp_html(r, 200, "index", d);
}

static enum souk_err
bo_slash(struct req *r)
{
	resp_redirect(r, 301, "/admin/");
	return SOUK_OK;
}

static const struct route routes[] = {
	{ HTTP_GET, "/admin", "slash", bo_slash, NULL, 0, NULL },
	{ HTTP_GET, "/admin/", "index", bo_index, NULL, ROUTE_TENANT, NULL },
	APP_HEALTH_ROUTES("/admin"),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.name = "backoffice",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = bo_vars,
		.plane = APP_SHOP,
		.stmts = shop_sql,
		.nstmts = SQL__MAX,
		.resolve = shop_web_resolve,
		.page_data = shop_web_page_data,
	};

	return app_main(&app, argc, argv);
}
