#!/bin/sh
# hb-household: registering and changing households, accounts,
# organisations, agreements and consent records.
. "$top_srcdir/tests/lib.sh"

run hb-household init
status_is 0 "init creates a store"
out_has "ready" "init says the store is ready"

run hb-household add organisation name=Woonstede kind=landlord \
    iban="nl91 abna 0417 1643 00"
status_is 0 "add an organisation"
out_is "organisation added, with a normalised IBAN" <<OUT
organisation Woonstede added
OUT
run hb-household add organisation name=Eneco kind=energy \
    iban="NL20INGB0001234567 NL44RABO0123456789"
status_is 0 "an organisation with two IBANs"
run hb-household add organisation name=UWV kind=benefit_agency \
    iban=NL75ABNA0555555555
run hb-household add organisation name="CJIB Incasso" kind=creditor \
    iban=NL63TRIO0212345678
status_is 0 "a creditor"

run hb-household add household name="J. de Vries" composition=single \
    caseworker=jbakker start=2026-01-01
status_is 0 "add a household without a code"
out_is "the next code is assigned" <<OUT
household HB-000001 added
OUT
run hb-household add household household=HB-000042 name="Fam. Öztürk" \
    composition=couple_children children=2 buffer_limit=2500,00 \
    caseworker=pjansen start=2026-02-01
status_is 0 "add a household with a code and a buffer limit"
run hb-household add household name="A. Bakker" composition=single \
    caseworker=jbakker start=2026-03-01
out_has "HB-000043" "codes continue after the highest"

run hb-household add account iban=NL34BNGH0285000001 holder="Gemeente" \
    kind=pooled
status_is 0 "a pooled managed account"
run hb-household add account iban=NL57SNSB0911111111 holder="J. de Vries" \
    kind=own household=HB-000001
status_is 0 "the household's own account"

run hb-household add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=712,50 schedule=monthly:1 \
    valid_from=2026-01-01 search="huur|woonstede" reference="Huur 12345"
status_is 0 "a rent agreement"
out_is "it gets an id" <<OUT
agreement 1 added
OUT
run hb-household add agreement household=HB-000001 kind=energy \
    organisation=Eneco iban=NL44RABO0123456789 amount=95 schedule=monthly:31 \
    valid_from=2026-01-01
status_is 0 "an energy agreement on day 31 with one of two IBANs"
run hb-household add agreement household=HB-000001 kind=benefit \
    organisation=UWV amount=1.234,56 schedule=monthly:22 valid_from=2026-01-01 \
    day_margin=3 amount_margin=10.00
status_is 0 "an income agreement"
run hb-household add agreement household=HB-000001 kind=leefgeld \
    amount=60.00 schedule=weekly:mon valid_from=2026-01-01
status_is 0 "weekly leefgeld goes to the own account by default"
run hb-household add agreement household=HB-000001 kind=reservation \
    amount=20.00 schedule=4weekly:2026-01-05 valid_from=2026-01-05
status_is 0 "a four-weekly reservation"
run hb-household add agreement household=HB-000001 kind=other_fixed \
    organisation=Eneco iban=NL20INGB0001234567 amount=150.00 \
    schedule=yearly:02-29 valid_from=2026-01-01
status_is 0 "a yearly payment on 29 February"
run hb-household add agreement household=HB-000001 kind=repayment \
    organisation="CJIB Incasso" amount=25.00 schedule=once:2026-12-15 \
    valid_from=2026-01-01 legal_basis="Awb 4:93" \
    claim="Boete 2025-001" claim_total=250.00 protected_notice=1300.61
status_is 0 "a repayment with its basis, claim and total"

run hb-household -o tsv list agreements HB-000001
status_is 0 "list agreements of one household"
out_is "the agreements, as stored, in tsv" <<'OUT'
id	household	direction	kind	counterparty	iban	amount	schedule	valid_from	valid_to	description	search	reference	amount_margin	day_margin
3	HB-000001	in	benefit	UWV	NL75ABNA0555555555	1234.56	monthly:22	2026-01-01		UWV			10.00	3
1	HB-000001	out	rent	Woonstede	NL91ABNA0417164300	712.50	monthly:1	2026-01-01		Woonstede	huur|woonstede	Huur 12345	5.00	3
2	HB-000001	out	energy	Eneco	NL44RABO0123456789	95.00	monthly:31	2026-01-01		Eneco			5.00	3
4	HB-000001	out	leefgeld	own account	NL57SNSB0911111111	60.00	weekly:mon	2026-01-01		leefgeld			5.00	3
5	HB-000001	out	reservation	own account		20.00	4weekly:2026-01-05	2026-01-05		reservation			5.00	3
6	HB-000001	out	other_fixed	Eneco	NL20INGB0001234567	150.00	yearly:02-29	2026-01-01		Eneco			5.00	3
7	HB-000001	out	repayment	CJIB Incasso	NL63TRIO0212345678	25.00	once:2026-12-15	2026-01-01		CJIB Incasso			5.00	3
OUT

run hb-household -o tsv list taking
out_is "taking shows basis, claim and total" <<'OUT'
id	household	kind	creditor	amount	legal_basis	claim	claim_total
7	HB-000001	repayment	CJIB Incasso	25.00	Awb 4:93	Boete 2025-001	250.00
OUT

run hb-household add consent household=HB-000001 organisation=UWV \
    reference=TOESTEMMING-1 valid_from=2026-01-01
status_is 0 "a consent record"
run hb-household -o tsv list consents
out_has "HB-000001	UWV	TOESTEMMING-1	2026-01-01" "the consent is listed"

run hb-household set HB-000001 caseworker=pjansen buffer_limit=1000.00
status_is 0 "change a household"
run hb-household -o csv list households HB-000001
out_has "HB-000001,J. de Vries,single,pjansen,1,0,1000.00,2026-01-01,,active,7" \
    "the change is stored"

run hb-household add-iban Woonstede NL90INGB0002222222
status_is 0 "add an IBAN to an organisation"
run hb-household -o tsv list organisations
out_has "Woonstede	landlord	NL90INGB0002222222 NL91ABNA0417164300" \
    "the organisation has both IBANs"

run hb-household end-agreement 2 2026-06-30
status_is 0 "end one agreement"
out_is "ending an agreement says which household" <<OUT
agreement 2 of HB-000001 ends on 2026-06-30
OUT

run hb-household end HB-000001 2026-11-30
status_is 0 "end the participation"
out_is "ending reports the agreements it ended" <<OUT
HB-000001 ends on 2026-11-30; 6 agreements ended
OUT
run hb-household -o tsv list agreements HB-000001
out_has "2026-06-30" "an agreement that ended earlier keeps its date"
check "every agreement now ends by the end date" \
    sh -c '! cut -f10 "$1" | grep -v -e valid_to -e 2026-11-30 -e 2026-06-30 -q' \
    x "$T/out"
run hb-household -o tsv list households HB-000001
out_has "ended" "the household is marked ended"
run hb-household add agreement household=HB-000001 kind=water \
    organisation=Eneco iban=NL20INGB0001234567 amount=20 schedule=monthly:5 \
    valid_from=2026-01-01
status_is 1 "no new agreements after the end"
err_has "ended its participation on 2026-11-30" "the error says why"

run hb-household show HB-000042
status_is 0 "show a household"
out_has "Fam. Öztürk" "show prints the name"
out_has "€ 2.500,00" "amounts for people are Dutch"
run hb-household -o json show HB-000042
out_has '"buffer_limit": "2500.00"' "json amounts are strings, never floats"
done_testing
