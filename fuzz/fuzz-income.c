/*
 * fuzz-income: the income statement reader (hb_income_read) on a store
 * made once, in a temporary directory, with one household, one source
 * and a consent, so that a well-formed row gets as far as the insert.
 * Every input is read in a transaction that is rolled back.
 *
 *	HB_SHAREDIR=$PWD/share/hb ./fuzz-income fuzz/corpus/income
 *
 * HB_SHAREDIR, else -DFUZZ_SHAREDIR="...", says where the parameters
 * are; the store's directory is removed at exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct hb_ctx ctx;
static int ready;
static int64_t import_id;
static char dir[64], path[128];

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static void
die(const char *what, const struct hb_err *e)
{
	fprintf(stderr, "fuzz-income: %s: %s\n", what, e->msg);
	exit(1);
}

static void
cleanup(void)
{
	char f[160];

	hb_ctx_close(&ctx);
	unlink(path);
	snprintf(f, sizeof(f), "%s-journal", path);
	unlink(f);
	rmdir(dir);
}

static void
add(const char *record, const char *const *kv)
{
	struct hb_fields f = { 0 };
	struct hb_err e;
	char id[64];

	for (; kv[0] != NULL; kv += 2)
		hb_field_set(&f, kv[0], kv[1]);
	if (hb_record_add(&ctx, record, &f, id, sizeof(id), &e) == -1)
		die(record, &e);
}

static void
setup(void)
{
	static const char *const household[] = { "name", "J. de Vries",
	    "composition", "single", "caseworker", "fuzz", "start",
	    "2026-01-01", NULL };
	static const char *const organisation[] = { "name",
	    "Bakkerij Van Dam B.V.", "kind", "employer", NULL };
	static const char *const consent[] = { "household", "HB-000001",
	    "organisation", "Bakkerij Van Dam B.V.", "reference", "T-1",
	    "valid_from", "2026-01-01", NULL };
	struct hb_err e;

#ifdef FUZZ_SHAREDIR
	setenv("HB_SHAREDIR", FUZZ_SHAREDIR, 0);
#endif
	if (getenv("HB_SHAREDIR") == NULL) {
		fprintf(stderr, "fuzz-income: set HB_SHAREDIR to share/hb\n");
		exit(1);
	}
	setenv("HB_NOW", "2026-11-29", 1);
	snprintf(dir, sizeof(dir), "%s/fuzz-income.XXXXXX",
	    getenv("TMPDIR") != NULL && strlen(getenv("TMPDIR")) < 40 ?
	    getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("fuzz-income: mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/hb.db", dir);
	if (hb_ctx_open(&ctx, path, HB_STORE_CREATE, &e) == -1)
		die("store", &e);
	atexit(cleanup);
	if (hb_begin(ctx.st, &e) == -1)
		die("begin", &e);
	add("household", household);
	add("organisation", organisation);
	add("consent", consent);
	if (hb_exec(ctx.st, &e, "INSERT INTO import (file_name, file_hash, "
	    "format, at, actor, forced) VALUES ('fuzz.csv', 'fuzz', "
	    "'income', '2026-11-29T00:00:00Z', 'fuzz', 0)", "") == -1)
		die("import", &e);
	import_id = hb_last_id(ctx.st);
	if (hb_commit(ctx.st, &e) == -1)
		die("commit", &e);
	ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_import_result res = { 0 };
	struct hb_err e;
	FILE *fp;
	int rc;

	if (!ready)
		setup();
	if (size == 0)
		return 0;
	if ((fp = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	if (hb_begin(ctx.st, &e) == -1)
		die("begin", &e);
	e.msg[0] = '\0';
	rc = hb_income_read(&ctx, fp, "fuzz.csv", import_id, &res, &e);
	fclose(fp);
	hb_rollback(ctx.st);
	check(rc == 0 || rc == -1, "0 or -1");
	check(rc == 0 || e.msg[0] != '\0', "a failure says why");
	check(memchr(e.msg, '\0', sizeof(e.msg)) != NULL,
	    "a terminated message");
	check(res.new_lines + res.duplicates <= res.lines,
	    "no more rows stored than read");
	check(res.new_lines >= 0 && res.duplicates >= 0, "counts");
	return 0;
}
