from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.network import services
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required, public, signed_in
from sanad.network.forms import (
    AcceptInvitationForm,
    InvitationForm,
    MemberFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from sanad.network.models import Invitation, Membership, Notification, Organisation


@require_http_methods(["GET"])
@capability_required("organisation.view")
def organisation_list(request):
    """Organisations the user may see (all for coordinating staff, else their own)."""
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.visible_to(request.user).for_list()
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            organisations = organisations.filter(
                Q(name_fr__icontains=q)
                | Q(name_ar__icontains=q)
                | Q(acronym__icontains=q)
                | Q(city__icontains=q)
            )
        if kind := form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=kind)
        if status := form.cleaned_data["status"]:
            organisations = organisations.filter(status=status)
    return render(
        request,
        "network/organisation_list.html",
        {
            "form": form,
            "page": paginate(request, organisations),
            "can_create": has_capability(request.user, "organisation.create"),
        },
    )


@require_http_methods(["GET"])
@capability_required("organisation.view")
def organisation_detail(request, code):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), code=code)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": has_capability(request.user, "organisation.edit", organisation),
            "can_see_members": has_capability(request.user, "member.view", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("organisation.create")
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(actor=request.user, values=form.values())
        messages.success(request, _("The organisation was created."))
        return redirect("network:organisation_detail", code=organisation.code)
    return render(request, "network/organisation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@capability_required("organisation.edit")
def organisation_edit(request, code):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), code=code)
    if not has_capability(request.user, "organisation.edit", organisation):
        raise PermissionDenied
    restrict = not has_capability(request.user, "organisation.create")
    form = OrganisationForm(request.POST or None, instance=organisation, restrict_status=restrict)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=request.user,
                organisation=Organisation.objects.get(pk=organisation.pk),
                expected_version=form.expected_version,
                values=form.values(),
            )
        except EditConflict as error:
            conflict = form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("network:organisation_detail", code=organisation.code)
    return render(
        request,
        "network/organisation_form.html",
        {"form": form, "organisation": organisation, "conflict": conflict},
    )


@require_http_methods(["GET"])
@capability_required("member.view")
def member_list(request, code):
    """Members and pending invitations of one organisation the user may see members of."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), code=code)
    if not has_capability(request.user, "member.view", organisation):
        raise PermissionDenied
    form = MemberFilterForm(request.GET or None)
    members = Membership.objects.visible_to(request.user).filter(organisation=organisation)
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            members = members.filter(Q(user__email__icontains=q) | Q(user__full_name__icontains=q))
        if role := form.cleaned_data["role"]:
            members = members.filter(role=role)
        if active := form.cleaned_data["active"]:
            members = members.filter(is_active=active == "1")
    can_manage = has_capability(request.user, "member.manage", organisation)
    return render(
        request,
        "network/member_list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": paginate(request, members.for_list()),
            "invitations": organisation.invitations.pending().select_related("invited_by")
            if can_manage
            else [],
            "can_manage": can_manage,
        },
    )


def _managed_organisation(request, code) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), code=code)
    if not has_capability(request.user, "member.manage", organisation):
        raise PermissionDenied
    return organisation


@require_http_methods(["GET", "POST"])
@capability_required("member.manage")
def member_invite(request, code):
    organisation = _managed_organisation(request, code)
    roles = services.invitable_roles(request.user, organisation)
    form = InvitationForm(
        request.POST or None, roles=roles, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("network:member_list", code=organisation.code)
    return render(
        request, "network/member_invite.html", {"organisation": organisation, "form": form}
    )


@require_http_methods(["GET", "POST"])
@capability_required("member.manage")
def membership_toggle(request, code):
    """Confirm (GET) then deactivate or reactivate (POST) a membership the user manages."""
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("user", "organisation"),
        code=code,
    )
    _managed_organisation(request, membership.organisation.code)
    if request.method == "POST":
        try:
            services.set_membership_active(
                actor=request.user, membership=membership, active=not membership.is_active
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The membership was updated."))
        return redirect("network:member_list", code=membership.organisation.code)
    return render(request, "network/membership_confirm.html", {"membership": membership})


@require_http_methods(["GET", "POST"])
@capability_required("member.manage")
def invitation_revoke(request, code):
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).pending().select_related("organisation"),
        code=code,
    )
    _managed_organisation(request, invitation.organisation.code)
    if request.method == "POST":
        services.revoke_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation was revoked."))
        return redirect("network:member_list", code=invitation.organisation.code)
    return render(request, "network/invitation_revoke.html", {"invitation": invitation})


@require_http_methods(["GET", "POST"])
@public
def invitation_accept(request, token):
    """Public: the link's secret is the credential. Unknown, used and expired links all get
    the same page, so links cannot be probed."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "network/invitation_invalid.html", status=404)
    signed_in = request.user.is_authenticated
    if signed_in and request.user.email.lower() != invitation.email.lower():
        return render(request, "network/invitation_wrong_account.html", {"invitation": invitation})
    if not signed_in and get_user_model().objects.filter(email__iexact=invitation.email).exists():
        return render(request, "network/invitation_sign_in.html", {"invitation": invitation})
    form = None if signed_in else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.accept_invitation(
                invitation=invitation,
                password=form.cleaned_data["password1"] if form else None,
                full_name=form.cleaned_data["full_name"] if form else "",
                user=request.user if signed_in else None,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("account_login")
        if not signed_in:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to %(organisation)s on Sanad.") % {"organisation": membership.organisation},
        )
        return redirect("home")
    return render(
        request, "network/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@require_http_methods(["GET", "POST"])
@signed_in
def notification_list(request):
    """The person's own notifications; POST marks them all as read."""
    notifications = Notification.objects.visible_to(request.user)
    if request.method == "POST":
        notifications.unread().update(read_at=timezone.now())
        return redirect("network:notification_list")
    return render(
        request, "network/notification_list.html", {"page": paginate(request, notifications)}
    )


@require_POST
@signed_in
def act_for(request):
    """Switch the organisation the person acts for (the header's form), then go back."""
    try:
        chosen = services.act_for(
            actor=request.user,
            session=request.session,
            organisation_code=request.POST.get("organisation", ""),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("You now act for %(organisation)s.") % {"organisation": chosen.name}
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)
