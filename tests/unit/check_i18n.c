/*
 * Languages: plural expressions, .mo catalogs (made here by msgfmt from
 * a .po written by the test), damaged catalogs refused, the template
 * tags {{_ }} and {{_n }} compiled per language (escaping,
 * placeholders, plural forms, English fallback, the errors a bad
 * translation stops start-up with) and their extraction.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "core/core.h"
#include "i18n/i18n.h"
#include "tmpl/tmpl.h"

static const struct tmpl_var vars[] = {
	{ "name", TMPL_SCALAR },
	{ "count", TMPL_SCALAR },
	{ "lang", TMPL_SCALAR },
	{ NULL, 0 }
};

static char	 dir[64];

static void
file_put(const char *name, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/souk-i18n-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A .po in dir compiled to name.mo; returns the loaded catalog. */
static struct i18n_cat *
cat_make(const char *name, const char *plural_forms, const char *body)
{
	char		 cmd[512], mo[256], err[256];
	struct i18n_cat	*c;
	FILE		*f;

	snprintf(mo, sizeof(mo), "%s/%s.po", dir, name);
	ck_assert_ptr_nonnull(f = fopen(mo, "w"));
	fprintf(f, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; "
	    "charset=UTF-8\\n\"\n\"Plural-Forms: %s\\n\"\n\n%s",
	    plural_forms, body);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "msgfmt -o '%s/%s.mo' '%s'", dir, name, mo);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(mo, sizeof(mo), "%s/%s.mo", dir, name);
	c = i18n_cat_load(mo, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	return c;
}

static const char de_po[] =
	"msgid \"Add to cart\"\nmsgstr \"In den Warenkorb\"\n\n"
	"msgid \"Hello, {name}\"\nmsgstr \"Hallo, {name}\"\n\n"
	"msgid \"Size & \\\"fit\\\"\"\nmsgstr \"Gr\xc3\xb6\xc3\x9f" "e & "
	"\\\"Passform\\\" <b>\"\n\n"
	"msgid \"{count} item\"\nmsgid_plural \"{count} items\"\n"
	"msgstr[0] \"{count} Artikel\"\nmsgstr[1] \"{count} Artikel (mehrere)\"\n\n"
	"msgctxt \"verb\"\nmsgid \"Order\"\nmsgstr \"Bestellen\"\n\n"
	"msgid \"Untranslated\"\nmsgstr \"\"\n\n";

/* ---- plural expressions ---------------------------------------------- */

static unsigned long
eval(const char *expr, uint64_t n)
{
	struct i18n_plural	*e = i18n_plural_parse(expr);
	unsigned long		 v;

	ck_assert_msg(e != NULL, "parse %s", expr);
	v = i18n_plural_eval(e, n);
	i18n_plural_free(e);
	return v;
}

START_TEST(test_plural_expressions)
{
	static const char pl[] = "(n==1 ? 0 : n%10>=2 && n%10<=4 && "
	    "(n%100<10 || n%100>=20) ? 1 : 2)";
	static const char *const bad[] = { "", "n +", "(n", "x", "n ? 1",
	    "n == == 1", "((((((((((((((((((((((((((((((((((n))))))))))))))))"
	    "))))))))))))))))))", NULL };
	size_t	 i;

	ck_assert_uint_eq(eval("n != 1", 1), 0);
	ck_assert_uint_eq(eval("n != 1", 0), 1);
	ck_assert_uint_eq(eval("n>1", 0), 0);
	ck_assert_uint_eq(eval("n>1", 1), 0);
	ck_assert_uint_eq(eval("n>1", 2), 1);
	ck_assert_uint_eq(eval(pl, 1), 0);
	ck_assert_uint_eq(eval(pl, 3), 1);
	ck_assert_uint_eq(eval(pl, 13), 2);
	ck_assert_uint_eq(eval(pl, 22), 1);
	ck_assert_uint_eq(eval(pl, 25), 2);
	ck_assert_uint_eq(eval("0", 7), 0);
	ck_assert_uint_eq(eval("!(n%2)", 4), 1);
	ck_assert_uint_eq(eval("n/0", 4), 0);	/* no crash */
	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(i18n_plural_parse(bad[i]) == NULL, "%s", bad[i]);
}
END_TEST

/* ---- catalogs -------------------------------------------------------- */

