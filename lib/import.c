/*
 * Importing a bank file: deduplicated per entry, reconciled against the
 * statement's balances, every new line matched to a household and
 * agreement.  It all happens in the caller's transaction, so a file is
 * imported whole or not at all.
 *
 * Dedup key: the bank's own reference where the file has one
 * ("ref:ACCOUNT:REF"); else a hash of the line's facts plus its occurrence
 * among identical lines of the same statement ("fact:HASH:N"), so that two
 * real identical coffees both stay and a re-imported or overlapping
 * statement adds nothing.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define SUGGESTIONS 3

/*
 * How often each line's facts came before in the current statement, for
 * the occurrence index of the dedup key: a hash table in memory of up to
 * SEEN_MAX facts; the facts of a statement longer than that go on in a
 * temporary table, so memory does not grow with the file.
 */
#define SEEN_MAX (1 << 17)
struct seen {
	struct seen_fact {
		unsigned char	 fact[20];
		uint32_t	 n;	/* 0: a free slot; else 1 + count */
	}	*slot;
	size_t	 size;		/* a power of two, at least twice used */
	size_t	 used;
	size_t	 max;		/* SEEN_MAX, or less for a test */
};

struct import {
	struct hb_ctx			*c;
	const struct hb_import_opts	*opts;
	struct hb_import_result		*res;
	const char			*name;
	FILE				*fp;
	long				 size;
	int				 last_percent;
	/* the current statement */
	int64_t				 stmt;
	int64_t				 account;
	int64_t				 account_household;	/* -1 pooled */
	int64_t				 sum;
	int64_t				 stmt_lines;	/* new ones */
	struct seen			 seen;
	int				 exported;	/* payouts await
							 * their debit */
	int				 after_duplicate;
	char				 at[32];	/* of the bookings */
};

static struct seen_fact *
seen_slot(struct seen *t, const unsigned char fact[20])
{
	size_t i;

	memcpy(&i, fact, sizeof(i));
	for (i &= t->size - 1; t->slot[i].n != 0; i = (i + 1) & (t->size - 1))
		if (memcmp(t->slot[i].fact, fact, 20) == 0)
			break;
	return &t->slot[i];
}

static void
seen_clear(struct seen *t)
{
	if (t->used > 0)
		memset(t->slot, 0, t->size * sizeof(*t->slot));
	t->used = 0;
}

static void
seen_grow(struct seen *t)
{
	struct seen_fact *old = t->slot;
	size_t i, n = t->size;

	t->size = n ? 2 * n : 1024;
	t->slot = xcalloc(t->size, sizeof(*t->slot));
	for (i = 0; i < n; i++)
		if (old[i].n != 0)
			*seen_slot(t, old[i].fact) = old[i];
	free(old);
}

/* The number of earlier lines of the statement with these facts, or -1
 * when they are not in memory and there is no room left. */
static int64_t
seen_in_memory(struct seen *t, const unsigned char fact[20])
{
	struct seen_fact *f = t->size > 0 ? seen_slot(t, fact) : NULL;

	if (f == NULL || f->n == 0) {		/* facts new to memory */
		if (t->used == t->max)
			return -1;
		if (2 * (t->used + 1) > t->size) {
			seen_grow(t);
			f = seen_slot(t, fact);
		}
		t->used++;
		memcpy(f->fact, fact, 20);
		f->n = 1;
	}
	return f->n++ - 1;
}

int
hb_signal(struct hb_ctx *c, int64_t household, const char *kind,
    int64_t agreement, int64_t line, const char *details, struct hb_err *e)
{
	char at[32];

	hb_now_utc(at);
	return hb_exec(c->st, e, "INSERT INTO signal (household_id, kind, "
	    "agreement_id, line_id, details, at) VALUES (?, ?, ?, ?, ?, ?)",
	    "msmmss", household < 0 ? INT64_MIN : household, kind,
	    agreement < 0 ? INT64_MIN : agreement, line < 0 ? INT64_MIN : line,
	    details, at);
}

static int
signal_import(struct import *im, int64_t household, const char *kind,
    int64_t agreement, int64_t line, const char *details, struct hb_err *e)
{
	im->res->signals++;
	return hb_signal(im->c, household, kind, agreement, line, details, e);
}

