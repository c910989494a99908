/*
 * The notification API of souk-services.fcgi: every route is a signed
 * call (ROUTE_SIGNED) for the tenant named in x-tenant-id.
 */
#include <string.h>

#include "i18n/fmt.h"
#include "services/api.h"
#include "sec/sec.h"

#define IDEM_MAX	128

static int
code_ok(const char *s)
{
	size_t	 n;

	for (n = 0; s != NULL && s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_'))
			return 0;
	return n >= 1 && n <= 64;
}

/* "en", "fr-CA", "zh-Hant": a language and an optional region/script. */
static int
locale_ok(const char *s)
{
	size_t	 n = 0, m = 0;

	if (s == NULL)
		return 0;
	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return 0;
	if (s[n] == '\0')
		return 1;
	if (s[n] != '-')
		return 0;
	for (s += n + 1; (s[m] >= 'a' && s[m] <= 'z') || (s[m] >= 'A' &&
	    s[m] <= 'Z') || (s[m] >= '0' && s[m] <= '9'); m++)
		;
	return s[m] == '\0' && m >= 2 && m <= 8;
}

/* E.164: '+', then 7 to 15 digits, the first not 0. */
static int
phone_ok(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (n = 1; s[n] >= '0' && s[n] <= '9'; n++)
		;
	return s[n] == '\0' && n >= 8 && n <= 16;
}

static int
idem_ok(const char *s)
{
	size_t	 n;

	for (n = 0; s != NULL && s[n] != '\0'; n++)
		if (s[n] <= ' ' || s[n] >= 0x7f)
			return 0;
	return n >= 1 && n <= IDEM_MAX;
}

static enum souk_err
need_tenant(struct req *r)
{
	if (r->tenant_id > 0)
		return SOUK_OK;
	r->detail = "The x-tenant-id header is required.";
	return SOUK_INVALID;
}

/* Fields of a send request; every problem is reported at once. */
static enum souk_err
send_fields(struct req *r, enum svc_channel ch, struct svc_request *rq)
{
	struct json_object	*data = NULL;
	enum souk_err		 er = SOUK_OK;

	rq->idempotency_key = req_header(r, "HTTP_IDEMPOTENCY_KEY");
	rq->to = req_json_str(r, "to");
	rq->template = req_json_str(r, "template");
	rq->locale = req_json_str(r, "locale");
	if (rq->locale == NULL && !json_object_object_get_ex(r->json,
	    "locale", NULL))
		rq->locale = "en";
	if (!idem_ok(rq->idempotency_key))
		er = req_field_error(r, "Idempotency-Key", "required: 1 to 128 "
		    "visible ASCII characters, the same for a retry");
	if (ch == SVC_EMAIL && (rq->to == NULL ||
	    !valid_check(VALID_EMAIL, rq->to, 0, 0)))
		er = req_field_error(r, "to", "must be an e-mail address");
	if (ch == SVC_SMS && !phone_ok(rq->to))
		er = req_field_error(r, "to", "must be a phone number in "
		    "E.164 form, e.g. +15551234567");
	if (!code_ok(rq->template))
		er = req_field_error(r, "template", "must be a template code "
		    "such as order_confirmation");
	if (!locale_ok(rq->locale) || !fmt_locale_ok(rq->locale))
		er = req_field_error(r, "locale", "must be a locale such as en "
		    "or fr-CA");
	if (json_object_object_get_ex(r->json, "data", &data) &&
	    !json_object_is_type(data, json_type_object))
		er = req_field_error(r, "data", "must be an object");
	rq->data = data;
	return er;
}

/* The shop must be known and active, and within its sending rate. */
static enum souk_err
send_allowed(struct req *r, struct db *db, struct svc_tenant *t)
{
	const char	*prefix;
	enum souk_err	 er;

	if ((er = svc_tenant_get(db, r->a, r->tenant_id, t)) == SOUK_NOTFOUND)
		r->detail = "No such shop.";
	if (er != SOUK_OK)
		return er;
	if (!str_eq(t->state, "active")) {
		r->detail = "The shop is not active; nothing is sent for it.";
		return SOUK_FORBIDDEN;
	}
	prefix = arena_printf(r->a, "souk:v1:t:%lld:rate:notify",
	    (long long)t->id);
	if (prefix == NULL)
		return SOUK_ENOMEM;
	if (cache_rate_over(r->app->cache, r->a, prefix, t->sends_per_minute,
	    time_unix(), &r->retry_after)) {
		r->detail = "This shop sends too many messages; try again "
		    "in a minute.";
		return SOUK_RATELIMIT;
	}
	return SOUK_OK;
}

/* The data's size limits: 413 naming "data". */
static enum souk_err
data_fits(struct req *r, struct json_object *data)
{
	struct souk_why	 why = { NULL, NULL };
	enum souk_err	 er;

	if ((er = svc_data_check(data, &why)) == SOUK_OK || why.msg == NULL)
		return er;
	(void)req_field_error(r, why.field, why.msg);
	r->detail = "The data is larger than a notification may carry.";
	return er;
}

/* Render on the message's budget, then queue (once per key). */
static enum souk_err
send_queue(struct req *r, struct db *db, const struct svc_tenant *t,
    const struct svc_request *rq, int64_t *id)
{
	struct tmpl_budget	 b;
	struct svc_message	 m;
	enum souk_err		 er;
	int			 again;

	tmpl_budget_init(&b, SVC_RENDER_NODES, SVC_RENDER_BYTES,
	    r->app->conf.render_cpu_ms);
	er = svc_render(db, r->a, r->app->langs, r->app->nlangs, t, rq, &b,
	    &m);
	if (er == SOUK_NOTFOUND)
		return req_field_error(r, "template", "no such template");
	if (er == SOUK_TOOLARGE)
		r->detail = arena_printf(r->a, "Rendering this message "
		    "stopped: %s. Send less data, or simplify the shop's "
		    "template.", tmpl_over_str(b.over));
	if (er != SOUK_OK)
		return er;
	return svc_enqueue(db, r->a, rq, &m, id, &again);
}

static enum souk_err
send_reply(struct req *r, int64_t id)
{
	struct json_object	*o = json_object_new_object();
	const char		*loc = arena_printf(r->a,
	    "/api/v1/notifications/%lld", (long long)id);

	if (o == NULL || loc == NULL) {
		json_object_put(o);
		return SOUK_ENOMEM;
	}
	resp_header(r, "Location", loc);
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "status", json_object_new_string("queued"));
	return resp_json(r, 202, o);
}

