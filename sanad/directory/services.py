"""Writes to the directory's outside actors, each with its audit event."""

from django.db import transaction

from sanad.audit.services import diff, record
from sanad.directory.models import ExternalActor
from sanad.lib.concurrency import create_or_update

RELATED = ("establishments", "fields_of_action", "services", "languages")


@transaction.atomic
def save_actor(*, actor, external: ExternalActor, values: dict, expected_version=None):
    """Create `external` or save an edit started at `expected_version` (EditConflict when
    someone saved in between). Audited as `external_actor.created` or `.updated`."""
    creating = external.pk is None
    plain = {k: v for k, v in values.items() if k not in RELATED}
    related = {k: list(v) for k, v in values.items() if k in RELATED}
    changes = diff(external, values)
    if not changes:
        return external
    create_or_update(external, values=plain, expected_version=expected_version)
    for field, items in related.items():
        getattr(external, field).set(items)
    record(
        actor=actor,
        action="external_actor.created" if creating else "external_actor.updated",
        target=external,
        changes=changes,
    )
    return external
