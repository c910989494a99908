/*
 * The HTTP client (net.h): one reused curl easy handle, bounded attempts
 * with backoff, a circuit breaker per target, signing of internal calls.
 * curl sees the URL exactly as given (no dot-segment squashing, no
 * encoding: bytes it would change are refused), so the path and query
 * that are signed are the ones sent.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sys/socket.h>
#include <arpa/inet.h>

#include <curl/curl.h>
#include <openssl/rand.h>

#include "net/net.h"
#include "sec/sec.h"
#include "store/store.h"

#define HTTPC_BREAKERS		16
#define HTTPC_TARGET_MAX	320	/* "https://" host ":" port */
#define HTTPC_METHOD_MAX	16

enum breaker_state { BR_CLOSED, BR_OPEN, BR_HALF_OPEN };

/* What an attempt says about the target's health. */
enum outcome { OUT_NONE, OUT_OK, OUT_FAIL };

struct breaker {
	char			 target[HTTPC_TARGET_MAX]; /* "": free */
	enum breaker_state	 state;
	int			 failures;	/* consecutive */
	double			 opened_ms;	/* monotonic */
	double			 used_ms;	/* oldest is reused */
};

struct httpc {
	CURL			*curl;
	struct httpc_opts	 opts;
	struct breaker		 br[HTTPC_BREAKERS];
	char			 errbuf[CURL_ERROR_SIZE];
};

/* One call, checked: what every attempt needs. */
struct call {
	const struct httpc_req	*req;
	char			 target[HTTPC_TARGET_MAX];
	const char		*path;		/* as sent, no query */
	const char		*query;		/* NULL: none */
	const char		*host;		/* IPv6 without brackets */
	int			 port;
	char			 connect_to[80]; /* "::ADDR:PORT" when the
						  * policy resolved it */
	int			 retryable;
	long			 connect_ms;
	long			 timeout_ms;
	int			 max_attempts;
};

/* What one attempt got; the body buffer is reused by the next. */
struct attempt {
	CURL		*curl;
	struct buf	 body;
	size_t		 max_body;
	int		 toolarge;
	int		 retry_after;
	long		 status;
	const char	*content_type;
	CURLcode	 rc;
	const struct net_policy *policy;	/* NULL: any address */
	int		 refused;	/* a socket the policy refused */
};

static int	httpc_curl_ready;

static void
opts_defaults(struct httpc_opts *o)
{
	if (o->breaker_failures <= 0)
		o->breaker_failures = 5;
	if (o->breaker_cooldown_ms <= 0)
		o->breaker_cooldown_ms = 5000;
	if (o->backoff_base_ms <= 0)
		o->backoff_base_ms = 100;
	if (o->backoff_max_ms <= 0)
		o->backoff_max_ms = 2000;
	if (o->retry_after_max <= 0)
		o->retry_after_max = 5;
	if (o->retry_after_max > 3600)		/* * 1000 fits an int */
		o->retry_after_max = 3600;
	if (o->max_body == 0)
		o->max_body = 4 * 1024 * 1024;
}

struct httpc *
httpc_new_opts(const struct httpc_opts *o)
{
	struct httpc	*h;

	/* Process-wide and never undone: other handles may still live. */
	if (!httpc_curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		httpc_curl_ready = 1;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	if ((h->curl = curl_easy_init()) == NULL) {
		free(h);
		return NULL;
	}
	if (o != NULL)
		h->opts = *o;
	opts_defaults(&h->opts);
	return h;
}

struct httpc *
httpc_new(void)
{
	return httpc_new_opts(NULL);
}

void
httpc_free(struct httpc *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

enum souk_err
httpc_status_err(int status)
{
	if (status >= 200 && status <= 299)
		return SOUK_OK;
	switch (status) {
	case 400:
	case 422:
		return SOUK_INVALID;
	case 401:
		return SOUK_UNAUTHORIZED;
	case 403:
		return SOUK_FORBIDDEN;
	case 404:
		return SOUK_NOTFOUND;
	case 409:
		return SOUK_CONFLICT;
	case 413:
		return SOUK_TOOLARGE;
	case 429:
	case 503:
		return SOUK_UNAVAILABLE;
	default:
		return SOUK_UPSTREAM;
	}
}

/* ---- checking a request ----------------------------------------------- */

/*
 * Refuses what curl would encode (space, controls, non-ASCII) and what it
 * would not send ('#' starts a fragment), so the signed path and query
 * are byte for byte the sent ones.
 */
static int
url_chars_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    *s == '#' || *s == '\\')
			return 0;
	return 1;
}

