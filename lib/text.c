/*
 * text.c - untrusted text: names, descriptions and references that come
 * from bank exports and caseworkers' input and end up on a terminal, in
 * a CSV file or in a SEPA payment file.
 */
#include <stdint.h>
#include <string.h>

#include "hb.h"

/*
 * Decode one UTF-8 sequence at s (n bytes available).  Returns its length,
 * or 0 when the sequence is not well-formed: a stray continuation byte, an
 * overlong form, a surrogate, a value past U+10FFFF or a sequence cut short.
 * Callers then treat only the first byte as bad, so that the bytes after a
 * truncated sequence get their own chance.
 */
static size_t
u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t v, min;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2)	/* continuation, or overlong two-byte lead */
		return 0;
	if (s[0] < 0xe0) {
		len = 2;
		v = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] < 0xf0) {
		len = 3;
		v = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] < 0xf5) {
		len = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

int
hb_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		if (p[i] < 0x80) {		/* most text is ASCII */
			n = 1;
			continue;
		}
		if ((n = u8_decode(p + i, len - i, &cp)) == 0)
			return 0;
	}
	return 1;
}

/*
 * The controls that reorder text on screen (LRE..RLO, LRI..PDI, the marks):
 * a name with U+202E would show a different IBAN or amount than it holds.
 */
static int
is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
hb_sanitize(const char *s)
{
	const unsigned char *p;
	uint32_t cp;
	size_t len, i, n, o;
	char *out;

	if (s == NULL)
		s = "";
	p = (const unsigned char *)s;
	len = strlen(s);
	/* every input byte yields at most one output byte */
	out = xmalloc(len + 1);
	for (i = o = 0; i < len; i += n) {
		if ((n = u8_decode(p + i, len - i, &cp)) == 0) {
			out[o++] = '?';
			n = 1;
		} else if (cp == '\t' || cp == '\n' || cp == '\r')
			out[o++] = ' ';
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    is_bidi_control(cp))
			out[o++] = '?';
		else {
			memcpy(out + o, p + i, n);
			o += n;
		}
	}
	out[o] = '\0';
	return out;
}

int
hb_csv_needs_neutral(const char *s)
{
	if (s == NULL)
		return 0;
	switch (s[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return 1;
	default:
		return 0;
	}
}

/*
 * Latin-1 Supplement letters and Latin Extended-A, U+00C0 to U+017F.
 * NULL marks a symbol (the multiplication and division signs).
 */
static const char *const latin[] = {
	/* U+00C0 */ "A", "A", "A", "A", "A", "A", "AE", "C",
	/* U+00C8 */ "E", "E", "E", "E", "I", "I", "I", "I",
	/* U+00D0 */ "D", "N", "O", "O", "O", "O", "O", NULL,
	/* U+00D8 */ "O", "U", "U", "U", "U", "Y", "TH", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "A", "a", "A", "a", "A", "a", "C", "c",
	/* U+0108 */ "C", "c", "C", "c", "C", "c", "D", "d",
	/* U+0110 */ "D", "d", "E", "e", "E", "e", "E", "e",
	/* U+0118 */ "E", "e", "E", "e", "G", "g", "G", "g",
	/* U+0120 */ "G", "g", "G", "g", "H", "h", "H", "h",
	/* U+0128 */ "I", "i", "I", "i", "I", "i", "I", "i",
	/* U+0130 */ "I", "i", "IJ", "ij", "J", "j", "K", "k",
	/* U+0138 */ "k", "L", "l", "L", "l", "L", "l", "L",
	/* U+0140 */ "l", "L", "l", "N", "n", "N", "n", "N",
	/* U+0148 */ "n", "'n", "N", "n", "O", "o", "O", "o",
	/* U+0150 */ "O", "o", "OE", "oe", "R", "r", "R", "r",
	/* U+0158 */ "R", "r", "S", "s", "S", "s", "S", "s",
	/* U+0160 */ "S", "s", "T", "t", "T", "t", "T", "t",
	/* U+0168 */ "U", "u", "U", "u", "U", "u", "U", "u",
	/* U+0170 */ "U", "u", "U", "u", "W", "w", "Y", "y",
	/* U+0178 */ "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};
_Static_assert(sizeof(latin) / sizeof(latin[0]) == 0x180 - 0xc0,
    "latin[] covers U+00C0 to U+017F");

/* a few more that Romanian names and word processors bring along */
static const struct {
	uint32_t cp;
	const char *s;
} extra[] = {
	{ 0x0218, "S" }, { 0x0219, "s" }, { 0x021a, "T" }, { 0x021b, "t" },
	{ 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" },
	{ 0x2014, "-" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201a, "'" },
};

static int
is_space(uint32_t cp)
{
	return cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

static const char *
sepa_map(uint32_t cp, char ascii[2])
{
	size_t i;

	if (cp < 0x20 || cp == 0x7f)
		return " ";
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || strchr("/-?:().,'+ ",
		    (int)cp) != NULL) {
			ascii[0] = (char)cp;
			ascii[1] = '\0';
			return ascii;
		}
		if (cp == '&')
			return "+";
		if (cp == '_')
			return "-";
		return ".";
	}
	if (cp <= 0x9f || is_space(cp))
		return " ";
	if (cp >= 0xc0 && cp <= 0x17f)
		return latin[cp - 0xc0] != NULL ? latin[cp - 0xc0] : ".";
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (extra[i].cp == cp)
			return extra[i].s;
	return ".";
}

void
hb_sepa_text(const char *in, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)in;
	const char *rep;
	char ascii[2];
	uint32_t cp;
	size_t len, i, n, o, rlen;

	if (outsz == 0)
		return;
	len = in != NULL ? strlen(in) : 0;
	for (i = o = 0; i < len; i += n) {
		if ((n = u8_decode(p + i, len - i, &cp)) == 0) {
			rep = "?";
			n = 1;
		} else
			rep = sepa_map(cp, ascii);
		/* an "ss" for a sharp s comes whole or not at all */
		rlen = strlen(rep);
		if (rlen > outsz - 1 - o)
			break;
		memcpy(out + o, rep, rlen);
		o += rlen;
	}
	out[o] = '\0';
}
