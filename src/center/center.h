/*
 * center: the control plane's domain (souk_center).  For now: platform
 * admins, their roles and permissions, and their sessions.
 */
#ifndef SOUK_CENTER_H
#define SOUK_CENTER_H

#include "core/core.h"
#include "store/store.h"

enum ctr_sql {
	CTR_ADMIN_INSERT, CTR_ADMIN_BY_EMAIL, CTR_ADMIN_REHASH,
	CTR_SESSION_INSERT, CTR_SESSION_GET, CTR_SESSION_TOUCH,
	CTR_SESSION_DELETE, CTR_SESSION_PURGE, CTR_SESSIONS_END,
	CTR_MFA_GET, CTR_MFA_STEP, CTR_MFA_PENDING, CTR_MFA_ENABLE,
	CTR_RECOVERY_CLEAR, CTR_RECOVERY_INSERT, CTR_RECOVERY_USE,
	CTR_RECOVERY_LEFT,
	CTR_ADMIN_LIST, CTR_ADMIN_GET, CTR_ADMIN_OWNERS_LOCK,
	CTR_ADMIN_SET_ROLE, CTR_ADMIN_SET_STATUS, CTR_ADMIN_SET_NAME,
	CTR_ADMIN_PASSWORD, CTR_ADMIN_HASH, CTR_ADMIN_INVITE,
	CTR_TOKEN_INSERT, CTR_TOKEN_GET, CTR_TOKEN_USE, CTR_ADMIN_ACTIVATE,
	CTR__MAX
};
extern const struct db_stmt_def center_sql[CTR__MAX];

#define CTR_IDLE_S	(30 * 60)	/* a session unused this long ends */
#define CTR_LIFE_S	(12 * 3600)	/* and any session after this */
#define CTR_STAGE_S	(10 * 60)	/* a session before its second factor */

struct ctr_admin {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*permissions;	/* "tenants.read,audit.read" */
	const char	*stage;		/* session: full, mfa or enroll */
	int		 mfa_on;	/* has a TOTP secret */
	int		 mfa_required;	/* the role needs one */
};

/* 1 if the role is a platform role (owner ops support auditor). */
int		 ctr_role_ok(const char *);
/*
 * A new admin.  SOUK_INVALID with *why for a bad e-mail, role or weak
 * password; SOUK_CONFLICT if the e-mail is taken.
 */
enum souk_err	 ctr_admin_create(struct db *, struct arena *,
		    const char *email, const char *name, const char *role,
		    const char *password, const char **why);
/*
 * Check e-mail and password, and otp (a TOTP or a recovery code; may be
 * NULL) for an admin with two-factor sign-in; on success a new session
 * token (shown once; only its hash is stored) whose stage (out->stage)
 * is "full"; "mfa" when the admin has two-factor and otp is NULL (the
 * session then only serves to send the code); "enroll" when the role
 * needs two-factor and the admin has none yet.  SOUK_UNAUTHORIZED
 * whatever was wrong.  kind: "cookie" or "bearer".
 */
enum souk_err	 ctr_sign_in(struct db *, struct arena *, const char *master,
		    const char *email, const char *password, const char *otp,
		    const char *kind, const char **token, struct ctr_admin *);
/*
 * The same for an e-mail address an identity provider vouched for (no
 * password; two-factor as for a password).  SOUK_NOTFOUND if it is not
 * an active admin's: nobody signs up this way.
 */
enum souk_err	 ctr_sign_in_verified(struct db *, struct arena *,
		    const char *master, const char *email, const char *kind,
		    const char **token, struct ctr_admin *);
/*
 * A session moves to "full": the old token ends, a new one (*token) is
 * made.  For the second factor given later, or after enrolment.
 */
enum souk_err	 ctr_session_promote(struct db *, struct arena *,
		    const char *old, const char *kind, struct ctr_admin *,
		    const char **token);
/*
 * The admin of a live session token, whatever its stage (check
 * ad->stage); SOUK_UNAUTHORIZED if none.
 */
enum souk_err	 ctr_session(struct db *, struct arena *, const char *token,
		    struct ctr_admin *);
