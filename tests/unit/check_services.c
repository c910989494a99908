/*
 * Signed-call verification and the notification domain against the
 * real MariaDB and memcached of the dev stack (SOUK_CONF; without it the
 * suite skips).  Tenants 9101 and 9102 collide on purpose; 9103 is
 * suspended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "stack.h"

#include "sec/sec.h"
#include "services/services.h"

#define T1	9101
#define T2	9102

static struct arena	*ta;
static struct db	*center, *svc, *adm, *adm_center;
static struct cache	*mc;

enum t_sql { T_KEY_SET, T_KEY_CLEAN, T_NOTE_ABANDON, T_NOTE_STATE,
	T_MAIL_FROM, T_TMPL_FORCE, T_DEL_EVENTS,
	T_DEL_NOTES, T_DEL_TMPL, T_DEL_TENANTS, T__MAX };

static const struct db_stmt_def t_sql[T__MAX] = {
	/* status, deprecated_until and expires_at in seconds from now */
	{ "key_set", "UPDATE api_keys SET status = ?, "
	  "deprecated_until = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	  "expires_at = IF(? = 0, NULL, UTC_TIMESTAMP() + INTERVAL ? SECOND) "
	  "WHERE public_key = ?" },
	{ "key_clean", "DELETE FROM api_keys "
	  "WHERE owner = 'check-services'" },
	/* as a worker leaves it when it dies in the middle of a send */
	{ "note_abandon", "UPDATE notifications SET status = 'sending', "
	  "attempts = ?, locked_until = UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
	  "WHERE tenant_id = ? AND id = ?" },
	{ "note_state", "SELECT CONCAT(status, ': ', COALESCE(last_error, '')) "
	  "FROM notifications WHERE tenant_id = ? AND id = ?" },
	{ "mail_from", "SELECT COALESCE(mail_from, '(none)') FROM tenants "
	  "WHERE id = ?" },
	/* a row the API would refuse, as an old release or an intruder
	 * with database access would leave it */
	{ "tmpl_force", "INSERT INTO notification_templates (tenant_id, "
	  "channel, code, locale, subject, body_html, body_text) "
	  "VALUES (?, ?, ?, 'en', ?, ?, ?)" },
	{ "del_events", "DELETE FROM notification_events "
	  "WHERE tenant_id IN (?, ?, ?)" },
	{ "del_notes", "DELETE FROM notifications WHERE tenant_id IN (?, ?, ?)" },
	{ "del_tmpl", "DELETE FROM notification_templates "
	  "WHERE tenant_id IN (?, ?, ?)" },
	{ "del_tenants", "DELETE FROM tenants WHERE id IN (?, ?, ?)" },
};

static void
cleanup(void)
{
	struct db_arg	 ids[] = { DB_I(T1), DB_I(T2), DB_I(T1 + 2) };
	int		 i;

	ck_assert_int_eq(db_exec(adm_center, ta, T_KEY_CLEAN, NULL, 0, NULL),
	    SOUK_OK);
	for (i = T_DEL_EVENTS; i <= T_DEL_TENANTS; i++)
		ck_assert_int_eq(db_exec(adm, ta, i, ids, 3, NULL), SOUK_OK);
}

static void
setup(void)
{
	ta = arena_new(65536, 1 << 26);
	center = stack_db(conf.center_db_name, sec_key_sql, KEY__MAX);
	svc = stack_db(conf.services_db_name, svc_sql, SVC__MAX);
	adm = stack_db(conf.services_db_name, t_sql, T__MAX);
	adm_center = stack_db(conf.center_db_name, t_sql, T__MAX);
	mc = stack_cache();
	cleanup();
	/* draft: the dev stack's running worker fails their messages
	 * ("not active") instead of sending them */
	ck_assert_int_eq(svc_tenant_put(svc, ta, T1, "check-one", "Check <One>",
	    "draft", NULL), SOUK_OK);
	ck_assert_int_eq(svc_tenant_put(svc, ta, T2, "check-two", "Check Two",
	    "draft", NULL), SOUK_OK);
}

static void
teardown(void)
{
	cleanup();
	cache_free(mc);
	db_free(adm);
	db_free(adm_center);
	db_free(svc);
	db_free(center);
	arena_free(ta);
}

