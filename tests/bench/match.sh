#!/bin/sh
# tests/bench/match.sh - matching on a pooled account where households
# share organisations, generic search terms and similar amounts.
#
# 1. Precision and recall on a generated register of BENCH_HOUSEHOLDS
#    (10,000) households.  Every household gets an AOW from the SVB, a
#    zorgtoeslag from the Belastingdienst, rent to one of 6 landlords and
#    energy from one of 4 suppliers.  The search terms 'svb', 'aow',
#    'zorgtoeslag', 'huur' and 'termijn' are in every household's
#    agreements; the amounts come from a few values (every 5th household
#    has the same AOW, every 3rd the same zorgtoeslag); each agreement has
#    the household's own dossier, contract or customer number (a search
#    term or a reference).  The lines (4 per household, one month) are:
#      1 in 2	the dossier or customer number, the agreed amount
#      1 in 8	the number, 18% below the agreed amount
#      1 in 8	the household code, the agreed amount
#      1 in 8	only the organisation and a generic word, the agreed
#		amount (which fits many households)
#      1 in 8	from the household's own account ("storting")
#    The truth is in each line's bank reference.  Precision: booked lines
#    (to an agreement or a household) that went to the right household;
#    recall: booked lines among all.  Targets: precision 100%; recall at
#    least the share of lines that carry identity (7 in 8).
#
# 2. Linear matching: BENCH_SAME (25,000) lines that all fit one
#    agreement (a second payment where one was expected, every time), and
#    4 times as many: the time may grow at most 6 times (linear: 4;
#    quadratic: 16).
#
# Environment: BENCH_HOUSEHOLDS, BENCH_SAME, BENCH_KEEP=1, BENCH_TIMEOUT.

