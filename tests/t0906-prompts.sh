#!/bin/sh
# Forms that finish: on a terminal hb-household add asks for every field
# the record needs (also those another field's value makes necessary),
# completes the values of the field being asked, asks again at once when
# an answer is bad, saying why; without a terminal it reports every
# problem at once.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"

hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add household name=Jansen composition=single \
    caseworker=jbakker start=2026-01-01
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
	tm new-session -d -s hb -x 200 -y 30 \
	    "cd '$T' && $*; echo \"EXIT=\$?\"; sleep 30"
}

# the organisation an agreement needs is asked for, with completion
start hb-household add agreement household=HB-000001 kind=huur \
    amount=700 schedule=maandelijks:1 valid_from=2026-12-01
check "an agreement's organisation is asked for" wait_for "organisation:"
tm send-keys -t hb "Woon" Tab
check "tab completes the organisation" wait_for "organisation: Woonstede"
tm send-keys -t hb Enter
check "the agreement is added" wait_for "agreement 1 added"
check "and the command exits 0" wait_for "EXIT=0"

# a bad answer is asked again at once, with the reason; the kinds of the
# field being asked complete
start hb-household add household name=Pietersen caseworker=jbakker \
    start=2026-01-01
check "the composition is asked for" wait_for "composition:"
tm send-keys -t hb "gezinnetje" Enter
check "a bad answer gets its reason at once" \
    wait_for "unknown composition 'gezinnetje'"
check "and the question again" wait_for "composition: "
tm send-keys -t hb "echt" Tab
check "tab completes a composition" wait_for "composition: echtpaar"
tm send-keys -t hb Enter
check "the household is added" wait_for "household HB-000002 added"

# a bad value given on the command line is asked for again
start hb-household add agreement household=HB-000001 kind=huurr \
    organisation=Woonstede amount=25 schedule=maandelijks:5 \
    valid_from=2026-12-01 force=1
check "a bad given value is named" wait_for "unknown kind 'huurr'"
check "and asked for again" wait_for "kind:"
tm send-keys -t hb "reserve" Tab
check "tab completes a kind" wait_for "kind: reservering"
tm send-keys -t hb Enter
check "the agreement is added with the answer" wait_for "agreement 2 added"

# a taking asks for its legal basis and claim
start hb-household add agreement household=HB-000001 kind=aflossing \
    organisation=Woonstede amount=25 schedule=maandelijks:5 \
    valid_from=2026-12-01
check "a taking's legal basis is asked for" wait_for "legal_basis:"
tm send-keys -t hb "Awb 4:93" Enter
check "then its claim" wait_for "claim:"
tm send-keys -t hb "huurachterstand 2026" Enter
check "then the claim's total" wait_for "claim_total:"
tm send-keys -t hb "10" Enter
check "a total below one payment is refused, with the reason" \
    wait_for "the claim's total is less than one payment"
check "the command exits 1" wait_for "EXIT=1"

# without a terminal: every problem at once
run hb-household add agreement household=HB-000001 kind=huurr amount=-5 \
    schedule=maandlijks:1 valid_from=2026-13-01
status_is 1 "without a terminal bad values fail"
err_has "unknown kind 'huurr'" "the kind is named"
err_has "amount '-5' must be more than zero" "and the amount"
err_has "invalid schedule 'maandlijks:1'" "and the schedule"
err_has "invalid date '2026-13-01'" "and the date"
err_has "missing required field 'organisation' for agreement" \
    "and the missing organisation"
run hb-household add household name=Z start=31-2-2026
status_is 2 "a missing required field is a usage error"
err_has "missing required field 'composition' for household" \
    "it names the composition"
err_has "missing required field 'caseworker' for household" \
    "and the caseworker, not only the first"
err_has "invalid date" "and the bad date"
done_testing
