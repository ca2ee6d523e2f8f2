/*
 * Verifying a store: what hb wrote is still what hb wrote.
 *
 * hb_verify_store checks everything: the audit key is there, the schema
 * and its triggers are as hb's migrations left them, the audit chain is
 * intact and keyed from the keying point on, every sealed row matches its
 * seal (store.c), every reconciled statement still adds up (opening plus
 * lines is closing), and every payout's status agrees with the export
 * batches: an exported payout belongs to a done batch, a done batch holds
 * exactly its count and control sum, and its file, where it still is,
 * has the hash recorded when it was written.  Each finding names the row.
 *
 * hb_verify_quick is what an export can afford each time: the triggers,
 * the audit chain since the last checkpoint, and the seals of the payouts
 * it is about to pay.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

/* The triggers the rules of the store rest on. */
static const char *const triggers[] = {
	"parameter_no_update", "parameter_no_delete", "audit_no_update",
	"audit_no_delete", "bank_line_no_update", "bank_line_no_delete",
	"line_match_no_update", "line_match_no_delete", "decision_no_update",
	"decision_no_delete", "payout_facts", "payout_status",
	"payout_no_delete", "export_batch_open", "export_batch_facts",
	"export_batch_status", "export_batch_done", "export_batch_no_delete",
	"payout_reserve", "payout_release", "payout_exported",
	"payout_reserved", "payout_batch",
};

struct ctx {
	struct hb_ctx		*c;
	struct hb_verify	*v;
};

static void HB_PRINTF(2, 3)
finding(struct hb_verify *v, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v->problems++;
	if (v->report != NULL)
		v->report(v->arg, msg);
}

/* a row as a person finds it again */
static void
row_name(struct hb_ctx *c, const char *table, int64_t id, char *out,
    size_t sz)
{
	struct hb_err e;
	char *s = NULL;
	int rc = 0;

	if (strcmp(table, "payout") == 0)
		rc = hb_query_text(c->st, &s, &e, "SELECT 'payout ' || id || ' ("
		    "' || end_to_end || ', ' || status || ')' FROM payout WHERE "
		    "id = ?", "I", id);
	else if (strcmp(table, "agreement") == 0)
		rc = hb_query_text(c->st, &s, &e, "SELECT 'agreement ' || a.id "
		    "|| ' of ' || h.code || ' (' || a.kind || ')' FROM agreement "
		    "a JOIN household h ON h.id = a.household_id WHERE a.id = ?",
		    "I", id);
	else if (strcmp(table, "bank_line") == 0)
		rc = hb_query_text(c->st, &s, &e, "SELECT 'bank line ' || id || "
		    "' (' || booking_date || ', ' || printf('%.2f', cents / "
		    "100.0) || ')' FROM bank_line WHERE id = ?", "I", id);
	else if (strcmp(table, "export_batch") == 0)
		rc = hb_query_text(c->st, &s, &e, "SELECT 'export batch ' || id "
		    "|| ' (' || msg_id || ')' FROM export_batch WHERE id = ?", "I",
		    id);
	else if (strcmp(table, "household") == 0)
		rc = hb_query_text(c->st, &s, &e, "SELECT 'household ' || code "
		    "FROM household WHERE id = ?", "I", id);
	if (rc == 1)
		snprintf(out, sz, "%s", s);
	else
		snprintf(out, sz, "%s %lld", strcmp(table, "bank_line") == 0 ?
		    "bank line" : table, (long long)id);
	free(s);
}

static void
on_seal(void *arg, const char *table, int64_t id, const char *what)
{
	struct ctx *x = arg;
	char name[256];

	row_name(x->c, table, id, name, sizeof(name));
	finding(x->v, "%s: %s", name, what);
}

