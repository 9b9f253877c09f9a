import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.accounts.models import User
from sanad.audit.models import AuditEvent
from sanad.test import PASSWORD


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def test_login_by_email_is_audited(client, personas):
    response = _login(client, "nour_worker@test.example")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == personas.nour_worker
    assert event.request_id


def test_failed_login_is_audited_without_the_password(client, personas):
    _login(client, "nour_worker@test.example", "wrong password")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.target_label == "nour_worker@test.example"
    assert "wrong password" not in str(event.changes) + event.target_label


def test_lockout_message_does_not_reveal_whether_the_account_exists(client, personas, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/15m/key"}
    replies = {}
    for email in ("nour_worker@test.example", "nobody@test.example"):
        for _attempt in range(4):
            response = _login(client, email, "wrong password")
        replies[email] = response.context["form"].non_field_errors()
    assert replies["nour_worker@test.example"] == replies["nobody@test.example"]
    # Locked: even the right password is refused for now.
    assert _login(client, "nour_worker@test.example").status_code == 200


def test_logout_is_audited(client, personas):
    client.force_login(personas.nour_worker)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="auth.logout", actor=personas.nour_worker).exists()


def test_password_reset_mails_a_link_and_reveals_nothing(client, personas):
    known = client.post(reverse("account_reset_password"), {"email": "nour_worker@test.example"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox][0] == ["nour_worker@test.example"]


def test_password_reset_end_to_end_is_audited(client, personas):
    client.post(reverse("account_reset_password"), {"email": "nour_worker@test.example"})
    link = re.search(r"http\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    new = "another long passphrase 2026"
    response = client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert response.status_code == 302
    personas.nour_worker.refresh_from_db()
    assert personas.nour_worker.check_password(new)
    assert AuditEvent.objects.filter(action="auth.password_reset").exists()


def test_password_change_is_audited(client, personas):
    client.force_login(personas.nour_worker)
    new = "another long passphrase 2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_changed").exists()


def _enrol_totp(client, capture):
    # allauth asks for the password again before adding a second factor.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    # allauth announces the new authenticator after the commit.
    with capture(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    return secret, response


def test_totp_enrolment_is_audited_and_then_required_at_login(
    client, personas, django_capture_on_commit_callbacks
):
    _login(client, "nour_manager@test.example")
    secret, response = _enrol_totp(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    added = AuditEvent.objects.filter(action="mfa.added", actor=personas.nour_manager)
    assert {e.changes["type"][1] for e in added} >= {"totp"}
    client.logout()
    response = _login(client, "nour_manager@test.example")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("persona", ["nour_manager", "coordinator", "lawyer"])
def test_roles_requiring_mfa_are_sent_to_enrol(client_for, personas, settings, persona):
    settings.SANAD_MFA_REQUIRED_ROLES = {"admin", "coordinator", "cso_manager", "lawyer"}
    response = client_for(persona).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_roles_not_listed_are_not_forced(client_for, personas, settings):
    settings.SANAD_MFA_REQUIRED_ROLES = {"admin", "coordinator", "cso_manager", "lawyer"}
    assert client_for("nour_worker").get(reverse("home")).status_code == 200


def test_after_enrolment_the_required_role_reaches_the_app(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.SANAD_MFA_REQUIRED_ROLES = {"cso_manager"}
    _login(client, "nour_manager@test.example")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    _enrol_totp(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_is_read_once_a_session_and_again_once_an_authenticator_is_removed(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.SANAD_MFA_REQUIRED_ROLES = {"cso_manager"}
    _login(client, "nour_manager@test.example")
    _enrol_totp(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as later_page:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in later_page if "mfa_authenticator" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert AuditEvent.objects.filter(action="mfa.removed", actor=personas.nour_manager)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_public_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"), {"email": "x@example.org", "password1": "a long password 2026"}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="x@example.org").exists()
