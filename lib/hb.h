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

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define HB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HB_PRINTF(f, a)
#endif

/* error.c */
struct hb_err {
	char msg[1024];
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
int hb_begin_read(struct hb_store *, struct hb_err *);
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
int hb_changes(struct hb_store *);

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

/* audit.c: the hash-chained log; results "ok", "error", "refused" */
void hb_now_utc(char[32]);
int hb_audit(struct hb_ctx *, const char *action, const char *household,
    const char *result, const char *detail, struct hb_err *);
/* after a rollback: an entry in its own transaction, errors ignored */
void hb_audit_alone(struct hb_ctx *, const char *action,
    const char *household, const char *result, const char *detail);
void hb_audit_failure(struct hb_ctx *, const char *action,
    const char *household, const char *detail);
/* 0 and *bad = 0 when intact, else *bad = first broken entry id */
int hb_audit_verify(struct hb_ctx *, int64_t *bad, int64_t *count,
    char head[65], struct hb_err *);

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

/* camt.c: CAMT.053 .001.02, .001.04, .001.08 with libxml2, no network */
int hb_camt_read(FILE *, const char *name, const struct hb_bankreader *,
    struct hb_err *);

/* mt940.c: MT940, ING and ABN AMRO / BNG dialects of :86: */
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


/* match.c: which household and agreement a bank line belongs to */
#define HB_MATCH_BOOK 60	/* the least score that books a line */
#define HB_MATCH_GAP 10		/* ... and its lead over the runner-up */
struct hb_candidate {
	int64_t		 agreement;
	int64_t		 household;
	int		 score;
	int		 expected;	/* due date the line is taken for */
	int		 amount_ok;	/* within the agreement's margin */
	char		 reason[512];
};
struct hb_matchline {
	int64_t		 account_household;	/* -1 on a pooled account */
	int		 date;
	int64_t		 cents;
	const char	*counter_iban;
	const char	*text;		/* description and counterparty name */
};
/*
 * The best candidates, best first; returns how many (at most max).  Each
 * has its reason, except that when the best is booked (hb_match_books)
 * only it has.  The agreements are read into memory at the first call
 * and kept until hb_match_forget: call it when agreements may have
 * changed (hb-import does after each invocation's transaction).
 */
int hb_match(struct hb_ctx *, const struct hb_matchline *,
    struct hb_candidate *, int max, struct hb_err *);
/* whether the best of n candidates is booked: unambiguous and enough */
int hb_match_books(const struct hb_candidate *, int n);
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
int hb_signal_resolve(struct hb_ctx *, int64_t signal, const char *reason,
    char *code, size_t codesz, struct hb_err *);
/* book a line by hand: to an agreement, or to a household only */
int hb_import_book(struct hb_ctx *, int64_t line, int64_t agreement,
    const char *household, const char *reason, struct hb_err *);
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
void hb_planner_free(struct hb_planner *);
int hb_plan_approve(struct hb_ctx *, int64_t decision, const char *reason,
    char *code, size_t codesz, struct hb_err *);
/* balance of a household's money at the start of day */
int hb_balance(struct hb_ctx *, int64_t household, int day, int64_t *,
    struct hb_err *);

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
