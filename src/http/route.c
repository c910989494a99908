/*
 * The router: method + path pattern with typed path parameters, and the
 * declared-parameter filter (undeclared parameters are dropped, declared
 * ones validated).
 */
#include <string.h>

#include "http/http.h"

#define ROUTE_MAX_PARAMS	8

static const struct {
	const char	*name;
	enum valid_type	 type;
} path_types[] = {
	{ "slug", VALID_SLUG },
	{ "id", VALID_ID },
	{ "cursor", VALID_CURSOR },
	{ "line", VALID_LINE },
	{ "host", VALID_HOST },
};

/* Length of the segment starting at s (up to '/' or end). */
static size_t
seg_len(const char *s)
{
	const char	*e = strchr(s, '/');

	return e == NULL ? strlen(s) : (size_t)(e - s);
}

/* A "{name:type}" pattern segment: add the parameter named in it. */
static int
match_param(struct arena *a, const char *pat, size_t plen, const char *seg,
    size_t slen, struct kv *out, size_t *n)
{
	const char	*colon = memchr(pat, ':', plen);

	if (slen == 0 || *n >= ROUTE_MAX_PARAMS)
		return 0;
	if (colon == NULL)
		colon = pat + plen - 1;
	out[*n].key = arena_strndup(a, pat + 1, (size_t)(colon - pat - 1));
	out[*n].val = arena_strndup(a, seg, slen);
	if (out[*n].key == NULL || out[*n].val == NULL)
		return 0;
	(*n)++;
	return 1;
}

int
route_match(struct arena *a, const char *pattern, const char *path,
    struct kv **out, size_t *n)
{
	struct kv	*pv;
	size_t		 plen, slen;

	*n = 0;
	if ((pv = arena_alloc(a, sizeof(*pv) * ROUTE_MAX_PARAMS)) == NULL)
		return 0;
	*out = pv;
	for (;;) {
		if (strcmp(pattern, "/*") == 0)
			return *path == '/' || *path == '\0';
		if (*pattern != *path)
			return 0;
		if (*pattern == '\0')
			return 1;
		pattern++, path++;
		plen = seg_len(pattern);
		slen = seg_len(path);
		if (plen > 1 && pattern[0] == '{' && pattern[plen - 1] == '}') {
			if (!match_param(a, pattern, plen, path, slen, pv, n))
				return 0;
		} else if (plen != slen || memcmp(pattern, path, plen) != 0)
			return 0;
		pattern += plen;
		path += slen;
	}
}

/* Type of path parameter name in pattern; VALID_LINE if untyped. */
static enum valid_type
path_param_type(const char *pattern, const char *name)
{
	const char	*p = pattern, *colon, *end;
	size_t		 i, nl = strlen(name);

	while ((p = strchr(p, '{')) != NULL) {
		end = strchr(p, '}');
		colon = memchr(p, ':', end == NULL ? 0 : (size_t)(end - p));
		p++;
		if (end == NULL || colon == NULL ||
		    (size_t)(colon - p) != nl || memcmp(p, name, nl) != 0)
			continue;
		for (i = 0; i < sizeof(path_types) / sizeof(path_types[0]);
		    i++)
			if (strlen(path_types[i].name) ==
			    (size_t)(end - colon - 1) &&
			    memcmp(colon + 1, path_types[i].name,
			    (size_t)(end - colon - 1)) == 0)
				return path_types[i].type;
	}
	return VALID_LINE;
}

static int
path_params_valid(const struct route *rt, const struct kv *pv, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!valid_check(path_param_type(rt->pattern, pv[i].key),
		    pv[i].val, 1, 256))
			return 0;
	return 1;
}

enum souk_err
route_find(struct arena *a, const struct route *routes, size_t nroutes,
    enum http_method m, const char *path, const struct route **out,
    struct kv **pathv, size_t *npath)
{
	enum souk_err	 er = SOUK_NOTFOUND;
	enum http_method want;
	size_t		 i;

	for (i = 0; i < nroutes; i++) {
		if (!route_match(a, routes[i].pattern, path, pathv, npath))
			continue;
		want = m == HTTP_HEAD ? HTTP_GET : m;
		if (routes[i].method != want) {
			er = SOUK_METHOD;
			continue;
		}
		if (!path_params_valid(&routes[i], *pathv, *npath))
			return SOUK_NOTFOUND;
		*out = &routes[i];
		return SOUK_OK;
	}
	return er;
}

