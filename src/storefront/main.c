/* souk-storefront.fcgi: the shop pages and the store API. */
#include "storefront/storefront.h"

static const struct param_decl page_params[] = {
	{ "page", VALID_INT, 0, 1, 10000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl list_params[] = {
	{ "cursor", VALID_CURSOR, 0, 0, 0 },
	{ "limit", VALID_INT, 0, 1, 100 },
	{ "lang", VALID_LINE, 0, 1, 16 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl lang_params[] = {
	{ "lang", VALID_LINE, 0, 1, 16 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl form_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "email", VALID_LINE, 0, 0, 254 },
	{ "password", VALID_TEXT, 0, 0, 1024 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "token", VALID_LINE, 0, 0, 80 },
	{ "line1", VALID_LINE, 0, 0, 200 },
	{ "line2", VALID_LINE, 0, 0, 200 },
	{ "city", VALID_LINE, 0, 0, 100 },
	{ "postal_code", VALID_LINE, 0, 0, 20 },
	{ "country", VALID_LINE, 0, 0, 2 },
	{ "phone", VALID_LINE, 0, 0, 32 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl token_params[] = {
	{ "token", VALID_LINE, 0, 0, 80 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl register_body[] = {
	{ "email", VALID_LINE, 1, 1, 254 },
	{ "password", VALID_TEXT, 1, 0, 1024 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl address_body[] = {
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "line1", VALID_LINE, 0, 0, 200 },
	{ "line2", VALID_LINE, 0, 0, 200 },
	{ "city", VALID_LINE, 0, 0, 100 },
	{ "postal_code", VALID_LINE, 0, 0, 20 },
	{ "country", VALID_LINE, 0, 0, 2 },
	{ "phone", VALID_LINE, 0, 0, 32 },
	{ NULL, 0, 0, 0, 0 }
};

/* Pages: in every language of the shop ("/de/…"). */
#define T	(ROUTE_TENANT | ROUTE_LANG)
#define J	(ROUTE_TENANT | ROUTE_JSON)
#define PAGE	AUTH_COOKIE
#define API	AUTH_BEARER

/* A page or API route anyone may call; arg for its handler. */
#define OPEN(m, path, name, fn, params, flags, arg, body) \
	{ m, path, name, fn, params, flags, NULL, 0, 0, arg, body }
/* A page of a signed-in customer. */
#define CUSTOMER(m, path, name, fn, params) \
	{ m, path, name, fn, params, T, NULL, PAGE, 0, NULL, NULL }
/* An API route of a signed-in customer (a bearer token). */
#define CUSTOMER_API(m, path, name, fn, body) \
	{ m, path, name, fn, NULL, J, NULL, API, 0, NULL, body }

static const struct route routes[] = {
	OPEN(HTTP_GET, "/", "home", sf_home, NULL, T | ROUTE_CACHE, NULL,
	    NULL),
	OPEN(HTTP_GET, "/c/{slug:slug}", "category", sf_category, page_params,
	    T | ROUTE_CACHE, NULL, NULL),
	OPEN(HTTP_GET, "/p/{slug:slug}", "product", sf_product, NULL, T, NULL,
	    NULL),
	OPEN(HTTP_GET, "/api/v1/products", "api.products", sf_api_products,
	    list_params, J, NULL, NULL),
	OPEN(HTTP_GET, "/api/v1/products/{id:id}", "api.product",
	    sf_api_product, lang_params, J, NULL, NULL),
	CUSTOMER(HTTP_GET, "/account", "account", auth_page_account, NULL),
	OPEN(HTTP_GET, "/account/login", "login", auth_page_login, NULL, T,
	    NULL, NULL),
	OPEN(HTTP_POST, "/account/login", "login.post", auth_page_login_post,
	    form_params, T | ROUTE_SIGNIN, NULL, NULL),
	OPEN(HTTP_GET, "/account/register", "register", sf_page_register,
	    NULL, T, NULL, NULL),
	OPEN(HTTP_POST, "/account/register", "register.post",
	    sf_page_register_post, form_params, T, NULL, NULL),
	{ HTTP_POST, "/account/logout", "logout", auth_page_logout,
	    form_params, T | ROUTE_SIGNIN, NULL, PAGE | AUTH_ANY_STAGE, 0,
	    NULL, NULL },
	CUSTOMER(HTTP_POST, "/account/profile", "profile.post",
	    auth_page_account_post, form_params),
	CUSTOMER(HTTP_POST, "/account/addresses", "address.post",
	    sf_page_address_post, form_params),
	CUSTOMER(HTTP_POST, "/account/addresses/{id:id}/delete",
	    "address.delete", sf_page_address_delete_post, form_params),
	CUSTOMER(HTTP_POST, "/account/verify/resend", "verify.resend",
	    sf_page_verify_resend_post, form_params),
	OPEN(HTTP_GET, "/account/forgot", "forgot", auth_page_forgot, NULL, T,
	    NULL, NULL),
	OPEN(HTTP_POST, "/account/forgot", "forgot.post",
	    auth_page_forgot_post, form_params, T, NULL, NULL),
	OPEN(HTTP_GET, "/account/reset", "reset", auth_page_link,
	    token_params, T, "password_reset", NULL),
	OPEN(HTTP_POST, "/account/reset", "reset.post", auth_page_link_post,
	    form_params, T, "password_reset", NULL),
	OPEN(HTTP_GET, "/account/verify", "verify", auth_page_link,
	    token_params, T, "email_verification", NULL),
	OPEN(HTTP_POST, "/account/verify", "verify.post", auth_page_link_post,
	    form_params, T, "email_verification", NULL),
	OPEN(HTTP_POST, "/api/v1/customers", "api.customers.create",
	    sf_api_customer_create, NULL, J, NULL, register_body),
	OPEN(HTTP_POST, "/api/v1/auth/token", "api.token.create",
	    auth_api_token_create, NULL, J | ROUTE_SIGNIN, NULL,
	    auth_signin_body),
	{ HTTP_DELETE, "/api/v1/auth/token", "api.token.delete",
	    auth_api_token_delete, NULL, J | ROUTE_SIGNIN, NULL, API, 0, NULL,
	    NULL },
	OPEN(HTTP_POST, "/api/v1/auth/password-reset", "api.password.forgot",
	    auth_api_password_forgot, NULL, J, NULL, auth_email_body),
	OPEN(HTTP_POST, "/api/v1/auth/password-reset/confirm",
	    "api.password.reset", auth_api_password_set, NULL, J,
	    "password_reset", auth_link_body),
	OPEN(HTTP_POST, "/api/v1/auth/verify-email", "api.verify",
	    auth_api_verify, NULL, J, NULL, auth_token_body),
	CUSTOMER_API(HTTP_GET, "/api/v1/me", "api.me", auth_api_me, NULL),
	CUSTOMER_API(HTTP_PATCH, "/api/v1/me", "api.me.update",
	    auth_api_me_update, auth_name_body),
	CUSTOMER_API(HTTP_POST, "/api/v1/me/verify-email", "api.verify.resend",
	    auth_api_verify_resend, NULL),
	CUSTOMER_API(HTTP_GET, "/api/v1/me/addresses", "api.addresses",
	    sf_api_addresses, NULL),
	CUSTOMER_API(HTTP_POST, "/api/v1/me/addresses", "api.address.add",
	    sf_api_address_add, address_body),
	CUSTOMER_API(HTTP_DELETE, "/api/v1/me/addresses/{id:id}",
	    "api.address.delete", sf_api_address_delete, NULL),
	OPEN(HTTP_GET, "/.well-known/souk-domain-verification/{token:slug}",
	    "domain.verify", sf_domain_token, NULL, 0, NULL, NULL),
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = auth_started,
		.name = "storefront",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = sf_vars,
		.plane = APP_SHOP,
		.stmts = shop_sql,
		.nstmts = SQL__MAX,
		.lang_prefix = sf_lang_prefix,
		.resolve = sf_resolve,
		.authorize = auth_route,
		.auth = &sf_customers,
		.page_data = sf_page_data,
	};

	return app_main(&app, argc, argv);
}
