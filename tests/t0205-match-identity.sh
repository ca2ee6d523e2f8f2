#!/bin/sh
# hb-import: on a pooled account a line is booked to a household only on
# evidence that points at that household alone; an organisation's IBAN, a
# generic term and an amount only suggest; a correction marks the months
# planned on the wrong booking for replanning.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
POOL=NL64BNGH0285126628
SVB=NL52INGB0003322110
BD=NL86INGB0002445588
ENERGY=NL34INGB0006650213
OWN1=NL54ABNA0511223344
OWN2=NL08ABNA0522334455

# Two AOW households with the SVB and the Belastingdienst in common:
# the same generic terms ('svb', 'aow', 'zorgtoeslag'), their own dossier
# numbers, and one's zorgtoeslag equal to the other's.
cat >"$T/reg.csv" <<CSV
record,household,name,composition,adults,children,buffer_limit,caseworker,start,kind,organisation,iban,holder,amount,schedule,valid_from,valid_to,search,reference,amount_margin,day_margin,legal_basis,claim,claim_total,description,protected_notice
organisation,,Sociale Verzekeringsbank,,,,,,,benefit_agency,,$SVB,,,,,,,,,,,,,,
organisation,,Belastingdienst/Toeslagen,,,,,,,benefit_agency,,$BD,,,,,,,,,,,,,,
organisation,,Stroomwijzer Energie,,,,,,,energy,,$ENERGY,,,,,,,,,,,,,,
household,HB-000001,Dhr. A. Jansen,single,1,0,1500.00,jbakker,2026-06-01,,,,,,,,,,,,,,,,,
household,HB-000002,Mw. B. de Groot,single,1,0,1500.00,jbakker,2026-06-01,,,,,,,,,,,,,,,,,
account,,,,,,,,,pooled,,$POOL,Gemeente Voorbeeldstad inz. Huishoudboekje,,,,,,,,,,,,,
account,HB-000001,,,,,,,,own,,$OWN1,A. Jansen,,,,,,,,,,,,,
account,HB-000002,,,,,,,,own,,$OWN2,B. de Groot,,,,,,,,,,,,,
agreement,HB-000001,,,,,,,,benefit,Sociale Verzekeringsbank,$SVB,,1450.00,monthly:23,2026-06-01,,svb|aow|7710021,,5.00,3,,,,AOW,
agreement,HB-000002,,,,,,,,benefit,Sociale Verzekeringsbank,$SVB,,1200.00,monthly:23,2026-06-01,,svb|aow|7720462,,5.00,3,,,,AOW,
agreement,HB-000001,,,,,,,,toeslag,Belastingdienst/Toeslagen,$BD,,123.00,monthly:20,2026-06-01,,zorgtoeslag|8301.11.111,,5.00,3,,,,zorgtoeslag,
agreement,HB-000002,,,,,,,,toeslag,Belastingdienst/Toeslagen,$BD,,131.00,monthly:20,2026-06-01,,zorgtoeslag|8301.22.222,,5.00,3,,,,zorgtoeslag,
agreement,HB-000001,,,,,,,,energy,Stroomwijzer Energie,$ENERGY,,132.00,monthly:18,2026-06-01,,termijn,Klantnr 55102981,5.00,3,,,,energie,
agreement,HB-000002,,,,,,,,energy,Stroomwijzer Energie,$ENERGY,,132.00,monthly:18,2026-06-01,,termijn,Klantnr 55163310,5.00,3,,,,energie,
agreement,HB-000001,,,,,,,,leefgeld,,$OWN1,,60.00,weekly:mon,2026-06-01,,,,0.00,3,,,,leefgeld,
agreement,HB-000002,,,,,,,,leefgeld,,$OWN2,,60.00,weekly:mon,2026-06-01,,,,0.00,3,,,,leefgeld,
CSV
hb-household -q init
run hb-household -q intake "$T/reg.csv"
status_is 0 "the register of two AOW households is taken in"
store_copy "$HB_DB" "$T/base.db"

