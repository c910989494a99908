/*
 * soukctl audit verify: walk Center's audit log and check every row's
 * hash chain.  Exit 0 when it holds; 1, naming the first row that does
 * not match, when a row was edited, inserted or removed.
 */
#include <stdio.h>
#include <string.h>

#include "center/center.h"
#include "ctl/ctl.h"

static int
audit_verify(struct ctl *c)
{
	struct db	*db;
	const char	*why;
	int64_t		 rows, bad;
	enum souk_err	 er;

	if ((db = ctl_db(c, c->conf.center_db_name, center_sql, CTR__MAX)) ==
	    NULL)
		return 1;
	er = ctr_audit_verify(db, c->a, &rows, &bad, &why);
	if (er == SOUK_OK)
		printf("audit log: %lld rows, chain intact\n", (long long)rows);
	else if (er == SOUK_CONFLICT)
		printf("audit log: BROKEN at row %lld: %s (%lld rows before it "
		    "are intact)\n", (long long)bad, why, (long long)rows);
	else
		fprintf(stderr, "soukctl: %s\n", db_error(db));
	db_free(db);
	return er == SOUK_OK ? 0 : 1;
}

int
ctl_audit(struct ctl *c, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(c);
	fprintf(stderr, "usage: soukctl audit verify\n");
	return 2;
}
