/*
 * Center -> tenant side (seed §8.7, §9.1): what a change marked in
 * tenants.sync_pending is sent, in order, over calls signed with
 * Center's key.  A step clears its bit only if the tenant's version is
 * still the one it sent; a failure leaves it for the worker, which
 * tries again with backoff (5 s, doubling, at most an hour).  Every
 * call is logged in tenant_calls, the tenant's health in Center.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "center/center.h"
#include "net/net.h"
#include "sec/sec.h"

#define SYNC_BACKOFF_S		5
#define SYNC_BACKOFF_MAX_S	3600
#define SYNC_ROUNDS		4

struct sync {
	struct httpc		*http;		/* NULL: the shared client */
	const struct conf	*c;
	struct db		*db;
	struct arena		*a;
	struct ctr_tenant	 t;
	const char		*error;		/* of the failed step */
	int			 status;	/* its HTTP status */
};

struct step {
	int64_t		 bit;
	const char	*what;
	enum souk_err	(*fn)(struct sync *);
};

/* A client for export bundles, which may be far larger than an answer. */
static struct httpc *
export_http(void)
{
	static const struct httpc_opts	 o = { .max_body = 256 << 20 };
	static struct httpc		*h;

	if (h == NULL)
		h = httpc_new_opts(&o);
	return h;
}

/* One signed call; the answer in *rs (body in the arena). */
static enum souk_err
call(struct sync *s, const char *what, const char *method, const char *base,
    const char *path, struct json_object *body, struct httpc_resp *rs)
{
	struct httpc_req	 rq;
	double			 t0 = time_now_ms();
	enum souk_err		 er;

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.url = arena_printf(s->a, "%s%s", base, path);
	rq.tenant = arena_printf(s->a, "%lld", (long long)s->t.id);
	rq.api_key = s->c->center_api_key;
	rq.secret = s->c->center_api_secret;
	rq.timeout_ms = 5000;
	rq.max_attempts = 1;	/* the worker tries again, with backoff */
	if (body != NULL) {
		rq.body = arena_strdup(s->a, json_object_to_json_string_ext(
		    body, JSON_C_TO_STRING_PLAIN));
		rq.body_len = rq.body != NULL ? strlen(rq.body) : 0;
		rq.idempotency_key = sec_random_hex(s->a, "", 16);
	}
	if (rq.url == NULL || rq.tenant == NULL || (body != NULL &&
	    rq.body == NULL) || httpc_shared() == NULL)
		er = SOUK_ENOMEM;
	else if (*base == '\0')
		er = SOUK_UNAVAILABLE;
	else if ((er = httpc_do(s->http != NULL ? s->http : httpc_shared(),
	    s->a, &rq, rs)) == SOUK_OK)
		er = httpc_status_err(rs->status);
	s->status = rs->status;
	s->error = er == SOUK_OK ? NULL : *base == '\0' ?
	    "no URL configured" : rs->status > 0 ? arena_printf(s->a,
	    "HTTP %d: %.200s", rs->status, rs->body) : souk_strerror(er);
	{
		struct db_arg args[] = { DB_I(s->t.id), DB_S(what),
		    DB_I(rs->status), s->error != NULL ? DB_S(s->error) :
		    DB_NUL, DB_I((int64_t)(time_now_ms() - t0)) };
		struct db_res res;

		if (db_exec(s->db, s->a, CTR_CALL_INSERT, args, 5, &res) ==
		    SOUK_OK) {
			struct db_arg p[] = { DB_I(s->t.id),
			    DB_I((int64_t)res.insert_id) };

			(void)db_exec(s->db, s->a, CTR_CALL_PURGE, p, 2, NULL);
		}
	}
	return er;
}

static const char *
tenant_path(struct sync *s, const char *rest)
{
	return arena_printf(s->a, "/internal/api/tenants/%lld%s",
	    (long long)s->t.id, rest);
}

static enum souk_err
tenant_call(struct sync *s, const char *what, const char *method,
    const char *rest, struct json_object *body)
{
	struct httpc_resp	 rs;
	enum souk_err		 er;

	memset(&rs, 0, sizeof(rs));
	er = call(s, what, method, s->c->tenant_app_url, rest == NULL ?
	    "/internal/api/tenants" : tenant_path(s, rest), body, &rs);
	json_object_put(body);
	/* a terminated tenant the tenant side never had: nothing to do */
	if (er == SOUK_NOTFOUND && str_eq(s->t.state, "terminated"))
		er = SOUK_OK;
	return er;
}

