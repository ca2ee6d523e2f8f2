/*
 * t-sha256.c - FIPS 180-4 example vectors, plus the padding boundaries
 * (digests from Python's hashlib) and updates in awkward chunk sizes.
 */
#include <string.h>

#include "hb.h"
#include "tap.h"

static const char *
digest(const void *p, size_t n)
{
	static char hex[65];

	hb_sha256_hex(p, n, hex);
	return hex;
}

/* Both ways give the same digest for every length up to 300 bytes. */
static void
test_same(int hw)
{
	unsigned char data[300];
	char a[65], b[65];
	size_t n, bad = 0;

	for (n = 0; n < sizeof(data); n++)
		data[n] = (unsigned char)(n * 131 + 7);
	for (n = 0; n <= sizeof(data); n++) {
		hb_sha256_hardware(0);
		hb_sha256_hex(data, n, a);
		hb_sha256_hardware(hw);
		hb_sha256_hex(data, n, b);
		bad += strcmp(a, b) != 0;
	}
	ok(bad == 0, "portable and %s code agree on 0-300 bytes",
	    hw ? "SHA-instruction" : "portable");
}

static void
test_vectors(void)
{
	static const char m448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char m896[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	is_str(digest("", 0), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty message");
	is_str(digest("abc", 3), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "abc");
	is_str(digest(m448, strlen(m448)), "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "448-bit message");
	is_str(digest(m896, strlen(m896)), "cf5b16a778af8380036ce59e7b049237"
	    "0b249b11e8f07a51afac45037afee9d1", "896-bit message");
}

static void
test_boundaries(void)
{
	static const struct {
		size_t n;
		const char *hex;
	} t[] = {
		{ 55, "e7313d333c272e639f790978283f9eb3"
		    "92e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f85"
		    "23f929a9272e3af36fc968e52abc6c27" },
		{ 57, "35df609437dcfea3279283ab79fd554e"
		    "2bf78f8f7ae2de532d8ee300b09e8f73" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff1"
		    "6107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41b"
		    "ef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e"
		    "5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc"
		    "9f594b48453cd0dd5bf0b19279cc177e" },
		{ 120, "7836b787757e95e58b3ca5aec90b1b00"
		    "4e8deba1e50e9675af9cabf1a13a04b5" },
		{ 127, "a8d23e75d936f303d248888d9b165ee5"
		    "43f4cbafcad3c9dd2a79bd84faa11d07" },
		{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8"
		    "b3f9f8e652d2a72973c2b9ba11c08cf6" },
		{ 129, "307f8fc2c1622b92762e818d39a185d4"
		    "d667ad49a4b07ceae1f4afa008a93ec4" },
	};
	struct hb_sha256 c;
	unsigned char buf[129], md[32];
	char hex[65];
	size_t i, k;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		is_str(digest(buf, t[i].n), t[i].hex, "%zu bytes at once",
		    t[i].n);
		/* a byte at a time goes through the partial-block path */
		hb_sha256_init(&c);
		for (k = 0; k < t[i].n; k++)
			hb_sha256_update(&c, buf + k, 1);
		hb_sha256_final(&c, md);
		hb_hex(md, sizeof(md), hex);
		is_str(hex, t[i].hex, "%zu bytes one by one", t[i].n);
	}
}

static void
test_million(void)
{
	static const size_t chunks[] = { 1, 63, 64, 65, 7, 128, 0, 1000, 3 };
	static unsigned char a[1000];
	struct hb_sha256 c;
	unsigned char md[32];
	char hex[65];
	size_t left = 1000000, n, i;

	memset(a, 'a', sizeof(a));
	hb_sha256_init(&c);
	for (i = 0; left > 0; i++) {
		n = chunks[i % (sizeof(chunks) / sizeof(chunks[0]))];
		if (n > left)
			n = left;
		hb_sha256_update(&c, a, n);
		left -= n;
	}
	hb_sha256_update(&c, NULL, 0);
	hb_sha256_final(&c, md);
	hb_hex(md, sizeof(md), hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0",
	    "one million 'a' in uneven chunks");
}

static void
test_hex(void)
{
	static const unsigned char b[] = { 0x00, 0xff, 0x0a, 0xb7 };
	char out[9];

	hb_hex(b, sizeof(b), out);
	is_str(out, "00ff0ab7", "hex is lower case, two digits a byte");
	memset(out, 'x', sizeof(out));
	hb_hex(b, 0, out);
	is_str(out, "", "hex of nothing is the empty string");
}

/* RFC 4231: HMAC-SHA256 test cases 1-4, 6 and 7 (5 is truncated). */
static const char *
hmac_hex(const void *key, size_t klen, const void *data, size_t dlen,
    size_t chunk)
{
	static char hex[65];
	struct hb_hmac m;
	unsigned char mac[32];
	const unsigned char *p = data;
	size_t n;

	hb_hmac_init(&m, key, klen);
	while (dlen > 0) {
		n = dlen < chunk ? dlen : chunk;
		hb_hmac_update(&m, p, n);
		p += n;
		dlen -= n;
	}
	hb_hmac_final(&m, mac);
	hb_hex(mac, sizeof(mac), hex);
	return hex;
}

static void
test_hmac(void)
{
	unsigned char k20[20], k131[131], d50[50], k25[25];
	static const char big[] = "Test Using Larger Than Block-Size Key - "
	    "Hash Key First";
	static const char big2[] = "This is a test using a larger than "
	    "block-size key and a larger than block-size data. The key needs "
	    "to be hashed before being used by the HMAC algorithm.";
	size_t i;

	memset(k20, 0x0b, sizeof(k20));
	is_str(hmac_hex(k20, 20, "Hi There", 8, 64),
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    "RFC 4231 test case 1");
	is_str(hmac_hex("Jefe", 4, "what do ya want for nothing?", 28, 5),
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "RFC 4231 test case 2, fed 5 bytes at a time");
	memset(k20, 0xaa, sizeof(k20));
	memset(d50, 0xdd, sizeof(d50));
	is_str(hmac_hex(k20, 20, d50, 50, 64),
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    "RFC 4231 test case 3");
	for (i = 0; i < sizeof(k25); i++)
		k25[i] = (unsigned char)(i + 1);
	memset(d50, 0xcd, sizeof(d50));
	is_str(hmac_hex(k25, 25, d50, 50, 64),
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    "RFC 4231 test case 4");
	memset(k131, 0xaa, sizeof(k131));
	is_str(hmac_hex(k131, 131, big, strlen(big), 64),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "RFC 4231 test case 6: a key longer than a block");
	is_str(hmac_hex(k131, 131, big2, strlen(big2), 7),
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	    "RFC 4231 test case 7: key and data longer than a block");
}

int
main(void)
{
	int hw;

	/* the portable code, then the processor's instructions if any */
	hb_sha256_hardware(0);
	test_vectors();
	test_boundaries();
	test_million();
	test_hmac();
	if ((hw = hb_sha256_hardware(1))) {
		test_hmac();
		test_vectors();
		test_boundaries();
		test_million();
	} else
		printf("ok %d # SKIP no SHA instructions on this processor\n",
		    ++tap_run);
	test_same(hw);
	test_hex();
	return done_testing();
}
