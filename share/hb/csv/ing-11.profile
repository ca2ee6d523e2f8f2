# ING (Mijn ING) download since 2020: semicolon separated by default (a
# comma is offered too), the nine columns of ing-9 plus "Saldo na mutatie"
# (the balance after the line, signed, decimal comma) and "Tag".  Newest
# line first.
name = ing-11
description = ING, semicolon separated, 11 columns with Saldo na mutatie
delimiter = semicolon, comma
quote = double
header = exact
encoding = auto
columns = Datum|Date, Naam / Omschrijving|Name / Description, \
	Rekening|Account, Tegenrekening|Counterparty, Code, \
	Af Bij|Debit/credit, Bedrag (EUR)|Amount (EUR), \
	Mutatiesoort|Transaction type, Mededelingen|Notifications, \
	Saldo na mutatie|Resulting balance, Tag
date = Datum
date_format = YYYYMMDD
amount = Bedrag (EUR)
decimal = comma
sign = Af Bij
debit = Af, Debit
credit = Bij, Credit
account = Rekening
counter_iban = Tegenrekening
counter_name = Naam / Omschrijving
remittance = Mededelingen
balance_after = Saldo na mutatie
