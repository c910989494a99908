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
	SQL_STAFF_INSERT,
	SQL_CUSTOMER_INSERT,
	SQL_STAFF_BY_EMAIL,
	SQL_CUSTOMER_BY_EMAIL,
	SQL_STAFF_PASSWORD,
	SQL_CUSTOMER_PASSWORD,
	SQL_SESSION_INSERT,
	SQL_SESSION_STAFF,
	SQL_SESSION_CUSTOMER,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DELETE,
	SQL_SESSION_PURGE,
	SQL_SESSIONS_END,
	SQL_SESSIONS_END_TENANT,
	SQL_TOKEN_INSERT,
	SQL_TOKEN_USE,
	SQL_TOKEN_GET,
	SQL_STAFF_LIST,
	SQL_STAFF_GET,
	SQL_STAFF_OWNERS_LOCK,
	SQL_STAFF_SET_ROLE,
	SQL_STAFF_SET_STATUS,
	SQL_STAFF_SET_NAME,
	SQL_CUSTOMER_SET_NAME,
	SQL_CUSTOMER_VERIFIED,
	SQL_ADDRESS_LIST,
	SQL_ADDRESS_COUNT,
	SQL_ADDRESS_INSERT,
	SQL_ADDRESS_DELETE,
	SQL_STAFF_MFA_GET,
	SQL_STAFF_MFA_STEP,
	SQL_STAFF_MFA_PENDING,
	SQL_STAFF_MFA_ENABLE,
	SQL_STAFF_MFA_OFF,
	SQL_STAFF_RC_CLEAR,
	SQL_STAFF_RC_INSERT,
	SQL_STAFF_RC_USE,
	SQL_STAFF_RC_LEFT,
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
	const char	*primary_host;	/* verified primary domain, or NULL */
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

/* A promotion: a coupon code shoppers type for a discount. */
struct shop_promotion {
	int64_t		 id;
	const char	*code;		/* upper-case */
	const char	*name;
	const char	*kind;		/* "percent" or "amount" */
	int64_t		 value;		/* % off, or cents off */
	int64_t		 min_subtotal;	/* cents; 0: none */
	int64_t		 usage_limit;	/* 0: no limit */
	int64_t		 used;
	const char	*ends_on;	/* "YYYY-MM-DD" (UTC), "" if none */
	int		 active;
	const char	*created_at;	/* ISO 8601 */
};

/*
 * Add one (kind "percent": value 1-100; "amount": cents; ends_on
 * "YYYY-MM-DD" or NULL/"" for no end).  The code is kept upper-case.
 * SOUK_INVALID with *why (the field, what it takes), SOUK_CONFLICT with
 * *why when the shop has the code already.
 */
enum souk_err	 shop_promotion_create(struct db *, struct arena *,
		    int64_t tenant, const struct shop_promotion *in,
		    int64_t *id, struct souk_why *why);
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

/* ---- accounts: staff and customers (account.c) ------------------- */

enum shop_principal { SHOP_STAFF, SHOP_CUSTOMER };

#define SHOP_STAFF_IDLE_S	(60 * 60)	/* staff sessions end idle */
#define SHOP_STAFF_LIFE_S	(12 * 3600)	/* ... and after this */
#define SHOP_CUSTOMER_IDLE_S	(14 * 86400)
#define SHOP_CUSTOMER_LIFE_S	(30 * 86400)
#define SHOP_STAGE_S		(10 * 60)	/* a session awaiting its code */
#define SHOP_RESET_TTL_S	(60 * 60)	/* password reset links */
#define SHOP_VERIFY_TTL_S	(3 * 86400)	/* e-mail verification */
#define SHOP_INVITE_TTL_S	(7 * 86400)	/* staff invitations */

struct shop_account {
	int64_t			 id;
	enum shop_principal	 principal;
	const char		*email;
	const char		*name;
	const char		*role;		/* owner manager staff customer */
	const char		*permissions;	/* "catalog.read,orders.read" */
	int			 verified;	/* customer's e-mail confirmed */
	const char		*stage;		/* session: "full", or "mfa" */
	int			 mfa_on;	/* staff with two-factor */
};

/* 1 if role is a shop staff role (owner manager staff). */
int		 shop_role_ok(const char *);
/* "staff" or "customer". */
const char	*shop_principal_name(enum shop_principal);
/*
 * A new account of tenant.  Staff come with a role and, when invited,
 * no password (NULL): they set it when they accept the invitation.
 * SOUK_INVALID with *why for a bad e-mail, role or weak password;
 * SOUK_CONFLICT if the e-mail is taken in this shop.
 */
