/*
 * The escalation button.  A citizen, caseworker or partner reports that
 * a household is stuck; while the escalation is open the planner makes
 * the disputed decisions advisory and suspends every taking of the
 * household (plan.c reads escalation_scope), income, essential payouts
 * and leefgeld going on.  A person takes it, decides with a reason, and
 * any departure from a rule is recorded with it (Awb 4:84).  The report
 * shows which rules lead to escalations and how they end.
 *
 * Days (filed, due, resolved) come from hb_today, so HB_NOW reproduces
 * them; the bank working days of a due date are TARGET2's (date.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define URGENT_DAYS 3	/* threatening debt or eviction */
#define NORMAL_DAYS 20

const char *const hb_escalation_categories[] = { "income_missing",
	"wrong_amount", "collection_too_hard", "not_standard", "other", NULL };
const char *const hb_escalation_urgencies[] = { "urgent", "normal", NULL };
const char *const hb_escalation_parties[] = { "citizen", "caseworker",
	"neighbourhood_team", "debt_counsellor", "partner", NULL };
const char *const hb_escalation_fields[] = { "household", "on_behalf_of",
	"category", "urgency", "reason", "decision", "payout", "signal",
	"agreement", NULL };
static const char *const outcomes[] = { "upheld", "changed", "rejected",
	NULL };

/* the subjects an escalation can be about, and how to find each */
static const struct subject_kind {
	const char	*name;
	const char	*sql;	/* household id, code, agreement, rule */
} subject_kinds[] = {
	{ "decision", "SELECT h.id, h.code, d.agreement_id, d.rule FROM "
	  "decision d JOIN household h ON h.id = d.household_id WHERE "
	  "d.id = ?" },
	{ "payout", "SELECT h.id, h.code, p.agreement_id, d.rule FROM payout p "
	  "JOIN household h ON h.id = p.household_id JOIN decision d ON "
	  "d.id = p.decision_id WHERE p.id = ?" },
	{ "signal", "SELECT h.id, h.code, s.agreement_id, NULL FROM signal s "
	  "JOIN household h ON h.id = s.household_id WHERE s.id = ?" },
	{ "agreement", "SELECT h.id, h.code, a.id, NULL FROM agreement a "
	  "JOIN household h ON h.id = a.household_id WHERE a.id = ?" },
};
#define NKINDS (sizeof(subject_kinds) / sizeof(subject_kinds[0]))

static int
in_words(const char *const *words, const char *s)
{
	for (; *words != NULL; words++)
		if (strcmp(*words, s) == 0)
			return 1;
	return 0;
}

static void
join_words(const char *const *words, char *out, size_t sz)
{
	size_t len = 0;

	out[0] = '\0';
	for (; *words != NULL && len < sz; words++)
		len += (size_t)snprintf(out + len, sz - len, "%s%s",
		    len ? ", " : "", *words);
}

static int
blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static const struct subject_kind *
subject_kind(const char *field)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(subject_kinds[i].name, field) == 0)
			return &subject_kinds[i];
	return NULL;
}

int
hb_escalation_required(const char *field)
{
	return subject_kind(field) == NULL && in_words(hb_escalation_fields,
	    field);
}

/* Each id of a comma-separated list, bare or as hb-explain names it
 * (D12 for a decision, P for a payout, S for a signal, A for an
 * agreement); -1 with the error when one is not a positive number. */
static int
next_id(const char **p, int64_t *id, const char *field, struct hb_err *e)
{
	const char *start;
	char *end;
	long long v;

	while (**p == ' ' || **p == ',')
		(*p)++;
	if (**p == '\0')
		return 0;
	start = *p;
	if (**p == field[0] - 'a' + 'A' || **p == field[0])
		start++;
	v = strtoll(start, &end, 10);
	if (end == start || v <= 0 || (*end != '\0' && *end != ',' &&
	    *end != ' '))
		return hb_error(e, "invalid %s id in '%s': expected numbers "
		    "separated by commas", field, *p);
	*p = end;
	*id = v;
	return 1;
}

/* A subject's household, agreement and rule, checked against the code. */
static int
subject_lookup(struct hb_ctx *c, const struct subject_kind *k, int64_t id,
    const char *code, int64_t *agreement, char **rule, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, k->sql, "I", id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown %s %lld", k->name, (long long)id);
	else if (rc == 1) {
		if (code != NULL && strcmp(hb_col_text(q, 1), code) != 0)
			rc = hb_error(e, "%s %lld is of %s, not of %s: an "
			    "escalation is about one household", k->name,
			    (long long)id, hb_col_text(q, 1), code);
		else {
			if (agreement != NULL)
				*agreement = hb_col_null(q, 2) ? 0 :
				    hb_col_int(q, 2);
			if (rule != NULL)
				*rule = hb_col_null(q, 3) ? NULL :
				    xstrdup(hb_col_text(q, 3));
			rc = 0;
		}
	}
	hb_finalize(q);
	return rc;
}

