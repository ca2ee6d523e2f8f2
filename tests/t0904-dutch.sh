#!/bin/sh
# Dutch for the caseworker: every message marked for translation has its
# Dutch text; under LC_ALL=nl_NL.UTF-8 each command speaks Dutch and under
# LC_ALL=C.UTF-8 English; machine output (tsv, csv, json) and what the
# store keeps are the same under both.
. "$top_srcdir/tests/lib.sh"
need_sqlite3

# --- the catalogue covers every marked message ------------------------------
# the keywords of "make update-po" (Makefile.am)
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1
then
	(cd "$top_srcdir" && xgettext --from-code=UTF-8 --keyword=_ \
	    --keyword=N_ --keyword=P_:1,2 --keyword=hb_error:2 \
	    --keyword=hb_error_at:5 -f po/POTFILES.in -o "$T/fresh.pot")
	run msgcmp "$top_srcdir/po/nl.po" "$T/fresh.pot"
	status_is 0 "every marked message is in nl.po (else: make update-po)"
	run msgfmt -c --statistics -o /dev/null "$top_srcdir/po/nl.po"
	check "none of them is fuzzy or untranslated" \
	    sh -c '! grep -Eq "fuzzy|untranslated" "$1"' x "$T/err"
	# every file with marked text is in POTFILES.in
	for f in "$top_srcdir"/cmd/*.c "$top_srcdir"/lib/*.c; do
		rel=${f#"$top_srcdir"/}
		if grep -Eq '(^|[^A-Za-z])(_|N_|P_)\("' "$f" &&
		    ! grep -qx "$rel" "$top_srcdir/po/POTFILES.in"; then
			fail "$rel has marked text but is not in po/POTFILES.in"
		fi
	done
	pass "every file with marked text is in po/POTFILES.in"
else
	skip "xgettext or msgcmp not installed"
	skip "xgettext or msgcmp not installed"
	skip "xgettext or msgcmp not installed"
fi

if ! locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$' ||
    ! locale -a 2>/dev/null | grep -qi '^C\.utf-\?8$'; then
	skip "no nl_NL.UTF-8 or C.UTF-8 locale (build-aux/deps.sh makes it)"
	done_testing
	exit 0
fi
EX=$top_srcdir/share/hb/examples

# both DUTCH ENGLISH DESCRIPTION cmd...: the command, first in Dutch, then
# in English; each says its own words on stdout or stderr
both() {
	nl=$1 en=$2 desc=$3
	shift 3
	LC_ALL=nl_NL.UTF-8 run "$@"
	cat "$T/out" "$T/err" >"$T/nl"
	check "$desc: Dutch under nl_NL.UTF-8 ('$nl')" grep -qF -- "$nl" "$T/nl"
	check "$desc: no English under nl_NL.UTF-8" \
	    sh -c '! grep -qF -- "$1" "$2"' x "$en" "$T/nl"
	LC_ALL=C.UTF-8 run "$@"
	cat "$T/out" "$T/err" >"$T/en"
	check "$desc: English under C.UTF-8 ('$en')" grep -qF -- "$en" "$T/en"
}

for cmd in hb-household hb-import hb-plan hb-explain hb-escalate \
    hb-overview; do
	both "gebruik: $cmd" "usage: $cmd" "$cmd --help" $cmd --help
done
both "geen opslag op" "no store at" "hb-household list without a store" \
    hb-household list

# init and intake in English on a store of their own
HB_DB=$T/en.db LC_ALL=C.UTF-8 run hb-household init
out_has "ready, 41 parameters added" "hb-household init in English"
HB_DB=$T/en.db LC_ALL=C.UTF-8 run hb-household intake "$EX/municipality.csv"
out_has "50 records registered" "hb-household intake in English"
LC_ALL=nl_NL.UTF-8 run hb-household init
out_has "klaar, 41 parameters toegevoegd" "hb-household init in Dutch"
LC_ALL=nl_NL.UTF-8 run hb-household intake "$EX/municipality.csv"
out_has "50 gegevens vastgelegd" "hb-household intake in Dutch"
both "verplicht veld 'kind' ontbreekt voor afspraak" \
    "missing required field 'kind' for agreement" \
    "hb-household add: a usage error" \
    hb-household add agreement household=HB-000001
both "onbekend huishouden 'HB-000099'" "unknown household 'HB-000099'" \
    "hb-household show: an error from lib" hb-household show HB-000099
both "Afspraken" "Agreements" "hb-household show: the titles" \
    hb-household show HB-000002
both "samenstelling" "composition" "hb-household list: the header" \
    hb-household list
both "alleenstaande_ouder" "single_parent" \
    "hb-household list: a composition, in the words hb takes" \
    hb-household list
both "huur" "rent" "hb-household list agreements: a kind" \
    hb-household list agreements HB-000002
both "onbekend formaat 'x'" "unknown format 'x'" "hb-import -F" \
    hb-import -F x "$EX/municipality.csv"
LC_ALL=C run hb-import -q "$EX"/camt053-*.xml
both "een voorbeeld: er is niets bewaard" "a preview: nothing was kept" \
    "hb-plan -n" hb-plan -n HB-000002
both "saldo_na" "balance_after" "hb-plan -n: the header" \
    hb-plan -n HB-000002
both "beginsaldo" "opening" "hb-plan -n: the summary" hb-plan -n HB-000002
LC_ALL=C run hb-plan run -a -q
both "Uitkomst" "Outcome" "hb-explain" hb-explain D1
both "Overzicht van 2026-12: 3 huishoudens" "Overview of 2026-12: 3 households" \
    "hb-overview -p" hb-overview -p
both "ongeldige status 'x'" "invalid status 'x'" "hb-escalate list -s" \
    hb-escalate list -s x
LC_ALL=nl_NL.UTF-8 run hb-escalate file HB-000003 \
    on_behalf_of=debt_counsellor category=collection_too_hard urgency=normal \
    reason='de aflossing is te hoog'
out_has "escalatie 1 ingediend voor HB-000003" "hb-escalate file in Dutch"
LC_ALL=C.UTF-8 run hb-escalate comment 1 "gebeld"
out_has "comment added to escalation 1" "hb-escalate comment in English"

# --- machine output and the store do not depend on the language -----------
same() {
	desc=$1
	shift
	LC_ALL=nl_NL.UTF-8 run "$@"
	cp "$T/out" "$T/nl"
	LC_ALL=C.UTF-8 run "$@"
	check "$desc: the same under nl_NL.UTF-8 and C.UTF-8" \
	    cmp -s "$T/nl" "$T/out"
}
# a decision's outcome: the plan records it in English, with a key and its
# arguments; people read it in their language, machines the record
both "€ 190,00 aan S. El Amrani, met een buffervoorschot" \
    "€ 190,00 to S. El Amrani with a buffer advance" \
    "hb-plan HB-000002: an outcome" hb-plan -w HB-000002
both "buffervoorschot terugbetaald: € " "buffer advance repaid: € " \
    "hb-plan decisions: an outcome" hb-plan -w decisions HB-000002
d=$("$SQLITE3" "$HB_DB" "SELECT max(d.id) FROM decision d JOIN plan p ON
    p.id = d.plan_id WHERE d.rule = 'PAY-BUFFER' AND p.superseded_by IS NULL")
both "Uitkomst: Leefgeld" "Outcome: Leefgeld" "hb-explain D$d: the outcome" \
    hb-explain "D$d"
both "aan S. El Amrani, met een buffervoorschot" \
    "to S. El Amrani with a buffer advance" \
    "hb-explain HB-000002: the month's outcomes" hb-explain HB-000002 2026-12
both "buffervoorschot € " "buffer advance € " \
    "hb-import signals HB-000002: a planner's signal" \
    hb-import -w signals HB-000002
LC_ALL=nl_NL.UTF-8 run hb-plan -o tsv decisions HB-000002
out_has "to S. El Amrani with a buffer advance" \
    "tsv keeps the outcome as recorded, in English"
same "hb-household -o tsv list" hb-household -o tsv list
same "hb-household -o json show" hb-household -o json show HB-000002
same "hb-import -o csv lines" hb-import -o csv lines
same "hb-plan -o tsv" hb-plan -o tsv HB-000002
same "hb-plan -o json decisions" hb-plan -o json decisions HB-000003
same "hb-overview -p -o tsv" hb-overview -p -o tsv
same "hb-escalate -o json list" hb-escalate -o json list
same "hb-explain -o json" hb-explain -o json D1

LC_ALL=nl_NL.UTF-8 run hb-household show HB-000099
LC_ALL=nl_NL.UTF-8 run hb-household -o tsv list audit
check "the audit log keeps a failure in English under nl_NL.UTF-8" \
    test "$(grep '	show	' "$T/out" | tail -n 1 | cut -f6,7)" = \
    "error	field 'household': unknown household 'HB-000099'"
run hb-household verify-audit
status_is 0 "the audit log is intact"

done_testing