static const struct param_decl *
decl_find(const struct param_decl *d, const char *name)
{
	for (; d != NULL && d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

/* The message a client sees for an invalid value of d. */
static const char *
param_message(struct arena *a, const struct param_decl *d)
{
	switch (d->type) {
	case VALID_INT:
		return arena_printf(a, "must be a whole number from %lld to "
		    "%lld", (long long)d->min, (long long)d->max);
	case VALID_TEXT:
		return arena_printf(a, "must be text of %lld to %lld "
		    "characters", (long long)d->min, (long long)d->max);
	case VALID_LINE:
		return arena_printf(a, "must be one line of %lld to %lld "
		    "characters", (long long)d->min, (long long)d->max);
	case VALID_EMAIL:
		return "must be an e-mail address";
	case VALID_CURSOR:
		return "must be a cursor returned by this API";
	case VALID_BOOL:
		return "must be true or false";
	case VALID_ID:
		return "must be an id (a whole number from 1)";
	case VALID_SLUG:
		return "must be lower-case letters, digits and single dashes";
	case VALID_HOST:
		return "must be a host name";
	case VALID_LIST:
		return arena_printf(a, "must be a list of at most %lld names",
		    (long long)d->max);
	case VALID_OBJECT:
		return "must be an object";
	default:
		return "invalid value";
	}
}

static enum souk_err
param_check(struct req *r, const struct param_decl *d, const char *val)
{
	const char	*msg;

	if (valid_check(d->type, val, d->min, d->max))
		return SOUK_OK;
	msg = param_message(r->a, d);
	return req_field_error(r, d->name, msg == NULL ? "invalid value" :
	    msg);
}

enum souk_err
params_validate(struct req *r, const struct kv *in, size_t nin)
{
	const struct param_decl	*decls = r->route->params, *d;
	enum souk_err		 er = SOUK_OK;
	size_t			 i, n = 0;

	r->params = arena_alloc(r->a, sizeof(*r->params) * (nin + 1));
	if (r->params == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < nin; i++) {
		if ((d = decl_find(decls, in[i].key)) == NULL ||
		    req_param(r, in[i].key) != NULL)
			continue;	/* undeclared or repeated: dropped */
		if (param_check(r, d, in[i].val) != SOUK_OK)
			er = SOUK_INVALID;
		r->params[n++] = in[i];
		r->nparams = n;
	}
	for (d = decls; d != NULL && d->name != NULL; d++)
		if (d->required && req_param(r, d->name) == NULL)
			er = req_field_error(r, d->name, "is required");
	if (er != SOUK_OK)
		r->detail = N_("One or more parameters are invalid.");
	return er;
}

const char *
route_allowed(struct arena *a, const struct route *routes, size_t n,
    const char *path)
{
	static const char *const names[HTTP_METHOD__MAX] = { "GET", "HEAD",
	    "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };
	struct buf	 b;
	struct kv	*pv;
	size_t		 i, npv;

	buf_init(&b, a, 64);
	for (i = 0; i < n; i++) {
		if (!route_match(a, routes[i].pattern, path, &pv, &npv))
			continue;
		buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
		    names[routes[i].method]);
		if (routes[i].method == HTTP_GET)
			buf_adds(&b, ", HEAD");
	}
	return buf_ok(&b) ? b.data : "GET";
}

const void *
route_arg(const struct req *r)
{
	return r->route != NULL ? r->route->arg : NULL;
}

/* 1 if v is a JSON array of at most max short one-line strings. */
static int
body_list_ok(struct json_object *v, int64_t max)
{
	size_t	 i, n;

	if (!json_object_is_type(v, json_type_array))
		return 0;
	n = json_object_array_length(v);
	if ((int64_t)n > max)
		return 0;
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_string) ||
		    !valid_check(VALID_LINE, json_object_get_string(e), 1, 64))
			return 0;
	}
	return 1;
}

/* 1 if the JSON value v is what d declares. */
static int
body_value_ok(const struct param_decl *d, struct json_object *v)
{
	int64_t	 n;

	switch (d->type) {
	case VALID_INT:
	case VALID_ID:
		if (!json_object_is_type(v, json_type_int))
			return 0;
		n = json_object_get_int64(v);
		return d->type == VALID_ID ? n >= 1 : n >= d->min &&
		    n <= d->max;
	case VALID_BOOL:
		return json_object_is_type(v, json_type_boolean);
	case VALID_LIST:
		return body_list_ok(v, d->max);
	case VALID_OBJECT:
		return json_object_is_type(v, json_type_object);
	default:
		return json_object_is_type(v, json_type_string) &&
		    valid_check(d->type, json_object_get_string(v), d->min,
		    d->max);
	}
}

enum souk_err
body_validate(struct req *r)
{
	const struct param_decl	*d;
	struct json_object	*v;
	enum souk_err		 er = SOUK_OK;

	if ((er = req_json_object(r)) != SOUK_OK)
		return er;
	for (d = r->route->body; d->name != NULL; d++) {
		if (!json_object_object_get_ex(r->json, d->name, &v) ||
		    v == NULL) {
			if (d->required)
				er = req_field_error(r, d->name,
				    "is required");
		} else if (!body_value_ok(d, v))
			er = req_field_error(r, d->name, param_message(r->a,
			    d));
	}
	if (er != SOUK_OK && r->detail == NULL)
		r->detail = "One or more fields are invalid.";
	return er;
}
