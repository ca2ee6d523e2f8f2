/*
 * Planning a household's month against the real balance.
 *
 * The month's events are gathered first: the opening balance from booked
 * bank lines, income as booked or as expected (agreement, income
 * statement), payouts on their due dates, executed on the last bank
 * working day that still gets the money there in time.  Then the days are
 * walked in order.  On each day income comes first (and repays a buffer
 * advance), then the payouts in the policy's priority order: essential
 * payouts and leefgeld may use the buffer up to the household's limit,
 * other payouts only the balance, taking only the part of income above the
 * protected income and never while an escalation is open.  What cannot be
 * paid is held, retried whenever income arrives, and carried to the next
 * month if it still cannot be paid.  Every step is a decision with its
 * rule, inputs, trace and counterfactual.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define MAXEV 512
/* m is the line's current booking: a newer one supersedes it.  Queries go
 * through line_match's indexes rather than the line_current view, which
 * would look at every bank line of the municipality. */
#define CURRENT(m) "m.id = (SELECT max(id) FROM line_match WHERE " \
    "line_id = " m ".line_id)"
#define EXHAUSTED_PERCENT 90	/* buffer use from which a person looks */

enum ev_kind { EV_INCOME, EV_DEBIT, EV_PAYOUT };

struct event {
	enum ev_kind	 kind;
	int		 day;		/* when the money moves */
	int		 due;
	int		 rank;		/* payouts: place in the priority order */
	int64_t		 amount;	/* positive */
	int64_t		 agreement;	/* 0 when none */
	int64_t		 org;
	int64_t		 notice;	/* protected income by notice, or -1 */
	int64_t		 claim_total;	/* taking, or -1 */
	const char	*rule;
	char		 kind_name[24];
	char		 what[128];
	char		 party[128];
	char		 iban[HB_IBAN_LEN];
	char		 reference[141];
	char		 source[256];
	int		 essential, taking, carried, done, held_decision;
	int		 postponed;	/* a taking waiting for its income */
	int		 toeslag, missing;
	char		 org_kind[24];
	int64_t		 hold_id;	/* decision that held it */
	int64_t		 batch;		/* PAY-RESERVED: the export batch */
};

/* A parameter of the month, looked up once for all its households. */
struct param {
	char		*name;
	int		 found;
	int64_t		 cents;
	char		*text;
};

/* An open escalation about the household, or one of its agreements. */
struct escalation {
	int64_t		 id;
	int64_t		 agreement;	/* 0: the household as a whole */
};

/* What the households of one month share: the month, its parameters and
 * the buffers a household's plan is made in. */
struct hb_planner {
	struct hb_ctx		*c;
	char			 month[8];
	int			 first, last;
	struct param		*params;
	int			 nparams, paramcap;
	struct event		*ev;
	int			 evcap;
	struct escalation	*esc;
	int			 esccap;
	int64_t			 parameter_set;	/* hb_plan_record's, 0 unknown */
	/* unmatched lines of the pooled account, read once */
	int64_t			 pool_account;	/* 0: not read yet */
	struct line_ref		*unmatched;
	int			 nunmatched;
};

struct line_ref {
	int64_t	 id;		/* the line; for an unmatched one, its cents */
	int	 day;
};

struct plan {
	struct hb_ctx		*c;
	struct hb_err		*e;
	struct hb_planner	*pl;
	struct hb_plan_result	*res;
	int64_t			 hh, plan_id, prev_plan;
	int64_t			 account;	/* own managed account, or 0 */
	char			 code[16], comp[24], month[8];
	int			 adults, first, last, start, today;
	int64_t			 buffer_limit, balance, used_max, taken;
	int64_t			 low_balance;
	int			 escalated, negative_signalled;
	int64_t			 uncertain;	/* unmatched debits on the pool */
	char			 debtor[HB_IBAN_LEN];
	const char		*priority, *covers;
	struct event		*ev;		/* the planner's */
	int			 nev;
	struct escalation	*esc;		/* the planner's */
	int			 nesc;
	const char		*okey;		/* the next outcome's key */
	char			 oargs[512];	/* and its arguments */
};

static int plan_signal(struct plan *, const char *, int64_t, const char *);
static void keep(struct plan *, const char *, int, ...);
static int signal_plan(struct plan *);
static int decide(struct plan *, const struct event *, int, const char *,
    const char *, int, int64_t, int64_t, const char *, const char *,
    const char *, int64_t, int64_t *);
static int uncertain(const struct plan *, const struct event *, int64_t,
    int64_t);
static void uncertain_trace(const struct plan *, char *, size_t);

static const char *
money(int64_t cents, char buf[HB_MONEY_LEN])
{
	hb_money_format_nl(cents, buf);
	return buf;
}

static const char *
date(int day, char buf[HB_DATE_LEN])
{
	hb_date_format(day, buf);
	return buf;
}

/* position of word in a comma-separated list, or the list's length */
static int
rank_of(const char *list, const char *word)
{
	const char *p = list;
	size_t len = strlen(word);
	int i = 0;

	while (*p != '\0') {
		if (strncmp(p, word, len) == 0 && (p[len] == ',' ||
		    p[len] == '\0'))
			return i;
		if ((p = strchr(p, ',')) == NULL)
			break;
		p++;
		i++;
	}
	return 100;
}

static int
in_list(const char *list, const char *word)
{
	return rank_of(list, word) < 100;
}

static struct event *
new_event(struct plan *p)
{
	struct hb_planner *pl = p->pl;
	struct event *ev;

	if (p->nev == MAXEV)
		return NULL;
	if (p->nev == pl->evcap) {
		pl->evcap = pl->evcap ? pl->evcap * 2 : 64;
		pl->ev = xreallocarray(pl->ev, (size_t)pl->evcap,
		    sizeof(pl->ev[0]));
		p->ev = pl->ev;
	}
	ev = &p->ev[p->nev++];
	memset(ev, 0, sizeof(*ev));
	ev->notice = -1;
	ev->claim_total = -1;
	return ev;
}

static int
too_many(struct plan *p)
{
	return hb_error(p->e, "%s: more than %d events in %s: hb cannot plan "
	    "this household", p->code, MAXEV, p->month);
}

/* A payout reserved by an export batch that has not finished (a crash or
 * a locked store between its steps) is leaving the account as surely as
 * an exported one. */
#define LEAVING "(status = 'exported' OR (pending_batch IS NOT NULL AND " \
    "status IN ('planned','approved')))"

/* Payouts exported or reserved for an export but not yet seen on a
 * statement: the money has left, or is leaving. */
static int
less_exported(struct hb_ctx *c, int64_t hh, int day, int64_t *balance,
    struct hb_err *e)
{
	int64_t exported = 0;

	if (hb_query_int(c->st, &exported, e, "SELECT coalesce(sum(amount), "
	    "0) FROM payout WHERE household_id = ? AND " LEAVING " AND "
	    "exec_date < ?", "Id", hh, day) == -1)
		return -1;
	return hb_sub(*balance, exported, balance) == -1 ?
	    hb_error(e, "balance out of range") : 0;
}

int
hb_balance(struct hb_ctx *c, int64_t hh, int day, int64_t *out,
    struct hb_err *e)
{
	int64_t account;
	int rc;

	/* a household's own managed account: the bank's balance */
	rc = hb_query_int(c->st, &account, e, "SELECT id FROM account WHERE "
	    "household_id = ? AND kind = 'managed'", "I", hh);
	if (rc == -1)
		return -1;
	if (rc == 1)
		rc = hb_query_int(c->st, out, e, "SELECT coalesce("
		    "(SELECT s.closing + (SELECT coalesce(sum(cents), 0) FROM "
		    "bank_line WHERE account_id = ?1 AND booking_date > "
		    "s.closing_date AND booking_date < ?2) FROM statement s "
		    "WHERE s.account_id = ?1 AND s.closing IS NOT NULL AND "
		    "s.closing_date < ?2 ORDER BY s.closing_date DESC, s.id DESC "
		    "LIMIT 1), (SELECT s.opening + (SELECT coalesce(sum(cents), "
		    "0) FROM bank_line WHERE account_id = ?1 AND booking_date >= "
		    "s.opening_date AND booking_date < ?2) FROM statement s "
		    "WHERE s.account_id = ?1 AND s.opening IS NOT NULL ORDER BY "
		    "s.opening_date, s.id LIMIT 1), (SELECT coalesce(sum(cents), "
		    "0) FROM bank_line WHERE account_id = ?1 AND booking_date < "
		    "?2))", "Id", account, day);
	else	/* a pooled account: the household's share */
		rc = hb_query_int(c->st, out, e, "SELECT coalesce(sum(l.cents), "
		    "0) FROM line_match m JOIN bank_line l ON l.id = m.line_id "
		    "WHERE m.household_id = ? AND l.booking_date < ? AND "
		    CURRENT("m"), "Id", hh, day);
	if (rc != 1)
		return -1;
	return less_exported(c, hh, day, out, e);
}

/* The execution date that still gets the money there by the due date: a
 * transfer arrives the next bank working day. */
static int
exec_date(const struct plan *p, int due)
{
	int d = hb_bank_days_add(hb_bank_day_on_or_before(due), -1);

	if (d < p->today)
		d = hb_bank_day_on_or_after(p->today);
	return d;
}

/*
 * A parameter in force on the first of the month, read once for all the
 * month's households: 1 when found (cents and text set), 0 when not.
 */
static int
param(struct plan *p, const char *name, int64_t *cents, const char **text)
{
	struct hb_planner *pl = p->pl;
	struct param *m;
	int i, rc;

	for (i = 0; i < pl->nparams; i++)
		if (strcmp(pl->params[i].name, name) == 0)
			break;
	if (i == pl->nparams) {
		if (pl->nparams == pl->paramcap) {
			pl->paramcap = pl->paramcap ? pl->paramcap * 2 : 16;
			pl->params = xreallocarray(pl->params,
			    (size_t)pl->paramcap, sizeof(pl->params[0]));
		}
		m = &pl->params[i];
		memset(m, 0, sizeof(*m));
		if ((rc = hb_param_cents(p->c, name, pl->first, &m->cents,
		    p->e)) == 1)
			rc = hb_param_text(p->c, name, pl->first, &m->text,
			    p->e);
		if (rc == -1) {
			free(m->text);
			return -1;
		}
		m->name = xstrdup(name);
		m->found = rc;
		pl->nparams++;
	}
	m = &pl->params[i];
	if (m->found && cents != NULL)
		*cents = m->cents;
	if (m->found && text != NULL)
		*text = m->text;
	return m->found;
}

