/*
 * fmt: money, numbers and dates against ICU 72's own output, typed
 * amounts read back, the validators of locales, currencies and zones,
 * and the last second of a day across daylight saving time changes.
 *
 * The expected strings were printed once by a throwaway program that
 * asked ICU directly (a locale's currency formatter with the currency
 * set as a text attribute, unum_formatDecimal; udat_format), not by
 * fmt.c: a change in how fmt.c calls ICU shows up here.
 */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "i18n/fmt.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* The amounts of each row, in minor units of its currency. */
static const int64_t amounts[] = { 123450, 0, -123450, INT64_MAX };

static const struct money_case {
	const char	*locale;
	const char	*currency;
	const char	*want[NITEMS(amounts)];
} money[] = {
	{ "de-DE", "EUR", {
	    "1.234,50\xc2\xa0\xe2\x82\xac",
	    "0,00\xc2\xa0\xe2\x82\xac",
	    "-1.234,50\xc2\xa0\xe2\x82\xac",
	    "92.233.720.368.547.758,07\xc2\xa0\xe2\x82\xac",
	} },
	{ "fr-FR", "EUR", {
	    "1\xe2\x80\xaf" "234,50\xc2\xa0\xe2\x82\xac",
	    "0,00\xc2\xa0\xe2\x82\xac",
	    "-1\xe2\x80\xaf" "234,50\xc2\xa0\xe2\x82\xac",
	    "92\xe2\x80\xaf" "233\xe2\x80\xaf" "720\xe2\x80\xaf"
	    "368\xe2\x80\xaf" "547\xe2\x80\xaf" "758,07\xc2\xa0\xe2\x82\xac",
	} },
	{ "fr-CH", "CHF", {
	    "1\xe2\x80\xaf" "234.50\xc2\xa0" "CHF",
	    "0.00\xc2\xa0" "CHF",
	    "-1\xe2\x80\xaf" "234.50\xc2\xa0" "CHF",
	    "92\xe2\x80\xaf" "233\xe2\x80\xaf" "720\xe2\x80\xaf"
	    "368\xe2\x80\xaf" "547\xe2\x80\xaf" "758.07\xc2\xa0" "CHF",
	} },
	{ "en-US", "USD", {
	    "$1,234.50",
	    "$0.00",
	    "-$1,234.50",
	    "$92,233,720,368,547,758.07",
	} },
	{ "en-GB", "GBP", {
	    "\xc2\xa3" "1,234.50",
	    "\xc2\xa3" "0.00",
	    "-\xc2\xa3" "1,234.50",
	    "\xc2\xa3" "92,233,720,368,547,758.07",
	} },
	{ "ja-JP", "JPY", {
	    "\xef\xbf\xa5" "123,450",
	    "\xef\xbf\xa5" "0",
	    "-\xef\xbf\xa5" "123,450",
	    "\xef\xbf\xa5" "9,223,372,036,854,775,807",
	} },
	{ "ar-BH", "BHD", {
	    "\xe2\x80\x8f\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xab"
	    "\xd9\xa4\xd9\xa5\xd9\xa0\xc2\xa0\xd8\xaf"
	    ".\xd8\xa8.\xe2\x80\x8f",
	    "\xe2\x80\x8f\xd9\xa0\xd9\xab\xd9\xa0\xd9\xa0"
	    "\xd9\xa0\xc2\xa0\xd8\xaf.\xd8\xa8"
	    ".\xe2\x80\x8f",
	    "\xd8\x9c-\xe2\x80\x8f\xd9\xa1\xd9\xa2"
	    "\xd9\xa3\xd9\xab\xd9\xa4\xd9\xa5\xd9\xa0"
	    "\xc2\xa0\xd8\xaf.\xd8\xa8."
	    "\xe2\x80\x8f",
	    "\xe2\x80\x8f\xd9\xa9\xd9\xac\xd9\xa2\xd9\xa2"
	    "\xd9\xa3\xd9\xac\xd9\xa3\xd9\xa7\xd9\xa2"
	    "\xd9\xac\xd9\xa0\xd9\xa3\xd9\xa6\xd9\xac"
	    "\xd9\xa8\xd9\xa5\xd9\xa4\xd9\xac\xd9\xa7"
	    "\xd9\xa7\xd9\xa5\xd9\xab\xd9\xa8\xd9\xa0"
	    "\xd9\xa7\xc2\xa0\xd8\xaf.\xd8\xa8"
	    ".\xe2\x80\x8f",
	} },
	{ "hi-IN", "INR", {
	    "\xe2\x82\xb9" "1,234.50",
	    "\xe2\x82\xb9" "0.00",
	    "-\xe2\x82\xb9" "1,234.50",
	    "\xe2\x82\xb9" "92,23,37,20,36,85,47,758.07",
	} },
	{ "pt-BR", "BRL", {
	    "R$\xc2\xa0" "1.234,50",
	    "R$\xc2\xa0" "0,00",
	    "-R$\xc2\xa0" "1.234,50",
	    "R$\xc2\xa0" "92.233.720.368.547.758,07",
	} },
	{ "sv-SE", "SEK", {
	    "1\xc2\xa0" "234,50\xc2\xa0kr",
	    "0,00\xc2\xa0kr",
	    "\xe2\x88\x92" "1\xc2\xa0" "234,50\xc2\xa0kr",
	    "92\xc2\xa0" "233\xc2\xa0" "720\xc2\xa0" "368\xc2\xa0" "547\xc2\xa0"
	    "758,07\xc2\xa0kr",
	} },
};

