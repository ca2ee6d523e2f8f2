/*
 * hb-plan: plan a month's payouts against the real balance, approve
 * advisory decisions, export the due payouts as a SEPA file exactly once.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <err.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define EXIT_ATTENTION 3	/* held payouts or advisory decisions */
#define EXIT_LOCKED 4		/* another batch run holds the lock */

static enum hb_format format = HB_OUT_HUMAN;
static int quiet;

static int wide;	/* -w: human tables whole */

static const char usage_text[] = N_(
    "usage: hb-plan [-anw] [-d store] [-m month] [-o format] [code ...]\n"
    "       hb-plan run [-aq] [-m month] [-o format] [code ...]\n"
    "       hb-plan approve decision reason\n"
    "       hb-plan export [-9q] [-D dir] [-w from:to]\n"
    "       hb-plan payouts [code]\n"
    "       hb-plan decisions [-H] [code]\n"
    "       hb-plan batches\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

/* Two batch runs never overlap: a lock file beside the store, and for
 * "run -a" (whole_store) the store file itself. */
static int
lock_batch(const struct hb_ctx *c, int whole_store)
{
	struct stat sb;
	char *path;
	int fd, store;

	xasprintf(&path, "%s.lock", c->db_path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1)
		err(1, _("cannot open lock '%s'"), path);
	/* made by someone else since the store was checked: not ours */
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid())
		errx(1, _("refusing lock '%s': not a regular file of yours"), path);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		cmd_warn(_("another hb-plan batch run holds '%s': not starting"),
		    path);
		free(path);
		return -1;
	}
	/* a hard link of the store has a lock file of its own: the store
	 * file itself is locked too (flock, which SQLite's POSIX locks on
	 * it do not touch; never closed, as closing a descriptor of the
	 * store would drop SQLite's locks).  Two exports are kept apart by
	 * the export lease, which names the process that holds it. */
	if (!whole_store) {
		free(path);
		return fd;
	}
	store = open(c->db_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (store == -1)
		err(1, "cannot open store '%s'", c->db_path);
	if (flock(store, LOCK_EX | LOCK_NB) == -1) {
		cmd_warn(_("another hb-plan batch run holds '%s' (through "
		    "another name): not starting"), c->db_path);
		free(path);
		return -1;
	}
	free(path);
	return fd;	/* held until the process exits */
}

#define PLAN_TABLE \
    "SELECT d.day AS date, d.subject AS what, " \
    "coalesce(o.name, (SELECT holder FROM account WHERE iban = a.iban), " \
    "'') AS counterparty, d.amount, d.balance AS balance_after, " \
    "d.id AS decision, d.mode, d.rule, " HB_OUTCOME("d") " AS outcome, " \
    "h.code AS household " \
    "FROM decision d " \
    "JOIN household h ON h.id = d.household_id " \
    "LEFT JOIN agreement a ON a.id = d.agreement_id " \
    "LEFT JOIN organisation o ON o.id = a.organisation_id "
#define PLAN_TYPES "sssmmissss"

/* What hb-plan does with a month's plans. */
enum mode {
	SHOW,		/* show the stored plans; write nothing */
	RUN,		/* make the plans and keep them */
	PREVIEW		/* make them, show them, keep nothing */
};

struct run {
	enum mode	 mode;
	char		**codes;
	int		 ncodes, all;
	const char	*month;
	struct hb_planner *planner;	/* made for the first household */
	int		 month_given;	/* -m: named in the advice */
	int		 held, advisory, households, failed, missing;
	int		 escalated, overdue;	/* escalate.c */
	FILE		*out;	/* shown only once the plans are kept */
	FILE		*failures;	/* household: why, for stderr */
};

static void
summary(struct run *r, const char *code, const struct hb_plan_result *res,
    const char *how)
{
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], m3[HB_MONEY_LEN], *line;

	/* on a terminal broken to its width, a clause to a line */
	xasprintf(&line, _("%s %s%s: opening %s, closing %s, buffer used at "
	    "most %s; %d payouts, %d advisory, %d held, %d signals\n"), code,
	    r->month, how, (hb_money_format_nl(res->opening, m1), m1),
	    (hb_money_format_nl(res->closing, m2), m2),
	    (hb_money_format_nl(res->buffer_used, m3), m3), res->payouts,
	    res->advisory, res->held, res->signals);
	hb_wrap(r->out, line, hb_table_width(), 2);
	free(line);
}

