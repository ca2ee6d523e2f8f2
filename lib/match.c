/*
 * Matching a bank line to a household and agreement.
 *
 * Identity before amount.  On a pooled account every household's income
 * comes from the same few organisations, so an organisation's IBAN, a
 * generic search term and an amount say nothing about whose money a line
 * is.  A line is booked there only on evidence that points at one
 * household alone:
 *
 *   - a search term or reference (a dossier, customer or contract number)
 *     that is a word of the line's description and belongs to the
 *     agreements of that household only (policy.match_term_households);
 *     a term shared by more households, or a word of an organisation's
 *     name, is generic and identifies nobody;
 *   - the household's code (HB-NNNNNN) in the description;
 *   - the counterparty IBAN being one of the household's own accounts.
 *
 * With one household identified, matching picks its agreement: the
 * agreements the identifying term belongs to, else all of the
 * household's in the line's direction; the best is booked whatever its
 * amount (an amount_deviation signal says by how much), when it leads the
 * runner-up clearly.  With two or more households identified the line is
 * ambiguous: nothing is booked, the households are suggested.  With none,
 * the agreements found by generic terms and by IBAN are only suggested.
 * On a household's own managed account the household is known and
 * matching only picks the agreement.
 *
 * The agreements are read once an invocation (hb-import changes none) into
 * memory, with sorted arrays to find them by search term, household,
 * IBAN and organisation, so that a pooled account of thousands of
 * households costs a few binary searches per line.
 *
 * Every candidate agreement is scored out of 100, and each part of the
 * score is written down, so that the caseworker (and hb-explain) can read
 * why:
 *
 *	counterparty IBAN	35 the agreement's own, 25 the organisation's
 *	amount			30 exact, 20-29 within the margin (less
 *				the nearer its edge), 10 within the amount
 *				window of the agreement's amount
 *	date			20 within the day margin of a due date,
 *				10 within twice that plus 3 days
 *	search terms		15 all found, 8 some (or none defined)
 *
 * The amount window (policy.match_amount_window, 20%) is measured from
 * the agreement's amount, never from the line's.
 *
 * Memory: some 250 bytes an agreement with its indexes (25 MB for 10,000
 * households with 8 agreements each), whatever the size of the file.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

#define WINDOW_DAYS 45

struct agreement_row {
	int64_t		 id, household, amount, margin, org;	/* org -1 */
	int		 day_margin, from, to, in, sched_ok;
	struct hb_schedule sched;
	const char	*kind, *search, *code, *org_name, *iban;
};

struct term {
	const char	*term;
	uint32_t	 a;
};

/* a term's run in the term array, found by hashing the word */
struct term_slot {
	uint32_t	 start, n;	/* n 0: a free slot */
	uint32_t	 households;	/* how many have it; GENERIC: an
					 * organisation's name */
};
#define GENERIC UINT32_MAX

/* a household by its code, or an own account by its IBAN */
struct keyed {
	const char	*key, *code;
	int64_t		 household;
};

struct org {
	int64_t		 id;
	const char	*name;
};

struct org_iban {
	const char	*iban;
	int64_t		 org;
};

struct hb_matcher {
	struct agreement_row *a;	/* by id */
	size_t		 na;
	uint32_t	*index_of;	/* id to index, or NULL */
	int64_t		 max_id;
	struct term	*term;		/* by term, then agreement id */
	size_t		 nterm;
	struct term_slot *tslot;	/* a power of two, twice the terms */
	size_t		 ntslot;
	uint32_t	*by_hh;		/* by household, then id */
	struct keyed	*hh;		/* households by code */
	size_t		 nhh;
	struct keyed	*own;		/* own accounts by IBAN */
	size_t		 nown;
	int64_t		 book_score, book_gap, window, term_households;
	uint32_t	*by_iban;	/* those with an IBAN: by it, direction,
					 * amount, id */
	size_t		 niban;
	uint32_t	*by_org;	/* those of an organisation: by it,
					 * direction, amount, id */
	size_t		 norg;
	struct org_iban	*oi;		/* by IBAN, then organisation */
	size_t		 noi;
	int64_t		 widest_margin;
	char		**strings;	/* what the pointers above point in */
	size_t		 nstrings, strings_left;
};

/*
 * Strings live in blocks of 64 KiB that never move, so that the pointers
 * into them stay valid (one malloc for thousands of strings).
 */
#define STRING_BLOCK 65536

static const char *
keep_string(struct hb_matcher *m, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p;

	if (len == 1)
		return "";
	if (len > STRING_BLOCK / 16) {		/* a long one: its own block */
		p = xstrdup(s);
		m->strings = xreallocarray(m->strings, m->nstrings + 1,
		    sizeof(*m->strings));
		m->strings[m->nstrings++] = p;
		m->strings_left = 0;
		return p;
	}
	if (len > m->strings_left) {
		m->strings = xreallocarray(m->strings, m->nstrings + 1,
		    sizeof(*m->strings));
		m->strings[m->nstrings++] = xmalloc(STRING_BLOCK);
		m->strings_left = STRING_BLOCK;
	}
	p = m->strings[m->nstrings - 1] + (STRING_BLOCK - m->strings_left);
	memcpy(p, s, len);
	m->strings_left -= len;
	return p;
}

/* the same string as the one kept last, when it is (they come in runs) */
static const char *
keep_run(struct hb_matcher *m, const char *s, const char **last)
{
	if (*last == NULL || strcmp(*last, s) != 0)
		*last = keep_string(m, s);
	return *last;
}

