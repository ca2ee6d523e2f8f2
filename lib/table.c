/*
 * Tables for people (aligned, amounts as € 1.234,56, untrusted text
 * sanitised) and for scripts (tsv, csv, json: amounts as 1234.56, in JSON
 * a string so that no reader takes it for a float; dates ISO 8601; column
 * names stable and documented in the man pages).
 */
#include <stdlib.h>
#include <string.h>

#include "hb.h"

struct rows {
	char	**cell;		/* ncols * nrows, NULL for SQL NULL */
	size_t	 n, cap;
};

int
hb_format_parse(const char *s, enum hb_format *out)
{
	static const char *const names[] = { "human", "tsv", "csv", "json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum hb_format)i;
			return 0;
		}
	return -1;
}

/* Display width: code points, which is right for the Latin text we show. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* A cell as it is shown: v is the value's text, or for 'm' its cents. */
static char *
cell_show(const char *v, int64_t cents, char type, enum hb_format fmt)
{
	char buf[HB_MONEY_LEN];

	if (type == 'm') {
		if (fmt == HB_OUT_HUMAN)
			hb_money_format_nl(cents, buf);
		else
			hb_money_format(cents, buf);
		return xstrdup(buf);
	}
	/* JSON escapes what it must; tsv and csv go to terminals and
	 * spreadsheets, so they are sanitised like human output */
	if (fmt == HB_OUT_JSON)
		return xstrdup(v);
	return hb_sanitize(v);
}

static char *
cell_text(struct hb_stmt *q, int i, char type, enum hb_format fmt)
{
	if (hb_col_null(q, i))
		return NULL;
	return cell_show(hb_col_text(q, i), hb_col_int(q, i), type, fmt);
}

