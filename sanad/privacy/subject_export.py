"""Everything Sanad holds on one person, gathered from every app's declarations, for a
data-subject access request: sections of records for the PDF, plain values for the JSON."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import localize

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.lib.i18n import joined
from sanad.privacy.personal_data import registry


@dataclass
class Section:
    label: str  # the model, e.g. "legal.hearing"
    title: str
    records: list[list[tuple[str, str, object]]]  # per record: (field, verbose name, value)


def _value(row, name):
    field = row._meta.get_field(name)
    value = getattr(row, name)
    if getattr(field, "multiple", False) or isinstance(value, list):
        return joined(getattr(v, "name", v) for v in value)
    if field.choices:
        return row._get_FIELD_display(field) if value not in (None, "") else ""
    if field.is_relation:
        return str(value) if value is not None else ""
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()


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
                            (n, str(row._meta.get_field(n).verbose_name), _value(row, n))
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
                     localize(timezone.localtime(e.created_at))),
                    ("action", str(AuditEvent._meta.get_field("action").verbose_name), e.action),
                    ("organisation", str(AuditEvent._meta.get_field("organisation").verbose_name),
                     str(e.organisation or "")),
                ]
                for e in events
            ],
        )
    )  # fmt: skip
    return result


def _plain(value):
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def as_json(beneficiary) -> dict:
    return {
        "person": str(beneficiary.code),
        "generated_at": timezone.now().isoformat(),
        "sections": [
            {
                "model": s.label,
                "title": s.title,
                "records": [
                    {name: _plain(value) for name, _label, value in record}
                    for record in s.records
                ],
            }
            for s in sections(beneficiary)
        ],
    }  # fmt: skip
