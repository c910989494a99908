/*
 * auth: the people who sign in, on every plane: platform admins
 * (Center), a shop's staff (backoffice) and its customers (storefront).
 * One module holds sign-in with throttling, sessions (a cookie for
 * pages, a bearer token for the JSON APIs) cached in memcached under a
 * MAC, CSRF tokens, two-factor sign-in, single-use links (invitations,
 * password resets, e-mail verification), members with roles and the
 * last-owner rule, the account JSON, and the page and API handlers of
 * these flows.
 *
 * A plane plugs in with one struct auth_plane: its statement table, the
 * names of its permissions, its cookie, URLs and templates, and a few
 * hooks.  A program has one plane (app->auth) and reads only its own
 * database.  Every statement of a plane takes its values first, then
 * the tenant on a shop's planes ("scoped"), then the account's id where
 * it is about one account.
 *
 * This header is the domain side (no HTTP); auth_web.h adds the
 * request side and the handlers.
 *
 * Ownership: everything returned lives in the caller's arena.
 */
#ifndef SOUK_AUTH_H
#define SOUK_AUTH_H

#include <stdint.h>

#include "core/core.h"
#include "sec/sec.h"
#include "store/store.h"

/* ---- stages and planes ------------------------------------------------ */

/* The stages of a session, as bits of the stages a route accepts. */
#define AUTH_FULL	0x01	/* signed in */
#define AUTH_MFA	0x02	/* password right, the code still to come */
#define AUTH_ENROLL	0x04	/* must set up two-factor first (Center) */
#define AUTH_STAGES	0x07

/* ---- planes ---------------------------------------------------------- */

enum auth_kind { AUTH_ADMIN, AUTH_STAFF, AUTH_CUSTOMER };

/*
 * A plane's statements.  Columns: ACCOUNT = id, email, name, role,
 * password_hash (NULL: invited), verified, mfa_on, mfa_required;
 * SESSION = id, email, name, role, permissions ("a.read,b.write"),
 * verified, stale (the idle clock is a minute old), stage, mfa_on,
 * mfa_required, language (NULL: the plane's default), time zone (Center;
 * NULL: UTC); MEMBER = id, email, name, role, status, mfa_on,
 * created_at (MEMBERS adds the count of all).  "owner" below is the
 * tenant (scoped planes) then the account's id.
 */
enum auth_st {
	AUTH_ST_BY_EMAIL,	/* (email; tenant) -> ACCOUNT, active only */
	AUTH_ST_BY_ID,		/* (; owner) -> ACCOUNT, active only */
	AUTH_ST_CREATE,		/* (email, name[, role: planes with roles],
				 * hash|NULL; tenant) */
	AUTH_ST_PASSWORD,	/* (hash; owner): an invited one is active */
	AUTH_ST_NAME,		/* (name; owner) */
	AUTH_ST_VERIFIED,	/* (; owner): the e-mail is confirmed */
	AUTH_ST_SESSION_NEW,	/* (hash, kind, stage, ttl; owner) */
	AUTH_ST_SESSION,	/* (hash, idle; tenant) -> SESSION */
	AUTH_ST_SESSION_TOUCH,	/* (hash; tenant) */
	AUTH_ST_SESSION_END,	/* (hash; tenant) */
	AUTH_ST_SESSIONS_OLD,	/* (idle; owner): delete the dead ones */
	AUTH_ST_SESSIONS_END,	/* (; owner) */
	AUTH_ST_LINK_NEW,	/* (hash, purpose, ttl; owner) */
	AUTH_ST_LINK,		/* (hash, purpose; tenant) -> account, status */
	AUTH_ST_LINK_USE,	/* (hash, purpose; tenant) */
	AUTH_ST_LINKS_END,	/* (purpose; owner): every unused one */
	AUTH_ST_MEMBER,		/* (; owner) -> MEMBER, locked */
	AUTH_ST_MEMBERS,	/* (tenant; limit, offset) -> MEMBER, count:
				 * LIMIT comes last in SQL */
	AUTH_ST_OWNERS_LOCK,	/* (; tenant): the active owners, locked */
	AUTH_ST_ROLE,		/* (role; owner) */
	AUTH_ST_STATUS,		/* (1 to disable, 0 to enable; owner) */
	/* two-factor: the statements of struct sec_mfa, in its order */
	AUTH_ST_MFA_GET, AUTH_ST_MFA_STEP, AUTH_ST_MFA_PENDING,
	AUTH_ST_MFA_ENABLE, AUTH_ST_RC_CLEAR, AUTH_ST_RC_INSERT,
	AUTH_ST_RC_USE, AUTH_ST_RC_LEFT,
	AUTH_ST_MFA_OFF,	/* (; owner) */
	AUTH_ST_LANG,		/* (language|NULL; owner) */
	AUTH_ST_ZONE,		/* (time zone|NULL; owner) */
	AUTH_ST__MAX
};

