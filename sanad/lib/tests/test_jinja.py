import uuid
from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from jinja2 import UndefinedError

from sanad.lib.jinja import code_url


def _render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_row_templates_escape_values_and_refuse_a_misspelt_name():
    assert _render("<td>{{ name }}</td>", name="<img src=x onerror=alert(1)>") == (
        "<td>&lt;img src=x onerror=alert(1)&gt;</td>"
    )
    with pytest.raises(UndefinedError):
        _render("{{ nmae }}", name="Nadia")


def test_row_templates_show_times_in_morocco_and_words_in_the_language_shown():
    hearing = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # 10:30 in Casablanca (UTC+1)
    with translation.override("fr"):
        assert (
            _render('{{ at|date("H:i") }} {{ _("to verify") }}', at=hearing) == "10:30 à vérifier"
        )
    with translation.override("ar"):
        assert _render('{{ _("to verify") }}') == "للتحقق"


def test_row_links_and_dates_match_what_django_writes_in_each_language():
    code = uuid.uuid4()
    assert code_url("legal:case_detail", code) == reverse("legal:case_detail", args=[code])
    day = date(2026, 12, 1)
    with translation.override("fr"):
        assert _render("{{ day|date }}", day=day) == "1 décembre 2026"
    with translation.override("ar"):
        assert _render("{{ day|date }}", day=day) == date_format(day) != "1 décembre 2026"
