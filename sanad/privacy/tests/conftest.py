from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from sanad.beneficiaries import services as beneficiaries
from sanad.beneficiaries.models import StatusChange
from sanad.beneficiaries.tests.conftest import aicha, prisons, register  # noqa: F401 (fixtures)
from sanad.complaints import services as complaints
from sanad.families import services as families
from sanad.legal import services as legal
from sanad.privacy import services
from sanad.visits import services as visits

# Everything that identifies the person, as typed by the workers.
IDENTITY = {
    "latin": "Zineb Kettaniyya",
    "latin_last": "Kettaniyya",
    "arabic_first": "زينب",
    "arabic_last": "الكتانية",
    "document": "BK998877",
    "register": "RN-77123/2019",
    "relative": "Hamid Kettaniyya",
    "phone": "+212661234567",
    "phone_national": "0661234567",
    "case": "CASE-2019-4455",
    "prosecution": "PARQ-889911",
    "complainant": "Najat Kettaniyya",
}


@pytest.fixture
def person(personas, prisons, settings, tmp_path):  # noqa: F811 (the imported fixture)
    """A person with a record in every app, closed six years ago; the notes of other people
    mention her by name."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_reference", verbosity=0)
    worker, org = personas.nour_worker, personas.nour
    b = register(
        personas,
        "nour",
        first_name_latin="Zineb",
        last_name_latin="Kettaniyya",
        first_name_ar="زينب",
        last_name_ar="الكتانية",
        date_of_birth=date(1988, 4, 2),
        id_document_type="cin",
        id_document_number=IDENTITY["document"],
        health_notes="Diabète, suivie par le Dr X.",
        placement={
            "establishment": prisons["oukacha"],
            "register_number": IDENTITY["register"],
            "started_on": date(2019, 3, 1),
        },
    )
    beneficiaries.add_consent(
        actor=worker,
        beneficiary=b,
        values={
            "kind": "family_contact",
            "given_on": date(2019, 3, 2),
            "language": "darija",
            "document": SimpleUploadedFile("consent.pdf", b"%PDF-1.7 signed by Zineb Kettaniyya"),
        },
    )
    relative = beneficiaries.save_relative(
        actor=worker,
        beneficiary=b,
        relative=None,
        values={
            "name": IDENTITY["relative"],
            "relationship": "father",
            "phone": IDENTITY["phone"],
            "city": "Fès",
            "may_be_contacted": True,
        },
    )
    families.record_contact(
        actor=worker,
        organisation=org,
        relative=relative,
        values={"kind": "call", "outcome": f"Joint au {IDENTITY['phone_national']}."},
    )
    case = legal.open_case(
        actor=worker,
        beneficiary=b,
        values={
            "stage": "first_instance",
            "case_number": IDENTITY["case"],
            "prosecution_number": IDENTITY["prosecution"],
            "charges": "Vol simple",
        },
    )
    legal.add_document(
        actor=worker,
        case=case,
        kind="judgment",
        upload=SimpleUploadedFile("jugement.pdf", b"%PDF-1.7 jugement Zineb Kettaniyya"),
    )
    visits.submit_report(
        actor=worker,
        organisation=org,
        visit=None,
        values={
            "kind": "detention",
            "establishment": prisons["oukacha"],
            "visited_on": date(2019, 5, 1),
            "discussed": "Zineb Kettaniyya demande des nouvelles de son père.",
        },
        beneficiaries=[b],
        observations=[
            {
                "category": "health",
                "severity": "urgent",
                "text": "Zineb Kettaniyya n'a pas reçu son insuline depuis 3 jours.",
            }
        ],
        actions=[
            {"description": "Appeler Hamid Kettaniyya", "owner": worker, "due_on": date(2019, 5, 8)}
        ],
        draft_key="k",
    )
    complaints.receive(
        actor=worker,
        organisation=org,
        values={
            "complainant": "relative",
            "complainant_name": IDENTITY["complainant"],
            "complainant_contact": IDENTITY["phone"],
            "channel": "phone",
            "beneficiary": b,
            "category": "health",
            "description": "Sa fille Zineb Kettaniyya n'est pas soignée.",
        },
    )
    services.register_request(
        actor=personas.coordinator,
        beneficiary=b,
        values={"kind": "access", "details": "Demande de copie par Hamid Kettaniyya"},
    )
    beneficiaries.change_status(
        actor=personas.coordinator, beneficiary=b, to_status="closed", reason="released"
    )
    StatusChange.objects.filter(beneficiary=b).update(at=timezone.now() - timedelta(days=6 * 365))
    b.refresh_from_db()
    return b