/* ---- verification ---------------------------------------------------- */

struct signer {
	const char		*pk, *secret;
	struct sec_call		 call;
	char			 nonce[40];
	char			 ts[16];
};

static const char *
make_key(const char *tenants, const char *ips, int rate)
{
	struct sec_key_new	 k = { "check-services", "tenant-app", tenants,
	    "notifications:send,notifications:read", ips, rate, 0 };
	struct sec_key_created	 out;

	ck_assert_int_eq(sec_key_create(center, ta, &k, &out),
	    SOUK_OK);
	return arena_printf(ta, "%s %s", out.public_key, out.secret);
}

/* A signed POST for tenant (NULL: none), at now + skew. */
static void
sign(struct signer *s, const char *keypair, const char *tenant,
    const char *body, int skew, const char *from)
{
	static unsigned int	 seq;
	const char		*sp = strchr(keypair, ' ');

	memset(s, 0, sizeof(*s));
	s->pk = arena_strndup(ta, keypair, (size_t)(sp - keypair));
	s->secret = sp + 1;
	snprintf(s->nonce, sizeof(s->nonce), "%08x%08x%016llx", ++seq,
	    (unsigned int)getpid(), (unsigned long long)time_unix());
	snprintf(s->ts, sizeof(s->ts), "%lld", (long long)time_unix() + skew);
	s->call.sig.method = "POST";
	s->call.sig.raw_path = "/api/v1/notifications/email";
	s->call.sig.raw_query = "b=2&a=1";
	s->call.sig.tenant = tenant;
	s->call.sig.api_key = s->pk;
	s->call.sig.nonce = s->nonce;
	s->call.sig.timestamp = s->ts;
	s->call.sig.body = body;
	s->call.sig.body_len = strlen(body);
	s->call.sig.content_type = "application/json";
	s->call.sig.version = SEC_SIG_V2;
	s->call.version = "2";
	s->call.signature = sec_sign(ta, &s->call.sig, s->secret,
	    strlen(s->secret));
	s->call.remote_addr = from != NULL ? from : "127.0.0.1";
}

static enum souk_err
verify(struct signer *s, const char **why, int *retry)
{
	struct sec_verifier	 v = { center, mc, 300, time_unix(), 0 };
	struct sec_caller	 who;

	*retry = 0;
	return sec_verify(&v, ta, &s->call, &who, why, retry);
}

#define VERIFY_IS(s, want, why_part) do {				\
	const char	*why_;						\
	int		 retry_;					\
	enum souk_err	 er_ = verify((s), &why_, &retry_);		\
	ck_assert_msg(er_ == (want), "got %s (%s), want %s",		\
	    souk_strerror(er_), why_ == NULL ? "-" : why_,		\
	    souk_strerror(want));					\
	if (*(why_part) != '\0')					\
		ck_assert_msg(why_ != NULL && strstr(why_, (why_part)),	\
		    "why: %s", why_ == NULL ? "-" : why_);		\
} while (0)

static void
key_set(const char *pk, const char *status, int dep, int exp)
{
	struct db_arg	 args[] = { DB_S(status), DB_I(dep), DB_I(exp),
	    DB_I(exp), DB_S(pk) };

	ck_assert_int_eq(db_exec(adm_center, ta, T_KEY_SET, args, 5, NULL),
	    SOUK_OK);
	sec_key_uncache(mc, ta, pk, 0);
}

/* The platform's sender on the services' copy of a tenant. */
static const char *
mail_from_of(int64_t id)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;

	ck_assert_int_eq(db_exec(adm, ta, T_MAIL_FROM, &arg, 1, &res),
	    SOUK_OK);
	ck_assert_uint_eq(res.nrows, 1);
	return db_cell(&res, 0, 0);
}