case $0 in
*/*) bench_dir=${0%/*} ;;
*) bench_dir=. ;;
esac
. "$bench_dir/gen.sh"
bench_init match

NH=${BENCH_HOUSEHOLDS:-10000}
NS=${BENCH_SAME:-25000}
HB_NOW=2026-12-01
export HB_NOW

MATCH_AWK='
function morgs(    i) {
	NORG = 0
	org("Sociale Verzekeringsbank", "benefit_agency", "INGB")	# 1
	org("Belastingdienst/Toeslagen", "benefit_agency", "INGB")	# 2
	for (i = 1; i <= 6; i++)					# 3-8
		org("Woningcorporatie " i, "landlord", "ABNA")
	for (i = 1; i <= 4; i++)					# 9-12
		org("Energieleverancier " i, "energy", "INGB")
}
# agreement k (1-4) of household h: AK, AO, AC, ADIR, ADAY, ATERM (the
# search terms), AREF (reference), AID (the identifying number), AWORD
# (what a line without identity says)
function magr(h, k) {
	if (k == 1) {
		AK = "benefit"; AO = 1; AC = 120000 + (h % 5) * 2500
		ADIR = "in"; ADAY = 23; AID = sprintf("77%06d", h)
		ATERM = "svb|aow|" AID; AREF = ""; AWORD = "AOW december"
	} else if (k == 2) {
		AK = "toeslag"; AO = 2; AC = 12300 + (h % 3) * 800
		ADIR = "in"; ADAY = 20; AID = sprintf("8301.%02d.%04d", h % 97, h % 10000)
		ATERM = "zorgtoeslag|" AID; AREF = ""; AWORD = "Zorgtoeslag 2027"
	} else if (k == 3) {
		AK = "rent"; AO = 3 + h % 6; AC = 65000 + (h % 4) * 5000
		ADIR = "out"; ADAY = 1; AID = sprintf("HC%06d", h)
		ATERM = "huur"; AREF = "Huurcontract " AID; AWORD = "Huur januari"
	} else {
		AK = "energy"; AO = 9 + h % 4; AC = 13200
		ADIR = "out"; ADAY = 18; AID = sprintf("55%06d", h)
		ATERM = "termijn"; AREF = "Klantnr " AID; AWORD = "Termijn december"
	}
}
'

# The register.
awk -v N="$NH" -v POOL="$POOL" "$GEN_AWK$MATCH_AWK"'
BEGIN {
	morgs()
	print "record,household,name,composition,adults,children," \
	    "buffer_limit,caseworker,start,kind,organisation,iban," \
	    "holder,amount,schedule,valid_from,valid_to,search," \
	    "reference,amount_margin,day_margin,legal_basis,claim," \
	    "claim_total,description,protected_notice"
	for (i = 1; i <= NORG; i++)
		printf "organisation,,%s,,,,,,,%s,,%s,,,,,,,,,,,,,,\n",
		    ONAME[i], OKIND[i], OIBAN[i]
	printf "account,,,,,,,,,pooled,,%s,Gemeente Voorbeeldstad inz. Huishoudboekje,,,,,,,,,,,,,\n", POOL
	for (h = 1; h <= N; h++) {
		printf "household,%s,Huishouden %06d,single,1,0,1500.00,cw,2026-01-01,,,,,,,,,,,,,,,,,\n", hcode(h), h
		printf "account,%s,,,,,,,,own,,%s,Huishouden %06d,,,,,,,,,,,,,\n", hcode(h), own_iban(h), h
		for (k = 1; k <= 4; k++) {
			magr(h, k)
			printf "agreement,%s,,,,,,,,%s,%s,%s,,%s,monthly:%d,2026-01-01,,%s,%s,5.00,3,,,,%s,\n",
			    hcode(h), AK, ONAME[AO], OIBAN[AO], money(AC, "."),
			    ADAY, ATERM, AREF, AK
		}
	}
}' >"$B/register.csv"
new_store "$B/base.db"
measure intake env HB_DB="$B/base.db" hb-household -q intake "$B/register.csv"
ok intake 0 || exit 1
info "register: $(thousands "$NH") households, 4 agreements each: ${T_intake} s"

# The month's lines: the truth in the bank reference (T<household>-<n>).
awk -v N="$NH" -v POOL="$POOL" "$GEN_AWK$MATCH_AWK"'
BEGIN {
	morgs()
	sum = 0
	for (i = 0; i < 4 * N; i++) {
		h = i % N + 1; k = int(i / N) % 4 + 1
		magr(h, k)
		v = int(i / 3) % 8
		c = AC; cpiban = OIBAN[AO]; cpname = ONAME[AO]
		text = AWORD " " AID
		if (v == 1)
			c = int(AC * 0.82)
		else if (v == 2)
			text = AWORD " " hcode(h)
		else if (v == 3)
			text = AWORD
		else if (v == 4) {
			cpiban = own_iban(h); cpname = sprintf("Huishouden %06d", h)
			text = "storting"; ADIR = "in"; c = 2500
		}
		if (ADIR == "out")
			c = -c
		d = dnum(2026, 12, ADAY > 28 ? 28 : ADAY)
		sum += c
		printf "%s\n", camt_entry(c, d, sprintf("T%d-%d", h, i), cpiban, cpname, text, "E2E-" i)
	}
	opening = 100000000
	printf "%s", camt_head("MATCH-1", POOL, opening, dnum(2026, 12, 1), opening + sum, dnum(2026, 12, 31)) > (ENVIRON["B"] "/.head")
}' >"$B/.lines"
{ cat "$B/.head" "$B/.lines"; echo '</Stmt></BkToCstmrStmt></Document>'; } >"$B/month.xml"
rm -f "$B/.head" "$B/.lines"
copy_store "$B/base.db" "$B/month.db"
measure month hb-import -d "$B/month.db" -o tsv "$B/month.xml"
ok month || exit 1
summary month
info "month: $(thousands "$month_lines") lines imported in ${T_month} s," \
    "$(thousands "$month_matched") booked to an agreement," \
    "$(thousands "$month_unmatched") not"
if [ -n "$SQLITE3" ]; then
	set -- $("$SQLITE3" -separator ' ' "$B/month.db" "
	    SELECT count(*),
	      coalesce(sum(l.household_id IS NOT NULL), 0),
	      coalesce(sum(h.code = printf('HB-%06d', CAST(substr(l.bank_ref,
	        2, instr(l.bank_ref, '-') - 2) AS INTEGER))), 0)
	    FROM line_current l LEFT JOIN household h ON h.id = l.household_id")
	all=$1 booked=$2 right=$3
	precision=$(awk -v r="$right" -v b="$booked" 'BEGIN { printf "%.4f", b ? r / b : 0 }')
	recall=$(awk -v b="$booked" -v a="$all" 'BEGIN { printf "%.4f", a ? b / a : 0 }')
	echo "MEASURED precision $precision ($right of $booked booked lines to" \
	    "the right household), recall $recall ($booked of $all lines booked)"
	target "wrong household among booked lines" \
	    "$((booked - right))" 0 lines
	target "lines not booked, per cent of all (identity in 7 of 8)" \
	    "$(awk -v b="$booked" -v a="$all" 'BEGIN { printf "%.2f", 100 - 100 * b / a }')" \
	    12.5 "%"
else
	echo "# sqlite3 not installed: no precision and recall"
fi

# Linear: every line fits one agreement.
same() {	# same N FILE
	awk -v N="$1" -v POOL="$POOL" "$GEN_AWK$MATCH_AWK"'
	BEGIN {
		morgs(); magr(1, 1)
		d = dnum(2026, 12, 23)
		printf "%s", camt_head("SAME-" N, POOL, 0, d, N * AC, d)
		for (i = 0; i < N; i++)
			print camt_entry(AC, d, "S" i, OIBAN[1], ONAME[1],
			    "AOW december " AID, "E2E-S" i)
		print "</Stmt></BkToCstmrStmt></Document>"
	}' >"$2"
}
same "$NS" "$B/same.xml"
same "$((4 * NS))" "$B/same4.xml"
copy_store "$B/base.db" "$B/same.db"
measure same hb-import -d "$B/same.db" -q "$B/same.xml"
ok same || exit 1
copy_store "$B/base.db" "$B/same4.db"
measure same4 hb-import -d "$B/same4.db" -q "$B/same4.xml"
ok same4 || exit 1
echo "MEASURED $(thousands "$NS") lines of one agreement: ${T_same} s;" \
    "$(thousands "$((4 * NS))"): ${T_same4} s"
target "4x the lines of one agreement: times the time" \
    "$(ratio "$T_same4" "$T_same")" 6.0 x "(linear 4, quadratic 16)"
bench_done
