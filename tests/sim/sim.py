#!/usr/bin/env python3
"""A municipality's year with hb, checked against a model of the truth.

    sim.py [-s SEED[,SEED...]] [-n HOUSEHOLDS] [-m MONTHS] [-k DIR]
           [--todo N,...]

Generates households on the pooled account and on managed accounts of
their own, registers them with hb-household intake, and then lives the
months: every four days the bank delivers each account's statement
(CAMT.053 .02/.08, MT940, ING or Rabobank CSV, in turn), the municipality
imports them, a caseworker books by hand what nobody could match, the
months are planned, advisory decisions are sometimes approved, the due
payouts are exported, and the bank executes the pain.001 files into the
next statements.  The model knows which household every line belongs to;
the store is read with the sqlite3 module, read-only, and hb's own output
as JSON.  The result is TAP, one test point per invariant (see README).
"""

import argparse
import calendar
import collections
import datetime
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True        # the source tree may be read-only
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bank  # noqa: E402
from bank import Line  # noqa: E402

D = datetime.date
DAY = datetime.timedelta(days=1)
POOL = 'NL64BNGH0285126628'        # policy.managed_account in policy.tsv
STEP = 4                           # days between two runs of the batch
TAKING = ('repayment', 'offset', 'collection')
MAAND = ('januari februari maart april mei juni juli augustus september '
         'oktober november december').split()

INVARIANTS = {
    1: 'every line of every statement is stored exactly once',
    2: "each household's balance equals the sum of its lines",
    3: 'every booked line is booked to the right household, and an '
       'exported payout is reconciled with its own bank line',
    4: 'at least 90% of the lines are booked automatically',
    5: 'every due payout is planned once and exported at most once',
    6: 'no export debits an account other than the registered managed or '
       'pooled account of the payout\'s household',
    7: 'no taking is paid against income that has not arrived',
    8: 'the batch never aborts and every household has a plan each month',
}


# The calendar ---------------------------------------------------------------

