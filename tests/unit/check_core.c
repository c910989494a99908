/*
 * Unit tests of src/core: arena, buffers and escapers, strings, errors,
 * logging and configuration.  Tables of valid and invalid inputs run as
 * loop tests, so that each row is its own TAP line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "core/core.h"

#define NITEMS(x)	(sizeof(x) / sizeof((x)[0]))
/* A string literal and its length, embedded NULs included. */
#define S(x)		x, sizeof(x) - 1

/* ---- arena ----------------------------------------------------------- */

static int
aligned16(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

START_TEST(test_arena_many_small)
{
	struct arena	*a;
	unsigned char	*p[1000];
	size_t		 i;

	ck_assert_ptr_nonnull(a = arena_new(1024, 0));
	for (i = 0; i < NITEMS(p); i++) {
		ck_assert_ptr_nonnull(p[i] = arena_alloc(a, 24));
		ck_assert(aligned16(p[i]));
		ck_assert(all_zero(p[i], 24));
		memset(p[i], (int)(i & 0xff), 24);
	}
	/* No two allocations overlap. */
	for (i = 0; i < NITEMS(p); i++)
		ck_assert_uint_eq(p[i][0], i & 0xff);
	ck_assert_uint_eq(p[NITEMS(p) - 1][23], (NITEMS(p) - 1) & 0xff);
	ck_assert_uint_eq(arena_used(a), NITEMS(p) * 32);
	arena_free(a);
}
END_TEST

START_TEST(test_arena_larger_than_chunk)
{
	struct arena	*a;
	unsigned char	*small, *big, *big2;

	ck_assert_ptr_nonnull(a = arena_new(256, 0));
	ck_assert_ptr_nonnull(small = arena_alloc(a, 10));
	ck_assert_ptr_nonnull(big = arena_alloc(a, 100000));
	ck_assert(aligned16(big));
	ck_assert(all_zero(big, 100000));
	memset(big, 0xaa, 100000);
	ck_assert_ptr_nonnull(big2 = arena_alloc(a, 257));
	ck_assert(all_zero(big2, 257));
	memset(big2, 0xbb, 257);
	/* The small allocations around them still come from chunks. */
	memset(small, 0xcc, 10);
	ck_assert_ptr_nonnull(small = arena_alloc(a, 10));
	ck_assert(all_zero(small, 10));
	ck_assert_uint_eq(big[99999], 0xaa);
	ck_assert_uint_eq(arena_used(a), 16 + 100000 + 272 + 16);
	arena_reset(a);
	ck_assert_uint_eq(arena_used(a), 0);
	ck_assert_ptr_nonnull(big = arena_alloc(a, 100000));
	ck_assert(all_zero(big, 100000));
	arena_free(a);
}
END_TEST

START_TEST(test_arena_alignment)
{
	struct arena	*a;
	void		*p;
	size_t		 n;

	ck_assert_ptr_nonnull(a = arena_new(512, 0));
	for (n = 0; n < 700; n++) {
		ck_assert_ptr_nonnull(p = arena_alloc(a, n));
		ck_assert_msg(aligned16(p), "size %zu not aligned", n);
	}
	arena_free(a);
}
END_TEST

START_TEST(test_arena_cap)
{
	struct arena	*a;
	int		 i;

	ck_assert_ptr_nonnull(a = arena_new(256, 1024));
	for (i = 0; i < 16; i++)
		ck_assert_ptr_nonnull(arena_alloc(a, 64));
	ck_assert_uint_eq(arena_used(a), 1024);
	ck_assert_ptr_null(arena_alloc(a, 1));
	ck_assert_ptr_null(arena_printf(a, "%d", 1));
	ck_assert_int_eq(arena_cleanup(a, free, NULL), -1);
	arena_reset(a);
	/* Larger than the cap on its own, and absurd sizes. */
	ck_assert_ptr_null(arena_alloc(a, 1025));
	ck_assert_ptr_null(arena_alloc(a, SIZE_MAX));
	ck_assert_ptr_null(arena_alloc(a, SIZE_MAX - 8));
	ck_assert_ptr_nonnull(arena_alloc(a, 1024));
	ck_assert_ptr_null(arena_alloc(a, 1));
	arena_free(a);
}
END_TEST

static int	 order[8];
static size_t	 norder;

static void
record(void *arg)
{
	if (norder < NITEMS(order))
		order[norder++] = *(int *)arg;
}

START_TEST(test_arena_cleanup_order)
{
	static int	 ids[] = { 1, 2, 3 };
	struct arena	*a;

	norder = 0;
	ck_assert_ptr_nonnull(a = arena_new(0, 0));
	ck_assert_int_eq(arena_cleanup(a, record, &ids[0]), 0);
	ck_assert_int_eq(arena_cleanup(a, record, &ids[1]), 0);
	ck_assert_int_eq(arena_cleanup(a, record, &ids[2]), 0);
	ck_assert_uint_eq(norder, 0);
	arena_reset(a);
	ck_assert_uint_eq(norder, 3);
	ck_assert_int_eq(order[0], 3);
	ck_assert_int_eq(order[1], 2);
	ck_assert_int_eq(order[2], 1);
	/* Run once only; arena_free runs the ones registered since. */
	arena_reset(a);
	ck_assert_uint_eq(norder, 3);
	ck_assert_int_eq(arena_cleanup(a, record, &ids[1]), 0);
	arena_free(a);
	ck_assert_uint_eq(norder, 4);
	ck_assert_int_eq(order[3], 2);
}
END_TEST

START_TEST(test_arena_reset_reuse)
{
	struct arena	*a;
	unsigned char	*first, *p;
	int		 i;

	ck_assert_ptr_nonnull(a = arena_new(256, 0));
	ck_assert_ptr_nonnull(first = arena_alloc(a, 100));
	memset(first, 0xff, 100);
	for (i = 0; i < 50; i++)
		ck_assert_ptr_nonnull(p = arena_alloc(a, 200));
	arena_reset(a);
	ck_assert_uint_eq(arena_used(a), 0);
	ck_assert_ptr_nonnull(p = arena_alloc(a, 100));
	ck_assert(all_zero(p, 100));
#ifndef ARENA_DEBUG
	/* The first chunk is kept: no malloc for the next request. */
	ck_assert_ptr_eq(p, first);
#endif
	for (i = 0; i < 50; i++)
		ck_assert_ptr_nonnull(p = arena_alloc(a, 200));
	ck_assert_uint_eq(arena_used(a), 112 + 50 * 208);
	arena_free(a);
	arena_free(NULL);
}
END_TEST

START_TEST(test_arena_strings)
{
	struct arena	*a;
	char		 big[3000];
	char		*s;

	ck_assert_ptr_nonnull(a = arena_new(128, 0));
	ck_assert_str_eq(arena_strdup(a, "hello"), "hello");
	ck_assert_str_eq(arena_strdup(a, ""), "");
	ck_assert_ptr_null(arena_strdup(a, NULL));
	ck_assert_str_eq(arena_strndup(a, "hello", 3), "hel");
	ck_assert_str_eq(arena_strndup(a, "hi", 10), "hi");
	ck_assert_str_eq(arena_printf(a, "%d-%s-%05.1f", -42, "x", 2.25),
	    "-42-x-002.2");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_ptr_nonnull(s = arena_printf(a, "<%s>", big));
	ck_assert_uint_eq(strlen(s), sizeof(big) + 1);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[sizeof(big)], '>');
	ck_assert_str_eq(arena_printf(a, "%s", ""), "");
	arena_free(a);
}
END_TEST

