/*
 * fmt: ICU behind fmt.h.
 *
 * Formatters are opened on first use and kept in slots[], keyed by
 * (kind, locale tag, currency or zone) as the caller spelled them; when
 * the table is full the least recently used one is closed.  A tag ICU
 * cannot read opens the "en" formatter, so a bad value already in the
 * database still shows something legible.
 *
 * Money goes to ICU as a decimal string made from the int64_t by integer
 * arithmetic (unum_formatDecimal), and typed amounts come back from
 * unum_parseDecimal as a decimal string turned into minor units the same
 * way: no double ever holds an amount.
 *
 * Typed amounts are read by a decimal formatter (FMT_AMOUNT) in strict
 * mode, whose separators are the locale's monetary ones (fr-CH writes
 * 1 234,5 but CHF 1 234.50): strict mode checks the grouping, so
 * "12.50" in de-DE is refused rather than read as 1250.  Before it
 * reads, parse_clean takes off what people add around a number (blanks,
 * bidi marks, the currency's symbol or code) and makes blanks inside it
 * the locale's grouping blank (a plain space for U+202F).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/ucurr.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "i18n/fmt.h"

#define FMT_SLOTS	32	/* formatters cached per process */
#define FMT_KEY_MAX	48	/* a locale tag or a zone name, with NUL */
#define FMT_ID_MAX	128	/* an ICU locale id with keywords */
#define FMT_OUT_MAX	128	/* UChars of one formatted value */
#define FMT_IN_MAX	64	/* bytes of a typed amount */
#define FMT_SYM_MAX	16	/* UChars of a separator or currency symbol */

enum fmt_kind {
	FMT_MONEY,	/* UNumberFormat, currency style; key: currency */
	FMT_AMOUNT,	/* UNumberFormat, decimal with the currency's
			 * digits and monetary separators; key: currency */
	FMT_NUMBER,	/* UNumberFormat, integer; key: "" */
	FMT_DATE,	/* UDateFormat, medium date; key: zone */
	FMT_DATETIME,	/* UDateFormat, medium date and time; key: zone */
	FMT_KIND__MAX
};

struct fmt_slot {
	void		*icu;		/* NULL: free */
	enum fmt_kind	 kind;
	char		 locale[FMT_KEY_MAX];
	char		 key[FMT_KEY_MAX];
	uint64_t	 used;		/* tick of the last use */
};

static struct fmt_slot	slots[FMT_SLOTS];
static uint64_t		ticks;

/* ---- locales, currencies, zones ---------------------------------------- */

/* The ICU locale id of a BCP 47 tag ("de-DE": "de_DE"), else "en". */
static void
icu_id(const char *tag, char *id, int32_t len)
{
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 parsed = 0;

	*id = '\0';
	if (tag != NULL)
		uloc_forLanguageTag(tag, id, len, &parsed, &st);
	if (tag == NULL || U_FAILURE(st) ||
	    st == U_STRING_NOT_TERMINATED_WARNING ||
	    parsed != (int32_t)strlen(tag) || *id == '\0')
		str_lcpy(id, "en", (size_t)len);
}

/* 1 if s is three capital letters; u gets them as UChars. */
static int
code_of(const char *s, UChar u[4])
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (s == NULL || s[i] < 'A' || s[i] > 'Z')
			return 0;
	if (s[3] != '\0')
		return 0;
	u_charsToUChars(s, u, 4);
	return 1;
}

/* 1 if code is among ICU's currencies of type (UCURR_ALL, …). */
static int
currency_listed(const char *code, uint32_t type)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UEnumeration	*e = ucurr_openISOCurrencies(type, &st);
	const char	*s;
	int		 found = 0;

	if (U_FAILURE(st))
		return 0;
	while (!found && (s = uenum_next(e, NULL, &st)) != NULL &&
	    U_SUCCESS(st))
		found = strcmp(s, code) == 0;
	uenum_close(e);
	return found;
}

int
fmt_currency_digits(const char *code)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 u[4];
	int32_t		 d;

	if (!code_of(code, u) || !currency_listed(code, UCURR_ALL))
		return -1;
	d = ucurr_getDefaultFractionDigits(u, &st);
	return U_FAILURE(st) || d < 0 || d > 6 ? -1 : (int)d;
}

