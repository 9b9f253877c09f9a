"""Optimistic locking: an edit states the version it started from, and loses to no one silently."""

from django.db import models
from django.db.models import F


class EditConflict(Exception):
    """Someone saved the record after this edit began; `current` holds their version."""

    def __init__(self, current: models.Model):
        super().__init__("The record was changed by someone else.")
        self.current = current


def save_if_unchanged(instance: models.Model, *, expected_version: int, values: dict) -> None:
    """Write `values` onto `instance` only if its stored version is still `expected_version`.

    Bumps the version in the same UPDATE, so two concurrent edits cannot both succeed.
    Raises EditConflict with the stored record otherwise. Call inside a transaction."""
    model = type(instance)
    concrete = {k: v for k, v in values.items() if not model._meta.get_field(k).many_to_many}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **concrete
    )
    if not updated:
        raise EditConflict(model._default_manager.get(pk=instance.pk))
    for field, value in values.items():
        if model._meta.get_field(field).many_to_many:
            getattr(instance, field).set(value)
        else:
            setattr(instance, field, value)
    instance.version = expected_version + 1


def create_or_update(instance: models.Model, *, values: dict, expected_version) -> None:
    """Save a new record with `values`, or write them onto an existing one only if it is
    still at `expected_version` (EditConflict otherwise). Call inside a transaction."""
    if instance.pk:
        save_if_unchanged(instance, expected_version=expected_version, values=values)
        return
    for field, value in values.items():
        setattr(instance, field, value)
    instance.save()
