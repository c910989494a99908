/* souk-services.fcgi: the shared services; for now, notifications. */
#include "services/api.h"
#include "sec/sec.h"

#define S	(ROUTE_SIGNED | ROUTE_JSON)

static const struct route routes[] = {
	{ HTTP_POST, "/api/v1/notifications/email", "notify.email",
	    svc_api_email, NULL, S, "notifications:send", 0, 0,
	    NULL, NULL },
	{ HTTP_POST, "/api/v1/notifications/sms", "notify.sms", svc_api_sms,
	    NULL, S, "notifications:send", 0, 0,
	    NULL, NULL },
	{ HTTP_GET, "/api/v1/notifications/{id:id}", "notify.get",
	    svc_api_notification, NULL, S, "notifications:read", 0, 0,
	    NULL, NULL },
	{ HTTP_PUT, "/api/v1/templates/{channel:slug}/{code:line}/"
	    "{locale:line}", "template.put", svc_api_template_put, NULL, S,
	    "notifications:templates", 0, 0,
	    NULL, NULL },
	{ HTTP_DELETE, "/api/v1/templates/{channel:slug}/{code:line}/"
	    "{locale:line}", "template.delete", svc_api_template_delete, NULL,
	    S, "notifications:templates", 0, 0,
	    NULL, NULL },
	{ HTTP_PUT, "/internal/api/tenants/{id:id}", "tenant.put",
	    svc_api_tenant_put, NULL, S, "tenants:provision", 0, 0,
	    NULL, NULL },
	APP_HEALTH_ROUTES(""),
};

int
main(int argc, char **argv)
{
	static struct app app = {
		.name = "services",
		.routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.vars = svc_vars,
		.plane = APP_SERVICES,
		.stmts = svc_sql,
		.nstmts = SVC__MAX,
		.authenticate = sec_authenticate,
	};

	return app_main(&app, argc, argv);
}