/* ---- buffers --------------------------------------------------------- */

START_TEST(test_buf_growth)
{
	struct arena	*a;
	struct buf	 b;
	size_t		 i;

	ck_assert_ptr_nonnull(a = arena_new(512, 0));
	buf_init(&b, a, 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	for (i = 0; i < 10000; i++) {
		buf_adds(&b, "abc");
		ck_assert_uint_eq(b.len, (i + 1) * 3);
		ck_assert_int_eq(b.data[b.len], '\0');
		ck_assert_uint_lt(b.len, b.cap);
	}
	for (i = 0; i < 10000; i++)
		ck_assert(memcmp(b.data + i * 3, "abc", 3) == 0);
	buf_addc(&b, 'Z');
	buf_add(&b, "12345", 2);
	buf_add(&b, NULL, 0);
	ck_assert_str_eq(b.data + 30000, "Z12");
	ck_assert(buf_ok(&b));
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	arena_free(a);
}
END_TEST

START_TEST(test_buf_printf)
{
	struct arena	*a;
	struct buf	 b;
	char		 big[1000];

	ck_assert_ptr_nonnull(a = arena_new(0, 0));
	buf_init(&b, a, 8);
	buf_adds(&b, "x=");
	buf_printf(&b, "%d/%s", 42, "y");
	ck_assert_str_eq(b.data, "x=42/y");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	ck_assert_uint_eq(b.len, 6 + sizeof(big) + 1);
	ck_assert_int_eq(b.data[b.len - 1], ']');
	ck_assert_int_eq(b.data[b.len], '\0');
	buf_printf(&b, "%s", "");
	ck_assert_uint_eq(b.len, 6 + sizeof(big) + 1);
	ck_assert(buf_ok(&b));
	arena_free(a);
}
END_TEST

START_TEST(test_buf_oom)
{
	struct arena	*a;
	struct buf	 b;
	char		 big[1000];

	memset(big, 'x', sizeof(big));
	ck_assert_ptr_nonnull(a = arena_new(256, 512));
	buf_init(&b, a, 0);
	buf_adds(&b, "hello");
	ck_assert(buf_ok(&b));
	buf_add(&b, big, sizeof(big));
	ck_assert(!buf_ok(&b));
	/* Content as it was; later appends are no-ops. */
	ck_assert_str_eq(b.data, "hello");
	ck_assert_uint_eq(b.len, 5);
	buf_adds(&b, "!");
	buf_printf(&b, "%d", 1);
	buf_add_html(&b, S("<"));
	ck_assert_str_eq(b.data, "hello");
	ck_assert(!buf_ok(&b));
	buf_reset(&b);
	ck_assert(buf_ok(&b));
	buf_adds(&b, "again");
	ck_assert_str_eq(b.data, "again");
	arena_free(a);
}
END_TEST

struct esc_case {
	const char	*in;
	size_t		 inlen;
	const char	*want;
};

static const struct esc_case html_cases[] = {
	{ S(""), "" },
	{ S("plain text"), "plain text" },
	{ S("<a href=\"x\">Tom & 'Jerry'</a>"),
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
	    "&#39;Jerry&#39;&lt;/a&gt;" },
	{ S("&amp;"), "&amp;amp;" },
	{ S("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac" },
	{ S("<<>>"), "&lt;&lt;&gt;&gt;" },
};

static const struct esc_case url_cases[] = {
	{ S(""), "" },
	{ S("AZaz09-._~"), "AZaz09-._~" },
	{ S("a b&c=d/e?f#g"), "a%20b%26c%3Dd%2Fe%3Ff%23g" },
	{ S("+%"), "%2B%25" },
	{ S("caf\xc3\xa9"), "caf%C3%A9" },
	{ S("a\0b"), "a%00b" },
	{ S("\x7f\xff"), "%7F%FF" },
};

static const struct esc_case js_cases[] = {
	{ S(""), "" },
	{ S("plain"), "plain" },
	{ S("a\"b'c"), "a\\u0022b\\u0027c" },
	{ S("</script>"), "\\u003C/script\\u003E" },
	{ S("a&b"), "a\\u0026b" },
	{ S("back\\slash"), "back\\\\slash" },
	{ S("\n\r\t\x01\x1f\x7f"),
	    "\\u000A\\u000D\\u0009\\u0001\\u001F\\u007F" },
	{ S("a\0b"), "a\\u0000b" },
	{ S("x\xe2\x80\xa8y\xe2\x80\xa9z"), "x\\u2028y\\u2029z" },
	{ S("\xe2\x80\xa8"), "\\u2028" },
	{ S("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ S("\xe2\x80\xaa \xe2\x80"), "\xe2\x80\xaa \xe2\x80" },
};

static void
esc_check(void (*esc)(struct buf *, const char *, size_t),
    const struct esc_case *c)
{
	struct arena	*a;
	struct buf	 b;

	ck_assert_ptr_nonnull(a = arena_new(0, 0));
	buf_init(&b, a, 0);
	buf_adds(&b, "[");
	esc(&b, c->in, c->inlen);
	buf_adds(&b, "]");
	ck_assert(buf_ok(&b));
	ck_assert_uint_eq(b.len, strlen(c->want) + 2);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert(memcmp(b.data + 1, c->want, b.len - 2) == 0);
	arena_free(a);
}

START_TEST(test_buf_html)
{
	esc_check(buf_add_html, &html_cases[_i]);
}
END_TEST

START_TEST(test_buf_url)
{
	esc_check(buf_add_url, &url_cases[_i]);
}
END_TEST

START_TEST(test_buf_js)
{
	esc_check(buf_add_js, &js_cases[_i]);
}
END_TEST

START_TEST(test_buf_hex)
{
	static const unsigned char	 in[] = {
	    0x00, 0xff, 0x10, 0xab, 0x7e };
	struct arena			*a;
	struct buf			 b;

	ck_assert_ptr_nonnull(a = arena_new(0, 0));
	buf_init(&b, a, 0);
	buf_add_hex(&b, in, 0);
	ck_assert_str_eq(b.data, "");
	buf_add_hex(&b, in, sizeof(in));
	ck_assert_str_eq(b.data, "00ff10ab7e");
	arena_free(a);
}
END_TEST

/* ---- strings --------------------------------------------------------- */

struct i64_case {
	const char	*s;
	int64_t		 min;
	int64_t		 max;
	int		 ok;
	int64_t		 want;
};

static const struct i64_case i64_cases[] = {
	{ "0", INT64_MIN, INT64_MAX, 1, 0 },
	{ "-0", INT64_MIN, INT64_MAX, 1, 0 },
	{ "42", INT64_MIN, INT64_MAX, 1, 42 },
	{ "-42", INT64_MIN, INT64_MAX, 1, -42 },
	{ "007", INT64_MIN, INT64_MAX, 1, 7 },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, 1, INT64_MAX },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, 1, INT64_MIN },
	{ "1", 1, 10, 1, 1 },
	{ "10", 1, 10, 1, 10 },
	{ "", INT64_MIN, INT64_MAX, 0, 0 },
	{ "-", INT64_MIN, INT64_MAX, 0, 0 },
	{ "12a", INT64_MIN, INT64_MAX, 0, 0 },
	{ " 1", INT64_MIN, INT64_MAX, 0, 0 },
	{ "1 ", INT64_MIN, INT64_MAX, 0, 0 },
	{ "+1", INT64_MIN, INT64_MAX, 0, 0 },
	{ "--1", INT64_MIN, INT64_MAX, 0, 0 },
	{ "1.5", INT64_MIN, INT64_MAX, 0, 0 },
	{ "0x10", INT64_MIN, INT64_MAX, 0, 0 },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, 0, 0 },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, 0, 0 },
	{ "99999999999999999999999", INT64_MIN, INT64_MAX, 0, 0 },
	{ "0", 1, 10, 0, 0 },
	{ "11", 1, 10, 0, 0 },
	{ "-1", 0, INT64_MAX, 0, 0 },
};

