/*
 * hb-escalate: the escalation button.  File an escalation for a household
 * (asked for field by field on a terminal), list, show, take, assign,
 * comment on, resolve and reopen escalations, and report what they teach
 * about the rules.
 */
#include <ctype.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"

static enum hb_format format = HB_OUT_HUMAN;
static int quiet;

static int wide;	/* -w: human tables whole */

static const char usage_text[] = N_(
    "usage: hb-escalate [-qw] [-d store] [-o format] command [arg ...]\n"
    "       hb-escalate file [code] [field=value ...]\n"
    "       hb-escalate list [-O] [-a user] [-H code] [-s status] "
    "[-u urgency]\n"
    "       hb-escalate show id\n"
    "       hb-escalate take id\n"
    "       hb-escalate assign id user\n"
    "       hb-escalate comment id text\n"
    "       hb-escalate resolve id upheld|changed|rejected reason\n"
    "       hb-escalate reopen id reason\n"
    "       hb-escalate report [-m month | -f from -t to]\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

static int64_t
parse_id(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v <= 0)
		errx(EXIT_USAGE, _("invalid escalation id '%s'"), s);
	return v;
}

static int
parse_day(const char *s)
{
	int day;

	if (hb_date_parse(s, &day) == -1)
		errx(EXIT_USAGE, _("invalid date '%s': expected YYYY-MM-DD"),
		    s);
	return day;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* A value that can be checked without the store: -1 with the error
 * when it is bad (an unknown field too), else 0. */
static int
word_ok(const char *field, const char *value, struct hb_err *e)
{
	if (!hb_escalation_required(field) &&
	    !in_list(hb_escalation_fields, field))
		return hb_escalation_check(NULL, field, value, NULL, e);
	if (strcmp(field, "category") != 0 && strcmp(field, "urgency") != 0 &&
	    strcmp(field, "on_behalf_of") != 0 && strcmp(field, "reason") != 0)
		return 0;
	return hb_escalation_check(NULL, field, value, NULL, e);
}

/* A usage error for a value that can be checked without the store. */
static void
check_word(const char *field, const char *value)
{
	struct hb_err e;

	if (word_ok(field, value, &e) == -1) {
		cmd_error(&e);
		exit(EXIT_USAGE);
	}
}

/* --- the form: readline prompts that complete the field's values ------ */

static char **choices;

static char *
choice_next(const char *text, int state)
{
	static size_t i, len;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (choices != NULL && choices[i] != NULL)
		if (strncasecmp(choices[i++], text, len) == 0)
			return strdup(choices[i - 1]);
	return NULL;
}

static char **
choice_complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	rl_completion_append_character = '\0';
	return rl_completion_matches(text, choice_next);
}

static void
free_choices(void)
{
	size_t i;

	for (i = 0; choices != NULL && choices[i] != NULL; i++)
		free(choices[i]);
	free(choices);
	choices = NULL;
}

/*
 * Ask with prompt until check (called with field and arg) passes,
 * completing list (freed here); saying at once what is wrong with a bad
 * answer.  NULL at the end of input.
 */
static char *
ask_until(struct hb_ctx *c, const char *prompt, char **list,
    int (*check)(struct hb_ctx *, const char *, const char *, const char *,
    struct hb_err *), const char *field, const char *arg)
{
	struct hb_err e;
	char *line, *start;
	size_t len;

	choices = list;
	rl_readline_name = "hb";
	rl_attempted_completion_function = choice_complete;
	rl_completer_word_break_characters = "";
	for (;;) {
		if ((line = readline(prompt)) == NULL)
			break;
		/* answers are values, not words: no stray blanks */
		len = strlen(line);
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		for (start = line; isspace((unsigned char)*start); start++)
			;
		memmove(line, start, strlen(start) + 1);
		if (check(c, field, line, arg, &e) == 0) {
			if (*line != '\0')
				add_history(line);
			break;
		}
		cmd_error(&e);
		free(line);
	}
	free_choices();
	return line;
}

