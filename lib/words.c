/*
 * words.c - the caseworker's words.  A caseworker types kind=huur,
 * composition=alleenstaande_ouder, schedule=maandelijks:1, an amount as
 * "€ 24,75" and a date as 1-12-2026; the store keeps the language-neutral
 * values (rent, single_parent, monthly:1, 24,75, 2026-12-01).  Every
 * record passes through hb_field_set, from the command line, a prompt or
 * the intake CSV, so this is the one place that translates.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hb.h"

struct word {
	const char *nl, *value;
};

/* kinds of agreements, organisations and accounts, and compositions */
static const struct word words[] = {
	{ "huur", "rent" },
	{ "energie", "energy" },
	{ "zorgverzekering", "health_insurance" },
	{ "zorgpremie", "health_insurance" },
	{ "overige_vaste_lasten", "other_fixed" },
	{ "vaste_last", "other_fixed" },
	{ "reservering", "reservation" },
	{ "aflossing", "repayment" },
	{ "verrekening", "offset" },
	{ "beslag", "collection" },
	{ "inning", "collection" },
	{ "salaris", "salary" },
	{ "loon", "salary" },
	{ "uitkering", "benefit" },
	{ "overig_inkomen", "other_income" },
	{ "verhuurder", "landlord" },
	{ "woningcorporatie", "landlord" },
	{ "energieleverancier", "energy" },
	{ "waterbedrijf", "water" },
	{ "zorgverzekeraar", "insurer" },
	{ "uitkeringsinstantie", "benefit_agency" },
	{ "werkgever", "employer" },
	{ "gemeente", "municipality" },
	{ "schuldeiser", "creditor" },
	{ "overig", "other" },
	{ "overige", "other" },
	{ "beheerd", "managed" },
	{ "beheerrekening", "managed" },
	{ "derdengelden", "pooled" },
	{ "derdengeldenrekening", "pooled" },
	{ "eigen", "own" },
	{ "alleenstaande", "single" },
	{ "alleenstaande_ouder", "single_parent" },
	{ "stel", "couple" },
	{ "echtpaar", "couple" },
	{ "stel_met_kinderen", "couple_children" },
	{ "gezin", "couple_children" },
};

static const char *const days_nl[] = {
	"ma", "di", "wo", "do", "vr", "za", "zo" };
static const char *const days[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static const struct word schedules[] = {
	{ "maandelijks:", "monthly:" },
	{ "wekelijks:", "weekly:" },
	{ "vierwekelijks:", "4weekly:" },
	{ "jaarlijks:", "yearly:" },
	{ "eenmalig:", "once:" },
};

static int
is_date_field(const char *key)
{
	return strcmp(key, "start") == 0 || strcmp(key, "end") == 0 ||
	    strcmp(key, "valid_from") == 0 || strcmp(key, "valid_to") == 0;
}

static int
is_amount_field(const char *key)
{
	return strcmp(key, "amount") == 0 || strcmp(key, "buffer_limit") == 0 ||
	    strcmp(key, "amount_margin") == 0 ||
	    strcmp(key, "claim_total") == 0 ||
	    strcmp(key, "protected_notice") == 0;
}

/* D-M-YYYY or DD-MM-YYYY (also with '/' or '.') as YYYY-MM-DD */
static int
dutch_date(const char *s, char *out, size_t sz)
{
	int d, m, y, n = 0;
	char s1, s2;

	if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &s1, &m, &s2, &y, &n) != 5 ||
	    s[n] != '\0' || s1 != s2 || strchr("-/.", s1) == NULL ||
	    strlen(s) < 8 || !isdigit((unsigned char)s[strlen(s) - 4]))
		return 0;
	snprintf(out, sz, "%04d-%02d-%02d", y, m, d);
	return 1;
}

const char *
hb_word(const char *key, const char *val, char *buf, size_t sz)
{
	const char *p;
	size_t i, n;

	if (val == NULL || *val == '\0')
		return val;
	if (strcmp(key, "kind") == 0 || strcmp(key, "composition") == 0) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strcasecmp(val, words[i].nl) == 0)
				return words[i].value;
		return val;
	}
	if (is_date_field(key))
		return dutch_date(val, buf, sz) ? buf : val;
	if (is_amount_field(key)) {
		/* "€ 24,75", "EUR 24,75", "€24,75" */
		p = val;
		if (strncmp(p, "\xe2\x82\xac", 3) == 0)
			p += 3;
		else if (strncasecmp(p, "eur", 3) == 0)
			p += 3;
		while (*p == ' ')
			p++;
		if (p == val)
			return val;
		snprintf(buf, sz, "%s", p);
		return buf;
	}
	if (strcmp(key, "schedule") != 0)
		return val;
	for (i = 0; i < sizeof(schedules) / sizeof(schedules[0]); i++) {
		n = strlen(schedules[i].nl);
		if (strncasecmp(val, schedules[i].nl, n) != 0)
			continue;
		p = val + n;
		if (strcmp(schedules[i].value, "weekly:") == 0) {
			for (n = 0; n < 7; n++)
				if (strcasecmp(p, days_nl[n]) == 0)
					p = days[n];
		} else if (dutch_date(p, buf, sz)) {
			char date[HB_DATE_LEN];

			snprintf(date, sizeof(date), "%s", buf);
			snprintf(buf, sz, "%s%s", schedules[i].value, date);
			return buf;
		}
		snprintf(buf, sz, "%s%s", schedules[i].value, p);
		return buf;
	}
	return val;
}

/* the Dutch words for the values of field (kind, composition, schedule) */
const char *const *
hb_field_words(const char *field)
{
	static const char *kinds[sizeof(words) / sizeof(words[0]) + 1];
	static const char *scheds[sizeof(schedules) / sizeof(schedules[0]) + 1];
	size_t i;

	if (strcmp(field, "kind") == 0 || strcmp(field, "composition") == 0) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			kinds[i] = words[i].nl;
		return kinds;
	}
	if (strcmp(field, "schedule") == 0) {
		for (i = 0; i < sizeof(schedules) / sizeof(schedules[0]); i++)
			scheds[i] = schedules[i].nl;
		return scheds;
	}
	return NULL;
}
