/*
 * Logging: one logfmt line per event on stderr, which the web server
 * collects.  Each line is built in memory and written with one call so
 * that lines from several workers do not interleave.  Everything that
 * may come from a client is escaped so that it cannot forge a line or
 * a field.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"

#define LOG_LINE_MAX	8192
#define LOG_MSG_MAX	2048

static char		log_program[64] = "souk";
static enum log_level	log_min = LOG_INFO;	/* drop messages above */

static const char *const log_names[] = {
	[LOG_ERR] = "err",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

/* A line being built; once full, further text is dropped. */
struct line {
	char	 s[LOG_LINE_MAX];
	size_t	 len;
};

/*
 * The escaped form of c, or NULL if c stands for itself.  Bare fields
 * (not in quotes) also escape space, '"' and '=' so that they stay one
 * field.
 */
static const char *
log_esc(unsigned char c, int bare, char tmp[5])
{
	static const char	 hex[] = "0123456789ABCDEF";

	switch (c) {
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	case '"':
		return bare ? "\\x22" : "\\\"";
	case '\\':
		return "\\\\";
	}
	if (c >= 0x20 && c != 0x7f && !(bare && (c == ' ' || c == '=')))
		return NULL;
	tmp[0] = '\\';
	tmp[1] = 'x';
	tmp[2] = hex[c >> 4];
	tmp[3] = hex[c & 0xf];
	tmp[4] = '\0';
	return tmp;
}

/*
 * Escapes src into dst (size dstlen > 0), never splitting an escape;
 * returns the length written.  Each byte takes at most 4 bytes.
 */
static size_t
log_escape(char *dst, size_t dstlen, const char *src, int bare)
{
	char		 tmp[5];
	const char	*rep;
	size_t		 len, n;

	for (len = 0; *src != '\0'; src++) {
		if ((rep = log_esc((unsigned char)*src, bare, tmp)) == NULL) {
			tmp[0] = *src;
			tmp[1] = '\0';
			rep = tmp;
		}
		if ((n = strlen(rep)) >= dstlen - len)
			break;
		memcpy(dst + len, rep, n);
		len += n;
	}
	dst[len] = '\0';
	return len;
}

static void
line_add(struct line *l, const char *s)
{
	l->len += str_lcpy(l->s + l->len, s, sizeof(l->s) - l->len);
	if (l->len >= sizeof(l->s))
		l->len = sizeof(l->s) - 1;
}

/* An untrusted value, escaped; "-" if NULL. */
static void
line_add_field(struct line *l, const char *s, int bare)
{
	if (s == NULL)
		s = "-";
	l->len += log_escape(l->s + l->len, sizeof(l->s) - l->len, s, bare);
}

/* Starts a line with the time, level and program. */
static void
line_start(struct line *l, enum log_level level)
{
	struct tm	 tm;
	time_t		 t;

	l->len = 0;
	t = (time_t)time_unix();
	if (gmtime_r(&t, &tm) != NULL)
		l->len = strftime(l->s, sizeof(l->s), "%Y-%m-%dT%H:%M:%SZ",
		    &tm);
	line_add(l, " level=");
	line_add(l, log_names[level]);
	line_add(l, " program=");
	line_add(l, log_program);
}

/* Ends the line, even when it was truncated, and writes it. */
static void
line_write(struct line *l)
{
	if (l->len > sizeof(l->s) - 2)
		l->len = sizeof(l->s) - 2;
	l->s[l->len++] = '\n';
	(void)fwrite(l->s, 1, l->len, stderr);
	(void)fflush(stderr);
}

/* program is copied; messages above level are dropped. */
void
log_init(const char *program, enum log_level level)
{
	if (program != NULL)
		(void)str_lcpy(log_program, program, sizeof(log_program));
	if ((unsigned int)level <= LOG_DEBUG)
		log_min = level;
}

/* The formatted message is escaped as a whole, its arguments with it. */
void
log_msg(enum log_level level, const char *fmt, ...)
{
	struct line	 l;
	char		 msg[LOG_MSG_MAX];
	va_list		 ap;

	if ((unsigned int)level > LOG_DEBUG || level > log_min)
		return;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		(void)str_lcpy(msg, fmt, sizeof(msg));
	va_end(ap);
	line_start(&l, level);
	line_add(&l, " msg=\"");
	line_add_field(&l, msg, 0);
	line_add(&l, "\"");
	line_write(&l);
}

/* At level info, so dropped when the level is err or warn. */
void
log_request(const char *reqid, int64_t tenant, const char *caller,
    const char *route, const char *method, const char *path, int status,
    double ms)
{
	struct line	 l;
	char		 nums[96];

	if (log_min < LOG_INFO)
		return;
	line_start(&l, LOG_INFO);
	line_add(&l, " reqid=");
	line_add_field(&l, reqid, 1);
	(void)snprintf(nums, sizeof(nums), " tenant=%" PRId64, tenant);
	line_add(&l, nums);
	if (caller != NULL) {
		line_add(&l, " caller=");
		line_add_field(&l, caller, 1);
	}
	line_add(&l, " route=");
	line_add_field(&l, route, 1);
	line_add(&l, " method=");
	line_add_field(&l, method, 1);
	line_add(&l, " path=\"");
	/* Leave room for the fields after the path. */
	if (l.len < sizeof(l.s) - sizeof(nums))
		l.len += log_escape(l.s + l.len,
		    sizeof(l.s) - sizeof(nums) - l.len, path == NULL ? "-" :
		    path, 0);
	(void)snprintf(nums, sizeof(nums), "\" status=%d ms=%.2f", status,
	    ms);
	line_add(&l, nums);
	line_write(&l);
}

/*
 * s escaped for a log field (quoted or not), in the arena; "-" for
 * NULL.  NULL if out of memory.
 */
char *
log_field(struct arena *a, const char *s)
{
	char	*p;
	size_t	 len;

	if (s == NULL)
		return arena_strdup(a, "-");
	len = strlen(s);
	if (len > (SIZE_MAX - 1) / 4 || (p = arena_alloc(a, len * 4 + 1)) ==
	    NULL)
		return NULL;
	(void)log_escape(p, len * 4 + 1, s, 0);
	return p;
}

/* Start-up errors only: prints "program: fatal: message" and exits. */
void
fatal(const char *fmt, ...)
{
	char	 msg[LOG_MSG_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		(void)str_lcpy(msg, fmt, sizeof(msg));
	va_end(ap);
	(void)fprintf(stderr, "%s: fatal: %s\n", log_program, msg);
	exit(1);
}
