/*
 * Center's pages for tenants: the dashboard, the list with search,
 * filters and pages, a new tenant, and a tenant's page with its
 * lifecycle, settings, domains, features, history and health.  Forms
 * call the same domain functions as the JSON API.
 */
#include <string.h>

#include "center/api.h"

#define PER_PAGE	25

struct json_object *
ctr_page_options(const char *csv, const char *cur)
{
	struct json_object	*arr = json_object_new_array(), *o;
	char			 item[64];

	while (ctr_csv_item(&csv, item, sizeof(item))) {
		if (*item == '\0')
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "value", json_str(item));
		json_object_object_add(o, "selected", json_object_new_boolean(
		    cur != NULL && (str_eq(cur, item) || str_list_has(cur,
		    item))));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The plan codes, comma-separated, in *out. */
static enum souk_err
plan_codes(struct req *r, const char **out)
{
	struct ctr_plan	*ps;
	struct buf	 b;
	size_t		 i, n;
	enum souk_err	 er;

	if ((er = ctr_plan_list(app_db(r->app), r->a, &ps, &n)) != SOUK_OK)
		return er;
	buf_init(&b, r->a, 64);
	buf_adds(&b, "");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? "," : "", ps[i].code);
	*out = b.data;
	return buf_ok(&b) ? SOUK_OK : SOUK_ENOMEM;
}

/* {key: n} counts folded into [{"key", "count"}] for a template. */
static struct json_object *
counts(const struct db_res *res, size_t col)
{
	struct json_object	*arr = json_object_new_array(), *o;
	const char		*k;
	size_t			 i, j, n;

	for (i = 0; i < res->nrows; i++) {
		k = db_cell(res, i, col);
		n = json_object_array_length(arr);
		for (j = 0; j < n; j++) {
			o = json_object_array_get_idx(arr, j);
			if (str_eq(json_object_get_string(
			    json_object_object_get(o, "key")), k))
				break;
		}
		if (j == n) {
			o = json_object_new_object();
			json_object_object_add(o, "key", json_str(k));
			json_object_object_add(o, "count",
			    json_object_new_int64(0));
			json_object_array_add(arr, o);
		}
		json_object_object_add(o, "count", json_object_new_int64(
		    json_object_get_int64(json_object_object_get(o, "count")) +
		    db_cell_i64(res, i, 2)));
	}
	return arr;
}

