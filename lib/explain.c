/*
 * Explanations: why a decision, payout, signal or booking came out as it
 * did, and what a citizen can do about it (Awb 3:46-3:47, 3:45, 6:7; AVG
 * art. 22).  An explanation is gathered first into a struct explanation,
 * whatever is asked for, and then written as text for the caseworker, a
 * letter to the citizen (always Dutch, language level B1), Markdown for
 * mail merge, or JSON.
 *
 * An old decision must read the same after agreements or parameters
 * changed: a plan keeps the parameter periods, agreements and buffer limit
 * it was made with (hb_plan_record), and the decision keeps its inputs,
 * trace and counterfactual.  Plans made before that was kept say so.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

/* JSON is for machines: it is never translated */
static int untranslated;
static const char *tr(const char *) __attribute__((format_arg(1)));
static const char *
tr(const char *s)
{
	return untranslated ? s : dgettext(HB_TEXTDOMAIN, s);
}
#undef _
#define _(s) tr(s)

#define WETTEN "https://wetten.overheid.nl/"
#define ESCALATE "hb-escalate file %s decision=%s"

/* the parameter periods in force on first, as a parameter_set */
static int
parameter_set(struct hb_ctx *c, int first, int64_t *set, struct hb_err *e)
{
	char *periods = NULL;
	int rc;

	if (hb_query_text(c->st, &periods, e, "SELECT ';' || "
	    "group_concat(name || '@' || valid_from, ';') || ';' FROM (SELECT "
	    "name, max(valid_from) AS valid_from FROM parameter WHERE "
	    "valid_from <= ? GROUP BY name ORDER BY name)", "d", first) != 1) {
		free(periods);
		return hb_error(e, "no parameters in force on the plan's "
		    "first day");
	}
	rc = hb_exec(c->st, e, "INSERT OR IGNORE INTO parameter_set (periods) "
	    "VALUES (?)", "s", periods);
	if (rc == 0 && hb_query_int(c->st, set, e, "SELECT id FROM "
	    "parameter_set WHERE periods = ?", "s", periods) != 1)
		rc = -1;
	free(periods);
	return rc;
}

int
hb_plan_record(struct hb_ctx *c, int64_t plan, int64_t hh, int first,
    int64_t *set, struct hb_err *e)
{
	if (*set == 0 && parameter_set(c, first, set, e) == -1)
		return -1;
	if (hb_exec(c->st, e, "INSERT INTO plan_kept_agreement SELECT ?1, a.id, "
	    "a.direction, a.kind, coalesce(o.name, (SELECT holder FROM account "
	    "WHERE iban = a.iban), 'own account'), a.iban, a.description, "
	    "a.amount, a.schedule, a.valid_from, a.valid_to, a.legal_basis, "
	    "a.claim, a.claim_total, a.protected_notice FROM agreement a LEFT "
	    "JOIN organisation o ON o.id = a.organisation_id WHERE "
	    "a.household_id = ?2", "II", plan, hh) == -1)
		return -1;
	return hb_exec(c->st, e, "INSERT INTO plan_kept_household SELECT ?1, "
	    "?3, composition, adults, buffer_limit, caseworker FROM household "
	    "WHERE id = ?2", "III", plan, hh, *set);
}

/* The parameter period a plan was made with, for a query's FROM */
#define KEPT_PARAMETER "plan_kept_household k JOIN parameter_set s ON " \
    "s.id = k.parameter_set JOIN parameter p ON p.name = ?2 AND " \
    "instr(s.periods, ';' || ?2 || '@' || p.valid_from || ';') > 0 " \
    "WHERE k.plan_id = ?1"

/* One piece of data an outcome rests on, with where it comes from. */
struct item {
	const char	*what;		/* agreement, bank_line, parameter, ... */
	char		*ref;		/* A5, L12, norm.single */
	char		*label;
	int		 has_cents;
	int64_t		 cents;
	char		*text;		/* the value when not money */
	char		*source;
	int		 valid_from, valid_to;	/* -1 when none */
	char		 tag;		/* V, E, R, P; 0 when none */
};

/* A row of a household's month. */
struct row {
	int		 day;
	char		 ref[24];
	char		 what[24];	/* subject, or "signal" */
	char		 rule[32];
	char		 mode[12];
	char		*party;
	char		*text;
	int		 has_amount;
	int64_t		 amount, balance;
};

struct explanation {
	char		 kind[12];	/* decision, payout, signal, line, month */
	char		 ref[24];	/* D12, P3, S4, L9, HB-000001 2027-06 */
	char		 code[16];
	char		*name;
	char		*caseworker;
	int		 day;		/* -1 when none */
	char		 subject[24];
	int		 has_amount;
	int64_t		 amount, balance, before, advance;
	int		 has_balance;
	char		*outcome;
	char		*record;	/* the outcome as recorded, in English */
	char		 rule[32];
	const char	*summary;	/* rule's plain words */
	char		*basis;
	const char	*links[4];
	int		 nlinks;
	struct item	*items;
	int		 nitems;
	char		**steps;
	int		 nsteps;
	char		*cf;
	char		 mode[12];	/* hard, advisory */
	char		*approved_by, *approved_at, *approval_reason;
	char		*status;	/* payout status or signal status */
	int		 recorded;	/* the plan kept its data */
	int64_t		 plan, superseded_by;
	int		 first;		/* the plan's month */
	/* for the letter */
	char		 akind[24];
	char		*adesc, *aparty;
	int64_t		 aamount;
	int		 adults;
	char		*escalation_reason;
	int64_t		 escalation;
	char		*open_escalations;	/* a month's, a line each */
	/* how to object */
	int		 objectable;
	int		 weeks;
	char		*address, *contact, *municipality;
	int		 has_address, has_contact, has_municipality;
	int		 deadline;
	/* a month */
	struct row	*rows;
	int		 nrows;
	int64_t		 opening, closing, t_income, t_paid, t_advance;
	int64_t		 t_recovered, t_held, t_taken, t_suspended;
	int		 today;
};

static void
item_free(struct item *it)
{
	free(it->ref);
	free(it->label);
	free(it->text);
	free(it->source);
}

static void
explanation_free(struct explanation *x)
{
	int i;

	for (i = 0; i < x->nitems; i++)
		item_free(&x->items[i]);
	free(x->items);
	for (i = 0; i < x->nsteps; i++)
		free(x->steps[i]);
	free(x->steps);
	for (i = 0; i < x->nrows; i++) {
		free(x->rows[i].party);
		free(x->rows[i].text);
	}
	free(x->rows);
	free(x->name);
	free(x->caseworker);
	free(x->outcome);
	free(x->record);
	free(x->basis);
	free(x->cf);
	free(x->approved_by);
	free(x->approved_at);
	free(x->approval_reason);
	free(x->status);
	free(x->adesc);
	free(x->aparty);
	free(x->escalation_reason);
	free(x->open_escalations);
	free(x->address);
	free(x->contact);
	free(x->municipality);
}

static struct item *
add_item(struct explanation *x, const char *what, const char *ref,
    const char *label, const char *source)
{
	struct item *it;

	x->items = xreallocarray(x->items, (size_t)x->nitems + 1,
	    sizeof(*x->items));
	it = &x->items[x->nitems++];
	memset(it, 0, sizeof(*it));
	it->what = what;
	it->ref = xstrdup(ref);
	it->label = xstrdup(label);
	it->source = xstrdup(source);
	it->valid_from = it->valid_to = -1;
	return it;
}

static void
add_step(struct explanation *x, const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len == 0)
		return;
	x->steps = xreallocarray(x->steps, (size_t)x->nsteps + 1,
	    sizeof(*x->steps));
	x->steps[x->nsteps++] = xstrndup(s, len);
}

/* the trace as steps: its parts are separated by "; " */
static void
split_steps(struct explanation *x, const char *trace)
{
	const char *p;

	while ((p = strstr(trace, "; ")) != NULL) {
		add_step(x, trace, (size_t)(p - trace));
		trace = p + 2;
	}
	add_step(x, trace, strlen(trace));
}

static char *
dup_col(struct hb_stmt *q, int i)
{
	return xstrdup(hb_col_text(q, i));
}

/* Where the law can be read: the articles decisions name. */
static const struct {
	const char *cite, *url;
} laws[] = {
	{ "Rv art. 475d", WETTEN "jci1.3:c:BWBR0001827&boek=Tweede&titeldeel="
	  "Vierde&afdeling=Vijfde&artikel=475d" },
	{ "Rv art. 475b", WETTEN "jci1.3:c:BWBR0001827&boek=Tweede&titeldeel="
	  "Vierde&afdeling=Vijfde&artikel=475b" },
	{ "Awb", WETTEN "BWBR0005537" },
	{ "Awir", WETTEN "BWBR0018472" },
	{ "Wgs", WETTEN "BWBR0008176" },
	{ "Participatiewet", WETTEN "BWBR0015703" },
};
#define AWB_6_7 "Awb art. 6:7"
#define AWB_6_7_URL WETTEN "jci1.3:c:BWBR0005537&hoofdstuk=6&afdeling=6.2" \
    "&artikel=6:7"

static void
find_links(struct explanation *x)
{
	size_t i;

	for (i = 0; i < sizeof(laws) / sizeof(laws[0]) && x->nlinks < 4; i++)
		if (x->basis != NULL && strstr(x->basis, laws[i].cite) != NULL)
			x->links[x->nlinks++] = laws[i].url;
}

static const char *
tag_words(char tag)
{
	switch (tag) {
	case 'V':
		return _("verified in a public source");
	case 'E':
		return _("derived by arithmetic, to be verified");
	case 'R':
		return _("UNVERIFIED placeholder: check it before relying on it");
	case 'P':
		return _("the municipality's policy");
	}
	return "";
}

/* A parameter period as the plan used it: the recorded period, else the
 * one in force on day (plans made before periods were kept). */
