/*
 * The tenant registry and its lifecycle (seed §9.1, §10.5):
 *
 *   draft -> provisioning -> active <-> suspended
 *   any of them -> terminated (with a second admin's approval)
 *
 * plus a read-only flag on active tenants.  Every change is one
 * transaction that also writes the history row, the audit row and the
 * domain event, bumps the version and marks what the tenant side must
 * be told (sync.c tells it, after the commit).
 */
#include <string.h>

#include <json-c/json.h>

#include "center/center.h"
#include "i18n/fmt.h"

static const struct move {
	const char	*from;
	const char	*to;
	int		 system;	/* only Center itself makes it */
	const char	*event;
} moves[] = {
	{ "draft", "provisioning", 0, "tenant_provisioning" },
	{ "draft", "terminated", 0, "tenant_terminated" },
	{ "provisioning", "active", 1, "tenant_activated" },
	{ "provisioning", "terminated", 0, "tenant_terminated" },
	{ "active", "suspended", 0, "tenant_suspended" },
	{ "active", "terminated", 0, "tenant_terminated" },
	{ "suspended", "active", 0, "tenant_resumed" },
	{ "suspended", "terminated", 0, "tenant_terminated" },
};

static const char *const states[] = { "draft", "provisioning", "active",
	"suspended", "terminated" };

/* Subdomains that are the platform's own. */
static const char *const reserved[] = { "center", "services", "www", "api",
	"static", "media", "admin" };

#define NITEMS(x)	(sizeof(x) / sizeof((x)[0]))

int
ctr_state_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < NITEMS(states); i++)
		if (str_eq(s, states[i]))
			return 1;
	return 0;
}

static const struct move *
move_find(const char *from, const char *to)
{
	size_t	 i;

	for (i = 0; i < NITEMS(moves); i++)
		if (str_eq(moves[i].from, from) && str_eq(moves[i].to, to))
			return &moves[i];
	return NULL;
}

int
ctr_transition_allowed(const char *from, const char *to)
{
	return move_find(from, to) != NULL;
}

static void
tenant_row(const struct db_res *res, size_t i, struct ctr_tenant *t)
{
	t->id = db_cell_i64(res, i, 0);
	t->slug = db_cell(res, i, 1);
	t->name = db_cell(res, i, 2);
	t->plan = db_cell(res, i, 3);
	t->state = db_cell(res, i, 4);
	t->read_only = db_cell_i64(res, i, 5) != 0;
	t->locale = db_cell(res, i, 6);
	t->currency = db_cell(res, i, 7);
	t->time_zone = db_cell(res, i, 8);
	t->theme_color = db_cell(res, i, 9);
	t->payment_methods = db_cell(res, i, 10);
	t->shipping_methods = db_cell(res, i, 11);
	t->owner_email = db_cell(res, i, 12);
	t->version = db_cell_i64(res, i, 13);
	t->pending = db_cell_i64(res, i, 14);
	t->attempts = db_cell_i64(res, i, 15);
	t->next_sync_at = db_cell(res, i, 16);
	t->last_error = db_cell(res, i, 17);
	t->created_at = db_cell(res, i, 18);
	t->updated_at = db_cell(res, i, 19);
}

static enum souk_err
tenant_read(struct db *db, struct arena *a, int stmt, int64_t id,
    struct ctr_tenant *t)
{
	struct db_arg	 arg = DB_I(id);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, stmt, &arg, 1, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	tenant_row(&res, 0, t);
	return SOUK_OK;
}

enum souk_err
ctr_tenant_get(struct db *db, struct arena *a, int64_t id,
    struct ctr_tenant *t)
{
	return tenant_read(db, a, CTR_TENANT_GET, id, t);
}