struct auth_account;
struct auth_member;
struct app;
struct cache;
struct json_object;
struct req;

/* The templates of a plane's pages (NULL: the plane has no such page). */
struct auth_templates {
	const char	*login;
	const char	*code;
	const char	*mfa;
	const char	*forgot;
	const char	*reset;
	const char	*invite;
	const char	*verify;
	const char	*account;
	const char	*members;
};

/* A link of the signed-in navigation, shown with permission perm. */
struct auth_nav {
	const char	*key;		/* "can_staff" */
	int		 perm;
};

struct auth_plane {
	enum auth_kind		 kind;
	const char		*name;		/* "admin" "staff" "customer" */
	int			 st[AUTH_ST__MAX];	/* -1: none */
	int			 scoped;	/* binds the tenant */
	const char		*prefix;	/* session tokens: "sa_" */
	const char		*link_prefix;	/* single-use links: "sl_" */
	int			 idle_s;	/* unused this long, it ends */
	int			 life_s;	/* and any session after this */
	size_t			 pw_min;	/* password length */
	const char		*invite_purpose;	/* a link's purpose */
	int			 mfa;		/* offers two-factor sign-in */
	int			 mfa_off;	/* which one may turn off */
	int			 password_signs_out;	/* a password changed
						 * on a page ends that session
						 * too: sign in again */
	const char *const	*roles;		/* NULL-ended; NULL: none */
	const char *const	*perms;		/* names, by the plane's
						 * enum; [0]: NULL */
	int			 nperms;
	/* The web side. */
	const char		*cookie;	/* session cookie */
	const char		*path;		/* its Path */
	const char		*url_login;
	const char		*url_code;	/* the code after the
						 * password */
	const char		*url_home;	/* where a sign-in lands */
	const char		*url_enroll;	/* two-factor set-up */
	const char		*url_account;
	const char		*url_reset;	/* links: password reset */
	const char		*url_invite;	/* invitation */
	const char		*url_verify;	/* e-mail verification */
	const char		*api_me;	/* "/api/v1/me", for hints */
	const char		*api_members;	/* "/api/v1/admins" */
	const char		*members_key;	/* the list in pages: "staff" */
	int			 member_write;	/* the permission to change
						 * members (their pages) */
	struct auth_templates	 tmpl;
	/*
	 * The signed-in navigation: an object under nav_key (NULL: none)
	 * with name, role, csrf, full, and each link's key, true when the
	 * account has its permission.  nav ends with { NULL, 0 }.
	 */
	const char		*nav_key;
	const struct auth_nav	*nav;
	/*
	 * Hooks (NULL: nothing to do).  page_data adds what else the
	 * plane's pages show for who (may be NULL).  account_page renders
	 * my account when the plane's has more than the account (a
	 * status, an error and a notice, may be NULL).  audit
	 * records an action (who may be NULL: before sign-in) on target
	 * with after, a JSON text (may be NULL).  mail sends template to
	 * an address with data (borrowed).  issuer names the program in
	 * authenticator apps.  room checks, inside the transaction that
	 * adds or enables a member, that the plan has room for one more
	 * (SOUK_FORBIDDEN with why).
	 */
	void			(*page_data)(struct req *,
				    const struct auth_account *,
				    struct json_object *);
	enum souk_err		(*account_page)(struct req *, int status,
				    const char *error, const char *notice);
	void			(*audit)(struct req *,
				    const struct auth_account *,
				    const char *action, const char *target,
				    const char *after);
	enum souk_err		(*mail)(struct req *, const char *to,
				    const char *tmpl, struct json_object *);
	const char		*(*issuer)(struct req *);
	/* Mail member m an invitation link (NULL: the link is shown). */
	enum souk_err		(*invite)(struct req *,
				    const struct auth_member *,
				    const char *token, const char *inviter);
	enum souk_err		(*room)(struct db *, struct arena *,
				    int64_t tenant, int64_t max,
				    struct souk_why *);
	/* The plan's limit of members for room (0: no limit). */
	int64_t			(*max_members)(struct req *);
};

/* Who signed in: an admin, a member of a shop's staff or a customer. */
struct auth_account {
	const struct auth_plane	*plane;
	int64_t			 tenant;	/* 0 on Center */
	int64_t			 id;
	const char		*email;
	const char		*name;
	const char		*role;		/* "customer" for customers */
	const char		*permissions;	/* "a.read,b.write" */
	uint64_t		 perms;		/* the same: bit n = perms[n] */
	int			 stage;		/* AUTH_FULL, MFA, ENROLL */
	int			 verified;	/* the e-mail is confirmed */
	int			 mfa_on;
	int			 mfa_required;	/* the role needs two-factor */
	const char		*lang;		/* chosen language or NULL */
	const char		*base_lang;	/* the request's without it */
	const char		*zone;		/* chosen time zone or NULL */
	const char		*token;		/* a session this request
						 * made, else NULL */
};

