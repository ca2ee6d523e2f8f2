#!/bin/sh
# The example municipality registers whole and shows the three households
# the domain needs (share/hb/examples/README.md).
. "$top_srcdir/tests/lib.sh"
ex=$top_srcdir/share/hb/examples

hb-household -q init
run hb-household intake "$ex/municipality.csv"
status_is 0 "the example municipality registers"
out_has "50 records registered" "every record"

run hb-household -o tsv list households
out_is "three households" <<'OUT'
code	name	composition	caseworker	adults	children	buffer_limit	start	end	status	agreements
HB-000001	Dhr. M. de Vries	single	jbakker	1	0	1500.00	2026-03-02		active	8
HB-000002	Mw. S. El Amrani	single_parent	ayilmaz	1	2	1500.00	2026-06-01		active	10
HB-000003	Fam. Öztürk	couple	jbakker	2	0	1500.00	2026-04-13		active	9
OUT

run hb-household -o tsv list agreements HB-000001
out_has "	in	benefit	UWV	" "(1) lives on a UWV benefit"
out_has "Huurtoeslag" "(1) receives huurtoeslag"
out_has "Zorgtoeslag" "(1) receives zorgtoeslag"
run hb-household -o tsv list agreements HB-000002
out_has "	in	salary	" "(2) has a part-time salary"
out_has "	in	benefit	Gemeente Voorbeeldstad	NL56BNGH0285047329	493.83	monthly:15" \
    "(2) gets a bijstand top-up mid-month"
out_has "	out	rent	" "(2) pays rent"
run hb-household -o tsv list taking HB-000003
out_has "repayment" "(3) repays a debt"
out_has "offset	Belastingdienst/Toeslagen" "(3) has a Toeslagen offset"
run hb-household -o tsv list accounts
out_has "NL64BNGH0285126628	pooled" "a pooled managed account"
out_has "NL23BNGH0285126881	managed	Gemeente Voorbeeldstad inz. Fam. Öztürk	HB-000003" \
    "a per-household managed account"
run hb-household -o tsv list consents
out_has "HB-000002	Bakkerij Van Dam B.V." "consent for income data from an employer"

# the README's main job
run sh "$top_srcdir/build-aux/example.sh" "$T/build" "$top_srcdir"
status_is 0 "the main job runs"
out_has "Mw. S. El Amrani" "and shows the households"
out_has "Beste Mw. S. El Amrani," "and prints a letter to a citizen"
out_has "Dan kunt u bezwaar maken." "which says how to object"
done_testing
