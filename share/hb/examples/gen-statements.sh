#!/bin/sh
# gen-statements.sh -- write the example CAMT.053.001.02 bank statements of
# "Gemeente Voorbeeldstad" (see municipality.csv and README.md).
#
# usage: gen-statements.sh [DIR]
#
# Writes camt053-<IBAN>-2026-MM.xml for September, October and November
# 2026 into DIR (default: the directory this script is in): the pooled
# account (households HB-000001 and HB-000002) and the managed account of
# HB-000003.  The output is deterministic: running it again gives the same
# bytes, so bank references stay stable.
#
# POSIX sh and awk only.  All money is kept in integer cents.
#
# Calendar used:
#  - income: on its schedule day, moved to the next bank working day when
#    that day is a weekend or TARGET2 holiday;
#  - payouts: executed on the last bank working day *before* the due date
#    (SEPA credit transfer, D+1), so rent due on the 1st is booked on the
#    last working day of the month before and is on the landlord's account
#    on the 1st; weekly leefgeld due on Monday is booked on the Friday.
#
# Deliberate irregularities (the test cases the data is for):
#  - HB-000002's bijstand top-up of October arrives 5 days late (20 Oct
#    instead of 15 Oct);
#  - HB-000002's November salary is 3.25 above the agreement (within its
#    10.00 margin);
#  - on 9 Oct the leefgeld of HB-000001 and HB-000002 is paid as one batch
#    entry (one Ntry, two TxDtls).

set -eu

