"""Access helpers: what a signed-in person may do, computed once per request from memberships.

Deny by default: anonymous and inactive people hold no capability, and superusers get no
bypass (a superuser without a membership sees no casework)."""

from sanad.network.roles import CAPABILITIES

# The kind of the coordinating organisation; roles held there act network-wide.
COORDINATING_KIND = "coordinator"


def _grants(user) -> list[tuple[str, int, bool]]:
    """(role, organisation id, network-wide?) for each active membership, cached on `user`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sanad_grants", None)
    if cached is None:
        rows = user.memberships.filter(is_active=True).values_list(
            "role", "organisation_id", "organisation__kind", "organisation__status"
        )
        cached = [
            (role, org_id, kind == COORDINATING_KIND)
            for role, org_id, kind, status in rows
            if status != "suspended" or kind == COORDINATING_KIND
        ]
        user._sanad_grants = cached
    return cached


def roles(user) -> set[str]:
    """The roles `user` holds in any organisation."""
    return {role for role, _org, _wide in _grants(user)}


def network_wide_capabilities(user) -> frozenset[str]:
    """Capabilities `user` holds across the whole network (roles in the coordinating NGO),
    cached on `user` with the grants they come from (a list page asks twenty times)."""
    cached = getattr(user, "_sanad_network_wide", None)
    if cached is None:
        grants = _grants(user)
        cached = frozenset().union(
            *(CAPABILITIES.get(role, ()) for role, _o, wide in grants if wide)
        )
        if grants:
            user._sanad_network_wide = cached
    return cached


def scoped_organisation_ids(user, capability: str) -> set[int]:
    """Ids of the organisations where `user` holds `capability` through a membership there."""
    return {org for role, org, _wide in _grants(user) if capability in CAPABILITIES.get(role, ())}


def has_capability(user, capability: str, organisation=None) -> bool:
    """Whether `user` may use `capability`; within `organisation` when one is given."""
    if capability in network_wide_capabilities(user):
        return True
    scoped = scoped_organisation_ids(user, capability)
    if organisation is None:
        return bool(scoped)
    return organisation.pk in scoped
