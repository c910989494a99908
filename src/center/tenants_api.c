/*
 * Center's tenant API (/api/v1/tenants…): the registry, the lifecycle,
 * settings, plan, feature overrides and domains.  Each change commits
 * first, then Center tells the tenant side at once (ctr_sync); what
 * does not get through is retried by soukctl worker.
 */
#include <stdio.h>
#include <string.h>

#include "center/api.h"

#define PER_PAGE	25
#define PER_PAGE_MAX	100

static struct json_object *
sync_json(const struct ctr_tenant *t)
{
	static const struct { int64_t bit; const char *name; } bits[] = {
		{ CTR_SYNC_CREATE, "create" }, { CTR_SYNC_STATUS, "status" },
		{ CTR_SYNC_CONFIG, "config" }, { CTR_SYNC_FEATURES, "features" },
		{ CTR_SYNC_SERVICES, "services" }, { CTR_SYNC_INVITE, "invite" },
		{ CTR_SYNC_EXPORT, "export" }, { CTR_SYNC_ERASE, "erase" } };
	struct json_object	*o = json_object_new_object();
	struct json_object	*p = json_object_new_array();
	size_t			 i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (t->pending & bits[i].bit)
			json_object_array_add(p, json_str(bits[i].name));
	json_object_object_add(o, "pending", p);
	json_object_object_add(o, "attempts", json_object_new_int64(
	    t->attempts));
	json_object_object_add(o, "next_attempt_at", t->pending != 0 &&
	    t->next_sync_at != NULL ? json_str(t->next_sync_at) : NULL);
	json_object_object_add(o, "last_error", t->last_error != NULL ?
	    json_str(t->last_error) : NULL);
	return o;
}

/* Rows of a statement as objects named by names (NULL cells: null). */
static struct json_object *
rows_json(const struct db_res *res, const char *const *names, size_t n)
{
	struct json_object	*arr = json_object_new_array(), *o;
	const char		*v;
	size_t			 i, c;

	for (i = 0; arr != NULL && i < res->nrows; i++) {
		o = json_object_new_object();
		for (c = 0; c < n && c < res->ncols; c++) {
			v = db_cell(res, i, c);
			json_object_object_add(o, names[c], v != NULL ?
			    json_str(v) : NULL);
		}
		json_object_array_add(arr, o);
	}
	return arr;
}

struct json_object *
ctr_api_rows(const struct db_res *res, const char *const *names, size_t n)
{
	return rows_json(res, names, n);
}

/* 200 {name: the rows of res as objects named cols}. */
static enum souk_err
rows_answer(struct req *r, const char *name, const struct db_res *res,
    const char *const *cols, size_t ncols)
{
	struct json_object	*o;

	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, name, rows_json(res, cols, ncols));
	return resp_json(r, 200, o);
}

/* The detail view: settings, sync state, domains, features, health. */
static enum souk_err
tenant_detail(struct req *r, int status, int64_t id)
{
	static const char *const dom_cols[] = { "host", "primary", "status",
	    "token", "verified_at", "expires_at" };
	static const char *const call_cols[] = { "what", "status", "error",
	    "ms", "at" };
	struct db		*db = app_db(r->app);
	struct ctr_tenant	 t;
	struct json_object	*o, *f;
	struct db_res		 doms, calls;
	const char		*etag;
	enum souk_err		 er;

	if ((er = ctr_tenant_get(db, r->a, id, &t)) != SOUK_OK ||
	    (er = ctr_domain_list(db, r->a, id, &doms)) != SOUK_OK ||
	    (er = ctr_tenant_calls(db, r->a, id, &calls)) != SOUK_OK ||
	    (er = ctr_features_effective(db, r->a, id, t.plan, &f, &etag)) !=
	    SOUK_OK)
		return er;
	o = ctr_tenant_json(&t, 1);
	json_object_object_add(o, "created_at", json_str(t.created_at));
	json_object_object_add(o, "updated_at", json_str(t.updated_at));
	json_object_object_add(o, "host", json_str(arena_printf(r->a, "%s.%s",
	    t.slug, r->app->conf.base_domain)));
	json_object_object_add(o, "sync", sync_json(&t));
	json_object_object_add(o, "domains", rows_json(&doms, dom_cols, 6));
	json_object_object_add(o, "features", f);
	json_object_object_add(o, "features_etag", json_str(etag));
	json_object_object_add(o, "calls", rows_json(&calls, call_cols, 5));
	if (status == 202)
		resp_header(r, "Location", arena_printf(r->a,
		    "/api/v1/tenants/%lld", (long long)id));
	return resp_json(r, status, o);
}

/*
 * After a committed change: tell the tenant side now (one short try;
 * the worker retries) and answer with the tenant as it is.
 */
