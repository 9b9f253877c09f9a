from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.audit.services import record
from sanad.complaints import queries, services
from sanad.complaints.figures import figures
from sanad.complaints.forms import (
    AnswerForm,
    CloseForm,
    ComplaintForm,
    PeriodForm,
    QualifyForm,
    ReferralForm,
)
from sanad.complaints.models import Category, Complaint, Referral
from sanad.legal.models import LegalCase
from sanad.lib.pagination import paginate
from sanad.lib.pdf import html_to_pdf
from sanad.lib.views import form_step
from sanad.network.access import has_capability, permits, reach
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required
from sanad.visits.models import Observation


def _complaint(request, code, capability="complaint.view") -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(request.user, capability).select_related(
            "organisation", "establishment", "beneficiary", "handled_by"
        ),
        code=code,
    )


def _organisation(request):
    """The organisation receiving complaints in the user's name: their CSO, or the
    coordinating NGO for coordinators."""
    return acting_organisation(request, "complaint.handle")


@require_GET
@capability_required("complaint.view")
def complaint_list(request):
    form, complaints = queries.listed(request.user, request.GET)
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "form": form,
            "page": paginate(request, complaints),
            "can_handle": has_capability(request.user, "complaint.handle"),
            "can_see_figures": has_capability(request.user, "complaint.figures"),
            "overdue": services.overdue_referrals()
            .filter(complaint__in=Complaint.objects.visible_to(request.user))
            .count(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("complaint.handle")
def complaint_create(request, observation_code=None):
    """Receive a complaint; from an urgent observation, it comes pre-filled."""
    organisation = _organisation(request)
    if organisation is None:
        refusal = _("Only a partner CSO or the coordinator receives complaints.")
        messages.error(request, acting_refusal(request, refusal))
        return redirect("complaints:complaint_list")
    initial = {}
    observation = None
    if observation_code:
        observation = get_object_or_404(
            _observations_of(request.user, organisation), code=observation_code
        )
        visit = observation.visit
        initial = {
            "channel": Complaint.Channel.VISIT,
            "complainant": Complaint.Complainant.CSO,
            "establishment": visit.establishment,
            "urgent": True,
            "beneficiary": visit.beneficiaries.first(),
            "description": observation.text,
            "category": _category_for(observation.category),
            "received_on": visit.visited_on,
        }
    form = ComplaintForm(
        request.POST or None, user=request.user, organisation=organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        complaint = services.receive(
            actor=request.user,
            organisation=organisation,
            values=form.cleaned_data | {"observation": observation},
        )
        messages.success(request, _("The complaint was recorded."))
        return redirect("complaints:complaint_detail", code=complaint.code)
    return render(
        request, "complaints/complaint_form.html", {"form": form, "observation": observation}
    )


def _observations_of(user, organisation):
    """Observations `user` may turn into a complaint of `organisation`: its own visits'
    (any, for the coordinator), never another CSO's in its name."""
    observations = Observation.objects.visible_to(user)
    if reach(user, "complaint.handle").network:
        return observations
    return observations.filter(visit__organisation=organisation)


def _category_for(observation_category: str) -> str:
    return {
        "treatment": Category.ILL_TREATMENT,
        "health": Category.HEALTH_CARE,
        "material": Category.CONDITIONS,
        "regime": Category.REHABILITATION,
        "contact": Category.TRANSFER,
    }.get(observation_category, Category.OTHER)


@require_GET
@capability_required("complaint.view")
def complaint_detail(request, code):
    complaint = _complaint(request, code)
    can_handle = permits(request.user, "complaint.handle", complaint)
    # Its case and the observation it came from, each shown only to who may open it.
    case = LegalCase.objects.visible_to(request.user).filter(pk=complaint.legal_case_id).first()
    observation = (
        Observation.objects.visible_to(request.user)
        .select_related("visit__establishment")
        .filter(pk=complaint.observation_id)
        .first()
    )
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "case": case,
            "observation": observation,
            "referrals": complaint.referrals.all(),
            "can_handle": can_handle,
            "show_contact": can_handle,
        },
    )


