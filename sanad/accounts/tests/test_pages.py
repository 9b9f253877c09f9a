import pytest
from django.db import OperationalError, connection
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info

from sanad.audit.models import AuditEvent
from sanad.network.models import Notification


def test_healthz_answers_ok_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database down")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("admin", "Platform administration"),
        ("coordinator", "Network coordination"),
        ("nour_worker", "My organisation"),
        ("lawyer", "Legal assistance"),
        ("reviewer", "Selection committee"),
        ("finance", "Finance"),
        ("analyst", "Analysis"),
        ("observer", "Dashboards"),
    ],
)
def test_home_fits_the_role(client_for, personas, persona, expected):
    response = client_for(persona).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert expected.encode() in response.content


def test_home_of_someone_without_organisation_explains_what_to_do(client_for, personas):
    response = client_for("outsider").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"not a member of any organisation" in response.content


def test_navigation_follows_the_role(client_for, personas):
    worker = client_for("nour_worker").get(reverse("home"))
    coordinator = client_for("coordinator").get(reverse("home"))
    assert reverse("audit:event_list").encode() not in worker.content
    assert reverse("audit:event_list").encode() in coordinator.content


def test_the_header_marks_the_page_the_language_and_what_is_unread(client_for, personas):
    Notification.objects.create(user=personas.nour_worker, text="Urgent", link="/")
    Notification.objects.create(user=personas.nour_worker, text="Seen", read_at=timezone.now())
    client = client_for("nour_worker")
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    page = client.get(reverse("beneficiaries:beneficiary_list"), {"q": '"><b>x'}).content.decode()
    here = reverse("beneficiaries:beneficiary_list")
    assert f'<a class="nav-link active" href="{here}" aria-current="page">' in page
    assert page.count('aria-current="page"') == 1
    arabic = get_language_info("ar")["name_local"]
    assert f'<option value="ar" lang="ar" selected>{arabic}</option>' in page
    assert 'value="/beneficiaries/?q=%22%3E%3Cb%3Ex"' in page  # the page to come back to
    assert '<span class="badge text-bg-danger">1</span>' in page
    assert page.count('name="csrfmiddlewaretoken"') == 2  # language and sign-out forms
    assert "<b>x" not in page


def test_the_header_offers_to_sign_in_before_signing_in(client, db):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<a class="btn btn-sm btn-primary" href="{reverse("account_login")}">' in page
    assert "Se connecter" in page and "Se déconnecter" not in page


def test_profile_saves_language_and_is_audited(client_for, personas):
    client = client_for("nour_worker")
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Hamza I.", "preferred_language": "ar"}
    )
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert b'<html lang="ar" dir="rtl">' in page.content
    event = AuditEvent.objects.get(action="user.updated")
    assert event.changes["preferred_language"] == ["", "ar"]


def test_profile_refuses_delete(client_for, personas):
    assert client_for("nour_worker").delete(reverse("accounts:profile")).status_code == 405


@pytest.mark.parametrize("language, direction", [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_switcher_sets_language_and_direction(client_for, personas, language, direction):
    client = client_for("nour_worker")
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("home"))
    assert f'<html lang="{language}" dir="{direction}">'.encode() in page.content
    personas.nour_worker.refresh_from_db()
    assert personas.nour_worker.preferred_language == language


def test_switcher_works_before_signing_in(client, db):
    client.post(reverse("set_language"), {"language": "ar", "next": "/accounts/login/"})
    page = client.get(reverse("account_login"))
    assert b'dir="rtl"' in page.content
    assert "تسجيل الدخول".encode() in page.content


def test_switcher_refuses_get(client, db):
    assert client.get(reverse("set_language")).status_code == 405


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_error_pages_speak_the_language(client_for, personas, language):
    client = client_for("nour_worker")
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    not_found = client.get("/network/00000000-0000-0000-0000-000000000000/")
    forbidden = client.get(reverse("audit:event_list"))
    expected = {
        "fr": ("Page introuvable", "Accès refusé"),
        "ar": ("الصفحة غير موجودة", "الوصول مرفوض"),
        "en": ("Page not found", "Access denied"),
    }[language]
    assert not_found.status_code == 404 and expected[0].encode() in not_found.content
    assert forbidden.status_code == 403 and expected[1].encode() in forbidden.content


def test_server_error_page_renders_in_arabic(client, db):
    with translation.override("ar"):
        html = loader.get_template("500.html").render({})
    assert 'dir="rtl"' in html
    assert "خطأ في الخادم" in html