enum souk_err
ctr_tenant_list(struct db *db, struct arena *a,
    const struct ctr_tenant_filter *f, struct ctr_tenant **out, size_t *n,
    int64_t *total)
{
	const char	*like = ctr_like(a, "%", f->q, "%");
	struct db_arg	 args[] = { DB_S(f->state), DB_S(f->state),
	    DB_S(f->plan), DB_S(f->plan), DB_S(f->q), DB_S(like), DB_S(like),
	    DB_I(f->limit), DB_I(f->offset) };
	struct db_res	 res, cnt;
	enum souk_err	 er;
	size_t		 i;

	*n = 0;
	if (like == NULL)
		return SOUK_ENOMEM;
	if ((er = db_exec(db, a, CTR_TENANT_COUNT, args, 7, &cnt)) != SOUK_OK ||
	    (er = db_exec(db, a, CTR_TENANT_LIST, args, 9, &res)) != SOUK_OK)
		return er;
	*total = db_cell_i64(&cnt, 0, 0);
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		tenant_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

/* ---- checks -------------------------------------------------------- */

static int
slug_ok(const char *s)
{
	size_t	 i;

	if (!valid_check(VALID_SLUG, s, 0, 0) || strlen(s) > 63)
		return 0;
	for (i = 0; i < NITEMS(reserved); i++)
		if (str_eq(s, reserved[i]))
			return 0;
	return 1;
}

static int
color_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 7 || s[0] != '#')
		return 0;
	for (i = 1; i < 7; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

enum souk_err
ctr_tenant_check(struct db *db, struct arena *a, const struct conf *conf,
    const struct ctr_tenant_in *in, int creating,
    void (*err)(void *, const char *, const char *), void *arg)
{
	struct ctr_settings	 set;
	struct db_res	 res;
	int		 bad = 0;
	enum souk_err	 er;

	if ((er = ctr_settings_get(db, a, conf, &set)) != SOUK_OK)
		return er;
#define NEED(f)	(creating || in->f != NULL)
#define BAD(f, msg) do { err(arg, #f, msg); bad = 1; } while (0)
	if (creating && !slug_ok(in->slug))
		BAD(slug, "1 to 63 lower-case letters, digits and inner "
		    "hyphens; not a platform name (center, www, api, …)");
	if (NEED(name) && (in->name == NULL || *in->name == '\0' ||
	    !valid_check(VALID_LINE, in->name, 1, 200)))
		BAD(name, "1 to 200 characters on one line");
	if (NEED(plan) && (in->plan == NULL || db_exec(db, a, CTR_PLAN_GET,
	    (struct db_arg[]){ DB_S(in->plan) }, 1, &res) != SOUK_OK ||
	    res.nrows != 1))
		BAD(plan, "must be the code of a plan");
	if (NEED(locale) && (!fmt_locale_ok(in->locale) ||
	    strlen(in->locale) > 16))
		BAD(locale, "a locale such as en, de-DE or fr-CH (a "
		    "language, then a country, as BCP 47 writes them)");
	if (NEED(currency) && !fmt_currency_ok(in->currency))
		BAD(currency, "a currency in use today, as its ISO 4217 code "
		    "such as EUR, USD or JPY");
	if (NEED(time_zone) && !fmt_zone_ok(in->time_zone))
		BAD(time_zone, "an IANA time zone such as UTC, Europe/Paris or "
		    "America/New_York");
	if (NEED(theme_color) && !color_ok(in->theme_color))
		BAD(theme_color, "a colour such as #1f6feb");
	if (NEED(payment_methods) && !ctr_csv_within(in->payment_methods,
	    set.payment_providers))
		BAD(payment_methods, arena_printf(a, "some of the platform's "
		    "payment providers: %s", set.payment_providers));
	if (NEED(shipping_methods) && !ctr_csv_within(in->shipping_methods,
	    set.shipping_providers))
		BAD(shipping_methods, arena_printf(a, "some of the platform's "
		    "shipping providers: %s", set.shipping_providers));
	if (in->owner_email != NULL && *in->owner_email != '\0' &&
	    !valid_check(VALID_EMAIL, in->owner_email, 0, 0))
		BAD(owner_email, "an e-mail address");
#undef NEED
#undef BAD
	return bad ? SOUK_INVALID : SOUK_OK;
}

/* ---- JSON of a tenant (API, audit, events) ------------------------- */

struct json_object *
ctr_tenant_json(const struct ctr_tenant *t, int full)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(t->id));
	json_object_object_add(o, "slug", json_str(t->slug));
	json_object_object_add(o, "name", json_str(t->name));
	json_object_object_add(o, "plan", json_str(t->plan));
	json_object_object_add(o, "state", json_str(t->state));
	json_object_object_add(o, "read_only", json_object_new_boolean(
	    t->read_only));
	if (!full)
		return o;
	json_object_object_add(o, "locale", json_str(t->locale));
	json_object_object_add(o, "currency", json_str(t->currency));
	json_object_object_add(o, "time_zone", json_str(t->time_zone));
	json_object_object_add(o, "theme_color", json_str(t->theme_color));
	json_object_object_add(o, "payment_methods", json_str_list(
	    t->payment_methods));
	json_object_object_add(o, "shipping_methods", json_str_list(
	    t->shipping_methods));
	json_object_object_add(o, "owner_email", t->owner_email != NULL ?
	    json_str(t->owner_email) : NULL);
	return o;
}

