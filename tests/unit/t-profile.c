/*
 * t-profile.c - bank CSV profiles that a municipality writes itself: every
 * mistake is refused with the profile's file, line and key, so that a
 * broken profile never reads a bank export the wrong way; and amounts at
 * the edge of int64_t in the checked arithmetic the readers rely on.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"
#include "tap.h"

static char dir[64], csvdir[128];

static void
write_file(const char *name, const char *text)
{
	char p[256];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s", csvdir, name);
	if ((fp = fopen(p, "w")) == NULL) {
		ok(0, "cannot write %s", p);
		return;
	}
	fputs(text, fp);
	fclose(fp);
}

static void
remove_file(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", csvdir, name);
	if (unlink(p) == -1)
		rmdir(p);
}

/* a profile that loads: name 'bad' and the keys every profile needs */
#define BASE "name = bad\nheader = none\ndecimal = comma\n" \
	"delimiter = comma\ndate_format = YYYYMMDD\n"
#define COLS "columns = A, B, C\ndate = A\namount = B\n"

static const struct {
	const char *text;
	const char *want;	/* NULL: the profile loads */
} cases[] = {
	{ BASE COLS, NULL },
	{ "# a comment\n\n" BASE "columns = A, \\\n  B, \\\n  C\n"
	    "date = A\namount = B\nremittance = B, C\n", NULL },
	{ "header = none\n", "bad.profile: missing key 'name'" },
	{ "name = bad\ndecimal = comma\n", "bad.profile: missing key "
	    "'header'" },
	{ BASE "quote = backtick\n" COLS, "bad.profile:6: quote: invalid "
	    "value 'backtick': expected none, double, single" },
	{ BASE "encoding = ebcdic\n" COLS, "bad.profile:6: encoding: "
	    "invalid value 'ebcdic'" },
	{ "name = bad\nheader = none\ndelimiter = comma\n", "bad.profile: "
	    "missing key 'decimal'" },
	{ BASE "details = ing\n" COLS, "bad.profile:6: details: invalid "
	    "value 'ing'" },
	{ "name = bad\nheader = none\ndecimal = comma\n", "bad.profile: "
	    "missing key 'delimiter'" },
	{ "name = bad\nheader = none\ndecimal = comma\ndelimiter = comma, "
	    "semicolon, tab, comma, tab\n", "bad.profile:4: delimiter: "
	    "invalid value 'comma, semicolon, tab, comma, tab'" },
	{ "name = bad\nheader = none\ndecimal = comma\ndelimiter = comma\n",
	    "bad.profile: missing key 'date_format'" },
	{ "name = bad\nheader = none\ndecimal = comma\ndelimiter = comma\n"
	    "date_format = YYYYMMDD, YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, "
	    "DD.MM.YYYY, YYYYMMDD\n", "bad.profile:5: date_format: invalid "
	    "value" },
	{ BASE "account_bank = abna\n" COLS, "bad.profile:6: account_bank: "
	    "invalid value 'abna': expected a bank code such as ABNA" },
	{ BASE "account_bank = ABN\n" COLS, "bad.profile:6: account_bank: "
	    "invalid value 'ABN'" },
	{ "name = bad\nheader = names\ndecimal = comma\ndelimiter = comma\n"
	    "date_format = YYYYMMDD\n" COLS, "bad.profile:6: columns: not "
	    "with header = names" },
	{ BASE "date = A\namount = B\n", "bad.profile: missing key "
	    "'columns'" },
	{ BASE "columns = A, B, C\ndate = A, C\namount = B\n",
	    "bad.profile:7: date: invalid value 'A, C': expected one column" },
	{ BASE "columns = A, B, C\ndate = A\namount = B, C\n",
	    "bad.profile:8: amount: invalid value 'B, C': expected one column" },
	{ BASE COLS "sign = C\ndebit = Af\n", "sign: needs 'debit' and "
	    "'credit' words" },
	{ BASE COLS "sign = C\ncredit = Bij\n", "sign: needs 'debit' and "
	    "'credit' words" },
	{ "name = bad\nheader = names\ndecimal = comma\ndelimiter = comma\n"
	    "date_format = YYYYMMDD\ndate = Datum|Date\namount = Bedrag\n"
	    "quoted = Datum\n", "bad.profile:8: quoted: needs 'columns' and "
	    "a quote" },
	{ "name = bad\nheader = names\ndecimal = comma\ndelimiter = comma\n"
	    "date_format = YYYYMMDD\ndate = Datum|Date\namount = Bedrag\n",
	    NULL },
	{ "name = bad\ndescription = caf\xe9\n", "bad.profile:2: not UTF-8" },
};

static void
test_cases(void)
{
	struct hb_csvprofile *pr;
	struct hb_err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file("bad.profile", cases[i].text);
		pr = NULL;
		if (cases[i].want == NULL) {
			if (!ok(hb_csvprofile_load("bad", &pr, &e) == 0 &&
			    pr != NULL, "profile %zu loads", i + 1))
				diag("%s", e.msg);
			hb_csvprofile_free(pr);
			continue;
		}
		is_int(hb_csvprofile_load("bad", &pr, &e), -1,
		    "profile %zu is refused", i + 1);
		like(e.msg, cases[i].want, "profile %zu: %s", i + 1,
		    cases[i].want);
		ok(pr == NULL, "profile %zu: nothing is returned", i + 1);
	}
}

