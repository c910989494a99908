/*
 * Tenant resolution: Host header -> tenant, cached in memcached.  The
 * cached record is the JSON of struct shop_tenant (sealed by the cache:
 * a forged record is a miss); a write to a tenant or its domains
 * replaces the records of its hosts.
 *
 * Hosts without a tenant are remembered in this process only, never in
 * memcached: a flood of made-up Host headers then evicts nothing useful
 * there and costs one indexed query per new name.  Such a memory holds
 * for a few seconds and only under the hosts epoch it was made in: a
 * random value in memcached, fetched with the host's record, that every
 * writer giving a host a tenant replaces; so a new shop or domain is
 * served at once by every process.
 */
#include <ctype.h>
#include <string.h>

#include <json-c/json.h>

#include "sec/sec.h"
#include "shop/shop.h"

/* Subdomains that are platform hosts, never shops. */
static const char *const reserved_slugs[] = { "center", "services", "www",
	"api", "static", "media", "admin" };

#define UNKNOWN_SLOTS	512	/* hosts without a tenant remembered */
#define UNKNOWN_SECS	30	/* for so long at most */
#define EPOCH_KEY	"souk:v1:hosts-epoch"

/* A host without a tenant: the hash of its name, until when, in what. */
struct unknown_host {
	uint64_t	 hash;
	int64_t		 until;
	char		 epoch[33];
};

static struct unknown_host	unknown[UNKNOWN_SLOTS];

const char *
shop_tenant_cache_key(struct arena *a, const char *host)
{
	return arena_printf(a, "souk:v1:host:%s", host);
}

/* FNV-1a: spreads names over the slots; a collision costs a query. */
static uint64_t
host_hash(const char *host)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *host != '\0'; host++)
		h = (h ^ (unsigned char)*host) * 1099511628211ULL;
	return h;
}

static int
unknown_known(const char *host, const char *epoch)
{
	uint64_t		 h = host_hash(host);
	struct unknown_host	*u = &unknown[h % UNKNOWN_SLOTS];

	return epoch != NULL && u->hash == h && u->until > time_unix() &&
	    strcmp(u->epoch, epoch) == 0;
}

static void
unknown_add(const char *host, const char *epoch)
{
	uint64_t		 h = host_hash(host);
	struct unknown_host	*u = &unknown[h % UNKNOWN_SLOTS];

	if (epoch == NULL || strlen(epoch) >= sizeof(u->epoch))
		return;
	u->hash = h;
	u->until = time_unix() + UNKNOWN_SECS;
	str_lcpy(u->epoch, epoch, sizeof(u->epoch));
}

/*
 * The hosts epoch as fetched, or a new one when there is none (a reader
 * adds it; a writer, fresh, sets it).  NULL on ENOMEM.
 */
static const char *
hosts_epoch(struct cache *c, struct arena *a, const char *got, int fresh)
{
	const char	*e;

	if (got != NULL && !fresh)
		return got;
	if ((e = sec_random_hex(a, "", 16)) == NULL)
		return NULL;
	if (fresh)
		cache_set(c, EPOCH_KEY, e, strlen(e), 0);
	else
		cache_add(c, EPOCH_KEY, e, strlen(e), 0);
	return e;
}

static int
theme_color_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 7 || s[0] != '#')
		return 0;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

const char *
shop_json_str(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return arena_strdup(a, json_object_get_string(v));
}

/*
 * The shop's other languages: [{"code": "de", "name": null}, …], each a
 * shipped language.  A record without them (made by an older program)
 * is read again from the database.
 */
