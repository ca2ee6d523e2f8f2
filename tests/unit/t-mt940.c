/* t-mt940.c - MT940 statements: ING, ABN AMRO, BNG, errors, real samples */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"
#include "tap.h"

#define MAXSTMT 8
#define MAXLINE 64

struct got_line {
	int		 stmt;
	int		 booking, value;
	int64_t		 cents;
	char		 iban[HB_IBAN_LEN];
	char		*name, *descr, *ref, *e2e, *rtrn;
	int		 reversal;
	long		 src_line;
};

struct got_stmt {
	char		 account[HB_IBAN_LEN];
	char		*id, *format;
	int		 has_opening, has_closing;
	int64_t		 opening, closing, sum;
	int		 opening_date, closing_date;
	long		 src_line;
	int		 nlines, ended;
};

struct got {
	struct got_stmt	 s[MAXSTMT];
	int		 ns;
	struct got_line	 l[MAXLINE];
	int		 nl;
	long		 nlines_total;	/* also past MAXLINE */
	int		 disorder;	/* a callback out of turn */
	int		 refuse;	/* begin() says no */
};

static char *
dupnull(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
on_begin(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct got *g = arg;
	struct got_stmt *s;

	if (g->refuse)
		return hb_error(e, "refused by the caller");
	if (g->ns > 0 && !g->s[(g->ns - 1) % MAXSTMT].ended)
		g->disorder = 1;
	s = &g->s[g->ns++ % MAXSTMT];
	free(s->id);
	free(s->format);
	memset(s, 0, sizeof(*s));
	memcpy(s->account, st->account, sizeof(s->account));
	s->id = dupnull(st->stmt_id);
	s->format = dupnull(st->format);
	s->has_opening = st->has_opening;
	s->opening = st->opening;
	s->opening_date = st->opening_date;
	s->src_line = st->src_line;
	if (st->has_closing)
		g->disorder = 1;
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *st, const struct hb_bankline *bl,
    struct hb_err *e)
{
	struct got *g = arg;
	struct got_stmt *s;
	struct got_line *l;

	if (g->ns == 0 || g->s[(g->ns - 1) % MAXSTMT].ended) {
		g->disorder = 1;
		return 0;
	}
	s = &g->s[(g->ns - 1) % MAXSTMT];
	s->nlines++;
	s->sum += bl->cents;
	g->nlines_total++;
	if (g->nl == MAXLINE)
		return 0;
	l = &g->l[g->nl++];
	l->stmt = g->ns - 1;
	l->booking = bl->booking_date;
	l->value = bl->value_date;
	l->cents = bl->cents;
	memcpy(l->iban, bl->counter_iban, sizeof(l->iban));
	l->name = dupnull(bl->counter_name);
	l->descr = dupnull(bl->description);
	l->ref = dupnull(bl->bank_ref);
	l->e2e = dupnull(bl->end_to_end);
	l->rtrn = dupnull(bl->return_reason);
	l->reversal = bl->reversal;
	l->src_line = bl->src_line;
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct got *g = arg;
	struct got_stmt *s;

	if (g->ns == 0 || g->s[(g->ns - 1) % MAXSTMT].ended) {
		g->disorder = 1;
		return 0;
	}
	s = &g->s[(g->ns - 1) % MAXSTMT];
	s->ended = 1;
	s->has_closing = st->has_closing;
	s->closing = st->closing;
	s->closing_date = st->closing_date;
	return 0;
}

static void
got_free(struct got *g)
{
	int i;

	for (i = 0; i < MAXSTMT; i++) {
		free(g->s[i].id);
		free(g->s[i].format);
	}
	for (i = 0; i < g->nl; i++) {
		free(g->l[i].name);
		free(g->l[i].descr);
		free(g->l[i].ref);
		free(g->l[i].e2e);
		free(g->l[i].rtrn);
	}
	memset(g, 0, sizeof(*g));
}

static int
read_fp(FILE *fp, const char *name, struct got *g, struct hb_err *e)
{
	struct hb_bankreader r = { g, on_begin, on_line, on_end };

	e->msg[0] = '\0';
	return hb_mt940_read(fp, name, &r, e);
}

static char fixture_dir[1024], sample_dir[1024];

static const char *
fixture(const char *name)
{
	static char path[2048];

	snprintf(path, sizeof(path), "%s/%s", fixture_dir, name);
	return path;
}

static int
read_path(const char *path, struct got *g, struct hb_err *e)
{
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(e->msg, sizeof(e->msg), "cannot open %s", path);
		return -2;
	}
	rc = read_fp(fp, path, g, e);
	fclose(fp);
	return rc;
}

static int
read_mem(const char *text, size_t len, struct got *g, struct hb_err *e)
{
	FILE *fp;
	int rc;

	if ((fp = fmemopen((void *)text, len, "r")) == NULL)
		return -2;
	rc = read_fp(fp, "inline", g, e);
	fclose(fp);
	return rc;
}

static int
read_str(const char *text, struct got *g, struct hb_err *e)
{
	return read_mem(text, strlen(text), g, e);
}

/* the reader's message, when a check that expected success failed */
static void
note(const struct hb_err *e)
{
	if (e->msg[0] != '\0')
		diag("%s", e->msg);
}

static int
day(int y, int m, int d)
{
	return hb_date_make(y, m, d);
}

/* every statement: opening plus its lines is its closing */
static int
balances_add_up(const struct got *g)
{
	int i;

	for (i = 0; i < g->ns && i < MAXSTMT; i++)
		if (!g->s[i].ended || !g->s[i].has_opening ||
		    !g->s[i].has_closing ||
		    g->s[i].opening + g->s[i].sum != g->s[i].closing)
			return 0;
	return g->ns > 0;
}

