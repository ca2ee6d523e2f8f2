/*
 * camt.c - CAMT.053 bank statements (ISO 20022 camt.053.001.02, .04 and
 * .08), streamed with libxml2's xmlTextReader.
 *
 * The reader walks the statement header element by element.  Each entry
 * (Ntry), and each small header element (Id, Acct, Bal), is expanded into
 * a subtree of its own, read and then skipped with xmlTextReaderNext, which
 * frees it: memory follows the largest entry, not the size of the file.
 *
 * A statement file comes from outside, so the parser gets no network, no
 * DTD, no entity substitution, and any DOCTYPE is refused outright.  On
 * top of libxml2's own limits the reader bounds the file size, the depth
 * of nesting, the length of a text and the size of one entry.
 *
 * Only booked (BOOK) entries become lines.  A batch entry with several
 * TxDtls becomes one line per transaction, each with its own amount and
 * a reference of its own (AcctSvcrRef/1, /2, ...), and the amounts must
 * add up to the entry's.  Everything here is in euros: an amount in any
 * other currency, where it counts, stops the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "hb.h"

#define MAX_DEPTH	40		/* the schemas need about 12 */
#define MAX_TEXT	(64 * 1024)	/* bytes in one text node */
#define MAX_ELEMENT	(16L * 1024 * 1024)	/* bytes of one entry */
#define PATH_LEN	512
#define NS_PREFIX	"urn:iso:std:iso:20022:tech:xsd:"

/* 2.12 made the error passed to a structured handler const */
#if LIBXML_VERSION >= 21200
#define XML_ERROR_T const xmlError
#else
#define XML_ERROR_T xmlError
#endif

static const char *const versions[] = {
	"camt.053.001.02", "camt.053.001.04", "camt.053.001.08"
};

struct camt {
	FILE				*fp;
	const char			*name;
	const struct hb_bankreader	*r;
	struct hb_err			*e;
	xmlTextReaderPtr		 rd;

	long long	 nread;		/* bytes handed to libxml2 */
	long long	 budget;	/* nread may not pass this; 0 none */
	int		 too_large;
	int		 element_too_large;
	int		 io_errno;
	int		 xml_failed;	/* libxml2 reported an error */
	long		 xml_line;
	int		 xml_cut;	/* the file ends inside an element */
	char		 xml_msg[512];
	char		 big_path[PATH_LEN];	/* the element over budget */
	long		 big_line;

	const xmlChar	*ns;		/* the document's namespace */
	const xmlNs	*ns_seen;	/* a declaration of it in the element
					 * being read (compared by address) */
	const char	*format;

	/* the statement being read */
	int		 nstmt, nntry, nbal;
	int		 in_stmt, begun, has_prcd;
	int64_t		 prcd;
	int		 prcd_date;
	xmlNode		*stmt_node;
	char		*stmt_id;
	struct hb_bankstmt st;
};

/* one line-to-be of an entry: a TxDtls (or none) and its signed amount */
struct tx {
	xmlNode		*node;
	int64_t		 cents;
	int		 credit;
};

static int
is_ours(struct camt *c, const xmlNode *n)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE || n->ns == NULL ||
	    c->ns == NULL)
		return 0;
	/* the same declaration as before: no need to compare the URI */
	if (n->ns == c->ns_seen)
		return 1;
	if (!xmlStrEqual(n->ns->href, c->ns))
		return 0;
	c->ns_seen = n->ns;
	return 1;
}

static int
is_named(struct camt *c, const xmlNode *n, const char *name)
{
	return is_ours(c, n) && strcmp((const char *)n->name, name) == 0;
}

/* the first child element called name, or NULL */
static xmlNode *
kid(struct camt *c, const xmlNode *n, const char *name)
{
	xmlNode *k;

	if (n == NULL)
		return NULL;
	for (k = n->children; k != NULL; k = k->next)
		if (is_named(c, k, name))
			return k;
	return NULL;
}

/* the next sibling element called like n, or NULL */
static xmlNode *
next_named(struct camt *c, const xmlNode *n)
{
	xmlNode *k;

	for (k = n->next; k != NULL; k = k->next)
		if (is_named(c, k, (const char *)n->name))
			return k;
	return NULL;
}

/* descend along "A/B/C" */
static xmlNode *
dig(struct camt *c, const xmlNode *n, const char *path)
{
	char name[32];
	const char *slash;
	size_t len;

	while (n != NULL && *path != '\0') {
		slash = strchr(path, '/');
		len = slash != NULL ? (size_t)(slash - path) : strlen(path);
		if (len >= sizeof(name))
			return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		n = kid(c, n, name);
		path += len + (slash != NULL);
	}
	return (xmlNode *)n;
}

/*
 * 1-based position among same-named siblings, 0 when the element is the
 * only one of its name and an index would only add noise.
 */
static int
sibling_index(const xmlNode *n)
{
	const xmlNode *k;
	int before = 0, after = 0;

	for (k = n->prev; k != NULL; k = k->prev)
		if (k->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(k->name, n->name))
			before++;
	for (k = n->next; k != NULL && after == 0; k = k->next)
		if (k->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(k->name, n->name))
			after++;
	return before + after > 0 ? before + 1 : 0;
}

