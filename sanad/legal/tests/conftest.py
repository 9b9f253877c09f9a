from datetime import date

import pytest
from django.core.management import call_command

from sanad.beneficiaries.tests.conftest import register
from sanad.legal import services


@pytest.fixture
def rules(db):
    call_command("load_reference", verbosity=0)


@pytest.fixture
def case(personas, rules):
    """A Nour case, with the demo lawyer holding a mandate."""
    beneficiary = register(
        personas,
        "nour",
        first_name_latin="Fatima",
        last_name_latin="Alaoui",
        first_name_ar="فاطمة",
        last_name_ar="العلوي",
    )
    case = services.open_case(
        actor=personas.nour_worker,
        beneficiary=beneficiary,
        values={
            "stage": "first_instance",
            "case_number": "2026/101",
            "offence_class": "delit",
            "detained_since": date(2026, 1, 5),
        },
    )
    services.assign_lawyer(
        actor=personas.coordinator,
        case=case,
        lawyer=personas.lawyer,
        bar="Rabat",
        starts_on=date(2026, 1, 6),
    )
    return case
