#!/bin/sh
# tests/bench/explain.sh - hb-explain on a store of 10,000 households on
# the pooled account (gen.sh: 8 agreements each) with a year of booked
# history (November 2025 to October 2026, loaded with sqlite3 as
# hb-import stores it), planned for November 2026.
#
# Targets (issue hb-explain); each prints PASS or FAIL:
#
#   one decision explained			<= 20 ms
#   a household's month explained		<= 200 ms
#
# Each is the best of 5 runs of the whole command (opening the store, the
# audit entry, the text), printed beside sqlite3 reading the same
# decision row in the same run.
#
# Environment: BENCH_HOUSEHOLDS (10000), BENCH_MONTHS (12), BENCH_KEEP=1,
# top_srcdir, top_builddir.

case $0 in
*/*) bench_dir=${0%/*} ;;
*) bench_dir=. ;;
esac
. "$bench_dir/gen.sh"
bench_init explain

NH=${BENCH_HOUSEHOLDS:-10000}
NM=${BENCH_MONTHS:-12}
HB_NOW=2026-10-26
export HB_NOW
[ -n "$SQLITE3" ] || { echo "explain: needs sqlite3" >&2; exit 1; }
[ -x "$top_builddir/hb-explain" ] || {
	echo "explain: $top_builddir/hb-explain not built: run make" >&2
	exit 1; }
Nn=$(thousands "$NH")
echo "# targets: a decision <= 20 ms, a household's month <= 200 ms," \
    "$Nn households, $NM months of history"

db=$B/explain.db
gen_intake "$NH" "$B/intake.csv"
new_store "$db"
HB_DB=$db hb-household -q intake "$B/intake.csv" || exit 1
o=100000000
total=0
i=$NM
while [ "$i" -ge 1 ]; do
	first=$(date -u -d "2026-11-01 -$i month" +%Y-%m-%d)
	last=$(date -u -d "$first +1 month -1 day" +%Y-%m-%d)
	[ "$i" -eq 1 ] && last=2026-10-25
	r=$(GEN_SQL=1 CUTOFF=2026-11-01 gen_month "$NH" "$first" "$last" \
	    "$B/h.tsv" "$o")
	load_history "$db" "$B/h.tsv" "$first" "$last" "$o" "${r% *}" ||
	    exit 1
	o=${r% *}
	total=$((total + ${r#* }))
	i=$((i - 1))
done
rm -f "$B/h.tsv"
measure plan hb-plan -d "$db" run -a -q -m 2026-11
ok plan || exit 1
info "setup: $Nn households, $(thousands "$total") lines of history," \
    "November planned in $T_plan s"

code=$(printf 'HB-%06d' $((NH / 2)))
d=$("$SQLITE3" "$db" "SELECT min(d.id) FROM decision d JOIN household h
    ON h.id = d.household_id WHERE h.code = '$code'")
best ref 5 "$SQLITE3" "$db" "SELECT * FROM decision WHERE id = $d"
best one 5 hb-explain -d "$db" "D$d"
ok one 0 || exit 1
best month 5 hb-explain -d "$db" "$code" 2026-11
ok month 0 || exit 1
echo "REF   sqlite3 reading decision $d, best of 5: $T_ref s"
target "one decision explained (D$d), best of 5" "$T_one" 0.02 s \
    "($(ratio "$T_one" "$T_ref")x the reference)"
target "$code's month explained, best of 5" "$T_month" 0.2 s
bench_done