/* The tenant as audit text (full or short). */
static const char *
tenant_text(struct arena *a, const struct ctr_tenant *t, int full)
{
	struct json_object	*o = ctr_tenant_json(t, full);
	const char		*s;

	s = o == NULL ? NULL : arena_strdup(a, json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

/* The event of a change: {"tenant": …, extra members}. */
static enum souk_err
tenant_event(struct db *db, struct arena *a, const char *type,
    const struct ctr_tenant *t, const struct ctr_actor *who,
    const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct json_object	*d = json_object_new_object();
	enum souk_err		 er;

	if (d == NULL)
		return SOUK_ENOMEM;
	json_object_object_add(d, "tenant", ctr_tenant_json(t, 0));
	json_object_object_add(d, "actor", json_str(ctr_actor_public(a, who)));
	if (k1 != NULL)
		json_object_object_add(d, k1, v1 != NULL ? json_str(v1) : NULL);
	if (k2 != NULL)
		json_object_object_add(d, k2, v2 != NULL ? json_str(v2) : NULL);
	er = ctr_event(db, a, type, t->id, d);
	json_object_put(d);
	return er;
}

static enum souk_err
history(struct db *db, struct arena *a, const struct ctr_actor *who,
    int64_t id, const char *from, const char *to, int read_only,
    const char *reason)
{
	struct db_arg	 args[] = { DB_I(id), DB_S(from), DB_S(to),
	    DB_I(read_only), DB_S(who->who), DB_S(reason != NULL ? reason :
	    "") };

	return db_exec(db, a, CTR_TRANSITION_INSERT, args, 6, NULL);
}

static enum souk_err
audit_tenant(struct db *db, struct arena *a, const struct ctr_actor *who,
    const char *action, const struct ctr_tenant *before,
    const struct ctr_tenant *after, int full)
{
	struct ctr_audit	 e;

	e.action = action;
	e.tenant = after != NULL ? after->id : before->id;
	e.target = arena_printf(a, "tenant:%lld", (long long)e.tenant);
	e.before = before != NULL ? tenant_text(a, before, full) : NULL;
	e.after = after != NULL ? tenant_text(a, after, full) : NULL;
	return ctr_audit_in(db, a, who, &e);
}

/* ---- create -------------------------------------------------------- */

struct create {
	struct arena			*a;
	const struct ctr_actor		*who;
	const struct ctr_tenant_in	*in;
	int64_t				 id;
};

/* What a tenant being provisioned must be sent. */
static int64_t
provision_bits(const char *owner_email)
{
	return CTR_SYNC_CREATE | CTR_SYNC_FEATURES | CTR_SYNC_SERVICES |
	    (owner_email != NULL && *owner_email != '\0' ? CTR_SYNC_INVITE : 0);
}

static enum souk_err
create_tx(struct db *db, void *arg)
{
	struct create			*c = arg;
	const struct ctr_tenant_in	*in = c->in;
	const char			*state = in->draft ? "draft" :
					    "provisioning";
	struct ctr_tenant		 t;
	struct db_res			 res;
	enum souk_err			 er;
	int				 owner = in->owner_email != NULL &&
					    *in->owner_email != '\0';
	struct db_arg			 args[] = { DB_S(in->slug),
	    DB_S(in->name), DB_S(in->plan), DB_S(state), DB_S(in->locale),
	    DB_S(in->currency), DB_S(in->time_zone), DB_S(in->theme_color),
	    DB_S(in->payment_methods), DB_S(in->shipping_methods),
	    owner ? DB_S(in->owner_email) : DB_NUL,
	    DB_I(in->draft ? 0 : provision_bits(in->owner_email)) };

	if ((er = db_exec(db, c->a, CTR_TENANT_INSERT, args, 12, &res)) !=
	    SOUK_OK)
		return er;
	c->id = (int64_t)res.insert_id;
	if ((er = ctr_tenant_get(db, c->a, c->id, &t)) != SOUK_OK ||
	    (er = history(db, c->a, c->who, c->id, "", state, 0,
	    "created")) != SOUK_OK ||
	    (er = tenant_event(db, c->a, "tenant_created", &t, c->who, NULL,
	    NULL, NULL, NULL)) != SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, "tenant.create", NULL, &t, 1);
}

enum souk_err
ctr_tenant_create(struct db *db, struct arena *a, const struct ctr_actor *who,
    const struct ctr_tenant_in *in, int64_t *id, struct souk_why *why)
{
	struct create	 c = { a, who, in, 0 };
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = db_tx(db, create_tx, &c)) == SOUK_CONFLICT &&
	    str_eq(db_conflict_key(db), "tenants_slug"))
		return souk_why_set(why, er, "slug", "another tenant has this "
		    "slug");
	*id = c.id;
	return er;
}