/* A field of the filing, until the answer is valid; NULL at the end of
 * input. */
static char *
ask(struct hb_ctx *c, const char *field, const char *household)
{
	char *prompt, *line;

	if (!hb_escalation_required(field))
		xasprintf(&prompt, _("%s (ids, empty for none): "),
		    field);
	else
		xasprintf(&prompt, "%s: ", field);
	line = ask_until(c, prompt, hb_escalation_choices(c, field,
	    household), hb_escalation_check, field, household);
	free(prompt);
	return line;
}

/*
 * Every problem of the filing's fields, each on its own line: the bad
 * values (with the store only when c is not NULL), then the required
 * fields it lacks, leaving out the message already shown; with say 0
 * only counted.  Returns how many there are.
 */
static int
problems(struct hb_ctx *c, const struct hb_fields *f, const char *shown,
    int say)
{
	const char *const *k;
	struct hb_err e;
	int i, n = 0, bad;

	for (i = 0; i < f->n; i++) {
		if (c != NULL && in_list(hb_escalation_fields, f->key[i]))
			bad = hb_escalation_check(c, f->key[i], f->val[i],
			    hb_field(f, "household"), &e) == -1;
		else
			bad = word_ok(f->key[i], f->val[i], &e) == -1;
		if (!bad)
			continue;
		/* an unknown field is named, and left to the store's check
		 * (exit 1, audited) */
		if (c != NULL || in_list(hb_escalation_fields, f->key[i]))
			n++;
		if (say && (shown == NULL || strcmp(e.text, shown) != 0))
			cmd_error(&e);
	}
	for (k = hb_escalation_fields; *k != NULL; k++)
		if (hb_escalation_required(*k) && hb_field(f, *k) == NULL) {
			n++;
			hb_error(&e, "missing required field '%s'", *k);
			if (say && (shown == NULL || strcmp(e.text, shown) != 0))
				cmd_error(&e);
		}
	return n;
}

struct filing {
	struct hb_fields		 f;
	struct hb_escalation_filed	 res;
};

static int
op_file(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct filing *fl = arg;

	return hb_escalation_file(c, &fl->f, &fl->res, e);
}

