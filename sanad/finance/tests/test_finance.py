import threading
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sanad.audit.models import AuditEvent
from sanad.finance import reports, services
from sanad.finance.models import Allocation, BudgetLine, ExpenseClaim
from sanad.visits.models import Visit


@pytest.fixture
def budget(personas):
    line = BudgetLine.objects.create(
        name="Transport des visites",
        category="transport",
        amount=Decimal("50000.00"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    Allocation.objects.create(
        budget_line=line,
        organisation=personas.nour,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        amount=Decimal("1000.00"),
    )
    return line


def _claim(personas, budget, amount="250.50", org="nour", description="Taxi", on=None):
    return services.save_claim(
        actor=getattr(personas, f"{org}_manager"),
        organisation=getattr(personas, org),
        claim=None,
        values={
            "budget_line": budget,
            "amount": Decimal(amount),
            "spent_on": on or date(2026, 11, 3),
            "description": description,
        },
    )


def test_claim_lifecycle_is_audited(client_for, personas, budget):
    client = client_for("nour_manager")
    response = client.post(
        reverse("finance:claim_create"),
        {
            "budget_line": budget.pk,
            "amount": "250.50",
            "spent_on": "2026-11-03",
            "description": "Taxi Oukacha",
        },
    )
    claim = ExpenseClaim.objects.get()
    assert response["Location"] == reverse("finance:claim_detail", args=[claim.code])
    assert claim.amount == Decimal("250.50")
    client.post(reverse("finance:claim_submit", args=[claim.code]))
    assert (
        client_for("nour_manager")
        .post(reverse("finance:claim_decide", args=[claim.code]), {"decision": "approve"})
        .status_code
        == 403
    )
    client_for("finance").post(
        reverse("finance:claim_decide", args=[claim.code]), {"decision": "approve"}
    )
    client_for("finance").post(
        reverse("finance:claim_pay", args=[claim.code]),
        {"paid_on": "2026-11-20", "reference": "VIR-001"},
    )
    claim.refresh_from_db()
    assert (claim.state, claim.payment_reference) == ("paid", "VIR-001")
    assert list(
        AuditEvent.objects.filter(action__startswith="claim.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["claim.saved", "claim.submitted", "claim.approved", "claim.paid"]


def test_rejection_needs_a_reason(client_for, personas, budget):
    claim = _claim(personas, budget)
    services.submit(actor=personas.nour_manager, claim=claim)
    url = reverse("finance:claim_decide", args=[claim.code])
    assert client_for("finance").post(url, {"decision": "reject"}).status_code == 200
    client_for("finance").post(url, {"decision": "reject", "reason": "Pas de reçu"})
    claim.refresh_from_db()
    assert claim.state == "rejected" and claim.rejection_reason == "Pas de reçu"


def test_warning_over_allocation(personas, budget):
    first = _claim(personas, budget, "800.00")
    assert services.submit(actor=personas.nour_manager, claim=first) == 0
    second = _claim(personas, budget, "300.00")
    assert services.submit(actor=personas.nour_manager, claim=second) == Decimal("100.00")


def test_no_claim_on_another_csos_activity(personas, budget):
    visit = Visit.objects.create(organisation=personas.amal, planned_on=date(2026, 11, 1))
    with pytest.raises(ValidationError):
        services.save_claim(
            actor=personas.nour_manager,
            organisation=personas.nour,
            claim=None,
            values={
                "budget_line": budget,
                "amount": Decimal("10"),
                "spent_on": date(2026, 11, 1),
                "description": "x",
                "visit": visit,
            },
        )


def test_a_claim_links_a_visit_found_with_the_picker(client_for, personas, budget, prisons):
    ours = Visit.objects.create(
        organisation=personas.nour,
        establishment=prisons["oukacha"],
        visited_on=date(2026, 11, 3),
        state="done",
    )
    theirs = Visit.objects.create(organisation=personas.amal, visited_on=date(2026, 11, 3))
    client = client_for("nour_manager")
    form = client.get(reverse("finance:claim_create")).content.decode()
    # The page offers a search, not a list of every visit the CSO ever made.
    assert reverse("visits:visit_pick") in form and 'name="visit" value=' not in form
    values = {
        "budget_line": budget.pk,
        "amount": "120.00",
        "spent_on": "2026-11-03",
        "description": "Taxi Oukacha",
    }
    refused = client.post(reverse("finance:claim_create"), values | {"visit": theirs.pk})
    assert refused.status_code == 200 and "visit" in refused.context["form"].errors
    assert refused.context["form"]["description"].value() == "Taxi Oukacha"
    client.post(reverse("finance:claim_create"), values | {"visit": ours.pk})
    claim = ExpenseClaim.objects.get()
    assert claim.visit == ours
    page = client.get(reverse("finance:claim_edit", args=[claim.code])).content.decode()
    chosen = f'type="radio" name="visit" value="{ours.pk}"'
    assert chosen in page and f"03/11/2026 — En détention — {prisons['oukacha'].name_fr}" in page


def test_access(client_for, personas, budget):
    claim = _claim(personas, budget)
    url = reverse("finance:claim_detail", args=[claim.code])
    assert client_for("finance").get(url).status_code == 200
    assert client_for("amal_manager").get(url).status_code == 404
    assert client_for("nour_worker").get(url).status_code == 403
    listed = client_for("amal_manager").get(reverse("finance:claim_list"))
    assert list(listed.context["page"].object_list) == []


@pytest.fixture
def claims(personas, budget):
    taxi = _claim(personas, budget, description="Taxi Oukacha", on=date(2026, 3, 2))
    services.submit(actor=personas.nour_manager, claim=taxi)
    phone = _claim(personas, budget, org="amal", description="Recharge", on=date(2026, 5, 9))
    bus = _claim(personas, budget, description="Bus vers Salé", on=date(2026, 9, 30))
    return {"taxi": taxi, "phone": phone, "bus": bus}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["bus", "phone", "taxi"]),
        ({"q": "taxi OUKACHA"}, ["taxi"]),
        ({"state": "submitted"}, ["taxi"]),
        ({"organisation": "amal"}, ["phone"]),
        ({"since": "2026-05-09", "until": "2026-09-30"}, ["bus", "phone"]),
        ({"since": "2026-05-10"}, ["bus"]),
    ],
)
def test_claim_list_searches_and_filters(client_for, personas, claims, params, expected):
    if "organisation" in params:
        params = {"organisation": str(getattr(personas, params["organisation"]).code)}
    response = client_for("finance").get(reverse("finance:claim_list"), params)
    assert response.status_code == 200
    listed = list(response.context["page"].object_list)
    assert listed == [claims[name] for name in expected]


def test_claim_list_keeps_a_bad_period_and_explains_it(client_for, claims):
    response = client_for("finance").get(
        reverse("finance:claim_list"), {"q": "Taxi", "since": "2026-09-01", "until": "2026-01-01"}
    )
    assert "La date de fin est antérieure à la date de début." in response.content.decode()
    assert response.context["form"]["q"].value() == "Taxi"


def test_a_search_that_finds_no_claim_says_so(client_for, claims):
    response = client_for("finance").get(reverse("finance:claim_list"), {"q": "avion"})
    assert "Aucune demande ne correspond à ces filtres." in response.content.decode()


def test_a_csos_focal_point_has_no_organisation_to_choose(client_for, personas, claims):
    response = client_for("nour_manager").get(reverse("finance:claim_list"))
    assert "organisation" not in response.context["form"].fields
    assert set(response.context["page"].object_list) == {claims["taxi"], claims["bus"]}
    network = client_for("finance").get(reverse("finance:claim_list"))
    # The organisations that have claims, not every one of the network.
    choices = network.context["form"].fields["organisation"].queryset
    assert set(choices) == {personas.nour, personas.amal}


def test_claim_list_queries_are_bounded(
    client_for, personas, budget, django_assert_max_num_queries
):
    client = client_for("finance")
    for day in range(1, 29):
        _claim(personas, budget, amount="10", description=f"Taxi {day}", on=date(2026, 2, day))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("finance:claim_list"), {"q": "taxi"})
    assert len(response.context["page"].object_list) == 25


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_pay_once(personas, budget):
    claim = _claim(personas, budget)
    services.submit(actor=personas.nour_manager, claim=claim)
    services.decide(actor=personas.finance, claim=claim, approve=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def pay(reference):
        barrier.wait()
        try:
            services.pay(
                actor=personas.finance, claim=claim, paid_on=date(2026, 11, 20), reference=reference
            )
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")  # PostgreSQL: waits for the lock, then sees "paid"
        except OperationalError:
            outcomes.append("refused")  # SQLite's shared test database refuses the writer
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(f"VIR-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "refused"]
    assert AuditEvent.objects.filter(action="claim.paid").count() == 1


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(amounts, st.sampled_from(["draft", "submitted", "approved", "paid", "rejected"])),
        max_size=15,
    )
)
def test_totals_reconcile_to_the_dirham(personas, budget, claims):
    ExpenseClaim.objects.all().delete()
    for amount, state in claims:
        ExpenseClaim.objects.create(
            organisation=personas.nour,
            budget_line=budget,
            amount=amount,
            spent_on=date(2026, 5, 1),
            description="x",
            state=state,
        )
    rows, totals = reports.summary(Allocation.objects.all(), ExpenseClaim.objects.all())
    paid = sum((a for a, s in claims if s == "paid"), Decimal("0"))
    claimed = sum((a for a, s in claims if s in ("submitted", "approved", "paid")), Decimal("0"))
    assert totals["paid"] == paid and totals["claimed"] == claimed
    assert isinstance(totals["paid"], Decimal)
    assert totals["allocated"] == Decimal("1000.00")
    assert totals["burn_rate"] == (100 * paid / Decimal("1000.00")).quantize(Decimal("0.1"))


def test_export_has_exact_amounts(client_for, personas, budget):
    claim = _claim(personas, budget, "1234.56")
    services.submit(actor=personas.nour_manager, claim=claim)
    services.decide(actor=personas.finance, claim=claim, approve=True)
    services.pay(actor=personas.finance, claim=claim, paid_on=date(2026, 11, 20), reference="R")
    response = client_for("finance").get(reverse("finance:export_xlsx"))
    book = load_workbook(BytesIO(response.content))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1][2:] == (1000, 1234.56, 1234.56, 1234.56)
    paid = list(book.worksheets[1].iter_rows(values_only=True))
    assert paid[1][5] == 1234.56 and paid[1][7] == "R"
    assert AuditEvent.objects.filter(action="finance.exported").exists()
    assert client_for("nour_manager").get(reverse("finance:export_xlsx")).status_code == 403
