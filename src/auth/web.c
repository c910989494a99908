/*
 * The request side of auth: who calls a route (its declaration says
 * which credential, stage and permission it wants), CSRF tokens, and
 * what every page of a plane shares.
 *
 * The JSON APIs take bearer tokens only, never the session cookie, so
 * a page of another site cannot drive them with the visitor's cookie.
 * A page's POST needs the CSRF token derived from its session; forms
 * shown before sign-in carry a random token also set as a cookie
 * (double submit), which a page of another site can neither read nor
 * set.
 */
#include <string.h>

#include "auth/auth_int.h"

#define FORM_HEX	32	/* the double-submit token: 128 bits */

const char *const auth_form_expired =
    N_("The form had expired. Please try again.");

const struct auth_plane *
auth_plane_of(const struct req *r)
{
	return r->app->auth;
}

enum souk_err
auth_cx_of(struct req *r, struct auth_cx *cx)
{
	memset(cx, 0, sizeof(*cx));
	cx->p = auth_plane_of(r);
	cx->a = r->a;
	cx->tenant = cx->p->scoped ? r->tenant_id : 0;
	if ((cx->db = app_db(r->app)) == NULL)
		return SOUK_UNAVAILABLE;
	return SOUK_OK;
}

struct auth_account *
auth_of(const struct req *r)
{
	return r->account;
}

void
auth_started(struct app *app)
{
	sec_started(app);
	auth_cache_init(app->cache);
}

const char *
auth_stage_home(const struct auth_plane *p, int stage)
{
	if (stage == AUTH_MFA)
		return p->url_code;
	if (stage == AUTH_ENROLL)
		return p->url_enroll;
	return p->url_home;
}

const char *
auth_csrf(struct req *r, const char *token)
{
	return sec_csrf_of(r->a, token);
}

/* The session token of the page: a new one, else the cookie's. */
static const char *
page_token(struct req *r)
{
	const struct auth_account	*ac = auth_of(r);

	if (ac != NULL && ac->token != NULL)
		return ac->token;
	return req_cookie(r, auth_plane_of(r)->cookie);
}

static const char *
form_cookie(struct req *r)
{
	return arena_printf(r->a, "%s_form", auth_plane_of(r)->cookie);
}

const char *
auth_form_token(struct req *r)
{
	const char	*name = form_cookie(r), *t;

	if (name == NULL)
		return NULL;
	t = req_cookie(r, name);
	if (t == NULL || !str_hex_ok(t, FORM_HEX, FORM_HEX))
		t = sec_random_hex(r->a, "", FORM_HEX / 2);
	if (t != NULL)
		resp_cookie(r, name, t, auth_plane_of(r)->path, 3600);
	return t;
}

int
auth_form_ok(struct req *r)
{
	const char	*name = form_cookie(r);

	return name != NULL && sec_equal(req_param(r, "csrf"),
	    req_cookie(r, name));
}

/* ---- who calls a route ---------------------------------------------- */

static void
caller_set(struct req *r, struct auth_account *ac)
{
	r->account = ac;
	ac->base_lang = r->lang;
	if (ac->lang != NULL)
		r->lang = ac->lang;
	r->caller = arena_printf(r->a, "%s:%lld", ac->plane->name,
	    (long long)ac->id);
}

static enum souk_err
need_perm(struct req *r, const struct auth_account *ac, int api)
{
	const struct auth_plane	*p = ac->plane;
	int			 perm = r->route->perm;

	if (perm == 0 || auth_can(ac, perm))
		return SOUK_OK;	/* the route checked the stage */
	r->detail = api ? arena_printf(r->a, "Your role (%s) may not do "
	    "this: it needs %s.", ac->role, perm < p->nperms ? p->perms[perm] :
	    "?") : req_trf(r, N_("Your role ({role}) may not do this."),
	    "role", req_tr(r, ac->role), NULL);
	return SOUK_FORBIDDEN;
}

