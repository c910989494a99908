/*
 * Template engine: escaping per context, sections, lookup, partials,
 * layouts, whitespace, golden pages, one bad set per start-up error, the
 * rules for run-time templates and the work budget.
 * Fixtures live in tests/unit/tmpl/ under $SOUK_SRCDIR (default ".").
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "core/core.h"
#include "tmpl/tmpl.h"

/* One dictionary for every fixture set. */
static const struct tmpl_var vars[] = {
	{ "x", TMPL_SCALAR },
	{ "v", TMPL_ANY },
	{ "html", TMPL_RAW },
	{ "html2", TMPL_SCALAR },
	{ "content", TMPL_RAW },
	{ "title", TMPL_SCALAR },
	{ "shop", TMPL_SCALAR },
	{ "items", TMPL_SECTION },
	{ "name", TMPL_SCALAR },
	{ "price", TMPL_SCALAR },
	{ "currency", TMPL_SCALAR },
	{ "tags", TMPL_SECTION },
	{ "product", TMPL_SECTION },
	{ "nav", TMPL_SECTION },
	{ "slug", TMPL_SCALAR },
	{ "sku", TMPL_SCALAR },
	{ "description", TMPL_ANY },
	{ "in_stock", TMPL_SECTION },
	{ NULL, 0 }
};

static struct tmpl_set	*good;
static struct arena	*arena;

static void
fixture_path(char *out, size_t outlen, const char *sub)
{
	const char	*src;
	int		 n;

	if ((src = getenv("SOUK_SRCDIR")) == NULL || src[0] == '\0')
		src = ".";
	n = snprintf(out, outlen, "%s/tests/unit/tmpl/%s", src, sub);
	ck_assert(n > 0 && (size_t)n < outlen);
}

static struct tmpl_set *
load(const char *sub, char *err, size_t errlen)
{
	char	 path[1024];

	fixture_path(path, sizeof(path), sub);
	return tmpl_set_load(path, vars, err, errlen);
}

static void
setup(void)
{
	char	 err[512];

	arena = arena_new(8192, 16 * 1024 * 1024);
	ck_assert_ptr_nonnull(arena);
	good = load("good", err, sizeof(err));
	if (good == NULL)
		ck_abort_msg("good set: %s", err);
}

static void
teardown(void)
{
	tmpl_set_free(good);
	arena_free(arena);
	good = NULL;
	arena = NULL;
}

/*
 * Render name from the good set with data parsed from json (NULL: no
 * data).  Also checks that rendering left no reference on the data.
 */
static const char *
render(const char *name, const char *json)
{
	struct json_object	*data = NULL;
	struct buf		 out;

	if (json != NULL) {
		data = json_tokener_parse(json);
		ck_assert_ptr_nonnull(data);
	}
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(good, name, data, &out), SOUK_OK);
	if (data != NULL)
		ck_assert_int_eq(json_object_put(data), 1);
	return out.data;
}

/* ---- escaping ---------------------------------------------------------- */

START_TEST(test_escape_html)
{
	ck_assert_str_eq(render("esc", "{\"x\": \"&<>\\\"'\"}"),
	    "<p title=\"&amp;&lt;&gt;&quot;&#39;\">"
	    "&amp;&lt;&gt;&quot;&#39;</p>");
	ck_assert_str_eq(render("esc", "{\"x\": \"plain\"}"),
	    "<p title=\"plain\">plain</p>");
}
END_TEST

START_TEST(test_filter_url)
{
	ck_assert_str_eq(render("url", "{\"x\": \"a b&c/d?e=\\u00fc\"}"),
	    "<a href=\"/search?q=a%20b%26c%2Fd%3Fe%3D%C3%BC\">");
}
END_TEST

START_TEST(test_filter_js)
{
	ck_assert_str_eq(render("js",
	    "{\"x\": \"</script>\\\"'\\\\\\n&\"}"),
	    "<script>var s = \"\\u003C/script\\u003E\\u0022\\u0027"
	    "\\\\\\u000A\\u0026\";</script>");
}
END_TEST

