/*
 * Matching a bank line to a household and agreement.
 *
 * The agreements are read once an invocation (hb-import changes none) into
 * memory, with sorted arrays to find them by search term, household code,
 * IBAN and organisation, so that a pooled account of thousands of
 * households costs a few binary searches per line:
 *
 *   - agreements one of whose search terms is a word of the line's
 *     description, where that term is selective (at most 32 agreements
 *     share it), and the agreements of a household code (HB-NNNNNN) in the
 *     description;
 *   - agreements with the line's counterparty IBAN (or another IBAN of the
 *     same organisation) whose amount is within the widest amount margin
 *     of the line's amount (at most 16 of them).
 *
 * Of those, the agreements in the line's direction, valid around its date,
 * on a per-household account of that household, and with an amount within
 * 20% of the line's are scored: further off, a line is not that
 * agreement's payment whatever else fits.
 *
 * Every candidate is scored out of 100, and each part of the score is
 * written down, so that the caseworker (and hb-explain) can read why:
 *
 *	counterparty IBAN	35 the agreement's own, 25 the organisation's
 *	amount			30 exact, 20-29 within the margin (less
 *				the nearer its edge), 10 within 20%
 *	date			20 within the day margin of a due date,
 *				10 within twice that plus 3 days
 *	search terms		15 all found, 8 some (or none defined)
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
	uint32_t	*by_code;	/* by household code, then id */
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
	free(m->by_code);
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