enum souk_err
ctr_page_index(struct req *r)
{
	static const char *const ev[] = { "id", "type", "tenant_id", "at" };
	static const char *const dl[] = { "id", "event_id", "event_type",
	    "status", "attempts", "last_status", "last_error", "created_at",
	    "next_attempt_at", "webhook_id" };
	static const char *const un[] = { "id", "slug", "state", "attempts",
	    "last_error" };
	struct json_object	*d, *o;
	struct ctr_dashboard	 dash;
	enum souk_err		 er;

	if ((d = auth_page_data(r, "Dashboard", NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "base_domain", json_str(
	    r->app->conf.base_domain));
	if (!auth_can(auth_of(r), CTR_P_TENANTS_READ))
		return resp_html(r, 200, "index", d);
	if ((er = ctr_dashboard_get(app_db(r->app), r->a, 15, 10, &dash)) !=
	    SOUK_OK)
		return er;
	json_object_object_add(d, "can_tenants", json_object_new_boolean(1));
	json_object_object_add(d, "by_state", counts(&dash.counts, 0));
	json_object_object_add(d, "by_plan", counts(&dash.counts, 1));
	json_object_object_add(d, "events", o = ctr_api_rows(&dash.events, ev,
	    4));
	ctr_page_times(r, d, o, ev + 3, 1);
	json_object_object_add(d, "failing", ctr_api_rows(&dash.failing, dl,
	    10));
	if (dash.unsynced.nrows > 0) {
		o = json_object_new_object();
		json_object_object_add(o, "tenants", ctr_api_rows(
		    &dash.unsynced, un, 5));
		json_object_object_add(d, "out_of_sync", o);
	}
	return resp_html(r, 200, "index", d);
}

/* "q=…&state=…&plan=…&page=N" for the list's links. */
static const char *
list_query(struct req *r, const struct ctr_tenant_filter *f, int64_t page)
{
	struct buf	 b;

	buf_init(&b, r->a, 64);
	buf_adds(&b, "q=");
	buf_add_url(&b, f->q, strlen(f->q));
	buf_adds(&b, "&state=");
	buf_add_url(&b, f->state, strlen(f->state));
	buf_adds(&b, "&plan=");
	buf_add_url(&b, f->plan, strlen(f->plan));
	buf_printf(&b, "&page=%lld", (long long)page);
	return buf_ok(&b) ? b.data : NULL;
}

enum souk_err
ctr_page_tenants(struct req *r)
{
	struct ctr_tenant_filter f;
	struct ctr_tenant	*ts;
	struct json_object	*d, *arr;
	const char		*plans;
	size_t			 n, i;
	int64_t			 total, page = req_param_i64(r, "page", 1), pages;
	enum souk_err		 er;

	memset(&f, 0, sizeof(f));
	f.q = req_param(r, "q") != NULL ? req_param(r, "q") : "";
	f.state = req_param(r, "state") != NULL ? req_param(r, "state") : "";
	f.plan = req_param(r, "plan") != NULL ? req_param(r, "plan") : "";
	f.limit = PER_PAGE;
	f.offset = (int)((page - 1) * PER_PAGE);
	if ((er = ctr_tenant_list(app_db(r->app), r->a, &f, &ts, &n,
	    &total)) != SOUK_OK || (er = plan_codes(r, &plans)) != SOUK_OK)
		return er;
	if ((d = auth_page_data(r, "Tenants", NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, ctr_tenant_json(&ts[i], 0));
	pages = total == 0 ? 1 : (total + PER_PAGE - 1) / PER_PAGE;
	json_object_object_add(d, "tenants", arr);
	json_object_object_add(d, "total", json_object_new_int64(total));
	json_object_object_add(d, "page", json_object_new_int64(page));
	json_object_object_add(d, "pages", json_object_new_int64(pages));
	if (page > 1)
		json_object_object_add(d, "prev", json_str(list_query(r, &f,
		    page - 1)));
	if (page < pages)
		json_object_object_add(d, "next", json_str(list_query(r, &f,
		    page + 1)));
	json_object_object_add(d, "q", json_str(f.q));
	json_object_object_add(d, "states", ctr_page_options("draft,provisioning,"
	    "active,suspended,terminated", f.state));
	json_object_object_add(d, "plans", ctr_page_options(plans, f.plan));
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_TENANTS_WRITE)));
	return resp_html(r, 200, "tenants", d);
}

/* ---- a new tenant ----------------------------------------------------- */

const char *
ctr_page_ticked(struct req *r, const char *prefix, const char *known)
{
	struct buf	 b;
	char		 item[64];

	buf_init(&b, r->a, 64);
	buf_adds(&b, "");
	while (ctr_csv_item(&known, item, sizeof(item)))
		if (*item != '\0' && req_param(r, arena_printf(r->a, "%s%s",
		    prefix, item)) != NULL)
			buf_printf(&b, "%s%s", b.len > 0 ? "," : "", item);
	return buf_ok(&b) ? b.data : NULL;
}

/* The settings fields of tenant_fields.html, filled from t. */
static enum souk_err
fields_data(struct req *r, struct json_object *d, const struct ctr_tenant *t)
{
	struct ctr_settings	 s;
	const char		*plans;
	enum souk_err		 er;

	if ((er = ctr_settings_get(app_db(r->app), r->a, &r->app->conf,
	    &s)) != SOUK_OK || (er = plan_codes(r, &plans)) != SOUK_OK)
		return er;
	json_object_object_add(d, "locale", json_str(t->locale));
	json_object_object_add(d, "currency", json_str(t->currency));
	json_object_object_add(d, "time_zone", json_str(t->time_zone));
	json_object_object_add(d, "theme_color", json_str(t->theme_color));
	json_object_object_add(d, "payments", ctr_page_options(
	    s.payment_providers, t->payment_methods));
	json_object_object_add(d, "shippings", ctr_page_options(
	    s.shipping_providers, t->shipping_methods));
	json_object_object_add(d, "plans", ctr_page_options(plans, t->plan));
	return SOUK_OK;
}

/* The form's fields as settings. */
static void
form_in(struct req *r, struct ctr_tenant_in *in)
{
	memset(in, 0, sizeof(*in));
	in->slug = req_param(r, "slug");
	in->name = req_param(r, "name");
	in->plan = req_param(r, "plan");
	in->locale = req_param(r, "locale");
	in->currency = req_param(r, "currency");
	in->time_zone = req_param(r, "time_zone");
	in->theme_color = req_param(r, "theme_color");
	in->owner_email = req_param(r, "owner_email");
	in->payment_methods = ctr_page_ticked(r, "pay_", ctr_payment_known);
	in->shipping_methods = ctr_page_ticked(r, "ship_", ctr_shipping_known);
}

static enum souk_err
new_page(struct req *r, int status,
    const struct ctr_tenant_in *in, const char *error)
{
	struct json_object	*d = auth_page_data(r, "New tenant", NULL,
	    NULL);
	struct ctr_tenant	 t;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	memset(&t, 0, sizeof(t));
	t.plan = in != NULL && in->plan != NULL ? in->plan : "starter";
	t.locale = in != NULL && in->locale != NULL ? in->locale : "en";
	t.currency = in != NULL && in->currency != NULL ? in->currency : "USD";
	t.time_zone = in != NULL && in->time_zone != NULL ? in->time_zone :
	    "UTC";
	t.theme_color = in != NULL && in->theme_color != NULL ?
	    in->theme_color : "#1f6feb";
	t.payment_methods = in != NULL ? in->payment_methods : "card";
	t.shipping_methods = in != NULL ? in->shipping_methods : "standard";
	if ((er = fields_data(r, d, &t)) != SOUK_OK)
		return er;
	json_object_object_add(d, "base_domain", json_str(
	    r->app->conf.base_domain));
	if (in != NULL) {
		json_object_object_add(d, "slug", json_str(in->slug));
		json_object_object_add(d, "name", json_str(in->name));
		json_object_object_add(d, "owner_email", json_str(
		    in->owner_email));
	}
	if (error != NULL) {
		json_object_object_add(d, "error", json_str(error));
		json_object_object_add(d, "has_errors",
		    json_object_new_boolean(r->field_errors != NULL));
		if (r->field_errors != NULL)
			json_object_object_add(d, "errors",
			    resp_field_errors(r));
	}
	return resp_html(r, status, "tenant_new", d);
}

enum souk_err
ctr_page_tenant_new(struct req *r)
{
	return new_page(r, 200, NULL, NULL);
}

enum souk_err
ctr_page_tenant_create(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_tenant_in	 in;
	struct souk_why		 why;
	const char		*msg;
	int64_t			 id;
	int			 st;
	enum souk_err		 er;

	form_in(r, &in);
	if (in.payment_methods == NULL || in.shipping_methods == NULL)
		return SOUK_ENOMEM;
	if ((er = ctr_tenant_check(app_db(r->app), r->a, &r->app->conf, &in,
	    1, ctr_field_err, r)) == SOUK_INVALID)
		return new_page(r, 400, &in, "Please correct these fields:");
	if (er != SOUK_OK)
		return er;
	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	er = ctr_tenant_create(app_db(r->app), r->a, &who, &in, &id, &why);
	if (resp_form_error(r, er, "The tenant was not created", &why, &st,
	    &msg))
		return new_page(r, st, &in, msg);
	if (er != SOUK_OK)
		return er;
	resp_redirect(r, 303, arena_printf(r->a, "/tenants/%lld?created=1",
	    (long long)id));
	return SOUK_OK;
}

/* ---- a tenant's page -------------------------------------------------- */

static const char lead_state[] = "The state did not change";

/* What the lifecycle offers from state (labels of the buttons). */
static struct json_object *
moves_json(const char *state)
{
	static const struct { const char *to, *label; } all[] = {
		{ "provisioning", "Provision" },
		{ "suspended", "Suspend" },
		{ "active", "Resume" },
		{ "terminated", "Terminate (needs a second admin)" },
	};
	struct json_object	*arr = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!ctr_transition_allowed(state, all[i].to) ||
		    (str_eq(state, "provisioning") && str_eq(all[i].to,
		    "active")))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "to", json_str(all[i].to));
		json_object_object_add(o, "label", json_str(all[i].label));
		json_object_array_add(arr, o);
	}
	return arr;
}

