/* storefront: the shopper-facing pages and the store JSON API. */
#ifndef SOUK_STOREFRONT_H
#define SOUK_STOREFRONT_H

#include "http/http.h"
#include "shop/shop.h"

enum souk_err	 sf_home(struct req *);
enum souk_err	 sf_category(struct req *);
enum souk_err	 sf_product(struct req *);

enum souk_err	 sf_api_products(struct req *);
enum souk_err	 sf_api_product(struct req *);

/* Shared by pages and API: one product as JSON (owned by caller). */
struct json_object *sf_product_json(struct req *, const struct shop_product *);

extern const struct tmpl_var	sf_vars[];

#endif