START_TEST(test_money_format)
{
	const struct money_case	*c = &money[_i];
	struct arena		*a = arena_new(4096, 1 << 20);
	size_t			 j;

	for (j = 0; j < NITEMS(amounts); j++)
		ck_assert_msg(str_eq(fmt_money(a, c->locale, c->currency,
		    amounts[j]), c->want[j]), "%s %s %lld: got \"%s\"",
		    c->locale, c->currency, (long long)amounts[j],
		    fmt_money(a, c->locale, c->currency, amounts[j]));
	arena_free(a);
}
END_TEST

/* What fmt_money and fmt_amount write, fmt_money_parse reads back. */
START_TEST(test_money_round_trip)
{
	const struct money_case	*c = &money[_i];
	struct arena		*a = arena_new(4096, 1 << 20);
	const char		*s;
	int64_t			 v;
	size_t			 j;

	for (j = 0; j < NITEMS(amounts); j++) {
		s = fmt_money(a, c->locale, c->currency, amounts[j]);
		v = 1;
		ck_assert_msg(fmt_money_parse(c->locale, c->currency, s, &v) ==
		    SOUK_OK && v == amounts[j], "%s %s: \"%s\" read as %lld",
		    c->locale, c->currency, s, (long long)v);
		s = fmt_amount(a, c->locale, c->currency, amounts[j]);
		v = 1;
		ck_assert_msg(fmt_money_parse(c->locale, c->currency, s, &v) ==
		    SOUK_OK && v == amounts[j], "%s %s: \"%s\" read as %lld",
		    c->locale, c->currency, s, (long long)v);
	}
	arena_free(a);
}
END_TEST

