from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar
from pypdf import PdfReader

from sanad.audit.models import AuditEvent
from sanad.beneficiaries import services as beneficiaries
from sanad.beneficiaries.models import Beneficiary, Relative
from sanad.beneficiaries.tests.conftest import register
from sanad.legal import calendar, services, tasks
from sanad.legal.models import CaseDocument, LegalCase
from sanad.legal.tasks import send_deadline_digests
from sanad.reference.models import Court, Establishment


def test_lawyer_sees_only_cases_with_a_mandate(client_for, personas, case):
    other = services.open_case(
        actor=personas.nour_worker,
        beneficiary=register(personas, "nour", first_name_latin="Samira"),
        values={"stage": "appeal"},
    )
    client = client_for("lawyer")
    listed = client.get(reverse("legal:case_list")).context["page"].object_list
    assert [c.code for c in listed] == [case.code]
    assert client.get(reverse("legal:case_detail", args=[other.code])).status_code == 404
    assert (
        client.get(
            reverse("beneficiaries:beneficiary_detail", args=[other.beneficiary.code])
        ).status_code
        == 404
    )
    assert client.get(reverse("legal:case_edit", args=[case.code])).status_code == 403


def test_lawyer_sees_the_person_but_not_relatives_or_health(client_for, personas, case):
    b = case.beneficiary
    Relative.objects.create(beneficiary=b, name="Rkia Secret", relationship="mother")
    b.health_notes = "diabète secret"
    b.save()
    page = client_for("lawyer").get(reverse("beneficiaries:beneficiary_detail", args=[b.code]))
    assert page.status_code == 200
    assert "فاطمة".encode() in page.content
    assert b"Rkia Secret" not in page.content and "diabète".encode() not in page.content


def test_ending_the_mandate_ends_access(client_for, personas, case):
    mandate = case.mandates.get()
    url = reverse("legal:mandate_end", args=[mandate.code])
    assert client_for("coordinator").get(url).status_code == 200
    assert client_for("lawyer").post(url).status_code == 403
    client_for("coordinator").post(url)
    assert (
        client_for("lawyer").get(reverse("legal:case_detail", args=[case.code])).status_code == 404
    )
    assert AuditEvent.objects.filter(action="case.lawyer_removed").exists()


def test_open_case_and_edit_are_audited(client_for, personas, rules):
    b = register(personas, "nour", first_name_latin="Zineb")
    response = client_for("nour_worker").post(
        reverse("legal:case_create", args=[b.code]),
        {"stage": "investigation", "needs": ["representation", "consular"]},
    )
    case = LegalCase.objects.get(beneficiary=b)
    assert response["Location"] == reverse("legal:case_detail", args=[case.code])
    assert case.needs == ["representation", "consular"]
    assert AuditEvent.objects.get(action="case.opened").organisation == personas.nour
    assert (
        client_for("amal_worker")
        .post(reverse("legal:case_create", args=[b.code]), {"stage": "appeal"})
        .status_code
        == 404
    )


def test_wrong_methods(client_for, case):
    assert (
        client_for("lawyer").post(reverse("legal:case_detail", args=[case.code])).status_code == 405
    )
    assert client_for("lawyer").put(reverse("legal:agenda")).status_code == 405


def test_calendar_feed_is_valid_ical_and_revocable(client_for, personas, case):
    client = client_for("lawyer")
    client.post(
        reverse("legal:decision_create", args=[case.code]),
        {
            "level": "first_instance",
            "kind": "contradictory",
            "pronounced_on": str(timezone.localdate()),
        },
    )
    services.schedule_hearing(
        actor=personas.lawyer,
        case=case,
        values={"scheduled_at": timezone.now() + timedelta(days=3), "purpose": "plaidoirie"},
    )
    page = client.post(reverse("legal:calendar_manage"), {"action": "issue"})
    link = page.context["link"]
    feed = client_for(None).get(link.split("testserver", 1)[1])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = list(calendar.walk("VEVENT"))
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert len(events) == 2 and "Audience" in summaries and "Délai" in summaries
    assert "Fatima" not in summaries  # initials only: calendars end up on phones
    personas.lawyer.preferred_language = "ar"
    personas.lawyer.save()
    arabic = Calendar.from_ical(client_for(None).get(link.split("testserver", 1)[1]).content)
    assert any(str(e["SUMMARY"]).startswith("جلسة") for e in arabic.walk("VEVENT"))
    client.post(reverse("legal:calendar_manage"), {"action": "revoke"})
    assert client_for(None).get(link.split("testserver", 1)[1]).status_code == 404
    assert client_for(None).get("/legal/calendar/made-up.ics").status_code == 404
    assert AuditEvent.objects.filter(action="calendar.revoked").exists()


