/*
 * The audit log.  Every command that reads or changes a household's data
 * writes one entry in the same transaction as its work.  Entries are
 * chained: hash = HMAC-SHA256(key, prev_hash | fields) with the store's
 * key (STORE.key, outside the store file), so an edited entry, or one
 * removed from the middle, is found by hb_audit_verify, and someone with
 * the store but not the key cannot forge a chain that verifies.  Stores
 * made before the key have an unkeyed start, sha256(prev_hash | fields)
 * with keyed = 0; the chain continues keyed from the first entry written
 * once the key exists, and that entry's MAC covers the hash of all that
 * came before.  Once keyed, every later entry is keyed.  Removing the newest
 * entries leaves a valid chain: verify prints the head hash so that an
 * administrator can keep it elsewhere (syslog, a ticket) and compare.  The
 * store's triggers refuse UPDATE and DELETE on top of that.
 *
 * A command that only reads does not take the store's write lock for its
 * entry: it appends it to the read log (STORE-reads, store.c), each entry
 * with a MAC of its id and fields under the same key.  The next command
 * that writes folds the log's entries into the chain, in the order they
 * were written and with their own times, before its own entry; an entry
 * already in the chain (its operation id is there: a crash after the fold
 * committed) is skipped, and one whose MAC does not match is folded as it
 * stands, after an error entry that names it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hb.h"

static void
entry_hash(const unsigned char *key, const char *prev, const char *started, const char *at,
    const char *actor,
    const char *action, const char *household, const char *result,
    const char *detail, const char *trace, const char *op, char out[65])
{
	const char *part[] = { prev, started, at, actor, action, household,
	    result, detail, trace, op };
	struct hb_sha256 h;
	struct hb_hmac m;
	unsigned char sum[32];
	size_t i;

	if (key != NULL) {
		hb_hmac_init(&m, key, HB_KEY_LEN);
		hb_hmac_update(&m, "audit\x1f", 6);
		for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
			hb_hmac_update(&m, part[i], strlen(part[i]));
			hb_hmac_update(&m, "\x1f", 1);
		}
		hb_hmac_final(&m, sum);
		hb_hex(sum, sizeof(sum), out);
		return;
	}
	hb_sha256_init(&h);
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		/* the separator keeps "ab|c" and "a|bc" apart */
		hb_sha256_update(&h, part[i], strlen(part[i]));
		hb_sha256_update(&h, "\x1f", 1);
	}
	hb_sha256_final(&h, sum);
	hb_hex(sum, sizeof(sum), out);
}

void
hb_now_utc(char out[32])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
	    tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
	    tm.tm_sec % 100, (int)(ts.tv_nsec / 1000000) % 1000);
}

static int
no_key(struct hb_ctx *c, struct hb_err *e)
{
	return hb_error(e, "store '%s' has no audit key '%s': nothing can be "
	    "written; restore the key from its backup (see hb(5))",
	    c->db_path, hb_store_key_path(c->st));
}

/* One entry after prev, which becomes its hash.  household may be NULL. */
static int
append(struct hb_ctx *c, const unsigned char *key, char prev[65],
    const char *started, const char *at, const char *actor,
    const char *action, const char *household, const char *result,
    const char *detail, const char *trace, const char *op, struct hb_err *e)
{
	char hash[65];

	entry_hash(key, prev, started, at, actor, action,
	    household ? household : "", result, detail, trace, op, hash);
	if (hb_exec(c->st, e, "INSERT INTO audit (started, at, actor, action, "
	    "household, result, detail, trace_id, operation_id, prev_hash, "
	    "hash, keyed) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)", "sssssssssss",
	    started, at, actor, action, household, result, detail, trace, op,
	    prev, hash) == -1)
		return -1;
	memcpy(prev, hash, 65);
	return 0;
}

#define READ_TABLE \
    "CREATE TABLE IF NOT EXISTS read_audit (id INTEGER PRIMARY KEY " \
    "AUTOINCREMENT, started TEXT NOT NULL, at TEXT NOT NULL, actor TEXT " \
    "NOT NULL, action TEXT NOT NULL, household TEXT, result TEXT NOT NULL, " \
    "detail TEXT NOT NULL, trace_id TEXT NOT NULL, operation_id TEXT NOT " \
    "NULL, mac TEXT NOT NULL) STRICT"
#define READ_COLUMNS \
    "SELECT id, started, at, actor, action, household, result, detail, " \
    "trace_id, operation_id, mac FROM read_audit ORDER BY id"