START_TEST(test_amount_format)
{
	struct arena	*a = arena_new(4096, 1 << 20);

	ck_assert_str_eq(fmt_amount(a, "de-DE", "EUR", 123450), "1.234,50");
	ck_assert_str_eq(fmt_amount(a, "en-US", "USD", 5), "0.05");
	ck_assert_str_eq(fmt_amount(a, "ja-JP", "JPY", 1200), "1,200");
	ck_assert_str_eq(fmt_amount(a, "en-US", "BHD", 1234), "1.234");
	/* fr-CH writes numbers 1 234,5 but money 1 234.50 */
	ck_assert_str_eq(fmt_amount(a, "fr-CH", "CHF", 123450),
	    "1\xe2\x80\xaf" "234.50");
	/* an unknown currency has no fraction digits to show */
	ck_assert_ptr_null(fmt_money(a, "de-DE", "XQQ", 100));
	ck_assert_ptr_null(fmt_amount(a, "de-DE", "eur", 100));
	/* a locale ICU cannot read is shown as English */
	ck_assert_str_eq(fmt_money(a, "de_DE", "USD", 150), "$1.50");
	arena_free(a);
}
END_TEST

static const struct parse_case {
	const char	*locale;
	const char	*currency;
	const char	*text;
	enum souk_err	 er;
	int64_t		 minor;
} parses[] = {
	{ "de-DE", "EUR", "12,50", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "12,5", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "12", SOUK_OK, 1200 },
	{ "de-DE", "EUR", "0,05", SOUK_OK, 5 },
	{ "de-DE", "EUR", "1.234,50", SOUK_OK, 123450 },
	{ "de-DE", "EUR", "1234,50", SOUK_OK, 123450 },
	{ "de-DE", "EUR", " 12,50 ", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "12,50 \xe2\x82\xac", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "12,50\xe2\x82\xac", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "\xe2\x82\xac 12,50", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "EUR 12,50", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "12,50 EUR", SOUK_OK, 1250 },
	{ "de-DE", "EUR", "-12,50", SOUK_OK, -1250 },
	{ "de-DE", "EUR", "-12,50 \xe2\x82\xac", SOUK_OK, -1250 },
	{ "de-DE", "EUR", "92.233.720.368.547.758,07", SOUK_OK, INT64_MAX },
	{ "de-DE", "EUR", "-92.233.720.368.547.758,07", SOUK_OK, -INT64_MAX },
	{ "en-US", "USD", "12.50", SOUK_OK, 1250 },
	{ "en-US", "USD", "$1,234.50", SOUK_OK, 123450 },
	{ "en-US", "USD", "-$2.50", SOUK_OK, -250 },
	{ "en-US", "USD", "USD 7", SOUK_OK, 700 },
	{ "ja-JP", "JPY", "1,234", SOUK_OK, 1234 },
	{ "ja-JP", "JPY", "\xef\xbf\xa5" "1234", SOUK_OK, 1234 },
	/* a plain space where fr-CH writes U+202F */
	{ "fr-CH", "CHF", "1 234.50", SOUK_OK, 123450 },
	{ "fr-CH", "CHF", "1234.50 CHF", SOUK_OK, 123450 },
	{ "fr-FR", "EUR", "1 234,50 \xe2\x82\xac", SOUK_OK, 123450 },
	{ "sv-SE", "SEK", "\xe2\x88\x92" "12,50 kr", SOUK_OK, -1250 },
	{ "hi-IN", "INR", "1,23,456.50", SOUK_OK, 12345650 },
	{ "pt-BR", "BRL", "R$ 1.234,50", SOUK_OK, 123450 },
	{ "ar-BH", "BHD", "\xd9\xa1\xd9\xa2\xd9\xab\xd9\xa5", SOUK_OK, 12500 },
	{ "en-US", "BHD", "12.345", SOUK_OK, 12345 },
	/* refused */
	{ "de-DE", "EUR", "12.50", SOUK_INVALID, 0 },	/* grouping */
	{ "de-DE", "EUR", "1.23", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "12,505", SOUK_INVALID, 0 },	/* 3 decimals */
	{ "de-DE", "EUR", "12,500", SOUK_INVALID, 0 },
	{ "en-US", "USD", "12,50", SOUK_INVALID, 0 },
	{ "ja-JP", "JPY", "12.5", SOUK_INVALID, 0 },
	{ "en-US", "BHD", "1.2345", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "92.233.720.368.547.758,08", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "100.000.000.000.000.000.000", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "abc", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "   ", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "\xe2\x82\xac", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "12,50 $", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "12,50 \xe2\x82\xac \xe2\x82\xac", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "12,50 x", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "1e5", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "--12", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "+12", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "12\xff", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", "0000000000000000000000000000000000000000000000000000"
	    "00000000000001", SOUK_INVALID, 0 },		/* 65 bytes */
	{ "de-DE", "XQQ", "12,50", SOUK_INVALID, 0 },
	{ "de-DE", "EUR", NULL, SOUK_INVALID, 0 },
};

