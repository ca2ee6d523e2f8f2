# tests/bench/gen.sh - shared by the benchmarks: setup, timing, and the
# deterministic data generators (awk, fixed seeds: the same files every
# run).  Sourced by import.sh and plan.sh; run on its own it does nothing.
#
#	. "$bench_dir/gen.sh"
#	bench_init NAME		temp dir $B, PATH, HB_SHAREDIR, GNU time
#	gen_intake N FILE	bulk-intake CSV: N households, 8 agreements each
#	gen_lines NH NLINES csv|camt FILE [MSGID]	bank lines to import
#	gen_month NH FROM TO FILE OPENING	a month of history (CAMT, or
#				rows for load_history with GEN_SQL=1)
#	load_history DB ROWS FROM TO OPENING CLOSING	history via sqlite3
#	measure LABEL cmd ...	T_LABEL wall s, C_LABEL CPU s, M_LABEL peak
#				RSS KiB, S_LABEL status; $B/LABEL.out, .err
#	best LABEL N cmd ...	the fastest of N runs (for references)
#	best_fresh LABEL N SRC DST cmd ...	the same, each on a fresh
#				copy of a store
#	target NAME VALUE LIMIT UNIT [NOTE]	PASS/FAIL line (VALUE <= LIMIT)
#	bench_done		the summary; fails when a target was missed
#
# The store of every benchmark is one municipality: organisations, a
# pooled account (kind pooled, the policy's managed account) and N
# households HB-000001 ... with an own account and these 8 agreements
# (amounts, days and search terms vary per household h; every search term
# is the household's own, so a line fits one household best):
#
#	1 benefit	Gemeente Voorbeeldstad	monthly:20-25	PW-hhhhhh
#	2 toeslag	Belastingdienst		monthly:20	TS-hhhhhh
#	3 salary (h even, one of 5 employers, monthly:25, SAL-hhhhhh) or
#	  benefit (h odd, UWV, monthly:22, WW-hhhhhh)
#	4 rent		one of 6 landlords	monthly:1	HC-hhhhhh
#	5 energy	one of 4 suppliers	monthly:8-17	EN-hhhhhh
#	6 water		one of 2 companies	monthly:25	W-hhhhhh
#	  (every tenth household instead: repayment of a debt settlement
#	  to the Kredietbank, monthly:5, SR-hhhhhh, claim of 36 months,
#	  creditor's notice of the protected income 1400.00)
#	7 health_insurance one of 4 insurers	monthly:5-7	POL-hhhhhh
#	8 leefgeld	the household's own	weekly:fri	LG-hhhhhh
#
# (25 organisations.)  Organisations share one IBAN across all their
# households, as on a real pooled account: the benefit of every household
# comes from the same municipal IBAN, which is what makes matching work.

