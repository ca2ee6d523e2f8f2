#!/bin/sh
# hb-explain: the decisions of hb-plan's scenarios explained for the
# caseworker (text, in English and in Dutch), to the citizen (a Dutch
# letter) and as JSON, each compared with its golden file in
# tests/data/explain/.  Set HB_GOLDEN_WRITE=1 to write the golden files
# afresh (then read every changed one before committing it).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
golden=$top_srcdir/tests/data/explain

# the id of CODE's current decision with RULE (the last one)
did() {
	"$SQLITE3" "$HB_DB" "SELECT 'D' || d.id FROM decision d JOIN household
	    h ON h.id = d.household_id JOIN plan p ON p.id = d.plan_id WHERE
	    h.code = '$1' AND d.rule = '$2' AND p.superseded_by IS NULL ORDER
	    BY d.id DESC LIMIT 1"
}

# who approved and when depend on the machine and the clock
clean() {
	sed -e 's/approved by [^ ]* on [0-9T:.Z-]*:/approved by ACTOR on TIME:/' \
	    -e 's/goedgekeurd door [^ ]* op [0-9T:.Z-]*:/goedgekeurd door ACTOR op TIME:/' \
	    -e 's/"by": "[^"]*", "at": "[^"]*"/"by": "ACTOR", "at": "TIME"/' \
	    -e 's/goedgekeurd op [0-9]* [a-z]* [0-9]*\./goedgekeurd op DATUM./' \
	    "$T/out" >"$T/clean" && mv "$T/clean" "$T/out"
}

# golden NAME DESCRIPTION: stdout (cleaned) is tests/data/explain/NAME
golden() {
	clean
	if [ -n "${HB_GOLDEN_WRITE:-}" ]; then
		mkdir -p "$golden"
		cp "$T/out" "$golden/$1"
	fi
	if cmp -s "$golden/$1" "$T/out"; then
		pass "$2"
	else
		fail "$2"
		diff -u "$golden/$1" "$T/out" | sed 's/^/# /' | head -n 40
	fi
}

if locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
	dutch=nl_NL.UTF-8
else
	dutch=
fi
havejson=
python3 -c 'import json' 2>/dev/null && havejson=1

# letter_ok FILE: what a citizen reads has no rule codes, no English words
# of the outcome texts and no sentence over 25 words
english='to from with held than due advance repaid suspended reduced protect income missing expected claim paid escalation open balance short covers'
letter_ok() {
	check "$2: no rule code" sh -c '! grep -Eq "\<(PAY|HOLD|TAKE|INCOME|BUFFER|DEBIT)(-[A-Z]+)*\>|policy\.|Rv |Awb|AVG" "$1"' x "$1"
	bad=
	for w in $english; do
		grep -qiw -- "$w" "$1" && bad="$bad $w"
	done
	check "$2: no English word of the outcome texts${bad:+ (found:$bad)}" \
	    test -z "$bad"
	long=$(tr '\n' ' ' <"$1" | sed 's/\([.?!]\) /\1\n/g' |
	    awk 'NF > 25 { print NF ": " $0 }')
	check "$2: no sentence over 25 words${long:+ ($long)}" test -z "$long"
	check "$2: no section left empty" awk 'prev ~ /\?$/ && $0 == "" \
	    { bad = 1 } { prev = $0 } END { exit bad }' "$1"
}

# explain_all NAME ID: text, letter and JSON of one decision
explain_all() {
	run hb-explain "$2"
	status_is 0 "$1: explained"
	golden "$1.txt" "$1: the caseworker's explanation"
	run hb-explain -f letter "$2"
	status_is 0 "$1: a letter"
	golden "$1.letter" "$1: the letter to the citizen"
	cp "$T/out" "$T/$1.letter"
	letter_ok "$T/$1.letter" "$1's letter"
	run hb-explain -o json "$2"
	status_is 0 "$1: JSON"
	golden "$1.json" "$1: the JSON"
	if [ -n "$havejson" ]; then
		check "$1: the JSON is valid" python3 -m json.tool "$T/out" \
		    /dev/null
	else
		skip "$1: python3 not installed, JSON not validated"
	fi
	if [ -n "$dutch" ]; then
		LC_ALL=$dutch run hb-explain "$2"
		golden "$1.nl.txt" "$1: the caseworker's explanation in Dutch"
		LC_ALL=$dutch run hb-explain -o json "$2"
		clean
		check "$1: the JSON is the same in Dutch" cmp -s "$T/out" \
		    "$golden/$1.json"
		LC_ALL=$dutch run hb-explain -f letter "$2"
		clean
		check "$1: the letter is the same in Dutch" cmp -s "$T/out" \
		    "$golden/$1.letter"
	else
		skip "$1: no nl_NL.UTF-8 locale (build-aux/deps.sh makes it)"
	fi
}

