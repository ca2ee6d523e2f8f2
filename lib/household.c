/*
 * The register: organisations, accounts, households, agreements and
 * consent records.  Every value is checked here, before it reaches the
 * store, so that the caseworker reads which field is wrong and why; the
 * store's CHECK constraints are the second line.
 *
 * These functions run inside the caller's transaction.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

static const char *const income_kinds[] = {
	"salary", "benefit", "toeslag", "other_income", NULL };
static const char *const payout_kinds[] = {
	"rent", "energy", "water", "health_insurance", "leefgeld",
	"other_fixed", "reservation", "repayment", "offset", "collection",
	NULL };
static const char *const taking_kinds[] = {
	"repayment", "offset", "collection", NULL };
static const char *const organisation_kinds[] = {
	"landlord", "energy", "water", "insurer", "benefit_agency", "employer",
	"municipality", "creditor", "other", NULL };
static const char *const account_kinds[] = {
	"managed", "pooled", "own", NULL };
static const char *const compositions[] = {
	"single", "single_parent", "couple", "couple_children", NULL };

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
bad_choice(struct hb_err *e, const char *field, const char *value,
    const char *const *list)
{
	char choices[512] = "";
	size_t len = 0;

	for (; *list != NULL && len < sizeof(choices); list++)
		len += (size_t)snprintf(choices + len, sizeof(choices) - len,
		    "%s%s", len ? ", " : "", *list);
	return hb_error_at(e, NULL, 0, field, "unknown %s '%s': expected "
	    "one of %s", field, value, choices);
}

int
hb_kind_is_income(const char *kind)
{
	return in_list(income_kinds, kind);
}

int
hb_kind_is_taking(const char *kind)
{
	return in_list(taking_kinds, kind);
}

/* Amounts as a caseworker types them: 1234.56 or 1234,56 or 1.234,56. */
static int
field_money(const struct hb_fields *f, const char *key, int positive,
    int64_t *out, struct hb_err *e)
{
	const char *s = hb_field(f, key), *comma, *dot;

	comma = strrchr(s, ',');
	dot = strrchr(s, '.');
	if (hb_money_parse(s, comma > dot ? HB_DECIMAL_COMMA : HB_DECIMAL_DOT,
	    out, e) == -1)
		return hb_error_at(e, NULL, 0, key, "%s", e->msg);
	if (positive && *out <= 0)
		return hb_error_at(e, NULL, 0, key, "amount '%s' must be more "
		    "than zero", s);
	if (*out < 0)
		return hb_error_at(e, NULL, 0, key, "amount '%s' must not be "
		    "negative", s);
	return 0;
}

static int
field_date(const struct hb_fields *f, const char *key, int *out,
    struct hb_err *e)
{
	const char *s = hb_field(f, key);

	if (s == NULL) {
		*out = -1;
		return 0;
	}
	if (hb_date_parse(s, out) == -1)
		return hb_error_at(e, NULL, 0, key, "invalid date '%s': "
		    "expected YYYY-MM-DD", s);
	return 0;
}

static int
field_int(const struct hb_fields *f, const char *key, int lo, int hi,
    int *out, struct hb_err *e)
{
	const char *s = hb_field(f, key);
	char *end;
	long n;

	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < lo || n > hi)
		return hb_error_at(e, NULL, 0, key, "invalid number '%s': "
		    "expected %d to %d", s, lo, hi);
	*out = (int)n;
	return 0;
}

static int
field_iban(const struct hb_fields *f, const char *key, char out[HB_IBAN_LEN],
    struct hb_err *e)
{
	if (hb_iban_normalize(hb_field(f, key), out, e) == -1)
		return hb_error_at(e, NULL, 0, key, "%s", e->msg);
	return 0;
}

/* Refuse fields the record does not take: a typo must not vanish. */
static int
check_fields(const char *record, const struct hb_fields *f, struct hb_err *e)
{
	const char *const *known = hb_record_fields(record), *const *k;
	int i;

	if (known == NULL)
		return hb_error(e, "unknown record type '%s': expected "
		    "organisation, account, household, agreement or consent",
		    record);
	for (i = 0; i < f->n; i++) {
		for (k = known; *k != NULL; k++)
			if (strcmp(*k, f->key[i]) == 0)
				break;
		if (*k == NULL && *f->val[i] != '\0')
			return hb_error_at(e, NULL, 0, f->key[i], "a%s %s has "
			    "no field '%s'", strchr("aeiou", record[0]) ?
			    "n" : "", record, f->key[i]);
	}
	for (k = known; *k != NULL; k++)
		if (hb_field_required(record, *k) && hb_field(f, *k) == NULL)
			return hb_error_at(e, NULL, 0, *k, "missing required "
			    "field '%s'", *k);
	return 0;
}