START_TEST(test_raw)
{
	ck_assert_str_eq(render("raw",
	    "{\"html\": \"<b>hi</b>\", \"html2\": \"<b>hi</b>\"}"),
	    "<b>hi</b>|&lt;b&gt;hi&lt;/b&gt;");
}
END_TEST

START_TEST(test_tag_spaces)
{
	ck_assert_str_eq(render("spaces",
	    "{\"x\": \"a b\", \"html\": \"<i>\"}"), "[a b][a%20b][<i>]");
}
END_TEST

/* ---- scalars ----------------------------------------------------------- */

static const struct {
	const char	*json;
	const char	*want;
} types[] = {
	{ "{\"v\": \"s<\"}", "[s&lt;]" },
	{ "{\"v\": 42}", "[42]" },
	{ "{\"v\": -7}", "[-7]" },
	{ "{\"v\": 9007199254740993}", "[9007199254740993]" },
	{ "{\"v\": 1.5}", "[1.5]" },
	{ "{\"v\": true}", "[true]" },
	{ "{\"v\": false}", "[false]" },
	{ "{\"v\": null}", "[]" },
	{ "{}", "[]" },
	{ "{\"v\": {\"a\": 1}}", "[]" },
	{ "{\"v\": [1, 2]}", "[]" },
	{ "[1]", "[]" },
};

START_TEST(test_scalar_types)
{
	ck_assert_str_eq(render("types", types[_i].json), types[_i].want);
}
END_TEST

START_TEST(test_null_data)
{
	ck_assert_str_eq(render("esc", NULL), "<p title=\"\"></p>");
	ck_assert_str_eq(render("truth", NULL), "no");
}
END_TEST

/* ---- sections ---------------------------------------------------------- */

static const struct {
	const char	*json;
	const char	*want;
} truth[] = {
	{ "{\"v\": true}", "yes" },
	{ "{\"v\": false}", "no" },
	{ "{\"v\": null}", "no" },
	{ "{}", "no" },
	{ "{\"v\": 0}", "no" },
	{ "{\"v\": 1}", "yes" },
	{ "{\"v\": 0.0}", "no" },
	{ "{\"v\": 2.5}", "yes" },
	{ "{\"v\": \"\"}", "no" },
	{ "{\"v\": \"a\"}", "yes" },
	{ "{\"v\": []}", "no" },
	{ "{\"v\": [0]}", "yes" },
	{ "{\"v\": {}}", "yes" },
};

START_TEST(test_section_truth)
{
	ck_assert_str_eq(render("truth", truth[_i].json), truth[_i].want);
}
END_TEST

