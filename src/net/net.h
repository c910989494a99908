/*
 * net: the HTTP client for calls between Souk programs and to providers
 * (libcurl).  One struct httpc per process keeps the curl handle (so
 * connections are reused) and a circuit breaker per target
 * (scheme://host:port).  It is not thread-safe.
 *
 * A call is bounded: connect and total timeouts per attempt, at most
 * max_attempts attempts, a response body cap.  Only idempotent methods
 * (GET HEAD PUT DELETE OPTIONS) or requests with an Idempotency-Key are
 * retried, on a connect failure, a timeout, 429, 502, 503 or 504, with
 * exponential backoff and full jitter, or after Retry-After when it is
 * short.  A breaker opens after consecutive failures (connect error,
 * timeout, 5xx) and fails calls at once until its cooldown is over; then
 * one probe decides whether it closes or opens again.
 *
 * A signed call (api_key set) carries x-api-key, x-timestamp, x-nonce,
 * x-tenant-id, x-signature-version (2) and x-signature as sec.h defines
 * them; every attempt is signed again with a fresh timestamp and nonce.
 * Its Content-Type, Idempotency-Key and If-None-Match are signed too, so
 * they come from the fields below, never from headers[]; its query may
 * not repeat a name.
 *
 * httpc_do refuses to run inside an open database transaction
 * (ARCHITECTURE.md: never call an external service inside one).
 * Everything it returns lives in the caller's arena.
 */
#ifndef SOUK_NET_H
#define SOUK_NET_H

#include <stddef.h>

#include "core/core.h"

struct httpc;

/* Limits; a field left 0 takes the default in brackets. */
struct httpc_opts {
	int	 breaker_failures;	/* failures in a row to open [5] */
	int	 breaker_cooldown_ms;	/* open before a probe [5000] */
	int	 backoff_base_ms;	/* first backoff's ceiling [100] */
	int	 backoff_max_ms;	/* cap of the doubling [2000] */
	int	 retry_after_max;	/* longest Retry-After, s [5] */
	size_t	 max_body;		/* response body cap [4 MiB] */
};

/*
 * NULL on ENOMEM.  The first call runs curl_global_init, which is never
 * undone: call it before starting threads.  The caller frees the result
 * with httpc_free.
 */
struct httpc	*httpc_new(void);
/* The same with limits (NULL: all defaults). */
struct httpc	*httpc_new_opts(const struct httpc_opts *);
void		 httpc_free(struct httpc *);
/*
 * One client for the whole process, made at first use (NULL on ENOMEM):
 * its connections and breakers outlive requests.  Never freed.
 */
struct httpc	*httpc_shared(void);

struct httpc_req {
	const char	*method;	/* "GET", "POST", ... */
	const char	*url;		/* absolute http(s) URL */
	const char	*tenant;	/* x-tenant-id header, NULL: none */
	const char	*api_key;	/* NULL: the request is not signed */
	const char	*secret;	/* the key's secret: HMAC key */
	const char	*content_type;	/* NULL: JSON if a body */
	const char	*body;		/* NULL: no body */
	size_t		 body_len;
	const char	*idempotency_key; /* Idempotency-Key: makes a POST
					   * or PATCH retryable */
	const char	*if_none_match;	/* If-None-Match, NULL: none */
	const char *const *headers;	/* extra "Name: value" lines, NULL-
					 * terminated; NULL: none */
	int		 connect_timeout_ms; /* 0: 2000 */
	int		 timeout_ms;	/* 0: 10000, per attempt */
	int		 max_attempts;	/* 0: 3 */
};

struct httpc_resp {
	int		 status;	/* 0 when no HTTP response arrived */
	const char	*body;		/* NUL-terminated, never NULL */
	size_t		 body_len;
	const char	*content_type;	/* NULL if none */
	int		 retry_after;	/* seconds; -1: none */
	int		 attempts;	/* sent; 0: breaker open */
};

/*
 * SOUK_OK whenever an HTTP response arrived, whatever its status (check
 * resp->status; httpc_status_err maps it); SOUK_UNAVAILABLE for a connect
 * failure, a timeout or an open breaker; SOUK_UPSTREAM for a body over
 * the cap (resp->status is then set) or another transfer error;
 * SOUK_INVALID for a bad request (URL, method, header); SOUK_ENOMEM;
 * SOUK_INTERNAL when called inside an open database transaction.
 * resp is filled in every case; its strings live in arena a.
 */
enum souk_err	 httpc_do(struct httpc *, struct arena *,
		    const struct httpc_req *, struct httpc_resp *);
/*
 * 2xx: SOUK_OK; 400, 422: INVALID; 401: UNAUTHORIZED; 403: FORBIDDEN;
 * 404: NOTFOUND; 409: CONFLICT; 413: TOOLARGE; 429, 503: UNAVAILABLE;
 * anything else: UPSTREAM.
 */
enum souk_err	 httpc_status_err(int status);

#endif /* SOUK_NET_H */
