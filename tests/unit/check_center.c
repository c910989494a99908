/*
 * Center Control's pure rules: the lifecycle's transition table (every
 * pair of states), Standard Webhooks signatures (the specification's
 * own example), feature values, and the comma-separated lists of
 * methods a tenant may enable.
 */
#include <string.h>

#include <check.h>

#include "center/center.h"

static const char *const states[] = { "draft", "provisioning", "active",
	"suspended", "terminated" };

/* allowed[from][to], in the order of states[]. */
static const int allowed[5][5] = {
	/* draft */		{ 0, 1, 0, 0, 1 },
	/* provisioning */	{ 0, 0, 1, 0, 1 },
	/* active */		{ 0, 0, 0, 1, 1 },
	/* suspended */		{ 0, 0, 1, 0, 1 },
	/* terminated */	{ 0, 0, 0, 0, 0 },
};

START_TEST(test_transition_table)
{
	int	 from = _i / 5, to = _i % 5;

	ck_assert_msg(ctr_transition_allowed(states[from], states[to]) ==
	    allowed[from][to], "%s -> %s should be %s", states[from],
	    states[to], allowed[from][to] ? "allowed" : "refused");
}
END_TEST

START_TEST(test_states)
{
	size_t	 i;

	for (i = 0; i < 5; i++)
		ck_assert(ctr_state_ok(states[i]));
	ck_assert(!ctr_state_ok("read_only"));
	ck_assert(!ctr_state_ok("Active"));
	ck_assert(!ctr_state_ok(""));
	ck_assert(!ctr_state_ok(NULL));
	ck_assert(!ctr_transition_allowed("active", "paused"));
	ck_assert(!ctr_transition_allowed(NULL, "active"));
}
END_TEST

