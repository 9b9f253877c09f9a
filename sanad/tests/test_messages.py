"""What people read when something is refused: every database rule has a human message in
the reader's language, and the sign-in form uses Sanad's own messages."""

import pickle
from datetime import date, time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import BaseConstraint
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from sanad.lib.i18n import spoken
from sanad.reference.models import Establishment
from sanad.test import PASSWORD


def _constraints():
    for model in apps.get_models():
        if model.__module__.startswith("sanad."):
            for constraint in model._meta.constraints:
                yield model, constraint


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_database_rule_speaks_the_reader_s_language(language):
    default = BaseConstraint.default_violation_error_message
    found = list(_constraints())
    assert len(found) >= 20
    for model, constraint in found:
        message = constraint.violation_error_message
        assert message != default, f"{model.__name__}.{constraint.name} has no human message"
        with translation.override(language):
            words = str(message)
        assert constraint.name not in words
        if language != "en":
            with translation.override("en"):
                assert words != str(message), f"{constraint.name} is not translated ({language})"


def test_a_nameless_person_is_refused_in_arabic_words(client_for, personas):
    worker = client_for("nour_worker")
    get_user_model().objects.filter(pk=personas.nour_worker.pk).update(preferred_language="ar")
    response = worker.post(reverse("beneficiaries:beneficiary_create"), {"sex": "F"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "benef_has_a_name" not in page and "Constraint" not in page
    rules = apps.get_model("beneficiaries", "Beneficiary")._meta.constraints
    rule = next(rule for rule in rules if rule.name == "benef_has_a_name")
    with translation.override("ar"):
        assert str(rule.violation_error_message) in page


def test_the_sign_in_form_leaves_messages_to_sanad(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "novalidate" in page.split('class="sanad-auth-form', 1)[1].split(">", 1)[0]


def test_signed_in_is_said_in_the_person_s_language_not_the_browser_s(personas, settings):
    settings.SANAD_MFA_REQUIRED_ROLES = []
    get_user_model().objects.filter(pk=personas.nour_worker.pk).update(preferred_language="ar")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = browser.post(
        reverse("account_login"),
        {"login": personas.nour_worker.email, "password": PASSWORD},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert said and all("Successfully" not in m for m in said)
    assert any("بنجاح" in m for m in said)


def test_english_dates_cannot_be_read_month_first():
    day = date(2026, 1, 12)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026-01-12"
        assert formats.date_format(day) == "12 January 2026"
        assert formats.time_format(time(9, 0)) == "09:00"


def test_a_french_name_on_an_arabic_page_is_marked_french(db):
    """Screen readers read it with a French voice; its full stop stays at its end."""
    call_command("load_reference", verbosity=0)
    place = Establishment.objects.filter(name_ar="").first() or Establishment.objects.first()
    Establishment.objects.filter(pk=place.pk).update(name_ar="")
    place.refresh_from_db()
    with translation.override("ar"):
        assert spoken(place.name) == f'<span lang="fr" dir="auto">{escape(place.name_fr)}</span>'
    with translation.override("fr"):
        assert spoken(place.name) == escape(place.name_fr)
    place.name_ar = "السجن المحلي"
    with translation.override("ar"):
        assert spoken(place.name) == "السجن المحلي"
        assert pickle.loads(pickle.dumps(place.name)).lang == "ar"  # kept in caches whole