void
hb_match_free(struct hb_matcher *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nstrings; i++)
		free(m->strings[i]);
	free(m->strings);
	free(m->a);
	free(m->index_of);
	free(m->term);
	free(m->tslot);
	free(m->by_hh);
	free(m->hh);
	free(m->own);
	free(m->by_iban);
	free(m->by_org);
	free(m->oi);
	free(m);
}

void
hb_match_forget(struct hb_ctx *ctx)
{
	hb_match_free(ctx->matcher);
	ctx->matcher = NULL;
}

static void
grow(void *pp, size_t n, size_t *cap, size_t size)
{
	void **p = pp;

	if (n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*p = xreallocarray(*p, *cap, size);
	}
}

static int
cmp_org(const void *k, const void *o)
{
	int64_t a = *(const int64_t *)k, b = ((const struct org *)o)->id;

	return (a > b) - (a < b);
}

static int
load_orgs(struct hb_ctx *ctx, struct hb_matcher *m, struct org **orgs,
    size_t *norgs, struct hb_err *e)
{
	struct hb_stmt *q;
	size_t cap = 0, ocap = 0;
	int rc;

	if (hb_prepare(ctx->st, &q, e, "SELECT id, name FROM organisation "
	    "ORDER BY id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		grow(orgs, *norgs, &cap, sizeof(**orgs));
		(*orgs)[*norgs].id = hb_col_int(q, 0);
		(*orgs)[(*norgs)++].name = keep_string(m, hb_col_text(q, 1));
	}
	hb_finalize(q);
	if (rc == -1 || hb_prepare(ctx->st, &q, e, "SELECT iban, "
	    "organisation_id FROM organisation_iban ORDER BY iban, "
	    "organisation_id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		grow(&m->oi, m->noi, &ocap, sizeof(*m->oi));
		m->oi[m->noi].iban = keep_string(m, hb_col_text(q, 0));
		m->oi[m->noi++].org = hb_col_int(q, 1);
	}
	hb_finalize(q);
	return rc;
}

static size_t term_hash(const char *);
static uint32_t count_households(const struct hb_matcher *, size_t, size_t,
    int64_t);

/* One copy of each IBAN, while loading: agreements share their
 * organisation's, and the sorts then compare equal ones by address. */
struct interned {
	const char	**slot;
	size_t		 size, used;
};

static const char *
intern(struct hb_matcher *m, struct interned *t, const char *s)
{
	const char **old;
	size_t i, j, n;

	if (*s == '\0')
		return "";
	if (2 * (t->used + 1) > t->size) {
		old = t->slot;
		n = t->size;
		t->size = n ? 2 * n : 1024;
		t->slot = xcalloc(t->size, sizeof(*t->slot));
		for (j = 0; j < n; j++) {
			if (old[j] == NULL)
				continue;
			for (i = term_hash(old[j]) & (t->size - 1);
			    t->slot[i] != NULL; i = (i + 1) & (t->size - 1))
				;
			t->slot[i] = old[j];
		}
		free(old);
	}
	for (i = term_hash(s) & (t->size - 1); t->slot[i] != NULL;
	    i = (i + 1) & (t->size - 1))
		if (strcmp(t->slot[i], s) == 0)
			return t->slot[i];
	t->used++;
	return t->slot[i] = keep_string(m, s);
}

static int
load_agreements(struct hb_ctx *ctx, struct hb_matcher *m,
    const struct org *orgs, size_t norgs, struct hb_err *e)
{
	struct agreement_row *a;
	struct hb_stmt *q;
	struct hb_err ignored;
	const struct org *o;
	struct interned ibans = { NULL, 0, 0 };
	const char *last_kind = NULL, *last_code = NULL;
	size_t cap;
	int64_t n;
	int rc;

	if (hb_query_int(ctx->st, &n, e, "SELECT count(*) FROM agreement",
	    "") != 1)
		return -1;
	cap = (size_t)n + 1;
	m->a = xreallocarray(NULL, cap, sizeof(*m->a));
	if (hb_prepare(ctx->st, &q, e, "SELECT a.id, a.household_id, "
	    "a.amount, a.amount_margin, a.day_margin, a.valid_from, "
	    "a.valid_to, a.direction = 'in', coalesce(a.organisation_id, -1), "
	    "coalesce(a.iban, ''), a.kind, a.schedule, a.search, h.code "
	    "FROM agreement a JOIN household h ON h.id = a.household_id "
	    "ORDER BY a.id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		grow(&m->a, m->na, &cap, sizeof(*m->a));
		a = &m->a[m->na++];
		a->id = hb_col_int(q, 0);
		a->household = hb_col_int(q, 1);
		a->amount = hb_col_int(q, 2);
		a->margin = hb_col_int(q, 3);
		a->day_margin = (int)hb_col_int(q, 4);
		a->from = hb_col_date(q, 5);
		a->to = hb_col_date(q, 6);
		a->in = (int)hb_col_int(q, 7);
		a->org = hb_col_int(q, 8);
		a->iban = intern(m, &ibans, hb_col_text(q, 9));
		a->kind = keep_run(m, hb_col_text(q, 10), &last_kind);
		a->sched_ok = hb_schedule_parse(hb_col_text(q, 11), &a->sched,
		    &ignored) == 0;
		a->search = keep_string(m, hb_col_text(q, 12));
		a->code = keep_run(m, hb_col_text(q, 13), &last_code);
		o = a->org < 0 ? NULL : bsearch(&a->org, orgs, norgs,
		    sizeof(*orgs), cmp_org);
		a->org_name = o != NULL ? o->name : "";
		if (a->margin > m->widest_margin)
			m->widest_margin = a->margin;
	}
	hb_finalize(q);
	free(ibans.slot);
	return rc;
}

static int
cmp_id(const void *k, const void *r)
{
	int64_t a = *(const int64_t *)k;
	int64_t b = ((const struct agreement_row *)r)->id;

	return (a > b) - (a < b);
}

/* the index of agreement id, or -1 */
static long
find_id(const struct hb_matcher *m, int64_t id)
{
	const struct agreement_row *r;

	if (m->index_of != NULL)
		return id >= 0 && id <= m->max_id && m->index_of[id] !=
		    UINT32_MAX ? (long)m->index_of[id] : -1;
	r = bsearch(&id, m->a, m->na, sizeof(*m->a), cmp_id);
	return r == NULL ? -1 : r - m->a;
}

/* Ids are handed out in order: an array from id to index, when they are
 * not too sparse for it. */
static void
index_ids(struct hb_matcher *m)
{
	size_t i;

	if (m->na == 0 || m->a[m->na - 1].id < 0 ||
	    (uint64_t)m->a[m->na - 1].id > 4 * (uint64_t)m->na + 1024)
		return;
	m->max_id = m->a[m->na - 1].id;
	m->index_of = xreallocarray(NULL, (size_t)m->max_id + 1,
	    sizeof(*m->index_of));
	memset(m->index_of, 0xff, ((size_t)m->max_id + 1) *
	    sizeof(*m->index_of));
	for (i = 0; i < m->na; i++)
		if (m->a[i].id >= 0)
			m->index_of[m->a[i].id] = (uint32_t)i;
}

static size_t
term_hash(const char *s)
{
	size_t h = 2166136261u;		/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct term_slot *
term_slot(const struct hb_matcher *m, const char *word)
{
	size_t i = term_hash(word) & (m->ntslot - 1);

	while (m->tslot[i].n != 0 &&
	    strcmp(m->term[m->tslot[i].start].term, word) != 0)
		i = (i + 1) & (m->ntslot - 1);
	return &m->tslot[i];
}

/* the runs of the sorted term array in a hash table */
static void
hash_terms(struct hb_matcher *m)
{
	struct term_slot *t;
	size_t i, j;

	for (m->ntslot = 64; m->ntslot < 2 * m->nterm; m->ntslot *= 2)
		;
	m->tslot = xcalloc(m->ntslot, sizeof(*m->tslot));
	for (i = 0; i < m->nterm; i = j) {
		/* a run of the same term shares one copy of it */
		for (j = i + 1; j < m->nterm &&
		    m->term[j].term == m->term[i].term; j++)
			;
		t = term_slot(m, m->term[i].term);
		t->start = (uint32_t)i;
		t->n = (uint32_t)(j - i);
		t->households = count_households(m, i, j, m->term_households);
	}
}

static int
load_terms(struct hb_ctx *ctx, struct hb_matcher *m, struct hb_err *e)
{
	struct hb_stmt *q;
	const char *last = NULL;
	size_t cap;
	int64_t n;
	long i;
	int rc;

	if (hb_query_int(ctx->st, &n, e, "SELECT count(*) FROM "
	    "agreement_term", "") != 1)
		return -1;
	cap = (size_t)n + 1;
	m->term = xreallocarray(NULL, cap, sizeof(*m->term));

	/* in the order of the key: by term, then agreement */
	if (hb_prepare(ctx->st, &q, e, "SELECT term, agreement_id FROM "
	    "agreement_term ORDER BY term, agreement_id", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		if ((i = find_id(m, hb_col_int(q, 1))) == -1)
			continue;
		grow(&m->term, m->nterm, &cap, sizeof(*m->term));
		m->term[m->nterm].term = keep_run(m, hb_col_text(q, 0), &last);
		m->term[m->nterm++].a = (uint32_t)i;
	}
	hb_finalize(q);
	return rc;
}

/*
 * The words of a text as search terms are kept: lower case, split at
 * blanks and punctuation that never occurs inside a number, trailing dots
 * dropped.  fn sees each, at most max.
 */
static void
words(const char *text, int max, void (*fn)(void *, char *), void *arg)
{
	char *copy = xstrdup(text), *p = copy, *w, *c;
	int n = 0;

	while (n < max && (w = strsep(&p, " \t\n,;:()[]{}<>\"'")) != NULL) {
		for (c = w; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		while (c > w && c[-1] == '.')
			*--c = '\0';
		if (*w == '\0')
			continue;
		n++;
		fn(arg, w);
	}
	free(copy);
}

struct ref_words {
	struct hb_matcher	*m;
	size_t			*cap;
	uint32_t		 a;
};

/* A word of a reference with a digit in it (a customer, contract or
 * dossier number) identifies like a search term. */
static void
ref_word(void *arg, char *w)
{
	struct ref_words *r = arg;
	struct hb_matcher *m = r->m;

	if (strlen(w) < 4 || strpbrk(w, "0123456789") == NULL)
		return;
	grow(&m->term, m->nterm, r->cap, sizeof(*m->term));
	m->term[m->nterm].term = keep_string(m, w);
	m->term[m->nterm++].a = r->a;
}

static int
cmp_term(const void *x, const void *y)
{
	const struct term *p = x, *r = y;
	int c = p->term == r->term ? 0 : strcmp(p->term, r->term);

	return c != 0 ? c : (p->a > r->a) - (p->a < r->a);
}

static int
load_references(struct hb_ctx *ctx, struct hb_matcher *m, struct hb_err *e)
{
	struct hb_stmt *q;
	struct ref_words r = { m, NULL, 0 };
	size_t cap = m->nterm, before = m->nterm, i, j;
	long k;
	int rc;

	r.cap = &cap;
	if (hb_prepare(ctx->st, &q, e, "SELECT id, reference FROM agreement "
	    "WHERE reference <> ''", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		if ((k = find_id(m, hb_col_int(q, 0))) == -1)
			continue;
		r.a = (uint32_t)k;
		words(hb_col_text(q, 1), 16, ref_word, &r);
	}
	hb_finalize(q);
	if (rc == -1 || m->nterm == before)
		return rc;
	qsort(m->term, m->nterm, sizeof(*m->term), cmp_term);
	/* one copy of each term, once for each agreement */
	for (i = 0, j = 0; i < m->nterm; i++) {
		if (j > 0 && strcmp(m->term[j - 1].term, m->term[i].term) == 0) {
			if (m->term[j - 1].a == m->term[i].a)
				continue;
			m->term[i].term = m->term[j - 1].term;
		}
		m->term[j++] = m->term[i];
	}
	m->nterm = j;
	return 0;
}

static int
cmp_keyed(const void *x, const void *y)
{
	return strcmp(((const struct keyed *)x)->key,
	    ((const struct keyed *)y)->key);
}

/* The households by code and their own accounts by IBAN. */
static int
load_households(struct hb_ctx *ctx, struct hb_matcher *m, struct hb_err *e)
{
	struct hb_stmt *q;
	size_t cap = 0;
	int rc;

	if (hb_prepare(ctx->st, &q, e, "SELECT code, id FROM household "
	    "ORDER BY code", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		grow(&m->hh, m->nhh, &cap, sizeof(*m->hh));
		m->hh[m->nhh].key = m->hh[m->nhh].code =
		    keep_string(m, hb_col_text(q, 0));
		m->hh[m->nhh++].household = hb_col_int(q, 1);
	}
	hb_finalize(q);
	cap = 0;
	if (rc == -1 || hb_prepare(ctx->st, &q, e, "SELECT a.iban, "
	    "a.household_id, h.code FROM account a JOIN household h ON h.id = "
	    "a.household_id WHERE a.kind = 'own' ORDER BY a.iban", "") == -1)
		return -1;
	while ((rc = hb_step(q, e)) == 1) {
		grow(&m->own, m->nown, &cap, sizeof(*m->own));
		m->own[m->nown].key = keep_string(m, hb_col_text(q, 0));
		m->own[m->nown].code = keep_string(m, hb_col_text(q, 2));
		m->own[m->nown++].household = hb_col_int(q, 1);
	}
	hb_finalize(q);
	return rc;
}

static const struct keyed *
find_keyed(const struct keyed *k, size_t n, const char *key)
{
	struct keyed want = { key, NULL, 0 };

	if (n == 0 || *key == '\0')
		return NULL;
	return bsearch(&want, k, n, sizeof(*k), cmp_keyed);
}

/* A word of an organisation's name identifies no household. */
static void
org_word(void *arg, char *w)
{
	struct hb_matcher *m = arg;
	struct term_slot *t = term_slot(m, w);

	if (t->n != 0)
		t->households = GENERIC;
}

/* How many households a term's run belongs to, counted up to limit + 1. */
static uint32_t
count_households(const struct hb_matcher *m, size_t from, size_t to,
    int64_t limit)
{
	int64_t seen[16];
	size_t i;
	int k, n = 0;

	if (limit > 15)
		limit = 15;
	for (i = from; i < to && n <= limit; i++) {
		for (k = 0; k < n && seen[k] != m->a[m->term[i].a].household;
		    k++)
			;
		if (k == n)
			seen[n++] = m->a[m->term[i].a].household;
	}
	return (uint32_t)n;
}

/* A policy parameter, or its default where the store has none. */
static int
policy(struct hb_ctx *ctx, const char *name, int64_t def, int64_t *out,
    struct hb_err *e)
{
	int rc = hb_param_cents(ctx, name, ctx->today, out, e);

	if (rc == 0)
		*out = def;
	return rc == -1 ? -1 : 0;
}

/* The sort orders of the index arrays. */
static int
cmp_household(const void *x, const void *y, void *arg)
{
	const struct agreement_row *a = arg;
	const struct agreement_row *p = &a[*(const uint32_t *)x];
	const struct agreement_row *r = &a[*(const uint32_t *)y];

	if (p->household != r->household)
		return (p->household > r->household) -
		    (p->household < r->household);
	return (p->id > r->id) - (p->id < r->id);
}

static int
cmp_dir_amount(const struct agreement_row *p, const struct agreement_row *r)
{
	if (p->in != r->in)
		return p->in - r->in;
	if (p->amount != r->amount)
		return (p->amount > r->amount) - (p->amount < r->amount);
	return (p->id > r->id) - (p->id < r->id);
}

static int
cmp_iban(const void *x, const void *y, void *arg)
{
	const struct agreement_row *a = arg;
	const struct agreement_row *p = &a[*(const uint32_t *)x];
	const struct agreement_row *r = &a[*(const uint32_t *)y];
	int c = p->iban == r->iban ? 0 : strcmp(p->iban, r->iban);

	return c != 0 ? c : cmp_dir_amount(p, r);
}

static int
cmp_org_agreement(const void *x, const void *y, void *arg)
{
	const struct agreement_row *a = arg;
	const struct agreement_row *p = &a[*(const uint32_t *)x];
	const struct agreement_row *r = &a[*(const uint32_t *)y];

	if (p->org != r->org)
		return (p->org > r->org) - (p->org < r->org);
	return cmp_dir_amount(p, r);
}

/* Sorted, unless it is already (by household it mostly is: agreements
 * are registered household by household). */
static void
sort_index(uint32_t *idx, size_t n,
    int (*cmp)(const void *, const void *, void *), void *arg)
{
	size_t i;

	for (i = 1; i < n && cmp(&idx[i - 1], &idx[i], arg) <= 0; i++)
		;
	if (i < n)
		qsort_r(idx, n, sizeof(*idx), cmp, arg);
}

static int
matcher(struct hb_ctx *ctx, struct hb_matcher **out, struct hb_err *e)
{
	struct hb_matcher *m;
	struct org *orgs = NULL;
	size_t norgs = 0, i;
	int rc;

	if (ctx->matcher != NULL) {
		*out = ctx->matcher;
		return 0;
	}
	m = xcalloc(1, sizeof(*m));
	rc = policy(ctx, "policy.match_book_score", HB_MATCH_BOOK,
	    &m->book_score, e);
	if (rc != -1)
		rc = policy(ctx, "policy.match_book_gap", HB_MATCH_GAP,
		    &m->book_gap, e);
	if (rc != -1)
		rc = policy(ctx, "policy.match_amount_window", 2000, &m->window,
		    e);
	if (rc != -1)
		rc = policy(ctx, "policy.match_term_households", 1,
		    &m->term_households, e);
	if (m->term_households > 15)	/* what count_households counts */
		m->term_households = 15;
	if (rc != -1)
		rc = load_orgs(ctx, m, &orgs, &norgs, e);
	if (rc != -1)
		rc = load_agreements(ctx, m, orgs, norgs, e);
	if (rc != -1)
		index_ids(m);
	if (rc == -1 || load_terms(ctx, m, e) == -1 ||
	    load_references(ctx, m, e) == -1 || load_households(ctx, m, e) == -1) {
		free(orgs);
		hb_match_free(m);
		return -1;
	}
	hash_terms(m);
	for (i = 0; i < norgs; i++)
		words(orgs[i].name, 16, org_word, m);
	free(orgs);
	m->by_hh = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	m->by_iban = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	m->by_org = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	for (i = 0; i < m->na; i++) {
		m->by_hh[i] = (uint32_t)i;
		if (*m->a[i].iban != '\0')
			m->by_iban[m->niban++] = (uint32_t)i;
		if (m->a[i].org >= 0)
			m->by_org[m->norg++] = (uint32_t)i;
	}
	sort_index(m->by_hh, m->na, cmp_household, m->a);
	sort_index(m->by_iban, m->niban, cmp_iban, m->a);
	sort_index(m->by_org, m->norg, cmp_org_agreement, m->a);
	*out = ctx->matcher = m;
	return 0;
}

#define MAX_IDS 256

/* agreement indexes, in the order they were found */
struct ids {
	uint32_t id[MAX_IDS];
	int	 n;
};

static void
add_id(struct ids *ids, uint32_t id)
{
	int i;

	for (i = 0; i < ids->n; i++)
		if (ids->id[i] == id)
			return;
	if (ids->n < MAX_IDS)
		ids->id[ids->n++] = id;
}

/* Add the n found, the last first; nothing when more than limit. */
static void
add_found(struct ids *ids, const uint32_t *found, size_t n, size_t limit)
{
	if (n <= limit)
		while (n > 0)
			add_id(ids, found[--n]);
}

/*
 * In a sorted index array, the agreements of key (an IBAN or an
 * organisation) in direction in with an amount from lo to hi, whose own
 * margin takes amount: appended to found, at most max in all.
 */
static void
amount_range(const struct hb_matcher *m, const uint32_t *idx, size_t nidx,
    int (*keycmp)(const struct agreement_row *, const void *), const void *key,
    int in, int64_t lo, int64_t hi, int64_t amount, uint32_t *found,
    size_t *n, size_t max)
{
	const struct agreement_row *a;
	size_t l = 0, h = nidx, mid;
	int c;

	while (l < h) {
		mid = l + (h - l) / 2;
		a = &m->a[idx[mid]];
		c = keycmp(a, key);
		if (c < 0 || (c == 0 && (a->in < in ||
		    (a->in == in && a->amount < lo))))
			l = mid + 1;
		else
			h = mid;
	}
	for (; l < nidx && *n < max; l++) {
		a = &m->a[idx[l]];
		if (keycmp(a, key) != 0 || a->in != in || a->amount > hi)
			break;
		if (llabs(a->amount - amount) <= a->margin)
			found[(*n)++] = idx[l];
	}
}

static int
key_iban(const struct agreement_row *a, const void *key)
{
	return strcmp(a->iban, key);
}

static int
key_org(const struct agreement_row *a, const void *key)
{
	int64_t o = *(const int64_t *)key;

	return (a->org > o) - (a->org < o);
}

/* The first organisation IBAN not below iban. */
static size_t
oi_first(const struct hb_matcher *m, const char *iban)
{
	size_t lo = 0, hi = m->noi, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->oi[mid].iban, iban) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* By IBAN, only agreements whose own margin takes the amount. */
static void
iban_candidates(const struct hb_matcher *m, const char *iban, int in,
    int64_t amount, struct ids *ids)
{
	uint32_t found[17];
	size_t n = 0, i;
	int64_t from = amount - m->widest_margin, to = amount + m->widest_margin;

	amount_range(m, m->by_iban, m->niban, key_iban, iban, in, from, to,
	    amount, found, &n, 17);
	for (i = oi_first(m, iban); i < m->noi &&
	    strcmp(m->oi[i].iban, iban) == 0; i++)
		amount_range(m, m->by_org, m->norg, key_org, &m->oi[i].org, in,
		    from, to, amount, found, &n, 17);
	add_found(ids, found, n, 16);
}

/* How the line's counterparty IBAN relates to the agreement: 2 its own,
 * 1 another of its organisation's, 0 neither. */
static int
own_iban(const struct hb_matcher *m, const struct agreement_row *a,
    const char *iban)
{
	size_t i;

	if (strcmp(a->iban, iban) == 0)
		return 2;
	if (a->org < 0)
		return 0;
	/* an IBAN belongs to one organisation, rarely to a few */
	for (i = oi_first(m, iban); i < m->noi &&
	    strcmp(m->oi[i].iban, iban) == 0; i++)
		if (m->oi[i].org == a->org)
			return 1;
	return 0;
}

/* Whether amount is within the amount window of the agreement's amount. */
static int
in_window(const struct hb_matcher *m, const struct agreement_row *a,
    int64_t amount)
{
	int64_t diff = amount > a->amount ? amount - a->amount :
	    a->amount - amount;

	return diff <= a->margin || (diff <= INT64_MAX / 10000 &&
	    diff * 10000 <= a->amount * m->window);
}

/* The due date of the agreement nearest to day, or -1. */
static int
nearest_due(const struct agreement_row *a, int day)
{
	int d, best = -1;

	if (!a->sched_ok)
		return -1;
	for (d = hb_schedule_next(&a->sched, day - WINDOW_DAYS);
	    d != -1 && d <= day + WINDOW_DAYS;
	    d = hb_schedule_next(&a->sched, d + 1)) {
		if (d < a->from || (a->to != -1 && d > a->to))
			continue;
		if (best == -1 || abs(d - day) < abs(best - day))
			best = d;
	}
	return best;
}

/* Search terms are separated by '|'; matched without regard to case. */
static int
search_score(const char *terms, const char *text, char *found, size_t sz)
{
	char *list, *p, *t;
	int n = 0, hit = 0;
	size_t len = 0;

	found[0] = '\0';
	p = list = xstrdup(terms);
	while ((t = strsep(&p, "|")) != NULL) {
		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		n++;
		if (strcasestr(text, t) != NULL) {
			hit++;
			if (len < sz)
				len += (size_t)snprintf(found + len, sz - len,
				    "%s'%s'", hit > 1 ? ", " : "", t);
		}
	}
	free(list);
	if (n == 0)
		return 8;
	return hit == n ? 15 : hit > 0 ? 8 : 0;
}

/* The score; with explain, also the reason, for the few that are kept. */
static void
score(const struct hb_matcher *m, const struct agreement_row *a, int iban_fit,
    const struct hb_matchline *l, struct hb_candidate *c, int explain)
{
	char line_amount[HB_MONEY_LEN], agreed[HB_MONEY_LEN], margin[HB_MONEY_LEN];
	char due[HB_DATE_LEN], found[256];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, diff;
	size_t len = 0;
	int pts, days;

	c->agreement = a->id;
	c->household = a->household;
	c->agreed = a->amount;
	c->margin = a->margin;
	c->score = 0;
	c->reason[0] = '\0';
#define SAY(...) (explain ? len += (size_t)snprintf(c->reason + len, \
    len < sizeof(c->reason) ? sizeof(c->reason) - len : 0, __VA_ARGS__) : 0)

	SAY("agreement %lld (%s, %s %s): ", (long long)a->id, a->code, a->kind,
	    *a->org_name ? a->org_name : "own account");
	if (*l->counter_iban == '\0')
		pts = 0, SAY("no counterparty IBAN (+0)");
	else if (iban_fit == 2)
		pts = 35, SAY("IBAN %s is the agreement's (+35)",
		    l->counter_iban);
	else if (iban_fit == 1)
		pts = 25, SAY("IBAN %s is one of %s's (+25)", l->counter_iban,
		    a->org_name);
	else
		pts = 0, SAY("IBAN %s is not the agreement's (+0)",
		    l->counter_iban);
	c->score += pts;

	diff = amount > a->amount ? amount - a->amount : a->amount - amount;
	if (explain) {
		hb_money_format(amount, line_amount);
		hb_money_format(a->amount, agreed);
		hb_money_format(a->margin, margin);
	}
	c->amount_ok = diff <= a->margin;
	/* an exact amount weighs more than one just inside the margin */
	pts = diff == 0 ? 30 : c->amount_ok ? 30 - (int)(diff * 10 / a->margin) :
	    in_window(m, a, amount) ? 10 : 0;
	c->score += pts;
	SAY("; amount %s %s %s agreed, margin %s (+%d)", line_amount,
	    diff == 0 ? "equals the" : c->amount_ok ? "is within the margin of "
	    "the" : "differs from the", agreed, margin, pts);

	c->expected = nearest_due(a, l->date);
	if (c->expected == -1) {
		pts = 0;
		SAY("; no due date within %d days (+0)", WINDOW_DAYS);
	} else {
		days = l->date - c->expected;
		if (explain)
			hb_date_format(c->expected, due);
		pts = abs(days) <= a->day_margin ? 20 :
		    abs(days) <= 2 * a->day_margin + 3 ? 10 : 0;
		SAY("; due %s, %d day%s %s, margin %d (+%d)", due, abs(days),
		    abs(days) == 1 ? "" : "s", days < 0 ? "early" : days > 0 ?
		    "late" : "on time", a->day_margin, pts);
	}
	c->score += pts;

	pts = search_score(a->search, l->text, found, sizeof(found));
	c->score += pts;
	if (*a->search == '\0')
		SAY("; no search terms (+%d)", pts);
	else if (found[0] == '\0')
		SAY("; search terms '%s' not found (+0)", a->search);
	else
		SAY("; found %s of '%s' (+%d)", found, a->search, pts);
	SAY(" = %d", c->score);
#undef SAY
}

/* keep the best max candidates, best first */
static int
keep(struct hb_candidate *best, int n, int max, const struct hb_candidate *c)
{
	int i;

	if (n == max && best[max - 1].score >= c->score)
		return n;
	if (n < max)
		n++;
	for (i = n - 1; i > 0 && best[i - 1].score < c->score; i--)
		best[i] = best[i - 1];
	best[i] = *c;
	return n;
}

static void
household_code(const char **text, char code[10])
{
	const char *p = *text;
	int i;

	code[0] = '\0';
	while ((p = strstr(p, "HB-")) != NULL) {
		for (i = 3; i < 9 && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == 9 && !(p[9] >= '0' && p[9] <= '9')) {
			memcpy(code, p, 9);
			code[9] = '\0';
			*text = p + 9;
			return;
		}
		p += 3;
	}
	*text = p;
}


/* Whether agreement a can be the line's: its direction, valid around the
 * line's date. */
static int
fits(const struct agreement_row *a, const struct hb_matchline *l)
{
	return a->in == (l->cents > 0) &&
	    !(a->to != -1 && a->to < l->date - WINDOW_DAYS) &&
	    !(a->from > l->date + WINDOW_DAYS);
}

/* the households a line's evidence points at */
#define MAX_IDENT 4
struct ident {
	int64_t		 household;
	const char	*code;
	char		 why[160];
	struct ids	 terms;		/* agreements of identifying terms */
};

struct evidence {
	const struct hb_matcher	*m;
	struct ident		 id[MAX_IDENT];
	int			 n;
	int			 more;	/* households beyond MAX_IDENT */
	struct ids		 generic;	/* agreements of generic terms */
};

static struct ident *
identify(struct evidence *ev, int64_t household, const char *code,
    const char *why)
{
	struct ident *d;
	size_t len;
	int i;

	for (i = 0; i < ev->n && ev->id[i].household != household; i++)
		;
	if (i == ev->n) {
		if (ev->n == MAX_IDENT) {
			ev->more = 1;
			return NULL;
		}
		d = &ev->id[ev->n++];
		d->household = household;
		d->code = code;
		d->why[0] = '\0';
		d->terms.n = 0;
	}
	d = &ev->id[i];
	len = strlen(d->why);
	if (len + 4 < sizeof(d->why)) {
		if (len > 0) {
			memcpy(d->why + len, ", ", 3);
			len += 2;
		}
		snprintf(d->why + len, sizeof(d->why) - len, "%s", why);
	}
	return d;
}

/* A word of the line: an identifying term, a generic one, or neither. */
static void
line_word(void *arg, char *w)
{
	struct evidence *ev = arg;
	const struct hb_matcher *m = ev->m;
	const struct term_slot *t = term_slot(m, w);
	const struct agreement_row *a;
	struct ident *d;
	char why[160];
	uint32_t i;

	if (t->n == 0)
		return;
	if (t->households != GENERIC && t->households <=
	    (uint64_t)m->term_households) {
		a = &m->a[m->term[t->start].a];
		snprintf(why, sizeof(why), "'%s' belongs to %s's agreements "
		    "only", w, a->code);
		d = identify(ev, a->household, a->code, why);
		for (i = 0; d != NULL && i < t->n && i < 32; i++)
			add_id(&d->terms, m->term[t->start + i].a);
	} else if (t->n <= 32)
		for (i = t->n; i > 0; i--)
			add_id(&ev->generic, m->term[t->start + i - 1].a);
}

/* What the line's words, code and IBAN say about whose it is. */
static void
gather(const struct hb_matcher *m, const struct hb_matchline *l,
    struct evidence *ev)
{
	const struct keyed *own;
	const char *p = l->text;
	char code[10], why[160];
	size_t lo, hi, mid;
	int codes = 0;

	ev->m = m;
	ev->n = ev->more = 0;
	ev->generic.n = 0;
	if (m->term_households > 0)
		words(l->text, 64, line_word, ev);
	/* every household code in the text, a few at most */
	while (codes++ < 8 && (household_code(&p, code), code[0] != '\0')) {
		lo = 0;
		hi = m->nhh;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(m->hh[mid].key, code) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < m->nhh && strcmp(m->hh[lo].key, code) == 0) {
			snprintf(why, sizeof(why), "household code %s in the "
			    "description", code);
			identify(ev, m->hh[lo].household, m->hh[lo].code, why);
		}
	}
	if ((own = find_keyed(m->own, m->nown, l->counter_iban)) != NULL) {
		snprintf(why, sizeof(why), "IBAN %s is an own account of %s",
		    l->counter_iban, own->code);
		identify(ev, own->household, own->code, why);
	}
}

/* scores agreement a for the line, keeping the best max */
static int
consider(const struct hb_matcher *m, const struct agreement_row *a,
    const struct hb_matchline *l, struct hb_candidate *best, int n, int max)
{
	struct hb_candidate c;

	score(m, a, own_iban(m, a, l->counter_iban), l, &c, 0);
	return keep(best, n, max, &c);
}

/*
 * The household's agreements for the line, best first: those of the
 * identifying terms that fit, else those that fit by counterparty or
 * amount.  *by_term says which.
 */
static int
household_candidates(const struct hb_matcher *m, int64_t household,
    const struct ids *terms, const struct hb_matchline *l,
    struct hb_candidate *best, int max, int *by_term)
{
	const struct agreement_row *a;
	size_t lo = 0, hi = m->na, mid;
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;
	int i, n = 0;

	for (i = 0; terms != NULL && i < terms->n; i++)
		if (m->a[terms->id[i]].household == household &&
		    fits(&m->a[terms->id[i]], l))
			n = consider(m, &m->a[terms->id[i]], l, best, n, max);
	if ((*by_term = n > 0))
		return n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->a[m->by_hh[mid]].household < household)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* without a term, an agreement of the household is a candidate by
	 * its counterparty or its amount */
	for (; lo < m->na && m->a[m->by_hh[lo]].household == household; lo++) {
		a = &m->a[m->by_hh[lo]];
		if (fits(a, l) && (own_iban(m, a, l->counter_iban) > 0 ||
		    in_window(m, a, amount)))
			n = consider(m, a, l, best, n, max);
	}
	return n;
}

/* Whether the best leads clearly; with need_score, also scores enough. */
static int
clear_lead(const struct hb_matcher *m, const struct hb_candidate *best, int n,
    int need_score)
{
	return n > 0 && (!need_score || best[0].score >= m->book_score) &&
	    (n == 1 || best[0].score - best[1].score >= m->book_gap);
}

/* the reason of each candidate kept, after what identified the household */
static void
explain(const struct hb_matcher *m, const struct hb_matchline *l,
    struct hb_candidate *best, int n, const char *evidence)
{
	char reason[sizeof(best->reason)];
	const struct agreement_row *a;
	int i;

	for (i = 0; i < n; i++) {
		a = &m->a[find_id(m, best[i].agreement)];
		score(m, a, own_iban(m, a, l->counter_iban), l, &best[i], 1);
		if (evidence == NULL || *evidence == '\0')
			continue;
		snprintf(reason, sizeof(reason), "%s; %s", evidence,
		    best[i].reason);
		memcpy(best[i].reason, reason, sizeof(reason));
	}
}

int
hb_match(struct hb_ctx *ctx, const struct hb_matchline *l,
    struct hb_candidate *best, int max, struct hb_match_verdict *v,
    struct hb_err *e)
{
	struct hb_matcher *m;
	struct hb_candidate one[2];
	struct evidence ev;
	const struct ident *d = NULL;
	size_t len = 0;
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;
	int i, n = 0, by_term = 0;

	v->outcome = HB_MATCH_NONE;
	v->household = -1;
	v->households = 0;
	v->evidence[0] = '\0';
	if (matcher(ctx, &m, e) == -1)
		return -1;
	gather(m, l, &ev);
	v->households = ev.n + ev.more;
	for (i = 0; i < ev.n; i++)
		if (len < sizeof(v->evidence))
			len += (size_t)snprintf(v->evidence + len,
			    sizeof(v->evidence) - len, "%s%s", i ? "; " : "",
			    ev.id[i].why);

	if (l->account_household >= 0) {
		/* the household's own managed account: only the agreement */
		for (i = 0; i < ev.n && ev.id[i].household !=
		    l->account_household; i++)
			;
		d = i < ev.n ? &ev.id[i] : NULL;
		v->household = l->account_household;
		if (d == NULL && ev.n > 0) {
			/* another household's identifier on this one's
			 * account: whose agreement it is, a person decides */
			v->outcome = HB_MATCH_HOUSEHOLD;
			for (i = 0; i < ev.n; i++)
				if (household_candidates(m, ev.id[i].household,
				    &ev.id[i].terms, l, one, 1, &by_term) == 1)
					n = keep(best, n, max, &one[0]);
			snprintf(v->evidence, sizeof(v->evidence), "on the "
			    "managed account of another household than the "
			    "line names: %s", ev.id[0].why);
			explain(m, l, best, n, v->evidence);
			return n;
		}
		n = household_candidates(m, l->account_household,
		    d ? &d->terms : NULL, l, best, max, &by_term);
		v->outcome = clear_lead(m, best, n, !by_term) ?
		    HB_MATCH_AGREEMENT : HB_MATCH_HOUSEHOLD;
		explain(m, l, best, v->outcome == HB_MATCH_AGREEMENT ? 1 : n,
		    d ? d->why : NULL);
		return n;
	}
	if (ev.n == 1 && !ev.more) {
		/* one household: its agreement, whatever the amount */
		d = &ev.id[0];
		v->household = d->household;
		n = household_candidates(m, d->household, &d->terms, l, best,
		    max, &by_term);
		v->outcome = clear_lead(m, best, n, !by_term) ?
		    HB_MATCH_AGREEMENT : HB_MATCH_HOUSEHOLD;
		explain(m, l, best, v->outcome == HB_MATCH_AGREEMENT ? 1 : n,
		    d->why);
		return n;
	}
	if (ev.n > 1) {
		/* more households: each one's best agreement, booked none */
		v->outcome = HB_MATCH_AMBIGUOUS;
		for (i = 0; i < ev.n; i++)
			if (household_candidates(m, ev.id[i].household,
			    &ev.id[i].terms, l, one, 1, &by_term) == 1)
				n = keep(best, n, max, &one[0]);
		explain(m, l, best, n, v->evidence);
		return n;
	}
	/* nothing identifies a household: suggestions only */
	for (i = 0; i < ev.generic.n; i++)
		if (fits(&m->a[ev.generic.id[i]], l) &&
		    in_window(m, &m->a[ev.generic.id[i]], amount))
			n = consider(m, &m->a[ev.generic.id[i]], l, best, n,
			    max);
	if (*l->counter_iban != '\0') {
		by_term = ev.generic.n;
		iban_candidates(m, l->counter_iban, l->cents > 0, amount,
		    &ev.generic);
		for (i = by_term; i < ev.generic.n; i++)
			if (fits(&m->a[ev.generic.id[i]], l))
				n = consider(m, &m->a[ev.generic.id[i]], l,
				    best, n, max);
	}
	explain(m, l, best, n, "no evidence points at one household");
	return n;
}
