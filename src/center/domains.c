/*
 * Custom domains (seed §3.1).  <slug>.<base> is every shop's own; a
 * custom domain is added pending with a random token, which the
 * storefront answers at /.well-known/souk-domain-verification/<token>
 * once the tenant side knows it, and Center's check of that answer
 * makes it verified.  One verified domain may be the primary: the
 * shop's other hosts redirect to it.  Each change is pushed to the
 * tenant side (its config), which refreshes its host cache at once.
 */
#include <string.h>

#include <json-c/json.h>

#include "center/center.h"
#include "net/net.h"
#include "sec/sec.h"

struct dom {
	struct arena		*a;
	const struct ctr_actor	*who;
	int64_t			 tenant;
	const char		*host;
	const char		*token;
	const char		*action;	/* audit and event */
	struct souk_why		*why;
};

static enum souk_err
recorded(struct db *db, struct dom *d, const char *event)
{
	struct db_arg		 mark[] = { DB_I(CTR_SYNC_CONFIG),
	    DB_I(d->tenant) };
	struct ctr_audit	 e = { d->action, NULL, d->tenant, NULL, NULL };
	struct json_object	*o;
	enum souk_err		 er;

	if ((er = db_exec(db, d->a, CTR_TENANT_MARK, mark, 2, NULL)) !=
	    SOUK_OK)
		return er;
	if (event != NULL) {
		if ((o = json_object_new_object()) == NULL)
			return SOUK_ENOMEM;
		json_object_object_add(o, "tenant_id",
		    json_object_new_int64(d->tenant));
		json_object_object_add(o, "host", json_str(d->host));
		er = ctr_event(db, d->a, event, d->tenant, o);
		json_object_put(o);
		if (er != SOUK_OK)
			return er;
	}
	e.target = arena_printf(d->a, "tenant:%lld/domain:%s",
	    (long long)d->tenant, d->host);
	return ctr_audit_in(db, d->a, d->who, &e);
}

/* The domain, locked; SOUK_NOTFOUND if the tenant has no such domain. */
static enum souk_err
domain_lock(struct db *db, struct dom *d, struct db_res *res)
{
	struct db_arg	 args[] = { DB_I(d->tenant), DB_S(d->host) };
	enum souk_err	 er;

	if ((er = db_exec(db, d->a, CTR_DOMAIN_GET, args, 2, res)) != SOUK_OK)
		return er;
	return res->nrows == 1 ? SOUK_OK : SOUK_NOTFOUND;
}

/* The unique key a new domain hit: (tenant_id, host), or the host. */
static enum souk_err
domain_taken(struct db *db, struct dom *d)
{
	const char	*key = db_conflict_key(db);

	if (str_eq(key, "PRIMARY"))
		return souk_why_set(d->why, SOUK_CONFLICT, "host", arena_printf(
		    d->a, "this tenant has %s already", d->host));
	if (str_eq(key, "tenant_domains_host"))
		return souk_why_set(d->why, SOUK_CONFLICT, "host", arena_printf(
		    d->a, "another tenant has %s", d->host));
	return SOUK_CONFLICT;
}

static enum souk_err
add_tx(struct db *db, void *arg)
{
	struct dom		*d = arg;
	struct ctr_tenant	 t;
	struct json_object	*f;
	struct json_object	*v;
	const char		*etag;
	struct db_arg		 args[] = { DB_I(d->tenant), DB_S(d->host),
	    DB_S(d->token) };
	enum souk_err		 er;
	int			 allowed;

	if ((er = ctr_tenant_get(db, d->a, d->tenant, &t)) != SOUK_OK)
		return er;
	if (str_eq(t.state, "terminated"))
		return souk_why_set(d->why, SOUK_CONFLICT, NULL, "a terminated "
		    "tenant cannot be changed");
	if ((er = ctr_features_effective(db, d->a, t.id, t.plan, &f,
	    &etag)) != SOUK_OK)
		return er;
	allowed = json_object_object_get_ex(f, "custom_domain", &v) &&
	    json_object_get_boolean(v);
	json_object_put(f);
	if (!allowed)
		return souk_why_set(d->why, SOUK_FORBIDDEN, NULL, "this "
		    "tenant's plan does not include custom domains");
	if ((er = db_exec(db, d->a, CTR_DOMAIN_INSERT, args, 3, NULL)) ==
	    SOUK_CONFLICT)
		return domain_taken(db, d);
	if (er != SOUK_OK)
		return er;
	return recorded(db, d, "domain_added");
}

static int
host_ok(const struct conf *c, const char *h)
{
	size_t	 n = h != NULL ? strlen(h) : 0, bl = strlen(c->base_domain);
	size_t	 i;

	if (n < 4 || n > 253 || !valid_check(VALID_HOST, h, 0, 0) ||
	    strchr(h, ':') != NULL || strchr(h, '.') == NULL ||
	    strspn(h, "0123456789.") == n)	/* an address is no domain */
		return 0;
	for (i = 0; i < n; i++)
		if (h[i] >= 'A' && h[i] <= 'Z')
			return 0;
	/* the platform's own names are nobody's custom domain */
	return !(str_eq(h, c->base_domain) || (n > bl && h[n - bl - 1] ==
	    '.' && str_eq(h + n - bl, c->base_domain) &&
	    memchr(h, '.', n - bl - 1) == NULL));
}