static enum souk_err
langs_from_json(struct arena *a, struct json_object *o, struct shop_tenant *t)
{
	struct json_object	*arr, *e;
	size_t			 i, n;

	if (!json_object_object_get_ex(o, "langs", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return SOUK_INVALID;
	n = json_object_array_length(arr);
	if (n > 8 /* never so many shipped */ ||
	    (t->langs = arena_alloc(a, sizeof(*t->langs) * (n + 1))) == NULL)
		return SOUK_INVALID;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(arr, i);
		t->langs[i].code = shop_json_str(a, e, "code");
		t->langs[i].name = shop_json_str(a, e, "name");
		if (!shop_lang_known(t->langs[i].code))
			return SOUK_INVALID;
	}
	t->nlangs = n;
	return SOUK_OK;
}

static enum souk_err
tenant_from_json(struct arena *a, const char *s, struct shop_tenant *t)
{
	struct json_object	*o = json_tokener_parse(s), *v;
	enum souk_err		 er;

	if (o == NULL)
		return SOUK_INVALID;
	t->id = json_object_object_get_ex(o, "id", &v) ?
	    json_object_get_int64(v) : 0;
	t->read_only = json_object_object_get_ex(o, "read_only", &v) &&
	    json_object_get_boolean(v);
	t->slug = shop_json_str(a, o, "slug");
	t->name = shop_json_str(a, o, "name");
	t->state = shop_json_str(a, o, "state");
	t->locale = shop_json_str(a, o, "locale");
	t->currency = shop_json_str(a, o, "currency");
	t->time_zone = shop_json_str(a, o, "time_zone");
	t->theme_color = shop_json_str(a, o, "theme_color");
	t->catalog_version = json_object_object_get_ex(o, "catalog_version",
	    &v) ? json_object_get_int64(v) : 0;
	t->primary_host = shop_json_str(a, o, "primary_host");
	if (t->locale != NULL)
		t->lang = shop_locale_lang(a, t->locale);
	er = langs_from_json(a, o, t);
	json_object_put(o);
	if (er != SOUK_OK || t->id <= 0 || t->slug == NULL || t->name == NULL ||
	    t->state == NULL || t->locale == NULL || t->currency == NULL ||
	    t->time_zone == NULL || !theme_color_ok(t->theme_color))
		return SOUK_INVALID;
	return SOUK_OK;
}

static struct json_object *
langs_to_json(const struct shop_tenant *t)
{
	struct json_object	*arr = json_object_new_array(), *e;
	size_t			 i;

	for (i = 0; i < t->nlangs; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "code", json_object_new_string(
		    t->langs[i].code));
		json_object_object_add(e, "name", t->langs[i].name == NULL ?
		    NULL : json_object_new_string(t->langs[i].name));
		json_object_array_add(arr, e);
	}
	return arr;
}

/* fresh: written after a commit (set); else filled by a reader (add). */
static void
tenant_to_cache(struct cache *c, const char *key, const struct shop_tenant *t,
    int fresh)
{
	struct json_object	*o = json_object_new_object();
	const char		*s;

	json_object_object_add(o, "id", json_object_new_int64(t->id));
	json_object_object_add(o, "slug", json_object_new_string(t->slug));
	json_object_object_add(o, "name", json_object_new_string(t->name));
	json_object_object_add(o, "state", json_object_new_string(t->state));
	json_object_object_add(o, "read_only",
	    json_object_new_boolean(t->read_only));
	json_object_object_add(o, "locale", json_object_new_string(t->locale));
	json_object_object_add(o, "currency",
	    json_object_new_string(t->currency));
	json_object_object_add(o, "time_zone",
	    json_object_new_string(t->time_zone));
	json_object_object_add(o, "theme_color",
	    json_object_new_string(t->theme_color));
	json_object_object_add(o, "catalog_version",
	    json_object_new_int64(t->catalog_version));
	if (t->primary_host != NULL)
		json_object_object_add(o, "primary_host",
		    json_object_new_string(t->primary_host));
	json_object_object_add(o, "langs", langs_to_json(t));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (s != NULL && fresh)
		cache_set(c, key, s, strlen(s), 0);
	else if (s != NULL)
		cache_add(c, key, s, strlen(s), 0);
	json_object_put(o);
}

static void
tenant_from_row(struct arena *a, const struct db_res *res,
    struct shop_tenant *t)
{
	t->id = db_cell_i64(res, 0, 0);
	t->slug = db_cell(res, 0, 1);
	t->name = db_cell(res, 0, 2);
	t->state = db_cell(res, 0, 3);
	t->read_only = db_cell_i64(res, 0, 4) != 0;
	t->locale = db_cell(res, 0, 5);
	t->currency = db_cell(res, 0, 6);
	t->theme_color = db_cell(res, 0, 7);
	t->catalog_version = db_cell_i64(res, 0, 8);
	t->primary_host = db_cell(res, 0, 9);
	t->time_zone = db_cell(res, 0, 10);
	t->lang = shop_locale_lang(a, t->locale);
	if (!theme_color_ok(t->theme_color))
		t->theme_color = "#1f6feb";
}

/* 1 if host is base or a name under it, at any depth. */
static int
host_under(const char *host, const char *base)
{
	size_t	 hl = strlen(host), bl = strlen(base);

	return strcmp(host, base) == 0 || (hl > bl + 1 &&
	    strcmp(host + hl - bl, base) == 0 && host[hl - bl - 1] == '.');
}

/* The shop slug if host is "<slug>.<base>", else NULL. */
static const char *
host_slug(struct arena *a, const char *host, const char *base)
{
	size_t	 hl = strlen(host), bl = strlen(base), i;

	if (hl <= bl + 1 || strcmp(host + hl - bl, base) != 0 ||
	    host[hl - bl - 1] != '.')
		return NULL;
	if (memchr(host, '.', hl - bl - 1) != NULL)
		return NULL;	/* a.b.<base> is no shop */
	for (i = 0; i < sizeof(reserved_slugs) / sizeof(reserved_slugs[0]);
	    i++)
		if (strlen(reserved_slugs[i]) == hl - bl - 1 &&
		    strncmp(host, reserved_slugs[i], hl - bl - 1) == 0)
			return NULL;
	return arena_strndup(a, host, hl - bl - 1);
}