static int
previous_closing(struct import *im, const struct hb_bankstmt *s,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char have[HB_MONEY_LEN], want[HB_MONEY_LEN], details[512];
	int rc;

	if (!s->has_opening || s->opening_date == -1)
		return 0;
	/*
	 * The balance the account had when this statement opens (an opening
	 * balance is dated the first day of its period): the last closing
	 * balance before that day, plus what was booked since (when this
	 * statement overlaps one imported before).
	 */
	if (hb_prepare(im->c->st, &q, e, "SELECT s.closing + (SELECT "
	    "coalesce(sum(l.cents), 0) FROM bank_line l WHERE l.account_id = "
	    "?1 AND l.booking_date > s.closing_date AND l.booking_date < ?2), "
	    "s.closing_date, i.file_name FROM statement s JOIN import i ON "
	    "i.id = s.import_id WHERE s.account_id = ?1 AND s.closing IS NOT "
	    "NULL AND s.closing_date < ?2 ORDER BY s.closing_date DESC, "
	    "s.id DESC LIMIT 1", "Id", im->account, s->opening_date) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1 && hb_col_int(q, 0) != s->opening) {
		hb_money_format(s->opening, have);
		hb_money_format(hb_col_int(q, 0), want);
		snprintf(details, sizeof(details), "statement %s of %s opens "
		    "with %s, but after the previous statement (%s, closing "
		    "%s) the balance was %s: a statement may be missing",
		    s->stmt_id ? s->stmt_id : "without id", s->account, have,
		    hb_col_text(q, 2), hb_col_text(q, 1), want);
		rc = 2;
	}
	hb_finalize(q);
	if (rc == 2 && !im->opts->force)
		return hb_error(e, "%s: %s; nothing imported (force with -f)",
		    im->name, details);
	if (rc == 2)
		return signal_import(im, im->account_household,
		    "statement_unreconciled", -1, -1, details, e);
	return rc == -1 ? -1 : 0;
}

static int
on_begin(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct import *im = arg;
	struct hb_stmt *q;
	char *kind = NULL;
	int rc;

	if (hb_prepare(im->c->st, &q, e, "SELECT id, kind, coalesce("
	    "household_id, -1) FROM account WHERE iban = ?", "s",
	    s->account) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		im->account = hb_col_int(q, 0);
		kind = xstrdup(hb_col_text(q, 1));
		im->account_household = hb_col_int(q, 2);
	}
	hb_finalize(q);
	if (rc == 0)
		return hb_error_at(e, im->name, s->src_line, NULL, "account %s "
		    "is not an account hb manages: register it with "
		    "'hb-household add account'", s->account);
	if (rc == -1)
		return -1;
	rc = strcmp(kind, "own") == 0 ? hb_error_at(e, im->name, s->src_line,
	    NULL, "account %s is a household's own account: hb imports only "
	    "the accounts it manages", s->account) : 0;
	free(kind);
	if (rc == -1 || previous_closing(im, s, e) == -1)
		return -1;
	if (hb_exec(im->c->st, e, "INSERT INTO statement (import_id, "
	    "account_id, bank_id, opening, closing, opening_date, "
	    "closing_date, reconciled) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
	    "IIsmmdd", im->res->import_id, im->account, s->stmt_id,
	    s->has_opening ? s->opening : INT64_MIN,
	    s->has_closing ? s->closing : INT64_MIN,
	    s->has_opening ? s->opening_date : -1,
	    s->has_closing ? s->closing_date : -1) == -1)
		return -1;
	im->stmt = hb_last_id(im->c->st);
	snprintf(im->res->format, sizeof(im->res->format), "%s", s->format);
	im->sum = 0;
	im->stmt_lines = 0;
	seen_clear(&im->seen);
	im->res->statements++;
	return 0;
}

/* A hash of the line's facts, for lines without a bank reference. */
static void
fact_hash(const struct hb_bankstmt *s, const struct hb_bankline *l,
    unsigned char sum[32])
{
	struct hb_sha256 h;
	char facts[64];

	hb_sha256_init(&h);
	snprintf(facts, sizeof(facts), "%s\x1f%d\x1f%lld\x1f", s->account,
	    l->booking_date, (long long)l->cents);
	hb_sha256_update(&h, facts, strlen(facts));
	hb_sha256_update(&h, l->counter_iban, strlen(l->counter_iban));
	hb_sha256_update(&h, "\x1f", 1);
	hb_sha256_update(&h, l->counter_name, strlen(l->counter_name));
	hb_sha256_update(&h, "\x1f", 1);
	hb_sha256_update(&h, l->description, strlen(l->description));
	hb_sha256_final(&h, sum);
}

/*
 * The dedup key.  Without a bank reference: how many identical lines came
 * before this one in the same statement decides its occurrence index.
 */
static int
dedup_key(struct import *im, const struct hb_bankstmt *s,
    const struct hb_bankline *l, char *out, size_t sz, struct hb_err *e)
{
	unsigned char sum[32];
	char hex[41];
	int64_t n;

	if (l->bank_ref != NULL && *l->bank_ref != '\0') {
		snprintf(out, sz, "ref:%s:%s", s->account, l->bank_ref);
		return 0;
	}
	fact_hash(s, l, sum);
	hb_hex(sum, 20, hex);
	if ((n = seen_in_memory(&im->seen, sum)) == -1 &&
	    hb_query_int(im->c->st, &n, e, "INSERT INTO temp.import_seen "
	    "VALUES (?, ?, 0) ON CONFLICT DO UPDATE SET n = n + 1 "
	    "RETURNING n", "Is", im->stmt, hex) != 1)
		return -1;
	snprintf(out, sz, "fact:%s:%lld", hex, (long long)n);
	return 0;
}

static int
book(struct import *im, int64_t line, int64_t household, int64_t agreement,
    int expected, int score, const char *method, const char *reason,
    struct hb_err *e)
{
	return hb_exec(im->c->st, e, "INSERT INTO line_match (line_id, "
	    "household_id, agreement_id, expected_date, score, method, reason, "
	    "actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "Immdissss",
	    line, household < 0 ? INT64_MIN : household,
	    agreement < 0 ? INT64_MIN : agreement, expected, score, method,
	    reason, im->c->actor, im->at);
}