static void
check_line(const struct got *g, int i, int booking, int value, int64_t cents,
    const char *iban, const char *name, const char *descr, const char *ref,
    const char *e2e, int reversal, const char *rtrn, long src_line)
{
	const struct got_line *l;

	if (!ok(i < g->nl, "line %d was read", i)) {
		diag("only %d lines", g->nl);
		return;
	}
	l = &g->l[i];
	is_int(l->booking, booking, "line %d booking date", i);
	is_int(l->value, value, "line %d value date", i);
	is_int(l->cents, cents, "line %d cents", i);
	is_str(l->iban, iban, "line %d counter IBAN", i);
	is_str(l->name, name, "line %d counter name", i);
	is_str(l->descr, descr, "line %d description", i);
	is_str(l->ref, ref, "line %d bank reference", i);
	is_str(l->e2e, e2e, "line %d end-to-end id", i);
	is_int(l->reversal, reversal, "line %d reversal", i);
	is_str(l->rtrn, rtrn, "line %d return reason", i);
	is_int(l->src_line, src_line, "line %d source line", i);
}

static void
t_ing(void)
{
	struct got g = { 0 };
	struct hb_err e;
	const struct got_stmt *s = &g.s[0];

	is_int(read_path(fixture("ing.sta"), &g, &e), 0, "ing.sta reads");
	note(&e);
	is_int(g.ns, 1, "ing.sta: one statement");
	is_str(s->format, "mt940", "ing.sta: format");
	is_str(s->account, "NL20INGB0001234567", "ing.sta: the currency "
	    "after the IBAN is dropped");
	is_str(s->id, "P260303000000001/00042", "ing.sta: :20:/:28C:");
	is_int(s->src_line, 2, "ing.sta: statement starts at :20:, after "
	    "the SWIFT blocks");
	is_int(s->opening, 125000, "ing.sta: opening balance");
	is_int(s->opening_date, day(2026, 2, 27), "ing.sta: opening date");
	is_int(s->closing, 198800, "ing.sta: closing balance");
	is_int(s->closing_date, day(2026, 3, 4), "ing.sta: closing date");
	is_int(s->nlines, 7, "ing.sta: 7 lines, the statement's :86: not one");
	ok(balances_add_up(&g), "ing.sta: opening + lines = closing");
	ok(!g.disorder, "ing.sta: begin, lines, end in turn");
	check_line(&g, 0, day(2026, 3, 2), day(2026, 3, 2), 150000,
	    "NL91ABNA0417164300", "UWV", "Uitkering Participatiewet maart 2026",
	    "00000000002001", "UWV-2026-03-0001", 0, NULL, 6);
	/* STRD: the structured reference is the description */
	check_line(&g, 1, day(2026, 3, 2), day(2026, 3, 1), -72550,
	    "NL63RABO0313131314", "Woonstichting De Veste", "1234567890123456",
	    "00000000002002", "HUUR-2026-03-0042", 0, NULL, 10);
	/* RD: a debit reversed gives the money back */
	check_line(&g, 2, day(2026, 3, 3), day(2026, 3, 3), 4599,
	    "NL36INGB0007654321", "Vattenfall Klantenservice N.V.",
	    "Terugboeking incasso termijn maart", "00000000002003", "VF-77123",
	    1, "MD06", 15);
	/* RC: a credit reversed takes it away; NOTPROVIDED is no id */
	check_line(&g, 3, day(2026, 3, 3), day(2026, 3, 3), -2000,
	    "NL24TRIO0197543210", "J. de Vries", "Retour: rekening opgeheven",
	    "00000000002004", NULL, 1, "AC04", 20);
	/* DR12,5: funds code R, one decimal */
	check_line(&g, 4, day(2026, 3, 4), day(2026, 3, 4), -1250,
	    "NL66ASNB0707070707", "Gemeente Utrecht",
	    "Gemeentelijke belastingen termijn 3", "00000000002005",
	    "GEM-2026-0007", 0, NULL, 24);
	/* "50," is 50.00 */
	check_line(&g, 5, day(2026, 3, 4), day(2026, 3, 4), -5000, "", "",
	    "TOTAAL 2 POSTEN", "00000000002006", NULL, 0, NULL, 29);
	/* no :86: at all, NONREF */
	check_line(&g, 6, day(2026, 3, 4), day(2026, 3, 4), 1, "", "", "",
	    NULL, NULL, 0, NULL, 32);
	got_free(&g);
}

static void
t_two_statements(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("two-statements.sta"), &g, &e), 0,
	    "two-statements.sta reads (BOM, two messages)");
	note(&e);
	is_int(g.ns, 2, "two-statements.sta: two statements");
	is_str(g.s[0].id, "P251231000000001/00012", "first statement id");
	is_str(g.s[1].id, "P260102000000001/00013", "second statement id");
	is_int(g.s[0].nlines, 1, "first statement: one line");
	is_int(g.s[1].nlines, 1, "second statement: one line");
	is_int(g.s[1].src_line, 12, "second statement starts on line 12");
	ok(balances_add_up(&g), "two-statements.sta: balances add up");
	ok(!g.disorder, "two-statements.sta: callbacks in turn");
	/* entry date 0102 after value date 2025-12-31: next year */
	check_line(&g, 0, day(2026, 1, 2), day(2025, 12, 31), -1000,
	    "NL20INGB0001234567", "Budgetbeheer Gemeente", "Leefgeld week 1",
	    "00000000003001", "A1", 0, NULL, 6);
	/* entry date 1231 before value date 2026-01-01; "1000," */
	check_line(&g, 1, day(2025, 12, 31), day(2026, 1, 1), 100000,
	    "NL91ABNA0417164300", "UWV", "Uitkering januari",
	    "00000000003002", "B2", 0, NULL, 16);
	got_free(&g);
}

