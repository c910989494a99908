/*
 * soukctl worker: sends the queued notifications, sends Center's pending
 * changes to the tenant side, relays domain events to webhooks (and
 * keeps the nonce table of signed calls short, and removes the custom
 * domains left pending past their days).  Runs until SIGTERM or SIGINT,
 * finishing the message in hand; --once sends what is due now and exits.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "center/center.h"
#include "ctl/ctl.h"
#include "net/net.h"
#include "sec/sec.h"
#include "services/services.h"

#define WORKER_BATCH		20
#define WEBHOOK_BATCH		5	/* 5 x 10 s posts within a 120 s lease */
#define WORKER_PURGE_S		60
#define NONCE_PURGE_BATCH	10000	/* the LIMIT of KEY_NONCE_PURGE */
#define DOMAIN_PURGE_BATCH	100	/* expired pending domains a pass */

static volatile sig_atomic_t	 worker_stop;

static void
worker_signal(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static int
worker_usage(void)
{
	fprintf(stderr, "usage: soukctl worker [--once] [--backoff SECONDS] "
	    "[--max-attempts N]\n");
	return 2;
}

static int
worker_opts(struct svc_sender *s, int argc, char **argv, int *once)
{
	int64_t	 v;
	int	 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			*once = 1;
		else if (i + 1 < argc && strcmp(argv[i], "--backoff") == 0 &&
		    str_to_i64(argv[i + 1], 1, 86400, &v) == SOUK_OK)
			s->backoff_s = (int)v, i++;
		else if (i + 1 < argc && strcmp(argv[i], "--max-attempts") ==
		    0 && str_to_i64(argv[i + 1], 1, 100, &v) == SOUK_OK)
			s->max_attempts = (int)v, i++;
		else
			return -1;
	}
	return 0;
}

static void
worker_sleep(void)
{
	struct timespec	 ts = { 1, 0 };

	if (!worker_stop)
		(void)nanosleep(&ts, NULL);
}

/* Center's side of a pass: tenants to sync, events to relay. */
static int
worker_center(struct ctl *c, struct db *ctr, const struct ctr_webhook_opts *o)
{
	int	 n, m;

	if ((n = ctr_sync_due(&c->conf, ctr, c->a, WORKER_BATCH)) == -1 ||
	    ctr_webhook_fanout(ctr, c->a) == -1 ||
	    (m = ctr_webhook_deliver(ctr, c->a, o, WEBHOOK_BATCH)) == -1) {
		log_msg(LOG_ERR, "worker: center: %s", db_error(ctr));
		return -1;
	}
	return n > m ? n : m;
}

static int
worker_loop(struct ctl *c, struct svc_sender *s, struct db *center,
    struct db *ctr, const struct ctr_webhook_opts *o, int once)
{
	time_t	 purged = 0;
	int	 n, m;

	while (!worker_stop) {
		arena_reset(c->a);
		if (time(NULL) - purged >= WORKER_PURGE_S) {
			while (!worker_stop && sec_nonce_purge(center, c->a) >=
			    NONCE_PURGE_BATCH)
				;
			(void)auth_throttle_purge(center, c->a);
			if (ctr_domain_purge(ctr, c->a, DOMAIN_PURGE_BATCH) ==
			    -1)
				log_msg(LOG_ERR, "worker: expired domains: %s",
				    db_error(ctr));
			purged = time(NULL);
		}
		if ((n = svc_send_due(s, c->a, WORKER_BATCH)) == -1) {
			log_msg(LOG_ERR, "worker: %s", db_error(s->db));
			if (once)
				return 1;
		}
		arena_reset(c->a);
		if ((m = worker_center(c, ctr, o)) == -1 && once)
			return 1;
		if (m > n)
			n = m;
		if (once && n < WORKER_BATCH)
			break;
		if (n < WORKER_BATCH)
			worker_sleep();
	}
	return 0;
}

/*
 * Webhook receivers are other people's servers: one that fails must not
 * open a breaker for every subscription on its host, and each attempt
 * is counted and spaced by the delivery's own backoff.
 */
static const struct httpc_opts webhook_http = { .breaker_failures = 1000000 };

int
ctl_worker(struct ctl *c, int argc, char **argv)
{
	struct svc_sender	 s;
	struct ctr_webhook_opts	 o;
	struct net_policy	 pol;
	struct sigaction	 sa;
	struct db		*center, *ctr;
	int			 once = 0, rc;

	memset(&s, 0, sizeof(s));
	s.conf = &c->conf;
	s.max_attempts = 6;
	s.backoff_s = 60;
	if (worker_opts(&s, argc, argv, &once) == -1)
		return worker_usage();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_signal;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	log_init("worker", (enum log_level)c->conf.log_level);
	if ((s.db = ctl_db(c, c->conf.services_db_name, svc_sql, SVC__MAX)) ==
	    NULL)
		return 1;
	memset(&o, 0, sizeof(o));
	o.backoff_s = c->conf.webhook_backoff_s;
	o.max_attempts = c->conf.webhook_max_attempts;
	o.disable_after_s = c->conf.webhook_disable_after_s;
	net_policy_conf(&c->conf, &pol);
	o.policy = &pol;
	ctr = NULL;
	if ((center = ctl_db(c, c->conf.center_db_name, sec_key_sql,
	    KEY__MAX)) == NULL || (ctr = ctl_db(c, c->conf.center_db_name,
	    center_sql, CTR__MAX)) == NULL || (s.http = httpc_new()) == NULL ||
	    (o.http = httpc_new_opts(&webhook_http)) == NULL) {
		httpc_free(s.http);
		db_free(ctr);
		db_free(center);
		db_free(s.db);
		return 1;
	}
	if (!once)
		log_msg(LOG_INFO, "worker: started");
	rc = worker_loop(c, &s, center, ctr, &o, once);
	if (!once)
		log_msg(LOG_INFO, "worker: stopped");
	httpc_free(o.http);
	httpc_free(s.http);
	db_free(ctr);
	db_free(center);
	db_free(s.db);
	return rc;
}
