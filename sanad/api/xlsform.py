"""The visit report as an XLSForm for KoboToolbox or ODK, labelled in French and Arabic, and
how a submission of it reads back as the report form's fields. Labels and choices come from
the visit models, so the form and the page ask the same questions."""

import io
import uuid

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from sanad.lib.xlsx import append
from sanad.reference.models import Establishment
from sanad.visits.models import Observation, Visit
from sanad.visits.taxonomy import Category, Severity

# Sent back with every submission (a calculate field): a form Sanad does not know is
# quarantined rather than guessed at. Raise it whenever the questions change.
VERSION = "visit-report-1"
LANGUAGES = [("fr", "Français (fr)"), ("ar", "العربية (ar)")]
OBSERVATIONS = 5  # as many rows as the report form has
TEXTS = ["discussed", "wellbeing", "legal_needs"]

PERSON_CODE = _("Sanad code of the person")
PERSON_CODE_HINT = _("On the person's page in Sanad. Leave empty if you do not have it.")
PERSON_NAME = _("Name of the person, if you have no code")
OBSERVATIONS_LABEL = _("Observations on detention conditions")


class Unreadable(Exception):
    """A submission that does not fit the form Sanad knows; the message says why."""


def _label(field) -> str:
    return capfirst(field.verbose_name)


def _questions():
    """(type, name, label, hint, required) rows of the survey sheet, labels lazy."""
    visit, observation = Visit._meta, Observation._meta
    return [
        ("calculate", "sanad_form", "", "", ""),
        ("select_one kind", "kind", _label(visit.get_field("kind")), "", "yes"),
        ("select_one establishment", "establishment",
         _label(visit.get_field("establishment")), "", ""),
        ("date", "visited_on", _label(visit.get_field("visited_on")), "", "yes"),
        ("text", "person_code", PERSON_CODE, PERSON_CODE_HINT, ""),
        ("text", "person_name", PERSON_NAME, "", ""),
        *[("text", name, _label(visit.get_field(name)), "", "") for name in TEXTS],
        ("begin_repeat", "observations", OBSERVATIONS_LABEL, "", ""),
        ("select_one category", "category", _label(observation.get_field("category")), "", ""),
        ("select_one severity", "severity", _label(observation.get_field("severity")), "", ""),
        ("text", "text", _label(observation.get_field("text")), "", ""),
        ("end_repeat", "", "", "", ""),
    ]  # fmt: skip


def _choices():
    lists = [("kind", Visit.Kind.choices), ("category", Category.choices),
             ("severity", Severity.choices)]  # fmt: skip
    for name, choices in lists:
        for value, label in choices:
            yield name, value, label, label
    for place in Establishment.objects.filter(closed_on__isnull=True).order_by("name_fr"):
        yield "establishment", str(place.code), place.name_fr, place.name_ar or place.name_fr


def _in(language, text) -> str:
    with translation.override(language):
        return str(text)


def workbook() -> bytes:
    """The XLSForm (survey, choices, settings sheets) as an .xlsx file."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    labels = [f"label::{name}" for _code, name in LANGUAGES]
    hints = [f"hint::{name}" for _code, name in LANGUAGES]
    append(survey, ["type", "name", *labels, *hints, "required", "calculation",
                   "appearance", "repeat_count"])  # fmt: skip
    for kind, name, label, hint, required in _questions():
        append(survey, [
            kind, name, *[_in(code, label) for code, _n in LANGUAGES],
            *[_in(code, hint) for code, _n in LANGUAGES], required,
            f"'{VERSION}'" if name == "sanad_form" else "",
            "multiline" if name in TEXTS or name == "text" else "",
            OBSERVATIONS if kind == "begin_repeat" else "",
        ])  # fmt: skip
    choices = book.create_sheet("choices")
    append(choices, ["list_name", "name", *labels])
    for list_name, value, label_fr, label_ar in _choices():
        append(choices, [list_name, value, _in("fr", label_fr), _in("ar", label_ar)])
    settings = book.create_sheet("settings")
    append(settings, ["form_title", "form_id", "version", "default_language"])
    append(settings, ["Sanad — rapport de visite / تقرير زيارة", "sanad_visit_report",
                     VERSION, LANGUAGES[0][1]])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _flat(payload: dict) -> dict:
    """Kobo and ODK name a field by its group path ("group/field"): the field's own name."""
    return {key.rsplit("/", 1)[-1]: value for key, value in payload.items()}


def delivery_id(payload: dict) -> str:
    """The form server's id of this submission (kept once however often it is delivered)."""
    flat = _flat(payload)
    return str(flat.get("instanceID") or flat.get("_uuid") or "")[:100]


def read(payload: dict, people) -> tuple[dict, str]:
    """The report form's fields for a submission, and what named the person when no code
    among `people` (a queryset) matched it. Unreadable when the form is not Sanad's."""
    if not isinstance(payload, dict):
        raise Unreadable("The submission is not a JSON object.")
    flat = _flat(payload)
    if flat.get("sanad_form") != VERSION:
        raise Unreadable(f"Unknown form version {flat.get('sanad_form')!r}; expected {VERSION!r}.")
    missing = [name for name in ("kind", "visited_on") if not flat.get(name)]
    if missing:
        raise Unreadable(f"Missing: {', '.join(missing)}.")
    rows = flat.get("observations") or []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise Unreadable("observations is not a list of rows.")
    if len(rows) > OBSERVATIONS:
        raise Unreadable(f"More than {OBSERVATIONS} observations.")
    place = Establishment.objects.filter(code=_uuid(flat.get("establishment"))).first()
    person = people.filter(code=_uuid(flat.get("person_code"))).first()
    data = {
        "kind": [str(flat["kind"])],
        "establishment": [str(place.pk)] if place else [],
        "visited_on": [str(flat["visited_on"])[:10]],
        "beneficiaries": [str(person.pk)] if person else [],
        **{name: [str(flat.get(name) or "")] for name in TEXTS},
    }
    for n, row in enumerate(rows):
        row = _flat(row)
        data |= {f"obs{n}-{name}": [str(row.get(name) or "")]
                 for name in ("category", "severity", "text")}  # fmt: skip
    unmatched = "" if person else str(flat.get("person_name") or flat.get("person_code") or "")
    return data, unmatched[:200]


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
