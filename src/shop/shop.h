/*
 * shop: the tenant commerce domain (tenants as the tenant application
 * knows them, catalog).  Knows nothing of FastCGI.  Every statement on a
 * tenant-owned table binds tenant_id; results live in the caller's arena.
 */
#ifndef SOUK_SHOP_H
#define SOUK_SHOP_H

#include <stdint.h>

#include "core/core.h"
#include "store/store.h"

/* The souk_shop statement table, indexed by enum shop_sql. */
enum shop_sql {
	SQL_TENANT_BY_SLUG,
	SQL_TENANT_BY_DOMAIN,
	SQL_TENANT_LIST,
	SQL_TENANT_UPSERT,
	SQL_DOMAIN_UPSERT,
	SQL_CATEGORY_LIST,
	SQL_CATEGORY_UPSERT,
	SQL_PRODUCT_FEATURED,
	SQL_PRODUCT_IN_CATEGORY,
	SQL_PRODUCT_BY_SLUG,
	SQL_PRODUCT_BY_ID,
	SQL_PRODUCT_PAGE,
	SQL_PRODUCT_UPSERT,
	SQL_PRODUCT_CATEGORY_ADD,
	SQL_TENANT_SET_STATE,
	SQL_CATALOG_BUMP,
	SQL_DOMAIN_LIST,
	SQL__MAX
};

extern const struct db_stmt_def shop_sql[SQL__MAX];

/* ---- tenants ------------------------------------------------------- */

struct shop_tenant {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*state;
	int		 read_only;
	const char	*locale;
	const char	*currency;
	const char	*theme_color;	/* "#rrggbb", checked */
	int64_t		 catalog_version;
	const char	*also;		/* see shop_tenant_resolve */
};

/*
 * Host -> tenant: "<slug>.<base>" or a verified custom domain, from
 * memcached then the database.  SOUK_NOTFOUND for an unknown host or a
 * terminated/draft tenant, SOUK_CLOSED for a suspended one (out is still
 * set so the closed page can be themed), SOUK_UNAVAILABLE when db is NULL
 * and the cache misses.
 */
enum souk_err	 shop_tenant_resolve(struct db *, struct cache *,
		    struct arena *, const char *host, const char *base,
		    const char *also, struct shop_tenant **out);
/*
 * also (may be NULL): another memcached key fetched in the same round
 * trip as the tenant record; its value, or NULL, lands in out->also.
 */
/*
 * After a committed write to a tenant: put the fresh record of each of
 * its hosts in memcached (readers only ever add, so none can put back a
 * record read before the write).
 */
enum souk_err	 shop_tenant_recache(struct db *, struct cache *,
		    struct arena *, int64_t tenant, const char *slug,
		    const char *base);
/* memcached key of a host's tenant record. */
const char	*shop_tenant_cache_key(struct arena *, const char *host);

/* ---- catalog ------------------------------------------------------- */

struct shop_category {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*description;
};

struct shop_product {
	int64_t		 id;
	const char	*sku;
	const char	*slug;
	const char	*name;
	const char	*description;
	int64_t		 price;		/* minor units */
	const char	*currency;
	int64_t		 stock;
	int		 featured;
	const char	*image;		/* path under media, may be "" */
};

/*
 * A tenant's categories, cached in memcached under a key carrying the
 * tenant's catalog_version.  Catalog writes bump that version (in their
 * transaction) and drop the tenant's host records: every cached list and
 * listing page made from an older version is then unreachable or stale.
 */
struct shop_catalog {
	struct shop_category	*cats;
	size_t			 n;
};

enum souk_err	 shop_catalog_get(struct db *, struct cache *, struct arena *,
		    const struct shop_tenant *, struct shop_catalog *out);
const struct shop_category *shop_category_find(const struct shop_catalog *,
		    const char *slug);
/*
 * A cached value made from the catalog is "<tenant>:<catalog_version>\n"
 * and its data: the data if made for this tenant from its current
 * version, else NULL.
 */
const char	*shop_catalog_fresh(const struct shop_tenant *,
		    const char *cached);
/* The same framing for a value to cache (in arena a). */
const char	*shop_catalog_frame(struct arena *, const struct shop_tenant *,
		    const char *data, size_t len, size_t *outlen);
/* Make every cached catalog page of a tenant stale (in a transaction). */
enum souk_err	 shop_catalog_bump(struct db *, struct arena *,
		    int64_t tenant);

enum souk_err	 shop_products_featured(struct db *, struct arena *,
		    int64_t tenant, int limit, struct shop_product **out,
		    size_t *n);
/* Page of a category: rows [offset, offset+limit], one more if any. */
enum souk_err	 shop_products_in_category(struct db *, struct arena *,
		    int64_t tenant, int64_t category, int64_t offset,
		    int limit, struct shop_product **out, size_t *n);
/* Keyset page: products with id > after, at most limit + 1 rows. */
enum souk_err	 shop_products_after(struct db *, struct arena *,
		    int64_t tenant, int64_t after, int limit,
		    struct shop_product **out, size_t *n);
enum souk_err	 shop_product_by_slug(struct db *, struct arena *,
		    int64_t tenant, const char *slug,
		    struct shop_product *out);
enum souk_err	 shop_product_by_id(struct db *, struct arena *,
		    int64_t tenant, int64_t id, struct shop_product *out);

/* "$12.50", "€3.00", "1,200 JPY"-style display of minor units. */
const char	*shop_money_format(struct arena *, int64_t minor,
		    const char *currency);

/* ---- request glue (web.c) ----------------------------------------- */

struct req;
struct json_object;

/* Internal: string member key of a cached record, in a; NULL if absent. */
const char	*shop_json_str(struct arena *, struct json_object *,
		    const char *key);

/*
 * app resolve hook: r->tenant, r->tenant_id from r->host.  For a route
 * flagged ROUTE_CACHE the cached page (shop_web_page_key) comes in the
 * same memcached round trip, in ((struct shop_tenant *)r->tenant)->also.
 */
enum souk_err	 shop_web_resolve(struct req *);
/* memcached key of the cached page of r (host, path, page), or NULL. */
const char	*shop_web_page_key(struct req *);
/* app page_data hook: shop_name, theme_style, year (and the CSP hash). */
void		 shop_web_page_data(struct req *, struct json_object *);
/* Allow the shop's inline theme style (its hash) in r's CSP. */
void		 shop_web_theme(struct req *);

#endif /* SOUK_SHOP_H */
