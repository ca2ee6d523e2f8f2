#!/bin/sh
# hb-import: a bank reference is not an identity.  Lines that share a
# reference (entries of a batch, a reversal and the entry it reverses, a
# fee and its payment, a demo file's copies) are all kept; a statement
# reconciles against the lines the store holds for it; MT940 and bank CSV
# statements are chained to the statement before them; lines stored under
# the keys of an older hb are still recognised.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
POOL=NL64BNGH0285126628
MANAGED=NL23BNGH0285126881

# a fresh store with the example municipality's register
fresh() {
	HB_DB=$T/$1.db
	export HB_DB
	hb-household -q init
	hb-household -q intake "$top_srcdir/share/hb/examples/municipality.csv"
}
q() { "$SQLITE3" "$HB_DB" "$1"; }

# an entry of the camt.sh kind, with a reversal mark
camt_reversal() {
	printf '<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>' "$2" "$3" >>"$1"
	printf '<BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>' "$4" "$4" "$5" >>"$1"
	printf '<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>%s</Nm></Cdtr><CdtrAcct><Id><IBAN>%s</IBAN></Id></CdtrAcct></RltdPties>' "$7" "$6" >>"$1"
	printf '<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n' "$8" >>"$1"
}

# CAMT.053: references shared across entries
fresh camt
f=$T/shared-refs.xml
camt_begin "$f" $POOL REFS-1 1000.00 2026-12-01 30.25 2026-12-01
# two entries of one batch booking, both with the batch's AcctSvcrRef
camt_entry "$f" 725.50 DBIT 2026-12-01 BATCH-7 NL83RABO0317455214 "Woonstede Voorbeeldstad" "Huur december HB-000001"
camt_entry "$f" 149.00 DBIT 2026-12-01 BATCH-7 NL22INGB0007712094 "Groene Kracht Energie" "Termijn december HB-000002"
# a credit, and its reversal with the same reference
camt_entry "$f" 50.00 CRDT 2026-12-01 RV-1 NL91ABNA0417164300 "Stichting Leergeld" "Bijdrage schoolreis"
camt_reversal "$f" 50.00 DBIT 2026-12-01 RV-1 NL91ABNA0417164300 "Stichting Leergeld" "Bijdrage schoolreis"
# a payment and the bank's fee for it
camt_entry "$f" 100.00 DBIT 2026-12-01 FEE-1 NL91ABNA0417164300 "Deurwaarder Jansen" "Betaling dossier 4411"
camt_entry "$f" 0.25 DBIT 2026-12-01 FEE-1 NL91ABNA0417164300 "Deurwaarder Jansen" "Kosten betaling dossier 4411"
# a demo file's two identical entries: two real lines
camt_entry "$f" 2.50 CRDT 2026-12-01 DEMO-1 NL91ABNA0417164300 "Demo" "Test"
camt_entry "$f" 2.50 CRDT 2026-12-01 DEMO-1 NL91ABNA0417164300 "Demo" "Test"
camt_end "$f"
run hb-import -o tsv "$f"
check "CAMT entries sharing references are imported" test "$status" -ne 1
out_has "	1	8	8	0	" "all 8 lines are new, none a duplicate"
check "the store holds all 8" test "$(q "SELECT count(*) FROM bank_line")" -eq 8
check "the reversal is there, marked" \
    test "$(q "SELECT count(*) FROM bank_line WHERE bank_ref = 'RV-1' AND reversal = 1 AND cents = -5000")" -eq 1
check "the fee is there besides its payment" \
    test "$(q "SELECT group_concat(cents) FROM (SELECT cents FROM bank_line WHERE bank_ref = 'FEE-1' ORDER BY cents)")" = "-10000,-25"
check "the statement reconciles with the lines stored" \
    test "$(q "SELECT reconciled FROM statement")" = 1
sed 's/REFS-1/REFS-2/' "$f" >"$T/shared-refs-again.xml"
run hb-import -o tsv "$T/shared-refs-again.xml"
status_is 0 "the same statement in another file: exit 0"
out_has "	1	8	0	8	0	0	0	" "all 8 lines are duplicates"
check "and nothing is added" test "$(q "SELECT count(*) FROM bank_line")" -eq 8
check "that statement reconciles too, with the lines stored before" \
    test "$(q "SELECT group_concat(reconciled) FROM statement")" = "1,1"

