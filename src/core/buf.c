/*
 * Growable buffers in an arena, and the escapers: one per output
 * context (HTML text and attributes, URL components, JS strings, hex).
 *
 * Until the first allocation succeeds, data points to a shared empty
 * string and cap is 0; nothing ever writes to it, because every write
 * goes through buf_grow first.  Growing copies into a new arena block and
 * leaves the old one to the arena.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define BUF_MIN		64

static char	buf_empty[1];

/* Makes room for n more bytes plus the NUL; 0 or -1 (and oom set). */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t	 want, ncap;
	char	*p;

	if (b->oom)
		return -1;
	if (n > SIZE_MAX - b->len - 1)
		goto fail;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap < BUF_MIN ? BUF_MIN : b->cap;
	while (ncap < want)
		ncap = ncap > SIZE_MAX / 2 ? want : ncap * 2;
	if ((p = arena_alloc(b->a, ncap)) == NULL)
		goto fail;
	memcpy(p, b->data, b->len + 1);
	b->data = p;
	b->cap = ncap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

/* The buffer starts empty; hint is the expected size, 0 if unknown. */
void
buf_init(struct buf *b, struct arena *a, size_t hint)
{
	b->a = a;
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->oom = 0;
	/* A failure here is not an error yet: the first append retries. */
	if (hint > 0 && buf_grow(b, hint) == -1)
		b->oom = 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_grow(b, n) == -1)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 len;

	if (b->oom)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0) {
		b->oom = 1;
		return;
	}
	if (len == 0 || buf_grow(b, (size_t)len) == -1)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
}

/* Empties the buffer and clears oom; the memory is kept. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
	b->oom = 0;
}

/* 1 if no append has failed since init or reset. */
int
buf_ok(const struct buf *b)
{
	return !b->oom;
}

/*
 * Appends s[0..n) with each byte for which esc() returns non-NULL
 * replaced by that string; runs of plain bytes are copied at once.
 */
static void
buf_add_esc(struct buf *b, const char *s, size_t n,
    const char *(*esc)(unsigned char, char *))
{
	char		 tmp[8];
	const char	*rep;
	size_t		 i, start;

	for (i = start = 0; i < n; i++) {
		if ((rep = esc((unsigned char)s[i], tmp)) == NULL)
			continue;
		buf_add(b, s + start, i - start);
		buf_adds(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

static const char *
esc_html(unsigned char c, char *tmp)
{
	(void)tmp;
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* For HTML text and quoted attribute values. */
void
buf_add_html(struct buf *b, const char *s, size_t n)
{
	buf_add_esc(b, s, n, esc_html);
}

static const char *
esc_url(unsigned char c, char *tmp)
{
	static const char	 hex[] = "0123456789ABCDEF";

	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~')
		return NULL;
	tmp[0] = '%';
	tmp[1] = hex[c >> 4];
	tmp[2] = hex[c & 0xf];
	tmp[3] = '\0';
	return tmp;
}

/* For one URL component (path segment, query key or value). */
void
buf_add_url(struct buf *b, const char *s, size_t n)
{
	buf_add_esc(b, s, n, esc_url);
}

static const char *
esc_js(unsigned char c, char *tmp)
{
	static const char	 hex[] = "0123456789ABCDEF";

	if (c == '\\')
		return "\\\\";
	if (c >= 0x20 && c != 0x7f && c != '"' && c != '\'' && c != '<' &&
	    c != '>' && c != '&')
		return NULL;
	memcpy(tmp, "\\u00", 4);
	tmp[4] = hex[c >> 4];
	tmp[5] = hex[c & 0xf];
	tmp[6] = '\0';
	return tmp;
}

/*
 * For the inside of a JS string literal, in a <script> element or an
 * attribute: nothing can end the string, the element or the attribute.
 * U+2028 and U+2029 end a line in older JS, so they are escaped too.
 */
void
buf_add_js(struct buf *b, const char *s, size_t n)
{
	size_t	 i, start;

	for (i = start = 0; i + 2 < n; i++) {
		if ((unsigned char)s[i] != 0xe2 ||
		    (unsigned char)s[i + 1] != 0x80 ||
		    ((unsigned char)s[i + 2] != 0xa8 &&
		    (unsigned char)s[i + 2] != 0xa9))
			continue;
		buf_add_esc(b, s + start, i - start, esc_js);
		buf_adds(b, (unsigned char)s[i + 2] == 0xa8 ?
		    "\\u2028" : "\\u2029");
		start = i + 3;
		i += 2;
	}
	buf_add_esc(b, s + start, n - start, esc_js);
}

/* Lower-case hex of n bytes. */
void
buf_add_hex(struct buf *b, const unsigned char *p, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 pair[2];
	size_t			 i;

	if (n > SIZE_MAX / 2 || buf_grow(b, n * 2) == -1) {
		b->oom = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		pair[0] = hex[p[i] >> 4];
		pair[1] = hex[p[i] & 0xf];
		buf_add(b, pair, 2);
	}
}