/* End the session of token (SOUK_NOTFOUND if there was none). */
enum souk_err	 ctr_sign_out(struct db *, struct arena *, const char *token);
/* End every session of an admin (role change, disabling, password). */
enum souk_err	 ctr_sessions_end(struct db *, struct arena *, int64_t admin);
/* 1 if the admin has permission perm (in a full session). */
int		 ctr_can(const struct ctr_admin *, const char *perm);

/* ---- two-factor sign-in (mfa.c) ---------------------------------- */

/*
 * Check a second factor: a TOTP code (each works once) or an unused
 * recovery code (then spent).  SOUK_UNAUTHORIZED if neither.
 */
enum souk_err	 ctr_mfa_check(struct db *, struct arena *, const char *master,
		    int64_t admin, const char *code);
/*
 * Start enrolment: a new secret, kept pending until a code confirms it.
 * *secret (base32) and *uri (otpauth://) are shown to the admin.
 */
enum souk_err	 ctr_mfa_begin(struct db *, struct arena *, const char *master,
		    const struct ctr_admin *, const char **secret,
		    const char **uri);
/* The pending secret again (NULL if none), to show the form again. */
const char	*ctr_mfa_pending(struct db *, struct arena *,
		    const char *master, int64_t admin);
/*
 * Confirm enrolment with a code of the pending secret: two-factor is on
 * and codes[SEC_RECOVERY_CODES] are new recovery codes (shown once).
 * SOUK_UNAUTHORIZED for a wrong code, SOUK_NOTFOUND if none pending.
 */
enum souk_err	 ctr_mfa_confirm(struct db *, struct arena *,
		    const char *master, int64_t admin, const char *code,
		    const char **codes);
/* New recovery codes replacing the old ones. */
enum souk_err	 ctr_recovery_new(struct db *, struct arena *, int64_t admin,
		    const char **codes);
/* Recovery codes not used yet, or -1. */
int64_t		 ctr_recovery_left(struct db *, struct arena *, int64_t admin);

/* ---- managing admins (people.c) --------------------------------- */

#define CTR_INVITE_TTL_S	(7 * 86400)

struct ctr_admin_row {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*status;	/* invited active disabled */
	int		 mfa_on;
	const char	*created_at;
};

enum souk_err	 ctr_admin_list(struct db *, struct arena *,
		    struct ctr_admin_row **out, size_t *n);
enum souk_err	 ctr_admin_get(struct db *, struct arena *, int64_t id,
		    struct ctr_admin_row *out);
/*
 * Invite an admin: an account without a password and a single-use
 * setup token (7 days), shown once.  SOUK_INVALID or SOUK_CONFLICT with
 * *why.
 */
enum souk_err	 ctr_admin_invite(struct db *, struct arena *,
		    const char *email, const char *name, const char *role,
		    const char **why, int64_t *id, const char **token);
/* 1 if token is a live invitation; the admin's id in *id. */
int		 ctr_invite_valid(struct db *, struct arena *,
		    const char *token, int64_t *id);
/*
 * Spend an invitation: set the password (and name) and activate.
 * SOUK_INVALID with *why for a weak password (the token stays good),
 * SOUK_NOTFOUND for a bad, used or expired token.
 */
enum souk_err	 ctr_invite_accept(struct db *, struct arena *,
		    const char *token, const char *password, const char *name,
		    const char **why);
/*
 * Change an admin's role or status (NULL: keep) and end their
 * sessions.  SOUK_CONFLICT with *why when no active owner would be
 * left, SOUK_INVALID with *why for a bad value.
 */
enum souk_err	 ctr_admin_change(struct db *, struct arena *, int64_t id,
		    const char *role, const char *status, const char **why);
enum souk_err	 ctr_admin_set_name(struct db *, struct arena *, int64_t id,
		    const char *name);
/*
 * Change one's own password after checking the current one; ends all
 * one's sessions.  SOUK_UNAUTHORIZED if current is wrong, SOUK_INVALID
 * with *why for a weak one.
 */
enum souk_err	 ctr_password_change(struct db *, struct arena *,
		    int64_t id, const char *current, const char *password,
		    const char **why);

#endif /* SOUK_CENTER_H */
