/*
 * i18n: the languages Souk speaks and their message catalogs.
 *
 * One mechanism for every string a person reads.  Catalogs are GNU .mo
 * files made by msgfmt from po/<lang>.po (domain "souk": storefront,
 * backoffice, mails, shared C strings) and po/center/<lang>.po (domain
 * "souk-center").  They are read by our own loader, not by libc's
 * gettext, so a request's language needs no setlocale/uselocale and no
 * generated system locale: a catalog is a sorted table searched with
 * bsearch.
 *
 * - Templates: {{_ "…"}} and {{_n "…" "…" count}} are looked up once,
 *   when a language's template set is compiled (tmpl_set_load_lang):
 *   rendering costs nothing extra.
 * - C strings: mark them with N_() (xgettext keyword) where they are
 *   written and translate them where they are shown, with
 *   i18n_gettext(cat, s) (resp_* does it for error details and field
 *   messages).
 *
 * English is the source language: a missing catalog, or a message
 * missing from one, shows the English text.
 */
#ifndef SOUK_I18N_H
#define SOUK_I18N_H

#include <stddef.h>
#include <stdint.h>

/* Marks a string for extraction; translated where shown. */
#define N_(s)	(s)

#define I18N_DEFAULT	"en"
#define I18N_PLURALS_MAX 6	/* forms a language may have */
#define I18N_LANGS_MAX	8	/* entries of i18n_langs */

/* Languages with complete catalogs, I18N_DEFAULT first, NULL-ended. */
extern const char *const i18n_langs[];

/*
 * The shipped language for a locale or language tag: "de-DE", "de_AT"
 * and "de" give "de"; anything else gives NULL.  Returns a pointer into
 * i18n_langs.
 */
const char	*i18n_lang_find(const char *tag);
/* The same, with I18N_DEFAULT for an unknown tag. */
const char	*i18n_lang_pick(const char *tag);
/* A shipped language's name in itself ("Deutsch"), or code. */
const char	*i18n_lang_name(const char *code);

struct i18n_cat;

/*
 * Read a .mo file.  Returns NULL with err set when it cannot be read or
 * is not a valid catalog.  The catalog owns its memory until
 * i18n_cat_free.
 */
struct i18n_cat	*i18n_cat_load(const char *path, char *err, size_t errlen);
void		 i18n_cat_free(struct i18n_cat *);

/*
 * The translation of msgid, or msgid itself when cat is NULL or has
 * none.  The result points into cat or is msgid.
 */
const char	*i18n_gettext(const struct i18n_cat *, const char *msgid);
/* The same with a context ("verb" / "noun"). */
const char	*i18n_pgettext(const struct i18n_cat *, const char *ctx,
		    const char *msgid);
/* The plural form for n: one of the catalog's forms, or id / plural. */
const char	*i18n_ngettext(const struct i18n_cat *, const char *id,
		    const char *plural, uint64_t n);

/* How many plural forms the catalog's language has (English: 2). */
size_t		 i18n_nplurals(const struct i18n_cat *);
/* Which form n takes, below i18n_nplurals. */
size_t		 i18n_plural(const struct i18n_cat *, uint64_t n);
/*
 * The translated forms of a plural message, for the template compiler:
 * forms[i] for every i below i18n_nplurals, pointing into cat, or NULL
 * when the catalog has no translation (then use id and plural).
 */
int		 i18n_nforms(const struct i18n_cat *, const char *id,
		    const char *plural, const char *forms[I18N_PLURALS_MAX]);

/*
 * A plural expression from a catalog's Plural-Forms header, compiled
 * ("n != 1", "n > 1", "n%10==1 && n%100!=11 ? 0 : …").
 */
struct i18n_plural;
struct i18n_plural *i18n_plural_parse(const char *expr);
unsigned long	 i18n_plural_eval(const struct i18n_plural *, uint64_t n);
void		 i18n_plural_free(struct i18n_plural *);

#endif /* SOUK_I18N_H */