/* 1 if code is the currency of some country today ("INR": India). */
static int
currency_of_a_region(const char *code)
{
	const char *const	*c;
	UErrorCode		 st;
	UChar			 u[8];
	char			 loc[16], s[4];

	for (c = uloc_getISOCountries(); *c != NULL; c++) {
		st = U_ZERO_ERROR;
		snprintf(loc, sizeof(loc), "und_%s", *c);
		if (ucurr_forLocale(loc, u, 8, &st) != 3 || U_FAILURE(st))
			continue;
		u_UCharsToChars(u, s, 3);
		s[3] = '\0';
		if (strcmp(s, code) == 0)
			return 1;
	}
	return 0;
}

/*
 * UCURR_NON_DEPRECATED keeps out DEM but not VEF; UCURR_COMMON keeps out
 * funds, metals, test and "no currency" codes.  ucurr_isAvailable alone
 * would do, but ICU 72 answers 0 for GBP and INR today (an end date of a
 * secondary country): a country's own currency counts as well.
 */
int
fmt_currency_ok(const char *code)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 u[4];
	UDate		 now = ucal_getNow();

	if (!code_of(code, u) || !currency_listed(code, UCURR_COMMON |
	    UCURR_NON_DEPRECATED))
		return 0;
	return currency_of_a_region(code) || (ucurr_isAvailable(u, now, now,
	    &st) && U_SUCCESS(st));
}

int
fmt_zone_ok(const char *zone)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 u[FMT_KEY_MAX], canon[FMT_KEY_MAX];
	char		 c[FMT_KEY_MAX];
	UBool		 sys = 0;
	int32_t		 n;
	size_t		 i, len = zone != NULL ? strlen(zone) : 0;

	if (len == 0 || len >= FMT_KEY_MAX)
		return 0;
	for (i = 0; i < len; i++)	/* u_charsToUChars wants invariant */
		if (!((zone[i] >= 'a' && zone[i] <= 'z') || (zone[i] >= 'A' &&
		    zone[i] <= 'Z') || (zone[i] >= '0' && zone[i] <= '9') ||
		    strchr("/_+-", zone[i]) != NULL))
			return 0;
	u_charsToUChars(zone, u, (int32_t)len + 1);
	n = ucal_getCanonicalTimeZoneID(u, (int32_t)len, canon, FMT_KEY_MAX,
	    &sys, &st);
	if (U_FAILURE(st) || !sys || n <= 0 || n >= FMT_KEY_MAX)
		return 0;
	u_UCharsToChars(canon, c, n + 1);
	/* tzdata's placeholders are system ids but no place */
	return strcmp(c, "Etc/Unknown") != 0 && strcmp(c, "Factory") != 0;
}

/* 1 if ICU has data for locale id exactly ("de", "de_AT", "sr_Latn"). */
static int
locale_available(const char *id)
{
	int32_t	 i, n = uloc_countAvailable();

	for (i = 0; i < n; i++)
		if (strcmp(uloc_getAvailable(i), id) == 0)
			return 1;
	return 0;
}

/* 1 if region is an ISO 3166 code ICU knows ("DE"). */
static int
region_known(const char *region)
{
	const char *const	*c;

	for (c = uloc_getISOCountries(); *c != NULL; c++)
		if (strcmp(*c, region) == 0)
			return 1;
	return 0;
}

/* The language, script and region of id, in parts[3]; 0 on failure. */
static int
locale_parts(const char *id, char parts[3][16])
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		 variant[16];

	uloc_getLanguage(id, parts[0], 16, &st);
	uloc_getScript(id, parts[1], 16, &st);
	uloc_getCountry(id, parts[2], 16, &st);
	uloc_getVariant(id, variant, sizeof(variant), &st);
	return U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING &&
	    *parts[0] != '\0' && *variant == '\0' && strchr(id, '@') == NULL;
}