f=$T/dec.xml
camt_begin "$f" $POOL DEC-1 0.00 2026-12-01 3674.00 2026-12-31
# HB-000001's AOW, 18% below its 1450.00, with its own dossier number:
# 1189.00 is within 20% of HB-000002's 1200.00, but not its dossier
camt_entry "$f" 1189.00 CRDT 2026-12-23 S-1 $SVB "Sociale Verzekeringsbank" "AOW december 2026 dossier 7710021"
# HB-000002's zorgtoeslag with its dossier, at HB-000001's amount
camt_entry "$f" 123.00 CRDT 2026-12-18 T-1 $BD "Belastingdienst/Toeslagen" "Zorgtoeslag 2027 8301.22.222"
# nothing but the organisation and the exact amount of HB-000002's AOW
camt_entry "$f" 1200.00 CRDT 2026-12-23 S-2 $SVB "Sociale Verzekeringsbank" "SVB"
# HB-000001's code with HB-000002's AOW amount
camt_entry "$f" 1200.00 CRDT 2026-12-23 S-3 $SVB "Sociale Verzekeringsbank" "AOW HB-000001 nabetaling"
# both dossiers: evidence for two households
camt_entry "$f" 300.00 CRDT 2026-12-23 S-4 $SVB "Sociale Verzekeringsbank" "verrekening 7710021 7720462"
# HB-000001's energy bill by its customer number, far above the agreed
camt_entry "$f" 350.00 DBIT 2026-12-18 E-1 $ENERGY "Stroomwijzer Energie" "Klantnr 55102981 jaarafrekening"
# from HB-000002's own account
camt_entry "$f" 12.00 CRDT 2026-12-10 O-1 $OWN2 "B. de Groot" "storting"
camt_end "$f"
run hb-import -o tsv "$f"
status_is 3 "lines need a person: exit 3"
out_has "	7	7	0	4	3	" "seven lines: four booked to an agreement, three not"

line() {
	"$SQLITE3" "$HB_DB" "SELECT id FROM bank_line WHERE bank_ref = '$1'"
}
booked() {
	"$SQLITE3" -separator ' ' "$HB_DB" "SELECT coalesce(h.code, '-'),
	    coalesce(c.agreement_id, '-') FROM line_current c LEFT JOIN
	    household h ON h.id = c.household_id WHERE c.bank_ref = '$1'"
}
check "the AOW 18% below is booked to the household of its dossier" \
    test "$(booked S-1)" = "HB-000001 1"
run hb-import -o tsv signals
out_has "HB-000001	amount_deviation	1	$(line S-1)	active	amount 1189.00 against 1450.00 agreed: 261.00 less, margin 5.00; '7710021' belongs to HB-000001's agreements only" \
    "with an amount_deviation that names the expected amount and the evidence"
check "the toeslag with HB-000002's dossier is HB-000002's, not the one of its amount" \
    test "$(booked T-1)" = "HB-000002 4"
check "the energy bill is booked by its customer number, whatever its amount" \
    test "$(booked E-1)" = "HB-000001 5"
out_has "amount 350.00 against 132.00 agreed: 218.00 more" \
    "the energy bill's deviation is signalled"
check "a line with only the organisation's name and an amount is not booked" \
    test "$(booked S-2)" = "- -"
check "the line with HB-000001's code is never booked to HB-000002" \
    test "$(booked S-3 | cut -d' ' -f1)" = "HB-000001"
check "the line with both dossiers is booked to nobody" \
    test "$(booked S-4)" = "- -"
check "the line from HB-000002's own account is booked to HB-000002 alone" \
    test "$(booked O-1)" = "HB-000002 -"
out_has "	match_ambiguous		$(line S-4)	active	300.00 from Sociale Verzekeringsbank $SVB: the evidence points at 2 households, nothing booked ('7710021' belongs to HB-000001's agreements only; '7720462' belongs to HB-000002's agreements only)" \
    "the ambiguous line is signalled with the evidence for each household"
out_has "HB-000002	line_unmatched		$(line O-1)	active	12.00 from B. de Groot $OWN2: booked to the household (IBAN $OWN2 is an own account of HB-000002), but to none of its agreements" \
    "the line from an own account is signalled, naming the household"
out_has "	line_unmatched		$(line S-2)	active	1200.00 from Sociale Verzekeringsbank $SVB: nothing identifies one household" \
    "the organisation-only line is signalled for a person"

run hb-import -o tsv unmatched
check "the organisation-only line suggests the AOW of the exact amount first" \
    grep -q "^$(line S-2)	.*	1	2	.*no evidence points at one household; agreement 2 (HB-000002, benefit Sociale Verzekeringsbank)" "$T/out"
check "the ambiguous line suggests both households" \
    sh -c "grep '^$(line S-4)	' '$T/out' | grep -q 'HB-000001' &&
	grep '^$(line S-4)	' '$T/out' | grep -q 'HB-000002'"
"$SQLITE3" "$HB_DB" "SELECT reason FROM line_current WHERE bank_ref = 'T-1'" >"$T/reason"
check "the reason of a booking names the evidence that made it unique" \
    grep -q "^'8301.22.222' belongs to HB-000002's agreements only; agreement 4" "$T/reason"

# a correction: the months planned on the wrong booking are marked
run hb-plan run -a -q -m 2026-12
check "December is planned for every household" test "$status" -ne 1
run hb-plan run -a -q -m 2027-01
# the first leefgeld of December goes to the bank
(cd "$T" && HB_NOW=2026-12-03 hb-plan -q export) >/dev/null 2>&1
check "a payout of HB-000001 is exported" test \
    "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE household_id = 1 AND status = 'exported'")" -eq 1
