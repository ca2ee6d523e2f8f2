#!/bin/sh
# Dated parameters and policy: loaded from share/hb, with source and tag;
# a past period never changes, a new one is added.
. "$top_srcdir/tests/lib.sh"

run hb-household init
status_is 0 "init loads the shipped parameters"
run hb-household -o tsv list parameters
out_has "buffer_max	2016-01-01	1500.00	cents	V	Utrecht" "the buffer maximum, verified"
out_has "norm.single	2026-01-01	1398.00	cents	E	" "a derived norm is tagged E"
out_has "protected.max.single	2026-01-01	2093.67	cents	R	" "an unverified figure is tagged R"
out_has "protected.percent	2021-01-01	95.00	percent	V	Rv art. 475d" "figures carry their legal source"
out_has "policy.priority	2016-01-01	rent,energy,water,health_insurance,leefgeld" "the policy's priority order"
n=$(wc -l <"$T/out")

run hb-household init
status_is 0 "init again"
out_has "0 parameters added" "loading the same files adds nothing"

printf 'norm.single\t2026-07-01\t1420.00\tcents\tR\tPw art. 21, 1-7-2026 (placeholder)\n' >"$T/new.tsv"
run hb-household load-parameters "$T/new.tsv"
status_is 0 "a new period is added"
out_has "1 parameters added" "it counts the new period"
run hb-household -o tsv list parameters
check "one more row" test "$(wc -l <"$T/out")" -eq $((n + 1))
out_has "norm.single	2026-01-01	1398.00" "the old period is still there"

printf 'norm.single\t2026-01-01\t1400.00\tcents\tV\tedited\n' >"$T/edit.tsv"
run hb-household load-parameters "$T/edit.tsv"
status_is 1 "changing a past period is refused"
err_has "edit.tsv:1: field 'value': parameter 'norm.single' from 2026-01-01 is already loaded with another value; a past period never changes" \
    "the error names file, line and rule"

printf 'buffer_max\t2027-01-01\t1.500,00\tcents\tV\tx\n' >"$T/bad.tsv"
run hb-household load-parameters "$T/bad.tsv"
status_is 1 "a malformed value is refused"
err_has "bad.tsv:1: field 'value'" "with its line"
printf 'buffer_max\t2027-01-01\t1500.00\tcents\tV\n' >"$T/cols.tsv"
run hb-household load-parameters "$T/cols.tsv"
status_is 1 "a missing column is refused"
err_has "cols.tsv:1: expected 6 tab-separated columns" "it names the columns"
printf 'buffer_max\t2027-01-01\t1500.00\tcents\tX\tsource\n' >"$T/tag.tsv"
run hb-household load-parameters "$T/tag.tsv"
status_is 1 "an unknown tag is refused"
err_has "invalid tag 'X'" "it names the tag"
done_testing