START_TEST(test_section_array)
{
	ck_assert_str_eq(render("array",
	    "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}"),
	    "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
	ck_assert_str_eq(render("array", "{\"items\": []}"), "<ul></ul>");
	ck_assert_str_eq(render("array", "{}"), "<ul></ul>");
}
END_TEST

START_TEST(test_section_dot)
{
	ck_assert_str_eq(render("dot",
	    "{\"tags\": [\"x\", \"<y>\", 3, true, null]}"),
	    "[x][&lt;y&gt;][3][true][]");
	ck_assert_str_eq(render("scalardot", "{\"v\": \"hi\"}"), "<hi>");
	ck_assert_str_eq(render("scalardot", "{\"v\": 5}"), "<5>");
	ck_assert_str_eq(render("scalardot", "{\"v\": {\"a\": 1}}"), "<>");
	ck_assert_str_eq(render("scalardot", "{\"v\": false}"), "");
}
END_TEST

START_TEST(test_section_object)
{
	ck_assert_str_eq(render("object",
	    "{\"product\": {\"name\": \"Mug\", \"price\": 1999}}"),
	    "Mug: 1999");
	ck_assert_str_eq(render("object", "{\"product\": false}"), "");
}
END_TEST

START_TEST(test_section_inverted)
{
	ck_assert_str_eq(render("inverted", "{\"items\": []}"), "empty");
	ck_assert_str_eq(render("inverted", "{}"), "empty");
	ck_assert_str_eq(render("inverted", "{\"items\": null}"), "empty");
	ck_assert_str_eq(render("inverted", "{\"items\": [{}]}"), "");
	ck_assert_str_eq(render("inverted", "{\"items\": {}}"), "");
}
END_TEST

START_TEST(test_lookup_outer)
{
	/* currency from the top; the second item shadows it. */
	ck_assert_str_eq(render("nested",
	    "{\"currency\": \"EUR\", \"items\": ["
	    "{\"name\": \"a\", \"price\": 1},"
	    "{\"name\": \"b\", \"price\": 2, \"currency\": \"USD\"}]}"),
	    "a 1 EUR;b 2 USD;");
	/* A null in the inner context still shadows the outer value. */
	ck_assert_str_eq(render("nested",
	    "{\"name\": \"top\", \"items\": [{}, {\"name\": null}]}"),
	    "top  ;  ;");
}
END_TEST

/* ---- partials and layouts ---------------------------------------------- */

START_TEST(test_partial)
{
	ck_assert_str_eq(render("partial",
	    "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b&\"}]}"),
	    "<ul><li>a</li><li>b&amp;</li></ul>");
	ck_assert_str_eq(render("partials/item", "{\"name\": \"n\"}"),
	    "<li>n</li>");
}
END_TEST

START_TEST(test_partial_recursion)
{
	ck_assert_str_eq(render("tree",
	    "{\"name\": \"r\", \"items\": ["
	    "{\"name\": \"a\", \"items\": [{\"name\": \"b\", \"items\": []}]},"
	    "{\"name\": \"c\", \"items\": []}]}"),
	    "r(a(b))(c)");
}
END_TEST

START_TEST(test_partial_depth_cap)
{
	struct json_object	*data;
	struct buf		 out;

	data = json_object_new_object();
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(good, "loop", data, &out),
	    SOUK_INTERNAL);
	ck_assert_int_eq(json_object_put(data), 1);
	/* A leaf without "items" finds its parent's: endless, capped too. */
	data = json_tokener_parse("{\"name\": \"r\", \"items\": [{}]}");
	ck_assert_ptr_nonnull(data);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(good, "tree", data, &out),
	    SOUK_INTERNAL);
	ck_assert_int_eq(json_object_put(data), 1);
}
END_TEST

START_TEST(test_layout)
{
	ck_assert_str_eq(render("page", "{\"title\": \"T&\"}"),
	    "<html><title>T&amp;</title>\n<body>\n"
	    "<h1>T&amp;</h1>\n"
	    "\n</body></html>\n");
}
END_TEST

START_TEST(test_layout_content_wins)
{
	/* The page's output, not data's "content", reaches the layout. */
	ck_assert_str_eq(render("page",
	    "{\"title\": \"T\", \"content\": \"<evil>\"}"),
	    "<html><title>T</title>\n<body>\n<h1>T</h1>\n"
	    "\n</body></html>\n");
	/* Without a layout, {{&content}} is data's. */
	ck_assert_str_eq(render("layout",
	    "{\"title\": \"T\", \"content\": \"<i>\"}"),
	    "<html><title>T</title>\n<body>\n<i>\n</body></html>\n");
}
END_TEST

START_TEST(test_layout_nested)
{
	ck_assert_str_eq(render("inner", "{\"title\": \"T\", \"x\": \"1\"}"),
	    "<html><title>T</title>\n<body>\n"
	    "<section><p>1</p></section>\n</body></html>\n");
}
END_TEST

/* ---- whitespace -------------------------------------------------------- */

START_TEST(test_standalone)
{
	ck_assert_str_eq(render("standalone",
	    "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"),
	    "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"
	    "end xx inline\n<li></li>\n");
	ck_assert_str_eq(render("standalone", "{\"items\": []}"),
	    "<ul>\n</ul>\nnone\nend  inline\n<li></li>\n");
}
END_TEST

START_TEST(test_standalone_crlf)
{
	ck_assert_str_eq(render("crlf", "{\"v\": true}"), "a\r\nb\r\nc");
	ck_assert_str_eq(render("crlf", "{\"v\": false}"), "a\r\nc");
}
END_TEST

START_TEST(test_variables_keep_lines)
{
	ck_assert_str_eq(render("keep", "{\"x\": 1, \"html\": \"\"}"),
	    "  1  \n\n");
}
END_TEST

