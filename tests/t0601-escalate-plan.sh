#!/bin/sh
# What an escalation does to the plan: every taking of the household is
# suspended and the disputed decisions are advisory, while income, rent
# and leefgeld go on; resolving it lets the taking go on again (with the
# amount of a changed agreement).  Filing names the payouts already on
# their way.  hb-plan run -a files an escalation itself when a household's
# buffer is exhausted, not a second one while it is open, and exits 3
# while an escalation is overdue.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
unset SUDO_USER SUDO_UID

plan_tsv() {
	run hb-plan run -o tsv "$@"
	cut -f1-5,7-9 "$T/out" >"$T/cut" && mv "$T/cut" "$T/out"
}
payouts_tsv() {
	run hb-plan -o tsv payouts "$@"
	cut -f2-6,10 "$T/out" >"$T/cut" && mv "$T/cut" "$T/out"
}
q() { "$SQLITE3" "$HB_DB" "$1"; }

HB_NOW=2027-05-20	# a Thursday
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name="Gemeente Voorbeeldstad" \
    kind=municipality iban=NL09KNAB0255555555
hb-household -q add organisation name=CJIB kind=creditor iban=NL63TRIO0212345678
hb-household -q add organisation name=DUO kind=creditor iban=NL44RABO0123456789
# rent, weekly leefgeld, bijstand, two takings within the 5% (50.00)
hb-household -q add household name="A. Jansen" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add account iban=NL57SNSB0911111111 holder="A. Jansen" \
    kind=own household=HB-000001
# (managed from 20 May on: the first bijstand on the account is May's)
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=500.00 schedule=monthly:1 \
    valid_from=2027-05-20 description=Huur
hb-household -q add agreement household=HB-000001 kind=leefgeld \
    amount=50.00 schedule=weekly:mon valid_from=2027-05-20
hb-household -q add agreement household=HB-000001 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=1000.00 \
    schedule=monthly:20 valid_from=2027-05-01 description=Bijstand
hb-household -q add agreement household=HB-000001 kind=repayment \
    organisation=CJIB amount=40.00 schedule=monthly:25 \
    valid_from=2026-01-01 description="Boete CJIB" legal_basis="Awb 4:93" \
    claim="CJIB 2025-0104" claim_total=1000.00
hb-household -q add agreement household=HB-000001 kind=repayment \
    organisation=DUO amount=10.00 schedule=monthly:28 \
    valid_from=2026-01-01 description="Studieschuld DUO" \
    legal_basis="Awb 4:93" claim="DUO 77" claim_total=900.00
# May's bijstand is booked today, the 20th: May's takings are weighed
# against it (June's wait for June's bijstand to be booked).
camt_begin "$T/s.xml" NL66BNGH0285000104 S-1 800.00 2027-05-01 1800.00 2027-05-20
camt_entry "$T/s.xml" 1000.00 CRDT 2027-05-20 S-1-1 NL09KNAB0255555555 \
    "Gemeente Voorbeeldstad" Bijstand
camt_end "$T/s.xml"
hb-import -q "$T/s.xml"

plan_tsv -m 2027-05 HB-000001
status_is 0 "without an escalation the month needs nobody"
out_has "2027-05-24	payout	CJIB	40.00	1710.00	hard	TAKE	" "CJIB takes 40.00"
out_has "2027-05-27	payout	DUO	10.00	1700.00	hard	TAKE	" \
    "DUO takes 10.00 (due Friday the 28th, executed on Thursday)"
hb-plan run -q -m 2027-06 HB-000001

# the rent of 1 June leaves on 31 May: exported before anyone escalates
mkdir "$T/bank"
hb-plan -q export -D "$T/bank" -w 2027-05-31:2027-05-31

# --- the citizen disputes the CJIB fine ---------------------------------------
run hb-escalate file HB-000001 on_behalf_of=citizen \
    category=collection_too_hard urgency=urgent \
    reason="de boete is al betaald" agreement=4
status_is 0 "filed"
out_is "urgent, filed on a Thursday: due the next Tuesday; takings withdrawn" <<'OUT'
escalation 1 filed for HB-000001: urgent, due 2027-05-25
2 planned takings withdrawn until it is resolved
OUT
err_has "hb-escalate: already on its way, not stopped by escalation 1:" \
    "filing says what is already on its way"
