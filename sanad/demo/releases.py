"""The demo's release preparation: a plan for the first person expected to leave within the
window, its identity-documents step referred to an outside service and answered."""

from datetime import timedelta

from django.conf import settings

from sanad.beneficiaries.models import Following
from sanad.directory.models import ExternalActor
from sanad.releases.models import ExpectedRelease, ReleasePlan
from sanad.releases.services import start_plan, update_item


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
