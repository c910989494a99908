/*
 * Center's sign-in API: bearer tokens for platform admins.  Wrong
 * credentials, an unknown or disabled account all get the same 401;
 * attempts are limited per account and per client address.
 */
#include <string.h>

#include "center/api.h"

#define TRIES_PER_EMAIL	10	/* sign-in attempts per minute */
#define TRIES_PER_ADDR	30

/* The bearer token of the request, or NULL. */
static const char *
bearer(const struct req *r)
{
	const char	*h = req_header(r, "HTTP_AUTHORIZATION");

	if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
		return NULL;
	return h + 7;
}

enum souk_err
ctr_authenticate(struct req *r, struct ctr_admin *ad, const char *perm)
{
	struct db	*db;
	enum souk_err	 er;

	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	if ((er = ctr_session(db, r->a, bearer(r), ad)) == SOUK_UNAUTHORIZED)
		r->detail = "Sign in first: send Authorization: Bearer <token>.";
	if (er != SOUK_OK)
		return er;
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad->id);
	if (perm != NULL && !ctr_can(ad, perm)) {
		r->detail = arena_printf(r->a, "Your role (%s) may not do "
		    "this: it needs %s.", ad->role, perm);
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}

/* Slow a guesser down: per account and per address, per minute. */
enum souk_err
ctr_throttle(struct req *r, const char *email)
{
	return sec_throttle(r, "center", email, TRIES_PER_EMAIL,
	    TRIES_PER_ADDR);
}

static struct json_object *
admin_json(const struct ctr_admin *ad)
{
	struct json_object	*o = json_object_new_object(), *perms;
	const char		*p, *end;

	if (o == NULL || (perms = json_object_new_array()) == NULL) {
		json_object_put(o);
		return NULL;
	}
	for (p = ad->permissions; p != NULL && *p != '\0';
	    p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		json_object_array_add(perms, json_object_new_string_len(p,
		    (int)(end - p)));
	}
	json_object_object_add(o, "id", json_object_new_int64(ad->id));
	json_object_object_add(o, "email", json_str(ad->email));
	json_object_object_add(o, "name", json_str(ad->name));
	json_object_object_add(o, "role", json_str(ad->role));
	json_object_object_add(o, "permissions", perms);
	return o;
}

enum souk_err
ctr_api_token_create(struct req *r)
{
	const char		*email = req_json_str(r, "email");
	const char		*password = req_json_str(r, "password");
	const char		*token;
	struct json_object	*o;
	struct ctr_admin	 ad;
	struct db		*db;
	enum souk_err		 er;

	if (email == NULL)
		er = req_field_error(r, "email", "required");
	if (password == NULL)
		er = req_field_error(r, "password", "required");
	if (email == NULL || password == NULL)
		return er;
	if ((er = ctr_throttle(r, email)) != SOUK_OK)
		return er;
	if ((db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	er = ctr_sign_in(db, r->a, email, password, "bearer", &token, &ad);
	if (er == SOUK_UNAUTHORIZED) {
		r->detail = "The e-mail address or the password is wrong.";
		log_msg(LOG_WARN, "reqid=%s center sign-in refused from %s",
		    r->reqid, r->remote_addr);
	}
	if (er != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	r->caller = arena_printf(r->a, "admin:%lld", (long long)ad.id);
	json_object_object_add(o, "token", json_str(token));
	json_object_object_add(o, "token_type", json_str("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(
	    CTR_LIFE_S));
	json_object_object_add(o, "idle_timeout", json_object_new_int(
	    CTR_IDLE_S));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 201, o);
}

enum souk_err
ctr_api_token_delete(struct req *r)
{
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &ad, NULL)) != SOUK_OK)
		return er;
	if ((er = ctr_sign_out(app_db(r->app), r->a, bearer(r))) != SOUK_OK)
		return er;
	resp_text(r, 204, NULL, "", 0);
	return SOUK_OK;
}

enum souk_err
ctr_api_me(struct req *r)
{
	struct json_object	*o;
	struct ctr_admin	 ad;
	enum souk_err		 er;

	if ((er = ctr_authenticate(r, &ad, NULL)) != SOUK_OK)
		return er;
	if ((o = admin_json(&ad)) == NULL)
		return SOUK_ENOMEM;
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, o);
}