/* ---- API --------------------------------------------------------------- */

START_TEST(test_exists_notfound)
{
	struct buf	 out;

	ck_assert_int_eq(tmpl_exists(good, "esc"), 1);
	ck_assert_int_eq(tmpl_exists(good, "partials/item"), 1);
	ck_assert_int_eq(tmpl_exists(good, "partials/item.html"), 0);
	ck_assert_int_eq(tmpl_exists(good, "item"), 0);
	ck_assert_int_eq(tmpl_exists(good, "nope"), 0);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(good, "nope", NULL, &out),
	    SOUK_NOTFOUND);
	ck_assert_uint_eq(out.len, 0);
}
END_TEST

START_TEST(test_appends)
{
	struct buf	 out;

	buf_init(&out, arena, 0);
	buf_adds(&out, "X");
	ck_assert_int_eq(tmpl_render(good, "truth", NULL, &out), SOUK_OK);
	ck_assert_int_eq(tmpl_render(good, "truth", NULL, &out), SOUK_OK);
	ck_assert_str_eq(out.data, "Xnono");
}
END_TEST

START_TEST(test_enomem)
{
	struct arena		*small;
	struct json_object	*data, *items, *item;
	struct buf		 out;
	char			 title[3000];
	int			 i;

	small = arena_new(1024, 4096);
	ck_assert_ptr_nonnull(small);
	data = json_object_new_object();
	items = json_object_new_array();
	json_object_object_add(data, "items", items);
	for (i = 0; i < 1000; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "name",
		    json_object_new_string("0123456789"));
		json_object_array_add(items, item);
	}
	buf_init(&out, small, 0);
	ck_assert_int_eq(tmpl_render(good, "array", data, &out),
	    SOUK_ENOMEM);
	ck_assert_int_eq(json_object_put(data), 1);

	/* Through a layout: the page, then the layout, outgrow the cap. */
	arena_reset(small);
	memset(title, 'a', sizeof(title));
	data = json_object_new_object();
	json_object_object_add(data, "title",
	    json_object_new_string_len(title, (int)sizeof(title)));
	buf_init(&out, small, 0);
	ck_assert_int_eq(tmpl_render(good, "page", data, &out),
	    SOUK_ENOMEM);
	ck_assert_int_eq(json_object_put(data), 1);
	arena_free(small);
}
END_TEST

/* ---- golden pages ------------------------------------------------------ */

static char *
slurp(const char *sub, size_t *len)
{
	char	 path[1024];
	FILE	*f;
	char	*p;
	long	 n;

	fixture_path(path, sizeof(path), sub);
	if ((f = fopen(path, "rb")) == NULL)
		ck_abort_msg("%s: cannot open", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	ck_assert((n = ftell(f)) >= 0);
	rewind(f);
	ck_assert_ptr_nonnull(p = malloc((size_t)n + 1));
	*len = fread(p, 1, (size_t)n, f);
	ck_assert_uint_eq(*len, (size_t)n);
	p[*len] = '\0';
	fclose(f);
	return p;
}

static const char *const golden[] = {
	"product",
	"soldout",
};

START_TEST(test_golden)
{
	struct tmpl_set		*set;
	struct json_object	*data;
	struct buf		 out;
	char			 err[512], path[1024], sub[128], *want;
	size_t			 len;

	if ((set = load("golden/set", err, sizeof(err))) == NULL)
		ck_abort_msg("golden set: %s", err);
	snprintf(sub, sizeof(sub), "golden/%s.json", golden[_i]);
	fixture_path(path, sizeof(path), sub);
	ck_assert_ptr_nonnull(data = json_object_from_file(path));
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(set, "product", data, &out), SOUK_OK);
	snprintf(sub, sizeof(sub), "golden/%s.out", golden[_i]);
	want = slurp(sub, &len);
	ck_assert_str_eq(out.data, want);
	ck_assert_uint_eq(out.len, len);
	ck_assert_int_eq(memcmp(out.data, want, len), 0);
	free(want);
	ck_assert_int_eq(json_object_put(data), 1);
	tmpl_set_free(set);
}
END_TEST

