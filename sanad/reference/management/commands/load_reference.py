"""Load Sanad's reference data. Idempotent: only what is missing is added, so edits made by
administrators in Sanad are never overwritten."""

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from sanad.reference.data import reference as data
from sanad.reference.models import (
    ActionField,
    Court,
    Establishment,
    HolidayKind,
    LegalRule,
    PublicHoliday,
    Region,
    ScreeningRule,
    ServiceKind,
    SpokenLanguage,
)
from sanad.reference.signals import reference_loaded

DATA = Path(__file__).resolve().parents[2] / "data"
CSV_PATH = DATA / "establishments_ma.csv"
COURTS_PATH = DATA / "courts_ma.csv"
COURT_KINDS = {"cassation": "cassation", "appel": "appeal", "premiere_instance": "first_instance"}


def _tristate(value: str):
    return {"yes": True, "no": False}.get(value.strip().lower())


def _fill_arabic(record, name_ar: str) -> None:
    """Give `record` the file's Arabic name if it has none (an administrator's is kept)."""
    if name_ar and not record.name_ar:
        record.name_ar = name_ar
        record.save(update_fields=["name_ar"])


def _load_courts() -> None:
    """The judicial map's courts (domain/courts_ma.csv: decree 2.23.665 as compilations give
    it, so "to verify"), each court of first instance tied to its court of appeal. Courts
    already there keep their names and ties; only what is missing is added."""
    with COURTS_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    courts = {}
    for row in rows:
        court, created = Court.objects.get_or_create(
            name_fr=row["name_fr"],
            defaults={
                "name_ar": row["name_ar"],
                "kind": COURT_KINDS[row["kind"]],
                "city": row["city"],
                "to_verify": True,
                "source": row["source"],
            },
        )
        _fill_arabic(court, row["name_ar"])
        courts[row["name_fr"]] = court
    appeal_by_city = {row["city"]: courts[row["name_fr"]] for row in rows if row["kind"] == "appel"}
    appeal_city = {row["name_fr"]: row["appeal_court_city"] for row in rows}
    untied = Court.objects.filter(kind="first_instance", appeal_court__isnull=True)
    for court in untied:  # a court not in the file is tied to the court of appeal of its city
        appeal = appeal_by_city.get(appeal_city.get(court.name_fr, court.city))
        if appeal:
            court.appeal_court = appeal
            court.save(update_fields=["appeal_court"])


class Command(BaseCommand):
    help = (
        "Load regions, fields of action, services, spoken languages, establishments, courts "
        "and public holidays."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        regions = {}
        for code, name_fr, name_ar in data.REGIONS:
            regions[name_fr], _ = Region.objects.get_or_create(
                code=code, defaults={"name_fr": name_fr, "name_ar": name_ar}
            )
        for position, (code, name_fr, name_ar) in enumerate(data.ACTION_FIELDS):
            ActionField.objects.get_or_create(
                code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "position": position}
            )
        for model, rows in (
            (ServiceKind, data.SERVICE_KINDS),
            (SpokenLanguage, data.SPOKEN_LANGUAGES),
        ):
            for position, (code, name_fr, name_ar) in enumerate(rows):
                model.objects.get_or_create(
                    code=code,
                    defaults={"name_fr": name_fr, "name_ar": name_ar, "position": position},
                )
        added = 0
        with CSV_PATH.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                establishment, created = Establishment.objects.get_or_create(
                    name_fr=row["name_fr"],
                    defaults={
                        "name_ar": row["name_ar"],
                        "kind": data.ESTABLISHMENT_KINDS[row["type"]],
                        "city": row["city"],
                        "region": regions[row["region"]],
                        "houses_women": _tristate(row["houses_women"]),
                        "houses_minors": _tristate(row["houses_minors"]),
                        "source": row["source"],
                    },
                )
                added += created
                _fill_arabic(establishment, row["name_ar"])
        by_code = {region.code: region for region in regions.values()}
        for kind, name_fr, name_ar, city, region in data.COURTS:
            Court.objects.get_or_create(
                name_fr=name_fr,
                defaults={
                    "name_ar": name_ar,
                    "kind": kind,
                    "city": city,
                    "region": by_code[region],
                },
            )
        _load_courts()
        for year in data.FIXED_HOLIDAY_YEARS:
            for month, day, name_fr, name_ar, since in data.FIXED_HOLIDAYS:
                if year >= since:
                    PublicHoliday.objects.get_or_create(
                        date=date(year, month, day),
                        name_fr=name_fr,
                        defaults={"name_ar": name_ar, "kind": HolidayKind.FIXED, "verified": True},
                    )
        for day, name_fr, name_ar in data.ISLAMIC_HOLIDAYS:
            PublicHoliday.objects.get_or_create(
                date=date.fromisoformat(day),
                name_fr=name_fr,
                defaults={"name_ar": name_ar, "kind": HolidayKind.ISLAMIC, "verified": False},
            )
        for (
            name_fr,
            name_ar,
            remedy,
            applies,
            level,
            start,
            period,
            unit,
            counting,
            basis,
            since,
        ) in data.LEGAL_RULES:
            rule, _new = LegalRule.objects.get_or_create(
                name_fr=name_fr,
                valid_from=date.fromisoformat(since),
                defaults={
                    "name_ar": name_ar,
                    "remedy": remedy,
                    "applies_to": applies,
                    "court_level": level,
                    "start": start,
                    "period": period,
                    "unit": unit,
                    "counting": counting,
                    "legal_basis": basis,
                    "verified": False,
                },
            )
            _fill_arabic_basis(rule, data.LEGAL_BASES_AR.get(name_fr, ""))
        for kind, offence, numerator, denominator, months, basis in data.SCREENING_RULES:
            screening, _new = ScreeningRule.objects.get_or_create(
                kind=kind,
                offence_class=offence,
                valid_from=date(2003, 10, 1),
                defaults={
                    "numerator": numerator,
                    "denominator": denominator,
                    "months": months,
                    "legal_basis": basis,
                    "verified": False,
                },
            )
            _fill_arabic_basis(screening, data.SCREENING_BASES_AR.get((kind, offence), ""))
        reference_loaded.send(sender=self.__class__)
        self.stdout.write(
            f"Reference data loaded ({added} new establishments, "
            f"{Establishment.objects.count()} in all)."
        )


def _fill_arabic_basis(rule, basis: str) -> None:
    """Give a rule its Arabic legal basis unless one is there (an administrator's edit)."""
    if basis and not rule.legal_basis_ar:
        type(rule).objects.filter(pk=rule.pk, legal_basis_ar="").update(legal_basis_ar=basis)
