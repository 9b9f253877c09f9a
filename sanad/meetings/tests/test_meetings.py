from datetime import datetime, timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sanad.audit.models import AuditEvent
from sanad.meetings import services
from sanad.meetings.models import ActionItem, Meeting, MeetingDocument
from sanad.network.models import Organisation


def _schedule(personas, days=7, **extra):
    start = timezone.now() + timedelta(days=days)
    return services.schedule(
        actor=personas.coordinator,
        values={
            "title": "Réunion de coordination",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "mode": "in_person",
            "place": "Casablanca",
        }
        | extra,
        organisations=[personas.nour],
        people=[],
        agenda=["Point sur les visites"],
    )


def test_scheduling_sends_ics_invitations(client_for, personas, django_capture_on_commit_callbacks):
    response = client_for("coordinator").post(
        reverse("meetings:meeting_create"),
        {
            "title": "Réunion trimestrielle",
            "starts_at": "2026-12-15T10:00",
            "ends_at": "2026-12-15T12:00",
            "mode": "online",
            "link": "https://meet.example/abc",
            "invited_organisations": [personas.nour.pk],
            "agenda": "Bilan\nPlanning",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["nour_manager@test.example", "nour_worker@test.example"]
    attachment = mail.outbox[0].attachments[0]
    calendar = Calendar.from_ical(
        attachment[1] if isinstance(attachment, tuple) else attachment.content
    )
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Réunion trimestrielle"
    ten = timezone.make_aware(datetime(2026, 12, 15, 10, 0))  # in Casablanca
    assert event.decoded("DTSTART") == ten and event.decoded("DTSTART").utcoffset().seconds == 0
    # Calendar clients need a time zone defined for a TZID, an organiser and attendees.
    text = attachment[1] if isinstance(attachment, tuple) else attachment.content
    assert "TZID" not in str(text) or "BEGIN:VTIMEZONE" in str(text)
    assert str(event["ORGANIZER"]) == "mailto:coordinator@test.example"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == ["mailto:nour_manager@test.example", "mailto:nour_worker@test.example"]
    assert [a.title for a in meeting.agenda.all()] == ["Bilan", "Planning"]
    assert AuditEvent.objects.filter(action="meeting.scheduled").exists()


def test_online_meeting_needs_a_link(client_for, personas):
    response = client_for("coordinator").post(
        reverse("meetings:meeting_create"),
        {
            "title": "x",
            "starts_at": "2026-12-15T10:00",
            "ends_at": "2026-12-15T09:00",
            "mode": "online",
        },
    )
    assert {"link", "ends_at"} <= set(response.context["form"].errors)


def test_open_action_items_are_carried_until_done(client_for, personas):
    first = _schedule(personas, days=-30)
    client_for("coordinator").post(
        reverse("meetings:meeting_outcome", args=[first.code]),
        {
            f"attendance_{personas.nour.pk}": "present",
            "minutes": "<script>alert(1)</script> ok",
            "decisions": "Adopter le plan",
            "act0-description": "Envoyer les listes",
            "act0-owner_organisation": personas.nour.pk,
            "act0-due_on": "2026-12-01",
        },
    )
    second = _schedule(personas, days=7)
    assert [(a.title, bool(a.carried_from)) for a in second.agenda.all()] == [
        ("Envoyer les listes", True),
        ("Point sur les visites", False),
    ]
    item = ActionItem.objects.get()
    client_for("coordinator").post(reverse("meetings:action_done", args=[item.code]))
    third = _schedule(personas, days=14)
    assert [a.title for a in third.agenda.all()] == ["Point sur les visites"]
    page = client_for("nour_worker").get(reverse("meetings:meeting_detail", args=[first.code]))
    assert b"<script>alert" not in page.content and b"&lt;script&gt;" in page.content


def test_attendance_rate(personas):
    for status in ("present", "absent"):
        meeting = _schedule(personas, days=-10)
        services.record_outcome(
            actor=personas.coordinator,
            meeting=meeting,
            attendance={personas.nour: status},
            minutes="x",
            decisions=[],
            actions=[],
        )
    assert services.attendance_rates([personas.nour])[personas.nour] == (1, 2)
    # Present at a meeting it was not invited to: not counted; never invited: (0, 0).
    services.record_outcome(
        actor=personas.coordinator,
        meeting=meeting,
        attendance={personas.amal: "present"},
        minutes="x",
        decisions=[],
        actions=[],
    )
    rates = services.attendance_rates([personas.nour, personas.amal])
    assert rates == {personas.nour: (1, 2), personas.amal: (0, 0)}


def test_the_meeting_list_counts_attendance_in_a_fixed_number_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    """The attendance table has a row per CSO: it is counted in two queries, not two per CSO
    (48 queries for the network's 24 CSOs at national scale). The filter's organisations
    are one query more, whatever their number."""
    client = client_for("coordinator")
    client.get(reverse("meetings:meeting_list"))
    for number in range(5):
        Organisation.objects.create(
            name_fr=f"CSO {number}", name_ar=f"جمعية {number}", kind="partner_cso"
        )
    with django_assert_max_num_queries(10):
        page = client.get(reverse("meetings:meeting_list"))
    assert len(page.context["rates"]) >= 7


def test_access(client_for, personas):
    meeting = _schedule(personas)
    url = reverse("meetings:meeting_detail", args=[meeting.code])
    assert client_for("nour_worker").get(url).status_code == 200
    assert client_for("amal_worker").get(url).status_code == 404
    assert client_for("nour_manager").get(reverse("meetings:meeting_create")).status_code == 403
    assert client_for("nour_worker").post(url).status_code == 405
    ics = client_for("nour_worker").get(reverse("meetings:meeting_ics", args=[meeting.code]))
    assert Calendar.from_ical(ics.content)


def _with_action(personas, client_for, **owner):
    meeting = _schedule(personas, days=-3)
    meeting.invited_organisations.add(personas.amal)
    ActionItem.objects.create(
        meeting=meeting, description="Envoyer les listes", due_on="2026-12-20", **owner
    )
    return meeting, ActionItem.objects.get()


def test_the_focal_point_completes_the_action_of_their_cso_with_a_note(client_for, personas):
    meeting, item = _with_action(personas, client_for, owner_organisation=personas.nour)
    url = reverse("meetings:action_done", args=[item.code])
    page = client_for("nour_manager").get(reverse("meetings:meeting_detail", args=[meeting.code]))
    assert url in page.content.decode()
    assert url not in client_for("nour_worker").get(page.wsgi_request.path).content.decode()
    assert client_for("nour_worker").post(url, {"note": "x"}).status_code == 403
    assert client_for("amal_manager").post(url, {"note": "x"}).status_code == 403  # invited
    assert client_for("outsider").post(url).status_code in (403, 404)
    assert client_for("nour_manager").get(url).status_code == 405
    assert ActionItem.objects.get().done_on is None
    response = client_for("nour_manager").post(url, {"note": "Listes envoyées le 5"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_by, item.done_note) == (personas.nour_manager, "Listes envoyées le 5")
    event = AuditEvent.objects.get(action="meeting.action_done")
    assert event.actor == personas.nour_manager
    shown = client_for("coordinator").get(reverse("meetings:meeting_detail", args=[meeting.code]))
    assert "Listes envoyées le 5" in shown.content.decode()
    assert personas.nour_manager.display_name in shown.content.decode()


def test_the_person_an_action_is_assigned_to_completes_it(client_for, personas):
    _meeting, item = _with_action(personas, client_for, owner=personas.nour_worker)
    url = reverse("meetings:action_done", args=[item.code])
    assert client_for("amal_worker").post(url).status_code == 403
    assert client_for("nour_worker").post(url).status_code == 302
    assert ActionItem.objects.get().done_by == personas.nour_worker


def test_no_outcome_before_the_meeting_starts(client_for, personas):
    meeting = _schedule(personas, days=9)
    url = reverse("meetings:meeting_outcome", args=[meeting.code])
    response = client_for("coordinator").post(
        url, {f"attendance_{personas.nour.pk}": "present", "minutes": "Tenue ?"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == "planned" and not meeting.minutes
    assert not meeting.attendance.exists()
    page = client_for("coordinator").get(reverse("meetings:meeting_detail", args=[meeting.code]))
    assert url not in page.content.decode()


def _ics_of(message) -> Calendar:
    attachment = message.attachments[0]
    return Calendar.from_ical(
        attachment[1] if isinstance(attachment, tuple) else attachment.content
    )


def test_a_rescheduled_meeting_updates_every_invitees_calendar(
    client_for, personas, django_capture_on_commit_callbacks
):
    meeting = _schedule(personas, days=7)
    mail.outbox.clear()
    url = reverse("meetings:meeting_change", args=[meeting.code])
    page = client_for("coordinator").get(url)
    start = meeting.starts_at + timedelta(days=1)
    form = page.context["form"].initial | {
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "version": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("coordinator").post(url, form).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nour_manager@test.example", "nour_worker@test.example",
    ]  # fmt: skip
    calendar = _ics_of(mail.outbox[0])
    event = next(iter(calendar.walk("VEVENT")))
    assert str(calendar["METHOD"]) == "REQUEST" and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == start.replace(second=0, microsecond=0)
    assert str(event["UID"]) == f"meeting-{meeting.code}@" + str(event["UID"]).split("@")[1]
    assert AuditEvent.objects.filter(action="meeting.rescheduled").exists()
    stale = client_for("coordinator").post(url, form)  # the version moved on
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert client_for("nour_manager").get(url).status_code == 403
    assert client_for("amal_worker").get(url).status_code == 403


def test_a_cancelled_meeting_leaves_every_invitees_calendar(
    client_for, personas, django_capture_on_commit_callbacks
):
    meeting = _schedule(personas, days=7)
    mail.outbox.clear()
    url = reverse("meetings:meeting_cancel", args=[meeting.code])
    confirm = client_for("coordinator").get(url).content.decode()
    assert "2 personnes invitées" in confirm or "2 invités" in confirm
    assert not mail.outbox and Meeting.objects.get().state == "planned"
    assert client_for("coordinator").post(url, {"reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(url, {"reason": "Grève des transports"})
    assert response.status_code == 302 and Meeting.objects.get().state == "cancelled"
    calendar = _ics_of(mail.outbox[0])
    event = next(iter(calendar.walk("VEVENT")))
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert "Grève des transports" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="meeting.cancelled").exists()
    assert client_for("coordinator").post(url, {"reason": "encore"}).status_code == 403
    assert client_for("coordinator").put(url).status_code == 405
    detail = client_for("nour_worker").get(reverse("meetings:meeting_detail", args=[meeting.code]))
    assert "Nour (test)" in detail.content.decode()  # who is invited is listed


def test_meetings_and_action_items_are_searched_and_filtered(client_for, personas):
    held = _schedule(personas, days=-40, title="Bilan trimestriel")
    later = _schedule(personas, days=10, title="Préparation du plaidoyer")
    services.cancel(actor=personas.coordinator, meeting=later, reason="Reportée")
    ActionItem.objects.create(meeting=held, description="Envoyer les listes", due_on="2026-11-01",
                              owner_organisation=personas.nour)  # fmt: skip
    ActionItem.objects.create(meeting=held, description="Relancer la DGAPR", due_on="2026-12-20",
                              owner=personas.nour_worker, done_on="2026-12-01")  # fmt: skip
    client = client_for("coordinator")
    url = reverse("meetings:meeting_list")

    def titles(**params):
        return [m.title for m in client.get(url, params).context["page"].object_list]

    assert titles(q="bilan") == ["Bilan trimestriel"]
    assert titles(organisation=personas.nour.code, state="cancelled") == [later.title]
    assert titles(state="planned") == ["Bilan trimestriel"]
    assert titles(until=str(timezone.localdate())) == ["Bilan trimestriel"]
    not_invited = client.get(url, {"organisation": personas.amal.code})
    assert not_invited.context["form"].errors  # not among the choices: said, not guessed
    bad = client.get(url, {"since": "2026-12-01", "until": "2026-01-01"})
    assert bad.context["form"].errors and "2026-12-01" in bad.content.decode()
    actions = reverse("meetings:action_list")

    def described(who="coordinator", **params):
        page = client_for(who).get(actions, params).context["page"]
        return [a.description for a in page.object_list]

    assert described() == ["Envoyer les listes", "Relancer la DGAPR"]  # to do first
    assert described(state="done") == ["Relancer la DGAPR"]
    assert described(q=personas.nour_worker.full_name.split()[0]) == ["Relancer la DGAPR"]
    assert described(organisation=personas.nour.code) == ["Envoyer les listes"]
    assert described(since="2026-12-01") == ["Relancer la DGAPR"]
    assert described("amal_worker") == []  # not invited
    assert client_for("observer").get(actions).status_code == 403
    assert client.post(actions).status_code == 405


def test_invitees_read_the_documents_of_a_meeting(client_for, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = _schedule(personas, days=-2)
    url = reverse("meetings:document_upload", args=[meeting.code])
    pdf = SimpleUploadedFile("ordre-du-jour.pdf", b"%PDF-1.4 agenda", "application/pdf")
    page = reverse("meetings:meeting_detail", args=[meeting.code])
    assert client_for("coordinator").post(url, {"kind": "agenda", "file": pdf}).status_code == 302
    document = MeetingDocument.objects.get()
    html = SimpleUploadedFile("minutes.pdf", b"<html><script>x</script>", "application/pdf")
    refused = client_for("coordinator").post(url, {"kind": "minutes", "file": html}, follow=True)
    assert "PDF" in refused.content.decode() and MeetingDocument.objects.count() == 1
    download = reverse("meetings:document_download", args=[document.code])
    assert download in client_for("nour_worker").get(page).content.decode()
    response = client_for("nour_worker").get(download)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 agenda"
    read = AuditEvent.objects.get(action="meeting.document_downloaded")
    assert read.actor == personas.nour_worker
    assert AuditEvent.objects.filter(action="meeting.document_added").exists()
    assert client_for("amal_worker").get(download).status_code == 404  # not invited
    other = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")
    assert client_for("nour_manager").post(url, {"kind": "other", "file": other}).status_code == 403
    assert client_for("coordinator").get(url).status_code == 405
