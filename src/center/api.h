/* souk-center.fcgi handlers. */
#ifndef SOUK_CENTER_API_H
#define SOUK_CENTER_API_H

#include "center/center.h"
#include "http/http.h"
#include "sec/sec.h"

/*
 * The admin signed in with the request's bearer token, allowed perm
 * (NULL: any admin).  SOUK_UNAUTHORIZED or SOUK_FORBIDDEN with a detail.
 */
enum souk_err	 ctr_authenticate(struct req *, struct ctr_admin *,
		    const char *perm);

/* SOUK_RATELIMIT (with detail) when sign-ins come too fast. */
enum souk_err	 ctr_throttle(struct req *, const char *email);

enum souk_err	 ctr_api_token_create(struct req *);
enum souk_err	 ctr_api_token_delete(struct req *);
enum souk_err	 ctr_api_me(struct req *);

enum souk_err	 ctr_page_index(struct req *);
enum souk_err	 ctr_page_login(struct req *);
enum souk_err	 ctr_page_login_post(struct req *);
enum souk_err	 ctr_page_logout(struct req *);

#endif
