"""Anonymisation in place: identity, contact and free-text fields are cleared, every other
mention of the person's identifying values anywhere in the database is replaced by a
pseudonym, and the statistics stay exactly as they were."""

import json
import re

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries import queries
from sanad.beneficiaries.models import Beneficiary, Relative
from sanad.complaints.models import Complaint
from sanad.privacy.personal_data import registry
from sanad.privacy.statistics import snapshot

NAME_FIELDS = ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")
# Identity columns of other people: a homonym's name must never be rewritten.
NOT_SCRUBBED = {(Beneficiary, f) for f in NAME_FIELDS} | {(Relative, "name")}
MIN_LENGTH = 5  # shorter values (a register number "12") would match unrelated text
REDACTED = "[anonymised]"


class StatisticsChanged(Exception):
    """Anonymisation would have changed a statistic: nothing was written."""


def pseudonym(beneficiary) -> str:
    return f"ANON-{str(beneficiary.code)[:8].upper()}"


def _identity_values(entries, ids) -> set[str]:
    values = set()
    for entry in entries:
        if entry.identity:
            for row in entry.rows(ids).values_list(*entry.identity):
                values.update(str(v) for v in row if v)
    # A Moroccan number is also written the national way: +212612345678 as 0612345678.
    values |= {"0" + v[4:] for v in values if v.startswith("+212")}
    return {v for v in values if len(v) >= MIN_LENGTH}


def _names(beneficiary) -> set[str]:
    latin, arabic = beneficiary.name_latin, beneficiary.name_ar
    reversed_latin = f"{beneficiary.last_name_latin} {beneficiary.first_name_latin}".strip()
    return {v for v in (latin, arabic, reversed_latin) if len(v) >= MIN_LENGTH}


def _clear(entry, queryset) -> None:
    for name in entry.files:
        for row in queryset.exclude(**{name: ""}):
            getattr(row, name).delete(save=False)
    if entry.delete:
        queryset.delete()
    elif entry.clear:
        queryset.update(**entry.clear)


def _codes(entries, ids) -> set[str]:
    codes = set()
    for entry in entries:
        if any(f.name == "code" for f in entry.model._meta.fields):
            codes.update(str(c) for c in entry.rows(ids).values_list("code", flat=True))
    return codes


def _redact_audit(codes: set[str], replacements: dict[str, str]) -> None:
    """Events about the person's records keep who did what and when; their labels and the
    values they recorded are redacted (the one sanctioned rewrite of the audit trail)."""
    events = AuditEvent._base_manager.filter(target_code__in=codes)
    for event in events.iterator():
        label = _replace(event.target_label, replacements)
        changes = {k: [REDACTED, REDACTED] for k in event.changes} if event.changes else {}
        AuditEvent._base_manager.filter(pk=event.pk).update(target_label=label, changes=changes)


def _text_columns():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if (model, field.name) in NOT_SCRUBBED:
                continue
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                yield model, field


def _replace(value, replacements):
    if isinstance(value, str):
        for old, new in replacements.items():
            value = re.sub(re.escape(old), new, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_replace(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, replacements) for k, v in value.items()}
    return value


def scrub(replacements: dict[str, str]) -> int:
    """Replace each identifying value by its pseudonym in every text and JSON column of every
    table (audit trail, notifications, queued e-mails, minutes, other people's notes).
    Returns the number of rows rewritten."""
    if not replacements:
        return 0
    rewritten = 0
    for model, field in _text_columns():
        column = field.name
        if isinstance(field, models.JSONField):
            column = f"_{field.name}_text"
            rows = model._base_manager.annotate(**{column: Cast(field.name, models.TextField())})
            patterns = set(replacements) | {json.dumps(v)[1:-1] for v in replacements}
        else:
            rows, patterns = model._base_manager.all(), set(replacements)
        match = Q()
        for pattern in patterns:
            match |= Q(**{f"{column}__icontains": pattern})
        for pk, value in rows.filter(match).values_list("pk", field.name).iterator():
            new = _replace(value, replacements)
            if new != value:
                model._base_manager.filter(pk=pk).update(**{field.name: new})
                rewritten += 1
    return rewritten


def _anonymise_beneficiaries(beneficiaries: list) -> None:
    entries = registry()
    ids = [b.pk for b in beneficiaries]
    ids += list(Beneficiary._base_manager.filter(merged_into__in=ids).values_list("pk", flat=True))
    replacements = {}
    for b in Beneficiary._base_manager.filter(pk__in=ids).select_related("merged_into"):
        survivor = b.merged_into or b
        for value in _names(b):
            replacements[value] = pseudonym(survivor)
    by_id = {b.pk: b for b in beneficiaries}
    for value in _identity_values(entries, ids):
        replacements.setdefault(value, REDACTED)
    codes = _codes(entries, ids) | {str(b.code) for b in beneficiaries}
    now = timezone.now()
    for entry in entries:
        rows = entry.rows(ids)
        if entry.shared:
            others = Beneficiary._base_manager.filter(anonymised_at__isnull=True).exclude(
                pk__in=ids
            )
            rows = rows.exclude(**{f"{entry.path}__in": others})
        _clear(entry, entry.model._base_manager.filter(pk__in=rows.values("pk")))
    for b in Beneficiary._base_manager.filter(pk__in=ids):
        survivor = by_id.get(b.merged_into_id) or b
        Beneficiary._base_manager.filter(pk=b.pk).update(
            first_name_latin=pseudonym(survivor),
            last_name_latin="",
            first_name_ar="",
            last_name_ar="",
            anonymised_at=now,
        )
    _redact_audit(codes, replacements)
    scrub(replacements)
    queries.forget_summary()  # the cleared dates of birth leave the "18 soon" count


def _anonymise_complaints(complaints: list) -> None:
    entries = [e for e in registry() if e.model._meta.app_label == "complaints"]
    replacements = {}
    for complaint in complaints:
        for value in (complaint.complainant_name, complaint.complainant_contact):
            if len(value) >= MIN_LENGTH:
                replacements[value] = REDACTED
    pks = [c.pk for c in complaints]
    codes = {str(c.code) for c in complaints}
    for entry in entries:
        lookup = "pk__in" if entry.model is Complaint else "complaint__in"
        rows = entry.model._base_manager.filter(**{lookup: pks})
        codes.update(str(c) for c in rows.values_list("code", flat=True))
        _clear(entry, rows)
    Complaint._base_manager.filter(pk__in=pks).update(anonymised_at=timezone.now())
    _redact_audit(codes, replacements)
    scrub(replacements)


@transaction.atomic
def anonymise(*, beneficiaries=(), complaints=()) -> None:
    """Anonymise these records in one transaction, and roll everything back if any statistic
    differs afterwards (raises StatisticsChanged). Irreversible once committed."""
    before = snapshot()
    if beneficiaries:
        _anonymise_beneficiaries(list(beneficiaries))
    if complaints:
        _anonymise_complaints(list(complaints))
    if snapshot() != before:
        raise StatisticsChanged()
