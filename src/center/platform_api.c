/*
 * Center's platform API: plans and features, webhooks and their
 * deliveries, the audit log, API keys of external systems, global
 * settings, the dashboard, and the tenant side's pull of features.
 */
#include <string.h>

#include "center/api.h"

/* ---- plans and features ------------------------------------------ */

/* The plan with its features' values, in *out. */
static enum souk_err
plan_json(struct req *r, const struct ctr_plan *p, struct json_object **out)
{
	struct json_object	*o, *f;
	struct db_res		 res;
	size_t			 i;
	enum souk_err		 er;

	if ((er = ctr_plan_features(app_db(r->app), r->a, p->code, &res)) !=
	    SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "code", json_str(p->code));
	json_object_object_add(o, "name", json_str(p->name));
	json_object_object_add(o, "description", json_str(p->description));
	f = json_object_new_object();
	for (i = 0; i < res.nrows; i++)
		json_object_object_add(f, db_cell(&res, i, 0),
		    json_str(db_cell(&res, i, 2)));
	json_object_object_add(o, "features", f);
	*out = o;
	return SOUK_OK;
}

/* 200 (or status) with plan code as plan_json has it. */
static enum souk_err
plan_answer(struct req *r, int status, const char *code)
{
	struct ctr_plan		 p;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_plan_get(app_db(r->app), r->a, code, &p)) != SOUK_OK ||
	    (er = plan_json(r, &p, &o)) != SOUK_OK)
		return er;
	return resp_json(r, status, o);
}

enum souk_err
ctr_api_plans(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_plan		*ps;
	struct json_object	*o, *arr, *p;
	size_t			 i, n;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_plan_list(app_db(r->app), r->a, &ps, &n)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	arr = json_object_new_array();
	json_object_object_add(o, "plans", arr);
	for (i = 0; i < n; i++) {
		if ((er = plan_json(r, &ps[i], &p)) != SOUK_OK) {
			json_object_put(o);
			return er;
		}
		json_object_object_add(p, "tenants", json_object_new_int64(
		    ps[i].tenants));
		json_object_array_add(arr, p);
	}
	return resp_json(r, 200, o);
}