START_TEST(test_str_to_i64)
{
	const struct i64_case	*c = &i64_cases[_i];
	int64_t			 v = 12345;
	enum souk_err		 er;

	er = str_to_i64(c->s, c->min, c->max, &v);
	if (c->ok) {
		ck_assert_msg(er == SOUK_OK, "\"%s\" refused", c->s);
		ck_assert_msg(v == c->want, "\"%s\" gave %" PRId64, c->s, v);
	} else {
		ck_assert_msg(er == SOUK_INVALID, "\"%s\" accepted", c->s);
		ck_assert_msg(v == 12345, "\"%s\" wrote out", c->s);
	}
}
END_TEST

START_TEST(test_str_misc)
{
	char	 s[8], low[16];

	ck_assert_int_eq(str_to_i64(NULL, 0, 1, NULL), SOUK_INVALID);
	ck_assert_uint_eq(str_lcpy(s, "abc", sizeof(s)), 3);
	ck_assert_str_eq(s, "abc");
	ck_assert_uint_eq(str_lcpy(s, "0123456789", sizeof(s)), 10);
	ck_assert_str_eq(s, "0123456");
	ck_assert_uint_eq(str_lcpy(s, "xyz", 0), 3);
	ck_assert_str_eq(s, "0123456");
	ck_assert(str_eq("a", "a"));
	ck_assert(!str_eq("a", "ab"));
	ck_assert(!str_eq("a", NULL));
	ck_assert(!str_eq(NULL, "a"));
	ck_assert(!str_eq(NULL, NULL));
	ck_assert(str_has_prefix("/admin/x", "/admin/"));
	ck_assert(str_has_prefix("abc", ""));
	ck_assert(!str_has_prefix("/adm", "/admin/"));
	ck_assert(!str_has_prefix(NULL, "a"));
	ck_assert(!str_has_prefix("a", NULL));
	(void)str_lcpy(low, "MiXeD-09@[\xc3\x89", sizeof(low));
	str_lower(low);
	ck_assert_str_eq(low, "mixed-09@[\xc3\x89");
}
END_TEST

struct decode_case {
	const char	*in;
	int		 form;
	const char	*want;		/* NULL: must be refused */
	size_t		 wantlen;
};

static const struct decode_case decode_cases[] = {
	{ "", 0, "", 0 },
	{ "abc", 0, "abc", 3 },
	{ "a%20b", 0, "a b", 3 },
	{ "a+b", 1, "a b", 3 },
	{ "a+b", 0, "a+b", 3 },
	{ "%2B", 1, "+", 1 },
	{ "100%25", 0, "100%", 4 },
	{ "%e2%82%AC", 0, "\xe2\x82\xac", 3 },
	{ "%41%4a%4A", 0, "AJJ", 3 },
	{ "%zz", 0, NULL, 0 },
	{ "%4", 0, NULL, 0 },
	{ "a%4", 0, NULL, 0 },
	{ "%", 0, NULL, 0 },
	{ "%g1", 0, NULL, 0 },
	{ "%1g", 0, NULL, 0 },
	{ "%00", 0, NULL, 0 },
	{ "a%00b", 1, NULL, 0 },
};

START_TEST(test_str_url_decode)
{
	const struct decode_case	*c = &decode_cases[_i];
	char				 s[64];
	size_t				 len = 999;
	int				 rc;

	(void)str_lcpy(s, c->in, sizeof(s));
	rc = str_url_decode(s, c->form, &len);
	if (c->want == NULL) {
		ck_assert_msg(rc == -1, "\"%s\" accepted", c->in);
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\" refused", c->in);
	ck_assert_str_eq(s, c->want);
	ck_assert_uint_eq(len, c->wantlen);
}
END_TEST