static int
load_household(struct plan *p)
{
	struct hb_planner *pl = p->pl;
	struct hb_stmt *q;
	const char *policy_account;
	int rc;

	if (hb_household_id(p->c, p->code, &p->hh, p->e) == -1)
		return -1;
	if (hb_prepare(p->c->st, &q, p->e, "SELECT composition, adults, "
	    "buffer_limit, start_date, end_date FROM household WHERE id = ?",
	    "I", p->hh) == -1)
		return -1;
	if ((rc = hb_step(q, p->e)) == 1) {
		snprintf(p->comp, sizeof(p->comp), "%s", hb_col_text(q, 0));
		p->adults = (int)hb_col_int(q, 1);
		p->buffer_limit = hb_col_int(q, 2);
		if (hb_col_date(q, 3) > p->last)
			rc = hb_error(p->e, "%s starts after %s", p->code,
			    p->month);
		else if (hb_col_date(q, 4) != -1 && hb_col_date(q, 4) < p->first)
			rc = hb_error(p->e, "%s ended before %s", p->code,
			    p->month);
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	if ((rc = param(p, "policy.priority", NULL, &p->priority)) != 1)
		return rc == -1 ? -1 : hb_error(p->e, "no policy.priority in "
		    "force on %s-01", p->month);
	if ((rc = param(p, "policy.buffer_covers", NULL, &p->covers)) != 1)
		return rc == -1 ? -1 : hb_error(p->e, "no policy.buffer_covers "
		    "in force");
	if (param(p, "policy.low_balance", &p->low_balance, NULL) == -1)
		return -1;
	/* payouts leave from the household's managed account, else the
	 * pooled account named in the policy */
	if (hb_prepare(p->c->st, &q, p->e, "SELECT id, iban FROM account "
	    "WHERE household_id = ? AND kind = 'managed'", "I", p->hh) == -1)
		return -1;
	if ((rc = hb_step(q, p->e)) == 1) {
		p->account = hb_col_int(q, 0);
		snprintf(p->debtor, sizeof(p->debtor), "%s", hb_col_text(q, 1));
	}
	hb_finalize(q);
	if (rc == 0 && (rc = param(p, "policy.managed_account", NULL,
	    &policy_account)) == 1)
		snprintf(p->debtor, sizeof(p->debtor), "%s", policy_account);
	if (rc != 1)
		return rc == -1 ? -1 : hb_error(p->e, "%s has no managed "
		    "account and the policy names no policy.managed_account",
		    p->code);
	/* an escalation about the household makes its decisions advisory
	 * (essential payouts and leefgeld go on); one about an agreement
	 * only that agreement's; any suspends every taking (escalate.c) */
	/* escalation_scope, with the household in each branch so that the
	 * index of escalations by household is used, not a scan of all */
	if (hb_prepare(p->c->st, &q, p->e, "SELECT e.id, s.agreement_id FROM "
	    "escalation e JOIN escalation_subject s ON s.escalation_id = e.id "
	    "WHERE e.household_id = ?1 AND e.status <> 'resolved' AND "
	    "s.agreement_id IS NOT NULL UNION SELECT e.id, "
	    "coalesce(e.agreement_id, 0) FROM escalation e WHERE "
	    "e.household_id = ?1 AND e.status <> 'resolved' AND NOT EXISTS "
	    "(SELECT 1 FROM escalation_subject s WHERE s.escalation_id = e.id "
	    "AND s.agreement_id IS NOT NULL) ORDER BY 1, 2", "I", p->hh) == -1)
		return -1;
	while ((rc = hb_step(q, p->e)) == 1) {
		if (p->nesc == pl->esccap) {
			pl->esccap = pl->esccap ? pl->esccap * 2 : 8;
			pl->esc = xreallocarray(pl->esc, (size_t)pl->esccap,
			    sizeof(pl->esc[0]));
		}
		pl->esc[p->nesc].id = hb_col_int(q, 0);
		pl->esc[p->nesc].agreement = hb_col_int(q, 1);
		if (pl->esc[p->nesc++].agreement == 0)
			p->escalated = 1;
	}
	hb_finalize(q);
	p->esc = pl->esc;
	return rc == -1 ? -1 : 0;
}

/* A bank line as an event of the plan, from a row of LINE_EVENT: id,
 * booking date, cents, counterparty, description, agreement kind and id,
 * as booked now. */
#define LINE_EVENT "SELECT l.id, l.booking_date, l.cents, l.counter_name, " \
    "l.description, coalesce(a.kind, ''), coalesce(m.agreement_id, 0) " \
    "FROM bank_line l LEFT JOIN line_match m ON m.line_id = l.id AND " \
    CURRENT("m") " LEFT JOIN agreement a ON a.id = m.agreement_id "
static int
line_event(struct plan *p, struct hb_stmt *q)
{
	struct event *ev;

	if ((ev = new_event(p)) == NULL)
		return too_many(p);
	ev->day = ev->due = hb_col_date(q, 1);
	ev->kind = hb_col_int(q, 2) > 0 ? EV_INCOME : EV_DEBIT;
	ev->amount = hb_col_int(q, 2) > 0 ? hb_col_int(q, 2) :
	    -hb_col_int(q, 2);
	ev->rule = ev->kind == EV_INCOME ? "INCOME-BOOKED" : "DEBIT-BOOKED";
	ev->toeslag = strcmp(hb_col_text(q, 5), "toeslag") == 0;
	ev->agreement = hb_col_int(q, 6);
	snprintf(ev->party, sizeof(ev->party), "%s", hb_col_text(q, 3));
	snprintf(ev->what, sizeof(ev->what), "%s", hb_col_text(q, 4));
	snprintf(ev->source, sizeof(ev->source), "bank line %lld",
	    (long long)hb_col_int(q, 0));
	return 0;
}

static int
line_ref_order(const void *va, const void *vb)
{
	const struct line_ref *a = va, *b = vb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * On a pooled account: the household's share is the sum of the lines
 * booked to it before the start; the lines from the start are events, with
 * those that were booked to it and are now booked to nobody.  One cheap
 * pass over its bookings (no text, no sorting) finds both; only the lines
 * from the start are then read whole, by date.
 */
static int
pooled_lines(struct plan *p)
{
	struct hb_stmt *q;
	struct line_ref *refs = NULL;
	int rc, day, n = 0, cap = 0, i;

	if (hb_prepare(p->c->st, &q, p->e, "SELECT l.id, l.booking_date, "
	    "l.cents, CASE WHEN " CURRENT("m") " THEN 1 WHEN (SELECT "
	    "household_id FROM line_match WHERE line_id = m.line_id ORDER BY "
	    "id DESC LIMIT 1) IS NULL THEN 0 ELSE -1 END FROM line_match m "
	    "JOIN bank_line l ON l.id = m.line_id WHERE m.household_id = ? "
	    "AND l.booking_date <= ?", "Id", p->hh, p->last) == -1)
		return -1;
	while ((rc = hb_step(q, p->e)) == 1) {
		/* 1 booked to it now, 0 to nobody now, -1 to another */
		if (hb_col_int(q, 3) == -1)
			continue;
		if ((day = hb_col_date(q, 1)) < p->start) {
			if (hb_col_int(q, 3) == 1 && hb_add(p->balance,
			    hb_col_int(q, 2), &p->balance) == -1) {
				rc = hb_error(p->e, "balance out of range");
				break;
			}
			continue;
		}
		for (i = 0; i < n && refs[i].id != hb_col_int(q, 0); i++)
			;
		if (i < n)		/* booked to it more than once */
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			refs = xreallocarray(refs, (size_t)cap, sizeof(*refs));
		}
		refs[n].id = hb_col_int(q, 0);
		refs[n++].day = day;
	}
	hb_finalize(q);
	if (n > 1)
		qsort(refs, (size_t)n, sizeof(*refs), line_ref_order);
	for (i = 0; rc != -1 && i < n; i++) {
		if (hb_prepare(p->c->st, &q, p->e, LINE_EVENT "WHERE l.id = ?",
		    "I", refs[i].id) == -1) {
			rc = -1;
			break;
		}
		if ((rc = hb_step(q, p->e)) == 1)
			rc = line_event(p, q);
		hb_finalize(q);
	}
	free(refs);
	return rc == -1 ? -1 : 0;
}

/* The lines of the pooled account booked to no household, from a month
 * before the planned month to its end: read once for all households. */
static int
load_unmatched(struct plan *p)
{
	struct hb_planner *pl = p->pl;
	struct hb_stmt *q;
	int64_t account;
	int rc, cap = 0;

	rc = hb_query_int(p->c->st, &account, p->e, "SELECT id FROM account "
	    "WHERE iban = ?", "s", p->debtor);
	if (rc != 1)
		return rc;
	if (pl->pool_account == account)
		return 1;
	pl->pool_account = account;
	pl->nunmatched = 0;
	if (hb_prepare(p->c->st, &q, p->e, "SELECT l.booking_date, l.cents "
	    "FROM bank_line l WHERE l.account_id = ? AND l.booking_date "
	    "BETWEEN ? AND ? AND (SELECT household_id FROM line_match WHERE "
	    "line_id = l.id ORDER BY id DESC LIMIT 1) IS NULL ORDER BY "
	    "l.booking_date, l.id", "Idd", account, pl->first - 62,
	    pl->last) == -1)
		return -1;
	while ((rc = hb_step(q, p->e)) == 1) {
		if (pl->nunmatched == cap) {
			cap = cap ? cap * 2 : 16;
			pl->unmatched = xreallocarray(pl->unmatched,
			    (size_t)cap, sizeof(pl->unmatched[0]));
		}
		pl->unmatched[pl->nunmatched].day = hb_col_date(q, 0);
		pl->unmatched[pl->nunmatched++].id = hb_col_int(q, 1);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 1;
}

/*
 * On a pooled account, lines that nobody's agreement matched may be this
 * household's: its balance is then uncertain.  The plan says so (a notice
 * and a signal), and the unmatched debits are what its balance could be
 * lower by: a payout that needs more than the certain balance is advisory.
 */
static int
pool_uncertain(struct plan *p)
{
	struct hb_planner *pl = p->pl;
	struct event ev;
	char msg[512], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d1[HB_DATE_LEN];
	char d2[HB_DATE_LEN], count[16];
	int64_t in = 0, out = 0, id;
	int i, n = 0, rc, lo = p->start - 31;

	if ((rc = load_unmatched(p)) != 1)
		return rc;
	for (i = 0; i < pl->nunmatched; i++) {
		if (pl->unmatched[i].day < lo || pl->unmatched[i].day > p->last)
			continue;
		n++;
		if (pl->unmatched[i].id > 0 ? hb_add(in, pl->unmatched[i].id,
		    &in) == -1 : hb_sub(out, pl->unmatched[i].id, &out) == -1)
			return hb_error(p->e, "unmatched lines out of range");
	}
	if (n == 0)
		return 0;
	p->uncertain = out;
	memset(&ev, 0, sizeof(ev));
	ev.due = p->start;
	snprintf(ev.what, sizeof(ev.what), "unmatched lines");
	snprintf(ev.source, sizeof(ev.source), "pooled account %s",
	    p->debtor);
	snprintf(msg, sizeof(msg), "the pooled account has %d line%s booked "
	    "to no household from %s to %s (in %s, out %s): this household's "
	    "balance is uncertain; a payout that needs more than the balance "
	    "less %s is advisory", n, n == 1 ? "" : "s", date(lo, d1),
	    date(p->last, d2), money(in, m1), money(out, m2), money(out, m2));
	snprintf(count, sizeof(count), "%d", n);
	keep(p, "pool", 6, count, d1, d2, m1, m2, m2);
	if (decide(p, &ev, p->start, "signal", "POOL-UNMATCHED", 1, out,
	    p->balance, msg, "unmatched lines on the pooled account are in no "
	    "household's balance; the debits among them could be this "
	    "household's (hb-import unmatched, hb-import book)", "had every "
	    "line of the pooled account been booked to a household, the "
	    "balance would be certain", 0, &id) == -1)
		return -1;
	keep(p, "pool", 6, count, d1, d2, m1, m2, m2);
	return plan_signal(p, "unmatched_lines", -1, msg);
}

/* A plan that pays the same creditor the same amount twice on one day, for
 * the same due date, is likely a double payment (a duplicate agreement):
 * a person looks.  Held payouts caught up on one day have different due
 * dates and are not flagged. */
static int
double_payments(struct plan *p)
{
	struct hb_stmt *q;
	char msg[512], m[HB_MONEY_LEN], d[HB_DATE_LEN], n[24];
	int rc;

	if (hb_prepare(p->c->st, &q, p->e, "SELECT creditor_iban, "
	    "min(creditor), amount, exec_date, count(*), group_concat("
	    "agreement_id, ', ') FROM payout WHERE plan_id = ? AND status IN "
	    "('planned','advisory','approved') GROUP BY creditor_iban, amount, "
	    "exec_date, due_date HAVING count(*) > 1 ORDER BY exec_date, "
	    "creditor_iban",
	    "I", p->plan_id) == -1)
		return -1;
	while ((rc = hb_step(q, p->e)) == 1) {
		snprintf(msg, sizeof(msg), "possible double payment: %lld "
		    "payouts of %s to %s (%s) on %s, agreements %s",
		    (long long)hb_col_int(q, 4), money(hb_col_int(q, 2), m),
		    hb_col_text(q, 1), hb_col_text(q, 0),
		    date(hb_col_date(q, 3), d), hb_col_text(q, 5));
		snprintf(n, sizeof(n), "%lld", (long long)hb_col_int(q, 4));
		keep(p, "double-payment", 6, n, m, hb_col_text(q, 1),
		    hb_col_text(q, 0), d, hb_col_text(q, 5));
		if (plan_signal(p, "double_payment", -1, msg) == -1) {
			rc = -1;
			break;
		}
	}
	hb_finalize(q);
	return rc;
}

/*
 * The household's bank lines with their current booking, as events from
 * the start of the simulation, and the opening balance.  A household's own
 * managed account has the bank's balance (hb_balance).
 */
static int
gather_lines(struct plan *p)
{
	struct hb_stmt *q;
	struct event *ev;
	int rc;

	if (p->account != 0) {
		if (hb_balance(p->c, p->hh, p->start, &p->balance, p->e) == -1)
			return -1;
		if (hb_prepare(p->c->st, &q, p->e, LINE_EVENT "WHERE l.id IN "
		    "(SELECT m2.line_id FROM "
		    "line_match m2 WHERE m2.household_id = ?1 UNION SELECT id "
		    "FROM bank_line WHERE account_id = ?4 AND booking_date "
		    "BETWEEN ?2 AND ?3) AND l.booking_date BETWEEN ?2 AND ?3 AND "
		    "(m.household_id IS NULL OR m.household_id = ?1 OR "
		    "l.account_id = ?4) ORDER BY l.booking_date, l.id", "IddI",
		    p->hh, p->start, p->last, p->account) == -1)
			return -1;
		while ((rc = hb_step(q, p->e)) == 1 &&
		    (rc = line_event(p, q)) == 0)
			;
		hb_finalize(q);
		if (rc == -1)
			return -1;
	} else if (pooled_lines(p) == -1 ||
	    less_exported(p->c, p->hh, p->start, &p->balance, p->e) == -1 ||
	    pool_uncertain(p) == -1)
		return -1;
	/* exported or reserved payouts the bank has not shown yet */
	if (hb_prepare(p->c->st, &q, p->e, "SELECT id, exec_date, amount, "
	    "creditor, remittance, coalesce(batch_id, pending_batch), "
	    "agreement_id, status = 'exported' FROM payout WHERE "
	    "household_id = ? AND " LEAVING " AND exec_date BETWEEN ? AND ?",
	    "Idd", p->hh, p->start, p->last) == -1)
		return -1;
	while ((rc = hb_step(q, p->e)) == 1) {
		if ((ev = new_event(p)) == NULL) {
			hb_finalize(q);
			return too_many(p);
		}
		ev->kind = EV_DEBIT;
		ev->day = ev->due = hb_col_date(q, 1);
		ev->amount = hb_col_int(q, 2);
		ev->rule = hb_col_int(q, 7) ? "PAY-EXPORTED" : "PAY-RESERVED";
		ev->agreement = hb_col_int(q, 6);
		snprintf(ev->party, sizeof(ev->party), "%s", hb_col_text(q, 3));
		snprintf(ev->what, sizeof(ev->what), "%s", hb_col_text(q, 4));
		ev->batch = hb_col_int(q, 5);
		snprintf(ev->source, sizeof(ev->source), "payout %lld, export "
		    "batch %lld%s", (long long)hb_col_int(q, 0),
		    (long long)hb_col_int(q, 5), hb_col_int(q, 7) ? "" :
		    " (not finished)");
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

/* 1 when the due date is already paid, booked or exported */
static int
settled(struct plan *p, int64_t agreement, int due)
{
	char key[64], d[HB_DATE_LEN];
	int64_t n;
	int rc;

	rc = hb_query_int(p->c->st, &n, p->e, "SELECT 1 FROM line_match m "
	    "WHERE m.agreement_id = ? AND m.expected_date = ? AND "
	    CURRENT("m"), "Id", agreement, due);
	if (rc != 0)
		return rc;
	snprintf(key, sizeof(key), "%s/A%lld/%s", p->code,
	    (long long)agreement, date(due, d));
	/* a payout in an export batch that a crash interrupted counts too */
	return hb_query_int(p->c->st, &n, p->e, "SELECT 1 FROM payout WHERE "
	    "idem_key = ? AND (status IN ('exported','reconciled') OR "
	    "pending_batch IS NOT NULL)", "s", key);
}

/* The signal just made: its plan, and its text's key (keep) */
static int
signal_plan(struct plan *p)
{
	int rc = hb_exec(p->c->st, p->e, "UPDATE signal SET plan_id = ?, "
	    "details_key = ?, details_args = ? WHERE id = last_insert_rowid()",
	    "Iss", p->plan_id, p->okey, p->okey != NULL ? p->oargs : NULL);

	p->okey = NULL;
	return rc;
}

static int
income_signal(struct plan *p, int64_t agreement, const char *details)
{
	p->res->signals++;
	if (hb_signal(p->c, p->hh, "income_missing", agreement, -1, details,
	    p->e) == -1)
		return -1;
	return signal_plan(p);
}

static int
expect_income(struct plan *p, struct hb_stmt *a, int due)
{
	struct hb_stmt *q;
	struct event *ev;
	char d1[HB_DATE_LEN], d2[HB_DATE_LEN], m[HB_MONEY_LEN], msg[512];
	int margin = (int)hb_col_int(a, 7), arrive, rc;
	int64_t amount = hb_col_int(a, 3);
	const char *rule = "INCOME-EXPECTED";
	char source[160], days[16];

	if ((rc = settled(p, hb_col_int(a, 0), due)) != 0)
		return rc == -1 ? -1 : 0;
	arrive = hb_bank_day_on_or_after(due);
	snprintf(source, sizeof(source), "agreement %lld",
	    (long long)hb_col_int(a, 0));
	/* an income statement from the payer overrides the agreement */
	if (hb_prepare(p->c->st, &q, p->e, "SELECT id, net, pay_date FROM "
	    "income_statement WHERE household_id = ? AND organisation_id = ? "
	    "AND pay_date BETWEEN ? AND ? ORDER BY id DESC LIMIT 1", "IIdd",
	    p->hh, hb_col_int(a, 11), due - 10, due + 10) == -1)
		return -1;
	if ((rc = hb_step(q, p->e)) == 1) {
		amount = hb_col_int(q, 1);
		arrive = hb_bank_day_on_or_after(hb_col_date(q, 2));
		rule = "INCOME-STATEMENT";
		snprintf(source, sizeof(source), "income statement %lld (with "
		    "consent), agreement %lld", (long long)hb_col_int(q, 0),
		    (long long)hb_col_int(a, 0));
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (p->today > arrive + margin) {
		snprintf(msg, sizeof(msg), "%s (%s) expected on %s has not "
		    "arrived by %s (day margin %d): the plan does not count on "
		    "it", hb_col_text(a, 8), money(amount, m), date(arrive, d1),
		    date(p->today, d2), margin);
		snprintf(days, sizeof(days), "%d", margin);
		keep(p, "income-late", 5, hb_col_text(a, 8), m, d1, d2, days);
		if (income_signal(p, hb_col_int(a, 0), msg) == -1)
			return -1;
		rule = "INCOME-MISSING";
	} else if (arrive < p->today)
		arrive = hb_bank_day_on_or_after(p->today);
	if ((arrive < p->start && strcmp(rule, "INCOME-MISSING") != 0) ||
	    arrive > p->last)
		return 0;
	if ((ev = new_event(p)) == NULL)
		return too_many(p);
	ev->kind = EV_INCOME;
	ev->missing = strcmp(rule, "INCOME-MISSING") == 0;
	ev->day = arrive;
	ev->due = due;
	ev->amount = amount;
	ev->agreement = hb_col_int(a, 0);
	ev->org = hb_col_int(a, 11);
	ev->rule = rule;
	ev->toeslag = strcmp(hb_col_text(a, 2), "toeslag") == 0;
	snprintf(ev->kind_name, sizeof(ev->kind_name), "%s", hb_col_text(a, 2));
	snprintf(ev->what, sizeof(ev->what), "%s", hb_col_text(a, 8));
	snprintf(ev->party, sizeof(ev->party), "%s", hb_col_text(a, 9));
	snprintf(ev->source, sizeof(ev->source), "%s", source);
	return 0;
}

/*
 * A payout of this month's due date that a later month's plan carried
 * (held here before) and has not exported belongs to this month again:
 * it is taken back from that plan, so that one due date is paid once.
 * The later plan is stale; its decisions say so through this one.
 */
static int
take_back(struct plan *p, struct event *ev)
{
	struct hb_stmt *q;
	char key[64], d[HB_DATE_LEN], month[8] = "";
	int64_t id = 0;
	int rc;

	snprintf(key, sizeof(key), "%s/A%lld/%s", p->code,
	    (long long)ev->agreement, date(ev->due, d));
	if (hb_prepare(p->c->st, &q, p->e, "SELECT x.id, pl.month FROM payout "
	    "x JOIN plan pl ON pl.id = x.plan_id WHERE x.idem_key = ? AND "
	    "x.status IN ('planned','advisory','approved') AND "
	    "x.pending_batch IS NULL AND x.plan_id <> ?", "sI", key,
	    p->plan_id) == -1)
		return -1;
	if ((rc = hb_step(q, p->e)) == 1) {
		id = hb_col_int(q, 0);
		snprintf(month, sizeof(month), "%s", hb_col_text(q, 1));
	}
	hb_finalize(q);
	if (rc != 1)
		return rc;
	if (hb_exec(p->c->st, p->e, "UPDATE payout SET status = 'cancelled' "
	    "WHERE id = ?", "I", id) == -1)
		return -1;
	snprintf(ev->source + strlen(ev->source), sizeof(ev->source) -
	    strlen(ev->source), "; taken back from the plan of %s (payout "
	    "%lld), which carried it: plan %s again", month, (long long)id,
	    month);
	return 0;
}

static int
plan_payout(struct plan *p, struct hb_stmt *a, int due, int carried)
{
	struct event *ev;
	int rc;

	if (!carried && (rc = settled(p, hb_col_int(a, 0), due)) != 0)
		return rc == -1 ? -1 : 0;
	if ((ev = new_event(p)) == NULL)
		return too_many(p);
	ev->kind = EV_PAYOUT;
	ev->due = due;
	ev->day = exec_date(p, due);
	ev->carried = carried;
	ev->amount = hb_col_int(a, 3);
	ev->agreement = hb_col_int(a, 0);
	ev->org = hb_col_int(a, 11);
	snprintf(ev->kind_name, sizeof(ev->kind_name), "%s", hb_col_text(a, 2));
	ev->rank = rank_of(p->priority, ev->kind_name);
	ev->essential = in_list(p->covers, ev->kind_name);
	ev->taking = hb_kind_is_taking(ev->kind_name);
	ev->notice = hb_col_null(a, 12) ? -1 : hb_col_int(a, 12);
	ev->claim_total = hb_col_null(a, 13) ? -1 : hb_col_int(a, 13);
	snprintf(ev->org_kind, sizeof(ev->org_kind), "%s", hb_col_text(a, 15));
	snprintf(ev->what, sizeof(ev->what), "%s", hb_col_text(a, 8));
	snprintf(ev->party, sizeof(ev->party), "%s", hb_col_text(a, 9));
	snprintf(ev->iban, sizeof(ev->iban), "%s", hb_col_text(a, 10));
	snprintf(ev->reference, sizeof(ev->reference), "%s",
	    *hb_col_text(a, 14) ? hb_col_text(a, 14) : hb_col_text(a, 8));
	snprintf(ev->source, sizeof(ev->source), "agreement %lld (%s)",
	    (long long)ev->agreement, hb_col_text(a, 5));
	return carried ? 0 : take_back(p, ev);
}

#define AGREEMENT_COLUMNS \
    "SELECT a.id, a.direction, a.kind, a.amount, a.valid_from, a.schedule, " \
    "a.valid_to, a.day_margin, a.description, coalesce(o.name, (SELECT " \
    "holder FROM account WHERE iban = a.iban), 'own account'), " \
    "coalesce(a.iban, ''), coalesce(a.organisation_id, 0), " \
    "a.protected_notice, a.claim_total, a.reference, coalesce(o.kind, '') " \
    "FROM agreement a LEFT JOIN organisation o ON o.id = a.organisation_id "

static int
gather_agreements(struct plan *p)
{
	struct hb_schedule s;
	struct hb_stmt *a;
	int rc, d, from, to, lo;

	if (hb_prepare(p->c->st, &a, p->e, AGREEMENT_COLUMNS
	    "WHERE a.household_id = ? ORDER BY a.id", "I", p->hh) == -1)
		return -1;
	while ((rc = hb_step(a, p->e)) == 1) {
		if (hb_schedule_parse(hb_col_text(a, 5), &s, p->e) == -1) {
			rc = -1;
			break;
		}
		from = hb_col_date(a, 4);
		to = hb_col_date(a, 6);
		/* income due a while before the month may still be awaited */
		lo = strcmp(hb_col_text(a, 1), "in") == 0 ? p->start - 31 :
		    p->first;
		for (d = hb_schedule_next(&s, lo > from ? lo : from);
		    d != -1 && d <= p->last && (to == -1 || d <= to);
		    d = hb_schedule_next(&s, d + 1)) {
			if (strcmp(hb_col_text(a, 1), "in") == 0)
				rc = expect_income(p, a, d);
			else if (strcmp(hb_col_text(a, 2), "reservation") == 0)
				rc = 0;	/* stays on the account */
			else
				rc = plan_payout(p, a, d, 0);
			if (rc == -1)
				break;
		}
		if (rc == -1)
			break;
	}
	hb_finalize(a);
	return rc == -1 ? -1 : 0;
}

/* Payouts held in an earlier month and never paid since: once each, even
 * when several months' plans carried the same one and held it again. */
static int
gather_carried(struct plan *p)
{
	struct hb_stmt *q, *a;
	int rc, rc2 = 0;

	if (hb_prepare(p->c->st, &q, p->e, "SELECT h.agreement_id, h.due_date "
	    "FROM payout h JOIN plan pl ON pl.id = h.plan_id WHERE "
	    "h.household_id = ? AND h.status = 'held' AND pl.superseded_by IS "
	    "NULL AND pl.month < ? AND NOT EXISTS (SELECT 1 FROM payout x "
	    "WHERE x.idem_key = h.idem_key AND x.status NOT IN ('held', "
	    "'cancelled')) GROUP BY h.idem_key ORDER BY h.due_date, "
	    "h.agreement_id", "Is", p->hh, p->month) == -1)
		return -1;
	while (rc2 == 0 && (rc = hb_step(q, p->e)) == 1) {
		if (hb_prepare(p->c->st, &a, p->e, AGREEMENT_COLUMNS
		    "WHERE a.id = ?", "I",
		    hb_col_int(q, 0)) == -1) {
			rc2 = -1;
			break;
		}
		if ((rc2 = hb_step(a, p->e)) == 1)
			rc2 = plan_payout(p, a, hb_col_date(q, 1), 1);
		hb_finalize(a);
	}
	hb_finalize(q);
	return rc == -1 || rc2 == -1 ? -1 : 0;
}

static int
event_order(const void *va, const void *vb)
{
	const struct event *a = va, *b = vb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return a->agreement < b->agreement ? -1 : a->agreement > b->agreement;
}


static int
plan_signal(struct plan *p, const char *kind, int64_t agreement,
    const char *details)
{
	p->res->signals++;
	if (hb_signal(p->c, p->hh, kind, agreement, -1, details, p->e) == -1)
		return -1;
	return signal_plan(p);
}

static int
decide(struct plan *p, const struct event *ev, int day, const char *subject,
    const char *rule, int advisory, int64_t amount, int64_t before,
    const char *outcome, const char *trace, const char *cf,
    int64_t supersedes, int64_t *id)
{
	const struct hb_rule *r = hb_rule(rule);
	char inputs[1024], at[32], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN];
	char m3[HB_MONEY_LEN], m4[HB_MONEY_LEN], d1[HB_DATE_LEN];
	char d2[HB_DATE_LEN];
	int rc;

	hb_now_utc(at);
	snprintf(inputs, sizeof(inputs), "%s: %s, %s, due %s; balance "
	    "before %s; buffer limit %s, in use before %s; today %s",
	    ev->source, ev->what, money(ev->amount, m1), date(ev->due, d1),
	    money(before, m2), money(p->buffer_limit, m3),
	    money(before < 0 ? -before : 0, m4), date(p->today, d2));
	rc = hb_exec(p->c->st, p->e, "INSERT INTO decision (plan_id, "
	    "household_id, agreement_id, day, subject, amount, balance, mode, "
	    "rule, basis, outcome, inputs, trace, counterfactual, supersedes, "
	    "at, outcome_key, outcome_args) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?)", "IImdsmIsssssssmsss", p->plan_id,
	    p->hh, ev->agreement > 0 ? ev->agreement : INT64_MIN, day, subject,
	    amount, p->balance, advisory ? "advisory" : "hard", rule,
	    r != NULL ? r->basis : "", outcome, inputs, trace, cf,
	    supersedes > 0 ? supersedes : INT64_MIN, at, p->okey,
	    p->okey != NULL ? p->oargs : NULL);
	p->okey = NULL;
	if (rc == -1)
		return -1;
	*id = hb_last_id(p->c->st);
	if (advisory)
		p->res->advisory++;
	return 0;
}

/*
 * The next decision's outcome as a key and the texts that went into it,
 * so that it can be shown in another language (outcome.c).
 */
static void
keep(struct plan *p, const char *key, int n, ...)
{
	const char *a;
	size_t len = 0;
	va_list ap;
	int i;

	p->okey = key;
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		a = va_arg(ap, const char *);
		if (i > 0 && len + 1 < sizeof(p->oargs))
			p->oargs[len++] = '\x1f';
		for (; *a != '\0' && len + 1 < sizeof(p->oargs); a++)
			p->oargs[len++] = *a == '\x1f' ? ' ' : *a;
	}
	va_end(ap);
	p->oargs[len] = '\0';
}

/* The next income the plan expects after day, for counterfactuals. */
static const struct event *
next_income(const struct plan *p, int day)
{
	int i;

	for (i = 0; i < p->nev; i++)
		if (p->ev[i].kind == EV_INCOME && p->ev[i].day > day &&
		    !p->ev[i].missing)
			return &p->ev[i];
	return NULL;
}

static void
shortfall_cf(const struct plan *p, int day, int64_t short_by,
    const char *then, char *out, size_t sz)
{
	const struct event *in = next_income(p, day);
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d1[HB_DATE_LEN];
	char d2[HB_DATE_LEN];

	if (in != NULL)
		snprintf(out, sz, "had %s more been on the account on %s (for "
		    "example had %s, %s, expected on %s, arrived by %s), %s",
		    money(short_by, m1), date(day, d1), in->what,
		    money(in->amount, m2), date(in->day, d2), date(day, d1),
		    then);
	else
		snprintf(out, sz, "had %s more been on the account on %s, %s",
		    money(short_by, m1), date(day, d1), then);
}

static int
add_payout(struct plan *p, const struct event *ev, int day, int64_t amount,
    const char *status, int64_t decision)
{
	struct hb_stmt *q;
	char key[64], e2e[36], due[HB_DATE_LEN], sepa_due[9], *by = NULL;
	char *why = NULL;
	int rc;

	date(ev->due, due);
	snprintf(key, sizeof(key), "%s/A%lld/%s", p->code,
	    (long long)ev->agreement, due);
	snprintf(sepa_due, sizeof(sepa_due), "%.4s%.2s%.2s", due, due + 5,
	    due + 8);
	snprintf(e2e, sizeof(e2e), "HB%s-A%lld-%s", p->code + 3,
	    (long long)ev->agreement, sepa_due);
	/* an approval carries over to the same payout in a new plan */
	if (strcmp(status, "advisory") == 0) {
		if (hb_prepare(p->c->st, &q, p->e, "SELECT approved_by, "
		    "approval_reason FROM payout WHERE idem_key = ? AND "
		    "plan_id = ? AND approved_by IS NOT NULL AND amount = ? AND "
		    "exec_date = ?", "sIId", key, p->prev_plan, amount,
		    day) == -1)
			return -1;
		if ((rc = hb_step(q, p->e)) == 1) {
			by = xstrdup(hb_col_text(q, 0));
			why = xstrdup(hb_col_text(q, 1));
			status = "approved";
			p->res->advisory--;	/* a person did decide */
		}
		hb_finalize(q);
		if (rc == -1)
			return -1;
	}
	rc = hb_exec(p->c->st, p->e, "INSERT INTO payout (idem_key, plan_id, "
	    "decision_id, household_id, agreement_id, due_date, exec_date, "
	    "amount, creditor, creditor_iban, debtor_iban, remittance, "
	    "end_to_end, status, approved_by, approval_reason) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sIIIIddIssssssss",
	    key, p->plan_id, decision, p->hh, ev->agreement, ev->due, day,
	    amount, ev->party, ev->iban, p->debtor, ev->reference, e2e, status,
	    by, why);
	free(by);
	free(why);
	if (strcmp(status, "planned") == 0 || strcmp(status, "approved") == 0)
		p->res->payouts++;
	return rc;
}

static int
hold(struct plan *p, struct event *ev, int day, int64_t before,
    const char *rule, const char *why, const char *cf)
{
	char msg[512], trace[1024], m[HB_MONEY_LEN], d1[HB_DATE_LEN];
	char d2[HB_DATE_LEN];
	int64_t id;
	int postpone = strcmp(rule, "TAKE-POSTPONED") == 0;

	/* a postponed taking is decided again when its income arrives */
	if (ev->held_decision && (!ev->postponed || postpone))
		return 0;
	ev->held_decision = 1;
	snprintf(msg, sizeof(msg), "%s: %s %s to %s; %s", postpone ?
	    "postponed" : "held", ev->what, money(ev->amount, m), ev->party,
	    why);
	keep(p, postpone ? "postponed" : "held", 3, ev->what, m, ev->party);
	snprintf(trace, sizeof(trace), "due %s, execution %s; %s; %s",
	    date(ev->due, d1), date(day, d2), why, postpone ? "decided again "
	    "when the income arrives" : ev->taking ? "a taking is not caught "
	    "up later" : "retried whenever income arrives, carried to next "
	    "month if still short");
	/* waiting for income that is on its way needs no person yet */
	if (decide(p, ev, day, "hold", rule, !postpone, ev->amount, before,
	    msg, trace, cf, ev->postponed ? ev->hold_id : 0, &id) == -1)
		return -1;
	ev->hold_id = id;
	ev->postponed = postpone;
	if (postpone)
		return 0;
	if (ev->taking) {
		ev->done = 1;	/* a taking is not carried */
		p->res->held++;
	}
	keep(p, postpone ? "postponed" : "held", 3, ev->what, m, ev->party);
	return plan_signal(p, "payout_held", ev->agreement, msg);
}

/*
 * Room for taking: the month's net income that has arrived by day, above
 * the protected income.  Bring before take: income expected later in the
 * month is never taken from in advance (*later is the first such income,
 * or NULL).  Up to the social-assistance norm the protected income is
 * protected.percent (95%) of net income; above it, the creditor's notice
 * says what it is.  *need is the income at which the whole amount could
 * be taken.
 */
static int
take_room(struct plan *p, const struct event *ev, int day, int64_t *room,
    const struct event **later, int64_t *unbooked, const char **rule,
    char *trace, size_t sz, char *cf, size_t cfsz)
{
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], m3[HB_MONEY_LEN];
	char m4[HB_MONEY_LEN];
	const char *norm_name = p->adults >= 2 ? "norm.couple" : "norm.single";
	int64_t base = 0, norm = 0, percent = 0, protected, need;
	int i, rc;

	*later = NULL;
	*unbooked = 0;
	/* toeslagen are seized only by their own creditor (Awir art. 45) */
	for (i = 0; i < p->nev; i++) {
		if (p->ev[i].kind != EV_INCOME || p->ev[i].day < p->first ||
		    p->ev[i].missing ||
		    (p->ev[i].toeslag && p->ev[i].org != ev->org))
			continue;
		/* only income the bank booked on the account by the day is
		 * there to take from; expected income, however near, is not */
		if (p->ev[i].day > day ||
		    strcmp(p->ev[i].rule, "INCOME-BOOKED") != 0) {
			if (*later == NULL || p->ev[i].day < (*later)->day)
				*later = &p->ev[i];
			continue;
		}
		if (hb_add(base, p->ev[i].amount, &base) == -1)
			return hb_error(p->e, "income out of range");
	}
	if ((rc = param(p, norm_name, &norm, NULL)) != 1 ||
	    (rc = param(p, "protected.percent", &percent, NULL)) != 1)
		return rc == -1 ? -1 : hb_error(p->e, "no %s or "
		    "protected.percent in force on %s-01", norm_name, p->month);
	if (base <= norm) {
		/* rounded in the citizen's favour */
		protected = base - base * (10000 - percent) / 10000;
		/* the whole amount fits once (100% - percent) of income does */
		need = (ev->amount + p->taken) * 10000 / (10000 - percent);
		snprintf(trace, sz, "net income arrived this month %s is not "
		    "above the %s %s, so the protected income is %s%% of it: "
		    "%s (Rv art. "
		    "475d)", money(base, m1), norm_name, money(norm, m2),
		    (hb_money_format(percent, m4), m4), money(protected, m3));
	} else if (ev->notice >= 0) {
		protected = ev->notice;
		need = protected + p->taken + ev->amount;
		snprintf(trace, sz, "net income arrived this month %s is above "
		    "the %s %s; the creditor's notice gives the protected "
		    "income: %s",
		    money(base, m1), norm_name, money(norm, m2),
		    money(protected, m3));
	} else {
		*room = 0;
		*rule = "TAKE-NO-NOTICE";
		snprintf(trace, sz, "net income arrived this month %s is above "
		    "the %s %s and the agreement holds no creditor's notice of "
		    "the protected income", money(base, m1), norm_name,
		    money(norm, m2));
		snprintf(cf, cfsz, "had the creditor given the protected income "
		    "in a notice, the taking could have been weighed against "
		    "it; had net income been at most %s, 95%% of it would have "
		    "been protected", money(norm, m1));
		return 0;
	}
	*room = base - protected - p->taken;
	if (*room < 0)
		*room = 0;
	snprintf(trace + strlen(trace), sz - strlen(trace), "; taken already "
	    "this month %s; room %s", money(p->taken, m1), money(*room, m4));
	*rule = *room >= ev->amount ? "TAKE" : *room > 0 ? "TAKE-REDUCED" :
	    "TAKE-PROTECTED";
	if (*room >= ev->amount)
		snprintf(cf, cfsz, "had net income this month been below %s, "
		    "less than %s could have been taken", money(need, m1),
		    money(ev->amount, m2));
	else
		snprintf(cf, cfsz, "had net income this month been %s (%s "
		    "more), the full %s could have been taken", money(need, m1),
		    money(need - base, m3), money(ev->amount, m2));
	return 0;
}

/* What of the claim is left: its total less what was paid or exported. */
static int
claim_left(struct plan *p, const struct event *ev, int64_t *left)
{
	int64_t paid = 0, planned = 0;
	int i;

	if (hb_query_int(p->c->st, &paid, p->e, "SELECT coalesce("
	    "sum(-l.cents), 0) FROM line_match m JOIN bank_line l ON "
	    "l.id = m.line_id WHERE m.agreement_id = ?1 AND l.cents < 0 AND "
	    CURRENT("m") " AND NOT EXISTS (SELECT 1 FROM payout WHERE "
	    "line_id = l.id)", "I", ev->agreement) == -1)
		return -1;
	if (hb_query_int(p->c->st, &planned, p->e, "SELECT coalesce("
	    "sum(amount), 0) FROM payout WHERE agreement_id = ? AND status IN "
	    "('exported','reconciled','planned','approved','advisory') AND "
	    "plan_id <> ?", "II", ev->agreement, p->plan_id) == -1)
		return -1;
	for (i = 0; i < p->nev; i++)
		if (&p->ev[i] != ev && p->ev[i].agreement == ev->agreement &&
		    p->ev[i].kind == EV_PAYOUT && p->ev[i].done &&
		    !p->ev[i].held_decision)
			planned += p->ev[i].amount;
	*left = ev->claim_total - paid - planned;
	return 0;
}

/* advisory: this agreement, or the household while the payout is not
 * essential, has an open escalation */
static int
disputed(const struct plan *p, const struct event *ev)
{
	int i;

	if (p->escalated && !ev->essential)
		return 1;
	for (i = 0; ev->agreement > 0 && i < p->nesc; i++)
		if (p->esc[i].agreement == ev->agreement)
			return 1;
	return 0;
}

/* an open escalation about the taking, else any of the household: 1 and
 * its id, or 0 */
static int
escalated_taking(const struct plan *p, const struct event *ev, int64_t *esc)
{
	int i;

	for (i = 0; i < p->nesc; i++)
		if (p->esc[i].agreement == ev->agreement) {
			*esc = p->esc[i].id;
			return 1;
		}
	if (p->nesc > 0)	/* every taking waits for the person */
		*esc = p->esc[0].id;
	return p->nesc > 0;
}

static int
pay_taking(struct plan *p, struct event *ev, int day)
{
	char trace[1024], cf[512], msg[512], m1[HB_MONEY_LEN];
	char m2[HB_MONEY_LEN];
	const char *rule = "TAKE";
	const struct event *later;
	char d1[HB_DATE_LEN];
	int advisory;
	int64_t room = 0, left, amount, before = p->balance, id, esc;
	int64_t unbooked;

	if (escalated_taking(p, ev, &esc)) {
		ev->done = 1;
		snprintf(msg, sizeof(msg), "suspended: %s %s; escalation %lld "
		    "is open", ev->what, money(ev->amount, m1),
		    (long long)esc);
		snprintf(m2, sizeof(m2), "%lld", (long long)esc);
		keep(p, "suspended", 3, ev->what, m1, m2);
		snprintf(cf, sizeof(cf), "had escalation %lld not been open, "
		    "the %s would have been weighed against the protected "
		    "income", (long long)esc, ev->kind_name);
		return decide(p, ev, day, "suspend", "TAKE-ESCALATED", 1,
		    ev->amount, before, msg, "an open escalation suspends "
		    "the disputed taking until a person resolves it", cf, 0,
		    &id);
	}
	if (ev->claim_total >= 0) {
		if (claim_left(p, ev, &left) == -1)
			return -1;
		if (left <= 0) {
			ev->done = 1;
			snprintf(msg, sizeof(msg), "no %s: the claim of %s is "
			    "paid", ev->kind_name, money(ev->claim_total, m1));
			keep(p, "claim-paid", 2, ev->kind_name, m1);
			return decide(p, ev, day, "suspend", "TAKE-CLAIM-PAID",
			    0, 0, before, msg, "claim total less payments "
			    "made is nothing", "had the claim been larger, "
			    "the taking would have gone on", 0, &id);
		}
	} else
		left = ev->amount;
	if (strcmp(ev->kind_name, "offset") == 0 &&
	    strcmp(ev->org_kind, "benefit_agency") == 0) {
		int64_t min = 0;

		if (param(p, "toeslag_offset.min", &min, NULL) == -1)
			return -1;
		if (ev->amount < min) {
			snprintf(trace, sizeof(trace), "an offset of %s is "
			    "below the %s minimum (toeslag_offset.min)",
			    money(ev->amount, m1), money(min, m2));
			return hold(p, ev, day, before, "TAKE-OFFSET-MIN", trace,
			    "had the offset been at least the minimum, it "
			    "would have been weighed against the protected "
			    "income");
		}
	}
	if (take_room(p, ev, day, &room, &later, &unbooked, &rule, trace,
	    sizeof(trace), cf, sizeof(cf)) == -1)
		return -1;
	amount = ev->amount < left ? ev->amount : left;
	if (amount > room && later != NULL) {
		/* bring before take: wait for the income, never take from
		 * it before it is there */
		snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace),
		    "; %s %s, expected on %s, is not counted before it "
		    "arrives: the taking waits for it (bring before take)",
		    later->what, money(later->amount, m1),
		    date(later->day, d1));
		snprintf(cf, sizeof(cf), "had the income been on the account "
		    "by %s, the %s would have been weighed against it on its "
		    "day", date(day, d1), ev->kind_name);
		return hold(p, ev, day, before, "TAKE-POSTPONED", trace, cf);
	}
	if (amount > room)
		amount = room;
	if (amount <= 0)
		return hold(p, ev, day, before, rule, trace, cf);
	if (p->balance < amount) {
		shortfall_cf(p, day, amount - p->balance, "the taking would "
		    "have been made", cf, sizeof(cf));
		return hold(p, ev, day, before, "HOLD", "the balance does not "
		    "cover it and taking never uses the buffer", cf);
	}
	p->balance -= amount;
	p->taken += amount;
	ev->done = 1;
	snprintf(msg, sizeof(msg), "%s %s to %s%s", ev->what,
	    money(amount, m1), ev->party, amount == ev->amount ? "" :
	    amount == left ? " (what is left of the claim)" :
	    " (reduced to protect income)");
	keep(p, amount == ev->amount ? "pay" : amount == left ? "take-left" :
	    "take-reduced", 3, ev->what, m1, ev->party);
	if (amount < ev->amount && amount == left)
		snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace),
		    "; the claim has only %s left", money(left, m2));
	if (amount == left && amount < ev->amount)
		rule = "TAKE";
	if (unbooked > 0)
		snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace),
		    "; %s of that income is expected by this day but not "
		    "booked yet: should it not arrive, plan again before the "
		    "export", money(unbooked, m2));
	advisory = disputed(p, ev);
	if (uncertain(p, ev, before, amount)) {
		advisory = 1;
		uncertain_trace(p, trace, sizeof(trace));
	}
	if (decide(p, ev, day, amount < ev->amount ? "reduce" : "payout", rule,
	    advisory, amount, before, msg, trace, cf, ev->hold_id,
	    &id) == -1)
		return -1;
	return add_payout(p, ev, day, amount, advisory ? "advisory" :
	    "planned", id);
}

