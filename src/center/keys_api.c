/*
 * The API of external systems' keys (keys.c: seed §10.4) and of the
 * global settings (settings.c).
 */
#include <string.h>

#include "center/api.h"

static struct db *
keys_db(struct req *r)
{
	return app_center_db(r->app, sec_key_sql, KEY__MAX);
}

enum souk_err
ctr_api_keys(struct req *r)
{
	static const char *const cols[] = { "api_key", "owner", "kind",
	    "tenants", "scopes", "status", "created_at", "expires_at",
	    "deprecated_until", "last_used_at", "allowed_ips", "rate_limit" };
	struct ctr_actor	 who;
	struct json_object	*o;
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_key_list(keys_db(r), r->a, &res)) != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "keys", ctr_api_rows(&res, cols, 12));
	return resp_json(r, 200, o);
}

/* The body of POST /api/v1/keys (defaults: all tenants, any address). */
static void
key_in(struct req *r, struct ctr_key_in *in)
{
	struct json_object	*v;

	memset(in, 0, sizeof(*in));
	in->owner = req_json_str(r, "owner");
	in->tenants = "all";
	in->ips = "";
	in->rate = 600;
	if (json_object_object_get_ex(r->json, "scopes", &v))
		in->scopes = ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "tenants", &v))
		in->tenants = json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "allowed_ips", &v))
		in->ips = ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "rate_limit", &v))
		in->rate = json_object_get_int(v);
	if (json_object_object_get_ex(r->json, "expires_days", &v))
		in->days = json_object_get_int(v);
}

enum souk_err
ctr_api_key_create(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_key_in	 in;
	struct ctr_key_made	 out;
	struct souk_why		 why;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = req_json_object(r)) != SOUK_OK)
		return er;
	key_in(r, &in);
	if ((er = ctr_key_new(keys_db(r), app_db(r->app), r->a, &who, &in,
	    &out, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	o = json_object_new_object();
	json_object_object_add(o, "api_key", json_str(out.public_key));
	json_object_object_add(o, "secret", json_str(out.secret));
	json_object_object_add(o, "owner", json_str(in.owner));
	json_object_object_add(o, "scopes", json_str_list(in.scopes));
	json_object_object_add(o, "tenants", json_str(in.tenants));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

/* POST /api/v1/keys/{key}/revoke or /rotate. */
enum souk_err
ctr_api_key_act(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_key_made	 out;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK ||
	    (er = ctr_key_change(keys_db(r), app_db(r->app), r->app->cache,
	    r->a, &who, req_path(r, "key"),
	    req_path(r, "action"), &out)) != SOUK_OK)
		return er;
	if (out.secret == NULL)
		return resp_empty(r, 204);
	o = json_object_new_object();
	json_object_object_add(o, "api_key", json_str(out.public_key));
	json_object_object_add(o, "secret", json_str(out.secret));
	json_object_object_add(o, "replaces", json_str(req_path(r, "key")));
	json_object_object_add(o, "old_key_valid_days", json_object_new_int(7));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

/* ---- global settings ------------------------------------------------ */

static struct json_object *
settings_json(const struct ctr_settings *s)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "payment_providers", json_str_list(
	    s->payment_providers));
	json_object_object_add(o, "shipping_providers", json_str_list(
	    s->shipping_providers));
	json_object_object_add(o, "mail_from", json_str(s->mail_from));
	json_object_object_add(o, "mail_from_default",
	    json_object_new_boolean(s->mail_from_conf));
	json_object_object_add(o, "base_domain", NULL);
	return o;
}

enum souk_err
ctr_api_settings(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_settings	 s, in;
	struct json_object	*v, *o;
	struct souk_why		 why;
	enum souk_err		 er;

	if ((er = ctr_actor_of(r, &who)) != SOUK_OK)
		return er;
	if (r->method == HTTP_PATCH) {
		if ((er = req_json_object(r)) != SOUK_OK)
			return er;
		memset(&in, 0, sizeof(in));
		if (json_object_object_get_ex(r->json, "payment_providers", &v))
			in.payment_providers = ctr_json_csv(r, v);
		if (json_object_object_get_ex(r->json, "shipping_providers",
		    &v))
			in.shipping_providers = ctr_json_csv(r, v);
		in.mail_from = req_json_str(r, "mail_from");
		if ((er = ctr_settings_set(app_db(r->app), r->a,
		    &r->app->conf, &who, &in, &why)) != SOUK_OK)
			return req_why(r, er, &why);
	}
	if ((er = ctr_settings_get(app_db(r->app), r->a, &r->app->conf, &s)) !=
	    SOUK_OK)
		return er;
	o = settings_json(&s);
	json_object_object_add(o, "base_domain", json_str(
	    r->app->conf.base_domain));
	return resp_json(r, 200, o);
}