START_TEST(test_tenant_mail_from)
{
	ck_assert_str_eq(mail_from_of(T1), "(none)");
	ck_assert_int_eq(svc_tenant_put(svc, ta, T1, "check-one", "Check One",
	    "draft", "sender@platform.example"), SOUK_OK);
	ck_assert_str_eq(mail_from_of(T1), "sender@platform.example");
	/* NULL keeps it (soukctl's copy of a tenant says nothing of it) */
	ck_assert_int_eq(svc_tenant_put(svc, ta, T1, "check-one", "Renamed",
	    "draft", NULL), SOUK_OK);
	ck_assert_str_eq(mail_from_of(T1), "sender@platform.example");
	/* "" puts back the service's own */
	ck_assert_int_eq(svc_tenant_put(svc, ta, T1, "check-one", "Renamed",
	    "draft", ""), SOUK_OK);
	ck_assert_str_eq(mail_from_of(T1), "(none)");
	ck_assert_str_eq(mail_from_of(T2), "(none)");
}
END_TEST

START_TEST(test_verify_good_and_replay)
{
	const char	*k = make_key("all", "", 100);
	struct signer	 s, again;

	sign(&s, k, "9101", "{\"x\":1}", 0, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	again = s;
	VERIFY_IS(&again, SOUK_UNAUTHORIZED, "nonce");
	/* the database remembers even when memcached forgot */
	{
		const char *ck = arena_printf(ta, "souk:v1:nonce:%s:%s", s.pk,
		    s.nonce);

		cache_del(mc, ck);
	}
	VERIFY_IS(&again, SOUK_UNAUTHORIZED, "nonce");
	ck_assert_int_gt(sec_nonce_purge(center, ta), -1);
}
END_TEST

START_TEST(test_verify_tampering)
{
	const char	*k = make_key("all", "", 100);
	struct signer	 s;

	sign(&s, k, "9101", "{\"x\":1}", 0, NULL);
	s.call.sig.body = "{\"x\":2}";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "signature");
	sign(&s, k, "9101", "{}", 0, NULL);
	s.call.sig.tenant = "9102";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "signature");
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.raw_query = "a=1&b=3";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "signature");
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.method = "PUT";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "signature");
	/* v2 signs Content-Type; and a repeated query name never passes */
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.content_type = "application/x-www-form-urlencoded";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "signature");
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.raw_query = "b=2&a=1&a=2";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "repeated");
	/* v1 is off by default (accept_signature_v1) */
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.version = SEC_SIG_V1;
	s.call.version = NULL;
	s.call.signature = sec_sign(ta, &s.call.sig, s.secret,
	    strlen(s.secret));
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "v1");
	/* a key's secret cannot sign for another key */
	sign(&s, k, NULL, "{}", 0, NULL);
	s.call.sig.api_key = "pk_000000000000000000000000";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "unknown key");
}
END_TEST

START_TEST(test_verify_headers)
{
	const char	*k = make_key("all", "", 100);
	struct signer	 s;

	sign(&s, k, NULL, "", 0, NULL);
	s.call.sig.nonce = "abc";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "malformed");
	sign(&s, k, NULL, "", 0, NULL);
	s.call.sig.timestamp = "17000000000";
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "malformed");
	sign(&s, k, NULL, "", 0, NULL);
	{
		char	*bad = arena_strdup(ta, s.call.signature);

		bad[0] = 'G';
		s.call.signature = bad;
	}
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "malformed");
	sign(&s, k, "09101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "malformed");
	sign(&s, k, NULL, "", 0, NULL);
	s.call.signature = NULL;
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "malformed");
}
END_TEST

START_TEST(test_verify_window)
{
	const char	*k = make_key("all", "", 100);
	struct signer	 s;

	sign(&s, k, NULL, "", -301, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "window");
	sign(&s, k, NULL, "", 301, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "window");
	sign(&s, k, NULL, "", -295, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	sign(&s, k, NULL, "", 295, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
}
END_TEST

START_TEST(test_verify_key_states)
{
	const char	*k = make_key("all", "", 100);
	const char	*pk = arena_strndup(ta, k, strcspn(k, " "));
	struct signer	 s;

	key_set(pk, "deprecated", 3600, 0);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	key_set(pk, "deprecated", -1, 0);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "deprecation");
	key_set(pk, "active", 0, -1);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "expired");
	key_set(pk, "active", 0, 3600);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	/* revoke, as soukctl does it: the cached record goes at once */
	ck_assert_int_eq(sec_key_revoke(center, ta, pk), SOUK_OK);
	sec_key_uncache(mc, ta, pk, 1);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "unknown key");
	/* and once the mark is gone, from the database */
	sec_key_uncache(mc, ta, pk, 0);
	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "revoked");
}
END_TEST