/* 1 when the payout needs money beyond what is certain: more than the
 * balance less the pooled account's unmatched debits */
static int
uncertain(const struct plan *p, const struct event *ev, int64_t before,
    int64_t amount)
{
	return p->uncertain > 0 && before - p->uncertain < amount;
}

static void
uncertain_trace(const struct plan *p, char *trace, size_t sz)
{
	char m[HB_MONEY_LEN];

	snprintf(trace + strlen(trace), sz - strlen(trace), "; the balance "
	    "less the unmatched debits on the pooled account (%s) does not "
	    "cover it: uncertain, a person confirms", money(p->uncertain, m));
}

static int
pay(struct plan *p, struct event *ev, int day)
{
	char trace[1024], cf[512], msg[512], m1[HB_MONEY_LEN];
	char m2[HB_MONEY_LEN], m3[HB_MONEY_LEN], m4[HB_MONEY_LEN];
	char d1[HB_DATE_LEN], d2[HB_DATE_LEN], d3[HB_DATE_LEN];
	int64_t before = p->balance, avail, advance, id;
	int advisory = disputed(p, ev), exhausted = 0;
	int late = day > ev->day || ev->carried;
	const char *rule, *subject;

	if (ev->taking)
		return pay_taking(p, ev, day);
	/* the buffer covers essential payouts down to minus the limit */
	avail = ev->essential ? before + p->buffer_limit : before;
	if (avail < ev->amount) {
		snprintf(trace, sizeof(trace), "balance %s%s%s; short by %s",
		    money(before, m1), ev->essential ? ", buffer left " : "",
		    ev->essential ? money(p->buffer_limit - (before < 0 ?
		    -before : 0), m2) : " (the buffer covers only ",
		    money(ev->amount - avail, m3));
		if (!ev->essential)
			snprintf(trace, sizeof(trace), "balance %s (the buffer "
			    "covers only %s: policy.buffer_covers); short by %s",
			    money(before, m1), p->covers,
			    money(ev->amount - avail, m3));
		shortfall_cf(p, day, ev->amount - avail, "the payout would "
		    "have been made", cf, sizeof(cf));
		return hold(p, ev, day, before, "HOLD", trace, cf);
	}
	p->balance -= ev->amount;
	ev->done = 1;
	advance = before >= ev->amount ? 0 : ev->amount - (before > 0 ?
	    before : 0);
	if (late)
		snprintf(trace, sizeof(trace), "due %s, held on %s for want of "
		    "money, paid on %s when income arrived", date(ev->due, d1),
		    date(ev->day, d2), date(day, d3));
	else
		snprintf(trace, sizeof(trace), "due %s (%s, priority %d); "
		    "executed %s, the last bank working day that gets it there "
		    "by then", date(ev->due, d1), ev->kind_name, ev->rank + 1,
		    date(day, d2));
	if (advance > 0) {
		rule = "PAY-BUFFER";
		subject = "buffer_advance";
		exhausted = -p->balance * 100 >= p->buffer_limit *
		    EXHAUSTED_PERCENT;
		advisory |= exhausted;
		snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace),
		    "; balance %s falls short: buffer advance %s, buffer in use "
		    "%s of %s%s", money(before, m1), money(advance, m2),
		    money(-p->balance, m3), money(p->buffer_limit, m4),
		    exhausted ? "; the buffer is nearly exhausted: a person "
		    "confirms" : "");
		shortfall_cf(p, day, advance, "no buffer advance would have "
		    "been needed", cf, sizeof(cf));
	} else {
		rule = late ? "PAY-LATE" : "PAY";
		subject = late ? "postpone" : "payout";
		snprintf(trace + strlen(trace), sizeof(trace) - strlen(trace),
		    "; balance %s covers it", money(before, m1));
		snprintf(cf, sizeof(cf), "had the balance on %s been %s lower "
		    "(below %s), %s", date(day, d1),
		    money(before - ev->amount + 1, m2), money(ev->amount, m3),
		    ev->essential ? "the buffer would have advanced the "
		    "difference" : "the payout would have been held");
	}
	if (uncertain(p, ev, before, ev->amount)) {
		advisory = 1;
		uncertain_trace(p, trace, sizeof(trace));
	}
	snprintf(msg, sizeof(msg), "%s %s to %s%s", ev->what,
	    money(ev->amount, m1), ev->party, advance > 0 ? " with a buffer "
	    "advance" : late ? ", later than due" : "");
	keep(p, advance > 0 ? "pay-buffer" : late ? "pay-late" : "pay", 3,
	    ev->what, m1, ev->party);
	if (decide(p, ev, day, subject, rule, advisory, ev->amount, before,
	    msg, trace, cf, ev->hold_id, &id) == -1)
		return -1;
	if (advance > 0) {
		snprintf(msg, sizeof(msg), "buffer advance %s on %s for %s; "
		    "buffer in use %s of %s", money(advance, m1), date(day, d1),
		    ev->what, money(-p->balance, m2),
		    money(p->buffer_limit, m3));
		keep(p, "buffer-advance", 5, m1, d1, ev->what, m2, m3);
		if (plan_signal(p, exhausted ? "buffer_exhausted" :
		    "buffer_used", ev->agreement, msg) == -1)
			return -1;
	}
	return add_payout(p, ev, day, ev->amount, advisory ? "advisory" :
	    "planned", id);
}

