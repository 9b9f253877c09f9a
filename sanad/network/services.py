"""Writes to organisations, memberships and invitations, each with its audit event."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanad.audit.services import diff, record
from sanad.lib.concurrency import save_if_unchanged
from sanad.lib.mail import send_templated_email
from sanad.network.access import (
    ACTING_SESSION_KEY,
    MemberOrganisation,
    has_capability,
    member_organisations,
    network_wide_capabilities,
)
from sanad.network.models import Invitation, Membership, Notification, Organisation
from sanad.network.roles import CSO_INVITABLE_ROLES

M2M_FIELDS = ("fields_of_action", "regions", "establishments", "services", "languages")


def _split(values: dict) -> tuple[dict, dict]:
    plain = {k: v for k, v in values.items() if k not in M2M_FIELDS}
    return plain, {k: v for k, v in values.items() if k in M2M_FIELDS}


@transaction.atomic
def create_organisation(*, actor, values: dict) -> Organisation:
    """Create an organisation (admins). Audited as `organisation.created`."""
    plain, related = _split(values)
    organisation = Organisation.objects.create(**plain)
    for field, items in related.items():
        getattr(organisation, field).set(items)
    record(
        actor=actor,
        action="organisation.created",
        target=organisation,
        organisation=organisation,
        changes=diff(Organisation(), values),
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, actor, organisation: Organisation, expected_version: int, values: dict
) -> Organisation:
    """Save an edit of `organisation` started at `expected_version`.

    Raises EditConflict when someone saved in between. Audited as `organisation.updated`
    with the changed fields; an edit that changes nothing writes nothing."""
    changes = diff(organisation, values)
    if not changes:
        return organisation
    save_if_unchanged(organisation, expected_version=expected_version, values=values)
    record(
        actor=actor,
        action="organisation.updated",
        target=organisation,
        organisation=organisation,
        changes=changes,
    )
    return organisation


def invitable_roles(user, organisation: Organisation) -> list[str]:
    """Roles `user` may give in `organisation`: any for network-wide managers (admins), CSO
    roles in their own organisation for focal points, none otherwise."""
    if "member.manage" in network_wide_capabilities(user):
        return [choice for choice, _label in Membership._meta.get_field("role").choices]
    if has_capability(user, "member.manage", organisation):
        return sorted(CSO_INVITABLE_ROLES)
    return []


@transaction.atomic
def invite_member(
    *, actor, organisation: Organisation, email: str, role: str, full_name: str, language: str
) -> Invitation:
    """Invite `email` into `organisation` with `role`, e-mailing an expiring link.

    Refuses (PermissionDenied) a role `actor` may not give there, and (ValidationError) a
    person who is already an active member. Audited as `invitation.sent`."""
    if role not in invitable_roles(actor, organisation):
        raise PermissionDenied
    return _invite(
        actor=actor,
        organisation=organisation,
        email=email,
        role=role,
        full_name=full_name,
        language=language,
    )


@transaction.atomic
def invite_selected_focal_point(*, actor, organisation, email: str, full_name: str, language):
    """Invite the focal point of a CSO the selection committee chose (the committee's
    decision, taken by a holder of `call.decide`, is the authority) as `cso_manager`; on
    joining they become its focal point. Audited as `invitation.sent`."""
    return _invite(
        actor=actor,
        organisation=organisation,
        email=email,
        role="cso_manager",
        full_name=full_name,
        language=language,
        focal_point=True,
    )


def _invite(
    *, actor, organisation, email, role, full_name, language, focal_point=False
) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, is_active=True
    ).exists():
        raise ValidationError(_("This person is already an active member of the organisation."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        token_hash=Invitation.hash_token(token),
        email=email,
        full_name=full_name,
        organisation=organisation,
        role=role,
        focal_point=focal_point,
        language=language,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.SANAD_INVITATION_DAYS),
    )
    send_templated_email(
        to=email,
        language=language,
        template="network/email/invitation",
        context={
            "invitation": invitation,
            "inviter": actor,
            "link": settings.SITE_URL + reverse("network:invitation_accept", args=[token]),
        },
    )
    record(
        actor=actor,
        action="invitation.sent",
        target=invitation,
        organisation=organisation,
        changes={"email": [None, email], "role": [None, role]},
    )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation behind a link's secret, or None (unknown, used, expired)."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable else None


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, password: str | None = None, full_name: str = "", user=None
) -> Membership:
    """Turn an invitation into an active membership.

    A new person gives a password (already validated by the form) and a user is created; a
    person who already has an account must be signed in as the invited address (`user`).
    Audited as `invitation.accepted` and `membership.created` (or `membership.reactivated`)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    User = get_user_model()
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("Sign in with this address to accept the invitation."))
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name or invitation.full_name,
            preferred_language=invitation.language,
        )
        record(actor=user, action="user.created", target=user, label=user.email)
    elif user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role},
    )
    changes = {"role": [None if created else membership.role, invitation.role]}
    if not created:
        membership.role = invitation.role
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["role", "is_active", "deactivated_at"])
    record(
        actor=user,
        action="invitation.accepted",
        target=invitation,
        organisation=invitation.organisation,
    )
    if invitation.focal_point:
        _become_focal_point(user, invitation.organisation)
    record(
        actor=user,
        action="membership.created" if created else "membership.reactivated",
        target=membership,
        organisation=invitation.organisation,
        changes=changes,
    )
    return membership


