from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.lib.widgets import picked
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required
from sanad.reference.forms import (
    CourtFilterForm,
    CourtForm,
    EstablishmentFilterForm,
    EstablishmentForm,
    HolidayFilterForm,
    PublicHolidayForm,
)
from sanad.reference.models import Court, Establishment, PublicHoliday
from sanad.reference.services import save_reference


def _names(q: str):
    return Q(name_fr__icontains=q) | Q(name_ar__icontains=q)


@require_http_methods(["GET"])
@capability_required("reference.view")
def establishment_list(request):
    form = EstablishmentFilterForm(request.GET or None)
    rows = Establishment.objects.visible_to(request.user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"].strip():
            rows = rows.filter(_names(q) | Q(city__icontains=q))
        if data["region"]:
            rows = rows.filter(region=data["region"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["state"]:
            open_ids = Establishment.objects.open_on(timezone.localdate()).values("id")
            rows = (
                rows.filter(id__in=open_ids)
                if data["state"] == "open"
                else rows.exclude(id__in=open_ids)
            )
    return _list(request, "reference/establishment_list.html", form, rows)


@require_http_methods(["GET"])
@capability_required("reference.view")
def court_list(request):
    form = CourtFilterForm(request.GET or None)
    rows = Court.objects.visible_to(request.user).select_related("region", "appeal_court")
    if form.is_valid() and (q := form.cleaned_data["q"].strip()):
        rows = rows.filter(_names(q) | Q(city__icontains=q))
    return _list(request, "reference/court_list.html", form, rows)


@require_http_methods(["GET"])
@capability_required("reference.view")
def court_pick(request):
    """The court picker's answer (hearings): up to 20 courts whose French or Arabic name
    holds every word typed, as JSON."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse(picked())
    rows = Court.objects.visible_to(request.user)
    for word in q.split():
        rows = rows.filter(_names(word))
    return JsonResponse(picked(rows.order_by("kind", "name_fr")))


@require_http_methods(["GET"])
@capability_required("reference.view")
def holiday_list(request):
    form = HolidayFilterForm(request.GET or None)
    rows = PublicHoliday.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            rows = rows.filter(date__year=data["year"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["verified"]:
            rows = rows.filter(verified=data["verified"] == "1")
    return _list(request, "reference/holiday_list.html", form, rows)


def _list(request, template, form, rows):
    return render(
        request,
        template,
        {
            "form": form,
            "page": paginate(request, rows),
            "can_edit": has_capability(request.user, "reference.edit"),
            "can_see_conditions": has_capability(request.user, "visit.establishments"),
        },
    )


def _edit(request, form_class, instance, list_url):
    """Create or edit one reference record with a version check; keeps input on conflict."""
    form = form_class(request.POST or None, instance=instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save_reference(
                actor=request.user,
                instance=type(instance).objects.get(pk=instance.pk) if instance.pk else instance,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            conflict = form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(list_url)
    return render(
        request,
        "reference/reference_form.html",
        {"form": form, "instance": instance, "conflict": conflict, "list_url": list_url},
    )


@require_http_methods(["GET", "POST"])
@capability_required("reference.edit")
def establishment_edit(request, code=None):
    instance = (
        get_object_or_404(Establishment.objects.visible_to(request.user), code=code)
        if code
        else Establishment()
    )
    return _edit(request, EstablishmentForm, instance, "reference:establishment_list")


@require_http_methods(["GET", "POST"])
@capability_required("reference.edit")
def court_edit(request, code=None):
    instance = (
        get_object_or_404(Court.objects.visible_to(request.user), code=code) if code else Court()
    )
    return _edit(request, CourtForm, instance, "reference:court_list")


@require_http_methods(["GET", "POST"])
@capability_required("reference.edit")
def holiday_edit(request, code=None):
    instance = (
        get_object_or_404(PublicHoliday.objects.visible_to(request.user), code=code)
        if code
        else PublicHoliday()
    )
    return _edit(request, PublicHolidayForm, instance, "reference:holiday_list")
