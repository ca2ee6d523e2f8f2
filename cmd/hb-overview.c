/*
 * hb-overview: the caseworker's monthly overview.  On a terminal a
 * full-screen view (ncursesw): the households with what needs a person,
 * a household's month day by day beside the two months before it, and
 * keys to explain, approve, book and escalate.  With -p, or when stdout
 * is not a terminal, the same model as text (-o tsv|csv|json for scripts).
 *
 * The screen is a small state machine: each view has a draw and a key
 * function; resizing is handled in one place; signals only set a flag.
 * The store is read in short transactions: none is held while the screen
 * waits for a key, so a nightly batch is never blocked by an idle screen.
 */
#define NCURSES_WIDECHAR 1

#include <sys/wait.h>

#include <curses.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "cmd.h"

#ifndef _
#define _(s) (s)
#endif

/* How the overview names the other commands' objects. */
#define EXPLAIN_DECISION	"D"
#define EXPLAIN_SIGNAL		"S"
#define EXPLAIN_LINE		"L"

static enum hb_format format = HB_OUT_HUMAN;

static const char usage_text[] = N_(
    "usage: hb-overview [-fpw] [-d store] [-m month] [-o format] "
    "[code]\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

static int
valid_month(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' &&
	    strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
	    atoi(s + 5) >= 1 && atoi(s + 5) <= 12 && atoi(s) >= 1900 &&
	    atoi(s) <= 2199;
}

/* month + n months, YYYY-MM */
static void
month_add(const char *month, int n, char out[8])
{
	int k = atoi(month) * 12 + atoi(month + 5) - 1 + n;

	snprintf(out, 8, "%04d-%02d", k / 12 % 10000, k % 12 + 1);
}

/* ------------------------------------------------------------------ */
/* Loading the model, each in its own short transaction with its audit */

struct load {
	const char		*month, *code;
	struct hb_overview	*ov;
	struct hb_ov_month	*m;	/* three months, oldest first */
	struct hb_ov_line	**lines;
	size_t			*nlines;
};

static int
op_list(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct load *l = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "month %s",
	    l->month);
	return hb_overview_build(c, l->month, l->ov, e);
}

static int
op_month(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct load *l = arg;
	char m[8];
	int i;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "month %s",
	    l->month);
	for (i = 0; i < 3; i++) {
		month_add(l->month, i - 2, m);
		if (hb_overview_month(c, l->code, m, &l->m[i], e) == -1) {
			while (i-- > 0)
				hb_ov_month_free(&l->m[i]);
			return -1;
		}
	}
	if (l->lines != NULL &&
	    hb_overview_unmatched(c, l->code, l->lines, l->nlines, e) == -1) {
		for (i = 0; i < 3; i++)
			hb_ov_month_free(&l->m[i]);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The plain-text twin */

static const char *
marks(const struct hb_ov_household *h, char *buf, size_t sz)
{
	size_t o = 0;

	buf[0] = '\0';
#define MARK(cond, ...) do { if ((cond) && o < sz) \
	o += (size_t)snprintf(buf + o, sz - o, __VA_ARGS__); } while (0)
	MARK(h->overdue > 0, "%s%d", _("E!"), h->overdue);
	MARK(h->escalations > h->overdue, " E%d", h->escalations - h->overdue);
	MARK(h->held > 0, " H%d", h->held);
	MARK(h->advisory > 0, " A%d", h->advisory);
	MARK(h->signals > 0, " S%d", h->signals);
	MARK(h->unmatched > 0, " U%d", h->unmatched);
	MARK(h->buffer_used > 0, " B");
	MARK(!h->has_plan && h->active, " %s", _("no plan"));
#undef MARK
	if (o == 0)
		return _("ok");
	return buf[0] == ' ' ? buf + 1 : buf;
}

static int
print_list(const struct hb_overview *ov, int only_needing)
{
	static const char *const human[] = { "", "code", "name", "closing",
	    "buffer", "marks" };
	static const char *const machine[] = { "code", "name", "caseworker",
	    "active", "plan", "opening", "closing", "buffer_used", "signals",
	    "held", "advisory", "escalations", "overdue", "unmatched",
	    "needs_person" };
	struct hb_cell *cell, *x;
	char (*num)[9][24], (*mk)[64];
	size_t i, n = 0, need = 0, k;

	for (i = 0; i < ov->n; i++)
		need += hb_ov_needs_person(&ov->h[i]) != 0;
	cell = xcalloc(ov->n ? ov->n : 1, 15 * sizeof(*cell));
	num = xcalloc(ov->n ? ov->n : 1, sizeof(*num));
	mk = xcalloc(ov->n ? ov->n : 1, sizeof(*mk));
	for (i = 0; i < ov->n; i++) {
		const struct hb_ov_household *h = &ov->h[i];
		int v[9] = { h->active, h->has_plan, h->signals, h->held,
		    h->advisory, h->escalations, h->overdue, h->unmatched,
		    hb_ov_needs_person(h) };

		if (only_needing && !hb_ov_needs_person(h))
			continue;
		for (k = 0; k < 9; k++)
			snprintf(num[n][k], sizeof(num[n][k]), "%d", v[k]);
		if (format == HB_OUT_HUMAN) {
			x = &cell[n * 6];
			x[0].text = hb_ov_needs_person(h) ? "!" : "";
			x[1].text = h->code;
			x[2].text = h->name;
			x[3].cents = h->closing;
			x[3].null = !h->has_plan;
			x[4].cents = h->buffer_used;
			x[4].null = h->buffer_used == 0;
			x[5].text = marks(h, mk[n], sizeof(mk[n]));
		} else {
			x = &cell[n * 15];
			x[0].text = h->code;
			x[1].text = h->name;
			x[2].text = h->caseworker;
			x[3].text = num[n][0];
			x[4].text = num[n][1];
			x[5].cents = h->opening;
			x[6].cents = h->closing;
			x[7].cents = h->buffer_used;
			x[5].null = x[6].null = x[7].null = !h->has_plan;
			for (k = 2; k < 9; k++)
				x[6 + k].text = num[n][k];
		}
		n++;
	}
	if (format == HB_OUT_HUMAN) {
		printf(_("Overview of %s: %zu households, %zu need a person; "
		    "%lld bank lines nobody booked\n\n"), ov->month, ov->n,
		    need, (long long)ov->unmatched);
		hb_table_cells(stdout, format, human, "sssmms", cell, n);
		printf(_("\nmarks: E escalation (E! overdue), H held, "
		    "A awaiting approval, S signals,\nU unmatched lines, "
		    "B buffer in use\n"));
	} else
		hb_table_cells(stdout, format, machine, "sssiimmmiiiiiii", cell,
		    n);
	free(cell);
	free(num);
	free(mk);
	return 0;
}

