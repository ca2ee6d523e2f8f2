# tests/camt.sh - write small CAMT.053.001.02 statements in tests.
#
#	camt_begin FILE ACCOUNT STMT-ID OPENING OPEN-DATE CLOSING CLOSE-DATE
#	camt_entry FILE AMOUNT CRDT|DBIT DATE REF COUNTER-IBAN NAME TEXT [E2E]
#	camt_end FILE
#
# Amounts are unsigned with a dot; a balance may start with '-' (debit).
# REF may be empty for an entry without AcctSvcrRef; E2E, when given, is
# the transaction's EndToEndId.

camt_bal() {
	case $2 in
	-*) amt=${2#-} ind=DBIT ;;
	*) amt=$2 ind=CRDT ;;
	esac
	printf '<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n' \
	    "$1" "$amt" "$ind" "$3"
}

camt_begin() {
	{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>\n'
	printf '<GrpHdr><MsgId>%s</MsgId><CreDtTm>2026-11-01T06:00:00</CreDtTm></GrpHdr>\n' "$3"
	printf '<Stmt><Id>%s</Id><CreDtTm>2026-11-01T06:00:00</CreDtTm>\n' "$3"
	printf '<Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>\n' "$2"
	camt_bal OPBD "$4" "$5"
	camt_bal CLBD "$6" "$7"
	} >"$1"
}

camt_entry() {
	if [ "$3" = CRDT ]; then party=Dbtr; else party=Cdtr; fi
	{
	printf '<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts>BOOK</Sts>' "$2" "$3"
	printf '<BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt>' "$4" "$4"
	[ -n "$5" ] && printf '<AcctSvcrRef>%s</AcctSvcrRef>' "$5"
	printf '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>'
	printf '<NtryDtls><TxDtls>'
	[ -n "${9:-}" ] && printf '<Refs><EndToEndId>%s</EndToEndId></Refs>' "$9"
	printf '<RltdPties><%s><Nm>%s</Nm></%s>' "$party" "$7" "$party"
	printf '<%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct></RltdPties>' "$party" "$6" "$party"
	printf '<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n' "$8"
	} >>"$1"
}

camt_end() {
	printf '</Stmt></BkToCstmrStmt></Document>\n' >>"$1"
}