static enum souk_err
synced(struct req *r, int status, int64_t id)
{
	(void)ctr_sync(&r->app->conf, app_db(r->app), r->a, id);
	return tenant_detail(r, status, id);
}

/* The tenant of the path, if the caller may see it. */
static enum souk_err
path_tenant(struct req *r, const struct ctr_actor *who, int64_t *id)
{
	struct ctr_tenant	 t;
	enum souk_err		 er;

	*id = req_path_i64(r, "id");
	if (!ctr_principal_tenant(r, who, *id))
		return SOUK_NOTFOUND;
	if ((er = ctr_tenant_get(app_db(r->app), r->a, *id, &t)) ==
	    SOUK_NOTFOUND)
		r->detail = "There is no such tenant.";
	return er;
}

/* Who calls (as the route allowed), and the tenant of the path. */
static enum souk_err
tenant_caller(struct req *r, struct ctr_actor *who, int64_t *id)
{
	enum souk_err	 er;

	if ((er = ctr_actor_of(r, who)) != SOUK_OK)
		return er;
	return path_tenant(r, who, id);
}

/* SOUK_INVALID (a field error) unless reason is absent or one line. */
static enum souk_err
reason_ok(struct req *r, const char *reason)
{
	if (reason == NULL || valid_check(VALID_LINE, reason, 0, 500))
		return SOUK_OK;
	return req_field_error(r, "reason", "at most 500 characters on one "
	    "line");
}

enum souk_err
ctr_api_tenants(struct req *r)
{
	struct ctr_tenant_filter f;
	struct ctr_actor	 who;
	struct ctr_tenant	*ts;
	struct json_object	*o, *arr;
	size_t			 n, i;
	int64_t			 total, page;
	enum souk_err		 er;

	if ((er = ctr_actor_all(r, &who)) != SOUK_OK)
		return er;
	memset(&f, 0, sizeof(f));
	f.state = req_param(r, "state") != NULL ? req_param(r, "state") : "";
	f.plan = req_param(r, "plan") != NULL ? req_param(r, "plan") : "";
	f.q = req_param(r, "q") != NULL ? req_param(r, "q") : "";
	f.limit = (int)req_param_i64(r, "per_page", PER_PAGE);
	page = req_param_i64(r, "page", 1);
	f.offset = (int)((page - 1) * f.limit);
	if ((er = ctr_tenant_list(app_db(r->app), r->a, &f, &ts, &n,
	    &total)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, ctr_tenant_json(&ts[i], 0));
	o = json_object_new_object();
	json_object_object_add(o, "tenants", arr);
	json_object_object_add(o, "page", json_object_new_int64(page));
	json_object_object_add(o, "per_page", json_object_new_int(f.limit));
	json_object_object_add(o, "total", json_object_new_int64(total));
	return resp_json(r, 200, o);
}

/* Settings of the JSON body (NULL: absent). */
static void
tenant_in(struct req *r, struct ctr_tenant_in *in)
{
	struct json_object	*v;

	memset(in, 0, sizeof(*in));
	in->slug = req_json_str(r, "slug");
	in->name = req_json_str(r, "name");
	in->plan = req_json_str(r, "plan");
	in->locale = req_json_str(r, "locale");
	in->currency = req_json_str(r, "currency");
	in->time_zone = req_json_str(r, "time_zone");
	in->theme_color = req_json_str(r, "theme_color");
	in->owner_email = req_json_str(r, "owner_email");
	if (r->json != NULL && json_object_object_get_ex(r->json,
	    "payment_methods", &v))
		in->payment_methods = ctr_json_csv(r, v);
	if (r->json != NULL && json_object_object_get_ex(r->json,
	    "shipping_methods", &v))
		in->shipping_methods = ctr_json_csv(r, v);
	in->draft = r->json != NULL && json_object_object_get_ex(r->json,
	    "draft", &v) && json_object_get_boolean(v);
}

/* A JSON array of strings as "a,b"; "\x01" (never valid) otherwise. */
const char *
ctr_json_csv(struct req *r, struct json_object *v)
{
	struct buf	 b;
	size_t		 i, n;

	if (!json_object_is_type(v, json_type_array))
		return "\x01";
	buf_init(&b, r->a, 64);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_string))
			return "\x01";
		buf_printf(&b, "%s%s", i > 0 ? "," : "",
		    json_object_get_string(e));
	}
	return buf_ok(&b) ? (b.len > 0 ? b.data : "") : NULL;
}

