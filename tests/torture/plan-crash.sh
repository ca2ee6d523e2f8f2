#!/bin/sh
# tests/torture/plan-crash.sh - kill -9 "hb-plan run -a" at each named
# step and at a random moment, COUNT times (tests/torture/crash.sh).
#
#	make torture			COUNT=50
#	tests/t0424-plan-crash.sh	COUNT=5 (make check)
OP=plan
. "$top_srcdir/tests/torture/crash.sh"