/* A page: strangers and sessions of another stage are sent away. */
static enum souk_err
page_caller(struct req *r, struct auth_account *ac, int stages)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct auth_cx		 cx;
	enum souk_err		 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_session(&cx, req_cookie(r, p->cookie), ac);
	if (er == SOUK_UNAUTHORIZED) {
		resp_redirect(r, 303, p->url_login);
		return SOUK_OK;
	}
	if (er != SOUK_OK)
		return er;
	if ((ac->stage & stages) == 0) {
		resp_redirect(r, 303, auth_stage_home(p, ac->stage));
		return SOUK_OK;
	}
	caller_set(r, ac);
	if ((er = need_perm(r, ac, 0)) != SOUK_OK)
		return er;
	if (r->method == HTTP_POST && !sec_equal(req_param(r, "csrf"),
	    auth_csrf(r, req_cookie(r, p->cookie)))) {
		r->detail = N_("The form had expired. Please go back and try "
		    "again.");
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}

static enum souk_err
api_caller(struct req *r, struct auth_account *ac, int stages)
{
	struct auth_cx	 cx;
	enum souk_err	 er;

	if ((er = auth_cx_of(r, &cx)) != SOUK_OK)
		return er;
	er = auth_session(&cx, req_bearer(r), ac);
	if (er == SOUK_OK && ac->stage == AUTH_MFA && !(stages & AUTH_MFA))
		er = SOUK_UNAUTHORIZED;
	if (er == SOUK_UNAUTHORIZED)
		r->detail = "Sign in first: send Authorization: Bearer "
		    "<token>.";
	if (er != SOUK_OK)
		return er;
	caller_set(r, ac);
	if ((ac->stage & stages) == 0) {
		r->detail = arena_printf(r->a, "Your role needs two-factor "
		    "sign-in: set it up first (POST %s/mfa).",
		    ac->plane->api_me);
		return SOUK_FORBIDDEN;
	}
	return need_perm(r, ac, 1);
}

/* A call signed with an API key that must have the route's scope. */
static enum souk_err
key_caller(struct req *r)
{
	if (r->route->scope == NULL) {
		r->detail = "This API is for platform admins: send "
		    "Authorization: Bearer <token>.";
		return SOUK_FORBIDDEN;
	}
	return sec_authenticate(r);
}

enum souk_err
auth_route(struct req *r)
{
	struct auth_account	*ac;
	int			 want = r->route->auth, stages;

	stages = (want & AUTH_STAGES) != 0 ? want & AUTH_STAGES : AUTH_FULL;
	if ((want & AUTH_KEY) && req_header(r, "HTTP_X_API_KEY") != NULL)
		return key_caller(r);
	if ((ac = arena_alloc(r->a, sizeof(*ac))) == NULL)
		return SOUK_ENOMEM;
	if (want & AUTH_COOKIE)
		return page_caller(r, ac, stages);
	return api_caller(r, ac, stages);
}

/* ---- what pages share ------------------------------------------------ */

/* The signed-in navigation of the plane (nav_key, nav). */
static void
nav_add(struct req *r, const struct auth_account *ac, struct json_object *d)
{
	const struct auth_plane	*p = ac->plane;
	const struct auth_nav	*n;
	struct json_object	*o;

	if (p->nav_key == NULL || (o = json_object_new_object()) == NULL)
		return;
	json_object_object_add(o, "name", json_str(*ac->name != '\0' ?
	    ac->name : ac->email));
	json_object_object_add(o, "role", json_str(req_tr(r, ac->role)));
	json_object_object_add(o, "csrf", json_object_get(
	    json_object_object_get(d, "csrf")));
	json_object_object_add(o, "full", json_object_new_boolean(
	    ac->stage == AUTH_FULL));
	for (n = p->nav; n != NULL && n->key != NULL; n++)
		json_object_object_add(o, n->key, json_object_new_boolean(
		    auth_can(ac, n->perm)));
	json_object_object_add(d, p->nav_key, o);
}

struct json_object *
auth_page_data(struct req *r, const char *title, const char *error,
    const char *notice)
{
	const struct auth_plane	*p = auth_plane_of(r);
	struct json_object	*d = req_json_own(r, json_object_new_object());
	const struct auth_account *ac = auth_of(r);

	if (d == NULL)
		return NULL;
	json_object_object_add(d, "title", json_str(req_tr(r, title)));
	json_object_object_add(d, "csrf", json_str(ac != NULL ?
	    auth_csrf(r, page_token(r)) : auth_form_token(r)));
	if (error != NULL)
		json_object_object_add(d, "error", json_str(req_tr(r, error)));
	if (notice != NULL)
		json_object_object_add(d, "notice", json_str(req_tr(r,
		    notice)));
	if (ac != NULL)
		nav_add(r, ac, d);
	if (p->page_data != NULL)
		p->page_data(r, ac, d);
	resp_header(r, "Cache-Control", "no-store");
	return d;
}

