/*
 * The register's views.  Column names are part of the interface: scripts
 * read them (hb-household(1) documents each), so change them only by
 * adding columns at the end.
 */
#include <string.h>

#include "hb.h"

struct view {
	const char	*name;
	const char	*types;
	const char	*sql;
	const char	*binds;		/* ?1 household code or NULL, ?2 today */
};

#define HH_FILTER "(?1 IS NULL OR h.code = ?1)"

static const struct view views[] = {
	{ "households", "ssssiimsssi",
	  "SELECT h.code, h.name, h.composition, h.caseworker, h.adults, "
	  "h.children, h.buffer_limit, h.start_date AS start, "
	  "h.end_date AS end, CASE WHEN h.end_date IS NULL THEN 'active' "
	  "ELSE 'ended' END AS status, (SELECT count(*) FROM agreement a "
	  "WHERE a.household_id = h.id AND (a.valid_to IS NULL OR "
	  "a.valid_to >= ?2)) AS agreements "
	  "FROM household h WHERE " HH_FILTER " ORDER BY h.code", "sd" },
	{ "agreements", "isssssmssssssmi",
	  "SELECT a.id, h.code AS household, a.direction, a.kind, "
	  "coalesce(o.name, 'own account') AS counterparty, a.iban, a.amount, "
	  "a.schedule, a.valid_from, a.valid_to, a.description, a.search, "
	  "a.reference, a.amount_margin, a.day_margin "
	  "FROM agreement a JOIN household h ON h.id = a.household_id "
	  "LEFT JOIN organisation o ON o.id = a.organisation_id "
	  "WHERE " HH_FILTER " ORDER BY h.code, a.direction, a.id", "s" },
	{ "taking", "isssmssm",
	  "SELECT a.id, h.code AS household, a.kind, o.name AS creditor, "
	  "a.amount, a.legal_basis, a.claim, a.claim_total "
	  "FROM agreement a JOIN household h ON h.id = a.household_id "
	  "LEFT JOIN organisation o ON o.id = a.organisation_id "
	  "WHERE a.kind IN ('repayment','offset','collection') AND "
	  HH_FILTER " ORDER BY h.code, a.id", "s" },
	{ "organisations", "sss",
	  "SELECT o.name, o.kind, coalesce((SELECT group_concat(i.iban, ' ') "
	  "FROM (SELECT iban FROM organisation_iban WHERE organisation_id = "
	  "o.id ORDER BY iban) i), '') AS ibans FROM organisation o "
	  "ORDER BY o.name", "" },
	{ "accounts", "ssss",
	  "SELECT a.iban, a.kind, a.holder, h.code AS household "
	  "FROM account a LEFT JOIN household h ON h.id = a.household_id "
	  "WHERE ?1 IS NULL OR h.code = ?1 OR a.kind = 'pooled' "
	  "ORDER BY a.kind DESC, a.iban", "s" },
	{ "consents", "isssss",
	  "SELECT c.id, h.code AS household, o.name AS organisation, "
	  "c.reference, c.valid_from, c.valid_to FROM consent c "
	  "JOIN household h ON h.id = c.household_id "
	  "JOIN organisation o ON o.id = c.organisation_id "
	  "WHERE " HH_FILTER " ORDER BY h.code, c.id", "s" },
	{ "parameters", "ssssss",
	  "SELECT name, valid_from, CASE unit WHEN 'text' THEN text "
	  "WHEN 'count' THEN CAST(cents AS TEXT) "
	  "ELSE CASE WHEN cents < 0 THEN '-' ELSE '' END || "
	  "printf('%d.%02d', abs(cents) / 100, abs(cents) % 100) END AS value, "
	  "unit, tag, source FROM parameter ORDER BY name, valid_from", "" },
	{ "imports", "isssiiiiiiii",
	  "SELECT id, at, file_name AS file, format, statements, lines, "
	  "new_lines AS new, duplicates, matched, unmatched, signals, forced "
	  "FROM import ORDER BY id", "" },
	{ "lines", "isssmsssisis",
	  "SELECT l.id, l.booking_date AS date, l.value_date, a.iban AS account, "
	  "l.cents AS amount, l.counter_iban, l.counter_name, h.code AS "
	  "household, l.agreement_id AS agreement, l.method, l.score, "
	  "l.reason "
	  "FROM line_current l JOIN account a ON a.id = l.account_id "
	  "LEFT JOIN household h ON h.id = l.household_id "
	  "WHERE " HH_FILTER " ORDER BY l.booking_date, l.id", "s" },
	{ "unmatched", "issmssssiiis",
	  "SELECT l.id, l.booking_date AS date, a.iban AS account, "
	  "l.cents AS amount, l.counter_iban, l.counter_name, l.description, "
	  "h.code AS household, s.rank, s.agreement_id AS suggestion, "
	  "s.score, s.reason FROM line_current l "
	  "JOIN account a ON a.id = l.account_id "
	  "LEFT JOIN household h ON h.id = l.household_id "
	  "LEFT JOIN line_suggestion s ON s.line_id = l.id "
	  "WHERE l.agreement_id IS NULL AND " HH_FILTER
	  " ORDER BY l.booking_date, l.id, s.rank", "s" },
	{ "signals", "isssiissss",
	  "SELECT s.id, s.at, h.code AS household, s.kind, "
	  "s.agreement_id AS agreement, s.line_id AS line, s.status, "
	  HB_DETAILS("s") " AS details, s.resolved_by, s.resolution "
	  "FROM signal s LEFT JOIN household h "
	  "ON h.id = s.household_id WHERE " HH_FILTER " ORDER BY s.id", "s" },
	{ "income", "isssmsi",
	  "SELECT i.id, h.code AS household, o.name AS source, i.period, "
	  "i.net, i.pay_date, i.consent_id AS consent FROM income_statement i "
	  "JOIN household h ON h.id = i.household_id "
	  "JOIN organisation o ON o.id = i.organisation_id "
	  "WHERE " HH_FILTER " ORDER BY h.code, i.period, i.id", "s" },
	{ "payouts", "isssssmssssi",
	  "SELECT p.id, h.code AS household, p.due_date AS due, "
	  "p.exec_date AS execution, a.kind, p.creditor, p.amount, "
	  "p.creditor_iban, p.end_to_end, CASE WHEN p.status = 'held' AND "
	  "EXISTS (SELECT 1 FROM payout x WHERE x.idem_key = p.idem_key AND "
	  "x.id > p.id AND x.status <> 'cancelled') THEN "
	  "'carried' ELSE p.status END AS status, p.approved_by, "
	  "p.decision_id AS decision FROM payout p "
	  "JOIN household h ON h.id = p.household_id "
	  "JOIN agreement a ON a.id = p.agreement_id "
	  "WHERE p.status <> 'cancelled' AND " HH_FILTER
	  " ORDER BY p.exec_date, h.code, p.id", "s" },
	{ "decisions", "issssmmssss",
	  "SELECT d.id, h.code AS household, pl.month, d.day, d.subject, "
	  "d.amount, d.balance, d.mode, d.rule, CASE WHEN pl.superseded_by "
	  "IS NULL THEN 'current' ELSE 'superseded' END AS plan, "
	  HB_OUTCOME("d") " AS outcome "
	  "FROM decision d JOIN plan pl ON pl.id = d.plan_id "
	  "JOIN household h ON h.id = d.household_id WHERE " HH_FILTER
	  " ORDER BY d.id", "s" },
	/* hb-plan decisions without -H: the current plans' only */
	{ "current_decisions", "issssmmssss",
	  "SELECT d.id, h.code AS household, pl.month, d.day, d.subject, "
	  "d.amount, d.balance, d.mode, d.rule, 'current' AS plan, "
	  HB_OUTCOME("d") " AS outcome "
	  "FROM decision d JOIN plan pl ON pl.id = d.plan_id "
	  "JOIN household h ON h.id = d.household_id WHERE "
	  "pl.superseded_by IS NULL AND " HH_FILTER " ORDER BY d.id", "s" },
	{ "batches", "isssssimss",
	  "SELECT id, msg_id, format, file, from_date, to_date, count, "
	  "control_sum, status, at FROM export_batch ORDER BY id", "" },
	{ "audit", "isssssssss",
	  "SELECT id, at, actor, action, household, result, detail, trace_id, "
	  "operation_id, hash FROM audit WHERE ?1 IS NULL OR household = ?1 "
	  "ORDER BY id", "s" },
};

