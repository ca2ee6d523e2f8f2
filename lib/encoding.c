/*
 * encoding.c - the character sets Dutch bank files come in.  Banks export
 * UTF-8 (with or without a byte order mark), Windows-1252 or ISO-8859-15;
 * everything inside hb is UTF-8, so text is converted once, on the way in.
 *
 * Detection is a guess that is almost never wrong for this kind of text:
 * Windows-1252 text with accented letters is very unlikely to be valid
 * UTF-8, because every accented letter would have to be followed by the
 * right number of bytes from 0x80-0xBF, which are mostly symbols.  ISO-8859-15
 * cannot be told from Windows-1252 by looking, so it is only used when a
 * bank profile says so.
 */
#include <stdint.h>
#include <string.h>

#include "hb.h"

#define BOM "\xef\xbb\xbf"

/*
 * Windows-1252 0x80-0x9F.  Zero marks the five bytes the code page leaves
 * undefined: they become U+FFFD rather than C1 controls, which no bank
 * means to send.
 */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* the eight places where ISO-8859-15 differs from ISO-8859-1 */
static uint32_t
latin9(unsigned char c)
{
	switch (c) {
	case 0xa4:
		return 0x20ac;	/* euro sign */
	case 0xa6:
		return 0x0160;
	case 0xa8:
		return 0x0161;
	case 0xb4:
		return 0x017d;
	case 0xb8:
		return 0x017e;
	case 0xbc:
		return 0x0152;
	case 0xbd:
		return 0x0153;
	case 0xbe:
		return 0x0178;
	default:
		return c;
	}
}

static size_t
put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | cp >> 12);
	o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* the length of the valid UTF-8 sequence at s, or 0 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t want;

	if (s[0] < 0x80)
		want = 1;
	else if (s[0] >= 0xc2 && s[0] < 0xe0)
		want = 2;
	else if (s[0] >= 0xe0 && s[0] < 0xf0)
		want = 3;
	else if (s[0] >= 0xf0 && s[0] < 0xf5)
		want = 4;
	else
		return 0;
	/* text.c knows overlong forms and surrogates; ask it */
	if (want > n || !hb_utf8_valid((const char *)s, want))
		return 0;
	return want;
}

enum hb_encoding
hb_detect_encoding(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, BOM, 3) == 0)
		return HB_ENC_UTF8;
	if (hb_utf8_valid(buf, len))
		return HB_ENC_UTF8;
	return HB_ENC_CP1252;
}

char *
hb_to_utf8(const char *buf, size_t len, enum hb_encoding enc)
{
	const unsigned char *p = (const unsigned char *)buf;
	uint32_t cp;
	size_t i, n, o = 0;
	char *out;

	/* no input byte takes more than the three bytes of U+FFFD or U+20AC */
	out = xreallocarray(NULL, len + 1, 3);
	if (enc == HB_ENC_UTF8) {
		i = len >= 3 && memcmp(buf, BOM, 3) == 0 ? 3 : 0;
		for (; i < len; i += n) {
			if ((n = utf8_len(p + i, len - i)) == 0) {
				/* a caller is promised UTF-8, whatever came in */
				o += put_utf8(out + o, 0xfffd);
				n = 1;
			} else {
				memcpy(out + o, p + i, n);
				o += n;
			}
		}
	} else {
		for (i = 0; i < len; i++) {
			if (p[i] < 0x80)
				cp = p[i];
			else if (enc == HB_ENC_CP1252 && p[i] < 0xa0)
				cp = cp1252_high[p[i] - 0x80] != 0 ?
				    cp1252_high[p[i] - 0x80] : 0xfffd;
			else if (enc == HB_ENC_LATIN9)
				cp = latin9(p[i]);
			else
				cp = p[i];	/* 0xA0-0xFF: as in ISO-8859-1 */
			o += put_utf8(out + o, cp);
		}
	}
	out[o] = '\0';
	return out;
}
