"""Access helpers: what a signed-in person may do, computed once per request from memberships.

Deny by default: anonymous and inactive people hold no capability, and superusers get no
bypass (a superuser without a membership sees no casework)."""

from dataclasses import dataclass

from django.db.models import Exists

from sanad.lib.i18n import in_language
from sanad.network.roles import CAPABILITIES

# The kind of the coordinating organisation; roles held there act network-wide.
COORDINATING_KIND = "coordinator"
# Capabilities over what the network shares with all its members (the directory, the
# advocacy follow-up, announcements and discussions): held in any organisation, they reach
# every organisation's rows. No casework capability is here.
SHARED_CAPABILITIES = frozenset({"directory.view", "advocacy.view", "forum.view", "forum.post"})


def _grants(user) -> list[tuple[str, int, bool]]:
    """(role, organisation id, network-wide?) for each active membership, cached on `user`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sanad_grants", None)
    if cached is None:
        rows = user.memberships.filter(is_active=True).values_list(
            "role",
            "organisation_id",
            "organisation__kind",
            "organisation__status",
            "organisation__code",
            "organisation__name_fr",
            "organisation__name_ar",
        )
        kept = [row for row in rows if row[3] != "suspended" or row[2] == COORDINATING_KIND]
        cached = [(role, org_id, kind == COORDINATING_KIND) for role, org_id, kind, *_ in kept]
        user._sanad_grants = cached
        user._sanad_member_organisations = {
            org_id: MemberOrganisation(org_id, code, name_fr, name_ar)
            for _r, org_id, _k, _s, code, name_fr, name_ar in kept
        }
    return cached


@dataclass(frozen=True)
class MemberOrganisation:
    """An organisation a person belongs to, as the header's switcher shows it."""

    id: int
    code: object
    name_fr: str
    name_ar: str

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_ar)


def member_organisations(user) -> list[MemberOrganisation]:
    """The organisations `user` is an active member of, by French name."""
    _grants(user)
    found = getattr(user, "_sanad_member_organisations", {})
    return sorted(found.values(), key=lambda org: (org.name_fr, org.id))


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


def mandate_capabilities(user) -> frozenset[str]:
    """Capabilities a lawyer's mandate gives on its case: those of the roles `user` holds
    that work through mandates (`case.view_assigned`), and nothing from their other roles."""
    return frozenset().union(
        *(
            CAPABILITIES.get(role, ())
            for role, _o, _w in _grants(user)
            if "case.view_assigned" in CAPABILITIES.get(role, ())
        )
    )


@dataclass(frozen=True)
class Reach:
    """Where one person may use one capability: across the network, within some
    organisations, and on the cases they hold a mandate on."""

    network: bool
    organisations: frozenset[int]
    mandates: bool

    @property
    def anywhere(self) -> bool:
        return self.network or bool(self.organisations) or self.mandates


def reach(user, capability: str) -> Reach:
    """Where `user` may use `capability`: the one answer every model's `visible_to` reads,
    so that a capability held in one organisation never reaches another's rows."""
    scoped = frozenset(scoped_organisation_ids(user, capability))
    shared = capability in SHARED_CAPABILITIES and bool(scoped)
    return Reach(
        network=shared or capability in network_wide_capabilities(user),
        organisations=scoped,
        mandates=capability in mandate_capabilities(user),
    )


def permits(user, capability: str, obj) -> bool:
    """Whether `user` may use `capability` on `obj`, as its model's `visible_to` decides."""
    return capability in allowed(user, obj, capability)


def allowed(user, obj, *capabilities: str) -> set[str]:
    """Which of `capabilities` `user` may use on `obj` (its model's `visible_to` decides),
    in one query: the flags a detail page needs to offer only the actions that will work."""
    held = [capability for capability in capabilities if has_capability(user, capability)]
    if not held:
        return set()
    rows = type(obj).objects
    checks = {
        f"may_{n}": Exists(rows.visible_to(user, capability).filter(pk=obj.pk))
        for n, capability in enumerate(held)
    }
    answers = rows.filter(pk=obj.pk).annotate(**checks).values_list(*checks).first()
    return {capability for capability, yes in zip(held, answers or (), strict=False) if yes}


ACTING_SESSION_KEY = "sanad_acting_organisation"


def member_organisation_ids(user) -> list[int]:
    """Ids of the organisations `user` is an active member of, each once."""
    return [org.id for org in member_organisations(user)]


def acting_organisation_id(request) -> int | None:
    """The organisation `request.user` acts for now: their only one, or the one they chose
    in this session (or named on the API token they use). None for a person with several
    who has not chosen (never a guess)."""
    orgs = member_organisation_ids(request.user)
    if len(orgs) == 1:
        return orgs[0]
    token = getattr(request, "sanad_token", None)
    chosen = token.organisation_id if token else request.session.get(ACTING_SESSION_KEY)
    return chosen if chosen in orgs else None
