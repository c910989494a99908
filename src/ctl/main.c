/* soukctl: operate a Souk installation. */
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "sec/sec.h"

static const struct {
	const char	*name;
	int		(*fn)(struct ctl *, int, char **);
	const char	*help;
} commands[] = {
	{ "migrate", ctl_migrate, "apply pending database migrations" },
	{ "demo", ctl_demo, "load the demo shops (idempotent)" },
	{ "tenant", ctl_tenant, "tenant list [--json] | state SLUG STATE" },
	{ "keys", ctl_keys,
	    "keys create|list|rotate|revoke|derive|reseal (API, purpose keys)" },
	{ "admin", ctl_admin, "admin create --email E --role ROLE" },
	{ "staff", ctl_staff, "staff create|invite --tenant SLUG --email E "
	    "--role R" },
	{ "worker", ctl_worker, "send notifications, tenant changes and "
	    "webhooks [--once]" },
	{ "audit", ctl_audit, "audit verify (the audit log's hash chain)" },
	{ "call", ctl_call, "make a signed internal call (see --help)" },
};

static int
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: soukctl [-c souk.conf] command [args]\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  %-10s %s\n", commands[i].name,
		    commands[i].help);
	return 2;
}

int
main(int argc, char **argv)
{
	struct ctl	 ctl;
	const char	*conf_path = NULL;
	char		 err[512];
	size_t		 i;
	int		 rc;

	memset(&ctl, 0, sizeof(ctl));
	log_init("soukctl", LOG_WARN);
	argc--, argv++;
	if (argc >= 2 && strcmp(argv[0], "-c") == 0) {
		conf_path = argv[1];
		argc -= 2, argv += 2;
	}
	if (argc < 1)
		return usage();
	if (conf_load_as(&ctl.conf, "soukctl", conf_path, err, sizeof(err)) !=
	    SOUK_OK)
		fatal("%s", err);
	if (sec_keys_init(&ctl.conf, err, sizeof(err)) == -1)
		fatal("%s", err);
	if ((ctl.a = arena_new(64 * 1024, 256 * 1024 * 1024)) == NULL)
		fatal("out of memory");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			rc = commands[i].fn(&ctl, argc, argv);
			arena_free(ctl.a);
			return rc;
		}
	arena_free(ctl.a);
	return usage();
}
