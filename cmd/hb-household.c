/*
 * hb-household: the register of households, accounts, organisations,
 * agreements and consent records.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static enum hb_format format = HB_OUT_HUMAN;
static int quiet;

/* the record types, as "add" reports them */
static const char *const record_words[] __attribute__((unused)) = {
	N_("organisation"), N_("account"), N_("household"), N_("agreement"),
	N_("consent")
};

static int wide;	/* -w: human tables whole */

static const char usage_text[] = N_(
    "usage: hb-household [-qw] [-d store] [-o format] command [arg ...]\n"
    "       hb-household init\n"
    "       hb-household add record [field=value ...]\n"
    "       hb-household set code field=value ...\n"
    "       hb-household end code date\n"
    "       hb-household end-agreement id date\n"
    "       hb-household add-iban organisation iban\n"
    "       hb-household intake file.csv\n"
    "       hb-household list [what [code]]\n"
    "       hb-household show code\n"
    "       hb-household load-parameters file\n"
    "       hb-household verify\n"
    "       hb-household verify-audit\n");

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(_(usage_text));
}

/* FIELD=VALUE arguments; a value may be empty to leave a field out. */
static void
parse_fields(int argc, char **argv, struct hb_fields *f)
{
	char *eq;
	int i;

	if (argc > HB_FIELDS_MAX)
		errx(EXIT_USAGE, _("too many fields"));
	for (i = 0; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i])
			errx(EXIT_USAGE, _("expected field=value, not '%s'"),
			    argv[i]);
		*eq = '\0';
		if (hb_field(f, argv[i]) != NULL)
			errx(EXIT_USAGE, _("field '%s' given twice"), argv[i]);
		hb_field_set(f, argv[i], eq + 1);
	}
}

struct add {
	const char	*record;
	struct hb_fields f;
	char		 id[64];
};

static int
op_add(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct add *a = arg;
	const char *hh;

	if (hb_record_add(c, a->record, &a->f, a->id, sizeof(a->id), e) == -1)
		return -1;
	hh = strcmp(a->record, "household") == 0 ? a->id :
	    hb_field(&a->f, "household");
	snprintf(c->audit_household, sizeof(c->audit_household), "%s",
	    hh != NULL ? hh : "");
	snprintf(c->audit_detail, sizeof(c->audit_detail), "%s %s", a->record,
	    a->id);
	return 0;
}

/* which fields a command set, for the audit entry */
static void
detail_fields(struct hb_ctx *c, const struct hb_fields *f)
{
	size_t len = 0;
	int i;

	for (i = 0; i < f->n && len < sizeof(c->audit_detail); i++)
		len += (size_t)snprintf(c->audit_detail + len,
		    sizeof(c->audit_detail) - len, "%s%s=%s", i ? " " : "",
		    f->key[i], f->val[i]);
}

/* the values to complete when field of record is asked for */
static const char **
choices_for(const char *record, const char *field)
{
	const char *const *v = hb_field_choices(record, field);
	const char *const *nl = hb_field_words(field);
	const char **list;
	char buf[64];
	size_t n = 0, i;

	if (v == NULL)
		return NULL;
	list = xcalloc(64, sizeof(*list));
	for (i = 0; v[i] != NULL && n < 62; i++)
		list[n++] = v[i];
	/* and the Dutch words a caseworker types for them */
	for (i = 0; nl != NULL && nl[i] != NULL && n < 62; i++) {
		const char *const *k;
		const char *to = hb_word(field, nl[i], buf, sizeof(buf));

		for (k = v; *k != NULL; k++)
			if (strcmp(*k, to) == 0 ||
			    (strcmp(field, "schedule") == 0 &&
			    strncmp(*k, to, strlen(*k)) == 0)) {
				list[n++] = nl[i];
				break;
			}
	}
	return list;
}

/*
 * Ask for field until the answer is good, saying at once what is wrong
 * with a bad one; kept in answers for the caller to free.
 */
