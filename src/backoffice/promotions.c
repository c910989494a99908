/*
 * Promotions in the backoffice: the list and a form to add a coupon
 * (/admin/promotions), switching one on or off, and the JSON API
 * /admin/api/v1/promotions.  Only for plans with the "promotions"
 * feature: without it the page says so and offers no form, its forms
 * answer 403 with the same message, and the API 403 problem+json.
 * The form takes money as staff write it (bo_locale: "12,50"), the API
 * in minor units (1250); both take the last day as a day in the shop's
 * time zone, the API gives it back so and as ends_at, UTC.
 */
#include <string.h>

#include "backoffice/backoffice.h"

static const char *const no_promotions = N_("Your plan does not include "
    "promotions; ask the platform to change your plan.");

static int
promotions_on(struct req *r)
{
	return shop_feature_on(shop_features(&r->app->conf, app_db(r->app),
	    r->app->cache, r->a, r->tenant_id), "promotions");
}

static const char *
currency(const struct req *r)
{
	return ((const struct shop_tenant *)r->tenant)->currency;
}

/*
 * The shop's zone: a coupon's last day is a day there, whoever reads
 * it (bo_zone is for the times staff read).
 */
static const char *
shop_zone(const struct req *r)
{
	return ((const struct shop_tenant *)r->tenant)->time_zone;
}

/* What a promotion takes off, for people: "15%" or "$5.00". */
static const char *
promotion_off(struct req *r, const struct shop_promotion *p)
{
	return str_eq(p->kind, "percent") ? arena_printf(r->a, "%lld%%",
	    (long long)p->value) : fmt_money(r->a, bo_locale(r), currency(r),
	    p->value);
}

static struct json_object *
promotion_json(struct req *r, const struct shop_promotion *p)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(p->id));
	json_object_object_add(o, "code", json_str(p->code));
	json_object_object_add(o, "name", json_str(p->name));
	json_object_object_add(o, "kind", json_str(p->kind));
	json_object_object_add(o, "value", json_object_new_int64(p->value));
	json_object_object_add(o, "currency", str_eq(p->kind, "amount") ?
	    json_str(currency(r)) : NULL);
	json_object_object_add(o, "min_subtotal", json_object_new_int64(
	    p->min_subtotal));
	json_object_object_add(o, "usage_limit", p->usage_limit > 0 ?
	    json_object_new_int64(p->usage_limit) : NULL);
	json_object_object_add(o, "used", json_object_new_int64(p->used));
	json_object_object_add(o, "ends_on", p->ends_at > 0 ? json_str(
	    fmt_day(r->a, shop_zone(r), (time_t)p->ends_at)) : NULL);
	json_object_object_add(o, "ends_at", p->ends_at > 0 ? json_str(
	    fmt_iso(r->a, (time_t)p->ends_at)) : NULL);
	json_object_object_add(o, "active", json_object_new_boolean(
	    p->active));
	json_object_object_add(o, "created_at", json_str(fmt_iso(r->a,
	    (time_t)p->created_at)));
	return o;
}

/* The page's row: the API's fields and what people read. */
static struct json_object *
promotion_row(struct req *r, const struct shop_promotion *p)
{
	struct json_object	*o = promotion_json(r, p);

	json_object_object_add(o, "off", json_str(promotion_off(r, p)));
	json_object_object_add(o, "min", p->min_subtotal > 0 ? json_str(
	    fmt_money(r->a, bo_locale(r), currency(r), p->min_subtotal)) :
	    NULL);
	json_object_object_add(o, "ends", p->ends_at > 0 ? json_str(fmt_date(
	    r->a, bo_locale(r), shop_zone(r), (time_t)p->ends_at)) : NULL);
	json_object_object_add(o, "uses", json_str(p->usage_limit > 0 ?
	    req_trf(r, N_("{used} of {limit}"), "used", fmt_number(r->a,
	    bo_locale(r), p->used), "limit", fmt_number(r->a, bo_locale(r),
	    p->usage_limit), NULL) : fmt_number(r->a, bo_locale(r),
	    p->used)));
	return o;
}

