#!/bin/sh
# tests/bench/import.sh - hb-import on a pooled account of 10,000
# households with 8 agreements each (see gen.sh), matching and dedup on.
#
# Targets (from the issues); each prints PASS or FAIL, and the script exits
# 1 when one is missed:
#
#   CSV (ING 9 columns), 100,000 lines	<= 1.0 s, and <= 5x the time
#					   `sqlite3 .import` takes for the
#					   same file in the same run
#   CAMT.053.001.02, 100,000 entries	<= 2.0 s
#   the same lines again (a copy of the file with a trailing empty line
#   or another MsgId, so the whole-file hash does not recognise it and
#   every line is checked as a duplicate)	<= 0.5 s, CSV and CAMT
#   peak memory				<= 64 MiB, and for 1,000,000 lines
#					   at most 1.5x that of 100,000
#
# With hledger installed, the time hledger takes to read the same CSV
# through a rules file is printed as a ratio (no target).
#
# Each import is first tried on a probe: every 101st line of the file
# (the same mix).  A run that the probe estimates to take longer than
# BENCH_TIMEOUT seconds (default 600) is not started: its target FAILs
# with the estimate.  Then the duplicate check is measured on a file of
# the same size whose lines match nothing (cheap to import the first
# time; a duplicate is never matched, so the check does the same work),
# and so is memory, and the report says so.
#
# Environment: BENCH_HOUSEHOLDS (10000), BENCH_LINES (100000),
# BENCH_LINES_BIG (1000000), BENCH_PROBE (lines in a probe, 1000),
# BENCH_TIMEOUT (600), BENCH_FULL=1 (run everything, however long),
# BENCH_KEEP=1 (keep the data), top_srcdir and top_builddir (default: the
# tree this script is in).

