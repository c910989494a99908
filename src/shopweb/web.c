/*
 * Request glue shared by the two tenant-facing programs (storefront and
 * backoffice): resolve the tenant of a request, theme its pages, mail
 * its people.
 */
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "shopweb/shopweb.h"

/* A shop's JSON APIs (not its pages) need the api_access feature. */
static int
is_api(const struct req *r)
{
	return str_has_prefix(r->path, "/api/") ||
	    str_has_prefix(r->path, "/admin/api/");
}

/*
 * The same path on the shop's primary domain: 301 for a read, 308 (the
 * method kept) for anything else.
 */
static enum souk_err
to_primary(struct req *r, const char *primary)
{
	const char	*base = req_base_url(r), *port = NULL;

	/* req_base_url: "<scheme>://<host>[:port]", the port as served */
	if (base != NULL && strlen(base) > strlen(r->scheme) + 3 +
	    strlen(r->host))
		port = base + strlen(r->scheme) + 3 + strlen(r->host);
	resp_redirect(r, r->method == HTTP_GET || r->method == HTTP_HEAD ?
	    301 : 308, arena_printf(r->a, "%s://%s%s%s%s%s", r->scheme,
	    primary, port != NULL ? port : "", r->raw_path,
	    r->query != NULL && *r->query != '\0' ? "?" : "",
	    r->query != NULL ? r->query : ""));
	return SOUK_OK;
}

/* What a resolved shop allows: its primary host, writes, its APIs. */
static enum souk_err
shop_gate(struct req *r, const struct shop_tenant *t)
{
	const char	*f;

	if (t->primary_host != NULL && !str_eq(r->host, t->primary_host))
		return to_primary(r, t->primary_host);
	if (t->read_only && r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    !(r->route->flags & ROUTE_SIGNIN)) {
		r->detail = N_("This shop is in read-only mode for a while: "
		    "you can browse, but changes are not accepted right now.");
		return SOUK_READONLY;
	}
	if (is_api(r)) {
		f = shop_features(&r->app->conf, app_db(r->app),
		    r->app->cache, r->a, t->id);
		if (!shop_feature_on(f, "api_access")) {
			r->detail = "This shop's plan does not include API "
			    "access.";
			return SOUK_FORBIDDEN;
		}
	}
	return SOUK_OK;
}

enum souk_err
shopweb_resolve(struct req *r)
{
	struct shop_tenant	*t;
	enum souk_err		 er;

	er = shop_tenant_resolve(app_db(r->app), r->app->cache, r->a,
	    r->host, r->app->conf.base_domain, r->route != NULL &&
	    (r->route->flags & ROUTE_CACHE) ? shopweb_page_key(r) : NULL, &t);
	if (t != NULL && (er == SOUK_OK || er == SOUK_CLOSED)) {
		r->tenant = t;
		r->tenant_id = t->id;
		if (r->lang == NULL)	/* else a path's (storefront) */
			r->lang = i18n_lang_find(t->locale);
	}
	if (er == SOUK_NOTFOUND)
		r->detail = N_("There is no shop at this address.");
	if (er == SOUK_CLOSED)
		r->detail = N_("This shop is closed for the moment. Please "
		    "come back later.");
	if (er == SOUK_OK)
		er = shop_gate(r, t);
	return er;
}

/* 1 if the route of r declares a parameter called name. */
static int
route_declares(const struct req *r, const char *name)
{
	const struct param_decl	*d;

	for (d = r->route->params; d != NULL && d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return 1;
	return 0;
}

/*
 * Cached pages are keyed by host and path.  The only query allowed is
 * the canonical "page=N" (1..10000, no leading zero) on a route that
 * declares it: made-up queries must not fill the cache nor be served a
 * page cached for another one.
 */
const char *
shopweb_canonical_path(struct req *r)
{
	const char	*q = r->query;
	int64_t		 page;

	if (q != NULL && *q != '\0' && (!route_declares(r, "page") ||
	    strncmp(q, "page=", 5) != 0 || q[5] == '0' ||
	    str_to_i64(q + 5, 1, 10000, &page) != SOUK_OK))
		return NULL;
	return arena_printf(r->a, "%s%s%s", r->path, q != NULL &&
	    *q != '\0' ? "?" : "", q != NULL ? q : "");
}

/*
 * A page in another language than the shop's default one has the
 * language's prefix in its key, as in its URL: one language's page is
 * never served for another's.
 */
const char *
shopweb_page_key(struct req *r)
{
	const char	*path = shopweb_canonical_path(r);

	if (path == NULL)
		return NULL;
	return arena_printf(r->a, "souk:v1:host:%s:page:%s%s", r->host,
	    shopweb_lang_prefix(r), path);
}

/*
 * Before resolve, r->lang is the language of a path prefix or NULL; after
 * it, the language shown, the shop's default one when unprefixed.  The
 * default language is never prefixed (its prefix redirects), so the
 * answer is the same before and after for every page served.
 */
const char *
shopweb_lang_prefix(struct req *r)
{
	const struct shop_tenant	*t = r->tenant;

	if (r->lang == NULL || (t != NULL && str_eq(r->lang, t->lang)))
		return "";
	return arena_printf(r->a, "/%s", r->lang);
}

/* The CSS of the shop's theme, inlined in every page of the shop. */
static const char *
theme_css(struct req *r, const struct shop_tenant *t)
{
	return arena_printf(r->a, ":root { --brand: %s; }", t->theme_color);
}

/*
 * Allow the theme's inline style by its hash rather than a per-response
 * nonce, so that a whole cached page stays valid.
 */
void
shopweb_theme(struct req *r)
{
	const struct shop_tenant	*t = r->tenant;
	const char			*css;
	unsigned char			 md[EVP_MAX_MD_SIZE], b64[64];
	unsigned int			 mdlen;

	if (t == NULL || (css = theme_css(r, t)) == NULL ||
	    EVP_Digest(css, strlen(css), md, &mdlen, EVP_sha256(), NULL) != 1)
		return;
	EVP_EncodeBlock(b64, md, (int)mdlen);
	r->csp_style = arena_printf(r->a, "'sha256-%s'", (const char *)b64);
}

void
shopweb_page_data(struct req *r, struct json_object *d)
{
	const struct shop_tenant	*t = r->tenant;
	time_t				 now = time(NULL);
	struct tm			 tm;

	gmtime_r(&now, &tm);
	json_object_object_add(d, "year", json_object_new_int(
	    tm.tm_year + 1900));
	if (t == NULL)
		return;
	json_object_object_add(d, "shop_name", json_str(
	    t->name));
	json_object_object_add(d, "theme_style", json_str(
	    arena_printf(r->a, "<style>%s</style>", theme_css(r, t))));
	shopweb_theme(r);
}

/*
 * A mail speaks the request's language: the shop's locale ("de-DE", so
 * the region still shapes amounts and dates), or the language a
 * shopper browses in or a staff member chose, when it differs.
 */
enum souk_err
shopweb_mail(struct req *r, const char *to, const char *tmpl,
    struct json_object *data)
{
	const struct shop_tenant *t = r->tenant;
	const char		*locale = t->locale;

	if (r->lang != NULL && r->lang != i18n_lang_find(t->locale))
		locale = r->lang;
	return shop_mail(&r->app->conf, r->a, t->id, locale, to, tmpl,
	    data);
}

int64_t
shopweb_max_staff(struct req *r)
{
	return shop_feature_limit(shop_features(&r->app->conf, app_db(r->app),
	    r->app->cache, r->a, r->tenant_id), "max_staff");
}