static const char *
pending_text(struct req *r, int64_t bits)
{
	static const struct { int64_t bit; const char *name; } names[] = {
		{ CTR_SYNC_CREATE, "creation" }, { CTR_SYNC_STATUS, "state" },
		{ CTR_SYNC_CONFIG, "settings" }, { CTR_SYNC_FEATURES,
		"features" }, { CTR_SYNC_SERVICES, "services' copy" },
		{ CTR_SYNC_INVITE, "owner's invitation" }, { CTR_SYNC_EXPORT,
		"export" }, { CTR_SYNC_ERASE, "erasure" } };
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->a, 64);
	buf_adds(&b, "");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bits & names[i].bit)
			buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    names[i].name);
	return buf_ok(&b) ? b.data : "";
}

/* The bundle's tables, for links to their CSV. */
static struct json_object *
export_tables(void)
{
	struct json_object	*arr = json_object_new_array();
	size_t			 i;

	for (i = 0; ctr_export_tables[i] != NULL; i++)
		json_object_array_add(arr, json_str(ctr_export_tables[i]));
	return arr;
}

static enum souk_err
tenant_facts(struct req *r, struct json_object *d, const struct ctr_tenant *t)
{
	static const char *const times[] = { "created_at", "next_sync_at" };
	struct json_object	*o = ctr_tenant_json(t, 0);
	const char		*port = r->app->conf.shop_url_port;
	struct ctr_export	 ex;
	enum souk_err		 er;

	json_object_object_add(o, "locale", json_str(t->locale));
	json_object_object_add(o, "currency", json_str(t->currency));
	json_object_object_add(o, "time_zone", json_str(t->time_zone));
	json_object_object_add(o, "payment_methods", json_str(
	    t->payment_methods));
	json_object_object_add(o, "shipping_methods", json_str(
	    t->shipping_methods));
	json_object_object_add(o, "created_at", json_str(t->created_at));
	json_object_object_add(o, "host", json_str(arena_printf(r->a,
	    "%s.%s", t->slug, r->app->conf.base_domain)));
	json_object_object_add(o, "live", json_object_new_boolean(
	    str_eq(t->state, "active")));
	json_object_object_add(o, "url", json_str(arena_printf(r->a,
	    "%s://%s.%s%s%s/", r->app->conf.shop_url_scheme, t->slug,
	    r->app->conf.base_domain, *port != '\0' ? ":" : "", port)));
	json_object_object_add(o, "in_sync", json_object_new_boolean(
	    t->pending == 0));
	json_object_object_add(o, "pending", json_str(pending_text(r,
	    t->pending)));
	json_object_object_add(o, "attempts", json_object_new_int64(
	    t->attempts));
	json_object_object_add(o, "next_sync_at", json_str(t->next_sync_at));
	if (t->last_error != NULL)
		json_object_object_add(o, "last_error", json_str(
		    t->last_error));
	ctr_page_times(r, d, o, times, 2);
	json_object_object_add(d, "tenant", o);
	if ((er = ctr_export_get(app_db(r->app), r->a, t->id, &ex)) ==
	    SOUK_NOTFOUND)
		return SOUK_OK;		/* none made yet */
	if (er != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "bytes", json_object_new_int64(ex.bytes));
	json_object_object_add(o, "sha256", json_str(ex.sha256));
	json_object_object_add(o, "tables", export_tables());
	json_object_object_add(d, "export", o);
	return SOUK_OK;
}