START_TEST(test_money_parse)
{
	const struct parse_case	*c = &parses[_i];
	int64_t			 v = 42;
	enum souk_err		 er;

	er = fmt_money_parse(c->locale, c->currency, c->text, &v);
	ck_assert_msg(er == c->er, "%s %s \"%s\": %s", c->locale, c->currency,
	    c->text != NULL ? c->text : "(null)", souk_strerror(er));
	ck_assert_msg(v == (er == SOUK_OK ? c->minor : 42), "%s \"%s\": %lld",
	    c->locale, c->text != NULL ? c->text : "(null)", (long long)v);
}
END_TEST

START_TEST(test_validators)
{
	static const char *const zones_ok[] = { "Europe/Berlin", "UTC",
	    "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Etc/GMT+5" };
	static const char *const zones_bad[] = { "Mars/Olympus",
	    "europe/berlin", "GMT+5", "", "Etc/Unknown", "Factory",
	    "Europe/../etc/passwd", "Europe/Berlin ", "Europe/Berlin\n",
	    NULL };
	static const char *const cur_ok[] = { "EUR", "USD", "JPY", "BHD",
	    "CHF", "INR", "XOF", "VES", "GBP" };
	static const char *const cur_bad[] = { "XQQ", "usd", "DEM", "XAU",
	    "XXX", "XTS", "VEF", "HRK", "CHE", "EURO", "EU", "", NULL };
	static const char *const loc_ok[] = { "de-DE", "fr-CH", "ja-JP",
	    "en", "de", "ar-BH", "hi-IN", "zh-Hant-TW", "es-419", "en-JP" };
	static const char *const loc_bad[] = { "xx-YY", "en-Narnia", "de_DE",
	    "EN-us", "", "de-XX", "und", "de-DE-u-co-phonebk", "x-foo",
	    "i-klingon", "de-Latn-DE-1996", "de-", NULL };
	size_t	 i;

	for (i = 0; i < NITEMS(zones_ok); i++)
		ck_assert_msg(fmt_zone_ok(zones_ok[i]), "%s", zones_ok[i]);
	for (i = 0; i < NITEMS(zones_bad); i++)
		ck_assert_msg(!fmt_zone_ok(zones_bad[i]), "%s", zones_bad[i]);
	for (i = 0; i < NITEMS(cur_ok); i++)
		ck_assert_msg(fmt_currency_ok(cur_ok[i]), "%s", cur_ok[i]);
	for (i = 0; i < NITEMS(cur_bad); i++)
		ck_assert_msg(!fmt_currency_ok(cur_bad[i]), "%s", cur_bad[i]);
	for (i = 0; i < NITEMS(loc_ok); i++)
		ck_assert_msg(fmt_locale_ok(loc_ok[i]), "%s", loc_ok[i]);
	for (i = 0; i < NITEMS(loc_bad); i++)
		ck_assert_msg(!fmt_locale_ok(loc_bad[i]), "%s", loc_bad[i]);
	ck_assert_int_eq(fmt_currency_digits("JPY"), 0);
	ck_assert_int_eq(fmt_currency_digits("EUR"), 2);
	ck_assert_int_eq(fmt_currency_digits("BHD"), 3);
	ck_assert_int_eq(fmt_currency_digits("XQQ"), -1);
	ck_assert_int_eq(fmt_currency_digits("eur"), -1);
	ck_assert_int_eq(fmt_currency_digits(NULL), -1);
}
END_TEST

