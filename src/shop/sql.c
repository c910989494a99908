/*
 * Every SQL statement of the souk_shop database.  Statements on
 * tenant-owned tables bind tenant_id (tests/unit/check_store.c walks this
 * table and fails on one that does not).
 */
#include "shop/shop.h"

/*
 * The storefront reads products and categories in a language: its
 * translation (t) where there is one, field by field, else the default
 * language's text.  The language is the first parameter ('' for the
 * default: no translation has it).
 */
#define PRODUCT_TR \
	"LEFT JOIN product_translations t ON t.tenant_id = p.tenant_id " \
	"AND t.product_id = p.id AND t.lang = ? "
/* Listing cards never show the description: do not read the TEXT. */
#define CARD_COLS \
	"p.id, p.sku, p.slug, COALESCE(t.name, p.name), '' AS description, " \
	"p.price, p.currency, p.stock, p.featured, p.image"
#define PRODUCT_COLS \
	"p.id, p.sku, p.slug, COALESCE(t.name, p.name), " \
	"COALESCE(t.description, p.description), p.price, p.currency, " \
	"p.stock, p.featured, p.image"
/* A translation as the backoffice edits it: per language of the shop. */
#define TR_LIST(table, col) \
	"SELECT l.lang, x.name, x.description FROM tenant_languages l " \
	"LEFT JOIN " table " x ON x.tenant_id = l.tenant_id " \
	"AND x.lang = l.lang AND x." col " = ? WHERE l.tenant_id = ?"
#define TR_PUT(table, col) \
	"INSERT INTO " table " (tenant_id, " col ", lang, name, " \
	"description) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE " \
	"name = VALUES(name), description = VALUES(description)"
#define PROMO_COLS \
	"SELECT id, code, name, kind, value, min_subtotal, " \
	"COALESCE(usage_limit, 0), used, " \
	"COALESCE(UNIX_TIMESTAMP(ends_at), 0), active, " \
	"UNIX_TIMESTAMP(created_at) FROM promotions "

/* An ACCOUNT row of auth.h for staff, customers; MEMBER for staff. */
#define STAFF_ACCOUNT \
	"id, email, name, role, password_hash, 1, " \
	"totp_secret IS NOT NULL, 0 FROM staff"
#define CUSTOMER_ACCOUNT \
	"id, email, name, 'customer', password_hash, " \
	"email_verified_at IS NOT NULL, 0, 0 FROM customers"
#define STAFF_MEMBER \
	"id, email, name, role, status, totp_secret IS NOT NULL, " \
	"DATE_FORMAT(created_at, '%Y-%m-%d')"

