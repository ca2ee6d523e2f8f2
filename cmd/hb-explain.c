/*
 * hb-explain: why a decision, payout, signal or booking came out as it
 * did, or a household's month, for the caseworker, as a letter to the
 * citizen, or as JSON.  Every explanation shown is in the audit log: who
 * looked at whose data.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static const char usage_text[] = N_(
    "usage: hb-explain [-d store] [-f text|letter|markdown] "
    "[-o human|json] id\n"
    "       hb-explain [-d store] [-f text|letter|markdown] "
    "[-o human|json] code [month]\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

struct explain {
	const char		*what, *month;
	enum hb_explain_form	 form;
};

static int
op_explain(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct explain *x = arg;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	/* on a terminal the lines fit its width (hb_wrap): the text's
	 * continued lines indented, the letter's paragraphs flush */
	if (x->form == HB_EXPLAIN_JSON || hb_table_width() == 0)
		return hb_explain(c, x->what, x->month, x->form, stdout, e);
	if ((fp = open_memstream(&text, &len)) == NULL)
		err(1, "open_memstream");
	rc = hb_explain(c, x->what, x->month, x->form, fp, e);
	fclose(fp);
	if (rc == 0)
		hb_wrap(stdout, text, hb_table_width(),
		    x->form == HB_EXPLAIN_TEXT ? 2 : 0);
	free(text);
	return rc;
}

int
main(int argc, char **argv)
{
	struct explain x = { NULL, NULL, HB_EXPLAIN_TEXT };
	struct hb_ctx c;
	struct hb_err e;
	const char *dbopt = NULL, *form = "text", *out = "human";
	int ch, rc;

	cmd_conventions(argc, argv, _(usage_text));
	while ((ch = getopt(argc, argv, "d:f:o:")) != -1) {
		switch (ch) {
		case 'd':
			dbopt = optarg;
			break;
		case 'f':
			form = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	cmd_width(0);
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2)
		usage();
	if (strcmp(form, "text") == 0)
		x.form = HB_EXPLAIN_TEXT;
	else if (strcmp(form, "letter") == 0)
		x.form = HB_EXPLAIN_LETTER;
	else if (strcmp(form, "markdown") == 0)
		x.form = HB_EXPLAIN_MARKDOWN;
	else
		errx(EXIT_USAGE, _("unknown form '%s': expected text, letter "
		    "or markdown"), form);
	if (strcmp(out, "json") == 0)
		x.form = HB_EXPLAIN_JSON;
	else if (strcmp(out, "human") != 0)
		errx(EXIT_USAGE, _("unknown output format '%s': expected human "
		    "or json"), out);
	x.what = argv[0];
	x.month = argc > 1 ? argv[1] : NULL;
	if (hb_ctx_open(&c, dbopt, 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	rc = cmd_read(&c, "explain", strncmp(x.what, "HB-", 3) == 0 ? x.what :
	    NULL, op_explain, &x);
	hb_ctx_close(&c);
	return rc;
}
