"""What each app holds about a beneficiary, declared once in the app's own `privacy.py`
(`PERSONAL_DATA`), and used both for a person's data export and for anonymisation."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from sanad.lib.personal_data import PersonalData


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
