"""Keeping each detained person's expected release up to date, and the CSO's own record of
it (a date, remissions), audited."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.audit.services import diff, record
from sanad.beneficiaries.models import (
    Beneficiary,
    ClosureReason,
    Following,
    NeedCategory,
    Status,
)
from sanad.beneficiaries.services import change_status
from sanad.lib.concurrency import save_if_unchanged
from sanad.lib.deadlines import add_months
from sanad.network.roles import Role
from sanad.network.services import notify
from sanad.releases.expected import estimate
from sanad.releases.models import (
    ChecklistStep,
    ExpectedRelease,
    FollowUp,
    PlanItem,
    Release,
    ReleasePlan,
)

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
def record_known_release(*, actor, release: ExpectedRelease, values: dict, expected_version: int):
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


FOLLOW_UP_MONTHS = (1, 3, 6, 12)
DECLINED = gettext_lazy("Declined to be followed after release.")
REMINDER = gettext_lazy("Follow-up after release due on %(day)s (%(months)s months).")


@transaction.atomic
def release_person(*, actor, beneficiary: Beneficiary, values: dict) -> Release:
    """Record that the person left prison: their place of detention ends that day; with their
    consent, follow-ups are due 1, 3, 6 and 12 months after; without it the record is closed
    (retention runs from then). Audited as `beneficiary.released`."""
    placement = beneficiary.placements.filter(ended_on__isnull=True).order_by("started_on").last()
    if placement is None:
        raise ValidationError(_("No current place of detention is recorded for this person."))
    if values["released_on"] < placement.started_on:
        raise ValidationError(_("The release cannot come before the current detention began."))
    placement.ended_on = values["released_on"]
    placement.save(update_fields=["ended_on"])
    release = Release.objects.create(beneficiary=beneficiary, recorded_by=actor, **values)
    if release.follow_up_consent:
        FollowUp.objects.bulk_create(
            FollowUp(release=release, month=month, due_on=add_months(release.released_on, month))
            for month in FOLLOW_UP_MONTHS
        )
    elif beneficiary.status != Status.CLOSED:
        change_status(actor=actor, beneficiary=beneficiary, to_status=Status.CLOSED,
                      reason=ClosureReason.RELEASED, note=str(DECLINED))  # fmt: skip
    record(
        actor=actor,
        action="beneficiary.released",
        target=beneficiary,
        changes={key: [None, str(value)] for key, value in values.items() if key != "note"},
    )
    return release


@transaction.atomic
def record_follow_up(*, actor, follow_up: FollowUp, values: dict, expected_version: int):
    """Record a follow-up after release (done today unless said), if nobody saved it in
    between. Audited as `release.follow_up_recorded`."""
    values = {**values, "done_on": values.get("done_on") or timezone.localdate()}
    changes = diff(follow_up, values)
    values["recorded_by"] = actor
    save_if_unchanged(follow_up, expected_version=expected_version, values=values)
    record(
        actor=actor,
        action="release.follow_up_recorded",
        target=follow_up,
        changes=changes,
        subjects=[str(follow_up.release.beneficiary.code)],
    )
    return follow_up


@transaction.atomic
def remind_follow_ups(*, today=None) -> int:
    """Tell the following CSOs' members of each follow-up due within a week (once each).
    Returns how many follow-ups were reminded."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(
        done_on__isnull=True, reminded_on__isnull=True, due_on__lte=today + timedelta(days=7)
    ).select_related("release__beneficiary")
    reminded = 0
    for follow_up in due:
        person = follow_up.release.beneficiary
        organisations = Following.objects.filter(beneficiary=person, active=True).values(
            "organisation"
        )
        members = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__organisation__in=organisations,
                memberships__role__in=[Role.CSO_MANAGER, Role.CSO_WORKER],
                memberships__is_active=True,
            )
            .distinct()
        )
        notify(
            users=members,
            message=REMINDER,
            params={"day": follow_up.due_on, "months": follow_up.month},
            link=reverse("releases:follow_up_edit", args=[follow_up.pk]),
        )
        follow_up.reminded_on = today
        follow_up.save(update_fields=["reminded_on"])
        reminded += 1
    return reminded
