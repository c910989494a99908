/*
 * souk-msgids: the translation tags of template folders as a .pot
 * (duplicates kept; msguniq merges them), for po/.  It reads templates
 * with the compiler's own parser, so what it extracts is exactly what
 * tmpl_set_load_lang looks up.
 *
 * usage: souk-msgids [-s strip] dir...
 *   -s strip: a prefix removed from the file references
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmpl/tmpl.h"

struct out {
	const char	*dir;
	size_t		 strip;
};

/* A PO string: quoted, with \ " and newlines escaped. */
static void
po_string(const char *key, const char *s)
{
	printf("%s \"", key);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			printf("\\n");
		else if (*s == '\t')
			printf("\\t");
		else
			putchar(*s);
	}
	printf("\"\n");
}

static void
msgid_print(void *arg, const char *file, size_t line, const char *id,
    const char *plural)
{
	const struct out	*o = arg;
	const char		*dir = o->dir + (strlen(o->dir) >= o->strip ?
				    o->strip : 0);

	printf("#: %s%s%s:%zu\n", dir, *dir != '\0' ? "/" : "", file, line);
	if (strchr(id, '{') != NULL)
		printf("#. {name} is a placeholder: keep it as it is\n");
	po_string("msgid", id);
	if (plural != NULL) {
		po_string("msgid_plural", plural);
		printf("msgstr[0] \"\"\nmsgstr[1] \"\"\n\n");
	} else
		printf("msgstr \"\"\n\n");
}

int
main(int argc, char **argv)
{
	struct out	 o = { NULL, 0 };
	char		 err[512];
	int		 ch, i;

	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's') {
			fprintf(stderr, "usage: souk-msgids [-s strip] "
			    "dir...\n");
			return 2;
		}
		o.strip = strlen(optarg);
	}
	printf("msgid \"\"\nmsgstr \"\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n");
	for (i = optind; i < argc; i++) {
		o.dir = argv[i];
		if (tmpl_msgids(argv[i], msgid_print, &o, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "souk-msgids: %s\n", err);
			return 1;
		}
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
