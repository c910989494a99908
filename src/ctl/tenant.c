/* soukctl tenant list [--json]: the tenants the shop database knows. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "auth/auth.h"
#include "center/center.h"
#include "ctl/ctl.h"
#include "sec/sec.h"
#include "services/services.h"
#include "shop/shop.h"

static void
tenant_print_json(const struct db_res *res)
{
	struct json_object	*arr = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id",
		    json_object_new_int64(db_cell_i64(res, i, 0)));
		json_object_object_add(o, "slug",
		    json_object_new_string(db_cell(res, i, 1)));
		json_object_object_add(o, "name",
		    json_object_new_string(db_cell(res, i, 2)));
		json_object_object_add(o, "state",
		    json_object_new_string(db_cell(res, i, 3)));
		json_object_array_add(arr, o);
	}
	printf("%s\n", json_object_to_json_string_ext(arr,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
}

static int
tenant_list(struct ctl *c, int json)
{
	struct db_res	 res;
	struct db	*db;
	size_t		 i;

	db = ctl_db(c, c->conf.shop_db_name, shop_sql, SQL__MAX);
	if (db == NULL)
		return 1;
	if (db_exec(db, c->a, SQL_TENANT_LIST, NULL, 0, &res) != SOUK_OK) {
		fprintf(stderr, "soukctl: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	if (json)
		tenant_print_json(&res);
	else
		for (i = 0; i < res.nrows; i++)
			printf("%-6s %-20s %-12s %s\n", db_cell(&res, i, 0),
			    db_cell(&res, i, 1), db_cell(&res, i, 3),
			    db_cell(&res, i, 2));
	db_free(db);
	return 0;
}

/* Refresh the cached host records of a tenant after a write. */
void
ctl_tenant_recache(struct ctl *c, struct db *db, int64_t id,
    const char *slug)
{
	struct cache	*mc;

	if ((mc = ctl_cache(c)) == NULL)
		return;
	if (shop_tenant_recache(db, mc, c->a, id, slug,
	    c->conf.base_domain) != SOUK_OK)
		fprintf(stderr, "soukctl: could not refresh the cache of "
		    "\"%s\": %s\n", slug, db_error(db));
	cache_free(mc);
}

/*
 * The shared services keep their own copy of each tenant (name, state),
 * which Center will push (issue 5); until then soukctl copies it from
 * the shop database after each change.
 */
int
ctl_tenant_mirror(struct ctl *c, struct db *shop, const char *slug)
{
	struct db_arg	 sel = DB_S(slug);
	struct db_res	 res;
	struct db	*svc;
	enum souk_err	 er = SOUK_NOTFOUND;

	if (db_exec(shop, c->a, SQL_TENANT_BY_SLUG, &sel, 1, &res) !=
	    SOUK_OK || res.nrows != 1 || (svc = ctl_db(c,
	    c->conf.services_db_name, svc_sql, SVC__MAX)) == NULL) {
		fprintf(stderr, "soukctl: could not copy tenant \"%s\" to "
		    "the services\n", slug);
		return -1;
	}
	er = svc_tenant_put(svc, c->a, db_cell_i64(&res, 0, 0), slug,
	    db_cell(&res, 0, 2), db_cell(&res, 0, 3), NULL);
	if (er != SOUK_OK)
		fprintf(stderr, "soukctl: services: %s\n", db_error(svc));
	db_free(svc);
	return er == SOUK_OK ? 0 : -1;
}

/*
 * soukctl tenant state SLUG STATE: the operator's override of the
 * lifecycle (Center drives it otherwise): the tenant side and the
 * services are changed here, and Center's record follows.
 */
static const struct ctr_actor ctl_actor = { "soukctl (operator)", 0, "", "" };

static int
ctl_center_follow(struct ctl *c, const char *slug, const char *state)
{
	struct db	*db;
	enum souk_err	 er;

	if ((db = ctl_db(c, c->conf.center_db_name, center_sql, CTR__MAX)) ==
	    NULL)
		return -1;
	er = ctr_tenant_force_state(db, c->a, &ctl_actor, slug, state);
	if (er != SOUK_OK && er != SOUK_NOTFOUND)
		fprintf(stderr, "soukctl: center: %s\n", db_error(db));
	db_free(db);
	return er == SOUK_OK || er == SOUK_NOTFOUND ? 0 : -1;
}

/* End the sessions of a shop, and their cached records too. */
static enum souk_err
tenant_sessions_end(struct ctl *c, struct db *db, int64_t id)
{
	struct cache	*mc = ctl_cache(c);
	enum souk_err	 er;

	auth_cache_init(mc);
	er = shop_sessions_end_tenant(db, c->a, id);
	auth_cache_init(NULL);
	cache_free(mc);
	return er;
}

static int
tenant_state(struct ctl *c, const char *slug, const char *state)
{
	/* anything else goes through Center: approvals, export, erasure */
	if (!str_eq(state, "active") && !str_eq(state, "suspended")) {
		fprintf(stderr, "soukctl: tenant state takes active or "
		    "suspended; other moves are made in Center Control\n");
		return 2;
	}
	static const char *const states[] = { "draft", "provisioning",
	    "active", "suspended", "terminated" };
	struct db_arg	 sel = DB_S(slug), upd[] = { DB_S(state), DB_S(slug) };
	struct db_res	 res;
	struct db	*db;
	size_t		 i;
	int		 rc = 1;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(state, states[i]) == 0)
			break;
	if (i == sizeof(states) / sizeof(states[0])) {
		fprintf(stderr, "soukctl: unknown state \"%s\"\n", state);
		return 2;
	}
	if ((db = ctl_db(c, c->conf.shop_db_name, shop_sql, SQL__MAX)) == NULL)
		return 1;
	if (db_exec(db, c->a, SQL_TENANT_BY_SLUG, &sel, 1, &res) != SOUK_OK ||
	    res.nrows != 1)
		fprintf(stderr, "soukctl: no tenant \"%s\"\n", slug);
	else if (db_exec(db, c->a, SQL_TENANT_SET_STATE, upd, 2, NULL) !=
	    SOUK_OK)
		fprintf(stderr, "soukctl: %s\n", db_error(db));
	else if (!str_eq(state, "active") && tenant_sessions_end(c, db,
	    db_cell_i64(&res, 0, 0)) != SOUK_OK)
		fprintf(stderr, "soukctl: %s\n", db_error(db));
	else {
		/* A shop that is not open ends its staff's and customers'
		 * sessions at once (resolution refuses it from now on). */
		ctl_tenant_recache(c, db, db_cell_i64(&res, 0, 0), slug);
		rc = ctl_tenant_mirror(c, db, slug) == 0 &&
		    ctl_center_follow(c, slug, state) == 0 ? 0 : 1;
		printf("tenant %s: %s\n", slug, state);
	}
	db_free(db);
	return rc;
}

int
ctl_tenant(struct ctl *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return tenant_list(c, argc >= 3 &&
		    strcmp(argv[2], "--json") == 0);
	if (argc == 4 && strcmp(argv[1], "state") == 0)
		return tenant_state(c, argv[2], argv[3]);
	fprintf(stderr, "usage: soukctl tenant list [--json]\n"
	    "       soukctl tenant state SLUG STATE\n");
	return 2;
}