struct utf8_case {
	const char	*s;
	size_t		 len;
	int		 valid;
};

static const struct utf8_case utf8_cases[] = {
	{ S(""), 1 },
	{ S("abc"), 1 },
	{ S("\xc3\xa9"), 1 },			/* U+00E9 */
	{ S("\xe2\x82\xac"), 1 },		/* U+20AC */
	{ S("\xed\x9f\xbf"), 1 },		/* U+D7FF */
	{ S("\xee\x80\x80"), 1 },		/* U+E000 */
	{ S("\xef\xbf\xbf"), 1 },		/* U+FFFF */
	{ S("\xf0\x9f\x98\x80"), 1 },		/* U+1F600 */
	{ S("\xf4\x8f\xbf\xbf"), 1 },		/* U+10FFFF */
	{ S("\xc0\x80"), 0 },			/* overlong NUL */
	{ S("\xc1\xbf"), 0 },			/* overlong */
	{ S("\xe0\x80\x80"), 0 },		/* overlong */
	{ S("\xe0\x9f\xbf"), 0 },		/* overlong U+07FF */
	{ S("\xf0\x80\x80\x80"), 0 },		/* overlong */
	{ S("\xf0\x8f\xbf\xbf"), 0 },		/* overlong U+FFFF */
	{ S("\xed\xa0\x80"), 0 },		/* surrogate U+D800 */
	{ S("\xed\xbf\xbf"), 0 },		/* surrogate U+DFFF */
	{ S("\xf4\x90\x80\x80"), 0 },		/* U+110000 */
	{ S("\xf5\x80\x80\x80"), 0 },
	{ S("\xff"), 0 },
	{ S("\x80"), 0 },			/* lone continuation */
	{ S("\xc3"), 0 },			/* truncated */
	{ S("\xe2\x82"), 0 },			/* truncated */
	{ S("\xf0\x9f\x98"), 0 },		/* truncated */
	{ S("a\xe2\x82"), 0 },			/* truncated at end */
	{ S("\xc3\x28"), 0 },			/* bad continuation */
	{ S("\xe2\x28\xa1"), 0 },
	{ S("\xe2\x82\x28"), 0 },
	{ S("a\0b"), 0 },			/* NUL */
};

START_TEST(test_str_utf8_valid)
{
	const struct utf8_case	*c = &utf8_cases[_i];

	ck_assert_int_eq(str_utf8_valid(c->s, c->len), c->valid);
}
END_TEST

START_TEST(test_time)
{
	double	 t0, t1;

	t0 = time_now_ms();
	t1 = time_now_ms();
	ck_assert(t0 > 0.0);
	ck_assert(t1 >= t0);
	ck_assert_int_gt(time_unix(), 1700000000);
}
END_TEST

/* ---- errors ---------------------------------------------------------- */

static const int err_want[] = {
	[SOUK_OK] = 200,
	[SOUK_ENOMEM] = 500,
	[SOUK_INVALID] = 400,
	[SOUK_TOOLARGE] = 413,
	[SOUK_UNAUTHORIZED] = 401,
	[SOUK_FORBIDDEN] = 403,
	[SOUK_NOTFOUND] = 404,
	[SOUK_METHOD] = 405,
	[SOUK_CONFLICT] = 409,
	[SOUK_CLOSED] = 503,
	[SOUK_READONLY] = 423,
	[SOUK_UNAVAILABLE] = 503,
	[SOUK_DB] = 500,
	[SOUK_UPSTREAM] = 502,
	[SOUK_INTERNAL] = 500,
	[SOUK_RATELIMIT] = 429,
};

START_TEST(test_err_status)
{
	enum souk_err	 er = (enum souk_err)_i;

	ck_assert_int_eq(NITEMS(err_want), SOUK_ERR__MAX);
	ck_assert_int_eq(souk_err_status(er), err_want[_i]);
	ck_assert_ptr_nonnull(souk_strerror(er));
	ck_assert_ptr_nonnull(souk_err_title(er));
	ck_assert_str_ne(souk_strerror(er), "unknown error");
	ck_assert_uint_gt(strlen(souk_err_title(er)), 1);
}
END_TEST

START_TEST(test_err_titles)
{
	ck_assert_str_eq(souk_err_title(SOUK_OK), "OK");
	ck_assert_str_eq(souk_err_title(SOUK_NOTFOUND), "Not Found");
	ck_assert_str_eq(souk_err_title(SOUK_CLOSED), "Temporarily Closed");
	ck_assert_str_eq(souk_err_title(SOUK_READONLY), "Read-Only Mode");
	ck_assert_str_eq(souk_err_title(SOUK_UNAVAILABLE),
	    "Service Unavailable");
	ck_assert_str_eq(souk_err_title(SOUK_UPSTREAM), "Bad Gateway");
	ck_assert_str_eq(souk_strerror(SOUK_NOTFOUND), "not found");
	ck_assert_str_eq(souk_strerror(SOUK_ERR__MAX), "unknown error");
	ck_assert_int_eq(souk_err_status(SOUK_ERR__MAX), 500);
	ck_assert_int_eq(souk_err_status((enum souk_err)-1), 500);
}
END_TEST

/* ---- logging --------------------------------------------------------- */

struct field_case {
	const char	*in;
	const char	*want;
};

static const struct field_case field_cases[] = {
	{ "plain /path?q=1", "plain /path?q=1" },
	{ "a\r\nb\tc", "a\\r\\nb\\tc" },
	{ "say \"hi\" \\o/", "say \\\"hi\\\" \\\\o/" },
	{ "\x01\x1b[31m\x7f", "\\x01\\x1B[31m\\x7F" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ NULL, "-" },
};

START_TEST(test_log_field)
{
	struct arena	*a;

	ck_assert_ptr_nonnull(a = arena_new(0, 0));
	ck_assert_str_eq(log_field(a, field_cases[_i].in),
	    field_cases[_i].want);
	arena_free(a);
}
END_TEST

/* Runs fn with stderr going to a file; returns what it wrote. */
static char *
capture_stderr(void (*fn)(void), char *out, size_t outlen)
{
	FILE	*tmp;
	ssize_t	 n;
	int	 saved;

	ck_assert_ptr_nonnull(tmp = tmpfile());
	(void)fflush(stderr);
	ck_assert_int_ne(saved = dup(STDERR_FILENO), -1);
	ck_assert_int_ne(dup2(fileno(tmp), STDERR_FILENO), -1);
	fn();
	(void)fflush(stderr);
	ck_assert_int_ne(dup2(saved, STDERR_FILENO), -1);
	(void)close(saved);
	ck_assert_int_ne(lseek(fileno(tmp), 0, SEEK_SET), -1);
	ck_assert_int_ge(n = read(fileno(tmp), out, outlen - 1), 0);
	out[n] = '\0';
	(void)fclose(tmp);
	return out;
}

