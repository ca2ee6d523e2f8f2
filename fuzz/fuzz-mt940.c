/*
 * fuzz-mt940.c - libFuzzer target: any bytes through hb_mt940_read, with
 * callbacks that abort() when what the reader hands on breaks a promise
 * of hb.h: callbacks out of turn, impossible dates, strings that are not
 * terminated, not UTF-8 or carry control characters, IBANs that do not
 * check, an error without a message.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -include config.h \
 *	    -Ilib fuzz/fuzz-mt940.c lib/mt940.c lib/error.c lib/xmalloc.c \
 *	    lib/money.c lib/date.c lib/iban.c lib/text.c lib/encoding.c \
 *	    -o fuzz-mt940
 *	./fuzz-mt940 -max_total_time=120 corpus-copy/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct state {
	int	in_stmt;
	int	nstmts;
	long	nlines;
	long	last_line;
	long	fail_at;	/* a callback says no at this line, or 0 */
};

static void
check_text(const char *s)
{
	size_t n, i;

	n = strlen(s);		/* ASan catches a missing NUL */
	if (!hb_utf8_valid(s, n))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

static void
check_date(int day)
{
	int y, m, d;

	hb_date_split(day, &y, &m, &d);
	/* YYMMDD can only mean 1980-2079 */
	if (y < 1979 || y > 2080 || !hb_date_valid(y, m, d))
		abort();
}

static void
check_iban(const char *s, int empty_ok)
{
	char out[HB_IBAN_LEN];

	if (memchr(s, '\0', HB_IBAN_LEN) == NULL)
		abort();
	if (*s == '\0') {
		if (!empty_ok)
			abort();
		return;
	}
	if (hb_iban_normalize(s, out, NULL) == -1 || strcmp(out, s) != 0)
		abort();
}

static void
check_stmt(const struct hb_bankstmt *st)
{
	if (st->format == NULL || strcmp(st->format, "mt940") != 0)
		abort();
	check_iban(st->account, 0);
	if (st->stmt_id != NULL)
		check_text(st->stmt_id);
	if (!st->has_opening || st->src_line <= 0)
		abort();
	check_date(st->opening_date);
}

static int
on_begin(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct state *s = arg;

	if (s->in_stmt || st->has_closing)
		abort();
	check_stmt(st);
	s->in_stmt = 1;
	s->nstmts++;
	s->last_line = st->src_line;
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *st, const struct hb_bankline *bl,
    struct hb_err *e)
{
	struct state *s = arg;
	int diff;

	if (!s->in_stmt || st->has_closing)
		abort();
	check_stmt(st);
	check_date(bl->booking_date);
	check_date(bl->value_date);
	/* an entry date is put in the year nearest its value date */
	diff = bl->booking_date - bl->value_date;
	if (diff > 184 || diff < -184)
		abort();
	if (bl->reversal != 0 && bl->reversal != 1)
		abort();
	/* 15 digits before the comma at most */
	if (bl->cents > INT64_C(100000000000000000) ||
	    bl->cents < -INT64_C(100000000000000000))
		abort();
	check_iban(bl->counter_iban, 1);
	if (bl->counter_name == NULL || bl->description == NULL)
		abort();
	check_text(bl->counter_name);
	check_text(bl->description);
	if (bl->bank_ref != NULL) {
		check_text(bl->bank_ref);
		if (*bl->bank_ref == '\0' || strcmp(bl->bank_ref, "NONREF") == 0)
			abort();
	}
	if (bl->end_to_end != NULL)
		check_text(bl->end_to_end);
	if (bl->return_reason != NULL)
		check_text(bl->return_reason);
	/* lines come in file order, after their statement's :20: */
	if (bl->src_line <= s->last_line)
		abort();
	s->last_line = bl->src_line;
	if (++s->nlines == s->fail_at)
		return hb_error(e, "stop");
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct state *s = arg;

	if (!s->in_stmt || !st->has_closing)
		abort();
	check_stmt(st);
	check_date(st->closing_date);
	s->in_stmt = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = { 0 };
	struct hb_bankreader r = { &s, on_begin, on_line, on_end };
	struct hb_err e;
	FILE *fp;
	int rc;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	/* now and then a caller that stops the reader */
	s.fail_at = size % 13 == 0 ? 2 : 0;
	memset(e.msg, 'x', sizeof(e.msg));
	rc = hb_mt940_read(fp, "fuzz", &r, &e);
	fclose(fp);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && (memchr(e.msg, '\0', sizeof(e.msg)) == NULL ||
	    e.msg[0] == '\0'))
		abort();
	/* success means every statement was closed, and there was one */
	if (rc == 0 && (s.in_stmt || s.nstmts == 0))
		abort();
	if (s.fail_at > 0 && s.nlines >= s.fail_at && rc != -1)
		abort();
	return 0;
}