static int
cmd_file(struct hb_ctx *c, int argc, char **argv)
{
	const char *const *k;
	struct filing fl;
	struct hb_err e;
	char *answers[2 * HB_FIELDS_MAX], *eq, due[HB_DATE_LEN];
	const char *subjects[] = { "decision", "payout", "signal", "agreement",
	    NULL };
	int nanswers = 0, i, rc, about = 0, unknown = 0;

	memset(&fl, 0, sizeof(fl));
	for (i = 0; i < argc; i++) {
		if (i == 0 && strchr(argv[i], '=') == NULL) {
			hb_field_set(&fl.f, "household", argv[i]);
			continue;
		}
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i])
			errx(EXIT_USAGE, _("expected field=value, not '%s'"),
			    argv[i]);
		*eq = '\0';
		if (hb_field(&fl.f, argv[i]) != NULL)
			errx(EXIT_USAGE, _("field '%s' given twice"), argv[i]);
		if (fl.f.n == HB_FIELDS_MAX)
			errx(EXIT_USAGE, _("too many fields"));
		hb_field_set(&fl.f, argv[i], eq + 1);
	}
	if (!cmd_interactive()) {
		/* a bad word or a missing field: say all that is wrong */
		if (problems(NULL, &fl.f, NULL, 0) > 0) {
			problems(NULL, &fl.f, NULL, 1);
			exit(EXIT_USAGE);
		}
	} else {
		/* an unknown field cannot be asked for: nothing is asked,
		 * the filing fails naming it */
		for (i = 0; i < fl.f.n; i++)
			if (!in_list(hb_escalation_fields, fl.f.key[i]))
				unknown = 1;
		/* a bad value given is asked for again, with the reason, in
		 * the form's order (the household before its decisions) */
		for (k = hb_escalation_fields; !unknown && *k != NULL; k++) {
			const char *v = hb_field(&fl.f, *k);

			if (v == NULL || hb_escalation_check(c, *k, v,
			    hb_field(&fl.f, "household"), &e) == 0)
				continue;
			cmd_error(&e);
			if ((answers[nanswers] = ask(c, *k, hb_field(&fl.f,
			    "household"))) == NULL)
				errx(EXIT_USAGE, _("missing required field "
				    "'%s'"), *k);
			hb_field_set(&fl.f, *k, answers[nanswers++]);
		}
	}
	for (i = 0; subjects[i] != NULL; i++)
		about |= hb_field(&fl.f, subjects[i]) != NULL;
	/* on a terminal: every required field missing, then which
	 * decisions, if any */
	for (k = hb_escalation_fields; cmd_interactive() && !unknown &&
	    *k != NULL; k++) {
		if (hb_field(&fl.f, *k) != NULL)
			continue;
		if (!hb_escalation_required(*k) &&
		    (strcmp(*k, "decision") != 0 || about))
			continue;
		if ((answers[nanswers] = ask(c, *k, hb_field(&fl.f,
		    "household"))) == NULL)
			errx(EXIT_USAGE, _("missing required field '%s'"), *k);
		if (*answers[nanswers] == '\0') {
			free(answers[nanswers]);
			continue;
		}
		hb_field_set(&fl.f, *k, answers[nanswers++]);
	}
	rc = 0;
	if (cmd_try(c, "escalate", hb_field(&fl.f, "household"), op_file, &fl,
	    &e) == -1) {
		cmd_error(&e);
		/* and whatever else is wrong, so that one go fixes it all */
		problems(c, &fl.f, e.text, 1);
		rc = 1;
	}
	if (rc == 0) {
		hb_date_format(fl.res.due, due);
		if (!quiet)
			printf(_("escalation %lld filed for %s: %s, due %s\n"),
			    (long long)fl.res.id, hb_field(&fl.f, "household"),
			    hb_field(&fl.f, "urgency"), due);
		if (!quiet && fl.res.withdrawn > 0)
			printf(P_("%d planned taking withdrawn until it is "
			    "resolved\n", "%d planned takings withdrawn until "
			    "it is resolved\n", fl.res.withdrawn),
			    fl.res.withdrawn);
		if (fl.res.on_its_way != NULL) {
			char *line, *clean, *indented;

			fflush(stdout);
			fprintf(stderr, _("hb-escalate: already on its way, "
			    "not stopped by escalation %lld:\n"),
			    (long long)fl.res.id);
			for (line = strtok(fl.res.on_its_way, "\n");
			    line != NULL; line = strtok(NULL, "\n")) {
				clean = hb_sanitize(line);
				xasprintf(&indented, "  %s", clean);
				cmd_wrap_stderr(indented);
				free(indented);
				free(clean);
			}
		}
	}
	free(fl.res.on_its_way);
	while (nanswers > 0)
		free(answers[--nanswers]);
	return rc;
}

/* --- the steps of the handling ---------------------------------------- */

struct step {
	int64_t		 id;
	const char	*a, *b;
	struct hb_escalation_filter filter;
	int		 from, to;
};

static int
op_take(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_assign(c, s->id, s->a, e);
}

static int
op_comment(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_comment(c, s->id, s->a, e);
}

static int
op_resolve(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_resolve(c, s->id, s->a, s->b, e);
}

static int
op_reopen(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_reopen(c, s->id, s->a, e);
}

static int
op_list(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_list(c, &s->filter, stdout, format, e);
}

static int
op_show(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_show(c, s->id, stdout, format, e);
}

static int
op_report(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct step *s = arg;

	return hb_escalation_report(c, s->from, s->to, stdout, format, e);
}

/*
 * The arguments of take, assign, comment, reopen and resolve: given on
 * the command line, or on a terminal asked for (the bad ones again, with
 * the reason), completing escalation ids, assignees and outcomes.
 */
