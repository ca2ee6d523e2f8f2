/*
 * fuzz-date: the strict YYYY-MM-DD parser.  What parses formats back to
 * the same text, and the bank-day arithmetic on it stays in range.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_schedule monthly = { HB_SCHED_MONTHLY, 31, 0, 0 };
	char *s = xmalloc(size + 1), out[HB_DATE_LEN];
	int day, y, m, d, w;

	memcpy(s, data, size);
	s[size] = '\0';
	if (hb_date_parse(s, &day) == 0) {
		hb_date_format(day, out);
		check(strcmp(out, s) == 0, "a date formats back as written");
		hb_date_split(day, &y, &m, &d);
		check(hb_date_valid(y, m, d) && hb_date_make(y, m, d) == day,
		    "split and made again, the same day");
		w = hb_weekday(day);
		check(w >= 1 && w <= 7, "a weekday");
		check(hb_is_bank_day(hb_bank_day_on_or_after(day)) &&
		    hb_bank_day_on_or_after(day) >= day, "the next bank day");
		check(hb_is_bank_day(hb_bank_day_on_or_before(day)) &&
		    hb_bank_day_on_or_before(day) <= day,
		    "the previous bank day");
		check(hb_date_add_months(day, 1) > day, "a month later");
		check(hb_schedule_next(&monthly, day) >= day,
		    "a monthly schedule's next day");
	}
	free(s);
	return 0;
}