struct json_object *
ctr_tenant_doc(struct db *db, struct arena *a, const struct conf *c,
    const struct ctr_tenant *t)
{
	struct ctr_tenant	 offered = *t;
	struct ctr_settings	 set;
	struct json_object	*o, *doms, *d;
	struct db_arg		 arg = DB_I(t->id);
	struct db_res		 res;
	size_t			 i;

	if (ctr_settings_get(db, a, c, &set) != SOUK_OK)
		return NULL;
	offered.payment_methods = ctr_csv_filter(a, t->payment_methods,
	    set.payment_providers);
	offered.shipping_methods = ctr_csv_filter(a, t->shipping_methods,
	    set.shipping_providers);
	o = ctr_tenant_json(&offered, 1);
	if (o == NULL || db_exec(db, a, CTR_DOMAIN_LIST, &arg, 1, &res) !=
	    SOUK_OK || (doms = json_object_new_array()) == NULL) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_del(o, "owner_email");
	for (i = 0; i < res.nrows; i++) {
		d = json_object_new_object();
		json_object_object_add(d, "host", json_str(db_cell(&res, i, 0)));
		json_object_object_add(d, "primary", json_object_new_boolean(
		    db_cell_i64(&res, i, 1) != 0));
		json_object_object_add(d, "status", json_str(db_cell(&res, i,
		    2)));
		json_object_object_add(d, "token", json_str(db_cell(&res, i,
		    3)));
		json_object_array_add(doms, d);
	}
	json_object_object_add(o, "domains", doms);
	return o;
}

static struct json_object *
features_body(struct sync *s)
{
	struct json_object	*o, *f;
	const char		*etag;

	if (ctr_features_effective(s->db, s->a, s->t.id, s->t.plan, &f,
	    &etag) != SOUK_OK || (o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "plan", json_str(s->t.plan));
	json_object_object_add(o, "features", f);
	json_object_object_add(o, "etag", json_str(etag));
	return o;
}

static enum souk_err
step_create(struct sync *s)
{
	struct json_object	*o = ctr_tenant_doc(s->db, s->a, s->c, &s->t), *f;

	if (o == NULL || (f = features_body(s)) == NULL) {
		json_object_put(o);
		return SOUK_ENOMEM;
	}
	json_object_object_add(o, "features", json_object_get(
	    json_object_object_get(f, "features")));
	json_object_object_add(o, "etag", json_object_get(
	    json_object_object_get(f, "etag")));
	json_object_put(f);
	return tenant_call(s, "create", "POST", NULL, o);
}

static enum souk_err
step_features(struct sync *s)
{
	struct json_object	*o = features_body(s);

	return o == NULL ? SOUK_ENOMEM :
	    tenant_call(s, "features", "PUT", "/features", o);
}

static enum souk_err
step_config(struct sync *s)
{
	struct json_object	*o = ctr_tenant_doc(s->db, s->a, s->c, &s->t);

	if (o == NULL)
		return SOUK_ENOMEM;
	json_object_object_del(o, "state");
	json_object_object_del(o, "read_only");
	return tenant_call(s, "config", "PATCH", "/config", o);
}

static enum souk_err
step_status(struct sync *s)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "state", json_str(s->t.state));
	json_object_object_add(o, "read_only", json_object_new_boolean(
	    s->t.read_only));
	return tenant_call(s, "status", "PATCH", "/status", o);
}

/* The shared services' copy: name, state (they send nothing for a shop
 * that is not active) and the platform's sender ("": their own). */
static enum souk_err
step_services(struct sync *s)
{
	struct json_object	*o;
	struct ctr_settings	 set;
	struct httpc_resp	 rs;
	enum souk_err		 er;

	if ((er = ctr_settings_get(s->db, s->a, s->c, &set)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "slug", json_str(s->t.slug));
	json_object_object_add(o, "name", json_str(s->t.name));
	json_object_object_add(o, "state", json_str(s->t.state));
	json_object_object_add(o, "mail_from", json_str(set.mail_from_conf ?
	    "" : set.mail_from));
	memset(&rs, 0, sizeof(rs));
	er = call(s, "services", "PUT", s->c->services_url,
	    tenant_path(s, ""), o, &rs);
	json_object_put(o);
	return er;
}

static enum souk_err
step_invite(struct sync *s)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(o, "email", json_str(s->t.owner_email));
	return tenant_call(s, "invite", "POST", "/owner-invitation", o);
}

/* Write body to dir/name atomically (a temporary file, then rename). */
static int
write_file(const char *dir, const char *name, const char *body, size_t len)
{
	char	 tmp[1024], path[1024];
	int	 fd;
	ssize_t	 w;
	size_t	 off = 0;

	if (mkdir(dir, 0750) == -1 && errno != EEXIST)
		return -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) || (size_t)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp",
	    path, (long)getpid()) >= sizeof(tmp))
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1)
		return -1;
	while (off < len && (w = write(fd, body + off, len - off)) > 0)
		off += (size_t)w;
	if (off != len || fsync(fd) == -1) {
		(void)close(fd);
		(void)unlink(tmp);
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		(void)unlink(tmp);
		return -1;
	}
	return 0;
}

