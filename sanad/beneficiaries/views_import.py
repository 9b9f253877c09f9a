"""Import of a CSO's spreadsheet: upload, column mapping, row-by-row preview, confirmation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sanad.beneficiaries import imports, services
from sanad.beneficiaries.exports import XLSX
from sanad.beneficiaries.models import ImportBatch
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required


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
    context = {"form": form, "organisation": organisation, "columns": imports.columns()}
    return render(request, "beneficiaries/import_upload.html", context)


@require_GET
@capability_required("beneficiary.import")
def import_template(request, language):
    """The spreadsheet to fill in, in French or Arabic."""
    if language not in ("fr", "ar"):
        raise Http404
    with translation.override(language):
        data = imports.template_workbook()
        name = _("sanad-beneficiaries-template")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{language}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.import")
def import_preview(request, code):
    """Choose which column holds what, see every row with its errors (checked by the task
    worker: the page shows its progress meanwhile), then confirm. Rows with errors are never
    imported; nothing at all is saved before the confirmation."""
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), code=code)
    if request.method == "POST":
        mapping = {
            target: _column(request.POST.get(f"map_{target}"), len(batch.headers))
            for target in imports.TARGETS
        }
        # The mapping is frozen once an import started (a failed one resumes as it was).
        if batch.state == ImportBatch.State.PREVIEW and mapping != batch.mapping:
            services.remap_import(batch=batch, mapping=mapping)
            if request.POST.get("action") == "confirm":
                messages.warning(
                    request, _("The columns changed: check the rows again, then confirm.")
                )
        elif request.POST.get("action") == "confirm":
            try:
                services.queue_import(actor=request.user, batch=batch)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The import has started: this page follows it."))
        return redirect("beneficiaries:import_preview", code=batch.code)
    checked = batch.checked
    errors = checked.get("errors", 0)
    return render(
        request,
        "beneficiaries/import_preview.html",
        {
            "batch": batch,
            "targets": [
                (t, label, batch.mapping.get(t)) for t, (label, _s) in imports.TARGETS.items()
            ],
            "rows": checked.get("rows", []),
            "ignored": [
                header
                for index, header in enumerate(batch.headers)
                if header and index not in batch.mapping.values()
            ],
            "total": checked.get("total", 0),
            "error_count": errors,
            "valid_count": checked.get("total", 0) - errors,
        },
    )


def _column(value, width: int) -> int | None:
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < width else None
