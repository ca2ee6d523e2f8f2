#!/bin/sh
# hb-household intake: a CSV of records registered in one transaction.
. "$top_srcdir/tests/lib.sh"
need_sqlite3

hb-household -q init
before=$(store_dump)
H=record,household,name,composition,caseworker,start,kind,organisation,iban,amount,schedule,valid_from

cat >"$T/good.csv" <<CSV
$H
organisation,,Woonstede,,,,landlord,,NL91ABNA0417164300,,,
household,HB-000007,"Jansen, P.",single,jbakker,2026-01-01,,,,,,
agreement,HB-000007,,,,,rent,Woonstede,,712.50,monthly:1,2026-01-01

CSV
run hb-household intake "$T/good.csv"
status_is 0 "a good file is registered"
out_is "intake counts the records" <<OUT
$T/good.csv: 3 records registered
OUT
run hb-household -o tsv list households
out_has "HB-000007	Jansen, P.	single" "a quoted comma stays in the name"

# a bad row in the middle: nothing of the file is registered
cat >"$T/bad.csv" <<CSV
$H
organisation,,Eneco,,,,energy,,NL20INGB0001234567,,,
household,HB-000008,Smit,single,jbakker,2026-01-01,,,,,,
agreement,HB-000008,,,,,energy,Eneco,,95.001,monthly:5,2026-01-01
agreement,HB-000008,,,,,energy,Eneco,,95.00,monthly:5,2026-01-01
CSV
mid=$(store_dump)
run hb-household intake "$T/bad.csv"
status_is 1 "a bad row fails the intake"
err_has "$T/bad.csv:4: field 'amount': invalid amount '95.001': more than two decimals" \
    "the error names file, line and field"
check "nothing of the file is registered" test "$(store_dump)" = "$mid"
run hb-household -o tsv list organisations
out_lacks "Eneco" "the organisation of line 2 is not there"

printf '%s\n' "$H" "household,HB-000009,Smit,single,jbakker,2026-01-01,,,,," \
    >"$T/cols.csv"
run hb-household intake "$T/cols.csv"
status_is 1 "a short row fails"
err_has "cols.csv:2: 11 columns, expected 12 as in the header" \
    "the error names the line and the column count"

printf '%s\nhousehold,HB-000009,Sm\351t,single,jbakker,2026-01-01,,,,,,\n' "$H" \
    >"$T/latin1.csv"
run hb-household intake "$T/latin1.csv"
status_is 1 "a Latin-1 file fails"
err_has "latin1.csv:2: field 'name': not valid UTF-8" "it says to save as UTF-8"

printf '%s\n' "$H" 'household,HB-000009,"Smit,single,jbakker,2026-01-01,,,,,,' \
    >"$T/quote.csv"
run hb-household intake "$T/quote.csv"
status_is 1 "an unterminated quote fails"
err_has "quote.csv:" "the error names the file"

printf '%s\n' "record,household,nmae" "household,HB-000009,Smit" >"$T/typo.csv"
run hb-household intake "$T/typo.csv"
status_is 1 "an unknown column fails"
err_has "typo.csv:2: field 'nmae': a household has no field 'nmae'" \
    "the error names the unknown column"

: >"$T/empty.csv"
run hb-household intake "$T/empty.csv"
status_is 1 "an empty file fails"
err_has "empty file" "it says the file is empty"

run hb-household intake "$T/missing.csv"
status_is 1 "a missing file fails"
err_has "cannot open '$T/missing.csv'" "it names the file"

# semicolons and a byte-order mark, as spreadsheets write them
printf '\357\273\277record;household;name;composition;caseworker;start\r\nhousehold;HB-000010;"Bakker; A.";single;jbakker;2026-01-01\r\n' \
    >"$T/excel.csv"
run hb-household intake "$T/excel.csv"
status_is 0 "semicolons, CRLF and a BOM are read"
run hb-household -o tsv list households HB-000010
out_has "HB-000010	Bakker; A.	single	jbakker" "the row arrived whole"
check "failed intakes changed nothing else" test "$(hb-household -o tsv list households | wc -l)" -eq 3
done_testing
