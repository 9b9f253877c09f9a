"""Behind the README's reverse proxy every request comes from the proxy's address: the audit
and the rate limits must see the client's, and a forged header must not move them."""

from django.test import Client
from django.urls import reverse

from sanad.audit.models import AuditEvent
from sanad.test import PASSWORD

PROXY = "127.0.0.1"


def _login(client, email, password, client_ip, forged=""):
    chain = f"{forged}, {client_ip}" if forged else client_ip
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def test_behind_one_proxy_the_audit_records_the_client_not_the_proxy(client, personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _login(client, "nour_worker@test.example", PASSWORD, "203.0.113.5", forged="6.6.6.6")
    assert AuditEvent.objects.get(action="auth.login").ip_address == "203.0.113.5"


def test_without_a_proxy_the_forwarded_header_is_ignored(client, personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _login(client, "nour_worker@test.example", PASSWORD, "203.0.113.5")
    assert AuditEvent.objects.get(action="auth.login").ip_address == PROXY


def test_guessing_a_password_from_elsewhere_does_not_lock_its_owner_out(personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/15m/ip,5/15m/key"}
    attacker = Client()
    for n in range(8):
        _login(attacker, "coordinator@test.example", "wrong", "198.51.100.9", forged=f"10.0.0.{n}")
    blocked = _login(attacker, "coordinator@test.example", PASSWORD, "198.51.100.9")
    assert blocked.status_code == 200  # refused: the form again
    owner = _login(Client(), "coordinator@test.example", PASSWORD, "203.0.113.5")
    assert owner.status_code == 302
