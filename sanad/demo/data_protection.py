"""Demo data for data protection: a follow-up closed six years ago (so the retention review
has something to propose) and an open access request."""

from datetime import date, timedelta

from django.utils import timezone

from sanad.beneficiaries import services as beneficiaries
from sanad.beneficiaries.models import Beneficiary, StatusChange
from sanad.privacy import services
from sanad.privacy.models import SubjectRequest


def seed_privacy(*, nour, nour_worker, coordinator) -> None:
    if SubjectRequest.objects.exists():
        return
    old, _flagged = beneficiaries.register_beneficiary(
        actor=nour_worker,
        organisation=nour,
        identity={
            "first_name_latin": "Rachida",
            "last_name_latin": "Ouazzani",
            "first_name_ar": "رشيدة",
            "last_name_ar": "الوزاني",
            "sex": "F",
            "birth_year": 1971,
        },
        needs=["woman"],
        consent={"given_on": date(2019, 2, 4), "language": "darija"},
    )
    beneficiaries.change_status(
        actor=coordinator, beneficiary=old, to_status="closed", reason="released"
    )
    StatusChange.objects.filter(beneficiary=old).update(at=timezone.now() - timedelta(days=6 * 365))
    services.propose_review()
    person = Beneficiary.objects.filter(identified_by=nour, status="assisted").first()
    if person is not None:
        services.register_request(
            actor=coordinator,
            beneficiary=person,
            values={
                "kind": SubjectRequest.Kind.ACCESS,
                "requested_by": SubjectRequest.Requester.REPRESENTATIVE,
                "received_on": timezone.localdate() - timedelta(days=4),
                "details": "Sa sœur demande, avec procuration, une copie du dossier.",
            },
        )
