"""Casework writes on beneficiaries. Each function takes the acting user, makes its change and
its audit event in one transaction, and is the only way the app changes these records."""

from collections import defaultdict
from datetime import date, timedelta
from itertools import islice
from tempfile import TemporaryFile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from sanad.audit.models import AuditSubject
from sanad.audit.services import diff, record, record_many
from sanad.beneficiaries import exports, imports, queries
from sanad.beneficiaries.models import (
    Beneficiary,
    ClosureReason,
    Consent,
    ConsentKind,
    DuplicateFlag,
    DuplicateStatus,
    ExportFile,
    Following,
    ImportBatch,
    LegalStatusRecord,
    NameKey,
    Need,
    Placement,
    Relative,
    Status,
    StatusChange,
)
from sanad.lib import names
from sanad.lib.concurrency import save_if_unchanged
from sanad.lib.names import search_terms
from sanad.lib.text import fold
from sanad.network.access import has_capability
from sanad.network.services import administrators, notify

TRANSITIONS = {
    Status.IDENTIFIED: {Status.VALIDATED, Status.REJECTED, Status.CLOSED},
    Status.VALIDATED: {Status.ASSISTED, Status.CLOSED},
    Status.REJECTED: {Status.IDENTIFIED},
    Status.ASSISTED: {Status.CLOSED},
    Status.CLOSED: set(),
}
NAME_FIELDS = ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")


def _derive(beneficiary: Beneficiary) -> None:
    """Refresh the search text and birth year from the identity fields."""
    names = [getattr(beneficiary, f) for f in NAME_FIELDS]
    beneficiary.search_text = " ".join(
        filter(
            None,
            [
                fold(" ".join(names)),
                fold(beneficiary.current_register_number),
                search_terms(*_names(beneficiary)),
            ],
        )
    )
    if beneficiary.date_of_birth:
        beneficiary.birth_year = beneficiary.date_of_birth.year


def _names(beneficiary) -> tuple[str, str]:
    """The Latin and the Arabic full name."""
    return (
        f"{beneficiary.first_name_latin} {beneficiary.last_name_latin}".strip(),
        f"{beneficiary.first_name_ar} {beneficiary.last_name_ar}".strip(),
    )


def _compared(beneficiary) -> names.Person:
    return names.Person(
        *_names(beneficiary),
        sex=beneficiary.sex,
        birth_year=beneficiary.birth_year,
        establishment=beneficiary.current_establishment_id,
    )


def name_keys(people: list[Beneficiary]) -> list[NameKey]:
    """The blocking keys of `people` (saved records), to be inserted."""
    return [NameKey(beneficiary=p, key=key) for p in people for key in names.keys(_compared(p))]


def store_name_keys(people: list[Beneficiary]) -> None:
    """Replace the blocking keys of `people` with those of their names now."""
    NameKey.objects.filter(beneficiary__in=[p.pk for p in people]).delete()
    NameKey.objects.bulk_create(name_keys(people), batch_size=2000)


def _audit(actor, action, beneficiary, **kwargs):
    return record(
        actor=actor,
        action=action,
        target=beneficiary,
        organisation=beneficiary.identified_by,
        label=_label(beneficiary),
        **kwargs,
    )


def _label(beneficiary: Beneficiary) -> str:
    return f"{beneficiary.display_name} ({str(beneficiary.code)[:8]})"


def _is_duplicate(person: Beneficiary, other, read) -> str:
    """Why `other` may be the same person as `person` ("" if not), as DuplicateFlag.reason:
    "register number" (same establishment and number), else the reasons of lib/names.compare
    joined by commas (the names match in some script, with sex, birth year within one and
    establishment as evidence). `read` gives a record's names.Person, read once."""
    if (
        person.current_establishment_id
        and person.current_register_number
        and other.current_establishment_id == person.current_establishment_id
        and other.current_register_number == person.current_register_number
    ):
        return "register number"
    return ",".join(names.compare(read(person), read(other)))