enum souk_err	 shop_account_create(struct db *, struct arena *,
		    int64_t tenant, enum shop_principal, const char *email,
		    const char *name, const char *role, const char *password,
		    const char **why, int64_t *id);
/*
 * Check e-mail and password within tenant, and otp (a TOTP or recovery
 * code; may be NULL) for staff with two-factor; on success a new
 * session token (shown once; only its hash is stored) whose stage
 * (out->stage) is "full", or "mfa" when the code is still to come.
 * SOUK_UNAUTHORIZED whatever was wrong.  kind: "cookie" or "bearer".
 */
enum souk_err	 shop_sign_in(struct db *, struct arena *, int64_t tenant,
		    enum shop_principal, const char *email,
		    const char *password, const char *otp, const char *master,
		    const char *kind, const char **token,
		    struct shop_account *);
/* The session old ends; a new full one (*token) for the same account. */
enum souk_err	 shop_session_promote(struct db *, struct arena *,
		    int64_t tenant, const char *old, const char *kind,
		    struct shop_account *, const char **token);
/* The account of a live session token of this tenant, or UNAUTHORIZED. */
enum souk_err	 shop_session(struct db *, struct arena *, int64_t tenant,
		    enum shop_principal, const char *token,
		    struct shop_account *);
/* End one session (SOUK_NOTFOUND if there was none). */
enum souk_err	 shop_sign_out(struct db *, struct arena *, int64_t tenant,
		    enum shop_principal, const char *token);
/* End every session of an account (role change, disabling). */
enum souk_err	 shop_sessions_end(struct db *, struct arena *,
		    int64_t tenant, enum shop_principal, int64_t id);
/*
 * A new epoch for the tenant's cached sessions (sec_sess_bump): after a
 * committed change that ended sessions inside a transaction.
 */
void		 shop_sessions_bump(struct arena *, int64_t tenant);
/* End every session of a tenant's staff and customers (suspension). */
enum souk_err	 shop_sessions_end_tenant(struct db *, struct arena *,
		    int64_t tenant);
/* The active account of an e-mail address (SOUK_NOTFOUND if none). */
enum souk_err	 shop_account_by_email(struct db *, struct arena *,
		    int64_t tenant, enum shop_principal, const char *email,
		    struct shop_account *);
/*
 * Change the password of a signed-in account after checking its current
 * one, and end all its sessions.  SOUK_UNAUTHORIZED if current is
 * wrong, SOUK_INVALID with *why for a weak new password.
 */
enum souk_err	 shop_password_change(struct db *, struct arena *,
		    int64_t tenant, const struct shop_account *,
		    const char *current, const char *password,
		    const char **why);
/* A new single-use link token for an account (purpose: a template). */
enum souk_err	 shop_token_issue(struct db *, struct arena *, int64_t tenant,
		    enum shop_principal, int64_t id, const char *purpose,
		    int ttl, const char **token);
/*
 * 1 if token is an unused, unexpired token of this tenant and purpose;
 * its account's id in *id.
 */
int		 shop_token_valid(struct db *, struct arena *, int64_t tenant,
		    enum shop_principal, const char *purpose,
		    const char *token, int64_t *id);
/*
 * Spend a password_reset or staff_invitation token: set the account's
 * password (and name, if not NULL), activate an invited member, end all
 * its sessions, in one transaction.  SOUK_INVALID with *why for a weak
 * password (the token stays good), SOUK_NOTFOUND for a bad, used or
 * expired token.
 */
enum souk_err	 shop_token_password(struct db *, struct arena *,
		    int64_t tenant, enum shop_principal, const char *purpose,
		    const char *token, const char *password, const char *name,
		    const char **why);
/* Spend an email_verification token (SOUK_NOTFOUND if bad). */
enum souk_err	 shop_token_verify_email(struct db *, struct arena *,
		    int64_t tenant, const char *token);
/* 1 if the account has permission perm. */
int		 shop_can(const struct shop_account *, const char *perm);

/* ---- staff two-factor sign-in (mfa.c; sec/mfa.c for the rules) ---- */

enum souk_err	 shop_mfa_check(struct db *, struct arena *,
		    const char *master, int64_t tenant, int64_t staff,
		    const char *code);
enum souk_err	 shop_mfa_begin(struct db *, struct arena *,
		    const char *master, int64_t tenant,
		    const struct shop_account *, const char *issuer,
		    const char **secret, const char **uri);
const char	*shop_mfa_pending(struct db *, struct arena *,
		    const char *master, int64_t tenant, int64_t staff);
/* Turn two-factor on (new recovery codes in codes[]). */
enum souk_err	 shop_mfa_confirm(struct db *, struct arena *,
		    const char *master, int64_t tenant, int64_t staff,
		    const char *code, const char **codes);
