/*
 * Strings, numbers and time: the checked helpers that replace atoi,
 * strcpy and friends.  All of them are ASCII-only and locale-free.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/core.h"

/*
 * The whole string must be an optional '-' and decimal digits: no
 * spaces, no '+', no empty string.  *out is set only on SOUK_OK.
 */
enum souk_err
str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t	 acc, d;
	int	 neg;

	if (s == NULL)
		return SOUK_INVALID;
	if ((neg = (*s == '-')))
		s++;
	if (*s == '\0')
		return SOUK_INVALID;
	/* Accumulate negatively: INT64_MIN has no positive counterpart. */
	for (acc = 0; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return SOUK_INVALID;
		d = *s - '0';
		if (acc < (INT64_MIN + d) / 10)
			return SOUK_INVALID;
		acc = acc * 10 - d;
	}
	if (!neg) {
		if (acc == INT64_MIN)
			return SOUK_INVALID;
		acc = -acc;
	}
	if (acc < min || acc > max)
		return SOUK_INVALID;
	*out = acc;
	return SOUK_OK;
}

/* strlcpy: dst always terminated when size > 0; returns strlen(src). */
int
str_hex_ok(const char *s, size_t min, size_t max)
{
	size_t	 n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' &&
		    s[n] <= 'f')))
			return 0;
	return n >= min && n <= max;
}

int
str_list_has(const char *list, const char *item)
{
	size_t		 n = strlen(item);
	const char	*p;

	for (p = list; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, item, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

size_t
str_lcpy(char *dst, const char *src, size_t size)
{
	size_t	 len;

	len = strlen(src);
	if (size > 0) {
		size = len < size ? len : size - 1;
		memcpy(dst, src, size);
		dst[size] = '\0';
	}
	return len;
}

/*
 * 1 if both strings are equal.  NULL equals nothing, not even NULL, so
 * that two missing values (say, two absent tokens) never compare equal.
 */
int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	return strcmp(a, b) == 0;
}

/* 1 if s starts with prefix; 0 if either is NULL. */
int
str_has_prefix(const char *s, const char *prefix)
{
	if (s == NULL || prefix == NULL)
		return 0;
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits (either case) into at most max bytes; -1 if not hex. */
int
str_hex_decode(const char *s, unsigned char *out, size_t max, size_t *n)
{
	size_t	 len = strlen(s), i;
	int	 hi, lo;

	if (len % 2 != 0 || len / 2 > max)
		return -1;
	for (i = 0; i < len / 2; i++) {
		if ((hi = hexval(s[2 * i])) == -1 ||
		    (lo = hexval(s[2 * i + 1])) == -1)
			return -1;
		out[i] = (unsigned char)(hi * 16 + lo);
	}
	*n = len / 2;
	return 0;
}

/*
 * Decodes %XX (and '+' when form) in place and sets *outlen (may be
 * NULL).  Returns 0, or -1 on a bad escape or a decoded NUL byte; s is
 * then partly decoded and must be dropped.
 */
int
str_url_decode(char *s, int form, size_t *outlen)
{
	size_t	 r, w;
	int	 hi, lo;

	for (r = w = 0; s[r] != '\0'; r++, w++) {
		if (s[r] == '+' && form)
			s[w] = ' ';
		else if (s[r] != '%')
			s[w] = s[r];
		else {
			if ((hi = hexval(s[r + 1])) == -1 ||
			    (lo = hexval(s[r + 2])) == -1 ||
			    (hi == 0 && lo == 0))
				return -1;
			s[w] = (char)(hi << 4 | lo);
			r += 2;
		}
	}
	s[w] = '\0';
	if (outlen != NULL)
		*outlen = w;
	return 0;
}

void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

char *
str_lower_dup(struct arena *a, const char *s)
{
	char	*c = arena_strdup(a, s);

	if (c != NULL)
		str_lower(c);
	return c;
}

/*
 * Length of the UTF-8 sequence at p (at most n bytes available), or 0
 * if it is not the shortest form of a scalar value up to U+10FFFF.
 */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xc2)		/* continuation, or overlong C0/C1 */
		return 0;
	if (p[0] < 0xe0)
		len = 2;
	else if (p[0] < 0xf0) {
		len = 3;
		if (p[0] == 0xe0)	/* overlong */
			lo = 0xa0;
		else if (p[0] == 0xed)	/* surrogates */
			hi = 0x9f;
	} else if (p[0] < 0xf5) {
		len = 4;
		if (p[0] == 0xf0)	/* overlong */
			lo = 0x90;
		else if (p[0] == 0xf4)	/* past U+10FFFF */
			hi = 0x8f;
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

int
str_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;

	for (i = 0; i < len; i += n) {
		if (p[i] == '\0' || (n = utf8_seq(p + i, len - i)) == 0)
			return 0;
	}
	return 1;
}

/* Milliseconds from an arbitrary start; for durations only. */
double
time_now_ms(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0.0;
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int64_t
time_unix(void)
{
	return (int64_t)time(NULL);
}
