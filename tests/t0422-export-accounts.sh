#!/bin/sh
# hb-plan export debits only a registered account of the municipality: a
# household's payouts leave its managed account, or, for a household
# without one, a pooled account registered as such and named by
# policy.managed_account.  Otherwise the export refuses and writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3

W=2027-05-27:2027-06-30
POOL=NL64BNGH0285126628		# policy.managed_account in policy.tsv
HB_NOW=2027-05-20
export HB_NOW
hb-household -q init
hb-household -q add organisation name=Woonstad kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add household name="C. Pool" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstad amount=500.00 schedule=monthly:1 \
    valid_from=2026-01-01
plan_write -m 2027-06 HB-000001 2>/dev/null
mkdir "$T/bank"
batches() { "$SQLITE3" "$HB_DB" "SELECT count(*) FROM export_batch"; }
exported() { "$SQLITE3" "$HB_DB" "SELECT count(*) FROM payout WHERE
    status = 'exported' OR pending_batch IS NOT NULL"; }
check "the rent debits the policy's pooled account" test "$("$SQLITE3" \
    "$HB_DB" "SELECT DISTINCT debtor_iban FROM payout")" = "$POOL"

run hb-plan export -D "$T/bank" -w $W
status_is 1 "a payout debiting an unregistered account is refused"
err_has "debits $POOL, which is not registered as a pooled account of the municipality: nothing exported" \
    "the message names the account"
check "no file is written" test -z "$(ls -A "$T/bank")"
check "no batch, no payout exported" test "$(batches) $(exported)" = "0 0"

hb-household -q add account iban=$POOL holder="Gemeente inz. HHB" kind=pooled
cat >"$T/policy.tsv" <<'TSV'
policy.managed_account	2027-05-15	NL02ABNA0123456789	text	P	moved to another bank
TSV
hb-household -q load-parameters "$T/policy.tsv"
run hb-plan export -D "$T/bank" -w $W
status_is 1 "a policy naming an unregistered account is refused"
err_has "policy.managed_account names NL02ABNA0123456789, which is not registered as a managed or pooled account of the municipality: nothing exported" \
    "the message names the policy and the account"
check "still no file" test -z "$(ls -A "$T/bank")"
check "still no batch, no payout exported" test "$(batches) $(exported)" = "0 0"

hb-household -q add account iban=NL02ABNA0123456789 holder="Gemeente" \
    kind=pooled
run hb-plan export -D "$T/bank" -w $W
status_is 0 "with both accounts registered the export runs"
out_has ": 1 payouts, € 500,00" "the rent is exported"

# a household that gets its own managed account after it was planned
hb-household -q add household name="D. Later" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstad amount=400.00 schedule=monthly:1 \
    valid_from=2026-01-01
plan_write -m 2027-06 HB-000002 2>/dev/null
hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
    kind=managed household=HB-000002
run hb-plan export -D "$T/bank" -w $W
status_is 1 "a payout debiting another account than its household's managed account is refused"
err_has "debits NL02ABNA0123456789, but the household's managed account is NL50BNGH0285000101: nothing exported" \
    "the message names both accounts"
check "no second file" test "$(ls -A "$T/bank" | wc -l)" -eq 1
check "one batch, one payout exported" test "$(batches) $(exported)" = "1 1"
plan_write -m 2027-06 HB-000002 2>/dev/null
run hb-plan export -D "$T/bank" -w $W
status_is 0 "planned again, the payout debits the managed account"
out_has ": 1 payouts, € 400,00" "and is exported"
check "from the managed account" grep -q NL50BNGH0285000101 "$(ls -t "$T/bank"/*.xml | head -n 1)"
done_testing
