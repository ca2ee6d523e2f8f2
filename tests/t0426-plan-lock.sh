#!/bin/sh
# Two "hb-plan run -a" at once, through the same path or a hard link of
# the store: exactly one plans, the other exits 4 and plans nothing; one
# through a symlinked directory is refused (hb(5), the trust boundary).
# A command that reads the store while the batch runs waits for it
# (within the busy timeout of 10 s) rather than failing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
. "$top_srcdir/tests/faults.sh"
need_sqlite3

mkdir "$T/s"
HB_DB=$T/s/hb.db
fault_store >/dev/null 2>&1
op_import >/dev/null 2>&1
ln "$HB_DB" "$T/s/link.db"
ln "$HB_DB.key" "$T/s/link.db.key"
ln -s "$T/s" "$T/dirlink"
# how many plans one batch run keeps, on a copy
store_copy "$HB_DB" "$T/one.db"
HB_DB=$T/one.db op_plan >/dev/null 2>&1
plans_of_one_run=$(HB_DB=$T/one.db; "$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM plan WHERE month = '2027-07'")

HB_TEST_PAUSE="before-commit:$T/paused" hb-plan run -a -q -m 2027-07 \
    >"$T/first.out" 2>"$T/first.err" &
first=$!
check "the first batch run reached its commit" wait_for "$T/paused"
run hb-plan run -a -q -m 2027-07
status_is 4 "a second batch run through the same path exits 4"
err_has "another hb-plan batch run holds" "and says why"
run hb-plan -d "$T/s/link.db" run -a -q -m 2027-07
status_is 4 "a batch run through a hard link of the store exits 4"
err_has "another hb-plan batch run holds" "and says why"
run hb-plan -d "$T/dirlink/hb.db" run -a -q -m 2027-07
status_is 1 "a batch run through a symlinked directory is refused"
err_has "is a symbolic link to" "and says why"
hb-plan HB-000001 >"$T/show.out" 2>"$T/show.err" &
show=$!
hb-household list >"$T/list.out" 2>"$T/list.err" &
list=$!
sleep 1
rm "$T/paused"
wait $first
st=$?
wait $show
check "showing a plan while the batch ran waited and worked" test $? -eq 0
wait $list
check "listing the households while the batch ran waited and worked" test $? -eq 0
check "and listed them" grep -q HB-000002 "$T/list.out"
last_cmd="hb-plan HB-000001, hb-household list: $(cat "$T/show.err" "$T/list.err")"
check "neither read said anything on stderr" \
    test ! -s "$T/show.err" -a ! -s "$T/list.err"
check "the first batch run finishes (exit $st)" test $st -eq 0 -o $st -eq 3
check "one batch's plans were kept, not two" test \
    "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM plan WHERE month = '2027-07'")" \
    -eq "$plans_of_one_run"
check "the store is sound" store_clean
run hb-household verify
status_is 0 "and verified"
done_testing
