/*
 * mt940.c - SWIFT MT940 customer statements as Dutch banks export them:
 * ING (SWIFT blocks, structured :86: with /EREF/ /CNTP/ /REMI/), ABN AMRO
 * (an ABNANL2A header, :86: with /TRTP/ /IBAN/ /NAME/ /REMI/ or old free
 * text), BNG (a 940 header, free text :86: in columns), Rabobank (the
 * counterparty's IBAN on the second line of :61:, several :86: to one
 * :61:) and the older exports of ING and Triodos (bank transaction codes
 * such as NOV or N654, amounts without a decimal comma).  An old Dutch
 * account number in :25: becomes its IBAN when the file says which bank
 * it is from.
 *
 * The file is read one line at a time and handed on one statement line
 * at a time, so memory holds the current statement's header, the current
 * field and the current :61:/:86: pair, however long the file.  A :61: is
 * passed on only when the next field shows that its :86: is complete.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hb.h"

/* a longer line is not a statement; it also bounds what one line costs */
#define MT940_LINE_MAX	65536
/* a field's lines together, after CP1252 (at most 3 bytes a byte) */
#define MT940_FIELD_MAX	(4 * MT940_LINE_MAX)
/* SWIFT lines are 65 characters; a full line was cut, maybe mid-word */
#define SWIFT_WIDTH	65

struct mt940 {
	FILE				*fp;
	const char			*name;
	const struct hb_bankreader	*r;
	struct hb_err			*e;
	char				*raw;		/* the line as read */
	size_t				 rawlen;
	long				 lineno;
	long long			 nbytes;
	int				 nstmts;
	char				 sender[5];	/* "ABNA"; "" unknown */

	/* the field being collected: its lines, joined by '\n' */
	char				 tag[4];	/* "61", "62F"; "" none */
	long				 tagline;
	char				*field;
	size_t				 fieldlen, fieldcap;
	int				 nseg;

	/* the statement: from :20: to :62F: */
	int				 open;
	int				 begun;		/* begin() called */
	int				 has_account;
	char				*ref20, *ref28, *stmt_id;
	struct hb_bankstmt		 st;

	/* the :61: waiting for its :86: (one or more, collected in d86) */
	int				 pending;
	struct hb_bankline		 bl;
	char				*bank_ref, *cname, *descr, *e2e;
	char				*rtrn;
	char				 iban61[HB_IBAN_LEN];
	char				*name61;
	char				*d86;
	size_t				 d86len, d86cap;
};

/* in d86, between the texts of two :86: fields (control characters are
 * blanked when read, so the text never holds one) */
#define NEXT86	'\001'


