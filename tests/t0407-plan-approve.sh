#!/bin/sh
# hb-plan approve: a person approves an advisory decision of the current
# plan, with a reason; no reason, an unknown, a hard, a superseded or an
# approved decision is refused and nothing changes.  A month before a
# household's start is not planned, and the household is named.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
EXTRA_TABLES="decision payout plan"

export_store 2>/dev/null
old=$("$SQLITE3" "$HB_DB" "SELECT id FROM decision WHERE mode = 'advisory'")
hard=$("$SQLITE3" "$HB_DB" "SELECT min(id) FROM decision WHERE mode = 'hard'")
plan_write -m 2027-06 HB-000002 2>/dev/null
new=$("$SQLITE3" "$HB_DB" "SELECT max(id) FROM decision WHERE mode = 'advisory'")
check "planning again made a new advisory decision" test "$new" -gt "$old"
before=$(store_dump)

run hb-plan approve "$new" ""
status_is 1 "an approval without a reason is refused"
err_has "an approval needs a reason" "and says a reason is needed"
run hb-plan approve 99999 "confirmed"
status_is 1 "an unknown decision is refused"
err_has "unknown decision 99999" "and named"
run hb-plan approve "$hard" "confirmed"
status_is 1 "a decision that is not advisory is refused"
err_has "decision $hard is not advisory: nothing to approve" "and says so"
run hb-plan approve "$old" "confirmed"
status_is 1 "a decision of a superseded plan is refused"
err_has "decision $old was superseded by plan" "and points to the current plan"
check "none of these changed the store" test "$(store_dump)" = "$before"

run hb-plan approve "$new" "confirmed with the caseworker"
status_is 0 "an advisory decision of the current plan is approved"
out_is "it says so" <<EOT
decision $new approved
EOT
check "its payout is approved, with who and why" test \
    "$("$SQLITE3" "$HB_DB" "SELECT status || '|' || approval_reason FROM
    payout WHERE decision_id = $new")" = "approved|confirmed with the caseworker"
before=$(store_dump)
run hb-plan approve "$new" "again"
status_is 1 "approving it again is refused"
err_has "decision $new has no payout waiting for approval (approved)" "and says why"
check "and changes nothing" test "$(store_dump)" = "$before"

run hb-plan run -m 2025-12 HB-000001
status_is 3 "a month before the household's start is not planned (exit 3)"
err_has "HB-000001 starts after 2025-12" "and the household and month are named"
check "nothing of it is kept" test "$(store_dump)" = "$before"
done_testing
