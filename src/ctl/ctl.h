/* ctl: soukctl, the operator's command line (migrations, demo data…). */
#ifndef SOUK_CTL_H
#define SOUK_CTL_H

#include "core/core.h"
#include "store/store.h"

struct ctl {
	struct conf	 conf;
	struct arena	*a;
	int		 json;		/* --json output */
};

/* Admin connection to database name (NULL: none) with a statement table. */
struct db	*ctl_db(struct ctl *, const char *name,
		    const struct db_stmt_def *, size_t n);

/* A memcached handle for the configured servers; cache_free it. */
struct cache	*ctl_cache(struct ctl *);

int		 ctl_migrate(struct ctl *, int argc, char **argv);
int		 ctl_demo(struct ctl *, int argc, char **argv);
int		 ctl_tenant(struct ctl *, int argc, char **argv);
int		 ctl_keys(struct ctl *, int argc, char **argv);
/* keys derive PURPOSE | keys reseal (reseal.c); -1: not one of them. */
int		 ctl_keys_purpose(struct ctl *, int argc, char **argv);
int		 ctl_admin(struct ctl *, int argc, char **argv);
int		 ctl_staff(struct ctl *, int argc, char **argv);
int		 ctl_worker(struct ctl *, int argc, char **argv);
int		 ctl_call(struct ctl *, int argc, char **argv);
int		 ctl_audit(struct ctl *, int argc, char **argv);
/* After a committed write: refresh the tenant's cached host records. */
void		 ctl_tenant_recache(struct ctl *, struct db *, int64_t id,
		    const char *slug);
/* Copy the tenant's name and state to the services' database. */
int		 ctl_tenant_mirror(struct ctl *, struct db *shop,
		    const char *slug);

#endif
