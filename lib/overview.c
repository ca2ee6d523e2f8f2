/*
 * overview.c - the caseworker's monthly overview as a model: for every
 * household what needs a person (signals, buffer in use, held payouts,
 * advisory payouts awaiting approval, open and overdue escalations,
 * unmatched lines), and for one household its month day by day.  The
 * terminal screen and the plain-text form of hb-overview(1) both draw
 * this model; neither reads the store itself.
 *
 * The list is built with one grouped query per marker rather than one
 * query per household, so that it costs the same few statements for 30
 * households as for 10,000.  It runs in the caller's transaction and
 * holds nothing afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "hb.h"

static int
by_id(const void *a, const void *b)
{
	const struct hb_ov_household *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static struct hb_ov_household *
find(struct hb_overview *ov, int64_t id)
{
	struct hb_ov_household key = { .id = id };

	return bsearch(&key, ov->h, ov->n, sizeof(*ov->h), by_id);
}

/*
 * Runs sql (bound with types and the month or today) and hands each row's
 * household id and integer columns to set().
 */
static int
each(struct hb_ctx *c, struct hb_overview *ov, const char *sql,
    const char *types, const char *month,
    void (*set)(struct hb_ov_household *, struct hb_stmt *),
    struct hb_err *e)
{
	struct hb_ov_household *h;
	struct hb_stmt *q;
	int rc;