static int
add_param(struct explanation *x, struct hb_ctx *c, const char *name,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	char *source;
	int rc;

	if (x->recorded)
		rc = hb_prepare(c->st, &q, e, "SELECT p.valid_from, p.cents, "
		    "p.text, p.unit, p.tag, p.source FROM " KEPT_PARAMETER, "Is",
		    x->plan, name);
	else
		rc = hb_prepare(c->st, &q, e, "SELECT valid_from, cents, text, "
		    "unit, tag, source FROM parameter WHERE name = ? AND "
		    "valid_from <= ? ORDER BY valid_from DESC LIMIT 1", "sd",
		    name, x->first);
	if (rc == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		xasprintf(&source, "%s", hb_col_text(q, 5));
		it = add_item(x, "parameter", name, name, source);
		free(source);
		it->valid_from = hb_col_date(q, 0);
		it->tag = hb_col_text(q, 4)[0];
		if (strcmp(hb_col_text(q, 3), "cents") == 0) {
			it->has_cents = 1;
			it->cents = hb_col_int(q, 1);
		} else if (strcmp(hb_col_text(q, 3), "percent") == 0) {
			char m[HB_MONEY_LEN];

			hb_money_format(hb_col_int(q, 1), m);
			xasprintf(&it->text, "%s%%", m);
		} else if (strcmp(hb_col_text(q, 3), "count") == 0)
			xasprintf(&it->text, "%lld",
			    (long long)hb_col_int(q, 1));
		else
			it->text = dup_col(q, 2);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

/* a parameter's value as text, from the items or the store */
static const struct item *
find_item(const struct explanation *x, const char *what, const char *ref)
{
	int i;

	for (i = 0; i < x->nitems; i++)
		if (strcmp(x->items[i].what, what) == 0 &&
		    strcmp(x->items[i].ref, ref) == 0)
			return &x->items[i];
	return NULL;
}

/* How to object: the term, where to, whom to ask; from the parameters in
 * force on day. */
static int
objection(struct explanation *x, struct hb_ctx *c, int day, struct hb_err *e)
{
	int64_t weeks = 6;
	int rc;

	x->objectable = 1;
	/* the term in force when the plan was made, if it kept it */
	if (x->recorded)
		rc = hb_query_int(c->st, &weeks, e, "SELECT p.cents FROM "
		    KEPT_PARAMETER, "Is", x->plan, "objection.weeks");
	else
		rc = hb_param_cents(c, "objection.weeks", day, &weeks, e);
	if (rc == -1)
		return -1;
	x->weeks = (int)weeks;
	if (hb_param_text(c, "policy.objection_address", day, &x->address,
	    e) == -1 || hb_param_text(c, "policy.contact", day, &x->contact,
	    e) == -1 || hb_param_text(c, "policy.municipality", day,
	    &x->municipality, e) == -1)
		return -1;
	/* the letter has Dutch words of its own for what is missing */
	x->has_address = x->address != NULL;
	x->has_contact = x->contact != NULL;
	x->has_municipality = x->municipality != NULL;
	if (x->address == NULL)
		x->address = xstrdup(_("the municipality's board (no "
		    "policy.objection_address in force)"));
	if (x->contact == NULL)
		x->contact = xstrdup(_("your caseworker"));
	if (x->municipality == NULL)
		x->municipality = xstrdup(_("the municipality"));
	x->deadline = x->today + 7 * x->weeks;
	return 0;
}

static int
household_of(struct explanation *x, struct hb_ctx *c, int64_t hh,
    struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT code, name, caseworker, adults "
	    "FROM household WHERE id = ?", "I", hh) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		snprintf(x->code, sizeof(x->code), "%s", hb_col_text(q, 0));
		x->name = dup_col(q, 1);
		x->caseworker = dup_col(q, 2);
		x->adults = (int)hb_col_int(q, 3);
	}
	hb_finalize(q);
	return rc == 1 ? 0 : -1;
}