/* A plane's database, for one tenant (0 on Center), in one arena. */
struct auth_cx {
	const struct auth_plane	*p;
	struct db		*db;
	struct arena		*a;
	int64_t			 tenant;
};

/* ---- accounts (account.c) ------------------------------------------ */

#define AUTH_STAGE_S		(10 * 60)	/* a session before its code */
#define AUTH_RESET_TTL_S	(60 * 60)
#define AUTH_VERIFY_TTL_S	(3 * 86400)
#define AUTH_INVITE_TTL_S	(7 * 86400)

/* A max of auth_member_invite for no limit (Center's owner call). */
#define AUTH_NO_LIMIT		INT64_MAX

/* Sign-in options. */
#define AUTH_SIGNIN_NO_STAGE	0x01	/* a code is due now: no session
					 * may wait for one (the API) */
#define AUTH_SIGNIN_CODE	0x02	/* only a right code lets this one in
					 * (throttled: see auth_web_sign_in) */

/* "full", "mfa" or "enroll". */
const char	*auth_stage_name(int stage);
/* 1 if role is one of the plane's. */
int		 auth_role_ok(const struct auth_plane *, const char *role);
/* 1 if ac may do perm (an index of the plane's perms; 0: anything). */
int		 auth_can(const struct auth_account *, int perm);
/*
 * A new account (password NULL: invited, without one).  SOUK_INVALID
 * or SOUK_CONFLICT (the e-mail is taken) with why.
 */
enum souk_err	 auth_account_create(const struct auth_cx *,
		    const char *email, const char *name, const char *role,
		    const char *password, struct souk_why *, int64_t *id);
/* The active account of an e-mail address (SOUK_NOTFOUND if none). */
enum souk_err	 auth_account_by_email(const struct auth_cx *,
		    const char *email, struct auth_account *);
/*
 * Check e-mail and password, and otp (a TOTP or recovery code; may be
 * NULL) when the account has two-factor on; on success a new session
 * (*token shown once; only its hash is kept) whose stage is AUTH_FULL,
 * AUTH_MFA when the code is still to come, or AUTH_ENROLL when the role
 * needs two-factor and the account has none.  SOUK_UNAUTHORIZED
 * whatever was wrong.  kind: "cookie" or "bearer"; flags AUTH_SIGNIN_*.
 */
enum souk_err	 auth_sign_in(const struct auth_cx *, const char *email,
		    const char *password, const char *otp, const char *kind,
		    int flags, const char **token, struct auth_account *);
/* The active account of an id (SOUK_NOTFOUND if none). */
enum souk_err	 auth_account_by_id(const struct auth_cx *, int64_t id,
		    struct auth_account *);
/*
 * A session for ac, whom an identity provider vouched for (no password;
 * two-factor as after one): ac->stage says which.
 */
enum souk_err	 auth_sign_in_verified(const struct auth_cx *,
		    struct auth_account *, const char *kind,
		    const char **token);
/*
 * Change the password after checking the current one; every session
 * and every unused reset link of the account end.  SOUK_UNAUTHORIZED
 * if current is wrong, SOUK_INVALID with why for a weak password.
 */
enum souk_err	 auth_password_change(const struct auth_cx *,
		    const struct auth_account *, const char *current,
		    const char *password, struct souk_why *);
/* Change the name (at most 200 characters on one line). */
/*
 * The account's language: a shipped one ("de"), or NULL or "" for the
 * plane's default.  SOUK_NOTFOUND where the plane has no such choice.
 */
enum souk_err	 auth_lang_set(const struct auth_cx *, int64_t id,
		    const char *lang, struct souk_why *);
/* The account's time zone (Center): an IANA zone, or NULL or "" (UTC). */
enum souk_err	 auth_zone_set(const struct auth_cx *, int64_t id,
		    const char *zone, struct souk_why *);
enum souk_err	 auth_name_set(const struct auth_cx *, int64_t id,
		    const char *name, struct souk_why *);

/* Forget sign-in failure counts of windows past (worker; throttle.c,
 * on Center's database); rows or -1. */
int64_t		 auth_throttle_purge(struct db *, struct arena *);

/* ---- sessions (session.c) ------------------------------------------ */

/* The account of a live session token, whatever its stage. */
enum souk_err	 auth_session(const struct auth_cx *, const char *token,
		    struct auth_account *);