/* The add form: what was typed after a refusal, else no limit. */
static struct json_object *
promotion_form(struct req *r, int typed)
{
	static const char *const fields[] = { "code", "name", "value",
	    "min_subtotal", "usage_limit", "ends_on" };
	struct json_object	*o = bo_form(r, fields, 6, typed);
	int			 amount = typed && str_eq(req_param(r, "kind"),
	    "amount");

	if (!typed)
		json_object_object_add(o, "usage_limit", json_str("0"));
	json_object_object_add(o, "percent", json_object_new_boolean(
	    !amount));
	json_object_object_add(o, "amount", json_object_new_boolean(amount));
	return o;
}

static enum souk_err
promotions_page(struct req *r, int status,
    const char *error, const char *notice)
{
	struct json_object	*d = auth_page_data(r, N_("Promotions"), error,
	    notice);
	struct json_object	*arr;
	struct shop_promotion	*ps;
	size_t			 n, i;
	int			 on = promotions_on(r);
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = shop_promotions_list(app_db(r->app), r->a, r->tenant_id,
	    &ps, &n)) != SOUK_OK)
		return er;
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, promotion_row(r, &ps[i]));
	json_object_object_add(d, "promotions", arr);
	json_object_object_add(d, "form", promotion_form(r, error != NULL));
	bo_money_data(r, d);
	json_object_object_add(d, "can_write", json_object_new_boolean(on &&
	    auth_can(auth_of(r), SHOP_P_PROMOTIONS_WRITE)));
	if (!on)
		json_object_object_add(d, "plan_note", json_str(req_tr(r,
		    no_promotions)));
	return resp_html(r, status, "promotions", d);
}

enum souk_err
bo_page_promotions(struct req *r)
{
	return promotions_page(r, 200, NULL, NULL);
}

/* The plan's promotions feature, which every form needs: else 0 (*er). */
static int
form_ok(struct req *r, enum souk_err *er)
{
	if (promotions_on(r))
		return 1;
	*er = promotions_page(r, 403, no_promotions, NULL);
	return 0;
}

/*
 * The form's money as staff type it (bo_locale): the value of an
 * amount coupon and the minimum order; a percentage is a whole number.
 */
static enum souk_err
promotion_amounts(struct req *r, struct shop_promotion *in,
    struct souk_why *why)
{
	enum souk_err	 er;

	if (!str_eq(in->kind, "amount"))
		in->value = req_param_i64(r, "value", -1);
	else if ((er = bo_param_money(r, "value", -1, &in->value, why)) !=
	    SOUK_OK)
		return er;
	return bo_param_money(r, "min_subtotal", 0, &in->min_subtotal, why);
}

enum souk_err
bo_page_promotion_add(struct req *r)
{
	struct shop_promotion	 in, p;
	struct souk_why		 why;
	const char		*msg;
	int64_t			 id;
	int			 st;
	enum souk_err		 er;

	if (!form_ok(r, &er))
		return er;
	memset(&in, 0, sizeof(in));
	in.code = req_param(r, "code");
	in.name = req_param(r, "name");
	in.kind = req_param(r, "kind");
	in.usage_limit = req_param_i64(r, "usage_limit", 0);
	in.ends_on = req_param(r, "ends_on");
	if ((er = promotion_amounts(r, &in, &why)) == SOUK_OK)
		er = shop_promotion_create(app_db(r->app), r->a, r->tenant_id,
		    shop_zone(r), &in, &id, &why);
	if (resp_form_error(r, er, N_("The promotion was not added"), &why,
	    &st, &msg))
		return promotions_page(r, st, msg, NULL);
	if (er != SOUK_OK || (er = shop_promotion_get(app_db(r->app), r->a,
	    r->tenant_id, id, &p)) != SOUK_OK)
		return er;
	return promotions_page(r, 201, NULL, req_trf(r,
	    N_("Coupon {code} is ready."), "code", p.code, NULL));
}

