/*
 * The HTTP client against a small HTTP/1.1 server in a thread of the
 * test process: it answers by a per-test script (status, delay, extra
 * headers, body size) and records every request it gets, so the tests
 * assert on what went over the wire.  The transaction guard needs a
 * database: that test runs only when SOUK_CONF names the dev stack.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "stack.h"

#include "net/net.h"
#include "sec/sec.h"
#include "store/store.h"

#define SRV_STEPS	8
#define SRV_RECS	16
#define SRV_HDRS	32
#define SRV_HEAD_MAX	16384

struct step {
	int		 status;
	int		 delay_ms;	/* before answering */
	const char	*headers;	/* extra lines, each with CRLF */
	size_t		 body_len;	/* 0: {"n":request number} */
	int		 no_length;	/* no Content-Length */
};

struct rec {
	char	 method[16];
	char	 path[512];
	char	 query[512];
	int	 has_query;
	char	 names[SRV_HDRS][64];	/* lower case */
	char	 values[SRV_HDRS][512];
	int	 nhdrs;
	char	 body[4096];
	size_t	 body_len;
};

static struct {
	int		 fd;		/* listening */
	int		 stop[2];	/* a byte here stops the thread */
	int		 port;
	pthread_t	 th;
	pthread_mutex_t	 mu;
	struct step	 steps[SRV_STEPS];
	int		 nsteps;
	struct rec	 recs[SRV_RECS];
	int		 nrecs;		/* requests received */
} srv;

/* Limits small enough for fast tests. */
static const struct httpc_opts fast = {
	.breaker_failures = 3,
	.breaker_cooldown_ms = 200,
	.backoff_base_ms = 5,
	.backoff_max_ms = 20,
};

static const char	*secret = "sk_0123456789abcdef";

/* ---- the server ------------------------------------------------------- */

/* 1 if fd is readable before ms; 0 on timeout or when told to stop. */
static int
srv_wait(int fd, int ms)
{
	struct pollfd	 p[2];

	p[0].fd = srv.stop[0];
	p[0].events = POLLIN;
	p[1].fd = fd;
	p[1].events = POLLIN;
	if (poll(p, fd < 0 ? 1 : 2, ms) <= 0 || p[0].revents != 0)
		return 0;
	return 1;
}

static void
srv_send(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0 && (w = send(fd, p, n, MSG_NOSIGNAL)) > 0) {
		p += w;
		n -= (size_t)w;
	}
}

static void
rec_line(struct rec *r, char *line)
{
	char	*colon = strchr(line, ':'), *v;
	size_t	 i;

	if (colon == NULL || r->nhdrs == SRV_HDRS)
		return;
	*colon = '\0';
	for (v = colon + 1; *v == ' '; v++)
		continue;
	(void)str_lcpy(r->names[r->nhdrs], line, sizeof(r->names[0]));
	for (i = 0; r->names[r->nhdrs][i] != '\0'; i++)
		r->names[r->nhdrs][i] = (char)tolower(
		    (unsigned char)r->names[r->nhdrs][i]);
	(void)str_lcpy(r->values[r->nhdrs], v, sizeof(r->values[0]));
	r->nhdrs++;
}

static const char *
rec_hdr(const struct rec *r, const char *name)
{
	int	 i;

	for (i = 0; i < r->nhdrs; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->values[i];
	return NULL;
}

/* Request line and headers (NUL-terminated, CRLF lines) into r. */
static void
rec_head(struct rec *r, char *head)
{
	char	*line, *next, *sp, *q;

	memset(r, 0, sizeof(*r));
	for (line = head; line != NULL && *line != '\0'; line = next) {
		if ((next = strstr(line, "\r\n")) != NULL) {
			*next = '\0';
			next += 2;
		}
		if (line != head) {
			rec_line(r, line);
			continue;
		}
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp++ = '\0';
		(void)str_lcpy(r->method, line, sizeof(r->method));
		sp[strcspn(sp, " ")] = '\0';
		if ((q = strchr(sp, '?')) != NULL) {
			*q++ = '\0';
			r->has_query = 1;
			(void)str_lcpy(r->query, q, sizeof(r->query));
		}
		(void)str_lcpy(r->path, sp, sizeof(r->path));
	}
}

/* Keeps what fits of a body; its length is Content-Length's. */
static void
rec_body(struct rec *r, const char *p, size_t n, size_t *have)
{
	if (*have < sizeof(r->body))
		memcpy(r->body + *have, p, n < sizeof(r->body) - *have ? n :
		    sizeof(r->body) - *have);
	*have += n;
}

/* Reads one request; 0 if the client went away first. */
static int
srv_read(int fd, struct rec *r)
{
	static char	 buf[SRV_HEAD_MAX];
	size_t		 len = 0, hlen, have = 0, want;
	const char	*cl;
	char		*end;
	ssize_t		 n;

	for (;;) {
		buf[len] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL)
			break;
		if (len == sizeof(buf) - 1 || !srv_wait(fd, 5000) ||
		    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0)
			return 0;
		len += (size_t)n;
	}
	hlen = (size_t)(end - buf) + 4;
	end[2] = '\0';
	rec_head(r, buf);
	want = (cl = rec_hdr(r, "content-length")) == NULL ? 0 :
	    strtoul(cl, NULL, 10);
	rec_body(r, buf + hlen, len - hlen, &have);
	while (have < want && srv_wait(fd, 5000) &&
	    (n = read(fd, buf, sizeof(buf))) > 0)
		rec_body(r, buf, (size_t)n, &have);
	r->body_len = want;
	return 1;
}

