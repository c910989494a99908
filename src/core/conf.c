/*
 * souk.conf: "key = value" lines, whole-line '#' comments.  Every key is
 * a row of conf_keys; defaults are parsed from the same table as the
 * file, and the environment overrides through conf_envs.  Any mistake
 * stops start-up with "path:line: message".
 *
 * Passwords never come from the file itself, only from the environment
 * or from a *_password_file that only its owner may read.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/core.h"

#ifndef SOUK_SYSCONFDIR
#define SOUK_SYSCONFDIR		"/etc/souk"
#endif
#ifndef SOUK_PKGDATADIR
#define SOUK_PKGDATADIR		"/usr/share/souk"
#endif
#ifndef SOUK_STATEDIR
#define SOUK_STATEDIR		"/var/lib/souk"
#endif

#define NITEMS(x)	(sizeof(x) / sizeof((x)[0]))
#define CONF_WHY_MAX	512
#define SECRET_MAX	1024	/* longer than any password field */

enum conf_type {
	CONF_STR,	/* copied into a char array */
	CONF_NUM,	/* int or int64_t (by size), decimal in [min, max] */
	CONF_LEVEL,	/* err, warn, info or debug, as enum log_level */
	CONF_SECRET,	/* path of a 0600 file; its first line is the value */
	CONF_BOOL,	/* yes or no, as int 1 or 0 */
};

struct conf_key {
	const char	*key;		/* in the file, or environment name */
	enum conf_type	 type;
	size_t		 off;		/* field in struct conf */
	size_t		 size;		/* of that field */
	int64_t		 min;		/* CONF_NUM only */
	int64_t		 max;
	const char	*def;		/* default, parsed like a value */
};

#define FIELD(f)	offsetof(struct conf, f), sizeof(((struct conf *)0)->f)
#define STR(f, def)	{ #f, CONF_STR, FIELD(f), 0, 0, def }
#define NUM(f, def, min, max) { #f, CONF_NUM, FIELD(f), min, max, def }
#define SECRET(f)	{ #f "_file", CONF_SECRET, FIELD(f), 0, 0, NULL }
#define BOOL(f, def)	{ #f, CONF_BOOL, FIELD(f), 0, 0, def }
#define PORT_MIN	1
#define PORT_MAX	65535

static const struct conf_key conf_keys[] = {
	STR(base_domain, "localhost"),
	STR(db_host, "127.0.0.1"),
	NUM(db_port, "3306", PORT_MIN, PORT_MAX),
	STR(db_socket, ""),
	STR(shop_db_name, "souk_shop"),
	STR(shop_db_user, "souk_shop"),
	SECRET(shop_db_password),
	STR(center_db_name, "souk_center"),
	STR(center_db_user, "souk_center"),
	SECRET(center_db_password),
	STR(admin_db_user, "root"),
	SECRET(admin_db_password),
	STR(services_db_name, "souk_services"),
	STR(services_db_user, "souk_services"),
	SECRET(services_db_password),
	SECRET(master_key),
	SECRET(cache_key),
	SECRET(seal_key),
	SECRET(totp_key),
	SECRET(session_key),
	STR(health_allow, "127.0.0.1,::1"),
	SECRET(health_token),
	NUM(sign_window, "300", 1, 900),
	BOOL(accept_signature_v1, "no"),
	STR(services_url, ""),
	STR(center_url, ""),
	STR(tenant_app_url, ""),
	BOOL(internal_allow_http, "no"),
	STR(domain_check_port, ""),
	STR(export_dir, SOUK_STATEDIR "/exports"),
	NUM(webhook_backoff_s, "30", 1, 86400),
	NUM(webhook_max_attempts, "8", 1, 50),
	NUM(webhook_disable_after_s, "432000", 1, 31536000),
	BOOL(outbound_allow_loopback, "no"),
	STR(outbound_ports, "443,80"),
	STR(outbound_resolve, ""),
	STR(center_api_key, ""),
	SECRET(center_api_secret),
	STR(tenant_app_api_key, ""),
	SECRET(tenant_app_api_secret),
	STR(smtp_url, "smtp://127.0.0.1:25"),
	STR(mail_from, "shop@localhost"),
	STR(sms_url, ""),
	SECRET(sms_token),
	STR(shop_url_scheme, "https"),
	STR(shop_url_port, ""),
	STR(oidc_issuer, ""),
	STR(oidc_client_id, ""),
	SECRET(oidc_client_secret),
	STR(oidc_label, "single sign-on"),
	STR(memcached_servers, "127.0.0.1:11211"),
	NUM(memcached_timeout_ms, "50", 1, 5000),
	NUM(cache_ttl, "60", 1, 86400),
	STR(template_dir, SOUK_PKGDATADIR "/templates"),
	STR(locale_dir, SOUK_LOCALEDIR),
	STR(sql_dir, SOUK_PKGDATADIR "/sql"),
	STR(media_dir, SOUK_STATEDIR "/media"),
	NUM(max_body_bytes, "1048576", 1024, 1073741824),
	NUM(max_request_memory, "16777216", 65536, 1073741824),
	NUM(render_cpu_ms, "250", 1, 60000),
	{ "log_level", CONF_LEVEL, FIELD(log_level), 0, 0, "info" },
};

