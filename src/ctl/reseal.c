/*
 * soukctl keys derive|reseal: the purpose keys of the programs.
 *
 * derive prints a purpose key (hex) of the master key, for a program's
 * seal_key_file, totp_key_file, session_key_file or cache_key_file.
 *
 * reseal turns secrets sealed under the master key itself (before
 * purpose keys) into v2 values under their purpose key, so that the
 * programs can run without the master key.  Each row is changed only if
 * it still holds the value read (a conditional UPDATE); running it again
 * finds nothing to do.
 */
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "sec/sec.h"
#include "store/store.h"

/*
 * Every sealed column: its SELECT gives label, sealed value and the
 * row's keys (k1, k2) of the rows not yet v2; its UPDATE takes the new
 * value, the old one, k1 and k2.
 */
enum { RS_KEYS_GET, RS_KEYS_SET, RS_HOOKS_GET, RS_HOOKS_SET, RS_ADM_GET,
	RS_ADM_SET, RS_ADMP_GET, RS_ADMP_SET, RS__CENTER };
enum { RS_STAFF_GET, RS_STAFF_SET, RS_STAFFP_GET, RS_STAFFP_SET,
	RS__SHOP };

static const struct db_stmt_def center_rs[RS__CENTER] = {
	{ "rs_keys_get", "SELECT public_key, secret_enc, public_key, 0 "
	  "FROM api_keys WHERE secret_enc NOT LIKE 'v2:%'" },
	{ "rs_keys_set", "UPDATE api_keys SET secret_enc = ? "
	  "WHERE secret_enc = ? AND public_key = ? AND 0 = ?" },
	{ "rs_hooks_get", "SELECT CONCAT('webhook:', id), secret_enc, id, 0 "
	  "FROM webhook_subscriptions WHERE secret_enc NOT LIKE 'v2:%'" },
	{ "rs_hooks_set", "UPDATE webhook_subscriptions SET secret_enc = ? "
	  "WHERE secret_enc = ? AND id = ? AND 0 = ?" },
	{ "rs_adm_get", "SELECT CONCAT('totp:admin:', id), totp_secret, id, 0 "
	  "FROM platform_admins WHERE totp_secret NOT LIKE 'v2:%'" },
	{ "rs_adm_set", "UPDATE platform_admins SET totp_secret = ? "
	  "WHERE totp_secret = ? AND id = ? AND 0 = ?" },
	{ "rs_admp_get", "SELECT CONCAT('totp:admin:', id), totp_pending, id, "
	  "0 FROM platform_admins WHERE totp_pending NOT LIKE 'v2:%'" },
	{ "rs_admp_set", "UPDATE platform_admins SET totp_pending = ? "
	  "WHERE totp_pending = ? AND id = ? AND 0 = ?" },
};

/* An operator's pass over every shop: tenant_id is a key of each row. */
static const struct db_stmt_def shop_rs[RS__SHOP] = {
	{ "rs_staff_get", "SELECT CONCAT('totp:staff:', tenant_id, ':', id), "
	  "totp_secret, tenant_id, id FROM staff "
	  "WHERE totp_secret NOT LIKE 'v2:%'" },
	{ "rs_staff_set", "UPDATE staff SET totp_secret = ? "
	  "WHERE totp_secret = ? AND tenant_id = ? AND id = ?" },
	{ "rs_staffp_get", "SELECT CONCAT('totp:staff:', tenant_id, ':', id), "
	  "totp_pending, tenant_id, id FROM staff "
	  "WHERE totp_pending NOT LIKE 'v2:%'" },
	{ "rs_staffp_set", "UPDATE staff SET totp_pending = ? "
	  "WHERE totp_pending = ? AND tenant_id = ? AND id = ?" },
};

/* One column: the rows resealed, or -1 on a database error. */
static int64_t
reseal_column(struct ctl *c, struct db *db, int get, enum sec_key purpose)
{
	struct db_res	 res;
	struct db_arg	 set[4];
	const char	*label, *plain, *sealed;
	int64_t		 n = 0;
	size_t		 i;

	if (db_exec(db, c->a, get, NULL, 0, &res) != SOUK_OK)
		return -1;
	for (i = 0; i < res.nrows; i++) {
		label = db_cell(&res, i, 0);
		if ((plain = sec_secret_open(c->a, purpose, label,
		    db_cell(&res, i, 1))) == NULL) {
			fprintf(stderr, "soukctl: keys reseal: %s does not "
			    "open with the master key: left as it is\n", label);
			continue;
		}
		if ((sealed = sec_secret_seal(c->a, purpose, label, plain)) ==
		    NULL)
			return -1;
		set[0] = DB_S(sealed);
		set[1] = DB_S(db_cell(&res, i, 1));
		set[2] = DB_S(db_cell(&res, i, 2));
		set[3] = DB_S(db_cell(&res, i, 3));
		if (db_exec(db, c->a, get + 1, set, 4, NULL) != SOUK_OK)
			return -1;
		n++;
	}
	return n;
}

/* Every column of one database; -1 on a database error. */
static int64_t
reseal_db(struct ctl *c, const char *name, const struct db_stmt_def *defs,
    size_t n, const enum sec_key *purposes)
{
	struct db	*db;
	int64_t		 done = 0, k;
	size_t		 i;

	if ((db = ctl_db(c, name, defs, n)) == NULL)
		return -1;
	for (i = 0; i < n; i += 2) {
		if ((k = reseal_column(c, db, (int)i, purposes[i / 2])) == -1) {
			fprintf(stderr, "soukctl: keys reseal: %s: %s\n",
			    defs[i].name, db_error(db));
			done = -1;
			break;
		}
		done += k;
	}
	db_free(db);
	return done;
}

static int
keys_reseal(struct ctl *c)
{
	static const enum sec_key center_p[] = { SEC_KEY_SEAL, SEC_KEY_SEAL,
	    SEC_KEY_TOTP, SEC_KEY_TOTP };
	static const enum sec_key shop_p[] = { SEC_KEY_TOTP, SEC_KEY_TOTP };
	int64_t		 a, b;

	if (*c->conf.master_key == '\0') {
		fprintf(stderr, "soukctl: keys reseal: needs "
		    "master_key_file\n");
		return 1;
	}
	if ((a = reseal_db(c, c->conf.center_db_name, center_rs, RS__CENTER,
	    center_p)) == -1 || (b = reseal_db(c, c->conf.shop_db_name,
	    shop_rs, RS__SHOP, shop_p)) == -1)
		return 1;
	printf("%lld secrets resealed under their purpose keys\n",
	    (long long)(a + b));
	return 0;
}

static int
keys_derive(struct ctl *c, const char *purpose)
{
	unsigned char	 k[32];
	size_t		 i;

	if (strcmp(purpose, "cache") != 0 && strcmp(purpose, "seal") != 0 &&
	    strcmp(purpose, "totp") != 0 && strcmp(purpose, "session") != 0) {
		fprintf(stderr, "soukctl: keys derive: cache, seal, totp or "
		    "session\n");
		return 2;
	}
	if (sec_key_derive(c->conf.master_key, purpose, k, sizeof(k)) == -1) {
		fprintf(stderr, "soukctl: keys derive: needs master_key_file "
		    "(64 hex digits)\n");
		return 1;
	}
	for (i = 0; i < sizeof(k); i++)
		printf("%02x", k[i]);
	printf("\n");
	return 0;
}

int
ctl_keys_purpose(struct ctl *c, int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "derive") == 0)
		return keys_derive(c, argv[2]);
	if (argc == 2 && strcmp(argv[1], "reseal") == 0)
		return keys_reseal(c);
	return -1;
}
