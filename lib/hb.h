/*
 * hb.h - the one public header of libhb, sectioned by source file.
 *
 * The library never prints and never exits (out-of-memory aside, which is
 * fatal in xmalloc.c).  Functions that can fail return 0 on success and -1
 * on failure, and fill a caller-owned struct hb_err with a message a
 * caseworker understands.
 */
#ifndef HB_H
#define HB_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Text a caseworker or citizen reads goes through _(): the "hb" catalogue
 * of the user's locale (po/).  N_() marks text translated where it is
 * shown.  Machine output (TSV, CSV, JSON, SEPA) is never translated.
 */
#define HB_TEXTDOMAIN "hb"
#ifndef _
#define _(s) dgettext(HB_TEXTDOMAIN, s)
#endif
#define N_(s) (s)
/* singular or plural by n */
#define P_(s, p, n) dngettext(HB_TEXTDOMAIN, s, p, n)

#if defined(__GNUC__)
#define HB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HB_PRINTF(f, a)
#endif

/* error.c */
/*
 * msg is the message in English, as the audit log keeps it; text the same
 * in the user's language (the "hb" catalogue), as commands show it.  The
 * format strings of hb_error and hb_error_at are marked for translation
 * (po/POTFILES.in, "make update-po").
 */
struct hb_err {
	char msg[1024];
	char text[1024];
};
int hb_error(struct hb_err *, const char *, ...) HB_PRINTF(2, 3);
/* "FILE:LINE: field 'FIELD': message"; line <= 0 and NULL parts left out */
int hb_error_at(struct hb_err *, const char *file, long line,
    const char *field, const char *, ...) HB_PRINTF(5, 6);
/* prefix an existing message with "FILE:LINE: " */
int hb_error_prefix(struct hb_err *, const char *file, long line);

/* xmalloc.c: allocation wrappers that never return NULL */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
int xasprintf(char **, const char *, ...) HB_PRINTF(2, 3);

/* text.c: untrusted text */
/* copy with control characters and invalid UTF-8 replaced by '?' */
char *hb_sanitize(const char *);
int hb_utf8_valid(const char *, size_t);
/* a CSV cell that a spreadsheet would take as a formula gets a quote */
int hb_csv_needs_neutral(const char *);
/* transliterate to the SEPA Latin character set; max bytes incl. NUL */
void hb_sepa_text(const char *in, char *out, size_t outsz);

/* money.c: int64 cents, checked */
enum hb_decimal {
	HB_DECIMAL_DOT,		/* 1,234.56 or 1234.56 */
	HB_DECIMAL_COMMA	/* 1.234,56 or 1234,56 */
};
#define HB_MONEY_LEN 32
int hb_money_parse(const char *, enum hb_decimal, int64_t *,
    struct hb_err *);
/* 1234.56, -0.01: for machines */
void hb_money_format(int64_t, char[HB_MONEY_LEN]);
/* € 1.234,56 and € -1.234,56: for people */
void hb_money_format_nl(int64_t, char[HB_MONEY_LEN]);
int hb_add(int64_t, int64_t, int64_t *);	/* -1 on overflow */
int hb_sub(int64_t, int64_t, int64_t *);
int hb_mul(int64_t, int64_t, int64_t *);
/* a * num / den, rounded down (toward minus infinity); -1 on overflow */
int hb_muldiv(int64_t a, int64_t num, int64_t den, int64_t *);

/* date.c: civil dates as days since 1970-01-01 */
#define HB_DATE_LEN 11
int hb_date_make(int y, int m, int d);
int hb_date_valid(int y, int m, int d);
void hb_date_split(int day, int *y, int *m, int *d);
int hb_date_parse(const char *, int *);	/* strict YYYY-MM-DD */
void hb_date_format(int, char[HB_DATE_LEN]);
int hb_month_days(int y, int m);
/* day of month dom in (y, m); 29-31 clamped to the month's last day */
int hb_date_clamped(int y, int m, int dom);
int hb_date_add_months(int day, int n);	/* keeps the day, clamped */
int hb_weekday(int day);		/* 1 = Monday ... 7 = Sunday */
int hb_easter(int y);			/* Easter Sunday */
int hb_is_holiday(int day);		/* TARGET2 closing day */
int hb_is_bank_day(int day);
int hb_bank_day_on_or_before(int day);
int hb_bank_day_on_or_after(int day);
int hb_bank_days_add(int day, int n);	/* n bank days later (or earlier) */
/* today, or $HB_NOW (YYYY-MM-DD) when set */
int hb_today(int *, struct hb_err *);

