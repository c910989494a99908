/*
 * The shop domain against the dev stack's MariaDB and memcached: content
 * in more than one language (the shop's languages, its name in them,
 * translations of products and categories, the fallback to the default
 * language, the tenant's host record, the export and the erasure).  Two
 * tenants are seeded with colliding SKUs and slugs.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "i18n/i18n.h"
#include "stack.h"

#define T1	9011
#define T2	9012
#define H1	"content-one.localhost"
#define H2	"content-two.localhost"

static struct db	*shop;
static struct cache	*mc;
static struct arena	*ta;

static void
setup(void)
{
	ta = arena_new(65536, 1 << 24);
	shop = stack_db(conf.shop_db_name, shop_sql, SQL__MAX);
	mc = stack_cache();
	stack_shop_seed(shop, ta, T1, "content-one", "Content One", "active",
	    "USD", 1000);
	stack_shop_seed(shop, ta, T2, "content-two", "Content Two", "active",
	    "EUR", 2000);
}

static void
teardown(void)
{
	stack_shop_drop(ta, T1, T2);
	cache_del(mc, shop_tenant_cache_key(ta, H1));
	cache_del(mc, shop_tenant_cache_key(ta, H2));
	cache_free(mc);
	db_free(shop);
	arena_free(ta);
}

/* The tenant of host as a request finds it after a writer's recache. */
static struct shop_tenant *
tenant(int64_t id, const char *slug, const char *host)
{
	struct shop_tenant	*t;

	ck_assert_int_eq(shop_tenant_recache(shop, mc, ta, id, slug,
	    "localhost"), SOUK_OK);
	ck_assert_int_eq(shop_tenant_resolve(shop, mc, ta, host, "localhost",
	    NULL, &t), SOUK_OK);
	return t;
}

static struct shop_tenant *
one(void)
{
	return tenant(T1, "content-one", H1);
}

static struct shop_tenant *
two(void)
{
	return tenant(T2, "content-two", H2);
}

static void
langs(struct shop_tenant *t, const char *const *codes, size_t n)
{
	struct souk_why	 why;

	ck_assert_int_eq(shop_langs_set(shop, ta, t, codes, n, &why),
	    SOUK_OK);
}

static int64_t
product_id(int64_t tenant_id)
{
	struct shop_product	 p;

	ck_assert_int_eq(shop_product_by_slug(shop, ta, tenant_id, NULL,
	    "same-slug", &p), SOUK_OK);
	return p.id;
}

static enum souk_err
put(struct shop_tenant *t, enum shop_tr kind, int64_t id, const char *lang,
    const char *name, const char *desc, struct souk_why *why)
{
	struct shop_translation	 in = { lang, name, desc };

	return shop_translation_put(shop, ta, t, kind, id, &in, why);
}

