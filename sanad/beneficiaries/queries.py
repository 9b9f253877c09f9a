"""The beneficiary list's search and filters, shared by the list page and the export."""

from datetime import timedelta
from itertools import islice

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from sanad.beneficiaries.forms import BeneficiaryFilterForm
from sanad.beneficiaries.models import (
    AGE_BANDS,
    LINKING_CAPABILITIES,
    Beneficiary,
    DuplicateFlag,
    DuplicateStatus,
    Following,
    Need,
    Status,
)
from sanad.lib.i18n import choice_label, in_language
from sanad.lib.names import parts
from sanad.lib.text import skeleton
from sanad.network.access import has_capability, network_wide_capabilities
from sanad.network.acting import acting_organisation
from sanad.network.models import Organisation

SORTS = {
    "": ("-created_at", "-id"),
    "newest": ("-created_at", "-id"),
    "name": ("last_name_latin", "first_name_latin", "last_name_ar", "id"),
    "status": ("status", "-created_at", "-id"),
}


def search(queryset, q: str):
    """Rows whose names or register number contain every word of `q`, read as lib/names
    reads a name (Ben Ali finds Benali) and also in the other script (by its skeleton)."""
    for part in parts(q):
        match = Q(search_text__contains=part)
        if len(ghost := skeleton(part).replace(" ", "")) >= 2:
            match |= Q(search_text__contains=f"~{ghost}")
        queryset = queryset.filter(match)
    return queryset


SUMMARY_KEY = "sanad:beneficiaries:summary"
SUMMARY_SECONDS = 60


def summary(user) -> dict:
    """The list page's counts among the records `user` sees: `turning_18` (followed minors
    turning 18 within 30 days) and, for validators, the progress box (`count`
    validated or further, `to_validate`, open `duplicates`). Counting the national table on
    every list view costs more than the page, so network-wide validators share one copy for
    a minute, dropped by every registration, change of a date of birth or of a status, and
    duplicate decision (`forget_summary`)."""
    # Shared only by those who see every record and every duplicate flag: the same counts.
    network = {"beneficiary.view", "beneficiary.merge", "beneficiary.validate"} <= (
        network_wide_capabilities(user)
    )
    if network and (counts := cache.get(SUMMARY_KEY)) is not None:
        return counts
    visible = Beneficiary.objects.visible_to(user)
    counts = {"turning_18": turning_18_within(visible).count()}
    if has_capability(user, "beneficiary.validate"):
        counts |= visible.aggregate(
            count=Count(
                "pk", filter=Q(status__in=[Status.VALIDATED, Status.ASSISTED, Status.CLOSED])
            ),
            to_validate=Count("pk", filter=Q(status=Status.IDENTIFIED)),
        )
        counts["duplicates"] = (
            DuplicateFlag.objects.visible_to(user).filter(status=DuplicateStatus.OPEN).count()
        )
    if network:
        cache.set(SUMMARY_KEY, counts, SUMMARY_SECONDS)
    return counts