/* A read log entry's MAC: its id and fields under the store's key. */
static void
read_mac(const unsigned char *key, struct hb_stmt *q, char out[65])
{
	struct hb_hmac m;
	unsigned char sum[32];
	char id[24];
	int i;

	snprintf(id, sizeof(id), "%lld", (long long)hb_col_int(q, 0));
	hb_hmac_init(&m, key, HB_KEY_LEN);
	hb_hmac_update(&m, "read\x1f", 5);
	hb_hmac_update(&m, id, strlen(id));
	for (i = 1; i <= 9; i++) {
		hb_hmac_update(&m, "\x1f", 1);
		hb_hmac_update(&m, hb_col_text(q, i), strlen(hb_col_text(q,
		    i)));
	}
	hb_hmac_final(&m, sum);
	hb_hex(sum, sizeof(sum), out);
}

/* The read log's entries, into the chain after prev. */
static int
fold_reads(struct hb_ctx *c, const unsigned char *key, char prev[65],
    struct hb_err *e)
{
	struct hb_store *r;
	struct hb_stmt *q;
	char mac[65], at[32], op[17], why[160];
	int64_t last = 0, seen;
	int rc;

	if (hb_store_reads(c->st, 0, &r, e) == -1)
		return -1;
	if (r == NULL || (rc = hb_query_int(r, &seen, e, "SELECT 1 FROM "
	    "sqlite_master WHERE name = 'read_audit'", "")) == 0)
		return 0;
	if (rc == -1 || hb_prepare(r, &q, e, READ_COLUMNS, "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		last = hb_col_int(q, 0);
		/* already in the chain: a crash after the fold committed */
		if ((rc = hb_query_int(c->st, &seen, e, "SELECT 1 FROM audit "
		    "WHERE operation_id = ?", "s", hb_col_text(q, 9))) == -1)
			break;
		if (rc == 1)
			continue;
		read_mac(key, q, mac);
		if (strcmp(mac, hb_col_text(q, 10)) != 0) {
			hb_now_utc(at);
			hb_random_hex(op, 8);
			snprintf(why, sizeof(why), "read log entry %lld (%s at "
			    "%s) was changed outside hb: folded as it stands",
			    (long long)last, hb_col_text(q, 4),
			    hb_col_text(q, 2));
			if ((rc = append(c, key, prev, c->started, at,
			    c->actor, "read log", NULL, "error", why,
			    c->trace_id, op, e)) == -1)
				break;
		}
		if ((rc = append(c, key, prev, hb_col_text(q, 1),
		    hb_col_text(q, 2), hb_col_text(q, 3), hb_col_text(q, 4),
		    hb_col_null(q, 5) ? NULL : hb_col_text(q, 5),
		    hb_col_text(q, 6), hb_col_text(q, 7), hb_col_text(q, 8),
		    hb_col_text(q, 9), e)) == -1)
			break;
	}
	hb_finalize(q);
	if (rc == -1)
		return -1;
	hb_store_reads_folded(c->st, last);
	return 0;
}

/* The chain's head, with the read log folded in: what the next entry
 * follows. */
static int
head(struct hb_ctx *c, const unsigned char *key, char prev[65],
    struct hb_err *e)
{
	char *hash = NULL;

	if (key == NULL)
		return no_key(c, e);
	if (hb_query_text(c->st, &hash, e,
	    "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", "") == -1)
		return -1;
	snprintf(prev, 65, "%s", hash != NULL ? hash : "");
	free(hash);
	return fold_reads(c, key, prev, e);
}

int
hb_audit(struct hb_ctx *c, const char *action, const char *household,
    const char *result, const char *detail, struct hb_err *e)
{
	const unsigned char *key = hb_store_key(c->st);
	char at[32], op[17], prev[65];

	if (head(c, key, prev, e) == -1)
		return -1;
	hb_now_utc(at);
	hb_random_hex(op, 8);
	return append(c, key, prev, c->started, at, c->actor, action,
	    household, result, detail ? detail : "", c->trace_id, op, e);
}

int
hb_audit_fold(struct hb_ctx *c, struct hb_err *e)
{
	char prev[65];

	return head(c, hb_store_key(c->st), prev, e);
}

int
hb_audit_read(struct hb_ctx *c, const char *action, const char *household,
    const char *result, const char *detail, struct hb_err *e)
{
	const unsigned char *key = hb_store_key(c->st);
	struct hb_store *r;
	struct hb_stmt *q;
	char at[32], op[17], mac[65] = "";
	int rc;

	if (key == NULL)
		return no_key(c, e);
	if (hb_store_reads(c->st, 1, &r, e) == -1 || hb_begin(r, e) == -1)
		return -1;
	hb_now_utc(at);
	hb_random_hex(op, 8);
	if (hb_exec(r, e, READ_TABLE, "") == -1 || hb_exec(r, e, "INSERT INTO "
	    "read_audit (started, at, actor, action, household, result, "
	    "detail, trace_id, operation_id, mac) VALUES (?,?,?,?,?,?,?,?,?,"
	    "'')", "sssssssss", c->started, at, c->actor, action, household,
	    result, detail ? detail : "", c->trace_id, op) == -1 ||
	    hb_prepare(r, &q, e, READ_COLUMNS " DESC LIMIT 1", "") == -1)
		goto fail;
	if ((rc = hb_step(q, e)) == 1)
		read_mac(key, q, mac);
	hb_finalize(q);
	if (rc != 1 || hb_exec(r, e, "UPDATE read_audit SET mac = ? WHERE id "
	    "= last_insert_rowid()", "s", mac) == -1 || hb_commit(r, e) == -1)
		goto fail;
	return 0;
fail:
	hb_rollback(r);
	return -1;
}

int
hb_audit_reads_verify(struct hb_ctx *c, int64_t *bad, int64_t *count,
    struct hb_err *e)
{
	const unsigned char *key = hb_store_key(c->st);
	struct hb_store *r;
	struct hb_stmt *q;
	char mac[65];
	int64_t one;
	int rc;