START_TEST(test_catalog_lookup)
{
	struct i18n_cat	*c = cat_make("de", "nplurals=2; plural=(n != 1);",
	    de_po);

	ck_assert_str_eq(i18n_gettext(c, "Add to cart"), "In den Warenkorb");
	ck_assert_str_eq(i18n_gettext(c, "Not there"), "Not there");
	ck_assert_str_eq(i18n_gettext(c, "Untranslated"), "Untranslated");
	ck_assert_str_eq(i18n_gettext(NULL, "Add to cart"), "Add to cart");
	ck_assert_str_eq(i18n_pgettext(c, "verb", "Order"), "Bestellen");
	ck_assert_str_eq(i18n_pgettext(c, "noun", "Order"), "Order");
	ck_assert_str_eq(i18n_ngettext(c, "{count} item", "{count} items", 1),
	    "{count} Artikel");
	ck_assert_str_eq(i18n_ngettext(c, "{count} item", "{count} items", 5),
	    "{count} Artikel (mehrere)");
	ck_assert_str_eq(i18n_ngettext(c, "{n} x", "{n} xs", 1), "{n} x");
	ck_assert_str_eq(i18n_ngettext(NULL, "{n} x", "{n} xs", 0), "{n} xs");
	ck_assert_uint_eq(i18n_nplurals(c), 2);
	i18n_cat_free(c);
}
END_TEST

START_TEST(test_catalog_damaged)
{
	static const char *const junk[] = { "", "short",
	    "\xde\x12\x04\x95\0\0\0\0\xff\xff\xff\x0f\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0" };
	char		 path[256], err[256], cmd[512];
	struct i18n_cat	*c;
	size_t		 i;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/bad.mo", dir);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		ck_assert_ptr_nonnull(f = fopen(path, "wb"));
		fwrite(junk[i], 1, i < 2 ? strlen(junk[i]) : 28, f);
		fclose(f);
		ck_assert_ptr_null(i18n_cat_load(path, err, sizeof(err)));
		ck_assert_ptr_nonnull(strstr(err, "bad.mo"));
	}
	/* a good catalog cut short: its strings point past the end */
	c = cat_make("cut", "nplurals=2; plural=(n != 1);", de_po);
	i18n_cat_free(c);
	snprintf(cmd, sizeof(cmd), "truncate -s 200 '%s/cut.mo'", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/cut.mo", dir);
	ck_assert_ptr_null(i18n_cat_load(path, err, sizeof(err)));
	ck_assert_ptr_null(i18n_cat_load("/nonexistent/x.mo", err,
	    sizeof(err)));
}
END_TEST

START_TEST(test_lang_find)
{
	ck_assert_str_eq(i18n_lang_find("de-DE"), "de");
	ck_assert_str_eq(i18n_lang_find("fr_CH"), "fr");
	ck_assert_str_eq(i18n_lang_find("en"), "en");
	ck_assert_ptr_null(i18n_lang_find("ja-JP"));
	ck_assert_ptr_null(i18n_lang_find("d"));
	ck_assert_ptr_null(i18n_lang_find("deu"));
	ck_assert_ptr_null(i18n_lang_find(NULL));
	ck_assert_str_eq(i18n_lang_pick("ja-JP"), "en");
	ck_assert_str_eq(i18n_lang_name("fr"), "Fran\xc3\xa7" "ais");
}
END_TEST

/* ---- templates -------------------------------------------------------- */

static const char *
render(struct tmpl_set *set, const char *name, const char *json)
{
	static char		 out[2048];
	struct arena		*a = arena_new(4096, 1 << 20);
	struct json_object	*d = json_tokener_parse(json);
	struct buf		 b;

	ck_assert_ptr_nonnull(d);
	buf_init(&b, a, 256);
	ck_assert_int_eq(tmpl_render(set, name, d, &b), SOUK_OK);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.data);
	json_object_put(d);
	arena_free(a);
	return out;
}

static struct tmpl_set *
set_load(const struct i18n_cat *c)
{
	struct tmpl_set	*set;
	char		 err[512];

	set = tmpl_set_load_lang(dir, vars, c, err, sizeof(err));
	ck_assert_msg(set != NULL, "%s", err);
	return set;
}

static void
pages_put(void)
{
	file_put("page.html", "<b>{{_ \"Add to cart\"}}</b>|"
	    "{{_ \"Hello, {name}\"}}|{{_ \"Size & \\\"fit\\\"\"}}|"
	    "{{_n \"{count} item\" \"{count} items\" count}}|"
	    "{{_ \"Not translated {x\"}}");
	file_put("mail.txt", "{{_ \"Size & \\\"fit\\\"\"}} {{_ \"Hello, "
	    "{name}\"}}");
}

START_TEST(test_tags_compiled)
{
	struct i18n_cat	*de = cat_make("de", "nplurals=2; plural=(n != 1);",
	    de_po);
	struct tmpl_set	*en, *ger;

	pages_put();
	en = set_load(NULL);
	ger = set_load(de);
	ck_assert_str_eq(render(en, "page", "{\"name\":\"<Ann>\",\"count\":1}"),
	    "<b>Add to cart</b>|Hello, &lt;Ann&gt;|Size &amp; &quot;fit&quot;|"
	    "1 item|Not translated {x");
	ck_assert_str_eq(render(en, "page", "{\"name\":\"A\",\"count\":0}"),
	    "<b>Add to cart</b>|Hello, A|Size &amp; &quot;fit&quot;|0 items|"
	    "Not translated {x");
	ck_assert_str_eq(render(ger, "page", "{\"name\":\"<Ann>\","
	    "\"count\":\"3\"}"), "<b>In den Warenkorb</b>|Hallo, &lt;Ann&gt;|"
	    "Gr\xc3\xb6\xc3\x9f" "e &amp; &quot;Passform&quot; &lt;b&gt;|"
	    "3 Artikel (mehrere)|Not translated {x");
	/* plain text: nothing escaped */
	ck_assert_str_eq(render(ger, "mail.txt", "{\"name\":\"<Ann>\"}"),
	    "Gr\xc3\xb6\xc3\x9f" "e & \"Passform\" <b> Hallo, <Ann>");
	tmpl_set_free(en);
	tmpl_set_free(ger);
	i18n_cat_free(de);
}
END_TEST