check "the exported rent, with its execution date" \
    grep -qE '^  payout [0-9]+: Huur € 500,00 to Woonstede, execution 2027-05-31 \(exported in HB-' "$T/err"
check "the planned takings are withdrawn at once, so no export takes them" \
    test "$(q "SELECT group_concat(status) FROM payout WHERE agreement_id
        IN (4, 5)")" = "cancelled,cancelled"

run hb-plan run -m 2027-06 HB-000001
status_is 3 "an open escalation needs a person: exit 3"
out_has "escalation 1 open (urgent, due 2027-05-25): every taking suspended; advisory: Boete CJIB (agreement 4)" \
    "hb-plan shows the escalation, what it suspends and its due date"
plan_tsv -m 2027-06 HB-000001
out_has "2027-06-24	suspend	CJIB	40.00	2150.00	advisory	TAKE-ESCALATED	suspended: Boete CJIB € 40,00; escalation 1 is open" \
    "the disputed taking is suspended, advisory"
out_has "2027-06-25	suspend	DUO	10.00	2100.00	advisory	TAKE-ESCALATED	suspended: Studieschuld DUO € 10,00; escalation 1 is open" \
    "and every other taking of the household too"
out_has "2027-06-21	income	Gemeente Voorbeeldstad	1000.00	" "income goes on"
check "leefgeld goes on, hard, every Monday" \
    test "$(grep -c '	payout	A. Jansen	50.00	.*	hard	PAY	' "$T/out")" -eq 4
payouts_tsv HB-000001
check "June's rent and leefgeld are planned for export" \
    test "$(grep -c '^HB-000001	2027-06-.*	planned$' "$T/out")" -eq 4
out_lacks "	repayment	CJIB	planned" "no CJIB payout"

# --- resolved as changed: the caseworker lowers the instalment -----------------
hb-household -q end-agreement 4 2027-05-20
hb-household -q add agreement household=HB-000001 kind=repayment \
    organisation=CJIB amount=25.00 schedule=monthly:25 \
    valid_from=2027-05-21 description="Boete CJIB" legal_basis="Awb 4:93" \
    claim="CJIB 2025-0104" claim_total=500.00
run hb-escalate resolve 1 changed "deels betaald: 25 per maand"
status_is 0 "resolved"
plan_tsv -m 2027-05 HB-000001
status_is 0 "with the escalation resolved the month needs nobody"
out_has "2027-05-24	payout	CJIB	25.00	1725.00	hard	TAKE	Boete CJIB € 25,00 to CJIB" \
    "the taking goes on, with the new amount"
out_has "2027-05-27	payout	DUO	10.00	1715.00	hard	TAKE	" "and DUO's too"
out_lacks "TAKE-ESCALATED" "nothing is suspended any more"
run hb-plan run -m 2027-06 HB-000001
out_lacks "escalation 1" "hb-plan no longer shows the escalation"

# --- about the household as a whole -------------------------------------------
hb-escalate -q file HB-000001 on_behalf_of=neighbourhood_team \
    category=not_standard urgency=normal reason="zorgen over de situatie"
plan_tsv -m 2027-06 HB-000001
status_is 3 "exit 3"
check "both takings suspended" \
    test "$(grep -c '	suspend	.*	TAKE-ESCALATED	' "$T/out")" -eq 2
out_lacks "	advisory	PAY" "rent and leefgeld stay hard decisions"
hb-escalate -q resolve 2 rejected "situatie is stabiel"

# --- an automatic escalation from the batch ------------------------------------
# HB-000002 has no income and rent of 1,400.00: the buffer is exhausted.
hb-household -q add household name="B. Smit" composition=single \
    caseworker=ayilmaz start=2026-01-01
hb-household -q add account iban=NL39BNGH0285000105 holder=Gemeente \
    kind=managed household=HB-000002
hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=1400.00 schedule=monthly:1 \
    valid_from=2026-01-01 description=Huur
hb-household -q add agreement household=HB-000002 kind=repayment \
    organisation=DUO amount=20.00 schedule=monthly:28 \
    valid_from=2026-01-01 description="Studieschuld DUO" \
    legal_basis="Awb 4:93" claim="DUO 78" claim_total=900.00
run hb-plan run -a -m 2027-06
status_is 3 "the batch exits 3"
err_has "hb-plan: 1 escalation filed automatically: a person decides (hb-escalate list)" \
    "and says it filed an escalation"