/*
 * "Document/BkToCstmrStmt/Stmt/Ntry[3]/Amt".  The reader has freed the
 * statements and entries before this one, so their positions come from
 * counters; inside an expanded entry the siblings are all there.
 */
static void
node_path(struct camt *c, const xmlNode *n, char *buf, size_t sz)
{
	const xmlNode *chain[MAX_DEPTH + 2];
	size_t len = 0;
	int k = 0, i, depth, idx;

	for (; n != NULL && n->type == XML_ELEMENT_NODE &&
	    k < (int)(sizeof(chain) / sizeof(chain[0])); n = n->parent)
		chain[k++] = n;
	buf[0] = '\0';
	for (i = k - 1; i >= 0; i--) {
		depth = k - 1 - i;
		if (depth == 2 && xmlStrEqual(chain[i]->name, BAD_CAST "Stmt"))
			idx = c->nstmt > 1 ? c->nstmt : 0;
		else if (depth == 3 &&
		    xmlStrEqual(chain[i]->name, BAD_CAST "Ntry"))
			idx = c->nntry;
		else if (depth == 3 &&
		    xmlStrEqual(chain[i]->name, BAD_CAST "Bal"))
			idx = c->nbal;
		else if (depth >= 4)
			idx = sibling_index(chain[i]);
		else
			idx = 0;
		if (idx > 0)
			snprintf(buf + len, sz - len, "%s%s[%d]",
			    len > 0 ? "/" : "", chain[i]->name, idx);
		else
			snprintf(buf + len, sz - len, "%s%s",
			    len > 0 ? "/" : "", chain[i]->name);
		len = strlen(buf);
	}
}

/*
 * libxml2 2.9 stores an element's line in 16 bits.  Past 65534 only text
 * nodes keep theirs (XML_PARSE_BIG_LINES, in psvi), as of the end of the
 * text: so go back over the newlines of the first child's text.
 */
static long
big_line(const xmlNode *n, int depth)
{
	const xmlNode *k = n->children;
	const char *p;
	long line;

	if (n->line < 65535 || k == NULL || depth > 4)
		return xmlGetLineNo(n);
	if (k->type == XML_ELEMENT_NODE)
		return big_line(k, depth + 1);
	if (k->type != XML_TEXT_NODE || k->psvi == NULL || k->content == NULL)
		return xmlGetLineNo(n);
	line = (long)(ptrdiff_t)k->psvi;
	for (p = (const char *)k->content; *p != '\0'; p++)
		line -= *p == '\n';
	return line;
}

static long
node_line(struct camt *c, const xmlNode *n)
{
	long line = n != NULL ? big_line(n, 0) : -1;

	return line > 0 ? line : xmlTextReaderGetParserLineNumber(c->rd);
}

static int fail(struct camt *, const xmlNode *, const char *, ...)
    HB_PRINTF(3, 4);

/* "NAME:LINE: PATH: message", with the element's own line */
static int
fail(struct camt *c, const xmlNode *n, const char *fmt, ...)
{
	char path[PATH_LEN], msg[sizeof(c->e->msg)], *q;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n == NULL)
		return hb_error_at(c->e, c->name,
		    xmlTextReaderGetParserLineNumber(c->rd), NULL, "%s", msg);
	node_path(c, n, path, sizeof(path));
	/* a long path may have been cut inside a character */
	q = hb_sanitize(path);
	rc = hb_error_at(c->e, c->name, node_line(c, n), NULL, "%s: %s", q,
	    msg);
	free(q);
	return rc;
}

/*
 * A value from the file, fit to quote in a message: control characters
 * and bad UTF-8 replaced, cut at a character boundary.
 */
static char *
quote(const char *s)
{
	char *q = hb_sanitize(s), *t;
	size_t n = 60;

	if (strlen(q) <= n)
		return q;
	while (n > 0 && ((unsigned char)q[n] & 0xc0) == 0x80)
		n--;
	xasprintf(&t, "%.*s...", (int)n, q);
	free(q);
	return t;
}

/*
 * A bank's text with the layout of the XML file taken out: trimmed, and a
 * run of white space holding a line break or tab becomes one space.
 */
static char *
clean(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	const char *run;
	int breaks;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	while (*s != '\0') {
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
			*o++ = *s++;
			continue;
		}
		for (run = s, breaks = 0; *s == ' ' || *s == '\t' ||
		    *s == '\r' || *s == '\n'; s++)
			breaks |= *s != ' ';
		if (*s == '\0')
			break;
		if (breaks)
			*o++ = ' ';
		else
			while (run < s)
				*o++ = *run++;
	}
	*o = '\0';
	return out;
}

/* the element's own text, cleaned; NULL when there is no element */
static char *
text(const xmlNode *n)
{
	const xmlNode *k;
	size_t len = 0, l;
	char *raw, *s;

	if (n == NULL)
		return NULL;
	for (k = n->children; k != NULL; k = k->next)
		if ((k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) && k->content != NULL)
			len += strlen((const char *)k->content);
	raw = xmalloc(len + 1);
	len = 0;
	for (k = n->children; k != NULL; k = k->next)
		if ((k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) && k->content != NULL) {
			l = strlen((const char *)k->content);
			memcpy(raw + len, k->content, l);
			len += l;
		}
	raw[len] = '\0';
	s = clean(raw);
	free(raw);
	return s;
}

