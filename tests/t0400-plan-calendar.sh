#!/bin/sh
# hb-plan: the payment calendar.  Payouts execute on the last bank working
# day that still gets the money there by the due date (a transfer arrives
# the next bank working day); weekends and TARGET2 holidays move them.
# Each scenario is a household on its own managed account, whose balance
# comes from one imported statement.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3

# the plan as a caseworker reads it, in tsv, without the decision ids
# (they depend on how often was planned before)
plan_tsv() {
	run hb-plan run -o tsv "$@"
	cut -f1-5,7-9 "$T/out" >"$T/cut" && mv "$T/cut" "$T/out"
}

# payouts without their row and decision ids
payouts_tsv() {
	run hb-plan -o tsv payouts "$@"
	cut -f2-11 "$T/out" >"$T/cut" && mv "$T/cut" "$T/out"
}

# household CODE NAME MANAGED-IBAN BALANCE: a single household on its own
# managed account, with a statement that leaves BALANCE on it on 2027-01-15
household() {
	hb-household -q add household household="$1" name="$2" \
	    composition=single caseworker=jbakker start=2026-01-01
	hb-household -q add account iban="$3" holder="Gemeente" kind=managed \
	    household="$1"
	camt_begin "$T/st-$1.xml" "$3" "ST-$1" "$4" 2027-01-04 "$4" 2027-01-15
	camt_end "$T/st-$1.xml"
	hb-import -q "$T/st-$1.xml"
}

HB_NOW=2027-01-20
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name=Eneco kind=energy iban=NL20INGB0001234567
hb-household -q add organisation name=UWV kind=benefit_agency \
    iban=NL75ABNA0555555555

# --- rent due on a Sunday -------------------------------------------------
# 2027-02-07 is a Sunday: the last bank day on or before it is Friday the
# 5th, so the transfer goes on Thursday the 4th and arrives on Friday.
household HB-000001 "Zondag" NL50BNGH0285000101 2000.00
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=700.00 schedule=monthly:7 \
    valid_from=2026-01-01 reference="Huur Zondag"
plan_tsv -m 2027-02 HB-000001
status_is 0 "a month that can be paid plans with exit 0"
out_is "rent due on Sunday 2027-02-07 executes on Thursday 2027-02-04" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-02-04	payout	Woonstede	700.00	1300.00	hard	PAY	Woonstede € 700,00 to Woonstede
OUT
payouts_tsv HB-000001
out_is "the payout keeps its due date and its execution date" <<'OUT'
household	due	execution	kind	creditor	amount	creditor_iban	end_to_end	status	approved_by
HB-000001	2027-02-07	2027-02-04	rent	Woonstede	700.00	NL91ABNA0417164300	HB000001-A1-20270207	planned	
OUT
"$SQLITE3" "$HB_DB" "SELECT trace FROM decision WHERE rule = 'PAY' AND
    agreement_id = 1 ORDER BY id DESC LIMIT 1" >"$T/out"
out_has "due 2027-02-07 (rent, priority 1); executed 2027-02-04, the last bank working day that gets it there by then" \
    "the decision's trace gives the due date and the execution date"

# --- rent due the day after Easter Monday ---------------------------------
# Easter 2027 is 28 March: Good Friday 26 March and Easter Monday 29 March
# are TARGET2 holidays.  Rent due Tuesday 30 March: the last bank day on or
# before it is the 30th itself; one bank day earlier skips Monday 29 (Easter
# Monday), the weekend and Friday 26 (Good Friday): Thursday 25 March.
household HB-000002 "Pasen" NL23BNGH0285000102 2000.00
hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=650.00 schedule=monthly:30 \
    valid_from=2026-01-01
plan_tsv -m 2027-03 HB-000002
status_is 0 "the Easter month plans with exit 0"
out_is "rent due 2027-03-30 executes on Thursday 2027-03-25, before Good Friday" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-03-25	payout	Woonstede	650.00	1350.00	hard	PAY	Woonstede € 650,00 to Woonstede
OUT

# --- day 31 in February ---------------------------------------------------
# monthly:31 falls on the last day of a short month: 2027-02-28 is a
# Sunday (executed Thursday 25th); 2028-02-29 is a Tuesday (executed Monday
# 28th); 2027-04-30 is a Friday (executed Thursday 29th).
household HB-000003 "Eenendertig" NL93BNGH0285000103 2000.00
hb-household -q add agreement household=HB-000003 kind=energy \
    organisation=Eneco amount=95.00 schedule=monthly:31 valid_from=2026-01-01
