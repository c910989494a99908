/*
 * The FastCGI side: the accept loop, SIGTERM handling, reading one
 * request into a struct req and writing the response back.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "http/http_int.h"

static volatile sig_atomic_t	 fcgi_stop;

static void
on_term(int sig)
{
	(void)sig;
	fcgi_stop = 1;
	FCGX_ShutdownPending();
}

/* No SA_RESTART: an idle worker must leave accept() on SIGTERM. */
static void
fcgi_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static const char *const method_names[HTTP_METHOD__MAX] = {
	"GET",		/* HTTP_GET */
	"HEAD",		/* HTTP_HEAD */
	"POST",		/* HTTP_POST */
	"PUT",		/* HTTP_PUT */
	"PATCH",	/* HTTP_PATCH */
	"DELETE",	/* HTTP_DELETE */
	"OPTIONS",	/* HTTP_OPTIONS */
};

static int
method_parse(const char *s, enum http_method *out)
{
	int	 i;

	for (i = 0; i < HTTP_METHOD__MAX; i++)
		if (str_eq(s, method_names[i])) {
			*out = (enum http_method)i;
			return 1;
		}
	return 0;
}

static const char *
param_or(FCGX_Request *f, const char *name, const char *def)
{
	const char	*v = FCGX_GetParam(name, f->envp);

	return v == NULL ? def : v;
}

/* X-Request-Id from the client if sane, else 16 random bytes in hex. */
static void
req_id(struct req *r, FCGX_Request *f)
{
	const char	*in = FCGX_GetParam("HTTP_X_REQUEST_ID", f->envp);

	if (in != NULL && valid_check(VALID_CURSOR, in, 1, 64))
		r->reqid = arena_strdup(r->a, in);
	else
		r->reqid = http_random_hex(r->a, 16);
	if (r->reqid == NULL)
		r->reqid = "-";
}

/* Host header: lower case, port dropped; NULL if malformed. */
static const char *
req_host(struct req *r, const char *h)
{
	char	*s, *colon;

	if (h == NULL || !valid_check(VALID_HOST, h, 0, 0))
		return NULL;
	if ((s = arena_strdup(r->a, h)) == NULL)
		return NULL;
	if ((colon = strchr(s, ':')) != NULL)
		*colon = '\0';
	str_lower(s);
	return s;
}

static enum souk_err
req_uri(struct req *r, const char *uri)
{
	const char	*q = strchr(uri, '?');
	char		*p;
	size_t		 len;

	if (uri[0] != '/')
		return SOUK_INVALID;
	len = q == NULL ? strlen(uri) : (size_t)(q - uri);
	r->raw_path = arena_strndup(r->a, uri, len);
	r->query = q == NULL ? "" : arena_strdup(r->a, q + 1);
	if ((p = arena_strndup(r->a, uri, len)) == NULL || r->query == NULL ||
	    r->raw_path == NULL)
		return SOUK_ENOMEM;
	if (str_url_decode(p, 0, &len) == -1 || !str_utf8_valid(p, len))
		return SOUK_INVALID;
	r->path = p;
	return SOUK_OK;
}

static enum souk_err
req_body(struct req *r, FCGX_Request *f, int64_t max)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", f->envp);
	int64_t		 len = 0;
	char		*b;

	if (cl != NULL && *cl != '\0' &&
	    str_to_i64(cl, 0, INT64_MAX, &len) != SOUK_OK)
		return SOUK_INVALID;
	if (len > max) {
		r->detail = N_("the request body is too large");
		return SOUK_TOOLARGE;
	}
	if ((b = arena_alloc(r->a, (size_t)len + 1)) == NULL)
		return SOUK_TOOLARGE;
	if (len > 0 && FCGX_GetStr(b, (int)len, f->in) != (int)len)
		return SOUK_INVALID;
	r->body = b;
	r->body_len = (size_t)len;
	return SOUK_OK;
}

enum souk_err
fcgi_req_read(struct app *app, FCGX_Request *f, struct req *r)
{
	const char	*uri;
	enum souk_err	 er;

	r->app = app;
	r->fcgi = f;
	buf_init(&r->headers, r->a, 512);
	buf_init(&r->out, r->a, 8192);
	req_id(r, f);
	r->method_name = param_or(f, "REQUEST_METHOD", "GET");
	r->remote_addr = param_or(f, "REMOTE_ADDR", "");
	r->content_type = param_or(f, "CONTENT_TYPE", "");
	r->scheme = str_eq(param_or(f, "HTTPS", ""), "on") ? "https" : "http";
	uri = param_or(f, "REQUEST_URI", "/");
	if ((er = req_uri(r, uri)) != SOUK_OK)
		return er;
	if (!method_parse(r->method_name, &r->method))
		return SOUK_METHOD;
	if ((r->host = req_host(r, FCGX_GetParam("HTTP_HOST", f->envp))) ==
	    NULL) {
		r->host = "";
		r->detail = "missing or malformed Host header";
		return SOUK_INVALID;
	}
	er = http_parse_cookies(r->a, FCGX_GetParam("HTTP_COOKIE", f->envp),
	    &r->cookies, &r->ncookies);
	if (er != SOUK_OK)
		return er;
	return req_body(r, f, app->conf.max_body_bytes);
}

/* libfcgi's own printf knows no %zu: format with libc. */
static void
fcgi_write(FCGX_Request *f, struct req *r)
{
	char	 line[64];
	int	 n;

	n = snprintf(line, sizeof(line), "Status: %d %s\r\n", r->status,
	    http_reason(r->status));
	FCGX_PutStr(line, n, f->out);
	FCGX_PutStr(r->headers.data, (int)r->headers.len, f->out);
	n = snprintf(line, sizeof(line), "Content-Length: %zu\r\n\r\n",
	    r->out.len);
	FCGX_PutStr(line, n, f->out);
	if (r->method != HTTP_HEAD)
		FCGX_PutStr(r->out.data, (int)r->out.len, f->out);
}

/*
 * SIGTERM is blocked while a request is handled, so that no system call
 * of the request (body read, database, memcached) is interrupted: the
 * request in flight finishes, then the pending signal stops the loop.
 * It is unblocked only while waiting in accept, which it interrupts.
 */
int
fcgi_loop(struct app *app)
{
	FCGX_Request	 f;
	struct arena	*a;
	struct req	 r;
	sigset_t	 term, old;

	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&f, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		fatal("cannot initialise FastCGI");
	if ((a = arena_new(256 * 1024, (size_t)app->conf.max_request_memory))
	    == NULL)
		fatal("out of memory");
	fcgi_signals();
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, &old);
	for (;;) {
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (fcgi_stop || FCGX_Accept_r(&f) < 0)
			break;
		sigprocmask(SIG_BLOCK, &term, NULL);
		memset(&r, 0, sizeof(r));
		r.a = a;
		app_handle_fcgi(app, &f, &r);
		fcgi_write(&f, &r);
		FCGX_Finish_r(&f);
		arena_reset(a);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	FCGX_Finish_r(&f);
	arena_free(a);
	return 0;
}
