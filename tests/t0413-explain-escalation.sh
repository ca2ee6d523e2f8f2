#!/bin/sh
# hb-explain of an escalation (E123): who filed it for whom and why, what
# it is about, what it does while open, each step of its handling and how
# it ended; a household's month names its open escalations.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
ex=$top_srcdir/share/hb/examples
hb-household -q init
hb-household -q intake "$ex/municipality.csv"
hb-import -q "$ex"/camt053-*.xml
hb-plan run -a -q 2>/dev/null
d=$("$SQLITE3" "$HB_DB" "SELECT min(d.id) FROM decision d JOIN household h
    ON h.id = d.household_id JOIN agreement a ON a.id = d.agreement_id
    WHERE h.code = 'HB-000003' AND a.kind = 'repayment'")
hb-escalate -q file HB-000003 on_behalf_of=debt_counsellor \
    category=collection_too_hard urgency=urgent reason="geen geld voor eten" \
    decision=D$d
hb-escalate -q comment 1 "gebeld met de schuldhulpverlener"

run hb-explain E1
status_is 0 "an escalation is explained"
out_has "escalation E1 - HB-000003" "it names the household"
out_has "Outcome: open (urgent, due 2026-12-02): every taking of the household is suspended" \
    "what it does while it is open, and its due date"
out_has "disputed decision D$d, rule " "what it is about"
out_has "filed on 2026-11-29 by " "who filed it"
out_has "on behalf of debt_counsellor, category collection_too_hard: geen geld voor eten" \
    "for whom and why"
out_has "comment " "each step of its handling"
out_has "Not a decision: there is nothing to object to" "it is no decision of hb's"

run hb-explain HB-000003 2026-12
out_has "escalation 1 open (urgent, due 2026-12-02): every taking suspended" \
    "a household's month names its open escalation"

hb-escalate -q resolve 1 changed "aflossing verlaagd tot 30 per maand"
run hb-explain E1
out_has "Outcome: resolved as changed on 2026-11-29: aflossing verlaagd tot 30 per maand" \
    "how it ended"
run hb-explain -o json escalation:1
status_is 0 "the long form, as JSON"
out_has '"kind": "escalation"' "JSON says what it explains"
run hb-explain -f letter E1
status_is 1 "no letter for an escalation"
run hb-explain E99
status_is 1 "an unknown escalation"
err_has "unknown escalation E99" "is named"
done_testing
