/*
 * t-camt.c - CAMT.053 statements: the fixtures in tests/data/camt, the
 * real samples in ../shared/samples/camt053 when they are there, and the
 * example statements in share/hb/examples.  Line numbers in the expected
 * messages are those of the fixture files.
 */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxml/globals.h>

#include "hb.h"
#include "tap.h"

#define MAX_STMTS 8
#define MAX_LINES 64

struct line {
	int	 booking_date, value_date;
	int64_t	 cents;
	char	 iban[HB_IBAN_LEN];
	char	*name, *desc, *ref, *e2e, *reason;
	int	 reversal;
	long	 src_line;
	int	 stmt;		/* index of its statement */
};

struct stmt {
	char	 format[32];
	char	 account[HB_IBAN_LEN];
	char	*id;
	int	 has_opening, has_closing;
	int64_t	 opening, closing;
	int	 opening_date, closing_date;
	long	 src_line;
	int	 ended;
	int	 nlines;
	int64_t	 sum;
};

struct got {
	int		 nstmt, nline;
	int		 in_stmt;	/* begin and end pair up */
	int		 pairing_ok;
	int		 stop_at;	/* line() fails on this line, 1-based */
	struct stmt	 st[MAX_STMTS];
	struct line	 l[MAX_LINES];
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
on_begin(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct got *g = arg;
	struct stmt *t;

	if (g->in_stmt)
		g->pairing_ok = 0;
	g->in_stmt = 1;
	if (g->nstmt == MAX_STMTS)
		return hb_error(e, "test: too many statements");
	t = &g->st[g->nstmt++];
	snprintf(t->format, sizeof(t->format), "%s", s->format);
	memcpy(t->account, s->account, sizeof(t->account));
	t->id = dup_or_null(s->stmt_id);
	t->has_opening = s->has_opening;
	t->has_closing = s->has_closing;
	t->opening = s->opening;
	t->closing = s->closing;
	t->opening_date = s->opening_date;
	t->closing_date = s->closing_date;
	t->src_line = s->src_line;
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *s, const struct hb_bankline *x,
    struct hb_err *e)
{
	struct got *g = arg;
	struct line *l;

	if (!g->in_stmt)
		g->pairing_ok = 0;
	if (g->stop_at > 0 && g->nline + 1 == g->stop_at)
		return hb_error(e, "test: the caller says stop");
	if (g->nline == MAX_LINES)
		return hb_error(e, "test: too many lines");
	l = &g->l[g->nline++];
	l->booking_date = x->booking_date;
	l->value_date = x->value_date;
	l->cents = x->cents;
	memcpy(l->iban, x->counter_iban, sizeof(l->iban));
	l->name = dup_or_null(x->counter_name);
	l->desc = dup_or_null(x->description);
	l->ref = dup_or_null(x->bank_ref);
	l->e2e = dup_or_null(x->end_to_end);
	l->reason = dup_or_null(x->return_reason);
	l->reversal = x->reversal;
	l->src_line = x->src_line;
	l->stmt = g->nstmt - 1;
	g->st[g->nstmt - 1].nlines++;
	if (hb_add(g->st[g->nstmt - 1].sum, x->cents,
	    &g->st[g->nstmt - 1].sum) == -1)
		return hb_error(e, "test: sum overflows");
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct got *g = arg;

	if (!g->in_stmt || g->nstmt == 0 ||
	    strcmp(s->account, g->st[g->nstmt - 1].account) != 0)
		g->pairing_ok = 0;
	g->in_stmt = 0;
	g->st[g->nstmt - 1].ended = 1;
	return 0;
}

static void
got_free(struct got *g)
{
	int i;

	for (i = 0; i < g->nstmt; i++)
		free(g->st[i].id);
	for (i = 0; i < g->nline; i++) {
		free(g->l[i].name);
		free(g->l[i].desc);
		free(g->l[i].ref);
		free(g->l[i].e2e);
		free(g->l[i].reason);
	}
	memset(g, 0, sizeof(*g));
	g->pairing_ok = 1;
}

static const struct hb_bankreader reader = {
	NULL, on_begin, on_line, on_end
};

static char top[1024];

/* reads FILE (a path) under the name NAME; 0 or -1 */
static int
read_path(const char *path, const char *name, struct got *g,
    struct hb_err *e)
{
	struct hb_bankreader r = reader;
	FILE *fp;
	int rc;

