/*
 * Exporting payouts as a SEPA credit transfer file (pain.001.001.03, or
 * .09 on request), each payout at most once, ever.
 *
 * The order of steps is what makes "at most once" survive a crash:
 *
 *   1. a transaction records the batch as pending, with the absolute path
 *	and the hash of the file it is about to write, and reserves its
 *	payouts;
 *   2. the file is written under a temporary name and synced;
 *   3. a transaction records the batch as written;
 *   4. the file is renamed to its final name and the directory synced;
 *   5. a transaction marks the payouts exported and the batch done.
 *
 * Only one export runs at a time, whatever path it reaches the store by:
 * the exclusion is a lease row in the store itself (export_lease), which
 * names its owner by host, boot id, PID namespace, PID and the process's
 * start time since boot.  An export takes the lease when there is none or
 * when its owner is provably gone: the machine has rebooted since (another
 * boot id), or on this boot that PID is not running, or runs a process
 * that started at another time.  An owner on another host or in another
 * PID namespace cannot be proven gone: the lease then stays until a
 * person removes it (hb(5)).  So a batch another live process owns is
 * never settled by anyone else.  The store's triggers hold the protocol
 * too: only the lease holder opens a batch, and only when every earlier
 * batch is settled; a payout is reserved by one pending batch and exported
 * by that batch once it is written (schema.c, v9).
 *
 * The next export first settles what a crash left behind.  A pending
 * batch never had a file under its final name: its temporary file is
 * removed, the batch abandoned and its payouts freed.  A written batch had
 * a complete file: if the final file is there it is done; if only the
 * temporary file is there it is renamed and done; if neither is there,
 * something (an upload job) took the file, so it counts as sent and is
 * done.  A final file whose hash differs stops every export until a person
 * looks.  So no payout is marked exported without its file, and no payout
 * is ever written into two files.
 *
 * Payouts whose execution date has passed are exported with today as the
 * requested execution date: a bank refuses a date in the past.
 *
 * Before anything new is written to a directory, the files of the done
 * batches in that directory are checked against their recorded hashes: a
 * changed file stops the export; a missing file is fine (an upload job
 * takes them away).  Before the payouts are reserved, hb_verify_quick
 * checks the triggers, the audit chain since the last checkpoint and the
 * seal of each payout about to be paid.
 *
 * For tests, HB_TEST_CRASH=STEP kills the process with SIGKILL at a step:
 * after-lease, after-pending, mid-write, after-write, after-written,
 * after-rename, after-done.  HB_TEST_PAUSE=STEP:FILE creates FILE at that
 * step and waits until it is removed.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "hb.h"

struct payout {
	int64_t		 id, amount;
	int		 exec;		/* requested: not before today */
	char		 e2e[36], creditor[71], iban[HB_IBAN_LEN];
	char		 debtor[HB_IBAN_LEN], debtor_name[71], remittance[141];
};

struct owner {
	char		 host[256], boot[64], pidns[64], id[512];
	long long	 pid, start;
};

static void
crash_point(const char *name)
{
	const char *want = getenv("HB_TEST_CRASH");
	size_t len = strlen(name);
	int i, fd;

	if (want != NULL && strcmp(want, name) == 0)
		raise(SIGKILL);
	want = getenv("HB_TEST_PAUSE");
	if (want == NULL || strncmp(want, name, len) != 0 || want[len] != ':')
		return;
	want += len + 1;
	if ((fd = open(want, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) != -1)
		close(fd);
	for (i = 0; i < 6000 && access(want, F_OK) == 0; i++)
		usleep(10000);
}

static int
read_line(const char *path, char *buf, size_t sz)
{
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, (int)sz, fp) == NULL) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	n = strlen(buf);
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	return 0;
}

/* A process's start time in clock ticks since boot: field 22 of its
 * /proc/PID/stat, counted after the command name, which may hold blanks
 * and parentheses. */