# Keys per query when looking candidates up (SQLite takes 32,766 parameters at most).
KEYS_PER_QUERY = 5000
COMPARED = (
    "pk", *NAME_FIELDS, "sex", "birth_year", "current_establishment_id",
    "current_register_number",
)  # fmt: skip


class _Candidates:
    """Records by name key and birth year, so that a person is compared only with those
    born within a year of them (or of unknown year): a common name shared by thousands
    costs a handful of comparisons, not thousands."""

    def __init__(self):
        self.found = defaultdict(lambda: defaultdict(list))

    def add(self, key: str, record) -> None:
        self.found[key][record.birth_year].append(record)

    def near(self, key: str, year) -> list:
        years = self.found.get(key)
        if not years:
            return []
        if year is None:
            return [record for records in years.values() for record in records]
        return [r for y in (year - 1, year, year + 1, None) for r in years.get(y, [])]


def _saved_candidates(people: list[Beneficiary], keys: dict) -> _Candidates:
    """The saved live records sharing a name key with `people` (`keys`: id -> keys)."""
    wanted = sorted({key for found in keys.values() for key in found})
    ids = defaultdict(set)
    new = [p.pk for p in people]
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        rows = NameKey.objects.filter(key__in=wanted[start : start + KEYS_PER_QUERY]).exclude(
            beneficiary__in=new
        )
        for beneficiary, key in rows.values_list("beneficiary", "key"):
            ids[key].add(beneficiary)
    records = Beneficiary.objects.filter(
        pk__in={pk for found in ids.values() for pk in found}, merged_into__isnull=True
    ).only(*COMPARED)
    by_pk = {record.pk: record for record in records}
    candidates = _Candidates()
    for key, found in ids.items():
        for pk in sorted(found):
            if pk in by_pk:
                candidates.add(key, by_pk[pk])
    return candidates


def _flag_duplicates(people: list[Beneficiary]) -> list[int]:
    """Flag, for each of `people` (new records, in registration order), up to 10 live
    records that may be the same person: among those already saved that share a name key
    or the register number (a fixed number of queries for the whole list) and those
    registered before it in the list. Returns the count per person."""
    read_once = {}

    def read(record) -> names.Person:
        if id(record) not in read_once:
            read_once[id(record)] = (record, _compared(record))  # keeps `record` alive
        return read_once[id(record)][1]

    keys = {id(p): names.keys(read(p)) for p in people}
    by_key = _saved_candidates(people, keys)
    registers = [p for p in people if p.current_establishment_id and p.current_register_number]
    by_register = defaultdict(list)
    if registers:
        same_register = Beneficiary.objects.filter(
            merged_into__isnull=True,
            current_establishment_id__in={p.current_establishment_id for p in registers},
            current_register_number__in={p.current_register_number for p in registers},
        ).exclude(pk__in=[p.pk for p in people])
        for record in same_register.only(*COMPARED):
            by_register[record.current_establishment_id, record.current_register_number].append(
                record
            )
    flags, counts = [], []
    for person in people:
        year = person.birth_year
        candidates = dict.fromkeys(
            by_register.get((person.current_establishment_id, person.current_register_number), [])
            + [record for key in sorted(keys[id(person)]) for record in by_key.near(key, year)]
        )
        found = list(
            islice(
                (
                    DuplicateFlag(beneficiary=person, candidate=other, reason=reason)
                    for other in candidates
                    if (reason := _is_duplicate(person, other, read))
                ),
                10,
            )
        )
        flags += found
        counts.append(len(found))
        for key in keys[id(person)]:
            by_key.add(key, person)
        if person.current_establishment_id and person.current_register_number:
            by_register[person.current_establishment_id, person.current_register_number].append(
                person
            )
    DuplicateFlag.objects.bulk_create(flags)
    return counts


def register_beneficiary(*, actor, organisation, **row) -> tuple[Beneficiary, bool]:
    """Register a detainee identified by `organisation`, which then follows them. `row`
    holds `identity`, `needs` and optionally `placement`, `legal_status` and `consent`.

    Returns the record and whether possible duplicates were flagged for the coordinator (the
    caller tells the user no more than that). Audited as `beneficiary.created`."""
    return register_many(actor=actor, organisation=organisation, rows=[row])[0]


