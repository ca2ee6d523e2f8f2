#!/bin/sh
# hb-plan edge cases: the Toeslagen offsetting minimum (Awir: at least
# EUR 20 a month) holds an offset of 19.99 and takes one of 20.00; a month
# outside 2000-2199 is refused; a household that ended before the month is
# not planned, its earlier plan stays and a signal says why.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
EXTRA_TABLES="plan decision payout"

HB_NOW=2027-06-21
export HB_NOW
hb-household -q init
hb-household -q add organisation name=Toeslagen kind=benefit_agency \
    iban=NL86INGB0002445588

# household CODE MANAGED-IBAN OFFSET: bijstand of 1,300.00 booked on the
# 21st of June, and a Toeslagen offset of OFFSET a month on the 25th
household() {
	hb-household -q add household name="$1" composition=single \
	    caseworker=jbakker start=2026-01-01
	hb-household -q add account iban="$2" holder=Gemeente kind=managed \
	    household="$1"
	hb-household -q add agreement household="$1" kind=benefit \
	    organisation=Toeslagen amount=1300.00 schedule=monthly:21 \
	    valid_from=2026-01-01 description=bijstand
	hb-household -q add agreement household="$1" kind=offset \
	    organisation=Toeslagen amount="$3" schedule=monthly:25 \
	    valid_from=2026-01-01 legal_basis="Awir 30" claim="TVL-$1" \
	    claim_total=300.00 description="terugvordering huurtoeslag"
	camt_begin "$T/$1.xml" "$2" "S-$1" 100.00 2027-06-01 1400.00 2027-06-21
	camt_entry "$T/$1.xml" 1300.00 CRDT 2027-06-21 "R-$1" \
	    NL86INGB0002445588 Toeslagen "bijstand juni"
	camt_end "$T/$1.xml"
	hb-import -q "$T/$1.xml"
}
household HB-000001 NL50BNGH0285000101 19.99
household HB-000002 NL23BNGH0285000102 20.00

# what the plan decided about the offset: rule and amount
offset() {
	"$SQLITE3" "$HB_DB" "SELECT d.subject || '|' || d.rule || '|' || d.amount
	    FROM decision d JOIN plan p ON p.id = d.plan_id JOIN household h ON
	    h.id = p.household_id JOIN agreement a ON a.id = d.agreement_id
	    WHERE h.code = '$1' AND a.kind = 'offset' AND
	    p.superseded_by IS NULL"
}
paid() {
	"$SQLITE3" "$HB_DB" "SELECT coalesce(sum(x.amount), 0) FROM payout x
	    JOIN household h ON h.id = x.household_id JOIN agreement a ON
	    a.id = x.agreement_id WHERE h.code = '$1' AND a.kind = 'offset'
	    AND x.status IN ('planned','approved')"
}

run hb-plan run -o tsv -m 2027-06 HB-000001 HB-000002
check "the plans are made" test "$status" -eq 0 -o "$status" -eq 3
out_has "an offset of € 19,99 is below the € 20,00 minimum (toeslag_offset.min)" \
    "an offset of 19.99 is held, and the trace names the minimum"
check "HB-000001's offset is a hold by TAKE-OFFSET-MIN" \
    test "$(offset HB-000001)" = "hold|TAKE-OFFSET-MIN|1999"
check "and nothing of it is paid" test "$(paid HB-000001)" -eq 0
check "HB-000002's offset of exactly 20.00 is taken" \
    test "$(offset HB-000002)" = "payout|TAKE|2000"
check "and paid once, in full" test "$(paid HB-000002)" -eq 2000

before=$(store_dump)
run hb-plan run -m 2200-01 HB-000001
status_is 1 "a month after 2199 is refused"
err_has "invalid month '2200-01': expected YYYY-MM" "and named"
run hb-plan run -m 1999-12 HB-000001
check "a month before 2000 is refused" test "$status" -ne 0 -a "$status" -ne 3
err_has "1999-12" "and named"
check "neither changed the store" test "$(store_dump)" = "$before"

run hb-household end HB-000001 2027-05-31
status_is 0 "HB-000001 ends in May"
plans() {
	"$SQLITE3" "$HB_DB" "SELECT count(*) FROM plan p JOIN household h ON
	    h.id = p.household_id WHERE h.code = 'HB-000001' AND
	    p.superseded_by IS NULL"
}
had=$(plans)
run hb-plan run -m 2027-07 HB-000001
status_is 3 "planning a month after the end needs a person (exit 3)"
err_has "HB-000001 ended before 2027-07" "the household and the month are named"
check "its earlier plan stays" test "$(plans)" = "$had"
check "no payout is planned for July" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM payout WHERE exec_date >= '2027-07-01' AND
    status <> 'cancelled'")" -eq 0
check "a signal records why" test "$("$SQLITE3" "$HB_DB" "SELECT count(*)
    FROM signal WHERE kind = 'plan_failed' AND details LIKE
    '%ended before 2027-07%'")" -eq 1
done_testing
