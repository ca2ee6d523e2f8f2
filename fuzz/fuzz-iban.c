/*
 * fuzz-iban: IBAN normalisation and the conversion of old Dutch account
 * numbers.  What is accepted is a normalised IBAN that normalises to
 * itself; a refusal always says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void
check_iban(const char *out)
{
	char again[HB_IBAN_LEN];
	size_t i, n = strlen(out);

	check(n >= 15 && n < HB_IBAN_LEN, "an IBAN's length");
	for (i = 0; i < n; i++)
		check((out[i] >= 'A' && out[i] <= 'Z') ||
		    (out[i] >= '0' && out[i] <= '9'), "upper case and digits");
	check(hb_iban_normalize(out, again, NULL) == 0 &&
	    strcmp(out, again) == 0, "normalised twice, the same");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const banks[] = { "ABNA", "INGB", "RABO", "BNGH",
	    "x", "ABNAB" };
	char *s = xmalloc(size + 1), out[HB_IBAN_LEN];
	struct hb_err e;
	size_t i;

	memcpy(s, data, size);
	s[size] = '\0';
	e.msg[0] = '\0';
	if (hb_iban_normalize(s, out, &e) == 0)
		check_iban(out);
	else
		check(e.msg[0] != '\0' && memchr(e.msg, '\0', sizeof(e.msg)) !=
		    NULL, "a refusal says why");
	for (i = 0; i < sizeof(banks) / sizeof(banks[0]); i++) {
		e.msg[0] = '\0';
		if (hb_iban_from_nl_account(banks[i], s, out, &e) == 0) {
			check_iban(out);
			check(strncmp(out, "NL", 2) == 0 &&
			    memcmp(out + 4, banks[i], 4) == 0,
			    "a Dutch IBAN of that bank");
		} else
			check(e.msg[0] != '\0', "a refusal says why");
	}
	free(s);
	return 0;
}
