from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanad.beneficiaries.models import Beneficiary, Relative
from sanad.families import queries, services
from sanad.families.forms import (
    ContactEditForm,
    ContactForm,
    SessionForm,
    relative_label,
)
from sanad.families.models import AwarenessSession, FamilyContact
from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.lib.widgets import picked
from sanad.network.access import has_capability
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required


def _organisation(request):
    return acting_organisation(request, "family.record", kind="partner_cso")


@require_GET
@capability_required("family.view")
def contact_list(request):
    """Contacts with families of the user's organisation, the latest first, found by words
    of the detainee's (either script) or the relative's name and filtered by kind and
    period; below them, the awareness sessions."""
    form, contacts = queries.listed(request.user, request.GET)
    return render(
        request,
        "families/contact_list.html",
        {
            "form": form,
            "page": paginate(request, contacts),
            "sessions": AwarenessSession.objects.visible_to(request.user)[:20],
            "can_record": has_capability(request.user, "family.record"),
        },
    )


@require_GET
@capability_required("family.record")
def relative_pick(request):
    """The relative picker's answer: up to 20 relatives of people the user may see whose
    name, or whose detainee's name, contains every word typed, as JSON."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse(picked())
    relatives = Relative.objects.filter(
        beneficiary__in=Beneficiary.objects.visible_to(request.user)
    ).select_related("beneficiary")
    relatives = queries.matching_names(relatives, q, "name")
    return JsonResponse(picked(relatives.order_by("name", "id"), relative_label, "code"))


@require_http_methods(["GET", "POST"])
@capability_required("family.record")
def contact_create(request):
    """Record a contact with a relative; refused when the consents are missing."""
    organisation = _organisation(request)
    if organisation is None:
        refusal = _("Only a partner CSO records family work.")
        messages.error(request, acting_refusal(request, refusal))
        return redirect("families:contact_list")
    form = ContactForm(
        request.POST or None,
        user=request.user,
        organisation=organisation,
        initial={"relative": request.GET.get("relative")},
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "relative"}
        try:
            services.record_contact(
                actor=request.user,
                organisation=organisation,
                relative=form.cleaned_data["relative"],
                values=values,
            )
        except ValidationError as error:
            form.add_error("relative", error)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect("families:contact_list")
    return render(
        request,
        "families/family_form.html",
        {"form": form, "title": _("Record a contact with a family")},
    )


@require_http_methods(["GET", "POST"])
@capability_required("family.record")
def contact_edit(request, code):
    """Correct or complete a contact already recorded (version-checked)."""
    contacts = FamilyContact.objects.visible_to(request.user, "family.record")
    contact = get_object_or_404(contacts.select_related("relative", "beneficiary"), code=code)
    form = ContactEditForm(request.POST or None, instance=FamilyContact.objects.get(pk=contact.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(
                actor=request.user,
                contact=contact,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as conflict:
            form.report_conflict(conflict)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("beneficiaries:beneficiary_detail", code=contact.beneficiary.code)
    title = _("Contact with %(name)s") % {"name": contact.relative.name}
    return render(request, "families/family_form.html", {"form": form, "title": title})


@require_http_methods(["GET", "POST"])
@capability_required("family.record")
def session_edit(request, code=None):
    organisation = _organisation(request)
    if organisation is None:
        refusal = _("Only a partner CSO records family work.")
        messages.error(request, acting_refusal(request, refusal))
        return redirect("families:contact_list")
    sessions = AwarenessSession.objects.visible_to(request.user, "family.record")
    session = get_object_or_404(sessions, code=code) if code else None
    organisation = session.organisation if session else organisation
    form = SessionForm(
        request.POST or None, instance=session, user=request.user, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "families"}
        services.save_session(
            actor=request.user,
            organisation=organisation,
            session=session,
            values=values,
            families=form.cleaned_data["families"],
        )
        messages.success(request, _("The session was saved."))
        return redirect("families:contact_list")
    return render(
        request, "families/family_form.html", {"form": form, "title": _("Awareness session")}
    )
