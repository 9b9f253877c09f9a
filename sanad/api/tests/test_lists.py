"""Complaints, family contacts and expense claims through the API: the rows of the list
page, with its filters, and never a complainant's identity."""

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanad.api import services as api
from sanad.beneficiaries.models import Consent, Relative
from sanad.complaints.services import receive
from sanad.families import services as families
from sanad.finance import services as finance
from sanad.finance.models import Allocation, BudgetLine


def _client(user):
    values = {"name": "x", "access": "read", "organisation": None,
              "expires_on": timezone.localdate() + timedelta(days=2)}  # fmt: skip
    _token, secret = api.create_token(actor=user, values=values, mfa_verified=True)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _rows(user, name, **params):
    response = _client(user).get(reverse(f"api:{name}"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_complaints_without_the_complainant_s_identity(personas, fatima):
    complaint = receive(actor=personas.nour_worker, organisation=personas.nour, values={
        "complainant": "family", "complainant_name": "Khadija Alaoui",
        "complainant_contact": "0600000000", "channel": "phone", "category": "health_care",
        "description": "Pas de médecin depuis un mois", "beneficiary": fatima,
    })  # fmt: skip
    [row] = _rows(personas.nour_worker, "complaint_list", category="health_care")
    assert row["code"] == str(complaint.code) and row["beneficiary"] == str(fatima.code)
    assert "Khadija" not in str(row) and "0600000000" not in str(row)
    assert _rows(personas.nour_worker, "complaint_list", category="ill_treatment") == []
    wrong = _client(personas.nour_worker).get(reverse("api:complaint_list"), {"category": "x"})
    assert wrong.status_code == 400 and "category" in wrong.json()
    assert _rows(personas.amal_worker, "complaint_list") == []


def test_family_contacts_of_the_cso_only(personas, fatima):
    Consent.objects.create(beneficiary=fatima, kind="family_contact",
                           given_on=date(2026, 1, 1), language="darija")  # fmt: skip
    relative = Relative.objects.create(beneficiary=fatima, name="Khadija",
                                       relationship="sister", may_be_contacted=True)  # fmt: skip
    families.record_contact(actor=personas.nour_worker, organisation=personas.nour,
                            relative=relative, values={"kind": "call",
                            "contacted_on": date(2026, 11, 2), "outcome": "Rassurée"})  # fmt: skip
    [row] = _rows(personas.nour_worker, "family_contact_list", q="khadija")
    assert row["beneficiary"] == str(fatima.code) and row["kind"] == "call"
    assert _rows(personas.nour_worker, "family_contact_list", q="zineb") == []
    assert _rows(personas.amal_worker, "family_contact_list") == []


def test_expense_claims_of_the_cso_and_for_finance(personas):
    year = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}
    line = BudgetLine.objects.create(name="Transport des visites", category="transport",
                                     amount=Decimal("50000.00"), **year)  # fmt: skip
    Allocation.objects.create(budget_line=line, organisation=personas.nour, amount=1000, **year)
    values = {"budget_line": line, "amount": Decimal(350), "spent_on": date(2026, 11, 3),
              "description": "Taxi Salé"}  # fmt: skip
    claim = finance.save_claim(actor=personas.nour_manager, organisation=personas.nour,
                               claim=None, values=values)  # fmt: skip
    [row] = _rows(personas.finance, "claim_list", q="taxi")
    assert row["code"] == str(claim.code) and row["amount"] == "350.00"
    assert [r["code"] for r in _rows(personas.nour_manager, "claim_list")] == [str(claim.code)]
    assert _rows(personas.amal_manager, "claim_list") == []