static void
t_abn_tagged(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("abn-tagged.sta"), &g, &e), 0,
	    "abn-tagged.sta reads");
	note(&e);
	is_int(g.ns, 2, "abn-tagged.sta: two statements");
	is_str(g.s[0].account, "NL02ABNA0123456789", "abn-tagged.sta: IBAN");
	is_str(g.s[0].id, "ABN AMRO BANK NV/00301/1", "statement id from :28:");
	is_str(g.s[1].id, "ABN AMRO BANK NV/00302/1",
	    "statement id from :28C:");
	is_int(g.s[1].opening, 136520, ":60M: is an opening balance");
	is_int(g.s[1].closing, 96520, ":62M: is a closing balance");
	ok(balances_add_up(&g), "abn-tagged.sta: balances add up");
	/* the :86: was cut mid-word at 65 characters */
	check_line(&g, 0, day(2026, 3, 2), day(2026, 3, 2), -8995,
	    "NL63RABO0313131314", "Eneco Consumenten B.V.",
	    "Termijnbedrag energie maart", NULL, "ENE-2026-03-99", 0, NULL, 8);
	/* a '/' inside the remittance is no key */
	check_line(&g, 1, day(2026, 3, 3), day(2026, 3, 3), 125000,
	    "NL91ABNA0417164300", "Sociale Dienst Drechtsteden",
	    "Uitkering 03/2026 dossier 4711", NULL, NULL, 0, NULL, 13);
	/* a card payment in free text: all of it, gaps made one space */
	check_line(&g, 2, day(2026, 3, 3), day(2026, 3, 3), -3500, "", "",
	    "BEA NR:XYZ123 03.03.26/14.12 ALBERT HEIJN 1234 DORDRECHT,PAS123",
	    NULL, NULL, 0, NULL, 17);
	check_line(&g, 3, day(2026, 3, 4), day(2026, 3, 4), -40000,
	    "NL24TRIO0197543210", "Stichting Schuldhulp",
	    "Aflossing regeling 2026-17", NULL, "SH-17-03", 0, NULL, 28);
	got_free(&g);
}

static void
t_abn_old(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("abn-old-crlf.sta"), &g, &e), 0,
	    "abn-old-crlf.sta reads (CRLF)");
	note(&e);
	is_int(g.ns, 1, "abn-old-crlf.sta: one statement");
	is_int(g.s[0].nlines, 3, "abn-old-crlf.sta: three lines");
	ok(balances_add_up(&g), "abn-old-crlf.sta: balances add up");
	/* "9," is 9.00; three lines of free text joined with spaces */
	check_line(&g, 0, day(2011, 5, 24), day(2011, 5, 24), -900, "", "",
	    "GIRO 123456 WATERBEDRIJF BETALINGSKENM. 000000012345678 "
	    "9012345678 BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW",
	    NULL, NULL, 0, NULL, 8);
	/* "11,8" is 11.80; entry date a day after the value date */
	check_line(&g, 1, day(2011, 5, 23), day(2011, 5, 22), -1180, "", "",
	    "BEA NR:XXX1234 22.05.11/14.25 SNACKBAR DE HOEK LEIDEN,PAS999",
	    NULL, NULL, 0, NULL, 12);
	if (ok(g.nl > 2, "abn-old-crlf.sta: third line"))
		is_int(g.l[2].cents, -10700, "\"107,\" is 107.00");
	got_free(&g);
}

static void
t_bng(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("bng.sta"), &g, &e), 0, "bng.sta reads");
	note(&e);
	is_str(g.s[0].account, "NL23BNGH0285126881", "bng.sta: account");
	is_str(g.s[0].id, "20260301/12/1", "bng.sta: statement id");
	is_int(g.s[0].nlines, 4, "bng.sta: four lines, one glued to a :86:");
	ok(balances_add_up(&g), "bng.sta: balances add up");
	/* no entry date: booked on the value date; the IBAN column, a BIC,
	 * and the name up to the next gap */
	check_line(&g, 0, day(2026, 3, 2), day(2026, 3, 2), -120000,
	    "NL63RABO0313131314", "Woonbron",
	    "NL63RABO0313131314 RABONL2U Woonbron Rotterdam Huur maart 2026 "
	    "contract 88", NULL, NULL, 0, NULL, 8);
	/* an old account number is no IBAN: no counterparty */
	check_line(&g, 1, day(2026, 3, 2), day(2026, 3, 2), -8540, "", "",
	    "0266474500 Bakkerij Jansen Den Haag Bestelling 12", NULL, NULL,
	    0, NULL, 10);
	check_line(&g, 2, day(2026, 3, 2), day(2026, 3, 2), 145000,
	    "NL91ABNA0417164300", "UWV",
	    "NL91ABNA0417164300 ABNANL2A UWV Amsterdam Uitkering maart",
	    NULL, NULL, 0, NULL, 12);
	check_line(&g, 3, day(2026, 3, 2), day(2026, 3, 2), -1000, "", "",
	    "EB BATCH: 20260302 POSTEN: 000001", NULL, NULL, 0, NULL, 13);
	got_free(&g);
}

static void
t_cp1252(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("cp1252.sta"), &g, &e), 0,
	    "cp1252.sta reads");
	note(&e);
	is_str(g.s[0].account, "NL20INGB0001234567",
	    "cp1252.sta: IBAN without currency");
	ok(balances_add_up(&g), "cp1252.sta: balances add up");
	check_line(&g, 0, day(2026, 3, 5), day(2026, 3, 5), -1250,
	    "NL36INGB0007654321", "Caf\xc3\xa9 De Zwaan",
	    "Lunch \xe2\x82\xac 12,50 na\xc3\xaf" "ef", "00000000004001",
	    "CAFE-1", 0, NULL, 5);
	/* a tab becomes a space */
	check_line(&g, 1, day(2026, 3, 5), day(2026, 3, 5), 750,
	    "NL36INGB0007654321", "Caf\xc3\xa9 De Zwaan", "Retour statiegeld",
	    "00000000004002", "CAFE-2", 0, NULL, 7);
	got_free(&g);
}

static void
t_ing_ibp(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("ing-ibp.sta"), &g, &e), 0,
	    "ing-ibp.sta reads (-XXX trailer)");
	note(&e);
	is_str(g.s[0].account, "NL36INGB0007654321",
	    "ing-ibp.sta: BIC before the IBAN");
	is_str(g.s[0].id, "ING/1", "ing-ibp.sta: statement id");
	ok(balances_add_up(&g), "ing-ibp.sta: balances add up");
	/* a full 65-character line was cut mid-word: no space added */
	check_line(&g, 0, day(2026, 3, 2), day(2026, 3, 2), 2500,
	    "NL91ABNA0417164300", "Stichting Voedselbank Oost",
	    "NL91ABNA0417164300 ABNANL2A Stichting Voedselbank Oost "
	    "Maandbijdrage maart 2026 kenmerk VB-2026-0003-ABCDEFGHIJKLMNOP",
	    "00000000005001", NULL, 0, NULL, 8);
	/* a short line was not cut: a space between */
	check_line(&g, 1, day(2026, 3, 2), day(2026, 3, 2), -500, "", "",
	    "Contante opname automaat Centrum", NULL, NULL, 0, NULL, 11);
	got_free(&g);
}