/* The host (an IPv6 literal without brackets) and port, for the policy. */
static enum souk_err
call_host_port(struct arena *a, const char *host, const char *port,
    struct call *c)
{
	size_t	 n = strlen(host);
	int64_t	 pn;

	if (str_to_i64(port, 1, 65535, &pn) != SOUK_OK)
		return SOUK_INVALID;
	c->port = (int)pn;
	if (n > 2 && host[0] == '[' && host[n - 1] == ']')
		c->host = arena_strndup(a, host + 1, n - 2);
	else
		c->host = arena_strdup(a, host);
	return c->host != NULL ? SOUK_OK : SOUK_ENOMEM;
}

/* Parts of u into the call; the target key is lower case. */
static enum souk_err
call_url_parts(struct arena *a, CURLU *u, struct call *c)
{
	char		*scheme = NULL, *host = NULL, *port = NULL;
	char		*path = NULL, *query = NULL, *user = NULL;
	enum souk_err	 er = SOUK_INVALID;
	CURLUcode	 qrc;
	int		 n;

	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_NO_USER)
		goto done;
	qrc = curl_url_get(u, CURLUPART_QUERY, &query, 0);
	if ((qrc != CURLUE_OK && qrc != CURLUE_NO_QUERY) ||
	    (!str_eq(scheme, "http") && !str_eq(scheme, "https")))
		goto done;
	n = snprintf(c->target, sizeof(c->target), "%s://%s:%s", scheme,
	    host, port);
	if (n < 0 || (size_t)n >= sizeof(c->target))
		goto done;
	str_lower(c->target);
	if ((er = call_host_port(a, host, port, c)) != SOUK_OK)
		goto done;
	er = SOUK_ENOMEM;
	if ((c->path = arena_strdup(a, path)) == NULL)
		goto done;
	c->query = NULL;
	if (query != NULL && *query != '\0' &&
	    (c->query = arena_strdup(a, query)) == NULL)
		goto done;
	er = SOUK_OK;
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_free(user);
	return er;
}

/* Absolute http(s) URL without credentials or fragment. */
static enum souk_err
call_url(struct arena *a, const char *url, struct call *c)
{
	CURLU		*u;
	enum souk_err	 er = SOUK_INVALID;

	if (url == NULL || !url_chars_ok(url))
		return SOUK_INVALID;
	if ((u = curl_url()) == NULL)
		return SOUK_ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_PATH_AS_IS) ==
	    CURLUE_OK)
		er = call_url_parts(a, u, c);
	curl_url_cleanup(u);
	return er;
}

static int
method_ok(const char *m)
{
	size_t	 i;

	if (m == NULL || *m == '\0')
		return 0;
	for (i = 0; m[i] != '\0'; i++)
		if (i >= HTTPC_METHOD_MAX || m[i] < 'A' || m[i] > 'Z')
			return 0;
	return 1;
}

static int
method_idempotent(const char *m)
{
	return str_eq(m, "GET") || str_eq(m, "HEAD") || str_eq(m, "PUT") ||
	    str_eq(m, "DELETE") || str_eq(m, "OPTIONS");
}

/* A header value: no CR, LF or other controls (tab is fine). */
static int
value_ok(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 0;
	return 1;
}

/* "Name: value" with a token name. */
static int
line_ok(const char *s)
{
	size_t	 n = strcspn(s, ":");

	if (n == 0 || s[n] != ':' || strcspn(s, " \t") < n)
		return 0;
	return value_ok(s);
}

