/*
 * Content in more than one language: the languages a shop serves
 * besides its default one, its own texts in them, and the translations
 * of its products and categories.  The default language's text stays in
 * the rows it always lived in (products.name…); a translation field
 * that is NULL shows that text instead, so a shop may translate a
 * little at a time.
 *
 * Which languages a shop serves is held by tenant_languages: every
 * translation row refers to one (a language dropped takes its
 * translations with it), and a translation is written under a shared
 * lock of its language's row, so that it cannot land just as the
 * language goes.  Every write bumps the catalog version: cached pages
 * carry the shop's languages and texts.
 */
#include <string.h>

#include "i18n/i18n.h"
#include "shop/shop.h"

#define TR_NAME_MAX	200	/* characters, as products.name */
#define TR_DESC_MAX	5000	/* as a product's description */

/* Statements of a kind of translated thing, by enum shop_tr. */
static const struct {
	int		 text;		/* (tenant, id): name, desc */
	int		 list;		/* (id, tenant): lang, name, desc */
	int		 put;		/* (tenant, id, lang, name, desc) */
	int		 del;		/* (tenant, id, lang) */
} tr_sql[SHOP_TR__MAX] = {
	{ SQL_PRODUCT_TEXT, SQL_PRODUCT_TR_LIST, SQL_PRODUCT_TR_PUT,
	  SQL_PRODUCT_TR_DELETE },		/* SHOP_TR_PRODUCT */
	{ SQL_CATEGORY_TEXT, SQL_CATEGORY_TR_LIST, SQL_CATEGORY_TR_PUT,
	  SQL_CATEGORY_TR_DELETE },		/* SHOP_TR_CATEGORY */
};

int
shop_lang_known(const char *code)
{
	const char	*l = i18n_lang_find(code);

	return l != NULL && strcmp(l, code) == 0;
}

/*
 * BCP 47 and POSIX locales both start with the language: two or three
 * letters.  A locale that does not is read as English, the platform's
 * own language.
 */
const char *
shop_locale_lang(struct arena *a, const char *locale)
{
	char	 code[4];
	size_t	 n;

	for (n = 0; locale != NULL && n < 3 && ((locale[n] >= 'a' &&
	    locale[n] <= 'z') || (locale[n] >= 'A' && locale[n] <= 'Z')); n++)
		code[n] = (char)(locale[n] | 0x20);
	if (n < 2 || (locale[n] != '\0' && locale[n] != '-' &&
	    locale[n] != '_'))
		return "en";
	code[n] = '\0';
	return arena_strdup(a, code);
}

const struct shop_lang *
shop_lang_find(const struct shop_tenant *t, const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < t->nlangs; i++)
		if (strcmp(t->langs[i].code, code) == 0)
			return &t->langs[i];
	return NULL;
}

const char *
shop_tenant_name(const struct shop_tenant *t, const char *lang)
{
	const struct shop_lang	*l = shop_lang_find(t, lang);

	return l != NULL && l->name != NULL ? l->name : t->name;
}

/* Row i of res whose first column is code, or -1. */
static int
row_of(const struct db_res *res, const char *code)
{
	size_t	 i;

	for (i = 0; i < res->nrows; i++)
		if (str_eq(db_cell(res, i, 0), code))
			return (int)i;
	return -1;
}

/*
 * A language row of the default language (the locale changed after it
 * was chosen) or of a language no longer shipped is kept but not served.
 */
