/*
 * Center's pages for the platform: plans and features, webhooks, API
 * keys, the audit log and the global settings.
 */
#include <string.h>

#include "center/api.h"

/* A page of the set with error/notice/secret, after data was filled. */
static enum souk_err
show(struct req *r, const char *tmpl, struct json_object *d, int status,
    const char *error, const char *notice)
{
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	return resp_html(r, status, tmpl, d);
}

/* ---- plans ------------------------------------------------------------ */

/* One plan of the page, with the value of every feature on it. */
static enum souk_err
plan_row(struct req *r, const struct ctr_plan *p, struct json_object **out)
{
	static const char *const vcols[] = { "code", "type", "value",
	    "set" };
	struct json_object	*o, *vals;
	struct db_res		 fs;
	size_t			 j;
	enum souk_err		 er;

	if ((er = ctr_plan_features(app_db(r->app), r->a, p->code, &fs)) !=
	    SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "code", json_str(p->code));
	json_object_object_add(o, "name", json_str(p->name));
	json_object_object_add(o, "description", json_str(p->description));
	json_object_object_add(o, "tenants", json_object_new_int64(
	    p->tenants));
	vals = ctr_api_rows(&fs, vcols, 4);
	for (j = 0; j < fs.nrows; j++)
		json_object_object_add(json_object_array_get_idx(vals, j),
		    "plan", json_str(p->code));
	json_object_object_add(o, "values", vals);
	*out = o;
	return SOUK_OK;
}

static enum souk_err
plans_page(struct req *r, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = auth_page_data(r, "Plans", NULL,
	    NULL), *arr, *p;
	struct ctr_plan		*ps;
	size_t			 i, n;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_plan_list(app_db(r->app), r->a, &ps, &n)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	json_object_object_add(d, "plan_list", arr);
	for (i = 0; i < n; i++) {
		if ((er = plan_row(r, &ps[i], &p)) != SOUK_OK)
			return er;
		json_object_array_add(arr, p);
	}
	json_object_object_add(d, "can_plans", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_PLANS_WRITE)));
	return show(r, "plans", d, status, error, notice);
}

enum souk_err
ctr_page_plans(struct req *r)
{
	return plans_page(r, 200, NULL, NULL);
}

/* POST /plans (a new plan), /plans/{code} (a value), /features. */
enum souk_err
ctr_page_plans_post(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	const char		*code = req_path(r, "code"), *msg;
	int			 st;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if (code != NULL)
		er = ctr_plan_feature_set(app_db(r->app), r->a, &who, code,
		    req_param(r, "feature"), req_param(r, "value"), &why);
	else if (str_has_prefix(r->path, "/features"))
		er = ctr_feature_create(app_db(r->app), r->a, &who,
		    req_param(r, "code"), req_param(r, "type"),
		    req_param(r, "default"), req_param(r, "description"),
		    &why);
	else
		er = ctr_plan_create(app_db(r->app), r->a, &who,
		    req_param(r, "code"), req_param(r, "name"),
		    req_param(r, "description"), &why);
	if (er == SOUK_OK)
		return plans_page(r, 200, NULL, "Saved: the tenants "
		    "concerned are being told.");
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such plan.";
	if (resp_form_error(r, er, "That was not saved", &why, &st, &msg))
		return plans_page(r, st, msg, NULL);
	return er;
}

/* ---- webhooks --------------------------------------------------------- */

/* "a,b" as "a, b": a long list may wrap. */
static const char *
spaced(struct arena *a, const char *csv)
{
	struct buf	 b;

	buf_init(&b, a, strlen(csv) * 2);
	for (; *csv != '\0'; csv++) {
		buf_addc(&b, *csv);
		if (*csv == ',')
			buf_addc(&b, ' ');
	}
	return buf_ok(&b) ? b.data : csv;
}

static enum souk_err
webhooks_page(struct req *r, int status,
    const char *error, const char *notice, const char *secret)
{
	static const char *const dcols[] = { "did", "event_id", "event_type",
	    "status", "attempts", "last_status", "last_error", "created_at",
	    "next_attempt_at", "webhook_id" };
	struct json_object	*d = auth_page_data(r, "Webhooks", NULL,
	    NULL), *arr, *o;
	struct ctr_webhook	*ws;
	struct db_res		 res;
	size_t			 n, i;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_webhook_recent(app_db(r->app), r->a, &ws, &n)) !=
	    SOUK_OK)
		return er;
	arr = json_object_new_array();
	json_object_object_add(d, "hooks", arr);
	for (i = 0; i < n; i++) {
		if ((er = ctr_delivery_list(app_db(r->app), r->a, ws[i].id, "",
		    5, &res)) != SOUK_OK)
			return er;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(ws[i].id));
		json_object_object_add(o, "url", json_str(ws[i].url));
		json_object_object_add(o, "events", json_str(spaced(r->a,
		    ws[i].events)));
		json_object_object_add(o, "description", json_str(
		    ws[i].description));
		json_object_object_add(o, "status", json_str(ws[i].status));
		json_object_object_add(o, "active", json_object_new_boolean(
		    str_eq(ws[i].status, "active")));
		if (ws[i].disabled_reason != NULL)
			json_object_object_add(o, "disabled_reason", json_str(
			    ws[i].disabled_reason));
		json_object_object_add(o, "deliveries", ctr_api_rows(&res,
		    dcols, 10));
		json_object_array_add(arr, o);
	}
	json_object_object_add(d, "types", json_str(spaced(r->a,
	    ctr_event_types)));
	if (secret != NULL)
		json_object_object_add(d, "secret", json_str(secret));
	return show(r, "webhooks", d, status, error, notice);
}

