/*
 * bankcsv.c - bank CSV exports.  Every bank has its own layout and changes
 * it now and then, so the layouts are data: one profile per bank and
 * version in share/hb/csv/NAME.profile, a small text file of the form
 *
 *	# a comment
 *	key = value
 *
 * Blank lines and lines starting with '#' are ignored; whitespace around
 * keys and values is too; a line ending in '\' goes on on the next.
 * Every key may appear once.  The keys (share/hb/csv/README says more):
 *
 *	name		the profile's name, the same as the file's NAME
 *	description	one line for people
 *	delimiter	comma, semicolon or tab; a list ("semicolon, comma")
 *			when the bank offers a choice: the first line decides
 *	quote		double (default), single, or none when the bank
 *			never quotes (a " in a field is then just a ")
 *	quoted		the columns the bank quotes, when it quotes only
 *			some and never doubles a quote inside (ASN): the
 *			others are taken as written, quotes and all
 *	header		exact: the first row names the columns as in
 *			'columns' (case does not matter); none: no header;
 *			names: the first row names the columns in any order
 *			and the field keys below list the names they accept
 *	columns		header exact or none: the columns, comma separated,
 *			in order; "Datum|Date" accepts either name in the
 *			header.  Field keys refer to these names.
 *	encoding	auto (default: UTF-8 when a row is valid UTF-8,
 *			else Windows-1252), auto-latin9 (else ISO-8859-15),
 *			utf-8 (invalid UTF-8 is an error), cp1252, latin9.
 *			A byte order mark always means UTF-8.
 *	date_format	YYYYMMDD, YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or
 *			DD.MM.YYYY; a list means any of them
 *	decimal		comma (1.234,56), dot (1,234.56) or auto: per value,
 *			the last of '.' and ',' is the decimal mark
 *	debit, credit	with 'sign': the words (any case) that mean each
 *	account_bank	four letters: the account column may hold a bare
 *			Dutch account number of this bank (ABN AMRO's .TAB),
 *			from which the IBAN follows
 *	details		abnamro: the description holds the counterparty
 *			(/TRTP/.../IBAN/... or "IBAN: ... Naam: ...")
 *
 * and the fields, each naming its column (header names: the names it
 * accepts, separated by '|'):
 *
 *	date (required), value_date, amount (required), sign (a column of
 *	debit/credit words; without it the amount carries its sign),
 *	account (the account the statement is for; without it the caller
 *	must name the account), counter_iban, counter_name, remittance
 *	(one or more columns, joined with a space: the bank line's
 *	description), reference (one or more columns, joined with '/': the
 *	bank's own reference, used to recognise a line imported before),
 *	end_to_end, return_reason, balance_before, balance_after.
 *
 * Detection tries the profiles with a fixed layout against the first line
 * (the header, or the first row's shape, date, amount and account), then
 * the header-names ones, and takes a single fit or none.
 *
 * The reader streams: one line at a time through libcsv, one statement
 * per run of rows for the same account.  Balances come from balance
 * columns when the rows chain up (each row's balance before equals the
 * previous row's balance after), in file order or in reverse, because
 * banks list newest first as often as oldest first; they are known only
 * when the statement is complete and are passed to end(), not begin().
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "hb.h"

#define MAX_COLS	64
#define MAX_LIST	16		/* names or columns in one list */
#define MAX_KEYS	40
#define LINE_MAX_LEN	(64 * 1024)	/* a line, and a row across lines */
#define PROFILE_LINE	4096
#define BOM		"\xef\xbb\xbf"

enum field {
	F_ACCOUNT, F_DATE, F_VALUE_DATE, F_AMOUNT, F_SIGN, F_COUNTER_IBAN,
	F_COUNTER_NAME, F_REMITTANCE, F_REFERENCE, F_END_TO_END,
	F_RETURN_REASON, F_BALANCE_BEFORE, F_BALANCE_AFTER, NFIELDS
};

static const char *const field_keys[NFIELDS] = {
	"account", "date", "value_date", "amount", "sign", "counter_iban",
	"counter_name", "remittance", "reference", "end_to_end",
	"return_reason", "balance_before", "balance_after"
};

static const char *const other_keys[] = {
	"name", "description", "delimiter", "quote", "header", "columns",
	"encoding", "date_format", "decimal", "debit", "credit",
	"account_bank", "details", "quoted", NULL
};

enum header_kind { HEADER_NONE, HEADER_EXACT, HEADER_NAMES };
enum enc_mode { ENC_AUTO, ENC_AUTO_LATIN9, ENC_UTF8, ENC_CP1252,
    ENC_LATIN9 };
enum decimal_mode { DEC_COMMA, DEC_DOT, DEC_AUTO };
enum date_format { DF_YYYYMMDD, DF_ISO, DF_DMY_DASH, DF_DMY_SLASH,
    DF_DMY_DOT, NDATE_FORMATS };

static const char *const date_format_names[NDATE_FORMATS] = {
	"YYYYMMDD", "YYYY-MM-DD", "DD-MM-YYYY", "DD/MM/YYYY", "DD.MM.YYYY"
};

struct list {
	int	 n;
	char	*s[MAX_LIST];
};

struct hb_csvprofile {
	char		*name;
	char		*format;		/* "csv:NAME" */
	char		*description;
	char		 delim[4];		/* tried in this order */
	int		 ndelim;
	int		 quote;			/* 0: never quoted */
	int		 some_quoted;		/* only the columns in quoted */
	unsigned char	 quoted[MAX_COLS];
	enum header_kind header;
	enum enc_mode	 encoding;
	int		 ncols;
	struct list	 colnames[MAX_COLS];	/* [0] is the canonical name */
	int		 col[NFIELDS][MAX_LIST];
	int		 ncol[NFIELDS];
	struct list	 names[NFIELDS];	/* header names: accepted names */
	enum date_format datefmt[NDATE_FORMATS];
	int		 ndatefmt;
	enum decimal_mode decimal;
	struct list	 debit, credit;
	char		 bank[5];
	int		 details_abnamro;
};

struct cells {
	int	 n;
	int	 rows;		/* split_line: rows ended */
	int	 overflow;
	char	*v[MAX_COLS];
};

/* the layout of one file: the profile's, or read from its header */
struct layout {
	int		 ncols;
	int		 col[NFIELDS][MAX_LIST];
	int		 ncol[NFIELDS];
	const char	*name[MAX_COLS];	/* for messages */
};

/* a statement's balances, from the balance columns of its lines */
struct balances {
	int	 lines;
	int	 ok;		/* every line so far had one */
	int	 fwd, bwd;	/* the lines chain up in file order, reversed */
	int64_t	 first_before, first_after, last_before, last_after;
	int	 first_date, last_date;
};

struct reader {
	const struct hb_csvprofile	*pr;
	const struct hb_bankreader	*r;
	struct hb_err	*e;
	const char	*file;
	long		 line;		/* being fed to the parser */
	long		 row_line;	/* where the current row began */
	int		 row_ended;
	struct cells	 c;
	int		 failed;
	int		 have_header;
	enum enc_mode	 enc;
	char		 given[HB_IBAN_LEN];	/* the caller's account or "" */
	struct layout	 lay;
	int		 delim;
	char		*hdrname[MAX_COLS];	/* header names: from the file */
	int		 open;
	struct hb_bankstmt st;
	struct balances	 bal;
};

/* ASCII only: the bytes of other characters are never blanks */
static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Trims, and turns every run of blanks and line breaks into one space:
 * banks pad and wrap their descriptions at fixed widths, and the padding
 * means nothing to a person or to matching.
 */
static void
squeeze(char *s)
{
	char *o = s, *start = s;
	int gap = 0;

	for (; *s != '\0'; s++) {
		if (is_blank(*s)) {
			gap = o != start;
			continue;
		}
		if (gap)
			*o++ = ' ';
		gap = 0;
		*o++ = *s;
	}
	*o = '\0';
}

static void
list_free(struct list *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	l->n = 0;
}

