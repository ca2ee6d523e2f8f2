# ING (Mijn ING) download until 2020: comma separated, nine columns.  The
# amount is unsigned; "Af Bij" says which way the money went.  The English
# download has English headers and Debit/Credit for Af/Bij.  Mededelingen
# ("Naam: ... Omschrijving: ... IBAN: ... Kenmerk: ...") is kept whole as
# the description.  Newest line first.
name = ing-9
description = ING, comma separated, 9 columns (until 2020)
delimiter = comma, semicolon
quote = double
header = exact
encoding = auto
columns = Datum|Date, Naam / Omschrijving|Name / Description, \
	Rekening|Account, Tegenrekening|Counterparty, Code, \
	Af Bij|Debit/credit, Bedrag (EUR)|Amount (EUR), \
	Mutatiesoort|Transaction type, Mededelingen|Notifications
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