static void
srv_respond(int fd, const struct rec *r, const struct step *st, int n)
{
	char	 head[1024], chunk[65536], small[32];
	size_t	 len, left;
	int	 k;

	snprintf(small, sizeof(small), "{\"n\":%d}", n);
	len = st->body_len > 0 ? st->body_len : strlen(small);
	k = snprintf(head, sizeof(head), "HTTP/1.1 %d Test\r\n"
	    "Connection: close\r\nContent-Type: application/json\r\n%s",
	    st->status, st->headers != NULL ? st->headers : "");
	if (!st->no_length)
		k += snprintf(head + k, sizeof(head) - (size_t)k,
		    "Content-Length: %zu\r\n", len);
	k += snprintf(head + k, sizeof(head) - (size_t)k, "\r\n");
	srv_send(fd, head, (size_t)k);
	if (strcmp(r->method, "HEAD") == 0)
		return;
	if (st->body_len == 0) {
		srv_send(fd, small, len);
		return;
	}
	memset(chunk, 'x', sizeof(chunk));
	for (left = len; left > 0; left -= len) {
		len = left < sizeof(chunk) ? left : sizeof(chunk);
		srv_send(fd, chunk, len);
	}
}

static void
srv_conn(int fd)
{
	struct rec	 r;
	struct step	 st;
	int		 n;

	if (!srv_read(fd, &r))
		return;
	pthread_mutex_lock(&srv.mu);
	n = ++srv.nrecs;
	if (n <= SRV_RECS)
		srv.recs[n - 1] = r;
	st = srv.steps[n <= srv.nsteps ? n - 1 : srv.nsteps - 1];
	pthread_mutex_unlock(&srv.mu);
	if (st.delay_ms > 0)
		(void)srv_wait(-1, st.delay_ms);
	srv_respond(fd, &r, &st, n);
}

static void *
srv_main(void *arg)
{
	int	 fd;

	(void)arg;
	while (srv_wait(srv.fd, -1)) {
		if ((fd = accept(srv.fd, NULL, NULL)) == -1)
			continue;
		srv_conn(fd);
		close(fd);
	}
	return NULL;
}

/* A listening socket on 127.0.0.1 with an ephemeral port. */
static int
listen_any(int *port)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 16), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
srv_start(void)
{
	static const struct step	 ok = { 200, 0, NULL, 0, 0 };

	memset(&srv, 0, sizeof(srv));
	srv.fd = listen_any(&srv.port);
	ck_assert_int_eq(pipe(srv.stop), 0);
	pthread_mutex_init(&srv.mu, NULL);
	srv.steps[0] = ok;
	srv.nsteps = 1;
	ck_assert_int_eq(pthread_create(&srv.th, NULL, srv_main, NULL), 0);
}

static void
srv_stop(void)
{
	ck_assert_int_eq(write(srv.stop[1], "x", 1), 1);
	pthread_join(srv.th, NULL);
	close(srv.fd);
	close(srv.stop[0]);
	close(srv.stop[1]);
	pthread_mutex_destroy(&srv.mu);
}

/* The answers to requests 1, 2, ...; the last one repeats. */
static void
srv_script(const struct step *s, int n)
{
	ck_assert_int_le(n, SRV_STEPS);
	pthread_mutex_lock(&srv.mu);
	memcpy(srv.steps, s, sizeof(*s) * (size_t)n);
	srv.nsteps = n;
	pthread_mutex_unlock(&srv.mu);
}

/* Requests received so far; the lock orders the reads of srv.recs. */
static int
srv_count(void)
{
	int	 n;

	pthread_mutex_lock(&srv.mu);
	n = srv.nrecs;
	pthread_mutex_unlock(&srv.mu);
	return n;
}

static const struct rec *
srv_rec(int i)
{
	ck_assert_int_lt(i, srv_count());
	return &srv.recs[i];
}

/* ---- helpers ---------------------------------------------------------- */

static const char *
url(struct arena *a, const char *path)
{
	return arena_printf(a, "http://127.0.0.1:%d%s", srv.port, path);
}

static void
req_init(struct httpc_req *r, const char *method, const char *u)
{
	memset(r, 0, sizeof(*r));
	r->method = method;
	r->url = u;
}

/* A port where nothing listens. */
static int
closed_port(void)
{
	int	 port, fd = listen_any(&port);

	close(fd);
	return port;
}

/* The signed parts as the server received them. */
static void
rec_sig(const struct rec *r, struct sec_sig_input *in)
{
	memset(in, 0, sizeof(*in));
	in->method = r->method;
	in->raw_path = r->path;
	in->raw_query = r->has_query ? r->query : NULL;
	in->tenant = rec_hdr(r, "x-tenant-id");
	in->api_key = rec_hdr(r, "x-api-key");
	in->nonce = rec_hdr(r, "x-nonce");
	in->timestamp = rec_hdr(r, "x-timestamp");
	in->body = r->body;
	in->body_len = r->body_len;
	in->version = SEC_SIG_V2;
	in->content_type = rec_hdr(r, "content-type");
	in->idempotency_key = rec_hdr(r, "idempotency-key");
	in->if_none_match = rec_hdr(r, "if-none-match");
}

/* Signed as version 2 (sec.h), the only one httpc signs. */
static int
rec_sig_ok(struct arena *a, const struct rec *r)
{
	struct sec_sig_input	 in;
	const char		*v = rec_hdr(r, "x-signature-version");

	rec_sig(r, &in);
	return v != NULL && strcmp(v, "2") == 0 && sec_sign_check(a, &in,
	    secret, strlen(secret), rec_hdr(r, "x-signature"));
}