int
hb_escalation_check(struct hb_ctx *c, const char *field, const char *value,
    const char *household, struct hb_err *e)
{
	const struct subject_kind *k;
	const char *p;
	char words[256];
	int64_t id;
	int rc;

	if (value == NULL)
		value = "";
	if (strcmp(field, "household") == 0) {
		if (blank(value))
			return hb_error(e, "a household code is required");
		return hb_household_id(c, value, &id, e);
	}
	if (strcmp(field, "reason") == 0) {
		if (blank(value))
			return hb_error(e, "a reason is required: say what "
			    "goes wrong for the household");
		return 0;
	}
	if (strcmp(field, "category") == 0 || strcmp(field, "urgency") == 0 ||
	    strcmp(field, "on_behalf_of") == 0) {
		const char *const *w = field[0] == 'c' ?
		    hb_escalation_categories : field[0] == 'u' ?
		    hb_escalation_urgencies : hb_escalation_parties;

		if (in_words(w, value))
			return 0;
		join_words(w, words, sizeof(words));
		return hb_error(e, "invalid %s '%s': expected %s", field,
		    value, words);
	}
	if ((k = subject_kind(field)) == NULL)
		return hb_error(e, "unknown field '%s': an escalation takes "
		    "household, on_behalf_of, category, urgency, reason, "
		    "decision, payout, signal and agreement", field);
	for (p = value; (rc = next_id(&p, &id, field, e)) == 1; )
		if (subject_lookup(c, k, id, household, NULL, NULL, e) == -1)
			return -1;
	return rc;
}

char **
hb_escalation_choices(struct hb_ctx *c, const char *field,
    const char *household)
{
	const char *const *w = NULL;
	struct hb_stmt *q;
	struct hb_err e;
	char **out;
	size_t n = 0;

	out = xcalloc(1, sizeof(*out));
	if (strcmp(field, "category") == 0)
		w = hb_escalation_categories;
	else if (strcmp(field, "urgency") == 0)
		w = hb_escalation_urgencies;
	else if (strcmp(field, "on_behalf_of") == 0)
		w = hb_escalation_parties;
	if (w != NULL) {
		for (; *w != NULL; w++) {
			out = xreallocarray(out, n + 2, sizeof(*out));
			out[n++] = xstrdup(*w);
			out[n] = NULL;
		}
		return out;
	}
	if (strcmp(field, "household") == 0) {
		if (hb_prepare(c->st, &q, &e, "SELECT code FROM household "
		    "ORDER BY code", "") == -1)
			return out;
	} else if (strcmp(field, "decision") == 0) {
		/* the decisions of the household's current plans */
		if (hb_prepare(c->st, &q, &e, "SELECT d.id FROM decision d "
		    "JOIN plan pl ON pl.id = d.plan_id JOIN household h ON "
		    "h.id = d.household_id WHERE h.code = ? AND "
		    "pl.superseded_by IS NULL ORDER BY d.id", "s",
		    household != NULL ? household : "") == -1)
			return out;
	} else
		return out;
	while (hb_step(q, &e) == 1) {
		out = xreallocarray(out, n + 2, sizeof(*out));
		out[n++] = xstrdup(hb_col_text(q, 0));
		out[n] = NULL;
	}
	hb_finalize(q);
	return out;
}

static int
event(struct hb_ctx *c, int64_t id, const char *action, const char *text,
    struct hb_err *e)
{
	char at[32];

	hb_now_utc(at);
	return hb_exec(c->st, e, "INSERT INTO escalation_event (escalation_id, "
	    "at, day, actor, action, text) VALUES (?, ?, ?, ?, ?, ?)",
	    "Isdsss", id, at, c->today, c->actor, action, text);
}

/* "escalation ID WHAT TEXT" */
static void
audit_for(struct hb_ctx *c, const char *code, int64_t id, const char *what,
    const char *text)
{
	char *clean = hb_sanitize(text != NULL ? text : "");

	snprintf(c->audit_household, sizeof(c->audit_household), "%s", code);
	snprintf(c->audit_detail, sizeof(c->audit_detail), "escalation %lld "
	    "%s%s", (long long)id, what, clean);
	free(clean);
}

/* Payouts of the household that a filing does not stop: exported and not
 * yet executed, or reserved by an export in progress. */