int
hb_household_id(struct hb_ctx *c, const char *code, int64_t *id,
    struct hb_err *e)
{
	int rc = hb_query_int(c->st, id, e,
	    "SELECT id FROM household WHERE code = ?", "s", code);

	if (rc == 0)
		return hb_error_at(e, NULL, 0, "household", "unknown household "
		    "'%s'", code);
	return rc == 1 ? 0 : -1;
}

static int
organisation_id(struct hb_ctx *c, const char *name, int64_t *id,
    struct hb_err *e)
{
	int rc = hb_query_int(c->st, id, e,
	    "SELECT id FROM organisation WHERE name = ?", "s", name);

	if (rc == 0)
		return hb_error_at(e, NULL, 0, "organisation", "unknown "
		    "organisation '%s'", name);
	return rc == 1 ? 0 : -1;
}

static int
add_iban(struct hb_ctx *c, int64_t org, const char *iban, struct hb_err *e)
{
	int64_t n;
	int rc;

	rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM organisation_iban "
	    "WHERE iban = ? UNION ALL SELECT 1 FROM account WHERE iban = ?",
	    "ss", iban, iban);
	if (rc != 0)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "iban", "IBAN "
		    "%s is already registered", iban);
	return hb_exec(c->st, e, "INSERT INTO organisation_iban (iban, "
	    "organisation_id) VALUES (?, ?)", "sI", iban, org);
}

static int
starts_iban(const char *s)
{
	return isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]);
}

static int
add_organisation(struct hb_ctx *c, const struct hb_fields *f, char *id,
    size_t idsz, struct hb_err *e)
{
	const char *name = hb_field(f, "name"), *kind = hb_field(f, "kind");
	const char *ibans = hb_field(f, "iban");
	char iban[HB_IBAN_LEN], cur[128], *list, *p, *tok;
	int64_t n, org;
	int rc = 0;

	if (!in_list(organisation_kinds, kind))
		return bad_choice(e, "kind", kind, organisation_kinds);
	if ((rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM organisation "
	    "WHERE name = ?", "s", name)) != 0)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "name",
		    "organisation '%s' already exists", name);
	if (hb_exec(c->st, e, "INSERT INTO organisation (name, kind) "
	    "VALUES (?, ?)", "ss", name, kind) == -1)
		return -1;
	org = hb_last_id(c->st);
	/*
	 * Several IBANs separated by spaces, each perhaps written in groups
	 * of four: a group that starts like an IBAN (two letters, two
	 * digits) begins the next one only once the current one is whole.
	 */
	p = list = xstrdup(ibans != NULL ? ibans : "");
	cur[0] = '\0';
	while (rc == 0 && (tok = strsep(&p, " \t")) != NULL) {
		if (*tok == '\0')
			continue;
		if (cur[0] != '\0' && starts_iban(tok) &&
		    hb_iban_normalize(cur, iban, NULL) == 0) {
			rc = add_iban(c, org, iban, e);
			cur[0] = '\0';
		}
		if (strlen(cur) + strlen(tok) + 2 > sizeof(cur))
			rc = hb_error_at(e, NULL, 0, "iban", "invalid IBAN "
			    "'%s': too long", cur);
		else
			strcat(strcat(cur, cur[0] ? " " : ""), tok);
	}
	if (rc == 0 && cur[0] != '\0') {
		if (hb_iban_normalize(cur, iban, e) == -1)
			rc = hb_error_at(e, NULL, 0, "iban", "%s", e->msg);
		else
			rc = add_iban(c, org, iban, e);
	}
	free(list);
	snprintf(id, idsz, "%s", name);
	return rc;
}

int
hb_organisation_iban(struct hb_ctx *c, const char *name, const char *raw,
    struct hb_err *e)
{
	char iban[HB_IBAN_LEN];
	int64_t org;

	if (organisation_id(c, name, &org, e) == -1)
		return -1;
	if (hb_iban_normalize(raw, iban, e) == -1)
		return hb_error_at(e, NULL, 0, "iban", "%s", e->msg);
	return add_iban(c, org, iban, e);
}