case $0 in
*/*) bench_dir=${0%/*} ;;
*) bench_dir=. ;;
esac
. "$bench_dir/gen.sh"
bench_init import

NH=${BENCH_HOUSEHOLDS:-10000}
NL=${BENCH_LINES:-100000}
NBIG=${BENCH_LINES_BIG:-1000000}
NPROBE=${BENCH_PROBE:-1000}
STRIDE=$((NL / NPROBE))
[ "$STRIDE" -ge 1 ] || STRIDE=1
# coprime with the generator's cycles (10, 13, 7, 5), so the probe has the
# file's mix
while [ $((STRIDE % 2)) -eq 0 ] || [ $((STRIDE % 5)) -eq 0 ] ||
    [ $((STRIDE % 7)) -eq 0 ] || [ $((STRIDE % 13)) -eq 0 ]; do
	STRIDE=$((STRIDE + 1))
done
FILE_MAX=536870912		# HB_BANKFILE_MAX in lib/hb.h
HB_NOW=2026-10-26
export HB_NOW
NLs=$(thousands "$NL")

echo "# targets: CSV <= 1.0 s and <= 5x sqlite3 .import; CAMT <= 2.0 s;" \
    "all duplicates <= 0.5 s; peak RSS <= 64 MiB, $(thousands "$NBIG") lines" \
    "<= 1.5x $NLs lines"

# The store: the municipality, registered with a bulk intake.
gen_intake "$NH" "$B/intake.csv"
new_store "$B/base.db"
measure intake env HB_DB="$B/base.db" hb-household -q intake "$B/intake.csv"
ok intake 0 || exit 1
sync
info "setup: intake of $(thousands "$NH") households," \
    "$(thousands "$(($(wc -l <"$B/intake.csv") - 1))") records:" \
    "${T_intake} s ($(ls -l "$B/base.db" | awk '{ printf "%.0f", $5 / 1048576 }') MiB store)"

# The bank files, their copies that differ only outside the lines, and
# the probes.
gen_lines "$NH" "$NL" csv "$B/bank.csv"
{ cat "$B/bank.csv"; echo; } >"$B/bank-again.csv"
gen_lines "$NH" "$NL" camt "$B/bank.xml" BENCH-1
sed '1,5s/<MsgId>BENCH-1</<MsgId>BENCH-2</' "$B/bank.xml" >"$B/bank-again.xml"
GEN_STRIDE=$STRIDE gen_lines "$NH" "$NL" csv "$B/probe.csv"
GEN_STRIDE=$STRIDE gen_lines "$NH" "$NL" camt "$B/probe.xml" PROBE-1
info "files: $NLs lines, CSV $(ls -l "$B/bank.csv" | awk '{ printf "%.0f", $5 / 1048576 }') MiB," \
    "CAMT $(ls -l "$B/bank.xml" | awk '{ printf "%.0f", $5 / 1048576 }') MiB;" \
    "about one line in 10 from an unknown counterparty"

# The reference: sqlite3 loading the same CSV into a table.
if [ -n "$SQLITE3" ]; then
	best ref 3 sh -c 'rm -f "$1"; "$2" "$1" ".mode csv" ".import $3 t"' \
	    x "$B/ref.db" "$SQLITE3" "$B/bank.csv"
	ok ref 0 || exit 1
	echo "REF   sqlite3 .import of the same CSV ($NLs lines), best of 3:" \
	    "${T_ref} s"
else
	T_ref=
	echo "# sqlite3 not installed: no reference"
fi

# hb-import into a fresh copy of the store
import() {	# import LABEL FILE
	copy_store "$B/base.db" "$B/$1.db"
	measure "$1" hb-import -d "$B/$1.db" -o tsv "$2"
}

# duplicates LABEL FILE: import the file again into (a copy of) LABEL's
# store, best of 3
duplicates() {
	best_fresh "$1_dup" 3 "$B/$1.db" "$B/$1-dup.db" \
	    hb-import -d "$B/$1-dup.db" -o tsv "$2"
	rm -f "$B/$1-dup.db"
	ok "$1_dup" || return 1
	summary "$1_dup"
	eval "_d=\$$1_dup_dup _n=\$$1_dup_lines"
	[ "$_d" -eq "$_n" ] && [ "$_n" -gt 0 ] || {
		echo "# $1_dup: $_d duplicates of $_n lines, expected all"
		return 1; }
}

# one format: leg NAME EXT TARGET FILE-LABEL
leg() {
	name=$1 ext=$2 limit=$3 what=$4
	import "${name}_probe" "$B/probe.$ext"
	ok "${name}_probe" || { target_missed "$what import, probe" "failed"; return; }
	summary "${name}_probe"
	eval "pl=\$${name}_probe_lines pm=\$${name}_probe_matched pu=\$${name}_probe_unmatched"
	eval "pt=\$T_${name}_probe pc=\$C_${name}_probe"
	est=$(scale "$pt" "$pl" "$NL")
	echo "PROBE $what: $(thousands "$pl") of $NLs lines (1 in $STRIDE)" \
	    "in $pt s ($pc s CPU): $(awk -v n="$pl" -v t="$pt" 'BEGIN { printf "%.0f", n / t }')" \
	    "lines/s, $pm matched, $pu unmatched; $NLs lines: ~$est s"
	eval "EST_$name=\$est"
	full=
	if feasible "$est"; then
		import "$name" "$B/bank.$ext"
		if ok "$name"; then
			summary "$name"
			eval "n=\$${name}_lines t=\$T_$name c=\$C_$name m=\$M_$name"
			eval "mt=\$${name}_matched un=\$${name}_unmatched sg=\$${name}_signals"
			target "$what import, $NLs lines" "$t" "$limit" s \
			    "[$c s CPU; $mt matched, $un unmatched, $sg signals]"
			full=1
			eval "RSS_$name=\$m"
		else
			target_missed "$what import, $NLs lines" "status $(eval echo \$S_$name)"
		fi
	else
		target "$what import, $NLs lines (estimated)" "$est" "$limit" s \
		    "[not run: estimate > BENCH_TIMEOUT ${BENCH_TIMEOUT}s]"
	fi
	eval "FULL_$name=\$full"
	# the duplicate check
	if [ -n "$full" ]; then
		if duplicates "$name" "$B/bank-again.$ext"; then
			eval "t=\$T_${name}_dup c=\$C_${name}_dup"
			target "$what again, $NLs duplicates" "$t" 0.5 s \
			    "[best of 3; $c s CPU]"
		else
			target_missed "$what again, $NLs duplicates" "failed"
		fi
		return
	fi
	GEN_UNKNOWN=1 gen_lines "$NH" "$NL" "$([ "$ext" = csv ] && echo csv || echo camt)" \
	    "$B/none.$ext" NONE-1
	if [ "$ext" = csv ]; then
		{ cat "$B/none.csv"; echo; } >"$B/none-again.csv"
	else
		sed '1,5s/<MsgId>NONE-1</<MsgId>NONE-2</' "$B/none.xml" >"$B/none-again.xml"
	fi
	import "${name}_none" "$B/none.$ext"
	if ! ok "${name}_none"; then
		target_missed "$what again, $NLs duplicates" "first import failed"
		return
	fi
	eval "t=\$T_${name}_none c=\$C_${name}_none"
	info "$what: $NLs lines that match nothing (unknown counterparties)" \
	    "imported in $t s ($c s CPU)"
	eval "RSS_${name}_none=\$M_${name}_none"
	if duplicates "${name}_none" "$B/none-again.$ext"; then
		eval "t=\$T_${name}_none_dup c=\$C_${name}_none_dup"
		target "$what again, $NLs duplicates (of lines matching nothing)" \
		    "$t" 0.5 s "[best of 3; $c s CPU]"
	else
		target_missed "$what again, $NLs duplicates" "failed"
	fi
}

# store_floor NAME WHAT: what storing alone costs, as a second reference:
# sqlite3 copying the rows hb-import stored for NAME (the import, its
# statements, bank lines, bookings, suggestions and signals) into a fresh
# copy of the store, in one transaction with hb's settings.  No importer
# that keeps these rows in this store can take less.
store_floor() {
	[ -n "$SQLITE3" ] && [ -f "$B/$1.db" ] || return 0
	best_fresh "floor_$1" 3 "$B/base.db" "$B/floor.db" "$SQLITE3" \
	    "$B/floor.db" "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
	    PRAGMA cache_size = -16384; ATTACH '$B/$1.db' AS s;
	    BEGIN IMMEDIATE;
	    INSERT INTO import SELECT * FROM s.import;
	    INSERT INTO statement SELECT * FROM s.statement;
	    INSERT INTO bank_line SELECT * FROM s.bank_line;
	    INSERT INTO line_match SELECT * FROM s.line_match;
	    INSERT INTO line_suggestion SELECT * FROM s.line_suggestion;
	    INSERT INTO signal SELECT * FROM s.signal;
	    COMMIT;"
	rm -f "$B/floor.db"
	ok "floor_$1" 0 || return 0
	eval "f=\$T_floor_$1 t=\$T_$1"
	echo "REF   storing the same rows alone (sqlite3 copying them into the" \
	    "store in one transaction), best of 3: $f s"
	info "$2 import / storing alone: $(ratio "$t" "$f")x"
}

leg csv csv 1.0 CSV
[ -n "$FULL_csv" ] && store_floor csv CSV
if [ -n "$T_ref" ]; then
	if [ -n "$FULL_csv" ]; then
		target "CSV import / sqlite3 .import" "$(ratio "$T_csv" "$T_ref")" 5 x
	else
		target "CSV import / sqlite3 .import (estimated)" \
		    "$(ratio "$EST_csv" "$T_ref")" 5 x
	fi
fi
leg camt xml 2.0 CAMT
if [ -n "$FULL_camt" ]; then
	store_floor camt CAMT
	# and what reading the XML alone costs, with the reader hb uses
	if command -v xmllint >/dev/null 2>&1; then
		best xmlref 3 xmllint --stream --noout "$B/bank.xml"
		echo "REF   libxml2's reader alone on the same CAMT (xmllint" \
		    "--stream --noout), best of 3: $T_xmlref s"
	fi
fi

# Memory: peak RSS for NL lines against NBIG lines, for the real mix when
# that can run, else for lines that match nothing.
memory() {	# memory NAME EXT WHAT
	name=$1 ext=$2 what=$3 fmt=$([ "$2" = csv ] && echo csv || echo camt)
	nbig=$NBIG
	eval "real=\$FULL_$name"
	if [ -n "$real" ]; then
		eval "small=\$RSS_$name est=\$T_$name"
		kind="real mix"
		gen=
	else
		eval "small=\$RSS_${name}_none est=\$T_${name}_none"
		kind="lines matching nothing"
		gen=1
	fi
	[ -n "$small" ] && [ "$small" -gt 0 ] || {
		target_missed "$what peak RSS, $NLs lines" "not measured"; return; }
	size=$(ls -l "$B/$([ -n "$gen" ] && echo none || echo bank).$ext" | awk '{ print $5 }')
	while [ "$nbig" -gt "$NL" ] &&
	    [ "$(awk -v s="$size" -v n="$nbig" -v l="$NL" 'BEGIN { print (s * n / l > 0.98 * '"$FILE_MAX"') }')" = 1 ]; do
		nbig=$((nbig - NL))
	done
	[ "$nbig" -ne "$NBIG" ] && echo "# $what: $(thousands "$NBIG") lines would pass" \
	    "hb's 512 MiB file limit (HB_BANKFILE_MAX): compared at $(thousands "$nbig")"
	target "$what peak RSS, $NLs lines ($kind)" "$(mib "$small")" 64 MiB
	est=$(scale "$est" "$NL" "$nbig")
	if ! feasible "$est"; then
		target_missed "$what peak RSS, $(thousands "$nbig") / $NLs lines" \
		    "not run: ~$est s > BENCH_TIMEOUT ${BENCH_TIMEOUT}s"
		return
	fi
	GEN_UNKNOWN=${gen:+1} gen_lines "$NH" "$nbig" "$fmt" "$B/big.$ext" BIG-1
	import "${name}_big" "$B/big.$ext"
	rm -f "$B/big.$ext"
	if ! ok "${name}_big"; then
		target_missed "$what peak RSS, $(thousands "$nbig") / $NLs lines" \
		    "import failed"
		return
	fi
	eval "big=\$M_${name}_big t=\$T_${name}_big"
	info "$what: $(thousands "$nbig") lines ($kind) in $t s, peak RSS $(mib "$big") MiB"
	target "$what peak RSS, $(thousands "$nbig") / $NLs lines" \
	    "$(ratio "$big" "$small")" 1.5 x "[$(mib "$big") / $(mib "$small") MiB]"
	rm -f "$B/${name}_big.db"
}
memory csv csv CSV
memory camt xml CAMT

# hledger, when installed: the same CSV through a rules file
if command -v hledger >/dev/null 2>&1; then
	cat >"$B/ing.rules" <<'EOF'
skip 1
fields date, description, account_, counterparty, code, direction, amount_, kind, notes
date-format %Y%m%d
decimal-mark ,
currency EUR
account1 assets:pooled
account2 unknown
amount %amount_
if %direction ^Af$
  amount -%amount_
EOF
	best hledger 1 hledger -f "$B/bank.csv" --rules-file "$B/ing.rules" stats
	if ok hledger 0; then
		echo "REF   hledger $(hledger --version | awk '{ print $2 }' | tr -d ,)" \
		    "reading the CSV through a rules file: ${T_hledger} s"
		if [ -n "$FULL_csv" ]; then
			info "hb-import CSV / hledger: $(ratio "$T_csv" "$T_hledger") x"
		else
			info "hb-import CSV / hledger (estimated): $(ratio "$EST_csv" "$T_hledger") x"
		fi
	fi
else
	echo "SKIP  hledger comparison: hledger is not installed" \
	    "(Debian 12: apt-get install hledger, 1.25, about 32 MB)"
fi

bench_done
