#!/bin/sh
# hb-import keeps what it read in a temporary file in $TMPDIR (hb(5)):
# when none can be made there it fails with a message naming the
# directory, and the store is unchanged; with a usable TMPDIR the same
# import succeeds.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
EXTRA_TABLES="import statement bank_line"

export_store 2>/dev/null
camt_begin "$T/in.xml" NL50BNGH0285000101 STMT-2 2000.00 2027-05-20 \
    2100.00 2027-05-25
camt_entry "$T/in.xml" 100.00 CRDT 2027-05-21 R1 NL86INGB0002445588 \
    SVB "Uitkering"
camt_end "$T/in.xml"
before=$(store_dump)
run env TMPDIR="$T/no-such-dir" hb-import "$T/in.xml"
status_is 1 "an import with no temporary directory fails"
err_has "cannot create a temporary file in '$T/no-such-dir'" \
    "and names the directory"
check "the store is unchanged" test "$(store_dump)" = "$before"
run env TMPDIR="$T/in.xml" hb-import "$T/in.xml"
status_is 1 "a TMPDIR that is a file fails the same way"
mkdir "$T/tmp"
run env TMPDIR="$T/tmp" hb-import -q "$T/in.xml"
check "with a usable TMPDIR it imports (exit $status)" \
    test "$status" -eq 0 -o "$status" -eq 3
check "the line is stored" test \
    "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM bank_line")" -eq 1
check "and nothing is left in TMPDIR" test -z "$(ls -A "$T/tmp")"
done_testing