static int
add_account(struct hb_ctx *c, const struct hb_fields *f, char *id,
    size_t idsz, struct hb_err *e)
{
	const char *kind = hb_field(f, "kind"), *code = hb_field(f, "household");
	char iban[HB_IBAN_LEN];
	int64_t hh = INT64_MIN, n;
	int rc;

	if (field_iban(f, "iban", iban, e) == -1)
		return -1;
	if (!in_list(account_kinds, kind))
		return bad_choice(e, "kind", kind, account_kinds);
	if (strcmp(kind, "pooled") == 0 && code != NULL)
		return hb_error_at(e, NULL, 0, "household", "a pooled account "
		    "holds many households' money: leave household empty");
	if (strcmp(kind, "pooled") != 0) {
		if (code == NULL)
			return hb_error_at(e, NULL, 0, "household", "a %s "
			    "account belongs to a household", kind);
		if (hb_household_id(c, code, &hh, e) == -1)
			return -1;
	}
	rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM organisation_iban "
	    "WHERE iban = ? UNION ALL SELECT 1 FROM account WHERE iban = ?",
	    "ss", iban, iban);
	if (rc != 0)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "iban", "IBAN "
		    "%s is already registered", iban);
	snprintf(id, idsz, "%s", iban);
	return hb_exec(c->st, e, "INSERT INTO account (iban, holder, kind, "
	    "household_id) VALUES (?, ?, ?, ?)", "sssm", iban,
	    hb_field(f, "holder"), kind, hh);
}

static int
next_code(struct hb_ctx *c, char *code, size_t sz, struct hb_err *e)
{
	int64_t last = 0;

	if (hb_query_int(c->st, &last, e, "SELECT coalesce(max(CAST("
	    "substr(code, 4) AS INTEGER)), 0) FROM household", "") == -1)
		return -1;
	if (last >= 999999)
		return hb_error(e, "no household codes left");
	snprintf(code, sz, "HB-%06d", (int)last + 1);
	return 0;
}

static int
valid_code(const char *s)
{
	int i;

	if (strncmp(s, "HB-", 3) != 0 || strlen(s) != 9)
		return 0;
	for (i = 3; i < 9; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Composition, adults, children and buffer limit, shared by add and set. */
static int
household_values(struct hb_ctx *c, const struct hb_fields *f,
    const char *comp, int *adults, int *children, int64_t *buffer,
    int day, struct hb_err *e)
{
	int rc;

	if (!in_list(compositions, comp))
		return bad_choice(e, "composition", comp, compositions);
	/* adults follow the composition unless given or already known */
	if (*adults == 0 || hb_field(f, "composition") != NULL)
		*adults = strncmp(comp, "couple", 6) == 0 ? 2 : 1;
	if (hb_field(f, "adults") != NULL &&
	    field_int(f, "adults", 1, 9, adults, e) == -1)
		return -1;
	if (hb_field(f, "children") != NULL &&
	    field_int(f, "children", 0, 20, children, e) == -1)
		return -1;
	if ((strcmp(comp, "single_parent") == 0 ||
	    strcmp(comp, "couple_children") == 0) && *children < 1)
		return hb_error_at(e, NULL, 0, "children", "a %s household "
		    "has at least one child", comp);
	if ((strcmp(comp, "single") == 0 || strcmp(comp, "couple") == 0) &&
	    *children > 0)
		return hb_error_at(e, NULL, 0, "composition", "a household "
		    "with children is single_parent or couple_children");
	if (hb_field(f, "buffer_limit") != NULL)
		return field_money(f, "buffer_limit", 0, buffer, e);
	if (*buffer != INT64_MIN)
		return 0;
	rc = hb_param_cents(c, "policy.buffer_limit", day, buffer, e);
	if (rc == 0)
		return hb_error_at(e, NULL, 0, "buffer_limit", "no buffer_limit "
		    "given and no policy.buffer_limit in force");
	return rc == -1 ? -1 : 0;
}

static int
add_household(struct hb_ctx *c, const struct hb_fields *f, char *id,
    size_t idsz, struct hb_err *e)
{
	const char *code = hb_field(f, "household");
	const char *comp = hb_field(f, "composition");
	char buf[16];
	int64_t n, buffer = INT64_MIN;
	int start, adults = 0, children = 0, rc;

	if (code != NULL && !valid_code(code))
		return hb_error_at(e, NULL, 0, "household", "invalid household "
		    "code '%s': expected HB- and six digits, e.g. HB-000123",
		    code);
	if (field_date(f, "start", &start, e) == -1)
		return -1;
	if (household_values(c, f, comp, &adults, &children, &buffer, start,
	    e) == -1)
		return -1;
	if (code == NULL) {
		if (next_code(c, buf, sizeof(buf), e) == -1)
			return -1;
		code = buf;
	} else if ((rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM household "
	    "WHERE code = ?", "s", code)) != 0)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "household",
		    "household '%s' already exists", code);
	snprintf(id, idsz, "%s", code);
	return hb_exec(c->st, e, "INSERT INTO household (code, name, "
	    "composition, adults, children, buffer_limit, caseworker, "
	    "start_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "sssiiIsd", code,
	    hb_field(f, "name"), comp, adults, children, buffer,
	    hb_field(f, "caseworker"), start);
}

