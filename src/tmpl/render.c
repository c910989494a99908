/*
 * Template renderer: walks a compiled node tree with a stack of json-c
 * contexts.  The stack lives on the C stack (one frame per open section)
 * and only borrows json-c objects: rendering takes no references and
 * creates no objects, so it cannot leak any.  Every escaped value goes
 * through the core escapers, one per output context.
 *
 * Every node visited and every array element entered spends one unit of
 * the render's budget, every byte written one byte of it; the thread's
 * CPU clock is read every TMPL_CLOCK_EVERY units.  Why that clock: a
 * runaway render is pure CPU work, and the thread's own time does not
 * count the time other processes take on a busy machine, so a normal
 * render never fails because the host is loaded.  Reading it every 1,024
 * nodes costs one system call per some 50 microseconds of rendering.
 * RLIMIT_CPU was not chosen: it counts the process's whole life, not one
 * request, and ends the process.  A timer signal was not chosen either:
 * it would interrupt database and network calls made by the same
 * process, and a handler could only set a flag this loop polls anyway.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/core.h"
#include "tmpl/tmpl.h"
#include "tmpl/tmpl_int.h"

/* A value found by name: a json-c object, or a layout's content. */
struct rval {
	struct json_object	*j;
	const char		*raw;	/* non-NULL: raw text, j unused */
	size_t			 rawlen;
};

/*
 * One level of the lookup stack.  A layout's base frame also answers
 * "content" with the page rendered for it, before looking in its data.
 */
struct rframe {
	struct rval		 v;
	const char		*content;
	size_t			 contentlen;
	const struct rframe	*up;
};

struct rctx {
	struct buf		*out;
	struct tmpl_budget	*b;
	int			 depth;	/* partials and layouts entered */
	int			 text;	/* plain text: no HTML escaping */
};

static enum souk_err	 render_nodes(struct rctx *, const struct tmpl_node *,
			    const struct rframe *);

/* ---- the budget ------------------------------------------------------ */

void
tmpl_budget_init(struct tmpl_budget *b, uint64_t nodes, uint64_t bytes,
    int cpu_ms)
{
	memset(b, 0, sizeof(*b));
	b->nodes = nodes;
	b->bytes = bytes;
	b->cpu_ns = cpu_ms > 0 ? (int64_t)cpu_ms * 1000000 : 0;
	b->started_ns = -1;
	b->tick = TMPL_CLOCK_EVERY;
	b->over = TMPL_OVER_NONE;
}

const char *
tmpl_over_str(enum tmpl_over o)
{
	switch (o) {
	case TMPL_OVER_NODES:
		return "too many steps";
	case TMPL_OVER_BYTES:
		return "too much output";
	case TMPL_OVER_TIME:
		return "too much CPU time";
	default:
		return "";
	}
}

static int64_t
thread_cpu_ns(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == -1)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The clock starts at the first read: small renders never read it. */
static enum souk_err
budget_clock(struct tmpl_budget *b)
{
	int64_t	 now;

	b->tick = TMPL_CLOCK_EVERY;
	if ((now = thread_cpu_ns()) == -1)
		return SOUK_OK;		/* no clock: the other limits hold */
	if (b->started_ns == -1)
		b->started_ns = now;
	else if (now - b->started_ns > b->cpu_ns) {
		b->over = TMPL_OVER_TIME;
		return SOUK_TOOLARGE;
	}
	return SOUK_OK;
}

/* One step that wrote bytes (0 for a section entry or a partial). */
static enum souk_err
budget_spend(struct tmpl_budget *b, size_t bytes)
{
	if (b->over != TMPL_OVER_NONE)
		return SOUK_TOOLARGE;
	if (b->nodes == 0)
		b->over = TMPL_OVER_NODES;
	else if (bytes > b->bytes)
		b->over = TMPL_OVER_BYTES;
	if (b->over != TMPL_OVER_NONE)
		return SOUK_TOOLARGE;
	b->nodes--;
	b->bytes -= bytes;
	if (b->cpu_ns > 0 && --b->tick == 0)
		return budget_clock(b);
	return SOUK_OK;
}

/* ---- rendering -------------------------------------------------------- */