/* text that is NULL when absent or empty */
static char *
text_or_null(const xmlNode *n)
{
	char *s = text(n);

	if (s != NULL && *s == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/* depth and text limits over an expanded subtree at the given depth */
static int
check_tree(struct camt *c, const xmlNode *n, int depth)
{
	const xmlNode *k;

	for (k = n->children; k != NULL; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			if (depth + 1 > MAX_DEPTH)
				return fail(c, k, "elements nested deeper "
				    "than %d levels", MAX_DEPTH);
			if (check_tree(c, k, depth + 1) == -1)
				return -1;
		} else if ((k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) && k->content != NULL &&
		    strlen((const char *)k->content) > MAX_TEXT)
			return fail(c, n, "text longer than %d bytes",
			    MAX_TEXT);
	}
	return 0;
}

/* xs:decimal as banks write it: digits, optionally a point and digits */
static int
is_decimal(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return 0;
	if (*p == '.') {
		s = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == s)
			return 0;
	}
	return *p == '\0';
}

/* more whole euros than HB_AMOUNT_MAX has, leading zeros aside */
static int
too_large(const char *s)
{
	size_t n;

	s += strspn(s, "0");
	n = strspn(s, "0123456789");
	return n > 9;
}

/*
 * An Amt element in whole cents.  CAMT amounts are unsigned (the direction
 * is in CdtDbtInd), so a minus sign is an error, not a debit.  Zeros past
 * the second decimal are exact and allowed; other digits there are not.
 * An amount above HB_AMOUNT_MAX is no real payment or balance.
 */
static int
amount(struct camt *c, const xmlNode *n, int zero_ok, int64_t *cents)
{
	struct hb_err me;
	char *s, *q, *ccy, *dot, max[HB_MONEY_LEN];
	size_t len;
	int rc = 0;

	s = text(n);
	ccy = (char *)xmlGetNoNsProp(n, BAD_CAST "Ccy");
	q = quote(s);
	if (ccy == NULL)
		rc = fail(c, n, "amount has no currency (Ccy)");
	else if (strcmp(ccy, "EUR") != 0) {
		free(q);
		q = quote(ccy);
		rc = fail(c, n, "currency '%s' is not supported: only EUR", q);
	} else if (*s == '-' && is_decimal(s + 1))
		rc = fail(c, n, "negative amount '%s': CAMT amounts are "
		    "unsigned, the direction is in CdtDbtInd", q);
	else if (!is_decimal(s))
		rc = fail(c, n, "invalid amount '%s'", q);
	else if (too_large(s)) {
		hb_money_format(HB_AMOUNT_MAX, max);
		rc = fail(c, n, "amount '%s' is larger than %s, the most hb "
		    "accepts", q, max);
	} else {
		if ((dot = strchr(s, '.')) != NULL)
			for (len = strlen(s); len > (size_t)(dot - s) + 3 &&
			    s[len - 1] == '0'; len--)
				s[len - 1] = '\0';
		if (hb_money_parse(s, HB_DECIMAL_DOT, cents, &me) == -1)
			rc = fail(c, n, "%s", me.msg);
		else if (*cents == 0 && !zero_ok)
			rc = fail(c, n, "amount is zero");
	}
	xmlFree(ccy);
	free(q);
	free(s);
	return rc;
}

/* CdtDbtInd under n: 1 credit, 0 debit; absent gives -1 when optional */
static int
direction(struct camt *c, const xmlNode *n, int required, int *credit)
{
	xmlNode *k = kid(c, n, "CdtDbtInd");
	char *s, *q;
	int rc = 0;

	if (k == NULL) {
		if (required)
			return fail(c, n, "no credit/debit indicator "
			    "(CdtDbtInd)");
		*credit = -1;
		return 0;
	}
	s = text(k);
	if (strcmp(s, "CRDT") == 0)
		*credit = 1;
	else if (strcmp(s, "DBIT") == 0)
		*credit = 0;
	else {
		q = quote(s);
		rc = fail(c, k, "invalid credit/debit indicator '%s': "
		    "expected CRDT or DBIT", q);
		free(q);
	}
	free(s);
	return rc;
}

/*
 * A DateAndDateTimeChoice: Dt, or DtTm whose date part counts (the bank's
 * local date).  Dates before 1970 are refused: -1 means "no date" in a
 * bank line, and no statement we read is that old.
 */
static int
date(struct camt *c, const xmlNode *n, int *day)
{
	xmlNode *k;
	char *s, *q;
	int rc = 0;

	if ((k = kid(c, n, "Dt")) == NULL && (k = kid(c, n, "DtTm")) == NULL)
		return fail(c, n, "no date (Dt or DtTm)");
	s = text(k);
	if (xmlStrEqual(k->name, BAD_CAST "DtTm") && strlen(s) > 10 &&
	    s[10] == 'T')
		s[10] = '\0';
	if (hb_date_parse(s, day) == -1 || *day < 0) {
		q = quote(s);
		rc = fail(c, k, "invalid date '%s': expected YYYY-MM-DD, "
		    "1970 or later", q);
		free(q);
	}
	free(s);
	return rc;
}

