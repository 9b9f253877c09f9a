"""Detention conditions across establishments: what the network observed and the complaints
it received, per establishment and category, comparable from one place to another and over
time."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from sanad.complaints.models import Category as ComplaintCategory
from sanad.reference.models import Establishment
from sanad.reports import release
from sanad.reports.indicators import Scope, complaints
from sanad.reports.presentation import make_table, table
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


def _by_establishment(counts: dict, categories):
    places = Establishment.objects.in_bulk({k[0] for k in counts})
    keys = sorted(places, key=lambda pk: places[pk].name_fr)
    labels, matrix = _matrix(counts, keys, {pk: places[pk].name for pk in keys}, categories)
    return labels, matrix


def observation_counts(scope: Scope) -> list[tuple]:
    """(establishment id, quarter, category, count) of the observations in `scope`: read once
    for both tables of observations, which each read a year's observations joined to their
    visits; the counts themselves are a few thousand rows."""
    return list(
        _observations(scope)
        .annotate(quarter=TruncQuarter("visit__visited_on"))
        .order_by()
        .values_list("visit__establishment", "quarter", "category")
        .annotate(n=Count("pk"))
    )


def _summed(counts, first: int, second: int) -> dict:
    """`counts` (as observation_counts) summed by their `first` and `second` columns."""
    totals = defaultdict(int)
    for row in counts:
        totals[row[first], row[second]] += row[3]
    return totals


def conditions_matrix(counts: list[tuple]):
    """(establishment labels, category labels, observation counts) from observation_counts."""
    labels, matrix = _by_establishment(_summed(counts, 0, 2), Category.values)
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
    counts = {(place, category): n for place, category, n in grouped}
    labels, matrix = _by_establishment(counts, ComplaintCategory.values)
    return labels, [str(label) for _v, label in ComplaintCategory.choices], matrix


def over_time(counts: list[tuple]):
    """(quarter labels, category labels, observation counts per quarter) from
    observation_counts."""
    totals = _summed(counts, 1, 2)
    quarters = sorted({quarter for quarter, _category in totals})
    labels = {
        q: _("%(year)s Q%(quarter)s") % {"year": q.year, "quarter": (q.month - 1) // 3 + 1}
        for q in quarters
    }
    row_labels, matrix = _matrix(totals, quarters, labels, Category.values)
    return row_labels, [str(label) for _v, label in Category.choices], matrix


def tables(scope: Scope, protected: bool) -> dict:
    """The page's three tables for `scope`, cached by reports/dashboard.cached_figures.
    Observations are about places, not people: they are shown as they are. Complaints are
    people's: readers of aggregates get them by region, from the published release."""
    observed = observation_counts(scope)
    by_place = make_table(
        _("Observations by establishment and category"), *conditions_matrix(observed)
    )
    over = make_table(_("Observations by quarter and category"), *over_time(observed))
    if protected:
        with release.together():
            plaints = table(
                "complaints_received",
                scope,
                "region",
                "complaint_category",
                True,
                title=_("Complaints by region and category"),
            )
    else:
        plaints = make_table(
            _("Complaints by establishment and category"), *complaints_matrix(scope)
        )
    return {"tables": [by_place, plaints, over]}