/* "a, b ,c" into trimmed items; -1 on an empty item or too many */
static int
list_split(const char *s, int sep, struct list *l)
{
	const char *p, *end;
	char *item;

	list_free(l);
	for (p = s;; p = end + 1) {
		if ((end = strchr(p, sep)) == NULL)
			end = p + strlen(p);
		item = xstrndup(p, (size_t)(end - p));
		squeeze(item);
		if (*item == '\0' || l->n == MAX_LIST) {
			free(item);
			list_free(l);
			return -1;
		}
		l->s[l->n++] = item;
		if (*end == '\0')
			return 0;
	}
}

static int
list_has(const struct list *l, const char *s)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->s[i], s) == 0)
			return 1;
	return 0;
}

static void
cells_clear(struct cells *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	c->n = 0;
	c->rows = 0;
	c->overflow = 0;
}

static void
cells_add(struct cells *c, const void *data, size_t len)
{
	if (c->n == MAX_COLS) {
		c->overflow = 1;
		return;
	}
	c->v[c->n++] = xstrndup(data != NULL ? data : "", len);
}

static int
cells_empty(const struct cells *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->v[i][0] != '\0')
			return 0;
	return 1;
}

/*
 * Brings a row's cells to UTF-8.  Auto decides per row, not per file: a
 * file's first rows are often plain ASCII and say nothing.  Returns the
 * index of a cell that is not UTF-8 when the encoding must be UTF-8.
 */
static int
cells_to_utf8(struct cells *c, enum enc_mode m)
{
	enum hb_encoding from;
	char *s;
	int i;

	if (m == ENC_UTF8 || m == ENC_AUTO || m == ENC_AUTO_LATIN9) {
		for (i = 0; i < c->n; i++)
			if (!hb_utf8_valid(c->v[i], strlen(c->v[i])))
				break;
		if (i == c->n)
			return -1;
		if (m == ENC_UTF8)
			return i;
	}
	from = m == ENC_LATIN9 || m == ENC_AUTO_LATIN9 ? HB_ENC_LATIN9 :
	    HB_ENC_CP1252;
	for (i = 0; i < c->n; i++) {
		s = hb_to_utf8(c->v[i], strlen(c->v[i]), from);
		free(c->v[i]);
		c->v[i] = s;
	}
	return -1;
}

/* strlcat for the short messages here; glibc before 2.38 lacks it */
static void
append(char *buf, size_t sz, const char *s)
{
	size_t n = strlen(buf);

	if (n < sz)
		snprintf(buf + n, sz - n, "%s", s);
}

static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		*v = *v * 10 + (*s - '0');
	}
	return 0;
}

static int
parse_date_as(const char *s, enum date_format f, int *day)
{
	int y, m, d;
	char sep;

	if (f == DF_YYYYMMDD) {
		if (strlen(s) != 8 || digits(s, 4, &y) == -1 ||
		    digits(s + 4, 2, &m) == -1 || digits(s + 6, 2, &d) == -1)
			return -1;
	} else if (f == DF_ISO) {
		if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
		    digits(s, 4, &y) == -1 || digits(s + 5, 2, &m) == -1 ||
		    digits(s + 8, 2, &d) == -1)
			return -1;
	} else {
		sep = f == DF_DMY_DASH ? '-' : f == DF_DMY_SLASH ? '/' : '.';
		if (strlen(s) != 10 || s[2] != sep || s[5] != sep ||
		    digits(s, 2, &d) == -1 || digits(s + 3, 2, &m) == -1 ||
		    digits(s + 6, 4, &y) == -1)
			return -1;
	}
	if (y < 1900 || !hb_date_valid(y, m, d))
		return -1;
	*day = hb_date_make(y, m, d);
	return 0;
}

static int
parse_date(const struct hb_csvprofile *pr, const char *s, int *day,
    struct hb_err *e)
{
	char want[80] = "";
	char *q;
	int i;

	for (i = 0; i < pr->ndatefmt; i++)
		if (parse_date_as(s, pr->datefmt[i], day) == 0)
			return 0;
	for (i = 0; i < pr->ndatefmt; i++) {
		if (i > 0)
			append(want, sizeof(want), " or ");
		append(want, sizeof(want), date_format_names[pr->datefmt[i]]);
	}
	q = hb_sanitize(s);
	hb_error(e, "invalid date '%s': expected %s", q, want);
	free(q);
	return -1;
}

static int
parse_money(const struct hb_csvprofile *pr, const char *s, int64_t *cents,
    struct hb_err *e)
{
	enum hb_decimal d;
	const char *comma, *dot;
	char max[HB_MONEY_LEN], *q;

	if (pr->decimal == DEC_AUTO) {
		comma = strrchr(s, ',');
		dot = strrchr(s, '.');
		d = comma > dot ? HB_DECIMAL_COMMA : HB_DECIMAL_DOT;
	} else
		d = pr->decimal == DEC_COMMA ? HB_DECIMAL_COMMA :
		    HB_DECIMAL_DOT;
	if (hb_money_parse(s, d, cents, e) == -1)
		return -1;
	/* no real payment or balance is larger */
	if (*cents > HB_AMOUNT_MAX || *cents < -HB_AMOUNT_MAX) {
		hb_money_format(HB_AMOUNT_MAX, max);
		q = hb_sanitize(s);
		hb_error(e, "amount '%s' is larger than %s, the most hb "
		    "accepts", q, max);
		free(q);
		return -1;
	}
	return 0;
}

/*
 * The amount with its direction.  With a sign column the amount must be
 * bare: "Af" and "-12,00" together would leave the direction to a guess.
 */
static int
parse_amount(const struct hb_csvprofile *pr, const char *amount,
    const char *sign, const char *signfield, int64_t *cents, int *signbad,
    struct hb_err *e)
{
	char *q;
	int debit;

	*signbad = 0;
	if (sign == NULL)
		return parse_money(pr, amount, cents, e);
	if (amount[0] == '-' || amount[0] == '+') {
		q = hb_sanitize(amount);
		hb_error(e, "signed amount '%s' where column '%s' gives the "
		    "direction", q, signfield);
		free(q);
		return -1;
	}
	if (list_has(&pr->debit, sign))
		debit = 1;
	else if (list_has(&pr->credit, sign))
		debit = 0;
	else {
		*signbad = 1;
		q = hb_sanitize(sign);
		hb_error(e, "'%s' is neither debit (%s) nor credit (%s)", q,
		    pr->debit.s[0], pr->credit.s[0]);
		free(q);
		return -1;
	}
	if (parse_money(pr, amount, cents, e) == -1)
		return -1;
	if (debit)
		*cents = -*cents;
	return 0;
}

static int
parse_account(const struct hb_csvprofile *pr, const char *s,
    char out[HB_IBAN_LEN], struct hb_err *e)
{
	if (*s == '\0')
		return hb_error(e, "no account");
	if (pr->bank[0] != '\0' &&
	    hb_iban_from_nl_account(pr->bank, s, out, NULL) == 0)
		return 0;
	return hb_iban_normalize(s, out, e);
}

/*
 * ABN AMRO puts the counterparty in the description, in one of two
 * dialects: "/TRTP/SEPA OVERBOEKING/IBAN/NL.../BIC/.../NAME/.../REMI/..."
 * or labels on 32-character columns, "IBAN: NL... BIC: ... Naam: ...
 * Omschrijving: ...".
 */
struct details {
	int	 found;
	char	*iban, *name, *remittance, *eref, *rtrn;
};

static const char *const slash_keys[] = {
	"TRTP", "CSID", "IBAN", "BIC", "NAME", "MARF", "REMI", "EREF", "ORDP",
	"BENM", "RTRN", "ISDT", "ADDR", "PREF", "SVCL", NULL
};

static const struct {
	const char *label;
	const char *key;
} labels[] = {
	{ "IBAN:", "IBAN" }, { "BIC:", "BIC" }, { "Naam:", "NAME" },
	{ "Omschrijving:", "REMI" }, { "Kenmerk:", "EREF" },
	{ "Machtiging:", "MARF" }, { "Incassant:", "CSID" },
	{ "Voor:", "ULTD" },
};
#define NLABELS (sizeof(labels) / sizeof(labels[0]))

