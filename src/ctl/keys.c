/*
 * soukctl keys create|list|rotate|revoke: the API keys other systems sign
 * their calls with.  A secret is printed once, at creation or rotation.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl/ctl.h"
#include "sec/sec.h"

static int
keys_usage(void)
{
	fprintf(stderr, "usage: soukctl keys create --owner NAME "
	    "--tenants all|ID,... [--scopes S,...]\n"
	    "           [--kind center|tenant-app|services|external] "
	    "[--ips ADDR[/BITS],...]\n"
	    "           [--rate-limit N] [--expires-days N] [--json]\n"
	    "       soukctl keys list [--json]\n"
	    "       soukctl keys rotate PUBLIC_KEY [--days N] [--json]\n"
	    "       soukctl keys revoke PUBLIC_KEY\n"
	    "       soukctl keys derive cache|seal|totp|session\n"
	    "       soukctl keys reseal\n");
	return 2;
}


static int
int_opt(const char *s, int *out)
{
	int64_t	 v;

	if (str_to_i64(s, 0, 1000000, &v) != SOUK_OK)
		return -1;
	*out = (int)v;
	return 0;
}

static int
keys_print_created(const struct sec_key_created *k, int json)
{
	struct json_object	*o = json_object_new_object();

	if (json) {
		json_object_object_add(o, "api_key",
		    json_object_new_string(k->public_key));
		json_object_object_add(o, "secret",
		    json_object_new_string(k->secret));
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN));
	} else
		printf("api key: %s\nsecret:  %s\n(the secret is not shown "
		    "again)\n", k->public_key, k->secret);
	json_object_put(o);
	return 0;
}

static int
keys_create(struct ctl *c, struct db *db, int argc, char **argv)
{
	struct sec_key_new	 k = { NULL, "external", NULL, "", "", 600, 0 };
	struct sec_key_created	 out;
	int			 i, json = 0;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (i + 1 >= argc)
			return keys_usage();
		else if (strcmp(argv[i], "--owner") == 0)
			k.owner = argv[++i];
		else if (strcmp(argv[i], "--tenants") == 0)
			k.tenants = argv[++i];
		else if (strcmp(argv[i], "--scopes") == 0)
			k.scopes = argv[++i];
		else if (strcmp(argv[i], "--kind") == 0)
			k.kind = argv[++i];
		else if (strcmp(argv[i], "--ips") == 0)
			k.ips = argv[++i];
		else if ((strcmp(argv[i], "--rate-limit") == 0 &&
		    int_opt(argv[++i], &k.rate_limit) == 0) ||
		    (strcmp(argv[i], "--expires-days") == 0 &&
		    int_opt(argv[++i], &k.expires_days) == 0))
			continue;
		else
			return keys_usage();
	}
	if (!sec_key_new_ok(&k)) {
		fprintf(stderr, "soukctl: keys create: invalid or missing "
		    "--owner, --tenants, --scopes, --ips, --kind or "
		    "--rate-limit\n");
		return 2;
	}
	if (sec_key_create(db, c->a, &k, &out) != SOUK_OK) {
		fprintf(stderr, "soukctl: keys create: %s\n",
		    !sec_key_have(SEC_KEY_SEAL) ? "no master_key_file or "
		    "seal_key_file configured" : db_error(db));
		return 1;
	}
	return keys_print_created(&out, json);
}

static int
keys_list(struct ctl *c, struct db *db, int json)
{
	struct json_object	*arr = json_object_new_array(), *o;
	struct db_res		 res;
	size_t			 r, i;

	if (db_exec(db, c->a, KEY_LIST, NULL, 0, &res) != SOUK_OK) {
		fprintf(stderr, "soukctl: %s\n", db_error(db));
		json_object_put(arr);
		return 1;
	}
	for (r = 0; r < res.nrows; r++) {
		o = json_object_new_object();
		for (i = 0; i < res.ncols; i++)
			json_object_object_add(o, res.cols[i],
			    db_cell(&res, r, i) == NULL ? NULL :
			    json_object_new_string(db_cell(&res, r, i)));
		json_object_array_add(arr, o);
		if (!json)
			printf("%-28s %-10s %-12s %-16s %s\n",
			    db_cell(&res, r, 0), db_cell(&res, r, 5),
			    db_cell(&res, r, 2), db_cell(&res, r, 1),
			    db_cell(&res, r, 4));
	}
	if (json)
		printf("%s\n", json_object_to_json_string_ext(arr,
		    JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	return 0;
}

static int
keys_rotate(struct ctl *c, struct db *db, int argc, char **argv)
{
	struct sec_key_created	 out;
	int			 i, days = 7, json = 0;

	for (i = 3; i < argc; i++)
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--days") != 0 || i + 1 >= argc ||
		    int_opt(argv[++i], &days) == -1)
			return keys_usage();
	if (sec_key_rotate(db, c->a, argv[2], days, &out) != SOUK_OK) {
		fprintf(stderr, "soukctl: keys rotate: no active key \"%s\"\n",
		    argv[2]);
		return 1;
	}
	return keys_print_created(&out, json);
}

/* Verifiers cache key records for seconds: drop the changed one now. */
static void
keys_uncache(struct ctl *c, const char *public_key, int revoked)
{
	struct cache	*mc;

	if ((mc = ctl_cache(c)) == NULL)
		return;
	sec_key_uncache(mc, c->a, public_key, revoked);
	cache_free(mc);
}

int
ctl_keys(struct ctl *c, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	if (argc < 2)
		return keys_usage();
	if ((rc = ctl_keys_purpose(c, argc, argv)) != -1)
		return rc;
	if ((db = ctl_db(c, c->conf.center_db_name, sec_key_sql, KEY__MAX)) ==
	    NULL)
		return 1;
	if (strcmp(argv[1], "create") == 0)
		rc = keys_create(c, db, argc, argv);
	else if (strcmp(argv[1], "list") == 0)
		rc = keys_list(c, db, argc > 2 && strcmp(argv[2], "--json") == 0);
	else if (strcmp(argv[1], "rotate") == 0 && argc >= 3) {
		if ((rc = keys_rotate(c, db, argc, argv)) == 0)
			keys_uncache(c, argv[2], 0);
	}
	else if (strcmp(argv[1], "revoke") == 0 && argc == 3) {
		rc = sec_key_revoke(db, c->a, argv[2]) == SOUK_OK ? 0 : 1;
		if (rc == 0) {
			keys_uncache(c, argv[2], 1);
			printf("key %s revoked\n", argv[2]);
		}
		else
			fprintf(stderr, "soukctl: keys revoke: no such key "
			    "\"%s\" (or already revoked)\n", argv[2]);
	} else
		rc = keys_usage();
	db_free(db);
	return rc;
}
