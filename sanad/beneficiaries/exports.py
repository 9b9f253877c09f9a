"""XLSX export of the beneficiary rows a user may see (no identity numbers, no health)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sanad.lib.i18n import joined
from sanad.lib.xlsx import append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(chunks, out, *, progress=None) -> list[str]:
    """Write `chunks` (lists of beneficiaries already scoped by visible_to, from
    queries.listed_in_chunks) to a workbook saved into `out`, calling
    `progress(rows_written)` after each chunk. Returns the codes of the people written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Beneficiaries"))
    append(sheet, [
        _("Code"), _("Last name (Latin)"), _("First name (Latin)"), _("Last name (Arabic)"),
        _("First name (Arabic)"), _("Sex"), _("Year of birth"), _("Nationalities"),
        _("Specific needs"), _("Status"), _("Establishment"), _("Prison register number"),
        _("Legal status"), _("Following CSO"), _("Registered on"),
    ])  # fmt: skip
    codes = []
    for chunk in chunks:
        for b in chunk:
            codes.append(str(b.code))
            append(sheet, [
                str(b.code), b.last_name_latin, b.first_name_latin, b.last_name_ar,
                b.first_name_ar, b.get_sex_display(), b.birth_year,
                joined(c.name for c in b.nationalities), joined(b.need_labels),
                b.get_status_display(), str(b.current_establishment or ""),
                b.current_register_number, b.get_current_legal_status_display(),
                joined(b.following_names), timezone.localtime(b.created_at).date(),
            ])  # fmt: skip
        if progress:
            progress(len(codes))
    book.save(out)
    return codes
