/*
 * hb-import: bank statements (CAMT.053, MT940, bank CSV exports) and income
 * data into the store, deduplicated, reconciled and matched.  All named
 * files are imported in one transaction: all of them or none.  They are
 * read before the transaction begins, so that other commands wait for the
 * store only while it is written.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define EXIT_ATTENTION 3	/* imported, but something needs a person */

static enum hb_format format = HB_OUT_HUMAN;
static int quiet;

static int wide;	/* -w: human tables whole */

static const char usage_text[] = N_(
    "usage: hb-import [-fnqw] [-a iban] [-d store] [-F format] "
    "[-o format] [-p profile] file ...\n"
    "       hb-import lines [code]\n"
    "       hb-import unmatched [code]\n"
    "       hb-import signals [code]\n"
    "       hb-import imports\n"
    "       hb-import income [code]\n"
    "       hb-import [-t term] book line agreement|code reason\n"
    "       hb-import resolve signal reason\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

struct run {
	char			**files;
	int			 nfiles;
	struct hb_import_batch	*batch;		/* the files, read */
	struct hb_import_opts	 opts;
	int			 dry_run;
	long			 new_lines, unmatched, signals, lines;
};

static void
show_progress(void *arg, long done, long total)
{
	const char *name = arg, *slash = strrchr(name, '/');
	size_t cols = 0;
	const char *p;

	/* one line of a terminal, rewritten in place: the file's name, its
	 * end when it is long */
	if (slash != NULL && slash[1] != '\0')
		name = slash + 1;
	for (p = name; *p != '\0'; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	for (p = name; cols > 60; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			cols--;
	while (((unsigned char)*p & 0xc0) == 0x80)
		p++;
	fprintf(stderr, "\rhb-import: %s%s %3d%%", p != name ? "\xe2\x80\xa6" :
	    "", p, (int)(done * 100 / total));
	if (done >= total)
		fputc('\n', stderr);
}

static int
summarise(struct hb_ctx *c, struct run *r, const char *file,
    const struct hb_import_result *res, struct hb_err *e)
{
	const char *status = res->already ? "already imported" :
	    r->dry_run ? "dry run: not imported" : "imported";

	r->lines += res->lines;
	r->new_lines += res->new_lines;
	r->unmatched += res->unmatched;
	r->signals += res->signals;
	if (hb_exec(c->st, e, "CREATE TEMP TABLE IF NOT EXISTS summary ("
	    "file TEXT, format TEXT, statements INTEGER, lines INTEGER, "
	    "new INTEGER, duplicates INTEGER, matched INTEGER, "
	    "unmatched INTEGER, signals INTEGER, status TEXT)", "") == -1)
		return -1;
	return hb_exec(c->st, e, "INSERT INTO temp.summary VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssIIIIIIIs", file,
	    res->already ? "" : res->format, (int64_t)res->statements,
	    (int64_t)res->lines, (int64_t)res->new_lines,
	    (int64_t)res->duplicates, (int64_t)res->matched,
	    (int64_t)res->unmatched, (int64_t)res->signals, status);
}

static int
op_import(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct run *r = arg;
	struct hb_import_result res;
	struct hb_stmt *q;
	int i, rc;

	for (i = 0; i < r->nfiles; i++) {
		r->opts.progress_arg = r->files[i];
		rc = hb_import_apply(c, r->batch, &r->opts, &res, e);
		if (rc == -1 || summarise(c, r, r->files[i], &res, e) == -1) {
			hb_match_forget(c);
			return -1;
		}
	}
	/* the agreements it read are only known to hold in this transaction */
	hb_match_forget(c);
	snprintf(c->audit_detail, sizeof(c->audit_detail), "%d file%s, %ld "
	    "new lines, %ld unmatched, %ld signals%s", r->nfiles,
	    r->nfiles == 1 ? "" : "s", r->new_lines, r->unmatched, r->signals,
	    r->dry_run ? " (dry run)" : "");
	if (quiet)
		return 0;
	if (hb_prepare(c->st, &q, e, "SELECT * FROM temp.summary", "") == -1)
		return -1;
	rc = hb_table_write(stdout, format, q, "ssiiiiiiis", e);
	hb_finalize(q);
	return rc;
}

/* Reads every file before the store is locked. */
static int
stage(struct hb_ctx *c, struct run *r)
{
	struct hb_err e;
	int i;

	for (i = 0; i < r->nfiles; i++) {
		r->opts.progress_arg = r->files[i];
		if (hb_import_stage(c, &r->batch, r->files[i], &r->opts,
		    &e) == -1) {
			hb_audit_failure(c, r->dry_run ? "import (dry run)" :
			    "import", NULL, e.msg);
			cmd_error(&e);
			return -1;
		}
	}
	return 0;
}

/* A directory named on the command line stands for the regular files in
 * it, in name order, hidden ones left out: a nightly job names its inbox
 * and an empty inbox is nothing to do. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
expand_dirs(struct run *r, char **argv, int argc)
{
	struct dirent *d;
	struct stat sb;
	char *path;
	DIR *dir;
	int i, first;

	r->files = NULL;
	r->nfiles = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 || stat(argv[i], &sb) == -1 ||
		    !S_ISDIR(sb.st_mode)) {
			r->files = xreallocarray(r->files, (size_t)r->nfiles + 1,
			    sizeof(*r->files));
			r->files[r->nfiles++] = xstrdup(argv[i]);
			continue;
		}
		if ((dir = opendir(argv[i])) == NULL)
			err(1, "cannot read directory '%s'", argv[i]);
		first = r->nfiles;
		while ((d = readdir(dir)) != NULL) {
			if (d->d_name[0] == '.')
				continue;
			xasprintf(&path, "%s/%s", argv[i], d->d_name);
			if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode)) {
				free(path);
				continue;
			}
			r->files = xreallocarray(r->files, (size_t)r->nfiles + 1,
			    sizeof(*r->files));
			r->files[r->nfiles++] = path;
		}
		closedir(dir);
		if (r->nfiles > first)	/* qsort wants an array */
			qsort(r->files + first, (size_t)(r->nfiles - first),
			    sizeof(*r->files), by_name);
	}
}

static int
run_import(struct hb_ctx *c, struct run *r)
{
	struct hb_err e;
	int rc;

	if (stage(c, r) == -1)
		return 1;
	if (!r->dry_run)
		rc = cmd_run(c, "import", NULL, op_import, r);
	else {
		/* everything happens, then nothing is kept but the audit */
		if (hb_begin(c->st, &e) == -1) {
			cmd_error(&e);
			return 1;
		}
		rc = op_import(c, r, &e);
		hb_rollback(c->st);
		if (rc == -1) {
			cmd_error(&e);
			return 1;
		}
		hb_audit_alone(c, "import (dry run)", NULL, "ok",
		    c->audit_detail);
	}
	if (rc != 0)
		return rc;
	if (r->unmatched > 0 || r->signals > 0) {
		char *msg = NULL;
		size_t len = 0;
		FILE *fp;

		/* one message, fitting a terminal */
		if ((fp = open_memstream(&msg, &len)) == NULL)
			err(1, "open_memstream");
		/* TRANSLATORS: followed by ", N signals: see ..." */
		fprintf(fp, P_("hb-import: %ld line unmatched",
		    "hb-import: %ld lines unmatched", r->unmatched),
		    r->unmatched);
		fprintf(fp, P_(", %ld signal: see 'hb-import unmatched' "
		    "and 'hb-import signals'\n", ", %ld signals: see "
		    "'hb-import unmatched' and 'hb-import signals'\n",
		    r->signals), r->signals);
		fclose(fp);
		cmd_wrap_stderr(msg);
		free(msg);
		return EXIT_ATTENTION;
	}
	return 0;
}

struct book {
	int64_t		 line, agreement;
	const char	*household, *reason, *term;
};

static int
op_book(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct book *b = arg;

	if (b->household != NULL)
		snprintf(c->audit_detail, sizeof(c->audit_detail), "line %lld "
		    "to %s: %s", (long long)b->line, b->household, b->reason);
	else
		snprintf(c->audit_detail, sizeof(c->audit_detail), "line %lld "
		    "to agreement %lld: %s", (long long)b->line,
		    (long long)b->agreement, b->reason);
	if (hb_import_book(c, b->line, b->agreement, b->household, b->reason,
	    e) == -1)
		return -1;
	if (b->term == NULL)
		return 0;
	if (b->agreement <= 0)
		return hb_error(e, "a search term belongs to an agreement: "
		    "book the line to one");
	return hb_import_add_term(c, b->agreement, b->term, e);
}

/*
 * Booked by hand on a terminal: offer the line's identifying word as a
 * search term of the agreement, so that next month's line books itself.
 * Asked before the booking's transaction, never while holding it.
 */
static char *
offer_term(struct hb_ctx *c, const struct book *b)
{
	struct hb_err e;
	char term[128], *label, *answer;
	int rc;

	if (b->agreement <= 0 || b->term != NULL || !cmd_interactive() ||
	    hb_import_term_suggest(c, b->line, b->agreement, term,
	    sizeof(term), &e) != 1)
		return NULL;
	/* TRANSLATORS: an answer starting with y or j is yes */
	xasprintf(&label, _("add '%s' to the search terms of agreement "
	    "%lld, so that its next line is booked by itself? [y/N]"), term,
	    (long long)b->agreement);
	answer = cmd_prompt(c, label);
	free(label);
	rc = answer != NULL && (answer[0] == 'y' || answer[0] == 'Y' ||
	    answer[0] == 'j' || answer[0] == 'J');
	free(answer);
	return rc ? xstrdup(term) : NULL;
}

struct resolve {
	int64_t		 signal;
	const char	*reason;
};

static int
op_resolve(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct resolve *r = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "signal %lld: %s",
	    (long long)r->signal, r->reason);
	return hb_signal_resolve(c, r->signal, r->reason, c->audit_household,
	    sizeof(c->audit_household), e);
}