int
fmt_locale_ok(const char *tag)
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		 id[FMT_ID_MAX], back[FMT_ID_MAX], parts[3][16];
	char		 sub[40];
	int32_t		 parsed = 0;

	if (tag == NULL || *tag == '\0' || strlen(tag) >= FMT_KEY_MAX)
		return 0;
	uloc_forLanguageTag(tag, id, sizeof(id), &parsed, &st);
	if (U_FAILURE(st) || parsed != (int32_t)strlen(tag))
		return 0;
	/* canonical only: "EN-us", "iw", "i-klingon" are spelt otherwise */
	uloc_toLanguageTag(id, back, sizeof(back), 1, &st);
	if (U_FAILURE(st) || strcmp(back, tag) != 0 ||
	    !locale_parts(id, parts) || !locale_available(parts[0]))
		return 0;
	if (*parts[1] != '\0') {
		snprintf(sub, sizeof(sub), "%s_%s", parts[0], parts[1]);
		if (!locale_available(sub))
			return 0;
	}
	if (*parts[2] == '\0' || region_known(parts[2]))
		return 1;
	/* an area such as 419: only where ICU has data for it (es_419) */
	snprintf(sub, sizeof(sub), "%s_%s", parts[0], parts[2]);
	return locale_available(sub);
}

/* ---- the formatter cache ------------------------------------------------ */

static void *
open_money(const char *id, const char *currency)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UNumberFormat	*f;
	char		 cid[FMT_ID_MAX];
	int		 digits = fmt_currency_digits(currency);

	if (digits < 0)
		return NULL;
	str_lcpy(cid, id, sizeof(cid));
	uloc_setKeywordValue("currency", currency, cid, sizeof(cid), &st);
	f = unum_open(UNUM_CURRENCY, NULL, 0, cid, NULL, &st);
	if (U_FAILURE(st)) {
		unum_close(f);
		return NULL;
	}
	unum_setAttribute(f, UNUM_MIN_FRACTION_DIGITS, digits);
	unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, digits);
	return f;
}

/* Symbol which of f as symbol as, for the monetary ones. */
static void
symbol_copy(UNumberFormat *f, UNumberFormatSymbol which,
    UNumberFormatSymbol as, UErrorCode *st)
{
	UChar	 s[FMT_SYM_MAX];
	int32_t	 n;

	n = unum_getSymbol(f, which, s, FMT_SYM_MAX, st);
	if (U_SUCCESS(*st))
		unum_setSymbol(f, as, s, n, st);
}

static void *
open_amount(const char *id, const char *currency)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UNumberFormat	*f;
	int		 digits = fmt_currency_digits(currency);

	if (digits < 0)
		return NULL;
	f = unum_open(UNUM_DECIMAL, NULL, 0, id, NULL, &st);
	symbol_copy(f, UNUM_MONETARY_SEPARATOR_SYMBOL,
	    UNUM_DECIMAL_SEPARATOR_SYMBOL, &st);
	symbol_copy(f, UNUM_MONETARY_GROUPING_SEPARATOR_SYMBOL,
	    UNUM_GROUPING_SEPARATOR_SYMBOL, &st);
	if (U_FAILURE(st)) {
		unum_close(f);
		return NULL;
	}
	unum_setAttribute(f, UNUM_MIN_FRACTION_DIGITS, digits);
	unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, digits);
	unum_setAttribute(f, UNUM_LENIENT_PARSE, 0);
	unum_setAttribute(f, UNUM_PARSE_NO_EXPONENT, 1);
	return f;
}

static void *
open_number(const char *id, const char *unused)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UNumberFormat	*f = unum_open(UNUM_DECIMAL, NULL, 0, id, NULL, &st);

	(void)unused;
	if (U_FAILURE(st)) {
		unum_close(f);
		return NULL;
	}
	unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, 0);
	return f;
}

static void *
open_dates(const char *id, const char *zone, UDateFormatStyle time)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UDateFormat	*f;
	UChar		 z[FMT_KEY_MAX];

	if (!fmt_zone_ok(zone))
		zone = "UTC";
	u_charsToUChars(zone, z, (int32_t)strlen(zone) + 1);
	f = udat_open(time, UDAT_MEDIUM, id, z, -1, NULL, 0, &st);
	if (U_FAILURE(st)) {
		udat_close(f);
		return NULL;
	}
	return f;
}

static void *
open_date(const char *id, const char *zone)
{
	return open_dates(id, zone, UDAT_NONE);
}