/* schedule.c: when an agreement falls due */
enum hb_sched_kind {
	HB_SCHED_MONTHLY,	/* monthly:DAY, 1-31, clamped */
	HB_SCHED_WEEKLY,	/* weekly:mon ... weekly:sun */
	HB_SCHED_FOURWEEKLY,	/* 4weekly:YYYY-MM-DD anchor */
	HB_SCHED_YEARLY,	/* yearly:MM-DD */
	HB_SCHED_ONCE		/* once:YYYY-MM-DD */
};
struct hb_schedule {
	enum hb_sched_kind kind;
	int day;		/* monthly/yearly: day of month; weekly: 1-7 */
	int month;		/* yearly */
	int anchor;		/* 4weekly, once: a date */
};
#define HB_SCHED_LEN 32
int hb_schedule_parse(const char *, struct hb_schedule *, struct hb_err *);
void hb_schedule_format(const struct hb_schedule *, char[HB_SCHED_LEN]);
/* first due date on or after day, or -1 if none (once, in the past) */
int hb_schedule_next(const struct hb_schedule *, int day);

/* iban.c */
#define HB_IBAN_LEN 35
/* strip spaces, upper-case, check country length and mod 97 */
int hb_iban_normalize(const char *, char[HB_IBAN_LEN], struct hb_err *);
/* a Dutch account number (digits, or ING's "P1234567") of the bank with
 * the four-letter code bank ("ABNA") as its IBAN */
int hb_iban_from_nl_account(const char *bank, const char *number,
    char[HB_IBAN_LEN], struct hb_err *);

/* sha256.c */
struct hb_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t fill;
};
void hb_sha256_init(struct hb_sha256 *);
/* with the processor's SHA instructions when use and it has them (the
 * default); returns whether it does */
int hb_sha256_hardware(int use);
void hb_sha256_update(struct hb_sha256 *, const void *, size_t);
void hb_sha256_final(struct hb_sha256 *, unsigned char[32]);
/* 64 hex digits and a NUL */
void hb_sha256_hex(const void *, size_t, char[65]);
void hb_hex(const unsigned char *, size_t, char *);
/* HMAC-SHA256 (RFC 2104) */
struct hb_hmac {
	struct hb_sha256 inner, outer;
};
void hb_hmac_init(struct hb_hmac *, const void *key, size_t keylen);
void hb_hmac_update(struct hb_hmac *, const void *, size_t);
void hb_hmac_final(struct hb_hmac *, unsigned char[32]);

/* store.c: the one SQLite store; the only file that includes sqlite3.h */
struct hb_store;
struct hb_stmt;
#define HB_STORE_CREATE 0x1	/* create the store when it is missing */
#define HB_STORE_READONLY 0x2
/* -d FILE, else $HB_DB, else $XDG_DATA_HOME/hb/hb.db, else ~/.local/... */
int hb_store_path(const char *opt, char **, struct hb_err *);
int hb_store_open(const char *path, int flags, struct hb_store **,
    struct hb_err *);
void hb_store_close(struct hb_store *);
int hb_store_created(const struct hb_store *);	/* made by this open */
int hb_store_version(struct hb_store *, int *, struct hb_err *);
int hb_begin(struct hb_store *, struct hb_err *);	/* BEGIN IMMEDIATE */
int hb_begin_read(struct hb_store *, struct hb_err *);	/* BEGIN (deferred) */
/* the read log beside the store (audit.c writes and folds it) */
int hb_store_reads(struct hb_store *, int create, struct hb_store **,
    struct hb_err *);
void hb_store_reads_folded(struct hb_store *, int64_t upto);
int hb_commit(struct hb_store *, struct hb_err *);
void hb_rollback(struct hb_store *);
/*
 * Statements take their parameters from a type string: 'i' int,
 * 'I' int64_t, 's' const char * (NULL binds NULL), 'd' a date as an int
 * day number bound as YYYY-MM-DD (-1 binds NULL), 'm' int64_t that is
 * NULL when it equals INT64_MIN.
 */
int hb_prepare(struct hb_store *, struct hb_stmt **, struct hb_err *,
    const char *sql, const char *types, ...);
int hb_step(struct hb_stmt *, struct hb_err *);	/* 1 row, 0 done, -1 */
int hb_col_count(struct hb_stmt *);
const char *hb_col_name(struct hb_stmt *, int);
int hb_col_null(struct hb_stmt *, int);
int64_t hb_col_int(struct hb_stmt *, int);
const char *hb_col_text(struct hb_stmt *, int);	/* "" for NULL */
int hb_col_date(struct hb_stmt *, int);		/* -1 for NULL */
void hb_finalize(struct hb_stmt *);
int hb_exec(struct hb_store *, struct hb_err *, const char *sql,
    const char *types, ...);
/* first column of the first row: 1 found, 0 no row, -1 error */
int hb_query_int(struct hb_store *, int64_t *, struct hb_err *,
    const char *sql, const char *types, ...);