/* a bar of w columns for balance b against the largest |balance| max */
static void
bar(int64_t b, int64_t max, int w, char *out)
{
	int half = w / 2, k, i;

	for (i = 0; i < w; i++)
		out[i] = ' ';
	out[half] = '|';
	out[w] = '\0';
	if (max <= 0 || b == 0)
		return;
	k = (int)((b < 0 ? -b : b) * half / max);
	if (k == 0)
		k = 1;
	for (i = 1; i <= k && i <= half; i++)
		out[b < 0 ? half - i : half + i < w ? half + i : w - 1] =
		    b < 0 ? '-' : '#';
}

static int64_t
largest(const struct hb_ov_month *m)
{
	int64_t max = m->opening < 0 ? -m->opening : m->opening, a;
	size_t i;

	for (i = 0; i < m->n; i++) {
		a = m->e[i].balance < 0 ? -m->e[i].balance : m->e[i].balance;
		if (a > max)
			max = a;
	}
	return max;
}

/* One month for people: its totals, its days, its signals. */
static void
print_month(const char *code, const struct hb_ov_month *m)
{
	static const char *const name[] = { "date", "what", "counterparty",
	    "in", "out", "buffer", "balance", "bar", "status" };
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], m3[HB_MONEY_LEN];
	char m4[HB_MONEY_LEN], m5[HB_MONEY_LEN];
	char (*date)[HB_DATE_LEN], (*bars)[13];
	struct hb_cell *cell, *x;
	int64_t max = largest(m);
	size_t i;

	hb_money_format_nl(m->opening, m1);
	hb_money_format_nl(m->in, m2);
	hb_money_format_nl(m->out, m3);
	hb_money_format_nl(m->closing, m4);
	hb_money_format_nl(m->buffer_used, m5);
	if (m->has_plan)
		printf(_("%s %s: opening %s, in %s, out %s, closing %s;\n"
		    "  buffer used at most %s\n"), code, m->month, m1, m2, m3,
		    m4, m5);
	else
		printf(_("%s %s, no plan: the bank's lines; opening %s, in %s, "
		    "out %s,\n  closing %s\n"), code, m->month, m1, m2, m3, m4);
	cell = xcalloc(m->n ? m->n : 1, 9 * sizeof(*cell));
	date = xcalloc(m->n ? m->n : 1, sizeof(*date));
	bars = xcalloc(m->n ? m->n : 1, sizeof(*bars));
	for (i = 0; i < m->n; i++) {
		const struct hb_ov_entry *en = &m->e[i];

		hb_date_format(en->day, date[i]);
		bar(en->balance, max, 11, bars[i]);
		x = &cell[i * 9];
		x[0].text = date[i];
		x[1].text = en->subject;
		x[2].text = en->what;
		x[3].cents = en->moved;
		x[3].null = en->moved <= 0;
		x[4].cents = -en->moved;
		x[4].null = en->moved >= 0;
		x[5].cents = en->advance;
		x[5].null = en->advance == 0;
		x[6].cents = en->balance;
		x[7].text = bars[i];
		x[8].text = en->status[0] != '\0' ? en->status : en->mode;
	}
	hb_table_cells(stdout, format, name, "sssmmmmss", cell, m->n);
	for (i = 0; i < m->nsignal; i++) {
		char *d = hb_sanitize(m->signal[i].details);

		printf(_("  signal %lld %s%s: %s\n"), (long long)m->signal[i].id,
		    m->signal[i].kind, m->signal[i].active ? "" :
		    _(" (resolved)"), d);
		free(d);
	}
	putchar('\n');
	free(cell);
	free(date);
	free(bars);
}

/* The three months for scripts: one table, a row per step. */
static void
print_months_machine(const char *code, const struct hb_ov_month *m)
{
	static const char *const name[] = { "household", "month", "date",
	    "what", "counterparty", "in", "out", "buffer", "balance", "mode",
	    "status", "decision", "payout", "line" };
	char (*date)[HB_DATE_LEN], (*ids)[3][24];
	struct hb_cell *cell, *x;
	size_t i, k, n = m[0].n + m[1].n + m[2].n, r = 0;

	cell = xcalloc(n ? n : 1, 14 * sizeof(*cell));
	date = xcalloc(n ? n : 1, sizeof(*date));
	ids = xcalloc(n ? n : 1, sizeof(*ids));
	for (k = 0; k < 3; k++)
		for (i = 0; i < m[k].n; i++, r++) {
			const struct hb_ov_entry *en = &m[k].e[i];

			hb_date_format(en->day, date[r]);
			snprintf(ids[r][0], sizeof(ids[r][0]), "%lld",
			    (long long)en->decision);
			snprintf(ids[r][1], sizeof(ids[r][1]), "%lld",
			    (long long)en->payout);
			snprintf(ids[r][2], sizeof(ids[r][2]), "%lld",
			    (long long)en->line);
			x = &cell[r * 14];
			x[0].text = code;
			x[1].text = m[k].month;
			x[2].text = date[r];
			x[3].text = en->subject;
			x[4].text = en->what;
			x[5].cents = en->moved;
			x[5].null = en->moved <= 0;
			x[6].cents = -en->moved;
			x[6].null = en->moved >= 0;
			x[7].cents = en->advance;
			x[8].cents = en->balance;
			x[9].text = en->mode;
			x[10].text = en->status;
			x[11].text = ids[r][0];
			x[11].null = en->decision == 0;
			x[12].text = ids[r][1];
			x[12].null = en->payout == 0;
			x[13].text = ids[r][2];
			x[13].null = en->line == 0;
		}
	hb_table_cells(stdout, format, name, "sssssmmmmssiii", cell, n);
	free(cell);
	free(date);
	free(ids);
}

