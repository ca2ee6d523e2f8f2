/* t-text.c - sanitising, UTF-8 checks, CSV formula guard, SEPA text */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"
#include "tap.h"

static const struct {
	const char *in, *out, *what;
	int valid;
} san[] = {
	{ "plain text", "plain text", "ASCII", 1 },
	{ "", "", "empty", 1 },
	{ "caf\xc3\xa9 \xe2\x82\xac 5", "caf\xc3\xa9 \xe2\x82\xac 5",
	    "two- and three-byte characters kept", 1 },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "four-byte emoji kept", 1 },
	{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "U+10FFFF kept", 1 },
	{ "\xc2\xa0nbsp", "\xc2\xa0nbsp", "U+00A0 is no control", 1 },
	{ "a\tb\nc\rd", "a b c d", "tab, newline, return become spaces", 1 },
	{ "\x01x\x1f\x7f", "?x??", "other C0 controls and DEL", 1 },
	{ "\033[2Jred", "?[2Jred", "terminal escape defused", 1 },
	{ "\xc2\x80\xc2\x9f", "??", "C1 controls, one '?' each", 1 },
	{ "\xc2\x85", "?", "NEL is a C1 control", 1 },
	{ "\x80", "?", "lone continuation byte", 0 },
	{ "\xff\xfe", "??", "bytes never in UTF-8", 0 },
	{ "\xc0\xaf", "??", "overlong 2-byte '/'", 0 },
	{ "\xc1\xbf", "??", "overlong 2-byte U+007F", 0 },
	{ "\xe0\x80\xaf", "???", "overlong 3-byte", 0 },
	{ "\xe0\x9f\xbf", "???", "overlong 3-byte U+07FF", 0 },
	{ "\xf0\x80\x80\xaf", "????", "overlong 4-byte", 0 },
	{ "\xf0\x8f\xbf\xbf", "????", "overlong 4-byte U+FFFF", 0 },
	{ "\xed\xa0\x80", "???", "surrogate U+D800", 0 },
	{ "\xed\xbf\xbf", "???", "surrogate U+DFFF", 0 },
	{ "\xed\x9f\xbf", "\xed\x9f\xbf", "U+D7FF kept", 1 },
	{ "\xf4\x90\x80\x80", "????", "U+110000", 0 },
	{ "\xf5\x80\x80\x80", "????", "lead byte F5", 0 },
	{ "\xe2\x82", "??", "truncated at the end", 0 },
	{ "a\xe2\x82z", "a??z", "truncated in the middle", 0 },
	{ "\xe2\x82\xe2\x82\xac", "??\xe2\x82\xac",
	    "truncated, then a whole euro sign", 0 },
	{ "\xc3", "?", "lone lead byte", 0 },
};

static void
test_sanitize(void)
{
	char *s;
	size_t i;

	for (i = 0; i < sizeof(san) / sizeof(san[0]); i++) {
		s = hb_sanitize(san[i].in);
		is_str(s, san[i].out, "sanitize: %s", san[i].what);
		free(s);
		is_int(hb_utf8_valid(san[i].in, strlen(san[i].in)),
		    san[i].valid, "utf8_valid: %s", san[i].what);
	}
	s = hb_sanitize(NULL);
	is_str(s, "", "sanitize(NULL) is an empty string");
	free(s);
	is_int(hb_utf8_valid("a\0b", 3), 1, "NUL is valid UTF-8");
	is_int(hb_utf8_valid("\xc3\xa9", 1), 0,
	    "a character cut by the length is invalid");
	is_int(hb_utf8_valid("\xc3\xa9", 2), 1, "... and whole it is valid");
	is_int(hb_utf8_valid(NULL, 0), 1, "nothing is valid UTF-8");
}

