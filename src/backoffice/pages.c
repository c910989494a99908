/*
 * The backoffice's own pages beyond sign-in (auth/) and the catalog:
 * the dashboard.
 */
#include "backoffice/backoffice.h"

enum souk_err
bo_page_index(struct req *r)
{
	struct json_object	*d;

	if ((d = auth_page_data(r, N_("Dashboard"), NULL, NULL)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "host", json_str(r->host));
	return resp_html(r, 200, "index", d);
}