static long long
start_ticks(long long pid)
{
	char path[64], buf[1024], *p;
	long long v = -1;
	int field;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%lld/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	for (field = 2, p++; *p != '\0' && field < 22; p++)
		if (*p == ' ')
			field++;
	if (field == 22)
		v = strtoll(p, NULL, 10);
	return v;
}

static int
whoami(struct owner *o, struct hb_err *e)
{
	ssize_t n;

	memset(o, 0, sizeof(*o));
	if (gethostname(o->host, sizeof(o->host) - 1) == -1)
		snprintf(o->host, sizeof(o->host), "unknown");
	if (read_line("/proc/sys/kernel/random/boot_id", o->boot,
	    sizeof(o->boot)) == -1)
		return hb_error(e, "cannot read the boot id from /proc: the "
		    "export needs it to know whether an earlier run is alive");
	if ((n = readlink("/proc/self/ns/pid", o->pidns,
	    sizeof(o->pidns) - 1)) == -1)
		snprintf(o->pidns, sizeof(o->pidns), "none");
	o->pid = (long long)getpid();
	if ((o->start = start_ticks(o->pid)) == -1)
		return hb_error(e, "cannot read this process's start time from "
		    "/proc");
	snprintf(o->id, sizeof(o->id), "%s/%s/%s/%lld/%lld", o->host, o->boot,
	    o->pidns, o->pid, o->start);
	return 0;
}

/* 0 only when the owner is provably gone. */
static int
owner_alive(const struct owner *me, const char *host, const char *boot,
    const char *pidns, long long pid, long long start)
{
	long long now;

	if (strcmp(host, me->host) != 0)
		return 1;		/* cannot look at another machine */
	if (strcmp(boot, me->boot) != 0)
		return 0;		/* rebooted since */
	if (strcmp(pidns, me->pidns) != 0)
		return 1;		/* another container: cannot tell */
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 0;
	if ((now = start_ticks(pid)) == -1)
		return 1;		/* there, but cannot tell which */
	return now == start;		/* else the PID was reused */
}

/*
 * Take the export lease, in a transaction of its own.  0: taken; 1: a
 * live process holds it (held names it); -1: error.
 */
static int
lease_take(struct hb_ctx *c, const struct owner *me, char *held,
    size_t heldsz, struct hb_err *e)
{
	struct hb_stmt *q;
	char at[32], detail[600];
	int rc, alive = 0, had = 0;

	if (hb_begin(c->st, e) == -1)
		return -1;
	if (hb_prepare(c->st, &q, e, "SELECT host, boot_id, pidns, pid, "
	    "start_ticks, actor, at, owner FROM export_lease WHERE id = 1",
	    "") == -1)
		goto fail;
	if ((rc = hb_step(q, e)) == 1) {
		had = 1;
		alive = owner_alive(me, hb_col_text(q, 0), hb_col_text(q, 1),
		    hb_col_text(q, 2), hb_col_int(q, 3), hb_col_int(q, 4));
		snprintf(held, heldsz, "process %lld on %s, started by %s at "
		    "%s", (long long)hb_col_int(q, 3), hb_col_text(q, 0),
		    hb_col_text(q, 5), hb_col_text(q, 6));
		snprintf(detail, sizeof(detail), "export lease of %s taken "
		    "over: its owner is gone", hb_col_text(q, 7));
	}
	hb_finalize(q);
	if (rc == -1)
		goto fail;
	if (alive) {
		hb_rollback(c->st);
		return 1;
	}
	hb_now_utc(at);
	if (hb_exec(c->st, e, "INSERT OR REPLACE INTO export_lease (id, owner, "
	    "host, boot_id, pidns, pid, start_ticks, actor, at) VALUES (1, ?, "
	    "?, ?, ?, ?, ?, ?, ?)", "ssssIIss", me->id, me->host, me->boot,
	    me->pidns, (int64_t)me->pid, (int64_t)me->start, c->actor,
	    at) == -1 ||
	    (had && hb_audit(c, "export", NULL, "ok", detail, e) == -1) ||
	    hb_commit(c->st, e) == -1)
		goto fail;
	return 0;
fail:
	hb_rollback(c->st);
	return -1;
}