/* ---- lifecycle ----------------------------------------------------- */

struct change {
	struct arena			*a;
	const struct ctr_actor		*who;
	int64_t				 id;
	const char			*to;
	int				 read_only;
	const char			*reason;
	struct souk_why			*why;
	int64_t				 approval;
	const struct ctr_tenant_in	*in;
	const char			*plan;
};

/* Run fn in a transaction over c, for admin who on tenant id. */
static enum souk_err
change_run(struct db *db, struct change *c, struct arena *a,
    const struct ctr_actor *who, int64_t id, struct souk_why *why,
    enum souk_err (*fn)(struct db *, void *))
{
	c->a = a;
	c->who = who;
	c->id = id;
	c->why = why;
	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	return db_tx(db, fn, c);
}

/* What the tenant side needs after a move to state to. */
static int64_t
move_bits(const char *from, const char *to, const char *owner_email)
{
	if (str_eq(from, "draft") && str_eq(to, "provisioning"))
		return provision_bits(owner_email);
	if (str_eq(to, "terminated"))
		return CTR_SYNC_STATUS | CTR_SYNC_SERVICES | CTR_SYNC_EXPORT |
		    CTR_SYNC_ERASE;
	return CTR_SYNC_STATUS | CTR_SYNC_SERVICES;
}

/* Make the move from t->state (already checked) and record it. */
static enum souk_err
move_apply(struct db *db, struct change *c, struct ctr_tenant *t,
    const struct move *m)
{
	struct ctr_tenant	 after;
	int64_t			 bits = move_bits(m->from, m->to,
				    t->owner_email);
	struct db_arg		 upd[] = { DB_S(m->to), DB_I(0),
	    DB_I(str_eq(m->from, "draft") && str_eq(m->to, "terminated") ?
	    0 : bits), DB_I(c->id), DB_S(t->state), DB_I(t->read_only) };
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = db_exec(db, c->a, CTR_TENANT_SET_STATE, upd, 6, &res)) !=
	    SOUK_OK)
		return er;
	if (res.affected != 1)
		return SOUK_CONFLICT;	/* it moved meanwhile */
	if ((er = ctr_tenant_get(db, c->a, c->id, &after)) != SOUK_OK ||
	    (er = history(db, c->a, c->who, c->id, m->from, m->to, 0,
	    c->reason)) != SOUK_OK ||
	    (er = tenant_event(db, c->a, m->event, &after, c->who, "from",
	    m->from, "reason", c->reason)) != SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, arena_printf(c->a,
	    "tenant.%s", m->to), t, &after, 0);
}

