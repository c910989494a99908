/*
 * Responses: headers, cookies, HTML from templates, JSON, RFC 9457
 * problem details, redirects.  Nothing is written to the client here:
 * the FastCGI loop sends r->status, r->headers and r->out at the end.
 */
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "http/http.h"

const char *
http_reason(int status)
{
	static const struct {
		int		 status;
		const char	*text;
	} reasons[] = {
		{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
		{ 204, "No Content" }, { 301, "Moved Permanently" },
		{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 409, "Conflict" },
		{ 413, "Content Too Large" }, { 423, "Locked" },
		{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].text;
	return "Unknown";
}

const char *
http_random_hex(struct arena *a, size_t n)
{
	unsigned char	 rnd[64];
	struct buf	 b;

	if (n > sizeof(rnd) || RAND_bytes(rnd, (int)n) != 1)
		return NULL;
	buf_init(&b, a, n * 2 + 1);
	buf_add_hex(&b, rnd, n);
	return buf_ok(&b) ? b.data : NULL;
}

void
resp_header(struct req *r, const char *name, const char *val)
{
	/* Header values never carry CR or LF: drop the header instead. */
	if (strpbrk(val, "\r\n") != NULL || strpbrk(name, "\r\n:") != NULL)
		return;
	buf_printf(&r->headers, "%s: %s\r\n", name, val);
}

void
resp_header_always(struct req *r, const char *name, const char *val)
{
	if (strpbrk(val, "\r\n") != NULL || strpbrk(name, "\r\n:") != NULL)
		return;
	resp_header(r, name, val);
	if (r->sticky.a == NULL)
		buf_init(&r->sticky, r->a, 128);
	buf_printf(&r->sticky, "%s: %s\r\n", name, val);
}

void
resp_cookie(struct req *r, const char *name, const char *val,
    const char *path, int max_age)
{
	struct buf	 b;

	buf_init(&b, r->a, 128);
	buf_printf(&b, "%s=%s; Path=%s; HttpOnly; SameSite=Lax", name, val,
	    path);
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%d", max_age);
	if (str_eq(r->scheme, "https"))
		buf_adds(&b, "; Secure");
	if (buf_ok(&b))
		resp_header(r, "Set-Cookie", b.data);
}

static void
resp_start(struct req *r, int status, const char *ctype)
{
	r->status = status;
	r->responded = 1;
	buf_reset(&r->out);
	if (ctype != NULL)	/* NULL: no body, e.g. a 204 */
		resp_header(r, "Content-Type", ctype);
}

enum souk_err
resp_html_render(struct req *r, const char *tmpl, struct json_object *data,
    struct buf *out)
{
	const struct tmpl_lang	*l = req_lang(r);

	if (r->app->page_data != NULL)
		r->app->page_data(r, data);
	json_object_object_add(data, "lang", json_object_new_string(
	    l->code != NULL ? l->code : I18N_DEFAULT));
	return tmpl_render(l->set != NULL ? l->set : r->app->tmpl, tmpl,
	    data, out);
}

enum souk_err
resp_html(struct req *r, int status, const char *tmpl,
    struct json_object *data)
{
	enum souk_err	 er;

	resp_start(r, status, "text/html; charset=utf-8");
	if ((er = resp_html_render(r, tmpl, data, &r->out)) != SOUK_OK) {
		r->responded = 0;
		return er;
	}
	return SOUK_OK;
}

enum souk_err
resp_json(struct req *r, int status, struct json_object *o)
{
	const char	*s;
	size_t		 len;

	if (req_json_own(r, o) == NULL)
		return SOUK_ENOMEM;
	s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s == NULL)
		return SOUK_ENOMEM;
	resp_text(r, status, "application/json", s, len);
	return SOUK_OK;
}

static const char *
json_str_or(const char *s, const char *def)
{
	return s != NULL ? s : def;
}

static struct json_object *
problem_errors(struct json_object *fields)
{
	struct json_object	*arr = json_object_new_array(), *e;

	json_object_object_foreach(fields, k, v) {
		e = json_object_new_object();
		json_object_object_add(e, "field", json_object_new_string(k));
		json_object_object_add(e, "message", json_object_get(v));
		json_object_array_add(arr, e);
	}
	return arr;
}

struct json_object *
resp_field_errors(const struct req *r)
{
	return r->field_errors != NULL ? problem_errors(r->field_errors) :
	    NULL;
}

void
resp_problem(struct req *r, enum souk_err er)
{
	struct json_object	*o = json_object_new_object();
	int			 status = souk_err_status(er);

	if (o == NULL || req_json_own(r, o) == NULL) {
		resp_text(r, 500, "text/plain", "out of memory\n", 14);
		return;
	}
	json_object_object_add(o, "type", json_object_new_string(
	    "about:blank"));
	json_object_object_add(o, "title", json_object_new_string(
	    souk_err_title(er)));
	json_object_object_add(o, "status", json_object_new_int(status));
	if (r->detail != NULL)
		json_object_object_add(o, "detail",
		    json_object_new_string(r->detail));
	if (r->raw_path != NULL)
		json_object_object_add(o, "instance",
		    json_object_new_string(r->raw_path));
	json_object_object_add(o, "request_id",
	    json_object_new_string(r->reqid == NULL ? "" : r->reqid));
	if (r->field_errors != NULL)
		json_object_object_add(o, "errors",
		    problem_errors(r->field_errors));
	resp_text(r, status, "application/problem+json", json_str_or(
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE), "{}"), (size_t)-1);
}

