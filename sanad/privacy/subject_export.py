"""Everything Sanad holds on one person, gathered from every app's declarations, for a
data-subject access request: sections of records for the PDF, plain values for the JSON."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.lib.i18n import joined
from sanad.privacy.personal_data import registry


@dataclass
class Section:
    label: str  # the model, e.g. "legal.hearing"
    title: str
    records: list[list[tuple[str, str, object]]]  # per record: (field, verbose name, value)

    def printed(self) -> list:
        """The records as the PDF prints them (`shown`)."""
        return [[(name, label, shown(value)) for name, label, value in r] for r in self.records]


def _value(row, name, labels=()):
    """A field's value as the pages show it (labels, not codes); dates stay dates."""
    field = row._meta.get_field(name)
    value = getattr(row, name)
    if getattr(field, "multiple", False) or isinstance(value, list):
        words = dict(labels or getattr(getattr(field, "base_field", field), "choices", None) or [])
        return joined(str(words.get(v, getattr(v, "name", v))) for v in value)
    if field.choices:
        return row._get_FIELD_display(field) if value not in (None, "") else ""
    if field.is_relation:
        return str(value) if value is not None else ""
    if isinstance(value, bool | int | float | date) or value is None:
        return value
    return str(value)


def shown(value):
    """A value as the PDF prints it: dates and times in Morocco's time, in the language."""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return value


def person_ids(beneficiary) -> list[int]:
    """The person's record and the records merged into it."""
    merged = Beneficiary._base_manager.filter(merged_into=beneficiary).values_list("pk", flat=True)
    return [beneficiary.pk, *merged]


def sections(beneficiary) -> list[Section]:
    """One section per kind of record that holds something on the person, then who
    accessed the person's data (the recipients, from the audit trail)."""
    ids = person_ids(beneficiary)
    result = []
    for entry in registry():
        rows = list(entry.rows(ids).order_by("pk"))
        if rows:
            result.append(
                Section(
                    entry.model._meta.label_lower,
                    str(entry.model._meta.verbose_name_plural),
                    [
                        [
                            (
                                n,
                                str(row._meta.get_field(n).verbose_name),
                                _value(row, n, entry.labels.get(n)),
                            )
                            for n in entry.export
                        ]
                        for row in rows
                    ],
                )
            )
    codes = [
        str(c) for c in Beneficiary._base_manager.filter(pk__in=ids).values_list("code", flat=True)
    ]
    events = (
        AuditEvent.objects.filter(Q(target_code__in=codes) | Q(subjects__subject_code__in=codes))
        .select_related("organisation")
        .distinct()
        .order_by("created_at", "id")
    )
    result.append(
        Section(
            "audit.auditevent",
            str(AuditEvent._meta.verbose_name_plural),
            [
                [
                    ("created_at", str(AuditEvent._meta.get_field("created_at").verbose_name),
                     e.created_at),
                    ("action", str(AuditEvent._meta.get_field("action").verbose_name),
                     e.in_words),
                    ("organisation", str(AuditEvent._meta.get_field("organisation").verbose_name),
                     str(e.organisation or "")),
                ]
                for e in events
            ],
        )
    )  # fmt: skip
    return result


def _plain(value):
    """A value as the JSON holds it: dates in ISO 8601, times in Morocco's time to the
    second with their offset."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def as_json(beneficiary) -> dict:
    """The same sections as the PDF; each names its fields ("fields": key -> label in the
    language asked), so that the keys of "records" are documented in the file itself."""
    return {
        "person": str(beneficiary.code),
        "generated_at": _plain(timezone.now()),
        "time_zone": str(timezone.get_current_timezone()),
        "sections": [
            {
                "model": s.label,
                "title": s.title,
                "fields": {name: label for name, label, _value in (s.records or [[]])[0]},
                "records": [
                    {name: _plain(value) for name, _label, value in record}
                    for record in s.records
                ],
            }
            for s in sections(beneficiary)
        ],
    }  # fmt: skip
