"""Edits of reference data (administrators), each with its audit event."""

from django.db import transaction

from sanad.audit.services import diff, record
from sanad.lib.concurrency import save_if_unchanged


@transaction.atomic
def save_reference(*, actor, instance, values: dict, expected_version: int | None = None):
    """Create `instance` (no pk) or update it from `expected_version` with `values`.

    Raises EditConflict when someone saved the record in between. Audited as
    `reference.<model>.created` / `.updated` with the changed fields."""
    name = instance._meta.model_name
    if instance.pk is None:
        for field, value in values.items():
            setattr(instance, field, value)
        instance.save()
        record(
            actor=actor,
            action=f"reference.{name}.created",
            target=instance,
            changes=diff(type(instance)(), values),
        )
        return instance
    changes = diff(instance, values)
    if changes:
        save_if_unchanged(instance, expected_version=expected_version, values=values)
        record(actor=actor, action=f"reference.{name}.updated", target=instance, changes=changes)
    return instance