/* Last seconds of days, as UTC times (from the system's tzdata). */
static const struct day_case {
	const char	*zone;
	const char	*day;
	enum souk_err	 er;
	time_t		 end;
} days[] = {
	{ "Europe/Berlin", "2026-03-28", SOUK_OK, 1774738799 },	/* CET */
	{ "Europe/Berlin", "2026-03-29", SOUK_OK, 1774821599 },	/* 23 h */
	{ "Europe/Berlin", "2026-10-24", SOUK_OK, 1792879199 },	/* CEST */
	{ "Europe/Berlin", "2026-10-25", SOUK_OK, 1792969199 },	/* 25 h */
	{ "UTC", "2026-03-29", SOUK_OK, 1774828799 },
	{ "Asia/Tokyo", "2028-02-29", SOUK_OK, 1835449199 },
	/* a midnight that DST skips: the day ends at the change */
	{ "America/Santiago", "2026-09-05", SOUK_OK, 1788667199 },
	{ "America/Santiago", "2026-09-06", SOUK_OK, 1788749999 },
	{ "Europe/Berlin", "2027-02-29", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "2100-02-29", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "2026-13-01", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "2026-04-31", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "2026-3-29", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "2026-03-29 ", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "1999-12-31", SOUK_INVALID, 0 },
	{ "Europe/Berlin", "next week", SOUK_INVALID, 0 },
	{ "Europe/Berlin", NULL, SOUK_INVALID, 0 },
	{ "Mars/Olympus", "2026-03-29", SOUK_INVALID, 0 },
};

START_TEST(test_day_end)
{
	const struct day_case	*c = &days[_i];
	struct arena		*a = arena_new(4096, 1 << 20);
	time_t			 t = 42;
	enum souk_err		 er;

	er = fmt_day_end(c->zone, c->day, &t);
	ck_assert_msg(er == c->er, "%s %s: %s", c->zone, c->day != NULL ?
	    c->day : "(null)", souk_strerror(er));
	if (er != SOUK_OK) {
		ck_assert_int_eq(t, 42);
		arena_free(a);
		return;
	}
	ck_assert_msg(t == c->end, "%s %s: %lld", c->zone, c->day,
	    (long long)t);
	/* that second is still the day there; the next one is not */
	ck_assert_str_eq(fmt_day(a, c->zone, t), c->day);
	ck_assert_str_ne(fmt_day(a, c->zone, t + 1), c->day);
	arena_free(a);
}
END_TEST

