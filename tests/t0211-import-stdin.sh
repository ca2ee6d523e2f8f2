#!/bin/sh
# hb-import reads its input before it locks the store, so that a slow
# input keeps no other command waiting; a pipe or standard input ("-") is
# read whole and bounded like a file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/camt.sh"
need_sqlite3
MANAGED=NL23BNGH0285126881
hb-household -q init
hb-household -q intake "$top_srcdir/share/hb/examples/municipality.csv"

camt_begin "$T/slow.xml" $MANAGED SLOW-1 0.00 2026-12-01 12.50 2026-12-01
camt_entry "$T/slow.xml" 12.50 CRDT 2026-12-01 SLOW-A NL91ABNA0417164300 "Iemand" "gift"
camt_end "$T/slow.xml"

# an import whose input arrives after 5 seconds, through a pipe
(sleep 5; cat "$T/slow.xml") | hb-import -o tsv /dev/stdin \
    >"$T/slow.out" 2>"$T/slow.err" &
pid=$!
sleep 1
start=$(date +%s%N)
run hb-household list
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -0 $pid 2>/dev/null
waiting=$?
status_is 0 "hb-household list succeeds while an import waits for its input"
check "before the import's input arrives" test "$waiting" -eq 0
check "within about a second (it took $ms ms)" test "$ms" -lt 1500
wait $pid
status=$?
cp "$T/slow.out" "$T/out"
cp "$T/slow.err" "$T/err"
last_cmd="hb-import /dev/stdin (a slow pipe)"
check "the import from the pipe succeeds" test "$status" -ne 1
out_has "	1	1	1	0	" "with its line, not as an empty file"
check "the line is in the store" test "$("$SQLITE3" "$HB_DB" \
    "SELECT count(*) FROM bank_line WHERE bank_ref = 'SLOW-A'")" -eq 1

sed 's/SLOW-1/SLOW-2/' "$T/slow.xml" >"$T/slow2.xml"
run_in "$T/slow2.xml" hb-import -o tsv -
check "'-' reads standard input" test "$status" -ne 1
out_has "-	camt.053.001.02	1	1	0	1	" "the same line again is a duplicate"
run_in "$T/slow2.xml" hb-import -o tsv -
out_has "already imported" "the same input again is recognised by its hash"
run_in /dev/null hb-import -
status_is 1 "empty standard input is refused"
err_has "-: empty file" "as an empty file"

# the size limit holds for what is not a regular file, too
run timeout 60 env HB_TEST_BANKFILE_MAX=100000 hb-import -F camt /dev/zero
status_is 1 "an endless device is refused"
err_has "/dev/zero: file too large: more than 100000 bytes" "at the limit"
head -c 100001 /dev/zero >"$T/big"
run_in "$T/big" env HB_TEST_BANKFILE_MAX=100000 hb-import -
status_is 1 "standard input is bounded as well"
err_has "file too large: 100001 bytes, at most 100000" "a file on standard input is measured first"
head -c 100001 /dev/zero | timeout 60 env HB_TEST_BANKFILE_MAX=100000 hb-import - \
    >"$T/out" 2>"$T/err"
status=$?
last_cmd="hb-import - (100001 bytes through a pipe)"
status_is 1 "a pipe is bounded as well"
err_has "-: file too large: more than 100000 bytes" "at the limit"
done_testing
