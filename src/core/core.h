/*
 * core: arena, buffers, strings, errors, logging, configuration, field
 * validators and json-c helpers.  Depends on libc and json-c only.
 * Everything a request allocates comes from its arena and is released at
 * once when the arena is reset; nothing here frees a single object.
 */
#ifndef SOUK_CORE_H
#define SOUK_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors ---------------------------------------------------------- */

enum souk_err {
	SOUK_OK = 0,
	SOUK_ENOMEM,		/* allocation failed or request memory cap */
	SOUK_INVALID,		/* malformed or out-of-range input */
	SOUK_TOOLARGE,		/* body or field over its limit */
	SOUK_UNAUTHORIZED,	/* no or bad credentials */
	SOUK_FORBIDDEN,		/* credentials fine, action not allowed */
	SOUK_NOTFOUND,		/* no such object (or another tenant's) */
	SOUK_METHOD,		/* path exists, method does not */
	SOUK_CONFLICT,		/* state does not allow the change */
	SOUK_CLOSED,		/* tenant suspended: temporarily closed */
	SOUK_READONLY,		/* tenant in read-only mode: no writes */
	SOUK_RATELIMIT,		/* too many requests: try again later */
	SOUK_UNAVAILABLE,	/* a dependency is down */
	SOUK_DB,		/* database error */
	SOUK_UPSTREAM,		/* another service failed */
	SOUK_INTERNAL,		/* a bug */
	SOUK_ERR__MAX
};

const char	*souk_strerror(enum souk_err);
/* HTTP status for an error; the only place where this mapping lives. */
int		 souk_err_status(enum souk_err);
/* Short human title ("Not Found") for the status of an error. */
const char	*souk_err_title(enum souk_err);
/*
 * 1 for the errors a person can mend by changing what they sent
 * (SOUK_INVALID, SOUK_CONFLICT, SOUK_FORBIDDEN, SOUK_RATELIMIT): a form
 * shows them on the page; any other error is the error page's.
 */
int		 souk_err_user(enum souk_err);

/*
 * What a person must change, next to SOUK_INVALID, SOUK_CONFLICT or
 * SOUK_FORBIDDEN from a domain function: the field it is about (NULL:
 * the request as a whole) and a message for them, lower case, no full
 * stop ("must be an e-mail address").  Static strings or the caller's
 * arena.  The web layer shows it as a field error of problem+json or a
 * line on the form.
 */
struct souk_why {
	const char	*field;
	const char	*msg;
};

/* Fill why and return er (for one-line returns in domain code). */
enum souk_err	 souk_why_set(struct souk_why *, enum souk_err,
		    const char *field, const char *msg);

/* ---- arena ----------------------------------------------------------- */

/*
 * An arena hands out memory from chunks and frees everything at reset.
 * Allocations larger than a chunk get their own block.  A cap bounds the
 * total one request may use; past it arena_alloc returns NULL.
 * Cleanups run in reverse order of registration at reset/free: foreign
 * objects (json-c, MYSQL_RES, curl) register one instead of being freed
 * by hand.  With --enable-arena-debug every allocation is its own malloc
 * so that ASan and valgrind see overflows and use after reset.
 */
struct arena;

struct arena	*arena_new(size_t chunk, size_t cap);
void		 arena_free(struct arena *);
void		 arena_reset(struct arena *);
void		*arena_alloc(struct arena *, size_t);	/* zeroed, aligned */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 arena_cleanup(struct arena *, void (*)(void *), void *);
size_t		 arena_used(const struct arena *);

/* ---- buffers --------------------------------------------------------- */

/*
 * A length-tracked growable byte buffer in an arena.
 * Invariants: data[len] == '\0' always (so data is a C string when the
 * content has no NUL); len < cap; a failed append sets oom and leaves the
 * content as it was; every later append is then a no-op, so callers check
 * buf_ok() once at the end.
 */
struct buf {
	struct arena	*a;
	char		*data;
	size_t		 len;
	size_t		 cap;
	int		 oom;
};

void	 buf_init(struct buf *, struct arena *, size_t hint);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
int	 buf_ok(const struct buf *);
/* Escapers: each output context has its own. */
void	 buf_add_html(struct buf *, const char *, size_t);
void	 buf_add_url(struct buf *, const char *, size_t);
void	 buf_add_js(struct buf *, const char *, size_t);
void	 buf_add_hex(struct buf *, const unsigned char *, size_t);

