"""Schemathesis against a live server, as several personas: every operation of the OpenAPI
schema answers within its documented statuses and shapes, never with a 500, and never with
a person or a case the token's owner may not see."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sanad.api import services
from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.tests.conftest import register
from sanad.legal import services as legal
from sanad.legal.models import LegalCase
from sanad.test import make_personas

PERSONAS = ["nour_worker", "amal_manager", "coordinator", "observer", "lawyer",
            "nour_worker_amal_manager", "outsider"]  # fmt: skip
# A report naming people by codes the generator invents is schema-valid and rightly
# refused (400: unknown person); every other check runs.
EXCLUDED = [positive_data_acceptance]


def _secret(user):
    values = {"name": "schemathesis", "access": "write", "organisation": None,
              "expires_on": timezone.localdate() + timedelta(days=1)}  # fmt: skip
    return services.create_token(actor=user, values=values, mfa_verified=True)[1]


def _outside(user, body) -> set[str]:
    """The people and cases in a response that `user` may not see (asked now: a person
    registered during the run is the registrant's)."""
    rows = body.get("results", [body]) if isinstance(body, dict) else []
    rows = [row for row in rows if isinstance(row, dict) and "code" in row]
    people = {row["code"] for row in rows if "sex" in row}
    cases = {row["code"] for row in rows if "case_number" in row}
    seen = {str(code) for model, codes in ((Beneficiary, people), (LegalCase, cases))
            for code in model.objects.visible_to(user).filter(code__in=codes)
            .values_list("code", flat=True)}  # fmt: skip
    return (people | cases) - seen


@pytest.mark.django_db(transaction=True)
def test_every_operation_keeps_its_schema_and_its_scope(live_server, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "100000/min"}}  # fmt: skip
    call_command("load_reference", verbosity=0)  # establishments, courts and rules to read
    personas = make_personas(several=True)
    fatima = register(personas, "nour", first_name_latin="Fatima", last_name_latin="Alaoui")
    case = legal.open_case(actor=personas.nour_worker, beneficiary=fatima,
                           values={"stage": "appeal", "case_number": "2026/7"})  # fmt: skip
    legal.assign_lawyer(actor=personas.coordinator, case=case, lawyer=personas.lawyer,
                        bar="Rabat", starts_on=timezone.localdate())  # fmt: skip
    register(personas, "amal", first_name_latin="Aicha", last_name_latin="Bennani")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for name in PERSONAS:
        user = personas.by_name(name)
        headers = {"Authorization": f"Bearer {_secret(user)}"}
        for operation in operations:
            _holds(operation, live_server.url, headers, user)


def _holds(operation, base_url, headers, user):
    @given(case=operation.as_strategy())
    @examples(max_examples=15, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def holds(case):
        response = case.call_and_validate(
            base_url=base_url, headers=headers, excluded_checks=EXCLUDED
        )
        if response.text.startswith("{"):
            outside = _outside(user, response.json())
            assert not outside, f"{user} read {outside} through {operation.label}"

    holds()
