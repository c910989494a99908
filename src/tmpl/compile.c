/*
 * Template compiler: reads every *.html under a directory at start-up,
 * parses it into a node tree, checks each name against the set's
 * dictionary and resolves partials and layouts.  Any problem stops
 * start-up with "file:line: message"; nothing is checked at render time
 * that could have been checked here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "tmpl/tmpl.h"
#include "tmpl/tmpl_int.h"

#define TMPL_FILE_MAX	(1024 * 1024)	/* bytes in one template */
#define TMPL_DIR_MAX	8		/* subfolder depth (symlink loops) */

#ifndef PATH_MAX
#define PATH_MAX	4096
#endif

struct loader {
	struct tmpl_set		*set;
	size_t			 cap;		/* of set->t */
	const char		*dir;
	const struct tmpl_var	*vars;
	char			*err;
	size_t			 errlen;
	int			 runtime;	/* text given at run time */
	const struct i18n_cat	*cat;		/* {{_ }} translations */
	tmpl_msgid_fn		 msgid;		/* extracting: no dictionary */
	void			*msgid_arg;
};

struct parser {
	struct loader		*l;
	struct tmpl		*t;
	const char		*pos;		/* scan from here */
	const char		*text;		/* pending text starts here */
	const char		*end;
	const char		*lpos;		/* lines counted up to here */
	size_t			 line;		/* line at lpos */
	size_t			 ntags;		/* tags seen, comments aside */
	size_t			 depth;		/* open sections */
	struct tmpl_node	*open[TMPL_NEST_MAX];
	struct tmpl_node	**tail[TMPL_NEST_MAX + 1];
};

/* One tag: its sigil (0 for a plain variable) and trimmed body. */
struct tag {
	char		 sigil;
	const char	*body;
	size_t		 len;
	size_t		 line;
};

enum use {
	USE_SCALAR,
	USE_SECTION,
	USE_RAW
};

static const char *const kind_names[] = {
	"scalar",	/* TMPL_SCALAR */
	"section",	/* TMPL_SECTION */
	"raw",		/* TMPL_RAW */
	"any"		/* TMPL_ANY */
};

static const char *const use_names[] = {
	"scalar",	/* USE_SCALAR */
	"section",	/* USE_SECTION */
	"raw"		/* USE_RAW */
};