@transaction.atomic
def register_many(*, actor, organisation, rows: list[dict]) -> list[tuple[Beneficiary, bool]]:
    """Register several detainees (an import's chunk) with a fixed number of queries:
    each gets exactly the records, duplicate flags and `beneficiary.created` event that a
    registration of its own would, in the order given."""
    people = []
    for row in rows:
        person = Beneficiary(identified_by=organisation, created_by=actor, **row["identity"])
        if placement := row.get("placement"):
            person.current_establishment = placement["establishment"]
            person.current_register_number = placement.get("register_number", "")
        if legal_status := row.get("legal_status"):
            person.current_legal_status = legal_status["status"]
        _derive(person)
        people.append(person)
    Beneficiary.objects.bulk_create(people)
    NameKey.objects.bulk_create(name_keys(people), batch_size=2000)
    related = {model: [] for model in (Need, Following, StatusChange, Placement,
                                       LegalStatusRecord, Consent)}  # fmt: skip
    for person, row in zip(people, rows, strict=True):
        related[Need] += [Need(beneficiary=person, category=c) for c in row["needs"]]
        related[Following].append(Following(beneficiary=person, organisation=organisation))
        related[StatusChange].append(
            StatusChange(beneficiary=person, to_status=Status.IDENTIFIED, actor=actor)
        )
        if row.get("placement"):
            related[Placement].append(Placement(beneficiary=person, **row["placement"]))
        if row.get("legal_status"):
            related[LegalStatusRecord].append(
                LegalStatusRecord(beneficiary=person, recorded_by=actor, **row["legal_status"])
            )
        if row.get("consent"):
            related[Consent].append(
                Consent(
                    beneficiary=person,
                    kind=ConsentKind.PROCESSING,
                    collected_by=actor,
                    **row["consent"],
                )
            )
    for model, objects in related.items():
        model.objects.bulk_create(objects)
    flagged = _flag_duplicates(people)
    queries.forget_summary()
    record_many(
        actor=actor,
        action="beneficiary.created",
        targets=[
            (
                person,
                organisation,
                _label(person),
                {"status": [None, Status.IDENTIFIED], "needs": [None, sorted(row["needs"])]},
            )
            for person, row in zip(people, rows, strict=True)
        ],
    )
    return [(person, bool(count)) for person, count in zip(people, flagged, strict=True)]


@transaction.atomic
def update_beneficiary(
    *, actor, beneficiary: Beneficiary, expected_version: int, identity: dict, needs: list[str]
) -> Beneficiary:
    """Save an edit of the identity and needs started at `expected_version` (EditConflict if
    someone saved in between). Audited as `beneficiary.updated` with the changed fields."""
    changes = diff(beneficiary, identity)
    old_needs = sorted(beneficiary.needs.values_list("category", flat=True))
    if old_needs != sorted(needs):
        changes["needs"] = [old_needs, sorted(needs)]
    if not changes:
        return beneficiary
    probe = Beneficiary(**{**{f: getattr(beneficiary, f) for f in NAME_FIELDS}, **identity})
    probe.current_register_number = beneficiary.current_register_number
    _derive(probe)
    derived = {"search_text": probe.search_text, "birth_year": probe.birth_year}
    save_if_unchanged(
        beneficiary, expected_version=expected_version, values={**identity, **derived}
    )
    store_name_keys([beneficiary])
    beneficiary.needs.exclude(category__in=needs).delete()
    Need.objects.bulk_create(
        [Need(beneficiary=beneficiary, category=c) for c in needs], ignore_conflicts=True
    )
    _audit(actor, "beneficiary.updated", beneficiary, changes=changes)
    if "date_of_birth" in changes:
        queries.forget_summary()
    return beneficiary