static void
log_some(void)
{
	log_init("check", LOG_WARN);
	log_msg(LOG_INFO, "dropped");
	log_msg(LOG_DEBUG, "dropped");
	log_request("r1", 7, NULL, "home", "GET", "/", 200, 1.0);
	log_msg(LOG_ERR, "bad %s", "x\ny=\"z\"");
	log_init("check", LOG_INFO);
	log_request("r2", 7, "pk_1(tenant-app)", "product", "GET", "/p/a\"b\nc", 200, 1.234);
	log_request(NULL, 0, NULL, "x y", "G=T", NULL, 404, 0.5);
}

/* 1 if line is a time stamp, then want up to and including its '\n'. */
static int
line_is(const char *line, const char *want)
{
	const char	*s = line;

	if (strlen(s) <= 21 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return 0;
	return strncmp(s + 20, want, strlen(want)) == 0;
}

START_TEST(test_log_lines)
{
	char		 out[4096];
	const char	*l1, *l2, *l3;

	capture_stderr(log_some, out, sizeof(out));
	ck_assert_ptr_null(strstr(out, "dropped"));
	ck_assert_ptr_null(strstr(out, "reqid=r1"));
	l1 = out;
	ck_assert_ptr_nonnull(l2 = strchr(l1, '\n'));
	ck_assert_ptr_nonnull(l3 = strchr(++l2, '\n'));
	ck_assert_ptr_nonnull(strchr(++l3, '\n'));
	ck_assert_msg(line_is(l1, " level=err program=check "
	    "msg=\"bad x\\ny=\\\"z\\\"\"\n"), "got %s", l1);
	ck_assert_msg(line_is(l2, " level=info program=check reqid=r2 "
	    "tenant=7 caller=pk_1(tenant-app) route=product method=GET path=\"/p/a\\\"b\\nc\" "
	    "status=200 ms=1.23\n"), "got %s", l2);
	ck_assert_msg(line_is(l3, " level=info program=check reqid=- "
	    "tenant=0 route=x\\x20y method=G\\x3DT path=\"-\" status=404 "
	    "ms=0.50\n"), "got %s", l3);
}
END_TEST

static char	 long_path[20000];

static void
log_long(void)
{
	log_init("check", LOG_DEBUG);
	memset(long_path, '\n', sizeof(long_path) - 1);
	log_request("r", 1, NULL, "x", "GET", long_path, 200, 1.0);
	log_msg(LOG_DEBUG, "%s", long_path);
}

/* A huge path is cut, but the line stays one line and keeps its end. */
START_TEST(test_log_long)
{
	static char	 out[40000];
	char		*nl;
	size_t		 len;

	capture_stderr(log_long, out, sizeof(out));
	ck_assert_ptr_nonnull(nl = strchr(out, '\n'));
	len = (size_t)(nl - out);
	ck_assert_uint_le(len, 8192);
	ck_assert(strncmp(nl - 18, "status=200 ms=1.00", 18) == 0);
	ck_assert_ptr_nonnull(nl = strchr(nl + 1, '\n'));
	ck_assert_int_eq(nl[1], '\0');
	ck_assert_int_eq(nl[-1], '"');
}
END_TEST

START_TEST(test_fatal)
{
	char	 out[256];
	FILE	*tmp;
	pid_t	 pid;
	ssize_t	 n;
	int	 status;

	ck_assert_ptr_nonnull(tmp = tmpfile());
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		(void)dup2(fileno(tmp), STDERR_FILENO);
		log_init("souk-test", LOG_INFO);
		fatal("cannot %s", "start");
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	ck_assert_int_ne(lseek(fileno(tmp), 0, SEEK_SET), -1);
	ck_assert_int_ge(n = read(fileno(tmp), out, sizeof(out) - 1), 0);
	out[n] = '\0';
	ck_assert_str_eq(out, "souk-test: fatal: cannot start\n");
	(void)fclose(tmp);
}
END_TEST

/* ---- configuration --------------------------------------------------- */

static char	 tmpdir[256];

static const char *const conf_env_names[] = {
	"SOUK_CONF", "SOUK_SHOP_DB_PASSWORD", "SOUK_CENTER_DB_PASSWORD",
	"SOUK_ADMIN_DB_PASSWORD", "SOUK_DB_HOST", "SOUK_DB_PORT",
	"SOUK_DB_SOCKET", "SOUK_MEMCACHED_SERVERS", "SOUK_BASE_DOMAIN",
};

static void
conf_setup(void)
{
	const char	*t;
	size_t		 i;

	for (i = 0; i < NITEMS(conf_env_names); i++)
		(void)unsetenv(conf_env_names[i]);
	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	(void)snprintf(tmpdir, sizeof(tmpdir), "%s/check_core.XXXXXX", t);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
conf_teardown(void)
{
	char	 cmd[300];

	/* Only files this test wrote, named below. */
	(void)snprintf(cmd, sizeof(cmd), "%s/souk.conf", tmpdir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/password", tmpdir);
	(void)unlink(cmd);
	(void)rmdir(tmpdir);
}

/* Writes tmpdir/name with content and mode; returns its path. */
static const char *
write_file(const char *name, const char *content, mode_t mode)
{
	static char	 paths[2][300];
	static int	 which;
	char		*path = paths[which++ % 2];
	FILE		*f;

	(void)snprintf(path, sizeof(paths[0]), "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_ge(fputs(content, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

/*
 * [program] sections: a program reads the common keys and its own, may
 * override a common one, and never opens another program's secret
 * files; a relative secret file is next to souk.conf, or a systemd
 * credential when systemd passed some.
 */
START_TEST(test_conf_sections)
{
	struct conf	 c;
	char		 err[256] = "", conf[600], creds[400];

	write_file("cache.key", "aa\n", 0600);
	str_lcpy(conf, write_file("souk.conf", "base_domain = common.test\n"
	    "[storefront]\nbase_domain = shop.test\n"
	    "cache_key_file = cache.key\n"
	    "[center]\nmaster_key_file = /nonexistent/master.key\n",
	    0644), sizeof(conf));
	unsetenv("CREDENTIALS_DIRECTORY");
	ck_assert_int_eq(conf_load_as(&c, "storefront", conf, err,
	    sizeof(err)), SOUK_OK);
	ck_assert_str_eq(c.base_domain, "shop.test");
	ck_assert_str_eq(c.cache_key, "aa");
	ck_assert_str_eq(c.master_key, "");
	ck_assert_int_eq(conf_load(&c, conf, err, sizeof(err)), SOUK_OK);
	ck_assert_str_eq(c.base_domain, "common.test");
	ck_assert_str_eq(c.cache_key, "");
	ck_assert_int_ne(conf_load_as(&c, "center", conf, err, sizeof(err)),
	    SOUK_OK);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/master.key"));
	/* under systemd: the unit's credentials, not the files */
	(void)snprintf(creds, sizeof(creds), "%s/creds", tmpdir);
	(void)mkdir(creds, 0700);
	write_file("creds/cache.key", "bb\n", 0600);
	setenv("CREDENTIALS_DIRECTORY", creds, 1);
	ck_assert_int_eq(conf_load_as(&c, "storefront", conf, err,
	    sizeof(err)), SOUK_OK);
	ck_assert_str_eq(c.cache_key, "bb");
	unsetenv("CREDENTIALS_DIRECTORY");
	/* a duplicate in one section, a bad header, a climb out */
	ck_assert_int_ne(conf_load_as(&c, "storefront", write_file("souk.conf",
	    "[storefront]\nbase_domain = a\nbase_domain = b\n", 0644), err,
	    sizeof(err)), SOUK_OK);
	ck_assert_int_ne(conf_load(&c, write_file("souk.conf", "[Bad]\n",
	    0644), err, sizeof(err)), SOUK_OK);
	ck_assert_int_ne(conf_load(&c, write_file("souk.conf",
	    "cache_key_file = ../x\n", 0644), err, sizeof(err)), SOUK_OK);
}
END_TEST

START_TEST(test_conf_defaults)
{
	struct conf	 c;
	char		 err[256] = "";

	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", "", 0644),
	    err, sizeof(err)), SOUK_OK);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(c.base_domain, "localhost");
	ck_assert_str_eq(c.db_host, "127.0.0.1");
	ck_assert_int_eq(c.db_port, 3306);
	ck_assert_str_eq(c.db_socket, "");
	ck_assert_str_eq(c.shop_db_name, "souk_shop");
	ck_assert_str_eq(c.shop_db_user, "souk_shop");
	ck_assert_str_eq(c.shop_db_password, "");
	ck_assert_str_eq(c.center_db_name, "souk_center");
	ck_assert_str_eq(c.center_db_user, "souk_center");
	ck_assert_str_eq(c.admin_db_user, "root");
	ck_assert_str_eq(c.memcached_servers, "127.0.0.1:11211");
	ck_assert_int_eq(c.memcached_timeout_ms, 50);
	ck_assert_int_eq(c.cache_ttl, 60);
	ck_assert(strstr(c.template_dir, "/templates") != NULL);
	ck_assert(strstr(c.sql_dir, "/sql") != NULL);
	ck_assert(strstr(c.media_dir, "/media") != NULL);
	ck_assert_int_eq(c.max_body_bytes, 1048576);
	ck_assert_int_eq(c.max_request_memory, 16777216);
	ck_assert_int_eq(c.log_level, LOG_INFO);
}
END_TEST

START_TEST(test_conf_valid)
{
	struct conf	 c;
	char		 err[256];

	ck_assert_int_eq(conf_load(&c, write_file("souk.conf",
	    "# a comment\n"
	    "\n"
	    "   \t\n"
	    "  base_domain   =  shop.example  \n"
	    "db_port=3307\n"
	    "\tdb_socket = /run/mysqld/mysqld.sock\r\n"
	    "  # indented comment = with equals\n"
	    "max_body_bytes = 1073741824\n"
	    "max_request_memory = 65536\n"
	    "log_level = debug\n"
	    "memcached_servers = a:1,b:2", 0644), err, sizeof(err)), SOUK_OK);
	ck_assert_str_eq(c.base_domain, "shop.example");
	ck_assert_int_eq(c.db_port, 3307);
	ck_assert_str_eq(c.db_socket, "/run/mysqld/mysqld.sock");
	ck_assert_int_eq(c.max_body_bytes, 1073741824);
	ck_assert_int_eq(c.max_request_memory, 65536);
	ck_assert_int_eq(c.log_level, LOG_DEBUG);
	ck_assert_str_eq(c.memcached_servers, "a:1,b:2");
	ck_assert_str_eq(c.db_host, "127.0.0.1");
}
END_TEST

struct conf_bad {
	const char	*content;
	const char	*want;		/* in the message, after the path */
};

static const struct conf_bad conf_bads[] = {
	{ "# ok\n\nnope = 1\n", ":3: unknown key \"nope\"" },
	{ "base_domain = x\nfoo\n", ":2: expected \"key = value\"" },
	{ "= x\n", ":1: unknown key \"\"" },
	{ "db_port = 1\ndb_port = 2\n", ":2: duplicate key \"db_port\"" },
	{ "db_port = 0\n", ":1: bad number for \"db_port\"" },
	{ "db_port = 65536\n", ":1: bad number for \"db_port\"" },
	{ "db_port = 12a\n", ":1: bad number" },
	{ "db_port = +1\n", ":1: bad number" },
	{ "cache_ttl =\n", ":1: bad number for \"cache_ttl\"" },
	{ "cache_ttl = 86401\n", ":1: bad number" },
	{ "memcached_timeout_ms = 5001\n", ":1: bad number" },
	{ "max_body_bytes = 1023\n", ":1: bad number" },
	{ "max_request_memory = 1073741825\n", ":1: bad number" },
	{ "log_level = verbose\n", ":1: bad log level \"verbose\"" },
	{ "shop_db_password = secret\n",
	    ":1: unknown key \"shop_db_password\"" },
	{ "admin_db_password = secret\n",
	    ":1: unknown key \"admin_db_password\"" },
	{ "shop_db_name = "
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	    ":1: value too long for \"shop_db_name\"" },
	{ "Base_Domain = x\n", ":1: unknown key \"Base_Domain\"" },
	{ "internal_allow_http = 1\n",
	    ":1: bad value for \"internal_allow_http\" (want yes or no)" },
	{ "accept_signature_v1 = true\n",
	    ":1: bad value for \"accept_signature_v1\"" },
	/* internal URLs: https://, or http:// to loopback when allowed */
	{ "services_url = http://services.example.com\n",
	    ": services_url must be an https:// URL" },
	{ "center_url = http://127.0.0.1:8080\n",
	    ": center_url must be an https:// URL" },
	{ "internal_allow_http = yes\ncenter_url = http://10.0.0.5:8080\n",
	    ": center_url must be an https:// URL" },
	{ "internal_allow_http = yes\n"
	    "tenant_app_url = http://localhost.example.com/\n",
	    ": tenant_app_url must be" },
	{ "internal_allow_http = yes\n"
	    "services_url = http://x@127.0.0.1/\n", ": services_url must be" },
	{ "tenant_app_url = ftp://127.0.0.1/\n", ": tenant_app_url must be" },
	{ "internal_allow_http = no\n"
	    "services_url = http://services.localhost:8080\n",
	    ": services_url must be" },
};

START_TEST(test_conf_bad)
{
	const struct conf_bad	*b = &conf_bads[_i];
	struct conf		 c;
	const char		*path;
	char			 err[512] = "";

	path = write_file("souk.conf", b->content, 0644);
	ck_assert_int_eq(conf_load(&c, path, err, sizeof(err)), SOUK_INVALID);
	ck_assert_msg(strncmp(err, path, strlen(path)) == 0, "got %s", err);
	ck_assert_msg(strncmp(err + strlen(path), b->want, strlen(b->want))
	    == 0, "got %s", err);
	ck_assert(strstr(err, "secret") == NULL);
}
END_TEST

START_TEST(test_conf_internal_urls)
{
	static const char *const	 good[] = { "", "https://a.example",
	    "HTTPS://center.example.com:8443/x", "https://10.0.0.5" };
	static const char *const	 loop[] = { "http://127.0.0.1:8082",
	    "http://127.9.9.9/", "http://[::1]:80/x", "http://localhost",
	    "http://services.localhost:8082", "HTTP://Center.LocalHost/",
	    "http://localhost?x" };
	static const char *const	 bad[] = { "http://example.com",
	    "http://128.0.0.1/", "http://[::2]/", "http://[::ffff:10.0.0.1]/",
	    "http://localhost.example/", "http://xlocalhost/",
	    "http://.localhost", "http://u:p@localhost/", "http://",
	    "ftp://127.0.0.1/", "127.0.0.1:80", "https://" };
	struct conf	 c;
	char		 err[512] = "";
	size_t		 i;

	for (i = 0; i < NITEMS(good); i++)
		ck_assert_msg(conf_url_internal_ok(good[i], 0), "%s", good[i]);
	for (i = 0; i < NITEMS(loop); i++) {
		ck_assert_msg(conf_url_internal_ok(loop[i], 1), "%s", loop[i]);
		ck_assert_msg(!conf_url_internal_ok(loop[i], 0), "%s",
		    loop[i]);
	}
	for (i = 0; i < NITEMS(bad); i++)
		ck_assert_msg(!conf_url_internal_ok(bad[i], 1), "%s", bad[i]);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", "", 0644),
	    err, sizeof(err)), SOUK_OK);
	ck_assert_int_eq(c.internal_allow_http, 0);
	ck_assert_int_eq(c.accept_signature_v1, 0);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf",
	    "internal_allow_http = yes\naccept_signature_v1 = yes\n"
	    "services_url = http://services.localhost:8082\n"
	    "center_url = https://center.example.com\n"
	    "tenant_app_url = http://127.0.0.1:8082\n", 0644), err,
	    sizeof(err)), SOUK_OK);
	ck_assert_int_eq(c.internal_allow_http, 1);
	ck_assert_int_eq(c.accept_signature_v1, 1);
}
END_TEST