/* Applied after the file, in this order. */
static const struct conf_key conf_envs[] = {
	{ "SOUK_SHOP_DB_PASSWORD", CONF_STR, FIELD(shop_db_password), 0, 0,
	    NULL },
	{ "SOUK_CENTER_DB_PASSWORD", CONF_STR, FIELD(center_db_password), 0,
	    0, NULL },
	{ "SOUK_SERVICES_DB_PASSWORD", CONF_STR,
	    FIELD(services_db_password), 0, 0, NULL },
	{ "SOUK_ADMIN_DB_PASSWORD", CONF_STR, FIELD(admin_db_password), 0, 0,
	    NULL },
	{ "SOUK_MASTER_KEY", CONF_STR, FIELD(master_key), 0, 0, NULL },
	{ "SOUK_DB_HOST", CONF_STR, FIELD(db_host), 0, 0, NULL },
	{ "SOUK_DB_PORT", CONF_NUM, FIELD(db_port), PORT_MIN, PORT_MAX, NULL },
	{ "SOUK_DB_SOCKET", CONF_STR, FIELD(db_socket), 0, 0, NULL },
	{ "SOUK_MEMCACHED_SERVERS", CONF_STR, FIELD(memcached_servers), 0, 0,
	    NULL },
	{ "SOUK_BASE_DOMAIN", CONF_STR, FIELD(base_domain), 0, 0, NULL },
};

