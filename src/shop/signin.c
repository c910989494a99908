/*
 * Request glue for shop accounts, shared by the storefront (customers)
 * and the backoffice (staff): who is signed in (bearer token for the
 * JSON API, cookie for pages), CSRF tokens, sign-in throttling, links
 * sent by e-mail through the notification service, and the JSON API
 * handlers both programs serve for their principal.
 *
 * The JSON APIs take bearer tokens only, never the session cookie, so a
 * page of another site cannot drive them with the visitor's cookie.
 */
#include <string.h>

#include "http/http.h"
#include "sec/sec.h"
#include "shop/shop.h"

#define TRIES_PER_EMAIL	10	/* sign-in attempts per minute */
#define TRIES_PER_ADDR	30
#define MAILS_PER_EMAIL	3	/* reset links per minute per address */

enum souk_err
shop_web_api_account(struct req *r, enum shop_principal p, const char *perm,
    struct shop_account *ac)
{
	enum souk_err	 er;

	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_session(app_db(r->app), r->a, r->tenant_id, p,
	    req_bearer(r), ac);
	if (er == SOUK_OK && !str_eq(ac->stage, "full"))
		er = SOUK_UNAUTHORIZED;
	if (er == SOUK_UNAUTHORIZED)
		r->detail = "Sign in first: send Authorization: Bearer <token>.";
	if (er != SOUK_OK)
		return er;
	r->caller = arena_printf(r->a, "%s:%lld", shop_principal_name(p),
	    (long long)ac->id);
	if (perm != NULL && !shop_can(ac, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this: it needs %s.", ac->role, perm);
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}

enum souk_err
shop_web_page_account(struct req *r, const struct shop_web_auth *au,
    struct shop_account *ac)
{
	enum souk_err	 er;

	if (app_db(r->app) == NULL)
		return SOUK_UNAVAILABLE;
	er = shop_session(app_db(r->app), r->a, r->tenant_id, au->p,
	    req_cookie(r, au->cookie), ac);
	if (er == SOUK_OK)
		r->caller = arena_printf(r->a, "%s:%lld",
		    shop_principal_name(au->p), (long long)ac->id);
	return er;
}

int
shop_web_signed_in(struct req *r, const struct shop_web_auth *au,
    struct shop_account *ac, enum souk_err *er)
{
	if ((*er = shop_web_page_account(r, au, ac)) == SOUK_UNAUTHORIZED) {
		resp_redirect(r, 303, au->login);
		*er = SOUK_OK;
		return 0;
	}
	if (*er == SOUK_OK && !str_eq(ac->stage, "full")) {
		resp_redirect(r, 303, au->code);
		return 0;
	}
	return *er == SOUK_OK;
}

const char *
shop_web_csrf(struct req *r, const struct shop_web_auth *au)
{
	return sec_csrf_of(r->a, req_cookie(r, au->cookie));
}

int
shop_web_csrf_ok(struct req *r, const struct shop_web_auth *au)
{
	if (sec_equal(req_param(r, "csrf"), shop_web_csrf(r, au)))
		return 1;
	r->detail = "The form had expired. Please go back and try again.";
	return 0;
}

enum souk_err
shop_web_throttle(struct req *r, enum shop_principal p, const char *email)
{
	const char	*realm = arena_printf(r->a, "shop:%lld:%s",
	    (long long)r->tenant_id, shop_principal_name(p));

	if (realm == NULL)
		return SOUK_ENOMEM;
	return sec_throttle(r, realm, email, TRIES_PER_EMAIL, TRIES_PER_ADDR);
}

void
shop_web_throttle_fail(struct req *r, enum shop_principal p,
    const char *email)
{
	const char	*realm = arena_printf(r->a, "shop:%lld:%s",
	    (long long)r->tenant_id, shop_principal_name(p));

	if (realm != NULL)
		sec_throttle_fail(r, realm, email);
}

const char *
shop_web_link(struct req *r, const char *path, const char *token)
{
	const char	*base = req_base_url(r);
	struct buf	 b;

	if (base == NULL)
		return NULL;
	buf_init(&b, r->a, 256);
	buf_printf(&b, "%s%s?token=", base, path);
	buf_add_url(&b, token, strlen(token));
	return buf_ok(&b) ? b.data : NULL;
}

enum souk_err
shop_web_mail(struct req *r, const char *to, const char *template,
    struct json_object *data)
{
	const struct shop_tenant *t = r->tenant;

	return shop_mail(&r->app->conf, r->a, t->id, t->locale, to, template,
	    data);
}

/* ---- links sent by e-mail ------------------------------------------ */

static struct json_object *
link_data(struct req *r, const char *key, const char *url,
    const char *name, const char *expires)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());

