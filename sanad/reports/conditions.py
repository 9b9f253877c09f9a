"""Detention conditions across establishments: what the network observed and the complaints
it received, per establishment and category, comparable from one place to another and over
time."""

from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from sanad.complaints.models import Category as ComplaintCategory
from sanad.reference.models import Establishment
from sanad.reports.indicators import Scope, complaints
from sanad.visits.models import Observation
from sanad.visits.taxonomy import Category


def _observations(scope: Scope):
    rows = Observation.objects.filter(
        visit__visited_on__range=(scope.start, scope.end), visit__establishment__isnull=False
    )
    if scope.establishment:
        rows = rows.filter(visit__establishment=scope.establishment)
    if scope.region:
        rows = rows.filter(visit__establishment__region=scope.region)
    if scope.organisation:
        rows = rows.filter(visit__organisation=scope.organisation)
    return rows


def _matrix(counts: dict, row_keys, row_labels, col_keys):
    return [row_labels[k] for k in row_keys], [
        [counts.get((r, c), 0) for c in col_keys] for r in row_keys
    ]


def _by_establishment(grouped, categories):
    counts = {(r[0], r[1]): r[2] for r in grouped}
    places = Establishment.objects.in_bulk({k[0] for k in counts})
    keys = sorted(places, key=lambda pk: places[pk].name_fr)
    labels, matrix = _matrix(counts, keys, {pk: places[pk].name for pk in keys}, categories)
    return labels, matrix


def conditions_matrix(scope: Scope):
    """(establishment labels, category labels, observation counts)."""
    grouped = (
        _observations(scope)
        .order_by()
        .values_list("visit__establishment", "category")
        .annotate(n=Count("pk"))
    )
    labels, matrix = _by_establishment(grouped, Category.values)
    return labels, [str(label) for _v, label in Category.choices], matrix


def complaints_matrix(scope: Scope):
    """(establishment labels, complaint category labels, complaint counts)."""
    grouped = (
        complaints(scope)
        .filter(establishment__isnull=False)
        .order_by()
        .values_list("establishment", "category")
        .annotate(n=Count("pk"))
    )
    labels, matrix = _by_establishment(grouped, ComplaintCategory.values)
    return labels, [str(label) for _v, label in ComplaintCategory.choices], matrix


def over_time(scope: Scope):
    """(quarter labels, category labels, observation counts per quarter)."""
    grouped = (
        _observations(scope)
        .annotate(quarter=TruncQuarter("visit__visited_on"))
        .order_by()
        .values_list("quarter", "category")
        .annotate(n=Count("pk"))
    )
    counts = {(r[0], r[1]): r[2] for r in grouped}
    quarters = sorted({k[0] for k in counts})
    labels = {
        q: _("%(year)s Q%(quarter)s") % {"year": q.year, "quarter": (q.month - 1) // 3 + 1}
        for q in quarters
    }
    row_labels, matrix = _matrix(counts, quarters, labels, Category.values)
    return row_labels, [str(label) for _v, label in Category.choices], matrix