enum souk_err
svc_api_send(struct req *r)
{
	const enum svc_channel	*chp = route_arg(r), ch = *chp;
	const struct sec_caller	*who = r->principal;
	struct svc_request	 rq;
	struct svc_tenant	 t;
	struct db		*db;
	enum souk_err		 er;
	int64_t			 id;

	memset(&rq, 0, sizeof(rq));
	rq.channel = ch;
	rq.tenant_id = r->tenant_id;
	rq.caller = who->public_key;
	if ((er = need_tenant(r)) != SOUK_OK || (er = req_json_object(r)) !=
	    SOUK_OK || (er = send_fields(r, ch, &rq)) != SOUK_OK ||
	    (er = data_fits(r, rq.data)) != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	if ((rq.request_hash = sec_sha256_hex(r->a, r->body, r->body_len)) ==
	    NULL)
		return SOUK_ENOMEM;
	/* a retry gets its first answer, whatever changed since */
	if ((er = svc_lookup(db, r->a, &rq, &id)) == SOUK_NOTFOUND &&
	    (er = send_allowed(r, db, &t)) == SOUK_OK)
		er = send_queue(r, db, &t, &rq, &id);
	if (er == SOUK_CONFLICT)
		r->detail = "This Idempotency-Key was already used for a "
		    "different request.";
	return er == SOUK_OK ? send_reply(r, id) : er;
}

enum souk_err
svc_api_notification(struct req *r)
{
	struct json_object	*o;
	struct db		*db;
	enum souk_err		 er;

	if ((er = need_tenant(r)) != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = svc_notification_json(db, r->a, r->tenant_id,
	    req_path_i64(r, "id"), &o)) != SOUK_OK)
		return er;
	return resp_json(r, 200, o);
}

