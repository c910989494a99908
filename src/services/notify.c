/*
 * Notifications: templates (a shop's own texts over the platform's),
 * rendering, the idempotent queue and the delivery log.  Knows nothing
 * of HTTP; api.c translates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/services.h"

#define SUBJECT_MAX	998	/* RFC 5322 line limit */

/* A send's data: its JSON text, its arrays, its nesting. */
#define DATA_BYTES_MAX	65536
#define DATA_ARRAY_MAX	1000
#define DATA_DEPTH_MAX	6
#define QUOTE_(x)	#x
#define QUOTE(x)	QUOTE_(x)	/* a limit inside a message */

/*
 * Security messages: their links and codes reset a password, prove an
 * address or open an account.  A shop's own text could send them
 * elsewhere, so they are the platform's alone: a shop cannot store one,
 * and one found in the database anyway is never used.  Names kept for
 * security messages to come are on the list too, so that no shop holds
 * a text under them by the time they exist.
 */
static const char *const security_codes[] = {
	"password_reset",
	"email_verification",
	"staff_invitation",
	"invitation",		/* Center's admins (the link purpose) */
	"admin_invitation",
	"sign_in_link",
	"login_code",
	"email_change",
	"mfa_code",
};

const struct tmpl_var svc_vars[] = {
	{ "content", TMPL_RAW },	/* the e-mail layout's body */
	{ "title", TMPL_SCALAR },
	{ "detail", TMPL_ANY },		/* error pages */
	{ "status", TMPL_SCALAR },
	{ "closed", TMPL_SECTION },
	{ "shop_name", TMPL_SCALAR },
	{ "shop_url", TMPL_SCALAR },
	{ "customer_name", TMPL_SCALAR },
	{ "order_number", TMPL_SCALAR },
	{ "order_date", TMPL_ANY },
	{ "order_url", TMPL_ANY },
	{ "items", TMPL_SECTION },
	{ "name", TMPL_SCALAR },
	{ "quantity", TMPL_SCALAR },
	{ "price", TMPL_SCALAR },
	{ "subtotal", TMPL_ANY },
	{ "shipping", TMPL_ANY },
	{ "tax", TMPL_ANY },
	{ "total", TMPL_SCALAR },
	{ "shipping_address", TMPL_ANY },
	{ "reset_url", TMPL_SCALAR },
	{ "verify_url", TMPL_SCALAR },
	{ "invite_url", TMPL_SCALAR },
	{ "inviter_name", TMPL_SCALAR },
	{ "role", TMPL_ANY },
	{ "expires_in", TMPL_ANY },	/* kept: shops' stored texts */
	{ "expires_hours", TMPL_ANY },	/* a link's life, for plurals */
	{ "expires_days", TMPL_ANY },
	{ "code", TMPL_SCALAR },
	{ "message", TMPL_ANY },
	{ "lang", TMPL_SCALAR },	/* the language rendered, <html lang> */
	{ NULL, 0 }
};

const char *
svc_channel_name(enum svc_channel ch)
{
	return ch == SVC_SMS ? "sms" : "email";
}

int
svc_template_locked(const char *code)
{
	size_t	 i;

	for (i = 0; i < sizeof(security_codes) / sizeof(security_codes[0]);
	    i++)
		if (str_eq(code, security_codes[i]))
			return 1;
	return 0;
}

