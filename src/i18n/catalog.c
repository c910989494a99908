/*
 * Message catalogs: GNU .mo files (msgfmt's output) read whole into
 * memory and searched by bsearch over msgfmt's sorted original table.
 * Every offset is checked against the file's size before use, and
 * every string must end with its NUL, so a damaged file is refused at
 * start-up rather than read out of bounds later.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n/i18n.h"

#define MO_MAGIC	0x950412deU
#define MO_MAGIC_SWAP	0xde120495U
#define MO_SIZE_MAX	(16 * 1024 * 1024)

const char *const i18n_langs[] = { "en", "de", "fr", NULL };

struct msg {
	const char	*id;		/* "ctx\004id" with a context */
	size_t		 idlen;		/* "id\0plural" for a plural */
	const char	*str;		/* forms separated by NUL */
	size_t		 strlen;	/* all forms */
};

struct i18n_cat {
	char			*data;
	struct msg		*msgs;
	size_t			 n;
	size_t			 nplurals;
	struct i18n_plural	*plural;
};

const char *
i18n_lang_find(const char *tag)
{
	size_t	 i, len;

	if (tag == NULL)
		return NULL;
	len = strcspn(tag, "-_");
	for (i = 0; i18n_langs[i] != NULL; i++)
		if (strlen(i18n_langs[i]) == len &&
		    strncmp(i18n_langs[i], tag, len) == 0)
			return i18n_langs[i];
	return NULL;
}

const char *
i18n_lang_pick(const char *tag)
{
	const char	*l = i18n_lang_find(tag);

	return l != NULL ? l : i18n_langs[0];
}

const char *
i18n_lang_name(const char *code)
{
	static const char *const names[][2] = {
		{ "en", "English" }, { "de", "Deutsch" },
		{ "fr", "Fran\xc3\xa7" "ais" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (code != NULL && strcmp(names[i][0], code) == 0)
			return names[i][1];
	return code;
}

static uint32_t
word(const struct i18n_cat *c, size_t off, int swap)
{
	uint32_t	 w;

	memcpy(&w, c->data + off, 4);
	return swap ? __builtin_bswap32(w) : w;
}

/* The string of table entry i at tab: NULL when out of the file. */
static const char *
entry(const struct i18n_cat *c, size_t size, size_t tab, size_t i,
    int swap, size_t *len)
{
	size_t	 at = tab + i * 8, off;

	if (at + 8 > size)
		return NULL;
	*len = word(c, at, swap);
	off = word(c, at + 4, swap);
	if (off > size || *len >= size - off || c->data[off + *len] != '\0')
		return NULL;
	return c->data + off;
}

static int
cmp_msg(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->id, ((const struct msg *)b)->id);
}

/* nplurals and plural= from the header (msgid ""). */
static int
header_parse(struct i18n_cat *c, const char *hdr)
{
	const char	*pf = strstr(hdr, "Plural-Forms:"), *np, *ex;
	char		 expr[256];
	size_t		 len;

	c->nplurals = 2;
	if (pf == NULL)
		return 0;
	/* "nplurals=" does not contain "plural=" */
	if ((np = strstr(pf, "nplurals=")) == NULL ||
	    (ex = strstr(pf, "plural=")) == NULL)
		return -1;
	c->nplurals = strtoul(np + 9, NULL, 10);
	ex += 7;
	len = strcspn(ex, ";\n");
	if (c->nplurals < 1 || c->nplurals > I18N_PLURALS_MAX ||
	    len >= sizeof(expr))
		return -1;
	memcpy(expr, ex, len);
	expr[len] = '\0';
	return (c->plural = i18n_plural_parse(expr)) == NULL ? -1 : 0;
}

static const char *
cat_index(struct i18n_cat *c, size_t size)
{
	uint32_t	 magic;
	size_t		 i, n, otab, ttab;
	int		 swap;

	if (size < 28)
		return "too short";
	memcpy(&magic, c->data, 4);
	if (magic != MO_MAGIC && magic != MO_MAGIC_SWAP)
		return "not a .mo file";
	swap = magic == MO_MAGIC_SWAP;
	n = word(c, 8, swap);
	otab = word(c, 12, swap);
	ttab = word(c, 16, swap);
	if (n > size / 16 || (c->msgs = calloc(n + 1, sizeof(*c->msgs))) ==
	    NULL)
		return "bad message count";
	for (i = 0; i < n; i++) {
		c->msgs[i].id = entry(c, size, otab, i, swap,
		    &c->msgs[i].idlen);
		c->msgs[i].str = entry(c, size, ttab, i, swap,
		    &c->msgs[i].strlen);
		if (c->msgs[i].id == NULL || c->msgs[i].str == NULL)
			return "entry out of bounds";
		if (c->msgs[i].idlen == 0 && header_parse(c, c->msgs[i].str) == -1)
			return "bad Plural-Forms header";
	}
	c->n = n;
	qsort(c->msgs, n, sizeof(*c->msgs), cmp_msg);
	return NULL;
}

struct i18n_cat *
i18n_cat_load(const char *path, char *err, size_t errlen)
{
	struct i18n_cat	*c;
	struct stat	 st;
	const char	*why = NULL;
	FILE		*f;
	size_t		 size = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->nplurals = 2;
	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1)
		why = strerror(errno);
	else if (st.st_size > MO_SIZE_MAX)
		why = "too large";
	else if ((c->data = malloc((size_t)st.st_size + 1)) == NULL)
		why = "out of memory";
	else if ((size = fread(c->data, 1, (size_t)st.st_size, f)) !=
	    (size_t)st.st_size)
		why = "short read";
	if (f != NULL)
		fclose(f);
	if (why == NULL)
		why = cat_index(c, size);
	if (why != NULL) {
		snprintf(err, errlen, "%s: %s", path, why);
		i18n_cat_free(c);
		return NULL;
	}
	return c;
}

