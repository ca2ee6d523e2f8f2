/*
 * Importing a bank file, in two steps so that the store is locked only
 * while it is written.  hb_import_stage reads and parses the file outside
 * any transaction into a batch, an unlinked temporary file, so memory does
 * not grow with the file; hb_import_apply then writes the batch's next
 * file in the caller's transaction: deduplicated per line, reconciled
 * against the statement's balances, every new line matched to a household
 * and agreement.  A file is imported whole or not at all.
 *
 * Dedup key: "line:HASH:N", where HASH covers all the line's facts
 * (account, booking and value date, signed amount, counterparty IBAN and
 * name, description, bank reference, end-to-end id, reversal mark and
 * return reason) and N counts the lines with the same facts before it in
 * its statement.  Two real identical coffees both stay, a re-imported or
 * overlapping statement adds nothing, and lines that merely share a bank
 * reference (a batch, a reversal and the entry it reverses, a fee and its
 * payment) are all kept: a bank reference is not an identity.
 *
 * Lines stored before schema version 6 keep the keys of the rule before:
 * "ref:ACCOUNT:REF" where the line had a bank reference, else
 * "fact:HASH:N" over fewer facts.  A line booked no later than the last of
 * those of its account (old_line_keys) is also looked up by its old key,
 * and is the stored line only when every fact is the same; for a reference
 * key, only the first line with those facts in its statement can be,
 * because the old rule kept only the first.
 *
 * What a statement holds in the store is the lines it added (their
 * statement_id) and the lines stored before that it repeats
 * (statement_repeat); its balances are checked against those.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"

#define SUGGESTIONS 3

/*
 * How often each line's facts came before in the current statement, for
 * the occurrence index of the dedup key: a hash table in memory of up to
 * SEEN_MAX facts; the facts of a statement longer than that go on in a
 * temporary table, so memory does not grow with the file.
 */
#define SEEN_MAX (1 << 17)
struct seen {
	struct seen_fact {
		unsigned char	 fact[20];
		uint32_t	 n;	/* 0: a free slot; else 1 + count */
	}	*slot;
	size_t	 size;		/* a power of two, at least twice used */
	size_t	 used;
	size_t	 max;		/* SEEN_MAX, or less for a test */
};

/*
 * The files read and not yet written: records in a temporary file.  Per
 * file 'F' (name, hash, format, whether it was imported before, size),
 * then 'N' (the CSV profile found), 'B' statement begins, 'L' line, 'E'
 * statement ends (now with all its balances), 'I' income data (its
 * bytes), and 'Z' at its end.  Numbers are int64_t, strings a 32-bit
 * length (all ones: NULL) and their bytes, as this process wrote them.
 */
struct hb_import_batch {
	FILE	*spool;
	off_t	 next;		/* the next file to write */
	off_t	*ends;		/* where each file's records end */
	size_t	 nfiles, applied;
};

/* reading a file into the batch */
struct stage {
	const struct hb_import_opts	*opts;
	const char			*name;
	FILE				*fp;
	FILE				*out;
	long				 size;
	int				 last_percent;
};

/* a record read back: the strings it owns */
struct record {
	char	*str[8];
	int	 n;
};

struct import {
	struct hb_ctx			*c;
	const struct hb_import_opts	*opts;
	struct hb_import_result		*res;
	const char			*name;
	long				 size;		/* of the file */
	int				 last_percent;
	/* the current statement */
	int64_t				 stmt;
	int64_t				 account;
	int64_t				 account_household;	/* -1 pooled */
	int64_t				 sum;		/* of its lines read */
	int64_t				 stmt_lines;	/* new ones */
	struct seen			 seen;
	struct seen			 seen_old;	/* the old rule's */
	int				 old_until;	/* the last line of
							 * the account with an
							 * old key, or -1 */
	int				 exported;	/* payouts await
							 * their debit */
	int				 after_duplicate;
	char				 at[32];	/* of the bookings */
};

static struct seen_fact *
seen_slot(struct seen *t, const unsigned char fact[20])
{
	size_t i;

	memcpy(&i, fact, sizeof(i));
	for (i &= t->size - 1; t->slot[i].n != 0; i = (i + 1) & (t->size - 1))
		if (memcmp(t->slot[i].fact, fact, 20) == 0)
			break;
	return &t->slot[i];
}

static void
seen_clear(struct seen *t)
{
	if (t->used > 0)
		memset(t->slot, 0, t->size * sizeof(*t->slot));
	t->used = 0;
}

static void
seen_grow(struct seen *t)
{
	struct seen_fact *old = t->slot;
	size_t i, n = t->size;

	t->size = n ? 2 * n : 1024;
	t->slot = xcalloc(t->size, sizeof(*t->slot));
	for (i = 0; i < n; i++)
		if (old[i].n != 0)
			*seen_slot(t, old[i].fact) = old[i];
	free(old);
}

/* The number of earlier lines of the statement with these facts, or -1
 * when they are not in memory and there is no room left. */
static int64_t
seen_in_memory(struct seen *t, const unsigned char fact[20])
{
	struct seen_fact *f = t->size > 0 ? seen_slot(t, fact) : NULL;

	if (f == NULL || f->n == 0) {		/* facts new to memory */
		if (t->used == t->max)
			return -1;
		if (2 * (t->used + 1) > t->size) {
			seen_grow(t);
			f = seen_slot(t, fact);
		}
		t->used++;
		memcpy(f->fact, fact, 20);
		f->n = 1;
	}
	return f->n++ - 1;
}

/* The occurrence index of facts in the current statement; hex is the
 * facts' name in the temporary table. */
static int
occurrence(struct import *im, struct seen *t, const unsigned char fact[20],
    const char *hex, int64_t *n, struct hb_err *e)
{
	if ((*n = seen_in_memory(t, fact)) != -1)
		return 0;
	return hb_query_int(im->c->st, n, e, "INSERT INTO temp.import_seen "
	    "VALUES (?, ?, 0) ON CONFLICT DO UPDATE SET n = n + 1 "
	    "RETURNING n", "Is", im->stmt, hex) == 1 ? 0 : -1;
}

/* $HB_TEST_SEEN_MAX and $HB_TEST_BANKFILE_MAX make tests reach a limit
 * early; neither can raise it */
static long
test_limit(const char *name, long max)
{
	const char *v = getenv(name);
	long n = v != NULL ? strtol(v, NULL, 10) : 0;

	return n > 0 && n < max ? n : max;
}

static FILE *
temp_file(struct hb_err *e)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *fp = NULL;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	xasprintf(&path, "%s/hb-import.XXXXXX", dir);
	if ((fd = mkstemp(path)) != -1) {
		unlink(path);
		if ((fp = fdopen(fd, "w+")) == NULL)
			close(fd);
	}
	free(path);
	if (fp == NULL)
		hb_error(e, "cannot create a temporary file in '%s': %s", dir,
		    strerror(errno));
	return fp;
}

/*
 * Opens the input and takes its SHA-256.  Input that is not a regular file
 * (a pipe, "-" for standard input, a device) is copied into a temporary
 * file on the way, so that it can be read again, and it is bounded by the
 * same size as a file.
 */
static int
open_input(const char *path, FILE **fpp, long *size, char hash[65],
    struct hb_err *e)
{
	struct hb_sha256 h;
	struct stat sb;
	unsigned char buf[65536], sum[32];
	long max = test_limit("HB_TEST_BANKFILE_MAX", HB_BANKFILE_MAX);
	long total = 0;
	FILE *in, *copy = NULL;
	size_t n;
	int fd, rc = 0;