static int
household_active(struct hb_ctx *c, const char *code, int64_t *id,
    int *start, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_household_id(c, code, id, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT start_date, end_date FROM "
	    "household WHERE id = ?", "I", *id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		*start = hb_col_date(q, 0);
		if (!hb_col_null(q, 1))
			rc = hb_error_at(e, NULL, 0, "household", "household "
			    "'%s' ended its participation on %s", code,
			    hb_col_text(q, 1));
	}
	hb_finalize(q);
	return rc == 1 ? 0 : -1;
}

/* The counterparty IBAN: given, or the organisation's only IBAN, or for
 * leefgeld the household's own account. */
static int
agreement_iban(struct hb_ctx *c, const struct hb_fields *f, int64_t org,
    int64_t hh, const char *kind, char iban[HB_IBAN_LEN], struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t n;
	int rc, rows = 0;

	iban[0] = '\0';
	if (hb_field(f, "iban") != NULL) {
		if (field_iban(f, "iban", iban, e) == -1)
			return -1;
		if (org == INT64_MIN)
			return 0;
		rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM "
		    "organisation_iban WHERE iban = ? AND organisation_id = ?",
		    "sI", iban, org);
		if (rc == 0)
			return hb_error_at(e, NULL, 0, "iban", "IBAN %s is not "
			    "one of organisation '%s''s IBANs", iban,
			    hb_field(f, "organisation"));
		return rc == 1 ? 0 : -1;
	}
	if (strcmp(kind, "reservation") == 0 && org == INT64_MIN)
		return 0;	/* the money stays on the managed account */
	if (org != INT64_MIN)
		rc = hb_prepare(c->st, &q, e, "SELECT iban FROM "
		    "organisation_iban WHERE organisation_id = ?", "I", org);
	else
		rc = hb_prepare(c->st, &q, e, "SELECT iban FROM account "
		    "WHERE household_id = ? AND kind = 'own'", "I", hh);
	if (rc == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		if (rows++ == 0)
			snprintf(iban, HB_IBAN_LEN, "%s", hb_col_text(q, 0));
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (rows > 1) {
		iban[0] = '\0';
		return hb_error_at(e, NULL, 0, "iban", "several IBANs to "
		    "choose from: name the IBAN");
	}
	if (rows == 0 && !hb_kind_is_income(kind) &&
	    strcmp(kind, "reservation") != 0)
		return hb_error_at(e, NULL, 0, "iban", "a %s payout needs the "
		    "IBAN to pay to", kind);
	return 0;
}

/* The search terms, lower case, indexed for matching (match.c). */
static int
add_terms(struct hb_ctx *c, int64_t agreement, const char *search,
    struct hb_err *e)
{
	char *list, *p, *t, *end;
	int rc = 0;

