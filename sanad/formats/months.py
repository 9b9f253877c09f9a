"""Month names as Morocco writes them in Arabic: courts, prison administration and the
official bulletin write أبريل, ماي, يوليوز, غشت, شتنبر, نونبر and دجنبر, where Django's
`ar` catalogue has إبريل, مايو, يوليو, أغسطس, سبتمبر, نوفمبر and ديسمبر. Django names a
month with these same message ids (`django.utils.dates.MONTHS`, the "F" of a date format)
and our catalogues come before its own (LOCALE_PATHS), so every date written with "F"
(DATE_FORMAT, DATETIME_FORMAT, YEAR_MONTH_FORMAT) reads the Moroccan way in Arabic. They are
listed here so that makemessages keeps them in our catalogues; French keeps Django's names."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
