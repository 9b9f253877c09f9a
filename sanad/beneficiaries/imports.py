"""Reading a CSO's existing spreadsheet (XLSX or CSV) into beneficiary records.

Nothing here writes: `read_table` turns the file into headers and rows, `parse_row` turns
one row into the arguments of `services.register_beneficiary` or a list of errors."""

import csv
import io
import zipfile
from datetime import date, datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl import Workbook, load_workbook

from sanad.beneficiaries.models import LegalStatus, NeedCategory, Sex
from sanad.lib.i18n import joined
from sanad.lib.text import fold
from sanad.lib.xlsx import append
from sanad.reference.models import Establishment

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
# What a legitimate sheet of MAX_ROWS rows never exceeds once unpacked, and how many rows
# (blank ones included) are read before giving up.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_READ_ROWS = 3 * MAX_ROWS

# target field -> (label, header spellings that map to it automatically)
TARGETS = {
    "first_name_latin": (gettext_lazy("First name (Latin script)"), ["prenom", "first name"]),
    "last_name_latin": (gettext_lazy("Last name (Latin script)"), ["nom", "last name"]),
    "first_name_ar": (gettext_lazy("First name (Arabic script)"), ["الاسم الشخصي", "الاسم"]),
    "last_name_ar": (gettext_lazy("Last name (Arabic script)"), ["الاسم العائلي", "النسب"]),
    "sex": (gettext_lazy("Sex"), ["sexe", "sex", "الجنس"]),
    "date_of_birth": (gettext_lazy("Date of birth"), ["date de naissance", "تاريخ الازدياد"]),
    "birth_year": (gettext_lazy("Year of birth"), ["annee de naissance", "annee"]),
    "nationality": (gettext_lazy("Nationality"), ["nationalite", "الجنسية"]),
    "needs": (gettext_lazy("Specific needs"), ["besoins", "besoin", "besoin specifique",
              "besoins specifiques", "categorie", "الفئة", "الاحتياجات الخاصة"]),
    "establishment": (gettext_lazy("Establishment"), ["etablissement", "prison", "المؤسسة",
                      "السجن"]),
    "register_number": (gettext_lazy("Prison register number"), ["numero d ecrou", "ecrou",
                         "n d ecrou", "no d ecrou", "num ecrou", "رقم الاعتقال"]),
    "placed_since": (gettext_lazy("Held there since"), ["date d incarceration", "depuis",
                     "تاريخ الاعتقال"]),
    "legal_status": (gettext_lazy("Legal status"), ["situation penale", "statut juridique",
                     "الوضعية الجنائية"]),
    "languages": (gettext_lazy("Languages spoken"), ["langues", "langue", "langue parlee",
                  "langues parlees", "اللغة", "اللغات"]),
}  # fmt: skip
SEX_WORDS = {
    "f": Sex.FEMALE, "femme": Sex.FEMALE, "female": Sex.FEMALE, "انثى": Sex.FEMALE,
    "m": Sex.MALE, "h": Sex.MALE, "homme": Sex.MALE, "male": Sex.MALE, "ذكر": Sex.MALE,
}  # fmt: skip
# Both genders and numbers, with or without accents (folded), in French and Arabic; the
# categories' own labels in every language are accepted too (`_choice`).
NEED_WORDS = {
    "femme": "woman", "femmes": "woman", "امراه": "woman", "نساء": "woman",
    "mineur": "minor", "mineure": "minor", "mineurs": "minor", "قاصر": "minor",
    "qasir": "minor", "etranger": "foreigner", "etrangere": "foreigner",
    "etrangers": "foreigner", "اجنبي": "foreigner", "اجنبيه": "foreigner",
    "handicap": "disability", "handicape": "disability", "handicapee": "disability",
    "personne handicapee": "disability", "في وضعيه اعاقه": "disability", "اعاقه": "disability",
    "personne agee": "elderly", "agee": "elderly", "age": "elderly", "مسن": "elderly",
    "مسنه": "elderly", "condamne a mort": "death_row", "condamnee a mort": "death_row",
    "محكوم بالاعدام": "death_row", "محكومه بالاعدام": "death_row",
    "jeune precaire": "precarious_youth", "jeunes precaires": "precarious_youth",
    "migrant": "migrant", "migrante": "migrant", "migrants": "migrant", "مهاجر": "migrant",
    "مهاجره": "migrant",
}  # fmt: skip


