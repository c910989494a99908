/*
 * Field validators: one function per type, chosen by enum valid_type.
 * The pipeline checks declared parameters with them; domain code checks
 * the fields it is given.
 */
#include <ctype.h>
#include <string.h>

#include "core/core.h"

static int
valid_text(const char *s, int64_t min, int64_t max, int allow_ws)
{
	size_t	 len = strlen(s), i, chars = 0;

	if (!str_utf8_valid(s, len))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		chars += (c & 0xc0) != 0x80;	/* min, max: characters */
		if (c == 0x7f)
			return 0;
		if (c >= 0x20)
			continue;
		if (!allow_ws || (c != '\t' && c != '\n' && c != '\r'))
			return 0;
	}
	return (int64_t)chars >= min && (max <= 0 || (int64_t)chars <= max);
}

static int
valid_int(const char *s, int64_t min, int64_t max)
{
	int64_t	 v;

	return str_to_i64(s, min, max, &v) == SOUK_OK;
}

static int
valid_slug(const char *s)
{
	size_t	 len = strlen(s), i;

	if (len == 0 || len > 96 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '-' && s[i + 1] == '-')
			return 0;
		if (s[i] != '-' && !islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int
valid_label(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

static int
valid_domain(const char *s, size_t len)
{
	const char	*dot;

	if (len == 0 || len > 253)
		return 0;
	while (len > 0) {
		dot = memchr(s, '.', len);
		if (dot == NULL)
			return valid_label(s, len);
		if (!valid_label(s, (size_t)(dot - s)))
			return 0;
		len -= (size_t)(dot - s) + 1;
		s = dot + 1;
		if (len == 0)
			return 0;
	}
	return 1;
}

static int
valid_email(const char *s)
{
	const char	*at = strrchr(s, '@');
	size_t		 len = strlen(s), i;

	if (len < 3 || len > 254 || at == NULL || at == s || at - s > 64)
		return 0;
	for (i = 0; s + i < at; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"(),:;<>[\\]@", c))
			return 0;
	}
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	return strchr(at + 1, '.') != NULL &&
	    valid_domain(at + 1, strlen(at + 1));
}

static int
valid_cursor(const char *s)
{
	size_t	 len = strlen(s), i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return 0;
	return 1;
}

static int
valid_bool(const char *s)
{
	static const char *const ok[] = { "0", "1", "true", "false", "on",
	    "off" };
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(s, ok[i]) == 0)
			return 1;
	return 0;
}

static int
valid_host(const char *s)
{
	const char	*colon = strchr(s, ':');
	size_t		 len = colon == NULL ? strlen(s) : (size_t)(colon - s);

	if (colon != NULL && !valid_int(colon + 1, 1, 65535))
		return 0;
	return valid_domain(s, len);
}

int
valid_check(enum valid_type t, const char *s, int64_t min, int64_t max)
{
	if (s == NULL)
		return 0;
	switch (t) {
	case VALID_TEXT:
		return valid_text(s, min, max, 1);
	case VALID_LINE:
		return valid_text(s, min, max, 0);
	case VALID_INT:
		return valid_int(s, min, max);
	case VALID_ID:
		return valid_int(s, 1, INT64_C(9007199254740992));
	case VALID_SLUG:
		return valid_slug(s);
	case VALID_EMAIL:
		return valid_email(s);
	case VALID_CURSOR:
		return valid_cursor(s);
	case VALID_BOOL:
		return valid_bool(s);
	case VALID_HOST:
		return valid_host(s);
	default:
		return 0;
	}
}
