/*
 * shopweb: the web glue the two programs of a shop share (storefront and
 * backoffice): the tenant of a request from its host, the shop's gate
 * (closed, read-only, its primary domain, its plan's API access), its
 * theme on every page, and mail to its people.  The shop domain (shop/)
 * knows nothing of requests; this is where they meet.
 */
#ifndef SOUK_SHOPWEB_H
#define SOUK_SHOPWEB_H

#include "http/http.h"
#include "shop/shop.h"

/*
 * app resolve hook: r->tenant, r->tenant_id from r->host.  For a route
 * flagged ROUTE_CACHE the cached page (shopweb_page_key) comes in the
 * same memcached round trip, in ((struct shop_tenant *)r->tenant)->also.
 */
enum souk_err	 shopweb_resolve(struct req *);
/* memcached key of the cached page of r (host, path, page), or NULL. */
const char	*shopweb_page_key(struct req *);
/*
 * r's path (without a language prefix) and its query if canonical
 * ("?page=N" on a route that declares page), or NULL for any other
 * query.  In r's arena.
 */
const char	*shopweb_canonical_path(struct req *);
/*
 * The path prefix of r's language: "/de" for one of the shop's other
 * languages, "" for its default one (in r's arena).
 */
const char	*shopweb_lang_prefix(struct req *);
/* app page_data hook: shop_name, theme_style, year (and the CSP hash). */
void		 shopweb_page_data(struct req *, struct json_object *);
/* Allow the shop's inline theme style (its hash) in r's CSP. */
void		 shopweb_theme(struct req *);
/*
 * Queue template for to with data (borrowed) in the shop's language,
 * through the notification service.  SOUK_UPSTREAM if it refused.
 */
enum souk_err	 shopweb_mail(struct req *, const char *to,
		    const char *tmpl, struct json_object *data);
/* The plan's limit of staff accounts (max_staff; 0: none allowed). */
int64_t		 shopweb_max_staff(struct req *);

#endif /* SOUK_SHOPWEB_H */
