from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import translation

from jinja2 import UndefinedError


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
