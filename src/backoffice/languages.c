/*
 * The shop's languages: its default one (of its locale, which the
 * platform sets) and the others it serves, with the shop's name in
 * each.  A page (/admin/languages) and its JSON twin
 * (/admin/api/v1/languages, /admin/api/v1/shop/translations/{lang}),
 * for whoever may change the shop's settings.  Every change is audited
 * and replaces the shop's host records, which carry its languages.
 */
#include <string.h>

#include "backoffice/backoffice.h"

#define LANGS_MAX	8	/* more than the platform ships */

static struct shop_tenant *
tenant_of(struct req *r)
{
	return r->tenant;
}

void
bo_tenant_changed(struct req *r, const char *what)
{
	struct shop_tenant	*t = tenant_of(r);
	enum souk_err		 er;

	if ((er = shop_langs_load(app_db(r->app), r->a, t)) == SOUK_OK)
		er = shop_tenant_recache(app_db(r->app), r->app->cache, r->a,
		    t->id, t->slug, r->app->conf.base_domain);
	if (er != SOUK_OK)
		log_msg(LOG_ERR, "reqid=%s tenant %lld: its host records are "
		    "not refreshed after %s: %s", r->reqid, (long long)t->id,
		    what, souk_strerror(er));
}

/* A committed change of the languages: audited, then the records. */
static void
langs_changed(struct req *r, const char *what, const char *after)
{
	auth_audit(r, auth_of(r), what, arena_printf(r->a, "tenant:%lld",
	    (long long)tenant_of(r)->id), after);
	bo_tenant_changed(r, what);
}

/* The languages as codes, "de,fr", for the audit log. */
static const char *
langs_csv(struct req *r)
{
	const struct shop_tenant *t = tenant_of(r);
	struct buf		 b;
	size_t			 i;

	buf_init(&b, r->a, 32);
	for (i = 0; i < t->nlangs; i++)
		buf_printf(&b, "%s%s", i > 0 ? "," : "", t->langs[i].code);
	return buf_ok(&b) ? b.data : "";
}

static struct json_object *
text_json(const char *lang, const char *name)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "lang", json_str(lang));
	json_object_object_add(o, "name", name != NULL ? json_str(name) :
	    NULL);
	return o;
}

static struct json_object *
langs_json(struct req *r)
{
	const struct shop_tenant *t = tenant_of(r);
	struct json_object	*o = json_object_new_object(), *arr;
	size_t			 i;

	json_object_object_add(o, "default", json_str(t->lang));
	arr = json_object_new_array();
	for (i = 0; i < t->nlangs; i++)
		json_object_array_add(arr, text_json(t->langs[i].code,
		    t->langs[i].name));
	json_object_object_add(o, "languages", arr);
	arr = json_object_new_array();
	for (i = 0; i18n_langs[i] != NULL; i++)
		json_object_array_add(arr, json_str(i18n_langs[i]));
	json_object_object_add(o, "available", arr);
	return o;
}

/* ---- the page ------------------------------------------------------ */

/* One shipped language other than the default, as the form shows it. */
static struct json_object *
lang_row(struct req *r, const char *code)
{
	const struct shop_lang	*l = shop_lang_find(tenant_of(r), code);
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "code", json_str(code));
	json_object_object_add(o, "label", json_str(i18n_lang_name(code)));
	json_object_object_add(o, "checked", json_object_new_boolean(
	    l != NULL));
	json_object_object_add(o, "name", json_str(l != NULL &&
	    l->name != NULL ? l->name : ""));
	return o;
}

static enum souk_err
languages_page(struct req *r, int status, const char *error,
    const char *notice)
{
	const struct shop_tenant *t = tenant_of(r);
	struct json_object	*d = auth_page_data(r, "Languages", error,
	    notice), *arr;
	size_t			 i;

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "default_lang", json_str(t->lang));
	json_object_object_add(d, "default_label", json_str(
	    i18n_lang_name(t->lang)));
	arr = json_object_new_array();
	for (i = 0; i18n_langs[i] != NULL; i++)
		if (!str_eq(i18n_langs[i], t->lang))
			json_object_array_add(arr, lang_row(r,
			    i18n_langs[i]));
	json_object_object_add(d, "languages", arr);
	return resp_html(r, status, "languages", d);
}

enum souk_err
bo_page_languages(struct req *r)
{
	return languages_page(r, 200, NULL, NULL);
}