def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    n = h + l - 7 * m + 114
    return D(y, n // 31, n % 31 + 1)


def bank_day(d):
    """TARGET2: Monday to Friday, except 1 January, Good Friday, Easter
    Monday, 1 May, 25 and 26 December."""
    e = easter(d.year)
    return d.weekday() < 5 and d not in (
        D(d.year, 1, 1), e - 2 * DAY, e + DAY, D(d.year, 5, 1),
        D(d.year, 12, 25), D(d.year, 12, 26))


def next_bank_day(d):
    while not bank_day(d):
        d += DAY
    return d


def month_of(d):
    return '%04d-%02d' % (d.year, d.month)


def month_days(m):
    y, mo = int(m[:4]), int(m[5:])
    return [D(y, mo, i) for i in range(1, calendar.monthrange(y, mo)[1] + 1)]


def add_months(m, n):
    y, mo = int(m[:4]), int(m[5:]) - 1 + n
    return '%04d-%02d' % (y + mo // 12, mo % 12 + 1)


def due_dates(ag, m):
    kind, arg = ag['schedule'].split(':')
    days = month_days(m)
    if kind == 'monthly':
        return [days[min(int(arg), len(days)) - 1]]
    return [d for d in days if d.weekday() == 0]        # weekly:mon


# The municipality ------------------------------------------------------------

def iban(rng, bankcode):
    acct = '%010d' % rng.randrange(10 ** 9, 10 ** 10)
    digits = ''.join(str(int(c, 36)) for c in bankcode + acct + 'NL00')
    return 'NL%02d%s%s' % (98 - int(digits) % 97, bankcode, acct)


ORGS = [  # name, kind, bank, name on statements
    ('SVB', 'benefit_agency', 'INGB', 'SVB'),
    ('UWV', 'benefit_agency', 'INGB', 'UWV'),
    ('Belastingdienst/Toeslagen', 'benefit_agency', 'INGB',
     'Belastingdienst Toeslagen'),
    ('Gemeente Voorbeeldstad', 'municipality', 'BNGH', 'Gemeente Voorbeeldstad'),
    ('Bakkerij Van Dam B.V.', 'employer', 'RABO', 'Bakkerij Van Dam B.V.'),
    ('Woonstede Voorbeeldstad', 'landlord', 'RABO', 'Woonstede Voorbeeldstad'),
    ('Stichting Thuisvast', 'landlord', 'ABNA', 'Stichting Thuisvast'),
    ('Portaal Wonen', 'landlord', 'INGB', 'Portaal Wonen'),
    ('Stroomwijzer Energie', 'energy', 'INGB', 'Stroomwijzer Energie'),
    ('Groene Kracht Energie', 'energy', 'INGB', 'Groene Kracht Energie'),
    ('Waterbedrijf Midden', 'water', 'ABNA', 'Waterbedrijf Midden'),
    ('Zorgverzekeraar Gezond Samen', 'insurer', 'RABO', 'Gezond Samen'),
    ('Zorgzaam Verzekerd', 'insurer', 'INGB', 'Zorgzaam Verzekerd'),
    ('Kredietbank Voorbeeldstad', 'creditor', 'BNGH', 'Kredietbank Voorbeeldstad'),
]
FIRST = 'Jan Piet Fatima Mohamed Anna Sanne Emre Kees Ilse Noor Daan Lotte'.split()
LAST = ('de Vries|Jansen|El Amrani|Yilmaz|Bakker|Visser|Smit|Meijer|de Boer|'
        'Mulder|Bos|Vos|Peters|Hendriks|Dekker').split('|')


class World:
    """Households, accounts, organisations and agreements: what is
    registered, and the model's view of it."""

    def __init__(self, seed, n, start):
        rng = self.rng = random.Random(seed)
        self.start = start                 # first simulated month, YYYY-MM
        self.orgs = {o[0]: dict(name=o[0], kind=o[1], iban=iban(rng, o[2]),
                                stmt_name=o[3]) for o in ORGS}
        self.households, self.agreements = [], []
        used = set()

        def uniq(fmt, lo, hi):
            while True:
                n = rng.randrange(lo, hi)
                v = fmt % (divmod(n, 1000) if fmt.count('%') == 2 else n)
                if v not in used:
                    used.add(v)
                    return v
        for i in range(1, n + 1):
            code = 'HB-%06d' % i
            comp = rng.choice(['single', 'single', 'single_parent', 'couple'])
            hh = dict(code=code, composition=comp,
                      name='%s %s' % (rng.choice(FIRST), rng.choice(LAST)),
                      children=1 if comp == 'single_parent' else 0,
                      managed=iban(rng, 'BNGH') if rng.random() < 0.3 else None,
                      own=iban(rng, rng.choice(['ASNB', 'SNSB', 'INGB', 'TRIO'])))
            hh['account'] = hh['managed'] or POOL
            self.households.append(hh)
            couple = comp == 'couple'

            def ag(kind, org, amount, schedule, search, reference='', margin=5):
                a = dict(hh=code, kind=kind, org=org, amount=amount,
                         schedule=schedule, search=search, reference=reference,
                         margin=margin, n=len(self.agreements),
                         dir='in' if kind in ('salary', 'benefit', 'toeslag')
                         else 'out')
                a['iban'] = hh['own'] if kind == 'leefgeld' else \
                    self.orgs[org]['iban']
                a['remittance'] = reference or kind
                self.agreements.append(a)
                return a
            # income: one main income with a dossier number, the same amounts
            # for many households, and allowances with generic terms
            r = rng.random()
            if r < 0.5:
                dossier = uniq('PW-%05d', 10000, 99999)
                main = ag('benefit', 'Gemeente Voorbeeldstad',
                          199800 if couple else 139800, 'monthly:27',
                          'participatiewet|' + dossier)
            elif r < 0.7:
                dossier = uniq('WW-%07d', 1000000, 9999999)
                main = ag('benefit', 'UWV', rng.choice([121517, 134000, 141237]),
                          'monthly:22', 'uwv|' + dossier)
            elif r < 0.85:
                dossier = uniq('AOW-R%06d', 100000, 999999)
                main = ag('benefit', 'SVB', 145260, 'monthly:23',
                          'aow|' + dossier)
            else:
                dossier = uniq('PNR-%04d', 1000, 9999)
                main = ag('salary', 'Bakkerij Van Dam B.V.',
                          rng.randrange(90000, 130000), 'monthly:25',
                          'salaris|' + dossier, margin=10)
            main['dossier'] = dossier
            toeslagnr = uniq('8301.%02d.%03d', 0, 100000)
            z = ag('toeslag', 'Belastingdienst/Toeslagen',
                   24800 if couple else 13100, 'monthly:20',
                   'zorgtoeslag|' + toeslagnr)
            z['dossier'] = toeslagnr
            if rng.random() < 0.6:
                # never the zorgtoeslag's amount: the same payer, kind,
                # amount and schedule twice is refused as a double entry
                amount = rng.randrange(150, 420) * 100
                if amount == z['amount']:
                    amount += 100
                h = ag('toeslag', 'Belastingdienst/Toeslagen',
                       amount, 'monthly:20',
                       'huurtoeslag|' + toeslagnr)
                h['dossier'] = toeslagnr
            # payouts, each with a payment reference of its own
            landlord = rng.choice(['Woonstede Voorbeeldstad',
                                   'Stichting Thuisvast', 'Portaal Wonen'])
            contract = uniq('%06d', 100000, 999999)
            ag('rent', landlord, rng.randrange(55000, 78000), 'monthly:1',
               'huur|' + contract, 'Huurcontract ' + contract, 0)
            klant = uniq('%08d', 10 ** 7, 10 ** 8)
            ag('energy', rng.choice(['Stroomwijzer Energie',
                                     'Groene Kracht Energie']),
               rng.randrange(90, 180) * 100, 'monthly:%d' % rng.randrange(5, 28),
               'termijn|' + klant, 'Klantnr ' + klant)
            deb = uniq('%07d', 10 ** 6, 10 ** 7)
            ag('water', 'Waterbedrijf Midden', rng.randrange(2000, 4000),
               'monthly:25', 'water|' + deb, 'Debiteur ' + deb)
            polis = uniq('%09d', 10 ** 8, 10 ** 9)
            ag('health_insurance', rng.choice(['Zorgverzekeraar Gezond Samen',
                                               'Zorgzaam Verzekerd']),
               rng.randrange(14000, 16500) * (2 if couple else 1), 'monthly:1',
               'premie|' + polis, 'Polis ' + polis, 0)
            ag('leefgeld', None, rng.randrange(50, 90) * 100, 'weekly:mon',
               'leefgeld|' + code, 'Leefgeld ' + code, 0)
            if rng.random() < 0.25:
                sr = uniq('SR-2026-%04d', 1000, 9999)
                t = ag('repayment', 'Kredietbank Voorbeeldstad',
                       rng.randrange(25, 60) * 100,
                       'monthly:%d' % rng.choice([5, 28]),
                       'schuldregeling|' + sr, 'Schuldregeling ' + sr, 0)
                t['claim'] = 'Minnelijke schuldregeling dossier ' + sr
        self.by_hh = collections.defaultdict(list)
        for a in self.agreements:
            self.by_hh[a['hh']].append(a)
        self.hh = {h['code']: h for h in self.households}
        self.by_remittance = {(a['iban'], a['remittance']): a
                              for a in self.agreements if a['dir'] == 'out'}

    def intake_csv(self):
        cols = ('record,household,name,composition,children,caseworker,start,'
                'kind,organisation,iban,holder,amount,schedule,valid_from,'
                'search,reference,amount_margin,day_margin,legal_basis,claim,'
                'claim_total').split(',')
        rows = [cols]

        def row(**kw):
            rows.append([str(kw.get(c, '')) for c in cols])
        for o in self.orgs.values():
            row(record='organisation', name=o['name'], kind=o['kind'],
                iban=o['iban'])
        row(record='account', kind='pooled', iban=POOL,
            holder='Gemeente Voorbeeldstad inz. Huishoudboekje')
        begin = D(int(self.start[:4]), int(self.start[5:]), 1) - 31 * DAY
        for h in self.households:
            row(record='household', household=h['code'], name=h['name'],
                composition=h['composition'], children=h['children'],
                caseworker='sim', start=begin)
            if h['managed']:
                row(record='account', household=h['code'], kind='managed',
                    iban=h['managed'], holder='Gemeente inz. ' + h['name'])
            row(record='account', household=h['code'], kind='own',
                iban=h['own'], holder=h['name'])
        for a in self.agreements:
            extra = {}
            if a['kind'] in TAKING:
                extra = dict(legal_basis='Wgs art. 3', claim=a['claim'],
                             claim_total='5000.00')
            row(record='agreement', household=a['hh'], kind=a['kind'],
                organisation=a['org'] or '', iban=a['iban'],
                amount=bank.money(a['amount']), schedule=a['schedule'],
                valid_from=begin, search=a['search'], reference=a['reference'],
                amount_margin=bank.money(a['margin'] * 100), day_margin=3,
                **extra)

        def cell(v):
            return '"%s"' % v.replace('"', '""') if any(
                c in v for c in ',"\n') else v
        return ''.join(','.join(cell(v) for v in r) + '\n' for r in rows)


# The simulation -----------------------------------------------------------------

class Failures:
    def __init__(self):
        self.seen = collections.defaultdict(list)

    def add(self, inv, msg):
        self.seen[inv].append(msg)


class Sim:
    def __init__(self, seed, n, months, workdir, fails, log):
        self.seed, self.n, self.months = seed, n, months
        self.world = World(seed, n, '2027-01')
        self.rng = random.Random(seed * 7919 + 1)
        self.sim_months = [add_months('2027-01', i) for i in range(months)]
        self.dir = workdir
        self.db = os.path.join(workdir, 'hb.db')
        self.fails, self.log = fails, log
        self.env = dict(os.environ, HB_DB=self.db, LC_ALL='C', TZ='UTC')
        self.pending = collections.defaultdict(list)   # account -> lines
        self.seq = collections.Counter()               # statements per account
        self.refno = 0
        self.balance = collections.Counter()           # account -> cents
        self.stmt_start = {}                           # account -> next start
        self.held_files = []                           # refused, try later
        self.withheld = {}                             # cycle -> statements
        self.lines = []                                # every line imported
        self.created_for = collections.defaultdict(list)  # hh -> lines
        self.by_store_id = {}
        self.e2e_seen = {}
        self.paid = {}                                 # (agreement, due) -> e2e
        self.taken = collections.Counter()             # (hh, month) -> cents
        self.files_seen = set()
        self.plan_run = True                           # hb-plan knows 'run'
        self.wrong = {}                                # store id -> message
        self.bad_balance = set()
        self.counts = collections.Counter()
        self.norms = self.read_norms()

    # running hb -------------------------------------------------------------

    def hb(self, today, *args):
        env = dict(self.env, HB_NOW=str(today))
        p = subprocess.run(args, env=env, cwd=self.dir, capture_output=True,
                           text=True)
        self.counts['commands'] += 1
        return p.returncode, p.stdout, p.stderr

    def store(self):
        c = sqlite3.connect('file:%s?mode=ro' % self.db, uri=True)
        c.row_factory = sqlite3.Row
        return c

    def read_norms(self):
        norms = collections.defaultdict(list)
        path = os.path.join(os.environ.get('HB_SHAREDIR', 'share/hb'),
                            'parameters.tsv')
        with open(path, encoding='utf-8') as f:
            for ln in f:
                p = ln.rstrip('\n').split('\t')
                if p[0] in ('norm.single', 'norm.couple'):
                    euros, _, cents = p[2].partition('.')
                    norms[p[0]].append((D.fromisoformat(p[1]),
                                        int(euros) * 100 + int(cents)))
        return norms

    def norm(self, hh, day):
        name = 'norm.couple' if self.world.hh[hh]['composition'] == 'couple' \
            else 'norm.single'
        return max((v for v in self.norms[name] if v[0] <= day))[1]

    # the bank ---------------------------------------------------------------

    def ref(self):
        self.refno += 1
        return '%018d' % (self.seed * 10 ** 9 + self.refno)

    def add_line(self, **kw):
        l = Line(ref=self.ref(), **kw)
        self.pending[l.account].append(l)
        self.created_for[l.hh].append(l)
        return l

    def schedule_income(self):
        """Every income of every month, with the ugly parts: late (into the
        next month, sometimes), missing, 18% short, and a duplicate payment
        that the payer reverses."""
        rng = self.rng
        months = ['2026-12'] + self.sim_months
        for a in self.world.agreements:
            if a['dir'] != 'in':
                continue
            h = self.world.hh[a['hh']]
            org = self.world.orgs[a['org']]
            for m in months:
                for due in due_dates(a, m):
                    r = rng.random()
                    day, cents = next_bank_day(due), a['amount']
                    if r < 0.015:
                        self.counts['income missing'] += 1
                        continue
                    if r < 0.045:
                        day = next_bank_day(day + rng.randrange(6, 10) * DAY)
                        self.counts['income late'] += 1
                    elif r < 0.06:
                        cents = cents * 82 // 100
                        self.counts['income 18% short'] += 1
                    token = 'KM%08X' % rng.randrange(16 ** 8)
                    mon = '%s %d' % (MAAND[due.month - 1], due.year)
                    if rng.random() < 0.06:          # no dossier number
                        text = 'Uitkering %s kenmerk %s' % (mon, token)
                    else:
                        text = '%s %s %s kenmerk %s' % (
                            a['search'].split('|')[0].capitalize(),
                            a['dossier'], mon, token)
                    self.add_line(account=h['account'], date=day, cents=cents,
                                  cp_iban=org['iban'], cp_name=org['stmt_name'],
                                  text=text, hh=a['hh'], ag=a['n'],
                                  what='income', token=token)
                    if m != '2026-12' and r > 0.995:
                        self.counts['reversals'] += 1
                        t2 = 'KM%08X' % rng.randrange(16 ** 8)
                        self.add_line(account=h['account'], date=day,
                                      cents=cents, cp_iban=org['iban'],
                                      cp_name=org['stmt_name'],
                                      text=text.replace(token, t2), hh=a['hh'],
                                      ag=a['n'], what='income', token=t2)
                        back = next_bank_day(day + 2 * DAY)
                        r = self.add_line(account=h['account'], date=back,
                                          cents=-cents, cp_iban=org['iban'],
                                          cp_name=org['stmt_name'],
                                          text='Storno ' +
                                          text.replace(token, t2),
                                          hh=a['hh'], what='reversal',
                                          reversal=True, token=t2)
                        r.reverses = a['kind']

    def statements(self, today, cycle):
        """Each account's statement up to yesterday, in the next format of
        the rotation; in some cycles one statement is withheld and comes
        two runs later."""
        files = []
        accounts = [POOL] + [h['managed'] for h in self.world.households
                             if h['managed']]
        withhold = None
        if cycle % 8 == 5:                       # about once a month
            withhold = self.rng.choice(accounts)
        for i, acct in enumerate(accounts):
            start = self.stmt_start.get(acct, D(2026, 12, 1))
            end = today - DAY
            if end < start:
                continue
            lines = sorted((l for l in self.pending[acct] if l.date <= end),
                           key=lambda l: l.date)
            self.pending[acct] = [l for l in self.pending[acct]
                                  if l.date > end]
            self.seq[acct] += 1
            st = dict(account=acct, start=start, end=end, seq=self.seq[acct],
                      opening=self.balance[acct], lines=lines,
                      id='%s-%s' % (acct, end))
            self.balance[acct] = bank.closing(st)
            self.stmt_start[acct] = today
            fmt = bank.FORMATS[(i + self.seq[acct]) % len(bank.FORMATS)]
            if not lines and fmt in ('ing', 'rabo'):
                fmt = 'camt02'                    # an empty CSV has no balance
            name = os.path.join(self.dir, 'in', '%s-%s-%03d.%s' % (
                acct, end, self.seq[acct], bank.SUFFIX[fmt]))
            with open(name, 'w', encoding='utf-8', newline='') as f:
                f.write(bank.write(st, fmt))
            st['file'] = name
            if acct == withhold:
                self.counts['statements withheld'] += 1
                self.withheld.setdefault(cycle + 2, []).append(st)
            else:
                files.append(st)
        return self.withheld.pop(cycle, []) + files

    # a day of the municipality --------------------------------------------

    def import_statements(self, today, sts):
        todo = sorted(self.held_files + sts, key=lambda s: (s['start'],
                                                            s['account']))
        self.held_files = []
        while todo:
            rc, out, err = self.hb(today, 'hb-import', '-q',
                                   *[s['file'] for s in todo])
            if rc in (0, 3):
                break
            bad = [s for s in todo if os.path.basename(s['file']) in err]
            if rc != 1 or not bad:
                self.fails.add(1, 'seed %d, %s: hb-import exit %d: %s' % (
                    self.seed, today, rc, err.strip()[:300]))
                self.held_files = todo
                return
            # the operator takes out the statement that does not follow on
            # and imports the rest; it is tried again next time
            self.counts['statements refused (gap)'] += 1
            self.held_files += bad[:1]
            todo = [s for s in todo if s is not bad[0]]
        for s in todo:
            self.lines += s['lines']
        self.map_lines(today, todo)

    def map_lines(self, today, sts):
        """Pair the store's new lines with the model's, by account, date
        and amount, and the line's token where several fit."""
        want = collections.defaultdict(list)
        for s in sts:
            for l in s['lines']:
                want[(l.account, str(l.date), l.cents)].append(l)
        db = self.store()
        last = max(self.by_store_id) if self.by_store_id else 0
        for r in db.execute(
                'SELECT l.id, a.iban, l.booking_date, l.cents, l.description, '
                'l.end_to_end FROM bank_line l JOIN account a ON '
                'a.id = l.account_id WHERE l.id > ? ORDER BY l.id', (last,)):
            cands = want.get((r['iban'], r['booking_date'], r['cents']), [])
            text = (r['description'] or '').replace(' ', '') + \
                (r['end_to_end'] or '')
            pick = [l for l in cands if l.token and l.token in text] or cands
            if not pick:
                self.fails.add(1, 'seed %d, %s: line %d (%s %s %s) is in the '
                               'store but on no statement' % (
                                   self.seed, today, r['id'], r['iban'],
                                   r['booking_date'], r['cents']))
                self.by_store_id[r['id']] = None
                continue
            l = pick[0]
            cands.remove(l)
            l.store_id = r['id']
            self.by_store_id[r['id']] = l
        db.close()
        for key, left in want.items():
            for l in left:
                self.fails.add(1, 'seed %d, %s: statement line not stored: %r'
                               % (self.seed, today, l))

    def agreement_ids(self):
        """The store's agreement number of each model agreement, in the
        order of the intake file."""
        db = self.store()
        ids = [r[0] for r in db.execute('SELECT id FROM agreement ORDER BY id')]
        db.close()
        for a, i in zip(self.world.agreements, ids):
            a['id'] = i

    def caseworker(self, today):
        """Books what matching left: a line nobody booked, and a line booked
        to its household but to no agreement, to what the model knows."""
        rc, out, err = self.hb(today, 'hb-import', '-o', 'json', 'unmatched')
        done = set()
        for r in json.loads(out or '[]'):
            lid = int(r['id'])
            l = self.by_store_id.get(lid)
            if lid in done or l is None or l.hh is None:
                continue
            done.add(lid)
            if l.ag is not None:
                target = str(self.world.agreements[l.ag]['id'])
            elif r['household'] is None:
                target = l.hh
            else:
                continue
            rc, out, err = self.hb(today, 'hb-import', 'book', str(lid),
                                   target, 'checked with the payer (sim)')
            self.counts['booked by hand'] += 1
            if rc != 0:
                self.fails.add(3, 'seed %d, %s: hb-import book %d %s: exit %d '
                               '%s' % (self.seed, today, lid, target, rc,
                                       err.strip()))

    def check_bookings(self, today):
        """Invariants 2 and 3 against the store as it is now."""
        db = self.store()
        codes = dict(db.execute('SELECT id, code FROM household'))
        sums = collections.Counter()
        for r in db.execute('SELECT id, household_id, cents, method, reason '
                            'FROM line_current'):
            l = self.by_store_id.get(r['id'])
            if r['household_id'] is None or l is None:
                continue
            code = codes[r['household_id']]
            sums[code] += r['cents']
            if code != l.hh and r['id'] not in self.wrong:
                self.counts['wrong booking of %s' % l.what] += 1
                self.wrong[r['id']] = (
                    'seed %d, month %s, line %d (%s %s, %s): booked to %s (%s),'
                    ' belongs to %s; %s' % (
                        self.seed, month_of(l.date), r['id'], l.date,
                        bank.money(l.cents), l.text, code, r['method'], l.hh,
                        r['reason']))
        db.close()
        truth = collections.Counter()
        for l in self.lines:
            if l.store_id is not None and l.hh:
                truth[l.hh] += l.cents
        for code in self.world.hh:
            if sums[code] != truth[code] and code not in self.bad_balance:
                self.bad_balance.add(code)
                self.fails.add(2, 'seed %d, %s: %s has %s in the store, %s in '
                               'truth' % (self.seed, today, code,
                                          bank.money(sums[code]),
                                          bank.money(truth[code])))

    def plan(self, today, month):
        args = ['hb-plan', 'run', '-a', '-q', '-m', month]
        if not self.plan_run:
            del args[1]
        rc, out, err = self.hb(today, *args)
        if rc == 2 and self.plan_run and "'run'" in err:
            self.plan_run = False
            return self.plan(today, month)
        self.counts['plans'] += 1
        if rc not in (0, 3):
            self.fails.add(8, 'seed %d, %s: %s exits %d: %s' % (
                self.seed, today, ' '.join(args), rc, err.strip()[:300]))

    def approve(self, today):
        rc, out, err = self.hb(today, 'hb-plan', '-o', 'json', 'payouts')
        for p in json.loads(out or '[]'):
            if p['status'] == 'advisory' and self.rng.random() < 0.5:
                rc, o, e = self.hb(today, 'hb-plan', 'approve',
                                   '%s' % p['decision'],
                                   'discussed with the household (sim)')
                self.counts['approved'] += 1
                if rc != 0:
                    self.fails.add(8, 'seed %d, %s: hb-plan approve %s exits '
                                   '%d: %s' % (self.seed, today, p['decision'],
                                               rc, e.strip()[:300]))

    def export(self, today, cycle):
        outdir = os.path.join(self.dir, 'out')
        args = ['hb-plan', 'export', '-q', '-D', outdir]
        if cycle % 3 == 2:
            args.insert(2, '-9')
        rc, out, err = self.hb(today, *args)
        if rc not in (0, 3):
            self.fails.add(8, 'seed %d, %s: hb-plan export exits %d: %s' % (
                self.seed, today, rc, err.strip()[:300]))
        new = sorted(set(os.listdir(outdir)) - self.files_seen)
        for f in new:
            self.files_seen.add(f)
            if f.startswith('.'):
                continue
            self.execute(today, f, bank.read_pain(os.path.join(outdir, f)))

    def execute(self, today, fname, transfers):
        """Checks invariants 4 to 7 on one pain.001 file, then books its
        transfers as the bank would, a block of the pooled account as one
        batch entry."""
        w = self.world
        registered = {POOL} | {h['managed'] for h in w.households
                               if h['managed']}
        blocks = collections.Counter(t['block'] for t in transfers)
        for t in transfers:
            self.counts['payouts executed'] += 1
            where = 'seed %d, %s, file %s, %s' % (self.seed, today, fname,
                                                  t['e2e'])
            if t['e2e'] in self.e2e_seen:
                self.fails.add(5, '%s: end-to-end id exported before in %s'
                               % (where, self.e2e_seen[t['e2e']]))
            self.e2e_seen[t['e2e']] = fname
            a = w.by_remittance.get((t['creditor'], t['remittance']))
            due = D.fromisoformat('%s-%s-%s' % (t['e2e'][-8:-4],
                                                t['e2e'][-4:-2], t['e2e'][-2:]))
            if a is None:
                self.fails.add(5, '%s: pays %s to %s, which no agreement says'
                               % (where, bank.money(t['cents']), t['creditor']))
                hh = None
            else:
                hh = a['hh']
                if (a['n'], due) in self.paid:
                    self.fails.add(5, '%s: %s of %s due %s paid before (%s)' % (
                        where, a['kind'], hh, due, self.paid[(a['n'], due)]))
                self.paid[(a['n'], due)] = t['e2e']
                if t['debtor'] != w.hh[hh]['account']:
                    self.fails.add(6, '%s: debits %s for %s, whose account is '
                                   '%s' % (where, t['debtor'], hh,
                                           w.hh[hh]['account']))
                if a['kind'] in TAKING:
                    self.check_taking(where, a, t, due, today)
            if t['debtor'] not in registered:
                self.fails.add(6, '%s: debits %s, not a managed or pooled '
                               'account' % (where, t['debtor']))
                continue
            batch = t['block'] if t['debtor'] == POOL and \
                blocks[t['block']] > 1 else None
            self.add_line(account=t['debtor'], date=max(t['exec'], today),
                          cents=-t['cents'], cp_iban=t['creditor'],
                          cp_name=t['creditor_name'], text=t['remittance'],
                          e2e=t['e2e'], hh=hh, ag=a and a['n'], what='payout',
                          batch=batch)

    def check_taking(self, where, a, t, due, today):
        """A taking may only take from income of its month that had already
        arrived on the account when it was exported (today: the bank's
        statements reach up to yesterday): 5% of it when that is not above
        the norm (Rv art. 475d), nothing above it without a notice;
        allowances of another payer do not count.  Income that arrives
        between the export and the execution date was not there to weigh:
        it neither allows more nor, by passing the norm, less."""
        m = month_of(due)
        arrived = sum(l.cents for l in self.created_for[a['hh']]
                      if month_of(l.date) == m
                      and l.date < today and self.counts_for_taking(l))
        allowed = arrived * 5 // 100 if arrived <= self.norm(a['hh'], due) \
            else 0
        allowed -= self.taken[(a['hh'], m)]
        self.taken[(a['hh'], m)] += t['cents']
        if t['cents'] > max(allowed, 0):
            self.fails.add(7, '%s: takes %s for %s (%s due %s, executed %s) '
                           'while %s of the month\'s income had arrived '
                           'when it was exported' % (
                               where, bank.money(t['cents']), a['hh'],
                               a['kind'], due, t['exec'],
                               bank.money(arrived)))

    def counts_for_taking(self, l):
        if l.what == 'reversal':
            # a reversed allowance was never counted: neither is its reversal
            return getattr(l, 'reverses', None) != 'toeslag'
        return l.what == 'income' and \
            self.world.agreements[l.ag]['kind'] != 'toeslag'

    def month_end(self, month):
        """After a month: every household has a plan for it, and every due
        payout of it is in the payouts view exactly once."""
        db = self.store()
        planned = {r[0] for r in db.execute(
            'SELECT h.code FROM plan p JOIN household h ON h.id = '
            'p.household_id WHERE p.month = ? AND p.superseded_by IS NULL',
            (month,))}
        db.close()
        for code in self.world.hh:
            if code not in planned:
                self.fails.add(8, 'seed %d, month %s: %s has no plan' % (
                    self.seed, month, code))
        today = month_days(add_months(month, 1))[0]
        rc, out, err = self.hb(today, 'hb-plan', '-o', 'json', 'payouts')
        seen = collections.Counter()
        for p in json.loads(out or '[]'):
            if p['status'] not in ('carried', 'cancelled'):
                seen[(p['household'], p['creditor_iban'], p['due'])] += 1
        for a in self.world.agreements:
            if a['dir'] != 'out' or a['kind'] in TAKING:
                continue
            for due in due_dates(a, month):
                n = seen[(a['hh'], a['iban'], str(due))]
                if n != 1:
                    self.fails.add(5, 'seed %d, month %s: %s %s due %s is '
                                   'planned %d times' % (
                                       self.seed, month, a['hh'], a['kind'],
                                       due, n))

    def run(self):
        t0 = time.time()
        os.makedirs(os.path.join(self.dir, 'in'))
        os.makedirs(os.path.join(self.dir, 'out'))
        with open(os.path.join(self.dir, 'intake.csv'), 'w') as f:
            f.write(self.world.intake_csv())
        for args in (('hb-household', '-q', 'init'),
                     ('hb-household', '-q', 'intake', 'intake.csv')):
            rc, out, err = self.hb(D(2026, 12, 1), *args)
            if rc != 0:
                raise SystemExit('%s: exit %d: %s' % (' '.join(args), rc, err))
        self.agreement_ids()
        self.schedule_income()
        last = month_days(self.sim_months[-1])[-1]
        today, cycle, checked = D(2026, 12, 20), 0, set()
        while today <= last + 2 * STEP * DAY:
            self.import_statements(today, self.statements(today, cycle))
            self.caseworker(today)
            self.check_bookings(today)
            for m in (month_of(today), month_of(today + 14 * DAY)):
                if m in self.sim_months and (m == month_of(today) or
                                             today.day >= 18):
                    self.plan(today, m)
            self.approve(today)
            if today <= last:
                self.export(today, cycle)
            for m in self.sim_months:
                if m not in checked and today >= month_days(m)[-1] + 5 * DAY:
                    checked.add(m)
                    self.month_end(m)
            today += STEP * DAY
            cycle += 1
        self.summary(time.time() - t0)

    def summary(self, secs):
        db = self.store()
        codes = dict(db.execute('SELECT id, code FROM household'))
        first = {r[0]: (r[1], codes.get(r[2])) for r in db.execute(
            'SELECT line_id, method, household_id FROM line_match WHERE id IN '
            '(SELECT min(id) FROM line_match GROUP BY line_id)')}
        payouts = {r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT end_to_end, status, line_id FROM payout "
            "WHERE status IN ('exported', 'reconciled')")}
        db.close()
        # the bank line of an exported payout reconciles that payout
        for l in self.lines:
            if l.what == 'payout' and l.store_id:
                status, line = payouts.get(l.e2e, (None, None))
                if line != l.store_id:
                    self.fails.add(3, 'seed %d, %s: payout %s of %s is %s, '
                                   'with line %s, but its bank line is %d' % (
                                       self.seed, l.date, l.e2e, l.hh, status,
                                       line, l.store_id))
        n = sum(1 for l in self.lines if l.store_id)
        # a line counts as booked automatically when its first booking was
        # made without a person, and to the right household
        methods = collections.Counter()
        for l in self.lines:
            if l.store_id:
                method, code = first.get(l.store_id, (None, None))
                methods[method if code == l.hh or method is None
                        else 'wrong'] += 1
        self.auto = methods['auto'] / n if n else 1.0
        self.nlines = n
        for m in sorted(self.wrong.values()):
            self.fails.add(3, m)
        if self.auto < 0.9:
            self.fails.add(4, 'seed %d: %.1f%% of %d lines booked '
                           'automatically' % (self.seed, 100 * self.auto, n))
        self.log('# seed %d: %d households, %d months, %d lines, %d wrong '
                 'bookings, %.1f%% booked automatically (%.1f%% to the '
                 'household by its account, %.1f%% by hand, %.1f%% never), '
                 '%d households with a wrong balance, %.0f s' % (
                     self.seed, self.n, self.months, n, len(self.wrong),
                     100 * self.auto, 100 * methods['account'] / max(n, 1),
                     100 * methods['manual'] / max(n, 1),
                     100 * methods[None] / max(n, 1), len(self.bad_balance),
                     secs))
        self.log('#   %s' % ', '.join('%s %d' % kv for kv in
                                      sorted(self.counts.items())))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-s', '--seeds', default='1')
    ap.add_argument('-n', '--households', type=int, default=40)
    ap.add_argument('-m', '--months', type=int, default=3)
    ap.add_argument('-k', '--keep', help='keep the stores and files in DIR')
    ap.add_argument('--todo', default='',
                    help='invariants known to fail, reported as TODO')
    opts = ap.parse_args()
    seeds = [int(s) for s in opts.seeds.split(',')]
    todo = {int(t) for t in opts.todo.split(',') if t}
    fails = Failures()
    base = opts.keep or tempfile.mkdtemp(prefix='hb-sim.')
    try:
        for seed in seeds:
            wd = os.path.join(base, 'seed-%d' % seed)
            shutil.rmtree(wd, ignore_errors=True)
            os.makedirs(wd)
            before = {i: len(fails.seen[i]) for i in INVARIANTS}
            Sim(seed, opts.households, opts.months, wd, fails,
                lambda s: print(s, flush=True)).run()
            print('#   failures by invariant: %s' % (', '.join(
                '%d: %d' % (i, len(fails.seen[i]) - before[i])
                for i in INVARIANTS if len(fails.seen[i]) > before[i])
                or 'none'), flush=True)
    finally:
        if not opts.keep:
            shutil.rmtree(base, ignore_errors=True)
    print('1..%d' % len(INVARIANTS))
    ok = True
    for i, text in INVARIANTS.items():
        bad = fails.seen.get(i, [])
        # only a failing point is marked TODO: once its fix is in, the
        # invariant simply passes (an "ok # TODO" would fail make check)
        mark = ' # TODO known to fail on main' if bad and i in todo else ''
        print('%sok %d - %s%s' % ('not ' if bad else '', i, text, mark))
        if not bad and i in todo:
            print('# invariant %d holds now: take it out of --todo' % i)
        for msg in bad[:12]:
            print('#   ' + msg)
        if len(bad) > 12:
            print('#   ... and %d more' % (len(bad) - 12))
        if bad and i not in todo:
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