static void
test_csv(void)
{
	static const struct {
		const char *s;
		int want;
	} t[] = {
		{ "=SUM(A1:A9)", 1 }, { "+31 6 1234", 1 }, { "-5", 1 },
		{ "@cmd", 1 }, { "\tx", 1 }, { "\rx", 1 }, { "abc", 0 },
		{ "", 0 }, { " =x", 0 }, { "1-2", 0 }, { "'=x", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		is_int(hb_csv_needs_neutral(t[i].s), t[i].want,
		    "csv_needs_neutral(\"%s\")", t[i].s[0] == '\t' ? "\\t..." :
		    t[i].s[0] == '\r' ? "\\r..." : t[i].s);
	is_int(hb_csv_needs_neutral(NULL), 0, "csv_needs_neutral(NULL)");
}

static const struct {
	const char *in, *out;
} sepa[] = {
	{ "Caf\xc3\xa9 & Zoon", "Cafe + Zoon" },
	{ "\xc3\x86r\xc3\xb8", "AEro" },
	{ "Stra\xc3\x9f" "e", "Strasse" },
	{ "\xc4\xb2sselmeer \xc4\xb3s", "IJsselmeer ijs" },
	{ "\xc3\x87\xc3\xa0 \xc3\xb1 \xc3\xb6 \xc3\xbc \xc3\xab",
	    "Ca n o u e" },
	{ "\xc3\x89\xc3\x8b\xc3\x96\xc3\x9c\xc3\x91\xc3\x85\xc3\xa5",
	    "EEOUNAa" },
	{ "\xc5\x81\xc3\xb3" "d\xc5\xba", "Lodz" },
	{ "\xc5\xa0\xc5\xa5" "astn\xc3\xbd", "Stastny" },
	{ "\xc5\x92uvre", "OEuvre" },
	{ "\xc8\x98tef\xc4\x83nescu", "Stefanescu" },
	{ "Jan\xe2\x80\x99s", "Jan's" },
	{ "2024\xe2\x80\x93" "2025", "2024-2025" },
	{ "a_b", "a-b" },
	{ "a\tb\nc\x01" "d", "a b c d" },
	{ "nbsp\xc2\xa0here", "nbsp here" },
	{ "x@y.nl 50% #12 \"q\" [1] ;", "x.y.nl 50. .12 .q. .1. ." },
	{ "\xe2\x82\xac 5", ". 5" },
	{ "\xe4\xb8\xad", "." },
	{ "a\xff" "b\xe2\x82", "a?b??" },
	{ "/-?:().,'+ AZaz09", "/-?:().,'+ AZaz09" },
	{ "", "" },
};

static int
sepa_clean(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/-?:().,'+ ", *s)))
			return 0;
	return 1;
}

/* encode cp as UTF-8 into b, NUL-terminated */
static void
u8enc(uint32_t cp, char b[5])
{
	unsigned char *u = (unsigned char *)b;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		u[1] = 0;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		u[2] = 0;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		u[3] = 0;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		u[4] = 0;
	}
}

static void
test_sepa(void)
{
	char out[64], in[5];
	uint32_t cp;
	size_t i;
	int bad, multi;

	for (i = 0; i < sizeof(sepa) / sizeof(sepa[0]); i++) {
		hb_sepa_text(sepa[i].in, out, sizeof(out));
		is_str(out, sepa[i].out, "sepa_text -> '%s'", sepa[i].out);
	}

	hb_sepa_text("Caf\xc3\xa9 & Zoon", out, 5);
	is_str(out, "Cafe", "truncated to 4 bytes and a NUL");
	hb_sepa_text("Caf\xc3\xa9 & Zoon", out, 4);
	is_str(out, "Caf", "a character is never split");
	hb_sepa_text("Stra\xc3\x9f" "e", out, 6);
	is_str(out, "Stra", "a sharp s gives 'ss' whole or not at all");
	hb_sepa_text("Stra\xc3\x9f" "e", out, 7);
	is_str(out, "Strass", "... and whole when it fits");
	hb_sepa_text("abc", out, 1);
	is_str(out, "", "room for the NUL only");
	strcpy(out, "keep");
	hb_sepa_text("abc", out, 0);
	is_str(out, "keep", "no room at all: buffer untouched");
	hb_sepa_text(NULL, out, sizeof(out));
	is_str(out, "", "NULL is an empty string");

	/* whatever comes in, only the SEPA set comes out */
	bad = multi = 0;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		u8enc(cp, in);
		hb_sepa_text(in, out, sizeof(out));
		if (!sepa_clean(out) || out[0] == '\0')
			bad++;
		if (strlen(out) > 1)
			multi++;
	}
	is_int(bad, 0, "every code point maps into the SEPA set");
	is_int(multi, 10, "two bytes only for AE, TH, ss, IJ, OE, 'n");
}

int
main(void)
{
	test_sanitize();
	test_csv();
	test_sepa();
	return done_testing();
}
