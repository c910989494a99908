/*
 * Who calls Center's API and acts in its audit log: a platform admin
 * (a bearer token or a page's session, checked by auth/ as the route
 * declares) or an external system's call signed with its API key (seed
 * §10.4), whose key must carry the route's scope.  Both are audited
 * alike.
 */
#include <string.h>

#include "center/api.h"

/* The admin as the author of a change. */
static void
actor_admin(struct req *r, const struct auth_account *ac,
    struct ctr_actor *who)
{
	memset(who, 0, sizeof(*who));
	who->reqid = r->reqid;
	who->addr = r->remote_addr;
	if (ac == NULL) {
		who->who = "anonymous";
		return;
	}
	who->admin = ac->id;
	who->who = arena_printf(r->a, "admin:%lld %s", (long long)ac->id,
	    ac->email);
}

enum souk_err
ctr_actor_of(struct req *r, struct ctr_actor *who)
{
	const struct sec_caller	*k = r->principal;

	actor_admin(r, auth_of(r), who);
	if (auth_of(r) == NULL && k != NULL)
		who->who = arena_printf(r->a, "key:%s (%s)", k->public_key,
		    k->owner);
	return who->who != NULL ? SOUK_OK : SOUK_ENOMEM;
}

int
ctr_principal_tenant(const struct req *r, const struct ctr_actor *who,
    int64_t id)
{
	return who->admin != 0 || str_eq(who->who, "system") ||
	    r->principal == NULL || sec_caller_tenant(r->principal, id);
}

enum souk_err
ctr_actor_all(struct req *r, struct ctr_actor *who)
{
	enum souk_err	 er;

	if ((er = ctr_actor_of(r, who)) != SOUK_OK)
		return er;
	return ctr_all_tenants(r);
}

enum souk_err
ctr_all_tenants(struct req *r)
{
	const struct sec_caller	*k = r->principal;

	if (auth_of(r) != NULL || k == NULL || str_eq(k->tenants, "all"))
		return SOUK_OK;
	r->detail = "This needs a key for all tenants.";
	return SOUK_FORBIDDEN;
}

void
ctr_field_err(void *arg, const char *field, const char *msg)
{
	(void)req_field_error(arg, field, msg);
}

void
ctr_audit_auth(struct req *r, const struct auth_account *ac,
    const char *action, const char *target, const char *after)
{
	struct ctr_actor	 who;
	struct ctr_audit	 e = { action, target, 0, NULL, after };

	actor_admin(r, ac, &who);
	if (who.who != NULL && app_db(r->app) != NULL)
		(void)ctr_audit(app_db(r->app), r->a, &who, &e);
}