static void *
open_datetime(const char *id, const char *zone)
{
	return open_dates(id, zone, UDAT_MEDIUM);
}

static void *(*const openers[FMT_KIND__MAX])(const char *, const char *) = {
	open_money,	/* FMT_MONEY */
	open_amount,	/* FMT_AMOUNT */
	open_number,	/* FMT_NUMBER */
	open_date,	/* FMT_DATE */
	open_datetime,	/* FMT_DATETIME */
};

static void
slot_close(struct fmt_slot *s)
{
	if (s->icu == NULL)
		return;
	if (s->kind == FMT_DATE || s->kind == FMT_DATETIME)
		udat_close(s->icu);
	else
		unum_close(s->icu);
	memset(s, 0, sizeof(*s));
}

/* The formatter of kind for locale and key, opened if need be. */
static void *
fmt_get(enum fmt_kind kind, const char *locale, const char *key)
{
	struct fmt_slot	*s, *lru = &slots[0];
	char		 id[FMT_ID_MAX];
	size_t		 i;

	if (locale == NULL || key == NULL || strlen(locale) >= FMT_KEY_MAX ||
	    strlen(key) >= FMT_KEY_MAX)
		return NULL;
	for (i = 0; i < FMT_SLOTS; i++) {
		s = &slots[i];
		if (s->icu != NULL && s->kind == kind &&
		    strcmp(s->locale, locale) == 0 &&
		    strcmp(s->key, key) == 0) {
			s->used = ++ticks;
			return s->icu;
		}
		if (s->used < lru->used)	/* a free slot's is 0 */
			lru = s;
	}
	icu_id(locale, id, sizeof(id));
	slot_close(lru);
	if ((lru->icu = openers[kind](id, key)) == NULL)
		return NULL;
	lru->kind = kind;
	str_lcpy(lru->locale, locale, sizeof(lru->locale));
	str_lcpy(lru->key, key, sizeof(lru->key));
	lru->used = ++ticks;
	return lru->icu;
}

void
fmt_cleanup(void)
{
	size_t	 i;

	for (i = 0; i < FMT_SLOTS; i++)
		slot_close(&slots[i]);
}

/* ---- formatting --------------------------------------------------------- */

/* UTF-16 from ICU as UTF-8 in a. */
static const char *
utf8_of(struct arena *a, const UChar *u, int32_t n, UErrorCode st)
{
	int32_t	 need = 0;
	char	*s;

	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	u_strToUTF8(NULL, 0, &need, u, n, &st);
	if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR)
		return NULL;
	st = U_ZERO_ERROR;
	if ((s = arena_alloc(a, (size_t)need + 1)) == NULL)
		return NULL;
	u_strToUTF8(s, need + 1, NULL, u, n, &st);
	return U_FAILURE(st) ? NULL : s;
}

/* minor as a decimal string with digits fraction digits: "-1234.50". */
static void
decimal_of(int64_t minor, int digits, char *out, size_t len)
{
	uint64_t	 v = minor < 0 ? (uint64_t)0 - (uint64_t)minor :
	    (uint64_t)minor;
	char		 d[32];
	int		 n;

	n = snprintf(d, sizeof(d), "%0*llu", digits + 1,
	    (unsigned long long)v);
	snprintf(out, len, "%s%.*s%s%s", minor < 0 ? "-" : "", n - digits, d,
	    digits > 0 ? "." : "", d + n - digits);
}

static const char *
format_minor(struct arena *a, UNumberFormat *f, int64_t minor)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 out[FMT_OUT_MAX];
	char		 dec[40];
	int32_t		 n;

	if (f == NULL)
		return NULL;
	decimal_of(minor, unum_getAttribute(f, UNUM_MAX_FRACTION_DIGITS), dec,
	    sizeof(dec));
	n = unum_formatDecimal(f, dec, -1, out, FMT_OUT_MAX, NULL, &st);
	return utf8_of(a, out, n, st);
}

const char *
fmt_money(struct arena *a, const char *locale, const char *currency,
    int64_t minor)
{
	return format_minor(a, fmt_get(FMT_MONEY, locale, currency), minor);
}

const char *
fmt_amount(struct arena *a, const char *locale, const char *currency,
    int64_t minor)
{
	return format_minor(a, fmt_get(FMT_AMOUNT, locale, currency), minor);
}