	*bad = *count = 0;
	if (key == NULL || hb_store_reads(c->st, 0, &r, e) == -1)
		return key == NULL ? 0 : -1;
	if (r == NULL || (rc = hb_query_int(r, &one, e, "SELECT 1 FROM "
	    "sqlite_master WHERE name = 'read_audit'", "")) == 0)
		return 0;
	if (rc == -1 || hb_prepare(r, &q, e, READ_COLUMNS, "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		(*count)++;
		read_mac(key, q, mac);
		if (*bad == 0 && strcmp(mac, hb_col_text(q, 10)) != 0)
			*bad = hb_col_int(q, 0);
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

void
hb_audit_alone(struct hb_ctx *c, const char *action, const char *household,
    const char *result, const char *detail)
{
	struct hb_err e;

	hb_rollback(c->st);
	if (hb_begin(c->st, &e) == -1)
		return;
	if (hb_audit(c, action, household, result, detail, &e) == -1 ||
	    hb_commit(c->st, &e) == -1)
		hb_rollback(c->st);
}

void
hb_audit_failure(struct hb_ctx *c, const char *action, const char *household,
    const char *detail)
{
	hb_audit_alone(c, action, household, "error", detail);
}

int
hb_audit_verify(struct hb_ctx *c, int64_t *bad, int64_t *count,
    char head[65], struct hb_err *e)
{
	int64_t head_id, keyed_after = INT64_MAX;

	/* the keying point: from there on every entry is keyed */
	if (hb_query_int(c->st, &keyed_after, e, "SELECT audit_id FROM "
	    "verify_checkpoint WHERE id = 1", "") == -1)
		return -1;
	return hb_audit_verify_from(c, 0, "", keyed_after, bad, count,
	    &head_id, head, e);
}

/*
 * From the entry after `after`: each entry's prev_hash is the hash before
 * it and its hash is recomputed, keyed where the entry says so; an
 * unkeyed entry after a keyed one, or a keyed one without the key, is a
 * break.
 */
int
hb_audit_verify_from(struct hb_ctx *c, int64_t after, const char *start,
    int64_t keyed_after, int64_t *bad, int64_t *count, int64_t *head_id, char head[65],
    struct hb_err *e)
{
	const unsigned char *key = hb_store_key(c->st);
	struct hb_stmt *q;
	char prev[65], want[65];
	int rc, keyed, seen_keyed = 0;

	*bad = 0;
	*count = 0;
	*head_id = after;
	snprintf(prev, sizeof(prev), "%s", start);
	if (hb_prepare(c->st, &q, e, "SELECT id, started, at, actor, action, "
	    "coalesce(household, ''), result, detail, trace_id, operation_id, "
	    "prev_hash, hash, keyed FROM audit WHERE id > ? ORDER BY id", "I",
	    after) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		keyed = (int)hb_col_int(q, 12);
		if ((keyed && key == NULL) || (!keyed && (seen_keyed ||
		    hb_col_int(q, 0) > keyed_after))) {
			*bad = hb_col_int(q, 0);
			break;
		}
		seen_keyed |= keyed;
		entry_hash(keyed ? key : NULL, prev, hb_col_text(q, 1),
		    hb_col_text(q, 2), hb_col_text(q, 3), hb_col_text(q, 4),
		    hb_col_text(q, 5), hb_col_text(q, 6), hb_col_text(q, 7),
		    hb_col_text(q, 8), hb_col_text(q, 9), want);
		if (strcmp(prev, hb_col_text(q, 10)) != 0 ||
		    strcmp(want, hb_col_text(q, 11)) != 0) {
			*bad = hb_col_int(q, 0);
			break;
		}
		memcpy(prev, want, sizeof(prev));
		*head_id = hb_col_int(q, 0);
		(*count)++;
	}
	hb_finalize(q);
	memcpy(head, prev, 65);
	return rc == -1 ? -1 : 0;
}
