# tests/lib.sh - a small TAP harness for the hb-* commands.
#
#	. "$top_srcdir/tests/lib.sh"
#	run hb-household list          # runs, keeps stdout, stderr, status
#	status_is 0 "list succeeds"
#	out_has "HB-000001" "list shows the household"
#	err_is "" "nothing on stderr"
#	done_testing
#
# Every check is one TAP test point; a failure prints the command's output
# as diagnostics.  Each test file gets a fresh directory and store.

set -u
: "${top_srcdir:?run the tests with make check}"
: "${top_builddir:=$top_srcdir}"
T=$(mktemp -d "${TMPDIR:-/tmp}/hb-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
HB_DB=$T/hb.db
HB_NOW=2026-11-29
export HB_DB HB_NOW
ntests=0
nfailed=0
status=0
last_cmd=

pass() {
	ntests=$((ntests + 1))
	printf 'ok %d - %s\n' "$ntests" "$1"
}

fail() {
	ntests=$((ntests + 1))
	nfailed=$((nfailed + 1))
	printf 'not ok %d - %s\n' "$ntests" "$1"
	echo "# command: $last_cmd"
	echo "# status: $status"
	sed 's/^/# stdout: /' "$T/out" 2>/dev/null | head -n 30
	sed 's/^/# stderr: /' "$T/err" 2>/dev/null | head -n 30
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

skip() {
	ntests=$((ntests + 1))
	echo "ok $ntests # SKIP $1"
}

check() {
	_check_desc=$1
	shift
	if "$@"; then pass "$_check_desc"; else fail "$_check_desc"; fi
}

run() {
	last_cmd="$*"
	"$@" >"$T/out" 2>"$T/err" </dev/null
	status=$?
}

# run with stdin from a file or heredoc: run_in FILE cmd...
run_in() {
	in=$1
	shift
	last_cmd="$* < $in"
	"$@" >"$T/out" 2>"$T/err" <"$in"
	status=$?
}

status_is() { check "$2" test "$status" -eq "$1"; }
out_has() { check "$2" grep -qF -- "$1" "$T/out"; }
out_lacks() { check "$2" sh -c '! grep -qF -- "$1" "$2"' x "$1" "$T/out"; }
err_has() { check "$2" grep -qF -- "$1" "$T/err"; }
err_is_empty() { check "$1" test ! -s "$T/err"; }
out_is_empty() { check "$1" test ! -s "$T/out"; }

# out_is "description" <<EOF ... EOF: stdout exactly
out_is() {
	cat >"$T/expected"
	if cmp -s "$T/expected" "$T/out"; then
		pass "$1"
	else
		fail "$1"
		diff -u "$T/expected" "$T/out" | sed 's/^/# /' | head -n 40
	fi
}

# store_copy FROM TO: a copy of a store, with its audit key (hb(5))
store_copy() {
	cp "$1" "$2" && cp "$1.key" "$2.key"
}

# A fingerprint of the store's data (not the audit log, which records
# failed attempts too): a failed command must leave it unchanged.
store_dump() {
	for t in parameter organisation organisation_iban household account \
	    agreement consent $EXTRA_TABLES; do
		"$SQLITE3" "$HB_DB" "SELECT * FROM $t ORDER BY 1, 2" 2>&1
	done | cksum
}
EXTRA_TABLES=

need_sqlite3() {
	[ -n "${SQLITE3:-}" ] && [ -x "$SQLITE3" ] || SQLITE3=$(command -v sqlite3) ||
	    skip_all "sqlite3 command-line tool not installed"
}

done_testing() {
	echo "1..$ntests"
	[ "$nfailed" -eq 0 ]
}
