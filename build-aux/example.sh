#!/bin/sh
# The main job on the bundled example data (README, first command): a fresh
# store for the example municipality "Gemeente Voorbeeldstad", its register,
# and what hb makes of it.
set -eu
builddir=$1 srcdir=$2
PATH=$builddir:$PATH
HB_SHAREDIR=$srcdir/share/hb
HB_DB=$builddir/example.db
: "${HB_NOW:=2026-11-29}"
export PATH HB_SHAREDIR HB_DB HB_NOW
rm -f "$HB_DB"
ex=$srcdir/share/hb/examples

hb-household -q init
echo "== register the example municipality ($ex/municipality.csv)"
hb-household intake "$ex/municipality.csv"
echo
echo "== households"
hb-household list households
echo
echo "== agreements"
hb-household list agreements
echo
echo "== taking (repayments, offsets) with their legal basis"
hb-household list taking
echo
echo "The store is $HB_DB; try: HB_DB=$HB_DB hb-household show HB-000002"
