from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.queries import linkable
from sanad.legal import queries, services
from sanad.legal.forms import (
    CaseForm,
    DecisionForm,
    DocumentForm,
    HearingForm,
    HearingOutcomeForm,
    MandateForm,
    NotificationForm,
    RemedyForm,
    RemedyUpdateForm,
    WaiveForm,
    case_label,
)
from sanad.legal.models import (
    CaseDocument,
    Deadline,
    Decision,
    Hearing,
    LawyerMandate,
    LegalCase,
    Remedy,
)
from sanad.legal.screening import screens
from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.lib.views import form_step
from sanad.lib.widgets import picked
from sanad.network.access import allowed
from sanad.network.decorators import capability_required


def _case(request, code, capability="case.view") -> LegalCase:
    return get_object_or_404(
        LegalCase.objects.visible_to(request.user, capability).select_related(
            "beneficiary__identified_by", "court"
        ),
        code=code,
    )


def _child(request, model, code, capability="case.view"):
    """A hearing, decision, remedy, deadline, mandate or document of a case `request.user`
    may use `capability` on (its model scopes it through the case)."""
    rows = model.objects.visible_to(request.user, capability)
    return get_object_or_404(rows.select_related("case__beneficiary__identified_by"), code=code)


@require_GET
@capability_required("case.view")
def case_list(request):
    """Cases the user may see (a lawyer: only their own), searchable and filtered."""
    form, cases = queries.listed(request.user, request.GET)
    return render(request, "legal/case_list.html", {"form": form, "page": paginate(request, cases)})


@require_GET
@capability_required("case.view")
def case_pick(request):
    """The case picker's answer (complaint intake): up to 20 cases the user may see matching
    what was typed, as JSON."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse(picked())
    people = linkable(request, Beneficiary.objects.visible_to(request.user))
    cases = LegalCase.objects.visible_to(request.user).filter(beneficiary__in=people)
    cases = queries.search(cases, q).select_related("beneficiary")
    return JsonResponse(picked(cases.order_by("-opened_on", "-id"), case_label))


@require_http_methods(["GET", "POST"])
@capability_required("case.create")
def case_create(request, beneficiary_code):
    beneficiary = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "case.create"), code=beneficiary_code
    )
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.open_case(actor=request.user, beneficiary=beneficiary, values=form.values())
        messages.success(request, _("The case file was opened."))
        return redirect("legal:case_detail", code=case.code)
    return render(request, "legal/case_form.html", {"form": form, "beneficiary": beneficiary})


@require_GET
@capability_required("case.view")
def case_detail(request, code):
    case = _case(request, code)
    decisions = list(case.decisions.all())
    may = allowed(request.user, case, "case.edit", "case.assign", "case.record")
    return render(
        request,
        "legal/case_detail.html",
        {
            "case": case,
            "mandates": case.mandates.filter(active=True).select_related("lawyer"),
            "hearings": case.hearings.select_related("court"),
            "decisions": decisions,
            "deadlines": case.deadlines.select_related("rule", "decision", "met_by"),
            "remedies": case.remedies.all(),
            "documents": case.documents.all(),
            "screens": screens(case, decisions),
            "can_edit": "case.edit" in may,
            "can_assign": "case.assign" in may,
            "can_record": "case.record" in may,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.edit")
def case_edit(request, code):
    case = _case(request, code, "case.edit")
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(
                actor=request.user,
                case=LegalCase.objects.get(pk=case.pk),
                expected_version=form.expected_version,
                values=form.values(),
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("legal:case_detail", code=case.code)
    return render(
        request,
        "legal/case_form.html",
        {"form": form, "case": case, "beneficiary": case.beneficiary},
    )


def _step(request, case, form, title, save, confirm=""):
    """A form about one case: render it, or on a valid POST call `save` and go back."""
    return form_step(
        request,
        form,
        save=save,
        done_url=reverse("legal:case_detail", args=[case.code]),
        template="legal/case_step.html",
        context={"case": case, "title": title, "confirm": confirm},
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.assign")
def mandate_create(request, code):
    case = _case(request, code, "case.assign")
    form = MandateForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    return _step(
        request,
        case,
        form,
        _("Assign a lawyer"),
        lambda: services.assign_lawyer(actor=request.user, case=case, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.assign")
def mandate_end(request, code):
    mandate = _child(request, LawyerMandate, code, "case.assign")
    if request.method == "POST":
        services.end_mandate(actor=request.user, mandate=mandate)
        messages.success(request, _("The mandate was ended."))
        return redirect("legal:case_detail", code=mandate.case.code)
    return render(
        request,
        "legal/case_step.html",
        {
            "case": mandate.case,
            "form": None,
            "title": _("End the mandate?"),
            "confirm": _("%(lawyer)s will no longer see this case.") % {"lawyer": mandate.lawyer},
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def hearing_create(request, code):
    case = _case(request, code, "case.record")
    form = HearingForm(request.POST or None, initial={"court": case.current_court})
    return _step(
        request,
        case,
        form,
        _("Schedule a hearing"),
        lambda: services.schedule_hearing(actor=request.user, case=case, values=form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def hearing_outcome(request, code):
    hearing = _child(request, Hearing, code, "case.record")
    form = HearingOutcomeForm(request.POST or None)
    return _step(
        request,
        hearing.case,
        form,
        _("Outcome of the hearing"),
        lambda: services.record_hearing_outcome(
            actor=request.user, hearing=hearing, **form.cleaned_data
        ),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def decision_create(request, code):
    case = _case(request, code, "case.record")
    form = DecisionForm(request.POST or None)
    return _step(
        request,
        case,
        form,
        _("Record a decision"),
        lambda: services.record_decision(actor=request.user, case=case, values=form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def decision_notify(request, code):
    decision = _child(request, Decision, code, "case.record")
    form = NotificationForm(request.POST or None)
    return _step(
        request,
        decision.case,
        form,
        _("Date of notification"),
        lambda: services.record_notification(
            actor=request.user, decision=decision, **form.cleaned_data
        ),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def remedy_create(request, code):
    case = _case(request, code, "case.record")
    form = RemedyForm(request.POST or None)
    return _step(
        request,
        case,
        form,
        _("Record a remedy or request"),
        lambda: services.file_remedy(actor=request.user, case=case, values=form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def remedy_update(request, code):
    remedy = _child(request, Remedy, code, "case.record")
    form = RemedyUpdateForm(
        request.POST or None, initial={"status": remedy.status, "outcome": remedy.outcome}
    )
    return _step(
        request,
        remedy.case,
        form,
        _("Outcome of the remedy"),
        lambda: services.update_remedy(actor=request.user, remedy=remedy, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def deadline_waive(request, code):
    deadline = _child(request, Deadline, code, "case.record")
    if deadline.status != Deadline.Status.OPEN:
        raise PermissionDenied
    form = WaiveForm(request.POST or None)
    return _step(
        request,
        deadline.case,
        form,
        _("Waive the deadline"),
        lambda: services.waive_deadline(actor=request.user, deadline=deadline, **form.cleaned_data),
        confirm=_("A waived deadline disappears from everyone's list."),
    )


@require_http_methods(["GET", "POST"])
@capability_required("case.record")
def document_upload(request, code):
    case = _case(request, code, "case.record")
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _step(
        request,
        case,
        form,
        _("Add a document"),
        lambda: services.add_document(
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
    )


@require_GET
@capability_required("case.view")
def document_download(request, code):
    """Case documents leave only through this view: scoped, audited, as attachments."""
    document = _child(request, CaseDocument, code)
    services.record_document_read(actor=request.user, document=document)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