static int
check_triggers(struct hb_ctx *c, struct hb_verify *v, struct hb_err *e)
{
	int64_t one;
	size_t i;
	int rc, missing = 0;

	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
		rc = hb_query_int(c->st, &one, e, "SELECT 1 FROM sqlite_master "
		    "WHERE type = 'trigger' AND name = ?", "s", triggers[i]);
		if (rc == -1)
			return -1;
		if (rc == 0) {
			missing++;
			if (v != NULL)
				finding(v, "trigger %s is missing: the store's "
				    "rules were switched off outside hb",
				    triggers[i]);
		}
	}
	if (missing > 0 && v == NULL)
		return hb_error(e, "%d of the store's triggers are missing: "
		    "someone changed the store outside hb; nothing is exported "
		    "(run hb-household verify)", missing);
	if (hb_store_key(c->st) == NULL)
		return 0;
	if ((rc = hb_store_schema_sealed(c->st, e)) == -1)
		return -1;
	if (rc == 0) {
		if (v == NULL)
			return hb_error(e, "the store's schema was changed "
			    "outside hb; nothing is exported (run hb-household "
			    "verify)");
		finding(v, "the schema (tables, indexes, triggers) was changed "
		    "outside hb");
	}
	return 0;
}

/* The checkpoint: its audit entry id and the chain's hash there. */
static int
checkpoint(struct hb_ctx *c, int64_t *id, char hash[65], struct hb_err *e)
{
	struct hb_stmt *q;
	int rc;

	*id = 0;
	hash[0] = '\0';
	if (hb_prepare(c->st, &q, e, "SELECT audit_id, hash FROM "
	    "verify_checkpoint WHERE id = 1", "") == -1)
		return -1;
	if ((rc = hb_step(q, e)) == 1) {
		*id = hb_col_int(q, 0);
		snprintf(hash, 65, "%s", hb_col_text(q, 1));
	}
	hb_finalize(q);
	return rc;
}

static void
on_seal_quick(void *arg, const char *table, int64_t id, const char *what)
{
	int *n = arg;

	(*n)++;
}

