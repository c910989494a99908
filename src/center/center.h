/*
 * center: the control plane's domain (souk_center).  For now: platform
 * admins, their roles and permissions, and their sessions.
 */
#ifndef SOUK_CENTER_H
#define SOUK_CENTER_H

#include "core/core.h"
#include "store/store.h"

struct json_object;
struct httpc;
struct net_policy;

enum ctr_sql {
	CTR_AD_BY_EMAIL, CTR_AD_BY_ID, CTR_AD_CREATE, CTR_AD_PASSWORD,
	CTR_AD_NAME, CTR_AD_SESSION_NEW, CTR_AD_SESSION,
	CTR_AD_SESSION_TOUCH, CTR_AD_SESSION_END, CTR_AD_SESSIONS_OLD,
	CTR_AD_SESSIONS_END, CTR_AD_LINK_NEW, CTR_AD_LINK, CTR_AD_LINK_USE,
	CTR_AD_LINKS_END, CTR_AD_MEMBER, CTR_AD_MEMBERS, CTR_AD_OWNERS_LOCK,
	CTR_AD_ROLE, CTR_AD_STATUS,
	CTR_MFA_GET, CTR_MFA_STEP, CTR_MFA_PENDING, CTR_MFA_ENABLE,
	CTR_RECOVERY_CLEAR, CTR_RECOVERY_INSERT, CTR_RECOVERY_USE,
	CTR_RECOVERY_LEFT,
	CTR_AD_OIDC, CTR_AD_OIDC_PIN,
	CTR_TENANT_INSERT,
	CTR_TENANT_GET,
	CTR_TENANT_LOCK,
	CTR_TENANT_LIST,
	CTR_TENANT_COUNT,
	CTR_TENANT_COUNTS,
	CTR_TENANT_SET_STATE,
	CTR_TENANT_SET_CONFIG,
	CTR_TENANT_SET_PLAN,
	CTR_TENANT_MARK,
	CTR_PLAN_TENANTS_MARK,
	CTR_TENANT_CLAIM,
	CTR_TENANT_SYNCED,
	CTR_TENANT_SYNC_FAIL,
	CTR_TENANT_SYNC_DUE,
	CTR_TRANSITION_INSERT,
	CTR_TRANSITION_LIST,
	CTR_PLAN_GET,
	CTR_PLAN_LIST,
	CTR_PLAN_INSERT,
	CTR_PLAN_UPDATE,
	CTR_PLAN_FEATURES,
	CTR_PLAN_FEATURE_PUT,
	CTR_FEATURE_GET,
	CTR_FEATURE_LIST,
	CTR_FEATURE_INSERT,
	CTR_FEATURE_UPDATE,
	CTR_EFFECTIVE,
	CTR_OVERRIDE_PUT,
	CTR_OVERRIDE_DELETE,
	CTR_DOMAIN_INSERT,
	CTR_DOMAIN_LIST,
	CTR_DOMAIN_GET,
	CTR_DOMAIN_VERIFIED,
	CTR_DOMAIN_PRIMARY,
	CTR_DOMAIN_DELETE,
	CTR_DOMAIN_PENDING_COUNT,
	CTR_DOMAIN_EXPIRED_HOST,
	CTR_DOMAIN_EXPIRED,
	CTR_APPROVAL_INSERT,
	CTR_APPROVAL_GET,
	CTR_APPROVAL_DECIDE,
	CTR_APPROVAL_LIST,
	CTR_CALL_INSERT,
	CTR_CALL_LIST,
	CTR_CALL_PURGE,
	CTR_EXPORT_PUT,
	CTR_EXPORT_GET,
	CTR_AUDIT_HEAD_LOCK,
	CTR_AUDIT_HEAD_SET,
	CTR_AUDIT_HEAD,
	CTR_AUDIT_INSERT,
	CTR_AUDIT_LIST,
	CTR_AUDIT_RANGE,
	CTR_EVENT_INSERT,
	CTR_EVENT_RECENT,
	CTR_EVENT_UNFANNED,
	CTR_EVENT_FANNED,
	CTR_SUB_INSERT,
	CTR_SUB_SECRET,
	CTR_SUB_LIST,
	CTR_SUB_GET,
	CTR_SUB_UPDATE,
	CTR_SUBS_ACTIVE,
	CTR_SUB_FAILING,
	CTR_SUB_HEALTHY,
	CTR_SUB_DISABLE_STALE,
	CTR_DELIVERY_INSERT,
	CTR_DELIVERY_DUE,
	CTR_DELIVERY_LEASE,
	CTR_DELIVERY_DONE,
	CTR_DELIVERY_RETRY,
	CTR_DELIVERY_LIST,
	CTR_DELIVERY_GET,
	CTR_DELIVERY_REDELIVER,
	CTR_ATTEMPT_INSERT,
	CTR_ATTEMPT_LIST,
	CTR_TENANT_BY_SLUG,
	CTR_TENANT_REGISTER,
	CTR_TENANT_FORCE,
	CTR_SETTINGS_GET,
	CTR_SETTING_PUT,
	CTR_TENANTS_MARK_ALL,
	CTR_TENANT_UNSYNCED,
	CTR_SUB_RECENT,
	CTR_TENANT_RELEASE,
	CTR_AD_LANG,
	CTR_AD_ZONE,
	CTR__MAX
};
extern const struct db_stmt_def center_sql[CTR__MAX];

