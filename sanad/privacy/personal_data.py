"""What each app holds about a beneficiary, declared once in the app's own `privacy.py`
(`PERSONAL_DATA`), and used both for a person's data export and for anonymisation."""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class PersonalData:
    """Rows of `model` about a person: `path` is the lookup from the model to the
    Beneficiary's primary key. `export` lists the fields a data-subject export shows;
    `clear` maps the fields anonymisation empties to their new value; `identity` names the
    fields whose values identify the person and are searched for everywhere else; `files`
    are deleted; `delete` removes the rows themselves. A `shared` row may concern several
    people (a group visit) and is cleared once all of them are anonymised. `labels` gives
    the words of a list field's codes (a JSON list has no choices of its own)."""

    model: type
    path: str
    export: tuple[str, ...]
    clear: dict = field(default_factory=dict)
    identity: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    delete: bool = False
    shared: bool = False
    labels: dict = field(default_factory=dict)

    def rows(self, beneficiary_ids):
        return self.model._base_manager.filter(**{f"{self.path}__in": beneficiary_ids}).distinct()


@cache
def registry() -> tuple[PersonalData, ...]:
    """Every app's declarations, in app order."""
    entries = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "privacy") and config.name != "sanad.privacy":
            entries += import_module(f"{config.name}.privacy").PERSONAL_DATA
    from sanad.privacy.models import SubjectRequest

    entries.append(
        PersonalData(
            SubjectRequest,
            "beneficiary",
            export=("kind", "requested_by", "received_on", "due_on", "details", "status", "answer"),
            clear={"details": "", "answer": ""},
        )
    )
    return tuple(entries)
