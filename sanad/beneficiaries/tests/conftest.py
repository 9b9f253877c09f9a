from datetime import date

import pytest

from sanad.beneficiaries import services
from sanad.reference.models import Establishment, Region


@pytest.fixture
def prisons(db):
    region, _ = Region.objects.get_or_create(
        code="casablanca-settat",
        defaults={"name_fr": "Casablanca-Settat", "name_ar": "الدار البيضاء-سطات"},
    )
    return {
        "oukacha": Establishment.objects.create(
            name_fr="Prison locale Aïn Sebaâ 1",
            name_ar="السجن المحلي عين السبع 1",
            kind="PL",
            city="Casablanca",
            region=region,
            houses_women=True,
        ),
        "cre": Establishment.objects.create(
            name_fr="Centre de réforme Aïn Sebaâ", kind="CRE", city="Casablanca", region=region
        ),
    }


def register(personas, org_name, *, consent=True, placement=None, **identity):
    org = getattr(personas, org_name)
    worker = getattr(personas, f"{org_name}_worker")
    values = {"sex": "F", "birth_year": 1990} | identity
    beneficiary, _ = services.register_beneficiary(
        actor=worker,
        organisation=org,
        identity=values,
        needs=["woman"],
        placement=placement,
        consent={"given_on": date(2026, 1, 10), "language": "darija"} if consent else None,
    )
    return beneficiary


@pytest.fixture
def fatima(personas, prisons):
    """Followed by Nour; an Arabic and a Latin name; held at Oukacha."""
    return register(
        personas,
        "nour",
        first_name_latin="Fatima Zahra",
        last_name_latin="El Alaoui",
        first_name_ar="فاطمة الزهراء",
        last_name_ar="العلوي",
        placement={
            "establishment": prisons["oukacha"],
            "register_number": "12345/2025",
            "started_on": date(2025, 3, 1),
        },
    )


@pytest.fixture
def aicha(personas, prisons):
    """Followed by Amal."""
    return register(
        personas, "amal", first_name_latin="Aïcha", last_name_latin="Bennani", birth_year=1985
    )
