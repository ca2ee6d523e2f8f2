/*
 * What the commands share.  A command's work happens whole or not at all:
 * cmd_run wraps it in one transaction together with its audit entry.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"

/*
 * The locale and the catalogue, before main so that every command that
 * links this file has them.  $HB_LOCALEDIR (set by the tests) points at
 * the catalogues of a build tree.
 */
static void __attribute__((constructor))
cmd_locale(void)
{
	const char *dir = getenv("HB_LOCALEDIR");

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(HB_TEXTDOMAIN, dir != NULL && *dir != '\0' ? dir :
	    LOCALEDIR);
	bind_textdomain_codeset(HB_TEXTDOMAIN, "UTF-8");
	textdomain(HB_TEXTDOMAIN);
}

void
cmd_conventions(int argc, char **argv, const char *usage)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1);
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("%s (%s) %s\n", program_invocation_short_name,
			    PACKAGE, VERSION);
			exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1);
		}
	}
}

void
cmd_width(int all)
{
	struct winsize ws;
	const char *env;
	int cols = 80;

	if (all || !isatty(STDOUT_FILENO)) {
		hb_table_set_width(0);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	else if ((env = getenv("COLUMNS")) != NULL && atoi(env) > 0)
		cols = atoi(env);
	hb_table_set_width(cols);
}

void
cmd_usage(const char *usage)
{
	fputs(usage, stderr);
	exit(EXIT_USAGE);
}

void
cmd_error(const struct hb_err *e)
{
	char *clean = hb_sanitize(e->text);

	cmd_warn("%s", clean);
	free(clean);
}

int
cmd_try(struct hb_ctx *c, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg,
    struct hb_err *e)
{
	if (hb_begin(c->st, e) == -1)
		return -1;
	c->audit_household[0] = c->audit_detail[0] = '\0';
	if (op(c, arg, e) == -1) {
		hb_audit_failure(c, action, household, e->msg);
		return -1;
	}
	if (c->audit_household[0] != '\0')
		household = c->audit_household;
	if (hb_audit(c, action, household, "ok", c->audit_detail, e) == -1 ||
	    hb_commit(c->st, e) == -1) {
		hb_rollback(c->st);
		return -1;
	}
	return 0;
}

int
cmd_run(struct hb_ctx *c, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg)
{
	struct hb_err e;

	if (cmd_try(c, action, household, op, arg, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	return 0;
}

int
cmd_try_read(struct hb_ctx *c, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg,
    struct hb_err *e)
{
	struct hb_err ignore;

	/* a read is audited too: without the key, refuse before it */
	if (hb_store_check_key(c->st, e) == -1 ||
	    hb_begin_read(c->st, e) == -1)
		return -1;
	c->audit_household[0] = c->audit_detail[0] = '\0';
	if (op(c, arg, e) == -1) {
		hb_rollback(c->st);
		(void)hb_audit_read(c, action, household, "error", e->msg,
		    &ignore);
		return -1;
	}
	hb_rollback(c->st);	/* nothing was written: end the read */
	if (c->audit_household[0] != '\0')
		household = c->audit_household;
	return hb_audit_read(c, action, household, "ok", c->audit_detail, e);
}

int
cmd_read(struct hb_ctx *c, const char *action, const char *household,
    int (*op)(struct hb_ctx *, void *, struct hb_err *), void *arg)
{
	struct hb_err e;

	if (cmd_try_read(c, action, household, op, arg, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	return 0;
}

int
cmd_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/*
 * Completion: the values of the field being asked, or household codes and
 * organisation names from the store.
 */
static char **completions;
static size_t ncompletions;

static void
add_completion(const char *s)
{
	size_t i;

	for (i = 0; i < ncompletions; i++)
		if (strcmp(completions[i], s) == 0)
			return;
	completions = xreallocarray(completions, ncompletions + 2,
	    sizeof(*completions));
	completions[ncompletions++] = xstrdup(s);
	completions[ncompletions] = NULL;
}

static void
load_completions(struct hb_ctx *c, const char *label,
    const char *const *choices)
{
	struct hb_stmt *q;
	struct hb_err e;
	const char *sql;

	while (ncompletions > 0)
		free(completions[--ncompletions]);
	free(completions);
	completions = xcalloc(1, sizeof(*completions));
	if (choices != NULL) {
		for (; *choices != NULL; choices++)
			add_completion(*choices);
		return;
	}
	if (strcmp(label, "household") == 0)
		sql = "SELECT code FROM household WHERE end_date IS NULL "
		    "ORDER BY 1";
	else if (strcmp(label, "organisation") == 0)
		sql = "SELECT name FROM organisation ORDER BY 1";
	else
		sql = "SELECT code FROM household UNION ALL "
		    "SELECT name FROM organisation ORDER BY 1";
	if (hb_prepare(c->st, &q, &e, sql, "") == -1)
		return;
	while (hb_step(q, &e) == 1)
		add_completion(hb_col_text(q, 0));
	hb_finalize(q);
}

static char *
complete_one(const char *text, int state)
{
	static size_t i, len;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (completions[i] != NULL)
		if (strncasecmp(completions[i++], text, len) == 0)
			return strdup(completions[i - 1]);
	return NULL;
}

static char **
complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	rl_completion_append_character = '\0';
	return rl_completion_matches(text, complete_one);
}

char *
cmd_ask(struct hb_ctx *c, const char *label, const char *const *choices)
{
	char *prompt, *line, *start;
	size_t len;

	if (!cmd_interactive())
		return NULL;
	load_completions(c, label, choices);
	rl_readline_name = "hb";
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = "";
	xasprintf(&prompt, "%s: ", label);
	line = readline(prompt);
	free(prompt);
	if (line == NULL)
		return NULL;
	/* answers are values, not words: no stray blanks around them */
	len = strlen(line);
	while (len > 0 && isspace((unsigned char)line[len - 1]))
		line[--len] = '\0';
	for (start = line; isspace((unsigned char)*start); start++)
		;
	memmove(line, start, strlen(start) + 1);
	if (*line != '\0')
		add_history(line);
	return line;
}

char *
cmd_prompt(struct hb_ctx *c, const char *label)
{
	return cmd_ask(c, label, NULL);
}

enum hb_format
cmd_format(const char *arg)
{
	enum hb_format f;

	if (hb_format_parse(arg, &f) == -1)
		errx(EXIT_USAGE, _("unknown output format '%s': "
		    "expected human, tsv, csv or json"), arg);
	return f;
}

struct list {
	const char	*what, *code;
	enum hb_format	 format;
};

static int
op_list(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct list *l = arg;

	/* the audit log shows the reads not yet folded into it too */
	if (strcmp(l->what, "audit") == 0 && hb_audit_fold(c, e) == -1)
		return -1;
	return hb_list(c, l->what, l->code, stdout, l->format, e);
}

int
cmd_list(struct hb_ctx *c, const char *what, const char *code,
    enum hb_format format)
{
	struct list l = { what, code, format };
	char *action;
	int rc;

	xasprintf(&action, "list %s", what);
	/* the audit log's own listing folds the read log in first */
	rc = (strcmp(what, "audit") == 0 ? cmd_run : cmd_read)(c, action,
	    code, op_list, &l);
	free(action);
	return rc;
}

int
cmd_op_approve(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct cmd_approve *a = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "decision %lld: %s",
	    (long long)a->decision, a->reason);
	return hb_plan_approve(c, a->decision, a->reason, c->audit_household,
	    sizeof(c->audit_household), e);
}

/*
 * Messages on stderr: on a terminal they fit its width (hb_wrap), and
 * wherever they go they are whole.
 */
static int
stderr_width(void)
{
	struct winsize ws;
	const char *env;

	if (!isatty(STDERR_FILENO))
		return 0;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((env = getenv("COLUMNS")) != NULL && atoi(env) > 0)
		return atoi(env);
	return 80;
}

void
cmd_wrap_stderr(const char *text)
{
	fflush(stdout);
	hb_wrap(stderr, text, stderr_width(), 2);
}

void
cmd_warn(const char *fmt, ...)
{
	va_list ap;
	char *msg, *line;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		err(1, "vasprintf");
	va_end(ap);
	xasprintf(&line, "%s: %s", program_invocation_short_name, msg);
	cmd_wrap_stderr(line);
	free(line);
	free(msg);
}