	if (strcmp(types, "s") == 0)
		rc = hb_prepare(c->st, &q, e, sql, types, month);
	else if (strcmp(types, "d") == 0)
		rc = hb_prepare(c->st, &q, e, sql, types, c->today);
	else
		rc = hb_prepare(c->st, &q, e, sql, types);
	if (rc == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		if (!hb_col_null(q, 0) &&
		    (h = find(ov, hb_col_int(q, 0))) != NULL)
			set(h, q);
	hb_finalize(q);
	return rc;
}

static void
set_plan(struct hb_ov_household *h, struct hb_stmt *q)
{
	h->has_plan = 1;
	h->opening = hb_col_int(q, 1);
	h->closing = hb_col_int(q, 2);
	h->buffer_used = hb_col_int(q, 3);
}

static void
set_signals(struct hb_ov_household *h, struct hb_stmt *q)
{
	h->signals = (int)hb_col_int(q, 1);
}

static void
set_payouts(struct hb_ov_household *h, struct hb_stmt *q)
{
	h->held = (int)hb_col_int(q, 1);
	h->advisory = (int)hb_col_int(q, 2);
}

static void
set_escalations(struct hb_ov_household *h, struct hb_stmt *q)
{
	h->escalations = (int)hb_col_int(q, 1);
	h->overdue = (int)hb_col_int(q, 2);
}

static void
set_unmatched(struct hb_ov_household *h, struct hb_stmt *q)
{
	h->unmatched += (int)hb_col_int(q, 1);
}

int
hb_ov_flags(const struct hb_ov_household *h)
{
	int f = 0;

	if (h->signals > 0)
		f |= HB_OV_SIGNALS;
	if (h->buffer_used > 0)
		f |= HB_OV_BUFFER;
	if (h->held > 0)
		f |= HB_OV_HELD;
	if (h->advisory > 0)
		f |= HB_OV_ADVISORY;
	if (h->escalations > 0)
		f |= HB_OV_ESCALATED;
	if (h->overdue > 0)
		f |= HB_OV_OVERDUE;
	if (h->unmatched > 0)
		f |= HB_OV_UNMATCHED;
	if (!h->has_plan && h->active)
		f |= HB_OV_NOPLAN;
	return f;
}

int
hb_ov_needs_person(const struct hb_ov_household *h)
{
	/* a buffer in use is a fact to see, not by itself a task */
	return (hb_ov_flags(h) & ~HB_OV_BUFFER) != 0;
}

/* The current plan of each household for the month. */
#define OV_PLANS \
	"SELECT household_id, opening, closing, buffer_used FROM plan " \
	"WHERE month = ? AND superseded_by IS NULL"
#define OV_SIGNALS \
	"SELECT household_id, count(*) FROM signal WHERE status = 'active' " \
	"GROUP BY household_id"
#define OV_PAYOUTS \
	"SELECT p.household_id, sum(p.status = 'held'), " \
	"sum(p.status = 'advisory') FROM payout p JOIN plan pl ON " \
	"pl.id = p.plan_id WHERE p.status IN ('held', 'advisory') AND " \
	"pl.month = ? AND pl.superseded_by IS NULL GROUP BY p.household_id"
#define OV_ESCALATIONS \
	"SELECT household_id, count(*), sum(due_date < ?) FROM escalation " \
	"WHERE status <> 'resolved' GROUP BY household_id"
/*
 * Unmatched lines, as hb-import lists them: lines whose current booking
 * names no agreement.  Those booked to a household only (on its own
 * managed account) are its own; a line booked to nobody (on a pooled
 * account) counts for the household of its best suggestion.  Both are
 * found from the few bookings without an agreement and the few
 * suggestions, never by reading every bank line.
 */
#define LATEST(m) \
	m ".id = (SELECT max(id) FROM line_match WHERE line_id = " m ".line_id)"
#define OV_UNMATCHED_OWN \
	"SELECT m.household_id, count(*) FROM line_match m WHERE " \
	"m.agreement_id IS NULL AND m.household_id IS NOT NULL AND " \
	LATEST("m") " GROUP BY m.household_id"
#define NOBODYS(s) \
	"NOT EXISTS (SELECT 1 FROM line_match m WHERE m.line_id = " s \
	".line_id AND m.household_id IS NOT NULL AND " LATEST("m") ")"
#define OV_UNMATCHED_SUGGESTED \
	"SELECT g.household_id, count(*) FROM line_suggestion s " \
	"JOIN agreement g ON g.id = s.agreement_id WHERE s.rank = 1 AND " \
	NOBODYS("s") " GROUP BY g.household_id"
/* the lines never booked, and those whose booking names no agreement */
#define OV_UNMATCHED_ALL \
	"SELECT (SELECT count(*) FROM bank_line) - (SELECT count(DISTINCT " \
	"line_id) FROM line_match) + (SELECT count(*) FROM line_match m " \
	"WHERE m.agreement_id IS NULL AND " LATEST("m") ")"

int
hb_overview_build(struct hb_ctx *c, const char *month,
    struct hb_overview *ov, struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t n;
	size_t i = 0;
	int rc = 0;

	memset(ov, 0, sizeof(*ov));
	snprintf(ov->month, sizeof(ov->month), "%s", month);
	ov->today = c->today;
	if (hb_query_int(c->st, &n, e, "SELECT count(*) FROM household",
	    "") == -1)
		return -1;
	ov->h = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*ov->h));
	if (hb_prepare(c->st, &q, e, "SELECT id, code, name, caseworker, "
	    "end_date IS NULL OR end_date >= ? FROM household ORDER BY id",
	    "d", c->today) == -1)
		goto fail;
	while (i < (size_t)n && (rc = hb_step(q, e)) == 1) {
		struct hb_ov_household *h = &ov->h[i++];

		h->id = hb_col_int(q, 0);
		snprintf(h->code, sizeof(h->code), "%s", hb_col_text(q, 1));
		h->name = xstrdup(hb_col_text(q, 2));
		h->caseworker = xstrdup(hb_col_text(q, 3));
		h->active = hb_col_int(q, 4) != 0;
	}
	ov->n = i;
	hb_finalize(q);
	if (rc == -1)
		goto fail;
	if (each(c, ov, OV_PLANS, "s", month, set_plan, e) == -1 ||
	    each(c, ov, OV_SIGNALS, "", month, set_signals, e) == -1 ||
	    each(c, ov, OV_PAYOUTS, "s", month, set_payouts, e) == -1 ||
	    each(c, ov, OV_ESCALATIONS, "d", month, set_escalations,
	    e) == -1 ||
	    each(c, ov, OV_UNMATCHED_OWN, "", month, set_unmatched, e) == -1 ||
	    each(c, ov, OV_UNMATCHED_SUGGESTED, "", month, set_unmatched,
	    e) == -1)
		goto fail;
	if (hb_query_int(c->st, &ov->unmatched, e, OV_UNMATCHED_ALL, "") == -1)
		goto fail;
	return 0;
fail:
	hb_overview_free(ov);
	return -1;
}

void
hb_overview_free(struct hb_overview *ov)
{
	size_t i;

	for (i = 0; i < ov->n; i++) {
		free(ov->h[i].name);
		free(ov->h[i].caseworker);
	}
	free(ov->h);
	ov->h = NULL;
	ov->n = 0;
}

