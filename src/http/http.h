/*
 * http: the FastCGI accept loop, request parsing, declared parameters,
 * the router and responses.  Knows nothing of tenants or shops: an app
 * supplies a resolve hook that runs before routing.
 *
 * Ownership: everything reachable from a struct req lives in the
 * request's arena and dies at the end of the request.
 */
#ifndef SOUK_HTTP_H
#define SOUK_HTTP_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/core.h"
#include "store/store.h"
#include "tmpl/tmpl.h"

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH,
	HTTP_DELETE, HTTP_OPTIONS, HTTP_METHOD__MAX };

/* ---- routes ----------------------------------------------------------- */

struct req;
struct app;

/* A declared query or form parameter; undeclared ones are dropped. */
struct param_decl {
	const char	*name;
	enum valid_type	 type;
	int		 required;
	int64_t		 min;	/* INT bounds, or TEXT/LINE length bounds */
	int64_t		 max;
};

#define ROUTE_JSON	0x01	/* errors as problem+json */
#define ROUTE_TENANT	0x02	/* needs a resolved tenant */
#define ROUTE_CACHE	0x04	/* the app may answer from a page cache */
#define ROUTE_SIGNED	0x08	/* a signed internal call (app->authenticate) */
#define ROUTE_SIGNIN	0x10	/* sign-in or out: allowed while read-only */
#define ROUTE_LANG	0x20	/* also under a language prefix, "/de/…"
				 * (app->lang_prefix) */

/*
 * pattern: literal segments and "{name:type}" path parameters, e.g.
 * "/p/{slug:slug}", "/api/v1/products/{id:id}".  A trailing "/ *" (no
 * space) matches any rest.  params (query and form fields) and body (the
 * members of a JSON object body) are terminated by a { NULL } element,
 * or NULL.  A body field's type is the JSON it takes: VALID_INT and
 * VALID_ID a number, VALID_BOOL true or false, VALID_LIST an array of
 * at most max strings (each one line of at most 64 characters),
 * VALID_OBJECT an object, any other a string the type's validator
 * accepts; null counts as absent.
 * auth and perm say who may call the route (app->authorize reads
 * them; 0: anyone); arg is the handler's (route_arg), so one handler
 * serves several routes.
 */
struct route {
	enum http_method	 method;
	const char		*pattern;
	const char		*name;		/* for the log */
	enum souk_err		(*handler)(struct req *);
	const struct param_decl	*params;
	int			 flags;
	const char		*scope;		/* signed calls: key scope */
	int			 auth;		/* app-defined (auth_web.h) */
	int			 perm;		/* the app's permission enum */
	const void		*arg;
	const struct param_decl	*body;
};

/* ---- the request ------------------------------------------------------ */

struct kv {
	const char	*key;
	const char	*val;
};

struct req {
	struct arena		*a;
	struct app		*app;
	void			*fcgi;		/* FCGX_Request */
	enum http_method	 method;
	const char		*method_name;
	const char		*path;		/* decoded, no query */
	const char		*raw_path;
	const char		*query;		/* raw */
	const char		*host;		/* lower case, no port */
	const char		*reqid;
	const char		*remote_addr;
	const char		*content_type;
	const char		*scheme;	/* "http" or "https" */
	const char		*body;
	size_t			 body_len;
	struct json_object	*json;		/* JSON body, if any */
	const struct route	*route;
	struct kv		*params;	/* declared, validated */
	size_t			 nparams;
	struct kv		*pathv;		/* path parameters */
	size_t			 npath;
	struct kv		*cookies;
	size_t			 ncookies;
	int64_t			 tenant_id;	/* 0: none */
	void			*tenant;	/* app-defined, set by resolve */
	/*
	 * Language of what this request shows people ("de"): set by
	 * resolve (the shop's, a /{lang}/ path's) or by the signed-in
	 * account; NULL means the app's default, English.  It picks the
	 * compiled template set and the message catalog.
	 */
	const char		*lang;
	const char		*csp_style;	/* extra style-src, e.g. a hash */
	const char		*caller;	/* who signed the call, for the log */
	void			*principal;	/* a signed call's key */
	void			*account;	/* who signed in (auth/) */
	int			 retry_after;	/* seconds, with a 429 or 503 */
	const char		*detail;	/* error detail for the client */
	struct json_object	*field_errors;	/* name -> message */
	/* response */
	int			 status;
	struct buf		 headers;
	struct buf		 sticky;	/* headers an error keeps */
	struct buf		 out;
	int			 responded;
};

/*
 * The language r shows people in: r->lang's if the app speaks it, else
 * English.  Never NULL once the app has started.
 */
