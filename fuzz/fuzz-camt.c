/*
 * fuzz-camt.c - libFuzzer target for hb_camt_read.  Besides the
 * sanitizers' findings it aborts when a line or statement breaks a
 * promise of hb.h that callers rely on.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -include config.h \
 *	    -Ilib fuzz/fuzz-camt.c lib/camt.c lib/error.c lib/xmalloc.c \
 *	    lib/money.c lib/date.c lib/iban.c lib/text.c lib/sha256.c \
 *	    $(pkg-config --cflags --libs libxml-2.0) -o fuzz-camt
 *	./fuzz-camt -max_total_time=120 CORPUS fuzz/corpus/camt
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct state {
	int in_stmt;
	int nstmt;
};

static void
check_text(const char *s, int may_be_null)
{
	if (s == NULL) {
		if (!may_be_null)
			abort();
		return;
	}
	/* libxml2 hands out UTF-8; the reader must not break it */
	if (!hb_utf8_valid(s, strlen(s)))
		abort();
}

static void
check_iban(const char *iban)
{
	char again[HB_IBAN_LEN];

	if (memchr(iban, '\0', HB_IBAN_LEN) == NULL)
		abort();
	if (iban[0] != '\0' && (hb_iban_normalize(iban, again, NULL) == -1 ||
	    strcmp(iban, again) != 0))
		abort();
}

static int
on_begin(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct state *st = arg;

	if (st->in_stmt || s->account[0] == '\0' || s->format == NULL ||
	    strncmp(s->format, "camt.053.001.0", 14) != 0)
		abort();
	check_iban(s->account);
	check_text(s->stmt_id, 1);
	if ((!s->has_opening && s->opening != 0) ||
	    (!s->has_closing && s->closing != 0) ||
	    s->opening_date < -1 || s->closing_date < -1 || s->src_line < 0)
		abort();
	st->in_stmt = 1;
	st->nstmt++;
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *s, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct state *st = arg;

	if (!st->in_stmt)
		abort();
	/* -1 means no date, so no real date may be negative */
	if (l->booking_date < 0 || l->value_date < -1)
		abort();
	if (l->cents == 0 || (l->reversal != 0 && l->reversal != 1))
		abort();
	check_iban(l->counter_iban);
	check_text(l->counter_name, 0);
	check_text(l->description, 0);
	check_text(l->bank_ref, 1);
	check_text(l->end_to_end, 1);
	check_text(l->return_reason, 1);
	if (l->bank_ref != NULL && l->bank_ref[0] == '\0')
		abort();
	if (l->end_to_end != NULL && (l->end_to_end[0] == '\0' ||
	    strcmp(l->end_to_end, "NOTPROVIDED") == 0))
		abort();
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct state *st = arg;

	if (!st->in_stmt)
		abort();
	st->in_stmt = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = { 0, 0 };
	struct hb_bankreader r = { &st, on_begin, on_line, on_end };
	struct hb_bankreader none = { NULL, NULL, NULL, NULL };
	struct hb_err e;
	FILE *fp;
	int rc;

	if (size == 0)
		return 0;
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	memset(&e, 0, sizeof(e));
	rc = hb_camt_read(fp, "fuzz.xml", &r, &e);
	fclose(fp);
	/* success leaves no statement open and reads at least one */
	if (rc == 0 && (st.in_stmt || st.nstmt == 0))
		abort();
	/* a failure always says why, and names the file */
	if (rc == -1 && strncmp(e.msg, "fuzz.xml", 8) != 0)
		abort();
	if (rc != 0 && rc != -1)
		abort();

	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	(void)hb_camt_read(fp, "fuzz.xml", &none, &e);
	fclose(fp);
	return 0;
}
