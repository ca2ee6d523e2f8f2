#!/bin/sh
# kill -9 during an import at each named step and at a random moment: the
# statement is wholly in the store or not at all, and a rerun imports it.
# The short form of tests/torture/import-crash.sh (make torture: 50 runs).
COUNT=${COUNT:-5}
. "$top_srcdir/tests/torture/import-crash.sh"
