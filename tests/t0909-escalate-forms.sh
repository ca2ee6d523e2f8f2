#!/bin/sh
# hb-escalate's forms finish, as hb-household's do: a bad value given on
# the command line is named and asked for again at once, with completion;
# the steps (take, assign, comment, resolve, reopen) ask on a terminal
# for the arguments left out, completing escalation ids, assignees and
# outcomes; without a terminal every problem is named at once.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"
need_sqlite3
unset SUDO_USER SUDO_UID
LC_ALL=C.UTF-8
export LC_ALL

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

# wait until the pane shows TEXT (at most 10 s)
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
	tm new-session -d -s hb -x 150 -y 40 \
	    "cd '$T' && LC_ALL=$LC_ALL HB_DB='$HB_DB' HB_NOW=$HB_NOW $*; echo \"EXIT=\$?\"; sleep 30"
}

sql() { "$SQLITE3" "$HB_DB" "$1"; }

# --- file: bad values given are asked for again ------------------------------
start hb-escalate file HB-000009 on_behalf_of=citizen category=rent \
    urgency=soon "'reason=de huur is te hoog'"
check "an unknown household given is named" \
    wait_for "unknown household 'HB-000009'"
check "and asked for again" wait_for "household:"
tm send-keys -t hb "HB-0" Tab
check "with completion" wait_for "household: HB-000001"
tm send-keys -t hb Enter
check "a bad category given is named, with the allowed ones" \
    wait_for "invalid category 'rent': expected income_missing"
check "and asked for again" wait_for "category:"
tm send-keys -t hb "wrong" Tab Enter
check "a bad urgency given is named" wait_for "invalid urgency 'soon'"
tm send-keys -t hb "spoed" Enter
check "a bad answer is refused at once, with the reason" \
    wait_for "invalid urgency 'spoed': expected urgent, normal"
tm send-keys -t hb "nor" Tab Enter
check "then which decisions, none given" wait_for "decision (ids, empty for none):"
tm send-keys -t hb Enter
check "the escalation is filed" wait_for "escalation 1 filed for HB-000001: normal"
check "and the command exits 0" wait_for "EXIT=0"
check "with the answers" test "$(sql "SELECT h.code, x.category, x.urgent,
    x.reason FROM escalation x JOIN household h ON h.id = x.household_id")" = \
    "HB-000001|wrong_amount|0|de huur is te hoog"

# --- without a terminal: every problem at once -------------------------------
run hb-escalate file HB-000001 category=rent urgency=soon
status_is 2 "without a terminal a bad or missing field is a usage error"
err_has "invalid category 'rent'" "the category is named"
err_has "invalid urgency 'soon'" "and the urgency, not only the first"
err_has "missing required field 'on_behalf_of'" "and the missing party"
err_has "missing required field 'reason'" "and the missing reason"
run hb-escalate file HB-000099 on_behalf_of=citizen category=other \
    urgency=normal reason=x decision=99999
status_is 1 "an unknown household and decision fail"
err_has "unknown household 'HB-000099'" "the household is named"
err_has "unknown decision 99999" "and the decision too"
check "nothing filed" test "$(sql "SELECT count(*) FROM escalation")" -eq 1
run hb-escalate resolve x maybe " "
status_is 2 "resolve with bad arguments: a usage error"
err_has "invalid escalation id 'x'" "the id is named"
err_has "invalid outcome 'maybe'" "and the outcome"
err_has "a resolution needs a reason" "and the empty reason"
run hb-escalate resolve 1
status_is 2 "without a terminal an argument left out is a usage error"
err_has "usage: hb-escalate" "with the usage"

# --- the steps ask for what is left out --------------------------------------
start hb-escalate assign 1
check "assign asks for the assignee" wait_for "assignee:"
tm send-keys -t hb "   " Enter
check "an empty one is refused at once" wait_for "an assignee is required"
tm send-keys -t hb "jb" Tab Enter
check "tab completes the caseworker" wait_for "escalation 1 assigned to jbakker"
check "and it exits 0" wait_for "EXIT=0"

start hb-escalate comment
check "comment asks for the escalation" wait_for "id:"
tm send-keys -t hb "7" Enter
check "an unknown one is refused at once" wait_for "unknown escalation 7"
tm send-keys -t hb Tab
check "tab completes an open escalation's id" wait_for "id: 1"
tm send-keys -t hb Enter
check "then the text" wait_for "text:"
tm send-keys -t hb "gebeld met de verhuurder" Enter
check "the comment is added" wait_for "comment added to escalation 1"

start hb-escalate resolve 1 maybe
check "a bad outcome given is named" wait_for "invalid outcome 'maybe'"
check "and asked for" wait_for "outcome:"
tm send-keys -t hb "ok" Enter
check "a bad answer: the allowed outcomes" \
    wait_for "invalid outcome 'ok': expected upheld, changed or rejected"
tm send-keys -t hb "rej" Tab Enter
check "then the reason" wait_for "reason:"
tm send-keys -t hb Enter
check "an empty reason is refused, with why" \
    wait_for "a resolution needs a reason (Awb 4:84"
tm send-keys -t hb "de huur klopt" Enter
check "the escalation is resolved" wait_for "escalation 1 resolved: rejected"
check "and it exits 0" wait_for "EXIT=0"
check "as answered" test "$(sql "SELECT status, outcome FROM escalation
    WHERE id = 1")" = "resolved|rejected"

start hb-escalate take 1
check "a resolved escalation cannot be taken: why, and asked again" \
    wait_for "escalation 1 is already resolved: reopen it first"
tm send-keys -t hb C-d
check "the end of input: exit 2" wait_for "EXIT=2"

start hb-escalate reopen
check "reopen asks for the escalation" wait_for "id:"
tm send-keys -t hb Tab
check "completing the resolved ones" wait_for "id: 1"
tm send-keys -t hb Enter "er is nieuw bewijs" Enter
check "the escalation is reopened" wait_for "escalation 1 reopened"

# --- in Dutch ----------------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
	LC_ALL=nl_NL.UTF-8
	start hb-escalate resolve 1 misschien
	check "in Dutch the reason for asking again" \
	    wait_for "ongeldige uitkomst 'misschien'"
	tm send-keys -t hb C-d
	check "and the end of input exits 2" wait_for "EXIT=2"
else
	skip "no nl_NL.UTF-8 locale"
	skip "no nl_NL.UTF-8 locale"
fi
done_testing
