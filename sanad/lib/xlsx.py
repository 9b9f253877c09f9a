"""Spreadsheets Sanad writes: whatever a person typed stays text, never a live formula."""

from openpyxl.cell.cell import Cell

# What a spreadsheet may take for the start of a formula (OWASP's CSV-injection list), also
# behind the tab or carriage return some programs strip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append(sheet, values) -> None:
    """Append `values` to `sheet` (normal or write-only), each text written as text."""
    sheet.append([_as_text(sheet, v) if _risky(v) else v for v in values])


def _risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _as_text(sheet, value: str) -> Cell:
    """A cell holding `value` as a string: openpyxl makes any text starting with "=" a
    formula, which a spreadsheet would run when the file is opened."""
    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
    cell.data_type = "s"
    return cell