static struct json_object *
domains_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "host", json_str(db_cell(res, i, 0)));
		json_object_object_add(o, "is_primary",
		    json_object_new_boolean(db_cell_i64(res, i, 1)));
		json_object_object_add(o, "status", json_str(db_cell(res, i,
		    2)));
		json_object_object_add(o, "pending", json_object_new_boolean(
		    str_eq(db_cell(res, i, 2), "pending")));
		json_object_object_add(o, "token", json_str(db_cell(res, i,
		    3)));
		json_object_object_add(o, "expires_at", json_str(db_cell(res,
		    i, 5)));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *
features_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "code", json_str(db_cell(res, i, 0)));
		json_object_object_add(o, "value", json_str(db_cell(res, i,
		    2)));
		json_object_object_add(o, "override", json_object_new_boolean(
		    db_cell_i64(res, i, 3)));
		if (db_cell(res, i, 4) != NULL)
			json_object_object_add(o, "expires_at", json_str(
			    db_cell(res, i, 4)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The tenant's domains, features, history and calls to its side. */
static enum souk_err
tenant_lists(struct req *r, struct json_object *d, const struct ctr_tenant *t)
{
	static const char *const hist[] = { "from", "to", "ro", "actor",
	    "reason", "at" };
	static const char *const calls[] = { "what", "status", "error", "ms",
	    "at" };
	static const char *const expires[] = { "expires_at" };
	struct db		*db = app_db(r->app);
	struct db_res		 doms, feats, trans, res;
	struct json_object	*arr;
	size_t			 i;
	enum souk_err		 er;

	if ((er = ctr_domain_list(db, r->a, t->id, &doms)) != SOUK_OK ||
	    (er = ctr_tenant_features(db, r->a, t->id, t->plan, &feats)) !=
	    SOUK_OK ||
	    (er = ctr_tenant_history(db, r->a, t->id, &trans)) != SOUK_OK ||
	    (er = ctr_tenant_calls(db, r->a, t->id, &res)) != SOUK_OK)
		return er;
	json_object_object_add(d, "domains", arr = domains_json(&doms));
	ctr_page_times(r, d, arr, expires, 1);
	json_object_object_add(d, "features", arr = features_json(&feats));
	ctr_page_times(r, d, arr, expires, 1);
	arr = ctr_api_rows(&trans, hist, 6);
	for (i = 0; i < trans.nrows; i++)	/* "0" would read as true */
		json_object_object_add(json_object_array_get_idx(arr, i), "ro",
		    json_object_new_boolean(db_cell_i64(&trans, i, 2) != 0));
	ctr_page_times(r, d, arr, hist + 5, 1);
	json_object_object_add(d, "history", arr);
	json_object_object_add(d, "calls", arr = ctr_api_rows(&res, calls, 5));
	ctr_page_times(r, d, arr, calls + 4, 1);
	return SOUK_OK;
}

/* The pending approval of the tenant, if any (with can_decide). */
static enum souk_err
tenant_approval(struct req *r, struct json_object *d, int64_t id)
{
	static const char *const cols[] = { "id", "tenant_id", "action",
	    "reason", "requested_by", "status", "decided_by", "created_at",
	    "slug" };
	struct db_res		 res;
	struct json_object	*arr, *o;
	struct ctr_actor	 me;
	enum souk_err		 er;

	if ((er = ctr_approval_list(app_db(r->app), r->a, id, "pending",
	    &res)) != SOUK_OK || res.nrows == 0)
		return er;
	if ((er = ctr_actor_of(r, &me)) != SOUK_OK)
		return er;
	arr = ctr_api_rows(&res, cols, 9);
	o = json_object_array_get_idx(arr, 0);
	json_object_object_add(o, "can_decide", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_TENANTS_LIFECYCLE) &&
	    !str_eq(me.who, db_cell(&res, 0, 4))));
	ctr_page_times(r, d, arr, cols + 7, 1);
	json_object_object_add(d, "approvals", arr);
	return SOUK_OK;
}

