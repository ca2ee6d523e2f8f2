#!/bin/sh
# hb-household verify: the store is as hb left it.  Each change made
# outside hb (with the sqlite3 tool, the triggers dropped as an attacker
# would) is named, and the export refuses to run on a store that fails its
# quick check.  The audit chain is keyed with STORE.key; a store without
# its key is refused for writing; a store made before the key continues
# its chain keyed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3

W=2027-05-27:2027-06-10
export_store
mkdir "$T/bank"
hb-plan export -q -D "$T/bank" -w $W
camt_begin "$T/june.xml" NL50BNGH0285000101 JUNE-1 2000.00 2027-05-20 1950.00 2027-06-09
camt_entry "$T/june.xml" 50.00 DBIT 2027-06-09 J-1 NL20INGB0001234567 "Kiosk" "koffie"
camt_end "$T/june.xml"
hb-import -q "$T/june.xml" 2>/dev/null

run hb-household verify
status_is 0 "an untouched store verifies"
out_has "store verified: " "verify says so"
check "the key is 0600" test "$(stat -c %a "$HB_DB.key")" = 600
check "the key is 64 hex digits" grep -qxE '[0-9a-f]{64}' "$HB_DB.key"
run hb-household verify-audit
status_is 0 "verify-audit still checks the chain"
out_has "audit log intact: " "and says so"

# tamper NAME SQL: a copy of the store, changed as an attacker would
tamper() {
	rm -f "$T/$1.db" "$T/$1.db.key"
	cp "$HB_DB" "$T/$1.db"
	cp "$HB_DB.key" "$T/$1.db.key"
	"$SQLITE3" "$T/$1.db" "$2"
}
E2E=HB000001-A1-20270601

# --- an exported payout reset to planned ----------------------------------
tamper reset "DROP TRIGGER payout_status; DROP TRIGGER payout_batch;
    UPDATE payout SET status = 'planned', batch_id = NULL
    WHERE end_to_end = '$E2E'"
run hb-household -d "$T/reset.db" verify
status_is 1 "an exported payout reset to planned: verify exits 1"
out_has "($E2E, planned): changed outside hb" "it names the payout"
out_has "trigger payout_status is missing" "it names the dropped trigger"
out_has "sent 3 payouts, 767.84; the store has 2, 155.50 exported in it" \
    "it names the batch that lost a payout"
err_has "problems found: the store was changed outside hb" "stderr sums up"
run hb-plan -d "$T/reset.db" export -D "$T/bank" -w $W
status_is 1 "export refuses the store"
err_has "triggers are missing: someone changed the store outside hb; nothing is exported" \
    "it says why"
check "and writes nothing" test "$(ls -A "$T/bank" | wc -l)" -eq 1
# the attacker puts the triggers back exactly as they were
"$SQLITE3" "$HB_DB" "SELECT sql || ';' FROM sqlite_master WHERE name IN
    ('payout_status', 'payout_batch')" >"$T/triggers.sql"
"$SQLITE3" "$T/reset.db" <"$T/triggers.sql"
run hb-plan -d "$T/reset.db" export -D "$T/bank" -w $W
status_is 1 "with the triggers restored, export still refuses"
err_has "was changed outside hb: nothing is exported" "the payout's seal is broken"

# --- creditor IBANs -------------------------------------------------------
tamper iban "DROP TRIGGER payout_facts; UPDATE payout SET creditor_iban =
    'NL02ABNA0123456789' WHERE end_to_end = '$E2E'"
run hb-household -d "$T/iban.db" verify
status_is 1 "the IBAN of an exported payout changed: exit 1"
out_has "($E2E, exported): changed outside hb" "it names the payout"
tamper planned "DROP TRIGGER payout_facts; UPDATE payout SET creditor_iban =
    'NL02ABNA0123456789' WHERE end_to_end = 'HB000001-A3-20270614'"
run hb-household -d "$T/planned.db" verify
status_is 1 "the IBAN of a planned payout changed: exit 1"
out_has "(HB000001-A3-20270614, planned): changed outside hb" "it names the payout"
"$SQLITE3" "$T/planned.db" <"$T/triggers.sql" 2>/dev/null
"$SQLITE3" "$HB_DB" "SELECT sql || ';' FROM sqlite_master WHERE name =
    'payout_facts'" | "$SQLITE3" "$T/planned.db"
run hb-plan -d "$T/planned.db" export -D "$T/bank" -w 2027-06-11:2027-06-30
status_is 1 "export refuses to pay the changed payout"
err_has "was changed outside hb: nothing is exported" "it says why"
tamper agreement "UPDATE agreement SET iban = 'NL02ABNA0123456789' WHERE id = 1"
run hb-household -d "$T/agreement.db" verify
status_is 1 "the IBAN of an agreement changed: exit 1"
out_has "agreement 1 of HB-000001 (rent): changed outside hb" "it names the agreement"

# --- a bank line multiplied -----------------------------------------------
tamper line "INSERT INTO bank_line (account_id, statement_id, booking_date,
    value_date, cents, counter_iban, counter_name, description, bank_ref,
    end_to_end, reversal, return_reason, dedup_key, src_line) SELECT
    account_id, statement_id, booking_date, value_date, cents, counter_iban,
    counter_name, description, bank_ref, end_to_end, reversal,
    return_reason, dedup_key || '-2', src_line FROM bank_line WHERE
    description = 'koffie'"