static void
test_long_lines(void)
{
	struct hb_csvprofile *pr = NULL;
	struct hb_err e;
	char *text, *p;
	int i;

	/* one physical line longer than a profile line may be */
	text = xmalloc(6000);
	p = text + sprintf(text, "name = bad\ndescription = ");
	memset(p, 'x', 5000);
	strcpy(p + 5000, "\n");
	write_file("bad.profile", text);
	is_int(hb_csvprofile_load("bad", &pr, &e), -1, "a 5,000-byte line is "
	    "refused");
	like(e.msg, "bad.profile:2: line too long", "and named by its line");
	free(text);

	/* a value continued over lines, longer than four lines may be */
	text = xmalloc(6 * 4000);
	p = text + sprintf(text, "name = bad\ndescription = ");
	for (i = 0; i < 5; i++) {
		memset(p, 'y', 3500);
		p += 3500;
		p += sprintf(p, " \\\n");
	}
	strcpy(p, "end\n");
	write_file("bad.profile", text);
	is_int(hb_csvprofile_load("bad", &pr, &e), -1, "a continued value of "
	    "17,500 bytes is refused");
	like(e.msg, "bad.profile:2: line too long",
	    "and named by the line it starts on");
	free(text);
}

static void
test_files(void)
{
	struct hb_csvprofile *pr = NULL;
	struct hb_err e;
	const char *head = "Datum,Bedrag,Rekening\n"
	    "2026-12-01,\"1,00\",NL91ABNA0417164300\n";
	char p[256];

	/* a directory in the place of a profile: it cannot be read */
	remove_file("bad.profile");
	snprintf(p, sizeof(p), "%s/bad.profile", csvdir);
	mkdir(p, 0700);
	is_int(hb_csvprofile_load("bad", &pr, &e), -1,
	    "a directory named bad.profile is refused");
	like(e.msg, "cannot read", "as unreadable");
	like(e.msg, "bad.profile", "and named");
	rmdir(p);

	/* a symbolic link that points to itself */
	snprintf(p, sizeof(p), "%s/loop.profile", csvdir);
	ok(symlink("loop.profile", p) == 0, "a symbolic link to itself");
	is_int(hb_csvprofile_load("loop", &pr, &e), -1,
	    "a profile that cannot be opened is refused");
	like(e.msg, "cannot open", "as not openable, not as unknown");
	unlink(p);

	/* files that are no profile name are not offered as profiles */
	write_file("good.profile", "name = good\nheader = exact\n"
	    "decimal = comma\ndelimiter = comma\ndate_format = YYYY-MM-DD\n"
	    "columns = Datum, Bedrag, Rekening\ndate = Datum\n"
	    "amount = Bedrag\naccount = Rekening\n");
	write_file("Bad Name.profile", "name = Bad Name\n");
	write_file(".profile", "name = \n");
	write_file("notes.txt", "not a profile\n");
	is_int(hb_csvprofile_load("nosuch", &pr, &e), -1,
	    "an unknown profile is refused");
	is_str(e.msg, "unknown bank profile 'nosuch'; known profiles: good",
	    "only the validly named profile is offered");
	is_int(hb_csvprofile_load("Bad Name", &pr, &e), -1,
	    "a name with capitals and a blank is no profile name");
	like(e.msg, "unknown bank profile 'Bad Name'", "and is said so");
	ok(hb_csvprofile_detect(head, strlen(head), &pr, &e) == 0 && pr != NULL &&
	    strcmp(hb_csvprofile_name(pr), "good") == 0,
	    "detection finds the one valid profile, not the others");
	hb_csvprofile_free(pr);
	remove_file("good.profile");
	remove_file("Bad Name.profile");
	remove_file(".profile");
	remove_file("notes.txt");

	/* no profile directory at all */
	rmdir(csvdir);
	pr = NULL;
	is_int(hb_csvprofile_load("nosuch", &pr, &e), -1,
	    "without a profile directory nothing loads");
	like(e.msg, "cannot open the bank profiles in", "and the message says "
	    "where they were looked for");
	is_int(hb_csvprofile_detect("Datum,Bedrag\n", 13, &pr, &e), -1,
	    "nor is a bank detected");
}

static void
test_money_edges(void)
{
	int64_t r = 7;

	/* the quotient below INT64_MIN: refused, the result left alone */
	is_int(hb_muldiv(INT64_MIN, 2, 1, &r), -1,
	    "muldiv: twice INT64_MIN is out of range");
	is_int(r, 7, "muldiv: the result is not written on overflow");
	is_int(hb_muldiv(INT64_MIN, -1, -1, &r), 0,
	    "muldiv: INT64_MIN * -1 / -1 fits");
	is_int(r, INT64_MIN, "muldiv: and is INT64_MIN");
	/* 95% of the largest amount: the product needs more than 64 bits */
	is_int(hb_muldiv(INT64_MAX, 95, 100, &r), 0,
	    "muldiv: 95%% of INT64_MAX fits");
	is_int(r, 8762203435012037016LL, "muldiv: 95%% of INT64_MAX, floored");
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t-profile.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	snprintf(csvdir, sizeof(csvdir), "%s/csv", dir);
	mkdir(csvdir, 0700);
	setenv("HB_SHAREDIR", dir, 1);

	test_cases();
	test_long_lines();
	test_files();
	test_money_edges();

	remove_file("bad.profile");
	rmdir(csvdir);
	rmdir(dir);
	return done_testing();
}