static void
ask(struct hb_ctx *c, struct add *a, const char *field, char **answers,
    int *nanswers)
{
	const char **choices = choices_for(a->record, field);
	struct hb_err e;
	char *answer;

	for (;;) {
		if (*nanswers >= HB_FIELDS_MAX ||
		    (answer = cmd_ask(c, field, choices)) == NULL)
			errx(EXIT_USAGE, _("missing required field '%s' for "
			    "%s"), field, _(a->record));
		answers[(*nanswers)++] = answer;
		hb_field_set(&a->f, field, answer);
		if (hb_field_check(c, a->record, field, hb_field(&a->f, field),
		    &e) == 0 && (*answer != '\0' ||
		    !hb_field_needed(a->record, &a->f, field)))
			break;
		if (*answer == '\0')
			hb_error_at(&e, NULL, 0, field, "empty value");
		cmd_error(&e);
	}
	free(choices);
}

/*
 * Every problem of the fields as given, each on its own line: the bad
 * values, then the fields the record needs and lacks (all of them with
 * needed, else only the required ones), leaving out the one message
 * already shown.  Returns how many there are.
 */
static int
problems(struct hb_ctx *c, const struct add *a, int needed,
    const char *shown)
{
	const char *const *k;
	struct hb_err e;
	char field[96];
	int i, n = 0;

	for (i = 0; i < a->f.n; i++)
		if (hb_field_check(c, a->record, a->f.key[i], a->f.val[i],
		    &e) == -1) {
			n++;
			if (shown == NULL || strcmp(e.text, shown) != 0)
				cmd_error(&e);
		}
	for (k = hb_record_fields(a->record); *k != NULL; k++) {
		if (hb_field(&a->f, *k) != NULL ||
		    !(needed ? hb_field_needed(a->record, &a->f, *k) :
		    hb_field_required(a->record, *k)))
			continue;
		n++;
		snprintf(field, sizeof(field), "'%s'", *k);
		if (shown == NULL || strstr(shown, field) == NULL)
			warnx(_("missing required field '%s' for %s"), *k,
			    _(a->record));
	}
	return n;
}

static int
cmd_add(struct hb_ctx *c, int argc, char **argv)
{
	const char *const *k;
	struct add a = { 0 };
	struct hb_err e;
	char *answers[HB_FIELDS_MAX], *action;
	int nanswers = 0, rc, i;

	if (argc < 1)
		usage();
	a.record = argv[0];
	if ((k = hb_record_fields(a.record)) == NULL)
		errx(EXIT_USAGE, _("unknown record type '%s': expected "
		    "organisation, account, household, agreement or consent"),
		    a.record);
	parse_fields(argc - 1, argv + 1, &a.f);
	if (cmd_interactive()) {
		/* a bad value is asked for again, with the reason */
		for (i = 0; i < a.f.n; i++) {
			const char *key = a.f.key[i];

			if (hb_field_check(c, a.record, key, a.f.val[i],
			    &e) == 0)
				continue;
			cmd_error(&e);
			for (k = hb_record_fields(a.record); *k != NULL; k++)
				if (strcmp(*k, key) == 0)
					ask(c, &a, *k, answers, &nanswers);
		}
		/* then every field the record needs, in the record's order */
		for (k = hb_record_fields(a.record); *k != NULL; k++)
			if (hb_field(&a.f, *k) == NULL &&
			    hb_field_needed(a.record, &a.f, *k))
				ask(c, &a, *k, answers, &nanswers);
	} else {
		for (; *k != NULL; k++)
			if (hb_field_required(a.record, *k) &&
			    hb_field(&a.f, *k) == NULL)
				break;
		/* a required field is missing: say all that is wrong */
		if (*k != NULL) {
			problems(c, &a, 0, NULL);
			exit(EXIT_USAGE);
		}
	}
	xasprintf(&action, "add %s", a.record);
	rc = cmd_try(c, action, hb_field(&a.f, "household"), op_add, &a, &e);
	free(action);
	if (rc == -1) {
		cmd_error(&e);
		/* and whatever else is wrong, so that one go fixes it all */
		problems(c, &a, 1, e.text);
		rc = 1;
	} else if (!quiet)
		printf(_("%s %s added\n"), _(a.record), a.id);
	while (nanswers > 0)
		free(answers[--nanswers]);
	return rc;
}

struct set {
	const char	*code;
	struct hb_fields f;
	int		 day;
	int64_t		 id;
	int		 count;
	char		 household[16];
	const char	*file;
};

static int
op_set(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct set *s = arg;

	detail_fields(c, &s->f);
	return hb_household_set(c, s->code, &s->f, e);
}

