/* Validators, query and cookie parsing, the router, declared parameters. */
#include <string.h>

#include <check.h>

#include "http/http.h"

struct vcase {
	enum valid_type	 type;
	const char	*s;
	int64_t		 min, max;
	int		 ok;
};

static const struct vcase vcases[] = {
	{ VALID_INT, "0", 0, 10, 1 },
	{ VALID_INT, "10", 0, 10, 1 },
	{ VALID_INT, "11", 0, 10, 0 },
	{ VALID_INT, "-1", 0, 10, 0 },
	{ VALID_INT, "1e3", 0, 10000, 0 },
	{ VALID_INT, "", 0, 10, 0 },
	{ VALID_INT, " 5", 0, 10, 0 },
	{ VALID_ID, "1", 0, 0, 1 },
	{ VALID_ID, "0", 0, 0, 0 },
	{ VALID_ID, "9007199254740993", 0, 0, 0 },
	{ VALID_ID, "abc", 0, 0, 0 },
	{ VALID_SLUG, "classic-mug", 0, 0, 1 },
	{ VALID_SLUG, "t-shirts", 0, 0, 1 },
	{ VALID_SLUG, "a", 0, 0, 1 },
	{ VALID_SLUG, "-mug", 0, 0, 0 },
	{ VALID_SLUG, "mug-", 0, 0, 0 },
	{ VALID_SLUG, "a--b", 0, 0, 0 },
	{ VALID_SLUG, "Mug", 0, 0, 0 },
	{ VALID_SLUG, "m\xc3\xbcg", 0, 0, 0 },
	{ VALID_SLUG, "", 0, 0, 0 },
	{ VALID_EMAIL, "ann@example.com", 0, 0, 1 },
	{ VALID_EMAIL, "a.b+tag@shop.example.org", 0, 0, 1 },
	{ VALID_EMAIL, "ann@localhost", 0, 0, 0 },
	{ VALID_EMAIL, "@example.com", 0, 0, 0 },
	{ VALID_EMAIL, "ann@", 0, 0, 0 },
	{ VALID_EMAIL, "ann@@example.com", 0, 0, 0 },
	{ VALID_EMAIL, "a b@example.com", 0, 0, 0 },
	{ VALID_EMAIL, "ann..b@example.com", 0, 0, 0 },
	{ VALID_EMAIL, "ann@-bad.com", 0, 0, 0 },
	{ VALID_CURSOR, "p1z", 0, 0, 1 },
	{ VALID_CURSOR, "abc_DEF-9", 0, 0, 1 },
	{ VALID_CURSOR, "a=b", 0, 0, 0 },
	{ VALID_CURSOR, "", 0, 0, 0 },
	{ VALID_BOOL, "true", 0, 0, 1 },
	{ VALID_BOOL, "0", 0, 0, 1 },
	{ VALID_BOOL, "yes", 0, 0, 0 },
	{ VALID_HOST, "demo.localhost", 0, 0, 1 },
	{ VALID_HOST, "demo.localhost:8080", 0, 0, 1 },
	{ VALID_HOST, "Shop.Example.COM", 0, 0, 1 },
	{ VALID_HOST, "demo.localhost:0", 0, 0, 0 },
	{ VALID_HOST, "demo.localhost:99999", 0, 0, 0 },
	{ VALID_HOST, "demo..localhost", 0, 0, 0 },
	{ VALID_HOST, "demo_shop.localhost", 0, 0, 0 },
	{ VALID_HOST, "demo.localhost/x", 0, 0, 0 },
	{ VALID_HOST, "", 0, 0, 0 },
	{ VALID_TEXT, "hello\nworld", 1, 20, 1 },
	{ VALID_TEXT, "caf\xc3\xa9", 1, 20, 1 },
	{ VALID_TEXT, "bad\xc3", 1, 20, 0 },
	{ VALID_TEXT, "bell\a", 1, 20, 0 },
	{ VALID_TEXT, "", 1, 20, 0 },
	{ VALID_TEXT, "too long for this", 1, 5, 0 },
	/* limits count characters, as VARCHAR(n) does: 5 é are 10 bytes */
	{ VALID_LINE, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 1, 5, 1 },
	{ VALID_LINE, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 1, 5, 0 },
	{ VALID_LINE, "\xf0\x9f\x98\x80", 1, 1, 1 },
	{ VALID_LINE, "one line", 1, 20, 1 },
	{ VALID_LINE, "two\nlines", 1, 20, 0 },
};

