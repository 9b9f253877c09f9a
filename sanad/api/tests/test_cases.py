"""Cases through the API: the list page's scope and filters, and one case with the
deadlines exactly as the engine computed them."""

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.api import services as api
from sanad.legal import services
from sanad.legal.models import Deadline
from sanad.legal.tests.conftest import case, rules  # noqa: F401 (fixtures)
from sanad.reference.models import LegalRule


def _client(user):
    values = {"name": "x", "access": "read", "organisation": None,
              "expires_on": timezone.localdate() + timedelta(days=2)}  # fmt: skip
    _token, secret = api.create_token(actor=user, values=values, mfa_verified=True)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_case_reads_with_the_deadlines_the_engine_computed(personas, case):  # noqa: F811
    decided = {"level": "first_instance", "kind": "contradictory",
               "pronounced_on": date(2026, 3, 2)}  # fmt: skip
    services.record_decision(actor=personas.lawyer, case=case, values=decided)
    deadline = Deadline.objects.get(case=case)
    body = _client(personas.nour_worker).get(reverse("api:case", args=[case.code])).json()
    assert body["beneficiary"] == str(case.beneficiary.code) and body["case_number"] == "2026/101"
    [sent] = body["deadlines"]
    assert sent["due_on"] == str(deadline.due_on) and sent["status"] == deadline.status
    assert sent["rule"]["code"] == str(deadline.rule.code) and sent["rule"]["legal_basis"]
    assert body["decisions"][0]["kind"] == "contradictory"
    assert _client(personas.lawyer).get(reverse("api:case", args=[case.code])).status_code == 200
    assert (
        _client(personas.amal_worker).get(reverse("api:case", args=[case.code])).status_code == 404
    )
    assert _client(personas.observer).get(reverse("api:case", args=[case.code])).status_code == 403


def test_the_case_list_filters_as_the_page_does(personas, case):  # noqa: F811
    listed = _client(personas.lawyer).get(reverse("api:case_list"), {"q": "alaoui"}).json()
    assert [row["code"] for row in listed["results"]] == [str(case.code)]
    closed = _client(personas.nour_worker).get(reverse("api:case_list"), {"state": "closed"})
    assert closed.json()["results"] == []
    assert _client(personas.amal_worker).get(reverse("api:case_list")).json()["results"] == []


def test_courts_and_rules_are_public_reference_data(client, rules):  # noqa: F811
    courts = client.get(reverse("api:court_list"), {"page_size": 200}).json()["results"]
    assert courts and all(set(row) >= {"code", "name_ar", "appeal_court"} for row in courts)
    listed = client.get(reverse("api:rule_list"), {"page_size": 200}).json()["results"]
    assert {row["code"] for row in listed} == {str(r.code) for r in LegalRule.objects.all()}
    assert all(row["legal_basis"] for row in listed)
    assert client.post(reverse("api:rule_list")).status_code in (401, 405)