static int
op_end(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct set *s = arg;
	char day[HB_DATE_LEN];

	if (hb_household_end(c, s->code, s->day, &s->count, e) == -1)
		return -1;
	hb_date_format(s->day, day);
	snprintf(c->audit_detail, sizeof(c->audit_detail), "ends on %s; %d "
	    "agreements ended", day, s->count);
	return 0;
}

static int
op_end_agreement(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct set *s = arg;
	char day[HB_DATE_LEN];

	if (hb_agreement_end(c, s->id, s->day, s->household,
	    sizeof(s->household), e) == -1)
		return -1;
	hb_date_format(s->day, day);
	snprintf(c->audit_household, sizeof(c->audit_household), "%s",
	    s->household);
	snprintf(c->audit_detail, sizeof(c->audit_detail), "agreement %lld "
	    "ends on %s", (long long)s->id, day);
	return 0;
}

static int
op_intake(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct set *s = arg;

	if (hb_intake(c, s->file, &s->count, e) == -1)
		return -1;
	snprintf(c->audit_detail, sizeof(c->audit_detail), "%d records from "
	    "%s", s->count, s->file);
	return 0;
}

static int
op_load(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct set *s = arg;

	return hb_params_load(c, s->file, &s->count, e);
}

static int
op_add_iban(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct add *a = arg;

	snprintf(c->audit_detail, sizeof(c->audit_detail), "%s %s",
	    hb_field(&a->f, "name"), hb_field(&a->f, "iban"));
	return hb_organisation_iban(c, hb_field(&a->f, "name"),
	    hb_field(&a->f, "iban"), e);
}

static int
parse_day(const char *s)
{
	char buf[HB_DATE_LEN + 8];
	int day;

	if (hb_date_parse(hb_word("end", s, buf, sizeof(buf)), &day) == -1)
		errx(EXIT_USAGE, _("invalid date '%s': expected YYYY-MM-DD or "
		    "D-M-YYYY"), s);
	return day;
}

struct list {
	const char	*what;
	const char	*code;
};

static int
op_show(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	struct list *l = arg;

	return hb_show(c, l->code, stdout, format, e);
}

static int
op_verify(struct hb_ctx *c, void *arg, struct hb_err *e)
{
	int64_t bad, count;
	char head[65];

	if (hb_audit_verify(c, &bad, &count, head, e) == -1)
		return -1;
	if (bad != 0)
		return hb_error(e, "audit log broken at entry %lld: an entry "
		    "was changed or removed", (long long)bad);
	if (!quiet)
		printf(_("audit log intact: %lld entries, head %s\n"),
		    (long long)count, head);
	return 0;
}

static void
print_finding(void *arg, const char *msg)
{
	char *clean = hb_sanitize(msg);

	printf("%s\n", clean);
	free(clean);
}

