# Any CSV whose header names its columns: a spreadsheet made by hand, or a
# bank without its own profile.  Each field lists the header names it
# accepts (any case), in order of preference.  Amounts carry their sign
# unless there is an Af/Bij-style column; "1.234,56" and "1,234.56" are
# both read, the last separator being the decimal mark.  Tried only when
# no bank's own profile fits the file.
name = generic
description = any CSV with a header naming date, amount, ... in any order
delimiter = semicolon, comma, tab
quote = double
header = names
encoding = auto
date = date | datum | boekdatum | boekingsdatum | transactiedatum | \
	booking date | transaction date
date_format = YYYY-MM-DD, DD-MM-YYYY, YYYYMMDD, DD/MM/YYYY, DD.MM.YYYY
value_date = value date | valutadatum | rentedatum | interest date
amount = amount | bedrag | bedrag (eur) | amount (eur) | transactiebedrag
decimal = auto
sign = af bij | af/bij | bij/af | debit/credit | credit/debit | \
	debet/credit | credit/debet
debit = af, debit, debet, d
credit = bij, credit, c
account = rekening | account | eigen rekening | own account | \
	rekeningnummer | iban/bban
counter_iban = tegenrekening | iban | counterparty iban | \
	tegenrekening iban | iban tegenpartij | tegenrekeningnummer | \
	counterparty
counter_name = naam | name | tegenpartij | naam tegenpartij | \
	counterparty name | naam tegenrekening | naam / omschrijving
remittance = omschrijving | description | mededelingen | remittance | \
	betalingskenmerk
reference = referentie | reference | volgnr | volgnummer
end_to_end = end-to-end id | endtoendid | end to end id | eref
balance_after = saldo | balance | saldo na mutatie | saldo na trn | \
	balance after
