/*
 * API keys (souk_center.api_keys): creation with a secret shown once,
 * the secret stored sealed under the seal key (purpose.c: AES-256-GCM,
 * the public key as associated data, so a sealed secret cannot be moved
 * to another key), revocation and rotation.
 */
#include <ctype.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "sec/sec.h"

#define KEY_RAND	32	/* bytes of a secret */

const struct db_stmt_def sec_key_sql[KEY__MAX] = {
	{ "key_insert",		/* KEY_INSERT */
	  "INSERT INTO api_keys (public_key, secret_enc, owner, owner_kind, "
	  "tenants, scopes, allowed_ips, rate_limit, expires_at) VALUES (?, ?, "
	  "?, ?, ?, ?, ?, ?, IF(? > 0, UTC_TIMESTAMP() + INTERVAL ? DAY, "
	  "NULL))" },
	{ "key_list",		/* KEY_LIST */
	  "SELECT public_key, owner, owner_kind, tenants, scopes, status, "
	  "created_at, expires_at, deprecated_until, last_used_at, "
	  "allowed_ips, rate_limit "
	  "FROM api_keys ORDER BY id" },
	{ "key_get",		/* KEY_GET */
	  "SELECT public_key, secret_enc, owner, owner_kind, tenants, scopes, "
	  "rate_limit, status, allowed_ips FROM api_keys WHERE public_key = ?" },
	{ "key_revoke",		/* KEY_REVOKE */
	  "UPDATE api_keys SET status = 'revoked', version = version + 1 "
	  "WHERE public_key = ? AND status <> 'revoked'" },
	{ "key_deprecate",	/* KEY_DEPRECATE */
	  "UPDATE api_keys SET status = 'deprecated', version = version + 1, "
	  "deprecated_until = UTC_TIMESTAMP() + INTERVAL ? DAY "
	  "WHERE public_key = ? AND status = 'active'" },
	{ "key_verify",		/* KEY_VERIFY */
	  "SELECT status, UNIX_TIMESTAMP(deprecated_until), "
	  "UNIX_TIMESTAMP(expires_at), rate_limit, owner, owner_kind, tenants, "
	  "scopes, allowed_ips, secret_enc, version FROM api_keys "
	  "WHERE public_key = ?" },
	{ "key_touch",		/* KEY_TOUCH */
	  "UPDATE api_keys SET last_used_at = UTC_TIMESTAMP() "
	  "WHERE public_key = ? AND (last_used_at IS NULL OR "
	  "last_used_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND)" },
	{ "nonce_insert",	/* KEY_NONCE */
	  "INSERT INTO request_nonces (api_key, nonce) "
	  "SELECT public_key, ? FROM api_keys "
	  "WHERE public_key = ? AND version = ?" },
	{ "nonce_purge",	/* KEY_NONCE_PURGE */
	  "DELETE FROM request_nonces "
	  "WHERE seen_at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 10000" },
	{ "fail_add",	/* KEY_FAIL_ADD */
	  "INSERT INTO signin_failures (key_hash, win, failures) "
	  "VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE failures = failures + 1" },
	{ "fail_get",	/* KEY_FAIL_GET */
	  "SELECT COALESCE(MAX(failures), 0) FROM signin_failures "
	  "WHERE key_hash = ? AND win = ?" },
	{ "fail_purge",	/* KEY_FAIL_PURGE */
	  "DELETE FROM signin_failures WHERE win < ? LIMIT 10000" },
};

/* 1 if every character of s is in set (or alphanumeric when alnum). */
static int
chars_ok(const char *s, const char *set, int alnum)
{
	if (s == NULL || *s == '\0' || strlen(s) > 1000)
		return 0;
	for (; *s != '\0'; s++)
		if (strchr(set, *s) == NULL &&
		    !(alnum && isalnum((unsigned char)*s)))
			return 0;
	return 1;
}

int
sec_key_new_ok(const struct sec_key_new *k)
{
	static const char *const kinds[] = { "center", "tenant-app",
	    "services", "external" };
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (str_eq(k->kind, kinds[i]))
			break;
	return i < sizeof(kinds) / sizeof(kinds[0]) &&
	    chars_ok(k->owner, "._- ", 1) && strlen(k->owner) <= 64 &&
	    (str_eq(k->tenants, "all") || chars_ok(k->tenants, "0123456789,",
	    0)) && (*k->scopes == '\0' || chars_ok(k->scopes,
	    "abcdefghijklmnopqrstuvwxyz:_-,", 0)) && (*k->ips == '\0' ||
	    chars_ok(k->ips, "0123456789abcdefABCDEF.:/,", 0)) &&
	    k->rate_limit > 0 && k->expires_days >= 0;
}

enum souk_err
sec_key_create(struct db *db, struct arena *a,
    const struct sec_key_new *k, struct sec_key_created *out)
{
	const char	*sealed;

	out->public_key = sec_random_hex(a, "pk_", 12);
	out->secret = sec_random_hex(a, "sk_", KEY_RAND);
	if (out->public_key == NULL || out->secret == NULL)
		return SOUK_ENOMEM;
	if ((sealed = sec_secret_seal(a, SEC_KEY_SEAL, out->public_key,
	    out->secret)) ==
	    NULL)
		return SOUK_INVALID;	/* no seal key, typically */
	{
		struct db_arg args[] = { DB_S(out->public_key), DB_S(sealed),
		    DB_S(k->owner), DB_S(k->kind), DB_S(k->tenants),
		    DB_S(k->scopes), DB_S(k->ips != NULL ? k->ips : ""),
		    DB_I(k->rate_limit), DB_I(k->expires_days),
		    DB_I(k->expires_days) };

		return db_exec(db, a, KEY_INSERT, args, 10, NULL);
	}
}

enum souk_err
sec_key_secret(struct db *db, struct arena *a,
    const char *public_key, const char **secret)
{
	struct db_arg	 arg = DB_S(public_key);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, KEY_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	*secret = sec_secret_open(a, SEC_KEY_SEAL, public_key,
	    db_cell(&res, 0, 1));
	return *secret == NULL ? SOUK_INVALID : SOUK_OK;
}

enum souk_err
sec_key_revoke(struct db *db, struct arena *a, const char *public_key)
{
	struct db_arg	 arg = DB_S(public_key);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, KEY_REVOKE, &arg, 1, &res)) != SOUK_OK)
		return er;
	return res.affected == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

/*
 * A new key with the same owner, tenants, scopes and limit; the old one
 * stays valid, deprecated, for days more, so that traffic never stops.
 */
enum souk_err
sec_key_rotate(struct db *db, struct arena *a,
    const char *public_key, int days, struct sec_key_created *out)
{
	struct db_arg	 arg = DB_S(public_key);
	struct db_arg	 dep[] = { DB_I(days), DB_S(public_key) };
	struct sec_key_new k;
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, KEY_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1 || !str_eq(db_cell(&res, 0, 7), "active"))
		return SOUK_NOTFOUND;
	memset(&k, 0, sizeof(k));
	k.owner = db_cell(&res, 0, 2);
	k.kind = db_cell(&res, 0, 3);
	k.tenants = db_cell(&res, 0, 4);
	k.scopes = db_cell(&res, 0, 5);
	k.rate_limit = (int)db_cell_i64(&res, 0, 6);
	k.ips = db_cell(&res, 0, 8);
	if ((er = sec_key_create(db, a, &k, out)) != SOUK_OK ||
	    (er = db_exec(db, a, KEY_DEPRECATE, dep, 2, &res)) != SOUK_OK)
		return er;
	return res.affected == 1 ? SOUK_OK : SOUK_CONFLICT;
}
