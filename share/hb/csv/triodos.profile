# Triodos Bank CSV download: comma separated, no header, nine columns,
# ISO-8859-15, dates DD-MM-YYYY, the amount unsigned with a decimal comma
# and "Credit" or "Debet" beside it, then the balance after the line.
name = triodos
description = Triodos Bank, comma separated, 9 columns, no header
delimiter = comma
quote = double
header = none
encoding = auto-latin9
columns = Transactiedatum, Rekening, Bedrag, Credit/Debet, \
	Naam tegenrekening, Tegenrekening, Transactiecode, Omschrijving, Saldo
account = Rekening
date = Transactiedatum
date_format = DD-MM-YYYY
amount = Bedrag
decimal = comma
sign = Credit/Debet
debit = Debet, Debit
credit = Credit
counter_iban = Tegenrekening
counter_name = Naam tegenrekening
remittance = Omschrijving
balance_after = Saldo