case $0 in
*/*) here=${0%/*} ;;
*) here=. ;;
esac
dir=${1:-$here}
if [ ! -d "$dir" ]; then
	echo "gen-statements.sh: $dir: not a directory" >&2
	exit 1
fi

awk -v outdir="$dir" '
function dnum(y, m, d,    era, yoe, doy, doe) {
	# days since 1970-01-01 (proleptic Gregorian), integer arithmetic
	if (m <= 2) y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(n,    z, era, doe, yoe, y, doy, mp, d, m) {
	# sets CY, CM, CD from a day number
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
function dutch(n) { civil(n); return sprintf("%02d-%02d-%04d", CD, CM, CY) }
function wday(n) { return (n + 4) % 7 }		# 0 Sunday .. 6 Saturday
function workday(n) {
	return wday(n) != 0 && wday(n) != 6 && !(n in HOLIDAY)
}
function next_wd(n) { while (!workday(n)) n++; return n }
function prev_wd(n) { n--; while (!workday(n)) n--; return n }
function lastday(y, m) {
	if (m == 12) return 31
	return dnum(y, m + 1, 1) - dnum(y, m, 1)
}
function money(c) {
	# c is a whole number of cents; no division that could round
	if (c < 0) c = -c
	return sprintf("%d.%02d", (c - c % 100) / 100, c % 100)
}
function xml(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	return s
}
function bic(iban,    b) {
	b = substr(iban, 5, 4)
	return BIC[b]
}
function expand(t, due, cover,    s) {
	s = t
	gsub(/%M%/, MONTHNAME[cover % 100] " " int(cover / 100), s)
	gsub(/%D%/, dutch(due), s)
	return s
}

BEGIN {
	FS = ";"
	split("januari februari maart april mei juni juli augustus september oktober november december", MONTHNAME, " ")
	BIC["INGB"] = "INGBNL2A"; BIC["RABO"] = "RABONL2U"
	BIC["ABNA"] = "ABNANL2A"; BIC["BNGH"] = "BNGHNL2G"
	BIC["SNSB"] = "SNSBNL2A"; BIC["ASNB"] = "ASNBNL21"
	BIC["TRIO"] = "TRIONL2U"
	# TARGET2 closing days 2026 (none falls in Sep-Nov, kept for reuse)
	HOLIDAY[dnum(2026, 1, 1)]; HOLIDAY[dnum(2026, 4, 3)]
	HOLIDAY[dnum(2026, 4, 6)]; HOLIDAY[dnum(2026, 5, 1)]
	HOLIDAY[dnum(2026, 12, 25)]; HOLIDAY[dnum(2026, 12, 26)]
	FIRST = dnum(2026, 9, 1); LAST = dnum(2026, 11, 30)
	nacct = 0; nag = 0
}

/^#/ || NF == 0 { next }

$1 == "acct" {
	# acct;key;IBAN;holder;opening cents on 2026-09-01
	nacct++
	ACCT[nacct] = $2; AIBAN[$2] = $3; AHOLDER[$2] = $4; BAL[$2] = $5 + 0
	next
}
$1 == "ag" {
	# ag;key;account;household;in|out;priority;schedule;cover;cents;
	#    counterparty name;counterparty IBAN;e2e prefix;description
	nag++
	K[nag] = $2; A[nag] = $3; HH[nag] = $4; DIR[nag] = $5; PRIO[nag] = $6
	SCHED[nag] = $7; COVER[nag] = $8 + 0; CENTS[nag] = $9 + 0
	CPNAME[nag] = $10; CPIBAN[nag] = $11; E2E[nag] = $12; TEXT[nag] = $13
	next
}
$1 == "late" { LATE[$2 SUBSEP $3] = $4 + 0; next }	# late;key;YYYY-MM;days
$1 == "amount" { AMOUNT[$2 SUBSEP $3] = $4 + 0; next }	# amount;key;YYYY-MM;cents
$1 == "batch" { BATCH[$2 SUBSEP $3] = $4; next }	# batch;key;YYYY-MM-DD;batch id
{ print "gen-statements.sh: bad data line " NR ": " $0 > "/dev/stderr"; bad = 1; exit 1 }

function add_entry(i, due, book, cents, cover,    n) {
	n = ++NE
	EA[n] = A[i]; EI[n] = i; EDUE[n] = due; EBOOK[n] = book
	ECENTS[n] = cents
	EDESC[n] = expand(TEXT[i], due, cover)
	civil(book)
	EMON[n] = CM
	if (DIR[i] == "in")
		EE2E[n] = E2E[i] compact(book)
	else if (SCHED[i] ~ /^weekly:/)
		EE2E[n] = E2E[i] compact(due)
	else {
		civil(due)
		EE2E[n] = E2E[i] sprintf("%04d%02d", CY, CM)
	}
	EBATCH[n] = ""
	if ((K[i] SUBSEP iso(book)) in BATCH)
		EBATCH[n] = BATCH[K[i] SUBSEP iso(book)]
	# sort key: date, credits first, priority, agreement order
	ESORT[n] = sprintf("%06d%d%02d%03d", book, DIR[i] == "in" ? 0 : 1, PRIO[i], i)
}

function occurrences(i,    m, d, due) {
	if (SCHED[i] ~ /^monthly:/) {
		d = substr(SCHED[i], 9) + 0
		for (m = 8; m <= 12; m++) {
			due = dnum(2026, m, d > lastday(2026, m) ? lastday(2026, m) : d)
			process(i, due)
		}
	} else if (SCHED[i] == "weekly:mon") {
		for (due = dnum(2026, 8, 24); due <= dnum(2026, 12, 14); due++)
			if (wday(due) == 1)
				process(i, due)
	} else {
		print "gen-statements.sh: unsupported schedule " SCHED[i] > "/dev/stderr"
		bad = 1; exit 1
	}
}

function process(i, due,    book, key, dy, dm, cover, cents) {
	civil(due)
	dy = CY; dm = CM
	key = sprintf("%04d-%02d", dy, dm)
	if (DIR[i] == "in") {
		book = due
		if ((K[i] SUBSEP key) in LATE)
			book += LATE[K[i] SUBSEP key]
		book = next_wd(book)
	} else
		book = prev_wd(due)
	if (book < FIRST || book > LAST)
		return
	# month covered: the due month, shifted by COVER months
	cover = dy * 12 + (dm - 1) + COVER[i]
	cover = int(cover / 12) * 100 + cover % 12 + 1
	cents = CENTS[i]
	civil(book)
	if ((K[i] SUBSEP sprintf("%04d-%02d", CY, CM)) in AMOUNT)
		cents = AMOUNT[K[i] SUBSEP sprintf("%04d-%02d", CY, CM)]
	add_entry(i, due, book, cents, cover)
}

function btc(cdt, ind) {
	p(ind "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>" (cdt ? "RCDT" : "ICDT") "</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>")
}

function statement(a, mon,    file, n, j, k, t, cnt, ids, nids, cr, db, ncr, ndb, opening, closing, first, last, from, to, cre) {
	first = dnum(2026, mon, 1); last = dnum(2026, mon, lastday(2026, mon))
	# entries of this account and month, sorted
	nids = 0
	for (n = 1; n <= NE; n++)
		if (EA[n] == a && EMON[n] == mon)
			ids[++nids] = n
	for (j = 2; j <= nids; j++) {
		t = ids[j]
		for (k = j - 1; k >= 1 && ESORT[ids[k]] > ESORT[t]; k--)
			ids[k + 1] = ids[k]
		ids[k + 1] = t
	}
	# group batch members into one Ntry (first member carries the entry)
	cnt = 0; cr = 0; db = 0; ncr = 0; ndb = 0
	for (j = 1; j <= nids; j++) {
		n = ids[j]
		if (EBATCH[n] != "" && (EBATCH[n] in SEEN)) {
			NTRYAMT[SEEN[EBATCH[n]]] += ECENTS[n]
			MEMBERS[SEEN[EBATCH[n]]] = MEMBERS[SEEN[EBATCH[n]]] " " n
			continue
		}
		NTRY[++cnt] = n
		NTRYAMT[cnt] = ECENTS[n]
		MEMBERS[cnt] = n
		if (EBATCH[n] != "")
			SEEN[EBATCH[n]] = cnt
	}
	for (j = 1; j <= cnt; j++) {
		if (DIR[EI[NTRY[j]]] == "in") { cr += NTRYAMT[j]; ncr++ }
		else { db += NTRYAMT[j]; ndb++ }
	}
	opening = BAL[a]
	closing = opening + cr - db
	BAL[a] = closing

	file = outdir "/camt053-" AIBAN[a] "-" sprintf("2026-%02d", mon) ".xml"
	# summer time ends on 25 Oct 2026
	cre = iso(last + 1) "T06:15:00" (mon == 9 ? "+02:00" : "+01:00")
	from = iso(first) "T00:00:00" (mon <= 10 ? "+02:00" : "+01:00")
	to = iso(last) "T23:59:59" (mon == 9 ? "+02:00" : "+01:00")
	body(a, mon, file, opening, closing, cr, db, ncr, ndb, cnt, first, last, cre, from, to)
	close(file)
	for (k in SEEN) delete SEEN[k]
	printf "%s  OPBD %s  CLBD %s  (%d entries)\n", file, (opening < 0 ? "-" : "") money(opening), (closing < 0 ? "-" : "") money(closing), cnt
}

function p(s) { print s > OUT }

function body(a, mon, out, opening, closing, cr, db, ncr, ndb, cnt, first, last, cre, from, to,    j, n, m, nm, mem, i, seq, ref, net) {
	OUT = out
	p("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
	p("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
	p("  <BkToCstmrStmt>")
	p("    <GrpHdr>")
	p("      <MsgId>CAMT053-" AIBAN[a] "-" sprintf("2026%02d", mon) "</MsgId>")
	p("      <CreDtTm>" cre "</CreDtTm>")
	p("      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>")
	p("    </GrpHdr>")
	p("    <Stmt>")
	p("      <Id>" AIBAN[a] "-" sprintf("2026-%02d", mon) "</Id>")
	p("      <ElctrncSeqNb>" mon "</ElctrncSeqNb>")
	p("      <CreDtTm>" cre "</CreDtTm>")
	p("      <FrToDt><FrDtTm>" from "</FrDtTm><ToDtTm>" to "</ToDtTm></FrToDt>")
	p("      <Acct>")
	p("        <Id><IBAN>" AIBAN[a] "</IBAN></Id>")
	p("        <Ccy>EUR</Ccy>")
	p("        <Nm>" xml(AHOLDER[a]) "</Nm>")
	p("        <Svcr><FinInstnId><BIC>" bic(AIBAN[a]) "</BIC></FinInstnId></Svcr>")
	p("      </Acct>")
	balp("OPBD", opening, first)
	balp("CLBD", closing, last)
	net = cr - db
	p("      <TxsSummry>")
	p("        <TtlNtries><NbOfNtries>" cnt "</NbOfNtries><Sum>" money(cr + db) "</Sum><TtlNetNtryAmt>" money(net) "</TtlNetNtryAmt><CdtDbtInd>" (net < 0 ? "DBIT" : "CRDT") "</CdtDbtInd></TtlNtries>")
	p("        <TtlCdtNtries><NbOfNtries>" ncr "</NbOfNtries><Sum>" money(cr) "</Sum></TtlCdtNtries>")
	p("        <TtlDbtNtries><NbOfNtries>" ndb "</NbOfNtries><Sum>" money(db) "</Sum></TtlDbtNtries>")
	p("      </TxsSummry>")
	seq = 0
	for (j = 1; j <= cnt; j++) {
		n = NTRY[j]
		i = EI[n]
		seq++
		ref = substr(AIBAN[a], 15, 4) compact(EBOOK[n]) sprintf("%04d", seq)
		nm = split(MEMBERS[j], mem, " ")
		p("      <Ntry>")
		p("        <Amt Ccy=\"EUR\">" money(NTRYAMT[j]) "</Amt>")
		p("        <CdtDbtInd>" (DIR[i] == "in" ? "CRDT" : "DBIT") "</CdtDbtInd>")
		p("        <Sts>BOOK</Sts>")
		p("        <BookgDt><Dt>" iso(EBOOK[n]) "</Dt></BookgDt>")
		p("        <ValDt><Dt>" iso(EBOOK[n]) "</Dt></ValDt>")
		p("        <AcctSvcrRef>" ref "</AcctSvcrRef>")
		btc(DIR[i] == "in", "        ")
		p("        <NtryDtls>")
		if (nm > 1) {
			p("          <Btch>")
			p("            <PmtInfId>" EBATCH[n] "</PmtInfId>")
			p("            <NbOfTxs>" nm "</NbOfTxs>")
			p("            <TtlAmt Ccy=\"EUR\">" money(NTRYAMT[j]) "</TtlAmt>")
			p("            <CdtDbtInd>" (DIR[i] == "in" ? "CRDT" : "DBIT") "</CdtDbtInd>")
			p("          </Btch>")
		}
		for (m = 1; m <= nm; m++) {
			n = mem[m] + 0
			i = EI[n]
			p("          <TxDtls>")
			p("            <Refs>")
			if (nm > 1) p("              <PmtInfId>" EBATCH[n] "</PmtInfId>")
			p("              <EndToEndId>" EE2E[n] "</EndToEndId>")
			p("            </Refs>")
			p("            <AmtDtls><TxAmt><Amt Ccy=\"EUR\">" money(ECENTS[n]) "</Amt></TxAmt></AmtDtls>")
			btc(DIR[i] == "in", "            ")
			partyp(i, n)
			p("          </TxDtls>")
		}
		p("        </NtryDtls>")
		if (nm > 1)
			p("        <AddtlNtryInf>SEPA BATCH " EBATCH[mem[1] + 0] " " nm " POSTEN</AddtlNtryInf>")
		p("      </Ntry>")
	}
	p("    </Stmt>")
	p("  </BkToCstmrStmt>")
	p("</Document>")
}

function balp(tp, cents, day) {
	p("      <Bal>")
	p("        <Tp><CdOrPrtry><Cd>" tp "</Cd></CdOrPrtry></Tp>")
	p("        <Amt Ccy=\"EUR\">" money(cents) "</Amt>")
	p("        <CdtDbtInd>" (cents < 0 ? "DBIT" : "CRDT") "</CdtDbtInd>")
	p("        <Dt><Dt>" iso(day) "</Dt></Dt>")
	p("      </Bal>")
}

function partyp(i, n,    role) {
	role = DIR[i] == "in" ? "Dbtr" : "Cdtr"
	p("            <RltdPties>")
	p("              <" role "><Nm>" xml(CPNAME[i]) "</Nm></" role ">")
	p("              <" role "Acct><Id><IBAN>" CPIBAN[i] "</IBAN></Id></" role "Acct>")
	p("            </RltdPties>")
	if (bic(CPIBAN[i]) != "")
		p("            <RltdAgts><" role "Agt><FinInstnId><BIC>" bic(CPIBAN[i]) "</BIC></FinInstnId></" role "Agt></RltdAgts>")
	p("            <RmtInf><Ustrd>" xml(EDESC[n]) "</Ustrd></RmtInf>")
}

END {
	if (bad) exit 1
	for (j = 1; j <= nag; j++)
		occurrences(j)
	if (bad) exit 1
	for (j = 1; j <= nacct; j++)
		for (mon = 9; mon <= 11; mon++)
			statement(ACCT[j], mon)
}
' <<'DATA'
# Accounts: key;IBAN;holder;opening balance 2026-09-01 in cents.
# Pooled opening 1250.00 = HB-000001's share 1670.00 + HB-000002's share
# -420.00 (HB-000002's September rent, paid 31 Aug, came from her buffer).
acct;P;NL64BNGH0285126628;Gemeente Voorbeeldstad inz. Huishoudboekje;125000
acct;M;NL23BNGH0285126881;Gemeente Voorbeeldstad inz. Fam. Öztürk;23000
#
# Agreements (must match municipality.csv):
# ag;key;account;household;in|out;priority;schedule;cover;cents;counterparty;IBAN;EndToEndId prefix;description
# cover: months between the due date and the month named by %M%
# (toeslagen are paid on the 20th of the month before the month covered).
# Priority orders payouts booked on the same day (DOMAIN.md order).
#
# HB-000001, pooled account
ag;H1WW;P;HB-000001;in;0;monthly:22;0;141237;UWV;NL07INGB0003481127;UWVWW3381470-;UWV WW uitkering %M% klantnr 3381470
ag;H1HT;P;HB-000001;in;0;monthly:20;1;28700;BELASTINGDIENST/TOESLAGEN;NL86INGB0002445588;TSLHT830124771-;Huurtoeslag %M% kenmerk 8301.24.771
ag;H1ZT;P;HB-000001;in;0;monthly:20;1;12800;BELASTINGDIENST/TOESLAGEN;NL86INGB0002445588;TSLZT830124771-;Zorgtoeslag %M% kenmerk 8301.24.771
ag;H1HUUR;P;HB-000001;out;1;monthly:1;0;71260;Woonstede Voorbeeldstad;NL83RABO0317455214;HB000001-RENT-;Huurcontract 300218 huur %M% HB-000001
ag;H1ENER;P;HB-000001;out;2;monthly:18;0;13200;Stroomwijzer Energie;NL34INGB0006650213;HB000001-ENERGY-;Klantnr 55102981 termijnbedrag %M%
ag;H1WATER;P;HB-000001;out;2;monthly:25;0;2475;Waterbedrijf Midden;NL77ABNA0431927758;HB000001-WATER-;Debiteur 2210448 drinkwater %M%
ag;H1ZVW;P;HB-000001;out;3;monthly:1;0;15845;Zorgverzekeraar Gezond Samen;NL41RABO0381120368;HB000001-HEALTH-;Polis 118204773 premie %M%
ag;H1LEEF;P;HB-000001;out;4;weekly:mon;0;14000;M. de Vries;NL84ASNB0708412378;HB000001-LEEF-;Leefgeld HB-000001 week van %D%
#
# HB-000002, pooled account
ag;H2SAL;P;HB-000002;in;0;monthly:25;0;90510;BAKKERIJ VAN DAM BV;NL27RABO0156734206;VANDAM-SAL-10187-;Salaris %M% pers.nr 10187 Bakkerij Van Dam
ag;H2KGB;P;HB-000002;in;0;monthly:20;1;53000;BELASTINGDIENST/TOESLAGEN;NL86INGB0002445588;TSLKGB830131052-;Kindgebonden budget %M% kenmerk 8301.31.052
ag;H2KOT;P;HB-000002;in;0;monthly:20;1;61200;BELASTINGDIENST/TOESLAGEN;NL86INGB0002445588;TSLKOT830131052-;Kinderopvangtoeslag %M% kenmerk 8301.31.052
ag;H2PW;P;HB-000002;in;0;monthly:15;0;49383;GEMEENTE VOORBEELDSTAD;NL56BNGH0285047329;GVBS-PW20417-;Participatiewet aanvulling %M% dossier PW-20417
ag;H2HUUR;P;HB-000002;out;1;monthly:1;0;66890;Stichting Thuisvast;NL77ABNA0562318844;HB000002-RENT-;Huurnummer TV-88231 huur %M% HB-000002
ag;H2ENER;P;HB-000002;out;2;monthly:8;0;14900;Groene Kracht Energie;NL22INGB0007712094;HB000002-ENERGY-;Contract GK-4471902 termijn %M%
ag;H2WATER;P;HB-000002;out;2;monthly:25;0;2960;Waterbedrijf Midden;NL77ABNA0431927758;HB000002-WATER-;Debiteur 2231907 drinkwater %M%
ag;H2ZVW;P;HB-000002;out;3;monthly:1;0;15120;Zorgzaam Verzekerd;NL54INGB0005529018;HB000002-HEALTH-;Relatienr 60-338127 premie %M%
ag;H2LEEF;P;HB-000002;out;4;weekly:mon;0;19000;S. El Amrani;NL64SNSB0964158248;HB000002-LEEF-;Leefgeld HB-000002 week van %D%
ag;H2KO;P;HB-000002;out;5;monthly:28;1;70200;Kinderopvang Het Speelhuis;NL13TRIO0198245688;HB000002-OTHER-;Plaatsing KO-5530 opvang %M%
#
# HB-000003, managed account
ag;H3PW;M;HB-000003;in;0;monthly:27;0;189796;GEMEENTE VOORBEELDSTAD;NL94BNGH0285047906;GVBS-PW19862-;Participatiewet %M% dossier PW-19862
ag;H3ZT;M;HB-000003;in;0;monthly:20;1;24600;BELASTINGDIENST/TOESLAGEN;NL86INGB0002445588;TSLZT830118436-;Zorgtoeslag %M% kenmerk 8301.18.436
ag;H3HUUR;M;HB-000003;out;1;monthly:1;0;74230;Woonstede Voorbeeldstad;NL83RABO0317455214;HB000003-RENT-;Huurcontract 301577 huur %M% HB-000003
ag;H3ENER;M;HB-000003;out;2;monthly:28;0;16500;Stroomwijzer Energie;NL34INGB0006650213;HB000003-ENERGY-;Klantnr 55163310 termijnbedrag %M%
ag;H3WATER;M;HB-000003;out;2;monthly:25;0;3850;Waterbedrijf Midden;NL77ABNA0431927758;HB000003-WATER-;Debiteur 2207736 drinkwater %M%
ag;H3ZVW;M;HB-000003;out;3;monthly:1;0;29860;Zorgverzekeraar Gezond Samen;NL41RABO0381120368;HB000003-HEALTH-;Polis 118377150 premie %M%
ag;H3LEEF;M;HB-000003;out;4;monthly:1;0;72000;E. Ozturk en/of S. Ozturk-Verhoef;NL04TRIO0212876554;HB000003-LEEF-;Leefgeld HB-000003 %M%
ag;H3SR;M;HB-000003;out;7;monthly:5;0;6000;Kredietbank Voorbeeldstad;NL18BNGH0285093312;HB000003-REPAY-;Schuldregeling SR-2026-0117 termijn %M%
ag;H3VERR;M;HB-000003;out;7;monthly:5;0;4000;Belastingdienst/Toeslagen;NL86INGB0002445588;HB000003-OFFSET-;Terugvordering zorgtoeslag 2024 beschikking 2025-418207 termijn %M%
#
# Irregularities
late;H2PW;2026-10;5
amount;H2SAL;2026-11;90835
batch;H1LEEF;2026-10-09;HB-LEEF-20261012
batch;H2LEEF;2026-10-09;HB-LEEF-20261012
DATA
