#!/bin/sh
# The nightly job of hb-import(1), as the manual gives it, run as written
# (with /srv/hb under the test's directory): on an empty inbox, on a
# night's statements, and again.  hb-import takes a directory.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
ex=$top_srcdir/share/hb/examples
hb-household -q init
hb-household -q intake "$ex/municipality.csv"

# the job: the literal block after "A nightly job" in hb-import(1)
awk '/^A nightly job/ { f = 1 } f && /^\.Bd/ { b = 1; next }
    b && /^\.Ed/ { exit } b' "$top_srcdir/man/hb-import.1" |
    sed -e "s|/srv/hb|$T/srv|g" -e 's/\\e$/\\/' >"$T/job.sh"
check "the manual gives the job" grep -q "hb-import -q $T/srv/work" "$T/job.sh"
mkdir -p "$T/srv/in" "$T/srv/work" "$T/srv/done"

run sh "$T/job.sh"
status_is 0 "a night without statements is nothing to do"
err_is_empty "and says nothing"

cp "$ex"/camt053-*-2026-09.xml "$T/srv/in/"
: >"$T/srv/in/.partial-upload"
run sh "$T/job.sh"
check "the night's statements are imported" test "$status" -eq 0 -o "$status" -eq 3
check "both files are in done" test "$(ls "$T/srv/done" | wc -l)" -eq 2
check "the inbox keeps only the hidden, unfinished upload" \
    test "$(ls -A "$T/srv/in")" = .partial-upload
check "their lines are in the store" \
    test "$("$SQLITE3" "$HB_DB" 'SELECT count(*) FROM bank_line')" -gt 0

run hb-import "$T/srv/work"
status_is 0 "an empty directory named on the command line"
out_has "nothing to import" "says so"
run hb-import "$T/srv/done"
status_is 0 "a directory of files imported before"
out_has "already imported" "recognises them"
done_testing