START_TEST(test_verify_tenants_ips_rate)
{
	const char	*k = make_key("9101,9105", "10.1.0.0/16,::1", 3);
	struct signer	 s;
	const char	*why;
	int		 retry;

	sign(&s, k, "9101", "", 0, "10.1.200.3");
	VERIFY_IS(&s, SOUK_OK, "");
	sign(&s, k, "9102", "", 0, "::1");
	VERIFY_IS(&s, SOUK_FORBIDDEN, "tenant");
	sign(&s, k, NULL, "", 0, "10.2.0.1");
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "allowlist");
	sign(&s, k, NULL, "", 0, "127.0.0.1");
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "allowlist");
	sign(&s, k, "9105", "", 0, "::1");
	/* the third call of the minute is still allowed */
	VERIFY_IS(&s, SOUK_OK, "");
	sign(&s, k, "9105", "", 0, "::1");
	ck_assert_int_eq(verify(&s, &why, &retry), SOUK_RATELIMIT);
	ck_assert_int_ge(retry, 1);
	ck_assert_int_le(retry, 60);
}
END_TEST

/* What memcached holds cannot widen a key: the record carries a MAC. */
START_TEST(test_verify_cached_record)
{
	const char	*k = make_key("9101", "", 100);
	const char	*pk = arena_strndup(ta, k, strcspn(k, " "));
	const char	*ck = arena_printf(ta, "souk:v1:apikey:%s", pk);
	struct signer	 s;
	char		*rec, *old, *p;
	size_t		 len, oldlen;

	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_FORBIDDEN, "tenant");	/* must name one */
	sign(&s, k, "9101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	/* the record as memcached holds it, sealed */
	ck_assert_ptr_nonnull(old = stack_mc_take(ta, ck, &oldlen));
	ck_assert_ptr_nonnull(p = strstr(old, "\n9101\n"));
	/* widened to every tenant by someone on the box: not believed */
	rec = arena_printf(ta, "%.*s\nall\n%s", (int)(p - old), old,
	    p + 6);
	stack_mc_put(ck, rec, strlen(rec));
	sign(&s, k, "9102", "", 0, NULL);
	VERIFY_IS(&s, SOUK_FORBIDDEN, "tenant");
	/* a revoke's mark wins over a reader filling the cache late */
	ck_assert_int_eq(sec_key_revoke(center, ta, pk), SOUK_OK);
	sec_key_uncache(mc, ta, pk, 1);
	cache_add(mc, ck, "stale", 5, 60);
	sign(&s, k, "9101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "unknown key");
	/* the key's genuine record from before the revoke, put back */
	stack_mc_put(ck, old, oldlen);
	ck_assert_ptr_nonnull(cache_get(mc, ta, ck, &len));
	sign(&s, k, "9101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "revoked");
}
END_TEST

START_TEST(test_ip_allowlist)
{
	ck_assert(sec_ip_allowed("", "1.2.3.4"));
	ck_assert(sec_ip_allowed("1.2.3.4", "1.2.3.4"));
	ck_assert(!sec_ip_allowed("1.2.3.4", "1.2.3.5"));
	ck_assert(sec_ip_allowed("1.2.3.0/25", "1.2.3.127"));
	ck_assert(!sec_ip_allowed("1.2.3.0/25", "1.2.3.128"));
	ck_assert(sec_ip_allowed("0.0.0.0/0", "9.9.9.9"));
	ck_assert(sec_ip_allowed("x,fd00::/8", "fd12::1"));
	ck_assert(!sec_ip_allowed("fd00::/8", "fe00::1"));
	ck_assert(!sec_ip_allowed("1.2.3.4/33", "1.2.3.4"));
	ck_assert(!sec_ip_allowed("::ffff:1.2.3.4", "1.2.3.4"));
	ck_assert(!sec_ip_allowed("1.2.3.4", "not-an-ip"));
	ck_assert(!sec_ip_allowed("1.2.3.4", NULL));
}
END_TEST

/* ---- notifications ----------------------------------------------------- */

/* The platform's texts in English (their source language). */
static const struct tmpl_lang *
platform(void)
{
	static struct tmpl_lang	 en = { "en", NULL, NULL };
	char			 dir[1024], err[512];
	const char		*src = getenv("SOUK_SRCDIR");

	if (en.set != NULL)
		return &en;
	snprintf(dir, sizeof(dir), "%s/templates/services",
	    src != NULL && *src != '\0' ? src : ".");
	en.set = tmpl_set_load(dir, svc_vars, err, sizeof(err));
	ck_assert_msg(en.set != NULL, "templates: %s", err);
	return &en;
}

static struct svc_request
request(int64_t tenant, const char *code, const char *locale,
    const char *data)
{
	struct svc_request	 rq;

	memset(&rq, 0, sizeof(rq));
	rq.channel = SVC_EMAIL;
	rq.tenant_id = tenant;
	rq.idempotency_key = "k1";
	rq.request_hash = "h1";
	rq.caller = "pk_test";
	rq.to = "shopper@example.com";
	rq.template = code;
	rq.locale = locale;
	rq.data = data != NULL ? json_tokener_parse(data) : NULL;
	return rq;
}

/* Render on budget b (NULL: the API's, with a 250 ms clock). */
static void
render_on(int64_t tenant, struct svc_request *rq, struct tmpl_budget *b,
    struct svc_message *m, enum souk_err want)
{
	struct svc_tenant	 t;
	struct tmpl_budget	 api;

	if (b == NULL) {
		tmpl_budget_init(&api, SVC_RENDER_NODES, SVC_RENDER_BYTES, 250);
		b = &api;
	}
	ck_assert_int_eq(svc_tenant_get(svc, ta, tenant, &t), SOUK_OK);
	ck_assert_int_eq(svc_render(svc, ta, platform(), 1, &t, rq, b, m), want);
	json_object_put(rq->data);
	rq->data = NULL;
}

static void
render(int64_t tenant, struct svc_request *rq, struct svc_message *m,
    enum souk_err want)
{
	render_on(tenant, rq, NULL, m, want);
}

START_TEST(test_render_defaults)
{
	struct svc_request	 rq;
	struct svc_message	 m;
	static const char *const codes[] = { "order_confirmation",
	    "password_reset", "email_verification", "staff_invitation" };
	size_t			 i;

	rq = request(T1, "order_confirmation", "fr-CA", "{\"customer_name\": "
	    "\"Ann <b>\", \"order_number\": \"A-17\", \"total\": \"$12.00\", "
	    "\"items\": [{\"name\": \"Mug\", \"quantity\": 2, \"price\": "
	    "\"$6.00\"}]}");
	render(T1, &rq, &m, SOUK_OK);
	ck_assert_str_eq(m.subject, "Check <One>: order A-17 confirmed");
	ck_assert_ptr_nonnull(strstr(m.html, "Hello Ann &lt;b&gt;,"));
	ck_assert_ptr_nonnull(strstr(m.html, "Check &lt;One&gt;"));
	ck_assert_ptr_nonnull(strstr(m.html, "2 × Mug"));
	ck_assert_ptr_nonnull(strstr(m.text, "Hello Ann <b>,"));
	ck_assert_ptr_nonnull(strstr(m.text, "2 x Mug  $6.00"));
	ck_assert_ptr_nonnull(strstr(m.text, "Total: $12.00"));
	/* a missing field renders empty; it does not fail the send */
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		rq = request(T1, codes[i], "en", NULL);
		render(T1, &rq, &m, SOUK_OK);
		ck_assert_msg(*m.subject != '\0' && *m.html != '\0' &&
		    *m.text != '\0', "%s renders", codes[i]);
		rq = request(T1, codes[i], "en", NULL);
		rq.channel = SVC_SMS;
		render(T1, &rq, &m, SOUK_OK);
		ck_assert_ptr_null(m.subject);
		ck_assert_ptr_nonnull(strstr(m.text, "Check <One>"));
	}
	rq = request(T1, "order_confirmation", "en", NULL);
	render(T1, &rq, &m, SOUK_OK);
	ck_assert_ptr_nonnull(strstr(m.text, "Hello ,"));
	rq = request(T1, "no_such_template", "en", NULL);
	render(T1, &rq, &m, SOUK_NOTFOUND);
}
END_TEST

START_TEST(test_tenant_templates)
{
	struct svc_request	 rq;
	struct svc_message	 m;
	char			 why[256];

	ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "de", "Bestellung {{order_number}}",
	    "<p>Danke, {{customer_name}}</p>", "Danke, {{customer_name}}",
	    why, sizeof(why)), SOUK_OK);
	ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "en", "x", "<p>{{secret_field}}</p>", "x",
	    why, sizeof(why)), SOUK_INVALID);
	ck_assert_ptr_nonnull(strstr(why, "unknown variable \"secret_field\""));
	ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "en", "x", "{{#items}}", "x", why,
	    sizeof(why)), SOUK_INVALID);
	/* the shop's own text, for its locale only */
	rq = request(T1, "order_confirmation", "de-AT",
	    "{\"order_number\": \"7\", \"customer_name\": \"Jo & Co\"}");
	render(T1, &rq, &m, SOUK_OK);
	ck_assert_str_eq(m.subject, "Bestellung 7");
	ck_assert_str_eq(m.html, "<p>Danke, Jo &amp; Co</p>");
	ck_assert_str_eq(m.text, "Danke, Jo & Co");
	/* the other shop still gets the platform's text */
	rq = request(T2, "order_confirmation", "de", "{\"order_number\": \"7\"}");
	render(T2, &rq, &m, SOUK_OK);
	ck_assert_str_eq(m.subject, "Check Two: order 7 confirmed");
	ck_assert_int_eq(svc_template_delete(svc, ta, T2, SVC_EMAIL,
	    "order_confirmation", "de"), SOUK_NOTFOUND);
	ck_assert_int_eq(svc_template_delete(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "de"), SOUK_OK);
	rq = request(T1, "order_confirmation", "de", "{\"order_number\": \"7\"}");
	render(T1, &rq, &m, SOUK_OK);
	ck_assert_str_eq(m.subject, "Check <One>: order 7 confirmed");
}
END_TEST

