from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.beneficiaries import queries, services
from sanad.beneficiaries.exports import XLSX
from sanad.beneficiaries.forms import (
    ConsentForm,
    IdentityForm,
    LegalStatusForm,
    PlacementForm,
    RegistrationForm,
    RelativeForm,
    ShareForm,
    StatusForm,
    WithdrawConsentForm,
    beneficiary_label,
)
from sanad.beneficiaries.models import (
    Beneficiary,
    Consent,
    ConsentKind,
    DuplicateFlag,
    DuplicateStatus,
    ExportFile,
    Relative,
    Status,
)
from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate, paginate_uncounted
from sanad.lib.views import form_step
from sanad.lib.widgets import picked
from sanad.network.access import allowed, has_capability, permits
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required

TARGET_BENEFICIARIES = 300  # the founding call's target (seeds/000: "300 détenu-e-s")
# What a row of the list shows (templates/beneficiaries/beneficiary_list_rows.html):
# only these of a person's forty-odd columns are read.
LIST_COLUMNS = [
    "code", "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar",
    "date_of_birth", "birth_year", "processing_restricted", "current_register_number",
    "current_legal_status", "status", "current_establishment__name_fr",
    "current_establishment__name_ar",
]  # fmt: skip


def _visible(request, code, capability="beneficiary.view") -> Beneficiary:
    return get_object_or_404(
        Beneficiary.objects.visible_to(request.user, capability).select_related(
            "current_establishment", "identified_by"
        ),
        code=code,
    )


@require_GET
@capability_required("beneficiary.view")
def beneficiary_list(request):
    """Beneficiaries the user's organisation follows (all for the coordinator), searched
    across scripts, filtered, sorted and paginated. A search by name is paged without a
    total: counting its matches read a CSO's people a second time for a number nobody
    searching for one person needs."""
    form, rows = queries.listed(request.user, request.GET)
    searching = form.is_valid() and form.cleaned_data["q"]
    page = (paginate_uncounted if searching else paginate)(
        request, rows.select_related("current_establishment").only(*LIST_COLUMNS)
    )
    page.object_list = queries.with_list_relations(list(page.object_list))
    counts = queries.summary(request.user)
    context = {
        "form": form,
        "page": page,
        "can_create": has_capability(request.user, "beneficiary.create"),
        "can_export": has_capability(request.user, "beneficiary.export"),
        "can_import": has_capability(request.user, "beneficiary.import"),
        "turning_18": counts["turning_18"],
    }
    if "to_validate" in counts:
        context["progress"] = {**counts, "target": TARGET_BENEFICIARIES}
    return render(request, "beneficiaries/beneficiary_list.html", context)