static void
details_set(struct details *d, const char *key, const char *v, size_t n)
{
	char **dst = NULL;

	d->found = 1;
	if (strcmp(key, "IBAN") == 0)
		dst = &d->iban;
	else if (strcmp(key, "NAME") == 0)
		dst = &d->name;
	else if (strcmp(key, "REMI") == 0)
		dst = &d->remittance;
	else if (strcmp(key, "EREF") == 0)
		dst = &d->eref;
	else if (strcmp(key, "RTRN") == 0)
		dst = &d->rtrn;
	if (dst == NULL || *dst != NULL)
		return;
	*dst = xstrndup(v, n);
	squeeze(*dst);
}

/* the first "/KEY/" at or after s */
static const char *
slash_key(const char *s, int *k)
{
	const char *p;
	size_t n;
	int i;

	for (p = strchr(s, '/'); p != NULL; p = strchr(p + 1, '/'))
		for (i = 0; slash_keys[i] != NULL; i++) {
			n = strlen(slash_keys[i]);
			if (strncmp(p + 1, slash_keys[i], n) == 0 &&
			    p[1 + n] == '/') {
				*k = i;
				return p;
			}
		}
	return NULL;
}

static void
details_abnamro(const char *s, struct details *d)
{
	const char *p, *v, *next, *pos[NLABELS];
	size_t i, j, order[NLABELS], n = 0, t;
	int k, nk;

	if (*s == '/') {
		if (slash_key(s, &k) != s)
			return;
		for (p = s;; p = next, k = nk) {
			v = p + 2 + strlen(slash_keys[k]);
			next = slash_key(v, &nk);
			details_set(d, slash_keys[k], v, next != NULL ?
			    (size_t)(next - v) : strlen(v));
			if (next == NULL)
				return;
		}
	}
	for (i = 0; i < NLABELS; i++) {
		pos[i] = NULL;
		for (p = strstr(s, labels[i].label); p != NULL;
		    p = strstr(p + 1, labels[i].label))
			if (p == s || !((p[-1] >= 'a' && p[-1] <= 'z') ||
			    (p[-1] >= 'A' && p[-1] <= 'Z'))) {
				pos[i] = p;
				order[n++] = i;
				break;
			}
	}
	/* a handful of labels: insertion sort by position */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && pos[order[j]] < pos[order[j - 1]]; j--) {
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		v = pos[order[i]] + strlen(labels[order[i]].label);
		next = i + 1 < n ? pos[order[i + 1]] : v + strlen(v);
		details_set(d, labels[order[i]].key, v, (size_t)(next - v));
	}
}

static void
details_free(struct details *d)
{
	free(d->iban);
	free(d->name);
	free(d->remittance);
	free(d->eref);
	free(d->rtrn);
}

/* parses the first line of s (len bytes) into c */
static void
first_row_field(void *data, size_t len, void *priv)
{
	struct cells *c = priv;

	if (c->rows == 0)
		cells_add(c, data, len);
}

static void
first_row_end(int term, void *priv)
{
	struct cells *c = priv;

	(void)term;
	c->rows++;
}

/* with quoted columns, every blank is part of a field: see requote() */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* the parser for a profile's files: its delimiter and quoting */
static void
parser_init(struct csv_parser *p, const struct hb_csvprofile *pr, int delim)
{
	if (csv_init(p, 0) != 0)
		abort();
	csv_set_delim(p, (unsigned char)delim);
	csv_set_quote(p, (unsigned char)(pr->some_quoted ? 0 : pr->quote));
	if (pr->some_quoted)
		csv_set_space_func(p, no_space);
}

/*
 * ASN quotes its free-text columns (Betalingskenmerk, Omschrijving) with
 * single quotes that it never doubles inside, and writes the others as
 * they are: a counterparty named 't Hoekje or a place named 's-Gravenhage
 * would open a quote that swallows the rest of the row.  So such a row is
 * split at every delimiter, and where a quoted column starts with the
 * quote its cells are joined again up to the cell that ends with one,
 * the quotes themselves dropped.
 */
static void
requote(const struct hb_csvprofile *pr, int delim, struct cells *c)
{
	char *v, *joined, sep[2] = { (char)delim, '\0' };
	size_t len, n, k;
	int i, j, o, col;

	for (i = o = col = 0; i < c->n; col++) {
		v = c->v[i];
		if (col >= pr->ncols || !pr->quoted[col] || v[0] != pr->quote) {
			c->v[o++] = v;
			i++;
			continue;
		}
		for (j = i; j < c->n; j++) {
			len = strlen(c->v[j]);
			if (len > (j == i ? 1u : 0u) &&
			    c->v[j][len - 1] == pr->quote)
				break;
		}
		if (j == c->n) {	/* never closed: as written */
			c->v[o++] = v;
			i++;
			continue;
		}
		for (n = 1, k = (size_t)i; k <= (size_t)j; k++)
			n += strlen(c->v[k]) + 1;
		joined = xmalloc(n);
		joined[0] = '\0';
		for (k = (size_t)i; k <= (size_t)j; k++) {
			if (k > (size_t)i)
				append(joined, n, sep);
			append(joined, n, c->v[k]);
			free(c->v[k]);
		}
		len = strlen(joined);
		memmove(joined, joined + 1, len - 2);
		joined[len - 2] = '\0';
		c->v[o++] = joined;
		i = j + 1;
	}
	c->n = o;
}

static int
split_line(const struct hb_csvprofile *pr, const char *s, size_t len,
    int delim, struct cells *c)
{
	struct csv_parser p;

	cells_clear(c);
	if (memchr(s, '\0', len) != NULL)
		return -1;
	parser_init(&p, pr, delim);
	csv_parse(&p, s, len, first_row_field, first_row_end, c);
	csv_fini(&p, first_row_field, first_row_end, c);
	csv_free(&p);
	if (c->overflow)
		return -1;
	if (pr->some_quoted)
		requote(pr, delim, c);
	return 0;
}

static int
header_matches(const struct hb_csvprofile *pr, const struct cells *c)
{
	int i;

	if (c->n != pr->ncols)
		return 0;
	for (i = 0; i < c->n; i++)
		if (!list_has(&pr->colnames[i], c->v[i]))
			return 0;
	return 1;
}

/* header names: which columns the fields take; -1 without date, amount */
static int
resolve_names(const struct hb_csvprofile *pr, const struct cells *c,
    struct layout *lay)
{
	const struct list *l;
	int f, a, i;

	memset(lay, 0, sizeof(*lay));
	lay->ncols = c->n;
	for (f = 0; f < NFIELDS; f++) {
		l = &pr->names[f];
		if (f == F_REMITTANCE || f == F_REFERENCE) {
			for (i = 0; i < c->n; i++)
				if (list_has(l, c->v[i]) &&
				    lay->ncol[f] < MAX_LIST)
					lay->col[f][lay->ncol[f]++] = i;
			continue;
		}
		/* the list is in order of preference */
		for (a = 0; a < l->n && lay->ncol[f] == 0; a++)
			for (i = 0; i < c->n; i++)
				if (strcasecmp(l->s[a], c->v[i]) == 0) {
					lay->col[f][lay->ncol[f]++] = i;
					break;
				}
	}
	return lay->ncol[F_DATE] > 0 && lay->ncol[F_AMOUNT] > 0 ? 0 : -1;
}

static void
profile_layout(const struct hb_csvprofile *pr, struct layout *lay)
{
	int i;

	lay->ncols = pr->ncols;
	memcpy(lay->col, pr->col, sizeof(lay->col));
	memcpy(lay->ncol, pr->ncol, sizeof(lay->ncol));
	for (i = 0; i < pr->ncols; i++)
		lay->name[i] = pr->colnames[i].s[0];
}

/* the first cell of a field, or NULL when the layout has no column */
static const char *
cell(const struct layout *lay, const struct cells *c, enum field f)
{
	if (lay->ncol[f] == 0 || lay->col[f][0] >= c->n)
		return NULL;
	return c->v[lay->col[f][0]];
}