/* ---- start-up errors --------------------------------------------------- */

static const struct {
	const char	*dir;
	const char	*want;
} bad[] = {
	{ "bad/unknown_var", "product.html:12: unknown variable \"pric\"" },
	{ "bad/unclosed_section", "list.html:3: unclosed section \"items\"" },
	{ "bad/mismatched_close",
	  "list.html:4: mismatched close \"items\", expected \"product\"" },
	{ "bad/close_without_open",
	  "list.html:2: close \"items\" without open section" },
	{ "bad/missing_partial",
	  "partials/nav.html:2: missing partial \"partials/icon\"" },
	{ "bad/missing_layout", "page.html:2: missing layout \"base\"" },
	{ "bad/unknown_filter", "x.html:2: unknown filter \"upper\"" },
	{ "bad/raw_scalar",
	  "x.html:1: variable \"name\" declared scalar, used as raw" },
	{ "bad/scalar_section",
	  "x.html:2: variable \"name\" declared scalar, used as section" },
	{ "bad/section_scalar",
	  "x.html:1: variable \"items\" declared section, used as scalar" },
	{ "bad/raw_dot", "x.html:1: raw output of \".\" not allowed" },
	{ "bad/empty_tag", "x.html:2: empty tag" },
	{ "bad/unclosed_tag", "x.html:3: unclosed tag" },
	{ "bad/layout_late", "x.html:2: layout tag must be the first tag" },
	{ "bad/partial_layout", "x.html:1: partial \"inner\" has a layout" },
	{ "bad/bad_name", "x.html:1: bad name \"a.b\"" },
	{ "bad/bad_pragma", "x.html:1: unknown tag \"%include base\"" },
	{ "bad/layout_loop", "a.html:1: layout chain too long or circular" },
	/* an HTML page cannot borrow a text layout or partial: no escaping */
	{ "bad/mixed_layout",
	  "mail.html:1: layout \"base.txt\" mixes plain text and HTML" },
	{ "bad/mixed_partial",
	  "mail.txt:1: partial \"p\" mixes plain text and HTML" },
	/* our own templates too have a sane cap */
	{ "bad/too_deep", "x.html:2: sections nested more than 16 deep" },
};

START_TEST(test_bad_set)
{
	char	 err[512];

	memset(err, 'Z', sizeof(err));
	ck_assert_ptr_null(load(bad[_i].dir, err, sizeof(err)));
	ck_assert_str_eq(err, bad[_i].want);
}
END_TEST

START_TEST(test_bad_dir)
{
	char	 err[512], path[1024];

	fixture_path(path, sizeof(path), "no-such-dir");
	ck_assert_ptr_null(load("no-such-dir", err, sizeof(err)));
	ck_assert(strncmp(err, path, strlen(path)) == 0);
	ck_assert(strncmp(err + strlen(path), ": ", 2) == 0);
}
END_TEST

START_TEST(test_bad_small_errbuf)
{
	char	 err[10];

	memset(err, 'Z', sizeof(err));
	ck_assert_ptr_null(load("bad/unknown_var", err, sizeof(err)));
	ck_assert_str_eq(err, "product.h");
	/* No buffer at all is allowed too. */
	ck_assert_ptr_null(load("bad/unknown_var", NULL, 0));
}
END_TEST

START_TEST(test_unknown_without_dictionary)
{
	char		 path[1024], err[512];

	fixture_path(path, sizeof(path), "good");
	ck_assert_ptr_null(tmpl_set_load(path, NULL, err, sizeof(err)));
	ck_assert(strstr(err, ": unknown variable \"") != NULL);
}
END_TEST

/* .txt templates write values as they are, partials included. */
START_TEST(test_text_template)
{
	ck_assert_int_eq(tmpl_exists(good, "plain.txt"), 1);
	ck_assert_int_eq(tmpl_exists(good, "plain"), 0);
	ck_assert_str_eq(render("plain.txt",
	    "{\"x\": \"A & <B>\", \"items\": [{\"name\": \"x<y\"}]}"),
	    "Dear A & <B>, <li>x<y</li> <&>\n");
	/* an .html page's partial still escapes */
	ck_assert_str_eq(render("partial",
	    "{\"items\": [{\"name\": \"x<y\"}]}"),
	    "<ul><li>x&lt;y</li></ul>");
}
END_TEST

