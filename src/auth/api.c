/*
 * The account JSON API every plane serves under its prefix: bearer
 * tokens, my profile and password, password resets and e-mail
 * verification, two-factor set-up.  Wrong credentials, an unknown or a
 * disabled account, and a right password without the code an account
 * with two-factor needs, all get the same 401.
 */
#include <string.h>

#include "auth/auth_int.h"

static enum souk_err
json_ok(struct req *r, int status, struct json_object *o)
{
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, status, o);
}

enum souk_err
auth_api_token_create(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	const char		*email = req_json_str(r, "email");
	const char		*otp = req_json_str(r, "otp"), *token;
	struct json_object	*o;
	struct auth_account	 ac;
	enum souk_err		 er;

	er = auth_web_sign_in(r, email, req_json_str(r, "password"), otp,
	    "bearer", AUTH_SIGNIN_NO_STAGE, &token, &ac);
	if (er == SOUK_UNAUTHORIZED)
		r->detail = p->mfa ? "The e-mail address, the password or the "
		    "two-factor code is wrong." : "The e-mail address or the "
		    "password is wrong.";
	if (er != SOUK_OK)
		return er;
	auth_audit(r, &ac, "signin", NULL, json_kv_text(r->a, "method",
	    otp != NULL ? "password+code" : "password", "stage",
	    auth_stage_name(ac.stage)));
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	r->caller = arena_printf(r->a, "%s:%lld", p->name, (long long)ac.id);
	json_object_object_add(o, "token", json_str(token));
	json_object_object_add(o, "token_type", json_str("Bearer"));
	json_object_object_add(o, "stage", json_str(auth_stage_name(
	    ac.stage)));
	json_object_object_add(o, "expires_in", json_object_new_int(
	    ac.stage == AUTH_FULL ? p->life_s : AUTH_STAGE_S));
	json_object_object_add(o, "idle_timeout", json_object_new_int(
	    p->idle_s));
	return json_ok(r, 201, o);
}

enum souk_err
auth_api_token_delete(struct req *r)
{
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_sign_out(&cx, req_bearer(r))) != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
auth_api_me(struct req *r)
{
	return json_ok(r, 200, json_object_get(auth_account_json(r,
	    auth_of(r))));
}

enum souk_err
auth_api_me_update(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	const char		*name = req_json_str(r, "name");
	const char		*lang = req_json_str(r, "language");
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;
	const char		*zone = req_json_str(r, "time_zone");
	int			 has_lang, has_zone;

	has_lang = json_object_object_get_ex(r->json, "language", NULL);
	has_zone = json_object_object_get_ex(r->json, "time_zone", NULL);
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if (name == NULL && !has_lang && !has_zone)
		return req_why(r, souk_why_set(&why, SOUK_INVALID, "name",
		    "is required"), &why);
	if (name != NULL && (er = auth_name_set(&cx, ac->id, name, &why)) !=
	    SOUK_OK)
		return req_why(r, er, &why);
	if (has_lang && (er = auth_lang_set(&cx, ac->id, lang, &why)) !=
	    SOUK_OK)
		return er == SOUK_NOTFOUND ? req_why(r, souk_why_set(&why,
		    SOUK_INVALID, "language", "cannot be chosen here"), &why) :
		    req_why(r, er, &why);
	if (has_zone && (er = auth_zone_set(&cx, ac->id, zone, &why)) !=
	    SOUK_OK)
		return er == SOUK_NOTFOUND ? req_why(r, souk_why_set(&why,
		    SOUK_INVALID, "time_zone", "cannot be chosen here"), &why) :
		    req_why(r, er, &why);
	if (has_zone)
		ac->zone = zone != NULL && *zone != '\0' ? zone : NULL;
	if (name != NULL) {
		auth_audit(r, ac, ".name", NULL, json_kv_text(r->a, "name",
		    name, NULL, NULL));
		ac->name = name;
	}
	if (has_lang)
		auth_lang_now(r, ac, lang);
	return auth_api_me(r);
}

enum souk_err
auth_api_password(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	struct souk_why		 why = { NULL, NULL };
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_password_change(&cx, ac, req_json_str(r, "current"),
	    req_json_str(r, "password"), &why);
	if (er == SOUK_UNAUTHORIZED)
		return req_field_error(r, "current", "wrong password");
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	auth_audit(r, ac, ".password", NULL, NULL);
	return resp_empty(r, 204);
}

