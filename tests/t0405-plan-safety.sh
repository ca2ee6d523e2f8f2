#!/bin/sh
# hb-plan's safety: months planned one after another without an export
# between them; a batch that one household cannot stop; taking only from
# income that has arrived; a pooled account's unmatched lines; a likely
# double payment; looking at a plan without writing one; and payouts
# reserved by an export that a crash interrupted.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3

# the store's plans, decisions, payouts and signals: what looking must not
# change
fingerprint() {
	for t in plan decision payout signal export_batch; do
		"$SQLITE3" "$HB_DB" "SELECT * FROM $t ORDER BY id"
	done | cksum
}

# live (not cancelled, not held) payouts of a due date
live() {
	"$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout p JOIN household h ON
	    h.id = p.household_id WHERE h.code = '$1' AND p.due_date = '$2'
	    AND p.status NOT IN ('cancelled','held')"
}

hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name=UWV kind=benefit_agency \
    iban=NL75ABNA0555555555
hb-household -q add organisation name=CJIB kind=creditor \
    iban=NL63TRIO0212345678

# --- months planned without an export between them ------------------------
# HB-000001 has nothing until its benefit starts in February: December's
# and January's rent are held, carried, held again, and February pays all
# three.  Each month carries December's rent from every earlier plan that
# held it; it must still be paid once.
hb-household -q add household name="A. Krap" composition=single \
    caseworker=jbakker start=2026-01-01 buffer_limit=100.00
hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=450.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add agreement household=HB-000001 kind=benefit \
    organisation=UWV amount=2000.00 schedule=monthly:22 valid_from=2027-02-01

for m in 2026-12 2027-01 2027-02; do
	run hb-plan run -q -m $m HB-000001
	status_is 3 "$m plans, with held payouts for a person (exit 3)"
	check "$m: no constraint failure" \
	    sh -c '! grep -q "UNIQUE\|constraint" "$1"' x "$T/err"
	[ $m = 2027-01 ] || continue
	# December's rent is held in December's plan and, carried, in
	# January's: the listing shows it once as held, in January's plan
	run hb-plan -o tsv payouts HB-000001
	check "January: December's rent is listed held once" test \
	    "$(grep -c '	2026-12-01	.*	held	' "$T/out")" -eq 1
	check "and once as carried, in December's plan" test \
	    "$(grep -c '	2026-12-01	.*	carried	' "$T/out")" -eq 1
done
check "February pays December's rent once" test "$(live HB-000001 2026-12-01)" -eq 1
check "and January's once" test "$(live HB-000001 2027-01-01)" -eq 1
run hb-plan -o tsv payouts HB-000001
out_has "HB-000001	2026-12-01	2027-02-22	rent	Woonstede	450.00	NL91ABNA0417164300	HB000001-A1-20261201	planned" \
    "December's rent is paid late, on the benefit's day in February"

# planning the months again, in order: December takes its rent back from
# February's plan, January carries it again, February pays it
run hb-plan run -q -m 2026-12 HB-000001
status_is 3 "December plans again"
check "December's rent is no longer live in February's plan" \
    test "$(live HB-000001 2026-12-01)" -eq 0
check "the hold says it was taken back from February's plan" \
    test "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM decision d JOIN plan p
    ON p.id = d.plan_id WHERE p.superseded_by IS NULL AND p.month =
    '2026-12' AND d.inputs LIKE '%taken back from the plan of 2027-02%'")" -eq 1
for m in 2027-01 2027-02; do
	run hb-plan run -q -m $m HB-000001
	status_is 3 "$m plans again"
	check "$m again: no constraint failure" \
	    sh -c '! grep -q "UNIQUE\|constraint" "$1"' x "$T/err"
done
for d in 2026-12-01 2027-01-01 2027-02-01; do
	check "the rent due $d is live exactly once" \
	    test "$(live HB-000001 $d)" -eq 1
done
run hb-plan -m 2027-02 HB-000001
out_has "HB-000001 2027-02 (planned on 2026-11-29 by " "February's plan is shown"
out_has "; 3 payouts, " "with its three rents"
run hb-import -o tsv signals HB-000001
out_lacks "double_payment" "three rents caught up on one day are no double payment"

# --- one household's failure does not stop the batch ----------------------
hb-household -q add household name="B. Gewoon" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL23BNGH0285000102 holder=Gemeente \
    kind=managed household=HB-000002
hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=400.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add household name="C. Kapot" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL93BNGH0285000103 holder=Gemeente \
    kind=managed household=HB-000003