int hb_query_text(struct hb_store *, char **, struct hb_err *,
    const char *sql, const char *types, ...);
int64_t hb_last_id(struct hb_store *);
int64_t hb_store_vm_steps(const struct hb_store *);
int hb_changes(struct hb_store *);
/*
 * The audit key, STORE.key beside the store: the audit chain and the
 * seals of the rows hb writes are keyed with it.  NULL when the store has
 * none (see hb_store_key_missing).
 */
#define HB_KEY_LEN 32
const unsigned char *hb_store_key(const struct hb_store *);
/* keyed entries exist but the key file does not: writing is refused */
int hb_store_key_missing(const struct hb_store *);
/* -1 with the error when the key is missing: nothing can be written */
int hb_store_check_key(struct hb_store *, struct hb_err *);
const char *hb_store_key_path(const struct hb_store *);
const char *hb_store_file(const struct hb_store *);
/*
 * Seals: every change hb makes to a sealed table is sealed with the key
 * when its transaction commits.  hb_store_seal_scan calls report for each
 * row whose seal does not match (what: "changed outside hb", "added
 * outside hb", "removed outside hb"); table NULL scans every sealed table;
 * id > 0 checks that row only.  Returns the number of rows reported.
 */
/* 1 when the schema is as hb's migrations left it, 0 when not */
int hb_store_schema_sealed(struct hb_store *, struct hb_err *);
int hb_store_seal_scan(struct hb_store *, const char *table, int64_t id,
    void (*report)(void *, const char *table, int64_t id, const char *what),
    void *, struct hb_err *);

/* schema.c: the append-only list of migrations */
struct hb_migration {
	int version;
	const char *sql;
};
extern const struct hb_migration hb_migrations[];
extern const int hb_nmigrations;


/* ctx.c: one command's session with the store */
struct hb_matcher;
struct hb_ctx {
	struct hb_store	*st;
	char		*db_path;
	char		 actor[64];	/* login user, for the audit log */
	char		 trace_id[33];	/* one per invocation */
	int		 today;
	int		 params_added;	/* by creating the store */
	char		 started[32];	/* when the command started (UTC) */
	struct hb_matcher *matcher;	/* match.c's, read when first needed */
	/* what an operation tells its audit entry; empty when not set */
	char		 audit_household[16];
	char		 audit_detail[256];
};
int hb_ctx_open(struct hb_ctx *, const char *dbopt, int flags,
    struct hb_err *);
void hb_ctx_close(struct hb_ctx *);
/* $HB_SHAREDIR, else the installed share/hb */
const char *hb_sharedir(void);
void hb_random_hex(char *, size_t nbytes);	/* writes 2 * nbytes + NUL */

/* outcome.c: a decision's outcome in the reader's language, from its key
 * and arguments, else the English record as stored */
const char *hb_outcome_text(const char *key);
void hb_outcome_render(const char *key, const char *args,
    const char *stored, char *out, size_t);
/* 0 while writing for machines: the English record (table.c, explain.c) */
void hb_outcome_translate(int);
#define HB_OUTCOME(d) "hb_outcome(" d ".outcome_key, " d ".outcome_args, " \
    d ".outcome)"
#define HB_DETAILS(s) "hb_outcome(" s ".details_key, " s ".details_args, " \
    s ".details)"

/* audit.c: the hash-chained log; results "ok", "error", "refused" */
void hb_now_utc(char[32]);
int hb_audit(struct hb_ctx *, const char *action, const char *household,
    const char *result, const char *detail, struct hb_err *);
/* after a rollback: an entry in its own transaction, errors ignored */
void hb_audit_alone(struct hb_ctx *, const char *action,
    const char *household, const char *result, const char *detail);
void hb_audit_failure(struct hb_ctx *, const char *action,
    const char *household, const char *detail);
/* a command that only read: its entry goes to the read log, without the
 * store's write lock; the next hb_audit folds it into the chain */
int hb_audit_read(struct hb_ctx *, const char *action,
    const char *household, const char *result, const char *detail,
    struct hb_err *);
/* fold the read log's entries into the chain, in this transaction (done
 * by every hb_audit) */
int hb_audit_fold(struct hb_ctx *, struct hb_err *);
/* the read log's entries not yet folded: *bad = the first whose MAC does
 * not match, or 0 */
int hb_audit_reads_verify(struct hb_ctx *, int64_t *bad, int64_t *count,
    struct hb_err *);
/* 0 and *bad = 0 when intact, else *bad = first broken entry id; _from
 * starts after entry `after` whose hash is prev (0 and "" for all), and
 * every entry after keyed_after must be keyed */
int hb_audit_verify(struct hb_ctx *, int64_t *bad, int64_t *count,
    char head[65], struct hb_err *);