out_has "escalation 3 open (urgent, due 2027-05-25): every taking suspended" \
    "the household's plan shows it"
check "automatic, urgent, about HB-000002, with the reason" \
    test "$(q "SELECT h.code, x.automatic, x.urgent, x.category, x.reason
        LIKE 'automatic: %buffer%' FROM escalation x JOIN household h ON
        h.id = x.household_id WHERE x.id = 3")" = "HB-000002|1|1|other|1"
check "the escalation took effect at once: the taking is suspended" \
    test "$(q "SELECT count(*) FROM decision d JOIN plan p ON p.id = d.plan_id
        WHERE p.superseded_by IS NULL AND d.household_id = 2 AND
        d.rule = 'TAKE-ESCALATED'")" -eq 1
run hb-household -o tsv list audit HB-000002
out_has "escalate	HB-000002	ok	escalation 3 filed automatically" "audited"
run hb-plan run -a -q -m 2027-06
check "no second automatic escalation while one is open" \
    test "$(q "SELECT count(*) FROM escalation WHERE automatic = 1")" -eq 1

# the municipality switches it off
printf 'policy.auto_escalate\t2027-01-01\toff\ttext\tP\ttest\n' >"$T/off.tsv"
hb-household -q load-parameters "$T/off.tsv"
hb-escalate -q resolve 3 upheld "buffer verhoogd"
hb-plan run -a -q -m 2027-06
check "policy.auto_escalate off: none filed" \
    test "$(q "SELECT count(*) FROM escalation WHERE automatic = 1")" -eq 1

# --- overdue --------------------------------------------------------------------
hb-escalate -q file HB-000001 on_behalf_of=debt_counsellor \
    category=income_missing urgency=urgent reason="toeslag ontbreekt"
HB_NOW=2027-05-25 run hb-plan run -a -q -m 2027-06
check "on its due date it is not overdue" \
    test "$(q "SELECT count(*) FROM signal WHERE kind = 'escalation_overdue'")" -eq 0
HB_NOW=2027-05-26 run hb-plan run -a -q -m 2027-06
status_is 3 "the batch exits 3 the day after"
err_has "hb-plan: 1 escalation is overdue (hb-escalate list -O)" "and says why"
check "an escalation_overdue signal for the household" \
    test "$(q "SELECT h.code, s.details FROM signal s JOIN household h ON
        h.id = s.household_id WHERE s.kind = 'escalation_overdue'")" = \
    "HB-000001|escalation 4 was due on 2027-05-25 and is not resolved"
HB_NOW=2027-05-27 run hb-plan run -a -q -m 2027-06
status_is 3 "still exit 3 while it is overdue"
check "but one signal, not one per run" \
    test "$(q "SELECT count(*) FROM signal WHERE kind = 'escalation_overdue'")" -eq 1
HB_NOW=2027-05-27 hb-escalate -q resolve 4 upheld "toeslag aangevraagd"
HB_NOW=2027-05-27 run hb-plan run -a -q -m 2027-06
check "resolved: the batch no longer reports it overdue" \
    sh -c '! grep -q overdue "$1"' x "$T/err"

# --- a payout held a second time --------------------------------------------------
# In a store of its own: no buffer, no money, a subscription of 100.00.
# Held in June and carried, it is held again in July: the batch escalates.
HB_DB=$T/held.db
export HB_DB
hb-household -q init
hb-household -q add organisation name=Eneco kind=energy \
    iban=NL20INGB0001234567
hb-household -q add household name=X composition=single caseworker=jbakker \
    start=2026-01-01 buffer_limit=0
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=other_fixed \
    organisation=Eneco amount=100 schedule=monthly:10 \
    valid_from=2026-01-01 description=Abonnement
run hb-plan run -a -q -m 2027-06
check "held once: no escalation" \
    test "$(q "SELECT count(*) FROM escalation")" -eq 0
run hb-plan run -a -q -m 2027-07
status_is 3 "held twice: exit 3"
err_has "1 escalation filed automatically" "says so"
check "an automatic escalation about the hold, with its rule" \
    test "$(q "SELECT x.reason, s.kind, s.rule FROM escalation x JOIN
        escalation_subject s ON s.escalation_id = x.id")" = \
    "automatic: held a second time: Abonnement due 2027-06-10|decision|HOLD"
done_testing
