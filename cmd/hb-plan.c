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

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: hb-plan [-aq] [-d store] [-m month] [-o format] [code ...]\n"
	    "       hb-plan approve decision reason\n"
	    "       hb-plan export [-9q] [-D dir] [-w from:to]\n"
	    "       hb-plan payouts [code]\n"
	    "       hb-plan decisions [code]\n"
	    "       hb-plan batches\n");
	exit(EXIT_USAGE);
}

/* Two batch runs never overlap: a lock file beside the store. */
static int
lock_batch(const struct hb_ctx *c)
{
	struct stat sb;
	char *path;
	int fd;

	xasprintf(&path, "%s.lock", c->db_path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1)
		err(1, "cannot open lock '%s'", path);
	/* made by someone else since the store was checked: not ours */
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid())
		errx(1, "refusing lock '%s': not a regular file of yours", path);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		warnx("another hb-plan batch run holds '%s': not starting",
		    path);
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
    "d.id AS decision, d.mode, d.rule, d.outcome, h.code AS household " \
    "FROM decision d " \
    "JOIN household h ON h.id = d.household_id " \
    "LEFT JOIN agreement a ON a.id = d.agreement_id " \
    "LEFT JOIN organisation o ON o.id = a.organisation_id "
#define PLAN_TYPES "sssmmissss"

struct run {
	char		**codes;
	int		 ncodes, all;
	const char	*month;
	struct hb_planner *planner;	/* made for the first household */
	int		 held, advisory, households;
	FILE		*out;	/* shown only once the plans are kept */
};

static int
plan_one(struct hb_ctx *c, struct run *r, const char *code, struct hb_err *e)
{
	struct hb_plan_result res;
	struct hb_stmt *q;
	char m1[HB_MONEY_LEN], m2[HB_MONEY_LEN], m3[HB_MONEY_LEN];
	int rc;

	if (r->planner == NULL &&
	    hb_planner_new(c, r->month, &r->planner, e) == -1)
		return -1;
	if (hb_planner_plan(r->planner, code, &res, e) == -1)
		return -1;
	r->held += res.held;
	r->advisory += res.advisory;
	r->households++;
	if (quiet)
		return 0;
	if (format != HB_OUT_HUMAN)	/* one table for all, at the end */
		return hb_exec(c->st, e, "INSERT INTO temp.run_plans VALUES "
		    "(?)", "I", res.plan_id);
	fprintf(r->out, "%s %s: opening %s, closing %s, buffer used at most "
	    "%s; %d payouts, %d advisory, %d held, %d signals\n", code,
	    r->month, (hb_money_format_nl(res.opening, m1), m1),
	    (hb_money_format_nl(res.closing, m2), m2),
	    (hb_money_format_nl(res.buffer_used, m3), m3), res.payouts,
	    res.advisory, res.held, res.signals);
	if (hb_prepare(c->st, &q, e, PLAN_TABLE "WHERE d.plan_id = ? ORDER BY "
	    "d.day, d.id", "I", res.plan_id) == -1)
		return -1;
	rc = hb_table_write(r->out, format, q, PLAN_TYPES, e);
	hb_finalize(q);
	fputc('\n', r->out);
	return rc;
}

static int
op_plan(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct run *r = arg;
	struct hb_stmt *q;
	char **codes = NULL;
	int i, n = 0, rc = 0, y, m;

	if (hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS run_plans "
	    "(id INTEGER PRIMARY KEY)", "") == -1)
		return -1;
	if (!r->all) {
		for (i = 0; i < r->ncodes && rc == 0; i++)
			rc = plan_one(c, r, r->codes[i], e);
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
		rc = plan_one(c, r, codes[i], e);
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
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
	snprintf(c->audit_detail, sizeof(c->audit_detail), "%s: %d "
	    "households, %d advisory, %d held", r->month, r->households,
	    r->advisory, r->held);
	if (!r->all && r->ncodes == 1)
		snprintf(c->audit_household, sizeof(c->audit_household), "%s",
		    r->codes[0]);
	return rc;
}

struct approve {
	int64_t		 decision;
	const char	*reason;
};

static int
op_approve(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct approve *a = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "decision %lld: %s",
	    (long long)a->decision, a->reason);
	return hb_plan_approve(c, a->decision, a->reason, c->audit_household,
	    sizeof(c->audit_household), e);
}


