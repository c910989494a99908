/*
 * services: the shared services (souk-services.fcgi, database
 * souk_services).  The first one is notifications (seed §8.8): other
 * programs ask, over signed calls, for an e-mail or an SMS; it is
 * rendered from a template at once, queued, and sent by soukctl worker.
 */
#ifndef SOUK_SERVICES_H
#define SOUK_SERVICES_H

#include <json-c/json.h>

#include "core/core.h"
#include "store/store.h"
#include "tmpl/tmpl.h"

enum svc_sql {
	SVC_TENANT_GET, SVC_TENANT_UPSERT,
	SVC_TMPL_GET, SVC_TMPL_PUT, SVC_TMPL_DELETE,
	SVC_NOTE_INSERT, SVC_NOTE_BY_KEY, SVC_NOTE_GET, SVC_EVENT_INSERT,
	SVC_EVENTS_GET,
	SVC_DUE, SVC_CLAIM, SVC_LOAD, SVC_SENT, SVC_RETRY, SVC_FAIL,
	SVC_EXHAUSTED, SVC__MAX
};
extern const struct db_stmt_def svc_sql[SVC__MAX];

/* Names notification templates may use (platform and shop texts). */
extern const struct tmpl_var svc_vars[];

enum svc_channel { SVC_EMAIL, SVC_SMS };

struct svc_tenant {
	int64_t		 id;
	const char	*slug;
	const char	*name;
	const char	*state;
	int		 sends_per_minute;
};

/* SOUK_NOTFOUND if the services do not know the tenant. */
enum souk_err	 svc_tenant_get(struct db *, struct arena *, int64_t id,
		    struct svc_tenant *);
/*
 * Center (or soukctl) keeps the services' copy of a tenant.  mail_from:
 * NULL keeps the sender, "" puts back the service's own (souk.conf).
 */
enum souk_err	 svc_tenant_put(struct db *, struct arena *, int64_t id,
		    const char *slug, const char *name, const char *state,
		    const char *mail_from);

/* A request to send, as the API validated it. */
struct svc_request {
	enum svc_channel	 channel;
	int64_t			 tenant_id;
	const char		*idempotency_key;
	const char		*request_hash;	/* of the raw body */
	const char		*caller;	/* public key */
	const char		*to;
	const char		*template;	/* code */
	const char		*locale;
	struct json_object	*data;		/* borrowed, may be NULL */
};

/* A message rendered for a shop. */
struct svc_message {
	const char	*subject;	/* e-mail only */
	const char	*html;		/* e-mail only */
	const char	*text;		/* the SMS, or the plain-text part */
};

/*
 * 1 for a security message (password_reset, email_verification,
 * staff_invitation and names kept for others): the platform's text only.
 */
int		 svc_template_locked(const char *code);
/*
 * A send's data within its limits: at most 64 KiB as JSON, arrays of
 * at most 1,000 elements, 6 levels deep.  SOUK_TOOLARGE and why if not.
 */
enum souk_err	 svc_data_check(struct json_object *data, struct souk_why *);

/* What rendering one message may spend, besides souk.conf's CPU time. */
#define SVC_RENDER_NODES	200000
#define SVC_RENDER_BYTES	(2 * 1024 * 1024)

/*
 * Render the template for the tenant: its own text for the locale, else
 * the platform's in that language (langs: the compiled sets of the
 * languages shipped), trying "fr-CA", then "fr", then "en"; a security
 * message always the platform's.  All parts spend budget b.
 * SOUK_NOTFOUND if no such template exists at all, SOUK_TOOLARGE past
 * the budget (b->over says which limit).
 */
enum souk_err	 svc_render(struct db *, struct arena *,
		    const struct tmpl_lang *langs, size_t nlangs,
		    const struct svc_tenant *,
		    const struct svc_request *, struct tmpl_budget *b,
		    struct svc_message *);
/*
 * The notification already queued under the request's idempotency key:
 * SOUK_OK (*id set) for the same request, SOUK_CONFLICT for another one,
 * SOUK_NOTFOUND if the key is new.
 */
enum souk_err	 svc_lookup(struct db *, struct arena *,
		    const struct svc_request *, int64_t *id);
/*
 * Queue a rendered message, once per idempotency key: *id is the new
 * notification's, or the earlier one's (*again = 1).  SOUK_CONFLICT if
 * the key was used for a different request.
 */
enum souk_err	 svc_enqueue(struct db *, struct arena *,
		    const struct svc_request *, const struct svc_message *,
		    int64_t *id, int *again);
/* The notification and its delivery log as JSON (caller owns it). */
enum souk_err	 svc_notification_json(struct db *, struct arena *,
		    int64_t tenant, int64_t id, struct json_object **out);
/*
 * Check and store a shop's own texts (SOUK_INVALID + why if bad, or if
 * code is a security message's).
 */
enum souk_err	 svc_template_put(struct db *, struct arena *, int64_t tenant,
		    enum svc_channel, const char *code, const char *locale,
		    const char *subject, const char *html, const char *text,
		    char *why, size_t whylen);
enum souk_err	 svc_template_delete(struct db *, struct arena *,
		    int64_t tenant, enum svc_channel, const char *code,
		    const char *locale);
const char	*svc_channel_name(enum svc_channel);

/* ---- sending (send.c: soukctl worker) ------------------------------ */

struct httpc;

struct svc_sender {
	struct db		*db;	/* souk_services */
	struct httpc		*http;
	const struct conf	*conf;
	int			 max_attempts;	/* then failed */
	int			 backoff_s;	/* first retry delay */
};

/* Send what is due, at most limit messages: how many were tried, or -1. */
int		 svc_send_due(struct svc_sender *, struct arena *, int limit);

#endif /* SOUK_SERVICES_H */