/* The form's languages: its lang_<code> boxes that are ticked. */
static size_t
form_langs(struct req *r, const char **codes)
{
	size_t	 i, n = 0;

	for (i = 0; i18n_langs[i] != NULL && n < LANGS_MAX; i++)
		if (req_param_i64(r, arena_printf(r->a, "lang_%s",
		    i18n_langs[i]), 0) == 1)
			codes[n++] = i18n_langs[i];
	return n;
}

/* The shop's name in each of its languages, from name_<code>. */
static enum souk_err
form_names(struct req *r, struct souk_why *why)
{
	struct shop_tenant	*t = tenant_of(r);
	const char		*name;
	size_t			 i;
	enum souk_err		 er;

	for (i = 0; i < t->nlangs; i++) {
		name = req_param(r, arena_printf(r->a, "name_%s",
		    t->langs[i].code));
		if (str_eq(name != NULL ? name : "", t->langs[i].name != NULL ?
		    t->langs[i].name : ""))
			continue;
		if ((er = shop_text_put(app_db(r->app), r->a, t,
		    t->langs[i].code, name, why)) != SOUK_OK)
			return er;
		langs_changed(r, "shop.text", json_kv_text(r->a, "lang",
		    t->langs[i].code, "name", name));
	}
	return SOUK_OK;
}

enum souk_err
bo_page_languages_post(struct req *r)
{
	const char	*codes[LANGS_MAX], *msg;
	struct souk_why	 why;
	size_t		 n = form_langs(r, codes);
	int		 st;
	enum souk_err	 er;

	er = shop_langs_set(app_db(r->app), r->a, tenant_of(r), codes, n,
	    &why);
	if (er == SOUK_OK) {
		langs_changed(r, "shop.languages", json_kv_text(r->a,
		    "languages", langs_csv(r), NULL, NULL));
		er = form_names(r, &why);
	}
	if (resp_form_error(r, er, "The languages were not saved", &why, &st,
	    &msg))
		return languages_page(r, st, msg, NULL);
	if (er != SOUK_OK)
		return er;
	return languages_page(r, 200, NULL, "The languages are saved.");
}

/* ---- the JSON API -------------------------------------------------- */

enum souk_err
bo_api_languages(struct req *r)
{
	return resp_json(r, 200, langs_json(r));
}

/* PUT {"languages": ["de", "fr"]}: the shop's other languages. */
enum souk_err
bo_api_languages_put(struct req *r)
{
	struct json_object	*arr;
	const char		*codes[LANGS_MAX];
	struct souk_why		 why;
	size_t			 n, i;
	enum souk_err		 er;

	if (!json_object_object_get_ex(r->json, "languages", &arr) ||
	    (n = json_object_array_length(arr)) > LANGS_MAX)
		return req_field_error(r, "languages", "must be a list of "
		    "language codes");
	for (i = 0; i < n; i++)
		codes[i] = json_object_get_string(json_object_array_get_idx(
		    arr, i));
	if ((er = shop_langs_set(app_db(r->app), r->a, tenant_of(r), codes,
	    n, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	langs_changed(r, "shop.languages", json_kv_text(r->a, "languages",
	    langs_csv(r), NULL, NULL));
	return resp_json(r, 200, langs_json(r));
}

/* The path's language, one of the shop's others: else 404. */
static const struct shop_lang *
path_lang(struct req *r)
{
	const struct shop_lang	*l;

	if ((l = shop_lang_find(tenant_of(r), req_path(r, "lang"))) == NULL)
		r->detail = "The shop serves no such language besides its "
		    "default one.";
	return l;
}

enum souk_err
bo_api_shop_text(struct req *r)
{
	const struct shop_lang	*l;

	if ((l = path_lang(r)) == NULL)
		return SOUK_NOTFOUND;
	return resp_json(r, 200, text_json(l->code, l->name));
}

/* PUT {"name": "…"} (null or "": the shop's own name again). */
enum souk_err
bo_api_shop_text_put(struct req *r)
{
	const char		*lang = req_path(r, "lang");
	const char		*name = req_json_str(r, "name");
	const struct shop_lang	*l;
	struct souk_why		 why;
	enum souk_err		 er;

	if ((er = shop_text_put(app_db(r->app), r->a, tenant_of(r), lang,
	    name, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	langs_changed(r, "shop.text", json_kv_text(r->a, "lang", lang,
	    "name", name));
	l = shop_lang_find(tenant_of(r), lang);
	return resp_json(r, 200, text_json(lang, l != NULL ? l->name : NULL));
}