START_TEST(test_enqueue_idempotent)
{
	struct svc_request	 rq = request(T1, "password_reset", "en", NULL);
	struct svc_message	 m = { "s", "<p>h</p>", "t" };
	struct json_object	*o, *ev;
	int64_t			 id, id2, id3;
	int			 again;

	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &id, &again), SOUK_OK);
	ck_assert_int_eq(again, 0);
	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &id2, &again), SOUK_OK);
	ck_assert_int_eq(again, 1);
	ck_assert_int_eq(id2, id);
	rq.request_hash = "h2";
	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &id2, &again),
	    SOUK_CONFLICT);
	/* keys belong to a shop: the other one may use the same */
	rq = request(T2, "password_reset", "en", NULL);
	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &id3, &again), SOUK_OK);
	ck_assert_int_ne(id3, id);
	ck_assert_int_eq(svc_notification_json(svc, ta, T2, id, &o),
	    SOUK_NOTFOUND);
	ck_assert_int_eq(svc_notification_json(svc, ta, T1, id, &o), SOUK_OK);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(o,
	    "to")), "shopper@example.com");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(o,
	    "template")), "password_reset");
	ev = json_object_object_get(o, "events");
	ck_assert_int_ge(json_object_array_length(ev), 1);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_array_get_idx(ev, 0), "event")), "queued");
	json_object_put(o);
}
END_TEST