static void
lease_release(struct hb_ctx *c, const struct owner *me)
{
	struct hb_err ignore;

	hb_rollback(c->st);
	if (hb_begin(c->st, &ignore) == -1)
		return;
	if (hb_exec(c->st, &ignore, "DELETE FROM export_lease WHERE owner = ?",
	    "s", me->id) == -1 || hb_commit(c->st, &ignore) == -1)
		hb_rollback(c->st);
}

/* Still ours?  Checked inside each transaction that moves a batch. */
static int
lease_held(struct hb_ctx *c, const struct owner *me, struct hb_err *e)
{
	int64_t one;
	int rc;

	rc = hb_query_int(c->st, &one, e, "SELECT 1 FROM export_lease WHERE "
	    "owner = ?", "s", me->id);
	if (rc == 0)
		return hb_error(e, "this export lost its lease on the store: "
		    "another process took it over; nothing more is done");
	return rc == 1 ? 0 : -1;
}

static int
file_hash(const char *path, char hex[65])
{
	struct hb_sha256 h;
	unsigned char buf[65536], sum[32];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	hb_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		hb_sha256_update(&h, buf, n);
	fclose(fp);
	hb_sha256_final(&h, sum);
	hb_hex(sum, sizeof(sum), hex);
	return 0;
}

static char *
temp_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *tmp;

	xasprintf(&tmp, "%.*s.%s.tmp", slash ? (int)(slash - file + 1) : 0,
	    file, slash ? slash + 1 : file);
	return tmp;
}

static int
finish(struct hb_ctx *c, int64_t batch, struct hb_err *e)
{
	if (hb_exec(c->st, e, "UPDATE payout SET status = 'exported', "
	    "batch_id = ?1, pending_batch = NULL WHERE pending_batch = ?1", "I",
	    batch) == -1)
		return -1;
	return hb_exec(c->st, e, "UPDATE export_batch SET status = 'done' "
	    "WHERE id = ?", "I", batch);
}

/* A pending batch that never got its file: the batch first, then its
 * payouts are free (the store's triggers want that order). */
static int
abandon(struct hb_ctx *c, int64_t batch, struct hb_err *e)
{
	if (hb_exec(c->st, e, "UPDATE export_batch SET status = 'abandoned' "
	    "WHERE id = ?", "I", batch) == -1)
		return -1;
	return hb_exec(c->st, e, "UPDATE payout SET pending_batch = NULL "
	    "WHERE pending_batch = ?", "I", batch);
}

/* The done batches whose files are in dir (same device and inode,
 * whatever path named it): a file that is there must be as written. */
