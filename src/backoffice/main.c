/* souk-backoffice.fcgi: store staff pages and API at <shop host>/admin/. */
#include "backoffice/backoffice.h"

const struct tmpl_var bo_vars[] = {
	APP_TMPL_VARS,
	{ "shop_name", TMPL_ANY },
	{ "theme_style", TMPL_RAW },
	{ "year", TMPL_SCALAR },
	{ "host", TMPL_SCALAR },
	{ "csrf", TMPL_SCALAR },
	{ "error", TMPL_ANY },
	{ "notice", TMPL_ANY },
	{ "email", TMPL_SCALAR },
	{ "token", TMPL_SCALAR },
	{ "form", TMPL_SECTION },
	{ "member", TMPL_SECTION },
	{ "can_staff", TMPL_SECTION },
	{ "can_write", TMPL_SECTION },
	{ "account", TMPL_SECTION },
	{ "name", TMPL_SCALAR },
	{ "role", TMPL_SCALAR },
	{ "staff", TMPL_SECTION },
	{ "id", TMPL_SCALAR },
	{ "status", TMPL_SCALAR },
	{ "created_at", TMPL_SCALAR },
	{ "is_invited", TMPL_SECTION },
	{ "is_disabled", TMPL_SECTION },
	{ "roles", TMPL_SECTION },
	{ "value", TMPL_SCALAR },
	{ "selected", TMPL_SECTION },
	{ "mfa_on", TMPL_SECTION },
	{ "secret", TMPL_SCALAR },
	{ "uri", TMPL_SCALAR },
	{ "left", TMPL_SCALAR },
	{ "codes", TMPL_SECTION },
	{ "has_codes", TMPL_SECTION },
	{ "code", TMPL_SCALAR },
	{ "products", TMPL_ANY }, { "sku", TMPL_ANY }, { "slug", TMPL_ANY },
	{ "price", TMPL_ANY }, { "stock", TMPL_ANY }, { "count", TMPL_ANY },
	{ "limit", TMPL_ANY }, { "can_catalog", TMPL_ANY },
	{ "promotions", TMPL_SECTION }, { "can_promotions", TMPL_SECTION },
	{ "plan_note", TMPL_ANY }, { "currency", TMPL_SCALAR },
	{ "off", TMPL_SCALAR }, { "min", TMPL_ANY }, { "uses", TMPL_SCALAR },
	{ "ends_on", TMPL_ANY }, { "active", TMPL_SECTION },
	{ "kind", TMPL_SCALAR },
	{ NULL, 0 }
};

