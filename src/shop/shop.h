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
	SQL_PRODUCT_COUNT,
	SQL_TENANT_SET_STATE,
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
		    struct shop_tenant **out);
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
 * A tenant's categories, cached in memcached (souk:v1:t:<id>:categories)
 * with a version made anew each time the list is loaded from the
 * database.  Catalog writes delete that key.  Anything derived from the
 * catalog is cached with the version it was made from (see
 * shop_catalog_fresh), so that one delete invalidates every cached
 * listing of the tenant.
 */
struct shop_catalog {
	struct shop_category	*cats;
	size_t			 n;
	const char		*version;
};

/*
 * also: a key to fetch in the same memcached round trip (NULL for none);
 * its value, or NULL, goes to *also_val.
 */
enum souk_err	 shop_catalog_get(struct db *, struct cache *, struct arena *,
		    int64_t tenant, const char *also, char **also_val,
		    struct shop_catalog *out);
/*
 * A cached value made from the catalog is "<version>\n<data>": its data
 * if the version is the catalog's, else NULL.
 */
const char	*shop_catalog_fresh(const struct shop_catalog *,
		    const char *cached);
const struct shop_category *shop_category_find(const struct shop_catalog *,
		    const char *slug);
/* memcached key of something derived from the catalog ("home", …). */
const char	*shop_catalog_key(struct arena *, int64_t tenant,
		    const char *what);
/* memcached key holding a tenant's categories (deleted on writes). */
const char	*shop_categories_key(struct arena *, int64_t tenant);
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

/* app resolve hook: r->tenant, r->tenant_id from r->host. */
enum souk_err	 shop_web_resolve(struct req *);
/* app page_data hook: shop_name, theme_color, year. */
void		 shop_web_page_data(struct req *, struct json_object *);

#endif /* SOUK_SHOP_H */