static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isup(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
isalnum_(int c)
{
	return isdig(c) || isup(c) || (c >= 'a' && c <= 'z');
}

/*
 * At most about 40 bytes of s for an error message, cut on a UTF-8
 * boundary: a whole garbage line would drown the message.
 */
static const char *
excerpt(const char *s, size_t n, char out[48])
{
	size_t k = n;

	if (k > 40) {
		k = 40;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	memcpy(out, s, k);
	if (k < n)
		memcpy(out + k, "...", 4);
	else
		out[k] = '\0';
	return out;
}

static int
fail(struct mt940 *m, long line, const char *fmt, ...) HB_PRINTF(3, 4);

static int
fail(struct mt940 *m, long line, const char *fmt, ...)
{
	char msg[sizeof(m->e->msg)], field[8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m->tag[0] == '\0')
		return hb_error_at(m->e, m->name, line, NULL, "%s", msg);
	snprintf(field, sizeof(field), ":%s:", m->tag);
	return hb_error_at(m->e, m->name, line, field, "%s", msg);
}

static char *
trimdup(const char *s, size_t n)
{
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

/* YYMMDD; SWIFT years 80-99 are 19xx */
static int
date6(const char *s, int *day)
{
	int i, v[3];

	for (i = 0; i < 6; i++)
		if (!isdig(s[i]))
			return -1;
	for (i = 0; i < 3; i++)
		v[i] = (s[2 * i] - '0') * 10 + (s[2 * i + 1] - '0');
	v[0] += v[0] < 80 ? 2000 : 1900;
	if (!hb_date_valid(v[0], v[1], v[2]))
		return -1;
	*day = hb_date_make(v[0], v[1], v[2]);
	return 0;
}

/*
 * SWIFT amounts: digits, a decimal comma, and no more decimals than the
 * currency has.  "1000," is 1000.00; older ING and Triodos exports leave
 * the comma out of a whole amount, so "100" is 100.00 too.  No sign: the
 * D/C mark carries it.  -1 when it is no amount, -2 when it is larger
 * than HB_AMOUNT_MAX (however many digits: leading zeros are allowed).
 */
static int
amount(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i = 0, frac = 0;
	int big = 0;

	for (; i < n && isdig(s[i]); i++) {
		/* stop adding before v can overflow; keep checking the form */
		if (v > HB_AMOUNT_MAX / 100)
			big = 1;
		else
			v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < n) {
		if (s[i] != ',')
			return -1;
		for (i++; i < n && isdig(s[i]) && frac < 2; i++, frac++)
			v = v * 10 + (s[i] - '0');
		if (i != n)
			return -1;
	}
	for (; frac < 2; frac++)
		v *= 10;
	if (big || v > HB_AMOUNT_MAX)
		return -2;
	*out = v;
	return 0;
}

/* an amount's error: not an amount, or too large */
static int
bad_amount(struct mt940 *m, int rc, const char *s, size_t n)
{
	char ex[48], max[HB_MONEY_LEN];

	excerpt(s, n, ex);
	if (rc == -2) {
		hb_money_format(HB_AMOUNT_MAX, max);
		return fail(m, m->tagline, "amount '%s' is larger than %s, "
		    "the most hb accepts", ex, max);
	}
	return fail(m, m->tagline, "invalid amount '%s'", ex);
}

/* C140219EUR662,23 */
static int
balance(struct mt940 *m, const char *s, int64_t *cents, int *day)
{
	char ex[48];
	int64_t v;
	size_t n;
	int rc;

	if (*s != 'C' && *s != 'D')
		return fail(m, m->tagline, "invalid balance '%s': expected C "
		    "or D first", excerpt(s, strlen(s), ex));
	if (date6(s + 1, day) == -1)
		return fail(m, m->tagline, "invalid date '%s'",
		    excerpt(s + 1, strnlen(s + 1, 6), ex));
	if (!isup(s[7]) || !isup(s[8]) || !isup(s[9]))
		return fail(m, m->tagline, "invalid currency '%s'",
		    excerpt(s + 7, strnlen(s + 7, 3), ex));
	if (memcmp(s + 7, "EUR", 3) != 0)
		return fail(m, m->tagline, "balance in %.3s: hb reads euro "
		    "accounts only", s + 7);
	n = strlen(s + 10);
	while (n > 0 && s[10 + n - 1] == ' ')
		n--;
	if ((rc = amount(s + 10, n, &v)) < 0)
		return bad_amount(m, rc, s + 10, n);
	*cents = *s == 'D' ? -v : v;
	return 0;
}

static void
line_clear(struct mt940 *m)
{
	free(m->bank_ref);
	free(m->cname);
	free(m->descr);
	free(m->e2e);
	free(m->rtrn);
	free(m->name61);
	m->bank_ref = m->cname = m->descr = m->e2e = m->rtrn = NULL;
	m->name61 = NULL;
	m->iban61[0] = '\0';
	m->d86len = 0;
	memset(&m->bl, 0, sizeof(m->bl));
	m->pending = 0;
}

static void
stmt_clear(struct mt940 *m)
{
	line_clear(m);
	free(m->ref20);
	free(m->ref28);
	free(m->stmt_id);
	m->ref20 = m->ref28 = m->stmt_id = NULL;
	memset(&m->st, 0, sizeof(m->st));
	m->st.format = "mt940";
	m->st.opening_date = m->st.closing_date = -1;
	m->open = m->begun = m->has_account = 0;
}

static int
stmt_begin(struct mt940 *m)
{
	if (!m->has_account)
		return fail(m, m->tagline, "the statement of line %ld has no "
		    "account ':25:'", m->st.src_line);
	if (m->ref20 != NULL && m->ref28 != NULL)
		xasprintf(&m->stmt_id, "%s/%s", m->ref20, m->ref28);
	else if (m->ref20 != NULL)
		m->stmt_id = xstrdup(m->ref20);
	m->st.stmt_id = m->stmt_id;
	m->begun = 1;
	if (m->r->begin != NULL && m->r->begin(m->r->arg, &m->st, m->e) == -1)
		return -1;
	return 0;
}

static void details(struct mt940 *);

static int
line_flush(struct mt940 *m)
{
	int rc = 0;

	if (!m->pending)
		return 0;
	if (m->d86len > 0)
		details(m);
	/* the :61:'s own counterparty, where the :86: names none */
	if (m->bl.counter_iban[0] == '\0')
		memcpy(m->bl.counter_iban, m->iban61, sizeof(m->iban61));
	if (m->cname == NULL) {
		m->cname = m->name61;
		m->name61 = NULL;
	}
	m->bl.counter_name = m->cname != NULL ? m->cname : "";
	m->bl.description = m->descr != NULL ? m->descr : "";
	m->bl.bank_ref = m->bank_ref;
	m->bl.end_to_end = m->e2e;
	m->bl.return_reason = m->rtrn;
	if (m->r->line != NULL)
		rc = m->r->line(m->r->arg, &m->st, &m->bl, m->e);
	line_clear(m);
	return rc;
}

/* four capital letters, "NL", two letters or digits: a Dutch bank's BIC */
static int
nl_bic(const char *s, size_t n)
{
	return n >= 8 && isup(s[0]) && isup(s[1]) && isup(s[2]) &&
	    isup(s[3]) && s[4] == 'N' && s[5] == 'L' && isalnum_(s[6]) &&
	    isalnum_(s[7]);
}

/*
 * Which bank sent the file, from a Dutch BIC in a header line before a
 * statement ("ABNANL2A", BNG's "0200 13BNGHNL2AXXXX00000") or in the
 * SWIFT basic header ("{1:F01INGBNL2ABXXX0000000000}").
 */
static void
sender_scan(struct mt940 *m, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 8 <= n; i++)
		if ((i == 0 || !isup(s[i - 1])) && nl_bic(s + i, n - i)) {
			memcpy(m->sender, s + i, 4);
			m->sender[4] = '\0';
			return;
		}
}

/*
 * :25: as NL69INGB0123456789EUR, NL69INGB0123456789 or
 * INGBNL2A/NL69INGB0123456789.  hb matches statements to households by
 * IBAN, so an old Dutch account number (123456789, ABNA0123456789,
 * ABNANL2A/123456789, ING's P1234567) becomes the IBAN the bank gave it
 * in 2014; that takes knowing the bank, from the :25: itself or from the
 * file's sender.
 */
static int
account(struct mt940 *m, const char *s)
{
	struct hb_err sub;
	char buf[64], cur[4], bank[5] = "", ex[48];
	const char *p, *slash, *num;
	size_t n = 0;

	p = s;
	if ((slash = strchr(p, '/')) != NULL && (slash - p == 8 ||
	    slash - p == 11)) {
		if (nl_bic(p, (size_t)(slash - p))) {
			memcpy(bank, p, 4);
			bank[4] = '\0';
		}
		p = slash + 1;		/* a BIC first */
	}
	for (; *p != '\0'; p++) {
		if (*p == ' ')
			continue;
		if (n == sizeof(buf) - 1 || !isalnum_(*p))
			return fail(m, m->tagline, "account '%s' is not an "
			    "IBAN", excerpt(s, strlen(s), ex));
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n >= 5 && isup(buf[0]) && isup(buf[1]) && isdig(buf[2]) &&
	    isdig(buf[3]) && hb_iban_normalize(buf, m->st.account, &sub) == 0)
		return 0;
	/* ING writes the currency after the account */
	cur[0] = '\0';
	if (n > 3 && isup(buf[n - 3]) && isup(buf[n - 2]) &&
	    isup(buf[n - 1]) && isdig(buf[n - 4])) {
		memcpy(cur, buf + n - 3, sizeof(cur));
		buf[n -= 3] = '\0';
	}
	if (n >= 5 && isup(buf[0]) && isup(buf[1]) && isdig(buf[2]) &&
	    isdig(buf[3])) {
		if (hb_iban_normalize(buf, m->st.account, &sub) == -1)
			return fail(m, m->tagline, "%s", sub.msg);
	} else {
		num = buf;
		if (n > 4 && isup(buf[0]) && isup(buf[1]) && isup(buf[2]) &&
		    isup(buf[3]) && strspn(buf + 4, "0123456789") == n - 4) {
			memcpy(bank, buf, 4);	/* ABNA0123456789 */
			bank[4] = '\0';
			num += 4;
		} else if (buf[0] == 'P' && n > 1 &&
		    strspn(buf + 1, "0123456789") == n - 1)
			memcpy(bank, "INGB", 5);	/* Postbank */
		if (n == 0 || strspn(num + (*num == 'P'), "0123456789") !=
		    strlen(num + (*num == 'P')))
			return fail(m, m->tagline, "account '%s' is not an "
			    "IBAN", excerpt(s, strlen(s), ex));
		if (bank[0] == '\0')
			memcpy(bank, m->sender, sizeof(bank));
		if (bank[0] == '\0')
			return fail(m, m->tagline, "account '%s' is an old "
			    "Dutch account number, and the file does not say "
			    "which bank it is from (no BIC in ':25:' or in a "
			    "header): hb needs its IBAN", excerpt(s, strlen(s),
			    ex));
		if (hb_iban_from_nl_account(bank, num, m->st.account,
		    &sub) == -1)
			return fail(m, m->tagline, "%s", sub.msg);
	}
	if (cur[0] != '\0' && strcmp(cur, "EUR") != 0) {
		m->st.account[0] = '\0';
		return fail(m, m->tagline, "account in %s: hb reads euro "
		    "accounts only", cur);
	}
	return 0;
}

/*
 * ING's structured :86: and ABN AMRO's and Rabobank's tagged one share
 * the shape /KEY/value: ING ends a value with '/', so its keys follow
 * "//".  Only these keys split the text, so a '/' in a remittance
 * stays.
 */
static const char *const keys[] = {
	"ADDR", "BENM", "BIC", "BUSP", "CHGS", "CHRG", "CNTP", "CREF",
	"CSID", "EREF", "EXCH", "IBAN", "ID", "INIT", "IREF", "ISDT",
	"MARF", "NAME", "OCMT", "ORDP", "PREF", "PURP", "RCMT", "REMI",
	"RTRN", "SVCL", "SWOC", "TRCD", "TRTP", "ULTB", "ULTC", "ULTD",
};

/* the length of KEY when s is "/KEY/...", else 0 */
static size_t
key_at(const char *s, size_t n, const char **key)
{
	size_t i, k;

	if (n < 3 || s[0] != '/')
		return 0;
	for (k = 1; k < n && isup(s[k]); k++)
		;
	if (k == n || s[k] != '/' || k == 1)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == k - 1 &&
		    memcmp(keys[i], s + 1, k - 1) == 0) {
			*key = keys[i];
			return k - 1;
		}
	return 0;
}

/* the n-th '/'-separated part of s, trimmed, or NULL */
static char *
subfield(const char *s, int n)
{
	const char *end;

	for (; n > 0; n--) {
		if ((s = strchr(s, '/')) == NULL)
			return NULL;
		s++;
	}
	end = strchr(s, '/');
	return trimdup(s, end != NULL ? (size_t)(end - s) : strlen(s));
}

static void
set_str(char **dst, char *s)
{
	if (*dst == NULL && s != NULL && *s != '\0')
		*dst = s;
	else
		free(s);
}

/* /REMI/USTD//text/, /REMI/STRD/CUR/ref/, or ABN AMRO's plain text */
static char *
remittance(const char *v)
{
	const char *p;

	if (strncmp(v, "USTD//", 6) == 0)
		return trimdup(v + 6, strlen(v + 6));
	if (strncmp(v, "USTD/", 5) == 0)
		return trimdup(v + 5, strlen(v + 5));
	if (strncmp(v, "STRD/", 5) == 0) {
		if ((p = strchr(v + 5, '/')) != NULL)
			return trimdup(p + 1, strlen(p + 1));
		return trimdup(v + 5, strlen(v + 5));
	}
	/* Rabobank: /REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/ref */
	if ((p = strstr(v, "/CDTRREF/")) != NULL)
		return subfield(p + 9, 0);
	return trimdup(v, strlen(v));
}

/*
 * The counterparty: ING's /CNTP/account/BIC/name/city/ first, else the
 * /NAME/ and /IBAN/ of ABN AMRO and Rabobank (those of an ultimate party
 * under /ULTD/ and the like excepted), else ING's /ORDP/ or /BENM/, which
 * are laid out as /CNTP/.
 */
struct party {
	int	 cntp, ordp;		/* seen; the first counts */
	char	*cntp_name, *cntp_iban;
	char	*tag_name, *tag_iban;
	char	*ordp_name, *ordp_iban;
};

static void
party_choose(struct mt940 *m, struct party *p)
{
	const char *name = NULL, *iban = NULL;

	if (p->cntp_name != NULL && *p->cntp_name != '\0')
		name = p->cntp_name;
	else if (p->tag_name != NULL && *p->tag_name != '\0')
		name = p->tag_name;
	else if (p->ordp_name != NULL && *p->ordp_name != '\0')
		name = p->ordp_name;
	if (p->cntp_iban != NULL && *p->cntp_iban != '\0')
		iban = p->cntp_iban;
	else if (p->tag_iban != NULL && *p->tag_iban != '\0')
		iban = p->tag_iban;
	else if (p->ordp_iban != NULL && *p->ordp_iban != '\0')
		iban = p->ordp_iban;
	if (name != NULL)
		m->cname = xstrdup(name);
	/* an account that is no IBAN (a BBAN, a typo) leaves none */
	if (iban == NULL || hb_iban_normalize(iban, m->bl.counter_iban,
	    NULL) == -1)
		m->bl.counter_iban[0] = '\0';
	free(p->cntp_name);
	free(p->cntp_iban);
	free(p->tag_name);
	free(p->tag_iban);
	free(p->ordp_name);
	free(p->ordp_iban);
}

static void
details_tagged(struct mt940 *m, const char *t, size_t n)
{
	struct party p = { 0 };
	const char *key, *next = NULL;
	char *v;
	size_t i, klen, vstart, vend, nk = 0;
	int ultimate = 0;

	for (i = 0; i < n && (klen = key_at(t + i, n - i, &key)) == 0; i++)
		;
	while (i < n) {
		/* the value runs to the next key; a key's closing '/' may
		 * open the next key when the value is empty */
		vstart = i + klen + 2;
		for (vend = i + klen + 1; vend < n; vend++)
			if ((nk = key_at(t + vend, n - vend, &next)) > 0)
				break;
		v = vstart < vend ? xstrndup(t + vstart, vend - vstart) :
		    xstrdup("");
		if (*v != '\0' && v[strlen(v) - 1] == '/')
			v[strlen(v) - 1] = '\0';

		if (strcmp(key, "EREF") == 0) {
			/* what SEPA writes when there is none */
			if (strcmp(v, "NOTPROVIDED") != 0)
				set_str(&m->e2e, trimdup(v, strlen(v)));
		} else if (strcmp(key, "RTRN") == 0)
			set_str(&m->rtrn, subfield(v, 0));
		else if (strcmp(key, "REMI") == 0)
			set_str(&m->descr, remittance(v));
		else if (strcmp(key, "CNTP") == 0 && !p.cntp) {
			p.cntp = 1;
			p.cntp_iban = subfield(v, 0);
			p.cntp_name = subfield(v, 2);
		} else if ((strcmp(key, "ORDP") == 0 ||
		    strcmp(key, "BENM") == 0) && !p.ordp) {
			p.ordp = 1;
			p.ordp_iban = subfield(v, 0);
			p.ordp_name = subfield(v, 2);
		} else if (strcmp(key, "NAME") == 0) {
			if (!ultimate)
				set_str(&p.tag_name, trimdup(v, strlen(v)));
		} else if (strcmp(key, "IBAN") == 0) {
			if (!ultimate)
				set_str(&p.tag_iban, trimdup(v, strlen(v)));
		}
		/* /NAME/ and its like belong to the key before them */
		if (strcmp(key, "ULTB") == 0 || strcmp(key, "ULTC") == 0 ||
		    strcmp(key, "ULTD") == 0)
			ultimate = 1;
		else if (strcmp(key, "NAME") != 0 &&
		    strcmp(key, "IBAN") != 0 && strcmp(key, "BIC") != 0 &&
		    strcmp(key, "ID") != 0 && strcmp(key, "ADDR") != 0)
			ultimate = 0;
		free(v);
		if (vend >= n)
			break;
		i = vend;
		key = next;
		klen = nk;
	}
	party_choose(m, &p);
}

/* characters, not bytes: a SWIFT line is 65 characters */
static size_t
u8len(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static int
bic_like(const char *s, size_t n)
{
	size_t i;

	if (n != 8 && n != 11)
		return 0;
	for (i = 0; i < n; i++)
		if (i < 6 ? !isup(s[i]) : !isup(s[i]) && !isdig(s[i]))
			return 0;
	return 1;
}

/*
 * Free text, in columns as BNG and the old ABN AMRO format write it:
 * the counterparty is the first word that is a valid IBAN, and its name
 * the words after it (and after a BIC) up to the next gap of two spaces.
 * Without such a gap there is no telling where the name ends.
 */
static void
details_free(struct mt940 *m, const char *t, size_t n)
{
	char iban[HB_IBAN_LEN], word[HB_IBAN_LEN];
	size_t i = 0, w, o, j;
	char *d;

	while (i < n && m->bl.counter_iban[0] == '\0') {
		while (i < n && t[i] == ' ')
			i++;
		for (w = i; w < n && t[w] != ' '; w++)
			;
		if (w - i >= 15 && w - i < sizeof(word) && isup(t[i]) &&
		    isup(t[i + 1]) && isdig(t[i + 2]) && isdig(t[i + 3])) {
			memcpy(word, t + i, w - i);
			word[w - i] = '\0';
			if (hb_iban_normalize(word, iban, NULL) == 0)
				memcpy(m->bl.counter_iban, iban, sizeof(iban));
		}
		i = w;
	}
	if (m->bl.counter_iban[0] != '\0') {
		while (i < n && t[i] == ' ')
			i++;
		for (w = i; w < n && t[w] != ' '; w++)
			;
		if (bic_like(t + i, w - i))
			for (i = w; i < n && t[i] == ' '; i++)
				;
		for (j = i; j + 1 < n && !(t[j] == ' ' && t[j + 1] == ' '); j++)
			;
		if (j + 1 < n && j > i)
			m->cname = trimdup(t + i, j - i);
	}

	/* the description: all of it, the column gaps made single spaces */
	d = xmalloc(n + 1);
	for (i = o = 0; i < n; i++)
		if (t[i] != ' ' || (o > 0 && d[o - 1] != ' '))
			d[o++] = t[i];
	while (o > 0 && d[o - 1] == ' ')
		o--;
	d[o] = '\0';
	if (o > 0)
		m->descr = d;
	else
		free(d);
}

/*
 * The :86: of a :61:, or the several that Rabobank writes, as one text.
 * Tagged text was cut at 65 characters wherever that fell, so its lines
 * are joined as they are; free text gets a space between lines, except
 * after a line cut at the full width.
 */
static void
details(struct mt940 *m)
{
	const char *f = m->d86, *seg, *nl, *key;
	size_t n = m->d86len, i, o, seglen, chars;
	char *t;
	int first = 1, full = 0;

	t = xmalloc(n + 1);
	for (i = o = 0; i < n; i++)
		if (f[i] != '\n' && f[i] != NEXT86)
			t[o++] = f[i];
	t[o] = '\0';
	for (i = 0; i < o && t[i] == ' '; i++)
		;
	if (key_at(t + i, o - i, &key) > 0) {
		details_tagged(m, t + i, o - i);
		free(t);
		return;
	}

	for (seg = f, o = 0; ; seg = nl + 1) {
		for (nl = seg; nl < f + n && *nl != '\n' && *nl != NEXT86;
		    nl++)
			;
		seglen = (size_t)(nl - seg);
		if (o > 0 && !full)
			t[o++] = ' ';
		memcpy(t + o, seg, seglen);
		o += seglen;
		/* the first line of a field: its width counts its tag, or not */
		chars = u8len(seg, seglen);
		full = chars == SWIFT_WIDTH ||
		    (first && chars + strlen(":86:") == SWIFT_WIDTH);
		if (nl == f + n)
			break;
		first = *nl == NEXT86;
	}
	t[o] = '\0';
	details_free(m, t, o);
	free(t);
}

/* MMDD in the year that puts it nearest the value date */
static int
entry_date(const char *s, int value, int *day)
{
	int y, m, d, mo, dd, k, cand, best = -1, dist, bestdist = 0;

	mo = (s[0] - '0') * 10 + (s[1] - '0');
	dd = (s[2] - '0') * 10 + (s[3] - '0');
	hb_date_split(value, &y, &m, &d);
	for (k = -1; k <= 1; k++) {
		if (!hb_date_valid(y + k, mo, dd))
			continue;
		cand = hb_date_make(y + k, mo, dd);
		dist = abs(cand - value);
		if (best == -1 || dist < bestdist) {
			best = cand;
			bestdist = dist;
		}
	}
	if (best == -1)
		return -1;
	*day = best;
	return 0;
}

/*
 * The second line of a :61:, its supplementary details.  Rabobank writes
 * the counterparty's account there ("NL63RABO0313131314", before 2014
 * "0123456789 J JANSEN"); ING writes "/TRCD/00100/" and others their own
 * text, which says nothing hb needs.
 */
static void
supplementary(struct mt940 *m, const char *s)
{
	const char *w, *end;
	char word[HB_IBAN_LEN];
	size_t n, digits;
	int iban, p;

	while (*s == ' ')
		s++;
	for (w = s; *w != '\0' && *w != ' ' && *w != '\n'; w++)
		;
	n = (size_t)(w - s);
	if (n == 0 || n >= sizeof(word))
		return;
	memcpy(word, s, n);
	word[n] = '\0';
	iban = hb_iban_normalize(word, m->iban61, NULL) == 0;
	if (!iban) {
		m->iban61[0] = '\0';
		/* an old account number: no IBAN, but the name after it */
		p = word[0] == 'P';
		digits = strspn(word + p, "0123456789");
		if (digits != n - (size_t)p || digits == 0 || digits > 10)
			return;
	}
	end = strchr(w, '\n');
	m->name61 = trimdup(w, end != NULL ? (size_t)(end - w) : strlen(w));
	if (*m->name61 == '\0' || *m->name61 == '/') {
		free(m->name61);
		m->name61 = NULL;
	}
}

/*
 * :61: value date, entry date (or none, or blank), mark, funds code,
 * amount, transaction type, the owner's reference, //the bank's
 * reference; more lines, the supplementary details, in s2 (or NULL).
 * The type is SWIFT's N, S or F and a code: NTRF, NMSC, the three
 * letters of older ING and Triodos exports (NOV, NIC, NIT), a bank's own
 * digits (N654): none of it is needed, and none is refused.
 */
static int
statement_line(struct mt940 *m, const char *s, const char *s2)
{
	const char *p = s, *q;
	int positive, rev = 0, rc;
	int64_t v;
	char ex[48];

	m->bl.src_line = m->tagline;
	if (date6(p, &m->bl.value_date) == -1)
		return fail(m, m->tagline, "invalid value date '%s'",
		    excerpt(p, strnlen(p, 6), ex));
	p += 6;
	m->bl.booking_date = m->bl.value_date;
	if (isdig(p[0]) && isdig(p[1]) && isdig(p[2]) && isdig(p[3])) {
		if (entry_date(p, m->bl.value_date, &m->bl.booking_date) == -1)
			return fail(m, m->tagline, "invalid entry date '%.4s'",
			    p);
		p += 4;
	} else if (strncmp(p, "    ", 4) == 0)
		p += 4;		/* a blank entry date */
	if (p[0] == 'R' && (p[1] == 'C' || p[1] == 'D')) {
		/* a reversed credit takes money off the account */
		rev = 1;
		positive = p[1] == 'D';
		p += 2;
	} else if (p[0] == 'C' || p[0] == 'D') {
		positive = p[0] == 'C';
		p++;
	} else
		return fail(m, m->tagline, "invalid debit/credit mark '%s': "
		    "expected C, D, RC or RD", excerpt(p, strnlen(p, 2), ex));
	if (isup(*p))
		p++;		/* funds code, the currency's third letter */
	for (q = p; *q != '\0' && *q != 'N' && *q != 'S' && *q != 'F'; q++)
		;
	if ((rc = amount(p, (size_t)(q - p), &v)) < 0)
		return bad_amount(m, rc, p, (size_t)(q - p));
	if (*q == '\0')
		return fail(m, m->tagline, "no transaction type after the "
		    "amount '%s'", excerpt(p, (size_t)(q - p), ex));
	/*
	 * Only the bank's reference, after "//", identifies the entry.  The
	 * owner's reference before it is a placeholder (ING's EREF, PREF,
	 * NONREF) or a transaction code (BNG's 028, 091) that many entries
	 * share, and hb deduplicates on bank_ref.
	 */
	if ((q = strstr(q + 1, "//")) != NULL) {
		m->bank_ref = trimdup(q + 2, strcspn(q + 2, "/"));
		if (*m->bank_ref == '\0' ||
		    strcmp(m->bank_ref, "NONREF") == 0) {
			free(m->bank_ref);
			m->bank_ref = NULL;
		}
	}
	m->bl.cents = positive ? v : -v;
	m->bl.reversal = rev;
	m->pending = 1;
	if (s2 != NULL)
		supplementary(m, s2);
	return 0;
}

/* a statement field where no statement is open */
static int
outside(struct mt940 *m)
{
	if (m->nstmts == 0)
		return fail(m, m->tagline, "before the first ':20:'");
	return fail(m, m->tagline, "after the closing balance ':62F:' of "
	    "the statement of line %ld, without a new ':20:'",
	    m->st.src_line);
}

static int
header_field(struct mt940 *m)
{
	if (!m->open)
		return outside(m);
	if (m->begun)
		return fail(m, m->tagline, "after the first ':61:' of the "
		    "statement");
	return 0;
}

static int
f20(struct mt940 *m, const char *s)
{
	if (m->open)
		return fail(m, m->tagline, "the statement of line %ld has no "
		    "closing balance ':62F:'", m->st.src_line);
	stmt_clear(m);
	m->open = 1;
	m->nstmts++;
	m->st.src_line = m->tagline;
	m->ref20 = trimdup(s, strlen(s));
	if (*m->ref20 == '\0') {
		free(m->ref20);
		m->ref20 = NULL;
	}
	/* ABN AMRO names itself here, whether or not a header says so */
	if (m->sender[0] == '\0' && strncmp(s, "ABN AMRO", 8) == 0)
		memcpy(m->sender, "ABNA", 5);
	return 0;
}

static int
f25(struct mt940 *m, const char *s)
{
	if (header_field(m) == -1)
		return -1;
	if (m->has_account)
		return fail(m, m->tagline, "a second account");
	if (account(m, s) == -1)
		return -1;
	m->has_account = 1;
	return 0;
}

static int
f28(struct mt940 *m, const char *s)
{
	if (header_field(m) == -1)
		return -1;
	free(m->ref28);
	m->ref28 = trimdup(s, strlen(s));
	return 0;
}

static int
f60(struct mt940 *m, const char *s)
{
	if (header_field(m) == -1)
		return -1;
	if (m->st.has_opening)
		return fail(m, m->tagline, "a second opening balance");
	if (balance(m, s, &m->st.opening, &m->st.opening_date) == -1)
		return -1;
	m->st.has_opening = 1;
	return 0;
}

/* the header is complete once the first :61: or the :62F: arrives */
static int
lines_start(struct mt940 *m)
{
	if (!m->open)
		return outside(m);
	if (!m->st.has_opening && strcmp(m->tag, "61") == 0)
		return fail(m, m->tagline, "before the opening balance "
		    "':60F:'");
	if (!m->st.has_opening)
		return fail(m, m->tagline, "no opening balance ':60F:' in the "
		    "statement of line %ld", m->st.src_line);
	if (!m->begun && stmt_begin(m) == -1)
		return -1;
	return line_flush(m);
}

static int
f61(struct mt940 *m, const char *s, const char *s2)
{
	if (lines_start(m) == -1)
		return -1;
	return statement_line(m, s, s2);
}

/* a :86: of the pending :61:, to join any more that follow */
static int
f86(struct mt940 *m)
{
	size_t need;

	/* one before the first :61: or after the :62F: is about the
	 * statement, and says nothing hb needs */
	if (!m->open || !m->pending)
		return 0;
	need = m->d86len + 1 + m->fieldlen + 1;
	if (need > MT940_FIELD_MAX)
		return fail(m, m->tagline, "the ':86:' of the ':61:' of line "
		    "%ld are longer than %d bytes together", m->bl.src_line,
		    MT940_FIELD_MAX);
	if (need > m->d86cap) {
		m->d86cap = need < 256 ? 256 : need * 2;
		m->d86 = xreallocarray(m->d86, m->d86cap, 1);
	}
	if (m->d86len > 0)
		m->d86[m->d86len++] = NEXT86;
	memcpy(m->d86 + m->d86len, m->field, m->fieldlen);
	m->d86len += m->fieldlen;
	m->d86[m->d86len] = '\0';
	return 0;
}

static int
f62(struct mt940 *m, const char *s)
{
	if (lines_start(m) == -1)
		return -1;
	if (balance(m, s, &m->st.closing, &m->st.closing_date) == -1)
		return -1;
	m->st.has_closing = 1;
	m->open = m->begun = 0;
	if (m->r->end != NULL && m->r->end(m->r->arg, &m->st, m->e) == -1)
		return -1;
	return 0;
}

/* the field collected so far is complete */
static int
field_end(struct mt940 *m)
{
	const char *t = m->tag;
	char *first, *nl, *rest = NULL;
	int rc = 0;

	if (t[0] == '\0')
		return 0;
	m->field[m->fieldlen] = '\0';
	first = m->field;
	if (strcmp(t, "86") != 0 && (nl = strchr(first, '\n')) != NULL) {
		*nl = '\0';	/* :61: supplementary details and the like */
		rest = nl + 1;
	}

	if (strcmp(t, "20") == 0)
		rc = f20(m, first);
	else if (strcmp(t, "25") == 0)
		rc = f25(m, first);
	else if (strcmp(t, "28") == 0 || strcmp(t, "28C") == 0)
		rc = f28(m, first);
	else if (strcmp(t, "60F") == 0 || strcmp(t, "60M") == 0)
		rc = f60(m, first);
	else if (strcmp(t, "61") == 0)
		rc = f61(m, first, rest);
	else if (strcmp(t, "86") == 0)
		rc = f86(m);
	else if (strcmp(t, "62F") == 0 || strcmp(t, "62M") == 0)
		rc = f62(m, first);
	/* :21:, :64:, :65: and the like: nothing hb needs */
	m->tag[0] = '\0';
	m->fieldlen = 0;
	m->nseg = 0;
	return rc;
}

static int
field_add(struct mt940 *m, const char *s, size_t n)
{
	size_t need = m->fieldlen + (m->nseg > 0) + n + 1;

	if (need > MT940_FIELD_MAX + 1)
		return fail(m, m->lineno, "longer than %d bytes",
		    MT940_FIELD_MAX);
	if (need > m->fieldcap) {
		m->fieldcap = need < 256 ? 256 : need * 2;
		if (m->fieldcap > MT940_FIELD_MAX + 1)
			m->fieldcap = MT940_FIELD_MAX + 1;
		m->field = xreallocarray(m->field, m->fieldcap, 1);
	}
	if (m->nseg++ > 0)
		m->field[m->fieldlen++] = '\n';
	memcpy(m->field + m->fieldlen, s, n);
	m->fieldlen += n;
	return 0;
}

/* ":61:", ":28C:": the tag's length with its colons, else 0 */
static size_t
field_tag(const char *s, char tag[4])
{
	size_t n;

	if (s[0] != ':' || !isdig(s[1]) || !isdig(s[2]))
		return 0;
	n = s[3] == ':' ? 2 : isup(s[3]) && s[4] == ':' ? 3 : 0;
	if (n == 0)
		return 0;
	memcpy(tag, s + 1, n);
	tag[n] = '\0';
	return n + 2;
}

/*
 * BNG's sample has a :61: glued to the end of a :86: line.  A new field
 * never follows a space inside free text, and the statement's balances
 * only add up when it is read as one.
 */
static const char *
glued_field(const char *s, size_t n)
{
	const char *p, *end = s + n;

	for (p = s; p + 7 < end; p++) {
		if (p[0] != ' ' || p[1] != ':' || p[2] != '6')
			continue;
		if (p[3] == '1' && p[4] == ':' && isdig(p[5]))
			return p + 1;
		if (p[3] == '2' && (p[4] == 'F' || p[4] == 'M') &&
		    p[5] == ':' && (p[6] == 'C' || p[6] == 'D'))
			return p + 1;
	}
	return NULL;
}

/* the end of a SWIFT message: ends its field, and must end a statement */
static int
message_end(struct mt940 *m)
{
	if (field_end(m) == -1)
		return -1;
	if (m->open)
		return fail(m, m->lineno, "the message ends inside the "
		    "statement of line %ld: no closing balance ':62F:'",
		    m->st.src_line);
	return 0;
}

/*
 * "-}", "-", "}", "-XXX", or ING's sample's soft hyphen and "}".  A lone
 * "-" inside a :61: or :86: whose statement has no closing balance yet
 * is not an end: it is a wrapped line of that field's text.
 */
static int
is_trailer(struct mt940 *m, const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= 2 && memcmp(s, "\xc2\xad", 2) == 0) {
		s += 2;
		n -= 2;
		if (n == 0)
			return 1;
	} else if (n >= 1 && s[0] == '-') {
		s++;
		n--;
		if (n == 0)
			return !m->open || (strcmp(m->tag, "61") != 0 &&
			    strcmp(m->tag, "86") != 0);
		if (n == 3 && memcmp(s, "XXX", 3) == 0)
			return 1;
	}
	return n >= 1 && s[0] == '}';
}

static int take_text(struct mt940 *, const char *, size_t);

/* {1:F01INGBNL2ABXXX0000000000}{2:I940INGBNL2AXXXN}{3:{108:X}}{4: */
static int
take_blocks(struct mt940 *m, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int depth;

	if (message_end(m) == -1)
		return -1;
	while (p + 2 < end && p[0] == '{' && isdig(p[1]) && p[2] == ':') {
		if (p[1] == '4') {
			p += 3;		/* the text block: fields follow */
			continue;
		}
		if (p[1] == '1')	/* the basic header: the sender */
			sender_scan(m, p, (size_t)(end - p) < 32 ?
			    (size_t)(end - p) : 32);
		for (depth = 0; p < end; p++) {
			if (*p == '{')
				depth++;
			else if (*p == '}' && --depth == 0) {
				p++;
				break;
			}
		}
	}
	return take_text(m, p, (size_t)(end - p));
}

static int
take_text(struct mt940 *m, const char *s, size_t n)
{
	const char *glue;
	char tag[4];
	size_t i, tl;

	for (i = 0; i < n && s[i] == ' '; i++)
		;
	if (i == n)
		return 0;
	if (n >= 3 && s[0] == '{' && isdig(s[1]) && s[2] == ':')
		return take_blocks(m, s, n);
	if (is_trailer(m, s, n))
		return message_end(m);
	if ((tl = field_tag(s, tag)) > 0) {
		if (field_end(m) == -1)
			return -1;
		memcpy(m->tag, tag, sizeof(tag));
		m->tagline = m->lineno;
		s += tl;
		n -= tl;
	} else if (m->tag[0] == '\0') {
		/* ABNANL2A, 940 and other header lines */
		sender_scan(m, s, n);
		return 0;
	}
	if (strcmp(m->tag, "86") == 0 && (glue = glued_field(s, n)) != NULL) {
		if (field_add(m, s, (size_t)(glue - s)) == -1)
			return -1;
		return take_text(m, glue, n - (size_t)(glue - s));
	}
	return field_add(m, s, n);
}

static int
take_line(struct mt940 *m)
{
	char *s = m->raw, *conv = NULL;
	size_t n = m->rawlen, i;
	int rc;

	/* a BOM opens the file, or each of several files put together */
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (memchr(s, '\0', n) != NULL)
		return hb_error_at(m->e, m->name, m->lineno, NULL,
		    "contains a NUL byte: not a text file");
	if (n > 0 && s[n - 1] == '\r')
		n--;
	/* banks that never moved to UTF-8 write Windows-1252 */
	if (!hb_utf8_valid(s, n)) {
		conv = hb_to_utf8(s, n, HB_ENC_CP1252);
		if (conv == NULL)
			return hb_error_at(m->e, m->name, m->lineno, NULL,
			    "cannot read the text as Windows-1252");
		s = conv;
		n = strlen(conv);
	}
	/* tabs, DOS end-of-file marks: nothing hb should pass on */
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
	rc = take_text(m, s, n);
	free(conv);
	return rc;
}

static int
too_long(struct mt940 *m)
{
	return hb_error_at(m->e, m->name, m->lineno + 1, NULL, "line longer "
	    "than %d bytes: not a bank statement", MT940_LINE_MAX);
}

/* 1 a line, 0 the end, -1 an error */
static int
read_line(struct mt940 *m)
{
	int c;

	m->rawlen = 0;
	while ((c = getc_unlocked(m->fp)) != EOF) {
		if (++m->nbytes > HB_BANKFILE_MAX)
			return hb_error(m->e, "%s: larger than %ld MiB: not a "
			    "bank statement", m->name,
			    HB_BANKFILE_MAX / 1024 / 1024);
		if (c == '\n')
			break;
		/* room for one more byte, the CR of a CRLF */
		if (m->rawlen > MT940_LINE_MAX)
			return too_long(m);
		m->raw[m->rawlen++] = (char)c;
	}
	if (c == EOF) {
		if (ferror(m->fp))
			return hb_error(m->e, "%s: read error", m->name);
		if (m->rawlen == 0)
			return 0;
	}
	if (m->rawlen > MT940_LINE_MAX && m->raw[MT940_LINE_MAX] != '\r')
		return too_long(m);
	m->raw[m->rawlen] = '\0';
	m->lineno++;
	return 1;
}

int
hb_mt940_read(FILE *fp, const char *name, const struct hb_bankreader *r,
    struct hb_err *e)
{
	struct mt940 m = { .fp = fp, .name = name, .r = r, .e = e };
	struct stat sb;
	int fd, rc = 0, got;

	if ((fd = fileno(fp)) != -1 && fstat(fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_size > HB_BANKFILE_MAX)
		return hb_error(e, "%s: larger than %ld MiB: not a bank "
		    "statement", name, HB_BANKFILE_MAX / 1024 / 1024);
	m.raw = xmalloc(MT940_LINE_MAX + 2);
	stmt_clear(&m);
	/* one lock for the file rather than one a byte */
	flockfile(fp);
	while ((got = read_line(&m)) == 1)
		if ((rc = take_line(&m)) == -1)
			break;
	funlockfile(fp);
	if (got == -1)
		rc = -1;
	if (rc == 0)
		rc = field_end(&m);
	if (rc == 0 && m.open)
		rc = hb_error_at(e, name, m.lineno, NULL, "the file ends "
		    "inside the statement of line %ld: no closing balance "
		    "':62F:'; is the file complete?", m.st.src_line);
	if (rc == 0 && m.nstmts == 0)
		rc = hb_error_at(e, name, 0, NULL, "no MT940 statement found");
	stmt_clear(&m);
	free(m.d86);
	free(m.field);
	free(m.raw);
	return rc;
}