static enum souk_err
tenant_page(struct req *r, int64_t id, int status, const char *error,
    const char *notice)
{
	struct json_object	*d;
	struct ctr_tenant	 t;
	enum souk_err		 er;
	int			 active;

	if ((er = ctr_tenant_get(app_db(r->app), r->a, id, &t)) != SOUK_OK) {
		if (er == SOUK_NOTFOUND)
			r->detail = "There is no such tenant.";
		return er;
	}
	if ((d = auth_page_data(r, t.name, NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	active = str_eq(t.state, "active");
	json_object_object_add(d, "tid", json_object_new_int64(t.id));
	json_object_object_add(d, "name", json_str(t.name));
	json_object_object_add(d, "host", json_str(arena_printf(r->a, "%s.%s",
	    t.slug, r->app->conf.base_domain)));
	/* a list that cannot be read fails the page: no part vanishes */
	if ((er = tenant_facts(r, d, &t)) != SOUK_OK ||
	    (er = fields_data(r, d, &t)) != SOUK_OK ||
	    (er = tenant_lists(r, d, &t)) != SOUK_OK ||
	    (er = tenant_approval(r, d, t.id)) != SOUK_OK)
		return er;
	json_object_object_add(d, "moves", moves_json(t.state));
	json_object_object_add(d, "can_read_only", json_object_new_boolean(
	    active));
	json_object_object_add(d, "ro_next", json_str(t.read_only ? "0" :
	    "1"));
	json_object_object_add(d, "ro_label", json_str(t.read_only ?
	    "Leave read-only mode" : "Read-only mode"));
	json_object_object_add(d, "can_lifecycle", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_TENANTS_LIFECYCLE) && !str_eq(t.state,
	    "terminated")));
	json_object_object_add(d, "can_write", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_TENANTS_WRITE) &&
	    !str_eq(t.state, "terminated")));
	json_object_object_add(d, "can_plans", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_PLANS_WRITE) &&
	    !str_eq(t.state, "terminated")));
	json_object_object_add(d, "can_audit", json_object_new_boolean(
	    auth_can(auth_of(r), CTR_P_AUDIT_READ)));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(notice));
	return resp_html(r, status, "tenant", d);
}

