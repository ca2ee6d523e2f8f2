/*
 * t-bankcsv.c - bank CSV exports: every shipped profile against a small
 * export of its bank, detection, the errors a caseworker sees (file, line,
 * field), and the character set conversions.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"
#include "tap.h"

#define MAXLINES	16
#define MAXSTMTS	8

struct gline {
	int	 stmt;
	int	 booking, value;
	int64_t	 cents;
	char	 iban[HB_IBAN_LEN];
	char	 name[128];
	char	 desc[256];
	char	 ref[64];		/* "(null)" for NULL */
	char	 e2e[64];
	char	 rtrn[16];
	long	 line;
};

struct gstmt {
	char	 format[32];
	char	 account[HB_IBAN_LEN];
	long	 src_line;
	int	 ended;
	int	 has_opening, has_closing;
	int64_t	 opening, closing;
	int	 opening_date, closing_date;
	int	 nlines;
};

struct got {
	int		 nlines, nstmts;
	int		 open;
	int		 broken;	/* a callback saw the order go wrong */
	int		 fail_at;	/* line() fails on this line number */
	struct gline	 l[MAXLINES];
	struct gstmt	 s[MAXSTMTS];
};

static char sharedir[4096];
static char datadir[4096];

static void
copy(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src != NULL ? src : "(null)");
}

static int
on_begin(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct got *g = arg;
	struct gstmt *s;

	if (g->open || g->nstmts == MAXSTMTS || st->has_opening ||
	    st->stmt_id != NULL) {
		g->broken = 1;
		return 0;
	}
	s = &g->s[g->nstmts++];
	copy(s->format, sizeof(s->format), st->format);
	copy(s->account, sizeof(s->account), st->account);
	s->src_line = st->src_line;
	g->open = 1;
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *st, const struct hb_bankline *bl,
    struct hb_err *e)
{
	struct got *g = arg;
	struct gline *l;

	if (!g->open || g->nlines == MAXLINES ||
	    strcmp(st->account, g->s[g->nstmts - 1].account) != 0 ||
	    bl->counter_name == NULL || bl->description == NULL ||
	    bl->reversal != 0) {
		g->broken = 1;
		return 0;
	}
	if (g->fail_at != 0 && bl->src_line == g->fail_at)
		return hb_error(e, "the caller says no");
	l = &g->l[g->nlines++];
	l->stmt = g->nstmts - 1;
	l->booking = bl->booking_date;
	l->value = bl->value_date;
	l->cents = bl->cents;
	copy(l->iban, sizeof(l->iban), bl->counter_iban);
	copy(l->name, sizeof(l->name), bl->counter_name);
	copy(l->desc, sizeof(l->desc), bl->description);
	copy(l->ref, sizeof(l->ref), bl->bank_ref);
	copy(l->e2e, sizeof(l->e2e), bl->end_to_end);
	copy(l->rtrn, sizeof(l->rtrn), bl->return_reason);
	l->line = bl->src_line;
	g->s[g->nstmts - 1].nlines++;
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct got *g = arg;
	struct gstmt *s;

	if (!g->open) {
		g->broken = 1;
		return 0;
	}
	s = &g->s[g->nstmts - 1];
	s->ended = 1;
	s->has_opening = st->has_opening;
	s->has_closing = st->has_closing;
	s->opening = st->opening;
	s->closing = st->closing;
	s->opening_date = st->opening_date;
	s->closing_date = st->closing_date;
	g->open = 0;
	return 0;
}

static int
day(const char *iso)
{
	int d = -1;

	if (hb_date_parse(iso, &d) == -1)
		return -2;
	return d;
}

static void
path(char *buf, size_t sz, const char *file)
{
	snprintf(buf, sz, "%s/%s", datadir, file);
}

/* the profile detection picks for file, or NULL with e set */
static struct hb_csvprofile *
detect(const char *file, struct hb_err *e)
{
	struct hb_csvprofile *pr = NULL;
	char p[4096], head[65536];
	size_t n;
	FILE *fp;

	path(p, sizeof(p), file);
	if ((fp = fopen(p, "rb")) == NULL) {
		hb_error(e, "cannot open %s", p);
		return NULL;
	}
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (hb_csvprofile_detect(head, n, &pr, e) == -1)
		return NULL;
	return pr;
}

/* reads file with profile (NULL: detected) into g; the reader's result */
static int
run(const char *file, const char *profile, const char *account,
    struct got *g, struct hb_err *e)
{
	struct hb_bankreader r = { g, on_begin, on_line, on_end };
	struct hb_csvprofile *pr = NULL;
	char p[4096];
	FILE *fp;
	int fail_at = g->fail_at, rc;

	memset(g, 0, sizeof(*g));
	g->fail_at = fail_at;
	e->msg[0] = '\0';
	if (profile != NULL) {
		if (hb_csvprofile_load(profile, &pr, e) == -1)
			return -2;
	} else if ((pr = detect(file, e)) == NULL)
		return -2;
	path(p, sizeof(p), file);
	if ((fp = fopen(p, "rb")) == NULL) {
		hb_csvprofile_free(pr);
		return -2;
	}
	rc = hb_bankcsv_read(fp, file, pr, account, &r, e);
	fclose(fp);
	hb_csvprofile_free(pr);
	return rc;
}

/* the same, on bytes in memory */
static int
run_mem(const char *data, size_t len, const char *profile,
    const char *account, struct got *g, struct hb_err *e)
{
	struct hb_bankreader r = { g, on_begin, on_line, on_end };
	struct hb_csvprofile *pr = NULL;
	FILE *fp;
	int rc;

	memset(g, 0, sizeof(*g));
	e->msg[0] = '\0';
	if (hb_csvprofile_load(profile, &pr, e) == -1)
		return -2;
	if (len == 0)
		fp = fopen("/dev/null", "rb");
	else
		fp = fmemopen((void *)data, len, "rb");
	if (fp == NULL) {
		hb_csvprofile_free(pr);
		return -2;
	}
	rc = hb_bankcsv_read(fp, "mem.csv", pr, account, &r, e);
	fclose(fp);
	hb_csvprofile_free(pr);
	return rc;
}

static int
run_str(const char *data, const char *profile, const char *account,
    struct got *g, struct hb_err *e)
{
	return run_mem(data, strlen(data), profile, account, g, e);
}