static void
put_json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(fp, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", fp);
		else if (ch == '\t')
			fputs("\\t", fp);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\u%04x", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

static void
put_csv(FILE *fp, const char *s, char type)
{
	/* a spreadsheet must not run a cell as a formula; an amount such as
	 * -40.00 is a number, written as one so that sums work */
	int neutral = type != 'm' && type != 'i' && hb_csv_needs_neutral(s);

	if (!neutral && strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	if (neutral)
		fputc('\'', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
put_tsv(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

/*
 * The column names of the human tables, marked for translation: in human
 * format a table's header is in the user's language, in tsv, csv and json
 * it is the name scripts read.  t0904 checks that every column a command
 * shows is here.
 */
static const char *const column_names[] __attribute__((unused)) = {
	N_("about"), N_("account"), N_("action"), N_("active"), N_("actor"),
	N_("adults"), N_("advisory"), N_("agreement"), N_("agreements"),
	N_("amount"), N_("amount_margin"), N_("approved_by"), N_("assignee"),
	N_("at"), N_("balance"), N_("balance_after"), N_("buffer"),
	N_("buffer_limit"), N_("buffer_used"), N_("caseworker"),
	N_("category"), N_("changed"), N_("children"), N_("claim"),
	N_("claim_total"), N_("closing"), N_("code"), N_("composition"),
	N_("consent"), N_("control_sum"), N_("count"), N_("counter_iban"),
	N_("counter_name"), N_("counterparty"), N_("creditor"),
	N_("creditor_iban"), N_("date"), N_("day"), N_("day_margin"),
	N_("decision"), N_("description"), N_("detail"), N_("details"),
	N_("direction"), N_("due"), N_("duplicates"), N_("end"),
	N_("end_to_end"), N_("escalations"), N_("execution"), N_("file"),
	N_("filed"), N_("filed_by"), N_("forced"), N_("format"),
	N_("from_date"), N_("hash"), N_("held"), N_("holder"),
	N_("household"), N_("iban"), N_("ibans"), N_("id"), N_("in"),
	N_("kind"), N_("legal_basis"), N_("line"), N_("lines"), N_("matched"),
	N_("median_days"), N_("method"), N_("mode"), N_("month"),
	N_("msg_id"), N_("name"), N_("needs_person"), N_("net"), N_("new"),
	N_("on_behalf_of"), N_("open"), N_("opening"), N_("operation_id"),
	N_("organisation"), N_("out"), N_("outcome"), N_("overdue"),
	N_("p90_days"), N_("pay_date"), N_("payout"), N_("period"),
	N_("plan"), N_("rank"), N_("reason"), N_("reference"), N_("rejected"),
	N_("resolution"), N_("resolved_by"), N_("result"), N_("rule"),
	N_("schedule"), N_("score"), N_("search"), N_("signals"),
	N_("source"), N_("start"), N_("statements"), N_("status"),
	N_("subject"), N_("suggestion"), N_("tag"), N_("to_date"),
	N_("trace_id"), N_("unit"), N_("unmatched"), N_("upheld"),
	N_("upheld_or_changed_percent"), N_("urgency"), N_("valid_from"),
	N_("valid_to"), N_("value"), N_("value_date"), N_("what"),
};

/*
 * The words of the columns whose values are words (a status, a kind, a
 * composition...), marked for translation: in human format they are
 * shown in the user's language (in Dutch the words hb also takes as
 * input), in tsv, csv and json as the store keeps them.
 */
static const char *const word_columns[] = { "status", "what", "subject",
	"direction", "kind", "composition", "mode", "method", "urgency",
	"category", "on_behalf_of", NULL };
static const char *const word_values[] __attribute__((unused)) = {
	N_("active"), N_("ended"), N_("planned"), N_("advisory"),
	N_("approved"), N_("held"), N_("exported"), N_("reconciled"),
	N_("cancelled"), N_("pending"), N_("written"), N_("done"),
	N_("abandoned"), N_("open"), N_("taken"), N_("resolved"),
	N_("imported"), N_("income"), N_("income_missing"), N_("payout"),
	N_("buffer_advance"), N_("buffer_recovery"), N_("hold"),
	N_("postpone"), N_("suspend"), N_("reduce"), N_("signal"), N_("in"),
	N_("out"), N_("salary"), N_("benefit"), N_("toeslag"),
	N_("other_income"), N_("rent"), N_("energy"), N_("water"),
	N_("health_insurance"), N_("leefgeld"), N_("other_fixed"),
	N_("reservation"), N_("repayment"), N_("offset"), N_("collection"),
	N_("landlord"), N_("insurer"), N_("benefit_agency"), N_("employer"),
	N_("municipality"), N_("creditor"), N_("other"), N_("managed"),
	N_("pooled"), N_("own"), N_("single"), N_("single_parent"),
	N_("couple"), N_("couple_children"), N_("amount_deviation"),
	N_("unexpected_payment"), N_("unknown_counterparty"),
	N_("statement_unreconciled"), N_("negative_balance"),
	N_("buffer_used"), N_("buffer_exhausted"), N_("payout_held"),
	N_("non_take_up"), N_("escalation_overdue"), N_("payout_returned"),
	N_("match_ambiguous"), N_("line_unmatched"), N_("booking_corrected"),
	N_("plan_failed"), N_("unmatched_lines"), N_("double_payment"),
	N_("hard"), N_("auto"), N_("account"), N_("manual"), N_("urgent"),
	N_("normal"), N_("wrong_amount"), N_("collection_too_hard"),
	N_("not_standard"), N_("citizen"), N_("caseworker"),
	N_("neighbourhood_team"), N_("debt_counsellor"), N_("partner"),
};

/* a column's header in the user's language ("" is the catalogue's header) */
static const char *
header(const char *name)
{
	return *name != '\0' ? _(name) : name;
}

/* the width human tables fit in; 0 for no limit */
static int max_width;

void
hb_table_set_width(int columns)
{
	max_width = columns > 0 ? columns : 0;
}

int
hb_table_width(void)
{
	return max_width;
}

/*
 * A line of text that does not fit in columns is broken at a space,
 * preferably one after a comma, semicolon or colon in the second half
 * of the line, never between "€" and its amount; a word longer than the
 * line is broken where it reaches the edge.  Continuation lines get the
 * line's own indentation and indent more spaces.
 */
void
hb_wrap(FILE *fp, const char *text, int columns, int indent)
{
	const char *line, *end, *p, *q, *brk, *good;
	size_t avail, col, lead;
	int first;

	for (line = text; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		lead = strspn(line, " ");
		if (lead > (size_t)(end - line))
			lead = (size_t)(end - line);
		for (p = line, first = 1;; first = 0) {
			avail = columns > 0 ? (size_t)columns : 0;
			if (!first)
				avail = avail > lead + indent + 20 ?
				    avail - lead - indent : 20;
			brk = good = NULL;
			col = 0;
			for (q = p; q < end; q++) {
				if (((unsigned char)*q & 0xc0) != 0x80)
					col++;
				/* a space after text that fits: a break */
				if (*q == ' ' && q > p && q[-1] != ' ' &&
				    col - 1 <= avail && (q - p < 3 ||
				    memcmp(q - 3, "\xe2\x82\xac", 3) != 0)) {
					brk = q;
					if (strchr(",;:", q[-1]) != NULL &&
					    col - 1 >= avail / 2)
						good = q;
				}
				if (col > avail)
					break;
			}
			if (columns <= 0 || q == end) {
				fwrite(p, 1, (size_t)(end - p), fp);
				fputc('\n', fp);
				break;
			}
			if (good != NULL)
				brk = good;
			if (brk == NULL) {
				/* q: the first byte past the edge; a web
				 * address breaks after a '/', '&' or '?' in
				 * the line's second half */
				for (brk = q; brk > p + (q - p) / 2 &&
				    strchr("/&?", brk[-1]) == NULL; brk--)
					;
				if (brk == p + (q - p) / 2)
					brk = q;
				brk = brk > p ? brk : p + 1;
				fwrite(p, 1, (size_t)(brk - p), fp);
				p = brk;
			} else {
				fwrite(p, 1, (size_t)(brk - p), fp);
				for (p = brk; p < end && *p == ' '; p++)
					;
			}
			fputc('\n', fp);
			if (p == end)
				break;
			fprintf(fp, "%*s", (int)(lead + indent), "");
		}
	}
}

/* s cut to w display columns, the last one an ellipsis when cut */
static void
put_cut(FILE *fp, const char *s, size_t w)
{
	size_t n = 0;
	const char *p;

	if (width(s) <= w) {
		fputs(s, fp);
		return;
	}
	if (w == 0)
		return;
	for (p = s; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && ++n == w)
			break;
		fputc(*p, fp);
	}
	fputs("\xe2\x80\xa6", fp);	/* … */
}

/*
 * Fit the columns' widths w into max_width.  The widest text column is
 * cut first, one column at a time, down to its header or 10 columns (30
 * for long text: a description, an outcome, what a reader came for).  If
 * that is not enough, columns are left out from the right, the long text
 * columns last and the first column never; the room that frees goes back
 * to the text that was cut, the long text first.  hide[i] is set for a
 * column left out; returns how many are.
 */
static int
fit(size_t *w, const char *const *name, const char *types, int ncols,
    char *hide)
{
	size_t total = 0, min, *full;
	int i, widest, hidden = 0, pass;

	if (max_width <= 0)
		return 0;
	for (i = 0; i < ncols; i++)
		total += w[i] + (i ? 2 : 0);
	if (total <= (size_t)max_width)
		return 0;
	full = xcalloc((size_t)ncols, sizeof(*full));
	memcpy(full, w, (size_t)ncols * sizeof(*full));
	while (total > (size_t)max_width) {
		widest = -1;
		for (i = 0; i < ncols; i++) {
			/* long text keeps 30 columns, other text 10 */
			min = width(header(name[i]));
			if (min < (full[i] > 40 ? 30 : 10))
				min = full[i] > 40 ? 30 : 10;
			if (types[i] == 's' && w[i] > min &&
			    (widest == -1 || w[i] > w[widest]))
				widest = i;
		}
		if (widest == -1)
			break;
		w[widest]--;
		total--;
	}
	for (pass = 0; pass < 2; pass++)
		for (i = ncols - 1; i > 0 && total > (size_t)max_width; i--) {
			if (hide[i] || (pass == 0 && types[i] == 's' &&
			    full[i] > 40))
				continue;
			hide[i] = 1;
			hidden++;
			total -= w[i] + 2;
		}
	/* the long text first */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < ncols && total < (size_t)max_width; i++) {
			if (hide[i] || w[i] >= full[i] ||
			    (pass == 0 && full[i] <= 40))
				continue;
			min = full[i] - w[i];
			if (min > (size_t)max_width - total)
				min = (size_t)max_width - total;
			w[i] += min;
			total += min;
		}
	free(full);
	return hidden;
}

static void
write_human(FILE *fp, const char *const *name, const char *types,
    struct rows *r, int ncols)
{
	size_t *w = xcalloc((size_t)ncols, sizeof(*w)), row;
	char *hide = xcalloc((size_t)ncols, 1);
	const char *s;
	int i, last, hidden;

	for (i = 0; i < ncols; i++) {
		const char *const *k;

		w[i] = width(header(name[i]));
		for (k = word_columns; *k != NULL; k++)
			if (strcmp(*k, name[i]) == 0)
				break;
		if (*k == NULL)
			continue;
		for (row = 0; row < r->n; row++) {
			char **cell = &r->cell[row * (size_t)ncols + (size_t)i];

			if (*cell != NULL && **cell != '\0') {
				s = _(*cell);
				if (s != *cell) {
					s = xstrdup(s);
					free(*cell);
					*cell = (char *)s;
				}
			}
		}
	}
	for (row = 0; row < r->n; row++)
		for (i = 0; i < ncols; i++)
			if ((s = r->cell[row * (size_t)ncols + (size_t)i]) &&
			    width(s) > w[i])
				w[i] = width(s);
	hidden = fit(w, name, types, ncols, hide);
	for (last = ncols - 1; last > 0 && hide[last]; last--)
		;
	for (row = 0; row <= r->n; row++) {
		for (i = 0; i <= last; i++) {
			size_t pad;

			if (hide[i])
				continue;
			s = row == 0 ? header(name[i]) :
			    r->cell[(row - 1) * (size_t)ncols + (size_t)i];
			if (s == NULL)
				s = "-";
			pad = width(s) < w[i] ? w[i] - width(s) : 0;
			if (types[i] == 'm' || types[i] == 'i')
				fprintf(fp, "%*s", (int)pad, "");
			put_cut(fp, s, w[i]);
			if ((types[i] != 'm' && types[i] != 'i') && i != last)
				fprintf(fp, "%*s", (int)pad, "");
			fputs(i == last ? "\n" : "  ", fp);
		}
	}
	if (hidden > 0)
		/* TRANSLATORS: the columns a narrow terminal left out */
		fprintf(fp, P_("(%d more column: -w shows all)\n",
		    "(%d more columns: -w shows all)\n", hidden), hidden);
	free(hide);
	free(w);
}

static void
write_machine(FILE *fp, enum hb_format fmt, const char *const *name,
    const char *types, struct rows *r, int ncols)
{
	const char *s;
	size_t row;
	int i;

	if (fmt == HB_OUT_JSON)
		fputc('[', fp);
	else
		for (i = 0; i < ncols; i++)
			fprintf(fp, "%s%c", name[i],
			    i == ncols - 1 ? '\n' : fmt == HB_OUT_CSV ? ',' :
			    '\t');
	for (row = 0; row < r->n; row++) {
		if (fmt == HB_OUT_JSON)
			fputs(row ? ",\n {" : "\n {", fp);
		for (i = 0; i < ncols; i++) {
			s = r->cell[row * (size_t)ncols + (size_t)i];
			if (fmt == HB_OUT_JSON) {
				if (i > 0)
					fputs(", ", fp);
				put_json_string(fp, name[i]);
				fputs(": ", fp);
				if (s == NULL)
					fputs("null", fp);
				else if (types[i] == 'i')
					fputs(s, fp);
				else
					put_json_string(fp, s);
				continue;
			}
			if (s != NULL && fmt == HB_OUT_CSV)
				put_csv(fp, s, types[i]);
			else if (s != NULL)
				put_tsv(fp, s);
			fputc(i == ncols - 1 ? '\n' : fmt == HB_OUT_CSV ?
			    ',' : '\t', fp);
		}
		if (fmt == HB_OUT_JSON)
			fputc('}', fp);
	}
	if (fmt == HB_OUT_JSON)
		fputs(r->n ? "\n]\n" : "]\n", fp);
}

/* writes the rows unless fp is NULL, and frees them */
static void
write_rows(FILE *fp, enum hb_format fmt, const char *const *name,
    const char *types, struct rows *r, int ncols)
{
	size_t k;

	if (fp != NULL && fmt == HB_OUT_HUMAN)
		write_human(fp, name, types, r, ncols);
	else if (fp != NULL)
		write_machine(fp, fmt, name, types, r, ncols);
	for (k = 0; k < r->n * (size_t)ncols; k++)
		free(r->cell[k]);
	free(r->cell);
}

static void
grow(struct rows *r, int ncols)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cell = xreallocarray(r->cell, r->cap * (size_t)ncols,
		    sizeof(*r->cell));
	}
}

int
hb_table_write(FILE *fp, enum hb_format fmt, struct hb_stmt *q,
    const char *types, struct hb_err *e)
{
	struct rows r = { NULL, 0, 0 };
	int ncols = hb_col_count(q), i, rc;
	const char **name;

	if ((size_t)ncols != strlen(types))
		abort();	/* the caller's column types are wrong */
	/* outcomes in the reader's language for people, as recorded for
	 * machines */
	hb_outcome_translate(fmt == HB_OUT_HUMAN);
	while ((rc = hb_step(q, e)) == 1) {
		grow(&r, ncols);
		for (i = 0; i < ncols; i++)
			r.cell[r.n * (size_t)ncols + (size_t)i] =
			    cell_text(q, i, types[i], fmt);
		r.n++;
	}
	hb_outcome_translate(1);
	name = xcalloc((size_t)ncols, sizeof(*name));
	for (i = 0; i < ncols; i++)
		name[i] = hb_col_name(q, i);
	write_rows(rc == 0 ? fp : NULL, fmt, name, types, &r, ncols);
	free(name);
	return rc;
}

int
hb_table_cells(FILE *fp, enum hb_format fmt, const char *const *name,
    const char *types, const struct hb_cell *cell, size_t nrows)
{
	struct rows r = { NULL, 0, 0 };
	int ncols = (int)strlen(types), i;
	const struct hb_cell *c;

	for (; r.n < nrows; r.n++) {
		grow(&r, ncols);
		for (i = 0; i < ncols; i++) {
			c = &cell[r.n * (size_t)ncols + (size_t)i];
			r.cell[r.n * (size_t)ncols + (size_t)i] = c->null ?
			    NULL : cell_show(c->text != NULL ? c->text : "",
			    c->cents, types[i], fmt);
		}
	}
	write_rows(fp, fmt, name, types, &r, ncols);
	return 0;
}
