/*
 * A tenant's effective features (seed §9.2).  Center pushes them (PUT
 * /internal/api/tenants/{id}/features) and the tenant side pulls them
 * when its cached copy has expired: GET with If-None-Match, so an
 * unchanged set costs Center a 304.  With Center unreachable the copy
 * in the shop database stands.
 */
#include <string.h>

#include <json-c/json.h>

#include "net/net.h"
#include "shop/shop.h"

#define FEATURES_TTL	60	/* seconds a cached set is trusted */

static const char *
features_key(struct arena *a, int64_t tenant)
{
	return arena_printf(a, "souk:v1:t:%lld:features", (long long)tenant);
}

void
shop_features_cache(struct cache *c, struct arena *a, int64_t tenant,
    const char *features)
{
	const char	*key = features_key(a, tenant);

	if (key != NULL && features != NULL)
		cache_set(c, key, features, strlen(features), FEATURES_TTL);
}

/* Center's answer to a pull: 200 (new set stored), 304, or an error. */
static const char *
features_pull(const struct conf *c, struct db *db, struct arena *a,
    int64_t tenant, const char *etag)
{
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	struct json_object	*o, *f;
	const char		*plan, *json = NULL, *tag;

	if (*c->center_url == '\0' || httpc_shared() == NULL)
		return NULL;
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = arena_printf(a, "%s/internal/api/tenants/%lld/features",
	    c->center_url, (long long)tenant);
	rq.tenant = arena_printf(a, "%lld", (long long)tenant);
	rq.api_key = c->tenant_app_api_key;
	rq.secret = c->tenant_app_api_secret;
	rq.timeout_ms = 2000;
	rq.max_attempts = 1;
	rq.if_none_match = etag;	/* signed, hence not in headers */
	if (rq.url == NULL || rq.tenant == NULL ||
	    httpc_do(httpc_shared(), a, &rq, &rs) != SOUK_OK ||
	    rs.status != 200 || (o = json_tokener_parse(rs.body)) == NULL)
		return NULL;
	plan = shop_json_str(a, o, "plan");
	tag = shop_json_str(a, o, "etag");
	if (json_object_object_get_ex(o, "features", &f) &&
	    json_object_is_type(f, json_type_object) && plan != NULL &&
	    tag != NULL) {
		json = arena_strdup(a, json_object_to_json_string_ext(f,
		    JSON_C_TO_STRING_PLAIN));
		if (json != NULL && shop_tenant_set_features(db, a, tenant,
		    plan, json, tag) != SOUK_OK)
			log_msg(LOG_WARN, "features of tenant %lld not stored",
			    (long long)tenant);
	}
	json_object_put(o);
	return json;
}

const char *
shop_features(const struct conf *c, struct db *db, struct cache *mc,
    struct arena *a, int64_t tenant)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	const char	*key = features_key(a, tenant), *f, *pulled;

	if (key == NULL)
		return NULL;
	if ((f = cache_get(mc, a, key, NULL)) != NULL)
		return f;
	if (db_exec(db, a, SQL_TENANT_FEATURES_GET, &arg, 1, &res) !=
	    SOUK_OK || res.nrows != 1)
		return NULL;
	f = db_cell(&res, 0, 0);
	if ((pulled = features_pull(c, db, a, tenant, db_cell(&res, 0, 1))) !=
	    NULL)
		f = pulled;
	if (f != NULL)
		cache_add(mc, key, f, strlen(f), FEATURES_TTL);
	return f;
}

static struct json_object *
feature(const char *features, const char *code, struct json_object **root)
{
	struct json_object	*v = NULL;

	*root = features != NULL ? json_tokener_parse(features) : NULL;
	if (*root != NULL && !json_object_object_get_ex(*root, code, &v))
		v = NULL;
	return v;
}

int
shop_feature_on(const char *features, const char *code)
{
	struct json_object	*root, *v = feature(features, code, &root);
	int			 on;

	on = v != NULL && json_object_is_type(v, json_type_boolean) &&
	    json_object_get_boolean(v);
	json_object_put(root);
	return on;
}

int64_t
shop_feature_limit(const char *features, const char *code)
{
	struct json_object	*root, *v = feature(features, code, &root);
	int64_t			 n = 0;

	if (v != NULL && json_object_is_type(v, json_type_int))
		n = json_object_get_int64(v);
	json_object_put(root);
	return n;
}
