/*
 * Exporting payouts as a SEPA credit transfer file (pain.001.001.03, or
 * .09 on request), each payout at most once, ever.
 *
 * The order of steps is what makes "at most once" survive a crash:
 *
 *   1. one transaction records the batch as pending, with the hash of the
 *	file it is about to write, and reserves its payouts;
 *   2. the file is written under a temporary name, synced, renamed to its
 *	final name, and the directory synced;
 *   3. a second transaction marks the payouts exported and the batch done.
 *
 * A crash before the rename leaves no file with the final name and a
 * pending batch; one after it leaves the complete file.  The next export
 * first finishes or abandons pending batches by looking at the file: a
 * complete file (its hash matches) finishes the batch, anything else
 * abandons it and frees its payouts.  So no payout is ever marked exported
 * without its file, and no payout is written into two files.
 *
 * For tests, HB_TEST_CRASH=after-pending|after-write|after-rename kills
 * the process with SIGKILL at that point.
 */
#include <sys/stat.h>

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
	int		 exec;
	char		 e2e[36], creditor[71], iban[HB_IBAN_LEN];
	char		 debtor[HB_IBAN_LEN], remittance[141];
};

static void
crash_point(const char *name)
{
	const char *want = getenv("HB_TEST_CRASH");

	if (want != NULL && strcmp(want, name) == 0)
		raise(SIGKILL);
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

/* Finish or abandon batches a crash interrupted. */
static int
recover(struct hb_ctx *c, struct hb_export_result *res, struct hb_err *e)
{
	struct hb_stmt *q;
	char hex[65], *tmp;
	const char *file, *slash;
	int64_t id;
	int rc, done;

	if (hb_prepare(c->st, &q, e, "SELECT id, file, file_hash FROM "
	    "export_batch WHERE status = 'pending'", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		id = hb_col_int(q, 0);
		file = hb_col_text(q, 1);
		done = file_hash(file, hex) == 0 &&
		    strcmp(hex, hb_col_text(q, 2)) == 0;
		slash = strrchr(file, '/');
		xasprintf(&tmp, "%.*s.%s.tmp", slash ? (int)(slash - file + 1) :
		    0, file, slash ? slash + 1 : file);
		unlink(tmp);
		free(tmp);
		if (done) {
			rc = hb_exec(c->st, e, "UPDATE payout SET status = "
			    "'exported', batch_id = ?1, pending_batch = NULL "
			    "WHERE pending_batch = ?1", "I", id);
			if (rc == 0)
				rc = hb_exec(c->st, e, "UPDATE export_batch SET "
				    "status = 'done' WHERE id = ?", "I", id);
			res->recovered++;
		} else {
			rc = hb_exec(c->st, e, "UPDATE payout SET pending_batch "
			    "= NULL WHERE pending_batch = ?", "I", id);
			if (rc == 0)
				rc = hb_exec(c->st, e, "UPDATE export_batch SET "
				    "status = 'abandoned' WHERE id = ?", "I", id);
		}
		if (rc == -1)
			break;
	}
	hb_finalize(q);
	return rc == -1 ? -1 : 0;
}

static int
load(struct hb_ctx *c, const struct hb_export_opts *o, struct payout **out,
    int *n, struct hb_err *e)
{
	struct hb_stmt *q;
	struct payout *p = NULL;
	int rc, cap = 0;

	*n = 0;
	if (hb_prepare(c->st, &q, e, "SELECT p.id, p.amount, p.exec_date, "
	    "p.end_to_end, p.creditor, p.creditor_iban, p.debtor_iban, "
	    "p.remittance, h.code FROM payout p JOIN household h ON "
	    "h.id = p.household_id WHERE p.status IN ('planned','approved') "
	    "AND p.pending_batch IS NULL AND p.exec_date BETWEEN ? AND ? "
	    "ORDER BY p.debtor_iban, p.exec_date, p.id", "dd", o->from,
	    o->to) == -1)
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
		/* checked again here: the XSD does not check IBANs */
		if (hb_iban_normalize(hb_col_text(q, 5), p[*n].iban, e) == -1 ||
		    hb_iban_normalize(hb_col_text(q, 6), p[*n].debtor, e) ==
		    -1) {
			rc = hb_error(e, "payout %lld of %s: %s; nothing "
			    "exported", (long long)p[*n].id, hb_col_text(q, 8),
			    e->msg);
			break;
		}
		if (p[*n].amount <= 0 || p[*n].amount > 99999999999LL) {
			rc = hb_error(e, "payout %lld: amount out of range",
			    (long long)p[*n].id);
			break;
		}
		(*n)++;
	}
	hb_finalize(q);
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
		W(el(w, "Nm", debtor_name));
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
write_file(const char *dir, const char *final, const char *tmp,
    const xmlBufferPtr buf, struct hb_err *e)
{
	const unsigned char *data = xmlBufferContent(buf);
	size_t len = (size_t)xmlBufferLength(buf), off = 0;
	ssize_t n;
	int fd, dfd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return hb_error(e, "cannot create '%s': %s", tmp,
		    strerror(errno));
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
		if (off == len / 2)
			crash_point("mid-write");
	}
	if (off != len || fsync(fd) == -1) {
		hb_error(e, "cannot write '%s': %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	crash_point("after-write");
	if (rename(tmp, final) == -1) {
		hb_error(e, "cannot rename '%s' to '%s': %s", tmp, final,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	crash_point("after-rename");
	return 0;
}

int
hb_export(struct hb_ctx *c, const struct hb_export_opts *o,
    struct hb_export_result *res, struct hb_err *e)
{
	struct payout *p = NULL;
	xmlBufferPtr buf = NULL;
	char *name = NULL, *tmp = NULL, hex[65], stamp[16], rnd[9], at[32];
	char fmt[20];
	int64_t batch, sum = 0;
	time_t t = time(NULL);
	struct tm tm;
	int i, n;

	memset(res, 0, sizeof(res[0]));
	if (o->version != 3 && o->version != 9)
		return hb_error(e, "unknown pain.001 version %d: 3 or 9",
		    o->version);
	if (hb_begin(c->st, e) == -1)
		return -1;
	if (recover(c, res, e) == -1 || load(c, o, &p, &n, e) == -1)
		goto fail;
	if (n == 0) {
		free(p);
		return hb_commit(c->st, e);
	}
	for (i = 0; i < n; i++)
		if (hb_add(sum, p[i].amount, &sum) == -1) {
			hb_error(e, "control sum out of range");
			goto fail;
		}
	if (hb_param_text(c, "policy.managed_account_name", c->today, &name,
	    e) != 1) {
		hb_error(e, "no policy.managed_account_name in force");
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
	snprintf(res->file, sizeof(res->file), "%s/pain001-%s.xml", o->dir,
	    res->msg_id);
	xasprintf(&tmp, "%s/.pain001-%s.xml.tmp", o->dir, res->msg_id);
	hb_now_utc(at);
	snprintf(fmt, sizeof(fmt), "pain.001.001.%02d", o->version);
	if (hb_exec(c->st, e, "INSERT INTO export_batch (msg_id, format, "
	    "file, from_date, to_date, count, control_sum, file_hash, status, "
	    "at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
	    "sssddiIsss", res->msg_id, fmt, res->file, o->from, o->to, n, sum,
	    hex, at, c->actor) == -1)
		goto fail;
	batch = hb_last_id(c->st);
	for (i = 0; i < n; i++)
		if (hb_exec(c->st, e, "UPDATE payout SET pending_batch = ? "
		    "WHERE id = ?", "II", batch, p[i].id) == -1)
			goto fail;
	if (hb_audit(c, "export", NULL, "ok", res->msg_id, e) == -1 ||
	    hb_commit(c->st, e) == -1)
		goto fail;
	crash_point("after-pending");
	if (write_file(o->dir, res->file, tmp, buf, e) == -1)
		goto out;	/* the pending batch is abandoned next time */
	if (hb_begin(c->st, e) == -1 ||
	    hb_exec(c->st, e, "UPDATE payout SET status = 'exported', "
	    "batch_id = ?1, pending_batch = NULL WHERE pending_batch = ?1", "I",
	    batch) == -1 ||
	    hb_exec(c->st, e, "UPDATE export_batch SET status = 'done' WHERE "
	    "id = ?", "I", batch) == -1 ||
	    hb_commit(c->st, e) == -1) {
		hb_rollback(c->st);
		goto out;	/* the complete file finishes it next time */
	}
	res->count = n;
	res->sum = sum;
	free(p);
	free(name);
	free(tmp);
	xmlBufferFree(buf);
	return 0;
fail:
	hb_rollback(c->st);
out:
	free(p);
	free(name);
	free(tmp);
	if (buf != NULL)
		xmlBufferFree(buf);
	return -1;
}