/* does a header-less profile's first row look like its data? */
static int
row_plausible(const struct hb_csvprofile *pr, const struct cells *c)
{
	struct layout lay;
	const char *v;
	char iban[HB_IBAN_LEN];
	int64_t cents;
	int day, signbad;

	if (c->n != pr->ncols)
		return 0;
	profile_layout(pr, &lay);
	if (parse_date(pr, cell(&lay, c, F_DATE), &day, NULL) == -1)
		return 0;
	if ((v = cell(&lay, c, F_VALUE_DATE)) != NULL && *v != '\0' &&
	    parse_date(pr, v, &day, NULL) == -1)
		return 0;
	if (parse_amount(pr, cell(&lay, c, F_AMOUNT), cell(&lay, c, F_SIGN),
	    "", &cents, &signbad, NULL) == -1)
		return 0;
	if ((v = cell(&lay, c, F_ACCOUNT)) != NULL &&
	    parse_account(pr, v, iban, NULL) == -1)
		return 0;
	return 1;
}

/*
 * 1 when the line fits the profile with delimiter delim: its header, or
 * for a header-less profile the shape and (unless shape_only) a first
 * row whose date, amount and account parse.  bom: the line came after a
 * byte order mark, so it is UTF-8.
 */
static int
line_fits(const struct hb_csvprofile *pr, const char *s, size_t len,
    int delim, int bom, int shape_only)
{
	struct cells c = { 0 };
	struct layout lay;
	int i, fits = 0;

	if (split_line(pr, s, len, delim, &c) == -1)
		goto out;
	for (i = 0; i < c.n; i++)
		squeeze(c.v[i]);
	if (cells_to_utf8(&c, bom ? ENC_UTF8 : pr->encoding) != -1)
		goto out;
	switch (pr->header) {
	case HEADER_EXACT:
		fits = header_matches(pr, &c);
		break;
	case HEADER_NAMES:
		fits = resolve_names(pr, &c, &lay) == 0;
		break;
	case HEADER_NONE:
		fits = shape_only ? c.n == pr->ncols : row_plausible(pr, &c);
		break;
	}
out:
	cells_clear(&c);
	return fits;
}

/* the first line that is not blank, without its newline */
static const char *
first_line(const char *p, size_t len, size_t *linelen)
{
	const char *end = p + len, *nl;
	size_t i;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (i = 0; p + i < nl && is_blank(p[i]); i++)
			;
		if (p + i < nl) {
			*linelen = (size_t)(nl - p);
			return p;
		}
	}
	return NULL;
}

/* profile loading */

struct keyval {
	char	*key;
	char	*val;
	long	 line;
};

struct profile_file {
	const char	*path;
	struct keyval	 kv[MAX_KEYS];
	int		 n;
};

static int
known_key(const char *k)
{
	int i;

	for (i = 0; other_keys[i] != NULL; i++)
		if (strcmp(k, other_keys[i]) == 0)
			return 1;
	for (i = 0; i < NFIELDS; i++)
		if (strcmp(k, field_keys[i]) == 0)
			return 1;
	return 0;
}

static const struct keyval *
get(const struct profile_file *pf, const char *key)
{
	int i;

	for (i = 0; i < pf->n; i++)
		if (strcmp(pf->kv[i].key, key) == 0)
			return &pf->kv[i];
	return NULL;
}

/* key = value lines; a line ending in '\' goes on on the next one */
static int
read_keys(FILE *fp, struct profile_file *pf, struct hb_err *e)
{
	char line[PROFILE_LINE], all[PROFILE_LINE * 4], *eq, *k, *v;
	long lineno = 0, first = 0;
	size_t len, alllen = 0;
	int more;

	all[0] = '\0';
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n')
			return hb_error_at(e, pf->path, lineno, NULL,
			    "line too long");
		if (!hb_utf8_valid(line, len))
			return hb_error_at(e, pf->path, lineno, NULL,
			    "not UTF-8");
		while (len > 0 && is_blank(line[len - 1]))
			line[--len] = '\0';
		if ((more = len > 0 && line[len - 1] == '\\'))
			line[--len] = '\0';
		if (alllen == 0)
			first = lineno;
		if (alllen + len + 2 > sizeof(all))
			return hb_error_at(e, pf->path, first, NULL,
			    "line too long");
		memcpy(all + alllen, line, len);
		alllen += len;
		all[alllen++] = ' ';
		all[alllen] = '\0';
		if (more)
			continue;
		alllen = 0;
		squeeze(all);
		if (all[0] == '#' || all[0] == '\0')
			continue;
		if ((eq = strchr(all, '=')) == NULL)
			return hb_error_at(e, pf->path, first, NULL,
			    "expected key = value");
		*eq = '\0';
		k = all;
		v = eq + 1;
		squeeze(k);
		squeeze(v);
		if (!known_key(k))
			return hb_error_at(e, pf->path, first, NULL,
			    "unknown key '%s'", k);
		if (get(pf, k) != NULL)
			return hb_error_at(e, pf->path, first, NULL,
			    "key '%s' given twice", k);
		if (pf->n == MAX_KEYS)
			return hb_error_at(e, pf->path, first, NULL,
			    "too many keys");
		pf->kv[pf->n].key = xstrdup(k);
		pf->kv[pf->n].val = xstrdup(v);
		pf->kv[pf->n].line = first;
		pf->n++;
	}
	if (ferror(fp))
		return hb_error(e, "cannot read '%s'", pf->path);
	if (alllen > 0)
		return hb_error_at(e, pf->path, first, NULL, "a '\\' at the "
		    "end of the file");
	return 0;
}

static int
bad_value(const struct profile_file *pf, const struct keyval *kv,
    const char *want, struct hb_err *e)
{
	return hb_error_at(e, pf->path, kv->line, NULL, "%s: invalid value "
	    "'%s': expected %s", kv->key, kv->val, want);
}

/* a word from a fixed set: its index, or -1 with the error set */
static int
choice(const struct profile_file *pf, const char *key, const char *dflt,
    const char *const *words, struct hb_err *e)
{
	const struct keyval *kv;
	char want[128] = "";
	int i;

	if ((kv = get(pf, key)) == NULL) {
		if (dflt == NULL)
			return hb_error_at(e, pf->path, 0, NULL,
			    "missing key '%s'", key);
		for (i = 0; words[i] != NULL; i++)
			if (strcmp(words[i], dflt) == 0)
				return i;
		return -1;
	}
	for (i = 0; words[i] != NULL; i++)
		if (strcmp(words[i], kv->val) == 0)
			return i;
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			append(want, sizeof(want), ", ");
		append(want, sizeof(want), words[i]);
	}
	return bad_value(pf, kv, want, e);
}

/* "A|B, C" into the columns' lists of accepted names */
static int
split_columns(struct hb_csvprofile *pr, const char *val)
{
	const char *p, *end;
	char *item;
	int rc;

	for (p = val;; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (pr->ncols == MAX_COLS)
			return -1;
		item = xstrndup(p, (size_t)(end - p));
		rc = list_split(item, '|', &pr->colnames[pr->ncols++]);
		free(item);
		if (rc == -1)
			return -1;
		if (*end == '\0')
			return 0;
	}
}

static int
column_index(const struct hb_csvprofile *pr, const char *name)
{
	int i, j;

	for (i = 0; i < pr->ncols; i++)
		for (j = 0; j < pr->colnames[i].n; j++)
			if (strcmp(pr->colnames[i].s[j], name) == 0)
				return i;
	return -1;
}

static int
load_fields(struct hb_csvprofile *pr, const struct profile_file *pf,
    struct hb_err *e)
{
	const struct keyval *kv;
	struct list l = { 0 };
	int f, i, c;