START_TEST(test_compile_strings)
{
	static const struct tmpl_src ok[] = {
		{ "mail.html", "<b>{{x}}</b>" },
		{ "mail.txt", "Hi {{x}}" },
	};
	static const struct tmpl_src unknown[] = {
		{ "mail.html", "<b>{{nope}}</b>" },
	};
	static const struct tmpl_src twice[] = {
		{ "a.html", "1" }, { "a.html", "2" },
	};
	struct tmpl_set		*set;
	struct json_object	*data;
	struct buf		 out;
	char			 err[256];

	set = tmpl_set_compile(ok, 2, vars, err, sizeof(err));
	if (set == NULL)
		ck_abort_msg("compile: %s", err);
	data = json_tokener_parse("{\"x\": \"<&>\"}");
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(set, "mail", data, &out), SOUK_OK);
	ck_assert_str_eq(out.data, "<b>&lt;&amp;&gt;</b>");
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(set, "mail.txt", data, &out), SOUK_OK);
	ck_assert_str_eq(out.data, "Hi <&>");
	json_object_put(data);
	tmpl_set_free(set);

	ck_assert_ptr_null(tmpl_set_compile(unknown, 1, vars, err,
	    sizeof(err)));
	ck_assert_str_eq(err, "mail.html:1: unknown variable \"nope\"");
	ck_assert_ptr_null(tmpl_set_compile(twice, 2, vars, err,
	    sizeof(err)));
	ck_assert_str_eq(err, "a.html: duplicate name");
}
END_TEST

/* ---- run-time templates ------------------------------------------------ */

START_TEST(test_runtime_rules)
{
	static const struct tmpl_src four[] = {
		{ "m.html", "{{#items}}{{#tags}}{{^nav}}{{#v}}{{name}}"
		    "{{/v}}{{/nav}}{{/tags}}{{/items}}" },
	};
	static const struct tmpl_src five[] = {
		{ "m.html", "{{#items}}{{#items}}{{#items}}{{#items}}\n"
		    "{{#items}}x{{/items}}{{/items}}{{/items}}{{/items}}"
		    "{{/items}}" },
	};
	static const struct tmpl_src layout[] = {
		{ "m.html", "{{%layout base}}<b>{{x}}</b>" },
		{ "base.html", "<html>{{&content}}</html>" },
	};
	static const struct tmpl_src self[] = {
		{ "m.html", "{{x}}{{>m}}{{>m}}" },
	};
	struct tmpl_set	*set;
	char		 err[256];

	/* four open sections: what a shop's texts may use */
	set = tmpl_set_compile(four, 1, vars, err, sizeof(err));
	if (set == NULL)
		ck_abort_msg("four deep: %s", err);
	tmpl_set_free(set);
	ck_assert_ptr_null(tmpl_set_compile(five, 1, vars, err, sizeof(err)));
	ck_assert_str_eq(err, "m.html:2: sections nested more than 4 deep");
	ck_assert_ptr_null(tmpl_set_compile(layout, 2, vars, err,
	    sizeof(err)));
	ck_assert_str_eq(err, "m.html:1: layouts are not allowed here");
	ck_assert_ptr_null(tmpl_set_compile(self, 1, vars, err, sizeof(err)));
	ck_assert_str_eq(err, "m.html:1: partials are not allowed here");
}
END_TEST

/* ---- the work budget --------------------------------------------------- */

/* {"items": [{"name": "0"}, ...]}: n elements. */
static struct json_object *
items_data(int n)
{
	struct json_object	*data, *items, *item;
	char			 name[16];
	int			 i;

	data = json_object_new_object();
	items = json_object_new_array();
	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(items);
	json_object_object_add(data, "items", items);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%d", i);
		item = json_object_new_object();
		json_object_object_add(item, "name",
		    json_object_new_string(name));
		json_object_array_add(items, item);
	}
	return data;
}