/* Arrays and nesting of data: objects and arrays, the data object 1. */
static enum souk_err
data_walk(struct json_object *j, int depth, struct souk_why *why)
{
	enum souk_err	 er = SOUK_OK;
	size_t		 i, n;

	if (!json_object_is_type(j, json_type_object) &&
	    !json_object_is_type(j, json_type_array))
		return SOUK_OK;
	if (depth > DATA_DEPTH_MAX)
		return souk_why_set(why, SOUK_TOOLARGE, "data",
		    "must not nest more than " QUOTE(DATA_DEPTH_MAX)
		    " levels deep");
	if (json_object_is_type(j, json_type_object)) {
		json_object_object_foreach(j, k, v) {
			(void)k;
			if ((er = data_walk(v, depth + 1, why)) != SOUK_OK)
				return er;
		}
	} else if (json_object_is_type(j, json_type_array)) {
		if ((n = json_object_array_length(j)) > DATA_ARRAY_MAX)
			return souk_why_set(why, SOUK_TOOLARGE, "data",
			    "must not hold an array of more than "
			    QUOTE(DATA_ARRAY_MAX) " elements");
		for (i = 0; i < n && er == SOUK_OK; i++)
			er = data_walk(json_object_array_get_idx(j, i),
			    depth + 1, why);
	}
	return er;
}

enum souk_err
svc_data_check(struct json_object *data, struct souk_why *why)
{
	size_t	 len = 0;

	if (data == NULL)
		return SOUK_OK;
	if (json_object_to_json_string_length(data, JSON_C_TO_STRING_PLAIN,
	    &len) == NULL)
		return SOUK_ENOMEM;
	if (len > DATA_BYTES_MAX)
		return souk_why_set(why, SOUK_TOOLARGE, "data", "must take at "
		    "most " QUOTE(DATA_BYTES_MAX) " bytes as JSON");
	return data_walk(data, 1, why);
}

enum souk_err
svc_tenant_get(struct db *db, struct arena *a, int64_t id,
    struct svc_tenant *t)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SVC_TENANT_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	t->id = id;
	t->slug = db_cell(&res, 0, 1);
	t->name = db_cell(&res, 0, 2);
	t->state = db_cell(&res, 0, 3);
	t->sends_per_minute = (int)db_cell_i64(&res, 0, 4);
	return SOUK_OK;
}

enum souk_err
svc_tenant_put(struct db *db, struct arena *a, int64_t id, const char *slug,
    const char *name, const char *state, const char *mail_from)
{
	struct db_arg	 args[] = { DB_I(id), DB_S(slug), DB_S(name),
	    DB_S(state), mail_from != NULL && *mail_from != '\0' ?
	    DB_S(mail_from) : DB_NUL, DB_I(mail_from != NULL) };

	return db_exec(db, a, SVC_TENANT_UPSERT, args, 6, NULL);
}

/* ---- rendering ------------------------------------------------------ */

/* The request's data with shop_name set from the tenant record. */
static struct json_object *
render_data(const struct svc_tenant *t, struct json_object *data)
{
	struct json_object	*d = json_object_new_object();

	if (d == NULL)
		return NULL;
	/* "content" is the layout's own slot, never the caller's HTML */
	if (data != NULL && json_object_is_type(data, json_type_object)) {
		json_object_object_foreach(data, k, v)
			if (strcmp(k, "content") != 0)
				json_object_object_add(d, k,
				    json_object_get(v));
	}
	json_object_object_add(d, "shop_name", json_object_new_string(
	    t->name != NULL ? t->name : ""));
	return d;
}

/* One part on the message's budget; NULL (and *er set) if it fails. */
static const char *
render_one(struct arena *a, const struct tmpl_set *set, const char *name,
    struct json_object *data, struct tmpl_budget *bg, enum souk_err *er)
{
	struct buf	 b;

	buf_init(&b, a, 1024);
	if (*er == SOUK_OK && name == NULL)
		*er = SOUK_ENOMEM;
	if (*er == SOUK_OK)
		*er = tmpl_render_budget(set, name, data, bg, &b);
	if (*er == SOUK_OK && !buf_ok(&b))
		*er = SOUK_ENOMEM;
	return *er == SOUK_OK ? (b.data != NULL ? b.data : "") : NULL;
}

