/*
 * The sign-in pages every plane serves with its own templates: sign-in
 * and sign-out, the code after the password, forgotten passwords, the
 * pages a link opens (reset, invitation, e-mail verification) and my
 * account (name, password).
 *
 * A link's token never stays in a URL: the page a link opens keeps the
 * token in a short cookie scoped to that page and redirects to itself
 * without the query string, so neither browser history nor a Referer
 * nor a later access-log line holds it (the example log formats drop
 * query strings too).  The form posts back to the same page, which
 * reads the cookie (or a token field, as API-like clients send).
 */
#include <string.h>

#include "auth/auth_int.h"

#define LINK_COOKIE_S	3600	/* a link's page stays open this long */

/* ---- sign-in and sign-out ------------------------------------------- */

static enum souk_err
login_form(struct req *r, int status, const char *error, const char *email)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct json_object	*d = auth_page_data(r, N_("Sign in"), error,
				    NULL);

	if (d != NULL && email != NULL)
		json_object_object_add(d, "email", json_str(email));
	if (d != NULL && status == 429 && p->mfa)
		json_object_object_add(d, "ask_code",
		    json_object_new_boolean(1));
	return auth_page_show(r, status, p->tmpl.login, d);
}

enum souk_err
auth_login_form(struct req *r, int status, const char *error)
{
	return login_form(r, status, error, NULL);
}

enum souk_err
auth_page_login(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_account	 ac;
	struct auth_cx		 cx;

	if (auth_cx_of(r, &cx) == SOUK_OK &&
	    auth_session(&cx, req_cookie(r, p->cookie), &ac) == SOUK_OK) {
		resp_redirect(r, 303, auth_stage_home(p, ac.stage));
		return SOUK_OK;
	}
	return login_form(r, 200, NULL, NULL);
}

enum souk_err
auth_page_login_post(struct req *r)
{
	const char		*email = req_param(r, "email");
	const char		*password = req_param(r, "password");
	const char		*code = req_param(r, "code"), *token;
	struct auth_account	 ac;
	enum souk_err		 er;

	if (!auth_form_ok(r))
		return login_form(r, 403, auth_form_expired, email);
	if (email == NULL || password == NULL)
		return login_form(r, 400, N_("Enter your e-mail address and "
		    "your password."), email);
	if (code != NULL && *code == '\0')
		code = NULL;
	er = auth_web_sign_in(r, email, password, code, "cookie", 0, &token,
	    &ac);
	if (er == SOUK_RATELIMIT)
		return login_form(r, 429, r->detail, email);
	if (er == SOUK_UNAUTHORIZED)
		return login_form(r, 401, N_("The e-mail address or the "
		    "password is wrong."), email);
	if (er != SOUK_OK)
		return er;
	auth_audit(r, &ac, "signin", NULL, json_kv_text(r->a, "method",
	    code != NULL ? "password+code" : "password", "stage",
	    auth_stage_name(ac.stage)));
	r->caller = arena_printf(r->a, "%s:%lld", ac.plane->name,
	    (long long)ac.id);
	return auth_page_session(r, token, ac.stage);
}

enum souk_err
auth_page_logout(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_sign_out(&cx, req_cookie(r, p->cookie))) != SOUK_OK)
		return er;
	resp_cookie(r, p->cookie, "", p->path, 0);
	resp_redirect(r, 303, p->url_login);
	return SOUK_OK;
}

/* ---- the code after the password ------------------------------------ */

static enum souk_err
code_form(struct req *r, int status, const char *error)
{
	return auth_page_show(r, status, auth_plane_of(r)->tmpl.code,
	    auth_page_data(r, N_("Two-factor code"), error, NULL));
}

enum souk_err
auth_page_code(struct req *r)
{
	return code_form(r, 200, NULL);
}