static int
money_in(struct plan *p, struct event *ev)
{
	char msg[512], trace[512], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN];
	char d1[HB_DATE_LEN];
	int64_t before = p->balance, used = before < 0 ? -before : 0, id;

	ev->done = 1;
	if (ev->missing) {
		snprintf(msg, sizeof(msg), "missing: %s %s from %s, expected on "
		    "%s", ev->what, money(ev->amount, m1), ev->party,
		    date(ev->day, d1));
		keep(p, "missing", 4, ev->what, m1, ev->party, d1);
		return decide(p, ev, ev->day, "income_missing",
		    "INCOME-MISSING", 1, ev->amount, before, msg, "not booked "
		    "by its due date plus the day margin: not counted, "
		    "signalled", "had it been booked, the plan would have "
		    "counted on it", 0, &id);
	}
	if (ev->kind == EV_DEBIT) {
		p->balance -= ev->amount;
		snprintf(msg, sizeof(msg), "%s %s to %s", ev->what,
		    money(ev->amount, m1), ev->party);
		snprintf(m2, sizeof(m2), "%lld", (long long)ev->batch);
		keep(p, "pay", 3, ev->what, m1, ev->party);
		if (strcmp(ev->rule, "PAY-RESERVED") == 0) {
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
			    ", reserved for export batch %s", m2);
			keep(p, "reserved", 4, ev->what, m1, ev->party, m2);
		}
		return decide(p, ev, ev->day, "payout", ev->rule, 0,
		    ev->amount, before, msg, strcmp(ev->rule, "PAY-RESERVED") ==
		    0 ? "reserved by an export batch that has not finished: "
		    "counted as leaving the account, never planned again" :
		    strcmp(ev->rule, "PAY-EXPORTED") ?
		    "booked by the bank" : "exported before; it never changes",
		    "a booked or exported payment is a fact, not a choice", 0,
		    &id);
	}
	p->balance += ev->amount;
	snprintf(msg, sizeof(msg), "%s %s from %s", ev->what,
	    money(ev->amount, m1), ev->party);
	keep(p, "income", 3, ev->what, m1, ev->party);
	snprintf(trace, sizeof(trace), "%s on %s", strcmp(ev->rule,
	    "INCOME-BOOKED") == 0 ? "booked" : "expected", date(ev->day, d1));
	if (decide(p, ev, ev->day, "income", ev->rule, 0, ev->amount, before,
	    msg, trace, strcmp(ev->rule, "INCOME-BOOKED") == 0 ? "a booked "
	    "income is a fact" : "had it not arrived by its due date plus "
	    "the day margin, the plan would not count on it", 0, &id) == -1)
		return -1;
	if (used == 0)
		return 0;
	snprintf(msg, sizeof(msg), "buffer advance repaid: %s of %s",
	    money(used < ev->amount ? used : ev->amount, m1), money(used, m2));
	keep(p, "recovery", 2, m1, m2);
	return decide(p, ev, ev->day, "buffer_recovery", "BUFFER-RECOVER", 0,
	    used < ev->amount ? used : ev->amount, before, msg, "income "
	    "repays the buffer advance before it pays for anything else",
	    "without a buffer advance outstanding, all of this income would "
	    "have been available", 0, &id);
}

