from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from sanad.accounts.forms import ProfileForm
from sanad.audit.services import diff, record
from sanad.network.access import roles
from sanad.network.decorators import public, signed_in
from sanad.network.models import Membership


@require_http_methods(["GET"])
@signed_in
def home(request):
    """The start page: the person's organisations and roles, and what they can do from here."""
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("organisation")
    )
    return render(
        request, "accounts/home.html", {"memberships": memberships, "roles": roles(request.user)}
    )


@require_http_methods(["GET", "POST"])
@signed_in
def profile(request):
    """The person's own name and language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = diff(request.user.__class__.objects.get(pk=request.user.pk), form.cleaned_data)
        form.save()
        if changes:
            record(
                actor=request.user,
                action="user.updated",
                target=request.user,
                label=request.user.email,
                changes=changes,
            )
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
@public
def set_language(request):
    """The language switcher: Django's cookie, plus the signed-in person's preference."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = dict(settings.LANGUAGES)
    if user.is_authenticated and language in known and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
@public
def healthz(request):
    """200 when the database answers, 503 otherwise. No detail is given out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 (any database failure means unhealthy)
        return JsonResponse({"status": "unavailable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET", "HEAD"])
@public
def favicon(request):
    """The icon browsers ask for on their own at /favicon.ico, from the static files."""
    return redirect(static("favicon.svg"), permanent=True)