	if (strcmp(path, "-") == 0)
		in = (fd = dup(STDIN_FILENO)) == -1 ? NULL : fdopen(fd, "r");
	else
		in = fopen(path, "r");
	if (in == NULL)
		return hb_error(e, "cannot open '%s': %s", path,
		    strerror(errno));
	if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (sb.st_size > max) {
			fclose(in);
			return hb_error(e, "%s: file too large: %lld bytes, at "
			    "most %ld", path, (long long)sb.st_size, max);
		}
	} else if ((copy = temp_file(e)) == NULL) {
		fclose(in);
		return -1;
	}
	hb_sha256_init(&h);
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if ((long)n > max - total)
			rc = hb_error(e, "%s: file too large: more than %ld "
			    "bytes", path, max);
		else if (copy != NULL && fwrite(buf, 1, n, copy) != n)
			rc = hb_error(e, "%s: cannot copy it to a temporary "
			    "file: %s", path, strerror(errno));
		total += (long)n;
		hb_sha256_update(&h, buf, n);
	}
	if (rc == 0 && ferror(in))
		rc = hb_error(e, "cannot read '%s': %s", path, strerror(errno));
	if (rc == 0 && copy != NULL && fflush(copy) == EOF)
		rc = hb_error(e, "%s: cannot copy it to a temporary file: %s",
		    path, strerror(errno));
	if (copy != NULL) {
		fclose(in);
		in = copy;
	}
	if (rc == -1) {
		fclose(in);
		return -1;
	}
	hb_sha256_final(&h, sum);
	hb_hex(sum, sizeof(sum), hash);
	rewind(in);
	*fpp = in;
	*size = total;
	return 0;
}

/* Writing the batch: errors are found by ferror() once the file is read. */
static void
put_int(FILE *out, int64_t v)
{
	fwrite(&v, sizeof(v), 1, out);
}

static void
put_str(FILE *out, const char *s)
{
	uint32_t n = s == NULL ? UINT32_MAX : (uint32_t)strlen(s);

	fwrite(&n, sizeof(n), 1, out);
	if (s != NULL)
		fwrite(s, 1, n, out);
}

static void
put_stmt(FILE *out, int tag, const struct hb_bankstmt *s)
{
	putc(tag, out);
	put_str(out, s->format);
	put_str(out, s->account);
	put_str(out, s->stmt_id);
	put_int(out, s->has_opening);
	put_int(out, s->has_closing);
	put_int(out, s->opening);
	put_int(out, s->closing);
	put_int(out, s->opening_date);
	put_int(out, s->closing_date);
	put_int(out, s->src_line);
}

/*
 * Progress of a large file: reading it is the first half, writing it into
 * the store the second; done of total is how far the current half is.
 */
static void
progress(const struct hb_import_opts *opts, long size, int half, long done,
    long total, int *last_percent)
{
	long scaled;
	int percent;

	/* only a large file takes long enough to need it */
	if (opts->progress == NULL || size < (1L << 22) || done < 0 ||
	    total <= 0)
		return;
	scaled = (long)((double)size * ((double)half + (double)done / total));
	percent = (int)((double)scaled * 50 / size);
	if (percent != *last_percent) {
		*last_percent = percent;
		opts->progress(opts->progress_arg, scaled, 2 * size);
	}
}

static void
stage_progress(struct stage *st)
{
	progress(st->opts, st->size, 0, ftell(st->fp), st->size,
	    &st->last_percent);
}

static int
stage_begin(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	put_stmt(((struct stage *)arg)->out, 'B', s);
	return 0;
}

static int
stage_line(void *arg, const struct hb_bankstmt *s,
    const struct hb_bankline *l, struct hb_err *e)
{
	struct stage *st = arg;

	stage_progress(st);
	putc('L', st->out);
	put_int(st->out, l->booking_date);
	put_int(st->out, l->value_date);
	put_int(st->out, l->cents);
	put_str(st->out, l->counter_iban);
	put_str(st->out, l->counter_name);
	put_str(st->out, l->description);
	put_str(st->out, l->bank_ref);
	put_str(st->out, l->end_to_end);
	put_int(st->out, l->reversal);
	put_str(st->out, l->return_reason);
	put_int(st->out, l->src_line);
	return 0;
}

static int
stage_end(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	put_stmt(((struct stage *)arg)->out, 'E', s);
	return 0;
}

/* Reading the batch back. */
static int
get(FILE *in, void *p, size_t n, struct hb_err *e)
{
	if (fread(p, 1, n, in) == n)
		return 0;
	return hb_error(e, "cannot read back the import's temporary file: %s",
	    ferror(in) ? strerror(errno) : "it ends early");
}

static int
get_int(FILE *in, int64_t *v, struct hb_err *e)
{
	return get(in, v, sizeof(*v), e);
}

static int
get_str(FILE *in, struct record *r, const char **s, struct hb_err *e)
{
	uint32_t n;
	char *p;

	if (get(in, &n, sizeof(n), e) == -1)
		return -1;
	if (n == UINT32_MAX) {
		*s = NULL;
		return 0;
	}
	if (r->n == (int)(sizeof(r->str) / sizeof(r->str[0])))
		return hb_error(e, "the import's temporary file is damaged");
	p = r->str[r->n++] = xmalloc((size_t)n + 1);
	p[n] = '\0';
	*s = p;
	return get(in, p, n, e);
}

static void
record_free(struct record *r)
{
	while (r->n > 0)
		free(r->str[--r->n]);
}

static int
get_stmt(FILE *in, struct record *r, struct hb_bankstmt *s, struct hb_err *e)
{
	const char *account;
	int64_t v[7];
	int i;

	record_free(r);
	memset(s, 0, sizeof(*s));
	if (get_str(in, r, &s->format, e) == -1 ||
	    get_str(in, r, &account, e) == -1 ||
	    get_str(in, r, &s->stmt_id, e) == -1)
		return -1;
	for (i = 0; i < 7; i++)
		if (get_int(in, &v[i], e) == -1)
			return -1;
	snprintf(s->account, sizeof(s->account), "%s", account ? account : "");
	s->has_opening = (int)v[0];
	s->has_closing = (int)v[1];
	s->opening = v[2];
	s->closing = v[3];
	s->opening_date = (int)v[4];
	s->closing_date = (int)v[5];
	s->src_line = (long)v[6];
	return 0;
}

static int
get_line(FILE *in, struct record *r, struct hb_bankline *l, struct hb_err *e)
{
	const char *iban;
	int64_t v[5];

	record_free(r);
	memset(l, 0, sizeof(*l));
	if (get_int(in, &v[0], e) == -1 || get_int(in, &v[1], e) == -1 ||
	    get_int(in, &v[2], e) == -1 || get_str(in, r, &iban, e) == -1 ||
	    get_str(in, r, &l->counter_name, e) == -1 ||
	    get_str(in, r, &l->description, e) == -1 ||
	    get_str(in, r, &l->bank_ref, e) == -1 ||
	    get_str(in, r, &l->end_to_end, e) == -1 ||
	    get_int(in, &v[3], e) == -1 ||
	    get_str(in, r, &l->return_reason, e) == -1 ||
	    get_int(in, &v[4], e) == -1)
		return -1;
	l->booking_date = (int)v[0];
	l->value_date = (int)v[1];
	l->cents = v[2];
	snprintf(l->counter_iban, sizeof(l->counter_iban), "%s",
	    iban ? iban : "");
	if (l->counter_name == NULL)
		l->counter_name = "";
	if (l->description == NULL)
		l->description = "";
	l->reversal = (int)v[3];
	l->src_line = (long)v[4];
	return 0;
}

static int
signal_import(struct import *im, int64_t household, const char *kind,
    int64_t agreement, int64_t line, const char *details, struct hb_err *e)
{
	im->res->signals++;
	return hb_signal(im->c, household, kind, agreement, line, details, e);
}

/*
 * The chain: a statement with a dated opening balance must open where the
 * account stood, whatever the format.  CAMT.053 and bank CSV date an
 * opening balance by the first day it covers; MT940 dates :60F: by the day
 * whose end it is (that of the :62F: before it), so the statement covers
 * from the next day.
 */