static int
booked_signals(struct import *im, int64_t line, const struct hb_candidate *b,
    const struct hb_bankline *l, struct hb_err *e)
{
	char details[900], have[HB_MONEY_LEN], agreed[HB_MONEY_LEN];
	char diff[HB_MONEY_LEN], margin[HB_MONEY_LEN];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, n = 0;

	if (!b->amount_ok) {
		hb_money_format(amount, have);
		hb_money_format(b->agreed, agreed);
		hb_money_format(amount > b->agreed ? amount - b->agreed :
		    b->agreed - amount, diff);
		hb_money_format(b->margin, margin);
		snprintf(details, sizeof(details), "amount %s against %s "
		    "agreed: %s %s, margin %s; %s", have, agreed, diff,
		    amount > b->agreed ? "more" : "less", margin, b->reason);
		if (signal_import(im, b->household, "amount_deviation",
		    b->agreement, line, details, e) == -1)
			return -1;
	}
	/*
	 * Another line booked to the same agreement and due date: one is
	 * enough to say so, so the search stops at the first (a count would
	 * read all of them again for every line of a large file).
	 */
	if (hb_query_int(im->c->st, &n, e, "SELECT EXISTS (SELECT 1 FROM "
	    "line_match m WHERE m.agreement_id = ? AND m.expected_date IS ? "
	    "AND m.line_id <> ? AND m.id = (SELECT max(id) FROM line_match "
	    "WHERE line_id = m.line_id))", "IdI", b->agreement, b->expected,
	    line) == -1)
		return -1;
	if (n > 0) {
		snprintf(details, sizeof(details), "more than one payment for "
		    "agreement %lld where one was expected: %s",
		    (long long)b->agreement, b->reason);
		if (signal_import(im, b->household, "unexpected_payment",
		    b->agreement, line, details, e) == -1)
			return -1;
	}
	return 0;
}

/* 1 when it signalled an unknown counterparty */
static int
line_signals(struct import *im, int64_t line, int64_t household,
    const struct hb_bankline *l, int ncand, struct hb_err *e)
{
	char details[512];
	int64_t n;
	int rc;

	if (l->return_reason != NULL) {
		snprintf(details, sizeof(details), "returned by the bank, "
		    "reason %s: %s %s", l->return_reason, l->counter_name,
		    l->description);
		if (signal_import(im, household, "payout_returned", -1, line,
		    details, e) == -1)
			return -1;
	}
	if (ncand > 0 || *l->counter_iban == '\0')
		return 0;
	rc = hb_query_int(im->c->st, &n, e, "SELECT 1 FROM organisation_iban "
	    "WHERE iban = ?1 UNION ALL SELECT 1 FROM account WHERE iban = ?1 "
	    "UNION ALL SELECT 1 FROM agreement WHERE iban = ?1 LIMIT 1", "s",
	    l->counter_iban);
	if (rc != 0)
		return rc == -1 ? -1 : 0;
	snprintf(details, sizeof(details), "unknown counterparty %s (%s)",
	    l->counter_iban, l->counter_name);
	if (signal_import(im, household, "unknown_counterparty", -1, line,
	    details, e) == -1)
		return -1;
	return 1;
}

/*
 * The household a person should look at for an unmatched line: the one
 * identified, else the only household with agreements with the
 * counterparty's organisation (or its IBAN); -1 when there is none or
 * more.
 */
static int
household_to_name(struct import *im, const struct hb_bankline *l,
    const struct hb_match_verdict *v, int64_t *hh, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc, n = 0;

	*hh = v->household;
	if (*hh >= 0 || *l->counter_iban == '\0')
		return 0;
	if (hb_prepare(im->c->st, &q, e, "SELECT DISTINCT household_id FROM "
	    "agreement WHERE iban = ?1 OR organisation_id IN (SELECT "
	    "organisation_id FROM organisation_iban WHERE iban = ?1) LIMIT 2",
	    "s", l->counter_iban) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		if (n++ == 0)
			*hh = hb_col_int(q, 0);
	hb_finalize(q);
	if (n != 1)
		*hh = -1;
	return rc;
}

/* The signal that puts an unmatched line before a person. */
static int
unmatched_signal(struct import *im, int64_t line, const struct hb_bankline *l,
    const struct hb_match_verdict *v, const struct hb_candidate *best, int n,
    struct hb_err *e)
{
	char details[1400], amount[HB_MONEY_LEN];
	size_t len;
	int64_t hh;
	int i;

	if (household_to_name(im, l, v, &hh, e) == -1)
		return -1;
	hb_money_format(l->cents, amount);
	if (v->outcome == HB_MATCH_AMBIGUOUS)
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: the evidence points at %d households, nothing booked "
		    "(%s)", amount, l->counter_name, *l->counter_iban ?
		    l->counter_iban : "without IBAN", v->households,
		    v->evidence);
	else if (v->outcome == HB_MATCH_HOUSEHOLD)
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: booked to the household (%s), but to none of its "
		    "agreements", amount, l->counter_name, *l->counter_iban ?
		    l->counter_iban : "without IBAN", *v->evidence ?
		    v->evidence : "its managed account");
	else
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: nothing identifies one household (an organisation's "
		    "IBAN, a generic term or an amount only suggest)", amount,
		    l->counter_name, *l->counter_iban ? l->counter_iban :
		    "without IBAN");
	for (i = 0; i < n && len < sizeof(details); i++)
		len += (size_t)snprintf(details + len, sizeof(details) - len,
		    "%s %d. agreement %lld (score %d)", i == 0 ?
		    "; suggested:" : ",", i + 1, (long long)best[i].agreement,
		    best[i].score);
	return signal_import(im, v->outcome == HB_MATCH_AMBIGUOUS ? -1 : hh,
	    v->outcome == HB_MATCH_AMBIGUOUS ? "match_ambiguous" :
	    "line_unmatched", -1, line, details, e);
}

