/*
 * Bulk intake: one CSV file of organisations, accounts, households,
 * agreements and consents (a "record" column says which), registered in the
 * caller's transaction.  The first bad row stops the intake with its line
 * and field, and the caller rolls everything back.
 *
 * The header names the columns (any order; the field names of
 * hb-household(1)).  Comma or semicolon separated, UTF-8, RFC 4180 quoting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "hb.h"

#define MAX_COLS 64

struct intake {
	struct hb_ctx	*c;
	struct hb_err	*e;
	const char	*file;
	long		 line;		/* line being fed to the parser */
	long		 row_line;	/* line where the current row began */
	char		*header[MAX_COLS];
	int		 ncols;
	char		*cell[MAX_COLS];
	int		 ncell;
	int		 failed;
	int		 records;
};

static void
on_field(void *data, size_t len, void *priv)
{
	struct intake *in = priv;

	if (in->failed)
		return;
	if (in->ncell == 0)
		in->row_line = in->line;
	if (in->ncell == MAX_COLS) {
		in->failed = hb_error_at(in->e, in->file, in->line, NULL,
		    "more than %d columns", MAX_COLS);
		return;
	}
	in->cell[in->ncell++] = xstrndup(data != NULL ? data : "", len);
}

static int
take_header(struct intake *in)
{
	int i, j, rec = 0;

	for (i = 0; i < in->ncell; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(in->cell[i], in->header[j]) == 0)
				return hb_error_at(in->e, in->file,
				    in->row_line, in->cell[i], "column "
				    "appears twice in the header");
		if (strcmp(in->cell[i], "record") == 0)
			rec = 1;
		in->header[i] = in->cell[i];
		in->cell[i] = NULL;
	}
	in->ncols = in->ncell;
	if (!rec)
		return hb_error_at(in->e, in->file, in->row_line, NULL,
		    "the header has no 'record' column");
	return 0;
}

static int
take_row(struct intake *in)
{
	struct hb_fields f = { 0 };
	const char *record = NULL;
	char id[64];
	int i;

	if (in->ncell != in->ncols)
		return hb_error_at(in->e, in->file, in->row_line, NULL,
		    "%d columns, expected %d as in the header", in->ncell,
		    in->ncols);
	for (i = 0; i < in->ncell; i++) {
		if (strcmp(in->header[i], "record") == 0)
			record = in->cell[i];
		else if (f.n < HB_FIELDS_MAX)
			hb_field_set(&f, in->header[i], in->cell[i]);
		else
			return hb_error_at(in->e, in->file, in->row_line,
			    NULL, "too many columns");
		if (!hb_utf8_valid(in->cell[i], strlen(in->cell[i])))
			return hb_error_at(in->e, in->file, in->row_line,
			    in->header[i], "not valid UTF-8: save the file "
			    "as UTF-8");
	}
	if (record == NULL || *record == '\0')
		return hb_error_at(in->e, in->file, in->row_line, "record",
		    "empty record type");
	if (hb_record_add(in->c, record, &f, id, sizeof(id), in->e) == -1)
		return hb_error_prefix(in->e, in->file, in->row_line);
	in->records++;
	return 0;
}

static void
on_row(int term, void *priv)
{
	struct intake *in = priv;
	int i;

	if (!in->failed) {
		if (in->ncols == 0)
			in->failed = take_header(in);
		else if (!(in->ncell == 1 && in->cell[0][0] == '\0'))
			in->failed = take_row(in);	/* skip blank lines */
	}
	for (i = 0; i < in->ncell; i++)
		free(in->cell[i]);
	in->ncell = 0;
}

int
hb_intake(struct hb_ctx *c, const char *file, int *records, struct hb_err *e)
{
	struct intake in = { .c = c, .e = e, .file = file };
	struct csv_parser p;
	FILE *fp;
	char *buf = NULL, *data;
	size_t cap = 0;
	ssize_t len;
	int i;

	*records = 0;
	if ((fp = fopen(file, "r")) == NULL)
		return hb_error(e, "cannot open '%s': %s", file,
		    strerror(errno));
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		abort();
	while (!in.failed && (len = getline(&buf, &cap, fp)) != -1) {
		data = buf;
		if (++in.line == 1) {
			if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
				data += 3;	/* a spreadsheet's BOM */
				len -= 3;
			}
			/* Dutch spreadsheets export with semicolons */
			if (strchr(data, ';') != NULL &&
			    strchr(data, ',') == NULL)
				csv_set_delim(&p, ';');
		}
		if (memchr(data, '\0', (size_t)len) != NULL) {
			in.failed = hb_error_at(e, file, in.line, NULL,
			    "contains a NUL byte: not a text file");
			break;
		}
		if (csv_parse(&p, data, (size_t)len, on_field, on_row, &in) !=
		    (size_t)len && !in.failed)
			in.failed = hb_error_at(e, file, in.line, NULL,
			    "malformed CSV: %s", csv_strerror(csv_error(&p)));
	}
	if (!in.failed && ferror(fp))
		in.failed = hb_error(e, "cannot read '%s'", file);
	if (!in.failed && csv_fini(&p, on_field, on_row, &in) != 0)
		in.failed = hb_error_at(e, file, in.line, NULL, "malformed "
		    "CSV at the end of the file: %s",
		    csv_strerror(csv_error(&p)));
	if (!in.failed && in.ncols == 0)
		in.failed = hb_error(e, "%s: empty file", file);
	csv_free(&p);
	for (i = 0; i < in.ncell; i++)
		free(in.cell[i]);
	for (i = 0; i < in.ncols; i++)
		free(in.header[i]);
	free(buf);
	fclose(fp);
	*records = in.records;
	return in.failed ? -1 : 0;
}