static int
previous_closing(struct import *im, const struct hb_bankstmt *s,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char have[HB_MONEY_LEN], want[HB_MONEY_LEN], details[512];
	int rc, from;

	if (!s->has_opening || s->opening_date == -1)
		return 0;
	from = s->format != NULL && strncmp(s->format, "mt940", 5) == 0 ?
	    s->opening_date + 1 :
	    s->opening_date;
	/*
	 * The balance the account had when this statement starts: the last
	 * closing balance before that day, plus what was booked since (when
	 * this statement overlaps one imported before).
	 */
	if (hb_prepare(im->c->st, &q, e, "SELECT s.closing + (SELECT "
	    "coalesce(sum(l.cents), 0) FROM bank_line l WHERE l.account_id = "
	    "?1 AND l.booking_date > s.closing_date AND l.booking_date < ?2 "
	    "AND l.statement_id <> ?3), s.closing_date, i.file_name FROM "
	    "statement s JOIN import i ON i.id = s.import_id WHERE "
	    "s.account_id = ?1 AND s.closing IS NOT NULL AND s.closing_date "
	    "< ?2 AND s.id <> ?3 ORDER BY s.closing_date DESC, s.id DESC "
	    "LIMIT 1", "IdI", im->account, from, im->stmt) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1 && hb_col_int(q, 0) != s->opening) {
		hb_money_format(s->opening, have);
		hb_money_format(hb_col_int(q, 0), want);
		snprintf(details, sizeof(details), "statement %s of %s opens "
		    "with %s, but after the previous statement (%s, closing "
		    "%s) the balance was %s: a statement may be missing",
		    s->stmt_id ? s->stmt_id : "without id", s->account, have,
		    hb_col_text(q, 2), hb_col_text(q, 1), want);
		rc = 2;
	}
	hb_finalize(q);
	if (rc == 2 && !im->opts->force)
		return hb_error(e, "%s: %s; nothing imported (force with -f)",
		    im->name, details);
	if (rc == 2)
		return signal_import(im, im->account_household,
		    "statement_unreconciled", -1, -1, details, e);
	return rc == -1 ? -1 : 0;
}

static int
on_begin(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct import *im = arg;
	struct hb_stmt *q;
	char *kind = NULL;
	int64_t n;
	int rc;

	if (hb_prepare(im->c->st, &q, e, "SELECT id, kind, coalesce("
	    "household_id, -1) FROM account WHERE iban = ?", "s",
	    s->account) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		im->account = hb_col_int(q, 0);
		kind = xstrdup(hb_col_text(q, 1));
		im->account_household = hb_col_int(q, 2);
	}
	hb_finalize(q);
	if (rc == 1 && (rc = hb_query_int(im->c->st, &n, e, "SELECT "
	    "julianday(last_booking) - julianday('1970-01-01') FROM "
	    "old_line_keys WHERE account_id = ?", "I", im->account)) != -1) {
		im->old_until = rc == 1 ? (int)n : -1;
		rc = 1;
	}
	if (rc == 0)
		return hb_error_at(e, im->name, s->src_line, NULL, "account %s "
		    "is not an account hb manages: register it with "
		    "'hb-household add account'", s->account);
	if (rc == -1)
		return -1;
	rc = strcmp(kind, "own") == 0 ? hb_error_at(e, im->name, s->src_line,
	    NULL, "account %s is a household's own account: hb imports only "
	    "the accounts it manages", s->account) : 0;
	free(kind);
	if (rc == -1)
		return -1;
	/* its balances as far as known now; on_end has them all */
	if (hb_exec(im->c->st, e, "INSERT INTO statement (import_id, "
	    "account_id, bank_id, opening, closing, opening_date, "
	    "closing_date, reconciled) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
	    "IIsmmdd", im->res->import_id, im->account, s->stmt_id,
	    s->has_opening ? s->opening : INT64_MIN,
	    s->has_closing ? s->closing : INT64_MIN,
	    s->has_opening ? s->opening_date : -1,
	    s->has_closing ? s->closing_date : -1) == -1)
		return -1;
	im->stmt = hb_last_id(im->c->st);
	snprintf(im->res->format, sizeof(im->res->format), "%s", s->format);
	im->sum = 0;
	im->stmt_lines = 0;
	seen_clear(&im->seen);
	seen_clear(&im->seen_old);
	im->res->statements++;
	return 0;
}

/* A fact for the hash, with its length, so that no two lists of facts
 * hash the same text. */
static void
fact(struct hb_sha256 *h, const char *s)
{
	char len[24];

	s = s != NULL ? s : "";
	snprintf(len, sizeof(len), "%zu:", strlen(s));
	hb_sha256_update(h, len, strlen(len));
	hb_sha256_update(h, s, strlen(s));
}

/* The line's dedup key, "line:HASH:N": see the top of this file. */
static int
line_key(struct import *im, const struct hb_bankstmt *s,
    const struct hb_bankline *l, char key[80], int64_t *n,
    struct hb_err *e)
{
	struct hb_sha256 h;
	unsigned char sum[32];
	char hex[41], booked[HB_DATE_LEN], value[HB_DATE_LEN], cents[24];

	hb_date_format(l->booking_date, booked);
	if (l->value_date != -1)
		hb_date_format(l->value_date, value);
	else
		value[0] = '\0';
	snprintf(cents, sizeof(cents), "%lld", (long long)l->cents);
	hb_sha256_init(&h);
	fact(&h, s->account);
	fact(&h, booked);
	fact(&h, value);
	fact(&h, cents);
	fact(&h, l->counter_iban);
	fact(&h, l->counter_name);
	fact(&h, l->description);
	fact(&h, l->bank_ref);
	fact(&h, l->end_to_end);
	fact(&h, l->reversal ? "1" : "0");
	fact(&h, l->return_reason);
	hb_sha256_final(&h, sum);
	hb_hex(sum, 20, hex);
	if (occurrence(im, &im->seen, sum, hex, n, e) == -1)
		return -1;
	snprintf(key, 80, "line:%s:%lld", hex, (long long)*n);
	return 0;
}

/*
 * The key the rule before schema version 6 gave the line, for stores that
 * hold such keys: the bank reference, else a hash of fewer facts and the
 * occurrence among lines without a reference.  The same 160 bytes as then,
 * so that a long reference is cut the same.
 */
static int
old_key(struct import *im, const struct hb_bankstmt *s,
    const struct hb_bankline *l, char key[160], struct hb_err *e)
{
	struct hb_sha256 h;
	unsigned char sum[32];
	char facts[64], hex[41];
	int64_t n;

	if (l->bank_ref != NULL && *l->bank_ref != '\0') {
		snprintf(key, 160, "ref:%s:%s", s->account, l->bank_ref);
		return 0;
	}
	hb_sha256_init(&h);
	snprintf(facts, sizeof(facts), "%s\x1f%d\x1f%lld\x1f", s->account,
	    l->booking_date, (long long)l->cents);
	hb_sha256_update(&h, facts, strlen(facts));
	hb_sha256_update(&h, l->counter_iban, strlen(l->counter_iban));
	hb_sha256_update(&h, "\x1f", 1);
	hb_sha256_update(&h, l->counter_name, strlen(l->counter_name));
	hb_sha256_update(&h, "\x1f", 1);
	hb_sha256_update(&h, l->description, strlen(l->description));
	hb_sha256_final(&h, sum);
	hb_hex(sum, 20, hex);
	if (occurrence(im, &im->seen_old, sum, hex, &n, e) == -1)
		return -1;
	snprintf(key, 160, "fact:%s:%lld", hex, (long long)n);
	return 0;
}

/* The line stored under its old key, when every fact is the same. */
static int
old_line(struct import *im, const struct hb_bankline *l, const char *key,
    int64_t *line, struct hb_err *e)
{
	return hb_query_int(im->c->st, line, e, "SELECT id FROM bank_line "
	    "WHERE dedup_key = ? AND account_id = ? AND booking_date = ? AND "
	    "value_date IS ? AND cents = ? AND counter_iban IS ? AND "
	    "counter_name = ? AND description = ? AND bank_ref IS ? AND "
	    "end_to_end IS ? AND reversal = ? AND return_reason IS ?",
	    "sIddIsssssis", key,
	    im->account, l->booking_date, l->value_date, l->cents,
	    *l->counter_iban ? l->counter_iban : NULL, l->counter_name,
	    l->description, l->bank_ref, l->end_to_end, l->reversal,
	    l->return_reason);
}

