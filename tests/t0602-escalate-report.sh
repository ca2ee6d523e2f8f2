#!/bin/sh
# hb-escalate report: escalations by the rule of the disputed decisions,
# category and outcome, with the share upheld or changed, the median and
# 90th percentile days to resolution (nearest rank) and how many went
# past their due date; the figures below are worked out by hand.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
unset SUDO_USER SUDO_UID
q() { "$SQLITE3" "$HB_DB" "$1"; }

HB_NOW=2027-05-01
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name="Gemeente Voorbeeldstad" \
    kind=municipality iban=NL09KNAB0255555555
hb-household -q add organisation name=CJIB kind=creditor iban=NL63TRIO0212345678
hb-household -q add household name="A. Jansen" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=500.00 schedule=monthly:1 \
    valid_from=2026-01-01 description=Huur
hb-household -q add agreement household=HB-000001 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=1000.00 \
    schedule=monthly:20 valid_from=2026-01-01 description=Bijstand
hb-household -q add agreement household=HB-000001 kind=repayment \
    organisation=CJIB amount=40.00 schedule=monthly:25 \
    valid_from=2026-01-01 description="Boete CJIB" legal_basis="Awb 4:93" \
    claim="CJIB 2025-0104" claim_total=1000.00
# April's bijstand is booked on the 20th: the plan of April made that day
# takes the repayment from it (a taking weighs only booked income); the
# plan of May pays the rent of 1 May.
camt_begin "$T/s.xml" NL66BNGH0285000104 S-1 800.00 2027-04-01 1800.00 2027-04-20
camt_entry "$T/s.xml" 1000.00 CRDT 2027-04-20 S-1-1 NL09KNAB0255555555 \
    "Gemeente Voorbeeldstad" Bijstand
camt_end "$T/s.xml"
HB_NOW=2027-04-20 hb-import -q "$T/s.xml"
HB_NOW=2027-04-20 hb-plan run -q -m 2027-04 HB-000001
HB_NOW=2027-04-20 hb-plan run -q -m 2027-05 HB-000001
take=$(q "SELECT id FROM decision WHERE rule = 'TAKE'")
pay=$(q "SELECT id FROM decision WHERE rule = 'PAY'")
check "the plan has a TAKE and a PAY decision" test -n "$take" -a -n "$pay"

# file DAY URGENCY CATEGORY [decision=ID]
file() {
	HB_NOW=$1 hb-escalate -q file HB-000001 on_behalf_of=citizen \
	    urgency=$2 category=$3 reason=r ${4:+"$4"}
}
resolve() {	# DAY ID OUTCOME
	HB_NOW=$1 hb-escalate -q resolve $2 $3 "reden $2"
}
# 1: TAKE, urgent, Mon 3 May (due Thu 6 May), upheld on 5 May: 2 days
file 2027-05-03 urgent collection_too_hard decision=$take
resolve 2027-05-05 1 upheld
# 2: TAKE, normal (due 31 May), changed on 13 May: 10 days
file 2027-05-03 normal collection_too_hard decision=$take
resolve 2027-05-13 2 changed
# 3: TAKE, urgent (due 6 May), rejected on 10 May: 7 days, past due
file 2027-05-03 urgent collection_too_hard decision=$take
resolve 2027-05-10 3 rejected
# 4: TAKE, wrong amount, normal, filed 4 May, open (due 1 June)
file 2027-05-04 normal wrong_amount decision=$take
# 5: PAY, wrong amount, urgent, filed Tue 4 May (due Fri 7 May), open:
#    overdue on 20 May
file 2027-05-04 urgent wrong_amount decision=$pay
# 6: the household as a whole, other, filed 10 May, upheld on 11 May
file 2027-05-10 normal other
resolve 2027-05-11 6 upheld
# 7: filed in June
file 2027-06-01 normal other decision=$take

# By group: TAKE/collection_too_hard has 3: 1 upheld, 1 changed, 1
# rejected, so 2 of 3 = 66.7%; days 2, 7, 10: median (rank 2 of 3) 7,
# 90th percentile (rank 3 of 3) 10; one past due (3).  All of May: 6
# escalations, 3 of the 4 resolved upheld or changed = 75.0%; days 1,
# 2, 7, 10: median (rank 2 of 4) 2, 90th percentile (rank 4 of 4) 10;
# past due: 3 and 5.
HB_NOW=2027-05-20 run hb-escalate -o tsv report -m 2027-05
status_is 0 "report"
out_is "the report of May" <<'OUT'
rule	category	count	upheld	changed	rejected	open	upheld_or_changed_percent	median_days	p90_days	overdue
-	other	1	1	0	0	0	100.0	1	1	0
PAY	wrong_amount	1	0	0	0	1				1
TAKE	collection_too_hard	3	1	1	1	0	66.7	7	10	1
TAKE	wrong_amount	1	0	0	0	1				0
*	*	6	2	1	1	2	75.0	2	10	2
OUT
HB_NOW=2027-05-20 run hb-escalate -o csv report -f 2027-05-04 -t 2027-05-04
out_is "a period of one day: the two filed on 4 May" <<'OUT'
rule,category,count,upheld,changed,rejected,open,upheld_or_changed_percent,median_days,p90_days,overdue
PAY,wrong_amount,1,0,0,0,1,,,,1
TAKE,wrong_amount,1,0,0,0,1,,,,0
*,*,2,0,0,0,2,,,,1
OUT
HB_NOW=2027-05-20 run hb-escalate -o json report -m 2027-05
out_has ' {"rule": "TAKE", "category": "collection_too_hard", "count": 3, "upheld": 1, "changed": 1, "rejected": 1, "open": 0, "upheld_or_changed_percent": "66.7", "median_days": 7, "p90_days": 10, "overdue": 1},' \
    "json: numbers as numbers, the share as a string"
HB_NOW=2027-05-20 run hb-escalate report -m 2027-05
out_has "TAKE  collection_too_hard      3       1        1         1     0  66.7" \
    "human: a table"
HB_NOW=2027-06-02 run hb-escalate -o tsv report
check "without a period: all seven" \
    test "$(tail -n 1 "$T/out" | cut -f1-3)" = "*	*	7"
HB_NOW=2027-05-20 run hb-escalate -o tsv report -m 2027-07
out_is "a month without escalations: only the header" <<'OUT'
rule	category	count	upheld	changed	rejected	open	upheld_or_changed_percent	median_days	p90_days	overdue
OUT
run hb-household -o tsv list audit
out_has "report escalations		ok" "the report is audited"
done_testing