static int
held_order(const void *va, const void *vb)
{
	const struct event *a = *(const struct event *const *)va;
	const struct event *b = *(const struct event *const *)vb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->due < b->due ? -1 : a->due > b->due;
}

/* Payouts held earlier, in priority order, when income arrives. */
static int
retry_held(struct plan *p, int day)
{
	struct event *held[MAXEV];
	int i, n = 0;

	for (i = 0; i < p->nev; i++)
		if (p->ev[i].kind == EV_PAYOUT && !p->ev[i].done &&
		    p->ev[i].held_decision && p->ev[i].day < day)
			held[n++] = &p->ev[i];
	qsort(held, (size_t)n, sizeof(held[0]), held_order);
	for (i = 0; i < n; i++)
		if (pay(p, held[i], day) == -1)
			return -1;
	return 0;
}

static int
simulate(struct plan *p)
{
	char msg[256], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d[HB_DATE_LEN];
	int i, j, day, income;

	if (p->nev > 0)		/* no events, no array: qsort wants one */
		qsort(p->ev, (size_t)p->nev, sizeof(p->ev[0]), event_order);
	for (i = 0; i < p->nev; i = j) {
		day = p->ev[i].day;
		income = 0;
		for (j = i; j < p->nev && p->ev[j].day == day &&
		    p->ev[j].kind != EV_PAYOUT; j++) {
			income |= p->ev[j].kind == EV_INCOME;
			if (money_in(p, &p->ev[j]) == -1)
				return -1;
		}
		if (income && retry_held(p, day) == -1)
			return -1;
		for (; j < p->nev && p->ev[j].day == day; j++)
			if (pay(p, &p->ev[j], day) == -1)
				return -1;
		if (-p->balance > p->used_max)
			p->used_max = -p->balance;
		if (p->balance < p->low_balance && !p->negative_signalled) {
			p->negative_signalled = 1;
			snprintf(msg, sizeof(msg), "balance %s on %s, below %s",
			    money(p->balance, m1), date(day, d),
			    money(p->low_balance, m2));
			keep(p, "negative-balance", 3, m1, d, m2);
			if (plan_signal(p, "negative_balance", -1, msg) == -1)
				return -1;
		}
	}
	/* still short at the end of the month: held, and carried */
	for (i = 0; i < p->nev; i++) {
		if (p->ev[i].kind != EV_PAYOUT || p->ev[i].done)
			continue;
		/* a taking that waits for its income to be booked needs no
		 * person: the plan made once it is booked pays it */
		if (p->ev[i].taking && p->ev[i].postponed)
			continue;
		p->res->held++;
		if (p->ev[i].taking)	/* a taking is not carried */
			continue;
		if (add_payout(p, &p->ev[i], p->ev[i].day, p->ev[i].amount,
		    "held", p->ev[i].hold_id) == -1)
			return -1;
	}
	return 0;
}

