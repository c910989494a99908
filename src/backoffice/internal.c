/*
 * The tenant side's internal API (seed §9.1), called by Center Control
 * with its signed key: every route is ROUTE_SIGNED with the scope
 * tenants:write (tenants:read for the export), for the tenant named in
 * both the path and x-tenant-id.  Each answer is safe to ask for again.
 */
#include <string.h>

#include "backoffice/backoffice.h"

static const char *const states[] = { "draft", "provisioning", "active",
	"suspended", "terminated" };

static int
state_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(s, states[i]) == 0)
			return 1;
	return 0;
}

/* Only Center's own key instructs the tenant side. */
static enum souk_err
from_center(struct req *r)
{
	const struct sec_caller	*k = r->principal;

	if (k != NULL && str_eq(k->kind, "center"))
		return SOUK_OK;
	r->detail = "Only Center Control's key may call this API.";
	return SOUK_FORBIDDEN;
}

/* The tenant of the path, which must be the one the call is signed for. */
static enum souk_err
path_tenant(struct req *r, int64_t *id)
{
	enum souk_err	 er;

	if ((er = from_center(r)) != SOUK_OK)
		return er;
	*id = req_path_i64(r, "id");
	if (*id != r->tenant_id) {
		r->detail = "x-tenant-id must name the tenant of the path.";
		return SOUK_FORBIDDEN;
	}
	if (r->json != NULL && !json_object_is_type(r->json,
	    json_type_object)) {
		r->detail = "The body must be a JSON object.";
		return SOUK_INVALID;
	}
	return SOUK_OK;
}

/* A comma-separated list from a JSON array of strings (NULL: absent). */
static const char *
json_csv(struct req *r, const char *name)
{
	struct json_object	*v, *e;
	struct buf		 b;
	size_t			 i, n;

	if (r->json == NULL || !json_object_object_get_ex(r->json, name, &v) ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	buf_init(&b, r->a, 64);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_string))
			continue;
		buf_printf(&b, "%s%s", b.len > 0 ? "," : "",
		    json_object_get_string(e));
	}
	return !buf_ok(&b) ? NULL : b.len == 0 ? "" : b.data;
}

