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
	CTR_SESSION_DELETE, CTR_SESSION_PURGE,
	CTR__MAX
};
extern const struct db_stmt_def center_sql[CTR__MAX];

#define CTR_IDLE_S	(30 * 60)	/* a session unused this long ends */
#define CTR_LIFE_S	(12 * 3600)	/* and any session after this */

struct ctr_admin {
	int64_t		 id;
	const char	*email;
	const char	*name;
	const char	*role;
	const char	*permissions;	/* "tenants.read,audit.read" */
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
 * Check e-mail and password; on success a new session token (shown
 * once; only its hash is stored).  SOUK_UNAUTHORIZED whatever was
 * wrong.  kind: "cookie" or "bearer".
 */
enum souk_err	 ctr_sign_in(struct db *, struct arena *, const char *email,
		    const char *password, const char *kind,
		    const char **token, struct ctr_admin *);
/* The admin of a live session token; SOUK_UNAUTHORIZED if none. */
enum souk_err	 ctr_session(struct db *, struct arena *, const char *token,
		    struct ctr_admin *);
/* End the session of token (SOUK_NOTFOUND if there was none). */
enum souk_err	 ctr_sign_out(struct db *, struct arena *, const char *token);
/* 1 if the admin has permission perm. */
int		 ctr_can(const struct ctr_admin *, const char *perm);

#endif /* SOUK_CENTER_H */