/* Possible non-take-up: rent without huurtoeslag, insurance without
 * zorgtoeslag, at an income under the threshold. */
static int
non_take_up(struct plan *p)
{
	static const struct {
		const char *pays, *allowance;
	} pairs[] = {
		{ "rent", "huurtoeslag" },
		{ "health_insurance", "zorgtoeslag" },
	};
	char msg[512], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], name[64];
	int64_t income = 0, threshold = 0, n;
	size_t k;
	int i, rc;

	for (i = 0; i < p->nev; i++)
		if (p->ev[i].kind == EV_INCOME && p->ev[i].day >= p->first &&
		    !p->ev[i].missing && !p->ev[i].toeslag)
			income += p->ev[i].amount;
	snprintf(name, sizeof(name), "nontakeup.income_threshold.%s",
	    p->adults >= 2 ? "couple" : "single");
	if ((rc = param(p, name, &threshold, NULL)) != 1)
		return rc;
	if (income >= threshold)
		return 0;
	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		rc = hb_query_int(p->c->st, &n, p->e, "SELECT (SELECT count(*) "
		    "FROM agreement WHERE household_id = ?1 AND kind = ?2 AND "
		    "valid_from <= ?4 AND (valid_to IS NULL OR valid_to >= ?3)) "
		    "> 0 AND (SELECT count(*) FROM agreement WHERE household_id "
		    "= ?1 AND kind = 'toeslag' AND (instr(lower(description), "
		    "?5) OR instr(lower(search), ?5)) AND valid_from <= ?4 AND "
		    "(valid_to IS NULL OR valid_to >= ?3)) = 0", "Isdds", p->hh,
		    pairs[k].pays, p->first, p->last, pairs[k].allowance);
		if (rc != 1)
			return -1;
		if (n == 0)
			continue;
		snprintf(msg, sizeof(msg), "possible non-take-up: pays %s but "
		    "receives no %s, with an income of %s this month under the "
		    "threshold %s (%s)", pairs[k].pays, pairs[k].allowance,
		    money(income, m1), money(threshold, m2), name);
		keep(p, "non-take-up", 5, pairs[k].pays, pairs[k].allowance,
		    m1, m2, name);
		if (plan_signal(p, "non_take_up", -1, msg) == -1)
			return -1;
	}
	return 0;
}