HB_NOW=2027-05-20
hb-household -q init
hb-household -q add organisation name=Woonstede kind=landlord \
    iban=NL91ABNA0417164300
hb-household -q add organisation name=Eneco kind=energy iban=NL20INGB0001234567
hb-household -q add organisation name="Gemeente Voorbeeldstad" \
    kind=municipality iban=NL09KNAB0255555555
hb-household -q add organisation name=KPN kind=other iban=NL32INGB0007777777
hb-household -q add organisation name=CJIB kind=creditor iban=NL63TRIO0212345678
hb-household -q add organisation name=DUO kind=creditor iban=NL44RABO0123456789

# --- the buffer, advisory and approved (t0401) ----------------------------
hb-household -q add household name="A. Buffer" composition=single \
    caseworker=jbakker start=2026-01-01 buffer_limit=1000.00
hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
    kind=managed household=HB-000001
hb-household -q add agreement household=HB-000001 kind=rent \
    organisation=Woonstede amount=400.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add agreement household=HB-000001 kind=energy \
    organisation=Eneco amount=500.00 schedule=once:2027-06-01 \
    valid_from=2026-01-01 description="Eneco jaarafrekening"
hb-household -q add agreement household=HB-000001 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=700.00 schedule=monthly:24 \
    valid_from=2026-01-01 description=Bijstand
hb-plan run -q -m 2027-06 HB-000001 2>/dev/null
rent=$("$SQLITE3" "$HB_DB" "SELECT 'D' || min(id) FROM decision WHERE
    rule = 'PAY-BUFFER'")
bill=$(did HB-000001 PAY-BUFFER)
explain_all buffer "$rent"
run hb-explain "$bill"
out_has "advisory: a person decides" "the exhausted buffer waits for a person"
out_has "not approved yet: hb-plan approve ID REASON" "and says how to approve"
hb-plan approve "${bill#D}" "jaarafrekening besproken; buffer mag tot de limiet" \
    >/dev/null
explain_all approved "$bill"
out_has "goedgekeurd" "the letter says a person approved it"

# income and its repayment of the buffer get letters too
for rule in INCOME-EXPECTED BUFFER-RECOVER; do
	run hb-explain -f letter "$(did HB-000001 $rule)"
	status_is 0 "$rule: a letter"
	cp "$T/out" "$T/$rule.letter"
	letter_ok "$T/$rule.letter" "$rule's letter"
done

# --- held, and paid when income arrives (t0401) ---------------------------
hb-household -q add household name="B. Wacht" composition=single \
    caseworker=jbakker start=2026-01-01 buffer_limit=200.00
hb-household -q add account iban=NL23BNGH0285000102 holder=Gemeente \
    kind=managed household=HB-000002
hb-household -q add agreement household=HB-000002 kind=rent \
    organisation=Woonstede amount=600.00 schedule=monthly:1 \
    valid_from=2026-01-01
hb-household -q add agreement household=HB-000002 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=900.00 schedule=monthly:15 \
    valid_from=2026-01-01 description=Bijstand
hb-household -q add agreement household=HB-000002 kind=other_fixed \
    organisation=KPN amount=350.00 schedule=monthly:28 \
    valid_from=2026-01-01 description=Telefoon
hb-plan run -q -m 2027-06 HB-000002 2>/dev/null
explain_all hold "$("$SQLITE3" "$HB_DB" "SELECT 'D' || min(d.id) FROM
    decision d JOIN household h ON h.id = d.household_id WHERE
    h.code = 'HB-000002' AND d.rule = 'HOLD'")"
explain_all late "$(did HB-000002 PAY-LATE)"

# --- the protected income (t0402) -----------------------------------------
hb-household -q add household name="C. Norm" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL93BNGH0285000103 holder=Gemeente \
    kind=managed household=HB-000003
hb-household -q add agreement household=HB-000003 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=1000.00 schedule=monthly:20 \
    valid_from=2027-06-01 description=Bijstand
hb-household -q add agreement household=HB-000003 kind=repayment \
    organisation=CJIB amount=80.00 schedule=monthly:25 valid_from=2026-01-01 \
    description="Boete CJIB" legal_basis="Awb 4:93" claim="CJIB 2025-0042" \
    claim_total=1000.00
hb-household -q add agreement household=HB-000003 kind=repayment \
    organisation=DUO amount=30.00 schedule=monthly:28 valid_from=2026-01-01 \
    description="Studieschuld DUO" legal_basis="Awb 4:93" claim="DUO 77" \
    claim_total=900.00
# the bijstand (from June on) is booked on the 21st: the takings are
# weighed against it in the plan made that day
camt_begin "$T/c.xml" NL93BNGH0285000103 C-1 0.00 2027-06-21 1000.00 2027-06-21
camt_entry "$T/c.xml" 1000.00 CRDT 2027-06-21 C-1-1 NL09KNAB0255555555 \
    "Gemeente Voorbeeldstad" Bijstand
camt_end "$T/c.xml"
HB_NOW=2027-06-21 hb-import -q "$T/c.xml"
HB_NOW=2027-06-21 hb-plan run -q -m 2027-06 HB-000003 2>/dev/null
explain_all reduced "$(did HB-000003 TAKE-REDUCED)"
out_has "beslagvrije voet" "the letter names the protected income in plain words"
explain_all protected "$(did HB-000003 TAKE-PROTECTED)"

# --- a taking suspended by an open escalation (t0402) ---------------------
hb-household -q add household name="D. Bezwaar" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL66BNGH0285000104 holder=Gemeente \
    kind=managed household=HB-000004
hb-household -q add agreement household=HB-000004 kind=benefit \
    organisation="Gemeente Voorbeeldstad" amount=1000.00 schedule=monthly:20 \
    valid_from=2026-01-01 description=Bijstand
hb-household -q add agreement household=HB-000004 kind=repayment \
    organisation=CJIB amount=40.00 schedule=monthly:25 valid_from=2026-01-01 \
    description="Boete CJIB" legal_basis="Awb 4:93" claim="CJIB 2025-0104" \
    claim_total=1000.00
# hb-escalate is not there yet: this row stands in for it
"$SQLITE3" "$HB_DB" "INSERT INTO escalation (household_id, agreement_id,
    filed_by, category, urgent, reason, status, due_date, filed_at)
    SELECT h.id, a.id, 'burger', 'taking', 0, 'de boete is al betaald',
    'open', '2027-05-25', '2027-05-20T10:00:00Z' FROM household h JOIN
    agreement a ON a.household_id = h.id AND a.kind = 'repayment'
    WHERE h.code = 'HB-000004'"
