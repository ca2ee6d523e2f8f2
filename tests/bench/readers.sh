#!/bin/sh
# tests/bench/readers.sh - a caseworker's reads while hb-import imports
# 100,000 lines (CSV, matching and dedup on) into a store of 10,000
# households on the pooled account (gen.sh: 8 agreements each).
#
# Targets (issue "never paid twice ... nobody in"); each prints PASS or
# FAIL:
#
#   hb-household list answers within 200 ms while the import runs, every
#   time: the slowest of the reads begun between the import's start and
#   its end, each the whole command (open, read, audit entry), on a
#   municipality of 300 households
#   on a register of 10,000 households, whose list alone takes most of
#   that: the slowest read less the same list on the idle store (the
#   time a read waited for the import) <= 200 ms
#
# A read does not wait for the writer (the write-ahead log, and its audit
# entry goes to the read log: hb(5)).  Beside each: the list on the idle
# store (best of 5), the import's own time, and how many reads were made.
#
# Environment: BENCH_HOUSEHOLDS (300 and 10000), BENCH_LINES (100000),
# BENCH_KEEP=1, top_srcdir, top_builddir.

case $0 in
*/*) bench_dir=${0%/*} ;;
*) bench_dir=. ;;
esac
. "$bench_dir/gen.sh"
bench_init readers

NL=${BENCH_LINES:-100000}
HB_NOW=2026-10-26
export HB_NOW
LIMIT_MS=200
echo "# target: hb-household list <= $LIMIT_MS ms, every time, while" \
    "$(thousands "$NL") lines are imported (300 households; 10,000: the" \
    "wait beyond the idle list)"


# readers NH: the import into NH households, and the reads beside it;
# sets worst, idle, n
readers() {
	NH=$1
	gen_intake "$NH" "$B/intake.csv"
	new_store "$B/base.db"
	HB_DB=$B/base.db hb-household -q intake "$B/intake.csv" || exit 1
	gen_lines "$NH" "$NL" csv "$B/bank.csv"
	rm -f "$B"/r.db*
	copy_store "$B/base.db" "$B/r.db"
	# a first read makes the read log, as on any store in use
	hb-household -d "$B/r.db" list >/dev/null || exit 1
	best idle 5 hb-household -d "$B/r.db" list
	ok idle 0 || exit 1
	idle=$T_idle
	# the import in the background; reads one after another until it
	# ends
	rm -f "$B/reads.tsv"
	t0=$(now_ns)
	hb-import -d "$B/r.db" -q "$B/bank.csv" >"$B/import.out" \
	    2>"$B/import.err" &
	imp=$!
	fails=0
	while kill -0 "$imp" 2>/dev/null; do
		a=$(now_ns)
		hb-household -d "$B/r.db" list >/dev/null 2>"$B/read.err" ||
		    fails=$((fails + 1))
		b=$(now_ns)
		# a read begun during the import counts, however long it took
		echo "$(((a - t0) / 1000000))	$(((b - a) / 1000000))" \
		    >>"$B/reads.tsv"
	done
	wait "$imp"
	st=$?
	t1=$(now_ns)
	[ "$st" -eq 0 ] || [ "$st" -eq 3 ] || {
		echo "# the import failed with status $st:"
		sed 's/^/#   /' "$B/import.err" | head -n 5
		exit 1; }
	n=$(wc -l <"$B/reads.tsv" 2>/dev/null || echo 0)
	[ "$n" -gt 0 ] || { echo "# no read during the import" >&2; exit 1; }
	worst=$(awk -F '\t' '$2 > m { m = $2 } END { printf "%.3f", m / 1000 }' \
	    "$B/reads.tsv")
	median=$(sort -t '	' -k2,2n "$B/reads.tsv" | awk -F '\t' \
	    '{ v[NR] = $2 } END { printf "%.3f", v[int((NR + 1) / 2)] / 1000 }')
	echo "REF   hb-household list, $(thousands "$NH") households, idle" \
	    "store, best of 5: $idle s"
	info "$(thousands "$NH") households: the import" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s;" \
	    "$n reads during it, median $median s, slowest $worst s," \
	    "$fails failed"
	[ "$fails" -eq 0 ] || target_missed "every read during the import" \
	    "$fails failed: $(head -n 1 "$B/read.err")"
}

limit=$(awk -v l="$LIMIT_MS" 'BEGIN { printf "%.3f", l / 1000 }')
readers 300
target "slowest list during the import, 300 households" "$worst" "$limit" \
    s "($(ratio "$worst" "$idle")x the idle list)"
readers 10000
target "wait of the slowest list, 10,000 households" \
    "$(awk -v w="$worst" -v i="$idle" 'BEGIN { d = w - i; printf "%.3f", d < 0 ? 0 : d }')" \
    "$limit" s "(slowest $worst s, $(ratio "$worst" "$idle")x the idle list)"
bench_done
