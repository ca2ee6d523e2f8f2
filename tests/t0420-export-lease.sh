#!/bin/sh
# hb-plan export: one export at a time, whatever path it reaches the store
# by.  The exclusion is a lease inside the store, so a second export through
# the same path, a hard link of the store or a symlinked export directory,
# or one started after the lock file was removed, exits 4 and leaves the
# first run's batch alone; a lease whose owner is gone (killed, PID reused,
# rebooted) is taken over.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3

W=2027-05-27:2027-06-30
export_store
mkdir "$T/bank"
ln -s "$T/bank" "$T/banklink"
ln "$HB_DB" "$T/link.db"
ln "$HB_DB.key" "$T/link.db.key"

# --- a second export while the first is between its steps -----------------
HB_TEST_PAUSE="after-pending:$T/paused" hb-plan export -D "$T/bank" -w $W \
    >"$T/first.out" 2>"$T/first.err" &
first=$!
check "the first export reached its pending batch" wait_for "$T/paused"
run hb-plan export -D "$T/bank" -w $W
status_is 4 "a second export through the same path exits 4"
run hb-plan -d "$T/link.db" export -D "$T/bank" -w $W
status_is 4 "an export through a hard link of the store exits 4"
err_has "another export is running on store" \
    "it says another export runs (the lock file beside the link is free)"
err_has "(process $first on $(uname -n), started by $(id -un) at " "and names the process"
run hb-plan export -D "$T/banklink" -w $W
status_is 4 "an export into a symlinked export directory exits 4"
rm -f "$HB_DB.lock" "$T/link.db.lock"
run hb-plan export -D "$T/bank" -w $W
status_is 4 "with the lock file removed mid-run, it still exits 4"
err_has "another export is running on store" "and says why"
check "the first run's batch is still pending, not abandoned" test \
    "$("$SQLITE3" "$HB_DB" "SELECT group_concat(status) FROM export_batch")" = pending
check "and its payouts still reserved by it" test \
    "$("$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE pending_batch = 1")" -eq 6
rm "$T/paused"
wait $first
check "the first export finishes: exit 0" test $? -eq 0
check "it wrote six payouts" grep -q ': 6 payouts' "$T/first.out"
check "exactly one batch ran, and it is done" test \
    "$("$SQLITE3" "$HB_DB" "SELECT group_concat(status) FROM export_batch")" = done
check "one file" test "$(ls -A "$T/bank" | wc -l)" -eq 1
e2e_in "$T/bank" | sort >"$T/e2e"
check "no EndToEndId in two files" test -z "$(uniq -d "$T/e2e")"

# --- a done batch's file is checked before the next export to its directory
f=$(ls "$T/bank"/pain001-*.xml)
cp "$f" "$T/saved.xml"
sed 's/<InstdAmt Ccy="EUR">612.34</<InstdAmt Ccy="EUR">6123.40</' "$T/saved.xml" >"$f"
HB_NOW=2027-06-02 plan_write -m 2027-07 HB-000001 2>/dev/null
run hb-plan export -D "$T/banklink" -w 2027-07-01:2027-07-31
status_is 1 "a changed file of a done batch stops the next export to its directory"
err_has "export file '$T/bank/${f##*/}' of batch 1 was changed after it was written: nothing is exported to '$T/bank' until a person checks it with the bank" \
    "the message names the file, also when the directory is named through a link"
check "nothing new is written" test "$(ls -A "$T/bank" | wc -l)" -eq 1
run hb-household verify
status_is 1 "verify finds the changed file too"
out_has "export file '$f' of batch 1 was changed after it was written" "and names it"
mv "$f" "$T/uploaded.xml"
run hb-plan export -D "$T/bank" -w 2027-07-01:2027-07-31
status_is 0 "a file an upload job took away is fine"
out_has ": 5 payouts, € 335,50" "July is exported: energy and four leefgeld"

# --- three exports started at once ----------------------------------------
HB_DB=$T/race.db
export_store
mkdir "$T/race"
for i in 1 2 3; do
	hb-plan export -D "$T/race" -w $W >"$T/race$i.out" 2>"$T/race$i.err" &
	eval "pid$i=\$!"
done
statuses=
for i in 1 2 3; do
	eval "wait \$pid$i"
	statuses="$statuses $?"
