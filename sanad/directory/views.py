"""The network's directory: who covers an establishment, a need or a region, among the
partner CSOs (their own profiles) and the outside actors the coordinator keeps."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from sanad.directory import queries, services
from sanad.directory.forms import ActorFilterForm, CoverageFilterForm, ExternalActorForm
from sanad.directory.models import ExternalActor
from sanad.lib.pagination import paginate
from sanad.lib.pdf import html_to_pdf
from sanad.lib.views import versioned_save
from sanad.network.access import has_capability, permits
from sanad.network.decorators import capability_required


def _searched(form, rows):
    return queries.covering(rows, form.cleaned_data if form.is_valid() else {})


@require_GET
@capability_required("directory.view")
def partner_list(request):
    """Partner CSOs matching the search, with what each covers and offers."""
    form = CoverageFilterForm(request.GET or None)
    rows = _searched(form, queries.partners(request.user)).prefetch_related(*queries.LABELS)
    return render(
        request,
        "directory/partner_list.html",
        {"form": form, "page": paginate(request, rows.order_by("name_fr", "pk"))},
    )


@require_GET
@capability_required("directory.view")
def partner_detail(request, code):
    partner = get_object_or_404(
        queries.partners(request.user).select_related("focal_point"), code=code
    )
    return render(
        request,
        "directory/partner_detail.html",
        {
            "partner": partner,
            "can_edit": permits(request.user, "organisation.edit", partner),
            "regions": partner.regions.all(),
            "establishments": partner.establishments.all(),
        },
    )


@require_GET
@capability_required("directory.view")
def directory_pdf(request):
    """The printable directory (partners, then outside actors) in French or Arabic."""
    language = request.GET.get("language", translation.get_language())
    language = language if language in ("fr", "ar") else "fr"
    with translation.override(language):
        html = render_to_string(
            "directory/directory_pdf.html",
            {
                "partners": queries.partners(request.user)
                .prefetch_related(*queries.LABELS, "regions")
                .order_by("name_fr"),
                "actors": queries.actors(request.user)
                .select_related("region")
                .prefetch_related(*queries.LABELS)
                .order_by("kind", "name_fr"),
                "language": language,
                "rtl": language == "ar",
                "today": timezone.localdate(),
            },
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sanad-directory-{language}.pdf"'
    return response


@require_GET
@capability_required("directory.view")
def actor_list(request):
    """Outside actors (bar associations, consulates, regional directions…) matching the
    search; the coordinator also sees those no longer listed."""
    form = ActorFilterForm(request.GET or None)
    can_manage = has_capability(request.user, "directory.external")
    rows = ExternalActor.objects.visible_to(request.user)
    if not can_manage:
        rows = rows.filter(is_active=True)
    rows = _searched(form, rows).select_related("region").prefetch_related(*queries.LABELS)
    return render(
        request,
        "directory/actor_list.html",
        {
            "form": form,
            "page": paginate(request, rows.order_by("name_fr", "pk")),
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("directory.external")
def actor_edit(request, code=None):
    """Add an outside actor or change one (a version check keeps two edits apart)."""
    external = ExternalActor()
    if code:
        external = get_object_or_404(
            ExternalActor.objects.visible_to(request.user, "directory.external"), code=code
        )
    form = ExternalActorForm(request.POST or None, instance=external)
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.save_actor(
            actor=request.user,
            # A fresh copy: validating the form already wrote the typed values on `external`.
            external=ExternalActor.objects.get(pk=external.pk) if code else ExternalActor(),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("directory:actor_list")
    return render(
        request,
        "directory/actor_form.html",
        {"form": form, "external": external if code else None, "conflict": conflict},
    )
