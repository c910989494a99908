/*
 * The audit log (seed §10.2): one row per sensitive action, chained by
 * SHA-256 so that an edited, inserted or removed row shows.  A row's
 * hash covers the previous row's hash and each of its own fields,
 * length-prefixed (no field can borrow from the next):
 *   hash = SHA-256(prev_hash "\n" len ":" field "\n" …)
 * Writers lock the single audit_head row, so rows chain in commit order.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "center/center.h"
#include "sec/sec.h"

const struct ctr_actor ctr_system = { "system", 0, "", "" };

/* Cells of CTR_AUDIT_COLS. */
enum { A_ID, A_AT, A_ACTOR, A_ACTION, A_TARGET, A_TENANT, A_BEFORE, A_AFTER,
	A_REQID, A_ADDR, A_PREV, A_HASH, A__N };

static void
field(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "";
	buf_printf(b, "%zu:", strlen(s));
	buf_adds(b, s);
	buf_addc(b, '\n');
}

/* fields[A_ID .. A_ADDR], prev: the chain so far. */
static const char *
chain_hash(struct arena *a, const char *prev, const char *const *fields)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, a, 512);
	buf_adds(&b, prev);
	buf_addc(&b, '\n');
	for (i = A_ID; i <= A_ADDR; i++)
		field(&b, fields[i]);
	return buf_ok(&b) ? sec_sha256_hex(a, b.data, b.len) : NULL;
}

const char *
ctr_audit_hash(struct arena *a, const struct db_res *res, size_t row)
{
	const char	*f[A__N];
	int		 i;

	for (i = 0; i < A__N; i++)
		f[i] = db_cell(res, row, (size_t)i);
	return chain_hash(a, f[A_PREV] != NULL ? f[A_PREV] : "", f);
}

enum souk_err
ctr_audit_in(struct db *db, struct arena *a, const struct ctr_actor *who,
    const struct ctr_audit *e)
{
	struct db_res	 head;
	const char	*f[A__N], *hash;
	int64_t		 id;
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_AUDIT_HEAD_LOCK, NULL, 0, &head)) !=
	    SOUK_OK)
		return er;
	if (head.nrows != 1)
		return SOUK_INTERNAL;
	id = db_cell_i64(&head, 0, 0) + 1;
	f[A_ID] = arena_printf(a, "%lld", (long long)id);
	f[A_AT] = ctr_now_iso(a, "");
	f[A_ACTOR] = who->who;
	f[A_ACTION] = e->action;
	f[A_TARGET] = e->target != NULL ? e->target : "";
	f[A_TENANT] = e->tenant > 0 ? arena_printf(a, "%lld",
	    (long long)e->tenant) : NULL;
	f[A_BEFORE] = e->before;
	f[A_AFTER] = e->after;
	f[A_REQID] = who->reqid != NULL ? who->reqid : "";
	f[A_ADDR] = who->addr != NULL ? who->addr : "";
	if (f[A_ID] == NULL || f[A_AT] == NULL || (e->tenant > 0 &&
	    f[A_TENANT] == NULL) || (hash = chain_hash(a, db_cell(&head, 0, 1),
	    f)) == NULL)
		return SOUK_ENOMEM;
	{
		struct db_arg args[] = { DB_I(id), DB_S(f[A_AT]),
		    DB_S(f[A_ACTOR]), DB_S(f[A_ACTION]), DB_S(f[A_TARGET]),
		    e->tenant > 0 ? DB_I(e->tenant) : DB_NUL,
		    e->before != NULL ? DB_S(e->before) : DB_NUL,
		    e->after != NULL ? DB_S(e->after) : DB_NUL,
		    DB_S(f[A_REQID]), DB_S(f[A_ADDR]),
		    DB_S(db_cell(&head, 0, 1)), DB_S(hash) };
		struct db_arg set[] = { DB_I(id), DB_S(hash) };

		if ((er = db_exec(db, a, CTR_AUDIT_INSERT, args, 12, NULL)) !=
		    SOUK_OK)
			return er;
		return db_exec(db, a, CTR_AUDIT_HEAD_SET, set, 2, NULL);
	}
}

struct audit_one {
	struct arena			*a;
	const struct ctr_actor		*who;
	const struct ctr_audit		*e;
};

