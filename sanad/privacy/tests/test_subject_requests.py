import json
import re
from io import BytesIO

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from pypdf import PdfReader

from sanad.audit.models import AuditEvent, AuditSubject
from sanad.beneficiaries.models import Beneficiary
from sanad.families.models import FamilyContact
from sanad.privacy.models import SubjectRequest
from sanad.privacy.personal_data import registry
from sanad.privacy.subject_export import person_ids


def _request(client_for, person):
    response = client_for("coordinator").post(
        reverse("privacy:request_create", args=[person.code]),
        {"kind": "access", "requested_by": "person", "received_on": "2026-11-02", "details": ""},
    )
    assert response.status_code == 302
    return SubjectRequest.objects.get(beneficiary=person, received_on="2026-11-02")


def test_registering_a_request_sets_its_due_date_and_is_audited(client_for, personas, person):
    request = _request(client_for, person)
    assert str(request.due_on) == "2026-12-02"
    event = AuditEvent.objects.get(action="subject_request.registered", target_code=request.code)
    assert event.actor == personas.coordinator
    assert AuditSubject.objects.filter(event=event, subject_code=str(person.code)).exists()


def test_json_export_holds_every_record_on_the_person_and_nobody_else(client_for, person, aicha):
    request = _request(client_for, person)
    response = client_for("coordinator").get(
        reverse("privacy:request_export_json", args=[request.code])
    )
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    sections = {s["model"]: s["records"] for s in data["sections"]}
    ids = person_ids(person)
    for entry in registry():
        expected = entry.rows(ids).count()
        got = len(sections.get(entry.model._meta.label_lower, []))
        assert got == expected, entry.model._meta.label_lower
    assert sections["beneficiaries.beneficiary"][0]["id_document_number"] == "BK998877"
    assert sections["legal.legalcase"][0]["case_number"] == "CASE-2019-4455"
    assert sections["beneficiaries.relative"][0]["phone"] == "+212661234567"
    assert sections["audit.auditevent"], "the access history is part of the answer"
    text = response.content.decode()
    assert "Bennani" not in text and str(aicha.code) not in text
    assert AuditSubject.objects.filter(
        event__action="subject_request.exported", subject_code=str(person.code)
    ).exists()


def test_pdf_export_reads_in_arabic(client_for, person):
    request = _request(client_for, person)
    response = client_for("coordinator").get(
        reverse("privacy:request_export_pdf", args=[request.code]) + "?language=ar"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "زينب" in text and "BK998877" in text


def test_answering_a_request(client_for, person):
    request = _request(client_for, person)
    url = reverse("privacy:request_detail", args=[request.code])
    client = client_for("coordinator")
    empty = client.post(url, {"status": "answered", "answer": "", "version": 1})
    assert empty.status_code == 200 and empty.context["form"].non_field_errors()
    done = client.post(url, {"status": "answered", "answer": "Copie remise.", "version": 1})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_on is not None
    assert AuditEvent.objects.filter(action="subject_request.answered", target_code=request.code)
    stale = client.post(url, {"status": "refused", "answer": "Non.", "version": 1})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()


def test_request_pages_access(client_for, person):
    request = _request(client_for, person)
    detail = reverse("privacy:request_detail", args=[request.code])
    assert client_for("nour_manager").get(detail).status_code == 403
    assert client_for("admin").get(detail).status_code == 403
    assert client_for("coordinator").delete(detail).status_code == 405
    missing = reverse("privacy:request_detail", args=["00000000-0000-4000-8000-000000000000"])
    assert client_for("coordinator").get(missing).status_code == 404
    listing = client_for("coordinator").get(reverse("privacy:request_list"), {"q": "zineb"})
    found = listing.context["page"].object_list
    assert request in found and {r.beneficiary_id for r in found} == {person.pk}
    assert (
        not client_for("coordinator")
        .get(reverse("privacy:request_list"), {"q": "bennani"})
        .context["page"]
        .object_list
    )


# Models that point at a person's records but hold nothing about the person.
NOT_PERSONAL = {
    "privacy.retentionitem",  # a record id and dates
    # Accounts: a claim may name the visit it paid for, never the people met (any mention in
    # its description is scrubbed on anonymisation, like every text column).
    "finance.expenseclaim",
}


def _reaches_a_beneficiary(model, depth=2) -> bool:
    if model is Beneficiary:
        return True
    if depth == 0:
        return False
    return any(
        f.is_relation and f.concrete and f.related_model is not None
        and f.related_model is not model
        and _reaches_a_beneficiary(f.related_model, depth - 1)
        for f in model._meta.get_fields()
        if f.many_to_one or f.many_to_many and not f.auto_created
    )  # fmt: skip


def test_every_model_about_a_person_is_declared():
    """A new model that refers to a beneficiary's records must say, in its app's privacy.py,
    what the export shows and what anonymisation clears."""
    declared = {e.model for e in registry()}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_PERSONAL or model in declared:
            continue
        assert not _reaches_a_beneficiary(model), f"{label} is not in any PERSONAL_DATA"


def _export_text(client_for, request, language):
    url = reverse("privacy:request_export_pdf", args=[request.code])
    response = client_for("coordinator").get(url, {"language": language})
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)


def test_the_persons_copy_reads_as_the_pages_do_in_french_and_arabic(client_for, person):
    """For the person and their lawyer: labels in their language, values as the pages show
    them, times in Morocco's time, what was done in words."""
    FamilyContact.objects.filter(beneficiary=person).update(topics=["rights", "visiting_rules"])
    request = _request(client_for, person)
    french = _export_text(client_for, request, "fr")
    assert "visiting_rules" not in french and "Règles de visite" in french
    for english in ("status changes", "From status", "remedys", "hearings", "lawyer mandates",
                    "referrals", "Uploaded at", "follow up", "name keys", "At "):  # fmt: skip
        assert english not in french, english
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", french), "no ISO timestamps"
    assert "beneficiary.created" not in french and "La fiche a été créée" in french
    assert "Changements de statut" in french and "Nouveau statut" in french
    arabic = _export_text(client_for, request, "ar")
    assert "أُنشئت البطاقة" in arabic and "beneficiary.created" not in arabic
    assert not re.search(r"\b(status|hearings|created|Active)\b", arabic)
    data = json.loads(
        client_for("coordinator")
        .get(reverse("privacy:request_export_json", args=[request.code]))
        .content
    )
    changes = next(s for s in data["sections"] if s["model"] == "beneficiaries.statuschange")
    assert changes["fields"]["at"] and set(changes["records"][0]) == set(changes["fields"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00", changes["records"][0]["at"])
    assert data["time_zone"] == "Africa/Casablanca"


def test_every_label_of_the_copy_is_translatable():
    """A model or field named by Django's default (English, untranslated) would print in
    English in the person's copy."""
    for entry in registry():
        meta = entry.model._meta
        assert isinstance(meta.original_attrs.get("verbose_name_plural"), Promise), meta.label
        for name in entry.export:
            assert isinstance(meta.get_field(name).verbose_name, Promise), (meta.label, name)
