/*
 * t-iban.c - IBAN normalisation.  The valid examples are the SWIFT
 * registry's, checked with an independent mod-97 in Python.
 */
#include <string.h>

#include "hb.h"
#include "tap.h"

static const char *const valid[] = {
	"NL91ABNA0417164300", "BE68539007547034", "DE89370400440532013000",
	"FR1420041010050500013M02606", "GB29NWBK60161331926819",
	"LU280019400644750000", "ES9121000418450200051332",
	"IT60X0542811101000000123456", "AT611904300234573201",
	"CH9300762011623852957", "IE29AIBK93115212345678",
	"PT50000201231234567890154", "FI2112345600000785",
	"DK5000400440116243", "SE4550000000058398257466", "NO9386011117947",
	"PL61109010140000071219812874", "MT84MALT011000012345MTLCAST001S",
	"GI75NWBK000000007099453", "IS140159260076545510730339",
	"HU42117730161111101800000000", "CY17002001280000001200527600",
	"SI56263300012039086", "MK07250120000058984",
	"AL47212110090000000235698741",
	/* check digits 97, 98 and 02: the edges of the range */
	"NL97ABNA0000000075", "NL98ABNA0000000057", "NL02ABNA0000000039",
};

static const struct {
	const char *in, *msg;
} invalid[] = {
	{ "NL91ABNA0417164301",
	    "invalid IBAN 'NL91ABNA0417164301': check digits do not match" },
	{ "NL19ABNA0417164300",
	    "invalid IBAN 'NL19ABNA0417164300': check digits do not match" },
	{ "NL91ABNA041716430",
	    "invalid IBAN 'NL91ABNA041716430': length 17, expected 18 for NL" },
	{ "NL91ABNA04171643000",
	    "invalid IBAN 'NL91ABNA04171643000': length 19, expected 18 "
	    "for NL" },
	{ "be68 5390 0754 70",
	    "invalid IBAN 'be68 5390 0754 70': length 14, expected 16 for BE" },
	{ "XX91ABNA0417164300",
	    "invalid IBAN 'XX91ABNA0417164300': unknown country" },
	{ "US12345678901234",
	    "invalid IBAN 'US12345678901234': unknown country" },
	{ "TR330006100519786457841326",
	    "invalid IBAN 'TR330006100519786457841326': unknown country" },
	{ "1291ABNA0417164300",
	    "invalid IBAN '1291ABNA0417164300': unknown country" },
	{ "N", "invalid IBAN 'N': unknown country" },
	{ "", "invalid IBAN '': empty" },
	{ "   ", "invalid IBAN '   ': empty" },
	{ "NL91-ABNA-0417-1643-00",
	    "invalid IBAN 'NL91-ABNA-0417-1643-00': invalid character" },
	{ "NL91ABNA0417164300\n",
	    "invalid IBAN 'NL91ABNA0417164300 ': invalid character" },
	{ "NL91ABNA04171643\xc3\xa9",
	    "invalid IBAN 'NL91ABNA04171643\xc3\xa9': invalid character" },
	{ "NLAAABNA0417164300",
	    "invalid IBAN 'NLAAABNA0417164300': invalid character" },
	/* pass mod 97 in place of 97, 98 and 02, but are never issued */
	{ "NL00ABNA0000000075",
	    "invalid IBAN 'NL00ABNA0000000075': check digits do not match" },
	{ "NL01ABNA0000000057",
	    "invalid IBAN 'NL01ABNA0000000057': check digits do not match" },
	{ "NL99ABNA0000000039",
	    "invalid IBAN 'NL99ABNA0000000039': check digits do not match" },
	{ "NL91ABNA0417164300NL91ABNA0417164300",
	    "invalid IBAN 'NL91ABNA0417164300NL91ABNA0417164300': length 36, "
	    "expected 18 for NL" },
};

/* expected IBANs computed with Python's int(..., 36) mod 97 */
static const struct {
	const char *bank, *number, *iban;
} nl_accounts[] = {
	{ "ABNA", "123456789", "NL02ABNA0123456789" },
	{ "ABNA", "417164300", "NL91ABNA0417164300" },
	{ "ABNA", "1", "NL58ABNA0000000001" },
	{ "BNGH", "0285053876", "NL21BNGH0285053876" },
	{ "RABO", "313131314", "NL63RABO0313131314" },
	{ "TRIO", "197543210", "NL24TRIO0197543210" },
	{ "ASNB", "708090100", "NL11ASNB0708090100" },
	{ "INGB", "1234567", "NL20INGB0001234567" },
	/* an old Postbank number */
	{ "INGB", "P12345", "NL32INGB0000012345" },
	{ "INGB", "P1234567", "NL20INGB0001234567" },
};

