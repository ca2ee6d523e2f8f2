#!/bin/sh
# tests/bench/overview.sh - hb-overview: the model of the first screen (the
# list of households with what needs a person) for a municipality of
# 10,000 households on the pooled account (gen.sh: 8 agreements each),
# with a month of booked history (loaded with sqlite3 as hb-import stores
# it), planned for November 2026; then one household's three months.
#
# Targets (issue hb-overview); each prints PASS or FAIL:
#
#   the list, 10,000 households		<= 0.1 s (the first screen)
#   one household's three months	<= 0.1 s
#
# The list is timed as `hb-overview -o tsv`, which builds the same model as
# the screen and prints it; it is printed against sqlite3 reading the same
# households, current plans, signals and payouts in one query each, in the
# same run.
#
# Environment: BENCH_HOUSEHOLDS (10000), BENCH_KEEP=1, top_srcdir,
# top_builddir.

case $0 in
*/*) bench_dir=${0%/*} ;;
*) bench_dir=. ;;
esac
. "$bench_dir/gen.sh"
bench_init overview

NH=${BENCH_HOUSEHOLDS:-10000}
HB_NOW=2026-10-26
export HB_NOW
[ -n "$SQLITE3" ] || { echo "overview: needs sqlite3" >&2; exit 1; }
[ -x "$top_builddir/hb-overview" ] || {
	echo "overview: $top_builddir/hb-overview not built: run make" >&2
	exit 1; }
Nn=$(thousands "$NH")
echo "# targets: the list of $Nn households <= 0.1 s; one household's" \
    "three months <= 0.1 s"

db=$B/overview.db
gen_intake "$NH" "$B/intake.csv"
new_store "$db"
HB_DB=$db hb-household -q intake "$B/intake.csv" || exit 1
r=$(GEN_SQL=1 CUTOFF=2026-11-01 gen_month "$NH" 2026-10-01 2026-10-25 \
    "$B/h.tsv" 100000000)
load_history "$db" "$B/h.tsv" 2026-10-01 2026-10-25 100000000 "${r% *}" ||
    exit 1
measure plan hb-plan -d "$db" run -a -q -m 2026-11
ok plan || exit 1
info "setup: $Nn households, $(thousands "${r#* }") lines of October," \
    "planned for November in $T_plan s"

best list 3 hb-overview -d "$db" -m 2026-11 -o tsv
ok list 0 || exit 1
rows=$(($(wc -l <"$B/list.out") - 1))
[ "$rows" -eq "$NH" ] || echo "# the list has $rows rows, not $NH"
best ref 3 "$SQLITE3" "$db" "SELECT count(*) FROM household;
    SELECT count(*), sum(closing) FROM plan WHERE month = '2026-11' AND
    superseded_by IS NULL; SELECT household_id, count(*) FROM signal WHERE
    status = 'active' GROUP BY household_id; SELECT p.household_id,
    sum(p.status = 'held') FROM payout p JOIN plan pl ON pl.id = p.plan_id
    WHERE pl.month = '2026-11' AND pl.superseded_by IS NULL
    GROUP BY p.household_id"
ok ref 0 || exit 1
echo "REF   sqlite3: the households, their plans, signals and payouts," \
    "one query each, best of 3: $T_ref s"
target "the list of $Nn households (hb-overview -o tsv), best of 3" \
    "$T_list" 0.1 s "($(ratio "$T_list" "$T_ref")x the reference," \
    "peak RSS $(mib "$M_list") MiB)"

code=$(printf 'HB-%06d' $((NH / 2)))
best month 3 hb-overview -d "$db" -m 2026-11 -o tsv "$code"
ok month 0 || exit 1
target "one household's three months, best of 3" "$T_month" 0.1 s
bench_done
