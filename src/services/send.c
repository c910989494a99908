/*
 * Sending what the queue holds (soukctl worker): e-mail over SMTP with
 * libcurl (multipart/alternative, text and HTML, base64), SMS through
 * the provider's HTTP API with the net client.  A message is claimed by
 * a conditional UPDATE, so several workers never send the same one; a
 * worker that dies mid-send leaves a lock that expires, and the message
 * is tried again (at least once, never lost).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/evp.h>

#include "net/net.h"
#include "sec/sec.h"
#include "services/services.h"

#define B64_LINE	57	/* input bytes per 76-character line */
#define WORD_BYTES	45	/* input bytes per RFC 2047 encoded word */
#define BACKOFF_MAX	(6 * 3600)
#define HEADER_PLAIN_MAX 900	/* longer values are folded (RFC 5322: 998) */

/* The outcome of one attempt. */
struct outcome {
	int		 permanent;	/* do not try again */
	const char	*error;		/* NULL: sent */
	const char	*provider_id;
};

struct msg {
	int64_t		 tenant, id;
	int		 sms, attempts;
	const char	*to, *subject, *html, *text, *shop, *state;
	const char	*from;		/* the platform's sender */
};

/* ---- composing an e-mail ------------------------------------------- */

static void
b64_lines(struct buf *b, const char *s, size_t len)
{
	unsigned char	 out[4 * B64_LINE / 3 + 4];
	size_t		 n;
	int		 w;

	for (; len > 0; s += n, len -= n) {
		n = len < B64_LINE ? len : B64_LINE;
		w = EVP_EncodeBlock(out, (const unsigned char *)s, (int)n);
		buf_add(b, out, (size_t)w);
		buf_adds(b, "\r\n");
	}
}

static int
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s > '~' ||
		    *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* Bytes of s to take so that no UTF-8 sequence is cut, at most max. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	 n = len < max ? len : max;

	while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n == 0 ? (len < max ? len : max) : n;
}

