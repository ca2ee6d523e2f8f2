# bunq CSV export: every field quoted, semicolon separated (a comma can be
# chosen), seven columns with the account's own IBAN in "Account", ISO
# dates, signed amounts ("-121,00"; with a comma separator "-121.00").
name = bunq
description = bunq, 7 columns (Date ... Account ... Description)
delimiter = semicolon, comma
quote = double
header = exact
encoding = utf-8
columns = Date, Interest Date, Amount, Account, Counterparty, Name, \
	Description
account = Account
date = Date
date_format = YYYY-MM-DD
value_date = Interest Date
amount = Amount
decimal = auto
counter_iban = Counterparty
counter_name = Name
remittance = Description