int hb_audit_verify_from(struct hb_ctx *, int64_t after, const char *prev,
    int64_t keyed_after, int64_t *bad, int64_t *count, int64_t *head_id, char head[65],
    struct hb_err *);

/* verify.c: what hb-household verify checks */
struct hb_verify {
	void	(*report)(void *, const char *);	/* one finding */
	void	*arg;
	int	 problems;
	int64_t	 entries;		/* audit entries checked */
	char	 head[65];		/* the chain's head */
};
/* the whole store, in a read transaction of its own */
int hb_verify_store(struct hb_ctx *, struct hb_verify *, struct hb_err *);
/* the fast check before an export, in the caller's transaction: the
 * triggers, the audit chain since the last checkpoint (which it then
 * moves to the head), and the seals of the payouts planned or approved
 * for execution from..to or reserved, and of the unsettled batches */
int hb_verify_quick(struct hb_ctx *, int from, int to, struct hb_err *);

/* param.c: dated parameters and the municipality's policy */
int hb_params_load(struct hb_ctx *, const char *file, int *added,
    struct hb_err *);
int hb_params_load_defaults(struct hb_ctx *, int *added, struct hb_err *);
/* value valid on day: 1 found, 0 none, -1 error */
int hb_param_cents(struct hb_ctx *, const char *name, int day, int64_t *,
    struct hb_err *);
int hb_param_text(struct hb_ctx *, const char *name, int day, char **,
    struct hb_err *);

/* fields.c: a record as field=value pairs, from the command line or CSV */
#define HB_FIELDS_MAX 32
struct hb_fields {
	int		 n;
	const char	*key[HB_FIELDS_MAX];
	const char	*val[HB_FIELDS_MAX];
	char		 norm[HB_FIELDS_MAX][48];	/* translated values */
};
const char *hb_field(const struct hb_fields *, const char *);
void hb_field_set(struct hb_fields *, const char *, const char *);
/* the fields a record type takes, NULL-terminated; NULL if unknown */
const char *const *hb_record_fields(const char *record);
/* words.c: a caseworker's Dutch word, date (1-12-2026) or amount
 * (€ 24,75) for field key as the value the store keeps; val itself, a
 * constant or buf */
const char *hb_word(const char *key, const char *val, char *buf, size_t sz);
int hb_field_required(const char *record, const char *field);

/* household.c: the register */
/* adds one record; *id gets the new code or id for the caller to show */
int hb_record_add(struct hb_ctx *, const char *record,
    const struct hb_fields *, char *id, size_t idsz, struct hb_err *);
int hb_household_id(struct hb_ctx *, const char *code, int64_t *,
    struct hb_err *);
int hb_household_set(struct hb_ctx *, const char *code,
    const struct hb_fields *, struct hb_err *);
/* ends the participation and every agreement running past day */
int hb_household_end(struct hb_ctx *, const char *code, int day, int *ended,
    struct hb_err *);
int hb_agreement_end(struct hb_ctx *, int64_t id, int day, char *code,
    size_t codesz, struct hb_err *);
int hb_organisation_iban(struct hb_ctx *, const char *name,
    const char *iban, struct hb_err *);
int hb_kind_is_income(const char *kind);
int hb_kind_is_taking(const char *kind);
/*
 * For forms that ask field by field: the values field of record takes
 * (the store's words; NULL for free text or values from the store), and
 * the Dutch words a caseworker may type for them (words.c); whether the
 * record needs field given the fields so far (required, or required by
 * another field's value: an agreement's organisation unless it is
 * leefgeld or a reservation, a taking's legal basis and claim); and a
 * check of one value on its own, -1 with the reason.
 */
const char *const *hb_field_choices(const char *record, const char *field);
const char *const *hb_field_words(const char *field);
int hb_field_needed(const char *record, const struct hb_fields *,
    const char *field);
int hb_field_check(struct hb_ctx *, const char *record, const char *field,
    const char *value, struct hb_err *);

/* intake.c: bulk intake of a CSV file, one transaction */
int hb_intake(struct hb_ctx *, const char *file, int *records,
    struct hb_err *);

/* table.c: output for people and for scripts */
enum hb_format { HB_OUT_HUMAN, HB_OUT_TSV, HB_OUT_CSV, HB_OUT_JSON };
int hb_format_parse(const char *, enum hb_format *);
/*
 * Runs the statement to its end and writes its rows; types has one
 * letter per column: 's' text, 'm' cents, 'i' integer, 'd' date.
 */
/* human tables fit this many columns (0: no limit, the default) */
void hb_table_set_width(int columns);
/* that width, 0 for no limit */
int hb_table_width(void);
/* text's lines, each ended with a newline, broken to fit columns (0: no
 * limit) at spaces, continuation lines indented indent more spaces */
