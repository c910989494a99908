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

struct json_object;

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
	SQL_ST_BY_EMAIL,
	SQL_ST_BY_ID,
	SQL_ST_CREATE,
	SQL_ST_PASSWORD,
	SQL_ST_NAME,
	SQL_ST_SESSION_NEW,
	SQL_ST_SESSION,
	SQL_ST_SESSIONS_OLD,
	SQL_ST_SESSIONS_END,
	SQL_ST_LINK_NEW,
	SQL_ST_LINK,
	SQL_ST_LINK_USE,
	SQL_ST_LINKS_END,
	SQL_ST_MEMBER,
	SQL_ST_MEMBERS,
	SQL_ST_OWNERS_LOCK,
	SQL_ST_ROLE,
	SQL_ST_STATUS,
	SQL_STAFF_MFA_GET,
	SQL_STAFF_MFA_STEP,
	SQL_STAFF_MFA_PENDING,
	SQL_STAFF_MFA_ENABLE,
	SQL_STAFF_MFA_OFF,
	SQL_STAFF_RC_CLEAR,
	SQL_STAFF_RC_INSERT,
	SQL_STAFF_RC_USE,
	SQL_STAFF_RC_LEFT,
	SQL_CU_BY_EMAIL,
	SQL_CU_BY_ID,
	SQL_CU_CREATE,
	SQL_CU_PASSWORD,
	SQL_CU_NAME,
	SQL_CU_VERIFIED,
	SQL_CU_SESSION_NEW,
	SQL_CU_SESSION,
	SQL_CU_SESSIONS_OLD,
	SQL_CU_SESSIONS_END,
	SQL_CU_LINK_NEW,
	SQL_CU_LINK,
	SQL_CU_LINK_USE,
	SQL_CU_LINKS_END,
	SQL_SESSION_TOUCH,
	SQL_SESSION_END,
	SQL_SESSIONS_END_TENANT,
	SQL_ADDRESS_LIST,
	SQL_ADDRESS_COUNT,
	SQL_ADDRESS_INSERT,
	SQL_ADDRESS_DELETE,
	SQL_TENANT_LOCK,
	SQL_TENANT_CREATE,
	SQL_TENANT_CONFIG,
	SQL_TENANT_STATUS,
	SQL_TENANT_FEATURES,
	SQL_TENANT_FEATURES_GET,
	SQL_TENANT_PRIMARY,
	SQL_DOMAINS_CLEAR,
	SQL_DOMAIN_PUT,
	SQL_DOMAIN_TOKEN,
	SQL_STAFF_COUNT,
	SQL_STAFF_FIND,
	SQL_PRODUCT_COUNT,
	SQL_EXPORT_TENANT,
	SQL_EXPORT_DOMAINS,
	SQL_EXPORT_CATEGORIES,
	SQL_EXPORT_PRODUCTS,
	SQL_EXPORT_PRODUCT_CATEGORIES,
	SQL_EXPORT_STAFF,
	SQL_EXPORT_CUSTOMERS,
	SQL_EXPORT_ADDRESSES,
	SQL_ERASE_SESSIONS,
	SQL_ERASE_TOKENS,
	SQL_ERASE_RECOVERY,
	SQL_ERASE_ADDRESSES,
	SQL_ERASE_CUSTOMERS,
	SQL_ERASE_STAFF,
	SQL_ERASE_PRODUCT_CATEGORIES,
	SQL_ERASE_PRODUCTS,
	SQL_ERASE_CATEGORIES,
	SQL_TENANT_LOCK_ID,
	SQL_PRODUCT_INSERT,
	SQL_PRODUCT_RECENT,
	SQL_PROMO_INSERT,
	SQL_PROMO_LIST,
	SQL_PROMO_GET,
	SQL_PROMO_SET_ACTIVE,
	SQL_EXPORT_PROMOTIONS,
	SQL_ERASE_PROMOTIONS,
	SQL_ST_LANG,
	SQL_LANG_LIST,
	SQL_LANG_ADD,
	SQL_LANG_DELETE,
	SQL_LANG_HAS,
	SQL_TEXT_PUT,
	SQL_TEXT_DELETE,
	SQL_PRODUCT_TEXT,
	SQL_PRODUCT_TR_LIST,
	SQL_PRODUCT_TR_PUT,
	SQL_PRODUCT_TR_DELETE,
	SQL_CATEGORY_TEXT,
	SQL_CATEGORY_TR_LIST,
	SQL_CATEGORY_TR_PUT,
	SQL_CATEGORY_TR_DELETE,
	SQL_EXPORT_LANGUAGES,
	SQL_EXPORT_TEXTS,
	SQL_EXPORT_PRODUCT_TR,
	SQL_EXPORT_CATEGORY_TR,
	SQL_ERASE_TEXTS,
	SQL_ERASE_PRODUCT_TR,
	SQL_ERASE_CATEGORY_TR,
	SQL_ERASE_LANGUAGES,
	SQL__MAX
};