#define HEAD ":20:X\n:25:NL20INGB0001234567\n:60F:C260301EUR10,00\n"
#define HEAD_TRIO ":20:T\n:25:TRIONL2U/197543210\n:60F:C260301EUR10,00\n"

static void
t_rabobank(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("rabobank.sta"), &g, &e), 0,
	    "rabobank.sta reads");
	note(&e);
	is_str(g.s[0].account, "NL44RABO0123456789", "rabobank.sta: IBAN, "
	    "a space, EUR");
	is_str(g.s[0].id, "940S260302/00060", "rabobank.sta: statement id");
	is_int(g.s[0].nlines, 4, "rabobank.sta: four lines");
	is_int(g.s[0].opening, 150000, "rabobank.sta: 15 digits with "
	    "leading zeros");
	ok(balances_add_up(&g), "rabobank.sta: opening + lines = closing");
	/* the counterparty's IBAN on the :61:'s second line, N541 */
	check_line(&g, 0, day(2026, 3, 2), day(2026, 3, 2), 125000,
	    "NL91ABNA0417164300", "UWV",
	    "Uitkering Participatiewet maart 2026", NULL, "UWV-2026-03-0001",
	    0, NULL, 6);
	/* two :86: for one :61:, joined */
	check_line(&g, 1, day(2026, 3, 2), day(2026, 3, 2), -72550,
	    "NL63RABO0313131314", "Woonstichting De Veste",
	    "Huur maart 2026 contract 42", NULL, "HUUR-2026-03-0042", 0, NULL,
	    10);
	/* before 2014: an account number and a name, free text :86: */
	check_line(&g, 2, day(2026, 3, 3), day(2026, 3, 3), -1250, "",
	    "J JANSEN", "Bijdrage schoolreis groep 7 Jansen", NULL, NULL, 0,
	    NULL, 14);
	check_line(&g, 3, day(2026, 3, 3), day(2026, 3, 3), -250, "", "",
	    "Kosten betaalpakket februari", NULL, NULL, 0, NULL, 18);
	got_free(&g);
}

static void
t_ing_old(void)
{
	struct got g = { 0 };
	struct hb_err e;

	is_int(read_path(fixture("ing-old.sta"), &g, &e), 0,
	    "ing-old.sta reads");
	note(&e);
	is_str(g.s[0].account, "NL20INGB0001234567", "ing-old.sta: an old "
	    "ING number, the bank from the SWIFT header");
	is_int(g.s[0].opening, 100000, "ing-old.sta: \"1000\" is 1000.00");
	is_int(g.s[0].closing, 231600, "ing-old.sta: closing \"2316\"");
	is_int(g.s[0].nlines, 5, "ing-old.sta: five lines");
	ok(balances_add_up(&g), "ing-old.sta: opening + lines = closing");
	/* NOV: an old ING code and a space before the reference */
	check_line(&g, 0, day(2012, 1, 3), day(2012, 1, 3), -2500, "", "",
	    "0313131314 J. JANSEN HUUR GARAGE JANUARI", NULL, NULL, 0, NULL,
	    6);
	/* a blank entry date; a line that starts with '-' goes on */
	check_line(&g, 1, day(2012, 1, 3), day(2012, 1, 3), 125050, "", "",
	    "UITKERING GEMEENTE - VOORSCHOT JANUARI", NULL, NULL, 0, NULL, 8);
	/* a lone '-' inside the statement is text, not the message end */
	check_line(&g, 2, day(2012, 1, 3), day(2012, 1, 3), -750, "", "",
	    "ALBERT HEIJN 1234 DORDRECHT -", NULL, NULL, 0, NULL, 11);
	/* NCHG without a :86:, N654 with the bank's reference */
	check_line(&g, 3, day(2012, 1, 4), day(2012, 1, 4), -200, "", "", "",
	    NULL, NULL, 0, NULL, 14);
	check_line(&g, 4, day(2012, 1, 4), day(2012, 1, 4), 10000, "", "",
	    "STORTING", "ING00012345", NULL, 0, NULL, 15);
	got_free(&g);
}

/* one :61: of a statement around it, read */
static int
one_line(const char *line61, struct got *g, struct hb_err *e)
{
	char buf[512];

	snprintf(buf, sizeof(buf), HEAD_TRIO ":61:%s\n:86:x\n"
	    ":62F:C260302EUR10,00\n", line61);
	got_free(g);
	return read_str(buf, g, e);
}

static void
t_types(void)
{
	static const char *const codes[] = {
		"NOV", "NIC", "NIT", "NBA", "NGM", "NAC", "NST", "NDV",
		"NTRF", "NCHG", "NDDT", "NMSC", "NCHK", "NSTO", "NINT",
		"NCOM", "NRTI", "NSEC", "N654", "N102", "N093", "S103",
		"FTRF",
	};
	struct got g = { 0 };
	struct hb_err e;
	char line[128];
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(line, sizeof(line), "2603020302D1,25%s NONREF",
		    codes[i]);
		if (!ok(one_line(line, &g, &e) == 0 && g.nl == 1 &&
		    g.l[0].cents == -125, "type %s is read", codes[i]))
			note(&e);
		snprintf(line, sizeof(line), "260302D125%s", codes[i]);
		if (!ok(one_line(line, &g, &e) == 0 && g.nl == 1 &&
		    g.l[0].cents == -12500, "type %s after \"125\" at the end",
		    codes[i]))
			note(&e);
	}
	/* the Triodos account: a BIC, then the old number */
	is_int(one_line("260302C1,5NIT NONREF", &g, &e), 0, "Triodos");
	note(&e);
	is_str(g.s[0].account, "NL24TRIO0197543210", "  the IBAN from the "
	    "BIC and the number");
	is_int(g.l[0].cents, 150, "  \"1,5\" is 1.50");
	got_free(&g);
}

