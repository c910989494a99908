/* souk-center.fcgi handlers. */
#ifndef SOUK_CENTER_API_H
#define SOUK_CENTER_API_H

#include "auth/auth_web.h"
#include "center/center.h"
#include "http/http.h"
#include "sec/sec.h"

/* Platform admins, as auth/ signs them in (pages.c). */
extern const struct auth_plane ctr_admins;

/*
 * Who acts, for the audit log and the tenant's history: the admin the
 * route authenticated, or the API key of a signed call.
 */
enum souk_err	 ctr_actor_of(struct req *, struct ctr_actor *);
/* 1 if the caller (a key may be for some tenants only) may see id. */
int		 ctr_principal_tenant(const struct req *,
		    const struct ctr_actor *, int64_t id);
/* SOUK_FORBIDDEN unless the caller acts for all tenants (a key may not). */
enum souk_err	 ctr_all_tenants(struct req *);
/* ctr_actor_of, for a route of all tenants (lists, creation). */
enum souk_err	 ctr_actor_all(struct req *, struct ctr_actor *);
/* For ctr_tenant_check: a field error of request arg. */
void		 ctr_field_err(void *arg, const char *field, const char *msg);
/*
 * The one place that chooses the zone Center's pages show times in:
 * UTC for now; it is to follow the admin's own choice.  JSON APIs keep
 * UTC, ISO 8601.
 */
const char	*ctr_zone(const struct req *);
/*
 * Times on a page: in o (an object, or each object of an array), each
 * member named in keys that holds a UTC time as the database gives it
 * becomes that time in ctr_zone for people; and the page d says which
 * zone it shows ("zone": the layout's "Times in …").
 */
void		 ctr_page_times(struct req *, struct json_object *d,
		    struct json_object *o, const char *const *keys, size_t n);
/* The audit hook of Center's plane (auth_audit). */
void		 ctr_audit_auth(struct req *, const struct auth_account *,
		    const char *action, const char *target, const char *after);

/* tenants_api.c */
enum souk_err	 ctr_api_tenants(struct req *);
enum souk_err	 ctr_api_tenant_create(struct req *);
enum souk_err	 ctr_api_tenant(struct req *);
enum souk_err	 ctr_api_tenant_update(struct req *);
enum souk_err	 ctr_api_tenant_transition(struct req *);
enum souk_err	 ctr_api_tenant_status(struct req *);
enum souk_err	 ctr_api_tenant_read_only(struct req *);
enum souk_err	 ctr_api_tenant_resync(struct req *);
enum souk_err	 ctr_api_tenant_history(struct req *);
enum souk_err	 ctr_api_tenant_feature(struct req *);
enum souk_err	 ctr_api_tenant_export(struct req *);
enum souk_err	 ctr_api_domain_add(struct req *);
enum souk_err	 ctr_api_domain_act(struct req *);
enum souk_err	 ctr_api_approvals(struct req *);
enum souk_err	 ctr_api_approval_decide(struct req *);
/* Rows of a result as objects with the member names given. */
struct json_object *ctr_api_rows(const struct db_res *,
		    const char *const *names, size_t n);
/* A JSON array of strings as "a,b" ("\x01", never valid, otherwise). */
const char	*ctr_json_csv(struct req *, struct json_object *);

/* platform_api.c */
enum souk_err	 ctr_api_plans(struct req *);
enum souk_err	 ctr_api_plan_create(struct req *);
enum souk_err	 ctr_api_plan_feature(struct req *);
enum souk_err	 ctr_api_features(struct req *);
enum souk_err	 ctr_api_feature_create(struct req *);
enum souk_err	 ctr_internal_features(struct req *);
enum souk_err	 ctr_api_webhooks(struct req *);
enum souk_err	 ctr_api_webhook_create(struct req *);
enum souk_err	 ctr_api_webhook(struct req *);
enum souk_err	 ctr_api_deliveries(struct req *);
enum souk_err	 ctr_api_delivery(struct req *);
enum souk_err	 ctr_api_redeliver(struct req *);
enum souk_err	 ctr_api_audit(struct req *);
enum souk_err	 ctr_api_audit_csv(struct req *);
enum souk_err	 ctr_api_audit_verify(struct req *);
enum souk_err	 ctr_api_dashboard(struct req *);
/* keys_api.c: external systems' keys */
enum souk_err	 ctr_api_keys(struct req *);
enum souk_err	 ctr_api_key_create(struct req *);
enum souk_err	 ctr_api_key_act(struct req *);
enum souk_err	 ctr_api_settings(struct req *);
/* The audit filter of the request's query (action actor tenant since
 * until before). */
void		 ctr_audit_filter_of(struct req *, struct ctr_audit_filter *,
		    int limit);
/* The rows of f as a CSV download. */
enum souk_err	 ctr_audit_csv(struct req *, const struct ctr_audit_filter *);

/*
 * The export bundle of tenant id as a download (API and page): the JSON
 * bundle when part is NULL, else part "<table>.csv", one of its tables
 * as CSV (header row, then a row per record; null is an empty field).
 */
enum souk_err	 ctr_tenant_export_send(struct req *, int64_t id,
		    const char *part);
/* The tables of the bundle, for links to their CSV. */
extern const char *const ctr_export_tables[];
/* One CSV field (RFC 4180), a leading = + - @ made inert with a '. */
void		 ctr_csv_field(struct buf *, const char *);

/* tenants_pages.c, platform_pages.c */
enum souk_err	 ctr_page_tenants(struct req *);
enum souk_err	 ctr_page_tenant_new(struct req *);
enum souk_err	 ctr_page_tenant_create(struct req *);
enum souk_err	 ctr_page_tenant(struct req *);
enum souk_err	 ctr_page_tenant_act(struct req *);
enum souk_err	 ctr_page_tenant_export(struct req *);
enum souk_err	 ctr_page_approval(struct req *);
enum souk_err	 ctr_page_plans(struct req *);
enum souk_err	 ctr_page_plans_post(struct req *);
enum souk_err	 ctr_page_webhooks(struct req *);
enum souk_err	 ctr_page_webhooks_post(struct req *);
enum souk_err	 ctr_page_keys(struct req *);
enum souk_err	 ctr_page_keys_post(struct req *);
enum souk_err	 ctr_page_audit(struct req *);
enum souk_err	 ctr_page_audit_csv(struct req *);
enum souk_err	 ctr_page_settings(struct req *);
enum souk_err	 ctr_page_settings_post(struct req *);
/* [{"value", "selected"}] of the items of csv; selected: in cur. */
struct json_object *ctr_page_options(const char *csv, const char *cur);
/* The items of known ticked in a form as prefix<item>=…, as "a,b". */
const char	*ctr_page_ticked(struct req *, const char *prefix,
		    const char *known);

/* tenants_pages.c: the dashboard; oidc.c: single sign-on */
enum souk_err	 ctr_page_index(struct req *);
enum souk_err	 ctr_page_oidc(struct req *);
enum souk_err	 ctr_page_oidc_callback(struct req *);

#endif
