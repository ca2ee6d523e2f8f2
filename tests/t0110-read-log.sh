#!/bin/sh
# The read log: a command that only reads appends its audit entry to
# STORE-reads instead of taking the store's write lock, so that it answers
# while another command writes; the next writing command folds the entries
# into the audit chain, once each, and clears the log.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3

reads() {
	"$SQLITE3" "$HB_DB-reads" "SELECT count(*) FROM read_audit $1"
}
in_audit() {
	"$SQLITE3" "$HB_DB" "SELECT count(*) FROM audit WHERE $1"
}

hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add household name="A. Lezer" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=450.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-plan run -q -m 2026-12 HB-000001 >/dev/null

# --- a read writes to the read log, not to the store ----------------------
check "no read log before the first read" test ! -e "$HB_DB-reads"
before=$(cksum <"$HB_DB")
run hb-household list
status_is 0 "a list answers"
out_has "HB-000001" "and lists the household"
check "the read log is made, 0600" \
    test "$(stat -c %a "$HB_DB-reads")" = 600
check "its entry waits there" test "$(reads "WHERE action =
    'list households' AND result = 'ok'")" -eq 1
check "the store file itself is unchanged by the read, audit log and all" \
    test "$(cksum <"$HB_DB")" = "$before"

# --- reads answer while another command holds the write lock --------------
HB_TEST_PAUSE="before-commit:$T/paused" hb-household -q add agreement \
    household=HB-000001 kind=water organisation=Woonstede amount=20.00 \
    schedule=monthly:5 valid_from=2026-01-01 >"$T/w.out" 2>"$T/w.err" &
writer=$!
check "the writer reached its commit, holding the write lock" \
    wait_for "$T/paused"
for cmd in "hb-household list" "hb-household show HB-000001" \
    "hb-plan -m 2026-12 HB-000001" "hb-plan payouts" \
    "hb-explain HB-000001 2026-12" "hb-escalate list" \
    "hb-overview -p -m 2026-12" "hb-import lines"; do
	run $cmd
	status_is 0 "'$cmd' answers while the writer holds the lock"
done
check "and the writer is still waiting at its commit" kill -0 $writer
rm "$T/paused"
wait $writer
check "the writer commits" test $? -eq 0
check "the writer folded the reads made before it began" \
    test "$(in_audit "action = 'list households'")" -eq 1
check "the reads made during it wait in the read log" test "$(reads \
    "WHERE action IN ('explain', 'show plan', 'overview')")" -eq 3

# --- the next writing command folds them, once, in order ------------------
ops=$("$SQLITE3" "$HB_DB-reads" "SELECT operation_id FROM read_audit ORDER
    BY id" | tr '\n' ' ')
run hb-household -q set HB-000001 buffer_limit=200.00
status_is 0 "a writing command runs"
check "the read log is empty after it" test "$(reads "")" -eq 0
folded=$(for op in $ops; do
	"$SQLITE3" "$HB_DB" "SELECT id FROM audit WHERE operation_id = '$op'"
done | tr '\n' ' ')
check "each read is in the audit log once, in the order it was made" \
    test "$(echo $folded | wc -w)" -eq "$(echo $ops | wc -w)" -a \
    "$(echo $folded | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "$folded"
check "before the writing command's own entry" test "$(in_audit "action =
    'change household' AND id > $(echo $folded | tr ' ' '\n' | tail -n 1)")" -eq 1
run hb-household -o tsv list audit
out_has "	explain	HB-000001	ok	" \
    "the audit listing shows who explained whose month"
run hb-household verify
status_is 0 "verify: the chain with the folded reads is intact"

# --- a crash after the fold committed, before the log was cleared ---------
hb-household list >/dev/null
op=$("$SQLITE3" "$HB_DB-reads" "SELECT operation_id FROM read_audit")
HB_TEST_CRASH=after-commit hb-household -q set HB-000001 \
    buffer_limit=250.00 >/dev/null 2>&1
check "the crash left the folded entry in the read log" test "$(reads "")" -eq 1
check "and in the audit log" test "$(in_audit "operation_id = '$op'")" -eq 1
run hb-household -q set HB-000001 buffer_limit=300.00
status_is 0 "the next writing command runs"
check "it does not fold the entry a second time" \
    test "$(in_audit "operation_id = '$op'")" -eq 1
check "and clears the log" test "$(reads "")" -eq 0

# --- an entry changed in the read log is found ----------------------------
hb-household list >/dev/null
"$SQLITE3" "$HB_DB-reads" "UPDATE read_audit SET actor = 'nobody'"
run hb-household verify
status_is 1 "verify finds the changed read log entry"
out_has "read log entry" "and names it"
run hb-household -q set HB-000001 buffer_limit=310.00
status_is 0 "a writing command still runs"
check "the fold records the change as an error" test "$(in_audit "action =
    'read log' AND result = 'error' AND
    detail LIKE 'read log entry % changed outside hb%'")" -eq 1

# --- the read log is inside the trust boundary ----------------------------
rm -f "$HB_DB-reads"
ln -s "$T/elsewhere" "$HB_DB-reads"
run hb-household list
status_is 1 "a read log that is a symbolic link is refused"
err_has "its read log '$HB_DB-reads' is a symbolic link" "and named"
rm -f "$HB_DB-reads"

# --- without the key a read is refused before it shows anything -----------
store_copy "$HB_DB" "$T/nokey.db"
rm "$T/nokey.db.key"
run hb-household -d "$T/nokey.db" list
status_is 1 "a read without the audit key is refused"
out_is_empty "and shows nothing"

check "the store is sound" store_clean
done_testing
