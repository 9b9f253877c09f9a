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


def _people(sheet) -> int:
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
    sheet.append(PEOPLE)
    count = 0
    for pk, code, sex, year, nationalities, *rest in rows.iterator(chunk_size=2000):
        status, closure, legal, place, region, cso, created, cases, lawyer, visits, plaints = rest
        sheet.append(
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


def _cases(sheet) -> None:
    sheet.append(["case", "person", "stage", "offence_class", "opened_month", "open"])
    rows = LegalCase.objects.order_by("pk").values_list(
        "code", "beneficiary__code", "stage", "offence_class", "opened_on", "is_open"
    )
    for code, person, stage, offence, opened, is_open in rows.iterator(chunk_size=2000):
        sheet.append([pseudonym(code), pseudonym(person), stage, offence, _month(opened), is_open])


def _visits(sheet) -> None:
    sheet.append(["visit", "month", "kind", "establishment", "region", "cso", "people"])
    people = _count(VISITORS.objects.filter(visit=OuterRef("pk")), "visit")
    rows = Visit.objects.filter(state=Visit.State.DONE).order_by("pk").annotate(people=people)
    for code, day, kind, place, region, cso, n in rows.values_list(
        "code", "visited_on", "kind", "establishment__name_fr",
        "establishment__region__code", "organisation__acronym", "people",
    ).iterator(chunk_size=2000):  # fmt: skip
        sheet.append([pseudonym(code), _month(day), kind, place or "", region or "", cso, n or 0])


def _observations(sheet) -> None:
    sheet.append(["visit", "month", "establishment", "category", "item", "severity"])
    rows = Observation.objects.order_by("pk").values_list(
        "visit__code", "visit__visited_on", "visit__establishment__name_fr", "category", "item",
        "severity",
    )  # fmt: skip
    for visit, day, place, *rest in rows.iterator(chunk_size=2000):
        sheet.append([pseudonym(visit), _month(day), place or "", *rest])


def _complaints(sheet) -> None:
    sheet.append(
        ["complaint", "person", "received_month", "category", "status", "closure",
         "establishment", "days_to_close", "cso"]
    )  # fmt: skip
    rows = Complaint.objects.order_by("pk").values_list(
        "code", "beneficiary__code", "received_on", "category", "status", "closure",
        "establishment__name_fr", "closed_on", "organisation__acronym",
    )  # fmt: skip
    for code, person, received, category, status, closure, place, closed, cso in rows.iterator(
        chunk_size=2000
    ):
        days = (closed - received).days if closed else ""
        sheet.append(
            [pseudonym(code), pseudonym(person) if person else "", _month(received), category,
             status, closure, place or "", days, cso]
        )  # fmt: skip


def write(output) -> int:
    """Write the extract (XLSX, streamed sheet by sheet) to `output`; returns the number of
    people."""
    book = Workbook(write_only=True)
    people = _people(book.create_sheet("people"))
    _cases(book.create_sheet("cases"))
    _visits(book.create_sheet("visits"))
    _observations(book.create_sheet("observations"))
    _complaints(book.create_sheet("complaints"))
    book.save(output)
    return people
