#!/bin/sh
# The man pages are the interface: they render without warnings, the
# EXAMPLES of hb-household(1) run as written, and its SYNOPSIS names every
# command that hb-household's usage message names.
. "$top_srcdir/tests/lib.sh"

MAN=$top_srcdir/man

# (a) every page renders without warnings
if command -v mandoc >/dev/null 2>&1; then
	linter=mandoc
elif command -v groff >/dev/null 2>&1; then
	linter=groff
else
	linter=
fi
for page in "$MAN"/*.[1-9]; do
	name=${page##*/}
	case $linter in
	mandoc)
		run mandoc -Tlint -Wwarning "$page"
		check "$name: mandoc -Tlint finds nothing to warn about" \
		    sh -c 'test ! -s "$1" && test ! -s "$2"' x "$T/out" "$T/err"
		;;
	groff)
		run groff -mandoc -Tutf8 -ww -z "$page"
		err_is_empty "$name: groff renders it without warnings"
		;;
	*)
		skip "no mandoc or groff"
		;;
	esac
done

# (b) the EXAMPLES of hb-household(1), in order, on a fresh store
EX=$T/examples
mkdir "$EX"
# One file per command: "$ " starts a command, a trailing backslash
# (written \e in mdoc) continues it; sh joins the lines itself.
awk -v dir="$EX" '
function unescape(s) {
	gsub(/\\e/, "\001", s)
	gsub(/\\\(aq/, "'\''", s)
	gsub(/\\\(dq/, "\"", s)
	gsub(/\\\(ga/, "`", s)
	gsub(/\\\(ti/, "~", s)
	gsub(/\\\(ha/, "^", s)
	gsub(/\\-/, "-", s)
	gsub(/\\&/, "", s)
	gsub(/\001/, "\\", s)
	return s
}
/^\.Sh / { examples = ($2 == "EXAMPLES"); literal = 0; next }
!examples { next }
/^\.Bd -literal/ { literal = 1; next }
/^\.Ed/ { literal = 0; next }
!literal { next }
{
	line = unescape($0)
	if (!more) {
		if (substr(line, 1, 2) != "$ ")
			next
		line = substr(line, 3)
		file = sprintf("%s/cmd.%03d", dir, ++n)
	}
	print line > file
	more = (line ~ /\\$/)
	if (!more)
		close(file)
}' "$MAN/hb-household.1"

set -- "$EX"/cmd.*
if [ -f "$1" ]; then
	pass "hb-household.1 has runnable examples"
else
	fail "hb-household.1 has runnable examples"
	set --
fi
saved_db=$HB_DB
HB_DB=$EX/hb.db
cd "$EX" || exit 1
# lib.sh reports with echo, which may expand backslashes: double them
oneline() {
	sed -e :a -e '/\\$/N; s/[[:space:]]*\\\n[[:space:]]*/ /; ta' \
	    -e 's/\\/\\\\/g' "$@"
}
for f in "$@"; do
	run sh "$f"
	last_cmd=$(oneline "$f")
	status_is 0 "example: $(head -n 1 "$f" | sed 's/[[:space:]]*\\$//' | oneline)"
done
cd "$T" || exit 1
HB_DB=$saved_db

# (c) the SYNOPSIS names every command of the usage message
run hb-household
status_is 2 "hb-household without a command is a usage error"
sed -n 's/^ *hb-household \([a-z][a-z-]*\).*/\1/p' "$T/err" >"$T/commands"
check "the usage message names commands" test -s "$T/commands"
awk '/^\.Sh / { s = ($2 == "SYNOPSIS"); next } s && $1 == ".Cm" { print $2 }' \
    "$MAN/hb-household.1" >"$T/synopsis"
while read -r c; do
	check "SYNOPSIS of hb-household.1 names '$c'" \
	    grep -qx -- "$c" "$T/synopsis"
done <"$T/commands"

done_testing
