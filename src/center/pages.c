/*
 * Center's people: platform admins, as the plane auth/ signs them in
 * (statements, permissions, URLs, templates), and the hooks that make
 * them Center's: the admin's navigation on every page, the offer of
 * single sign-on on the sign-in page, the audit log.  An owner or ops
 * admin must set up two-factor sign-in before anything else
 * (admin_roles.mfa_required: a session starts in AUTH_ENROLL).  And
 * the times its pages show: in one zone, which each such page names.
 */
#include <string.h>

#include <json-c/json.h>

#include "center/api.h"
#include "i18n/fmt.h"

const char *
ctr_zone(const struct req *r)
{
	const struct auth_account *ac = auth_of(r);

	return ac != NULL && ac->zone != NULL && *ac->zone != '\0' ?
	    ac->zone : "UTC";
}

/*
 * A UTC time as the database gives it ("2026-03-29T12:00:00Z",
 * "2026-03-29 12:00:00", "2026-03-29T12:00:00") for people; NULL if s
 * is none of these.
 */
static const char *
time_show(struct req *r, const char *s)
{
	char	 iso[21];
	time_t	 t;

	if (s == NULL || strlen(s) < 19 || (s[10] != 'T' && s[10] != ' '))
		return NULL;
	memcpy(iso, s, 19);
	iso[10] = 'T';
	iso[19] = 'Z';
	iso[20] = '\0';
	if (fmt_iso_parse(iso, &t) != SOUK_OK)
		return NULL;
	return fmt_datetime(r->a, r->lang != NULL ? r->lang : "en",
	    ctr_zone(r), t);
}

/* The named members of object o that are times, for people. */
static void
times_show(struct req *r, struct json_object *o, const char *const *keys,
    size_t n)
{
	struct json_object	*v;
	const char		*s;
	size_t			 i;

	for (i = 0; i < n; i++)
		if (json_object_object_get_ex(o, keys[i], &v) &&
		    (s = time_show(r, json_object_get_string(v))) != NULL)
			json_object_object_add(o, keys[i], json_str(s));
}

void
ctr_page_times(struct req *r, struct json_object *d, struct json_object *o,
    const char *const *keys, size_t n)
{
	size_t	 i;

	if (json_object_is_type(o, json_type_array))
		for (i = 0; i < json_object_array_length(o); i++)
			times_show(r, json_object_array_get_idx(o, i), keys, n);
	else if (json_object_is_type(o, json_type_object))
		times_show(r, o, keys, n);
	json_object_object_add(d, "zone", json_str(ctr_zone(r)));
}

/* The admin's navigation: what their role lets them open. */
static const struct auth_nav admin_nav[] = {
	{ "can_admins", CTR_P_ADMINS_READ },
	{ "can_tenants", CTR_P_TENANTS_READ },
	{ "can_webhooks", CTR_P_WEBHOOKS_MANAGE },
	{ "can_keys", CTR_P_KEYS_MANAGE },
	{ "can_audit", CTR_P_AUDIT_READ },
	{ NULL, 0 }
};

/* Single sign-on on the sign-in page, when it is set up. */
static void
admin_sso(struct req *r, const struct auth_account *ac,
    struct json_object *d)
{
	if (ac == NULL && *r->app->conf.oidc_issuer != '\0')
		json_object_object_add(d, "oidc", json_str(
		    r->app->conf.oidc_label));
}

static const char *
admin_issuer(struct req *r)
{
	(void)r;
	return "Souk Center";
}

const struct auth_plane ctr_admins = {
	.kind = AUTH_ADMIN,
	.name = "admin",
	.st = {
		CTR_AD_BY_EMAIL, CTR_AD_BY_ID, CTR_AD_CREATE, CTR_AD_PASSWORD,
		CTR_AD_NAME, -1 /* verified */, CTR_AD_SESSION_NEW,
		CTR_AD_SESSION, CTR_AD_SESSION_TOUCH, CTR_AD_SESSION_END,
		CTR_AD_SESSIONS_OLD, CTR_AD_SESSIONS_END, CTR_AD_LINK_NEW,
		CTR_AD_LINK, CTR_AD_LINK_USE, CTR_AD_LINKS_END, CTR_AD_MEMBER,
		CTR_AD_MEMBERS, CTR_AD_OWNERS_LOCK, CTR_AD_ROLE, CTR_AD_STATUS,
		CTR_MFA_GET, CTR_MFA_STEP, CTR_MFA_PENDING, CTR_MFA_ENABLE,
		CTR_RECOVERY_CLEAR, CTR_RECOVERY_INSERT, CTR_RECOVERY_USE,
		CTR_RECOVERY_LEFT, -1 /* no turning two-factor off */,
		CTR_AD_LANG, CTR_AD_ZONE,
	},
	.scoped = 0,
	.prefix = "sa_",
	.link_prefix = "si_",
	.idle_s = CTR_IDLE_S,
	.life_s = CTR_LIFE_S,
	.pw_min = SEC_PW_MIN_STAFF,
	.invite_purpose = "invitation",
	.mfa = 1,
	.mfa_off = 0,
	.password_signs_out = 1,
	.roles = ctr_roles,
	.perms = ctr_perms,
	.nperms = CTR_P__MAX,
	.cookie = "souk_center",
	.path = "/",
	.url_login = "/login",
	.url_code = "/login/code",
	.url_home = "/",
	.url_enroll = "/account/2fa",
	.url_account = "/account",
	.url_invite = "/invite",
	.api_me = "/api/v1/me",
	.api_members = "/api/v1/admins",
	.members_key = "admins",
	.member_write = CTR_P_ADMINS_WRITE,
	.tmpl = { "login", "code", "mfa", NULL, NULL, "invite", NULL,
	    "account", "admins" },
	.nav_key = "admin",
	.nav = admin_nav,
	.page_data = admin_sso,
	.audit = ctr_audit_auth,
	.issuer = admin_issuer,
};