	for (f = 0; f < NFIELDS; f++) {
		if ((kv = get(pf, field_keys[f])) == NULL) {
			if (f == F_DATE || f == F_AMOUNT)
				return hb_error_at(e, pf->path, 0, NULL,
				    "missing key '%s'", field_keys[f]);
			continue;
		}
		if (pr->header == HEADER_NAMES) {
			if (list_split(kv->val, '|', &pr->names[f]) == -1)
				return bad_value(pf, kv, "header names "
				    "separated by '|'", e);
			continue;
		}
		if (list_split(kv->val, ',', &l) == -1)
			return bad_value(pf, kv, "column names", e);
		if (l.n > 1 && f != F_REMITTANCE && f != F_REFERENCE) {
			list_free(&l);
			return bad_value(pf, kv, "one column", e);
		}
		for (i = 0; i < l.n; i++) {
			if ((c = column_index(pr, l.s[i])) == -1) {
				hb_error_at(e, pf->path, kv->line, NULL,
				    "%s: no column '%s' in 'columns'",
				    kv->key, l.s[i]);
				list_free(&l);
				return -1;
			}
			pr->col[f][pr->ncol[f]++] = c;
		}
		list_free(&l);
	}
	return 0;
}

static int
load_profile(struct hb_csvprofile *pr, const struct profile_file *pf,
    const char *name, struct hb_err *e)
{
	static const char *const headers[] = { "none", "exact", "names",
	    NULL };
	static const char *const quotes[] = { "none", "double", "single",
	    NULL };
	static const char *const encs[] = { "auto", "auto-latin9", "utf-8",
	    "cp1252", "latin9", NULL };
	static const char *const decimals[] = { "comma", "dot", "auto",
	    NULL };
	static const char *const details[] = { "none", "abnamro", NULL };
	const struct keyval *kv;
	struct list l = { 0 };
	int i, j, v;

	if ((kv = get(pf, "name")) == NULL)
		return hb_error_at(e, pf->path, 0, NULL, "missing key 'name'");
	if (strcmp(kv->val, name) != 0)
		return hb_error_at(e, pf->path, kv->line, NULL, "name '%s' "
		    "is not the file's name '%s'", kv->val, name);
	pr->name = xstrdup(name);
	xasprintf(&pr->format, "csv:%s", name);
	kv = get(pf, "description");
	pr->description = xstrdup(kv != NULL ? kv->val : "");

	if ((v = choice(pf, "header", NULL, headers, e)) == -1)
		return -1;
	pr->header = (enum header_kind)v;
	if ((v = choice(pf, "quote", "double", quotes, e)) == -1)
		return -1;
	pr->quote = v == 0 ? 0 : v == 1 ? '"' : '\'';
	if ((v = choice(pf, "encoding", "auto", encs, e)) == -1)
		return -1;
	pr->encoding = (enum enc_mode)v;
	if ((v = choice(pf, "decimal", NULL, decimals, e)) == -1)
		return -1;
	pr->decimal = (enum decimal_mode)v;
	if ((v = choice(pf, "details", "none", details, e)) == -1)
		return -1;
	pr->details_abnamro = v == 1;

	if ((kv = get(pf, "delimiter")) == NULL)
		return hb_error_at(e, pf->path, 0, NULL,
		    "missing key 'delimiter'");
	if (list_split(kv->val, ',', &l) == -1 ||
	    l.n > (int)sizeof(pr->delim)) {
		list_free(&l);
		return bad_value(pf, kv, "comma, semicolon or tab", e);
	}
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.s[i], "comma") == 0)
			pr->delim[i] = ',';
		else if (strcmp(l.s[i], "semicolon") == 0)
			pr->delim[i] = ';';
		else if (strcmp(l.s[i], "tab") == 0)
			pr->delim[i] = '\t';
		else {
			list_free(&l);
			return bad_value(pf, kv, "comma, semicolon or tab", e);
		}
	}
	pr->ndelim = l.n;
	list_free(&l);

	if ((kv = get(pf, "date_format")) == NULL)
		return hb_error_at(e, pf->path, 0, NULL,
		    "missing key 'date_format'");
	if (list_split(kv->val, ',', &l) == -1 || l.n > NDATE_FORMATS) {
		list_free(&l);
		return bad_value(pf, kv, "date formats", e);
	}
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < NDATE_FORMATS; j++)
			if (strcmp(l.s[i], date_format_names[j]) == 0)
				break;
		if (j == NDATE_FORMATS) {
			list_free(&l);
			return bad_value(pf, kv, "YYYYMMDD, YYYY-MM-DD, "
			    "DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY", e);
		}
		pr->datefmt[pr->ndatefmt++] = (enum date_format)j;
	}
	list_free(&l);

	if ((kv = get(pf, "account_bank")) != NULL) {
		if (strlen(kv->val) != 4 || strspn(kv->val,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 4)
			return bad_value(pf, kv, "a bank code such as ABNA", e);
		memcpy(pr->bank, kv->val, 5);
	}

	kv = get(pf, "columns");
	if (pr->header == HEADER_NAMES && kv != NULL)
		return hb_error_at(e, pf->path, kv->line, NULL, "columns: "
		    "not with header = names");
	if (pr->header != HEADER_NAMES) {
		if (kv == NULL)
			return hb_error_at(e, pf->path, 0, NULL,
			    "missing key 'columns'");
		if (split_columns(pr, kv->val) == -1)
			return bad_value(pf, kv, "column names, comma "
			    "separated, each a name or names|separated|so", e);
		for (i = 0; i < pr->ncols; i++)
			for (j = 0; j < pr->colnames[i].n; j++)
				if (column_index(pr, pr->colnames[i].s[j]) !=
				    i)
					return hb_error_at(e, pf->path,
					    kv->line, NULL, "columns: '%s' "
					    "twice", pr->colnames[i].s[j]);
	}
	if (load_fields(pr, pf, e) == -1)
		return -1;
	if ((kv = get(pf, "quoted")) != NULL) {
		if (pr->header == HEADER_NAMES || pr->quote == 0)
			return hb_error_at(e, pf->path, kv->line, NULL,
			    "quoted: needs 'columns' and a quote");
		if (list_split(kv->val, ',', &l) == -1)
			return bad_value(pf, kv, "column names", e);
		for (i = 0; i < l.n; i++) {
			if ((j = column_index(pr, l.s[i])) == -1) {
				hb_error_at(e, pf->path, kv->line, NULL,
				    "quoted: no column '%s' in 'columns'",
				    l.s[i]);
				list_free(&l);
				return -1;
			}
			pr->quoted[j] = 1;
		}
		list_free(&l);
		pr->some_quoted = 1;
	}
	if (get(pf, "sign") != NULL) {
		if ((kv = get(pf, "debit")) == NULL ||
		    list_split(kv->val, ',', &pr->debit) == -1)
			return hb_error_at(e, pf->path, 0, NULL, "sign: needs "
			    "'debit' and 'credit' words");
		if ((kv = get(pf, "credit")) == NULL ||
		    list_split(kv->val, ',', &pr->credit) == -1)
			return hb_error_at(e, pf->path, 0, NULL, "sign: needs "
			    "'debit' and 'credit' words");
	}
	return 0;
}

static int
valid_name(const char *s)
{
	size_t n = strlen(s);

	/* a name becomes part of a path: no '/', no '.' */
	return n > 0 && n <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct names {
	int	 n;
	char	**v;
};

static void
names_free(struct names *nm)
{
	int i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	nm->v = NULL;
	nm->n = 0;
}

/* the profiles in share/hb/csv, sorted */
static int
profile_names(struct names *nm, struct hb_err *e)
{
	struct dirent *de;
	DIR *d;
	char *dir, *name;
	size_t len;

	nm->n = 0;
	nm->v = NULL;
	xasprintf(&dir, "%s/csv", hb_sharedir());
	if ((d = opendir(dir)) == NULL) {
		hb_error(e, "cannot open the bank profiles in '%s': %s", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 8 || strcmp(de->d_name + len - 8, ".profile") != 0)
			continue;
		name = xstrndup(de->d_name, len - 8);
		if (!valid_name(name)) {
			free(name);
			continue;
		}
		nm->v = xreallocarray(nm->v, (size_t)nm->n + 1,
		    sizeof(nm->v[0]));
		nm->v[nm->n++] = name;
	}
	closedir(d);
	free(dir);
	if (nm->n > 0)
		qsort(nm->v, (size_t)nm->n, sizeof(nm->v[0]), cmp_names);
	return 0;
}

static void
names_join(const struct names *nm, char *buf, size_t sz)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < nm->n; i++) {
		if (i > 0)
			append(buf, sz, ", ");
		append(buf, sz, nm->v[i]);
	}
	if (nm->n == 0)
		append(buf, sz, "none");
}