START_TEST(test_validators)
{
	const struct vcase	*c = &vcases[_i];

	ck_assert_msg(valid_check(c->type, c->s, c->min, c->max) == c->ok,
	    "type %d \"%s\": want %d", c->type, c->s, c->ok);
}
END_TEST

START_TEST(test_query_parse)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	struct kv	*kv;
	size_t		 n;

	ck_assert_int_eq(http_parse_query(a, "a=1&b=two+words&c=%C3%A9&d",
	    &kv, &n), SOUK_OK);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(kv[0].key, "a");
	ck_assert_str_eq(kv[0].val, "1");
	ck_assert_str_eq(kv[1].val, "two words");
	ck_assert_str_eq(kv[2].val, "\xc3\xa9");
	ck_assert_str_eq(kv[3].key, "d");
	ck_assert_str_eq(kv[3].val, "");
	ck_assert_int_eq(http_parse_query(a, "&&x=1&", &kv, &n), SOUK_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(http_parse_query(a, "a=%zz", &kv, &n),
	    SOUK_INVALID);
	ck_assert_int_eq(http_parse_query(a, "a=%C3", &kv, &n),
	    SOUK_INVALID);
	ck_assert_int_eq(http_parse_query(a, "a=%00", &kv, &n),
	    SOUK_INVALID);
	ck_assert_int_eq(http_parse_query(a, "=1", &kv, &n), SOUK_INVALID);
	arena_free(a);
}
END_TEST

START_TEST(test_cookies_parse)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	struct kv	*kv;
	size_t		 n;

	ck_assert_int_eq(http_parse_cookies(a, "sid=abc; theme=dark;junk; "
	    "=x; e=", &kv, &n), SOUK_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(kv[0].key, "sid");
	ck_assert_str_eq(kv[0].val, "abc");
	ck_assert_str_eq(kv[1].key, "theme");
	ck_assert_str_eq(kv[2].key, "e");
	ck_assert_str_eq(kv[2].val, "");
	arena_free(a);
}
END_TEST

static enum souk_err
h_ok(struct req *r)
{
	(void)r;
	return SOUK_OK;
}