/* Headers a signed call gets from its fields only: they are signed. */
static int
line_signed(const char *s)
{
	static const char *const names[] = { "content-type:",
	    "idempotency-key:", "if-none-match:", "x-signature-version:" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncasecmp(s, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

static enum souk_err
call_fields(const struct httpc_req *r)
{
	const char *const	*l;

	if (!method_ok(r->method) || (r->body == NULL && r->body_len > 0) ||
	    (r->body != NULL && str_eq(r->method, "HEAD")) ||
	    (r->api_key != NULL && r->secret == NULL) ||
	    !value_ok(r->tenant) || !value_ok(r->api_key) ||
	    !value_ok(r->content_type) || !value_ok(r->idempotency_key) ||
	    !value_ok(r->if_none_match) ||
	    r->connect_timeout_ms < 0 || r->timeout_ms < 0 ||
	    r->max_attempts < 0)
		return SOUK_INVALID;
	for (l = r->headers; l != NULL && *l != NULL; l++)
		if (!line_ok(*l) || (r->api_key != NULL && line_signed(*l)))
			return SOUK_INVALID;
	return SOUK_OK;
}

/*
 * With an address policy: the port, then the host resolved once; the
 * attempts connect to that address only.
 */
static enum souk_err
call_policy(struct call *c)
{
	const struct net_policy	*p = c->req->policy;
	char			 addr[INET6_ADDRSTRLEN + 1];
	enum souk_err		 er;
	int			 n;

	if (p == NULL)
		return SOUK_OK;
	if (!net_port_allowed(p, c->port))
		er = SOUK_FORBIDDEN;
	else if ((er = net_resolve(p, c->host, addr, sizeof(addr))) ==
	    SOUK_OK) {
		n = snprintf(c->connect_to, sizeof(c->connect_to),
		    strchr(addr, ':') != NULL ? "::[%s]:%d" : "::%s:%d", addr,
		    c->port);
		return n > 0 && (size_t)n < sizeof(c->connect_to) ? SOUK_OK :
		    SOUK_INTERNAL;
	}
	log_msg(LOG_WARN, "httpc: \"%s\" %s", c->target, er ==
	    SOUK_FORBIDDEN ? "refused: its port or address is not allowed" :
	    "does not resolve");
	return er;
}

static enum souk_err
call_init(struct arena *a, const struct httpc_req *r, struct call *c)
{
	enum souk_err	 er;

	memset(c, 0, sizeof(*c));
	c->req = r;
	if ((er = call_fields(r)) != SOUK_OK ||
	    (er = call_url(a, r->url, c)) != SOUK_OK)
		return er;
	/* A query the signer cannot read, or that repeats a name, would
	 * fail every attempt. */
	if (r->api_key != NULL && c->query != NULL &&
	    (sec_query_canonical(a, c->query) == NULL ||
	    sec_query_dup(a, c->query) != NULL))
		return SOUK_INVALID;
	if ((er = call_policy(c)) != SOUK_OK)
		return er;
	c->retryable = method_idempotent(r->method) ||
	    r->idempotency_key != NULL;
	c->connect_ms = r->connect_timeout_ms > 0 ? r->connect_timeout_ms :
	    2000;
	c->timeout_ms = r->timeout_ms > 0 ? r->timeout_ms : 10000;
	c->max_attempts = r->max_attempts > 0 ? r->max_attempts : 3;
	return SOUK_OK;
}

/* ---- headers and signing ------------------------------------------- */

static int
hdr_add(struct curl_slist **l, const char *line)
{
	struct curl_slist	*n;

	if (line == NULL || (n = curl_slist_append(*l, line)) == NULL)
		return -1;
	*l = n;
	return 0;
}

/* The Content-Type sent: the request's, JSON for a body, or none. */
static const char *
call_content_type(const struct httpc_req *r)
{
	if (r->content_type == NULL && r->body != NULL)
		return "application/json";
	return r->content_type;
}

/*
 * x-api-key, x-timestamp, x-nonce, x-signature-version, x-signature:
 * fresh for every attempt (v2, sec.h).
 */
static enum souk_err
call_sign(struct arena *a, const struct call *c, struct curl_slist **l)
{
	const struct httpc_req	*r = c->req;
	struct sec_sig_input	 in;
	const char		*sig;

	memset(&in, 0, sizeof(in));
	in.method = r->method;
	in.raw_path = c->path;
	in.raw_query = c->query;
	in.tenant = r->tenant;
	in.api_key = r->api_key;
	in.body = r->body;
	in.body_len = r->body_len;
	in.version = SEC_SIG_V2;
	in.content_type = call_content_type(r);
	in.idempotency_key = r->idempotency_key;
	in.if_none_match = r->if_none_match;
	if ((sig = sec_sign_fresh(a, &in, r->secret)) == NULL ||
	    hdr_add(l, arena_printf(a, "x-api-key: %s", r->api_key)) == -1 ||
	    hdr_add(l, arena_printf(a, "x-timestamp: %s", in.timestamp)) ==
	    -1 || hdr_add(l, arena_printf(a, "x-nonce: %s", in.nonce)) == -1 ||
	    hdr_add(l, "x-signature-version: 2") == -1 ||
	    hdr_add(l, arena_printf(a, "x-signature: %s", sig)) == -1)
		return SOUK_ENOMEM;
	return SOUK_OK;
}

/*
 * The header list of one attempt; the caller frees it.  "Expect:" keeps
 * curl from waiting for 100-continue; "Content-Type:" without a value
 * drops the form type curl would give a POST.
 */
static enum souk_err
call_headers(struct arena *a, const struct call *c, struct curl_slist **l)
{
	const struct httpc_req	*r = c->req;
	const char *const	*x;
	const char		*ct = call_content_type(r);
	enum souk_err		 er;

	*l = NULL;
	if (r->api_key != NULL && (er = call_sign(a, c, l)) != SOUK_OK)
		return er;
	if ((r->tenant != NULL && hdr_add(l, arena_printf(a,
	    "x-tenant-id: %s", r->tenant)) == -1) ||
	    (r->idempotency_key != NULL && hdr_add(l, arena_printf(a,
	    "Idempotency-Key: %s", r->idempotency_key)) == -1) ||
	    (r->if_none_match != NULL && hdr_add(l, arena_printf(a,
	    "If-None-Match: %s", r->if_none_match)) == -1) ||
	    hdr_add(l, ct == NULL ? "Content-Type:" :
	    arena_printf(a, "Content-Type: %s", ct)) == -1 ||
	    hdr_add(l, "Expect:") == -1)
		return SOUK_ENOMEM;
	for (x = r->headers; x != NULL && *x != NULL; x++)
		if (hdr_add(l, *x) == -1)
			return SOUK_ENOMEM;
	return SOUK_OK;
}

/* ---- one attempt ---------------------------------------------------- */

/* Retry-After as delta seconds or an HTTP date; -1 if unreadable. */
static int
retry_after_parse(const char *v, size_t n)
{
	char	 s[64];
	int64_t	 secs;
	time_t	 t;

	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && strchr(" \t\r\n", v[n - 1]) != NULL)
		n--;
	if (n == 0 || n >= sizeof(s))
		return -1;
	memcpy(s, v, n);
	s[n] = '\0';
	if (strspn(s, "0123456789") == n)
		return str_to_i64(s, 0, INT_MAX, &secs) == SOUK_OK ?
		    (int)secs : INT_MAX;
	if ((t = curl_getdate(s, NULL)) == -1)
		return -1;
	secs = (int64_t)t - time_unix();
	return secs < 0 ? 0 : secs > INT_MAX ? INT_MAX : (int)secs;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct attempt	*at = arg;
	size_t		 n = size * nmemb;
	const size_t	 k = sizeof("retry-after:") - 1;

	/* A new status line: headers of a 1xx before it do not count. */
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		at->retry_after = -1;
	else if (n > k && strncasecmp(p, "retry-after:", k) == 0)
		at->retry_after = retry_after_parse(p + k, n - k);
	return n;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct attempt	*at = arg;
	size_t		 n = size * nmemb;
	curl_off_t	 cl = -1;

	if (n > at->max_body - at->body.len) {
		at->toolarge = 1;
		return 0;
	}
	/* Room for the announced length at once, not by doubling. */
	if (at->body.len == 0 && curl_easy_getinfo(at->curl,
	    CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK &&
	    cl > 0 && (size_t)cl <= at->max_body &&
	    (size_t)cl >= at->body.cap)
		buf_init(&at->body, at->body.a, (size_t)cl + 1);
	buf_add(&at->body, p, n);
	return buf_ok(&at->body) ? n : 0;
}

static int
attempt_method(CURL *k, const struct httpc_req *r)
{
	const char	*m = r->method;

	if (str_eq(m, "HEAD"))
		return curl_easy_setopt(k, CURLOPT_NOBODY, 1L) == CURLE_OK;
	if (!str_eq(m, "GET") && !str_eq(m, "POST") &&
	    curl_easy_setopt(k, CURLOPT_CUSTOMREQUEST, m) != CURLE_OK)
		return 0;
	/* Methods with a body send Content-Length: 0 rather than none. */
	if (r->body == NULL && !str_eq(m, "POST") && !str_eq(m, "PUT") &&
	    !str_eq(m, "PATCH"))
		return 1;
	return curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)r->body_len) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_POSTFIELDS,
	    r->body != NULL ? r->body : "") == CURLE_OK;
}

