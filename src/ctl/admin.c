/*
 * soukctl admin create: the first platform owner (and any admin an
 * operator adds by hand).  The password is read from the terminal
 * without echo, or as the first line of standard input.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "center/center.h"
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

static int
admin_create(struct ctl *c, int argc, char **argv)
{
	const char	*email = NULL, *role = NULL, *name = "", *why;
	char		 pw[PW_LINE];
	struct db	*db;
	enum souk_err	 er;
	int		 i;

	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--email") == 0)
			email = argv[i + 1];
		else if (strcmp(argv[i], "--role") == 0)
			role = argv[i + 1];
		else if (strcmp(argv[i], "--name") == 0)
			name = argv[i + 1];
		else
			return admin_usage();
	}
	if (i != argc || email == NULL || role == NULL)
		return admin_usage();
	if (read_password(pw, sizeof(pw)) == -1)
		return 1;
	if ((db = ctl_db(c, c->conf.center_db_name, center_sql, CTR__MAX)) ==
	    NULL) {
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	er = ctr_admin_create(db, c->a, email, name, role, pw, &why);
	explicit_bzero(pw, sizeof(pw));
	if (er == SOUK_OK)
		printf("admin %s created (%s)\n", email, role);
	else if (er == SOUK_INVALID)
		fprintf(stderr, "soukctl: admin create: %s\n", why);
	else if (er == SOUK_CONFLICT)
		fprintf(stderr, "soukctl: admin create: %s already exists\n",
		    email);
	else
		fprintf(stderr, "soukctl: admin create: %s\n", db_error(db));
	db_free(db);
	return er == SOUK_OK ? 0 : 1;
}

int
ctl_admin(struct ctl *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "create") == 0)
		return admin_create(c, argc, argv);
	return admin_usage();
}
