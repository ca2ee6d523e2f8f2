#!/bin/sh
# tests/torture/import-crash.sh - kill -9 an import of 200 lines at each
# named step and at a random moment, COUNT times (tests/torture/crash.sh).
#
#	make torture			COUNT=50
#	tests/t0423-import-crash.sh	COUNT=5 (make check)
OP=import
. "$top_srcdir/tests/torture/crash.sh"