static void
stmt_reset(struct camt *c)
{
	free(c->stmt_id);
	c->stmt_id = NULL;
	memset(&c->st, 0, sizeof(c->st));
	c->st.format = c->format;
	c->st.opening_date = c->st.closing_date = -1;
	c->in_stmt = c->begun = c->has_prcd = 0;
	c->nntry = c->nbal = 0;
	c->stmt_node = NULL;
}

static int
stmt_acct(struct camt *c, const xmlNode *acct)
{
	struct hb_err me;
	xmlNode *id, *iban, *ccy;
	char *s;
	int rc = 0;

	if (c->st.account[0] != '\0')
		return fail(c, acct, "second account in one statement");
	id = kid(c, acct, "Id");
	if ((iban = kid(c, id, "IBAN")) == NULL) {
		if (kid(c, id, "Othr") != NULL)
			return fail(c, kid(c, id, "Othr"), "account has no "
			    "IBAN");
		return fail(c, acct, "account has no IBAN (Acct/Id/IBAN)");
	}
	s = text(iban);
	if (hb_iban_normalize(s, c->st.account, &me) == -1) {
		c->st.account[0] = '\0';
		rc = fail(c, iban, "%s", me.msg);
	}
	free(s);
	if (rc == 0 && (ccy = kid(c, acct, "Ccy")) != NULL) {
		s = text(ccy);
		if (strcmp(s, "EUR") != 0) {
			char *q = quote(s);

			rc = fail(c, ccy, "account currency '%s' is not "
			    "supported: only EUR", q);
			free(q);
		}
		free(s);
	}
	return rc;
}

/*
 * Only the booked balances matter: OPBD opens, PRCD (previously closed)
 * opens when there is no OPBD, CLBD closes.  Other types (available,
 * interim, forward) are left alone, currency and all.
 */
static int
stmt_bal(struct camt *c, const xmlNode *bal)
{
	xmlNode *amt, *dt;
	char *code;
	int64_t cents;
	int credit, day = -1, rc = -1;

	code = text(dig(c, bal, "Tp/CdOrPrtry/Cd"));
	if (code == NULL || (strcmp(code, "OPBD") != 0 &&
	    strcmp(code, "PRCD") != 0 && strcmp(code, "CLBD") != 0)) {
		free(code);
		return 0;
	}
	if ((amt = kid(c, bal, "Amt")) == NULL)
		fail(c, bal, "balance %s has no amount (Amt)", code);
	else if (amount(c, amt, 1, &cents) == -1 ||
	    direction(c, bal, 1, &credit) == -1)
		;
	else if ((dt = kid(c, bal, "Dt")) != NULL && date(c, dt, &day) == -1)
		;
	else if ((strcmp(code, "OPBD") == 0 && c->st.has_opening) ||
	    (strcmp(code, "CLBD") == 0 && c->st.has_closing) ||
	    (strcmp(code, "PRCD") == 0 && c->has_prcd))
		fail(c, bal, "second %s balance in one statement", code);
	else {
		if (!credit)
			cents = -cents;	/* cents >= 0, so no overflow */
		if (strcmp(code, "OPBD") == 0) {
			c->st.has_opening = 1;
			c->st.opening = cents;
			c->st.opening_date = day;
		} else if (strcmp(code, "CLBD") == 0) {
			c->st.has_closing = 1;
			c->st.closing = cents;
			c->st.closing_date = day;
		} else {
			c->has_prcd = 1;
			c->prcd = cents;
			c->prcd_date = day;
		}
		rc = 0;
	}
	free(code);
	return rc;
}

static int
stmt_begin(struct camt *c)
{
	c->begun = 1;
	if (c->st.account[0] == '\0')
		return fail(c, c->stmt_node, "statement has no account "
		    "(Acct/Id/IBAN)");
	if (!c->st.has_opening && c->has_prcd) {
		c->st.has_opening = 1;
		c->st.opening = c->prcd;
		c->st.opening_date = c->prcd_date;
	}
	c->st.stmt_id = c->stmt_id;
	if (c->r->begin != NULL)
		return c->r->begin(c->r->arg, &c->st, c->e);
	return 0;
}

/*
 * The Ustrd lines joined, else the structured references, else the
 * additional information of the transaction or of the entry.
 */
static char *
description(struct camt *c, const xmlNode *tx, const char *addtl)
{
	xmlNode *rmt, *k;
	char *out = NULL, *s;
	size_t len = 0, l;

	rmt = kid(c, tx, "RmtInf");
	for (k = kid(c, rmt, "Ustrd"); k != NULL; k = next_named(c, k)) {
		if ((s = text_or_null(k)) == NULL)
			continue;
		/* in one go: a bank may send any number of them */
		l = strlen(s);
		out = xreallocarray(out, len + l + 2, 1);
		if (len > 0)
			out[len++] = ' ';
		memcpy(out + len, s, l + 1);
		len += l;
		free(s);
	}
	for (k = kid(c, rmt, "Strd"); out == NULL && k != NULL;
	    k = next_named(c, k))
		out = text_or_null(dig(c, k, "CdtrRefInf/Ref"));
	if (out == NULL)
		out = text_or_null(kid(c, tx, "AddtlTxInf"));
	if (out == NULL)
		out = xstrdup(addtl != NULL ? addtl : "");
	return out;
}

