/*
 * Shop accounts: staff and customers of one tenant, their sign-in with
 * argon2id passwords, sessions whose tokens are stored only as their
 * SHA-256, and the single-use links sent by e-mail.  Every statement
 * binds the tenant, so a token or an account of one shop means nothing
 * to another.  Every failure of a sign-in looks the same to the caller.
 */
#include <string.h>

#include "sec/sec.h"
#include "shop/shop.h"

/* Per principal: its statements, token prefix and session lifetimes. */
static const struct principal_def {
	const char	*name;
	int		 insert, by_email, password, session;
	const char	*prefix;
	int		 idle, life;
	size_t		 pw_min;
} principals[] = {
	{ "staff", SQL_STAFF_INSERT, SQL_STAFF_BY_EMAIL, SQL_STAFF_PASSWORD,
	  SQL_SESSION_STAFF, "st_", SHOP_STAFF_IDLE_S, SHOP_STAFF_LIFE_S,
	  SEC_PW_MIN_STAFF },	/* SHOP_STAFF */
	{ "customer", SQL_CUSTOMER_INSERT, SQL_CUSTOMER_BY_EMAIL,
	  SQL_CUSTOMER_PASSWORD, SQL_SESSION_CUSTOMER, "sc_",
	  SHOP_CUSTOMER_IDLE_S, SHOP_CUSTOMER_LIFE_S,
	  SEC_PW_MIN_CUSTOMER },	/* SHOP_CUSTOMER */
};

#define LINK_PREFIX	"sl_"	/* single-use link tokens */

int
shop_role_ok(const char *role)
{
	return str_eq(role, "owner") || str_eq(role, "manager") ||
	    str_eq(role, "staff");
}

const char *
shop_principal_name(enum shop_principal p)
{
	return principals[p].name;
}

static const char *
create_why(struct arena *a, enum shop_principal p, const char *email,
    const char *role, const char *password)
{
	const char	*why;

	if (!valid_check(VALID_EMAIL, email, 0, 0))
		return "not an e-mail address";
	if (p == SHOP_STAFF && !shop_role_ok(role))
		return "role must be owner, manager or staff";
	if (password == NULL && p == SHOP_STAFF)
		return NULL;
	if ((why = sec_password_weak(password != NULL ? password : "",
	    principals[p].pw_min)) != NULL)
		return arena_printf(a, "password %s", why);
	return NULL;
}

enum souk_err
shop_account_create(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *email, const char *name,
    const char *role, const char *password, const char **why, int64_t *id)
{
	const char	*hash = NULL, *e = str_lower_dup(a, email);
	struct db_res	 res;
	enum souk_err	 er;

	if (e == NULL)
		return SOUK_ENOMEM;
	if ((*why = create_why(a, p, e, role, password)) != NULL)
		return SOUK_INVALID;
	if (password != NULL &&
	    (er = sec_password_hash(a, password, &hash)) != SOUK_OK)
		return er;
	if (p == SHOP_STAFF) {
		struct db_arg args[] = { DB_I(tenant), DB_S(e), DB_S(name),
		    DB_S(role), hash != NULL ? DB_S(hash) : DB_NUL };

		er = db_exec(db, a, SQL_STAFF_INSERT, args, 5, &res);
	} else {
		struct db_arg args[] = { DB_I(tenant), DB_S(e), DB_S(name),
		    DB_S(hash) };

		er = db_exec(db, a, SQL_CUSTOMER_INSERT, args, 4, &res);
	}
	if (er == SOUK_CONFLICT)
		*why = "an account with this e-mail address exists";
	if (er == SOUK_OK && id != NULL)
		*id = (int64_t)res.insert_id;
	return er;
}

/* Row of a by_email or session statement into out. */
static void
account_row(const struct db_res *res, enum shop_principal p,
    struct shop_account *out)
{
	out->id = db_cell_i64(res, 0, 0);
	out->principal = p;
	out->email = db_cell(res, 0, 1);
	out->name = db_cell(res, 0, 2);
	out->role = db_cell(res, 0, 3);
	out->permissions = "";
	out->verified = 0;
	out->stage = "full";
	out->mfa_on = 0;
}