static enum souk_err
step_export(struct sync *s)
{
	struct httpc_resp	 rs;
	const char		*name;
	enum souk_err		 er;

	memset(&rs, 0, sizeof(rs));
	s->http = export_http();
	er = call(s, "export", "GET", s->c->tenant_app_url,
	    tenant_path(s, "/export"), NULL, &rs);
	s->http = NULL;
	if (er == SOUK_NOTFOUND)
		return SOUK_OK;		/* never provisioned: nothing */
	if (er != SOUK_OK)
		return er;
	name = arena_printf(s->a, "%s-%lld-%lld.json", s->t.slug,
	    (long long)s->t.id, (long long)time_unix());
	if (name == NULL || write_file(s->c->export_dir, name, rs.body,
	    rs.body_len) == -1) {
		s->error = arena_printf(s->a, "cannot write the export to %s",
		    s->c->export_dir);
		log_msg(LOG_ERR, "tenant %lld: %s", (long long)s->t.id,
		    s->error);
		return SOUK_INTERNAL;
	}
	{
		struct db_arg args[] = { DB_I(s->t.id), DB_S(name),
		    DB_I((int64_t)rs.body_len), DB_S(sec_sha256_hex(s->a,
		    rs.body, rs.body_len)) };

		return db_exec(s->db, s->a, CTR_EXPORT_PUT, args, 4, NULL);
	}
}

struct erased {
	struct sync	*s;
	const char	*file;		/* the export bundle, or NULL */
};

/* The erasure is recorded: audit row and tenant_erased, together. */
static enum souk_err
erased_tx(struct db *db, void *arg)
{
	struct erased		*x = arg;
	struct sync		*s = x->s;
	struct ctr_audit	 e = { "tenant.erase", NULL, s->t.id, NULL,
	    NULL };
	struct json_object	*d = json_object_new_object();
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "tenant_id", json_object_new_int64(s->t.id));
	json_object_object_add(d, "export", x->file != NULL ?
	    json_str(x->file) : NULL);
	er = ctr_event(db, s->a, "tenant_erased", s->t.id, d);
	json_object_put(d);
	if (er != SOUK_OK)
		return er;
	e.target = arena_printf(s->a, "tenant:%lld", (long long)s->t.id);
	e.after = json_kv_text(s->a, "export", x->file, NULL, NULL);
	return ctr_audit_in(db, s->a, &ctr_system, &e);
}

static enum souk_err
step_erase(struct sync *s)
{
	struct ctr_export	 ex;
	struct erased		 x = { s, NULL };
	enum souk_err		 er;

	if ((er = ctr_export_get(s->db, s->a, s->t.id, &ex)) != SOUK_OK &&
	    er != SOUK_NOTFOUND)
		return er;
	x.file = er == SOUK_OK ? ex.file : NULL;
	if ((er = tenant_call(s, "erase", "DELETE", "/data", NULL)) !=
	    SOUK_OK)
		return er;
	return db_tx(s->db, erased_tx, &x);
}

enum souk_err
ctr_export_get(struct db *db, struct arena *a, int64_t tenant,
    struct ctr_export *out)
{
	struct db_arg	 arg = DB_I(tenant);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_EXPORT_GET, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	out->file = db_cell(&res, 0, 0);
	out->bytes = db_cell_i64(&res, 0, 1);
	out->sha256 = db_cell(&res, 0, 2);
	out->created_at = db_cell(&res, 0, 3);
	return SOUK_OK;
}

enum souk_err
ctr_tenant_calls(struct db *db, struct arena *a, int64_t tenant,
    struct db_res *out)
{
	struct db_arg	 arg = DB_I(tenant);

	return db_exec(db, a, CTR_CALL_LIST, &arg, 1, out);
}

static const struct step steps[] = {
	{ CTR_SYNC_CREATE, "create", step_create },
	{ CTR_SYNC_FEATURES, "features", step_features },
	{ CTR_SYNC_CONFIG, "config", step_config },
	{ CTR_SYNC_STATUS, "status", step_status },
	{ CTR_SYNC_SERVICES, "services", step_services },
	{ CTR_SYNC_INVITE, "invite", step_invite },
	{ CTR_SYNC_EXPORT, "export", step_export },
	{ CTR_SYNC_ERASE, "erase", step_erase },
};

/* 1 if the step has nothing to do in the tenant's state (bit cleared). */
static int
step_moot(const struct sync *s, int64_t bit)
{
	int	 gone = str_eq(s->t.state, "terminated");

	if (bit == CTR_SYNC_CREATE || bit == CTR_SYNC_INVITE ||
	    bit == CTR_SYNC_FEATURES || bit == CTR_SYNC_CONFIG)
		return gone;
	return (bit == CTR_SYNC_EXPORT || bit == CTR_SYNC_ERASE) && !gone;
}