/* The template named by the path: channel, code, locale. */
static enum souk_err
template_path(struct req *r, enum svc_channel *ch, const char **code,
    const char **locale)
{
	const char	*c = req_path(r, "channel");

	*code = req_path(r, "code");
	*locale = req_path(r, "locale");
	if (str_eq(c, "email"))
		*ch = SVC_EMAIL;
	else if (str_eq(c, "sms"))
		*ch = SVC_SMS;
	else
		return SOUK_NOTFOUND;
	return code_ok(*code) && locale_ok(*locale) ? SOUK_OK : SOUK_NOTFOUND;
}

enum souk_err
svc_api_template_put(struct req *r)
{
	const char	*code, *locale, *subject, *html, *text;
	enum svc_channel ch;
	struct db	*db;
	enum souk_err	 er;
	char		 why[256];

	if ((er = need_tenant(r)) != SOUK_OK || (er = template_path(r, &ch,
	    &code, &locale)) != SOUK_OK || (er = req_json_object(r)) != SOUK_OK)
		return er;
	if (svc_template_locked(code)) {
		r->detail = "Security messages (password resets, address "
		    "checks, invitations) are sent with the platform's text "
		    "only.";
		return req_field_error(r, "code", "is a security message: a "
		    "shop cannot replace its text");
	}
	subject = req_json_str(r, "subject");
	html = req_json_str(r, "html");
	text = req_json_str(r, "text");
	if (text == NULL || *text == '\0')
		er = req_field_error(r, "text", "required");
	if (ch == SVC_EMAIL && (subject == NULL || *subject == '\0'))
		er = req_field_error(r, "subject", "required for e-mail");
	if (ch == SVC_EMAIL && (html == NULL || *html == '\0'))
		er = req_field_error(r, "html", "required for e-mail");
	if (er != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	er = svc_template_put(db, r->a, r->tenant_id, ch, code, locale,
	    ch == SVC_SMS ? "" : subject, ch == SVC_SMS || html == NULL ? "" : html, text,
	    why, sizeof(why));
	if (er == SOUK_INVALID)
		r->detail = arena_strdup(r->a, why);
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
svc_api_template_delete(struct req *r)
{
	const char	*code, *locale;
	enum svc_channel ch;
	struct db	*db;
	enum souk_err	 er;

	if ((er = need_tenant(r)) != SOUK_OK || (er = template_path(r, &ch,
	    &code, &locale)) != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = svc_template_delete(db, r->a, r->tenant_id, ch, code,
	    locale)) != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
svc_api_tenant_put(struct req *r)
{
	static const char *const states[] = { "draft", "provisioning",
	    "active", "suspended", "terminated" };
	const char	*slug = req_json_str(r, "slug");
	const char	*name = req_json_str(r, "name");
	const char	*state = req_json_str(r, "state");
	const char	*from = req_json_str(r, "mail_from");
	int64_t		 id = req_path_i64(r, "id");
	size_t		 i;
	enum souk_err	 er;

	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	if (!str_eq(((const struct sec_caller *)r->principal)->kind,
	    "center")) {
		r->detail = "Only Center Control's key may call this API.";
		return SOUK_FORBIDDEN;
	}
	if (id != r->tenant_id) {
		r->detail = "x-tenant-id must name the tenant of the path.";
		return SOUK_FORBIDDEN;
	}
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (str_eq(state, states[i]))
			break;
	if (slug == NULL || !valid_check(VALID_SLUG, slug, 0, 0) ||
	    name == NULL || !valid_check(VALID_LINE, name, 1, 255) ||
	    i == sizeof(states) / sizeof(states[0])) {
		r->detail = "slug, name and state (a lifecycle state) are "
		    "required.";
		return SOUK_INVALID;
	}
	if (from != NULL && *from != '\0' && !valid_check(VALID_EMAIL, from,
	    0, 254))
		return req_field_error(r, "mail_from", "mail_from: an e-mail "
		    "address, or empty for this service's own sender");
	if ((er = svc_tenant_put(app_db(r->app), r->a, id, slug, name,
	    state, from)) != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}
