import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries import services as beneficiaries
from sanad.beneficiaries.models import Beneficiary, Consent, ExportFile, Relative
from sanad.beneficiaries.tests.conftest import register
from sanad.families.models import FamilyContact
from sanad.legal.models import CaseDocument
from sanad.network.models import Notification
from sanad.privacy import services
from sanad.privacy.anonymise import anonymise
from sanad.privacy.models import RetentionReview
from sanad.privacy.statistics import snapshot
from sanad.privacy.tests.conftest import IDENTITY
from sanad.visits import services as visits


def _everywhere(value: str) -> list[str]:
    """Every column of every table where `value` still appears (JSON searched as text,
    Arabic also in its escaped form)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows, column = model._base_manager.all(), field.name
            if isinstance(field, models.JSONField):
                column = "as_text"
                rows = rows.annotate(as_text=Cast(field.name, models.TextField()))
            patterns = {value, json.dumps(value)[1:-1]}
            match = Q()
            for pattern in patterns:
                match |= Q(**{f"{column}__icontains": pattern})
            if rows.filter(match).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _approve(client_for, review):
    return client_for("coordinator").post(
        reverse("privacy:review_approve", args=[review.code]),
        {"note": "Revue annuelle", "confirm": "on"},
    )


def test_anonymisation_leaves_no_identity_value_anywhere(client_for, personas, person, aicha):
    group = visits.submit_report(
        actor=personas.nour_worker,
        organisation=personas.nour,
        visit=None,
        values={"kind": "detention", "discussed": "Aïcha Bennani a parlé de Zineb Kettaniyya."},
        beneficiaries=[aicha],
        observations=[],
        actions=[],
        draft_key="g",
    )
    consent_file = Consent.objects.get(beneficiary=person, kind="family_contact").document
    document = CaseDocument.objects.get(case__beneficiary=person).file
    storage, names = consent_file.storage, [consent_file.name, document.name]
    assert all(storage.exists(n) for n in names)
    for value in IDENTITY.values():
        assert _everywhere(value), f"the fixture should have stored {value}"
    before = snapshot()

    review = services.propose_review()
    assert review.total == 1 and review.items.get().object_id == person.pk
    notice = Notification.objects.get(user=personas.coordinator, link__contains=str(review.code))
    assert notice.text.startswith("1 fiche a atteint")  # one record, in the singular
    response = _approve(client_for, review)
    assert response.status_code == 302

    review.refresh_from_db()
    assert review.state == RetentionReview.State.DONE and review.statistics_checked
    for value in IDENTITY.values():
        assert _everywhere(value) == [], value
    assert not any(storage.exists(n) for n in names)
    assert snapshot() == before
    person.refresh_from_db()
    assert person.name_latin == f"ANON-{str(person.code)[:8].upper()}"
    assert person.anonymised_at and person.date_of_birth is None and person.birth_year == 1988
    # Another person's visit keeps its notes, without the anonymised person's name.
    group.refresh_from_db()
    assert group.discussed == f"Aïcha Bennani a parlé de {person.name_latin}."
    assert Beneficiary.objects.get(pk=aicha.pk).name_latin == "Aïcha Bennani"
    assert AuditEvent.objects.filter(action="retention.approved", actor=personas.coordinator)
    assert AuditEvent.objects.filter(action="retention.anonymised", target_code=review.code)
    assert services.propose_review() is None  # nothing left to propose


def test_a_rejected_minor_is_never_counted_and_anonymisation_drops_the_birth_date(
    client_for, personas, django_capture_on_commit_callbacks
):
    """A rejected minor is no one's follow-up: never in the "turns 18 soon" count (it was,
    before), and anonymisation removes the date of birth."""
    from sanad.privacy.models import RetentionPolicy

    RetentionPolicy.objects.create(record_type="beneficiary", keep_days=365, legal_basis="x")
    soon = timezone.localdate() + timedelta(days=10)
    minor = register(
        personas, "nour", first_name_latin="Ayoub", date_of_birth=soon.replace(year=soon.year - 18)
    )
    beneficiaries.change_status(
        actor=personas.coordinator, beneficiary=minor, to_status="rejected", note="Hors champ"
    )
    minor.status_changes.update(at=timezone.now() - timedelta(days=2 * 365))
    coordinator = client_for("coordinator")
    list_url = reverse("beneficiaries:beneficiary_list")
    assert coordinator.get(list_url).context["turning_18"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        _approve(client_for, services.propose_review())
    assert Beneficiary.objects.get(pk=minor.pk).date_of_birth is None
    assert coordinator.get(list_url).context["turning_18"] == 0


def test_review_needs_an_explicit_confirmation(client_for, person):
    review = services.propose_review()
    page = client_for("coordinator").get(reverse("privacy:review_detail", args=[review.code]))
    approve = reverse("privacy:review_approve", args=[review.code])
    assert page.status_code == 200 and approve in page.content.decode()
    client_for("coordinator").post(reverse("privacy:review_approve", args=[review.code]), {})
    review.refresh_from_db()
    person.refresh_from_db()
    assert review.state == RetentionReview.State.PROPOSED and person.anonymised_at is None


def test_declined_review_keeps_the_records_and_needs_a_reason(client_for, person):
    review = services.propose_review()
    url = reverse("privacy:review_decline", args=[review.code])
    client_for("coordinator").post(url, {"note": ""})
    review.refresh_from_db()
    assert review.state == RetentionReview.State.PROPOSED
    client_for("coordinator").post(url, {"note": "Recours en révision en cours"})
    review.refresh_from_db()
    person.refresh_from_db()
    assert review.state == RetentionReview.State.DECLINED and person.anonymised_at is None
    assert AuditEvent.objects.filter(action="retention.declined", target_code=review.code)
    assert services.propose_review().total == 1  # proposed again at the next run


def test_review_pages_access(client_for, person):
    review = services.propose_review()
    approve = reverse("privacy:review_approve", args=[review.code])
    assert client_for("coordinator").get(approve).status_code == 405
    assert client_for("admin").post(approve, {"confirm": "on"}).status_code == 403
    assert client_for("nour_manager").get(reverse("privacy:retention")).status_code == 403
    unknown = reverse("privacy:review_detail", args=["00000000-0000-4000-8000-000000000000"])
    assert client_for("coordinator").get(unknown).status_code == 404


def test_recent_records_are_not_due(personas, person):
    person.status_changes.update(at=person.created_at)
    assert services.propose_review() is None


def test_policy_edit_is_audited_and_versioned(client_for, person):
    from sanad.privacy.models import RetentionPolicy

    policy = RetentionPolicy.objects.get(record_type="beneficiary")
    url = reverse("privacy:policy_edit", args=[policy.pk])
    values = {"keep_days": 3650, "legal_basis": "Autorisation CNDP n° A-1", "version": 1}
    assert client_for("admin").post(url, values).status_code == 302
    stale = client_for("admin").post(url, {**values, "keep_days": 10})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    policy.refresh_from_db()
    assert policy.keep_days == 3650
    assert AuditEvent.objects.filter(action="retention.policy_changed")
    assert services.propose_review() is None  # ten years now: not due yet


def test_forgotten_import_spreadsheets_are_deleted(client_for, personas, settings, tmp_path):
    from django.core.files.base import ContentFile

    from sanad.beneficiaries.models import ImportBatch
    from sanad.privacy.models import RetentionPolicy

    settings.MEDIA_ROOT = tmp_path
    RetentionPolicy.objects.create(record_type="import", keep_days=30, legal_basis="x")
    batch = ImportBatch(organisation=personas.nour, original_name="liste.xlsx")
    batch.file.save("liste.xlsx", ContentFile(b"PK names"), save=False)
    assert (tmp_path / batch.file.name).exists()
    batch.created_at = batch.created_at.replace(year=2025)
    batch.save()
    review = services.propose_review()
    assert review.items.get().record_type == "import"
    _approve(client_for, review)
    stored = batch.file.name
    batch.refresh_from_db()
    assert not batch.file and not (tmp_path / stored).exists()


def test_the_nightly_job_deletes_spreadsheets_past_their_download_time(personas, settings):
    exports = []
    for age in (settings.SANAD_EXPORT_KEEP_HOURS * 60 + 1, 5):  # minutes
        export = ExportFile.objects.create(created_by=personas.nour_manager, state="ready")
        export.file.save(f"{export.code}.xlsx", ContentFile(b"PK"))
        ExportFile.objects.filter(pk=export.pk).update(
            created_at=timezone.now() - timedelta(minutes=age)
        )
        exports.append(Path(export.file.path))
    services.propose_retention_review.enqueue()
    assert [path.exists() for path in exports] == [False, True]


def test_an_anonymised_person_is_read_only(client_for, personas):
    person = register(personas, "nour", first_name_latin="Hafsa", last_name_latin="Tazi")
    detail = reverse("beneficiaries:beneficiary_detail", args=[person.code])
    writes = [
        reverse("beneficiaries:beneficiary_edit", args=[person.code]),
        reverse("beneficiaries:relative_create", args=[person.code]),
        reverse("legal:case_create", args=[person.code]),
    ]
    before = client_for("nour_worker").get(detail).content.decode()
    assert all(url in before for url in writes)
    anonymise(beneficiaries=Beneficiary._base_manager.filter(pk=person.pk))
    client = client_for("nour_worker")
    page = client.get(detail)
    assert page.status_code == 200
    assert not [url for url in writes if url in page.content.decode()]
    for url in writes:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Aicha", "relationship": "mother"}).status_code == 404
    assert client_for("coordinator").get(writes[0]).status_code == 404


def test_a_contact_with_an_anonymised_persons_family_is_read_only(client_for, personas):
    person = register(personas, "nour", first_name_latin="Hafsa", last_name_latin="Tazi")
    relative = Relative.objects.create(beneficiary=person, name="Rkia", relationship="mother")
    contact = FamilyContact.objects.create(
        organisation=personas.nour, beneficiary=person, relative=relative, kind="call"
    )
    url = reverse("families:contact_edit", args=[contact.code])
    assert client_for("nour_worker").get(url).status_code == 200
    anonymise(beneficiaries=Beneficiary._base_manager.filter(pk=person.pk))
    assert client_for("nour_worker").get(url).status_code == 404
    form = {"kind": "visit", "contacted_on": "2026-03-02", "outcome": "x", "version": 1}
    assert client_for("nour_worker").post(url, form).status_code == 404


def test_anonymisation_refuses_to_run_inside_a_transaction(personas, person):
    """Each chunk is irreversible once committed: inside another transaction a later failure
    would undo chunks the review already counts as done."""
    review = services.propose_review()
    services.approve_review(actor=personas.coordinator, review=review)
    review.refresh_from_db()
    assert review.state == RetentionReview.State.DONE
    review.items.update(anonymised_at=None)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.carry_out(str(review.code))
