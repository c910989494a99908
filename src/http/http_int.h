/* Internal to src/http: the FastCGI glue between fcgi.c and app.c. */
#ifndef SOUK_HTTP_INT_H
#define SOUK_HTTP_INT_H

#include <fcgiapp.h>

#include "http/http.h"

enum souk_err	 fcgi_req_read(struct app *, FCGX_Request *, struct req *);
int		 fcgi_loop(struct app *);
void		 app_handle_fcgi(struct app *, FCGX_Request *, struct req *);

#endif