static const char *const conf_levels[] = {
	[LOG_ERR] = "err",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

static void	 conf_err(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
conf_err(char *buf, size_t len, const char *fmt, ...)
{
	va_list	 ap;

	if (buf == NULL || len == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* Compiled-in path of souk.conf; a static string. */
const char *
conf_default_path(void)
{
	return SOUK_SYSCONFDIR "/souk.conf";
}

static int
conf_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* Trims s in place and returns its first non-blank byte. */
static char *
conf_trim(char *s)
{
	size_t	 len;

	while (conf_isspace(*s))
		s++;
	len = strlen(s);
	while (len > 0 && conf_isspace(s[len - 1]))
		s[--len] = '\0';
	return s;
}

/*
 * Opens a secret file for reading.  It must be a regular file that
 * group and others can neither read nor write; the check is made on the
 * open file, not the name, so that it cannot be swapped in between.
 */
static FILE *
conf_secret_open(const char *path, enum souk_err *er, char *why,
    size_t whylen)
{
	struct stat	 st;
	FILE		*f;
	int		 fd;

	*er = SOUK_INVALID;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		conf_err(why, whylen, "%s: %s", path, strerror(errno));
		*er = SOUK_NOTFOUND;
		return NULL;
	}
	if (fstat(fd, &st) == -1)
		conf_err(why, whylen, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		conf_err(why, whylen, "%s: not a regular file", path);
	else if ((st.st_mode & 077) != 0)
		conf_err(why, whylen, "%s: permissions too open, want 0600",
		    path);
	else if ((f = fdopen(fd, "r")) == NULL)
		conf_err(why, whylen, "%s: %s", path, strerror(errno));
	else
		return f;
	(void)close(fd);
	return NULL;
}

/*
 * The directory of the souk.conf being read: relative secret files are
 * found there (or in $CREDENTIALS_DIRECTORY).  Set by conf_load_as.
 */
static char	conf_dir[PATH_MAX];

/*
 * Reads the first line of a secret file, without its newline, into dst.
 * A relative name is a systemd credential (LoadCredential=, a file of
 * $CREDENTIALS_DIRECTORY that only this program's unit can read) when
 * systemd started the program, else a file next to souk.conf: the same
 * configuration serves the units and an operator's soukctl.
 */
static enum souk_err
conf_secret(const char *name, char *dst, size_t size, char *why,
    size_t whylen)
{
	char		 line[SECRET_MAX], path[PATH_MAX];
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	enum souk_err	 er;
	FILE		*f;
	int		 n;

	if (dir == NULL || *dir != '/')
		dir = conf_dir;
	if (*name == '/')
		n = snprintf(path, sizeof(path), "%s", name);
	else if (strstr(name, "..") != NULL || *dir == '\0') {
		conf_err(why, whylen, "%s: a relative secret file must name "
		    "a file next to souk.conf or a systemd credential", name);
		return SOUK_INVALID;
	} else
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || n >= (int)sizeof(path)) {
		conf_err(why, whylen, "%s: path too long", name);
		return SOUK_INVALID;
	}
	if ((f = conf_secret_open(path, &er, why, whylen)) == NULL)
		return er;
	line[0] = '\0';
	if (fgets(line, sizeof(line), f) != NULL)
		line[strcspn(line, "\r\n")] = '\0';
	er = SOUK_OK;
	if (ferror(f)) {
		conf_err(why, whylen, "%s: read error", path);
		er = SOUK_INVALID;
	} else if (str_lcpy(dst, line, size) >= size) {
		conf_err(why, whylen, "%s: secret too long (max %zu bytes)",
		    path, size - 1);
		explicit_bzero(dst, size);
		er = SOUK_INVALID;
	}
	(void)fclose(f);
	explicit_bzero(line, sizeof(line));
	return er;
}

static enum souk_err
conf_set_num(char *field, const struct conf_key *k, const char *val,
    char *why, size_t whylen)
{
	int64_t	 v;
	int	 i;

	if (str_to_i64(val, k->min, k->max, &v) != SOUK_OK) {
		conf_err(why, whylen, "bad number for \"%s\" "
		    "(want %" PRId64 "..%" PRId64 ")", k->key, k->min, k->max);
		return SOUK_INVALID;
	}
	if (k->size == sizeof(int)) {
		i = (int)v;
		memcpy(field, &i, sizeof(i));
	} else
		memcpy(field, &v, sizeof(v));
	return SOUK_OK;
}

/* Parses val for k into c; on error, why says what (without the value). */
static enum souk_err
conf_set(struct conf *c, const struct conf_key *k, const char *val,
    char *why, size_t whylen)
{
	char	*field = (char *)c + k->off;
	int	 i;

	switch (k->type) {
	case CONF_STR:
		if (str_lcpy(field, val, k->size) < k->size)
			return SOUK_OK;
		conf_err(why, whylen, "value too long for \"%s\" "
		    "(max %zu bytes)", k->key, k->size - 1);
		return SOUK_INVALID;
	case CONF_NUM:
		return conf_set_num(field, k, val, why, whylen);
	case CONF_LEVEL:
		for (i = 0; i < (int)NITEMS(conf_levels); i++)
			if (strcmp(val, conf_levels[i]) == 0) {
				memcpy(field, &i, sizeof(i));
				return SOUK_OK;
			}
		conf_err(why, whylen, "bad log level \"%s\" "
		    "(want err, warn, info or debug)", val);
		return SOUK_INVALID;
	case CONF_SECRET:
		return conf_secret(val, field, k->size, why, whylen);
	case CONF_BOOL:
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0) {
			conf_err(why, whylen, "bad value for \"%s\" "
			    "(want yes or no)", k->key);
			return SOUK_INVALID;
		}
		i = strcmp(val, "yes") == 0;
		memcpy(field, &i, sizeof(i));
		return SOUK_OK;
	}
	conf_err(why, whylen, "bad key type");
	return SOUK_INTERNAL;
}

static const struct conf_key *
conf_key_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < NITEMS(conf_keys); i++)
		if (strcmp(conf_keys[i].key, key) == 0)
			return &conf_keys[i];
	return NULL;
}

