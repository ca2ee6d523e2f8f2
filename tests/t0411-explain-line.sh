#!/bin/sh
# hb-explain L<id>: why a bank line was booked where it was, with its
# score and what else fitted.  Two households pay the same phone company
# the same amount; a line on the pooled account fits both equally, so it
# waits for a person, who books it by hand.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
ex=$top_srcdir/share/hb/examples
POOL=NL64BNGH0285126628

hb-household -q init
hb-household -q intake "$ex/municipality.csv"
hb-import -q "$ex"/camt053-$POOL-2026-11.xml
hb-household -q add organisation name=KPN kind=other iban=NL32INGB0007777777
for h in HB-000001 HB-000002; do
	hb-household -q add agreement household=$h kind=other_fixed \
	    organisation=KPN amount=20.00 schedule=monthly:10 \
	    valid_from=2026-12-01 description="Telefoon KPN"
done
f=$T/dec.xml
camt_begin "$f" $POOL DEC-1 1882.65 2026-12-01 1862.65 2026-12-10
camt_entry "$f" 20.00 DBIT 2026-12-10 D-1 NL32INGB0007777777 KPN "factuur december"
camt_end "$f"
hb-import -q "$f" 2>/dev/null
line=$("$SQLITE3" "$HB_DB" "SELECT 'L' || max(id) FROM bank_line")

run hb-explain "$line"
status_is 0 "an unbooked line is explained"
out_has "Outcome: booked to no household: a person looks" "it was booked nowhere"
out_has "2 agreements fit the line, none well enough and clearly enough to book it" \
    "because two agreements fit"
check "both are named as suggestions with their scores" \
    test "$(grep -c '  - suggestion: HB-00000[12], agreement A[0-9]* (Telefoon KPN), score ' "$T/out")" -eq 2
out_has "and 10 more than any other agreement, the line would have been booked to it" \
    "what would have booked it"
out_has "advisory: a person decides" "a person decides"

a=$("$SQLITE3" "$HB_DB" "SELECT a.id FROM agreement a JOIN household h ON
    h.id = a.household_id WHERE h.code = 'HB-000002' AND a.description =
    'Telefoon KPN'")
hb-import -q book "${line#L}" "$a" "factuur KPN-nummer van Mw. El Amrani"
run hb-explain "$line"
status_is 0 "a line booked by hand is explained"
out_has "Outcome: booked to HB-000002, agreement A$a (Telefoon KPN)" \
    "to the household a person chose"
out_has "A caseworker booked the line by hand, with a reason" "by hand"
out_has "factuur KPN-nummer van Mw. El Amrani" "with the caseworker's reason"
out_has "  - runner-up: HB-000001, agreement" "the other agreement is the runner-up"
run hb-explain -o json "$line"
status_is 0 "as JSON"
out_has '"what": "runner_up"' "the runner-up is in the JSON"
out_has '"kind": "line"' "as a line"
run hb-explain -f letter "$line"
status_is 1 "a booking gets no letter"
done_testing
