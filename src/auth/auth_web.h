/*
 * auth_web: the request side of auth (auth.h): who calls a route, CSRF,
 * throttling, and the page and JSON handlers every plane routes.
 *
 * Routes declare who may call them (route->auth: the bits below, and
 * route->perm: an index of the plane's permissions); the pipeline runs
 * auth_route() (app->authorize) before the handler, which finds the
 * caller with auth_of().
 */
#ifndef SOUK_AUTH_WEB_H
#define SOUK_AUTH_WEB_H

#include "auth/auth.h"
#include "http/http.h"

/* ---- route declarations (route->auth) ------------------------------ */


/* How the caller proves who it is. */
#define AUTH_COOKIE	0x10	/* the plane's session cookie: a page; a
				 * stranger is sent to the sign-in page and a
				 * POST needs the session's CSRF token */
#define AUTH_BEARER	0x20	/* Authorization: Bearer <token>: an API */
#define AUTH_KEY	0x40	/* or a call signed with an API key that has
				 * the route's scope (Center's tenant API) */
/* A page's form that also works for a session awaiting its code. */
#define AUTH_ANY_STAGE	(AUTH_FULL | AUTH_MFA | AUTH_ENROLL)

/*
 * The JSON bodies of auth/'s API routes (bodies.c): sign-in {email,
 * password, otp?}, {name}, {email}, {current, password}, a link's
 * {token, password, name?}, {token}, {code}, an invitation {email, role,
 * name?} and a member's change {role?, status?}.
 */
extern const struct param_decl auth_signin_body[], auth_name_body[],
		    auth_me_body[],
    auth_email_body[], auth_password_body[], auth_link_body[],
    auth_token_body[], auth_code_body[], auth_invite_body[],
    auth_change_body[];

/* The app->started hook of programs that sign people in. */
void		 auth_started(struct app *);

/* ---- the request side (web.c) -------------------------------------- */

/* The plane's database for the request (db NULL: SOUK_UNAVAILABLE). */
enum souk_err	 auth_cx_of(struct req *, struct auth_cx *);
/*
 * The app->authorize hook: who calls r's route, as route->auth and
 * route->perm declare.  Sets r->account (a struct auth_account) or,
 * for AUTH_KEY, r->principal (the key); pages of strangers are
 * redirected to the sign-in page (SOUK_OK, answered).
 */
enum souk_err	 auth_route(struct req *);
/* The caller auth_route found (NULL for a key or none). */
struct auth_account *auth_of(const struct req *);
/* The CSRF token of the session's forms (token: the session's). */
const char	*auth_csrf(struct req *, const char *token);
/* Forms shown before sign-in: a random token, also set as a cookie. */
const char	*auth_form_token(struct req *);
int		 auth_form_ok(struct req *);
/* "<scheme>://<host>path?token=…" on the request's host. */
const char	*auth_link_url(struct req *, const char *path,
		    const char *token);
/* The account as its owner sees it in the API (owned by the request). */
/*
 * "languages" for my account's form: the default and each language the
 * app speaks, with "selected"; nothing when there is no choice.
 */
void		 auth_page_langs(struct req *, const struct auth_account *,
		    struct json_object *);
/* After saving lang ("" for the default): this response speaks it. */
void		 auth_lang_now(struct req *, struct auth_account *,
		    const char *lang);
struct json_object *auth_account_json(struct req *,
		    const struct auth_account *);
/* Page data: title, error and notice (may be NULL), the forms' CSRF. */
struct json_object *auth_page_data(struct req *, const char *title,
		    const char *error, const char *notice);
/* Render tmpl with d (SOUK_ENOMEM if d is NULL). */
enum souk_err	 auth_page_show(struct req *, int status, const char *tmpl,
		    struct json_object *d);
/* Set the session cookie of token and go where its stage belongs. */
enum souk_err	 auth_page_session(struct req *, const char *token,
		    int stage);
/*
 * The plane's audit hook, if it has one: who did action (who NULL:
 * before sign-in; ".name" is the plane's: "admin.name") on target
 * (NULL: who's own account), after a JSON text or NULL.
 */
void		 auth_audit(struct req *, const struct auth_account *,
		    const char *action, const char *target, const char *after);
extern const char *const auth_form_expired;

/* ---- throttling (throttle.c) --------------------------------------- */

