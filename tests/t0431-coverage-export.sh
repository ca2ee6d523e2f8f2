#!/bin/sh
# hb-plan export refuses what it cannot do safely: an export directory
# that is not there reserves nothing; a payment file that was changed after
# it was written (found by the next export's recovery) stops every export
# until a person looks, and once the file is as written again its batch is
# finished; an export lease held in another PID namespace on this host
# (another container) is respected, because its owner cannot be proven
# gone.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
EXTRA_TABLES="payout export_batch"

W=2027-05-27:2027-06-30

reserved() { "$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE
    pending_batch IS NOT NULL"; }
exported() { "$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE
    status = 'exported'"; }
batches() { "$SQLITE3" "$HB_DB" "SELECT coalesce(group_concat(status), '')
    FROM export_batch"; }

export_store 2>/dev/null
export HB_NOW

# --- an export directory that is not there
before=$(store_dump)
run hb-plan export -D "$T/nope" -w $W
status_is 1 "an export to a directory that does not exist fails"
err_has "cannot use export directory '$T/nope': No such file or directory" \
    "the message names the directory and why"
check "no batch is opened and no payout reserved" \
    test "$(batches)|$(reserved)|$(exported)" = "|0|0"
check "the store's payouts are unchanged" test "$(store_dump)" = "$before"
check "the directory is not created" test ! -e "$T/nope"

# --- a file changed between its writing and the next export's recovery
mkdir "$T/bank"
run env HB_TEST_CRASH=after-rename hb-plan export -D "$T/bank" -w $W
status_is 137 "an export killed after renaming its file"
check "killed after the rename: the batch is written, not done" \
    test "$(batches)" = written
f=$(ls "$T/bank"/pain001-*.xml)
check "its file has the final name" test -f "$f"
cp "$f" "$T/as-written.xml"
# someone raises the rent in the payment file before it goes to the bank
sed 's/<InstdAmt Ccy="EUR">612.34</<InstdAmt Ccy="EUR">6123.40</' \
    "$T/as-written.xml" >"$f"
check "the file was changed" test -n "$(cmp "$f" "$T/as-written.xml" 2>&1)"
run hb-plan export -D "$T/bank" -w $W
status_is 1 "the next export refuses: a written file was changed"
err_has "export file '$f' of batch 1 was changed after it was written: nothing is exported until a person checks it with the bank" \
    "the message names the file and the batch"
check "the batch stays written, its six payouts reserved, none exported" \
    test "$(batches)|$(reserved)|$(exported)" = "written|6|0"
check "no second file is written" test "$(ls "$T/bank" | wc -l)" -eq 1
run hb-plan export -D "$T/bank" -w $W
status_is 1 "and so does every export after it"

cp "$T/as-written.xml" "$f"
run hb-plan export -D "$T/bank" -w $W
status_is 0 "with the file as written, the next export finishes the batch"
err_has "finished 1 export batch an earlier run left pending" "and says so"
out_has "nothing to export" "nothing is exported twice"
check "the batch is done and its six payouts exported" \
    test "$(batches)|$(reserved)|$(exported)" = "done|0|6"
check "still one file" test "$(ls "$T/bank" | wc -l)" -eq 1
check "the store is sound" store_clean

# --- the same, killed before the rename: only the temporary file is there
# (a written batch whose temporary file was changed was once taken for a
# file an upload job had taken away: marked done and its payouts
# exported, though the bank never got them)
HB_DB=$T/tmp.db
export_store 2>/dev/null
mkdir "$T/bank2"
run env HB_TEST_CRASH=after-written hb-plan export -D "$T/bank2" -w $W
status_is 137 "an export killed after writing its temporary file"
check "killed after writing: the batch is written" test "$(batches)" = written
tmp=$(ls -d "$T/bank2"/.pain001-*.xml.tmp)
check "and only its temporary file is there" test -f "$tmp"
sed -i 's/<InstdAmt Ccy="EUR">612.34</<InstdAmt Ccy="EUR">6123.40</' "$tmp"
run hb-plan export -D "$T/bank2" -w $W
status_is 1 "a changed temporary file of a written batch stops the export"
err_has "export file '$tmp' of batch 1 was changed after it was written" \
    "and names the file"
check "its payouts are not marked exported" test "$(exported)" -eq 0
check "and the batch stays written" test "$(batches)" = written
sed -i 's/<InstdAmt Ccy="EUR">6123.40</<InstdAmt Ccy="EUR">612.34</' "$tmp"
run hb-plan export -D "$T/bank2" -w $W
status_is 0 "once the file is back as written, the export finishes the batch"
check "under its final name, and the temporary file is gone" \
    test "$(ls "$T/bank2" | wc -l)" -eq 1 -a ! -e "$tmp"
check "each payout exported once" test "$(exported)" -eq 6

# --- a lease held in another container on this host
HB_DB=$T/lease.db
export_store 2>/dev/null
mkdir "$T/bank3"
boot=$(cat /proc/sys/kernel/random/boot_id)
"$SQLITE3" "$HB_DB" "INSERT INTO export_lease VALUES (1, 'other',
    '$(uname -n)', '$boot', 'pid:[1]', 1, 1, 'tester',
    '2027-05-20T00:00:00Z')"
run hb-plan export -D "$T/bank3" -w $W
status_is 4 "a lease held in another PID namespace is respected (exit 4)"
err_has "another export is running on store" "the message says why"
err_has "process 1 on $(uname -n), started by tester" \
    "and names the process, host and who started it"
check "nothing is written" test -z "$(ls -A "$T/bank3")"
check "and nothing is reserved" test "$(batches)|$(reserved)" = "|0"
done_testing
