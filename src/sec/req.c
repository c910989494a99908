/*
 * The HTTP side of signed calls: reads the headers of a request, runs
 * sec_verify, answers one uniform 401 (the reason goes to the log), and
 * attaches the calling system to the request and its log line.
 */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "sec/sec.h"

static void
call_from_req(const struct req *r, struct sec_call *c)
{
	struct sec_sig_input	*s = &c->sig;

	s->method = r->method_name;
	s->raw_path = r->raw_path;
	s->raw_query = r->query;
	s->tenant = req_header(r, "HTTP_X_TENANT_ID");
	s->api_key = req_header(r, "HTTP_X_API_KEY");
	s->nonce = req_header(r, "HTTP_X_NONCE");
	s->timestamp = req_header(r, "HTTP_X_TIMESTAMP");
	s->body = r->body;
	s->body_len = r->body_len;
	s->content_type = r->content_type;
	s->idempotency_key = req_header(r, "HTTP_IDEMPOTENCY_KEY");
	s->if_none_match = req_header(r, "HTTP_IF_NONE_MATCH");
	c->signature = req_header(r, "HTTP_X_SIGNATURE");
	c->version = req_header(r, "HTTP_X_SIGNATURE_VERSION");
	c->remote_addr = r->remote_addr;
}

static const char *
nz(const char *s)
{
	return s == NULL ? "-" : s;
}

static enum souk_err
refuse(struct req *r, enum souk_err er, const char *why,
    const struct sec_call *c)
{
	log_msg(LOG_WARN, "reqid=%s signed call refused: %s (key %s, from %s)",
	    r->reqid, why, nz(log_field(r->a, c->sig.api_key)),
	    nz(log_field(r->a, r->remote_addr)));
	switch (er) {
	case SOUK_UNAUTHORIZED:
		r->detail = "The request signature could not be verified.";
		break;
	case SOUK_FORBIDDEN:
		r->detail = why;
		break;
	case SOUK_RATELIMIT:
		r->detail = "Too many requests with this key; slow down.";
		break;
	default:
		break;
	}
	return er;
}

enum souk_err
sec_authenticate(struct req *r)
{
	struct sec_verifier	 v;
	struct sec_caller	*who;
	struct sec_call		 c;
	const char		*why = NULL;
	enum souk_err		 er;

	if ((who = arena_alloc(r->a, sizeof(*who))) == NULL)
		return SOUK_ENOMEM;
	memset(&c, 0, sizeof(c));
	call_from_req(r, &c);
	v.db = app_center_db(r->app, sec_key_sql, KEY__MAX);
	v.cache = r->app->cache;
	v.window = r->app->conf.sign_window;
	v.accept_v1 = r->app->conf.accept_signature_v1;
	v.now = time_unix();
	if (v.db == NULL)
		return SOUK_UNAVAILABLE;
	er = sec_verify(&v, r->a, &c, who, &why, &r->retry_after);
	if (er == SOUK_OK && !sec_caller_scope(who, r->route->scope)) {
		er = SOUK_FORBIDDEN;
		why = arena_printf(r->a, "This key lacks the scope %s.",
		    r->route->scope);
	} else if (er == SOUK_FORBIDDEN)
		why = "This key may not act for this tenant.";
	if (er != SOUK_OK)
		return refuse(r, er, why != NULL ? why : "error", &c);
	r->principal = who;
	r->caller = arena_printf(r->a, "%s(%s)", who->public_key, who->owner);
	if (c.sig.tenant != NULL)
		r->tenant_id = strtoll(c.sig.tenant, NULL, 10);
	return SOUK_OK;
}

void
sec_started(struct app *app)
{
	char	 err[256];

	if (sec_keys_init(&app->conf, err, sizeof(err)) == -1)
		fatal("%s", err);
	log_msg(LOG_INFO, "keys: master %s, seal %s, totp %s, session %s",
	    *app->conf.master_key != '\0' ? "yes" : "no",
	    sec_key_have(SEC_KEY_SEAL) ? "yes" : "no",
	    sec_key_have(SEC_KEY_TOTP) ? "yes" : "no",
	    sec_key_have(SEC_KEY_SESSION) ? "yes" : "no");
}