static struct hb_ov_entry *
add_entry(struct hb_ov_month *m, size_t *cap)
{
	struct hb_ov_entry *x;

	if (m->n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		m->e = xreallocarray(m->e, *cap, sizeof(*m->e));
	}
	x = &m->e[m->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

/* Adds what an entry moved to the month's totals. */
static int
count(struct hb_ov_month *m, const struct hb_ov_entry *x, struct hb_err *e)
{
	if ((x->moved > 0 && hb_add(m->in, x->moved, &m->in) == -1) ||
	    (x->moved < 0 && hb_sub(m->out, x->moved, &m->out) == -1))
		return hb_error(e, "month total out of range");
	return 0;
}

/*
 * A month without a plan (one before hb planned, or one not planned yet)
 * shows what the bank booked: the household's lines with the balance they
 * leave.
 */
static int
month_lines(struct hb_ctx *c, int64_t hid, const char *month,
    struct hb_ov_month *m, struct hb_err *e)
{
	struct hb_stmt *q;
	int first = hb_date_make(atoi(month), atoi(month + 5), 1);
	int last = hb_date_add_months(first, 1) - 1;
	size_t cap = 0;
	int rc;

	if (hb_balance(c, hid, first, &m->opening, e) == -1)
		return -1;
	m->closing = m->opening;
	if (hb_prepare(c->st, &q, e, "SELECT l.id, l.booking_date, l.cents, "
	    "l.counter_name FROM line_match m JOIN bank_line l ON "
	    "l.id = m.line_id WHERE m.household_id = ? AND " LATEST("m")
	    " AND l.booking_date BETWEEN ? AND ? ORDER BY l.booking_date, l.id",
	    "Idd", hid, first, last) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		struct hb_ov_entry *x = add_entry(m, &cap);

		x->line = hb_col_int(q, 0);
		x->day = hb_col_date(q, 1);
		x->moved = x->amount = hb_col_int(q, 2);
		snprintf(x->subject, sizeof(x->subject), "%s", x->moved > 0 ?
		    "credit" : "debit");
		x->what = xstrdup(hb_col_text(q, 3));
		x->outcome = xstrdup("");
		snprintf(x->status, sizeof(x->status), "booked");
		if (hb_add(m->closing, x->moved, &m->closing) == -1) {
			rc = hb_error(e, "balance out of range on line %lld",
			    (long long)x->line);
			break;
		}
		x->balance = m->closing;
		if ((rc = count(m, x, e)) == -1)
			break;
	}
	hb_finalize(q);
	return rc;
}

/*
 * A household's month: the decisions of its current plan in day order,
 * each with the money it moved (the change of the balance), and the
 * month's signals; without a plan, its booked bank lines.
 */
int
hb_overview_month(struct hb_ctx *c, const char *code, const char *month,
    struct hb_ov_month *m, struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t hid, plan = 0, prev;
	size_t cap = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	snprintf(m->month, sizeof(m->month), "%s", month);
	if (hb_household_id(c, code, &hid, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT id, opening, closing, "
	    "buffer_used FROM plan WHERE household_id = ? AND month = ? AND "
	    "superseded_by IS NULL", "Is", hid, month) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		plan = hb_col_int(q, 0);
		m->has_plan = 1;
		m->opening = hb_col_int(q, 1);
		m->closing = hb_col_int(q, 2);
		m->buffer_used = hb_col_int(q, 3);
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (!m->has_plan)
		return month_lines(c, hid, month, m, e);
	if (hb_prepare(c->st, &q, e, "SELECT d.id, d.day, d.subject, "
	    "coalesce(o.name, (SELECT holder FROM account WHERE iban = a.iban), "
	    "a.kind, ''), d.amount, d.balance, d.mode, coalesce(p.status, ''), "
	    "coalesce(p.id, 0), " HB_OUTCOME("d") " FROM decision d "
	    "LEFT JOIN agreement a ON a.id = d.agreement_id "
	    "LEFT JOIN organisation o ON o.id = a.organisation_id "
	    "LEFT JOIN payout p ON p.plan_id = d.plan_id AND "
	    "p.decision_id = d.id "	/* by the plan's index of payouts */
	    "WHERE d.plan_id = ? ORDER BY d.day, d.id", "I", plan) == -1)
		return -1;
	prev = m->opening;
	while ((rc = hb_step(q, e)) == 1) {
		struct hb_ov_entry *x = add_entry(m, &cap);

		x->decision = hb_col_int(q, 0);
		x->day = hb_col_date(q, 1);
		snprintf(x->subject, sizeof(x->subject), "%s",
		    hb_col_text(q, 2));
		x->what = xstrdup(hb_col_text(q, 3));
		x->amount = hb_col_null(q, 4) ? 0 : hb_col_int(q, 4);
		x->balance = hb_col_int(q, 5);
		snprintf(x->mode, sizeof(x->mode), "%s", hb_col_text(q, 6));
		snprintf(x->status, sizeof(x->status), "%s",
		    hb_col_text(q, 7));
		x->payout = hb_col_int(q, 8);
		x->outcome = xstrdup(hb_col_text(q, 9));
		/* what the step moved is what the balance did; a recovery
		 * or a hold moves nothing */
		if (hb_sub(x->balance, prev, &x->moved) == -1) {
			rc = hb_error(e, "balance out of range in decision "
			    "%lld", (long long)x->decision);
			break;
		}
		prev = x->balance;
		if ((rc = count(m, x, e)) == -1)
			break;
		/* the advance is the part of this step below zero */
		if (x->balance < 0 && x->moved < 0)
			x->advance = -x->balance < -x->moved ? -x->balance :
			    -x->moved;
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT id, kind, " HB_DETAILS("signal")
	    ", status FROM signal WHERE household_id = ? AND (plan_id = ? OR (status = "
	    "'active' AND plan_id IS NULL)) ORDER BY id", "II", hid,
	    plan) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		struct hb_ov_signal *s;

		m->signal = xreallocarray(m->signal, m->nsignal + 1,
		    sizeof(*m->signal));
		s = &m->signal[m->nsignal++];
		s->id = hb_col_int(q, 0);
		snprintf(s->kind, sizeof(s->kind), "%s", hb_col_text(q, 1));
		s->details = xstrdup(hb_col_text(q, 2));
		s->active = strcmp(hb_col_text(q, 3), "active") == 0;
	}
	hb_finalize(q);
	return rc;
}

void
hb_ov_month_free(struct hb_ov_month *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->e[i].what);
		free(m->e[i].outcome);
	}
	for (i = 0; i < m->nsignal; i++)
		free(m->signal[i].details);
	free(m->e);
	free(m->signal);
	memset(m, 0, sizeof(*m));
}

