/*
 * Dated parameters (legal figures) and the municipality's policy, loaded
 * from tab-separated files in share/hb/:
 *
 *	name <TAB> valid_from <TAB> value <TAB> unit <TAB> tag <TAB> source
 *
 * unit is cents (value 1500.00), percent (95.00), count (a whole number
 * of days, weeks or months, as the name says) or text; tag is
 * V (verified), E (derived), R (unverified placeholder) or P (policy).  A
 * loaded period never changes: loading a different value for an existing
 * (name, valid_from) is refused, a new valid_from adds a period.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define NCOLS 6

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_' && *s != '.')
			return 0;
	return 1;
}

static int
parse_value(const char *unit, const char *value, int64_t *cents,
    struct hb_err *e)
{
	char *end;
	long n;

	if (strcmp(unit, "cents") == 0 || strcmp(unit, "percent") == 0)
		return hb_money_parse(value, HB_DECIMAL_DOT, cents, e);
	if (strcmp(unit, "count") == 0) {
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' || n < 0 ||
		    n > 366)
			return hb_error(e, "invalid count '%s'", value);
		*cents = n;
		return 0;
	}
	if (strcmp(unit, "text") == 0)
		return *value != '\0' ? 0 : hb_error(e, "empty text value");
	return hb_error(e, "unknown unit '%s': expected cents, percent, "
	    "count or text", unit);
}

static int
load_row(struct hb_ctx *c, char **col, const char *file, int *added,
    struct hb_err *e)
{
	struct hb_stmt *q;
	int64_t cents = 0;
	int day, rc, text, same;

	if (!valid_name(col[0]))
		return hb_error_at(e, NULL, 0, "name", "invalid parameter "
		    "name '%s'", col[0]);
	if (hb_date_parse(col[1], &day) == -1)
		return hb_error_at(e, NULL, 0, "valid_from", "invalid date "
		    "'%s': expected YYYY-MM-DD", col[1]);
	if (parse_value(col[3], col[2], &cents, e) == -1)
		return hb_error_at(e, NULL, 0, "value", "%s", e->msg);
	if (strlen(col[4]) != 1 || strchr("VERP", col[4][0]) == NULL)
		return hb_error_at(e, NULL, 0, "tag", "invalid tag '%s': "
		    "expected V, E, R or P", col[4]);
	if (*col[5] == '\0')
		return hb_error_at(e, NULL, 0, "source", "every parameter "
		    "needs its source");
	text = strcmp(col[3], "text") == 0;
	if (hb_prepare(c->st, &q, e, "SELECT cents, text, unit FROM parameter "
	    "WHERE name = ? AND valid_from = ?", "ss", col[0], col[1]) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		same = strcmp(hb_col_text(q, 2), col[3]) == 0 && (text ?
		    strcmp(hb_col_text(q, 1), col[2]) == 0 :
		    hb_col_int(q, 0) == cents);
		if (!same)
			rc = hb_error_at(e, NULL, 0, "value", "parameter '%s' "
			    "from %s is already loaded with another value; a "
			    "past period never changes: add a new period",
			    col[0], col[1]);
	}
	hb_finalize(q);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (hb_exec(c->st, e, "INSERT INTO parameter (name, valid_from, "
	    "cents, text, unit, tag, source, loaded_from) "
	    "VALUES (?,?,?,?,?,?,?,?)", "ssmsssss", col[0], col[1],
	    text ? INT64_MIN : cents, text ? col[2] : NULL, col[3], col[4],
	    col[5], file) == -1)
		return -1;
	(*added)++;
	return 0;
}

int
hb_params_load(struct hb_ctx *c, const char *file, int *added,
    struct hb_err *e)
{
	FILE *fp;
	char *line = NULL, *col[NCOLS], *p;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int n, rc = 0;

	*added = 0;
	if ((fp = fopen(file, "r")) == NULL)
		return hb_error(e, "cannot open '%s': %s", file,
		    strerror(errno));
	while (rc == 0 && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!hb_utf8_valid(line, (size_t)len)) {
			rc = hb_error_at(e, file, lineno, NULL, "not UTF-8");
			break;
		}
		for (n = 0, p = line; n < NCOLS && p != NULL; n++)
			col[n] = strsep(&p, "\t");
		if (n != NCOLS || p != NULL) {
			rc = hb_error_at(e, file, lineno, NULL, "expected %d "
			    "tab-separated columns: name, valid_from, value, "
			    "unit, tag, source", NCOLS);
			break;
		}
		if (load_row(c, col, file, added, e) == -1)
			rc = hb_error_prefix(e, file, lineno);
	}
	if (rc == 0 && ferror(fp))
		rc = hb_error(e, "cannot read '%s'", file);
	free(line);
	fclose(fp);
	return rc;
}

int
hb_params_load_defaults(struct hb_ctx *c, int *added, struct hb_err *e)
{
	static const char *const files[] = { "parameters.tsv", "policy.tsv" };
	char *path;
	size_t i;
	int n, rc = 0;

	*added = 0;
	if (hb_begin(c->st, e) == -1)
		return -1;
	for (i = 0; rc == 0 && i < sizeof(files) / sizeof(files[0]); i++) {
		xasprintf(&path, "%s/%s", hb_sharedir(), files[i]);
		rc = hb_params_load(c, path, &n, e);
		*added += n;
		free(path);
	}
	if (rc == 0)
		rc = hb_audit(c, "load-parameters", NULL, "ok", "", e);
	if (rc == 0)
		return hb_commit(c->st, e);
	hb_rollback(c->st);
	/* an init that fails is audited too (a new store is then removed) */
	hb_audit_failure(c, "load-parameters", NULL, e->msg);
	return -1;
}

static int
param_lookup(struct hb_ctx *c, const char *name, int day, int64_t *cents,
    char **text, struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT cents, text FROM parameter "
	    "WHERE name = ? AND valid_from <= ? ORDER BY valid_from DESC "
	    "LIMIT 1", "sd", name, day) == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		if (cents != NULL)
			*cents = hb_col_int(q, 0);
		if (text != NULL)
			*text = xstrdup(hb_col_text(q, 1));
	}
	hb_finalize(q);
	return rc;
}

int
hb_param_cents(struct hb_ctx *c, const char *name, int day, int64_t *out,
    struct hb_err *e)
{
	return param_lookup(c, name, day, out, NULL, e);
}

int
hb_param_text(struct hb_ctx *c, const char *name, int day, char **out,
    struct hb_err *e)
{
	return param_lookup(c, name, day, NULL, out, e);
}