enum souk_err
auth_page_show(struct req *r, int status, const char *tmpl,
    struct json_object *d)
{
	if (d == NULL)
		return SOUK_ENOMEM;
	return resp_html(r, status, tmpl, d);
}

enum souk_err
auth_page_session(struct req *r, const char *token, int stage)
{
	const struct auth_plane	*p = auth_plane_of(r);

	resp_cookie(r, p->cookie, token, p->path, -1);
	resp_redirect(r, 303, auth_stage_home(p, stage));
	return SOUK_OK;
}

const char *
auth_link_url(struct req *r, const char *path, const char *token)
{
	const char	*base = req_base_url(r);
	struct buf	 b;

	if (base == NULL || token == NULL)
		return NULL;
	buf_init(&b, r->a, 256);
	buf_printf(&b, "%s%s?token=", base, path);
	buf_add_url(&b, token, strlen(token));
	return buf_ok(&b) ? b.data : NULL;
}

void
auth_page_langs(struct req *r, const struct auth_account *ac,
    struct json_object *d)
{
	struct json_object	*arr, *o;
	size_t			 i;

	if (ac->plane->st[AUTH_ST_LANG] < 0 || r->app->nlangs < 2 ||
	    (arr = json_object_new_array()) == NULL)
		return;
	json_object_object_add(d, "languages", arr);
	json_object_object_add(d, "choose_language",
	    json_object_new_boolean(1));
	for (i = 0; i <= r->app->nlangs; i++) {
		if ((o = json_object_new_object()) == NULL)
			return;
		json_object_array_add(arr, o);
		json_object_object_add(o, "code", json_str(i == 0 ? "" :
		    r->app->langs[i - 1].code));
		json_object_object_add(o, "label", json_str(i == 0 ?
		    req_tr(r, N_("Default")) :
		    i18n_lang_name(r->app->langs[i - 1].code)));
		json_object_object_add(o, "selected", json_object_new_boolean(
		    i == 0 ? ac->lang == NULL : str_eq(ac->lang,
		    r->app->langs[i - 1].code)));
	}
}

void
auth_lang_now(struct req *r, struct auth_account *ac, const char *lang)
{
	ac->lang = i18n_lang_find(lang);
	r->lang = ac->lang != NULL ? ac->lang : ac->base_lang;
}

struct json_object *
auth_account_json(struct req *r, const struct auth_account *ac)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ac->id));
	json_object_object_add(o, "email", json_str(ac->email));
	json_object_object_add(o, "name", json_str(ac->name));
	if (ac->plane->kind == AUTH_CUSTOMER) {
		json_object_object_add(o, "email_verified",
		    json_object_new_boolean(ac->verified));
		return req_json_own(r, o);
	}
	json_object_object_add(o, "language", ac->lang != NULL ?
	    json_str(ac->lang) : NULL);
	if (ac->plane->st[AUTH_ST_ZONE] >= 0)
		json_object_object_add(o, "time_zone", json_str(
		    ac->zone != NULL && *ac->zone != '\0' ? ac->zone : "UTC"));
	json_object_object_add(o, "role", json_str(ac->role));
	json_object_object_add(o, "permissions", json_str_list(
	    ac->permissions));
	json_object_object_add(o, "stage", json_str(auth_stage_name(
	    ac->stage)));
	json_object_object_add(o, "mfa_enabled", json_object_new_boolean(
	    ac->mfa_on));
	json_object_object_add(o, "mfa_required", json_object_new_boolean(
	    ac->mfa_required));
	return req_json_own(r, o);
}

void
auth_audit(struct req *r, const struct auth_account *who,
    const char *action, const char *target, const char *after)
{
	const struct auth_plane	*p = auth_plane_of(r);

	if (p->audit == NULL)
		return;
	if (*action == '.')
		action = arena_printf(r->a, "%s%s", p->name, action);
	if (target == NULL && who != NULL)
		target = arena_printf(r->a, "%s:%lld", p->name,
		    (long long)who->id);
	p->audit(r, who, action, target, after);
}

enum souk_err
auth_mail(struct req *r, const char *to, const char *tmpl,
    struct json_object *data)
{
	const struct auth_plane	*p = auth_plane_of(r);

	if (p->mail == NULL || data == NULL)
		return SOUK_UPSTREAM;
	return p->mail(r, to, tmpl, data);
}
