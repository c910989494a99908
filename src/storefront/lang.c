/*
 * The storefront in a shop's languages.  The default language (of the
 * shop's locale) has the plain URLs, "/c/mugs"; each other language the
 * shop serves has them under its code, "/de/c/mugs".  The prefix comes
 * off the path before routing (sf_lang_prefix), resolve checks the
 * shop serves the language (else 404; the default's own prefix
 * redirects to the plain URL) and sets r->lang; pages then link in
 * their language (lang_prefix) and name their other languages
 * (hreflang).  The JSON API takes ?lang= instead (sf_api_lang).
 */
#include <string.h>

#include "storefront/storefront.h"

int
sf_lang_prefix(struct req *r)
{
	const char	*p = r->path, *code;
	size_t		 n;

	if (p == NULL || p[0] != '/')
		return 0;
	n = strcspn(p + 1, "/");
	if (n < 2 || n > 3 || (code = arena_strndup(r->a, p + 1, n)) == NULL ||
	    !shop_lang_known(code))
		return 0;
	r->lang = code;
	r->path = p[1 + n] == '\0' ? "/" : p + 1 + n;
	return 1;
}

/* "/en/c/mugs" of a shop whose default language is en: "/c/mugs". */
static enum souk_err
to_default(struct req *r, const char *lang)
{
	const char	*rest = "/";
	size_t		 n = strlen(lang);

	if (r->raw_path != NULL && r->raw_path[0] == '/' &&
	    strncmp(r->raw_path + 1, lang, n) == 0 &&
	    (r->raw_path[1 + n] == '/'))
		rest = r->raw_path + 1 + n;
	resp_redirect(r, r->method == HTTP_GET || r->method == HTTP_HEAD ?
	    301 : 308, arena_printf(r->a, "%s%s%s", rest, r->query != NULL &&
	    *r->query != '\0' ? "?" : "", r->query != NULL ? r->query : ""));
	return SOUK_OK;
}

enum souk_err
sf_resolve(struct req *r)
{
	const char		*asked = r->lang;	/* a prefix's */
	const struct shop_tenant *t;
	enum souk_err		 er;

	er = shopweb_resolve(r);
	if ((t = r->tenant) == NULL || r->responded)
		return er;
	if (asked == NULL || str_eq(asked, t->lang) ||
	    shop_lang_find(t, asked) == NULL)
		r->lang = t->lang;
	if (er != SOUK_OK || asked == NULL)
		return er;
	if (str_eq(asked, t->lang))
		return to_default(r, asked);
	if (shop_lang_find(t, asked) == NULL) {
		r->detail = N_("This shop is not available in that "
		    "language.");
		return SOUK_NOTFOUND;
	}
	return SOUK_OK;
}

const char *
sf_content_lang(const struct req *r)
{
	const struct shop_tenant *t = r->tenant;

	return t != NULL && shop_lang_find(t, r->lang) != NULL ? r->lang :
	    NULL;
}

enum souk_err
sf_api_lang(struct req *r)
{
	const struct shop_tenant *t = r->tenant;
	const char		*lang = req_param(r, "lang");
	struct buf		 b;
	size_t			 i;

	if (lang == NULL || str_eq(lang, t->lang) ||
	    shop_lang_find(t, lang) != NULL) {
		r->lang = lang != NULL ? lang : t->lang;
		return SOUK_OK;
	}
	buf_init(&b, r->a, 64);
	buf_printf(&b, "must be one of the shop's languages: %s", t->lang);
	for (i = 0; i < t->nlangs; i++)
		buf_printf(&b, ", %s", t->langs[i].code);
	return req_field_error(r, "lang", buf_ok(&b) ? b.data :
	    "must be one of the shop's languages");
}

/* Where the shop is, for links that leave the page: the mails' base. */
static const char *
shop_base(struct req *r)
{
	const struct conf	*c = &r->app->conf;

	return arena_printf(r->a, "%s://%s%s%s", c->shop_url_scheme, r->host,
	    *c->shop_url_port != '\0' ? ":" : "", c->shop_url_port);
}

/* One language of the page: its link, for people and for robots. */
static void
lang_add(struct req *r, struct json_object *alt, struct json_object *pick,
    const char *code, const char *path)
{
	const char		*prefix = "";
	struct json_object	*o;

	if (!str_eq(code, ((const struct shop_tenant *)r->tenant)->lang))
		prefix = arena_printf(r->a, "/%s", code);
	o = json_object_new_object();
	json_object_object_add(o, "hreflang", json_str(code));
	json_object_object_add(o, "href", json_str(arena_printf(r->a,
	    "%s%s%s", shop_base(r), prefix, path)));
	json_object_array_add(alt, o);
	o = json_object_new_object();
	json_object_object_add(o, "hreflang", json_str(code));
	json_object_object_add(o, "label", json_str(i18n_lang_name(code)));
	json_object_object_add(o, "href", json_str(arena_printf(r->a, "%s%s",
	    prefix, path)));
	json_object_object_add(o, "current", json_object_new_boolean(
	    str_eq(code, r->lang)));
	json_object_array_add(pick, o);
}

/*
 * A page of a shop with more than one language names the same page in
 * each (alternates, absolute, with x-default the default language's)
 * and offers them to people (languages).  Not on an error page, nor on
 * a URL with a made-up query: those are no page to point robots at.
 */
static void
langs_add(struct req *r, struct json_object *d)
{
	const struct shop_tenant *t = r->tenant;
	struct json_object	*alt, *pick, *o;
	const char		*path;
	size_t			 i;

	if (t->nlangs == 0 || r->status >= 300 || r->route == NULL ||
	    (path = shopweb_canonical_path(r)) == NULL)
		return;
	alt = json_object_new_array();
	pick = json_object_new_array();
	lang_add(r, alt, pick, t->lang, path);
	for (i = 0; i < t->nlangs; i++)
		lang_add(r, alt, pick, t->langs[i].code, path);
	o = json_object_new_object();
	json_object_object_add(o, "hreflang", json_str("x-default"));
	json_object_object_add(o, "href", json_str(arena_printf(r->a, "%s%s",
	    shop_base(r), path)));
	json_object_array_add(alt, o);
	json_object_object_add(d, "alternates", alt);
	json_object_object_add(d, "languages", pick);
}

void
sf_page_data(struct req *r, struct json_object *d)
{
	const struct shop_tenant *t = r->tenant;

	shopweb_page_data(r, d);
	json_object_object_add(d, "lang", json_str(r->lang != NULL ? r->lang :
	    "en"));
	json_object_object_add(d, "lang_prefix", json_str(t == NULL ? "" :
	    shopweb_lang_prefix(r)));
	if (t == NULL)
		return;
	json_object_object_add(d, "shop_name", json_str(shop_tenant_name(t,
	    sf_content_lang(r))));
	langs_add(r, d);
}
