"""The analysis extract: one row per person, case, visit, observation and complaint, under
stable pseudonyms (a keyed hash whose key never leaves the server). No names, identity or
register numbers, phone numbers, exact dates or free text: dates are reduced to the month.
The people's quasi-identifiers (sex, age, nationality, place) are generalised until each
combination holds at least k people, and the rows that still cannot be are left out; the
"notes" sheet says how (docs/disclosure.md)."""

import hashlib
import hmac
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from sanad.audit.services import record
from sanad.beneficiaries.models import Beneficiary, Need
from sanad.complaints.models import Complaint
from sanad.legal.models import LawyerMandate, LegalCase
from sanad.lib.xlsx import append
from sanad.visits.models import Observation, Visit

VISITORS = Visit.beneficiaries.through


def pseudonym(code) -> str:
    """The same person (or record) always gets the same pseudonym; without the key nobody
    can go back from the pseudonym to the code."""
    key = settings.SANAD_PSEUDONYM_KEY.encode()
    return hmac.new(key, str(code).encode(), hashlib.sha256).hexdigest()[:16]


def _month(day) -> str:
    return f"{day:%Y-%m}" if day else ""


def _count(queryset, group: str):
    """A correlated COUNT subquery over `queryset` (already filtered on the outer row)."""
    return Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1])


PEOPLE = [
    "person", "sex", "age_band", "nationality", "needs", "status", "closure_reason",
    "legal_status", "region", "cso", "registered_month", "cases", "with_lawyer", "visits",
    "complaints",
]  # fmt: skip
QUASI_IDENTIFIERS = ["sex", "birth_year", "nationalities", "current_establishment__region__code"]
PEOPLE_COLUMNS = [
    "code", *QUASI_IDENTIFIERS, "status", "closure_reason", "current_legal_status",
    "identified_by__acronym", "created_at", "n_cases", "lawyer", "n_visits", "n_complaints",
]  # fmt: skip
# Leave out at most this share of the people before generalising further.
SUPPRESS_AT_MOST = 0.05


def _decade_band(age) -> str:
    if age < 18 or age >= 60:
        return "under18" if age < 18 else "60plus"
    return "18-29" if age < 30 else f"{age // 10 * 10}-{age // 10 * 10 + 9}"


def _life_band(age) -> str:
    return "under18" if age < 18 else "60plus" if age >= 60 else "18-59"


# Each level: how it generalises, then (age band of an age, whether nationalities are reduced
# to the most frequent or not, whether the region is kept), from the finest to the coarsest.
LEVELS = [
    (gettext_lazy("ten-year age bands; nationalities held by fewer than k people grouped as "
                  "“other”; region instead of establishment"), _decade_band, False, True),
    (gettext_lazy("ten-year age bands; the most frequent nationality, every other one "
                  "grouped as “other”; region instead of establishment"), _decade_band, True, True),
    (gettext_lazy("minors, adults and people of 60 or more; the most frequent nationality, "
                  "every other one grouped as “other”; region instead of establishment"),
     _life_band, True, True),
    (gettext_lazy("minors, adults and people of 60 or more; the most frequent nationality, "
                  "every other one grouped as “other”; no place"), _life_band, True, False),
]  # fmt: skip


@dataclass
class Plan:
    """How the people's quasi-identifiers are generalised, and which combinations are kept."""

    k: int
    year: int
    level: int = 0
    common: set = field(default_factory=set)  # nationalities shown as themselves
    sizes: Counter = field(default_factory=Counter)  # generalised combination -> people

    def key(self, sex, birth_year, nationalities, region) -> tuple:
        _label, band, most_frequent_only, with_region = LEVELS[self.level]
        age = "unknown" if birth_year is None else band(self.year - birth_year)
        nationality = str(nationalities or "")
        if nationality and nationality not in self.common:
            nationality = "other"
        return (sex, age, nationality, (region or "") if with_region else "")

    def kept(self, key) -> bool:
        return self.sizes[key] >= self.k

    @property
    def suppressed(self) -> int:
        return sum(n for n in self.sizes.values() if n < self.k)

    @property
    def achieved(self) -> int:
        return min((n for n in self.sizes.values() if n >= self.k), default=0)


