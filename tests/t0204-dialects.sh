#!/bin/sh
# hb-import on the bank dialects written from their published layouts:
# Rabobank's structured MT940, ING's and Triodos's older MT940 with
# SWIFT transaction codes and old account numbers, and ASN's CSV with
# names that start with a quote.  What the store holds is checked line
# by line: amount, counterparty IBAN and name, description.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
d=$top_srcdir/tests/data

fresh() {
	HB_DB=$T/$1.db
	export HB_DB
	hb-household -q init
	hb-household -q add account iban="$2" holder=x kind=pooled
}

# the stored lines, in file order: cents, IBAN, name, description
stored() {
	"$SQLITE3" -separator '|' "$HB_DB" "SELECT cents, ifnull(counter_iban, ''),
	    counter_name, description FROM bank_line ORDER BY src_line" \
	    >"$T/out" 2>"$T/err"
}

fresh rabo NL44RABO0123456789
run hb-import -o tsv "$d/mt940/rabobank.sta"
status_is 3 "Rabobank: imported, nothing matched yet"
out_has "mt940	1	4	4	0	" "Rabobank: one statement, four new lines"
err_has "4 lines unmatched" "Rabobank: the unmatched lines are mentioned"
stored
out_is "Rabobank: IBAN from the :61:, several :86: joined" <<'OUT'
125000|NL91ABNA0417164300|UWV|Uitkering Participatiewet maart 2026
-72550|NL63RABO0313131314|Woonstichting De Veste|Huur maart 2026 contract 42
-1250||J JANSEN|Bijdrage schoolreis groep 7 Jansen
-250|||Kosten betaalpakket februari
OUT
run hb-import -o tsv "$d/mt940/rabobank.sta"
out_has "already imported" "Rabobank: a second import adds nothing"

fresh ing NL20INGB0001234567
run hb-import -o tsv "$d/mt940/ing-old.sta"
status_is 3 "old ING: imported"
out_has "mt940	1	5	5	0	" "old ING: five lines (NOV, NIC, NBA, NCHG, N654)"
stored
out_is "old ING: amounts without a comma, a '-' line is text" <<'OUT'
-2500|||0313131314 J. JANSEN HUUR GARAGE JANUARI
125050|||UITKERING GEMEENTE - VOORSCHOT JANUARI
-750|||ALBERT HEIJN 1234 DORDRECHT -
-200|||
10000|||STORTING
OUT
run hb-import -o tsv lines
out_has "2012-01-03	2012-01-03	NL20INGB0001234567	1250.50" \
    "old ING: account 0001234567 is NL20INGB0001234567; no entry date"

fresh asn NL11ASNB0708090100
run hb-import -o tsv "$d/csv/asn-names.csv"
status_is 3 "ASN: imported"
out_has "csv:asn	1	3	3	0	" "ASN: told from its shape, three lines"
stored
out_is "ASN: names with quotes, quoted texts with commas" <<'OUT'
-1250|NL36INGB0007654321|'t Hoekje|Lunch, koffie en gebak
-4500|NL91ABNA0417164300|d'Oliveira & Zn|Pietje's verjaardag 4000 1234, 5678
25000|NL63RABO0313131314|Stichting 'De Brug'|Gift 'voor de winter'
OUT

# refused, with the file, line and field, and nothing stored
fresh refused NL20INGB0001234567
run hb-import "$d/mt940/err-not-iban.sta"
status_is 1 "an old account number of no known bank is refused"
err_has "err-not-iban.sta:2: field ':25:': account '517852257' is an old Dutch account number" \
    "the refusal names file, line and field"
cat >"$T/huge.sta" <<'EOF2'
:20:X
:25:NL20INGB0001234567
:60F:C260301EUR10,00
:61:260302C92233720368547758,07NTRF
:62F:C260302EUR9,00
EOF2
run hb-import "$T/huge.sta"
status_is 1 "an amount near INT64_MAX is refused"
err_has "huge.sta:4: field ':61:': amount '92233720368547758,07' is larger than 999999999.99" \
    "the refusal names file, line, field and the maximum"
stored
out_is_empty "nothing stored"

# income data has the same bound
hb-household -q add household name="J. de Vries" composition=single \
    caseworker=x start=2026-01-01
hb-household -q add organisation name="Bakkerij Van Dam B.V." kind=employer
hb-household -q add consent household=HB-000001 \
    organisation="Bakkerij Van Dam B.V." reference=T-1 valid_from=2026-01-01
cat >"$T/income.csv" <<'EOF2'
household,source,period,net,pay_date
HB-000001,Bakkerij Van Dam B.V.,2026-12,92233720368547758.07,2026-12-24
EOF2
run hb-import "$T/income.csv"
status_is 1 "an income near INT64_MAX is refused"
err_has "income.csv:2: field 'net': amount '92233720368547758.07' is larger than 999999999.99" \
    "the refusal names file, line and field"
run hb-import -o tsv income
out_lacks "2026-12-24" "no income statement stored"
done_testing
