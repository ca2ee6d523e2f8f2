#!/bin/sh
# hb-import: every bank CSV profile and MT940 dialect through the command,
# with the format told from the content, -F and -p overriding it, and -a
# naming the account of an export that has none.
. "$top_srcdir/tests/lib.sh"
d=$top_srcdir/tests/data

# import FILE into a fresh store, registering the account it names
fresh_import() {
	HB_DB=$T/$(basename "$1").db
	export HB_DB
	hb-household -q init
	shift 0
	for try in 1 2 3 4; do
		run hb-import -o tsv "$@"
		acct=$(sed -n "s/.*account \([A-Z0-9]*\) is not an account hb manages.*/\1/p" "$T/err")
		[ -n "$acct" ] || break
		hb-household -q add account iban="$acct" holder=x kind=pooled
	done
}

for pair in ing-9.csv:csv:ing-9 ing-11.csv:csv:ing-11 \
    rabobank.csv:csv:rabobank asn.csv:csv:asn triodos.csv:csv:triodos \
    bunq.csv:csv:bunq generic.csv:csv:generic abnamro.TAB:csv:abnamro-tab \
    ing-9-cp1252.csv:csv:ing-9 ing.sta:mt940 abn-tagged.sta:mt940 \
    bng.sta:mt940 cp1252.sta:mt940 two-statements.sta:mt940; do
	file=${pair%%:*}
	format=${pair#*:}
	case $file in *.sta) f=$d/mt940/$file ;; *) f=$d/csv/$file ;; esac
	fresh_import "$f"
	check "$file: imported (exit 0 or 3)" test "$status" -eq 0 -o "$status" -eq 3
	check "$file: read as $format" grep -q "	$format	" "$T/out"
	n=$(awk -F'\t' 'NR == 2 { print $5 }' "$T/out")
	check "$file: every line is new ($n)" test "${n:-0}" -gt 0
	run hb-import -o tsv "$f"
	out_has "already imported" "$file: a second import adds nothing"
done

# CP1252 text arrives as UTF-8
fresh_import "$d/csv/ing-9-cp1252.csv"
run hb-import -o tsv lines
check "a CP1252 export is stored as UTF-8" sh -c \
    'grep -q "é" "$1" && iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' x "$T/out"

# an export without an account column needs -a
HB_DB=$T/bunq6.db
export HB_DB
hb-household -q init
hb-household -q add account iban=NL13BUNQ2094122549 holder=x kind=pooled
run hb-import "$d/csv/bunq-6.csv"
status_is 1 "bunq's 6-column export without -a is refused"
err_has "give it with -a IBAN" "it says how"
run hb-import -o tsv -a NL13BUNQ2094122549 "$d/csv/bunq-6.csv"
check "with -a it imports" test "$status" -eq 0 -o "$status" -eq 3
out_has "csv:bunq-6" "as the bunq-6 profile"

# the format and profile can be named
HB_DB=$T/named.db
export HB_DB
hb-household -q init
hb-household -q add account iban=NL20INGB0001234567 holder=x kind=pooled
run hb-import -F mt940 "$d/csv/ing-9.csv"
status_is 1 "a CSV file read as MT940 is refused"
run hb-import -p rabobank "$d/csv/ing-9.csv"
status_is 1 "an ING export read with the Rabobank profile is refused"
err_has "ing-9.csv" "the error names the file"
run hb-import -p nosuchbank "$d/csv/ing-9.csv"
status_is 1 "an unknown profile is refused"
err_has "nosuchbank" "it names the profile"
run hb-import -o tsv -p ing-9 -F csv "$d/csv/ing-9.csv"
check "the right profile named imports" test "$status" -eq 0 -o "$status" -eq 3

for bad in err-amount err-columns err-date; do
	run hb-import "$d/csv/$bad.csv"
	status_is 1 "$bad.csv is refused"
	err_has "$bad.csv:" "$bad.csv: the error names the file and line"
done
done_testing