void hb_wrap(FILE *, const char *text, int columns, int indent);
int hb_table_write(FILE *, enum hb_format, struct hb_stmt *,
    const char *types, struct hb_err *);
/* the same for rows held in memory: ncols = strlen(types) cells a row;
 * 'i' cells give their number as text, 'm' cells their cents */
struct hb_cell {
	const char	*text;
	int64_t		 cents;
	int		 null;
};
int hb_table_cells(FILE *, enum hb_format, const char *const *name,
    const char *types, const struct hb_cell *, size_t nrows);

/* list.c: the register's views, with stable documented columns */
int hb_list(struct hb_ctx *, const char *what, const char *household,
    FILE *, enum hb_format, struct hb_err *);
int hb_show(struct hb_ctx *, const char *code, FILE *, enum hb_format,
    struct hb_err *);


/*
 * Bank files.  Every reader streams: it calls begin() for each statement,
 * line() for each bank line and end() when the statement is complete, so
 * memory does not grow with the size of the file.  A callback that returns
 * -1 stops the reader, which then returns -1 with the callback's error.
 * Strings in the structs live only for the duration of the call.
 */
struct hb_bankline {
	int		 booking_date;
	int		 value_date;		/* -1 when the file has none */
	int64_t		 cents;			/* credit > 0, debit < 0 */
	char		 counter_iban[HB_IBAN_LEN]; /* "" when none */
	const char	*counter_name;		/* "" when none */
	const char	*description;		/* remittance, "" when none */
	const char	*bank_ref;	/* AcctSvcrRef, Volgnr, MT940 ref or NULL */
	const char	*end_to_end;		/* NULL when none */
	int		 reversal;		/* RvslInd, MT940 RC/RD */
	const char	*return_reason;		/* RtrInf code or NULL */
	long		 src_line;		/* line in the file, 0 unknown */
};
struct hb_bankstmt {
	const char	*format;	/* "camt.053.001.02", "mt940", "csv:ing-9" */
	char		 account[HB_IBAN_LEN];
	const char	*stmt_id;		/* the bank's id or NULL */
	int		 has_opening, has_closing;
	int64_t		 opening, closing;	/* signed cents */
	int		 opening_date, closing_date;	/* -1 unknown */
	long		 src_line;
};
struct hb_bankreader {
	void	*arg;
	int	(*begin)(void *, const struct hb_bankstmt *, struct hb_err *);
	int	(*line)(void *, const struct hb_bankstmt *,
		    const struct hb_bankline *, struct hb_err *);
	int	(*end)(void *, const struct hb_bankstmt *, struct hb_err *);
};
/* the largest bank file accepted, in bytes */
#define HB_BANKFILE_MAX (512L * 1024 * 1024)
/*
 * The largest amount or balance a bank file may carry, in cents: EUR
 * 999,999,999.99, the most a SEPA payment can be.  A file of 512 MiB
 * holds too few lines for their sum to overflow an int64_t.
 */
#define HB_AMOUNT_MAX INT64_C(99999999999)

/* camt.c: CAMT.053 .001.02, .001.04, .001.08 with libxml2, no network */
int hb_camt_read(FILE *, const char *name, const struct hb_bankreader *,
    struct hb_err *);

/* mt940.c: MT940 of ING, ABN AMRO, BNG, Rabobank and Triodos */
int hb_mt940_read(FILE *, const char *name, const struct hb_bankreader *,
    struct hb_err *);

/* encoding.c */
enum hb_encoding { HB_ENC_UTF8, HB_ENC_CP1252, HB_ENC_LATIN9 };
/* BOM, else valid UTF-8, else CP1252 */
enum hb_encoding hb_detect_encoding(const char *, size_t);
/* a malloc'd UTF-8 copy of len bytes in the given encoding */
char *hb_to_utf8(const char *, size_t, enum hb_encoding);

/* bankcsv.c: bank CSV exports, one profile per bank and version */
struct hb_csvprofile;
/* share/hb/csv/NAME.profile */
int hb_csvprofile_load(const char *name, struct hb_csvprofile **,
    struct hb_err *);
/* the profile whose header or shape fits the start of the file */
int hb_csvprofile_detect(const char *head, size_t len,
    struct hb_csvprofile **, struct hb_err *);
const char *hb_csvprofile_name(const struct hb_csvprofile *);
void hb_csvprofile_free(struct hb_csvprofile *);
/* account: the statement's IBAN when the export has no account column */
int hb_bankcsv_read(FILE *, const char *name, const struct hb_csvprofile *,
    const char *account, const struct hb_bankreader *, struct hb_err *);


/* match.c: which household and agreement a bank line belongs to; the
 * defaults of policy.match_book_score and policy.match_book_gap */
