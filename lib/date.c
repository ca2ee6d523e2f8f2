/*
 * date.c - civil dates as a plain int counting days since 1970-01-01, so
 * that date arithmetic is integer arithmetic and no time zone or DST rule
 * can shift a due date.  The conversions are Howard Hinnant's
 * days_from_civil and civil_from_days (proleptic Gregorian calendar).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hb.h"

/* floor division, for months and weekdays before the epoch */
static long long
fdiv(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int
hb_date_make(int y, int m, int d)
{
	long long yy, era, yoe, doy, doe;

	yy = (long long)y - (m <= 2);
	era = fdiv(yy, 400);
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? (long long)m - 3 : (long long)m + 9) + 2) / 5 +
	    d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int)(era * 146097 + doe - 719468);
}

void
hb_date_split(int day, int *y, int *m, int *d)
{
	long long z, era, doe, yoe, doy, mp, mm;

	z = (long long)day + 719468;
	era = fdiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int
hb_month_days(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
hb_date_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= hb_month_days(y, m);
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int
hb_date_parse(const char *s, int *day)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = digits(s, 4)) == -1 || (m = digits(s + 5, 2)) == -1 ||
	    (d = digits(s + 8, 2)) == -1)
		return -1;
	/* outside this range a date is a typo, not a payment */
	if (y < 1900 || y > 2199 || !hb_date_valid(y, m, d))
		return -1;
	*day = hb_date_make(y, m, d);
	return 0;
}

void
hb_date_format(int day, char buf[HB_DATE_LEN])
{
	int y, m, d;

	hb_date_split(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, HB_DATE_LEN, "%04d-%02d-%02d", y, m, d);
		return;
	}
	/* often called: by hand rather than by snprintf */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = buf[7] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int
hb_date_clamped(int y, int m, int dom)
{
	int last = hb_month_days(y, m);

	if (dom > last)
		dom = last;
	if (dom < 1)
		dom = 1;
	return hb_date_make(y, m, dom);
}

int
hb_date_add_months(int day, int n)
{
	long long t, ny;
	int y, m, d;

	hb_date_split(day, &y, &m, &d);
	t = (long long)y * 12 + (m - 1) + n;
	ny = fdiv(t, 12);
	return hb_date_clamped((int)ny, (int)(t - ny * 12) + 1, d);
}

int
hb_weekday(int day)
{
	/* day 0, 1970-01-01, was a Thursday */
	long long r = ((long long)day + 3) % 7;

	return (int)(r < 0 ? r + 7 : r) + 1;
}

int
hb_easter(int y)
{
	int a, b, c, d, e, f, g, h, i, k, l, m;

	a = y % 19;
	b = y / 100;
	c = y % 100;
	d = b / 4;
	e = b % 4;
	f = (b + 8) / 25;
	g = (b - f + 1) / 3;
	h = (19 * a + b - d - g + 15) % 30;
	i = c / 4;
	k = c % 4;
	l = (32 + 2 * e + 2 * i - h - k) % 7;
	m = (a + 11 * h + 22 * l) / 451;
	return hb_date_make(y, (h + l - 7 * m + 114) / 31,
	    (h + l - 7 * m + 114) % 31 + 1);
}

int
hb_is_holiday(int day)
{
	int y, m, d, easter;

	hb_date_split(day, &y, &m, &d);
	if ((m == 1 && d == 1) || (m == 5 && d == 1) ||
	    (m == 12 && (d == 25 || d == 26)))
		return 1;
	easter = hb_easter(y);
	return day == easter - 2 || day == easter + 1;
}

int
hb_is_bank_day(int day)
{
	return hb_weekday(day) <= 5 && !hb_is_holiday(day);
}

int
hb_bank_day_on_or_before(int day)
{
	while (!hb_is_bank_day(day))
		day--;
	return day;
}

int
hb_bank_day_on_or_after(int day)
{
	while (!hb_is_bank_day(day))
		day++;
	return day;
}

int
hb_bank_days_add(int day, int n)
{
	int step = n < 0 ? -1 : 1;

	while (n != 0) {
		day += step;
		if (hb_is_bank_day(day))
			n -= step;
	}
	return day;
}

int
hb_today(int *day, struct hb_err *err)
{
	const char *env;
	struct tm tm;
	time_t now;
	char *q;

	if ((env = getenv("HB_NOW")) != NULL) {
		if (hb_date_parse(env, day) == 0)
			return 0;
		q = hb_sanitize(env);
		hb_error(err, "invalid HB_NOW '%s': expected YYYY-MM-DD", q);
		free(q);
		return -1;
	}
	if ((now = time(NULL)) == (time_t)-1 ||
	    localtime_r(&now, &tm) == NULL) {
		hb_error(err, "cannot read the system clock");
		return -1;
	}
	*day = hb_date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}