static struct tmpl_set *
compile_one(const char *file, const char *text)
{
	struct tmpl_src	 src = { file, text };
	struct tmpl_set	*set;
	char		 err[256];

	if ((set = tmpl_set_compile(&src, 1, vars, err, sizeof(err))) == NULL)
		ck_abort_msg("compile %s: %s", file, err);
	return set;
}

/*
 * Four nested sections over 1,000 items are 10^12 steps: without a
 * budget the render never ends (the test times out); with one it fails
 * fast and says why.  An empty innermost body costs its loop too.
 */
START_TEST(test_budget_nested)
{
	static const char *const texts[] = {
		"{{#items}}{{#items}}{{#items}}{{#items}}{{name}}"
		    "{{/items}}{{/items}}{{/items}}{{/items}}",
		"{{#items}}{{#items}}{{#items}}{{#items}}"
		    "{{/items}}{{/items}}{{/items}}{{/items}}",
	};
	struct tmpl_set		*set;
	struct json_object	*data = items_data(1000);
	struct tmpl_budget	 b;
	struct buf		 out;
	double			 t0;

	set = compile_one("m.html", texts[_i]);
	t0 = time_now_ms();
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render(set, "m", data, &out), SOUK_TOOLARGE);
	ck_assert_msg(time_now_ms() - t0 < 2000, "took %.0f ms",
	    time_now_ms() - t0);
	tmpl_budget_init(&b, 50000, TMPL_BUDGET_BYTES, 0);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(set, "m", data, &b, &out),
	    SOUK_TOOLARGE);
	ck_assert_int_eq(b.over, TMPL_OVER_NODES);
	ck_assert_str_eq(tmpl_over_str(b.over), "too many steps");
	ck_assert_int_eq(json_object_put(data), 1);
	tmpl_set_free(set);
}
END_TEST

/* With steps to spare, the CPU clock stops the render. */
START_TEST(test_budget_time)
{
	struct tmpl_set		*set;
	struct json_object	*data = items_data(1000);
	struct tmpl_budget	 b;
	struct buf		 out;
	double			 t0;

	set = compile_one("m.txt", "{{#items}}{{#items}}{{#items}}"
	    "{{/items}}{{/items}}{{/items}}");
	tmpl_budget_init(&b, UINT64_MAX, UINT64_MAX, 20);
	t0 = time_now_ms();
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(set, "m.txt", data, &b, &out),
	    SOUK_TOOLARGE);
	ck_assert_int_eq(b.over, TMPL_OVER_TIME);
	ck_assert_str_eq(tmpl_over_str(b.over), "too much CPU time");
	ck_assert_msg(time_now_ms() - t0 < 2000, "took %.0f ms",
	    time_now_ms() - t0);
	ck_assert_int_eq(json_object_put(data), 1);
	tmpl_set_free(set);
}
END_TEST

START_TEST(test_budget_bytes)
{
	struct tmpl_set		*set;
	struct json_object	*data = items_data(100);
	struct tmpl_budget	 b;
	struct buf		 out;

	set = compile_one("m.txt", "{{#items}}{{#items}}0123456789"
	    "{{/items}}{{/items}}");
	/* 100 x 100 x 10 bytes: 100,000 bytes */
	tmpl_budget_init(&b, TMPL_BUDGET_NODES, 99999, 0);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(set, "m.txt", data, &b, &out),
	    SOUK_TOOLARGE);
	ck_assert_int_eq(b.over, TMPL_OVER_BYTES);
	tmpl_budget_init(&b, TMPL_BUDGET_NODES, 100000, 0);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(set, "m.txt", data, &b, &out),
	    SOUK_OK);
	ck_assert_uint_eq(out.len, 100000);
	ck_assert_uint_eq(b.bytes, 0);
	ck_assert_int_eq(json_object_put(data), 1);
	tmpl_set_free(set);
}
END_TEST

/*
 * Normal templates are unaffected: the same output on a budget as
 * without, and a budget spans renders (one request's several parts).
 */