def _hearings_in(case, actor, days, hour=10, count=1):
    """`count` hearings of `case` in `days` days at `hour`, local time."""
    moment = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, 30))
    )
    for _ in range(count):
        services.schedule_hearing(actor=actor, case=case, values={"scheduled_at": moment})


def test_a_calendar_feed_carries_the_most_urgent_and_says_how_many_more(
    client_for, personas, case, monkeypatch
):
    """A network-wide agenda would swamp a phone: the feed stops at FEED_EVENTS of each kind
    and an event today tells how many more the agenda page has."""
    monkeypatch.setattr(calendar, "FEED_EVENTS", 2)
    _hearings_in(case, personas.lawyer, days=3, count=2)
    _hearings_in(case, personas.lawyer, days=200, count=3)
    client = client_for("lawyer")
    link = client.post(reverse("legal:calendar_manage"), {"action": "issue"}).context["link"]
    feed = Calendar.from_ical(client_for(None).get(link.split("testserver", 1)[1]).content)
    events = list(feed.walk("VEVENT"))
    hearings = [e for e in events if str(e["UID"]).startswith("hearing-")]
    assert [e.decoded("DTSTART").date() for e in hearings] == [
        timezone.localdate() + timedelta(days=3)
    ] * 2
    (more,) = [e for e in events if str(e["UID"]).startswith("more-")]
    assert more.decoded("DTSTART") == timezone.localdate()
    assert "3" in str(more["SUMMARY"]) and "/legal/agenda/" in str(more["DESCRIPTION"])
    monkeypatch.setattr(calendar, "FEED_EVENTS", 5)
    feed = Calendar.from_ical(client_for(None).get(link.split("testserver", 1)[1]).content)
    assert not [e for e in feed.walk("VEVENT") if str(e["UID"]).startswith("more-")]


@pytest.mark.parametrize("kind", ["pardon", "conditional_release"])
def test_letters_are_pdfs_with_the_arabic_name(client_for, case, kind):
    url = reverse("legal:letter", args=[case.code, kind])
    page = client_for("nour_worker").get(url, {"language": "ar"})
    body = page.context["form"].initial["body"]
    assert "فاطمة العلوي" in body
    edited = body + "\nملاحظة إضافية من المحامي"
    response = client_for("nour_worker").post(url, {"language": "ar", "body": edited})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "فاطمة العلوي" in text and "ملاحظة إضافية" in text
    assert AuditEvent.objects.filter(action="case.letter_generated").exists()
    assert client_for("amal_worker").get(url).status_code == 404


def test_french_letter_has_the_latin_name(client_for, case):
    url = reverse("legal:letter", args=[case.code, "pardon"])
    body = client_for("lawyer").get(url).context["form"].initial["body"]
    assert "Fatima Alaoui" in body and "grâce" in body


def test_a_letter_keeps_names_as_written(client_for, case):
    """A name with an apostrophe (N'Diaye, "Centre de réforme et d'éducation") is written as
    such in the letter, not as an HTML entity."""
    Beneficiary.objects.filter(pk=case.beneficiary_id).update(last_name_latin="N'Diaye")
    url = reverse("legal:letter", args=[case.code, "pardon"])
    body = client_for("lawyer").get(url).context["form"].initial["body"]
    assert "Fatima N'Diaye" in body and "&#x27;" not in body
    response = client_for("lawyer").post(url, {"language": "fr", "body": body})
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Fatima N'Diaye" in text


