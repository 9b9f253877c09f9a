"""The demo's releases: a plan for the first person expected to leave within the window (its
identity-documents step referred to an outside service and answered), and two people
already released with their follow-ups."""

from datetime import timedelta

from django.conf import settings

from sanad.beneficiaries.models import Following
from sanad.directory.models import ExternalActor
from sanad.releases.models import ExpectedRelease, Release, ReleasePlan
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


def seed_releases(*, users, today) -> None:
    """Two people released: forty days ago (the one-month follow-up done) and seven months
    ago (follow-ups at one and three months done, the six-month one late)."""
    if Release.objects.exists():
        return
    detained = Following.objects.filter(
        active=True, beneficiary__placements__ended_on__isnull=True,
        beneficiary__placements__started_on__lt=today - timedelta(days=240),
        beneficiary__release_plans__isnull=True,
    ).select_related("beneficiary", "organisation").order_by("pk")[:2]  # fmt: skip
    for following, days, done in zip(detained, (40, 215), ((1,), (1, 3)), strict=False):
        worker = next(
            user for user in users.values()
            if user.memberships.filter(organisation=following.organisation,
                                       role="cso_worker").exists()
        )  # fmt: skip
        release = release_person(
            actor=worker,
            beneficiary=following.beneficiary,
            values={"released_on": today - timedelta(days=days), "follow_up_consent": True,
                    "circumstances": "end_of_sentence", "note": ""},
        )  # fmt: skip
        for follow_up in release.follow_ups.filter(month__in=done):
            record_follow_up(
                actor=worker,
                follow_up=follow_up,
                values={"done_on": follow_up.due_on + timedelta(days=3), "housing": "temporary",
                        "activity": "training", "family_contact": True,
                        "note": "Vu au local de l'association."},
                expected_version=follow_up.version,
            )  # fmt: skip