enum souk_err
ctr_page_webhooks(struct req *r)
{
	return webhooks_page(r, 200, NULL, NULL, NULL);
}

/* POST /webhooks, /webhooks/{id}, /webhook-deliveries/{id}/redeliver. */
enum souk_err
ctr_page_webhooks_post(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why = { NULL, NULL };
	const char		*secret = NULL, *msg;
	int64_t			 id = req_path_i64(r, "id");
	int			 st;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if (str_has_prefix(r->path, "/webhook-deliveries/"))
		er = ctr_webhook_redeliver(app_db(r->app), r->a, &who, id);
	else if (id > 0)
		er = ctr_webhook_update(&r->app->conf, app_db(r->app), r->a,
		    &who, id, NULL, NULL, NULL, req_param(r, "status"), &why);
	else
		er = ctr_webhook_create(&r->app->conf, app_db(r->app), r->a,
		    &who, req_param(r, "url"),
		    req_param(r, "events"), req_param(r, "description"), &id,
		    &secret, &why);
	if (er == SOUK_OK)
		return webhooks_page(r, 200, NULL, secret != NULL ?
		    "Subscribed. Keep this signing secret now: it is not shown "
		    "again." : "Done.", secret);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such subscription or delivery.";
	if (resp_form_error(r, er, "That was not done", &why, &st, &msg))
		return webhooks_page(r, st, msg, NULL, NULL);
	return er;
}

/* ---- API keys --------------------------------------------------------- */

static enum souk_err
keys_page(struct req *r, int status,
    const char *error, const char *notice, const char *secret)
{
	static const char *const cols[] = { "api_key", "owner", "kind",
	    "tenants", "scopes", "status", "created_at", "expires_at",
	    "deprecated_until", "last_used_at" };
	struct json_object	*d = auth_page_data(r, "API keys", NULL,
	    NULL), *arr, *o;
	struct db_res		 res;
	size_t			 i;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_key_list(app_center_db(r->app, sec_key_sql, KEY__MAX),
	    r->a, &res)) != SOUK_OK)
		return er;
	arr = ctr_api_rows(&res, cols, 10);
	for (i = 0; i < res.nrows; i++) {
		o = json_object_array_get_idx(arr, i);
		json_object_object_add(o, "external", json_object_new_boolean(
		    str_eq(db_cell(&res, i, 2), "external")));
		json_object_object_add(o, "usable", json_object_new_boolean(
		    !str_eq(db_cell(&res, i, 5), "revoked")));
	}
	ctr_page_times(r, d, arr, cols + 6, 4);
	json_object_object_add(d, "keys", arr);
	if (secret != NULL)
		json_object_object_add(d, "secret", json_str(secret));
	return show(r, "keys", d, status, error, notice);
}

enum souk_err
ctr_page_keys(struct req *r)
{
	return keys_page(r, 200, NULL, NULL, NULL);
}

enum souk_err
ctr_page_keys_post(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_key_in	 in = { NULL, NULL, "all", "", 600, 0 };
	struct ctr_key_made	 out;
	struct souk_why		 why = { NULL, NULL };
	struct db		*keys = app_center_db(r->app, sec_key_sql,
				    KEY__MAX);
	const char		*act = req_path(r, "action"), *msg;
	int			 st;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	memset(&out, 0, sizeof(out));
	if (act == NULL) {
		in.owner = req_param(r, "owner");
		in.scopes = arena_printf(r->a, "%s%s%s", req_param(r,
		    "scope_read") != NULL ? "tenants:read" : "",
		    req_param(r, "scope_read") != NULL && req_param(r,
		    "scope_write") != NULL ? "," : "", req_param(r,
		    "scope_write") != NULL ? "tenants:write" : "");
		er = ctr_key_new(keys, app_db(r->app), r->a, &who, &in,
		    &out, &why);
	} else
		er = ctr_key_change(keys, app_db(r->app), r->app->cache, r->a,
		    &who, req_path(r, "key"), act, &out);
	if (er == SOUK_OK)
		return keys_page(r, 200, NULL, out.secret != NULL ?
		    arena_printf(r->a, "Key %s: keep this secret now, it is "
		    "not shown again.", out.public_key) : "The key is revoked.",
		    out.secret);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such key.";
	if (resp_form_error(r, er, "That was not done", &why, &st, &msg))
		return keys_page(r, st, msg, NULL, NULL);
	return er;
}

/* ---- the audit log ---------------------------------------------------- */

