/*
 * The rules hb decides by: each an id, its legal or policy basis, and a
 * sentence a citizen can read.  Decisions name their rule; hb-explain and
 * the man pages read this table, so the reasons given and the rules
 * applied cannot drift apart.
 */
#include <string.h>

#include "hb.h"

static const struct hb_rule rules[] = {
	{ "INCOME-BOOKED", "bank statement",
	  N_("Income as the bank booked it on the managed account.") },
	{ "INCOME-EXPECTED", "agreement; payment calendar",
	  N_("Income expected from the agreement on its due date (moved to the "
	  "next bank working day).") },
	{ "INCOME-STATEMENT", "income statement delivered with consent",
	  N_("Income expected as the payer announced it in an income statement, "
	  "which the citizen consented to.") },
	{ "INCOME-MISSING", "agreement; day margin",
	  N_("Expected income has not arrived by its due date plus the day "
	  "margin: the plan does not count on it.") },
	{ "DEBIT-BOOKED", "bank statement",
	  N_("A payment the bank already booked from the account.") },
	{ "PAY", "agreement; policy priority order",
	  N_("The payout is made on the last bank working day that still gets "
	  "the money there on its due date; the balance covers it.") },
	{ "PAY-EXPORTED", "export batch",
	  N_("The payout was exported to the bank before and leaves the account "
	  "on its execution date; it never changes.") },
	{ "PAY-RESERVED", "export batch (not finished)",
	  N_("The payout is reserved by an export batch that a crash or a "
	  "locked store interrupted: it counts as leaving the account and is "
	  "never planned again; the next export finishes or frees it.") },
	{ "POOL-UNMATCHED", "policy: never pay without the money",
	  N_("Lines on the pooled account are booked to no household, so this "
	  "household's balance is uncertain: payouts that need more than the "
	  "certain balance are advisory until a person looks.") },
	{ "PAY-BUFFER", "policy: buffer (policy.buffer_covers, "
	  "policy.buffer_limit); Wgs threatening debts",
	  N_("The balance falls short, so the municipality advances the "
	  "shortfall from the household's buffer; the advance is repaid from "
	  "later income.") },
	{ "BUFFER-RECOVER", "policy: buffer",
	  N_("Income repays the buffer advance first.") },
	{ "PAY-LATE", "policy: what cannot be paid is held and carried",
	  N_("The payout could not be made on its date and is made on the first "
	  "later date the money is there.") },
	{ "HOLD", "policy: never pay without the money; never drop a payout",
	  N_("Not enough money, even with the buffer: the payout is held, "
	  "signalled, and carried to the next possible date.") },
	{ "TAKE", "Rv art. 475d (protected income); Awb 4:93",
	  N_("The taking is made: it stays above the protected income and "
	  "within the claim's remaining total.") },
	{ "TAKE-REDUCED", "Rv art. 475d (protected income); Awb 4:93",
	  N_("The taking is reduced so that the household keeps its protected "
	  "income.") },
	{ "TAKE-PROTECTED", "Rv art. 475d (protected income); Awb 4:93",
	  N_("No taking: it would reach into the protected income.") },
	{ "TAKE-POSTPONED", "bring before take (policy); Rv art. 475d",
	  N_("The taking waits: it is paid only from income that has arrived by "
	  "its day, never from income expected later in the month.") },
	{ "TAKE-NO-NOTICE", "Rv art. 475d; creditor's notice (modelmededeling)",
	  N_("No taking: income is above the social-assistance norm and the "
	  "creditor has not given the protected income in a notice.") },
	{ "TAKE-CLAIM-PAID", "Awb 4:93: the decision names the claim and its "
	  "amount",
	  N_("No taking: the claim's total has been paid.") },
	{ "TAKE-ESCALATED", "escalation; Awb 4:84; AVG art. 22",
	  N_("No taking while an escalation about the household is open: a "
	  "person decides first.") },
	{ "TAKE-OFFSET-MIN", "Awir: Toeslagen offsetting at least EUR 20 a month",
	  N_("No offsetting: Toeslagen offset only claims of at least the "
	  "minimum a month.") },
};

const struct hb_rule *
hb_rule(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

const struct hb_rule *
hb_rule_at(size_t i)
{
	return i < sizeof(rules) / sizeof(rules[0]) ? &rules[i] : NULL;
}