static const struct param_decl form_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "email", VALID_LINE, 0, 0, 254 },
	{ "password", VALID_TEXT, 0, 0, 1024 },
	{ "current", VALID_TEXT, 0, 0, 1024 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "token", VALID_LINE, 0, 0, 80 },
	{ "role", VALID_LINE, 0, 0, 16 },
	{ "status", VALID_LINE, 0, 0, 16 },
	{ "code", VALID_LINE, 0, 0, 32 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl product_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "sku", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "price", VALID_INT, 0, 0, 1000000000000LL },
	{ "stock", VALID_INT, 0, 0, 1000000000 },
	{ "description", VALID_TEXT, 0, 0, 5000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl promotion_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "code", VALID_LINE, 0, 0, 32 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "kind", VALID_LINE, 0, 0, 16 },
	{ "value", VALID_INT, 0, 0, 1000000000000LL },
	{ "min_subtotal", VALID_INT, 0, 0, 1000000000000LL },
	{ "usage_limit", VALID_INT, 0, 0, 1000000000 },
	{ "ends_on", VALID_LINE, 0, 0, 10 },
	{ "active", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl token_params[] = {
	{ "token", VALID_LINE, 0, 0, 80 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl account_params[] = {
	{ "changed", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static enum souk_err
bo_slash(struct req *r)
{
	resp_redirect(r, 301, "/admin/");
	return SOUK_OK;
}

#define T	ROUTE_TENANT
#define J	(ROUTE_TENANT | ROUTE_JSON)
#define S	(ROUTE_SIGNED | ROUTE_JSON)
#define TENANT	"/internal/api/tenants/{id:id}"

static const struct route routes[] = {
	{ HTTP_GET, "/admin", "slash", bo_slash, NULL, 0, NULL },
	{ HTTP_GET, "/admin/", "index", bo_page_index, NULL, T, NULL },
	{ HTTP_GET, "/admin/login", "login", bo_page_login, NULL, T, NULL },
	{ HTTP_POST, "/admin/login", "login.post", bo_page_login_post,
	    form_params, T | ROUTE_SIGNIN, NULL },
	{ HTTP_POST, "/admin/logout", "logout", bo_page_logout, form_params,
	    T | ROUTE_SIGNIN, NULL },
	{ HTTP_GET, "/admin/account", "account", bo_page_account,
	    account_params, T, NULL },
	{ HTTP_POST, "/admin/account", "account.post", bo_page_account_post,
	    form_params, T, NULL },
	{ HTTP_POST, "/admin/account/password", "password.post",
	    bo_page_password_post, form_params, T, NULL },
	{ HTTP_GET, "/admin/login/code", "code", bo_page_code, NULL, T, NULL },
	{ HTTP_POST, "/admin/login/code", "code.post", bo_page_code_post,
	    form_params, T | ROUTE_SIGNIN, NULL },
	{ HTTP_GET, "/admin/account/2fa", "mfa", bo_page_mfa, NULL, T, NULL },
	{ HTTP_POST, "/admin/account/2fa", "mfa.post", bo_page_mfa_post,
	    form_params, T, NULL },
	{ HTTP_POST, "/admin/account/2fa/recovery", "recovery.post",
	    bo_page_recovery_post, form_params, T, NULL },
	{ HTTP_POST, "/admin/account/2fa/off", "mfa.off", bo_page_mfa_off_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/admin/forgot", "forgot", bo_page_forgot, NULL, T, NULL },
	{ HTTP_POST, "/admin/forgot", "forgot.post", bo_page_forgot_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/admin/reset", "reset", bo_page_reset, token_params, T,
	    NULL },
	{ HTTP_POST, "/admin/reset", "reset.post", bo_page_reset_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/admin/invite", "invite", bo_page_invite, token_params,
	    T, NULL },
	{ HTTP_POST, "/admin/invite", "invite.post", bo_page_invite_post,
	    form_params, T, NULL },
	{ HTTP_GET, "/admin/staff", "staff", bo_page_staff, NULL, T, NULL },
	{ HTTP_GET, "/admin/products", "products", bo_page_products, NULL, T,
	    NULL },
	{ HTTP_POST, "/admin/products", "products.add", bo_page_product_add,
	    product_params, T, NULL },
	{ HTTP_POST, "/admin/api/v1/products", "api.product.create",
	    bo_api_product_create, NULL, J, NULL },
	{ HTTP_GET, "/admin/promotions", "promotions", bo_page_promotions,
	    NULL, T, NULL },
	{ HTTP_POST, "/admin/promotions", "promotions.add",
	    bo_page_promotion_add, promotion_params, T, NULL },
	{ HTTP_POST, "/admin/promotions/{id:id}", "promotions.change",
	    bo_page_promotion_change, promotion_params, T, NULL },
	{ HTTP_GET, "/admin/api/v1/promotions", "api.promotions",
	    bo_api_promotions, NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/promotions", "api.promotion.create",
	    bo_api_promotion_create, NULL, J, NULL },
	{ HTTP_GET, "/admin/api/v1/promotions/{id:id}", "api.promotion.get",
	    bo_api_promotion_get, NULL, J, NULL },
	{ HTTP_PATCH, "/admin/api/v1/promotions/{id:id}",
	    "api.promotion.change", bo_api_promotion_change, NULL, J, NULL },
	{ HTTP_POST, "/admin/staff", "staff.invite", bo_page_staff_invite,
	    form_params, T, NULL },
	{ HTTP_POST, "/admin/staff/{id:id}", "staff.change",
	    bo_page_staff_change, form_params, T, NULL },
	{ HTTP_POST, "/admin/staff/{id:id}/invite", "staff.reinvite",
	    bo_page_staff_reinvite, form_params, T, NULL },
	{ HTTP_POST, "/admin/api/v1/auth/token", "api.token.create",
	    bo_api_token_create, NULL, J | ROUTE_SIGNIN, NULL },
	{ HTTP_DELETE, "/admin/api/v1/auth/token", "api.token.delete",
	    bo_api_token_delete, NULL, J | ROUTE_SIGNIN, NULL },
	{ HTTP_POST, "/admin/api/v1/auth/password-reset",
	    "api.password.forgot", bo_api_password_forgot, NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/auth/password-reset/confirm",
	    "api.password.reset", bo_api_password_reset, NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/invitations/accept", "api.invite.accept",
	    bo_api_invitation_accept, NULL, J, NULL },
	{ HTTP_GET, "/admin/api/v1/me", "api.me", bo_api_me, NULL, J, NULL },
	{ HTTP_PATCH, "/admin/api/v1/me", "api.me.update", bo_api_me_update,
	    NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/me/mfa", "api.mfa.begin",
	    bo_api_mfa_begin, NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/me/mfa/confirm", "api.mfa.confirm",
	    bo_api_mfa_confirm, NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/me/mfa/recovery-codes", "api.mfa.recovery",
	    bo_api_recovery_new, NULL, J, NULL },
	{ HTTP_DELETE, "/admin/api/v1/me/mfa", "api.mfa.off", bo_api_mfa_off,
	    NULL, J, NULL },
	{ HTTP_GET, "/admin/api/v1/staff", "api.staff", bo_api_staff_list,
	    NULL, J, NULL },
	{ HTTP_POST, "/admin/api/v1/staff", "api.staff.invite",
	    bo_api_staff_invite, NULL, J, NULL },
	{ HTTP_GET, "/admin/api/v1/staff/{id:id}", "api.staff.get",
	    bo_api_staff_get, NULL, J, NULL },
	{ HTTP_PATCH, "/admin/api/v1/staff/{id:id}", "api.staff.change",
	    bo_api_staff_change, NULL, J, NULL },
	{ HTTP_POST, "/internal/api/tenants", "internal.create",
	    bo_internal_create, NULL, S, "tenants:provision" },
	{ HTTP_PATCH, TENANT "/status", "internal.status",
	    bo_internal_status, NULL, S, "tenants:provision" },
	{ HTTP_PATCH, TENANT "/config", "internal.config",
	    bo_internal_config, NULL, S, "tenants:provision" },
	{ HTTP_PUT, TENANT "/features", "internal.features",
	    bo_internal_features, NULL, S, "tenants:provision" },
	{ HTTP_POST, TENANT "/owner-invitation", "internal.owner",
	    bo_internal_owner, NULL, S, "tenants:provision" },
	{ HTTP_GET, TENANT "/export", "internal.export", bo_internal_export,
	    NULL, S, "tenants:provision" },
	{ HTTP_DELETE, TENANT "/data", "internal.erase", bo_internal_erase,
	    NULL, S, "tenants:provision" },
	APP_HEALTH_ROUTES("/admin"),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = sec_sess_started,
		.name = "backoffice",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = bo_vars,
		.plane = APP_SHOP,
		.stmts = shop_sql,
		.nstmts = SQL__MAX,
		.resolve = shop_web_resolve,
		.authenticate = sec_authenticate,
		.page_data = shop_web_page_data,
	};

	return app_main(&app, argc, argv);
}