enum souk_err
ctr_api_plan_create(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	const char		*code;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	code = req_json_str(r, "code");
	if ((er = ctr_plan_create(app_db(r->app), r->a, &who, code,
	    req_json_str(r, "name"), req_json_str(r, "description"),
	    &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return plan_answer(r, 201, code);
}

/* PUT /api/v1/plans/{code}/features/{feature} {"value"}. */
enum souk_err
ctr_api_plan_feature(struct req *r)
{
	struct ctr_actor	 who;
	struct json_object	*v;
	struct souk_why		 why;
	const char		*plan = req_path(r, "code");
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	if (!json_object_object_get_ex(r->json, "value", &v) ||
	    json_object_is_type(v, json_type_null))
		return req_field_error(r, "value", "required");
	if ((er = ctr_plan_feature_set(app_db(r->app), r->a, &who, plan,
	    req_path(r, "feature"), json_object_get_string(v), &why)) !=
	    SOUK_OK)
		return req_why(r, er, &why);
	return plan_answer(r, 200, plan);
}

enum souk_err
ctr_api_features(struct req *r)
{
	static const char *const cols[] = { "code", "type", "default",
	    "description" };
	struct ctr_actor	 who;
	struct json_object	*o;
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_feature_list(app_db(r->app), r->a, &res)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "features", ctr_api_rows(&res, cols, 4));
	return resp_json(r, 200, o);
}

enum souk_err
ctr_api_feature_create(struct req *r)
{
	struct ctr_actor	 who;
	struct json_object	*v, *o;
	struct souk_why		 why;
	const char		*def = NULL;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	if (json_object_object_get_ex(r->json, "default", &v) &&
	    !json_object_is_type(v, json_type_null))
		def = json_object_get_string(v);
	if ((er = ctr_feature_create(app_db(r->app), r->a, &who,
	    req_json_str(r, "code"), req_json_str(r, "type"), def,
	    req_json_str(r, "description"), &why)) != SOUK_OK)
		return req_why(r, er, &why);
	o = json_object_new_object();
	json_object_object_add(o, "code", json_str(req_json_str(r, "code")));
	json_object_object_add(o, "type", json_str(req_json_str(r, "type")));
	json_object_object_add(o, "default", json_str(def));
	return resp_json(r, 201, o);
}

/*
 * GET /internal/api/tenants/{id}/features, signed by the tenant side:
 * the effective set with its ETag; If-None-Match with the same ETag
 * gets 304 and no body.
 */
enum souk_err
ctr_internal_features(struct req *r)
{
	struct ctr_tenant	 t;
	struct json_object	*f, *o;
	const char		*etag, *inm;
	int64_t			 id = req_path_i64(r, "id");
	enum souk_err		 er;

	if (id != r->tenant_id) {
		r->detail = "x-tenant-id must name the tenant of the path.";
		return SOUK_FORBIDDEN;
	}
	if ((er = ctr_tenant_get(app_db(r->app), r->a, id, &t)) != SOUK_OK ||
	    (er = ctr_features_effective(app_db(r->app), r->a, id, t.plan,
	    &f, &etag)) != SOUK_OK)
		return er;
	resp_header(r, "ETag", etag);
	resp_header(r, "Cache-Control", "private, max-age=60");
	inm = req_header(r, "HTTP_IF_NONE_MATCH");
	if (inm != NULL && str_eq(inm, etag)) {
		json_object_put(f);
		return resp_empty(r, 304);
	}
	o = json_object_new_object();
	json_object_object_add(o, "tenant_id", json_object_new_int64(id));
	json_object_object_add(o, "plan", json_str(t.plan));
	json_object_object_add(o, "features", f);
	json_object_object_add(o, "etag", json_str(etag));
	return resp_json(r, 200, o);
}

/* ---- webhooks ------------------------------------------------------ */

static struct json_object *
webhook_json(const struct ctr_webhook *w)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(w->id));
	json_object_object_add(o, "url", json_str(w->url));
	json_object_object_add(o, "events", json_str_list(w->events));
	json_object_object_add(o, "description", json_str(w->description));
	json_object_object_add(o, "status", json_str(w->status));
	json_object_object_add(o, "failing_since", w->failing_since != NULL ?
	    json_str(w->failing_since) : NULL);
	json_object_object_add(o, "disabled_reason",
	    w->disabled_reason != NULL ? json_str(w->disabled_reason) : NULL);
	json_object_object_add(o, "created_at", json_str(w->created_at));
	return o;
}

enum souk_err
ctr_api_webhooks(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_webhook	*ws;
	struct json_object	*o, *arr;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_webhook_list(app_db(r->app), r->a, &ws, &n)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, webhook_json(&ws[i]));
	o = json_object_new_object();
	json_object_object_add(o, "webhooks", arr);
	json_object_object_add(o, "event_types", json_str_list(
	    ctr_event_types));
	return resp_json(r, 200, o);
}

