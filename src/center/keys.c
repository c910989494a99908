/*
 * API keys of external systems (seed §10.4: ERP, CRM, ITSM), managed in
 * Center: created with scopes such as tenants:read and tenants:write,
 * rotated (the old secret stays valid a few days) and revoked.  A
 * secret is shown once.  Every change is audited.  The keys live in
 * Center's database but are read and written through the signing
 * plane's statements (sec_key_sql), on the connection keys; db is
 * Center's own, for the audit log.
 */
#include <string.h>

#include "center/center.h"
#include "sec/sec.h"

/* Scopes an external system may hold. */
static const char *const external_scopes = "tenants:read,tenants:write";

/* Days the old secret of a rotated key keeps working. */
#define ROTATE_DAYS	7

static enum souk_err
key_audit(struct db *db, struct arena *a, const struct ctr_actor *who,
    const char *action, const char *pk, const char *after)
{
	struct ctr_audit	 e = { action, NULL, 0, NULL, after };

	e.target = arena_printf(a, "key:%s", pk);
	return ctr_audit(db, a, who, &e);
}

enum souk_err
ctr_key_list(struct db *keys, struct arena *a, struct db_res *out)
{
	return db_exec(keys, a, KEY_LIST, NULL, 0, out);
}

enum souk_err
ctr_key_new(struct db *keys, struct db *db, struct arena *a,
    const struct ctr_actor *who,
    const struct ctr_key_in *in, struct ctr_key_made *out,
    struct souk_why *why)
{
	struct sec_key_new	 k;
	struct sec_key_created	 c;
	enum souk_err		 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	memset(&k, 0, sizeof(k));
	k.owner = in->owner;
	k.kind = "external";
	k.tenants = in->tenants;
	k.scopes = in->scopes;
	k.ips = in->ips;
	k.rate_limit = in->rate;
	k.expires_days = in->days;
	if (in->scopes == NULL || *in->scopes == '\0' ||
	    !ctr_csv_within(in->scopes, external_scopes))
		return souk_why_set(why, SOUK_INVALID, "scopes", "one or more "
		    "of tenants:read, tenants:write");
	if (in->owner == NULL || in->tenants == NULL || in->ips == NULL ||
	    !sec_key_new_ok(&k))
		return souk_why_set(why, SOUK_INVALID, NULL, "owner (letters, "
		    "digits, . _ - and spaces, at most 64), tenants (\"all\" "
		    "or ids), allowed_ips (addresses or CIDRs), rate_limit "
		    "(> 0) and expires_days (>= 0) must be well-formed");
	if ((er = sec_key_create(keys, a, &k, &c)) != SOUK_OK)
		return er;
	out->public_key = c.public_key;
	out->secret = c.secret;
	/* the key stands; an audit row that failed is in the log */
	(void)key_audit(db, a, who, "key.create", c.public_key, json_kv_text(a,
	    "owner", in->owner, "scopes", in->scopes));
	return SOUK_OK;
}

enum souk_err
ctr_key_change(struct db *keys, struct db *db, struct cache *cache,
    struct arena *a, const struct ctr_actor *who,
    const char *pk, const char *act, struct ctr_key_made *out)
{
	struct sec_key_created	 c;
	struct db_arg		 arg = DB_S(pk);
	struct db_res		 res;
	enum souk_err		 er;

	memset(out, 0, sizeof(*out));
	/* the programs' own keys are rotated with soukctl, not here */
	if ((er = db_exec(keys, a, KEY_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1 || !str_eq(db_cell(&res, 0, 3), "external"))
		return SOUK_NOTFOUND;
	if (str_eq(act, "revoke")) {
		if ((er = sec_key_revoke(keys, a, pk)) != SOUK_OK)
			return er;
		sec_key_uncache(cache, a, pk, 1);
		return key_audit(db, a, who, "key.revoke", pk, NULL);
	}
	if (!str_eq(act, "rotate"))
		return SOUK_NOTFOUND;
	if ((er = sec_key_rotate(keys, a, pk, ROTATE_DAYS, &c)) !=
	    SOUK_OK)
		return er;
	sec_key_uncache(cache, a, pk, 0);
	out->public_key = c.public_key;
	out->secret = c.secret;
	return key_audit(db, a, who, "key.rotate", pk, json_kv_text(a,
	    "new_key", c.public_key, NULL, NULL));
}