hb-household -q add agreement household=HB-000003 kind=rent \
    organisation=Woonstede amount=300.00 schedule=monthly:1 \
    valid_from=2026-01-01
run hb-plan run -q -m 2027-03 HB-000003
plan3=$("$SQLITE3" "$HB_DB" "SELECT id FROM plan WHERE household_id = 3 AND
    month = '2027-03' AND superseded_by IS NULL")
# the agreement's data is damaged behind hb's back
"$SQLITE3" "$HB_DB" "UPDATE agreement SET schedule = 'garbage' WHERE
    household_id = 3"
run hb-plan run -a -q -m 2027-03
status_is 3 "a batch with a household that fails exits 3"
err_has "hb-plan: HB-000003: " "stderr names the household"
err_has "garbage" "and the error"
err_has "1 household could not be planned and kept its earlier plan" \
    "and says a person looks"
check "the other households are planned" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM plan WHERE month = '2027-03' AND superseded_by IS
    NULL AND household_id IN (1, 2)")" -eq 2
check "the failed household keeps its earlier plan" test "$("$SQLITE3" \
    "$HB_DB" "SELECT id FROM plan WHERE household_id = 3 AND month =
    '2027-03' AND superseded_by IS NULL")" = "$plan3"
run hb-import -o tsv signals HB-000003
out_has "plan_failed" "the failure is a signal for the household"
out_has "planning 2027-03 failed" "naming the month"
run hb-household -o tsv list audit
out_has "	plan		ok	2027-03: 2 households, " "the batch is kept and audited"
"$SQLITE3" "$HB_DB" "UPDATE agreement SET schedule = 'monthly:1' WHERE
    household_id = 3"
run hb-plan run -q -m 2027-03 HB-000003
status_is 0 "repaired, the household plans"
run hb-import -o tsv signals HB-000003
out_has "plan_failed			resolved" "and its failure signal is resolved"

# --- bring before take ----------------------------------------------------
# 800.00 on the account, a repayment due on the 5th, the benefit on the
# 25th: the repayment is not made from the benefit before it arrives.
hb-household -q add household name="D. Schuld" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000004
hb-household -q add agreement household=HB-000004 kind=benefit \
    organisation=UWV amount=1000.00 schedule=monthly:25 valid_from=2026-12-01 \
    description=Uitkering
hb-household -q add agreement household=HB-000004 kind=repayment \
    organisation=CJIB amount=30.00 schedule=monthly:5 valid_from=2026-01-01 \
    description="Boete CJIB" legal_basis="Awb 4:93" claim="CJIB 1" \
    claim_total=300.00
camt_begin "$T/d.xml" NL66BNGH0285000104 D-1 800.00 2026-11-01 800.00 2026-11-27
camt_end "$T/d.xml"
hb-import -q "$T/d.xml"
run hb-plan run -o tsv -m 2026-12 HB-000004
status_is 0 "the month plans; waiting for income needs no person"
out_has "2026-12-03	hold	CJIB	30.00	800.00	" \
    "the repayment is not paid on its day, though the balance would cover it"
out_has "TAKE-POSTPONED	postponed: Boete CJIB € 30,00 to CJIB; net income arrived this month € 0,00" \
    "the decision says no income has arrived"
out_has "Uitkering € 1.000,00, expected on 2026-12-28, is not counted before it arrives" \
    "and which income it waits for"
check "the benefit is only expected" grep -q \
    "^2026-12-28	income	UWV	1000.00	1800.00	[0-9]*	hard	INCOME-EXPECTED	" "$T/out"
out_lacks "	TAKE	" "so nothing is taken against it, however near"
run hb-plan -o tsv payouts HB-000004
out_lacks "	repayment	CJIB" "and no repayment is paid out"
# On the 28th the bank has booked the benefit; the month planned again
# weighs the repayment against it.
HB_NOW=2026-12-28
camt_begin "$T/d2.xml" NL66BNGH0285000104 D-2 800.00 2026-11-28 1800.00 2026-12-28
camt_entry "$T/d2.xml" 1000.00 CRDT 2026-12-28 D-2-1 NL75ABNA0555555555 UWV \
    Uitkering
camt_end "$T/d2.xml"
hb-import -q "$T/d2.xml"
run hb-plan run -o tsv -m 2026-12 HB-000004
status_is 0 "planned again once the benefit is booked: exit 0"
check "the benefit is booked" grep -q \
    "^2026-12-28	income	UWV	1000.00	1800.00	[0-9]*	hard	INCOME-BOOKED	" "$T/out"
out_has "2026-12-28	payout	CJIB	30.00	1770.00	" "the repayment is weighed against it"
run hb-plan -o tsv payouts HB-000004
out_has "HB-000004	2026-12-05	2026-12-28	repayment	CJIB" \
    "and executed that day, not on the 3rd"
check "its trace weighs the booked income" \
    test "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM decision WHERE rule =
    'TAKE' AND household_id = 4 AND trace LIKE
    '%net income arrived this month € 1.000,00%'")" -eq 1
HB_NOW=2026-11-29

# --- a pooled account's unmatched lines -----------------------------------
hb-household -q add account iban=NL64BNGH0285126628 holder=Gemeente \
    kind=pooled
hb-household -q add household name="E. Pool" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add agreement household=HB-000005 kind=rent \
    organisation=Woonstede amount=500.00 schedule=monthly:10 \
    valid_from=2026-01-01
run hb-plan run -o tsv -m 2026-12 HB-000005
out_has "PAY-BUFFER" "without unmatched lines the rent is advanced by the buffer"
run hb-plan -o tsv payouts HB-000005
out_has "2026-12-10	2026-12-09	rent	Woonstede	500.00	NL91ABNA0417164300	HB000005-A7-20261210	planned" \
    "and planned, hard"
camt_begin "$T/p.xml" NL64BNGH0285126628 P-1 1000.00 2026-11-01 -200.00 2026-11-27
camt_entry "$T/p.xml" 1200.00 DBIT 2026-11-20 P-1-1 NL20INGB0001234567 \
    "Onbekend BV" "factuur 991"
camt_end "$T/p.xml"
run hb-import -q "$T/p.xml"
status_is 3 "the pooled statement imports with a line nobody matched"
run hb-plan run -o tsv -m 2026-12 HB-000005
status_is 3 "the plan needs a person"
out_has "	signal		1200.00	0.00	" "a notice gives the unmatched debits"
out_has "advisory	POOL-UNMATCHED	the pooled account has 1 line booked to no household" \
    "the plan says the balance is uncertain"
run hb-plan -o tsv payouts HB-000005
out_has "HB000005-A7-20261210	advisory" \
    "the rent, which needs more than the certain balance, is advisory"
run hb-import -o tsv signals HB-000005
out_has "unmatched_lines" "the household gets a signal"

# --- a second agreement for the same thing --------------------------------
before=$(fingerprint)
run hb-household add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=400.00 schedule=monthly:1 \
    valid_from=2026-06-01
status_is 1 "a second identical rent agreement is refused"
err_has "HB-000002 already has agreement 3 (Woonstede): rent, 400.00, monthly:1 from 2026-01-01; a second one would pay twice: give force=1 to add it anyway" \
    "naming the agreement there is"
run hb-household add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=400.00 schedule=monthly:1 \
    valid_from=2026-06-01 force=yes
status_is 1 "force takes 1 or 0"
run hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=410.00 schedule=monthly:1 \
    valid_from=2026-06-01
status_is 0 "another amount is another agreement"
run hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=400.00 schedule=monthly:1 \
    valid_from=2026-06-01 force=1
status_is 0 "force=1 adds it anyway"
run hb-plan run -q -m 2027-04 HB-000002
run hb-import -o tsv signals HB-000002
out_has "double_payment" "paying Woonstede 400.00 twice on one day is signalled"
out_has "possible double payment: 2 payouts of € 400,00 to Woonstede (NL91ABNA0417164300) on 2027-03-31" \
    "with the amount, the creditor and the day"

# --- looking at a plan does not write one ---------------------------------
hb-household -q add household name="F. Kijk" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL12BNGH0285000106 holder=Gemeente \
    kind=managed household=HB-000006
hb-household -q add agreement household=HB-000006 kind=rent \
    organisation=Woonstede amount=100.00 schedule=monthly:1 \
    valid_from=2026-01-01
camt_begin "$T/f.xml" NL12BNGH0285000106 F-1 500.00 2026-11-01 500.00 2026-11-27
camt_end "$T/f.xml"
hb-import -q "$T/f.xml"
before=$(fingerprint)
run hb-plan HB-000006
status_is 1 "showing a plan that does not exist exits 1"
err_has "hb-plan: no plan for HB-000006 in 2026-12: run 'hb-plan run HB-000006'" \
    "it says how to make one"
out_is_empty "and shows nothing"
run hb-plan -n HB-000006
status_is 0 "a preview exits as the run would"
out_has "HB-000006 2026-12 (preview, not kept): opening € 500,00, closing € 400,00" \
    "it shows the plan"
out_has "Woonstede € 100,00 to Woonstede" "with its decisions"
err_has "a preview: nothing was kept" "and says nothing was kept"
check "showing and previewing write no plan" test "$(fingerprint)" = "$before"
run hb-household -o tsv list audit
out_has "	preview plan	HB-000006	ok	2026-12: 1 households" \
    "the preview is audited, as other reads are"
run hb-plan run HB-000006
status_is 0 "run plans"
out_has "HB-000006 2026-12: opening € 500,00, closing € 400,00" "and shows the plan it made"
grep -v '^HB-000006' "$T/out" >"$T/ran"
after=$(fingerprint)
run hb-plan HB-000006
status_is 0 "the kept plan is shown"
out_has "HB-000006 2026-12 (planned on 2026-11-29 by " "saying when it was made"
grep -v '^HB-000006' "$T/out" >"$T/shown"
check "with the same decisions as the run printed" cmp -s "$T/ran" "$T/shown"
run hb-plan -a
status_is 1 "-a shows every household's plan and exits 1 when one has none"
out_has "HB-000006 2026-12 (planned on" "it shows the plans there are"
err_has "no plan for HB-000002 in 2026-12: run 'hb-plan run HB-000002'" \
    "and names those there are not"
check "showing changes nothing" test "$(fingerprint)" = "$after"
run hb-plan -q HB-000006
status_is 2 "-q without run is a usage error"
run hb-plan -n decisions
status_is 2 "-n with a command is a usage error"
run hb-plan run -q HB-000006
run hb-plan -o tsv decisions HB-000006
check "decisions shows the current plan's only" \
    sh -c '! grep -q superseded "$1"' x "$T/out"
run hb-plan -o tsv decisions -H HB-000006
out_has "superseded" "-H shows the history"

# --- payouts reserved by an interrupted export ----------------------------
HB_DB=$T/crash.db
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name=Eneco kind=energy iban=NL22RABO0123456700
hb-household -q add household name="G. Crash" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=450.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add agreement household=HB-000001 kind=energy \
    organisation=Eneco amount=100.00 schedule=monthly:15 valid_from=2026-01-01
camt_begin "$T/g.xml" NL50BNGH0285000101 G-1 1000.00 2026-11-01 1000.00 2026-11-27
camt_end "$T/g.xml"
hb-import -q "$T/g.xml"
run hb-plan run HB-000001
out_has "opening € 1.000,00, closing € 450,00" "December: rent and energy from 1,000.00"
mkdir "$T/bank"
run env HB_TEST_CRASH=after-pending hb-plan export -D "$T/bank" \
    -w 2026-11-29:2026-12-31
check "the export is killed after reserving its payouts" test "$status" -gt 128
check "both payouts are reserved by a pending batch" test "$("$SQLITE3" \
    "$HB_DB" "SELECT count(*) FROM payout p JOIN export_batch b ON b.id =
    p.pending_batch WHERE b.status = 'pending'")" -eq 2
run hb-plan run -o tsv HB-000001
status_is 0 "December plans again"
out_has "2026-12-14	payout	Eneco	100.00	450.00	" "the reserved energy payout leaves on its day"
out_has "PAY-RESERVED	Eneco € 100,00 to Eneco, reserved for export batch 1" "shown as reserved for the batch"
run hb-plan HB-000001
out_has "opening € 550,00, closing € 450,00" \
    "the reserved rent is off the opening balance, the energy leaves on its day"
out_has "; 0 payouts, " "neither is planned again"
check "each due date has one live payout" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM payout WHERE status NOT IN ('cancelled','held')")" -eq 2
# an export of January settles the pending batch: abandoned, its payouts
# freed, in a plan that is no longer current
run hb-plan export -D "$T/bank" -w 2027-01-01:2027-01-31
status_is 0 "an export of another window settles the batch"
out_has "nothing to export" "and exports nothing"
check "the batch is abandoned" test "$("$SQLITE3" "$HB_DB" "SELECT status
    FROM export_batch")" = abandoned
run hb-plan run HB-000001
status_is 0 "December plans again after the batch was abandoned"
out_has "opening € 1.000,00, closing € 450,00" "with both payouts planned again"
check "each due date still has one live payout" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM payout WHERE status NOT IN ('cancelled','held')")" -eq 2
run hb-plan export -D "$T/bank" -w 2026-11-29:2026-12-31
status_is 0 "the next export exports them"
check "each payout is exported exactly once" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) || '/' || count(DISTINCT idem_key) FROM payout WHERE
    status = 'exported'")" = "2/2"
done_testing
