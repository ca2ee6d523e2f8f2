# The older bunq CSV export: as bunq, without the "Account" column, so the
# account must be named when importing (-a IBAN).
name = bunq-6
description = bunq (older), 6 columns without the account: needs -a IBAN
delimiter = semicolon, comma
quote = double
header = exact
encoding = utf-8
columns = Date, Interest Date, Amount, Counterparty, Name, Description
date = Date
date_format = YYYY-MM-DD
value_date = Interest Date
amount = Amount
decimal = auto
counter_iban = Counterparty
counter_name = Name
remittance = Description
