"""Reads of the directory: partners and outside actors matching a coverage search."""

from django.db.models import Prefetch, Q

from sanad.directory.models import ExternalActor
from sanad.network.models import Organisation, OrganisationKind, OrganisationStatus
from sanad.reference.models import ActionField, ServiceKind, SpokenLanguage

LABELS = (
    Prefetch("fields_of_action", queryset=ActionField.objects.all()),
    Prefetch("services", queryset=ServiceKind.objects.all()),
    Prefetch("languages", queryset=SpokenLanguage.objects.all()),
)


MANY_VALUED = (("field", "fields_of_action"), ("service", "services"), ("language", "languages"))


def partners(user):
    """Active partner CSOs, as every member of the network may read them."""
    return Organisation.objects.visible_to(user, "directory.view").filter(
        kind=OrganisationKind.PARTNER_CSO, status=OrganisationStatus.ACTIVE
    )


def actors(user):
    """Listed outside actors, as every member of the network may read them."""
    return ExternalActor.objects.visible_to(user).filter(is_active=True)


def covering(rows, data: dict):
    """`rows` (partners or actors) that match every criterion given in `data`: an
    establishment is covered by access to it or by working in its region, a region by
    working in it or having access to one of its establishments."""
    if q := (data.get("q") or "").strip():
        rows = rows.filter(Q(name_fr__icontains=q) | Q(name_ar__icontains=q) | Q(city__icontains=q))
    if establishment := data.get("establishment"):
        place = Q(establishments=establishment)
        if establishment.region_id:
            place |= _in_region(rows, establishment.region_id)
        rows = _having(rows, place)
    if region := data.get("region"):
        rows = _having(rows, _in_region(rows, region.pk))
    for name, relation in (
        ("field", "fields_of_action"),
        ("service", "services"),
        ("language", "languages"),
    ):
        if chosen := data.get(name):
            rows = _having(rows, Q(**{relation: chosen}))
    if kind := data.get("kind"):
        rows = rows.filter(kind=kind)
    return rows


def _having(rows, condition: Q):
    """`rows` filtered on a many-valued `condition` without repeating a row."""
    return rows.filter(pk__in=rows.model.objects.filter(condition).values("pk"))


def _in_region(rows, region_id) -> Q:
    """Working in the region, or with access to one of its establishments."""
    by_establishment = Q(establishments__region=region_id)
    if rows.model is Organisation:
        return Q(regions=region_id) | by_establishment
    return Q(region=region_id) | by_establishment
