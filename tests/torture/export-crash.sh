#!/bin/sh
# tests/torture/export-crash.sh - kill -9 an export at every named step
# (HB_TEST_CRASH) and at a random moment, COUNT times each; after each
# crash a replan and the next export, then the checks: no payout in two
# files, no file without its done batch, no done batch without its file,
# no temporary file left, the store sound and verified, a rerun with
# nothing to do.
#
#	make torture			COUNT=50
#	tests/t0421-export-crash.sh	COUNT=5 (make check)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
. "$top_srcdir/tests/export.sh"
need_sqlite3
: "${COUNT:=50}"

W=2027-05-27:2027-06-30
HB_DB=$T/template.db
export_store

# one crash and what follows it; $1 the step, $2 the run
crash_run() {
	HB_DB=$T/run.db
	rm -rf "$T/run.db" "$T/run.db.key" "$T/run.db.lock" "$T/out-dir"
	cp "$T/template.db" "$HB_DB"
	cp "$T/template.db.key" "$HB_DB.key"
	mkdir "$T/out-dir"
	d=$T/out-dir
	if [ "$1" = random ]; then
		hb-plan export -D "$d" -w $W >/dev/null 2>&1 &
		victim=$!
		# somewhere in the first 60 ms: before, inside or after it
		sleep "0.0$(awk -v s="$2" 'BEGIN { srand(s); printf "%02d", int(rand() * 60) }')"
		kill -9 $victim 2>/dev/null
		wait $victim 2>/dev/null
		ok=1
	else
		run env HB_TEST_CRASH="$1" hb-plan export -D "$d" -w $W
		test "$status" -eq 137
		ok=$?
	fi
	plan_write -m 2027-06 HB-000001 >/dev/null 2>&1
	pstatus=$?
	run hb-plan export -D "$d" -w $W
	again=$status
	run hb-plan export -D "$d" -w $W
	third=$status
	cp "$T/out" "$T/third"
	e2e_in "$d" | sort >"$T/e2e-files"
	"$SQLITE3" "$HB_DB" "SELECT end_to_end FROM payout WHERE status =
	    'exported' ORDER BY 1" >"$T/e2e-store"
	"$SQLITE3" "$HB_DB" "SELECT file || ' ' || file_hash FROM export_batch
	    WHERE status = 'done'" >"$T/done"
	"$SQLITE3" "$HB_DB" "SELECT count(*) FROM export_batch WHERE status
	    IN ('pending','written')" >"$T/open"
	bad=
	[ "$ok" -eq 0 ] || [ "$1" = random ] || bad="$bad not-killed"
	[ "$pstatus" -eq 0 ] || [ "$pstatus" -eq 3 ] || bad="$bad replan=$pstatus"
	[ "$again" -eq 0 ] || bad="$bad second-export=$again"
	[ "$third" -eq 0 ] && grep -qx 'nothing to export' "$T/third" ||
	    bad="$bad third-export-not-idle"
	[ -z "$(uniq -d "$T/e2e-files")" ] || bad="$bad e2e-in-two-files"
	[ "$(wc -l <"$T/e2e-files")" -eq 6 ] || bad="$bad not-six-payouts"
	cmp -s "$T/e2e-files" "$T/e2e-store" || bad="$bad files-differ-from-store"
	[ "$(cat "$T/open")" -eq 0 ] || bad="$bad unsettled-batch"
	for f in "$d"/* "$d"/.[!.]*; do
		[ -e "$f" ] || continue
		h=$(sha256sum "$f" | cut -d' ' -f1)
		grep -qx "$f $h" "$T/done" || bad="$bad file-without-batch:${f##*/}"
	done
	while read -r f h; do
		[ -f "$f" ] || bad="$bad batch-without-file:${f##*/}"
	done <"$T/done"
	store_clean || bad="$bad integrity"
	hb-household verify >"$T/verify" 2>&1 || bad="$bad verify:$(head -n 3 "$T/verify" | tr '\n' ' ')"
	last_cmd="crash at $1, run $2:$bad"
	check "crash at $1, run $2: one file per payout, batches and files agree" \
	    test -z "$bad"
}

i=1
while [ $i -le "$COUNT" ]; do
	for step in after-lease after-pending mid-write after-write \
	    after-written after-rename after-done random; do
		crash_run $step $i
	done
	i=$((i + 1))
done
done_testing