#define HB_MATCH_BOOK 60	/* the least score that books a line */
#define HB_MATCH_GAP 10		/* ... and its lead over the runner-up */
struct hb_candidate {
	int64_t		 agreement;
	int64_t		 household;
	int		 score;
	int		 expected;	/* due date the line is taken for */
	int		 amount_ok;	/* within the agreement's margin */
	int64_t		 agreed, margin;	/* the agreement's amount */
	char		 reason[512];
};
struct hb_matchline {
	int64_t		 account_household;	/* -1 on a pooled account */
	int		 date;
	int64_t		 cents;
	const char	*counter_iban;
	const char	*text;		/* description and counterparty name */
};
enum {
	HB_MATCH_NONE,		/* nothing identifies a household */
	HB_MATCH_AGREEMENT,	/* book the best candidate */
	HB_MATCH_HOUSEHOLD,	/* book the household, no agreement */
	HB_MATCH_AMBIGUOUS	/* evidence for more than one household */
};
struct hb_match_verdict {
	int		 outcome;	/* HB_MATCH_* */
	int64_t		 household;	/* the one identified, or -1 */
	int		 households;	/* how many the evidence points at */
	char		 evidence[400];	/* what identified them */
};
/*
 * The best candidates, best first, each with its reason; returns how many
 * (at most max).  The verdict says what to book: the best (AGREEMENT), the
 * identified household only (HOUSEHOLD), or nothing.  The agreements are
 * read into memory at the first call and kept until hb_match_forget: call
 * it when agreements may have changed (hb-import does after each
 * invocation's transaction).
 */
int hb_match(struct hb_ctx *, const struct hb_matchline *,
    struct hb_candidate *, int max, struct hb_match_verdict *,
    struct hb_err *);
void hb_match_forget(struct hb_ctx *);
void hb_match_free(struct hb_matcher *);

/* import.c: bank files and income data into the store, in the caller's
 * transaction */
struct hb_import_opts {
	int		 force;		/* import a statement that does not
					 * reconcile, with a signal */
	const char	*format;	/* camt, mt940, csv, income; NULL: detect */
	const char	*profile;	/* CSV profile; NULL: detect */
	const char	*account;	/* for CSV exports without one */
	void		(*progress)(void *, long done, long total);
	void		*progress_arg;
};
struct hb_import_result {
	char		 format[32];
	int		 already;	/* this very file was imported before */
	int64_t		 import_id;
	long		 statements, lines, new_lines, duplicates;
	long		 matched, unmatched, signals;
};
int hb_import_file(struct hb_ctx *, const char *path,
    const struct hb_import_opts *, struct hb_import_result *,
    struct hb_err *);
/*
 * The same in two steps, so that the store is locked only while it is
 * written: hb_import_stage reads and parses a file ("-": standard input)
 * into a batch (*batch NULL at first) outside any transaction; then
 * hb_import_apply writes the batch's files, one per call and in order,
 * in the caller's transaction.  After a failure, only free the batch.
 */
struct hb_import_batch;
int hb_import_stage(struct hb_ctx *, struct hb_import_batch **batch,
    const char *path, const struct hb_import_opts *, struct hb_err *);
int hb_import_apply(struct hb_ctx *, struct hb_import_batch *,
    const struct hb_import_opts *, struct hb_import_result *,
    struct hb_err *);
void hb_import_batch_free(struct hb_import_batch *);
int hb_signal_resolve(struct hb_ctx *, int64_t signal, const char *reason,
    char *code, size_t codesz, struct hb_err *);
/* book a line by hand: to an agreement, or to a household only */
int hb_import_book(struct hb_ctx *, int64_t line, int64_t agreement,
    const char *household, const char *reason, struct hb_err *);
/* a word of the line that would identify the agreement's household: 1
 * found, 0 none; and adding it as a search term */
int hb_import_term_suggest(struct hb_ctx *, int64_t line, int64_t agreement,
    char *term, size_t sz, struct hb_err *);
int hb_import_add_term(struct hb_ctx *, int64_t agreement, const char *term,
    struct hb_err *);
int hb_signal(struct hb_ctx *, int64_t household, const char *kind,
    int64_t agreement, int64_t line, const char *details, struct hb_err *);

/* income.c: income statements (employer, UWV), only with consent */
int hb_income_read(struct hb_ctx *, FILE *, const char *name,
    int64_t import_id, struct hb_import_result *, struct hb_err *);


/* rules.c: every rule a decision can name */
struct hb_rule {
	const char	*id;
	const char	*basis;
	const char	*summary;
};
const struct hb_rule *hb_rule(const char *);
const struct hb_rule *hb_rule_at(size_t);