#define CTR_IDLE_S	(30 * 60)	/* a session unused this long ends */
#define CTR_LIFE_S	(12 * 3600)	/* and any session after this */

/* ---- platform admins (admins.c; auth/ signs them in) --------------- */

/* The permissions of platform admins, as auth/ numbers them. */
enum ctr_perm {
	CTR_P_NONE,
	CTR_P_TENANTS_READ,
	CTR_P_TENANTS_WRITE,
	CTR_P_TENANTS_LIFECYCLE,
	CTR_P_PLANS_WRITE,
	CTR_P_KEYS_MANAGE,
	CTR_P_ADMINS_READ,
	CTR_P_ADMINS_WRITE,
	CTR_P_SETTINGS_WRITE,
	CTR_P_AUDIT_READ,
	CTR_P_WEBHOOKS_MANAGE,
	CTR_P__MAX
};
/* Their names (admin_permissions.code), by enum ctr_perm; [0] NULL. */
extern const char *const ctr_perms[CTR_P__MAX];
/* The platform's roles, NULL-terminated. */
extern const char *const ctr_roles[];

/*
 * The admin an identity provider's account (issuer, subject) with a
 * verified e-mail address signs in as: the admin linked to that account,
 * else the active admin of the address, who is linked to it now (the
 * first sign-in).  SOUK_NOTFOUND: no such active admin; SOUK_FORBIDDEN
 * with *why: the address's admin is linked to another account.
 */
enum souk_err	 ctr_admin_oidc(struct db *, struct arena *,
		    const char *issuer, const char *subject, const char *email,
		    int64_t *id, const char **why);

/* ---- who acts (audit.c) ------------------------------------------ */

/* The author of a change, for the audit log and the tenant's history. */
struct ctr_actor {
	const char	*who;		/* "admin:3 a@b.c", "key:pk_… (erp)",
					 * "system" */
	int64_t		 admin;		/* the admin's id, 0 for a key or
					 * the system */
	const char	*reqid;
	const char	*addr;
};

extern const struct ctr_actor ctr_system;

/* One row of the audit log. */
struct ctr_audit {
	const char	*action;	/* "tenant.create" */
	const char	*target;	/* "tenant:7", "admin:3" */
	int64_t		 tenant;	/* 0: none */
	const char	*before;	/* JSON text, or NULL */
	const char	*after;
};

/*
 * Append a row, chained to the last one.  Inside the caller's
 * transaction (the head row stays locked until it ends), or alone.
 */
enum souk_err	 ctr_audit_in(struct db *, struct arena *,
		    const struct ctr_actor *, const struct ctr_audit *);
enum souk_err	 ctr_audit(struct db *, struct arena *,
		    const struct ctr_actor *, const struct ctr_audit *);
/* The hash of a row (cells of CTR_AUDIT_COLS), from its prev_hash. */
const char	*ctr_audit_hash(struct arena *, const struct db_res *,
		    size_t row);
/*
 * Walk the whole chain: SOUK_OK with *rows checked, or SOUK_CONFLICT
 * with *bad (the first row that does not match) and *why.
 */
enum souk_err	 ctr_audit_verify(struct db *, struct arena *, int64_t *rows,
		    int64_t *bad, const char **why);

