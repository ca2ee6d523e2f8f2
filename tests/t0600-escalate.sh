#!/bin/sh
# hb-escalate: filing an escalation (who, for whom, what about, how
# urgent, why), its due date in bank working days, taking, assigning,
# commenting, resolving with a reason and reopening; every step audited;
# bad input refused with nothing changed.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
unset SUDO_USER SUDO_UID

# the store's escalations, their subjects and handling, and payouts
EXTRA_TABLES="escalation escalation_subject escalation_event payout signal"

# household CODE NAME MANAGED-IBAN OWN-IBAN: rent, leefgeld, bijstand
household() {
	hb-household -q add household household="$1" name="$2" \
	    composition=single caseworker=jbakker start=2026-01-01
	hb-household -q add account iban="$3" holder=Gemeente kind=managed \
	    household="$1"
	hb-household -q add account iban="$4" holder="$2" kind=own \
	    household="$1"
	hb-household -q add agreement household="$1" kind=rent \
	    organisation=Woonstede amount=500.00 schedule=monthly:1 \
	    valid_from=2026-01-01 description=Huur
	hb-household -q add agreement household="$1" kind=leefgeld \
	    amount=50.00 schedule=weekly:mon valid_from=2026-01-01
}

HB_NOW=2026-12-04	# a Friday
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
household HB-000001 "A. Jansen" NL66BNGH0285000104 NL57SNSB0911111111
household HB-000002 "B. Smit" NL39BNGH0285000105 NL30SNSB0911111112
hb-plan run -q -m 2027-01 HB-000001 HB-000002
q() { "$SQLITE3" "$HB_DB" "$1"; }
d1=$(q "SELECT min(d.id) FROM decision d JOIN household h ON
    h.id = d.household_id WHERE h.code = 'HB-000001'")
r1=$(q "SELECT rule FROM decision WHERE id = $d1")
d2=$(q "SELECT min(d.id) FROM decision d JOIN household h ON
    h.id = d.household_id WHERE h.code = 'HB-000002'")

# --- filing -----------------------------------------------------------------
run hb-escalate file HB-000001 on_behalf_of=citizen category=wrong_amount \
    urgency=urgent reason="de huur is verlaagd" decision=D$d1
status_is 0 "an escalation about a decision is filed"
out_is "filed on a Friday, urgent: due three bank days later, Wednesday" <<'OUT'
escalation 1 filed for HB-000001: urgent, due 2026-12-09
OUT
err_is_empty "nothing on stderr"
check "the store has it, open, with who filed it and for whom" \
    test "$(q "SELECT status, filed_by <> '', on_behalf_of, category, urgent,
        due_date, reason FROM escalation")" = \
    "open|1|citizen|wrong_amount|1|2026-12-09|de huur is verlaagd"
check "about the decision (named D$d1 as hb-explain does), with its rule and agreement" \
    test "$(q "SELECT kind, ref_id = $d1, rule, agreement_id FROM
        escalation_subject")" = "decision|1|$r1|1"

# the person behind sudo is who filed it
SUDO_USER=mdevries SUDO_UID=1001 run hb-escalate -q file \
    household=HB-000002 on_behalf_of=neighbourhood_team category=other \
    urgency=normal reason="loopt vast"
status_is 0 "filed by a caseworker through sudo"
out_is_empty "-q: nothing on stdout"
check "filed_by is the sudo user" \
    test "$(q "SELECT filed_by FROM escalation WHERE id = 2")" = mdevries
run hb-household -o tsv list audit HB-000002
out_has "mdevries	escalate	HB-000002	ok	escalation 2 filed: other; 0 planned takings withdrawn" \
    "the audit log names the sudo user and the filing"

# --- due dates across weekends and TARGET2 holidays ---------------------------
due_of() {	# in a store of its own
	HB_NOW=$1 hb-escalate -d "$T/due.db" file HB-000001 \
	    on_behalf_of=caseworker category=other urgency=$2 reason=x \
	    >/dev/null && "$SQLITE3" "$T/due.db" "SELECT due_date FROM
	    escalation ORDER BY id DESC LIMIT 1"
}
HB_DB=$T/due.db hb-household -q init
HB_DB=$T/due.db hb-household -q add household name=X composition=single \
    caseworker=jbakker start=2026-01-01
check "urgent on Christmas Eve: 25th, 26th and the weekend skipped" \
    test "$(due_of 2026-12-24 urgent)" = 2026-12-30
check "normal on Christmas Eve: 20 bank days, New Year's Day skipped" \
    test "$(due_of 2026-12-24 normal)" = 2027-01-25
check "urgent the day before Good Friday: Easter Monday skipped too" \
    test "$(due_of 2027-03-25 urgent)" = 2027-04-01
check "urgent on a Saturday: Monday is the first of three" \
    test "$(due_of 2026-12-05 urgent)" = 2026-12-09

# --- bad input: a clear error, the right exit status, nothing changed --------
before=$(store_dump)
bad() {	# STATUS MESSAGE DESCRIPTION hb-escalate ARGS...
	want=$1 msg=$2 desc=$3
	shift 3
	run "$@"
	status_is "$want" "$desc: exit $want"
	err_has "$msg" "$desc: says why"
	check "$desc: nothing changed" test "$(store_dump)" = "$before"
}
base="on_behalf_of=citizen category=other urgency=normal"
bad 1 "unknown household 'HB-000099'" "an unknown household" \
    hb-escalate file HB-000099 $base reason=x
bad 1 "unknown decision 99999" "an unknown decision" \
    hb-escalate file HB-000001 $base reason=x decision=99999
bad 1 "decision $d2 is of HB-000002, not of HB-000001" \
    "a decision of another household" \
    hb-escalate file HB-000001 $base reason=x decision=$d1,$d2
bad 2 "a reason is required" "an empty reason" \
    hb-escalate file HB-000001 $base "reason=  "
bad 2 "invalid urgency 'soon': expected urgent, normal" "an invalid urgency" \
    hb-escalate file HB-000001 on_behalf_of=citizen category=other \
    urgency=soon reason=x
bad 2 "invalid category 'rent': expected income_missing, wrong_amount, collection_too_hard, not_standard, other" \
    "an invalid category" hb-escalate file HB-000001 on_behalf_of=citizen \
    category=rent urgency=normal reason=x
bad 2 "invalid on_behalf_of 'buurman'" "an invalid party" \
    hb-escalate file HB-000001 on_behalf_of=buurman category=other \
    urgency=normal reason=x
bad 2 "missing required field 'urgency'" "a missing field without a terminal" \
    hb-escalate file HB-000001 on_behalf_of=citizen category=other reason=x
bad 1 "unknown field 'colour'" "an unknown field" \
    hb-escalate file HB-000001 $base reason=x colour=red
bad 1 "unknown escalation 7" "taking an unknown escalation" \
    hb-escalate take 7
bad 2 "invalid outcome 'fine'" "an invalid outcome" \
    hb-escalate resolve 1 fine "ok"
bad 2 "a resolution needs a reason" "a resolution without a reason" \
    hb-escalate resolve 1 changed ""
bad 1 "escalation 1 is open, not resolved: nothing to reopen" \
    "reopening an open escalation" hb-escalate reopen 1 "waarom"
bad 2 "invalid status 'closed'" "listing an invalid status" \
    hb-escalate list -s closed
run hb-household -o tsv list audit
out_has "escalate	HB-000001	error	decision $d2 is of HB-000002" \
    "a refused filing is in the audit log as an error"

# --- the handling -------------------------------------------------------------
HB_NOW=2026-12-07
SUDO_USER=pdekker SUDO_UID=1002 run hb-escalate take 1
status_is 0 "take"
out_is "taken by the person behind sudo" <<'OUT'
escalation 1 assigned to pdekker
OUT
run hb-escalate assign 2 ayilmaz
out_is "assign to a colleague" <<'OUT'
escalation 2 assigned to ayilmaz
OUT
run hb-escalate comment 1 "verhuurder gebeld"
out_is "a comment" <<'OUT'
comment added to escalation 1
OUT

run hb-escalate -o tsv list
status_is 0 "list"
# normal: 20 bank days, Christmas and New Year's Day skipped
out_is "the open ones, by due date, with what they are about" <<OUT
id	household	status	urgency	category	on_behalf_of	filed_by	assignee	filed	due	overdue	outcome	about	reason
1	HB-000001	taken	urgent	wrong_amount	citizen	$(id -un)	pdekker	2026-12-04	2026-12-09	no		decision $d1	de huur is verlaagd
2	HB-000002	taken	normal	other	neighbourhood_team	mdevries	ayilmaz	2026-12-04	2027-01-05	no		household	loopt vast
OUT
run hb-escalate -o tsv list -u urgent
check "-u urgent: only the urgent one" test "$(tail -n +2 "$T/out" | cut -f1)" = 1
run hb-escalate -o tsv list -a ayilmaz
check "-a: by assignee" test "$(tail -n +2 "$T/out" | cut -f1)" = 2
run hb-escalate -o tsv list -a jbakker
check "-a: or by the households' caseworker" \
    test "$(tail -n +2 "$T/out" | cut -f1 | tr '\n' ' ')" = "1 2 "
run hb-escalate -o tsv list -H HB-000002
check "-h: by household" test "$(tail -n +2 "$T/out" | cut -f1)" = 2
run hb-escalate list -H HB-000099
status_is 1 "-h with an unknown household fails"
HB_NOW=2026-12-10 run hb-escalate -o csv list -O
out_is "-O: the overdue ones, on the day after the due date" <<OUT
id,household,status,urgency,category,on_behalf_of,filed_by,assignee,filed,due,overdue,outcome,about,reason
1,HB-000001,taken,urgent,wrong_amount,citizen,$(id -un),pdekker,2026-12-04,2026-12-09,yes,,decision $d1,de huur is verlaagd
OUT
HB_NOW=2026-12-09 run hb-escalate -o tsv list -O
check "not overdue on its due date" test "$(wc -l <"$T/out")" -eq 1

HB_NOW=2026-12-08
run hb-escalate resolve 1 changed "huur is per 1 januari 450 euro"
status_is 0 "resolve"
out_is "resolved" <<'OUT'
escalation 1 resolved: changed
OUT
check "the departure from the rule is recorded with its reason" \
    test "$(q "SELECT outcome, resolution, departure, resolved_on FROM
        escalation WHERE id = 1")" = \
    "changed|huur is per 1 januari 450 euro|departs from rule $r1: huur is per 1 januari 450 euro|2026-12-08"
before=$(store_dump)
bad 1 "escalation 1 is already resolved changed on 2026-12-08: reopen it first" \
    "resolving a closed escalation" hb-escalate resolve 1 rejected "toch niet"
bad 1 "escalation 1 is already resolved" "taking a closed escalation" \
    hb-escalate take 1
run hb-escalate -o tsv list
check "a resolved escalation is no longer listed as open" \
    test "$(tail -n +2 "$T/out" | cut -f1)" = 2
run hb-escalate -o tsv list -s resolved
check "-s resolved lists it" test "$(tail -n +2 "$T/out" | cut -f1,3,12)" = \
    "1	resolved	changed"

HB_NOW=2026-12-11
run hb-escalate reopen 1 "verhuurder rekent toch 500"
out_is "reopen" <<'OUT'
escalation 1 reopened
OUT
check "reopened: taken again by its assignee, a new due date, no outcome" \
    test "$(q "SELECT status, assignee, due_date, outcome IS NULL FROM
        escalation WHERE id = 1")" = "taken|pdekker|2026-12-16|1"

run hb-escalate show 1
status_is 0 "show"
out_has "wrong_amount" "show: the escalation"
check "show: what it is about" grep -qE "^decision +$d1 +1 +Huur +$r1\$" "$T/out"
out_has "2026-12-07  pdekker" "show: who took it"
out_has "verhuurder gebeld" "show: the comment"
out_has "changed: huur is per 1 januari 450 euro" "show: the resolution"
out_has "reopened  verhuurder rekent toch 500" "show: the reopening"
run hb-escalate -o json show 1
check "show -o json is one object with three parts" sh -c '
    test "$(head -n 1 "$1")" = "{\"escalation\": [" &&
    grep -qxF ", \"about\": [" "$1" && grep -qxF ", \"handling\": [" "$1" &&
    test "$(tail -n 1 "$1")" = "}"' x "$T/out"
run hb-escalate show 99
status_is 1 "show of an unknown escalation: exit 1"
err_has "unknown escalation 99" "and says so"

run hb-household -o tsv list audit HB-000001
for a in "take escalation	HB-000001	ok	escalation 1 taken by pdekker" \
    "comment escalation	HB-000001	ok	escalation 1 comment: verhuurder gebeld" \
    "resolve escalation	HB-000001	ok	escalation 1 resolved: changed" \
    "reopen escalation	HB-000001	ok	escalation 1 reopened: verhuurder rekent toch 500"; do
	out_has "$a" "audited: ${a%%	*}"
done
run hb-household verify-audit
status_is 0 "the audit chain is intact"

# --- usage --------------------------------------------------------------------
run hb-escalate
status_is 2 "no command: usage"
err_has "usage: hb-escalate" "the usage message"
run hb-escalate take x
status_is 2 "a bad id: usage"
run hb-escalate report -m 2026-13
status_is 2 "a bad month: usage"
run hb-escalate report -m 2026-12 -f 2026-12-01
status_is 2 "-m with -f: usage"
done_testing
