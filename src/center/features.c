/*
 * Plans and feature flags (seed §9.2).  A feature has a type (boolean,
 * integer limit or string) and a default; a plan sets values; a tenant
 * may have overrides, each until an optional expiry.  The effective set
 * is plan + live overrides, with an ETag over the plan and the values
 * so that the tenant side's pull costs a 304 when nothing changed.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "center/center.h"
#include "sec/sec.h"

int
ctr_feature_value_ok(const char *type, const char *v)
{
	int64_t	 n;

	if (v == NULL)
		return 0;
	if (str_eq(type, "boolean"))
		return str_eq(v, "true") || str_eq(v, "false");
	if (str_eq(type, "limit"))
		return str_to_i64(v, 0, 1000000000, &n) == SOUK_OK;
	return str_eq(type, "string") && valid_check(VALID_LINE, v, 0, 255);
}

/* A value as JSON of its type. */
static struct json_object *
feature_value(const char *type, const char *v)
{
	int64_t	 n = 0;

	if (str_eq(type, "boolean"))
		return json_object_new_boolean(str_eq(v, "true"));
	if (str_eq(type, "limit")) {
		(void)str_to_i64(v, 0, INT64_MAX, &n);
		return json_object_new_int64(n);
	}
	return json_str(v);
}

enum souk_err
ctr_features_effective(struct db *db, struct arena *a, int64_t tenant,
    const char *plan, struct json_object **out, const char **etag)
{
	struct db_arg	 args[] = { DB_S(plan), DB_I(tenant) };
	struct db_res	 res;
	const char	*s, *h;
	size_t		 i;
	enum souk_err	 er;

	*out = NULL;
	if ((er = db_exec(db, a, CTR_EFFECTIVE, args, 2, &res)) != SOUK_OK)
		return er;
	if ((*out = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		json_object_object_add(*out, db_cell(&res, i, 0),
		    feature_value(db_cell(&res, i, 1), db_cell(&res, i, 2)));
	s = arena_printf(a, "%s\n%s", plan, json_object_to_json_string_ext(
	    *out, JSON_C_TO_STRING_PLAIN));
	if (s == NULL || (h = sec_sha256_hex(a, s, strlen(s))) == NULL ||
	    (*etag = arena_printf(a, "\"%.32s\"", h)) == NULL) {
		json_object_put(*out);
		*out = NULL;
		return SOUK_ENOMEM;
	}
	return SOUK_OK;
}

/* The type of feature code (NULL: no such feature). */
static const char *
feature_type(struct db *db, struct arena *a, const char *code)
{
	struct db_arg	 arg = DB_S(code);
	struct db_res	 res;

	if (code == NULL || db_exec(db, a, CTR_FEATURE_GET, &arg, 1, &res) !=
	    SOUK_OK || res.nrows != 1)
		return NULL;
	return db_cell(&res, 0, 1);
}

struct fset {
	struct arena		*a;
	const struct ctr_actor	*who;
	int64_t			 tenant;
	const char		*plan, *feature, *value, *expires;
};

static enum souk_err
features_changed(struct db *db, struct arena *a, const struct fset *f,
    int64_t tenant)
{
	struct json_object	*d = json_object_new_object();
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	if (f->plan != NULL)
		json_object_object_add(d, "plan", json_str(f->plan));
	json_object_object_add(d, "feature", json_str(f->feature));
	json_object_object_add(d, "value", f->value != NULL ?
	    json_str(f->value) : NULL);
	if (f->expires != NULL)
		json_object_object_add(d, "expires_at", json_str(f->expires));
	json_object_object_add(d, "actor", json_str(ctr_actor_public(a,
	    f->who)));
	er = ctr_event(db, a, "features_changed", tenant, d);
	json_object_put(d);
	return er;
}

static enum souk_err
override_tx(struct db *db, void *arg)
{
	struct fset		*f = arg;
	struct ctr_tenant	 t;
	struct ctr_audit	 e = { "tenant.feature", NULL, f->tenant, NULL,
	    NULL };
	struct db_arg		 mark[] = { DB_I(CTR_SYNC_FEATURES),
	    DB_I(f->tenant) };
	enum souk_err		 er;

	if ((er = ctr_tenant_get(db, f->a, f->tenant, &t)) != SOUK_OK)
		return er;
	if (f->value != NULL) {
		struct db_arg args[] = { DB_I(f->tenant), DB_S(f->feature),
		    DB_S(f->value), f->expires != NULL ? DB_S(f->expires) :
		    DB_NUL };

		er = db_exec(db, f->a, CTR_OVERRIDE_PUT, args, 4, NULL);
	} else {
		struct db_arg args[] = { DB_I(f->tenant), DB_S(f->feature) };

		er = db_exec(db, f->a, CTR_OVERRIDE_DELETE, args, 2, NULL);
	}
	if (er != SOUK_OK ||
	    (er = db_exec(db, f->a, CTR_TENANT_MARK, mark, 2, NULL)) !=
	    SOUK_OK || (er = features_changed(db, f->a, f, f->tenant)) !=
	    SOUK_OK)
		return er;
	e.target = arena_printf(f->a, "tenant:%lld/feature:%s",
	    (long long)f->tenant, f->feature);
	e.after = json_kv_text(f->a, "value", f->value, "expires_at",
	    f->expires);
	return ctr_audit_in(db, f->a, f->who, &e);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[Z]" into a DATETIME literal. */
static const char *
expiry(struct arena *a, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0, i;

	if (n != 10 && n != 19 && !(n == 20 && s[19] == 'Z'))
		return NULL;
	for (i = 0; i < n && i < 19; i++)
		if (!((i == 4 || i == 7) ? s[i] == '-' : i == 10 ?
		    s[i] == 'T' : (i == 13 || i == 16) ? s[i] == ':' :
		    (s[i] >= '0' && s[i] <= '9')))
			return NULL;
	if (n == 10)
		return arena_printf(a, "%s 00:00:00", s);
	return arena_printf(a, "%.10s %.8s", s, s + 11);
}

/* What a value or an expiry of feature (of type) gets wrong, or SOUK_OK. */
static enum souk_err
value_check(struct arena *a, const char *type, const char *value,
    struct souk_why *why)
{
	if (type == NULL)
		return souk_why_set(why, SOUK_INVALID, "feature", "must be the "
		    "code of a feature");
	if (value != NULL && !ctr_feature_value_ok(type, value))
		return souk_why_set(why, SOUK_INVALID, "value", arena_printf(a,
		    "does not suit a %s feature (true/false, a whole number, "
		    "or text)", type));
	return SOUK_OK;
}

enum souk_err
ctr_override_set(struct db *db, struct arena *a, const struct ctr_actor *who,
    int64_t tenant, const char *feature, const char *value,
    const char *expires, struct souk_why *why)
{
	struct fset	 f = { a, who, tenant, NULL, feature, value, NULL };
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = value_check(a, feature_type(db, a, feature), value, why)) !=
	    SOUK_OK)
		return er;
	if (expires != NULL && *expires != '\0' &&
	    (f.expires = expiry(a, expires)) == NULL)
		return souk_why_set(why, SOUK_INVALID, "expires_at", "a date "
		    "(YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
	return db_tx(db, override_tx, &f);
}

static enum souk_err
plan_feature_tx(struct db *db, void *arg)
{
	struct fset		*f = arg;
	struct db_arg		 args[] = { DB_S(f->plan), DB_S(f->feature),
	    DB_S(f->value) };
	struct db_arg		 mark[] = { DB_I(CTR_SYNC_FEATURES),
	    DB_S(f->plan) };
	struct ctr_audit	 e = { "plan.feature", NULL, 0, NULL, NULL };
	enum souk_err		 er;

	if ((er = db_exec(db, f->a, CTR_PLAN_FEATURE_PUT, args, 3, NULL)) !=
	    SOUK_OK ||
	    (er = db_exec(db, f->a, CTR_PLAN_TENANTS_MARK, mark, 2, NULL)) !=
	    SOUK_OK || (er = features_changed(db, f->a, f, 0)) != SOUK_OK)
		return er;
	e.target = arena_printf(f->a, "plan:%s/feature:%s", f->plan,
	    f->feature);
	e.after = json_kv_text(f->a, "value", f->value, NULL, NULL);
	return ctr_audit_in(db, f->a, f->who, &e);
}

enum souk_err
ctr_plan_feature_set(struct db *db, struct arena *a,
    const struct ctr_actor *who, const char *plan, const char *feature,
    const char *value, struct souk_why *why)
{
	struct fset	 f = { a, who, 0, plan, feature, value, NULL };
	struct ctr_plan	 p;
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = ctr_plan_get(db, a, plan, &p)) != SOUK_OK)
		return er;
	if (value == NULL)
		return souk_why_set(why, SOUK_INVALID, "value", "required");
	if ((er = value_check(a, feature_type(db, a, feature), value, why)) !=
	    SOUK_OK)
		return er;
	return db_tx(db, plan_feature_tx, &f);
}

