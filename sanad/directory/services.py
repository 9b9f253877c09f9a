"""Writes to the directory's outside actors, each with its audit event."""

from django.db import transaction

from sanad.audit.services import save_recorded
from sanad.directory.models import ExternalActor

RELATED = ("establishments", "fields_of_action", "services", "languages")


@transaction.atomic
def save_actor(*, actor, external: ExternalActor, values: dict, expected_version=None):
    """Create `external` or save an edit started at `expected_version` (EditConflict when
    someone saved in between). Audited as `external_actor.created` or `.updated`."""
    save_recorded(
        actor=actor,
        instance=external,
        values=values,
        expected_version=expected_version,
        action="external_actor",
        related=RELATED,
    )
    return external
