from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from sanad.audit.services import record
from sanad.network.decorators import capability_required
from sanad.privacy.register import activities

COLUMNS = [
    ("name", _("Processing activity")), ("purpose", _("Purpose")),
    ("legal_basis", _("Legal basis")), ("subjects", _("Data subjects")),
    ("data", _("Categories of data")), ("recipients", _("Recipients")),
    ("retention", _("Retention")), ("security", _("Security measures")),
]  # fmt: skip


@require_GET
@capability_required("audit.view")
def processing_register(request):
    """The record of processing activities, generated from the configuration."""
    return render(request, "privacy/processing_register.html", {"activities": activities()})


@require_GET
@capability_required("audit.view")
def processing_register_xlsx(request):
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _field, label in COLUMNS])
    for activity in activities():
        sheet.append([str(getattr(activity, field)) for field, _label in COLUMNS])
    record(actor=request.user, action="privacy.register_exported", label="record of processing")
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sanad-processing-{timezone.localdate()}.xlsx"'
    )
    book.save(response)
    return response