static int
book(struct import *im, int64_t line, int64_t household, int64_t agreement,
    int expected, int score, const char *method, const char *reason,
    struct hb_err *e)
{
	return hb_exec(im->c->st, e, "INSERT INTO line_match (line_id, "
	    "household_id, agreement_id, expected_date, score, method, reason, "
	    "actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "Immdissss",
	    line, household < 0 ? INT64_MIN : household,
	    agreement < 0 ? INT64_MIN : agreement, expected, score, method,
	    reason, im->c->actor, im->at);
}

static int
booked_signals(struct import *im, int64_t line, const struct hb_candidate *b,
    const struct hb_bankline *l, struct hb_err *e)
{
	char details[900], have[HB_MONEY_LEN], agreed[HB_MONEY_LEN];
	char diff[HB_MONEY_LEN], margin[HB_MONEY_LEN];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, n = 0;

	if (!b->amount_ok) {
		hb_money_format(amount, have);
		hb_money_format(b->agreed, agreed);
		hb_money_format(amount > b->agreed ? amount - b->agreed :
		    b->agreed - amount, diff);
		hb_money_format(b->margin, margin);
		snprintf(details, sizeof(details), "amount %s against %s "
		    "agreed: %s %s, margin %s; %s", have, agreed, diff,
		    amount > b->agreed ? "more" : "less", margin, b->reason);
		if (signal_import(im, b->household, "amount_deviation",
		    b->agreement, line, details, e) == -1)
			return -1;
	}
	/*
	 * Another line booked to the same agreement and due date: one is
	 * enough to say so, so the search stops at the first (a count would
	 * read all of them again for every line of a large file).
	 */
	if (hb_query_int(im->c->st, &n, e, "SELECT EXISTS (SELECT 1 FROM "
	    "line_match m WHERE m.agreement_id = ? AND m.expected_date IS ? "
	    "AND m.line_id <> ? AND m.id = (SELECT max(id) FROM line_match "
	    "WHERE line_id = m.line_id))", "IdI", b->agreement, b->expected,
	    line) == -1)
		return -1;
	if (n > 0) {
		snprintf(details, sizeof(details), "more than one payment for "
		    "agreement %lld where one was expected: %s",
		    (long long)b->agreement, b->reason);
		if (signal_import(im, b->household, "unexpected_payment",
		    b->agreement, line, details, e) == -1)
			return -1;
	}
	return 0;
}

/* 1 when it signalled an unknown counterparty */
static int
line_signals(struct import *im, int64_t line, int64_t household,
    const struct hb_bankline *l, int ncand, struct hb_err *e)
{
	char details[512];
	int64_t n;
	int rc;

	if (l->return_reason != NULL) {
		snprintf(details, sizeof(details), "returned by the bank, "
		    "reason %s: %s %s", l->return_reason, l->counter_name,
		    l->description);
		if (signal_import(im, household, "payout_returned", -1, line,
		    details, e) == -1)
			return -1;
	}
	if (ncand > 0 || *l->counter_iban == '\0')
		return 0;
	rc = hb_query_int(im->c->st, &n, e, "SELECT 1 FROM organisation_iban "
	    "WHERE iban = ?1 UNION ALL SELECT 1 FROM account WHERE iban = ?1 "
	    "UNION ALL SELECT 1 FROM agreement WHERE iban = ?1 LIMIT 1", "s",
	    l->counter_iban);
	if (rc != 0)
		return rc == -1 ? -1 : 0;
	snprintf(details, sizeof(details), "unknown counterparty %s (%s)",
	    l->counter_iban, l->counter_name);
	if (signal_import(im, household, "unknown_counterparty", -1, line,
	    details, e) == -1)
		return -1;
	return 1;
}

/*
 * The household a person should look at for an unmatched line: the one
 * identified, else the only household with agreements with the
 * counterparty's organisation (or its IBAN); -1 when there is none or
 * more.
 */
static int
household_to_name(struct import *im, const struct hb_bankline *l,
    const struct hb_match_verdict *v, int64_t *hh, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc, n = 0;

	*hh = v->household;
	if (*hh >= 0 || *l->counter_iban == '\0')
		return 0;
	if (hb_prepare(im->c->st, &q, e, "SELECT DISTINCT household_id FROM "
	    "agreement WHERE iban = ?1 OR organisation_id IN (SELECT "
	    "organisation_id FROM organisation_iban WHERE iban = ?1) LIMIT 2",
	    "s", l->counter_iban) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		if (n++ == 0)
			*hh = hb_col_int(q, 0);
	hb_finalize(q);
	if (n != 1)
		*hh = -1;
	return rc;
}

/* The signal that puts an unmatched line before a person. */
static int
unmatched_signal(struct import *im, int64_t line, const struct hb_bankline *l,
    const struct hb_match_verdict *v, const struct hb_candidate *best, int n,
    struct hb_err *e)
{
	char details[1400], amount[HB_MONEY_LEN];
	size_t len;
	int64_t hh;
	int i;

	if (household_to_name(im, l, v, &hh, e) == -1)
		return -1;
	hb_money_format(l->cents, amount);
	if (v->outcome == HB_MATCH_AMBIGUOUS)
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: the evidence points at %d households, nothing booked "
		    "(%s)", amount, l->counter_name, *l->counter_iban ?
		    l->counter_iban : "without IBAN", v->households,
		    v->evidence);
	else if (v->outcome == HB_MATCH_HOUSEHOLD)
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: booked to the household (%s), but to none of its "
		    "agreements", amount, l->counter_name, *l->counter_iban ?
		    l->counter_iban : "without IBAN", *v->evidence ?
		    v->evidence : "its managed account");
	else
		len = (size_t)snprintf(details, sizeof(details), "%s from %s "
		    "%s: nothing identifies one household (an organisation's "
		    "IBAN, a generic term or an amount only suggest)", amount,
		    l->counter_name, *l->counter_iban ? l->counter_iban :
		    "without IBAN");
	for (i = 0; i < n && len < sizeof(details); i++)
		len += (size_t)snprintf(details + len, sizeof(details) - len,
		    "%s %d. agreement %lld (score %d)", i == 0 ?
		    "; suggested:" : ",", i + 1, (long long)best[i].agreement,
		    best[i].score);
	return signal_import(im, v->outcome == HB_MATCH_AMBIGUOUS ? -1 : hh,
	    v->outcome == HB_MATCH_AMBIGUOUS ? "match_ambiguous" :
	    "line_unmatched", -1, line, details, e);
}

/*
 * A debit that is a payout hb exported: found by its EndToEndId, else by
 * amount, IBAN and a date near the execution date.  The payout is then
 * reconciled and the line booked to its agreement.
 */
