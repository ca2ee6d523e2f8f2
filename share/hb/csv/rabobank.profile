# Rabobank "CSV (kommagescheiden)" download since 2018: 26 columns, every
# field quoted, signed amounts with a decimal comma ("+2.500,00",
# "-4,99"), "Saldo na trn" the balance after the line, Volgnr the bank's
# sequence number of the line.  Omschrijving-1 to -3 are one remittance
# text in three parts; Betalingskenmerk is a structured payment reference.
name = rabobank
description = Rabobank, comma separated, 26 columns (IBAN/BBAN ... Koers)
delimiter = comma
quote = double
header = exact
encoding = auto
columns = IBAN/BBAN, Munt, BIC, Volgnr, Datum, Rentedatum, Bedrag, \
	Saldo na trn, Tegenrekening IBAN/BBAN, Naam tegenpartij, \
	Naam uiteindelijke partij, \
	Naam initiërende partij|Naam initierende partij, BIC tegenpartij, \
	Code, Batch ID, Transactiereferentie, Machtigingskenmerk, \
	Incassant ID, Betalingskenmerk, Omschrijving-1, Omschrijving-2, \
	Omschrijving-3, Reden retour, Oorspr bedrag, Oorspr munt, Koers
account = IBAN/BBAN
date = Datum
date_format = YYYY-MM-DD
value_date = Rentedatum
amount = Bedrag
decimal = comma
balance_after = Saldo na trn
counter_iban = Tegenrekening IBAN/BBAN
counter_name = Naam tegenpartij
remittance = Omschrijving-1, Omschrijving-2, Omschrijving-3, \
	Betalingskenmerk
reference = Volgnr
end_to_end = Transactiereferentie
return_reason = Reden retour
