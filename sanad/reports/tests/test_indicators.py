"""Every indicator recomputed by hand, record by record in Python, on the demo data."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from sanad.beneficiaries.models import Beneficiary
from sanad.complaints.models import Complaint
from sanad.families.models import AwarenessSession, FamilyContact
from sanad.finance.models import Allocation, ExpenseClaim
from sanad.legal.models import Deadline
from sanad.meetings.models import Attendance
from sanad.network.models import Organisation
from sanad.reference.models import Establishment
from sanad.releases.models import FollowUp, PlanItem, Release
from sanad.reports.indicators import INDICATORS, Scope
from sanad.trainings.models import Participant
from sanad.visits.models import Visit


def pct(a, b):
    return (
        None if not b else (Decimal(a) * 100 / Decimal(b)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    )


def mean(values):
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def by_hand(scope: Scope) -> dict:
    end = timezone.make_aware(datetime.combine(scope.end + timedelta(days=1), time.min))
    within = lambda d: d is not None and scope.start <= d <= scope.end  # noqa: E731
    live = [b for b in Beneficiary.objects.all() if b.merged_into_id is None]
    assisted = [
        b for b in live
        if any(c.to_status == "assisted" and c.at < end for c in b.status_changes.all())
    ]  # fmt: skip
    lawyer = [
        b for b in assisted
        if any(m.starts_on <= scope.end for c in b.legal_cases.all() for m in c.mandates.all())
    ]  # fmt: skip
    pretrial = [
        b for b in assisted if b.current_legal_status in ("investigation", "awaiting_trial")
    ]
    due = [d for d in Deadline.objects.all() if within(d.due_on)]
    met = sum(d.status == "met" for d in due)
    missed = sum(d.status == "missed" for d in due)
    delays = []
    for b in live:
        acts = [m.starts_on for c in b.legal_cases.all() for m in c.mandates.all()]
        acts += [r.filed_on for c in b.legal_cases.all() for r in c.remedies.all() if r.filed_on]
        consents = [c.given_on for c in b.consents.all() if c.kind == "processing"]
        if acts and within(min(acts)):
            contact = min(consents) if consents else timezone.localdate(b.created_at)
            if min(acts) >= contact:
                delays.append((min(acts) - contact).days)
    visits = [v for v in Visit.objects.all() if v.state == "done" and within(v.visited_on)]
    families = {c.beneficiary_id for c in FamilyContact.objects.all() if within(c.contacted_on)}
    for session in AwarenessSession.objects.all():
        if within(session.held_on):
            families |= {b.pk for b in session.families.all()}
    csos = [
        o for o in Organisation.objects.all()
        if o.kind == "partner_cso" and o.status == "active"
        and o.agreement_start is not None and o.agreement_start <= scope.end
        and (o.agreement_end is None or o.agreement_end >= scope.start)
    ]  # fmt: skip
    complaints = [c for c in Complaint.objects.all() if within(c.received_on)]
    closed = [(c.closed_on - c.received_on).days for c in complaints if c.closed_on]
    attendance = [
        a for a in Attendance.objects.all()
        if a.meeting.state == "held"
        and scope.start <= timezone.localdate(a.meeting.starts_at) <= scope.end
    ]  # fmt: skip
    allocated = sum(
        a.amount for a in Allocation.objects.all()
        if a.period_start <= scope.end and a.period_end >= scope.start
    )  # fmt: skip
    paid = sum(
        c.amount for c in ExpenseClaim.objects.all() if c.state == "paid" and within(c.paid_on)
    )
    trained = [
        p for p in Participant.objects.all()
        if p.attended and p.training.state == "held" and within(p.training.starts_on)
    ]  # fmt: skip
    both = [p for p in trained if p.score_before is not None and p.score_after is not None]
    return {
        **_reintegration_by_hand(within),
        "beneficiaries_assisted": len(assisted),
        "beneficiaries_identified": sum(
            scope.start <= timezone.localdate(b.created_at) <= scope.end for b in live
        ),
        "with_lawyer": pct(len(lawyer), len(assisted)),
        "pretrial_share": pct(len(pretrial), len(assisted)),
        "remedies_on_time": pct(met, met + missed),
        "deadlines_missed": missed,
        "days_to_first_legal_act": mean(delays),
        "visits_made": len(visits),
        "families_reached": len(families & {b.pk for b in live}),
        "csos_mobilised": len(csos),
        "complaints_received": len(complaints),
        "complaints_per_100": pct(
            sum(c.beneficiary_id is not None for c in complaints), len(assisted)
        ),
        "complaint_answer_days": mean(closed),
        "meeting_attendance": pct(sum(a.status == "present" for a in attendance), len(attendance)),
        "budget_spent": pct(paid, allocated),
        "staff_trained": len({p.user_id for p in trained}),
        "knowledge_gain": mean([p.score_after - p.score_before for p in both]),
        "csos_with_trained_staff": len({p.organisation_id for p in trained}),
    }


def _reintegration_by_hand(within) -> dict:
    released = [r for r in Release.objects.all() if within(r.released_on)]
    early = 0
    for r in released:
        plans = [p.started_on for p in r.beneficiary.release_plans.all()]
        plans = [d for d in plans if d <= r.released_on]
        early += bool(plans) and (r.released_on - min(plans)).days >= 30
    items = []
    for item in PlanItem.objects.all():
        left = [r.released_on for r in item.plan.beneficiary.releases.all()
                if r.released_on >= item.plan.started_on]  # fmt: skip
        if left and within(min(left)):
            items.append(item.done_on is not None and item.done_on <= min(left))
    values = {
        "releases_prepared": pct(early, len(released)),
        "plan_items_done": pct(sum(items), len(items)),
    }
    for months in (6, 12):
        done = [f for f in FollowUp.objects.all() if f.month == months and within(f.done_on)]
        values[f"stable_housing_{months}"] = pct(
            sum(f.housing == "stable" for f in done), len(done)
        )
        values[f"working_{months}"] = pct(
            sum(f.activity in ("work", "training") for f in done), len(done)
        )
        values[f"family_{months}"] = pct(sum(f.family_contact is True for f in done), len(done))
    year = [f for f in FollowUp.objects.all() if f.month == 12 and within(f.due_on)]
    back = [f.release.reincarcerated_on is not None and f.release.reincarcerated_on <= f.due_on
            for f in year]  # fmt: skip
    followed = [b for f, b in zip(year, back, strict=True) if b or f.done_on is not None]
    values["reincarcerated_12"] = pct(sum(followed), len(followed))
    return values


@pytest.mark.parametrize(
    "period",
    [(date(2000, 1, 1), date(2100, 12, 31)), "this-year", "last-90-days"],
)
def test_every_indicator_matches_the_count_by_hand(demo, period):
    today = timezone.localdate()
    if period == "this-year":
        period = (date(today.year, 1, 1), today)
    elif period == "last-90-days":
        period = (today - timedelta(days=90), today)
    scope = Scope(*period)
    expected = by_hand(scope)
    assert set(expected) == set(INDICATORS)
    for key, value in expected.items():
        got = INDICATORS[key].value(scope).value
        assert got == (None if value is None else Decimal(value)), key


def test_the_demo_gives_every_indicator_something_to_show(demo):
    today = timezone.localdate()
    values = by_hand(Scope(date(2000, 1, 1), today + timedelta(days=365)))
    empty = [k for k, v in values.items() if not v]
    assert empty == [], "the demo data should exercise every indicator"


def test_partners_count_from_their_agreement_and_only_where_they_work(db):
    """A CSO created by a selection counted at once, in every establishment: no longer."""
    call_command("load_reference", verbosity=0)
    fes, other = Establishment.objects.all()[:2]
    working = Organisation.objects.create(
        name_fr="Partenaire", kind="partner_cso", status="active", agreement_start=date(2026, 3, 1)
    )
    working.establishments.add(fes)
    working.regions.add(fes.region)
    Organisation.objects.create(name_fr="Sans convention", kind="partner_cso", status="active")
    Organisation.objects.create(
        name_fr="Convention finie", kind="partner_cso", status="active",
        agreement_start=date(2025, 1, 1), agreement_end=date(2025, 12, 31),
    )  # fmt: skip
    mobilised = INDICATORS["csos_mobilised"]

    def count(start, end, **filters):
        return mobilised.value(Scope(start, end, **filters)).value

    assert count(date(2026, 1, 1), date(2026, 2, 28)) == 0  # before the agreement
    assert count(date(2026, 1, 1), date(2026, 12, 31)) == 1
    assert count(date(2026, 1, 1), date(2026, 12, 31), establishment=fes.pk) == 1
    assert count(date(2026, 1, 1), date(2026, 12, 31), establishment=other.pk) == 0
    assert count(date(2025, 1, 1), date(2025, 12, 31)) == 1  # the finished one, in its time