extern const struct db_stmt_def shop_sql[SQL__MAX];

/* ---- tenants ------------------------------------------------------- */

/* ---- Center's instructions (provision.c, features.c) --------------- */

struct shop_domain_doc {
	const char	*host;
	int		 primary;
	const char	*status;	/* pending verified */
	const char	*token;		/* answered while pending */
};

/* A tenant as Center sends it; NULL fields are left as they are. */
struct shop_tenant_doc {
	int64_t			 id;
	const char		*slug;
	const char		*name;
	const char		*plan;
	const char		*locale;
	const char		*currency;
	const char		*time_zone;
	const char		*theme_color;
	const char		*payment_methods;	/* "card,cod" */
	const char		*shipping_methods;
	struct shop_domain_doc	*domains;
	size_t			 ndomains;
	int			 has_domains;	/* replace the set */
};

/*
 * Create the tenant in "provisioning" (or, when it exists with the same
 * id and slug, apply the settings again: *created is 0).  SOUK_CONFLICT
 * when the id or the slug belongs to another tenant; SOUK_INVALID for a
 * missing field.
 */
enum souk_err	 shop_tenant_provision(struct db *, struct arena *,
		    const struct shop_tenant_doc *, int *created);
/* Apply the settings present in the doc (SOUK_NOTFOUND: no tenant). */
enum souk_err	 shop_tenant_configure(struct db *, struct arena *,
		    const struct shop_tenant_doc *);
/* State and read-only flag; a shop not active ends every session. */
enum souk_err	 shop_tenant_set_status(struct db *, struct arena *,
		    int64_t id, const char *state, int read_only);
/* The effective features (a JSON object) with Center's ETag. */
enum souk_err	 shop_tenant_set_features(struct db *, struct arena *,
		    int64_t id, const char *plan, const char *features,
		    const char *etag);
/* Everything the shop owns but secrets, as one JSON object (caller's). */
enum souk_err	 shop_tenant_export(struct db *, struct arena *, int64_t id,
		    struct json_object **out);
/* Delete all of a terminated tenant's data (SOUK_CONFLICT otherwise). */
enum souk_err	 shop_tenant_erase(struct db *, struct arena *, int64_t id);
/* 1 if token is the verification token of host, a pending domain. */
int		 shop_domain_token_ok(struct db *, struct arena *,
		    const char *host, const char *token);

/*
 * The tenant's effective features (seed §9.2) as a JSON object text:
 * from memcached (60 s), else pulled from Center with the stored ETag
 * (a 304 keeps the stored copy, a 200 replaces it), else the stored
 * copy.  NULL when none is known: then every feature is off.
 */
const char	*shop_features(const struct conf *, struct db *,
		    struct cache *, struct arena *, int64_t tenant);
/* Put features (after a push) in memcached. */
void		 shop_features_cache(struct cache *, struct arena *,
		    int64_t tenant, const char *features);
/* 1 if boolean feature code is true in features. */
int		 shop_feature_on(const char *features, const char *code);
/* Integer limit of feature code, or 0 if absent. */
int64_t		 shop_feature_limit(const char *features, const char *code);


/* A language a shop serves besides its default one (content.c). */
struct shop_lang {
	const char	*code;		/* "de" */
	const char	*name;		/* the shop's name in it, or NULL */
};