/*
 * A debit that is a payout hb exported: found by its EndToEndId, else by
 * amount, IBAN and a date near the execution date.  The payout is then
 * reconciled and the line booked to its agreement.
 */
static int
reconcile_payout(struct import *im, int64_t line, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char reason[300];
	int64_t payout = 0, household = 0, agreement = 0;
	int rc, due = -1;

	if (hb_prepare(im->c->st, &q, e, "SELECT p.id, p.household_id, "
	    "p.agreement_id, p.due_date, p.batch_id, p.end_to_end FROM payout p "
	    "WHERE p.status = 'exported' AND (p.end_to_end = ?1 OR (?1 IS NULL "
	    "AND p.amount = ?2 AND p.creditor_iban = ?3 AND p.exec_date "
	    "BETWEEN date(?4, '-5 days') AND date(?4, '+5 days'))) ORDER BY "
	    "p.end_to_end = ?1 DESC, p.exec_date LIMIT 1", "sIsd",
	    l->end_to_end, -l->cents, l->counter_iban, l->booking_date) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		payout = hb_col_int(q, 0);
		household = hb_col_int(q, 1);
		agreement = hb_col_int(q, 2);
		due = hb_col_date(q, 3);
		snprintf(reason, sizeof(reason), "the payout %lld hb exported "
		    "in batch %lld (EndToEndId %s)", (long long)payout,
		    (long long)hb_col_int(q, 4), hb_col_text(q, 5));
	}
	hb_finalize(q);
	if (rc != 1)
		return rc;
	if (hb_exec(im->c->st, e, "UPDATE payout SET status = 'reconciled', "
	    "line_id = ? WHERE id = ?", "II", line, payout) == -1 ||
	    book(im, line, household, agreement, due, 100, "auto", reason,
	    e) == -1)
		return -1;
	im->res->matched++;
	return 1;
}

static int
match_line(struct import *im, int64_t line, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct hb_candidate best[SUGGESTIONS];
	struct hb_match_verdict v;
	struct hb_matchline m;
	char *text, reason[700];
	int i, n, rc;

	if (l->cents < 0 && im->exported &&
	    (n = reconcile_payout(im, line, l, e)) != 0)
		return n == -1 ? -1 : 0;
	xasprintf(&text, "%s %s", l->description, l->counter_name);
	m.account_household = im->account_household;
	m.date = l->booking_date;
	m.cents = l->cents;
	m.counter_iban = l->counter_iban;
	m.text = text;
	n = hb_match(im->c, &m, best, SUGGESTIONS, &v, e);
	free(text);
	if (n == -1)
		return -1;
	if (v.outcome == HB_MATCH_AGREEMENT) {
		im->res->matched++;
		if (book(im, line, best[0].household, best[0].agreement,
		    best[0].expected, best[0].score, "auto", best[0].reason,
		    e) == -1)
			return -1;
		if (booked_signals(im, line, &best[0], l, e) == -1)
			return -1;
		return line_signals(im, line, best[0].household, l, n, e) ==
		    -1 ? -1 : 0;
	}
	im->res->unmatched++;
	for (i = 0; i < n; i++)
		if (hb_exec(im->c->st, e, "INSERT INTO line_suggestion (line_id, "
		    "rank, agreement_id, score, reason) VALUES (?, ?, ?, ?, ?)",
		    "IiIis", line, i + 1, best[i].agreement, best[i].score,
		    best[i].reason) == -1)
			return -1;
	if (v.outcome == HB_MATCH_HOUSEHOLD) {
		if (im->account_household >= 0)
			snprintf(reason, sizeof(reason), "on the household's "
			    "managed account; %s%s%s", v.evidence,
			    *v.evidence ? "; " : "", n == 0 ? "no agreement "
			    "fits" : "no agreement fits clearly enough to "
			    "book");
		else
			snprintf(reason, sizeof(reason), "%s; %s", v.evidence,
			    n == 0 ? "no agreement of the household fits" :
			    "no agreement of the household fits clearly "
			    "enough to book");
		if (book(im, line, v.household, -1, -1, 0,
		    im->account_household >= 0 ? "account" : "auto", reason,
		    e) == -1)
			return -1;
	}
	if ((rc = line_signals(im, line, v.household >= 0 ? v.household :
	    im->account_household, l, n, e)) != 0)
		return rc == -1 ? -1 : 0;
	return unmatched_signal(im, line, l, &v, best, n, e);
}