static int
show_table(struct hb_ctx *c, struct run *r, int64_t plan, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (format != HB_OUT_HUMAN)	/* one table for all, at the end */
		return hb_exec(c->st, e, "INSERT INTO temp.run_plans VALUES "
		    "(?)", "I", plan);
	if (hb_prepare(c->st, &q, e, PLAN_TABLE "WHERE d.plan_id = ? ORDER BY "
	    "d.day, d.id", "I", plan) == -1)
		return -1;
	rc = hb_table_write(r->out, format, q, PLAN_TYPES, e);
	hb_finalize(q);
	fputc('\n', r->out);
	return rc;
}

static int
plan_one(struct hb_ctx *c, struct run *r, const char *code, struct hb_err *e)
{
	struct hb_plan_result res;
	int64_t esc = 0;
	int rc;

	if (r->planner == NULL &&
	    hb_planner_new(c, r->month, &r->planner, e) == -1)
		return -1;
	/* one household's failure is its own: the rest are planned */
	if ((rc = hb_planner_plan_alone(r->planner, code, &res, e)) == -1)
		return -1;
	/* a batch escalates a household in trouble, and plans it again so
	 * the escalation takes effect at once */
	if (rc == 0 && r->all &&
	    hb_escalation_after_plan(c, res.plan_id, &esc, e) == -1)
		return -1;
	if (esc > 0) {
		r->escalated++;
		if ((rc = hb_planner_plan_alone(r->planner, code, &res,
		    e)) == -1)
			return -1;
	}
	if (rc == 1) {
		char *clean = hb_sanitize(e->text);

		fprintf(r->failures, "%s: %s\n", code, clean);
		free(clean);
		r->failed++;
		return 0;
	}
	r->held += res.held;
	r->advisory += res.advisory;
	r->households++;
	if (quiet)
		return 0;
	if (format == HB_OUT_HUMAN)
		summary(r, code, &res, r->mode == PREVIEW ?
		    _(" (preview, not kept)") : "");
	if (format == HB_OUT_HUMAN &&
	    hb_escalation_plan_note(c, code, r->out, e) == -1)
		return -1;
	return show_table(c, r, res.plan_id, e);
}

/* The stored current plan of the month, as it was made. */
static int
show_one(struct hb_ctx *c, struct run *r, const char *code, struct hb_err *e)
{
	struct hb_plan_result res;
	struct hb_stmt *q;
	char how[128];
	int64_t hh;
	int rc;

	if (hb_household_id(c, code, &hh, e) == -1)
		return -1;
	memset(&res, 0, sizeof(res));
	if (hb_prepare(c->st, &q, e, "SELECT pl.id, pl.opening, pl.closing, "
	    "pl.buffer_used, pl.today, pl.actor, "
	    "(SELECT count(*) FROM payout WHERE plan_id = pl.id AND status IN "
	    "('planned','approved','exported','reconciled')), "
	    "(SELECT count(*) FROM decision WHERE plan_id = pl.id AND mode = "
	    "'advisory') - (SELECT count(*) FROM payout WHERE plan_id = pl.id "
	    "AND approved_by IS NOT NULL AND status <> 'cancelled'), "
	    "(SELECT count(*) FROM payout WHERE plan_id = pl.id AND status = "
	    "'held') + (SELECT count(*) FROM decision d JOIN agreement a ON "
	    "a.id = d.agreement_id WHERE d.plan_id = pl.id AND d.subject = "
	    "'hold' AND d.rule <> 'TAKE-POSTPONED' AND a.kind IN "
	    "('repayment','offset','collection')), "
	    "(SELECT count(*) FROM signal WHERE plan_id = pl.id) "
	    "FROM plan pl WHERE pl.household_id = ? AND pl.month = ? AND "
	    "pl.superseded_by IS NULL", "Is", hh, r->month) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		res.plan_id = hb_col_int(q, 0);
		res.opening = hb_col_int(q, 1);
		res.closing = hb_col_int(q, 2);
		res.buffer_used = hb_col_int(q, 3);
		snprintf(how, sizeof(how), _(" (planned on %s by %s)"),
		    hb_col_text(q, 4), hb_col_text(q, 5));
		res.payouts = (int)hb_col_int(q, 6);
		res.advisory = (int)hb_col_int(q, 7);
		res.held = (int)hb_col_int(q, 8);
		res.signals = (int)hb_col_int(q, 9);
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		fprintf(r->failures, _("no plan for %s in %s: run 'hb-plan run "
		    "%s%s%s%s'\n"), code, r->month, r->month_given ? "-m " : "",
		    r->month_given ? r->month : "", r->month_given ? " " : "",
		    code);
		r->missing++;
		return 0;
	}
	r->households++;
	if (format == HB_OUT_HUMAN)
		summary(r, code, &res, how);
	if (format == HB_OUT_HUMAN &&
	    hb_escalation_plan_note(c, code, r->out, e) == -1)
		return -1;
	return show_table(c, r, res.plan_id, e);
}

