import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.accounts.middleware import SessionActivityMiddleware


def _stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _writes_to_sessions(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        q["sql"] for q in captured.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]  # fmt: skip


def test_reading_pages_does_not_write_the_session_each_time(client, personas):
    client.force_login(personas.nour_worker)
    client.get(reverse("home"))
    assert _writes_to_sessions(client, reverse("home")) == []


def test_activity_slides_the_idle_expiry(client, personas, settings):
    client.force_login(personas.nour_worker)
    client.get(reverse("home"))
    session = client.session
    session[SessionActivityMiddleware.KEY] = (
        int(time.time()) - settings.SANAD_SESSION_ACTIVITY_SECONDS
    )
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=30)
    )
    assert _stored(client).expire_date < timezone.now() + timedelta(seconds=60)
    assert _writes_to_sessions(client, reverse("home"))
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(_stored(client).expire_date - expected) < timedelta(seconds=30)


def test_an_idle_session_signs_the_person_out(client, personas):
    client.force_login(personas.nour_worker)
    client.get(reverse("home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("beneficiaries:beneficiary_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