static int64_t
number(const char *s, const char *what)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n <= 0)
		errx(EXIT_USAGE, _("invalid %s '%s'"), what, s);
	return n;
}

int
main(int argc, char **argv)
{
	static const char *const views[] = { "lines", "unmatched", "signals",
	    "imports", "income", NULL };
	struct hb_ctx c;
	struct hb_err e;
	struct run r = { 0 };
	const char *dbopt = NULL, *term = NULL;
	const char *const *v;
	int ch, rc;

	cmd_conventions(argc, argv, _(usage_text));
#ifdef M_TRIM_THRESHOLD
	/* keep freed memory: giving it back after every line costs more
	 * than the matching itself on a large statement */
	mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
	while ((ch = getopt(argc, argv, "a:d:F:fno:p:qt:w")) != -1) {
		switch (ch) {
		case 'a':
			r.opts.account = optarg;
			break;
		case 'd':
			dbopt = optarg;
			break;
		case 'F':
			r.opts.format = optarg;
			break;
		case 'f':
			r.opts.force = 1;
			break;
		case 'n':
			r.dry_run = 1;
			break;
		case 'o':
			format = cmd_format(optarg);
			break;
		case 'p':
			r.opts.profile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'w':
			wide = 1;
			break;
		case 't':
			term = optarg;
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
	if (r.opts.format != NULL && strcmp(r.opts.format, "camt") != 0 &&
	    strcmp(r.opts.format, "mt940") != 0 &&
	    strcmp(r.opts.format, "csv") != 0 &&
	    strcmp(r.opts.format, "income") != 0)
		errx(EXIT_USAGE, _("unknown format '%s': expected camt, mt940, "
		    "csv or income"), r.opts.format);
	for (v = views; *v != NULL && strcmp(*v, argv[0]) != 0; v++)
		;
	if (*v == NULL && strcmp(argv[0], "book") == 0 && argc != 4)
		usage();
	if (*v == NULL && strcmp(argv[0], "resolve") == 0 && argc != 3)
		usage();
	if (*v != NULL && argc > 2)
		usage();

	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (*v != NULL)
		rc = cmd_list(&c, argv[0], argc > 1 ? argv[1] : NULL, format);
	else if (strcmp(argv[0], "book") == 0) {
		struct book b = { number(argv[1], "line"), 0, NULL, argv[3],
		    term };
		char *offered;

		if (strncmp(argv[2], "HB-", 3) == 0)
			b.household = argv[2];
		else
			b.agreement = number(argv[2], "agreement");
		if ((offered = offer_term(&c, &b)) != NULL)
			b.term = offered;
		else if (term != NULL) {
			/* as it is kept: lower case, without blanks around */
			char *p;

			while (isspace((unsigned char)*term))
				term++;
			b.term = offered = xstrdup(term);
			for (p = offered + strlen(offered); p > offered &&
			    isspace((unsigned char)p[-1]); p--)
				;
			*p = '\0';
			for (p = offered; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		rc = cmd_run(&c, "book line", b.household, op_book, &b);
		if (rc == 0 && !quiet)
			printf(_("line %s booked\n"), argv[1]);
		if (rc == 0 && !quiet && b.term != NULL)
			printf(_("agreement %lld matches '%s' from now on\n"),
			    (long long)b.agreement, b.term);
		free(offered);
	} else if (strcmp(argv[0], "resolve") == 0) {
		struct resolve rs = { number(argv[1], "signal"), argv[2] };

		rc = cmd_run(&c, "resolve signal", NULL, op_resolve, &rs);
		if (rc == 0 && !quiet)
			printf(_("signal %s resolved\n"), argv[1]);
	} else {
		expand_dirs(&r, argv, argc);
		if (!quiet && isatty(STDERR_FILENO))
			r.opts.progress = show_progress;
		if (r.nfiles == 0) {
			if (!quiet)
				printf(_("nothing to import\n"));
			rc = 0;
		} else
			rc = run_import(&c, &r);
		hb_import_batch_free(r.batch);
		for (ch = 0; ch < r.nfiles; ch++)
			free(r.files[ch]);
		free(r.files);
	}
	/* for a test that counts work instead of timing it */
	if (getenv("HB_TEST_VM_STEPS") != NULL && c.st != NULL)
		fprintf(stderr, _("hb-import: %lld SQLite steps\n"),
		    (long long)hb_store_vm_steps(c.st));
	hb_ctx_close(&c);
	return rc;
}
