/* Internal to src/auth: what its files share. */
#ifndef SOUK_AUTH_INT_H
#define SOUK_AUTH_INT_H

#include "auth/auth_web.h"

#define AUTH_ARGS_MAX	8	/* bound values of one statement */
#define AUTH_NAME_MAX	200	/* characters of a person's name */

/*
 * Run the plane's statement st with values v, then the tenant (scoped
 * planes), then id when it is not 0.
 */
enum souk_err	 auth_exec(const struct auth_cx *, enum auth_st,
		    const struct db_arg *v, size_t nv, int64_t id,
		    struct db_res *);
/* The first four cells of an ACCOUNT or SESSION row. */
void		 auth_account_row(const struct auth_cx *,
		    const struct db_res *, struct auth_account *);
/* SOUK_INVALID on "role", naming the plane's roles. */
enum souk_err	 auth_why_role(const struct auth_cx *, struct souk_why *);
/* In a transaction: every session and unused reset link of id end. */
enum souk_err	 auth_account_reset(const struct auth_cx *, int64_t id);
/* The permissions of a list as bits of the plane's enum. */
uint64_t	 auth_perm_bits(const struct auth_plane *, const char *list);

/* The session cache (sesscache.c). */
int		 auth_sess_cached(const struct auth_cx *, const char *hash,
		    struct db_res *out, const char **epoch);
void		 auth_sess_cache(const struct auth_cx *, const char *hash,
		    const char *epoch, const struct db_res *);

/* The plane and caller of a request (web.c). */
const struct auth_plane *auth_plane_of(const struct req *);
/* A redirect to where a session of stage belongs. */
const char	*auth_stage_home(const struct auth_plane *, int stage);
/* 1 if code is the current code of ac's app; limited like a sign-in. */
int		 auth_app_code_ok(struct req *, const struct auth_account *,
		    const char *code);
/*
 * Confirm the pending secret of the caller with code; a session that
 * had to set up two-factor becomes a full one (its new token in
 * auth_of(r)->token).  kind: "cookie" or "bearer".
 */
enum souk_err	 auth_mfa_enable(struct req *, const char *kind,
		    const char *code, const char **codes);
/* Queue a mail with the plane's mail hook (SOUK_UPSTREAM if none). */
enum souk_err	 auth_mail(struct req *, const char *to, const char *tmpl,
		    struct json_object *);

#endif /* SOUK_AUTH_INT_H */