static void
assert_nonce_ts(const struct rec *r)
{
	const char	*nonce = rec_hdr(r, "x-nonce");
	const char	*ts = rec_hdr(r, "x-timestamp");
	int64_t		 t;

	ck_assert_ptr_nonnull(nonce);
	ck_assert_uint_eq(strlen(nonce), 32);
	ck_assert_uint_eq(strspn(nonce, "0123456789abcdef"), 32);
	ck_assert_ptr_nonnull(ts);
	ck_assert_uint_eq(strlen(ts), 10);
	ck_assert_int_eq(str_to_i64(ts, 0, INT64_MAX, &t), SOUK_OK);
	ck_assert(t >= time_unix() - 5 && t <= time_unix() + 1);
}

/* ---- tests -------------------------------------------------------------- */

START_TEST(test_signed_post)
{
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	struct sec_sig_input	 in;
	const struct rec	*rec;
	const char		*body = "{\"to\":\"+491701234567\"}";
	const char		*path = "/api/v1/./notify/a%2Fb";

	req_init(&q, "POST", arena_printf(a, "%s?b=2&a=x+y%%21",
	    url(a, path)));
	q.tenant = "42";
	q.api_key = "pk_test";
	q.secret = secret;
	q.body = body;
	q.body_len = strlen(body);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_str_eq(r.body, "{\"n\":1}");
	ck_assert_uint_eq(r.body_len, 7);
	ck_assert_str_eq(r.content_type, "application/json");
	ck_assert_int_eq(r.retry_after, -1);

	ck_assert_int_eq(srv_count(), 1);
	rec = srv_rec(0);
	ck_assert_str_eq(rec->method, "POST");
	ck_assert_str_eq(rec->path, path);	/* dot segment kept */
	ck_assert_str_eq(rec->query, "b=2&a=x+y%21");
	ck_assert_str_eq(rec_hdr(rec, "x-api-key"), "pk_test");
	ck_assert_str_eq(rec_hdr(rec, "x-tenant-id"), "42");
	ck_assert_str_eq(rec_hdr(rec, "content-type"), "application/json");
	ck_assert_ptr_null(rec_hdr(rec, "idempotency-key"));
	ck_assert_ptr_null(rec_hdr(rec, "expect"));
	ck_assert_uint_eq(rec->body_len, strlen(body));
	ck_assert(memcmp(rec->body, body, strlen(body)) == 0);
	assert_nonce_ts(rec);
	ck_assert(rec_sig_ok(a, rec));
	rec_sig(rec, &in);
	ck_assert(!sec_sign_check(a, &in, "sk_other", 8,
	    rec_hdr(rec, "x-signature")));
	/* the Content-Type sent is signed: altered in transit, it fails */
	in.content_type = "application/x-www-form-urlencoded";
	ck_assert(!sec_sign_check(a, &in, secret, strlen(secret),
	    rec_hdr(rec, "x-signature")));
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* If-None-Match and Idempotency-Key are sent from their fields, signed. */
START_TEST(test_signed_headers)
{
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	struct sec_sig_input	 in;
	const struct rec	*rec;

	req_init(&q, "GET", url(a, "/internal/api/tenants/7/features"));
	q.tenant = "7";
	q.api_key = "pk_test";
	q.secret = secret;
	q.if_none_match = "\"f3a9\"";
	q.idempotency_key = "k-1";
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(srv_count(), 1);
	rec = srv_rec(0);
	ck_assert_str_eq(rec_hdr(rec, "if-none-match"), "\"f3a9\"");
	ck_assert_str_eq(rec_hdr(rec, "idempotency-key"), "k-1");
	ck_assert_ptr_null(rec_hdr(rec, "content-type"));
	ck_assert(rec_sig_ok(a, rec));
	rec_sig(rec, &in);
	in.if_none_match = "\"0000\"";
	ck_assert(!sec_sign_check(a, &in, secret, strlen(secret),
	    rec_hdr(rec, "x-signature")));
	rec_sig(rec, &in);
	in.idempotency_key = NULL;
	ck_assert(!sec_sign_check(a, &in, secret, strlen(secret),
	    rec_hdr(rec, "x-signature")));
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_unsigned)
{
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	const char *const	 extra[] = { "Authorization: Bearer t",
	    NULL };
	const struct rec	*rec;
	int			 i;

	req_init(&q, "GET", url(a, "/status"));
	q.headers = extra;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 200);
	rec = srv_rec(0);
	ck_assert_str_eq(rec->method, "GET");
	ck_assert_str_eq(rec->path, "/status");
	ck_assert(!rec->has_query);
	for (i = 0; i < rec->nhdrs; i++)
		ck_assert_msg(strncmp(rec->names[i], "x-", 2) != 0,
		    "unexpected %s", rec->names[i]);
	ck_assert_ptr_null(rec_hdr(rec, "content-type"));
	ck_assert_str_eq(rec_hdr(rec, "authorization"), "Bearer t");
	ck_assert_uint_eq(rec->body_len, 0);

	/* a tenant alone is sent, still unsigned */
	q.tenant = "7";
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	rec = srv_rec(1);
	ck_assert_str_eq(rec_hdr(rec, "x-tenant-id"), "7");
	ck_assert_ptr_null(rec_hdr(rec, "x-signature"));
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_methods)
{
	struct arena		*a = arena_new(0, 8 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;

	req_init(&q, "PUT", url(a, "/put"));
	q.body = "<a/>";
	q.body_len = 4;
	q.content_type = "application/xml";
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_str_eq(srv_rec(0)->method, "PUT");
	ck_assert_str_eq(rec_hdr(srv_rec(0), "content-type"),
	    "application/xml");
	ck_assert(memcmp(srv_rec(0)->body, "<a/>", 4) == 0);

	/* no body: Content-Length 0 and no form content type */
	req_init(&q, "POST", url(a, "/empty"));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_str_eq(rec_hdr(srv_rec(1), "content-length"), "0");
	ck_assert_ptr_null(rec_hdr(srv_rec(1), "content-type"));

	req_init(&q, "HEAD", url(a, "/head"));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_str_eq(srv_rec(2)->method, "HEAD");
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, 0);
	ck_assert_str_eq(r.body, "");

	req_init(&q, "DELETE", url(a, "/del?id=3"));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_str_eq(srv_rec(3)->method, "DELETE");
	ck_assert_str_eq(srv_rec(3)->query, "id=3");
	ck_assert_ptr_null(rec_hdr(srv_rec(3), "content-length"));

	/* a large body goes at once, without waiting for 100-continue */
	req_init(&q, "POST", url(a, "/upload"));
	q.body_len = 2 << 20;
	ck_assert_ptr_nonnull(q.body = arena_alloc(a, q.body_len));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_uint_eq(srv_rec(4)->body_len, 2 << 20);
	ck_assert_ptr_null(rec_hdr(srv_rec(4), "expect"));
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* Default limits: backoff 0-100 ms then 0-200 ms. */
START_TEST(test_get_retried)
{
	static const struct step	 s[] = { { 503, 0, NULL, 0, 0 },
	    { 503, 0, NULL, 0, 0 }, { 200, 0, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	double			 t0 = time_now_ms();

	srv_script(s, 3);
	req_init(&q, "GET", url(a, "/retry"));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(r.attempts, 3);
	ck_assert_str_eq(r.body, "{\"n\":3}");
	ck_assert_int_eq(srv_count(), 3);
	ck_assert(time_now_ms() - t0 < 1000);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_retries_end)
{
	static const struct step	 s[] = { { 502, 0, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;

	srv_script(s, 1);
	req_init(&q, "GET", url(a, "/down"));
	q.max_attempts = 2;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 502);
	ck_assert_int_eq(r.attempts, 2);
	ck_assert_str_eq(r.body, "{\"n\":2}");
	ck_assert_int_eq(httpc_status_err(r.status), SOUK_UPSTREAM);

	/* not a retryable status */
	srv_script((const struct step[]){ { 500, 0, NULL, 0, 0 } }, 1);
	q.max_attempts = 0;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 500);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_int_eq(srv_count(), 3);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_post_not_retried)
{
	static const struct step	 s[] = { { 503, 0, NULL, 0, 0 },
	    { 200, 0, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;

	srv_script(s, 2);
	req_init(&q, "POST", url(a, "/orders"));
	q.body = "{}";
	q.body_len = 2;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 503);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_int_eq(srv_count(), 1);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_post_idempotent_retried)
{
	static const struct step	 s[] = { { 503, 0, NULL, 0, 0 },
	    { 504, 0, NULL, 0, 0 }, { 201, 0, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;
	const struct rec	*x;
	int			 i, j;

	srv_script(s, 3);
	req_init(&q, "POST", url(a, "/pay?order=9"));
	q.tenant = "3";
	q.api_key = "pk_pay";
	q.secret = secret;
	q.body = "{\"amount\":100}";
	q.body_len = strlen(q.body);
	q.idempotency_key = "order-9-pay";
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 201);
	ck_assert_int_eq(r.attempts, 3);
	ck_assert_int_eq(srv_count(), 3);
	for (i = 0; i < 3; i++) {
		x = srv_rec(i);
		ck_assert_str_eq(rec_hdr(x, "idempotency-key"), "order-9-pay");
		assert_nonce_ts(x);
		ck_assert(rec_sig_ok(a, x));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(rec_hdr(x, "x-nonce"),
			    rec_hdr(srv_rec(j), "x-nonce"));
	}
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_timeout)
{
	static const struct step	 s[] = { { 200, 3000, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;
	double			 t0 = time_now_ms();

	srv_script(s, 1);
	req_init(&q, "GET", url(a, "/slow"));
	q.timeout_ms = 200;
	q.max_attempts = 1;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UNAVAILABLE);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_str_eq(r.body, "");
	ck_assert(time_now_ms() - t0 < 1500);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_refused)
{
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;

	req_init(&q, "GET", arena_printf(a, "http://127.0.0.1:%d/x",
	    closed_port()));
	q.max_attempts = 2;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UNAVAILABLE);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.attempts, 2);	/* connect failures retry */
	httpc_free(h);
	arena_free(a);
}
END_TEST

static void
call_expect(struct httpc *h, struct arena *a, const char *u,
    enum souk_err want, int status, int attempts)
{
	struct httpc_req	 q;
	struct httpc_resp	 r;

	req_init(&q, "GET", u);
	q.max_attempts = 1;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), want);
	ck_assert_int_eq(r.status, status);
	ck_assert_int_eq(r.attempts, attempts);
}

START_TEST(test_breaker)
{
	static const struct step	 bad[] = { { 500, 0, NULL, 0, 0 } };
	static const struct step	 good[] = { { 200, 0, NULL, 0, 0 } };
	struct arena	*a = arena_new(0, 1 << 20);
	struct httpc	*h = httpc_new_opts(&fast);
	const char	*u = url(a, "/flaky");
	int		 i;

	srv_script(bad, 1);
	for (i = 0; i < 3; i++)
		call_expect(h, a, u, SOUK_OK, 500, 1);
	/* open: no request reaches the server, other paths neither */
	call_expect(h, a, u, SOUK_UNAVAILABLE, 0, 0);
	call_expect(h, a, url(a, "/other"), SOUK_UNAVAILABLE, 0, 0);
	ck_assert_int_eq(srv_count(), 3);
	/* another target has its own breaker */
	call_expect(h, a, arena_printf(a, "http://127.0.0.1:%d/",
	    closed_port()), SOUK_UNAVAILABLE, 0, 1);

	/* half-open: one probe; it fails, so open again at once */
	usleep(250 * 1000);
	call_expect(h, a, u, SOUK_OK, 500, 1);
	call_expect(h, a, u, SOUK_UNAVAILABLE, 0, 0);
	ck_assert_int_eq(srv_count(), 4);

	/* the next probe succeeds and closes it */
	srv_script(good, 1);
	usleep(250 * 1000);
	call_expect(h, a, u, SOUK_OK, 200, 1);
	call_expect(h, a, u, SOUK_OK, 200, 1);
	ck_assert_int_eq(srv_count(), 6);
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* Opening mid-call ends the retries with the last answer. */
START_TEST(test_breaker_stops_retries)
{
	static const struct step	 s[] = { { 503, 0, NULL, 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;

	srv_script(s, 1);
	req_init(&q, "GET", url(a, "/x"));
	q.max_attempts = 6;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 503);
	ck_assert_int_eq(r.attempts, 3);
	ck_assert_int_eq(srv_count(), 3);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_breaker_connect_failures)
{
	struct arena	*a = arena_new(0, 1 << 20);
	struct httpc	*h = httpc_new_opts(&fast);
	const char	*u = arena_printf(a, "http://127.0.0.1:%d/",
	    closed_port());
	int		 i;

	for (i = 0; i < 3; i++)
		call_expect(h, a, u, SOUK_UNAVAILABLE, 0, 1);
	call_expect(h, a, u, SOUK_UNAVAILABLE, 0, 0);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_retry_after)
{
	static const struct step	 s[] = {
	    { 429, 0, "Retry-After: 1\r\n", 0, 0 }, { 200, 0, NULL, 0, 0 } };
	static const struct step	 far[] = {
	    { 429, 0, "Retry-After: 10\r\n", 0, 0 } };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;
	double			 t0 = time_now_ms();

	srv_script(s, 2);
	req_init(&q, "GET", url(a, "/limited"));
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(r.attempts, 2);
	ck_assert_int_eq(r.retry_after, -1);
	ck_assert(time_now_ms() - t0 >= 950);

	/* too long to wait: the 429 comes back at once */
	srv_script(far, 1);
	t0 = time_now_ms();
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 429);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_int_eq(r.retry_after, 10);
	ck_assert_int_eq(httpc_status_err(r.status), SOUK_UNAVAILABLE);
	ck_assert(time_now_ms() - t0 < 500);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_status_map)
{
	static const struct {
		int		 status;
		enum souk_err	 er;
	} t[] = {
		{ 200, SOUK_OK }, { 201, SOUK_OK }, { 204, SOUK_OK },
		{ 299, SOUK_OK }, { 301, SOUK_UPSTREAM },
		{ 304, SOUK_UPSTREAM }, { 400, SOUK_INVALID },
		{ 401, SOUK_UNAUTHORIZED }, { 403, SOUK_FORBIDDEN },
		{ 404, SOUK_NOTFOUND }, { 405, SOUK_UPSTREAM },
		{ 409, SOUK_CONFLICT }, { 413, SOUK_TOOLARGE },
		{ 422, SOUK_INVALID }, { 429, SOUK_UNAVAILABLE },
		{ 500, SOUK_UPSTREAM }, { 502, SOUK_UPSTREAM },
		{ 503, SOUK_UNAVAILABLE }, { 504, SOUK_UPSTREAM },
		{ 0, SOUK_UPSTREAM }, { 100, SOUK_UPSTREAM },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(httpc_status_err(t[i].status) == t[i].er,
		    "status %d", t[i].status);
}
END_TEST

START_TEST(test_body_limit)
{
	struct httpc_opts	 o = fast;
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h;
	struct httpc_req	 q;
	struct httpc_resp	 r;
	struct step		 s = { 200, 0, NULL, 1000, 0 };

	o.max_body = 1000;
	h = httpc_new_opts(&o);
	req_init(&q, "GET", url(a, "/big"));
	q.max_attempts = 1;
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_uint_eq(r.body_len, 1000);
	ck_assert_uint_eq(strlen(r.body), 1000);

	s.body_len = 1001;		/* refused by Content-Length */
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UPSTREAM);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body_len, 0);

	s.no_length = 1;		/* cut off while reading */
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UPSTREAM);
	ck_assert_uint_eq(r.body_len, 0);

	s.body_len = 1000;
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_uint_eq(r.body_len, 1000);
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* The default cap, 4 MiB, both ways. */
START_TEST(test_body_limit_default)
{
	struct arena		*a = arena_new(0, 64 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	struct step		 s = { 200, 0, NULL, 4 << 20, 0 };

	req_init(&q, "GET", url(a, "/big"));
	q.max_attempts = 1;
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_uint_eq(r.body_len, 4 << 20);
	ck_assert(r.body[0] == 'x' && r.body[r.body_len - 1] == 'x' &&
	    r.body[r.body_len] == '\0');

	s.body_len = (4 << 20) + 1;
	s.no_length = 1;
	srv_script(&s, 1);
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UPSTREAM);
	httpc_free(h);
	arena_free(a);
}
END_TEST

START_TEST(test_invalid)
{
	static const char *const	 urls[] = { NULL, "", "/relative",
	    "ftp://127.0.0.1/x", "127.0.0.1/x", "http://", "http://h/a b",
	    "http://h/a#frag", "http://user:pw@h/", "http://h/\xc3\xa9",
	    "http://h/a\r\nX: y", "file:///etc/passwd",
	};
	static const char *const	 methods[] = { NULL, "", "get",
	    "GET ", "G\r\nX", "VERYLONGMETHODNAME" };
	const char *const		 bad_hdr[] = { "X-A: 1\r\nX-B: 2",
	    NULL };
	const char *const		 no_colon[] = { "X-A 1", NULL };
	const char *const		 signed_hdr[] = { "X-A: 1",
	    "content-type: text/plain", NULL };
	const char *const		 inm_hdr[] = { "If-None-Match: *",
	    NULL };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new();
	struct httpc_req	 q;
	struct httpc_resp	 r;
	size_t			 i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		req_init(&q, "GET", urls[i]);
		ck_assert_msg(httpc_do(h, a, &q, &r) == SOUK_INVALID,
		    "url %zu", i);
		ck_assert_int_eq(r.attempts, 0);
		ck_assert_str_eq(r.body, "");
	}
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		req_init(&q, methods[i], url(a, "/"));
		ck_assert_msg(httpc_do(h, a, &q, &r) == SOUK_INVALID,
		    "method %zu", i);
	}
	req_init(&q, "GET", url(a, "/"));
	q.tenant = "1\r\nx-api-key: forged";
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	req_init(&q, "GET", url(a, "/"));
	q.headers = bad_hdr;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.headers = no_colon;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	req_init(&q, "GET", url(a, "/"));
	q.api_key = "pk_x";		/* no secret */
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.secret = secret;		/* a query the signer cannot read */
	q.url = url(a, "/?x=%zz");
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.url = url(a, "/?x=1&y=2&x=3");	/* a repeated name */
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.url = url(a, "/?x=1&%78=3");
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.url = url(a, "/");		/* signed headers from headers[] */
	q.headers = signed_hdr;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	q.headers = inm_hdr;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	req_init(&q, "HEAD", url(a, "/"));
	q.body = "x";
	q.body_len = 1;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_INVALID);
	ck_assert_int_eq(srv_count(), 0);
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* ---- the address policy ---------------------------------------------- */

