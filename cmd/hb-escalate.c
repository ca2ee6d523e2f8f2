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
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* A usage error for a value that can be checked without the store. */
static void
check_word(const char *field, const char *value)
{
	struct hb_err e;

	if (strcmp(field, "category") != 0 && strcmp(field, "urgency") != 0 &&
	    strcmp(field, "on_behalf_of") != 0 && strcmp(field, "reason") != 0)
		return;
	if (hb_escalation_check(NULL, field, value, NULL, &e) == -1) {
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

/* Asks until the answer is valid; NULL at the end of input. */
static char *
ask(struct hb_ctx *c, const char *field, const char *household)
{
	struct hb_err e;
	char *prompt, *line, *start;
	size_t len;

	choices = hb_escalation_choices(c, field, household);
	rl_readline_name = "hb";
	rl_attempted_completion_function = choice_complete;
	rl_completer_word_break_characters = "";
	if (!hb_escalation_required(field))
		xasprintf(&prompt, _("%s (ids, empty for none): "),
		    field);
	else
		xasprintf(&prompt, "%s: ", field);
	for (;;) {
		if ((line = readline(prompt)) == NULL)
			break;
		len = strlen(line);
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		for (start = line; isspace((unsigned char)*start); start++)
			;
		memmove(line, start, strlen(start) + 1);
		if (hb_escalation_check(c, field, line, household, &e) == 0) {
			if (*line != '\0')
				add_history(line);
			break;
		}
		cmd_error(&e);
		free(line);
	}
	free(prompt);
	free_choices();
	return line;
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
	char *answers[HB_FIELDS_MAX], *eq, due[HB_DATE_LEN];
	const char *subjects[] = { "decision", "payout", "signal", "agreement",
	    NULL };
	int nanswers = 0, i, rc, about = 0;

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
		check_word(argv[i], eq + 1);
	}
	for (i = 0; subjects[i] != NULL; i++)
		about |= hb_field(&fl.f, subjects[i]) != NULL;
	for (k = hb_escalation_fields; *k != NULL; k++) {
		if (hb_field(&fl.f, *k) != NULL)
			continue;
		if (!hb_escalation_required(*k)) {
			/* on a terminal: which decisions, if any */
			if (strcmp(*k, "decision") != 0 || about ||
			    !cmd_interactive())
				continue;
		} else if (!cmd_interactive())
			errx(EXIT_USAGE, _("missing required field '%s'"), *k);
		if ((answers[nanswers] = ask(c, *k, hb_field(&fl.f,
		    "household"))) == NULL)
			errx(EXIT_USAGE, _("missing required field '%s'"), *k);
		if (*answers[nanswers] == '\0') {
			free(answers[nanswers]);
			continue;
		}
		hb_field_set(&fl.f, *k, answers[nanswers++]);
	}
	rc = cmd_run(c, "escalate", hb_field(&fl.f, "household"), op_file,
	    &fl);
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
	else if (strcmp(cmd, "show") == 0 || strcmp(cmd, "take") == 0) {
		if (argc != 2)
			usage();
		s.id = parse_id(argv[1]);
	} else if (strcmp(cmd, "assign") == 0 || strcmp(cmd, "comment") == 0 ||
	    strcmp(cmd, "reopen") == 0) {
		if (argc != 3)
			usage();
		s.id = parse_id(argv[1]);
		s.a = argv[2];
		if (blank(s.a))
			errx(EXIT_USAGE, "%s", cmd[0] == 'a' ?
			    _("an assignee is required") : cmd[0] == 'c' ?
			    _("a comment needs text") :
			    _("reopening needs a reason"));
	} else if (strcmp(cmd, "resolve") == 0) {
		if (argc != 4)
			usage();
		s.id = parse_id(argv[1]);
		s.a = argv[2];
		s.b = argv[3];
		if (strcmp(s.a, "upheld") != 0 && strcmp(s.a, "changed") != 0 &&
		    strcmp(s.a, "rejected") != 0)
			errx(EXIT_USAGE, _("invalid outcome '%s': expected "
			    "upheld, changed or rejected"), s.a);
		if (blank(s.b))
			errx(EXIT_USAGE, _("a resolution needs a reason (Awb "
			    "4:84: a departure from a rule is explained)"));
	} else if (strcmp(cmd, "file") != 0)
		usage();

	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (strcmp(cmd, "file") == 0)
		rc = cmd_file(&c, argc - 1, argv + 1);
	else if (strcmp(cmd, "list") == 0)
		rc = cmd_run(&c, "list escalations", s.filter.household,
		    op_list, &s);
	else if (strcmp(cmd, "report") == 0)
		rc = cmd_run(&c, "report escalations", NULL, op_report, &s);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_run(&c, "show escalation", NULL, op_show, &s);
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