static enum souk_err
doc_domains(struct req *r, struct shop_tenant_doc *d)
{
	struct json_object	*v, *e;
	size_t			 i;

	if (!json_object_object_get_ex(r->json, "domains", &v))
		return SOUK_OK;
	if (!json_object_is_type(v, json_type_array))
		return req_field_error(r, "domains", "must be an array");
	d->has_domains = 1;
	d->ndomains = json_object_array_length(v);
	if ((d->domains = arena_alloc(r->a, (d->ndomains + 1) *
	    sizeof(*d->domains))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < d->ndomains; i++) {
		struct shop_domain_doc *dm = &d->domains[i];
		struct json_object *p;

		e = json_object_array_get_idx(v, i);
		dm->host = shop_json_str(r->a, e, "host");
		dm->status = shop_json_str(r->a, e, "status");
		dm->token = shop_json_str(r->a, e, "token");
		dm->primary = json_object_object_get_ex(e, "primary", &p) &&
		    json_object_get_boolean(p);
		if (dm->host == NULL || !valid_check(VALID_HOST, dm->host, 0,
		    0) || (!str_eq(dm->status, "pending") &&
		    !str_eq(dm->status, "verified")))
			return req_field_error(r, "domains", "each needs a host "
			    "and a status (pending or verified)");
	}
	return SOUK_OK;
}

/* Field errors for what ICU does not know (Center checks the same). */
static enum souk_err
doc_i18n_bad(struct req *r, const struct shop_tenant_doc *d)
{
	if (d->locale != NULL && !fmt_locale_ok(d->locale))
		(void)req_field_error(r, "locale", "a locale ICU knows");
	if (d->currency != NULL && !fmt_currency_ok(d->currency))
		(void)req_field_error(r, "currency", "an ISO 4217 currency "
		    "in use today");
	if (d->time_zone != NULL && !fmt_zone_ok(d->time_zone))
		(void)req_field_error(r, "time_zone", "an IANA time zone");
	return SOUK_INVALID;
}

static enum souk_err
doc_read(struct req *r, int64_t id, struct shop_tenant_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = id;
	if (req_json_object(r) != SOUK_OK)
		return SOUK_INVALID;
	d->slug = req_json_str(r, "slug");
	d->name = req_json_str(r, "name");
	d->plan = req_json_str(r, "plan");
	d->locale = req_json_str(r, "locale");
	d->currency = req_json_str(r, "currency");
	d->time_zone = req_json_str(r, "time_zone");
	d->theme_color = req_json_str(r, "theme_color");
	d->payment_methods = json_csv(r, "payment_methods");
	d->shipping_methods = json_csv(r, "shipping_methods");
	if ((d->locale != NULL && !fmt_locale_ok(d->locale)) ||
	    (d->currency != NULL && !fmt_currency_ok(d->currency)) ||
	    (d->time_zone != NULL && !fmt_zone_ok(d->time_zone)))
		return doc_i18n_bad(r, d);
	return doc_domains(r, d);
}

/*
 * After a committed change: the tenant's hosts are looked up afresh.
 * The change stands whatever happens here (the old records are gone
 * first, so a failure leaves misses, not stale records): logged only.
 */
static void
recache(struct req *r, int64_t id, const char **old, size_t nold)
{
	struct shop_tenant	 t;
	size_t			 i;
	enum souk_err		 er;

	for (i = 0; i < nold; i++)
		cache_del(r->app->cache, shop_tenant_cache_key(r->a, old[i]));
	if ((er = shop_tenant_get(app_db(r->app), r->a, id, &t, NULL)) ==
	    SOUK_OK)
		er = shop_tenant_recache(app_db(r->app), r->app->cache, r->a,
		    id, t.slug, r->app->conf.base_domain);
	if (er != SOUK_OK)
		log_msg(LOG_ERR, "reqid=%s tenant %lld: its host records are "
		    "not refreshed: %s%s%s", r->reqid, (long long)id,
		    souk_strerror(er), er == SOUK_DB ? ": " : "", er ==
		    SOUK_DB ? db_error(app_db(r->app)) : "");
}

static enum souk_err
tenant_answer(struct req *r, int status, int64_t id)
{
	struct shop_tenant	 t;
	struct json_object	*o;
	const char		*plan;
	enum souk_err		 er;

	if ((er = shop_tenant_get(app_db(r->app), r->a, id, &t, &plan)) !=
	    SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "slug", json_str(t.slug));
	json_object_object_add(o, "state", json_str(t.state));
	json_object_object_add(o, "read_only", json_object_new_boolean(
	    t.read_only));
	json_object_object_add(o, "plan", json_str(plan));
	return resp_json(r, status, o);
}

/* PUT features: {"plan": …, "features": {…}, "etag": …}. */
static enum souk_err
features_apply(struct req *r, int64_t id)
{
	struct json_object	*f;
	const char		*plan = req_json_str(r, "plan");
	const char		*etag = req_json_str(r, "etag"), *json;
	enum souk_err		 er;

	if (r->json == NULL || !json_object_object_get_ex(r->json, "features",
	    &f) || !json_object_is_type(f, json_type_object) ||
	    plan == NULL || etag == NULL) {
		r->detail = "plan, features (an object) and etag are required.";
		return SOUK_INVALID;
	}
	json = arena_strdup(r->a, json_object_to_json_string_ext(f,
	    JSON_C_TO_STRING_PLAIN));
	if (json == NULL)
		return SOUK_ENOMEM;
	if ((er = shop_tenant_set_features(app_db(r->app), r->a, id, plan,
	    json, etag)) == SOUK_OK)
		shop_features_cache(r->app->cache, r->a, id, json);
	return er;
}

enum souk_err
bo_internal_create(struct req *r)
{
	struct shop_tenant_doc	 d;
	struct json_object	*v;
	int64_t			 id;
	int			 created;
	enum souk_err		 er;

	if ((er = from_center(r)) != SOUK_OK)
		return er;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "id", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		r->detail = "A JSON object with the tenant's id is required.";
		return SOUK_INVALID;
	}
	id = json_object_get_int64(v);
	if (id != r->tenant_id || id <= 0) {
		r->detail = "x-tenant-id must name the tenant in the body.";
		return SOUK_FORBIDDEN;
	}
	if ((er = doc_read(r, id, &d)) != SOUK_OK)
		return er;
	er = shop_tenant_provision(app_db(r->app), r->a, &d, &created);
	if (er == SOUK_INVALID)
		r->detail = "slug, name, plan, locale, currency, time_zone, "
		    "theme_color, payment_methods and shipping_methods are "
		    "required.";
	if (er == SOUK_CONFLICT)
		r->detail = "Another tenant has this id or slug.";
	if (er == SOUK_OK && json_object_object_get_ex(r->json, "features",
	    NULL))
		er = features_apply(r, id);
	if (er != SOUK_OK)
		return er;
	recache(r, id, NULL, 0);
	return tenant_answer(r, created ? 201 : 200, id);
}

