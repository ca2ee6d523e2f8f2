#!/bin/sh
# hb-import: what a caseworker meets when a file or a command is wrong.
# Income data with a bad header, row, period, amount or date is refused
# whole, and the error names the file, the line and the field; a booking
# by hand without a reason, against the line's direction, on another
# household's managed account or with an unusable search term changes
# nothing; resolving a signal needs a reason and happens once; the same
# statement named twice on one command line is kept once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
EXTRA_TABLES="import statement bank_line line_match signal income_statement agreement_term"
ex=$top_srcdir/share/hb/examples
POOL=NL64BNGH0285126628
SRC="Bakkerij Van Dam B.V."
H=household,source,period,net,pay_date

hb-household -q init
hb-household -q intake "$ex/municipality.csv"
hb-import -q "$ex"/camt053-$POOL-2026-11.xml \
    "$ex"/camt053-NL23BNGH0285126881-2026-11.xml

# --- income data ------------------------------------------------------

# income FILE-CONTENT (printf format): write $T/inc.csv and import it
income() {
	printf "$1" >"$T/inc.csv"
	shift
	run hb-import "$@" "$T/inc.csv"
}

before=$(store_dump)
income "household,source,period,net\nHB-000002,$SRC,2026-12,905.10\n" -F income
status_is 1 "income data without a pay_date column is refused"
err_has "inc.csv:1: the header has no 'pay_date' column" \
    "the error names line 1 and the missing column"
income "$H\nHB-000002,$SRC,2026-12,905.10\n"
status_is 1 "a row with fewer columns than the header is refused"
err_has "inc.csv:2: 4 columns, expected 5 as in the header" \
    "the error names the line and both counts"
income "$H\nHB-000002,$SRC,2026-12,905.10,2026-12-24\nHB-999999,$SRC,2026-12,905.10,2026-12-24\n"
status_is 1 "an unknown household is refused"
err_has "inc.csv:3: field 'household': unknown household 'HB-999999'" \
    "the error names the line, the field and the code"
income "$H\nHB-000002,Bakkerij Nergens,2026-12,905.10,2026-12-24\n"
status_is 1 "an unknown source is refused"
err_has "inc.csv:2: field 'source': unknown organisation 'Bakkerij Nergens'" \
    "the error names the source"
for p in 2026-1 202612 2026/12 2026-00 2026-1x 1899-12 2026-12x; do
	income "$H\nHB-000002,$SRC,$p,905.10,2026-12-24\n"
	status_is 1 "period '$p' is refused"
	err_has "inc.csv:2: field 'period': invalid period '$p': expected YYYY-MM" \
	    "and named with its field"
done
income "$H\nHB-000002,$SRC,2026-12,\"905,1x\",2026-12-24\n"
status_is 1 "a net amount that is not a number is refused"
err_has "inc.csv:2: field 'net': invalid amount '905,1x': not a number" \
    "the error names the field and the amount"
income "$H\nHB-000002,$SRC,2026-12,-905.10,2026-12-24\n"
status_is 1 "a negative net income is refused"
err_has "inc.csv:2: field 'net': a net income is not negative" "and says why"
# a comma after the last dot reads as a decimal comma: three decimals
# are not cents, so 12,345 is neither 12.35 nor 12,345.00
income "$H\nHB-000002,$SRC,2026-12,\"12,345\",2026-12-24\n"
status_is 1 "an ambiguous 12,345 is refused, not rounded"
err_has "field 'net': invalid amount '12,345': more than two decimals" \
    "and the error says why"
income "$H\nHB-000002,$SRC,2026-12,,2026-12-24\n"
status_is 1 "an empty net amount is refused"
err_has "inc.csv:2: field 'net': invalid amount '': empty" "as empty"
for d in 2026-02-30 24-12-2026; do
	income "$H\nHB-000002,$SRC,2026-12,905.10,$d\n"
	status_is 1 "pay date '$d' is refused"
	err_has "inc.csv:2: field 'pay_date': invalid date '$d': expected YYYY-MM-DD" \
	    "and named with its field"
