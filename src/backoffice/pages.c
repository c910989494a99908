/*
 * The backoffice's own pages beyond sign-in (auth/) and the catalog:
 * the dashboard; and the locale and zone staff see things in.
 */
#include "backoffice/backoffice.h"

/*
 * The one place that chooses the locale of what staff read and type:
 * money shown and money parsed on the forms.  The shop's for now; it is
 * to follow the staff member's own choice of language.
 */
const char *
bo_locale(const struct req *r)
{
	const struct shop_tenant *t = r->tenant;

	/* a member who chose another language reads numbers in it */
	if (r->lang != NULL && r->lang != i18n_lang_find(t->locale))
		return r->lang;
	return t->locale;
}

/* The one place that chooses the zone of the dates staff read: the shop's. */
const char *
bo_zone(const struct req *r)
{
	return ((const struct shop_tenant *)r->tenant)->time_zone;
}

enum souk_err
bo_page_index(struct req *r)
{
	struct json_object	*d;

	if ((d = auth_page_data(r, N_("Dashboard"), NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "host", json_str(r->host));
	return resp_html(r, 200, "index", d);
}

/* "an amount such as 12,50": what a money field takes, in the locale. */
const char *
bo_money_hint(struct req *r)
{
	const char	*ex = fmt_amount(r->a, bo_locale(r),
	    ((const struct shop_tenant *)r->tenant)->currency, 1250);

	return req_trf(r, N_("an amount such as {example}"), "example",
	    ex != NULL ? ex : "12.50", NULL);
}

enum souk_err
bo_param_money(struct req *r, const char *name, int64_t def, int64_t *out,
    struct souk_why *why)
{
	const char	*s = req_param(r, name);
	int64_t		 v;

	if (s == NULL || *s == '\0') {
		*out = def;
		return SOUK_OK;
	}
	if (fmt_money_parse(bo_locale(r), ((const struct shop_tenant *)
	    r->tenant)->currency, s, &v) != SOUK_OK || v < 0)
		return souk_why_set(why, SOUK_INVALID, name, bo_money_hint(r));
	*out = v;
	return SOUK_OK;
}

struct json_object *
bo_form(struct req *r, const char *const *fields, size_t n, int typed)
{
	struct json_object	*o = json_object_new_object();
	const char		*v;
	size_t			 i;

	for (i = 0; i < n; i++) {
		v = typed ? req_param(r, fields[i]) : NULL;
		json_object_object_add(o, fields[i], json_str(v != NULL ? v :
		    ""));
	}
	return o;
}

/* The money fields' hints: the shop's currency and an example amount. */
void
bo_money_data(struct req *r, struct json_object *d)
{
	const char	*cur;

	cur = ((const struct shop_tenant *)r->tenant)->currency;
	json_object_object_add(d, "currency", json_str(cur));
	json_object_object_add(d, "example", json_str(fmt_amount(r->a,
	    bo_locale(r), cur, 1250)));
}