static int
reconcile_payout(struct import *im, int64_t line, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char reason[300];
	int64_t payout = 0, household = 0, agreement = 0;
	int rc, due = -1;

	/*
	 * A payout leaves the account it debits, so only that account's
	 * line can be its; by its EndToEndId, else by amount, creditor and
	 * date, preferring the one whose EndToEndId the description names
	 * (a bank CSV export has no column for it).
	 */
	if (hb_prepare(im->c->st, &q, e, "SELECT p.id, p.household_id, "
	    "p.agreement_id, p.due_date, p.batch_id, p.end_to_end FROM payout p "
	    "WHERE p.status = 'exported' AND p.debtor_iban = (SELECT iban FROM "
	    "account WHERE id = ?5) AND (p.end_to_end = ?1 OR (?1 IS NULL "
	    "AND p.amount = ?2 AND p.creditor_iban = ?3 AND p.exec_date "
	    "BETWEEN date(?4, '-5 days') AND date(?4, '+5 days'))) ORDER BY "
	    "p.end_to_end = ?1 DESC, instr(?6, p.end_to_end) > 0 DESC, "
	    "p.exec_date LIMIT 1", "sIsdIs", l->end_to_end, -l->cents,
	    l->counter_iban, l->booking_date, im->account,
	    l->description) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		payout = hb_col_int(q, 0);
		household = hb_col_int(q, 1);
		agreement = hb_col_int(q, 2);
		due = hb_col_date(q, 3);
		snprintf(reason, sizeof(reason), "the payout %lld hb exported "
		    "in batch %lld (EndToEndId %s)", (long long)payout,
		    (long long)hb_col_int(q, 4), hb_col_text(q, 5));
	}
	hb_finalize(q);
	if (rc != 1)
		return rc;
	if (hb_exec(im->c->st, e, "UPDATE payout SET status = 'reconciled', "
	    "line_id = ? WHERE id = ?", "II", line, payout) == -1 ||
	    book(im, line, household, agreement, due, 100, "auto", reason,
	    e) == -1)
		return -1;
	im->res->matched++;
	return 1;
}

static int
match_line(struct import *im, int64_t line, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct hb_candidate best[SUGGESTIONS];
	struct hb_match_verdict v;
	struct hb_matchline m;
	char *text, reason[700];
	int i, n, rc;

	if (l->cents < 0 && im->exported &&
	    (n = reconcile_payout(im, line, l, e)) != 0)
		return n == -1 ? -1 : 0;
	xasprintf(&text, "%s %s", l->description, l->counter_name);
	m.account_household = im->account_household;
	m.date = l->booking_date;
	m.cents = l->cents;
	m.counter_iban = l->counter_iban;
	m.text = text;
	n = hb_match(im->c, &m, best, SUGGESTIONS, &v, e);
	free(text);
	if (n == -1)
		return -1;
	if (v.outcome == HB_MATCH_AGREEMENT) {
		im->res->matched++;
		if (book(im, line, best[0].household, best[0].agreement,
		    best[0].expected, best[0].score, "auto", best[0].reason,
		    e) == -1)
			return -1;
		if (booked_signals(im, line, &best[0], l, e) == -1)
			return -1;
		return line_signals(im, line, best[0].household, l, n, e) ==
		    -1 ? -1 : 0;
	}
	im->res->unmatched++;
	for (i = 0; i < n; i++)
		if (hb_exec(im->c->st, e, "INSERT INTO line_suggestion (line_id, "
		    "rank, agreement_id, score, reason) VALUES (?, ?, ?, ?, ?)",
		    "IiIis", line, i + 1, best[i].agreement, best[i].score,
		    best[i].reason) == -1)
			return -1;
	if (v.outcome == HB_MATCH_HOUSEHOLD) {
		if (im->account_household >= 0)
			snprintf(reason, sizeof(reason), "on the household's "
			    "managed account; %s%s%s", v.evidence,
			    *v.evidence ? "; " : "", n == 0 ? "no agreement "
			    "fits" : "no agreement fits clearly enough to "
			    "book");
		else
			snprintf(reason, sizeof(reason), "%s; %s", v.evidence,
			    n == 0 ? "no agreement of the household fits" :
			    "no agreement of the household fits clearly "
			    "enough to book");
		if (book(im, line, v.household, -1, -1, 0,
		    im->account_household >= 0 ? "account" : "auto", reason,
		    e) == -1)
			return -1;
	}
	if ((rc = line_signals(im, line, v.household >= 0 ? v.household :
	    im->account_household, l, n, e)) != 0)
		return rc == -1 ? -1 : 0;
	return unmatched_signal(im, line, l, &v, best, n, e);
}

/* A line stored before, which this statement holds too. */
static int
repeated(struct import *im, int64_t line, struct hb_err *e)
{
	im->res->duplicates++;
	im->after_duplicate = 1;
	return hb_exec(im->c->st, e, "INSERT INTO statement_repeat "
	    "(statement_id, line_id) VALUES (?, ?)", "II", im->stmt, line);
}

static int
on_line(void *arg, const struct hb_bankstmt *s, const struct hb_bankline *l,
    struct hb_err *e)
{
	struct import *im = arg;
	char key[80], old[160];
	int64_t line, n;
	int rc = 0, legacy = l->booking_date <= im->old_until;

	im->res->lines++;
	if (hb_add(im->sum, l->cents, &im->sum) == -1)
		return hb_error_at(e, im->name, l->src_line, NULL, "the "
		    "statement's lines add up beyond what hb can count");
	if (line_key(im, s, l, key, &n, e) == -1 ||
	    (legacy && old_key(im, s, l, old, e) == -1))
		return -1;
	/*
	 * After a duplicate, the next line is likely one too (a file imported
	 * again, an overlapping statement): look it up by its key alone, which
	 * costs less than an insert that conflicts.  A line that may be stored
	 * under its old key is looked up by both before it is inserted.
	 */
	if ((im->after_duplicate || legacy) && (rc = hb_query_int(
	    im->c->st, &line, e, "SELECT id FROM bank_line WHERE dedup_key = ?",
	    "s", key)) == -1)
		return -1;
	/* the old rule kept only the first line of a reference */
	if (rc == 0 && legacy && (strncmp(old, "ref:", 4) != 0 || n == 0) &&
	    (rc = old_line(im, l, old, &line, e)) == -1)
		return -1;
	if (rc == 1)
		return repeated(im, line, e);
	if (hb_exec(im->c->st, e, "INSERT INTO bank_line (account_id, "
	    "statement_id, booking_date, value_date, cents, counter_iban, "
	    "counter_name, description, bank_ref, end_to_end, reversal, "
	    "return_reason, dedup_key, src_line) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
	    "IIddIsssssissI", im->account, im->stmt, l->booking_date,
	    l->value_date, l->cents, *l->counter_iban ? l->counter_iban : NULL,
	    l->counter_name, l->description, l->bank_ref, l->end_to_end,
	    l->reversal, l->return_reason, key, (int64_t)l->src_line) == -1)
		return -1;
	if (hb_changes(im->c->st) == 0) {
		if (hb_query_int(im->c->st, &line, e, "SELECT id FROM bank_line "
		    "WHERE dedup_key = ?", "s", key) != 1)
			return hb_error(e, "%s: line %s vanished from the store",
			    im->name, key);
		return repeated(im, line, e);
	}
	im->after_duplicate = 0;
	im->res->new_lines++;
	im->stmt_lines++;
	line = hb_last_id(im->c->st);
	return match_line(im, line, l, e);
}

/*
 * Reconciliation counts what the store holds for the statement, the lines
 * it added and those stored before that it repeats, not what was read: a
 * statement whose lines did not all reach the store cannot reconcile.
 */
