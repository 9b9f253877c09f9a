"""Demo coordination meetings (two past with minutes and action items, one upcoming) and a
budget with allocations to Nour and Amal and claims in every state."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sanad.finance import services as finance
from sanad.finance.models import Allocation, BudgetLine, ExpenseClaim
from sanad.meetings import services as meetings
from sanad.meetings.models import Meeting
from sanad.visits.models import Visit


def seed_meetings(*, coordinator, partners) -> int:
    if Meeting.objects.exists():
        return 0
    today = timezone.localdate()
    for n, days in enumerate((-70, -20, 12)):
        start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(10)))
        meeting = meetings.schedule(
            actor=coordinator,
            values={
                "title": f"Réunion de coordination n° {n + 1}",
                "starts_at": start,
                "ends_at": start + timedelta(hours=3),
                "mode": "in_person" if n != 1 else "online",
                "place": "Siège de l'OMP, Casablanca",
                "link": "https://visio.example/omp" if n == 1 else "",
            },
            organisations=partners,
            people=[],
            agenda=["Tour de table des OSC", "Suivi des dossiers urgents", "Questions financières"],
        )
        if days < 0:
            meetings.record_outcome(
                actor=coordinator,
                meeting=meeting,
                attendance={
                    org: "present" if (i + n) % 3 else "excused" for i, org in enumerate(partners)
                },
                minutes="Les OSC ont présenté leurs visites du mois. Trois situations urgentes "
                "ont été signalées et transmises à la DGAPR.",
                decisions=["Harmoniser les fiches de visite", "Former les nouveaux bénévoles"],
                actions=[
                    {
                        "description": f"Transmettre la liste des visites prévues ({n + 1})",
                        "owner_organisation": partners[n % len(partners)],
                        "due_on": today + timedelta(days=days + 14),
                    }
                ],
            )
    return 3


def seed_budget(*, finance_user, nour, amal, managers) -> int:
    if BudgetLine.objects.exists():
        return 0
    year = timezone.localdate().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    lines = [
        BudgetLine.objects.create(
            name=name, category=category, amount=Decimal(amount), period_start=start, period_end=end
        )
        for name, category, amount in (
            ("Transport des visites de suivi", "transport", "60000.00"),
            ("Communication avec les familles", "communication", "15000.00"),
        )
    ]
    for org in (nour, amal):
        for line, amount in zip(lines, ("12000.00", "3000.00"), strict=True):
            Allocation.objects.create(
                budget_line=line,
                organisation=org,
                period_start=start,
                period_end=end,
                amount=Decimal(amount),
            )
    states = ["draft", "submitted", "approved", "rejected", "paid", "paid"]
    for org in (nour, amal):
        visits = list(Visit.objects.filter(organisation=org, state="done")[:6])
        for i, state in enumerate(states):
            claim = finance.save_claim(
                actor=managers[org.pk],
                organisation=org,
                claim=None,
                values={
                    "budget_line": lines[i % 2],
                    "amount": Decimal("180.00") + i * Decimal("37.50"),
                    "spent_on": timezone.localdate() - timedelta(days=10 * i + 5),
                    "description": "Transport pour visite"
                    if i % 2 == 0
                    else "Recharge téléphonique",
                    "visit": visits[i] if i < len(visits) else None,
                },
            )
            if state == "draft":
                continue
            finance.submit(actor=managers[org.pk], claim=claim)
            if state == "submitted":
                continue
            finance.decide(
                actor=finance_user,
                claim=claim,
                approve=state != "rejected",
                reason="Reçu illisible" if state == "rejected" else "",
            )
            if state == "paid":
                finance.pay(
                    actor=finance_user,
                    claim=claim,
                    paid_on=timezone.localdate() - timedelta(days=2),
                    reference=f"VIR-{org.acronym}-{i}",
                )
    return ExpenseClaim.objects.count()