static void
is_detected(const char *file, const char *want)
{
	struct hb_csvprofile *pr;
	struct hb_err e = { "", "" };

	pr = detect(file, &e);
	is_str(pr != NULL ? hb_csvprofile_name(pr) : e.msg, want,
	    "%s: detected as %s", file, want);
	hb_csvprofile_free(pr);
}

static void
test_encoding(void)
{
	static const struct {
		const char *in;
		enum hb_encoding enc;
		const char *want;
		const char *what;
	} conv[] = {
		{ "\x80", HB_ENC_CP1252, "\xe2\x82\xac", "CP1252 0x80 is the euro" },
		{ "Caf\xe9", HB_ENC_CP1252, "Caf\xc3\xa9", "CP1252 0xE9 is e-acute" },
		{ "Jan\x92s", HB_ENC_CP1252, "Jan\xe2\x80\x99s",
		    "CP1252 0x92 is a right single quote" },
		{ "\x9f", HB_ENC_CP1252, "\xc5\xb8", "CP1252 0x9F is Y-diaeresis" },
		{ "a\x81" "b", HB_ENC_CP1252, "a\xef\xbf\xbd" "b",
		    "CP1252 0x81 is undefined: U+FFFD" },
		{ "\x8d\x8f\x90\x9d", HB_ENC_CP1252,
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		    "CP1252 0x8D 0x8F 0x90 0x9D are undefined" },
		{ "\xa0\xff", HB_ENC_CP1252, "\xc2\xa0\xc3\xbf",
		    "CP1252 0xA0-0xFF as Latin-1" },
		{ "\xa4", HB_ENC_LATIN9, "\xe2\x82\xac", "Latin-9 0xA4 is the euro" },
		{ "\xa4", HB_ENC_CP1252, "\xc2\xa4",
		    "CP1252 0xA4 is the currency sign" },
		{ "\xa6\xa8\xb4\xb8\xbc\xbd\xbe", HB_ENC_LATIN9,
		    "\xc5\xa0\xc5\xa1\xc5\xbd\xc5\xbe\xc5\x92\xc5\x93\xc5\xb8",
		    "Latin-9 differs from Latin-1 in eight places" },
		{ "H\xe9l\xe8ne", HB_ENC_LATIN9, "H\xc3\xa9l\xc3\xa8ne",
		    "Latin-9 accented letters" },
		{ "\xef\xbb\xbf" "Datum", HB_ENC_UTF8, "Datum", "BOM stripped" },
		{ "Zo\xc3\xab \xe2\x82\xac 5", HB_ENC_UTF8,
		    "Zo\xc3\xab \xe2\x82\xac 5", "valid UTF-8 untouched" },
		{ "a\xe9z", HB_ENC_UTF8, "a\xef\xbf\xbdz",
		    "invalid UTF-8 becomes U+FFFD" },
		{ "", HB_ENC_CP1252, "", "empty input, empty string" },
	};
	char *s;
	size_t i;

	is_int(hb_detect_encoding("Datum", 5), HB_ENC_UTF8,
	    "ASCII is UTF-8");
	is_int(hb_detect_encoding("Zo\xc3\xab", 4), HB_ENC_UTF8,
	    "valid UTF-8 is UTF-8");
	is_int(hb_detect_encoding("\xef\xbb\xbf" "a\xe9", 5), HB_ENC_UTF8,
	    "a BOM means UTF-8");
	is_int(hb_detect_encoding("Caf\xe9", 4), HB_ENC_CP1252,
	    "invalid UTF-8 is CP1252");
	is_int(hb_detect_encoding("\x80", 1), HB_ENC_CP1252,
	    "a lone 0x80 is CP1252");
	is_int(hb_detect_encoding("", 0), HB_ENC_UTF8, "nothing is UTF-8");
	for (i = 0; i < sizeof(conv) / sizeof(conv[0]); i++) {
		s = hb_to_utf8(conv[i].in, strlen(conv[i].in), conv[i].enc);
		is_str(s, conv[i].want, "hb_to_utf8: %s", conv[i].what);
		ok(hb_utf8_valid(s, strlen(s)), "hb_to_utf8: %s: valid UTF-8",
		    conv[i].what);
		free(s);
	}
	s = hb_to_utf8("a\0b", 3, HB_ENC_CP1252);
	ok(s[0] == 'a' && s[1] == '\0' && s[2] == 'b' && s[3] == '\0',
	    "hb_to_utf8 converts len bytes, NUL or not, and terminates");
	free(s);
}

static void
test_profiles(void)
{
	static const char *const names[] = { "abnamro-tab", "asn", "bunq",
	    "bunq-6", "generic", "ing-11", "ing-9", "rabobank", "triodos" };
	struct hb_csvprofile *pr;
	struct hb_err e;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		pr = NULL;
		e.msg[0] = '\0';
		if (!ok(hb_csvprofile_load(names[i], &pr, &e) == 0 &&
		    strcmp(hb_csvprofile_name(pr), names[i]) == 0,
		    "profile %s loads", names[i]))
			diag("%s", e.msg);
		hb_csvprofile_free(pr);
	}
	is_int(hb_csvprofile_load("nosuch", &pr, &e), -1, "unknown profile");
	is_str(e.msg, "unknown bank profile 'nosuch'; known profiles: "
	    "abnamro-tab, asn, bunq, bunq-6, generic, ing-11, ing-9, "
	    "rabobank, triodos", "unknown profile: the known ones listed");
	ok(pr == NULL, "unknown profile: no profile");
	is_int(hb_csvprofile_load("../csv/ing-9", &pr, &e), -1,
	    "a path is no profile name");
	like(e.msg, "unknown bank profile '../csv/ing-9'",
	    "a path is no profile name: said so");
}

