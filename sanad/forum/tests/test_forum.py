"""Network life: the coordinator's announcements reach every member in their language, the
members discuss by theme, and a weekly digest sums up the week once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.forum import services
from sanad.forum.models import Announcement, Digest, Thread
from sanad.network.models import Notification
from sanad.test import ROLE_PERSONAS

pytestmark = pytest.mark.django_db
MEMBERS = {"admin", "coordinator", "finance", "analyst", "lawyer",
           "nour_manager", "nour_worker", "amal_manager", "amal_worker"}  # fmt: skip
ANNOUNCEMENT = {"title_fr": "Assemblée du réseau", "title_ar": "جمع الشبكة",
                "body_fr": "Le 15 janvier à Rabat.",
                "body_ar": "يوم 15 يناير بالرباط."}  # fmt: skip


def _thread(personas, title="Accès aux parloirs"):
    return services.start_thread(
        actor=personas.nour_worker, values={"title": title}, body="Qui a des nouvelles ?"
    )


def test_members_read_everything_shared_and_only_the_coordinator_announces(client_for, personas):
    thread = _thread(personas)
    announcement = services.publish(actor=personas.coordinator, values=ANNOUNCEMENT, email=False)
    reads = [
        reverse("forum:thread_list"),
        reverse("forum:thread_detail", args=[thread.code]),
        reverse("forum:announcement_list"),
        reverse("forum:announcement_detail", args=[announcement.code]),
    ]
    for persona in ROLE_PERSONAS:
        for url in reads:
            expected = 200 if persona in MEMBERS else 403
            assert client_for(persona).get(url).status_code == expected, (persona, url)
    create = reverse("forum:announcement_create")
    assert client_for("nour_manager").post(create, ANNOUNCEMENT).status_code == 403
    assert (
        client_for("observer")
        .post(reverse("forum:thread_reply", args=[thread.code]), {"body": "x"})
        .status_code
        == 403
    )
    close = reverse("forum:thread_close", args=[thread.code])
    assert client_for("nour_worker").post(close).status_code == 403
    assert client_for("coordinator").get(close).status_code == 405
    assert Announcement.objects.count() == 1 and not Thread.objects.get().closed


def test_an_announcement_is_e_mailed_to_each_member_in_their_language(client_for, personas):
    personas.amal_worker.preferred_language = "ar"
    personas.amal_worker.save()
    response = client_for("coordinator").post(
        reverse("forum:announcement_create"), ANNOUNCEMENT | {"email": "on"}
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and announcement.emailed
    by_address = {m.to[0]: m for m in mail.outbox}
    assert personas.coordinator.email not in by_address  # not to its author
    assert personas.observer.email not in by_address  # the donor is not a member
    assert "جمع الشبكة" in by_address[personas.amal_worker.email].subject
    assert "يوم 15 يناير" in by_address[personas.amal_worker.email].body
    assert "Assemblée du réseau" in by_address[personas.nour_worker.email].subject
    told = Notification.objects.get(user=personas.amal_worker)
    assert "جمع الشبكة" in told.text
    assert AuditEvent.objects.filter(action="announcement.published").exists()


def test_without_e_mail_an_announcement_waits_for_the_digest(client_for, personas):
    client_for("coordinator").post(reverse("forum:announcement_create"), ANNOUNCEMENT)
    assert mail.outbox == [] and Notification.objects.filter(user=personas.nour_worker).exists()


def test_a_discussion_its_replies_and_its_closing(client_for, personas):
    client = client_for("nour_worker")
    response = client.post(
        reverse("forum:thread_create"), {"title": "Parloirs à Oukacha", "body": "Des nouvelles ?"}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and thread.posts_count == 1
    reply = reverse("forum:thread_reply", args=[thread.code])
    answered = client_for("amal_worker").post(reply, {"body": "Ouverts le mardi."})
    assert answered.status_code == 302 and "#post-" in answered["Location"]
    thread.refresh_from_db()
    assert thread.posts_count == 2
    page = client_for("lawyer").get(reverse("forum:thread_detail", args=[thread.code]))
    assert "Ouverts le mardi." in page.text
    client_for("coordinator").post(reverse("forum:thread_close", args=[thread.code]))
    late = client_for("amal_worker").post(reply, {"body": "Et le jeudi ?"})
    assert late.status_code == 200 and late.context["form"]["body"].value() == "Et le jeudi ?"
    assert "Et le jeudi ?" in late.text and "Cette discussion est close." in late.text  # shown
    assert Thread.objects.get().posts_count == 2
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"thread.started", "thread.replied", "thread.closed"} <= set(actions)


def test_the_weekly_digest_goes_once_and_only_with_news(personas):
    today = timezone.localdate()
    assert services.send_digest(today=today) == 0 and mail.outbox == []  # nothing new
    Digest.objects.all().delete()
    personas.nour_worker.preferred_language = "ar"
    personas.nour_worker.save()
    services.publish(actor=personas.coordinator, values=ANNOUNCEMENT, email=False)
    _thread(personas)
    sent = services.send_digest(today=today)
    assert sent == len(MEMBERS) == len(mail.outbox)
    arabic = next(m for m in mail.outbox if m.to == [personas.nour_worker.email])
    assert "جمع الشبكة" in arabic.body and "Accès aux parloirs" in arabic.body
    assert services.send_digest(today=today) == 0  # once a week
    assert services.send_digest(today=today + timedelta(days=7)) == 0  # nothing new since


def test_the_list_reads_a_bounded_number_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    for number in range(30):
        _thread(personas, title=f"Sujet {number}")
    client = client_for("nour_worker")
    client.get(reverse("forum:thread_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forum:thread_list"))
    assert len(response.context["page"].object_list) == 25