static int
on_end(void *arg, const struct hb_bankstmt *s, struct hb_err *e)
{
	struct import *im = arg;
	char open[HB_MONEY_LEN], sum[HB_MONEY_LEN], want[HB_MONEY_LEN];
	char have[HB_MONEY_LEN], read[HB_MONEY_LEN], details[700];
	int64_t stored = 0, total = 0;
	int reconciled = 0;

	if (previous_closing(im, s, e) == -1)
		return -1;
	if (s->has_opening && s->has_closing) {
		if (hb_query_int(im->c->st, &stored, e, "SELECT (SELECT "
		    "coalesce(sum(cents), 0) FROM bank_line WHERE statement_id "
		    "= ?1) + (SELECT coalesce(sum(l.cents), 0) FROM "
		    "statement_repeat r JOIN bank_line l ON l.id = r.line_id "
		    "WHERE r.statement_id = ?1)", "I", im->stmt) != 1)
			return -1;
		if (hb_add(s->opening, stored, &total) == -1)
			total = INT64_MIN;
		reconciled = total == s->closing;
	}
	if (s->has_opening && s->has_closing && !reconciled) {
		hb_money_format(s->opening, open);
		hb_money_format(stored, sum);
		hb_money_format(total, have);
		hb_money_format(s->closing, want);
		hb_money_format(im->sum, read);
		snprintf(details, sizeof(details), "statement %s of %s does "
		    "not reconcile: opening balance %s plus the lines %s is "
		    "%s, but the closing balance is %s%s%s%s",
		    s->stmt_id ? s->stmt_id : "without id", s->account, open,
		    sum, have, want, stored == im->sum ? "" : " (the lines "
		    "read add up to ", stored == im->sum ? "" : read,
		    stored == im->sum ? "" : ": the store does not hold "
		    "them all)");
		if (!im->opts->force)
			return hb_error(e, "%s: %s; nothing imported (force "
			    "with -f)", im->name, details);
		if (signal_import(im, im->account_household,
		    "statement_unreconciled", -1, -1, details, e) == -1)
			return -1;
	}
	return hb_exec(im->c->st, e, "UPDATE statement SET opening = ?, "
	    "closing = ?, opening_date = ?, closing_date = ?, lines = ?, "
	    "reconciled = ? WHERE id = ?", "mmddIiI",
	    s->has_opening ? s->opening : INT64_MIN,
	    s->has_closing ? s->closing : INT64_MIN,
	    s->has_opening ? s->opening_date : -1,
	    s->has_closing ? s->closing_date : -1, im->stmt_lines, reconciled,
	    im->stmt);
}

static const char *
detect(const char *head, size_t n)
{
	const char *p = head;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < head + n && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p < head + n && *p == '<')
		return "camt";
	if ((p + 3 < head + n && memcmp(p, "{1:", 3) == 0) ||
	    (p + 4 < head + n && memcmp(p, ":20:", 4) == 0) ||
	    memmem(head, n, "\n:20:", 5) != NULL)
		return "mt940";
	{
		const char *nl = memchr(p, '\n', (size_t)(head + n - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(head + n - p);

		if (memmem(p, len, "household", 9) != NULL &&
		    memmem(p, len, "pay_date", 8) != NULL)
			return "income";
	}
	return "csv";
}

/* Parses the file into the batch; income data is kept as it is, because
 * reading it takes the register. */
static int
stage_read(struct stage *st, const char *format, struct hb_err *e)
{
	const struct hb_bankreader r = { st, stage_begin, stage_line,
	    stage_end };
	struct hb_csvprofile *p = NULL;
	char head[8192], buf[65536];
	long left;
	size_t n;
	int rc;

	if (strcmp(format, "camt") == 0)
		return hb_camt_read(st->fp, st->name, &r, e);
	if (strcmp(format, "mt940") == 0)
		return hb_mt940_read(st->fp, st->name, &r, e);
	if (strcmp(format, "income") == 0) {
		putc('I', st->out);
		put_int(st->out, st->size);
		for (left = st->size; left > 0; left -= (long)n) {
			n = fread(buf, 1, left < (long)sizeof(buf) ?
			    (size_t)left : sizeof(buf), st->fp);
			if (n == 0)
				return hb_error(e, "cannot read '%s': %s",
				    st->name, ferror(st->fp) ? strerror(errno) :
				    "it changed while it was read");
			fwrite(buf, 1, n, st->out);
		}
		return 0;
	}
	if (strcmp(format, "csv") != 0)
		return hb_error(e, "unknown format '%s': expected camt, mt940, "
		    "csv or income", format);
	if (st->opts->profile != NULL)
		rc = hb_csvprofile_load(st->opts->profile, &p, e);
	else {
		n = fread(head, 1, sizeof(head), st->fp);
		rewind(st->fp);
		rc = hb_csvprofile_detect(head, n, &p, e);
		if (rc == -1 && st->opts->format == NULL)
			hb_error(e, "%s: not a CAMT.053 or MT940 statement, and "
			    "%s", st->name, e->msg);
		else if (rc == -1)
			hb_error_prefix(e, st->name, 0);
	}
	if (rc == -1)
		return -1;
	putc('N', st->out);
	put_str(st->out, hb_csvprofile_name(p));
	rc = hb_bankcsv_read(st->fp, st->name, p, st->opts->account, &r, e);
	hb_csvprofile_free(p);
	return rc;
}

int
hb_import_stage(struct hb_ctx *c, struct hb_import_batch **bp,
    const char *path, const struct hb_import_opts *opts, struct hb_err *e)
{
	struct stage st = { .opts = opts, .name = path, .last_percent = -1 };
	const char *format = "";
	char hash[65], head[4096];
	int64_t id;
	size_t n;
	int rc;

	if (*bp == NULL) {
		*bp = xcalloc(1, sizeof(**bp));
		if (((*bp)->spool = temp_file(e)) == NULL)
			return -1;
	}
	st.out = (*bp)->spool;
	if (open_input(path, &st.fp, &st.size, hash, e) == -1)
		return -1;
	/* a file imported before is not read again; hb_import_apply looks
	 * again under the lock */
	if ((rc = hb_query_int(c->st, &id, e, "SELECT id FROM import WHERE "
	    "file_hash = ?", "s", hash)) == -1)
		goto out;
	if (rc == 0) {
		n = fread(head, 1, sizeof(head), st.fp);
		rewind(st.fp);
		if (n == 0) {
			rc = hb_error(e, "%s: empty file", path);
			goto out;
		}
		format = opts->format != NULL ? opts->format : detect(head, n);
	}
	if (fseeko(st.out, 0, SEEK_END) == -1) {
		rc = hb_error(e, "cannot write the import's temporary file: %s",
		    strerror(errno));
		goto out;
	}
	putc('F', st.out);
	put_str(st.out, path);
	put_str(st.out, hash);
	put_str(st.out, format);
	put_int(st.out, rc);
	put_int(st.out, st.size);
	rc = rc == 0 ? stage_read(&st, format, e) : 0;
	putc('Z', st.out);
	if (rc == 0 && (fflush(st.out) == EOF || ferror(st.out)))
		rc = hb_error(e, "cannot write the import's temporary file: %s",
		    strerror(errno));
	if (rc == 0) {
		(*bp)->ends = xreallocarray((*bp)->ends, (*bp)->nfiles + 1,
		    sizeof(*(*bp)->ends));
		(*bp)->ends[(*bp)->nfiles++] = ftello(st.out);
	}
out:
	fclose(st.fp);
	return rc == -1 ? -1 : 0;
}

/* Writes a file's income data back out, for the income reader. */
static int
apply_income(struct import *im, FILE *spool, struct hb_err *e)
{
	char buf[65536];
	int64_t left;
	size_t n;
	FILE *fp;
	int rc = 0;

	if (get_int(spool, &left, e) == -1 || (fp = temp_file(e)) == NULL)
		return -1;
	while (rc == 0 && left > 0) {
		n = left < (int64_t)sizeof(buf) ? (size_t)left : sizeof(buf);
		if ((rc = get(spool, buf, n, e)) == 0 &&
		    fwrite(buf, 1, n, fp) != n)
			rc = hb_error(e, "cannot write a temporary file: %s",
			    strerror(errno));
		left -= (int64_t)n;
	}
	if (rc == 0 && fflush(fp) == EOF)
		rc = hb_error(e, "cannot write a temporary file: %s",
		    strerror(errno));
	rewind(fp);
	if (rc == 0)
		rc = hb_income_read(im->c, fp, im->name, im->res->import_id,
		    im->res, e);
	fclose(fp);
	return rc;
}

/* The records of one file, handed to the import; with skip, passed over.
 * They run from start to end in the batch. */
static int
apply_records(struct import *im, FILE *spool, off_t start, off_t end,
    int skip, struct hb_err *e)
{
	struct record rs = { 0 }, rl = { 0 };
	struct hb_bankstmt s;
	struct hb_bankline l;
	const char *name;
	int tag, rc = 0;

	memset(&s, 0, sizeof(s));
	while (rc == 0 && (tag = getc(spool)) != 'Z') {
		switch (tag) {
		case 'N':
			if ((rc = get_str(spool, &rl, &name, e)) == 0 && !skip)
				snprintf(im->res->format,
				    sizeof(im->res->format), "csv:%s", name);
			break;
		case 'B':
			if ((rc = get_stmt(spool, &rs, &s, e)) == 0 && !skip)
				rc = on_begin(im, &s, e);
			break;
		case 'L':
			progress(im->opts, im->size, 1, ftello(spool) - start,
			    end - start, &im->last_percent);
			if ((rc = get_line(spool, &rl, &l, e)) == 0 && !skip)
				rc = on_line(im, &s, &l, e);
			break;
		case 'E':
			if ((rc = get_stmt(spool, &rs, &s, e)) == 0 && !skip)
				rc = on_end(im, &s, e);
			break;
		case 'I':
			rc = skip ? 0 : apply_income(im, spool, e);
			break;
		default:
			rc = hb_error(e, "the import's temporary file is "
			    "damaged");
		}
		/* the callbacks return -1 or not, as the readers expect */
		rc = rc == -1 ? -1 : 0;
		record_free(&rl);
	}
	record_free(&rs);
	return rc;
}

int
hb_import_apply(struct hb_ctx *c, struct hb_import_batch *b,
    const struct hb_import_opts *opts, struct hb_import_result *res,
    struct hb_err *e)
{
	struct import im = { .c = c, .opts = opts, .res = res,
	    .after_duplicate = 1, .last_percent = -1 };
	struct record r = { 0 };
	const char *hash, *format;
	int64_t id, before, size;
	off_t start = b->next, end;
	int rc;

	memset(res, 0, sizeof(*res));
	/* a test makes the temporary table take over early */
	im.seen.max = im.seen_old.max = (size_t)test_limit("HB_TEST_SEEN_MAX",
	    SEEN_MAX);
	if (b->applied == b->nfiles)
		return hb_error(e, "no file left to import");
	end = b->ends[b->applied];
	if (fseeko(b->spool, start, SEEK_SET) == -1 || getc(b->spool) != 'F')
		return hb_error(e, "the import's temporary file is damaged");
	if ((rc = get_str(b->spool, &r, &im.name, e)) == -1 ||
	    (rc = get_str(b->spool, &r, &hash, e)) == -1 ||
	    (rc = get_str(b->spool, &r, &format, e)) == -1 ||
	    (rc = get_int(b->spool, &before, e)) == -1 ||
	    (rc = get_int(b->spool, &size, e)) == -1)
		goto out;
	im.size = (long)size;
	if ((rc = hb_query_int(c->st, &id, e, "SELECT id FROM import WHERE "
	    "file_hash = ?", "s", hash)) == -1)
		goto out;
	if (rc == 1 || before) {
		res->already = 1;
		res->import_id = rc == 1 ? id : 0;
		rc = apply_records(&im, b->spool, start, end, 1, e);
		goto out;
	}
	snprintf(res->format, sizeof(res->format), "%s", format);
	hb_now_utc(im.at);
	if ((rc = hb_exec(c->st, e, "INSERT INTO import (file_name, file_hash, "
	    "format, at, actor, forced) VALUES (?, ?, ?, ?, ?, ?)", "sssssi",
	    im.name, hash, format, im.at, c->actor, opts->force)) == -1)
		goto out;
	res->import_id = hb_last_id(c->st);
	/* a debit may be a payout hb exported, when there are any */
	if ((rc = hb_query_int(c->st, &id, e, "SELECT EXISTS (SELECT 1 FROM "
	    "payout WHERE status = 'exported')", "")) == -1)
		goto out;
	im.exported = id != 0;
	if ((rc = hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS "
	    "import_seen (stmt INTEGER, fact TEXT, n INTEGER, PRIMARY KEY "
	    "(stmt, fact)) WITHOUT ROWID", "")) == -1 ||
	    (rc = apply_records(&im, b->spool, start, end, 0, e)) == -1)
		goto out;
	rc = hb_exec(c->st, e, "UPDATE import SET format = ?, statements = ?, "
	    "lines = ?, new_lines = ?, duplicates = ?, matched = ?, "
	    "unmatched = ?, signals = ? WHERE id = ?", "sIIIIIIII",
	    res->format, (int64_t)res->statements, (int64_t)res->lines,
	    (int64_t)res->new_lines, (int64_t)res->duplicates,
	    (int64_t)res->matched, (int64_t)res->unmatched,
	    (int64_t)res->signals, res->import_id);
out:
	if (rc == 0) {
		progress(opts, im.size, 1, 1, 1, &im.last_percent);
		b->next = end;
		b->applied++;
	}
	record_free(&r);
	free(im.seen.slot);
	free(im.seen_old.slot);
	return rc == -1 ? -1 : 0;
}

