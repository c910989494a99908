/*
 * Links sent by mail, through the plane's mail hook: password resets
 * (to the account of an address, if there is one: the answer is the
 * same either way, so nobody learns who has an account) and e-mail
 * verification.  Reset mails are limited per address and per client.
 */
#include <string.h>

#include "auth/auth_int.h"

#define MAILS_PER_EMAIL	3	/* reset links a minute per address */
#define MAILS_PER_ADDR	30	/* and per client */

/*
 * A link's mail: its URL under key, and how long it lives as a number
 * under unit ("expires_hours", "expires_days"), so that each language
 * says it with its own plural.
 */
static struct json_object *
link_data(struct req *r, const char *key, const char *url, const char *name,
    const char *unit, int n)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d == NULL || url == NULL)
		return NULL;
	json_object_object_add(d, key, json_str(url));
	json_object_object_add(d, "customer_name", json_str(name));
	json_object_object_add(d, unit, json_object_new_int(n));
	return d;
}

enum souk_err
auth_send_reset(struct req *r, const char *email)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_account	 ac;
	struct auth_cx		 cx;
	const char		*token, *realm;
	enum souk_err		 er;

	realm = arena_printf(r->a, "reset:%lld", (long long)r->tenant_id);
	if (realm == NULL)
		return SOUK_ENOMEM;
	if (auth_limit(r, realm, email, MAILS_PER_EMAIL, MAILS_PER_ADDR) ==
	    SOUK_RATELIMIT) {
		r->detail = N_("Too many reset requests; try again in a "
		    "minute.");
		return SOUK_RATELIMIT;
	}
	auth_limit_count(r, realm, email);	/* every request counts */
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_account_by_email(&cx, email, &ac);
	if (er == SOUK_NOTFOUND)
		return SOUK_OK;	/* the same answer: no account enumeration */
	if (er == SOUK_OK)
		er = auth_link_new(&cx, ac.id, "password_reset",
		    AUTH_RESET_TTL_S, &token);
	if (er != SOUK_OK)
		return er;
	/* A refused mail is logged, not told: the answer stays the same. */
	(void)auth_mail(r, ac.email, "password_reset", link_data(r,
	    "reset_url", auth_link_url(r, p->url_reset, token), ac.name,
	    "expires_hours", AUTH_RESET_TTL_S / 3600));
	return SOUK_OK;
}

enum souk_err
auth_send_verify(struct req *r, int64_t id, const char *email,
    const char *name)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_cx		 cx;
	const char		*token;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_link_new(&cx, id, "email_verification",
	    AUTH_VERIFY_TTL_S, &token)) != SOUK_OK)
		return er;
	return auth_mail(r, email, "email_verification", link_data(r,
	    "verify_url", auth_link_url(r, p->url_verify, token), name,
	    "expires_days", AUTH_VERIFY_TTL_S / 86400));
}
