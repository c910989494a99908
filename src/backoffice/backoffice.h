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

/* products.c */
enum souk_err	 bo_page_products(struct req *);
enum souk_err	 bo_page_product_add(struct req *);
enum souk_err	 bo_api_product_create(struct req *);

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
