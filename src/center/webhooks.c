/*
 * Webhook subscriptions and their deliveries (seed §11.4), with the
 * headers of Standard Webhooks: webhook-id (the event id, the same for
 * every retry), webhook-timestamp and webhook-signature "v1,<base64 of
 * HMAC-SHA256(key, id "." timestamp "." body)>", key being the base64
 * part of the subscription's "whsec_" secret.  Failed attempts are
 * retried after backoff, ×4 each time (10 h at most), until
 * max_attempts; a subscription failing for disable_after seconds
 * without a success is disabled.
 */
#include <string.h>

#include <json-c/json.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "center/center.h"
#include "net/net.h"
#include "sec/sec.h"

#define SECRET_BYTES	24
#define BACKOFF_MAX_S	36000
#define URL_MAX		2048

static const char *const url_why = "an https:// address";

/* Cells of CTR_SUB_COLS. */
enum { S_ID, S_URL, S_EVENTS, S_DESC, S_STATUS, S_FAILING, S_REASON,
	S_CREATED };

static const char *
seal_label(struct arena *a, int64_t id)
{
	return arena_printf(a, "webhook:%lld", (long long)id);
}

/*
 * A URL the worker may post to: plain characters, then the address
 * policy of souk.conf (https, no credentials, allowed port, no loopback,
 * private or other non-public address).  SOUK_INVALID with why on "url".
 */
static enum souk_err
url_check(const struct conf *c, struct arena *a, const char *u,
    struct souk_why *why)
{
	struct net_policy	 p;
	const char		*msg = NULL;
	size_t			 n = u != NULL ? strlen(u) : 0;
	enum souk_err		 er;

	if (n < 10 || n > URL_MAX || strpbrk(u, " \t\r\n\"<>\\") != NULL)
		return souk_why_set(why, SOUK_INVALID, "url", url_why);
	net_policy_conf(c, &p);
	if ((er = net_url_check(&p, a, u, &msg)) == SOUK_INVALID)
		return souk_why_set(why, SOUK_INVALID, "url", msg);
	return er;
}

/* "*" or known types, comma-separated, no repeats needed. */
static int
events_ok(struct arena *a, const char *list)
{
	char	*s, *p, *save = NULL;

	if (list == NULL || *list == '\0' || strlen(list) > 1024)
		return 0;
	if (str_eq(list, "*"))
		return 1;
	if ((s = arena_strdup(a, list)) == NULL)
		return 0;
	for (p = strtok_r(s, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save))
		if (str_eq(p, "*") || !ctr_event_type_ok(p))
			return 0;
	return 1;
}

static const char *
secret_new(struct arena *a)
{
	unsigned char	 raw[SECRET_BYTES], b64[SECRET_BYTES * 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return NULL;
	EVP_EncodeBlock(b64, raw, sizeof(raw));
	return arena_printf(a, "whsec_%s", (const char *)b64);
}

static const char *const events_why = "\"*\" or event types, "
    "comma-separated";

struct wh_new {
	struct arena		*a;
	const struct ctr_actor	*who;
	const char		*url, *events, *desc, *secret;
	int64_t			 id;
};

static enum souk_err
create_tx(struct db *db, void *arg)
{
	struct wh_new		*w = arg;
	struct db_arg		 ins[] = { DB_S(w->url), DB_S(w->events),
	    DB_S(w->desc) };
	struct db_res		 res;
	const char		*sealed;
	struct ctr_audit	 e = { "webhook.create", NULL, 0, NULL, NULL };
	enum souk_err		 er;

	if ((er = db_exec(db, w->a, CTR_SUB_INSERT, ins, 3, &res)) != SOUK_OK)
		return er;
	w->id = (int64_t)res.insert_id;
	if ((sealed = sec_secret_seal(w->a, SEC_KEY_SEAL, seal_label(w->a,
	    w->id), w->secret)) == NULL)
		return SOUK_INVALID;
	{
		struct db_arg set[] = { DB_S(sealed), DB_I(w->id) };

		if ((er = db_exec(db, w->a, CTR_SUB_SECRET, set, 2, NULL)) !=
		    SOUK_OK)
			return er;
	}
	e.target = arena_printf(w->a, "webhook:%lld", (long long)w->id);
	e.after = json_kv_text(w->a, "url", w->url, "events", w->events);
	return ctr_audit_in(db, w->a, w->who, &e);
}

enum souk_err
ctr_webhook_create(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, const char *url, const char *events,
    const char *desc, int64_t *id, const char **secret, struct souk_why *why)
{
	struct wh_new	 w = { a, who, url, events,
	    desc != NULL ? desc : "", NULL, 0 };
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = url_check(c, a, url, why)) != SOUK_OK)
		return er;
	if (!events_ok(a, events))
		return souk_why_set(why, SOUK_INVALID, "events", events_why);
	if ((w.secret = secret_new(a)) == NULL)
		return SOUK_ENOMEM;
	if ((er = db_tx(db, create_tx, &w)) != SOUK_OK)
		return er;
	*id = w.id;
	*secret = w.secret;
	return SOUK_OK;
}

