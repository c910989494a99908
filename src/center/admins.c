/*
 * Platform admins beyond what auth/ keeps for every plane: their
 * permissions and roles, and the link of an admin to an identity
 * provider's account.  The link is made at the first single sign-on and
 * pinned: the provider's subject, not only the e-mail address, must
 * match afterwards, so an account of the provider that later claims the
 * address cannot take the admin over.
 */
#include <string.h>

#include "center/center.h"

const char *const ctr_perms[CTR_P__MAX] = {
	NULL,			/* CTR_P_NONE */
	"tenants.read",		/* CTR_P_TENANTS_READ */
	"tenants.write",	/* CTR_P_TENANTS_WRITE */
	"tenants.lifecycle",	/* CTR_P_TENANTS_LIFECYCLE */
	"plans.write",		/* CTR_P_PLANS_WRITE */
	"keys.manage",		/* CTR_P_KEYS_MANAGE */
	"admins.read",		/* CTR_P_ADMINS_READ */
	"admins.write",		/* CTR_P_ADMINS_WRITE */
	"settings.write",	/* CTR_P_SETTINGS_WRITE */
	"audit.read",		/* CTR_P_AUDIT_READ */
	"webhooks.manage",	/* CTR_P_WEBHOOKS_MANAGE */
};

const char *const ctr_roles[] = { "owner", "ops", "support", "auditor",
	NULL };

enum souk_err
ctr_admin_oidc(struct db *db, struct arena *a, const char *issuer,
    const char *subject, const char *email, int64_t *id, const char **why)
{
	const char	*e = str_lower_dup(a, email);
	struct db_arg	 v[] = { DB_S(issuer), DB_S(subject), DB_S(e) };
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*why = NULL;
	if (e == NULL)
		return SOUK_ENOMEM;
	if ((er = db_exec(db, a, CTR_AD_OIDC, v, 3, &res)) != SOUK_OK)
		return er;
	for (i = 0; i < res.nrows; i++)	/* the linked one first */
		if (str_eq(db_cell(&res, i, 1), issuer) &&
		    str_eq(db_cell(&res, i, 2), subject)) {
			*id = db_cell_i64(&res, i, 0);
			return SOUK_OK;
		}
	if (res.nrows == 0)
		return SOUK_NOTFOUND;
	if (db_cell(&res, 0, 2) != NULL) {
		*why = "this admin is linked to another account of the "
		    "identity provider";
		return SOUK_FORBIDDEN;
	}
	*id = db_cell_i64(&res, 0, 0);
	{
		struct db_arg pin[] = { DB_S(issuer), DB_S(subject), DB_I(*id) };

		if ((er = db_exec(db, a, CTR_AD_OIDC_PIN, pin, 3, &res)) !=
		    SOUK_OK)
			return er;
	}
	/* Nobody else pinned it meanwhile: else, the same refusal. */
	if (res.affected != 1) {
		*why = "this admin is linked to another account of the "
		    "identity provider";
		return SOUK_FORBIDDEN;
	}
	return SOUK_OK;
}
