#!/bin/sh
# The simulation of a municipality's months (tests/sim/README), short
# form: 40 households, 3 months, seed 1.  `make sim` runs the long form.
#
# The invariants that fail on main today are reported as TODO, each for
# the fault named here; take a number out when its fix is merged (the
# simulation says so when an invariant in the list holds):
#   3  wrong household: a line 18% short of one household's allowance
#      is booked to another household whose agreed amount is nearer,
#      although the line names the first one's dossier number; a bank
#      line without an end-to-end id (ING CSV) is reconciled to another
#      household's exported payout of the same amount and creditor, even
#      one from another account;
#   2  follows from 3: both households' balances are wrong;
#   7  a repayment due on the 5th is exported before any of the month's
#      income has arrived (hb-plan(1) BUGS: a taking is weighed against
#      the whole month's income).
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
python3 "$top_srcdir/tests/sim/sim.py" -s 1 -n 40 -m 3 --todo 2,3,7