static const struct view *
find_view(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (strcmp(views[i].name, name) == 0)
			return &views[i];
	return NULL;
}

static int
run_view(struct hb_ctx *c, const struct view *v, const char *household,
    FILE *fp, enum hb_format fmt, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, v->sql, v->binds, household, c->today) ==
	    -1)
		return -1;
	rc = hb_table_write(fp, fmt, q, v->types, e);
	hb_finalize(q);
	return rc;
}

int
hb_list(struct hb_ctx *c, const char *what, const char *household, FILE *fp,
    enum hb_format fmt, struct hb_err *e)
{
	const struct view *v = find_view(what);
	int64_t id;

	if (v == NULL)
		return hb_error(e, "cannot list '%s': expected households, "
		    "agreements, taking, organisations, accounts, consents, "
		    "parameters, imports, lines, unmatched, signals, income, "
		    "payouts, decisions, batches or audit", what);
	if (household != NULL && hb_household_id(c, household, &id, e) == -1)
		return -1;
	return run_view(c, v, household, fp, fmt, e);
}

int
hb_show(struct hb_ctx *c, const char *code, FILE *fp, enum hb_format fmt,
    struct hb_err *e)
{
	static const char *const parts[] = { "households", "accounts",
	    "agreements", "taking", "consents" };
	static const char *const titles[] = { N_("Households"),
	    N_("Accounts"), N_("Agreements"), N_("Taking"), N_("Consents") };
	int64_t id;
	size_t i;

	if (hb_household_id(c, code, &id, e) == -1)
		return -1;
	if (fmt == HB_OUT_JSON)
		fputc('{', fp);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (fmt == HB_OUT_JSON)
			fprintf(fp, "%s\"%s\": ", i ? ", " : "", parts[i]);
		else if (fmt == HB_OUT_HUMAN)
			fprintf(fp, "%s%s\n", i ? "\n" : "", _(titles[i]));
		else
			fprintf(fp, "%s# %s\n", i ? "\n" : "", parts[i]);
		if (run_view(c, find_view(parts[i]), code, fp, fmt, e) == -1)
			return -1;
	}
	if (fmt == HB_OUT_JSON)
		fputs("}\n", fp);
	return 0;
}
