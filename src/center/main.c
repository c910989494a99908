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
	{ "secret", TMPL_ANY },
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
	{ "can_tenants", TMPL_ANY }, { "can_webhooks", TMPL_ANY },
	{ "can_keys", TMPL_ANY }, { "can_audit", TMPL_ANY },
	{ "can_plans", TMPL_ANY }, { "can_settings", TMPL_ANY },
	{ "can_lifecycle", TMPL_ANY }, { "can_read_only", TMPL_ANY },
	{ "can_decide", TMPL_ANY },
	{ "by_state", TMPL_ANY }, { "by_plan", TMPL_ANY }, { "key", TMPL_ANY },
	{ "count", TMPL_ANY }, { "out_of_sync", TMPL_ANY },
	{ "tenants", TMPL_ANY }, { "slug", TMPL_ANY }, { "state", TMPL_ANY },
	{ "attempts", TMPL_ANY }, { "last_error", TMPL_ANY },
	{ "events", TMPL_ANY }, { "at", TMPL_ANY }, { "type", TMPL_ANY },
	{ "tenant_id", TMPL_ANY }, { "failing", TMPL_ANY },
	{ "webhook_id", TMPL_ANY }, { "event_type", TMPL_ANY },
	{ "event_id", TMPL_ANY }, { "q", TMPL_ANY }, { "states", TMPL_ANY },
	{ "plans", TMPL_ANY }, { "total", TMPL_ANY }, { "plan", TMPL_ANY },
	{ "read_only", TMPL_ANY }, { "prev", TMPL_ANY }, { "next", TMPL_ANY },
	{ "page", TMPL_ANY }, { "pages", TMPL_ANY }, { "locale", TMPL_ANY },
	{ "currency", TMPL_ANY }, { "time_zone", TMPL_ANY },
	{ "theme_color", TMPL_ANY }, { "payments", TMPL_ANY },
	{ "shippings", TMPL_ANY }, { "errors", TMPL_ANY }, { "field", TMPL_ANY },
	{ "message", TMPL_ANY }, { "owner_email", TMPL_ANY },
	{ "has_errors", TMPL_SECTION }, { "zone", TMPL_ANY },
	{ "tenant", TMPL_ANY }, { "live", TMPL_ANY }, { "url", TMPL_ANY },
	{ "host", TMPL_ANY }, { "payment_methods", TMPL_ANY },
	{ "shipping_methods", TMPL_ANY }, { "in_sync", TMPL_ANY },
	{ "pending", TMPL_ANY }, { "next_sync_at", TMPL_ANY },
	{ "export", TMPL_ANY }, { "bytes", TMPL_ANY }, { "sha256", TMPL_ANY },
	{ "tables", TMPL_SECTION },
	{ "approvals", TMPL_ANY }, { "requested_by", TMPL_ANY },
	{ "reason", TMPL_ANY }, { "moves", TMPL_ANY }, { "tid", TMPL_ANY },
	{ "to", TMPL_ANY }, { "label", TMPL_ANY }, { "ro_next", TMPL_ANY },
	{ "ro_label", TMPL_ANY }, { "domains", TMPL_ANY },
	{ "is_primary", TMPL_ANY }, { "features", TMPL_ANY },
	{ "override", TMPL_ANY }, { "expires_at", TMPL_ANY },
	{ "history", TMPL_ANY }, { "from", TMPL_ANY }, { "ro", TMPL_ANY },
	{ "actor", TMPL_ANY }, { "calls", TMPL_ANY }, { "what", TMPL_ANY },
	{ "ms", TMPL_ANY }, { "plan_list", TMPL_ANY },
	{ "description", TMPL_ANY }, { "values", TMPL_ANY },
	{ "hooks", TMPL_ANY }, { "active", TMPL_ANY },
	{ "disabled_reason", TMPL_ANY }, { "deliveries", TMPL_ANY },
	{ "did", TMPL_ANY }, { "last_status", TMPL_ANY }, { "types", TMPL_ANY },
	{ "keys", TMPL_ANY }, { "api_key", TMPL_ANY }, { "owner", TMPL_ANY },
	{ "kind", TMPL_ANY }, { "scopes", TMPL_ANY },
	{ "deprecated_until", TMPL_ANY }, { "last_used_at", TMPL_ANY },
	{ "external", TMPL_ANY }, { "usable", TMPL_ANY },
	{ "chain_ok", TMPL_ANY }, { "rows", TMPL_ANY }, { "bad_id", TMPL_ANY },
	{ "problem", TMPL_ANY }, { "action", TMPL_ANY },
	{ "since", TMPL_ANY }, { "until", TMPL_ANY }, { "query", TMPL_ANY },
	{ "entries", TMPL_ANY }, { "target", TMPL_ANY }, { "before", TMPL_ANY },
	{ "after", TMPL_ANY }, { "client_addr", TMPL_ANY },
	{ "older", TMPL_ANY }, { "mail_from", TMPL_ANY },
	{ "conf_mail_from", TMPL_ANY },
	{ "verified", TMPL_ANY },
	{ "ask_code", TMPL_SECTION }, { "account", TMPL_SECTION },
	{ "permissions", TMPL_ANY }, { "stage", TMPL_ANY },
	{ NULL, 0 }
};