static int
write_file(const char *dir, const char *name, const char *text)
{
	char p[4096];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((fp = fopen(p, "w")) == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* profiles written by someone else: their mistakes are named */
static void
test_bad_profiles(void)
{
	static const struct {
		const char *text;
		const char *want;
	} bad[] = {
		{ "name = bad\nheader = none\nfrobnicate = yes\n",
		    "bad.profile:3: unknown key 'frobnicate'" },
		{ "name = bad\nname = bad\n", "bad.profile:2: key 'name' "
		    "given twice" },
		{ "name = other\n", "bad.profile:1: name 'other' is not the "
		    "file's name 'bad'" },
		{ "name = bad\nheader = sometimes\n", "bad.profile:2: header: "
		    "invalid value 'sometimes': expected none, exact, names" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\n"
		    "columns = A, B\ndate = A\namount = C\n",
		    "bad.profile:8: amount: no column 'C' in 'columns'" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\n"
		    "columns = A, B\ndate = A\n", "bad.profile: missing key "
		    "'amount'" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = pipe\n", "bad.profile:4: delimiter: invalid "
		    "value 'pipe'" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = MM/DD/YYYY\n",
		    "bad.profile:5: date_format: invalid value 'MM/DD/YYYY'" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\n"
		    "columns = A, B\ndate = A\namount = B\nsign = A\n",
		    "sign: needs 'debit' and 'credit' words" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\n"
		    "columns = A, A\ndate = A\namount = A\n",
		    "columns: 'A' twice" },
		{ "name = bad\nthis is not a key value line\n",
		    "bad.profile:2: expected key = value" },
		{ "name = bad \\\n", "bad.profile:1: a '\\' at the end of the "
		    "file" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\nquote = single\n"
		    "columns = A, B\ndate = A\namount = B\nquoted = C\n",
		    "bad.profile:10: quoted: no column 'C' in 'columns'" },
		{ "name = bad\nheader = none\ndecimal = comma\n"
		    "delimiter = comma\ndate_format = YYYYMMDD\nquote = none\n"
		    "columns = A, B\ndate = A\namount = B\nquoted = B\n",
		    "bad.profile:10: quoted: needs 'columns' and a quote" },
	};
	static const char same[] = "header = exact\ndelimiter = comma\n"
	    "decimal = comma\ndate_format = YYYY-MM-DD\n"
	    "columns = Datum, Bedrag, Rekening\ndate = Datum\n"
	    "amount = Bedrag\naccount = Rekening\n";
	struct hb_csvprofile *pr = NULL;
	struct hb_err e;
	char tmpl[] = "/tmp/t-bankcsv.XXXXXX", csvdir[4096], text[1024];
	size_t i;

	if (mkdtemp(tmpl) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(csvdir, sizeof(csvdir), "%s/csv", tmpl);
	mkdir(csvdir, 0700);
	setenv("HB_SHAREDIR", tmpl, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(csvdir, "bad.profile", bad[i].text);
		is_int(hb_csvprofile_load("bad", &pr, &e), -1,
		    "bad profile %zu refused", i + 1);
		like(e.msg, bad[i].want, "bad profile %zu: %s", i + 1,
		    bad[i].want);
	}
	/* one broken profile stops detection: it is an installation fault */
	is_int(hb_csvprofile_detect("Datum,Bedrag\n", 13, &pr, &e), -1,
	    "detection with a broken profile fails");
	like(e.msg, "bad.profile", "detection names the broken profile");

	/* two profiles that both fit: no guess */
	snprintf(csvdir, sizeof(csvdir), "%s/csv/bad.profile", tmpl);
	unlink(csvdir);
	snprintf(csvdir, sizeof(csvdir), "%s/csv", tmpl);
	snprintf(text, sizeof(text), "name = one\n%s", same);
	write_file(csvdir, "one.profile", text);
	snprintf(text, sizeof(text), "name = two\n%s", same);
	write_file(csvdir, "two.profile", text);
	is_int(hb_csvprofile_detect("Datum,Bedrag,Rekening\n", 22, &pr, &e),
	    -1, "two fitting profiles: no guess");
	is_str(e.msg, "the file fits more than one bank profile (one, two): "
	    "use -p PROFILE", "two fitting profiles: both named");

	snprintf(text, sizeof(text), "%s/one.profile", csvdir);
	unlink(text);
	snprintf(text, sizeof(text), "%s/two.profile", csvdir);
	unlink(text);
	rmdir(csvdir);
	rmdir(tmpl);
	setenv("HB_SHAREDIR", sharedir, 1);
}

static void
test_detection(void)
{
	struct hb_csvprofile *pr = NULL;
	struct hb_err e;

	is_detected("ing-9.csv", "ing-9");
	is_detected("ing-9-cp1252.csv", "ing-9");
	is_detected("ing-11.csv", "ing-11");
	is_detected("rabobank.csv", "rabobank");
	is_detected("abnamro.TAB", "abnamro-tab");
	is_detected("asn.csv", "asn");
	is_detected("asn-names.csv", "asn");
	is_detected("triodos.csv", "triodos");
	is_detected("bunq.csv", "bunq");
	is_detected("bunq-6.csv", "bunq-6");
	is_detected("generic.csv", "generic");

	pr = detect("unknown.csv", &e);
	ok(pr == NULL, "unknown layout: not detected");
	is_str(e.msg, "cannot tell which bank exported this file: use -p "
	    "PROFILE; known profiles: abnamro-tab, asn, bunq, bunq-6, "
	    "generic, ing-11, ing-9, rabobank, triodos",
	    "unknown layout: the profiles to choose from");
	is_int(hb_csvprofile_detect("\n\r\n  \n", 6, &pr, &e), -1,
	    "blank head: not detected");
	like(e.msg, "empty", "blank head: said to be empty");
	is_int(hb_csvprofile_detect("", 0, &pr, &e), -1,
	    "empty head: not detected");
	is_int(hb_csvprofile_detect("\xef\xbb\xbf\"Date\";\"Interest Date\";"
	    "\"Amount\";\"Account\";\"Counterparty\";\"Name\";\"Description\""
	    "\r\n", 86, &pr, &e), 0, "a BOM before the header");
	is_str(pr != NULL ? hb_csvprofile_name(pr) : e.msg, "bunq",
	    "a BOM before the header: still bunq");
	hb_csvprofile_free(pr);
	/* a head cut off in the middle of the second line */
	is_int(hb_csvprofile_detect("\"Datum\";\"Naam / Omschrijving\";"
	    "\"Rekening\";\"Tegenrekening\";\"Code\";\"Af Bij\";\"Bedrag "
	    "(EUR)\";\"Mutatiesoort\";\"Mededelingen\";\"Saldo na mutatie\";"
	    "\"Tag\"\n\"2026", 143, &pr, &e), 0, "a head cut short");
	is_str(pr != NULL ? hb_csvprofile_name(pr) : e.msg, "ing-11",
	    "a head cut short: ing-11");
	hb_csvprofile_free(pr);
	is_int(hb_csvprofile_detect("a\0b\n", 4, &pr, &e), -1,
	    "a NUL byte: not detected");
}

static void
test_ing9(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("ing-9.csv", NULL, NULL, &g, &e), 0, "ing-9: read");
	ok(!g.broken, "ing-9: callbacks in order");
	is_int(g.nstmts, 1, "ing-9: one statement");
	is_str(g.s[0].format, "csv:ing-9", "ing-9: format");
	is_str(g.s[0].account, "NL20INGB0001234567", "ing-9: account");
	ok(g.s[0].ended, "ing-9: statement ended");
	is_int(g.s[0].has_opening || g.s[0].has_closing, 0,
	    "ing-9: no balances in this layout");
	is_int(g.s[0].opening_date, -1, "ing-9: no opening date");
	is_int(g.nlines, 4, "ing-9: four lines");
	is_int(g.l[0].cents, -105000, "ing-9: Af 1.050,00 is a debit");
	is_int(g.l[1].cents, 123456, "ing-9: Bij 1.234,56 is a credit");
	is_int(g.l[3].cents, -125, "ing-9: Af 1,25");
	is_int(g.l[0].booking, day("2026-09-15"), "ing-9: YYYYMMDD date");
	is_int(g.l[0].value, -1, "ing-9: no value date");
	is_int(g.l[0].line, 2, "ing-9: first line is line 2");
	is_int(g.l[3].line, 5, "ing-9: last line is line 5");
	is_str(g.l[0].iban, "NL91ABNA0417164300", "ing-9: counterparty IBAN");
	is_str(g.l[0].name, "Woonstichting De Linie", "ing-9: counterparty");
	like(g.l[0].desc, "Omschrijving: Huur september 2026",
	    "ing-9: Mededelingen is the description");
	is_str(g.l[2].iban, "", "ing-9: no Tegenrekening, no IBAN");
	is_str(g.l[3].iban, "", "ing-9: an old account number is no IBAN");
	is_str(g.l[0].ref, "(null)", "ing-9: no bank reference");
	is_str(g.l[0].e2e, "(null)", "ing-9: no end-to-end id");

	is_int(run("ing-9-cp1252.csv", NULL, NULL, &g, &e), 0,
	    "ing-9 CP1252, CRLF: read");
	is_str(g.l[0].name, "Caf\xc3\xa9 De Zwaan",
	    "ing-9 CP1252: 0xE9 comes out as UTF-8 e-acute");
	like(g.l[0].desc, "lunch \xe2\x82\xac 17,50 voor Jan\xe2\x80\x99s",
	    "ing-9 CP1252: euro and quote converted");
	is_int(g.l[1].line, 3, "ing-9 CRLF: line numbers");
	is_int(g.l[1].cents, 5000, "ing-9 CRLF: amount");
}

static void
test_ing11(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("ing-11.csv", NULL, NULL, &g, &e), 0, "ing-11: read");
	ok(!g.broken, "ing-11: callbacks in order");
	is_int(g.nlines, 3, "ing-11: three lines");
	is_int(g.l[0].cents, -105000, "ing-11: debit");
	is_int(g.l[1].cents, 2500, "ing-11: credit");
	/* newest first: the first line's balance is the closing balance */
	ok(g.s[0].has_opening && g.s[0].has_closing, "ing-11: balances");
	is_int(g.s[0].closing, 96255, "ing-11: closing = newest balance");
	is_int(g.s[0].closing_date, day("2026-09-05"), "ing-11: closing date");
	is_int(g.s[0].opening, 200000,
	    "ing-11: opening = oldest balance minus its amount");
	is_int(g.s[0].opening_date, day("2026-09-02"), "ing-11: opening date");
	is_str(g.l[2].name, "Bakkerij Zon", "ing-11: counterparty");
}

static void
test_rabobank(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("rabobank.csv", NULL, NULL, &g, &e), 0, "rabobank: read");
	ok(!g.broken, "rabobank: callbacks in order");
	is_int(g.nstmts, 2, "rabobank: a statement per account");
	is_str(g.s[0].account, "NL60RABO0330370596", "rabobank: 1st account");
	is_str(g.s[1].account, "NL44RABO0123456789", "rabobank: 2nd account");
	is_int(g.s[0].nlines, 3, "rabobank: three lines for the first");
	is_int(g.s[1].src_line, 5, "rabobank: 2nd statement starts on line 5");
	ok(g.s[0].ended && g.s[1].ended, "rabobank: both ended");
	is_int(g.l[0].cents, 134520, "rabobank: +1.345,20");
	is_int(g.l[1].cents, -499, "rabobank: -4,99");
	is_int(g.l[1].booking, day("2026-09-02"), "rabobank: Datum");
	is_int(g.l[1].value, day("2026-09-01"), "rabobank: Rentedatum");
	is_str(g.l[0].ref, "000000000000014705", "rabobank: Volgnr");
	is_str(g.l[0].e2e, "UWV-2026-09-123456",
	    "rabobank: Transactiereferentie");
	is_str(g.l[3].e2e, "(null)", "rabobank: NOTPROVIDED is no reference");
	is_str(g.l[1].iban, "LU89751000135104200E",
	    "rabobank: foreign IBAN");
	is_str(g.l[1].desc, "1047645677604/PAYPAL",
	    "rabobank: a blank Omschrijving-2 adds nothing");
	is_str(g.l[3].desc, "Huur september 1234 5678 9012 3456",
	    "rabobank: Betalingskenmerk joins the description");
	is_str(g.l[2].rtrn, "MD06", "rabobank: Reden retour");
	is_int(g.s[0].opening, 10000, "rabobank: opening balance");
	is_int(g.s[0].closing, 144520, "rabobank: closing balance");
	is_int(g.s[0].closing_date, day("2026-09-04"), "rabobank: closing date");
	is_int(g.s[1].opening, 100000, "rabobank: 2nd opening");
	is_int(g.s[1].closing, 25000, "rabobank: 2nd closing");

	is_int(run("rabobank.csv", NULL, "NL60 RABO 0330 3705 96", &g, &e), -1,
	    "rabobank -a: a line of another account");
	is_str(e.msg, "rabobank.csv:5: field 'IBAN/BBAN': a line of account "
	    "NL44RABO0123456789, not of NL60RABO0330370596",
	    "rabobank -a: said where");
	is_int(g.nlines, 3, "rabobank -a: the lines before were read");
}