	got_free(g);
	memset(e, 0, sizeof(*e));
	r.arg = g;
	if ((fp = fopen(path, "r")) == NULL) {
		hb_error(e, "test: cannot open '%s': %s", path,
		    strerror(errno));
		return -2;
	}
	rc = hb_camt_read(fp, name, &r, e);
	fclose(fp);
	if (rc == 0)
		ok(g->pairing_ok && !g->in_stmt, "%s: begin, lines and end "
		    "in order", name);
	return rc;
}

static int
read_fixture(const char *file, struct got *g, struct hb_err *e)
{
	char path[2048];

	snprintf(path, sizeof(path), "%s/tests/data/camt/%s", top, file);
	return read_path(path, file, g, e);
}

static int
read_mem(const char *doc, size_t len, struct got *g, struct hb_err *e)
{
	struct hb_bankreader r = reader;
	FILE *fp;
	int rc;

	got_free(g);
	memset(e, 0, sizeof(*e));
	r.arg = g;
	if ((fp = fmemopen((void *)doc, len, "r")) == NULL) {
		hb_error(e, "test: fmemopen: %s", strerror(errno));
		return -2;
	}
	rc = hb_camt_read(fp, "mem.xml", &r, e);
	fclose(fp);
	return rc;
}

static const char *
day(int d)
{
	static char buf[4][HB_DATE_LEN];
	static int n;

	if (d < 0)
		return "none";
	n = (n + 1) % 4;
	hb_date_format(d, buf[n]);
	return buf[n];
}

/* one bank line, field by field */
static void
is_line(const struct got *g, int i, const char *booking, const char *value,
    int64_t cents, const char *iban, const char *name, const char *desc,
    const char *ref, const char *e2e, int reversal, const char *reason,
    long src_line)
{
	const struct line *l;

	if (!ok(i < g->nline, "line %d is there", i + 1))
		return;
	l = &g->l[i];
	is_str(day(l->booking_date), booking, "line %d booking date", i + 1);
	is_str(day(l->value_date), value, "line %d value date", i + 1);
	is_int(l->cents, cents, "line %d cents", i + 1);
	is_str(l->iban, iban, "line %d counterparty IBAN", i + 1);
	is_str(l->name, name, "line %d counterparty name", i + 1);
	is_str(l->desc, desc, "line %d description", i + 1);
	is_str(l->ref, ref, "line %d bank reference", i + 1);
	is_str(l->e2e, e2e, "line %d end-to-end id", i + 1);
	is_int(l->reversal, reversal, "line %d reversal", i + 1);
	is_str(l->reason, reason, "line %d return reason", i + 1);
	is_int(l->src_line, src_line, "line %d source line", i + 1);
}

static void
is_stmt(const struct got *g, int i, const char *format, const char *account,
    const char *id, int has_opening, int64_t opening, const char *odate,
    int has_closing, int64_t closing, const char *cdate, int nlines)
{
	const struct stmt *s;

	if (!ok(i < g->nstmt, "statement %d is there", i + 1))
		return;
	s = &g->st[i];
	is_str(s->format, format, "statement %d format", i + 1);
	is_str(s->account, account, "statement %d account", i + 1);
	is_str(s->id, id, "statement %d id", i + 1);
	is_int(s->has_opening, has_opening, "statement %d has opening",
	    i + 1);
	is_int(s->opening, opening, "statement %d opening", i + 1);
	is_str(day(s->opening_date), odate, "statement %d opening date",
	    i + 1);
	is_int(s->has_closing, has_closing, "statement %d has closing",
	    i + 1);
	is_int(s->closing, closing, "statement %d closing", i + 1);
	is_str(day(s->closing_date), cdate, "statement %d closing date",
	    i + 1);
	is_int(s->nlines, nlines, "statement %d has %d lines", i + 1, nlines);
	ok(s->ended, "statement %d ended", i + 1);
}

/* opening plus the lines makes the closing balance */
static int
reconciles(const struct stmt *s)
{
	int64_t want;

	return s->has_opening && s->has_closing &&
	    hb_add(s->opening, s->sum, &want) == 0 && want == s->closing;
}

static void
test_v02(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;

	if (is_int(read_fixture("v02.xml", &g, &e), 0, "v02.xml is read") == 0)
		diag("%s", e.msg);
	is_int(g.nstmt, 1, "v02: one statement");
	is_stmt(&g, 0, "camt.053.001.02", "NL91ABNA0417164300", "V02-2024-07",
	    1, 100000, "2024-07-01", 1, 160750, "2024-07-31", 4);
	is_int(g.st[0].src_line, 8, "v02: statement starts on line 8");
	ok(reconciles(&g.st[0]), "v02: reconciles");
	is_int(g.nline, 4, "v02: 4 lines");
	/* several Ustrd joined; line breaks gone, plain spaces kept */
	is_line(&g, 0, "2024-07-25", "2024-07-26", 125000, "NL20INGB0001234567",
	    "Werkgever B.V.", "Salaris juli 2024  periode 7", "REF-0201",
	    "E2E-SAL-07", 0, NULL, 37);
	/* DtTm booking date, no value date, NOTPROVIDED, CDATA */
	is_line(&g, 1, "2024-07-18", "none", -65000, "NL44RABO0123456789",
	    "Woonstede", "Huur & servicekosten juli", "REF-0202", NULL, 0,
	    NULL, 64);
	/* no transaction details: the additional entry info describes it */
	is_line(&g, 2, "2024-07-31", "2024-07-31", -1250, "", "",
	    "Kosten betaalrekening", "REF-0203", NULL, 0, NULL, 84);
	/* a counterparty IBAN that does not check out is left out */
	is_line(&g, 3, "2024-07-31", "2024-07-31", 2000, "", "Buurman",
	    "Terug voor de boodschappen", "REF-0204", NULL, 0, NULL, 94);
	got_free(&g);
}

static void
test_v04_v08(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;

	is_int(read_fixture("v04.xml", &g, &e), 0, "v04.xml is read");
	/* PRCD stands in for a missing OPBD; a debit balance is negative */
	is_stmt(&g, 0, "camt.053.001.04", "NL20INGB0001234567", "V04-0830",
	    1, -1525, "2024-08-29", 1, 39775, "2024-08-30", 1);
	ok(reconciles(&g.st[0]), "v04: reconciles");
	is_line(&g, 0, "2024-08-30", "2024-08-30", 41300, "NL86INGB0002445588",
	    "Belastingdienst/Toeslagen",
	    "Zorgtoeslag en huurtoeslag september 2024", "V04-REF-1",
	    "ZT-2024-09", 0, NULL, 27);

	is_int(read_fixture("v08.xml", &g, &e), 0, "v08.xml is read");
	is_stmt(&g, 0, "camt.053.001.08", "NL39RABO0300065264", "V08-1022",
	    1, -5000, "2024-10-22", 1, 122237, "2024-10-22", 2);
	ok(reconciles(&g.st[0]), "v08: reconciles");
	/* Sts/Cd, Dbtr/Pty/Nm, BookgDt/DtTm with a time zone */
	is_line(&g, 0, "2024-10-22", "2024-10-22", 141237, "NL04TRIO0212876554",
	    "UWV", "WW-uitkering oktober 2024", "V08-REF-1", "UWV-WW-202410",
	    0, NULL, 25);
	is_line(&g, 1, "2024-10-22", "none", -14000, "NL84ASNB0708412378",
	    "M. de Vries", "Leefgeld week 44", "V08-REF-2",
	    "HB000001-LEEF-20241028", 0, NULL, 46);
	is_int(g.nline, 2, "v08: the PDNG entry is skipped");
	got_free(&g);
}

static void
test_batch(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;

	is_int(read_fixture("batch.xml", &g, &e), 0, "batch.xml is read");
	is_int(g.nline, 5, "batch: 3 + 2 lines from 2 entries");
	ok(reconciles(&g.st[0]), "batch: reconciles");
	is_line(&g, 0, "2024-11-01", "2024-11-01", -10000, "NL84ASNB0708412378",
	    "M. de Vries", "Leefgeld HB-000001", "BATCH-1/1",
	    "HB000001-LEEF-20241104", 0, NULL, 20);
	is_line(&g, 1, "2024-11-01", "2024-11-01", -20000, "NL64SNSB0964158248",
	    "S. El Amrani", "Leefgeld HB-000002", "BATCH-1/2",
	    "HB000002-LEEF-20241104", 0, NULL, 20);
	is_line(&g, 2, "2024-11-01", "2024-11-01", -30000, "NL04TRIO0212876554",
	    "Fam. \xc3\x96zt\xc3\xbcrk", "Leefgeld HB-000003", "BATCH-1/3",
	    "HB000003-LEEF-20241104", 0, NULL, 20);
	/* no AcctSvcrRef on the entry: each transaction's own */
	is_line(&g, 3, "2024-11-01", "none", 1000, "", "A. Jansen",
	    "Verzamelde bijschrijvingen", "TX-A", NULL, 0, NULL, 65);
	is_line(&g, 4, "2024-11-01", "none", 2000, "", "B. Bakker",
	    "Verzamelde bijschrijvingen", "TX-B", NULL, 0, NULL, 65);
	got_free(&g);
}

static void
test_reversal_return(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;

	is_int(read_fixture("reversal-return.xml", &g, &e), 0,
	    "reversal-return.xml is read");
	ok(reconciles(&g.st[0]), "reversal-return: reconciles");
	is_int(g.nline, 3, "reversal-return: 3 lines");
	/* a credit: the debtor is the counterparty, reversal or not */
	is_line(&g, 0, "2024-12-02", "2024-11-29", 7500, "NL76KNAB0903997312",
	    "Energie Direct", "Storno incasso november", "RR-1",
	    "ENERGIE-2024-11", 1, NULL, 21);
	is_line(&g, 1, "2024-12-02", "2024-12-02", 66890, "NL44RABO0123456789",
	    "Stichting Thuisvast", "Huur december HB-000002", "RR-2",
	    "HB000002-RENT-202412", 0, "AC04", 46);
	/* Othr account: no IBAN; Prtry reason */
	is_line(&g, 2, "2024-12-02", "none", -1000, "", "Onbekende betaler", "",
	    "RR-3", NULL, 0, "MS03", 72);
	got_free(&g);
}

static void
test_small(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;

	is_int(read_fixture("structured.xml", &g, &e), 0,
	    "structured.xml is read");
	is_line(&g, 0, "2024-07-09", "none", -8745, "NL36INGB0007654321",
	    "Zorgverzekeraar", "1234567890123456", "STRD-REF-1", "E2E-ZORG-07",
	    0, NULL, 14);
	is_line(&g, 1, "2024-07-09", "none", 500, "", "",
	    "Rente tweede kwartaal", "STRD-REF-2", NULL, 0, NULL, 40);
	is_int(g.st[0].has_closing, 0, "structured: no closing balance");

	is_int(read_fixture("pending.xml", &g, &e), 0, "pending.xml is read");
	is_int(g.nline, 1, "pending: PDNG and INFO entries skipped");
	is_line(&g, 0, "2024-07-09", "none", 200, "", "", "Geboekt",
	    "PDNG-REF-2", NULL, 0, NULL, 22);

	is_int(read_fixture("empty.xml", &g, &e), 0, "empty.xml is read");
	is_int(g.nstmt, 1, "empty: begin and end all the same");
	is_stmt(&g, 0, "camt.053.001.02", "NL91ABNA0417164300", "EMPTY-1", 1,
	    4200, "2024-07-09", 1, 4200, "2024-07-09", 0);
	ok(reconciles(&g.st[0]), "empty: reconciles");

	is_int(read_fixture("two-stmts.xml", &g, &e), 0,
	    "two-stmts.xml is read");
	ok(g.pairing_ok, "two-stmts: begin/end pair up");
	is_int(g.nstmt, 2, "two-stmts: two statements");
	is_stmt(&g, 0, "camt.053.001.02", "NL91ABNA0417164300", "TWO-A", 1,
	    100, "2024-07-09", 0, 0, "none", 1);
	is_stmt(&g, 1, "camt.053.001.02", "NL20INGB0001234567", "TWO-B", 0,
	    0, "none", 1, -9900, "2024-07-09", 1);
	is_int(g.st[1].src_line, 23, "two-stmts: second starts on line 23");
	is_line(&g, 0, "2024-07-09", "none", -1, "", "", "", "TWO-A-1", NULL,
	    0, NULL, 14);
	is_line(&g, 1, "2024-07-09", "none", 12345678910LL, "", "", "",
	    "TWO-B-1", NULL, 0, NULL, 32);
	is_int(g.l[1].stmt, 1, "two-stmts: line 2 in statement 2");
	got_free(&g);
}

static const struct {
	const char *file, *msg, *also;
} errors[] = {
	{ "err-truncated.xml", "err-truncated.xml:27: malformed XML: ",
	    "truncated?" },
	{ "err-namespace.xml", "err-namespace.xml:2: not a CAMT.053 "
	    "statement: namespace "
	    "'urn:iso:std:iso:20022:tech:xsd:camt.052.001.02'", NULL },
	{ "err-doctype-xxe.xml", "err-doctype-xxe.xml: DOCTYPE not allowed",
	    NULL },
	{ "err-billion-laughs.xml", "err-billion-laughs.xml: DOCTYPE not "
	    "allowed", NULL },
	{ "err-missing-amt.xml", "err-missing-amt.xml:22: "
	    "Document/BkToCstmrStmt/Stmt/Ntry[2]: entry has no amount (Amt)",
	    NULL },
	{ "err-amount.xml", "err-amount.xml:23: "
	    "Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt: invalid amount '12,3x'",
	    NULL },
	{ "err-negative.xml", "err-negative.xml:23: "
	    "Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt: negative amount '-5.00'",
	    NULL },
	{ "err-batch-sum.xml", "err-batch-sum.xml:23: "
	    "Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt: the 3 transactions of "
	    "the batch add up to -60.01, the entry to -60.00", NULL },
	{ "err-iban.xml", "err-iban.xml:7: Document/BkToCstmrStmt/Stmt/Acct/"
	    "Id/IBAN: invalid IBAN 'NL91ABNA0417164301': check digits do not "
	    "match", NULL },
	{ "err-othr.xml", "err-othr.xml:7: Document/BkToCstmrStmt/Stmt/Acct/"
	    "Id/Othr: account has no IBAN", NULL },
	{ "err-usd.xml", "err-usd.xml:23: Document/BkToCstmrStmt/Stmt/Ntry[2]/"
	    "Amt: currency 'USD' is not supported: only EUR", NULL },
	{ "err-deep.xml", "err-deep.xml:29: Document/BkToCstmrStmt/Stmt/"
	    "Ntry[2]/NtryDtls/TxDtls/RmtInf/Ustrd/X/X/",
	    "elements nested deeper than 40 levels" },
};

static void
test_errors(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		is_int(read_fixture(errors[i].file, &g, &e), -1,
		    "%s is refused", errors[i].file);
		like(e.msg, errors[i].msg, "%s: message", errors[i].file);
		if (errors[i].also != NULL)
			like(e.msg, errors[i].also, "%s: says %s",
			    errors[i].file, errors[i].also);
	}

