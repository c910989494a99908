/*
 * soukctl admin create: the first platform owner (and any admin an
 * operator adds by hand); soukctl staff create: a member of a shop's
 * staff, for operators and tests.  The password is read from the terminal
 * without echo, or as the first line of standard input.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "backoffice/backoffice.h"
#include "center/api.h"
#include "shop/shop.h"
#include "ctl/ctl.h"

#define PW_LINE	1100

static int
admin_usage(void)
{
	fprintf(stderr, "usage: soukctl admin create --email E "
	    "--role owner|ops|support|auditor [--name NAME]\n"
	    "(the password is asked for, or read from standard input)\n");
	return 2;
}

/* One line without its newline; echo off on a terminal. */
static int
read_line(const char *prompt, char *buf, size_t len)
{
	struct termios	 t, quiet;
	int		 tty = isatty(STDIN_FILENO), ok;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &t) == -1)
			return -1;
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)len, stdin) != NULL;
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fprintf(stderr, "\n");
	}
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int
read_password(char *pw, size_t len)
{
	char	 again[PW_LINE];
	int	 rc = 0;

	if (read_line("Password: ", pw, len) == -1)
		return -1;
	if (isatty(STDIN_FILENO) && (read_line("Again: ", again,
	    sizeof(again)) == -1 || strcmp(pw, again) != 0)) {
		fprintf(stderr, "soukctl: the passwords differ\n");
		rc = -1;
	}
	explicit_bzero(again, sizeof(again));
	return rc;
}

/* Options of "admin create" and "staff create". */
struct person {
	const char	*email;
	const char	*role;
	const char	*name;
	const char	*tenant;	/* staff: the shop's slug */
};

static int
person_opts(int argc, char **argv, struct person *p)
{
	int	 i;

	memset(p, 0, sizeof(*p));
	p->name = "";
	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--email") == 0)
			p->email = argv[i + 1];
		else if (strcmp(argv[i], "--role") == 0)
			p->role = argv[i + 1];
		else if (strcmp(argv[i], "--name") == 0)
			p->name = argv[i + 1];
		else if (strcmp(argv[i], "--tenant") == 0)
			p->tenant = argv[i + 1];
		else
			return -1;
	}
	return i == argc && p->email != NULL && p->role != NULL ? 0 : -1;
}

static int
created(enum souk_err er, const char *what, const struct person *p,
    const struct souk_why *why, struct db *db)
{
	if (er == SOUK_OK)
		printf("%s %s created (%s)\n", what, p->email, p->role);
	else if (er == SOUK_INVALID)
		fprintf(stderr, "soukctl: %s create: %s%s%s\n", what,
		    why->field != NULL ? why->field : "",
		    why->field != NULL ? " " : "", why->msg);
	else if (er == SOUK_CONFLICT)
		fprintf(stderr, "soukctl: %s create: %s already exists\n",
		    what, p->email);
	else if (er == SOUK_NOTFOUND)
		fprintf(stderr, "soukctl: %s create: no tenant \"%s\"\n",
		    what, p->tenant);
	else
		fprintf(stderr, "soukctl: %s create: %s\n", what,
		    db_error(db));
	return er == SOUK_OK ? 0 : 1;
}

static int
admin_create(struct ctl *c, int argc, char **argv)
{
	struct person	 p;
	struct souk_why	 why = { NULL, "" };
	char		 pw[PW_LINE];
	struct auth_cx	 cx;
	struct db	*db;
	enum souk_err	 er;
	int		 rc;

	if (person_opts(argc, argv, &p) == -1 || p.tenant != NULL)
		return admin_usage();
	if (read_password(pw, sizeof(pw)) == -1)
		return 1;
	if ((db = ctl_db(c, c->conf.center_db_name, center_sql, CTR__MAX)) ==
	    NULL) {
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	cx = (struct auth_cx){ &ctr_admins, db, c->a, 0 };
	er = auth_account_create(&cx, p.email, p.name, p.role, pw, &why, NULL);
	explicit_bzero(pw, sizeof(pw));
	rc = created(er, "admin", &p, &why, db);
	db_free(db);
	return rc;
}

int
ctl_admin(struct ctl *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "create") == 0)
		return admin_create(c, argc, argv);
	return admin_usage();
}

static int
staff_usage(void)
{
	fprintf(stderr, "usage: soukctl staff create|invite --tenant SLUG "
	    "--email E --role owner|manager|staff [--name NAME]\n"
	    "(create: the password is asked for, or read from standard "
	    "input;\n invite: a link to choose it is mailed)\n");
	return 2;
}

/* The shop of slug (id, slug, name and locale are set). */
static enum souk_err
staff_shop(struct ctl *c, struct db *db, const char *slug,
    struct shop_tenant *t)
{
	struct db_arg	 arg = DB_S(slug);
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, c->a, SQL_TENANT_BY_SLUG, &arg, 1, &res)) !=
	    SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	memset(t, 0, sizeof(*t));
	t->id = db_cell_i64(&res, 0, 0);
	t->slug = db_cell(&res, 0, 1);
	t->name = db_cell(&res, 0, 2);
	t->locale = db_cell(&res, 0, 5);
	return SOUK_OK;
}

/*
 * A member of a shop's staff: with a password (pw), active at once; or
 * invited (pw NULL), with a link mailed to choose one.
 */
static enum souk_err
staff_add(struct ctl *c, struct db *db, const struct person *p,
    const char *pw, struct souk_why *why)
{
	struct shop_tenant	 t;
	struct auth_cx		 cx;
	const char		*token;
	enum souk_err		 er;
	int64_t			 id;

	if ((er = staff_shop(c, db, p->tenant, &t)) != SOUK_OK)
		return er;
	cx = (struct auth_cx){ &bo_staff, db, c->a, t.id };
	if (pw != NULL)
		return auth_account_create(&cx, p->email, p->name, p->role, pw,
		    why, &id);
	if ((er = auth_member_invite(&cx, p->email, p->name, p->role,
	    AUTH_NO_LIMIT, why, &id, &token)) != SOUK_OK)
		return er;
	if ((er = shop_invite_mail(&c->conf, c->a, &t, shop_public_url(
	    &c->conf, c->a, t.slug), token, p->email, p->role,
	    "The Souk platform team")) != SOUK_OK)
		*why = (struct souk_why){ NULL, "the member is added, but the "
		    "notification service did not take the invitation: see "
		    "the log" };
	return er;
}

static int
staff_create(struct ctl *c, int argc, char **argv)
{
	struct person	 p;
	struct souk_why	 why = { NULL, "" };
	char		 pw[PW_LINE];
	struct db	*db;
	enum souk_err	 er;
	int		 rc, invite = strcmp(argv[1], "invite") == 0;

	if (person_opts(argc, argv, &p) == -1 || p.tenant == NULL)
		return staff_usage();
	if (invite)
		pw[0] = '\0';
	else if (read_password(pw, sizeof(pw)) == -1)
		return 1;
	if ((db = ctl_db(c, c->conf.shop_db_name, shop_sql, SQL__MAX)) == NULL) {
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	er = staff_add(c, db, &p, invite ? NULL : pw, &why);
	explicit_bzero(pw, sizeof(pw));
	if (er == SOUK_UPSTREAM)
		er = SOUK_INVALID;	/* reported with *why */
	rc = created(er, invite ? "staff invitation" : "staff", &p, &why, db);
	db_free(db);
	return rc;
}

int
ctl_staff(struct ctl *c, int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "create") == 0 ||
	    strcmp(argv[1], "invite") == 0))
		return staff_create(c, argc, argv);
	return staff_usage();
}