/* Where conf_read is: before any [section], in ours, or in another. */
struct conf_where {
	const char	*section;	/* the program's, or NULL */
	int		 in;		/* 0 top, 1 ours, 2 another's */
	unsigned char	 seen[2][NITEMS(conf_keys)];
};

/* "[name]": the section of the lines that follow. */
static enum souk_err
conf_section(struct conf_where *w, char *line, char *why, size_t whylen)
{
	size_t	 n = strlen(line);

	if (n < 3 || line[n - 1] != ']' || strspn(line + 1,
	    "abcdefghijklmnopqrstuvwxyz") != n - 2) {
		conf_err(why, whylen, "bad section header (want [program])");
		return SOUK_INVALID;
	}
	line[n - 1] = '\0';
	w->in = w->section != NULL && strcmp(line + 1, w->section) == 0 ?
	    1 : 2;
	return SOUK_OK;
}

/*
 * One line of the file; seen[] catches duplicate keys.  Keys in another
 * program's section are checked by name and otherwise skipped: their
 * secret files are never opened.
 */
static enum souk_err
conf_line(struct conf *c, char *line, struct conf_where *w, char *why,
    size_t whylen)
{
	const struct conf_key	*k;
	char			*key, *eq;
	size_t			 len;

	key = conf_trim(line);
	if (*key == '\0' || *key == '#')
		return SOUK_OK;
	if (*key == '[')
		return conf_section(w, key, why, whylen);
	if ((eq = strchr(key, '=')) == NULL) {
		conf_err(why, whylen, "expected \"key = value\"");
		return SOUK_INVALID;
	}
	*eq = '\0';
	key = conf_trim(key);
	if ((k = conf_key_find(key)) == NULL) {
		len = strlen(key);
		conf_err(why, whylen, "unknown key \"%s\"%s", key,
		    len > 9 && strcmp(key + len - 9, "_password") == 0 ?
		    " (use the environment or a *_password_file)" : "");
		return SOUK_INVALID;
	}
	if (w->in == 2)
		return SOUK_OK;
	if (w->seen[w->in][k - conf_keys]++) {
		conf_err(why, whylen, "duplicate key \"%s\"", key);
		return SOUK_INVALID;
	}
	return conf_set(c, k, conf_trim(eq + 1), why, whylen);
}

static enum souk_err
conf_read(struct conf *c, FILE *f, const char *path, const char *section,
    char *errbuf, size_t errlen)
{
	struct conf_where	 w;
	char			 why[CONF_WHY_MAX];
	char			*line = NULL;
	size_t			 linesz = 0;
	enum souk_err		 er = SOUK_OK;
	int			 lineno;

	memset(&w, 0, sizeof(w));
	w.section = section;
	for (lineno = 1; getline(&line, &linesz, f) != -1; lineno++) {
		if ((er = conf_line(c, line, &w, why, sizeof(why))) !=
		    SOUK_OK) {
			conf_err(errbuf, errlen, "%s:%d: %s", path, lineno,
			    why);
			break;
		}
	}
	if (er == SOUK_OK && ferror(f)) {
		conf_err(errbuf, errlen, "%s: %s", path, strerror(errno));
		er = SOUK_INVALID;
	}
	free(line);
	return er;
}