START_TEST(test_locale_lang)
{
	static const struct {
		const char	*locale;
		const char	*lang;
	} t[] = {
		{ "de-DE", "de" }, { "en", "en" }, { "fr_CA", "fr" },
		{ "DE", "de" }, { "pt-BR", "pt" }, { "ast-ES", "ast" },
		{ "", "en" }, { "x", "en" }, { "de1", "en" }, { "deut", "en" },
		{ "-DE", "en" }, { NULL, "en" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(str_eq(shop_locale_lang(ta, t[i].locale),
		    t[i].lang), "%s", t[i].locale != NULL ? t[i].locale :
		    "NULL");
	ck_assert(shop_lang_known("de") && shop_lang_known("fr") &&
	    shop_lang_known("en"));
	ck_assert(!shop_lang_known("es") && !shop_lang_known("") &&
	    !shop_lang_known(NULL) && !shop_lang_known("DE"));
	ck_assert_str_eq(i18n_lang_name("de"), "Deutsch");
}
END_TEST

/* What a shop may serve; the host record carries it, in order. */
START_TEST(test_langs_set)
{
	static const char *const bad[][2] = { { "de", "xx" }, { "en", NULL },
	    { "fr", "fr" }, { "DE", NULL } };
	const char		*codes[] = { "fr", "de" };
	struct shop_tenant	*t = one(), *c;
	struct souk_why		 why;
	size_t			 i;

	ck_assert_str_eq(t->lang, "en");
	ck_assert_uint_eq(t->nlangs, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(shop_langs_set(shop, ta, t, bad[i],
		    bad[i][1] != NULL ? 2 : 1, &why), SOUK_INVALID);
		ck_assert_pstr_eq(why.field, "languages");
	}
	langs(t, codes, 2);
	t = one();
	ck_assert_uint_eq(t->nlangs, 2);
	ck_assert_str_eq(t->langs[0].code, "de");	/* shipped order */
	ck_assert_str_eq(t->langs[1].code, "fr");
	ck_assert_ptr_null(shop_lang_find(t, "en"));
	ck_assert_ptr_nonnull(shop_lang_find(t, "fr"));
	/* from the cache alone, without a database */
	ck_assert_int_eq(shop_tenant_resolve(NULL, mc, ta, H1, "localhost",
	    NULL, &c), SOUK_OK);
	ck_assert_uint_eq(c->nlangs, 2);
	ck_assert_str_eq(c->lang, "en");
	/* the other shop serves nothing more */
	ck_assert_uint_eq(two()->nlangs, 0);
	langs(t, codes, 0);
	ck_assert_uint_eq(one()->nlangs, 0);
}
END_TEST

/* Each field falls back on its own; both empty remove the translation. */
START_TEST(test_fallback)
{
	const char		*de = "de";
	struct shop_tenant	*t = one();
	struct shop_product	 p, *list;
	struct shop_catalog	 cat;
	struct souk_why		 why;
	size_t			 n;
	int64_t			 pid = product_id(T1);

	langs(t, &de, 1);
	t = one();
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", "Eins", NULL,
	    &why), SOUK_OK);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, "de", "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Eins");
	ck_assert_str_eq(p.description, "colliding");	/* the default's */
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, NULL, "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Content One");
	ck_assert_int_eq(shop_product_by_id(shop, ta, T1, "de", pid, &p),
	    SOUK_OK);
	ck_assert_str_eq(p.name, "Eins");
	ck_assert_int_eq(shop_products_featured(shop, ta, T1, "de", 10, &list,
	    &n), SOUK_OK);
	ck_assert(n == 1 && str_eq(list[0].name, "Eins"));
	ck_assert_int_eq(shop_products_after(shop, ta, T1, "de", 0, 10, &list,
	    &n), SOUK_OK);
	ck_assert(n == 1 && str_eq(list[0].name, "Eins"));
	/* a category: the description only; its list is cached per language */
	t = one();
	ck_assert_int_eq(shop_catalog_get(shop, mc, ta, t, NULL, &cat),
	    SOUK_OK);
	ck_assert_uint_eq(cat.n, 1);
	ck_assert_int_eq(put(t, SHOP_TR_CATEGORY, cat.cats[0].id, "de", "",
	    "Beschreibung", &why), SOUK_OK);
	t = one();	/* the version moved: a new key */
	ck_assert_int_eq(shop_catalog_get(shop, mc, ta, t, "de", &cat),
	    SOUK_OK);
	ck_assert_str_eq(cat.cats[0].name, "Content One");
	ck_assert_str_eq(cat.cats[0].description, "Beschreibung");
	ck_assert_int_eq(shop_products_in_category(shop, ta, T1, "de",
	    cat.cats[0].id, 0, 10, &list, &n), SOUK_OK);
	ck_assert(n == 1 && str_eq(list[0].name, "Eins"));
	ck_assert_int_eq(shop_catalog_get(shop, mc, ta, t, NULL, &cat),
	    SOUK_OK);
	ck_assert_str_eq(cat.cats[0].description, "");
	/* both fields empty: no translation left */
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", "", NULL, &why),
	    SOUK_OK);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, "de", "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Content One");
}
END_TEST