START_TEST(test_conf_missing)
{
	struct conf	 c;
	char		 path[300], err[512] = "";

	(void)snprintf(path, sizeof(path), "%s/nonexistent.conf", tmpdir);
	ck_assert_int_eq(conf_load(&c, path, err, sizeof(err)), SOUK_NOTFOUND);
	ck_assert(strncmp(err, path, strlen(path)) == 0);
	ck_assert_int_eq(conf_load(&c, path, NULL, 0), SOUK_NOTFOUND);
	/* NULL: $SOUK_CONF, then the compiled-in path. */
	ck_assert_int_eq(setenv("SOUK_CONF", path, 1), 0);
	ck_assert_int_eq(conf_load(&c, NULL, err, sizeof(err)), SOUK_NOTFOUND);
	ck_assert(strncmp(err, path, strlen(path)) == 0);
	ck_assert_int_eq(setenv("SOUK_CONF", write_file("souk.conf",
	    "cache_ttl = 5\n", 0644), 1), 0);
	ck_assert_int_eq(conf_load(&c, NULL, err, sizeof(err)), SOUK_OK);
	ck_assert_int_eq(c.cache_ttl, 5);
	ck_assert_int_eq(unsetenv("SOUK_CONF"), 0);
	ck_assert(strstr(conf_default_path(), "/souk.conf") != NULL);
}
END_TEST

