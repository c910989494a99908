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
	return ((const struct shop_tenant *)r->tenant)->locale;
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

	if ((d = auth_page_data(r, "Dashboard", NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "host", json_str(r->host));
	return resp_html(r, 200, "index", d);
}