	if (search == NULL)
		return 0;
	p = list = xstrdup(search);
	while (rc == 0 && (t = strsep(&p, "|")) != NULL) {
		while (isspace((unsigned char)*t))
			t++;
		for (end = t + strlen(t); end > t &&
		    isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		for (end = t; *end != '\0'; end++)
			*end = (char)tolower((unsigned char)*end);
		if (*t != '\0')
			rc = hb_exec(c->st, e, "INSERT OR IGNORE INTO "
			    "agreement_term (term, agreement_id) VALUES (?, ?)",
			    "sI", t, agreement);
	}
	free(list);
	return rc;
}

/*
 * A second agreement with the same organisation (or account), kind,
 * amount and schedule, running at the same time, is most likely the same
 * agreement entered twice: it would pay twice.  0 when there is none, -1
 * with a message naming the one there is.
 */
static int
same_agreement(struct hb_ctx *c, int64_t hh, const char *kind, int64_t org,
    const char *iban, int64_t amount, const char *sched, int from, int to,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char m[HB_MONEY_LEN], d[HB_DATE_LEN];
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT a.id, a.description, "
	    "a.valid_from, h.code FROM agreement a JOIN household h ON "
	    "h.id = a.household_id WHERE a.household_id = ?1 AND a.kind = ?2 "
	    "AND (a.organisation_id IS ?3) AND (?3 IS NOT NULL OR "
	    "a.iban IS ?4) AND a.amount = ?5 AND a.schedule = ?6 AND "
	    "(a.valid_to IS NULL OR a.valid_to >= ?7) AND (?8 IS NULL OR "
	    "a.valid_from <= ?8) ORDER BY a.id LIMIT 1", "IsmsIsdd", hh, kind,
	    org, iban[0] ? iban : NULL, amount, sched, from, to) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		hb_money_format(amount, m);
		hb_date_format(hb_col_date(q, 2), d);
		rc = hb_error(e, "%s already has agreement %lld (%s): %s, %s, "
		    "%s from %s; a second one would pay twice: give force=1 "
		    "to add it anyway", hb_col_text(q, 3),
		    (long long)hb_col_int(q, 0), hb_col_text(q, 1), kind, m,
		    sched, d);
	}
	hb_finalize(q);
	return rc == 0 ? 0 : -1;
}

static int
add_agreement(struct hb_ctx *c, const struct hb_fields *f, char *id,
    size_t idsz, struct hb_err *e)
{
	const char *kind = hb_field(f, "kind"), *org_name;
	const char *desc = hb_field(f, "description");
	struct hb_schedule sched;
	char iban[HB_IBAN_LEN], sched_text[HB_SCHED_LEN];
	int64_t hh, org = INT64_MIN, amount, margin = 0, total = INT64_MIN;
	int64_t notice = INT64_MIN;
	int start, from, to, day_margin = 0, income, rc;

	if (household_active(c, hb_field(f, "household"), &hh, &start, e) ==
	    -1)
		return -1;
	income = hb_kind_is_income(kind);
	if (!income && !in_list(payout_kinds, kind)) {
		const char *const all[] = { "salary", "benefit", "toeslag",
		    "other_income", "rent", "energy", "water",
		    "health_insurance", "leefgeld", "other_fixed",
		    "reservation", "repayment", "offset", "collection", NULL };

		return bad_choice(e, "kind", kind, all);
	}
	if ((org_name = hb_field(f, "organisation")) != NULL) {
		if (organisation_id(c, org_name, &org, e) == -1)
			return -1;
	} else if (strcmp(kind, "leefgeld") != 0 &&
	    strcmp(kind, "reservation") != 0)
		return hb_error_at(e, NULL, 0, "organisation", "a %s agreement "
		    "needs the organisation it is with", kind);
	if (agreement_iban(c, f, org, hh, kind, iban, e) == -1)
		return -1;
	if (field_money(f, "amount", 1, &amount, e) == -1)
		return -1;
	if (hb_schedule_parse(hb_field(f, "schedule"), &sched, e) == -1)
		return hb_error_at(e, NULL, 0, "schedule", "%s", e->msg);
	hb_schedule_format(&sched, sched_text);
	if (field_date(f, "valid_from", &from, e) == -1 ||
	    field_date(f, "valid_to", &to, e) == -1)
		return -1;
	if (to != -1 && to < from)
		return hb_error_at(e, NULL, 0, "valid_to", "the agreement ends "
		    "(%s) before it starts (%s)", hb_field(f, "valid_to"),
		    hb_field(f, "valid_from"));
	if (from < start)
		return hb_error_at(e, NULL, 0, "valid_from", "the agreement "
		    "starts before the household's participation");
	if (hb_field(f, "amount_margin") != NULL) {
		if (field_money(f, "amount_margin", 0, &margin, e) == -1)
			return -1;
	} else if ((rc = hb_param_cents(c, "policy.amount_margin", from,
	    &margin, e)) != 1)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "amount_margin",
		    "no amount_margin given and no policy.amount_margin in "
		    "force on %s", hb_field(f, "valid_from"));
	if (hb_field(f, "day_margin") != NULL) {
		if (field_int(f, "day_margin", 0, 31, &day_margin, e) == -1)
			return -1;
	} else {
		int64_t dm = 0;

		if ((rc = hb_param_cents(c, "policy.day_margin", from, &dm,
		    e)) != 1)
			return rc == -1 ? -1 : hb_error_at(e, NULL, 0,
			    "day_margin", "no day_margin given and no "
			    "policy.day_margin in force on %s",
			    hb_field(f, "valid_from"));
		day_margin = (int)dm;
	}
	if (hb_kind_is_taking(kind)) {
		/* Awb 4:93: taking names its basis, the claim and its size */
		if (hb_field(f, "legal_basis") == NULL)
			return hb_error_at(e, NULL, 0, "legal_basis", "a %s "
			    "needs its legal basis (e.g. Awb 4:93)", kind);
		if (hb_field(f, "claim") == NULL)
			return hb_error_at(e, NULL, 0, "claim", "a %s needs "
			    "the claim it pays off", kind);
		if (hb_field(f, "claim_total") == NULL)
			return hb_error_at(e, NULL, 0, "claim_total", "a %s "
			    "needs the claim's total", kind);
		if (field_money(f, "claim_total", 1, &total, e) == -1)
			return -1;
		if (total < amount)
			return hb_error_at(e, NULL, 0, "claim_total", "the "
			    "claim's total is less than one payment");
		if (hb_field(f, "protected_notice") != NULL &&
		    field_money(f, "protected_notice", 0, &notice, e) == -1)
			return -1;
	} else {
		static const char *const only[] = { "legal_basis", "claim",
		    "claim_total", "protected_notice", NULL };
		const char *const *k;

		for (k = only; *k != NULL; k++)
			if (hb_field(f, *k) != NULL)
				return hb_error_at(e, NULL, 0, *k, "only a "
				    "repayment, offset or collection has a %s",
				    *k);
	}
	if (desc == NULL)
		desc = org_name != NULL ? org_name : kind;
	if (hb_field(f, "force") != NULL && strcmp(hb_field(f, "force"), "1")
	    != 0 && strcmp(hb_field(f, "force"), "0") != 0)
		return hb_error_at(e, NULL, 0, "force", "expected 1 or 0, not "
		    "'%s'", hb_field(f, "force"));
	if ((hb_field(f, "force") == NULL ||
	    strcmp(hb_field(f, "force"), "1") != 0) &&
	    same_agreement(c, hh, kind, org, iban, amount, sched_text, from, to,
	    e) != 0)
		return -1;
	if (hb_exec(c->st, e, "INSERT INTO agreement (household_id, "
	    "direction, kind, organisation_id, iban, description, amount, "
	    "schedule, valid_from, valid_to, search, reference, amount_margin, "
	    "day_margin, legal_basis, claim, claim_total, protected_notice) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,coalesce(?, ''),coalesce(?, ''),?,?,"
	    "?,?,?,?)", "IssmssIsddssIissmm", hh, income ? "in" : "out",
	    kind, org, iban[0] ? iban : NULL, desc, amount, sched_text, from,
	    to, hb_field(f, "search"), hb_field(f, "reference"), margin,
	    day_margin, hb_field(f, "legal_basis"), hb_field(f, "claim"),
	    total, notice) == -1)
		return -1;
	snprintf(id, idsz, "%lld", (long long)hb_last_id(c->st));
	return add_terms(c, hb_last_id(c->st), hb_field(f, "search"), e);
}