plan_tsv -m 2027-02 HB-000003
out_is "day 31 in February 2027 is 2027-02-28, a Sunday: executed 2027-02-25" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-02-25	payout	Eneco	95.00	1905.00	hard	PAY	Eneco € 95,00 to Eneco
OUT
plan_tsv -m 2028-02 HB-000003
out_is "day 31 in February 2028 is the leap day 2028-02-29: executed 2028-02-28" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2028-02-28	payout	Eneco	95.00	1905.00	hard	PAY	Eneco € 95,00 to Eneco
OUT
plan_tsv -m 2027-04 HB-000003
out_is "day 31 in April is 2027-04-30: executed 2027-04-29" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-04-29	payout	Eneco	95.00	1905.00	hard	PAY	Eneco € 95,00 to Eneco
OUT
payouts_tsv HB-000003
out_has "HB-000003	2027-02-28	2027-02-25	energy" "the February payout is due on the 28th"
out_has "HB-000003	2028-02-29	2028-02-28	energy" "the leap-year payout is due on the 29th"
out_has "HB000003-A3-20280229	planned" "its EndToEndId carries the clamped due date"
out_lacks "2027-03-03" "no payout spills over into March"

# --- weekly leefgeld across a month end -----------------------------------
# Mondays in February 2027: 1, 8, 15, 22; Monday 1 March is March's.  The
# leefgeld due Monday 1 February leaves on Friday 29 January, and the one
# due Monday 1 March on Friday 26 February, in March's plan.  Monday 29
# March is Easter Monday: that leefgeld leaves on Wednesday 24 March.
household HB-000004 "Leefgeld" NL66BNGH0285000104 1000.00
hb-household -q add account iban=NL57SNSB0911111111 holder="Leefgeld" \
    kind=own household=HB-000004
hb-household -q add agreement household=HB-000004 kind=leefgeld \
    amount=50.00 schedule=weekly:mon valid_from=2026-01-01
plan_tsv -m 2027-02 HB-000004
status_is 0 "weekly leefgeld plans with exit 0"
out_is "February: the four Mondays of February, the first executed in January" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-01-29	payout	Leefgeld	50.00	950.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-02-05	payout	Leefgeld	50.00	900.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-02-12	payout	Leefgeld	50.00	850.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-02-19	payout	Leefgeld	50.00	800.00	hard	PAY	leefgeld € 50,00 to Leefgeld
OUT
plan_tsv -m 2027-03 HB-000004
# The March plan opens with the bank balance (1000.00): February's
# payouts are planned, not yet exported nor booked.
out_is "March: 1 March leaves on 26 February, Easter Monday's on 24 March" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-02-26	payout	Leefgeld	50.00	950.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-03-05	payout	Leefgeld	50.00	900.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-03-12	payout	Leefgeld	50.00	850.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-03-19	payout	Leefgeld	50.00	800.00	hard	PAY	leefgeld € 50,00 to Leefgeld
2027-03-24	payout	Leefgeld	50.00	750.00	hard	PAY	leefgeld € 50,00 to Leefgeld
OUT
payouts_tsv HB-000004
check "nine leefgeld payouts over the two months" \
    test "$(grep -c '	leefgeld	' "$T/out")" -eq 9
check "the leefgeld due 1 March is planned exactly once" \
    test "$(grep -c '^HB-000004	2027-03-01	2027-02-26	' "$T/out")" -eq 1
check "the leefgeld due 1 February is planned exactly once" \
    test "$(grep -c '^HB-000004	2027-02-01	2027-01-29	' "$T/out")" -eq 1
out_lacks "2027-04-05" "April's first Monday is not in March's plan"
# planning February again does not take March's Monday back
plan_tsv -m 2027-02 HB-000004
out_lacks "2027-02-26" "replanning February leaves 1 March to March"
payouts_tsv HB-000004
check "still nine leefgeld payouts after replanning February" \
    test "$(grep -c '	leefgeld	' "$T/out")" -eq 9