done
last_cmd="three exports at once: exit statuses$statuses"
check "each of three exports at once exits 0 or 4" \
    sh -c 'for s in $1; do [ "$s" -eq 0 ] || [ "$s" -eq 4 ] || exit 1; done' \
    x "$statuses"
check "exactly one wrote a file" test \
    "$(cat "$T"/race?.out | grep -c ': 6 payouts')" -eq 1
e2e_in "$T/race" | sort >"$T/e2e"
check "six payouts, none in two files" sh -c \
    'test "$(wc -l <"$1")" -eq 6 && test -z "$(uniq -d "$1")"' x "$T/e2e"

# --- an owner that is gone ------------------------------------------------
HB_DB=$T/dead.db
export_store
mkdir "$T/dead"
run env HB_TEST_CRASH=after-lease hb-plan export -D "$T/dead" -w $W
status_is 137 "an export killed while it holds the lease"
run hb-plan export -D "$T/dead" -w $W
status_is 0 "the next export takes over the lease of the dead process"
out_has ": 6 payouts" "and exports"
run hb-household -o tsv list audit
out_has "taken over: its owner is gone" "the audit log says the lease was taken over"

# lease rows as another process would have left them
lease() {
	"$SQLITE3" "$HB_DB" "INSERT OR REPLACE INTO export_lease VALUES (1,
	    'test', '$(uname -n)', '$1', '$(readlink /proc/self/ns/pid)', $2, $3,
	    'tester', '2027-05-20T00:00:00Z')"
}
boot=$(cat /proc/sys/kernel/random/boot_id)
sleep 60 &
sleeper=$!
ticks=$(sed 's/.*) //' /proc/$sleeper/stat | cut -d' ' -f20)
lease "$boot" $sleeper "$ticks"
run hb-plan export -D "$T/dead" -w $W
status_is 4 "a lease of a live process is respected"
lease "$boot" $sleeper $((ticks + 1))
run hb-plan export -D "$T/dead" -w $W
status_is 0 "a lease whose PID now runs another process is taken over"
lease 00000000-0000-0000-0000-000000000000 $sleeper "$ticks"
run hb-plan export -D "$T/dead" -w $W
status_is 0 "a lease from before a reboot is taken over"
"$SQLITE3" "$HB_DB" "INSERT OR REPLACE INTO export_lease VALUES (1, 'x',
    'elsewhere.example', '$boot', 'pid:[1]', 1, 1, 'tester', 'now')"
run hb-plan export -D "$T/dead" -w $W
status_is 4 "a lease held on another host is respected"
err_has "on elsewhere.example" "and the message names the host"
kill $sleeper 2>/dev/null
check "the store is sound" store_clean

# --- the store holds the protocol, whatever a program does ----------------
HB_DB=$T/rules.db
export_store
mkdir "$T/rules"
hb-plan export -q -D "$T/rules" -w 2027-05-27:2027-06-10
refused() {	# refused DESCRIPTION MESSAGE SQL
	run "$SQLITE3" "$HB_DB" "$3"
	check "$1" test "$status" -ne 0
	err_has "$2" "$1: the store says why"
}
refused "a planned payout cannot be marked exported without a batch" \
    "a payout is exported once, by the written export batch that reserved it" \
    "UPDATE payout SET status = 'exported' WHERE status = 'planned' AND
    end_to_end = 'HB000001-A3-20270614'"
refused "a done batch cannot move back" "never back" \
    "UPDATE export_batch SET status = 'pending' WHERE id = 1"
refused "an exported payout cannot move to another batch" \
    "a payout belongs to one export batch, for good" \
    "UPDATE payout SET batch_id = NULL WHERE status = 'exported'"
refused "a batch cannot be opened without the export lease" \
    "an export batch starts pending, by the holder of the export lease" \
    "INSERT INTO export_batch (msg_id, format, file, from_date, to_date,
    count, control_sum, file_hash, status, at, actor, owner) VALUES ('X',
    'pain.001.001.03', '/x', '2027-06-11', '2027-06-30', 1, 6000, 'h',
    'pending', 'now', 'me', 'nobody')"
refused "an exported payout cannot be reserved again" \
    "a payout is reserved once, by a pending export batch" \
    "UPDATE payout SET pending_batch = 1 WHERE status = 'exported'"
refused "an export batch is never deleted" "an export batch is never deleted" \
    "DELETE FROM export_batch"
done_testing