static const struct param_decl list_params[] = {
	{ "limit", VALID_INT, 0, 1, 100 },
	{ "q", VALID_LINE, 1, 1, 50 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl edit_body[] = {
	{ "name", VALID_LINE, 1, 1, 10 },
	{ "email", VALID_EMAIL, 0, 0, 0 },
	{ "stock", VALID_INT, 0, 0, 100 },
	{ "active", VALID_BOOL, 0, 0, 0 },
	{ "tags", VALID_LIST, 0, 0, 2 },
	{ NULL, 0, 0, 0, 0 }
};

/* A route: method, pattern, name, query parameters, body fields. */
#define R(m, pat, name, params, body) \
	{ m, pat, name, h_ok, params, 0, NULL, 0, 0, NULL, body }

static const struct route routes[] = {
	R(HTTP_GET, "/", "home", NULL, NULL),
	R(HTTP_GET, "/p/{slug:slug}", "product", NULL, NULL),
	R(HTTP_GET, "/api/v1/products", "list", list_params, NULL),
	R(HTTP_GET, "/api/v1/products/{id:id}", "one", NULL, NULL),
	R(HTTP_POST, "/api/v1/products/{id:id}", "edit", NULL, edit_body),
	R(HTTP_GET, "/static/*", "static", NULL, NULL),
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

static enum souk_err
find(struct arena *a, enum http_method m, const char *path,
    const char **name, struct kv **pv, size_t *n)
{
	const struct route	*rt = NULL;
	enum souk_err		 er;

	er = route_find(a, routes, NROUTES, m, path, &rt, pv, n);
	*name = rt == NULL ? NULL : rt->name;
	return er;
}

START_TEST(test_router)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	const char	*name;
	struct kv	*pv;
	size_t		 n;

	ck_assert_int_eq(find(a, HTTP_GET, "/", &name, &pv, &n), SOUK_OK);
	ck_assert_str_eq(name, "home");
	ck_assert_int_eq(find(a, HTTP_HEAD, "/", &name, &pv, &n), SOUK_OK);
	ck_assert_int_eq(find(a, HTTP_GET, "/p/classic-mug", &name, &pv, &n),
	    SOUK_OK);
	ck_assert_str_eq(name, "product");
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(pv[0].key, "slug");
	ck_assert_str_eq(pv[0].val, "classic-mug");
	ck_assert_int_eq(find(a, HTTP_GET, "/p/Bad_Slug", &name, &pv, &n),
	    SOUK_NOTFOUND);
	ck_assert_int_eq(find(a, HTTP_GET, "/p/", &name, &pv, &n),
	    SOUK_NOTFOUND);
	ck_assert_int_eq(find(a, HTTP_GET, "/p/a/b", &name, &pv, &n),
	    SOUK_NOTFOUND);
	ck_assert_int_eq(find(a, HTTP_GET, "/api/v1/products/42", &name, &pv,
	    &n), SOUK_OK);
	ck_assert_str_eq(name, "one");
	ck_assert_int_eq(find(a, HTTP_POST, "/api/v1/products/42", &name, &pv,
	    &n), SOUK_OK);
	ck_assert_str_eq(name, "edit");
	ck_assert_int_eq(find(a, HTTP_DELETE, "/api/v1/products/42", &name,
	    &pv, &n), SOUK_METHOD);
	ck_assert_int_eq(find(a, HTTP_GET, "/api/v1/products/0", &name, &pv,
	    &n), SOUK_NOTFOUND);
	ck_assert_int_eq(find(a, HTTP_GET, "/static/site.css", &name, &pv,
	    &n), SOUK_OK);
	ck_assert_int_eq(find(a, HTTP_GET, "/nope", &name, &pv, &n),
	    SOUK_NOTFOUND);
	ck_assert_str_eq(route_allowed(a, routes, NROUTES,
	    "/api/v1/products/7"), "GET, HEAD, POST");
	arena_free(a);
}
END_TEST

static enum souk_err
validate(struct req *r, const char *query)
{
	struct kv	*kv;
	size_t		 n;

	r->params = NULL;
	r->nparams = 0;
	r->field_errors = NULL;
	ck_assert_int_eq(http_parse_query(r->a, query, &kv, &n), SOUK_OK);
	return params_validate(r, kv, n);
}

START_TEST(test_declared_params)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	r.route = &routes[2];
	ck_assert_int_eq(validate(&r, "limit=5&evil=1&q=mugs"), SOUK_OK);
	ck_assert_uint_eq(r.nparams, 2);
	ck_assert_ptr_null(req_param(&r, "evil"));
	ck_assert_int_eq(req_param_i64(&r, "limit", 20), 5);
	ck_assert_str_eq(req_param(&r, "q"), "mugs");
	ck_assert_int_eq(validate(&r, "limit=5&limit=7&q=x"), SOUK_OK);
	ck_assert_int_eq(req_param_i64(&r, "limit", 20), 5);
	ck_assert_int_eq(validate(&r, "limit=0&q=x"), SOUK_INVALID);
	ck_assert_ptr_nonnull(r.field_errors);
	ck_assert_int_eq(validate(&r, "limit=101&q=x"), SOUK_INVALID);
	ck_assert_int_eq(validate(&r, "limit=abc&q=x"), SOUK_INVALID);
	ck_assert_int_eq(validate(&r, "limit=5"), SOUK_INVALID);
	ck_assert_int_eq(req_param_i64(&r, "limit", 20), 5);
	arena_free(r.a);
}
END_TEST

/* The fields of r's problem, sorted, comma-separated. */
static const char *
bad_fields(struct req *r)
{
	static char	 out[256];

	out[0] = '\0';
	json_object_object_foreach(r->field_errors, k, v) {
		(void)v;
		if (out[0] != '\0')
			str_lcpy(out + strlen(out), ",", sizeof(out) - strlen(out));
		str_lcpy(out + strlen(out), k, sizeof(out) - strlen(out));
	}
	return out;
}

static enum souk_err
body(struct req *r, const char *json)
{
	r->json = req_json_own(r, json_tokener_parse(json));
	r->field_errors = NULL;
	r->detail = NULL;
	return body_validate(r);
}

/* JSON bodies as declared: one 400 naming every bad or missing field. */
START_TEST(test_declared_body)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	r.route = &routes[4];
	ck_assert_int_eq(body(&r, "{\"name\":\"mug\",\"stock\":3,"
	    "\"active\":true,\"tags\":[\"a\",\"b\"],\"extra\":1}"), SOUK_OK);
	ck_assert_int_eq(body(&r, "{\"name\":\"mug\",\"email\":null}"),
	    SOUK_OK);	/* null is absent */
	ck_assert_int_eq(body(&r, "{\"name\":\"a long name\",\"email\":"
	    "\"x\",\"stock\":\"3\",\"active\":1,\"tags\":[\"a\",\"b\",\"c\"]}"),
	    SOUK_INVALID);
	ck_assert_str_eq(bad_fields(&r), "name,email,stock,active,tags");
	ck_assert_str_eq(r.detail, "One or more fields are invalid.");
	ck_assert_int_eq(body(&r, "{\"stock\":101,\"tags\":[7]}"),
	    SOUK_INVALID);
	ck_assert_str_eq(bad_fields(&r), "name,stock,tags");
	ck_assert_int_eq(body(&r, "[1, 2]"), SOUK_INVALID);
	ck_assert_ptr_null(r.field_errors);
	arena_free(r.a);
}
END_TEST

