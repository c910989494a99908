/*
 * Request glue shared by the two tenant-facing programs (storefront and
 * backoffice): resolve the tenant of a request and theme its pages.
 * The only file of src/shop that knows struct req.
 */
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "shop/shop.h"
#include "http/http.h"

enum souk_err
shop_web_resolve(struct req *r)
{
	struct shop_tenant	*t;
	enum souk_err		 er;

	er = shop_tenant_resolve(app_db(r->app), r->app->cache, r->a,
	    r->host, r->app->conf.base_domain, r->route != NULL &&
	    (r->route->flags & ROUTE_CACHE) ? shop_web_page_key(r) : NULL, &t);
	if (t != NULL && (er == SOUK_OK || er == SOUK_CLOSED)) {
		r->tenant = t;
		r->tenant_id = t->id;
	}
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no shop at this address.";
	return er;
}

/*
 * Cached pages are keyed by host and path; a query is allowed only when
 * it is "page=<digits>", so that made-up queries cannot fill the cache.
 */
const char *
shop_web_page_key(struct req *r)
{
	const char	*q = r->query, *p;

	if (q != NULL && *q != '\0') {
		if (strncmp(q, "page=", 5) != 0 || q[5] == '\0' ||
		    strlen(q) > 10)
			return NULL;
		for (p = q + 5; *p != '\0'; p++)
			if (*p < '0' || *p > '9')
				return NULL;
	}
	return arena_printf(r->a, "souk:v1:host:%s:page:%s%s%s", r->host,
	    r->path, q != NULL && *q != '\0' ? "?" : "",
	    q != NULL ? q : "");
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
shop_web_theme(struct req *r)
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
shop_web_page_data(struct req *r, struct json_object *d)
{
	const struct shop_tenant	*t = r->tenant;
	time_t				 now = time(NULL);
	struct tm			 tm;

	gmtime_r(&now, &tm);
	json_object_object_add(d, "year", json_object_new_int(
	    tm.tm_year + 1900));
	if (t == NULL)
		return;
	json_object_object_add(d, "shop_name", json_object_new_string(
	    t->name));
	json_object_object_add(d, "theme_style", json_object_new_string(
	    arena_printf(r->a, "<style>%s</style>", theme_css(r, t))));
	shop_web_theme(r);
}