# a batch entry without its own AcctSvcrRef, whose transactions share one
camt_begin "$T/batch.xml" $MANAGED BATCH-1 100.00 2026-12-02 70.00 2026-12-02
tx() {
	printf '<TxDtls><Refs><AcctSvcrRef>TX-1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">%s</Amt></TxAmt></AmtDtls>' "$1"
	printf '<RltdPties><Cdtr><Nm>%s</Nm></Cdtr><CdtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></CdtrAcct></RltdPties>' "$2"
	printf '<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls>' "$3"
}
{
	printf '<Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
	printf '<BookgDt><Dt>2026-12-02</Dt></BookgDt><ValDt><Dt>2026-12-02</Dt></ValDt>'
	printf '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>'
	printf '<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>'
	tx 10.00 "Sportclub" "Contributie december"
	tx 20.00 "Muziekschool" "Lesgeld december"
	printf '</NtryDtls></Ntry>\n'
} >>"$T/batch.xml"
camt_end "$T/batch.xml"
run hb-import -o tsv "$T/batch.xml"
check "a batch whose transactions share a reference is imported" test "$status" -ne 1
out_has "	1	2	2	0	" "both transactions are new lines"
check "the store holds both" \
    test "$(q "SELECT count(*) FROM bank_line WHERE bank_ref = 'TX-1'")" -eq 2

# a statement whose line the store holds otherwise does not reconcile:
# the store is given a line with the key of one of the file's lines but
# another amount, as a lost line would leave it
fresh lost
camt_begin "$T/lost.xml" $MANAGED LOST-1 0.00 2026-12-01 15.00 2026-12-01
camt_entry "$T/lost.xml" 10.00 CRDT 2026-12-01 LOST-A NL91ABNA0417164300 "Iemand" "gift"
camt_entry "$T/lost.xml" 5.00 CRDT 2026-12-01 LOST-A NL91ABNA0417164300 "Iemand" "gift"
camt_end "$T/lost.xml"
store_copy "$HB_DB" "$T/scratch.db"
hb-import -q -d "$T/scratch.db" "$T/lost.xml" 2>/dev/null
key=$("$SQLITE3" "$T/scratch.db" "SELECT dedup_key FROM bank_line WHERE cents = 500")
check "the line has a key by its facts" sh -c 'case $1 in line:*:0) ;; *) exit 1 ;; esac' x "$key"
q "INSERT INTO import (file_name, file_hash, format, at, actor, forced)
    VALUES ('other.xml', 'x', 'camt', '2026-12-01T00:00:00Z', 'test', 0);
INSERT INTO statement (import_id, account_id, reconciled) SELECT i.id, a.id, 0
    FROM import i, account a WHERE a.iban = '$MANAGED';
INSERT INTO bank_line (account_id, statement_id, booking_date, cents,
    counter_name, description, reversal, dedup_key, src_line) SELECT
    account_id, id, '2026-11-30', 1, 'x', 'x', 0, '$key', 1 FROM statement"
EXTRA_TABLES="import statement bank_line statement_repeat"
before=$(store_dump)
run hb-import "$T/lost.xml"
status_is 1 "a statement whose line the store does not hold is refused"
err_has "opening balance 0.00 plus the lines 10.01 is 10.01, but the closing balance is 15.00 (the lines read add up to 15.00: the store does not hold them all)" \
    "the error says the store does not hold the lines read"
check "nothing is imported" test "$(store_dump)" = "$before"
EXTRA_TABLES=