def plan(groups: dict, k: int, year: int) -> Plan:
    """The finest level of LEVELS that leaves out at most SUPPRESS_AT_MOST of the people
    (else the coarsest), for `groups`: {(sex, birth year, nationalities, region): people}."""
    people = sum(groups.values())
    nationalities = Counter()
    for (_sex, _year, found, _region), n in groups.items():
        nationalities[str(found or "")] += n
    frequent = [name for name, _n in nationalities.most_common(1) if name]
    for level in range(len(LEVELS)):
        common = (
            set(frequent)
            if LEVELS[level][2]
            else {name for name, n in nationalities.items() if n >= k}
        )
        result = Plan(k, year, level, common)
        for quasi, n in groups.items():
            result.sizes[result.key(*quasi)] += n
        if result.suppressed <= people * SUPPRESS_AT_MOST:
            break
    return result


def _plan(k: int) -> Plan:
    people = Beneficiary.objects.filter(merged_into__isnull=True).order_by()
    groups = {
        tuple(row[:-1]): row[-1]
        for row in people.values_list(*QUASI_IDENTIFIERS).annotate(n=Count("pk"))
    }
    return plan(groups, k, timezone.localdate().year)


def _people(book, generalised: Plan) -> int:
    needs = defaultdict(list)
    for beneficiary, category in Need.objects.order_by("category").values_list(
        "beneficiary", "category"
    ):
        needs[beneficiary].append(category)
    person = OuterRef("pk")
    rows = (
        Beneficiary.objects.filter(merged_into__isnull=True)
        .order_by("pk")
        .annotate(
            n_cases=_count(LegalCase.objects.filter(beneficiary=person), "beneficiary"),
            lawyer=Exists(LawyerMandate.objects.filter(case__beneficiary=person)),
            n_visits=_count(VISITORS.objects.filter(beneficiary=person), "beneficiary"),
            n_complaints=_count(Complaint.objects.filter(beneficiary=person), "beneficiary"),
        )
        .values_list("pk", *PEOPLE_COLUMNS)
    )
    book.sheet("people", PEOPLE)
    count = 0
    for pk, code, *row in rows.iterator(chunk_size=2000):
        key = generalised.key(*row[:4])
        if not generalised.kept(key):
            continue
        sex, age, nationality, region = key
        status, closure, legal, cso, created, cases, lawyer, visits, plaints = row[4:]
        book.append(
            [
                pseudonym(code),
                sex,
                age,
                nationality,
                ",".join(needs[pk]),
                status,
                closure,
                legal,
                region,
                cso or "",
                _month(created),
                cases or 0,
                lawyer,
                visits or 0,
                plaints or 0,
            ]  # fmt: skip
        )
        count += 1
    return count


def _notes(book, generalised: Plan, people: int) -> None:
    book.sheet("notes", [_("Note"), _("Value")])
    for label, value in [
        (_("Each combination of sex, age band, nationality and region holds at least"),
         generalised.k),
        (_("Smallest combination in the people sheet"), generalised.achieved),
        (_("How the people were generalised"), str(LEVELS[generalised.level][0])),
        (_("People in the people sheet"), people),
        (_("People left out because they could not be grouped with enough others"),
         generalised.suppressed),
    ]:  # fmt: skip
        book.append([label, value])


def _cases(book) -> None:
    book.sheet("cases", ["case", "person", "stage", "offence_class", "opened_month", "open"])
    rows = LegalCase.objects.order_by("pk").values_list(
        "code", "beneficiary__code", "stage", "offence_class", "opened_on", "is_open"
    )
    for code, person, stage, offence, opened, is_open in rows.iterator(chunk_size=2000):
        book.append([pseudonym(code), pseudonym(person), stage, offence, _month(opened), is_open])


