/*
 * fmt: money, numbers, dates and time zones as people of a locale read
 * and write them, through ICU.  Depends on core and libicu only; knows
 * nothing of requests or shops: callers pass the locale, the currency
 * and the zone.
 *
 * Locales are BCP 47 tags ("de-DE"), currencies ISO 4217 codes ("EUR"),
 * zones IANA names ("Europe/Berlin").  Money is an int64_t count of
 * minor units: the currency's ISO 4217 fraction digits as ICU knows them
 * (JPY 0, EUR 2, BHD 3).  It never goes through floating point: amounts
 * reach ICU as decimal strings and come back as decimal strings.
 * Text is ICU's, byte for byte: its spaces are often U+00A0 or U+202F,
 * its signs U+2212, its Arabic output carries bidi marks.
 *
 * A locale ICU cannot read formats as "en", a zone it does not know as
 * UTC; the *_ok functions are the validators that keep such values out
 * of the database in the first place.
 *
 * The ICU formatters a process opens are kept in a small table keyed by
 * (kind, locale, currency or zone), so a page with fifty prices opens
 * one; the least recently used is closed when the table is full.  The
 * programs are single-threaded: nothing here locks.  fmt_cleanup closes
 * them all (at exit).
 *
 * Strings returned are in the caller's arena; NULL means out of memory,
 * or an input ICU refused.
 */
#ifndef SOUK_I18N_FMT_H
#define SOUK_I18N_FMT_H

#include <stdint.h>
#include <time.h>

#include "core/core.h"

/* "1.234,50 €" (de-DE, EUR, 123450): the amount with its currency. */
const char	*fmt_money(struct arena *, const char *locale,
		    const char *currency, int64_t minor);
/*
 * "1.234,50" (de-DE, EUR, 123450): the number alone with the currency's
 * fraction digits, as a form shows an amount to be typed over.
 */
const char	*fmt_amount(struct arena *, const char *locale,
		    const char *currency, int64_t minor);
/*
 * What a person of locale typed for an amount of currency, in minor
 * units: "12,50", "1.234,50", "12,50 €", "€ 12,5" in de-DE; "12.50",
 * "$1,234.50" in en-US; fmt_money's and fmt_amount's output too.
 * Blanks around it and bidi marks are ignored, the currency's symbol or
 * code may stand before or after the number, grouping must be the
 * locale's.  SOUK_INVALID for anything else: garbage, more fraction
 * digits than the currency has, an exponent, an amount past int64_t.
 * A leading minus is read (refusing negatives is the caller's
 * business).  *minor is set only on SOUK_OK.
 */
enum souk_err	 fmt_money_parse(const char *locale, const char *currency,
		    const char *text, int64_t *minor);
/* "1.234.567" (de-DE): an integer as the locale groups it. */
const char	*fmt_number(struct arena *, const char *locale, int64_t);
/* "29.03.2026" (de-DE): the day of t in zone, medium style. */
const char	*fmt_date(struct arena *, const char *locale, const char *zone,
		    time_t t);
/* "29.03.2026, 14:05:00" (de-DE): t in zone, medium style. */
const char	*fmt_datetime(struct arena *, const char *locale,
		    const char *zone, time_t t);
/* "2026-03-29": the calendar day of t in zone, ISO 8601 (date inputs). */
const char	*fmt_day(struct arena *, const char *zone, time_t t);
/*
 * The last second of calendar day "YYYY-MM-DD" (years 2000 to 9999) in
 * zone, as a UTC time: 23:59:59 there, whatever daylight saving time
 * does that day.  SOUK_INVALID for a malformed or impossible day or an
 * unknown zone.
 */
enum souk_err	 fmt_day_end(const char *zone, const char *day, time_t *utc);

/* "2026-03-29T21:59:59Z": t in UTC, ISO 8601, as JSON APIs give times. */
const char	*fmt_iso(struct arena *, time_t t);
/*
 * "2026-03-29T21:59:59Z" (what fmt_iso and the SQL tables' ISO columns
 * give; years 2000 to 9999) as a time; SOUK_INVALID for anything else.
 */
enum souk_err	 fmt_iso_parse(const char *, time_t *t);

/* 1 if zone is an IANA time zone ICU knows ("Europe/Berlin", "UTC"). */
int		 fmt_zone_ok(const char *zone);
/*
 * 1 if code is an ISO 4217 currency in use today per ICU ("EUR"; not
 * "XQQ", nor a replaced one such as "DEM", nor funds and metals such as
 * "XAU").
 */
int		 fmt_currency_ok(const char *code);
/*
 * 1 if tag is a canonical BCP 47 locale whose language ICU has data for,
 * with an optional script and a known region ("de", "de-DE", "fr-CH",
 * "zh-Hant-TW", "es-419"; not "xx-YY", "en-Narnia", "de_DE", "EN-us").
 */
int		 fmt_locale_ok(const char *tag);
/* The fraction digits of currency code (JPY 0, BHD 3); -1 if unknown. */
int		 fmt_currency_digits(const char *code);

/* Close every cached formatter (at exit; later calls open new ones). */
void		 fmt_cleanup(void);

#endif /* SOUK_I18N_FMT_H */