enum souk_err
bo_page_promotion_change(struct req *r)
{
	const char		*active = req_param(r, "active");
	int			 on = str_eq(active, "1");
	enum souk_err		 er;

	if (!form_ok(r, &er))
		return er;
	if (!on && !str_eq(active, "0"))
		return promotions_page(r, 400, N_("Switch a promotion on "
		    "(active=1) or off (active=0)."), NULL);
	er = shop_promotion_set_active(app_db(r->app), r->a, r->tenant_id,
	    req_path_i64(r, "id"), on);
	if (er == SOUK_NOTFOUND)
		return promotions_page(r, 404, N_("There is no such "
		    "promotion in this shop."), NULL);
	if (er != SOUK_OK)
		return er;
	return promotions_page(r, 200, NULL, on ?
	    N_("The promotion is on.") :
	    N_("The promotion is off: shoppers cannot use its code."));
}

/* ---- JSON API -------------------------------------------------------- */

/* The plan's promotions feature, which every API route needs. */
static enum souk_err
api_on(struct req *r)
{
	if (!promotions_on(r)) {
		r->detail = no_promotions;
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}

enum souk_err
bo_api_promotions(struct req *r)
{
	struct shop_promotion	*ps;
	struct json_object	*o, *items;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = api_on(r)) != SOUK_OK ||
	    (er = shop_promotions_list(app_db(r->app), r->a, r->tenant_id,
	    &ps, &n)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, promotion_json(r, &ps[i]));
	json_object_object_add(o, "items", items);
	return resp_json(r, 200, o);
}

/* Promotion id as the API shows it (after a change). */
static enum souk_err
promotion_one(struct req *r, int status, int64_t id)
{
	struct shop_promotion	 p;
	enum souk_err		 er;

	if ((er = shop_promotion_get(app_db(r->app), r->a, r->tenant_id, id,
	    &p)) != SOUK_OK)
		return er;
	if (status == 201)
		resp_header(r, "Location", arena_printf(r->a,
		    "/admin/api/v1/promotions/%lld", (long long)id));
	return resp_json(r, status, promotion_json(r, &p));
}

enum souk_err
bo_api_promotion_get(struct req *r)
{
	enum souk_err		 er;

	if ((er = api_on(r)) != SOUK_OK)
		return er;
	if ((er = promotion_one(r, 200, req_path_i64(r, "id"))) ==
	    SOUK_NOTFOUND)
		r->detail = "There is no such promotion in this shop.";
	return er;
}

enum souk_err
bo_api_promotion_create(struct req *r)
{
	struct shop_promotion	 in;
	struct souk_why		 why;
	int64_t			 id;
	enum souk_err		 er;

	if ((er = api_on(r)) != SOUK_OK)
		return er;
	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	memset(&in, 0, sizeof(in));
	in.code = req_json_str(r, "code");
	in.name = req_json_str(r, "name");
	in.kind = req_json_str(r, "kind");
	in.value = req_json_i64(r, "value", -1);
	in.min_subtotal = req_json_i64(r, "min_subtotal", 0);
	in.usage_limit = req_json_i64(r, "usage_limit", 0);
	in.ends_on = req_json_str(r, "ends_on");
	if ((er = shop_promotion_create(app_db(r->app), r->a, r->tenant_id,
	    shop_zone(r), &in, &id, &why)) != SOUK_OK)
		return req_why(r, er, &why);
	return promotion_one(r, 201, id);
}

enum souk_err
bo_api_promotion_change(struct req *r)
{
	struct json_object	*v;
	int64_t			 id = req_path_i64(r, "id");
	enum souk_err		 er;

	if ((er = api_on(r)) != SOUK_OK)
		return er;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "active",
	    &v) || !json_object_is_type(v, json_type_boolean))
		return req_field_error(r, "active", "true or false");
	er = shop_promotion_set_active(app_db(r->app), r->a, r->tenant_id, id,
	    json_object_get_boolean(v));
	if (er == SOUK_OK)
		er = promotion_one(r, 200, id);
	if (er == SOUK_NOTFOUND)
		r->detail = "There is no such promotion in this shop.";
	return er;
}
