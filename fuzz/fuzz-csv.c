/*
 * fuzz-csv.c - libFuzzer target for the bank CSV reader: every input is
 * read with the generic profile, with ing-9, and with whatever profile
 * detection picks, and the callbacks check what the reader promises.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -include config.h \
 *	    -Ilib -DPKGDATADIR='"/nonexistent"' fuzz/fuzz-csv.c LIB_SOURCES \
 *	    $(pkg-config --libs sqlite3) -lcsv -o fuzz-csv
 *	HB_SHAREDIR=$PWD/share/hb ./fuzz-csv fuzz/corpus/csv
 *
 * LIB_SOURCES: lib/bankcsv.c, lib/encoding.c and what they use (error,
 * xmalloc, money, date, iban, text; ctx for hb_sharedir and its store).
 * HB_SHAREDIR, else -DFUZZ_SHAREDIR="...", says where the profiles are.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct state {
	int	 open;
	int	 lines;
	char	 account[HB_IBAN_LEN];
	char	 format[64];
};

static struct hb_csvprofile *generic, *ing9;

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static int
iban_ok(const char *s)
{
	char out[HB_IBAN_LEN];

	return hb_iban_normalize(s, out, NULL) == 0 && strcmp(s, out) == 0;
}

static int
on_begin(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct state *s = arg;

	check(!s->open, "begin inside a statement");
	check(st->format != NULL && strncmp(st->format, "csv:", 4) == 0,
	    "format is csv:NAME");
	check(st->stmt_id == NULL, "no statement id");
	check(!st->has_opening && !st->has_closing, "balances only at end");
	check(iban_ok(st->account), "the account is a normalised IBAN");
	check(st->src_line > 0, "begin has a line");
	s->open = 1;
	snprintf(s->account, sizeof(s->account), "%s", st->account);
	snprintf(s->format, sizeof(s->format), "%s", st->format);
	return 0;
}

static int
on_line(void *arg, const struct hb_bankstmt *st, const struct hb_bankline *bl,
    struct hb_err *e)
{
	struct state *s = arg;
	int y, m, d;

	check(s->open, "line outside a statement");
	check(strcmp(st->account, s->account) == 0, "the account stays");
	check(bl->counter_iban[0] == '\0' || iban_ok(bl->counter_iban),
	    "a counterparty IBAN is valid or empty");
	check(bl->counter_name != NULL && bl->description != NULL,
	    "texts are never NULL");
	check(hb_utf8_valid(bl->counter_name, strlen(bl->counter_name)) &&
	    hb_utf8_valid(bl->description, strlen(bl->description)),
	    "texts are UTF-8");
	check(bl->bank_ref == NULL || (*bl->bank_ref != '\0' &&
	    hb_utf8_valid(bl->bank_ref, strlen(bl->bank_ref))),
	    "a reference is NULL or UTF-8 text");
	check(bl->end_to_end == NULL || *bl->end_to_end != '\0',
	    "an end-to-end id is NULL or text");
	check(bl->return_reason == NULL || *bl->return_reason != '\0',
	    "a return reason is NULL or text");
	hb_date_split(bl->booking_date, &y, &m, &d);
	check(y >= 1900 && y <= 9999 && hb_date_valid(y, m, d),
	    "a real booking date");
	check(bl->value_date == -1 || bl->value_date >= hb_date_make(1900, 1,
	    1), "a value date or none");
	check(bl->src_line >= st->src_line, "lines after the statement's");
	check(bl->reversal == 0, "no reversals in CSV");
	s->lines++;
	return 0;
}

static int
on_end(void *arg, const struct hb_bankstmt *st, struct hb_err *e)
{
	struct state *s = arg;

	check(s->open, "end without begin");
	check(strcmp(st->account, s->account) == 0, "the account stays");
	check(st->has_opening == st->has_closing, "both balances or none");
	check(!st->has_opening || (st->opening_date >= 0 &&
	    st->closing_date >= 0), "balances have dates");
	s->open = 0;
	return 0;
}

static void
read_with(const struct hb_csvprofile *pr, const uint8_t *data, size_t size,
    const char *account)
{
	struct state s = { 0 };
	struct hb_bankreader r = { &s, on_begin, on_line, on_end };
	struct hb_err e;
	FILE *fp;
	int rc;

	if ((fp = fmemopen((void *)data, size, "rb")) == NULL)
		return;
	e.msg[0] = '\0';
	rc = hb_bankcsv_read(fp, "fuzz.csv", pr, account, &r, &e);
	fclose(fp);
	check(rc == 0 || rc == -1, "0 or -1");
	check(rc == -1 || !s.open, "a good read ends its statement");
	check(rc == 0 || e.msg[0] != '\0', "a failure says why");
	check(memchr(e.msg, '\0', sizeof(e.msg)) != NULL, "a terminated message");
}

static void
setup(void)
{
	struct hb_err e;

#ifdef FUZZ_SHAREDIR
	setenv("HB_SHAREDIR", FUZZ_SHAREDIR, 0);
#endif
	if (getenv("HB_SHAREDIR") == NULL) {
		fprintf(stderr, "fuzz-csv: set HB_SHAREDIR to share/hb\n");
		exit(1);
	}
	if (hb_csvprofile_load("generic", &generic, &e) == -1 ||
	    hb_csvprofile_load("ing-9", &ing9, &e) == -1) {
		fprintf(stderr, "fuzz-csv: %s\n", e.msg);
		exit(1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_csvprofile *pr;
	struct hb_err e;
	enum hb_encoding enc;
	char *s;

	if (generic == NULL)
		setup();
	/* fmemopen of nothing fails; an empty file is /dev/null's job */
	if (size == 0)
		return 0;
	read_with(generic, data, size, NULL);
	read_with(generic, data, size, "NL20INGB0001234567");
	read_with(ing9, data, size, NULL);
	if (hb_csvprofile_detect((const char *)data, size, &pr, &e) == 0) {
		read_with(pr, data, size, "NL20INGB0001234567");
		hb_csvprofile_free(pr);
	}
	for (enc = HB_ENC_UTF8; enc <= HB_ENC_LATIN9; enc++) {
		s = hb_to_utf8((const char *)data, size, enc);
		check(hb_utf8_valid(s, strlen(s)), "hb_to_utf8 makes UTF-8");
		free(s);
	}
	check(hb_detect_encoding((const char *)data, size) != HB_ENC_LATIN9,
	    "detection never guesses Latin-9");
	return 0;
}