static const struct {
	const char *what, *head, *acct, *iban;
} old_accounts[] = {
	{ "a bank code before the number", "", "ABNA0123456789",
	    "NL02ABNA0123456789" },
	{ "a BIC before the number", "", "ABNANL2A/123456789",
	    "NL02ABNA0123456789" },
	{ "an eleven-letter BIC", "", "RABONL2UXXX/313131314",
	    "NL63RABO0313131314" },
	{ "a Postbank number", "", "P1234567", "NL20INGB0001234567" },
	{ "a Postbank number and EUR", "", "P1234567EUR",
	    "NL20INGB0001234567" },
	{ "ABN AMRO's header", "ABNANL2A\n940\nABNANL2A\n", "123456789",
	    "NL02ABNA0123456789" },
	{ "BNG's header", "0200 13BNGHNL2AXXXX00000\n940 02\n",
	    "0285053876", "NL21BNGH0285053876" },
	{ "ING's SWIFT header", "{1:F01INGBNL2ABXXX0000000000}"
	    "{2:I940INGBNL2AXXXN}{4:\n", "1234567", "NL20INGB0001234567" },
	{ "the :25:'s bank over the header's", "ABNANL2A\n",
	    "RABO0313131314", "NL63RABO0313131314" },
	{ "an IBAN stays an IBAN", "ABNANL2A\n", "NL63RABO0313131314",
	    "NL63RABO0313131314" },
};

static void
t_old_accounts(void)
{
	struct got g = { 0 };
	struct hb_err e;
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof(old_accounts) / sizeof(old_accounts[0]);
	    i++) {
		snprintf(buf, sizeof(buf), "%s:20:X\n:25:%s\n"
		    ":60F:C260301EUR1,00\n:62F:C260301EUR1,00\n",
		    old_accounts[i].head, old_accounts[i].acct);
		if (!ok(read_str(buf, &g, &e) == 0, "%s: read",
		    old_accounts[i].what))
			note(&e);
		is_str(g.s[0].account, old_accounts[i].iban, "%s: %s",
		    old_accounts[i].what, old_accounts[i].iban);
		got_free(&g);
	}
	/* ABN AMRO names itself in :20: */
	is_int(read_str(":20:ABN AMRO BANK NV\n:25:123456789\n"
	    ":60F:C260301EUR1,00\n:62F:C260301EUR1,00\n", &g, &e), 0,
	    "ABN AMRO's :20:");
	note(&e);
	is_str(g.s[0].account, "NL02ABNA0123456789", "  the bank from :20:");
	got_free(&g);
}

static const struct {
	const char *file;
	long line;		/* 0: no line in the message */
	const char *msg;
	int lines;		/* lines passed on before the error */
} errors[] = {
	{ "err-amount.sta", 12, "field ':61:': invalid amount '1,5x'", 2 },
	{ "err-date.sta", 12, "field ':61:': invalid value date '991332'",
	    2 },
	{ "err-usd.sta", 5, "field ':60F:': balance in USD: hb reads euro "
	    "accounts only", 0 },
	{ "err-no-account.sta", 5, "field ':61:': the statement of line 2 "
	    "has no account ':25:'", 0 },
	{ "err-not-iban.sta", 2, "field ':25:': account '517852257' is an "
	    "old Dutch account number, and the file does not say which bank "
	    "it is from (no BIC in ':25:' or in a header): hb needs its IBAN",
	    0 },
	{ "err-before-opening.sta", 5, "field ':61:': before the opening "
	    "balance ':60F:'", 0 },
	{ "err-truncated.sta", 11, "the file ends inside the statement of "
	    "line 2: no closing balance ':62F:'; is the file complete?", 1 },
	{ "err-cut-message.sta", 12, "the message ends inside the statement "
	    "of line 2: no closing balance ':62F:'", 1 },
	{ "err-unclosed.sta", 12, "field ':20:': the statement of line 2 "
	    "has no closing balance ':62F:'", 1 },
	{ "err-nul.sta", 8, "contains a NUL byte: not a text file", 0 },
	{ "err-garbage.sta", 0, "no MT940 statement found", 0 },
	{ "err-empty.sta", 0, "no MT940 statement found", 0 },
};

static void
t_errors(void)
{
	struct got g = { 0 };
	struct hb_err e;
	char want[2048];
	const char *path;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		path = fixture(errors[i].file);
		is_int(read_path(path, &g, &e), -1, "%s is refused",
		    errors[i].file);
		if (errors[i].line > 0)
			snprintf(want, sizeof(want), "%s:%ld: %s", path,
			    errors[i].line, errors[i].msg);
		else
			snprintf(want, sizeof(want), "%s: %s", path,
			    errors[i].msg);
		is_str(e.msg, want, "%s: message", errors[i].file);
		is_int(g.nlines_total, errors[i].lines, "%s: lines passed on "
		    "before the error", errors[i].file);
		got_free(&g);
	}
}


