/*
 * Matching a bank line to a household and agreement.
 *
 * Candidates come from two cheap lookups, so that a pooled account of
 * thousands of households costs a few index probes per line:
 *
 *   - agreements one of whose search terms is a word of the line's
 *     description, where that term is selective (at most 32 agreements
 *     share it), and the agreements of a household code (HB-NNNNNN) in the
 *     description;
 *   - agreements with the line's counterparty IBAN (or another IBAN of the
 *     same organisation) whose amount is within the widest amount margin
 *     of the line's amount (at most 64 of them).
 *
 * Of those, the agreements in the line's direction, valid around its date,
 * on a per-household account of that household, and with an amount within
 * 20% of the line's are scored: further off, a line is not that
 * agreement's payment whatever else fits.
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
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define WINDOW_DAYS 45

struct agreement_row {
	int64_t		 id, household, amount, margin;
	int		 day_margin, from, to, own_iban;
	const char	*kind, *schedule, *search, *code, *org;
};

static const char agreement_sql[] =
    "SELECT a.id, a.household_id, a.amount, a.amount_margin, a.day_margin, "
    "a.valid_from, a.valid_to, CASE WHEN a.iban IS ?2 THEN 2 WHEN EXISTS "
    "(SELECT 1 FROM organisation_iban oi WHERE oi.iban = ?2 AND "
    "oi.organisation_id = a.organisation_id) THEN 1 ELSE 0 END, "
    "a.kind, a.schedule, a.search, h.code, coalesce(o.name, ''), "
    "a.direction FROM agreement a "
    "JOIN household h ON h.id = a.household_id "
    "LEFT JOIN organisation o ON o.id = a.organisation_id WHERE a.id = ?1";

#define MAX_IDS 256

struct ids {
	int64_t	id[MAX_IDS];
	int	n;
};

static void
add_id(struct ids *ids, int64_t id)
{
	int i;

	for (i = 0; i < ids->n; i++)
		if (ids->id[i] == id)
			return;
	if (ids->n < MAX_IDS)
		ids->id[ids->n++] = id;
}

/* Add what a query yields, or nothing when it yields more than limit. */
static int
add_query(struct hb_ctx *ctx, struct ids *ids, int limit, struct hb_err *e,
    const char *sql, const char *types, const char *s1, int64_t i1,
    int64_t i2, const char *s2, int64_t i3)
{
	struct hb_stmt *q;
	int64_t found[64];
	int n = 0, rc;

	if (hb_prepare(ctx->st, &q, e, sql, types, s1, i1, i2, s2, i3) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1 && n <= limit && n < 64)
		found[n++] = hb_col_int(q, 0);
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (n <= limit)
		while (n > 0)
			add_id(ids, found[--n]);
	return 0;
}

/* The words of a description, lower case, as search terms are kept. */
static int
term_candidates(struct hb_ctx *ctx, const char *text, struct ids *ids,
    struct hb_err *e)
{
	char *copy = xstrdup(text), *p = copy, *w, *c;
	int words = 0, rc = 0;

	while (rc == 0 && words < 64 &&
	    (w = strsep(&p, " \t,;:()[]{}<>\"'")) != NULL) {
		for (c = w; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		while (c > w && c[-1] == '.')
			*--c = '\0';
		if (*w == '\0')
			continue;
		words++;
		rc = add_query(ctx, ids, 32, e, "SELECT agreement_id FROM "
		    "agreement_term WHERE term = ? LIMIT 33", "s", w, 0, 0,
		    NULL, 0);
	}
	free(copy);
	return rc;
}

/* The widest amount margin of any agreement, once per invocation. */
static int
widest_margin(struct hb_ctx *ctx, int64_t *margin, struct hb_err *e)
{
	if (ctx->widest_margin < 0 && hb_query_int(ctx->st,
	    &ctx->widest_margin, e, "SELECT coalesce(max(amount_margin), 0) "
	    "FROM agreement", "") != 1)
		return -1;
	*margin = ctx->widest_margin;
	return 0;
}

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

/* The score; with explain, also the reason, for the few that are kept. */
static void
score(const struct agreement_row *a, const struct hb_matchline *l,
    struct hb_candidate *c, int explain)
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
#define SAY(...) (explain ? len += (size_t)snprintf(c->reason + len, \
    len < sizeof(c->reason) ? sizeof(c->reason) - len : 0, __VA_ARGS__) : 0)

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
	if (explain) {
		hb_money_format(amount, line_amount);
		hb_money_format(a->amount, agreed);
		hb_money_format(a->margin, margin);
	}
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
		if (explain)
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

