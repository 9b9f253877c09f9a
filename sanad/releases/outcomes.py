"""What the reintegration indicators count, row by row: each release with how early its plan
began, each plan item with whether it was done by the day, each follow-up with the outcomes
it found, and each person followed for twelve months with whether they were detained again.
reports/indicators filters these by period and scope; reports/release publishes them."""

from datetime import timedelta

from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, Value, When

from sanad.releases.models import Activity, FollowUp, Housing, PlanItem, Release, ReleasePlan

PREPARED_DAYS = 30


class Preparation:
    EARLY, LATE, NONE = "early", "late", "none"


def _flag(condition: Q):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def releases():
    """Every release with its `preparation`: the first plan for the person started before
    the day, 30 days or more before it (early), later (late), or none."""
    first_plan = (
        ReleasePlan.objects.filter(
            beneficiary=OuterRef("beneficiary"), started_on__lte=OuterRef("released_on")
        )
        .order_by("started_on")
        .values("started_on")[:1]
    )
    return Release.objects.annotate(plan_started=Subquery(first_plan)).annotate(
        preparation=Case(
            When(plan_started__isnull=True, then=Value(Preparation.NONE)),
            When(
                plan_started__lte=F("released_on") - timedelta(days=PREPARED_DAYS),
                then=Value(Preparation.EARLY),
            ),
            default=Value(Preparation.LATE),
        )
    )


def plan_items():
    """The items of the plans of people since released, with the day they left (the first
    release after the plan began) and `done`: done on or before that day."""
    left = (
        Release.objects.filter(
            beneficiary=OuterRef("plan__beneficiary"), released_on__gte=OuterRef("plan__started_on")
        )
        .order_by("released_on")
        .values("released_on")[:1]
    )
    return (
        PlanItem.objects.annotate(released_on=Subquery(left))
        .filter(released_on__isnull=False)
        .annotate(done=_flag(Q(done_on__lte=F("released_on"))))
    )


def follow_ups(month: int):
    """The follow-ups done `month` months after a release, with the outcomes found: stable
    housing, work or training, contact with the family (unanswered counts as no)."""
    return FollowUp.objects.filter(month=month, done_on__isnull=False).annotate(
        stable_housing=_flag(Q(housing=Housing.STABLE)),
        working=_flag(Q(activity__in=[Activity.WORK, Activity.TRAINING])),
        family=_flag(Q(family_contact=True)),
    )


def followed_a_year():
    """The twelve-month follow-ups of people followed that long (done, or detained again
    before it was due), with `back`: detained again within the twelve months."""
    back = Q(release__reincarcerated_on__lte=F("due_on"))
    return (
        FollowUp.objects.filter(month=12)
        .filter(Q(done_on__isnull=False) | back)
        .annotate(back=_flag(back))
    )