/* A subject is one header line: controls become spaces, ends trimmed. */
static const char *
subject_clean(struct arena *a, const char *s)
{
	char	*c = arena_strdup(a, s), *p;
	size_t	 len;

	if (c == NULL)
		return NULL;
	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	for (p = c; *p == ' '; p++)
		;
	len = strlen(p);
	while (len > 0 && p[len - 1] == ' ')
		p[--len] = '\0';
	if (len > SUBJECT_MAX)
		p[SUBJECT_MAX] = '\0';	/* may cut a UTF-8 sequence: rare */
	return p;
}

static enum souk_err
render_set(struct arena *a, const struct tmpl_set *set, const char *prefix,
    enum svc_channel ch, struct json_object *d, struct tmpl_budget *b,
    struct svc_message *m)
{
	enum souk_err	 er = SOUK_OK;
	const char	*subject;

	if (ch == SVC_SMS) {
		m->text = render_one(a, set, arena_printf(a, "%ssms.txt",
		    prefix), d, b, &er);
		return er;
	}
	subject = render_one(a, set, arena_printf(a, "%ssubject.txt",
	    prefix), d, b, &er);
	m->html = render_one(a, set, arena_printf(a, "%sbody", prefix), d,
	    b, &er);
	m->text = render_one(a, set, arena_printf(a, "%sbody.txt", prefix),
	    d, b, &er);
	if (er == SOUK_OK && (m->subject = subject_clean(a, subject)) == NULL)
		er = SOUK_ENOMEM;
	return er;
}

/* A shop's own texts as a set named like the platform's, without prefix. */
static struct tmpl_set *
tenant_set(enum svc_channel ch, const char *subject, const char *html,
    const char *text, char *err, size_t errlen)
{
	struct tmpl_src	 src[3] = {
		{ ch == SVC_SMS ? "sms.txt" : "body.txt", text },
		{ "subject.txt", subject },
		{ "body.html", html },
	};

	return tmpl_set_compile(src, ch == SVC_SMS ? 1 : 3, svc_vars, err,
	    errlen);
}

/* The shop's own texts for one locale, if any (SOUK_NOTFOUND if none). */
static enum souk_err
render_tenant(struct db *db, struct arena *a, const struct svc_request *rq,
    const char *locale, struct json_object *d, struct tmpl_budget *b,
    struct svc_message *m)
{
	struct db_arg	 args[] = { DB_I(rq->tenant_id),
	    DB_S(svc_channel_name(rq->channel)), DB_S(rq->template),
	    DB_S(locale) };
	struct tmpl_set	*set;
	struct db_res	 res;
	enum souk_err	 er;
	char		 err[256];