/*
 * Months that a corrected booking marked for replanning (hb-import book:
 * the replan table) and whose current plan is older than the mark: a
 * batch plans them again, so no payout rests on the wrong booking.
 */
static int
replan_marked(struct hb_ctx *c, struct run *r, struct hb_err *e)
{
	struct hb_planner *pl = NULL;
	struct hb_plan_result res;
	struct hb_stmt *q;
	char (*code)[16] = NULL, (*month)[8] = NULL, *clean;
	size_t n = 0, i;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT DISTINCT h.code, m.month FROM "
	    "replan m JOIN household h ON h.id = m.household_id JOIN plan p "
	    "ON p.household_id = m.household_id AND p.month = m.month AND "
	    "p.superseded_by IS NULL WHERE p.at < m.at AND m.month <> ? "
	    "ORDER BY m.month, h.code", "s", r->month) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		code = xreallocarray(code, n + 1, sizeof(*code));
		month = xreallocarray(month, n + 1, sizeof(*month));
		snprintf(code[n], sizeof(code[n]), "%s", hb_col_text(q, 0));
		snprintf(month[n], sizeof(month[n]), "%s", hb_col_text(q, 1));
		n++;
	}
	hb_finalize(q);
	for (i = 0; rc == 0 && i < n; i++) {
		if (i == 0 || strcmp(month[i], month[i - 1]) != 0) {
			hb_planner_free(pl);
			pl = NULL;
			if ((rc = hb_planner_new(c, month[i], &pl, e)) == -1)
				break;
		}
		if ((rc = hb_planner_plan_alone(pl, code[i], &res, e)) == -1)
			break;
		if (rc == 1) {
			clean = hb_sanitize(e->text);
			fprintf(r->failures, "%s %s: %s\n", code[i], month[i],
			    clean);
			free(clean);
			r->failed++;
			rc = 0;
			continue;
		}
		r->held += res.held;
		r->advisory += res.advisory;
		if (!quiet && format == HB_OUT_HUMAN)
			fprintf(r->out, _("%s %s: planned again after a "
			    "corrected booking\n"), code[i], month[i]);
	}
	hb_planner_free(pl);
	free(code);
	free(month);
	return rc;
}

static int
op_plan(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct run *r = arg;
	struct hb_stmt *q;
	char **codes = NULL;
	int64_t id;
	int i, n = 0, rc = 0, y, m;

	if (hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS run_plans "
	    "(id INTEGER PRIMARY KEY)", "") == -1)
		return -1;
	if (!r->all) {
		/* an unknown code is the caller's mistake: nothing is done */
		for (i = 0; i < r->ncodes; i++)
			if (hb_household_id(c, r->codes[i], &id, e) == -1)
				return -1;
		for (i = 0; i < r->ncodes && rc == 0; i++)
			rc = r->mode == SHOW ? show_one(c, r, r->codes[i], e) :
			    plan_one(c, r, r->codes[i], e);
		goto out;
	}
	/* every household taking part in the month */
	y = atoi(r->month);
	m = atoi(r->month + 5);
	if (hb_prepare(c->st, &q, e, "SELECT code FROM household WHERE "
	    "start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY "
	    "code", "dd", hb_date_make(y, m, hb_month_days(y, m)),
	    hb_date_make(y, m, 1)) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		codes = xreallocarray(codes, (size_t)n + 1, sizeof(*codes));
		codes[n++] = xstrdup(hb_col_text(q, 0));
	}
	hb_finalize(q);
	for (i = 0; i < n && rc == 0; i++)
		rc = r->mode == SHOW ? show_one(c, r, codes[i], e) :
		    plan_one(c, r, codes[i], e);
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	if (rc == 0 && r->mode != SHOW)
		rc = replan_marked(c, r, e);
	if (rc == 0 && r->mode != SHOW)
		rc = hb_escalation_overdue(c, &r->overdue, e);
