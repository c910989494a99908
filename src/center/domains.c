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

/*
 * Drop the expired pending domains of res (cells tenant_id, host): each
 * tenant side hears of it, as of any removal.
 */
static enum souk_err
expire_rows(struct db *db, struct arena *a, const struct db_res *res)
{
	struct dom	 e;
	size_t		 i;
	enum souk_err	 er;

	for (i = 0; i < res->nrows; i++) {
		memset(&e, 0, sizeof(e));
		e.a = a;
		e.who = &ctr_system;
		e.tenant = db_cell_i64(res, i, 0);
		e.host = db_cell(res, i, 1);
		e.action = "tenant.domain.expire";
		{
			struct db_arg args[] = { DB_I(e.tenant),
			    DB_S(e.host) };

			if ((er = db_exec(db, a, CTR_DOMAIN_DELETE, args, 2,
			    NULL)) != SOUK_OK ||
			    (er = recorded(db, &e, "domain_removed")) !=
			    SOUK_OK)
				return er;
		}
	}
	return SOUK_OK;
}

/*
 * Before a claim, in its transaction: the tenant row locked (so two
 * claims at once count the same pending domains), an expired claim of
 * the host by anyone dropped, the cap of pending domains.
 */
static enum souk_err
add_room(struct db *db, struct dom *d)
{
	struct db_arg	 t = DB_I(d->tenant), h = DB_S(d->host);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, d->a, CTR_TENANT_LOCK, &t, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	if ((er = db_exec(db, d->a, CTR_DOMAIN_EXPIRED_HOST, &h, 1, &res)) !=
	    SOUK_OK || (er = expire_rows(db, d->a, &res)) != SOUK_OK ||
	    (er = db_exec(db, d->a, CTR_DOMAIN_PENDING_COUNT, &t, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (db_cell_i64(&res, 0, 0) >= CTR_DOMAIN_PENDING_MAX)
		return souk_why_set(d->why, SOUK_CONFLICT, "host", arena_printf(
		    d->a, "this tenant has %d domains waiting for their check "
		    "already: verify or remove one first",
		    CTR_DOMAIN_PENDING_MAX));
	return SOUK_OK;
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
	if ((er = add_room(db, d)) != SOUK_OK)
		return er;
	if ((er = db_exec(db, d->a, CTR_DOMAIN_INSERT, args, 3, NULL)) ==
	    SOUK_CONFLICT)
		return domain_taken(db, d);
	if (er != SOUK_OK)
		return er;
	return recorded(db, d, "domain_added");
}

/* 1 if h is name or a name under it, at any depth. */
static int
host_under(const char *h, const char *name)
{
	size_t	 n = strlen(h), nl = name != NULL ? strlen(name) : 0;

	if (nl == 0)
		return 0;
	return str_eq(h, name) || (n > nl && h[n - nl - 1] == '.' &&
	    str_eq(h + n - nl, name));
}

/* The hosts of the platform's own URLs in souk.conf. */
static int
host_platform(const struct conf *c, struct arena *a, const char *h)
{
	const char *const	 urls[] = { c->center_url, c->services_url,
	    c->tenant_app_url, c->oidc_issuer, c->smtp_url, c->sms_url };
	size_t			 i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if (str_eq(net_url_host(a, urls[i]), h))
			return 1;
	return 0;
}

static int
host_ok(const struct conf *c, struct arena *a, const char *h)
{
	size_t	 n = h != NULL ? strlen(h) : 0;
	size_t	 i;

	if (n < 4 || n > 253 || !valid_check(VALID_HOST, h, 0, 0) ||
	    strchr(h, ':') != NULL || strchr(h, '.') == NULL ||
	    h[n - 1] == '.' ||
	    strspn(h, "0123456789.") == n)	/* an address is no domain */
		return 0;
	for (i = 0; i < n; i++)
		if (h[i] >= 'A' && h[i] <= 'Z')
			return 0;
	/*
	 * The platform's own names are nobody's custom domain: the base
	 * domain and every name under it (a tenant holding x.y.<base>
	 * could serve pages, cookies and verification answers there),
	 * localhost names, and the hosts of the configured URLs.
	 */
	return !host_under(h, c->base_domain) && !host_under(h, "localhost") &&
	    !host_platform(c, a, h);
}

enum souk_err
ctr_domain_add(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host,
    struct souk_why *why)
{
	struct dom	 d = { a, who, tenant, host, NULL, "tenant.domain.add",
	    why };

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if (!host_ok(c, a, host))
		return souk_why_set(why, SOUK_INVALID, "host", "must be a "
		    "lower-case domain name such as shop.example.com, not one "
		    "of the platform's nor under its base domain");
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
	if (str_eq(db_cell(&res, 0, 4), "1"))	/* expired meanwhile */
		return SOUK_CONFLICT;
	if ((er = db_exec(db, d->a, CTR_DOMAIN_VERIFIED, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return recorded(db, d, "domain_verified");
}

/*
 * What the host answers at its verification path, in *got: SOUK_OK (and
 * *got NULL when it answered something else), or the error of the call
 * (SOUK_FORBIDDEN: the policy refused its address).  The port is the
 * operator's domain_check_port, allowed whatever outbound_ports says.
 */
static enum souk_err
fetch_token(const struct conf *c, struct arena *a, const char *host,
    const char *token, const char **got)
{
	struct net_policy	 p;
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	const char		*b;
	size_t			 n;
	enum souk_err		 er;

	*got = NULL;
	net_policy_conf(c, &p);
	p.ports = *c->domain_check_port != '\0' ? c->domain_check_port : "80";
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = arena_printf(a, "http://%s%s%s/.well-known/"
	    "souk-domain-verification/%s", host, *c->domain_check_port !=
	    '\0' ? ":" : "", c->domain_check_port, token);
	rq.timeout_ms = 5000;
	rq.max_attempts = 1;
	rq.policy = &p;
	if (rq.url == NULL || httpc_shared() == NULL)
		return SOUK_ENOMEM;
	if ((er = httpc_do(httpc_shared(), a, &rq, &rs)) != SOUK_OK ||
	    rs.status != 200)
		return er;
	b = rs.body;
	for (n = strlen(b); n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' ||
	    b[n - 1] == ' '); n--)
		;
	*got = arena_strndup(a, b, n);
	return SOUK_OK;
}

/* The domain to verify, still pending and in time. */
static enum souk_err
verify_row(struct db *db, struct dom *d, struct db_res *res)
{
	struct db_arg	 args[] = { DB_I(d->tenant), DB_S(d->host) };
	enum souk_err	 er;

	if ((er = db_exec(db, d->a, CTR_DOMAIN_GET, args, 2, res)) != SOUK_OK)
		return er;
	if (res->nrows != 1)
		return SOUK_NOTFOUND;
	if (str_eq(db_cell(res, 0, 4), "1"))
		return souk_why_set(d->why, SOUK_CONFLICT, NULL, arena_printf(
		    d->a, "%s was not verified within %d days: remove it and "
		    "add it again", d->host, CTR_DOMAIN_PENDING_DAYS));
	return SOUK_OK;
}

enum souk_err
ctr_domain_verify(const struct conf *c, struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t tenant, const char *host,
    struct souk_why *why)
{
	struct dom	 d = { a, who, tenant, host, NULL,
	    "tenant.domain.verify", why };
	struct db_res	 res;
	const char	*got, *token;
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = verify_row(db, &d, &res)) != SOUK_OK)
		return er;
	if (str_eq(db_cell(&res, 0, 2), "verified"))
		return SOUK_OK;
	token = db_cell(&res, 0, 3);
	if ((er = fetch_token(c, a, host, token, &got)) == SOUK_FORBIDDEN)
		return souk_why_set(why, SOUK_CONFLICT, NULL, arena_printf(a,
		    "%s points at an address that is not public (or a port "
		    "that is not allowed): point it at the platform and try "
		    "again", host));
	if (er == SOUK_ENOMEM)
		return er;
	if (got == NULL || !sec_equal(got, token))
		return souk_why_set(why, SOUK_CONFLICT, NULL, arena_printf(a,
		    "the domain did not answer its token at http://%s/"
		    ".well-known/souk-domain-verification/%s: point it at the "
		    "platform and try again", host, token));
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

struct purge {
	struct arena	*a;
	int		 max;
	int		 n;
};

static enum souk_err
purge_tx(struct db *db, void *arg)
{
	struct purge	*p = arg;
	struct db_arg	 lim = DB_I(p->max);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, p->a, CTR_DOMAIN_EXPIRED, &lim, 1, &res)) !=
	    SOUK_OK || (er = expire_rows(db, p->a, &res)) != SOUK_OK)
		return er;
	p->n = (int)res.nrows;
	return SOUK_OK;
}

int
ctr_domain_purge(struct db *db, struct arena *a, int max)
{
	struct purge	 p = { a, max, 0 };

	return db_tx(db, purge_tx, &p) == SOUK_OK ? p.n : -1;
}