const char *
fmt_number(struct arena *a, const char *locale, int64_t v)
{
	UNumberFormat	*f = fmt_get(FMT_NUMBER, locale, "");
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 out[FMT_OUT_MAX];
	int32_t		 n;

	if (f == NULL)
		return NULL;
	n = unum_formatInt64(f, v, out, FMT_OUT_MAX, NULL, &st);
	return utf8_of(a, out, n, st);
}

static const char *
format_time(struct arena *a, enum fmt_kind kind, const char *locale,
    const char *zone, time_t t)
{
	UDateFormat	*f = fmt_get(kind, locale, zone != NULL ? zone : "UTC");
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 out[FMT_OUT_MAX];
	int32_t		 n;

	if (f == NULL)
		return NULL;
	n = udat_format(f, (UDate)t * 1000.0, out, FMT_OUT_MAX, NULL, &st);
	return utf8_of(a, out, n, st);
}

const char *
fmt_date(struct arena *a, const char *locale, const char *zone, time_t t)
{
	return format_time(a, FMT_DATE, locale, zone, t);
}

const char *
fmt_datetime(struct arena *a, const char *locale, const char *zone, time_t t)
{
	return format_time(a, FMT_DATETIME, locale, zone, t);
}

/* ---- calendar days ------------------------------------------------------ */

/* A Gregorian calendar in zone (caller closes), or NULL. */
static UCalendar *
cal_open(const char *zone)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*c;
	UChar		 z[FMT_KEY_MAX];

	if (!fmt_zone_ok(zone))
		return NULL;
	u_charsToUChars(zone, z, (int32_t)strlen(zone) + 1);
	c = ucal_open(z, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st)) {
		ucal_close(c);
		return NULL;
	}
	return c;
}

const char *
fmt_day(struct arena *a, const char *zone, time_t t)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*c = cal_open(zone != NULL && fmt_zone_ok(zone) ? zone :
	    "UTC");
	int32_t		 y, m, d;

	if (c == NULL)
		return NULL;
	ucal_setMillis(c, (UDate)t * 1000.0, &st);
	y = ucal_get(c, UCAL_EXTENDED_YEAR, &st);
	m = ucal_get(c, UCAL_MONTH, &st) + 1;
	d = ucal_get(c, UCAL_DATE, &st);
	ucal_close(c);
	if (U_FAILURE(st))
		return NULL;
	return arena_printf(a, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* n decimal digits of s as *v; 0 if one is not a digit. */
static int
digits_of(const char *s, int n, int *v)
{
	int	 i;

	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* "YYYY-MM-DD", a day that exists, years 2000 to 9999. */
static int
day_parse(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits_of(s, 4, y) || !digits_of(s + 5, 2, m) ||
	    !digits_of(s + 8, 2, d))
		return 0;
	if (*y < 2000 || *m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return 0;
	return !(*m == 2 && *d == 29 && (*y % 4 != 0 || (*y % 100 == 0 &&
	    *y % 400 != 0)));
}

enum souk_err
fmt_day_end(const char *zone, const char *day, time_t *utc)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*c;
	UDate		 next;
	int		 y, m, d;

	if (!day_parse(day, &y, &m, &d) || (c = cal_open(zone)) == NULL)
		return SOUK_INVALID;
	/*
	 * The first instant of the next day, less a second.  A midnight
	 * that daylight saving time skips is read with the offset before
	 * the change (ICU's default), i.e. as the change itself.
	 */
	ucal_clear(c);
	ucal_setDateTime(c, y, m - 1, d + 1, 0, 0, 0, &st);
	next = ucal_getMillis(c, &st);
	ucal_close(c);
	if (U_FAILURE(st))
		return SOUK_INVALID;
	*utc = (time_t)(next / 1000.0) - 1;
	return SOUK_OK;
}

const char *
fmt_iso(struct arena *a, time_t t)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL)
		return NULL;
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

