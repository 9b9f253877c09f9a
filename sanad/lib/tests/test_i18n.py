from datetime import UTC, date, datetime

from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.formats import date_format

from sanad.beneficiaries.models import Beneficiary, Need
from sanad.lib.i18n import joined


def test_choice_labels_follow_the_language_and_keep_unknown_values():
    person = Beneficiary(status="validated", current_legal_status="", sex="F")
    with translation.override("ar"):
        arabic = person.get_status_display()
    with translation.override("fr"):
        french = person.get_status_display()
    assert (french, arabic) == ("Validé·e", "مُصادق عليه")
    assert Need(category="not-a-category").get_category_display() == "not-a-category"
    assert person.get_current_legal_status_display() == ""


def test_lists_are_written_with_the_languages_comma():
    with translation.override("ar"):
        assert joined(["امرأة", "قاصر", 3]) == "امرأة، قاصر، 3"
    with translation.override("fr"):
        assert joined(["Femme", "Mineur·e"]) == "Femme, Mineur·e"
    assert joined([]) == ""


def test_amounts_group_their_thousands_in_both_languages():
    with translation.override("ar"):
        assert floatformat(12000, "2g") == "12.000,00"
    with translation.override("fr"):
        assert floatformat(12000, "2g") == "12\xa0000,00"


def test_arrows_point_from_the_first_value_to_the_next_in_either_direction():
    arrow = Template("{% load sanad_ui %}2026/01/01 {% arrow %} 2026/12/31")
    with translation.override("ar"):
        assert arrow.render(Context()) == "2026/01/01 ← 2026/12/31"  # read right to left
    with translation.override("fr"):
        assert arrow.render(Context()) == "2026/01/01 → 2026/12/31"


def test_arabic_months_are_named_as_in_morocco_and_french_ones_as_in_france():
    def months():
        return [date_format(date(2026, month, 1), "F") for month in range(1, 13)]

    with translation.override("ar"):
        assert months() == [
            "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
            "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
        ]  # fmt: skip
        assert date_format(date(2026, 8, 1), "YEAR_MONTH_FORMAT") == "غشت 2026"
    with translation.override("fr"):
        assert months()[4:8] == ["mai", "juin", "juillet", "août"]


def test_arabic_dates_and_times_read_day_month_year_on_a_24_hour_clock():
    hearing = datetime(2026, 12, 2, 14, 30, tzinfo=UTC)  # 15:30 in Casablanca
    with translation.override("ar"):
        assert date_format(date(2026, 12, 7)) == "7 دجنبر 2026"
        assert date_format(timezone.localtime(hearing), "DATETIME_FORMAT") == "2 دجنبر 2026 15:30"
        assert date_format(timezone.localtime(hearing), "TIME_FORMAT") == "15:30"
    with translation.override("fr"):
        assert date_format(date(2026, 12, 7)) == "7 décembre 2026"