enum souk_err
ctr_api_webhook_create(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_webhook	 w;
	struct json_object	*o, *v;
	struct souk_why		 why;
	const char		*secret, *events = NULL;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	if (json_object_object_get_ex(r->json, "events", &v))
		events = ctr_json_csv(r, v);
	if ((er = ctr_webhook_create(&r->app->conf, app_db(r->app), r->a,
	    &who, req_json_str(r, "url"), events,
	    req_json_str(r, "description"), &id, &secret, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	if ((er = ctr_webhook_get(app_db(r->app), r->a, id, &w)) != SOUK_OK)
		return er;
	o = webhook_json(&w);
	json_object_object_add(o, "secret", json_str(secret));
	return resp_json(r, 201, o);
}

enum souk_err
ctr_api_webhook(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_webhook	 w;
	struct json_object	*v;
	struct souk_why		 why;
	const char		*events = NULL;
	int64_t			 id = req_path_i64(r, "id");
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if (r->method == HTTP_PATCH) {
		if ((er = req_json_object(r)) != SOUK_OK)
			return er;
		if (json_object_object_get_ex(r->json, "events", &v))
			events = ctr_json_csv(r, v);
		if ((er = ctr_webhook_update(&r->app->conf, app_db(r->app),
		    r->a, &who, id, req_json_str(r, "url"), events,
		    req_json_str(r, "description"), req_json_str(r, "status"),
		    &why)) != SOUK_OK)
			return req_why(r, er, &why);
	}
	if ((er = ctr_webhook_get(app_db(r->app), r->a, id, &w)) != SOUK_OK)
		return er;
	return resp_json(r, 200, webhook_json(&w));
}

enum souk_err
ctr_api_deliveries(struct req *r)
{
	static const char *const cols[] = { "id", "event_id", "event_type",
	    "status", "attempts", "last_status", "last_error", "created_at",
	    "next_attempt_at", "webhook_id" };
	struct ctr_actor	 who;
	struct ctr_webhook	 w;
	struct json_object	*o;
	struct db_res		 res;
	int64_t			 id = req_path_i64(r, "id");
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_webhook_get(app_db(r->app), r->a, id, &w)) != SOUK_OK ||
	    (er = ctr_delivery_list(app_db(r->app), r->a, id, req_param(r,
	    "status"), 100, &res)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "deliveries", ctr_api_rows(&res, cols, 10));
	return resp_json(r, 200, o);
}

enum souk_err
ctr_api_delivery(struct req *r)
{
	static const char *const cols[] = { "status", "error", "ms", "at" };
	struct ctr_actor	 who;
	struct ctr_delivery	 d;
	struct db_res		 res;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_delivery_get(app_db(r->app), r->a, req_path_i64(r,
	    "id"), &d, &res)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(d.id));
	json_object_object_add(o, "webhook_id", json_object_new_int64(
	    d.webhook));
	json_object_object_add(o, "status", json_str(d.status));
	json_object_object_add(o, "attempts", ctr_api_rows(&res, cols, 4));
	return resp_json(r, 200, o);
}

enum souk_err
ctr_api_redeliver(struct req *r)
{
	struct ctr_actor	 who;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_webhook_redeliver(app_db(r->app), r->a, &who,
	    req_path_i64(r, "id"))) != SOUK_OK)
		return er;
	return resp_empty(r, 202);
}

/* ---- the audit log ------------------------------------------------- */

static const char *const audit_cols[] = { "id", "at", "actor", "action",
	"target", "tenant_id", "before", "after", "request_id", "client_addr",
	"prev_hash", "hash" };

/* The filter of the query (the same for the page, the API and CSV). */
void
ctr_audit_filter_of(struct req *r, struct ctr_audit_filter *f, int limit)
{
	const char	*v;

	memset(f, 0, sizeof(*f));
	f->action = (v = req_param(r, "action")) != NULL ? v : "";
	f->actor = (v = req_param(r, "actor")) != NULL ? v : "";
	f->since = (v = req_param(r, "since")) != NULL ? v : "";
	f->until = (v = req_param(r, "until")) != NULL ? v : "";
	f->tenant = req_param_i64(r, "tenant", 0);
	f->before_id = req_param_i64(r, "before", 0);
	f->limit = limit;
}