static int
add_consent(struct hb_ctx *c, const struct hb_fields *f, char *id,
    size_t idsz, struct hb_err *e)
{
	int64_t hh, org, n;
	int from, to, start, rc;

	if (household_active(c, hb_field(f, "household"), &hh, &start, e) ==
	    -1)
		return -1;
	if (organisation_id(c, hb_field(f, "organisation"), &org, e) == -1)
		return -1;
	if (field_date(f, "valid_from", &from, e) == -1 ||
	    field_date(f, "valid_to", &to, e) == -1)
		return -1;
	if (to != -1 && to < from)
		return hb_error_at(e, NULL, 0, "valid_to", "the consent ends "
		    "before it starts");
	rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM consent WHERE "
	    "household_id = ? AND organisation_id = ? AND valid_from = ?",
	    "IId", hh, org, from);
	if (rc != 0)
		return rc == -1 ? -1 : hb_error_at(e, NULL, 0, "valid_from",
		    "this consent is already registered");
	if (hb_exec(c->st, e, "INSERT INTO consent (household_id, "
	    "organisation_id, reference, valid_from, valid_to) "
	    "VALUES (?, ?, ?, ?, ?)", "IIsdd", hh, org,
	    hb_field(f, "reference"), from, to) == -1)
		return -1;
	snprintf(id, idsz, "%lld", (long long)hb_last_id(c->st));
	return 0;
}