static const struct {
	const char *what, *text, *msg;
} inline_errors[] = {
	{ "a bad mark", HEAD ":61:260302X1,00NTRFNONREF\n:62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': invalid debit/credit mark 'X1': expected "
	    "C, D, RC or RD" },
	{ "30 February", HEAD ":61:2603020230D1,00NTRFNONREF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': invalid entry date '0230'" },
	{ "three decimals", HEAD ":61:260302D1,001NTRFNONREF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': invalid amount '1,001'" },
	{ "a point for a comma", HEAD ":61:260302D1.00NTRFNONREF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': invalid amount '1.00'" },
	{ "no transaction type", HEAD ":61:260302D1,00\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': no transaction type after the amount "
	    "'1,00'" },
	{ "an amount over the maximum", HEAD ":61:260302C1000000000,00NTRF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': amount '1000000000,00' is larger than "
	    "999999999.99, the most hb accepts" },
	{ "a balance over the maximum", ":20:X\n:25:NL20INGB0001234567\n"
	    ":60F:C260301EUR99999999999999\n",
	    "inline:3: field ':60F:': amount '99999999999999' is larger than "
	    "999999999.99, the most hb accepts" },
	{ "a closing balance over the maximum", HEAD
	    ":62F:D260301EUR1000000000\n",
	    "inline:4: field ':62F:': amount '1000000000' is larger than "
	    "999999999.99, the most hb accepts" },
	/* once a signed overflow: more digits than an int64_t holds */
	{ "forty digits", HEAD ":61:260302C"
	    "9999999999999999999999999999999999999999,99NTRF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': amount '9999999999999999999999999999999999999999...' "
	    "is larger than 999999999.99, the most hb accepts" },
	{ "forty digits, one of them wrong", HEAD ":61:260302C"
	    "99999999999999999999999999999999999999x9,99NTRF\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:4: field ':61:': invalid amount "
	    "'99999999999999999999999999999999999999x9...'" },
	{ "an old account number of no known bank", ":20:X\n"
	    ":25:DEUTDEFF/0123456789\n",
	    "inline:2: field ':25:': account 'DEUTDEFF/0123456789' is an old "
	    "Dutch account number, and the file does not say which bank it "
	    "is from (no BIC in ':25:' or in a header): hb needs its IBAN" },
	{ "a Postbank number too long", ":20:X\n:25:P12345678\n",
	    "inline:2: field ':25:': 'P12345678' is not a Dutch account "
	    "number: a Postbank number has at most 7 digits" },
	{ "an old account number in dollars", "ABNANL2A\n:20:X\n"
	    ":25:123456789USD\n",
	    "inline:3: field ':25:': account in USD: hb reads euro accounts "
	    "only" },
	{ "a cut message, '-' after the closing balance", HEAD
	    ":61:260302D1,00NTRFNONREF\n:62F:C260302EUR9,00\n-\n"
	    ":61:260302D1,00NTRFNONREF\n",
	    "inline:7: field ':61:': after the closing balance ':62F:' of the "
	    "statement of line 1, without a new ':20:'" },
	{ "a bad closing amount", HEAD ":62F:C260302EUR9.00\n",
	    "inline:4: field ':62F:': invalid amount '9.00'" },
	{ "a bad balance mark", ":20:X\n:25:NL20INGB0001234567\n"
	    ":60F:X260301EUR10,00\n:62F:C260302EUR9,00\n",
	    "inline:3: field ':60F:': invalid balance 'X260301EUR10,00': "
	    "expected C or D first" },
	{ "a bad balance date", ":20:X\n:25:NL20INGB0001234567\n"
	    ":60F:C260230EUR10,00\n:62F:C260302EUR9,00\n",
	    "inline:3: field ':60F:': invalid date '260230'" },
	{ "a :61: after :62F:", HEAD ":62F:C260302EUR10,00\n"
	    ":61:260302D1,00NTRFNONREF\n",
	    "inline:5: field ':61:': after the closing balance ':62F:' of the "
	    "statement of line 1, without a new ':20:'" },
	{ "a field before :20:", ":25:NL20INGB0001234567\n" HEAD
	    ":62F:C260302EUR10,00\n",
	    "inline:1: field ':25:': before the first ':20:'" },
	{ "a second :25:", ":20:X\n:25:NL20INGB0001234567\n"
	    ":25:NL20INGB0001234567\n",
	    "inline:3: field ':25:': a second account" },
	{ "a header field after the lines", HEAD
	    ":61:260302D1,00NTRFNONREF\n:28C:2\n:62F:C260302EUR9,00\n",
	    "inline:5: field ':28C:': after the first ':61:' of the statement" },
	{ "check digits", ":20:X\n:25:NL21INGB0001234567EUR\n",
	    "inline:2: field ':25:': invalid IBAN 'NL21INGB0001234567': check "
	    "digits do not match" },
	{ "an account in dollars", ":20:X\n:25:NL20INGB0001234567USD\n",
	    "inline:2: field ':25:': account in USD: hb reads euro accounts "
	    "only" },
	{ "no :60F: before :62F:", ":20:X\n:25:NL20INGB0001234567\n"
	    ":62F:C260302EUR9,00\n",
	    "inline:3: field ':62F:': no opening balance ':60F:' in the "
	    "statement of line 1" },
	{ "a new message inside a statement", "{4:\n" HEAD
	    "{1:F01INGBNL2ABXXX0000000000}{4:\n",
	    "inline:5: the message ends inside the statement of line 2: no "
	    "closing balance ':62F:'" },
	{ "a lone :20:", ":20:X\n",
	    "inline:1: the file ends inside the statement of line 1: no "
	    "closing balance ':62F:'; is the file complete?" },
};

