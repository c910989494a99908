/* backoffice: the store staff's pages and JSON API at <shop host>/admin/. */
#ifndef SOUK_BACKOFFICE_H
#define SOUK_BACKOFFICE_H

#include "auth/auth_web.h"
#include "http/http.h"
#include "i18n/fmt.h"
#include "sec/sec.h"
#include "shop/shop.h"
#include "shopweb/shopweb.h"

/* A shop's staff, as auth/ signs them in (staff.c). */
extern const struct auth_plane bo_staff;
extern const struct tmpl_var bo_vars[];

/* pages.c */
enum souk_err	 bo_page_index(struct req *);
/*
 * The locale ("de-DE") staff read and type money and numbers in, and
 * the zone of the dates they read; borrowed from the request.
 */
const char	*bo_locale(const struct req *);
const char	*bo_zone(const struct req *);
/*
 * Form field name: an amount of the shop's currency as staff type it in
 * bo_locale ("12,50" in de-DE), in minor units; def when absent or
 * empty.  SOUK_INVALID with why (name, bo_money_hint) for what cannot
 * be read or is below zero.
 */
enum souk_err	 bo_param_money(struct req *, const char *name, int64_t def,
		    int64_t *out, struct souk_why *why);
/* "an amount such as 12,50", in bo_locale; in r's arena. */
const char	*bo_money_hint(struct req *);
/*
 * A form's fields[0..n) for its page: each as typed (typed: the form
 * comes back after a refusal), else ""; every key is there, so that no
 * name falls through to one of the page's.
 */
struct json_object *bo_form(struct req *, const char *const *fields,
		    size_t n, int typed);
/* "currency" and "example" (12,50 in bo_locale) for money fields. */
void		 bo_money_data(struct req *, struct json_object *);

/* products.c */
enum souk_err	 bo_page_products(struct req *);
enum souk_err	 bo_page_product_add(struct req *);
enum souk_err	 bo_api_product_create(struct req *);

/* languages.c: the shop's languages and its name in them */
/*
 * After a committed change to the shop's catalog or languages (what,
 * for the log): r->tenant's languages and the shop's host records as
 * the database has them now, so that cached pages of the old catalog
 * version stop matching.  Failures are logged: the change stands.
 */
void		 bo_tenant_changed(struct req *, const char *what);
enum souk_err	 bo_page_languages(struct req *);
enum souk_err	 bo_page_languages_post(struct req *);
enum souk_err	 bo_api_languages(struct req *);
enum souk_err	 bo_api_languages_put(struct req *);
enum souk_err	 bo_api_shop_text(struct req *);
enum souk_err	 bo_api_shop_text_put(struct req *);

/* translations.c: products' and categories' (route arg: "category") */
enum souk_err	 bo_page_product(struct req *);
enum souk_err	 bo_page_translation_post(struct req *);
enum souk_err	 bo_api_translations(struct req *);
enum souk_err	 bo_api_translation(struct req *);
/* PUT and DELETE */
enum souk_err	 bo_api_translation_put(struct req *);
enum souk_err	 bo_api_categories(struct req *);

/* promotions.c */
enum souk_err	 bo_page_promotions(struct req *);
enum souk_err	 bo_page_promotion_add(struct req *);
enum souk_err	 bo_page_promotion_change(struct req *);
enum souk_err	 bo_api_promotions(struct req *);
enum souk_err	 bo_api_promotion_create(struct req *);
enum souk_err	 bo_api_promotion_get(struct req *);
enum souk_err	 bo_api_promotion_change(struct req *);

/* internal.c: Center's calls */
enum souk_err	 bo_internal_create(struct req *);
enum souk_err	 bo_internal_status(struct req *);
enum souk_err	 bo_internal_config(struct req *);
enum souk_err	 bo_internal_features(struct req *);
enum souk_err	 bo_internal_owner(struct req *);
enum souk_err	 bo_internal_export(struct req *);
enum souk_err	 bo_internal_erase(struct req *);

#endif /* SOUK_BACKOFFICE_H */
