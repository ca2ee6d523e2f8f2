#!/bin/sh
# The audit log: one entry per command that reads or changes a household's
# data, hash-chained, append-only.
. "$top_srcdir/tests/lib.sh"
need_sqlite3

hb-household -q init
hb-household -q add household name=A composition=single caseworker=x \
    start=2026-01-01
hb-household -q show HB-000001 >/dev/null
hb-household -q add household name=B composition=single caseworker=x \
    start=2025-13-01 2>/dev/null

run hb-household -o tsv list audit
status_is 0 "list the audit log"
cut -f4,5,6 "$T/out" >"$T/out2"; cp "$T/out2" "$T/out"
out_is "each command left one entry with its result" <<'OUT'
action	household	result
load-parameters		ok
add household	HB-000001	ok
show	HB-000001	ok
add household		error
OUT
run hb-household -o tsv list audit
check "the actor is the login user" sh -c \
    'test "$(sed -n 2p "$1" | cut -f3)" = "$(id -un)"' x "$T/out"
check "trace ids are 32 hex digits" sh -c \
    'cut -f8 "$1" | tail -n +2 | grep -qvE "^[0-9a-f]{32}$" && exit 1 || exit 0' x "$T/out"
check "the failed attempt says why" grep -q "invalid date '2025-13-01'" "$T/out"

run hb-household verify-audit
status_is 0 "the chain verifies"
out_has "audit log intact: 6 entries, head " "verify counts the entries"
run hb-household -o tsv list audit HB-000001
out_has "household HB-000001" "the entry says what was added"

run "$SQLITE3" "$HB_DB" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
check "the store refuses to change an entry" test "$status" -ne 0
err_has "append-only" "it says the log is append-only"
run "$SQLITE3" "$HB_DB" "DELETE FROM audit WHERE id = 2"
check "the store refuses to delete an entry" test "$status" -ne 0

# someone with the file drops the trigger and edits history
"$SQLITE3" "$HB_DB" "DROP TRIGGER audit_no_update;
    UPDATE audit SET actor = 'mallory' WHERE id = 2"
run hb-household verify-audit
status_is 1 "a changed entry breaks the chain"
err_has "audit log broken at entry 2" "verify names the entry"
# a failed init of an existing store is audited too
run env HB_DB="$T/init.db" hb-household -q init
status_is 0 "a second store"
mkdir "$T/noshare"
run env HB_DB="$T/init.db" HB_SHAREDIR="$T/noshare" hb-household init
status_is 1 "init fails without its parameter files"
err_has "cannot open '$T/noshare/parameters.tsv'" "it names the file"
run env HB_DB="$T/init.db" hb-household -o tsv list audit
check "the failed init left an entry with result error" sh -c \
    'cut -f4,6 "$1" | grep -qx "load-parameters	error"' x "$T/out"
out_has "noshare/parameters.tsv" "the entry says why"
done_testing
