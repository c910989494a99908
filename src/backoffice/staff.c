/*
 * The backoffice's people: a shop's staff, as the plane auth/ signs in
 * (statements, permissions, URLs, templates), and the hooks that make
 * them a shop's: the members' navigation, mail through the
 * notification service, the plan's max_staff.
 */
#include <string.h>

#include "backoffice/backoffice.h"

/* The member's navigation: what their role lets them open. */
static const struct auth_nav staff_nav[] = {
	{ "can_staff", SHOP_P_STAFF_READ },
	{ "can_catalog", SHOP_P_CATALOG_READ },
	{ "can_promotions", SHOP_P_PROMOTIONS_READ },
	{ "can_settings", SHOP_P_SETTINGS_WRITE },
	{ NULL, 0 }
};

static const char *
staff_issuer(struct req *r)
{
	const struct shop_tenant *t = r->tenant;

	return arena_printf(r->a, "%s backoffice", t->name);
}

static enum souk_err
staff_invite(struct req *r, const struct auth_member *m, const char *token,
    const char *inviter)
{
	return shop_invite_mail(&r->app->conf, r->a, r->tenant,
	    req_base_url(r), token, m->email, m->role, inviter);
}

const struct auth_plane bo_staff = {
	.kind = AUTH_STAFF,
	.name = "staff",
	.st = {
		SQL_ST_BY_EMAIL, SQL_ST_BY_ID, SQL_ST_CREATE, SQL_ST_PASSWORD,
		SQL_ST_NAME, -1 /* verified */, SQL_ST_SESSION_NEW,
		SQL_ST_SESSION, SQL_SESSION_TOUCH, SQL_SESSION_END,
		SQL_ST_SESSIONS_OLD, SQL_ST_SESSIONS_END, SQL_ST_LINK_NEW,
		SQL_ST_LINK, SQL_ST_LINK_USE, SQL_ST_LINKS_END, SQL_ST_MEMBER,
		SQL_ST_MEMBERS, SQL_ST_OWNERS_LOCK, SQL_ST_ROLE, SQL_ST_STATUS,
		SQL_STAFF_MFA_GET, SQL_STAFF_MFA_STEP, SQL_STAFF_MFA_PENDING,
		SQL_STAFF_MFA_ENABLE, SQL_STAFF_RC_CLEAR, SQL_STAFF_RC_INSERT,
		SQL_STAFF_RC_USE, SQL_STAFF_RC_LEFT, SQL_STAFF_MFA_OFF,
		SQL_ST_LANG, -1 /* the shop's time zone */,
	},
	.scoped = 1,
	.prefix = "st_",
	.link_prefix = "sl_",
	.idle_s = SHOP_STAFF_IDLE_S,
	.life_s = SHOP_STAFF_LIFE_S,
	.pw_min = SEC_PW_MIN_STAFF,
	.invite_purpose = "staff_invitation",
	.mfa = 1,
	.mfa_off = 1,
	.roles = shop_roles,
	.perms = shop_perms,
	.nperms = SHOP_P__MAX,
	.cookie = "souk_staff",
	.path = "/admin",
	.url_login = "/admin/login",
	.url_code = "/admin/login/code",
	.url_home = "/admin/",
	.url_enroll = "/admin/account/2fa",
	.url_account = "/admin/account",
	.url_reset = "/admin/reset",
	.url_invite = "/admin/invite",
	.url_verify = NULL,
	.api_me = "/admin/api/v1/me",
	.api_members = "/admin/api/v1/staff",
	.members_key = "staff",
	.member_write = SHOP_P_STAFF_WRITE,
	.tmpl = { "account/login", "account/code", "account/2fa",
	    "account/forgot", "account/reset", "account/invite", NULL,
	    "account/index", "staff" },
	.nav_key = "member",
	.nav = staff_nav,
	.mail = shopweb_mail,
	.issuer = staff_issuer,
	.invite = staff_invite,
	.room = shop_staff_room,
	.max_members = shopweb_max_staff,
};