static const struct {
	const char *bank, *number, *msg;
} nl_bad[] = {
	{ "ABNA", "", "'' is not a Dutch account number: expected digits "
	    "only" },
	{ "ABNA", "12345678901", "'12345678901' is not a Dutch account "
	    "number: more than 10 digits" },
	{ "ABNA", "0000000000", "'0000000000' is not a Dutch account "
	    "number: all zeros" },
	{ "ABNA", "12 3456", "'12 3456' is not a Dutch account number: "
	    "expected digits only" },
	{ "ABNA", "-123456789", "'-123456789' is not a Dutch account "
	    "number: expected digits only" },
	{ "ABNA", "P1234567", "'P1234567' is not a Dutch account number: "
	    "expected digits only" },
	{ "INGB", "P12345678", "'P12345678' is not a Dutch account number: "
	    "a Postbank number has at most 7 digits" },
	{ "abna", "123456789", "invalid bank code 'abna': expected four "
	    "capital letters" },
	{ "ABN", "123456789", "invalid bank code 'ABN': expected four "
	    "capital letters" },
	{ "ABNAB", "123456789", "invalid bank code 'ABNAB': expected four "
	    "capital letters" },
};

static void
t_nl_account(void)
{
	char out[HB_IBAN_LEN];
	struct hb_err err;
	size_t i;

	for (i = 0; i < sizeof(nl_accounts) / sizeof(nl_accounts[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (!ok(hb_iban_from_nl_account(nl_accounts[i].bank,
		    nl_accounts[i].number, out, &err) == 0, "%s %s converts",
		    nl_accounts[i].bank, nl_accounts[i].number))
			diag("%s", err.msg);
		else
			is_str(out, nl_accounts[i].iban, "%s %s is %s",
			    nl_accounts[i].bank, nl_accounts[i].number,
			    nl_accounts[i].iban);
	}
	for (i = 0; i < sizeof(nl_bad) / sizeof(nl_bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		strcpy(out, "untouched");
		ok(hb_iban_from_nl_account(nl_bad[i].bank, nl_bad[i].number,
		    out, &err) == -1 && strcmp(out, "untouched") == 0,
		    "refuse %s '%s'", nl_bad[i].bank, nl_bad[i].number);
		is_str(err.msg, nl_bad[i].msg, "message for %s '%s'",
		    nl_bad[i].bank, nl_bad[i].number);
	}
	ok(hb_iban_from_nl_account("ABNA", "123456789", out, NULL) == 0,
	    "no error struct needed");
}

int
main(void)
{
	char out[HB_IBAN_LEN];
	struct hb_err err;
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (!ok(hb_iban_normalize(valid[i], out, &err) == 0,
		    "valid %s", valid[i]))
			diag("%s", err.msg);
		else
			is_str(out, valid[i], "%s unchanged", valid[i]);
	}
	ok(hb_iban_normalize("nl91 abna 0417 1643 00", out, &err) == 0,
	    "lower case with spaces is accepted");
	is_str(out, "NL91ABNA0417164300", "... and normalised");
	ok(hb_iban_normalize("\tNL91\tABNA 0417  164300 ", out, &err) == 0,
	    "tabs and runs of spaces are accepted");
	is_str(out, "NL91ABNA0417164300", "... and normalised");
	ok(hb_iban_normalize("Mt84 malt 0110 0001 2345 mtlc ast0 01s", out,
	    &err) == 0, "31 characters, mixed case");
	is_str(out, "MT84MALT011000012345MTLCAST001S", "... normalised");

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		memset(&err, 0, sizeof(err));
		strcpy(out, "untouched");
		ok(hb_iban_normalize(invalid[i].in, out, &err) == -1 &&
		    strcmp(out, "untouched") == 0, "reject '%s'",
		    invalid[i].in);
		is_str(err.msg, invalid[i].msg, "message for '%s'",
		    invalid[i].in);
	}
	t_nl_account();
	return done_testing();
}