done
income "$H\nHB-000002,$SRC,2026-12,905.10,2026-12-24\0\n"
status_is 1 "a NUL byte is refused"
err_has "inc.csv:2: contains a NUL byte: not a text file" "with its line"
income "$H\nHB-000002,$SRC\351,2026-12,905.10,2026-12-24\n"
status_is 1 "a Latin-1 byte is refused"
err_has "inc.csv:2: not valid UTF-8" "with its line"
income "$H\nHB-000002,\"Bakkerij\"x,2026-12,905.10,2026-12-24\n"
status_is 1 "text after a closing quote is refused"
err_has "inc.csv:2: malformed CSV" "as malformed CSV, with its line"
income "$H$(printf ',x%.0s' $(seq 30))\n"
status_is 1 "a header of 35 columns is refused"
err_has "inc.csv:1: too many columns" "as too many columns"
income "\n\n" -F income
status_is 1 "income data without a header is refused"
err_has "inc.csv: no income statements" "and says there is nothing in it"
check "none of the refused files changed the store" test "$(store_dump)" = "$before"

# what is right is read: a byte order mark, blank lines, and the columns
# in any order, named by the header
income "\357\273\277$H\n\nHB-000002,$SRC,2026-11,\"1.234,56\",2026-11-24\n\n" -o tsv
status_is 0 "income data with a byte order mark and blank lines is imported"
out_has "	income	0	1	1	0	" "as one new income statement"
income "pay_date,net,period,source,household\n2026-10-23,\"1,234.56\",2026-10,$SRC,HB-000002\n" -o tsv
status_is 0 "the columns may come in any order"
run hb-import -o tsv income HB-000002
out_has "HB-000002	$SRC	2026-11	1234.56	2026-11-24" \
    "1.234,56 is 1234.56 euro, not 1.23"
out_has "HB-000002	$SRC	2026-10	1234.56	2026-10-23" \
    "1,234.56 is 1234.56 euro too, each column by its name"

# --- booking by hand --------------------------------------------------