	if (d == NULL || url == NULL)
		return NULL;
	json_object_object_add(d, key, json_str(url));
	json_object_object_add(d, "customer_name", json_str(name));
	json_object_object_add(d, "expires_in", json_str(expires));
	return d;
}

enum souk_err
shop_web_send_reset(struct req *r, const struct shop_web_auth *au,
    const char *email)
{
	struct shop_account	 ac;
	const char		*token, *realm;
	enum souk_err		 er;

	realm = arena_printf(r->a, "reset:%lld", (long long)r->tenant_id);
	if (realm == NULL)
		return SOUK_ENOMEM;
	if (sec_throttle(r, realm, email, MAILS_PER_EMAIL, TRIES_PER_ADDR) ==
	    SOUK_RATELIMIT) {
		r->detail = "Too many reset requests; try again in a minute.";
		return SOUK_RATELIMIT;
	}
	sec_throttle_fail(r, realm, email);	/* every request counts */
	er = shop_account_by_email(app_db(r->app), r->a, r->tenant_id, au->p,
	    email, &ac);
	if (er == SOUK_NOTFOUND)
		return SOUK_OK;	/* the same answer: no account enumeration */
	if (er == SOUK_OK)
		er = shop_token_issue(app_db(r->app), r->a, r->tenant_id,
		    au->p, ac.id, "password_reset", SHOP_RESET_TTL_S, &token);
	if (er != SOUK_OK)
		return er;
	/* A refused mail is logged, not told: the answer stays the same. */
	(void)shop_web_mail(r, ac.email, "password_reset", link_data(r,
	    "reset_url", shop_web_link(r, au->reset, token), ac.name,
	    "1 hour"));
	return SOUK_OK;
}

enum souk_err
shop_web_send_verify(struct req *r, int64_t id, const char *email,
    const char *name)
{
	const char	*token;
	enum souk_err	 er;

	if ((er = shop_token_issue(app_db(r->app), r->a, r->tenant_id,
	    SHOP_CUSTOMER, id, "email_verification", SHOP_VERIFY_TTL_S,
	    &token)) != SOUK_OK)
		return er;
	return shop_web_mail(r, email, "email_verification", link_data(r,
	    "verify_url", shop_web_link(r, "/account/verify", token), name,
	    "3 days"));
}

enum souk_err
shop_web_send_invite(struct req *r, int64_t id, const char *email,
    const char *role, const char *inviter)
{
	return shop_invite_mail(&r->app->conf, r->a, r->tenant,
	    req_base_url(r), id, email, role, inviter, app_db(r->app));
}

/* ---- CSRF for forms shown before sign-in (double submit) ----------- */

static const char *
form_cookie(struct req *r, const struct shop_web_auth *au)
{
	return arena_printf(r->a, "%s_form", au->cookie);
}

const char *
shop_web_form_token(struct req *r, const struct shop_web_auth *au)
{
	const char	*name = form_cookie(r, au), *t;

	if (name == NULL)
		return NULL;
	t = req_cookie(r, name);
	if (t == NULL || !str_hex_ok(t, 32, 32))
		t = sec_random_hex(r->a, "", 16);
	if (t != NULL)
		resp_cookie(r, name, t, au->path, 3600);
	return t;
}

int
shop_web_form_ok(struct req *r, const struct shop_web_auth *au)
{
	const char	*name = form_cookie(r, au);

	return name != NULL && sec_equal(req_param(r, "csrf"),
	    req_cookie(r, name));
}
