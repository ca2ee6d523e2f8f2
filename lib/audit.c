/*
 * The audit log.  Every command that reads or changes a household's data
 * writes one entry in the same transaction as its work.  Entries are
 * chained: hash = sha256(prev_hash | fields), so an edited entry, or one
 * removed from the middle, is found by hb_audit_verify.  Removing the newest
 * entries leaves a valid chain: verify prints the head hash so that an
 * administrator can keep it elsewhere (syslog, a ticket) and compare.  The
 * store's triggers refuse UPDATE and DELETE on top of that.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hb.h"

static void
entry_hash(const char *prev, const char *started, const char *at,
    const char *actor,
    const char *action, const char *household, const char *result,
    const char *detail, const char *trace, const char *op, char out[65])
{
	const char *part[] = { prev, started, at, actor, action, household,
	    result, detail, trace, op };
	struct hb_sha256 h;
	unsigned char sum[32];
	size_t i;

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

int
hb_audit(struct hb_ctx *c, const char *action, const char *household,
    const char *result, const char *detail, struct hb_err *e)
{
	char at[32], op[17], hash[65], *prev = NULL;
	int rc;

	if (detail == NULL)
		detail = "";
	hb_now_utc(at);
	hb_random_hex(op, 8);
	rc = hb_query_text(c->st, &prev, e,
	    "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", "");
	if (rc == -1)
		return -1;
	if (rc == 0)
		prev = xstrdup("");
	entry_hash(prev, c->started, at, c->actor, action,
	    household ? household : "", result, detail, c->trace_id, op, hash);
	rc = hb_exec(c->st, e, "INSERT INTO audit (started, at, actor, action, "
	    "household, result, detail, trace_id, operation_id, prev_hash, "
	    "hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", "sssssssssss", c->started,
	    at, c->actor, action, household, result, detail, c->trace_id, op,
	    prev, hash);
	free(prev);
	return rc;
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
	struct hb_stmt *q;
	char prev[65] = "", want[65];
	int rc;

	*bad = 0;
	*count = 0;
	if (hb_prepare(c->st, &q, e, "SELECT id, started, at, actor, action, "
	    "coalesce(household, ''), result, detail, trace_id, operation_id, "
	    "prev_hash, hash FROM audit ORDER BY id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		entry_hash(prev, hb_col_text(q, 1), hb_col_text(q, 2),
		    hb_col_text(q, 3), hb_col_text(q, 4), hb_col_text(q, 5),
		    hb_col_text(q, 6), hb_col_text(q, 7), hb_col_text(q, 8),
		    hb_col_text(q, 9), want);
		if (strcmp(prev, hb_col_text(q, 10)) != 0 ||
		    strcmp(want, hb_col_text(q, 11)) != 0) {
			*bad = hb_col_int(q, 0);
			break;
		}
		memcpy(prev, want, sizeof(prev));
		(*count)++;
	}
	hb_finalize(q);
	memcpy(head, prev, 65);
	return rc == -1 ? -1 : 0;
}