# MT940: :61: lines with the same bank reference, and the chain of
# statements: :60F: is dated by the day of the :62F: before it
mt940() {	# FILE ID OPENING-YYMMDD OPENING CLOSING-YYMMDD CLOSING, then lines
	printf '{1:F01BNGHNL2GAXXX0000000000}{2:I940BNGHNL2GXXXXN}{4:\n:20:%s\n:25:%sEUR\n:28C:1\n:60F:C%sEUR%s\n' \
	    "$2" $MANAGED "$3" "$4" >"$1"
	mt940_file=$1 mt940_close=":62F:C$5EUR$6"
}
mt940_line() {	# YYMMDD C|D AMOUNT REF NAME TEXT
	printf ':61:%s%s%s%sNTRFNONREF//%s\n:86:/EREF/NOTPROVIDED//CNTP/NL91ABNA0417164300/ABNANL2A/%s/Utrecht///REMI/USTD//%s/\n' \
	    "$1" "$(echo "$1" | cut -c3-6)" "$2" "$3" "$4" "$5" "$6" >>"$mt940_file"
}
mt940_end() { printf '%s\n-}\n' "$mt940_close" >>"$mt940_file"; }

fresh mt940
mt940 "$T/d1.sta" HB-MT-1 261130 500,00 261201 489,50
mt940_line 261201 D 10,00 SAMEREF01 "Gemeente Voorbeeldstad" "Parkeerboete 8812"
mt940_line 261201 D 0,50 SAMEREF01 "Gemeente Voorbeeldstad" "Kosten parkeerboete 8812"
mt940_end
run hb-import -o tsv "$T/d1.sta"
check "MT940 lines sharing a reference are imported" test "$status" -ne 1
out_has "	1	2	2	0	" "both lines are new"
check "the statement's closing balance is stored" \
    test "$(q "SELECT closing || ' ' || closing_date || ' ' || reconciled FROM statement")" = "48950 2026-12-01 1"
mt940 "$T/d2.sta" HB-MT-2 261201 489,50 261202 514,50
mt940_line 261202 C 25,00 DAY2REF01 "Stichting Leergeld" "Bijdrage"
mt940_end
run hb-import "$T/d2.sta"
check "the next day's statement follows on" test "$status" -ne 1
mt940 "$T/d4.sta" HB-MT-4 261203 600,00 261204 599,00
mt940_line 261204 D 1,00 DAY4REF01 "Koffiebar" "Koffie"
mt940_end
EXTRA_TABLES="import statement bank_line signal"
before=$(store_dump)
run hb-import "$T/d4.sta"
status_is 1 "an MT940 statement after a missing day is refused"
err_has "statement HB-MT-4/1 of $MANAGED opens with 600.00, but after the previous statement ($T/d2.sta, closing 2026-12-02) the balance was 514.50: a statement may be missing" \
    "it names both balances"
check "nothing is imported" test "$(store_dump)" = "$before"
run hb-import -f "$T/d4.sta"
status_is 3 "forced, it is imported and needs a person"
run hb-import -o tsv signals
out_has "statement_unreconciled" "with a signal"
out_has "a statement may be missing" "that says why"
EXTRA_TABLES=

# bank CSV: a repeated reference column, and balances in the chain
fresh csv
cat >"$T/c1.csv" <<'CSV'
Datum;Rekening;Tegenrekening;Naam;Bedrag;Omschrijving;Referentie;Saldo
2026-12-01;NL64BNGH0285126628;NL91ABNA0417164300;Stichting Leergeld;25,00;Bijdrage schoolreis;BATCH-9;1025,00
2026-12-01;NL64BNGH0285126628;NL91ABNA0417164300;Stichting Leergeld;40,00;Bijdrage sportclub;BATCH-9;1065,00
CSV
run hb-import -o tsv "$T/c1.csv"
check "CSV lines sharing a reference are imported" test "$status" -ne 1
out_has "	1	2	2	0	" "both lines are new"
check "the statement's balances are stored and reconcile" \
    test "$(q "SELECT opening || ' ' || closing || ' ' || reconciled FROM statement")" = "100000 106500 1"
cat >"$T/c3.csv" <<'CSV'
Datum;Rekening;Tegenrekening;Naam;Bedrag;Omschrijving;Referentie;Saldo
2026-12-03;NL64BNGH0285126628;NL91ABNA0417164300;Stichting Leergeld;10,00;Bijdrage zwemles;Z-1;1110,00
CSV
run hb-import "$T/c3.csv"
status_is 1 "a CSV export that does not follow the one before is refused"
err_has "opens with 1100.00, but after the previous statement ($T/c1.csv, closing 2026-12-01) the balance was 1065.00: a statement may be missing" \
    "it names both balances"