/* plan.c: a household's month, day by day, against the real balance */
struct hb_plan_result {
	int64_t		 plan_id;
	int64_t		 opening, closing, buffer_used;
	int		 payouts;	/* planned or approved */
	int		 advisory;	/* advisory decisions */
	int		 held;		/* holds */
	int		 signals;
};
/* month as YYYY-MM; in the caller's transaction */
int hb_plan_month(struct hb_ctx *, const char *code, const char *month,
    struct hb_plan_result *, struct hb_err *);
/* the same for many households of one month, which share its parameters
 * and buffers */
struct hb_planner;
int hb_planner_new(struct hb_ctx *, const char *month, struct hb_planner **,
    struct hb_err *);
int hb_planner_plan(struct hb_planner *, const char *code,
    struct hb_plan_result *, struct hb_err *);
/*
 * The same in a savepoint of its own, for a batch: a household that fails
 * is rolled back alone and gets a plan_failed signal; returns 1 then, with
 * the reason in the error.  -1 when even that fails (or the household is
 * unknown): the batch stops.
 */
int hb_planner_plan_alone(struct hb_planner *, const char *code,
    struct hb_plan_result *, struct hb_err *);
void hb_planner_free(struct hb_planner *);
int hb_plan_approve(struct hb_ctx *, int64_t decision, const char *reason,
    char *code, size_t codesz, struct hb_err *);
/* balance of a household's money at the start of day */
int hb_balance(struct hb_ctx *, int64_t household, int day, int64_t *,
    struct hb_err *);

/* escalate.c: the escalation button.  Each function that changes the
 * store runs in the caller's transaction and sets ctx's audit_household
 * and audit_detail for its audit entry. */
extern const char *const hb_escalation_categories[];	/* NULL-ended */
extern const char *const hb_escalation_urgencies[];
extern const char *const hb_escalation_parties[];	/* on_behalf_of */
/* the fields "file" takes, NULL-ended; required ones first */
extern const char *const hb_escalation_fields[];
int hb_escalation_required(const char *field);
/* one field's value, as a prompt would check it; household is the code
 * already given (for decision and the other subjects) */
int hb_escalation_check(struct hb_ctx *, const char *field,
    const char *value, const char *household, struct hb_err *);
/* values to complete a field with: a NULL-ended malloc'd array */
char **hb_escalation_choices(struct hb_ctx *, const char *field,
    const char *household);
struct hb_escalation_filed {
	int64_t		 id;
	int		 due;
	int		 withdrawn;	/* planned takings cancelled */
	char		*on_its_way;	/* payouts already exported or
					 * reserved, one per line; or NULL */
};
int hb_escalation_file(struct hb_ctx *, const struct hb_fields *,
    struct hb_escalation_filed *, struct hb_err *);
/* take: assignee NULL for the actor */
int hb_escalation_assign(struct hb_ctx *, int64_t id, const char *assignee,
    struct hb_err *);
int hb_escalation_comment(struct hb_ctx *, int64_t id, const char *text,
    struct hb_err *);
int hb_escalation_resolve(struct hb_ctx *, int64_t id, const char *outcome,
    const char *reason, struct hb_err *);
int hb_escalation_reopen(struct hb_ctx *, int64_t id, const char *reason,
    struct hb_err *);
struct hb_escalation_filter {
	const char	*status;	/* open (open or taken), taken,
					 * resolved, all; NULL: open */
	const char	*urgency;
	const char	*assignee;	/* assignee or the household's
					 * caseworker */
	const char	*household;
	int		 overdue;
};
int hb_escalation_list(struct hb_ctx *, const struct hb_escalation_filter *,
    FILE *, enum hb_format, struct hb_err *);
int hb_escalation_show(struct hb_ctx *, int64_t id, FILE *, enum hb_format,
    struct hb_err *);
/* by rule, category and outcome, of the escalations filed from..to */
int hb_escalation_report(struct hb_ctx *, int from, int to, FILE *,
    enum hb_format, struct hb_err *);
/* for the planner's batch: a signal for each escalation that went overdue
 * (once); *overdue gets how many are overdue now */
int hb_escalation_overdue(struct hb_ctx *, int *overdue, struct hb_err *);
/* file an automatic, urgent escalation (about decision when > 0) unless
 * policy.auto_escalate is off or an automatic one about the household is
 * open; *id 0 when none was filed */
int hb_escalate_auto(struct hb_ctx *, int64_t household, const char *why,
    int64_t decision, int64_t *id, struct hb_err *);
/* after a household's plan in a batch: escalate automatically when its
 * buffer is exhausted or a payout is held for a second time */
int hb_escalation_after_plan(struct hb_ctx *, int64_t plan_id, int64_t *id,
    struct hb_err *);
/* a line per open escalation of the household for the plan's human
 * output: what it suspends and its due date */