/* A header value as RFC 2047 encoded words, folded between them. */
static void
header_words(struct buf *b, const char *s)
{
	unsigned char	 out[4 * WORD_BYTES / 3 + 4];
	size_t		 len = strlen(s), n;
	int		 w, first = 1;

	for (; len > 0; s += n, len -= n) {
		n = utf8_cut(s, len, WORD_BYTES);
		w = EVP_EncodeBlock(out, (const unsigned char *)s, (int)n);
		buf_adds(b, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
		buf_add(b, out, (size_t)w);
		buf_adds(b, "?=");
		first = 0;
	}
}

static void
header_text(struct buf *b, const char *name, const char *value, int quote)
{
	buf_printf(b, "%s: ", name);
	if (!plain_ascii(value) || strlen(value) > HEADER_PLAIN_MAX)
		header_words(b, value);
	else
		buf_printf(b, quote ? "\"%s\"" : "%s", value);
}

static const char *
mail_domain(const char *from)
{
	const char	*at = strrchr(from, '@');

	return at != NULL ? at + 1 : "localhost";
}

static const char *
mail_compose(struct arena *a, const struct msg *m)
{
	const char	*hex = sec_random_hex(a, "", 12);
	char		 date[64], boundary[48];
	struct buf	 b;
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (hex == NULL || gmtime_r(&now, &tm) == NULL)
		return NULL;
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(boundary, sizeof(boundary), "souk-%s", hex);
	buf_init(&b, a, strlen(m->html) * 2 + strlen(m->text) * 2 + 2048);
	buf_printf(&b, "Date: %s\r\n", date);
	header_text(&b, "From", m->shop, 1);
	buf_printf(&b, " <%s>\r\nTo: <%s>\r\n", m->from, m->to);
	header_text(&b, "Subject", m->subject, 0);
	buf_printf(&b, "\r\nMessage-ID: <n%lld.%s@%s>\r\n", (long long)m->id,
	    hex, mail_domain(m->from));
	buf_printf(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
	    "X-Souk-Notification: %lld\r\nContent-Type: multipart/alternative;"
	    " boundary=\"%s\"\r\n\r\n", (long long)m->id, boundary);
	buf_printf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
	b64_lines(&b, m->text, strlen(m->text));
	buf_printf(&b, "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
	b64_lines(&b, m->html, strlen(m->html));
	buf_printf(&b, "--%s--\r\n", boundary);
	return buf_ok(&b) ? b.data : NULL;
}

/* ---- SMTP ----------------------------------------------------------- */

struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
upload_read(char *dst, size_t size, size_t n, void *arg)
{
	struct upload	*u = arg;
	size_t		 len = size * n < u->left ? size * n : u->left;

	memcpy(dst, u->p, len);
	u->p += len;
	u->left -= len;
	return len;
}

static void
send_email(struct arena *a, const struct conf *conf, const struct msg *m,
    struct outcome *o)
{
	const char		*mail = mail_compose(a, m);
	const char		*to = arena_printf(a, "<%s>", m->to);
	const char		*from = arena_printf(a, "<%s>", m->from);
	struct curl_slist	*rcpt;
	struct upload		 u;
	CURL			*c;
	CURLcode		 rc;
	long			 code = 0;

	if (mail == NULL || to == NULL || from == NULL ||
	    (rcpt = curl_slist_append(NULL, to)) == NULL) {
		o->error = "out of memory";
		return;
	}
	if ((c = curl_easy_init()) == NULL) {
		curl_slist_free_all(rcpt);
		o->error = "out of memory";
		return;
	}
	u.p = mail;
	u.left = strlen(mail);
	curl_easy_setopt(c, CURLOPT_URL, conf->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		o->error = arena_printf(a, "smtp: %s (%ld)",
		    curl_easy_strerror(rc), code);
		o->permanent = code >= 500;	/* 5xx: the server refuses */
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
}

/* ---- SMS ------------------------------------------------------------ */

static void
sms_result(struct arena *a, const struct httpc_resp *resp, struct outcome *o)
{
	struct json_object	*j, *id;

	if (resp->status >= 200 && resp->status < 300) {
		j = json_tokener_parse(resp->body);
		if (j != NULL && json_object_object_get_ex(j, "id", &id))
			o->provider_id = arena_strdup(a,
			    json_object_get_string(id));
		json_object_put(j);
		return;
	}
	o->error = arena_printf(a, "sms provider: HTTP %d: %.200s",
	    resp->status, resp->body);
	o->permanent = resp->status >= 400 && resp->status < 500 &&
	    resp->status != 408 && resp->status != 429;
}

static void
send_sms(struct svc_sender *s, struct arena *a, const struct msg *m,
    struct outcome *o)
{
	struct json_object	*body;
	struct httpc_req	 rq;
	struct httpc_resp	 resp;
	const char		*auth, *hdrs[2];
	enum souk_err		 er;

	if (s->conf->sms_url[0] == '\0') {
		o->error = "no SMS provider configured (sms_url)";
		o->permanent = 1;
		return;
	}
	if ((body = json_object_new_object()) == NULL) {
		o->error = "out of memory";
		return;
	}
	json_object_object_add(body, "to", json_object_new_string(m->to));
	json_object_object_add(body, "text", json_object_new_string(m->text));
	json_object_object_add(body, "from", json_object_new_string(m->shop));
	auth = arena_printf(a, "Authorization: Bearer %s", s->conf->sms_token);
	hdrs[0] = auth;
	hdrs[1] = NULL;
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = s->conf->sms_url;
	rq.body = arena_strdup(a, json_object_to_json_string_ext(body,
	    JSON_C_TO_STRING_PLAIN));
	rq.body_len = rq.body != NULL ? strlen(rq.body) : 0;
	rq.idempotency_key = arena_printf(a, "souk-notification-%lld",
	    (long long)m->id);
	rq.headers = hdrs;
	json_object_put(body);
	if (auth == NULL || rq.body == NULL || rq.idempotency_key == NULL) {
		o->error = "out of memory";
		return;
	}
	if ((er = httpc_do(s->http, a, &rq, &resp)) != SOUK_OK) {
		o->error = arena_printf(a, "sms provider: %s",
		    souk_strerror(er));
		return;
	}
	sms_result(a, &resp, o);
}

/* ---- the queue ------------------------------------------------------ */

/* A statement on the queue; a failure is logged, the lock then expires. */
static void
queue_exec(struct svc_sender *s, struct arena *a, const struct msg *m,
    int id, const struct db_arg *args, size_t n)
{
	if (db_exec(s->db, a, id, args, n, NULL) != SOUK_OK)
		log_msg(LOG_ERR, "notification %lld: %s: %s", (long long)m->id,
		    svc_sql[id].name, db_error(s->db));
}

static void
event(struct svc_sender *s, struct arena *a, const struct msg *m,
    const char *what, const char *detail)
{
	struct db_arg	 args[] = { DB_I(m->tenant), DB_I(m->id), DB_S(what),
	    DB_S(detail != NULL ? detail : "") };

	queue_exec(s, a, m, SVC_EVENT_INSERT, args, 4);
}

/* Claim and load one message; 0 if another worker has it. */
static int
claim(struct svc_sender *s, struct arena *a, struct msg *m)
{
	struct db_arg	 args[] = { DB_I(m->tenant), DB_I(m->id),
	    DB_I(s->max_attempts) };
	struct db_res	 res;

	if (db_exec(s->db, a, SVC_CLAIM, args, 3, &res) != SOUK_OK ||
	    res.affected != 1 ||
	    db_exec(s->db, a, SVC_LOAD, args, 2, &res) != SOUK_OK ||
	    res.nrows != 1)
		return 0;
	m->sms = str_eq(db_cell(&res, 0, 0), "sms");
	m->to = db_cell(&res, 0, 1);
	m->subject = db_cell(&res, 0, 2);
	m->html = db_cell(&res, 0, 3);
	m->text = db_cell(&res, 0, 4);
	m->attempts = (int)db_cell_i64(&res, 0, 5);
	m->shop = db_cell(&res, 0, 6);
	m->state = db_cell(&res, 0, 7);
	m->from = *db_cell(&res, 0, 8) != '\0' ? db_cell(&res, 0, 8) :
	    s->conf->mail_from;
	return 1;
}

static void
settle(struct svc_sender *s, struct arena *a, const struct msg *m,
    const struct outcome *o)
{
	struct db_arg	 sent[] = { DB_S(o->provider_id), DB_I(m->tenant),
	    DB_I(m->id), DB_I(m->attempts) };
	struct db_arg	 retry[] = { DB_I(0), DB_S(o->error), DB_I(m->tenant),
	    DB_I(m->id), DB_I(m->attempts) };
	struct db_arg	 fail[] = { DB_S(o->error), DB_I(m->tenant),
	    DB_I(m->id), DB_I(m->attempts) };
	int64_t		 delay;
	int		 i;

	if (o->error == NULL) {
		if (o->provider_id == NULL)
			sent[0] = DB_NUL;
		queue_exec(s, a, m, SVC_SENT, sent, 4);
		event(s, a, m, "sent", o->provider_id);
		return;
	}
	if (o->permanent || m->attempts >= s->max_attempts) {
		queue_exec(s, a, m, SVC_FAIL, fail, 4);
		event(s, a, m, "failed", o->error);
		log_msg(LOG_WARN, "notification %lld failed: %s",
		    (long long)m->id, o->error);
		return;
	}
	for (delay = s->backoff_s, i = 1; i < m->attempts &&
	    delay < BACKOFF_MAX; i++)
		delay *= 2;
	retry[0] = DB_I(delay < BACKOFF_MAX ? delay : BACKOFF_MAX);
	queue_exec(s, a, m, SVC_RETRY, retry, 5);
	event(s, a, m, "retry", o->error);
}

static void
send_one(struct svc_sender *s, struct arena *a, struct msg *m)
{
	struct outcome	 o;

	memset(&o, 0, sizeof(o));
	if (!claim(s, a, m))
		return;
	event(s, a, m, "attempt", arena_printf(a, "attempt %d", m->attempts));
	if (!str_eq(m->state, "active")) {
		o.error = "the shop is not active";
		o.permanent = 1;
	} else if (m->sms)
		send_sms(s, a, m, &o);
	else
		send_email(a, s->conf, m, &o);
	settle(s, a, m, &o);
}

int
svc_send_due(struct svc_sender *s, struct arena *a, int limit)
{
	struct db_arg	 max = DB_I(s->max_attempts);
	struct db_arg	 args[] = { DB_I(s->max_attempts), DB_I(limit) };
	struct db_res	 due;
	struct msg	 m;
	size_t		 i;

	if (db_exec(s->db, a, SVC_EXHAUSTED, &max, 1, NULL) != SOUK_OK ||
	    db_exec(s->db, a, SVC_DUE, args, 2, &due) != SOUK_OK)
		return -1;
	for (i = 0; i < due.nrows; i++) {
		memset(&m, 0, sizeof(m));
		m.tenant = db_cell_i64(&due, i, 0);
		m.id = db_cell_i64(&due, i, 1);
		send_one(s, a, &m);
	}
	return (int)due.nrows;
}