const struct tmpl_lang *req_lang(const struct req *);
/* msgid (marked N_ where written) in r's language. */
const char	*req_tr(const struct req *, const char *msgid);
/*
 * msgid in r's language with its placeholders filled: the arguments
 * after it are pairs of a name and its text, ended by NULL, so
 * req_trf(r, "Coupon {code} is ready.", "code", code, NULL).  In r's
 * arena; NULL when out of memory.  (xgettext keyword req_trf:2.)
 */
const char	*req_trf(const struct req *, const char *msgid, ...)
		    __attribute__((sentinel));

/* The route's argument for its handler. */
const void	*route_arg(const struct req *);
/* Typed getters for declared parameters; NULL/def when absent. */
const char	*req_param(const struct req *, const char *name);
int64_t		 req_param_i64(const struct req *, const char *name,
		    int64_t def);
const char	*req_path(const struct req *, const char *name);
int64_t		 req_path_i64(const struct req *, const char *name);
const char	*req_cookie(const struct req *, const char *name);
const char	*req_header(const struct req *, const char *cgi_name);
/* The token of "Authorization: Bearer <token>", or NULL. */
const char	*req_bearer(const struct req *);
/* "<scheme>://<host>[:port]" as the visitor reached us (no slash). */
const char	*req_base_url(struct req *);
/* A string member of the JSON body object, or NULL. */
const char	*req_json_str(const struct req *, const char *name);
/* A whole-number field of the body: def if absent or null, -1 if it is
 * something else. */
int64_t		 req_json_i64(const struct req *, const char *name,
		    int64_t def);
/* SOUK_INVALID (with a detail) unless the body is a JSON object. */
enum souk_err	 req_json_object(struct req *);
/* Record a field error (for problem+json "errors") and return INVALID. */
enum souk_err	 req_field_error(struct req *, const char *field,
		    const char *msg);
/*
 * Tell a JSON client why er happened: a field error when why names a
 * field, else why's message as the detail ("The …" sentence case).  A
 * field's conflict (a taken slug) gets both: the field error, and the
 * message as the detail.  Returns er, for `return req_why(r, er, &why);`.
 */
enum souk_err	 req_why(struct req *, enum souk_err,
		    const struct souk_why *);

/* ---- parsing (exported for tests) ------------------------------------- */

/* Split "a=1&b=2" (urlencoded) into pairs; SOUK_INVALID if malformed. */
enum souk_err	 http_parse_query(struct arena *, const char *,
		    struct kv **out, size_t *n);
enum souk_err	 http_parse_cookies(struct arena *, const char *,
		    struct kv **out, size_t *n);
/* Match path against pattern; fills path params. 1 on match. */
int		 route_match(struct arena *, const char *pattern,
		    const char *path, struct kv **out, size_t *n);
/*
 * Find the route for method+path: SOUK_NOTFOUND, SOUK_METHOD, or SOUK_OK
 * with *out set and path parameters validated (SOUK_NOTFOUND if a path
 * parameter is invalid: /p/BAD is no product).
 */
enum souk_err	 route_find(struct arena *, const struct route *, size_t n,
		    enum http_method, const char *path,
		    const struct route **out, struct kv **pathv,
		    size_t *npath);
/* Parse r->body as JSON into r->json (SOUK_INVALID with detail). */
enum souk_err	 req_parse_json(struct req *);
/* Keep declared params only and validate them. */
enum souk_err	 params_validate(struct req *, const struct kv *in,
		    size_t nin);
/*
 * Check the JSON body against the route's declared fields: SOUK_INVALID
 * with one field error per bad or missing field.
 */
enum souk_err	 body_validate(struct req *);

/* ---- responses -------------------------------------------------------- */

void		 resp_header(struct req *, const char *name, const char *val);
/* The same, kept on an error answer too (Deprecation, Sunset…). */
/*
 * The headers of every response: CSP, nosniff, frames, referrer, the
 * request id; HSTS over HTTPS; no-store on authenticated routes that
 * set no Cache-Control.
 */
void		 resp_security_headers(struct req *);
void		 resp_header_always(struct req *, const char *name,
		    const char *val);
/* Set-Cookie with HttpOnly, SameSite=Lax, Path, Secure over https. */
void		 resp_cookie(struct req *, const char *name, const char *val,
		    const char *path, int max_age);
/* Render template name with data (borrowed) as the response. */
enum souk_err	 resp_html(struct req *, int status, const char *tmpl,
		    struct json_object *data);
/* The same page rendered into out (appended), not sent. */
enum souk_err	 resp_html_render(struct req *, const char *tmpl,
		    struct json_object *data, struct buf *out);
/* JSON response; takes ownership of obj (freed with the request). */
enum souk_err	 resp_json(struct req *, int status, struct json_object *);
/* RFC 9457 problem+json for err, with r->detail and field errors. */
void		 resp_problem(struct req *, enum souk_err);
/*
 * r's field errors as problem+json lists them, [{"field": …, "message":
 * …}], for a page to show (caller's), or NULL if there are none.
 */