static const char *step_args[3];	/* id, then text or outcome, reason */
static char *step_answers[3];		/* what was asked, kept until exit */
static int nstep_args;

/* the names of the step's arguments, as the prompts ask for them */
static const char *
step_arg_name(const char *cmd, int i)
{
	if (i == 0)
		return "id";
	if (cmd[0] == 'a')
		return "assignee";
	if (cmd[0] == 'c')
		return "text";
	if (cmd[0] == 'r' && cmd[2] == 's' && i == 1)
		return "outcome";
	return "reason";
}

/* An argument of the step, checked; with c the id is looked up too. */
static int
step_check(struct hb_ctx *c, const char *name, const char *value,
    const char *cmd, struct hb_err *e)
{
	struct hb_stmt *q;
	char *end;
	long long id;
	int rc;

	if (strcmp(name, "id") == 0) {
		id = strtoll(value, &end, 10);
		if (*value == '\0' || *end != '\0' || id <= 0)
			return hb_error(e, "invalid escalation id '%s'", value);
		if (c == NULL)
			return 0;
		if (hb_prepare(c->st, &q, e, "SELECT status FROM escalation "
		    "WHERE id = ?", "I", (int64_t)id) == -1)
			return -1;
		if ((rc = hb_step(q, e)) == 0)
			rc = hb_error(e, "unknown escalation %lld", id);
		else if (rc == 1 && strcmp(cmd, "reopen") != 0 &&
		    strcmp(hb_col_text(q, 0), "resolved") == 0)
			rc = hb_error(e, "escalation %lld is already %s: "
			    "reopen it first", id, "resolved");
		else if (rc == 1 && strcmp(cmd, "reopen") == 0 &&
		    strcmp(hb_col_text(q, 0), "resolved") != 0)
			rc = hb_error(e, "escalation %lld is %s, not resolved: "
			    "nothing to reopen", id, hb_col_text(q, 0));
		else if (rc == 1)
			rc = 0;
		hb_finalize(q);
		return rc;
	}
	if (strcmp(name, "outcome") == 0) {
		if (strcmp(value, "upheld") == 0 ||
		    strcmp(value, "changed") == 0 ||
		    strcmp(value, "rejected") == 0)
			return 0;
		return hb_error(e, "invalid outcome '%s': expected upheld, "
		    "changed or rejected", value);
	}
	if (!blank(value))
		return 0;
	if (strcmp(name, "assignee") == 0)
		return hb_error(e, "an assignee is required");
	if (strcmp(name, "text") == 0)
		return hb_error(e, "a comment needs text");
	if (strcmp(cmd, "reopen") == 0)
		return hb_error(e, "reopening needs a reason");
	return hb_error(e, "a resolution needs a reason (Awb 4:84: a "
	    "departure from a rule is explained)");
}

/* the values to complete an argument of the step with */
static char **
step_choices(struct hb_ctx *c, const char *cmd, const char *name)
{
	static const char *const outcome_words[] = { "upheld", "changed",
	    "rejected", NULL };
	struct hb_stmt *q;
	struct hb_err e;
	const char *sql = NULL;
	char **out;
	size_t n = 0, i;

	out = xcalloc(1, sizeof(*out));
	if (strcmp(name, "outcome") == 0) {
		for (i = 0; outcome_words[i] != NULL; i++) {
			out = xreallocarray(out, n + 2, sizeof(*out));
			out[n++] = xstrdup(outcome_words[i]);
			out[n] = NULL;
		}
		return out;
	}
	if (strcmp(name, "id") == 0)
		sql = strcmp(cmd, "reopen") == 0 ? "SELECT id FROM escalation "
		    "WHERE status = 'resolved' ORDER BY id" : "SELECT id FROM "
		    "escalation WHERE status <> 'resolved' ORDER BY id";
	else if (strcmp(name, "assignee") == 0)
		sql = "SELECT caseworker FROM household UNION SELECT assignee "
		    "FROM escalation WHERE assignee IS NOT NULL ORDER BY 1";
	if (sql == NULL || hb_prepare(c->st, &q, &e, sql, "") == -1)
		return out;
	while (hb_step(q, &e) == 1) {
		out = xreallocarray(out, n + 2, sizeof(*out));
		out[n++] = xstrdup(hb_col_text(q, 0));
		out[n] = NULL;
	}
	hb_finalize(q);
	return out;
}