/* The filter as a query string (for the CSV link and older pages). */
static const char *
audit_query(struct req *r, const struct ctr_audit_filter *f, int64_t before)
{
	struct buf	 b;

	buf_init(&b, r->a, 128);
	buf_adds(&b, "action=");
	buf_add_url(&b, f->action, strlen(f->action));
	buf_adds(&b, "&actor=");
	buf_add_url(&b, f->actor, strlen(f->actor));
	buf_adds(&b, "&since=");
	buf_add_url(&b, f->since, strlen(f->since));
	buf_adds(&b, "&until=");
	buf_add_url(&b, f->until, strlen(f->until));
	if (f->tenant > 0)
		buf_printf(&b, "&tenant=%lld", (long long)f->tenant);
	if (before > 0)
		buf_printf(&b, "&before=%lld", (long long)before);
	return buf_ok(&b) ? b.data : NULL;
}

enum souk_err
ctr_page_audit(struct req *r)
{
	static const char *const cols[] = { "id", "at", "actor", "action",
	    "target", "tenant_id", "before", "after", "request_id",
	    "client_addr" };
	struct ctr_audit_filter	 f;
	struct json_object	*d, *o;
	struct db_res		 res;
	const char		*why;
	int64_t			 rows, bad;
	enum souk_err		 er, chain;

	ctr_audit_filter_of(r, &f, 50);
	if ((er = ctr_audit_list(app_db(r->app), r->a, &f, &res)) != SOUK_OK)
		return er;
	if ((d = auth_page_data(r, "Audit log", NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	if (req_param(r, "verify") != NULL) {	/* the whole log: on demand */
		chain = ctr_audit_verify(app_db(r->app), r->a, &rows, &bad,
		    &why);
		o = json_object_new_object();
		json_object_object_add(o, "chain_ok", json_object_new_boolean(
		    chain == SOUK_OK));
		json_object_object_add(o, "rows", json_object_new_int64(rows));
		json_object_object_add(o, "bad_id", json_object_new_int64(bad));
		json_object_object_add(o, "problem", json_str(why != NULL ?
		    why : "the log could not be read"));
		json_object_object_add(d, "verified", o);
	}
	json_object_object_add(d, "entries", o = ctr_api_rows(&res, cols, 10));
	ctr_page_times(r, d, o, cols + 1, 1);
	json_object_object_add(d, "action", json_str(f.action));
	json_object_object_add(d, "actor", json_str(f.actor));
	json_object_object_add(d, "since", json_str(f.since));
	json_object_object_add(d, "until", json_str(f.until));
	if (f.tenant > 0)
		json_object_object_add(d, "tenant", json_object_new_int64(
		    f.tenant));
	json_object_object_add(d, "query", json_str(audit_query(r, &f, 0)));
	if (res.nrows == (size_t)f.limit)
		json_object_object_add(d, "older", json_str(audit_query(r, &f,
		    db_cell_i64(&res, res.nrows - 1, 0))));
	return resp_html(r, 200, "audit", d);
}

enum souk_err
ctr_page_audit_csv(struct req *r)
{
	struct ctr_audit_filter	 f;

	ctr_audit_filter_of(r, &f, 10000);
	return ctr_audit_csv(r, &f);
}

/* ---- global settings -------------------------------------------------- */

static enum souk_err
settings_page(struct req *r, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = auth_page_data(r, "Settings", NULL, NULL);
	struct ctr_settings	 s;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_settings_get(app_db(r->app), r->a, &r->app->conf, &s)) !=
	    SOUK_OK)
		return er;
	json_object_object_add(d, "payments", ctr_page_options(
	    ctr_payment_known, s.payment_providers));
	json_object_object_add(d, "shippings", ctr_page_options(
	    ctr_shipping_known, s.shipping_providers));
	json_object_object_add(d, "mail_from", json_str(s.mail_from_conf ?
	    "" : s.mail_from));
	json_object_object_add(d, "conf_mail_from", json_str(
	    r->app->conf.mail_from));
	json_object_object_add(d, "base_domain", json_str(
	    r->app->conf.base_domain));
	json_object_object_add(d, "can_settings", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_SETTINGS_WRITE)));
	return show(r, "settings", d, status, error, notice);
}

enum souk_err
ctr_page_settings(struct req *r)
{
	return settings_page(r, 200, NULL, NULL);
}

enum souk_err
ctr_page_settings_post(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_settings	 in;
	struct souk_why		 why;
	const char		*msg;
	int			 st;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	memset(&in, 0, sizeof(in));
	in.payment_providers = ctr_page_ticked(r, "pay_", ctr_payment_known);
	in.shipping_providers = ctr_page_ticked(r, "ship_",
	    ctr_shipping_known);
	in.mail_from = req_param(r, "mail_from");
	er = ctr_settings_set(app_db(r->app), r->a, &r->app->conf, &who, &in,
	    &why);
	if (resp_form_error(r, er, "The settings were not saved", &why, &st,
	    &msg))
		return settings_page(r, st, msg, NULL);
	if (er != SOUK_OK)
		return er;
	return settings_page(r, 200, NULL, "Saved: every tenant is "
	    "being sent its settings again.");
}