enum souk_err
ctr_page_tenant(struct req *r)
{
	return tenant_page(r, req_path_i64(r, "id"), 200, NULL,
	    req_param(r, "created") != NULL ? "The tenant is recorded. It "
	    "becomes active as soon as the tenant side confirms (reload in a "
	    "moment)." : NULL);
}

/*
 * The page again after an action: done as its notice, or what went
 * wrong as its error ("<lead>: <why>.") when the admin can mend it;
 * any other error is the error page's.
 */
static enum souk_err
after(struct req *r, int64_t id, enum souk_err er,
    const char *lead, const struct souk_why *why, const char *done)
{
	const char	*msg;
	int		 st;

	if (er == SOUK_OK) {
		(void)ctr_sync(&r->app->conf, app_db(r->app), r->a, id);
		return tenant_page(r, id, 200, NULL, done);
	}
	if (resp_form_error(r, er, lead, why, &st, &msg))
		return tenant_page(r, id, st, msg, NULL);
	return er;
}

static enum souk_err
act_transition(struct req *r, const struct ctr_actor *who, int64_t id)
{
	static const struct souk_why	 role = { NULL, "your role may not "
	    "change a tenant's state" };
	struct souk_why			 why;
	int64_t				 approval;
	enum souk_err			 er;

	if (!auth_can(auth_of(r), CTR_P_TENANTS_LIFECYCLE))
		return after(r, id, SOUK_FORBIDDEN, lead_state, &role,
		    NULL);
	er = ctr_tenant_transition(app_db(r->app), r->a, who, id,
	    req_param(r, "to"), req_param(r, "reason"), &why, &approval);
	return after(r, id, er, lead_state, &why, approval > 0 ? "The "
	    "termination waits for a second platform admin's approval." :
	    "Done.");
}

/* r's field errors as one line: "currency: …; time_zone: …". */
static const char *
fields_text(struct req *r)
{
	struct buf	 b;

	buf_init(&b, r->a, 256);
	if (r->field_errors == NULL)
		return "some fields are not right";
	json_object_object_foreach(r->field_errors, k, v) {
		buf_printf(&b, "%s%s: %s", b.len > 0 ? "; " : "", k,
		    json_object_get_string(v));
	}
	return buf_ok(&b) ? b.data : NULL;
}

static enum souk_err
act_settings(struct req *r, const struct ctr_actor *who, int64_t id)
{
	static const char		 lead[] = "The settings were not saved";
	struct ctr_tenant_in		 in;
	struct souk_why			 why;
	enum souk_err			 er;

	form_in(r, &in);
	in.slug = NULL;
	in.owner_email = NULL;
	if ((er = ctr_tenant_check(app_db(r->app), r->a, &r->app->conf, &in,
	    0, ctr_field_err, r)) != SOUK_OK) {
		why.field = NULL;
		why.msg = fields_text(r);
		return after(r, id, er, lead, &why, NULL);
	}
	if (in.plan != NULL && (er = ctr_tenant_set_plan(app_db(r->app),
	    r->a, who, id, in.plan, &why)) != SOUK_OK)
		return after(r, id, er, lead, &why, NULL);
	in.plan = NULL;
	er = ctr_tenant_configure(app_db(r->app), r->a, who, id, &in, &why);
	return after(r, id, er, lead, &why, "The settings are saved.");
}

