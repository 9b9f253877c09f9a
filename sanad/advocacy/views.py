"""The advocacy page (recommendations by addressee and status, with the figures they cite)
and the multi-actor dialogue events they come from."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.advocacy import services
from sanad.advocacy.figures import supporting
from sanad.advocacy.forms import EventForm, RecommendationFilterForm, RecommendationForm, StatusForm
from sanad.advocacy.models import Addressee, DialogueEvent, Recommendation, Status
from sanad.lib.pagination import paginate
from sanad.lib.views import versioned_save
from sanad.library.models import Kind, Resource
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required
from sanad.reports.presentation import threshold


def _recommendation(request, code, capability="advocacy.view") -> Recommendation:
    rows = Recommendation.objects.visible_to(request.user, capability)
    return get_object_or_404(rows.select_related("event", "brief"), code=code)


def _event(request, code, capability="advocacy.view") -> DialogueEvent:
    return get_object_or_404(DialogueEvent.objects.visible_to(request.user, capability), code=code)


@require_GET
@capability_required("advocacy.view")
def recommendation_list(request):
    """Recommendations by addressee and status, searched; a table counts them."""
    form = RecommendationFilterForm(request.GET or None)
    rows = Recommendation.objects.visible_to(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            rows = rows.filter(Q(text_fr__icontains=q) | Q(text_ar__icontains=q))
        for name in ("addressee", "status"):
            if value := form.cleaned_data[name]:
                rows = rows.filter(**{name: value})
    counts = {
        (row["addressee"], row["status"]): row["n"]
        for row in Recommendation.objects.visible_to(request.user)
        .values("addressee", "status")
        .annotate(n=Count("pk"))
    }
    table = [
        (label, [counts.get((key, status), 0) for status in Status.values])
        for key, label in Addressee.choices
        if any(a == key for a, _s in counts)
    ]
    return render(
        request,
        "advocacy/recommendation_list.html",
        {
            "form": form,
            "page": paginate(
                request, rows.select_related("event").order_by("addressee", "-status_on", "-id")
            ),
            "table": table,
            "statuses": Status.choices,
            "can_manage": has_capability(request.user, "advocacy.manage"),
        },
    )


@require_GET
@capability_required("advocacy.view")
def recommendation_detail(request, code):
    recommendation = _recommendation(request, code)
    period, figures = supporting(recommendation)
    brief = recommendation.brief
    if brief and not Resource.objects.visible_to(request.user).filter(pk=brief.pk).exists():
        brief = None
    return render(
        request,
        "advocacy/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "updates": recommendation.updates.select_related("recorded_by"),
            "period": period,
            "figures": figures,
            "k": threshold(),
            "establishments": recommendation.establishments.order_by("name_fr"),
            "sees_conditions": has_capability(request.user, "report.conditions"),
            "brief": brief,
            "can_manage": has_capability(request.user, "advocacy.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("advocacy.manage")
def recommendation_edit(request, code=None):
    """Write down a recommendation (who it is addressed to, the figures it cites), or
    change one; its status moves only with dated evidence."""
    recommendation = _recommendation(request, code, "advocacy.manage") if code else Recommendation()
    form = RecommendationForm(
        request.POST or None,
        instance=recommendation,
        events=DialogueEvent.objects.visible_to(request.user, "advocacy.manage"),
        briefs=Resource.objects.visible_to(request.user).filter(kind=Kind.BRIEF),
    )
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.save_recommendation(
            actor=request.user,
            recommendation=Recommendation.objects.get(pk=recommendation.pk)
            if code
            else Recommendation(),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("advocacy:recommendation_detail", saved.code)
    return render(
        request,
        "advocacy/recommendation_form.html",
        {"form": form, "recommendation": recommendation if code else None, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@capability_required("advocacy.manage")
def status_add(request, code):
    """Move a recommendation to a status on a date, with the evidence for it."""
    recommendation = _recommendation(request, code, "advocacy.manage")
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_status(
            actor=request.user, recommendation=recommendation, values=form.cleaned_data
        )
        messages.success(request, _("The status was recorded."))
        return redirect("advocacy:recommendation_detail", recommendation.code)
    return render(
        request,
        "advocacy/status_form.html",
        {"form": form, "recommendation": recommendation},
    )


@require_GET
@capability_required("advocacy.view")
def event_list(request):
    rows = DialogueEvent.objects.visible_to(request.user).annotate(
        recommendations_made=Count("recommendations")
    )
    if q := request.GET.get("q", "").strip():
        rows = rows.filter(Q(title_fr__icontains=q) | Q(title_ar__icontains=q))
    return render(
        request,
        "advocacy/event_list.html",
        {
            "page": paginate(request, rows.order_by("-held_on", "-id")),
            "q": q,
            "can_manage": has_capability(request.user, "advocacy.manage"),
        },
    )


@require_GET
@capability_required("advocacy.view")
def event_detail(request, code):
    event = _event(request, code)
    return render(
        request,
        "advocacy/event_detail.html",
        {
            "event": event,
            "organisations": event.organisations.all(),
            "actors": event.actors.all(),
            "recommendations": event.recommendations.all(),
            "can_manage": has_capability(request.user, "advocacy.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("advocacy.manage")
def event_edit(request, code=None):
    """Record a round table: who took part (by institution), its minutes."""
    event = _event(request, code, "advocacy.manage") if code else DialogueEvent()
    form = EventForm(request.POST or None, instance=event)
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.save_event(
            actor=request.user,
            event=DialogueEvent.objects.get(pk=event.pk) if code else DialogueEvent(),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("advocacy:event_detail", saved.code)
    return render(
        request,
        "advocacy/event_form.html",
        {"form": form, "event": event if code else None, "conflict": conflict},
    )
