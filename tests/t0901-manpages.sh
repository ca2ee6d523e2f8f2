#!/bin/sh
# The man pages are the interface: they render without warnings, their
# EXAMPLES run as written, and their SYNOPSIS shows what the commands'
# usage messages say.
. "$top_srcdir/tests/lib.sh"

# the examples run in directories of their own: paths must not be relative
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 1
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

# (b) the EXAMPLES of each page, in order, each page on a fresh store of
# its own, with today fixed at 2026-11-29 (lib.sh sets HB_NOW).
#
# In a literal block of EXAMPLES, "$ " starts a command and a trailing
# backslash (written \e in mdoc) continues it; sh joins the lines itself.
# A line "# exit status N" right after a command says that it exits with
# N rather than 0.  Any other line after a command is output that the
# command must print, as a whole line.
#
# The pages name the example data where a reader finds it once hb is
# installed: /usr/local/share/hb/examples/.  Here it is not installed, so
# that prefix becomes "$EX", which points at the source tree's
# share/hb/examples; the quotes keep a directory name with blanks whole,
# and a glob after them still expands.
EX=$top_srcdir/share/hb/examples
export EX
extract() {
	awk -v dir="$2" '
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
	gsub(/\/usr\/local\/share\/hb\/examples/, "\"$EX\"", s)
	return s
}
/^\.Sh / { examples = ($2 == "EXAMPLES"); literal = 0; next }
!examples { next }
/^\.Bd -literal/ { literal = 1; cur = 0; next }
/^\.Ed/ { literal = 0; cur = 0; next }
!literal { next }
{
	line = unescape($0)
	if (!more) {
		if (substr(line, 1, 2) != "$ ") {
			if (!cur)
				next
			if (line ~ /^# exit status [0-9]+$/) {
				print line > (file ".status")
				close(file ".status")
			} else {
				print line >> (file ".out")
				close(file ".out")
			}
			next
		}
		line = substr(line, 3)
		file = sprintf("%s/cmd.%03d", dir, ++n)
		cur = 1
	}
	print line > file
	more = (line ~ /\\$/)
	if (!more)
		close(file)
}' "$1"
}

# a command on one line; lib.sh reports the command with echo, which may
# expand backslashes, so for that they are doubled
joined() {
	sed -e :a -e '/\\$/N; s/[[:space:]]*\\\n[[:space:]]*/ /; ta' "$@"
}
oneline() {
	joined "$@" | sed 's/\\/\\\\/g'
}

saved_db=$HB_DB
for name in hb-household.1 hb-import.1 hb-plan.1 hb-overview.1 hb.7; do
	dir=$T/examples-$name
	mkdir "$dir"
	extract "$MAN/$name" "$dir"
	set -- "$dir"/cmd.[0-9][0-9][0-9]
	if [ -f "$1" ]; then
		pass "$name has runnable examples"
	else
		fail "$name has runnable examples"
		continue
	fi
	HB_DB=$dir/hb.db
	cd "$dir" || exit 1
	for f in "$@"; do
		want=0
		if [ -f "$f.status" ]; then
			want=$(sed 's/^# exit status //' "$f.status")
		fi
		run sh "$f"
		last_cmd=$(oneline "$f")
		what="$name: $(head -n 1 "$f" | sed 's/[[:space:]]*\\$//')"
		status_is "$want" "$what (exit status $want)"
		if [ -f "$f.out" ]; then
			while IFS= read -r line; do
				check "$what prints '$line'" \
				    grep -qxF -- "$line" "$T/out"
			done <"$f.out"
		fi
	done
	cd "$T" || exit 1
done
HB_DB=$saved_db

# (c) the SYNOPSIS shows what the usage message says.  hb-household's
# SYNOPSIS is laid out by command, so there every command must appear;
# those of hb-import and hb-plan repeat the usage message line by line.
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

bs=$(printf '\b')
for cmd in hb-import hb-plan; do
	run "$cmd"
	status_is 2 "$cmd without arguments is a usage error"
	sed -e 's/^usage: //' -e 's/^ *//' "$T/err" >"$T/usage"
	check "$cmd: the usage message has lines" test -s "$T/usage"
	if [ "$linter" != mandoc ]; then
		skip "$cmd.1: no mandoc to render the SYNOPSIS"
		continue
	fi
	# overstriking for bold and underline taken out, one line a form
	mandoc -Tascii -Owidth=300 "$MAN/$cmd.1" | sed "s/.$bs//g" |
	    awk '/^[A-Z]/ { s = ($1 == "SYNOPSIS"); next }
		s && NF { sub(/^ +/, ""); print }' >"$T/synopsis"
	while IFS= read -r line; do
		check "SYNOPSIS of $cmd.1 shows '$line'" \
		    grep -qxF -- "$line" "$T/synopsis"
	done <"$T/usage"
	check "SYNOPSIS of $cmd.1 shows nothing else" \
	    test "$(wc -l <"$T/synopsis")" -eq "$(wc -l <"$T/usage")"
done

done_testing
