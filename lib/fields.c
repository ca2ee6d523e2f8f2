/*
 * A record as field=value pairs.  The command line (FIELD=VALUE arguments)
 * and the bulk-intake CSV (one column per field) both arrive here, so both
 * get the same checks and the same messages.
 */
#include <string.h>

#include "hb.h"

struct record {
	const char		*name;
	const char *const	*fields;
	const char		*required;	/* one flag per field: 'r' */
};

static const char *const organisation_fields[] = {
	"name", "kind", "iban", NULL };
static const char *const account_fields[] = {
	"iban", "holder", "kind", "household", NULL };
static const char *const household_fields[] = {
	"household", "name", "composition", "adults", "children",
	"buffer_limit", "caseworker", "start", NULL };
static const char *const agreement_fields[] = {
	"household", "kind", "organisation", "iban", "amount", "schedule",
	"valid_from", "valid_to", "search", "reference", "amount_margin",
	"day_margin", "legal_basis", "claim", "claim_total", "description",
	"protected_notice", NULL };
static const char *const consent_fields[] = {
	"household", "organisation", "reference", "valid_from", "valid_to",
	NULL };

static const struct record records[] = {
	{ "organisation", organisation_fields, "rr-" },
	{ "account", account_fields, "rrr-" },
	{ "household", household_fields, "-rr---rr" },
	{ "agreement", agreement_fields, "rr--rrr----------" },
	{ "consent", consent_fields, "rrrr-" },
};

static const struct record *
find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		if (strcmp(records[i].name, name) == 0)
			return &records[i];
	return NULL;
}

const char *const *
hb_record_fields(const char *record)
{
	const struct record *r = find(record);

	return r != NULL ? r->fields : NULL;
}

int
hb_field_required(const char *record, const char *field)
{
	const struct record *r = find(record);
	int i;

	if (r == NULL)
		return 0;
	for (i = 0; r->fields[i] != NULL; i++)
		if (strcmp(r->fields[i], field) == 0)
			return r->required[i] == 'r';
	return 0;
}

const char *
hb_field(const struct hb_fields *f, const char *key)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			return *f->val[i] != '\0' ? f->val[i] : NULL;
	return NULL;
}

/* The value as the store keeps it: a caseworker's word is translated
 * (words.c). */
void
hb_field_set(struct hb_fields *f, const char *key, const char *val)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->key[i], key) == 0)
			break;
	if (i == HB_FIELDS_MAX)
		return;
	f->key[i] = key;
	f->val[i] = hb_word(key, val, f->norm[i], sizeof(f->norm[i]));
	if (i == f->n)
		f->n++;
}
