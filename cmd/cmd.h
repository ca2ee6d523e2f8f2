/* cmd.h - what the hb-* commands share: options, prompts, the run loop */
#ifndef HB_CMD_H
#define HB_CMD_H

#include "hb.h"

#define EXIT_USAGE 2

/* run op in one BEGIN IMMEDIATE transaction with its audit entry; on
 * failure roll back, audit the failure and print the error */
int cmd_run(struct hb_ctx *, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg);
/* print "PROG: message" to stderr */
void cmd_error(const struct hb_err *);
/* ask for a value on a terminal with readline; NULL without a terminal */
char *cmd_prompt(struct hb_ctx *, const char *label);
int cmd_interactive(void);

#endif