static const char *
note_state(int64_t tenant, int64_t id)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(id) };
	struct db_res	 res;

	ck_assert_int_eq(db_exec(adm, ta, T_NOTE_STATE, args, 2, &res),
	    SOUK_OK);
	ck_assert_uint_eq(res.nrows, 1);
	return db_cell(&res, 0, 0);
}

/*
 * The worker never sends for a shop that is not active, and gives up on
 * a message whose attempts are spent, even one a dead worker left in
 * 'sending'.  (The dev stack's own worker may get there first: the
 * outcome is the same.)
 */
START_TEST(test_queue_gives_up)
{
	struct svc_request	 rq = request(T1, "password_reset", "en", NULL);
	struct svc_message	 m = { "s", "<p>h</p>", "t" };
	struct svc_sender	 s = { svc, NULL, &conf, 3, 60 };
	int64_t			 draft, dead;
	int			 again, i;

	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &draft, &again),
	    SOUK_OK);
	rq.idempotency_key = "k2";
	ck_assert_int_eq(svc_enqueue(svc, ta, &rq, &m, &dead, &again),
	    SOUK_OK);
	{
		struct db_arg args[] = { DB_I(3), DB_I(T1), DB_I(dead) };

		ck_assert_int_eq(db_exec(adm, ta, T_NOTE_ABANDON, args, 3,
		    NULL), SOUK_OK);
	}
	for (i = 0; i < 50 && (str_has_prefix(note_state(T1, draft), "queued")
	    || str_has_prefix(note_state(T1, dead), "sending")); i++)
		ck_assert_int_ge(svc_send_due(&s, ta, 100), 0);
	ck_assert_str_eq(note_state(T1, draft),
	    "failed: the shop is not active");
	ck_assert_str_eq(note_state(T1, dead), "failed: gave up after 3 "
	    "attempts (the worker stopped during the last)");
}
END_TEST

