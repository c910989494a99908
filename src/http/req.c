/*
 * Request parsing: query strings, cookies, urlencoded forms and JSON
 * bodies, and the typed getters handlers read them through.
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include <fcgiapp.h>

#include "http/http.h"

#define REQ_MAX_PAIRS	256
#define REQ_JSON_DEPTH	32

static size_t
count_char(const char *s, char c)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (*s == c)
			n++;
	return n;
}

/* Decode one "key=value" piece of length len into kv. */
static enum souk_err
pair_decode(struct arena *a, const char *s, size_t len, struct kv *kv)
{
	const char	*eq = memchr(s, '=', len);
	char		*k, *v;
	size_t		 klen, vlen;

	klen = eq == NULL ? len : (size_t)(eq - s);
	k = arena_strndup(a, s, klen);
	v = eq == NULL ? arena_strdup(a, "") :
	    arena_strndup(a, eq + 1, len - klen - 1);
	if (k == NULL || v == NULL)
		return SOUK_ENOMEM;
	if (str_url_decode(k, 1, &klen) == -1 ||
	    str_url_decode(v, 1, &vlen) == -1 ||
	    !str_utf8_valid(k, klen) || !str_utf8_valid(v, vlen) ||
	    klen == 0)
		return SOUK_INVALID;
	kv->key = k;
	kv->val = v;
	return SOUK_OK;
}

enum souk_err
http_parse_query(struct arena *a, const char *q, struct kv **out,
    size_t *n)
{
	const char	*amp;
	size_t		 max, len;
	enum souk_err	 er;

	*n = 0;
	max = q == NULL ? 0 : count_char(q, '&') + 1;
	if (max > REQ_MAX_PAIRS)
		return SOUK_INVALID;
	if ((*out = arena_alloc(a, sizeof(**out) * (max + 1))) == NULL)
		return SOUK_ENOMEM;
	for (; q != NULL && *q != '\0'; q = amp == NULL ? q + len : amp + 1) {
		amp = strchr(q, '&');
		len = amp == NULL ? strlen(q) : (size_t)(amp - q);
		if (len == 0)
			continue;
		if ((er = pair_decode(a, q, len, &(*out)[*n])) != SOUK_OK)
			return er;
		(*n)++;
	}
	return SOUK_OK;
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Cookies are not percent-decoded; malformed pieces are skipped. */
enum souk_err
http_parse_cookies(struct arena *a, const char *s, struct kv **out,
    size_t *n)
{
	const char	*semi, *eq;
	size_t		 max, len;

	*n = 0;
	max = s == NULL ? 0 : count_char(s, ';') + 1;
	if (max > REQ_MAX_PAIRS)
		return SOUK_INVALID;
	if ((*out = arena_alloc(a, sizeof(**out) * (max + 1))) == NULL)
		return SOUK_ENOMEM;
	for (; s != NULL && *s != '\0'; s = semi == NULL ? s + len : semi + 1) {
		s = skip_ws(s);
		semi = strchr(s, ';');
		len = semi == NULL ? strlen(s) : (size_t)(semi - s);
		eq = memchr(s, '=', len);
		if (eq == NULL || eq == s)
			continue;
		(*out)[*n].key = arena_strndup(a, s, (size_t)(eq - s));
		(*out)[*n].val = arena_strndup(a, eq + 1,
		    len - (size_t)(eq - s) - 1);
		if ((*out)[*n].key == NULL || (*out)[*n].val == NULL)
			return SOUK_ENOMEM;
		(*n)++;
	}
	return SOUK_OK;
}

static void
json_put_cb(void *p)
{
	json_object_put(p);
}

struct json_object *
req_json_own(struct req *r, struct json_object *o)
{
	if (o != NULL && arena_cleanup(r->a, json_put_cb, o) == -1) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

enum souk_err
req_parse_json(struct req *r)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	enum json_tokener_error	 jerr;

	if (!str_utf8_valid(r->body, r->body_len))
		return SOUK_INVALID;
	if ((tok = json_tokener_new_ex(REQ_JSON_DEPTH)) == NULL)
		return SOUK_ENOMEM;
	o = json_tokener_parse_ex(tok, r->body, (int)r->body_len);
	jerr = json_tokener_get_error(tok);
	if (o != NULL && jerr == json_tokener_success &&
	    json_tokener_get_parse_end(tok) < r->body_len) {
		json_object_put(o);	/* trailing garbage */
		o = NULL;
	}
	json_tokener_free(tok);
	if (o == NULL || jerr != json_tokener_success) {
		r->detail = "the request body is not valid JSON";
		return SOUK_INVALID;
	}
	r->json = req_json_own(r, o);
	return r->json == NULL ? SOUK_ENOMEM : SOUK_OK;
}

static const char *
kv_get(const struct kv *v, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, name) == 0)
			return v[i].val;
	return NULL;
}

const char *
req_param(const struct req *r, const char *name)
{
	return kv_get(r->params, r->nparams, name);
}

