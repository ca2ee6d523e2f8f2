/*
 * money.c - amounts in whole cents as int64_t.  Parsing is strict on
 * purpose: a bank export read in the wrong style must fail loudly, not
 * turn a Dutch 1.234 (euro) into 1.23 by rounding.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

__extension__ typedef __int128 i128;

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static int
bad(struct hb_err *err, const char *s, const char *why)
{
	char *q;

	q = hb_sanitize(s);
	hb_error(err, "invalid amount '%s': %s", q, why);
	free(q);
	return -1;
}

/* append one digit to *mag, checked now so no later step can wrap */
static int
push(uint64_t *mag, int d, uint64_t lim)
{
	if (*mag > (lim - (uint64_t)d) / 10)
		return -1;
	*mag = *mag * 10 + (uint64_t)d;
	return 0;
}

int
hb_money_parse(const char *s, enum hb_decimal style, int64_t *out,
    struct hb_err *err)
{
	const char *p = s;
	char dec, sep;
	uint64_t mag = 0, lim;
	int neg = 0, group = 0, seps = 0, ndig = 0, nfrac = 0;

	dec = style == HB_DECIMAL_COMMA ? ',' : '.';
	sep = style == HB_DECIMAL_COMMA ? '.' : ',';

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return bad(err, s, "empty");
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	/* INT64_MIN has no positive twin, so a minus sign buys one cent */
	lim = (uint64_t)INT64_MAX + (neg ? 1 : 0);

	/*
	 * Whole euros.  Thousands separators are optional, but once used
	 * every group after the first must have exactly three digits.
	 */
	for (; isdig(*p) || *p == sep; p++) {
		if (*p == sep) {
			if (ndig == 0 || (seps > 0 && group != 3) ||
			    (seps == 0 && group > 3))
				return bad(err, s,
				    "misplaced thousands separator");
			seps++;
			group = 0;
			continue;
		}
		if (push(&mag, *p - '0', lim) == -1)
			return bad(err, s, "out of range");
		ndig++;
		group++;
	}
	if (ndig == 0)
		return bad(err, s, "not a number");
	if (seps > 0 && group != 3)
		return bad(err, s, "misplaced thousands separator");

	if (*p == dec) {
		for (p++; isdig(*p); p++, nfrac++)
			if (nfrac < 2 && push(&mag, *p - '0', lim) == -1)
				return bad(err, s, "out of range");
		if (nfrac == 0)
			return bad(err, s, "no digits after the decimal mark");
		if (nfrac > 2)
			return bad(err, s, "more than two decimals");
	}
	for (; nfrac < 2; nfrac++)
		if (push(&mag, 0, lim) == -1)
			return bad(err, s, "out of range");

	while (*p == ' ')
		p++;
	if (*p != '\0')
		return bad(err, s, "not a number");

	if (neg && mag > 0)
		*out = -(int64_t)(mag - 1) - 1;
	else
		*out = (int64_t)mag;
	return 0;
}

/* |v| without negating INT64_MIN */
static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
}

void
hb_money_format(int64_t v, char buf[HB_MONEY_LEN])
{
	uint64_t m = magnitude(v);

	snprintf(buf, HB_MONEY_LEN, "%s%" PRIu64 ".%02u", v < 0 ? "-" : "",
	    m / 100, (unsigned)(m % 100));
}

void
hb_money_format_nl(int64_t v, char buf[HB_MONEY_LEN])
{
	char digits[24], *o = buf;
	uint64_t m = magnitude(v);
	size_t n, i;

	/* worst case "€ -92.233.720.368.547.758,08" is 31 bytes */
	memcpy(o, "\xe2\x82\xac ", 4);
	o += 4;
	if (v < 0)
		*o++ = '-';
	n = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, m / 100);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = '.';
		*o++ = digits[i];
	}
	*o++ = ',';
	*o++ = (char)('0' + m % 100 / 10);
	*o++ = (char)('0' + m % 10);
	*o = '\0';
}

int
hb_add(int64_t a, int64_t b, int64_t *r)
{
	int64_t t;

	if (__builtin_add_overflow(a, b, &t))
		return -1;
	*r = t;
	return 0;
}

int
hb_sub(int64_t a, int64_t b, int64_t *r)
{
	int64_t t;

	if (__builtin_sub_overflow(a, b, &t))
		return -1;
	*r = t;
	return 0;
}

int
hb_mul(int64_t a, int64_t b, int64_t *r)
{
	int64_t t;

	if (__builtin_mul_overflow(a, b, &t))
		return -1;
	*r = t;
	return 0;
}

int
hb_muldiv(int64_t a, int64_t num, int64_t den, int64_t *r)
{
	i128 p, q;

	if (den == 0)
		return -1;
	/* |a * num| < 2^126, so neither the product nor the quotient wraps */
	p = (i128)a * num;
	q = p / den;
	if (p % den != 0 && (p < 0) != (den < 0))
		q--;
	if (q < INT64_MIN || q > INT64_MAX)
		return -1;
	*r = (int64_t)q;
	return 0;
}