void
resp_redirect(struct req *r, int status, const char *location)
{
	resp_start(r, status, "text/html; charset=utf-8");
	resp_header(r, "Location", location);
	buf_adds(&r->out, "<!doctype html><title>Moved</title>"
	    "<p>Moved to <a href=\"");
	buf_add_html(&r->out, location, strlen(location));
	buf_adds(&r->out, "\">a new address</a>.</p>\n");
}

void
resp_text(struct req *r, int status, const char *ctype, const char *body,
    size_t len)
{
	resp_start(r, status, ctype);
	if (len == (size_t)-1)
		len = strlen(body);
	buf_add(&r->out, body, len);
}

enum souk_err
resp_empty(struct req *r, int status)
{
	resp_text(r, status, NULL, "", 0);
	return SOUK_OK;
}

int
resp_form_error(struct req *r, enum souk_err er, const char *lead,
    const struct souk_why *why, int *status, const char **msg)
{
	if (!souk_err_user(er))
		return 0;
	*status = souk_err_status(er);
	lead = req_tr(r, lead);
	if (why == NULL || why->msg == NULL)
		*msg = r->detail != NULL ? req_tr(r, r->detail) :
		    arena_printf(r->a, "%s.", lead);
	else if (why->field != NULL && er == SOUK_INVALID)
		*msg = arena_printf(r->a, "%s: %s: %s.", lead, why->field,
		    req_tr(r, why->msg));
	else
		*msg = arena_printf(r->a, "%s: %s.", lead, req_tr(r, why->msg));
	return 1;
}

/* 1 if a header name (any case) is already among r's headers. */
static int
resp_has_header(const struct req *r, const char *name)
{
	const char	*p = r->headers.data;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			return 1;
		if ((p = strstr(p, "\r\n")) != NULL)
			p += 2;
	}
	return 0;
}

void
resp_security_headers(struct req *r)
{
	const char	*csp;

	csp = arena_printf(r->a, "default-src 'self'; img-src 'self' data:; "
	    "style-src 'self'%s%s; script-src 'self'; object-src 'none'; "
	    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	    r->csp_style != NULL ? " " : "",
	    r->csp_style != NULL ? r->csp_style : "");
	if (csp != NULL)
		resp_header(r, "Content-Security-Policy", csp);
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_header(r, "X-Frame-Options", "DENY");
	resp_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	resp_header(r, "X-Request-Id", r->reqid);
	/* a year; not includeSubDomains: a shop's own domain has others */
	if (str_eq(r->scheme, "https"))
		resp_header(r, "Strict-Transport-Security", "max-age=31536000");
	/* what a signed-in person sees stays out of every cache */
	if (r->route != NULL && r->route->auth != 0 &&
	    !resp_has_header(r, "Cache-Control"))
		resp_header(r, "Cache-Control", "no-store");
}