def forget_summary() -> None:
    """Drop the shared list counts once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(SUMMARY_KEY))


def _years_before(day, years: int):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def turning_18_within(queryset, days: int = 30):
    """Minors followed by the network (validated or assisted: not a rejected registration,
    a closed record or one still awaiting validation) whose 18th birthday falls between
    today and `days` from now."""
    today = timezone.localdate()
    return queryset.filter(
        status__in=[Status.VALIDATED, Status.ASSISTED],
        date_of_birth__gte=_years_before(today, 18),
        date_of_birth__lte=_years_before(today + timedelta(days=days), 18),
    )


def listed(user, params, capability="beneficiary.view") -> tuple:
    """The list's filter form bound to `params` (the query string) and the rows `user` may
    use `capability` on that match it: one definition for the list page and its export."""
    organisations = Organisation.objects.visible_to(user).filter(kind="partner_cso")
    form = BeneficiaryFilterForm(params or None, organisations=organisations)
    rows = filtered(
        Beneficiary.objects.visible_to(user, capability),
        form.cleaned_data if form.is_valid() else {},
    )
    return form, rows


def filtered(queryset, data: dict):
    """Apply the cleaned data of BeneficiaryFilterForm to `queryset`."""
    if data.get("q"):
        queryset = search(queryset, data["q"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    if data.get("need"):
        queryset = queryset.filter(needs__category=data["need"])
    if data.get("region"):
        queryset = queryset.filter(current_establishment__region=data["region"])
    if data.get("establishment"):
        queryset = queryset.filter(current_establishment=data["establishment"])
    if data.get("legal_status"):
        queryset = queryset.filter(current_legal_status=data["legal_status"])
    if data.get("organisation"):
        queryset = queryset.filter(
            followings__organisation=data["organisation"], followings__active=True
        )
    age = data.get("age")
    if age == "turning18":
        queryset = turning_18_within(queryset)
    elif age in AGE_BANDS:
        youngest, oldest = AGE_BANDS[age]
        year = timezone.localdate().year
        queryset = queryset.filter(birth_year__gte=year - oldest, birth_year__lte=year - youngest)
    # A search lists its matches by name unless another order is chosen: what a person
    # looking for a name expects, and it lets PostgreSQL start from the matches rather than
    # walk a CSO's people in list order (docs/performance.md).
    sort = data.get("sort") or ("name" if data.get("q") else "")
    return queryset.order_by(*SORTS.get(sort, SORTS[""]))


def with_list_relations(rows: list) -> list:
    """Set on each beneficiary of `rows` (a page, with `current_establishment` joined) the
    labels of its needs (`need_labels`) and the names of the organisations that follow it now
    (`following_names`), read as plain values in two queries for all of `rows`: a page's
    prefetch of Need, Following and Organisation objects cost more than its own query."""
    by_id = {b.pk: b for b in rows}
    for b in rows:
        b.need_labels, b.following_names = [], []
    category_field = Need._meta.get_field("category")
    needs = Need.objects.filter(beneficiary_id__in=by_id).order_by("id")
    for pk, category in needs.values_list("beneficiary_id", "category"):
        by_id[pk].need_labels.append(choice_label(category_field, category))
    followings = Following.objects.filter(beneficiary_id__in=by_id, active=True).order_by("id")
    names = followings.values_list(
        "beneficiary_id", "organisation__name_fr", "organisation__name_ar"
    )
    for pk, french, arabic in names:
        by_id[pk].following_names.append(in_language(french, arabic))
    return rows


def listed_in_chunks(rows, size: int):
    """`rows` (a queryset of beneficiaries) as lists of `size`, each `with_list_relations`,
    read through one server-side cursor: an export of every row, never a whole table in
    memory."""
    iterator = rows.select_related("current_establishment").iterator(chunk_size=size)
    while chunk := list(islice(iterator, size)):
        yield with_list_relations(chunk)


def linkable(request, people):
    """`people` narrowed, when the picker asks `?for=` a capability that links people to
    new work, to those the acting organisation may link: a form never offers a person it
    would refuse."""
    capability = request.GET.get("for")
    if capability not in LINKING_CAPABILITIES:
        return people
    organisation = acting_organisation(request, capability)
    if organisation is None:
        return people.none()
    allowed = Beneficiary.objects.for_work_of(request.user, capability, organisation)
    return people.filter(pk__in=allowed.values("pk"))


def followers_outside(beneficiary) -> list:
    """The organisations following `beneficiary` whose area (establishments where they have
    access, regions where they work) does not include the person's establishment: a
    placement elsewhere suggests a handover."""
    place = beneficiary.current_establishment
    if place is None:
        return []
    following = Organisation.objects.filter(
        followings__beneficiary=beneficiary, followings__active=True
    )
    covering = following.filter(Q(establishments=place) | Q(regions=place.region_id))
    return list(following.exclude(pk__in=covering.values("pk")).order_by("name_fr"))