static const struct {
	const char	*addr;
	enum net_class	 cls;
} addrs[] = {
	{ "8.8.8.8", NET_PUBLIC },
	{ "1.1.1.1", NET_PUBLIC },
	{ "93.184.216.34", NET_PUBLIC },
	{ "100.63.255.255", NET_PUBLIC },	/* just below CGNAT */
	{ "100.128.0.0", NET_PUBLIC },		/* just above */
	{ "172.15.255.255", NET_PUBLIC },
	{ "172.32.0.0", NET_PUBLIC },
	{ "223.255.255.255", NET_PUBLIC },
	{ "127.0.0.1", NET_PRIVATE },
	{ "127.255.255.254", NET_PRIVATE },
	{ "10.0.0.1", NET_PRIVATE },
	{ "172.16.0.1", NET_PRIVATE },
	{ "172.31.255.255", NET_PRIVATE },
	{ "192.168.1.1", NET_PRIVATE },
	{ "100.64.0.1", NET_PRIVATE },		/* CGNAT */
	{ "100.127.255.255", NET_PRIVATE },
	{ "0.0.0.0", NET_NEVER },
	{ "0.1.2.3", NET_NEVER },
	{ "169.254.169.254", NET_NEVER },	/* cloud metadata */
	{ "169.254.0.1", NET_NEVER },
	{ "192.0.0.170", NET_NEVER },
	{ "192.0.2.1", NET_NEVER },		/* documentation */
	{ "198.51.100.7", NET_NEVER },
	{ "203.0.113.9", NET_NEVER },
	{ "198.18.0.1", NET_NEVER },		/* benchmarking */
	{ "192.88.99.1", NET_NEVER },
	{ "224.0.0.1", NET_NEVER },		/* multicast */
	{ "239.255.255.250", NET_NEVER },
	{ "240.0.0.1", NET_NEVER },		/* reserved */
	{ "255.255.255.255", NET_NEVER },	/* broadcast */
	{ "2606:4700:4700::1111", NET_PUBLIC },
	{ "2a00:1450:4001:80b::200e", NET_PUBLIC },
	{ "::1", NET_PRIVATE },
	{ "fc00::1", NET_PRIVATE },
	{ "fd12:3456::1", NET_PRIVATE },
	{ "::", NET_NEVER },
	{ "fe80::1", NET_NEVER },
	{ "febf:ffff::1", NET_NEVER },
	{ "fec0::1", NET_NEVER },
	{ "ff02::1", NET_NEVER },
	{ "2001:db8::1", NET_NEVER },
	{ "2001:0:4136:e378:8000:63bf:3fff:fdd2", NET_NEVER },	/* Teredo */
	{ "100::1", NET_NEVER },
	{ "64:ff9b:1::a00:1", NET_NEVER },
	{ "::ffff:127.0.0.1", NET_PRIVATE },	/* mapped */
	{ "::ffff:10.0.0.1", NET_PRIVATE },
	{ "::ffff:169.254.169.254", NET_NEVER },
	{ "::ffff:8.8.8.8", NET_PUBLIC },
	{ "::127.0.0.1", NET_PRIVATE },		/* compatible */
	{ "::169.254.169.254", NET_NEVER },
	{ "64:ff9b::7f00:1", NET_PRIVATE },	/* NAT64 of 127.0.0.1 */
	{ "64:ff9b::a9fe:a9fe", NET_NEVER },	/* of 169.254.169.254 */
	{ "64:ff9b::808:808", NET_PUBLIC },
	{ "2002:7f00:1::1", NET_PRIVATE },	/* 6to4 of 127.0.0.1 */
	{ "2002:a9fe:a9fe::1", NET_NEVER },
	{ "2002:0a00:0001::1", NET_PRIVATE },
	{ "2002:0808:0808::1", NET_PUBLIC },
	{ "4000::1", NET_NEVER },		/* not global unicast */
};

