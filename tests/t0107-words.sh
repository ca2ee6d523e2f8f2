#!/bin/sh
# Input in the caseworker's words: Dutch kinds, compositions and schedules,
# amounts as "€ 24,75", dates as 1-12-2026; the store keeps the
# language-neutral values.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
sql() { "$SQLITE3" "$HB_DB" "$1"; }

hb-household -q init
run hb-household add organisation name=Woonstede kind=verhuurder \
    iban=NL91ABNA0417164300
status_is 0 "an organisation of kind verhuurder"
run hb-household add household name=Jansen composition=alleenstaande_ouder \
    children=1 caseworker=jbakker start=1-1-2026 'buffer_limit=€ 1.000,00'
status_is 0 "a household as a caseworker types it"
check "stored as single_parent, 2026-01-01, 1000.00" test "$(sql "SELECT
    composition || ' ' || start_date || ' ' || buffer_limit FROM household")" \
    = "single_parent 2026-01-01 100000"
run hb-household add account iban=NL20INGB0001234567 kind=eigen \
    household=HB-000001 holder=Jansen
status_is 0 "an own account (eigen)"
run hb-household add agreement household=HB-000001 kind=huur \
    organisation=Woonstede 'amount=€ 724,75' schedule=maandelijks:1 \
    valid_from=01-12-2026
status_is 0 "a rent agreement in Dutch"
check "stored as rent, 724.75, monthly:1, from 2026-12-01" test "$(sql "SELECT
    kind || ' ' || amount || ' ' || schedule || ' ' || valid_from FROM
    agreement")" = "rent 72475 monthly:1 2026-12-01"
run hb-household add agreement household=HB-000001 kind=leefgeld \
    amount=50 schedule=wekelijks:vr valid_from=2026-12-01
status_is 0 "weekly leefgeld on Fridays (wekelijks:vr)"
check "stored as weekly:fri" test "$(sql "SELECT schedule FROM agreement
    WHERE kind = 'leefgeld'")" = "weekly:fri"
run hb-household add agreement household=HB-000001 kind=reservering \
    amount=20 schedule=eenmalig:15-12-2026 valid_from=2026-12-01
status_is 0 "a single payment (eenmalig) with a Dutch date"
check "stored as once:2026-12-15" test "$(sql "SELECT schedule FROM agreement
    WHERE kind = 'reservation'")" = "once:2026-12-15"
run hb-household add household name=X composition=alleenstaand \
    caseworker=x start=2026-01-01
status_is 1 "a word hb does not know is still refused"
err_has "alleenstaand" "naming it"
run hb-household add household name=X composition=single caseworker=x \
    start=31-2-2026
status_is 1 "an impossible Dutch date is refused"
err_has "2026-02-31" "naming the date as read"
done_testing