run hb-household -d "$T/line.db" verify
status_is 1 "a bank line multiplied: exit 1"
out_has "(2027-06-09, -50.00): added outside hb" "it names the new line"
out_has "(JUNE-1 of NL50BNGH0285000101): 1 lines imported, the store holds 2" \
    "it names the statement"
out_has "does not add up: opening 2000.00 plus the lines -100.00 is not the closing balance 1950.00" \
    "and the balance that no longer adds up"

# --- an audit entry rewritten with a recomputed plain hash ----------------
hb-household -q list >/dev/null
n=$("$SQLITE3" "$HB_DB" "SELECT max(id) FROM audit")
US=$(printf '\037')
tamper audit "DROP TRIGGER audit_no_update"
"$SQLITE3" -separator "$US" -newline "$US" "$T/audit.db" "SELECT prev_hash,
    started, at, 'mallory', action, coalesce(household, ''), result, detail,
    trace_id, operation_id FROM audit WHERE id = $n" | sha256sum |
    cut -d' ' -f1 >"$T/forged"
"$SQLITE3" "$T/audit.db" "UPDATE audit SET actor = 'mallory', keyed = 0,
    hash = '$(cat "$T/forged")' WHERE id = $n"
run hb-household -d "$T/audit.db" verify
status_is 1 "an audit entry rewritten with its plain hash: exit 1"
out_has "audit entry $n was changed, added or removed outside hb" "it names the entry"
run hb-household -d "$T/audit.db" verify-audit
status_is 1 "verify-audit finds it too"
"$SQLITE3" "$HB_DB" "SELECT sql || ';' FROM sqlite_master WHERE name =
    'audit_no_update'" | "$SQLITE3" "$T/audit.db"
run hb-plan -d "$T/audit.db" export -D "$T/bank" -w 2027-06-11:2027-06-30
status_is 1 "with the trigger put back, export still refuses the broken chain"
err_has "audit log broken at entry $n" "it names the entry"

# --- the key --------------------------------------------------------------
tamper nokey "SELECT 1" >/dev/null
mv "$T/nokey.db.key" "$T/nokey.key.saved"
run hb-household -d "$T/nokey.db" list
status_is 1 "a store without its key is refused"
err_has "its audit key '$T/nokey.db.key' is missing, so nothing can be written: restore the key from its backup" \
    "it says what to do"
run hb-household -d "$T/nokey.db" verify
status_is 1 "verify without the key exits 1"
out_has "the audit key '$T/nokey.db.key' is missing" "and says the key is missing"
check "no new key was made" test ! -e "$T/nokey.db.key"
mv "$T/nokey.key.saved" "$T/nokey.db.key"
run hb-household -d "$T/nokey.db" verify
status_is 0 "with the key restored from its backup it verifies again"
chmod 644 "$T/nokey.db.key"
run hb-household -d "$T/nokey.db" list
status_is 1 "a key others can read is refused"
err_has "refusing audit key '$T/nokey.db.key': others can read it" "it says why"

# a crash after the store was sealed but before the key got its name
tamper named "SELECT 1" >/dev/null
mv "$T/named.db.key" "$T/named.db.key.new"
run hb-household -d "$T/named.db" verify
status_is 0 "a key left as STORE.key.new after a crash at keying is used"
check "and gets its name" test -f "$T/named.db.key" -a ! -e "$T/named.db.key.new"

# --- a store made before the key ------------------------------------------
pm=$top_builddir/tests/unit/print-migration
{ for v in 1 2 3 4 5; do "$pm" $v; done; echo "PRAGMA user_version = 5;"
  echo "INSERT INTO household (code, name, composition, adults, children,
      buffer_limit, caseworker, start_date) VALUES ('HB-000001', 'Old',
      'single', 1, 0, 150000, 'x', '2025-01-01');"; } | "$SQLITE3" "$T/old.db"
fields="2025-01-01T00:00:00.000Z${US}2025-01-01T00:00:00.000Z${US}x${US}add household${US}HB-000001${US}ok${US}household HB-000001${US}00000000000000000000000000000000${US}0000000000000000${US}"
h=$(printf '%s%s' "$US" "$fields" | sha256sum | cut -d' ' -f1)
"$SQLITE3" "$T/old.db" "INSERT INTO audit (started, at, actor, action,
    household, result, detail, trace_id, operation_id, prev_hash, hash)
    VALUES ('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'x',
    'add household', 'HB-000001', 'ok', 'household HB-000001',
    '00000000000000000000000000000000', '0000000000000000', '', '$h')"
chmod 600 "$T/old.db"
run hb-household -d "$T/old.db" verify-audit
status_is 0 "a store made before the key keeps working"
out_has "audit log intact: 1 entries" "its plain start verifies"
check "it got its key on the first open" test -f "$T/old.db.key"
check "entries from then on are keyed" test "$("$SQLITE3" "$T/old.db" \
    "SELECT group_concat(keyed) FROM audit ORDER BY id")" = "0,1"
run hb-household -d "$T/old.db" verify
status_is 0 "and the whole store verifies"
forged=$(printf '%s' "$fields" | sed 's/household HB-000001/household HB-000009/')
"$SQLITE3" "$T/old.db" "DROP TRIGGER audit_no_update; UPDATE audit SET
    detail = 'household HB-000009', hash = '$(printf '%s%s' "$US" "$forged" |
    sha256sum | cut -d' ' -f1)' WHERE id = 1"
run hb-household -d "$T/old.db" verify
status_is 1 "a rewritten entry of the plain start is found"
out_has "audit entry 2 was changed, added or removed outside hb" \
    "the first keyed entry no longer follows it"
done_testing
