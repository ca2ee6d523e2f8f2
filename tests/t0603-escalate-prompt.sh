#!/bin/sh
# On a terminal hb-escalate file asks for every required field with
# readline, completes household codes, decision ids of the household,
# parties, categories and urgencies, and asks again after a bad answer,
# saying why.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"
need_sqlite3
unset SUDO_USER SUDO_UID

HB_NOW=2026-12-04
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add household name=Jansen composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=500.00 schedule=monthly:1 \
    valid_from=2026-01-01 description=Huur
hb-plan run -q -m 2027-01 HB-000001
decision=$("$SQLITE3" "$HB_DB" "SELECT min(id) FROM decision")

n=0
tm() { tmux -L "hb-test-$$-$n" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t hb >"$T/screen" 2>/dev/null
		grep -qF -- "$1" "$T/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	sed 's/^/# screen: /' "$T/screen"
	return 1
}

start() {
	tm kill-server 2>/dev/null
	n=$((n + 1))
	tm new-session -d -s hb -x 150 -y 30 \
	    "cd '$T' && HB_DB='$HB_DB' HB_NOW=$HB_NOW $*; echo \"EXIT=\$?\"; sleep 30"
}

start hb-escalate file
check "the household is asked for" wait_for "household:"
tm send-keys -t hb "HB-9" Enter
check "an unknown household is refused with the reason" \
    wait_for "unknown household 'HB-9'"
tm send-keys -t hb "HB-0" Tab
check "tab completes the household code" wait_for "household: HB-000001"
tm send-keys -t hb Enter
check "then on whose behalf" wait_for "on_behalf_of:"
tm send-keys -t hb "neigh" Tab
check "tab completes the party" wait_for "on_behalf_of: neighbourhood_team"
tm send-keys -t hb Enter
check "then the category" wait_for "category:"
tm send-keys -t hb "rent" Enter
check "an invalid category is refused, with the allowed ones" \
    wait_for "invalid category 'rent': expected income_missing, wrong_amount"
tm send-keys -t hb "coll" Tab
check "tab completes the category" wait_for "category: collection_too_hard"
tm send-keys -t hb Enter
check "then the urgency" wait_for "urgency:"
tm send-keys -t hb "soon" Enter
check "an invalid urgency is refused" wait_for "invalid urgency 'soon'"
tm send-keys -t hb "ur" Tab Enter
check "then the reason" wait_for "reason:"
tm send-keys -t hb "   " Enter
check "an empty reason is refused" wait_for "a reason is required"
tm send-keys -t hb "de huur is te hoog" Enter
check "then which decisions, optional" wait_for "decision (ids, empty for none):"
tm send-keys -t hb "99999" Enter
check "an unknown decision is refused" wait_for "unknown decision 99999"
tm send-keys -t hb Tab
check "tab completes the household's decision id" \
    wait_for "decision (ids, empty for none): $decision"
tm send-keys -t hb Enter
check "the escalation is filed" wait_for "escalation 1 filed for HB-000001: urgent, due 2026-12-09"
check "and the command exits 0" wait_for "EXIT=0"

check "the answers are stored" test "$("$SQLITE3" "$HB_DB" "SELECT
    h.code, x.on_behalf_of, x.category, x.urgent, x.reason, s.ref_id FROM
    escalation x JOIN household h ON h.id = x.household_id JOIN
    escalation_subject s ON s.escalation_id = x.id")" = \
    "HB-000001|neighbourhood_team|collection_too_hard|1|de huur is te hoog|$decision"

# the end of input while a field is missing: a usage error, nothing filed
start hb-escalate file HB-000001 on_behalf_of=citizen category=other
check "only the missing fields are asked for" wait_for "urgency:"
tm send-keys -t hb C-d
check "end of input: exit 2" wait_for "EXIT=2"
check "nothing filed" \
    test "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM escalation")" -eq 1
done_testing