struct ctr_audit_filter {
	const char	*action;	/* prefix, "" any */
	const char	*actor;		/* part, "" any */
	int64_t		 tenant;	/* 0 any */
	const char	*since;		/* "YYYY-MM-DD…", "" any */
	const char	*until;
	int64_t		 before_id;	/* 0: newest first */
	int		 limit;
};

/* A LIKE pattern: s with % _ and \ escaped, between pre and post. */
const char	*ctr_like(struct arena *, const char *pre, const char *s,
		    const char *post);
/* Rows (CTR_AUDIT_COLS), newest first. */
enum souk_err	 ctr_audit_list(struct db *, struct arena *,
		    const struct ctr_audit_filter *, struct db_res *);

/* ---- domain events and webhooks (events.c, webhooks.c) ----------- */

/* Now in UTC, "YYYY-MM-DDTHH:MM:SS" then suffix ("Z", or "" in the audit). */
const char	*ctr_now_iso(struct arena *, const char *suffix);
/* The actor as events show it: an admin by id only (no e-mail). */
const char	*ctr_actor_public(struct arena *, const struct ctr_actor *);
/*
 * Write event type (tenant_created, …) to the outbox in the caller's
 * transaction: {"id", "type", "timestamp", "data": data}.  data is
 * borrowed.
 */
enum souk_err	 ctr_event(struct db *, struct arena *, const char *type,
		    int64_t tenant, struct json_object *data);

struct ctr_webhook {
	int64_t		 id;
	const char	*url;
	const char	*events;	/* "*" or "a,b" */
	const char	*description;
	const char	*status;	/* active disabled */
	const char	*failing_since;
	const char	*disabled_reason;
	const char	*created_at;
};

/* 1 if s is a known event type, or "*". */
int		 ctr_event_type_ok(const char *);
/* The known event types, comma-separated. */
extern const char *const ctr_event_types;
/*
 * A subscription: *secret ("whsec_" + base64) is shown once.
 * SOUK_INVALID with *why for a bad URL (see net_url_check: souk.conf's
 * outbound_* keys) or event list.
 */
enum souk_err	 ctr_webhook_create(const struct conf *, struct db *,
		    struct arena *, const struct ctr_actor *,
		    const char *url, const char *events, const char *desc,
		    int64_t *id, const char **secret, struct souk_why *why);
enum souk_err	 ctr_webhook_get(struct db *, struct arena *, int64_t id,
		    struct ctr_webhook *);
enum souk_err	 ctr_webhook_list(struct db *, struct arena *,
		    struct ctr_webhook **, size_t *n);
/* The 20 newest, for the page. */
enum souk_err	 ctr_webhook_recent(struct db *, struct arena *,
		    struct ctr_webhook **, size_t *n);
/* Change url, events, description or status (NULL: keep). */
enum souk_err	 ctr_webhook_update(const struct conf *, struct db *,
		    struct arena *, const struct ctr_actor *, int64_t id,
		    const char *url, const char *events, const char *desc,
		    const char *status, struct souk_why *why);
/* Send delivery id again (SOUK_NOTFOUND if none). */
enum souk_err	 ctr_webhook_redeliver(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id);

/* The worker's side: what one pass did. */
struct ctr_webhook_opts {
	int		 backoff_s;	/* first retry; then ×4 each time */
	int		 max_attempts;
	int		 disable_after_s;
	struct httpc	*http;
	const struct net_policy *policy;	/* where deliveries may go */
};
/* Fan new events out to the subscriptions that want them. */
int		 ctr_webhook_fanout(struct db *, struct arena *);
/* Deliver up to max due deliveries; how many were tried, or -1. */
int		 ctr_webhook_deliver(struct db *, struct arena *,
		    const struct ctr_webhook_opts *, int max);
/* "v1,<base64>" of the Standard Webhooks signature. */
const char	*ctr_webhook_sign(struct arena *, const char *secret,
		    const char *id, int64_t ts, const char *body);

/* ---- tenants (tenants.c) ----------------------------------------- */

