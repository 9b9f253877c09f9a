"""The analysis extract: one row per person, case, visit, observation and complaint, under
stable pseudonyms (a keyed hash whose key never leaves the server). No names, identity or
register numbers, phone numbers, exact dates or free text: dates are reduced to the month,
birth dates to the year."""

import hashlib
import hmac
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery
from openpyxl import Workbook

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
    "person", "sex", "birth_year", "nationalities", "needs", "status", "closure_reason",
    "legal_status", "establishment", "region", "cso", "registered_month", "cases",
    "with_lawyer", "visits", "complaints",
]  # fmt: skip
PEOPLE_COLUMNS = [
    "code", "sex", "birth_year", "nationalities", "status", "closure_reason",
    "current_legal_status", "current_establishment__name_fr",
    "current_establishment__region__code", "identified_by__acronym", "created_at",
    "n_cases", "lawyer", "n_visits", "n_complaints",
]  # fmt: skip


def _people(book) -> int:
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
    for pk, code, sex, year, nationalities, *rest in rows.iterator(chunk_size=2000):
        status, closure, legal, place, region, cso, created, cases, lawyer, visits, plaints = rest
        book.append(
            [
                pseudonym(code),
                sex,
                year,
                str(nationalities or ""),
                ",".join(needs[pk]),
                status,
                closure,
                legal,
                place or "",
                region or "",
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
         "establishment", "days_to_close", "cso"],
    )  # fmt: skip
    rows = Complaint.objects.order_by("pk").values_list(
        "code", "beneficiary__code", "received_on", "category", "status", "closure",
        "establishment__name_fr", "closed_on", "organisation__acronym",
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
    people = _people(book)
    _cases(book)
    _visits(book)
    _observations(book)
    _complaints(book)
    book.workbook.save(output)
    return people