/* A request for a second admin to approve the termination. */
static enum souk_err
approval_ask(struct db *db, struct change *c, const struct ctr_tenant *t)
{
	struct db_arg		 args[] = { DB_I(c->id), DB_S("terminate"),
	    DB_S(c->reason != NULL ? c->reason : ""), DB_S(c->who->who) };
	struct db_res		 res;
	struct ctr_audit	 e = { "tenant.terminate.request", NULL, c->id,
	    NULL, NULL };
	enum souk_err		 er;

	/* the unique key of pending requests: one per tenant and action */
	if ((er = db_exec(db, c->a, CTR_APPROVAL_INSERT, args, 4, &res)) ==
	    SOUK_CONFLICT && str_eq(db_conflict_key(db),
	    "tenant_approvals_pending"))
		return souk_why_set(c->why, er, NULL, "a termination of this "
		    "tenant is already waiting for approval");
	if (er != SOUK_OK)
		return er;
	c->approval = (int64_t)res.insert_id;
	e.target = arena_printf(c->a, "approval:%lld",
	    (long long)c->approval);
	e.before = tenant_text(c->a, t, 0);
	e.after = json_kv_text(c->a, "reason", c->reason, NULL, NULL);
	return ctr_audit_in(db, c->a, c->who, &e);
}

static enum souk_err
transition_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct ctr_tenant	 t;
	const struct move	*m;
	enum souk_err		 er;

	if ((er = tenant_read(db, c->a, CTR_TENANT_LOCK, c->id, &t)) !=
	    SOUK_OK)
		return er;
	if ((m = move_find(t.state, c->to)) == NULL)
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, arena_printf(
		    c->a, "a tenant cannot go from %s to %s", t.state, c->to));
	if (m->system && c->who->admin != 0)
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, "a tenant "
		    "becomes active when the tenant side confirms its "
		    "provisioning");
	if (m->system && !str_eq(c->who->who, "system"))
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, "only Center "
		    "itself makes this move");
	if (str_eq(c->to, "terminated") && !str_eq(c->who->who, "system"))
		return approval_ask(db, c, &t);
	return move_apply(db, c, &t, m);
}

enum souk_err
ctr_tenant_transition(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, const char *to,
    const char *reason, struct souk_why *why, int64_t *approval)
{
	struct change	 c;
	enum souk_err	 er;

	memset(&c, 0, sizeof(c));
	c.to = to;
	c.reason = reason;
	*approval = 0;
	if (!ctr_state_ok(to))
		return souk_why_set(why, SOUK_INVALID, "to", "one of draft, "
		    "provisioning, active, suspended, terminated");
	er = change_run(db, &c, a, who, id, why, transition_tx);
	*approval = c.approval;
	return er;
}

enum souk_err
ctr_tenant_activate(struct db *db, struct arena *a, int64_t id)
{
	struct souk_why	 why;
	int64_t		 approval;

	return ctr_tenant_transition(db, a, &ctr_system, id, "active",
	    "the tenant side confirmed provisioning", &why, &approval);
}

static enum souk_err
read_only_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct ctr_tenant	 t, after;
	struct db_arg		 upd[] = { DB_S("active"), DB_I(c->read_only),
	    DB_I(CTR_SYNC_STATUS), DB_I(c->id), DB_S("active"),
	    DB_I(!c->read_only) };
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = tenant_read(db, c->a, CTR_TENANT_LOCK, c->id, &t)) !=
	    SOUK_OK)
		return er;
	if (!str_eq(t.state, "active"))
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, "only an "
		    "active tenant has a read-only mode");
	if (t.read_only == c->read_only)
		return SOUK_OK;		/* already so: nothing to record */
	if ((er = db_exec(db, c->a, CTR_TENANT_SET_STATE, upd, 6, &res)) !=
	    SOUK_OK)
		return er;
	if (res.affected != 1)
		return SOUK_CONFLICT;
	if ((er = ctr_tenant_get(db, c->a, c->id, &after)) != SOUK_OK ||
	    (er = history(db, c->a, c->who, c->id, "active", "active",
	    c->read_only, c->reason)) != SOUK_OK ||
	    (er = tenant_event(db, c->a, "tenant_read_only_changed", &after,
	    c->who, "reason", c->reason, NULL, NULL)) != SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, c->read_only ?
	    "tenant.read_only.on" : "tenant.read_only.off", &t, &after, 0);
}