/* The sort orders of the index arrays. */
static int
cmp_code(const void *x, const void *y, void *arg)
{
	const struct agreement_row *a = arg;
	const struct agreement_row *p = &a[*(const uint32_t *)x];
	const struct agreement_row *r = &a[*(const uint32_t *)y];
	int c = p->code == r->code ? 0 : strcmp(p->code, r->code);

	return c != 0 ? c : (p->id > r->id) - (p->id < r->id);
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

/* Sorted, unless it is already (by code it mostly is: ids follow codes). */
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
	rc = load_orgs(ctx, m, &orgs, &norgs, e);
	if (rc != -1)
		rc = load_agreements(ctx, m, orgs, norgs, e);
	free(orgs);
	if (rc != -1)
		index_ids(m);
	if (rc == -1 || load_terms(ctx, m, e) == -1) {
		hb_match_free(m);
		return -1;
	}
	hash_terms(m);
	m->by_code = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	m->by_iban = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	m->by_org = xreallocarray(NULL, m->na + 1, sizeof(uint32_t));
	for (i = 0; i < m->na; i++) {
		m->by_code[i] = (uint32_t)i;
		if (*m->a[i].iban != '\0')
			m->by_iban[m->niban++] = (uint32_t)i;
		if (m->a[i].org >= 0)
			m->by_org[m->norg++] = (uint32_t)i;
	}
	sort_index(m->by_code, m->na, cmp_code, m->a);
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

/* The words of a description, lower case, as search terms are kept. */
static void
term_candidates(const struct hb_matcher *m, const char *text, struct ids *ids)
{
	char *copy = xstrdup(text), *p = copy, *w, *c;
	const struct term_slot *t;
	uint32_t found[33];
	size_t i, n;
	int words = 0;

	while (words < 64 && (w = strsep(&p, " \t,;:()[]{}<>\"'")) != NULL) {
		for (c = w; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		while (c > w && c[-1] == '.')
			*--c = '\0';
		if (*w == '\0')
			continue;
		words++;
		if ((t = term_slot(m, w))->n == 0 || t->n > 32)
			continue;
		for (i = 0, n = t->n; i < n; i++)
			found[i] = m->term[t->start + i].a;
		add_found(ids, found, n, 32);
	}
	free(copy);
}

static void
code_candidates(const struct hb_matcher *m, const char *code, struct ids *ids)
{
	uint32_t found[65];
	size_t lo = 0, hi = m->na, mid, n = 0;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->a[m->by_code[mid]].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->na && n < 65 && strcmp(m->a[m->by_code[lo]].code,
	    code) == 0; lo++)
		found[n++] = m->by_code[lo];
	add_found(ids, found, n, 64);
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
score(const struct agreement_row *a, int iban_fit,
    const struct hb_matchline *l, struct hb_candidate *c, int explain)
{
	char line_amount[HB_MONEY_LEN], agreed[HB_MONEY_LEN], margin[HB_MONEY_LEN];
	char due[HB_DATE_LEN], found[256];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents, diff;
	size_t len = 0;
	int pts, days;

	c->agreement = a->id;
	c->household = a->household;
	c->score = 0;
	c->reason[0] = '\0';
#define SAY(...) (explain ? len += (size_t)snprintf(c->reason + len, \
    len < sizeof(c->reason) ? sizeof(c->reason) - len : 0, __VA_ARGS__) : 0)

	SAY("agreement %lld (%s, %s %s): ", (long long)a->id, a->code, a->kind,
	    *a->org_name ? a->org_name : "own account");
	if (*l->counter_iban == '\0')
		pts = 0, SAY("no counterparty IBAN, household code in the "
		    "description (+0)");
	else if (iban_fit == 2)
		pts = 35, SAY("IBAN %s is the agreement's (+35)",
		    l->counter_iban);
	else if (iban_fit == 1)
		pts = 25, SAY("IBAN %s is one of %s's (+25)", l->counter_iban,
		    a->org_name);
	else
		pts = 0, SAY("IBAN %s is not the agreement's, household code "
		    "in the description (+0)", l->counter_iban);
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
	    diff * 5 <= a->amount ? 10 : 0;
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
household_code(const char *text, char code[10])
{
	const char *p = text;
	int i;

	code[0] = '\0';
	while ((p = strstr(p, "HB-")) != NULL) {
		for (i = 3; i < 9 && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == 9 && !(p[9] >= '0' && p[9] <= '9')) {
			memcpy(code, p, 9);
			code[9] = '\0';
			return;
		}
		p += 3;
	}
}

/* 1 when agreement a is a candidate for the line, with its score */
static int
candidate(const struct hb_matcher *m, const struct agreement_row *a,
    const struct hb_matchline *l, struct hb_candidate *c, int explain)
{
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;

	/* the direction, the account's household, the amount within 20%,
	 * and valid around the line's date */
	if (a->in != (l->cents > 0) || (l->account_household >= 0 &&
	    a->household != l->account_household) ||
	    a->amount < amount - amount / 5 || a->amount > amount + amount / 5 ||
	    (a->to != -1 && a->to < l->date - WINDOW_DAYS) ||
	    a->from > l->date + WINDOW_DAYS)
		return 0;
	score(a, own_iban(m, a, l->counter_iban), l, c, explain);
	return 1;
}

int
hb_match(struct hb_ctx *ctx, const struct hb_matchline *l,
    struct hb_candidate *best, int max, struct hb_err *e)
{
	struct hb_matcher *m;
	struct hb_candidate c;
	struct ids ids = { .n = 0 };
	char code[10];
	int64_t amount = l->cents < 0 ? -l->cents : l->cents;
	int i, n = 0, scored;

	if (matcher(ctx, &m, e) == -1)
		return -1;
	household_code(l->text, code);
	term_candidates(m, l->text, &ids);
	if (code[0] != '\0')
		code_candidates(m, code, &ids);
	for (i = 0; i < ids.n; i++)
		if (candidate(m, &m->a[ids.id[i]], l, &c, 0))
			n = keep(best, n, max, &c);
	/*
	 * By IBAN: not needed when a search term or household code already
	 * found an agreement that fits on IBAN, amount and date (85 points or
	 * more): no candidate without a term in the description can beat
	 * that.
	 */
	if (!(n > 0 && best[0].score >= 85) && *l->counter_iban != '\0') {
		scored = ids.n;
		iban_candidates(m, l->counter_iban, l->cents > 0, amount, &ids);
		for (i = scored; i < ids.n; i++)
			if (candidate(m, &m->a[ids.id[i]], l, &c, 0))
				n = keep(best, n, max, &c);
	}
	/* the reasons: of the one booked, else of each suggestion */
	for (i = 0; i < (hb_match_books(best, n) ? 1 : n); i++)
		candidate(m, &m->a[find_id(m, best[i].agreement)], l, &best[i],
		    1);
	return n;
}

int
hb_match_books(const struct hb_candidate *best, int n)
{
	return n > 0 && best[0].score >= HB_MATCH_BOOK &&
	    (n == 1 || best[0].score - best[1].score >= HB_MATCH_GAP);
}