/* ------------------------------------------------------------------ */
/* The screen */

enum view { V_LIST, V_MONTH, V_LINES, V_TEXT };
enum sort { S_CODE, S_NAME, S_ATTENTION, S_BALANCE, S_NSORT };

struct ui {
	struct hb_ctx		*c;
	char			 month[8];
	struct hb_overview	 ov;
	size_t			*row, nrow;	/* shown, as indices in ov.h */
	size_t			 sel, top;
	int			 filter;
	enum sort		 sort;
	char			 search[64];
	enum view		 view, back;
	/* a household's months */
	char			 code[16];
	struct hb_ov_month	 m[3];
	int			 col;		/* the month with the cursor */
	size_t			 msel, mtop;
	struct hb_ov_line	*line;
	size_t			 nline, lsel, ltop;
	/* a text pane: an explanation or the help */
	char			**text;
	size_t			 ntext, ttop;
	char			 title[128];
	char			 status[256];
	int			 color;
};

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void
restore(void)
{
	if (!isendwin())
		endwin();
}

static void
on_crash(int sig)
{
	/* leave the terminal usable, then die of the same signal */
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

enum { C_NORMAL, C_ALERT, C_WARN, C_OK, C_TITLE };

static int
attr(struct ui *u, int kind)
{
	if (kind == C_TITLE)
		return A_REVERSE;
	if (!u->color)
		return kind == C_ALERT ? A_BOLD : A_NORMAL;
	return kind == C_NORMAL ? A_NORMAL : (int)COLOR_PAIR(kind);
}

/*
 * Writes s at (y, x) in at most w columns: sanitised (no control or bidi
 * characters can reach the terminal), wide characters counted by their
 * width, cut with an ellipsis.  Bytes the locale cannot decode show as '?'.
 */
static void
put(int y, int x, int w, const char *s, int a)
{
	char *clean = hb_sanitize(s);
	const char *p = clean;
	wchar_t buf[512], wc;
	mbstate_t ps;
	size_t n = 0, k;
	int used = 0, cw;

	memset(&ps, 0, sizeof(ps));
	while (*p != '\0' && n < sizeof(buf) / sizeof(buf[0]) - 2) {
		k = mbrtowc(&wc, p, strlen(p), &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			wc = L'?';
			k = 1;
			memset(&ps, 0, sizeof(ps));
		}
		if ((cw = wcwidth(wc)) < 0)
			wc = L'?', cw = 1;
		if (used + cw > w || (used + cw == w && p[k] != '\0' &&
		    w > 1)) {
			if (n > 0 && used >= w)
				n--;
			buf[n++] = MB_CUR_MAX > 1 ? L'\x2026' : L'~';
			used = w;
			break;
		}
		buf[n++] = wc;
		used += cw;
		p += k;
	}
	buf[n] = L'\0';
	attron(a);
	mvaddnwstr(y, x, buf, (int)n);
	attroff(a);
	free(clean);
}

static void
putf(int y, int x, int w, int a, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
putf(int y, int x, int w, int a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(y, x, w, buf, a);
}

/* An amount for people, right-aligned in w columns ("€" is one column
 * but three bytes, so printf's widths do not do). */
static void
money_w(int64_t cents, int w, char *out, size_t sz)
{
	char m[HB_MONEY_LEN];
	int len = 0, pad;
	const char *p;

	hb_money_format_nl(cents, m);
	for (p = m; *p != '\0'; p++)
		len += ((unsigned char)*p & 0xc0) != 0x80;
	pad = w > len ? w - len : 0;
	snprintf(out, sz, "%*s%s", pad, "", m);
}

#define MONEY(cents, w, buf) money_w((cents), (w), (buf), sizeof(buf))

static void
status_line(struct ui *u, const char *keys)
{
	move(LINES - 1, 0);
	clrtoeol();
	put(LINES - 1, 0, COLS, u->status[0] != '\0' ? u->status : keys,
	    u->status[0] != '\0' ? attr(u, C_WARN) : attr(u, C_TITLE));
}

/* Reads a line at the bottom of the screen; NULL when cancelled. */
static char *
ask(struct ui *u, const char *label, const char *initial)
{
	wchar_t w[256];
	char out[1024];
	size_t n = 0;
	wint_t ch;
	int r;

	if (initial != NULL)
		n = mbstowcs(w, initial, sizeof(w) / sizeof(w[0]) - 1);
	if (n == (size_t)-1)
		n = 0;
	curs_set(1);
	for (;;) {
		w[n] = L'\0';
		move(LINES - 1, 0);
		clrtoeol();
		put(LINES - 1, 0, COLS / 2, label, A_BOLD);
		addch(' ');
		addnwstr(w, (int)n);
		refresh();
		r = get_wch(&ch);
		if (stop)
			break;
		if (r == ERR)
			continue;
		if (r == OK && (ch == L'\n' || ch == L'\r')) {
			curs_set(0);
			if (wcstombs(out, w, sizeof(out)) == (size_t)-1)
				return NULL;
			return xstrdup(out);
		}
		if (r == OK && ch == 27)
			break;
		if ((r == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
		    (r == OK && (ch == 127 || ch == 8))) {
			if (n > 0)
				n--;
		} else if (r == OK && ch >= L' ' && n + 1 < sizeof(w) /
		    sizeof(w[0]))
			w[n++] = (wchar_t)ch;
	}
	curs_set(0);
	return NULL;
}

static int
cmp_rows(struct ui *u, size_t a, size_t b)
{
	const struct hb_ov_household *x = &u->ov.h[a], *y = &u->ov.h[b];
	int d;

	switch (u->sort) {
	case S_NAME:
		if ((d = strcasecmp(x->name, y->name)) != 0)
			return d;
		break;
	case S_ATTENTION:
		if ((d = (y->overdue > 0) - (x->overdue > 0)) != 0 ||
		    (d = (y->escalations > 0) - (x->escalations > 0)) != 0 ||
		    (d = (y->held > 0) - (x->held > 0)) != 0 ||
		    (d = hb_ov_needs_person(y) - hb_ov_needs_person(x)) != 0)
			return d;
		break;
	case S_BALANCE:
		if (x->closing != y->closing)
			return x->closing < y->closing ? -1 : 1;
		break;
	default:
		break;
	}
	return strcmp(x->code, y->code);
}

static struct ui *sorting;

static int
cmp_qsort(const void *a, const void *b)
{
	return cmp_rows(sorting, *(const size_t *)a, *(const size_t *)b);
}

static void
arrange(struct ui *u)
{
	size_t i;

	free(u->row);
	u->row = xcalloc(u->ov.n ? u->ov.n : 1, sizeof(*u->row));
	u->nrow = 0;
	for (i = 0; i < u->ov.n; i++)
		if (!u->filter || hb_ov_needs_person(&u->ov.h[i]))
			u->row[u->nrow++] = i;
	sorting = u;
	qsort(u->row, u->nrow, sizeof(*u->row), cmp_qsort);
	if (u->sel >= u->nrow)
		u->sel = u->nrow ? u->nrow - 1 : 0;
}

static void
reload_list(struct ui *u)
{
	struct load l = { .month = u->month, .ov = &u->ov };
	struct hb_overview old = u->ov;
	struct hb_err e;

	if (cmd_try_read(u->c, "overview", NULL, op_list, &l, &e) == -1) {
		u->ov = old;
		snprintf(u->status, sizeof(u->status), "%s", e.text);
		return;
	}
	hb_overview_free(&old);
	arrange(u);
}

static void
free_month(struct ui *u)
{
	int i;

	for (i = 0; i < 3; i++)
		hb_ov_month_free(&u->m[i]);
	hb_ov_lines_free(&u->line, &u->nline);
}

static int
reload_month(struct ui *u)
{
	struct load l = { .month = u->month, .code = u->code, .m = u->m,
	    .lines = &u->line, .nlines = &u->nline };
	struct hb_err e;

	free_month(u);
	if (cmd_try_read(u->c, "overview", u->code, op_month, &l, &e) == -1) {
		snprintf(u->status, sizeof(u->status), "%s", e.text);
		return -1;
	}
	if (u->msel >= u->m[u->col].n + u->m[u->col].nsignal)
		u->msel = u->mtop = 0;
	if (u->lsel >= u->nline)
		u->lsel = u->ltop = 0;
	return 0;
}

static void
free_text(struct ui *u)
{
	size_t i;

	for (i = 0; i < u->ntext; i++)
		free(u->text[i]);
	free(u->text);
	u->text = NULL;
	u->ntext = u->ttop = 0;
}

static void
add_text(struct ui *u, const char *s, size_t len)
{
	u->text = xreallocarray(u->text, u->ntext + 1, sizeof(*u->text));
	u->text[u->ntext++] = xstrndup(s, len);
}

static void
show_text(struct ui *u, const char *title, const char *body)
{
	const char *nl;

	free_text(u);
	snprintf(u->title, sizeof(u->title), "%s", title);
	for (; *body != '\0'; body = nl + 1) {
		if ((nl = strchr(body, '\n')) == NULL) {
			add_text(u, body, strlen(body));
			break;
		}
		add_text(u, body, (size_t)(nl - body));
	}
	if (u->view != V_TEXT)
		u->back = u->view;
	u->view = V_TEXT;
}

/* The directory of this program, so that a build tree runs its own tools. */
static void
sibling(const char *prog, char *out, size_t sz)
{
	char exe[PATH_MAX], *slash;
	ssize_t n;

	snprintf(out, sz, "%s", prog);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	snprintf(out, sz, "%s/%s", exe, prog);
	if (access(out, X_OK) != 0)
		snprintf(out, sz, "%s", prog);
}

/* Runs another hb command with the store of this one; its output, or
 * with tty the terminal itself for its prompts. */
static int
run_tool(struct ui *u, char *const argv[], int tty, char **output)
{
	char path[PATH_MAX], buf[4096];
	size_t len = 0, cap = 0;
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	*output = NULL;
	sibling(argv[0], path, sizeof(path));
	if (!tty && pipe(fd) == -1)
		return -1;
	if (tty) {
		def_prog_mode();
		endwin();
	}
	if ((pid = fork()) == -1) {
		if (!tty)
			close(fd[0]), close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		setenv("HB_DB", u->c->db_path, 1);
		if (!tty) {
			dup2(fd[1], STDOUT_FILENO);
			dup2(fd[1], STDERR_FILENO);
			close(fd[0]);
			close(fd[1]);
		}
		execvp(path, argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	if (!tty) {
		close(fd[1]);
		while ((n = read(fd[0], buf, sizeof(buf))) > 0 &&
		    len < 1024 * 1024) {
			if (len + (size_t)n + 1 > cap) {
				cap = (len + (size_t)n + 1) * 2;
				*output = xreallocarray(*output, cap, 1);
			}
			memcpy(*output + len, buf, (size_t)n);
			len += (size_t)n;
		}
		close(fd[0]);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (tty) {
		fprintf(stderr, "%s", _("-- press Enter to return to the "
		    "overview --"));
		while ((n = read(STDIN_FILENO, buf, 1)) == 1 && buf[0] != '\n')
			;
		reset_prog_mode();
		refresh();
	}
	if (*output == NULL)
		*output = xstrdup("");
	else
		(*output)[len] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
explain(struct ui *u, const char *prefix, int64_t id)
{
	char arg[32], title[64], *out;
	char *argv[] = { "hb-explain", arg, NULL };
	int rc;

	snprintf(arg, sizeof(arg), "%s%lld", prefix, (long long)id);
	rc = run_tool(u, argv, 0, &out);
	snprintf(title, sizeof(title), _("explanation of %s"), arg);
	if (rc == 127 || rc == -1)
		show_text(u, title, _("hb-explain could not be run"));
	else
		show_text(u, title, out);
	free(out);
}

static const char help_text[] =
    "hb-overview: keys\n"
    "\n"
    "Everywhere\n"
    "  ?          this help\n"
    "  q, Esc     back; quit from the list\n"
    "  r          refresh: read the store again (after a batch ran)\n"
    "  [  ]       the month before / after\n"
    "  Up, Down, k, j, PgUp, PgDn, Home, End   move\n"
    "\n"
    "The list of households\n"
    "  Enter      the household's month\n"
    "  f          only the households that need a person, or all\n"
    "  s          sort by code, name, what needs attention, balance\n"
    "  /  n       search code or name; the next match\n"
    "  e          file an escalation for the household\n"
    "\n"
    "A household's month (the month and the two before it)\n"
    "  Enter      the explanation of the selected line\n"
    "  Tab        the next of the three months\n"
    "  a          approve the selected advisory payout, with a reason\n"
    "  e          file an escalation about the selected decision\n"
    "  u          the bank lines nobody booked for this household\n"
    "  <  >       the household before / after in the list\n"
    "\n"
    "Bank lines nobody booked\n"
    "  Enter      the explanation of the line's suggestions\n"
    "  b          book the line to an agreement, with a reason\n"
    "\n"
    "Marks: E escalation (E! overdue), H held, A awaiting approval,\n"
    "S signals, U unmatched lines, B buffer in use.\n";

static void
draw_list(struct ui *u)
{
	char m1[48], m2[48], mk[64];
	static const char *const sorts[] = { "code", "name", "attention",
	    "balance" };
	size_t i, need = 0, rows = LINES > 3 ? (size_t)LINES - 3 : 1;
	int namew = COLS - 52 > 40 ? 40 : COLS - 52 > 10 ? COLS - 52 : 10;

	for (i = 0; i < u->ov.n; i++)
		need += hb_ov_needs_person(&u->ov.h[i]) != 0;
	putf(0, 0, COLS, attr(u, C_TITLE), _("hb-overview %s: %zu households, "
	    "%zu need a person, %lld lines unbooked%s  sort: %s%s%s"),
	    u->month, u->ov.n, need, (long long)u->ov.unmatched,
	    u->filter ? _("  [only those needing a person]") : "",
	    sorts[u->sort], u->search[0] ? "  /" : "", u->search);
	putf(1, 0, COLS, A_BOLD, "  %-9s  %-*s  %12s  %10s  %s", _("code"),
	    namew, _("name"), _("closing"), _("buffer"), _("marks"));
	if (u->sel < u->top)
		u->top = u->sel;
	if (u->sel >= u->top + rows)
		u->top = u->sel - rows + 1;
	for (i = 0; i < rows && u->top + i < u->nrow; i++) {
		const struct hb_ov_household *h = &u->ov.h[u->row[u->top + i]];
		int a = hb_ov_needs_person(h) ? attr(u, C_ALERT) :
		    h->buffer_used > 0 ? attr(u, C_WARN) : attr(u, C_OK);
		int y = 2 + (int)i;

		if (u->top + i == u->sel)
			a |= A_REVERSE;
		if (h->has_plan)
			MONEY(h->closing, 12, m1);
		else
			snprintf(m1, sizeof(m1), "%12s", "-");
		if (h->buffer_used > 0)
			MONEY(h->buffer_used, 10, m2);
		else
			snprintf(m2, sizeof(m2), "%10s", "");
		move(y, 0);
		clrtoeol();
		putf(y, 0, COLS, a, "%c %-9s  ", hb_ov_needs_person(h) ? '!' :
		    ' ', h->code);
		put(y, 13, namew, h->name, a);
		putf(y, 13 + namew, COLS - 13 - namew, a, "  %s  %s  %s", m1,
		    m2, marks(h, mk, sizeof(mk)));
	}
	if (u->nrow == 0)
		put(2, 2, COLS - 2, u->filter ? _("nobody needs a person") :
		    _("no households"), A_NORMAL);
	status_line(u, _("Enter open  / search  f filter  s sort  [ ] month  "
	    "e escalate  r refresh  ? help  q quit"));
}

/* One month in a column of width w at x; the cursor's row when active. */
static void
draw_column(struct ui *u, int mi, int x, int w, int active)
{
	const struct hb_ov_month *m = &u->m[mi];
	char m1[48], m2[48], bars[16], d[HB_DATE_LEN];
	size_t i, total = m->n + m->nsignal, rows;
	int y, a, wide = w >= 70;

	rows = LINES > 5 ? (size_t)LINES - 5 : 1;
	MONEY(m->closing, 0, m1);
	MONEY(m->buffer_used, 0, m2);
	putf(2, x, w, active ? A_BOLD | A_UNDERLINE : A_BOLD,
	    m->has_plan ? _("%s  closing %s  buffer %s") :
	    _("%s  closing %s  (bank lines, no plan)"), m->month, m1,
	    m->buffer_used > 0 ? m2 : "-");
	MONEY(m->in, 0, m1);
	MONEY(m->out, 0, m2);
	putf(3, x, w, A_NORMAL, _("in %s  out %s"), m1, m2);
	if (active) {
		if (u->msel < u->mtop)
			u->mtop = u->msel;
		if (u->msel >= u->mtop + rows)
			u->mtop = u->msel - rows + 1;
	}
	for (i = active ? u->mtop : 0, y = 4; i < total && y < LINES - 1;
	    i++, y++) {
		a = A_NORMAL;
		if (i >= m->n) {
			const struct hb_ov_signal *s = &m->signal[i - m->n];

			a = attr(u, C_WARN) | (active && i == u->msel ?
			    A_REVERSE : 0);
			putf(y, x, w, a, _("signal %s: %s"), s->kind,
			    s->details);
			continue;
		}
		const struct hb_ov_entry *en = &m->e[i];

		if (en->balance < 0)
			a = attr(u, C_WARN);
		if (strcmp(en->status, "held") == 0 ||
		    strcmp(en->status, "advisory") == 0)
			a = attr(u, C_ALERT);
		if (active && i == u->msel)
			a |= A_REVERSE;
		hb_date_format(en->day, d);
		MONEY(en->moved, wide ? 11 : 10, m1);
		MONEY(en->balance, wide ? 11 : 10, m2);
		bar(en->balance, largest(m), wide ? 9 : 7, bars);
		if (wide)
			putf(y, x, w, a, "%s %-15.15s %-18.18s %s %s %s %s",
			    d + 8, en->subject, en->what, m1, m2, bars,
			    en->status[0] ? en->status : en->mode);
		else
			putf(y, x, w, a, "%s %-8.8s %s %s %s", d + 8,
			    en->subject, m1, m2, bars);
	}
}

static void
draw_month(struct ui *u)
{
	int cols = COLS >= 132 ? 3 : 1, w = COLS / cols, i;

	putf(0, 0, COLS, attr(u, C_TITLE), _("%s  %s - %s (the month and the "
	    "two before it)"), u->code, u->m[0].month, u->m[2].month);
	if (cols == 3) {
		for (i = 0; i < 3; i++)
			draw_column(u, i, i * w, w - 1, i == u->col);
	} else {
		char m1[48];
		int k, x = 0;

		/* the three months in one line, the one shown in detail
		 * marked */
		for (k = 0; k < 3; k++) {
			MONEY(u->m[k].closing, 0, m1);
			putf(1, x, COLS / 3, k == u->col ? A_BOLD : A_NORMAL,
			    "%s%s %s%s", k == u->col ? "[" : " ",
			    u->m[k].month, m1,
			    k == u->col ? "]" : " ");
			x += COLS / 3;
		}
		draw_column(u, u->col, 0, COLS, 1);
	}
	status_line(u, _("Enter explain  Tab month  a approve  e escalate  "
	    "u unbooked  < > household  ? help  q back"));
}

static void
draw_lines(struct ui *u)
{
	char m1[48], d[HB_DATE_LEN];
	size_t i, rows = LINES > 3 ? (size_t)LINES - 3 : 1;

	putf(0, 0, COLS, attr(u, C_TITLE), _("%s: %zu bank lines nobody "
	    "booked"), u->code, u->nline);
	if (u->lsel < u->ltop)
		u->ltop = u->lsel;
	if (u->lsel >= u->ltop + rows)
		u->ltop = u->lsel - rows + 1;
	for (i = 0; i < rows && u->ltop + i < u->nline; i++) {
		const struct hb_ov_line *l = &u->line[u->ltop + i];
		int a = u->ltop + i == u->lsel ? A_REVERSE : A_NORMAL;

		hb_date_format(l->date, d);
		MONEY(l->cents, 12, m1);
		putf(2 + (int)i, 0, COLS, a, "%6lld %s %s  %s  %s",
		    (long long)l->id, d, m1, l->counter_name, l->description);
	}
	if (u->nline == 0)
		put(2, 2, COLS - 2, _("none"), A_NORMAL);
	status_line(u, _("Enter explain  b book  ? help  q back"));
}

static void
draw_text(struct ui *u)
{
	size_t i, rows = LINES > 2 ? (size_t)LINES - 2 : 1;

	if (u->ntext > rows && u->ttop > u->ntext - rows)
		u->ttop = u->ntext - rows;
	put(0, 0, COLS, u->title, attr(u, C_TITLE));
	for (i = 0; i < rows && u->ttop + i < u->ntext; i++)
		put(1 + (int)i, 0, COLS, u->text[u->ttop + i], A_NORMAL);
	status_line(u, _("Up Down PgUp PgDn scroll  q back"));
}

static void
draw(struct ui *u)
{
	erase();
	if (LINES < 5 || COLS < 40)
		put(0, 0, COLS, _("the terminal is too small"), A_BOLD);
	else if (u->view == V_LIST)
		draw_list(u);
	else if (u->view == V_MONTH)
		draw_month(u);
	else if (u->view == V_LINES)
		draw_lines(u);
	else
		draw_text(u);
	refresh();
}

/* Moves a cursor over n rows by a key; returns whether the key moved it. */
static int
move_key(int key, size_t *sel, size_t n)
{
	size_t page = LINES > 4 ? (size_t)LINES - 4 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (*sel > 0)
			(*sel)--;
		return 1;
	case KEY_DOWN:
	case 'j':
		if (*sel + 1 < n)
			(*sel)++;
		return 1;
	case KEY_PPAGE:
		*sel = *sel > page ? *sel - page : 0;
		return 1;
	case KEY_NPAGE:
		*sel = *sel + page < n ? *sel + page : n ? n - 1 : 0;
		return 1;
	case KEY_HOME:
	case 'g':
		*sel = 0;
		return 1;
	case KEY_END:
	case 'G':
		*sel = n ? n - 1 : 0;
		return 1;
	}
	return 0;
}

static void
search(struct ui *u, int again)
{
	char *s;
	size_t i, k;

	if (!again) {
		if ((s = ask(u, _("search code or name:"), NULL)) == NULL)
			return;
		snprintf(u->search, sizeof(u->search), "%s", s);
		free(s);
	}
	if (u->search[0] == '\0')
		return;
	for (i = 1; i <= u->nrow; i++) {
		k = (u->sel + (again ? i : i - 1)) % u->nrow;
		if (strcasestr(u->ov.h[u->row[k]].code, u->search) != NULL ||
		    strcasestr(u->ov.h[u->row[k]].name, u->search) != NULL) {
			u->sel = k;
			return;
		}
	}
	snprintf(u->status, sizeof(u->status), _("'%s' not found"),
	    u->search);
}

static void
open_month(struct ui *u)
{
	if (u->nrow == 0)
		return;
	snprintf(u->code, sizeof(u->code), "%s", u->ov.h[u->row[u->sel]].code);
	u->col = 2;
	u->msel = u->mtop = u->lsel = u->ltop = 0;
	if (reload_month(u) == 0)
		u->view = V_MONTH;
}

static void
escalate(struct ui *u, int64_t decision)
{
	char dec[40], *out;
	char *argv[] = { "hb-escalate", "file", u->code, dec, NULL };
	int rc;

	snprintf(dec, sizeof(dec), "decision=%lld", (long long)decision);
	if (decision <= 0)
		argv[3] = NULL;
	rc = run_tool(u, argv, 1, &out);
	free(out);
	snprintf(u->status, sizeof(u->status), rc == 0 ?
	    _("escalation filed for %s") : rc == 127 ?
	    _("hb-escalate could not be run for %s") :
	    _("no escalation filed for %s"), u->code);
}


static void
approve(struct ui *u, const struct hb_ov_entry *en)
{
	struct cmd_approve a = { en->decision, NULL };
	struct hb_err e;
	char label[96], *reason;

	if (strcmp(en->status, "advisory") != 0) {
		snprintf(u->status, sizeof(u->status), _("decision %lld does "
		    "not await approval"), (long long)en->decision);
		return;
	}
	snprintf(label, sizeof(label), _("reason to approve decision %lld:"),
	    (long long)en->decision);
	if ((reason = ask(u, label, NULL)) == NULL)
		return;
	a.reason = reason;
	if (cmd_try(u->c, "approve", u->code, cmd_op_approve, &a, &e) == -1)
		snprintf(u->status, sizeof(u->status), "%s", e.text);
	else
		snprintf(u->status, sizeof(u->status), _("decision %lld "
		    "approved"), (long long)en->decision);
	free(reason);
	reload_month(u);
}

struct book {
	int64_t		 line, agreement;
	const char	*reason;
};

static int
op_book(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct book *b = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "line %lld to "
	    "agreement %lld: %s", (long long)b->line, (long long)b->agreement,
	    b->reason);
	return hb_import_book(c, b->line, b->agreement, NULL, b->reason, e);
}

static void
book(struct ui *u)
{
	const struct hb_ov_line *l;
	struct book b;
	struct hb_err e;
	char label[96], initial[24], *ag, *reason, *end;

	if (u->nline == 0)
		return;
	l = &u->line[u->lsel];
	snprintf(label, sizeof(label), _("book line %lld to agreement:"),
	    (long long)l->id);
	snprintf(initial, sizeof(initial), "%lld", (long long)l->suggestion);
	if ((ag = ask(u, label, l->suggestion > 0 ? initial : NULL)) == NULL)
		return;
	b.line = l->id;
	b.agreement = strtoll(ag, &end, 10);
	if (*ag == '\0' || *end != '\0' || b.agreement <= 0) {
		snprintf(u->status, sizeof(u->status), _("'%s' is not an "
		    "agreement id"), ag);
		free(ag);
		return;
	}
	free(ag);
	if ((reason = ask(u, _("reason for booking by hand:"), NULL)) == NULL)
		return;
	b.reason = reason;
	if (cmd_try(u->c, "book line", u->code, op_book, &b, &e) == -1)
		snprintf(u->status, sizeof(u->status), "%s", e.text);
	else
		snprintf(u->status, sizeof(u->status), _("line %lld booked to "
		    "agreement %lld"), (long long)b.line,
		    (long long)b.agreement);
	free(reason);
	reload_month(u);
}

static void
next_household(struct ui *u, int dir)
{
	size_t i;

	for (i = 0; i < u->nrow; i++)
		if (strcmp(u->ov.h[u->row[i]].code, u->code) == 0)
			break;
	if (i == u->nrow || (dir < 0 && i == 0) ||
	    (dir > 0 && i + 1 >= u->nrow))
		return;
	u->sel = dir < 0 ? i - 1 : i + 1;
	open_month(u);
}

static void
change_month(struct ui *u, int dir)
{
	char m[8];

	month_add(u->month, dir, m);
	memcpy(u->month, m, sizeof(m));
	reload_list(u);
	if (u->view == V_MONTH || u->view == V_LINES)
		reload_month(u);
}

/* Returns 1 to quit. */
static int
key(struct ui *u, int k)
{
	struct hb_ov_month *m = &u->m[u->col];

	u->status[0] = '\0';
	if (k == '?') {
		show_text(u, _("help"), _(help_text));
		return 0;
	}
	if (u->view == V_TEXT) {
		if (k == 'q' || k == 27 || k == KEY_LEFT)
			u->view = u->back;
		else
			move_key(k, &u->ttop, u->ntext);
		return 0;
	}
	if (k == 'r') {
		reload_list(u);
		if (u->view != V_LIST)
			reload_month(u);
		return 0;
	}
	if (k == '[' || k == ']') {
		change_month(u, k == '[' ? -1 : 1);
		return 0;
	}
	switch (u->view) {
	case V_LIST:
		if (move_key(k, &u->sel, u->nrow))
			break;
		if (k == 'q' || k == 27)
			return 1;
		if (k == '\n' || k == KEY_ENTER || k == KEY_RIGHT)
			open_month(u);
		else if (k == 'f') {
			u->filter = !u->filter;
			arrange(u);
		} else if (k == 's') {
			u->sort = (u->sort + 1) % S_NSORT;
			arrange(u);
		} else if (k == '/')
			search(u, 0);
		else if (k == 'n')
			search(u, 1);
		else if (k == 'e' && u->nrow > 0) {
			snprintf(u->code, sizeof(u->code), "%s",
			    u->ov.h[u->row[u->sel]].code);
			escalate(u, 0);
			reload_list(u);
		}
		break;
	case V_MONTH:
		if (move_key(k, &u->msel, m->n + m->nsignal))
			break;
		if (k == 'q' || k == 27 || k == KEY_LEFT)
			u->view = V_LIST;
		else if (k == '\t') {
			u->col = (u->col + 1) % 3;
			u->msel = u->mtop = 0;
		} else if (k == '<' || k == '>')
			next_household(u, k == '<' ? -1 : 1);
		else if (k == 'u')
			u->view = V_LINES;
		else if (u->msel < m->n && (k == '\n' || k == KEY_ENTER))
			explain(u, m->e[u->msel].decision ? EXPLAIN_DECISION :
			    EXPLAIN_LINE, m->e[u->msel].decision ?
			    m->e[u->msel].decision : m->e[u->msel].line);
		else if (u->msel >= m->n && u->msel < m->n + m->nsignal &&
		    (k == '\n' || k == KEY_ENTER))
			explain(u, EXPLAIN_SIGNAL,
			    m->signal[u->msel - m->n].id);
		else if (k == 'a' && u->msel < m->n)
			approve(u, &m->e[u->msel]);
		else if (k == 'e') {
			escalate(u, u->msel < m->n ? m->e[u->msel].decision :
			    0);
			reload_month(u);
		}
		break;
	case V_LINES:
		if (move_key(k, &u->lsel, u->nline))
			break;
		if (k == 'q' || k == 27 || k == KEY_LEFT)
			u->view = V_MONTH;
		else if (u->nline > 0 && (k == '\n' || k == KEY_ENTER))
			explain(u, EXPLAIN_LINE, u->line[u->lsel].id);
		else if (k == 'b')
			book(u);
		break;
	case V_TEXT:
		break;
	}
	return 0;
}

static int
screen(struct hb_ctx *c, const char *month, const char *code, int filter)
{
	struct ui u;
	int k;

	memset(&u, 0, sizeof(u));
	u.c = c;
	u.filter = filter;
	snprintf(u.month, sizeof(u.month), "%s", month);
	reload_list(&u);
	if (u.status[0] != '\0') {
		warnx("%s", u.status);
		return 1;
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	signal(SIGHUP, on_stop);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGFPE, on_crash);
	atexit(restore);
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	/* wake up now and then, so that a signal's flag is seen */
	timeout(250);
	u.color = has_colors() && getenv("NO_COLOR") == NULL;
	if (u.color) {
		start_color();
		use_default_colors();
		init_pair(C_ALERT, COLOR_RED, -1);
		init_pair(C_WARN, COLOR_YELLOW, -1);
		init_pair(C_OK, COLOR_GREEN, -1);
	}
	if (code != NULL) {
		for (u.sel = 0; u.sel < u.nrow; u.sel++)
			if (strcmp(u.ov.h[u.row[u.sel]].code, code) == 0)
				break;
		if (u.sel < u.nrow)
			open_month(&u);
		else {
			u.sel = 0;
			snprintf(u.status, sizeof(u.status), _("no household "
			    "%s"), code);
		}
	}
	draw(&u);
	while (!stop) {
		if ((k = getch()) == ERR)
			continue;
		if (k == KEY_RESIZE) {
			draw(&u);
			continue;
		}
		if (k == '\r')
			k = '\n';
		if (key(&u, k))
			break;
		draw(&u);
	}
	endwin();
	free_month(&u);
	free_text(&u);
	hb_overview_free(&u.ov);
	free(u.row);
	return 0;
}

int
main(int argc, char **argv)
{
	struct hb_ctx c;
	struct hb_err e;
	struct hb_overview ov;
	struct hb_ov_month m[3];
	struct load l = { 0 };
	const char *dbopt = NULL, *month = NULL, *code = NULL;
	char def[8];
	int ch, rc, plain = 0, filter = 0, wide = 0, i, y, mo, d;

	cmd_conventions(argc, argv, _(usage_text));
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	while ((ch = getopt(argc, argv, "d:fm:o:pw")) != -1) {
		switch (ch) {
		case 'd':
			dbopt = optarg;
			break;
		case 'f':
			filter = 1;
			break;
		case 'm':
			month = optarg;
			break;
		case 'o':
			format = cmd_format(optarg);
			plain = 1;
			break;
		case 'p':
			plain = 1;
			break;
		case 'w':
			wide = 1;
			break;
		default:
			usage();
		}
	}
	cmd_width(wide);
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1) {
		code = argv[0];
		if (strlen(code) != 9 || strncmp(code, "HB-", 3) != 0 ||
		    strspn(code + 3, "0123456789") != 6)
			errx(EXIT_USAGE, _("'%s' is not a household code "
			    "(HB-NNNNNN)"), code);
	}
	if (month != NULL && !valid_month(month))
		errx(EXIT_USAGE, _("invalid month '%s': expected YYYY-MM"),
		    month);
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		plain = 1;
	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (month == NULL) {
		/* the month hb-plan plans: the one after today */
		hb_date_split(c.today, &y, &mo, &d);
		snprintf(def, sizeof(def), "%04d-%02d", y % 10000, mo % 100);
		month_add(def, 1, def);
		month = def;
	}
	if (!plain) {
		rc = screen(&c, month, code, filter);
		hb_ctx_close(&c);
		return rc;
	}
	l.month = month;
	l.code = code;
	if (code == NULL) {
		l.ov = &ov;
		rc = cmd_read(&c, "overview", NULL, op_list, &l);
		if (rc == 0) {
			print_list(&ov, filter);
			hb_overview_free(&ov);
		}
	} else {
		memset(m, 0, sizeof(m));
		l.m = m;
		rc = cmd_read(&c, "overview", code, op_month, &l);
		if (rc == 0 && format != HB_OUT_HUMAN)
			print_months_machine(code, m);
		for (i = 0; rc == 0 && format == HB_OUT_HUMAN && i < 3; i++)
			print_month(code, &m[i]);
		for (i = 0; rc == 0 && i < 3; i++)
			hb_ov_month_free(&m[i]);
	}
	hb_ctx_close(&c);
	return rc;
}