void
hb_import_batch_free(struct hb_import_batch *b)
{
	if (b == NULL)
		return;
	if (b->spool != NULL)
		fclose(b->spool);
	free(b->ends);
	free(b);
}

int
hb_import_file(struct hb_ctx *c, const char *path,
    const struct hb_import_opts *opts, struct hb_import_result *res,
    struct hb_err *e)
{
	struct hb_import_batch *b = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = hb_import_stage(c, &b, path, opts, e);
	if (rc == 0)
		rc = hb_import_apply(c, b, opts, res, e);
	hb_import_batch_free(b);
	return rc;
}

/*
 * A booking corrected by hand: the months planned on the old booking (of
 * the household it leaves and the one it goes to, from the line's month
 * on) are marked for replanning, and a signal lists them with the payouts
 * already exported for the household it leaves, for a person to follow up.
 */
static int
correction(struct import *im, int64_t line, int64_t hh, int64_t agreement,
    struct hb_err *e)
{
	struct hb_stmt *q;
	char *months = NULL, *paid = NULL, *details, amount[HB_MONEY_LEN];
	char date[HB_DATE_LEN], month[8], was[80];
	int64_t old_hh = -1, old_agr = -1, cents = 0;
	int rc, day = -1;

	if (hb_prepare(im->c->st, &q, e, "SELECT coalesce(household_id, -1), "
	    "coalesce(agreement_id, -1), booking_date, cents FROM "
	    "line_current WHERE id = ?", "I", line) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		old_hh = hb_col_int(q, 0);
		old_agr = hb_col_int(q, 1);
		day = hb_col_date(q, 2);
		cents = hb_col_int(q, 3);
	}
	hb_finalize(q);
	if (rc != 1 || old_hh == -1 || (old_hh == hh && old_agr == agreement))
		return rc == -1 ? -1 : 0;
	hb_date_format(day, date);
	snprintf(month, sizeof(month), "%.7s", date);
	hb_money_format(cents, amount);
	if (hb_exec(im->c->st, e, "INSERT INTO replan (household_id, month, "
	    "line_id, reason, at, actor) SELECT DISTINCT household_id, month, "
	    "?1, 'line ' || ?1 || ' booked again', ?2, ?3 FROM plan WHERE "
	    "household_id IN (?4, ?5) AND month >= ?6 AND superseded_by IS "
	    "NULL", "Issmms", line, im->at, im->c->actor, old_hh,
	    hh < 0 ? INT64_MIN : hh, month) == -1)
		return -1;
	if ((rc = hb_query_text(im->c->st, &months, e, "SELECT "
	    "group_concat(h.code || ' ' || r.month, ', ') FROM (SELECT * FROM "
	    "replan WHERE line_id = ? AND at = ? ORDER BY household_id, month) "
	    "r JOIN household h ON h.id = r.household_id", "Is", line,
	    im->at)) == -1)
		return -1;
	if (hh != old_hh && (rc = hb_query_text(im->c->st, &paid, e, "SELECT "
	    "group_concat('payout ' || p.id || ' (' || p.exec_date || ', ' || "
	    "printf('%d.%02d', p.amount / 100, p.amount % 100) || ' to ' || "
	    "p.creditor || ', ' || p.status || ')', '; ') FROM payout p JOIN "
	    "plan l ON l.id = p.plan_id WHERE p.household_id = ? AND l.month "
	    ">= ? AND p.status IN ('exported', 'reconciled')", "Is", old_hh,
	    month)) == -1) {
		free(months);
		return -1;
	}
	if (old_agr >= 0)
		snprintf(was, sizeof(was), "to agreement %lld of this "
		    "household", (long long)old_agr);
	else
		snprintf(was, sizeof(was), "to this household without an "
		    "agreement");
	xasprintf(&details, "line %lld (%s, %s) was booked %s and is now "
	    "booked %s; months to plan again with 'hb-plan run -a -m MONTH': %s; "
	    "payouts already exported on the old booking: %s", (long long)line,
	    date, amount, was, hh != old_hh ? "to another household" :
	    agreement >= 0 ? "to another of its agreements" : "to it without "
	    "an agreement", months != NULL && *months ? months :
	    "none planned", paid != NULL && *paid ? paid : "none");
	free(months);
	free(paid);
	rc = hb_signal(im->c, old_hh, "booking_corrected", old_agr < 0 ?
	    -1 : old_agr, line, details, e);
	free(details);
	return rc;
}