@require_GET
@capability_required("beneficiary.view")
def beneficiary_pick(request):
    """The person picker's answer: up to 20 people the user may see whose names (either
    script) or register number contain every word typed, as JSON. Rejected and anonymised
    records cannot be linked to new work and are left out."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse(picked())
    rows = (
        queries.search(queries.linkable(request, Beneficiary.objects.visible_to(request.user)), q)
        .exclude(status=Status.REJECTED)
        .filter(anonymised_at__isnull=True)
        .select_related("current_establishment")
        .order_by("last_name_latin", "last_name_ar", "id")
    )
    return JsonResponse(picked(rows, beneficiary_label))


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.export")
def beneficiary_export(request):
    """Confirm the export of the current search (how many people, that each one's access
    history will show it), then have the task worker prepare the spreadsheet."""
    if request.method == "POST":
        export = services.queue_export(actor=request.user, query=request.GET.urlencode())
        return redirect("beneficiaries:export_detail", code=export.code)
    form, rows = queries.listed(request.user, request.GET, "beneficiary.export")
    context = {
        "filters": _active_filters(form),
        "count": rows.count(),
        "recent": ExportFile.objects.visible_to(request.user).filter(
            kind=ExportFile.Kind.BENEFICIARIES
        )[:5],
        "keep_hours": settings.SANAD_EXPORT_KEEP_HOURS,
    }
    return render(request, "beneficiaries/export_confirm.html", context)


def _active_filters(form) -> list[tuple[str, str]]:
    """(label, value as the user chose it) for each filter in use."""
    if not form.is_valid():
        return []
    shown = []
    for name, value in form.cleaned_data.items():
        if value:
            field = form.fields[name]
            if type(field) is forms.ChoiceField:  # a code: show its label
                value = dict(field.choices).get(value, value)
            shown.append((field.label, str(value)))
    return shown


@require_GET
@capability_required("beneficiary.export")
def export_detail(request, code):
    return show_export(request, code, ExportFile.Kind.BENEFICIARIES)


@require_GET
@capability_required("beneficiary.export")
def export_download(request, code):
    return send_export(request, code, ExportFile.Kind.BENEFICIARIES)


# Per kind of export: its download, where to prepare it again, where to go back to.
EXPORT_LINKS = {
    ExportFile.Kind.BENEFICIARIES: (
        "beneficiaries:export_download",
        "beneficiaries:beneficiary_export",
        ("beneficiaries:beneficiary_list", gettext_lazy("Back to the list")),
    ),
    ExportFile.Kind.ANALYSIS: (
        "reports:extract_download",
        "reports:extract",
        ("reports:dashboard", gettext_lazy("Back to the reports")),
    ),
}


def show_export(request, code, kind):
    """A prepared spreadsheet of `kind`, for the person who asked for it: its progress
    while the worker writes it (the page refreshes itself), then its download link until it
    expires."""
    export = get_object_or_404(ExportFile.objects.visible_to(request.user), code=code, kind=kind)
    download, again, (back, back_label) = EXPORT_LINKS[kind]
    context = {"export": export, "download": download, "again": again, "back": back}
    return render(request, "beneficiaries/export_detail.html", context | {"back_label": back_label})


def send_export(request, code, kind):
    """The prepared spreadsheet itself, for the person who asked for it, until it expires.
    Audited (services.record_download)."""
    export = get_object_or_404(ExportFile.objects.visible_to(request.user), code=code, kind=kind)
    if not export.downloadable:
        raise Http404
    services.record_download(actor=request.user, export=export)
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=str(export), content_type=XLSX
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.create")
def beneficiary_create(request):
    """Register a detainee identified by the user's organisation."""
    organisation = acting_organisation(request, "beneficiary.create", kind="partner_cso")
    if organisation is None:
        refusal = _("Only members of a partner CSO register beneficiaries.")
        messages.error(request, acting_refusal(request, refusal))
        return redirect("beneficiaries:beneficiary_list")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        beneficiary, _flagged = services.register_beneficiary(
            actor=request.user,
            organisation=organisation,
            identity=form.identity(),
            needs=form.cleaned_data["needs"],
            placement=form.placement(),
            legal_status=form.legal_status_record(),
            consent=form.consent(),
        )
        # The same words whether or not a possible duplicate was found: telling the CSO
        # would confirm that another organisation follows this person.
        messages.success(
            request,
            _(
                "The beneficiary was registered. The coordinator checks every new registration "
                "for duplicates across the network."
            ),
        )
        return redirect("beneficiaries:beneficiary_detail", code=beneficiary.code)
    return render(
        request, "beneficiaries/beneficiary_form.html", {"form": form, "organisation": organisation}
    )