/* What must still reach the other programs (tenants.sync_pending). */
#define CTR_SYNC_CREATE		0x01	/* POST /internal/api/tenants */
#define CTR_SYNC_STATUS		0x02	/* PATCH …/status */
#define CTR_SYNC_CONFIG		0x04	/* PATCH …/config */
#define CTR_SYNC_FEATURES	0x08	/* PUT …/features */
#define CTR_SYNC_SERVICES	0x10	/* the services' copy */
#define CTR_SYNC_INVITE		0x20	/* the first owner's invitation */
#define CTR_SYNC_EXPORT		0x40	/* the export bundle */
#define CTR_SYNC_ERASE		0x80	/* then the erasure */
#define CTR_SYNC_ALL		0x1f	/* a resync: the whole state */

struct ctr_tenant {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*plan;
	const char	*state;
	int		 read_only;
	const char	*locale;
	const char	*currency;
	const char	*time_zone;
	const char	*theme_color;
	const char	*payment_methods;	/* "card,cod" */
	const char	*shipping_methods;
	const char	*owner_email;
	int64_t		 version;
	int64_t		 pending;
	int64_t		 attempts;
	const char	*next_sync_at;
	const char	*last_error;
	const char	*created_at;
	const char	*updated_at;
};

/* Fields of a new tenant, or of a settings change (NULL: keep). */
struct ctr_tenant_in {
	const char	*slug;
	const char	*name;
	const char	*plan;
	const char	*locale;
	const char	*currency;
	const char	*time_zone;
	const char	*theme_color;
	const char	*payment_methods;
	const char	*shipping_methods;
	const char	*owner_email;
	int		 draft;		/* create as a draft */
};

/*
 * Check the fields (all for a new tenant): SOUK_INVALID with one
 * message per bad field through err(field, message, arg).
 */
enum souk_err	 ctr_tenant_check(struct db *, struct arena *,
		    const struct conf *, const struct ctr_tenant_in *,
		    int creating,
		    void (*err)(void *, const char *, const char *), void *);
/*
 * A new tenant in provisioning (or draft): recorded, audited and
 * announced (tenant_created) in one transaction; the tenant side is
 * called afterwards (ctr_sync).  SOUK_CONFLICT with *why if the slug is
 * taken.
 */
enum souk_err	 ctr_tenant_create(struct db *, struct arena *,
		    const struct ctr_actor *, const struct ctr_tenant_in *,
		    int64_t *id, struct souk_why *why);
enum souk_err	 ctr_tenant_get(struct db *, struct arena *, int64_t id,
		    struct ctr_tenant *);
/* The tenant as JSON (full: with its settings); the caller owns it. */
struct json_object *ctr_tenant_json(const struct ctr_tenant *, int full);

struct ctr_tenant_filter {
	const char	*state;		/* "" any */
	const char	*plan;
	const char	*q;		/* part of slug or name */
	int		 limit;
	int		 offset;
};
enum souk_err	 ctr_tenant_list(struct db *, struct arena *,
		    const struct ctr_tenant_filter *, struct ctr_tenant **,
		    size_t *n, int64_t *total);
/*
 * Change settings (fields not NULL), pushed to the tenant side.
 * SOUK_CONFLICT with *why once the tenant is terminated.
 */
enum souk_err	 ctr_tenant_configure(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id,
		    const struct ctr_tenant_in *, struct souk_why *why);
/* Move to another plan (plan_changed); SOUK_CONFLICT as configure. */
enum souk_err	 ctr_tenant_set_plan(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id, const char *plan,
		    struct souk_why *why);

/*
 * 1 if the lifecycle allows from -> to (the table in tenants.c).  Some
 * allowed moves are the system's only (provisioning -> active).
 */
int		 ctr_transition_allowed(const char *from, const char *to);
/* 1 if s is a lifecycle state. */
int		 ctr_state_ok(const char *);
/*
 * Move a tenant to state to.  SOUK_CONFLICT with *why for a move the
 * table does not allow; a move to terminated is not made but asked for:
 * SOUK_OK with *approval set, for a second admin to approve.
 */
enum souk_err	 ctr_tenant_transition(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id, const char *to,
		    const char *reason, struct souk_why *why,
		    int64_t *approval);
/* Read-only mode on or off (active tenants only). */
enum souk_err	 ctr_tenant_read_only(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id, int on,
		    const char *reason, struct souk_why *why);