/* Everything: findings on stdout, one a line; 1 when there is any. */
static int
cmd_verify(struct hb_ctx *c)
{
	struct hb_verify v = { print_finding, NULL, 0, 0, "" };
	struct hb_err e;
	char detail[128];

	if (hb_verify_store(c, &v, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	snprintf(detail, sizeof(detail), "%d problem%s, %lld audit entries, "
	    "head %.16s", v.problems, v.problems == 1 ? "" : "s",
	    (long long)v.entries, v.head);
	/* the check is logged too, where the store can still be written */
	hb_audit_alone(c, "verify", NULL, v.problems ? "error" : "ok", detail);
	if (v.problems > 0) {
		warnx(P_("%d problem found: the store was changed outside hb",
		    "%d problems found: the store was changed outside hb",
		    v.problems), v.problems);
		return 1;
	}
	if (!quiet)
		printf(_("store verified: %lld audit entries, head %s\n"),
		    (long long)v.entries, v.head);
	return 0;
}

int
main(int argc, char **argv)
{
	struct hb_ctx c;
	struct hb_err e;
	struct set s = { 0 };
	struct list l = { 0 };
	const char *dbopt = NULL, *cmd;
	int ch, rc = 0;

	cmd_conventions(argc, argv, _(usage_text));
	while ((ch = getopt(argc, argv, "d:o:qw")) != -1) {
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
	argc--;
	argv++;

	/* check the arguments before touching the store */
	if (strcmp(cmd, "init") == 0 || strcmp(cmd, "verify-audit") == 0 ||
	    strcmp(cmd, "verify") == 0) {
		if (argc != 0)
			usage();
	} else if (strcmp(cmd, "set") == 0) {
		if (argc < 2)
			usage();
		s.code = argv[0];
		parse_fields(argc - 1, argv + 1, &s.f);
	} else if (strcmp(cmd, "end") == 0 ||
	    strcmp(cmd, "end-agreement") == 0) {
		char *end;

		if (argc != 2)
			usage();
		s.code = argv[0];
		s.day = parse_day(argv[1]);
		s.id = strtoll(argv[0], &end, 10);
		if (cmd[3] == '-' && (*end != '\0' || s.id <= 0))
			errx(EXIT_USAGE, _("invalid agreement id '%s'"),
			    argv[0]);
	} else if (strcmp(cmd, "intake") == 0 ||
	    strcmp(cmd, "load-parameters") == 0) {
		if (argc != 1)
			usage();
		s.file = argv[0];
	} else if (strcmp(cmd, "list") == 0) {
		if (argc > 2)
			usage();
		l.what = argc > 0 ? argv[0] : "households";
		l.code = argc > 1 ? argv[1] : NULL;
	} else if (strcmp(cmd, "show") == 0) {
		if (argc != 1)
			usage();
		l.what = "show";
		l.code = argv[0];
	} else if (strcmp(cmd, "add-iban") == 0) {
		if (argc != 2)
			usage();
	} else if (strcmp(cmd, "add") != 0)
		usage();

	/* only init creates a store: a mistyped -d must not make a new one */
	if (hb_ctx_open(&c, dbopt, strcmp(cmd, "init") == 0 ?
	    HB_STORE_CREATE : 0, &e) == -1) {
		cmd_error(&e);
		return 1;
	}
	if (strcmp(cmd, "init") == 0) {
		int added = c.params_added;

		/* a store created just now has loaded them already */
		if (!hb_store_created(c.st) &&
		    (rc = hb_params_load_defaults(&c, &added, &e)) == -1)
			cmd_error(&e);
		else if (!quiet) {
			printf(_("store %s ready, %d parameters added\n"),
			    c.db_path, added);
			if (hb_store_created(c.st))
				printf(_("audit key %s made: back it up apart "
				    "from the store\n"),
				    hb_store_key_path(c.st));
		}
		rc = rc == -1;
	} else if (strcmp(cmd, "add") == 0)
		rc = cmd_add(&c, argc, argv);
	else if (strcmp(cmd, "add-iban") == 0) {
		struct add a = { 0 };

		hb_field_set(&a.f, "name", argv[0]);
		hb_field_set(&a.f, "iban", argv[1]);
		rc = cmd_run(&c, "add iban", NULL, op_add_iban, &a);
	} else if (strcmp(cmd, "set") == 0)
		rc = cmd_run(&c, "change household", s.code, op_set, &s);
	else if (strcmp(cmd, "end") == 0) {
		rc = cmd_run(&c, "end participation", s.code, op_end, &s);
		if (rc == 0 && !quiet)
			printf(_("%s ends on %s; %d agreements ended\n"),
			    s.code, argv[1], s.count);
	} else if (strcmp(cmd, "end-agreement") == 0) {
		rc = cmd_run(&c, "end agreement", NULL, op_end_agreement, &s);
		if (rc == 0 && !quiet)
			printf(_("agreement %s of %s ends on %s\n"), argv[0],
			    s.household, argv[1]);
	} else if (strcmp(cmd, "intake") == 0) {
		rc = cmd_run(&c, "intake", NULL, op_intake, &s);
		if (rc == 0 && !quiet)
			printf(P_("%s: %d record registered\n",
			    "%s: %d records registered\n", s.count), s.file,
			    s.count);
	} else if (strcmp(cmd, "load-parameters") == 0) {
		rc = cmd_run(&c, "load-parameters", NULL, op_load, &s);
		if (rc == 0 && !quiet)
			printf(_("%s: %d parameters added\n"), s.file, s.count);
	} else if (strcmp(cmd, "verify-audit") == 0)
		rc = cmd_run(&c, "verify audit", NULL, op_verify, NULL);
	else if (strcmp(cmd, "verify") == 0)
		rc = cmd_verify(&c);
	else if (strcmp(l.what, "show") == 0)
		rc = cmd_read(&c, "show", l.code, op_show, &l);
	else
		rc = cmd_list(&c, l.what, l.code, format);
	hb_ctx_close(&c);
	return rc;
}