/*
 * The counterparty is the debtor of a credit and the creditor of a debit,
 * returns and reversals included: the direction says which side the other
 * party is on.  A counterparty IBAN that does not check out is left out
 * rather than refused; it names the other party, not our account.
 */
static char *
counterparty(struct camt *c, const xmlNode *tx, int credit,
    char iban[HB_IBAN_LEN])
{
	xmlNode *rp, *party, *nm;
	char *s;

	iban[0] = '\0';
	rp = kid(c, tx, "RltdPties");
	party = kid(c, rp, credit ? "Dbtr" : "Cdtr");
	if ((nm = kid(c, party, "Nm")) == NULL)
		nm = dig(c, party, "Pty/Nm");	/* .08: Party40Choice */
	s = text(dig(c, rp, credit ? "DbtrAcct/Id/IBAN" : "CdtrAcct/Id/IBAN"));
	if (s != NULL && hb_iban_normalize(s, iban, NULL) == -1)
		iban[0] = '\0';
	free(s);
	s = text(nm);
	return s != NULL ? s : xstrdup("");
}

static int
emit(struct camt *c, const struct tx *t, int i, int ntx,
    const struct hb_bankline *proto, const char *ref, const char *addtl)
{
	struct hb_bankline l = *proto;
	xmlNode *rsn;
	char *name, *desc, *e2e, *bank_ref = NULL, *reason;
	int rc = 0;

	l.cents = t->cents;
	name = counterparty(c, t->node, t->credit, l.counter_iban);
	desc = description(c, t->node, addtl);
	e2e = text_or_null(dig(c, t->node, "Refs/EndToEndId"));
	if (e2e != NULL && strcmp(e2e, "NOTPROVIDED") == 0) {
		free(e2e);
		e2e = NULL;
	}
	/* each line of a batch needs its own reference to be told apart */
	if (ref != NULL && ntx > 1)
		xasprintf(&bank_ref, "%s/%d", ref, i + 1);
	else if (ref != NULL)
		bank_ref = xstrdup(ref);
	else
		bank_ref = text_or_null(dig(c, t->node, "Refs/AcctSvcrRef"));
	rsn = dig(c, t->node, "RtrInf/Rsn");
	if ((reason = text_or_null(kid(c, rsn, "Cd"))) == NULL)
		reason = text_or_null(kid(c, rsn, "Prtry"));

	l.counter_name = name;
	l.description = desc;
	l.end_to_end = e2e;
	l.bank_ref = bank_ref;
	l.return_reason = reason;
	if (c->r->line != NULL)
		rc = c->r->line(c->r->arg, &c->st, &l, c->e);
	free(name);
	free(desc);
	free(e2e);
	free(bank_ref);
	free(reason);
	return rc;
}

/* the status: BOOK, or <Sts><Cd>BOOK</Cd></Sts> from .08 on */
static char *
status(struct camt *c, const xmlNode *sts, const xmlNode **where)
{
	xmlNode *k;
	char *s = text_or_null(sts);

	*where = sts;
	if (s == NULL && ((k = kid(c, sts, "Cd")) != NULL ||
	    (k = kid(c, sts, "Prtry")) != NULL)) {
		*where = k;
		s = text_or_null(k);
	}
	return s;
}