struct secret_case {
	mode_t		 mode;
	int		 ok;
};

static const struct secret_case secret_cases[] = {
	{ 0600, 1 },
	{ 0400, 1 },
	{ 0644, 0 },
	{ 0640, 0 },
	{ 0620, 0 },
	{ 0604, 0 },
	{ 0602, 0 },
	{ 0666, 0 },
};

START_TEST(test_conf_secret_mode)
{
	const struct secret_case	*sc = &secret_cases[_i];
	struct conf			 c;
	const char			*pw;
	char				 line[400], err[512] = "";
	enum souk_err			 er;

	pw = write_file("password", "s3cret word\nsecond line\n", sc->mode);
	(void)snprintf(line, sizeof(line), "shop_db_password_file = %s\n",
	    pw);
	er = conf_load(&c, write_file("souk.conf", line, 0644), err,
	    sizeof(err));
	if (sc->ok) {
		ck_assert_msg(er == SOUK_OK, "mode %o: %s", sc->mode, err);
		ck_assert_str_eq(c.shop_db_password, "s3cret word");
		ck_assert_str_eq(c.center_db_password, "");
		return;
	}
	ck_assert_int_eq(er, SOUK_INVALID);
	ck_assert_str_eq(c.shop_db_password, "");
	ck_assert_msg(strstr(err, ": permissions too open, want 0600") !=
	    NULL, "got %s", err);
	ck_assert(strstr(err, pw) != NULL);
	ck_assert(strstr(err, "s3cret") == NULL);
}
END_TEST

