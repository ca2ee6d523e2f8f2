#!/bin/sh
# Every fuzz target's corpus replays without a crash (under ASan and UBSan
# in CI).  `make fuzz` runs the targets under libFuzzer for longer.
. "$top_srcdir/tests/lib.sh"

for t in money camt mt940 csv income iban date; do
	if [ ! -d "$top_srcdir/fuzz/corpus/$t" ]; then
		skip "no corpus for $t"
		continue
	fi
	run "$top_builddir/fuzz/replay-$t" "$top_srcdir/fuzz/corpus/$t"
	status_is 0 "the $t corpus replays cleanly"
	out_has "replayed" "the $t replay ran its inputs"
done
done_testing