static int
entry(struct camt *c, const xmlNode *ntry)
{
	struct hb_bankline proto;
	struct tx one, *txs = NULL;
	const xmlNode *where;
	xmlNode *sts, *k, *d, *amt, *rv;
	char *s = NULL, *ref = NULL, *addtl = NULL, *q;
	int64_t cents, sum = 0;
	int credit, i, ntx = 0, cap = 0, rc = -1;

	memset(&proto, 0, sizeof(proto));
	if ((sts = kid(c, ntry, "Sts")) == NULL)
		return fail(c, ntry, "entry has no status (Sts)");
	if ((s = status(c, sts, &where)) == NULL)
		return fail(c, sts, "empty entry status");
	/* not booked (yet): not a movement of money on the account */
	if (strcmp(s, "PDNG") == 0 || strcmp(s, "INFO") == 0 ||
	    strcmp(s, "FUTR") == 0) {
		free(s);
		return 0;
	}
	if (strcmp(s, "BOOK") != 0) {
		q = quote(s);
		fail(c, where, "unknown entry status '%s': expected BOOK, "
		    "PDNG or INFO", q);
		free(q);
		goto out;
	}

	if ((amt = kid(c, ntry, "Amt")) == NULL) {
		fail(c, ntry, "entry has no amount (Amt)");
		goto out;
	}
	if (amount(c, amt, 0, &cents) == -1 ||
	    direction(c, ntry, 1, &credit) == -1)
		goto out;
	if ((k = kid(c, ntry, "BookgDt")) == NULL) {
		fail(c, ntry, "entry has no booking date (BookgDt)");
		goto out;
	}
	if (date(c, k, &proto.booking_date) == -1)
		goto out;
	proto.value_date = -1;
	if ((k = kid(c, ntry, "ValDt")) != NULL &&
	    date(c, k, &proto.value_date) == -1)
		goto out;
	if ((rv = kid(c, ntry, "RvslInd")) != NULL) {
		free(s);
		s = text(rv);
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			proto.reversal = 1;
		else if (strcmp(s, "false") != 0 && strcmp(s, "0") != 0) {
			q = quote(s);
			fail(c, rv, "invalid reversal indicator '%s': expected "
			    "true or false", q);
			free(q);
			goto out;
		}
	}
	proto.src_line = node_line(c, ntry);
	ref = text_or_null(kid(c, ntry, "AcctSvcrRef"));
	addtl = text_or_null(kid(c, ntry, "AddtlNtryInf"));
	if (!credit)
		cents = -cents;

	for (d = kid(c, ntry, "NtryDtls"); d != NULL; d = next_named(c, d))
		for (k = kid(c, d, "TxDtls"); k != NULL; k = next_named(c, k)) {
			if (ntx == cap) {
				cap = cap ? cap * 2 : 4;
				txs = xreallocarray(txs, (size_t)cap,
				    sizeof(*txs));
			}
			txs[ntx].node = k;
			txs[ntx].cents = cents;
			txs[ntx].credit = credit;
			ntx++;
		}

	/*
	 * A batch: one line per transaction, with the transaction's own
	 * amount, so that each payment can be matched.  The amounts must
	 * account for the entry exactly, or the statement would not add up.
	 */
	for (i = 0; ntx > 1 && i < ntx; i++) {
		k = txs[i].node;
		if ((amt = kid(c, k, "Amt")) == NULL &&
		    (amt = dig(c, k, "AmtDtls/TxAmt/Amt")) == NULL) {
			fail(c, k, "transaction of a batch has no amount "
			    "(Amt or AmtDtls/TxAmt/Amt)");
			goto out;
		}
		if (amount(c, amt, 0, &txs[i].cents) == -1 ||
		    direction(c, k, 0, &txs[i].credit) == -1)
			goto out;
		if (txs[i].credit == -1)
			txs[i].credit = credit;
		if (!txs[i].credit)
			txs[i].cents = -txs[i].cents;
		if (hb_add(sum, txs[i].cents, &sum) == -1) {
			fail(c, k, "batch amounts out of range");
			goto out;
		}
	}
	if (ntx > 1 && sum != cents) {
		char a[HB_MONEY_LEN], b[HB_MONEY_LEN];

		hb_money_format(sum, a);
		hb_money_format(cents, b);
		fail(c, kid(c, ntry, "Amt"), "the %d transactions of "
		    "the batch add up to %s, the entry to %s", ntx, a, b);
		goto out;
	}

	if (ntx == 0) {
		one.node = NULL;
		one.cents = cents;
		one.credit = credit;
		rc = emit(c, &one, 0, 1, &proto, ref, addtl);
	} else
		for (i = 0, rc = 0; i < ntx && rc == 0; i++)
			rc = emit(c, &txs[i], i, ntx, &proto, ref, addtl);
out:
	free(txs);
	free(ref);
	free(addtl);
	free(s);
	return rc;
}

static int
on_read(void *arg, char *buf, int len)
{
	struct camt *c = arg;
	size_t n;

	if (len <= 0)
		return 0;
	errno = 0;
	n = fread(buf, 1, (size_t)len, c->fp);
	if (n == 0 && ferror(c->fp)) {
		c->io_errno = errno != 0 ? errno : EIO;
		return -1;
	}
	c->nread += (long long)n;
	if (c->nread > HB_BANKFILE_MAX) {
		c->too_large = 1;
		return -1;
	}
	if (c->budget > 0 && c->nread > c->budget) {
		c->element_too_large = 1;
		return -1;
	}
	return (int)n;
}

static void
on_xml_error(void *arg, XML_ERROR_T *err)
{
	struct camt *c = arg;
	xmlParserCtxt *p;
	char *q;
	size_t n;

	if (c == NULL || err == NULL || err->level < XML_ERR_ERROR ||
	    c->xml_failed)
		return;
	c->xml_failed = 1;
	c->xml_line = err->line;
	/*
	 * Fed in chunks, libxml2 2.9 reports a document cut short as "extra
	 * content at the end", but with elements still open it cannot be.
	 */
	if (err->domain == XML_FROM_PARSER &&
	    err->code == XML_ERR_DOCUMENT_END &&
	    (p = err->ctxt) != NULL && p->nameNr > 0)
		c->xml_cut = 1;
	q = hb_sanitize(err->message != NULL ? err->message : "error");
	snprintf(c->xml_msg, sizeof(c->xml_msg), "%s", q);
	free(q);
	/* libxml2's messages end in a newline, shown here as '?' */
	n = strlen(c->xml_msg);
	while (n > 0 && (c->xml_msg[n - 1] == '?' ||
	    c->xml_msg[n - 1] == ' '))
		c->xml_msg[--n] = '\0';
}