	/* an entity naming a local file is never read */
	read_fixture("err-doctype-xxe.xml", &g, &e);
	is_int(g.nstmt + g.nline, 0, "xxe: refused before any statement");
	ok(strstr(e.msg, "root:") == NULL, "xxe: no /etc/passwd in message");
	read_fixture("err-billion-laughs.xml", &g, &e);
	is_int(g.nstmt + g.nline, 0, "billion laughs: refused up front");
	got_free(&g);
}

static const char head[] =
    "<?xml version=\"1.0\"?>\n"
    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
    "<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n"
    "<Stmt><Id>S</Id>\n"
    "<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\n";
static const char tail[] = "</Stmt></BkToCstmrStmt></Document>\n";

/* head, then middle, then tail */
static int
read_doc(const char *middle, struct got *g, struct hb_err *e)
{
	char *doc;
	int rc;

	xasprintf(&doc, "%s%s%s", head, middle, tail);
	rc = read_mem(doc, strlen(doc), g, e);
	free(doc);
	return rc;
}

static const char ntry_ok[] =
    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
    "<Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt></Ntry>\n";

static void
test_inline(void)
{
	static const struct {
		const char *what, *middle, *msg;
	} bad[] = {
		{ "date before 1970",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Sts>BOOK</Sts><BookgDt><Dt>1969-12-31</Dt></BookgDt>"
		    "</Ntry>", "mem.xml:6: Document/BkToCstmrStmt/Stmt/Ntry[1]/"
		    "BookgDt/Dt: invalid date '1969-12-31'" },
		{ "no booking date",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Sts>BOOK</Sts></Ntry>", "mem.xml:6: Document/"
		    "BkToCstmrStmt/Stmt/Ntry[1]: entry has no booking date" },
		{ "zero amount",
		    "<Ntry><Amt Ccy=\"EUR\">0.00</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt>"
		    "</Ntry>", "Ntry[1]/Amt: amount is zero" },
		{ "three decimals",
		    "<Ntry><Amt Ccy=\"EUR\">1.005</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		    "</BookgDt></Ntry>", "more than two decimals" },
		{ "an amount near INT64_MAX",
		    "<Ntry><Amt Ccy=\"EUR\">92233720368547758.07</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>"
		    "2024-01-02</Dt></BookgDt></Ntry>", "mem.xml:6: Document/"
		    "BkToCstmrStmt/Stmt/Ntry[1]/Amt: amount "
		    "'92233720368547758.07' is larger than 999999999.99, the "
		    "most hb accepts" },
		{ "a milliard",
		    "<Ntry><Amt Ccy=\"EUR\">001000000000</Amt>"
		    "<CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>"
		    "2024-01-02</Dt></BookgDt></Ntry>", "Ntry[1]/Amt: amount "
		    "'001000000000' is larger than 999999999.99" },
		{ "a balance over the maximum",
		    "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
		    "<Amt Ccy=\"EUR\">1000000000.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Dt><Dt>2024-01-02</Dt></Dt></Bal>",
		    "mem.xml:6: Document/BkToCstmrStmt/Stmt/Bal[1]/Amt: amount "
		    "'1000000000.00' is larger than 999999999.99" },
		{ "thousands separator",
		    "<Ntry><Amt Ccy=\"EUR\">1,000.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		    "</BookgDt></Ntry>", "invalid amount '1,000.00'" },
		{ "no currency",
		    "<Ntry><Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt>"
		    "</Ntry>", "amount has no currency (Ccy)" },
		{ "bad direction",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRED"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		    "</BookgDt></Ntry>", "Ntry[1]/CdtDbtInd: invalid "
		    "credit/debit indicator 'CRED'" },
		{ "unknown status",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>DONE</Sts><BookgDt><Dt>2024-01-02</Dt>"
		    "</BookgDt></Ntry>", "Ntry[1]/Sts: unknown entry status "
		    "'DONE'" },
		{ "bad reversal indicator",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><RvslInd>yes</RvslInd><Sts>BOOK</Sts><BookgDt>"
		    "<Dt>2024-01-02</Dt></BookgDt></Ntry>",
		    "invalid reversal indicator 'yes'" },
		{ "batch transaction without amount",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt>"
		    "</BookgDt><NtryDtls><TxDtls/><TxDtls/></NtryDtls></Ntry>",
		    "Ntry[1]/NtryDtls/TxDtls[1]: transaction of a batch has "
		    "no amount" },
		{ "balance in another currency",
		    "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>"
		    "<Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Dt><Dt>2024-01-02</Dt></Dt></Bal>",
		    "mem.xml:6: Document/BkToCstmrStmt/Stmt/Bal[1]/Amt: "
		    "currency 'GBP' is not supported" },
		{ "two opening balances",
		    "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
		    "<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Dt><Dt>2024-01-02</Dt></Dt></Bal>\n"
		    "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>"
		    "<Amt Ccy=\"EUR\">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Dt><Dt>2024-01-02</Dt></Dt></Bal>",
		    "mem.xml:7: Document/BkToCstmrStmt/Stmt/Bal[2]: second "
		    "OPBD balance" },
		{ "balance after the entries",
		    "<Ntry><Amt Ccy=\"EUR\">1.00</Amt>"
		    "<CdtDbtInd>CRDT</CdtDbtInd>"
		    "<Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt>"
		    "</Ntry>\n<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry>"
		    "</Tp><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT"
		    "</CdtDbtInd><Dt><Dt>2024-01-02</Dt></Dt></Bal>",
		    "mem.xml:7: Document/BkToCstmrStmt/Stmt/Bal[1]: 'Bal' "
		    "after the entries" },
		{ "two accounts",
		    "<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>",
		    "mem.xml:6: Document/BkToCstmrStmt/Stmt/Acct: second "
		    "account" },
	};
	static const struct {
		const char *what, *doc, *msg;
	} docs[] = {
		{ "MT940 text", ":20:STARTUMS\n:25:NL91ABNA0417164300\n",
		    "mem.xml:1: malformed XML: " },
		{ "another root", "<html><body/></html>", "mem.xml:1: not a "
		    "CAMT.053 statement: root element 'html'" },
		{ "no namespace", "<Document><BkToCstmrStmt/></Document>",
		    "not a CAMT.053 statement: the Document has no namespace" },
		{ "pain.001", "<Document xmlns=\"urn:iso:std:iso:20022:tech:"
		    "xsd:pain.001.001.03\"><CstmrCdtTrfInitn/></Document>",
		    "not a CAMT.053 statement: namespace 'urn:iso:std:iso:"
		    "20022:tech:xsd:pain.001.001.03'" },
		{ "a long namespace, cut short in the message",
		    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053."
		    "001.02.0123456789012345678901234567890123456789\"/>",
		    "namespace 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
		    ".0123456789012...'; expected" },
		{ "no BkToCstmrStmt", "<Document xmlns=\"urn:iso:std:iso:20022:"
		    "tech:xsd:camt.053.001.02\"><Foo/></Document>",
		    "mem.xml:1: Document/Foo: not a CAMT.053 statement: "
		    "expected BkToCstmrStmt, found 'Foo'" },
		{ "account in dollars", "<Document xmlns=\"urn:iso:std:iso:"
		    "20022:tech:xsd:camt.053.001.04\"><BkToCstmrStmt><Stmt>"
		    "<Id>X</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id>"
		    "<Ccy>USD</Ccy></Acct></Stmt></BkToCstmrStmt></Document>",
		    "Stmt/Acct/Ccy: account currency 'USD' is not supported" },
		{ "no statement", "<Document xmlns=\"urn:iso:std:iso:20022:"
		    "tech:xsd:camt.053.001.08\"><BkToCstmrStmt><GrpHdr/>"
		    "</BkToCstmrStmt></Document>",
		    "mem.xml: no statement (Stmt) in the file" },
		{ "statement without account", "<Document xmlns=\"urn:iso:std:"
		    "iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>\n"
		    "<Stmt><Id>X</Id></Stmt></BkToCstmrStmt></Document>",
		    "mem.xml:2: Document/BkToCstmrStmt/Stmt: statement has no "
		    "account (Acct/Id/IBAN)" },
		{ "an undeclared entity", "<Document xmlns=\"urn:iso:std:iso:"
		    "20022:tech:xsd:camt.053.001.02\">&ent;</Document>",
		    "mem.xml:1: malformed XML: Entity 'ent' not defined" },
		{ "bad UTF-8", "<Document xmlns=\"urn:iso:std:iso:20022:tech:"
		    "xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>\xe9\xe9"
		    "</Id></Stmt></BkToCstmrStmt></Document>",
		    "mem.xml:1: malformed XML: Input is not proper UTF-8" },
		{ "extra content", "<Document xmlns=\"urn:iso:std:iso:20022:"
		    "tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>"
		    "<Document/>", "mem.xml:1: malformed XML: Extra content at "
		    "the end of the document" },
	};
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char *doc, *big, *p;
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is_int(read_doc(bad[i].middle, &g, &e), -1, "%s: refused",
		    bad[i].what);
		like(e.msg, bad[i].msg, "%s: message", bad[i].what);
	}
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		is_int(read_mem(docs[i].doc, strlen(docs[i].doc), &g, &e), -1,
		    "%s: refused", docs[i].what);
		like(e.msg, docs[i].msg, "%s: message", docs[i].what);
	}
	is_int(read_mem("", 0, &g, &e), -1, "empty input refused");
	is_str(e.msg, "mem.xml: empty file", "empty input: message");
	is_int(read_mem(head, strlen(head), &g, &e), -1,
	    "cut after the account: refused");
	like(e.msg, "truncated?", "cut after the account: says so");

	/* trailing zeros past the cents are exact */
	is_int(read_doc("<Ntry><Amt Ccy=\"EUR\">12.34000</Amt><CdtDbtInd>DBIT"
	    "</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>"
	    "2024-01-02T23:59:59.999+01:00</DtTm></BookgDt></Ntry>", &g, &e),
	    0, "12.34000 read");
	ok(g.nline == 1 && g.l[0].cents == -1234, "12.34000 is 12.34");
	got_free(&g);

	/* the largest amount there is, with leading zeros */
	is_int(read_doc("<Ntry><Amt Ccy=\"EUR\">000999999999.99</Amt>"
	    "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>"
	    "2024-01-02</Dt></BookgDt></Ntry>", &g, &e), 0,
	    "999999999.99 read");
	ok(g.nline == 1 && g.l[0].cents == HB_AMOUNT_MAX,
	    "999999999.99 is the maximum");

	/* the caller stops the reader: its own message, nothing after */
	xasprintf(&doc, "%s%s%s%s", head, ntry_ok, ntry_ok, tail);
	got_free(&g);
	g.stop_at = 2;
	{
		struct hb_bankreader r = reader;
		FILE *fp = fmemopen(doc, strlen(doc), "r");

		r.arg = &g;
		is_int(hb_camt_read(fp, "mem.xml", &r, &e), -1,
		    "a failing callback stops the reader");
		is_str(e.msg, "test: the caller says stop",
		    "the callback's message is kept");
		is_int(g.nline, 1, "no line after the failing one");
		ok(!g.st[0].ended, "no end after a failure");
		fclose(fp);
	}
	g.in_stmt = 0;

	/* NULL callbacks are allowed */
	{
		struct hb_bankreader none = { NULL, NULL, NULL, NULL };
		FILE *fp = fmemopen(doc, strlen(doc), "r");

		is_int(hb_camt_read(fp, "mem.xml", &none, &e), 0,
		    "no callbacks: read");
		fclose(fp);
		fp = fmemopen(doc, strlen(doc), "r");
		is_int(hb_camt_read(fp, "mem.xml", NULL, &e), 0,
		    "no reader at all: read");
		fclose(fp);
	}
	free(doc);

	/* a text node past 64 KiB */
	n = 70 * 1024;
	big = xmalloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	xasprintf(&doc, "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT"
	    "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt>"
	    "<AddtlNtryInf>%s</AddtlNtryInf></Ntry>", big);
	is_int(read_doc(doc, &g, &e), -1, "70 KiB text refused");
	like(e.msg, "Ntry[1]/AddtlNtryInf: text longer than 65536 bytes",
	    "70 KiB text: message");
	free(doc);
	xasprintf(&doc, "<AddtlStmtInf>%s</AddtlStmtInf>", big);
	is_int(read_doc(doc, &g, &e), -1, "70 KiB text in the header refused");
	like(e.msg, "Stmt/AddtlStmtInf: text longer than 65536 bytes",
	    "70 KiB header text: message");
	free(doc);
	free(big);

	/* nesting outside any entry is bounded too */
	n = 45;
	big = xmalloc(n * 8 + 1);
	for (p = big, i = 0; i < n; i++, p += 3)
		memcpy(p, "<X>", 3);
	for (i = 0; i < n; i++, p += 4)
		memcpy(p, "</X>", 4);
	*p = '\0';
	xasprintf(&doc, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
	    "camt.053.001.02\"><BkToCstmrStmt><GrpHdr>%s</GrpHdr>"
	    "</BkToCstmrStmt></Document>", big);
	is_int(read_mem(doc, strlen(doc), &g, &e), -1, "deep header refused");
	like(e.msg, "elements nested deeper than 40 levels",
	    "deep header: message");
	free(doc);
	free(big);

	/* one entry larger than 16 MiB: the reader will not hold it */
	n = 17 * 1024 * 1024;
	big = xmalloc(n + 1);
	for (i = 0; i + 13 <= n; i += 13)
		memcpy(big + i, "<U>aaaaaa</U>", 13);
	big[i] = '\0';
	xasprintf(&doc, "%s<Ntry><Amt Ccy=\"EUR\">1.00</Amt><NtryDtls>%s"
	    "</NtryDtls></Ntry>%s", head, big, tail);
	free(big);
	is_int(read_mem(doc, strlen(doc), &g, &e), -1, "17 MiB entry refused");
	like(e.msg, "mem.xml:6: Document/BkToCstmrStmt/Stmt/Ntry[1]: element "
	    "larger than 16777216 bytes", "17 MiB entry: message");
	free(doc);
	got_free(&g);
}