/* ---- strings and numbers --------------------------------------------- */

/* Checked decimal parse of the whole string into [min, max]. */
enum souk_err	 str_to_i64(const char *, int64_t min, int64_t max,
		    int64_t *out);
size_t		 str_lcpy(char *, const char *, size_t);
int		 str_eq(const char *, const char *);
int		 str_has_prefix(const char *, const char *);
/* 1 if s is min to max lower-case hex digits. */
int		 str_hex_ok(const char *s, size_t min, size_t max);
/* Hex digits (either case) into at most max bytes (*n); -1 if not. */
int		 str_hex_decode(const char *, unsigned char *out, size_t max,
		    size_t *n);
/* 1 if the comma-separated list (may be NULL) holds item exactly. */
int		 str_list_has(const char *list, const char *item);
/* Percent-decode in place ('+' to space when form != 0); -1 if bad. */
int		 str_url_decode(char *, int form, size_t *outlen);
/* Lower-case ASCII in place. */
void		 str_lower(char *);
/* A lower-cased copy in a (e-mail addresses compare without case). */
char		*str_lower_dup(struct arena *, const char *);
/* 1 if the NUL-terminated s of length len is valid UTF-8 without NUL. */
int		 str_utf8_valid(const char *, size_t);

/* ---- validators (valid.c) -------------------------------------------- */

enum valid_type {
	VALID_TEXT,	/* UTF-8, no controls but TAB/LF/CR, max characters */
	VALID_LINE,	/* UTF-8, no controls at all, max characters */
	VALID_INT,	/* decimal in [min, max] */
	VALID_ID,	/* decimal in [1, 2^53] */
	VALID_SLUG,	/* [a-z0-9] with single inner '-', 1..96 bytes */
	VALID_EMAIL,	/* local@domain, 3..254 bytes */
	VALID_CURSOR,	/* base64url, 1..64 bytes */
	VALID_BOOL,	/* 0 1 true false on off */
	VALID_HOST,	/* DNS name with optional :port */
	VALID_LIST,	/* a JSON body's array of strings (http.h) */
	VALID_OBJECT,	/* a JSON body's object */
	VALID_TYPE__MAX
};

/* 1 if s is valid for type (min/max: INT bounds, or TEXT/LINE length). */
int	 valid_check(enum valid_type, const char *s, int64_t min, int64_t max);

/* ---- json-c helpers (json.c) ------------------------------------------ */

struct json_object;
/*
 * A json-c string that is never NULL-fatal: json_object_new_string(NULL)
 * crashes, and an arena string is NULL when the request ran out of
 * memory, which must fail the request, not the process (an empty string
 * here; the response buffer then reports the shortage).
 */
struct json_object *json_str(const char *);
/* ["a", "b"] from "a,b" (NULL or "": []); NULL on ENOMEM. */
struct json_object *json_str_list(const char *csv);
/* {"k1": v1[, "k2": v2]} as text in a (k2 NULL: one member; a NULL
 * value: null). */
const char	*json_kv_text(struct arena *, const char *k1, const char *v1,
		    const char *k2, const char *v2);

/* ---- logging --------------------------------------------------------- */

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void	 log_init(const char *program, enum log_level);
void	 log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* One line per request. */
void	 log_request(const char *reqid, int64_t tenant, const char *caller,
	    const char *route,
	    const char *method, const char *path, int status, double ms);
/* Escape CR, LF, TAB and controls for a log field; result in arena. */
char	*log_field(struct arena *, const char *);
void	 fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* ---- configuration --------------------------------------------------- */

/*
 * souk.conf: "key = value" lines, '#' comments.  Unknown keys stop
 * start-up.  Passwords are never in the file: they come from the
 * environment (SOUK_<KEY>, e.g. SOUK_SHOP_DB_PASSWORD) or from a
 * *_password_file readable by its owner only.
 */
