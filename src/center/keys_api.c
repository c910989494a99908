/*
 * API keys of external systems (seed §10.4: ERP, CRM, ITSM), managed in
 * Center: created with scopes such as tenants:read and tenants:write,
 * rotated (the old secret stays valid a few days) and revoked.  A
 * secret is shown once.  Every change is audited.
 */
#include <string.h>

#include "center/api.h"

/* Scopes an external system may hold. */
static const char *const external_scopes = "tenants:read,tenants:write";

static struct db *
keys_db(struct req *r)
{
	return app_center_db(r->app, sec_key_sql, KEY__MAX);
}

static enum souk_err
key_audit(struct req *r, const struct ctr_actor *who, const char *action,
    const char *pk, const char *after)
{
	struct ctr_audit	 e = { action, NULL, 0, NULL, after };

	e.target = arena_printf(r->a, "key:%s", pk);
	return ctr_audit(app_db(r->app), r->a, who, &e);
}

enum souk_err
ctr_api_keys(struct req *r)
{
	static const char *const cols[] = { "api_key", "owner", "kind",
	    "tenants", "scopes", "status", "created_at", "expires_at",
	    "deprecated_until", "last_used_at", "allowed_ips", "rate_limit" };
	struct ctr_actor	 who;
	enum souk_err		 er;

	if ((er = ctr_principal(r, "keys.manage", &who)) != SOUK_OK)
		return er;
	return ctr_api_list(r, keys_db(r), "keys", KEY_LIST, NULL, 0, cols,
	    12);
}

enum souk_err
ctr_key_create(struct req *r, const struct ctr_actor *who, const char *owner,
    const char *scopes, const char *tenants, const char *ips, int rate,
    int days, struct ctr_key_out *out, const char **why)
{
	struct sec_key_new	 k;
	struct sec_key_created	 c;
	struct db		*db;
	enum souk_err		 er;

	memset(&k, 0, sizeof(k));
	k.owner = owner;
	k.kind = "external";
	k.tenants = tenants;
	k.scopes = scopes;
	k.ips = ips;
	k.rate_limit = rate;
	k.expires_days = days;
	if (scopes == NULL || *scopes == '\0' || !ctr_csv_within(scopes,
	    external_scopes)) {
		*why = "scopes: one or more of tenants:read, tenants:write";
		return SOUK_INVALID;
	}
	if (owner == NULL || tenants == NULL || ips == NULL ||
	    !sec_key_new_ok(&k)) {
		*why = "owner (letters, digits, . _ - and spaces, at most 64), "
		    "tenants (\"all\" or ids), allowed_ips (addresses or "
		    "CIDRs), rate_limit (> 0) and expires_days (>= 0) must be "
		    "well-formed";
		return SOUK_INVALID;
	}
	if ((db = keys_db(r)) == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = sec_key_create(db, r->a, r->app->conf.master_key, &k,
	    &c)) != SOUK_OK)
		return er;
	out->public_key = c.public_key;
	out->secret = c.secret;
	(void)key_audit(r, who, "key.create", c.public_key, ctr_kv_json(r->a,
	    "owner", owner, "scopes", scopes));
	return SOUK_OK;
}

enum souk_err
ctr_key_act(struct req *r, const struct ctr_actor *who, const char *pk,
    const char *act, struct ctr_key_out *out)
{
	struct sec_key_created	 c;
	struct db_res		 res;
	struct db		*db;
	enum souk_err		 er;

	memset(out, 0, sizeof(*out));
	if ((db = keys_db(r)) == NULL)
		return SOUK_UNAVAILABLE;
	/* the programs' own keys are rotated with soukctl, not here */
	if ((er = db_exec(db, r->a, KEY_GET, (struct db_arg[]){ DB_S(pk) }, 1,
	    &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1 || !str_eq(db_cell(&res, 0, 3), "external"))
		return SOUK_NOTFOUND;
	if (str_eq(act, "revoke")) {
		if ((er = sec_key_revoke(db, r->a, pk)) != SOUK_OK)
			return er;
		sec_key_uncache(r->app->cache, r->a, pk, 1);
		return key_audit(r, who, "key.revoke", pk, NULL);
	}
	if (!str_eq(act, "rotate"))
		return SOUK_NOTFOUND;
	if ((er = sec_key_rotate(db, r->a, r->app->conf.master_key, pk, 7,
	    &c)) != SOUK_OK)
		return er;
	sec_key_uncache(r->app->cache, r->a, pk, 0);
	out->public_key = c.public_key;
	out->secret = c.secret;
	return key_audit(r, who, "key.rotate", pk, ctr_kv_json(r->a,
	    "new_key", c.public_key, NULL, NULL));
}

enum souk_err
ctr_api_key_create(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_key_out	 out;
	struct json_object	*v, *o;
	const char		*scopes = NULL, *tenants = "all", *ips = "";
	const char		*why = NULL;
	int			 rate = 600, days = 0;
	enum souk_err		 er;

	if ((er = ctr_principal(r, "keys.manage", &who)) != SOUK_OK)
		return er;
	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	if (json_object_object_get_ex(r->json, "scopes", &v))
		scopes = ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "tenants", &v))
		tenants = json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "allowed_ips", &v))
		ips = ctr_json_csv(r, v);
	if (json_object_object_get_ex(r->json, "rate_limit", &v))
		rate = json_object_get_int(v);
	if (json_object_object_get_ex(r->json, "expires_days", &v))
		days = json_object_get_int(v);
	er = ctr_key_create(r, &who, req_json_str(r, "owner"), scopes, tenants,
	    ips, rate, days, &out, &why);
	if (er == SOUK_INVALID && str_has_prefix(why, "scopes"))
		return req_field_error(r, "scopes", why);
	r->detail = why;
	if (er != SOUK_OK)
		return er;
	o = json_object_new_object();
	json_object_object_add(o, "api_key", json_str(out.public_key));
	json_object_object_add(o, "secret", json_str(out.secret));
	json_object_object_add(o, "owner", json_str(req_json_str(r, "owner")));
	json_object_object_add(o, "scopes", json_str_list(scopes));
	json_object_object_add(o, "tenants", json_str(tenants));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

/* POST /api/v1/keys/{key}/revoke or /rotate. */
enum souk_err
ctr_api_key_act(struct req *r)
{
	struct ctr_actor	 who;
	struct ctr_key_out	 out;
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = ctr_principal(r, "keys.manage", &who)) != SOUK_OK ||
	    (er = ctr_key_act(r, &who, req_path(r, "key"), req_path(r,
	    "action"), &out)) != SOUK_OK)
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
	const char		*field, *why;
	enum souk_err		 er;

	if ((er = ctr_principal(r, r->method == HTTP_GET ? "tenants.read" :
	    "settings.write", &who)) != SOUK_OK)
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
		er = ctr_settings_set(app_db(r->app), r->a, &r->app->conf,
		    &who, &in, &field, &why);
		if (er == SOUK_INVALID)
			return req_field_error(r, field, why);
		if (er != SOUK_OK)
			return er;
	}
	if ((er = ctr_settings_get(app_db(r->app), r->a, &r->app->conf, &s)) !=
	    SOUK_OK)
		return er;
	o = settings_json(&s);
	json_object_object_add(o, "base_domain", json_str(
	    r->app->conf.base_domain));
	return resp_json(r, 200, o);
}
