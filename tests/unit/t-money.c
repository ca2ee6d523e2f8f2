/* t-money.c - amounts: parsing in both styles, formatting, checked math */
#include <stdint.h>
#include <string.h>

#include "hb.h"
#include "tap.h"

static const struct {
	const char *in;
	enum hb_decimal style;
	int64_t want;
} good[] = {
	{ "0", HB_DECIMAL_COMMA, 0 },
	{ "0,01", HB_DECIMAL_COMMA, 1 },
	{ "-0,01", HB_DECIMAL_COMMA, -1 },
	{ "0.01", HB_DECIMAL_DOT, 1 },
	{ "-0.01", HB_DECIMAL_DOT, -1 },
	{ "-0,00", HB_DECIMAL_COMMA, 0 },
	{ "+0,00", HB_DECIMAL_COMMA, 0 },
	{ "1,5", HB_DECIMAL_COMMA, 150 },
	{ "1.5", HB_DECIMAL_DOT, 150 },
	{ "12", HB_DECIMAL_COMMA, 1200 },
	{ "+12,34", HB_DECIMAL_COMMA, 1234 },
	{ "1234,56", HB_DECIMAL_COMMA, 123456 },
	{ "1.234,56", HB_DECIMAL_COMMA, 123456 },
	{ "-1.234,56", HB_DECIMAL_COMMA, -123456 },
	{ "1.234", HB_DECIMAL_COMMA, 123400 },
	{ "1.234.567,89", HB_DECIMAL_COMMA, 123456789 },
	{ "1,234.56", HB_DECIMAL_DOT, 123456 },
	{ "1234.56", HB_DECIMAL_DOT, 123456 },
	{ "  42,00  ", HB_DECIMAL_COMMA, 4200 },
	{ "007,10", HB_DECIMAL_COMMA, 710 },
	{ "92233720368547758.07", HB_DECIMAL_DOT, INT64_MAX },
	{ "92,233,720,368,547,758.07", HB_DECIMAL_DOT, INT64_MAX },
	{ "-92233720368547758.07", HB_DECIMAL_DOT, -INT64_MAX },
	{ "-92233720368547758.08", HB_DECIMAL_DOT, INT64_MIN },
	{ "-92.233.720.368.547.758,08", HB_DECIMAL_COMMA, INT64_MIN },
};

static const struct {
	const char *in;
	enum hb_decimal style;
	const char *why;
} bad[] = {
	{ "", HB_DECIMAL_COMMA, "empty" },
	{ "   ", HB_DECIMAL_COMMA, "empty" },
	{ "-", HB_DECIMAL_COMMA, "not a number" },
	{ "+", HB_DECIMAL_DOT, "not a number" },
	{ "+-1", HB_DECIMAL_DOT, "not a number" },
	{ "abc", HB_DECIMAL_COMMA, "not a number" },
	{ "1e3", HB_DECIMAL_DOT, "not a number" },
	{ "1e3", HB_DECIMAL_COMMA, "not a number" },
	{ "12a", HB_DECIMAL_COMMA, "not a number" },
	{ "1 234,56", HB_DECIMAL_COMMA, "not a number" },
	{ "- 1", HB_DECIMAL_COMMA, "not a number" },
	{ ",50", HB_DECIMAL_COMMA, "not a number" },
	{ "1,", HB_DECIMAL_COMMA, "no digits after the decimal mark" },
	{ "1.", HB_DECIMAL_DOT, "no digits after the decimal mark" },
	{ "12,555", HB_DECIMAL_COMMA, "more than two decimals" },
	{ "1.234", HB_DECIMAL_DOT, "more than two decimals" },
	{ "1,234.56", HB_DECIMAL_COMMA, "more than two decimals" },
	{ "0,001", HB_DECIMAL_COMMA, "more than two decimals" },
	{ "12.34,5", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ "1.2345,00", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ "1234.567,00", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ ".123,00", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ "1..234", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ "1.234.", HB_DECIMAL_COMMA, "misplaced thousands separator" },
	{ "1,23,456.00", HB_DECIMAL_DOT, "misplaced thousands separator" },
	{ "92233720368547758.08", HB_DECIMAL_DOT, "out of range" },
	{ "-92233720368547758.09", HB_DECIMAL_DOT, "out of range" },
	{ "92233720368547759", HB_DECIMAL_DOT, "out of range" },
	{ "100000000000000000000", HB_DECIMAL_DOT, "out of range" },
	{ "99999999999999999999999999,99", HB_DECIMAL_COMMA, "out of range" },
};

static void
test_parse(void)
{
	struct hb_err err;
	char quoted[64];
	int64_t v;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 12345;
		if (ok(hb_money_parse(good[i].in, good[i].style, &v, &err) == 0,
		    "parse '%s' %s", good[i].in,
		    good[i].style == HB_DECIMAL_DOT ? "dot" : "comma"))
			is_int(v, good[i].want, "'%s' is %lld cents",
			    good[i].in, (long long)good[i].want);
		else
			diag("%s", err.msg);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 12345;
		memset(&err, 0, sizeof(err));
		ok(hb_money_parse(bad[i].in, bad[i].style, &v, &err) == -1 &&
		    v == 12345, "reject '%s' %s", bad[i].in,
		    bad[i].style == HB_DECIMAL_DOT ? "dot" : "comma");
		like(err.msg, bad[i].why, "'%s': says %s", bad[i].in,
		    bad[i].why);
		snprintf(quoted, sizeof(quoted), "'%s'", bad[i].in);
		like(err.msg, quoted, "'%s': message names the text",
		    bad[i].in);
	}
	hb_money_parse("1e3", HB_DECIMAL_DOT, &v, &err);
	is_str(err.msg, "invalid amount '1e3': not a number",
	    "exact message for 1e3");
	hb_money_parse("a\033[2Jb", HB_DECIMAL_DOT, &v, &err);
	ok(strchr(err.msg, '\033') == NULL, "escape not echoed in message");
}