static void
test_abnamro(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("abnamro.TAB", NULL, NULL, &g, &e), 0, "abnamro: read");
	ok(!g.broken, "abnamro: callbacks in order");
	is_str(g.s[0].format, "csv:abnamro-tab", "abnamro: format");
	is_str(g.s[0].account, "NL02ABNA0123456789",
	    "abnamro: account number 123456789 is NL02ABNA0123456789");
	is_int(g.nlines, 4, "abnamro: four lines");
	is_int(g.l[0].line, 1, "abnamro: no header, first line is line 1");
	is_int(g.l[0].cents, 26175, "abnamro: 261,75");
	is_int(g.l[1].cents, -5000, "abnamro: -50,00");
	is_str(g.l[0].iban, "NL44RABO0123456789", "abnamro: /IBAN/");
	is_str(g.l[0].name, "Stichting Voedselbank", "abnamro: /NAME/");
	is_str(g.l[0].desc, "Bijdrage september", "abnamro: /REMI/");
	is_str(g.l[0].e2e, "VB-2026-09-0012", "abnamro: /EREF/");
	is_str(g.l[1].iban, "NL20INGB0001234567", "abnamro: IBAN: label");
	is_str(g.l[1].name, "J DE VRIES", "abnamro: Naam: label");
	is_str(g.l[1].desc, "leefgeld week 36", "abnamro: Omschrijving: label");
	is_str(g.l[1].e2e, "02-09-2026 10:01 0123456789012345",
	    "abnamro: Kenmerk: label");
	is_str(g.l[2].desc, "BEA, Betaalpas Jumbo Utrecht,PAS123 NR:0ABC0D, "
	    "03.09.26/14:37 UTRECHT",
	    "abnamro: a card payment keeps its text, blanks squeezed");
	is_str(g.l[2].iban, "", "abnamro: a card payment has no IBAN");
	is_str(g.l[3].name, "Vitens N.V.", "abnamro: direct debit name");
	is_str(g.l[3].e2e, "(null)", "abnamro: /EREF/NOTPROVIDED is none");
	is_int(g.l[0].value, day("2026-09-01"), "abnamro: Rentedatum");
	is_int(g.s[0].opening, 150000, "abnamro: Beginsaldo of the first");
	is_int(g.s[0].closing, 166865, "abnamro: Eindsaldo of the last");
}

