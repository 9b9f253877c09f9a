"""Reads of the library: the resources a person may see, matching a search."""

from django.db.models import Exists, OuterRef, Prefetch

from sanad.lib.text import fold
from sanad.library.models import ResourceVersion, Theme
from sanad.reference.models import ActionField

LABELS = (
    Prefetch("fields_of_action", queryset=ActionField.objects.all()),
    Prefetch("themes", queryset=Theme.objects.all()),
)


def searched(rows, data: dict):
    """`rows` matching every criterion in `data`: each word of `q` in a title or summary in
    either script (accents, hamzas and short vowels ignored), kind, need, theme, a file in a
    language, who may see it."""
    for word in fold(data.get("q") or "").split():
        rows = rows.filter(search_text__contains=word)
    for name in ("kind", "visibility"):
        if value := data.get(name):
            rows = rows.filter(**{name: value})
    for name, relation in (("field", "fields_of_action"), ("theme", "themes")):
        if chosen := data.get(name):
            rows = rows.filter(pk__in=rows.model.objects.filter(**{relation: chosen}).values("pk"))
    if language := data.get("language"):
        with_file = ResourceVersion.objects.filter(resource=OuterRef("pk")).exclude(
            **{f"file_{language}": ""}
        )
        rows = rows.filter(Exists(with_file))
    return rows