const struct db_stmt_def shop_sql[SQL__MAX] = {
	{ "tenant_by_slug",	/* SQL_TENANT_BY_SLUG */
	  "SELECT id, slug, name, state, read_only, locale, currency, "
	  "theme_color, catalog_version, primary_host, time_zone FROM tenants "
	  "WHERE slug = ?" },
	{ "tenant_by_domain",	/* SQL_TENANT_BY_DOMAIN */
	  "SELECT t.id, t.slug, t.name, t.state, t.read_only, t.locale, "
	  "t.currency, t.theme_color, t.catalog_version, t.primary_host, "
	  "t.time_zone FROM tenant_domains d "
	  "JOIN tenants t ON t.id = d.tenant_id "
	  "WHERE d.host = ? AND d.status = 'verified'" },
	{ "tenant_list",	/* SQL_TENANT_LIST */
	  "SELECT id, slug, name, state FROM tenants ORDER BY id" },
	{ "tenant_upsert",	/* SQL_TENANT_UPSERT */
	  "INSERT INTO tenants (id, slug, name, state, currency, theme_color, "
	  "locale, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
	  "ON DUPLICATE KEY UPDATE name = VALUES(name), state = VALUES(state), "
	  "currency = VALUES(currency), theme_color = VALUES(theme_color), "
	  "locale = VALUES(locale), time_zone = VALUES(time_zone)" },
	{ "domain_upsert",	/* SQL_DOMAIN_UPSERT */
	  "INSERT INTO tenant_domains (tenant_id, host, is_primary, status) "
	  "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "is_primary = VALUES(is_primary), status = VALUES(status)" },
	{ "category_list",	/* SQL_CATEGORY_LIST: (lang, tenant) */
	  "SELECT c.id, c.slug, COALESCE(t.name, c.name), "
	  "COALESCE(t.description, c.description) FROM categories c "
	  "LEFT JOIN category_translations t ON t.tenant_id = c.tenant_id "
	  "AND t.category_id = c.id AND t.lang = ? "
	  "WHERE c.tenant_id = ? ORDER BY c.position, 3" },
	{ "category_upsert",	/* SQL_CATEGORY_UPSERT */
	  "INSERT INTO categories (tenant_id, slug, name, description, "
	  "position) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "id = LAST_INSERT_ID(id), name = VALUES(name), "
	  "description = VALUES(description), position = VALUES(position)" },
	{ "product_featured",	/* SQL_PRODUCT_FEATURED */
	  "SELECT " CARD_COLS " FROM products p " PRODUCT_TR
	  "WHERE p.tenant_id = ? AND p.status = 'active' AND p.featured = 1 "
	  "ORDER BY p.id LIMIT ?" },
	{ "product_in_category",	/* SQL_PRODUCT_IN_CATEGORY */
	  "SELECT " CARD_COLS " FROM product_categories pc "
	  "JOIN products p ON p.tenant_id = pc.tenant_id "
	  "AND p.id = pc.product_id " PRODUCT_TR
	  "WHERE pc.tenant_id = ? AND pc.category_id = ? "
	  "AND p.status = 'active' "
	  "ORDER BY pc.position, pc.product_id LIMIT ? OFFSET ?" },
	{ "product_by_slug",	/* SQL_PRODUCT_BY_SLUG */
	  "SELECT " PRODUCT_COLS " FROM products p " PRODUCT_TR
	  "WHERE p.tenant_id = ? AND p.slug = ? AND p.status = 'active'" },
	{ "product_by_id",	/* SQL_PRODUCT_BY_ID */
	  "SELECT " PRODUCT_COLS " FROM products p " PRODUCT_TR
	  "WHERE p.tenant_id = ? AND p.id = ? AND p.status = 'active'" },
	{ "product_page",	/* SQL_PRODUCT_PAGE */
	  "SELECT " PRODUCT_COLS " FROM products p " PRODUCT_TR
	  "WHERE p.tenant_id = ? AND p.id > ? AND p.status = 'active' "
	  "ORDER BY p.id LIMIT ?" },
	{ "product_upsert",	/* SQL_PRODUCT_UPSERT */
	  "INSERT INTO products (tenant_id, sku, slug, name, description, "
	  "price, currency, stock, featured, image) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "id = LAST_INSERT_ID(id), slug = VALUES(slug), "
	  "name = VALUES(name), description = VALUES(description), "
	  "price = VALUES(price), currency = VALUES(currency), "
	  "stock = VALUES(stock), featured = VALUES(featured), "
	  "image = VALUES(image)" },
	{ "product_category_add",	/* SQL_PRODUCT_CATEGORY_ADD */
	  "INSERT IGNORE INTO product_categories (tenant_id, category_id, "
	  "product_id, position) VALUES (?, ?, ?, ?)" },
	{ "tenant_set_state",	/* SQL_TENANT_SET_STATE */
	  "UPDATE tenants SET state = ? WHERE slug = ?" },
	{ "catalog_bump",	/* SQL_CATALOG_BUMP */
	  "UPDATE tenants SET catalog_version = catalog_version + 1 "
	  "WHERE id = ?" },
	{ "domain_list",	/* SQL_DOMAIN_LIST */
	  "SELECT host FROM tenant_domains WHERE tenant_id = ?" },
	/* staff (the backoffice's plane of auth/: values, tenant, id) */
	{ "st_by_email",	/* SQL_ST_BY_EMAIL */
	  "SELECT " STAFF_ACCOUNT " WHERE email = ? COLLATE utf8mb4_bin "
	  "AND tenant_id = ? AND status = 'active'" },
	{ "st_by_id",	/* SQL_ST_BY_ID */
	  "SELECT " STAFF_ACCOUNT " WHERE tenant_id = ? AND id = ? "
	  "AND status = 'active'" },
	{ "st_create",	/* SQL_ST_CREATE */
	  "INSERT INTO staff (email, name, role, password_hash, status, "
	  "password_changed_at, tenant_id) VALUES (?, ?, ?, ?, "
	  "IF(password_hash IS NULL, 'invited', 'active'), "
	  "IF(password_hash IS NULL, NULL, UTC_TIMESTAMP()), ?)" },
	{ "st_password",	/* SQL_ST_PASSWORD */
	  "UPDATE staff SET password_hash = ?, "
	  "password_changed_at = UTC_TIMESTAMP(), "
	  "status = IF(status = 'invited', 'active', status) "
	  "WHERE tenant_id = ? AND id = ? AND status <> 'disabled'" },
	{ "st_name",	/* SQL_ST_NAME */
	  "UPDATE staff SET name = ? WHERE tenant_id = ? AND id = ?" },
	{ "st_session_new",	/* SQL_ST_SESSION_NEW */
	  "INSERT INTO account_sessions (token_hash, kind, stage, expires_at, "
	  "principal, tenant_id, account_id) VALUES (?, ?, ?, "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND, 'staff', ?, ?)" },
	{ "st_session",	/* SQL_ST_SESSION */
	  "SELECT a.id, a.email, a.name, a.role, "
	  "(SELECT GROUP_CONCAT(p.permission ORDER BY p.permission) "
	  "FROM staff_role_permissions p WHERE p.role = a.role), 1, "
	  "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND, "
	  "s.stage, a.totp_secret IS NOT NULL, 0, a.language "
	  "FROM account_sessions s JOIN staff a "
	  "ON a.tenant_id = s.tenant_id AND a.id = s.account_id "
	  "WHERE s.token_hash = ? "
	  "AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND "
	  "AND s.tenant_id = ? AND s.principal = 'staff' "
	  "AND a.status = 'active' AND s.expires_at > UTC_TIMESTAMP()" },
	{ "st_sessions_old",	/* SQL_ST_SESSIONS_OLD */
	  "DELETE FROM account_sessions WHERE (expires_at <= UTC_TIMESTAMP() "
	  "OR last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND) "
	  "AND tenant_id = ? AND principal = 'staff' AND account_id = ?" },
	{ "st_sessions_end",	/* SQL_ST_SESSIONS_END */
	  "DELETE FROM account_sessions WHERE tenant_id = ? "
	  "AND principal = 'staff' AND account_id = ?" },
	{ "st_link_new",	/* SQL_ST_LINK_NEW */
	  "INSERT INTO account_tokens (token_hash, purpose, expires_at, "
	  "principal, tenant_id, account_id) VALUES (?, ?, "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND, 'staff', ?, ?)" },
	{ "st_link",	/* SQL_ST_LINK */
	  "SELECT t.account_id, a.status FROM account_tokens t JOIN staff a "
	  "ON a.tenant_id = t.tenant_id AND a.id = t.account_id "
	  "WHERE t.token_hash = ? AND t.purpose = ? AND t.tenant_id = ? "
	  "AND t.principal = 'staff' AND t.used_at IS NULL "
	  "AND t.expires_at > UTC_TIMESTAMP()" },
	{ "st_link_use",	/* SQL_ST_LINK_USE */
	  "UPDATE account_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ? AND purpose = ? AND tenant_id = ? "
	  "AND principal = 'staff' AND used_at IS NULL "
	  "AND expires_at > UTC_TIMESTAMP()" },
	{ "st_links_end",	/* SQL_ST_LINKS_END */
	  "UPDATE account_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE purpose = ? AND tenant_id = ? AND principal = 'staff' "
	  "AND account_id = ? AND used_at IS NULL" },
	{ "st_member",	/* SQL_ST_MEMBER */
	  "SELECT " STAFF_MEMBER " FROM staff "
	  "WHERE tenant_id = ? AND id = ? FOR UPDATE" },
	{ "st_members",	/* SQL_ST_MEMBERS: (tenant; limit, offset) */
	  "SELECT " STAFF_MEMBER ", COUNT(*) OVER () FROM staff "
	  "WHERE tenant_id = ? "
	  "ORDER BY id DESC LIMIT ? OFFSET ?" },
	{ "st_owners_lock",	/* SQL_ST_OWNERS_LOCK */
	  "SELECT id FROM staff WHERE tenant_id = ? AND role = 'owner' "
	  "AND status = 'active' FOR UPDATE" },
	{ "st_role",	/* SQL_ST_ROLE */
	  "UPDATE staff SET role = ? WHERE tenant_id = ? AND id = ?" },
	{ "st_status",	/* SQL_ST_STATUS */
	  "UPDATE staff SET status = IF(? = 1, 'disabled', "
	  "IF(password_hash IS NULL, 'invited', 'active')) "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "staff_mfa_get",	/* SQL_STAFF_MFA_GET */
	  "SELECT totp_secret, totp_pending, totp_last_step FROM staff "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "staff_mfa_step",	/* SQL_STAFF_MFA_STEP */
	  "UPDATE staff SET totp_last_step = ? WHERE totp_last_step < ? "
	  "AND tenant_id = ? AND id = ?" },
	{ "staff_mfa_pending",	/* SQL_STAFF_MFA_PENDING */
	  "UPDATE staff SET totp_pending = ? WHERE tenant_id = ? AND id = ?" },
	{ "staff_mfa_enable",	/* SQL_STAFF_MFA_ENABLE */
	  "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, "
	  "totp_last_step = ? WHERE totp_pending = ? "
	  "AND tenant_id = ? AND id = ?" },
	{ "staff_mfa_off",	/* SQL_STAFF_MFA_OFF */
	  "UPDATE staff SET totp_secret = NULL, totp_pending = NULL "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "staff_rc_clear",	/* SQL_STAFF_RC_CLEAR */
	  "DELETE FROM staff_recovery_codes "
	  "WHERE tenant_id = ? AND staff_id = ?" },
	{ "staff_rc_insert",	/* SQL_STAFF_RC_INSERT */
	  "INSERT INTO staff_recovery_codes (code_hash, tenant_id, staff_id) "
	  "SELECT ?, tenant_id, id FROM staff WHERE tenant_id = ? AND id = ?" },
	{ "staff_rc_use",	/* SQL_STAFF_RC_USE */
	  "UPDATE staff_recovery_codes SET used_at = UTC_TIMESTAMP() "
	  "WHERE code_hash = ? AND used_at IS NULL "
	  "AND tenant_id = ? AND staff_id = ?" },
	{ "staff_rc_left",	/* SQL_STAFF_RC_LEFT */
	  "SELECT COUNT(*) FROM staff_recovery_codes "
	  "WHERE used_at IS NULL AND tenant_id = ? AND staff_id = ?" },
	/* customers (the storefront's plane of auth/) */
	{ "cu_by_email",	/* SQL_CU_BY_EMAIL */
	  "SELECT " CUSTOMER_ACCOUNT " WHERE email = ? COLLATE utf8mb4_bin "
	  "AND tenant_id = ? AND status = 'active'" },
	{ "cu_by_id",	/* SQL_CU_BY_ID */
	  "SELECT " CUSTOMER_ACCOUNT " WHERE tenant_id = ? AND id = ? "
	  "AND status = 'active'" },
	{ "cu_create",	/* SQL_CU_CREATE */
	  "INSERT INTO customers (email, name, password_hash, tenant_id) "
	  "VALUES (?, ?, ?, ?)" },
	{ "cu_password",	/* SQL_CU_PASSWORD */
	  "UPDATE customers SET password_hash = ?, "
	  "password_changed_at = UTC_TIMESTAMP() "
	  "WHERE tenant_id = ? AND id = ? AND status = 'active'" },
	{ "cu_name",	/* SQL_CU_NAME */
	  "UPDATE customers SET name = ? WHERE tenant_id = ? AND id = ?" },
	{ "cu_verified",	/* SQL_CU_VERIFIED */
	  "UPDATE customers SET email_verified_at = "
	  "COALESCE(email_verified_at, UTC_TIMESTAMP()) "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "cu_session_new",	/* SQL_CU_SESSION_NEW */
	  "INSERT INTO account_sessions (token_hash, kind, stage, expires_at, "
	  "principal, tenant_id, account_id) VALUES (?, ?, ?, "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND, 'customer', ?, ?)" },
	{ "cu_session",	/* SQL_CU_SESSION */
	  "SELECT a.id, a.email, a.name, 'customer', '', "
	  "a.email_verified_at IS NOT NULL, "
	  "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND, "
	  "s.stage, 0, 0 "
	  "FROM account_sessions s JOIN customers a "
	  "ON a.tenant_id = s.tenant_id AND a.id = s.account_id "
	  "WHERE s.token_hash = ? "
	  "AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND "
	  "AND s.tenant_id = ? AND s.principal = 'customer' "
	  "AND a.status = 'active' AND s.expires_at > UTC_TIMESTAMP()" },
	{ "cu_sessions_old",	/* SQL_CU_SESSIONS_OLD */
	  "DELETE FROM account_sessions WHERE (expires_at <= UTC_TIMESTAMP() "
	  "OR last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND) "
	  "AND tenant_id = ? AND principal = 'customer' AND account_id = ?" },
	{ "cu_sessions_end",	/* SQL_CU_SESSIONS_END */
	  "DELETE FROM account_sessions WHERE tenant_id = ? "
	  "AND principal = 'customer' AND account_id = ?" },
	{ "cu_link_new",	/* SQL_CU_LINK_NEW */
	  "INSERT INTO account_tokens (token_hash, purpose, expires_at, "
	  "principal, tenant_id, account_id) VALUES (?, ?, "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND, 'customer', ?, ?)" },
	{ "cu_link",	/* SQL_CU_LINK */
	  "SELECT t.account_id, a.status FROM account_tokens t "
	  "JOIN customers a ON a.tenant_id = t.tenant_id "
	  "AND a.id = t.account_id "
	  "WHERE t.token_hash = ? AND t.purpose = ? AND t.tenant_id = ? "
	  "AND t.principal = 'customer' AND t.used_at IS NULL "
	  "AND t.expires_at > UTC_TIMESTAMP()" },
	{ "cu_link_use",	/* SQL_CU_LINK_USE */
	  "UPDATE account_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ? AND purpose = ? AND tenant_id = ? "
	  "AND principal = 'customer' AND used_at IS NULL "
	  "AND expires_at > UTC_TIMESTAMP()" },
	{ "cu_links_end",	/* SQL_CU_LINKS_END */
	  "UPDATE account_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE purpose = ? AND tenant_id = ? AND principal = 'customer' "
	  "AND account_id = ? AND used_at IS NULL" },
	/* both */
	{ "session_touch",	/* SQL_SESSION_TOUCH */
	  "UPDATE account_sessions SET last_seen_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ? AND tenant_id = ?" },
	{ "session_end",	/* SQL_SESSION_END */
	  "DELETE FROM account_sessions WHERE token_hash = ? "
	  "AND tenant_id = ?" },
	{ "sessions_end_tenant",	/* SQL_SESSIONS_END_TENANT */
	  "DELETE FROM account_sessions WHERE tenant_id = ?" },
	{ "address_list",	/* SQL_ADDRESS_LIST */
	  "SELECT id, name, line1, line2, city, postal_code, country, phone "
	  "FROM customer_addresses WHERE tenant_id = ? AND customer_id = ? "
	  "ORDER BY id" },
	{ "address_count",	/* SQL_ADDRESS_COUNT */
	  "SELECT COUNT(*) FROM customer_addresses "
	  "WHERE tenant_id = ? AND customer_id = ?" },
	{ "address_insert",	/* SQL_ADDRESS_INSERT */
	  "INSERT INTO customer_addresses (tenant_id, customer_id, name, "
	  "line1, line2, city, postal_code, country, phone) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ "address_delete",	/* SQL_ADDRESS_DELETE */
	  "DELETE FROM customer_addresses WHERE tenant_id = ? "
	  "AND customer_id = ? AND id = ?" },
	{ "tenant_lock",	/* SQL_TENANT_LOCK */
	  "SELECT id, slug FROM tenants WHERE id = ? OR slug = ? FOR UPDATE" },
	{ "tenant_create",	/* SQL_TENANT_CREATE */
	  "INSERT INTO tenants (id, slug, name, state, plan, locale, currency, "
	  "time_zone, theme_color, payment_methods, shipping_methods) "
	  "VALUES (?, ?, ?, 'provisioning', ?, ?, ?, ?, ?, ?, ?)" },
	{ "tenant_config",	/* SQL_TENANT_CONFIG */
	  "UPDATE tenants SET name = COALESCE(?, name), "
	  "locale = COALESCE(?, locale), currency = COALESCE(?, currency), "
	  "time_zone = COALESCE(?, time_zone), "
	  "theme_color = COALESCE(?, theme_color), "
	  "payment_methods = COALESCE(?, payment_methods), "
	  "shipping_methods = COALESCE(?, shipping_methods) WHERE id = ?" },
	{ "tenant_status",	/* SQL_TENANT_STATUS */
	  "UPDATE tenants SET state = ?, read_only = ? WHERE id = ?" },
	{ "tenant_features",	/* SQL_TENANT_FEATURES */
	  "UPDATE tenants SET plan = ?, features = ?, features_etag = ? "
	  "WHERE id = ?" },
	{ "tenant_features_get",	/* SQL_TENANT_FEATURES_GET */
	  "SELECT features, features_etag FROM tenants WHERE id = ?" },
	{ "tenant_primary",	/* SQL_TENANT_PRIMARY */
	  "UPDATE tenants SET primary_host = (SELECT host FROM tenant_domains "
	  "WHERE tenant_id = ? AND is_primary = 1 AND status = 'verified' "
	  "LIMIT 1) WHERE id = ?" },
	{ "domains_clear",	/* SQL_DOMAINS_CLEAR */
	  "DELETE FROM tenant_domains WHERE tenant_id = ?" },
	{ "domain_put",	/* SQL_DOMAIN_PUT */
	  "INSERT INTO tenant_domains (tenant_id, host, is_primary, status, "
	  "token) VALUES (?, ?, ?, ?, ?)" },
	{ "domain_token",	/* SQL_DOMAIN_TOKEN */
	  "SELECT d.token FROM tenant_domains d JOIN tenants t "
	  "ON t.id = d.tenant_id WHERE d.host = ? AND d.token = ? "
	  "AND d.status = 'pending' AND t.state = 'active'" },
	{ "staff_count",	/* SQL_STAFF_COUNT */
	  "SELECT COUNT(*) FROM staff WHERE tenant_id = ? "
	  "AND status <> 'disabled'" },
	{ "staff_find",	/* SQL_STAFF_FIND */
	  "SELECT id, status FROM staff WHERE tenant_id = ? AND email = ?" },
	{ "product_count",	/* SQL_PRODUCT_COUNT */
	  "SELECT COUNT(*) FROM products WHERE tenant_id = ? "
	  "AND status <> 'archived'" },
	{ "export_tenant",	/* SQL_EXPORT_TENANT */
	  "SELECT id, slug, name, state, read_only, plan, locale, currency, "
	  "time_zone, theme_color, payment_methods, shipping_methods, "
	  "created_at FROM tenants WHERE id = ?" },
	{ "export_domains",	/* SQL_EXPORT_DOMAINS */
	  "SELECT host, is_primary, status, created_at FROM tenant_domains "
	  "WHERE tenant_id = ? ORDER BY host" },
	{ "export_categories",	/* SQL_EXPORT_CATEGORIES */
	  "SELECT id, slug, name, description, position FROM categories "
	  "WHERE tenant_id = ? ORDER BY id" },
	{ "export_products",	/* SQL_EXPORT_PRODUCTS */
	  "SELECT id, sku, slug, name, description, price, currency, stock, "
	  "featured, status, image, created_at, updated_at FROM products "
	  "WHERE tenant_id = ? ORDER BY id" },
	{ "export_product_categories",	/* SQL_EXPORT_PRODUCT_CATEGORIES */
	  "SELECT category_id, product_id, position FROM product_categories "
	  "WHERE tenant_id = ? ORDER BY category_id, product_id" },
	{ "export_staff",	/* SQL_EXPORT_STAFF */
	  "SELECT id, email, name, role, status, created_at FROM staff "
	  "WHERE tenant_id = ? ORDER BY id" },
	{ "export_customers",	/* SQL_EXPORT_CUSTOMERS */
	  "SELECT id, email, name, status, email_verified_at, created_at "
	  "FROM customers WHERE tenant_id = ? ORDER BY id" },
	{ "export_addresses",	/* SQL_EXPORT_ADDRESSES */
	  "SELECT id, customer_id, name, line1, line2, city, postal_code, "
	  "country, phone, created_at FROM customer_addresses "
	  "WHERE tenant_id = ? ORDER BY id" },
	{ "erase_sessions",	/* SQL_ERASE_SESSIONS */
	  "DELETE FROM account_sessions WHERE tenant_id = ?" },
	{ "erase_tokens",	/* SQL_ERASE_TOKENS */
	  "DELETE FROM account_tokens WHERE tenant_id = ?" },
	{ "erase_recovery",	/* SQL_ERASE_RECOVERY */
	  "DELETE FROM staff_recovery_codes WHERE tenant_id = ?" },
	{ "erase_addresses",	/* SQL_ERASE_ADDRESSES */
	  "DELETE FROM customer_addresses WHERE tenant_id = ?" },
	{ "erase_customers",	/* SQL_ERASE_CUSTOMERS */
	  "DELETE FROM customers WHERE tenant_id = ?" },
	{ "erase_staff",	/* SQL_ERASE_STAFF */
	  "DELETE FROM staff WHERE tenant_id = ?" },
	{ "erase_product_categories",	/* SQL_ERASE_PRODUCT_CATEGORIES */
	  "DELETE FROM product_categories WHERE tenant_id = ?" },
	{ "erase_products",	/* SQL_ERASE_PRODUCTS */
	  "DELETE FROM products WHERE tenant_id = ?" },
	{ "erase_categories",	/* SQL_ERASE_CATEGORIES */
	  "DELETE FROM categories WHERE tenant_id = ?" },
	{ "tenant_lock_id",	/* SQL_TENANT_LOCK_ID */
	  "SELECT currency FROM tenants WHERE id = ? FOR UPDATE" },
	{ "product_insert",	/* SQL_PRODUCT_INSERT */
	  "INSERT INTO products (tenant_id, sku, slug, name, description, "
	  "price, currency, stock) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	{ "product_recent",	/* SQL_PRODUCT_RECENT */
	  "SELECT id, sku, slug, name, description, price, currency, stock, "
	  "featured, image FROM products WHERE tenant_id = ? "
	  "AND status <> 'archived' ORDER BY id DESC LIMIT 50" },
	{ "promo_insert",	/* SQL_PROMO_INSERT */
	  "INSERT INTO promotions (tenant_id, code, name, kind, value, "
	  "min_subtotal, usage_limit, ends_at) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?))" },
	{ "promo_list",		/* SQL_PROMO_LIST */
	  PROMO_COLS "WHERE tenant_id = ? ORDER BY id DESC LIMIT 100" },
	{ "promo_get",		/* SQL_PROMO_GET */
	  PROMO_COLS "WHERE tenant_id = ? AND id = ?" },
	{ "promo_set_active",	/* SQL_PROMO_SET_ACTIVE */
	  "UPDATE promotions SET active = ? WHERE tenant_id = ? AND id = ?" },
	{ "export_promotions",	/* SQL_EXPORT_PROMOTIONS */
	  "SELECT id, code, name, kind, value, min_subtotal, usage_limit, "
	  "used, ends_at, active, created_at FROM promotions "
	  "WHERE tenant_id = ? ORDER BY id" },
	{ "erase_promotions",	/* SQL_ERASE_PROMOTIONS */
	  "DELETE FROM promotions WHERE tenant_id = ?" },
	{ "st_lang",	/* SQL_ST_LANG */
	  "UPDATE staff SET language = ? WHERE tenant_id = ? AND id = ?" },
	/* content languages (content.c) */
	{ "lang_list",	/* SQL_LANG_LIST */
	  "SELECT l.lang, x.name FROM tenant_languages l "
	  "LEFT JOIN tenant_texts x ON x.tenant_id = l.tenant_id "
	  "AND x.lang = l.lang WHERE l.tenant_id = ?" },
	{ "lang_add",	/* SQL_LANG_ADD */
	  "INSERT IGNORE INTO tenant_languages (tenant_id, lang) "
	  "VALUES (?, ?)" },
	{ "lang_delete",	/* SQL_LANG_DELETE */
	  "DELETE FROM tenant_languages WHERE tenant_id = ? AND lang = ?" },
	{ "lang_has",	/* SQL_LANG_HAS: kept while a translation is written */
	  "SELECT lang FROM tenant_languages WHERE tenant_id = ? "
	  "AND lang = ? LOCK IN SHARE MODE" },
	{ "text_put",	/* SQL_TEXT_PUT */
	  "INSERT INTO tenant_texts (tenant_id, lang, name) VALUES (?, ?, ?) "
	  "ON DUPLICATE KEY UPDATE name = VALUES(name)" },
	{ "text_delete",	/* SQL_TEXT_DELETE */
	  "DELETE FROM tenant_texts WHERE tenant_id = ? AND lang = ?" },
	{ "product_text",	/* SQL_PRODUCT_TEXT */
	  "SELECT name, description FROM products "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "product_tr_list",	/* SQL_PRODUCT_TR_LIST: (id, tenant) */
	  TR_LIST("product_translations", "product_id") },
	{ "product_tr_put",	/* SQL_PRODUCT_TR_PUT */
	  TR_PUT("product_translations", "product_id") },
	{ "product_tr_delete",	/* SQL_PRODUCT_TR_DELETE */
	  "DELETE FROM product_translations WHERE tenant_id = ? "
	  "AND product_id = ? AND lang = ?" },
	{ "category_text",	/* SQL_CATEGORY_TEXT */
	  "SELECT name, description FROM categories "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "category_tr_list",	/* SQL_CATEGORY_TR_LIST: (id, tenant) */
	  TR_LIST("category_translations", "category_id") },
	{ "category_tr_put",	/* SQL_CATEGORY_TR_PUT */
	  TR_PUT("category_translations", "category_id") },
	{ "category_tr_delete",	/* SQL_CATEGORY_TR_DELETE */
	  "DELETE FROM category_translations WHERE tenant_id = ? "
	  "AND category_id = ? AND lang = ?" },
	{ "export_languages",	/* SQL_EXPORT_LANGUAGES */
	  "SELECT lang, created_at FROM tenant_languages "
	  "WHERE tenant_id = ? ORDER BY lang" },
	{ "export_texts",	/* SQL_EXPORT_TEXTS */
	  "SELECT lang, name, updated_at FROM tenant_texts "
	  "WHERE tenant_id = ? ORDER BY lang" },
	{ "export_product_tr",	/* SQL_EXPORT_PRODUCT_TR */
	  "SELECT product_id, lang, name, description, updated_at "
	  "FROM product_translations WHERE tenant_id = ? "
	  "ORDER BY product_id, lang" },
	{ "export_category_tr",	/* SQL_EXPORT_CATEGORY_TR */
	  "SELECT category_id, lang, name, description, updated_at "
	  "FROM category_translations WHERE tenant_id = ? "
	  "ORDER BY category_id, lang" },
	{ "erase_texts",	/* SQL_ERASE_TEXTS */
	  "DELETE FROM tenant_texts WHERE tenant_id = ?" },
	{ "erase_product_tr",	/* SQL_ERASE_PRODUCT_TR */
	  "DELETE FROM product_translations WHERE tenant_id = ?" },
	{ "erase_category_tr",	/* SQL_ERASE_CATEGORY_TR */
	  "DELETE FROM category_translations WHERE tenant_id = ?" },
	{ "erase_languages",	/* SQL_ERASE_LANGUAGES */
	  "DELETE FROM tenant_languages WHERE tenant_id = ?" },
};
