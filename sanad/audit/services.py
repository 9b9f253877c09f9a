"""The one way to write an audit event."""

from django.db import models

from sanad.audit.middleware import current_request
from sanad.audit.models import AuditEvent, AuditSubject
from sanad.lib.client import client_address
from sanad.lib.concurrency import create_or_update


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


def save_recorded(*, actor, instance, values: dict, expected_version, action: str,
                  related=(), on_create=None) -> bool:  # fmt: skip
    """Create `instance` with `values` (and `on_create`), or write them if it is still at
    `expected_version` (EditConflict otherwise); set its many-to-many `related` fields and
    audit `<action>.created` or `.updated`. False when nothing changed. Inside a transaction."""
    creating = instance.pk is None
    changes = diff(instance, values)
    if not changes:
        return False
    plain = {k: v for k, v in values.items() if k not in related}
    if creating:
        plain |= on_create or {}
    create_or_update(instance, values=plain, expected_version=expected_version)
    for field in related:
        if field in values:
            getattr(instance, field).set(values[field])
    verb = "created" if creating else "updated"
    record(actor=actor, action=f"{action}.{verb}", target=instance, changes=changes)
    return True