[ -n "${BENCH_GEN_LOADED:-}" ] && return 0 2>/dev/null
case ${0##*/} in gen.sh) exit 0 ;; esac
BENCH_GEN_LOADED=1

POOL=NL64BNGH0285126628		# policy.managed_account in policy.tsv

bench_init() {
	set -u
	BENCH_NAME=$1
	if [ -z "${top_srcdir:-}" ]; then
		case $0 in
		*/*) top_srcdir=$(cd "${0%/*}/../.." && pwd) ;;
		*) top_srcdir=$(cd ../.. && pwd) ;;
		esac
	fi
	: "${top_builddir:=$top_srcdir}"
	top_srcdir=$(cd "$top_srcdir" && pwd)
	top_builddir=$(cd "$top_builddir" && pwd)
	export top_srcdir top_builddir
	PATH=$top_builddir:$PATH
	HB_SHAREDIR=$top_srcdir/share/hb
	LC_ALL=C
	TZ=UTC
	export PATH HB_SHAREDIR LC_ALL TZ
	unset HB_DB XDG_DATA_HOME
	for c in hb-household hb-import hb-plan; do
		[ -x "$top_builddir/$c" ] || {
			echo "$BENCH_NAME: $top_builddir/$c not built: run make" >&2
			exit 1; }
	done
	SQLITE3=${SQLITE3:-$(command -v sqlite3 || true)}
	B=$(mktemp -d "${TMPDIR:-/tmp}/hb-bench.XXXXXX")
	export B
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "# data kept in $B"
	else
		trap 'rm -rf "$B"' EXIT
	fi
	trap 'exit 130' INT TERM
	nfail=0
	npass=0
	if /usr/bin/time -f '%e %M' -o "$B/.t" true 2>/dev/null; then
		GNU_TIME=/usr/bin/time
	else
		GNU_TIME=
		echo "# GNU time (/usr/bin/time) is missing: no peak memory;" \
		    "install it with 'apt-get install -y time'"
	fi
	# commands that run longer than this are stopped and count as missed
	BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
	echo "# $BENCH_NAME: $(uname -sm), $(nproc 2>/dev/null || echo ?) CPUs," \
	    "load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)," \
	    "sqlite3 $("${SQLITE3:-false}" --version 2>/dev/null | cut -d' ' -f1)," \
	    "data in $B"
	echo "# hb: $(git -C "$top_srcdir" describe --always --dirty 2>/dev/null ||
	    echo unknown), built $(date -u -r "$top_builddir/hb-import" \
	    '+%Y-%m-%d %H:%M UTC' 2>/dev/null)"
}

now_ns() { date +%s%N; }

# measure LABEL cmd ...: wall time (T_LABEL, seconds, 3 decimals), CPU
# time user + system (C_LABEL, s), peak RSS (M_LABEL, KiB) and exit status
# (S_LABEL); stdout and stderr go to $B/LABEL.out and $B/LABEL.err.  A
# command that exceeds $BENCH_TIMEOUT is killed and gets status 124.
measure() {
	_l=$1
	shift
	rm -f "$B/$_l.time"
	_t0=$(now_ns)
	if [ -n "$GNU_TIME" ]; then
		"$GNU_TIME" -f '%e %M %U %S' -o "$B/$_l.time" \
		    timeout "$BENCH_TIMEOUT" "$@" >"$B/$_l.out" 2>"$B/$_l.err"
	else
		timeout "$BENCH_TIMEOUT" "$@" >"$B/$_l.out" 2>"$B/$_l.err"
	fi
	_s=$?
	_t1=$(now_ns)
	_t=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	_m=0 _c=$_t
	if [ -n "$GNU_TIME" ] && [ -s "$B/$_l.time" ]; then
		# the last line: GNU time puts "Command exited ..." before it
		_m=$(awk 'END { print $2 + 0 }' "$B/$_l.time")
		_c=$(awk 'END { printf "%.2f", $3 + $4 }' "$B/$_l.time")
	fi
	eval "T_$_l=\$_t M_$_l=\$_m S_$_l=\$_s C_$_l=\$_c"
	if [ "$_s" -eq 124 ]; then
		echo "# $_l: stopped after ${BENCH_TIMEOUT}s (BENCH_TIMEOUT)"
	fi
	return 0
}

# best LABEL N cmd ...: the fastest of N runs of a command without side
# effects (a reference)
best() {
	_bl=$1 _bn=$2
	shift 2
	_bt=
	_bi=0
	while [ "$_bi" -lt "$_bn" ]; do
		measure "$_bl" "$@"
		eval "_x=\$T_$_bl"
		_bt=$(awk -v a="$_bt" -v b="$_x" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
		_bi=$((_bi + 1))
	done
	eval "T_$_bl=\$_bt"
}

# best_fresh LABEL N SRC DST cmd ...: the fastest of N runs of a command
# that changes a store, each on a fresh copy of SRC at DST (T_ and C_ of
# the fastest run, the largest M_, the status and output of the last)
best_fresh() {
	_fl=$1 _fn=$2 _fs=$3 _fd=$4
	shift 4
	_fi=0 _ft= _fc= _fm=0
	while [ "$_fi" -lt "$_fn" ]; do
		copy_store "$_fs" "$_fd"
		measure "$_fl" "$@"
		eval "_x=\$T_$_fl _y=\$C_$_fl _z=\$M_$_fl _s=\$S_$_fl"
		[ "$_s" -eq 0 ] || [ "$_s" -eq 3 ] || break
		if [ -z "$_ft" ] || awk -v a="$_x" -v b="$_ft" 'BEGIN { exit !(a + 0 < b + 0) }'; then
			_ft=$_x _fc=$_y
		fi
		[ "$_z" -gt "$_fm" ] && _fm=$_z
		_fi=$((_fi + 1))
	done
	[ -n "$_ft" ] && eval "T_$_fl=\$_ft C_$_fl=\$_fc M_$_fl=\$_fm"
	return 0
}

# ok LABEL [allowed statuses]: the measured command succeeded (hb-import
# and hb-plan exit 3 when something needs a person: that is success)
ok() {
	eval "_s=\$S_$1"
	case " ${2:-0 3} " in
	*" $_s "*) return 0 ;;
	esac
	echo "# $1 failed with status $_s:"
	sed 's/^/#   /' "$B/$1.err" | head -n 5
	return 1
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 <= 0) b = 0.001; printf "%.1f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# scale T N M: T seconds for N items, estimated for M items
scale() { awk -v t="$1" -v n="$2" -v m="$3" 'BEGIN { if (n + 0 <= 0) n = 1; printf "%.1f", t * m / n }'; }
# feasible SECONDS: a run estimated to take this long may be started
feasible() {
	[ -n "${BENCH_FULL:-}" ] ||
	    awk -v e="$1" -v t="$BENCH_TIMEOUT" 'BEGIN { exit !(e + 0 <= t + 0) }'
}
# thousands 1234567 -> 1,234,567
thousands() { printf '%s' "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }
info() { printf 'INFO  %s\n' "$*"; }

# summary LABEL: the counts in hb-import -o tsv output (its second line):
# L_lines L_new L_dup L_matched L_unmatched L_signals
summary() {
	eval "$(awk -F '\t' -v l="$1" 'NR == 2 { printf "%s_lines=%d %s_new=%d %s_dup=%d %s_matched=%d %s_unmatched=%d %s_signals=%d\n", l, $4, l, $5, l, $6, l, $7, l, $8, l, $9 }' "$B/$1.out")"
}

# target NAME VALUE LIMIT UNIT [NOTE]: one PASS/FAIL line, VALUE <= LIMIT
target() {
	if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v + 0 <= l + 0) }'; then
		_r=PASS
		npass=$((npass + 1))
	else
		_r=FAIL
		nfail=$((nfail + 1))
	fi
	printf '%s  %-56s %9s %-2s (target <= %s)%s\n' "$_r" "$1" "$2" "$4" \
	    "$3" "${5:+ $5}"
}

# a target that could not be measured (a failed command, or a run not
# started because its estimate is beyond BENCH_TIMEOUT)
target_missed() {
	printf 'FAIL  %-56s %9s    (%s)\n' "$1" "-" "$2"
	nfail=$((nfail + 1))
}

bench_done() {
	echo "# $BENCH_NAME: $npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}

# copy_store SRC DST: a copy whose pages are on disk, so that the first
# commit measured does not pay for writing them (sync)
copy_store() {
	cp "$1" "$2" && { [ ! -e "$1.key" ] || cp "$1.key" "$2.key"; } && sync
}

# new_store FILE: an empty store (parameters and policy loaded)
new_store() {
	rm -f "$1" "$1-wal" "$1-shm" "$1-journal" "$1-reads"
	HB_DB=$1 hb-household -q init
}

# The awk library every generator starts with.
GEN_AWK='
function dnum(y, m, d,    era, yoe, doy, doe) {
	if (m <= 2) y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(n,    z, era, doe, yoe, y, doy, mp, d, m) {
	z = n + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2) y++
	CY = y; CM = m; CD = d
}
function iso(n) { civil(n); return sprintf("%04d-%02d-%02d", CY, CM, CD) }
function compact(n) { civil(n); return sprintf("%04d%02d%02d", CY, CM, CD) }
function parse_iso(s) { return dnum(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) }
function wday(n) { return (n + 4) % 7 }		# 0 Sunday .. 6 Saturday
function workday(n) { return wday(n) != 0 && wday(n) != 6 }
function next_wd(n) { while (!workday(n)) n++; return n }
function prev_wd(n) { n--; while (!workday(n)) n--; return n }
function lastday(y, m) { return m == 12 ? 31 : dnum(y, m + 1, 1) - dnum(y, m, 1) }
# money: whole cents to 1234.56 (dot) or 1234,56 (comma); mawk printf %d
# stops at 2^31, so the euros go through %.0f
function money(c, sep,    s) {
	s = c < 0 ? "-" : ""
	if (c < 0) c = -c
	return sprintf("%s%.0f%s%02d", s, (c - c % 100) / 100, sep, c % 100)
}
# a valid Dutch IBAN (mod 97) for a bank code and an account number
function iban(bank, num,    s, i, c, r, bban) {
	bban = bank sprintf("%010.0f", num)
	s = bban "NL00"
	r = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c ~ /[A-Z]/)
			r = (r * 100 + index("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c) + 9) % 97
		else
			r = (r * 10 + c) % 97
	}
	return sprintf("NL%02d%s", 98 - r, bban)
}
function hcode(h) { return sprintf("HB-%06d", h) }
function orgs(    i) {
	NORG = 0
	org("Gemeente Voorbeeldstad", "municipality", "BNGH")	# 1
	org("Belastingdienst/Toeslagen", "benefit_agency", "INGB")	# 2
	org("UWV", "benefit_agency", "INGB")			# 3
	for (i = 1; i <= 5; i++)				# 4-8
		org("Werkgever " i " B.V.", "employer", "RABO")
	for (i = 1; i <= 6; i++)				# 9-14
		org("Woningcorporatie " i, "landlord", "ABNA")
	for (i = 1; i <= 4; i++)				# 15-18
		org("Energieleverancier " i, "energy", "INGB")
	for (i = 1; i <= 2; i++)				# 19-20
		org("Waterbedrijf " i, "water", "ABNA")
	for (i = 1; i <= 4; i++)				# 21-24
		org("Zorgverzekeraar " i, "insurer", "RABO")
	org("Kredietbank Voorbeeldstad", "creditor", "BNGH")	# 25
}
function org(name, kind, bank) {
	NORG++
	ONAME[NORG] = name; OKIND[NORG] = kind
	OIBAN[NORG] = iban(bank, 9100000000 + NORG * 7919)
}
function own_iban(h) { return iban("ASNB", 7000000000 + h) }
# agreement k (1-8) of household h: sets AK (kind), AO (organisation
# index, 0 for none), AIBAN, AC (cents), ADIR (in/out), ASCHED, ADAY
# (day of month; weekly: 5 = Friday), ATERM (search term), ATEXT (what a
# bank line says), AMARGIN
function agr(h, k) {
	AMARGIN = ""
	if (k == 1) {
		AK = "benefit"; AO = 1; AC = 110000 + (h * 7919) % 60000
		ADIR = "in"; ADAY = 20 + h % 6; ATERM = sprintf("PW-%06d", h)
		ATEXT = "Participatiewet uitkering " ATERM
	} else if (k == 2) {
		AK = "toeslag"; AO = 2; AC = 9000 + (h * 31) % 6000
		ADIR = "in"; ADAY = 20; ATERM = sprintf("TS-%06d", h)
		ATEXT = "Zorgtoeslag " ATERM
	} else if (k == 3 && h % 2 == 0) {
		AK = "salary"; AO = 4 + h % 5; AC = 50000 + (h * 13) % 40000
		ADIR = "in"; ADAY = 25; ATERM = sprintf("SAL-%06d", h)
		ATEXT = "Salaris " ATERM; AMARGIN = "10.00"
	} else if (k == 3) {
		AK = "benefit"; AO = 3; AC = 60000 + (h * 17) % 40000
		ADIR = "in"; ADAY = 22; ATERM = sprintf("WW-%06d", h)
		ATEXT = "WW-uitkering " ATERM
	} else if (k == 4) {
		AK = "rent"; AO = 9 + h % 6; AC = 55000 + (h * 17) % 25000
		ADIR = "out"; ADAY = 1; ATERM = sprintf("HC-%06d", h)
		ATEXT = "Huur " ATERM
	} else if (k == 5) {
		AK = "energy"; AO = 15 + h % 4; AC = 9000 + (h * 23) % 9000
		ADIR = "out"; ADAY = 8 + h % 10; ATERM = sprintf("EN-%06d", h)
		ATEXT = "Termijnbedrag " ATERM
	} else if (k == 6 && h % 10 == 0) {
		AK = "repayment"; AO = 25; AC = 4000 + (h * 7) % 4000
		ADIR = "out"; ADAY = 5; ATERM = sprintf("SR-%06d", h)
		ATEXT = "Schuldregeling " ATERM
	} else if (k == 6) {
		AK = "water"; AO = 19 + h % 2; AC = 2000 + (h * 11) % 2000
		ADIR = "out"; ADAY = 25; ATERM = sprintf("W-%06d", h)
		ATEXT = "Drinkwater " ATERM
	} else if (k == 7) {
		AK = "health_insurance"; AO = 21 + h % 4
		AC = 13000 + (h * 29) % 3000
		ADIR = "out"; ADAY = 5 + h % 3; ATERM = sprintf("POL-%06d", h)
		ATEXT = "Premie zorgverzekering " ATERM
	} else {
		AK = "leefgeld"; AO = 0; AC = 5000 + (h * 3) % 4000
		ADIR = "out"; ADAY = 5; ATERM = sprintf("LG-%06d", h)
		ATEXT = "Leefgeld " ATERM " " hcode(h)
	}
	ASCHED = k == 8 ? "weekly:fri" : "monthly:" ADAY
	AIBAN = AO ? OIBAN[AO] : own_iban(h)
	ANAME = AO ? ONAME[AO] : sprintf("Huishouden %06d", h)
}
# the due dates of agreement (h, k) from day a to day b: sets NDUE, DUE[]
function dues(a, b,    y, m, d, n) {
	NDUE = 0
	if (ASCHED == "weekly:fri") {
		for (d = a; d <= b; d++)
			if (wday(d) == 5)
				DUE[++NDUE] = d
		return
	}
	civil(a); y = CY; m = CM
	for (;;) {
		n = dnum(y, m, ADAY > lastday(y, m) ? lastday(y, m) : ADAY)
		if (n > b)
			break
		if (n >= a)
			DUE[++NDUE] = n
		if (++m == 13) { m = 1; y++ }
	}
}
# when the bank books a payment due on day d: income on the working day
# on or after, a payout the working day before (SEPA, D+1)
function booked(d) { return ADIR == "in" ? next_wd(d) : prev_wd(d) }
function xml(s) {
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	return s
}
function camt_bal(code, c, d) {
	return sprintf("<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>", code, money(c < 0 ? -c : c, "."), c < 0 ? "DBIT" : "CRDT", iso(d))
}
function camt_head(msgid, acct, opening, from, closing, to) {
	return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>\n" \
	    "<GrpHdr><MsgId>" msgid "</MsgId><CreDtTm>" iso(to + 1) "T06:00:00</CreDtTm></GrpHdr>\n" \
	    "<Stmt><Id>STMT-" acct "-" compact(from) "-" compact(to) "</Id><CreDtTm>" iso(to + 1) "T06:00:00</CreDtTm>\n" \
	    "<Acct><Id><IBAN>" acct "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" \
	    camt_bal("OPBD", opening, from) "\n" camt_bal("CLBD", closing, to) "\n"
}
function camt_entry(c, d, ref, cpiban, cpname, text, e2e,    party) {
	party = c > 0 ? "Dbtr" : "Cdtr"
	return sprintf("<Ntry><Amt Ccy=\"EUR\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs><RltdPties><%s><Nm>%s</Nm></%s><%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct></RltdPties><RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>", money(c < 0 ? -c : c, "."), c < 0 ? "DBIT" : "CRDT", iso(d), iso(d), ref, c < 0 ? "ICDT" : "RCDT", e2e, party, xml(cpname), party, party, cpiban, party, xml(text))
}
'

# gen_intake N FILE: the bulk-intake CSV of the municipality
gen_intake() {
	awk -v N="$1" -v POOL="$POOL" "$GEN_AWK"'
	BEGIN {
		orgs()
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
			printf "household,%s,Huishouden %06d,single,1,0,1500.00,cw%02d,2026-01-01,,,,,,,,,,,,,,,,,\n",
			    hcode(h), h, h % 40
			printf "account,%s,,,,,,,,own,,%s,Huishouden %06d,,,,,,,,,,,,,\n",
			    hcode(h), own_iban(h), h
			for (k = 1; k <= 8; k++) {
				agr(h, k)
				if (AK == "repayment")
					taking = sprintf("Wgs art. 3,Schuldregeling %s,%s", ATERM, money(AC * 36, "."))
				else
					taking = ",,"
				printf "agreement,%s,,,,,,,,%s,%s,%s,,%s,%s,2026-01-01,,%s,%s,%s,,%s,%s,%s\n",
				    hcode(h), AK, AO ? ONAME[AO] : "", AIBAN,
				    money(AC, "."), ASCHED, ATERM,
				    (k >= 4 ? "Ref " ATERM : ""), AMARGIN,
				    taking, ATEXT,
				    (AK == "repayment" ? "1400.00" : "")
			}
		}
	}' >"$2"
}

# gen_lines NH NLINES FORMAT FILE [MSGID]: NLINES bank lines on the pooled
# account for NH households, as an ING 9-column CSV (FORMAT csv, newest
# first) or one CAMT.053.001.02 statement (FORMAT camt, opening + lines =
# closing).  Line i is agreement (i / NH) % 8 + 1 of household i % NH + 1
# in month 2026-01 + i / (8 NH); one line in 10 is from an unknown
# counterparty; one in 7 is a little off the agreed amount (inside the
# margin), one in 13 is 8% off (outside it); one in 5 names only the
# household code, not the search term.  GEN_UNKNOWN=n: one line in n is
# from an unknown counterparty (1: all of them, so nothing matches).
# GEN_STRIDE=s: only every s-th of those lines (a sample of the file with
# the same mix, for a probe).
gen_lines() {
	awk -v NH="$1" -v NL="$2" -v FMT="$3" -v POOL="$POOL" \
	    -v MSGID="${5:-BENCH-1}" -v UNK="${GEN_UNKNOWN:-10}" \
	    -v STRIDE="${GEN_STRIDE:-1}" "$GEN_AWK"'
	BEGIN {
		orgs()
		srand(20261101)
		sum = 0; first = -1; last = -1
		for (i = 0; i < NL; i += STRIDE) {
			h = i % NH + 1
			k = int(i / NH) % 8 + 1
			mon = int(i / (NH * 8))
			y = 2026 + int(mon / 12); m = mon % 12 + 1
			agr(h, k)
			dues(dnum(y, m, 1), dnum(y, m, lastday(y, m)))
			due = DUE[1 + i % NDUE]
			d = booked(due)
			c = AC
			cpiban = AIBAN; cpname = ANAME; text = ATEXT
			unknown = i % UNK == UNK - 1
			if (unknown) {
				cpiban = iban("RABO", 3000000000 + int(rand() * 1000))
				cpname = sprintf("Winkel %d", int(rand() * 1000))
				text = sprintf("Betaling %d", int(rand() * 1000000))
				c = 100 + int(rand() * 20000)
			} else if (i % 13 == 5)
				c = int(AC * 1.08)
			else if (i % 7 == 3)
				c = AC + 1 + i % 400
			else if (i % 5 == 2)
				text = "Betaling " hcode(h)
			if (ADIR == "out" && !unknown || unknown && i % 2)
				c = -c
			sum += c
			if (first == -1 || d < first) first = d
			if (d > last) last = d
			ref = sprintf("%s%08d", compact(d), i + 1)
			if (FMT == "csv")
				printf "%s\t\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"\n",
				    compact(d) sprintf("%08d", i), compact(d),
				    cpname, POOL, cpiban, c < 0 ? "OV" : "GT",
				    c < 0 ? "Af" : "Bij", money(c < 0 ? -c : c, ","),
				    "Overschrijving", "Naam: " cpname " Omschrijving: " text " IBAN: " cpiban
			else
				printf "%s\t%s\n", compact(d) sprintf("%08d", i),
				    camt_entry(c, d, ref, cpiban, cpname, text, "E2E-" ref)
		}
		if (FMT != "csv") {
			opening = 100000000
			printf "%s", camt_head(MSGID, POOL, opening, first, opening + sum, last) > (ENVIRON["B"] "/.head")
		}
	}' >"$B/.lines"
	if [ "$3" = csv ]; then
		{
		echo '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"'
		sort -r -t '	' -k1,1 "$B/.lines" | cut -f2-
		} >"$4"
	else
		{
		cat "$B/.head"
		sort -t '	' -k1,1 "$B/.lines" | cut -f2-
		echo '</Stmt></BkToCstmrStmt></Document>'
		} >"$4"
	fi
	rm -f "$B/.lines" "$B/.head"
}

# gen_month NH FROM TO FILE OPENING: the pooled account's statement from
# day FROM to day TO (YYYY-MM-DD) with every household's income and
# payouts booked in that period whose due date is before CUTOFF (default:
# no limit); prints the closing balance in cents and the number of lines.
# Amounts are the agreed ones, so every line matches its agreement.
# GEN_STRIDE=s keeps only every s-th line (a probe); GEN_SQL=1 writes
# tab-separated rows for load_history instead of CAMT.
gen_month() {
	awk -v NH="$1" -v FROM="$2" -v TO="$3" -v OPENING="$5" \
	    -v CUTOFF="${CUTOFF:-9999-12-31}" -v POOL="$POOL" \
	    -v STRIDE="${GEN_STRIDE:-1}" -v SQL="${GEN_SQL:-0}" "$GEN_AWK"'
	BEGIN {
		orgs()
		a = parse_iso(FROM); b = parse_iso(TO); cut = parse_iso(CUTOFF)
		sum = 0; n = 0; seq = 0
		out = ENVIRON["B"] "/.lines"
		for (h = 1; h <= NH; h++)
			for (k = 1; k <= 8; k++) {
				agr(h, k)
				dues(a - 7, b + 7)
				for (j = 1; j <= NDUE; j++) {
					d = booked(DUE[j])
					if (d < a || d > b || DUE[j] >= cut)
						continue
					if (seq++ % STRIDE != 0)
						continue
					c = ADIR == "out" ? -AC : AC
					sum += c
					n++
					ref = sprintf("H%s%07d%d%02d", compact(d), h, k, j)
					key = compact(d) sprintf("%07d%d%02d", h, k, j)
					if (SQL)
						printf "%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
						    key, iso(d), c, AIBAN, ANAME, ATEXT,
						    ref, "E2E-" ref, hcode(h), ATERM,
						    iso(DUE[j]) > out
					else
						printf "%s\t%s\n", key,
						    camt_entry(c, d, ref, AIBAN, ANAME, ATEXT, "E2E-" ref) > out
				}
			}
		if (!SQL)
			printf "%s", camt_head("HIST-" FROM, POOL, OPENING, a, OPENING + sum, b) > (ENVIRON["B"] "/.head")
		printf "%.0f %d\n", OPENING + sum, n
	}' >"$B/.closing"
	if [ "${GEN_SQL:-0}" = 1 ]; then
		sort -t '	' -k1,1 "$B/.lines" | cut -f2- >"$4"
	else
		{
		cat "$B/.head"
		sort -t '	' -k1,1 "$B/.lines" | cut -f2-
		echo '</Stmt></BkToCstmrStmt></Document>'
		} >"$4"
	fi
	rm -f "$B/.lines" "$B/.head"
	cat "$B/.closing"
}

# load_history STORE FILE FROM TO OPENING CLOSING: put the rows of a
# GEN_SQL=1 gen_month into the store with sqlite3, as hb-import would have
# left them (an import, a reconciled statement, bank lines with the bank's
# reference as dedup key, each booked to its agreement with its due date).
# Only for when importing them with hb-import would take too long.
load_history() {
	"$SQLITE3" -batch "$1" <<EOF
CREATE TEMP TABLE hist (booking_date TEXT, cents INTEGER, counter_iban TEXT,
    counter_name TEXT, description TEXT, bank_ref TEXT, end_to_end TEXT,
    code TEXT, term TEXT, due TEXT);
.mode tabs
.import '$2' hist
BEGIN;
INSERT INTO import (file_name, file_hash, format, at, actor, forced,
    statements, lines, new_lines, matched)
    SELECT '$2', 'bench-history-$3', 'camt.053.001.02',
    '$3T00:00:00.000Z', 'bench', 0, 1, count(*), count(*), count(*)
    FROM temp.hist;
INSERT INTO statement (import_id, account_id, bank_id, opening, closing,
    opening_date, closing_date, lines, reconciled)
    SELECT last_insert_rowid(), a.id, 'STMT-$POOL-' || replace('$3', '-', '') ||
    '-' || replace('$4', '-', ''), $5, $6, '$3', '$4',
    (SELECT count(*) FROM temp.hist), 1 FROM account a WHERE a.iban = '$POOL';
INSERT INTO bank_line (account_id, statement_id, booking_date, value_date,
    cents, counter_iban, counter_name, description, bank_ref, end_to_end,
    reversal, return_reason, dedup_key, src_line)
    SELECT s.account_id, s.id, t.booking_date, t.booking_date, t.cents,
    t.counter_iban, t.counter_name, t.description, t.bank_ref, t.end_to_end,
    0, NULL, 'ref:$POOL:' || t.bank_ref, t.rowid
    FROM temp.hist t, statement s WHERE s.id = (SELECT max(id) FROM statement)
    ORDER BY t.rowid;
INSERT INTO line_match (line_id, household_id, agreement_id, expected_date,
    score, method, reason, actor, at)
    SELECT l.id, h.id, a.id, t.due, 100, 'auto', 'bench history: ' || t.term,
    'bench', '$3T00:00:00.000Z'
    FROM temp.hist t JOIN bank_line l ON l.dedup_key = 'ref:$POOL:' || t.bank_ref
    JOIN household h ON h.code = t.code
    JOIN agreement a ON a.household_id = h.id AND a.search = t.term
    ORDER BY l.id;
COMMIT;
EOF
}