enum souk_err
bo_internal_status(struct req *r)
{
	const char		*state = req_json_str(r, "state");
	struct json_object	*ro;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK)
		return er;
	if (!state_ok(state) || r->json == NULL ||
	    !json_object_object_get_ex(r->json, "read_only", &ro) ||
	    !json_object_is_type(ro, json_type_boolean)) {
		r->detail = "state (draft, provisioning, active, suspended or "
		    "terminated) and read_only (a boolean) are required.";
		return SOUK_INVALID;
	}
	if ((er = shop_tenant_set_status(app_db(r->app), r->a, id, state,
	    json_object_get_boolean(ro))) != SOUK_OK)
		return er;
	recache(r, id, NULL, 0);
	return tenant_answer(r, 200, id);
}

enum souk_err
bo_internal_config(struct req *r)
{
	struct shop_tenant_doc	 d;
	const char		**old;
	size_t			 nold;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK ||
	    (er = doc_read(r, id, &d)) != SOUK_OK ||
	    (er = shop_tenant_hosts(app_db(r->app), r->a, id, &old,
	    &nold)) != SOUK_OK ||
	    (er = shop_tenant_configure(app_db(r->app), r->a, &d)) != SOUK_OK)
		return er;
	recache(r, id, old, nold);
	return tenant_answer(r, 200, id);
}

enum souk_err
bo_internal_features(struct req *r)
{
	int64_t		 id;
	enum souk_err	 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK ||
	    (er = features_apply(r, id)) != SOUK_OK)
		return er;
	return tenant_answer(r, 200, id);
}

/*
 * POST owner-invitation {"email"}: the shop's first owner, invited by
 * mail.  Asked again, an invitation still open is sent again; an
 * account already active is left alone.
 */
enum souk_err
bo_internal_owner(struct req *r)
{
	const char		*email = req_json_str(r, "email"), *token;
	const char		*status;
	struct shop_tenant	 t;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	int64_t			 id, staff;
	enum souk_err		 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK ||
	    (er = shop_tenant_get(app_db(r->app), r->a, id, &t, NULL)) !=
	    SOUK_OK ||
	    (er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	cx.tenant = id;	/* Center's call names the tenant in its path */
	er = auth_member_invite(&cx, email, "", "owner", AUTH_NO_LIMIT, &why,
	    &staff, &token);
	if (er == SOUK_CONFLICT) {
		if ((er = shop_staff_find(cx.db, r->a, id, email, &staff,
		    &status)) != SOUK_OK)
			return er == SOUK_NOTFOUND ? SOUK_CONFLICT : er;
		if (!str_eq(status, "invited"))
			return resp_empty(r, 204);	/* already joined */
		er = auth_link_new(&cx, staff, cx.p->invite_purpose,
		    AUTH_INVITE_TTL_S, &token);
	}
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	if ((er = shop_invite_mail(&r->app->conf, r->a, &t, shop_public_url(
	    &r->app->conf, r->a, t.slug), token, email, "owner",
	    "The Souk platform team")) != SOUK_OK) {
		r->detail = "The notification service did not take the mail.";
		return SOUK_UPSTREAM;
	}
	return resp_empty(r, 202);
}

enum souk_err
bo_internal_export(struct req *r)
{
	struct json_object	*o;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK ||
	    (er = shop_tenant_export(app_db(r->app), r->a, id, &o)) !=
	    SOUK_OK)
		return er;
	return resp_json(r, 200, o);
}

enum souk_err
bo_internal_erase(struct req *r)
{
	const char	**old;
	size_t		 nold;
	int64_t		 id;
	enum souk_err	 er;

	if ((er = path_tenant(r, &id)) != SOUK_OK ||
	    (er = shop_tenant_hosts(app_db(r->app), r->a, id, &old,
	    &nold)) != SOUK_OK)
		return er;
	if ((er = shop_tenant_erase(app_db(r->app), r->a, id)) == SOUK_CONFLICT)
		r->detail = "Only a terminated tenant's data is erased.";
	if (er != SOUK_OK)
		return er;
	recache(r, id, old, nold);
	return resp_empty(r, 204);
}