int
hb_verify_quick(struct hb_ctx *c, int from, int to, struct hb_err *e)
{
	struct hb_stmt *q;
	char hash[65], head[65], *at = NULL;
	int64_t id, bad, count, head_id;
	int rc, broken = 0;

	if (check_triggers(c, NULL, e) == -1)
		return -1;
	if ((rc = checkpoint(c, &id, hash, e)) == -1)
		return -1;
	if (rc == 0 || hb_store_seal_scan(c->st, "verify_checkpoint", 1,
	    on_seal_quick, &broken, e) != 0)
		return hb_error(e, "the store's verify checkpoint was changed "
		    "or removed outside hb: nothing is exported (run "
		    "hb-household verify)");
	if (id > 0 && (hb_query_text(c->st, &at, e, "SELECT hash FROM audit "
	    "WHERE id = ?", "I", id) != 1 || strcmp(at, hash) != 0)) {
		free(at);
		return hb_error(e, "audit entry %lld, the last one verified, "
		    "was changed or removed: nothing is exported (run "
		    "hb-household verify)", (long long)id);
	}
	free(at);
	if (hb_audit_verify_from(c, id, hash, id, &bad, &count, &head_id,
	    head, e) == -1)
		return -1;
	if (bad != 0)
		return hb_error(e, "audit log broken at entry %lld: an entry "
		    "was changed or removed outside hb; nothing is exported "
		    "(run hb-household verify)", (long long)bad);
	/* the payouts this export may pay or settle, and the batches it
	 * may settle */
	if (hb_prepare(c->st, &q, e, "SELECT 'payout', id FROM payout WHERE "
	    "status IN ('planned','approved') AND exec_date BETWEEN ? AND ? "
	    "UNION SELECT 'payout', id FROM payout WHERE pending_batch IS NOT "
	    "NULL UNION SELECT 'export_batch', id FROM export_batch WHERE "
	    "status IN ('pending','written')", "dd", from, to) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		if ((rc = hb_store_seal_scan(c->st, hb_col_text(q, 0),
		    hb_col_int(q, 1), on_seal_quick, &broken, e)) == -1)
			break;
		if (rc > 0) {
			rc = hb_error(e, "%s %lld was changed outside hb: "
			    "nothing is exported (run hb-household verify)",
			    strcmp(hb_col_text(q, 0), "payout") == 0 ?
			    "payout" : "export batch", (long long)
			    hb_col_int(q, 1));
			break;
		}
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (head_id == id)
		return 0;
	hb_now_utc(hash);
	return hb_exec(c->st, e, "UPDATE verify_checkpoint SET audit_id = ?, "
	    "hash = ?, at = ? WHERE id = 1", "Iss", head_id, head, hash);
}

static int
check_audit(struct hb_ctx *c, struct hb_verify *v, struct hb_err *e)
{
	char hash[65], *at = NULL;
	int64_t id = 0, bad, head_id, last = 0;
	int rc;

	if ((rc = checkpoint(c, &id, hash, e)) == -1)
		return -1;
	if (rc == 0)
		finding(v, "the verify checkpoint is missing: it was removed "
		    "outside hb");
	if (hb_audit_verify_from(c, 0, "", rc == 1 ? id : 0, &bad,
	    &v->entries, &head_id, v->head, e) == -1)
		return -1;
	if (bad != 0)
		finding(v, "audit entry %lld was changed, added or removed "
		    "outside hb: the chain breaks there%s", (long long)bad,
		    hb_store_key(c->st) == NULL ? " (or it is keyed and the "
		    "key is missing)" : "");
	if (rc == 1 && id > 0) {
		if (hb_query_int(c->st, &last, e, "SELECT coalesce(max(id), 0) "
		    "FROM audit", "") == -1)
			return -1;
		rc = hb_query_text(c->st, &at, e, "SELECT hash FROM audit WHERE "
		    "id = ?", "I", id);
		if (rc == -1)
			return -1;
		if (last < id)
			finding(v, "audit entries %lld to %lld were removed "
			    "outside hb", (long long)last + 1, (long long)id);
		else if (rc == 0 || strcmp(at, hash) != 0)
			finding(v, "audit entry %lld differs from the verify "
			    "checkpoint", (long long)id);
		free(at);
	}
	/* the read log's entries not yet folded into the chain */
	if (hb_audit_reads_verify(c, &bad, &last, e) == -1)
		return -1;
	if (bad != 0)
		finding(v, "read log entry %lld was changed outside hb: its "
		    "MAC does not match", (long long)bad);
	return 0;
}

/* opening + lines = closing, for statements that reconciled on import
 * from a file without duplicates (a line already in the store belongs to
 * the statement that brought it first) */
static int
check_balances(struct hb_ctx *c, struct hb_verify *v, struct hb_err *e)
{
	struct hb_stmt *q;
	char a[HB_MONEY_LEN], b[HB_MONEY_LEN], d[HB_MONEY_LEN];
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT s.id, coalesce(s.bank_id, ''), "
	    "ac.iban, s.opening, (SELECT coalesce(sum(cents), 0) FROM "
	    "bank_line WHERE statement_id = s.id), s.closing, s.lines, "
	    "(SELECT count(*) FROM bank_line WHERE statement_id = s.id), "
	    "i.duplicates FROM statement s JOIN account ac ON ac.id = "
	    "s.account_id JOIN import i ON i.id = s.import_id ORDER BY s.id",
	    "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		int64_t sum;

		if (hb_col_int(q, 6) != hb_col_int(q, 7))
			finding(v, "statement %lld (%s of %s): %lld lines "
			    "imported, the store holds %lld", (long long)
			    hb_col_int(q, 0), hb_col_text(q, 1),
			    hb_col_text(q, 2), (long long)hb_col_int(q, 6),
			    (long long)hb_col_int(q, 7));
		if (hb_col_null(q, 3) || hb_col_null(q, 5) ||
		    hb_col_int(q, 8) != 0)
			continue;
		if (hb_add(hb_col_int(q, 3), hb_col_int(q, 4), &sum) == 0 &&
		    sum == hb_col_int(q, 5))
			continue;
		hb_money_format(hb_col_int(q, 3), a);
		hb_money_format(hb_col_int(q, 4), b);
		hb_money_format(hb_col_int(q, 5), d);
		finding(v, "statement %lld (%s of %s) does not add up: opening "
		    "%s plus the lines %s is not the closing balance %s",
		    (long long)hb_col_int(q, 0), hb_col_text(q, 1),
		    hb_col_text(q, 2), a, b, d);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

static int
check_payouts(struct hb_ctx *c, struct hb_verify *v, struct hb_err *e)
{
	struct hb_stmt *q;
	struct hb_sha256 h;
	unsigned char buf[65536], sum[32];
	char hex[65], m1[HB_MONEY_LEN], m2[HB_MONEY_LEN];
	FILE *fp;
	size_t n;
	int rc;

	if (hb_prepare(c->st, &q, e, "SELECT p.id, p.end_to_end, p.status, "
	    "b.id, b.status FROM payout p LEFT JOIN export_batch b ON b.id = "
	    "p.batch_id WHERE p.status IN ('exported','reconciled') AND "
	    "(b.id IS NULL OR b.status <> 'done') ORDER BY p.id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		finding(v, "payout %lld (%s) is %s but belongs to no done "
		    "export batch", (long long)hb_col_int(q, 0),
		    hb_col_text(q, 1), hb_col_text(q, 2));
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT p.id, p.end_to_end, p.status, "
	    "b.status FROM payout p JOIN export_batch b ON b.id = "
	    "p.pending_batch WHERE b.status NOT IN ('pending','written') OR "
	    "p.status NOT IN ('planned','approved') ORDER BY p.id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1)
		finding(v, "payout %lld (%s, %s) is reserved by an export batch "
		    "that is %s", (long long)hb_col_int(q, 0),
		    hb_col_text(q, 1), hb_col_text(q, 2), hb_col_text(q, 3));
	hb_finalize(q);
	if (rc == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT b.id, b.msg_id, b.count, "
	    "b.control_sum, (SELECT count(*) FROM payout WHERE batch_id = "
	    "b.id), (SELECT coalesce(sum(amount), 0) FROM payout WHERE "
	    "batch_id = b.id), b.file, b.file_hash FROM export_batch b WHERE "
	    "b.status = 'done' ORDER BY b.id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		if (hb_col_int(q, 2) != hb_col_int(q, 4) ||
		    hb_col_int(q, 3) != hb_col_int(q, 5)) {
			hb_money_format(hb_col_int(q, 3), m1);
			hb_money_format(hb_col_int(q, 5), m2);
			finding(v, "export batch %lld (%s) sent %lld payouts, "
			    "%s; the store has %lld, %s exported in it",
			    (long long)hb_col_int(q, 0), hb_col_text(q, 1),
			    (long long)hb_col_int(q, 2), m1,
			    (long long)hb_col_int(q, 4), m2);
		}
		if ((fp = fopen(hb_col_text(q, 6), "rb")) == NULL)
			continue;	/* taken by the upload: fine */
		hb_sha256_init(&h);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			hb_sha256_update(&h, buf, n);
		fclose(fp);
		hb_sha256_final(&h, sum);
		hb_hex(sum, sizeof(sum), hex);
		if (strcmp(hex, hb_col_text(q, 7)) != 0)
			finding(v, "export file '%s' of batch %lld was changed "
			    "after it was written", hb_col_text(q, 6),
			    (long long)hb_col_int(q, 0));
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

int
hb_verify_store(struct hb_ctx *c, struct hb_verify *v, struct hb_err *e)
{
	struct ctx x = { c, v };
	int rc = -1;

	v->problems = 0;
	v->entries = 0;
	v->head[0] = '\0';
	if (hb_begin_read(c->st, e) == -1)
		return -1;
	if (hb_store_key_missing(c->st) || hb_store_key(c->st) == NULL)
		finding(v, "the audit key '%s' is missing: the keyed audit "
		    "chain and the seals cannot be checked, and nothing can be "
		    "written; restore the key from its backup",
		    hb_store_key_path(c->st));
	if (check_triggers(c, v, e) == -1 || check_audit(c, v, e) == -1)
		goto out;
	if (hb_store_key(c->st) != NULL &&
	    hb_store_seal_scan(c->st, NULL, 0, on_seal, &x, e) == -1)
		goto out;
	if (check_balances(c, v, e) == -1 || check_payouts(c, v, e) == -1)
		goto out;
	rc = 0;
out:
	hb_rollback(c->st);
	return rc;
}
