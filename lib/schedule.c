/*
 * schedule.c - when an agreement (rent, benefit, repayment) falls due.
 * The text form is what caseworkers type and what the data files keep,
 * so parsing is strict and formatting gives back the same text.
 */
#include <stdlib.h>
#include <string.h>

#include "hb.h"

static const char *const wdays[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static int
bad(struct hb_err *err, const char *s, const char *why)
{
	char *q;

	q = hb_sanitize(s);
	hb_error(err, "invalid schedule '%s': %s", q, why);
	free(q);
	return -1;
}

/* exactly two digits at s; -1 otherwise */
static int
twodig(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "N" or "NN", nothing else; -1 otherwise */
static int
num2(const char *s)
{
	size_t n = strlen(s);

	if (n == 1 && s[0] >= '0' && s[0] <= '9')
		return s[0] - '0';
	return n == 2 ? twodig(s) : -1;
}

int
hb_schedule_parse(const char *s, struct hb_schedule *out,
    struct hb_err *err)
{
	struct hb_schedule sc;
	const char *arg;
	int i;

	memset(&sc, 0, sizeof(sc));
	if (strncmp(s, "monthly:", 8) == 0) {
		sc.kind = HB_SCHED_MONTHLY;
		if ((sc.day = num2(s + 8)) < 1 || sc.day > 31)
			return bad(err, s, "day must be 1-31");
	} else if (strncmp(s, "weekly:", 7) == 0) {
		sc.kind = HB_SCHED_WEEKLY;
		for (i = 0; i < 7; i++)
			if (strcmp(s + 7, wdays[i]) == 0)
				sc.day = i + 1;
		if (sc.day == 0)
			return bad(err, s, "day must be mon, tue, wed, thu, "
			    "fri, sat or sun");
	} else if (strncmp(s, "4weekly:", 8) == 0) {
		sc.kind = HB_SCHED_FOURWEEKLY;
		if (hb_date_parse(s + 8, &sc.anchor) == -1)
			return bad(err, s,
			    "first due date must be a valid YYYY-MM-DD");
	} else if (strncmp(s, "yearly:", 7) == 0) {
		sc.kind = HB_SCHED_YEARLY;
		arg = s + 7;
		if (strlen(arg) != 5 || arg[2] != '-' ||
		    (sc.month = twodig(arg)) == -1 ||
		    (sc.day = twodig(arg + 3)) == -1)
			return bad(err, s, "expected yearly:MM-DD");
		/* 2000 is a leap year, so 02-29 passes and is clamped later */
		if (!hb_date_valid(2000, sc.month, sc.day))
			return bad(err, s, "no such day of the year");
	} else if (strncmp(s, "once:", 5) == 0) {
		sc.kind = HB_SCHED_ONCE;
		if (hb_date_parse(s + 5, &sc.anchor) == -1)
			return bad(err, s, "date must be a valid YYYY-MM-DD");
	} else
		return bad(err, s, "expected monthly:DAY, weekly:DAY, "
		    "4weekly:YYYY-MM-DD, yearly:MM-DD or once:YYYY-MM-DD");
	*out = sc;
	return 0;
}

void
hb_schedule_format(const struct hb_schedule *sc, char buf[HB_SCHED_LEN])
{
	char date[HB_DATE_LEN];

	switch (sc->kind) {
	case HB_SCHED_MONTHLY:
		snprintf(buf, HB_SCHED_LEN, "monthly:%d", sc->day);
		break;
	case HB_SCHED_WEEKLY:
		snprintf(buf, HB_SCHED_LEN, "weekly:%s",
		    sc->day >= 1 && sc->day <= 7 ? wdays[sc->day - 1] : "?");
		break;
	case HB_SCHED_FOURWEEKLY:
		hb_date_format(sc->anchor, date);
		snprintf(buf, HB_SCHED_LEN, "4weekly:%s", date);
		break;
	case HB_SCHED_YEARLY:
		snprintf(buf, HB_SCHED_LEN, "yearly:%02d-%02d", sc->month,
		    sc->day);
		break;
	case HB_SCHED_ONCE:
		hb_date_format(sc->anchor, date);
		snprintf(buf, HB_SCHED_LEN, "once:%s", date);
		break;
	default:
		snprintf(buf, HB_SCHED_LEN, "?");
		break;
	}
}

int
hb_schedule_next(const struct hb_schedule *sc, int day)
{
	int y, m, d, due, k;

	hb_date_split(day, &y, &m, &d);
	switch (sc->kind) {
	case HB_SCHED_MONTHLY:
		due = hb_date_clamped(y, m, sc->day);
		if (due < day)
			due = hb_date_clamped(m == 12 ? y + 1 : y,
			    m == 12 ? 1 : m + 1, sc->day);
		return due;
	case HB_SCHED_WEEKLY:
		return day + (sc->day - hb_weekday(day) + 7) % 7;
	case HB_SCHED_FOURWEEKLY:
		/* an agreement starts at its anchor; nothing is due before */
		if (day <= sc->anchor)
			return sc->anchor;
		k = (day - sc->anchor + 27) / 28;
		return sc->anchor + 28 * k;
	case HB_SCHED_YEARLY:
		due = hb_date_clamped(y, sc->month, sc->day);
		if (due < day)
			due = hb_date_clamped(y + 1, sc->month, sc->day);
		return due;
	case HB_SCHED_ONCE:
		return sc->anchor >= day ? sc->anchor : -1;
	default:
		return -1;
	}
}
