/*
 * Private to src/tmpl: the compiled form shared by compile.c (which
 * builds it) and render.c (which walks it).
 *
 * Invariants once tmpl_set_load has returned a set:
 * - set->t is sorted by name (strcmp) and never grows again, so pointers
 *   to its elements (partial, layout) stay valid until tmpl_set_free;
 * - every PARTIAL node's partial and every layout pointer is resolved and
 *   the partial has no layout of its own;
 * - TEXT nodes point into their template's src; everything is malloc'd
 *   and owned by the set.
 */
#ifndef SOUK_TMPL_INT_H
#define SOUK_TMPL_INT_H

#include <stddef.h>

#include "i18n/i18n.h"
#include "tmpl/tmpl.h"

/* Partial and layout nesting allowed at render time. */
#define TMPL_DEPTH_MAX	16

enum tmpl_ntype {
	TMPL_N_TEXT,		/* text, len: output as written; a
				   translation's text is its name */
	TMPL_N_VAR,		/* name, filter */
	TMPL_N_SECTION,		/* name, child */
	TMPL_N_INVERTED,	/* name, child */
	TMPL_N_PARTIAL,		/* name, partial */
	TMPL_N_PLURAL		/* name (the count), forms, cat */
};

enum tmpl_filter {
	TMPL_F_HTML,		/* {{x}} */
	TMPL_F_URL,		/* {{x|url}} */
	TMPL_F_JS,		/* {{x|js}} */
	TMPL_F_RAW		/* {{&x}} */
};

struct tmpl_node {
	enum tmpl_ntype		 type;
	enum tmpl_filter	 filter;
	size_t			 line;
	const char		*text;		/* into tmpl src */
	size_t			 len;
	char			*name;		/* NUL-terminated copy */
	const struct tmpl	*partial;
	struct tmpl_node	*child;		/* section body */
	struct tmpl_node	*next;
	/* {{_n}}: one node list per plural form of cat's language */
	struct tmpl_node	*forms[I18N_PLURALS_MAX];
	size_t			 nforms;
	const struct i18n_cat	*cat;
};

struct tmpl {
	char			*name;		/* "partials/nav" */
	char			*file;		/* "partials/nav.html" */
	char			*src;		/* the file's bytes */
	size_t			 srclen;
	struct tmpl_node	*root;
	int			 text;		/* .txt: no HTML escaping */
	char			*layout_name;	/* {{%layout x}} or NULL */
	size_t			 layout_line;
	const struct tmpl	*layout;
};

struct tmpl_set {
	struct tmpl	*t;
	size_t		 n;
};

/* The template called name, or NULL.  Points into the set. */
const struct tmpl	*tmpl_find(const struct tmpl_set *, const char *name);

#endif /* SOUK_TMPL_INT_H */
