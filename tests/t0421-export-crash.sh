#!/bin/sh
# kill -9 during an export at each named step, then a replan, the next
# export and its recovery: no payout is paid twice or lost.  The short
# form of tests/torture/export-crash.sh (make torture runs it 50 times).
COUNT=${COUNT:-5}
. "$top_srcdir/tests/torture/export-crash.sh"