run hb-import -t 7720462 book "$(line S-3)" 3 "wrong household"
status_is 1 "a search term goes with the agreement it identifies"
run hb-import book "$(line S-3)" 2 "nabetaling for B. de Groot, SVB letter of 2026-12-20"
status_is 0 "the line is booked again by hand"
"$SQLITE3" -separator " " "$HB_DB" "SELECT h.code, r.month FROM replan r JOIN household h
    ON h.id = r.household_id ORDER BY 1, 2" >"$T/replan"
check "the months planned on both bookings are marked for replanning" \
    test "$(tr '\n' ' ' <"$T/replan")" = "HB-000001 2026-12 HB-000001 2027-01 HB-000002 2026-12 HB-000002 2027-01 "
run hb-import -o tsv signals HB-000001
out_has "booking_corrected	1	$(line S-3)	active	line $(line S-3) (2026-12-23, 1200.00) was booked to agreement 1 of this household and is now booked to another household; months to plan again with 'hb-plan run -a -m MONTH': HB-000001 2026-12, HB-000001 2027-01, HB-000002 2026-12, HB-000002 2027-01; payouts already exported on the old booking: payout 1 (2026-12-04, 60.00 to A. Jansen, exported)" \
    "a signal lists the months to plan again and the payouts exported"
before=$(wc -l <"$T/replan")
run hb-import book "$(line S-3)" 2 "the same booking again"
check "booking a line again to the same agreement marks nothing" \
    test "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM replan")" -eq "$before"
stale() {
	"$SQLITE3" "$HB_DB" "SELECT count(*) FROM replan m JOIN plan p ON
	    p.household_id = m.household_id AND p.month = m.month AND
	    p.superseded_by IS NULL WHERE p.at < m.at"
}
check "four plans rest on the wrong booking" test "$(stale)" -eq 4
run hb-plan run -a -m 2027-02
check "the next batch, of another month, plans the marked months again" \
    test "$(stale)" -eq 0
out_has "HB-000001 2026-12: planned again after a corrected booking" \
    "and says so"

# booking by hand can teach the agreement the line's identifying term
run hb-import -t " Nabetaling " book "$(line S-2)" 2 "AOW of B. de Groot, SVB confirmed"
status_is 0 "booked with a new search term"
out_has "agreement 2 matches 'nabetaling' from now on" "it says the agreement learnt the term"
check "the term is added to the agreement" test \
    "$("$SQLITE3" "$HB_DB" "SELECT search FROM agreement WHERE id = 2")" = "svb|aow|7720462|nabetaling"
run hb-import -t 7710021 book "$(line S-2)" 2 "x"
status_is 1 "a term of another household's agreement is refused"
err_has "search term '7710021' is in the agreements of another household" "it says why"

f=$T/jan.xml
camt_begin "$f" $POOL JAN-1 3674.00 2027-01-01 4874.00 2027-01-31
camt_entry "$f" 1200.00 CRDT 2027-01-23 S-5 $SVB "Sociale Verzekeringsbank" "SVB nabetaling"
camt_end "$f"
run hb-import -o tsv "$f"
status_is 0 "the next month's line is booked by itself"
check "to the agreement that learnt its term" test "$(booked S-5)" = "HB-000002 2"

# Two household codes in one line: evidence for both, booked to neither.
# On a household's own managed account, a line with another household's
# dossier is booked to the account's household, to none of its
# agreements, for a person to look at.
store_copy "$T/base.db" "$T/two.db"
MANAGED=NL11RABO0133557799
HB_DB=$T/two.db hb-household -q add account household=HB-000002 kind=managed \
    iban=$MANAGED holder="Gemeente Voorbeeldstad inz. B. de Groot"
f=$T/two.xml
camt_begin "$f" $POOL TWO-1 0.00 2026-12-23 1200.00 2026-12-23
camt_entry "$f" 1200.00 CRDT 2026-12-23 W-1 $SVB "Sociale Verzekeringsbank" "AOW HB-000001 HB-000002"
camt_end "$f"
g=$T/managed.xml
camt_begin "$g" $MANAGED MAN-1 0.00 2026-12-23 1450.00 2026-12-23
camt_entry "$g" 1450.00 CRDT 2026-12-23 M-1 $SVB "Sociale Verzekeringsbank" "AOW december dossier 7710021"
camt_end "$g"
run env HB_DB=$T/two.db hb-import -o tsv "$f" "$g"
status_is 3 "both need a person"
check "a line with two household codes is booked to neither" test \
    "$("$SQLITE3" "$T/two.db" "SELECT count(*) FROM line_current WHERE bank_ref = 'W-1' AND household_id IS NULL")" -eq 1
