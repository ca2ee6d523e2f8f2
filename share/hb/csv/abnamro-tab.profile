# ABN AMRO "TXT" download (TXTyymmddhhmmss.TAB): tab separated, no header,
# eight columns, never quoted.  The account is the bare account number
# (123456789), from which the ABNA IBAN follows.  Each line carries the
# balance before and after it.  The counterparty is in the description,
# as "/TRTP/.../IBAN/.../NAME/.../REMI/.../EREF/..." or in 32-character
# columns "IBAN: ... BIC: ... Naam: ... Omschrijving: ... Kenmerk: ...".
# One file may hold several accounts.
name = abnamro-tab
description = ABN AMRO .TAB, tab separated, 8 columns, no header
delimiter = tab
quote = none
header = none
encoding = auto
columns = Rekeningnummer, Muntsoort, Transactiedatum, Beginsaldo, \
	Eindsaldo, Rentedatum, Transactiebedrag, Omschrijving
account = Rekeningnummer
account_bank = ABNA
date = Transactiedatum
date_format = YYYYMMDD
value_date = Rentedatum
amount = Transactiebedrag
decimal = comma
balance_before = Beginsaldo
balance_after = Eindsaldo
remittance = Omschrijving
details = abnamro
