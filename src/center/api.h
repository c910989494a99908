/* souk-center.fcgi handlers. */
#ifndef SOUK_CENTER_API_H
#define SOUK_CENTER_API_H

#include "center/center.h"
#include "http/http.h"
#include "sec/sec.h"

/*
 * The admin signed in with the request's bearer token, allowed perm
 * (NULL: any admin).  SOUK_UNAUTHORIZED or SOUK_FORBIDDEN with a detail.
 */
enum souk_err	 ctr_authenticate(struct req *, struct ctr_admin *,
		    const char *perm);
/*
 * The same for any session past its password, even one that must first
 * set up two-factor sign-in (stage "enroll"): for /me and enrolment.
 */
enum souk_err	 ctr_authenticate_any(struct req *, struct ctr_admin *);

/*
 * Who calls a Center API route: an admin's bearer token with perm, or
 * a call signed with an API key carrying the route's scope.  *who is
 * filled for the audit log.
 */
enum souk_err	 ctr_principal(struct req *, const char *perm,
		    struct ctr_actor *who);
/* 1 if the caller (a key may be for some tenants only) may see id. */
int		 ctr_principal_tenant(const struct req *,
		    const struct ctr_actor *, int64_t id);
/* The same, and a key must be for all tenants (lists, creation). */
enum souk_err	 ctr_principal_all(struct req *, const char *perm,
		    struct ctr_actor *who);
/* For ctr_tenant_check: a field error of request arg. */
void		 ctr_field_err(void *arg, const char *field, const char *msg);

/* SOUK_RATELIMIT (with detail) when sign-ins come too fast. */
enum souk_err	 ctr_throttle(struct req *, const char *email);
/*
 * An audit row for an action of admin ad (NULL: before sign-in) on
 * target, with after as its JSON (may be NULL).
 */
void		 ctr_audit_req(struct req *, const struct ctr_admin *,
		    const char *action, const char *target, const char *after);
/* A successful sign-in (how: password, code, oidc…). */
void		 ctr_audit_signin(struct req *, const struct ctr_admin *,
		    const char *how);
/* Count a failed sign-in (password or code) for ctr_throttle; audited. */
void		 ctr_throttle_fail(struct req *, const char *email);
/*
 * 1 if code is the current code of the admin's app (not a recovery
 * code); counted and limited like a sign-in.
 */
int		 ctr_app_code_ok(struct req *, const struct ctr_admin *,
		    const char *code);

enum souk_err	 ctr_api_token_create(struct req *);
enum souk_err	 ctr_api_token_delete(struct req *);
enum souk_err	 ctr_api_me(struct req *);
/* 200 with the profile of ad. */
enum souk_err	 ctr_api_me_json(struct req *, const struct ctr_admin *);
enum souk_err	 ctr_api_me_update(struct req *);
enum souk_err	 ctr_api_password(struct req *);
enum souk_err	 ctr_api_admins(struct req *);
enum souk_err	 ctr_api_admin(struct req *);
enum souk_err	 ctr_api_admin_invite(struct req *);
enum souk_err	 ctr_api_admin_change(struct req *);
enum souk_err	 ctr_api_invite_accept(struct req *);
enum souk_err	 ctr_api_mfa_begin(struct req *);
enum souk_err	 ctr_api_mfa_confirm(struct req *);
enum souk_err	 ctr_api_recovery_new(struct req *);

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
/* 200 {name: [the rows of stmt on db, objects named cols]}. */
enum souk_err	 ctr_api_list(struct req *, struct db *, const char *name,
		    int stmt, const struct db_arg *, size_t nargs,
		    const char *const *cols, size_t ncols);
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
/* keys_api.c: external systems' keys (shared by the pages) */
struct ctr_key_out {
	const char	*public_key;
	const char	*secret;	/* shown once; NULL after a revoke */
};
enum souk_err	 ctr_key_create(struct req *, const struct ctr_actor *,
		    const char *owner, const char *scopes, const char *tenants,
		    const char *ips, int rate, int days, struct ctr_key_out *,
		    const char **why);
/* act: revoke or rotate (SOUK_NOTFOUND otherwise). */
enum souk_err	 ctr_key_act(struct req *, const struct ctr_actor *,
		    const char *public_key, const char *act,
		    struct ctr_key_out *);
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

#define CTR_SESSION_COOKIE	"souk_center"

/* ---- pages (pages.c, mfa_pages.c) ---------------------------------- */

/*
 * 1 with the admin of the session cookie in a full session; else 0 with
 * *er to return: strangers went to /login, a session awaiting its code
 * to /login/code, one that must set up two-factor to /account/2fa.
 */
int		 ctr_signed_in(struct req *, struct ctr_admin *,
		    enum souk_err *er);
/* The same for sessions in one of stages ("full,enroll"). */
int		 ctr_signed_in_at(struct req *, struct ctr_admin *,
		    enum souk_err *er, const char *stages);
/*
 * 1 when signed in (full session) with perm (NULL: any) and, for a POST,
 * the form's CSRF is right; else 0 with *er (a redirect to /login was
 * sent, or SOUK_FORBIDDEN with r->detail).
 */
int		 ctr_page_allowed(struct req *, struct ctr_admin *,
		    const char *perm, enum souk_err *er);
/* The admin as the author of a change. */
void		 ctr_page_actor(struct req *, const struct ctr_admin *,
		    struct ctr_actor *);
/* 1 if the form's csrf is the session's (else r->detail). */
int		 ctr_csrf_ok(struct req *);
/* Page data: title, and the admin's name, role and CSRF (ad may be NULL). */
struct json_object *ctr_page_data(struct req *, const char *title,
		    const struct ctr_admin *);
/* The same for the session of token (just made: not yet a cookie). */
struct json_object *ctr_page_data_for(struct req *, const char *title,
		    const struct ctr_admin *, const char *token);
/* Set the session cookie of token and go where its stage belongs. */
enum souk_err	 ctr_page_session(struct req *, const char *token,
		    const char *stage);

/* The sign-in form with an error, and status. */
enum souk_err	 ctr_login_page(struct req *, int status, const char *error);
enum souk_err	 ctr_page_oidc(struct req *);
enum souk_err	 ctr_page_oidc_callback(struct req *);
enum souk_err	 ctr_page_index(struct req *);
enum souk_err	 ctr_page_login(struct req *);
enum souk_err	 ctr_page_login_post(struct req *);
enum souk_err	 ctr_page_logout(struct req *);
enum souk_err	 ctr_page_code(struct req *);
enum souk_err	 ctr_page_code_post(struct req *);
enum souk_err	 ctr_page_mfa(struct req *);
enum souk_err	 ctr_page_mfa_post(struct req *);
enum souk_err	 ctr_page_recovery_post(struct req *);
enum souk_err	 ctr_page_admins(struct req *);
enum souk_err	 ctr_page_admins_invite(struct req *);
enum souk_err	 ctr_page_admins_change(struct req *);
enum souk_err	 ctr_page_invite(struct req *);
enum souk_err	 ctr_page_invite_post(struct req *);
enum souk_err	 ctr_page_account(struct req *);
enum souk_err	 ctr_page_account_post(struct req *);
enum souk_err	 ctr_page_password_post(struct req *);

#endif