/* Everything but the method; 1 if curl took it all. */
static int
attempt_opts(struct httpc *h, const struct call *c,
    struct curl_slist *hdrs, struct attempt *at)
{
	CURL	*k = h->curl;

	return curl_easy_setopt(k, CURLOPT_URL, c->req->url) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_PATH_AS_IS, 1L) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https") ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, c->connect_ms) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, c->timeout_ms) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)h->opts.max_body) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_USERAGENT, "souk-httpc") ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_HTTPHEADER, hdrs) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_ERRORBUFFER, h->errbuf) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_body) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_WRITEDATA, at) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_HEADERFUNCTION, on_header) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_HEADERDATA, at) == CURLE_OK;
}

/* The last guard of a policy: every socket curl opens is checked. */
static curl_socket_t
on_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct attempt	*at = arg;

	(void)purpose;
	if (!net_addr_allowed(at->policy, &sa->addr)) {
		at->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(sa->family, sa->socktype, sa->protocol);
}

/* With a policy: the checked address, no proxy, the socket guard. */
static int
attempt_policy(CURL *k, struct curl_slist *to, struct attempt *at)
{
	if (at->policy == NULL)
		return 1;
	return to != NULL &&
	    curl_easy_setopt(k, CURLOPT_CONNECT_TO, to) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_PROXY, "") == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_OPENSOCKETFUNCTION, on_socket) ==
	    CURLE_OK &&
	    curl_easy_setopt(k, CURLOPT_OPENSOCKETDATA, at) == CURLE_OK;
}