static void
t_inline(void)
{
	struct got g = { 0 };
	struct hb_err e;
	size_t i;
	char *big;
	FILE *fp;
	int rc, k, n;

	for (i = 0; i < sizeof(inline_errors) / sizeof(inline_errors[0]);
	    i++) {
		is_int(read_str(inline_errors[i].text, &g, &e), -1,
		    "refused: %s", inline_errors[i].what);
		is_str(e.msg, inline_errors[i].msg, "message: %s",
		    inline_errors[i].what);
		got_free(&g);
	}

	/* an empty statement still begins and ends; no newline at the end */
	is_int(read_str(":20:E\n:25:NL20INGB0001234567\n:28C:7\n"
	    ":60F:D260301EUR0,50\n:86:about the statement\n"
	    ":62F:D260301EUR0,50", &g, &e), 0, "a statement without lines");
	is_int(g.ns, 1, "  one statement");
	is_int(g.s[0].nlines, 0, "  no lines");
	is_int(g.s[0].opening, -50, "  D is a negative balance");
	ok(g.s[0].ended && g.s[0].has_closing, "  end() with the closing");
	got_free(&g);

	/* years 80-99 are 19xx; a header before the :20: is skipped */
	is_int(read_str("garbage before\n:20:OLD\n:25:NL20INGB0001234567\n"
	    ":60F:C991230EUR1,00\n:61:991231C1,00NTRFNONREF\n"
	    ":62F:C991231EUR2,00\n", &g, &e), 0, "a 1999 statement");
	is_int(g.s[0].opening_date, day(1999, 12, 30), "  99 is 1999");
	is_int(g.l[0].value, day(1999, 12, 31), "  value date 1999");
	got_free(&g);

	/* the bank's reference only: after "//", up to the next '/' */
	is_int(read_str(HEAD ":61:260302D1,00NTRFEREF\n"
	    ":61:260302D1,00NTRFX//NONREF\n"
	    ":61:260302D1,00NTRFX// 123 /OCMT/EUR1,00/\n"
	    ":62F:C260302EUR7,00\n", &g, &e), 0, "references");
	note(&e);
	if (ok(g.nl == 3, "  three lines")) {
		is_str(g.l[0].ref, NULL, "  an owner's EREF is no reference");
		is_str(g.l[1].ref, NULL, "  //NONREF is none");
		is_str(g.l[2].ref, "123", "  the bank's, trimmed");
	}
	got_free(&g);

	/* a callback's error stops the reader with that error */
	g.refuse = 1;
	is_int(read_path(fixture("ing.sta"), &g, &e), -1,
	    "begin() refusing stops the reader");
	is_str(e.msg, "refused by the caller", "  with the caller's message");
	got_free(&g);

	/* a line of more than 64 KiB */
	big = xmalloc(70000);
	n = snprintf(big, 70000, ":20:X\n");
	memset(big + n, 'a', 65537);
	memcpy(big + n, ":86:", 4);
	n += 65537;
	big[n++] = '\n';
	is_int(read_mem(big, (size_t)n, &g, &e), -1,
	    "a line of 65537 bytes is refused");
	is_str(e.msg, "inline:2: line longer than 65536 bytes: not a bank "
	    "statement", "  with its line number");
	got_free(&g);
	/* one of exactly 64 KiB is read */
	n = snprintf(big, 70000, HEAD);
	memset(big + n, 'a', 65536);
	memcpy(big + n, ":86:", 4);
	n += 65536;
	n += snprintf(big + n, 70000 - (size_t)n, "\n:62F:C260301EUR10,00\n");
	is_int(read_mem(big, (size_t)n, &g, &e), 0,
	    "a line of 65536 bytes is read");
	note(&e);
	got_free(&g);
	/* and with a CR before its LF */
	n = snprintf(big, 70000, HEAD);
	memset(big + n, 'a', 65536);
	memcpy(big + n, ":86:", 4);
	n += 65536;
	n += snprintf(big + n, 70000 - (size_t)n, "\r\n:62F:C260301EUR10,00"
	    "\r\n");
	is_int(read_mem(big, (size_t)n, &g, &e), 0,
	    "a line of 65536 bytes and CRLF is read");
	note(&e);
	got_free(&g);
	/* one byte more and a CR is too long */
	n = snprintf(big, 70000, HEAD);
	memset(big + n, 'a', 65537);
	memcpy(big + n, ":86:", 4);
	n += 65537;
	n += snprintf(big + n, 70000 - (size_t)n, "\r\n");
	is_int(read_mem(big, (size_t)n, &g, &e), -1,
	    "a line of 65537 bytes and CRLF is refused");
	is_str(e.msg, "inline:4: line longer than 65536 bytes: not a bank "
	    "statement", "  with its line number");
	got_free(&g);
	free(big);

	/* files put together: a BOM on each */
	is_int(read_str("\xef\xbb\xbf:20:A\n:25:NL20INGB0001234567\n"
	    ":60F:C260301EUR1,00\n:62F:C260301EUR1,00\n"
	    "\xef\xbb\xbf:20:B\n:25:NL20INGB0001234567\n"
	    ":60F:C260301EUR1,00\n:62F:C260301EUR1,00\n", &g, &e), 0,
	    "two files put together, each with a BOM");
	is_int(g.ns, 2, "  two statements");
	got_free(&g);

	/* many statements: all passed on, in turn */
	if ((fp = tmpfile()) != NULL) {
		for (k = 0; k < 5000; k++)
			fprintf(fp, "{1:F01INGBNL2ABXXX0000000000}{4:\n"
			    ":20:S%d\n:25:NL20INGB0001234567EUR\n"
			    ":60F:C260301EUR%d,00\n"
			    ":61:2603020302D1,00NTRFEREF//%d\n"
			    ":86:/EREF/E%d//REMI/USTD//week %d/\n"
			    ":61:2603020302C2,5NTRFEREF//%d\n"
			    ":62F:C260302EUR%d,50\n-}\n", k, k, k, k, k, k,
			    k + 1);
		rewind(fp);
		rc = read_fp(fp, "many", &g, &e);
		is_int(rc, 0, "5000 statements read");
		note(&e);
		is_int(g.ns, 5000, "  5000 begin()");
		is_int(g.nlines_total, 10000, "  10000 lines");
		ok(!g.disorder, "  in turn");
		fclose(fp);
		got_free(&g);
	} else
		ok(0, "tmpfile");

	/* a file larger than HB_BANKFILE_MAX, sparse: refused unread */
	if ((fp = tmpfile()) != NULL &&
	    ftruncate(fileno(fp), HB_BANKFILE_MAX + 1) == 0) {
		is_int(read_fp(fp, "huge", &g, &e), -1,
		    "a file over 512 MiB is refused");
		is_str(e.msg, "huge: larger than 512 MiB: not a bank "
		    "statement", "  before reading it");
		is_int(g.ns, 0, "  nothing passed on");
		got_free(&g);
	} else
		ok(0, "a sparse temporary file");
	if (fp != NULL)
		fclose(fp);
}

static void
skip(int n, const char *why)
{
	while (n-- > 0) {
		tap_run++;
		printf("ok %d # SKIP %s\n", tap_run, why);
	}
}

