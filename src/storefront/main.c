/* souk-storefront.fcgi: the shop pages and the store API. */
#include "storefront/storefront.h"

static const struct param_decl page_params[] = {
	{ "page", VALID_INT, 0, 1, 10000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl list_params[] = {
	{ "cursor", VALID_CURSOR, 0, 0, 0 },
	{ "limit", VALID_INT, 0, 1, 100 },
	{ NULL, 0, 0, 0, 0 }
};

#define T	ROUTE_TENANT
#define J	(ROUTE_TENANT | ROUTE_JSON)

static const struct route routes[] = {
	{ HTTP_GET, "/", "home", sf_home, NULL, T | ROUTE_CACHE, NULL },
	{ HTTP_GET, "/c/{slug:slug}", "category", sf_category, page_params,
	    T | ROUTE_CACHE, NULL },
	{ HTTP_GET, "/p/{slug:slug}", "product", sf_product, NULL, T, NULL },
	{ HTTP_GET, "/api/v1/products", "api.products", sf_api_products,
	    list_params, J, NULL },
	{ HTTP_GET, "/api/v1/products/{id:id}", "api.product", sf_api_product,
	    NULL, J, NULL },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.name = "storefront",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = sf_vars,
		.plane = APP_SHOP,
		.stmts = shop_sql,
		.nstmts = SQL__MAX,
		.resolve = shop_web_resolve,
		.page_data = shop_web_page_data,
	};

	return app_main(&app, argc, argv);
}
