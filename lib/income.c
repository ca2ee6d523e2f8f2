/*
 * Income statements (the Enschede pilot): with the citizen's consent an
 * employer or benefit agency delivers what it will pay, and the planner
 * uses it as expected income.  A statement for a household without a
 * consent for that source, valid on the pay date, is refused: the whole
 * file is then not imported.
 *
 *	household,source,period,net,pay_date
 *	HB-000002,Bakkerij Van Dam B.V.,2026-12,905.10,2026-12-24
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "hb.h"

#define NCOLS 5

static const char *const columns[NCOLS] = {
	"household", "source", "period", "net", "pay_date" };

struct income {
	struct hb_ctx		*c;
	struct hb_err		*e;
	struct hb_import_result	*res;
	const char		*name;
	int64_t			 import_id;
	long			 line, row_line;
	int			 col[NCOLS];	/* file column of each field */
	int			 header;
	char			*cell[32];
	int			 ncell;
	int			 failed;
};

static void
on_field(void *data, size_t len, void *priv)
{
	struct income *in = priv;

	if (in->failed)
		return;
	if (in->ncell == 0)
		in->row_line = in->line;
	if (in->ncell == 32) {
		in->failed = hb_error_at(in->e, in->name, in->line, NULL,
		    "too many columns");
		return;
	}
	in->cell[in->ncell++] = xstrndup(data != NULL ? data : "", len);
}

static int
take_header(struct income *in)
{
	int i, j;

	for (i = 0; i < NCOLS; i++) {
		in->col[i] = -1;
		for (j = 0; j < in->ncell; j++)
			if (strcmp(in->cell[j], columns[i]) == 0)
				in->col[i] = j;
		if (in->col[i] == -1)
			return hb_error_at(in->e, in->name, in->row_line, NULL,
			    "the header has no '%s' column (expected "
			    "household, source, period, net, pay_date)",
			    columns[i]);
	}
	in->header = in->ncell;
	return 0;
}

static int
take_row(struct income *in)
{
	struct hb_err *e = in->e;
	const char *v[NCOLS];
	int64_t hh, org, consent, net;
	int i, pay, rc, y, m;
	char *end, max[HB_MONEY_LEN];

	if (in->ncell != in->header)
		return hb_error_at(e, in->name, in->row_line, NULL, "%d columns, "
		    "expected %d as in the header", in->ncell, in->header);
	for (i = 0; i < NCOLS; i++)
		v[i] = in->cell[in->col[i]];
	if (hb_household_id(in->c, v[0], &hh, e) == -1)
		return hb_error_prefix(e, in->name, in->row_line);
	rc = hb_query_int(in->c->st, &org, e, "SELECT id FROM organisation "
	    "WHERE name = ?", "s", v[1]);
	if (rc != 1)
		return rc == -1 ? -1 : hb_error_at(e, in->name, in->row_line,
		    "source", "unknown organisation '%s'", v[1]);
	y = (int)strtol(v[2], &end, 10);
	if (strlen(v[2]) != 7 || end != v[2] + 4 || *end != '-' ||
	    (m = (int)strtol(end + 1, &end, 10)) < 1 || m > 12 || *end != '\0' ||
	    y < 1900)
		return hb_error_at(e, in->name, in->row_line, "period",
		    "invalid period '%s': expected YYYY-MM", v[2]);
	if (hb_money_parse(v[3], strrchr(v[3], ',') > strrchr(v[3], '.') ?
	    HB_DECIMAL_COMMA : HB_DECIMAL_DOT, &net, e) == -1)
		return hb_error_at(e, in->name, in->row_line, "net", "%s",
		    e->msg);
	if (net < 0)
		return hb_error_at(e, in->name, in->row_line, "net",
		    "a net income is not negative");
	/* the bank readers' bound: no real income is larger */
	if (net > HB_AMOUNT_MAX) {
		hb_money_format(HB_AMOUNT_MAX, max);
		return hb_error_at(e, in->name, in->row_line, "net", "amount "
		    "'%s' is larger than %s, the most hb accepts", v[3], max);
	}
	if (hb_date_parse(v[4], &pay) == -1)
		return hb_error_at(e, in->name, in->row_line, "pay_date",
		    "invalid date '%s': expected YYYY-MM-DD", v[4]);
	rc = hb_query_int(in->c->st, &consent, e, "SELECT id FROM consent "
	    "WHERE household_id = ? AND organisation_id = ? AND "
	    "valid_from <= ?3 AND (valid_to IS NULL OR valid_to >= ?3) "
	    "ORDER BY valid_from DESC LIMIT 1", "IId", hh, org, pay);
	if (rc != 1)
		return rc == -1 ? -1 : hb_error_at(e, in->name, in->row_line,
		    "source", "%s has given no consent for income data from "
		    "'%s' on %s: nothing imported", v[0], v[1], v[4]);
	in->res->lines++;
	if (hb_exec(in->c->st, e, "INSERT INTO income_statement "
	    "(household_id, organisation_id, consent_id, period, net, "
	    "pay_date, import_id, src_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT DO NOTHING", "IIIsIdII", hh, org, consent, v[2], net,
	    pay, in->import_id, (int64_t)in->row_line) == -1)
		return -1;
	if (hb_changes(in->c->st) == 0)
		in->res->duplicates++;
	else
		in->res->new_lines++;
	return 0;
}

static void
on_row(int term, void *priv)
{
	struct income *in = priv;
	int i;

	if (!in->failed && !(in->ncell == 1 && in->cell[0][0] == '\0')) {
		for (i = 0; i < in->ncell && !in->failed; i++)
			if (!hb_utf8_valid(in->cell[i], strlen(in->cell[i])))
				in->failed = hb_error_at(in->e, in->name,
				    in->row_line, NULL, "not valid UTF-8");
		if (!in->failed)
			in->failed = in->header == 0 ? take_header(in) :
			    take_row(in);
	}
	for (i = 0; i < in->ncell; i++)
		free(in->cell[i]);
	in->ncell = 0;
}

int
hb_income_read(struct hb_ctx *c, FILE *fp, const char *name,
    int64_t import_id, struct hb_import_result *res, struct hb_err *e)
{
	struct income in = { .c = c, .e = e, .res = res, .name = name,
	    .import_id = import_id };
	struct csv_parser p;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int i;

	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		abort();
	while (!in.failed && (len = getline(&buf, &cap, fp)) != -1) {
		char *data = buf;

		if (++in.line == 1 && len >= 3 &&
		    memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			len -= 3;
		}
		if (memchr(data, '\0', (size_t)len) != NULL)
			in.failed = hb_error_at(e, name, in.line, NULL,
			    "contains a NUL byte: not a text file");
		else if (csv_parse(&p, data, (size_t)len, on_field, on_row,
		    &in) != (size_t)len && !in.failed)
			in.failed = hb_error_at(e, name, in.line, NULL,
			    "malformed CSV: %s", csv_strerror(csv_error(&p)));
	}
	if (!in.failed && csv_fini(&p, on_field, on_row, &in) != 0)
		in.failed = hb_error_at(e, name, in.line, NULL, "malformed CSV "
		    "at the end of the file");
	csv_free(&p);
	for (i = 0; i < in.ncell; i++)
		free(in.cell[i]);
	free(buf);
	if (!in.failed && in.header == 0)
		in.failed = hb_error(e, "%s: no income statements", name);
	return in.failed ? -1 : 0;
}
