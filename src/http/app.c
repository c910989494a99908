/*
 * The application pipeline shared by every program: start-up (config,
 * database, cache, templates) and, per request, route -> tenant ->
 * parameters -> handler -> error mapping -> headers -> log line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "http/http_int.h"
#include "i18n/fmt.h"

#define APP_DB_RETRY_MS	1000.0

static double	 app_db_last_try, app_center_db_last_try;

static void
app_db_info(const struct app *app, struct db_conn_info *ci)
{
	const struct conf	*c = &app->conf;

	memset(ci, 0, sizeof(*ci));
	ci->host = c->db_host;
	ci->port = c->db_port;
	ci->socket = c->db_socket[0] != '\0' ? c->db_socket : NULL;
	switch (app->plane) {
	case APP_SHOP:
		ci->user = c->shop_db_user;
		ci->password = c->shop_db_password;
		ci->database = c->shop_db_name;
		break;
	case APP_SERVICES:
		ci->user = c->services_db_user;
		ci->password = c->services_db_password;
		ci->database = c->services_db_name;
		break;
	default:
		ci->user = c->center_db_user;
		ci->password = c->center_db_password;
		ci->database = c->center_db_name;
		break;
	}
}

/*
 * Connect *slot at start-up or on the first request after the server
 * came back (at most once a second); NULL (and a 503) while it is down.
 */
static struct db *
app_db_open(struct db **slot, double *last_try,
    const struct db_conn_info *ci, const struct db_stmt_def *defs, size_t n)
{
	char	 err[256];
	double	 now = time_now_ms();

	if (*slot != NULL)
		return *slot;
	if (*last_try != 0 && now - *last_try < APP_DB_RETRY_MS)
		return NULL;
	*last_try = now;
	if ((*slot = db_new(ci, defs, n, err, sizeof(err))) == NULL)
		log_msg(LOG_ERR, "database %s: %s", ci->database, err);
	return *slot;
}

struct db *
app_db(struct app *app)
{
	struct db_conn_info	 ci;

	app_db_info(app, &ci);
	return app_db_open(&app->db, &app_db_last_try, &ci, app->stmts,
	    app->nstmts);
}

struct db *
app_center_db(struct app *app, const struct db_stmt_def *defs, size_t n)
{
	struct db_conn_info	 ci;

	app_db_info(app, &ci);
	ci.database = app->conf.center_db_name;
	return app_db_open(&app->center_db, &app_center_db_last_try, &ci,
	    defs, n);
}

/*
 * Health details (which dependency is down, forged cache values seen)
 * are for operators: a client from an address of health_allow (exact
 * addresses) or with "Authorization: Bearer <health token>".
 */
static int
app_health_internal(const struct req *r)
{
	const char	*auth = req_header(r, "HTTP_AUTHORIZATION");
	const char	*tok = r->app->conf.health_token;
	size_t		 n = strlen(tok);

	if (r->remote_addr != NULL && str_list_has(r->app->conf.health_allow,
	    r->remote_addr))
		return 1;
	return n > 0 && auth != NULL && str_has_prefix(auth, "Bearer ") &&
	    strlen(auth + 7) == n && CRYPTO_memcmp(auth + 7, tok, n) == 0;
}

enum souk_err
app_healthz(struct req *r)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, "status", json_object_new_string("ok"));
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, o);
}

/*
 * Ready when the database and memcached answer.  Only an operator's
 * request asks them (and so ends memcached's skip window): anybody
 * else gets what this process already knows, and no names.
 */
enum souk_err
app_readyz(struct req *r)
{
	struct json_object	*o = json_object_new_object();
	struct db		*db = app_db(r->app);
	int			 dbok, mcok, internal = app_health_internal(r);

	dbok = db != NULL && (!internal || db_ping(db) == SOUK_OK);
	mcok = internal ? cache_ping(r->app->cache) == SOUK_OK :
	    cache_up(r->app->cache);
	if (internal) {
		json_object_object_add(o, "database", json_object_new_string(
		    dbok ? "ok" : "down"));
		json_object_object_add(o, "memcached", json_object_new_string(
		    mcok ? "ok" : "down"));
		json_object_object_add(o, "cache_refused",
		    json_object_new_int64((int64_t)cache_refused(
		    r->app->cache)));
	}
	json_object_object_add(o, "status", json_object_new_string(
	    dbok && mcok ? "ready" : "not ready"));
	if (!dbok || !mcok)
		log_msg(LOG_WARN, "reqid=%s not ready: database %s, memcached %s",
		    r->reqid, dbok ? "ok" : "down", mcok ? "ok" : "down");
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, dbok && mcok ? 200 : 503, o);
}

static int
wants_json(const struct req *r)
{
	const char	*accept = req_header(r, "HTTP_ACCEPT");

	if (r->route != NULL)
		return (r->route->flags & ROUTE_JSON) != 0;
	if (r->path != NULL && strstr(r->path, "/api/") != NULL)
		return 1;
	return accept != NULL &&
	    strncmp(accept, "application/json", 16) == 0;
}

