/* souk-center.fcgi: Center Control, the control plane (center.<base>). */
#include "center/api.h"

static const struct tmpl_var center_vars[] = {
	APP_TMPL_VARS,
	{ "base_domain", TMPL_SCALAR },
	{ NULL, 0 }
};

static enum souk_err
center_index(struct req *r)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "title", json_object_new_string(
	    "Dashboard"));
	json_object_object_add(d, "base_domain", json_object_new_string(
	    r->app->conf.base_domain));
	return resp_html(r, 200, "index", d);
}

static const struct route routes[] = {
	{ HTTP_GET, "/", "index", center_index, NULL, 0, NULL },
	{ HTTP_POST, "/api/v1/auth/token", "auth.token", ctr_api_token_create,
	    NULL, ROUTE_JSON, NULL },
	{ HTTP_DELETE, "/api/v1/auth/token", "auth.signout",
	    ctr_api_token_delete, NULL, ROUTE_JSON, NULL },
	{ HTTP_GET, "/api/v1/me", "me", ctr_api_me, NULL, ROUTE_JSON, NULL },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.name = "center",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = center_vars,
		.plane = APP_CENTER,
		.stmts = center_sql,
		.nstmts = CTR__MAX,
	};

	return app_main(&app, argc, argv);
}