static void
tmp_path(char *buf, size_t sz, const char *what)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, sz, "%s/t-camt-%s.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp", what);
}

/* libxml2 must not write to stderr, nor keep our handler afterwards */
static void
test_quiet(void)
{
	static const char *const files[] = {
		"err-truncated.xml", "err-doctype-xxe.xml",
		"err-billion-laughs.xml", "err-deep.xml",
	};
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char path[1024];
	int fd, saved;
	size_t i;
	off_t size;

	tmp_path(path, sizeof(path), "stderr");
	if ((fd = mkstemp(path)) == -1) {
		ok(0, "mkstemp: %s", strerror(errno));
		return;
	}
	unlink(path);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		read_fixture(files[i], &g, &e);
	read_mem("<a>\xff\xfe</a", 8, &g, &e);
	read_mem("<?xml version=\"1.0\" encoding=\"nope\"?><a/>", 41, &g, &e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	is_int(size, 0, "nothing written to stderr");
	ok(xmlStructuredError == NULL, "libxml2's structured handler restored");
	got_free(&g);
}

/* a file larger than HB_BANKFILE_MAX, sparse, is refused unread */
static void
test_too_large(void)
{
	struct hb_bankreader r = reader;
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char path[1024];
	FILE *fp;
	int fd;

	r.arg = &g;
	tmp_path(path, sizeof(path), "big");
	if ((fd = mkstemp(path)) == -1 ||
	    ftruncate(fd, HB_BANKFILE_MAX + 1) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
		ok(0, "sparse file: %s", strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(path);
		}
		return;
	}
	unlink(path);
	is_int(hb_camt_read(fp, "big.xml", &r, &e), -1, "too large refused");
	is_str(e.msg, "big.xml: file too large: 536870913 bytes, at most "
	    "536870912", "too large: message");
	is_int(ftello(fp), 0, "too large: not read");
	fclose(fp);
}

/* a pipe cannot seek: the reader counts as it goes */
static void
test_pipe(void)
{
	struct hb_bankreader r = reader;
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char cmd[2048];
	FILE *fp;

	r.arg = &g;
	snprintf(cmd, sizeof(cmd), "cat '%s/tests/data/camt/batch.xml'", top);
	if ((fp = popen(cmd, "r")) == NULL) {
		ok(0, "popen: %s", strerror(errno));
		return;
	}
	is_int(hb_camt_read(fp, "pipe", &r, &e), 0, "read from a pipe");
	is_int(g.nline, 5, "pipe: 5 lines");
	pclose(fp);
	got_free(&g);
}

static void
skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_run, why);
}

