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
 * A .txt template (its name keeps ".txt") is plain text: {{x}} is
 * written as is, not HTML-escaped; its partials render the same way.
 * Names are looked up from the innermost section outwards.  "." is the
 * current element (for arrays of strings).
 *
 * Every name a template uses must be declared in the set's dictionary;
 * an unknown name, an unclosed or mismatched section, a missing partial
 * or layout stops start-up with "file:line: message".
 */
#ifndef SOUK_TMPL_H
#define SOUK_TMPL_H

#include <json-c/json.h>

#include "core/core.h"

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
void		 tmpl_set_free(struct tmpl_set *);

/* A template given as text: file "x.html" or "x.txt" names it. */
struct tmpl_src {
	const char	*file;
	const char	*text;
};

/* Compile templates held in memory (e.g. a shop's own e-mail texts). */
struct tmpl_set	*tmpl_set_compile(const struct tmpl_src *, size_t n,
		    const struct tmpl_var *vars, char *err, size_t errlen);
int		 tmpl_exists(const struct tmpl_set *, const char *name);

/*
 * Render template name with data into out (appended).  Returns
 * SOUK_NOTFOUND for an unknown template, SOUK_ENOMEM when out ran out of
 * memory.  data is borrowed.
 */
enum souk_err	 tmpl_render(const struct tmpl_set *, const char *name,
		    struct json_object *data, struct buf *out);

#endif /* SOUK_TMPL_H */
