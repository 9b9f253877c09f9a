"""Keeping each detained person's expected release up to date, and the CSO's own record of
it (a date, remissions), audited."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.audit.services import diff, record
from sanad.beneficiaries.models import Beneficiary, NeedCategory
from sanad.lib.concurrency import save_if_unchanged
from sanad.releases.expected import estimate
from sanad.releases.models import ChecklistStep, ExpectedRelease, PlanItem, ReleasePlan

CHUNK = 500


def refresh(beneficiary: Beneficiary) -> ExpectedRelease:
    """Compute `beneficiary`'s expected release again from their records (and what the CSO
    recorded), and keep it."""
    kept = ExpectedRelease.objects.filter(beneficiary=beneficiary).first()
    kept = kept or ExpectedRelease(beneficiary=beneficiary)
    found = estimate(beneficiary, recorded_on=kept.recorded_on, remission_days=kept.remission_days)
    kept.on, kept.source, kept.basis, kept.missing = (
        found.on, found.source, found.basis, [str(key) for key in found.missing],
    )  # fmt: skip
    kept.save()
    return kept


def refresh_all() -> int:
    """Compute again the expected release of every person detained now (placement without
    an end), in chunks; the nightly job, and after an import. Returns how many."""
    detained = Beneficiary.objects.filter(
        merged_into__isnull=True, anonymised_at__isnull=True, placements__ended_on__isnull=True
    ).distinct()
    done = 0
    for start in range(0, detained.count(), CHUNK):
        with transaction.atomic():
            for person in detained.order_by("pk")[start : start + CHUNK]:
                refresh(person)
                done += 1
    return done


@transaction.atomic
def record_release(*, actor, release: ExpectedRelease, values: dict, expected_version: int):
    """Record what the CSO knows (a release date from the registry, remissions granted), then
    compute again. Audited as `release.recorded` (EditConflict if someone saved first)."""
    changes = diff(release, values)
    save_if_unchanged(release, expected_version=expected_version, values=values)
    refreshed = refresh(release.beneficiary)
    record(
        actor=actor,
        action="release.recorded",
        target=refreshed,
        changes=changes | {"on": [str(release.on or ""), str(refreshed.on or "")]},
        subjects=[str(release.beneficiary.code)],
    )
    return refreshed


def _is_foreigner(person) -> bool:
    moroccan = {str(country) for country in person.nationalities} <= {"MA"}
    return not moroccan or person.needs.filter(category=NeedCategory.FOREIGNER).exists()


@transaction.atomic
def start_plan(*, actor, beneficiary: Beneficiary, organisation) -> ReleasePlan:
    """Start the person's release plan with the checklist's steps (consular papers only for
    a foreigner), each due its days before the expected release. Refused while another plan
    started in the last year is under way. Audited as `release_plan.started`."""
    since = timezone.localdate() - timedelta(days=365)
    if beneficiary.release_plans.filter(started_on__gte=since).exists():
        raise ValidationError(_("A release plan is already under way for this person."))
    expected = ExpectedRelease.objects.filter(beneficiary=beneficiary).first()
    on = expected.on if expected else None
    plan = ReleasePlan.objects.create(
        beneficiary=beneficiary,
        organisation=organisation,
        expected_on=on,
        started_on=timezone.localdate(),
        started_by=actor,
    )
    steps = ChecklistStep.objects.all()
    if not _is_foreigner(beneficiary):
        steps = steps.filter(foreigners_only=False)
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, step=step, label=step.label_fr,
                 due_on=on - timedelta(days=step.days_before) if on else None)
        for step in steps
    )  # fmt: skip
    record(
        actor=actor,
        action="release_plan.started",
        target=plan,
        organisation=organisation,
        changes={"expected_on": [None, str(on or "")]},
        subjects=[str(beneficiary.code)],
    )
    return plan


@transaction.atomic
def update_item(*, actor, item: PlanItem, values: dict, expected_version: int) -> PlanItem:
    """Change a plan item (owner, due date, done, referral and its answer), if nobody saved
    it in between. Audited as `release_plan.item_updated`."""
    changes = diff(item, values)
    save_if_unchanged(item, expected_version=expected_version, values=values)
    record(
        actor=actor,
        action="release_plan.item_updated",
        target=item,
        organisation=item.plan.organisation,
        label=f"{item.plan} — {item.label}"[:300],
        changes=changes,
        subjects=[str(item.plan.beneficiary.code)],
    )
    return item