enum souk_err
ctr_domain_add(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host,
    struct souk_why *why)
{
	struct dom	 d = { a, who, tenant, host, NULL, "tenant.domain.add",
	    why };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (!host_ok(c, host))
		return souk_why_set(why, SOUK_INVALID, "host", "must be a "
		    "lower-case domain name such as shop.example.com, not one "
		    "of the platform's");
	if ((d.token = sec_random_hex(a, "", 16)) == NULL)
		return SOUK_ENOMEM;
	return db_tx(db, add_tx, &d);
}

static enum souk_err
verified_tx(struct db *db, void *arg)
{
	struct dom	*d = arg;
	struct db_res	 res;
	struct db_arg	 args[] = { DB_I(d->tenant), DB_S(d->host) };
	enum souk_err	 er;

	if ((er = domain_lock(db, d, &res)) != SOUK_OK)
		return er;
	if (str_eq(db_cell(&res, 0, 2), "verified"))
		return SOUK_OK;
	if ((er = db_exec(db, d->a, CTR_DOMAIN_VERIFIED, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return recorded(db, d, "domain_verified");
}

/* What the host answers at its verification path (NULL: nothing). */
static const char *
fetch_token(const struct conf *c, struct arena *a, const char *host,
    const char *token)
{
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	const char		*b;
	size_t			 n;

	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = arena_printf(a, "http://%s%s%s/.well-known/"
	    "souk-domain-verification/%s", host, *c->domain_check_port !=
	    '\0' ? ":" : "", c->domain_check_port, token);
	rq.timeout_ms = 5000;
	rq.max_attempts = 1;
	if (rq.url == NULL || httpc_shared() == NULL ||
	    httpc_do(httpc_shared(), a, &rq, &rs) != SOUK_OK ||
	    rs.status != 200)
		return NULL;
	b = rs.body;
	for (n = strlen(b); n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' ||
	    b[n - 1] == ' '); n--)
		;
	return arena_strndup(a, b, n);
}

enum souk_err
ctr_domain_verify(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host,
    struct souk_why *why)
{
	struct dom	 d = { a, who, tenant, host, NULL,
	    "tenant.domain.verify", why };
	struct db_res	 res;
	struct db_arg	 args[] = { DB_I(tenant), DB_S(host) };
	const char	*got;
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = db_exec(db, a, CTR_DOMAIN_GET, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if (str_eq(db_cell(&res, 0, 2), "verified"))
		return SOUK_OK;
	got = fetch_token(c, a, host, db_cell(&res, 0, 3));
	if (got == NULL || !sec_equal(got, db_cell(&res, 0, 3)))
		return souk_why_set(why, SOUK_CONFLICT, NULL, arena_printf(a,
		    "the domain did not answer its token at http://%s/"
		    ".well-known/souk-domain-verification/%s: point it at the "
		    "platform and try again", host, db_cell(&res, 0, 3)));
	return db_tx(db, verified_tx, &d);
}

static enum souk_err
primary_tx(struct db *db, void *arg)
{
	struct dom	*d = arg;
	struct db_res	 res;
	struct db_arg	 args[] = { DB_S(d->host), DB_I(d->tenant) };
	enum souk_err	 er;

	if ((er = domain_lock(db, d, &res)) != SOUK_OK)
		return er;
	if (!str_eq(db_cell(&res, 0, 2), "verified"))
		return souk_why_set(d->why, SOUK_CONFLICT, NULL, "only a "
		    "verified domain can be the primary one");
	if ((er = db_exec(db, d->a, CTR_DOMAIN_PRIMARY, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return recorded(db, d, NULL);
}

enum souk_err
ctr_domain_primary(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host,
    struct souk_why *why)
{
	struct dom	 d = { a, who, tenant, host, NULL,
	    "tenant.domain.primary", why };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	return db_tx(db, primary_tx, &d);
}

static enum souk_err
remove_tx(struct db *db, void *arg)
{
	struct dom	*d = arg;
	struct db_res	 res;
	struct db_arg	 args[] = { DB_I(d->tenant), DB_S(d->host) };
	enum souk_err	 er;

	if ((er = domain_lock(db, d, &res)) != SOUK_OK ||
	    (er = db_exec(db, d->a, CTR_DOMAIN_DELETE, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return recorded(db, d, "domain_removed");
}

enum souk_err
ctr_domain_remove(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host)
{
	struct dom	 d = { a, who, tenant, host, NULL,
	    "tenant.domain.remove", NULL };

	return db_tx(db, remove_tx, &d);
}

enum souk_err
ctr_domain_list(struct db *db, struct arena *a, int64_t tenant,
    struct db_res *out)
{
	struct db_arg	 arg = DB_I(tenant);

	return db_exec(db, a, CTR_DOMAIN_LIST, &arg, 1, out);
}