enum souk_err
ctr_tenant_read_only(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, int on, const char *reason,
    struct souk_why *why)
{
	struct change	 c;

	memset(&c, 0, sizeof(c));
	c.read_only = on != 0;
	c.reason = reason;
	return change_run(db, &c, a, who, id, why, read_only_tx);
}

/* ---- settings, plan, resync --------------------------------------- */

static const char *
keep(const char *new, const char *old)
{
	return new != NULL ? new : old;
}

/* The tenant of c, locked; SOUK_CONFLICT (why) once it is terminated. */
static enum souk_err
lock_live(struct db *db, struct change *c, struct ctr_tenant *t)
{
	enum souk_err	 er;

	if ((er = tenant_read(db, c->a, CTR_TENANT_LOCK, c->id, t)) !=
	    SOUK_OK)
		return er;
	if (str_eq(t->state, "terminated"))
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, "a terminated "
		    "tenant cannot be changed");
	return SOUK_OK;
}

static enum souk_err
configure_tx(struct db *db, void *arg)
{
	struct change			*c = arg;
	const struct ctr_tenant_in	*in = c->in;
	struct ctr_tenant		 t, after;
	enum souk_err			 er;

	if ((er = lock_live(db, c, &t)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_S(keep(in->name, t.name)),
		    DB_S(keep(in->locale, t.locale)),
		    DB_S(keep(in->currency, t.currency)),
		    DB_S(keep(in->time_zone, t.time_zone)),
		    DB_S(keep(in->theme_color, t.theme_color)),
		    DB_S(keep(in->payment_methods, t.payment_methods)),
		    DB_S(keep(in->shipping_methods, t.shipping_methods)),
		    DB_I(str_eq(t.state, "draft") ? 0 :
		    CTR_SYNC_CONFIG | CTR_SYNC_SERVICES), DB_I(c->id) };

		if ((er = db_exec(db, c->a, CTR_TENANT_SET_CONFIG, args, 9,
		    NULL)) != SOUK_OK)
			return er;
	}
	if ((er = ctr_tenant_get(db, c->a, c->id, &after)) != SOUK_OK ||
	    (er = tenant_event(db, c->a, "tenant_updated", &after, c->who,
	    NULL, NULL, NULL, NULL)) != SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, "tenant.config", &t, &after, 1);
}

enum souk_err
ctr_tenant_configure(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, const struct ctr_tenant_in *in,
    struct souk_why *why)
{
	struct change	 c;

	memset(&c, 0, sizeof(c));
	c.in = in;
	return change_run(db, &c, a, who, id, why, configure_tx);
}

static enum souk_err
plan_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct ctr_tenant	 t, after;
	struct db_arg		 args[] = { DB_S(c->plan),
	    DB_I(CTR_SYNC_FEATURES), DB_I(c->id) };
	enum souk_err		 er;

	if ((er = lock_live(db, c, &t)) != SOUK_OK)
		return er;
	if (str_eq(t.plan, c->plan))
		return SOUK_OK;
	if ((er = db_exec(db, c->a, CTR_TENANT_SET_PLAN, args, 3, NULL)) !=
	    SOUK_OK ||
	    (er = ctr_tenant_get(db, c->a, c->id, &after)) != SOUK_OK ||
	    (er = tenant_event(db, c->a, "plan_changed", &after, c->who,
	    "from", t.plan, "to", c->plan)) != SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, "tenant.plan", &t, &after, 0);
}

enum souk_err
ctr_tenant_set_plan(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, const char *plan,
    struct souk_why *why)
{
	struct change	 c;