/* A new session of stage for ac (*token is shown once). */
enum souk_err	 auth_session_new(const struct auth_cx *,
		    struct auth_account *, const char *kind, int stage,
		    const char **token);
/* The session old ends, a new full one begins (*token). */
enum souk_err	 auth_session_promote(const struct auth_cx *,
		    const char *old, const char *kind, struct auth_account *,
		    const char **token);
/* End one session (SOUK_NOTFOUND if there was none). */
enum souk_err	 auth_sign_out(const struct auth_cx *, const char *token);
/* End every session of an account. */
enum souk_err	 auth_sessions_end(const struct auth_cx *, int64_t id);
/*
 * After a committed change of what cached session records hold (they
 * end, or a name, role or two-factor changes): none is used again.
 */
void		 auth_sessions_stale(const struct auth_cx *);
/* The same for a tenant's shop planes (suspension, erasure). */
void		 auth_sessions_stale_shop(struct arena *, int64_t tenant);
/*
 * The cache session records use, for the whole process
 * (auth_started in auth_web.h).  Without them, every lookup goes to the
 * database.
 */
void		 auth_cache_init(struct cache *);

/* ---- single-use links (link.c) ------------------------------------- */

/* A new link token for account id (purpose: password_reset…). */
enum souk_err	 auth_link_new(const struct auth_cx *, int64_t id,
		    const char *purpose, int ttl, const char **token);
/* 1 if token is a live link of purpose; its account in *id. */
int		 auth_link_ok(const struct auth_cx *, const char *purpose,
		    const char *token, int64_t *id);
/*
 * Spend a link of purpose (a reset or an invitation): the account gets
 * password (and name, when not NULL), an invited one is active, and its
 * sessions and other unused reset links end, in one transaction.
 * SOUK_INVALID with why for a weak password or a bad name (the link
 * stays good), SOUK_NOTFOUND for a bad, used or expired link.
 */
enum souk_err	 auth_link_password(const struct auth_cx *,
		    const char *purpose, const char *token,
		    const char *password, const char *name, struct souk_why *);
/* Spend an email_verification link (SOUK_NOTFOUND if bad). */
enum souk_err	 auth_link_verify(const struct auth_cx *, const char *token);

/* ---- members with roles: staff, admins (member.c) ------------------ */

struct auth_member {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*status;	/* invited active disabled */
	int		 mfa_on;
	const char	*created_at;
};

enum souk_err	 auth_members(const struct auth_cx *, int limit, int offset,
		    struct auth_member **, size_t *n, int64_t *total);
enum souk_err	 auth_member(const struct auth_cx *, int64_t id,
		    struct auth_member *);
/*
 * Invite a member: an account without a password (within room's limit
 * max) and an invitation link (*token, shown or mailed once), in one
 * transaction.  SOUK_INVALID, SOUK_CONFLICT or SOUK_FORBIDDEN with why.
 */
enum souk_err	 auth_member_invite(const struct auth_cx *, const char *email,
		    const char *name, const char *role, int64_t max,
		    struct souk_why *, int64_t *id, const char **token);
/*
 * Change a member's role or status ("active", "disabled"; NULL: keep)
 * and end their sessions.  SOUK_CONFLICT when no active owner would be
 * left, SOUK_FORBIDDEN when enabling passes max (room), SOUK_INVALID,
 * all with why; SOUK_NOTFOUND for no such member.
 */
enum souk_err	 auth_member_change(const struct auth_cx *, int64_t id,
		    const char *role, const char *status, int64_t max,
		    struct souk_why *);
/* The member as JSON (roles: with the role choices of the page). */
struct json_object *auth_member_json(const struct auth_plane *,
		    const struct auth_member *, int roles);

/* ---- two-factor sign-in (mfa.c; sec/mfa.c for the rules) ----------- */

enum souk_err	 auth_mfa_check(const struct auth_cx *, int64_t id,
		    const char *code);
/* The pending secret, made now if there is none, and its otpauth URI. */
enum souk_err	 auth_mfa_secret(const struct auth_cx *,
		    const struct auth_account *, const char *issuer,
		    int fresh, const char **secret, const char **uri);
/* Two-factor on, with codes[SEC_RECOVERY_CODES] (shown once). */
enum souk_err	 auth_mfa_confirm(const struct auth_cx *, int64_t id,
		    const char *code, const char **codes);
enum souk_err	 auth_mfa_off(const struct auth_cx *, int64_t id);
enum souk_err	 auth_recovery_new(const struct auth_cx *, int64_t id,
		    const char **codes);
int64_t		 auth_recovery_left(const struct auth_cx *, int64_t id);

#endif /* SOUK_AUTH_H */