static enum souk_err
audit_tx(struct db *db, void *arg)
{
	struct audit_one	*o = arg;

	return ctr_audit_in(db, o->a, o->who, o->e);
}

enum souk_err
ctr_audit(struct db *db, struct arena *a, const struct ctr_actor *who,
    const struct ctr_audit *e)
{
	struct audit_one	 o = { a, who, e };
	enum souk_err		 er;

	if ((er = db_tx(db, audit_tx, &o)) != SOUK_OK)
		log_msg(LOG_ERR, "audit: %s not recorded: %s", e->action,
		    souk_strerror(er));
	return er;
}

/* Check the rows of res after row last with hash prev (65 bytes). */
static enum souk_err
verify_batch(struct arena *a, const struct db_res *res, int64_t *last,
    char *prev, int64_t *rows, int64_t *bad, const char **why)
{
	const char	*h;
	int64_t		 id;
	size_t		 i;

	for (i = 0; i < res->nrows; i++) {
		id = db_cell_i64(res, i, A_ID);
		h = ctr_audit_hash(a, res, i);
		*bad = id;
		if (id != *last + 1)
			*why = "a row is missing before this one";
		else if (!str_eq(db_cell(res, i, A_PREV), prev))
			*why = "its prev_hash is not the hash of the row before";
		else if (h == NULL || !str_eq(h, db_cell(res, i, A_HASH)))
			*why = "its fields do not match its hash";
		if (*why != NULL)
			return SOUK_CONFLICT;
		(void)snprintf(prev, 65, "%s", db_cell(res, i, A_HASH));
		*last = id;
		(*rows)++;
	}
	return SOUK_OK;
}

enum souk_err
ctr_audit_verify(struct db *db, struct arena *a, int64_t *rows, int64_t *bad,
    const char **why)
{
	struct db_res	 res, head;
	struct arena	*batch;
	char		 prev[65];
	int64_t		 last = 0;
	size_t		 n;
	enum souk_err	 er;

	*rows = 0;
	*bad = 0;
	*why = NULL;
	if ((er = db_exec(db, a, CTR_AUDIT_HEAD, NULL, 0, &head)) != SOUK_OK)
		return er;
	memset(prev, '0', 64);
	prev[64] = '\0';
	do {	/* each batch in an arena of its own: the log may be long */
		if ((batch = arena_new(1 << 16, 64 << 20)) == NULL)
			return SOUK_ENOMEM;
		er = db_exec(db, batch, CTR_AUDIT_RANGE, (struct db_arg[]){
		    DB_I(last) }, 1, &res);
		n = er == SOUK_OK ? res.nrows : 0;
		if (er == SOUK_OK)
			er = verify_batch(batch, &res, &last, prev, rows, bad,
			    why);
		arena_free(batch);
		if (er != SOUK_OK)
			return er;
	} while (n == 1000);
	if (head.nrows == 1 && (db_cell_i64(&head, 0, 0) != last ||
	    (last > 0 && !str_eq(db_cell(&head, 0, 1), prev)))) {
		*bad = last + 1;
		*why = "rows after this one are missing (the head says more)";
		return SOUK_CONFLICT;
	}
	*bad = 0;
	return SOUK_OK;
}

const char *
ctr_like(struct arena *a, const char *pre, const char *s, const char *post)
{
	struct buf	 b;

	buf_init(&b, a, strlen(s) + 4);
	buf_adds(&b, pre);
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_adds(&b, post);
	return buf_ok(&b) ? b.data : NULL;
}

enum souk_err
ctr_audit_list(struct db *db, struct arena *a,
    const struct ctr_audit_filter *f, struct db_res *out)
{
	const char	*act = ctr_like(a, "", f->action, "%");
	const char	*who = ctr_like(a, "%", f->actor, "%");
	struct db_arg	 args[] = { DB_S(f->action), DB_S(act),
	    DB_S(f->actor), DB_S(who), DB_I(f->tenant), DB_I(f->tenant),
	    DB_S(f->since), DB_S(f->since), DB_S(f->until), DB_S(f->until),
	    DB_I(f->before_id), DB_I(f->before_id), DB_I(f->limit) };

	if (act == NULL || who == NULL)
		return SOUK_ENOMEM;
	return db_exec(db, a, CTR_AUDIT_LIST, args, 13, out);
}
