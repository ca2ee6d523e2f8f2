#!/bin/sh
# tests/torture/faults.sh - an import, a plan and an export with SQLite's
# Nth allocation failing (HB_TEST_SQLITE_MALLOC_FAIL) and with the Nth
# write or sync of the store failing (HB_TEST_IO_FAIL), for N = 1, 1 +
# STRIDE, ... until N is past the operation's last.  After each: a
# failure exits 1 with a message and leaves the store as it was, a
# success leaves the complete result, the store is sound and verified,
# and a rerun without faults ends where a run without faults ends.
#
# An export commits in steps (hb(5), "Export"): one that fails between
# them may leave its batch pending or written, which the next export
# settles; for it the check is that the rerun ends as a clean export.
#
#	make torture			every N (MALLOC_STRIDE=1, IO_STRIDE=1)
#	tests/t0425-faults.sh		make check, with strides
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
. "$top_srcdir/tests/faults.sh"
need_sqlite3
: "${MALLOC_STRIDE:=1}" "${IO_STRIDE:=1}"

HB_DB=$T/base.db
fault_store >/dev/null 2>&1
# the plan runs on a store with the statement imported
store_copy "$T/base.db" "$T/imported.db"
HB_DB=$T/imported.db op_import >/dev/null 2>&1

base_of() { if [ "$1" = plan ]; then echo "$T/imported.db"; else echo "$T/base.db"; fi; }

fresh() {
	HB_DB=$T/run.db
	rm -rf "$T/run.db" "$T/run.db-journal" "$T/run.db-wal" \
	    "$T/run.db-shm" "$T/out-dir" "$T/mark"
	store_copy "$(base_of "$1")" "$HB_DB"
}

# the run without faults: its status and its store
reference() {
	fresh "$1"
	facts_dump >"$T/before-$1"
	"op_$1" >/dev/null 2>&1
	echo $? >"$T/status-$1"
	facts_dump >"$T/after-$1"
	kept_plans 2027-07 >"$T/kept-$1"
}

# one run with a fault at $3 of kind $2 ($1 the operation); 1 when the
# fault was not reached
fault_run() {
	fresh "$1"
	last_cmd="$1 with $2=$3"
	(export "$2=$3" HB_TEST_FAULT_MARK="$T/mark"; "op_$1") \
	    >"$T/out" 2>"$T/err"
	status=$?
	[ -e "$T/mark" ] || return 1
	facts_dump >"$T/dump"
	bad= committed=
	case $status in
	# a failed sync of the write-ahead log at the commit can leave the
	# work committed whole, as a crash just after the commit would
	# (hb(5)): then the rerun finds it done
	1)	[ -s "$T/err" ] || bad="$bad no-message"
		committed=
		[ "$1" = export ] || cmp -s "$T/dump" "$T/before-$1" ||
		    { cmp -s "$T/dump" "$T/after-$1" && committed=1; } ||
		    bad="$bad store-changed" ;;
	3)	if [ "$1" = plan ] && grep -q 'could not be planned' "$T/err"
		then	# one household's savepoint failed, the batch went on
			grep -q '^hb-plan: HB-[0-9]*: ' "$T/err" ||
			    bad="$bad failed-household-not-named"
		else
			cmp -s "$T/dump" "$T/after-$1" ||
			    bad="$bad incomplete-result"
		fi ;;
	0)	cmp -s "$T/dump" "$T/after-$1" || bad="$bad incomplete-result" ;;
	*)	bad="$bad status=$status" ;;
	esac
	store_clean || bad="$bad integrity"
	hb-household verify >/dev/null 2>&1 || bad="$bad verify"
	if [ "$status" -eq 3 ] && [ "$1" = plan ] &&
	    grep -q 'could not be planned' "$T/err"; then
		# the batch again plans every household: each has one kept
		# plan of the month, as after a batch without faults
		"op_$1" >/dev/null 2>"$T/rerun-err"
		rerun=$?
		[ "$rerun" -eq "$(cat "$T/status-$1")" ] ||
		    bad="$bad rerun-status=$rerun"
		kept_plans 2027-07 >"$T/kept"
		cmp -s "$T/kept" "$T/kept-$1" || bad="$bad rerun-plans-differ"
		store_clean || bad="$bad rerun-integrity"
	elif [ "$status" -eq 1 ]; then
		"op_$1" >/dev/null 2>"$T/rerun-err"
		rerun=$?
		[ "$rerun" -eq "$(cat "$T/status-$1")" ] ||
		    { [ -n "$committed" ] && [ "$rerun" -eq 0 ]; } ||
		    bad="$bad rerun-status=$rerun"
		facts_dump >"$T/dump"
		cmp -s "$T/dump" "$T/after-$1" || bad="$bad rerun-differs"
		store_clean || bad="$bad rerun-integrity"
	fi
	if [ "$1" = export ]; then
		# each payout the store calls exported is in exactly one file
		e2e_in "$T/out-dir" | sort >"$T/e2e-files"
		"$SQLITE3" "$HB_DB" "SELECT end_to_end FROM payout WHERE
		    status = 'exported' ORDER BY 1" >"$T/e2e-store"
		cmp -s "$T/e2e-files" "$T/e2e-store" ||
		    bad="$bad files-differ-from-store"
	fi
	[ -z "$bad" ] && return 0
	echo "# $1, $2=$3:$bad"
	sed 's/^/# stderr: /' "$T/err" | head -n 5
	failures=$((failures + 1))
	return 0
}

for op in import plan export; do
	reference $op
	for kind in HB_TEST_SQLITE_MALLOC_FAIL HB_TEST_IO_FAIL; do
		if [ $kind = HB_TEST_IO_FAIL ]; then stride=$IO_STRIDE; else
			stride=$MALLOC_STRIDE; fi
		n=1 runs=0 failures=0 failed=0
		while fault_run $op $kind $n; do
			runs=$((runs + 1))
			[ "$status" -eq 1 ] && failed=$((failed + 1))
			n=$((n + stride))
		done
		last_cmd="$op with $kind=1..$n, stride $stride"
		check "$op: $runs faults by $kind ($failed failed runs), each failed whole with a message or completed, and a rerun completes" \
		    test "$runs" -gt 0 -a "$failures" -eq 0
	done
done
done_testing