@require_GET
@capability_required("beneficiary.view")
def beneficiary_detail(request, code):
    """The identity page, whose every view is audited."""
    beneficiary = _visible(request, code)
    services.record_view(actor=request.user, beneficiary=beneficiary)
    may = allowed(
        request.user,
        beneficiary,
        "beneficiary.edit",
        "beneficiary.validate",
        "beneficiary.view_details",
        "beneficiary.share",
        "handover.propose",
    )
    can_edit = "beneficiary.edit" in may
    validator = "beneficiary.validate" in may
    details = "beneficiary.view_details" in may
    transitions = services.TRANSITIONS[beneficiary.status]
    can_validate = validator and Status.VALIDATED in transitions
    consents = list(beneficiary.consents.select_related("collected_by"))
    return render(
        request,
        "beneficiaries/beneficiary_detail.html",
        {
            "beneficiary": beneficiary,
            "needs": beneficiary.needs.all(),
            "placements": beneficiary.placements.select_related("establishment"),
            "legal_statuses": beneficiary.legal_statuses.all(),
            "consents": consents,
            # The relatives' badge says "may be contacted" only when a contact would be
            # accepted (families/services.may_contact): their agreement and the person's.
            "family_contact_allowed": not beneficiary.processing_restricted
            and any(c.kind == ConsentKind.FAMILY_CONTACT and c.is_active for c in consents),
            "relatives": beneficiary.relatives.all(),
            # Every CSO that has followed the person, in order: the chain of handovers.
            "followings": beneficiary.followings.select_related("organisation").order_by(
                "since", "id"
            ),
            "timeline": beneficiary.status_changes.select_related("actor"),
            "can_edit": can_edit,
            "can_see_consents": details,
            "can_see_details": details and not beneficiary.processing_restricted,
            "can_share": "beneficiary.share" in may,
            "can_propose": "handover.propose" in may,
            "outside_area": queries.followers_outside(beneficiary)
            if "handover.propose" in may
            else [],
            "can_see_access": has_capability(request.user, "audit.view"),
            "can_validate": can_validate,
            "can_reject": validator and Status.REJECTED in transitions,
            "can_assist": can_edit and Status.ASSISTED in transitions,
            "can_close": can_edit and Status.CLOSED in transitions,
            # Shown only to whoever may validate the record now: nobody else pays its queries.
            "eligibility": services.eligibility_problems(beneficiary) if can_validate else [],
            "status_form": StatusForm(),
            "duplicates": DuplicateFlag.objects.visible_to(request.user).filter(
                beneficiary=beneficiary, status=DuplicateStatus.OPEN
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def beneficiary_edit(request, code):
    beneficiary = _visible(request, code, "beneficiary.edit")
    form = IdentityForm(request.POST or None, instance=beneficiary)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_beneficiary(
                actor=request.user,
                beneficiary=Beneficiary.objects.get(pk=beneficiary.pk),
                expected_version=form.expected_version,
                identity=form.identity(),
                needs=form.cleaned_data["needs"],
            )
        except EditConflict as error:
            conflict = form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("beneficiaries:beneficiary_detail", code=beneficiary.code)
    return render(
        request,
        "beneficiaries/beneficiary_form.html",
        {"form": form, "beneficiary": beneficiary, "conflict": conflict},
    )


@require_POST
@capability_required("beneficiary.edit")
def beneficiary_status(request, code):
    """Change the workflow status; validation and rejection are the coordinator's."""
    beneficiary = _visible(request, code, "beneficiary.edit")
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise Http404
    to_status = form.cleaned_data["to_status"]
    needed = (
        "beneficiary.validate"
        if to_status in (Status.VALIDATED, Status.REJECTED)
        else ("beneficiary.edit")
    )
    if not permits(request.user, needed, beneficiary):
        raise PermissionDenied
    try:
        services.change_status(
            actor=request.user,
            beneficiary=beneficiary,
            to_status=to_status,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status was changed."))
    return redirect("beneficiaries:beneficiary_detail", code=beneficiary.code)


def _sub_form(request, code, form_class, title, save, capability="beneficiary.edit"):
    """A small form about one beneficiary: render, validate, call `save`, go back."""
    beneficiary = _visible(request, code, capability)
    form = form_class(request.POST or None, request.FILES or None)
    return form_step(
        request,
        form,
        save=lambda: save(beneficiary, form),
        done_url=reverse("beneficiaries:beneficiary_detail", args=[beneficiary.code]),
        template="beneficiaries/beneficiary_subform.html",
        context={"beneficiary": beneficiary, "title": title},
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def placement_create(request, code):
    def save(beneficiary, form):
        services.add_placement(actor=request.user, beneficiary=beneficiary, **form.cleaned_data)

    return _sub_form(request, code, PlacementForm, _("Transfer or new placement"), save)


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def legal_status_create(request, code):
    def save(beneficiary, form):
        services.record_legal_status(
            actor=request.user, beneficiary=beneficiary, **form.cleaned_data
        )

    return _sub_form(request, code, LegalStatusForm, _("New legal status"), save)


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def consent_create(request, code):
    def save(beneficiary, form):
        services.add_consent(actor=request.user, beneficiary=beneficiary, values=form.cleaned_data)

    return _sub_form(request, code, ConsentForm, _("Record a consent"), save)


def _visible_consent(request, code, capability) -> Consent:
    return get_object_or_404(
        Consent.objects.visible_to(request.user, capability).select_related("beneficiary"),
        code=code,
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def consent_withdraw(request, code):
    """Confirm, then record a consent's withdrawal."""
    consent = _visible_consent(request, code, "beneficiary.edit")
    form = WithdrawConsentForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and consent.is_active:
        services.withdraw_consent(
            actor=request.user,
            consent=consent,
            on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The withdrawal was recorded."))
        return redirect("beneficiaries:beneficiary_detail", code=consent.beneficiary.code)
    return render(
        request, "beneficiaries/consent_withdraw.html", {"form": form, "consent": consent}
    )


@require_GET
@capability_required("beneficiary.view")
def consent_document(request, code):
    """The signed consent form, only through this checked and audited view."""
    consent = _visible_consent(request, code, "beneficiary.view_details")
    if not consent.document:
        raise Http404
    services.record_view(actor=request.user, beneficiary=consent.beneficiary)
    extension = consent.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        consent.document.open("rb"),
        as_attachment=True,
        filename=f"consent-{consent.kind}-{consent.given_on}.{extension}",
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.edit")
def relative_edit(request, code, relative_code=None):
    beneficiary = _visible(request, code, "beneficiary.edit")
    relative = (
        get_object_or_404(
            Relative.objects.visible_to(request.user, "beneficiary.edit"),
            beneficiary=beneficiary,
            code=relative_code,
        )
        if relative_code
        else None
    )
    form = RelativeForm(request.POST or None, instance=relative)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_relative(
                actor=request.user,
                beneficiary=beneficiary,
                relative=Relative.objects.get(pk=relative.pk) if relative else None,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("beneficiaries:beneficiary_detail", code=beneficiary.code)
    return render(
        request,
        "beneficiaries/beneficiary_subform.html",
        {
            "form": form,
            "beneficiary": beneficiary,
            "title": _("Edit the relative") if relative else _("Add a relative"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.share")
def beneficiary_share(request, code):
    def save(beneficiary, form):
        services.share_with(actor=request.user, beneficiary=beneficiary, **form.cleaned_data)

    title = _("Share or transfer the follow-up")
    return _sub_form(request, code, ShareForm, title, save, "beneficiary.share")


@require_GET
@capability_required("beneficiary.merge")
def duplicate_list(request):
    flags = DuplicateFlag.objects.visible_to(request.user).select_related(
        "beneficiary__identified_by", "candidate__identified_by"
    )
    status = request.GET.get("status", DuplicateStatus.OPEN)
    if status in DuplicateStatus.values:
        flags = flags.filter(status=status)
    return render(
        request,
        "beneficiaries/duplicate_list.html",
        {"page": paginate(request, flags), "status": status, "statuses": DuplicateStatus.choices},
    )


@require_http_methods(["GET", "POST"])
@capability_required("beneficiary.merge")
def duplicate_resolve(request, code):
    """Compare both records side by side, then merge them or mark them distinct."""
    flag = get_object_or_404(
        DuplicateFlag.objects.visible_to(request.user).select_related("beneficiary", "candidate"),
        code=code,
        status=DuplicateStatus.OPEN,
    )
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("merge", "distinct"):
            messages.error(request, _("Choose to merge the records or to keep them apart."))
        else:
            kept = services.resolve_duplicate(
                actor=request.user, flag=flag, merge=decision == "merge"
            )
            messages.success(request, _("The decision was recorded."))
            return redirect("beneficiaries:beneficiary_detail", code=kept.code)
    return render(
        request,
        "beneficiaries/duplicate_resolve.html",
        {"flag": flag, "pair": [flag.beneficiary, flag.candidate]},
    )
