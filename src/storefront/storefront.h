/* storefront: the shopper-facing pages and the store JSON API. */
#ifndef SOUK_STOREFRONT_H
#define SOUK_STOREFRONT_H

#include "auth/auth_web.h"
#include "http/http.h"
#include "i18n/fmt.h"
#include "sec/sec.h"
#include "shop/shop.h"
#include "shopweb/shopweb.h"

enum souk_err	 sf_home(struct req *);
enum souk_err	 sf_category(struct req *);
/* A pending custom domain's verification token, for Center's check. */
enum souk_err	 sf_domain_token(struct req *);
enum souk_err	 sf_product(struct req *);

enum souk_err	 sf_api_products(struct req *);
enum souk_err	 sf_api_product(struct req *);

/* A shop's customers, as auth/ signs them in (account.c). */
extern const struct auth_plane sf_customers;
/*
 * Register a customer (limited per client address) and mail the e-mail
 * verification link.  SOUK_INVALID or SOUK_CONFLICT with why.
 */
enum souk_err	 sf_register(struct req *, const char *email,
		    const char *password, const char *name, struct souk_why *,
		    int64_t *id);
struct json_object *sf_address_json(const struct shop_address *);
/* An address's fields from the request, read with get (form or JSON). */
void		 sf_address_read(struct req *, const char *(*get)(
		    const struct req *, const char *), struct shop_address *);

enum souk_err	 sf_api_customer_create(struct req *);
enum souk_err	 sf_api_addresses(struct req *);
enum souk_err	 sf_api_address_add(struct req *);
enum souk_err	 sf_api_address_delete(struct req *);

enum souk_err	 sf_page_register(struct req *);
enum souk_err	 sf_page_register_post(struct req *);
/* The account page: profile, addresses (auth/'s account_page hook). */
enum souk_err	 sf_account_page(struct req *, int status, const char *error,
		    const char *notice);
enum souk_err	 sf_page_address_post(struct req *);
enum souk_err	 sf_page_address_delete_post(struct req *);
enum souk_err	 sf_page_verify_resend_post(struct req *);

/* ---- languages (lang.c) ---- */

/* app->lang_prefix: "/de/…" for a shipped language de. */
int		 sf_lang_prefix(struct req *);
/*
 * app->resolve: the shop (shopweb_resolve), then the language: a
 * prefix of a language the shop does not serve is 404, the default
 * language's redirects to the plain URL; r->lang is set.
 */
enum souk_err	 sf_resolve(struct req *);
/* app->page_data: the shop's (shopweb_page_data), lang and links. */
void		 sf_page_data(struct req *, struct json_object *);
/* The lang of the catalog calls: r->lang, NULL for the default one. */
const char	*sf_content_lang(const struct req *);
/*
 * The API's ?lang= (default: the shop's default language) into r->lang:
 * SOUK_INVALID with a field error on lang unless the shop serves it.
 */
enum souk_err	 sf_api_lang(struct req *);

/* Shared by pages and API: one product as JSON (owned by caller). */
struct json_object *sf_product_json(struct req *, const struct shop_product *);

extern const struct tmpl_var	sf_vars[];

#endif