check "a line with HB-000001's dossier on HB-000002's managed account is not booked to HB-000002's AOW" test \
    "$("$SQLITE3" -separator ' ' "$T/two.db" "SELECT household_id, coalesce(agreement_id, '-'), method FROM line_current WHERE bank_ref = 'M-1'")" = "2 - account"
run env HB_DB=$T/two.db hb-import -o tsv signals
out_has "match_ambiguous" "the line with two codes is signalled as ambiguous"
out_has "HB-000002	line_unmatched" "the line on the managed account is signalled for HB-000002"
out_has "on the managed account of another household than the line names: '7710021' belongs to HB-000001's agreements only" \
    "saying whose identifier it carries"

# The evidence rules are policy: with policy.match_term_households 0 a
# dossier number identifies nobody, and the line is only suggested.
store_copy "$T/base.db" "$T/policy.db"
printf 'policy.match_term_households\t2026-11-01\t0\tcount\tP\tTest: terms never identify\n' >"$T/policy.tsv"
HB_DB=$T/policy.db hb-household -q load-parameters "$T/policy.tsv"
f=$T/policy.xml
camt_begin "$f" $POOL POL-1 0.00 2026-12-23 1450.00 2026-12-23
camt_entry "$f" 1450.00 CRDT 2026-12-23 P-1 $SVB "Sociale Verzekeringsbank" "AOW december dossier 7710021"
camt_end "$f"
run env HB_DB=$T/policy.db hb-import -o tsv "$f"
out_has "	1	1	0	0	1	" "with terms identifying nobody, the dossier line is not booked"

# On a terminal, booking a line by hand to an agreement offers the line's
# identifying word as a search term, and adds it only on a yes.
if command -v tmux >/dev/null 2>&1; then
	store_copy "$T/base.db" "$T/tty.db"
	f=$T/tty.xml
	camt_begin "$f" $POOL TTY-1 0.00 2026-12-23 1450.00 2026-12-23
	camt_entry "$f" 1450.00 CRDT 2026-12-23 Y-1 $SVB "Sociale Verzekeringsbank" "AOW december 2026 kenmerk X99123"
	camt_end "$f"
	HB_DB=$T/tty.db hb-import -q "$f" 2>/dev/null
	id=$("$SQLITE3" "$T/tty.db" "SELECT id FROM bank_line WHERE bank_ref = 'Y-1'")
	tm() { tmux -L "hb-test-$$" -f /dev/null "$@"; }
	tm new-session -d -s hb -x 200 -y 20 "cd '$T' && HB_DB='$T/tty.db' \
	    hb-import book $id 1 'AOW, SVB letter'; echo \"EXIT=\$?\"; sleep 30"
	wait_for() {
		i=0
		while [ $i -lt 100 ]; do
			tm capture-pane -p -t hb >"$T/screen" 2>/dev/null
			grep -qF -- "$1" "$T/screen" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		return 1
	}
	check "the line's identifying word is offered as a search term" \
	    wait_for "add 'x99123' to the search terms of agreement 1, so that its next line is booked by itself? [y/N]:"
	tm send-keys -t hb "y" Enter
	check "on a yes the agreement learns it" \
	    wait_for "agreement 1 matches 'x99123' from now on"
	check "and the command exits 0" wait_for "EXIT=0"
	tm kill-server 2>/dev/null
	check "the term is stored with the agreement" test \
	    "$("$SQLITE3" "$T/tty.db" "SELECT search FROM agreement WHERE id = 1")" = "svb|aow|7710021|x99123"
else
	skip "tmux not installed: the offer of a term on a terminal"
fi

# Matching stays linear when every line fits one agreement (each one a
# second payment where one was expected): 4 times the lines may take at
# most 6 times the SQLite steps (linear 4, quadratic 16), counted rather
# than timed.
same() {	# same N: N lines of HB-000001's AOW, on a fresh store
	store_copy "$T/base.db" "$T/same.db"
	camt_begin "$T/same.xml" $POOL SAME-$1 0.00 2026-12-23 \
	    "$(awk -v n="$1" 'BEGIN { printf "%.2f", n * 1450 }')" 2026-12-23
	i=0
	while [ $i -lt "$1" ]; do
		camt_entry "$T/same.xml" 1450.00 CRDT 2026-12-23 SAME-$i $SVB \
		    "Sociale Verzekeringsbank" "AOW december dossier 7710021"
		i=$((i + 1))
	done
	camt_end "$T/same.xml"
	HB_DB=$T/same.db HB_TEST_VM_STEPS=1 hb-import -q "$T/same.xml" \
	    2>&1 >/dev/null | sed -n 's/^hb-import: \([0-9]*\) SQLite steps$/\1/p'
}
s1=$(same 250)
s4=$(same 1000)
check "4x the lines of one agreement take at most 6x the work ($s1, $s4 steps)" \
    test -n "$s1" -a -n "$s4" -a "$((s4 * 10))" -le "$((s1 * 60))"
done_testing
