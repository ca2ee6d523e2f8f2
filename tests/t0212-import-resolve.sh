#!/bin/sh
# hb-import resolve: a person marks a signal resolved, with a reason; the
# list of signals and the audit log say who and why.  Resolving it again, an unknown signal or no reason fails and
# changes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
EXTRA_TABLES=signal

export_store
camt_begin "$T/in.xml" NL50BNGH0285000101 STMT-2 2000.00 2027-05-20 \
    2100.00 2027-05-25
camt_entry "$T/in.xml" 100.00 CRDT 2027-05-21 R1 NL86INGB0002445588 \
    "Onbekend" "Iets"
camt_end "$T/in.xml"
hb-import -q "$T/in.xml" 2>/dev/null
sig=$("$SQLITE3" "$HB_DB" "SELECT max(id) FROM signal WHERE status = 'active'")
check "the unmatched line raised a signal" test -n "$sig"

run hb-import -o tsv signals
out_has "$sig	" "hb-import signals lists it"

run hb-import resolve "$sig" ""
status_is 1 "resolving without a reason fails"
err_has "resolving a signal needs a reason" "and says a reason is needed"
before=$(store_dump)
run hb-import resolve 999999 "checked with the citizen"
status_is 1 "resolving an unknown signal fails"
err_has "unknown signal 999999" "and names it"
check "and changes nothing" test "$(store_dump)" = "$before"

run hb-import resolve "$sig" "checked with the citizen: a gift"
status_is 0 "a signal is resolved with a reason"
out_is "it says so" <<EOT
signal $sig resolved
EOT
check "the store keeps who resolved it and why" test \
    "$("$SQLITE3" "$HB_DB" "SELECT status || '|' || resolution FROM signal
    WHERE id = $sig")" = "resolved|checked with the citizen: a gift"
run hb-import -o tsv signals
check "hb-import signals shows it resolved, by whom and why" test \
    "$(awk -F'\t' -v s="$sig" '$1 == s { print $7 "|" $9 "|" $10 }' "$T/out")" \
    = "resolved|$(id -un)|checked with the citizen: a gift"
run hb-household -o tsv list audit
out_has "checked with the citizen: a gift" "the audit log has the reason"

before=$(store_dump)
run hb-import resolve "$sig" "again"
status_is 1 "resolving it again fails"
err_has "signal $sig is resolved already" "and says it is resolved already"
check "and changes nothing" test "$(store_dump)" = "$before"
done_testing