out:
	hb_planner_free(r->planner);
	r->planner = NULL;
	if (rc == 0 && !quiet && format != HB_OUT_HUMAN) {
		if (hb_prepare(c->st, &q, e, PLAN_TABLE "WHERE d.plan_id IN "
		    "(SELECT id FROM temp.run_plans) ORDER BY h.code, d.day, "
		    "d.id", "") == -1)
			return -1;
		rc = hb_table_write(r->out, format, q, PLAN_TYPES, e);
		hb_finalize(q);
	}
	if (r->mode == SHOW)
		snprintf(c->audit_detail, sizeof(c->audit_detail), "%s: %d "
		    "plans shown, %d missing", r->month, r->households,
		    r->missing);
	else
		snprintf(c->audit_detail, sizeof(c->audit_detail), "%s: %d "
		    "households, %d advisory, %d held%s", r->month,
		    r->households, r->advisory, r->held, "");
	if (r->failed > 0)
		snprintf(c->audit_detail + strlen(c->audit_detail),
		    sizeof(c->audit_detail) - strlen(c->audit_detail),
		    ", %d failed (plan_failed signals)", r->failed);
	if (!r->all && r->ncodes == 1)
		snprintf(c->audit_household, sizeof(c->audit_household), "%s",
		    r->codes[0]);
	return rc;
}

/* -n: the plans as a run would make them, in a transaction that is
 * rolled back; only the audit log learns that someone looked. */