struct shop_tenant {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*state;
	int		 read_only;
	const char	*locale;	/* BCP 47, "de-DE" */
	const char	*currency;	/* ISO 4217, "EUR" */
	const char	*time_zone;	/* IANA, "Europe/Berlin" */
	const char	*theme_color;	/* "#rrggbb", checked */
	int64_t		 catalog_version;
	const char	*primary_host;	/* verified primary domain, or NULL */
	const char	*lang;		/* default language (of locale) */
	struct shop_lang *langs;	/* the others it serves, in order */
	size_t		 nlangs;
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
/* A string member key of a JSON object, in a; NULL if absent. */
const char	*shop_json_str(struct arena *, struct json_object *,
		    const char *key);

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

/* A new product (its slug: from the name when NULL). */
struct shop_product_in {
	const char	*sku;
	const char	*name;
	const char	*slug;
	const char	*description;
	int64_t		 price;		/* minor units, the shop's currency */
	int64_t		 stock;
};

/*
 * Add a product within the plan's max_products (products not archived
 * count; the tenant row is locked, so two at once cannot both take the
 * last place).  SOUK_FORBIDDEN with *why at the limit, SOUK_INVALID or
 * SOUK_CONFLICT (sku or slug taken in this shop) with *why.
 */
enum souk_err	 shop_product_create(struct db *, struct arena *,
		    int64_t tenant, const struct shop_product_in *,
		    int64_t max, int64_t *id, struct souk_why *why);
/* The newest products (at most 50), and how many there are. */
enum souk_err	 shop_products_recent(struct db *, struct arena *,
		    int64_t tenant, struct shop_product **, size_t *n,
		    int64_t *count);

/* ---- promotions (promotions.c) ------------------------------------ */

/*
 * A promotion: a coupon code shoppers type for a discount.  It can be
 * used until ends_at (UTC), the last second of its last day in the
 * shop's time zone.
 */
struct shop_promotion {
	int64_t		 id;
	const char	*code;		/* upper-case */
	const char	*name;
	const char	*kind;		/* "percent" or "amount" */
	int64_t		 value;		/* % off, or minor units off */
	int64_t		 min_subtotal;	/* minor units; 0: none */
	int64_t		 usage_limit;	/* 0: no limit */
	int64_t		 used;
	const char	*ends_on;	/* in: the last day, "YYYY-MM-DD" in
					 * the shop's zone; NULL or "": none */
	int64_t		 ends_at;	/* out: UTC time; 0 if no end */
	int		 active;
	int64_t		 created_at;	/* out: UTC time */
};

/*
 * Add one (kind "percent": value 1-100; "amount": minor units; ends_on
 * a day not yet over in zone, the shop's).  The code is kept upper-case.
 * SOUK_INVALID with *why (the field, what it takes), SOUK_CONFLICT with
 * *why when the shop has the code already.
 */
enum souk_err	 shop_promotion_create(struct db *, struct arena *,
		    int64_t tenant, const char *zone,
		    const struct shop_promotion *in, int64_t *id,
		    struct souk_why *why);
/* The newest promotions (at most 100). */
enum souk_err	 shop_promotions_list(struct db *, struct arena *,
		    int64_t tenant, struct shop_promotion **, size_t *n);
/* One of them; SOUK_NOTFOUND if the shop has no such id. */
enum souk_err	 shop_promotion_get(struct db *, struct arena *,
		    int64_t tenant, int64_t id, struct shop_promotion *);
/* Switch one on or off; SOUK_NOTFOUND if the shop has no such id. */
enum souk_err	 shop_promotion_set_active(struct db *, struct arena *,
		    int64_t tenant, int64_t id, int active);

/*
 * A tenant's categories, cached in memcached under a key carrying the
 * tenant's catalog_version.  Catalog writes bump that version (in their
 * transaction) and drop the tenant's host records: every cached list and
 * listing page made from an older version is then unreachable or stale.
 *
 * Every reader of the catalog takes lang: one of the shop's other
 * languages (shop_lang_find), whose translated names and descriptions
 * it answers, each field falling back to the default language's when
 * untranslated; NULL for the default language.
 */
struct shop_catalog {
	struct shop_category	*cats;
	size_t			 n;
};

enum souk_err	 shop_catalog_get(struct db *, struct cache *, struct arena *,
		    const struct shop_tenant *, const char *lang,
		    struct shop_catalog *out);
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
		    int64_t tenant, const char *lang, int limit,
		    struct shop_product **out, size_t *n);
/* Page of a category: rows [offset, offset+limit], one more if any. */
enum souk_err	 shop_products_in_category(struct db *, struct arena *,
		    int64_t tenant, const char *lang, int64_t category,
		    int64_t offset, int limit, struct shop_product **out,
		    size_t *n);