/*
 * Before the store is opened: the step's arguments as given.  Without a
 * terminal a missing one is a usage error, and every bad one is named
 * before exiting 2; on a terminal a bad one is named and asked for again
 * (ask_step).
 */
static void
parse_step(int argc, char **argv, const char *cmd, int nargs)
{
	struct hb_err e;
	int i, bad = 0;

	nstep_args = nargs;
	if (argc > nargs + 1 || (argc < nargs + 1 && !cmd_interactive()))
		usage();
	for (i = 0; i < nargs; i++) {
		step_args[i] = i + 1 < argc ? argv[i + 1] : NULL;
		if (step_args[i] == NULL || step_check(NULL,
		    step_arg_name(cmd, i), step_args[i], cmd, &e) == 0)
			continue;
		cmd_error(&e);
		bad++;
		step_args[i] = NULL;	/* asked for again */
	}
	if (bad > 0 && !cmd_interactive())
		exit(EXIT_USAGE);
}

/* On a terminal: the step's arguments not given, or bad, asked for. */
static void
ask_step(struct hb_ctx *c, const char *cmd, struct step *s)
{
	struct hb_err e;
	const char *name;
	char *prompt;
	int i;

	/* an escalation given that the step cannot take: asked again */
	if (cmd_interactive() && step_args[0] != NULL && step_check(c, "id",
	    step_args[0], cmd, &e) == -1) {
		cmd_error(&e);
		step_args[0] = NULL;
	}
	for (i = 0; i < nstep_args; i++) {
		if (step_args[i] != NULL)
			continue;
		name = step_arg_name(cmd, i);
		xasprintf(&prompt, "%s: ", name);
		step_answers[i] = ask_until(c, prompt, step_choices(c, cmd,
		    name), step_check, name, cmd);
		free(prompt);
		if (step_answers[i] == NULL)
			errx(EXIT_USAGE, _("missing required field '%s'"),
			    name);
		step_args[i] = step_answers[i];
	}
	s->id = strtoll(step_args[0], NULL, 10);
	s->a = nstep_args > 1 ? step_args[1] : NULL;
	s->b = nstep_args > 2 ? step_args[2] : NULL;
}