static int
check_done_files(struct hb_ctx *c, const char *dir, struct hb_err *e)
{
	struct hb_stmt *q;
	struct stat want, sb;
	char hex[65], *bdir, *file, *slash;
	int rc;

	if (stat(dir, &want) == -1)
		return hb_error(e, "cannot use export directory '%s': %s", dir,
		    strerror(errno));
	if (hb_prepare(c->st, &q, e, "SELECT id, file, file_hash FROM "
	    "export_batch WHERE status = 'done' ORDER BY id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		bdir = xstrdup(hb_col_text(q, 1));
		if ((slash = strrchr(bdir, '/')) == NULL) {
			free(bdir);
			continue;
		}
		*slash = '\0';
		if (stat(*bdir ? bdir : "/", &sb) == -1 ||
		    sb.st_dev != want.st_dev || sb.st_ino != want.st_ino) {
			free(bdir);
			continue;
		}
		xasprintf(&file, "%s/%s", dir, slash + 1);
		free(bdir);
		if (file_hash(file, hex) == 0 &&
		    strcmp(hex, hb_col_text(q, 2)) != 0)
			rc = hb_error(e, "export file '%s' of batch %lld was "
			    "changed after it was written: nothing is exported "
			    "to '%s' until a person checks it with the bank",
			    file, (long long)hb_col_int(q, 0), dir);
		free(file);
		if (rc == -1)
			break;
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

/* Settle the batches a crash interrupted (see the comment at the top). */
static int
recover(struct hb_ctx *c, struct hb_export_result *res, struct hb_err *e)
{
	struct hb_stmt *q;
	char hex[65], *tmp;
	const char *file, *want;
	int64_t id;
	int rc, have;

	if (hb_prepare(c->st, &q, e, "SELECT id, file, file_hash, status FROM "
	    "export_batch WHERE status IN ('pending','written')", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		id = hb_col_int(q, 0);
		file = hb_col_text(q, 1);
		want = hb_col_text(q, 2);
		tmp = temp_name(file);
		if (strcmp(hb_col_text(q, 3), "pending") == 0) {
			unlink(tmp);
			rc = abandon(c, id, e);
		} else if ((have = file_hash(file, hex) == 0) &&
		    strcmp(hex, want) != 0)
			rc = hb_error(e, "export file '%s' of batch %lld was "
			    "changed after it was written: nothing is exported "
			    "until a person checks it with the bank", file,
			    (long long)id);
		else if ((have = !have && file_hash(tmp, hex) == 0) &&
		    strcmp(hex, want) != 0)
			/* the file was written whole before the batch was
			 * marked written: a different one was changed */
			rc = hb_error(e, "export file '%s' of batch %lld was "
			    "changed after it was written: nothing is exported "
			    "until a person checks it with the bank", tmp,
			    (long long)id);
		else {
			/* have: the temporary file, whole, not yet renamed */
			if (have && rename(tmp, file) == -1)
				rc = hb_error(e, "cannot rename '%s': %s", tmp,
				    strerror(errno));
			if (rc != -1)
				rc = finish(c, id, e);
			res->recovered++;
		}
		free(tmp);
		if (rc == -1)
			break;
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

static int
load(struct hb_ctx *c, const struct hb_export_opts *o,
    const char *pooled_name, struct payout **out, int *n, struct hb_err *e)
{
	struct hb_stmt *q;
	struct payout *p = NULL;
	char *policy = NULL;
	int64_t kind_ok;
	int rc, cap = 0, pooled = 0;

	*n = 0;
	if (hb_prepare(c->st, &q, e, "SELECT p.id, p.amount, max(p.exec_date, "
	    "?3), p.end_to_end, p.creditor, p.creditor_iban, p.debtor_iban, "
	    "p.remittance, h.code, coalesce((SELECT holder FROM account WHERE "
	    "iban = p.debtor_iban AND kind = 'managed'), ?4), (SELECT iban "
	    "FROM account WHERE household_id = p.household_id AND kind = "
	    "'managed' ORDER BY id LIMIT 1), (SELECT kind FROM account WHERE "
	    "iban = p.debtor_iban) FROM payout p "
	    "JOIN household h ON h.id = p.household_id WHERE p.status IN "
	    "('planned','approved') AND p.pending_batch IS NULL AND "
	    "p.exec_date BETWEEN ?1 AND ?2 ORDER BY p.debtor_iban, "
	    "max(p.exec_date, ?3), p.id", "ddds", o->from, o->to, c->today,
	    pooled_name) == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			p = xreallocarray(p, (size_t)cap, sizeof(*p));
		}
		p[*n].id = hb_col_int(q, 0);
		p[*n].amount = hb_col_int(q, 1);
		p[*n].exec = hb_col_date(q, 2);
		snprintf(p[*n].e2e, sizeof(p[*n].e2e), "%s", hb_col_text(q, 3));
		hb_sepa_text(hb_col_text(q, 4), p[*n].creditor,
		    sizeof(p[*n].creditor));
		hb_sepa_text(hb_col_text(q, 7), p[*n].remittance,
		    sizeof(p[*n].remittance));
		hb_sepa_text(hb_col_text(q, 9), p[*n].debtor_name,
		    sizeof(p[*n].debtor_name));
		/* checked again here: the XSD does not check IBANs */
		if (hb_iban_normalize(hb_col_text(q, 5), p[*n].iban, e) == -1 ||
		    hb_iban_normalize(hb_col_text(q, 6), p[*n].debtor, e) ==
		    -1) {
			rc = hb_error(e, "payout %lld of %s: %s; nothing "
			    "exported", (long long)p[*n].id, hb_col_text(q, 8),
			    e->msg);
			break;
		}
		/* money leaves only a registered account of the
		 * municipality: the household's managed account, or for a
		 * household without one a pooled account (issue 8) */
		if (!hb_col_null(q, 10) &&
		    strcmp(hb_col_text(q, 10), p[*n].debtor) != 0) {
			rc = hb_error(e, "payout %lld of %s debits %s, but the "
			    "household's managed account is %s: nothing "
			    "exported; plan the household again", (long long)
			    p[*n].id, hb_col_text(q, 8), p[*n].debtor,
			    hb_col_text(q, 10));
			break;
		}
		if (hb_col_null(q, 10) &&
		    strcmp(hb_col_text(q, 11), "pooled") != 0) {
			rc = hb_error(e, "payout %lld of %s debits %s, which is "
			    "not registered as a pooled account of the "
			    "municipality: nothing exported", (long long)
			    p[*n].id, hb_col_text(q, 8), p[*n].debtor);
			break;
		}
		if (hb_col_null(q, 10))
			pooled++;
		if (p[*n].amount <= 0 || p[*n].amount > 99999999999LL) {
			rc = hb_error(e, "payout %lld: amount out of range",
			    (long long)p[*n].id);
			break;
		}
		(*n)++;
	}
	hb_finalize(q);
	/* the policy names the pooled account planning debits: it must be
	 * one the municipality registered */
	if (rc != -1 && pooled > 0) {
		if ((rc = hb_param_text(c, "policy.managed_account", c->today,
		    &policy, e)) == 0)
			rc = hb_error(e, "no policy.managed_account in force, "
			    "but %d payouts debit a pooled account: nothing "
			    "exported", pooled);
		else if (rc == 1 && (rc = hb_query_int(c->st, &kind_ok, e,
		    "SELECT 1 FROM account WHERE iban = ? AND kind IN "
		    "('managed','pooled')", "s", policy)) == 0)
			rc = hb_error(e, "policy.managed_account names %s, which "
			    "is not registered as a managed or pooled account "
			    "of the municipality: nothing exported; register it "
			    "with 'hb-household add account kind=pooled' or "
			    "correct the policy", policy);
		free(policy);
	}
	if (rc == -1) {
		free(p);
		return -1;
	}
	*out = p;
	return 0;
}

#define W(x) do { if ((x) < 0) goto fail; } while (0)

static int
write_amount(xmlTextWriterPtr w, const char *name, int64_t cents, int ccy)
{
	char buf[HB_MONEY_LEN];

	hb_money_format(cents, buf);
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    (ccy && xmlTextWriterWriteAttribute(w, BAD_CAST "Ccy",
	    BAD_CAST "EUR") < 0) ||
	    xmlTextWriterWriteString(w, BAD_CAST buf) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

static int
el(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

/* Build the whole document in memory: its hash is recorded before the
 * file exists. */
static xmlBufferPtr
build(const struct payout *p, int n, const char *msg_id, const char *name,
    int version, int64_t sum)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	char now[32], count[16], ns[64], d[HB_DATE_LEN], pmt[40];
	char debtor_name[71];
	time_t t = time(NULL);
	struct tm tm;
	int i, j, k;
	int64_t s;

	if (w == NULL)
		goto fail;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ns, sizeof(ns), "urn:iso:std:iso:20022:tech:xsd:"
	    "pain.001.001.%02d", version);
	hb_sepa_text(name, debtor_name, sizeof(debtor_name));
	xmlTextWriterSetIndent(w, 1);
	W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "Document"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST ns));
	W(xmlTextWriterStartElement(w, BAD_CAST "CstmrCdtTrfInitn"));
	W(xmlTextWriterStartElement(w, BAD_CAST "GrpHdr"));
	W(el(w, "MsgId", msg_id));
	W(el(w, "CreDtTm", now));
	snprintf(count, sizeof(count), "%d", n);
	W(el(w, "NbOfTxs", count));
	W(write_amount(w, "CtrlSum", sum, 0));
	W(xmlTextWriterStartElement(w, BAD_CAST "InitgPty"));
	W(el(w, "Nm", debtor_name));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	/* one payment information block per debtor account and date */
	for (i = 0, k = 0; i < n; i = j, k++) {
		for (j = i, s = 0; j < n && p[j].exec == p[i].exec &&
		    strcmp(p[j].debtor, p[i].debtor) == 0; j++)
			s += p[j].amount;
		W(xmlTextWriterStartElement(w, BAD_CAST "PmtInf"));
		snprintf(pmt, sizeof(pmt), "%.30s-%d", msg_id, k + 1);
		W(el(w, "PmtInfId", pmt));
		W(el(w, "PmtMtd", "TRF"));
		snprintf(count, sizeof(count), "%d", j - i);
		W(el(w, "NbOfTxs", count));
		W(write_amount(w, "CtrlSum", s, 0));
		W(xmlTextWriterStartElement(w, BAD_CAST "PmtTpInf"));
		W(xmlTextWriterStartElement(w, BAD_CAST "SvcLvl"));
		W(el(w, "Cd", "SEPA"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		hb_date_format(p[i].exec, d);
		if (version == 3)
			W(el(w, "ReqdExctnDt", d));
		else {
			W(xmlTextWriterStartElement(w, BAD_CAST "ReqdExctnDt"));
			W(el(w, "Dt", d));
			W(xmlTextWriterEndElement(w));
		}
		W(xmlTextWriterStartElement(w, BAD_CAST "Dbtr"));
		W(el(w, "Nm", p[i].debtor_name));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterStartElement(w, BAD_CAST "DbtrAcct"));
		W(xmlTextWriterStartElement(w, BAD_CAST "Id"));
		W(el(w, "IBAN", p[i].debtor));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterStartElement(w, BAD_CAST "DbtrAgt"));
		W(xmlTextWriterStartElement(w, BAD_CAST "FinInstnId"));
		W(xmlTextWriterStartElement(w, BAD_CAST "Othr"));
		W(el(w, "Id", "NOTPROVIDED"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(el(w, "ChrgBr", "SLEV"));
		for (; i < j; i++) {
			W(xmlTextWriterStartElement(w, BAD_CAST "CdtTrfTxInf"));
			W(xmlTextWriterStartElement(w, BAD_CAST "PmtId"));
			W(el(w, "EndToEndId", p[i].e2e));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterStartElement(w, BAD_CAST "Amt"));
			W(write_amount(w, "InstdAmt", p[i].amount, 1));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterStartElement(w, BAD_CAST "Cdtr"));
			W(el(w, "Nm", p[i].creditor));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterStartElement(w, BAD_CAST "CdtrAcct"));
			W(xmlTextWriterStartElement(w, BAD_CAST "Id"));
			W(el(w, "IBAN", p[i].iban));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterStartElement(w, BAD_CAST "RmtInf"));
			W(el(w, "Ustrd", p[i].remittance));
			W(xmlTextWriterEndElement(w));
			W(xmlTextWriterEndElement(w));
		}
		i = j;
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndDocument(w));
	xmlFreeTextWriter(w);
	return buf;
fail:
	if (w != NULL)
		xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	return NULL;
}

static int
write_all(int fd, const unsigned char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_temp(const char *tmp, const xmlBufferPtr buf, struct hb_err *e)
{
	const unsigned char *data = xmlBufferContent(buf);
	size_t len = (size_t)xmlBufferLength(buf);
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return hb_error(e, "cannot create '%s': %s", tmp,
		    strerror(errno));
	if (write_all(fd, data, len / 2) == -1 ||
	    (crash_point("mid-write"), write_all(fd, data + len / 2,
	    len - len / 2)) == -1 || fsync(fd) == -1) {
		hb_error(e, "cannot write '%s': %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return 0;
}

static int
rename_final(const char *dir, const char *tmp, const char *final,
    struct hb_err *e)
{
	int dfd;

	if (rename(tmp, final) == -1)
		return hb_error(e, "cannot rename '%s' to '%s': %s", tmp, final,
		    strerror(errno));
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

static int
set_status(struct hb_ctx *c, const struct owner *me, int64_t batch,
    const char *status, struct hb_err *e)
{
	if (hb_begin(c->st, e) == -1)
		return -1;
	if (lease_held(c, me, e) == -1 ||
	    (strcmp(status, "done") == 0 ? finish(c, batch, e) == -1 :
	    hb_exec(c->st, e, "UPDATE export_batch SET status = ? WHERE id = ?",
	    "sI", status, batch) == -1)) {
		hb_rollback(c->st);
		return -1;
	}
	return hb_commit(c->st, e);
}

/* Step 1: the batch recorded as pending with its payouts reserved. */
static int
reserve(struct hb_ctx *c, const struct owner *me,
    const struct hb_export_opts *o, int n, int64_t sum, const char *hex,
    struct hb_export_result *res, int64_t *batch, struct hb_err *e)
{
	char at[32], fmt[20];

	hb_now_utc(at);
	snprintf(fmt, sizeof(fmt), "pain.001.001.%02d", o->version);
	if (hb_exec(c->st, e, "INSERT INTO export_batch (msg_id, format, "
	    "file, from_date, to_date, count, control_sum, file_hash, status, "
	    "at, actor, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, "
	    "?, ?)", "sssddiIssss", res->msg_id, fmt, res->file, o->from,
	    o->to, n, sum, hex, at, c->actor, me->id) == -1)
		return -1;
	*batch = hb_last_id(c->st);
	/* the very payouts load() read: same conditions, same transaction */
	if (hb_exec(c->st, e, "UPDATE payout SET pending_batch = ? WHERE "
	    "status IN ('planned','approved') AND pending_batch IS NULL AND "
	    "exec_date BETWEEN ? AND ?", "Idd", *batch, o->from, o->to) == -1)
		return -1;
	if (hb_changes(c->st) != n)
		return hb_error(e, "export batch: %d payouts reserved, %d "
		    "read: nothing exported", hb_changes(c->st), n);
	return hb_audit(c, "export", NULL, "ok", res->msg_id, e);
}

/* Everything after the lease: settle, check, reserve, write, finish. */
static int
export_leased(struct hb_ctx *c, const struct owner *me,
    const struct hb_export_opts *o, const char *dir,
    struct hb_export_result *res, struct hb_err *e)
{
	struct payout *p = NULL;
	xmlBufferPtr buf = NULL;
	char *name = NULL, *tmp = NULL, hex[65], stamp[16];
	char rnd[9], detail[64];
	int64_t batch = 0, sum = 0;
	time_t t = time(NULL);
	struct tm tm;
	int i, n, rc = -1;

	if (hb_begin(c->st, e) == -1)
		goto out;
	if (hb_param_text(c, "policy.managed_account_name", c->today, &name,
	    e) != 1) {
		hb_error(e, "no policy.managed_account_name in force");
		goto fail;
	}
	if (lease_held(c, me, e) == -1 ||
	    hb_verify_quick(c, o->from, o->to, e) == -1 ||
	    recover(c, res, e) == -1 || check_done_files(c, dir, e) == -1 ||
	    load(c, o, name, &p, &n, e) == -1)
		goto fail;
	if (n == 0) {
		snprintf(detail, sizeof(detail), "nothing to export; %d batch%s "
		    "finished", res->recovered, res->recovered == 1 ? "" : "es");
		if (hb_audit(c, "export", NULL, "ok", detail, e) == -1 ||
		    hb_commit(c->st, e) == -1)
			goto fail;
		rc = 0;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (hb_add(sum, p[i].amount, &sum) == -1) {
			hb_error(e, "control sum out of range");
			goto fail;
		}
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	hb_random_hex(rnd, 4);
	snprintf(res->msg_id, sizeof(res->msg_id), "HB-%s-%s", stamp, rnd);
	if ((buf = build(p, n, res->msg_id, name, o->version, sum)) == NULL) {
		hb_error(e, "cannot build the pain.001 document");
		goto fail;
	}
	hb_sha256_hex(xmlBufferContent(buf), (size_t)xmlBufferLength(buf), hex);
	snprintf(res->file, sizeof(res->file), "%s/pain001-%s.xml", dir,
	    res->msg_id);
	tmp = temp_name(res->file);
	if (reserve(c, me, o, n, sum, hex, res, &batch, e) == -1 ||
	    hb_commit(c->st, e) == -1)
		goto fail;
	crash_point("after-pending");
	if (write_temp(tmp, buf, e) == -1) {
		/* nothing has the final name: free the payouts again */
		struct hb_err ignore;

		if (hb_begin(c->st, &ignore) == 0 &&
		    (lease_held(c, me, &ignore) == -1 ||
		    abandon(c, batch, &ignore) == -1 ||
		    hb_commit(c->st, &ignore) == -1))
			hb_rollback(c->st);
		goto out;
	}
	crash_point("after-write");
	/* if a later step fails, the next export finishes this batch */
	if (set_status(c, me, batch, "written", e) == -1)
		goto out;
	crash_point("after-written");
	if (rename_final(dir, tmp, res->file, e) == -1)
		goto out;
	crash_point("after-rename");
	if (set_status(c, me, batch, "done", e) == -1)
		goto out;
	crash_point("after-done");
	res->count = n;
	res->sum = sum;
	rc = 0;
	goto out;
fail:
	hb_rollback(c->st);
out:
	free(p);
	free(name);
	free(tmp);
	if (buf != NULL)
		xmlBufferFree(buf);
	return rc;
}

int
hb_export(struct hb_ctx *c, const struct hb_export_opts *o,
    struct hb_export_result *res, struct hb_err *e)
{
	struct owner me;
	char *dir, held[512];
	int rc;

	memset(res, 0, sizeof(res[0]));
	if (o->version != 3 && o->version != 9)
		return hb_error(e, "unknown pain.001 version %d: 3 or 9",
		    o->version);
	if (whoami(&me, e) == -1)
		return -1;
	/* recovery must find the file from any working directory */
	if ((dir = realpath(o->dir, NULL)) == NULL)
		return hb_error(e, "cannot use export directory '%s': %s",
		    o->dir, strerror(errno));
	if ((rc = lease_take(c, &me, held, sizeof(held), e)) != 0) {
		free(dir);
		if (rc == 1) {
			res->locked = 1;
			return hb_error(e, "another export is running on store "
			    "'%s' (%s): not starting", c->db_path, held);
		}
		return -1;
	}
	crash_point("after-lease");
	rc = export_leased(c, &me, o, dir, res, e);
	lease_release(c, &me);
	free(dir);
	return rc;
}