/* the sample with its :25: line replaced, as a string */
static char *
sample_with_account(const char *file, const char *from, const char *to,
    size_t *len)
{
	char path[2048], *buf, *out, *p;
	size_t n, cap = 1 << 16;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", sample_dir, file);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf = xmalloc(cap);
	n = fread(buf, 1, cap - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	out = xmalloc(n + strlen(to) + 1);
	if ((p = strstr(buf, from)) == NULL) {
		free(buf);
		free(out);
		return NULL;
	}
	memcpy(out, buf, (size_t)(p - buf));
	strcpy(out + (p - buf), to);
	strcat(out, p + strlen(from));
	*len = strlen(out);
	free(buf);
	return out;
}

static void
t_samples(void)
{
	struct got g = { 0 };
	struct hb_err e;
	char path[2048], want[2400];
	char *text;
	size_t len;
	int i;

	snprintf(path, sizeof(path), "%s/hhb-MT940-ING.txt", sample_dir);
	if (access(path, R_OK) != 0) {
		skip(4, "samples absent");
		return;
	}

	/* ING: the spec's example, its :86: lines unwrapped */
	is_int(read_path(path, &g, &e), 0, "sample ING reads");
	note(&e);
	is_str(g.s[0].account, "NL69INGB0123456789", "sample ING: account");
	is_str(g.s[0].id, "P140220000000001/00000", "sample ING: id");
	is_int(g.s[0].opening, 66223, "sample ING: opening 662,23");
	is_int(g.s[0].closing, 56435, "sample ING: closing 564,35");
	is_int(g.s[0].nlines, 8, "sample ING: 8 lines, /SUM/ is none");
	ok(balances_add_up(&g), "sample ING: opening + lines = closing");
	check_line(&g, 2, day(2014, 2, 20), day(2014, 2, 20), 157,
	    "NL32INGB0000012345", "J.Janssen",
	    "Factuurnr 123456 Klantnr 00123", "00000000001007",
	    "20120123456789", 0, "MS03", 12);
	if (ok(g.nl == 8, "sample ING: all lines kept")) {
		is_int(g.l[7].cents, -11900, "sample ING: D119,00");
		is_str(g.l[7].descr, "1070123412341234",
		    "sample ING: structured reference");
		is_str(g.l[7].name, "INGBANK NV", "sample ING: CNTP name");
		is_str(g.l[4].descr, "TOTAAL       1 POSTEN",
		    "sample ING: a batch's remittance as written");
		is_str(g.l[1].iban, "", "sample ING: no counterparty on a batch");
	}
	got_free(&g);

	/* ABN AMRO: an old account number, the bank named in :20: */
	snprintf(path, sizeof(path), "%s/hhb-MT940-ABN.txt", sample_dir);
	is_int(read_path(path, &g, &e), 0, "sample ABN reads");
	note(&e);
	is_str(g.s[0].account, "NL02ABNA0123456789", "sample ABN: account "
	    "123456789 of ABN AMRO is NL02ABNA0123456789");
	ok(balances_add_up(&g), "sample ABN: balances add up");
	got_free(&g);
	text = sample_with_account("hhb-MT940-ABN.txt", ":25:123456789\n",
	    ":25:NL02ABNA0123456789\n", &len);
	if (ok(text != NULL, "sample ABN with an IBAN")) {
		is_int(read_mem(text, len, &g, &e), 0,
		    "sample ABN with an IBAN reads");
		note(&e);
		is_int(g.s[0].nlines, 1, "sample ABN: one line");
		ok(balances_add_up(&g), "sample ABN: 5138,61 + 500,01 = "
		    "5638,62");
		is_str(g.s[0].id, "ABN AMRO BANK NV/13501/1", "sample ABN: id");
		/* FR12345678901234 is too short for a French IBAN */
		check_line(&g, 0, day(2012, 5, 14), day(2012, 5, 12), 50001,
		    "", "QASD JGRED", "Dit zijn de omschrijvingsregels", NULL,
		    NULL, 0, NULL, 5);
		free(text);
	} else
		skip(1, "sample ABN changed");
	got_free(&g);

	/* BNG: the same, and a :61: glued to the end of a :86: */
	snprintf(path, sizeof(path), "%s/hhb-MT940-BNG.txt", sample_dir);
	is_int(read_path(path, &g, &e), 0, "sample BNG reads");
	note(&e);
	is_str(g.s[0].account, "NL21BNGH0285053876", "sample BNG: account "
	    "0285053876 of the header's BNGHNL2A is NL21BNGH0285053876");
	is_int(g.s[0].nlines, 14, "sample BNG: 14 lines");
	got_free(&g);
	text = sample_with_account("hhb-MT940-BNG.txt", ":25:0285053876\n",
	    ":25:NL21BNGH0285053876\n", &len);
	if (ok(text != NULL, "sample BNG with an IBAN")) {
		is_int(read_mem(text, len, &g, &e), 0,
		    "sample BNG with an IBAN reads");
		note(&e);
		is_int(g.s[0].nlines, 14, "sample BNG: 14 lines");
		is_int(g.s[0].opening, -2000000, "sample BNG: opening D20000,00");
		is_int(g.s[0].closing, 17060000, "sample BNG: closing");
		ok(balances_add_up(&g), "sample BNG: opening + lines = closing "
		    "only with the glued :61:");
		if (g.nl == 14) {
			is_int(g.l[1].value, day(2012, 9, 12),
			    "sample BNG: a value date two years back");
			is_int(g.l[6].src_line, 19,
			    "sample BNG: the glued :61: on line 19");
			is_int(g.l[6].cents, -10000,
			    "sample BNG: the glued :61: is D100,00");
			is_str(g.l[6].descr, "OORSPR. VEREV. 120903 BET KENMERK: "
			    "KTB-966591 P0001234533 P. Pieterse NIET AKKOORD "
			    "MET AFSCHRIJVING Huur september",
			    "sample BNG: its :86:");
			is_str(g.l[9].iban, "NL09INGB0000156610",
			    "sample BNG: the one valid IBAN");
			is_str(g.l[9].name, "Belastingdienst",
			    "sample BNG: its name after the BIC");
			is_str(g.l[12].descr, "BGC. 99 ACCEPTGIRO\xe2\x80\x99S "
			    "RUNNR: 4956", "sample BNG: UTF-8 kept");
			/* "028", "091": codes many lines share, not ids */
			for (i = 0; i < 14 && g.l[i].ref == NULL; i++)
				;
			is_int(i, 14, "sample BNG: no line has a bank "
			    "reference");
		} else
			skip(1, "sample BNG lines");
		free(text);
	} else
		skip(1, "sample BNG changed");
	got_free(&g);

	snprintf(path, sizeof(path), "%s/hhb-MT940-incorrect.txt", sample_dir);
	is_int(read_path(path, &g, &e), -1, "sample incorrect is refused");
	snprintf(want, sizeof(want), "%s: no MT940 statement found", path);
	is_str(e.msg, want, "sample incorrect: no statement");
	got_free(&g);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");

	if (top == NULL)
		top = ".";
	snprintf(fixture_dir, sizeof(fixture_dir), "%s/tests/data/mt940", top);
	snprintf(sample_dir, sizeof(sample_dir), "%s/../shared/samples/mt940",
	    top);
	t_ing();
	t_two_statements();
	t_abn_tagged();
	t_abn_old();
	t_bng();
	t_cp1252();
	t_ing_ibp();
	t_rabobank();
	t_ing_old();
	t_types();
	t_old_accounts();
	t_errors();
	t_inline();
	t_samples();
	return done_testing();
}
