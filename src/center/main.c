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
	{ "oidc", TMPL_ANY },
	{ "notice", TMPL_ANY },
	{ "link", TMPL_ANY },
	{ "token", TMPL_SCALAR },
	{ "form", TMPL_SECTION },
	{ "admins", TMPL_SECTION },
	{ "can_write", TMPL_SECTION },
	{ "id", TMPL_SCALAR },
	{ "status", TMPL_SCALAR },
	{ "created_at", TMPL_SCALAR },
	{ "mfa_enabled", TMPL_SECTION },
	{ "is_disabled", TMPL_SECTION },
	{ "roles", TMPL_SECTION },
	{ "value", TMPL_SCALAR },
	{ "selected", TMPL_SECTION },
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

static const struct param_decl form_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "email", VALID_LINE, 0, 0, 254 },
	{ "name", VALID_LINE, 0, 0, 255 },
	{ "role", VALID_LINE, 0, 0, 16 },
	{ "status", VALID_LINE, 0, 0, 16 },
	{ "token", VALID_LINE, 0, 0, 80 },
	{ "current", VALID_TEXT, 0, 0, 1024 },
	{ "password", VALID_TEXT, 0, 0, 1024 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl oidc_params[] = {
	{ "code", VALID_LINE, 0, 0, 2048 },
	{ "state", VALID_LINE, 0, 0, 64 },
	{ "iss", VALID_LINE, 0, 0, 256 },
	{ "error", VALID_LINE, 0, 0, 128 },
	{ "error_description", VALID_TEXT, 0, 0, 1024 },
	{ "session_state", VALID_LINE, 0, 0, 256 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl token_params[] = {
	{ "token", VALID_LINE, 0, 0, 80 },
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
	{ HTTP_GET, "/login/oidc", "oidc", ctr_page_oidc, NULL, 0, NULL },
	{ HTTP_GET, "/login/oidc/callback", "oidc.callback",
	    ctr_page_oidc_callback, oidc_params, 0, NULL },
	{ HTTP_POST, "/login/code", "code.post", ctr_page_code_post,
	    code_params, 0, NULL },
	{ HTTP_GET, "/account/2fa", "mfa", ctr_page_mfa, NULL, 0, NULL },
	{ HTTP_POST, "/account/2fa", "mfa.post", ctr_page_mfa_post,
	    code_params, 0, NULL },
	{ HTTP_POST, "/account/2fa/recovery", "recovery.post",
	    ctr_page_recovery_post, code_params, 0, NULL },
	{ HTTP_GET, "/account", "account", ctr_page_account, NULL, 0, NULL },
	{ HTTP_POST, "/account", "account.post", ctr_page_account_post,
	    form_params, 0, NULL },
	{ HTTP_POST, "/account/password", "password.post",
	    ctr_page_password_post, form_params, 0, NULL },
	{ HTTP_GET, "/admins", "admins", ctr_page_admins, NULL, 0, NULL },
	{ HTTP_POST, "/admins", "admins.invite", ctr_page_admins_invite,
	    form_params, 0, NULL },
	{ HTTP_POST, "/admins/{id:id}", "admins.change",
	    ctr_page_admins_change, form_params, 0, NULL },
	{ HTTP_GET, "/invite", "invite", ctr_page_invite, token_params, 0,
	    NULL },
	{ HTTP_POST, "/invite", "invite.post", ctr_page_invite_post,
	    form_params, 0, NULL },
	{ HTTP_POST, "/api/v1/auth/token", "auth.token", ctr_api_token_create,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_DELETE, "/api/v1/auth/token", "auth.signout",
	    ctr_api_token_delete, NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/me", "me", ctr_api_me, NULL, ROUTE_JSON, NULL },
	{ HTTP_PATCH, "/api/v1/me", "me.update", ctr_api_me_update, NULL,
	    ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/me/password", "me.password", ctr_api_password,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/admins", "api.admins", ctr_api_admins, NULL,
	    ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/admins", "api.admins.invite",
	    ctr_api_admin_invite, NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/admins/{id:id}", "api.admin", ctr_api_admin,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_PATCH, "/api/v1/admins/{id:id}", "api.admin.change",
	    ctr_api_admin_change, NULL, ROUTE_JSON, NULL },
	{ HTTP_POST, "/api/v1/invitations/accept", "api.invite.accept",
	    ctr_api_invite_accept, NULL, ROUTE_JSON, NULL },
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
		.started = sec_sess_started,
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
