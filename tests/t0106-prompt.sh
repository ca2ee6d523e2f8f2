#!/bin/sh
# On a terminal a missing required value is asked for with readline, with
# tab completion of household codes and organisation names.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"

hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
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
	return 1
}

start() {
	tm kill-server 2>/dev/null
	n=$((n + 1))
	tm new-session -d -s hb -x 150 -y 20 \
	    "cd '$T' && $*; echo \"EXIT=\$?\"; sleep 30"
}

start hb-household add household name=Jansen caseworker=jbakker start=2026-01-01
check "the missing composition is asked for" wait_for "composition:"
tm send-keys -t hb "single" Enter
check "the household is added with the answer" wait_for "household HB-000001 added"
check "and the command exits 0" wait_for "EXIT=0"

start hb-household add consent reference=T-1 valid_from=2026-01-01
check "the household is asked for" wait_for "household:"
tm send-keys -t hb "HB-0" Tab
check "tab completes the household code" wait_for "household: HB-000001"
tm send-keys -t hb Enter
check "then the organisation is asked for" wait_for "organisation:"
tm send-keys -t hb "woon" Tab
check "tab completes the organisation name" wait_for "organisation: Woonstede"
tm send-keys -t hb Enter
check "the consent is added" wait_for "consent 1 added" || sed "s/^/# /" "$T/screen"

run hb-household -o tsv list consents
out_has "HB-000001	Woonstede	T-1	2026-01-01" "the answers are stored"
done_testing
