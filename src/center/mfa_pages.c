/*
 * Two-factor pages: the code asked after the password (/login/code),
 * and /account/2fa, where an admin sets up an authenticator app (shown
 * the secret and its otpauth:// URI), confirms it with a code, gets ten
 * recovery codes once, and may later replace them.  An owner or ops
 * admin without two-factor can open nothing else.
 */
#include <string.h>

#include "center/api.h"

#define MASTER(r)	((r)->app->conf.master_key)

static enum souk_err
code_form(struct req *r, const struct ctr_admin *ad, int status,
    const char *error)
{
	struct json_object	*d = ctr_page_data(r, "Two-factor code", ad);

	if (d == NULL)
		return SOUK_ENOMEM;
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	return resp_html(r, status, "code", d);
}

enum souk_err
ctr_page_code(struct req *r)
{
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!ctr_signed_in_at(r, &ad, &er, "mfa"))
		return er;
	return code_form(r, &ad, 200, NULL);
}

enum souk_err
ctr_page_code_post(struct req *r)
{
	const char		*token;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!ctr_signed_in_at(r, &ad, &er, "mfa"))
		return er;
	if (!ctr_csrf_ok(r))
		return code_form(r, &ad, 403, r->detail);
	/* The same limits as the password: a code is a guess too. */
	if ((er = ctr_throttle(r, ad.email)) == SOUK_RATELIMIT)
		return code_form(r, &ad, 429, r->detail);
	if (er != SOUK_OK)
		return er;
	er = ctr_mfa_check(app_db(r->app), r->a, MASTER(r), ad.id,
	    req_param(r, "code"));
	if (er == SOUK_UNAUTHORIZED) {
		ctr_throttle_fail(r, ad.email);
		return code_form(r, &ad, 401, "That code is not right (or "
		    "was used already). Try the next one.");
	}
	if (er != SOUK_OK || (er = ctr_session_promote(app_db(r->app), r->a,
	    req_cookie(r, CTR_SESSION_COOKIE), "cookie", &ad, &token)) !=
	    SOUK_OK)
		return er;
	ctr_audit_signin(r, &ad, "code");
	return ctr_page_session(r, token, "full");
}

/* ---- enrolment and recovery codes ------------------------------------ */

static struct json_object *
mfa_data(struct req *r, const struct ctr_admin *ad, const char *error,
    const char *token)
{
	struct json_object	*d = ctr_page_data_for(r, "Two-factor sign-in",
	    ad, token != NULL ? token : req_cookie(r, CTR_SESSION_COOKIE));

	if (d == NULL)
		return NULL;
	if (error != NULL)
		json_object_object_add(d, "error", json_str(error));
	json_object_object_add(d, "mfa_on", json_object_new_boolean(
	    ad->mfa_on));
	json_object_object_add(d, "mfa_required", json_object_new_boolean(
	    ad->mfa_required));
	return d;
}

/* The enrolment form: the pending secret, made now if there is none. */
static enum souk_err
enrol_page(struct req *r, const struct ctr_admin *ad, int status,
    const char *error)
{
	struct json_object	*d = mfa_data(r, ad, error, NULL);
	const char		*secret, *uri;
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	secret = ctr_mfa_pending(app_db(r->app), r->a, MASTER(r), ad->id);
	if (secret != NULL)
		uri = sec_totp_uri(r->a, "Souk Center", ad->email, secret);
	else if ((er = ctr_mfa_begin(app_db(r->app), r->a, MASTER(r), ad,
	    &secret, &uri)) != SOUK_OK)
		return er;
	json_object_object_add(d, "secret", json_str(secret));
	json_object_object_add(d, "uri", json_str(uri));
	return resp_html(r, status, "mfa", d);
}

/* token: the session's if it has just changed, else NULL. */
static enum souk_err
status_page(struct req *r, const struct ctr_admin *ad, int status,
    const char *error, const char **codes, const char *token)
{
	struct json_object	*d = mfa_data(r, ad, error, token);

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "left", json_object_new_int64(
	    ctr_recovery_left(app_db(r->app), r->a, ad->id)));
	if (codes != NULL) {
		json_object_object_add(d, "codes", sec_recovery_json(codes, 1));
		json_object_object_add(d, "has_codes",
		    json_object_new_boolean(1));
	}
	return resp_html(r, status, "mfa", d);
}

enum souk_err
ctr_page_mfa(struct req *r)
{
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!ctr_signed_in_at(r, &ad, &er, "full,enroll"))
		return er;
	if (ad.mfa_on)
		return status_page(r, &ad, 200, NULL, NULL, NULL);
	return enrol_page(r, &ad, 200, NULL);
}

enum souk_err
ctr_page_mfa_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES], *token = NULL;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!ctr_signed_in_at(r, &ad, &er, "full,enroll"))
		return er;
	if (ad.mfa_on)
		return status_page(r, &ad, 409, "Two-factor sign-in is "
		    "already on.", NULL, NULL);
	if (!ctr_csrf_ok(r))
		return enrol_page(r, &ad, 403, r->detail);
	er = ctr_mfa_confirm(app_db(r->app), r->a, MASTER(r), ad.id,
	    req_param(r, "code"), codes);
	if (er == SOUK_UNAUTHORIZED || er == SOUK_NOTFOUND)
		return enrol_page(r, &ad, 400, "That is not the current code "
		    "of this key. Check the app's clock and try again.");
	if (er != SOUK_OK)
		return er;
	ctr_audit_req(r, &ad, "admin.mfa.enable", arena_printf(r->a,
	    "admin:%lld", (long long)ad.id), NULL);
	ad.mfa_on = 1;
	if (!str_eq(ad.stage, "full")) {
		if ((er = ctr_session_promote(app_db(r->app), r->a,
		    req_cookie(r, CTR_SESSION_COOKIE), "cookie", &ad,
		    &token)) != SOUK_OK)
			return er;
		resp_cookie(r, CTR_SESSION_COOKIE, token, "/", -1);
		r->caller = arena_printf(r->a, "admin:%lld", (long long)ad.id);
	}
	return status_page(r, &ad, 200, NULL, codes, token);
}

enum souk_err
ctr_page_recovery_post(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if (!ctr_signed_in(r, &ad, &er))
		return er;
	if (!ad.mfa_on)
		return enrol_page(r, &ad, 409, "Set up two-factor sign-in "
		    "first.");
	if (!ctr_csrf_ok(r))
		return status_page(r, &ad, 403, r->detail, NULL, NULL);
	if (!ctr_app_code_ok(r, &ad, req_param(r, "code")))
		return status_page(r, &ad, 400, "That code is not right.",
		    NULL, NULL);
	ctr_audit_req(r, &ad, "admin.mfa.recovery_codes", arena_printf(r->a,
	    "admin:%lld", (long long)ad.id), NULL);
	if ((er = ctr_recovery_new(app_db(r->app), r->a, ad.id, codes)) !=
	    SOUK_OK)
		return er;
	return status_page(r, &ad, 200, NULL, codes, NULL);
}
