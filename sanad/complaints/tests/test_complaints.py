import re
from datetime import date, timedelta
from io import BytesIO

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from sanad.audit.models import AuditEvent
from sanad.complaints import services
from sanad.complaints.models import Complaint, Referral
from sanad.visits.models import Observation, Visit

ARABIC = re.compile("[\u0600-\u06ff]")


def _receive(client, prison, **extra):
    data = {
        "complainant": "relative",
        "complainant_name": "Rkia Bennani",
        "complainant_contact": "0612345678",
        "channel": "phone",
        "received_on": "2026-10-01",
        "establishment": prison.pk,
        "category": "health_care",
        "description": "Pas de soins depuis un mois",
    }
    return client.post(reverse("complaints:complaint_create"), data | extra)


def test_intake_and_lifecycle_are_audited(client_for, personas, prisons):
    client = client_for("nour_worker")
    assert _receive(client, prisons["oukacha"]).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.organisation == personas.nour and complaint.status == "received"
    client.post(
        reverse("complaints:complaint_qualify", args=[complaint.code]),
        {"category": "health_care", "sub_category": "diabète", "urgent": "on"},
    )
    client.post(
        reverse("complaints:complaint_refer", args=[complaint.code]),
        {
            "authority": "dgapr",
            "sent_on": "2026-10-03",
            "channel": "letter",
            "language": "fr",
            "letter_text": "Texte",
        },
    )
    referral = Referral.objects.get()
    client.post(
        reverse("complaints:referral_answer", args=[referral.code]),
        {"answered_on": "2026-10-20", "outcome": "favourable", "answer": "Consultation faite"},
    )
    client.post(
        reverse("complaints:complaint_close", args=[complaint.code]),
        {"closure": "resolved", "feedback": "Famille informée"},
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closure) == ("closed", "resolved")
    actions = list(
        AuditEvent.objects.filter(action__startswith="complaint.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.received",
        "complaint.qualified",
        "complaint.referred",
        "complaint.answered",
        "complaint.closed",
    ]


def test_anonymous_complaints_keep_no_identity(client_for, personas, prisons):
    _receive(
        client_for("nour_worker"),
        prisons["oukacha"],
        complainant="anonymous",
        identity_disclosable="on",
    )
    complaint = Complaint.objects.get()
    assert (complaint.complainant_name, complaint.complainant_contact) == ("", "")
    assert not complaint.identity_disclosable


def _letter_text(client, complaint, language):
    page = client.get(
        reverse("complaints:complaint_refer", args=[complaint.code]), {"language": language}
    )
    return page.context["form"].initial["letter_text"]


def test_a_letter_keeps_the_text_as_typed(client_for, prisons):
    """The letter is plain text shown in a form, then a PDF: an apostrophe or an ampersand
    typed in the complaint reaches the authority as typed, not as an HTML entity."""
    client = client_for("nour_worker")
    _receive(client, prisons["oukacha"], description="Il n'a vu ni médecin & ni infirmier.")
    text = _letter_text(client, Complaint.objects.get(), "fr")
    assert "Il n'a vu ni médecin & ni infirmier." in text and "&#x27;" not in text
    page = client.get(
        reverse("complaints:complaint_refer", args=[Complaint.objects.get().code]),
        {"language": "fr"},
    )
    assert "Il n&#x27;a vu ni médecin &amp; ni infirmier." in page.content.decode()


def test_letter_omits_the_identity_unless_disclosable(client_for, personas, prisons, fatima):
    client = client_for("nour_worker")
    _receive(client, prisons["oukacha"], beneficiary=fatima.pk)
    complaint = Complaint.objects.get()
    for language in ("fr", "ar"):
        text = _letter_text(client, complaint, language)
        assert "Rkia" not in text and "Fatima" not in text and "فاطمة" not in text
    client.post(
        reverse("complaints:complaint_refer", args=[complaint.code]),
        {
            "authority": "dgapr",
            "sent_on": "2026-10-03",
            "channel": "letter",
            "language": "ar",
            "letter_text": _letter_text(client, complaint, "ar"),
        },
    )
    pdf = client.get(reverse("complaints:referral_letter", args=[Referral.objects.get().code]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Rkia" not in text and "فاطمة" not in text
    assert "لم يتم الإفصاح عن هويته" in text
    complaint.identity_disclosable = True
    complaint.save()
    assert "Rkia Bennani" in _letter_text(client, complaint, "fr")


def _referred(personas, org, category, sent_on):
    """A complaint received by `org`'s worker and referred to the director on `sent_on`."""
    actor = getattr(personas, f"{org}_worker")
    complaint = services.receive(
        actor=actor,
        organisation=getattr(personas, org),
        values={
            "complainant": "detainee",
            "channel": "visit",
            "category": category,
            "description": "x",
            "received_on": sent_on - timedelta(days=1),
        },
    )
    services.refer(
        actor=actor,
        complaint=complaint,
        values={
            "authority": "director",
            "sent_on": sent_on,
            "channel": "letter",
            "language": "fr",
            "letter_text": "x",
        },
    )
    return complaint


def test_reminders_chase_unanswered_referrals(personas, prisons, settings):
    settings.SANAD_COMPLAINT_REMINDER_DAYS = 30
    complaint = _referred(personas, "nour", "conditions", date(2026, 9, 2))
    assert services.send_reminders(today=date(2026, 9, 20)) == 0
    assert services.send_reminders(today=date(2026, 10, 5)) == 1
    recipients = {m.to[0]: m for m in mail.outbox}
    assert {
        "nour_worker@test.example",
        "coordinator@test.example",
        "nour_manager@test.example",
    } <= set(recipients)
    assert "amal_worker@test.example" not in recipients
    body = recipients["nour_manager@test.example"].body
    assert "33 jours" in body and f"/complaints/{complaint.code}/" in body
    assert AuditEvent.objects.filter(
        action="complaint.reminder_sent", target_code=str(complaint.code), actor=None
    ).exists()
    mail.outbox.clear()
    assert services.send_reminders(today=date(2026, 10, 6)) == 0  # not every day
    assert services.send_reminders(today=date(2026, 10, 13)) == 1


def test_each_person_gets_one_reminder_listing_their_referrals(
    personas, prisons, settings, monkeypatch
):
    """However many referrals wait, a person gets one e-mail a day: the longest waiting
    first, at most REMINDER_ROWS of them, then how many more."""
    settings.SANAD_COMPLAINT_REMINDER_DAYS = 30
    settings.SITE_URL = "https://sanad.example"
    older = _referred(personas, "nour", "conditions", date(2026, 8, 1))
    newer = _referred(personas, "nour", "health_care", date(2026, 8, 20))
    amal = _referred(personas, "amal", "ill_treatment", date(2026, 8, 10))
    assert services.send_reminders(today=date(2026, 10, 1)) == 3
    received = [m.to[0] for m in mail.outbox]
    assert received.count("coordinator@test.example") == 1
    assert received.count("nour_manager@test.example") == 1
    coordinator = next(m.body for m in mail.outbox if m.to == ["coordinator@test.example"])
    links = [f"https://sanad.example/complaints/{c.code}/" for c in (older, amal, newer)]
    assert [coordinator.index(link) for link in links] == sorted(
        coordinator.index(link) for link in links
    )
    assert "3 doléances" in coordinator
    nour = next(m.body for m in mail.outbox if m.to == ["nour_manager@test.example"])
    assert str(amal.code) not in nour and str(older.code) in nour
    assert AuditEvent.objects.filter(action="complaint.reminder_sent").count() == 3
    mail.outbox.clear()
    monkeypatch.setattr(services, "REMINDER_ROWS", 1)
    services.send_reminders(today=date(2026, 10, 8))
    coordinator = next(m.body for m in mail.outbox if m.to == ["coordinator@test.example"])
    assert str(older.code) in coordinator and str(newer.code) not in coordinator
    assert "… et 2 de plus" in coordinator


def test_figures_match_the_records(client_for, personas, prisons):
    for i, (category, answered_after) in enumerate(
        [("health_care", 10), ("health_care", 20), ("conditions", None)]
    ):
        complaint = services.receive(
            actor=personas.nour_worker,
            organisation=personas.nour,
            values={
                "complainant": "detainee",
                "channel": "visit",
                "category": category,
                "description": "x",
                "establishment": prisons["oukacha"],
                "received_on": date(2026, 9, 1 + i),
            },
        )
        referral = services.refer(
            actor=personas.nour_worker,
            complaint=complaint,
            values={
                "authority": "dgapr",
                "sent_on": date(2026, 9, 5),
                "channel": "letter",
                "language": "fr",
                "letter_text": "x",
            },
        )
        if answered_after:
            services.record_answer(
                actor=personas.nour_worker,
                referral=referral,
                values={
                    "answered_on": date(2026, 9, 5) + timedelta(days=answered_after),
                    "outcome": "favourable",
                    "answer": "ok",
                },
            )
            services.close(
                actor=personas.nour_worker,
                complaint=complaint,
                closure="resolved" if i == 0 else "unresolved",
                feedback="ok",
            )
    page = client_for("coordinator").get(reverse("complaints:complaint_figures"))
    figures = page.context["figures"]
    assert figures["total"] == 3 and figures["referred"] == 3 and figures["answered"] == 2
    assert figures["average_days_to_answer"] == 15.0
    assert figures["share_resolved"] == 50
    assert {row["category"]: row["n"] for row in figures["by_category"]} == {
        "health_care": 2,
        "conditions": 1,
    }
    assert (
        client_for("nour_manager").get(reverse("complaints:complaint_figures")).status_code == 403
    )


def test_access(client_for, personas, prisons):
    _receive(client_for("nour_worker"), prisons["oukacha"])
    complaint = Complaint.objects.get()
    url = reverse("complaints:complaint_detail", args=[complaint.code])
    assert client_for("amal_worker").get(url).status_code == 404
    assert client_for("lawyer").get(url).status_code == 404
    coordinator_page = client_for("coordinator").get(url)
    assert b"0612345678" in coordinator_page.content
    assert client_for("analyst").get(url).status_code == 403
    assert client_for("nour_worker").put(url).status_code == 405
    listed = client_for("amal_worker").get(reverse("complaints:complaint_list"))
    assert list(listed.context["page"].object_list) == []


def test_complaint_from_an_urgent_observation(client_for, personas, prisons, fatima):
    visit = Visit.objects.create(
        organisation=personas.nour,
        establishment=prisons["oukacha"],
        visited_on=timezone.localdate(),
        state="done",
    )
    visit.beneficiaries.add(fatima)
    observation = Observation.objects.create(
        visit=visit, category="treatment", severity="urgent", text="Traces de coups"
    )
    url = reverse("complaints:complaint_from_observation", args=[observation.code])
    # The visit page offers it; nothing linked to it before.
    visit_page = client_for("nour_worker").get(reverse("visits:visit_detail", args=[visit.code]))
    assert url in visit_page.content.decode()
    assert url not in client_for("amal_worker").get(reverse("visits:visit_list")).content.decode()
    form = client_for("nour_worker").get(url).context["form"]
    assert form.initial["description"] == "Traces de coups"
    assert form.initial["category"] == "ill_treatment" and form.initial["urgent"]
    data = dict(form.initial)
    data.update(
        establishment=prisons["oukacha"].pk,
        beneficiary=fatima.pk,
        received_on=str(timezone.localdate()),
        urgent="on",
    )
    assert client_for("nour_worker").post(url, data).status_code == 302
    observation.refresh_from_db()
    assert observation.complaint_opened
    complaint = Complaint.objects.get()
    assert complaint.observation == observation
    assert client_for("amal_worker").get(url).status_code == 404
    # Each shows the other: the complaint its observation and visit, the visit its complaint.
    shown = client_for("nour_worker").get(
        reverse("complaints:complaint_detail", args=[complaint.code])
    )
    assert reverse("visits:visit_detail", args=[visit.code]) in shown.content.decode()
    visit_page = client_for("nour_worker").get(reverse("visits:visit_detail", args=[visit.code]))
    assert url not in visit_page.content.decode()
    assert "plainte" in visit_page.content.decode() or "doléance" in visit_page.content.decode()


def test_the_letter_is_drafted_in_the_language_chosen_and_names_its_recipient(
    client_for, personas, prisons, fatima
):
    """The Arabic choice kept the French draft, the recipient typed in the form was left
    out of the PDF, and the page's heading read an ISO date."""
    client = client_for("nour_worker")
    _receive(client, prisons["oukacha"], beneficiary=fatima.pk)
    complaint = Complaint.objects.get()
    url = reverse("complaints:complaint_refer", args=[complaint.code])
    page = client.get(url).content.decode()
    assert "?language=ar&amp;authority=dgapr" in page
    assert date_format(complaint.received_on, "SHORT_DATE_FORMAT") in page
    assert complaint.received_on.isoformat() not in page
    arabic = client.get(url, {"language": "ar", "authority": "dgapr"}).context["form"]
    assert arabic.initial["language"] == "ar" and ARABIC.search(arabic.initial["letter_text"])
    client.post(
        url,
        {
            "authority": "dgapr",
            "authority_name": "Direction régionale de Rabat-Salé-Kénitra",
            "sent_on": "2026-10-03",
            "channel": "letter",
            "language": "ar",
            "letter_text": arabic.initial["letter_text"],
        },
    )
    pdf = client.get(reverse("complaints:referral_letter", args=[Referral.objects.get().code]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Direction régionale de Rabat" in text