enum souk_err
auth_api_password_forgot(struct req *r)
{
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = auth_send_reset(r, req_json_str(r, "email"))) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "status", json_str("If an account uses "
	    "this address, a reset link is on its way."));
	return resp_json(r, 202, o);
}

/* A bad, used or expired link's answer. */
static enum souk_err
link_gone(struct req *r)
{
	return req_field_error(r, "token",
	    "this link is unknown, used or expired");
}

enum souk_err
auth_api_password_set(struct req *r)
{
	const char	*name = req_json_str(r, "name");
	struct souk_why	 why = { NULL, NULL };
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_link_password(&cx, route_arg(r), req_json_str(r, "token"),
	    req_json_str(r, "password"), name != NULL && *name != '\0' ?
	    name : NULL, &why);
	if (er == SOUK_NOTFOUND)
		return link_gone(r);
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	return resp_empty(r, 204);
}

enum souk_err
auth_api_verify(struct req *r)
{
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	if ((er = auth_link_verify(&cx, req_json_str(r, "token"))) ==
	    SOUK_NOTFOUND)
		return link_gone(r);
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}

enum souk_err
auth_api_verify_resend(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	enum souk_err		 er;

	if (ac->verified) {
		r->detail = "This e-mail address is already verified.";
		return SOUK_CONFLICT;
	}
	if ((er = auth_send_verify(r, ac->id, ac->email, ac->name)) !=
	    SOUK_OK)
		return er;
	return resp_empty(r, 202);
}

/* ---- two-factor ------------------------------------------------------ */

enum souk_err
auth_api_mfa_begin(struct req *r)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_account	*ac = auth_of(r);
	const char		*secret, *uri;
	struct json_object	*o;
	struct auth_cx		 cx;
	enum souk_err		 er;

	if (ac->mfa_on) {
		r->detail = "Two-factor sign-in is already on.";
		return SOUK_CONFLICT;
	}
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_mfa_secret(&cx, ac, p->issuer != NULL ? p->issuer(r) :
	    "Souk", 1, &secret, &uri)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "secret", json_str(secret));
	json_object_object_add(o, "otpauth_uri", json_str(uri));
	return json_ok(r, 201, o);
}

/* {"recovery_codes": [...]} and, when given, a new token. */
static struct json_object *
codes_json(const char **codes, const char *token)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "recovery_codes", sec_recovery_json(codes,
	    0));
	if (token != NULL)
		json_object_object_add(o, "token", json_str(token));
	return o;
}

enum souk_err
auth_api_mfa_confirm(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct auth_account	*ac = auth_of(r);
	enum souk_err		 er;

	er = auth_mfa_enable(r, "bearer", req_json_str(r, "code"), codes);
	if (er == SOUK_UNAUTHORIZED)
		return req_field_error(r, "code", "not the current code of "
		    "the new secret");
	if (er == SOUK_NOTFOUND)
		r->detail = arena_printf(r->a, "Start with POST %s/mfa.",
		    ac->plane->api_me);
	if (er != SOUK_OK)
		return er;
	return json_ok(r, 200, codes_json(codes, ac->token));
}

/* The current code of the account's app, or a 400 on "code". */
static enum souk_err
app_code(struct req *r, const struct auth_account *ac)
{
	if (!ac->mfa_on) {
		r->detail = "Two-factor sign-in is off.";
		return SOUK_CONFLICT;
	}
	if (!auth_app_code_ok(r, ac, req_json_str(r, "code")))
		return req_field_error(r, "code", "not the current code of "
		    "your authenticator app");
	return SOUK_OK;
}

enum souk_err
auth_api_recovery_new(struct req *r)
{
	const char		*codes[SEC_RECOVERY_CODES];
	struct auth_account	*ac = auth_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = app_code(r, ac)) != SOUK_OK ||
	    (er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	auth_audit(r, ac, ".mfa.recovery_codes", NULL, NULL);
	if ((er = auth_recovery_new(&cx, ac->id, codes)) != SOUK_OK)
		return er;
	return json_ok(r, 200, codes_json(codes, NULL));
}

enum souk_err
auth_api_mfa_off(struct req *r)
{
	struct auth_account	*ac = auth_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = app_code(r, ac)) != SOUK_OK ||
	    (er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_mfa_off(&cx, ac->id)) != SOUK_OK)
		return er;
	auth_audit(r, ac, ".mfa.disable", NULL, NULL);
	return resp_empty(r, 204);
}
