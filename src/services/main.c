/* souk-services.fcgi: the shared services; for now, notifications. */
#include "services/api.h"
#include "sec/sec.h"

#define S	(ROUTE_SIGNED | ROUTE_JSON)

/* JSON bodies (the handlers check what the values mean). */
static const struct param_decl send_body[] = {
	{ "to", VALID_LINE, 0, 0, 254 },
	{ "template", VALID_LINE, 0, 0, 64 },
	{ "locale", VALID_LINE, 0, 0, 35 },
	{ "data", VALID_OBJECT, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl template_body[] = {
	{ "subject", VALID_TEXT, 0, 0, 998 },
	{ "html", VALID_TEXT, 0, 0, 200000 },
	{ "text", VALID_TEXT, 0, 0, 200000 },
	{ NULL, 0, 0, 0, 0 }
};

static const struct param_decl tenant_body[] = {
	{ "slug", VALID_LINE, 0, 0, 96 },
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "state", VALID_LINE, 0, 0, 16 },
	{ "mail_from", VALID_LINE, 0, 0, 254 },
	{ NULL, 0, 0, 0, 0 }
};

/* A signed call with the key's scope, its body's fields, its argument. */
#define SIGNED(m, path, name, fn, scope, body, arg) \
	{ m, path, name, fn, NULL, S, scope, 0, 0, arg, body }

static const enum svc_channel email = SVC_EMAIL, sms = SVC_SMS;

static const struct route routes[] = {
	SIGNED(HTTP_POST, "/api/v1/notifications/email", "notify.email",
	    svc_api_send, "notifications:send", send_body, &email),
	SIGNED(HTTP_POST, "/api/v1/notifications/sms", "notify.sms",
	    svc_api_send, "notifications:send", send_body, &sms),
	SIGNED(HTTP_GET, "/api/v1/notifications/{id:id}", "notify.get",
	    svc_api_notification, "notifications:read", NULL, NULL),
	SIGNED(HTTP_PUT, "/api/v1/templates/{channel:slug}/{code:line}/"
	    "{locale:line}", "template.put", svc_api_template_put,
	    "notifications:templates", template_body, NULL),
	SIGNED(HTTP_DELETE, "/api/v1/templates/{channel:slug}/{code:line}/"
	    "{locale:line}", "template.delete", svc_api_template_delete,
	    "notifications:templates", NULL, NULL),
	SIGNED(HTTP_PUT, "/internal/api/tenants/{id:id}", "tenant.put",
	    svc_api_tenant_put, "tenants:provision", tenant_body, NULL),
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
		.started = sec_started,
	};

	return app_main(&app, argc, argv);
}