static void
sockaddr_of(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		return;
	}
	ck_assert_msg(inet_pton(AF_INET6, s, &s6->sin6_addr) == 1, "%s", s);
	s6->sin6_family = AF_INET6;
}

START_TEST(test_addr_table)
{
	struct net_policy	 dev = { 1, NULL, NULL };
	struct sockaddr_storage	 ss;
	const struct sockaddr	*sa = (const struct sockaddr *)&ss;

	sockaddr_of(addrs[_i].addr, &ss);
	ck_assert_msg(net_addr_class(sa) == addrs[_i].cls, "%s: class %d, "
	    "want %d", addrs[_i].addr, net_addr_class(sa), addrs[_i].cls);
	ck_assert_int_eq(net_addr_public(sa), addrs[_i].cls == NET_PUBLIC);
	ck_assert_int_eq(net_addr_allowed(NULL, sa),
	    addrs[_i].cls == NET_PUBLIC);
	ck_assert_int_eq(net_addr_allowed(&dev, sa),
	    addrs[_i].cls != NET_NEVER);
}
END_TEST

START_TEST(test_ports)
{
	struct net_policy	 p = { 0, NULL, NULL };

	ck_assert(net_port_allowed(&p, 443) && net_port_allowed(&p, 80));
	ck_assert(!net_port_allowed(&p, 8080) && !net_port_allowed(&p, 22));
	ck_assert(net_port_allowed(NULL, 443) && !net_port_allowed(NULL, 25));
	p.ports = "8443,443";
	ck_assert(net_port_allowed(&p, 8443) && net_port_allowed(&p, 443));
	ck_assert(!net_port_allowed(&p, 80) && !net_port_allowed(&p, 844));
	p.ports = "any";
	ck_assert(net_port_allowed(&p, 8080) && !net_port_allowed(&p, 0) &&
	    !net_port_allowed(&p, 65536));
	p.ports = "x";
	ck_assert(!net_port_allowed(&p, 443));
}
END_TEST

