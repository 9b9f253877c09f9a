from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.lib.concurrency import EditConflict
from sanad.lib.forms import plausible_date
from sanad.lib.pagination import paginate
from sanad.lib.widgets import picked
from sanad.network.access import has_capability, permits, reach
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required
from sanad.network.models import Organisation
from sanad.reference.models import Establishment
from sanad.visits import queries, services
from sanad.visits.forms import (
    PlanForm,
    report_forms,
    visit_label,
)
from sanad.visits.models import FollowUpAction, Observation, Visit, VisitDraft
from sanad.visits.taxonomy import Category, Severity


def _organisation(request) -> Organisation | None:
    """The partner CSO in whose name the user reports visits."""
    return acting_organisation(request, "visit.report", kind="partner_cso")


def _visible(request, code, capability="visit.view") -> Visit:
    visits = Visit.objects.visible_to(request.user, capability)
    return get_object_or_404(visits.select_related("establishment", "organisation"), code=code)


@require_GET
@capability_required("visit.view_dates")
def visit_list(request):
    """Planned and past visits; a lawyer sees only the dates of visits to their clients."""
    form, visits = queries.listed(request.user, request.GET)
    return render(
        request,
        "visits/visit_list.html",
        {
            "form": form,
            "page": paginate(request, visits),
            "full": reach(request.user, "visit.view").anywhere,
            "can_report": has_capability(request.user, "visit.report"),
        },
    )


PICK_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _typed_day(text: str) -> date | None:
    """The day `text` writes, day first as Morocco does (or ISO), else None."""
    for pattern in PICK_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    return None