enum souk_err
fmt_iso_parse(const char *s, time_t *t)
{
	struct tm	 tm;
	char		 day[11];
	int		 y, m, d, hh, mm, ss;

	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return SOUK_INVALID;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!day_parse(day, &y, &m, &d) || !digits_of(s + 11, 2, &hh) ||
	    !digits_of(s + 14, 2, &mm) || !digits_of(s + 17, 2, &ss) ||
	    hh > 23 || mm > 59 || ss > 59)
		return SOUK_INVALID;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*t = timegm(&tm);
	return SOUK_OK;
}

/* ---- reading typed amounts ---------------------------------------------- */

static int
is_mark(UChar c)
{
	return c == 0x200e || c == 0x200f || c == 0x061c ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Drop the bidi marks of u[0..n); the new length. */
static int32_t
marks_drop(UChar *u, int32_t n)
{
	int32_t	 i, j;

	for (i = j = 0; i < n; i++)
		if (!is_mark(u[i]))
			u[j++] = u[i];
	u[j] = 0;
	return j;
}

/* Drop the blanks (U+0020, U+00A0, U+202F, …) at both ends. */
static int32_t
blanks_trim(UChar *u, int32_t n)
{
	int32_t	 i = 0;

	while (n > 0 && u_isUWhiteSpace(u[n - 1]))
		n--;
	while (i < n && u_isUWhiteSpace(u[i]))
		i++;
	memmove(u, u + i, (size_t)(n - i) * sizeof(*u));
	u[n - i] = 0;
	return n - i;
}

/* Drop s (ns UChars) at the start or end of u; 1 if it was there. */
static int
affix_drop(UChar *u, int32_t *n, const UChar *s, int32_t ns)
{
	if (ns <= 0 || ns > *n)
		return 0;
	if (u_strncmp(u, s, ns) == 0) {
		memmove(u, u + ns, (size_t)(*n - ns + 1) * sizeof(*u));
		*n -= ns;
		return 1;
	}
	if (u_strncmp(u + *n - ns, s, ns) == 0) {
		*n -= ns;
		u[*n] = 0;
		return 1;
	}
	return 0;
}

/* Drop the currency's code or symbol (the longest that matches). */
static int32_t
currency_drop(UChar *u, int32_t n, const char *id, const char *currency)
{
	static const UCurrNameStyle styles[] = { UCURR_SYMBOL_NAME,
	    UCURR_NARROW_SYMBOL_NAME };
	UChar		 names[3][FMT_SYM_MAX];
	int32_t		 len[3], k, best, i;
	UErrorCode	 st;
	UBool		 choice;
	const UChar	*s;

	u_charsToUChars(currency, names[0], 4);
	len[0] = 3;
	for (i = 0; i < 2; i++) {
		st = U_ZERO_ERROR;
		s = ucurr_getName(names[0], id, styles[i], &choice, &len[i + 1],
		    &st);
		if (U_FAILURE(st) || len[i + 1] >= FMT_SYM_MAX)
			len[i + 1] = 0;
		else {
			u_strncpy(names[i + 1], s, len[i + 1]);
			names[i + 1][len[i + 1]] = 0;
			len[i + 1] = marks_drop(names[i + 1], len[i + 1]);
		}
	}
	for (k = 0; k < 3; k++) {
		for (best = -1, i = 0; i < 3; i++)
			if (len[i] > 0 && (best < 0 || len[i] > len[best]))
				best = i;
		if (best < 0)
			break;
		if (affix_drop(u, &n, names[best], len[best]))
			return blanks_trim(u, n);
		len[best] = 0;
	}
	return n;
}

/* Blanks inside the number as the grouping blank, if it is one. */
static void
blanks_group(UNumberFormat *f, UChar *u, int32_t n)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 g[FMT_SYM_MAX];
	int32_t		 i;

	if (unum_getSymbol(f, UNUM_GROUPING_SEPARATOR_SYMBOL, g, FMT_SYM_MAX,
	    &st) != 1 || U_FAILURE(st) || !u_isUWhiteSpace(g[0]))
		return;
	for (i = 0; i < n; i++)
		if (u_isUWhiteSpace(u[i]))
			u[i] = g[0];
}

/*
 * u[0..n) without what surrounds the number: marks, blanks, a leading
 * minus (*neg), the currency.  The new length.
 */