/* Keyset page: products with id > after, at most limit + 1 rows. */
enum souk_err	 shop_products_after(struct db *, struct arena *,
		    int64_t tenant, const char *lang, int64_t after, int limit,
		    struct shop_product **out, size_t *n);
enum souk_err	 shop_product_by_slug(struct db *, struct arena *,
		    int64_t tenant, const char *lang, const char *slug,
		    struct shop_product *out);
enum souk_err	 shop_product_by_id(struct db *, struct arena *,
		    int64_t tenant, const char *lang, int64_t id,
		    struct shop_product *out);

/* ---- content in more than one language (content.c) ----------------- */

/*
 * A shop writes its catalog and its own texts in its default language
 * (the language of its locale, tenants.locale "de-DE": "de") and may
 * serve others, chosen among the languages the platform ships, with a
 * translation of each product, category and text per language; a field
 * left untranslated shows the default language's text.
 */

/* 1 if code is a language the platform ships (i18n_langs), exactly. */
int		 shop_lang_known(const char *code);
/* The language of a locale: "de-DE", "de_DE", "DE": "de" (in a). */
const char	*shop_locale_lang(struct arena *, const char *locale);
/* One of t's other languages, or NULL (the default is none of them). */
const struct shop_lang *shop_lang_find(const struct shop_tenant *,
		    const char *code);
/* t's name in lang (NULL: the default language's). */
const char	*shop_tenant_name(const struct shop_tenant *,
		    const char *lang);
/* Fill t->langs from the database (t->lang set): for the host record. */
enum souk_err	 shop_langs_load(struct db *, struct arena *,
		    struct shop_tenant *);
/*
 * Serve codes (n of them) besides t's default language, and no other:
 * a language dropped loses its translations.  Each must be a shipped
 * language, not the default, at most once: SOUK_INVALID with why (on
 * "languages").  The catalog is bumped (every page names the
 * languages); the caller recaches t's host records after.
 */
enum souk_err	 shop_langs_set(struct db *, struct arena *,
		    const struct shop_tenant *, const char *const *codes,
		    size_t n, struct souk_why *);
/*
 * The shop's name in lang, one of its other languages (NULL or "": its
 * own name again).  SOUK_INVALID with why on "lang" or "name"; bumps
 * the catalog; the caller recaches the host records after.
 */
enum souk_err	 shop_text_put(struct db *, struct arena *,
		    const struct shop_tenant *, const char *lang,
		    const char *name, struct souk_why *);

/* What can be translated. */
enum shop_tr {
	SHOP_TR_PRODUCT,
	SHOP_TR_CATEGORY,
	SHOP_TR__MAX
};

/* One thing's text in one language; NULL fields fall back. */
struct shop_translation {
	const char	*lang;
	const char	*name;
	const char	*description;
};

/*
 * Product or category id (kind) in the default language (*base), and
 * its translations, one per other language of t, in t's order (fields
 * NULL where untranslated).  SOUK_NOTFOUND if the shop has no such id.
 * Owned by a.
 */
enum souk_err	 shop_translations_get(struct db *, struct arena *,
		    const struct shop_tenant *, enum shop_tr, int64_t id,
		    struct shop_translation *base,
		    struct shop_translation **out, size_t *n);
/*
 * Set the translation of id in in->lang: name and description, each
 * NULL or "" to show the default language's (both: the translation is
 * removed).  SOUK_INVALID with why on "name" or "description", then
 * SOUK_NOTFOUND if the shop has no such id (whatever lang), then
 * SOUK_INVALID with why on "lang" (not one of t's other languages).
 * Bumps the catalog.
 */
enum souk_err	 shop_translation_put(struct db *, struct arena *,
		    const struct shop_tenant *, enum shop_tr, int64_t id,
		    const struct shop_translation *in, struct souk_why *);

/* ---- staff and customers (people.c; auth/ signs them in) ------------ */