/* The lines nobody booked that point at the household, best first. */
int
hb_overview_unmatched(struct hb_ctx *c, const char *code,
    struct hb_ov_line **out, size_t *n, struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t hid;
	int rc;

	*out = NULL;
	*n = 0;
	if (hb_household_id(c, code, &hid, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT l.id, l.booking_date, l.cents, "
	    "l.counter_name, l.description, coalesce((SELECT agreement_id FROM "
	    "line_suggestion WHERE line_id = l.id AND rank = 1), 0) FROM "
	    "bank_line l WHERE l.id IN (SELECT m.line_id FROM line_match m "
	    "WHERE m.household_id = ?1 AND m.agreement_id IS NULL AND "
	    LATEST("m") " UNION SELECT s.line_id FROM line_suggestion s "
	    "JOIN agreement g ON g.id = s.agreement_id WHERE s.rank = 1 AND "
	    "g.household_id = ?1 AND " NOBODYS("s") ") "
	    "ORDER BY l.booking_date, l.id", "I", hid) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		struct hb_ov_line *l;

		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		l = &(*out)[(*n)++];
		l->id = hb_col_int(q, 0);
		l->date = hb_col_date(q, 1);
		l->cents = hb_col_int(q, 2);
		l->counter_name = xstrdup(hb_col_text(q, 3));
		l->description = xstrdup(hb_col_text(q, 4));
		l->suggestion = hb_col_int(q, 5);
	}
	hb_finalize(q);
	if (rc == -1)
		hb_ov_lines_free(out, n);
	return rc;
}

void
hb_ov_lines_free(struct hb_ov_line **l, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free((*l)[i].counter_name);
		free((*l)[i].description);
	}
	free(*l);
	*l = NULL;
	*n = 0;
}