static int32_t
parse_clean(UNumberFormat *f, const char *locale, const char *currency,
    UChar *u, int32_t n, int *neg)
{
	char	 id[FMT_ID_MAX];

	icu_id(locale, id, sizeof(id));
	n = blanks_trim(u, marks_drop(u, n));
	*neg = n > 0 && (u[0] == '-' || u[0] == 0x2212);
	if (*neg) {
		memmove(u, u + 1, (size_t)n * sizeof(*u));	/* with NUL */
		n = blanks_trim(u, n - 1);
	}
	n = currency_drop(u, n, id, currency);
	blanks_group(f, u, n);
	return n;
}

/* The fraction digits typed: what follows the decimal separator. */
static int32_t
fraction_typed(UNumberFormat *f, const UChar *u, int32_t n)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 sep[FMT_SYM_MAX];
	int32_t		 ns;
	const UChar	*p;

	ns = unum_getSymbol(f, UNUM_DECIMAL_SEPARATOR_SYMBOL, sep,
	    FMT_SYM_MAX, &st);
	if (U_FAILURE(st) || ns <= 0 ||
	    (p = u_strFindLast(u, n, sep, ns)) == NULL)
		return 0;
	return n - (int32_t)(p - u) - ns;
}

/* *v = *v * 10 + d unless that passes INT64_MAX. */
static int
acc_digit(int64_t *v, int d)
{
	if (*v > (INT64_MAX - d) / 10)
		return 0;
	*v = *v * 10 + d;
	return 1;
}

/*
 * ICU's decimal string ("-1234.5", "9.2233720368547758E+16") times
 * 10^digits, exactly: SOUK_INVALID if that is no whole number or does
 * not fit.  neg: a minus was taken off before (two are one too many).
 */
static enum souk_err
decimal_minor(const char *s, int digits, int neg, int64_t *out)
{
	char	 m[64];		/* the digits, without the point */
	int	 n = 0, point = -1, shift, i;
	int64_t	 v = 0, e = 0;

	if (*s == '-') {
		if (neg)
			return SOUK_INVALID;
		neg = 1;
		s++;
	}
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.' && point >= 0)
			return SOUK_INVALID;
		if (*s == '.')
			point = n;
		else if (n < (int)sizeof(m))
			m[n++] = *s;
		else
			return SOUK_INVALID;
	}
	if ((*s == 'E' || *s == 'e') && str_to_i64(s + 1 + (s[1] == '+'),
	    -100, 100, &e) != SOUK_OK)
		return SOUK_INVALID;
	if (n == 0 || (*s != '\0' && *s != 'E' && *s != 'e'))
		return SOUK_INVALID;
	shift = (int)e + digits - (point >= 0 ? n - point : 0);
	for (i = 0; i < n; i++)
		if (i >= n + shift && m[i] != '0')
			return SOUK_INVALID;	/* a fraction of a minor unit */
		else if (i < n + shift && !acc_digit(&v, m[i] - '0'))
			return SOUK_INVALID;
	for (i = 0; i < shift; i++)
		if (!acc_digit(&v, 0))
			return SOUK_INVALID;
	*out = neg ? -v : v;
	return SOUK_OK;
}

enum souk_err
fmt_money_parse(const char *locale, const char *currency, const char *text,
    int64_t *minor)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UNumberFormat	*f;
	UChar		 u[FMT_IN_MAX + 1];
	char		 dec[64];
	int32_t		 n = 0, pos = 0, got;
	int		 digits, neg;

	if (text == NULL || strlen(text) > FMT_IN_MAX ||
	    (digits = fmt_currency_digits(currency)) < 0 ||
	    (f = fmt_get(FMT_AMOUNT, locale, currency)) == NULL)
		return SOUK_INVALID;
	u_strFromUTF8(u, FMT_IN_MAX + 1, &n, text, -1, &st);
	if (U_FAILURE(st))
		return SOUK_INVALID;
	n = parse_clean(f, locale, currency, u, n, &neg);
	if (n <= 0 || fraction_typed(f, u, n) > digits)
		return SOUK_INVALID;
	got = unum_parseDecimal(f, u, n, &pos, dec, sizeof(dec), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING ||
	    pos != n || got <= 0)
		return SOUK_INVALID;
	return decimal_minor(dec, digits, neg, minor);
}