@require_GET
@capability_required("visit.view")
def visit_pick(request):
    """The visit picker's answer (expense claims): up to 20 visits the user may see, newest
    first, on the day typed or at an establishment whose name (either script) contains every
    word typed, as JSON."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse(picked())
    visits = Visit.objects.visible_to(request.user).newest_first().select_related("establishment")
    if day := _typed_day(q):
        visits = visits.filter(day=day)
    else:
        for word in q.split():
            visits = visits.filter(
                Q(establishment__name_fr__icontains=word)
                | Q(establishment__name_ar__icontains=word)
            )
    return JsonResponse(picked(visits, visit_label))


@require_http_methods(["GET", "POST"])
@capability_required("visit.report")
def visit_plan(request, code=None):
    """Plan a visit and follow its permit (requested, granted, refused)."""
    visit = _visible(request, code, "visit.report") if code else None
    organisation = visit.organisation if visit else _organisation(request)
    if organisation is None:
        messages.error(request, acting_refusal(request, _("Only a partner CSO plans visits.")))
        return redirect("visits:visit_list")
    form = PlanForm(
        request.POST or None,
        instance=visit,
        user=request.user,
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.values().items() if k != "beneficiaries"}
        if visit:
            try:
                services.update_plan(
                    actor=request.user,
                    visit=Visit.objects.get(pk=visit.pk),
                    values=values,
                    beneficiaries=form.cleaned_data["beneficiaries"],
                    expected_version=form.expected_version,
                )
            except EditConflict as error:
                form.report_conflict(error)
                return render(request, "visits/visit_plan.html", {"form": form, "visit": visit})
        else:
            visit = services.plan_visit(
                actor=request.user,
                organisation=organisation,
                values=values,
                beneficiaries=form.cleaned_data["beneficiaries"],
            )
        messages.success(request, _("The visit was planned."))
        return redirect("visits:visit_detail", code=visit.code)
    return render(request, "visits/visit_plan.html", {"form": form, "visit": visit})


@require_http_methods(["GET", "POST"])
@capability_required("visit.report")
def visit_cancel(request, code):
    visit = _visible(request, code, "visit.report")
    if request.method == "POST" and visit.state == Visit.State.PLANNED:
        services.cancel_visit(actor=request.user, visit=visit)
        messages.success(request, _("The visit was cancelled."))
        return redirect("visits:visit_list")
    return render(request, "visits/visit_cancel.html", {"visit": visit})


@require_http_methods(["GET", "POST"])
@capability_required("visit.report")
def visit_report(request, code=None):
    """The visit report, fit for a phone. What is typed is saved as a draft as it is typed;
    a failed submission keeps every field and can be sent again."""
    visit = _visible(request, code, "visit.report") if code else None
    organisation = visit.organisation if visit else _organisation(request)
    if organisation is None:
        messages.error(request, acting_refusal(request, _("Only a partner CSO reports visits.")))
        return redirect("visits:visit_list")
    key = str(visit.code) if visit else "new"
    draft = VisitDraft.objects.filter(user=request.user, key=key).first()
    report, observations, actions = report_forms(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisation=organisation,
        visit=visit,
        source=draft.data if draft else None,
    )
    if request.method == "POST":
        # Every row is validated (no short-circuit) so that each shows its own errors.
        valid = report.is_valid() & all([f.is_valid() for f in observations + actions])  # noqa: C419
        if valid:
            values = {k: v for k, v in report.cleaned_data.items() if k != "beneficiaries"}
            try:
                visit = services.submit_report(
                    actor=request.user,
                    organisation=organisation,
                    visit=visit,
                    values=values,
                    beneficiaries=report.cleaned_data["beneficiaries"],
                    observations=[f.cleaned_data for f in observations if not f.is_empty()],
                    actions=[f.cleaned_data for f in actions if not f.is_empty()],
                    draft_key=key,
                )
            except ValidationError as error:
                report.add_error(None, error)
            else:
                messages.success(request, _("The visit report was saved."))
                return redirect("visits:visit_detail", code=visit.code)
        services.save_draft(user=request.user, key=key, data=dict(request.POST.lists()))
    return render(
        request,
        "visits/visit_report.html",
        {
            "form": report,
            "observations": observations,
            "actions": actions,
            "visit": visit,
            "draft_key": key,
            "draft": draft,
        },
    )


@require_POST
@capability_required("visit.report")
def visit_draft(request, key):
    """Autosave (htmx): keep what has been typed into report `key` so far."""
    if key != "new":
        _visible(request, key, "visit.report")
    fields = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    draft = services.save_draft(user=request.user, key=key, data=fields)
    saved_at = formats.time_format(timezone.localtime(draft.updated_at), "H:i")
    return HttpResponse(_("Draft saved at %(time)s") % {"time": saved_at})


@require_GET
@capability_required("visit.view")
def visit_detail(request, code):
    visit = _visible(request, code)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "beneficiaries": visit.beneficiaries.all(),
            "observations": visit.observations.all(),
            "actions": visit.actions.select_related("owner"),
            "can_report": permits(request.user, "visit.report", visit),
            # Its observations become complaints of the organisation that made the visit.
            "can_complain": _complains_for(request.user, visit),
        },
    )


def _complains_for(user, visit) -> bool:
    where = reach(user, "complaint.handle")
    return where.network or visit.organisation_id in where.organisations


@require_GET
@capability_required("visit.view")
def action_list(request):
    """Follow-up actions, overdue first; `?all=1` shows the done ones too."""
    actions = FollowUpAction.objects.visible_to(request.user).select_related(
        "visit__organisation", "owner"
    )
    if not request.GET.get("all"):
        actions = actions.filter(done_on__isnull=True)
    return render(
        request,
        "visits/action_list.html",
        {
            "page": paginate(request, actions.order_by("done_on", "due_on")),
            "today": timezone.localdate(),
            "overdue": FollowUpAction.objects.visible_to(request.user).overdue().count(),
            "can_report": has_capability(request.user, "visit.report"),
        },
    )


@require_POST
@capability_required("visit.report")
def action_done(request, code):
    actions = FollowUpAction.objects.visible_to(request.user, "visit.report")
    action = get_object_or_404(actions, code=code)
    services.complete_action(actor=request.user, action=action)
    messages.success(request, _("The action was marked as done."))
    return redirect(request.POST.get("next") or "visits:action_list")


@require_GET
@capability_required("visit.establishments")
def establishment_summary(request, code):
    """What the network has observed in one establishment: counts by category and severity,
    then the observations over time, urgent first."""
    establishment = get_object_or_404(Establishment.objects.visible_to(request.user), code=code)
    observations = Observation.objects.visible_to(request.user).filter(
        visit__establishment=establishment
    )
    counts = {
        (row["category"], row["severity"]): row["n"]
        for row in observations.values("category", "severity").annotate(n=Count("id"))
    }
    table = [
        (label, [counts.get((category, severity), 0) for severity in Severity.values])
        for category, label in Category.choices
    ]
    return render(
        request,
        "visits/establishment_summary.html",
        {
            "establishment": establishment,
            "table": table,
            "severities": Severity.choices,
            "page": paginate(
                request, observations.select_related("visit").order_by("-visit__visited_on", "-id")
            ),
            "visit_count": Visit.objects.visible_to(request.user)
            .filter(establishment=establishment, state=Visit.State.DONE)
            .count(),
            "urgent": sum(n for (_c, severity), n in counts.items() if severity == Severity.URGENT),
        },
    )


@require_GET
@capability_required("visit.view")
def visit_calendar(request):
    """Planned visits of the next eight weeks (or from `?start=YYYY-MM-DD`), week by week."""
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        plausible_date(start)
    except (ValueError, ValidationError):
        start = timezone.localdate()
    start -= timedelta(days=start.weekday())
    end = start + timedelta(weeks=8)
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(state=Visit.State.PLANNED, planned_on__gte=start, planned_on__lt=end)
        .select_related("establishment", "organisation")
        .order_by("planned_on")
    )
    weeks = []
    for n in range(8):
        monday = start + timedelta(weeks=n)
        days = [(monday + timedelta(days=d), []) for d in range(7)]
        weeks.append(days)
    for visit in visits:
        offset = (visit.planned_on - start).days
        weeks[offset // 7][offset % 7][1].append(visit)
    return render(
        request,
        "visits/visit_calendar.html",
        {
            "weeks": weeks,
            "previous": start - timedelta(weeks=8),
            "next": end,
            "today": timezone.localdate(),
        },
    )