START_TEST(test_translation_checks)
{
	const char		*de = "de";
	struct shop_tenant	*t = one();
	struct souk_why		 why;
	int64_t			 pid = product_id(T1);
	char			 big[5002];

	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", "x", NULL, &why),
	    SOUK_INVALID);	/* de is not served yet */
	ck_assert_pstr_eq(why.field, "lang");
	langs(t, &de, 1);
	t = one();
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "en", "x", NULL, &why),
	    SOUK_INVALID);	/* the default language */
	ck_assert_pstr_eq(why.field, "lang");
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "es", "x", NULL, &why),
	    SOUK_INVALID);
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", "two\nlines",
	    NULL, &why), SOUK_INVALID);
	ck_assert_pstr_eq(why.field, "name");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", NULL, big, &why),
	    SOUK_INVALID);
	ck_assert_pstr_eq(why.field, "description");
	big[201] = '\0';
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", big, NULL, &why),
	    SOUK_INVALID);
	ck_assert_pstr_eq(why.field, "name");
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, 999999999, "de", "x", NULL,
	    &why), SOUK_NOTFOUND);
	ck_assert_int_eq(put(t, SHOP_TR_CATEGORY, 999999999, "de", "x", NULL,
	    &why), SOUK_NOTFOUND);
}
END_TEST

/* One shop's translations are nobody else's, whatever the ids. */
START_TEST(test_isolation)
{
	const char		*de = "de";
	struct shop_tenant	*t1 = one(), *t2;
	struct shop_translation	 base, *tr;
	struct shop_product	 p;
	struct souk_why		 why;
	size_t			 n;
	int64_t			 p1 = product_id(T1), p2 = product_id(T2);

	langs(t1, &de, 1);
	t1 = one();
	ck_assert_int_eq(put(t1, SHOP_TR_PRODUCT, p1, "de", "Eins", "eins",
	    &why), SOUK_OK);
	/* another shop's id: no such product here */
	ck_assert_int_eq(put(t1, SHOP_TR_PRODUCT, p2, "de", "Zwei", NULL,
	    &why), SOUK_NOTFOUND);
	ck_assert_int_eq(shop_translations_get(shop, ta, t1, SHOP_TR_PRODUCT,
	    p2, &base, &tr, &n), SOUK_NOTFOUND);
	/* the other shop does not serve de: its product stays its own */
	t2 = two();
	ck_assert_int_eq(put(t2, SHOP_TR_PRODUCT, p2, "de", "Zwei", NULL,
	    &why), SOUK_INVALID);
	ck_assert_int_eq(put(t2, SHOP_TR_PRODUCT, p1, "de", "Zwei", NULL,
	    &why), SOUK_NOTFOUND);
	/* whatever the language: no word on it before the id is its own */
	ck_assert_int_eq(put(t2, SHOP_TR_PRODUCT, p1, "en", "Zwei", NULL,
	    &why), SOUK_NOTFOUND);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T2, "de", "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Content Two");
	/* with de of its own, each shop reads its own translation */
	langs(t2, &de, 1);
	t2 = two();
	ck_assert_int_eq(put(t2, SHOP_TR_PRODUCT, p2, "de", "Zwei", NULL,
	    &why), SOUK_OK);
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T2, "de", "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Zwei");
	ck_assert_int_eq(shop_product_by_slug(shop, ta, T1, "de", "same-slug",
	    &p), SOUK_OK);
	ck_assert_str_eq(p.name, "Eins");
	ck_assert_int_eq(shop_translations_get(shop, ta, t1, SHOP_TR_PRODUCT,
	    p1, &base, &tr, &n), SOUK_OK);
	ck_assert(n == 1 && str_eq(tr[0].name, "Eins") &&
	    str_eq(base.name, "Content One"));
}
END_TEST

/* A language dropped takes its translations and texts with it. */
START_TEST(test_drop_language)
{
	const char		*both[] = { "de", "fr" }, *fr = "fr";
	struct shop_tenant	*t = one();
	struct shop_translation	 base, *tr;
	struct souk_why		 why;
	size_t			 n;
	int64_t			 pid = product_id(T1);

	langs(t, both, 2);
	t = one();
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "de", "Eins", NULL,
	    &why), SOUK_OK);
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, pid, "fr", "Un", NULL, &why),
	    SOUK_OK);
	ck_assert_int_eq(shop_text_put(shop, ta, t, "de", "Laden", &why),
	    SOUK_OK);
	langs(t, &fr, 1);
	langs(t, both, 2);
	t = one();
	ck_assert_ptr_null(shop_lang_find(t, "de")->name);
	ck_assert_int_eq(shop_translations_get(shop, ta, t, SHOP_TR_PRODUCT,
	    pid, &base, &tr, &n), SOUK_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert(str_eq(tr[0].lang, "de") && tr[0].name == NULL);
	ck_assert(str_eq(tr[1].lang, "fr") && str_eq(tr[1].name, "Un"));
}
END_TEST