int hb_escalation_plan_note(struct hb_ctx *, const char *code, FILE *,
    struct hb_err *);

/* explain.c: every decision, payout, signal and booking explained */
enum hb_explain_form {
	HB_EXPLAIN_TEXT,	/* for the caseworker, in the locale */
	HB_EXPLAIN_LETTER,	/* to the citizen, Dutch, language level B1 */
	HB_EXPLAIN_MARKDOWN,	/* the letter as Markdown, for mail merge */
	HB_EXPLAIN_JSON		/* complete, for machines (hb-explain(1)) */
};
/* keep with a new plan what it is made with: the parameter periods in
 * force on first (*set: their parameter_set, found when 0 and kept for
 * the plans that share them), the household's agreements and buffer
 * limit */
int hb_plan_record(struct hb_ctx *, int64_t plan, int64_t household,
    int first, int64_t *set, struct hb_err *);
/*
 * what: D123 (decision), P123 (payout), S123 (signal), L123 (a bank
 * line's booking), also decision:123 and so on; or a household code with
 * month YYYY-MM (NULL: this month).  Sets the ctx's audit household and
 * detail.
 */
int hb_explain(struct hb_ctx *, const char *what, const char *month,
    enum hb_explain_form, FILE *, struct hb_err *);

/* export.c: SEPA pain.001 of the payouts due, exactly once */
struct hb_export_opts {
	int		 from, to;	/* execution dates, inclusive */
	const char	*dir;		/* where the file goes */
	int		 version;	/* 3: pain.001.001.03, 9: .09 */
};
struct hb_export_result {
	char		 file[1024];
	char		 msg_id[36];
	int		 count;
	int64_t		 sum;
	int		 recovered;	/* batches finished after a crash */
	int		 locked;	/* another live export holds the lease */
};
/* runs its own transactions: see export.c */
int hb_export(struct hb_ctx *, const struct hb_export_opts *,
    struct hb_export_result *, struct hb_err *);

/* overview.c: the model of hb-overview's list and month view */
#define HB_OV_SIGNALS	0x01	/* active signals */
#define HB_OV_BUFFER	0x02	/* the buffer is used this month */
#define HB_OV_HELD	0x04	/* payouts held */
#define HB_OV_ADVISORY	0x08	/* payouts awaiting approval */
#define HB_OV_ESCALATED	0x10	/* an open escalation */
#define HB_OV_OVERDUE	0x20	/* ... past its due date */
#define HB_OV_UNMATCHED	0x40	/* bank lines nobody booked */
#define HB_OV_NOPLAN	0x80	/* taking part, but no plan for the month */
struct hb_ov_household {
	int64_t		 id;
	char		 code[16];
	char		*name, *caseworker;
	int		 active, has_plan;
	int64_t		 opening, closing, buffer_used;
	int		 signals, held, advisory, escalations, overdue;
	int		 unmatched;
};
struct hb_overview {
	char		 month[8];
	int		 today;
	struct hb_ov_household *h;	/* by id, which is register order */
	size_t		 n;
	int64_t		 unmatched;	/* all lines nobody booked */
};
struct hb_ov_entry {
	int64_t		 decision, payout;	/* 0 when none */
	int64_t		 line;		/* a booked line, in a month unplanned */
	int		 day;
	char		 subject[16], mode[9], status[12];
	char		*what, *outcome;
	int64_t		 amount, balance;
	int64_t		 moved;		/* the balance's change: + in, - out */
	int64_t		 advance;	/* the part the buffer paid */
};
struct hb_ov_signal {
	int64_t		 id;
	char		 kind[32];
	char		*details;
	int		 active;
};
struct hb_ov_month {
	char		 month[8];
	int		 has_plan;
	int64_t		 opening, closing, buffer_used, in, out;
	struct hb_ov_entry *e;
	size_t		 n;
	struct hb_ov_signal *signal;
	size_t		 nsignal;
};
struct hb_ov_line {
	int64_t		 id, cents, suggestion;	/* suggested agreement or 0 */
	int		 date;
	char		*counter_name, *description;
};
/* in the caller's transaction; month as YYYY-MM */
int hb_overview_build(struct hb_ctx *, const char *month,
    struct hb_overview *, struct hb_err *);
void hb_overview_free(struct hb_overview *);
int hb_ov_flags(const struct hb_ov_household *);
int hb_ov_needs_person(const struct hb_ov_household *);
int hb_overview_month(struct hb_ctx *, const char *code, const char *month,
    struct hb_ov_month *, struct hb_err *);
void hb_ov_month_free(struct hb_ov_month *);
int hb_overview_unmatched(struct hb_ctx *, const char *code,
    struct hb_ov_line **, size_t *, struct hb_err *);
void hb_ov_lines_free(struct hb_ov_line **, size_t *);

#endif