/* Turn it off (the caller checked a code) and forget the recovery codes. */
enum souk_err	 shop_mfa_off(struct db *, struct arena *, int64_t tenant,
		    int64_t staff);
enum souk_err	 shop_recovery_new(struct db *, struct arena *,
		    int64_t tenant, int64_t staff, const char **codes);
int64_t		 shop_recovery_left(struct db *, struct arena *,
		    int64_t tenant, int64_t staff);

/* ---- staff and customer records (people.c) ------------------------- */

struct shop_staff {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*status;	/* invited active disabled */
	const char	*created_at;
};

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

enum souk_err	 shop_staff_list(struct db *, struct arena *, int64_t tenant,
		    struct shop_staff **out, size_t *n);
enum souk_err	 shop_staff_get(struct db *, struct arena *, int64_t tenant,
		    int64_t id, struct shop_staff *out);
/*
 * Change a member's role or status ("active", "disabled"; NULL: keep)
 * and end their sessions.  SOUK_CONFLICT with *why when the shop would
 * be left without an active owner; SOUK_FORBIDDEN with *why when
 * enabling a disabled member passes max_staff; SOUK_NOTFOUND for no
 * such member.
 */
enum souk_err	 shop_staff_change(struct db *, struct arena *, int64_t tenant,
		    int64_t id, const char *role, const char *status,
		    int64_t max_staff, const char **why);
/*
 * In a transaction: lock the tenant's row (so that two at once cannot
 * both take the last place), then SOUK_FORBIDDEN with *why if the shop
 * has max members that are not disabled already.
 */
enum souk_err	 shop_staff_room(struct db *, struct arena *, int64_t tenant,
		    int64_t max, const char **why);
enum souk_err	 shop_account_set_name(struct db *, struct arena *,
		    int64_t tenant, enum shop_principal, int64_t id,
		    const char *name);
enum souk_err	 shop_addresses(struct db *, struct arena *, int64_t tenant,
		    int64_t customer, struct shop_address **out, size_t *n);
/*
 * SOUK_INVALID with *why (starting with the field's name) for a bad
 * field, SOUK_CONFLICT with *why when the customer has 20 already.
 */
enum souk_err	 shop_address_add(struct db *, struct arena *, int64_t tenant,
		    int64_t customer, const struct shop_address *,
		    const char **why, int64_t *id);
/* SOUK_NOTFOUND if the customer has no such address. */
enum souk_err	 shop_address_delete(struct db *, struct arena *,
		    int64_t tenant, int64_t customer, int64_t id);

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
 * A new invitation link for staff member staff of t, mailed to email;
 * base is the shop's URL ("https://demo.example.com").
 */
enum souk_err	 shop_invite_mail(const struct conf *, struct arena *,
		    const struct shop_tenant *, const char *base, int64_t staff,
		    const char *email, const char *role, const char *inviter,
		    struct db *);

/* ---- sign-in glue (signin.c, account_api.c) ----------------------- */

/* How one program signs its people in. */
struct shop_web_auth {
	enum shop_principal	 p;
	const char		*cookie;	/* session cookie name */
	const char		*path;		/* its Path */
	const char		*login;		/* the sign-in page */
	const char		*reset;		/* the password reset page */
	const char		*home;		/* where a sign-in lands */
	const char		*code;		/* the two-factor code page */
};

/*
 * The account of the request's bearer token, allowed perm (NULL: any).
 * SOUK_UNAUTHORIZED or SOUK_FORBIDDEN with r->detail.
 */
enum souk_err	 shop_web_api_account(struct req *, enum shop_principal,
		    const char *perm, struct shop_account *);
/* The account of the session cookie (SOUK_UNAUTHORIZED if none). */
enum souk_err	 shop_web_page_account(struct req *,
		    const struct shop_web_auth *, struct shop_account *);
/*
 * 1 with the account of the session cookie; else 0 with *er to return:
 * strangers have been answered with a redirect to the sign-in page.
 */
int		 shop_web_signed_in(struct req *, const struct shop_web_auth *,
		    struct shop_account *, enum souk_err *er);
/* The CSRF token of the session's forms; NULL without a session. */
const char	*shop_web_csrf(struct req *, const struct shop_web_auth *);
/* 1 if the form's csrf parameter is the session's (else r->detail). */
int		 shop_web_csrf_ok(struct req *, const struct shop_web_auth *);
/*
 * Forms shown before sign-in (sign-in, register, forgot, reset) carry a
 * random token also set as the cookie <cookie>_form: a page of another
 * site can post the form but cannot read or set the cookie.
 */
const char	*shop_web_form_token(struct req *,
		    const struct shop_web_auth *);
