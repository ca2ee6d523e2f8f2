/* cmd.h - what the hb-* commands share: options, prompts, the run loop */
#ifndef HB_CMD_H
#define HB_CMD_H

#include <stdarg.h>

#include "hb.h"

#define EXIT_USAGE 2

/*
 * Every command starts in the user's locale with the "hb" catalogue bound
 * (common.c, before main), except for numbers: LC_NUMERIC stays "C" so
 * that machine output reads the same everywhere.  _() and N_() come from
 * hb.h.
 */

/*
 * The conventions of a Unix tool, the same for every command: "--help"
 * and "-h" print the usage message to stdout and exit 0, "--version"
 * prints "PROG (hb) VERSION" and exits 0, wherever they stand among the
 * arguments before a "--", subcommands included.  cmd_conventions is the
 * first thing main does; usage is the command's whole usage message.
 */
void cmd_conventions(int argc, char **argv, const char *usage);
/*
 * Human tables on a terminal fit its width (80 columns when it does not
 * say): long text is cut with an ellipsis, columns that still do not fit
 * are left out from the right.  With all (-w), or when stdout is not a
 * terminal, they are printed whole.
 */
void cmd_width(int all);
/* the usage message on stderr and exit EXIT_USAGE */
void cmd_usage(const char *usage) __attribute__((noreturn));

/* run op in one BEGIN IMMEDIATE transaction with its audit entry; on
 * failure roll back, audit the failure and print the error */
int cmd_run(struct hb_ctx *, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg);
/* the same, printing nothing: -1 with the error in the last argument */
int cmd_try(struct hb_ctx *, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg,
    struct hb_err *);
/* the same for an op that only reads: a deferred transaction, rolled
 * back, and the audit entry in the read log, so that it never waits for
 * the store's write lock */
int cmd_read(struct hb_ctx *, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg);
int cmd_try_read(struct hb_ctx *, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg,
    struct hb_err *);
/* print "PROG: message" to stderr */
void cmd_error(const struct hb_err *);
/* the same as warnx, and lines of text on stderr, fitting the width of
 * a terminal (broken at spaces, continuation lines indented) */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_wrap_stderr(const char *text);
/* ask for a value on a terminal with readline; NULL without a terminal */
char *cmd_prompt(struct hb_ctx *, const char *label);
/* the same, completing choices, or with NULL the household codes (label
 * "household"), the organisations ("organisation") or both */
char *cmd_ask(struct hb_ctx *, const char *label, const char *const *choices);
int cmd_interactive(void);
/* -o FORMAT, or a usage error */
enum hb_format cmd_format(const char *);
/* one of hb_list's views, in a transaction with its audit entry */
int cmd_list(struct hb_ctx *, const char *what, const char *code,
    enum hb_format);

/* approve an advisory decision with a reason, for cmd_run or cmd_try
 * (hb-plan approve, and the overview's key) */
struct cmd_approve {
	int64_t		 decision;
	const char	*reason;
};
int cmd_op_approve(struct hb_ctx *, void *, struct hb_err *);

#endif