/* The active account of email and its password hash (NULL: invited). */
static enum souk_err
account_lookup(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *email, struct shop_account *out,
    const char **hash)
{
	const char	*e = str_lower_dup(a, email);
	struct db_res	 res;
	enum souk_err	 er;

	if (e == NULL)
		return SOUK_ENOMEM;
	/* Exactly the address: no trailing space or accent folding. */
	if (!valid_check(VALID_EMAIL, e, 0, 0))
		return SOUK_NOTFOUND;
	{
		struct db_arg args[] = { DB_I(tenant), DB_S(e) };

		er = db_exec(db, a, principals[p].by_email, args, 2, &res);
	}
	if (er != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	account_row(&res, p, out);
	out->verified = (int)db_cell_i64(&res, 0, 5);
	out->mfa_on = (int)db_cell_i64(&res, 0, 6);
	*hash = db_cell(&res, 0, 4);
	return SOUK_OK;
}

enum souk_err
shop_account_by_email(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *email, struct shop_account *out)
{
	const char	*hash;

	return account_lookup(db, a, tenant, p, email, out, &hash);
}

/* A new session of stage ("full" or "mfa"); *token is shown once. */
static enum souk_err
session_new(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, int64_t id, const char *kind, const char *stage,
    const char **token)
{
	const struct principal_def *d = &principals[p];
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_token_new(a, d->prefix, token, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg old[] = { DB_I(tenant), DB_S(d->name), DB_I(id),
		    DB_I(d->idle) };
		struct db_arg ins[] = { DB_I(tenant), DB_S(hash),
		    DB_S(d->name), DB_I(id), DB_S(kind), DB_S(stage),
		    DB_I(str_eq(stage, "full") ? d->life : SHOP_STAGE_S) };

		(void)db_exec(db, a, SQL_SESSION_PURGE, old, 4, NULL);
		return db_exec(db, a, SQL_SESSION_INSERT, ins, 7, NULL);
	}
}

/* Store a stronger hash of a password that just proved right. */
static void
rehash(struct db *db, struct arena *a, int64_t tenant, enum shop_principal p,
    int64_t id, const char *password)
{
	const char	*hash;

	if (sec_password_hash(a, password, &hash) == SOUK_OK) {
		struct db_arg up[] = { DB_S(hash), DB_I(tenant), DB_I(id) };

		(void)db_exec(db, a, principals[p].password, up, 3, NULL);
	}
}

enum souk_err
shop_sign_in(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *email, const char *password,
    const char *otp, const char *master, const char *kind,
    const char **token, struct shop_account *out)
{
	const char	*hash;
	enum souk_err	 er;
	int		 stronger;

	er = account_lookup(db, a, tenant, p, email, out, &hash);
	if (er == SOUK_NOTFOUND || (er == SOUK_OK && hash == NULL)) {
		sec_password_dummy(password);
		return SOUK_UNAUTHORIZED;
	}
	if (er != SOUK_OK)
		return er;
	if ((er = sec_password_check(hash, password, &stronger)) != SOUK_OK)
		return er;
	if (stronger)
		rehash(db, a, tenant, p, out->id, password);
	if (out->mfa_on && otp == NULL)
		out->stage = "mfa";	/* the code comes next */
	else if (out->mfa_on && (er = shop_mfa_check(db, a, master, tenant,
	    out->id, otp)) != SOUK_OK)
		return er;
	return session_new(db, a, tenant, p, out->id, kind, out->stage,
	    token);
}

enum souk_err
shop_session_promote(struct db *db, struct arena *a, int64_t tenant,
    const char *old, const char *kind, struct shop_account *ac,
    const char **token)
{
	enum souk_err	 er;

	if ((er = shop_sign_out(db, a, tenant, ac->principal, old)) !=
	    SOUK_OK && er != SOUK_NOTFOUND)
		return er;
	ac->stage = "full";
	return session_new(db, a, tenant, ac->principal, ac->id, kind, "full",
	    token);
}

/* The scope of a tenant's sessions in the session cache. */
static const char *
sess_scope(struct arena *a, int64_t tenant)
{
	return arena_printf(a, "shop:%lld", (long long)tenant);
}

enum souk_err
shop_session(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *token, struct shop_account *out)
{
	const struct principal_def *d = &principals[p];
	const char	*hash, *scope, *epoch;
	struct db_res	 res;
	enum souk_err	 er;
	int		 hit;

	if ((hash = sec_token_hash(a, d->prefix, token)) == NULL ||
	    (scope = sess_scope(a, tenant)) == NULL)
		return SOUK_UNAUTHORIZED;
	if ((hit = sec_sess_cached(a, scope, hash, &res, &epoch)) == 0) {
		struct db_arg args[] = { DB_I(tenant), DB_S(hash),
		    DB_I(d->idle) };

		if ((er = db_exec(db, a, d->session, args, 3, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (res.nrows != 1 || res.ncols != 9)
		return SOUK_UNAUTHORIZED;
	if (!hit)
		sec_sess_cache(a, scope, hash, epoch, &res);
	account_row(&res, p, out);
	if (db_cell(&res, 0, 4) != NULL)
		out->permissions = db_cell(&res, 0, 4);
	out->verified = (int)db_cell_i64(&res, 0, 5);
	out->stage = db_cell(&res, 0, 7);
	out->mfa_on = (int)db_cell_i64(&res, 0, 8);
	if (!hit && db_cell_i64(&res, 0, 6)) {	/* idle clock: once a minute */
		struct db_arg args[] = { DB_I(tenant), DB_S(hash) };

		(void)db_exec(db, a, SQL_SESSION_TOUCH, args, 2, NULL);
	}
	return SOUK_OK;
}

enum souk_err
shop_sign_out(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *token)
{
	const char	*hash;
	struct db_res	 res;
	enum souk_err	 er;

	if ((hash = sec_token_hash(a, principals[p].prefix, token)) == NULL)
		return SOUK_NOTFOUND;
	{
		struct db_arg args[] = { DB_I(tenant), DB_S(hash) };

		if ((er = db_exec(db, a, SQL_SESSION_DELETE, args, 2, &res)) !=
		    SOUK_OK)
			return er;
	}
	sec_sess_bump(a, sess_scope(a, tenant));
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

void
shop_sessions_bump(struct arena *a, int64_t tenant)
{
	sec_sess_bump(a, sess_scope(a, tenant));
}

enum souk_err
shop_sessions_end(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, int64_t id)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(principals[p].name),
	    DB_I(id) };
	enum souk_err	 er;

	/*
	 * Inside a caller's transaction the new epoch comes before the
	 * commit: a reader may then cache a row the commit deletes, for
	 * SESS_TTL at most.  So the callers that commit later bump again.
	 */
	if ((er = db_exec(db, a, SQL_SESSIONS_END, args, 3, NULL)) == SOUK_OK)
		sec_sess_bump(a, sess_scope(a, tenant));
	return er;
}

enum souk_err
shop_sessions_end_tenant(struct db *db, struct arena *a, int64_t tenant)
{
	struct db_arg	 arg = DB_I(tenant);
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_SESSIONS_END_TENANT, &arg, 1, NULL)) ==
	    SOUK_OK)
		sec_sess_bump(a, sess_scope(a, tenant));
	return er;
}

enum souk_err
shop_password_change(struct db *db, struct arena *a, int64_t tenant,
    const struct shop_account *ac, const char *current, const char *password,
    const char **why)
{
	const struct principal_def *d = &principals[ac->principal];
	struct shop_account	 me;
	const char		*hash;
	enum souk_err		 er;
	int			 stronger;

	*why = NULL;
	er = account_lookup(db, a, tenant, ac->principal, ac->email, &me,
	    &hash);
	if (er == SOUK_NOTFOUND || (er == SOUK_OK && (hash == NULL ||
	    me.id != ac->id)))
		return SOUK_UNAUTHORIZED;
	if (er != SOUK_OK ||
	    (er = sec_password_check(hash, current, &stronger)) != SOUK_OK)
		return er;
	if ((*why = sec_password_weak(password, d->pw_min)) != NULL) {
		*why = arena_printf(a, "password %s", *why);
		return SOUK_INVALID;
	}
	if ((er = sec_password_hash(a, password, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg up[] = { DB_S(hash), DB_I(tenant), DB_I(ac->id) };

		if ((er = db_exec(db, a, d->password, up, 3, NULL)) != SOUK_OK)
			return er;
	}
	return shop_sessions_end(db, a, tenant, ac->principal, ac->id);
}

int
shop_can(const struct shop_account *ac, const char *perm)
{
	return ac->principal == SHOP_STAFF &&
	    str_list_has(ac->permissions, perm);
}

/* ---- single-use links ---------------------------------------------- */

enum souk_err
shop_token_issue(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, int64_t id, const char *purpose, int ttl,
    const char **token)
{
	const char	*hash;
	enum souk_err	 er;

	if ((er = sec_token_new(a, LINK_PREFIX, token, &hash)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_I(tenant), DB_S(hash),
		    DB_S(principals[p].name), DB_I(id), DB_S(purpose),
		    DB_I(ttl) };

		return db_exec(db, a, SQL_TOKEN_INSERT, args, 6, NULL);
	}
}

/* The account a live token of purpose is for; 0 if none. */
static int64_t
token_account(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *purpose, const char *hash)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_S(hash), DB_S(purpose),
	    DB_S(principals[p].name) };
	struct db_res	 res;

	if (hash == NULL || db_exec(db, a, SQL_TOKEN_GET, args, 4, &res) !=
	    SOUK_OK || res.nrows != 1)
		return 0;
	return db_cell_i64(&res, 0, 0);
}

int
shop_token_valid(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *purpose, const char *token,
    int64_t *id)
{
	*id = token_account(db, a, tenant, p, purpose,
	    sec_token_hash(a, LINK_PREFIX, token));
	return *id != 0;
}

struct spend {
	struct arena		*a;
	int64_t			 tenant;
	enum shop_principal	 p;
	const char		*purpose;
	const char		*token_hash;
	const char		*pw_hash;	/* NULL: verify the e-mail */
	const char		*name;		/* NULL: keep */
};

/* One transaction: the token is spent only if its effect is written. */
static enum souk_err
spend_tx(struct db *db, void *arg)
{
	struct spend	*s = arg;
	int64_t		 id;
	struct db_res	 res;
	enum souk_err	 er;

	id = token_account(db, s->a, s->tenant, s->p, s->purpose,
	    s->token_hash);
	{
		struct db_arg use[] = { DB_I(s->tenant), DB_S(s->token_hash),
		    DB_S(s->purpose), DB_S(principals[s->p].name) };

		if ((er = db_exec(db, s->a, SQL_TOKEN_USE, use, 4, &res)) !=
		    SOUK_OK)
			return er;
	}
	if (id == 0 || res.affected != 1)
		return SOUK_NOTFOUND;
	if (str_eq(s->purpose, "staff_invitation")) {
		/* An invitation is for an invited member only: once one
		 * link is accepted, the others are worth nothing. */
		struct shop_staff st;

		if ((er = shop_staff_get(db, s->a, s->tenant, id, &st)) !=
		    SOUK_OK)
			return er;
		if (!str_eq(st.status, "invited"))
			return SOUK_NOTFOUND;
	}
	if (s->pw_hash == NULL) {
		struct db_arg v[] = { DB_I(s->tenant), DB_I(id) };

		return db_exec(db, s->a, SQL_CUSTOMER_VERIFIED, v, 2, NULL);
	}
	{
		struct db_arg pw[] = { DB_S(s->pw_hash), DB_I(s->tenant),
		    DB_I(id) };

		if ((er = db_exec(db, s->a, principals[s->p].password, pw, 3,
		    &res)) != SOUK_OK)
			return er;
		if (res.affected != 1)
			return SOUK_NOTFOUND;	/* disabled meanwhile */
	}
	if (s->name != NULL && (er = shop_account_set_name(db, s->a,
	    s->tenant, s->p, id, s->name)) != SOUK_OK)
		return er;
	return shop_sessions_end(db, s->a, s->tenant, s->p, id);
}

enum souk_err
shop_token_password(struct db *db, struct arena *a, int64_t tenant,
    enum shop_principal p, const char *purpose, const char *token,
    const char *password, const char *name, const char **why)
{
	struct spend	 s = { a, tenant, p, purpose, NULL, NULL, name };
	enum souk_err	 er;

	*why = NULL;
	if ((s.token_hash = sec_token_hash(a, LINK_PREFIX, token)) == NULL)
		return SOUK_NOTFOUND;
	if ((*why = sec_password_weak(password, principals[p].pw_min)) !=
	    NULL) {
		*why = arena_printf(a, "password %s", *why);
		return SOUK_INVALID;
	}
	if ((er = sec_password_hash(a, password, &s.pw_hash)) != SOUK_OK)
		return er;
	if ((er = db_tx(db, spend_tx, &s)) == SOUK_OK)
		shop_sessions_bump(a, tenant);
	return er;
}

enum souk_err
shop_token_verify_email(struct db *db, struct arena *a, int64_t tenant,
    const char *token)
{
	struct spend	 s = { a, tenant, SHOP_CUSTOMER, "email_verification",
	    NULL, NULL, NULL };
	enum souk_err	 er;

	if ((s.token_hash = sec_token_hash(a, LINK_PREFIX, token)) == NULL)
		return SOUK_NOTFOUND;
	if ((er = db_tx(db, spend_tx, &s)) == SOUK_OK)
		shop_sessions_bump(a, tenant);	/* records hold "verified" */
	return er;
}
