/* t-outcome.c - a decision's outcome in the reader's language: the
 * record where there is no key, no translation or the arguments do not
 * fit; the translation filled in where there is */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"
#include "tap.h"

#define US "\x1f"

static const char *
render(const char *key, const char *args, const char *stored)
{
	static char out[256];

	hb_outcome_render(key, args, stored, out, sizeof(out));
	return out;
}

int
main(void)
{
	const char *dir = getenv("HB_LOCALEDIR");
	char small[12];

	ok(hb_outcome_text("pay") != NULL, "a known key has its text");
	ok(hb_outcome_text("%s%s%s%n") == NULL, "any other key has none");
	ok(strcmp(render(NULL, NULL, "the record"), "the record") == 0,
	    "no key (a decision made before keys): the record");
	ok(strcmp(render("pay", "Huur" US "€ 1,00" US "Woonstede", NULL),
	    "") == 0, "no record and no translation: empty");

	/* C: no translation, the record as it stands */
	setlocale(LC_ALL, "C");
	ok(strcmp(render("pay", "Huur" US "€ 1,00" US "Woonstede",
	    "Huur € 1,00 to Woonstede"), "Huur € 1,00 to Woonstede") == 0,
	    "English: the record");

	if (setlocale(LC_ALL, "nl_NL.UTF-8") == NULL || dir == NULL) {
		ok(1, "# SKIP no nl_NL.UTF-8 locale or HB_LOCALEDIR");
		return done_testing();
	}
	bindtextdomain(HB_TEXTDOMAIN, dir);
	bind_textdomain_codeset(HB_TEXTDOMAIN, "UTF-8");
	ok(strcmp(render("pay", "Huur" US "€ 1,00" US "Woonstede",
	    "Huur € 1,00 to Woonstede"), "Huur € 1,00 aan Woonstede") == 0,
	    "Dutch: the translation, filled in");
	ok(strcmp(render("claim-paid", "repayment" US "€ 500,00",
	    "no repayment: the claim of € 500,00 is paid"),
	    "niets ingehouden: de vordering van € 500,00 is betaald") == 0,
	    "a numbered argument (%%2$s) is the second");
	ok(strcmp(render("pay", "Huur" US "€ 1,00", "the record"),
	    "the record") == 0, "too few arguments: the record");
	ok(strcmp(render("nope", "a" US "b", "the record"), "the record") ==
	    0, "an unknown key from the store: the record");
	ok(strcmp(render("pay", "100%s" US "%n" US "%%", "r"),
	    "100%s %n aan %%") == 0, "arguments are text, never a format");
	hb_outcome_render("pay", "Huur" US "€ 1,00" US "Woonstede", "r",
	    small, sizeof(small));
	ok(strlen(small) == sizeof(small) - 1 &&
	    strncmp(small, "Huur € 1,00 aan Woonstede", strlen(small)) == 0,
	    "a short buffer is filled with the start, not overrun ('%s')",
	    small);
	hb_outcome_translate(0);
	ok(strcmp(render("pay", "Huur" US "€ 1,00" US "Woonstede",
	    "Huur € 1,00 to Woonstede"), "Huur € 1,00 to Woonstede") == 0,
	    "for machines: the record");
	return done_testing();
}