/* 1 if host (no brackets, no port) is a loopback address or name. */
static int
conf_host_loopback(const char *host)
{
	unsigned char	 ip[16];
	size_t		 n = strlen(host);

	if (inet_pton(AF_INET, host, ip) == 1)
		return ip[0] == 127;
	if (inet_pton(AF_INET6, host, ip) == 1)
		return IN6_IS_ADDR_LOOPBACK((struct in6_addr *)ip);
	/* RFC 6761; libcurl resolves these to loopback itself */
	return strcasecmp(host, "localhost") == 0 || (n > 10 &&
	    strcasecmp(host + n - 10, ".localhost") == 0);
}

int
conf_url_internal_ok(const char *url, int allow_http)
{
	char		 host[256];
	const char	*p;
	size_t		 n;

	if (*url == '\0' || (strncasecmp(url, "https://", 8) == 0 &&
	    url[8] != '\0'))
		return 1;
	if (!allow_http || strncasecmp(url, "http://", 7) != 0)
		return 0;
	p = url + 7;
	n = strcspn(p, "/?#");
	if (memchr(p, '@', n) != NULL)
		return 0;
	if (*p == '[') {
		p++;
		n = strcspn(p, "]");
	} else
		n = strcspn(p, ":/?#");
	if (n == 0 || n >= sizeof(host))
		return 0;
	memcpy(host, p, n);
	host[n] = '\0';
	return conf_host_loopback(host);
}

/*
 * The base URLs programs call each other by carry signed calls and
 * their answers: only https://, or http:// to this machine in the dev
 * stack and tests.
 */
static enum souk_err
conf_check_urls(const struct conf *c, const char *path, char *errbuf,
    size_t errlen)
{
	static const struct { const char *key; size_t off; } urls[] = {
		{ "services_url", offsetof(struct conf, services_url) },
		{ "center_url", offsetof(struct conf, center_url) },
		{ "tenant_app_url", offsetof(struct conf, tenant_app_url) },
	};
	size_t	 i;

	for (i = 0; i < NITEMS(urls); i++)
		if (!conf_url_internal_ok((const char *)c + urls[i].off,
		    c->internal_allow_http)) {
			conf_err(errbuf, errlen, "%s: %s must be an https:// "
			    "URL (internal_allow_http = yes allows http:// to "
			    "a loopback host only)", path, urls[i].key);
			return SOUK_INVALID;
		}
	return SOUK_OK;
}

enum souk_err
conf_load(struct conf *c, const char *path, char *errbuf, size_t errlen)
{
	return conf_load_as(c, NULL, path, errbuf, errlen);
}

/* Fills c with the defaults, the file, then the environment. */
enum souk_err
conf_load_as(struct conf *c, const char *section, const char *path,
    char *errbuf, size_t errlen)
{
	const struct conf_key	*k;
	char			 why[CONF_WHY_MAX];
	const char		*val;
	enum souk_err		 er;
	FILE			*f;

	memset(c, 0, sizeof(*c));
	for (k = conf_keys; k < conf_keys + NITEMS(conf_keys); k++)
		if (k->def != NULL && (er = conf_set(c, k, k->def, why,
		    sizeof(why))) != SOUK_OK) {
			conf_err(errbuf, errlen, "default: %s", why);
			return er;
		}
	if (path == NULL &&
	    ((path = getenv("SOUK_CONF")) == NULL || *path == '\0'))
		path = conf_default_path();
	if ((f = fopen(path, "re")) == NULL) {
		conf_err(errbuf, errlen, "%s: %s", path, strerror(errno));
		return SOUK_NOTFOUND;
	}
	str_lcpy(conf_dir, path, sizeof(conf_dir));
	if (strrchr(conf_dir, '/') != NULL)
		*strrchr(conf_dir, '/') = '\0';
	else
		str_lcpy(conf_dir, ".", sizeof(conf_dir));
	er = conf_read(c, f, path, section, errbuf, errlen);
	(void)fclose(f);
	for (k = conf_envs; er == SOUK_OK && k < conf_envs + NITEMS(conf_envs);
	    k++)
		if ((val = getenv(k->key)) != NULL && (er = conf_set(c, k, val,
		    why, sizeof(why))) != SOUK_OK)
			conf_err(errbuf, errlen, "%s: %s", k->key, why);
	if (er == SOUK_OK)
		er = conf_check_urls(c, path, errbuf, errlen);
	return er;
}