START_TEST(test_conf_secret_errors)
{
	struct conf	 c;
	char		 line[400], err[512] = "";
	char		 big[300];

	/* No such file. */
	(void)snprintf(line, sizeof(line), "admin_db_password_file = "
	    "%s/none\n", tmpdir);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", line, 0644),
	    err, sizeof(err)), SOUK_NOTFOUND);
	ck_assert(strstr(err, "/none: ") != NULL);
	/* A directory is not a password file. */
	(void)snprintf(line, sizeof(line), "admin_db_password_file = %s\n",
	    tmpdir);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", line, 0644),
	    err, sizeof(err)), SOUK_INVALID);
	/* Longer than the field. */
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	(void)snprintf(line, sizeof(line), "center_db_password_file = %s\n",
	    write_file("password", big, 0600));
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", line, 0644),
	    err, sizeof(err)), SOUK_INVALID);
	ck_assert(strstr(err, "too long") != NULL);
	ck_assert_str_eq(c.center_db_password, "");
}
END_TEST

START_TEST(test_conf_env)
{
	struct conf	 c;
	char		 line[400], err[512] = "";

	(void)snprintf(line, sizeof(line), "db_host = filehost\n"
	    "db_port = 1234\nshop_db_password_file = %s\n",
	    write_file("password", "from-file\n", 0600));
	ck_assert_int_eq(setenv("SOUK_DB_HOST", "envhost", 1), 0);
	ck_assert_int_eq(setenv("SOUK_DB_PORT", "4321", 1), 0);
	ck_assert_int_eq(setenv("SOUK_DB_SOCKET", "/tmp/s.sock", 1), 0);
	ck_assert_int_eq(setenv("SOUK_SHOP_DB_PASSWORD", "from-env", 1), 0);
	ck_assert_int_eq(setenv("SOUK_CENTER_DB_PASSWORD", "c-env", 1), 0);
	ck_assert_int_eq(setenv("SOUK_ADMIN_DB_PASSWORD", "a-env", 1), 0);
	ck_assert_int_eq(setenv("SOUK_MEMCACHED_SERVERS", "m:1", 1), 0);
	ck_assert_int_eq(setenv("SOUK_BASE_DOMAIN", "env.test", 1), 0);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", line, 0644),
	    err, sizeof(err)), SOUK_OK);
	ck_assert_str_eq(c.db_host, "envhost");
	ck_assert_int_eq(c.db_port, 4321);
	ck_assert_str_eq(c.db_socket, "/tmp/s.sock");
	ck_assert_str_eq(c.shop_db_password, "from-env");
	ck_assert_str_eq(c.center_db_password, "c-env");
	ck_assert_str_eq(c.admin_db_password, "a-env");
	ck_assert_str_eq(c.memcached_servers, "m:1");
	ck_assert_str_eq(c.base_domain, "env.test");
	ck_assert_int_eq(setenv("SOUK_DB_PORT", "80x", 1), 0);
	ck_assert_int_eq(conf_load(&c, write_file("souk.conf", line, 0644),
	    err, sizeof(err)), SOUK_INVALID);
	ck_assert_msg(strncmp(err, "SOUK_DB_PORT: bad number", 24) == 0,
	    "got %s", err);
}
END_TEST

/* ---- suite ----------------------------------------------------------- */

static TCase *
tcase_core(void)
{
	TCase	*tc;

	tc = tcase_create("core");
	tcase_add_test(tc, test_arena_many_small);
	tcase_add_test(tc, test_arena_larger_than_chunk);
	tcase_add_test(tc, test_arena_alignment);
	tcase_add_test(tc, test_arena_cap);
	tcase_add_test(tc, test_arena_cleanup_order);
	tcase_add_test(tc, test_arena_reset_reuse);
	tcase_add_test(tc, test_arena_strings);
	tcase_add_test(tc, test_buf_growth);
	tcase_add_test(tc, test_buf_printf);
	tcase_add_test(tc, test_buf_oom);
	tcase_add_loop_test(tc, test_buf_html, 0, NITEMS(html_cases));
	tcase_add_loop_test(tc, test_buf_url, 0, NITEMS(url_cases));
	tcase_add_loop_test(tc, test_buf_js, 0, NITEMS(js_cases));
	tcase_add_test(tc, test_buf_hex);
	tcase_add_loop_test(tc, test_str_to_i64, 0, NITEMS(i64_cases));
	tcase_add_test(tc, test_str_misc);
	tcase_add_loop_test(tc, test_str_url_decode, 0, NITEMS(decode_cases));
	tcase_add_loop_test(tc, test_str_utf8_valid, 0, NITEMS(utf8_cases));
	tcase_add_test(tc, test_time);
	tcase_add_loop_test(tc, test_err_status, 0, SOUK_ERR__MAX);
	tcase_add_test(tc, test_err_titles);
	tcase_add_loop_test(tc, test_log_field, 0, NITEMS(field_cases));
	tcase_add_test(tc, test_log_lines);
	tcase_add_test(tc, test_log_long);
	tcase_add_test(tc, test_fatal);
	return tc;
}

static TCase *
tcase_conf(void)
{
	TCase	*tc;

	tc = tcase_create("conf");
	tcase_add_checked_fixture(tc, conf_setup, conf_teardown);
	tcase_add_test(tc, test_conf_defaults);
	tcase_add_test(tc, test_conf_sections);
	tcase_add_test(tc, test_conf_valid);
	tcase_add_loop_test(tc, test_conf_bad, 0, NITEMS(conf_bads));
	tcase_add_test(tc, test_conf_internal_urls);
	tcase_add_test(tc, test_conf_missing);
	tcase_add_loop_test(tc, test_conf_secret_mode, 0,
	    NITEMS(secret_cases));
	tcase_add_test(tc, test_conf_secret_errors);
	tcase_add_test(tc, test_conf_env);
	return tc;
}

static Suite *
suite_build(void)
{
	Suite	*s;

	s = suite_create("core");
	suite_add_tcase(s, tcase_core());
	suite_add_tcase(s, tcase_conf());
	return s;
}

#include "tap.h"