# --- income a week late ---------------------------------------------------
# Today is 2027-01-29.  The UWV benefit was due on Friday 22 January (day
# margin 3) and has not been booked: it is signalled as missing and the
# plan does not count on it, so February's rent (executed today, the last
# bank day before Monday 1 February) needs the buffer.
HB_NOW=2027-01-29
household HB-000005 "Te laat" NL39BNGH0285000105 100.00
hb-household -q add agreement household=HB-000005 kind=rent \
    organisation=Woonstede amount=700.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add agreement household=HB-000005 kind=benefit \
    organisation=UWV amount=1100.00 schedule=monthly:22 day_margin=3 \
    valid_from=2026-01-01
plan_tsv HB-000005
status_is 3 "a missing income needs a person: exit 3"
out_is "February: rent from the buffer, January's benefit not counted, February's repays the buffer" <<'OUT'
date	what	counterparty	amount	balance_after	mode	rule	outcome
2027-01-22	income_missing	UWV	1100.00	100.00	advisory	INCOME-MISSING	missing: UWV € 1.100,00 from UWV, expected on 2027-01-22
2027-01-29	buffer_advance	Woonstede	700.00	-600.00	hard	PAY-BUFFER	Woonstede € 700,00 to Woonstede with a buffer advance
2027-02-22	income	UWV	1100.00	500.00	hard	INCOME-EXPECTED	UWV € 1.100,00 from UWV
2027-02-22	buffer_recovery	UWV	600.00	500.00	hard	BUFFER-RECOVER	buffer advance repaid: € 600,00 of € 600,00
OUT
# the missing income changes what the plan does (rent now needs the
# buffer), so it is a decision of its own, advisory
run hb-plan -o tsv decisions HB-000005
check "the plan table shows the missing income (INCOME-MISSING)" \
    awk -F'\t' '$10 == "current" && $5 == "income_missing" &&
    $9 == "INCOME-MISSING" { f = 1 } END { exit !f }' "$T/out"
run hb-plan run HB-000005
out_has "HB-000005 2027-02: opening € 100,00, closing € 500,00, buffer used at most € 600,00; 1 payouts, 1 advisory, 0 held, 4 signals" \
    "the summary line gives the opening, the buffer used and the signals"
run hb-import -o tsv signals HB-000005
out_has "	income_missing	6		active	UWV (€ 1.100,00) expected on 2027-01-22 has not arrived by 2027-01-29 (day margin 3): the plan does not count on it" \
    "the missing income is signalled with its date and margin"
out_has "	buffer_used	" "the buffer advance is signalled"
check "one active income_missing signal, not one per plan" \
    test "$(grep -c 'income_missing.*	active	' "$T/out")" -eq 1

# the benefit arrives, a week late: the statement books it, and a new plan
# counts it and pays the rent from it
camt_begin "$T/late.xml" NL39BNGH0285000105 LATE-1 100.00 2027-01-16 1200.00 2027-01-29
camt_entry "$T/late.xml" 1100.00 CRDT 2027-01-29 LATE-A NL75ABNA0555555555 UWV "Uitkering januari"
camt_end "$T/late.xml"
run hb-import -q "$T/late.xml"
status_is 0 "the late benefit imports and is matched"
plan_tsv HB-000005
status_is 0 "replanning with the late benefit exits 0"
cp "$T/out" "$T/plan"
cut -f1,2,4-9 "$T/plan" >"$T/out"
out_is "the late benefit is booked, the rent is paid without the buffer" <<'OUT'
date	what	amount	balance_after	mode	rule	outcome
2027-01-29	income	1100.00	1200.00	hard	INCOME-BOOKED	Uitkering januari € 1.100,00 from UWV
2027-01-29	payout	700.00	500.00	hard	PAY	Woonstede € 700,00 to Woonstede
2027-02-22	income	1100.00	1600.00	hard	INCOME-EXPECTED	UWV € 1.100,00 from UWV
OUT
# Once a bug, kept as a regression test: a booked line's decision carries no agreement (gather_lines() leaves
# ev->agreement 0), so the plan table shows the booked benefit without its
# counterparty, although import booked it to the UWV agreement.
cp "$T/plan" "$T/out"
out_has "2027-01-29	income	UWV	1100.00	1200.00	hard	INCOME-BOOKED" \
    "the booked benefit names its counterparty, UWV"
run hb-import -o tsv signals HB-000005
out_lacks "income_missing	6		active" "the missing-income signal is resolved"
out_lacks "buffer_used	5		active" "and so is the buffer signal"
done_testing
