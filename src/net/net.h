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
#include <stdint.h>

#include "core/core.h"

struct net_policy;
struct sockaddr;

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
	const struct net_policy *policy; /* NULL: any address (the
					 * operator's own URLs); else see
					 * "address policy" below */
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
 * SOUK_INVALID for a bad request (URL, method, header); SOUK_FORBIDDEN
 * when the request's address policy refused its port or address (nothing
 * was sent; a name that does not resolve is SOUK_UNAVAILABLE); SOUK_ENOMEM;
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

/*
 * ---- address policy (addr.c) ------------------------------------------
 *
 * For calls to hosts that a tenant or an admin named (webhook URLs,
 * custom domains), never to the operator's own URLs.  A call with a
 * policy refuses a port the policy does not list before anything goes
 * out, resolves the host once, connects to exactly the first address
 * the policy allows (CURLOPT_CONNECT_TO; a socket to any other address
 * is refused as it opens), ignores proxies from the environment, and
 * never follows redirects (httpc never does).  httpc_do answers
 * SOUK_FORBIDDEN when the policy refused the call.
 */
enum net_class {
	NET_PUBLIC,	/* global unicast */
	NET_PRIVATE,	/* loopback, RFC 1918, CGNAT, fc00::/7 */
	NET_NEVER,	/* link-local (metadata), unspecified, multicast,
			 * broadcast, reserved, documentation, ... */
};

struct net_policy {
	int		 allow_private;	/* NET_PRIVATE too, and http:// in
					 * net_url_check: dev and tests */
	const char	*ports;		/* "443,80" (NULL or ""), or "any" */
	const char	*resolve;	/* "NAME=ADDR" or "*.SUFFIX=ADDR",
					 * comma-separated, before DNS
					 * (dev and tests); NULL: none */
};

/* The class of an address; IPv4 in host byte order, IPv6 16 bytes. */
enum net_class	 net_addr4_class(uint32_t);
enum net_class	 net_addr6_class(const unsigned char *);
/* Of an AF_INET or AF_INET6 socket address (others: NET_NEVER). */
enum net_class	 net_addr_class(const struct sockaddr *);
/* 1 if the address is public (NULL: 0). */
int		 net_addr_public(const struct sockaddr *);
/* 1 if p lets a connection go to the address (p NULL: public only). */
int		 net_addr_allowed(const struct net_policy *,
		    const struct sockaddr *);
int		 net_port_allowed(const struct net_policy *, int port);
/*
 * host (an IPv6 literal without brackets) resolved once: SOUK_OK with
 * the first address p allows as text in out (at least INET6_ADDRSTRLEN
 * bytes); SOUK_FORBIDDEN when it has addresses and p allows none;
 * SOUK_UNAVAILABLE when it does not resolve.  localhost and
 * *.localhost are loopback (RFC 6761) without asking DNS.
 */
enum souk_err	 net_resolve(const struct net_policy *, const char *host,
		    char *out, size_t outlen);
/*
 * A URL to be called later: https:// (http:// too when p allows
 * private addresses), no user or password, a port p allows, a host that
 * resolves to no refused address (one that does not resolve yet
 * passes: every call resolves again).  SOUK_OK, or SOUK_INVALID with
 * *why, lower case, static or in a, to show next to the field.
 */
enum souk_err	 net_url_check(const struct net_policy *, struct arena *,
		    const char *url, const char **why);
/* The host of an absolute URL, lower case, in a; NULL if none. */
const char	*net_url_host(struct arena *, const char *url);
/* The policy souk.conf's outbound_* keys describe (borrows c). */
void		 net_policy_conf(const struct conf *, struct net_policy *);

#endif /* SOUK_NET_H */