cat >"$T/c2.csv" <<'CSV'
Datum;Rekening;Tegenrekening;Naam;Bedrag;Omschrijving;Referentie;Saldo
2026-12-02;NL64BNGH0285126628;NL91ABNA0417164300;Stichting Leergeld;35,00;Bijdrage muziekles;M-1;1100,00
CSV
run hb-import "$T/c2.csv" "$T/c3.csv"
check "with the missing export, both are accepted" test "$status" -ne 1

# a store with lines under the keys of hb before schema version 6: a line
# with a bank reference was keyed "ref:ACCOUNT:REF", one without by a hash
# of fewer facts; the older hb kept only the first of two lines sharing a
# reference
pm=$top_builddir/tests/unit/print-migration
HB_DB=$T/old.db
export HB_DB
{ for v in 1 2 3 4 5; do "$pm" $v; done; echo "PRAGMA user_version = 5;"; } |
    "$SQLITE3" "$HB_DB"
chmod 600 "$HB_DB"
day=$(( $(date -u -d 2026-12-01 +%s) / 86400 ))
old_fact=$(printf '%s\037%s\037%s\037%s\037%s\037%s' $POOL $day -250 \
    NL91ABNA0417164300 Koffiebar Koffie | sha256sum | cut -c1-40)
q "INSERT INTO account (iban, holder, kind) VALUES ('$POOL', 'Gemeente', 'pooled');
INSERT INTO import (file_name, file_hash, format, at, actor, forced)
    VALUES ('old.xml', 'x', 'camt.053.001.02', '2026-12-01T00:00:00Z', 'old', 0);
INSERT INTO statement (import_id, account_id, bank_id, opening, closing,
    opening_date, closing_date, lines, reconciled)
    VALUES (1, 1, 'OLD-1', 100000, 100725, '2026-12-01', '2026-12-01', 2, 1);
INSERT INTO bank_line (account_id, statement_id, booking_date, value_date,
    cents, counter_iban, counter_name, description, bank_ref, reversal,
    dedup_key, src_line) VALUES
    (1, 1, '2026-12-01', '2026-12-01', 1000, 'NL07INGB0003481127', 'UWV',
    'Nabetaling', 'OLD-1', 0, 'ref:$POOL:OLD-1', 1),
    (1, 1, '2026-12-01', '2026-12-01', -250, 'NL91ABNA0417164300',
    'Koffiebar', 'Koffie', NULL, 0, 'fact:$old_fact:0', 3);"
camt_begin "$T/old.xml" $POOL OLD-1B 1000.00 2026-12-01 1007.25 2026-12-01
camt_entry "$T/old.xml" 10.00 CRDT 2026-12-01 OLD-1 NL07INGB0003481127 UWV "Nabetaling"
camt_entry "$T/old.xml" 0.25 DBIT 2026-12-01 OLD-1 NL07INGB0003481127 UWV "Kosten nabetaling"
camt_entry "$T/old.xml" 2.50 DBIT 2026-12-01 "" NL91ABNA0417164300 Koffiebar "Koffie"
camt_end "$T/old.xml"
run hb-import -o tsv "$T/old.xml"
check "a store of the older hb imports the statement again" test "$status" -ne 1
out_has "	1	3	1	2	" "the lines stored before are duplicates; the one the older hb lost is new"
check "no line is in the store twice" \
    test "$(q "SELECT count(*) || ' ' || count(DISTINCT description) FROM bank_line")" = "3 3"
check "the fee the older hb took for a duplicate is there now" \
    test "$(q "SELECT count(*) FROM bank_line WHERE cents = -25 AND bank_ref = 'OLD-1' AND dedup_key LIKE 'line:%'")" -eq 1
check "the statement reconciles" \
    test "$(q "SELECT reconciled FROM statement WHERE bank_id = 'OLD-1B'")" = 1
sed 's/OLD-1B/OLD-1C/' "$T/old.xml" >"$T/old-again.xml"
run hb-import -o tsv "$T/old-again.xml"
out_has "	1	3	0	3	" "once more: all three are duplicates"
check "and the store still holds three lines" test "$(q "SELECT count(*) FROM bank_line")" -eq 3
done_testing