def eligibility_problems(beneficiary: Beneficiary) -> list[str]:
    """Why `beneficiary` cannot be validated yet (empty when eligible)."""
    problems = []
    if not beneficiary.needs.exists():
        problems.append(_("At least one specific-needs category is required."))
    if not beneficiary.consents.filter(
        kind=ConsentKind.PROCESSING, withdrawn_on__isnull=True
    ).exists():
        problems.append(_("A data-processing consent must be recorded."))
    return problems


@transaction.atomic
def change_status(
    *, actor, beneficiary: Beneficiary, to_status: str, reason: str = "", note: str = ""
) -> None:
    """Move `beneficiary` along identified → validated/rejected → assisted → closed.

    Validation needs eligibility; closing needs a reason. The caller checks who may do it
    (validation and rejection are the coordinator's). Audited as `beneficiary.<status>`."""
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if to_status not in TRANSITIONS[beneficiary.status]:
        raise ValidationError(_("This change of status is not possible from the current one."))
    if to_status == Status.VALIDATED and (problems := eligibility_problems(beneficiary)):
        raise ValidationError(problems)
    if to_status == Status.CLOSED and reason not in ClosureReason.values:
        raise ValidationError(_("Choose the reason for closing the record."))
    if to_status == Status.REJECTED and not note.strip():
        raise ValidationError(_("Explain why the record is rejected."))
    from_status = beneficiary.status
    beneficiary.status = to_status
    beneficiary.closure_reason = reason if to_status == Status.CLOSED else ""
    beneficiary.save(update_fields=["status", "closure_reason"])
    StatusChange.objects.create(
        beneficiary=beneficiary,
        from_status=from_status,
        to_status=to_status,
        reason=beneficiary.closure_reason,
        note=note,
        actor=actor,
    )
    queries.forget_summary()
    changes = {"status": [from_status, to_status]}
    if reason:
        changes["closure_reason"] = [None, reason]
    _audit(actor, f"beneficiary.{to_status}", beneficiary, changes=changes)


@transaction.atomic
def add_placement(
    *, actor, beneficiary: Beneficiary, establishment, register_number: str, started_on: date
) -> Placement:
    """Record a transfer: the open placement ends on `started_on`, the new one begins.
    Audited as `beneficiary.placement_added`."""
    current = beneficiary.placements.filter(ended_on__isnull=True).last()
    if current and started_on < current.started_on:
        raise ValidationError(_("The new placement cannot start before the current one."))
    beneficiary.placements.filter(ended_on__isnull=True).update(ended_on=started_on)
    placement = Placement.objects.create(
        beneficiary=beneficiary,
        establishment=establishment,
        register_number=register_number,
        started_on=started_on,
    )
    old = beneficiary.current_establishment
    beneficiary.current_establishment = establishment
    beneficiary.current_register_number = register_number
    _derive(beneficiary)
    beneficiary.save(
        update_fields=["current_establishment", "current_register_number", "search_text"]
    )
    _audit(
        actor,
        "beneficiary.placement_added",
        beneficiary,
        changes={"current_establishment": [str(old) if old else None, str(establishment)]},
    )
    return placement


@transaction.atomic
def record_legal_status(*, actor, beneficiary: Beneficiary, status: str, since: date) -> None:
    """Append a legal-status record; the latest by date is the current one.
    Audited as `beneficiary.legal_status_changed`."""
    LegalStatusRecord.objects.create(
        beneficiary=beneficiary, status=status, since=since, recorded_by=actor
    )
    latest = beneficiary.legal_statuses.order_by("-since", "-id").first()
    old = beneficiary.current_legal_status
    beneficiary.current_legal_status = latest.status
    beneficiary.save(update_fields=["current_legal_status"])
    _audit(
        actor,
        "beneficiary.legal_status_changed",
        beneficiary,
        changes={"legal_status": [old or None, latest.status]},
    )


