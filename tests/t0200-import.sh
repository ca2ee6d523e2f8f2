#!/bin/sh
# hb-import: the example municipality's statements, deduplication,
# reconciliation, dry runs and refusals.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
EXTRA_TABLES="import statement bank_line line_match signal"
ex=$top_srcdir/share/hb/examples
POOL=NL64BNGH0285126628

hb-household -q init
hb-household -q intake "$ex/municipality.csv"

run hb-import "$ex"/camt053-*-2026-09.xml "$ex"/camt053-*-2026-10.xml \
    "$ex"/camt053-*-2026-11.xml
status_is 0 "the example statements import with exit 0"
err_is_empty "nothing needs a person"
out_has "camt.053.001.02" "the format is named"
run hb-import -o tsv imports
check "six files were imported" test "$(tail -n +2 "$T/out" | wc -l)" -eq 6
run hb-import -o tsv lines
check "101 lines" test "$(tail -n +2 "$T/out" | wc -l)" -eq 101
check "every line is booked to a household and agreement" \
    sh -c 'tail -n +2 "$1" | awk -F"\t" "\$8 == \"\" || \$9 == \"\" { exit 1 }"' x "$T/out"
run hb-import -o csv lines HB-000003
check "a debit is a plain negative number in csv, summable by a spreadsheet" \
    grep -q ',-[0-9][0-9]*\.[0-9][0-9],' "$T/out"
out_lacks ",\"'-" "no amount is turned into text by the formula guard"
run hb-import -o tsv lines HB-000003
check "household 3's own managed account: 27 lines" \
    test "$(tail -n +2 "$T/out" | wc -l)" -eq 27
run hb-import -o tsv unmatched
check "nothing is unmatched" test "$(wc -l <"$T/out")" -eq 1
"$SQLITE3" "$HB_DB" "SELECT reason FROM line_current l JOIN agreement a ON
    a.id = l.agreement_id WHERE a.kind = 'benefit' AND l.cents = 49383 AND
    l.booking_date = '2026-10-20'" >"$T/out"
out_has "5 days late, margin 3 (+10)" "the late bijstand is matched, and the reason says it was late"
out_has "IBAN NL56BNGH0285047329 is the agreement's (+35)" "the reason names the IBAN"

# a second import of the same files adds nothing
before=$(store_dump)
run hb-import "$ex"/camt053-*.xml
status_is 0 "importing the same files again exits 0"
out_has "already imported" "it says so"
check "and adds nothing" test "$(store_dump)" = "$before"

# an overlapping statement: two November lines again and one new one
camt_begin "$T/overlap.xml" $POOL OVERLAP-1 1559.60 2026-11-01 1587.95 2026-11-07
camt_entry "$T/overlap.xml" 149.00 DBIT 2026-11-06 6628202611060001 NL22INGB0007712094 "Groene Kracht Energie" "Contract GK-4471902 termijn november 2026"
camt_entry "$T/overlap.xml" 140.00 DBIT 2026-11-06 6628202611060002 NL84ASNB0708412378 "M. de Vries" "Leefgeld HB-000001"
camt_entry "$T/overlap.xml" 317.35 CRDT 2026-11-07 NEW-1 NL07INGB0003481127 UWV "WW uitkering 3381470"
camt_end "$T/overlap.xml"
run hb-import -o tsv "$T/overlap.xml"
check "an overlapping statement is accepted" test "$status" -ne 1
out_has "	3	1	2	" "3 lines: 1 new, 2 duplicates"

# two identical lines in one statement (no bank reference) both stay
camt_begin "$T/coffee.xml" NL23BNGH0285126881 COFFEE-1 468.68 2026-12-01 463.68 2026-12-01
camt_entry "$T/coffee.xml" 2.50 DBIT 2026-12-01 "" NL91ABNA0417164300 "Koffiebar" "Koffie"
camt_entry "$T/coffee.xml" 2.50 DBIT 2026-12-01 "" NL91ABNA0417164300 "Koffiebar" "Koffie"
camt_end "$T/coffee.xml"
run hb-import -o tsv "$T/coffee.xml"
status_is 3 "unknown lines need a person: exit 3"
out_has "	2	2	0	0	2	" "both identical coffees are new"
err_has "2 lines unmatched" "stderr says what needs a person"
sed 's/COFFEE-1/COFFEE-2/' "$T/coffee.xml" >"$T/coffee2.xml"
run hb-import -o tsv "$T/coffee2.xml"
out_has "	2	0	2	0	0	" "the same statement in another file adds nothing"
run hb-import -o tsv unmatched HB-000003
out_has "Koffiebar" "the unmatched lines are listed for the household"

# identical lines are counted in memory, and past HB_TEST_SEEN_MAX
# different ones (131,072 in use) in a temporary table: the same keys
camt_begin "$T/cafe.xml" NL23BNGH0285126881 CAFE-1 463.68 2026-12-02 450.18 2026-12-02
for what in "2.50 Koffie" "2.50 Koffie" "3.00 Thee" "2.50 Koffie" "3.00 Thee"; do
	camt_entry "$T/cafe.xml" "${what% *}" DBIT 2026-12-02 "" \
	    NL91ABNA0417164300 "Koffiebar" "${what#* }"