def _visits(book) -> None:
    book.sheet("visits", ["visit", "month", "kind", "establishment", "region", "cso", "people"])
    people = _count(VISITORS.objects.filter(visit=OuterRef("pk")), "visit")
    rows = Visit.objects.filter(state=Visit.State.DONE).order_by("pk").annotate(people=people)
    for code, day, kind, place, region, cso, n in rows.values_list(
        "code", "visited_on", "kind", "establishment__name_fr",
        "establishment__region__code", "organisation__acronym", "people",
    ).iterator(chunk_size=2000):  # fmt: skip
        book.append([pseudonym(code), _month(day), kind, place or "", region or "", cso, n or 0])


def _observations(book) -> None:
    book.sheet("observations", ["visit", "month", "establishment", "category", "item", "severity"])
    rows = Observation.objects.order_by("pk").values_list(
        "visit__code", "visit__visited_on", "visit__establishment__name_fr", "category", "item",
        "severity",
    )  # fmt: skip
    for visit, day, place, *rest in rows.iterator(chunk_size=2000):
        book.append([pseudonym(visit), _month(day), place or "", *rest])


def _complaints(book) -> None:
    book.sheet(
        "complaints",
        ["complaint", "person", "received_month", "category", "status", "closure",
         "region", "days_to_close", "cso"],
    )  # fmt: skip
    rows = Complaint.objects.order_by("pk").values_list(
        "code", "beneficiary__code", "received_on", "category", "status", "closure",
        "establishment__region__code", "closed_on", "organisation__acronym",
    )  # fmt: skip
    for code, person, received, category, status, closure, place, closed, cso in rows.iterator(
        chunk_size=2000
    ):
        days = (closed - received).days if closed else ""
        book.append(
            [pseudonym(code), pseudonym(person) if person else "", _month(received), category,
             status, closure, place or "", days, cso]
        )  # fmt: skip


# Excel opens at most this many rows per sheet, header included: a longer table (a million
# visits at national scale) continues on "visits 2".
EXCEL_ROWS = 1_048_576
PROGRESS_EVERY = 5000


class _Book:
    """A write-only workbook whose tables run over as many sheets as Excel's row limit needs,
    counting the rows written for the progress bar."""

    def __init__(self, progress):
        self.workbook = Workbook(write_only=True)
        self.progress = progress
        self.done = 0

    def sheet(self, name: str, header: list[str]) -> None:
        self.name, self.header, self.part = name, header, 0
        self._next_sheet()

    def _next_sheet(self) -> None:
        self.part += 1
        self.current = self.workbook.create_sheet(
            self.name if self.part == 1 else f"{self.name} {self.part}"
        )
        append(self.current, self.header)
        self.rows = 1

    def append(self, row: list) -> None:
        if self.rows >= EXCEL_ROWS:
            self._next_sheet()
        append(self.current, row)
        self.rows += 1
        self.done += 1
        if self.progress and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done)


def total_rows() -> int:
    """The rows the extract will hold (headers aside), for its progress bar."""
    return sum(
        queryset.count()
        for queryset in (
            Beneficiary.objects.filter(merged_into__isnull=True),
            LegalCase.objects.all(),
            Visit.objects.filter(state=Visit.State.DONE),
            Observation.objects.all(),
            Complaint.objects.all(),
        )
    )


def write(output, *, progress=None) -> int:
    """Write the extract (XLSX, streamed sheet by sheet) to `output`, calling
    `progress(rows_written, total_rows)` once then `progress(rows_written)` as it goes;
    returns the number of people."""
    if progress:
        progress(0, total_rows())
    book = _Book(progress)
    generalised = _plan(settings.SANAD_DISCLOSURE_K)
    people = _people(book, generalised)
    _cases(book)
    _visits(book)
    _observations(book)
    _complaints(book)
    _notes(book, generalised, people)
    book.workbook.save(output)
    return people


def write_export(export, out, progress):
    """The extract as a prepared export (the beneficiaries app's WRITERS), audited as
    `report.extract_exported` with the number of people."""
    people = write(out, progress=progress)
    return people, lambda: record(
        actor=export.created_by,
        action="report.extract_exported",
        target=export,
        label="pseudonymised extract",
        changes={"people": [None, people]},
    )
