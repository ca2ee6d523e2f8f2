#!/bin/sh
# hb-overview: the plain-text twin on the example month, checked against
# the store; the screen driven through tmux: navigate, filter, search,
# explain, approve, resize, refresh, quit and a signal; no store lock is
# held while it waits for a key; hostile names cannot reach the terminal.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
ex=$top_srcdir/share/hb/examples
plan_all() { hb-plan run -a -q "$@"; }
sql() { "$SQLITE3" "$HB_DB" "$1"; }

hb-household -q init
hb-household -q intake "$ex/municipality.csv"
hb-import -q "$ex"/camt053-*.xml
# household 3 disputes its repayment (filed a week ago, urgent, so now
# overdue): takings become advisory
HB_NOW=2026-11-20 hb-escalate -q file HB-000003 on_behalf_of=citizen \
    category=collection_too_hard urgency=urgent reason='cannot pay this'
# household 2's buffer is small: advancing its leefgeld needs a person
hb-household -q set HB-000002 buffer_limit=500
plan_all
# a debit nobody can place on household 3's own managed account
. "$top_srcdir/tests/camt.sh"
cents=$(sql "SELECT s.closing FROM statement s JOIN account a ON
    a.id = s.account_id WHERE a.iban = 'NL23BNGH0285126881' ORDER BY
    s.closing_date DESC LIMIT 1")
euros() { sql "SELECT printf('%d.%02d', $1 / 100, $1 % 100)"; }
camt_begin "$T/odd.xml" NL23BNGH0285126881 ODD-1 "$(euros "$cents")" \
    2026-12-01 "$(euros "$((cents - 1234))")" 2026-12-01
camt_entry "$T/odd.xml" 12.34 DBIT 2026-12-01 ODD-A NL91ABNA0417164300 \
    "Onbekend" "factuur 991"
camt_end "$T/odd.xml"
HB_NOW=2026-12-02 hb-import -q "$T/odd.xml" 2>/dev/null
odd=$(sql "SELECT id FROM bank_line WHERE bank_ref = 'ODD-A'")

run hb-overview -p
status_is 0 "the plain overview of the coming month"
out_has "Overview of 2026-12: 3 households, 2 need a person; 1 bank lines nobody booked" \
    "it counts the households, those that need a person and the lines"
check "HB-000002: the batch escalated, two payouts await approval, the
    buffer is in use" grep -q '^!  HB-000002 .*€ 475,06  E1 A2 S[0-9]* B$' "$T/out"
check "HB-000003's escalation is overdue, a line is unmatched" \
    grep -q '^!  HB-000003 .* E!1 S[0-9]* U1$' "$T/out"
check "HB-000001 needs nobody" grep -q '^   HB-000001 .* ok$' "$T/out"

run hb-overview -p -f
out_lacks "HB-000001" "-f leaves out who needs nobody"
out_has "HB-000003" "and keeps who does"

run hb-overview -o tsv
status_is 0 "the overview as tsv"
sql "SELECT h.code || ' ' || (p.closing / 100) || '.' ||
    substr('0' || (p.closing % 100), -2) FROM plan p JOIN household h ON
    h.id = p.household_id WHERE p.month = '2026-12' AND
    p.superseded_by IS NULL ORDER BY h.code" >"$T/want"
cut -f1,7 "$T/out" | tail -n +2 | tr '\t' ' ' >"$T/got"
check "closing balances are the current plans' in the store" \
    cmp -s "$T/want" "$T/got"

run hb-overview -o json
if command -v python3 >/dev/null 2>&1; then
	check "the json parses, with amounts as strings" python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 3 and all(isinstance(r["closing"], str) for r in rows)
assert [r["needs_person"] for r in rows] == [0, 1, 1]' "$T/out"
else
	skip "python3 not installed"
fi

run hb-overview -o tsv HB-000002
status_is 0 "a household's months as tsv"
check "one row per decision of the current December plan" test \
    "$(awk -F'\t' '$2 == "2026-12"' "$T/out" | wc -l)" -eq \
    "$(sql "SELECT count(*) FROM decision d JOIN plan p ON p.id = d.plan_id
    JOIN household h ON h.id = p.household_id WHERE h.code = 'HB-000002'
    AND p.month = '2026-12' AND p.superseded_by IS NULL")"
check "October, not planned, shows the bank's lines" test \
    "$(awk -F'\t' '$2 == "2026-10" && $14 != ""' "$T/out" | wc -l)" -eq \
    "$(sql "SELECT count(*) FROM line_current l JOIN household h ON
    h.id = l.household_id WHERE h.code = 'HB-000002' AND
    l.booking_date LIKE '2026-10-%'")"
check "a buffer advance shows the part the buffer paid" \
    grep -q '^HB-000002	2026-12	2026-12-04	buffer_advance	.*	190.00	136.06	-136.06	' "$T/out"

run hb-overview -p HB-000002
out_has "HB-000002 2026-12: opening € 53,94" "the month's totals for people"
out_has "signal " "and its signals"

run hb-overview -p -m 2026-13
status_is 2 "an invalid month is a usage error"
run hb-overview -p HB-12
status_is 2 "so is a bad household code"

# hostile names: no escape sequence or bidi override reaches the output
hb-household -q add household name="$(printf 'Evil\033[2J\007\342\200\256Name')" \
    composition=single caseworker=x start=2026-01-01
run hb-overview -p
out_has "Evil?[2J??Name" "control and bidi characters are replaced"
check "no escape byte" sh -c '! grep -q "$(printf "\033")" "$1"' x "$T/out"

# --- the screen ------------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux not installed: the screen is not tested"
	done_testing
	exit 0
fi
n=0
tm() { tmux -L "hb-ov-$$-$n" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
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
start() {
	tm kill-server 2>/dev/null
	n=$((n + 1))
	tm new-session -d -s hb -x "$1" -y 24 \
	    "cd '$T' && LC_ALL=C.UTF-8 hb-overview; echo \"EXIT=\$?\"; sleep 30"
}
keys() { tm send-keys -t hb "$@"; sleep 0.2; }

start 100
check "the screen shows the month and the households" \
    wait_for "hb-overview 2026-12: 4 households"
check "the hostile name is shown harmlessly" grep -qF 'Evil?[2J??Name' "$T/screen"
keys f
check "f: only those who need a person" wait_for "[only those needing"
check "HB-000001 is not listed" sh -c '! grep -q "HB-000001" "$1"' x "$T/screen"
keys f / Amrani Enter Enter
check "search and Enter open the household's month" \
    wait_for "HB-000002  2026-10 - 2026-12"
check "the month shows the buffer advance and the running balance" \
    grep -q '^04 buffer_advance .*€ -190,00 *€ -136,06' "$T/screen"
keys Enter
check "Enter opens the explanation of the selected decision" \
    wait_for "explanation of D"
check "the pane shows hb-explain's text: its rule" wait_for "Rule PAY-BUFFER"
keys q
check "q goes back to the month" wait_for "HB-000002  2026-10 - 2026-12"

# widen the terminal: the three months side by side
tm resize-window -t hb -x 140 -y 24 2>/dev/null ||
    tm resize-pane -t hb -x 140 -y 24
sleep 0.5
tm capture-pane -p -t hb >"$T/screen"
check "a wide terminal shows the three months side by side" \
    grep -q '2026-10  closing .*2026-11  closing .*2026-12  closing' "$T/screen"

# the store is not locked while the screen waits
run hb-household add household name=Nieuw composition=single caseworker=x \
    start=2026-01-01
status_is 0 "a write succeeds while the screen is open"
keys q r
check "r shows what changed" wait_for "hb-overview 2026-12: 5 households"

# approve household 2's advisory leefgeld on the screen
adv=$(sql "SELECT d.id FROM payout p JOIN decision d ON d.id = p.decision_id
    JOIN household h ON h.id = p.household_id WHERE h.code = 'HB-000002'
    AND p.status = 'advisory' ORDER BY d.id LIMIT 1")
row=$(hb-overview -o tsv HB-000002 | awk -F'\t' -v d="$adv" \
    '$2 == "2026-12" { n++ } $12 == d { print n - 1 }')
keys f / HB-000002 Enter Enter
wait_for "HB-000002  2026-10" >/dev/null
i=0
while [ "$i" -lt "$row" ]; do keys j; i=$((i + 1)); done
keys a
check "a asks for the reason" wait_for "reason to approve decision $adv:"
keys "agreed with the citizen" Enter
check "the screen says it is approved" wait_for "decision $adv approved"
check "the store has the approval with its reason" test "$(sql "SELECT
    status || '|' || approval_reason FROM payout WHERE decision_id = $adv")" = \
    "approved|agreed with the citizen"

# escalate the selected decision with hb-escalate's own prompts
keys e
check "e asks hb-escalate's questions on the terminal" wait_for "on_behalf_of:"
keys citizen Enter other Enter normal Enter "kan niet rondkomen" Enter
check "then waits to return" wait_for "press Enter to return"
keys Enter
check "back on the screen, which says it is filed" \
    wait_for "escalation filed for HB-000002"
check "the store has the escalation about that decision" test "$(sql "SELECT
    count(*) FROM escalation_subject s JOIN escalation e ON
    e.id = s.escalation_id WHERE e.reason = 'kan niet rondkomen' AND
    s.kind = 'decision' AND s.ref_id = $adv")" -eq 1

# book household 3's unmatched line by hand
keys q / HB-000003 Enter Enter u
check "u lists the lines nobody booked for the household" \
    wait_for "HB-000003: 1 bank lines nobody booked"
check "with the line" grep -q "factuur 991" "$T/screen"
keys b
check "b asks for the agreement" wait_for "book line $odd to agreement:"
keys 22 Enter "energie-afrekening, gebeld met de klant" Enter
check "the screen says it is booked" wait_for "line $odd booked to agreement 22"
check "the store has the booking by hand, with the reason" test "$(sql "SELECT
    agreement_id || '|' || method FROM line_current WHERE id = $odd")" = \
    "22|manual"

keys q q q
check "q leaves the screen, exit 0" wait_for "EXIT=0"
check "the terminal is restored" \
    test "$(tm display -p -t hb '#{alternate_on}')" = 0

start 80
wait_for "hb-overview 2026-12" >/dev/null
kill -TERM "$(pgrep -P "$(tm display -p -t hb '#{pane_pid}')" hb-overview)"
check "SIGTERM ends the screen cleanly" wait_for "EXIT=0"
check "and restores the terminal" \
    test "$(tm display -p -t hb '#{alternate_on}')" = 0
done_testing