def _step(request, complaint, form, title, save, **extra):
    return form_step(
        request,
        form,
        save=save,
        done_url=reverse("complaints:complaint_detail", args=[complaint.code]),
        template="complaints/complaint_step.html",
        context={"complaint": complaint, "title": title, **extra},
    )


@require_http_methods(["GET", "POST"])
@capability_required("complaint.handle")
def complaint_qualify(request, code):
    complaint = _complaint(request, code, "complaint.handle")
    form = QualifyForm(
        request.POST or None,
        initial={
            "category": complaint.category,
            "sub_category": complaint.sub_category,
            "urgent": complaint.urgent,
        },
    )
    return _step(
        request,
        complaint,
        form,
        _("Qualify the complaint"),
        lambda: services.qualify(actor=request.user, complaint=complaint, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@capability_required("complaint.handle")
def complaint_refer(request, code):
    """Write the referral letter (filled from the complaint, without the complainant's
    identity unless they agreed), then record it as sent."""
    complaint = _complaint(request, code, "complaint.handle")
    language = (
        request.GET.get("language", "fr") if request.GET.get("language") in ("fr", "ar") else "fr"
    )
    authority = request.GET.get("authority", Referral.Authority.DGAPR)
    labels = dict(Referral.Authority.choices)
    with translation.override(language):
        authority_label = str(labels.get(authority, labels[Referral.Authority.DGAPR]))
    form = ReferralForm(
        request.POST or None,
        initial={
            "authority": authority,
            "language": language,
            "sent_on": timezone.localdate(),
            "channel": "letter",
            "letter_text": services.letter_text(complaint, authority_label, language),
        },
    )
    return _step(
        request,
        complaint,
        form,
        _("Refer to an authority"),
        lambda: services.refer(actor=request.user, complaint=complaint, values=form.cleaned_data),
        # The letter is drafted in one language: switching redrafts it (a GET, nothing lost
        # but the draft's own edits, which the page says).
        letter_languages=[("fr", "Français"), ("ar", "العربية")],
        letter_language=language,
        authority=authority,
    )


@require_GET
@capability_required("complaint.handle")
def referral_letter(request, code):
    """The referral letter as PDF, exactly as recorded. Audited."""
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user, "complaint.handle").select_related(
            "complaint__organisation"
        ),
        code=code,
    )
    with translation.override(referral.language):
        html = render_to_string(
            "complaints/letters/letter.html",
            {"referral": referral, "rtl": referral.language == "ar"},
        )
    record(
        actor=request.user,
        action="complaint.letter_downloaded",
        target=referral.complaint,
        organisation=referral.complaint.organisation,
        label=str(referral.complaint),
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.code}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@capability_required("complaint.handle")
def referral_answer(request, code):
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user, "complaint.handle").select_related("complaint"),
        code=code,
    )
    form = AnswerForm(request.POST or None, request.FILES or None, instance=referral)
    return _step(
        request,
        referral.complaint,
        form,
        _("Record the answer"),
        lambda: services.record_answer(
            actor=request.user, referral=referral, values=form.cleaned_data
        ),
    )


@require_http_methods(["GET", "POST"])
@capability_required("complaint.handle")
def complaint_close(request, code):
    complaint = _complaint(request, code, "complaint.handle")
    form = CloseForm(request.POST or None)
    return _step(
        request,
        complaint,
        form,
        _("Close the complaint"),
        lambda: services.close(actor=request.user, complaint=complaint, **form.cleaned_data),
    )


@require_GET
@capability_required("complaint.figures")
def complaint_figures(request):
    """Counts by category, establishment, region and month; time to answer; share resolved."""
    form = PeriodForm(request.GET or None)
    complaints = Complaint.objects.visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data["since"]:
            complaints = complaints.filter(received_on__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            complaints = complaints.filter(received_on__lte=form.cleaned_data["until"])
    result = figures(complaints)
    labels = dict(Category.choices)
    result["by_category"] = [
        row | {"label": labels.get(row["category"], row["category"])}
        for row in result["by_category"]
    ]
    return render(request, "complaints/complaint_figures.html", {"form": form, "figures": result})