static int
on_its_way(struct hb_ctx *c, int64_t hh, char **out, struct hb_err *e)
{
	struct hb_stmt *q;
	char m[HB_MONEY_LEN], *text = NULL, *line;
	size_t len = 0;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT p.id, a.description, p.amount, "
	    "p.creditor, p.exec_date, p.status, b.msg_id FROM payout p JOIN "
	    "agreement a ON a.id = p.agreement_id LEFT JOIN export_batch b ON "
	    "b.id = coalesce(p.batch_id, p.pending_batch) WHERE "
	    "p.household_id = ? AND ((p.status = 'exported' AND p.exec_date >= "
	    "?) OR (p.pending_batch IS NOT NULL AND p.status IN ('planned', "
	    "'approved'))) ORDER BY p.exec_date, p.id", "Id", hh,
	    c->today) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		hb_money_format_nl(hb_col_int(q, 2), m);
		xasprintf(&line, _("payout %lld: %s %s to %s, execution %s "
		    "(%s%s%s)\n"), (long long)hb_col_int(q, 0),
		    hb_col_text(q, 1), m, hb_col_text(q, 3), hb_col_text(q, 4),
		    strcmp(hb_col_text(q, 5), "exported") == 0 ? _("exported") :
		    _("reserved for export"), *hb_col_text(q, 6) ? _(" in ") :
		    "", hb_col_text(q, 6));
		text = xreallocarray(text, len + strlen(line) + 1, 1);
		memcpy(text + len, line, strlen(line) + 1);
		len += strlen(line);
		free(line);
	}
	hb_finalize(q);
	*out = text;
	return rc;
}

/* Insert the escalation; fields checked. */
static int
insert(struct hb_ctx *c, int64_t hh, const char *on_behalf_of,
    const char *category, int urgent, const char *reason, int automatic,
    int64_t *id, int *due, struct hb_err *e)
{
	char at[32];

	hb_now_utc(at);
	*due = hb_bank_days_add(c->today, urgent ? URGENT_DAYS : NORMAL_DAYS);
	if (hb_exec(c->st, e, "INSERT INTO escalation (household_id, "
	    "filed_by, on_behalf_of, category, urgent, reason, status, "
	    "due_date, filed_at, filed_on, automatic) VALUES (?, ?, ?, ?, ?, "
	    "?, 'open', ?, ?, ?, ?)", "Isssisdsdi", hh, c->actor,
	    on_behalf_of, category, urgent, reason, *due, at, c->today,
	    automatic) == -1)
		return -1;
	*id = hb_last_id(c->st);
	return event(c, *id, "filed", reason, e);
}

static int
add_subject(struct hb_ctx *c, int64_t id, const char *kind, int64_t ref,
    int64_t agreement, const char *rule, struct hb_err *e)
{
	return hb_exec(c->st, e, "INSERT OR IGNORE INTO escalation_subject "
	    "(escalation_id, kind, ref_id, agreement_id, rule) VALUES (?, ?, "
	    "?, ?, ?)", "IsIms", id, kind, ref, agreement > 0 ? agreement :
	    INT64_MIN, rule);
}

int
hb_escalation_file(struct hb_ctx *c, const struct hb_fields *f,
    struct hb_escalation_filed *res, struct hb_err *e)
{
	const char *const *k, *code = hb_field(f, "household"), *p;
	const struct subject_kind *sk;
	int64_t hh, ref, agreement, first_decision = 0;
	char *rule, *detail;
	int i, rc;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < f->n; i++)
		if (!in_words(hb_escalation_fields, f->key[i]))
			return hb_escalation_check(c, f->key[i], "", code, e);
	for (k = hb_escalation_fields; *k != NULL; k++) {
		if (hb_field(f, *k) == NULL) {
			if (hb_escalation_required(*k))
				return hb_error(e, "missing required field "
				    "'%s'", *k);
			continue;
		}
		if (hb_escalation_check(c, *k, hb_field(f, *k), code, e) == -1)
			return -1;
	}
	if (hb_household_id(c, code, &hh, e) == -1)
		return -1;
	if (insert(c, hh, hb_field(f, "on_behalf_of"), hb_field(f, "category"),
	    strcmp(hb_field(f, "urgency"), "urgent") == 0, hb_field(f,
	    "reason"), 0, &res->id, &res->due, e) == -1)
		return -1;
	for (k = hb_escalation_fields; *k != NULL; k++) {
		if ((sk = subject_kind(*k)) == NULL || hb_field(f, *k) == NULL)
			continue;
		for (p = hb_field(f, *k); (rc = next_id(&p, &ref, *k, e)) == 1;) {
			if (subject_lookup(c, sk, ref, code, &agreement, &rule,
			    e) == -1)
				return -1;
			rc = add_subject(c, res->id, sk->name, ref, agreement,
			    rule, e);
			free(rule);
			if (rc == -1)
				return -1;
			if (first_decision == 0 && strcmp(*k, "decision") == 0)
				first_decision = ref;
		}
		if (rc == -1)
			return -1;
	}
	if (first_decision > 0 && hb_exec(c->st, e, "UPDATE escalation SET "
	    "decision_id = ? WHERE id = ?", "II", first_decision,
	    res->id) == -1)
		return -1;
	/* every taking is suspended: a planned one not yet reserved for an
	 * export is withdrawn now, the next plan shows it suspended */
	if (hb_exec(c->st, e, "UPDATE payout SET status = 'cancelled' WHERE "
	    "household_id = ? AND status IN ('planned','approved') AND "
	    "pending_batch IS NULL AND agreement_id IN (SELECT id FROM "
	    "agreement WHERE kind IN ('repayment','offset','collection'))",
	    "I", hh) == -1)
		return -1;
	res->withdrawn = hb_changes(c->st);
	if (on_its_way(c, hh, &res->on_its_way, e) == -1)
		return -1;
	xasprintf(&detail, "%s; %d planned taking%s withdrawn",
	    hb_field(f, "category"), res->withdrawn, res->withdrawn == 1 ?
	    "" : "s");
	audit_for(c, code, res->id, "filed: ", detail);
	free(detail);
	return 0;
}

