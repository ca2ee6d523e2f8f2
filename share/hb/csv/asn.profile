# ASN Bank CSV download (de Volksbank: SNS and RegioBank use the same
# layout): comma separated, no header, 19 columns, text quoted with single
# quotes, amounts signed with a decimal dot and no thousands separator,
# dates DD-MM-YYYY.  The Journaaldatum is when the bank booked the line;
# with the Volgnummer it identifies the line ("dit volgnummer vormt samen
# met de journaaldatum een uniek transactie id").  Saldo rekening voor
# mutatie is the balance before the line.
name = asn
description = ASN Bank (SNS, RegioBank), comma separated, 19 columns, no header
delimiter = comma
quote = single
header = none
encoding = auto
columns = Boekingsdatum, Opdrachtgeversrekening, Tegenrekeningnummer, \
	Naam tegenrekening, Adres, Postcode, Plaats, Valutasoort rekening, \
	Saldo rekening voor mutatie, Valutasoort mutatie, Transactiebedrag, \
	Journaaldatum, Valutadatum, Interne transactiecode, \
	Globale transactiecode, Volgnummer transactie, Betalingskenmerk, \
	Omschrijving, Afschriftnummer
account = Opdrachtgeversrekening
date = Journaaldatum
date_format = DD-MM-YYYY
value_date = Valutadatum
amount = Transactiebedrag
decimal = dot
balance_before = Saldo rekening voor mutatie
counter_iban = Tegenrekeningnummer
counter_name = Naam tegenrekening
remittance = Omschrijving, Betalingskenmerk
reference = Journaaldatum, Volgnummer transactie
# Only these two are quoted, and a quote inside is not doubled: a name
# such as 't Hoekje is written as it is.
quoted = Betalingskenmerk, Omschrijving
