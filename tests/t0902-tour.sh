#!/bin/sh
# The README's tour runs as written: each "$ " line of its block, in order,
# from a directory that has the source tree's share/ (as a clone has), with
# nothing but the build tree on PATH: no HB_SHAREDIR, no installed files.
. "$top_srcdir/tests/lib.sh"

readme=$top_srcdir/README
[ -f "$readme" ] || skip_all "no README"

# the tour's lines, continuation lines joined
sed -n '/^A tour$/,/^[A-Z].*[a-z]$/p' "$readme" |
    sed -n 's/^    //p' | awk '
	/^\$ / { if (cmd != "") print cmd; cmd = substr($0, 3); next }
	cmd != "" && /^      / { sub(/^ +/, " "); cmd = cmd $0; next }
	{ if (cmd != "") print cmd; cmd = "" }
	END { if (cmd != "") print cmd }' | sed 's/ *\\ */ /g' >"$T/tour"
check "the README has a tour of at least 15 steps" \
    test "$(wc -l <"$T/tour")" -ge 15

mkdir "$T/clone"
ln -s "$top_srcdir/share" "$T/clone/share"
unset HB_SHAREDIR HB_DB HB_NOW
HOME=$T/home
mkdir "$HOME"
export HOME

n=0
while IFS= read -r step; do
	n=$((n + 1))
	# each step in the same shell, so that its exports carry to the next
	printf '%s\n' "$step" >>"$T/sofar"
	last_cmd=$step
	(cd "$T/clone" && . "$T/sofar") >"$T/out" 2>"$T/err" </dev/null
	status=$?
	# the last step decides the status; earlier ones ran before
	check "tour step $n runs: $step" \
	    sh -c 'test "$1" -eq 0 || test "$1" -eq 3' x "$status"
	# replay the steps so far only once: keep the exports, drop the rest
	grep '^export ' "$T/sofar" >"$T/sofar.new"
	mv "$T/sofar.new" "$T/sofar"
done <"$T/tour"

check "the tour made its store in HOME" test -f "$HOME/hb-demo.db"
done_testing
