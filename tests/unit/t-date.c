/*
 * t-date.c - calendar arithmetic and TARGET2 bank days.  The Easter and
 * holiday tables were checked against Python's datetime and
 * dateutil.easter, not derived from the code under test.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hb.h"
#include "tap.h"

static int
D(const char *s)
{
	int day;

	if (hb_date_parse(s, &day) == -1) {
		diag("bad date in test: %s", s);
		abort();
	}
	return day;
}

static const char *
F(int day)
{
	static char buf[4][HB_DATE_LEN];
	static int i;

	i = (i + 1) % 4;
	hb_date_format(day, buf[i]);
	return buf[i];
}

static void
test_conversions(void)
{
	int day, y, m, d, bad, first, last;
	char buf[HB_DATE_LEN];

	is_int(hb_date_make(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(hb_date_make(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(hb_date_make(2026, 1, 1), 20454, "2026-01-01 is day 20454");
	is_int(hb_date_make(1900, 1, 1), -25567, "1900-01-01 is day -25567");
	is_int(hb_date_make(2199, 12, 31), 84005, "2199-12-31 is day 84005");
	is_int(hb_date_make(2000, 3, 1) - hb_date_make(2000, 2, 28), 2,
	    "2000 has a 29 February");
	is_int(hb_date_make(2026, 2, 30), hb_date_make(2026, 3, 2),
	    "make does not validate: 30 February is 2 March");
	is_str(F(0), "1970-01-01", "format day 0");
	is_str(F(-1), "1969-12-31", "format day -1");

	/* every day of the supported range, both ways and in sequence */
	first = hb_date_make(1900, 1, 1);
	last = hb_date_make(2199, 12, 31);
	bad = 0;
	for (day = first; day <= last; day++) {
		hb_date_split(day, &y, &m, &d);
		hb_date_format(day, buf);
		if (!hb_date_valid(y, m, d) || hb_date_make(y, m, d) != day ||
		    hb_date_parse(buf, &d) != 0 || d != day)
			bad++;
		hb_date_split(day + 1, &y, &m, &d);
		if (d != 1 && hb_date_make(y, m, d - 1) != day)
			bad++;
	}
	is_int(bad, 0, "split, make, format and parse agree 1900-2199");
}

static void
test_parse(void)
{
	static const char *bad[] = {
		"", "2026", "2026-1-01", "2026-01-1", "2026/01/01",
		"26-01-01", "2026-02-29", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "2026-04-31", "1899-12-31",
		"2200-01-01", "2026-01-01 ", " 2026-01-01", "2026-01-0a",
		"+026-01-01", "2026-01-01x", "20260101", "2026-0101-",
	};
	size_t i;
	int day;

	ok(hb_date_parse("2024-02-29", &day) == 0 &&
	    day == hb_date_make(2024, 2, 29), "parse 2024-02-29");
	ok(hb_date_parse("1900-01-01", &day) == 0, "parse 1900-01-01");
	ok(hb_date_parse("2199-12-31", &day) == 0, "parse 2199-12-31");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 77;
		ok(hb_date_parse(bad[i], &day) == -1 && day == 77,
		    "reject '%s'", bad[i]);
	}
}