/* The escalation's household code and status; -1 when unknown. */
static int
load(struct hb_ctx *c, int64_t id, char *code, size_t codesz, char *status,
    size_t statussz, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT h.code, e.status, "
	    "coalesce(e.outcome, ''), coalesce(e.resolved_on, '') FROM "
	    "escalation e JOIN household h ON h.id = e.household_id WHERE "
	    "e.id = ?", "I", id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown escalation %lld", (long long)id);
	else if (rc == 1) {
		snprintf(code, codesz, "%s", hb_col_text(q, 0));
		snprintf(status, statussz, "%s", hb_col_text(q, 1));
		if (strcmp(status, "resolved") == 0)
			snprintf(status, statussz, "resolved %s on %s",
			    hb_col_text(q, 2), hb_col_text(q, 3));
		rc = 0;
	}
	hb_finalize(q);
	return rc;
}

static int
load_open(struct hb_ctx *c, int64_t id, char *code, size_t codesz,
    struct hb_err *e)
{
	char status[64];

	if (load(c, id, code, codesz, status, sizeof(status), e) == -1)
		return -1;
	if (strncmp(status, "resolved", 8) == 0)
		return hb_error(e, "escalation %lld is already %s: reopen it "
		    "first", (long long)id, status);
	return 0;
}

int
hb_escalation_assign(struct hb_ctx *c, int64_t id, const char *assignee,
    struct hb_err *e)
{
	char code[16];
	int taken = assignee == NULL;

	if (taken)
		assignee = c->actor;
	if (blank(assignee))
		return hb_error(e, "an assignee is required");
	if (load_open(c, id, code, sizeof(code), e) == -1)
		return -1;
	if (hb_exec(c->st, e, "UPDATE escalation SET status = 'taken', "
	    "assignee = ? WHERE id = ?", "sI", assignee, id) == -1 ||
	    event(c, id, taken ? "taken" : "assigned", assignee, e) == -1)
		return -1;
	audit_for(c, code, id, taken ? "taken by " : "assigned to ",
	    assignee);
	return 0;
}

int
hb_escalation_comment(struct hb_ctx *c, int64_t id, const char *text,
    struct hb_err *e)
{
	char code[16], status[64];

	if (blank(text))
		return hb_error(e, "a comment needs text");
	if (load(c, id, code, sizeof(code), status, sizeof(status), e) == -1 ||
	    event(c, id, "comment", text, e) == -1)
		return -1;
	audit_for(c, code, id, "comment: ", text);
	return 0;
}

int
hb_escalation_resolve(struct hb_ctx *c, int64_t id, const char *outcome,
    const char *reason, struct hb_err *e)
{
	struct hb_stmt *q;
	char code[16], at[32], *rules = NULL, *departure = NULL, *text;
	int rc;

	if (outcome == NULL || !in_words(outcomes, outcome))
		return hb_error(e, "invalid outcome '%s': expected upheld, "
		    "changed or rejected", outcome ? outcome : "");
	if (blank(reason))
		return hb_error(e, "a resolution needs a reason (Awb 4:84: a "
		    "departure from a rule is explained)");
	if (load_open(c, id, code, sizeof(code), e) == -1)
		return -1;
	/* upheld or changed: the outcome departs from what the rules of the
	 * disputed decisions decided, and says why */
	if (strcmp(outcome, "rejected") != 0) {
		if (hb_prepare(c->st, &q, e, "SELECT group_concat(rule, ', ') "
		    "FROM (SELECT DISTINCT rule FROM escalation_subject WHERE "
		    "escalation_id = ? AND rule IS NOT NULL ORDER BY rule)",
		    "I", id) == -1)
			return -1;
		if ((rc = hb_step(q, e)) == 1 && !hb_col_null(q, 0))
			rules = xstrdup(hb_col_text(q, 0));
		hb_finalize(q);
		if (rc == -1)
			return -1;
		xasprintf(&departure, "departs from %s%s: %s", rules ?
		    "rule " : "the plan's decisions", rules ? rules : "",
		    reason);
		free(rules);
	}
	hb_now_utc(at);
	rc = hb_exec(c->st, e, "UPDATE escalation SET status = 'resolved', "
	    "outcome = ?, resolution = ?, departure = ?, resolved_at = ?, "
	    "resolved_on = ?, assignee = coalesce(assignee, ?) WHERE id = ?",
	    "ssssdsI", outcome, reason, departure, at, c->today, c->actor, id);
	free(departure);
	if (rc == -1)
		return -1;
	xasprintf(&text, "%s: %s", outcome, reason);
	rc = event(c, id, "resolved", text, e);
	free(text);
	if (rc == -1)
		return -1;
	audit_for(c, code, id, "resolved: ", outcome);
	return 0;
}