int
hb_record_add(struct hb_ctx *c, const char *record, const struct hb_fields *f,
    char *id, size_t idsz, struct hb_err *e)
{
	if (check_fields(record, f, e) == -1)
		return -1;
	if (strcmp(record, "organisation") == 0)
		return add_organisation(c, f, id, idsz, e);
	if (strcmp(record, "account") == 0)
		return add_account(c, f, id, idsz, e);
	if (strcmp(record, "household") == 0)
		return add_household(c, f, id, idsz, e);
	if (strcmp(record, "agreement") == 0)
		return add_agreement(c, f, id, idsz, e);
	return add_consent(c, f, id, idsz, e);
}

int
hb_household_set(struct hb_ctx *c, const char *code, const struct hb_fields *f,
    struct hb_err *e)
{
	static const char *const settable[] = { "name", "composition",
	    "adults", "children", "buffer_limit", "caseworker", NULL };
	struct hb_stmt *q;
	char *comp = NULL;
	int64_t hh, buffer = INT64_MIN;
	int i, start, adults = 0, children = 0, rc;

	for (i = 0; i < f->n; i++)
		if (!in_list(settable, f->key[i]))
			return hb_error_at(e, NULL, 0, f->key[i], "cannot "
			    "change '%s' (changeable: name, composition, "
			    "adults, children, buffer_limit, caseworker)",
			    f->key[i]);
		else if (*f->val[i] == '\0')
			return hb_error_at(e, NULL, 0, f->key[i], "empty "
			    "value");
	if (household_active(c, code, &hh, &start, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT composition, children, "
	    "buffer_limit, adults FROM household WHERE id = ?", "I", hh) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		comp = xstrdup(hb_col_text(q, 0));
		children = (int)hb_col_int(q, 1);
		buffer = hb_col_int(q, 2);
		adults = (int)hb_col_int(q, 3);
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	rc = household_values(c, f, hb_field(f, "composition") != NULL ?
	    hb_field(f, "composition") : comp, &adults, &children, &buffer,
	    start, e);
	if (rc == 0)
		rc = hb_exec(c->st, e, "UPDATE household SET "
		    "name = coalesce(?, name), composition = ?, adults = ?, "
		    "children = ?, buffer_limit = ?, "
		    "caseworker = coalesce(?, caseworker) WHERE id = ?",
		    "ssiiIsI", hb_field(f, "name"),
		    hb_field(f, "composition") != NULL ?
		    hb_field(f, "composition") : comp, adults, children, buffer,
		    hb_field(f, "caseworker"), hh);
	free(comp);
	return rc;
}

int
hb_household_end(struct hb_ctx *c, const char *code, int day, int *ended,
    struct hb_err *e)
{
	int64_t hh;
	int start;