hb-plan run -q -m 2027-06 HB-000004 2>/dev/null
explain_all suspended "$(did HB-000004 TAKE-ESCALATED)"

# --- income that did not arrive -------------------------------------------
hb-household -q add household name="E. Mist" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add account iban=NL39BNGH0285000105 holder=Gemeente \
    kind=managed household=HB-000005
hb-household -q add agreement household=HB-000005 kind=salary \
    organisation=KPN amount=1200.00 schedule=monthly:1 valid_from=2026-01-01 \
    description=Loon
hb-plan run -q -m 2027-06 HB-000005 2>/dev/null
explain_all missing "$(did HB-000005 INCOME-MISSING)"

# --- the same explanation after the agreement and a parameter changed ------
hb-explain "$rent" >"$T/before.txt"
hb-explain -o json "$rent" >"$T/before.json"
hb-household -q end-agreement 1 2027-06-30
printf 'objection.weeks\t2027-01-01\t8\tcount\tV\ta changed term\npolicy.buffer_covers\t2027-01-01\trent\ttext\tP\tless covered\n' \
    >"$T/p.tsv"
hb-household -q load-parameters "$T/p.tsv"
hb-household -q set HB-000001 buffer_limit=50.00
run hb-explain "$rent"
check "an old decision reads the same after its agreement, the household and the parameters changed" \
    cmp -s "$T/before.txt" "$T/out"
run hb-explain -o json "$rent"
check "and so does its JSON" cmp -s "$T/before.json" "$T/out"
run hb-explain -f letter "$rent"
out_has "binnen zes weken" "the letter gives the objection term the plan was made with"
# a new plan is made with the new periods
hb-plan run -q -m 2027-06 HB-000005 2>/dev/null
run hb-explain -f letter "$(did HB-000005 INCOME-MISSING)"
out_has "binnen acht weken" "a new plan's letter gives the new term"