static void
test_asn(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("asn.csv", NULL, NULL, &g, &e), 0, "asn: read");
	ok(!g.broken, "asn: callbacks in order");
	is_int(g.nlines, 3, "asn: three lines");
	is_str(g.s[0].account, "NL11ASNB0708090100", "asn: account");
	is_int(g.l[0].cents, 122377, "asn: 1223.77, dot decimal");
	is_int(g.l[1].cents, -20000, "asn: -200.00");
	is_int(g.l[1].booking, day("2026-09-18"), "asn: Journaaldatum");
	is_int(g.l[1].value, day("2026-09-17"), "asn: Valutadatum");
	is_str(g.l[1].ref, "18-09-2026/51402299",
	    "asn: Journaaldatum/Volgnummer");
	is_str(g.l[2].ref, "(null)", "asn: Volgnummer 00000000 is none");
	is_str(g.l[1].desc, "Termijnbedrag energie september "
	    "4000 1234 5678 9012", "asn: single-quoted texts");
	is_str(g.l[0].name, "gemeente utrecht", "asn: Naam tegenrekening");
	is_str(g.l[2].iban, "", "asn: bank costs have no counterparty");
	is_int(g.s[0].opening, 13044, "asn: opening = first balance before");
	is_int(g.s[0].closing, 115201,
	    "asn: closing = last balance before plus its amount");
}

/*
 * ASN quotes only Betalingskenmerk and Omschrijving, and never doubles a
 * quote: a name or place that starts with one (ASN writes 't Hoekje and
 * 's-Gravenhage as they are) must not open a quoted field.
 */
static void
test_asn_names(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("asn-names.csv", NULL, NULL, &g, &e), 0,
	    "asn names: read");
	is_int(g.nlines, 3, "asn names: three lines");
	ok(g.nlines == 3 && g.s[0].ended && g.s[0].has_closing &&
	    g.s[0].closing == 134671, "asn names: balances chain up");
	is_str(g.l[0].name, "'t Hoekje", "asn names: a name that starts "
	    "with a quote");
	is_str(g.l[0].desc, "Lunch, koffie en gebak", "asn names: a comma "
	    "in the quoted description");
	is_int(g.l[0].cents, -1250, "asn names: the amount in its column");
	is_str(g.l[0].iban, "NL36INGB0007654321", "asn names: the IBAN");
	is_str(g.l[1].name, "d'Oliveira & Zn", "asn names: a quote inside "
	    "a name");
	is_str(g.l[1].desc, "Pietje's verjaardag 4000 1234, 5678",
	    "asn names: a quote inside the description, a comma in the "
	    "Betalingskenmerk");
	is_str(g.l[2].name, "Stichting 'De Brug'", "asn names: a name that "
	    "ends with a quote");
	is_str(g.l[2].desc, "Gift 'voor de winter'", "asn names: quotes "
	    "inside the quotes; an empty Betalingskenmerk");
	is_int(g.l[2].cents, 25000, "asn names: 250.00");
	is_str(g.l[2].ref, "02-10-2026/51500003", "asn names: reference");
}

