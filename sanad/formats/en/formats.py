"""English as the network reads it: Django's `en` writes 12/01/2026, which many readers
take for 12 January, and "9 a.m."; dates here carry the month's name or are ISO, times
are on a 24-hour clock, and typed dates are read day first, as the forms ask."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
