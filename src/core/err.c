/*
 * The one error enum and its mapping to HTTP.  Every table here is
 * indexed by enum souk_err; a new error value that is not added to all
 * of them stops the build.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "core/core.h"
#include "i18n/i18n.h"

#define NITEMS(x)	(sizeof(x) / sizeof((x)[0]))

/* Lower case, no full stop: these end up inside log lines. */
static const char *const err_msgs[] = {
	[SOUK_OK] = "success",
	[SOUK_ENOMEM] = "out of memory",
	[SOUK_INVALID] = "invalid input",
	[SOUK_TOOLARGE] = "too large",
	[SOUK_UNAUTHORIZED] = "unauthorized",
	[SOUK_FORBIDDEN] = "forbidden",
	[SOUK_NOTFOUND] = "not found",
	[SOUK_METHOD] = "method not allowed",
	[SOUK_CONFLICT] = "conflict",
	[SOUK_CLOSED] = "temporarily closed",
	[SOUK_READONLY] = "read-only",
	[SOUK_RATELIMIT] = "rate limited",
	[SOUK_UNAVAILABLE] = "service unavailable",
	[SOUK_DB] = "database error",
	[SOUK_UPSTREAM] = "upstream error",
	[SOUK_INTERNAL] = "internal error",
};

/* The only place where errors become HTTP statuses. */
static const int err_status[] = {
	[SOUK_OK] = 200,
	[SOUK_ENOMEM] = 500,		/* includes the request memory cap */
	[SOUK_INVALID] = 400,
	[SOUK_TOOLARGE] = 413,
	[SOUK_UNAUTHORIZED] = 401,
	[SOUK_FORBIDDEN] = 403,
	[SOUK_NOTFOUND] = 404,		/* also another tenant's object */
	[SOUK_METHOD] = 405,
	[SOUK_CONFLICT] = 409,
	[SOUK_CLOSED] = 503,		/* suspended tenant */
	[SOUK_READONLY] = 423,		/* read-only tenant: Locked */
	[SOUK_RATELIMIT] = 429,
	[SOUK_UNAVAILABLE] = 503,
	[SOUK_DB] = 500,
	[SOUK_UPSTREAM] = 502,
	[SOUK_INTERNAL] = 500,
};

/*
 * RFC 9110 reason phrases, except for a closed shop; translated where
 * an HTML error page shows them (problem+json keeps the English).
 */
static const char *const err_titles[] = {
	[SOUK_OK] = "OK",
	[SOUK_ENOMEM] = N_("Internal Server Error"),
	[SOUK_INVALID] = N_("Bad Request"),
	[SOUK_TOOLARGE] = N_("Content Too Large"),
	[SOUK_UNAUTHORIZED] = N_("Unauthorized"),
	[SOUK_FORBIDDEN] = N_("Forbidden"),
	[SOUK_NOTFOUND] = N_("Not Found"),
	[SOUK_METHOD] = N_("Method Not Allowed"),
	[SOUK_CONFLICT] = N_("Conflict"),
	[SOUK_CLOSED] = N_("Temporarily Closed"),
	[SOUK_READONLY] = N_("Read-Only Mode"),
	[SOUK_RATELIMIT] = N_("Too Many Requests"),
	[SOUK_UNAVAILABLE] = N_("Service Unavailable"),
	[SOUK_DB] = N_("Internal Server Error"),
	[SOUK_UPSTREAM] = N_("Bad Gateway"),
	[SOUK_INTERNAL] = N_("Internal Server Error"),
};

_Static_assert(NITEMS(err_msgs) == SOUK_ERR__MAX,
    "err_msgs must have one entry per enum souk_err");
_Static_assert(NITEMS(err_status) == SOUK_ERR__MAX,
    "err_status must have one entry per enum souk_err");
_Static_assert(NITEMS(err_titles) == SOUK_ERR__MAX,
    "err_titles must have one entry per enum souk_err");

/* Returns a static string. */
const char *
souk_strerror(enum souk_err er)
{
	if ((unsigned int)er >= SOUK_ERR__MAX)
		return "unknown error";
	return err_msgs[er];
}

/* An out-of-range value is a bug: answer as for SOUK_INTERNAL. */
int
souk_err_status(enum souk_err er)
{
	if ((unsigned int)er >= SOUK_ERR__MAX)
		er = SOUK_INTERNAL;
	return err_status[er];
}

/* Returns a static string. */
const char *
souk_err_title(enum souk_err er)
{
	if ((unsigned int)er >= SOUK_ERR__MAX)
		er = SOUK_INTERNAL;
	return err_titles[er];
}

int
souk_err_user(enum souk_err er)
{
	return er == SOUK_INVALID || er == SOUK_CONFLICT ||
	    er == SOUK_FORBIDDEN || er == SOUK_RATELIMIT;
}

enum souk_err
souk_why_set(struct souk_why *why, enum souk_err er, const char *field,
    const char *msg)
{
	if (why != NULL) {
		why->field = field;
		why->msg = msg;
	}
	return er;
}