/* for messages raised outside any parser context: never on stderr */
static void
on_generic_error(void *arg, const char *fmt, ...)
{
}

/* the reason the XML stopped, once libxml2 has given up */
static int
xml_fail(struct camt *c)
{
	if (c->too_large)
		return hb_error_at(c->e, c->name, 0, NULL, "file too large: "
		    "more than %ld bytes", (long)HB_BANKFILE_MAX);
	if (c->element_too_large)
		return hb_error_at(c->e, c->name, c->big_line, NULL, "%s: "
		    "element larger than %ld bytes", c->big_path,
		    (long)MAX_ELEMENT);
	if (c->io_errno != 0)
		return hb_error_at(c->e, c->name, 0, NULL, "cannot read: %s",
		    strerror(c->io_errno));
	if (c->nread == 0 && feof(c->fp))
		return hb_error_at(c->e, c->name, 0, NULL, "empty file");
	/* libxml2 does not always say so when the file is cut short */
	if (c->xml_failed && c->xml_cut)
		return hb_error_at(c->e, c->name, c->xml_line, NULL,
		    "malformed XML: %s (the file ends before the document "
		    "does: truncated?)", c->xml_msg);
	if (c->xml_failed)
		return hb_error_at(c->e, c->name, c->xml_line, NULL,
		    "malformed XML: %s", c->xml_msg);
	return hb_error_at(c->e, c->name,
	    xmlTextReaderGetParserLineNumber(c->rd), NULL, "malformed XML");
}

/* the root element: Document in a namespace we know */
static int
root(struct camt *c)
{
	xmlNode *n = xmlTextReaderCurrentNode(c->rd);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(c->rd);
	const char *s;
	char *q;
	size_t i, plen = strlen(NS_PREFIX);
	int rc;

	if (!xmlStrEqual(xmlTextReaderConstLocalName(c->rd),
	    BAD_CAST "Document")) {
		q = quote((const char *)xmlTextReaderConstLocalName(c->rd));
		rc = hb_error_at(c->e, c->name, node_line(c, n), NULL,
		    "not a CAMT.053 statement: root element '%s'", q);
		free(q);
		return rc;
	}
	if (ns == NULL)
		return hb_error_at(c->e, c->name, node_line(c, n), NULL,
		    "not a CAMT.053 statement: the Document has no "
		    "namespace");
	s = (const char *)ns;
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (strncmp(s, NS_PREFIX, plen) == 0 &&
		    strcmp(s + plen, versions[i]) == 0) {
			c->format = versions[i];
			c->ns = ns;
			return 0;
		}
	q = quote(s);
	if (strncmp(s, NS_PREFIX "camt.053.", plen + 9) == 0)
		rc = hb_error_at(c->e, c->name, node_line(c, n), NULL,
		    "unsupported CAMT.053 version: namespace '%s'; expected "
		    "camt.053.001.02, .04 or .08", q);
	else
		rc = hb_error_at(c->e, c->name, node_line(c, n), NULL,
		    "not a CAMT.053 statement: namespace '%s'", q);
	free(q);
	return rc;
}

/*
 * An element at depth 3, in a statement, that is read whole: expanded,
 * read, and (by the caller) skipped, which frees it.
 */
static int
stmt_child(struct camt *c, const char *name)
{
	xmlNode *n = xmlTextReaderCurrentNode(c->rd);

	if (strcmp(name, "Ntry") == 0)
		c->nntry++;
	else if (strcmp(name, "Bal") == 0)
		c->nbal++;
	if (c->begun && strcmp(name, "Ntry") != 0)
		return fail(c, n, "'%s' after the entries: the statement "
		    "header must come first", name);
	if (strcmp(name, "Ntry") == 0 && !c->begun &&
	    stmt_begin(c) == -1)
		return -1;

	node_path(c, n, c->big_path, sizeof(c->big_path));
	c->big_line = node_line(c, n);
	c->budget = c->nread + MAX_ELEMENT;
	n = xmlTextReaderExpand(c->rd);
	c->budget = 0;
	if (n == NULL || c->xml_failed)
		return xml_fail(c);
	if (check_tree(c, n, 3) == -1)
		return -1;

	if (strcmp(name, "Id") == 0) {
		if (c->stmt_id != NULL)
			return fail(c, n, "second statement Id");
		c->stmt_id = text_or_null(n);
		return 0;
	}
	if (strcmp(name, "Acct") == 0)
		return stmt_acct(c, n);
	if (strcmp(name, "Bal") == 0)
		return stmt_bal(c, n);
	return entry(c, n);
}

static int
stmt_end(struct camt *c)
{
	int rc = 0;

	if (!c->begun)
		rc = stmt_begin(c);
	if (rc == 0 && c->r->end != NULL)
		rc = c->r->end(c->r->arg, &c->st, c->e);
	stmt_reset(c);
	return rc;
}

