"""Security headers on every page, and the production settings that protect cookies."""

import logging
import os
import subprocess
import sys

import pytest

from sanad.tests.test_access_matrix import PAGES, _url


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_sends_the_security_headers(client_for, personas, page):
    expected = PAGES[page][2]
    persona = next((p for p, status in expected.items() if status == 200), "coordinator")
    response = client_for(persona).get(_url(personas, page))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_login_page_too(client, db):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_production_settings_refuse_a_missing_key_or_site_url_and_harden_cookies():
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SAMESITE]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sanad.settings", "SANAD_DEBUG": "0"}
    env.pop("SANAD_SECRET_KEY", None)
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "SANAD_SECRET_KEY" in refused.stderr
    env["SANAD_SECRET_KEY"] = "a-long-random-production-key-for-this-test-only-0123456789"
    env.pop("SANAD_SITE_URL", None)
    no_site = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert no_site.returncode != 0 and "SANAD_SITE_URL must be set" in no_site.stderr
    env["SANAD_SITE_URL"] = "https://sanad.example"
    ok = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert ok.stdout.strip() == '[true, true, true, 31536000, true, "Lax"]'


def test_a_refusal_is_one_escaped_line_in_the_log(client_for, personas, caplog):
    """Under a probe every 403 wrote its whole traceback, and raw input went to the log."""
    client = client_for("nour_worker")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        refused = client.get("/audit/?q=<b>x</b>")
        forged = client.get("/audit%0d%0aERROR forged entry")
    assert refused.status_code == 403 and forged.status_code == 404
    assert all(r.exc_info is None for r in caplog.records) and "Traceback" not in caplog.text
    assert "\nERROR forged entry" not in caplog.text  # the path's line break is escaped


def test_a_refused_host_name_still_forbids_framing(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "method, url", [("get", "/calls/manage/?q=%00"), ("post", "/visits/report/")]
)
def test_a_nul_character_is_refused_with_400_on_every_database(client_for, personas, method, url):
    """PostgreSQL refuses NUL in any text: lists searched with it answered 500 there."""
    client = client_for("coordinator" if method == "get" else "nour_worker")
    response = getattr(client, method)(url, {"discussed": "a\x00b"} if method == "post" else None)
    assert response.status_code == 400
