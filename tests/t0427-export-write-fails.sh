#!/bin/sh
# An export whose file cannot be written (its directory gone, a share
# unmounted, between reserving the payouts and writing the file) fails
# with a message, frees the payouts it reserved, and the next export pays
# each of them once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3

W=2027-05-27:2027-06-30
export_store
mkdir "$T/bank"
HB_TEST_PAUSE="after-pending:$T/paused" hb-plan export -D "$T/bank" -w $W \
    >"$T/first.out" 2>"$T/first.err" &
first=$!
check "the export reserved its payouts" wait_for "$T/paused"
rmdir "$T/bank"
rm "$T/paused"
wait $first
status=$?
cp "$T/first.out" "$T/out"
cp "$T/first.err" "$T/err"
last_cmd="hb-plan export -D $T/bank -w $W, its directory removed"
status_is 1 "it fails"
err_has "cannot create '$T/bank/" "and says it cannot create its file"
check "its batch is abandoned" test \
    "$("$SQLITE3" "$HB_DB" "SELECT group_concat(status) FROM export_batch")" = abandoned
check "no payout is exported or still reserved" test \
    "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE status =
    'exported' OR pending_batch IS NOT NULL")" -eq 0
check "the store is sound" store_clean

mkdir "$T/bank"
run hb-plan export -D "$T/bank" -w $W
status_is 0 "the next export succeeds"
out_has ": 6 payouts" "and pays the six payouts"
e2e_in "$T/bank" | sort >"$T/e2e"
check "each once" test "$(wc -l <"$T/e2e")" -eq 6 -a -z "$(uniq -d "$T/e2e")"
run hb-household verify
status_is 0 "the store verifies"
done_testing
