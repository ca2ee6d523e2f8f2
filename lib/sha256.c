/*
 * sha256.c - SHA-256 after FIPS 180-4, so that fingerprints of data files
 * need no crypto library.  Byte order is handled explicitly, which makes
 * the code independent of the host's endianness.
 */
#include <string.h>

#include "hb.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void
block(struct hb_sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h, t1, t2, s0, s1;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (; i < 64; i++) {
		s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
		s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	f = c->h[5];
	g = c->h[6];
	h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		    ((a & b) ^ (a & cc) ^ (b & cc));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = cc;
		cc = b;
		b = a;
		a = t1 + t2;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
	c->h[5] += f;
	c->h[6] += g;
	c->h[7] += h;
}

#ifdef HAVE_SHA_NI
/*
 * The same compression with the x86 SHA extensions, four rounds at a
 * time, where the processor has them (bank files are hashed whole, and
 * every line once): the state is kept as ABEF and CDGH, as
 * sha256rnds2 wants it.
 */
__attribute__((target("sha,sse4.1")))
static void
block_ni(struct hb_sha256 *c, const unsigned char *p)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i s0, s1, t, abef, cdgh, msg, w[4];
	int i;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&c->h[0]),
	    0xb1);					/* CDAB */
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&c->h[4]),
	    0x1b);					/* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);			/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);		/* CDGH */
	abef = s0;
	cdgh = s1;
	for (i = 0; i < 16; i++) {
		if (i < 4)
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(p + 16 * i)), swap);
		else	/* w[t-16] + s0(w[t-15]) + w[t-7], then + s1(w[t-2]) */
			w[i % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(
			    _mm_sha256msg1_epu32(w[i % 4], w[(i + 1) % 4]),
			    _mm_alignr_epi8(w[(i + 3) % 4], w[(i + 2) % 4], 4)),
			    w[(i + 3) % 4]);
		msg = _mm_add_epi32(w[i % 4],
		    _mm_loadu_si128((const __m128i *)&K[4 * i]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(msg, 0x0e));
	}
	s0 = _mm_add_epi32(s0, abef);
	s1 = _mm_add_epi32(s1, cdgh);
	t = _mm_shuffle_epi32(s0, 0x1b);		/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);		/* DCHG */
	_mm_storeu_si128((__m128i *)&c->h[0], _mm_blend_epi16(t, s1, 0xf0));
	_mm_storeu_si128((__m128i *)&c->h[4], _mm_alignr_epi8(s1, t, 8));
}

static int
have_sha_ni(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return 0;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

static void (*compress)(struct hb_sha256 *, const unsigned char *);

int
hb_sha256_hardware(int use)
{
	compress = block;
#ifdef HAVE_SHA_NI
	if (use && have_sha_ni()) {
		compress = block_ni;
		return 1;
	}
#endif
	return 0;
}

void
hb_sha256_init(struct hb_sha256 *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	if (compress == NULL)
		hb_sha256_hardware(1);
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->fill = 0;
}

void
hb_sha256_update(struct hb_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t take;

	if (n == 0)	/* data may then be NULL, which memcpy must not see */
		return;
	c->len += n;
	if (c->fill > 0) {
		take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill < 64)
			return;
		compress(c, c->buf);
		c->fill = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		compress(c, p);
	if (n > 0)
		memcpy(c->buf, p, n);
	c->fill = n;
}

void
hb_sha256_final(struct hb_sha256 *c, unsigned char md[32])
{
	uint64_t bits = c->len * 8;
	int i;

	/* one 0x80 byte, zeros up to 56 mod 64, then the bit length */
	c->buf[c->fill++] = 0x80;
	if (c->fill > 56) {
		memset(c->buf + c->fill, 0, 64 - c->fill);
		compress(c, c->buf);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, 56 - c->fill);
	for (i = 0; i < 8; i++)
		c->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	compress(c, c->buf);
	for (i = 0; i < 32; i++)
		md[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
	memset(c, 0, sizeof(*c));
}

void
hb_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

void
hb_sha256_hex(const void *data, size_t n, char out[65])
{
	struct hb_sha256 c;
	unsigned char md[32];

	hb_sha256_init(&c);
	hb_sha256_update(&c, data, n);
	hb_sha256_final(&c, md);
	hb_hex(md, sizeof(md), out);
}

/* HMAC-SHA256 (RFC 2104): a key longer than a block is hashed first. */
void
hb_hmac_init(struct hb_hmac *m, const void *key, size_t keylen)
{
	unsigned char k[64], pad[64];
	size_t i;

	memset(k, 0, sizeof(k));
	if (keylen > sizeof(k)) {
		hb_sha256_init(&m->inner);
		hb_sha256_update(&m->inner, key, keylen);
		hb_sha256_final(&m->inner, k);
	} else if (keylen > 0)
		memcpy(k, key, keylen);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	hb_sha256_init(&m->inner);
	hb_sha256_update(&m->inner, pad, sizeof(pad));
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	hb_sha256_init(&m->outer);
	hb_sha256_update(&m->outer, pad, sizeof(pad));
}

void
hb_hmac_update(struct hb_hmac *m, const void *data, size_t n)
{
	hb_sha256_update(&m->inner, data, n);
}

void
hb_hmac_final(struct hb_hmac *m, unsigned char mac[32])
{
	unsigned char sum[32];

	hb_sha256_final(&m->inner, sum);
	hb_sha256_update(&m->outer, sum, sizeof(sum));
	hb_sha256_final(&m->outer, mac);
}
