/*
 * Every SQL statement of the souk_shop database.  Statements on
 * tenant-owned tables bind tenant_id (tests/unit/check_store.c walks this
 * table and fails on one that does not).
 */
#include "shop/shop.h"

/* Listing cards never show the description: do not read the TEXT. */
#define CARD_COLS \
	"p.id, p.sku, p.slug, p.name, '' AS description, p.price, " \
	"p.currency, p.stock, p.featured, p.image"
#define PRODUCT_COLS \
	"p.id, p.sku, p.slug, p.name, p.description, p.price, p.currency, " \
	"p.stock, p.featured, p.image"

const struct db_stmt_def shop_sql[SQL__MAX] = {
	{ "tenant_by_slug",	/* SQL_TENANT_BY_SLUG */
	  "SELECT id, slug, name, state, read_only, locale, currency, "
	  "theme_color, catalog_version FROM tenants WHERE slug = ?" },
	{ "tenant_by_domain",	/* SQL_TENANT_BY_DOMAIN */
	  "SELECT t.id, t.slug, t.name, t.state, t.read_only, t.locale, "
	  "t.currency, t.theme_color, t.catalog_version "
	  "FROM tenant_domains d "
	  "JOIN tenants t ON t.id = d.tenant_id "
	  "WHERE d.host = ? AND d.status = 'verified'" },
	{ "tenant_list",	/* SQL_TENANT_LIST */
	  "SELECT id, slug, name, state FROM tenants ORDER BY id" },
	{ "tenant_upsert",	/* SQL_TENANT_UPSERT */
	  "INSERT INTO tenants (id, slug, name, state, currency, theme_color) "
	  "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "name = VALUES(name), state = VALUES(state), "
	  "currency = VALUES(currency), theme_color = VALUES(theme_color)" },
	{ "domain_upsert",	/* SQL_DOMAIN_UPSERT */
	  "INSERT INTO tenant_domains (tenant_id, host, is_primary, status) "
	  "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "is_primary = VALUES(is_primary), status = VALUES(status)" },
	{ "category_list",	/* SQL_CATEGORY_LIST */
	  "SELECT id, slug, name, description FROM categories "
	  "WHERE tenant_id = ? ORDER BY position, name" },
	{ "category_upsert",	/* SQL_CATEGORY_UPSERT */
	  "INSERT INTO categories (tenant_id, slug, name, description, "
	  "position) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	  "id = LAST_INSERT_ID(id), name = VALUES(name), "
	  "description = VALUES(description), position = VALUES(position)" },
	{ "product_featured",	/* SQL_PRODUCT_FEATURED */
	  "SELECT " CARD_COLS " FROM products p "
	  "WHERE p.tenant_id = ? AND p.status = 'active' AND p.featured = 1 "
	  "ORDER BY p.id LIMIT ?" },
	{ "product_in_category",	/* SQL_PRODUCT_IN_CATEGORY */
	  "SELECT " CARD_COLS " FROM product_categories pc "
	  "JOIN products p ON p.tenant_id = pc.tenant_id "
	  "AND p.id = pc.product_id "
	  "WHERE pc.tenant_id = ? AND pc.category_id = ? "
	  "AND p.status = 'active' "
	  "ORDER BY pc.position, pc.product_id LIMIT ? OFFSET ?" },
	{ "product_by_slug",	/* SQL_PRODUCT_BY_SLUG */
	  "SELECT " PRODUCT_COLS " FROM products p "
	  "WHERE p.tenant_id = ? AND p.slug = ? AND p.status = 'active'" },
	{ "product_by_id",	/* SQL_PRODUCT_BY_ID */
	  "SELECT " PRODUCT_COLS " FROM products p "
	  "WHERE p.tenant_id = ? AND p.id = ? AND p.status = 'active'" },
	{ "product_page",	/* SQL_PRODUCT_PAGE */
	  "SELECT " PRODUCT_COLS " FROM products p "
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
};