static void
test_samples(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char dir[1200], path[1400];
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/../shared/samples/camt053", top);
	if ((d = opendir(dir)) == NULL) {
		skip("no shared/samples/camt053");
		return;
	}
	closedir(d);
#define SAMPLE(f) (snprintf(path, sizeof(path), "%s/%s", dir, f), path)

	is_int(read_path(SAMPLE("hhb-Basic_bank_transaction_CAMT.053_v1.xml"),
	    "basic", &g, &e), 0, "hhb basic: read");
	is_stmt(&g, 0, "camt.053.001.02", "NL36ABNA5632579034", "8687396", 1,
	    0, "none", 0, 0, "none", 1);
	is_line(&g, 0, "2023-10-27", "2023-10-27", 125126, "NL76BNGH0285178598",
	    "GEM UTRECHT WENI", "Normale bijschrijving", "23300A92031011",
	    "000000013289682", 0, NULL, 61);

	is_int(read_path(SAMPLE("hhb-Duplicate_bank_transaction_1_CAMT.053_"
	    "v1.xml"), "dup1", &g, &e), 0, "hhb duplicate 1: read");
	/* the TxAmt (234.56) is not the entry's: one TxDtls, Ntry/Amt counts */
	is_line(&g, 0, "2024-04-03", "2024-04-03", -12345, "NL71ABNA0411065785",
	    "Gemeente Utrecht", "Willekeurige betaling", "232070C7H4CYV5",
	    "123456789", 0, NULL, 61);
	is_int(read_path(SAMPLE("hhb-Duplicate_bank_transaction_2_CAMT.053_"
	    "v1.xml"), "dup2", &g, &e), 0, "hhb duplicate 2: read");
	ok(g.nline == 1 && strcmp(g.l[0].ref, "232070C7H4CYV5") == 0 &&
	    g.l[0].cents == -12345, "hhb duplicate 2: the same AcctSvcrRef");

	is_int(read_path(SAMPLE("hhb-Empty_customer_statement_message_CAMT."
	    "053_v2.xml"), "empty", &g, &e), 0, "hhb empty: read");
	is_stmt(&g, 0, "camt.053.001.02", "NL36ABNA5632579034", "3339927", 1,
	    0, "none", 0, 0, "none", 0);

	is_int(read_path(SAMPLE("hhb-Negative_amount_CAMT.053_v1.xml"),
	    "negative", &g, &e), -1, "hhb negative amount: refused");
	like(e.msg, "negative:62: Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt: "
	    "negative amount '-1251.26'", "hhb negative amount: message");
	is_int(g.nline, 0, "hhb negative amount: no line");

	is_int(read_path(SAMPLE("hhb-Unknown_iban_CAMT.053_v1.xml"), "unknown",
	    &g, &e), 0, "hhb unknown IBAN: read (the caller decides)");
	is_str(g.st[0].account, "NL36ABNA5632579034", "hhb unknown: account");
	is_line(&g, 0, "2024-02-09", "2024-02-09", -12345, "NL76KNAB0903997312",
	    "Acme Company", "Willekeurige betaling", "232070C7H4CYV5",
	    "123456789", 0, NULL, 61);

	is_int(read_path(SAMPLE("hhb-Wrong_format_CAMT.053_v1.xml"), "wrong",
	    &g, &e), -1, "hhb wrong format: refused");
	like(e.msg, "wrong:2: unsupported CAMT.053 version: namespace "
	    "'urn:iso:std:iso:20022:tech:xsd:camt.053.001.01'",
	    "hhb wrong format: message");

	is_int(read_path(SAMPLE("genkgo-camt053.v2.multi.statement.xml"),
	    "multi", &g, &e), 0, "genkgo multi: read");
	is_int(g.nstmt, 2, "genkgo multi: 2 statements");
	ok(reconciles(&g.st[0]) && reconciles(&g.st[1]),
	    "genkgo multi: both reconcile");
	/* a credit whose TxDtls only names the creditor: no counterparty */
	is_line(&g, 0, "2014-12-31", "2015-01-02", 885, "", "",
	    "Transaction Description 1", NULL, "000000001", 0, NULL, 66);
	is_line(&g, 1, "2014-12-31", "2015-01-02", -700, "NL56AGDH9619008421",
	    "Company Name 2", "Transaction Description 2", NULL, "000000002",
	    0, NULL, 145);

	/* its closing balance is in SEK: not a euro statement */
	is_int(read_path(SAMPLE("genkgo-camt053.v2.minimal.xml"), "minimal",
	    &g, &e), -1, "genkgo minimal: refused");
	like(e.msg, "minimal:60: Document/BkToCstmrStmt/Stmt/Bal[2]/Amt: "
	    "currency 'SEK' is not supported", "genkgo minimal: message");
#undef SAMPLE
	got_free(&g);
}