/* What an HTML error page says when the handler gave no detail. */
static const char *
app_error_text(enum souk_err er)
{
	switch (er) {
	case SOUK_NOTFOUND:
		return N_("We could not find the page you were looking for.");
	case SOUK_INVALID:
		return N_("The request was not understood. Please check the "
		    "address and try again.");
	case SOUK_TOOLARGE:
		return N_("The request was too large.");
	case SOUK_METHOD:
		return N_("This page does not accept that kind of request.");
	case SOUK_UNAVAILABLE:
		return N_("This service is briefly unavailable. Please try "
		    "again in a moment.");
	case SOUK_READONLY:
		return N_("This shop is in read-only mode for a while: you can "
		    "browse, but changes are not accepted right now.");
	default:
		return N_("Something went wrong on our side. Please try again.");
	}
}

static void
app_error_html(struct req *r, enum souk_err er)
{
	struct json_object	*d = req_json_own(r, json_object_new_object());
	int			 status = souk_err_status(er);

	if (d != NULL) {
		json_object_object_add(d, "status",
		    json_object_new_int(status));
		json_object_object_add(d, "title",
		    json_object_new_string(req_tr(r, souk_err_title(er))));
		json_object_object_add(d, "closed",
		    json_object_new_boolean(er == SOUK_CLOSED));
		json_object_object_add(d, "detail", json_object_new_string(
		    req_tr(r, r->detail != NULL ? r->detail :
		    app_error_text(er))));
	}
	if (d == NULL || resp_html(r, status, "error", d) != SOUK_OK)
		resp_text(r, status, "text/plain; charset=utf-8",
		    souk_err_title(er), (size_t)-1);
}

static void
app_error(struct req *r, enum souk_err er)
{
	if (er == SOUK_ENOMEM || er == SOUK_DB || er == SOUK_INTERNAL)
		r->detail = NULL;	/* never leak internals */
	buf_reset(&r->headers);
	if (r->sticky.len > 0)
		buf_add(&r->headers, r->sticky.data, r->sticky.len);
	if ((er == SOUK_RATELIMIT || er == SOUK_UNAVAILABLE) &&
	    r->retry_after > 0)
		resp_header(r, "Retry-After", arena_printf(r->a, "%d",
		    r->retry_after));
	if (er == SOUK_METHOD && r->path != NULL)
		resp_header(r, "Allow", route_allowed(r->a, r->app->routes,
		    r->app->nroutes, r->path));
	if (wants_json(r))
		resp_problem(r, er);
	else
		app_error_html(r, er);
}

static enum souk_err
app_params(struct req *r)
{
	struct kv	*q, *f = NULL;
	size_t		 nq, nf = 0, i;
	struct kv	*all;
	enum souk_err	 er;

	if ((er = http_parse_query(r->a, r->query, &q, &nq)) != SOUK_OK)
		return er;
	/* a GET or HEAD body means nothing: its fields are never read */
	if (r->method == HTTP_GET || r->method == HTTP_HEAD)
		r->body_len = 0;
	if (r->body_len > 0 && str_has_prefix(r->content_type,
	    "application/x-www-form-urlencoded")) {
		if ((er = http_parse_query(r->a, r->body, &f, &nf)) != SOUK_OK)
			return er;
	} else if (r->body_len > 0 && str_has_prefix(r->content_type,
	    "application/json")) {
		if ((er = req_parse_json(r)) != SOUK_OK)
			return er;
	}
	if ((all = arena_alloc(r->a, sizeof(*all) * (nq + nf + 1))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < nf; i++)
		all[i] = f[i];	/* form fields win over the query */
	for (i = 0; i < nq; i++)
		all[nf + i] = q[i];
	return params_validate(r, all, nq + nf);
}

static enum souk_err
app_dispatch(struct app *app, struct req *r)
{
	enum souk_err	 er;
	int		 prefixed;

	prefixed = app->lang_prefix != NULL && app->lang_prefix(r);
	er = route_find(r->a, app->routes, app->nroutes, r->method, r->path,
	    &r->route, &r->pathv, &r->npath);
	if (er == SOUK_OK && prefixed && !(r->route->flags & ROUTE_LANG))
		er = SOUK_NOTFOUND;	/* no "/de/api/…" */
	if (er == SOUK_OK && (r->route->flags & ROUTE_SIGNED))
		er = app->authenticate != NULL ? app->authenticate(r) :
		    SOUK_UNAUTHORIZED;
	if (er == SOUK_OK && (r->route->flags & ROUTE_TENANT) &&
	    app->resolve != NULL)
		er = app->resolve(r);
	if (er == SOUK_OK && r->responded)
		return SOUK_OK;		/* resolve redirected */
	if (er == SOUK_OK)
		er = app_params(r);
	if (er == SOUK_OK && r->route->auth != 0)
		er = app->authorize != NULL ? app->authorize(r) :
		    SOUK_INTERNAL;
	if (er == SOUK_OK && r->responded)
		return SOUK_OK;		/* a stranger went to sign in */
	if (er == SOUK_OK && r->route->body != NULL)
		er = body_validate(r);
	if (er == SOUK_OK)
		er = r->route->handler(r);
	if (er == SOUK_OK && !r->responded)
		er = SOUK_INTERNAL;
	if (er == SOUK_OK && (!buf_ok(&r->out) || !buf_ok(&r->headers)))
		er = SOUK_ENOMEM;
	return er;
}

void
app_handle(struct app *app, struct req *r)
{
	const char	*cause = "";
	enum souk_err	 er;

	if ((er = app_dispatch(app, r)) != SOUK_OK) {
		if (app->db != NULL && (er == SOUK_DB || er == SOUK_UNAVAILABLE))
			cause = db_error(app->db);
		if (er != SOUK_INVALID && er != SOUK_NOTFOUND &&
		    er != SOUK_METHOD && er != SOUK_CLOSED &&
		    er != SOUK_READONLY &&
		    er != SOUK_UNAUTHORIZED && er != SOUK_FORBIDDEN &&
		    er != SOUK_RATELIMIT && er != SOUK_CONFLICT)
			log_msg(LOG_ERR, "reqid=%s %s: %s%s%s", r->reqid,
			    r->route == NULL ? "-" : r->route->name,
			    souk_strerror(er), *cause != '\0' ? ": " : "",
			    cause);
		app_error(r, er);
	}
}

void
app_handle_fcgi(struct app *app, FCGX_Request *f, struct req *r)
{
	double		 start = time_now_ms();
	enum souk_err	 er;

	if ((er = fcgi_req_read(app, f, r)) != SOUK_OK)
		app_error(r, er);
	else
		app_handle(app, r);
	if (!buf_ok(&r->out) || !buf_ok(&r->headers)) {
		buf_init(&r->headers, r->a, 0);
		resp_text(r, 500, "text/plain", "internal error\n", (size_t)-1);
	}
	resp_security_headers(r);
	log_request(r->reqid, r->tenant_id, r->caller,
	    r->route == NULL ? "-" : r->route->name, r->method_name,
	    r->raw_path == NULL ? "-" : r->raw_path, r->status,
	    time_now_ms() - start);
}

static void
app_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-c souk.conf] [--check]\n", prog);
	exit(2);
}