static void
progress(struct import *im)
{
	long pos;
	int percent;

	/* only a large file takes long enough to need it */
	if (im->opts->progress == NULL || im->size < (1L << 22) ||
	    (pos = ftell(im->fp)) < 0)
		return;
	percent = (int)(pos * 100 / im->size);
	if (percent != im->last_percent) {
		im->last_percent = percent;
		im->opts->progress(im->opts->progress_arg, pos, im->size);
	}
}

static int
on_line(void *arg, const struct hb_bankstmt *s, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct import *im = arg;
	char key[160];
	int64_t line;
	int rc;

	im->res->lines++;
	progress(im);
	if (hb_add(im->sum, l->cents, &im->sum) == -1)
		return hb_error_at(e, im->name, l->src_line, NULL, "the "
		    "statement's lines add up beyond what hb can count");
	if (dedup_key(im, s, l, key, sizeof(key), e) == -1)
		return -1;
	/*
	 * After a duplicate, the next line is likely one too (a file imported
	 * again, an overlapping statement): look it up by its key alone, which
	 * costs less than an insert that conflicts.
	 */
	if (im->after_duplicate && (rc = hb_query_int(im->c->st, &line, e,
	    "SELECT 1 FROM bank_line WHERE dedup_key = ?", "s", key)) != 0) {
		im->res->duplicates += rc == 1;
		return rc == 1 ? 0 : -1;
	}
	if (hb_exec(im->c->st, e, "INSERT INTO bank_line (account_id, "
	    "statement_id, booking_date, value_date, cents, counter_iban, "
	    "counter_name, description, bank_ref, end_to_end, reversal, "
	    "return_reason, dedup_key, src_line) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
	    "IIddIsssssissI", im->account, im->stmt, l->booking_date,
	    l->value_date, l->cents, *l->counter_iban ? l->counter_iban : NULL,
	    l->counter_name, l->description, l->bank_ref, l->end_to_end,
	    l->reversal, l->return_reason, key, (int64_t)l->src_line) == -1)
		return -1;
	if ((im->after_duplicate = hb_changes(im->c->st) == 0)) {
		im->res->duplicates++;
		return 0;
	}
	im->res->new_lines++;
	im->stmt_lines++;
	line = hb_last_id(im->c->st);
	return match_line(im, line, l, e);
}

static int
on_end(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct import *im = arg;
	char open[HB_MONEY_LEN], sum[HB_MONEY_LEN], want[HB_MONEY_LEN];
	char have[HB_MONEY_LEN], details[512];
	int64_t total;
	int reconciled = 0;

	if (s->has_opening && s->has_closing) {
		if (hb_add(s->opening, im->sum, &total) == -1)
			total = INT64_MIN;
		reconciled = total == s->closing;
		if (!reconciled) {
			hb_money_format(s->opening, open);
			hb_money_format(im->sum, sum);
			hb_money_format(total, have);
			hb_money_format(s->closing, want);
			snprintf(details, sizeof(details), "statement %s of %s "
			    "does not reconcile: opening balance %s plus the "
			    "lines %s is %s, but the closing balance is %s",
			    s->stmt_id ? s->stmt_id : "without id", s->account,
			    open, sum, have, want);
			if (!im->opts->force)
				return hb_error(e, "%s: %s; nothing imported "
				    "(force with -f)", im->name, details);
			if (signal_import(im, im->account_household,
			    "statement_unreconciled", -1, -1, details,
			    e) == -1)
				return -1;
		}
	}
	return hb_exec(im->c->st, e, "UPDATE statement SET lines = ?, "
	    "reconciled = ? WHERE id = ?", "IiI", im->stmt_lines, reconciled,
	    im->stmt);
}

/* The file's SHA-256, read once before parsing: a file imported before
 * is recognised without parsing it again. */
static int
hash_file(FILE *fp, const char *name, char hex[65], struct hb_err *e)
{
	struct hb_sha256 h;
	unsigned char buf[65536], sum[32];
	size_t n;

	hb_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		hb_sha256_update(&h, buf, n);
	if (ferror(fp))
		return hb_error(e, "cannot read '%s': %s", name,
		    strerror(errno));
	hb_sha256_final(&h, sum);
	hb_hex(sum, sizeof(sum), hex);
	rewind(fp);
	return 0;
}

