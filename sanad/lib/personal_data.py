"""What an app holds about a beneficiary, declared in the app's own `privacy.py` as a list
of `PersonalData` (`PERSONAL_DATA`); the privacy app reads them all (`registry`)."""

from dataclasses import dataclass, field


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
