"""Import of a CSO's spreadsheet: upload, column mapping, row-by-row preview, confirmation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanad.beneficiaries import imports, services
from sanad.beneficiaries.models import ImportBatch
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required

PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (Excel .xlsx or CSV)"),
        help_text=gettext_lazy("The first row must hold the column names."),
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.import")
def import_upload(request):
    organisation = acting_organisation(request, "beneficiary.import", kind="partner_cso")
    if organisation is None:
        refusal = _("Only a partner CSO imports its beneficiaries.")
        messages.error(request, acting_refusal(request, refusal))
        return redirect("beneficiaries:beneficiary_list")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.receive_import(
                actor=request.user, organisation=organisation, name=upload.name, data=upload.read()
            )
        except imports.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("beneficiaries:import_preview", code=batch.code)
    return render(
        request, "beneficiaries/import_upload.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.import")
def import_preview(request, code):
    """Choose which column holds what, see every row with its errors, then confirm. Rows with
    errors are never imported; nothing at all is saved before the confirmation."""
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), code=code)
    if request.method == "POST":
        if batch.state == ImportBatch.State.PREVIEW:  # the mapping is frozen once confirmed
            batch.mapping = {
                target: _column(request.POST.get(f"map_{target}"), len(batch.headers))
                for target in imports.TARGETS
            }
            batch.save(update_fields=["mapping"])
        if request.POST.get("action") == "confirm":
            try:
                services.queue_import(actor=request.user, batch=batch)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The import has started: this page follows it."))
        return redirect("beneficiaries:import_preview", code=batch.code)
    parsed = imports.parse_batch(batch) if batch.file else []
    errors = sum(1 for _args, row_errors, _row in parsed if row_errors)
    return render(
        request,
        "beneficiaries/import_preview.html",
        {
            "batch": batch,
            "targets": [
                (t, label, batch.mapping.get(t)) for t, (label, _s) in imports.TARGETS.items()
            ],
            "rows": [
                (n, row_errors, row)
                for n, (_a, row_errors, row) in enumerate(parsed[:PREVIEW_ROWS], start=2)
            ],
            "total": len(parsed),
            "error_count": errors,
            "valid_count": len(parsed) - errors,
        },
    )


def _column(value, width: int) -> int | None:
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < width else None
