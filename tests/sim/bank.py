"""The simulated bank: it writes statements in the formats Dutch banks use
and reads the SEPA credit transfer files (pain.001) it is asked to execute.

A statement is a dict: account, id, start, end (dates), opening (cents),
lines (list of Line), seq (a number per account).  Amounts are int cents
everywhere; only the writers turn them into text.
"""

import datetime
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape


class Line:
    """One bank line as the bank books it, with the truth the model keeps:
    which household (hh) and agreement (ag) it really belongs to."""

    def __init__(self, account, date, cents, cp_iban, cp_name, text, ref,
                 e2e='', hh=None, ag=None, what='', reversal=False,
                 batch=None, token=''):
        self.account, self.date, self.cents = account, date, cents
        self.cp_iban, self.cp_name, self.text = cp_iban, cp_name, text
        self.ref, self.e2e, self.hh, self.ag = ref, e2e, hh, ag
        self.what, self.reversal, self.batch = what, reversal, batch
        self.token = token or e2e or ref
        self.store_id = None        # the store's bank_line id once imported

    def __repr__(self):
        return '%s %s %s %s %s' % (self.account, self.date, money(self.cents),
                                   self.cp_name, self.text)


def money(cents, comma=False):
    s = '%d.%02d' % (abs(cents) // 100, abs(cents) % 100)
    if comma:
        s = s.replace('.', ',')
    return s


def bic(iban):
    return {'INGB': 'INGBNL2A', 'RABO': 'RABONL2U', 'ABNA': 'ABNANL2A',
            'BNGH': 'BNGHNL2G', 'SNSB': 'SNSBNL2A', 'ASNB': 'ASNBNL21',
            'TRIO': 'TRIONL2U'}.get(iban[4:8], 'NOTPROVIDED')


def closing(st):
    return st['opening'] + sum(l.cents for l in st['lines'])


# CAMT.053 ------------------------------------------------------------------

def camt(st, version):
    """CAMT.053.001.02 or .08.  Lines with the same batch id are one entry
    with several transactions, sharing the entry's AcctSvcrRef."""
    ns = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.' + version
    nm = (lambda n: '<Nm>%s</Nm>' % escape(n)) if version == '02' else \
        (lambda n: '<Pty><Nm>%s</Nm></Pty>' % escape(n))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Document xmlns="%s"><BkToCstmrStmt>' % ns,
           '<GrpHdr><MsgId>%s</MsgId><CreDtTm>%sT06:00:00</CreDtTm></GrpHdr>'
           % (st['id'], st['end'] + datetime.timedelta(days=1)),
           '<Stmt><Id>%s</Id>' % st['id'],
           '<Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>' % st['account']]
    for tp, amt, dt in (('OPBD', st['opening'], st['start']),
                        ('CLBD', closing(st), st['end'])):
        out.append('<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp>'
                   '<Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd>'
                   '<Dt><Dt>%s</Dt></Dt></Bal>'
                   % (tp, money(amt), 'DBIT' if amt < 0 else 'CRDT', dt))
    entries = []
    for l in st['lines']:
        if l.batch and entries and entries[-1][0].batch == l.batch:
            entries[-1].append(l)
        else:
            entries.append([l])
    for ent in entries:
        total = sum(l.cents for l in ent)
        first = ent[0]
        ind = 'DBIT' if total < 0 else 'CRDT'
        out.append('<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd>'
                   % (money(total), ind))
        if first.reversal:
            out.append('<RvslInd>true</RvslInd>')
        out.append('<Sts>BOOK</Sts>' if version == '02'
                   else '<Sts><Cd>BOOK</Cd></Sts>')
        out.append('<BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt>'
                   % (first.date, first.date))
        out.append('<AcctSvcrRef>%s</AcctSvcrRef>' % first.ref)
        out.append('<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>'
                   'ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>'
                   % ('ICDT' if total < 0 else 'RCDT'))
        if len(ent) > 1:
            out.append('<Btch><NbOfTxs>%d</NbOfTxs><TtlAmt Ccy="EUR">%s'
                       '</TtlAmt><CdtDbtInd>%s</CdtDbtInd></Btch>'
                       % (len(ent), money(total), ind))
        for l in ent:
            # hb reads the counterparty by the line's own direction,
            # reversals included (hb-import(1))
            party = 'Cdtr' if l.cents < 0 else 'Dbtr'
            out.append('<TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs>'
                       % (l.e2e or 'NOTPROVIDED'))
            out.append('<AmtDtls><TxAmt><Amt Ccy="EUR">%s</Amt></TxAmt>'
                       '</AmtDtls>' % money(l.cents))
            out.append('<RltdPties><%s>%s</%s><%sAcct><Id><IBAN>%s</IBAN></Id>'
                       '</%sAcct></RltdPties>' % (party, nm(l.cp_name), party,
                                                  party, l.cp_iban, party))
            out.append('<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls>'
                       % escape(l.text))
        out.append('</NtryDtls></Ntry>')
    out.append('</Stmt></BkToCstmrStmt></Document>')
    return '\n'.join(out) + '\n'


# MT940, ING dialect ----------------------------------------------------------