	memset(&c, 0, sizeof(c));
	c.plan = plan;
	return change_run(db, &c, a, who, id, why, plan_tx);
}

static enum souk_err
resync_tx(struct db *db, void *arg)
{
	struct change		*c = arg;
	struct ctr_tenant	 t;
	struct db_arg		 args[] = { DB_I(CTR_SYNC_ALL), DB_I(c->id) };
	enum souk_err		 er;

	if ((er = tenant_read(db, c->a, CTR_TENANT_LOCK, c->id, &t)) !=
	    SOUK_OK)
		return er;
	if (str_eq(t.state, "draft"))
		return souk_why_set(c->why, SOUK_CONFLICT, NULL, "a draft has "
		    "nothing on the tenant side yet");
	if ((er = db_exec(db, c->a, CTR_TENANT_MARK, args, 2, NULL)) !=
	    SOUK_OK)
		return er;
	return audit_tenant(db, c->a, c->who, "tenant.resync", &t, NULL, 0);
}

enum souk_err
ctr_tenant_resync(struct db *db, struct arena *a, const struct ctr_actor *who,
    int64_t id, struct souk_why *why)
{
	struct change	 c;

	memset(&c, 0, sizeof(c));
	return change_run(db, &c, a, who, id, why, resync_tx);
}

/* ---- the operator's commands -------------------------------------- */

struct force {
	struct arena		*a;
	const struct ctr_actor	*who;
	const char		*slug, *state;
	int64_t			 id;
	const char		*name, *plan, *currency, *theme;
	const char		*locale, *zone;
};

static enum souk_err
register_tx(struct db *db, void *arg)
{
	struct force		*f = arg;
	struct ctr_tenant	 t;
	struct db_arg		 args[] = { DB_I(f->id), DB_S(f->slug),
	    DB_S(f->name), DB_S(f->plan), DB_S(f->currency), DB_S(f->theme),
	    DB_S(f->locale), DB_S(f->zone),
	    DB_I(CTR_SYNC_FEATURES | CTR_SYNC_SERVICES) };
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = db_exec(db, f->a, CTR_TENANT_REGISTER, args, 9, &res)) !=
	    SOUK_OK)
		return er;
	if (res.affected != 1)	/* 2: it was there already */
		return SOUK_OK;
	if ((er = ctr_tenant_get(db, f->a, f->id, &t)) != SOUK_OK ||
	    (er = history(db, f->a, f->who, f->id, "", "active", 0,
	    "registered by the operator")) != SOUK_OK)
		return er;
	return audit_tenant(db, f->a, f->who, "tenant.register", NULL, &t, 1);
}

enum souk_err
ctr_tenant_register(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, const char *slug,
    const char *name, const char *plan, const struct ctr_shop_style *st)
{
	struct force	 f = { a, who, slug, NULL, id, name, plan, st->currency,
	    st->theme, st->locale, st->zone };

	return db_tx(db, register_tx, &f);
}