static enum souk_err
parse_json(struct req *r, const char *body)
{
	r->body = body;
	r->body_len = strlen(body);
	r->json = NULL;
	r->detail = NULL;
	return req_parse_json(r);
}

START_TEST(test_json_body)
{
	struct req	 r;
	char		 deep[200];
	int		 i;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	ck_assert_int_eq(parse_json(&r, "{\"name\": \"caf\u00e9\", \"n\": 2}"),
	    SOUK_OK);
	ck_assert(json_object_is_type(r.json, json_type_object));
	ck_assert_int_eq(parse_json(&r, "[1, 2, 3]"), SOUK_OK);
	ck_assert_int_eq(parse_json(&r, "{\"a\": 1"), SOUK_INVALID);
	ck_assert_ptr_nonnull(r.detail);
	ck_assert_int_eq(parse_json(&r, "{\"a\": 1} trailing"), SOUK_INVALID);
	ck_assert_int_eq(parse_json(&r, "{\"a\": \"\xc3\"}"), SOUK_INVALID);
	ck_assert_int_eq(parse_json(&r, ""), SOUK_INVALID);
	for (i = 0; i < 40; i++) {	/* well-formed but 40 deep */
		deep[i] = '[';
		deep[40 + i] = ']';
	}
	deep[80] = '\0';
	ck_assert_int_eq(parse_json(&r, deep), SOUK_INVALID);
	deep[10] = '\0';
	memset(deep + 10, ']', 10);	/* 10 deep is fine */
	deep[20] = '\0';
	ck_assert_int_eq(parse_json(&r, deep), SOUK_OK);
	arena_free(r.a);	/* runs the json-c cleanups */
}
END_TEST

/* One shape of "why" for both renderers, mapped by the one table. */
START_TEST(test_why_renderers)
{
	struct souk_why	 taken = { "slug", "another tenant has this slug" };
	struct souk_why	 bad = { "sku", "1 to 64 letters" };
	struct souk_why	 whole = { NULL, "a draft has nothing to send" };
	struct req	 r;
	const char	*msg;
	int		 st;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	ck_assert_int_eq(req_why(&r, SOUK_INVALID, &bad), SOUK_INVALID);
	ck_assert_ptr_null(r.detail);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(
	    r.field_errors, "sku")), "1 to 64 letters");
	r.field_errors = NULL;
	ck_assert_int_eq(req_why(&r, SOUK_CONFLICT, &taken), SOUK_CONFLICT);
	ck_assert_str_eq(r.detail, "Another tenant has this slug.");
	ck_assert_ptr_nonnull(json_object_object_get(r.field_errors, "slug"));
	r.field_errors = NULL;
	ck_assert_int_eq(req_why(&r, SOUK_CONFLICT, &whole), SOUK_CONFLICT);
	ck_assert_str_eq(r.detail, "A draft has nothing to send.");
	ck_assert_ptr_null(r.field_errors);
	r.detail = NULL;

	ck_assert(resp_form_error(&r, SOUK_CONFLICT, "Not added", &taken, &st,
	    &msg));
	ck_assert_int_eq(st, 409);
	ck_assert_str_eq(msg, "Not added: another tenant has this slug.");
	ck_assert(resp_form_error(&r, SOUK_INVALID, "Not added", &bad, &st,
	    &msg));
	ck_assert_int_eq(st, 400);
	ck_assert_str_eq(msg, "Not added: sku: 1 to 64 letters.");
	ck_assert(resp_form_error(&r, SOUK_FORBIDDEN, "Not added", NULL, &st,
	    &msg));
	ck_assert_int_eq(st, 403);
	ck_assert_str_eq(msg, "Not added.");
	/* the rest is the error page's */
	ck_assert(!resp_form_error(&r, SOUK_NOTFOUND, "Not added", &whole,
	    &st, &msg));
	ck_assert(!resp_form_error(&r, SOUK_DB, "Not added", &whole, &st,
	    &msg));
	arena_free(r.a);
}
END_TEST