/* 1 if the step must wait (the owner is invited once the shop is open). */
static int
step_later(const struct sync *s, int64_t bit)
{
	return bit == CTR_SYNC_INVITE && !str_eq(s->t.state, "active");
}

/*
 * Clear bit for the version sent: SOUK_CONFLICT if the tenant changed
 * meanwhile (the round stops and starts again from what it is now).
 */
static enum souk_err
step_done(struct sync *s, int64_t bit)
{
	struct db_arg	 args[] = { DB_I(bit), DB_I(s->t.id),
	    DB_I(s->t.version) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(s->db, s->a, CTR_TENANT_SYNCED, args, 3, &res)) !=
	    SOUK_OK)
		return er;
	return res.affected == 1 ? SOUK_OK : SOUK_CONFLICT;
}

static void
step_failed(struct sync *s, const char *what)
{
	int64_t		 delay = SYNC_BACKOFF_S;
	int64_t		 n;
	struct db_arg	 args[3];

	for (n = 0; n < s->t.attempts && delay < SYNC_BACKOFF_MAX_S; n++)
		delay *= 2;
	if (delay > SYNC_BACKOFF_MAX_S)
		delay = SYNC_BACKOFF_MAX_S;
	args[0] = DB_I(delay);
	args[1] = DB_S(arena_printf(s->a, "%s: %s", what, s->error != NULL ?
	    s->error : "failed"));
	args[2] = DB_I(s->t.id);
	(void)db_exec(s->db, s->a, CTR_TENANT_SYNC_FAIL, args, 3, NULL);
	log_msg(LOG_WARN, "tenant %lld: %s not sent (%s); retry in %llds",
	    (long long)s->t.id, what, s->error != NULL ? s->error : "failed",
	    (long long)delay);
}

/* One pass over the pending steps; 1 if the tenant changed meanwhile. */
static enum souk_err
sync_round(struct sync *s, int *again)
{
	size_t		 i;
	enum souk_err	 er;

	*again = 0;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (!(s->t.pending & steps[i].bit) ||
		    step_later(s, steps[i].bit))
			continue;
		if (!step_moot(s, steps[i].bit) &&
		    (er = steps[i].fn(s)) != SOUK_OK) {
			step_failed(s, steps[i].what);
			return er;
		}
		/* the creation carried the features too */
		er = step_done(s, steps[i].bit == CTR_SYNC_CREATE ?
		    CTR_SYNC_CREATE | CTR_SYNC_FEATURES : steps[i].bit);
		if (er == SOUK_CONFLICT) {
			*again = 1;	/* never erase after a stale export */
			return SOUK_OK;
		}
		if (er != SOUK_OK)
			return er;
		if (steps[i].bit == CTR_SYNC_CREATE &&
		    str_eq(s->t.state, "provisioning")) {
			if ((er = ctr_tenant_activate(s->db, s->a,
			    s->t.id)) != SOUK_OK)
				return er;
			*again = 1;	/* now tell it it is active */
			return SOUK_OK;
		}
	}
	return SOUK_OK;
}

enum souk_err
ctr_sync(const struct conf *c, struct db *db, struct arena *a, int64_t id)
{
	struct sync	 s;
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;
	int		 round, again = 1;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.db = db;
	s.a = a;
	if ((er = db_exec(db, a, CTR_TENANT_CLAIM, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.affected != 1)
		return SOUK_OK;		/* nothing due, or another has it */
	for (round = 0; again && round < SYNC_ROUNDS; round++) {
		if ((er = ctr_tenant_get(db, a, id, &s.t)) != SOUK_OK)
			return er;
		if (s.t.pending == 0)
			return SOUK_OK;
		if ((er = sync_round(&s, &again)) != SOUK_OK)
			return er;
	}
	/* the claim is over: what is left is due again at once */
	(void)db_exec(db, a, CTR_TENANT_RELEASE, &arg, 1, NULL);
	return ctr_tenant_get(db, a, id, &s.t) == SOUK_OK && (s.t.pending &
	    ~(int64_t)CTR_SYNC_INVITE) != 0 ? SOUK_UNAVAILABLE : SOUK_OK;
}

int
ctr_sync_due(const struct conf *c, struct db *db, struct arena *a, int max)
{
	struct db_arg	 arg = DB_I(max);
	struct db_res	 res;
	size_t		 i;

	if (db_exec(db, a, CTR_TENANT_SYNC_DUE, &arg, 1, &res) != SOUK_OK)
		return -1;
	for (i = 0; i < res.nrows; i++)
		(void)ctr_sync(c, db, a, db_cell_i64(&res, i, 0));
	return (int)res.nrows;
}