int		 shop_web_form_ok(struct req *, const struct shop_web_auth *);
/* SOUK_RATELIMIT (r->detail, r->retry_after) for too many sign-ins. */
enum souk_err	 shop_web_throttle(struct req *, enum shop_principal,
		    const char *email);
/* Count a failed sign-in for shop_web_throttle. */
void		 shop_web_throttle_fail(struct req *, enum shop_principal,
		    const char *email);
/* "<scheme>://<host>path?token=..." on the request's host. */
const char	*shop_web_link(struct req *, const char *path,
		    const char *token);
/*
 * Queue an e-mail with the notification service (a signed call with
 * the tenant-app key); data is borrowed.  SOUK_UPSTREAM if it refused.
 */
enum souk_err	 shop_web_mail(struct req *, const char *to,
		    const char *template, struct json_object *data);
/*
 * Mail a password reset link to the active account of email, if any:
 * SOUK_OK whether or not there is one.  SOUK_RATELIMIT past 3 a minute.
 */
enum souk_err	 shop_web_send_reset(struct req *,
		    const struct shop_web_auth *, const char *email);
enum souk_err	 shop_web_send_verify(struct req *, int64_t customer,
		    const char *email, const char *name);
enum souk_err	 shop_web_send_invite(struct req *, int64_t staff,
		    const char *email, const char *role, const char *inviter);

/* JSON API handlers both programs serve for their principal. */
enum souk_err	 shop_api_token_create(struct req *, enum shop_principal);
enum souk_err	 shop_api_token_delete(struct req *, enum shop_principal);
enum souk_err	 shop_api_me(struct req *, enum shop_principal);
enum souk_err	 shop_api_me_update(struct req *, enum shop_principal);
enum souk_err	 shop_api_password_forgot(struct req *,
		    const struct shop_web_auth *);
/* {token, password[, name]}: purpose password_reset or staff_invitation */
enum souk_err	 shop_api_password_set(struct req *, enum shop_principal,
		    const char *purpose);
/* Pages both programs serve (signin_pages.c), see there. */
extern const char *const shop_form_expired;
/*
 * Page data (owned by the request): title, error and notice (may be
 * NULL), and csrf for the forms, or a double-submit token when NULL.
 */
struct json_object *shop_page_data(struct req *,
		    const struct shop_web_auth *, const char *title,
		    const char *error, const char *notice, const char *csrf);
/* Render tmpl with d; SOUK_ENOMEM if d is NULL. */
enum souk_err	 shop_page_show(struct req *, int status, const char *tmpl,
		    struct json_object *d);
/* Set the session cookie of a new sign-in and go to au->home. */
enum souk_err	 shop_page_session_start(struct req *,
		    const struct shop_web_auth *, const char *token);
enum souk_err	 shop_page_login(struct req *, const struct shop_web_auth *);
enum souk_err	 shop_page_login_post(struct req *,
		    const struct shop_web_auth *);
enum souk_err	 shop_page_logout(struct req *, const struct shop_web_auth *);
enum souk_err	 shop_page_forgot(struct req *, const struct shop_web_auth *);
enum souk_err	 shop_page_forgot_post(struct req *,
		    const struct shop_web_auth *);
/* The form of a link (password_reset, staff_invitation) or why not. */
enum souk_err	 shop_page_link(struct req *, const struct shop_web_auth *,
		    const char *purpose, int status, const char *error);
enum souk_err	 shop_page_link_post(struct req *,
		    const struct shop_web_auth *, const char *purpose);
/* The profile of an account as JSON (owned by the request). */
struct json_object *shop_account_json(struct req *,
		    const struct shop_account *);

/* ---- the tenant side's answers to Center (provision.c, tenant.c) ---- */

/*
 * The tenant of id as the tenant side has it (SOUK_NOTFOUND if none):
 * slug, name, state, read_only, locale, currency and theme_color of
 * *out, and its plan in *plan unless plan is NULL.
 */
enum souk_err	 shop_tenant_get(struct db *, struct arena *, int64_t id,
		    struct shop_tenant *out, const char **plan);
/* The tenant's custom domains, pending or verified: (*hosts)[0..*n). */
enum souk_err	 shop_tenant_hosts(struct db *, struct arena *,
		    int64_t tenant, const char ***hosts, size_t *n);
/*
 * The shop's first owner: a new staff account of email without a
 * password (invited), or the one email has already (*joined: 1 once it
 * is no longer invited); its id in *staff.  SOUK_INVALID with *why for
 * a bad e-mail.
 */
enum souk_err	 shop_owner_invited(struct db *, struct arena *,
		    int64_t tenant, const char *email, int64_t *staff,
		    int *joined, struct souk_why *why);

#endif /* SOUK_SHOP_H */
