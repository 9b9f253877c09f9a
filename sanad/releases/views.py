"""Who leaves prison soon: each person's expected release with how it is known, the
people whose date cannot be known yet, and what the CSO records about it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sanad.beneficiaries.models import Beneficiary
from sanad.lib.pagination import paginate
from sanad.lib.text import fold
from sanad.lib.views import versioned_save
from sanad.network.access import permits
from sanad.network.decorators import capability_required
from sanad.releases import services
from sanad.releases.expected import estimate
from sanad.releases.forms import ReleaseFilterForm, ReleaseForm
from sanad.releases.models import Basis, ExpectedRelease


def _unsaved(person) -> ExpectedRelease:
    """The estimate for a person Sanad has not computed yet (no case nor placement), shown
    without being stored: a page read writes nothing."""
    found = estimate(person)
    missing = [str(key) for key in found.missing]
    return ExpectedRelease(
        beneficiary=person, on=found.on, source=found.source, basis=found.basis, missing=missing
    )


@require_GET
@capability_required("release.view")
def release_list(request):
    """Releases expected in the next SANAD_RELEASE_WINDOW_DAYS days, soonest first; with
    `?view=missing`, the detained people whose date cannot be known, and why."""
    form = ReleaseFilterForm(request.GET or None)
    missing = request.GET.get("view") == "missing"
    today = timezone.localdate()
    window = settings.SANAD_RELEASE_WINDOW_DAYS
    rows = ExpectedRelease.objects.visible_to(request.user)
    if missing:
        detained = Beneficiary.objects.filter(placements__ended_on__isnull=True)
        rows = rows.filter(basis=Basis.MISSING, beneficiary__in=detained.values("pk"))
    else:
        rows = rows.filter(on__range=(today, today + timedelta(days=window)))
    if form.is_valid():
        for word in fold(form.cleaned_data["q"]).split():
            rows = rows.filter(beneficiary__search_text__contains=word)
        if source := form.cleaned_data["source"]:
            rows = rows.filter(source=source)
    rows = rows.select_related("beneficiary__current_establishment")
    return render(
        request,
        "releases/release_list.html",
        {
            "form": form,
            "missing": missing,
            "window": window,
            "page": paginate(request, rows.order_by("on", "id")),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("release.view")
def release_detail(request, code):
    """A person's expected release, how it is known or what is missing, and the CSO's record
    of it (a date from the prison registry, remissions granted)."""
    person = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "release.view"), code=code
    )
    release = ExpectedRelease.objects.filter(beneficiary=person).first()
    shown = release or _unsaved(person)
    can_edit = permits(request.user, "release.edit", person) and release is not None
    form = ReleaseForm(request.POST or None, instance=release) if can_edit else None
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    saved, conflict = (None, None) if form is None else versioned_save(
        request,
        form,
        lambda values, version: services.record_release(
            actor=request.user,
            release=ExpectedRelease.objects.get(pk=release.pk),
            values=values,
            expected_version=version,
        ),
    )  # fmt: skip
    if saved:
        return redirect("releases:release_detail", person.code)
    return render(
        request,
        "releases/release_detail.html",
        {"person": person, "release": shown, "form": form, "conflict": conflict},
    )