/* The permissions of a shop's staff, as auth/ numbers them. */
enum shop_perm {
	SHOP_P_NONE,
	SHOP_P_CATALOG_READ,
	SHOP_P_CATALOG_WRITE,
	SHOP_P_ORDERS_READ,
	SHOP_P_ORDERS_WRITE,
	SHOP_P_CUSTOMERS_READ,
	SHOP_P_CUSTOMERS_WRITE,
	SHOP_P_PROMOTIONS_READ,
	SHOP_P_PROMOTIONS_WRITE,
	SHOP_P_STAFF_READ,
	SHOP_P_STAFF_WRITE,
	SHOP_P_SETTINGS_WRITE,
	SHOP_P__MAX
};
/* Their names (staff_permissions.code), by enum shop_perm; [0] NULL. */
extern const char *const shop_perms[SHOP_P__MAX];
/* The roles of a shop's staff, NULL-terminated. */
extern const char *const shop_roles[];

#define SHOP_STAFF_IDLE_S	(60 * 60)	/* staff sessions end idle */
#define SHOP_STAFF_LIFE_S	(12 * 3600)	/* ... and after this */
#define SHOP_CUSTOMER_IDLE_S	(14 * 86400)
#define SHOP_CUSTOMER_LIFE_S	(30 * 86400)

/*
 * In a transaction: lock the tenant's row (so that two at once cannot
 * both take the last place), then SOUK_FORBIDDEN with why if the shop
 * has max members that are not disabled already.
 */
enum souk_err	 shop_staff_room(struct db *, struct arena *, int64_t tenant,
		    int64_t max, struct souk_why *);
/* The id and status of the member of an e-mail address. */
enum souk_err	 shop_staff_find(struct db *, struct arena *, int64_t tenant,
		    const char *email, int64_t *id, const char **status);
/* End every session of a tenant's staff and customers (suspension). */
enum souk_err	 shop_sessions_end_tenant(struct db *, struct arena *,
		    int64_t tenant);

struct shop_address {
	int64_t		 id;
	const char	*name;
	const char	*line1;
	const char	*line2;
	const char	*city;
	const char	*postal_code;
	const char	*country;	/* ISO 3166-1 alpha-2 */
	const char	*phone;
};

#define SHOP_ADDRESSES_MAX	20	/* per customer */

enum souk_err	 shop_addresses(struct db *, struct arena *, int64_t tenant,
		    int64_t customer, struct shop_address **out, size_t *n);
/*
 * SOUK_INVALID with why (on the bad field), SOUK_CONFLICT with why when
 * the customer has SHOP_ADDRESSES_MAX already.
 */
enum souk_err	 shop_address_add(struct db *, struct arena *, int64_t tenant,
		    int64_t customer, const struct shop_address *,
		    struct souk_why *, int64_t *id);
/* SOUK_NOTFOUND if the customer has no such address. */
enum souk_err	 shop_address_delete(struct db *, struct arena *,
		    int64_t tenant, int64_t customer, int64_t id);

/* ---- mail through the notification service (mail.c) --------------- */

struct json_object;
/*
 * Queue template for to with data (borrowed) for tenant: a signed call
 * to services_url with the tenant-app key.  SOUK_UPSTREAM if refused.
 */
enum souk_err	 shop_mail(const struct conf *, struct arena *, int64_t tenant,
		    const char *locale, const char *to, const char *template,
		    struct json_object *data);
/* "<shop_url_scheme>://<slug>.<base_domain>[:<shop_url_port>]". */
const char	*shop_public_url(const struct conf *, struct arena *,
		    const char *slug);
/*
 * Mail an invitation to join t's staff: the link is base (the shop's
 * URL, "https://demo.example.com") + "/admin/invite?token=" + token.
 */
enum souk_err	 shop_invite_mail(const struct conf *, struct arena *,
		    const struct shop_tenant *, const char *base,
		    const char *token, const char *email, const char *role,
		    const char *inviter);

/* ---- the tenant side's answers to Center (provision.c, tenant.c) ---- */

/*
 * The tenant of id as the tenant side has it (SOUK_NOTFOUND if none):
 * slug, name, state, read_only, locale, currency, time_zone and
 * theme_color of *out, and its plan in *plan unless plan is NULL.
 */
enum souk_err	 shop_tenant_get(struct db *, struct arena *, int64_t id,
		    struct shop_tenant *out, const char **plan);
/* The tenant's custom domains, pending or verified: (*hosts)[0..*n). */
enum souk_err	 shop_tenant_hosts(struct db *, struct arena *,
		    int64_t tenant, const char ***hosts, size_t *n);

#endif /* SOUK_SHOP_H */
