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
	T_MAIL_FROM, T_DEL_EVENTS,
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
	mc = cache_new(conf.memcached_servers, 200, 60);
	ck_assert_ptr_nonnull(mc);
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

	ck_assert_int_eq(sec_key_create(center, ta, conf.master_key, &k, &out),
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
	struct sec_verifier	 v = { center, mc, conf.master_key, 300,
	    time_unix(), 0 };
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
	char		*rec, *p;
	size_t		 len;

	sign(&s, k, NULL, "", 0, NULL);
	VERIFY_IS(&s, SOUK_FORBIDDEN, "tenant");	/* must name one */
	sign(&s, k, "9101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_OK, "");
	ck_assert_ptr_nonnull(rec = cache_get(mc, ta, ck, &len));
	ck_assert_ptr_nonnull(p = strstr(rec, "\n9101\n"));
	rec = arena_printf(ta, "%.*s\nall\n%s", (int)(p - rec), rec,
	    p + 6);
	cache_set(mc, ck, rec, strlen(rec), 60);
	sign(&s, k, "9102", "", 0, NULL);
	VERIFY_IS(&s, SOUK_FORBIDDEN, "tenant");
	/* a revoke's mark wins over a reader filling the cache late */
	ck_assert_int_eq(sec_key_revoke(center, ta, pk), SOUK_OK);
	sec_key_uncache(mc, ta, pk, 1);
	cache_add(mc, ck, "stale", 5, 60);
	sign(&s, k, "9101", "", 0, NULL);
	VERIFY_IS(&s, SOUK_UNAUTHORIZED, "unknown key");
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

static const struct tmpl_set *
platform(void)
{
	static struct tmpl_set	*set;
	char			 dir[1024], err[512];
	const char		*src = getenv("SOUK_SRCDIR");

	if (set != NULL)
		return set;
	snprintf(dir, sizeof(dir), "%s/templates/services",
	    src != NULL && *src != '\0' ? src : ".");
	set = tmpl_set_load(dir, svc_vars, err, sizeof(err));
	ck_assert_msg(set != NULL, "templates: %s", err);
	return set;
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

static void
render(int64_t tenant, struct svc_request *rq, struct svc_message *m,
    enum souk_err want)
{
	struct svc_tenant	 t;

	ck_assert_int_eq(svc_tenant_get(svc, ta, tenant, &t), SOUK_OK);
	ck_assert_int_eq(svc_render(svc, ta, platform(), &t, rq, m), want);
	json_object_put(rq->data);
	rq->data = NULL;
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
	tcase_set_timeout(nt, 30);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, nt);
	return s;
}

#define TAP_INIT	stack_init
#include "tap.h"
