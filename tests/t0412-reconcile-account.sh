#!/bin/sh
# An exported payout is reconciled only with a line of the account it
# debits: two households pay the same energy company the same amount on
# the same day from their own managed accounts, and a bank export without
# EndToEndIds shows one of the debits.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
q() { "$SQLITE3" "$HB_DB" "$1"; }

HB_NOW=2027-05-20
export HB_NOW
hb-household -q init
hb-household -q add organisation name=Eneco kind=energy iban=NL20INGB0001234567
for n in 1 2; do
	case $n in 1) iban=NL50BNGH0285000101 ;; 2) iban=NL23BNGH0285000102 ;; esac
	hb-household -q add household name="Huishouden $n" composition=single \
	    caseworker=jbakker start=2026-01-01
	hb-household -q add account iban=$iban holder=Gemeente \
	    kind=managed household=HB-00000$n
	hb-household -q add agreement household=HB-00000$n kind=energy \
	    organisation=Eneco amount=95.50 schedule=monthly:3 \
	    valid_from=2026-01-01 reference="Klant 7722$n"
	camt_begin "$T/open$n.xml" $iban OPEN-$n 500.00 \
	    2027-05-01 500.00 2027-05-19
	camt_end "$T/open$n.xml"
	hb-import -q "$T/open$n.xml"
done
plan_write -m 2027-06 HB-000001 HB-000002 2>/dev/null
mkdir "$T/sepa"
run hb-plan export -q -D "$T/sepa" -w 2027-05-20:2027-06-03
status_is 0 "both energy payouts are exported"
check "two payouts exported" test "$(q "SELECT count(*) FROM payout WHERE
    status = 'exported'")" -eq 2
e2e2=$(q "SELECT end_to_end FROM payout WHERE household_id = 2")

# household 2's bank shows its debit, without an EndToEndId column
camt_begin "$T/june2.xml" NL23BNGH0285000102 JUNE-2 500.00 2027-05-20 \
    404.50 2027-06-03
camt_entry "$T/june2.xml" 95.50 DBIT 2027-06-02 J2-1 NL20INGB0001234567 \
    Eneco "Klant 77222 $e2e2"
camt_end "$T/june2.xml"
run hb-import -o tsv "$T/june2.xml"
check "the import succeeds" test "$status" -ne 1
check "household 2's payout is reconciled with its own line" \
    test "$(q "SELECT status FROM payout WHERE household_id = 2")" = reconciled
check "household 1's payout, from another account, is still on its way" \
    test "$(q "SELECT status FROM payout WHERE household_id = 1")" = exported
check "the line is booked to household 2" test "$(q "SELECT household_id
    FROM line_current WHERE bank_ref = 'J2-1'")" = 2
done_testing