/* Codes of plans and features: [a-z0-9_], 2 to 32/64 characters. */
static int
code_ok(const char *s, size_t max)
{
	size_t	 n;

	for (n = 0; s != NULL && s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' &&
		    s[n] <= '9') || s[n] == '_'))
			return 0;
	return n >= 2 && n <= max;
}

struct pnew {
	struct arena		*a;
	const struct ctr_actor	*who;
	const char		*code, *name, *type, *def, *desc;
};

static enum souk_err
plan_create_tx(struct db *db, void *arg)
{
	struct pnew		*p = arg;
	struct db_arg		 args[] = { DB_S(p->code), DB_S(p->name),
	    DB_S(p->desc) };
	struct ctr_audit	 e = { "plan.create", NULL, 0, NULL, NULL };
	enum souk_err		 er;

	if ((er = db_exec(db, p->a, CTR_PLAN_INSERT, args, 3, NULL)) !=
	    SOUK_OK)
		return er;
	e.target = arena_printf(p->a, "plan:%s", p->code);
	return ctr_audit_in(db, p->a, p->who, &e);
}

/* A new plan's or feature's code taken (its table's primary key). */
static enum souk_err
created(struct db *db, enum souk_err er, struct souk_why *why,
    const char *msg)
{
	if (er == SOUK_CONFLICT && str_eq(db_conflict_key(db), "PRIMARY"))
		return souk_why_set(why, SOUK_CONFLICT, "code", msg);
	return er;
}