/* 1 when agreement id is a candidate for the line, with its score */
static int
candidate(struct hb_ctx *ctx, int64_t id, const struct hb_matchline *l,
    struct hb_candidate *c, int explain, struct hb_err *e)
{
	struct agreement_row a;
	struct hb_stmt *q;
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;
	int rc;

	if (hb_prepare(ctx->st, &q, e, agreement_sql, "Is", id,
	    *l->counter_iban ? l->counter_iban : NULL) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
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
		/* the direction, the account's household, the amount within
		 * 20%, and valid around the line's date */
		rc = strcmp(hb_col_text(q, 13), l->cents > 0 ? "in" : "out") ==
		    0 && (l->account_household < 0 ||
		    a.household == l->account_household) &&
		    a.amount >= amount - amount / 5 &&
		    a.amount <= amount + amount / 5 &&
		    !(a.to != -1 && a.to < l->date - WINDOW_DAYS) &&
		    a.from <= l->date + WINDOW_DAYS;
		if (rc)
			score(&a, l, c, explain);
	}
	hb_finalize(q);
	return rc;
}

int
hb_match(struct hb_ctx *ctx, const struct hb_matchline *l,
    struct hb_candidate *best, int max, struct hb_err *e)
{
	struct hb_candidate c;
	struct ids ids = { .n = 0 };
	char code[10];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, margin;
	const char *dir = l->cents > 0 ? "in" : "out";
	int i, n = 0, rc, scored;

	household_code(l->text, code);
	if (term_candidates(ctx, l->text, &ids, e) == -1 ||
	    (code[0] != '\0' && add_query(ctx, &ids, 64, e, "SELECT a.id FROM "
	    "agreement a JOIN household h ON h.id = a.household_id WHERE "
	    "h.code = ?", "s", code, 0, 0, NULL, 0) == -1) ||
	    widest_margin(ctx, &margin, e) == -1)
		return -1;
	for (i = 0; i < ids.n; i++) {
		if ((rc = candidate(ctx, ids.id[i], l, &c, 0, e)) == -1)
			return -1;
		if (rc == 1)
			n = keep(best, n, max, &c);
	}
	/*
	 * By IBAN, only agreements whose own margin takes the amount; not
	 * needed when a search term or household code already found an
	 * agreement that fits on IBAN, amount and date (85 points or more):
	 * no candidate without a term in the description can beat that.
	 */
	if (n > 0 && best[0].score >= 85)
		goto explain;
	scored = ids.n;
	if (*l->counter_iban != '\0' && add_query(ctx, &ids, 16, e,
	    "SELECT id FROM agreement WHERE iban = ?1 AND direction = ?4 AND "
	    "amount BETWEEN ?2 AND ?3 AND abs(amount - ?5) <= amount_margin "
	    "UNION ALL SELECT a.id FROM organisation_iban oi JOIN agreement a ON "
	    "a.organisation_id = oi.organisation_id WHERE oi.iban = ?1 AND "
	    "a.direction = ?4 AND a.amount BETWEEN ?2 AND ?3 AND "
	    "abs(a.amount - ?5) <= a.amount_margin LIMIT 17", "sIIsI",
	    l->counter_iban, amount - margin, amount + margin, dir,
	    amount) == -1)
		return -1;
	for (i = scored; i < ids.n; i++) {
		if ((rc = candidate(ctx, ids.id[i], l, &c, 0, e)) == -1)
			return -1;
		if (rc == 1)
			n = keep(best, n, max, &c);
	}
explain:
	/* the reasons, written for the few that are kept */
	for (i = 0; i < n; i++)
		if (candidate(ctx, best[i].agreement, l, &best[i], 1, e) == -1)
			return -1;
	return n;
}