/* The tenant side confirmed provisioning: provisioning -> active. */
enum souk_err	 ctr_tenant_activate(struct db *, struct arena *, int64_t id);
/* How a registered shop speaks, counts and looks. */
struct ctr_shop_style {
	const char	*currency;	/* "EUR" */
	const char	*locale;	/* "de-DE" */
	const char	*zone;		/* "Europe/Berlin" */
	const char	*theme;		/* "#1f6feb" */
};

/*
 * A tenant the tenant side has already (soukctl demo): recorded as
 * active on plan, its features to be pushed.
 */
enum souk_err	 ctr_tenant_register(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id, const char *slug,
		    const char *name, const char *plan,
		    const struct ctr_shop_style *);
/*
 * The operator's override (soukctl tenant state), which has changed the
 * tenant side itself: Center's record follows, with history and audit.
 * SOUK_NOTFOUND if Center does not know the slug.
 */
enum souk_err	 ctr_tenant_force_state(struct db *, struct arena *,
		    const struct ctr_actor *, const char *slug,
		    const char *state);
/* Send everything again (SOUK_CONFLICT with *why for a draft). */
enum souk_err	 ctr_tenant_resync(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id,
		    struct souk_why *why);
/*
 * Approve or reject approval id.  SOUK_FORBIDDEN with *why when the
 * admin asked for it; SOUK_CONFLICT when already decided.
 */
enum souk_err	 ctr_approval_decide(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t id, int approve,
		    struct souk_why *why, int64_t *tenant);

/* ---- global settings (settings.c) -------------------------------- */

/* The platform's settings (seed §3.3); NULL in a change: keep. */
struct ctr_settings {
	const char	*payment_providers;	/* "card,paypal" */
	const char	*shipping_providers;	/* "standard,express" */
	const char	*mail_from;		/* the platform's sender */
	int		 mail_from_conf;	/* 1: it is souk.conf's */
};

/* Every payment and shipping method the platform knows. */
extern const char *const ctr_payment_known;
extern const char *const ctr_shipping_known;

/*
 * The settings, with defaults for those never set (mail_from: conf's,
 * also when it was set to "").
 */
enum souk_err	 ctr_settings_get(struct db *, struct arena *,
		    const struct conf *, struct ctr_settings *);
/*
 * Change them: audited, and every tenant is sent its settings again
 * (its methods are those the platform still offers).  SOUK_INVALID with
 * *why for a bad value.
 */
enum souk_err	 ctr_settings_set(struct db *, struct arena *,
		    const struct conf *, const struct ctr_actor *,
		    const struct ctr_settings *, struct souk_why *why);
/*
 * The next item of the comma-separated *csv into item (size bytes; ""
 * for an empty or too long one), *csv moved past it; 0 at the end.
 */
int		 ctr_csv_item(const char **csv, char *item, size_t size);
/* 1 if every item of csv is in list (both comma-separated). */
int		 ctr_csv_within(const char *csv, const char *list);
/* The items of csv that are in list, comma-separated (in the arena). */
const char	*ctr_csv_filter(struct arena *, const char *csv,
		    const char *list);

/* ---- plans and features (features.c) ----------------------------- */

/*
 * The effective features of a tenant on plan (plan + live overrides):
 * an object code -> value (boolean, integer or string), and an ETag
 * for both.  The caller owns *out.
 */
enum souk_err	 ctr_features_effective(struct db *, struct arena *,
		    int64_t tenant, const char *plan, struct json_object **out,
		    const char **etag);
/* 1 if value suits the feature type ("boolean", "limit", "string"). */
int		 ctr_feature_value_ok(const char *type, const char *value);
/* Set (value not NULL) or drop a tenant's override; expires may be NULL. */
enum souk_err	 ctr_override_set(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t tenant,
		    const char *feature, const char *value,
		    const char *expires, struct souk_why *why);
/* Set a plan's value of a feature: every tenant on the plan is told. */
enum souk_err	 ctr_plan_feature_set(struct db *, struct arena *,
		    const struct ctr_actor *, const char *plan,
		    const char *feature, const char *value,
		    struct souk_why *why);
/* SOUK_CONFLICT with *why when the code is taken (plans, features). */
enum souk_err	 ctr_plan_create(struct db *, struct arena *,
		    const struct ctr_actor *, const char *code,
		    const char *name, const char *desc, struct souk_why *why);
enum souk_err	 ctr_feature_create(struct db *, struct arena *,
		    const struct ctr_actor *, const char *code,
		    const char *type, const char *def, const char *desc,
		    struct souk_why *why);