/* A new plan supersedes the month's current one: its payouts that were
 * not exported are cancelled, its signals resolved, its decisions kept.
 * So are those of older plans of the month that an export reserved and
 * then freed when it abandoned its batch after a crash. */
static int
supersede(struct plan *p)
{
	char at[32];
	int rc;

	rc = hb_query_int(p->c->st, &p->prev_plan, p->e, "SELECT id FROM plan "
	    "WHERE household_id = ? AND month = ? AND superseded_by IS NULL",
	    "Is", p->hh, p->month);
	if (rc == -1)
		return -1;
	if (rc == 0)
		p->prev_plan = 0;
	hb_now_utc(at);
	if (hb_exec(p->c->st, p->e, "INSERT INTO plan (household_id, month, "
	    "start_date, opening, closing, buffer_used, at, actor, today) "
	    "VALUES (?, ?, ?, 0, 0, 0, ?, ?, ?)", "Isdssd", p->hh, p->month,
	    p->first, at, p->c->actor, p->today) == -1)
		return -1;
	p->plan_id = hb_last_id(p->c->st);
	if (p->prev_plan == 0)
		return 0;
	if (hb_exec(p->c->st, p->e, "UPDATE plan SET superseded_by = ? WHERE "
	    "id = ?", "II", p->plan_id, p->prev_plan) == -1 ||
	    /* by the plans' index of payouts ("+status": not by the index
	     * of every payout with that status, which grows with the run) */
	    hb_exec(p->c->st, p->e, "UPDATE payout SET status = 'cancelled' "
	    "WHERE plan_id IN (SELECT id FROM plan WHERE household_id = ? AND "
	    "month = ? AND id <> ?) AND +status IN ('planned','advisory',"
	    "'approved','held') AND pending_batch IS NULL", "IsI", p->hh,
	    p->month, p->plan_id) == -1)
		return -1;
	return hb_exec(p->c->st, p->e, "UPDATE signal SET status = 'resolved' "
	    "WHERE plan_id = ? AND status = 'active'", "I", p->prev_plan);
}