enum souk_err
shop_langs_load(struct db *db, struct arena *a, struct shop_tenant *t)
{
	struct db_arg	 arg = DB_I(t->id);
	struct db_res	 res;
	enum souk_err	 er;
	int		 i, row;

	t->nlangs = 0;
	if ((er = db_exec(db, a, SQL_LANG_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	if ((t->langs = arena_alloc(a, sizeof(*t->langs) * (res.nrows + 1)))
	    == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i18n_langs[i] != NULL; i++) {
		if (str_eq(i18n_langs[i], t->lang) ||
		    (row = row_of(&res, i18n_langs[i])) < 0)
			continue;
		t->langs[t->nlangs].code = i18n_langs[i];
		t->langs[t->nlangs++].name = db_cell(&res, (size_t)row, 1);
	}
	return SOUK_OK;
}

/* What a language field takes, for the person who got it wrong. */
static enum souk_err
lang_why(struct arena *a, const struct shop_tenant *t, const char *field,
    const char *code, struct souk_why *why)
{
	struct buf	 b;
	size_t		 i;

	if (str_eq(code, t->lang))
		return souk_why_set(why, SOUK_INVALID, field, arena_printf(a,
		    "%s is the shop's default language, whose text is no "
		    "translation", t->lang));
	if (t->nlangs == 0)
		return souk_why_set(why, SOUK_INVALID, field, "the shop "
		    "serves no language besides its default one; choose its "
		    "languages first");
	buf_init(&b, a, 64);
	buf_adds(&b, "one of the shop's other languages:");
	for (i = 0; i < t->nlangs; i++)
		buf_printf(&b, "%s %s", i > 0 ? "," : "", t->langs[i].code);
	return souk_why_set(why, SOUK_INVALID, field, buf_ok(&b) ? b.data :
	    NULL);
}

/* ---- the shop's languages ------------------------------------------ */

struct langs_set {
	struct arena			*a;
	const struct shop_tenant	*t;
	const char *const		*codes;
	size_t				 n;
};

static int
codes_have(const char *const *codes, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (str_eq(codes[i], code))
			return 1;
	return 0;
}

static enum souk_err
langs_tx(struct db *db, void *arg)
{
	struct langs_set	*x = arg;
	struct db_arg		 t = DB_I(x->t->id);
	struct db_res		 res, cur;
	enum souk_err		 er;
	size_t			 i;

	if ((er = db_exec(db, x->a, SQL_TENANT_LOCK_ID, &t, 1, &res)) !=
	    SOUK_OK || (er = db_exec(db, x->a, SQL_LANG_LIST, &t, 1, &cur)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	for (i = 0; i < cur.nrows; i++) {
		struct db_arg d[] = { t, DB_S(db_cell(&cur, i, 0)) };

		if (!codes_have(x->codes, x->n, db_cell(&cur, i, 0)) &&
		    (er = db_exec(db, x->a, SQL_LANG_DELETE, d, 2, NULL)) !=
		    SOUK_OK)
			return er;
	}
	for (i = 0; i < x->n; i++) {
		struct db_arg add[] = { t, DB_S(x->codes[i]) };

		if ((er = db_exec(db, x->a, SQL_LANG_ADD, add, 2, NULL)) !=
		    SOUK_OK)
			return er;
	}
	return shop_catalog_bump(db, x->a, x->t->id);
}

enum souk_err
shop_langs_set(struct db *db, struct arena *a, const struct shop_tenant *t,
    const char *const *codes, size_t n, struct souk_why *why)
{
	struct langs_set	 x = { a, t, codes, n };
	size_t			 i;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	for (i = 0; i < n; i++) {
		if (!shop_lang_known(codes[i]))
			return souk_why_set(why, SOUK_INVALID, "languages",
			    "each one of en, de, fr");
		if (str_eq(codes[i], t->lang))
			return souk_why_set(why, SOUK_INVALID, "languages",
			    arena_printf(a, "%s is the shop's default "
			    "language (from its locale) already", t->lang));
		if (codes_have(codes, i, codes[i]))
			return souk_why_set(why, SOUK_INVALID, "languages",
			    "each language once");
	}
	return db_tx(db, langs_tx, &x);
}

/* ---- translations ---------------------------------------------------- */

/* NULL for "" (the default language's text shows). */
static const char *
field_of(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

struct tr_put {
	struct arena			*a;
	const struct shop_tenant	*t;
	int				 kind;	/* enum shop_tr, or -1: text */
	int64_t				 id;
	const struct shop_translation	*in;
	struct souk_why			*why;
};

/*
 * The translation's language, one of the shop's others, locked for the
 * rest of the transaction.
 */
static enum souk_err
tr_lang_lock(struct db *db, struct tr_put *x)
{
	struct db_arg	 args[] = { DB_I(x->t->id), DB_S(x->in->lang) };
	struct db_res	 res;
	enum souk_err	 er;

	if (!shop_lang_known(x->in->lang) || str_eq(x->in->lang, x->t->lang))
		return lang_why(x->a, x->t, "lang", x->in->lang, x->why);
	if ((er = db_exec(db, x->a, SQL_LANG_HAS, args, 2, &res)) != SOUK_OK)
		return er;
	return res.nrows == 1 ? SOUK_OK : lang_why(x->a, x->t, "lang",
	    x->in->lang, x->why);
}

static enum souk_err
tr_tx(struct db *db, void *arg)
{
	struct tr_put	*x = arg;
	const char	*name = field_of(x->in->name);
	const char	*desc = field_of(x->in->description);
	struct db_arg	 args[] = { DB_I(x->t->id), DB_I(x->id),
	    DB_S(x->in->lang), name != NULL ? DB_S(name) : DB_NUL,
	    desc != NULL ? DB_S(desc) : DB_NUL };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, x->a, tr_sql[x->kind].text, args, 2, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((er = tr_lang_lock(db, x)) != SOUK_OK)
		return er;
	if (name == NULL && desc == NULL)
		er = db_exec(db, x->a, tr_sql[x->kind].del, args, 3, NULL);
	else
		er = db_exec(db, x->a, tr_sql[x->kind].put, args, 5, NULL);
	return er != SOUK_OK ? er : shop_catalog_bump(db, x->a, x->t->id);
}

enum souk_err
shop_translation_put(struct db *db, struct arena *a,
    const struct shop_tenant *t, enum shop_tr kind, int64_t id,
    const struct shop_translation *in, struct souk_why *why)
{
	struct tr_put	 x = { a, t, (int)kind, id, in, why };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (field_of(in->name) != NULL && !valid_check(VALID_LINE, in->name,
	    1, TR_NAME_MAX))
		return souk_why_set(why, SOUK_INVALID, "name", "one line of "
		    "at most 200 characters");
	if (field_of(in->description) != NULL && !valid_check(VALID_TEXT,
	    in->description, 1, TR_DESC_MAX))
		return souk_why_set(why, SOUK_INVALID, "description", "at "
		    "most 5000 characters");
	return db_tx(db, tr_tx, &x);
}

enum souk_err
shop_translations_get(struct db *db, struct arena *a,
    const struct shop_tenant *t, enum shop_tr kind, int64_t id,
    struct shop_translation *base, struct shop_translation **out, size_t *n)
{
	struct db_arg	 args[] = { DB_I(t->id), DB_I(id) };
	struct db_arg	 list[] = { DB_I(id), DB_I(t->id) };
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;
	int		 row;

	*n = 0;
	if ((er = db_exec(db, a, tr_sql[kind].text, args, 2, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	base->lang = t->lang;
	base->name = db_cell(&res, 0, 0);
	base->description = db_cell(&res, 0, 1);
	if ((er = db_exec(db, a, tr_sql[kind].list, list, 2, &res)) !=
	    SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, sizeof(**out) * (t->nlangs + 1))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < t->nlangs; i++) {
		row = row_of(&res, t->langs[i].code);
		(*out)[*n].lang = t->langs[i].code;
		(*out)[*n].name = row < 0 ? NULL : db_cell(&res, (size_t)row,
		    1);
		(*out)[(*n)++].description = row < 0 ? NULL :
		    db_cell(&res, (size_t)row, 2);
	}
	return SOUK_OK;
}

/* ---- the shop's own texts -------------------------------------------- */

static enum souk_err
text_tx(struct db *db, void *arg)
{
	struct tr_put	*x = arg;
	const char	*name = field_of(x->in->name);
	struct db_arg	 args[] = { DB_I(x->t->id), DB_S(x->in->lang),
	    name != NULL ? DB_S(name) : DB_NUL };
	enum souk_err	 er;

	if ((er = tr_lang_lock(db, x)) != SOUK_OK)
		return er;
	er = db_exec(db, x->a, name != NULL ? SQL_TEXT_PUT : SQL_TEXT_DELETE,
	    args, name != NULL ? 3 : 2, NULL);
	return er != SOUK_OK ? er : shop_catalog_bump(db, x->a, x->t->id);
}

enum souk_err
shop_text_put(struct db *db, struct arena *a, const struct shop_tenant *t,
    const char *lang, const char *name, struct souk_why *why)
{
	struct shop_translation	 in = { lang, name, NULL };
	struct tr_put		 x = { a, t, -1, 0, &in, why };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (field_of(name) != NULL && !valid_check(VALID_LINE, name, 1,
	    TR_NAME_MAX))
		return souk_why_set(why, SOUK_INVALID, "name", "one line of "
		    "at most 200 characters");
	return db_tx(db, text_tx, &x);
}
