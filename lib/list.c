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
	{ "audit", "issssssss",
	  "SELECT id, at, actor, action, household, result, detail, trace_id, "
	  "operation_id FROM audit WHERE ?1 IS NULL OR household = ?1 "
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
		    "parameters or audit", what);
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
			fprintf(fp, "%s%c%s\n", i ? "\n" : "",
			    parts[i][0] - 'a' + 'A', parts[i] + 1);
		else
			fprintf(fp, "%s# %s\n", i ? "\n" : "", parts[i]);
		if (run_view(c, find_view(parts[i]), code, fp, fmt, e) == -1)
			return -1;
	}
	if (fmt == HB_OUT_JSON)
		fputs("}\n", fp);
	return 0;
}