/* A month that plans now resolves the signal of its failed attempts. */
static int
resolve_failed(struct plan *p)
{
	return hb_exec(p->c->st, p->e, "UPDATE signal SET status = "
	    "'resolved', resolved_by = ?, resolution = 'planned again' WHERE "
	    "household_id = ? AND kind = 'plan_failed' AND status = 'active' "
	    "AND substr(details, 1, 17) = 'planning ' || ? || ' '", "sIs",
	    p->c->actor, p->hh, p->month);
}

int
hb_planner_new(struct hb_ctx *c, const char *month, struct hb_planner **out,
    struct hb_err *e)
{
	struct hb_planner *pl;
	int y, m;
	char *end;

	*out = NULL;
	y = (int)strtol(month, &end, 10);
	if (strlen(month) != 7 || end != month + 4 || *end != '-' ||
	    (m = (int)strtol(end + 1, &end, 10)) < 1 || m > 12 ||
	    *end != '\0' || y < 2000 || y > 2199)
		return hb_error(e, "invalid month '%s': expected YYYY-MM",
		    month);
	pl = xcalloc(1, sizeof(*pl));
	pl->c = c;
	snprintf(pl->month, sizeof(pl->month), "%s", month);
	pl->first = hb_date_make(y, m, 1);
	pl->last = hb_date_make(y, m, hb_month_days(y, m));
	*out = pl;
	return 0;
}

void
hb_planner_free(struct hb_planner *pl)
{
	int i;

	if (pl == NULL)
		return;
	for (i = 0; i < pl->nparams; i++) {
		free(pl->params[i].name);
		free(pl->params[i].text);
	}
	free(pl->params);
	free(pl->ev);
	free(pl->esc);
	free(pl->unmatched);
	free(pl);
}

int
hb_planner_plan(struct hb_planner *pl, const char *code,
    struct hb_plan_result *res, struct hb_err *e)
{
	struct plan plan, *p = &plan;
	int i;

	memset(res, 0, sizeof(*res));
	memset(p, 0, sizeof(*p));
	p->c = pl->c;
	p->e = e;
	p->pl = pl;
	p->res = res;
	p->today = pl->c->today;
	p->ev = pl->ev;
	snprintf(p->code, sizeof(p->code), "%s", code);
	snprintf(p->month, sizeof(p->month), "%s", pl->month);
	p->first = pl->first;
	p->last = pl->last;
	if (load_household(p) == -1 || supersede(p) == -1 ||
	    resolve_failed(p) == -1 ||
	    hb_plan_record(p->c, p->plan_id, p->hh, p->first,
	    &pl->parameter_set, e) == -1)
		return -1;
	/* the simulation starts on the first execution date */
	p->start = p->first;
	if (gather_agreements(p) == -1 || gather_carried(p) == -1)
		return -1;
	for (i = 0; i < p->nev; i++)
		if (p->ev[i].day < p->start)
			p->start = p->ev[i].day;
	if (gather_lines(p) == -1)
		return -1;
	res->opening = p->balance;
	if (simulate(p) == -1 || non_take_up(p) == -1 ||
	    double_payments(p) == -1)
		return -1;
	res->plan_id = p->plan_id;
	res->closing = p->balance;
	res->buffer_used = p->used_max;
	return hb_exec(p->c->st, e, "UPDATE plan SET start_date = ?, "
	    "opening = ?, closing = ?, buffer_used = ? WHERE id = ?", "dIIII",
	    p->start, res->opening, res->closing, res->buffer_used,
	    p->plan_id);
}

int
hb_planner_plan_alone(struct hb_planner *pl, const char *code,
    struct hb_plan_result *res, struct hb_err *e)
{
	struct hb_ctx *c = pl->c;
	struct hb_err e2;
	char msg[1024 + 128];
	int64_t hh;

	if (hb_household_id(c, code, &hh, e) == -1)
		return -1;
	if (hb_exec(c->st, e, "SAVEPOINT plan_household", "") == -1)
		return -1;
	if (hb_planner_plan(pl, code, res, e) == 0)
		return hb_exec(c->st, e, "RELEASE plan_household", "");
	if (hb_exec(c->st, &e2, "ROLLBACK TO plan_household", "") == -1 ||
	    hb_exec(c->st, &e2, "RELEASE plan_household", "") == -1) {
		*e = e2;
		return -1;
	}
	memset(res, 0, sizeof(*res));
	/* the reason goes on record in the batch's transaction */
	snprintf(msg, sizeof(msg), "planning %s failed, nothing of it was "
	    "kept (an earlier plan of the month stays as it was): %s",
	    pl->month, e->msg);
	if (hb_signal(c, hh, "plan_failed", -1, -1, msg, &e2) == -1) {
		*e = e2;
		return -1;
	}
	res->signals = 1;
	return 1;
}

int
hb_plan_month(struct hb_ctx *c, const char *code, const char *month,
    struct hb_plan_result *res, struct hb_err *e)
{
	struct hb_planner *pl;
	int rc;

	memset(res, 0, sizeof(*res));
	if (hb_planner_new(c, month, &pl, e) == -1)
		return -1;
	rc = hb_planner_plan(pl, code, res, e);
	hb_planner_free(pl);
	return rc;
}

int
hb_plan_approve(struct hb_ctx *c, int64_t decision, const char *reason,
    char *code, size_t codesz, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (reason == NULL || *reason == '\0')
		return hb_error(e, "an approval needs a reason");
	if (hb_prepare(c->st, &q, e, "SELECT h.code, d.mode, pl.superseded_by, "
	    "(SELECT status FROM payout WHERE plan_id = d.plan_id AND "
	    "decision_id = d.id AND status <> 'cancelled' ORDER BY id DESC "
	    "LIMIT 1) FROM decision d JOIN "
	    "household h ON h.id = d.household_id JOIN plan pl ON "
	    "pl.id = d.plan_id WHERE d.id = ?", "I", decision) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown decision %lld", (long long)decision);
	else if (rc == 1) {
		snprintf(code, codesz, "%s", hb_col_text(q, 0));
		if (!hb_col_null(q, 2))
			rc = hb_error(e, "decision %lld was superseded by plan "
			    "%lld: approve a decision of the current plan",
			    (long long)decision, (long long)hb_col_int(q, 2));
		else if (strcmp(hb_col_text(q, 1), "advisory") != 0)
			rc = hb_error(e, "decision %lld is not advisory: "
			    "nothing to approve", (long long)decision);
		else if (strcmp(hb_col_text(q, 3), "advisory") != 0)
			rc = hb_error(e, "decision %lld has no payout waiting "
			    "for approval (%s)", (long long)decision,
			    *hb_col_text(q, 3) ? hb_col_text(q, 3) :
			    "nothing is paid out");
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	return hb_exec(c->st, e, "UPDATE payout SET status = 'approved', "
	    "approved_by = ?1, approval_reason = ?2 WHERE plan_id = (SELECT "
	    "plan_id FROM decision WHERE id = ?3) AND decision_id = ?3 AND "
	    "status = 'advisory'", "ssI", c->actor, reason, decision);
}
