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
	{ "full", TMPL_SECTION },
	{ "can_admins", TMPL_SECTION },
	{ "mfa_on", TMPL_SECTION },
	{ "mfa_required", TMPL_SECTION },
	{ "secret", TMPL_SCALAR },
	{ "uri", TMPL_SCALAR },
	{ "left", TMPL_SCALAR },
	{ "codes", TMPL_SECTION },
	{ "has_codes", TMPL_SECTION },
	{ "code", TMPL_SCALAR },
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

static const struct param_decl code_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "code", VALID_LINE, 0, 0, 32 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct route routes[] = {
	{ HTTP_GET, "/", "index", ctr_page_index, NULL, 0, NULL },
	{ HTTP_GET, "/login", "login", ctr_page_login, NULL, 0, NULL },
	{ HTTP_POST, "/login", "login.post", ctr_page_login_post,
	    login_params, 0, NULL },
	{ HTTP_POST, "/logout", "logout", ctr_page_logout, csrf_params, 0,
	    NULL },
	{ HTTP_GET, "/login/code", "code", ctr_page_code, NULL, 0, NULL },
	{ HTTP_POST, "/login/code", "code.post", ctr_page_code_post,
	    code_params, 0, NULL },
	{ HTTP_GET, "/account/2fa", "mfa", ctr_page_mfa, NULL, 0, NULL },
	{ HTTP_POST, "/account/2fa", "mfa.post", ctr_page_mfa_post,
	    code_params, 0, NULL },
	{ HTTP_POST, "/account/2fa/recovery", "recovery.post",
	    ctr_page_recovery_post, code_params, 0, NULL },
	{ HTTP_POST, "/api/v1/auth/token", "auth.token", ctr_api_token_create,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_DELETE, "/api/v1/auth/token", "auth.signout",
	    ctr_api_token_delete, NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/me", "me", ctr_api_me, NULL, ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/me/mfa", "mfa.begin", ctr_api_mfa_begin, NULL,
	    ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/me/mfa/confirm", "mfa.confirm",
	    ctr_api_mfa_confirm, NULL, ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/me/mfa/recovery-codes", "mfa.recovery",
	    ctr_api_recovery_new, NULL, ROUTE_JSON, NULL },
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