/* Innermost outwards; missing gives a value with j and raw NULL. */
static struct rval
lookup(const struct rframe *f, const char *name)
{
	struct rval	 v;

	memset(&v, 0, sizeof(v));
	if (name[0] == '.' && name[1] == '\0')
		return f->v;
	for (; f != NULL; f = f->up) {
		if (f->content != NULL && strcmp(name, "content") == 0) {
			v.raw = f->content;
			v.rawlen = f->contentlen;
			return v;
		}
		if (f->v.raw == NULL &&
		    json_object_is_type(f->v.j, json_type_object) &&
		    json_object_object_get_ex(f->v.j, name, &v.j))
			return v;
	}
	return v;
}

/* Section test: false, null, missing, "", 0 and [] are skipped. */
static int
truthy(const struct rval *v)
{
	if (v->raw != NULL)
		return v->rawlen > 0;
	switch (json_object_get_type(v->j)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		return json_object_get_boolean(v->j);
	case json_type_int:
		return json_object_get_int64(v->j) != 0;
	case json_type_double:
		return json_object_get_double(v->j) != 0.0;
	case json_type_string:
		return json_object_get_string_len(v->j) > 0;
	case json_type_array:
		return json_object_array_length(v->j) > 0;
	case json_type_object:
		return 1;
	}
	return 0;
}

/* The text of a scalar; 0 for null, missing, objects and arrays. */
static int
value_text(const struct rval *v, const char **s, size_t *len)
{
	if (v->raw != NULL) {
		*s = v->raw;
		*len = v->rawlen;
		return 1;
	}
	switch (json_object_get_type(v->j)) {
	case json_type_string:
		*s = json_object_get_string(v->j);
		*len = (size_t)json_object_get_string_len(v->j);
		return 1;
	case json_type_boolean:
		*s = json_object_get_boolean(v->j) ? "true" : "false";
		break;
	case json_type_int:
	case json_type_double:
		*s = json_object_to_json_string_ext(v->j,
		    JSON_C_TO_STRING_PLAIN);
		break;
	default:
		return 0;
	}
	if (*s == NULL)
		return 0;
	*len = strlen(*s);
	return 1;
}

static void
value_put(struct buf *out, const struct rval *v, enum tmpl_filter f,
    int text)
{
	const char	*s;
	size_t		 len;

	if (!value_text(v, &s, &len))
		return;
	switch (f) {
	case TMPL_F_HTML:
		if (text)
			buf_add(out, s, len);
		else
			buf_add_html(out, s, len);
		break;
	case TMPL_F_URL:
		buf_add_url(out, s, len);
		break;
	case TMPL_F_JS:
		buf_add_js(out, s, len);
		break;
	case TMPL_F_RAW:
		buf_add(out, s, len);
		break;
	}
}

/* Arrays: once per element, on top.  Anything else true: once, on top. */
static enum souk_err
render_section(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	struct rframe	 top;
	struct rval	 v;
	size_t		 i, len;
	enum souk_err	 er;

	v = lookup(f, n->name);
	if (!truthy(&v))
		return SOUK_OK;
	memset(&top, 0, sizeof(top));
	top.up = f;
	if (v.raw != NULL || !json_object_is_type(v.j, json_type_array)) {
		top.v = v;
		return render_nodes(r, n->child, &top);
	}
	len = json_object_array_length(v.j);
	for (i = 0; i < len; i++) {
		top.v.j = json_object_array_get_idx(v.j, i);
		/* an empty body still costs its loop */
		if ((er = budget_spend(r->b, 0)) != SOUK_OK ||
		    (er = render_nodes(r, n->child, &top)) != SOUK_OK)
			return er;
	}
	return SOUK_OK;
}

static enum souk_err
render_partial(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	enum souk_err	 er;

	if (r->depth >= TMPL_DEPTH_MAX)
		return SOUK_INTERNAL;
	r->depth++;
	er = render_nodes(r, n->partial->root, f);
	r->depth--;
	return er;
}