START_TEST(test_url_check)
{
	static const struct {
		const char	*url;
		int		 prod, dev;	/* 1: accepted */
	} urls[] = {
		{ "https://8.8.8.8/hook", 1, 1 },
		{ "https://8.8.8.8:443/hook", 1, 1 },
		{ "http://8.8.8.8/hook", 0, 1 },
		{ "https://8.8.8.8:8443/hook", 0, 1 },
		{ "https://127.0.0.1/hook", 0, 1 },
		{ "https://localhost/hook", 0, 1 },
		{ "https://hooks.localhost/hook", 0, 1 },
		{ "https://10.0.0.1/hook", 0, 1 },
		{ "https://169.254.169.254/latest/meta-data/", 0, 0 },
		{ "https://[::ffff:127.0.0.1]/hook", 0, 1 },
		{ "https://[::ffff:169.254.169.254]/hook", 0, 0 },
		{ "https://[fe80::1]/hook", 0, 0 },
		{ "https://[::1]/hook", 0, 1 },
		{ "https://2130706433/hook", 0, 1 },	/* 127.0.0.1 */
		{ "https://0x7f.1/hook", 0, 1 },
		{ "https://0.0.0.0/hook", 0, 0 },
		{ "https://user:pw@8.8.8.8/hook", 0, 0 },
		{ "https://user@8.8.8.8/hook", 0, 0 },
		{ "ftp://8.8.8.8/hook", 0, 0 },
		{ "gopher://8.8.8.8/hook", 0, 0 },
		{ "8.8.8.8/hook", 0, 0 },
		{ "http:///8.8.8.8/hook", 0, 0 },
		{ "", 0, 0 },
		{ "https://meta.test/hook", 0, 0 },	/* resolve: metadata */
	};
	struct net_policy	 prod = { 0, NULL, "*.test=169.254.169.254" };
	struct net_policy	 dev = { 1, "any", "*.test=169.254.169.254" };
	struct arena		*a = arena_new(0, 1 << 20);
	const char		*why;
	size_t			 i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		ck_assert_msg((net_url_check(&prod, a, urls[i].url, &why) ==
		    SOUK_OK) == urls[i].prod, "prod: %s", urls[i].url);
		ck_assert_msg(urls[i].prod || why != NULL, "%s", urls[i].url);
		ck_assert_msg((net_url_check(&dev, a, urls[i].url, &why) ==
		    SOUK_OK) == urls[i].dev, "dev: %s", urls[i].url);
	}
	dev.ports = NULL;
	ck_assert_int_eq(net_url_check(&dev, a, "http://127.0.0.1:8080/",
	    &why), SOUK_INVALID);
	ck_assert_ptr_nonnull(strstr(why, "port 8080"));
	arena_free(a);
}
END_TEST

