"""The demo's releases: a plan for the first person expected to leave within the window (its
identity-documents step referred to an outside service and answered), and people already
released with their plans, follow-ups and outcomes."""

from datetime import timedelta

from django.conf import settings

from sanad.beneficiaries.models import Following
from sanad.beneficiaries.services import add_placement
from sanad.directory.models import ExternalActor
from sanad.releases.models import ExpectedRelease, PlanItem, Release, ReleasePlan
from sanad.releases.services import record_follow_up, release_person, start_plan, update_item


def seed_release_plan(*, users, today) -> None:
    if ReleasePlan.objects.exists():
        return
    window = today + timedelta(days=settings.SANAD_RELEASE_WINDOW_DAYS)
    soon = ExpectedRelease.objects.filter(on__range=(today, window)).order_by("on").first()
    following = soon and Following.objects.filter(beneficiary=soon.beneficiary, active=True).first()
    if following is None:
        return
    worker = next(
        user for user in users.values()
        if user.memberships.filter(organisation=following.organisation, role="cso_worker").exists()
    )  # fmt: skip
    plan = start_plan(
        actor=worker, beneficiary=soon.beneficiary, organisation=following.organisation
    )
    identity = plan.items.get(step__key="identity")
    update_item(
        actor=worker,
        item=identity,
        values={"owner": worker, "actor": ExternalActor.objects.filter(kind="social").first()
                or ExternalActor.objects.first(), "referral": "accepted",
                "answer": "Rendez-vous pris à l'annexe administrative pour la CIN."},
        expected_version=identity.version,
    )  # fmt: skip


# (days ago, follow-ups done, plan started days before (None: no plan), outcome, detained
# again days after release)
RELEASED = [
    (35, (1,), 60, ("temporary", "training", True), None),
    (190, (1, 3, 6), 20, ("stable", "work", True), None),
    (215, (1, 3), None, ("temporary", "none", False), None),
    (400, (1, 3, 6, 12), 45, ("stable", "work", True), None),
    (400, (1, 3), None, ("none", "none", False), 150),
]


def seed_releases(*, users, today) -> None:
    """People released 1, 6, 7 and 13 months ago with their follow-ups and outcomes (the
    7-month one's six-month follow-up missed), two of them with a plan begun beforehand, and
    one placed in detention again five months after leaving."""
    if Release.objects.exists():
        return
    detained = Following.objects.filter(
        active=True, beneficiary__placements__ended_on__isnull=True,
        beneficiary__placements__started_on__lt=today - timedelta(days=420),
        beneficiary__release_plans__isnull=True,
    ).select_related("beneficiary", "organisation").order_by("pk")  # fmt: skip
    for following, spec in zip(detained, RELEASED, strict=False):
        _release(following, *spec, worker=_worker(users, following.organisation), today=today)


def _worker(users, organisation):
    return next(
        user for user in users.values()
        if user.memberships.filter(organisation=organisation, role="cso_worker").exists()
    )  # fmt: skip


def _release(following, days, done, plan_days, outcome, back_after, *, worker, today):
    person, released_on = following.beneficiary, today - timedelta(days=days)
    if plan_days is not None:
        _past_plan(worker, following, released_on, plan_days)
    establishment = person.current_establishment
    release = release_person(
        actor=worker,
        beneficiary=person,
        values={"released_on": released_on, "follow_up_consent": True,
                "circumstances": "end_of_sentence", "note": ""},
    )  # fmt: skip
    housing, activity, family = outcome
    for follow_up in release.follow_ups.filter(month__in=done):
        record_follow_up(
            actor=worker,
            follow_up=follow_up,
            values={"done_on": follow_up.due_on + timedelta(days=3), "housing": housing,
                    "activity": activity, "family_contact": family,
                    "note": "Vu au local de l'association."},
            expected_version=follow_up.version,
        )  # fmt: skip
    if back_after is not None:
        again = released_on + timedelta(days=back_after)
        add_placement(actor=worker, beneficiary=person, establishment=establishment,
                      register_number="", started_on=again)  # fmt: skip


def _past_plan(worker, following, released_on, plan_days):
    """A plan as if started `plan_days` before the release, the first half of its items done
    by then."""
    plan = start_plan(
        actor=worker, beneficiary=following.beneficiary, organisation=following.organisation
    )
    ReleasePlan.objects.filter(pk=plan.pk).update(
        started_on=released_on - timedelta(days=plan_days), expected_on=released_on
    )
    items = list(plan.items.select_related("step"))
    for index, item in enumerate(items):
        item.due_on = released_on - timedelta(days=item.step.days_before if item.step else 0)
        item.owner = worker
        item.done_on = item.due_on if index < len(items) // 2 + 1 else None
    PlanItem.objects.bulk_update(items, ["due_on", "owner", "done_on"])
