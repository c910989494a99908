/* souk-services.fcgi handlers. */
#ifndef SOUK_SERVICES_API_H
#define SOUK_SERVICES_API_H

#include "http/http.h"
#include "services/services.h"

/* POST a notification of the route's channel (route->arg: its enum). */
enum souk_err	 svc_api_send(struct req *);
enum souk_err	 svc_api_notification(struct req *);
enum souk_err	 svc_api_template_put(struct req *);
enum souk_err	 svc_api_template_delete(struct req *);
/* PUT /internal/api/tenants/{id}: Center's copy of a tenant. */
enum souk_err	 svc_api_tenant_put(struct req *);

#endif