int
hb_escalation_reopen(struct hb_ctx *c, int64_t id, const char *reason,
    struct hb_err *e)
{
	char code[16], status[64];

	if (blank(reason))
		return hb_error(e, "reopening needs a reason");
	if (load(c, id, code, sizeof(code), status, sizeof(status), e) == -1)
		return -1;
	if (strncmp(status, "resolved", 8) != 0)
		return hb_error(e, "escalation %lld is %s, not resolved: "
		    "nothing to reopen", (long long)id, status);
	/* a new deadline from today, at the escalation's urgency */
	if (hb_exec(c->st, e, "UPDATE escalation SET status = CASE WHEN "
	    "assignee IS NULL THEN 'open' ELSE 'taken' END, outcome = NULL, "
	    "resolution = NULL, departure = NULL, resolved_at = NULL, "
	    "resolved_on = NULL, overdue_signal = NULL, due_date = CASE "
	    "urgent WHEN 1 THEN ? ELSE ? END WHERE id = ?", "ddI",
	    hb_bank_days_add(c->today, URGENT_DAYS),
	    hb_bank_days_add(c->today, NORMAL_DAYS), id) == -1 ||
	    event(c, id, "reopened", reason, e) == -1)
		return -1;
	audit_for(c, code, id, "reopened: ", reason);
	return 0;
}

/* "decision 12, agreement 4" */
#define SUBJECTS(e) "coalesce((SELECT group_concat(kind || ' ' || ref_id, " \
    "', ') FROM (SELECT kind, ref_id FROM escalation_subject WHERE " \
    "escalation_id = " e ".id ORDER BY kind, ref_id)), CASE WHEN " \
    e ".agreement_id IS NOT NULL THEN 'agreement ' || " e ".agreement_id " \
    "ELSE 'household' END)"
#define OVERDUE(e) "(" e ".status <> 'resolved' AND " e ".due_date < ?2)"

int
hb_escalation_list(struct hb_ctx *c, const struct hb_escalation_filter *f,
    FILE *fp, enum hb_format fmt, struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t hh;
	int rc;

	if (f->household != NULL && hb_household_id(c, f->household, &hh,
	    e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT x.id, h.code AS household, "
	    "x.status, CASE x.urgent WHEN 1 THEN 'urgent' ELSE 'normal' END AS "
	    "urgency, x.category, coalesce(x.on_behalf_of, '') AS "
	    "on_behalf_of, x.filed_by, x.assignee, coalesce(x.filed_on, "
	    "substr(x.filed_at, 1, 10)) AS filed, x.due_date AS due, CASE "
	    "WHEN " OVERDUE("x") " THEN 'yes' ELSE 'no' END AS overdue, "
	    "x.outcome, " SUBJECTS("x") " AS about, x.reason "
	    "FROM escalation x JOIN household h ON h.id = x.household_id "
	    "WHERE (?1 = 'all' OR (?1 = 'open' AND x.status <> 'resolved') OR "
	    "x.status = ?1) AND (?3 IS NULL OR x.urgent = (?3 = 'urgent')) AND "
	    "(?4 IS NULL OR x.assignee = ?4 OR h.caseworker = ?4) AND "
	    "(?5 IS NULL OR h.code = ?5) AND (?6 = 0 OR " OVERDUE("x") ") "
	    "ORDER BY x.due_date, x.id", "sdsssi", f->status ? f->status :
	    "open", c->today, f->urgency, f->assignee, f->household,
	    f->overdue) == -1)
		return -1;
	rc = hb_table_write(fp, fmt, q, "isssssssssssss", e);
	hb_finalize(q);
	return rc;
}

static int
section(FILE *fp, enum hb_format fmt, int first, const char *name,
    struct hb_stmt *q, const char *types, struct hb_err *e)
{
	if (fmt == HB_OUT_JSON)
		fprintf(fp, "%s\"%s\": ", first ? "{" : ", ", name);
	else if (!first)
		fputc('\n', fp);
	return hb_table_write(fp, fmt, q, types, e);
}

int
hb_escalation_show(struct hb_ctx *c, int64_t id, FILE *fp,
    enum hb_format fmt, struct hb_err *e)
{
	struct hb_stmt *q;
	char code[16], status[64];
	int rc;

