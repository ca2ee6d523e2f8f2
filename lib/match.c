/*
 * Matching a bank line to a household and agreement.
 *
 * Candidates are the agreements in the line's direction whose counterparty
 * IBAN is the line's (or another IBAN of the same organisation), and whose
 * amount is within 20% of the line's: further off, a line is not that
 * agreement's payment whatever else fits.  On a per-household account only
 * that household's agreements count; a line without a known IBAN can still
 * match on a household code (HB-NNNNNN) in its description.
 *
 * Every candidate is scored out of 100, and each part of the score is
 * written down, so that the caseworker (and hb-explain) can read why:
 *
 *	counterparty IBAN	35 the agreement's own, 25 the organisation's
 *	amount			30 exact, 20-29 within the margin (less
 *				the nearer its edge), 10 within 20%
 *	date			20 within the day margin of a due date,
 *				10 within twice that plus 3 days
 *	search terms		15 all found, 8 some (or none defined)
 */
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define WINDOW_DAYS 45

struct agreement_row {
	int64_t		 id, household, amount, margin;
	int		 day_margin, from, to, own_iban;
	const char	*kind, *schedule, *search, *code, *org;
};

static const char candidates_sql[] =
    "SELECT a.id, a.household_id, a.amount, a.amount_margin, a.day_margin, "
    "a.valid_from, a.valid_to, CASE WHEN a.iban IS ?1 THEN 2 WHEN EXISTS "
    "(SELECT 1 FROM organisation_iban oi WHERE oi.iban = ?1 AND "
    "oi.organisation_id = a.organisation_id) THEN 1 ELSE 0 END, "
    "a.kind, a.schedule, a.search, "
    "h.code, coalesce(o.name, '') FROM agreement a "
    "JOIN household h ON h.id = a.household_id "
    "LEFT JOIN organisation o ON o.id = a.organisation_id "
    "WHERE a.direction = ?2 AND a.amount BETWEEN ?3 AND ?4 "
    "AND (?5 < 0 OR a.household_id = ?5) AND a.id IN ("
    "  SELECT id FROM agreement WHERE iban = ?1 AND direction = ?2 "
    "  AND amount BETWEEN ?3 AND ?4 UNION "
    "  SELECT a2.id FROM organisation_iban oi JOIN agreement a2 "
    "  ON a2.organisation_id = oi.organisation_id WHERE oi.iban = ?1 "
    "  AND a2.direction = ?2 AND a2.amount BETWEEN ?3 AND ?4 UNION "
    "  SELECT a3.id FROM household h3 JOIN agreement a3 "
    "  ON a3.household_id = h3.id WHERE h3.code = ?6 AND a3.direction = ?2)";

/* The due date of the agreement nearest to day, or -1. */
static int
nearest_due(const struct agreement_row *a, int day)
{
	struct hb_schedule s;
	struct hb_err e;
	int d, best = -1;

	if (hb_schedule_parse(a->schedule, &s, &e) == -1)
		return -1;
	for (d = hb_schedule_next(&s, day - WINDOW_DAYS);
	    d != -1 && d <= day + WINDOW_DAYS; d = hb_schedule_next(&s, d + 1)) {
		if (d < a->from || (a->to != -1 && d > a->to))
			continue;
		if (best == -1 || abs(d - day) < abs(best - day))
			best = d;
	}
	return best;
}

/* Search terms are separated by '|'; matched without regard to case. */
static int
search_score(const char *terms, const char *text, char *found, size_t sz)
{
	char *list, *p, *t;
	int n = 0, hit = 0;
	size_t len = 0;

	found[0] = '\0';
	p = list = xstrdup(terms);
	while ((t = strsep(&p, "|")) != NULL) {
		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		n++;
		if (strcasestr(text, t) != NULL) {
			hit++;
			if (len < sz)
				len += (size_t)snprintf(found + len, sz - len,
				    "%s'%s'", hit > 1 ? ", " : "", t);
		}
	}
	free(list);
	if (n == 0)
		return 8;
	return hit == n ? 15 : hit > 0 ? 8 : 0;
}

static void
score(const struct agreement_row *a, const struct hb_matchline *l,
    struct hb_candidate *c)
{
	char line_amount[HB_MONEY_LEN], agreed[HB_MONEY_LEN], margin[HB_MONEY_LEN];
	char due[HB_DATE_LEN], found[256];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, diff;
	size_t len = 0;
	int pts, days;