enum souk_err
ctr_plan_create(struct db *db, struct arena *a, const struct ctr_actor *who,
    const char *code, const char *name, const char *desc,
    struct souk_why *why)
{
	struct pnew	 p = { a, who, code, name, NULL, NULL,
	    desc != NULL ? desc : "" };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (!code_ok(code, 32))
		return souk_why_set(why, SOUK_INVALID, "code", "2 to 32 of "
		    "a-z, 0-9 and _");
	if (name == NULL || !valid_check(VALID_LINE, name, 1, 100))
		return souk_why_set(why, SOUK_INVALID, "name", "1 to 100 "
		    "characters on one line");
	if (!valid_check(VALID_LINE, p.desc, 0, 255))
		return souk_why_set(why, SOUK_INVALID, "description", "at most "
		    "255 characters on one line");
	return created(db, db_tx(db, plan_create_tx, &p), why,
	    "there is a plan with this code already");
}

static enum souk_err
feature_create_tx(struct db *db, void *arg)
{
	struct pnew		*p = arg;
	struct db_arg		 args[] = { DB_S(p->code), DB_S(p->type),
	    DB_S(p->def), DB_S(p->desc) };
	struct db_arg		 mark = DB_I(CTR_SYNC_FEATURES);
	struct ctr_audit	 e = { "feature.create", NULL, 0, NULL, NULL };
	enum souk_err		 er;

	if ((er = db_exec(db, p->a, CTR_FEATURE_INSERT, args, 4, NULL)) !=
	    SOUK_OK ||
	    (er = db_exec(db, p->a, CTR_TENANTS_MARK_ALL, &mark, 1, NULL)) !=
	    SOUK_OK)
		return er;
	e.target = arena_printf(p->a, "feature:%s", p->code);
	e.after = json_kv_text(p->a, "type", p->type, "default", p->def);
	return ctr_audit_in(db, p->a, p->who, &e);
}

enum souk_err
ctr_feature_create(struct db *db, struct arena *a,
    const struct ctr_actor *who, const char *code, const char *type,
    const char *def, const char *desc, struct souk_why *why)
{
	struct pnew	 p = { a, who, code, NULL, type, def,
	    desc != NULL ? desc : "" };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (!code_ok(code, 64))
		return souk_why_set(why, SOUK_INVALID, "code", "2 to 64 of "
		    "a-z, 0-9 and _");
	if (!str_eq(type, "boolean") && !str_eq(type, "limit") &&
	    !str_eq(type, "string"))
		return souk_why_set(why, SOUK_INVALID, "type", "boolean, limit "
		    "or string");
	if (!ctr_feature_value_ok(type, def))
		return souk_why_set(why, SOUK_INVALID, "default", "must suit "
		    "the type (true/false, a whole number, or text)");
	if (!valid_check(VALID_LINE, p.desc, 0, 255))
		return souk_why_set(why, SOUK_INVALID, "description", "at most "
		    "255 characters on one line");
	return created(db, db_tx(db, feature_create_tx, &p), why,
	    "there is a feature with this code already");
}

/* ---- reads ----------------------------------------------------------- */

static void
plan_row(const struct db_res *res, size_t i, struct ctr_plan *p)
{
	p->code = db_cell(res, i, 0);
	p->name = db_cell(res, i, 1);
	p->description = db_cell(res, i, 2);
	p->tenants = res->ncols > 3 ? db_cell_i64(res, i, 3) : 0;
}

enum souk_err
ctr_plan_list(struct db *db, struct arena *a, struct ctr_plan **out,
    size_t *n)
{
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, CTR_PLAN_LIST, NULL, 0, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		plan_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

enum souk_err
ctr_plan_get(struct db *db, struct arena *a, const char *code,
    struct ctr_plan *p)
{
	struct db_arg	 arg = DB_S(code);
	struct db_res	 res;
	enum souk_err	 er;

	if (code == NULL)
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, a, CTR_PLAN_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	plan_row(&res, 0, p);
	return SOUK_OK;
}

enum souk_err
ctr_plan_features(struct db *db, struct arena *a, const char *plan,
    struct db_res *out)
{
	struct db_arg	 arg = DB_S(plan);

	return db_exec(db, a, CTR_PLAN_FEATURES, &arg, 1, out);
}

enum souk_err
ctr_feature_list(struct db *db, struct arena *a, struct db_res *out)
{
	return db_exec(db, a, CTR_FEATURE_LIST, NULL, 0, out);
}

enum souk_err
ctr_tenant_features(struct db *db, struct arena *a, int64_t tenant,
    const char *plan, struct db_res *out)
{
	struct db_arg	 args[] = { DB_S(plan), DB_I(tenant) };

	return db_exec(db, a, CTR_EFFECTIVE, args, 2, out);
}