	if (load(c, id, code, sizeof(code), status, sizeof(status), e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT x.id, h.code AS household, "
	    "x.status, CASE x.urgent WHEN 1 THEN 'urgent' ELSE 'normal' END AS "
	    "urgency, x.category, x.on_behalf_of, x.filed_by, CASE x.automatic "
	    "WHEN 1 THEN 'yes' ELSE 'no' END AS automatic, x.assignee, "
	    "coalesce(x.filed_on, substr(x.filed_at, 1, 10)) AS filed, "
	    "x.due_date AS due, CASE WHEN " OVERDUE("x") " THEN 'yes' ELSE "
	    "'no' END AS overdue, x.reason, x.outcome, x.resolution, "
	    "x.departure, x.resolved_on AS resolved FROM escalation x JOIN "
	    "household h ON h.id = x.household_id WHERE x.id = ?1", "Id", id,
	    c->today) == -1)
		return -1;
	rc = section(fp, fmt, 1, "escalation", q, "issssssssssssssss", e);
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT s.kind, s.ref_id AS id, "
	    "s.agreement_id AS agreement, a.description, s.rule FROM "
	    "escalation_subject s LEFT JOIN agreement a ON a.id = "
	    "s.agreement_id WHERE s.escalation_id = ? ORDER BY s.kind, "
	    "s.ref_id", "I", id) == -1)
		return -1;
	rc = section(fp, fmt, 0, "about", q, "siiss", e);
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT day AS date, actor, action, text "
	    "FROM escalation_event WHERE escalation_id = ? ORDER BY id", "I",
	    id) == -1)
		return -1;
	rc = section(fp, fmt, 0, "handling", q, "ssss", e);
	hb_finalize(q);
	if (fmt == HB_OUT_JSON && rc == 0)
		fputs("}\n", fp);
	return rc;
}

/* nearest rank: the smallest value with at least pct% of them at or
 * below it */
static int
percentile(const int *v, int n, int pct)
{
	int rank = (pct * n + 99) / 100;

	return v[rank < 1 ? 0 : rank - 1];
}

