/*
 * A decision's outcome, or a planner's signal, in the reader's language.
 *
 * The planner stores each outcome twice: as the English text it wrote
 * (decision.outcome, the record, the same under every locale) and as a
 * key with its arguments (outcome_key, outcome_args: the texts it put in,
 * separated by 0x1f).  Shown to someone whose language has a translation
 * of the key's text, the translation is filled in with the arguments;
 * otherwise, and for decisions made before the keys, the record is shown
 * as it stands.  The key only ever selects one of the texts below, so
 * nothing read from the store is used as a format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

static const struct {
	const char	*key, *text;
} outcomes[] = {
	{ "pay", N_("%s %s to %s") },
	{ "pay-buffer", N_("%s %s to %s with a buffer advance") },
	{ "pay-late", N_("%s %s to %s, later than due") },
	{ "take-left", N_("%s %s to %s (what is left of the claim)") },
	{ "take-reduced", N_("%s %s to %s (reduced to protect income)") },
	{ "reserved", N_("%s %s to %s, reserved for export batch %s") },
	{ "income", N_("%s %s from %s") },
	{ "missing", N_("missing: %s %s from %s, expected on %s") },
	{ "recovery", N_("buffer advance repaid: %s of %s") },
	{ "suspended", N_("suspended: %s %s; escalation %s is open") },
	{ "claim-paid", N_("nothing taken: the claim of %2$s is paid") },
	/* the reason of a hold is its rule's, which hb-explain shows */
	{ "held", N_("held: %s %s to %s") },
	{ "postponed", N_("postponed: %s %s to %s") },
	{ "pool", N_("the pooled account has %s lines booked to no household "
	  "from %s to %s (in %s, out %s): this household's balance is "
	  "uncertain; a payout that needs more than the balance less %s is "
	  "advisory") },
	/* signals (signal.details_key) */
	{ "buffer-advance", N_("buffer advance %s on %s for %s; buffer in use "
	  "%s of %s") },
	{ "negative-balance", N_("balance %s on %s, below %s") },
	{ "income-late", N_("%s (%s) expected on %s has not arrived by %s "
	  "(day margin %s): the plan does not count on it") },
	{ "double-payment", N_("possible double payment: %s payouts of %s to "
	  "%s (%s) on %s, agreements %s") },
	{ "non-take-up", N_("possible non-take-up: pays %s but receives no %s, "
	  "with an income of %s this month under the threshold %s (%s)") },
};

#define MAXARGS 8

static int translate = 1;	/* 0: machines read it (JSON, TSV, CSV) */

void
hb_outcome_translate(int on)
{
	translate = on;
}

const char *
hb_outcome_text(const char *key)
{
	size_t i;

	for (i = 0; key != NULL && i < sizeof(outcomes) / sizeof(outcomes[0]);
	    i++)
		if (strcmp(outcomes[i].key, key) == 0)
			return outcomes[i].text;
	return NULL;
}

/* text with %s and %N$s (N from 1 to 9) replaced by the arguments; -1
 * when it names an argument that is not there or has another conversion */
static int
fill(const char *text, char *args[], int nargs, char *out, size_t sz)
{
	size_t n = 0, len;
	const char *a;
	int next = 0, i;

	for (; *text != '\0'; text++) {
		if (*text != '%') {
			if (n + 1 < sz)
				out[n++] = *text;
			continue;
		}
		if (text[1] == '%') {
			text++;
			if (n + 1 < sz)
				out[n++] = '%';
			continue;
		}
		if (text[1] >= '1' && text[1] <= '9' && text[2] == '$' &&
		    text[3] == 's') {
			i = text[1] - '1';
			text += 3;
		} else if (text[1] == 's') {
			i = next++;
			text++;
		} else
			return -1;
		if (i >= nargs)
			return -1;
		a = args[i];
		len = strlen(a);
		if (n + len >= sz)
			len = sz - n - 1;
		memcpy(out + n, a, len);
		n += len;
	}
	out[n] = '\0';
	return 0;
}

void
hb_outcome_render(const char *key, const char *args, const char *stored,
    char *out, size_t sz)
{
	const char *text = hb_outcome_text(key), *shown;
	char *copy, *arg[MAXARGS], *p;
	int n = 0;

	if (sz == 0)
		return;
	snprintf(out, sz, "%s", stored != NULL ? stored : "");
	/* no key, or no translation: the record itself */
	if (!translate || text == NULL || args == NULL || (shown = _(text)) == text ||
	    strcmp(shown, text) == 0)
		return;
	copy = xstrdup(args);
	for (p = copy; n < MAXARGS; n++) {
		arg[n] = p;
		if ((p = strchr(p, '\x1f')) == NULL) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (fill(shown, arg, n, out, sz) == -1)
		snprintf(out, sz, "%s", stored != NULL ? stored : "");
	free(copy);
}