	if ((er = db_exec(db, a, SVC_TMPL_GET, args, 4, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((set = tenant_set(rq->channel, db_cell(&res, 0, 0),
	    db_cell(&res, 0, 1), db_cell(&res, 0, 2), err, sizeof(err))) ==
	    NULL) {
		/* stored texts were checked when saved: a bug or an old row */
		log_msg(LOG_ERR, "tenant %lld template %s/%s: %s",
		    (long long)rq->tenant_id, rq->template, locale, err);
		return SOUK_NOTFOUND;
	}
	er = render_set(a, set, "", rq->channel, d, b, m);
	tmpl_set_free(set);
	return er;
}

/* The platform's text in the language locale names exactly ("fr"). */
static enum souk_err
render_platform(struct arena *a, const struct tmpl_lang *langs,
    size_t nlangs, const struct svc_request *rq, const char *locale,
    struct json_object *d, struct tmpl_budget *b, struct svc_message *m)
{
	const struct tmpl_set	*platform = tmpl_lang_set(langs, nlangs,
				    locale);
	const char		*prefix, *probe;

	if (platform == NULL)
		return SOUK_NOTFOUND;
	if ((prefix = arena_printf(a, "notify/%s/", rq->template)) == NULL)
		return SOUK_ENOMEM;
	probe = arena_printf(a, "%s%s", prefix, rq->channel == SVC_SMS ?
	    "sms.txt" : "body.txt");
	if (probe == NULL)
		return SOUK_ENOMEM;
	if (!tmpl_exists(platform, probe))
		return SOUK_NOTFOUND;
	return render_set(a, platform, prefix, rq->channel, d, b, m);
}

/* Candidate locales: "fr-CA", then "fr", then "en"; how many. */
static size_t
render_locales(struct arena *a, const char *locale, const char *cand[3])
{
	size_t	 n = 0, dash;

	cand[n++] = locale;
	dash = strcspn(locale, "-");
	if (locale[dash] != '\0')
		cand[n++] = arena_strndup(a, locale, dash);
	if (!str_eq(cand[n - 1], "en"))
		cand[n++] = "en";
	return n;
}

enum souk_err
svc_render(struct db *db, struct arena *a, const struct tmpl_lang *langs,
    size_t nlangs, const struct svc_tenant *t, const struct svc_request *rq,
    struct tmpl_budget *b, struct svc_message *m)
{
	const char		*cand[3];
	struct json_object	*d;
	enum souk_err		 er = SOUK_NOTFOUND;
	size_t			 i, n;
	int			 own = !svc_template_locked(rq->template);

	memset(m, 0, sizeof(*m));
	n = render_locales(a, rq->locale, cand);
	if ((d = render_data(t, rq->data)) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < n && er == SOUK_NOTFOUND; i++) {
		if (cand[i] == NULL) {
			er = SOUK_ENOMEM;
			break;
		}
		/* the language of the text tried: the layout's <html lang> */
		json_object_object_add(d, "lang", json_object_new_string(
		    cand[i]));
		/* a security message is the platform's, whatever is stored */
		if (own)
			er = render_tenant(db, a, rq, cand[i], d, b, m);
		if (er == SOUK_NOTFOUND)
			er = render_platform(a, langs, nlangs, rq, cand[i],
			    d, b, m);
	}
	json_object_put(d);
	if (er == SOUK_TOOLARGE)
		log_msg(LOG_WARN, "tenant %lld template %s: render stopped: %s",
		    (long long)rq->tenant_id, rq->template,
		    tmpl_over_str(b->over));
	return er;
}

/* ---- the queue ------------------------------------------------------ */

struct enqueue_ctx {
	struct arena			*a;
	const struct svc_request	*rq;
	const struct svc_message	*m;
	int64_t				 id;
};

static enum souk_err
enqueue_tx(struct db *db, void *arg)
{
	struct enqueue_ctx		*c = arg;
	const struct svc_request	*rq = c->rq;
	const struct svc_message	*m = c->m;
	struct db_arg	 args[] = { DB_I(rq->tenant_id),
	    DB_S(svc_channel_name(rq->channel)), DB_S(rq->idempotency_key),
	    DB_S(rq->request_hash), DB_S(rq->caller), DB_S(rq->to),
	    DB_S(rq->template), DB_S(rq->locale),
	    DB_S(m->subject != NULL ? m->subject : ""),
	    DB_S(m->html != NULL ? m->html : ""), DB_S(m->text) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, c->a, SVC_NOTE_INSERT, args, 11, &res)) !=
	    SOUK_OK)
		return er;
	c->id = (int64_t)res.insert_id;
	{
		struct db_arg ev[] = { DB_I(rq->tenant_id), DB_I(c->id),
		    DB_S("queued"), DB_S(rq->caller) };

		return db_exec(db, c->a, SVC_EVENT_INSERT, ev, 4, NULL);
	}
}

enum souk_err
svc_lookup(struct db *db, struct arena *a, const struct svc_request *rq,
    int64_t *id)
{
	struct db_arg	 args[] = { DB_I(rq->tenant_id),
	    DB_S(rq->idempotency_key) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SVC_NOTE_BY_KEY, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	*id = db_cell_i64(&res, 0, 0);
	return str_eq(db_cell(&res, 0, 1), rq->request_hash) ? SOUK_OK :
	    SOUK_CONFLICT;
}

enum souk_err
svc_enqueue(struct db *db, struct arena *a, const struct svc_request *rq,
    const struct svc_message *m, int64_t *id, int *again)
{
	struct enqueue_ctx	 c = { a, rq, m, 0 };
	enum souk_err		 er;

	*again = 0;
	if ((er = db_tx(db, enqueue_tx, &c)) == SOUK_OK) {
		*id = c.id;
		return SOUK_OK;
	}
	if (er != SOUK_CONFLICT)
		return er;
	/* the key was taken meanwhile: the same request again, or a misuse */
	*again = 1;
	er = svc_lookup(db, a, rq, id);
	return er == SOUK_NOTFOUND ? SOUK_CONFLICT : er;
}

static struct json_object *
jstr_or_null(const char *s)
{
	return s == NULL ? NULL : json_object_new_string(s);
}

static struct json_object *
events_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array(), *e;
	size_t			 i;

	for (i = 0; arr != NULL && i < res->nrows; i++) {
		if ((e = json_object_new_object()) == NULL)
			break;
		json_object_object_add(e, "event",
		    jstr_or_null(db_cell(res, i, 0)));
		json_object_object_add(e, "detail",
		    jstr_or_null(db_cell(res, i, 1)));
		json_object_object_add(e, "at", jstr_or_null(db_cell(res, i, 2)));
		json_object_array_add(arr, e);
	}
	return arr;
}

enum souk_err
svc_notification_json(struct db *db, struct arena *a, int64_t tenant,
    int64_t id, struct json_object **out)
{
	static const char *const cols[] = { "id", "channel", "to", "template",
	    "locale", "subject", "status", "attempts", "created_at", "sent_at",
	    "next_attempt_at", "last_error", "provider_id" };
	struct db_arg		 args[] = { DB_I(tenant), DB_I(id) };
	struct db_res		 res, ev;
	struct json_object	*o;
	enum souk_err		 er;
	size_t			 i;

	if ((er = db_exec(db, a, SVC_NOTE_GET, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, a, SVC_EVENTS_GET, args, 2, &ev)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		json_object_object_add(o, cols[i], i == 0 || i == 7 ?
		    json_object_new_int64(db_cell_i64(&res, 0, i)) :
		    jstr_or_null(db_cell(&res, 0, i)));
	if (str_eq(db_cell(&res, 0, 6), "sent") ||
	    str_eq(db_cell(&res, 0, 6), "failed"))
		json_object_object_del(o, "next_attempt_at");
	json_object_object_add(o, "events", events_json(&ev));
	*out = o;
	return SOUK_OK;
}

enum souk_err
svc_template_put(struct db *db, struct arena *a, int64_t tenant,
    enum svc_channel ch, const char *code, const char *locale,
    const char *subject, const char *html, const char *text, char *why,
    size_t whylen)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(svc_channel_name(ch)),
	    DB_S(code), DB_S(locale), DB_S(subject), DB_S(html), DB_S(text) };
	struct tmpl_set	*set;

	if (svc_template_locked(code)) {
		snprintf(why, whylen, "\"%s\" is a security message: only the "
		    "platform's text is sent", code);
		return SOUK_INVALID;
	}
	if ((set = tenant_set(ch, subject, html, text, why, whylen)) == NULL)
		return SOUK_INVALID;
	tmpl_set_free(set);
	return db_exec(db, a, SVC_TMPL_PUT, args, 7, NULL);
}

enum souk_err
svc_template_delete(struct db *db, struct arena *a, int64_t tenant,
    enum svc_channel ch, const char *code, const char *locale)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(svc_channel_name(ch)),
	    DB_S(code), DB_S(locale) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SVC_TMPL_DELETE, args, 4, &res)) != SOUK_OK)
		return er;
	return res.affected > 0 ? SOUK_OK : SOUK_NOTFOUND;
}