START_TEST(test_budget_normal)
{
	struct json_object	*data;
	struct tmpl_budget	 b;
	struct buf		 out;
	uint64_t		 spent;

	data = json_tokener_parse("{\"items\": [{\"name\": \"a\"}, "
	    "{\"name\": \"b&\"}]}");
	ck_assert_ptr_nonnull(data);
	tmpl_budget_init(&b, 100, 1000, 50);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(good, "partial", data, &b, &out),
	    SOUK_OK);
	ck_assert_str_eq(out.data, "<ul><li>a</li><li>b&amp;</li></ul>");
	ck_assert_int_eq(b.over, TMPL_OVER_NONE);
	spent = 100 - b.nodes;
	ck_assert_uint_gt(spent, 0);
	ck_assert_uint_eq(1000 - b.bytes, out.len);
	/* the second render has what the first left; then none is left */
	tmpl_budget_init(&b, 2 * spent - 1, 1000, 0);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(good, "partial", data, &b, &out),
	    SOUK_OK);
	buf_init(&out, arena, 0);
	ck_assert_int_eq(tmpl_render_budget(good, "partial", data, &b, &out),
	    SOUK_TOOLARGE);
	ck_assert_int_eq(tmpl_render_budget(good, "partial", data, &b, &out),
	    SOUK_TOOLARGE);
	ck_assert_int_eq(json_object_put(data), 1);
	ck_assert_str_eq(render("partial", "{\"items\": [{\"name\": "
	    "\"x<y\"}]}"), "<ul><li>x&lt;y</li></ul>");
}
END_TEST

static TCase *
tcase_render(void)
{
	TCase	*tc;
	size_t	 ntypes = sizeof(types) / sizeof(types[0]);
	size_t	 ntruth = sizeof(truth) / sizeof(truth[0]);

	tc = tcase_create("render");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_escape_html);
	tcase_add_test(tc, test_filter_url);
	tcase_add_test(tc, test_filter_js);
	tcase_add_test(tc, test_raw);
	tcase_add_test(tc, test_tag_spaces);
	tcase_add_loop_test(tc, test_scalar_types, 0, (int)ntypes);
	tcase_add_test(tc, test_null_data);
	tcase_add_loop_test(tc, test_section_truth, 0, (int)ntruth);
	tcase_add_test(tc, test_section_array);
	tcase_add_test(tc, test_section_dot);
	tcase_add_test(tc, test_section_object);
	tcase_add_test(tc, test_section_inverted);
	tcase_add_test(tc, test_lookup_outer);
	tcase_add_test(tc, test_partial);
	tcase_add_test(tc, test_partial_recursion);
	tcase_add_test(tc, test_partial_depth_cap);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_layout_content_wins);
	tcase_add_test(tc, test_layout_nested);
	tcase_add_test(tc, test_standalone);
	tcase_add_test(tc, test_standalone_crlf);
	tcase_add_test(tc, test_variables_keep_lines);
	tcase_add_test(tc, test_exists_notfound);
	tcase_add_test(tc, test_appends);
	tcase_add_test(tc, test_enomem);
	tcase_add_test(tc, test_text_template);
	tcase_add_test(tc, test_compile_strings);
	tcase_add_test(tc, test_runtime_rules);
	return tc;
}

static TCase *
tcase_budget(void)
{
	TCase	*tc;

	tc = tcase_create("budget");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_budget_nested, 0, 2);
	tcase_add_test(tc, test_budget_time);
	tcase_add_test(tc, test_budget_bytes);
	tcase_add_test(tc, test_budget_normal);
	return tc;
}

static Suite *
suite_build(void)
{
	Suite	*s;
	TCase	*tc;
	size_t	 nbad = sizeof(bad) / sizeof(bad[0]);
	size_t	 ngolden = sizeof(golden) / sizeof(golden[0]);

	s = suite_create("tmpl");
	suite_add_tcase(s, tcase_render());
	suite_add_tcase(s, tcase_budget());

	tc = tcase_create("golden");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_golden, 0, (int)ngolden);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_loop_test(tc, test_bad_set, 0, (int)nbad);
	tcase_add_test(tc, test_bad_dir);
	tcase_add_test(tc, test_bad_small_errbuf);
	tcase_add_test(tc, test_unknown_without_dictionary);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