static int
preview(struct hb_ctx *c, struct run *r)
{
	struct hb_err e;

	if (hb_begin(c->st, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	c->audit_household[0] = c->audit_detail[0] = '\0';
	if (op_plan(c, r, &e) == -1) {
		hb_audit_failure(c, "preview plan", c->audit_household[0] ?
		    c->audit_household : NULL, e.msg);
		cmd_error(&e);
		return 1;
	}
	hb_audit_alone(c, "preview plan", c->audit_household[0] ?
	    c->audit_household : NULL, "ok", c->audit_detail);
	return 0;
}



static int
parse_day(const char *s, int *day)
{
	if (hb_date_parse(s, day) == -1)
		errx(EXIT_USAGE, _("invalid date '%s': expected YYYY-MM-DD"),
		    s);
	return *day;
}

static int
do_export(struct hb_ctx *c, int argc, char **argv)
{
	/* by default everything due by five days from now, late ones too */
	struct hb_export_opts o = { 0, c->today + 5, ".", 3 };
	struct hb_export_result res;
	struct hb_err e;
	char *colon, m[HB_MONEY_LEN];
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "9D:qw:")) != -1) {
		switch (ch) {
		case '9':
			o.version = 9;
			break;
		case 'D':
			o.dir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'w':
			if ((colon = strchr(optarg, ':')) == NULL)
				errx(EXIT_USAGE, _("expected -w from:to"));
			*colon = '\0';
			parse_day(optarg, &o.from);
			parse_day(colon + 1, &o.to);
			if (o.to < o.from)
				errx(EXIT_USAGE, _("the window ends before it "
				    "starts"));
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* the lock file keeps -a and export apart; what keeps two exports
	 * apart, whatever path or lock file they use, is the export lease
	 * inside the store (export.c) */
	if (lock_batch(c, 0) == -1)
		return EXIT_LOCKED;
	if (hb_export(c, &o, &res, &e) == -1) {
		cmd_error(&e);
		if (res.locked)
			return EXIT_LOCKED;
		hb_audit_failure(c, "export", NULL, e.msg);
		return 1;
	}
	if (res.recovered > 0)
		cmd_warn(P_("finished %d export batch an earlier run left "
		    "pending", "finished %d export batches an earlier run "
		    "left pending", res.recovered), res.recovered);
	if (res.count == 0) {
		if (!quiet)
			printf(_("nothing to export\n"));
		return 0;
	}
	if (!quiet) {
		char *line;

		xasprintf(&line, _("%s: %d payouts, %s (message %s)\n"),
		    res.file, res.count, (hb_money_format_nl(res.sum, m), m),
		    res.msg_id);
		hb_wrap(stdout, line, hb_table_width(), 2);
		free(line);
	}
	return 0;
}

static int
valid_month(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' &&
	    strspn(s, "0123456789") == 4 && strspn(s + 5, "0123456789") == 2 &&
	    atoi(s + 5) >= 1 && atoi(s + 5) <= 12 && atoi(s) >= 2000;
}

static int
month_after(int day, char out[8])
{
	int y, m, d;

	hb_date_split(day, &y, &m, &d);
	if (++m == 13) {
		m = 1;
		y++;
	}
	return snprintf(out, 8, "%04d-%02d", y % 10000, m % 100);
}

/* the options of plan, run and -n after the subcommand run */
static void
plan_options(int argc, char **argv, struct run *r, const char *opts)
{
	int ch;

	while ((ch = getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'a':
			r->all = 1;
			break;
		case 'm':
			r->month = optarg;
			break;
		case 'n':
			r->mode = PREVIEW;
			break;
		case 'o':
			format = cmd_format(optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
}

static int
do_plans(struct hb_ctx *c, struct run *r)
{
	char month[8], *text = NULL, *why = NULL, *msg = NULL;
	size_t len = 0, wlen = 0, mlen = 0;
	FILE *msgs;
	int rc;

	if (r->month == NULL) {
		month_after(c->today, month);
		r->month = month;
	} else
		r->month_given = 1;
	r->out = open_memstream(&text, &len);
	r->failures = open_memstream(&why, &wlen);
	if (r->out == NULL || r->failures == NULL)
		err(1, "open_memstream");
	if (r->mode == RUN && r->all && lock_batch(c, 1) == -1)
		rc = EXIT_LOCKED;
	else if (r->mode == PREVIEW)
		rc = preview(c, r);
	else
		rc = r->mode == SHOW ? cmd_read(c, "show plan", NULL,
		    op_plan, r) : cmd_run(c, "plan", NULL, op_plan, r);
	fclose(r->out);
	fclose(r->failures);
	if (rc == 0) {
		fwrite(text, 1, len, stdout);
		fflush(stdout);
		/* each line a household that could not be planned or has
		 * no plan to show */
		if (wlen > 0) {
			char *line, *next;

			for (line = why; *line != '\0'; line = next) {
				next = strchr(line, '\n');
				*next++ = '\0';
				cmd_warn("%s", line);
			}
		}
	}
	free(text);
	free(why);
	if (rc != 0)
		return rc;
	if (r->mode == SHOW)
		return r->missing > 0 ? 1 : 0;
	/* the messages below, each fitting a terminal */
	if ((msgs = open_memstream(&msg, &mlen)) == NULL)
		err(1, "open_memstream");
	if (r->failed > 0)
		fprintf(msgs, P_("hb-plan: %d household could not be "
		    "planned and kept its earlier plan: a person looks "
		    "(hb-import signals)\n", "hb-plan: %d households could "
		    "not be planned and kept their earlier plan: a person "
		    "looks (hb-import signals)\n", r->failed), r->failed);
	if (r->held > 0 || r->advisory > 0) {
		/* TRANSLATORS: followed by ", N decisions are advisory" */
		fprintf(msgs, P_("hb-plan: %d payout is held",
		    "hb-plan: %d payouts are held", r->held), r->held);
		fprintf(msgs, P_(", %d decision is advisory: a person "
		    "decides (hb-plan decisions, hb-plan approve)\n",
		    ", %d decisions are advisory: a person decides (hb-plan "
		    "decisions, hb-plan approve)\n", r->advisory), r->advisory);
	}
	if (r->escalated > 0) {
		fputs("hb-plan: ", msgs);
		fprintf(msgs, P_("%d escalation filed automatically: a person "
		    "decides (hb-escalate list)", "%d escalations filed "
		    "automatically: a person decides (hb-escalate list)",
		    r->escalated), r->escalated);
		fputc('\n', msgs);
	}
	if (r->overdue > 0) {
		fputs("hb-plan: ", msgs);
		fprintf(msgs, P_("%d escalation is overdue (hb-escalate list "
		    "-O)", "%d escalations are overdue (hb-escalate list -O)",
		    r->overdue), r->overdue);
		fputc('\n', msgs);
	}
	if (r->failed > 0 || r->held > 0 || r->advisory > 0 ||
	    r->escalated > 0 || r->overdue > 0)
		rc = EXIT_ATTENTION;
	if (r->mode == PREVIEW)
		fprintf(msgs, _("hb-plan: a preview: nothing was kept\n"));
	fclose(msgs);
	cmd_wrap_stderr(msg);
	free(msg);
	return rc;
}

int
main(int argc, char **argv)
{
	struct hb_ctx c;
	struct hb_err e;
	struct run r = { 0 };
	const char *dbopt = NULL, *sub = NULL;
	int ch, rc, history = 0;

	cmd_conventions(argc, argv, _(usage_text));
	r.mode = SHOW;
	while ((ch = getopt(argc, argv, "+ad:m:no:qw")) != -1) {
		switch (ch) {
		case 'a':
			r.all = 1;
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'm':
			r.month = optarg;
			break;
		case 'n':
			r.mode = PREVIEW;
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
	if (argc > 0 && (strcmp(argv[0], "approve") == 0 ||
	    strcmp(argv[0], "export") == 0 || strcmp(argv[0], "payouts") == 0 ||
	    strcmp(argv[0], "decisions") == 0 || strcmp(argv[0], "run") == 0 ||
	    strcmp(argv[0], "batches") == 0))
		sub = argv[0];
	if (sub != NULL && strcmp(sub, "run") == 0) {
		if (r.mode == PREVIEW)
			errx(EXIT_USAGE, _("-n previews without writing: not "
			    "with run"));
		r.mode = RUN;
		optind = 1;
		plan_options(argc, argv, &r, "+am:o:q");
		argc -= optind;
		argv += optind;
		sub = NULL;
	} else if (sub != NULL && strcmp(sub, "decisions") == 0) {
		optind = 1;
		while ((ch = getopt(argc, argv, "H")) != -1) {
			if (ch != 'H')
				usage();
			history = 1;
		}
		argc -= optind - 1;
		argv += optind - 1;
	}
	if (sub != NULL && r.mode == PREVIEW)
		errx(EXIT_USAGE, _("-n previews a plan: not with %s"), sub);
	if (sub == NULL && !r.all && argc == 0)
		usage();
	if (sub == NULL && r.all && argc > 0)
		errx(EXIT_USAGE, _("-a plans every household: name none"));
	if (quiet && sub == NULL && r.mode != RUN)
		errx(EXIT_USAGE, _("-q is for 'hb-plan run': showing a plan "
		    "quietly shows nothing"));
	for (ch = 0; sub == NULL && ch < argc; ch++)
		if (strlen(argv[ch]) != 9 || strncmp(argv[ch], "HB-", 3) != 0 ||
		    strspn(argv[ch] + 3, "0123456789") != 6)
			errx(EXIT_USAGE, _("'%s' is neither a command nor a "
			    "household code (HB-NNNNNN)"), argv[ch]);
	if (sub != NULL && strcmp(sub, "approve") == 0 && argc != 3)
		usage();
	if (sub != NULL && strcmp(sub, "batches") == 0 && argc != 1)
		usage();
	if (r.month != NULL && !valid_month(r.month))
		errx(EXIT_USAGE, _("invalid month '%s': expected YYYY-MM"),
		    r.month);

	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (sub == NULL) {
		r.codes = argv;
		r.ncodes = argc;
		rc = do_plans(&c, &r);
	} else if (strcmp(sub, "approve") == 0) {
		struct cmd_approve a;
		char *end;

		a.decision = strtoll(argv[1], &end, 10);
		a.reason = argv[2];
		if (*end != '\0' || a.decision <= 0)
			errx(EXIT_USAGE, _("invalid decision '%s'"), argv[1]);
		rc = cmd_run(&c, "approve", NULL, cmd_op_approve, &a);
		if (rc == 0 && !quiet)
			printf(_("decision %s approved\n"), argv[1]);
	} else if (strcmp(sub, "export") == 0)
		rc = do_export(&c, argc, argv);
	else if (argc > 2)
		usage();
	else
		rc = cmd_list(&c, strcmp(sub, "decisions") == 0 && !history ?
		    "current_decisions" : sub, argc > 1 ? argv[1] : NULL,
		    format);
	hb_ctx_close(&c);
	return rc;
}