/* With the policy of production, nothing reaches the local server. */
START_TEST(test_policy_refuses)
{
	struct net_policy	 prod = { 0, "any", "*.test=127.0.0.1" };
	struct net_policy	 meta = { 1, "any", "*.test=169.254.169.254" };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;
	const char		*u[4];
	size_t			 i;

	u[0] = url(a, "/hook");
	u[1] = arena_printf(a, "http://localhost:%d/hook", srv.port);
	u[2] = arena_printf(a, "http://[::ffff:127.0.0.1]:%d/hook", srv.port);
	u[3] = arena_printf(a, "http://hook.example.test:%d/hook", srv.port);
	for (i = 0; i < 4; i++) {
		req_init(&q, "POST", u[i]);
		q.policy = &prod;
		ck_assert_msg(httpc_do(h, a, &q, &r) == SOUK_FORBIDDEN, "%s",
		    u[i]);
		ck_assert_int_eq(r.attempts, 0);
	}
	req_init(&q, "GET", u[3]);
	q.policy = &meta;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_FORBIDDEN);
	/* a port the policy does not list, even where addresses pass */
	meta.ports = NULL;
	meta.resolve = NULL;
	req_init(&q, "GET", u[0]);
	q.policy = &meta;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_FORBIDDEN);
	ck_assert_int_eq(srv_count(), 0);
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* The dev switch lets a call through, to the checked address only. */
START_TEST(test_policy_dev)
{
	static const struct step	 moved = { 302, 0,
	    "Location: /elsewhere\r\n", 0, 0 };
	struct net_policy	 dev = { 1, "any", "*.test=127.0.0.1" };
	struct arena		*a = arena_new(0, 1 << 20);
	struct httpc		*h = httpc_new_opts(&fast);
	struct httpc_req	 q;
	struct httpc_resp	 r;

	req_init(&q, "GET", arena_printf(a, "http://hook.example.test:%d/x",
	    srv.port));
	q.policy = &dev;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(srv_count(), 1);
	ck_assert_str_eq(rec_hdr(srv_rec(0), "host"), arena_printf(a,
	    "hook.example.test:%d", srv.port));
	/* a redirect is an answer, never followed */
	srv_script(&moved, 1);
	req_init(&q, "GET", url(a, "/moved"));
	q.policy = &dev;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_OK);
	ck_assert_int_eq(r.status, 302);
	ck_assert_int_eq(srv_count(), 2);
	ck_assert_str_eq(srv_rec(1)->path, "/moved");
	/* a name that does not resolve */
	req_init(&q, "GET", "http://no-such-host.invalid/");
	q.policy = &dev;
	ck_assert_int_eq(httpc_do(h, a, &q, &r), SOUK_UNAVAILABLE);
	httpc_free(h);
	arena_free(a);
}
END_TEST