static int
parse_day(const char *s, int *day)
{
	if (hb_date_parse(s, day) == -1)
		errx(EXIT_USAGE, "invalid date '%s': expected YYYY-MM-DD", s);
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
				errx(EXIT_USAGE, "expected -w from:to");
			*colon = '\0';
			parse_day(optarg, &o.from);
			parse_day(colon + 1, &o.to);
			if (o.to < o.from)
				errx(EXIT_USAGE, "the window ends before it "
				    "starts");
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
	if (lock_batch(c) == -1)
		return EXIT_LOCKED;
	if (hb_export(c, &o, &res, &e) == -1) {
		cmd_error(&e);
		if (res.locked)
			return EXIT_LOCKED;
		hb_audit_failure(c, "export", NULL, e.msg);
		return 1;
	}
	if (res.recovered > 0)
		warnx("finished %d export batch%s an earlier run left pending",
		    res.recovered, res.recovered == 1 ? "" : "es");
	if (res.count == 0) {
		if (!quiet)
			printf("nothing to export\n");
		return 0;
	}
	if (!quiet)
		printf("%s: %d payouts, %s (message %s)\n", res.file,
		    res.count, (hb_money_format_nl(res.sum, m), m), res.msg_id);
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

int
main(int argc, char **argv)
{
	struct hb_ctx c;
	struct hb_err e;
	struct run r = { 0 };
	const char *dbopt = NULL, *sub = NULL;
	char month[8];
	int ch, rc;

	while ((ch = getopt(argc, argv, "+ad:m:o:q")) != -1) {
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
	argc -= optind;
	argv += optind;
	if (argc > 0 && (strcmp(argv[0], "approve") == 0 ||
	    strcmp(argv[0], "export") == 0 || strcmp(argv[0], "payouts") == 0 ||
	    strcmp(argv[0], "decisions") == 0 ||
	    strcmp(argv[0], "batches") == 0))
		sub = argv[0];
	if (sub == NULL && !r.all && argc == 0)
		usage();
	if (sub == NULL && r.all && argc > 0)
		errx(EXIT_USAGE, "-a plans every household: name none");
	for (ch = 0; sub == NULL && ch < argc; ch++)
		if (strlen(argv[ch]) != 9 || strncmp(argv[ch], "HB-", 3) != 0 ||
		    strspn(argv[ch] + 3, "0123456789") != 6)
			errx(EXIT_USAGE, "'%s' is neither a command nor a "
			    "household code (HB-NNNNNN)", argv[ch]);
	if (sub != NULL && strcmp(sub, "approve") == 0 && argc != 3)
		usage();
	if (sub != NULL && strcmp(sub, "batches") == 0 && argc != 1)
		usage();
	if (r.month != NULL && !valid_month(r.month))
		errx(EXIT_USAGE, "invalid month '%s': expected YYYY-MM",
		    r.month);

	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (sub == NULL) {
		if (r.month == NULL) {
			month_after(c.today, month);
			r.month = month;
		}
		r.codes = argv;
		r.ncodes = argc;
		char *text = NULL;
		size_t len = 0;

		r.out = open_memstream(&text, &len);
		if (r.out == NULL)
			err(1, "open_memstream");
		if (r.all && lock_batch(&c) == -1)
			rc = EXIT_LOCKED;
		else
			rc = cmd_run(&c, "plan", NULL, op_plan, &r);
		fclose(r.out);
		if (rc == 0)
			fwrite(text, 1, len, stdout);
		free(text);
		if (rc == 0 && (r.held > 0 || r.advisory > 0)) {
			fprintf(stderr, "hb-plan: %d payout%s held, %d "
			    "decision%s advisory: a person decides (hb-plan "
			    "decisions, hb-plan approve)\n", r.held,
			    r.held == 1 ? " is" : "s are", r.advisory,
			    r.advisory == 1 ? " is" : "s are");
			rc = EXIT_ATTENTION;
		}
	} else if (strcmp(sub, "approve") == 0) {
		struct approve a;
		char *end;

		a.decision = strtoll(argv[1], &end, 10);
		a.reason = argv[2];
		if (*end != '\0' || a.decision <= 0)
			errx(EXIT_USAGE, "invalid decision '%s'", argv[1]);
		rc = cmd_run(&c, "approve", NULL, op_approve, &a);
		if (rc == 0 && !quiet)
			printf("decision %s approved\n", argv[1]);
	} else if (strcmp(sub, "export") == 0)
		rc = do_export(&c, argc, argv);
	else if (argc > 2)
		usage();
	else
		rc = cmd_list(&c, sub, argc > 1 ? argv[1] : NULL, format);
	hb_ctx_close(&c);
	return rc;
}