static void
test_triodos(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("triodos.csv", NULL, NULL, &g, &e), 0, "triodos: read");
	ok(!g.broken, "triodos: callbacks in order");
	is_int(g.nlines, 3, "triodos: three lines");
	is_int(g.l[0].cents, 120000, "triodos: Credit 1.200,00");
	is_int(g.l[1].cents, -4500, "triodos: Debet 45,00");
	is_int(g.l[1].booking, day("2026-09-06"), "triodos: DD-MM-YYYY");
	is_str(g.l[1].name, "Stichting H\xc3\xa9l\xc3\xa8ne",
	    "triodos: Latin-9 name");
	is_str(g.l[1].desc, "Contributie 45 \xe2\x82\xac",
	    "triodos: Latin-9 0xA4 is the euro");
	is_int(g.s[0].opening, 40000, "triodos: opening balance");
	is_int(g.s[0].closing, 155000, "triodos: closing balance");
}

static void
test_bunq(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("bunq.csv", NULL, NULL, &g, &e), 0, "bunq: read");
	ok(!g.broken, "bunq: callbacks in order");
	is_str(g.s[0].account, "NL13BUNQ2094122549", "bunq: account");
	is_int(g.nlines, 3, "bunq: three lines, any date order");
	is_int(g.l[0].cents, 114950, "bunq: 1.149,50");
	is_int(g.l[2].booking, day("2026-09-20"), "bunq: an earlier date last");
	is_int(g.l[1].value, day("2026-09-24"), "bunq: Interest Date");
	is_str(g.l[0].name, "Zorgverzekeraar Zo\xc3\xab", "bunq: UTF-8 name");
	is_str(g.l[2].iban, "", "bunq: 'bunq' is no IBAN");

	is_int(run("bunq-6.csv", NULL, NULL, &g, &e), -1,
	    "bunq-6 without -a: refused");
	is_str(e.msg, "bunq-6.csv: this export does not name the account: "
	    "give it with -a IBAN", "bunq-6 without -a: what to do");
	is_int(g.nstmts, 0, "bunq-6 without -a: nothing read");
	is_int(run("bunq-6.csv", NULL, "nl13bunq2094122549", &g, &e), 0,
	    "bunq-6 with -a: read");
	is_str(g.s[0].account, "NL13BUNQ2094122549",
	    "bunq-6 with -a: the account given, normalised");
	is_int(g.nlines, 2, "bunq-6 with -a: two lines");
	is_int(g.l[1].cents, -65000, "bunq-6: -650,00");
	is_int(run("bunq-6.csv", NULL, "NL13BUNQ2094122548", &g, &e), -1,
	    "bunq-6 with a bad -a: refused");
	like(e.msg, "bunq-6.csv: invalid IBAN 'NL13BUNQ2094122548'",
	    "bunq-6 with a bad -a: said so");
}

static void
test_generic(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("generic.csv", NULL, NULL, &g, &e), 0, "generic: read");
	ok(!g.broken, "generic: callbacks in order");
	is_str(g.s[0].format, "csv:generic", "generic: format");
	is_str(g.s[0].account, "NL20INGB0001234567", "generic: Rekening");
	is_int(g.nlines, 3, "generic: three lines");
	is_int(g.l[0].cents, -105000, "generic: -1.050,00 (comma decimal)");
	is_int(g.l[1].cents, 123456, "generic: 1,234.56 (dot decimal)");
	is_int(g.l[2].cents, -1250, "generic: -12.50");
	is_int(g.l[0].booking, day("2026-10-01"), "generic: YYYY-MM-DD");
	is_int(g.l[1].booking, day("2026-10-20"), "generic: DD-MM-YYYY");
	is_str(g.l[0].iban, "NL91ABNA0417164300", "generic: Tegenrekening");
	is_str(g.l[0].name, "Woonstichting De Linie", "generic: Naam");
	is_str(g.l[0].desc, "Huur oktober", "generic: Omschrijving");
	is_str(g.l[1].ref, "R-0002", "generic: Referentie");
	is_str(g.l[2].ref, "(null)", "generic: an empty reference is none");

	is_int(run("err-generic.csv", "generic", "NL20INGB0001234567", &g,
	    &e), -1, "generic without an amount column");
	is_str(e.msg, "err-generic.csv:1: no amount column in the header: "
	    "expected one of amount, bedrag, bedrag (eur), amount (eur), "
	    "transactiebedrag", "generic without an amount: the names");
	is_int(run_str("Datum;Bedrag\n2026-10-01;-5,00\n", "generic",
	    NULL, &g, &e), -1, "generic without an account column or -a");
	is_str(e.msg, "mem.csv: this export does not name the account: "
	    "give it with -a IBAN", "generic without an account: what to do");
	is_int(run_str("Datum;Bedrag;Af/Bij\n2026-10-01;5,00;af\n"
	    "2026-10-02;-5,00;bij\n", "generic", "NL20INGB0001234567", &g,
	    &e), -1, "generic: a signed amount beside Af/Bij");
	is_str(e.msg, "mem.csv:3: field 'Bedrag': signed amount '-5,00' "
	    "where column 'Af/Bij' gives the direction",
	    "generic: a signed amount beside Af/Bij: refused");
	is_int(g.nlines, 1, "generic: af 5,00 read before that");
	is_int(g.l[0].cents, -500, "generic: af is a debit");
	is_int(run_str("Datum;Bedrag;Rekening\n2026-10-01;-5,00;\n"
	    "2026-10-02;-6,00;NL20INGB0001234567\n", "generic",
	    "NL20INGB0001234567", &g, &e), 0,
	    "generic: an empty account cell with -a");
	ok(g.nstmts == 1 && g.nlines == 2,
	    "generic: an empty account cell is the account given");
	is_int(run_str("Datum;Bedrag;Rekening\n2026-10-01;-5,00;\n",
	    "generic", NULL, &g, &e), -1,
	    "generic: an empty account cell without -a");
	is_str(e.msg, "mem.csv:2: field 'Rekening': no account",
	    "generic: an empty account cell without -a: where");
}