void
i18n_cat_free(struct i18n_cat *c)
{
	if (c == NULL)
		return;
	i18n_plural_free(c->plural);
	free(c->msgs);
	free(c->data);
	free(c);
}

static const struct msg *
cat_find(const struct i18n_cat *c, const char *id)
{
	struct msg	 key;

	if (c == NULL || c->n == 0)
		return NULL;
	key.id = id;
	return bsearch(&key, c->msgs, c->n, sizeof(*c->msgs), cmp_msg);
}

const char *
i18n_gettext(const struct i18n_cat *c, const char *msgid)
{
	const struct msg	*m;

	if (msgid == NULL || *msgid == '\0')
		return msgid;
	m = cat_find(c, msgid);
	return m != NULL && m->strlen > 0 ? m->str : msgid;
}

const char *
i18n_pgettext(const struct i18n_cat *c, const char *ctx, const char *msgid)
{
	const struct msg	*m;
	char			 key[1024];

	if (snprintf(key, sizeof(key), "%s\004%s", ctx, msgid) >=
	    (int)sizeof(key))
		return msgid;
	m = cat_find(c, key);
	return m != NULL && m->strlen > 0 ? m->str : msgid;
}

size_t
i18n_nplurals(const struct i18n_cat *c)
{
	return c != NULL ? c->nplurals : 2;
}

size_t
i18n_plural(const struct i18n_cat *c, uint64_t n)
{
	unsigned long	 i;

	if (c == NULL || c->plural == NULL)
		return n != 1;
	i = i18n_plural_eval(c->plural, n);
	return i < c->nplurals ? i : 0;
}

int
i18n_nforms(const struct i18n_cat *c, const char *id, const char *plural,
    const char *forms[I18N_PLURALS_MAX])
{
	const struct msg	*m;
	const char		*s, *end;
	size_t			 i;

	/* msgfmt keys a plural message by "id\0plural": compare id */
	if ((m = cat_find(c, id)) == NULL || m->strlen == 0 ||
	    strlen(m->id) >= m->idlen ||
	    strcmp(m->id + strlen(m->id) + 1, plural) != 0)
		return -1;
	s = m->str;
	end = m->str + m->strlen;
	for (i = 0; i < c->nplurals; i++) {
		if (s > end || *s == '\0')
			return -1;
		forms[i] = s;
		s += strlen(s) + 1;
	}
	return 0;
}

const char *
i18n_ngettext(const struct i18n_cat *c, const char *id, const char *plural,
    uint64_t n)
{
	const char	*forms[I18N_PLURALS_MAX];

	if (i18n_nforms(c, id, plural, forms) == -1)
		return n == 1 ? id : plural;
	return forms[i18n_plural(c, n)];
}