f=$T/dec.xml
camt_begin "$f" $POOL DEC-1 1882.65 2026-12-01 1877.65 2026-12-01
camt_entry "$f" 5.00 DBIT 2026-12-01 K-1 NL91ABNA0417164300 "Koffiebar" "Koffie"
camt_end "$f"
run hb-import -o tsv "$f"
status_is 3 "a line nobody expects needs a person"
line=$("$SQLITE3" "$HB_DB" "SELECT id FROM bank_line WHERE bank_ref = 'K-1'")
own=$("$SQLITE3" "$HB_DB" "SELECT l.id FROM bank_line l JOIN account a ON
    a.id = l.account_id WHERE a.iban = 'NL23BNGH0285126881' LIMIT 1")
uwv=$("$SQLITE3" "$HB_DB" "SELECT a.id FROM agreement a JOIN household h ON
    h.id = a.household_id WHERE h.code = 'HB-000001' AND a.kind = 'benefit'")
leef=$("$SQLITE3" "$HB_DB" "SELECT a.id FROM agreement a JOIN household h ON
    h.id = a.household_id WHERE h.code = 'HB-000001' AND a.kind = 'leefgeld'")
before=$(store_dump)
run hb-import book "$line" "$leef" ""
status_is 1 "a booking by hand without a reason is refused"
err_has "a booking by hand needs a reason" "and says a reason is needed"
run hb-import book "$line" "$uwv" "koffie"
status_is 1 "a debit booked to an income agreement is refused"
err_has "line $line goes the other way than agreement $uwv" \
    "and names the line and the agreement"
run hb-import book "$line" HB-000009 "koffie"
status_is 1 "a booking to an unknown household is refused"
err_has "unknown household 'HB-000009'" "and names it"
run hb-import book "$own" HB-000001 "wrong household"
status_is 1 "a line on HB-000003's managed account cannot go to HB-000001"
err_has "line $own is on the managed account of another household" \
    "and says why"
run hb-import -t "   " book "$line" "$leef" "koffie van leefgeld"
status_is 1 "a blank search term is refused"
err_has "invalid search term" "as invalid"
run hb-import -t "koffie|thee" book "$line" "$leef" "koffie van leefgeld"
status_is 1 "a search term with the separator '|' is refused"
err_has "invalid search term 'koffie|thee'" "and named"
run hb-import -t schuldregeling book "$line" "$leef" "koffie van leefgeld"
status_is 1 "another household's search term is refused"
err_has "search term 'schuldregeling' is in the agreements of another household" \
    "because it would not identify this one"
run hb-import -t koffie book "$line" HB-000001 "koffie"
status_is 1 "a search term without an agreement is refused"
err_has "a search term belongs to an agreement" "and says so"
check "none of the refused bookings changed the store" test "$(store_dump)" = "$before"

run hb-import -t "  Koffiebar-77  " book "$line" "$leef" "koffie van leefgeld"
status_is 0 "a booking with a search term is kept"
out_has "matches 'koffiebar-77' from now on" \
    "the term is trimmed and lower case"
run hb-import -t "KOFFIEBAR-77" book "$line" "$leef" "again"
status_is 0 "adding the same term again is no error"
check "and the agreement has it once" test "$("$SQLITE3" "$HB_DB" \
    "SELECT search FROM agreement WHERE id = $leef")" = \
    "leefgeld|HB-000001|koffiebar-77"

# --- signals ----------------------------------------------------------

sig=$("$SQLITE3" "$HB_DB" "SELECT id FROM signal WHERE line_id = $line")
check "the unknown line raised a signal" test -n "$sig"
run hb-import resolve "$sig" ""
status_is 1 "resolving a signal without a reason is refused"
err_has "resolving a signal needs a reason" "and says so"
run hb-import resolve 99999 "looked at it"
status_is 1 "an unknown signal is refused"
err_has "unknown signal 99999" "and named"
run hb-import resolve "$sig" "booked to leefgeld"
status_is 0 "a signal is resolved with a reason"
run hb-import resolve "$sig" "again"
status_is 1 "resolving it again is refused"
err_has "signal $sig is resolved already" "and says so"
check "the first reason stays" test "$("$SQLITE3" "$HB_DB" \
    "SELECT resolution FROM signal WHERE id = $sig")" = "booked to leefgeld"

# --- one command line -------------------------------------------------

f=$T/dec2.xml
camt_begin "$f" $POOL DEC-2 1877.65 2026-12-02 1874.65 2026-12-02
camt_entry "$f" 3.00 DBIT 2026-12-02 K-2 NL91ABNA0417164300 "Koffiebar" "Thee"
camt_end "$f"
run hb-import -o tsv "$f" "$f"
out_has "dec2.xml	camt.053.001.02	1	1	1	0	" "the first naming is imported"
out_has "already imported" "the second is already imported"
check "the line is kept once" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM bank_line WHERE bank_ref = 'K-2'")" -eq 1

# a byte order mark and blank lines before '<' still read as CAMT (XML
# allows white space before the root element, not before a declaration)
{ printf '\357\273\277 \r\n\t'; tail -n +2 "$f"; } | sed 's/DEC-2/DEC-2B/' >"$T/bom.xml"
run hb-import -n -o tsv "$T/bom.xml"
status_is 0 "a statement after a byte order mark and white space is read"
out_has "camt.053.001.02" "as CAMT.053"
run hb-import -F pdf "$T/bom.xml"
status_is 2 "an unknown -F format is a usage error"
err_has "unknown format 'pdf'" "and names the format"
done_testing
