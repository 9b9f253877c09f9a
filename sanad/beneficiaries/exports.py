"""XLSX export of the beneficiary rows a user may see (no identity numbers, no health)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500


def write_xlsx(rows, out, *, progress=None) -> list[str]:
    """Write `rows` (already scoped by visible_to, with queries.with_list_relations) to a
    workbook saved into `out`, reading the database CHUNK rows at a time and calling
    `progress(rows_written)` after each chunk. Returns the codes of the people written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Beneficiaries"))
    sheet.append([
        _("Code"), _("Last name (Latin)"), _("First name (Latin)"), _("Last name (Arabic)"),
        _("First name (Arabic)"), _("Sex"), _("Year of birth"), _("Nationalities"),
        _("Specific needs"), _("Status"), _("Establishment"), _("Prison register number"),
        _("Legal status"), _("Following CSO"), _("Registered on"),
    ])  # fmt: skip
    codes = []
    for b in rows.iterator(chunk_size=CHUNK):
        codes.append(str(b.code))
        sheet.append([
            str(b.code), b.last_name_latin, b.first_name_latin, b.last_name_ar, b.first_name_ar,
            b.get_sex_display(), b.birth_year, ", ".join(c.name for c in b.nationalities),
            ", ".join(n.get_category_display() for n in b.need_list),
            b.get_status_display(), str(b.current_establishment or ""),
            b.current_register_number, b.get_current_legal_status_display(),
            ", ".join(str(f.organisation) for f in b.active_followings),
            timezone.localtime(b.created_at).date(),
        ])  # fmt: skip
        if progress and len(codes) % CHUNK == 0:
            progress(len(codes))
    book.save(out)
    return codes