static const struct param_decl login_params[] = {
	{ "email", VALID_LINE, 0, 0, 254 },
	{ "password", VALID_TEXT, 0, 0, 1024 },
	{ "code", VALID_LINE, 0, 0, 32 },
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
	{ "time_zone", VALID_LINE, 0, 0, 64 },
	{ "language", VALID_LINE, 0, 0, 8 },
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

static const struct param_decl tenant_form[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "slug", VALID_LINE, 0, 0, 63 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "plan", VALID_LINE, 0, 0, 32 },
	{ "locale", VALID_LINE, 0, 0, 16 },
	{ "currency", VALID_LINE, 0, 0, 3 },
	{ "time_zone", VALID_LINE, 0, 0, 64 },
	{ "theme_color", VALID_LINE, 0, 0, 7 },
	{ "owner_email", VALID_LINE, 0, 0, 254 },
	{ "pay_card", VALID_BOOL, 0, 0, 0 },
	{ "pay_paypal", VALID_BOOL, 0, 0, 0 },
	{ "pay_bank_transfer", VALID_BOOL, 0, 0, 0 },
	{ "pay_cod", VALID_BOOL, 0, 0, 0 },
	{ "ship_standard", VALID_BOOL, 0, 0, 0 },
	{ "ship_express", VALID_BOOL, 0, 0, 0 },
	{ "ship_pickup", VALID_BOOL, 0, 0, 0 },
	{ "to", VALID_LINE, 0, 0, 16 },
	{ "reason", VALID_LINE, 0, 0, 500 },
	{ "read_only", VALID_BOOL, 0, 0, 0 },
	{ "host", VALID_LINE, 0, 0, 253 },
	{ "op", VALID_LINE, 0, 0, 16 },
	{ "code", VALID_LINE, 0, 0, 64 },
	{ "value", VALID_LINE, 0, 0, 255 },
	{ "expires_at", VALID_LINE, 0, 0, 20 },
	{ "decision", VALID_LINE, 0, 0, 16 },
	{ "created", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl platform_form[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "code", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 100 },
	{ "description", VALID_LINE, 0, 0, 255 },
	{ "type", VALID_LINE, 0, 0, 16 },
	{ "default", VALID_LINE, 0, 0, 255 },
	{ "feature", VALID_LINE, 0, 0, 64 },
	{ "value", VALID_LINE, 0, 0, 255 },
	{ "url", VALID_LINE, 0, 0, 2048 },
	{ "events", VALID_LINE, 0, 0, 1024 },
	{ "status", VALID_LINE, 0, 0, 16 },
	{ "owner", VALID_LINE, 0, 0, 64 },
	{ "scope_read", VALID_BOOL, 0, 0, 0 },
	{ "scope_write", VALID_BOOL, 0, 0, 0 },
	{ "pay_card", VALID_BOOL, 0, 0, 0 },
	{ "pay_paypal", VALID_BOOL, 0, 0, 0 },
	{ "pay_bank_transfer", VALID_BOOL, 0, 0, 0 },
	{ "pay_cod", VALID_BOOL, 0, 0, 0 },
	{ "ship_standard", VALID_BOOL, 0, 0, 0 },
	{ "ship_express", VALID_BOOL, 0, 0, 0 },
	{ "ship_pickup", VALID_BOOL, 0, 0, 0 },
	{ "mail_from", VALID_LINE, 0, 0, 254 },
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
	{ "verify", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl page_params[] = {
	{ "page", VALID_INT, 0, 1, 100000 },
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

#define PAGE		AUTH_COOKIE
#define API		AUTH_BEARER
#define ENROLLED	(AUTH_BEARER | AUTH_FULL | AUTH_ENROLL)

/* A page anyone may open; arg for its handler. */
#define OPEN(m, path, name, fn, params, flags, arg) \
	{ m, path, name, fn, params, flags, NULL, 0, 0, arg, NULL }
/* A page of a signed-in admin with permission perm (0: any). */
#define ADMIN(m, path, name, fn, params, perm) \
	{ m, path, name, fn, params, 0, NULL, PAGE, perm, NULL, NULL }
/* Center's API: an admin's token with perm, or a key with scope. */
#define KEYED(m, path, name, fn, params, scope, perm, body) \
	{ m, path, name, fn, params, ROUTE_JSON, scope, API | AUTH_KEY, \
	    perm, NULL, body }
/* An API route of an admin (who 0: anyone). */
#define ADMIN_API(m, path, name, fn, who, perm, body, arg) \
	{ m, path, name, fn, NULL, ROUTE_JSON, NULL, who, perm, arg, body }

static const struct param_decl tenant_body[] = {
	{ "slug", VALID_LINE, 0, 0, 96 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "plan", VALID_LINE, 0, 0, 32 },
	{ "locale", VALID_LINE, 0, 0, 35 },
	{ "currency", VALID_LINE, 0, 0, 8 },
	{ "time_zone", VALID_LINE, 0, 0, 64 },
	{ "theme_color", VALID_LINE, 0, 0, 16 },
	{ "owner_email", VALID_LINE, 0, 0, 254 },
	{ "payment_methods", VALID_LIST, 0, 0, 32 },
	{ "shipping_methods", VALID_LIST, 0, 0, 32 },
	{ "draft", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl transition_body[] = {
	{ "to", VALID_LINE, 1, 0, 16 },
	{ "reason", VALID_TEXT, 0, 0, 2000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl status_body[] = {
	{ "state", VALID_LINE, 1, 0, 16 },
	{ "reason", VALID_TEXT, 0, 0, 2000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl read_only_body[] = {
	{ "read_only", VALID_BOOL, 1, 0, 0 },
	{ "reason", VALID_TEXT, 0, 0, 2000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl domain_body[] = {
	{ "host", VALID_LINE, 1, 0, 253 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl plan_body[] = {
	{ "code", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "description", VALID_TEXT, 0, 0, 2000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl feature_body[] = {
	{ "code", VALID_LINE, 0, 0, 64 },
	{ "type", VALID_LINE, 0, 0, 16 },
	{ "description", VALID_TEXT, 0, 0, 2000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl webhook_body[] = {
	{ "url", VALID_LINE, 0, 0, 2048 },
	{ "events", VALID_LIST, 0, 0, 64 },
	{ "description", VALID_TEXT, 0, 0, 2000 },
	{ "status", VALID_LINE, 0, 0, 16 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl key_body[] = {
	{ "owner", VALID_LINE, 0, 0, 64 },
	{ "scopes", VALID_LIST, 0, 0, 16 },
	{ "allowed_ips", VALID_LIST, 0, 0, 64 },
	{ "rate_limit", VALID_INT, 0, -2147483647, 2147483647 },
	{ "expires_days", VALID_INT, 0, -2147483647, 2147483647 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl settings_body[] = {
	{ "payment_providers", VALID_LIST, 0, 0, 32 },
	{ "shipping_providers", VALID_LIST, 0, 0, 32 },
	{ "mail_from", VALID_LINE, 0, 0, 254 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl account_params[] = {
	{ "changed", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

#define J	ROUTE_JSON
#define T	"/api/v1/tenants/{id:id}"
#define R	"tenants:read"
#define W	"tenants:write"

static const struct route routes[] = {
	ADMIN(HTTP_GET, "/", "index", ctr_page_index, NULL, 0),
	OPEN(HTTP_GET, "/login/oidc", "oidc", ctr_page_oidc, NULL, 0, NULL),
	OPEN(HTTP_GET, "/login/oidc/callback", "oidc.callback",
	    ctr_page_oidc_callback, oidc_params, 0, NULL),
	ADMIN(HTTP_GET, "/tenants", "tenants", ctr_page_tenants, list_params,
	    CTR_P_TENANTS_READ),
	ADMIN(HTTP_POST, "/tenants", "tenants.create", ctr_page_tenant_create,
	    tenant_form, CTR_P_TENANTS_WRITE),
	ADMIN(HTTP_GET, "/tenants/new", "tenants.new", ctr_page_tenant_new,
	    NULL, CTR_P_TENANTS_WRITE),
	ADMIN(HTTP_GET, "/tenants/{id:id}", "tenant", ctr_page_tenant,
	    tenant_form, CTR_P_TENANTS_READ),
	ADMIN(HTTP_GET, "/tenants/{id:id}/export", "tenant.export",
	    ctr_page_tenant_export, NULL, CTR_P_TENANTS_LIFECYCLE),
	ADMIN(HTTP_GET, "/tenants/{id:id}/export/{part:line}",
	    "tenant.export.csv", ctr_page_tenant_export, NULL,
	    CTR_P_TENANTS_LIFECYCLE),
	ADMIN(HTTP_POST, "/tenants/{id:id}/{action:slug}", "tenant.act",
	    ctr_page_tenant_act, tenant_form, CTR_P_TENANTS_READ),
	ADMIN(HTTP_POST, "/approvals/{id:id}", "approval", ctr_page_approval,
	    tenant_form, CTR_P_TENANTS_LIFECYCLE),
	ADMIN(HTTP_GET, "/plans", "plans", ctr_page_plans, NULL,
	    CTR_P_TENANTS_READ),
	ADMIN(HTTP_POST, "/plans", "plans.create", ctr_page_plans_post,
	    platform_form, CTR_P_PLANS_WRITE),
	ADMIN(HTTP_POST, "/plans/{code:line}", "plans.value",
	    ctr_page_plans_post, platform_form, CTR_P_PLANS_WRITE),
	ADMIN(HTTP_POST, "/features", "features.create", ctr_page_plans_post,
	    platform_form, CTR_P_PLANS_WRITE),
	ADMIN(HTTP_GET, "/webhooks", "webhooks", ctr_page_webhooks, NULL,
	    CTR_P_WEBHOOKS_MANAGE),
	ADMIN(HTTP_POST, "/webhooks", "webhooks.create",
	    ctr_page_webhooks_post, platform_form, CTR_P_WEBHOOKS_MANAGE),
	ADMIN(HTTP_POST, "/webhooks/{id:id}", "webhooks.change",
	    ctr_page_webhooks_post, platform_form, CTR_P_WEBHOOKS_MANAGE),
	ADMIN(HTTP_POST, "/webhook-deliveries/{id:id}/redeliver",
	    "webhooks.redeliver", ctr_page_webhooks_post, platform_form,
	    CTR_P_WEBHOOKS_MANAGE),
	ADMIN(HTTP_GET, "/keys", "keys", ctr_page_keys, NULL,
	    CTR_P_KEYS_MANAGE),
	ADMIN(HTTP_POST, "/keys", "keys.create", ctr_page_keys_post,
	    platform_form, CTR_P_KEYS_MANAGE),
	ADMIN(HTTP_POST, "/keys/{key:line}/{action:slug}", "keys.act",
	    ctr_page_keys_post, platform_form, CTR_P_KEYS_MANAGE),
	ADMIN(HTTP_GET, "/audit", "audit", ctr_page_audit, audit_params,
	    CTR_P_AUDIT_READ),
	ADMIN(HTTP_GET, "/audit.csv", "audit.csv", ctr_page_audit_csv,
	    audit_params, CTR_P_AUDIT_READ),
	ADMIN(HTTP_GET, "/settings", "settings", ctr_page_settings, NULL,
	    CTR_P_TENANTS_READ),
	ADMIN(HTTP_POST, "/settings", "settings.post", ctr_page_settings_post,
	    platform_form, CTR_P_SETTINGS_WRITE),
	KEYED(HTTP_GET, "/api/v1/tenants", "api.tenants", ctr_api_tenants,
	    list_params, R, CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_POST, "/api/v1/tenants", "api.tenant.create",
	    ctr_api_tenant_create, NULL, W, CTR_P_TENANTS_WRITE, tenant_body),
	KEYED(HTTP_GET, T, "api.tenant", ctr_api_tenant, NULL, R,
	    CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_PATCH, T, "api.tenant.update", ctr_api_tenant_update, NULL,
	    W, CTR_P_TENANTS_WRITE, tenant_body),
	KEYED(HTTP_POST, T "/transitions", "api.tenant.transition",
	    ctr_api_tenant_transition, NULL, W, CTR_P_TENANTS_LIFECYCLE,
	    transition_body),
	KEYED(HTTP_PATCH, T "/status", "api.tenant.status",
	    ctr_api_tenant_status, NULL, W, CTR_P_TENANTS_LIFECYCLE,
	    status_body),
	KEYED(HTTP_POST, T "/read-only", "api.tenant.read_only",
	    ctr_api_tenant_read_only, NULL, W, CTR_P_TENANTS_LIFECYCLE,
	    read_only_body),
	KEYED(HTTP_POST, T "/resync", "api.tenant.resync",
	    ctr_api_tenant_resync, NULL, W, CTR_P_TENANTS_WRITE, NULL),
	KEYED(HTTP_GET, T "/history", "api.tenant.history",
	    ctr_api_tenant_history, NULL, R, CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_PUT, T "/features/{code:line}", "api.tenant.feature",
	    ctr_api_tenant_feature, NULL, NULL, CTR_P_PLANS_WRITE, NULL),
	KEYED(HTTP_DELETE, T "/features/{code:line}",
	    "api.tenant.feature.delete", ctr_api_tenant_feature, NULL, NULL,
	    CTR_P_PLANS_WRITE, NULL),
	KEYED(HTTP_GET, T "/export", "api.tenant.export",
	    ctr_api_tenant_export, NULL, NULL, CTR_P_TENANTS_LIFECYCLE, NULL),
	KEYED(HTTP_GET, T "/export/{part:line}", "api.tenant.export.csv",
	    ctr_api_tenant_export, NULL, NULL, CTR_P_TENANTS_LIFECYCLE, NULL),
	KEYED(HTTP_POST, T "/domains", "api.domain.add", ctr_api_domain_add,
	    NULL, W, CTR_P_TENANTS_WRITE, domain_body),
	KEYED(HTTP_POST, T "/domains/{host:host}/{action:slug}",
	    "api.domain.act", ctr_api_domain_act, NULL, W, CTR_P_TENANTS_WRITE,
	    NULL),
	KEYED(HTTP_DELETE, T "/domains/{host:host}", "api.domain.remove",
	    ctr_api_domain_act, NULL, W, CTR_P_TENANTS_WRITE, NULL),
	KEYED(HTTP_GET, "/api/v1/approvals", "api.approvals",
	    ctr_api_approvals, approval_params, NULL, CTR_P_TENANTS_LIFECYCLE,
	    NULL),
	KEYED(HTTP_POST, "/api/v1/approvals/{id:id}/{action:slug}",
	    "api.approval.decide", ctr_api_approval_decide, NULL, NULL,
	    CTR_P_TENANTS_LIFECYCLE, NULL),
	KEYED(HTTP_GET, "/api/v1/plans", "api.plans", ctr_api_plans, NULL, R,
	    CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_POST, "/api/v1/plans", "api.plan.create",
	    ctr_api_plan_create, NULL, NULL, CTR_P_PLANS_WRITE, plan_body),
	KEYED(HTTP_PUT, "/api/v1/plans/{code:line}/features/{feature:line}",
	    "api.plan.feature", ctr_api_plan_feature, NULL, NULL,
	    CTR_P_PLANS_WRITE, NULL),
	KEYED(HTTP_GET, "/api/v1/features", "api.features", ctr_api_features,
	    NULL, R, CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_POST, "/api/v1/features", "api.feature.create",
	    ctr_api_feature_create, NULL, NULL, CTR_P_PLANS_WRITE,
	    feature_body),
	KEYED(HTTP_GET, "/api/v1/webhooks", "api.webhooks", ctr_api_webhooks,
	    NULL, NULL, CTR_P_WEBHOOKS_MANAGE, NULL),
	KEYED(HTTP_POST, "/api/v1/webhooks", "api.webhook.create",
	    ctr_api_webhook_create, NULL, NULL, CTR_P_WEBHOOKS_MANAGE,
	    webhook_body),
	KEYED(HTTP_GET, "/api/v1/webhooks/{id:id}", "api.webhook",
	    ctr_api_webhook, NULL, NULL, CTR_P_WEBHOOKS_MANAGE, NULL),
	KEYED(HTTP_PATCH, "/api/v1/webhooks/{id:id}", "api.webhook.update",
	    ctr_api_webhook, NULL, NULL, CTR_P_WEBHOOKS_MANAGE, webhook_body),
	KEYED(HTTP_GET, "/api/v1/webhooks/{id:id}/deliveries",
	    "api.deliveries", ctr_api_deliveries, status_params, NULL,
	    CTR_P_WEBHOOKS_MANAGE, NULL),
	KEYED(HTTP_GET, "/api/v1/webhook-deliveries/{id:id}", "api.delivery",
	    ctr_api_delivery, NULL, NULL, CTR_P_WEBHOOKS_MANAGE, NULL),
	KEYED(HTTP_POST, "/api/v1/webhook-deliveries/{id:id}/redeliver",
	    "api.redeliver", ctr_api_redeliver, NULL, NULL,
	    CTR_P_WEBHOOKS_MANAGE, NULL),
	KEYED(HTTP_GET, "/api/v1/audit", "api.audit", ctr_api_audit,
	    audit_params, NULL, CTR_P_AUDIT_READ, NULL),
	KEYED(HTTP_GET, "/api/v1/audit.csv", "api.audit.csv",
	    ctr_api_audit_csv, audit_params, NULL, CTR_P_AUDIT_READ, NULL),
	KEYED(HTTP_GET, "/api/v1/audit/verify", "api.audit.verify",
	    ctr_api_audit_verify, NULL, NULL, CTR_P_AUDIT_READ, NULL),
	KEYED(HTTP_GET, "/api/v1/dashboard", "api.dashboard",
	    ctr_api_dashboard, NULL, R, CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_GET, "/api/v1/keys", "api.keys", ctr_api_keys, NULL, NULL,
	    CTR_P_KEYS_MANAGE, NULL),
	KEYED(HTTP_POST, "/api/v1/keys", "api.key.create", ctr_api_key_create,
	    NULL, NULL, CTR_P_KEYS_MANAGE, key_body),
	KEYED(HTTP_POST, "/api/v1/keys/{key:line}/{action:slug}",
	    "api.key.act", ctr_api_key_act, NULL, NULL, CTR_P_KEYS_MANAGE,
	    NULL),
	KEYED(HTTP_GET, "/api/v1/settings", "api.settings", ctr_api_settings,
	    NULL, NULL, CTR_P_TENANTS_READ, NULL),
	KEYED(HTTP_PATCH, "/api/v1/settings", "api.settings.update",
	    ctr_api_settings, NULL, NULL, CTR_P_SETTINGS_WRITE, settings_body),
	{ HTTP_GET, "/internal/api/tenants/{id:id}/features",
	    "internal.features", ctr_internal_features, NULL,
	    ROUTE_SIGNED | ROUTE_JSON, "features:read", 0, 0, NULL, NULL },
	OPEN(HTTP_GET, "/login", "login", auth_page_login, NULL, 0, NULL),
	OPEN(HTTP_POST, "/login", "login.post", auth_page_login_post,
	    login_params, 0, NULL),
	{ HTTP_POST, "/logout", "logout", auth_page_logout, csrf_params, 0,
	    NULL, PAGE | AUTH_ANY_STAGE, 0, NULL, NULL },
	{ HTTP_GET, "/login/code", "code", auth_page_code, NULL, 0, NULL,
	    PAGE | AUTH_MFA, 0, NULL, NULL },
	{ HTTP_POST, "/login/code", "code.post", auth_page_code_post,
	    code_params, 0, NULL, PAGE | AUTH_MFA, 0, NULL, NULL },
	{ HTTP_GET, "/account/2fa", "mfa", auth_page_mfa, NULL, 0, NULL,
	    PAGE | AUTH_FULL | AUTH_ENROLL, 0, NULL, NULL },
	{ HTTP_POST, "/account/2fa", "mfa.post", auth_page_mfa_post,
	    code_params, 0, NULL, PAGE | AUTH_FULL | AUTH_ENROLL, 0, NULL,
	    NULL },
	ADMIN(HTTP_POST, "/account/2fa/recovery", "recovery.post",
	    auth_page_recovery_post, code_params, 0),
	ADMIN(HTTP_GET, "/account", "account", auth_page_account,
	    account_params, 0),
	ADMIN(HTTP_POST, "/account", "account.post", auth_page_account_post,
	    form_params, 0),
	ADMIN(HTTP_POST, "/account/password", "password.post",
	    auth_page_password_post, form_params, 0),
	ADMIN(HTTP_GET, "/admins", "admins", auth_page_members, page_params,
	    CTR_P_ADMINS_READ),
	ADMIN(HTTP_POST, "/admins", "admins.invite", auth_page_member_invite,
	    form_params, CTR_P_ADMINS_WRITE),
	ADMIN(HTTP_POST, "/admins/{id:id}", "admins.change",
	    auth_page_member_change, form_params, CTR_P_ADMINS_WRITE),
	OPEN(HTTP_GET, "/invite", "invite", auth_page_link, token_params, 0,
	    "invitation"),
	OPEN(HTTP_POST, "/invite", "invite.post", auth_page_link_post,
	    form_params, 0, "invitation"),
	{ HTTP_POST, "/api/v1/auth/token", "auth.token", auth_api_token_create,
	    NULL, J, NULL, 0, 0, NULL, auth_signin_body },
	{ HTTP_DELETE, "/api/v1/auth/token", "auth.signout",
	    auth_api_token_delete, NULL, J, NULL, ENROLLED, 0, NULL, NULL },
	ADMIN_API(HTTP_GET, "/api/v1/me", "me", auth_api_me, ENROLLED, 0,
	    NULL, NULL),
	ADMIN_API(HTTP_PATCH, "/api/v1/me", "me.update", auth_api_me_update,
	    API, 0, auth_me_body, NULL),
	ADMIN_API(HTTP_POST, "/api/v1/me/password", "me.password",
	    auth_api_password, API, 0, auth_password_body, NULL),
	ADMIN_API(HTTP_GET, "/api/v1/admins", "api.admins", auth_api_members,
	    API, CTR_P_ADMINS_READ, NULL, NULL),
	ADMIN_API(HTTP_POST, "/api/v1/admins", "api.admins.invite",
	    auth_api_member_invite, API, CTR_P_ADMINS_WRITE, auth_invite_body,
	    NULL),
	ADMIN_API(HTTP_GET, "/api/v1/admins/{id:id}", "api.admin",
	    auth_api_member, API, CTR_P_ADMINS_READ, NULL, NULL),
	ADMIN_API(HTTP_PATCH, "/api/v1/admins/{id:id}", "api.admin.change",
	    auth_api_member_change, API, CTR_P_ADMINS_WRITE, auth_change_body,
	    NULL),
	ADMIN_API(HTTP_POST, "/api/v1/invitations/accept", "api.invite.accept",
	    auth_api_password_set, 0, 0, auth_link_body, "invitation"),
	ADMIN_API(HTTP_POST, "/api/v1/me/mfa", "mfa.begin", auth_api_mfa_begin,
	    ENROLLED, 0, NULL, NULL),
	ADMIN_API(HTTP_POST, "/api/v1/me/mfa/confirm", "mfa.confirm",
	    auth_api_mfa_confirm, ENROLLED, 0, auth_code_body, NULL),
	ADMIN_API(HTTP_POST, "/api/v1/me/mfa/recovery-codes", "mfa.recovery",
	    auth_api_recovery_new, API, 0, auth_code_body, NULL),
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = auth_started,
		.authenticate = sec_authenticate,
		.authorize = auth_route,
		.auth = &ctr_admins,
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