def test_documents_are_checked_and_downloaded_through_the_view(
    client_for, case, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("legal:document_upload", args=[case.code])
    bad = client_for("lawyer").post(
        url,
        {"kind": "judgment", "file": SimpleUploadedFile("jugement.pdf", b"<html>not a pdf</html>")},
    )
    assert bad.status_code == 200 and not CaseDocument.objects.exists()
    client_for("lawyer").post(
        url, {"kind": "judgment", "file": SimpleUploadedFile("jugement.pdf", b"%PDF-1.7 judgment")}
    )
    document = CaseDocument.objects.get()
    assert document.content_type == "application/pdf"
    download = client_for("nour_manager").get(
        reverse("legal:document_download", args=[document.code])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="case.document_downloaded").exists()
    assert (
        client_for("amal_manager")
        .get(reverse("legal:document_download", args=[document.code]))
        .status_code
        == 404
    )


def test_digest_mails_in_each_persons_language(client_for, personas, case):
    personas.lawyer.preferred_language = "ar"
    personas.lawyer.save()
    today = timezone.localdate()
    # Decided 10 days ago: due in about 1–3 days depending on weekends.
    services.record_decision(
        actor=personas.lawyer,
        case=case,
        values={
            "level": "first_instance",
            "kind": "contradictory",
            "pronounced_on": today - timedelta(days=4),
        },
    )
    deadline = case.deadlines.get()
    deadline.due_on = today + timedelta(days=3)
    deadline.save()
    sent = send_deadline_digests.call()
    recipients = {m.to[0]: m for m in mail.outbox}
    assert sent == len(mail.outbox) >= 3
    assert {"lawyer@test.example", "nour_worker@test.example", "coordinator@test.example"} <= set(
        recipients
    )
    assert "amal_worker@test.example" not in recipients
    assert "سند" in recipients["lawyer@test.example"].subject
    assert "Fatima" in recipients["nour_worker@test.example"].body


def test_a_digest_lists_the_most_urgent_and_says_how_many_more(personas, case, monkeypatch):
    """A coordinator's digest would list the whole network's deadlines every day: each part
    stops at DIGEST_ROWS rows and says how many more the agenda page shows."""
    monkeypatch.setattr(tasks, "DIGEST_ROWS", 2)
    _hearings_in(case, personas.lawyer, days=3, count=5)
    _hearings_in(case, personas.lawyer, days=1, hour=0)  # 00:30 in Morocco: the day before in UTC
    _hearings_in(case, personas.lawyer, days=5)  # no reminder that day
    send_deadline_digests.call()
    body = next(m.body for m in mail.outbox if m.to == ["lawyer@test.example"])
    assert body.count("Fatima") == 2 and "… et 4 de plus" in body
    assert f"{date_format(timezone.localdate() + timedelta(days=1))} 00:30" in body
    assert "http://127.0.0.1:8000/legal/agenda/" in body
    mail.outbox.clear()
    monkeypatch.setattr(tasks, "DIGEST_ROWS", 6)
    send_deadline_digests.call()
    body = next(m.body for m in mail.outbox if m.to == ["lawyer@test.example"])
    assert body.count("Fatima") == 6 and "de plus" not in body


def test_missed_deadlines_are_recalled_for_a_week(personas, case):
    services.record_decision(
        actor=personas.lawyer,
        case=case,
        values={
            "level": "first_instance",
            "kind": "contradictory",
            "pronounced_on": date(2020, 1, 6),
        },
    )
    deadline = case.deadlines.get()
    deadline.due_on = timezone.localdate() - timedelta(days=2)
    deadline.save()
    send_deadline_digests.call()
    deadline.refresh_from_db()
    assert deadline.status == "missed"
    lawyer_mail = next(m for m in mail.outbox if m.to == ["lawyer@test.example"])
    assert "Fatima" in lawyer_mail.body
    mail.outbox.clear()
    deadline.due_on = timezone.localdate() - timedelta(days=30)
    deadline.save()
    send_deadline_digests.call()
    assert not mail.outbox


def test_a_letter_reads_as_a_lawyer_writes_it(client_for, case, personas):
    """No "(e)" or "(ة)" when the sex is known, the article before the place and the court,
    no "بـ" glued to a French name."""
    prison = Establishment.objects.get(name_fr="Prison locale Tiflet 2")  # loaded reference
    beneficiaries.add_placement(
        actor=personas.nour_worker,
        beneficiary=case.beneficiary,
        establishment=prison,
        register_number="77/2026",
        started_on=date(2026, 2, 1),
    )
    case.court = Court.objects.get(name_fr="Tribunal de première instance de Tiflet")
    case.save()
    services.record_decision(
        actor=personas.nour_worker,
        case=case,
        values={"level": "first_instance", "kind": "contradictory",
                "pronounced_on": date(2026, 3, 2), "custodial_months": 18},
    )  # fmt: skip
    url = reverse("legal:letter", args=[case.code, "pardon"])
    french = client_for("lawyer").get(url).context["form"].initial["body"]
    assert "détenue à la prison locale Tiflet 2" in french
    assert "condamnée le 02/03/2026 par le tribunal de première instance de Tiflet" in french
    assert "(e)" not in french
    arabic = client_for("lawyer").get(url, {"language": "ar"}).context["form"].initial["body"]
    assert "المعتقلة حالياً بالسجن المحلي تيفلت 2" in arabic and "(ة)" not in arabic
    assert "بـ" not in arabic.split("حرر")[0]
    mandate = case.mandates.get()
    lawyer, bar = mandate.lawyer.display_name, mandate.bar
    assert f"Dossier suivi par Maître {lawyer} (Barreau de {bar})." in french
    assert f"الملف يتابعه ذ. \u2068{lawyer}\u2069 (هيئة المحامين: \u2068{bar}\u2069)." in arabic
    services.end_mandate(actor=personas.nour_manager, mandate=mandate)
    assert "Maître" not in client_for("nour_worker").get(url).context["form"].initial["body"]