static void
test_examples(void)
{
	struct got g = { .pairing_ok = 1 };
	struct hb_err e;
	char pat[1200];
	glob_t gl;
	size_t i;
	int j, batch;
	const char *base;

	snprintf(pat, sizeof(pat), "%s/share/hb/examples/camt053-*.xml", top);
	if (glob(pat, 0, NULL, &gl) != 0) {
		ok(0, "examples found in %s", pat);
		return;
	}
	is_int((long long)gl.gl_pathc, 6, "six example statements");
	for (i = 0; i < gl.gl_pathc; i++) {
		base = strrchr(gl.gl_pathv[i], '/') + 1;
		is_int(read_path(gl.gl_pathv[i], base, &g, &e), 0, "%s: read",
		    base);
		ok(g.nstmt == 1 && reconciles(&g.st[0]),
		    "%s: opening + lines = closing", base);
		if (strcmp(base, "camt053-NL64BNGH0285126628-2026-10.xml") != 0)
			continue;
		for (j = 0, batch = 0; j < g.nline; j++)
			if (g.l[j].ref != NULL && strncmp(g.l[j].ref,
			    "6628202610090004", 16) == 0)
				batch++;
		is_int(batch, 2, "%s: the batch entry gives 2 lines", base);
		is_int(g.nline, 26, "%s: 25 entries, 26 lines", base);
		for (j = 0; j < g.nline; j++)
			if (g.l[j].ref != NULL && strcmp(g.l[j].ref,
			    "6628202610090004/2") == 0) {
				is_int(g.l[j].cents, -19000, "batch line 2: "
				    "190.00 out");
				is_str(g.l[j].iban, "NL64SNSB0964158248",
				    "batch line 2: to HB-000002's account");
				is_str(g.l[j].e2e, "HB000002-LEEF-20261012",
				    "batch line 2: its own EndToEndId");
			}
	}
	globfree(&gl);
	got_free(&g);
}

int
main(void)
{
	const char *s = getenv("top_srcdir");

	snprintf(top, sizeof(top), "%s", s != NULL ? s : ".");
	test_v02();
	test_v04_v08();
	test_batch();
	test_reversal_return();
	test_small();
	test_errors();
	test_inline();
	test_quiet();
	test_too_large();
	test_pipe();
	test_samples();
	test_examples();
	return done_testing();
}
