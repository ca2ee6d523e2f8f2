#!/bin/sh
# hb-import: matching signals, booking by hand, income statements with
# consent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
EXTRA_TABLES="import statement bank_line line_match signal income_statement"
ex=$top_srcdir/share/hb/examples
POOL=NL64BNGH0285126628

hb-household -q init
hb-household -q intake "$ex/municipality.csv"
hb-import -q "$ex"/camt053-$POOL-2026-11.xml

# December on the pooled account: a UWV payment far above the agreement,
# a second water payment in the same period, a stranger, and a line that
# names a household but no agreement.
f=$T/dec.xml
camt_begin "$f" $POOL DEC-1 1882.65 2026-12-01 3425.67 2026-12-23
camt_entry "$f" 1500.00 CRDT 2026-12-22 D-1 NL07INGB0003481127 UWV "WW-uitkering 3381470 december"
camt_entry "$f" 24.75 DBIT 2026-12-23 D-2 NL77ABNA0431927758 "Waterbedrijf Midden" "Debiteur 2210448 drinkwater december"
camt_entry "$f" 24.75 DBIT 2026-12-23 D-3 NL77ABNA0431927758 "Waterbedrijf Midden" "Debiteur 2210448 drinkwater december"
camt_entry "$f" 50.00 CRDT 2026-12-23 D-4 NL91ABNA0417164300 "Onbekend" "gift"
camt_entry "$f" 42.52 CRDT 2026-12-23 D-5 "" "Kerstpakket" "kerstpakket HB-000002"
camt_end "$f"
run hb-import -o tsv "$f"
status_is 3 "signals and unmatched lines: exit 3"
out_has "	5	5	0	3	2	" "five lines: three matched, two unmatched"
run hb-import -o tsv signals
out_has "HB-000001	amount_deviation" "an amount outside the margin is signalled"
out_has "amount 1500.00 differs from the 1412.37 agreed, margin 5.00 (+10)" \
    "the signal says by how much"
out_has "HB-000001	unexpected_payment" "a second payment in one period is signalled"
out_has "unknown_counterparty" "an unknown counterparty is signalled"
out_has "NL91ABNA0417164300 (Onbekend)" "with its IBAN and name"

run hb-import -o tsv unmatched
out_has "	50.00	NL91ABNA0417164300	Onbekend	gift	" "the stranger's line waits for a person"
id=$(awk -F'\t' '$7 == "gift" { print $1; exit }' "$T/out")
check "the unmatched line has an id" test -n "$id"

# booking by hand needs a reason and is audited
run hb-import book "$id" HB-000001 ""
status_is 1 "a booking without a reason is refused"
err_has "needs a reason" "it says so"
run hb-import book "$id" HB-000001 "gift from a neighbour, confirmed by phone"
status_is 0 "a line booked to a household by hand"
out_is "the booking is confirmed" <<OUT
line $id booked
OUT
run hb-import -o tsv lines HB-000001
check "the line now belongs to HB-000001, booked by hand" \
    grep -q "^$id	.*	HB-000001		manual	100	gift from a neighbour" "$T/out"
run hb-household -o tsv list audit HB-000001
out_has "book line	HB-000001	ok	line $id to HB-000001: gift from a neighbour" \
    "the audit log records who booked what and why"
run hb-import book 99999 HB-000001 "x"
status_is 1 "an unknown line is refused"
run hb-import book "$id" 9999 "x"
status_is 1 "an unknown agreement is refused"
err_has "unknown agreement 9999" "it names the agreement"

# income statements: only with consent for that source
cat >"$T/income.csv" <<'CSV'
household,source,period,net,pay_date
HB-000002,Bakkerij Van Dam B.V.,2026-12,948.20,2026-12-24
CSV
run hb-import -o tsv "$T/income.csv"
status_is 0 "an income statement with consent is imported"
out_has "	income	0	1	1	0	" "as income data"
run hb-import -o tsv income
out_has "HB-000002	Bakkerij Van Dam B.V.	2026-12	948.20	2026-12-24" \
    "the statement is stored with its consent"
run hb-plan run -o tsv HB-000002
out_has "2026-12-24	income	Bakkerij Van Dam B.V.	948.20" \
    "the planner expects the announced amount on the announced day"
out_has "INCOME-STATEMENT" "and names the income statement as its source"

before=$(store_dump)
cat >"$T/noconsent.csv" <<'CSV'
household,source,period,net,pay_date
HB-000002,Bakkerij Van Dam B.V.,2027-01,948.20,2027-01-25
HB-000001,Bakkerij Van Dam B.V.,2026-12,500.00,2026-12-24
CSV
run hb-import "$T/noconsent.csv"
status_is 1 "an income statement without consent is refused"
err_has "noconsent.csv:3: field 'source': HB-000001 has given no consent for income data from 'Bakkerij Van Dam B.V.' on 2026-12-24" \
    "the error names the line, the household and the source"
check "nothing of the file is imported" test "$(store_dump)" = "$before"
printf 'household,source,period,net,pay_date\nHB-000002,Bakkerij Van Dam B.V.,2026-13,1,2026-12-24\n' >"$T/badperiod.csv"
run hb-import "$T/badperiod.csv"
status_is 1 "a bad period is refused"
err_has "badperiod.csv:2: field 'period': invalid period '2026-13'" "with its line"
done_testing
