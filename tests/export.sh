# tests/export.sh - a store with payouts to export, and what to check
# after an export, for the export tests (sourced after lib.sh and camt.sh).
#
#	export_store		HB-000001 (managed account, 2,000.00) with rent,
#				energy and weekly leefgeld; HB-000002 (no money,
#				advisory rent); June 2027 planned
#	plan_write ARGS		plans and keeps the plans (one place to change
#				when hb-plan's interface changes)
#	e2e_in DIR		every EndToEndId in every file of DIR
#	store_clean		integrity_check and foreign_key_check say ok

plan_write() { hb-plan run -q "$@"; }

export_store() {
	HB_NOW=2027-05-20
	hb-household -q init
	hb-household -q add organisation name="Café & Zoon" kind=landlord \
	    iban=NL91ABNA0417164300
	hb-household -q add organisation name=Eneco kind=energy \
	    iban=NL20INGB0001234567
	hb-household -q add household name="A. de Boer" composition=single \
	    caseworker=jbakker start=2026-01-01
	hb-household -q add account iban=NL50BNGH0285000101 holder=Gemeente \
	    kind=managed household=HB-000001
	hb-household -q add account iban=NL57SNSB0911111111 \
	    holder="A. de Boer" kind=own household=HB-000001
	hb-household -q add agreement household=HB-000001 kind=rent \
	    organisation="Café & Zoon" amount=612.34 schedule=monthly:1 \
	    valid_from=2026-01-01 reference="Huur juni"
	hb-household -q add agreement household=HB-000001 kind=energy \
	    organisation=Eneco amount=95.50 schedule=monthly:3 \
	    valid_from=2026-01-01
	hb-household -q add agreement household=HB-000001 kind=leefgeld \
	    amount=60.00 schedule=weekly:mon valid_from=2026-01-01
	hb-household -q add household name="B. Klein" composition=single \
	    caseworker=jbakker start=2026-01-01 buffer_limit=100.00
	hb-household -q add account iban=NL23BNGH0285000102 holder=Gemeente \
	    kind=managed household=HB-000002
	hb-household -q add agreement household=HB-000002 kind=rent \
	    organisation="Café & Zoon" amount=100.00 schedule=monthly:1 \
	    valid_from=2026-01-01 reference="Huur kamer"
	camt_begin "$T/open.xml" NL50BNGH0285000101 OPEN-1 2000.00 \
	    2027-05-01 2000.00 2027-05-19
	camt_end "$T/open.xml"
	hb-import -q "$T/open.xml"
	plan_write -m 2027-06 HB-000001 HB-000002 2>/dev/null
}

e2e_in() {
	cat "$1"/* "$1"/.[!.]* 2>/dev/null | sed -n \
	    's:.*<EndToEndId>\([^<]*\)</EndToEndId>.*:\1:p'
}

store_clean() {
	test "$("$SQLITE3" "$HB_DB" 'PRAGMA integrity_check')" = ok &&
	    test -z "$("$SQLITE3" "$HB_DB" 'PRAGMA foreign_key_check')"
}

# wait_for FILE: until it exists (at most 30 s)
wait_for() {
	_i=0
	while [ ! -e "$1" ] && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	test -e "$1"
}