static enum souk_err
force_tx(struct db *db, void *arg)
{
	struct force		*f = arg;
	struct ctr_tenant	 t, after;
	struct db_arg		 sel = DB_S(f->slug);
	struct db_res		 res;
	enum souk_err		 er;

	if ((er = db_exec(db, f->a, CTR_TENANT_BY_SLUG, &sel, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	tenant_row(&res, 0, &t);
	if (str_eq(t.state, f->state))
		return SOUK_OK;
	{
		struct db_arg args[] = { DB_S(f->state), DB_I(t.id) };

		if ((er = db_exec(db, f->a, CTR_TENANT_FORCE, args, 2,
		    NULL)) != SOUK_OK)
			return er;
	}
	if ((er = ctr_tenant_get(db, f->a, t.id, &after)) != SOUK_OK ||
	    (er = history(db, f->a, f->who, t.id, t.state, f->state, 0,
	    "set by the operator (soukctl)")) != SOUK_OK ||
	    (er = tenant_event(db, f->a, str_eq(f->state, "suspended") ?
	    "tenant_suspended" : str_eq(f->state, "active") ?
	    "tenant_resumed" : "tenant_updated", &after, f->who, "from",
	    t.state, NULL, NULL)) != SOUK_OK)
		return er;
	return audit_tenant(db, f->a, f->who, "tenant.state.forced", &t,
	    &after, 0);
}

enum souk_err
ctr_tenant_force_state(struct db *db, struct arena *a,
    const struct ctr_actor *who, const char *slug, const char *state)
{
	struct force	 f = { a, who, slug, state, 0, NULL, NULL, NULL,
	    NULL, NULL, NULL };

	return db_tx(db, force_tx, &f);
}

/* ---- approvals ----------------------------------------------------- */

struct decide {
	struct arena		*a;
	const struct ctr_actor	*who;
	int64_t			 id;
	int			 approve;
	struct souk_why		*why;
	int64_t			 tenant;
};

static enum souk_err
decide_tx(struct db *db, void *arg)
{
	struct decide		*d = arg;
	struct db_arg		 sel = DB_I(d->id);
	struct db_res		 res;
	struct ctr_tenant	 t;
	struct change		 c;
	struct ctr_audit	 e = { NULL, NULL, 0, NULL, NULL };
	const struct move	*m;
	enum souk_err		 er;

	if ((er = db_exec(db, d->a, CTR_APPROVAL_GET, &sel, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	d->tenant = db_cell_i64(&res, 0, 1);
	if (!str_eq(db_cell(&res, 0, 5), "pending"))
		return souk_why_set(d->why, SOUK_CONFLICT, NULL, "this request "
		    "has been decided already");
	if (str_eq(db_cell(&res, 0, 4), d->who->who))
		return souk_why_set(d->why, SOUK_FORBIDDEN, NULL, "a second "
		    "admin must approve: not the one who asked");
	{
		struct db_arg args[] = { DB_S(d->approve ? "approved" :
		    "rejected"), DB_S(d->who->who), DB_I(d->id) };

		if ((er = db_exec(db, d->a, CTR_APPROVAL_DECIDE, args, 3,
		    NULL)) != SOUK_OK)
			return er;
	}
	e.action = d->approve ? "tenant.terminate.approve" :
	    "tenant.terminate.reject";
	e.target = arena_printf(d->a, "approval:%lld", (long long)d->id);
	e.tenant = d->tenant;
	if ((er = ctr_audit_in(db, d->a, d->who, &e)) != SOUK_OK ||
	    !d->approve)
		return er;
	if ((er = tenant_read(db, d->a, CTR_TENANT_LOCK, d->tenant, &t)) !=
	    SOUK_OK)
		return er;
	if ((m = move_find(t.state, "terminated")) == NULL)
		return souk_why_set(d->why, SOUK_CONFLICT, NULL, arena_printf(
		    d->a, "a tenant cannot go from %s to terminated", t.state));
	memset(&c, 0, sizeof(c));
	c.a = d->a;
	c.who = d->who;
	c.id = d->tenant;
	c.reason = arena_printf(d->a, "%s (asked by %s)", db_cell(&res, 0, 3),
	    db_cell(&res, 0, 4));
	return move_apply(db, &c, &t, m);
}

enum souk_err
ctr_approval_decide(struct db *db, struct arena *a,
    const struct ctr_actor *who, int64_t id, int approve,
    struct souk_why *why, int64_t *tenant)
{
	struct decide	 d = { a, who, id, approve, why, 0 };
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	er = db_tx(db, decide_tx, &d);
	*tenant = d.tenant;
	return er;
}

enum souk_err
ctr_approval_list(struct db *db, struct arena *a, int64_t tenant,
    const char *status, struct db_res *out)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(tenant),
	    DB_S(status != NULL ? status : ""),
	    DB_S(status != NULL ? status : "") };

	return db_exec(db, a, CTR_APPROVAL_LIST, args, 4, out);
}

enum souk_err
ctr_tenant_history(struct db *db, struct arena *a, int64_t id,
    struct db_res *out)
{
	struct db_arg	 arg = DB_I(id);

	return db_exec(db, a, CTR_TRANSITION_LIST, &arg, 1, out);
}