# --- a household's month ---------------------------------------------------
run hb-explain HB-000001 2027-06
status_is 0 "a household's month"
golden month.txt "the month in date order with the balance after each row"
out_has "buffer_advance" "a buffer advance is a row of its own"
out_has "buffer repaid" "and the totals say what was repaid"
run hb-explain -f letter HB-000001 2027-06
status_is 0 "a month as a letter"
golden month.letter "the month's letter"
cp "$T/out" "$T/month.letter"
letter_ok "$T/month.letter" "the month's letter"
run hb-explain -o json HB-000001 2027-06
if [ -n "$havejson" ]; then
	check "the month's JSON is valid" python3 -m json.tool "$T/out" /dev/null
else
	skip "python3 not installed"
fi
run hb-explain -f markdown "$rent"
status_is 0 "markdown for mail merge"
out_has "household: HB-000001" "the front matter names the household"
out_has "## Bent u het niet eens?" "the sections are headings"

# --- the locale changes the words, never machine output ----------------------
if [ -n "$dutch" ]; then
	hb-plan -o tsv decisions HB-000001 >"$T/c.tsv"
	LC_ALL=$dutch hb-plan -o tsv decisions HB-000001 >"$T/nl.tsv"
	check "hb-plan's TSV is the same under the Dutch locale" \
	    cmp -s "$T/c.tsv" "$T/nl.tsv"
	run env -u LC_ALL LANG=$dutch hb-explain "$rent"
	out_has "Gebruikte gegevens" "LANG=nl_NL.UTF-8 gives the caseworker Dutch"
	out_has "bufferlimiet van het huishouden: € 1.000,00" \
	    "with amounts as € 1.234,56"
	run env -u LC_ALL LANG=$dutch hb-explain -f poem "$rent"
	err_has "onbekende vorm 'poem'" "a usage error in Dutch too"
else
	skip "no nl_NL.UTF-8 locale (build-aux/deps.sh makes it)"
fi

# --- the Dutch catalogue is complete ------------------------------------------
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
	(cd "$top_srcdir" && xgettext --from-code=UTF-8 --keyword=_ \
	    --keyword=N_ -f po/POTFILES.in -o "$T/fresh.pot")
	run msgcmp "$top_srcdir/po/nl.po" "$T/fresh.pot"
	status_is 0 "every marked message has a Dutch translation (else: make update-po)"
	run msgfmt -c --statistics -o /dev/null "$top_srcdir/po/nl.po"
	check "none of them is fuzzy or untranslated" \
	    sh -c '! grep -Eq "fuzzy|untranslated" "$1"' x "$T/err"
else
	skip "xgettext or msgcmp not installed"
fi

# --- payouts, signals and errors -------------------------------------------
run hb-explain P1
status_is 0 "a payout is explained"
out_has "payout P1 - HB-000001 A. Buffer" "by its decision"
out_has "end-to-end id HB000001-A1-20270601" "with its end-to-end id"
run hb-explain payout:1
status_is 0 "payout:1 is P1"
run hb-explain S1
status_is 0 "a signal is explained"
out_has "The municipality advanced money from the household's buffer." \
    "in plain words"
out_has "Not a decision" "and says it is no decision"
run hb-explain -f letter S1
status_is 1 "a signal gets no letter"
err_has "S1 is not a decision" "and says why"
run hb-explain D999
status_is 1 "an unknown decision"
err_has "unknown decision D999" "is named"
run hb-explain X1
status_is 1 "an unknown kind of id"
err_has "expected D123, P123, S123, L123" "says what is expected"
run hb-explain -f poem D1
status_is 2 "an unknown form is a usage error"
run hb-explain
status_is 2 "no id is a usage error"

# --- every explanation shown is in the audit log ---------------------------
# an explanation only reads: its entry waits in the read log, beside the
# store, until a command that writes (here the audit listing) folds it in
check "the last explanations wait in the read log" test "$("$SQLITE3" \
    "$HB_DB-reads" "SELECT result FROM read_audit WHERE action =
    'explain' ORDER BY id DESC LIMIT 1")" = error
run hb-household -o tsv list audit
status_is 0 "the audit log lists"
check "the audit log says who looked at whose data, and how" \
    grep -q "	$(id -un)	explain	HB-000001	ok	P1 as text	" "$T/out"
check "each explanation is logged" test \
    "$(grep -c "	explain	" "$T/out")" -gt 40
check "a failed explanation is logged too" test \
    "$(grep "	explain	" "$T/out" | tail -n 1 | cut -f6)" = error
check "the read log is empty once folded" test "$("$SQLITE3" \
    "$HB_DB-reads" "SELECT count(*) FROM read_audit")" -eq 0
done_testing