START_TEST(test_cookies_and_headers)
{
	struct req	 r;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	buf_init(&r.headers, r.a, 256);
	r.scheme = "http";
	resp_cookie(&r, "sid", "abc123", "/admin", 3600);
	ck_assert_str_eq(r.headers.data, "Set-Cookie: sid=abc123; Path=/admin; "
	    "HttpOnly; SameSite=Lax; Max-Age=3600\r\n");
	buf_reset(&r.headers);
	r.scheme = "https";
	resp_cookie(&r, "sid", "x", "/", -1);
	ck_assert_str_eq(r.headers.data, "Set-Cookie: sid=x; Path=/; "
	    "HttpOnly; SameSite=Lax; Secure\r\n");
	/* header injection: a CR or LF drops the header */
	buf_reset(&r.headers);
	resp_header(&r, "Location", "/x\r\nSet-Cookie: evil=1");
	resp_cookie(&r, "sid", "a\nb", "/", -1);
	ck_assert_uint_eq(r.headers.len, 0);
	ck_assert_str_eq(http_reason(404), "Not Found");
	ck_assert_str_eq(http_reason(413), "Content Too Large");
	arena_free(r.a);
}
END_TEST

/* HSTS over HTTPS only; no-store where someone is signed in. */
START_TEST(test_security_headers)
{
	struct route	 signed_in = { .auth = 1 }, open = { .auth = 0 };
	struct req	 r;

	memset(&r, 0, sizeof(r));
	r.a = arena_new(4096, 1 << 20);
	buf_init(&r.headers, r.a, 256);
	r.reqid = "rid";
	r.scheme = "http";
	r.route = &open;
	resp_security_headers(&r);
	ck_assert_ptr_null(strstr(r.headers.data, "Strict-Transport"));
	ck_assert_ptr_null(strstr(r.headers.data, "Cache-Control"));
	ck_assert_ptr_nonnull(strstr(r.headers.data, "X-Frame-Options: DENY"));
	buf_reset(&r.headers);
	r.scheme = "https";
	r.route = &signed_in;
	resp_security_headers(&r);
	ck_assert_ptr_nonnull(strstr(r.headers.data,
	    "Strict-Transport-Security: max-age=31536000\r\n"));
	ck_assert_ptr_nonnull(strstr(r.headers.data,
	    "Cache-Control: no-store\r\n"));
	/* a handler's own Cache-Control stands, once */
	buf_reset(&r.headers);
	resp_header(&r, "cache-control", "private, max-age=60");
	resp_security_headers(&r);
	ck_assert_ptr_null(strstr(r.headers.data, "no-store"));
	arena_free(r.a);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc = tcase_create("http");

	tcase_add_loop_test(tc, test_validators, 0,
	    (int)(sizeof(vcases) / sizeof(vcases[0])));
	tcase_add_test(tc, test_query_parse);
	tcase_add_test(tc, test_cookies_parse);
	tcase_add_test(tc, test_router);
	tcase_add_test(tc, test_declared_params);
	tcase_add_test(tc, test_declared_body);
	tcase_add_test(tc, test_json_body);
	tcase_add_test(tc, test_why_renderers);
	tcase_add_test(tc, test_cookies_and_headers);
	tcase_add_test(tc, test_security_headers);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
