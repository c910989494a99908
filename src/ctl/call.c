/*
 * soukctl call: make a signed internal call as one of the platform's
 * systems (or with any key), print the answer.  For operators checking a
 * service, and for the tests.  --sign-only prints the headers instead
 * of sending, e.g. to replay a request with curl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "ctl/ctl.h"
#include "net/net.h"
#include "sec/sec.h"

struct call_opts {
	const char	*method, *url, *tenant, *data, *idem;
	const char	*ctype, *inm;	/* Content-Type, If-None-Match */
	const char	*key, *secret, *timestamp;
	int		 sign_only;
};

static int
call_usage(void)
{
	fprintf(stderr, "usage: soukctl call METHOD URL|/PATH [--tenant ID] "
	    "[--data JSON|@FILE]\n"
	    "           [--content-type T] [--idempotency-key K] "
	    "[--if-none-match E]\n"
	    "           [--as tenant-app|center | --key PK --secret-file F]\n"
	    "           [--sign-only [--timestamp UNIX]]\n"
	    "A /PATH is relative to services_url.  Prints the body; exits 0 "
	    "for a 2xx answer.  --sign-only prints the headers to send\n"
	    "(the signed ones included), one per line.\n");
	return 2;
}

/* The first line of a file or of "@file" data, or the whole file. */
static const char *
read_file(struct arena *a, const char *path, int first_line)
{
	struct buf	 b;
	char		 chunk[4096];
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b, a, 4096);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (!buf_ok(&b))
		return NULL;
	if (b.data == NULL)
		return "";
	if (first_line)
		b.data[strcspn(b.data, "\r\n")] = '\0';
	return b.data;
}

static int
call_as(struct ctl *c, struct call_opts *o, const char *who)
{
	if (str_eq(who, "tenant-app")) {
		o->key = c->conf.tenant_app_api_key;
		o->secret = c->conf.tenant_app_api_secret;
	} else if (str_eq(who, "center")) {
		o->key = c->conf.center_api_key;
		o->secret = c->conf.center_api_secret;
	} else
		return -1;
	return 0;
}

/* One "--name value" option; -1 if unknown or unreadable. */
static int
call_opt(struct ctl *c, struct call_opts *o, const char *name,
    const char *val)
{
	if (strcmp(name, "--tenant") == 0)
		o->tenant = val;
	else if (strcmp(name, "--data") == 0)
		o->data = val;
	else if (strcmp(name, "--content-type") == 0)
		o->ctype = val;
	else if (strcmp(name, "--idempotency-key") == 0)
		o->idem = val;
	else if (strcmp(name, "--if-none-match") == 0)
		o->inm = val;
	else if (strcmp(name, "--key") == 0)
		o->key = val;
	else if (strcmp(name, "--timestamp") == 0)
		o->timestamp = val;
	else if (strcmp(name, "--secret-file") == 0)
		return (o->secret = read_file(c->a, val, 1)) == NULL ? -1 : 0;
	else if (strcmp(name, "--as") == 0)
		return call_as(c, o, val);
	else
		return -1;
	return 0;
}

static int
call_opts(struct ctl *c, int argc, char **argv, struct call_opts *o)
{
	int	 i;

	if (argc < 3 || call_as(c, o, "tenant-app") == -1)
		return -1;
	o->method = argv[1];
	o->url = argv[2];
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--sign-only") == 0)
			o->sign_only = 1;
		else if (i + 1 >= argc || call_opt(c, o, argv[i],
		    argv[i + 1]) == -1)
			return -1;
		else
			i++;
	}
	if (o->data != NULL && o->data[0] == '@' &&
	    (o->data = read_file(c->a, o->data + 1, 0)) == NULL)
		return -1;
	/* what httpc sends, so that --sign-only signs the same */
	if (o->ctype == NULL && o->data != NULL)
		o->ctype = "application/json";
	if (o->url[0] == '/')
		o->url = arena_printf(c->a, "%s%s", c->conf.services_url, o->url);
	return o->url == NULL || o->key[0] == '\0' ? -1 : 0;
}

/* The headers of a signed request, one "name: value" per line. */
static int
call_sign_only(struct ctl *c, const struct call_opts *o)
{
	struct sec_sig_input	 in;
	const char		*path, *q, *sig;

	if ((path = strstr(o->url, "://")) == NULL ||
	    (path = strchr(path + 3, '/')) == NULL)
		return call_usage();
	memset(&in, 0, sizeof(in));
	q = strchr(path, '?');
	in.method = o->method;
	in.raw_path = q == NULL ? path : arena_strndup(c->a, path,
	    (size_t)(q - path));
	in.raw_query = q == NULL ? NULL : q + 1;
	in.tenant = o->tenant;
	in.api_key = o->key;
	in.timestamp = o->timestamp;	/* NULL: now */
	in.body = o->data;
	in.body_len = o->data != NULL ? strlen(o->data) : 0;
	in.version = SEC_SIG_V2;
	in.content_type = o->ctype;
	in.idempotency_key = o->idem;
	in.if_none_match = o->inm;
	if ((sig = sec_sign_fresh(c->a, &in, o->secret)) == NULL)
		return 1;
	printf("x-api-key: %s\nx-timestamp: %s\nx-nonce: %s\n", in.api_key,
	    in.timestamp, in.nonce);
	if (in.tenant != NULL)
		printf("x-tenant-id: %s\n", in.tenant);
	if (o->ctype != NULL)
		printf("Content-Type: %s\n", o->ctype);
	if (o->idem != NULL)
		printf("Idempotency-Key: %s\n", o->idem);
	if (o->inm != NULL)
		printf("If-None-Match: %s\n", o->inm);
	printf("x-signature-version: 2\nx-signature: %s\n", sig);
	return 0;
}

int
ctl_call(struct ctl *c, int argc, char **argv)
{
	struct call_opts	 o;
	struct httpc_req	 rq;
	struct httpc_resp	 resp;
	struct httpc		*h;
	enum souk_err		 er;

	memset(&o, 0, sizeof(o));
	if (call_opts(c, argc, argv, &o) == -1)
		return call_usage();
	if (o.sign_only)
		return call_sign_only(c, &o);
	memset(&rq, 0, sizeof(rq));
	rq.method = o.method;
	rq.url = o.url;
	rq.tenant = o.tenant;
	rq.api_key = o.key;
	rq.secret = o.secret;
	rq.body = o.data;
	rq.body_len = o.data != NULL ? strlen(o.data) : 0;
	rq.content_type = o.ctype;
	rq.idempotency_key = o.idem;
	rq.if_none_match = o.inm;
	rq.max_attempts = 1;
	if ((h = httpc_new()) == NULL)
		return 1;
	er = httpc_do(h, c->a, &rq, &resp);
	httpc_free(h);
	if (er != SOUK_OK) {
		fprintf(stderr, "soukctl: call %s: %s\n", o.url,
		    souk_strerror(er));
		return 1;
	}
	fprintf(stderr, "HTTP %d\n", resp.status);
	fwrite(resp.body, 1, resp.body_len, stdout);
	if (resp.body_len > 0 && resp.body[resp.body_len - 1] != '\n')
		putchar('\n');
	return resp.status >= 200 && resp.status < 300 ? 0 : 1;
}