/* Transfer errors that say the target is down, unreachable or slow. */
static int
rc_unavailable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

static enum souk_err
attempt_err(struct attempt *at)
{
	if (at->rc == CURLE_FILESIZE_EXCEEDED)
		at->toolarge = 1;
	if (at->toolarge)
		return SOUK_UPSTREAM;
	if (at->refused)
		return SOUK_FORBIDDEN;
	if (!buf_ok(&at->body) || at->rc == CURLE_OUT_OF_MEMORY)
		return SOUK_ENOMEM;
	if (at->rc == CURLE_OK)
		return SOUK_OK;
	if (rc_unavailable(at->rc))
		return SOUK_UNAVAILABLE;
	if (at->rc == CURLE_URL_MALFORMAT ||
	    at->rc == CURLE_UNSUPPORTED_PROTOCOL)
		return SOUK_INVALID;
	return SOUK_UPSTREAM;
}

static enum souk_err
attempt_run(struct httpc *h, struct arena *a, const struct call *c,
    struct curl_slist *hdrs, struct attempt *at)
{
	struct curl_slist	*to = NULL;
	char			*ct = NULL;
	int			 ok;

	buf_reset(&at->body);
	at->curl = h->curl;
	at->max_body = h->opts.max_body;
	at->toolarge = 0;
	at->retry_after = -1;
	at->status = 0;
	at->content_type = NULL;
	at->rc = CURLE_OK;
	at->policy = c->req->policy;
	at->refused = 0;
	h->errbuf[0] = '\0';
	curl_easy_reset(h->curl);
	if (at->policy != NULL)
		to = curl_slist_append(NULL, c->connect_to);
	ok = attempt_opts(h, c, hdrs, at) && attempt_policy(h->curl, to, at) &&
	    attempt_method(h->curl, c->req);
	if (ok)
		at->rc = curl_easy_perform(h->curl);
	curl_slist_free_all(to);
	if (!ok)
		return SOUK_ENOMEM;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &at->status);
	if (curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &ct) ==
	    CURLE_OK && ct != NULL &&
	    (at->content_type = arena_strdup(a, ct)) == NULL)
		return SOUK_ENOMEM;
	return attempt_err(at);
}

