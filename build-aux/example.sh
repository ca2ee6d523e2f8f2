#!/bin/sh
# The main job on the bundled example data (README, first command): a fresh
# store for the example municipality "Gemeente Voorbeeldstad", its register,
# three months of bank statements, and the plan for the coming month with
# its SEPA file, as a municipality would run it.
set -eu
builddir=$1 srcdir=$2
PATH=$builddir:$PATH
HB_SHAREDIR=$srcdir/share/hb
HB_DB=$builddir/example.db
: "${HB_NOW:=2026-11-29}"
export PATH HB_SHAREDIR HB_DB HB_NOW
rm -f "$HB_DB" "$HB_DB.lock"
rm -rf "$builddir/example-out"
mkdir -p "$builddir/example-out"
ex=$srcdir/share/hb/examples

# exit status 3 means "done, but a person should look": not a failure here
ok3() { "$@" || [ $? -eq 3 ]; }

echo "== today is $HB_NOW; the store is $HB_DB"
hb-household init
echo
echo "== register the example municipality"
hb-household intake "$ex/municipality.csv"
hb-household list households
echo
echo "== import three months of CAMT.053 statements"
ok3 hb-import "$ex"/camt053-*-2026-09.xml "$ex"/camt053-*-2026-10.xml \
    "$ex"/camt053-*-2026-11.xml
echo
echo "== plan the coming month for every household"
ok3 hb-plan -a
echo "== export the payouts due in the coming days (SEPA pain.001)"
hb-plan export -D "$builddir/example-out" -w "$HB_NOW:2026-12-31"
echo
echo "== the caseworker's overview of the month (hb-overview; on a terminal"
echo "   run it without -p for the full-screen view)"
hb-overview -p
echo "Explore: HB_DB=$HB_DB hb-plan decisions HB-000002"