START_TEST(test_dates_numbers)
{
	struct arena	*a = arena_new(4096, 1 << 20);
	time_t		 t = 1774785600;	/* 2026-03-29 12:00:00 UTC */
	time_t		 u = 0;

	ck_assert_str_eq(fmt_date(a, "de-DE", "Europe/Berlin", t),
	    "29.03.2026");
	ck_assert_str_eq(fmt_datetime(a, "de-DE", "Europe/Berlin", t),
	    "29.03.2026, 14:00:00");
	ck_assert_str_eq(fmt_date(a, "en-US", "America/New_York", t),
	    "Mar 29, 2026");
	ck_assert_str_eq(fmt_datetime(a, "en-US", "America/New_York", t),
	    "Mar 29, 2026, 8:00:00\xe2\x80\xaf" "AM");
	ck_assert_str_eq(fmt_date(a, "ja-JP", "Asia/Tokyo", t), "2026/03/29");
	ck_assert_str_eq(fmt_datetime(a, "ja-JP", "Asia/Tokyo", t),
	    "2026/03/29 21:00:00");
	ck_assert_str_eq(fmt_datetime(a, "fr-FR", "UTC", t),
	    "29 mars 2026, 12:00:00");
	/* an unknown zone is shown as UTC */
	ck_assert_str_eq(fmt_datetime(a, "fr-FR", "Mars/Olympus", t),
	    "29 mars 2026, 12:00:00");
	ck_assert_str_eq(fmt_day(a, "Asia/Tokyo", 1774796400), "2026-03-30");
	ck_assert_str_eq(fmt_day(a, "UTC", 1774796400), "2026-03-29");
	ck_assert_str_eq(fmt_iso(a, t), "2026-03-29T12:00:00Z");
	ck_assert_int_eq(fmt_iso_parse("2026-03-29T12:00:00Z", &u), SOUK_OK);
	ck_assert_int_eq(u, t);
	ck_assert_int_eq(fmt_iso_parse("2028-02-29T23:59:59Z", &u), SOUK_OK);
	ck_assert_int_eq(u, 1835481599);
	ck_assert_int_eq(fmt_iso_parse("2027-02-29T00:00:00Z", &u),
	    SOUK_INVALID);
	ck_assert_int_eq(fmt_iso_parse("2026-03-29T24:00:00Z", &u),
	    SOUK_INVALID);
	ck_assert_int_eq(fmt_iso_parse("2026-03-29 12:00:00", &u),
	    SOUK_INVALID);
	ck_assert_int_eq(fmt_iso_parse(NULL, &u), SOUK_INVALID);
	ck_assert_str_eq(fmt_number(a, "de-DE", -1234567), "-1.234.567");
	ck_assert_str_eq(fmt_number(a, "hi-IN", -1234567), "-12,34,567");
	ck_assert_str_eq(fmt_number(a, "fr-FR", -1234567),
	    "-1\xe2\x80\xaf" "234\xe2\x80\xaf" "567");
	ck_assert_str_eq(fmt_number(a, "en-US", 7), "7");
	arena_free(a);
}
END_TEST

/*
 * More (locale, currency) pairs than the cache has slots, twice over:
 * each formatter closed to make room is opened again when needed, and
 * none answers for another's pair.
 */
START_TEST(test_cache_turnover)
{
	static const char *const locs[] = { "de-DE", "fr-FR", "en-US",
	    "ja-JP", "sv-SE", "pt-BR", "hi-IN", "en-GB" };
	static const char *const curs[] = { "EUR", "USD", "JPY", "BHD",
	    "CHF", "GBP" };
	struct arena	*a = arena_new(4096, 1 << 20);
	const char	*first[NITEMS(locs)][NITEMS(curs)], *s;
	size_t		 i, j, round;

	for (round = 0; round < 2; round++) {
		for (i = 0; i < NITEMS(locs); i++)
			for (j = 0; j < NITEMS(curs); j++) {
				s = fmt_money(a, locs[i], curs[j], 123456);
				ck_assert_ptr_nonnull(s);
				if (round == 0)
					first[i][j] = s;
				else
					ck_assert_str_eq(s, first[i][j]);
			}
		fmt_cleanup();
	}
	ck_assert_str_eq(first[0][0], "1.234,56\xc2\xa0\xe2\x82\xac");
	ck_assert_str_eq(first[2][2], "\xc2\xa5" "123,456");
	ck_assert_str_eq(first[2][3], "BHD\xc2\xa0" "123.456");
	arena_free(a);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("fmt");
	TCase	*tc = tcase_create("fmt");

	tcase_add_loop_test(tc, test_money_format, 0, (int)NITEMS(money));
	tcase_add_loop_test(tc, test_money_round_trip, 0, (int)NITEMS(money));
	tcase_add_test(tc, test_amount_format);
	tcase_add_loop_test(tc, test_money_parse, 0, (int)NITEMS(parses));
	tcase_add_test(tc, test_validators);
	tcase_add_loop_test(tc, test_day_end, 0, (int)NITEMS(days));
	tcase_add_test(tc, test_dates_numbers);
	tcase_add_test(tc, test_cache_turnover);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
