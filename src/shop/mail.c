/*
 * Mail to a shop's people through the notification service: a signed
 * call (the tenant-app key) that queues a platform template.  Used by
 * the tenant programs and by soukctl; never inside a transaction.
 */
#include <string.h>

#include <json-c/json.h>

#include "net/net.h"
#include "sec/sec.h"
#include "shop/shop.h"

static struct json_object *
str_or_empty(const char *s)
{
	return json_object_new_string(s != NULL ? s : "");
}

enum souk_err
shop_mail(const struct conf *c, struct arena *a, int64_t tenant,
    const char *locale, const char *to, const char *template,
    struct json_object *data)
{
	struct json_object	*o = json_object_new_object();
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	enum souk_err		 er = SOUK_ENOMEM;

	if (o == NULL || data == NULL || httpc_shared() == NULL)
		goto out;
	json_object_object_add(o, "to", str_or_empty(to));
	json_object_object_add(o, "template", str_or_empty(template));
	json_object_object_add(o, "locale", str_or_empty(locale));
	json_object_object_add(o, "data", json_object_get(data));
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = arena_printf(a, "%s/api/v1/notifications/email",
	    c->services_url);
	rq.tenant = arena_printf(a, "%lld", (long long)tenant);
	rq.api_key = c->tenant_app_api_key;
	rq.secret = c->tenant_app_api_secret;
	rq.body = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	rq.idempotency_key = sec_random_hex(a, "", 16);
	rq.timeout_ms = 5000;
	if (rq.url == NULL || rq.tenant == NULL || rq.body == NULL ||
	    rq.idempotency_key == NULL)
		goto out;
	rq.body_len = strlen(rq.body);
	if ((er = httpc_do(httpc_shared(), a, &rq, &rs)) == SOUK_OK)
		er = httpc_status_err(rs.status);
	if (er != SOUK_OK) {
		log_msg(LOG_ERR, "%s mail for tenant %lld not accepted: %s "
		    "(HTTP %d)", template, (long long)tenant,
		    souk_strerror(er), rs.status);
		er = SOUK_UPSTREAM;
	}
out:
	json_object_put(o);
	return er;
}

const char *
shop_public_url(const struct conf *c, struct arena *a, const char *slug)
{
	if (*c->shop_url_port != '\0')
		return arena_printf(a, "%s://%s.%s:%s", c->shop_url_scheme,
		    slug, c->base_domain, c->shop_url_port);
	return arena_printf(a, "%s://%s.%s", c->shop_url_scheme, slug,
	    c->base_domain);
}

enum souk_err
shop_invite_mail(const struct conf *c, struct arena *a,
    const struct shop_tenant *t, const char *base, const char *token,
    const char *email, const char *role, const char *inviter)
{
	struct json_object	*d;
	const char		*url;
	enum souk_err		 er;

	if ((url = arena_printf(a, "%s/admin/invite?token=%s", base,
	    token)) == NULL || (d = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "invite_url", json_object_new_string(url));
	json_object_object_add(d, "customer_name", json_object_new_string(""));
	/* auth's AUTH_INVITE_TTL_S; a number, for each language's plural */
	json_object_object_add(d, "expires_days", json_object_new_int(7));
	json_object_object_add(d, "role", str_or_empty(role));
	json_object_object_add(d, "inviter_name", str_or_empty(inviter));
	er = shop_mail(c, a, t->id, t->locale, email, "staff_invitation", d);
	json_object_put(d);
	return er;
}
