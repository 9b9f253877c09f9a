"""The shared library: guides, templates, legal texts, training materials and briefs, read
by the network (the public ones by anyone) and kept by the coordinator."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.lib.pagination import paginate
from sanad.lib.uploads import file_download
from sanad.lib.views import versioned_save
from sanad.library import queries, services
from sanad.library.forms import ResourceFilterForm, ResourceForm, VersionForm
from sanad.library.models import Kind, Resource
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required, public


@public
@require_GET
def resource_list(request):
    """The resources this person may see (the public ones when signed out), searched."""
    form = ResourceFilterForm(request.GET or None)
    rows = Resource.objects.visible_to(request.user)
    rows = queries.searched(rows, form.cleaned_data if form.is_valid() else {})
    return render(
        request,
        "library/resource_list.html",
        {
            "form": form,
            "page": paginate(
                request, rows.prefetch_related(*queries.LABELS).order_by("-updated_at", "pk")
            ),
            "can_manage": has_capability(request.user, "library.manage"),
        },
    )


@public
@require_GET
def resource_detail(request, code):
    resource = get_object_or_404(Resource.objects.visible_to(request.user), code=code)
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "versions": resource.versions.select_related("created_by"),
            "can_manage": has_capability(request.user, "library.manage"),
        },
    )


@public
@require_GET
def version_file(request, code, number, language):
    """A version's file in `language`, for those who may see the resource."""
    resource = get_object_or_404(Resource.objects.visible_to(request.user), code=code)
    version = get_object_or_404(resource.versions, number=number)
    stored = version.stored(language) if language in ("fr", "ar") else None
    if stored is None:
        raise Http404
    return file_download(stored)


@require_http_methods(["GET", "POST"])
@capability_required("library.manage")
def resource_edit(request, code=None):
    """Add a resource with its first version, or change its description and tags."""
    resource = Resource()
    if code:
        resource = get_object_or_404(
            Resource.objects.visible_to(request.user, "library.manage"), code=code
        )
    form = ResourceForm(request.POST or None, instance=resource)
    first = None
    if not code:
        letter = request.method == "GET" or request.POST.get("kind") == Kind.TEMPLATE
        first = VersionForm(
            request.POST or None, request.FILES or None, letter=letter, prefix="first",
            initial={"changes": _("First version")},
        )  # fmt: skip
    saved, conflict = None, None
    if first is None or first.is_valid():
        saved, conflict = versioned_save(
            request,
            form,
            lambda values, version: services.save_resource(
                actor=request.user,
                resource=Resource.objects.get(pk=resource.pk) if code else Resource(),
                values=values,
                expected_version=version,
                first=first.cleaned_data if first else None,
            ),
        )
    if saved:
        return redirect("library:resource_detail", saved.code)
    return render(
        request,
        "library/resource_form.html",
        {
            "form": form,
            "first": first,
            "resource": resource if code else None,
            "conflict": conflict,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("library.manage")
def version_add(request, code):
    """Upload a new version with what changed; earlier versions stay downloadable."""
    resource = get_object_or_404(
        Resource.objects.visible_to(request.user, "library.manage"), code=code
    )
    form = VersionForm(
        request.POST or None, request.FILES or None, letter=resource.kind == Kind.TEMPLATE
    )
    if request.method == "POST" and form.is_valid():
        version = services.add_version(
            actor=request.user, resource=resource, values=form.cleaned_data
        )
        messages.success(request, _("Version %(number)s was added.") % {"number": version.number})
        return redirect("library:resource_detail", resource.code)
    return render(request, "library/version_form.html", {"form": form, "resource": resource})
