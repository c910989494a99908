/*
 * The HTTP side of signed calls: reads the headers of a request, runs
 * sec_verify, answers one uniform 401 (the reason goes to the log), and
 * attaches the calling system to the request and its log line.
 */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "sec/sec.h"

static void
call_from_req(const struct req *r, struct sec_call *c)
{
	struct sec_sig_input	*s = &c->sig;

	s->method = r->method_name;
	s->raw_path = r->raw_path;
	s->raw_query = r->query;
	s->tenant = req_header(r, "HTTP_X_TENANT_ID");
	s->api_key = req_header(r, "HTTP_X_API_KEY");
	s->nonce = req_header(r, "HTTP_X_NONCE");
	s->timestamp = req_header(r, "HTTP_X_TIMESTAMP");
	s->body = r->body;
	s->body_len = r->body_len;
	c->signature = req_header(r, "HTTP_X_SIGNATURE");
	c->remote_addr = r->remote_addr;
}

static const char *
nz(const char *s)
{
	return s == NULL ? "-" : s;
}

static enum souk_err
refuse(struct req *r, enum souk_err er, const char *why,
    const struct sec_call *c)
{
	log_msg(LOG_WARN, "reqid=%s signed call refused: %s (key %s, from %s)",
	    r->reqid, why, nz(log_field(r->a, c->sig.api_key)),
	    nz(log_field(r->a, r->remote_addr)));
	switch (er) {
	case SOUK_UNAUTHORIZED:
		r->detail = "The request signature could not be verified.";
		break;
	case SOUK_FORBIDDEN:
		r->detail = why;
		break;
	case SOUK_RATELIMIT:
		r->detail = "Too many requests with this key; slow down.";
		break;
	default:
		break;
	}
	return er;
}

enum souk_err
sec_authenticate(struct req *r)
{
	struct sec_verifier	 v;
	struct sec_caller	*who;
	struct sec_call		 c;
	const char		*why = NULL;
	enum souk_err		 er;

	if ((who = arena_alloc(r->a, sizeof(*who))) == NULL)
		return SOUK_ENOMEM;
	memset(&c, 0, sizeof(c));
	call_from_req(r, &c);
	v.db = app_center_db(r->app, sec_key_sql, KEY__MAX);
	v.cache = r->app->cache;
	v.master = r->app->conf.master_key;
	v.window = r->app->conf.sign_window;
	v.now = time_unix();
	if (v.db == NULL)
		return SOUK_UNAVAILABLE;
	er = sec_verify(&v, r->a, &c, who, &why, &r->retry_after);
	if (er == SOUK_OK && !sec_caller_scope(who, r->route->scope)) {
		er = SOUK_FORBIDDEN;
		why = arena_printf(r->a, "This key lacks the scope %s.",
		    r->route->scope);
	} else if (er == SOUK_FORBIDDEN)
		why = "This key may not act for this tenant.";
	if (er != SOUK_OK)
		return refuse(r, er, why != NULL ? why : "error", &c);
	r->principal = who;
	r->caller = arena_printf(r->a, "%s(%s)", who->public_key, who->owner);
	if (c.sig.tenant != NULL)
		r->tenant_id = strtoll(c.sig.tenant, NULL, 10);
	return SOUK_OK;
}

/* The two counters of a sign-in: per e-mail address, per client. */
static int
throttle_keys(struct req *r, const char *realm, const char *email,
    const char **keys)
{
	const char	*e = str_lower_dup(r->a, email);
	long long	 win = (long long)(time_unix() / 60);

	if (e == NULL)
		return -1;
	keys[0] = arena_printf(r->a, "souk:v1:signin:%s:email:%s:%lld", realm,
	    sec_sha256_hex(r->a, e, strlen(e)), win);
	keys[1] = arena_printf(r->a, "souk:v1:signin:%s:addr:%s:%lld", realm,
	    r->remote_addr, win);
	return keys[0] != NULL && keys[1] != NULL ? 0 : -1;
}

/* Failures of a counter in the database (memcached is down). */
static int64_t
db_failures(struct req *r, struct db *db, const char *key, int add)
{
	struct db_arg	 args[2];
	struct db_res	 res;

	if (db == NULL)
		return 0;
	args[0] = DB_S(sec_sha256_hex(r->a, key, strlen(key)));
	args[1] = DB_I(time_unix() / 60);
	if (args[0].s == NULL)
		return 0;
	if (add)
		return db_exec(db, r->a, KEY_FAIL_ADD, args, 2, NULL) ==
		    SOUK_OK ? 1 : 0;
	if (db_exec(db, r->a, KEY_FAIL_GET, args, 2, &res) != SOUK_OK ||
	    res.nrows != 1)
		return 0;
	return db_cell_i64(&res, 0, 0);
}

static struct db *
throttle_db(struct req *r)
{
	return app_center_db(r->app, sec_key_sql, KEY__MAX);
}

enum souk_err
sec_throttle(struct req *r, const char *realm, const char *email,
    int per_email, int per_addr)
{
	const char	*keys[2];
	char		*vals[2] = { NULL, NULL };
	int64_t		 n[2] = { 0, 0 };
	int		 i;

	if (throttle_keys(r, realm, email, keys) == -1)
		return SOUK_ENOMEM;
	/*
	 * Both stores count: a process that skips memcached for a moment
	 * counts in the database while the others count in memcached.  A
	 * sign-in costs an argon2 hash; two indexed reads are nothing.
	 */
	if (cache_up(r->app->cache))
		cache_mget(r->app->cache, r->a, keys, 2, vals);
	for (i = 0; i < 2; i++) {
		if (vals[i] == NULL ||
		    str_to_i64(vals[i], 0, INT64_MAX, &n[i]) != SOUK_OK)
			n[i] = 0;
		n[i] += db_failures(r, throttle_db(r), keys[i], 0);
	}
	if (n[0] < per_email && n[1] < per_addr)
		return SOUK_OK;
	r->retry_after = (int)(60 - time_unix() % 60);
	r->detail = "Too many failed sign-ins; try again in a minute.";
	log_msg(LOG_WARN, "reqid=%s sign-in throttled (%s) from %s",
	    r->reqid, realm, log_field(r->a, r->remote_addr));
	return SOUK_RATELIMIT;
}

void
sec_throttle_fail(struct req *r, const char *realm, const char *email)
{
	const char	*keys[2];
	int		 i;

	if (throttle_keys(r, realm, email, keys) == -1)
		return;
	for (i = 0; i < 2; i++)
		if (cache_incr(r->app->cache, keys[i], 120) < 0)
			(void)db_failures(r, throttle_db(r), keys[i], 1);
}

int64_t
sec_throttle_purge(struct db *db, struct arena *a)
{
	struct db_arg	 arg = DB_I(time_unix() / 60 - 5);
	struct db_res	 res;

	if (db_exec(db, a, KEY_FAIL_PURGE, &arg, 1, &res) != SOUK_OK)
		return -1;
	return (int64_t)res.affected;
}