	if (household_active(c, code, &hh, &start, e) == -1)
		return -1;
	if (day < start)
		return hb_error_at(e, NULL, 0, "date", "the participation "
		    "cannot end before it started");
	/* history stays: agreements get an end date, nothing is deleted */
	if (hb_exec(c->st, e, "UPDATE agreement SET valid_to = max(?, "
	    "valid_from) WHERE household_id = ? AND (valid_to IS NULL OR "
	    "valid_to > ?)", "dId", day, hh, day) == -1)
		return -1;
	*ended = hb_changes(c->st);
	if (hb_exec(c->st, e, "UPDATE consent SET valid_to = max(?, "
	    "valid_from) WHERE household_id = ? AND (valid_to IS NULL OR "
	    "valid_to > ?)", "dId", day, hh, day) == -1)
		return -1;
	return hb_exec(c->st, e, "UPDATE household SET end_date = ? "
	    "WHERE id = ?", "dI", day, hh);
}

int
hb_agreement_end(struct hb_ctx *c, int64_t id, int day, char *code,
    size_t codesz, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT h.code, a.valid_from, "
	    "a.valid_to FROM agreement a JOIN household h ON "
	    "h.id = a.household_id WHERE a.id = ?", "I", id) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown agreement %lld", (long long)id);
	else if (rc == 1) {
		snprintf(code, codesz, "%s", hb_col_text(q, 0));
		if (day < hb_col_date(q, 1))
			rc = hb_error_at(e, NULL, 0, "date", "the agreement "
			    "cannot end before it starts (%s)",
			    hb_col_text(q, 1));
		else if (hb_col_date(q, 2) != -1 && hb_col_date(q, 2) <= day)
			rc = hb_error(e, "agreement %lld already ends on %s",
			    (long long)id, hb_col_text(q, 2));
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	return hb_exec(c->st, e, "UPDATE agreement SET valid_to = ? "
	    "WHERE id = ?", "dI", day, id);
}

/* Forms: what a field takes, whether it is needed, one value checked. */
static const char *const agreement_kinds[] = {
	"salary", "benefit", "toeslag", "other_income", "rent", "energy",
	"water", "health_insurance", "leefgeld", "other_fixed", "reservation",
	"repayment", "offset", "collection", NULL };
static const char *const schedule_kinds[] = {
	"monthly:", "weekly:", "4weekly:", "yearly:", "once:", NULL };
static const char *const yes_no[] = { "1", "0", NULL };

const char *const *
hb_field_choices(const char *record, const char *field)
{
	if (strcmp(field, "kind") == 0) {
		if (strcmp(record, "agreement") == 0)
			return agreement_kinds;
		if (strcmp(record, "organisation") == 0)
			return organisation_kinds;
		if (strcmp(record, "account") == 0)
			return account_kinds;
		return NULL;
	}
	if (strcmp(field, "composition") == 0)
		return compositions;
	if (strcmp(field, "schedule") == 0)
		return schedule_kinds;
	if (strcmp(field, "force") == 0)
		return yes_no;
	return NULL;
}

int
hb_field_needed(const char *record, const struct hb_fields *f,
    const char *field)
{
	const char *kind = hb_field(f, "kind");

	if (hb_field_required(record, field))
		return 1;
	if (strcmp(record, "agreement") != 0 || kind == NULL)
		return 0;
	if (strcmp(field, "organisation") == 0)
		return strcmp(kind, "leefgeld") != 0 &&
		    strcmp(kind, "reservation") != 0;
	if (strcmp(field, "legal_basis") == 0 || strcmp(field, "claim") == 0 ||
	    strcmp(field, "claim_total") == 0)
		return hb_kind_is_taking(kind);
	return 0;
}

int
hb_field_check(struct hb_ctx *c, const char *record, const char *field,
    const char *value, struct hb_err *e)
{
	const char *const *known = hb_record_fields(record), *const *k;
	const char *const *choices = hb_field_choices(record, field);
	struct hb_fields one = { 0 };
	struct hb_schedule sched;
	char iban[HB_IBAN_LEN];
	int64_t id, cents;
	int n;

	if (known == NULL)
		return hb_error(e, "unknown record type '%s'", record);
	for (k = known; *k != NULL; k++)
		if (strcmp(*k, field) == 0)
			break;
	if (*k == NULL)
		return hb_error_at(e, NULL, 0, field, "a%s %s has no field "
		    "'%s'", strchr("aeiou", record[0]) ? "n" : "", record,
		    field);
	if (value == NULL || *value == '\0')
		return hb_field_required(record, field) ?
		    hb_error_at(e, NULL, 0, field, "empty value") : 0;
	hb_field_set(&one, field, value);
	value = hb_field(&one, field);
	if (strcmp(field, "schedule") == 0) {
		if (hb_schedule_parse(value, &sched, e) == -1)
			return hb_error_at(e, NULL, 0, field, "%s", e->msg);
		return 0;
	}
	if (choices != NULL && !in_list(choices, value))
		return bad_choice(e, field, value, choices);
	if (strcmp(field, "valid_from") == 0 ||
	    strcmp(field, "valid_to") == 0 || strcmp(field, "start") == 0)
		return field_date(&one, field, &n, e);
	if (strcmp(field, "amount") == 0 || strcmp(field, "claim_total") == 0)
		return field_money(&one, field, 1, &cents, e);
	if (strcmp(field, "amount_margin") == 0 ||
	    strcmp(field, "buffer_limit") == 0)
		return field_money(&one, field, 0, &cents, e);
	if (strcmp(field, "adults") == 0)
		return field_int(&one, field, 1, 9, &n, e);
	if (strcmp(field, "children") == 0)
		return field_int(&one, field, 0, 20, &n, e);
	if (strcmp(field, "day_margin") == 0)
		return field_int(&one, field, 0, 31, &n, e);
	if (strcmp(field, "iban") == 0)
		return field_iban(&one, field, iban, e);
	if (strcmp(field, "household") == 0 && strcmp(record, "household") != 0)
		return hb_household_id(c, value, &id, e);
	if (strcmp(field, "organisation") == 0)
		return organisation_id(c, value, &id, e);
	return 0;
}
