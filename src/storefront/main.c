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
	{ HTTP_GET, "/account", "account", sf_page_account, NULL, T, NULL },
	{ HTTP_GET, "/account/login", "login", sf_page_login, NULL, T, NULL },
	{ HTTP_POST, "/account/login", "login.post", sf_page_login_post,
	    form_params, T | ROUTE_SIGNIN, NULL },
	{ HTTP_GET, "/account/register", "register", sf_page_register, NULL,
	    T, NULL },
	{ HTTP_POST, "/account/register", "register.post",
	    sf_page_register_post, form_params, T, NULL },
	{ HTTP_POST, "/account/logout", "logout", sf_page_logout, form_params,
	    T | ROUTE_SIGNIN, NULL },
	{ HTTP_POST, "/account/profile", "profile.post", sf_page_profile_post,
	    form_params, T, NULL },
	{ HTTP_POST, "/account/addresses", "address.post",
	    sf_page_address_post, form_params, T, NULL },
	{ HTTP_POST, "/account/addresses/{id:id}/delete", "address.delete",
	    sf_page_address_delete_post, form_params, T, NULL },
	{ HTTP_POST, "/account/verify/resend", "verify.resend",
	    sf_page_verify_resend_post, form_params, T, NULL },
	{ HTTP_GET, "/account/forgot", "forgot", sf_page_forgot, NULL, T,
	    NULL },
	{ HTTP_POST, "/account/forgot", "forgot.post", sf_page_forgot_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/account/reset", "reset", sf_page_reset, token_params, T,
	    NULL },
	{ HTTP_POST, "/account/reset", "reset.post", sf_page_reset_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/account/verify", "verify", sf_page_verify, token_params,
	    T, NULL },
	{ HTTP_POST, "/account/verify", "verify.post", sf_page_verify_post,
	    form_params, T, NULL },
	{ HTTP_POST, "/api/v1/customers", "api.customers.create",
	    sf_api_customer_create, NULL, J, NULL },
	{ HTTP_POST, "/api/v1/auth/token", "api.token.create",
	    sf_api_token_create, NULL, J | ROUTE_SIGNIN, NULL },
	{ HTTP_DELETE, "/api/v1/auth/token", "api.token.delete",
	    sf_api_token_delete, NULL, J | ROUTE_SIGNIN, NULL },
	{ HTTP_POST, "/api/v1/auth/password-reset", "api.password.forgot",
	    sf_api_password_forgot, NULL, J, NULL },
	{ HTTP_POST, "/api/v1/auth/password-reset/confirm",
	    "api.password.reset", sf_api_password_reset, NULL, J, NULL },
	{ HTTP_POST, "/api/v1/auth/verify-email", "api.verify",
	    sf_api_verify_email, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/me", "api.me", sf_api_me, NULL, J, NULL },
	{ HTTP_PATCH, "/api/v1/me", "api.me.update", sf_api_me_update, NULL,
	    J, NULL },
	{ HTTP_POST, "/api/v1/me/verify-email", "api.verify.resend",
	    sf_api_verify_resend, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/me/addresses", "api.addresses", sf_api_addresses,
	    NULL, J, NULL },
	{ HTTP_POST, "/api/v1/me/addresses", "api.address.add",
	    sf_api_address_add, NULL, J, NULL },
	{ HTTP_DELETE, "/api/v1/me/addresses/{id:id}", "api.address.delete",
	    sf_api_address_delete, NULL, J, NULL },
	{ HTTP_GET, "/.well-known/souk-domain-verification/{token:slug}",
	    "domain.verify", sf_domain_token, NULL, 0, NULL },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = sec_sess_started,
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
