"""Writes on visits, observations and follow-up actions, each audited in its transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sanad.audit.services import diff, record
from sanad.lib.concurrency import save_if_unchanged
from sanad.network.services import coordinators, notify
from sanad.visits.models import FollowUpAction, Observation, Visit, VisitDraft, captured_ms
from sanad.visits.taxonomy import Severity

URGENT_MESSAGE = gettext_lazy("Urgent observation at %(place)s: %(text)s")


def _audit(actor, action, visit, **kwargs):
    return record(
        actor=actor,
        action=action,
        target=visit,
        organisation=visit.organisation,
        label=str(visit),
        **kwargs,
    )


@transaction.atomic
def plan_visit(*, actor, organisation, values: dict, beneficiaries) -> Visit:
    """Plan a visit, with its permit request. Audited as `visit.planned`."""
    visit = Visit.objects.create(organisation=organisation, created_by=actor, **values)
    visit.beneficiaries.set(beneficiaries)
    visit.visitors.add(actor)
    _audit(actor, "visit.planned", visit, changes={"planned_on": [None, str(visit.planned_on)]})
    return visit


@transaction.atomic
def update_plan(*, actor, visit: Visit, values: dict, beneficiaries, expected_version: int):
    """Change a planned visit (date, permit granted or refused…) from `expected_version`
    (EditConflict if someone saved it in between). Audited as `visit.plan_updated`."""
    changes = diff(visit, values)
    save_if_unchanged(visit, expected_version=expected_version, values=values)
    visit.beneficiaries.set(beneficiaries)
    _audit(actor, "visit.plan_updated", visit, changes=changes)


@transaction.atomic
def submit_report(
    *,
    actor,
    organisation,
    visit: Visit | None,
    values: dict,
    beneficiaries,
    observations: list[dict],
    actions: list[dict],
    draft_key: str,
) -> Visit:
    """Record a visit report (for a planned visit, or a new one), its observations and
    follow-up actions; drop the draft it was typed into; and notify the coordinators at
    once of any urgent observation (in-app and e-mail). Audited as `visit.reported`."""
    if visit is None:
        visit = Visit(organisation=organisation, created_by=actor)
    else:
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.state != Visit.State.PLANNED:
            # Two people reporting the same visit: the second report must not replace the
            # first. Their draft is kept, so nothing typed is lost.
            raise ValidationError(
                gettext_lazy("This visit was already reported; open it to add to it.")
            )
    for field, value in values.items():
        setattr(visit, field, value)
    visit.state = Visit.State.DONE
    visit.save()
    visit.beneficiaries.set(beneficiaries)
    visit.visitors.add(actor)
    created = [Observation.objects.create(visit=visit, **o) for o in observations]
    for action in actions:
        FollowUpAction.objects.create(visit=visit, **action)
    VisitDraft.objects.filter(user=actor, key=draft_key).delete()
    urgent = [o for o in created if o.severity == Severity.URGENT]
    if urgent:
        place = visit.establishment.name_fr if visit.establishment else str(visit)
        notify(
            users=coordinators(),
            message=URGENT_MESSAGE,
            params={"place": place, "text": urgent[0].text[:120]},
            link=reverse("visits:visit_detail", args=[visit.code]),
            email_template="visits/email/urgent",
            context={"visit": visit, "urgent": urgent},
        )
    _audit(
        actor,
        "visit.reported",
        visit,
        changes={
            "observations": [None, len(created)],
            "urgent": [None, len(urgent)],
            "actions": [None, len(actions)],
        },
    )
    return visit


@transaction.atomic
def save_draft(*, user, key: str, data: dict) -> VisitDraft:
    """Keep what `user` has typed so far into report `key` (not audited: nothing is
    recorded until the report is submitted, and the draft is private to its author). On a
    slow connection an autosave can reach the server after a later one: the draft keeps the
    content the browser took last (the row is locked while compared, so two saves arriving
    together in two workers cannot both pass the comparison)."""
    kept = VisitDraft.objects.select_for_update().filter(user=user, key=key).first()
    if kept is None:
        draft, _created = VisitDraft.objects.update_or_create(
            user=user, key=key, defaults={"data": data}
        )
        return draft
    if not captured_ms(data) or captured_ms(data) >= captured_ms(kept.data):
        kept.data = data
        kept.save(update_fields=["data", "updated_at"])
    return kept


@transaction.atomic
def complete_action(*, actor, action: FollowUpAction) -> None:
    """Mark a follow-up action done today. Audited as `visit.action_done`."""
    action.done_on = timezone.localdate()
    action.save(update_fields=["done_on"])
    _audit(actor, "visit.action_done", action.visit, changes={"action": [None, action.description]})


@transaction.atomic
def cancel_visit(*, actor, visit: Visit) -> None:
    """Cancel a planned visit. Audited as `visit.cancelled`."""
    visit.state = Visit.State.CANCELLED
    visit.save(update_fields=["state"])
    _audit(actor, "visit.cancelled", visit)
