"""Writes to dialogue events and recommendations, each with its audit event."""

from django.db import transaction

from sanad.advocacy.models import DialogueEvent, Recommendation, Status, StatusUpdate
from sanad.audit.services import record, save_recorded


@transaction.atomic
def save_event(*, actor, event: DialogueEvent, values: dict, expected_version=None):
    """Create a dialogue event or save an edit started at `expected_version` (EditConflict
    otherwise). Audited as `dialogue_event.created` or `.updated`."""
    save_recorded(
        actor=actor,
        instance=event,
        values=values,
        expected_version=expected_version,
        action="dialogue_event",
        related=("organisations", "actors"),
        on_create={"created_by": actor},
    )
    return event


@transaction.atomic
def save_recommendation(*, actor, recommendation: Recommendation, values: dict,
                        expected_version=None, evidence: str = ""):  # fmt: skip
    """Create a recommendation (its first status, made, dated and with `evidence`) or save
    an edit of its text, addressee or citations. Audited as `recommendation.created` or
    `.updated`."""
    creating = recommendation.pk is None
    save_recorded(
        actor=actor,
        instance=recommendation,
        values=values,
        expected_version=expected_version,
        action="recommendation",
        related=("establishments",),
        on_create={"created_by": actor},
    )
    if creating:
        StatusUpdate.objects.create(
            recommendation=recommendation,
            status=Status.MADE,
            on=recommendation.status_on,
            evidence=evidence or str(recommendation.event or ""),
            recorded_by=actor,
        )
    return recommendation


@transaction.atomic
def record_status(*, actor, recommendation: Recommendation, values: dict) -> StatusUpdate:
    """Record a status on a date with its evidence; the newest date is the current status.
    Audited as `recommendation.status_recorded`."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    update = StatusUpdate.objects.create(recommendation=recommendation, recorded_by=actor, **values)
    before = recommendation.status
    if update.on >= recommendation.status_on:
        recommendation.status, recommendation.status_on = update.status, update.on
        recommendation.save(update_fields=["status", "status_on"])
    record(
        actor=actor,
        action="recommendation.status_recorded",
        target=recommendation,
        label=str(recommendation)[:200],
        changes={"status": [before, update.status], "evidence": [None, update.evidence]},
    )
    return update