/* ---- domains (domains.c) ----------------------------------------- */

/*
 * A pending domain that is not verified within CTR_DOMAIN_PENDING_DAYS
 * expires: it is no longer listed, cannot be verified, and is purged by
 * the worker or by the next claim of its host.  A tenant has at most
 * CTR_DOMAIN_PENDING_MAX live pending domains.
 */
#define CTR_DOMAIN_PENDING_DAYS	7
#define CTR_DOMAIN_PENDING_MAX	10

/*
 * Add a custom domain, pending until verified (needs custom_domain).
 * SOUK_INVALID with *why for a name that is not a domain, or is the
 * base domain, a name under it, a localhost name or a host of the
 * platform's own URLs; SOUK_CONFLICT with *why when this tenant or
 * another has the host (held by the table's unique key), or when the
 * tenant has CTR_DOMAIN_PENDING_MAX pending domains already.
 */
enum souk_err	 ctr_domain_add(const struct conf *, struct db *,
		    struct arena *, const struct ctr_actor *, int64_t tenant,
		    const char *host, struct souk_why *why);
/*
 * Check http://host[:port]/.well-known/souk-domain-verification/<token>
 * (under the address policy of souk.conf: only a public address, on
 * domain_check_port) and mark the domain verified.  SOUK_CONFLICT with
 * *why if the answer is not the token, the host's address is refused or
 * the pending domain expired.
 */
enum souk_err	 ctr_domain_verify(const struct conf *, struct db *,
		    struct arena *, const struct ctr_actor *, int64_t tenant,
		    const char *host, struct souk_why *why);
/* Make a verified domain the primary one (others redirect to it). */
enum souk_err	 ctr_domain_primary(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t tenant,
		    const char *host, struct souk_why *why);
enum souk_err	 ctr_domain_remove(struct db *, struct arena *,
		    const struct ctr_actor *, int64_t tenant,
		    const char *host);
/* The worker: remove up to max expired pending domains; how many, -1. */
int		 ctr_domain_purge(struct db *, struct arena *, int max);

/* ---- talking to the tenant side (sync.c) ------------------------- */

/*
 * Send what is pending for tenant id to the tenant side and the
 * services; a failure is recorded and retried with backoff.  SOUK_OK
 * when nothing is left pending.
 */
enum souk_err	 ctr_sync(const struct conf *, struct db *, struct arena *,
		    int64_t id);
/* The worker's pass: sync up to max due tenants; how many, or -1. */
int		 ctr_sync_due(const struct conf *, struct db *, struct arena *,
		    int max);
/*
 * The tenant's document as the tenant side takes it (caller's); its
 * methods are those the platform still offers.
 */
struct json_object *ctr_tenant_doc(struct db *, struct arena *,
		    const struct conf *, const struct ctr_tenant *);

/* ---- what the pages and the API read (issue 12) ------------------ */

/*
 * The lists below fill a struct db_res with the columns named in their
 * comment, in that order; handlers name them for JSON.  Errors are
 * returned, never dropped: a page shows all of a tenant or fails.
 */

struct ctr_plan {
	const char	*code;
	const char	*name;
	const char	*description;
	int64_t		 tenants;	/* on the plan (lists only) */
};

/* Every plan, oldest first (features.c). */
enum souk_err	 ctr_plan_list(struct db *, struct arena *,
		    struct ctr_plan **, size_t *n);
/* One plan; SOUK_NOTFOUND if there is no such code. */
enum souk_err	 ctr_plan_get(struct db *, struct arena *, const char *code,
		    struct ctr_plan *);
/* Every feature's value on plan: code, type, value, set (1: the plan's). */
enum souk_err	 ctr_plan_features(struct db *, struct arena *,
		    const char *plan, struct db_res *);
/* Every feature: code, type, default, description. */
enum souk_err	 ctr_feature_list(struct db *, struct arena *,
		    struct db_res *);
/*
 * A tenant's effective features, as rows: code, type, value, override
 * (1: a live override), expires_at.
 */
enum souk_err	 ctr_tenant_features(struct db *, struct arena *,
		    int64_t tenant, const char *plan, struct db_res *);
/* A tenant's domains (domains.c): host, primary, status, token,
 * verified_at, expires_at (pending ones); expired ones are left out. */
