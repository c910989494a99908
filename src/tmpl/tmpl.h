/*
 * tmpl: templates compiled at start-up from templates/<app>/, rendered
 * from json-c values.
 *
 * Syntax (Mustache-like):
 *   {{name}}          value, HTML-escaped (& < > " ')
 *   {{name|url}}      percent-encoded for a URL component
 *   {{name|js}}       escaped for a JavaScript string literal
 *   {{&name}}         raw: only for names declared TMPL_RAW (HTML our
 *                     own code produced, e.g. a layout's "content")
 *   {{#name}}..{{/name}}  section: array -> once per element (the element
 *                     becomes the top of the lookup stack); object -> once
 *                     with it on top; true / non-empty string / non-zero
 *                     number -> once; false, null, missing, empty array ->
 *                     skipped
 *   {{^name}}..{{/name}}  inverted section: rendered when the section
 *                     would be skipped
 *   {{>partial}}      another template of the same set, inline
 *   {{!comment}}      ignored
 *   {{%layout name}}  first tag of a page: render the page, then render
 *                     template "name" with "content" = the page output
 *   {{_ "Add to cart"}}  text in the set's language (i18n.h), looked up
 *                     when the set is compiled; "{name}" in the text is
 *                     a variable, escaped as {{name}}; \" and \\ escape
 *   {{_n "{count} item" "{count} items" count}}  the plural form the
 *                     language gives the number count
 * A .txt template (its name keeps ".txt") is plain text: {{x}} is
 * written as is, not HTML-escaped; its partials render the same way.
 * Names are looked up from the innermost section outwards.  "." is the
 * current element (for arrays of strings).
 *
 * Every name a template uses must be declared in the set's dictionary;
 * an unknown name, an unclosed or mismatched section, a missing partial
 * or layout stops start-up with "file:line: message".
 *
 * Work is bounded.  Sections over arrays multiply (six nested sections
 * over 1,000 items are 10^18 steps), so every render spends a budget:
 * nodes visited, bytes written and CPU time of the calling thread.
 * Past any of them the render stops with SOUK_TOOLARGE; what it wrote
 * so far is not a result and the caller must drop it.  Templates given
 * as text at run time (a shop's own) are held to less: at most
 * TMPL_RUN_NEST_MAX open sections, no partials, no layout.
 */
#ifndef SOUK_TMPL_H
#define SOUK_TMPL_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/core.h"
#include "i18n/i18n.h"

#define TMPL_NEST_MAX		16	/* open sections, our own templates */
#define TMPL_RUN_NEST_MAX	4	/* open sections, run-time templates */

/* What one tmpl_render spends unless the caller gives a budget. */
#define TMPL_BUDGET_NODES	1000000
#define TMPL_BUDGET_BYTES	(8 * 1024 * 1024)
#define TMPL_BUDGET_CPU_MS	250

enum tmpl_kind {
	TMPL_SCALAR,	/* {{x}}, {{x|url}}, {{x|js}} */
	TMPL_SECTION,	/* {{#x}} {{^x}} */
	TMPL_RAW,	/* {{&x}} */
	TMPL_ANY	/* scalar or section */
};

struct tmpl_var {
	const char	*name;
	enum tmpl_kind	 kind;
};

struct tmpl_set;

/*
 * Compile every *.html and *.txt file in dir; a template's name is its
 * file name without ".html" (subfolders: "partials/nav").  vars is terminated by a
 * { NULL, 0 } element.  On failure returns NULL and writes
 * "file:line: message" to err.  The set lives until tmpl_set_free.
 */
struct tmpl_set	*tmpl_set_load(const char *dir, const struct tmpl_var *vars,
		    char *err, size_t errlen);
/* The same in cat's language (NULL: the English source text). */
struct tmpl_set	*tmpl_set_load_lang(const char *dir,
		    const struct tmpl_var *vars, const struct i18n_cat *cat,
		    char *err, size_t errlen);
void		 tmpl_set_free(struct tmpl_set *);

/*
 * Every translation tag of the templates under dir, in file order, for
 * po/ (plural is NULL for {{_ }}).  Names are not checked against any
 * dictionary.  Returns -1 with err set on a syntax error.
 */
typedef void	(*tmpl_msgid_fn)(void *arg, const char *file, size_t line,
		    const char *id, const char *plural);
int		 tmpl_msgids(const char *dir, tmpl_msgid_fn, void *arg,
		    char *err, size_t errlen);

/*
 * A language's compiled set: a program holds one per language it
 * speaks, English (cat NULL) first.
 */
struct tmpl_lang {
	const char		*code;		/* "de", from i18n_langs */
	struct i18n_cat		*cat;		/* NULL for English */
	struct tmpl_set		*set;
};

/* The set of language code among langs, or NULL. */
const struct tmpl_set *tmpl_lang_set(const struct tmpl_lang *, size_t n,
		    const char *code);

/* A template given as text: file "x.html" or "x.txt" names it. */
struct tmpl_src {
	const char	*file;
	const char	*text;
};

/*
 * Compile templates held in memory (e.g. a shop's own e-mail texts):
 * the run-time rules apply (TMPL_RUN_NEST_MAX, no partials, no layout).
 */
struct tmpl_set	*tmpl_set_compile(const struct tmpl_src *, size_t n,
		    const struct tmpl_var *vars, char *err, size_t errlen);
int		 tmpl_exists(const struct tmpl_set *, const char *name);

/*
 * A work budget, spent by every render given it and never refilled: one
 * budget can cover the several renders of one request (a mail's
 * subject, HTML and text).  The clock is the calling thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), read every TMPL_CLOCK_EVERY nodes and
 * first when a render gets that far, so small renders make no system
 * call.  The fields are the renderer's; over says which limit ran out.
 */
#define TMPL_CLOCK_EVERY	1024

enum tmpl_over {
	TMPL_OVER_NONE,
	TMPL_OVER_NODES,
	TMPL_OVER_BYTES,
	TMPL_OVER_TIME
};

struct tmpl_budget {
	uint64_t	 nodes;		/* left */
	uint64_t	 bytes;		/* left */
	int64_t		 cpu_ns;	/* allowed; 0: no time limit */
	int64_t		 started_ns;	/* thread CPU time at start, or -1 */
	unsigned int	 tick;		/* nodes until the next clock read */
	enum tmpl_over	 over;
};

/* nodes, bytes: at most that many; cpu_ms 0: no time limit. */
void		 tmpl_budget_init(struct tmpl_budget *, uint64_t nodes,
		    uint64_t bytes, int cpu_ms);
/* "too many steps", "too much output", "too much CPU time" or "". */
const char	*tmpl_over_str(enum tmpl_over);

/*
 * Render template name with data into out (appended), on a budget of
 * its own (TMPL_BUDGET_*).  Returns SOUK_NOTFOUND for an unknown
 * template, SOUK_ENOMEM when out ran out of memory, SOUK_TOOLARGE past
 * the budget.  data is borrowed.
 */
enum souk_err	 tmpl_render(const struct tmpl_set *, const char *name,
		    struct json_object *data, struct buf *out);
/* The same on the caller's budget b, which it spends. */
enum souk_err	 tmpl_render_budget(const struct tmpl_set *, const char *name,
		    struct json_object *data, struct tmpl_budget *b,
		    struct buf *out);

#endif /* SOUK_TMPL_H */