static void
test_errors(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(run("err-columns.csv", NULL, NULL, &g, &e), -1,
	    "wrong column count");
	is_str(e.msg, "err-columns.csv:3: 8 columns, expected 9",
	    "wrong column count: file, line, counts");
	is_int(g.nlines, 1, "wrong column count: the line before was read");
	ok(g.nstmts == 1 && !g.s[0].ended,
	    "wrong column count: the statement is not ended");

	is_int(run("err-amount.csv", NULL, NULL, &g, &e), -1,
	    "non-numeric amount");
	is_str(e.msg, "err-amount.csv:2: field 'Bedrag (EUR)': invalid "
	    "amount '12,3x': not a number", "non-numeric amount: where");

	is_int(run("err-date.csv", NULL, NULL, &g, &e), -1, "bad date");
	is_str(e.msg, "err-date.csv:4: field 'Datum': invalid date "
	    "'20260231': expected YYYYMMDD",
	    "bad date: where, after a blank line");

	is_int(run("err-utf8.csv", NULL, NULL, &g, &e), -1,
	    "invalid UTF-8 where UTF-8 is promised");
	is_str(e.msg, "err-utf8.csv:3: field 'Name': not valid UTF-8, which "
	    "the 'bunq' profile expects", "invalid UTF-8: where");

	is_int(run("err-sign.csv", NULL, NULL, &g, &e), -1, "bad sign");
	is_str(e.msg, "err-sign.csv:2: field 'Credit/Debet': 'Af' is neither "
	    "debit (Debet) nor credit (Credit)", "bad sign: where");

	is_int(run("err-account.csv", NULL, NULL, &g, &e), -1,
	    "bad account IBAN");
	is_str(e.msg, "err-account.csv:2: field 'IBAN/BBAN': invalid IBAN "
	    "'NL61RABO0330370596': check digits do not match",
	    "bad account IBAN: where");

	is_int(run("rabobank.csv", "ing-9", NULL, &g, &e), -1,
	    "another bank's file with -p ing-9");
	is_str(e.msg, "rabobank.csv:1: 26 columns in the header, expected 9 "
	    "for a 'ing-9' export", "another bank's file: said so");
	is_int(run("err-columns.csv", "ing-11", NULL, &g, &e), -1,
	    "ing-9 file with -p ing-11");
	is_int(run("bunq.csv", "bunq-6", "NL13BUNQ2094122549", &g, &e), -1,
	    "bunq file with -p bunq-6");
	is_str(e.msg, "bunq.csv:1: 7 columns in the header, expected 6 for a "
	    "'bunq-6' export", "bunq file with -p bunq-6: said so");
	is_int(run_str("\"Date\";\"Interest Date\";\"Amount\";\"Counter\";"
	    "\"Name\";\"Description\"\n", "bunq-6", "NL13BUNQ2094122549",
	    &g, &e), -1, "a header cell that differs");
	is_str(e.msg, "mem.csv:1: not a 'bunq-6' export: column 4 is "
	    "'Counter', expected 'Counterparty'", "a header cell: which");

	g.fail_at = 3;
	is_int(run("ing-9.csv", NULL, NULL, &g, &e), -1,
	    "a callback that fails stops the reader");
	is_str(e.msg, "the caller says no", "the callback's error, as is");
	is_int(g.nlines, 1, "a callback that fails: nothing after it");
	g.fail_at = 0;

	is_int(run("asn.csv", "triodos", NULL, &g, &e), -1,
	    "asn file read as triodos");
	is_str(e.msg, "asn.csv:1: 19 columns, expected 9",
	    "asn file read as triodos: said so");

	/* no real amount or balance is larger than EUR 999,999,999.99 */
	is_int(run_str("01-10-2026,NL11ASNB0708090100,,,,,,EUR,10.00,EUR,"
	    "-1000000000.00,01-10-2026,01-10-2026,1,X,1,,'x',1\n", "asn",
	    NULL, &g, &e), -1, "an amount over the maximum");
	is_str(e.msg, "mem.csv:1: field 'Transactiebedrag': amount "
	    "'-1000000000.00' is larger than 999999999.99, the most hb "
	    "accepts", "an amount over the maximum: where");
	is_int(run_str("01-10-2026,NL11ASNB0708090100,,,,,,EUR,"
	    "92233720368547758.07,EUR,-1.00,01-10-2026,01-10-2026,1,X,1,,"
	    "'x',1\n", "asn", NULL, &g, &e), -1, "a balance near INT64_MAX");
	is_str(e.msg, "mem.csv:1: field 'Saldo rekening voor mutatie': amount "
	    "'92233720368547758.07' is larger than 999999999.99, the most hb "
	    "accepts", "a balance near INT64_MAX: where");
	is_int(run_str("01-10-2026,NL11ASNB0708090100,,,,,,EUR,0.00,EUR,"
	    "999999999.99,01-10-2026,01-10-2026,1,X,1,,'x',1\n", "asn",
	    NULL, &g, &e), 0, "the maximum itself is read");
	is_int(g.l[0].cents, HB_AMOUNT_MAX, "the maximum: its cents");
}

static const char ing9_header[] = "\"Datum\",\"Naam / Omschrijving\","
    "\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\","
    "\"Mutatiesoort\",\"Mededelingen\"\n";

static const char ing9_row[] = "\"20260915\",\"Huur\",\"NL20INGB0001234567\","
    "\"\",\"IC\",\"Af\",\"1,00\",\"Incasso\",\"x\"\n";