@transaction.atomic
def add_consent(*, actor, beneficiary: Beneficiary, values: dict) -> Consent:
    """Record a consent collected by `actor`. A new data-processing consent lifts the
    restriction left by an earlier withdrawal. Audited as `beneficiary.consent_added`."""
    consent = Consent.objects.create(beneficiary=beneficiary, collected_by=actor, **values)
    if consent.kind == ConsentKind.PROCESSING and beneficiary.processing_restricted:
        beneficiary.processing_restricted = False
        beneficiary.save(update_fields=["processing_restricted"])
    _audit(
        actor, "beneficiary.consent_added", beneficiary, changes={"consent": [None, consent.kind]}
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor, consent: Consent, on: date, note: str) -> None:
    """Record the withdrawal of a consent. Withdrawing data processing restricts the record
    to the minimum everywhere (identity details, health and relatives hidden).
    Audited as `beneficiary.consent_withdrawn`."""
    consent.withdrawn_on = on
    consent.withdrawal_note = note
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    beneficiary = consent.beneficiary
    if (
        consent.kind == ConsentKind.PROCESSING
        and not beneficiary.consents.filter(
            kind=ConsentKind.PROCESSING, withdrawn_on__isnull=True
        ).exists()
    ):
        beneficiary.processing_restricted = True
        beneficiary.save(update_fields=["processing_restricted"])
    _audit(
        actor,
        "beneficiary.consent_withdrawn",
        beneficiary,
        changes={"consent": [consent.kind, None]},
    )


@transaction.atomic
def save_relative(
    *,
    actor,
    beneficiary: Beneficiary,
    relative: Relative | None,
    values: dict,
    expected_version: int | None = None,
) -> Relative:
    """Add a relative, or edit one from `expected_version` (EditConflict if changed).
    Audited as `beneficiary.relative_added` / `beneficiary.relative_updated`."""
    if relative is None:
        relative = Relative.objects.create(beneficiary=beneficiary, **values)
        _audit(
            actor,
            "beneficiary.relative_added",
            beneficiary,
            changes={"relative": [None, relative.get_relationship_display()]},
        )
        return relative
    changes = diff(relative, values)
    if changes:
        save_if_unchanged(relative, expected_version=expected_version, values=values)
        _audit(actor, "beneficiary.relative_updated", beneficiary, changes=changes)
    return relative