# What each column takes, for the upload page and the template's second sheet.
FORMATS = {
    "date_of_birth": gettext_lazy("A date, e.g. 31/12/1990"),
    "birth_year": gettext_lazy("A year, e.g. 1990 (when the date is not known)"),
    "nationality": gettext_lazy("A country, by name or code, e.g. Maroc or MA"),
    "needs": gettext_lazy("One or more of these, separated by commas"),
    "establishment": gettext_lazy("The establishment's name as in Sanad's reference data"),
    "placed_since": gettext_lazy("A date, e.g. 01/03/2024"),
}
VALUES = {"sex": Sex.choices, "needs": NeedCategory.choices, "legal_status": LegalStatus.choices}


def columns() -> list[tuple[str, str, str]]:
    """(column, what it takes, the values it allows) for each column Sanad reads."""
    return [
        (
            str(label),
            str(FORMATS.get(target, gettext_lazy("Text"))),
            joined(str(text) for _code, text in VALUES.get(target, [])),
        )
        for target, (label, _spellings) in TARGETS.items()
    ]


def template_workbook() -> bytes:
    """An empty spreadsheet with Sanad's columns in the active language, and a second sheet
    saying what each takes: filled in, it imports without choosing any column."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Beneficiaries"))[:31]
    append(sheet, [column for column, _format, _values in columns()])
    notes = book.create_sheet(str(_("Columns"))[:31])
    append(notes, [str(_("Column")), str(_("What it takes")), str(_("Allowed values"))])
    for row in columns():
        append(notes, list(row))
    rtl = translation.get_language() == "ar"
    for tab in book.worksheets:
        tab.sheet_view.rightToLeft = rtl
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class UnreadableFile(Exception):
    """The upload is not a spreadsheet Sanad can read; the message says why."""


def read_table(data: bytes, filename: str) -> tuple[list[str], list[list]]:
    """Headers and rows of the first sheet of an XLSX file, or of a CSV file (UTF-8 or
    Windows Arabic), read as a stream that stops at the row limit: a small file that unpacks
    to millions of rows is refused before it is parsed. Raises UnreadableFile with a message
    for the user."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 5 MB."))
    if data.startswith(b"PK\x03\x04"):
        try:
            rows = _bounded(_xlsx_rows(data))
        except UnreadableFile:
            raise
        except Exception as error:  # noqa: BLE001 (any parse failure is the file's fault)
            raise UnreadableFile(_("This Excel file cannot be read.")) from error
    elif filename.lower().endswith(".csv"):
        text = _decode(data)
        rows = _bounded(csv.reader(io.StringIO(text), _dialect(text)))
    else:
        raise UnreadableFile(_("Upload an Excel (.xlsx) or CSV file."))
    if len(rows) < 2:
        raise UnreadableFile(_("The file has no data rows under its header row."))
    headers = [str(h or "").strip() for h in rows[0]]
    return headers, rows[1:]


def _xlsx_rows(data: bytes):
    """The first sheet's rows, once its unpacked size and declared dimensions are sane."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UnreadableFile(
                _(
                    "Once unpacked, this Excel file holds more than 50 MB: far more than "
                    "20,000 rows. Save only the sheet to import, then upload it again."
                )
            )
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    if (sheet.max_row or 0) > MAX_READ_ROWS:
        raise UnreadableFile(_("The file has too many rows (20,000 at most)."))
    return sheet.iter_rows(values_only=True)


def _bounded(rows) -> list[list]:
    """The non-empty rows of `rows`, read one at a time and refused past the limit (the
    header and MAX_ROWS rows, or MAX_READ_ROWS rows read, blank ones included)."""
    kept = []
    for read, row in enumerate(rows, start=1):
        if any(cell not in (None, "") for cell in row):
            kept.append(list(row))
        if read > MAX_READ_ROWS or len(kept) > MAX_ROWS + 1:
            raise UnreadableFile(_("The file has too many rows (20,000 at most)."))
    return kept


def _dialect(text: str):
    """The CSV dialect of `text` (comma, semicolon or tab), comma when it cannot be told
    (a file of one column)."""
    try:
        return csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        return "excel"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file's text encoding is not recognised (save it as UTF-8)."))


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each target field, the index of the column whose header looks like it: one of
    its usual spellings, or its label in French, Arabic or English (Sanad's template)."""
    folded = [fold(h) for h in headers]
    mapping = {}
    for target, (label, spellings) in TARGETS.items():
        wanted = {fold(s) for s in spellings} | {fold(target.replace("_", " "))}
        wanted |= {fold(text) for text in in_every_language(label)}
        mapping[target] = next((i for i, h in enumerate(folded) if h in wanted), None)
    return mapping