struct json_object *resp_field_errors(const struct req *);
void		 resp_redirect(struct req *, int status, const char *location);
/*
 * The one renderer of a form's failure: for an error the person can
 * mend (souk_err_user) 1, with *status (the one mapping of errors to
 * HTTP) and *msg, "<lead>: <why's message>." for the page to show on
 * the form ("<lead>: <field>: <message>." for a bad field, r->detail or
 * "<lead>." without a message); else 0, and the handler returns er for
 * the error page.
 */
int		 resp_form_error(struct req *, enum souk_err, const char *lead,
		    const struct souk_why *, int *status, const char **msg);
/* An empty answer (204, or 202): SOUK_OK, for a handler to return. */
enum souk_err	 resp_empty(struct req *, int status);
void		 resp_text(struct req *, int status, const char *ctype,
		    const char *body, size_t len);
/* json-c object freed when the request ends. */
struct json_object *req_json_own(struct req *, struct json_object *);

/* ---- the application -------------------------------------------------- */

/* Template names every app's layout and error page use. */
#define APP_TMPL_VARS \
	{ "content", TMPL_RAW },	/* a layout's page */ \
	{ "title", TMPL_SCALAR }, \
	{ "detail", TMPL_ANY },		/* error pages */ \
	{ "status", TMPL_SCALAR }, \
	{ "closed", TMPL_SECTION }

struct app {
	const char		*name;		/* "storefront" */
	const struct route	*routes;
	size_t			 nroutes;
	const struct tmpl_var	*vars;		/* template dictionary */
	int			 plane;		/* APP_SHOP or APP_CENTER */
	/*
	 * Runs before routing: takes a language prefix ("/de") off
	 * r->path and sets r->lang to it; 1 if it did, and then only a
	 * ROUTE_LANG route matches.  Whether the app serves the language
	 * is for resolve to say.
	 */
	int			(*lang_prefix)(struct req *);
	/* Runs after routing: resolve tenant from r->host etc. */
	enum souk_err		(*resolve)(struct req *);
	/* Checks a ROUTE_SIGNED call before resolve (sec_authenticate). */
	enum souk_err		(*authenticate)(struct req *);
	/* Who may call a route with route->auth set (auth_route). */
	enum souk_err		(*authorize)(struct req *);
	const void		*auth;		/* the app's principals (auth/) */
	/* Runs once, after config, templates and memcached are set up. */
	void			(*started)(struct app *);
	/* Adds app-wide template data (shop name, theme) to a page. */
	void			(*page_data)(struct req *,
				    struct json_object *);
	const struct db_stmt_def *stmts;	/* the plane's SQL table */
	size_t			 nstmts;
	/* Filled by app_main. */
	struct conf		 conf;
	struct db		*db;
	struct db		*center_db;	/* see app_center_db */
	struct cache		*cache;
	struct tmpl_set		*tmpl;		/* English */
	/* Message catalog domain: "souk" (default) or "souk-center". */
	const char		*domain;
	struct tmpl_lang		 langs[I18N_LANGS_MAX];	/* those found */
	size_t			 nlangs;
};

#define APP_SHOP	1
#define APP_CENTER	2
#define APP_SERVICES	3

/*
 * Load config, connect, compile templates, then serve FastCGI requests
 * until SIGTERM.  Exits non-zero (fatal) on a start-up failure.
 */
int		 app_main(struct app *, int argc, char **argv);
/* Handle one request already read into r (exported for tests). */
void		 app_handle(struct app *, struct req *);

/* The plane's database connection; NULL while the server is down. */
struct db	*app_db(struct app *);
/*
 * A second connection, to Center's database with this plane's user,
 * for verifying signed calls (api_keys, request_nonces) with defs.
 */
struct db	*app_center_db(struct app *, const struct db_stmt_def *,
		    size_t);
/* Reason phrase of an HTTP status ("Not Found"). */
const char	*http_reason(int status);
/* n random bytes as lower-case hex in the request arena. */
const char	*http_random_hex(struct arena *, size_t n);
/* "GET, POST" for the routes matching path (for 405's Allow). */
const char	*route_allowed(struct arena *, const struct route *, size_t,
		    const char *path);

/* Built-in handlers every app routes, under its path prefix. */
#define APP_HEALTH_ROUTES(prefix) \
	{ HTTP_GET, prefix "/healthz", "healthz", app_healthz, NULL, \
	    ROUTE_JSON, NULL, 0, 0, NULL, NULL }, \
	{ HTTP_GET, prefix "/readyz", "readyz", app_readyz, NULL, \
	    ROUTE_JSON, NULL, 0, 0, NULL, NULL }
enum souk_err	 app_healthz(struct req *);
enum souk_err	 app_readyz(struct req *);

#endif /* SOUK_HTTP_H */
