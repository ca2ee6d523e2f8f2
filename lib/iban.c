/*
 * iban.c - account numbers of the SEPA countries.  Only those: a payment
 * file for any other country cannot be executed, so its IBAN is refused
 * up front rather than at the bank.
 */
#include <stdlib.h>
#include <string.h>

#include "hb.h"

/* lengths from the SWIFT IBAN registry */
static const struct {
	char cc[3];
	int len;
} countries[] = {
	{ "AD", 24 }, { "AL", 28 }, { "AT", 20 }, { "BE", 16 },
	{ "BG", 22 }, { "CH", 21 }, { "CY", 28 }, { "CZ", 24 },
	{ "DE", 22 }, { "DK", 18 }, { "EE", 20 }, { "ES", 24 },
	{ "FI", 18 }, { "FR", 27 }, { "GB", 22 }, { "GI", 23 },
	{ "GR", 27 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 },
	{ "IS", 26 }, { "IT", 27 }, { "LI", 21 }, { "LT", 20 },
	{ "LU", 20 }, { "LV", 21 }, { "MC", 27 }, { "MD", 24 },
	{ "ME", 22 }, { "MK", 19 }, { "MT", 31 }, { "NL", 18 },
	{ "NO", 15 }, { "PL", 28 }, { "PT", 25 }, { "RO", 24 },
	{ "RS", 22 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 },
	{ "SM", 27 }, { "VA", 22 },
};

static int
bad(struct hb_err *err, const char *s, const char *why)
{
	char *q;

	q = hb_sanitize(s);
	hb_error(err, "invalid IBAN '%s': %s", q, why);
	free(q);
	return -1;
}

static int
isupper_(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
isdigit_(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * ISO 7064 mod 97-10 over the rearranged IBAN (BBAN, then country and
 * check digits), letters counting as 10-35.  Reducing after every digit
 * keeps the 30-odd digit number within an int.
 */
static int
mod97(const char *iban, size_t len)
{
	size_t i;
	char c;
	int r = 0;

	for (i = 0; i < len; i++) {
		c = iban[(i + 4) % len];
		if (isdigit_(c))
			r = (r * 10 + (c - '0')) % 97;
		else
			r = (r * 100 + (c - 'A' + 10)) % 97;
	}
	return r;
}

int
hb_iban_normalize(const char *in, char out[HB_IBAN_LEN], struct hb_err *err)
{
	char buf[HB_IBAN_LEN], c, msg[64];
	size_t i, n = 0, k;
	int want = 0;

	for (i = 0; in[i] != '\0'; i++) {
		c = in[i];
		if (c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!isupper_(c) && !isdigit_(c))
			return bad(err, in, "invalid character");
		/* keep counting past the buffer for the length message */
		if (n < sizeof(buf) - 1)
			buf[n] = c;
		n++;
	}
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';

	if (n == 0)
		return bad(err, in, "empty");
	if (n < 2 || !isupper_(buf[0]) || !isupper_(buf[1]))
		return bad(err, in, "unknown country");
	for (k = 0; k < sizeof(countries) / sizeof(countries[0]); k++)
		if (memcmp(buf, countries[k].cc, 2) == 0) {
			want = countries[k].len;
			break;
		}
	if (want == 0)
		return bad(err, in, "unknown country");
	if (n != (size_t)want) {
		snprintf(msg, sizeof(msg), "length %zu, expected %d for %.2s",
		    n, want, buf);
		return bad(err, in, msg);
	}
	if (!isdigit_(buf[2]) || !isdigit_(buf[3]))
		return bad(err, in, "invalid character");
	/* never issued, but they pass mod 97 where 97, 98 or 02 belongs */
	if (memcmp(buf + 2, "00", 2) == 0 || memcmp(buf + 2, "01", 2) == 0 ||
	    memcmp(buf + 2, "99", 2) == 0 || mod97(buf, n) != 1)
		return bad(err, in, "check digits do not match");
	memcpy(out, buf, n + 1);
	return 0;
}

static int
bad_account(struct hb_err *err, const char *s, const char *why)
{
	char *q;

	q = hb_sanitize(s);
	hb_error(err, "'%s' is not a Dutch account number: %s", q, why);
	free(q);
	return -1;
}

/*
 * A Dutch account number of a known bank as its IBAN.  Every Dutch bank
 * converted its accounts in 2014 the same way: the BBAN is the bank's
 * four-letter code and the number padded with zeros to ten digits, so
 * ABN AMRO's 123456789 is NL02ABNA0123456789.  ING's old Postbank numbers
 * ("P1234567", up to seven digits) are ING accounts.
 */
int
hb_iban_from_nl_account(const char *bank, const char *number,
    char out[HB_IBAN_LEN], struct hb_err *err)
{
	char buf[HB_IBAN_LEN];
	const char *num = number;
	size_t i, n;
	int r = 0;

	for (i = 0; i < 4; i++)
		if (!isupper_(bank[i]))
			break;
	if (i < 4 || bank[4] != '\0')
		return hb_error(err, "invalid bank code '%.8s': expected four "
		    "capital letters", bank);
	if (num[0] == 'P' && memcmp(bank, "INGB", 4) == 0)
		num++;
	n = strlen(num);
	if (n == 0 || strspn(num, "0123456789") != n)
		return bad_account(err, number, "expected digits only");
	if (n > (num != number ? 7u : 10u))
		return bad_account(err, number, num != number ? "a Postbank "
		    "number has at most 7 digits" : "more than 10 digits");
	if (strspn(num, "0") == n)
		return bad_account(err, number, "all zeros");
	memcpy(buf, "NL00", 4);
	memcpy(buf + 4, bank, 4);
	memset(buf + 8, '0', 10 - n);
	memcpy(buf + 18 - n, num, n);
	buf[18] = '\0';
	/* mod 97 of the BBAN followed by "NL00" as digits: 2321 00 */
	for (i = 4; i < 18; i++)
		r = isdigit_(buf[i]) ? (r * 10 + (buf[i] - '0')) % 97 :
		    (r * 100 + (buf[i] - 'A' + 10)) % 97;
	r = (r * 10000 + 2321) % 97;
	r = (r * 100) % 97;
	buf[2] = (char)('0' + (98 - r) / 10);
	buf[3] = (char)('0' + (98 - r) % 10);
	return hb_iban_normalize(buf, out, err);
}