int
hb_import_book(struct hb_ctx *c, int64_t line, int64_t agreement,
    const char *household, const char *reason, struct hb_err *e)
{
	struct import im = { .c = c };
	int64_t hh = -1, n;
	int rc;

	if (reason == NULL || *reason == '\0')
		return hb_error(e, "a booking by hand needs a reason");
	hb_now_utc(im.at);
	rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM bank_line WHERE id = ?",
	    "I", line);
	if (rc != 1)
		return rc == -1 ? -1 : hb_error(e, "unknown bank line %lld",
		    (long long)line);
	if (agreement > 0) {
		rc = hb_query_int(c->st, &hh, e, "SELECT household_id FROM "
		    "agreement WHERE id = ?", "I", agreement);
		if (rc != 1)
			return rc == -1 ? -1 : hb_error(e, "unknown agreement "
			    "%lld", (long long)agreement);
		rc = hb_query_int(c->st, &n, e, "SELECT (a.direction = 'in') = "
		    "(l.cents > 0) FROM agreement a, bank_line l WHERE a.id = ? "
		    "AND l.id = ?", "II", agreement, line);
		if (rc == 1 && n == 0)
			return hb_error(e, "line %lld goes the other way than "
			    "agreement %lld", (long long)line,
			    (long long)agreement);
		if (rc == -1)
			return -1;
	} else if (hb_household_id(c, household, &hh, e) == -1)
		return -1;
	/* a line on a household's own managed account is that household's */
	rc = hb_query_int(c->st, &n, e, "SELECT a.household_id FROM bank_line l "
	    "JOIN account a ON a.id = l.account_id WHERE l.id = ? AND "
	    "a.kind = 'managed'", "I", line);
	if (rc == 1 && n != hh)
		return hb_error(e, "line %lld is on the managed account of "
		    "another household", (long long)line);
	if (rc == -1)
		return -1;
	if (correction(&im, line, hh, agreement > 0 ? agreement : -1, e) == -1)
		return -1;
	return book(&im, line, hh, agreement > 0 ? agreement : -1, -1, 100,
	    "manual", reason, e);
}

/* A word of the line fit to identify agreement's household next month:
 * with a digit, 5 characters or more, not a date, in no other household's agreements
 * and not yet a term of this one.  0 when there is none. */
int
hb_import_term_suggest(struct hb_ctx *c, int64_t line, int64_t agreement,
    char *term, size_t sz, struct hb_err *e)
{
	char *text, *p, *w, *t;
	int64_t n;
	int rc = 0;

	term[0] = '\0';
	if ((rc = hb_query_text(c->st, &text, e, "SELECT description FROM "
	    "bank_line WHERE id = ?", "I", line)) != 1)
		return rc;
	p = text;
	rc = 0;
	while (rc == 0 && (w = strsep(&p, " \t,;:()[]{}<>\"'")) != NULL) {
		for (t = w; *t != '\0'; t++)
			*t = (char)tolower((unsigned char)*t);
		while (t > w && t[-1] == '.')
			*--t = '\0';
		/* not a year, a date or a household code */
		if (t - w < 5 || strpbrk(w, "0123456789") == NULL ||
		    strchr(w, '|') != NULL || strncmp(w, "hb-", 3) == 0 ||
		    (w[strspn(w, "0123456789-/")] == '\0' &&
		    strpbrk(w, "-/") != NULL))
			continue;
		if ((rc = hb_query_int(c->st, &n, e, "SELECT 1 FROM "
		    "agreement_term t JOIN agreement a ON a.id = "
		    "t.agreement_id WHERE t.term = ? AND (a.id = ?2 OR "
		    "a.household_id <> (SELECT household_id FROM agreement "
		    "WHERE id = ?2))", "sI", w, agreement)) == 0)
			rc = snprintf(term, sz, "%s", w) > 0;
		else if (rc == 1)
			rc = 0;
	}
	free(text);
	return rc;
}

/* A search term added to an agreement, so that its lines match by
 * themselves; refused when another household's agreements have it. */
int
hb_import_add_term(struct hb_ctx *c, int64_t agreement, const char *term,
    struct hb_err *e)
{
	char *t, *p;
	int64_t n;
	int rc;

	while (isspace((unsigned char)*term))
		term++;
	t = xstrdup(term);
	for (p = t + strlen(t); p > t && isspace((unsigned char)p[-1]); p--)
		;
	*p = '\0';
	for (p = t; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if (*t == '\0' || strchr(t, '|') != NULL) {
		free(t);
		return hb_error(e, "invalid search term '%s'", term);
	}
	rc = hb_query_int(c->st, &n, e, "SELECT count(*) FROM agreement_term "
	    "x JOIN agreement a ON a.id = x.agreement_id WHERE x.term = ? AND "
	    "a.household_id <> (SELECT household_id FROM agreement WHERE id = "
	    "?)", "sI", t, agreement);
	if (rc == 1 && n > 0)
		rc = hb_error(e, "search term '%s' is in the agreements of "
		    "another household: it would not identify this one", t);
	else if (rc == 1)
		rc = hb_exec(c->st, e, "UPDATE agreement SET search = CASE "
		    "WHEN search = '' THEN ?1 ELSE search || '|' || ?1 END "
		    "WHERE id = ?2 AND ?1 NOT IN (SELECT term FROM "
		    "agreement_term WHERE agreement_id = ?2)", "sI", t,
		    agreement);
	if (rc != -1)
		rc = hb_exec(c->st, e, "INSERT OR IGNORE INTO agreement_term "
		    "(term, agreement_id) VALUES (?, ?)", "sI", t, agreement);
	free(t);
	return rc == -1 ? -1 : 0;
}

int
hb_signal_resolve(struct hb_ctx *c, int64_t signal, const char *reason,
    char *code, size_t codesz, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (reason == NULL || *reason == '\0')
		return hb_error(e, "resolving a signal needs a reason");
	if (hb_prepare(c->st, &q, e, "SELECT s.status, coalesce(h.code, '') "
	    "FROM signal s LEFT JOIN household h ON h.id = s.household_id "
	    "WHERE s.id = ?", "I", signal) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 0)
		rc = hb_error(e, "unknown signal %lld", (long long)signal);
	else if (rc == 1) {
		snprintf(code, codesz, "%s", hb_col_text(q, 1));
		if (strcmp(hb_col_text(q, 0), "resolved") == 0)
			rc = hb_error(e, "signal %lld is resolved already",
			    (long long)signal);
	}
	hb_finalize(q);
	if (rc != 1)
		return -1;
	return hb_exec(c->st, e, "UPDATE signal SET status = 'resolved', "
	    "resolved_by = ?, resolution = ? WHERE id = ?", "ssI", c->actor,
	    reason, signal);
}