enum souk_err
ctr_api_audit(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_audit_filter	 f;
	struct db_res		 res;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	ctr_audit_filter_of(r, &f, (int)req_param_i64(r, "limit", 50));
	if ((er = ctr_audit_list(app_db(r->app), r->a, &f, &res)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "entries", ctr_api_rows(&res, audit_cols,
	    12));
	if (res.nrows == (size_t)f.limit && res.nrows > 0)
		json_object_object_add(o, "next_before", json_object_new_int64(
		    db_cell_i64(&res, res.nrows - 1, 0)));
	return resp_json(r, 200, o);
}

enum souk_err
ctr_audit_csv(struct req *r, const struct ctr_audit_filter *f)
{
	struct db_res	 res;
	struct buf	 b;
	size_t		 i, c;
	enum souk_err	 er;

	if ((er = ctr_audit_list(app_db(r->app), r->a, f, &res)) != SOUK_OK)
		return er;
	buf_init(&b, r->a, 4096);
	for (c = 0; c < 12; c++)
		buf_printf(&b, "%s%s", c > 0 ? "," : "", audit_cols[c]);
	buf_adds(&b, "\r\n");
	for (i = 0; i < res.nrows; i++) {
		for (c = 0; c < 12; c++) {
			if (c > 0)
				buf_addc(&b, ',');
			ctr_csv_field(&b, db_cell(&res, i, c));
		}
		buf_adds(&b, "\r\n");
	}
	if (!buf_ok(&b))
		return SOUK_ENOMEM;
	resp_header(r, "Content-Disposition",
	    "attachment; filename=\"souk-audit.csv\"");
	resp_text(r, 200, "text/csv; charset=utf-8", b.data, b.len);
	return SOUK_OK;
}

enum souk_err
ctr_api_audit_csv(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_audit_filter	 f;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	ctr_audit_filter_of(r, &f, 10000);
	return ctr_audit_csv(r, &f);
}

enum souk_err
ctr_api_audit_verify(struct req *r)
{
	struct ctr_actor	 who;
	struct json_object	*o;
	const char		*why;
	int64_t			 rows, bad;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	er = ctr_audit_verify(app_db(r->app), r->a, &rows, &bad, &why);
	if (er != SOUK_OK && er != SOUK_CONFLICT)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "ok", json_object_new_boolean(er ==
	    SOUK_OK));
	json_object_object_add(o, "rows", json_object_new_int64(rows));
	if (er == SOUK_CONFLICT) {
		json_object_object_add(o, "first_bad_id",
		    json_object_new_int64(bad));
		json_object_object_add(o, "problem", json_str(why));
	}
	return resp_json(r, 200, o);
}

/* ---- the dashboard -------------------------------------------------- */

enum souk_err
ctr_api_dashboard(struct req *r)
{
	static const char *const ev_cols[] = { "id", "type", "tenant_id",
	    "at" };
	static const char *const dl_cols[] = { "id", "event_id", "event_type",
	    "status", "attempts", "last_status", "last_error", "created_at",
	    "next_attempt_at", "webhook_id" };
	struct ctr_actor	 who;
	struct ctr_dashboard	 dash;
	struct db_res		*counts = &dash.counts;
	struct json_object	*o, *by_state, *by_plan, *v;
	size_t			 i;
	enum souk_err		 er;

	if ((er = ctr_actor_all(r, &who)) != SOUK_OK ||
	    (er = ctr_dashboard_get(app_db(r->app), r->a, 20, 20, &dash)) !=
	    SOUK_OK)
		return er;
	by_state = json_object_new_object();
	by_plan = json_object_new_object();
	for (i = 0; i < counts->nrows; i++) {
		int64_t n = db_cell_i64(counts, i, 2), had;

		had = json_object_object_get_ex(by_state, db_cell(counts, i,
		    0), &v) ? json_object_get_int64(v) : 0;
		json_object_object_add(by_state, db_cell(counts, i, 0),
		    json_object_new_int64(had + n));
		had = json_object_object_get_ex(by_plan, db_cell(counts, i,
		    1), &v) ? json_object_get_int64(v) : 0;
		json_object_object_add(by_plan, db_cell(counts, i, 1),
		    json_object_new_int64(had + n));
	}
	o = json_object_new_object();
	json_object_object_add(o, "tenants_by_state", by_state);
	json_object_object_add(o, "tenants_by_plan", by_plan);
	json_object_object_add(o, "recent_events", ctr_api_rows(&dash.events,
	    ev_cols, 4));
	json_object_object_add(o, "failing_deliveries", ctr_api_rows(
	    &dash.failing, dl_cols, 10));
	return resp_json(r, 200, o);
}
