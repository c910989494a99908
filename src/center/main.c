/* souk-center.fcgi: Center Control, the control plane (center.<base>). */
#include "center/api.h"

static const struct tmpl_var center_vars[] = {
	APP_TMPL_VARS,
	{ "base_domain", TMPL_SCALAR },
	{ "admin", TMPL_SECTION },
	{ "name", TMPL_SCALAR },
	{ "role", TMPL_SCALAR },
	{ "csrf", TMPL_SCALAR },
	{ "error", TMPL_ANY },
	{ "email", TMPL_SCALAR },
	{ NULL, 0 }
};

static const struct param_decl login_params[] = {
	{ "email", VALID_LINE, 0, 0, 254 },
	{ "password", VALID_TEXT, 0, 0, 1024 },
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl csrf_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct route routes[] = {
	{ HTTP_GET, "/", "index", ctr_page_index, NULL, 0, NULL },
	{ HTTP_GET, "/login", "login", ctr_page_login, NULL, 0, NULL },
	{ HTTP_POST, "/login", "login.post", ctr_page_login_post,
	    login_params, 0, NULL },
	{ HTTP_POST, "/logout", "logout", ctr_page_logout, csrf_params, 0,
	    NULL },
	{ HTTP_POST, "/api/v1/auth/token", "auth.token", ctr_api_token_create,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_DELETE, "/api/v1/auth/token", "auth.signout",
	    ctr_api_token_delete, NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/me", "me", ctr_api_me, NULL, ROUTE_JSON, NULL },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.name = "center",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = center_vars,
		.plane = APP_CENTER,
		.stmts = center_sql,
		.nstmts = CTR__MAX,
	};

	return app_main(&app, argc, argv);
}