START_TEST(test_tags_french_plural)
{
	struct i18n_cat	*fr = cat_make("fr", "nplurals=2; plural=(n > 1);",
	    "msgid \"{count} item\"\nmsgid_plural \"{count} items\"\n"
	    "msgstr[0] \"{count} article\"\nmsgstr[1] \"{count} articles\"\n");
	struct tmpl_set	*set;

	file_put("n.html", "{{_n \"{count} item\" \"{count} items\" count}}");
	set = set_load(fr);
	ck_assert_str_eq(render(set, "n", "{\"count\":0}"), "0 article");
	ck_assert_str_eq(render(set, "n", "{\"count\":1}"), "1 article");
	ck_assert_str_eq(render(set, "n", "{\"count\":2}"), "2 articles");
	/* no count: form 0, the placeholder empty */
	ck_assert_str_eq(render(set, "n", "{}"), " article");
	tmpl_set_free(set);
	i18n_cat_free(fr);
}
END_TEST

static void
load_fails(const struct i18n_cat *c, const char *text, const char *want)
{
	char		 err[512];
	struct tmpl_set	*set;

	file_put("bad.html", text);
	set = tmpl_set_load_lang(dir, vars, c, err, sizeof(err));
	ck_assert_msg(set == NULL, "%s loaded", text);
	ck_assert_msg(strstr(err, want) != NULL, "%s: got \"%s\"", text, err);
	ck_assert_msg(strstr(err, "bad.html:1") != NULL, "%s", err);
}

START_TEST(test_tags_errors)
{
	struct i18n_cat	*c = cat_make("x", "nplurals=2; plural=(n != 1);",
	    "msgid \"Hi {name}\"\nmsgstr \"Salut\"\n\n"
	    "msgid \"Bye\"\nmsgstr \"Tsch\xc3\xbc\xc3\x9f {name}\"\n\n");

	load_fails(NULL, "{{_ \"open}}", "unterminated");
	load_fails(NULL, "{{_ \"\"}}", "empty string");
	load_fails(NULL, "{{_ nope}}", "expected a quoted string");
	load_fails(NULL, "{{_n \"a\" \"b\"}}", "expected a count name");
	load_fails(NULL, "{{_ \"a\" count}}", "unexpected");
	load_fails(NULL, "{{_ \"Hi {who}\"}}", "unknown variable \"who\"");
	load_fails(NULL, "{{_n \"a\" \"b\" nobody}}", "unknown variable");
	load_fails(c, "{{_ \"Hi {name}\"}}", "lacks {name}");
	load_fails(c, "{{_ \"Bye\"}}", "adds {name}");
	i18n_cat_free(c);
}
END_TEST

struct seen {
	char	 buf[1024];
};

static void
seen_add(void *arg, const char *file, size_t line, const char *id,
    const char *plural)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->buf);

	snprintf(s->buf + len, sizeof(s->buf) - len, "%s:%zu:%s:%s;", file,
	    line, id, plural != NULL ? plural : "-");
}

START_TEST(test_msgids)
{
	struct seen	 s;
	char		 err[256];

	s.buf[0] = '\0';
	file_put("a.html", "x\n{{_ \"One \\\"q\\\"\"}}\n{{#undeclared}}"
	    "{{_n \"{n} a\" \"{n} b\" n}}{{/undeclared}}");
	ck_assert_int_eq(tmpl_msgids(dir, seen_add, &s, err, sizeof(err)), 0);
	ck_assert_str_eq(s.buf, "a.html:2:One \"q\":-;a.html:3:{n} a:{n} b;");
	file_put("b.html", "{{_ \"x}}");
	ck_assert_int_eq(tmpl_msgids(dir, seen_add, &s, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "b.html:1"));
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("i18n");
	TCase	*tc = tcase_create("catalogs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plural_expressions);
	tcase_add_test(tc, test_catalog_lookup);
	tcase_add_test(tc, test_catalog_damaged);
	tcase_add_test(tc, test_lang_find);
	suite_add_tcase(s, tc);
	tc = tcase_create("templates");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tags_compiled);
	tcase_add_test(tc, test_tags_french_plural);
	tcase_add_test(tc, test_tags_errors);
	tcase_add_test(tc, test_msgids);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
