# tests/torture/crash.sh - kill -9 an import (OP=import) or a batch plan
# (OP=plan) at each named step (HB_TEST_CRASH: before-commit,
# after-commit, write:K for a random write K of the run) and at a random
# moment of it, COUNT times each.  After each crash: the store is sound
# (integrity_check, foreign_key_check, hb-household verify), the
# operation is wholly there or wholly absent, a rerun completes, and a
# second rerun changes nothing.  Sourced by import-crash.sh and
# plan-crash.sh.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
. "$top_srcdir/tests/faults.sh"
need_sqlite3
: "${COUNT:=50}" "${OP:?}"

HB_DB=$T/base.db
fault_store >/dev/null 2>&1
# the import writes a statement of 200 lines, the plan runs on a store
# with it imported: long enough to be killed in the middle
camt_begin "$T/in.xml" NL50BNGH0285000101 STMT-2 2000.00 2027-05-20 \
    3000.00 2027-05-25
i=1
while [ $i -le 200 ]; do
	camt_entry "$T/in.xml" 5.00 CRDT 2027-05-21 "R$i" NL86INGB0002445588 \
	    SVB "Uitkering deel $i"
	i=$((i + 1))
done
camt_end "$T/in.xml"
if [ "$OP" = plan ]; then
	op_import >/dev/null 2>&1
	outcome() { plan_outcome; }
else
	outcome() { facts_dump; }
fi
lines() { "$SQLITE3" "$HB_DB" "SELECT count(*) FROM bank_line"; }

fresh() {
	HB_DB=$T/run.db
	rm -f "$T/run.db" "$T/run.db-journal" "$T/run.db-wal" \
	    "$T/run.db-shm" "$T/run.db.lock" "$T/run.db.key"
	store_copy "$T/base.db" "$HB_DB"
}

# the run without a crash: its store, its time and its writes
fresh
facts_dump >"$T/before"
lines_before=$(lines)
t0=$(date +%s%N)
"op_$OP" >/dev/null 2>&1
ref_status=$?
ms=$((($(date +%s%N) - t0) / 1000000))
facts_dump >"$T/after"
outcome >"$T/outcome"
lines_after=$(lines)
writes=0
while :; do
	fresh
	(export HB_TEST_CRASH="write:$((writes + 1))"; "op_$OP") >/dev/null 2>&1
	[ $? -eq 137 ] || break
	writes=$((writes + 1))
done
check "a $OP without a crash completes (status $ref_status, $ms ms, $writes writes)" \
    test "$ref_status" -eq 0 -o "$ref_status" -eq 3 -a "$writes" -gt 0

# one crash at $1 (a step or random) and what follows it; $2 the run
crash_run() {
	fresh
	if [ "$1" = random ]; then
		# the command itself in the background, not a shell around it
		case $OP in
		import) hb-import -q "$T/in.xml" >/dev/null 2>&1 & ;;
		plan) hb-plan run -a -q -m 2027-07 >/dev/null 2>&1 & ;;
		esac
		victim=$!
		# somewhere within the run's time (and a little after it)
		sleep "$(awk -v s="$2" -v ms="$ms" 'BEGIN { srand(s * 104729); rand();
		    printf "%.3f", rand() * ms * 1.2 / 1000 }')"
		kill -9 $victim 2>/dev/null
		wait $victim 2>/dev/null
		killed=137
	else
		(export HB_TEST_CRASH="$1"; "op_$OP") >/dev/null 2>&1
		killed=$?
	fi
	bad=
	[ "$killed" -eq 137 ] || bad="$bad not-killed=$killed"
	facts_dump >"$T/dump"
	cmp -s "$T/dump" "$T/before" || cmp -s "$T/dump" "$T/after" ||
	    bad="$bad partly-there"
	n=$(lines)
	[ "$n" -eq "$lines_before" ] || [ "$n" -eq "$lines_after" ] ||
	    bad="$bad lines=$n"
	store_clean || bad="$bad integrity"
	hb-household verify >"$T/verify" 2>&1 ||
	    bad="$bad verify:$(head -n 2 "$T/verify" | tr '\n' ' ')"
	"op_$OP" >/dev/null 2>"$T/err"
	again=$?
	[ "$again" -eq 0 ] || [ "$again" -eq 3 ] || bad="$bad rerun=$again"
	outcome >"$T/dump"
	cmp -s "$T/dump" "$T/outcome" || bad="$bad rerun-differs"
	"op_$OP" >/dev/null 2>&1
	third=$?
	[ "$third" -eq 0 ] || [ "$third" -eq 3 ] || bad="$bad second-rerun=$third"
	outcome >"$T/dump"
	cmp -s "$T/dump" "$T/outcome" || bad="$bad second-rerun-changed"
	store_clean || bad="$bad rerun-integrity"
	last_cmd="$OP killed at $1, run $2:$bad"
	check "$OP killed at $1, run $2: wholly there or absent, the reruns complete" \
	    test -z "$bad"
}

i=1
while [ $i -le "$COUNT" ]; do
	k=$(awk -v s="$i" -v w="$writes" 'BEGIN { srand(s * 7919 + 17);
	    rand(); print 1 + int(rand() * w) }')
	for step in before-commit after-commit "write:$k" random; do
		crash_run "$step" $i
	done
	i=$((i + 1))
done
done_testing