static int
unknown_profile(const char *name, struct hb_err *e)
{
	struct names nm;
	char known[512], *q;

	if (profile_names(&nm, e) == -1)
		return -1;
	names_join(&nm, known, sizeof(known));
	names_free(&nm);
	q = hb_sanitize(name);
	hb_error(e, "unknown bank profile '%s'; known profiles: %s", q,
	    known);
	free(q);
	return -1;
}

void
hb_csvprofile_free(struct hb_csvprofile *pr)
{
	int i;

	if (pr == NULL)
		return;
	free(pr->name);
	free(pr->format);
	free(pr->description);
	for (i = 0; i < MAX_COLS; i++)
		list_free(&pr->colnames[i]);
	for (i = 0; i < NFIELDS; i++)
		list_free(&pr->names[i]);
	list_free(&pr->debit);
	list_free(&pr->credit);
	free(pr);
}

const char *
hb_csvprofile_name(const struct hb_csvprofile *pr)
{
	return pr->name;
}

int
hb_csvprofile_load(const char *name, struct hb_csvprofile **out,
    struct hb_err *e)
{
	struct profile_file pf = { 0 };
	struct hb_csvprofile *pr;
	FILE *fp;
	char *path;
	int i, rc;

	*out = NULL;
	if (!valid_name(name))
		return unknown_profile(name, e);
	xasprintf(&path, "%s/csv/%s.profile", hb_sharedir(), name);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			rc = unknown_profile(name, e);
		else
			rc = hb_error(e, "cannot open '%s': %s", path,
			    strerror(errno));
		free(path);
		return rc;
	}
	pf.path = path;
	pr = xcalloc(1, sizeof(*pr));
	rc = read_keys(fp, &pf, e);
	fclose(fp);
	if (rc == 0)
		rc = load_profile(pr, &pf, name, e);
	for (i = 0; i < pf.n; i++) {
		free(pf.kv[i].key);
		free(pf.kv[i].val);
	}
	free(path);
	if (rc == -1) {
		hb_csvprofile_free(pr);
		return -1;
	}
	*out = pr;
	return 0;
}

static int
profile_fits(const struct hb_csvprofile *pr, const char *line, size_t len,
    int bom)
{
	int i;

	for (i = 0; i < pr->ndelim; i++)
		if (line_fits(pr, line, len, pr->delim[i], bom, 0))
			return 1;
	return 0;
}

/*
 * Profiles with a fixed layout are tried first; those that map columns by
 * their header names fit almost any file with a date and an amount, so
 * they only get a turn when no fixed layout fits.
 */
int
hb_csvprofile_detect(const char *head, size_t len,
    struct hb_csvprofile **out, struct hb_err *e)
{
	struct hb_csvprofile **pr = NULL;
	struct names nm;
	const char *line;
	char known[512], fit[512] = "";
	size_t linelen;
	int i, pass, nfit, chosen = -1, bom = 0, rc = -1;

	*out = NULL;
	if (len >= 3 && memcmp(head, BOM, 3) == 0) {
		head += 3;
		len -= 3;
		bom = 1;
	}
	if ((line = first_line(head, len, &linelen)) == NULL)
		return hb_error(e, "the file is empty: no bank lines in it");
	if (profile_names(&nm, e) == -1)
		return -1;
	pr = xcalloc((size_t)nm.n + 1, sizeof(pr[0]));
	for (i = 0; i < nm.n; i++)
		if (hb_csvprofile_load(nm.v[i], &pr[i], e) == -1)
			goto out;
	for (pass = 0; pass < 2 && chosen == -1; pass++) {
		for (i = nfit = 0; i < nm.n; i++) {
			if ((pr[i]->header == HEADER_NAMES) != pass ||
			    !profile_fits(pr[i], line, linelen, bom))
				continue;
			if (nfit++ > 0)
				append(fit, sizeof(fit), ", ");
			append(fit, sizeof(fit), nm.v[i]);
			chosen = i;
		}
		if (nfit > 1) {
			hb_error(e, "the file fits more than one bank profile "
			    "(%s): use -p PROFILE", fit);
			goto out;
		}
	}
	if (chosen == -1) {
		names_join(&nm, known, sizeof(known));
		hb_error(e, "cannot tell which bank exported this file: use -p "
		    "PROFILE; known profiles: %s", known);
		goto out;
	}
	*out = pr[chosen];
	pr[chosen] = NULL;
	rc = 0;
out:
	for (i = 0; i < nm.n; i++)
		hb_csvprofile_free(pr[i]);
	free(pr);
	names_free(&nm);
	return rc;
}

/* reading */

/* the column's name, for messages; NULL when not known */
static const char *
colname(const struct reader *rd, int col)
{
	return col >= 0 && col < MAX_COLS ? rd->lay.name[col] : NULL;
}

static int
fieldcol(const struct reader *rd, enum field f)
{
	return rd->lay.ncol[f] > 0 ? rd->lay.col[f][0] : -1;
}

/* e holds what is wrong with a value: say where */
static int
at(struct reader *rd, enum field f)
{
	return hb_error_at(rd->e, rd->file, rd->row_line,
	    colname(rd, fieldcol(rd, f)), "%s", rd->e->msg);
}

/*
 * The columns of a field joined with sep.  A reference is all or nothing:
 * with a part missing or all zeros (ASN's placeholder) it would no longer
 * tell two lines apart, so there is none.
 */