struct conf {
	char	 base_domain[256];
	char	 db_host[256];
	int	 db_port;
	char	 db_socket[256];
	char	 shop_db_name[64];
	char	 shop_db_user[64];
	char	 shop_db_password[256];
	char	 center_db_name[64];
	char	 center_db_user[64];
	char	 center_db_password[256];
	char	 admin_db_user[64];
	char	 admin_db_password[256];
	char	 services_db_name[64];
	char	 services_db_user[64];
	char	 services_db_password[256];
	char	 master_key[128];	/* 64 hex digits: encrypts key secrets */
	char	 health_allow[256];	/* addresses seeing health details */
	char	 health_token[128];	/* or a request with this bearer */
	/* purpose keys, 64 hex digits each ("": derived from master_key) */
	char	 cache_key[128];	/* MACs of values in memcached */
	char	 seal_key[128];		/* seals API key and webhook secrets */
	char	 totp_key[128];		/* seals two-factor secrets */
	char	 session_key[128];	/* CSRF tokens of sessions */
	int	 sign_window;		/* seconds a signed call stays valid */
	int	 accept_signature_v1;	/* v1 signatures still count */
	char	 services_url[256];	/* base URL of souk-services */
	char	 center_url[256];	/* base URL of Center (pull calls) */
	char	 tenant_app_url[256];	/* base URL of the tenant side's
					 * /internal/api (Center's calls) */
	int	 internal_allow_http;	/* http:// to loopback (dev, tests) */
	char	 domain_check_port[8];	/* port of domain checks, "": 80 */
	char	 export_dir[512];	/* export bundles of terminated shops */
	int	 webhook_backoff_s;	/* first retry of a webhook */
	int	 webhook_max_attempts;
	int	 webhook_disable_after_s; /* failing this long: disabled */
	int	 outbound_allow_loopback; /* dev, tests: webhooks and domain
					   * checks may reach loopback and
					   * private addresses, over http */
	char	 outbound_ports[64];	/* ports they may use: "443,80" */
	char	 outbound_resolve[256];	/* dev, tests: names resolved
					 * without DNS, "*.test=127.0.0.1" */
	char	 center_api_key[64];	/* Center's key for signed calls */
	char	 center_api_secret[160];
	char	 tenant_app_api_key[64];	/* storefront + backoffice */
	char	 tenant_app_api_secret[160];
	char	 smtp_url[256];		/* smtp://host:port */
	char	 mail_from[256];	/* platform sender address */
	char	 sms_url[256];		/* SMS provider endpoint */
	char	 sms_token[256];
	char	 shop_url_scheme[8];	/* links in mail: http or https */
	char	 shop_url_port[8];	/* and a port, "" for the default */
	char	 oidc_issuer[256];	/* Center's OpenID provider; "": off */
	char	 oidc_client_id[128];
	char	 oidc_client_secret[256];
	char	 oidc_label[64];	/* the sign-in button's provider name */
	char	 memcached_servers[256];
	int	 memcached_timeout_ms;
	int	 cache_ttl;
	char	 template_dir[512];
	char	 locale_dir[512];	/* <lang>/LC_MESSAGES/<domain>.mo */
	char	 sql_dir[512];
	char	 media_dir[512];
	int64_t	 max_body_bytes;
	int64_t	 max_request_memory;
	int	 render_cpu_ms;		/* CPU time of one message's render */
	int	 log_level;
};

/*
 * Load file (NULL: $SOUK_CONF, then the compiled-in default).  Lines
 * after a "[name]" header belong to program name: conf_load_as reads
 * the common lines and section's (they may override common keys), and
 * never opens the secret files of another program's section;
 * conf_load reads the common lines only.
 */
enum souk_err	 conf_load(struct conf *, const char *path, char *errbuf,
		    size_t errlen);
enum souk_err	 conf_load_as(struct conf *, const char *section,
		    const char *path, char *errbuf, size_t errlen);
const char	*conf_default_path(void);
/*
 * 1 if url may be an internal base URL: empty, https://, or, with
 * allow_http, http:// to a loopback host (127.0.0.0/8, ::1, localhost,
 * *.localhost) without credentials.  conf_load checks services_url,
 * center_url and tenant_app_url with it.
 */
int		 conf_url_internal_ok(const char *url, int allow_http);

/* ---- time ------------------------------------------------------------ */

double	 time_now_ms(void);		/* monotonic */
int64_t	 time_unix(void);		/* wall clock, seconds */

#endif /* SOUK_CORE_H */