/*
 * One template set per language whose catalog is installed, English
 * first (no catalog: the templates' own text).  A missing catalog only
 * means the app does not speak that language (Center ships English
 * only); a damaged one, or templates that do not compile, stop
 * start-up.
 */
static void
app_langs_load(struct app *app)
{
	struct tmpl_lang	*l;
	char		 err[512], dir[600], mo[600];
	size_t		 i;

	snprintf(dir, sizeof(dir), "%s/%s", app->conf.template_dir,
	    app->name);
	for (i = 0; i18n_langs[i] != NULL && i < I18N_LANGS_MAX; i++) {
		l = &app->langs[app->nlangs];
		l->code = i18n_langs[i];
		l->cat = NULL;
		snprintf(mo, sizeof(mo), "%s/%s/LC_MESSAGES/%s.mo",
		    app->conf.locale_dir, l->code, app->domain != NULL ?
		    app->domain : "souk");
		if (i > 0 && access(mo, F_OK) == -1) {
			log_msg(LOG_INFO, "language %s: no catalog %s",
			    l->code, mo);
			continue;
		}
		if (i > 0 && (l->cat = i18n_cat_load(mo, err,
		    sizeof(err))) == NULL)
			fatal("catalog: %s", err);
		if ((l->set = tmpl_set_load_lang(dir, app->vars, l->cat, err,
		    sizeof(err))) == NULL)
			fatal("templates (%s): %s", l->code, err);
		app->nlangs++;
	}
	app->tmpl = app->langs[0].set;
}

static void
app_start(struct app *app, const char *conf_path)
{
	char		 err[512];

	if (conf_load_as(&app->conf, app->name, conf_path, err, sizeof(err)) !=
	    SOUK_OK)
		fatal("%s", err);
	log_init(app->name, (enum log_level)app->conf.log_level);
	app_langs_load(app);
	if ((app->cache = cache_new_conf(&app->conf, err, sizeof(err))) ==
	    NULL)
		fatal("%s", err);
	if (app->started != NULL)
		app->started(app);
}

int
app_main(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*conf_path = NULL;
	int		 ch, check = 0;

	log_init(app->name, LOG_INFO);
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		if (ch == 'c')
			conf_path = optarg;
		else if (ch == 'k')
			check = 1;
		else
			app_usage(argv[0]);
	}
	app_start(app, conf_path);
	if (check) {
		printf("%s: configuration and templates ok\n", app->name);
		return 0;
	}
	(void)app_db(app);
	fcgi_loop(app);
	fmt_cleanup();
	tmpl_set_free(app->tmpl);
	cache_free(app->cache);
	db_free(app->db);
	db_free(app->center_db);
	return 0;
}