int64_t
req_param_i64(const struct req *r, const char *name, int64_t def)
{
	const char	*s = req_param(r, name);
	int64_t		 v;

	if (s == NULL || str_to_i64(s, INT64_MIN, INT64_MAX, &v) != SOUK_OK)
		return def;
	return v;
}

const char *
req_path(const struct req *r, const char *name)
{
	return kv_get(r->pathv, r->npath, name);
}

int64_t
req_path_i64(const struct req *r, const char *name)
{
	const char	*s = req_path(r, name);
	int64_t		 v;

	if (s == NULL || str_to_i64(s, 1, INT64_MAX, &v) != SOUK_OK)
		return 0;
	return v;
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return kv_get(r->cookies, r->ncookies, name);
}

const char *
req_header(const struct req *r, const char *cgi_name)
{
	FCGX_Request	*f = r->fcgi;

	if (f == NULL)
		return NULL;
	return FCGX_GetParam(cgi_name, f->envp);
}

const char *
req_bearer(const struct req *r)
{
	const char	*h = req_header(r, "HTTP_AUTHORIZATION");

	if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
		return NULL;
	return h + 7;
}

const char *
req_base_url(struct req *r)
{
	const char	*port = req_header(r, "SERVER_PORT");
	int64_t		 n;

	/* The port the visitor used, unless the scheme's own. */
	if (port != NULL && str_to_i64(port, 1, 65535, &n) == SOUK_OK &&
	    n != (str_eq(r->scheme, "https") ? 443 : 80))
		return arena_printf(r->a, "%s://%s:%lld", r->scheme, r->host,
		    (long long)n);
	return arena_printf(r->a, "%s://%s", r->scheme, r->host);
}

const char *
req_json_str(const struct req *r, const char *name)
{
	struct json_object	*v;

	if (r->json == NULL || !json_object_object_get_ex(r->json, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int64_t
req_json_i64(const struct req *r, const char *name, int64_t def)
{
	struct json_object	*v;

	if (r->json == NULL || !json_object_object_get_ex(r->json, name, &v) ||
	    v == NULL)
		return def;
	return json_object_is_type(v, json_type_int) ?
	    json_object_get_int64(v) : -1;
}

enum souk_err
req_json_object(struct req *r)
{
	if (r->json != NULL && json_object_is_type(r->json, json_type_object))
		return SOUK_OK;
	r->detail = "A JSON object body is required "
	    "(Content-Type: application/json).";
	return SOUK_INVALID;
}

enum souk_err
req_field_error(struct req *r, const char *field, const char *msg)
{
	if (r->field_errors == NULL)
		r->field_errors = req_json_own(r, json_object_new_object());
	if (r->field_errors != NULL)
		json_object_object_add(r->field_errors, field,
		    json_object_new_string(msg));
	return SOUK_INVALID;
}

enum souk_err
req_why(struct req *r, enum souk_err er, const struct souk_why *why)
{
	if (why == NULL || why->msg == NULL)
		return er;
	if (why->field != NULL)
		(void)req_field_error(r, why->field, why->msg);
	if (why->field == NULL || er != SOUK_INVALID)
		r->detail = arena_printf(r->a, "%c%s.", toupper((unsigned char)
		    why->msg[0]), why->msg + 1);
	return er;
}

const struct tmpl_lang *
req_lang(const struct req *r)
{
	static const struct tmpl_lang	 english = { "en", NULL, NULL };
	size_t				 i;

	if (r->app == NULL || r->app->nlangs == 0)
		return &english;	/* an app not started (tests) */
	if (r->lang != NULL)
		for (i = 1; i < r->app->nlangs; i++)
			if (str_eq(r->app->langs[i].code, r->lang))
				return &r->app->langs[i];
	return &r->app->langs[0];
}

const char *
req_tr(const struct req *r, const char *msgid)
{
	return i18n_gettext(req_lang(r)->cat, msgid);
}

/* s with every "{name}" replaced by value, into b. */
static void
fill_one(struct buf *b, const char *s, const char *name, const char *value)
{
	size_t		 nlen = strlen(name);
	const char	*p;

	while ((p = strchr(s, '{')) != NULL) {
		buf_add(b, s, (size_t)(p - s));
		if (strncmp(p + 1, name, nlen) == 0 && p[nlen + 1] == '}') {
			buf_add(b, value, strlen(value));
			s = p + nlen + 2;
		} else {
			buf_add(b, p, 1);
			s = p + 1;
		}
	}
	buf_add(b, s, strlen(s));
}

const char *
req_trf(const struct req *r, const char *msgid, ...)
{
	const char	*s = req_tr(r, msgid), *name, *value;
	struct buf	 b;
	va_list		 ap;

	va_start(ap, msgid);
	while (s != NULL && (name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		buf_init(&b, r->a, strlen(s) + 64);
		fill_one(&b, s, name, value != NULL ? value : "");
		s = buf_ok(&b) ? b.data : NULL;
	}
	va_end(ap);
	return s;
}