/* ---- circuit breakers ------------------------------------------------ */

static struct breaker *
breaker_get(struct httpc *h, const char *target, double now)
{
	struct breaker	*b, *lru = &h->br[0];
	size_t		 i;

	for (i = 0; i < HTTPC_BREAKERS; i++) {
		b = &h->br[i];
		if (str_eq(b->target, target)) {
			b->used_ms = now;
			return b;
		}
		/* free entries have used_ms 0 and go first */
		if (b->used_ms < lru->used_ms)
			lru = b;
	}
	memset(lru, 0, sizeof(*lru));
	(void)str_lcpy(lru->target, target, sizeof(lru->target));
	lru->used_ms = now;
	return lru;
}

/* 1 if an attempt may go out; past the cooldown one probe may. */
static int
breaker_allow(const struct httpc *h, struct breaker *b, double now)
{
	if (b->state != BR_OPEN)
		return 1;
	if (now - b->opened_ms < h->opts.breaker_cooldown_ms)
		return 0;
	b->state = BR_HALF_OPEN;
	return 1;
}

static void
breaker_record(const struct httpc *h, struct breaker *b, enum outcome o,
    double now)
{
	switch (o) {
	case OUT_OK:
		if (b->state != BR_CLOSED)
			log_msg(LOG_WARN, "httpc: breaker for \"%s\" closed",
			    b->target);
		b->state = BR_CLOSED;
		b->failures = 0;
		break;
	case OUT_FAIL:
		b->failures++;
		if (b->state == BR_HALF_OPEN)
			log_msg(LOG_WARN, "httpc: breaker for \"%s\" open "
			    "again: probe failed", b->target);
		else if (b->state == BR_CLOSED &&
		    b->failures >= h->opts.breaker_failures)
			log_msg(LOG_WARN, "httpc: breaker for \"%s\" open "
			    "after %d failures", b->target, b->failures);
		else
			break;
		b->state = BR_OPEN;
		b->opened_ms = now;
		break;
	default:
		/* the probe said nothing: the next call probes again */
		if (b->state == BR_HALF_OPEN)
			b->state = BR_OPEN;
		break;
	}
}

static enum outcome
attempt_outcome(const struct attempt *at, enum souk_err er)
{
	if (er == SOUK_UNAVAILABLE || at->status >= 500)
		return OUT_FAIL;
	if (er == SOUK_OK || at->toolarge)
		return OUT_OK;
	/* TLS, protocol errors: the target is not usable either */
	return er == SOUK_UPSTREAM ? OUT_FAIL : OUT_NONE;
}

/* ---- retries ---------------------------------------------------------- */

static int
attempt_retryable(const struct call *c, enum souk_err er, long status)
{
	if (!c->retryable)
		return 0;
	if (er == SOUK_UNAVAILABLE)
		return 1;
	return er == SOUK_OK && (status == 429 || status == 502 ||
	    status == 503 || status == 504);
}

/*
 * Milliseconds to wait before attempt n + 1, or -1 to stop: the server's
 * Retry-After when short enough, else full jitter over an exponential
 * ceiling (callers that retry at once would move in lockstep).
 */