static int
int_order(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct group {
	char	*rule, *category;
	int	 count, upheld, changed, rejected, open, overdue;
	int	*days;
	int	 ndays;
};

static int
report_row(struct hb_ctx *c, const struct group *g, struct hb_err *e)
{
	char share[16] = "";
	int64_t median = INT64_MIN, p90 = INT64_MIN;
	int resolved = g->upheld + g->changed + g->rejected, tenths;

	if (resolved > 0) {
		tenths = (1000 * (g->upheld + g->changed) + resolved / 2) /
		    resolved;
		snprintf(share, sizeof(share), "%d.%d", tenths / 10,
		    tenths % 10);
	}
	if (g->ndays > 0) {
		median = percentile(g->days, g->ndays, 50);
		p90 = percentile(g->days, g->ndays, 90);
	}
	return hb_exec(c->st, e, "INSERT INTO temp.escalation_report VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssiiiiismmi", g->rule,
	    g->category, g->count, g->upheld, g->changed, g->rejected, g->open,
	    share[0] ? share : NULL, median, p90, g->overdue);
}

static void
group_add(struct group *g, struct hb_stmt *q)
{
	const char *outcome = hb_col_text(q, 2);

	g->count++;
	if (strcmp(outcome, "upheld") == 0)
		g->upheld++;
	else if (strcmp(outcome, "changed") == 0)
		g->changed++;
	else if (strcmp(outcome, "rejected") == 0)
		g->rejected++;
	else
		g->open++;
	if (!hb_col_null(q, 3)) {
		g->days = xreallocarray(g->days, (size_t)g->ndays + 1,
		    sizeof(*g->days));
		g->days[g->ndays++] = (int)hb_col_int(q, 3);
	}
	g->overdue += (int)hb_col_int(q, 4);
}

static int
group_flush(struct hb_ctx *c, struct group *g, struct hb_err *e)
{
	int rc = 0;

	if (g->count > 0) {
		if (g->ndays > 0)
			qsort(g->days, (size_t)g->ndays, sizeof(*g->days),
			    int_order);
		rc = report_row(c, g, e);
	}
	free(g->rule);
	free(g->category);
	free(g->days);
	memset(g, 0, sizeof(*g));
	return rc;
}

int
hb_escalation_report(struct hb_ctx *c, int from, int to, FILE *fp,
    enum hb_format fmt, struct hb_err *e)
{
	struct hb_stmt *q;
	struct group g = { 0 }, all = { 0 };
	int rc, rc2 = 0;

	if (hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS "
	    "escalation_report (rule TEXT, category TEXT, count INTEGER, "
	    "upheld INTEGER, changed INTEGER, rejected INTEGER, open INTEGER, "
	    "upheld_or_changed_percent TEXT, median_days INTEGER, p90_days INTEGER, "
	    "overdue INTEGER)", "") == -1 ||
	    hb_exec(c->st, e, "DELETE FROM temp.escalation_report", "") == -1)
		return -1;
	/* one row per escalation and rule of its disputed decisions ('-'
	 * for none); days to resolution; whether it went past its due date */
	if (hb_prepare(c->st, &q, e, "WITH x AS (SELECT e.*, "
	    "coalesce(e.filed_on, substr(e.filed_at, 1, 10)) AS filed FROM "
	    "escalation e), r AS (SELECT x.id, coalesce(s.rule, '-') AS rule "
	    "FROM x LEFT JOIN (SELECT DISTINCT escalation_id, rule FROM "
	    "escalation_subject WHERE rule IS NOT NULL) s ON s.escalation_id = "
	    "x.id) SELECT r.rule, x.category, coalesce(x.outcome, ''), CASE "
	    "WHEN x.status = 'resolved' THEN CAST(julianday(coalesce("
	    "x.resolved_on, substr(x.resolved_at, 1, 10))) - julianday("
	    "x.filed) AS INTEGER) END, CASE WHEN (x.status <> 'resolved' AND "
	    "x.due_date < ?3) OR (x.status = 'resolved' AND coalesce("
	    "x.resolved_on, substr(x.resolved_at, 1, 10)) > x.due_date) THEN "
	    "1 ELSE 0 END, x.id FROM r JOIN x ON x.id = r.id WHERE x.filed "
	    "BETWEEN ?1 AND ?2 ORDER BY r.rule, x.category, x.id", "ddd",
	    from, to, c->today) == -1)
		return -1;
	while (rc2 == 0 && (rc = hb_step(q, e)) == 1) {
		if (g.count > 0 && (strcmp(g.rule, hb_col_text(q, 0)) != 0 ||
		    strcmp(g.category, hb_col_text(q, 1)) != 0))
			rc2 = group_flush(c, &g, e);
		if (g.count == 0) {
			g.rule = xstrdup(hb_col_text(q, 0));
			g.category = xstrdup(hb_col_text(q, 1));
		}
		group_add(&g, q);
	}
	hb_finalize(q);
	if (rc == -1 || rc2 == -1 || group_flush(c, &g, e) == -1)
		return -1;
	/* the total counts each escalation once */
	if (hb_prepare(c->st, &q, e, "SELECT '*', '*', coalesce(x.outcome, "
	    "''), CASE WHEN x.status = 'resolved' THEN CAST(julianday("
	    "coalesce(x.resolved_on, substr(x.resolved_at, 1, 10))) - "
	    "julianday(coalesce(x.filed_on, substr(x.filed_at, 1, 10))) AS "
	    "INTEGER) END, CASE WHEN (x.status <> 'resolved' AND x.due_date < "
	    "?3) OR (x.status = 'resolved' AND coalesce(x.resolved_on, "
	    "substr(x.resolved_at, 1, 10)) > x.due_date) THEN 1 ELSE 0 END "
	    "FROM escalation x WHERE coalesce(x.filed_on, substr(x.filed_at, "
	    "1, 10)) BETWEEN ?1 AND ?2", "ddd", from, to, c->today) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		group_add(&all, q);
	hb_finalize(q);
	if (all.count > 0) {
		all.rule = xstrdup("*");
		all.category = xstrdup("*");
	}
	if (rc == -1 || group_flush(c, &all, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT rule, category, count, upheld, "
	    "changed, rejected, open, upheld_or_changed_percent, median_days, "
	    "p90_days, overdue FROM temp.escalation_report ORDER BY rule = "
	    "'*', rowid", "") == -1)
		return -1;
	rc = hb_table_write(fp, fmt, q, "ssiiiiisiii", e);
	hb_finalize(q);
	return rc;
}

int
hb_escalation_overdue(struct hb_ctx *c, int *overdue, struct hb_err *e)
{
	struct hb_stmt *q;
	char due[HB_DATE_LEN], *details;
	int64_t *ids = NULL, *hhs = NULL, n64;
	int *dues = NULL, n = 0, i, rc;

	if (hb_prepare(c->st, &q, e, "SELECT id, household_id, due_date FROM "
	    "escalation WHERE status <> 'resolved' AND due_date < ? AND "
	    "overdue_signal IS NULL ORDER BY id", "d", c->today) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		ids = xreallocarray(ids, (size_t)n + 1, sizeof(*ids));
		hhs = xreallocarray(hhs, (size_t)n + 1, sizeof(*hhs));
		dues = xreallocarray(dues, (size_t)n + 1, sizeof(*dues));
		ids[n] = hb_col_int(q, 0);
		hhs[n] = hb_col_int(q, 1);
		dues[n++] = hb_col_date(q, 2);
	}
	hb_finalize(q);
	for (i = 0; rc == 0 && i < n; i++) {
		hb_date_format(dues[i], due);
		xasprintf(&details, "escalation %lld was due on %s and is not "
		    "resolved", (long long)ids[i], due);
		if (hb_signal(c, hhs[i], "escalation_overdue", -1, -1, details,
		    e) == -1 || hb_exec(c->st, e, "UPDATE escalation SET "
		    "overdue_signal = last_insert_rowid() WHERE id = ?", "I",
		    ids[i]) == -1 || event(c, ids[i], "overdue", details,
		    e) == -1)
			rc = -1;
		free(details);
	}
	free(ids);
	free(hhs);
	free(dues);
	if (rc == -1)
		return -1;
	if (hb_query_int(c->st, &n64, e, "SELECT count(*) FROM escalation "
	    "WHERE status <> 'resolved' AND due_date < ?", "d", c->today) == -1)
		return -1;
	*overdue = (int)n64;
	return 0;
}

int
hb_escalate_auto(struct hb_ctx *c, int64_t household, const char *why,
    int64_t decision, int64_t *id, struct hb_err *e)
{
	char *policy = NULL, *code = NULL, *detail;
	int64_t open;
	int rc, due;

	*id = 0;
	if ((rc = hb_param_text(c, "policy.auto_escalate", c->today, &policy,
	    e)) == -1)
		return -1;
	rc = rc == 1 && strcmp(policy, "off") == 0;
	free(policy);
	if (rc)
		return 0;
	if ((rc = hb_query_int(c->st, &open, e, "SELECT id FROM escalation "
	    "WHERE household_id = ? AND automatic = 1 AND status <> "
	    "'resolved'", "I", household)) != 0)
		return rc == -1 ? -1 : 0;
	if (insert(c, household, "caseworker", "other", 1, why, 1, id, &due,
	    e) == -1)
		return -1;
	if (decision > 0) {
		char *rule = NULL;

		if (hb_query_text(c->st, &rule, e, "SELECT rule FROM decision "
		    "WHERE id = ?", "I", decision) == -1)
			return -1;
		/* about the household: the decision names the rule, it does
		 * not make the agreement's payouts advisory */
		rc = add_subject(c, *id, "decision", decision, 0, rule, e);
		free(rule);
		if (rc == -1)
			return -1;
	}
	if (hb_query_text(c->st, &code, e, "SELECT code FROM household WHERE "
	    "id = ?", "I", household) == -1)
		return -1;
	xasprintf(&detail, "escalation %lld filed automatically: %s",
	    (long long)*id, why);
	rc = hb_audit(c, "escalate", code, "ok", detail, e);
	free(detail);
	free(code);
	return rc;
}

int
hb_escalation_after_plan(struct hb_ctx *c, int64_t plan_id, int64_t *id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char *why = NULL;
	int64_t hh = 0, decision = 0;
	int rc;

	*id = 0;
	if (hb_prepare(c->st, &q, e, "SELECT household_id, details, 0 FROM "
	    "signal WHERE plan_id = ?1 AND kind = 'buffer_exhausted' UNION ALL "
	    "SELECT p.household_id, 'held a second time: ' || a.description "
	    "|| ' due ' || p.due_date, p.decision_id FROM payout p JOIN "
	    "agreement a ON a.id = p.agreement_id WHERE p.plan_id = ?1 AND "
	    "p.status = 'held' AND EXISTS (SELECT 1 FROM payout x WHERE "
	    "x.idem_key = p.idem_key AND x.status = 'held' AND x.plan_id <> "
	    "p.plan_id) LIMIT 1", "I", plan_id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		hh = hb_col_int(q, 0);
		xasprintf(&why, "automatic: %s", hb_col_text(q, 1));
		decision = hb_col_int(q, 2);
	}
	hb_finalize(q);
	if (rc == 1)
		rc = hb_escalate_auto(c, hh, why, decision, id, e);
	free(why);
	return rc == -1 ? -1 : 0;
}

int
hb_escalation_plan_note(struct hb_ctx *c, const char *code, FILE *fp,
    struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT x.id, x.status, x.urgent, "
	    "x.due_date, coalesce((SELECT group_concat(d, ', ') FROM (SELECT "
	    "DISTINCT a.description || ' (' || ?3 || ' ' || a.id || ')' AS d "
	    "FROM escalation_scope s JOIN agreement a ON a.id = "
	    "s.agreement_id WHERE s.escalation_id = x.id ORDER BY a.id)), ''), "
	    "x.due_date < ?1 FROM escalation x JOIN household h ON h.id = "
	    "x.household_id WHERE h.code = ?2 AND x.status <> 'resolved' "
	    "ORDER BY x.id", "dss", c->today, code, _("agreement")) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		char *about = hb_sanitize(hb_col_text(q, 4)), *line;

		/* a line, on a terminal broken to its width (hb_wrap) */
		xasprintf(&line, _("escalation %lld %s (%s, due %s%s): every "
		    "taking suspended; advisory: %s\n"),
		    (long long)hb_col_int(q, 0), _(hb_col_text(q, 1)),
		    hb_col_int(q, 2) ? _("urgent") : _("normal"),
		    hb_col_text(q, 3), hb_col_int(q, 5) ? _(", overdue") : "",
		    *about ? about : _("payouts other than essential ones and "
		    "leefgeld"));
		hb_wrap(fp, line, hb_table_width(), 2);
		free(line);
		free(about);
	}
	hb_finalize(q);
	return rc;
}
