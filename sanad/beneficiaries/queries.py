"""The beneficiary list's search and filters, shared by the list page and the export."""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from sanad.beneficiaries.forms import BeneficiaryFilterForm
from sanad.beneficiaries.models import (
    AGE_BANDS,
    Beneficiary,
    DuplicateFlag,
    DuplicateStatus,
    Following,
    Status,
)
from sanad.lib.text import fold
from sanad.network.access import network_wide_capabilities
from sanad.network.models import Organisation

SORTS = {
    "": ("-created_at", "-id"),
    "name": ("last_name_latin", "first_name_latin", "last_name_ar", "id"),
    "status": ("status", "-created_at", "-id"),
}


def search(queryset, q: str):
    """Rows whose folded names (both scripts) or register number contain every word of `q`."""
    for word in fold(q).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


PROGRESS_KEY = "sanad:beneficiaries:progress"
PROGRESS_SECONDS = 60


def progress(user) -> dict:
    """The validator's progress box: records validated (or further), records to validate and
    open duplicate flags. Counting the national table on every list view costs more than the
    page, so network-wide readers share one copy for a minute, dropped by every registration,
    change of status or duplicate decision (`forget_progress`)."""
    # Shared only by those who see every record and every duplicate flag: the same counts.
    network = {"beneficiary.view", "beneficiary.merge"} <= network_wide_capabilities(user)
    if network and (counts := cache.get(PROGRESS_KEY)) is not None:
        return counts
    counts = Beneficiary.objects.visible_to(user).aggregate(
        count=Count("pk", filter=Q(status__in=[Status.VALIDATED, Status.ASSISTED, Status.CLOSED])),
        to_validate=Count("pk", filter=Q(status=Status.IDENTIFIED)),
    )
    counts["duplicates"] = (
        DuplicateFlag.objects.visible_to(user).filter(status=DuplicateStatus.OPEN).count()
    )
    if network:
        cache.set(PROGRESS_KEY, counts, PROGRESS_SECONDS)
    return counts


def forget_progress() -> None:
    """Drop the shared progress counts once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(PROGRESS_KEY))


def _years_before(day, years: int):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def turning_18_within(queryset, days: int = 30):
    """Minors whose 18th birthday falls between today and `days` from now."""
    today = timezone.localdate()
    return queryset.filter(
        date_of_birth__gte=_years_before(today, 18),
        date_of_birth__lte=_years_before(today + timedelta(days=days), 18),
    )


def listed(user, params) -> tuple:
    """The list's filter form bound to `params` (the query string) and the rows `user` may
    see that match it: one definition for the list page and its export."""
    organisations = Organisation.objects.visible_to(user).filter(kind="partner_cso")
    form = BeneficiaryFilterForm(params or None, organisations=organisations)
    rows = filtered(
        Beneficiary.objects.visible_to(user), form.cleaned_data if form.is_valid() else {}
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
    return queryset.order_by(*SORTS.get(data.get("sort") or "", SORTS[""]))


def with_list_relations(queryset):
    """Needs (`need_list`) and current following organisations (`active_followings`),
    fetched in two queries for a whole page."""
    return queryset.select_related("current_establishment").prefetch_related(
        Prefetch("needs", to_attr="need_list"),
        Prefetch(
            "followings",
            queryset=Following.objects.filter(active=True).select_related("organisation"),
            to_attr="active_followings",
        ),
    )