enum souk_err
auth_page_code_post(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	const char		*token;
	struct auth_cx		 cx;
	enum souk_err		 er;

	/* The same limits as the password: a code is a guess too. */
	if ((er = auth_throttle(r, ac->email)) == SOUK_RATELIMIT)
		return code_form(r, 429, r->detail);
	if (er != SOUK_OK || (er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_mfa_check(&cx, ac->id, req_param(r, "code"));
	if (er == SOUK_UNAUTHORIZED) {
		auth_throttle_fail(r, ac->email);
		auth_audit(r, ac, "signin.failure", NULL, NULL);
		return code_form(r, 401, N_("That code is not right (or was "
		    "used already). Try the next one."));
	}
	if (er != SOUK_OK || (er = auth_session_promote(&cx, req_cookie(r,
	    cx.p->cookie), "cookie", ac, &token)) != SOUK_OK)
		return er;
	auth_audit(r, ac, "signin", NULL, json_kv_text(r->a, "method", "code",
	    "stage", "full"));
	return auth_page_session(r, token, AUTH_FULL);
}

/* ---- forgotten passwords -------------------------------------------- */

static enum souk_err
forgot_page(struct req *r, int status, const char *error, const char *notice)
{
	return auth_page_show(r, status, auth_plane_of(r)->tmpl.forgot,
	    auth_page_data(r, N_("Forgot your password"), error, notice));
}

enum souk_err
auth_page_forgot(struct req *r)
{
	return forgot_page(r, 200, NULL, NULL);
}

enum souk_err
auth_page_forgot_post(struct req *r)
{
	const char	*email = req_param(r, "email");
	enum souk_err	 er;

	if (!auth_form_ok(r))
		return forgot_page(r, 403, auth_form_expired, NULL);
	if (email == NULL || !valid_check(VALID_EMAIL, email, 0, 0))
		return forgot_page(r, 400, N_("Enter the e-mail address of "
		    "your account."), NULL);
	if ((er = auth_send_reset(r, email)) == SOUK_RATELIMIT)
		return forgot_page(r, 429, r->detail, NULL);
	if (er != SOUK_OK)
		return er;
	return forgot_page(r, 200, NULL, N_("If an account uses this address, "
	    "a link to choose a new password is on its way. It works once, "
	    "for one hour."));
}

/* ---- the pages links open ------------------------------------------- */

/* What a link's page says, by its purpose. */
struct link_page {
	const char	*tmpl;
	const char	*title;
	const char	*done;
};

static void
link_page_of(struct req *r, const char *purpose, struct link_page *lp)
{
	const struct auth_plane	*p = auth_plane_of(r);

	if (str_eq(purpose, "password_reset")) {
		*lp = (struct link_page){ p->tmpl.reset,
		    N_("Choose a new password"),
		    N_("Your password is changed and every session of your "
		    "account has ended. Sign in with the new password.") };
	} else if (str_eq(purpose, "email_verification")) {
		*lp = (struct link_page){ p->tmpl.verify,
		    N_("Confirm your e-mail address"),
		    N_("Thank you: your e-mail address is confirmed.") };
	} else {
		*lp = (struct link_page){ p->tmpl.invite,
		    N_("Accept the invitation"),
		    N_("Your account is ready: sign in with your e-mail "
		    "address and the password you chose.") };
	}
}

static const char *
link_cookie(struct req *r)
{
	return arena_printf(r->a, "%s_link", auth_plane_of(r)->cookie);
}

/* The link's token: a form's field, else the page's cookie. */
static const char *
link_token(struct req *r)
{
	const char	*t = req_param(r, "token");

	return t != NULL ? t : req_cookie(r, link_cookie(r));
}

static enum souk_err
link_page(struct req *r, int status, const char *error, const char *notice)
{
	const char		*purpose = route_arg(r);
	struct link_page	 lp;
	struct json_object	*d;
	struct auth_cx		 cx;
	int64_t			 id;
	enum souk_err		 er;

	link_page_of(r, purpose, &lp);
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if (notice == NULL && !auth_link_ok(&cx, purpose, link_token(r),
	    &id)) {
		status = 410;
		error = N_("This link is unknown, used or expired.");
	}
	d = auth_page_data(r, lp.title, error, notice);
	if (d != NULL && notice == NULL && status != 410)
		json_object_object_add(d, "form", json_object_new_boolean(1));
	return auth_page_show(r, status, lp.tmpl, d);
}

/* 1 if t can be a link's token: letters, digits, '_' and '-' only. */
static int
token_chars_ok(const char *t)
{
	return *t != '\0' && strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(t);
}

enum souk_err
auth_page_link(struct req *r)
{
	const char	*token = req_param(r, "token");

	if (token != NULL && !token_chars_ok(token))
		token = "-";	/* no such link; and nothing else in a cookie */
	if (token != NULL) {	/* out of the URL, into a cookie */
		resp_cookie(r, link_cookie(r), token, r->path, LINK_COOKIE_S);
		resp_header(r, "Cache-Control", "no-store");
		resp_redirect(r, 303, r->path);
		return SOUK_OK;
	}
	return link_page(r, 200, NULL, NULL);
}

/* The link is spent: its cookie and any session of the browser go. */
static enum souk_err
link_done(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct link_page	 lp;

	link_page_of(r, route_arg(r), &lp);
	resp_cookie(r, link_cookie(r), "", r->path, 0);
	if (!str_eq(route_arg(r), "email_verification"))
		resp_cookie(r, p->cookie, "", p->path, 0);
	return link_page(r, 200, NULL, lp.done);
}

enum souk_err
auth_page_link_post(struct req *r)
{
	const char	*pw = req_param(r, "password");
	const char	*name = req_param(r, "name"), *msg;
	struct souk_why	 why = { NULL, NULL };
	struct auth_cx	 cx;
	enum souk_err	 er;
	int		 status;

	if (!auth_form_ok(r))
		return link_page(r, 403, auth_form_expired, NULL);
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if (str_eq(route_arg(r), "email_verification"))
		er = auth_link_verify(&cx, link_token(r));
	else
		er = auth_link_password(&cx, route_arg(r), link_token(r),
		    pw != NULL ? pw : "", name != NULL && *name != '\0' ?
		    name : NULL, &why);
	if (resp_form_error(r, er, N_("Please check"), &why, &status, &msg))
		return link_page(r, status, msg, NULL);
	if (er == SOUK_NOTFOUND)
		return link_page(r, 410, NULL, NULL);
	if (er != SOUK_OK)
		return er;
	return link_done(r);
}

/* ---- my account ------------------------------------------------------ */

static enum souk_err
account_page(struct req *r, int status, const char *error,
    const char *notice)
{
	const struct auth_account *ac = auth_of(r);
	struct json_object	*d;

	if (ac->plane->account_page != NULL)
		return ac->plane->account_page(r, status, error, notice);
	if ((d = auth_page_data(r, N_("My account"), error, notice)) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "account", json_object_get(
	    auth_account_json(r, ac)));
	auth_page_langs(r, ac, d);
	return auth_page_show(r, status, ac->plane->tmpl.account, d);
}

enum souk_err
auth_page_account(struct req *r)
{
	return account_page(r, 200, NULL, req_param(r, "changed") != NULL ?
	    N_("Your password is changed, and your other sessions have "
	    "ended.") :
	    NULL);
}

/* 1 if the form asks for another language or time zone than ac's. */
static int
prefs_change(const struct auth_account *ac, const char *lang,
    const char *zone)
{
	/* the form shows the default as UTC and sends it back as such */
	const char	*z = zone != NULL && *zone != '\0' &&
			    !str_eq(zone, "UTC") ? zone : NULL;

	return (lang != NULL && i18n_lang_find(lang) != ac->lang) ||
	    (zone != NULL && !(z == NULL ? ac->zone == NULL :
	    str_eq(z, ac->zone)));
}

enum souk_err
auth_page_account_post(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	const char		*name = req_param(r, "name"), *msg;
	const char		*lang = req_param(r, "language");
	const char		*zone = req_param(r, "time_zone");
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	int			 status, prefs = prefs_change(ac, lang, zone);

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_name_set(&cx, ac->id, name != NULL ? name : "", &why);
	if (er == SOUK_OK && lang != NULL)
		er = auth_lang_set(&cx, ac->id, lang, &why);
	if (er == SOUK_OK && zone != NULL)
		er = auth_zone_set(&cx, ac->id, zone, &why);
	if (resp_form_error(r, er, N_("Nothing changed"), &why, &status,
	    &msg))
		return account_page(r, status, msg, NULL);
	if (er != SOUK_OK)
		return er;
	ac->name = name != NULL ? name : "";
	auth_audit(r, ac, ".name", NULL, json_kv_text(r->a, "name", ac->name,
	    NULL, NULL));
	if (lang != NULL)
		auth_lang_now(r, ac, lang);
	if (zone != NULL)
		ac->zone = *zone != '\0' && !str_eq(zone, "UTC") ? zone : NULL;
	return account_page(r, 200, NULL, prefs ?
	    N_("Your settings are saved.") : N_("Your name is saved."));
}

enum souk_err
auth_page_password_post(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	const char		*msg, *token;
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	int			 status;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_password_change(&cx, ac, req_param(r, "current"),
	    req_param(r, "password"), &why);
	if (er == SOUK_UNAUTHORIZED)
		return account_page(r, 400, N_("Your current password is not "
		    "right."), NULL);
	if (resp_form_error(r, er, N_("Choose another password"), &why,
	    &status, &msg))
		return account_page(r, status, msg, NULL);
	if (er != SOUK_OK)
		return er;
	auth_audit(r, ac, ".password", NULL, NULL);
	if (cx.p->password_signs_out) {	/* sign in again, code and all */
		resp_cookie(r, cx.p->cookie, "", cx.p->path, 0);
		resp_redirect(r, 303, cx.p->url_login);
		return SOUK_OK;
	}
	/* Every session ended, this one too: a new one here. */
	if ((er = auth_session_new(&cx, ac, "cookie", AUTH_FULL, &token)) !=
	    SOUK_OK)
		return er;
	resp_cookie(r, cx.p->cookie, token, cx.p->path, -1);
	resp_redirect(r, 303, arena_printf(r->a, "%s?changed=1",
	    cx.p->url_account));
	return SOUK_OK;
}