	c->agreement = a->id;
	c->household = a->household;
	c->score = 0;
	c->reason[0] = '\0';
#define SAY(...) (len += (size_t)snprintf(c->reason + len, \
    len < sizeof(c->reason) ? sizeof(c->reason) - len : 0, __VA_ARGS__))

	SAY("agreement %lld (%s, %s %s): ", (long long)a->id, a->code, a->kind,
	    *a->org ? a->org : "own account");
	if (*l->counter_iban == '\0')
		pts = 0, SAY("no counterparty IBAN, household code in the "
		    "description (+0)");
	else if (a->own_iban == 2)
		pts = 35, SAY("IBAN %s is the agreement's (+35)",
		    l->counter_iban);
	else if (a->own_iban == 1)
		pts = 25, SAY("IBAN %s is one of %s's (+25)", l->counter_iban,
		    a->org);
	else
		pts = 0, SAY("IBAN %s is not the agreement's, household code "
		    "in the description (+0)", l->counter_iban);
	c->score += pts;

	diff = amount > a->amount ? amount - a->amount : a->amount - amount;
	hb_money_format(amount, line_amount);
	hb_money_format(a->amount, agreed);
	hb_money_format(a->margin, margin);
	c->amount_ok = diff <= a->margin;
	/* an exact amount weighs more than one just inside the margin */
	pts = diff == 0 ? 30 : c->amount_ok ? 30 - (int)(diff * 10 / a->margin) :
	    diff * 5 <= a->amount ? 10 : 0;
	c->score += pts;
	SAY("; amount %s %s %s agreed, margin %s (+%d)", line_amount,
	    diff == 0 ? "equals the" : c->amount_ok ? "is within the margin of "
	    "the" : "differs from the", agreed, margin, pts);

	c->expected = nearest_due(a, l->date);
	if (c->expected == -1) {
		pts = 0;
		SAY("; no due date within %d days (+0)", WINDOW_DAYS);
	} else {
		days = l->date - c->expected;
		hb_date_format(c->expected, due);
		pts = abs(days) <= a->day_margin ? 20 :
		    abs(days) <= 2 * a->day_margin + 3 ? 10 : 0;
		SAY("; due %s, %d day%s %s, margin %d (+%d)", due, abs(days),
		    abs(days) == 1 ? "" : "s", days < 0 ? "early" : days > 0 ?
		    "late" : "on time", a->day_margin, pts);
	}
	c->score += pts;

	pts = search_score(a->search, l->text, found, sizeof(found));
	c->score += pts;
	if (*a->search == '\0')
		SAY("; no search terms (+%d)", pts);
	else if (found[0] == '\0')
		SAY("; search terms '%s' not found (+0)", a->search);
	else
		SAY("; found %s of '%s' (+%d)", found, a->search, pts);
	SAY(" = %d", c->score);
#undef SAY
}

/* keep the best max candidates, best first */
static int
keep(struct hb_candidate *best, int n, int max, const struct hb_candidate *c)
{
	int i;

	if (n == max && best[max - 1].score >= c->score)
		return n;
	if (n < max)
		n++;
	for (i = n - 1; i > 0 && best[i - 1].score < c->score; i--)
		best[i] = best[i - 1];
	best[i] = *c;
	return n;
}

static void
household_code(const char *text, char code[10])
{
	const char *p = text;
	int i;

	code[0] = '\0';
	while ((p = strstr(p, "HB-")) != NULL) {
		for (i = 3; i < 9 && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == 9 && !(p[9] >= '0' && p[9] <= '9')) {
			memcpy(code, p, 9);
			code[9] = '\0';
			return;
		}
		p += 3;
	}
}

int
hb_match(struct hb_ctx *ctx, const struct hb_matchline *l,
    struct hb_candidate *best, int max, struct hb_err *e)
{
	struct agreement_row a;
	struct hb_candidate c;
	struct hb_stmt *q;
	char code[10];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;
	int n = 0, rc;

	household_code(l->text, code);
	if (hb_prepare(ctx->st, &q, e, candidates_sql, "ssIIIs",
	    *l->counter_iban ? l->counter_iban : NULL,
	    l->cents > 0 ? "in" : "out", amount - amount / 5,
	    amount + amount / 5, l->account_household,
	    code[0] ? code : NULL) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		a.id = hb_col_int(q, 0);
		a.household = hb_col_int(q, 1);
		a.amount = hb_col_int(q, 2);
		a.margin = hb_col_int(q, 3);
		a.day_margin = (int)hb_col_int(q, 4);
		a.from = hb_col_date(q, 5);
		a.to = hb_col_date(q, 6);
		a.own_iban = (int)hb_col_int(q, 7);
		a.kind = hb_col_text(q, 8);
		a.schedule = hb_col_text(q, 9);
		a.search = hb_col_text(q, 10);
		a.code = hb_col_text(q, 11);
		a.org = hb_col_text(q, 12);
		/* an agreement that ended long before, or starts long after */
		if ((a.to != -1 && a.to < l->date - WINDOW_DAYS) ||
		    a.from > l->date + WINDOW_DAYS)
			continue;
		score(&a, l, &c);
		n = keep(best, n, max, &c);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : n;
}
