#!/bin/sh
# hb-household: bad input gets a clear error, a non-zero exit, and leaves
# the store's data unchanged.
. "$top_srcdir/tests/lib.sh"
need_sqlite3

hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add household name="J. de Vries" composition=single \
    caseworker=jbakker start=2026-01-01
before=$(store_dump)

# refused: expect STATUS "MESSAGE" "DESCRIPTION" command...
refused() {
	want=$1 msg=$2 desc=$3
	shift 3
	run "$@"
	status_is "$want" "$desc: exit $want"
	err_has "$msg" "$desc: says why"
	check "$desc: store unchanged" test "$(store_dump)" = "$before"
}

rent() {
	hb-household add agreement household=HB-000001 kind=rent \
	    organisation=Woonstede valid_from=2026-01-01 "$@"
}

refused 1 "field 'iban': invalid IBAN 'NL91ABNA0417164301': check digits" \
    "invalid IBAN" hb-household add organisation name=X kind=energy \
    iban=NL91ABNA0417164301
refused 1 "length 17, expected 18 for NL" "short IBAN" \
    hb-household add organisation name=X kind=energy iban=NL91ABNA041716430
refused 1 "field 'amount': amount '0' must be more than zero" "zero amount" \
    rent amount=0 schedule=monthly:1
refused 1 "field 'amount': amount '-712.50' must be more than zero" \
    "negative amount" rent amount=-712.50 schedule=monthly:1
refused 1 "field 'amount': invalid amount '712,505': more than two decimals" \
    "three decimals" rent amount=712,505 schedule=monthly:1
refused 1 "field 'amount'" "garbage amount" rent amount=12abc schedule=monthly:1
refused 1 "field 'schedule': invalid schedule 'monthly:0'" "day 0" \
    rent amount=700 schedule=monthly:0
refused 1 "field 'schedule': invalid schedule 'monthly:32'" "day 32" \
    rent amount=700 schedule=monthly:32
refused 1 "field 'household': unknown household 'HB-000099'" \
    "unknown household" hb-household add agreement household=HB-000099 \
    kind=rent organisation=Woonstede amount=700 schedule=monthly:1 \
    valid_from=2026-01-01
refused 1 "field 'valid_to': the agreement ends (2026-01-31) before it starts (2026-02-01)" \
    "end before start" hb-household add agreement household=HB-000001 \
    kind=rent organisation=Woonstede amount=700 schedule=monthly:1 \
    valid_from=2026-02-01 valid_to=2026-01-31
refused 1 "field 'household': household 'HB-000001' already exists" \
    "duplicate code" hb-household add household household=HB-000001 \
    name=Y composition=single caseworker=x start=2026-01-01
refused 1 "field 'kind': unknown kind 'huurr': expected one of salary" \
    "unknown kind" hb-household add agreement household=HB-000001 kind=huurr \
    organisation=Woonstede amount=700 schedule=monthly:1 valid_from=2026-01-01
refused 1 "field 'legal_basis': a repayment needs its legal basis" \
    "taking without legal basis" hb-household add agreement \
    household=HB-000001 kind=repayment organisation=Woonstede amount=50 \
    schedule=monthly:1 valid_from=2026-01-01 claim=x claim_total=500
refused 1 "field 'claim_total': the claim's total is less than one payment" \
    "claim smaller than a payment" hb-household add agreement \
    household=HB-000001 kind=offset organisation=Woonstede amount=50 \
    schedule=monthly:1 valid_from=2026-01-01 legal_basis="Awb 4:93" \
    claim=x claim_total=40
refused 1 "field 'claim': only a repayment, offset or collection has a claim" \
    "rent with a claim" rent amount=700 schedule=monthly:1 claim=x
refused 1 "field 'start': invalid date '2026-02-30'" "impossible date" \
    hb-household add household name=Z composition=single caseworker=x \
    start=2026-02-30
refused 1 "field 'composition': unknown composition 'alone'" \
    "unknown composition" hb-household add household name=Z \
    composition=alone caseworker=x start=2026-01-01
refused 1 "field 'children': a single_parent household has at least one child" \
    "single parent without children" hb-household add household name=Z \
    composition=single_parent caseworker=x start=2026-01-01
refused 1 "field 'household': invalid household code 'HB-12'" "bad code" \
    hb-household add household household=HB-12 name=Z composition=single \
    caseworker=x start=2026-01-01
refused 1 "an agreement has no field 'amuont'" "misspelt field" \
    rent amount=700 schedule=monthly:1 amuont=700
refused 1 "IBAN NL91ABNA0417164300 is already registered" "IBAN twice" \
    hb-household add account iban=NL91ABNA0417164300 holder=x kind=pooled
refused 1 "field 'household': a pooled account holds many households' money" \
    "pooled account with a household" hb-household add account \
    iban=NL34BNGH0285000001 holder=x kind=pooled household=HB-000001
refused 1 "cannot change 'code'" "unchangeable field" \
    hb-household set HB-000001 code=HB-000002
refused 1 "the participation cannot end before it started" \
    "end before start of participation" hb-household end HB-000001 2025-12-31
refused 1 "unknown agreement 99" "end an unknown agreement" \
    hb-household end-agreement 99 2026-12-31

# usage errors: exit 2, before the store is touched
refused 2 "missing required field 'composition' for household" \
    "missing field without a terminal" hb-household add household name=Z \
    caseworker=x start=2026-01-01
refused 2 "unknown record type 'person'" "unknown record" \
    hb-household add person name=x
refused 2 "expected field=value, not 'name'" "bare word" \
    hb-household add household name
refused 2 "invalid date '31-13-2026'" "date in the wrong form" \
    hb-household end HB-000001 31-13-2026
refused 2 "unknown output format 'xml'" "unknown output format" \
    hb-household -o xml list
refused 2 "usage: hb-household" "no command" hb-household
refused 2 "usage: hb-household" "unknown command" hb-household frobnicate
refused 1 "cannot list 'people'" "unknown list" hb-household list people
done_testing