def in_every_language(label) -> list[str]:
    """`label` (lazy) as French, Arabic and English readers see it."""
    found = []
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            found.append(str(label))
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date (use 31/12/1990).") % {"value": text})


def _choice(value, table: dict, choices) -> str:
    key = fold(_text(value))
    if key in table:
        return table[key]
    by_label = _labels(tuple(choices))
    if key in by_label:
        return by_label[key]
    if key in {fold(code) for code, _label in choices}:
        return next(code for code, _label in choices if fold(code) == key)
    raise ValidationError(_("“%(value)s” is not a known value.") % {"value": _text(value)})


@cache
def _labels(choices: tuple) -> dict[str, str]:
    """Codes by folded label in every language, built once per process per set of choices."""
    return {fold(text): code for code, label in choices for text in in_every_language(label)}


def parse_row(row: list, mapping: dict, establishments: dict) -> tuple[dict | None, list[str]]:
    """Turn one spreadsheet row into register_beneficiary's arguments, or give its errors.

    `establishments` maps folded French and Arabic names to Establishment objects."""

    def cell(target):
        index = mapping.get(target)
        return row[index] if index is not None and index < len(row) else None

    errors = []

    def attempt(target, parse):
        try:
            return parse(cell(target))
        except ValidationError as error:
            errors.append(f"{TARGETS[target][0]}: {error.messages[0]}")
            return None

    names = {
        t: _text(cell(t))
        for t in ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")
    }
    if not any(names.values()):
        errors.append(_("No name in Latin or Arabic script."))
    sex = attempt("sex", lambda v: _choice(v, SEX_WORDS, Sex.choices))
    born = attempt("date_of_birth", _date)
    year = attempt("birth_year", lambda v: int(_text(v)) if _text(v) else None)
    if year is None and born is None:
        errors.append(_("No date or year of birth."))
    needs = attempt("needs", lambda v: sorted({
        _choice(part, NEED_WORDS, NeedCategory.choices)
        for part in _text(v).replace(";", ",").split(",") if part.strip()
    }))  # fmt: skip
    nationality = attempt("nationality", _country)
    establishment = None
    if _text(cell("establishment")):
        establishment = establishments.get(fold(_text(cell("establishment"))))
        if establishment is None:
            errors.append(
                _("Unknown establishment: %(name)s") % {"name": _text(cell("establishment"))}
            )
    since = attempt("placed_since", _date)
    legal = attempt(
        "legal_status", lambda v: _choice(v, {}, LegalStatus.choices) if _text(v) else ""
    )
    if errors:
        return None, errors
    identity = names | {
        "sex": sex, "date_of_birth": born, "birth_year": year or born.year,
        "nationalities": [nationality] if nationality else [],
        "languages": _text(cell("languages")),
    }  # fmt: skip
    placement = None
    if establishment:
        placement = {
            "establishment": establishment,
            "register_number": _text(cell("register_number")),
            "started_on": since or timezone.localdate(),
        }
    legal_status = {"status": legal, "since": since or timezone.localdate()} if legal else None
    return {
        "identity": identity,
        "needs": needs or [],
        "placement": placement,
        "legal_status": legal_status,
    }, []


def _country(value) -> str:
    text = _text(value)
    if not text:
        return ""
    code = _countries().get(fold(text))
    if not code:
        raise ValidationError(_("“%(value)s” is not a known country.") % {"value": text})
    return code


@cache
def _countries() -> dict[str, str]:
    """Country codes by folded code and name in French, Arabic and English, built once per
    process rather than translating every country's name for each row."""
    index = {}
    for language in ("en", "ar", "fr"):
        with translation.override(language):
            for code, name in countries:
                index[fold(code)] = code
                index[fold(str(name))] = code
    return index


def shown(cell) -> str:
    """A cell as the preview shows it (and keeps it, as JSON): dates in ISO, no "None"."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return _text(cell)


def parse_batch(batch) -> list[tuple]:
    """(arguments, errors, raw row) for every row of an import batch, with its mapping."""
    from_file = batch.file.open("rb").read()
    _headers, rows = read_table(from_file, batch.original_name)
    index = {}
    for establishment in Establishment.objects.all():
        for name in (establishment.name_fr, establishment.name_ar):
            if name:
                index[fold(name)] = establishment
    return [(*parse_row(row, batch.mapping, index), row) for row in rows]