def _become_focal_point(user, organisation) -> None:
    old = organisation.focal_point
    organisation.focal_point = user
    organisation.save(update_fields=["focal_point"])
    record(
        actor=user,
        action="organisation.updated",
        target=organisation,
        organisation=organisation,
        changes={"focal_point": [str(old) if old else None, str(user)]},
    )


@transaction.atomic
def revoke_invitation(*, actor, invitation: Invitation) -> None:
    """Make a pending invitation's link unusable. Audited as `invitation.revoked`."""
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="invitation.revoked",
        target=invitation,
        organisation=invitation.organisation,
    )


@transaction.atomic
def set_membership_active(*, actor, membership: Membership, active: bool) -> None:
    """Deactivate or reactivate a membership (never deleted). A person cannot deactivate
    their own membership, so an organisation is never left without its manager by mistake.
    Audited as `membership.deactivated` / `membership.reactivated`."""
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot change your own membership."))
    if membership.is_active == active:
        return
    membership.is_active = active
    membership.deactivated_at = None if active else timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    record(
        actor=actor,
        action="membership.reactivated" if active else "membership.deactivated",
        target=membership,
        organisation=membership.organisation,
        label=f"{membership.user.email} — {membership.organisation.name_fr}",
        changes={"is_active": [not active, active]},
    )


def coordinators():
    """Active people holding the coordinator role in the coordinating organisation."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role="coordinator",
            memberships__organisation__kind="coordinator",
        )
        .distinct()
    )


def administrators():
    """Active platform administrators (the admin role in the coordinating organisation)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role="admin",
            memberships__organisation__kind="coordinator",
        )
        .distinct()
    )


def notify(
    *, users, message, params: dict, link: str, email_template: str = "", context=None
) -> None:
    """Leave an in-app notification for each of `users`, worded in their language
    (`message` is a lazy translatable string, or plural through `ngettext_lazy`, with
    %-placeholders filled from `params`), and,
    with `email_template`, e-mail them too through the task worker."""
    for user in users:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            text = str(message % params)  # a lazy ngettext picks its form from `params`
        Notification.objects.create(user=user, text=text[:300], link=link)
        if email_template:
            send_templated_email(
                to=user.email,
                language=user.preferred_language,
                template=email_template,
                context={"user": user, "link": settings.SITE_URL + link, **(context or {})},
            )


def act_for(*, actor, session, organisation_code) -> MemberOrganisation:
    """Make `actor` act for one of their own organisations for the rest of `session`;
    anything else is refused. Audited, so a record's history shows in whose name it was made."""
    chosen = next(
        (o for o in member_organisations(actor) if str(o.code) == str(organisation_code)), None
    )
    if chosen is None:
        raise ValidationError(_("You are not a member of this organisation."))
    session[ACTING_SESSION_KEY] = chosen.id
    record(
        actor=actor,
        action="membership.acting_for",
        organisation=Organisation(pk=chosen.id),
        label=chosen.name_fr,
    )
    return chosen
