#!/bin/sh
# No human line over 80 columns on a terminal of 80 columns, in English
# and in Dutch: hb-plan's summary of each household, the escalations it
# notes and its messages on stderr, hb-explain's text, letter and
# markdown, hb-import's summary, hb-escalate's list.  Long lines are
# broken at a space (after a comma, semicolon or colon where one is near
# the edge), continuation lines indented.  Not on a terminal, each line
# stays whole.  Measured in display columns (€ and ë are one column
# each), not in bytes.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || skip_all "tmux not installed"
need_sqlite3
if ! locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$' ||
    ! locale -a 2>/dev/null | grep -qi '^C\.utf-\?8$'; then
	skip_all "no nl_NL.UTF-8 or C.UTF-8 locale (build-aux/deps.sh makes it)"
fi
LC_ALL=C.UTF-8
export LC_ALL
EX=$top_srcdir/share/hb/examples
hb-household -q init
hb-household -q intake "$EX/municipality.csv"
hb-import -q "$EX"/camt053-*.xml
hb-plan run -a -q
decision=$("$SQLITE3" "$HB_DB" "SELECT min(d.id) FROM decision d JOIN
    household h ON h.id = d.household_id WHERE h.code = 'HB-000002'")
hb-escalate -q file HB-000002 on_behalf_of=neighbourhood_team \
    category=collection_too_hard urgency=urgent decision="$decision" \
    reason="De huur is veel te hoog voor deze alleenstaande ouder met twee \
kinderen; de beslagvrije voet wordt niet gehaald en er dreigt een \
huisuitzetting"

n=0
tm() { tmux -L "hb-test-$$-$n" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# show LOCALE CMD...: run it on an 80-column terminal, stdout and stderr;
# the screen, wrapped lines joined, in $T/screen
show() {
	loc=$1
	shift
	tm kill-server 2>/dev/null
	n=$((n + 1))
	last_cmd="LC_ALL=$loc $* (on 80 columns)"
	tm new-session -d -s hb -x 80 -y 200 \
	    "cd '$T' && LC_ALL=$loc HB_DB='$HB_DB' HB_NOW=$HB_NOW $* 2>&1; echo \"EXIT=\$?\"; sleep 30"
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

# the widest line of FILE in display columns: each UTF-8 character one
widest() {
	LC_ALL=C sed 's/[\xc0-\xff][\x80-\xbf]*/./g' "$1" |
	    awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'
}

# fits LOCALE CMD...: every line of the command fits 80 columns
fits() {
	show "$@"
	w=$(widest "$T/screen")
	check "$* fits 80 columns under $1 (widest $w)" test "$w" -le 80
	check "$* ran to its end under $1" grep -q "^EXIT=[03]$" "$T/screen"
}

for loc in C.UTF-8 nl_NL.UTF-8; do
	fits $loc hb-plan HB-000001 HB-000002 HB-000003
	fits $loc hb-plan -n HB-000002
	fits $loc hb-plan run -a
	fits $loc hb-explain "D$decision"
	fits $loc hb-explain -f letter "D$decision"
	fits $loc hb-explain -f markdown "D$decision"
	fits $loc hb-import -n "$EX/energy-bill-2026-12.xml"
	fits $loc hb-escalate list
	fits $loc hb-escalate show 1
	# an error on stderr too (91 columns in English, 105 in Dutch)
	show $loc hb-explain HB-000001 2030-01
	w=$(widest "$T/screen")
	check "an error fits 80 columns under $loc (widest $w)" test "$w" -le 80
	check "and still exits 1" grep -q "^EXIT=1$" "$T/screen"
done

# what the lines say, broken sensibly
show C.UTF-8 hb-plan HB-000002
out_has "HB-000002 2026-12 (planned on " "the summary starts a line"
check "it goes on on an indented line, after a comma" \
    grep -q '^  closing € [0-9]' "$T/screen"
check "a euro sign never ends a line: it stays with its amount" \
    sh -c '! grep -q "€ *\$" "$1"' x "$T/screen"
out_has "escalation 1 open (urgent, due " "the escalation is noted"
show nl_NL.UTF-8 hb-plan -n HB-000002
out_has "HB-000002 2026-12 (voorbeeld, niet bewaard): beginsaldo € " \
    "in Dutch too"
out_has "escalatie 1 open (urgent, uiterlijk " "the escalation in Dutch"
out_has "hb-plan: een voorbeeld: er is niets bewaard" \
    "and the messages on stderr"

# the summary's width not on a terminal, for the record
for loc in C.UTF-8 nl_NL.UTF-8; do
	LC_ALL=$loc run hb-plan HB-000002
	head -n 1 "$T/out" >"$T/line"
	echo "# $loc: hb-plan HB-000002's summary not on a terminal:" \
	    "$(widest "$T/line") columns"
done

# not on a terminal: whole lines, as scripts and mail read them
run hb-plan HB-000002
out_has "HB-000002 2026-12 (planned on 2026-11-29 by $(id -un)): opening € " \
    "not on a terminal the summary is one line"
check "and longer than 80 columns" test "$(widest "$T/out")" -gt 80
LC_ALL=nl_NL.UTF-8 run hb-plan HB-000002
out_has "beginsaldo €" "in Dutch too"
out_has "gebruikt; " "on one line"
check "longer than 80 columns" test "$(widest "$T/out")" -gt 80
run hb-explain "D$decision"
out_has "(Awb art. 6:7, https://wetten.overheid.nl/" \
    "hb-explain's text is whole"
done_testing