enum souk_err	 ctr_domain_list(struct db *, struct arena *, int64_t tenant,
		    struct db_res *);
/* The last 50 transitions (tenants.c): from, to, read_only, actor,
 * reason, at. */
enum souk_err	 ctr_tenant_history(struct db *, struct arena *, int64_t id,
		    struct db_res *);
/*
 * The newest 100 approvals, of tenant (0: any) in status ("": any): id,
 * tenant_id, action, reason, requested_by, status, decided_by,
 * created_at, tenant's slug.
 */
enum souk_err	 ctr_approval_list(struct db *, struct arena *,
		    int64_t tenant, const char *status, struct db_res *);
/* The last 20 calls to the tenant side (sync.c): what, status, error,
 * ms, at. */
enum souk_err	 ctr_tenant_calls(struct db *, struct arena *, int64_t tenant,
		    struct db_res *);

/* A terminated tenant's export bundle, kept in export_dir. */
struct ctr_export {
	const char	*file;		/* its name in export_dir */
	int64_t		 bytes;
	const char	*sha256;
	const char	*created_at;
};
/* The tenant's export (sync.c); SOUK_NOTFOUND if none was made. */
enum souk_err	 ctr_export_get(struct db *, struct arena *, int64_t tenant,
		    struct ctr_export *);

/*
 * Deliveries of webhook (0: any) in status ("": any), newest first
 * (webhooks.c): id, event_id, event_type, status, attempts,
 * last_status, last_error, created_at, next_attempt_at, webhook_id.
 */
enum souk_err	 ctr_delivery_list(struct db *, struct arena *,
		    int64_t webhook, const char *status, int limit,
		    struct db_res *);
struct ctr_delivery {
	int64_t		 id;
	int64_t		 webhook;
	const char	*status;
};
/* One delivery and its attempts (status, error, ms, at); SOUK_NOTFOUND. */
enum souk_err	 ctr_delivery_get(struct db *, struct arena *, int64_t id,
		    struct ctr_delivery *, struct db_res *attempts);

/* What the dashboard shows (events.c). */
struct ctr_dashboard {
	struct db_res	 counts;	/* state, plan, tenants */
	struct db_res	 events;	/* id, type, tenant_id, at */
	struct db_res	 failing;	/* failed deliveries, as listed */
	struct db_res	 unsynced;	/* id, slug, state, attempts,
					 * last_error */
};
/* The newest events and failed deliveries, at most as many as asked. */
enum souk_err	 ctr_dashboard_get(struct db *, struct arena *, int events,
		    int failing, struct ctr_dashboard *);

/* ---- API keys of external systems (keys.c) ------------------------ */

struct cache;

/* A new key of an external system (NULL ips, tenants: refused). */
struct ctr_key_in {
	const char	*owner;
	const char	*scopes;	/* "tenants:read,tenants:write" */
	const char	*tenants;	/* "all" or "1,2" */
	const char	*ips;		/* "" any */
	int		 rate;		/* per minute */
	int		 days;		/* 0: never expires */
};
struct ctr_key_made {
	const char	*public_key;
	const char	*secret;	/* shown once; NULL after a revoke */
};

/*
 * keys: a connection with the signing plane's key statements
 * (sec_key_sql); db: Center's, for the audit.  Every key: api_key,
 * owner, kind, tenants, scopes, status, created_at, expires_at,
 * deprecated_until, last_used_at, allowed_ips, rate_limit.
 */
enum souk_err	 ctr_key_list(struct db *keys, struct arena *,
		    struct db_res *);
/* A key for an external system; SOUK_INVALID with *why. */
enum souk_err	 ctr_key_new(struct db *keys, struct db *db, struct arena *,
		    const struct ctr_actor *,
		    const struct ctr_key_in *, struct ctr_key_made *,
		    struct souk_why *why);
/*
 * act "revoke" or "rotate" an external system's key (the old secret
 * works 7 more days); SOUK_NOTFOUND for another act, an unknown key or
 * a program's own key.
 */
enum souk_err	 ctr_key_change(struct db *keys, struct db *db,
		    struct cache *, struct arena *,
		    const struct ctr_actor *, const char *public_key,
		    const char *act, struct ctr_key_made *);

#endif /* SOUK_CENTER_H */
