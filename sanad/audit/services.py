"""The one way to write an audit event."""

from django.db import models

from sanad.audit.middleware import current_request
from sanad.audit.models import AuditEvent, AuditSubject
from sanad.lib.client import client_address


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    organisation=None,
    changes: dict | None = None,
    label: str = "",
    subjects: list[str] | None = None,
) -> AuditEvent:
    """Append an audit event for `action` (dotted, e.g. ``membership.deactivated``).

    Call it inside the transaction that makes the change, so that the change and its event
    are committed together or not at all. `actor` may be None for anonymous or system actions;
    `target` is snapshotted (type, code, label) so the history stays readable if it changes.
    The request id and client address come from the current request, when there is one.
    `subjects` are the codes of other people whose data the event touched (exported rows).
    """
    event = _event(actor, action, target, organisation, label, changes)
    event.save()
    if subjects:
        AuditSubject.objects.bulk_create(
            [AuditSubject(event=event, subject_code=code) for code in subjects], batch_size=1000
        )
    return event


def record_many(*, actor, action: str, targets: list[tuple]) -> None:
    """Append one `action` event per `(target, organisation, label, changes)` in a single
    insert (bulk registrations); each event is the one `record` would have written."""
    AuditEvent.objects.bulk_create(
        [_event(actor, action, *target) for target in targets], batch_size=1000
    )


def _event(actor, action, target, organisation, label, changes) -> AuditEvent:
    request = current_request.get()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        organisation=organisation,
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else "")[:254],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_code=str(getattr(target, "code", target.pk if target is not None else ""))[:64],
        target_label=(label or (str(target) if target is not None else ""))[:300],
        changes=changes or {},
        request_id=getattr(request, "request_id", ""),
        ip_address=client_address(request) if request is not None else None,
    )


def diff(instance: models.Model, values: dict) -> dict:
    """The `{field: [old, new]}` changes that setting `values` on `instance` would make; a
    many-to-many field compares the sorted labels of its rows."""
    many = {field.name for field in instance._meta.many_to_many}
    changes = {}
    for field, new in values.items():
        if field in many:
            old = sorted(str(o) for o in getattr(instance, field).all()) if instance.pk else []
            new = sorted(str(o) for o in new)
        else:
            old = getattr(instance, field, None)  # None for a relation not set yet
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