/*
 * Sign-in attempts are limited per (account, client address): 10
 * failures a minute, then 30 an hour (the back-off), and per client
 * address: 30 failures a minute over all accounts.  Failures elsewhere
 * never block an account's owner on their own client.  Counted in
 * memcached and, while it is down, in Center's signin_failures table.
 * SOUK_RATELIMIT with r->detail and r->retry_after.
 */
enum souk_err	 auth_throttle(struct req *, const char *email);
void		 auth_throttle_fail(struct req *, const char *email);
/*
 * Other limits of the same kind (reset mails, registrations): what
 * counts under realm and key, limit a minute, and per client address.
 */
enum souk_err	 auth_limit(struct req *, const char *realm, const char *key,
		    int per_key, int per_addr);
void		 auth_limit_count(struct req *, const char *realm,
		    const char *key);
/*
 * Sign in through the limits: a throttled sign-in goes through only
 * with a right password and a right second factor; a failure counts.
 */
enum souk_err	 auth_web_sign_in(struct req *, const char *email,
		    const char *password, const char *otp, const char *kind,
		    int flags, const char **token, struct auth_account *);

/* ---- handlers every plane routes (pages.c, mfa_pages.c, api.c) ----- */

/* The sign-in form with an error, and status. */
enum souk_err	 auth_login_form(struct req *, int status, const char *error);
/* Sign-in, sign-out, the code after the password. */
enum souk_err	 auth_page_login(struct req *);
enum souk_err	 auth_page_login_post(struct req *);
enum souk_err	 auth_page_logout(struct req *);
enum souk_err	 auth_page_code(struct req *);
enum souk_err	 auth_page_code_post(struct req *);
/* Forgotten passwords. */
enum souk_err	 auth_page_forgot(struct req *);
enum souk_err	 auth_page_forgot_post(struct req *);
/*
 * A link's page (route->arg: its purpose): password_reset, the plane's
 * invitation, email_verification.
 */
enum souk_err	 auth_page_link(struct req *);
enum souk_err	 auth_page_link_post(struct req *);
/* Two-factor set-up, recovery codes, turning it off. */
enum souk_err	 auth_page_mfa(struct req *);
enum souk_err	 auth_page_mfa_post(struct req *);
enum souk_err	 auth_page_recovery_post(struct req *);
enum souk_err	 auth_page_mfa_off_post(struct req *);
/* My account: the page (plane's template), name and password. */
enum souk_err	 auth_page_account(struct req *);
enum souk_err	 auth_page_account_post(struct req *);
enum souk_err	 auth_page_password_post(struct req *);
/* Members (staff, admins): the list, invite, change, invite again. */
enum souk_err	 auth_page_members(struct req *);
enum souk_err	 auth_page_member_invite(struct req *);
enum souk_err	 auth_page_member_change(struct req *);
enum souk_err	 auth_page_member_reinvite(struct req *);

/* JSON API. */
enum souk_err	 auth_api_token_create(struct req *);
enum souk_err	 auth_api_token_delete(struct req *);
enum souk_err	 auth_api_me(struct req *);
enum souk_err	 auth_api_me_update(struct req *);
enum souk_err	 auth_api_password(struct req *);
enum souk_err	 auth_api_password_forgot(struct req *);
/* {token, password[, name]}: route->arg is the link's purpose. */
enum souk_err	 auth_api_password_set(struct req *);
enum souk_err	 auth_api_verify(struct req *);
enum souk_err	 auth_api_verify_resend(struct req *);
enum souk_err	 auth_api_mfa_begin(struct req *);
enum souk_err	 auth_api_mfa_confirm(struct req *);
enum souk_err	 auth_api_recovery_new(struct req *);
enum souk_err	 auth_api_mfa_off(struct req *);
enum souk_err	 auth_api_members(struct req *);
enum souk_err	 auth_api_member(struct req *);
enum souk_err	 auth_api_member_invite(struct req *);
enum souk_err	 auth_api_member_change(struct req *);

/* Mail a password reset link to the active account of email, if any. */
enum souk_err	 auth_send_reset(struct req *, const char *email);
/* Mail an e-mail verification link. */
enum souk_err	 auth_send_verify(struct req *, int64_t id, const char *email,
		    const char *name);

#endif /* SOUK_AUTH_WEB_H */