def mt940(st):
    def yymmdd(d):
        return d.strftime('%y%m%d')

    def bal(tag, amt, d):
        return ':%s:%s%sEUR%s' % (tag, 'D' if amt < 0 else 'C', yymmdd(d),
                                  money(amt, True))
    out = ['{1:F01INGBNL2ABXXX0000000000}{2:I940INGBNL2AXXXN}{4:',
           ':20:P%s%05d' % (yymmdd(st['end']), st['seq']),
           ':25:%sEUR' % st['account'],
           ':28C:%05d' % st['seq'],
           bal('60F', st['opening'], st['start'])]
    for l in st['lines']:
        if l.reversal:
            mark = 'RC' if l.cents < 0 else 'RD'
        else:
            mark = 'D' if l.cents < 0 else 'C'
        out.append(':61:%s%s%s%sNTRFEREF//%s' % (
            yymmdd(l.date), l.date.strftime('%m%d'), mark,
            money(l.cents, True), l.ref))
        out.append('/TRCD/00100/')
        info = '/EREF/%s//CNTP/%s/%s/%s/NEDERLAND///REMI/USTD//%s/' % (
            l.e2e or 'NOTPROVIDED', l.cp_iban, bic(l.cp_iban),
            l.cp_name.replace('/', ' '), l.text.replace('/', ' '))
        if l.batch:
            info += '/PREF/%s/' % l.batch
        chunks = [info[i:i + 65] for i in range(0, len(info), 65)]
        out.append(':86:' + chunks[0])
        out.extend(chunks[1:])
    out.append(bal('62F', closing(st), st['end']))
    out.append('-}')
    return '\r\n'.join(out) + '\r\n'


# Bank CSV exports --------------------------------------------------------------

def csvcell(s):
    return '"%s"' % s.replace('"', '""')


def ing_csv(st):
    """ING since 2020 (profile ing-11): newest line first, with the balance
    after each line."""
    rows, bal = [], st['opening']
    for l in st['lines']:
        bal += l.cents
        sign = '-' if bal < 0 else ''
        rows.append(';'.join(csvcell(c) for c in (
            l.date.strftime('%Y%m%d'), l.cp_name, l.account, l.cp_iban,
            'GT', 'Af' if l.cents < 0 else 'Bij', money(l.cents, True),
            'Online bankieren', 'Naam: %s Omschrijving: %s Kenmerk: %s' % (
                l.cp_name, l.text, l.e2e or 'NOTPROVIDED'),
            sign + money(bal, True), '')))
    head = ('"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";'
            '"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";'
            '"Saldo na mutatie";"Tag"')
    return '\r\n'.join([head] + rows[::-1]) + '\r\n'


def rabo_csv(st):
    """Rabobank since 2018: chronological, signed amounts, Volgnr."""
    rows, bal = [], st['opening']
    for l in st['lines']:
        bal += l.cents
        rows.append(','.join(csvcell(c) for c in (
            l.account, 'EUR', 'RABONL2U', l.ref, str(l.date), str(l.date),
            ('-' if l.cents < 0 else '+') + money(l.cents, True),
            ('-' if bal < 0 else '+') + money(bal, True), l.cp_iban,
            l.cp_name, '', '', bic(l.cp_iban), 'cb' if l.cents > 0 else 'tb',
            l.batch or '', l.e2e or 'NOTPROVIDED', '', '', '', l.text, '',
            '', '', '', '', '')))
    head = ('"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag",'
            '"Saldo na trn","Tegenrekening IBAN/BBAN","Naam tegenpartij",'
            '"Naam uiteindelijke partij","Naam initiërende partij",'
            '"BIC tegenpartij","Code","Batch ID","Transactiereferentie",'
            '"Machtigingskenmerk","Incassant ID","Betalingskenmerk",'
            '"Omschrijving-1","Omschrijving-2","Omschrijving-3","Reden retour",'
            '"Oorspr bedrag","Oorspr munt","Koers"')
    return '\r\n'.join([head] + rows) + '\r\n'


FORMATS = ('camt02', 'mt940', 'ing', 'camt08', 'rabo')
SUFFIX = {'camt02': 'xml', 'camt08': 'xml', 'mt940': 'sta', 'ing': 'csv',
          'rabo': 'csv'}


def write(st, fmt):
    if fmt == 'camt02':
        return camt(st, '02')
    if fmt == 'camt08':
        return camt(st, '08')
    if fmt == 'mt940':
        return mt940(st)
    if fmt == 'ing':
        return ing_csv(st)
    return rabo_csv(st)


# pain.001 --------------------------------------------------------------------

def read_pain(path):
    """The transfers of a pain.001.001.03 or .09 file: a list of dicts with
    debtor, exec (date), e2e, cents, creditor, creditor_name, remittance."""
    root = ET.parse(path).getroot()
    ns = root.tag[:root.tag.index('}') + 1]

    def find(el, p):
        return el.find('/'.join(ns + x for x in p.split('/')))

    def text(el, p):
        r = find(el, p)
        return r.text.strip() if r is not None and r.text else ''
    out = []
    for pmt in root.iter(ns + 'PmtInf'):
        ex = find(pmt, 'ReqdExctnDt')
        d = ex.text.strip() if ex.text and ex.text.strip() else \
            text(ex, 'Dt')
        debtor = text(pmt, 'DbtrAcct/Id/IBAN')
        block = text(pmt, 'PmtInfId')
        for tx in pmt.findall(ns + 'CdtTrfTxInf'):
            amt = text(tx, 'Amt/InstdAmt')
            euros, _, cents = amt.partition('.')
            out.append({
                'debtor': debtor, 'block': block,
                'exec': datetime.date.fromisoformat(d),
                'e2e': text(tx, 'PmtId/EndToEndId'),
                'cents': int(euros) * 100 + int((cents + '00')[:2]),
                'creditor': text(tx, 'CdtrAcct/Id/IBAN'),
                'creditor_name': text(tx, 'Cdtr/Nm'),
                'remittance': text(tx, 'RmtInf/Ustrd')})
    return out