done
camt_end "$T/cafe.xml"
cp "$HB_DB" "$T/cafe.db"
run env HB_TEST_SEEN_MAX=1 hb-import -o tsv "$T/cafe.xml"
out_has "	5	5	0	" "with one fact in memory, all 5 lines are new"
"$SQLITE3" "$HB_DB" "SELECT dedup_key FROM bank_line WHERE description IN
    ('Koffie', 'Thee') AND booking_date = '2026-12-02' ORDER BY 1" >"$T/keys1"
run env HB_DB=$T/cafe.db hb-import -o tsv "$T/cafe.xml"
out_has "	5	5	0	" "all in memory, the same 5 lines are new"
"$SQLITE3" "$T/cafe.db" "SELECT dedup_key FROM bank_line WHERE description IN
    ('Koffie', 'Thee') AND booking_date = '2026-12-02' ORDER BY 1" >"$T/keys2"
check "and get the same dedup keys both ways" cmp -s "$T/keys1" "$T/keys2"
check "occurrences 0-2 of the coffee, 0-1 of the tea" \
    test "$(sed 's/.*://' "$T/keys1" | sort | tr -d '\n')" = "00112"
sed 's/CAFE-1/CAFE-2/' "$T/cafe.xml" >"$T/cafe2.xml"
run env HB_TEST_SEEN_MAX=1 hb-import -o tsv "$T/cafe2.xml"
out_has "	5	0	5	" "again with one fact in memory: 5 duplicates"
run hb-import -o tsv signals
out_has "unknown_counterparty" "an unknown counterparty is signalled"

# statements that do not add up are refused, unless forced
before=$(store_dump)
camt_begin "$T/bad.xml" $POOL BAD-1 1882.65 2026-12-01 2000.00 2026-12-02
camt_entry "$T/bad.xml" 10.00 CRDT 2026-12-01 BAD-A NL07INGB0003481127 UWV "x"
camt_end "$T/bad.xml"
run hb-import "$T/bad.xml"
status_is 1 "a statement that does not reconcile is refused"
err_has "does not reconcile: opening balance 1882.65 plus the lines 10.00 is 1892.65, but the closing balance is 2000.00; nothing imported (force with -f)" \
    "the error gives the sums"
check "nothing is imported" test "$(store_dump)" = "$before"
run hb-import -f "$T/bad.xml"
status_is 3 "forced, it is imported and needs a person"
run hb-import -o tsv signals
out_has "statement_unreconciled" "a forced import raises a signal"

before=$(store_dump)
camt_begin "$T/gap.xml" $POOL GAP-1 999.99 2027-01-01 1009.99 2027-01-02
camt_entry "$T/gap.xml" 10.00 CRDT 2027-01-01 GAP-A NL07INGB0003481127 UWV "x"
camt_end "$T/gap.xml"
run hb-import "$T/gap.xml"
status_is 1 "an opening balance that does not follow the previous statement is refused"
err_has "opens with 999.99, but after the previous statement" "it names both balances"
err_has "a statement may be missing" "and the likely cause"
check "nothing is imported" test "$(store_dump)" = "$before"

# all named files or none
run hb-import "$T/overlap.xml" "$T/gap.xml"
status_is 1 "one bad file fails the whole invocation"
check "nothing of the good file is imported either" test "$(store_dump)" = "$before"

# a dry run does everything and keeps nothing
camt_begin "$T/dry.xml" NL23BNGH0285126881 DRY-1 463.68 2026-12-02 563.68 2026-12-02
camt_entry "$T/dry.xml" 100.00 CRDT 2026-12-02 DRY-A NL91ABNA0417164300 "Iemand" "gift"
camt_end "$T/dry.xml"
run hb-import -n -o tsv "$T/dry.xml"
out_has "dry run: not imported" "a dry run says it imported nothing"
out_has "	1	1	0	0	1	" "and what it would have done"
check "the store is unchanged" test "$(store_dump)" = "$before"

# refusals
camt_begin "$T/unknown.xml" NL91ABNA0417164300 UNK-1 0.00 2026-12-01 0.00 2026-12-01
camt_end "$T/unknown.xml"
run hb-import "$T/unknown.xml"
status_is 1 "a statement of an account hb does not manage is refused"
err_has "account NL91ABNA0417164300 is not an account hb manages" "it names the account"
camt_begin "$T/own.xml" NL84ASNB0708412378 OWN-1 0.00 2026-12-01 0.00 2026-12-01
camt_end "$T/own.xml"
run hb-import "$T/own.xml"
status_is 1 "a household's own account is not imported"
head -c 2000 "$ex/camt053-$POOL-2026-10.xml" >"$T/truncated.xml"
run hb-import "$T/truncated.xml"
status_is 1 "a truncated file is refused"
err_has "truncated.xml:" "the error names the file"
check "nothing is imported" test "$(store_dump)" = "$before"
truncate -s 1G "$T/huge.xml" 2>/dev/null || dd if=/dev/zero of="$T/huge.xml" bs=1 count=0 seek=1G 2>/dev/null
run hb-import "$T/huge.xml"
status_is 1 "a file of 1 GB is refused"
err_has "file too large: 1073741824 bytes" "before reading it"
: >"$T/empty.xml"
run hb-import "$T/empty.xml"
status_is 1 "an empty file is refused"
err_has "empty file" "it says so"
run hb-import "$T/missing.xml"
status_is 1 "a missing file is refused"
run hb-import -F pdf "$T/dry.xml"
status_is 2 "an unknown format is a usage error"
check "refusals changed nothing" test "$(store_dump)" = "$before"
done_testing
