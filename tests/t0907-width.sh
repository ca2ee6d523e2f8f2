#!/bin/sh
# Readable output: on a terminal of 80 columns human tables fit it (long
# text cut with an ellipsis, columns that do not fit left out and
# counted); -w prints them whole, and so does any command whose output is
# not a terminal.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"
if locale -a 2>/dev/null | grep -qi '^C\.utf-\?8$'; then
	LC_ALL=C.UTF-8
	export LC_ALL
fi
EX=$top_srcdir/share/hb/examples
hb-household -q init
hb-household -q intake "$EX/municipality.csv"
hb-import -q "$EX"/camt053-*.xml
hb-plan run -a -q

n=0
tm() { tmux -L "hb-test-$$-$n" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# show CMD...: run it on an 80-column terminal; the screen, wrapped lines
# joined, in $T/screen
show() {
	tm kill-server 2>/dev/null
	n=$((n + 1))
	last_cmd="$* (on 80 columns)"
	tm new-session -d -s hb -x 80 -y 60 \
	    "cd '$T' && $* 2>&1; echo \"EXIT=\$?\"; sleep 30"
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -J -t hb -S 0 >"$T/screen" 2>/dev/null
		grep -q "^EXIT=" "$T/screen" && break
		sleep 0.1
		i=$((i + 1))
	done
	cp "$T/screen" "$T/out"
	: >"$T/err"
}

# the widest line of $T/screen, in characters (t0908 for the lines
# around the tables)
widest() {
	LC_ALL=C sed 's/[\xc0-\xff][\x80-\xbf]*/./g' "$T/screen" |
	    awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'
}

show hb-household list agreements HB-000002
check "hb-household list agreements fits 80 columns" \
    test "$(widest)" -le 80
out_has "…" "long text is cut with an ellipsis"
out_has "id  household  direction  kind" "the first columns stay"
out_has "EXIT=0" "and the command succeeds"

show hb-plan HB-000003
check "hb-plan's table fits 80 columns" test "$(widest)" -le 80
out_has "more columns: -w shows all" "the columns left out are counted"
out_has "outcome" "the outcome, a long text, stays"

show hb-household -w list agreements HB-000002
check "with -w the table is whole, however wide" test "$(widest)" -gt 80
out_has "Bijstand aanvulling op salaris (Participatiewet)" \
    "with -w no text is cut"

show hb-plan -w HB-000003
out_lacks "more columns" "with -w no column is left out"

run hb-household list agreements HB-000002
out_has "Bijstand aanvulling op salaris (Participatiewet)" \
    "not on a terminal, the table is whole"
out_lacks "…" "and nothing is cut"

done_testing
