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

static const struct param_decl list_params[] = {
	{ "state", VALID_LINE, 0, 0, 16 },
	{ "plan", VALID_LINE, 0, 0, 32 },
	{ "q", VALID_LINE, 0, 0, 100 },
	{ "page", VALID_INT, 0, 1, 100000 },
	{ "per_page", VALID_INT, 0, 1, 100 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl audit_params[] = {
	{ "action", VALID_LINE, 0, 0, 64 },
	{ "actor", VALID_LINE, 0, 0, 128 },
	{ "tenant", VALID_ID, 0, 0, 0 },
	{ "since", VALID_LINE, 0, 0, 20 },
	{ "until", VALID_LINE, 0, 0, 20 },
	{ "before", VALID_ID, 0, 0, 0 },
	{ "limit", VALID_INT, 0, 1, 500 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl approval_params[] = {
	{ "status", VALID_LINE, 0, 0, 16 },
	{ "tenant", VALID_ID, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl status_params[] = {
	{ "status", VALID_LINE, 0, 0, 16 },
	{ NULL, 0, 0, 0, 0 }
};

#define J	ROUTE_JSON
#define T	"/api/v1/tenants/{id:id}"
#define R	"tenants:read"
#define W	"tenants:write"

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
	{ HTTP_GET, "/api/v1/tenants", "api.tenants", ctr_api_tenants,
	    list_params, J, R },
	{ HTTP_POST, "/api/v1/tenants", "api.tenant.create",
	    ctr_api_tenant_create, NULL, J, W },
	{ HTTP_GET, T, "api.tenant", ctr_api_tenant, NULL, J, R },
	{ HTTP_PATCH, T, "api.tenant.update", ctr_api_tenant_update, NULL, J,
	    W },
	{ HTTP_POST, T "/transitions", "api.tenant.transition",
	    ctr_api_tenant_transition, NULL, J, W },
	{ HTTP_PATCH, T "/status", "api.tenant.status", ctr_api_tenant_status,
	    NULL, J, W },
	{ HTTP_POST, T "/read-only", "api.tenant.read_only",
	    ctr_api_tenant_read_only, NULL, J, W },
	{ HTTP_POST, T "/resync", "api.tenant.resync", ctr_api_tenant_resync,
	    NULL, J, W },
	{ HTTP_GET, T "/history", "api.tenant.history",
	    ctr_api_tenant_history, NULL, J, R },
	{ HTTP_PUT, T "/features/{code:line}", "api.tenant.feature",
	    ctr_api_tenant_feature, NULL, J, NULL },
	{ HTTP_DELETE, T "/features/{code:line}", "api.tenant.feature.delete",
	    ctr_api_tenant_feature, NULL, J, NULL },
	{ HTTP_GET, T "/export", "api.tenant.export", ctr_api_tenant_export,
	    NULL, J, NULL },
	{ HTTP_POST, T "/domains", "api.domain.add", ctr_api_domain_add, NULL,
	    J, W },
	{ HTTP_POST, T "/domains/{host:host}/{action:slug}", "api.domain.act",
	    ctr_api_domain_act, NULL, J, W },
	{ HTTP_DELETE, T "/domains/{host:host}", "api.domain.remove",
	    ctr_api_domain_act, NULL, J, W },
	{ HTTP_GET, "/api/v1/approvals", "api.approvals", ctr_api_approvals,
	    approval_params, J, NULL },
	{ HTTP_POST, "/api/v1/approvals/{id:id}/{action:slug}",
	    "api.approval.decide", ctr_api_approval_decide, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/plans", "api.plans", ctr_api_plans, NULL, J, R },
	{ HTTP_POST, "/api/v1/plans", "api.plan.create", ctr_api_plan_create,
	    NULL, J, NULL },
	{ HTTP_PUT, "/api/v1/plans/{code:line}/features/{feature:line}",
	    "api.plan.feature", ctr_api_plan_feature, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/features", "api.features", ctr_api_features,
	    NULL, J, R },
	{ HTTP_POST, "/api/v1/features", "api.feature.create",
	    ctr_api_feature_create, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/webhooks", "api.webhooks", ctr_api_webhooks,
	    NULL, J, NULL },
	{ HTTP_POST, "/api/v1/webhooks", "api.webhook.create",
	    ctr_api_webhook_create, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/webhooks/{id:id}", "api.webhook", ctr_api_webhook,
	    NULL, J, NULL },
	{ HTTP_PATCH, "/api/v1/webhooks/{id:id}", "api.webhook.update",
	    ctr_api_webhook, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/webhooks/{id:id}/deliveries", "api.deliveries",
	    ctr_api_deliveries, status_params, J, NULL },
	{ HTTP_GET, "/api/v1/webhook-deliveries/{id:id}", "api.delivery",
	    ctr_api_delivery, NULL, J, NULL },
	{ HTTP_POST, "/api/v1/webhook-deliveries/{id:id}/redeliver",
	    "api.redeliver", ctr_api_redeliver, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/audit", "api.audit", ctr_api_audit, audit_params,
	    J, NULL },
	{ HTTP_GET, "/api/v1/audit.csv", "api.audit.csv", ctr_api_audit_csv,
	    audit_params, J, NULL },
	{ HTTP_GET, "/api/v1/audit/verify", "api.audit.verify",
	    ctr_api_audit_verify, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/dashboard", "api.dashboard", ctr_api_dashboard,
	    NULL, J, R },
	{ HTTP_GET, "/api/v1/keys", "api.keys", ctr_api_keys, NULL, J, NULL },
	{ HTTP_POST, "/api/v1/keys", "api.key.create", ctr_api_key_create,
	    NULL, J, NULL },
	{ HTTP_POST, "/api/v1/keys/{key:line}/{action:slug}", "api.key.act",
	    ctr_api_key_act, NULL, J, NULL },
	{ HTTP_GET, "/api/v1/settings", "api.settings", ctr_api_settings,
	    NULL, J, NULL },
	{ HTTP_PATCH, "/api/v1/settings", "api.settings.update",
	    ctr_api_settings, NULL, J, NULL },
	{ HTTP_GET, "/internal/api/tenants/{id:id}/features",
	    "internal.features", ctr_internal_features, NULL,
	    ROUTE_SIGNED | ROUTE_JSON, "features:read" },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = sec_sess_started,
		.authenticate = sec_authenticate,
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
