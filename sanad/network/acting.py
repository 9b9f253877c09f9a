"""The organisation a person acts for: chosen explicitly by people with several memberships,
shown on every page, and the one new records are created for."""

from django.utils.translation import gettext as _

from sanad.network.access import (
    MemberOrganisation,
    acting_organisation_id,
    member_organisation_ids,
    member_organisations,
    scoped_organisation_ids,
)
from sanad.network.models import Organisation


def acting_organisation(request, capability: str, kind: str | None = None) -> Organisation | None:
    """The organisation in whose name `request.user` uses `capability` now, or None when they
    act for none yet, or for one that does not grant it (or is not of `kind`)."""
    org_id = acting_organisation_id(request)
    if org_id is None or org_id not in scoped_organisation_ids(request.user, capability):
        return None
    organisations = Organisation.objects.filter(pk=org_id)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.first()


def acting_refusal(request, fallback: str) -> str:
    """Why no organisation can be acted for here: a choice to make first, the chosen one
    unable to do this, or `fallback` (the page's own reason) for a single membership."""
    orgs = member_organisation_ids(request.user)
    if len(orgs) > 1:
        current = acting_organisation_id(request)
        if current is None:
            return _(
                "You belong to several organisations: choose the one you act for at the top "
                "of the page, then try again."
            )
        name = next(o.name for o in member_organisations(request.user) if o.id == current)
        return _(
            "You act for %(organisation)s, which cannot do this. Choose another organisation "
            "at the top of the page if you act for it."
        ) % {"organisation": name}
    return fallback


def acting_choices(request) -> tuple[MemberOrganisation | None, list[MemberOrganisation]]:
    """(the organisation acted for now, every organisation the person may act for)."""
    orgs = member_organisations(request.user)
    current = acting_organisation_id(request)
    return next((o for o in orgs if o.id == current), None), orgs