static const char *
detect(const char *head, size_t n)
{
	const char *p = head;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < head + n && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p < head + n && *p == '<')
		return "camt";
	if ((p + 3 < head + n && memcmp(p, "{1:", 3) == 0) ||
	    (p + 4 < head + n && memcmp(p, ":20:", 4) == 0) ||
	    memmem(head, n, "\n:20:", 5) != NULL)
		return "mt940";
	{
		const char *nl = memchr(p, '\n', (size_t)(head + n - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(head + n - p);

		if (memmem(p, len, "household", 9) != NULL &&
		    memmem(p, len, "pay_date", 8) != NULL)
			return "income";
	}
	return "csv";
}

static int
read_file(struct import *im, const char *format, struct hb_err *e)
{
	const struct hb_bankreader r = { im, on_begin, on_line, on_end };
	struct hb_csvprofile *p = NULL;
	char head[8192];
	size_t n;
	int rc;

	if (strcmp(format, "camt") == 0)
		return hb_camt_read(im->fp, im->name, &r, e);
	if (strcmp(format, "mt940") == 0)
		return hb_mt940_read(im->fp, im->name, &r, e);
	if (strcmp(format, "income") == 0)
		return hb_income_read(im->c, im->fp, im->name,
		    im->res->import_id, im->res, e);
	if (strcmp(format, "csv") != 0)
		return hb_error(e, "unknown format '%s': expected camt, mt940, "
		    "csv or income", format);
	if (im->opts->profile != NULL)
		rc = hb_csvprofile_load(im->opts->profile, &p, e);
	else {
		n = fread(head, 1, sizeof(head), im->fp);
		rewind(im->fp);
		rc = hb_csvprofile_detect(head, n, &p, e);
		if (rc == -1 && im->opts->format == NULL)
			hb_error(e, "%s: not a CAMT.053 or MT940 statement, and "
			    "%s", im->name, e->msg);
		else if (rc == -1)
			hb_error_prefix(e, im->name, 0);
	}
	if (rc == -1)
		return -1;
	snprintf(im->res->format, sizeof(im->res->format), "csv:%s",
	    hb_csvprofile_name(p));
	rc = hb_bankcsv_read(im->fp, im->name, p, im->opts->account, &r, e);
	hb_csvprofile_free(p);
	return rc;
}

int
hb_import_file(struct hb_ctx *c, const char *path,
    const struct hb_import_opts *opts, struct hb_import_result *res,
    struct hb_err *e)
{
	struct import im = { .c = c, .opts = opts, .res = res, .name = path,
	    .last_percent = -1, .after_duplicate = 1 };
	struct stat sb;
	const char *format;
	char hash[65], head[4096], at[32];
	int64_t id;
	size_t n;
	int rc;

	memset(res, 0, sizeof(*res));
	/* a test makes the temporary table take over early */
	im.seen.max = getenv("HB_TEST_SEEN_MAX") != NULL ?
	    strtoul(getenv("HB_TEST_SEEN_MAX"), NULL, 10) : SEEN_MAX;
	if (im.seen.max == 0 || im.seen.max > SEEN_MAX)
		im.seen.max = SEEN_MAX;
	if ((im.fp = fopen(path, "r")) == NULL)
		return hb_error(e, "cannot open '%s': %s", path,
		    strerror(errno));
	if (fstat(fileno(im.fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (sb.st_size > HB_BANKFILE_MAX) {
			fclose(im.fp);
			return hb_error(e, "%s: file too large: %lld bytes, at "
			    "most %ld", path, (long long)sb.st_size,
			    HB_BANKFILE_MAX);
		}
		im.size = (long)sb.st_size;
	}
	if ((rc = hash_file(im.fp, path, hash, e)) == -1)
		goto out;
	rc = hb_query_int(c->st, &id, e, "SELECT id FROM import WHERE "
	    "file_hash = ?", "s", hash);
	if (rc != 0) {
		res->already = rc == 1;
		res->import_id = rc == 1 ? id : 0;
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	n = fread(head, 1, sizeof(head), im.fp);
	rewind(im.fp);
	if (n == 0) {
		rc = hb_error(e, "%s: empty file", path);
		goto out;
	}
	format = opts->format != NULL ? opts->format : detect(head, n);
	snprintf(res->format, sizeof(res->format), "%s", format);
	hb_now_utc(at);
	snprintf(im.at, sizeof(im.at), "%s", at);
	if ((rc = hb_exec(c->st, e, "INSERT INTO import (file_name, file_hash, "
	    "format, at, actor, forced) VALUES (?, ?, ?, ?, ?, ?)", "sssssi",
	    path, hash, format, at, c->actor, opts->force)) == -1)
		goto out;
	res->import_id = hb_last_id(c->st);
	/* a debit may be a payout hb exported, when there are any */
	if ((rc = hb_query_int(c->st, &id, e, "SELECT EXISTS (SELECT 1 FROM "
	    "payout WHERE status = 'exported')", "")) == -1)
		goto out;
	im.exported = id != 0;
	if ((rc = hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS "
	    "import_seen (stmt INTEGER, fact TEXT, n INTEGER, PRIMARY KEY "
	    "(stmt, fact)) WITHOUT ROWID", "")) == -1 ||
	    (rc = read_file(&im, format, e)) == -1)
		goto out;
	rc = hb_exec(c->st, e, "UPDATE import SET format = ?, statements = ?, "
	    "lines = ?, new_lines = ?, duplicates = ?, matched = ?, "
	    "unmatched = ?, signals = ? WHERE id = ?", "sIIIIIIII",
	    res->format, (int64_t)res->statements, (int64_t)res->lines,
	    (int64_t)res->new_lines, (int64_t)res->duplicates,
	    (int64_t)res->matched, (int64_t)res->unmatched,
	    (int64_t)res->signals, res->import_id);
out:
	free(im.seen.slot);
	fclose(im.fp);
	return rc;
}

/*
 * A booking corrected by hand: the months planned on the old booking (of
 * the household it leaves and the one it goes to, from the line's month
 * on) are marked for replanning, and a signal lists them with the payouts
 * already exported for the household it leaves, for a person to follow up.
 */
static int
correction(struct import *im, int64_t line, int64_t hh, int64_t agreement,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char *months = NULL, *paid = NULL, *details, amount[HB_MONEY_LEN];
	char date[HB_DATE_LEN], month[8], was[80];
	int64_t old_hh = -1, old_agr = -1, cents = 0;
	int rc, day = -1;

	if (hb_prepare(im->c->st, &q, e, "SELECT coalesce(household_id, -1), "
	    "coalesce(agreement_id, -1), booking_date, cents FROM "
	    "line_current WHERE id = ?", "I", line) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		old_hh = hb_col_int(q, 0);
		old_agr = hb_col_int(q, 1);
		day = hb_col_date(q, 2);
		cents = hb_col_int(q, 3);
	}
	hb_finalize(q);
	if (rc != 1 || old_hh == -1 || (old_hh == hh && old_agr == agreement))
		return rc == -1 ? -1 : 0;
	hb_date_format(day, date);
	snprintf(month, sizeof(month), "%.7s", date);
	hb_money_format(cents, amount);
	if (hb_exec(im->c->st, e, "INSERT INTO replan (household_id, month, "
	    "line_id, reason, at, actor) SELECT DISTINCT household_id, month, "
	    "?1, 'line ' || ?1 || ' booked again', ?2, ?3 FROM plan WHERE "
	    "household_id IN (?4, ?5) AND month >= ?6 AND superseded_by IS "
	    "NULL", "Issmms", line, im->at, im->c->actor, old_hh,
	    hh < 0 ? INT64_MIN : hh, month) == -1)
		return -1;
	if ((rc = hb_query_text(im->c->st, &months, e, "SELECT "
	    "group_concat(h.code || ' ' || r.month, ', ') FROM (SELECT * FROM "
	    "replan WHERE line_id = ? AND at = ? ORDER BY household_id, month) "
	    "r JOIN household h ON h.id = r.household_id", "Is", line,
	    im->at)) == -1)
		return -1;
	if (hh != old_hh && (rc = hb_query_text(im->c->st, &paid, e, "SELECT "
	    "group_concat('payout ' || p.id || ' (' || p.exec_date || ', ' || "
	    "printf('%d.%02d', p.amount / 100, p.amount % 100) || ' to ' || "
	    "p.creditor || ', ' || p.status || ')', '; ') FROM payout p JOIN "
	    "plan l ON l.id = p.plan_id WHERE p.household_id = ? AND l.month "
	    ">= ? AND p.status IN ('exported', 'reconciled')", "Is", old_hh,
	    month)) == -1) {
		free(months);
		return -1;
	}
	if (old_agr >= 0)
		snprintf(was, sizeof(was), "to agreement %lld of this "
		    "household", (long long)old_agr);
	else
		snprintf(was, sizeof(was), "to this household without an "
		    "agreement");
	xasprintf(&details, "line %lld (%s, %s) was booked %s and is now "
	    "booked %s; months to plan again with 'hb-plan run -a -m MONTH': %s; "
	    "payouts already exported on the old booking: %s", (long long)line,
	    date, amount, was, hh != old_hh ? "to another household" :
	    agreement >= 0 ? "to another of its agreements" : "to it without "
	    "an agreement", months != NULL && *months ? months :
	    "none planned", paid != NULL && *paid ? paid : "none");
	free(months);
	free(paid);
	rc = hb_signal(im->c, old_hh, "booking_corrected", old_agr < 0 ?
	    -1 : old_agr, line, details, e);
	free(details);
	return rc;
}

int
hb_import_book(struct hb_ctx *c, int64_t line, int64_t agreement,
    const char *household, const char *reason, struct hb_err *e)
{
	struct import im = { .c = c };
	int64_t hh = -1, n;
	int rc;

	if (reason == NULL || *reason == '\0')
		return hb_error(e, "a booking by hand needs a reason");
	hb_now_utc(im.at);
	rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM bank_line WHERE id = ?",
	    "I", line);
	if (rc != 1)
		return rc == -1 ? -1 : hb_error(e, "unknown bank line %lld",
		    (long long)line);
	if (agreement > 0) {
		rc = hb_query_int(c->st, &hh, e, "SELECT household_id FROM "
		    "agreement WHERE id = ?", "I", agreement);
		if (rc != 1)
			return rc == -1 ? -1 : hb_error(e, "unknown agreement "
			    "%lld", (long long)agreement);
		rc = hb_query_int(c->st, &n, e, "SELECT (a.direction = 'in') = "
		    "(l.cents > 0) FROM agreement a, bank_line l WHERE a.id = ? "
		    "AND l.id = ?", "II", agreement, line);
		if (rc == 1 && n == 0)
			return hb_error(e, "line %lld goes the other way than "
			    "agreement %lld", (long long)line,
			    (long long)agreement);
		if (rc == -1)
			return -1;
	} else if (hb_household_id(c, household, &hh, e) == -1)
		return -1;
	/* a line on a household's own managed account is that household's */
	rc = hb_query_int(c->st, &n, e, "SELECT a.household_id FROM bank_line l "
	    "JOIN account a ON a.id = l.account_id WHERE l.id = ? AND "
	    "a.kind = 'managed'", "I", line);
	if (rc == 1 && n != hh)
		return hb_error(e, "line %lld is on the managed account of "
		    "another household", (long long)line);
	if (rc == -1)
		return -1;
	if (correction(&im, line, hh, agreement > 0 ? agreement : -1, e) == -1)
		return -1;
	return book(&im, line, hh, agreement > 0 ? agreement : -1, -1, 100,
	    "manual", reason, e);
}

/* A word of the line fit to identify agreement's household next month:
 * with a digit, 5 characters or more, not a date, in no other household's agreements
 * and not yet a term of this one.  0 when there is none. */
int
hb_import_term_suggest(struct hb_ctx *c, int64_t line, int64_t agreement,
    char *term, size_t sz, struct hb_err *e)
{
	char *text, *p, *w, *t;
	int64_t n;
	int rc = 0;

	term[0] = '\0';
	if ((rc = hb_query_text(c->st, &text, e, "SELECT description FROM "
	    "bank_line WHERE id = ?", "I", line)) != 1)
		return rc;
	p = text;
	rc = 0;
	while (rc == 0 && (w = strsep(&p, " \t,;:()[]{}<>\"'")) != NULL) {
		for (t = w; *t != '\0'; t++)
			*t = (char)tolower((unsigned char)*t);
		while (t > w && t[-1] == '.')
			*--t = '\0';
		/* not a year, a date or a household code */
		if (t - w < 5 || strpbrk(w, "0123456789") == NULL ||
		    strchr(w, '|') != NULL || strncmp(w, "hb-", 3) == 0 ||
		    (w[strspn(w, "0123456789-/")] == '\0' &&
		    strpbrk(w, "-/") != NULL))
			continue;
		if ((rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM "
		    "agreement_term t JOIN agreement a ON a.id = "
		    "t.agreement_id WHERE t.term = ? AND (a.id = ?2 OR "
		    "a.household_id <> (SELECT household_id FROM agreement "
		    "WHERE id = ?2))", "sI", w, agreement)) == 0)
			rc = snprintf(term, sz, "%s", w) > 0;
		else if (rc == 1)
			rc = 0;
	}
	free(text);
	return rc;
}

/* A search term added to an agreement, so that its lines match by
 * themselves; refused when another household's agreements have it. */
int
hb_import_add_term(struct hb_ctx *c, int64_t agreement, const char *term,
    struct hb_err *e)
{
	char *t, *p;
	int64_t n;
	int rc;

	while (isspace((unsigned char)*term))
		term++;
	t = xstrdup(term);
	for (p = t + strlen(t); p > t && isspace((unsigned char)p[-1]); p--)
		;
	*p = '\0';
	for (p = t; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if (*t == '\0' || strchr(t, '|') != NULL) {
		free(t);
		return hb_error(e, "invalid search term '%s'", term);
	}
	rc = hb_query_int(c->st, &n, e, "SELECT count(*) FROM agreement_term "
	    "x JOIN agreement a ON a.id = x.agreement_id WHERE x.term = ? AND "
	    "a.household_id <> (SELECT household_id FROM agreement WHERE id = "
	    "?)", "sI", t, agreement);
	if (rc == 1 && n > 0)
		rc = hb_error(e, "search term '%s' is in the agreements of "
		    "another household: it would not identify this one", t);
	else if (rc == 1)
		rc = hb_exec(c->st, e, "UPDATE agreement SET search = CASE "
		    "WHEN search = '' THEN ?1 ELSE search || '|' || ?1 END "
		    "WHERE id = ?2 AND ?1 NOT IN (SELECT term FROM "
		    "agreement_term WHERE agreement_id = ?2)", "sI", t,
		    agreement);
	if (rc != -1)
		rc = hb_exec(c->st, e, "INSERT OR IGNORE INTO agreement_term "
		    "(term, agreement_id) VALUES (?, ?)", "sI", t, agreement);
	free(t);
	return rc == -1 ? -1 : 0;
}

int
hb_signal_resolve(struct hb_ctx *c, int64_t signal, const char *reason,
    char *code, size_t codesz, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (reason == NULL || *reason == '\0')
		return hb_error(e, "resolving a signal needs a reason");
	if (hb_prepare(c->st, &q, e, "SELECT s.status, coalesce(h.code, '') "
	    "FROM signal s LEFT JOIN household h ON h.id = s.household_id "
	    "WHERE s.id = ?", "I", signal) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown signal %lld", (long long)signal);
	else if (rc == 1) {
		snprintf(code, codesz, "%s", hb_col_text(q, 1));
		if (strcmp(hb_col_text(q, 0), "resolved") == 0)
			rc = hb_error(e, "signal %lld is resolved already",
			    (long long)signal);
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	return hb_exec(c->st, e, "UPDATE signal SET status = 'resolved', "
	    "resolved_by = ?, resolution = ? WHERE id = ?", "ssI", c->actor,
	    reason, signal);
}