/*
 * Security messages are the platform's: a shop cannot store its own
 * text for one, and a row put straight into the database is ignored.
 */
START_TEST(test_security_templates)
{
	static const char *const codes[] = { "password_reset",
	    "email_verification", "staff_invitation", "invitation" };
	struct svc_request	 rq;
	struct svc_message	 m;
	char			 why[256];
	size_t			 i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert(svc_template_locked(codes[i]));
		ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
		    codes[i], "en", "Hi", "<a href=\"x\">{{reset_url}}</a>",
		    "{{reset_url}}", why, sizeof(why)), SOUK_INVALID);
		ck_assert_ptr_nonnull(strstr(why, "security message"));
		ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_SMS,
		    codes[i], "en", "", "", "{{code}}", why, sizeof(why)),
		    SOUK_INVALID);
	}
	ck_assert(!svc_template_locked("order_confirmation"));
	{
		struct db_arg	 args[] = { DB_I(T1), DB_S("email"),
		    DB_S("password_reset"), DB_S("Evil {{shop_name}}"),
		    DB_S("<a href=\"https://evil.example/?{{reset_url|url}}\">"
		    "go</a>"), DB_S("evil {{reset_url}}") };

		ck_assert_int_eq(db_exec(adm, ta, T_TMPL_FORCE, args, 6, NULL),
		    SOUK_OK);
	}
	rq = request(T1, "password_reset", "en-GB",
	    "{\"reset_url\": \"https://shop.example/reset?token=T0K\"}");
	render(T1, &rq, &m, SOUK_OK);
	ck_assert_str_eq(m.subject, "Reset your Check <One> password");
	ck_assert_ptr_null(strstr(m.html, "evil"));
	ck_assert_ptr_null(strstr(m.text, "evil"));
	ck_assert_ptr_nonnull(strstr(m.text,
	    "https://shop.example/reset?token=T0K"));
}
END_TEST

/*
 * A shop's text nested four deep over 1,000 items: 10^12 steps without
 * a budget.  The render stops at once and says which limit it hit; the
 * clock alone stops it too.  Five deep is refused when stored.
 */
