#!/bin/sh
# Output for people and for scripts: formats, neutralised CSV cells,
# sanitised untrusted text.
. "$top_srcdir/tests/lib.sh"

hb-household -q init
hb-household -q add organisation name="=HYPERLINK(\"http://x\")" kind=other \
    iban=NL91ABNA0417164300
esc=$(printf 'Evil\033[2J\007Name')
hb-household -q add household name="$esc" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add household name='Quote "Q", Tab	T' composition=single \
    caseworker=jbakker start=2026-01-01

run hb-household -o csv list organisations
status_is 0 "csv output"
out_has "\"'=HYPERLINK(\"\"http://x\"\")\",other,NL91ABNA0417164300" \
    "a formula cell is neutralised and quoted"

run hb-household list households
status_is 0 "human output"
out_has "Evil?[2J?Name" "control characters never reach the terminal"
check "no escape byte in human output" sh -c '! grep -q "$(printf "\033")" "$1"' x "$T/out"

run hb-household -o tsv list households
out_has "HB-000002	Quote \"Q\", Tab T	single" "a tab inside a tsv cell becomes a space"

run hb-household -o json list households HB-000002
out_is "json escapes quotes and keeps types" <<'OUT'
[
 {"code": "HB-000002", "name": "Quote \"Q\", Tab\tT", "composition": "single", "caseworker": "jbakker", "adults": 1, "children": 0, "buffer_limit": "1500.00", "start": "2026-01-01", "end": null, "status": "active", "agreements": 0}
]
OUT
# bidi controls and raw control bytes never reach a terminal, a tsv or a
# csv file
bidi=$(printf 'Jan \342\200\256lanoitan\342\201\246x\342\201\251')
hb-household -q add household name="$bidi" composition=single \
    caseworker=jbakker start=2026-01-01
hb-household -q add household name="$(printf 'Bel\007\302\233C1')" \
    composition=single caseworker=jbakker start=2026-01-01
for f in human tsv csv; do
	run hb-household -o $f list households
	out_has "Jan ?lanoitan?x?" "$f: a bidi override becomes '?'"
	out_has "Bel??C1" "$f: BEL and a C1 control become '?'"
	check "$f: no bidi override byte sequence" \
	    sh -c '! grep -q "$(printf "\342\200\256")" "$1"' x "$T/out"
	check "$f: no BEL" sh -c '! grep -q "$(printf "\007")" "$1"' x "$T/out"
done
run hb-household -o json list households HB-000003
out_has '"name": "Jan ' "json keeps the name, escaped where it must be"

run hb-household -o json list consents
out_is "an empty json list" <<'OUT'
[]
OUT
run hb-household -o tsv list accounts
out_is "an empty tsv list has its header" <<'OUT'
iban	kind	holder	household
OUT
done_testing