@transaction.atomic
def share_with(*, actor, beneficiary: Beneficiary, organisation, transfer: bool) -> None:
    """Let `organisation` follow `beneficiary` too, or instead (`transfer`), which needs a
    recorded sharing consent. Audited as `beneficiary.shared` / `beneficiary.transferred`."""
    if not beneficiary.consents.filter(
        kind=ConsentKind.SHARING, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(_("Record the person's consent to sharing with another CSO first."))
    today = timezone.localdate()
    before = sorted(str(f.organisation) for f in beneficiary.followings.filter(active=True))
    if transfer:
        beneficiary.followings.filter(active=True).exclude(organisation=organisation).update(
            active=False, until=today
        )
    following, created = Following.objects.get_or_create(
        beneficiary=beneficiary, organisation=organisation, active=True
    )
    after = sorted(str(f.organisation) for f in beneficiary.followings.filter(active=True))
    _audit(
        actor,
        "beneficiary.transferred" if transfer else "beneficiary.shared",
        beneficiary,
        changes={"followed_by": [before, after]},
    )


@transaction.atomic
def resolve_duplicate(*, actor, flag: DuplicateFlag, merge: bool) -> Beneficiary:
    """Mark a flagged pair as distinct people, or merge the newer record into the older one:
    every placement, status, consent, relative and following moves to the kept record, and
    the merged one stays (hidden) pointing to it. Audited as `beneficiary.merged` or
    `beneficiary.marked_distinct`."""
    keep, drop = sorted([flag.beneficiary, flag.candidate], key=lambda b: (b.created_at, b.pk))
    flag.status = DuplicateStatus.MERGED if merge else DuplicateStatus.DISTINCT
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_by", "resolved_at"])
    queries.forget_summary()
    if not merge:
        _audit(
            actor,
            "beneficiary.marked_distinct",
            flag.beneficiary,
            changes={"distinct_from": [None, str(flag.candidate.code)]},
        )
        return flag.beneficiary
    for model in (Placement, LegalStatusRecord, Consent, Relative, StatusChange):
        model.objects.filter(beneficiary=drop).update(beneficiary=keep)
    for following in drop.followings.filter(active=True):
        Following.objects.get_or_create(
            beneficiary=keep, organisation=following.organisation, active=True
        )
    drop.followings.update(active=False, until=timezone.localdate())
    Need.objects.bulk_create(
        [Need(beneficiary=keep, category=n.category) for n in drop.needs.all()],
        ignore_conflicts=True,
    )
    drop.merged_into = keep
    drop.status = Status.CLOSED
    drop.closure_reason = ClosureReason.MERGED
    drop.save(update_fields=["merged_into", "status", "closure_reason"])
    DuplicateFlag.objects.filter(
        Q(beneficiary=drop) | Q(candidate=drop), status=DuplicateStatus.OPEN
    ).update(status=DuplicateStatus.MERGED, resolved_by=actor, resolved_at=timezone.now())
    _audit(actor, "beneficiary.merged", keep, changes={"merged_from": [None, str(drop.code)]})
    return keep


def record_view(*, actor, beneficiary: Beneficiary) -> None:
    """Audit that `actor` opened the identity page of `beneficiary`."""
    _audit(actor, "beneficiary.viewed", beneficiary)


EXPORT_ALERT_MESSAGE = gettext_lazy(
    "Unusual export volume: %(user)s exported %(rows)s beneficiary rows in 24 hours."
)


def queue_export(*, actor, query: str = "", kind=ExportFile.Kind.BENEFICIARIES) -> ExportFile:
    """Ask the task worker for a spreadsheet: the beneficiary list filtered by `query` (the
    list's query string) or the analysis extract. Spreadsheets past SANAD_EXPORT_KEEP_HOURS
    are deleted on the way."""
    prune_exports()
    export = ExportFile.objects.create(created_by=actor, kind=kind, query=query[:2000])
    build_export.enqueue(code=str(export.code))
    return export


def run_export(*, code: str) -> None:
    """The worker's side of an export, in its author's language, with a progress counter.
    The file becomes downloadable in the same transaction as its audit event: both or
    neither. An author who lost the capability gets a failed export and nothing written."""
    export = ExportFile.objects.select_related("created_by").get(code=code)
    actor = export.created_by
    write = WRITERS[export.kind]
    try:
        if not has_capability(actor, ExportFile.CAPABILITY[export.kind]):
            raise PermissionDenied(_("You may no longer prepare this export."))
        export.state, export.progressed_at = ExportFile.State.RUNNING, timezone.now()
        export.save(update_fields=["state", "progressed_at"])

        def progress(done, total=None):
            export.done, export.total = done, export.total if total is None else total
            export.progressed_at = timezone.now()
            export.save(update_fields=["done", "total", "progressed_at"])

        with (
            TemporaryFile() as out,
            translation.override(actor.preferred_language or settings.LANGUAGE_CODE),
        ):
            done, audit = write(export, out, progress)
            with transaction.atomic(durable=True):
                export.file.save(f"{export.code}.xlsx", File(out), save=False)
                export.state, export.done = ExportFile.State.READY, done
                export.save(update_fields=["state", "done", "file"])
                audit()
    except Exception as error:
        if export.file:
            export.file.delete(save=False)
        export.state, export.error = ExportFile.State.FAILED, str(error)[:500]
        export.save(update_fields=["state", "error", "file"])
        raise


EXPORT_CHUNK = 500  # people read (with their needs and followings) per step of an export


def _write_list(export, out, progress):
    """The rows of the beneficiary list its author may see now that match the filters.
    Audited as `beneficiary.exported` with every exported person (see record_export)."""
    form, rows = queries.listed(export.created_by, QueryDict(export.query), "beneficiary.export")
    progress(0, rows.count())
    codes = exports.write_xlsx(queries.listed_in_chunks(rows, EXPORT_CHUNK), out, progress=progress)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = {k: str(v) for k, v in cleaned.items() if v}
    return len(codes), lambda: record_export(actor=export.created_by, codes=codes, filters=filters)


# How each kind of export is written; the analysis extract's writer is added by the reports
# app, which builds on this one (ReportsConfig.ready).
WRITERS = {ExportFile.Kind.BENEFICIARIES: _write_list}


@task()
def build_export(*, code: str) -> None:
    run_export(code=code)


def prune_exports() -> int:
    """Delete the files of spreadsheets past SANAD_EXPORT_KEEP_HOURS; returns how many."""
    pruned = 0
    for export in ExportFile.objects.expired().exclude(file=""):
        export.file.delete(save=True)
        pruned += 1
    return pruned


DOWNLOADED = {
    ExportFile.Kind.BENEFICIARIES: "beneficiary.export_downloaded",
    ExportFile.Kind.ANALYSIS: "report.extract_downloaded",
}


def record_download(*, actor, export: ExportFile) -> None:
    """Audit the download of a prepared spreadsheet (`beneficiary.export_downloaded`,
    `report.extract_downloaded`)."""
    record(
        actor=actor,
        action=DOWNLOADED[export.kind],
        target=export,
        label=str(export),
        changes={"rows": [None, export.done]},
    )


def record_export(*, actor, codes: list[str], filters: dict) -> None:
    """Audit an export with the filters used and the code of every exported person, so that
    each person's access history shows it. When one person exports more than
    SANAD_EXPORT_ALERT_ROWS rows in 24 hours, the administrators are alerted (once a day)."""
    record(
        actor=actor,
        action="beneficiary.exported",
        label=f"{len(codes)} rows",
        changes={"filters": [None, filters]},
        subjects=codes,
    )
    since = timezone.now() - timedelta(hours=24)
    exported = AuditSubject.objects.filter(
        event__actor=actor, event__action="beneficiary.exported", event__created_at__gte=since
    ).count()
    before = exported - len(codes)
    if before <= settings.SANAD_EXPORT_ALERT_ROWS < exported:
        notify(
            users=administrators(),
            message=EXPORT_ALERT_MESSAGE,
            params={"user": actor.email, "rows": exported},
            link=reverse("audit:event_list") + f"?actor={actor.email}",
            email_template="beneficiaries/email/export_alert",
            context={"actor": actor, "rows": exported},
        )


IMPORT_CHUNK = 500


@transaction.atomic
def receive_import(*, actor, organisation, name: str, data: bytes) -> ImportBatch:
    """Keep an uploaded spreadsheet of `organisation` for its preview, once it reads as a
    table within the limits (imports.UnreadableFile otherwise; nothing kept). Audited as
    `beneficiary.import_uploaded` with the file's name, size and row count."""
    headers, rows = imports.read_table(data, name)
    batch = ImportBatch(
        organisation=organisation,
        created_by=actor,
        original_name=name[:200],
        headers=headers,
        mapping=imports.guess_mapping(headers),
    )
    batch.file.save(name, ContentFile(data), save=False)
    batch.state = ImportBatch.State.CHECKING
    batch.save()
    check_batch.enqueue(batch_code=str(batch.code))
    record(
        actor=actor,
        action="beneficiary.import_uploaded",
        target=batch,
        organisation=organisation,
        label=batch.original_name,
        changes={"bytes": [None, len(data)], "rows": [None, len(rows)]},
    )
    return batch


PREVIEW_ROWS = 200


@transaction.atomic
def remap_import(*, batch: ImportBatch, mapping: dict) -> None:
    """Take a new column mapping for a batch still in preview and have the worker check its
    rows again (the person who uploaded it chose the columns; nothing is written yet)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state not in (ImportBatch.State.PREVIEW, ImportBatch.State.CHECKING):
        return
    batch.mapping, batch.state = mapping, ImportBatch.State.CHECKING
    batch.save(update_fields=["mapping", "state"])
    check_batch.enqueue(batch_code=str(batch.code))


def check_import(*, batch_code: str) -> dict:
    """The worker's side of a preview: parse every row with the batch's mapping and keep the
    counts and the first PREVIEW_ROWS rows with their errors on the batch."""
    batch = ImportBatch.objects.get(code=batch_code)
    parsed = imports.parse_batch(batch)
    errors = sum(1 for _args, row_errors, _row in parsed if row_errors)
    batch.checked = {
        "mapping": batch.mapping,
        "total": len(parsed),
        "errors": errors,
        "rows": [
            [number, row_errors, [imports.shown(cell) for cell in row]]
            for number, (_args, row_errors, row) in enumerate(parsed[:PREVIEW_ROWS], start=2)
        ],
    }
    # Kept only if the mapping is still the one checked: a newer check is on its way.
    ImportBatch.objects.filter(
        pk=batch.pk, state=ImportBatch.State.CHECKING, mapping=batch.mapping
    ).update(checked=batch.checked, state=ImportBatch.State.PREVIEW)
    return {"total": len(parsed), "errors": errors}


@task()
def check_batch(*, batch_code: str) -> dict:
    return check_import(batch_code=batch_code)


def queue_import(*, actor, batch: ImportBatch) -> None:
    """Confirm an import: the task worker registers the valid rows once this is committed. A
    failed import can be confirmed again and resumes where it stopped. Audited as
    `beneficiary.import_queued`."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state not in (ImportBatch.State.PREVIEW, ImportBatch.State.FAILED):
            raise ValidationError(_("This file was already imported."))
        batch.state, batch.error = ImportBatch.State.QUEUED, ""
        batch.save(update_fields=["state", "error"])
        record(
            actor=actor,
            action="beneficiary.import_queued",
            target=batch,
            organisation=batch.organisation,
            label=batch.original_name,
        )
    import_batch.enqueue(batch_code=str(batch.code), actor_id=actor.pk)


def run_import(*, batch_code: str, actor_id: int) -> dict:
    """The worker's side of an import: register the valid rows in chunks, each committed on
    its own with the progress counter, so that a new run resumes after the last one. Audited
    as `beneficiary.imported` (plus `beneficiary.created` per row; duplicates flagged)."""
    from_db = ImportBatch.objects.select_related("organisation")
    batch = from_db.get(code=batch_code)
    actor = get_user_model().objects.get(pk=actor_id)
    valid = [args for args, errors, _row in imports.parse_batch(batch) if not errors]
    batch.state, batch.total = ImportBatch.State.RUNNING, len(valid)
    batch.save(update_fields=["state", "total"])
    flagged = batch.result.get("flagged", 0)
    try:
        for start in range(batch.done, len(valid), IMPORT_CHUNK):
            with transaction.atomic(durable=True):
                registered = register_many(
                    actor=actor,
                    organisation=batch.organisation,
                    rows=valid[start : start + IMPORT_CHUNK],
                )
                flagged += sum(was_flagged for _person, was_flagged in registered)
                batch.done = min(start + IMPORT_CHUNK, len(valid))
                batch.result = {"created": batch.done, "flagged": flagged}
                batch.save(update_fields=["done", "result"])
    except Exception as error:
        # Whatever stopped the import is shown to the user, who can start it again.
        batch.state, batch.error = ImportBatch.State.FAILED, str(error)[:500]
        batch.save(update_fields=["state", "error"])
        raise
    # The spreadsheet has served its purpose: its rows are now records. Keep no copy.
    batch.file.delete(save=False)
    batch.state = ImportBatch.State.IMPORTED
    batch.result = {"created": batch.done, "flagged": flagged}
    batch.save(update_fields=["state", "result", "file"])
    record(
        actor=actor,
        action="beneficiary.imported",
        target=batch,
        organisation=batch.organisation,
        label=batch.original_name,
        changes={"created": [None, batch.done], "flagged": [None, flagged]},
    )
    return batch.result


@task()
def import_batch(*, batch_code: str, actor_id: int) -> dict:
    return run_import(batch_code=batch_code, actor_id=actor_id)