static int
parse(struct camt *c)
{
	xmlNode *n;
	const xmlChar *v;
	const char *name;
	int ret, type, depth, empty, skip = -1, seen_root = 0;

	ret = xmlTextReaderRead(c->rd);
	while (ret == 1 && !c->xml_failed) {
		c->ns_seen = NULL;	/* the reader may have freed it */
		type = xmlTextReaderNodeType(c->rd);
		depth = xmlTextReaderDepth(c->rd);
		n = xmlTextReaderCurrentNode(c->rd);
		/* libxml2 keeps no line for it, and reads ahead */
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return hb_error_at(c->e, c->name, 0, NULL,
			    "DOCTYPE not allowed in a bank statement");
		if (depth > MAX_DEPTH)
			return fail(c, n, "elements nested deeper than %d "
			    "levels", MAX_DEPTH);
		if (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_CDATA) {
			v = xmlTextReaderConstValue(c->rd);
			if (v != NULL && strlen((const char *)v) > MAX_TEXT)
				return fail(c, n != NULL ? n->parent : NULL,
				    "text longer than %d bytes", MAX_TEXT);
		}
		if (skip >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT &&
			    depth == skip)
				skip = -1;
			ret = xmlTextReaderRead(c->rd);
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT && depth == 2 &&
		    c->in_stmt) {
			if (stmt_end(c) == -1)
				return -1;
		}
		if (type != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(c->rd);
			continue;
		}

		name = (const char *)xmlTextReaderConstLocalName(c->rd);
		empty = xmlTextReaderIsEmptyElement(c->rd);
		if (depth == 0) {
			if (seen_root++ || root(c) == -1)
				return -1;
		} else if (depth == 1 && !is_named(c, n, "BkToCstmrStmt")) {
			char *q = quote(name);

			fail(c, n, "not a CAMT.053 statement: expected "
			    "BkToCstmrStmt, found '%s'", q);
			free(q);
			return -1;
		} else if (depth == 2 && is_named(c, n, "Stmt")) {
			stmt_reset(c);
			c->nstmt++;
			c->in_stmt = 1;
			c->stmt_node = n;
			c->st.src_line = node_line(c, n);
			if (empty && stmt_end(c) == -1)
				return -1;
		} else if (depth == 3 && c->in_stmt && is_ours(c, n) &&
		    (strcmp(name, "Id") == 0 || strcmp(name, "Acct") == 0 ||
		    strcmp(name, "Bal") == 0 || strcmp(name, "Ntry") == 0)) {
			if (stmt_child(c, name) == -1)
				return -1;
			ret = xmlTextReaderNext(c->rd);
			continue;
		} else if (depth >= 2 && !empty)
			skip = depth;
		ret = xmlTextReaderRead(c->rd);
	}
	if (ret == -1 || c->xml_failed)
		return xml_fail(c);
	if (!seen_root)
		return xml_fail(c);
	if (c->nstmt == 0)
		return hb_error_at(c->e, c->name, 0, NULL, "no statement "
		    "(Stmt) in the file");
	return 0;
}

/* the bytes left in a seekable file, or -1 when it cannot seek */
static long long
remaining(FILE *fp)
{
	off_t pos, end;

	if ((pos = ftello(fp)) == -1)
		return -1;
	if (fseeko(fp, 0, SEEK_END) == -1) {
		clearerr(fp);
		return -1;
	}
	end = ftello(fp);
	if (fseeko(fp, pos, SEEK_SET) == -1 || end == -1) {
		clearerr(fp);
		return -1;
	}
	return (long long)(end - pos);
}

int
hb_camt_read(FILE *fp, const char *name, const struct hb_bankreader *r,
    struct hb_err *e)
{
	static const struct hb_bankreader none;
	struct camt c;
	xmlStructuredErrorFunc old_serror;
	xmlGenericErrorFunc old_error;
	void *old_sctx, *old_ctx;
	long long size;
	int rc;

	memset(&c, 0, sizeof(c));
	c.fp = fp;
	c.name = name != NULL ? name : "-";
	c.r = r != NULL ? r : &none;
	c.e = e;
	c.format = versions[0];

	if ((size = remaining(fp)) > HB_BANKFILE_MAX)
		return hb_error_at(e, c.name, 0, NULL, "file too large: %lld "
		    "bytes, at most %ld", size, (long)HB_BANKFILE_MAX);

	/* idempotent, and unlike xmlCleanupParser safe for other users */
	xmlInitParser();
	/*
	 * A few messages (encoding conversion, I/O) bypass the reader's
	 * handler and go to the thread's global ones: catch those too, and
	 * put the caller's back afterwards.
	 */
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_error = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&c, on_xml_error);
	xmlSetGenericErrorFunc(NULL, on_generic_error);

	c.rd = xmlReaderForIO(on_read, NULL, &c, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (c.rd == NULL)
		rc = xml_fail(&c);
	else {
		xmlTextReaderSetStructuredErrorHandler(c.rd, on_xml_error, &c);
		rc = parse(&c);
		xmlFreeTextReader(c.rd);
	}
	free(c.stmt_id);

	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_ctx, old_error);
	return rc;
}