static void
test_format(void)
{
	static const struct {
		int64_t v;
		const char *plain, *nl;
	} t[] = {
		{ 0, "0.00", "\xe2\x82\xac 0,00" },
		{ 1, "0.01", "\xe2\x82\xac 0,01" },
		{ -1, "-0.01", "\xe2\x82\xac -0,01" },
		{ 150, "1.50", "\xe2\x82\xac 1,50" },
		{ 99999, "999.99", "\xe2\x82\xac 999,99" },
		{ 100000, "1000.00", "\xe2\x82\xac 1.000,00" },
		{ 123456, "1234.56", "\xe2\x82\xac 1.234,56" },
		{ -123456, "-1234.56", "\xe2\x82\xac -1.234,56" },
		{ 123456789, "1234567.89", "\xe2\x82\xac 1.234.567,89" },
		{ INT64_MAX, "92233720368547758.07",
		    "\xe2\x82\xac 92.233.720.368.547.758,07" },
		{ INT64_MIN, "-92233720368547758.08",
		    "\xe2\x82\xac -92.233.720.368.547.758,08" },
	};
	char buf[HB_MONEY_LEN];
	struct hb_err err;
	int64_t back;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hb_money_format(t[i].v, buf);
		is_str(buf, t[i].plain, "format %lld", (long long)t[i].v);
		ok(hb_money_parse(buf, HB_DECIMAL_DOT, &back, &err) == 0 &&
		    back == t[i].v, "'%s' parses back", buf);
		hb_money_format_nl(t[i].v, buf);
		is_str(buf, t[i].nl, "format_nl %lld", (long long)t[i].v);
	}
}

static void
test_arith(void)
{
	int64_t r;

	r = 7;
	ok(hb_add(2, 3, &r) == 0 && r == 5, "add");
	ok(hb_add(INT64_MAX - 1, 1, &r) == 0 && r == INT64_MAX,
	    "add up to INT64_MAX");
	r = 7;
	ok(hb_add(INT64_MAX, 1, &r) == -1 && r == 7,
	    "add overflow, result untouched");
	ok(hb_add(INT64_MIN, -1, &r) == -1 && r == 7, "add underflow");
	ok(hb_sub(2, 3, &r) == 0 && r == -1, "sub");
	ok(hb_sub(INT64_MIN, 1, &r) == -1 && r == -1, "sub underflow");
	ok(hb_sub(0, INT64_MIN, &r) == -1, "sub 0 - INT64_MIN overflows");
	ok(hb_sub(-1, INT64_MAX, &r) == 0 && r == INT64_MIN,
	    "sub down to INT64_MIN");
	ok(hb_mul(-4, 25, &r) == 0 && r == -100, "mul");
	ok(hb_mul(INT64_MAX / 2 + 1, 2, &r) == -1 && r == -100,
	    "mul overflow");
	ok(hb_mul(INT64_MIN, -1, &r) == -1, "mul INT64_MIN * -1 overflows");

	ok(hb_muldiv(100, 1, 3, &r) == 0 && r == 33, "muldiv 100/3");
	ok(hb_muldiv(-100, 1, 3, &r) == 0 && r == -34,
	    "muldiv -100/3 floors to -34");
	ok(hb_muldiv(100, -1, 3, &r) == 0 && r == -34,
	    "muldiv negative num floors");
	ok(hb_muldiv(100, 1, -3, &r) == 0 && r == -34,
	    "muldiv negative den floors");
	ok(hb_muldiv(-100, 1, -3, &r) == 0 && r == 33,
	    "muldiv both negative");
	ok(hb_muldiv(-99, 1, 3, &r) == 0 && r == -33, "muldiv exact");
	ok(hb_muldiv(INT64_MAX, INT64_MAX, INT64_MAX, &r) == 0 &&
	    r == INT64_MAX, "muldiv intermediate beyond 64 bits");
	ok(hb_muldiv(INT64_MIN, INT64_MIN, INT64_MIN, &r) == 0 &&
	    r == INT64_MIN, "muldiv INT64_MIN^2 / INT64_MIN");
	ok(hb_muldiv(123456, 21, 100, &r) == 0 && r == 25925,
	    "muldiv 21%% of 1234.56");
	r = 5;
	ok(hb_muldiv(1, 1, 0, &r) == -1 && r == 5, "muldiv by zero");
	ok(hb_muldiv(INT64_MAX, 2, 1, &r) == -1 && r == 5,
	    "muldiv result too large");
	ok(hb_muldiv(INT64_MIN, -1, 1, &r) == -1, "muldiv -INT64_MIN");
	ok(hb_muldiv(INT64_MIN, 1, -1, &r) == -1, "muldiv INT64_MIN / -1");
}

int
main(void)
{
	test_parse();
	test_format();
	test_arith();
	return done_testing();
}