static void
parse_list(int argc, char **argv, struct step *s)
{
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "+H:Oa:o:s:u:")) != -1) {
		switch (ch) {
		case 'O':
			s->filter.overdue = 1;
			break;
		case 'a':
			s->filter.assignee = optarg;
			break;
		case 'H':
			s->filter.household = optarg;
			break;
		case 'o':
			format = cmd_format(optarg);
			break;
		case 's':
			if (strcmp(optarg, "open") != 0 &&
			    strcmp(optarg, "taken") != 0 &&
			    strcmp(optarg, "resolved") != 0 &&
			    strcmp(optarg, "all") != 0)
				errx(EXIT_USAGE, _("invalid status '%s': "
				    "expected open, taken, resolved or all"), optarg);
			s->filter.status = optarg;
			break;
		case 'u':
			check_word("urgency", optarg);
			s->filter.urgency = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

static void
parse_report(int argc, char **argv, struct step *s)
{
	const char *month = NULL;
	int ch, y, m, set = 0;
	char extra;

	s->from = 0;
	s->to = hb_date_make(9999, 12, 31);
	optind = 1;
	while ((ch = getopt(argc, argv, "+f:m:o:t:")) != -1) {
		switch (ch) {
		case 'f':
			s->from = parse_day(optarg);
			set = 1;
			break;
		case 'm':
			month = optarg;
			break;
		case 'o':
			format = cmd_format(optarg);
			break;
		case 't':
			s->to = parse_day(optarg);
			set = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (month != NULL && set))
		usage();
	if (month != NULL) {
		if (strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m,
		    &extra) != 2 || !hb_date_valid(y, m, 1))
			errx(EXIT_USAGE, _("invalid month '%s': expected "
			    "YYYY-MM"), month);
		s->from = hb_date_make(y, m, 1);
		s->to = hb_date_make(y, m, hb_month_days(y, m));
	}
	if (s->from > s->to)
		errx(EXIT_USAGE, _("the period ends before it starts"));
}

int
main(int argc, char **argv)
{
	struct hb_ctx c;
	struct hb_err e;
	struct step s;
	const char *dbopt = NULL, *cmd;
	int ch, rc;

	cmd_conventions(argc, argv, _(usage_text));
	memset(&s, 0, sizeof(s));
	while ((ch = getopt(argc, argv, "+d:o:qw")) != -1) {
		switch (ch) {
		case 'd':
			dbopt = optarg;
			break;
		case 'o':
			format = cmd_format(optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'w':
			wide = 1;
			break;
		default:
			usage();
		}
	}
	cmd_width(wide);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	cmd = argv[0];

	/* check the arguments before touching the store */
	if (strcmp(cmd, "list") == 0)
		parse_list(argc, argv, &s);
	else if (strcmp(cmd, "report") == 0)
		parse_report(argc, argv, &s);
	else if (strcmp(cmd, "show") == 0) {
		if (argc != 2)
			usage();
		s.id = parse_id(argv[1]);
	} else if (strcmp(cmd, "take") == 0)
		parse_step(argc, argv, cmd, 1);
	else if (strcmp(cmd, "assign") == 0 || strcmp(cmd, "comment") == 0 ||
	    strcmp(cmd, "reopen") == 0)
		parse_step(argc, argv, cmd, 2);
	else if (strcmp(cmd, "resolve") == 0) {
		parse_step(argc, argv, cmd, 3);
	} else if (strcmp(cmd, "file") != 0)
		usage();

	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (nstep_args > 0)
		ask_step(&c, cmd, &s);
	if (strcmp(cmd, "file") == 0)
		rc = cmd_file(&c, argc - 1, argv + 1);
	else if (strcmp(cmd, "list") == 0)
		rc = cmd_read(&c, "list escalations", s.filter.household,
		    op_list, &s);
	else if (strcmp(cmd, "report") == 0)
		rc = cmd_read(&c, "report escalations", NULL, op_report, &s);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_read(&c, "show escalation", NULL, op_show, &s);
	else if (strcmp(cmd, "take") == 0 || strcmp(cmd, "assign") == 0) {
		rc = cmd_run(&c, cmd[0] == 't' ? "take escalation" :
		    "assign escalation", NULL, op_take, &s);
		if (rc == 0 && !quiet)
			printf(_("escalation %lld assigned to %s\n"),
			    (long long)s.id, s.a != NULL ? s.a : c.actor);
	} else if (strcmp(cmd, "comment") == 0) {
		rc = cmd_run(&c, "comment escalation", NULL, op_comment, &s);
		if (rc == 0 && !quiet)
			printf(_("comment added to escalation %lld\n"),
			    (long long)s.id);
	} else if (strcmp(cmd, "resolve") == 0) {
		rc = cmd_run(&c, "resolve escalation", NULL, op_resolve, &s);
		if (rc == 0 && !quiet)
			printf(_("escalation %lld resolved: %s\n"),
			    (long long)s.id, s.a);
	} else {
		rc = cmd_run(&c, "reopen escalation", NULL, op_reopen, &s);
		if (rc == 0 && !quiet)
			printf(_("escalation %lld reopened\n"),
			    (long long)s.id);
	}
	hb_ctx_close(&c);
	return rc;
}