START_TEST(test_render_budget)
{
	struct svc_request	 rq;
	struct svc_message	 m;
	struct tmpl_budget	 b;
	struct json_object	*items;
	char			 why[256];
	const char		*nest = "{{#items}}{{#items}}{{#items}}"
	    "{{#items}}{{name}}{{/items}}{{/items}}{{/items}}{{/items}}";
	double			 t0;
	int			 i;

	ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "en", "x", nest, "x", why, sizeof(why)),
	    SOUK_OK);
	ck_assert_int_eq(svc_template_put(svc, ta, T1, SVC_EMAIL,
	    "order_confirmation", "en", "x", "{{#items}}<p>\n{{#items}}"
	    "{{#items}}{{#items}}{{#items}}{{/items}}{{/items}}{{/items}}"
	    "{{/items}}{{/items}}", "x", why, sizeof(why)), SOUK_INVALID);
	ck_assert_str_eq(why, "body.html:2: sections nested more than 4 deep");
	for (i = 0; i < 2; i++) {
		rq = request(T1, "order_confirmation", "en", "{\"items\": []}");
		ck_assert_ptr_nonnull(items = json_object_object_get(rq.data,
		    "items"));
		while (json_object_array_length(items) < 1000)
			json_object_array_add(items,
			    json_tokener_parse("{\"name\": \"n\"}"));
		/* the API's budget, then steps to spare and a 20 ms clock */
		if (i == 0)
			tmpl_budget_init(&b, SVC_RENDER_NODES,
			    SVC_RENDER_BYTES, 60000);
		else
			tmpl_budget_init(&b, UINT64_MAX, UINT64_MAX, 20);
		t0 = time_now_ms();
		render_on(T1, &rq, &b, &m, SOUK_TOOLARGE);
		ck_assert_msg(time_now_ms() - t0 < 3000, "took %.0f ms",
		    time_now_ms() - t0);
		ck_assert_int_eq(b.over, i == 0 ? TMPL_OVER_NODES :
		    TMPL_OVER_TIME);
	}
}
END_TEST

START_TEST(test_data_limits)
{
	struct json_object	*d, *a, *o;
	struct souk_why		 why = { NULL, NULL };
	char			 big[70000];
	int			 i;

	ck_assert_int_eq(svc_data_check(NULL, &why), SOUK_OK);
	d = json_object_new_object();
	a = json_object_new_array();
	json_object_object_add(d, "items", a);
	for (i = 0; i < 1000; i++)
		json_object_array_add(a, json_object_new_int(i));
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_OK);
	json_object_array_add(a, json_object_new_int(i));
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_TOOLARGE);
	ck_assert_str_eq(why.field, "data");
	ck_assert_ptr_nonnull(strstr(why.msg, "more than 1000 elements"));
	json_object_put(d);

	/* {"v": {"v": ... }}: the sixth level holds a value, not a seventh */
	d = o = json_object_new_object();
	for (i = 0; i < 5; i++) {
		a = json_object_new_object();
		json_object_object_add(o, "v", a);
		o = a;
	}
	json_object_object_add(o, "x", json_object_new_string("deep"));
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_OK);
	json_object_object_add(o, "x", json_object_new_array());
	json_object_array_add(json_object_object_get(o, "x"),
	    json_object_new_int(1));
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_TOOLARGE);
	ck_assert_ptr_nonnull(strstr(why.msg, "6 levels"));
	json_object_put(d);

	memset(big, 'a', sizeof(big));
	d = json_object_new_object();
	json_object_object_add(d, "message", json_object_new_string_len(big,
	    65536 - 14));	/* {"message":"…"} is 65536 bytes */
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_OK);
	json_object_object_add(d, "message", json_object_new_string_len(big,
	    65536 - 13));
	ck_assert_int_eq(svc_data_check(d, &why), SOUK_TOOLARGE);
	ck_assert_ptr_nonnull(strstr(why.msg, "65536 bytes"));
	json_object_put(d);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("services");
	TCase	*tc = tcase_create("verify");
	TCase	*nt = tcase_create("notify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_verify_good_and_replay);
	tcase_add_test(tc, test_verify_tampering);
	tcase_add_test(tc, test_verify_headers);
	tcase_add_test(tc, test_verify_window);
	tcase_add_test(tc, test_verify_key_states);
	tcase_add_test(tc, test_verify_tenants_ips_rate);
	tcase_add_test(tc, test_verify_cached_record);
	tcase_add_test(tc, test_ip_allowlist);
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(nt, setup, teardown);
	tcase_add_test(nt, test_tenant_mail_from);
	tcase_add_test(nt, test_render_defaults);
	tcase_add_test(nt, test_tenant_templates);
	tcase_add_test(nt, test_enqueue_idempotent);
	tcase_add_test(nt, test_queue_gives_up);
	tcase_add_test(nt, test_security_templates);
	tcase_add_test(nt, test_render_budget);
	tcase_add_test(nt, test_data_limits);
	tcase_set_timeout(nt, 30);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, nt);
	return s;
}

#define TAP_INIT	stack_init
#include "tap.h"