/* The count's form: a number, or a string of digits; else 0. */
static enum souk_err
render_plural(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	struct rval	 v = lookup(f, n->name);
	int64_t		 count = 0;
	size_t		 form;

	if (v.raw == NULL && (json_object_is_type(v.j, json_type_int) ||
	    json_object_is_type(v.j, json_type_string)))
		count = json_object_get_int64(v.j);
	form = i18n_plural(n->cat, count < 0 ? (uint64_t)0 - (uint64_t)count :
	    (uint64_t)count);
	return render_nodes(r, n->forms[form < n->nforms ? form : 0], f);
}

static enum souk_err
render_node(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	struct rval	 v;
	size_t		 before = r->out->len;

	switch (n->type) {
	case TMPL_N_TEXT:
		buf_add(r->out, n->text, n->len);
		return budget_spend(r->b, r->out->len - before);
	case TMPL_N_VAR:
		v = lookup(f, n->name);
		value_put(r->out, &v, n->filter, r->text);
		return budget_spend(r->b, r->out->len - before);
	case TMPL_N_SECTION:
		return render_section(r, n, f);
	case TMPL_N_INVERTED:
		v = lookup(f, n->name);
		if (!truthy(&v))
			return render_nodes(r, n->child, f);
		break;
	case TMPL_N_PARTIAL:
		return render_partial(r, n, f);
	case TMPL_N_PLURAL:
		return render_plural(r, n, f);
	}
	return SOUK_OK;
}

/* Sections and partials cost a step too: nesting is never free. */
static enum souk_err
render_step(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	enum souk_err	 er;

	if (n->type != TMPL_N_TEXT && n->type != TMPL_N_VAR &&
	    (er = budget_spend(r->b, 0)) != SOUK_OK)
		return er;
	return render_node(r, n, f);
}

static enum souk_err
render_nodes(struct rctx *r, const struct tmpl_node *n,
    const struct rframe *f)
{
	enum souk_err	 er;

	for (; n != NULL; n = n->next) {
		if (r->out->oom)
			return SOUK_ENOMEM;
		if ((er = render_step(r, n, f)) != SOUK_OK)
			return er;
	}
	return r->out->oom ? SOUK_ENOMEM : SOUK_OK;
}

/*
 * Render t into out with data at the bottom of the stack (and content
 * for a layout).  A page with a layout goes to a temporary buffer in
 * out's arena first, then becomes the layout's "content".
 */
static enum souk_err
render_page(struct buf *out, const struct tmpl *t, struct json_object *data,
    const char *content, size_t contentlen, int depth, struct tmpl_budget *b)
{
	struct rframe	 base;
	struct rctx	 r;
	struct buf	 page;
	enum souk_err	 er;

	memset(&base, 0, sizeof(base));
	base.v.j = data;
	base.content = content;
	base.contentlen = contentlen;
	r.out = out;
	r.b = b;
	r.depth = depth;
	r.text = t->text;
	if (t->layout == NULL)
		return render_nodes(&r, t->root, &base);
	if (depth >= TMPL_DEPTH_MAX)
		return SOUK_INTERNAL;
	buf_init(&page, out->a, 4096);
	r.out = &page;
	if ((er = render_nodes(&r, t->root, &base)) != SOUK_OK)
		return er;
	return render_page(out, t->layout, data,
	    page.data != NULL ? page.data : "", page.len, depth + 1, b);
}

enum souk_err
tmpl_render_budget(const struct tmpl_set *set, const char *name,
    struct json_object *data, struct tmpl_budget *b, struct buf *out)
{
	const struct tmpl	*t;

	if ((t = tmpl_find(set, name)) == NULL)
		return SOUK_NOTFOUND;
	if (out->oom)
		return SOUK_ENOMEM;
	if (b->over != TMPL_OVER_NONE)
		return SOUK_TOOLARGE;
	return render_page(out, t, data, NULL, 0, 0, b);
}

enum souk_err
tmpl_render(const struct tmpl_set *set, const char *name,
    struct json_object *data, struct buf *out)
{
	struct tmpl_budget	 b;

	tmpl_budget_init(&b, TMPL_BUDGET_NODES, TMPL_BUDGET_BYTES,
	    TMPL_BUDGET_CPU_MS);
	return tmpl_render_budget(set, name, data, &b, out);
}