/* The agreement as the plan recorded it, else as it is now. */
static int
agreement_item(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	char ref[24], *label, *source, m[HB_MONEY_LEN];
	int rc, recorded = x->recorded;

	if (recorded)
		rc = hb_prepare(c->st, &q, e, "SELECT kind, description, "
		    "counterparty, amount, schedule, valid_from, valid_to, "
		    "legal_basis, claim, claim_total, protected_notice, direction "
		    "FROM plan_kept_agreement WHERE plan_id = ? AND agreement_id = ?",
		    "II", x->plan, id);
	else
		rc = hb_prepare(c->st, &q, e, "SELECT a.kind, a.description, "
		    "coalesce(o.name, (SELECT holder FROM account WHERE iban = "
		    "a.iban), 'own account'), a.amount, a.schedule, a.valid_from, "
		    "a.valid_to, a.legal_basis, a.claim, a.claim_total, "
		    "a.protected_notice, a.direction FROM agreement a LEFT JOIN "
		    "organisation o ON o.id = a.organisation_id WHERE a.id = ?",
		    "I", id);
	if (rc == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		snprintf(ref, sizeof(ref), "A%lld", (long long)id);
		snprintf(x->akind, sizeof(x->akind), "%s", hb_col_text(q, 0));
		free(x->adesc);
		free(x->aparty);
		x->adesc = dup_col(q, 1);
		x->aparty = dup_col(q, 2);
		x->aamount = hb_col_int(q, 3);
		xasprintf(&label, "%s %s (%s, %s): %s, %s %s, %s",
		    _("agreement"), ref, hb_col_text(q, 0),
		    strcmp(hb_col_text(q, 11), "in") == 0 ? _("income") :
		    _("payment"), hb_col_text(q, 1),
		    strcmp(hb_col_text(q, 11), "in") == 0 ? _("from") :
		    _("to"), hb_col_text(q, 2), hb_col_text(q, 4));
		if (*hb_col_text(q, 8) != '\0') {
			char *more;

			hb_money_format_nl(hb_col_int(q, 9), m);
			xasprintf(&more, "%s; %s %s %s, %s %s", label,
			    _("claim"), hb_col_text(q, 8), m, _("basis"),
			    hb_col_text(q, 7));
			free(label);
			label = more;
		}
		if (!hb_col_null(q, 10)) {
			char *more;

			hb_money_format_nl(hb_col_int(q, 10), m);
			xasprintf(&more, "%s; %s %s", label, _("protected income "
			    "in the creditor's notice"), m);
			free(label);
			label = more;
		}
		if (recorded)
			xasprintf(&source, _("the household's agreements, as "
			    "recorded with plan %lld"), (long long)x->plan);
		else if (x->plan > 0)
			xasprintf(&source, _("the household's agreements as "
			    "they are now (plan %lld did not record them)"),
			    (long long)x->plan);
		else
			source = xstrdup(_("the household's agreements as they "
			    "are now"));
		it = add_item(x, "agreement", ref, label, source);
		free(label);
		free(source);
		it->has_cents = 1;
		it->cents = hb_col_int(q, 3);
		it->valid_from = hb_col_date(q, 5);
		it->valid_to = hb_col_date(q, 6);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

static int
line_item(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	char ref[24], *label, *source;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT l.booking_date, l.cents, "
	    "l.counter_name, l.description, coalesce(l.counter_iban, ''), "
	    "coalesce(s.bank_id, ''), s.id, i.file_name, a.iban, l.src_line "
	    "FROM bank_line l JOIN statement s ON s.id = l.statement_id JOIN "
	    "import i ON i.id = s.import_id JOIN account a ON a.id = "
	    "l.account_id WHERE l.id = ?", "I", id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		snprintf(ref, sizeof(ref), "L%lld", (long long)id);
		xasprintf(&label, "%s %s, %s %s %s: %s", _("bank line"), ref,
		    hb_col_text(q, 2), hb_col_text(q, 4), hb_col_text(q, 0),
		    hb_col_text(q, 3));
		xasprintf(&source, _("bank statement %s (statement %lld) of "
		    "account %s, file '%s' line %lld"), *hb_col_text(q, 5) ?
		    hb_col_text(q, 5) : "-", (long long)hb_col_int(q, 6),
		    hb_col_text(q, 8), hb_col_text(q, 7),
		    (long long)hb_col_int(q, 9));
		it = add_item(x, "bank_line", ref, label, source);
		free(label);
		free(source);
		it->has_cents = 1;
		it->cents = hb_col_int(q, 1);
		it->valid_from = hb_col_date(q, 0);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

static int
income_item(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	char ref[24], *label, *source;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT s.net, s.pay_date, s.period, "
	    "o.name, k.reference, k.valid_from, k.valid_to, k.id, i.file_name, "
	    "s.src_line FROM income_statement s JOIN organisation o ON o.id = "
	    "s.organisation_id JOIN consent k ON k.id = s.consent_id JOIN import "
	    "i ON i.id = s.import_id WHERE s.id = ?", "I", id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		snprintf(ref, sizeof(ref), "I%lld", (long long)id);
		xasprintf(&label, "%s %s, %s %s, %s %s", _("income statement"),
		    ref, hb_col_text(q, 3), hb_col_text(q, 2), _("paid on"),
		    hb_col_text(q, 1));
		xasprintf(&source, _("file '%s' line %lld, delivered with the "
		    "citizen's consent %lld (%s, from %s to %s)"),
		    hb_col_text(q, 8), (long long)hb_col_int(q, 9),
		    (long long)hb_col_int(q, 7), hb_col_text(q, 4),
		    hb_col_text(q, 5), *hb_col_text(q, 6) ? hb_col_text(q, 6) :
		    _("withdrawn"));
		it = add_item(x, "income_statement", ref, label, source);
		free(label);
		free(source);
		it->has_cents = 1;
		it->cents = hb_col_int(q, 0);
		it->valid_from = hb_col_date(q, 5);
		it->valid_to = hb_col_date(q, 6);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

/* The data named at the start of a decision's inputs: "bank line 12: ",
 * "income statement 3 (with consent), agreement 5: ", "payout 7, export
 * batch 2: ". */
static int
input_items(struct explanation *x, struct hb_ctx *c, const char *inputs,
    struct hb_err *e)
{
	long long id, batch;

	if (sscanf(inputs, "bank line %lld", &id) == 1)
		return line_item(x, c, id, e);
	if (sscanf(inputs, "income statement %lld", &id) == 1)
		return income_item(x, c, id, e);
	if (sscanf(inputs, "payout %lld, export batch %lld", &id, &batch) == 2) {
		char ref[24], *label;
		struct item *it;

		snprintf(ref, sizeof(ref), "P%lld", id);
		xasprintf(&label, _("payout %s, exported in batch %lld"), ref,
		    batch);
		it = add_item(x, "payout", ref, label, _("the export batches"));
		free(label);
		(void)it;
	}
	return 0;
}

/* the parameters a rule rests on */
static int
rule_params(struct explanation *x, struct hb_ctx *c, struct hb_err *e)
{
	static const struct {
		const char *prefix, *names;
	} uses[] = {
		{ "PAY", "policy.priority policy.buffer_covers" },
		{ "HOLD", "policy.priority policy.buffer_covers" },
		{ "BUFFER", "policy.buffer_covers" },
		{ "TAKE-OFFSET", "toeslag_offset.min" },
		{ "TAKE", "NORM protected.percent policy.priority" },
	};
	char names[128], *w, *save;
	size_t i;

	for (i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		if (strncmp(x->rule, uses[i].prefix,
		    strlen(uses[i].prefix)) != 0)
			continue;
		snprintf(names, sizeof(names), "%s", uses[i].names);
		for (w = strtok_r(names, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			if (add_param(x, c, strcmp(w, "NORM") == 0 ?
			    (x->adults >= 2 ? "norm.couple" : "norm.single") : w,
			    e) == -1)
				return -1;
		break;
	}
	return add_param(x, c, "objection.weeks", e);
}

static int
approval(struct explanation *x, struct hb_ctx *c, int64_t decision,
    struct hb_err *e)
{
	char like[48];
	int rc;

	if (x->approved_by == NULL)
		return 0;
	snprintf(like, sizeof(like), "decision %lld: %%", (long long)decision);
	rc = hb_query_text(c->st, &x->approved_at, e, "SELECT at FROM audit "
	    "WHERE action = 'approve' AND result = 'ok' AND detail LIKE ? "
	    "ORDER BY id DESC LIMIT 1", "s", like);
	return rc == -1 ? -1 : 0;
}

#define DECISION_COLUMNS "SELECT d.id, d.plan_id, d.household_id, " \
    "coalesce(d.agreement_id, 0), d.day, d.subject, d.amount, d.balance, " \
    "d.mode, d.rule, d.basis, " HB_OUTCOME("d") ", d.inputs, d.trace, " \
    "d.counterfactual, pl.month, pl.today, pl.superseded_by, " \
    "(SELECT count(*) FROM plan_kept_household WHERE plan_id = d.plan_id), " \
    "(SELECT buffer_limit FROM plan_kept_household WHERE plan_id = d.plan_id), " \
    "(SELECT adults FROM plan_kept_household WHERE plan_id = d.plan_id), " \
    "d.outcome FROM decision d JOIN plan pl ON pl.id = d.plan_id "

static int
explain_decision(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	const struct hb_rule *r;
	struct item *it;
	int64_t hh = 0, agreement = 0, esc, limit = 0;
	char *inputs = NULL, *trace = NULL, *src;
	int made = -1;
	const char *p;
	int rc, y, m;

	if (hb_prepare(c->st, &q, e, DECISION_COLUMNS "WHERE d.id = ?", "I",
	    id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown decision D%lld", (long long)id);
	if (rc == 1) {
		snprintf(x->kind, sizeof(x->kind), "decision");
		snprintf(x->ref, sizeof(x->ref), "D%lld", (long long)id);
		x->plan = hb_col_int(q, 1);
		hh = hb_col_int(q, 2);
		agreement = hb_col_int(q, 3);
		x->day = hb_col_date(q, 4);
		snprintf(x->subject, sizeof(x->subject), "%s",
		    hb_col_text(q, 5));
		x->has_amount = !hb_col_null(q, 6);
		x->amount = hb_col_int(q, 6);
		x->has_balance = 1;
		x->balance = hb_col_int(q, 7);
		snprintf(x->mode, sizeof(x->mode), "%s", hb_col_text(q, 8));
		snprintf(x->rule, sizeof(x->rule), "%s", hb_col_text(q, 9));
		x->basis = dup_col(q, 10);
		x->outcome = dup_col(q, 11);
		x->record = dup_col(q, 21);
		inputs = dup_col(q, 12);
		trace = dup_col(q, 13);
		x->cf = dup_col(q, 14);
		sscanf(hb_col_text(q, 15), "%d-%d", &y, &m);
		x->first = hb_date_make(y, m, 1);
		x->superseded_by = hb_col_null(q, 17) ? 0 : hb_col_int(q, 17);
		x->recorded = hb_col_int(q, 18) > 0;
		if (x->recorded) {
			x->adults = (int)hb_col_int(q, 20);
			limit = hb_col_int(q, 19);
		}
		made = hb_col_date(q, 16);
	}
	hb_finalize(q);
	if (rc != 1)
		goto out;
	rc = -1;
	{
		int adults = x->adults;

		if (household_of(x, c, hh, e) == -1)
			goto out;
		if (x->recorded)
			x->adults = adults;
	}
	r = hb_rule(x->rule);
	x->summary = r != NULL ? _(r->summary) : "";
	find_links(x);
	/* the balance before the decision: what the money did */
	if (strcmp(x->subject, "income") == 0)
		x->before = x->balance - x->amount;
	else if (strcmp(x->subject, "payout") == 0 ||
	    strcmp(x->subject, "buffer_advance") == 0 ||
	    strcmp(x->subject, "postpone") == 0 ||
	    strcmp(x->subject, "reduce") == 0)
		x->before = x->balance + (x->has_amount ? x->amount : 0);
	else
		x->before = x->balance;
	if (strcmp(x->subject, "buffer_advance") == 0)
		x->advance = x->amount - (x->before > 0 ? x->before : 0);
	if (agreement > 0 && agreement_item(x, c, agreement, e) == -1)
		goto out;
	it = add_item(x, "balance", "before", _("balance before this "
	    "decision"), "");
	free(it->source);
	xasprintf(&it->source, _("the bank's balance at the start of plan "
	    "%lld with the month's earlier decisions"), (long long)x->plan);
	it->has_cents = 1;
	it->cents = x->before;
	if (input_items(x, c, inputs, e) == -1)
		goto out;
	if (x->recorded) {
		it = add_item(x, "household", "buffer_limit",
		    _("buffer limit of the household"), "");
		free(it->source);
		xasprintf(&it->source, _("the household register, as recorded "
		    "with plan %lld"), (long long)x->plan);
		it->has_cents = 1;
		it->cents = limit;
	}
	it = add_item(x, "plan", "today", _("the day the plan was made"), "");
	free(it->source);
	xasprintf(&it->source, _("plan %lld"), (long long)x->plan);
	it->valid_from = made;
	/* the English record names the escalation */
	if (x->record != NULL &&
	    (p = strstr(x->record, "escalation ")) != NULL &&
	    sscanf(p, "escalation %" SCNd64, &esc) == 1) {
		struct hb_stmt *s;

		x->escalation = esc;
		if (hb_prepare(c->st, &s, e, "SELECT filed_by, filed_at, "
		    "reason, status FROM escalation WHERE id = ?", "I",
		    esc) == -1)
			goto out;
		if ((rc = hb_step(s, e)) == 1) {
			char ref[24], *label;

			snprintf(ref, sizeof(ref), "E%" PRId64, esc);
			x->escalation_reason = dup_col(s, 2);
			xasprintf(&label, _("escalation %s by %s on %.10s: %s "
			    "(now %s)"), ref, hb_col_text(s, 0),
			    hb_col_text(s, 1), hb_col_text(s, 2),
			    hb_col_text(s, 3));
			xasprintf(&src, "%s", _("the escalations"));
			add_item(x, "escalation", ref, label, src);
			free(label);
			free(src);
		}
		hb_finalize(s);
		if (rc == -1)
			goto out;
	}
	if (rule_params(x, c, e) == -1)
		goto out;
	split_steps(x, trace);
	/* the payout the decision made, and who approved it (through the
	 * plan's payouts: payouts have no index by decision) */
	if (hb_prepare(c->st, &q, e, "SELECT status, approved_by, "
	    "approval_reason FROM payout WHERE plan_id = ? AND decision_id = "
	    "? ORDER BY id DESC LIMIT 1", "II", x->plan, id) == -1)
		goto out;
	if ((rc = hb_step(q, e)) == 1) {
		x->status = dup_col(q, 0);
		if (!hb_col_null(q, 1)) {
			x->approved_by = dup_col(q, 1);
			x->approval_reason = dup_col(q, 2);
		}
	}
	hb_finalize(q);
	if (rc == -1 || approval(x, c, id, e) == -1) {
		rc = -1;
		goto out;
	}
	rc = objection(x, c, x->day, e);
out:
	free(inputs);
	free(trace);
	return rc == -1 ? -1 : 0;
}

static int
explain_payout(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	int64_t decision = 0;
	char ref[24], *label;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT p.decision_id, p.due_date, "
	    "p.exec_date, p.amount, p.creditor, p.creditor_iban, p.end_to_end, "
	    "p.status, coalesce(b.msg_id, ''), p.remittance FROM payout p LEFT "
	    "JOIN export_batch b ON b.id = p.batch_id WHERE p.id = ?", "I",
	    id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown payout P%lld", (long long)id);
	if (rc == 1) {
		decision = hb_col_int(q, 0);
		snprintf(ref, sizeof(ref), "P%lld", (long long)id);
		xasprintf(&label, _("payout %s to %s (%s), due %s, executed %s, "
		    "end-to-end id %s, status %s%s%s"), ref, hb_col_text(q, 4),
		    hb_col_text(q, 5), hb_col_text(q, 1), hb_col_text(q, 2),
		    hb_col_text(q, 6), hb_col_text(q, 7),
		    *hb_col_text(q, 8) ? _(", export message ") : "",
		    hb_col_text(q, 8));
		it = add_item(x, "payout", ref, label, _("the payouts"));
		free(label);
		it->has_cents = 1;
		it->cents = hb_col_int(q, 3);
		it->valid_from = hb_col_date(q, 2);
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	/* the payout's decision, with the payout first among its data */
	{
		struct item keep = x->items[0];

		x->nitems = 0;
		if (explain_decision(x, c, decision, e) == -1) {
			item_free(&keep);
			return -1;
		}
		x->items = xreallocarray(x->items, (size_t)x->nitems + 1,
		    sizeof(*x->items));
		memmove(&x->items[1], &x->items[0],
		    (size_t)x->nitems * sizeof(*x->items));
		x->items[0] = keep;
		x->nitems++;
	}
	snprintf(x->kind, sizeof(x->kind), "payout");
	snprintf(x->ref, sizeof(x->ref), "P%lld", (long long)id);
	return 0;
}

/* What each signal means, in plain words. */
static const struct {
	const char *kind, *means;
} signal_kinds[] = {
	{ "amount_deviation", N_("A bank line differs from the agreed "
	  "amount by more than its margin.") },
	{ "unexpected_payment", N_("Money came in or went out that no "
	  "agreement expects.") },
	{ "unknown_counterparty", N_("A bank line could not be matched to a "
	  "household and agreement with enough certainty.") },
	{ "statement_unreconciled", N_("A bank statement's balances do not "
	  "add up to its lines.") },
	{ "income_missing", N_("Expected income did not arrive by its date "
	  "plus the day margin.") },
	{ "negative_balance", N_("The balance fell below the policy's low "
	  "balance.") },
	{ "buffer_used", N_("The municipality advanced money from the "
	  "household's buffer.") },
	{ "buffer_exhausted", N_("The buffer is nearly used up: a person "
	  "confirms the advance.") },
	{ "payout_held", N_("A payout could not be made and is held.") },
	{ "non_take_up", N_("The household may be entitled to an allowance "
	  "it does not receive.") },
	{ "escalation_overdue", N_("An escalation was not handled in time.") },
	{ "payout_returned", N_("The bank returned a payout.") },
};

static int
explain_signal(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	struct item *it;
	int64_t hh = 0, agreement = 0, line = 0;
	size_t k;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT coalesce(household_id, 0), kind, "
	    "coalesce(agreement_id, 0), coalesce(line_id, 0), "
	    HB_DETAILS("signal") ", "
	    "coalesce(plan_id, 0), at, status, coalesce(resolved_by, ''), "
	    "coalesce(resolution, '') FROM signal WHERE id = ?", "I",
	    id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown signal S%lld", (long long)id);
	if (rc == 1) {
		snprintf(x->kind, sizeof(x->kind), "signal");
		snprintf(x->ref, sizeof(x->ref), "S%lld", (long long)id);
		hh = hb_col_int(q, 0);
		snprintf(x->subject, sizeof(x->subject), "%s",
		    hb_col_text(q, 1));
		snprintf(x->rule, sizeof(x->rule), "signal:%s",
		    hb_col_text(q, 1));
		agreement = hb_col_int(q, 2);
		line = hb_col_int(q, 3);
		x->outcome = dup_col(q, 4);
		x->plan = hb_col_int(q, 5);
		x->status = dup_col(q, 7);
		snprintf(x->mode, sizeof(x->mode), "advisory");
		x->basis = xstrdup(_("policy: signals for the caseworker "
		    "(DOMAIN: signals)"));
		for (k = 0; k < sizeof(signal_kinds) / sizeof(signal_kinds[0]);
		    k++)
			if (strcmp(signal_kinds[k].kind, x->subject) == 0)
				x->summary = _(signal_kinds[k].means);
		if (*hb_col_text(q, 8) != '\0') {
			x->approved_by = dup_col(q, 8);
			x->approval_reason = dup_col(q, 9);
		}
		{
			char *step;

			xasprintf(&step, _("signalled at %s"),
			    hb_col_text(q, 6));
			add_step(x, step, strlen(step));
			free(step);
		}
		x->cf = xstrdup(_("a signal decides nothing: it asks a person to "
		    "look"));
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	x->day = -1;
	x->first = c->today;
	x->recorded = x->plan > 0 && hb_query_int(c->st, &(int64_t){0}, e,
	    "SELECT 1 FROM plan_kept_household WHERE plan_id = ?", "I",
	    x->plan) == 1;
	if (hh > 0 && household_of(x, c, hh, e) == -1)
		return -1;
	if (agreement > 0 && agreement_item(x, c, agreement, e) == -1)
		return -1;
	if (line > 0 && line_item(x, c, line, e) == -1)
		return -1;
	(void)it;
	return 0;
}

/*
 * An escalation: who filed it for whom and why, what it is about, what it
 * does while it is open (every taking suspended, the disputed decisions
 * advisory), each step of its handling, and how it ended.  Not a decision
 * of hb's, so nothing to object to; the person who resolves it records the
 * reasons and any departure from a rule (Awb 4:84).
 */
static int
explain_escalation(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	const struct hb_rule *r;
	struct hb_stmt *q;
	char ref[24], *label, *step;
	int64_t hh = 0;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT household_id, category, urgent, "
	    "reason, status, due_date, filed_by, coalesce(on_behalf_of, ''), "
	    "coalesce(filed_on, filed_at), coalesce(assignee, ''), "
	    "coalesce(outcome, ''), coalesce(resolution, ''), "
	    "coalesce(departure, ''), coalesce(resolved_on, resolved_at, ''), "
	    "due_date < ? AND status <> 'resolved' "
	    "FROM escalation WHERE id = ?", "dI", c->today, id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown escalation E%lld", (long long)id);
	if (rc == 1) {
		snprintf(x->kind, sizeof(x->kind), "escalation");
		snprintf(x->ref, sizeof(x->ref), "E%lld", (long long)id);
		hh = hb_col_int(q, 0);
		snprintf(x->subject, sizeof(x->subject), "%s",
		    hb_col_text(q, 1));
		x->status = dup_col(q, 4);
		x->day = hb_col_date(q, 5);
		if (strcmp(x->status, "resolved") != 0)
			xasprintf(&x->outcome, _("open (%s, due %s%s): every "
			    "taking of the household is suspended and the "
			    "disputed decisions are advisory until a person "
			    "resolves it"), hb_col_int(q, 2) ? _("urgent") :
			    _("normal"), hb_col_text(q, 5), hb_col_int(q, 14) ?
			    _(", overdue") : "");
		else
			xasprintf(&x->outcome, _("resolved as %s on %.10s: %s"),
			    hb_col_text(q, 10), hb_col_text(q, 13),
			    hb_col_text(q, 11));
		xasprintf(&step, _("filed on %.10s by %s%s%s, category %s: %s"),
		    hb_col_text(q, 8), hb_col_text(q, 6),
		    *hb_col_text(q, 7) ? _(" on behalf of ") : "",
		    hb_col_text(q, 7), hb_col_text(q, 1), hb_col_text(q, 3));
		add_step(x, step, strlen(step));
		free(step);
		if (*hb_col_text(q, 11) != '\0') {
			x->approved_by = xstrdup(*hb_col_text(q, 9) ?
			    hb_col_text(q, 9) : _("the caseworker"));
			x->approved_at = dup_col(q, 13);
			xasprintf(&x->approval_reason, "%s%s%s",
			    hb_col_text(q, 11), *hb_col_text(q, 12) ?
			    _("; departure from the rule: ") : "",
			    hb_col_text(q, 12));
		}
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	snprintf(x->rule, sizeof(x->rule), "TAKE-ESCALATED");
	r = hb_rule(x->rule);
	x->summary = r != NULL ? _(r->summary) : "";
	x->basis = xstrdup(r != NULL ? r->basis : "");
	find_links(x);
	snprintf(x->mode, sizeof(x->mode), "advisory");
	x->cf = xstrdup(_("had nobody filed it, the household's takings would "
	    "have been weighed against its protected income as usual"));
	x->first = c->today;
	x->recorded = 1;
	if (household_of(x, c, hh, e) == -1)
		return -1;
	/* what it is about */
	if (hb_prepare(c->st, &q, e, "SELECT kind, ref_id, coalesce(rule, ''), "
	    "coalesce(agreement_id, 0) FROM escalation_subject WHERE "
	    "escalation_id = ? ORDER BY kind, ref_id", "I", id) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		snprintf(ref, sizeof(ref), "%c%lld",
		    toupper((unsigned char)*hb_col_text(q, 0)),
		    (long long)hb_col_int(q, 1));
		xasprintf(&label, _("disputed %s %s%s%s"), hb_col_text(q, 0), ref,
		    *hb_col_text(q, 2) ? _(", rule ") : "", hb_col_text(q, 2));
		add_item(x, "escalation_subject", ref, label,
		    _("the escalation"));
		free(label);
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	/* its handling, step by step */
	if (hb_prepare(c->st, &q, e, "SELECT day, actor, action, text FROM "
	    "escalation_event WHERE escalation_id = ? AND action <> 'filed' "
	    "ORDER BY id", "I", id) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		xasprintf(&step, "%s %s %s: %s", hb_col_text(q, 0),
		    hb_col_text(q, 2), hb_col_text(q, 1), hb_col_text(q, 3));
		add_step(x, step, strlen(step));
		free(step);
	}
	hb_finalize(q);
	return rc;
}

static int
explain_line(struct explanation *x, struct hb_ctx *c, int64_t id,
    struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t hh = 0, booked = 0;
	char ref[24], *label, *src;
	int rc, score = 0, nsugg = 0;

	snprintf(x->kind, sizeof(x->kind), "line");
	snprintf(x->ref, sizeof(x->ref), "L%lld", (long long)id);
	x->day = -1;
	x->first = c->today;
	if (line_item(x, c, id, e) == -1)
		return -1;
	if (x->nitems == 0)
		return hb_error(e, "unknown bank line L%lld", (long long)id);
	if (hb_prepare(c->st, &q, e, "SELECT coalesce(household_id, 0), "
	    "coalesce(agreement_id, 0), expected_date, score, method, reason, "
	    "actor, at FROM line_match WHERE line_id = ? ORDER BY id DESC "
	    "LIMIT 1", "I", id) == -1)
		return -1;
	rc = hb_step(q, e);
	snprintf(x->mode, sizeof(x->mode), "hard");
	xasprintf(&x->basis, _("policy: matching (a score of at least %d and "
	    "a lead of %d over the runner-up books a line)"), HB_MATCH_BOOK,
	    HB_MATCH_GAP);
	x->summary = _("A bank line is booked to the household and agreement "
	    "that fit it best, when the fit is good enough and clear.");
	if (rc == 1) {
		hh = hb_col_int(q, 0);
		booked = hb_col_int(q, 1);
		score = (int)hb_col_int(q, 3);
		snprintf(x->subject, sizeof(x->subject), "%s",
		    hb_col_text(q, 4));
		snprintf(x->rule, sizeof(x->rule), "MATCH-%s",
		    strcmp(hb_col_text(q, 4), "auto") == 0 ? "AUTO" :
		    strcmp(hb_col_text(q, 4), "account") == 0 ? "ACCOUNT" :
		    "MANUAL");
		split_steps(x, hb_col_text(q, 5));
		if (strcmp(hb_col_text(q, 4), "manual") == 0) {
			x->summary = _("A caseworker booked the line by hand, "
			    "with a reason; a new booking corrects it.");
			x->cf = xstrdup(_("a booking by hand is a person's "
			    "decision: a new booking corrects it"));
			snprintf(x->mode, sizeof(x->mode), "advisory");
			x->approved_by = dup_col(q, 6);
			x->approved_at = dup_col(q, 7);
			x->approval_reason = dup_col(q, 5);
		}
	} else if (rc == 0) {
		snprintf(x->rule, sizeof(x->rule), "MATCH-NONE");
		snprintf(x->mode, sizeof(x->mode), "advisory");
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hh > 0 && household_of(x, c, hh, e) == -1)
		return -1;
	if (booked > 0 && agreement_item(x, c, booked, e) == -1)
		return -1;
	if (hh > 0 && booked > 0)
		xasprintf(&x->outcome, _("booked to %s, agreement A%lld (%s), "
		    "score %d"), x->code, (long long)booked, x->adesc, score);
	else if (hh > 0)
		xasprintf(&x->outcome, _("booked to %s, to no agreement"),
		    x->code);
	else
		x->outcome = xstrdup(_("booked to no household: a person "
		    "looks"));
	/* what else fitted: kept at import for a line it did not book */
	if (hb_prepare(c->st, &q, e, "SELECT s.agreement_id, s.score, "
	    "s.reason, a.description, h.code FROM line_suggestion s JOIN "
	    "agreement a ON a.id = s.agreement_id JOIN household h ON h.id = "
	    "a.household_id WHERE s.line_id = ? AND s.agreement_id <> ? ORDER "
	    "BY s.rank", "II", id, booked) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		snprintf(ref, sizeof(ref), "A%lld", (long long)hb_col_int(q, 0));
		xasprintf(&label, _("%s: %s, agreement %s (%s), score %lld: %s"),
		    booked > 0 && nsugg == 0 ? _("runner-up") : _("suggestion"),
		    hb_col_text(q, 4), ref, hb_col_text(q, 3),
		    (long long)hb_col_int(q, 1), hb_col_text(q, 2));
		xasprintf(&src, "%s", _("the suggestions kept at import"));
		add_item(x, booked > 0 && nsugg == 0 ? "runner_up" :
		    "suggestion", ref, label, src);
		free(label);
		free(src);
		if (nsugg++ == 0 && x->cf == NULL) {
			if (booked > 0)
				xasprintf(&x->cf, _("had %s scored %d or more "
				    "(less than %d below the booking's %d), the "
				    "line would not have been booked "
				    "automatically"), ref, score - HB_MATCH_GAP + 1,
				    HB_MATCH_GAP, score);
			else
				xasprintf(&x->cf, _("had %s scored at least %d "
				    "and %d more than any other agreement, the "
				    "line would have been booked to it"), ref,
				    HB_MATCH_BOOK, HB_MATCH_GAP);
		}
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (x->nsteps == 0) {
		xasprintf(&src, nsugg == 0 ? _("no agreement fits the line") :
		    _("%d agreements fit the line, none well enough and clearly "
		    "enough to book it"), nsugg);
		add_step(x, src, strlen(src));
		free(src);
	}
	if (x->cf == NULL)
		xasprintf(&x->cf, score > 0 ? _("no runner-up was kept: had "
		    "the score been below %d, a person would have booked it") :
		    _("had an agreement scored %d or more, the line would have "
		    "been booked"), HB_MATCH_BOOK);
	return 0;
}

/* --- a household's month -------------------------------------------- */

static struct row *
add_row(struct explanation *x)
{
	struct row *r;

	x->rows = xreallocarray(x->rows, (size_t)x->nrows + 1,
	    sizeof(*x->rows));
	r = &x->rows[x->nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int
explain_month(struct explanation *x, struct hb_ctx *c, const char *code,
    const char *month, struct hb_err *e)
{
	struct hb_stmt *q;
	struct row *r;
	int64_t hh, before;
	int rc, y, m, i;
	char *end;

	snprintf(x->kind, sizeof(x->kind), "month");
	y = (int)strtol(month, &end, 10);
	if (strlen(month) != 7 || end != month + 4 || *end != '-' ||
	    (m = (int)strtol(end + 1, &end, 10)) < 1 || m > 12 ||
	    *end != '\0')
		return hb_error(e, "invalid month '%s': expected YYYY-MM",
		    month);
	x->first = hb_date_make(y, m, 1);
	x->day = -1;
	snprintf(x->ref, sizeof(x->ref), "%s %s", code, month);
	if (hb_household_id(c, code, &hh, e) == -1 ||
	    household_of(x, c, hh, e) == -1)
		return -1;
	{
		/* the escalations open now, as hb-plan shows them */
		size_t len = 0;
		FILE *fp = open_memstream(&x->open_escalations, &len);

		if (fp == NULL)
			return hb_error(e, "out of memory");
		rc = hb_escalation_plan_note(c, code, fp, e);
		fclose(fp);
		if (rc == -1)
			return -1;
	}
	rc = hb_query_int(c->st, &x->plan, e, "SELECT id FROM plan WHERE "
	    "household_id = ? AND month = ? AND superseded_by IS NULL", "Is",
	    hh, month);
	if (rc == 0)
		return hb_error(e, "%s has no plan for %s: run 'hb-plan run -m "
		    "%s %s' first", code, month, month, code);
	if (rc == -1 || hb_query_int(c->st, &x->opening, e, "SELECT opening "
	    "FROM plan WHERE id = ?", "I", x->plan) != 1 ||
	    hb_query_int(c->st, &x->closing, e, "SELECT closing FROM plan "
	    "WHERE id = ?", "I", x->plan) != 1)
		return -1;
	/*
	 * Decisions, and each signal after the decision it is about: the
	 * plan signals every buffer advance, hold and missing income right
	 * after its decision, so the k-th such signal of an agreement
	 * belongs to its k-th such decision.  A low balance is signalled at
	 * the end of its day; the rest at the end of the month.
	 */
	if (hb_prepare(c->st, &q, e, "WITH d AS (SELECT id, day, agreement_id, "
	    "row_number() OVER (PARTITION BY agreement_id ORDER BY id) AS k "
	    "FROM decision WHERE plan_id = ?1 AND subject IN ('hold', "
	    "'buffer_advance','income_missing')), s AS (SELECT id, "
	    "agreement_id, kind, details, row_number() OVER (PARTITION BY "
	    "agreement_id ORDER BY id) AS k FROM signal WHERE plan_id = ?1 AND "
	    "kind IN ('buffer_used','buffer_exhausted','payout_held',"
	    "'income_missing')) "
	    "SELECT d.day, 'D' || d.id, d.subject, d.rule, d.mode, "
	    "coalesce(pa.counterparty, o.name, ''), " HB_OUTCOME("d") ", "
	    "d.amount, "
	    "d.balance, d.id AS after, 0 AS sig FROM decision d LEFT JOIN "
	    "plan_kept_agreement pa ON pa.plan_id = d.plan_id AND "
	    "pa.agreement_id = d.agreement_id LEFT JOIN agreement a ON a.id = "
	    "d.agreement_id LEFT JOIN organisation o ON o.id = "
	    "a.organisation_id WHERE d.plan_id = ?1 "
	    "UNION ALL SELECT coalesce(d.day, CASE WHEN g.kind = "
	    "'negative_balance' THEN date(substr(g.details, instr(g.details, "
	    "' on ') + 4, 10)) END, ?2), 'S' || g.id, 'signal', g.kind, "
	    "'advisory', '', " HB_DETAILS("g") ", NULL, NULL, "
	    "coalesce(d.id, 1e18), 1 "
	    "FROM signal g LEFT JOIN s ON s.id = g.id LEFT JOIN d ON "
	    "d.agreement_id IS s.agreement_id AND d.k = s.k WHERE g.plan_id = "
	    "?1 ORDER BY 1, 10, 11, 2", "Id", x->plan,
	    hb_date_add_months(x->first, 1) - 1) == -1)
		return -1;
	before = x->opening;
	while ((rc = hb_step(q, e)) == 1) {
		r = add_row(x);
		r->day = hb_col_date(q, 0);
		snprintf(r->ref, sizeof(r->ref), "%s", hb_col_text(q, 1));
		snprintf(r->what, sizeof(r->what), "%s", hb_col_text(q, 2));
		snprintf(r->rule, sizeof(r->rule), "%s", hb_col_text(q, 3));
		snprintf(r->mode, sizeof(r->mode), "%s", hb_col_text(q, 4));
		r->party = dup_col(q, 5);
		r->text = dup_col(q, 6);
		r->has_amount = !hb_col_null(q, 7);
		r->amount = hb_col_int(q, 7);
		r->balance = hb_col_null(q, 8) ? before : hb_col_int(q, 8);
		if (strcmp(r->what, "income") == 0)
			x->t_income += r->amount;
		else if (strcmp(r->what, "buffer_recovery") == 0)
			x->t_recovered += r->amount;
		else if (strcmp(r->what, "hold") == 0)
			x->t_held += r->amount;
		else if (strcmp(r->what, "suspend") == 0)
			x->t_suspended += r->amount;
		else if (strncmp(r->rule, "TAKE", 4) == 0)
			x->t_taken += r->amount;
		if (strcmp(r->what, "payout") == 0 ||
		    strcmp(r->what, "postpone") == 0 ||
		    strcmp(r->what, "reduce") == 0 ||
		    strcmp(r->what, "buffer_advance") == 0)
			x->t_paid += r->amount;
		/* the advance itself, beside the payout it covered */
		if (strcmp(r->what, "buffer_advance") == 0) {
			int64_t prev = r->balance + r->amount, adv;
			struct row *a;

			adv = r->amount - (prev > 0 ? prev : 0);
			snprintf(r->what, sizeof(r->what), "payout");
			a = add_row(x);
			r = &x->rows[x->nrows - 2];
			*a = *r;
			a->party = xstrdup(r->party);
			xasprintf(&a->text, _("buffer advance for %s"),
			    r->party);
			snprintf(a->what, sizeof(a->what), "buffer_advance");
			a->amount = adv;
			x->t_advance += adv;
		}
		before = r->balance;
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	for (i = 0; i < x->nrows; i++)
		if (strcmp(x->rows[i].what, "signal") == 0 && i > 0)
			x->rows[i].balance = x->rows[i - 1].balance;
	x->recorded = hb_query_int(c->st, &(int64_t){0}, e, "SELECT 1 FROM "
	    "plan_kept_household WHERE plan_id = ?", "I", x->plan) == 1;
	snprintf(x->mode, sizeof(x->mode), "hard");
	return objection(x, c, x->first, e);
}

/* --- writing ---------------------------------------------------------- */

static const char *
money(int64_t v, char buf[HB_MONEY_LEN])
{
	hb_money_format_nl(v, buf);
	return buf;
}

static const char *
iso(int day, char buf[HB_DATE_LEN])
{
	if (day < 0)
		return "";
	hb_date_format(day, buf);
	return buf;
}

/* "4 december 2026" */
static const char *
dutch_date(int day, char buf[32])
{
	static const char *const months[] = { "januari", "februari", "maart",
	    "april", "mei", "juni", "juli", "augustus", "september",
	    "oktober", "november", "december" };
	int y, m, d;

	hb_date_split(day, &y, &m, &d);
	snprintf(buf, 32, "%d %s %d", d, months[(m - 1) % 12], y);
	return buf;
}

static const char *
dutch_number(int n, char buf[16])
{
	static const char *const words[] = { "nul", "een", "twee", "drie",
	    "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
	    "elf", "twaalf" };

	if (n >= 0 && n <= 12)
		return words[n];
	snprintf(buf, 16, "%d", n);
	return buf;
}

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(fp, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", fp);
		else if (ch < 0x20)
			fprintf(fp, "\\u%04x", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

static void
json_money(FILE *fp, int64_t v)
{
	char m[HB_MONEY_LEN];

	hb_money_format(v, m);
	fprintf(fp, "\"%s\"", m);
}

static void
json_date(FILE *fp, int day)
{
	char d[HB_DATE_LEN];

	if (day < 0)
		fputs("null", fp);
	else
		fprintf(fp, "\"%s\"", iso(day, d));
}

static void
json_opt(FILE *fp, const char *s)
{
	if (s == NULL)
		fputs("null", fp);
	else
		json_str(fp, s);
}

static void
write_json(const struct explanation *x, FILE *fp)
{
	char tag[2] = { 0, 0 }, cmd[96];
	int i;

	fputs("{\n  \"schema\": \"hb-explain/1\",\n  \"kind\": ", fp);
	json_str(fp, x->kind);
	fputs(",\n  \"id\": ", fp);
	json_str(fp, x->ref);
	fputs(",\n  \"household\": ", fp);
	if (x->code[0] != '\0') {
		fputs("{\"code\": ", fp);
		json_str(fp, x->code);
		fputs(", \"name\": ", fp);
		json_str(fp, x->name);
		fputs(", \"caseworker\": ", fp);
		json_str(fp, x->caseworker);
		fputs("}", fp);
	} else
		fputs("null", fp);
	fputs(",\n  \"date\": ", fp);
	json_date(fp, x->day);
	fputs(",\n  \"subject\": ", fp);
	json_opt(fp, x->subject[0] ? x->subject : NULL);
	fputs(",\n  \"amount\": ", fp);
	if (x->has_amount)
		json_money(fp, x->amount);
	else
		fputs("null", fp);
	fputs(",\n  \"balance_before\": ", fp);
	if (x->has_balance)
		json_money(fp, x->before);
	else
		fputs("null", fp);
	fputs(",\n  \"balance_after\": ", fp);
	if (x->has_balance)
		json_money(fp, x->balance);
	else
		fputs("null", fp);
	fputs(",\n  \"buffer_advance\": ", fp);
	if (strcmp(x->subject, "buffer_advance") == 0)
		json_money(fp, x->advance);
	else
		fputs("null", fp);
	fputs(",\n  \"outcome\": ", fp);
	json_opt(fp, x->outcome);
	fputs(",\n  \"rule\": {\"id\": ", fp);
	json_opt(fp, x->rule[0] ? x->rule : NULL);
	fputs(", \"summary\": ", fp);
	json_opt(fp, x->summary);
	fputs(", \"basis\": ", fp);
	json_opt(fp, x->basis);
	fputs(", \"links\": [", fp);
	for (i = 0; i < x->nlinks; i++) {
		fputs(i ? ", " : "", fp);
		json_str(fp, x->links[i]);
	}
	fputs("]},\n  \"data\": [", fp);
	for (i = 0; i < x->nitems; i++) {
		const struct item *it = &x->items[i];

		fputs(i ? ",\n    {\"what\": " : "\n    {\"what\": ", fp);
		json_str(fp, it->what);
		fputs(", \"ref\": ", fp);
		json_str(fp, it->ref);
		fputs(", \"label\": ", fp);
		json_str(fp, it->label);
		fputs(", \"amount\": ", fp);
		if (it->has_cents)
			json_money(fp, it->cents);
		else
			fputs("null", fp);
		fputs(", \"value\": ", fp);
		json_opt(fp, it->text);
		fputs(", \"source\": ", fp);
		json_str(fp, it->source);
		fputs(", \"valid_from\": ", fp);
		json_date(fp, it->valid_from);
		fputs(", \"valid_to\": ", fp);
		json_date(fp, it->valid_to);
		fputs(", \"tag\": ", fp);
		tag[0] = it->tag;
		json_opt(fp, it->tag ? tag : NULL);
		fprintf(fp, ", \"verified\": %s}", it->tag == 0 ? "null" :
		    it->tag == 'V' || it->tag == 'P' ? "true" : "false");
	}
	fputs(x->nitems ? "\n  ],\n  \"steps\": [" : "],\n  \"steps\": [", fp);
	for (i = 0; i < x->nsteps; i++) {
		fputs(i ? ", " : "", fp);
		json_str(fp, x->steps[i]);
	}
	fputs("],\n  \"counterfactual\": ", fp);
	json_opt(fp, x->cf);
	fputs(",\n  \"mode\": ", fp);
	json_str(fp, x->mode);
	fputs(",\n  \"status\": ", fp);
	json_opt(fp, x->status);
	fputs(",\n  \"approval\": ", fp);
	if (x->approved_by != NULL) {
		fputs("{\"by\": ", fp);
		json_str(fp, x->approved_by);
		fputs(", \"at\": ", fp);
		json_opt(fp, x->approved_at);
		fputs(", \"reason\": ", fp);
		json_opt(fp, x->approval_reason);
		fputs("}", fp);
	} else
		fputs("null", fp);
	fprintf(fp, ",\n  \"plan\": %s", x->plan > 0 ? "" : "null");
	if (x->plan > 0) {
		fprintf(fp, "{\"id\": %lld, \"superseded_by\": ",
		    (long long)x->plan);
		if (x->superseded_by > 0)
			fprintf(fp, "%lld", (long long)x->superseded_by);
		else
			fputs("null", fp);
		fprintf(fp, ", \"recorded\": %s}", x->recorded ? "true" :
		    "false");
	}
	if (strcmp(x->kind, "month") == 0) {
		fputs(",\n  \"month\": {\"opening\": ", fp);
		json_money(fp, x->opening);
		fputs(", \"closing\": ", fp);
		json_money(fp, x->closing);
		fputs(", \"totals\": {\"income\": ", fp);
		json_money(fp, x->t_income);
		fputs(", \"paid\": ", fp);
		json_money(fp, x->t_paid);
		fputs(", \"taken\": ", fp);
		json_money(fp, x->t_taken);
		fputs(", \"buffer_advanced\": ", fp);
		json_money(fp, x->t_advance);
		fputs(", \"buffer_recovered\": ", fp);
		json_money(fp, x->t_recovered);
		fputs(", \"held\": ", fp);
		json_money(fp, x->t_held);
		fputs(", \"suspended\": ", fp);
		json_money(fp, x->t_suspended);
		fputs("},\n    \"rows\": [", fp);
		for (i = 0; i < x->nrows; i++) {
			const struct row *r = &x->rows[i];

			fputs(i ? ",\n      {\"date\": " :
			    "\n      {\"date\": ", fp);
			json_date(fp, r->day);
			fputs(", \"id\": ", fp);
			json_str(fp, r->ref);
			fputs(", \"what\": ", fp);
			json_str(fp, r->what);
			fputs(", \"rule\": ", fp);
			json_str(fp, r->rule);
			fputs(", \"mode\": ", fp);
			json_str(fp, r->mode);
			fputs(", \"counterparty\": ", fp);
			json_str(fp, r->party);
			fputs(", \"amount\": ", fp);
			if (r->has_amount)
				json_money(fp, r->amount);
			else
				fputs("null", fp);
			fputs(", \"balance_after\": ", fp);
			json_money(fp, r->balance);
			fputs(", \"text\": ", fp);
			json_str(fp, r->text);
			fputs("}", fp);
		}
		fputs("]}", fp);
	}
	fputs(",\n  \"objection\": ", fp);
	if (x->objectable) {
		fprintf(fp, "{\"weeks\": %d, \"basis\": \"" AWB_6_7 "\", "
		    "\"link\": \"" AWB_6_7_URL "\", \"deadline_if_sent_today\": ",
		    x->weeks);
		json_date(fp, x->deadline);
		fputs(", \"address\": ", fp);
		json_str(fp, x->address);
		fputs(", \"contact\": ", fp);
		json_str(fp, x->contact);
		fputs(", \"escalate\": ", fp);
		if (strcmp(x->kind, "month") == 0)
			snprintf(cmd, sizeof(cmd), "hb-escalate file %s",
			    x->code);
		else
			snprintf(cmd, sizeof(cmd), ESCALATE, x->code, x->ref);
		json_str(fp, cmd);
		fputs("}", fp);
	} else
		fputs("null", fp);
	fputs("\n}\n", fp);
}

/* fprintf, where GCC's -Wformat-overflow takes a translated format for a
 * null one */
static void out(FILE *, const char *, ...) HB_PRINTF(2, 3);
static void
out(FILE *fp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
}

static void
write_objection_text(const struct explanation *x, FILE *fp)
{
	char d[HB_DATE_LEN], cmd[96];

	fprintf(fp, "\n%s\n", _("How to object"));
	out(fp, _("  Within %d weeks after the decision is sent (%s, "
	    "%s), to: %s\n"), x->weeks, AWB_6_7, AWB_6_7_URL,
	    x->address != NULL ? x->address : "");
	hb_date_format(x->deadline, d);
	out(fp, _("  Sent today, the objection is in time until %s.\n"),
	    d);
	fprintf(fp, _("  Questions: %s\n"), x->contact);
	snprintf(cmd, sizeof(cmd), ESCALATE, x->code,
	    strcmp(x->kind, "month") == 0 ? "D<id>" : x->ref);
	fprintf(fp, _("  A person looks now (AVG art. 22): %s\n"), cmd);
}

static void
write_text(const struct explanation *x, FILE *fp)
{
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d[HB_DATE_LEN];
	const struct item *it;
	int i;

	if (strcmp(x->kind, "month") == 0) {
		fprintf(fp, _("%s %s, %s: the month in date order\n"), x->code,
		    x->ref + strlen(x->code) + 1, x->name);
		fprintf(fp, _("Plan %lld; opening balance %s\n"),
		    (long long)x->plan, money(x->opening, m1));
		if (x->open_escalations != NULL && *x->open_escalations)
			fprintf(fp, "%s", x->open_escalations);
		fputc('\n', fp);
		for (i = 0; i < x->nrows; i++) {
			const struct row *r = &x->rows[i];

			fprintf(fp, "%s  %-7s %-15s %14s  %s %14s  %s\n",
			    iso(r->day, d), r->ref, _(r->what), r->has_amount ?
			    money(r->amount, m1) : "", _("balance"),
			    money(r->balance, m2), r->text);
		}
		fprintf(fp, "\n%s\n", _("Totals"));
		fprintf(fp, "  %-22s %14s\n", _("income"),
		    money(x->t_income, m1));
		fprintf(fp, "  %-22s %14s\n", _("paid out"),
		    money(x->t_paid, m1));
		fprintf(fp, "  %-22s %14s\n", _("of which taken"),
		    money(x->t_taken, m1));
		fprintf(fp, "  %-22s %14s\n", _("buffer advanced"),
		    money(x->t_advance, m1));
		fprintf(fp, "  %-22s %14s\n", _("buffer repaid"),
		    money(x->t_recovered, m1));
		fprintf(fp, "  %-22s %14s\n", _("held"), money(x->t_held, m1));
		fprintf(fp, "  %-22s %14s\n", _("suspended"),
		    money(x->t_suspended, m1));
		fprintf(fp, "  %-22s %14s\n", _("closing balance"),
		    money(x->closing, m1));
		fprintf(fp, _("\nEach row is explained by 'hb-explain ID'.\n"));
		write_objection_text(x, fp);
		return;
	}
	fprintf(fp, "%s %s", strcmp(x->kind, "decision") == 0 ?
	    _("decision") : strcmp(x->kind, "payout") == 0 ? _("payout") :
	    strcmp(x->kind, "signal") == 0 ? _("signal") :
	    strcmp(x->kind, "escalation") == 0 ? _("escalation") :
	    _("bank line"), x->ref);
	if (x->code[0] != '\0')
		fprintf(fp, " - %s %s", x->code, x->name);
	if (x->day >= 0)
		fprintf(fp, ", %s", iso(x->day, d));
	fputc('\n', fp);
	fprintf(fp, "%s: %s\n", _("Outcome"), x->outcome);
	if (x->superseded_by > 0)
		fprintf(fp, _("Superseded: plan %lld replaced plan %lld; this "
		    "decision no longer applies.\n"), (long long)x->superseded_by,
		    (long long)x->plan);
	fprintf(fp, "\n%s %s\n  %s\n", _("Rule"), x->rule, x->summary);
	fprintf(fp, "  %s: %s\n", _("Basis"), x->basis);
	for (i = 0; i < x->nlinks; i++)
		fprintf(fp, "  %s\n", x->links[i]);
	fprintf(fp, "\n%s\n", _("Data used"));
	for (i = 0; i < x->nitems; i++) {
		it = &x->items[i];
		fprintf(fp, "  - %s", it->label);
		if (it->has_cents)
			fprintf(fp, ": %s", money(it->cents, m1));
		else if (it->text != NULL)
			fprintf(fp, ": %s", it->text);
		if (strcmp(it->what, "parameter") == 0)
			fprintf(fp, _(" (in force from %s; %s: %s)"),
			    iso(it->valid_from, d), it->tag ? (char[2]){
			    it->tag, 0 } : "", tag_words(it->tag));
		else if (strcmp(it->what, "agreement") == 0 ||
		    strcmp(it->what, "income_statement") == 0) {
			fprintf(fp, _(" (valid from %s"), iso(it->valid_from, d));
			if (it->valid_to >= 0)
				fprintf(fp, _(" to %s"), iso(it->valid_to, d));
			fputc(')', fp);
		} else if (it->valid_from >= 0)
			fprintf(fp, " (%s)", iso(it->valid_from, d));
		fprintf(fp, "\n      %s: %s\n", _("source"), it->source);
	}
	if (!x->recorded && strcmp(x->kind, "line") != 0)
		fprintf(fp, "  %s\n", _("Note: this plan was made before hb "
		    "kept what a plan is made with; the agreement and "
		    "parameters above are as they are now."));
	fprintf(fp, "\n%s\n", _("Steps"));
	for (i = 0; i < x->nsteps; i++)
		fprintf(fp, "  %d. %s\n", i + 1, x->steps[i]);
	fprintf(fp, "\n%s\n  %s\n", _("What would have changed it"), x->cf);
	fprintf(fp, "\n%s\n", _("Who decided"));
	if (strcmp(x->mode, "hard") == 0)
		fprintf(fp, "  %s\n", _("hard: hb decided by the rule; a "
		    "person can always look again"));
	else
		fprintf(fp, "  %s\n", _("advisory: a person decides"));
	if (x->approved_by != NULL)
		fprintf(fp, _("  approved by %s on %s: %s\n"), x->approved_by,
		    x->approved_at ? x->approved_at : _("(time not recorded)"),
		    x->approval_reason ? x->approval_reason : "");
	else if (strcmp(x->mode, "advisory") == 0 && x->status != NULL &&
	    strcmp(x->status, "advisory") == 0)
		fprintf(fp, "  %s\n", _("not approved yet: hb-plan approve "
		    "ID REASON"));
	if (x->status != NULL)
		fprintf(fp, "  %s: %s\n", _("status"), x->status);
	if (x->objectable)
		write_objection_text(x, fp);
	else
		fprintf(fp, "\n%s\n", _("Not a decision: there is nothing to "
		    "object to, but a person can be asked to look."));
}

/* --- the letter: Dutch, language level B1 ----------------------------- */

/* what a kind of agreement is called in a letter */
static const char *
kind_nl(const char *kind)
{
	static const struct {
		const char *kind, *nl;
	} k[] = {
		{ "rent", "de huur" }, { "energy", "de energie" },
		{ "water", "het water" },
		{ "health_insurance", "de zorgverzekering" },
		{ "leefgeld", "uw leefgeld" }, { "other_fixed", "een vaste last" },
		{ "reservation", "een reservering" },
		{ "repayment", "een schuld" }, { "offset", "een schuld" },
		{ "collection", "een schuld" }, { "salary", "uw loon" },
		{ "benefit", "uw uitkering" }, { "toeslag", "uw toeslag" },
		{ "other_income", "uw inkomen" },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcmp(k[i].kind, kind) == 0)
			return k[i].nl;
	return "een betaling";
}

#define LETTER_MUNICIPALITY(x) \
    ((x)->has_municipality ? (x)->municipality : "De gemeente")

struct letter {
	FILE		*fp;
	int		 markdown;
};

static void
heading(const struct letter *l, const char *s)
{
	fprintf(l->fp, l->markdown ? "\n## %s\n\n" : "\n%s\n", s);
}

static void
letter_what(const struct explanation *x, const struct letter *l)
{
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d[32];
	const char *party = x->aparty ? x->aparty : "";
	const char *what = kind_nl(x->akind);
	FILE *fp = l->fp;

	dutch_date(x->day, d);
	money(x->amount, m1);
	if (strcmp(x->rule, "PAY") == 0 || strcmp(x->rule, "PAY-EXPORTED") == 0
	    || strcmp(x->rule, "DEBIT-BOOKED") == 0 ||
	    strcmp(x->rule, "TAKE") == 0)
		fprintf(fp, "Wij betalen %s aan %s voor %s. Het geld gaat op %s "
		    "van de rekening.\n", m1, party, what, d);
	else if (strcmp(x->rule, "PAY-BUFFER") == 0)
		fprintf(fp, "Wij betalen %s aan %s voor %s. Het geld gaat op %s "
		    "van de rekening. Er stond niet genoeg geld op de rekening. "
		    "Daarom schiet de gemeente %s voor.\n", m1, party, what, d,
		    money(x->advance, m2));
	else if (strcmp(x->rule, "PAY-LATE") == 0)
		fprintf(fp, "Wij betalen %s aan %s voor %s. Dat doen wij later "
		    "dan gepland, op %s.\n", m1, party, what, d);
	else if (strcmp(x->rule, "HOLD") == 0)
		fprintf(fp, "Wij kunnen %s aan %s voor %s nu nog niet betalen. "
		    "Die betaling stond gepland op %s.\n", m1, party, what, d);
	else if (strcmp(x->rule, "BUFFER-RECOVER") == 0)
		fprintf(fp, "Op %s kwam er geld binnen. Daarvan gaat %s terug "
		    "naar uw buffer.\n", d, m1);
	else if (strcmp(x->rule, "TAKE-REDUCED") == 0)
		fprintf(fp, "Wij betalen %s aan %s voor %s. Dat is minder dan "
		    "%s vraagt. Het geld gaat op %s van de rekening.\n", m1,
		    party, what, party, d);
	else if (strncmp(x->rule, "TAKE-", 5) == 0 &&
	    strcmp(x->rule, "TAKE-CLAIM-PAID") != 0)
		fprintf(fp, "Wij betalen deze keer niets aan %s voor %s. Dat "
		    "gaat om %s op %s.\n", party, what, m1, d);
	else if (strcmp(x->rule, "TAKE-CLAIM-PAID") == 0)
		fprintf(fp, "Wij betalen niets meer aan %s voor %s.\n", party,
		    what);
	else if (strcmp(x->rule, "INCOME-MISSING") == 0)
		fprintf(fp, "Wij verwachtten %s van %s. Dat geld is nog niet "
		    "binnen. Wij rekenen er daarom nu niet mee.\n", m1, party);
	else if (strncmp(x->rule, "INCOME", 6) == 0)
		fprintf(fp, "Wij rekenen op %s van %s op %s.\n", m1, party, d);
	else
		fprintf(fp, "Het gaat om %s op %s.\n", m1, d);
}

/* the balance before a payout, without a minus sign for a citizen */
static void
letter_balance(const struct explanation *x, FILE *fp)
{
	char m[HB_MONEY_LEN];

	if (x->before >= 0)
		fprintf(fp, "Vóór deze betaling stond er %s op de rekening. ",
		    money(x->before, m));
	else
		fprintf(fp, "Vóór deze betaling had de gemeente al %s "
		    "voorgeschoten. ", money(-x->before, m));
}

static void
letter_why(const struct explanation *x, const struct letter *l)
{
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], d[32];
	const struct item *it;
	FILE *fp = l->fp;

	if (strcmp(x->rule, "PAY") == 0 || strcmp(x->rule, "TAKE") == 0)
		fprintf(fp, "Er staat genoeg geld op de rekening. Vóór deze "
		    "betaling stond er %s op.\n", money(x->before, m1));
	else if (strcmp(x->rule, "PAY-BUFFER") == 0) {
		it = find_item(x, "household", "buffer_limit");
		letter_balance(x, fp);
		if (strcmp(x->akind, "leefgeld") == 0)
			fprintf(fp, "Leefgeld is het geld om van te leven. "
			    "Daarvoor heeft u een buffer bij de gemeente.\n");
		else
			fprintf(fp, "Dit is een vaste last die altijd betaald "
			    "moet worden. Voor zulke lasten heeft u een buffer "
			    "bij de gemeente.\n");
		if (it != NULL)
			fprintf(fp, "Uw buffer is maximaal %s.\n",
			    money(it->cents, m2));
		fprintf(fp, "U betaalt het voorschot terug van uw volgende "
		    "inkomen.\n");
	} else if (strcmp(x->rule, "PAY-LATE") == 0)
		fprintf(fp, "Op de gewone datum stond er te weinig geld op de "
		    "rekening. Wij betalen zodra er weer geld is.\n");
	else if (strcmp(x->rule, "HOLD") == 0) {
		fprintf(fp, "Er staat te weinig geld op de rekening. ");
		letter_balance(x, fp);
		fprintf(fp, "Wij betalen zodra er weer geld binnenkomt.\n");
	} else if (strcmp(x->rule, "BUFFER-RECOVER") == 0)
		fprintf(fp, "De gemeente had eerder geld voorgeschoten uit uw "
		    "buffer. Dat betaalt u eerst terug.\n");
	else if (strcmp(x->rule, "TAKE-REDUCED") == 0 ||
	    strcmp(x->rule, "TAKE-PROTECTED") == 0)
		fprintf(fp, "Een deel van uw inkomen mag niemand afpakken. Dat "
		    "deel heet de beslagvrije voet. Dat geld houdt u zelf.\n");
	else if (strcmp(x->rule, "TAKE-NO-NOTICE") == 0)
		fprintf(fp, "Een deel van uw inkomen mag niemand afpakken. Dat "
		    "deel heet de beslagvrije voet. %s heeft ons niet laten "
		    "weten hoe hoog dat deel is.\n", x->aparty ? x->aparty : "");
	else if (strcmp(x->rule, "TAKE-ESCALATED") == 0)
		fprintf(fp, "Er is gevraagd of een medewerker naar deze schuld "
		    "kijkt. Zolang dat loopt, betalen wij deze schuld niet.\n");
	else if (strcmp(x->rule, "TAKE-CLAIM-PAID") == 0)
		fprintf(fp, "De schuld is helemaal betaald.\n");
	else if (strcmp(x->rule, "TAKE-OFFSET-MIN") == 0)
		fprintf(fp, "Het bedrag is lager dan het bedrag dat de regels "
		    "minimaal vragen.\n");
	else if (strcmp(x->rule, "INCOME-MISSING") == 0)
		fprintf(fp, "Wij betalen alleen met geld dat er echt is.\n");
	else if (strcmp(x->rule, "INCOME-BOOKED") == 0)
		fprintf(fp, "De bank heeft dit geld op de rekening gezet.\n");
	else if (strncmp(x->rule, "INCOME", 6) == 0)
		fprintf(fp, "Dit geld staat in uw afspraken of in een opgave "
		    "van de betaler.\n");
	else
		fprintf(fp, "Deze betaling is al gedaan. Die verandert niet "
		    "meer.\n");
	if (strcmp(x->rule, "TAKE") == 0 ||
	    strcmp(x->rule, "TAKE-REDUCED") == 0 ||
	    strcmp(x->rule, "TAKE-PROTECTED") == 0 ||
	    strcmp(x->rule, "TAKE-NO-NOTICE") == 0) {
		it = find_item(x, "parameter", x->adults >= 2 ? "norm.couple" :
		    "norm.single");
		if (it != NULL && it->tag != 'V')
			fprintf(fp, "Een bedrag uit de regels is nog niet "
			    "gecontroleerd. Een medewerker controleert het.\n");
	}
	(void)d;
}

static void
letter_cf(const struct explanation *x, const struct letter *l)
{
	FILE *fp = l->fp;

	if (strcmp(x->rule, "PAY-BUFFER") == 0 ||
	    strcmp(x->rule, "HOLD") == 0 || strcmp(x->rule, "PAY-LATE") == 0)
		fprintf(fp, "Was er eerder genoeg geld binnengekomen? Dan was "
		    "dit niet nodig geweest.\n");
	else if (strcmp(x->rule, "TAKE-REDUCED") == 0 ||
	    strcmp(x->rule, "TAKE-PROTECTED") == 0)
		fprintf(fp, "Met een hoger inkomen hadden wij meer aan de "
		    "schuld betaald.\n");
	else if (strcmp(x->rule, "TAKE-NO-NOTICE") == 0)
		fprintf(fp, "Had %s ons laten weten hoeveel u mag houden? Dan "
		    "hadden wij kunnen betalen.\n", x->aparty ? x->aparty : "");
	else if (strcmp(x->rule, "TAKE-ESCALATED") == 0)
		fprintf(fp, "Zonder die vraag hadden wij gewoon betaald.\n");
	else if (strcmp(x->rule, "INCOME-MISSING") == 0)
		fprintf(fp, "Was het geld op tijd binnen geweest? Dan hadden "
		    "wij ermee gerekend.\n");
	else if (strcmp(x->rule, "PAY") == 0 || strcmp(x->rule, "TAKE") == 0)
		fprintf(fp, "Had er te weinig geld op de rekening gestaan? Dan "
		    "hadden wij niet of later betaald.\n");
	else if (strcmp(x->rule, "BUFFER-RECOVER") == 0)
		fprintf(fp, "Zonder voorschot had u dit geld zelf kunnen "
		    "gebruiken.\n");
	else if (strcmp(x->rule, "TAKE-CLAIM-PAID") == 0)
		fprintf(fp, "Was de schuld nog niet helemaal betaald? Dan hadden "
		    "wij verder betaald.\n");
	else if (strcmp(x->rule, "TAKE-OFFSET-MIN") == 0)
		fprintf(fp, "Was het bedrag hoger geweest? Dan was het wel "
		    "verrekend.\n");
	else if (strncmp(x->rule, "INCOME", 6) == 0)
		fprintf(fp, "Was het geld niet op tijd gekomen? Dan hadden wij "
		    "er niet mee gerekend.\n");
	else
		fprintf(fp, "Niets: deze betaling is al gedaan.\n");
}

static void
write_letter(const struct explanation *x, struct hb_ctx *c, FILE *fp,
    int markdown)
{
	struct letter l = { fp, markdown };
	char d[32], n[16], m1[HB_MONEY_LEN];
	int i;

	if (markdown) {
		fprintf(fp, "---\nhousehold: %s\nname: \"%s\"\nreference: %s\n"
		    "date: %s\ncaseworker: %s\n---\n\n", x->code, x->name,
		    x->ref, dutch_date(c->today, d), x->caseworker);
		fprintf(fp, "# ");
	}
	fprintf(fp, "%s\n", LETTER_MUNICIPALITY(x));
	if (!markdown)
		fprintf(fp, "\n%s\n", dutch_date(c->today, d));
	if (strcmp(x->kind, "month") == 0)
		fprintf(fp, "%sOns kenmerk: %s\n", markdown ? "\n" : "",
		    x->ref);
	else
		fprintf(fp, "%sOns kenmerk: %s %s\n", markdown ? "\n" : "",
		    x->code, x->ref);
	fprintf(fp, "\nBeste %s,\n", x->name);
	if (strcmp(x->kind, "month") == 0) {
		char ym[32];

		dutch_date(x->first, ym);
		fprintf(fp, "\nIn deze brief leest u wat wij deze maand met uw "
		    "geld doen. Het gaat om %s.\n", strchr(ym, ' ') + 1);
		heading(&l, "Wat gebeurt er deze maand?");
		for (i = 0; i < x->nrows; i++) {
			const struct row *r = &x->rows[i];

			if (strcmp(r->what, "signal") == 0)
				continue;
			fprintf(fp, "%s%s: ", markdown ? "- " : "- ",
			    dutch_date(r->day, d));
			money(r->amount, m1);
			if (strcmp(r->what, "income") == 0)
				fprintf(fp, "u ontvangt %s van %s.", m1,
				    r->party);
			else if (strcmp(r->what, "buffer_advance") == 0)
				fprintf(fp, "de gemeente schiet %s voor.", m1);
			else if (strcmp(r->what, "buffer_recovery") == 0)
				fprintf(fp, "%s gaat terug naar uw buffer.", m1);
			else if (strcmp(r->what, "hold") == 0)
				fprintf(fp, "%s aan %s kan nog niet betaald "
				    "worden.", m1, r->party);
			else if (strcmp(r->what, "suspend") == 0)
				fprintf(fp, "wij betalen niets aan %s.",
				    r->party);
			else if (strcmp(r->what, "income_missing") == 0)
				fprintf(fp, "%s van %s is nog niet binnen.", m1,
				    r->party);
			else
				fprintf(fp, "wij betalen %s aan %s.", m1,
				    r->party);
			if (strcmp(r->what, "buffer_advance") == 0)
				fputc('\n', fp);
			else if (r->balance >= 0)
				fprintf(fp, " Er staat dan %s op de rekening.\n",
				    money(r->balance, m1));
			else
				fprintf(fp, " De gemeente heeft dan %s "
				    "voorgeschoten.\n", money(-r->balance, m1));
		}
		if (x->closing >= 0)
			fprintf(fp, "\nAan het eind van de maand staat er %s op "
			    "de rekening.\n", money(x->closing, m1));
		else
			fprintf(fp, "\nAan het eind van de maand heeft de "
			    "gemeente nog %s voorgeschoten. Dat betaalt u terug "
			    "van uw volgende inkomen.\n", money(-x->closing, m1));
		heading(&l, "Wilt u meer weten?");
		fprintf(fp, "Over elke regel kunt u uitleg vragen. Dan krijgt u "
		    "een brief over die ene betaling.\n");
	} else {
		heading(&l, "Wat is er gebeurd?");
		letter_what(x, &l);
		heading(&l, "Waarom?");
		letter_why(x, &l);
		heading(&l, "Wat had het anders gemaakt?");
		letter_cf(x, &l);
		heading(&l, "Wie heeft dit besloten?");
		if (x->approved_by != NULL) {
			char t[HB_DATE_LEN];
			int day = -1;

			if (x->approved_at != NULL) {
				snprintf(t, sizeof(t), "%.10s", x->approved_at);
				if (hb_date_parse(t, &day) == -1)
					day = -1;
			}
			fprintf(fp, "Een medewerker heeft dit gecontroleerd en "
			    "goedgekeurd%s%s.\n", day >= 0 ? " op " : "",
			    day >= 0 ? dutch_date(day, d) : "");
			if (x->approval_reason != NULL &&
			    *x->approval_reason != '\0')
				fprintf(fp, "De medewerker schreef daarbij:\n%s%s"
				    "\n", markdown ? "> " : "  ",
				    x->approval_reason);
		}
		else if (strcmp(x->mode, "advisory") == 0)
			fprintf(fp, "De computer heeft dit voorgesteld. Een "
			    "medewerker kijkt er nog naar.\n");
		else
			fprintf(fp, "De computer heeft dit berekend met de "
			    "regels van de gemeente. Een medewerker kan er "
			    "altijd opnieuw naar kijken.\n");
	}
	heading(&l, "Bent u het niet eens?");
	fprintf(fp, "Dan kunt u bezwaar maken. Doe dat binnen %s weken na de "
	    "datum van deze brief. Dat is uiterlijk %s.\n",
	    dutch_number(x->weeks, n), dutch_date(x->deadline, d));
	fprintf(fp, "Schrijf in uw brief waarom u het niet eens bent. Noem "
	    "ook het kenmerk van deze brief.\n");
	fprintf(fp, "Stuur uw bezwaar naar:\n%s%s\n", markdown ? "> " : "  ",
	    x->has_address ? x->address : "het college van burgemeester en "
	    "wethouders van uw gemeente");
	heading(&l, "Wilt u dat iemand nu meekijkt?");
	fprintf(fp, "Bel of mail ons. Dan kijkt een medewerker er snel naar. "
	    "Zolang dat loopt, halen wij geen geld af voor een schuld "
	    "waarover u twijfelt.\n");
	fprintf(fp, "Contact:\n%s%s\n", markdown ? "> " : "  ",
	    x->has_contact ? x->contact : "uw consulent");
	fprintf(fp, "\nMet vriendelijke groet,\n\n%s\n",
	    LETTER_MUNICIPALITY(x));
}

int
hb_explain(struct hb_ctx *c, const char *what, const char *month,
    enum hb_explain_form form, FILE *fp, struct hb_err *e)
{
	struct explanation x;
	char *end, kind = 0, d[HB_DATE_LEN], mon[8];
	const char *num = NULL;
	long long id = 0;
	int rc;

	memset(&x, 0, sizeof(x));
	untranslated = form == HB_EXPLAIN_JSON;
	hb_outcome_translate(!untranslated);
	x.today = c->today;
	x.day = -1;
	if (strncmp(what, "HB-", 3) == 0) {
		if (month == NULL) {
			snprintf(mon, sizeof(mon), "%.7s", iso(c->today, d));
			month = mon;
		}
		rc = explain_month(&x, c, what, month, e);
	} else {
		static const struct {
			const char *word;
			char letter;
		} words[] = { { "decision:", 'D' }, { "payout:", 'P' },
		    { "signal:", 'S' }, { "line:", 'L' },
		    { "escalation:", 'E' } };
		size_t i;

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strncmp(what, words[i].word,
			    strlen(words[i].word)) == 0) {
				kind = words[i].letter;
				num = what + strlen(words[i].word);
			}
		if (num == NULL && strchr("DPSLE", what[0]) != NULL &&
		    what[0] != '\0') {
			kind = what[0];
			num = what + 1;
		}
		if (num != NULL && isdigit((unsigned char)*num))
			id = strtoll(num, &end, 10);
		if (num == NULL || !isdigit((unsigned char)*num) ||
		    *end != '\0' || id <= 0)
			return hb_error(e, "unknown id '%s': expected D123, "
			    "P123, S123, L123, E123 (or decision:123, "
			    "payout:123, signal:123, line:123, escalation:123) "
			    "or a household code", what);
		if (month != NULL)
			return hb_error(e, "a month goes with a household code, "
			    "not with '%s'", what);
		switch (kind) {
		case 'D':
			rc = explain_decision(&x, c, id, e);
			break;
		case 'P':
			rc = explain_payout(&x, c, id, e);
			break;
		case 'S':
			rc = explain_signal(&x, c, id, e);
			break;
		case 'E':
			rc = explain_escalation(&x, c, id, e);
			break;
		default:
			rc = explain_line(&x, c, id, e);
			break;
		}
	}
	if (rc == 0 && (form == HB_EXPLAIN_LETTER ||
	    form == HB_EXPLAIN_MARKDOWN) && !x.objectable)
		rc = hb_error(e, "%s is not a decision: a letter explains a "
		    "decision, a payout or a household's month", x.ref);
	if (rc == 0 && x.code[0] == '\0' && form != HB_EXPLAIN_JSON &&
	    form != HB_EXPLAIN_TEXT)
		rc = hb_error(e, "%s belongs to no household", x.ref);
	if (rc == 0) {
		snprintf(c->audit_household, sizeof(c->audit_household), "%s",
		    x.code);
		snprintf(c->audit_detail, sizeof(c->audit_detail), "%s as %s",
		    x.ref, form == HB_EXPLAIN_TEXT ? "text" :
		    form == HB_EXPLAIN_LETTER ? "letter" :
		    form == HB_EXPLAIN_MARKDOWN ? "markdown" : "json");
		switch (form) {
		case HB_EXPLAIN_TEXT:
			write_text(&x, fp);
			break;
		case HB_EXPLAIN_JSON:
			write_json(&x, fp);
			break;
		default:
			write_letter(&x, c, fp, form == HB_EXPLAIN_MARKDOWN);
			break;
		}
	}
	explanation_free(&x);
	return rc;
}
