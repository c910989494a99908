/*
 * A terminated tenant's export bundle as a download (seed §3.1): the
 * JSON bundle the tenant side made (kept in export_dir by the sync
 * step), or one of its tables as CSV for a spreadsheet.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "center/api.h"

const char *const ctr_export_tables[] = { "tenant", "domains", "categories",
	"products", "product_categories", "staff", "customers",
	"customer_addresses", "promotions", NULL };

void
ctr_csv_field(struct buf *b, const char *s)
{
	int	 formula;

	if (s == NULL)
		return;
	formula = *s != '\0' && strchr("=+-@", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL && !formula) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static int
read_file(const char *path, struct buf *b)
{
	char	 chunk[8192];
	size_t	 n;
	FILE	*f;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	n = (size_t)ferror(f);
	(void)fclose(f);
	return n == 0 && buf_ok(b) ? 0 : -1;
}

static const char *
cell(struct json_object *row, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(row, key, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

/* The names of the first row's fields (bundles without "columns"). */
static struct json_object *
first_row_keys(struct json_object *rows)
{
	struct json_object	*first = json_object_array_get_idx(rows, 0);
	struct json_object	*keys = json_object_new_array();

	if (first != NULL && keys != NULL) {
		json_object_object_foreach(first, k, v) {
			(void)v;
			json_object_array_add(keys, json_object_new_string(k));
		}
	}
	return keys;
}

/* The rows (objects of column -> string or null) as CSV, in b. */
static void
rows_csv(struct buf *b, struct json_object *cols, struct json_object *rows)
{
	size_t	 i, c, n = json_object_array_length(rows);
	size_t	 nc = json_object_array_length(cols);

	for (i = 0; i <= n && nc > 0; i++) {
		for (c = 0; c < nc; c++) {
			const char *k = json_object_get_string(
			    json_object_array_get_idx(cols, c));

			if (c > 0)
				buf_addc(b, ',');
			ctr_csv_field(b, i == 0 ? k : cell(
			    json_object_array_get_idx(rows, i - 1), k));
		}
		buf_adds(b, "\r\n");
	}
}

/* Table name of part "<table>.csv", or NULL if the bundle has none such. */
static const char *
csv_table(struct arena *a, const char *part)
{
	size_t	 n = strlen(part), i;

	if (n <= 4 || strcmp(part + n - 4, ".csv") != 0)
		return NULL;
	for (i = 0; ctr_export_tables[i] != NULL; i++)
		if (strlen(ctr_export_tables[i]) == n - 4 &&
		    strncmp(ctr_export_tables[i], part, n - 4) == 0)
			return arena_strndup(a, part, n - 4);
	return NULL;
}

/* What a request for another table is told. */
static const char *
tables_hint(struct arena *a)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a, 256);
	buf_adds(&b, "Ask for <table>.csv, one of:");
	for (i = 0; ctr_export_tables[i] != NULL; i++)
		buf_printf(&b, " %s", ctr_export_tables[i]);
	buf_addc(&b, '.');
	return buf_ok(&b) ? b.data : NULL;
}

static enum souk_err
send_csv(struct req *r, const char *table, const char *json, size_t len,
    const char *file)
{
	struct json_tokener	*tok = json_tokener_new();
	struct json_object	*doc, *rows = NULL, *cols = NULL, *v = NULL;
	struct buf		 b;

	doc = tok != NULL ? json_tokener_parse_ex(tok, json, (int)len) : NULL;
	json_tokener_free(tok);
	if (doc == NULL) {
		r->detail = "The export file is damaged on this server.";
		return SOUK_INTERNAL;
	}
	buf_init(&b, r->a, len / 2 + 1024);
	if (json_object_object_get_ex(doc, table, &v) &&
	    json_object_is_type(v, json_type_object)) {	/* the tenant */
		rows = json_object_new_array();
		json_object_array_add(rows, json_object_get(v));
	} else if (v != NULL && json_object_is_type(v, json_type_array))
		rows = json_object_get(v);
	if (rows != NULL) {
		if (json_object_object_get_ex(doc, "columns", &v) &&
		    json_object_object_get_ex(v, table, &cols) &&
		    json_object_is_type(cols, json_type_array))
			cols = json_object_get(cols);
		else
			cols = first_row_keys(rows);
		rows_csv(&b, cols, rows);
	}
	json_object_put(cols);
	json_object_put(rows);
	json_object_put(doc);
	if (!buf_ok(&b))
		return SOUK_ENOMEM;
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"%.*s-%s.csv\"", (int)strcspn(file, "."),
	    file, table));
	resp_header(r, "Cache-Control", "no-store");
	resp_text(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "",
	    b.len);
	return SOUK_OK;
}

enum souk_err
ctr_tenant_export_send(struct req *r, int64_t id, const char *part)
{
	struct ctr_export	 ex;
	const char		*path, *table = NULL;
	struct buf		 b;
	enum souk_err		 er;

	if (part != NULL && (table = csv_table(r->a, part)) == NULL) {
		r->detail = tables_hint(r->a);
		return SOUK_NOTFOUND;
	}
	if ((er = ctr_export_get(app_db(r->app), r->a, id, &ex)) ==
	    SOUK_NOTFOUND)
		r->detail = "No export yet: one is made when the tenant is "
		    "terminated.";
	if (er != SOUK_OK)
		return er;
	path = arena_printf(r->a, "%s/%s", r->app->conf.export_dir, ex.file);
	buf_init(&b, r->a, (size_t)ex.bytes + 1);
	if (path == NULL || read_file(path, &b) == -1) {
		r->detail = "The export file is missing on this server.";
		return SOUK_NOTFOUND;
	}
	if (table != NULL)
		return send_csv(r, table, b.data, b.len, ex.file);
	resp_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"%s\"", ex.file));
	resp_header(r, "X-Content-SHA256", ex.sha256);
	resp_header(r, "Cache-Control", "no-store");
	resp_text(r, 200, "application/json", b.data, b.len);
	return SOUK_OK;
}