/* The shop's name per language, in the host record. */
START_TEST(test_shop_name)
{
	const char		*de = "de";
	struct shop_tenant	*t = one();
	struct souk_why		 why;

	ck_assert_int_eq(shop_text_put(shop, ta, t, "de", "Laden", &why),
	    SOUK_INVALID);
	ck_assert_pstr_eq(why.field, "lang");
	langs(t, &de, 1);
	t = one();
	ck_assert_int_eq(shop_text_put(shop, ta, t, "de", "Laden", &why),
	    SOUK_OK);
	ck_assert_int_eq(shop_text_put(shop, ta, t, "en", "Shop", &why),
	    SOUK_INVALID);
	t = one();
	ck_assert_str_eq(shop_tenant_name(t, "de"), "Laden");
	ck_assert_str_eq(shop_tenant_name(t, NULL), "Content One");
	ck_assert_str_eq(shop_tenant_name(two(), "de"), "Content Two");
	ck_assert_int_eq(shop_text_put(shop, ta, t, "de", "", &why), SOUK_OK);
	ck_assert_str_eq(shop_tenant_name(one(), "de"), "Content One");
}
END_TEST

/* Translations are part of the export and go with the erasure. */
START_TEST(test_export_erase)
{
	const char		*de = "de";
	struct shop_tenant	*t = two();
	struct json_object	*o, *v;
	struct souk_why		 why;
	const char		*s;

	langs(t, &de, 1);
	t = two();
	ck_assert_int_eq(put(t, SHOP_TR_PRODUCT, product_id(T2), "de", "Zwei",
	    NULL, &why), SOUK_OK);
	ck_assert_int_eq(shop_text_put(shop, ta, t, "de", "Laden", &why),
	    SOUK_OK);
	ck_assert_int_eq(shop_tenant_export(shop, ta, T2, &o), SOUK_OK);
	s = json_object_to_json_string(o);
	ck_assert(json_object_object_get_ex(o, "languages", &v) &&
	    json_object_array_length(v) == 1);
	ck_assert(json_object_object_get_ex(o, "product_translations", &v) &&
	    json_object_array_length(v) == 1);
	ck_assert_ptr_nonnull(strstr(s, "Zwei"));
	ck_assert_ptr_nonnull(strstr(s, "Laden"));
	json_object_put(o);
	stack_shop_seed(shop, ta, T2, "content-two", "Content Two",
	    "terminated", "EUR", 2000);
	ck_assert_int_eq(shop_tenant_erase(shop, ta, T2), SOUK_OK);
	ck_assert_int_eq(shop_tenant_export(shop, ta, T2, &o), SOUK_OK);
	ck_assert(json_object_object_get_ex(o, "languages", &v) &&
	    json_object_array_length(v) == 0);
	ck_assert(json_object_object_get_ex(o, "product_translations", &v) &&
	    json_object_array_length(v) == 0);
	json_object_put(o);
	/* the other shop keeps its own */
	ck_assert_uint_eq(one()->nlangs, 0);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("shop");
	TCase	*pure = tcase_create("pure");
	TCase	*tc = tcase_create("content");

	tcase_add_checked_fixture(pure, setup, teardown);
	tcase_add_test(pure, test_locale_lang);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_langs_set);
	tcase_add_test(tc, test_fallback);
	tcase_add_test(tc, test_translation_checks);
	tcase_add_test(tc, test_isolation);
	tcase_add_test(tc, test_drop_language);
	tcase_add_test(tc, test_shop_name);
	tcase_add_test(tc, test_export_erase);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, pure);
	suite_add_tcase(s, tc);
	return s;
}

#define TAP_INIT	stack_init
#include "tap.h"