/* Defaults of a new tenant for what the body leaves out. */
static void
tenant_defaults(struct ctr_tenant_in *in)
{
	if (in->plan == NULL)
		in->plan = "starter";
	if (in->locale == NULL)
		in->locale = "en";
	if (in->currency == NULL)
		in->currency = "USD";
	if (in->time_zone == NULL)
		in->time_zone = "UTC";
	if (in->theme_color == NULL)
		in->theme_color = "#1f6feb";
	if (in->payment_methods == NULL)
		in->payment_methods = "card";
	if (in->shipping_methods == NULL)
		in->shipping_methods = "standard";
}

enum souk_err
ctr_api_tenant_create(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_tenant_in	 in;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = ctr_actor_all(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	tenant_in(r, &in);
	tenant_defaults(&in);
	if ((er = ctr_tenant_check(app_db(r->app), r->a, &r->app->conf, &in, 1,
	    ctr_field_err, r)) != SOUK_OK)
		return er;
	if ((er = ctr_tenant_create(app_db(r->app), r->a, &who, &in, &id,
	    &why)) != SOUK_OK)
		return req_why(r, er, &why);
	/*
	 * Recorded, in provisioning: soukctl worker calls the tenant side
	 * (within a second or so) and the tenant becomes active when it
	 * confirms.  The client follows Location until it is.
	 */
	return tenant_detail(r, 202, id);
}

enum souk_err
ctr_api_tenant(struct req *r)
{
	struct ctr_actor	 who;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	return tenant_detail(r, 200, id);
}

enum souk_err
ctr_api_tenant_update(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_tenant_in	 in;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	tenant_in(r, &in);
	if (in.slug != NULL)
		return req_field_error(r, "slug", "a tenant's slug cannot "
		    "change");
	if (in.owner_email != NULL)
		return req_field_error(r, "owner_email", "the first owner is "
		    "invited at creation; invite more staff in the shop");
	if ((er = ctr_tenant_check(app_db(r->app), r->a, &r->app->conf, &in, 0,
	    ctr_field_err, r)) != SOUK_OK)
		return er;
	if (in.plan != NULL && (er = ctr_tenant_set_plan(app_db(r->app),
	    r->a, &who, id, in.plan, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	if ((in.name != NULL || in.locale != NULL || in.currency != NULL ||
	    in.time_zone != NULL || in.theme_color != NULL ||
	    in.payment_methods != NULL || in.shipping_methods != NULL) &&
	    (er = ctr_tenant_configure(app_db(r->app), r->a, &who, id, &in,
	    &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 200, id);
}

/*
 * A move asked for: 200 with the tenant, or 202 with the approval.
 * field: the body's name of the state (to, or state in the old form).
 */
static enum souk_err
transition(struct req *r, const char *field, const char *reason)
{
	struct ctr_actor	 who;
	struct json_object	*o;
	struct souk_why		 why;
	int64_t			 id, approval;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	if ((er = reason_ok(r, reason)) != SOUK_OK)
		return er;
	if ((er = ctr_tenant_transition(app_db(r->app), r->a, &who, id,
	    req_json_str(r, field), reason, &why, &approval)) != SOUK_OK) {
		if (why.field != NULL)	/* the domain calls it "to" */
			why.field = field;
		return req_why(r, er, &why);
	}
	if (approval > 0) {
		o = json_object_new_object();
		json_object_object_add(o, "approval_id",
		    json_object_new_int64(approval));
		json_object_object_add(o, "status", json_str("pending"));
		json_object_object_add(o, "detail", json_str("A second "
		    "platform admin must approve the termination: POST "
		    "/api/v1/approvals/{id}/approve."));
		resp_header(r, "Location", arena_printf(r->a,
		    "/api/v1/approvals/%lld", (long long)approval));
		return resp_json(r, 202, o);
	}
	return synced(r, 200, id);
}

enum souk_err
ctr_api_tenant_transition(struct req *r)
{
	enum souk_err	 er;

	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	if (req_json_str(r, "to") == NULL)
		return req_field_error(r, "to", "required: draft, "
		    "provisioning, active, suspended or terminated");
	return transition(r, "to", req_json_str(r, "reason"));
}

/*
 * PATCH /api/v1/tenants/{id}/status {"state", "reason"}: the first
 * form of the transitions route, kept for old clients with the
 * Deprecation and Sunset headers (RFC 9745, RFC 8594).
 */
enum souk_err
ctr_api_tenant_status(struct req *r)
{
	enum souk_err	 er;

	resp_header_always(r, "Deprecation", "@1793491200");	/* 2026-11-01 */
	resp_header_always(r, "Sunset", "Sat, 01 May 2027 00:00:00 GMT");
	resp_header_always(r, "Link", "</api/v1/tenants/{id}/transitions>; "
	    "rel=\"successor-version\"");
	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	if (req_json_str(r, "state") == NULL)
		return req_field_error(r, "state", "required");
	return transition(r, "state", req_json_str(r, "reason"));
}

enum souk_err
ctr_api_tenant_read_only(struct req *r)
{
	struct ctr_actor	 who;
	struct json_object	*v;
	struct souk_why		 why;
	const char		*reason;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	if (!json_object_object_get_ex(r->json, "read_only", &v) ||
	    !json_object_is_type(v, json_type_boolean))
		return req_field_error(r, "read_only", "required: true or "
		    "false");
	reason = req_json_str(r, "reason");
	if ((er = reason_ok(r, reason)) != SOUK_OK)
		return er;
	if ((er = ctr_tenant_read_only(app_db(r->app), r->a, &who, id,
	    json_object_get_boolean(v), reason, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 200, id);
}

enum souk_err
ctr_api_tenant_resync(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	if ((er = ctr_tenant_resync(app_db(r->app), r->a, &who, id, &why)) !=
	    SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 202, id);
}

enum souk_err
ctr_api_tenant_history(struct req *r)
{
	static const char *const cols[] = { "from", "to", "read_only",
	    "actor", "reason", "at" };
	struct ctr_actor	 who;
	struct db_res		 res;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK ||
	    (er = ctr_tenant_history(app_db(r->app), r->a, id, &res)) !=
	    SOUK_OK)
		return er;
	return rows_answer(r, "transitions", &res, cols, 6);
}

/* PUT {"value", "expires_at"} or DELETE a tenant's feature override. */
enum souk_err
ctr_api_tenant_feature(struct req *r)
{
	struct ctr_actor	 who;
	struct json_object	*v;
	struct souk_why		 why;
	const char		*value = NULL;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	if (r->method == HTTP_PUT) {
		if ((er = req_json_object(r)) != SOUK_OK)
			return er;
		if (!json_object_object_get_ex(r->json, "value", &v) ||
		    json_object_is_type(v, json_type_null))
			return req_field_error(r, "value", "required");
		value = json_object_get_string(v);
	}
	if ((er = ctr_override_set(app_db(r->app), r->a, &who, id,
	    req_path(r, "code"), value, r->json != NULL ? req_json_str(r,
	    "expires_at") : NULL, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 200, id);
}

/* ---- domains ------------------------------------------------------- */

enum souk_err
ctr_api_domain_add(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	if ((er = ctr_domain_add(&r->app->conf, app_db(r->app), r->a, &who,
	    id, req_json_str(r, "host"), &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 201, id);
}

/* verify, primary or remove a domain of the path. */
enum souk_err
ctr_api_domain_act(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why = { NULL, NULL };
	const char		*host = req_path(r, "host");
	const char		*act = req_path(r, "action");
	struct db		*db = app_db(r->app);
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	if (r->method == HTTP_DELETE)
		er = ctr_domain_remove(db, r->a, &who, id, host);
	else if (str_eq(act, "verify"))
		er = ctr_domain_verify(&r->app->conf, db, r->a, &who, id,
		    host, &why);
	else if (str_eq(act, "primary"))
		er = ctr_domain_primary(db, r->a, &who, id, host, &why);
	else
		er = SOUK_NOTFOUND;
	if (er == SOUK_NOTFOUND)
		r->detail = "The tenant has no such domain.";
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 200, id);
}

/* ---- approvals and the export ------------------------------------- */

enum souk_err
ctr_api_approvals(struct req *r)
{
	static const char *const cols[] = { "id", "tenant_id", "action",
	    "reason", "requested_by", "status", "decided_by", "created_at",
	    "tenant_slug" };
	struct ctr_actor	 who;
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_approval_list(app_db(r->app), r->a, req_param_i64(r,
	    "tenant", 0), req_param(r, "status"), &res)) != SOUK_OK)
		return er;
	return rows_answer(r, "approvals", &res, cols, 9);
}

enum souk_err
ctr_api_approval_decide(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	int64_t			 tenant;
	int			 yes = str_eq(req_path(r, "action"), "approve");
	enum souk_err		 er;

	if (!yes && !str_eq(req_path(r, "action"), "reject"))
		return SOUK_NOTFOUND;
	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if ((er = ctr_approval_decide(app_db(r->app), r->a, &who,
	    req_path_i64(r, "id"), yes, &why, &tenant)) != SOUK_OK)
		return req_why(r, er, &why);
	return synced(r, 200, tenant);
}

enum souk_err
ctr_api_tenant_export(struct req *r)
{
	struct ctr_actor	 who;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = tenant_caller(r, &who, &id)) != SOUK_OK)
		return er;
	return ctr_tenant_export_send(r, id, req_path(r, "part"));
}
