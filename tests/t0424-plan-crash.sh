#!/bin/sh
# kill -9 during "hb-plan run -a" at each named step and at a random
# moment: the month's plans are wholly kept or not at all, and a rerun
# plans them.  The short form of tests/torture/plan-crash.sh (make
# torture: 50 runs).
COUNT=${COUNT:-5}
. "$top_srcdir/tests/torture/plan-crash.sh"