static char *
join(const struct reader *rd, enum field f, const char *sep, int ref)
{
	const char *v;
	char *s;
	size_t n = 1;
	int i;

	for (i = 0; i < rd->lay.ncol[f]; i++)
		n += strlen(rd->c.v[rd->lay.col[f][i]]) + strlen(sep);
	s = xmalloc(n);
	s[0] = '\0';
	for (i = 0; i < rd->lay.ncol[f]; i++) {
		v = rd->c.v[rd->lay.col[f][i]];
		if (ref && strspn(v, "0") == strlen(v)) {
			free(s);
			return NULL;
		}
		if (*v == '\0')
			continue;
		if (*s != '\0')
			append(s, n, sep);
		append(s, n, v);
	}
	if (ref && *s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static int
begin_stmt(struct reader *rd, const char *account)
{
	memset(&rd->st, 0, sizeof(rd->st));
	rd->st.format = rd->pr->format;
	memcpy(rd->st.account, account, sizeof(rd->st.account));
	rd->st.stmt_id = NULL;
	rd->st.opening_date = rd->st.closing_date = -1;
	rd->st.src_line = rd->row_line;
	memset(&rd->bal, 0, sizeof(rd->bal));
	rd->bal.ok = rd->lay.ncol[F_BALANCE_BEFORE] > 0 ||
	    rd->lay.ncol[F_BALANCE_AFTER] > 0;
	rd->bal.fwd = rd->bal.bwd = 1;
	rd->open = 1;
	if (rd->r->begin != NULL &&
	    rd->r->begin(rd->r->arg, &rd->st, rd->e) == -1)
		return -1;
	return 0;
}

static void
balance_add(struct balances *b, int have, int64_t before, int64_t after,
    int day)
{
	if (!have)
		b->ok = 0;
	else if (b->lines == 0) {
		b->first_before = before;
		b->first_after = after;
		b->first_date = day;
	} else {
		if (before != b->last_after)
			b->fwd = 0;
		if (b->last_before != after)
			b->bwd = 0;
	}
	b->last_before = before;
	b->last_after = after;
	b->last_date = day;
	b->lines++;
}

static int
end_stmt(struct reader *rd)
{
	struct balances *b = &rd->bal;
	struct hb_bankstmt *st = &rd->st;

	rd->open = 0;
	if (b->ok && b->lines > 0 && (b->fwd || b->bwd)) {
		st->has_opening = st->has_closing = 1;
		if (b->fwd) {
			st->opening = b->first_before;
			st->opening_date = b->first_date;
			st->closing = b->last_after;
			st->closing_date = b->last_date;
		} else {
			st->opening = b->last_before;
			st->opening_date = b->last_date;
			st->closing = b->first_after;
			st->closing_date = b->first_date;
		}
	}
	if (rd->r->end != NULL && rd->r->end(rd->r->arg, st, rd->e) == -1)
		return -1;
	return 0;
}

static int
take_line(struct reader *rd)
{
	const struct hb_csvprofile *pr = rd->pr;
	const struct layout *lay = &rd->lay;
	const struct cells *c = &rd->c;
	struct hb_bankline bl;
	struct details d = { 0 };
	char acct[HB_IBAN_LEN], *remit = NULL, *ref = NULL;
	const char *v, *signname;
	int64_t before = 0, after = 0;
	int hasb = 0, hasa = 0, signbad, rc = -1;

	memset(&bl, 0, sizeof(bl));
	bl.value_date = -1;
	bl.src_line = rd->row_line;

	/* an empty account cell is the account given, if there is one */
	if ((v = cell(lay, c, F_ACCOUNT)) != NULL &&
	    (*v != '\0' || rd->given[0] == '\0')) {
		if (parse_account(pr, v, acct, rd->e) == -1)
			return at(rd, F_ACCOUNT);
		if (rd->given[0] != '\0' && strcmp(acct, rd->given) != 0)
			return hb_error_at(rd->e, rd->file, rd->row_line,
			    colname(rd, fieldcol(rd, F_ACCOUNT)), "a line of "
			    "account %s, not of %s", acct, rd->given);
	} else
		memcpy(acct, rd->given, sizeof(acct));

	if (parse_date(pr, cell(lay, c, F_DATE), &bl.booking_date,
	    rd->e) == -1)
		return at(rd, F_DATE);
	if ((v = cell(lay, c, F_VALUE_DATE)) != NULL && *v != '\0' &&
	    parse_date(pr, v, &bl.value_date, rd->e) == -1)
		return at(rd, F_VALUE_DATE);
	signname = colname(rd, fieldcol(rd, F_SIGN));
	if (parse_amount(pr, cell(lay, c, F_AMOUNT), cell(lay, c, F_SIGN),
	    signname != NULL ? signname : "", &bl.cents, &signbad,
	    rd->e) == -1)
		return at(rd, signbad ? F_SIGN : F_AMOUNT);
	if ((v = cell(lay, c, F_BALANCE_BEFORE)) != NULL && *v != '\0') {
		if (parse_money(pr, v, &before, rd->e) == -1)
			return at(rd, F_BALANCE_BEFORE);
		hasb = 1;
	}
	if ((v = cell(lay, c, F_BALANCE_AFTER)) != NULL && *v != '\0') {
		if (parse_money(pr, v, &after, rd->e) == -1)
			return at(rd, F_BALANCE_AFTER);
		hasa = 1;
	}
	if (hasb && !hasa)
		hasa = hb_add(before, bl.cents, &after) == 0;
	else if (hasa && !hasb)
		hasb = hb_sub(after, bl.cents, &before) == 0;

	/* an old account number or a card terminal is no IBAN: no error */
	if ((v = cell(lay, c, F_COUNTER_IBAN)) != NULL && *v != '\0' &&
	    hb_iban_normalize(v, bl.counter_iban, NULL) == -1)
		bl.counter_iban[0] = '\0';
	v = cell(lay, c, F_COUNTER_NAME);
	bl.counter_name = v != NULL ? v : "";
	bl.description = remit = join(rd, F_REMITTANCE, " ", 0);
	bl.bank_ref = ref = join(rd, F_REFERENCE, "/", 1);
	v = cell(lay, c, F_END_TO_END);
	if (v != NULL && *v != '\0' && strcasecmp(v, "NOTPROVIDED") != 0)
		bl.end_to_end = v;
	v = cell(lay, c, F_RETURN_REASON);
	if (v != NULL && *v != '\0')
		bl.return_reason = v;
	if (pr->details_abnamro) {
		details_abnamro(remit, &d);
		if (d.found) {
			if (bl.counter_iban[0] == '\0' && d.iban != NULL &&
			    hb_iban_normalize(d.iban, bl.counter_iban,
			    NULL) == -1)
				bl.counter_iban[0] = '\0';
			if (bl.counter_name[0] == '\0' && d.name != NULL)
				bl.counter_name = d.name;
			bl.description = d.remittance != NULL ?
			    d.remittance : "";
			if (bl.end_to_end == NULL && d.eref != NULL &&
			    *d.eref != '\0' &&
			    strcasecmp(d.eref, "NOTPROVIDED") != 0)
				bl.end_to_end = d.eref;
			if (bl.return_reason == NULL && d.rtrn != NULL &&
			    *d.rtrn != '\0')
				bl.return_reason = d.rtrn;
		}
	}

	if (!rd->open || strcmp(rd->st.account, acct) != 0) {
		if (rd->open && end_stmt(rd) == -1)
			goto out;
		if (begin_stmt(rd, acct) == -1)
			goto out;
	}
	balance_add(&rd->bal, hasb && hasa, before, after, bl.booking_date);
	if (rd->r->line != NULL &&
	    rd->r->line(rd->r->arg, &rd->st, &bl, rd->e) == -1)
		goto out;
	rc = 0;
out:
	free(remit);
	free(ref);
	details_free(&d);
	return rc;
}

static int
take_header(struct reader *rd)
{
	const struct hb_csvprofile *pr = rd->pr;
	const struct cells *c = &rd->c;
	char want[512] = "", *q;
	int i, f;

	if (pr->header == HEADER_EXACT) {
		if (c->n != pr->ncols)
			return hb_error_at(rd->e, rd->file, rd->row_line,
			    NULL, "%d columns in the header, expected %d for "
			    "a '%s' export", c->n, pr->ncols, pr->name);
		for (i = 0; i < c->n; i++)
			if (!list_has(&pr->colnames[i], c->v[i])) {
				q = hb_sanitize(c->v[i]);
				hb_error_at(rd->e, rd->file, rd->row_line,
				    NULL, "not a '%s' export: column %d is "
				    "'%s', expected '%s'", pr->name, i + 1, q,
				    pr->colnames[i].s[0]);
				free(q);
				return -1;
			}
		return 0;
	}
	if (resolve_names(pr, c, &rd->lay) == -1) {
		f = rd->lay.ncol[F_DATE] == 0 ? F_DATE : F_AMOUNT;
		for (i = 0; i < pr->names[f].n; i++) {
			if (i > 0)
				append(want, sizeof(want), ", ");
			append(want, sizeof(want), pr->names[f].s[i]);
		}
		return hb_error_at(rd->e, rd->file, rd->row_line, NULL, "no "
		    "%s column in the header: expected one of %s",
		    f == F_DATE ? "date" : "amount", want);
	}
	for (i = 0; i < c->n; i++) {
		rd->hdrname[i] = hb_sanitize(c->v[i]);
		rd->lay.name[i] = rd->hdrname[i];
	}
	if (rd->lay.ncol[F_ACCOUNT] == 0 && rd->given[0] == '\0')
		return hb_error_at(rd->e, rd->file, 0, NULL, "this export "
		    "does not name the account: give it with -a IBAN");
	return 0;
}

static int
take_row(struct reader *rd)
{
	struct cells *c = &rd->c;
	int i, bad;

	if (c->overflow)
		return hb_error_at(rd->e, rd->file, rd->row_line, NULL,
		    "more than %d columns", MAX_COLS);
	if (rd->pr->some_quoted)
		requote(rd->pr, rd->delim, c);
	for (i = 0; i < c->n; i++)
		squeeze(c->v[i]);
	if (cells_empty(c))
		return 0;
	if ((bad = cells_to_utf8(c, rd->enc)) != -1)
		return hb_error_at(rd->e, rd->file, rd->row_line,
		    colname(rd, bad), "not valid UTF-8, which the '%s' "
		    "profile expects", rd->pr->name);
	if (rd->pr->header != HEADER_NONE && !rd->have_header) {
		rd->have_header = 1;
		return take_header(rd);
	}
	if (c->n != rd->lay.ncols)
		return hb_error_at(rd->e, rd->file, rd->row_line, NULL,
		    "%d columns, expected %d", c->n, rd->lay.ncols);
	return take_line(rd);
}

static void
on_field(void *data, size_t len, void *priv)
{
	struct reader *rd = priv;
	const char *p = data;
	long nl = 0;
	size_t i;

	if (rd->failed)
		return;
	if (rd->c.n == 0) {
		/* a quoted first field may span lines: back to the first */
		for (i = 0; p != NULL && i < len; i++)
			if (p[i] == '\n')
				nl++;
		rd->row_line = rd->line - nl;
	}
	cells_add(&rd->c, data, len);
}

static void
on_row(int term, void *priv)
{
	struct reader *rd = priv;

	(void)term;
	rd->row_ended = 1;
	if (!rd->failed)
		rd->failed = take_row(rd);
	cells_clear(&rd->c);
}

/* The file read in blocks, from which lines are copied out. */
struct blocks {
	FILE	*fp;
	size_t	 pos, end;
	char	 b[65536];
};

/* 1: a line (with its newline, if any) in buf, 0: end of file, -1.  A
 * NUL does not cut a line short. */
static int
get_line(struct blocks *in, char *buf, size_t cap, size_t *len)
{
	size_t n = 0, take;
	char *nl = NULL;

	while (n < cap && nl == NULL) {
		if (in->pos == in->end) {
			in->pos = 0;
			if ((in->end = fread(in->b, 1, sizeof(in->b),
			    in->fp)) == 0)
				break;
		}
		take = in->end - in->pos < cap - n ? in->end - in->pos :
		    cap - n;
		if ((nl = memchr(in->b + in->pos, '\n', take)) != NULL)
			take = (size_t)(nl - (in->b + in->pos)) + 1;
		memcpy(buf + n, in->b + in->pos, take);
		in->pos += take;
		n += take;
	}
	*len = n;
	if (n == 0)
		return ferror(in->fp) ? -1 : 0;
	return 1;
}

static int
only_blanks(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_blank(s[i]))
			return 0;
	return 1;
}

/* the first of the profile's delimiters that fits the first line */
static int
choose_delim(const struct hb_csvprofile *pr, const char *s, size_t len,
    int bom)
{
	int i;

	for (i = 0; i < pr->ndelim && pr->ndelim > 1; i++)
		if (line_fits(pr, s, len, pr->delim[i], bom, 1))
			return pr->delim[i];
	return pr->delim[0];
}

int
hb_bankcsv_read(FILE *fp, const char *name, const struct hb_csvprofile *pr,
    const char *account, const struct hb_bankreader *r, struct hb_err *e)
{
	struct reader *rd;
	struct blocks *in;
	struct csv_parser p;
	struct stat sb;
	char *buf, *data;
	size_t len, total = 0, rowbytes = 0, n;
	long pending = 0;
	int fd, started = 0, bom = 0, nl = 0, i, failed;

	rd = xcalloc(1, sizeof(*rd));
	rd->pr = pr;
	rd->r = r;
	rd->e = e;
	rd->file = name;
	rd->enc = pr->encoding;
	if (account != NULL && *account != '\0' &&
	    hb_iban_normalize(account, rd->given, e) == -1) {
		free(rd);
		return hb_error_prefix(e, name, 0);
	}
	if (pr->header != HEADER_NAMES)
		profile_layout(pr, &rd->lay);
	if (pr->header != HEADER_NAMES && rd->lay.ncol[F_ACCOUNT] == 0 &&
	    rd->given[0] == '\0') {
		free(rd);
		return hb_error_at(e, name, 0, NULL, "this export does not "
		    "name the account: give it with -a IBAN");
	}
	if ((fd = fileno(fp)) != -1 && fstat(fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_size > HB_BANKFILE_MAX) {
		free(rd);
		return hb_error_at(e, name, 0, NULL, "larger than %ld MiB: "
		    "not a bank export", HB_BANKFILE_MAX / (1024 * 1024));
	}

	buf = xmalloc(LINE_MAX_LEN + 1);
	in = xcalloc(1, sizeof(*in));
	in->fp = fp;
	while (!rd->failed) {
		if ((i = get_line(in, buf, LINE_MAX_LEN + 1, &len)) == 0)
			break;
		if (i == -1) {
			rd->failed = hb_error(e, "cannot read '%s'", name);
			break;
		}
		rd->line++;
		total += len;
		if (total > (size_t)HB_BANKFILE_MAX) {
			rd->failed = hb_error_at(e, name, rd->line, NULL,
			    "larger than %ld MiB: not a bank export",
			    HB_BANKFILE_MAX / (1024 * 1024));
			break;
		}
		if (len == LINE_MAX_LEN + 1 && buf[len - 1] != '\n') {
			rd->failed = hb_error_at(e, name, rd->line, NULL,
			    "a line longer than %d KiB: not a bank export",
			    LINE_MAX_LEN / 1024);
			break;
		}
		if (memchr(buf, '\0', len) != NULL) {
			rd->failed = hb_error_at(e, name, rd->line, NULL,
			    "contains a NUL byte: not a text file");
			break;
		}
		data = buf;
		if (rd->line == 1 && len >= 3 && memcmp(buf, BOM, 3) == 0) {
			data += 3;	/* the BOM says UTF-8, whatever else */
			len -= 3;
			rd->enc = ENC_UTF8;
			bom = 1;
		}
		nl = len > 0 && data[len - 1] == '\n';
		if (!started) {
			if (only_blanks(data, len))
				continue;
			rd->delim = choose_delim(pr, data, len - (size_t)nl,
			    bom);
			parser_init(&p, pr, rd->delim);
			started = 1;
		}
		if (rowbytes == 0)
			pending = rd->line;
		rd->row_ended = 0;
		n = csv_parse(&p, data, len, on_field, on_row, rd);
		if (rd->failed)
			break;
		if (n != len) {
			rd->failed = hb_error_at(e, name, rd->line, NULL,
			    "malformed CSV: %s", csv_strerror(csv_error(&p)));
			break;
		}
		/*
		 * Lines end in a newline, so a row still open after one is
		 * in a quoted field; a quote that never closes must not
		 * swallow the rest of a large file.
		 */
		if (rd->row_ended || (rowbytes == 0 && only_blanks(data, len)))
			rowbytes = 0;
		else if ((rowbytes += len) > LINE_MAX_LEN) {
			rd->failed = hb_error_at(e, name, pending, NULL,
			    "a row longer than %d KiB: a quote that does not "
			    "close?", LINE_MAX_LEN / 1024);
			break;
		}
	}
	/* the newline the last line lacks ends its row, or shows a quote open */
	if (!rd->failed && started && !nl) {
		rd->row_ended = 0;
		csv_parse(&p, "\n", 1, on_field, on_row, rd);
		if (rd->row_ended)
			rowbytes = 0;
	}
	if (!rd->failed && started && rowbytes > 0)
		rd->failed = hb_error_at(e, name, pending, NULL, "a quote "
		    "that does not close before the end of the file");
	if (!rd->failed && started && csv_fini(&p, on_field, on_row, rd) != 0 &&
	    !rd->failed)
		rd->failed = hb_error_at(e, name, rd->line, NULL, "malformed "
		    "CSV at the end of the file: %s",
		    csv_strerror(csv_error(&p)));
	if (!rd->failed && !started)
		rd->failed = hb_error_at(e, name, 0, NULL, "the file is "
		    "empty: no bank lines in it");
	if (!rd->failed && rd->open)
		rd->failed = end_stmt(rd);
	if (started)
		csv_free(&p);
	cells_clear(&rd->c);
	for (i = 0; i < MAX_COLS; i++)
		free(rd->hdrname[i]);
	failed = rd->failed;
	free(rd);
	free(in);
	free(buf);
	return failed ? -1 : 0;
}
