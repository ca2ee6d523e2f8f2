#!/bin/sh
# an import, a plan and an export with one of SQLite's allocations or one
# write or sync of the store failing: each ends whole or not at all, and a
# rerun completes.  The short form of tests/torture/faults.sh (make
# torture tries every allocation and every write).
MALLOC_STRIDE=${MALLOC_STRIDE:-331}
IO_STRIDE=${IO_STRIDE:-5}
. "$top_srcdir/tests/torture/faults.sh"
