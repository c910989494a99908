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
	{ "form", TMPL_SECTION }, { "example", TMPL_SCALAR },
	{ "description", TMPL_SCALAR }, { "min_subtotal", TMPL_SCALAR },
	{ "usage_limit", TMPL_SCALAR }, { "percent", TMPL_SECTION },
	{ "amount", TMPL_SECTION }, { "ends", TMPL_ANY },
	{ "ask_code", TMPL_SECTION }, { "mfa_required", TMPL_ANY },
	{ "page", TMPL_ANY }, { "pages", TMPL_ANY }, { "prev", TMPL_ANY },
	{ "next", TMPL_ANY }, { "link", TMPL_ANY }, { "mfa_enabled", TMPL_ANY },
	{ "stage", TMPL_ANY }, { "permissions", TMPL_ANY },
	{ "lang", TMPL_SCALAR }, { "languages", TMPL_SECTION },
	{ "choose_language", TMPL_SECTION }, { "label", TMPL_SCALAR },
	{ "language", TMPL_ANY },
	{ "can_settings", TMPL_SECTION }, { "translations", TMPL_SECTION },
	{ "product", TMPL_SECTION }, { "checked", TMPL_SECTION },
	{ "default_lang", TMPL_SCALAR },
	{ "default_label", TMPL_SCALAR },
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
	{ "language", VALID_LINE, 0, 0, 8 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl product_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "sku", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "price", VALID_LINE, 0, 0, 64 },	/* bo_param_money */
	{ "stock", VALID_INT, 0, 0, 1000000000 },
	{ "description", VALID_TEXT, 0, 0, 5000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl languages_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "lang_en", VALID_INT, 0, 0, 1 },
	{ "lang_de", VALID_INT, 0, 0, 1 },
	{ "lang_fr", VALID_INT, 0, 0, 1 },
	{ "name_en", VALID_LINE, 0, 0, 200 },
	{ "name_de", VALID_LINE, 0, 0, 200 },
	{ "name_fr", VALID_LINE, 0, 0, 200 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl translation_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "description", VALID_TEXT, 0, 0, 5000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl promotion_params[] = {
	{ "csrf", VALID_LINE, 0, 0, 64 },
	{ "code", VALID_LINE, 0, 0, 32 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "kind", VALID_LINE, 0, 0, 16 },
	{ "value", VALID_LINE, 0, 0, 64 },	/* % or bo_param_money */
	{ "min_subtotal", VALID_LINE, 0, 0, 64 },	/* bo_param_money */
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

static const struct param_decl page_params[] = {
	{ "page", VALID_INT, 0, 1, 100000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl product_body[] = {
	{ "sku", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 1, 200 },
	{ "slug", VALID_SLUG, 0, 0, 0 },
	{ "description", VALID_TEXT, 0, 0, 5000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl languages_body[] = {
	{ "languages", VALID_LIST, 1, 0, 8 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl text_body[] = {
	{ "name", VALID_LINE, 0, 0, 200 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl translation_body[] = {
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "description", VALID_TEXT, 0, 0, 5000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl promotion_body[] = {
	{ "code", VALID_LINE, 0, 0, 64 },
	{ "name", VALID_LINE, 0, 0, 400 },
	{ "kind", VALID_LINE, 0, 0, 16 },
	{ "ends_on", VALID_LINE, 0, 0, 32 },
	{ NULL, 0, 0, 0, 0 }
};

/* Center's calls (the handlers check what the values mean). */
static const struct param_decl doc_body[] = {
	{ "id", VALID_ID, 0, 0, 0 },
	{ "slug", VALID_LINE, 0, 0, 96 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "plan", VALID_LINE, 0, 0, 32 },
	{ "locale", VALID_LINE, 0, 0, 35 },
	{ "currency", VALID_LINE, 0, 0, 8 },
	{ "time_zone", VALID_LINE, 0, 0, 64 },
	{ "theme_color", VALID_LINE, 0, 0, 16 },
	{ "features", VALID_OBJECT, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl state_body[] = {
	{ "state", VALID_LINE, 0, 0, 16 },
	{ "read_only", VALID_BOOL, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl features_body[] = {
	{ "plan", VALID_LINE, 1, 0, 32 },
	{ "etag", VALID_LINE, 1, 0, 128 },
	{ "features", VALID_OBJECT, 1, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl owner_body[] = {
	{ "email", VALID_LINE, 1, 1, 254 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl active_body[] = {
	{ "active", VALID_BOOL, 1, 0, 0 },
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
#define PROVISION	"tenants:provision"
#define PRODUCT_TR	"/admin/api/v1/products/{id:id}/translations"
#define CATEGORY_TR	"/admin/api/v1/categories/{id:id}/translations"
#define PAGE	AUTH_COOKIE
#define API	AUTH_BEARER

/* A page anyone may open: a form shown before sign-in, or its post. */
#define OPEN(m, path, name, fn, params, flags, arg) \
	{ m, path, name, fn, params, T | (flags), NULL, 0, 0, arg, NULL }
/* A page of signed-in staff with permission perm (0: any member). */
#define STAFF(m, path, name, fn, params, perm) \
	{ m, path, name, fn, params, T, NULL, PAGE, perm, NULL, NULL }
/* An API route: anyone (who 0), or staff with a bearer token and perm. */
#define STAFF_API(m, path, name, fn, who, perm, body, arg) \
	{ m, path, name, fn, NULL, J, NULL, who, perm, arg, body }
/* Center's signed call, and its body's fields. */
#define CENTER(m, path, name, fn, body) \
	{ m, path, name, fn, NULL, S, PROVISION, 0, 0, NULL, body }

static const struct route routes[] = {
	{ HTTP_GET, "/admin", "slash", bo_slash, NULL, 0, NULL, 0, 0, NULL,
	    NULL },
	STAFF(HTTP_GET, "/admin/", "index", bo_page_index, NULL, 0),
	OPEN(HTTP_GET, "/admin/login", "login", auth_page_login, NULL, 0,
	    NULL),
	OPEN(HTTP_POST, "/admin/login", "login.post", auth_page_login_post,
	    form_params, ROUTE_SIGNIN, NULL),
	{ HTTP_POST, "/admin/logout", "logout", auth_page_logout, form_params,
	    T | ROUTE_SIGNIN, NULL, PAGE | AUTH_ANY_STAGE, 0, NULL, NULL },
	STAFF(HTTP_GET, "/admin/account", "account", auth_page_account,
	    account_params, 0),
	STAFF(HTTP_POST, "/admin/account", "account.post",
	    auth_page_account_post, form_params, 0),
	STAFF(HTTP_POST, "/admin/account/password", "password.post",
	    auth_page_password_post, form_params, 0),
	{ HTTP_GET, "/admin/login/code", "code", auth_page_code, NULL, T,
	    NULL, PAGE | AUTH_MFA, 0, NULL, NULL },
	{ HTTP_POST, "/admin/login/code", "code.post", auth_page_code_post,
	    form_params, T | ROUTE_SIGNIN, NULL, PAGE | AUTH_MFA, 0, NULL,
	    NULL },
	STAFF(HTTP_GET, "/admin/account/2fa", "mfa", auth_page_mfa, NULL, 0),
	STAFF(HTTP_POST, "/admin/account/2fa", "mfa.post", auth_page_mfa_post,
	    form_params, 0),
	STAFF(HTTP_POST, "/admin/account/2fa/recovery", "recovery.post",
	    auth_page_recovery_post, form_params, 0),
	STAFF(HTTP_POST, "/admin/account/2fa/off", "mfa.off",
	    auth_page_mfa_off_post, form_params, 0),
	OPEN(HTTP_GET, "/admin/forgot", "forgot", auth_page_forgot, NULL, 0,
	    NULL),
	OPEN(HTTP_POST, "/admin/forgot", "forgot.post", auth_page_forgot_post,
	    form_params, 0, NULL),
	OPEN(HTTP_GET, "/admin/reset", "reset", auth_page_link, token_params,
	    0, "password_reset"),
	OPEN(HTTP_POST, "/admin/reset", "reset.post", auth_page_link_post,
	    form_params, 0, "password_reset"),
	OPEN(HTTP_GET, "/admin/invite", "invite", auth_page_link,
	    token_params, 0, "staff_invitation"),
	OPEN(HTTP_POST, "/admin/invite", "invite.post", auth_page_link_post,
	    form_params, 0, "staff_invitation"),
	STAFF(HTTP_GET, "/admin/staff", "staff", auth_page_members,
	    page_params, SHOP_P_STAFF_READ),
	STAFF(HTTP_POST, "/admin/staff", "staff.invite",
	    auth_page_member_invite, form_params, SHOP_P_STAFF_WRITE),
	STAFF(HTTP_POST, "/admin/staff/{id:id}", "staff.change",
	    auth_page_member_change, form_params, SHOP_P_STAFF_WRITE),
	STAFF(HTTP_POST, "/admin/staff/{id:id}/invite", "staff.reinvite",
	    auth_page_member_reinvite, form_params, SHOP_P_STAFF_WRITE),
	STAFF(HTTP_GET, "/admin/products", "products", bo_page_products, NULL,
	    SHOP_P_CATALOG_READ),
	STAFF(HTTP_POST, "/admin/products", "products.add",
	    bo_page_product_add, product_params, SHOP_P_CATALOG_WRITE),
	STAFF_API(HTTP_POST, "/admin/api/v1/products", "api.product.create",
	    bo_api_product_create, API, SHOP_P_CATALOG_WRITE, product_body,
	    NULL),
	STAFF(HTTP_GET, "/admin/products/{id:id}", "product", bo_page_product,
	    NULL, SHOP_P_CATALOG_READ),
	STAFF(HTTP_POST, "/admin/products/{id:id}/translations/{lang:slug}",
	    "product.translate", bo_page_translation_post, translation_params,
	    SHOP_P_CATALOG_WRITE),
	STAFF(HTTP_GET, "/admin/languages", "languages", bo_page_languages,
	    NULL, SHOP_P_SETTINGS_WRITE),
	STAFF(HTTP_POST, "/admin/languages", "languages.post",
	    bo_page_languages_post, languages_params, SHOP_P_SETTINGS_WRITE),
	STAFF_API(HTTP_GET, "/admin/api/v1/languages", "api.languages",
	    bo_api_languages, API, 0, NULL, NULL),
	STAFF_API(HTTP_PUT, "/admin/api/v1/languages", "api.languages.put",
	    bo_api_languages_put, API, SHOP_P_SETTINGS_WRITE, languages_body,
	    NULL),
	STAFF_API(HTTP_GET, "/admin/api/v1/shop/translations/{lang:slug}",
	    "api.shop.text", bo_api_shop_text, API, 0, NULL, NULL),
	STAFF_API(HTTP_PUT, "/admin/api/v1/shop/translations/{lang:slug}",
	    "api.shop.text.put", bo_api_shop_text_put, API,
	    SHOP_P_SETTINGS_WRITE, text_body, NULL),
	STAFF_API(HTTP_GET, PRODUCT_TR, "api.product.translations",
	    bo_api_translations, API, SHOP_P_CATALOG_READ, NULL, "product"),
	STAFF_API(HTTP_GET, PRODUCT_TR "/{lang:slug}",
	    "api.product.translation", bo_api_translation, API,
	    SHOP_P_CATALOG_READ, NULL, "product"),
	STAFF_API(HTTP_PUT, PRODUCT_TR "/{lang:slug}",
	    "api.product.translation.put", bo_api_translation_put, API,
	    SHOP_P_CATALOG_WRITE, translation_body, "product"),
	STAFF_API(HTTP_DELETE, PRODUCT_TR "/{lang:slug}",
	    "api.product.translation.delete", bo_api_translation_put, API,
	    SHOP_P_CATALOG_WRITE, NULL, "product"),
	STAFF_API(HTTP_GET, "/admin/api/v1/categories", "api.categories",
	    bo_api_categories, API, SHOP_P_CATALOG_READ, NULL, NULL),
	STAFF_API(HTTP_GET, CATEGORY_TR, "api.category.translations",
	    bo_api_translations, API, SHOP_P_CATALOG_READ, NULL, "category"),
	STAFF_API(HTTP_GET, CATEGORY_TR "/{lang:slug}",
	    "api.category.translation", bo_api_translation, API,
	    SHOP_P_CATALOG_READ, NULL, "category"),
	STAFF_API(HTTP_PUT, CATEGORY_TR "/{lang:slug}",
	    "api.category.translation.put", bo_api_translation_put, API,
	    SHOP_P_CATALOG_WRITE, translation_body, "category"),
	STAFF_API(HTTP_DELETE, CATEGORY_TR "/{lang:slug}",
	    "api.category.translation.delete", bo_api_translation_put, API,
	    SHOP_P_CATALOG_WRITE, NULL, "category"),
	STAFF(HTTP_GET, "/admin/promotions", "promotions", bo_page_promotions,
	    NULL, SHOP_P_PROMOTIONS_READ),
	STAFF(HTTP_POST, "/admin/promotions", "promotions.add",
	    bo_page_promotion_add, promotion_params, SHOP_P_PROMOTIONS_WRITE),
	STAFF(HTTP_POST, "/admin/promotions/{id:id}", "promotions.change",
	    bo_page_promotion_change, promotion_params,
	    SHOP_P_PROMOTIONS_WRITE),
	STAFF_API(HTTP_GET, "/admin/api/v1/promotions", "api.promotions",
	    bo_api_promotions, API, SHOP_P_PROMOTIONS_READ, NULL, NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/promotions",
	    "api.promotion.create", bo_api_promotion_create, API,
	    SHOP_P_PROMOTIONS_WRITE, promotion_body, NULL),
	STAFF_API(HTTP_GET, "/admin/api/v1/promotions/{id:id}",
	    "api.promotion.get", bo_api_promotion_get, API,
	    SHOP_P_PROMOTIONS_READ, NULL, NULL),
	STAFF_API(HTTP_PATCH, "/admin/api/v1/promotions/{id:id}",
	    "api.promotion.change", bo_api_promotion_change, API,
	    SHOP_P_PROMOTIONS_WRITE, active_body, NULL),
	{ HTTP_POST, "/admin/api/v1/auth/token", "api.token.create",
	    auth_api_token_create, NULL, J | ROUTE_SIGNIN, NULL, 0, 0, NULL,
	    auth_signin_body },
	{ HTTP_DELETE, "/admin/api/v1/auth/token", "api.token.delete",
	    auth_api_token_delete, NULL, J | ROUTE_SIGNIN, NULL, API, 0, NULL,
	    NULL },
	STAFF_API(HTTP_POST, "/admin/api/v1/auth/password-reset",
	    "api.password.forgot", auth_api_password_forgot, 0, 0,
	    auth_email_body,
	    NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/auth/password-reset/confirm",
	    "api.password.reset", auth_api_password_set, 0, 0, auth_link_body,
	    "password_reset"),
	STAFF_API(HTTP_POST, "/admin/api/v1/invitations/accept",
	    "api.invite.accept", auth_api_password_set, 0, 0, auth_link_body,
	    "staff_invitation"),
	STAFF_API(HTTP_GET, "/admin/api/v1/me", "api.me", auth_api_me, API, 0,
	    NULL, NULL),
	STAFF_API(HTTP_PATCH, "/admin/api/v1/me", "api.me.update",
	    auth_api_me_update, API, 0, auth_me_body, NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/me/mfa", "api.mfa.begin",
	    auth_api_mfa_begin, API, 0, NULL, NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/me/mfa/confirm", "api.mfa.confirm",
	    auth_api_mfa_confirm, API, 0, auth_code_body, NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/me/mfa/recovery-codes",
	    "api.mfa.recovery", auth_api_recovery_new, API, 0, auth_code_body,
	    NULL),
	STAFF_API(HTTP_DELETE, "/admin/api/v1/me/mfa", "api.mfa.off",
	    auth_api_mfa_off, API, 0, auth_code_body, NULL),
	STAFF_API(HTTP_GET, "/admin/api/v1/staff", "api.staff",
	    auth_api_members, API, SHOP_P_STAFF_READ, NULL, NULL),
	STAFF_API(HTTP_POST, "/admin/api/v1/staff", "api.staff.invite",
	    auth_api_member_invite, API, SHOP_P_STAFF_WRITE, auth_invite_body,
	    NULL),
	STAFF_API(HTTP_GET, "/admin/api/v1/staff/{id:id}", "api.staff.get",
	    auth_api_member, API, SHOP_P_STAFF_READ, NULL, NULL),
	STAFF_API(HTTP_PATCH, "/admin/api/v1/staff/{id:id}", "api.staff.change",
	    auth_api_member_change, API, SHOP_P_STAFF_WRITE, auth_change_body,
	    NULL),
	CENTER(HTTP_POST, "/internal/api/tenants", "internal.create",
	    bo_internal_create, doc_body),
	CENTER(HTTP_PATCH, TENANT "/status", "internal.status",
	    bo_internal_status, state_body),
	CENTER(HTTP_PATCH, TENANT "/config", "internal.config",
	    bo_internal_config, doc_body),
	CENTER(HTTP_PUT, TENANT "/features", "internal.features",
	    bo_internal_features, features_body),
	CENTER(HTTP_POST, TENANT "/owner-invitation", "internal.owner",
	    bo_internal_owner, owner_body),
	CENTER(HTTP_GET, TENANT "/export", "internal.export",
	    bo_internal_export, NULL),
	CENTER(HTTP_DELETE, TENANT "/data", "internal.erase",
	    bo_internal_erase, NULL),
	APP_HEALTH_ROUTES("/admin"),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.started = auth_started,
		.name = "backoffice",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = bo_vars,
		.plane = APP_SHOP,
		.stmts = shop_sql,
		.nstmts = SQL__MAX,
		.resolve = shopweb_resolve,
		.authenticate = sec_authenticate,
		.authorize = auth_route,
		.auth = &bo_staff,
		.page_data = shopweb_page_data,
	};

	return app_main(&app, argc, argv);
}