static enum souk_err
act_domain(struct req *r, const struct ctr_actor *who, int64_t id, int add)
{
	const char	*host = req_param(r, "host"), *op = req_param(r, "op");
	struct souk_why	 why = { NULL, NULL };
	struct db	*db = app_db(r->app);
	enum souk_err	 er;

	if (add)
		er = ctr_domain_add(&r->app->conf, db, r->a, who, id, host,
		    &why);
	else if (str_eq(op, "verify"))
		er = ctr_domain_verify(&r->app->conf, db, r->a, who, id, host,
		    &why);
	else if (str_eq(op, "primary"))
		er = ctr_domain_primary(db, r->a, who, id, host, &why);
	else if (str_eq(op, "remove"))
		er = ctr_domain_remove(db, r->a, who, id, host);
	else
		er = souk_why_set(&why, SOUK_INVALID, "op", "verify, primary "
		    "or remove");
	if (er == SOUK_NOTFOUND)
		r->detail = "The tenant has no such domain.";
	return after(r, id, er, add ? "The domain was not added" :
	    "The domain was not changed", &why, "Done.");
}

static enum souk_err
act_feature(struct req *r, const struct ctr_actor *who, int64_t id)
{
	const char	*v = req_param(r, "value");
	struct souk_why	 why;
	enum souk_err	 er;

	er = ctr_override_set(app_db(r->app), r->a, who, id,
	    req_param(r, "code"), v != NULL && *v != '\0' ? v : NULL,
	    req_param(r, "expires_at"), &why);
	return after(r, id, er, "The feature was not set", &why,
	    "The feature is set.");
}

enum souk_err
ctr_page_tenant_act(struct req *r)
{
	static const struct souk_why	 role = { NULL, "your role may not "
	    "do this" };
	struct ctr_actor		 who;
	struct souk_why			 why;
	const char			*act = req_path(r, "action");
	int64_t				 id = req_path_i64(r, "id");
	enum souk_err			 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if (str_eq(act, "transition"))
		return act_transition(r, &who, id);
	if (str_eq(act, "read-only")) {
		er = !auth_can(auth_of(r), CTR_P_TENANTS_LIFECYCLE) ?
		    souk_why_set(&why, SOUK_FORBIDDEN, NULL, role.msg) :
		    ctr_tenant_read_only(
		    app_db(r->app), r->a, &who, id, str_eq(req_param(r,
		    "read_only"), "1"), req_param(r, "reason"), &why);
		return after(r, id, er, "The read-only mode did not "
		    "change", &why, "Done.");
	}
	if (!auth_can(auth_of(r), str_eq(act, "feature") ?
	    CTR_P_PLANS_WRITE : CTR_P_TENANTS_WRITE))
		return after(r, id, SOUK_FORBIDDEN, "That was not done",
		    &role, NULL);
	if (str_eq(act, "resync")) {
		er = ctr_tenant_resync(app_db(r->app), r->a, &who, id, &why);
		return after(r, id, er, "Nothing was sent", &why,
		    "Everything is being sent again.");
	}
	if (str_eq(act, "settings"))
		return act_settings(r, &who, id);
	if (str_eq(act, "domains") || str_eq(act, "domain"))
		return act_domain(r, &who, id, str_eq(act, "domains"));
	if (str_eq(act, "feature"))
		return act_feature(r, &who, id);
	return SOUK_NOTFOUND;
}

enum souk_err
ctr_page_approval(struct req *r)
{
	struct ctr_actor	 who;
	struct souk_why		 why;
	int64_t			 tenant = 0;
	int			 yes = str_eq(req_param(r, "decision"), "approve");
	enum souk_err		 er;

	if (!yes && !str_eq(req_param(r, "decision"), "reject")) {
		r->detail = "decision must be approve or reject.";
		return SOUK_INVALID;
	}
	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	er = ctr_approval_decide(app_db(r->app), r->a, &who,
	    req_path_i64(r, "id"), yes, &why, &tenant);
	if (tenant == 0)
		return er != SOUK_OK ? er : SOUK_NOTFOUND;
	return after(r, tenant, er, "The request was not decided", &why,
	    yes ? "The tenant is terminated: its data is exported, then "
	    "erased." : "The termination is rejected.");
}

enum souk_err
ctr_page_tenant_export(struct req *r)
{
	return ctr_tenant_export_send(r, req_path_i64(r, "id"),
	    req_path(r, "part"));
}
