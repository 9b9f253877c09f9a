"""Writes to the shared library, each with its audit event."""

from django.db import transaction
from django.db.models import Max

from sanad.audit.services import record, save_recorded
from sanad.library import letters
from sanad.library.models import Resource, ResourceVersion

RELATED = ("fields_of_action", "themes")


@transaction.atomic
def save_resource(*, actor, resource: Resource, values: dict, expected_version=None, first=None):
    """Create `resource` with its `first` version's values, or save an edit started at
    `expected_version` (EditConflict when someone saved in between). Audited as
    `resource.created` or `resource.updated`."""
    creating = resource.pk is None
    changed = save_recorded(
        actor=actor,
        instance=resource,
        values=values,
        expected_version=expected_version,
        action="resource",
        related=RELATED,
        on_create={"created_by": actor},
    )
    if changed:
        Resource.objects.filter(pk=resource.pk).update(search_text=resource.searchable())
    if creating:
        add_version(actor=actor, resource=resource, values=first)
    return resource


@transaction.atomic
def add_version(*, actor, resource: Resource, values: dict) -> ResourceVersion:
    """Add the next version of `resource` (its files carry their checked `checked_type`; its
    texts are checked as letter templates). Audited as `resource.version_added`."""
    Resource.objects.select_for_update().filter(pk=resource.pk).get()
    number = (resource.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ResourceVersion(resource=resource, number=number, created_by=actor)
    version.changes = values["changes"]
    for language in ("fr", "ar"):
        if text := values.get(f"text_{language}", ""):
            letters.check(text)
        setattr(version, f"text_{language}", text)
        if uploaded := values.get(f"file_{language}"):
            getattr(version, f"file_{language}").save(uploaded.name, uploaded, save=False)
            setattr(version, f"name_{language}", uploaded.name[:200])
            setattr(version, f"type_{language}", uploaded.checked_type)
    version.save()
    Resource.objects.filter(pk=resource.pk).update(updated_at=version.created_at)
    record(
        actor=actor,
        action="resource.version_added",
        target=resource,
        changes={
            "version_number": [number - 1 or None, number],
            "changes": [None, version.changes],
        },
    )
    return version
