#!/bin/sh
# hb-import on real-world sample statements (../shared/samples, written by
# others): each is imported with the right lines and amounts, or refused
# with the right message.  Each file gets a fresh store.
. "$top_srcdir/tests/lib.sh"
S=$top_srcdir/../shared/samples
[ -d "$S/camt053" ] && [ -d "$S/mt940" ] || skip_all "../shared/samples absent"

fresh() {
	HB_DB=$T/$1.db
	export HB_DB
	hb-household -q init
	for iban in NL36ABNA5632579034 NL26VAYB8060476890 NL69INGB0123456789 \
	    NL02ABNA0123456789 NL21BNGH0285053876; do
		hb-household -q add account iban=$iban holder=x kind=pooled
	done
}

# imported: expect FILE STATUS SUMMARY-COLUMNS LINE-TEXT
imported() {
	fresh "$1"
	run hb-import -o tsv "$2"
	status_is "$3" "$1: exit $3"
	out_has "$4" "$1: $5"
}

refused() {
	fresh "$1"
	run hb-import "$2"
	status_is 1 "$1: refused"
	err_has "$3" "$1: $4"
	run hb-import -o tsv lines
	check "$1: nothing imported" test "$(wc -l <"$T/out")" -eq 1
}

c=$S/camt053
imported basic "$c/hhb-Basic_bank_transaction_CAMT.053_v1.xml" 3 \
    "camt.053.001.02	1	1	1	0	0	1	1	imported" "one line, unmatched"
run hb-import -o tsv lines
out_has "2023-10-27	2023-10-27	NL36ABNA5632579034	1251.26	NL76BNGH0285178598	GEM UTRECHT WENI" \
    "basic: the benefit of 1251.26 from the municipality"

imported dup "$c/hhb-Duplicate_bank_transaction_1_CAMT.053_v1.xml" 3 \
    "	1	1	1	0	" "the first duplicate imports"
run hb-import -o tsv "$c/hhb-Duplicate_bank_transaction_2_CAMT.053_v1.xml"
status_is 0 "dup: the second file is known"
out_has "already imported" "dup: the identical second file adds nothing"
run hb-import -o tsv lines
check "dup: one line in the store" test "$(wc -l <"$T/out")" -eq 2
out_has "-123.45	NL71ABNA0411065785	Gemeente Utrecht" "dup: its amount and counterparty"

imported empty "$c/hhb-Empty_customer_statement_message_CAMT.053_v2.xml" 0 \
    "camt.053.001.02	1	0	0	0	0	0	0	imported" "an empty statement, no lines"

imported unknown "$c/hhb-Unknown_iban_CAMT.053_v1.xml" 3 \
    "	1	1	1	0	0	1	1	imported" "imported, unmatched"
run hb-import -o tsv signals
out_has "unknown_counterparty" "unknown: an unknown counterparty is signalled"
out_has "NL76KNAB0903997312 (Acme Company)" "unknown: with its IBAN and name"

imported multi "$c/genkgo-camt053.v2.multi.statement.xml" 3 \
    "camt.053.001.02	2	2	2	0	" "two statements, two lines"
run hb-import -o tsv lines
out_has "2014-12-31	2015-01-02	NL26VAYB8060476890	-7.00	NL56AGDH9619008421	Company Name 2" \
    "multi: the debit to Company Name 2"

refused negative "$c/hhb-Negative_amount_CAMT.053_v1.xml" \
    "Ntry[1]/Amt: negative amount '-1251.26'" "a negative amount, with its element"
refused wrongformat "$c/hhb-Wrong_format_CAMT.053_v1.xml" \
    "unsupported CAMT.053 version: namespace 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.01'" \
    "an unsupported version is named"
refused minimal "$c/genkgo-camt053.v2.minimal.xml" \
    "currency 'SEK' is not supported: only EUR" "a foreign currency"

m=$S/mt940
imported ing "$m/hhb-MT940-ING.txt" 3 "mt940	1	8	8	0	" "ING: eight lines"
run hb-import -o tsv lines
out_has "2014-02-20	2014-02-20	NL69INGB0123456789	1.56	NL32INGB0000012345	ING BANK NV INZAKE WEB" \
    "ING: the first credit and its counterparty"
# old account numbers: the bank from ABN AMRO's :20: and BNG's header
imported abn "$m/hhb-MT940-ABN.txt" 3 "mt940	1	1	1	0	" "ABN AMRO: one line"
run hb-import -o tsv lines
out_has "2012-05-14	2012-05-12	NL02ABNA0123456789	500.01		QASD JGRED" \
    "ABN AMRO: account 123456789 stored as NL02ABNA0123456789"
imported bng "$m/hhb-MT940-BNG.txt" 3 "mt940	1	14	14	0	" "BNG: fourteen lines"
run hb-import -o tsv lines
out_has "2014-09-12	2014-09-12	NL21BNGH0285053876	-1000.00" \
    "BNG: account 0285053876 stored as NL21BNGH0285053876"
out_has "NL21BNGH0285053876	1000.00	NL09INGB0000156610	Belastingdienst" \
    "BNG: the counterparty of a credit"
refused incorrect "$m/hhb-MT940-incorrect.txt" \
    "not a CAMT.053 or MT940 statement" "garbage is not taken for a statement"
done_testing