static void
test_streams(void)
{
	struct got g = { 0 };
	struct hb_err e;
	char buf[200000], *p;
	size_t n;
	FILE *fp;
	struct hb_csvprofile *pr;
	struct hb_bankreader r = { &g, on_begin, on_line, on_end };

	/* a quoted field over two lines, blank and all-empty rows */
	n = (size_t)snprintf(buf, sizeof(buf), "%s\n%s,,,,,,,,\n"
	    "\"20260914\",\"Huur\",\"NL20INGB0001234567\",\"\",\"IC\",\"Af\","
	    "\"2,00\",\"Incasso\",\"eerste regel\ntweede regel\"\n%s",
	    ing9_header, ing9_row, ing9_row);
	is_int(run_mem(buf, n, "ing-9", NULL, &g, &e), 0,
	    "a quoted field over two lines");
	is_int(g.nlines, 3, "blank and all-empty rows are skipped");
	is_int(g.l[0].line, 3, "line after a blank line");
	is_int(g.l[1].line, 5, "the two-line row starts on line 5");
	is_str(g.l[1].desc, "eerste regel tweede regel",
	    "a line break in a field is a space");
	is_int(g.l[2].line, 7, "the row after it is on line 7");

	/* the same with a first field that spans lines */
	n = (size_t)snprintf(buf, sizeof(buf), "Datum;Bedrag;Omschrijving\n"
	    "2026-10-01;1,00;a\n\"2026-10\n-02\";2,00;b\n");
	is_int(run_mem(buf, n, "generic", "NL20INGB0001234567", &g, &e), -1,
	    "a date with a line break in it");
	like(e.msg, "mem.csv:3: field 'Datum': invalid date",
	    "a first field over two lines: its first line");

	n = (size_t)snprintf(buf, sizeof(buf), "%s%s\"2026", ing9_header,
	    ing9_row);
	memcpy(buf + n, "\",\"a\0b\"\n", 8);
	is_int(run_mem(buf, n + 8, "ing-9", NULL, &g, &e), -1, "a NUL byte");
	is_str(e.msg, "mem.csv:3: contains a NUL byte: not a text file",
	    "a NUL byte: where");

	n = (size_t)snprintf(buf, sizeof(buf), "%s", ing9_header);
	memset(buf + n, 'x', 70000);
	buf[n + 70000] = '\n';
	is_int(run_mem(buf, n + 70001, "ing-9", NULL, &g, &e), -1,
	    "a line over 64 KiB");
	is_str(e.msg, "mem.csv:2: a line longer than 64 KiB: not a bank "
	    "export", "a line over 64 KiB: where");

	/* a quote that never closes must not eat the rest of the file */
	n = (size_t)snprintf(buf, sizeof(buf), "%s%s\"20260915\",\"open",
	    ing9_header, ing9_row);
	for (p = buf + n; p < buf + 100000; p += strlen(p))
		snprintf(p, 64, "nog een regel in een open veld\n\n\n");
	n = (size_t)(p - buf);
	is_int(run_mem(buf, n, "ing-9", NULL, &g, &e), -1,
	    "an open quote through the file");
	like(e.msg, "mem.csv:3: a row longer than 64 KiB",
	    "an open quote: where it opened");
	n = (size_t)snprintf(buf, sizeof(buf), "%s%s\"20260915\",\"open\n",
	    ing9_header, ing9_row);
	is_int(run_mem(buf, n, "ing-9", NULL, &g, &e), -1,
	    "an open quote at the end");
	is_str(e.msg, "mem.csv:3: a quote that does not close before the end "
	    "of the file", "an open quote at the end: where");

	n = (size_t)snprintf(buf, sizeof(buf), "%s%s\"20260915\",\"x\","
	    "\"NL20INGB0001234567\",\"\",\"IC\",\"Af\",\"1,00\",\"x\","
	    "\"over\ntwee regels\"", ing9_header, ing9_row);
	is_int(run_mem(buf, n, "ing-9", NULL, &g, &e), 0,
	    "a closed quote over two lines, no newline at the end");
	is_str(g.l[1].desc, "over twee regels",
	    "a closed quote at the end: the whole field");
	n = (size_t)snprintf(buf, sizeof(buf), "%s%s\"20260915\",\"open",
	    ing9_header, ing9_row);
	is_int(run_mem(buf, n, "ing-9", NULL, &g, &e), -1,
	    "an open quote on a last line without its newline");
	like(e.msg, "mem.csv:3: a quote that does not close",
	    "an open quote on the last line: where");

	/* the last line without its newline is still a line */
	n = (size_t)snprintf(buf, sizeof(buf), "%s%s", ing9_header, ing9_row);
	is_int(run_mem(buf, n - 1, "ing-9", NULL, &g, &e), 0,
	    "no newline at the end");
	is_int(g.nlines, 1, "no newline at the end: the line read");

	is_int(run_str("", "ing-9", NULL, &g, &e), -1, "an empty file");
	is_str(e.msg, "mem.csv: the file is empty: no bank lines in it",
	    "an empty file: said so");
	is_int(run_mem(ing9_header, strlen(ing9_header), "ing-9", NULL, &g,
	    &e), 0, "a header and no lines");
	is_int(g.nstmts, 0, "a header and no lines: no statement");

	/* ing-11 offered with commas instead of semicolons */
	n = (size_t)snprintf(buf, sizeof(buf), "\"Datum\",\"Naam / "
	    "Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\","
	    "\"Bedrag (EUR)\",\"Mutatiesoort\",\"Mededelingen\",\"Saldo na "
	    "mutatie\",\"Tag\"\n\"20260902\",\"Bakkerij Zon\","
	    "\"NL20INGB0001234567\",\"\",\"BA\",\"Af\",\"12,45\","
	    "\"Betaalautomaat\",\"\",\"1987,55\",\"\"\n");
	is_int(run_mem(buf, n, "ing-11", NULL, &g, &e), 0,
	    "ing-11 with commas");
	is_int(g.s[0].closing, 198755, "ing-11 with commas: balance");

	/* a file larger than the limit is refused before it is read */
	if ((fp = tmpfile()) != NULL &&
	    ftruncate(fileno(fp), HB_BANKFILE_MAX + 1) == 0 &&
	    hb_csvprofile_load("ing-9", &pr, &e) == 0) {
		memset(&g, 0, sizeof(g));
		is_int(hb_bankcsv_read(fp, "big.csv", pr, NULL, &r, &e), -1,
		    "a file over the limit");
		is_str(e.msg, "big.csv: larger than 512 MiB: not a bank export",
		    "a file over the limit: said so");
		ok(ftell(fp) == 0, "a file over the limit: not read");
		hb_csvprofile_free(pr);
	} else {
		/* ok() would escape the '#' of the directive */
		printf("ok %d # SKIP no sparse temporary file\n", ++tap_run);
	}
	if (fp != NULL)
		fclose(fp);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");

	if (top == NULL)
		top = ".";
	snprintf(sharedir, sizeof(sharedir), "%s/share/hb", top);
	snprintf(datadir, sizeof(datadir), "%s/tests/data/csv", top);
	if (getenv("HB_SHAREDIR") == NULL)
		setenv("HB_SHAREDIR", sharedir, 1);
	else
		snprintf(sharedir, sizeof(sharedir), "%s",
		    getenv("HB_SHAREDIR"));

	test_encoding();
	test_profiles();
	test_bad_profiles();
	test_detection();
	test_ing9();
	test_ing11();
	test_rabobank();
	test_abnamro();
	test_asn();
	test_asn_names();
	test_triodos();
	test_bunq();
	test_generic();
	test_errors();
	test_streams();
	return done_testing();
}
