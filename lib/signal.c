/*
 * Signals: what a person should look at.  In a file of its own because
 * the planner and the escalations raise them too, and linking them should
 * not bring in the bank file readers (and libxml2) with the import.
 */
#include <stdint.h>

#include "hb.h"

int
hb_signal(struct hb_ctx *c, int64_t household, const char *kind,
    int64_t agreement, int64_t line, const char *details, struct hb_err *e)
{
	char at[32];

	hb_now_utc(at);
	return hb_exec(c->st, e, "INSERT INTO signal (household_id, kind, "
	    "agreement_id, line_id, details, at) VALUES (?, ?, ?, ?, ?, ?)",
	    "msmmss", household < 0 ? INT64_MIN : household, kind,
	    agreement < 0 ? INT64_MIN : agreement, line < 0 ? INT64_MIN : line,
	    details, at);
}