static int
backoff_ms(const struct httpc *h, int n, int retry_after)
{
	uint32_t	 r;
	int		 top = h->opts.backoff_base_ms;

	if (retry_after >= 0)
		return retry_after <= h->opts.retry_after_max ?
		    retry_after * 1000 : -1;
	while (--n > 0 && top < h->opts.backoff_max_ms)
		top = top > INT_MAX / 2 ? INT_MAX : top * 2;
	if (top > h->opts.backoff_max_ms)
		top = h->opts.backoff_max_ms;
	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		return top / 2;
	return (int)(r % ((uint32_t)top + 1));
}

static void
sleep_ms(int ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/*
 * The attempts of one call.  An error before the first attempt returns
 * at once; after that, the last attempt's result stands when the breaker
 * opens or retries end.
 */
static enum souk_err
call_run(struct httpc *h, struct arena *a, const struct call *c,
    struct breaker *b, struct attempt *at, int *attempts)
{
	struct curl_slist	*hdrs;
	enum souk_err		 er = SOUK_UNAVAILABLE, her;
	int			 n, delay;

	for (n = 1; n <= c->max_attempts; n++) {
		if ((her = call_headers(a, c, &hdrs)) != SOUK_OK) {
			curl_slist_free_all(hdrs);
			return her;
		}
		if (!breaker_allow(h, b, time_now_ms())) {
			curl_slist_free_all(hdrs);
			break;
		}
		er = attempt_run(h, a, c, hdrs, at);
		curl_slist_free_all(hdrs);
		*attempts = n;
		breaker_record(h, b, attempt_outcome(at, er), time_now_ms());
		if (n == c->max_attempts ||
		    !attempt_retryable(c, er, at->status) ||
		    (delay = backoff_ms(h, n, at->retry_after)) < 0)
			break;
		sleep_ms(delay);
	}
	return er;
}

/* ---- the call --------------------------------------------------------- */

static void
resp_fill(const struct attempt *at, enum souk_err er, struct httpc_resp *r)
{
	if (er == SOUK_OK) {
		r->status = (int)at->status;
		r->body = at->body.data;
		r->body_len = at->body.len;
		r->content_type = at->content_type;
		r->retry_after = at->retry_after;
	} else if (er == SOUK_UPSTREAM && at->toolarge) {
		r->status = (int)at->status;
		r->content_type = at->content_type;
	}
}

enum souk_err
httpc_do(struct httpc *h, struct arena *a, const struct httpc_req *req,
    struct httpc_resp *resp)
{
	struct call	 c;
	struct attempt	 at;
	struct breaker	*b;
	enum souk_err	 er;

	memset(resp, 0, sizeof(*resp));
	resp->body = "";
	resp->retry_after = -1;
	if (req == NULL)
		return SOUK_INVALID;
	if ((er = call_init(a, req, &c)) != SOUK_OK)
		return er;
	/* Row locks would be held for as long as the other side takes. */
	if (db_tx_open() > 0) {
		log_msg(LOG_ERR, "httpc: %s to \"%s\" refused inside a "
		    "database transaction", req->method, c.target);
		return SOUK_INTERNAL;
	}
	memset(&at, 0, sizeof(at));
	buf_init(&at.body, a, 0);
	h->errbuf[0] = '\0';
	b = breaker_get(h, c.target, time_now_ms());
	er = call_run(h, a, &c, b, &at, &resp->attempts);
	if (er == SOUK_UNAVAILABLE && resp->attempts == 0)
		log_msg(LOG_DEBUG, "httpc: breaker for \"%s\" is open",
		    c.target);
	else if (er == SOUK_FORBIDDEN)
		log_msg(LOG_WARN, "httpc: %s to \"%s\" refused: a socket to "
		    "an address the policy does not allow", req->method,
		    c.target);
	else if (er == SOUK_UNAVAILABLE || er == SOUK_UPSTREAM)
		log_msg(LOG_WARN, "httpc: %s to \"%s\" failed after %d "
		    "attempt(s): %s", req->method, c.target, resp->attempts,
		    h->errbuf[0] != '\0' ? h->errbuf :
		    curl_easy_strerror(at.rc));
	resp_fill(&at, er, resp);
	return er;
}

struct httpc *
httpc_shared(void)
{
	static struct httpc	*hc;

	if (hc == NULL)
		hc = httpc_new();
	return hc;
}
