/*
 * Two-factor pages: the account's authenticator app is set up with the
 * secret and its otpauth:// URI, confirmed with a code, and answered
 * with ten recovery codes shown once; the codes can be replaced, and
 * where the plane allows it two-factor turned off, each with a current
 * code.  A session that must set up two-factor first (AUTH_ENROLL)
 * becomes a full one when it is confirmed.
 */
#include <string.h>

#include "auth/auth_int.h"

static const char *
issuer(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);

	return p->issuer != NULL ? p->issuer(r) : "Souk";
}

/*
 * The page: the pending secret when two-factor is off (made now if
 * there is none), the recovery codes left when on, codes just made.
 */
static enum souk_err
mfa_page(struct req *r, int status, const char *error, const char *notice,
    const char **codes)
{
	const struct auth_account *ac = auth_of(r);
	struct json_object	*d = auth_page_data(r, N_("Two-factor sign-in"),
	    error, notice);
	const char		*secret, *uri;
	struct auth_cx		 cx;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	json_object_object_add(d, "mfa_on", json_object_new_boolean(
	    ac->mfa_on));
	json_object_object_add(d, "mfa_required", json_object_new_boolean(
	    ac->mfa_required));
	if (ac->mfa_on)
		json_object_object_add(d, "left", json_object_new_int64(
		    auth_recovery_left(&cx, ac->id)));
	else {
		if ((er = auth_mfa_secret(&cx, ac, issuer(r), 0, &secret,
		    &uri)) != SOUK_OK)
			return er;
		json_object_object_add(d, "secret", json_str(secret));
		json_object_object_add(d, "uri", json_str(uri));
	}
	if (codes != NULL) {
		json_object_object_add(d, "codes", sec_recovery_json(codes, 1));
		json_object_object_add(d, "has_codes",
		    json_object_new_boolean(1));
	}
	return auth_page_show(r, status, ac->plane->tmpl.mfa, d);
}

enum souk_err
auth_page_mfa(struct req *r)
{
	return mfa_page(r, 200, NULL, NULL, NULL);
}

/*
 * 1 if code is the current code of the account's app (not a recovery
 * code); counted and limited like a sign-in, so that a stolen session
 * cannot guess it.
 */
int
auth_app_code_ok(struct req *r, const struct auth_account *ac,
    const char *code)
{
	struct auth_cx	 cx;

	if (!ac->mfa_on || !sec_totp_code_ok(code) ||
	    auth_throttle(r, ac->email) != SOUK_OK ||
	    auth_cx_of(r, &cx) != SOUK_OK)
		return 0;
	if (auth_mfa_check(&cx, ac->id, code) == SOUK_OK)
		return 1;
	auth_throttle_fail(r, ac->email);
	return 0;
}

/* Confirm the pending secret; an enrolment session becomes full. */
enum souk_err
auth_mfa_enable(struct req *r, const char *kind, const char *code,
    const char **codes)
{
	struct auth_account	*ac = auth_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_mfa_confirm(&cx, ac->id, code, codes)) != SOUK_OK)
		return er;
	auth_audit(r, ac, ".mfa.enable", NULL, NULL);
	ac->mfa_on = 1;
	if (ac->stage == AUTH_FULL)
		return SOUK_OK;
	return auth_session_promote(&cx, str_eq(kind, "cookie") ?
	    req_cookie(r, cx.p->cookie) : req_bearer(r), kind, ac,
	    &ac->token);
}

enum souk_err
auth_page_mfa_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct auth_account	*ac = auth_of(r);
	enum souk_err		 er;

	if (ac->mfa_on)
		return mfa_page(r, 409, N_("Two-factor sign-in is already on."),
		    NULL, NULL);
	er = auth_mfa_enable(r, "cookie", req_param(r, "code"), codes);
	if (er == SOUK_UNAUTHORIZED || er == SOUK_NOTFOUND)
		return mfa_page(r, 400, N_("That is not the current code of "
		    "this key. Check the app's clock and try again."), NULL,
		    NULL);
	if (er != SOUK_OK)
		return er;
	if (ac->token != NULL)
		resp_cookie(r, ac->plane->cookie, ac->token, ac->plane->path,
		    -1);
	return mfa_page(r, 200, NULL, N_("Two-factor sign-in is on."), codes);
}

enum souk_err
auth_page_recovery_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct auth_account	*ac = auth_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if (!ac->mfa_on)
		return mfa_page(r, 409, N_("Set up two-factor sign-in first."),
		    NULL, NULL);
	if (!auth_app_code_ok(r, ac, req_param(r, "code")))
		return mfa_page(r, 400, N_("That code is not right."), NULL,
		    NULL);
	auth_audit(r, ac, ".mfa.recovery_codes", NULL, NULL);
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_recovery_new(&cx, ac->id, codes)) != SOUK_OK)
		return er;
	return mfa_page(r, 200, NULL, N_("New recovery codes replace the old "
	    "ones."), codes);
}

enum souk_err
auth_page_mfa_off_post(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if (!auth_app_code_ok(r, ac, req_param(r, "code")))
		return mfa_page(r, 400, N_("That code is not right."), NULL,
		    NULL);
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_mfa_off(&cx, ac->id)) != SOUK_OK)
		return er;
	auth_audit(r, ac, ".mfa.disable", NULL, NULL);
	ac->mfa_on = 0;
	return mfa_page(r, 200, NULL, N_("Two-factor sign-in is off."), NULL);
}