static enum souk_err
tenant_load(struct db *db, struct arena *a, const char *host,
    const char *base, struct shop_tenant *t)
{
	const char	*slug = host_slug(a, host, base);
	struct db_arg	 arg;
	struct db_res	 res;
	enum souk_err	 er;

	if (db == NULL)
		return SOUK_UNAVAILABLE;
	/* the base and names under it are no custom domain (Center's rule) */
	if (slug == NULL && host_under(host, base))
		return SOUK_NOTFOUND;
	arg = DB_S(slug != NULL ? slug : host);
	er = db_exec(db, a, slug != NULL ? SQL_TENANT_BY_SLUG :
	    SQL_TENANT_BY_DOMAIN, &arg, 1, &res);
	if (er != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	tenant_from_row(a, &res, t);
	return shop_langs_load(db, a, t);
}

static enum souk_err
tenant_gate(const struct shop_tenant *t)
{
	if (strcmp(t->state, "active") == 0)
		return SOUK_OK;
	if (strcmp(t->state, "suspended") == 0)
		return SOUK_CLOSED;
	return SOUK_NOTFOUND;	/* draft, provisioning, terminated */
}

enum souk_err
shop_tenant_resolve(struct db *db, struct cache *c, struct arena *a,
    const char *host, const char *base, const char *also,
    struct shop_tenant **out)
{
	struct shop_tenant	*t;
	const char		*keys[3];
	char			*vals[3];
	enum souk_err		 er;

	*out = NULL;
	if ((t = arena_alloc(a, sizeof(*t))) == NULL ||
	    (keys[0] = shop_tenant_cache_key(a, host)) == NULL)
		return SOUK_ENOMEM;
	keys[1] = EPOCH_KEY;
	keys[2] = also;
	cache_mget(c, a, keys, also == NULL ? 2 : 3, vals);
	if (vals[0] == NULL || tenant_from_json(a, vals[0], t) != SOUK_OK) {
		if (unknown_known(host, vals[1]))
			return SOUK_NOTFOUND;
		er = tenant_load(db, a, host, base, t);
		if (er == SOUK_NOTFOUND)
			unknown_add(host, hosts_epoch(c, a, vals[1], 0));
		if (er != SOUK_OK)
			return er;
		tenant_to_cache(c, keys[0], t, 0);
	}
	t->also = also == NULL ? NULL : vals[2];
	*out = t;
	return tenant_gate(t);
}

enum souk_err
shop_tenant_hosts(struct db *db, struct arena *a, int64_t tenant,
    const char ***hosts, size_t *n)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_exec(db, a, SQL_DOMAIN_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	if ((*hosts = arena_alloc(a, (res.nrows + 1) * sizeof(**hosts))) ==
	    NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		(*hosts)[i] = db_cell(&res, i, 0);
	*n = res.nrows;
	return SOUK_OK;
}

/*
 * After a write to a tenant has committed: replace the cached record of
 * each of its hosts (its verified domains and <slug>.<base>) with what
 * the database now says, and start a new hosts epoch, so that no
 * process keeps taking one of them for a host without a tenant.
 */
enum souk_err
shop_tenant_recache(struct db *db, struct cache *c, struct arena *a,
    int64_t tenant, const char *slug, const char *base)
{
	struct db_arg		 arg = DB_I(tenant);
	struct db_res		 res;
	struct shop_tenant	 t;
	const char		*host;
	size_t			 i;
	enum souk_err		 er;

	if ((er = db_exec(db, a, SQL_DOMAIN_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	for (i = 0; i <= res.nrows; i++) {
		host = i < res.nrows ? db_cell(&res, i, 0) :
		    arena_printf(a, "%s.%s", slug, base);
		if (host == NULL)
			return SOUK_ENOMEM;
		/*
		 * Deleted first: a delete is tried even while this process
		 * skips a slow memcached, so a set that is skipped leaves no
		 * stale record behind, only a miss.
		 */
		cache_del(c, shop_tenant_cache_key(a, host));
		if ((er = tenant_load(db, a, host, base, &t)) == SOUK_OK)
			tenant_to_cache(c, shop_tenant_cache_key(a, host), &t, 1);
		else if (er != SOUK_NOTFOUND)
			return er;
	}
	return hosts_epoch(c, a, NULL, 1) != NULL ? SOUK_OK : SOUK_ENOMEM;
}