/* The example of the Standard Webhooks specification. */
START_TEST(test_webhook_signature)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	const char	*secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
	const char	*id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
	const char	*body = "{\"test\": 2432232314}";

	ck_assert_str_eq(ctr_webhook_sign(a, secret, id, 1614265330, body),
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	/* the same without the prefix; anything else changes it */
	ck_assert_str_eq(ctr_webhook_sign(a, secret + 6, id, 1614265330,
	    body), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	ck_assert_str_ne(ctr_webhook_sign(a, secret, id, 1614265331, body),
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	ck_assert_str_ne(ctr_webhook_sign(a, secret, id, 1614265330,
	    "{\"test\": 2432232315}"),
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	ck_assert_ptr_null(ctr_webhook_sign(a, "whsec_!!not base64!!", id, 1,
	    body));
	arena_free(a);
}
END_TEST

START_TEST(test_feature_values)
{
	ck_assert(ctr_feature_value_ok("boolean", "true"));
	ck_assert(ctr_feature_value_ok("boolean", "false"));
	ck_assert(!ctr_feature_value_ok("boolean", "yes"));
	ck_assert(!ctr_feature_value_ok("boolean", "1"));
	ck_assert(ctr_feature_value_ok("limit", "0"));
	ck_assert(ctr_feature_value_ok("limit", "1000000"));
	ck_assert(!ctr_feature_value_ok("limit", "-1"));
	ck_assert(!ctr_feature_value_ok("limit", "12a"));
	ck_assert(!ctr_feature_value_ok("limit", ""));
	ck_assert(ctr_feature_value_ok("string", "priority"));
	ck_assert(ctr_feature_value_ok("string", ""));
	ck_assert(!ctr_feature_value_ok("string", "two\nlines"));
	ck_assert(!ctr_feature_value_ok("colour", "red"));
	ck_assert(!ctr_feature_value_ok("limit", NULL));
}
END_TEST

START_TEST(test_method_lists)
{
	struct arena	*a = arena_new(4096, 1 << 20);

	ck_assert(ctr_csv_within("card", "card,paypal"));
	ck_assert(ctr_csv_within("paypal,card", "card,paypal"));
	ck_assert(ctr_csv_within("", "card"));
	ck_assert(!ctr_csv_within("cod", "card,paypal"));
	ck_assert(!ctr_csv_within("card,", "card,paypal"));
	ck_assert(!ctr_csv_within("card,,paypal", "card,paypal"));
	ck_assert(!ctr_csv_within("car", "card,paypal"));
	ck_assert(!ctr_csv_within(NULL, "card"));
	ck_assert_str_eq(ctr_csv_filter(a, "card,cod,paypal", "paypal,card"),
	    "card,paypal");
	ck_assert_str_eq(ctr_csv_filter(a, "cod", "card"), "");
	ck_assert_str_eq(ctr_csv_filter(a, "", "card"), "");
	arena_free(a);
}
END_TEST

START_TEST(test_like_escapes)
{
	struct arena	*a = arena_new(4096, 1 << 20);

	ck_assert_str_eq(ctr_like(a, "%", "50%_off\\", "%"),
	    "%50\\%\\_off\\\\%");
	ck_assert_str_eq(ctr_like(a, "", "tenant.", "%"), "tenant.%");
	arena_free(a);
}
END_TEST

START_TEST(test_event_types)
{
	ck_assert(ctr_event_type_ok("tenant_created"));
	ck_assert(ctr_event_type_ok("plan_changed"));
	ck_assert(ctr_event_type_ok("*"));
	ck_assert(!ctr_event_type_ok("tenant_created,plan_changed"));
	ck_assert(!ctr_event_type_ok("tenant"));
	ck_assert(!ctr_event_type_ok(""));
	ck_assert(!ctr_event_type_ok(NULL));
}
END_TEST

/* A production configuration: no loopback, ports 443 and 80. */
static void
conf_prod(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	(void)str_lcpy(c->base_domain, "example.net", sizeof(c->base_domain));
	(void)str_lcpy(c->center_url, "https://ctl.example.org",
	    sizeof(c->center_url));
	(void)str_lcpy(c->services_url, "https://svc.example.org:8443/x",
	    sizeof(c->services_url));
	(void)str_lcpy(c->outbound_ports, "443,80", sizeof(c->outbound_ports));
}

/*
 * Refused before anything is stored (the database handle is NULL): the
 * URL policy of souk.conf applies at creation, with the switch off.
 */
START_TEST(test_webhook_url_policy)
{
	static const char *const	 refused[] = {
	    "https://127.0.0.1/hook", "http://127.0.0.1:8080/hook",
	    "https://169.254.169.254/latest/meta-data/",
	    "https://[::ffff:127.0.0.1]/hook", "https://10.0.0.1/hook",
	    "https://[::1]/hook", "https://localhost/hook",
	    "https://hooks.localhost/hook", "https://[fd00::1]/hook",
	    "https://100.64.0.1/hook", "https://user:pw@example.com/hook",
	    "https://example.com:22/hook", "http://example.com/hook",
	    "ftp://example.com/hook", "https://example.com/a b",
	};
	static const char *const	 never[] = {
	    "http://169.254.169.254/latest/meta-data/",
	    "http://[::ffff:169.254.169.254]/", "http://0.0.0.0:8080/",
	    "http://[fe80::1]/", "http://224.0.0.1/",
	};
	struct arena	*a = arena_new(4096, 1 << 20);
	struct conf	 c;
	struct souk_why	 why;
	const char	*secret = NULL;
	int64_t		 id = 0;
	size_t		 i;

	conf_prod(&c);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ck_assert_msg(ctr_webhook_create(&c, NULL, a, &ctr_system,
		    refused[i], "*", NULL, &id, &secret, &why) ==
		    SOUK_INVALID, "%s", refused[i]);
		ck_assert_str_eq(why.field, "url");
		ck_assert_ptr_nonnull(why.msg);
	}
	/* the dev switch: loopback and http, never link-local and such */
	c.outbound_allow_loopback = 1;
	(void)str_lcpy(c.outbound_ports, "any", sizeof(c.outbound_ports));
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		ck_assert_msg(ctr_webhook_create(&c, NULL, a, &ctr_system,
		    never[i], "*", NULL, &id, &secret, &why) ==
		    SOUK_INVALID, "%s", never[i]);
		ck_assert_str_eq(why.field, "url");
	}
	ck_assert_ptr_null(secret);
	arena_free(a);
}
END_TEST

/* Names no tenant may claim, refused before anything is stored. */
START_TEST(test_domain_names)
{
	static const char *const	 refused[] = { "example.net",
	    "shop.example.net", "x.y.example.net", "a.b.c.example.net",
	    "center.example.net", "services.example.net",
	    "ctl.example.org", "svc.example.org", "localhost",
	    "shop.localhost", "127.0.0.1", "Shop.Example.com", "a..b.com",
	    "example", "-x.example.com", "x.example.com.", "[::1]",
	    "shop.example.com:8080", "",
	};
	struct arena	*a = arena_new(4096, 1 << 20);
	struct conf	 c;
	struct souk_why	 why;
	size_t		 i;

	conf_prod(&c);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ck_assert_msg(ctr_domain_add(&c, NULL, a, &ctr_system, 1,
		    refused[i], &why) == SOUK_INVALID, "%s", refused[i]);
		ck_assert_str_eq(why.field, "host");
	}
	ck_assert_int_eq(ctr_domain_add(&c, NULL, a, &ctr_system, 1, NULL,
	    &why), SOUK_INVALID);
	arena_free(a);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("center");
	TCase	*tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_transition_table, 0, 25);
	tcase_add_test(tc, test_states);
	tcase_add_test(tc, test_webhook_signature);
	tcase_add_test(tc, test_feature_values);
	tcase_add_test(tc, test_method_lists);
	tcase_add_test(tc, test_like_escapes);
	tcase_add_test(tc, test_event_types);
	tcase_add_test(tc, test_webhook_url_policy);
	tcase_add_test(tc, test_domain_names);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