/* ---- the transaction guard (needs the dev stack's MariaDB) ---------- */

struct tx_arg {
	struct httpc	*h;
	struct arena	*a;
	const char	*url;
	enum souk_err	 er;
	int		 open;
};

static enum souk_err
tx_call(struct db *db, void *arg)
{
	struct tx_arg		*t = arg;
	struct httpc_req	 q;
	struct httpc_resp	 r;

	(void)db;
	t->open = db_tx_open();
	req_init(&q, "GET", t->url);
	t->er = httpc_do(t->h, t->a, &q, &r);
	return SOUK_OK;
}

START_TEST(test_no_call_in_tx)
{
	struct tx_arg		 t;
	struct db		*db;
	char			 err[512];

	ck_assert_int_eq(conf_load_as(&conf, "soukctl", NULL, err,
	    sizeof(err)), SOUK_OK);
	db = stack_db(NULL, NULL, 0);
	memset(&t, 0, sizeof(t));
	t.a = arena_new(0, 1 << 20);
	t.h = httpc_new();
	t.url = url(t.a, "/in-tx");
	ck_assert_int_eq(db_tx_open(), 0);
	ck_assert_int_eq(db_tx(db, tx_call, &t), SOUK_OK);
	ck_assert_int_eq(t.open, 1);
	ck_assert_int_eq(t.er, SOUK_INTERNAL);
	ck_assert_int_eq(db_tx_open(), 0);
	ck_assert_int_eq(srv_count(), 0);
	/* outside the transaction the same call goes out */
	ck_assert_int_eq(tx_call(db, &t), SOUK_OK);
	ck_assert_int_eq(t.er, SOUK_OK);
	ck_assert_int_eq(srv_count(), 1);
	httpc_free(t.h);
	arena_free(t.a);
	db_free(db);
}
END_TEST

static Suite *
suite_build(void)
{
	Suite	*s = suite_create("net");
	TCase	*tc = tcase_create("httpc");
	TCase	*pol = tcase_create("policy");

	log_init("check_net", LOG_ERR);
	/* the test server is local: a proxy from the environment is not */
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	tcase_add_checked_fixture(tc, srv_start, srv_stop);
	tcase_add_test(tc, test_signed_post);
	tcase_add_test(tc, test_signed_headers);
	tcase_add_test(tc, test_unsigned);
	tcase_add_test(tc, test_methods);
	tcase_add_test(tc, test_get_retried);
	tcase_add_test(tc, test_retries_end);
	tcase_add_test(tc, test_post_not_retried);
	tcase_add_test(tc, test_post_idempotent_retried);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_breaker);
	tcase_add_test(tc, test_breaker_stops_retries);
	tcase_add_test(tc, test_breaker_connect_failures);
	tcase_add_test(tc, test_retry_after);
	tcase_add_test(tc, test_status_map);
	tcase_add_test(tc, test_body_limit);
	tcase_add_test(tc, test_body_limit_default);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_policy_refuses);
	tcase_add_test(tc, test_policy_dev);
	tcase_add_loop_test(pol, test_addr_table, 0,
	    sizeof(addrs) / sizeof(addrs[0]));
	tcase_add_test(pol, test_ports);
	tcase_add_test(pol, test_url_check);
	suite_add_tcase(s, pol);
	if (getenv("SOUK_CONF") != NULL)
		tcase_add_test(tc, test_no_call_in_tx);
	suite_add_tcase(s, tc);
	return s;
}

#include "tap.h"