static int	 load_err(struct loader *, const char *, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/*
 * Write "file:line: message" (or "file: message" when line is 0) to the
 * caller's error buffer.  Always returns -1 so callers can return it.
 */
static int
load_err(struct loader *l, const char *file, size_t line,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (l->err == NULL || l->errlen == 0)
		return -1;
	if (line > 0)
		n = snprintf(l->err, l->errlen, "%s:%zu: ", file, line);
	else
		n = snprintf(l->err, l->errlen, "%s: ", file);
	if (n < 0 || (size_t)n >= l->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *
mem_strndup(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static int
has_suffix(const char *name, const char *suffix)
{
	size_t	 len = strlen(name), slen = strlen(suffix);

	return len > slen && strcmp(name + len - slen, suffix) == 0;
}

static int
is_html(const char *name)
{
	return has_suffix(name, ".html");
}

/* ---- the set --------------------------------------------------------- */

static void
nodes_free(struct tmpl_node *n)
{
	struct tmpl_node	*next;

	size_t			 i;

	for (; n != NULL; n = next) {
		next = n->next;
		nodes_free(n->child);
		for (i = 0; i < n->nforms; i++)
			nodes_free(n->forms[i]);
		free(n->name);
		free(n);
	}
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		nodes_free(set->t[i].root);
		free(set->t[i].name);
		free(set->t[i].file);
		free(set->t[i].src);
		free(set->t[i].layout_name);
	}
	free(set->t);
	free(set);
}

static int
tmpl_cmp(const void *a, const void *b)
{
	const struct tmpl	*ta = a, *tb = b;

	return strcmp(ta->name, tb->name);
}

static int
tmpl_key_cmp(const void *key, const void *elem)
{
	const struct tmpl	*t = elem;

	return strcmp(key, t->name);
}

const struct tmpl *
tmpl_find(const struct tmpl_set *set, const char *name)
{
	if (set == NULL || name == NULL || set->n == 0)
		return NULL;
	return bsearch(name, set->t, set->n, sizeof(*set->t), tmpl_key_cmp);
}

int
tmpl_exists(const struct tmpl_set *set, const char *name)
{
	return tmpl_find(set, name) != NULL;
}

/*
 * Add template rel ("partials/nav.html", "mail/en.txt") to the set,
 * unread.  An .html template is named without its extension; a .txt
 * template keeps it and renders as plain text (no HTML escaping).
 */
static int
set_add(struct loader *l, const char *rel)
{
	struct tmpl	*t;
	size_t		 ncap, len;

	if (l->set->n == l->cap) {
		ncap = l->cap == 0 ? 16 : l->cap * 2;
		t = NULL;
		if (ncap < SIZE_MAX / sizeof(*t))
			t = realloc(l->set->t, ncap * sizeof(*t));
		if (t == NULL)
			return load_err(l, rel, 0, "out of memory");
		l->set->t = t;
		l->cap = ncap;
	}
	t = &l->set->t[l->set->n];
	memset(t, 0, sizeof(*t));
	len = strlen(rel);
	t->text = !is_html(rel);
	t->file = mem_strndup(rel, len);
	t->name = mem_strndup(rel, t->text ? len : len - strlen(".html"));
	l->set->n++;
	if (t->file == NULL || t->name == NULL)
		return load_err(l, rel, 0, "out of memory");
	return 0;
}

/* ---- reading --------------------------------------------------------- */

static int
path_join(struct loader *l, char *out, size_t outlen, const char *a,
    const char *b)
{
	int	 n;

	if (a[0] == '\0')
		n = snprintf(out, outlen, "%s", b);
	else if (b[0] == '\0')
		n = snprintf(out, outlen, "%s", a);
	else
		n = snprintf(out, outlen, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= outlen)
		return load_err(l, a, 0, "path too long");
	return 0;
}

/* One directory entry: recurse into folders, collect *.html files. */
static int
walk_entry(struct loader *l, const char *rel, int depth);

static int
walk_dir(struct loader *l, const char *rel, int depth)
{
	char		 path[PATH_MAX], sub[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	int		 rc = 0;

	if (path_join(l, path, sizeof(path), l->dir, rel) == -1)
		return -1;
	if (depth > TMPL_DIR_MAX)
		return load_err(l, path, 0, "folders nested too deeply");
	if ((d = opendir(path)) == NULL)
		return load_err(l, path, 0, "%s", strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		rc = path_join(l, sub, sizeof(sub), rel, de->d_name);
		if (rc == 0)
			rc = walk_entry(l, sub, depth);
	}
	closedir(d);
	return rc;
}

static int
walk_entry(struct loader *l, const char *rel, int depth)
{
	char		 path[PATH_MAX];
	struct stat	 st;

	if (path_join(l, path, sizeof(path), l->dir, rel) == -1)
		return -1;
	if (stat(path, &st) == -1)
		return load_err(l, path, 0, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return walk_dir(l, rel, depth + 1);
	if (S_ISREG(st.st_mode) && (is_html(rel) || has_suffix(rel, ".txt")))
		return set_add(l, rel);
	return 0;
}

static int
file_read(struct loader *l, struct tmpl *t)
{
	char		 path[PATH_MAX];
	FILE		*f;
	struct stat	 st;
	int		 rc = -1;

	if (path_join(l, path, sizeof(path), l->dir, t->file) == -1)
		return -1;
	if ((f = fopen(path, "rb")) == NULL)
		return load_err(l, path, 0, "%s", strerror(errno));
	if (fstat(fileno(f), &st) == -1)
		load_err(l, path, 0, "%s", strerror(errno));
	else if (st.st_size > TMPL_FILE_MAX)
		load_err(l, t->file, 0, "larger than %d bytes", TMPL_FILE_MAX);
	else if ((t->src = malloc((size_t)st.st_size + 1)) == NULL)
		load_err(l, t->file, 0, "out of memory");
	else {
		t->srclen = fread(t->src, 1, (size_t)st.st_size, f);
		t->src[t->srclen] = '\0';
		if (ferror(f))
			load_err(l, path, 0, "read error");
		else
			rc = 0;
	}
	fclose(f);
	return rc;
}

/* ---- parsing --------------------------------------------------------- */

/* Line of position s; positions must be asked in increasing order. */
static size_t
line_at(struct parser *p, const char *s)
{
	for (; p->lpos < s; p->lpos++)
		if (*p->lpos == '\n')
			p->line++;
	return p->line;
}

static int
perr(struct parser *p, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, size_t line, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return load_err(p->l, p->t->file, line, "%s", msg);
}

static struct tmpl_node *
node_add(struct parser *p, enum tmpl_ntype type, size_t line,
    const char *name, size_t namelen)
{
	struct tmpl_node	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL) {
		perr(p, line, "out of memory");
		return NULL;
	}
	n->type = type;
	n->line = line;
	*p->tail[p->depth] = n;
	p->tail[p->depth] = &n->next;
	if (name != NULL && (n->name = mem_strndup(name, namelen)) == NULL) {
		perr(p, line, "out of memory");
		return NULL;
	}
	return n;
}

static int
text_add(struct parser *p, const char *upto)
{
	struct tmpl_node	*n;

	if (upto <= p->text)
		return 0;
	n = node_add(p, TMPL_N_TEXT, line_at(p, p->text), NULL, 0);
	if (n == NULL)
		return -1;
	n->text = p->text;
	n->len = (size_t)(upto - p->text);
	return 0;
}

static int
name_ok(const char *s, size_t len, int partial)
{
	size_t	 i;

	if (len == 1 && s[0] == '.')
		return !partial;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-' && !(partial && (s[i] == '/' || s[i] == '.')))
			return 0;
	return 1;
}

/* Check that name is declared for this use. */
static int
dict_check(struct parser *p, size_t line, const char *s, size_t len,
    enum use u)
{
	const struct tmpl_var	*v;
	enum tmpl_kind		 k;

	if (!name_ok(s, len, 0))
		return perr(p, line, "bad name \"%.*s\"", (int)len, s);
	if (p->l->msgid != NULL)
		return 0;
	if (len == 1 && s[0] == '.')
		return u == USE_RAW ?
		    perr(p, line, "raw output of \".\" not allowed") : 0;
	for (v = p->l->vars; v != NULL && v->name != NULL; v++)
		if (strlen(v->name) == len && memcmp(v->name, s, len) == 0)
			break;
	if (v == NULL || v->name == NULL)
		return perr(p, line, "unknown variable \"%.*s\"", (int)len, s);
	k = v->kind;
	if ((u == USE_SCALAR && (k == TMPL_SCALAR || k == TMPL_ANY)) ||
	    (u == USE_SECTION && (k == TMPL_SECTION || k == TMPL_ANY)) ||
	    (u == USE_RAW && k == TMPL_RAW))
		return 0;
	return perr(p, line, "variable \"%.*s\" declared %s, used as %s",
	    (int)len, s, (unsigned)k <= TMPL_ANY ? kind_names[k] : "?",
	    use_names[u]);
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* {{x}}, {{x|url}}, {{x|js}} */
static int
tag_var(struct parser *p, const struct tag *tg)
{
	const char		*name = tg->body, *bar, *f = NULL;
	size_t			 len = tg->len, flen = 0;
	enum tmpl_filter	 filter = TMPL_F_HTML;
	struct tmpl_node	*n;

	if ((bar = memchr(name, '|', len)) != NULL) {
		f = bar + 1;
		flen = len - (size_t)(f - name);
		len = (size_t)(bar - name);
		trim(&name, &len);
		trim(&f, &flen);
		if (flen == 3 && memcmp(f, "url", 3) == 0)
			filter = TMPL_F_URL;
		else if (flen == 2 && memcmp(f, "js", 2) == 0)
			filter = TMPL_F_JS;
		else
			return perr(p, tg->line, "unknown filter \"%.*s\"",
			    (int)flen, f);
	}
	if (dict_check(p, tg->line, name, len, USE_SCALAR) == -1)
		return -1;
	if ((n = node_add(p, TMPL_N_VAR, tg->line, name, len)) == NULL)
		return -1;
	n->filter = filter;
	return 0;
}

/* {{&x}} */
static int
tag_raw(struct parser *p, const struct tag *tg)
{
	struct tmpl_node	*n;

	if (dict_check(p, tg->line, tg->body, tg->len, USE_RAW) == -1)
		return -1;
	if ((n = node_add(p, TMPL_N_VAR, tg->line, tg->body, tg->len)) == NULL)
		return -1;
	n->filter = TMPL_F_RAW;
	return 0;
}

/* {{#x}} and {{^x}} */
static int
tag_open(struct parser *p, const struct tag *tg)
{
	struct tmpl_node	*n;
	enum tmpl_ntype		 type;

	type = tg->sigil == '#' ? TMPL_N_SECTION : TMPL_N_INVERTED;
	if (dict_check(p, tg->line, tg->body, tg->len, USE_SECTION) == -1)
		return -1;
	if (p->depth == (p->l->runtime ? TMPL_RUN_NEST_MAX : TMPL_NEST_MAX))
		return perr(p, tg->line, "sections nested more than %d deep",
		    p->l->runtime ? TMPL_RUN_NEST_MAX : TMPL_NEST_MAX);
	if ((n = node_add(p, type, tg->line, tg->body, tg->len)) == NULL)
		return -1;
	p->open[p->depth++] = n;
	p->tail[p->depth] = &n->child;
	return 0;
}

/* {{/x}} */
static int
tag_close(struct parser *p, const struct tag *tg)
{
	const char	*want;

	if (!name_ok(tg->body, tg->len, 0))
		return perr(p, tg->line, "bad name \"%.*s\"",
		    (int)tg->len, tg->body);
	if (p->depth == 0)
		return perr(p, tg->line, "close \"%.*s\" without open section",
		    (int)tg->len, tg->body);
	want = p->open[p->depth - 1]->name;
	if (strlen(want) != tg->len || memcmp(want, tg->body, tg->len) != 0)
		return perr(p, tg->line,
		    "mismatched close \"%.*s\", expected \"%s\"",
		    (int)tg->len, tg->body, want);
	p->depth--;
	return 0;
}

/* {{>name}}: resolved once every file is loaded. */
static int
tag_partial(struct parser *p, const struct tag *tg)
{
	/* a run-time set could include itself: recursion for nothing */
	if (p->l->runtime)
		return perr(p, tg->line, "partials are not allowed here");
	if (!name_ok(tg->body, tg->len, 1))
		return perr(p, tg->line, "bad partial name \"%.*s\"",
		    (int)tg->len, tg->body);
	if (node_add(p, TMPL_N_PARTIAL, tg->line, tg->body, tg->len) == NULL)
		return -1;
	return 0;
}

/* {{%layout name}}: only as the first tag. */
static int
tag_layout(struct parser *p, const struct tag *tg)
{
	const char	*name;
	size_t		 len;

	if (p->l->runtime)
		return perr(p, tg->line, "layouts are not allowed here");
	if (p->ntags > 0)
		return perr(p, tg->line, "layout tag must be the first tag");
	if (tg->len < 7 || memcmp(tg->body, "layout", 6) != 0 ||
	    !isspace((unsigned char)tg->body[6]))
		return perr(p, tg->line, "unknown tag \"%%%.*s\"",
		    (int)tg->len, tg->body);
	name = tg->body + 6;
	len = tg->len - 6;
	trim(&name, &len);
	if (!name_ok(name, len, 1))
		return perr(p, tg->line, "bad layout name \"%.*s\"",
		    (int)len, name);
	if ((p->t->layout_name = mem_strndup(name, len)) == NULL)
		return perr(p, tg->line, "out of memory");
	p->t->layout_line = tg->line;
	return 0;
}

/* ---- translations: {{_ "…"}} and {{_n "…" "…" count}} --------------- */

/* {{_ "x"}} or {{_n "x" "y" n}}: "_" then a space or a quote. */
static int
trans_is(const struct tag *tg)
{
	const char	*b = tg->body;

	if (tg->len < 3 || b[0] != '_')
		return 0;
	if (b[1] == 'n')
		b++;
	return b[1] == ' ' || b[1] == '"';
}

/*
 * The quoted string at *s (before end), with \" and \\ unescaped, into
 * a malloc'd copy; *s moves past it.  NULL (error written) if bad.
 */
static char *
trans_quoted(struct parser *p, size_t line, const char **s, const char *end)
{
	const char	*c = *s;
	char		*out, *o;

	while (c < end && isspace((unsigned char)*c))
		c++;
	if (c == end || *c != '"') {
		perr(p, line, "translation: expected a quoted string");
		return NULL;
	}
	if ((o = out = malloc((size_t)(end - c))) == NULL) {
		perr(p, line, "out of memory");
		return NULL;
	}
	for (c++; c < end && *c != '"'; c++) {
		if (*c == '\\' && c + 1 < end && (c[1] == '"' || c[1] == '\\'))
			c++;
		*o++ = *c;
	}
	*o = '\0';
	if (c == end || o == out) {
		free(out);
		perr(p, line, "translation: %s", c == end ?
		    "unterminated string" : "empty string");
		return NULL;
	}
	*s = c + 1;
	return out;
}

/* Literal text of a translation: a TEXT node owning its (escaped) copy. */
static int
trans_literal(struct parser *p, size_t line, const char *s, size_t len)
{
	struct tmpl_node	*n;
	struct buf		 b;
	struct arena		*a;
	int			 rc = -1;

	if (len == 0)
		return 0;
	if ((a = arena_new(1024, 4 * TMPL_FILE_MAX)) == NULL)
		return perr(p, line, "out of memory");
	buf_init(&b, a, len + 16);
	if (p->t->text)
		buf_add(&b, s, len);
	else
		buf_add_html(&b, s, len);
	if (!buf_ok(&b))
		perr(p, line, "out of memory");
	else if ((n = node_add(p, TMPL_N_TEXT, line, b.data, b.len)) != NULL) {
		n->text = n->name;
		n->len = b.len;
		rc = 0;
	}
	arena_free(a);
	return rc;
}

/*
 * A translated text into nodes: literal runs, and {name} placeholders
 * as variables of the dictionary, escaped like {{name}}.  A brace that
 * does not open a placeholder is literal.
 */
static int
trans_text(struct parser *p, size_t line, const char *s)
{
	const char		*lit = s, *c, *e;
	struct tmpl_node	*n;

	for (c = s; (c = strchr(c, '{')) != NULL; ) {
		e = strchr(c + 1, '}');
		if (e == NULL || e == c + 1 || !name_ok(c + 1,
		    (size_t)(e - c - 1), 0) || (e == c + 2 && c[1] == '.')) {
			c++;
			continue;
		}
		if (trans_literal(p, line, lit, (size_t)(c - lit)) == -1 ||
		    dict_check(p, line, c + 1, (size_t)(e - c - 1),
		    USE_SCALAR) == -1 || (n = node_add(p, TMPL_N_VAR, line,
		    c + 1, (size_t)(e - c - 1))) == NULL)
			return -1;
		n->filter = TMPL_F_HTML;
		lit = c = e + 1;
	}
	return trans_literal(p, line, lit, strlen(lit));
}

/* The first {name} of a that b lacks, or NULL. */
static const char *
trans_missing(const char *a, const char *b, size_t *len)
{
	const char	*c, *e;

	for (c = a; (c = strchr(c, '{')) != NULL; c++) {
		if ((e = strchr(c + 1, '}')) == NULL)
			return NULL;
		*len = (size_t)(e - c + 1);
		if (!name_ok(c + 1, *len - 2, 0))
			continue;
		for (e = b; (e = strstr(e, "{")) != NULL; e++)
			if (strncmp(e, c, *len) == 0)
				break;
		if (e == NULL)
			return c;
	}
	return NULL;
}

/* A translation keeps the placeholders of its source text, no more. */
static int
trans_check(struct parser *p, size_t line, const char *id, const char *tr)
{
	const char	*m;
	size_t		 len;

	if (tr == id)
		return 0;
	if ((m = trans_missing(id, tr, &len)) != NULL)
		return perr(p, line, "translation of \"%s\" lacks %.*s", id,
		    (int)len, m);
	if ((m = trans_missing(tr, id, &len)) != NULL)
		return perr(p, line, "translation of \"%s\" adds %.*s", id,
		    (int)len, m);
	return 0;
}

/* A plural: one node list per form, chosen by the count at render. */
static int
trans_plural(struct parser *p, size_t line, const char *id,
    const char *plural, const char *count, size_t countlen)
{
	const char		*forms[I18N_PLURALS_MAX];
	struct tmpl_node	*n, **save;
	size_t			 i, nforms = i18n_nplurals(p->l->cat);
	int			 rc = 0;

	if (dict_check(p, line, count, countlen, USE_SCALAR) == -1 ||
	    (n = node_add(p, TMPL_N_PLURAL, line, count, countlen)) == NULL)
		return -1;
	if (i18n_nforms(p->l->cat, id, plural, forms) == -1) {
		nforms = 2;
		forms[0] = id;
		forms[1] = plural;
	}
	n->cat = p->l->cat;
	n->nforms = nforms;
	save = p->tail[p->depth];
	for (i = 0; i < nforms && rc == 0; i++) {
		p->tail[p->depth] = &n->forms[i];
		if ((rc = trans_check(p, line, i == 0 ? id : plural,
		    forms[i])) == 0)
			rc = trans_text(p, line, forms[i]);
	}
	p->tail[p->depth] = save;
	return rc;
}

static int
tag_trans(struct parser *p, const struct tag *tg)
{
	const char	*s = tg->body + 1, *end = tg->body + tg->len, *tr;
	char		*id = NULL, *plural = NULL;
	size_t		 len;
	int		 rc = -1, isplural = *s == 'n';

	s += isplural;
	if ((id = trans_quoted(p, tg->line, &s, end)) == NULL ||
	    (isplural && (plural = trans_quoted(p, tg->line, &s,
	    end)) == NULL))
		goto done;
	len = (size_t)(end - s);
	trim(&s, &len);
	if (isplural && len == 0) {
		perr(p, tg->line, "_n: expected a count name");
		goto done;
	}
	if (!isplural && len > 0) {
		perr(p, tg->line, "_: unexpected \"%.*s\"", (int)len, s);
		goto done;
	}
	if (p->l->msgid != NULL)
		p->l->msgid(p->l->msgid_arg, p->t->file, tg->line, id, plural);
	if (isplural)
		rc = trans_plural(p, tg->line, id, plural, s, len);
	else if ((tr = i18n_gettext(p->l->cat, id)) != NULL &&
	    trans_check(p, tg->line, id, tr) == 0)
		rc = trans_text(p, tg->line, tr);
done:
	free(id);
	free(plural);
	return rc;
}

static int
tag_handle(struct parser *p, const struct tag *tg)
{
	if (tg->sigil == '!')
		return 0;
	if (tg->len == 0)
		return perr(p, tg->line, "empty tag");
	if (tg->sigil != '%')
		p->ntags++;
	switch (tg->sigil) {
	case '#':
	case '^':
		return tag_open(p, tg);
	case '/':
		return tag_close(p, tg);
	case '>':
		return tag_partial(p, tg);
	case '%':
		return tag_layout(p, tg);
	case '&':
		return tag_raw(p, tg);
	default:
		return trans_is(tg) ? tag_trans(p, tg) : tag_var(p, tg);
	}
}

/*
 * Mustache's standalone rule: a section, close, comment, partial or
 * layout tag alone on its line takes the whole line with it, so the
 * HTML around it stays clean.  Widens [*ls, *le) when it applies.
 */
static void
standalone(const struct parser *p, const char **ls, const char **le)
{
	const char	*s = *ls, *e = *le;

	while (s > p->text && (s[-1] == ' ' || s[-1] == '\t'))
		s--;
	if (s != p->t->src && s[-1] != '\n')
		return;
	while (e < p->end && (*e == ' ' || *e == '\t'))
		e++;
	if (e < p->end && *e == '\n')
		e++;
	else if (e + 1 < p->end && e[0] == '\r' && e[1] == '\n')
		e += 2;
	else if (e != p->end)
		return;
	*ls = s;
	*le = e;
}

/* The tag between "{{" at open and "}}" at close. */
static int
parse_tag(struct parser *p, const char *open, const char *close)
{
	struct tag	 tg;
	const char	*ls = open, *le = close + 2;

	tg.body = open + 2;
	tg.len = (size_t)(close - tg.body);
	tg.sigil = 0;
	if (tg.len > 0 && strchr("#^/>!&%", tg.body[0]) != NULL) {
		tg.sigil = tg.body[0];
		tg.body++;
		tg.len--;
	}
	trim(&tg.body, &tg.len);
	if (tg.sigil != 0 && tg.sigil != '&')
		standalone(p, &ls, &le);
	if (text_add(p, ls) == -1)
		return -1;
	tg.line = line_at(p, open);
	p->text = p->pos = le;
	return tag_handle(p, &tg);
}

static const char *
find2(const char *s, const char *end, char c)
{
	for (; s + 1 < end; s++)
		if (s[0] == c && s[1] == c)
			return s;
	return NULL;
}

static int
tmpl_parse(struct loader *l, struct tmpl *t)
{
	struct parser	 p;
	const char	*open, *close;

	memset(&p, 0, sizeof(p));
	p.l = l;
	p.t = t;
	p.pos = p.text = p.lpos = t->src;
	p.end = t->src + t->srclen;
	p.line = 1;
	p.tail[0] = &t->root;
	while ((open = find2(p.pos, p.end, '{')) != NULL) {
		if ((close = find2(open + 2, p.end, '}')) == NULL)
			return perr(&p, line_at(&p, open), "unclosed tag");
		if (parse_tag(&p, open, close) == -1)
			return -1;
	}
	if (text_add(&p, p.end) == -1)
		return -1;
	if (p.depth > 0)
		return perr(&p, p.open[p.depth - 1]->line,
		    "unclosed section \"%s\"", p.open[p.depth - 1]->name);
	return 0;
}

/* ---- resolving ------------------------------------------------------- */

static int
resolve_nodes(struct loader *l, const struct tmpl *t, struct tmpl_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == TMPL_N_PARTIAL) {
			if ((n->partial = tmpl_find(l->set, n->name)) == NULL)
				return load_err(l, t->file, n->line,
				    "missing partial \"%s\"", n->name);
			if (n->partial->layout_name != NULL)
				return load_err(l, t->file, n->line,
				    "partial \"%s\" has a layout", n->name);
			if (n->partial->text != t->text)
				return load_err(l, t->file, n->line,
				    "partial \"%s\" mixes plain text and HTML",
				    n->name);
		}
		if (resolve_nodes(l, t, n->child) == -1)
			return -1;
	}
	return 0;
}

static int
tmpl_resolve(struct loader *l, struct tmpl *t)
{
	if (t->layout_name != NULL &&
	    (t->layout = tmpl_find(l->set, t->layout_name)) == NULL)
		return load_err(l, t->file, t->layout_line,
		    "missing layout \"%s\"", t->layout_name);
	/* an HTML page in a text layout would lose its escaping */
	if (t->layout != NULL && t->layout->text != t->text)
		return load_err(l, t->file, t->layout_line,
		    "layout \"%s\" mixes plain text and HTML", t->layout_name);
	return resolve_nodes(l, t, t->root);
}

/* A layout chain render would refuse is a loop or a mistake: say so now. */
static int
tmpl_check_chain(struct loader *l, const struct tmpl *t)
{
	const struct tmpl	*u;
	int			 n = 0;

	for (u = t->layout; u != NULL; u = u->layout)
		if (++n >= TMPL_DEPTH_MAX)
			return load_err(l, t->file, t->layout_line,
			    "layout chain too long or circular");
	return 0;
}

static int
loader_start(struct loader *l, const struct tmpl_var *vars, char *err,
    size_t errlen)
{
	memset(l, 0, sizeof(*l));
	l->vars = vars;
	l->err = err;
	l->errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if ((l->set = calloc(1, sizeof(*l->set))) == NULL)
		return load_err(l, "templates", 0, "out of memory");
	return 0;
}

/* Sort, read (unless given), parse and resolve the set's templates. */
static struct tmpl_set *
loader_finish(struct loader *l)
{
	size_t	 i;

	/* Sorted: bsearch, and the same first error on every machine. */
	if (l->set->n > 0)
		qsort(l->set->t, l->set->n, sizeof(*l->set->t), tmpl_cmp);
	for (i = 0; i < l->set->n; i++) {
		if (i > 0 && strcmp(l->set->t[i - 1].name,
		    l->set->t[i].name) == 0) {
			load_err(l, l->set->t[i].file, 0, "duplicate name");
			goto fail;
		}
		if ((l->set->t[i].src == NULL &&
		    file_read(l, &l->set->t[i]) == -1) ||
		    tmpl_parse(l, &l->set->t[i]) == -1)
			goto fail;
	}
	for (i = 0; i < l->set->n; i++)
		if (tmpl_resolve(l, &l->set->t[i]) == -1)
			goto fail;
	for (i = 0; i < l->set->n; i++)
		if (tmpl_check_chain(l, &l->set->t[i]) == -1)
			goto fail;
	return l->set;
fail:
	tmpl_set_free(l->set);
	return NULL;
}

static struct tmpl_set *
set_load(struct loader *l, const char *dir)
{
	l->dir = dir;
	if (dir == NULL) {
		load_err(l, "(null)", 0, "no template folder");
		tmpl_set_free(l->set);
		return NULL;
	}
	if (walk_dir(l, "", 0) == -1) {
		tmpl_set_free(l->set);
		return NULL;
	}
	return loader_finish(l);
}

struct tmpl_set *
tmpl_set_load(const char *dir, const struct tmpl_var *vars, char *err,
    size_t errlen)
{
	return tmpl_set_load_lang(dir, vars, NULL, err, errlen);
}

struct tmpl_set *
tmpl_set_load_lang(const char *dir, const struct tmpl_var *vars,
    const struct i18n_cat *cat, char *err, size_t errlen)
{
	struct loader	 l;

	if (loader_start(&l, vars, err, errlen) == -1)
		return NULL;
	l.cat = cat;
	return set_load(&l, dir);
}

int
tmpl_msgids(const char *dir, tmpl_msgid_fn fn, void *arg, char *err,
    size_t errlen)
{
	struct loader	 l;
	struct tmpl_set	*set;

	if (loader_start(&l, NULL, err, errlen) == -1)
		return -1;
	l.msgid = fn;
	l.msgid_arg = arg;
	if ((set = set_load(&l, dir)) == NULL)
		return -1;
	tmpl_set_free(set);
	return 0;
}

struct tmpl_set *
tmpl_set_compile(const struct tmpl_src *srcs, size_t n,
    const struct tmpl_var *vars, char *err, size_t errlen)
{
	struct loader	 l;
	struct tmpl	*t;
	size_t		 i, len;

	if (loader_start(&l, vars, err, errlen) == -1)
		return NULL;
	l.runtime = 1;
	for (i = 0; i < n; i++) {
		len = strlen(srcs[i].text);
		if (len > TMPL_FILE_MAX) {
			load_err(&l, srcs[i].file, 0, "larger than %d bytes",
			    TMPL_FILE_MAX);
			break;
		}
		if (set_add(&l, srcs[i].file) == -1)
			break;
		t = &l.set->t[l.set->n - 1];
		if ((t->src = mem_strndup(srcs[i].text, len)) == NULL) {
			load_err(&l, srcs[i].file, 0, "out of memory");
			break;
		}
		t->srclen = len;
	}
	if (i < n) {
		tmpl_set_free(l.set);
		return NULL;
	}
	return loader_finish(&l);
}

const struct tmpl_set *
tmpl_lang_set(const struct tmpl_lang *langs, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(langs[i].code, code) == 0)
			return langs[i].set;
	return NULL;
}
