"""Arabic as written in Morocco. Django's `ar` module has no date-time format, so a hearing
showed as "ديسمبر 2, 2026, 10 ص" (the English default, comma order and all), and its times
are on a 12-hour clock; these follow Django's Maghreb module (`ar_DZ`): day, month, year,
24-hour time. Formats not set here are Django's `ar`; month names are Morocco's
(sanad/formats/months.py)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
# Amounts written with grouped thousands ("12.000,00"), as Django's Maghreb module; Django's
# `ar` leaves them ungrouped ("12000,00").
NUMBER_GROUPING = 3