static void
test_months(void)
{
	static const int days2026[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int m, good;

	is_int(hb_month_days(1900, 2), 28, "1900 is not a leap year");
	is_int(hb_month_days(2000, 2), 29, "2000 is a leap year");
	is_int(hb_month_days(2024, 2), 29, "2024 is a leap year");
	is_int(hb_month_days(2026, 2), 28, "2026 is not a leap year");
	is_int(hb_month_days(2100, 2), 28, "2100 is not a leap year");
	good = 1;
	for (m = 1; m <= 12; m++)
		good &= hb_month_days(2026, m) == days2026[m - 1];
	ok(good, "month lengths of 2026");
	is_int(hb_month_days(2026, 0), 0, "month 0 has no days");
	is_int(hb_month_days(2026, 13), 0, "month 13 has no days");

	ok(hb_date_valid(2028, 2, 29), "2028-02-29 valid");
	ok(!hb_date_valid(2026, 2, 29), "2026-02-29 invalid");
	ok(!hb_date_valid(2100, 2, 29), "2100-02-29 invalid");
	ok(!hb_date_valid(2026, 4, 31), "2026-04-31 invalid");
	ok(hb_date_valid(2026, 12, 31), "2026-12-31 valid");
	ok(!hb_date_valid(2026, 0, 1), "month 0 invalid");
	ok(!hb_date_valid(2026, 13, 1), "month 13 invalid");
	ok(!hb_date_valid(2026, 1, 0), "day 0 invalid");

	is_str(F(hb_date_clamped(2026, 2, 31)), "2026-02-28",
	    "31 February 2026 clamps to the 28th");
	is_str(F(hb_date_clamped(2028, 2, 31)), "2028-02-29",
	    "31 February 2028 clamps to the 29th");
	is_str(F(hb_date_clamped(2026, 4, 31)), "2026-04-30",
	    "31 April clamps to the 30th");
	is_str(F(hb_date_clamped(2026, 1, 31)), "2026-01-31",
	    "31 January stays");
	is_str(F(hb_date_clamped(2026, 6, 15)), "2026-06-15",
	    "15 June stays");
	is_str(F(hb_date_clamped(2026, 3, 0)), "2026-03-01",
	    "day 0 clamps to the 1st");

	is_str(F(hb_date_add_months(D("2026-01-31"), 1)), "2026-02-28",
	    "31 Jan + 1 month = 28 Feb");
	is_str(F(hb_date_add_months(D("2028-01-31"), 1)), "2028-02-29",
	    "31 Jan 2028 + 1 month = 29 Feb");
	is_str(F(hb_date_add_months(D("2026-03-31"), -1)), "2026-02-28",
	    "31 Mar - 1 month = 28 Feb");
	is_str(F(hb_date_add_months(D("2026-01-31"), -2)), "2025-11-30",
	    "31 Jan - 2 months = 30 Nov of the year before");
	is_str(F(hb_date_add_months(D("2026-12-15"), 1)), "2027-01-15",
	    "into the next year");
	is_str(F(hb_date_add_months(D("2026-01-15"), -1)), "2025-12-15",
	    "into the previous year");
	is_str(F(hb_date_add_months(D("2026-01-15"), -13)), "2024-12-15",
	    "13 months back");
	is_str(F(hb_date_add_months(D("2026-01-15"), 24)), "2028-01-15",
	    "24 months on");
	is_str(F(hb_date_add_months(D("2024-02-29"), 12)), "2025-02-28",
	    "29 Feb + 12 months = 28 Feb");
	is_str(F(hb_date_add_months(D("2026-05-31"), 0)), "2026-05-31",
	    "0 months is the same day");
}

static void
test_weekday(void)
{
	is_int(hb_weekday(0), 4, "1970-01-01 was a Thursday");
	is_int(hb_weekday(-1), 3, "1969-12-31 was a Wednesday");
	is_int(hb_weekday(-4), 7, "1969-12-28 was a Sunday");
	is_int(hb_weekday(D("1900-01-01")), 1, "1900-01-01 was a Monday");
	is_int(hb_weekday(D("2000-01-01")), 6, "2000-01-01 was a Saturday");
	is_int(hb_weekday(D("2026-01-01")), 4, "2026-01-01 is a Thursday");
	is_int(hb_weekday(D("2026-11-29")), 7, "2026-11-29 is a Sunday");
	is_int(hb_weekday(D("2026-11-30")), 1, "2026-11-30 is a Monday");
}

static const struct {
	int year;
	const char *easter;
	const char *holidays[6];
} target2[] = {
	{ 2024, "2024-03-31", { "2024-01-01", "2024-03-29", "2024-04-01",
	    "2024-05-01", "2024-12-25", "2024-12-26" } },
	{ 2025, "2025-04-20", { "2025-01-01", "2025-04-18", "2025-04-21",
	    "2025-05-01", "2025-12-25", "2025-12-26" } },
	{ 2026, "2026-04-05", { "2026-01-01", "2026-04-03", "2026-04-06",
	    "2026-05-01", "2026-12-25", "2026-12-26" } },
	{ 2027, "2027-03-28", { "2027-01-01", "2027-03-26", "2027-03-29",
	    "2027-05-01", "2027-12-25", "2027-12-26" } },
	{ 2028, "2028-04-16", { "2028-01-01", "2028-04-14", "2028-04-17",
	    "2028-05-01", "2028-12-25", "2028-12-26" } },
	{ 2029, "2029-04-01", { "2029-01-01", "2029-03-30", "2029-04-02",
	    "2029-05-01", "2029-12-25", "2029-12-26" } },
	{ 2030, "2030-04-21", { "2030-01-01", "2030-04-19", "2030-04-22",
	    "2030-05-01", "2030-12-25", "2030-12-26" } },
};

static void
test_holidays(void)
{
	char list[6 * HB_DATE_LEN + 8], want[6 * HB_DATE_LEN + 8];
	size_t i, k;
	int day, n;

	is_str(F(hb_easter(1818)), "1818-03-22", "earliest Easter, 1818");
	is_str(F(hb_easter(2038)), "2038-04-25", "latest Easter, 2038");
	for (i = 0; i < sizeof(target2) / sizeof(target2[0]); i++) {
		is_str(F(hb_easter(target2[i].year)), target2[i].easter,
		    "Easter %d", target2[i].year);
		/* walk the whole year so no extra holiday slips in */
		list[0] = want[0] = '\0';
		n = 0;
		for (day = hb_date_make(target2[i].year, 1, 1);
		    day <= hb_date_make(target2[i].year, 12, 31); day++) {
			if (!hb_is_holiday(day))
				continue;
			if (n++ > 0)
				strcat(list, " ");
			if (n <= 6)
				strcat(list, F(day));
		}
		for (k = 0; k < 6; k++) {
			if (k > 0)
				strcat(want, " ");
			strcat(want, target2[i].holidays[k]);
		}
		is_str(list, want, "TARGET2 holidays %d", target2[i].year);
		is_int(n, 6, "six holidays in %d", target2[i].year);
	}
	ok(!hb_is_holiday(D("2026-04-05")), "Easter Sunday is no holiday");
	ok(!hb_is_holiday(D("2026-05-14")), "Ascension Day is no holiday");
	ok(!hb_is_holiday(D("2026-04-27")), "King's Day is no holiday");
	ok(!hb_is_holiday(D("2026-12-31")), "31 December is no holiday");
}

static void
test_bank_days(void)
{
	ok(hb_is_bank_day(D("2026-04-02")), "Thursday before Easter");
	ok(!hb_is_bank_day(D("2026-04-03")), "Good Friday");
	ok(!hb_is_bank_day(D("2026-04-04")), "Saturday");
	ok(!hb_is_bank_day(D("2026-04-05")), "Sunday");
	ok(!hb_is_bank_day(D("2026-04-06")), "Easter Monday");
	ok(hb_is_bank_day(D("2026-04-07")), "Tuesday after Easter");
	ok(hb_is_bank_day(D("2027-12-27")),
	    "Monday 27 Dec 2027 is a bank day (no substitute holiday)");

	is_str(F(hb_bank_day_on_or_before(D("2026-04-06"))), "2026-04-02",
	    "before Easter Monday: Thursday");
	is_str(F(hb_bank_day_on_or_after(D("2026-04-03"))), "2026-04-07",
	    "after Good Friday: Tuesday");
	is_str(F(hb_bank_day_on_or_before(D("2026-04-07"))), "2026-04-07",
	    "a bank day stays (before)");
	is_str(F(hb_bank_day_on_or_after(D("2026-04-07"))), "2026-04-07",
	    "a bank day stays (after)");
	is_str(F(hb_bank_day_on_or_after(D("2026-12-25"))), "2026-12-28",
	    "after Christmas 2026: Monday the 28th");
	is_str(F(hb_bank_day_on_or_before(D("2026-12-27"))), "2026-12-24",
	    "before Sunday 27 Dec 2026: the 24th");
	is_str(F(hb_bank_day_on_or_after(D("2027-12-25"))), "2027-12-27",
	    "after Christmas 2027: Monday the 27th");
	is_str(F(hb_bank_day_on_or_before(D("2027-01-01"))), "2026-12-31",
	    "before New Year 2027: 31 December");
	is_str(F(hb_bank_day_on_or_after(D("2028-01-01"))), "2028-01-03",
	    "after New Year 2028 (Saturday): Monday the 3rd");

	is_str(F(hb_bank_days_add(D("2026-04-02"), 1)), "2026-04-07",
	    "Thursday + 1 bank day over Easter");
	is_str(F(hb_bank_days_add(D("2026-04-07"), -1)), "2026-04-02",
	    "Tuesday - 1 bank day over Easter");
	is_str(F(hb_bank_days_add(D("2026-04-02"), 5)), "2026-04-13",
	    "Thursday + 5 bank days over Easter");
	is_str(F(hb_bank_days_add(D("2026-12-24"), 1)), "2026-12-28",
	    "24 Dec 2026 + 1 bank day");
	is_str(F(hb_bank_days_add(D("2026-12-31"), 1)), "2027-01-04",
	    "31 Dec 2026 + 1 bank day over New Year");
	is_str(F(hb_bank_days_add(D("2027-01-04"), -2)), "2026-12-30",
	    "4 Jan 2027 - 2 bank days");
	is_str(F(hb_bank_days_add(D("2026-03-07"), 1)), "2026-03-09",
	    "Saturday + 1 bank day = Monday");
	is_str(F(hb_bank_days_add(D("2026-03-07"), -1)), "2026-03-06",
	    "Saturday - 1 bank day = Friday");
	is_str(F(hb_bank_days_add(D("2026-03-07"), 0)), "2026-03-07",
	    "0 bank days leaves a Saturday alone");
	is_str(F(hb_bank_days_add(D("2026-03-02"), 10)), "2026-03-16",
	    "two working weeks");
}

static void
test_today(void)
{
	struct hb_err err;
	struct tm tm;
	time_t now;
	int day;

	setenv("HB_NOW", "2026-03-15", 1);
	ok(hb_today(&day, &err) == 0 && day == D("2026-03-15"),
	    "HB_NOW sets today");
	setenv("HB_NOW", "xx", 1);
	memset(&err, 0, sizeof(err));
	day = 5;
	ok(hb_today(&day, &err) == -1 && day == 5, "bad HB_NOW fails");
	is_str(err.msg, "invalid HB_NOW 'xx': expected YYYY-MM-DD",
	    "bad HB_NOW message");
	setenv("HB_NOW", "2026-02-30", 1);
	ok(hb_today(&day, &err) == -1, "HB_NOW 2026-02-30 fails");
	setenv("HB_NOW", "", 1);
	ok(hb_today(&day, &err) == -1, "empty HB_NOW fails");

	unsetenv("HB_NOW");
	now = time(NULL);
	localtime_r(&now, &tm);
	ok(hb_today(&day, &err) == 0, "today without HB_NOW");
	/* a run across midnight may see the next day */
	ok(day == hb_date_make(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday) || day == hb_date_make(tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday) + 1, "today is the local date (%s)",
	    F(day));
}

int
main(void)
{
	test_conversions();
	test_parse();
	test_months();
	test_weekday();
	test_holidays();
	test_bank_days();
	test_today();
	return done_testing();
}