static void
webhook_row(const struct db_res *res, size_t i, struct ctr_webhook *w)
{
	w->id = db_cell_i64(res, i, S_ID);
	w->url = db_cell(res, i, S_URL);
	w->events = db_cell(res, i, S_EVENTS);
	w->description = db_cell(res, i, S_DESC);
	w->status = db_cell(res, i, S_STATUS);
	w->failing_since = db_cell(res, i, S_FAILING);
	w->disabled_reason = db_cell(res, i, S_REASON);
	w->created_at = db_cell(res, i, S_CREATED);
}

enum souk_err
ctr_webhook_get(struct db *db, struct arena *a, int64_t id,
    struct ctr_webhook *w)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_SUB_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	webhook_row(&res, 0, w);
	return SOUK_OK;
}

static enum souk_err
webhook_rows(struct db *db, struct arena *a, int stmt,
    struct ctr_webhook **out, size_t *n)
{
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, stmt, NULL, 0, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		webhook_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

enum souk_err
ctr_webhook_list(struct db *db, struct arena *a, struct ctr_webhook **out,
    size_t *n)
{
	return webhook_rows(db, a, CTR_SUB_LIST, out, n);
}

enum souk_err
ctr_webhook_recent(struct db *db, struct arena *a, struct ctr_webhook **out,
    size_t *n)
{
	return webhook_rows(db, a, CTR_SUB_RECENT, out, n);
}

enum souk_err
ctr_webhook_update(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, const char *url,
    const char *events, const char *desc, const char *status,
    struct souk_why *why)
{
	struct ctr_webhook	 w;
	struct ctr_audit	 e = { "webhook.update", NULL, 0, NULL, NULL };
	enum souk_err		 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = ctr_webhook_get(db, a, id, &w)) != SOUK_OK)
		return er;
	if (url != NULL && (er = url_check(c, a, url, why)) != SOUK_OK)
		return er;
	if (events != NULL && !events_ok(a, events))
		return souk_why_set(why, SOUK_INVALID, "events", events_why);
	if (status != NULL && !str_eq(status, "active") &&
	    !str_eq(status, "disabled"))
		return souk_why_set(why, SOUK_INVALID, "status", "active or "
		    "disabled");
	e.target = arena_printf(a, "webhook:%lld", (long long)id);
	e.before = json_kv_text(a, "url", w.url, "status", w.status);
	e.after = json_kv_text(a, "url", url != NULL ? url : w.url, "status",
	    status != NULL ? status : w.status);
	{
		const char *st = status != NULL ? status : w.status;
		/* enabled again: its failures start afresh */
		int fresh = str_eq(st, "active") && !str_eq(w.status, "active");
		struct db_arg args[] = { DB_S(url != NULL ? url : w.url),
		    DB_S(events != NULL ? events : w.events),
		    DB_S(desc != NULL ? desc : w.description), DB_I(fresh),
		    DB_I(fresh), DB_S(st), DB_I(id) };

		if ((er = db_exec(db, a, CTR_SUB_UPDATE, args, 7, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return ctr_audit(db, a, who, &e);
}

enum souk_err
ctr_webhook_redeliver(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id)
{
	struct db_arg		 arg = DB_I(id);
	struct db_res		 res;
	struct ctr_audit	 e = { "webhook.redeliver", NULL, 0, NULL,
	    NULL };
	enum souk_err		 er;

	if ((er = db_exec(db, a, CTR_DELIVERY_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, a, CTR_DELIVERY_REDELIVER, &arg, 1, NULL)) !=
	    SOUK_OK)
		return er;
	e.target = arena_printf(a, "delivery:%lld", (long long)id);
	return ctr_audit(db, a, who, &e);
}

enum souk_err
ctr_delivery_list(struct db *db, struct arena *a, int64_t webhook,
    const char *status, int limit, struct db_res *out)
{
	struct db_arg	 args[] = { DB_I(webhook), DB_I(webhook),
	    DB_S(status != NULL ? status : ""),
	    DB_S(status != NULL ? status : ""), DB_I(limit) };

	return db_exec(db, a, CTR_DELIVERY_LIST, args, 5, out);
}

enum souk_err
ctr_delivery_get(struct db *db, struct arena *a, int64_t id,
    struct ctr_delivery *d, struct db_res *attempts)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_DELIVERY_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	d->id = id;
	d->webhook = db_cell_i64(&res, 0, 1);
	d->status = db_cell(&res, 0, 2);
	return db_exec(db, a, CTR_ATTEMPT_LIST, &arg, 1, attempts);
}

/* ---- the worker's side --------------------------------------------- */

struct fan {
	struct arena	*a;
	int		 n;
};

static int
wants(const char *events, const char *type)
{
	return str_eq(events, "*") || str_list_has(events, type);
}

static enum souk_err
fanout_tx(struct db *db, void *arg)
{
	struct fan	*f = arg;
	struct db_res	 ev, subs;
	size_t		 i, j;
	enum souk_err	 er;

	f->n = 0;
	if ((er = db_exec(db, f->a, CTR_EVENT_UNFANNED, NULL, 0, &ev)) !=
	    SOUK_OK || ev.nrows == 0)
		return er;
	if ((er = db_exec(db, f->a, CTR_SUBS_ACTIVE, NULL, 0, &subs)) !=
	    SOUK_OK)
		return er;
	for (i = 0; i < ev.nrows; i++) {
		struct db_arg id = DB_I(db_cell_i64(&ev, i, 0));

		for (j = 0; j < subs.nrows; j++) {
			struct db_arg args[] = {
			    DB_I(db_cell_i64(&subs, j, 0)), id };

			if (wants(db_cell(&subs, j, 1), db_cell(&ev, i, 1)) &&
			    (er = db_exec(db, f->a, CTR_DELIVERY_INSERT,
			    args, 2, NULL)) != SOUK_OK)
				return er;
		}
		if ((er = db_exec(db, f->a, CTR_EVENT_FANNED, &id, 1, NULL)) !=
		    SOUK_OK)
			return er;
		f->n++;
	}
	return SOUK_OK;
}

int
ctr_webhook_fanout(struct db *db, struct arena *a)
{
	struct fan	 f = { a, 0 };

	return db_tx(db, fanout_tx, &f) == SOUK_OK ? f.n : -1;
}

const char *
ctr_webhook_sign(struct arena *a, const char *secret, const char *id,
    int64_t ts, const char *body)
{
	unsigned char	 key[64], mac[EVP_MAX_MD_SIZE], b64[EVP_MAX_MD_SIZE * 2];
	unsigned int	 mlen = 0;
	const char	*msg, *k;
	int		 klen;

	k = str_has_prefix(secret, "whsec_") ? secret + 6 : secret;
	if (strlen(k) > 84 || (klen = EVP_DecodeBlock(key,
	    (const unsigned char *)k, (int)strlen(k))) < 0)
		return NULL;
	klen -= (int)(strlen(k) > 1 && k[strlen(k) - 1] == '=') +
	    (int)(strlen(k) > 2 && k[strlen(k) - 2] == '=');
	msg = arena_printf(a, "%s.%lld.%s", id, (long long)ts, body);
	if (msg == NULL || HMAC(EVP_sha256(), key, klen,
	    (const unsigned char *)msg, strlen(msg), mac, &mlen) == NULL)
		return NULL;
	EVP_EncodeBlock(b64, mac, (int)mlen);
	return arena_printf(a, "v1,%s", (const char *)b64);
}

/* One due delivery, leased to this worker. */
struct due {
	int64_t		 id;
	int64_t		 attempts;
	int64_t		 sub;
	const char	*url;
	const char	*secret_enc;
	const char	*event_id;
	const char	*payload;
};

struct lease {
	struct arena	*a;
	int		 max;
	struct due	*due;
	size_t		 n;
};

static enum souk_err
lease_tx(struct db *db, void *arg)
{
	struct lease	*l = arg;
	struct db_arg	 lim = DB_I(l->max);
	struct db_res	 res;
	size_t		 i;
	enum souk_err	 er;

	l->n = 0;
	if ((er = db_exec(db, l->a, CTR_DELIVERY_DUE, &lim, 1, &res)) !=
	    SOUK_OK)
		return er;
	if ((l->due = arena_alloc(l->a, (res.nrows + 1) *
	    sizeof(*l->due))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++) {
		struct due *d = &l->due[i];
		struct db_arg id = DB_I(db_cell_i64(&res, i, 0));

		d->id = db_cell_i64(&res, i, 0);
		d->attempts = db_cell_i64(&res, i, 1);
		d->sub = db_cell_i64(&res, i, 2);
		d->url = db_cell(&res, i, 3);
		d->secret_enc = db_cell(&res, i, 4);
		d->event_id = db_cell(&res, i, 5);
		d->payload = db_cell(&res, i, 6);
		if ((er = db_exec(db, l->a, CTR_DELIVERY_LEASE, &id, 1,
		    NULL)) != SOUK_OK)
			return er;
	}
	l->n = res.nrows;
	return SOUK_OK;
}

static int
backoff(const struct ctr_webhook_opts *o, int64_t attempts)
{
	int64_t	 s = o->backoff_s;

	while (--attempts > 0 && s < BACKOFF_MAX_S)
		s *= 4;
	return (int)(s < BACKOFF_MAX_S ? s : BACKOFF_MAX_S);
}

/*
 * What the delivery log shows of a failed post: never curl's own text
 * (addresses, resolver and TLS details stay in the worker's log).
 */
static const char *
post_why(enum souk_err er)
{
	switch (er) {
	case SOUK_FORBIDDEN:
		return "the URL's address or port is not allowed";
	case SOUK_UPSTREAM:
		return "the receiver's answer could not be read";
	case SOUK_INVALID:
		return "the URL is not valid";
	default:
		return "could not reach the URL";
	}
}

/* POST the event; the HTTP status (0: none) and an error text. */
static int
post(const struct ctr_webhook_opts *o, struct arena *a, const struct due *d,
    const char **err)
{
	const char		*secret, *sig, *hdr[4];
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	int64_t			 ts = time_unix();
	enum souk_err		 er;

	secret = sec_secret_open(a, SEC_KEY_SEAL, seal_label(a, d->sub),
	    d->secret_enc);
	if (secret == NULL || (sig = ctr_webhook_sign(a, secret, d->event_id,
	    ts, d->payload)) == NULL) {
		*err = "the subscription's secret does not open";
		return 0;
	}
	hdr[0] = arena_printf(a, "webhook-id: %s", d->event_id);
	hdr[1] = arena_printf(a, "webhook-timestamp: %lld", (long long)ts);
	hdr[2] = arena_printf(a, "webhook-signature: %s", sig);
	hdr[3] = NULL;
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = d->url;
	rq.body = d->payload;
	rq.body_len = strlen(d->payload);
	rq.headers = hdr;
	rq.timeout_ms = 10000;
	rq.max_attempts = 1;
	rq.policy = o->policy;
	if ((er = httpc_do(o->http, a, &rq, &rs)) != SOUK_OK) {
		*err = post_why(er);
		return rs.status;
	}
	*err = rs.status >= 200 && rs.status < 300 ? NULL :
	    arena_printf(a, "HTTP %d", rs.status);
	return rs.status;
}

static void
record(struct db *db, struct arena *a, const struct ctr_webhook_opts *o,
    const struct due *d, int status, const char *err, int ms)
{
	struct db_arg	 att[] = { DB_I(d->id), DB_I(status),
	    err != NULL ? DB_S(err) : DB_NUL, DB_I(ms) };
	struct db_arg	 sub = DB_I(d->sub);

	(void)db_exec(db, a, CTR_ATTEMPT_INSERT, att, 4, NULL);
	if (err == NULL) {
		struct db_arg args[] = { DB_I(status), DB_I(d->id) };

		(void)db_exec(db, a, CTR_DELIVERY_DONE, args, 2, NULL);
		(void)db_exec(db, a, CTR_SUB_HEALTHY, &sub, 1, NULL);
		return;
	}
	{
		struct db_arg args[] = { DB_I(o->max_attempts), DB_I(status),
		    DB_S(err), DB_I(backoff(o, d->attempts + 1)),
		    DB_I(d->id) };
		struct db_arg dis[] = { DB_S(arena_printf(a, "failing for "
		    "over %d s; last: %s", o->disable_after_s, err)),
		    DB_I(d->sub), DB_I(o->disable_after_s) };

		(void)db_exec(db, a, CTR_DELIVERY_RETRY, args, 5, NULL);
		(void)db_exec(db, a, CTR_SUB_FAILING, &sub, 1, NULL);
		(void)db_exec(db, a, CTR_SUB_DISABLE_STALE, dis, 3, NULL);
	}
}

int
ctr_webhook_deliver(struct db *db, struct arena *a,
    const struct ctr_webhook_opts *o, int max)
{
	struct lease	 l = { a, max, NULL, 0 };
	const char	*err;
	double		 t0;
	size_t		 i;
	int		 status;

	if (db_tx(db, lease_tx, &l) != SOUK_OK)
		return -1;
	for (i = 0; i < l.n; i++) {
		t0 = time_now_ms();
		status = post(o, a, &l.due[i], &err);
		record(db, a, o, &l.due[i], status, err,
		    (int)(time_now_ms() - t0));
	}
	return (int)l.n;
}
