"""Indicator values, breakdowns and tables ready to show. Readers of aggregates only
(analysts, observers, the donor) get the published figures of reports/release, audited by
lib/disclosure; a hidden figure holds the mark it is hidden under instead of a number."""

from dataclasses import dataclass

from django.conf import settings

from sanad.lib.disclosure import SHOWN, SMALL, small
from sanad.reports import release
from sanad.reports.indicators import (
    INDICATORS,
    Scope,
    breakdown,
    category_keys,
    category_labels,
    crosstab,
    ratio,
)

# Dimensions where one person can fall in several categories (several specific needs): their
# counts do not add up to the number of people, so no total is shown.
NON_ADDITIVE = {"category"}


def threshold() -> int:
    return settings.SANAD_DISCLOSURE_K


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    value: object  # a number, or None when hidden or not computable
    hidden: bool
    target: object = None
    baseline: object = None
    lower_is_better: bool = False
    mark: str = ""  # why it is hidden: lib/disclosure SMALL or PROTECTING
    numerator: int | None = None  # what a share counts, when shown
    denominator: int | None = None
    description: str = ""

    @property
    def progress(self):
        """Share of the target reached, for a progress bar (0–100); none for an indicator
        that should go down (deadlines missed, delays): see `met`."""
        if self.lower_is_better or self.hidden or self.value is None or not self.target:
            return None
        return max(0, min(100, round(float(self.value) * 100 / float(self.target))))

    @property
    def met(self):
        """For an indicator that should go down: whether it is at or under its target."""
        if not self.lower_is_better or self.hidden or self.value is None or self.target is None:
            return None
        return self.value <= self.target


# Counts published from a release: indicator -> (family, dimension of its breakdowns).
RELEASED = {
    "beneficiaries_assisted": "assisted",
    "beneficiaries_identified": "identified",
    "deadlines_missed": "missed",
    "visits_made": "visits",
    "complaints_received": "complaints",
}
# Breakdowns published from a release: (indicator, dimension) -> family.
RELEASED_BREAKDOWNS = {
    ("beneficiaries_assisted", "category"): "needs",
    ("beneficiaries_assisted", "sex"): "assisted",
    ("beneficiaries_assisted", "age_band"): "assisted",
    ("beneficiaries_assisted", "legal_status"): "assisted",
    ("visits_made", "region"): "visits",
    ("complaints_received", "complaint_category"): "complaints",
    ("complaints_received", "region"): "complaints",
}


# Shares published from a release: indicator -> (family, dimension, category counted).
RELEASED_SHARES = {
    "releases_prepared": ("prepared", "preparation", "early"),
    "plan_items_done": ("plan_items", "done", True),
    **{
        f"{flag}_{months}": (f"outcomes_{months}", flag, True)
        for months in (6, 12)
        for flag in ("stable_housing", "working", "family")
    },
    "reincarcerated_12": ("reincarcerated", "back", True),
}
# Shares of things that are not people, shown only beside enough people: indicator ->
# (family, dimension, category of the people left out).
PEOPLE_BEHIND = {"plan_items_done": ("prepared", "preparation", "none")}


def figure(key: str, scope: Scope, protected: bool, target=None, baseline=None) -> Figure:
    definition = INDICATORS[key]
    if protected and key in RELEASED:
        return _released_figure(definition, scope, target, baseline)
    if protected and key in RELEASED_SHARES:
        return _released_share(definition, scope, target, baseline)
    result = definition.value(scope)
    k = threshold()
    hidden = (
        protected
        and definition.personal
        and (
            small(result.numerator, k)
            or (result.denominator is not None and small(result.denominator, k))
            or (
                result.denominator is not None
                and small(result.denominator - (result.numerator or 0), k)
            )
        )
    )
    return Figure(
        key,
        str(definition.label),
        definition.unit,
        None if hidden else result.value,
        hidden,
        target,
        baseline,
        definition.lower_is_better,
        SMALL if hidden else "",
        None if hidden else result.numerator,
        None if hidden else result.denominator,
        str(definition.description),
    )


def _released_share(definition, scope, target, baseline) -> Figure:
    """A share whose two counts are published figures (each shown, or the share is hidden
    under the mark of the first one hidden)."""
    family, dimension, counted = RELEASED_SHARES[definition.key]
    period = _period(scope)
    published = release.published(family)
    part, whole = published.get(period, **{dimension: counted}), published.get(period)
    statuses = [part[1], whole[1]]
    if definition.key in PEOPLE_BEHIND:
        statuses += _people_behind(PEOPLE_BEHIND[definition.key], period)
    hidden = [status for status in statuses if status != SHOWN]
    value = None if hidden else ratio(part[0], whole[0]).value
    return Figure(
        definition.key,
        str(definition.label),
        definition.unit,
        value,
        bool(hidden),
        target,
        baseline,
        definition.lower_is_better,
        hidden[0] if hidden else "",
        None if hidden else part[0],
        None if hidden else whole[0],
        str(definition.description),
    )


def _people_behind(behind, period) -> list[str]:
    """The statuses of the people a share of things rests on (all but those left out); a
    difference of two published figures, so never from 1 to k-1 once both are shown."""
    family, dimension, left_out = behind
    published = release.published(family)
    everyone, out = published.get(period), published.get(period, **{dimension: left_out})
    if everyone[1] != SHOWN or out[1] != SHOWN:
        return [status for status in (everyone[1], out[1]) if status != SHOWN]
    return [SMALL if small(everyone[0] - out[0], threshold()) else SHOWN]


def _released_figure(definition, scope, target, baseline) -> Figure:
    value, status = release.published(RELEASED[definition.key]).get(_period(scope))
    hidden = status != SHOWN
    return Figure(
        definition.key,
        str(definition.label),
        definition.unit,
        None if hidden else value,
        hidden,
        target,
        baseline,
        definition.lower_is_better,
        "" if status == SHOWN else status,
    )


@dataclass
class Series:
    title: str
    rows: list  # [(label, count or None)]
    total: object
    maximum: int
    additive: bool = True  # False when one person may count in several categories

    @property
    def bars(self):
        """(label, count, share of the largest) for the chart."""
        top = self.maximum or 1
        return [
            (label, n, round(n * 100 / top, 1) if isinstance(n, int) else 0)
            for label, n in self.rows
        ]


def series(key: str, scope: Scope, dimension: str, protected: bool, title: str = "") -> Series:
    definition = INDICATORS[key]
    if protected:
        return _released_series(definition, scope, dimension, title)
    rows = breakdown(definition, scope, dimension)
    shown = [n for _k, _label, n in rows]
    total = sum(shown)
    labels = [label for _k, label, _n in rows]
    visible = [n for n in shown if n is not None]
    return Series(
        title or str(definition.label),
        list(zip(labels, shown, strict=True)),
        total,
        max(visible, default=0),
        additive=dimension not in NON_ADDITIVE,
    )


@dataclass
class Table:
    title: str
    row_labels: list
    col_labels: list
    rows: list  # [(label, [cells], total)]
    totals: list  # column totals then the grand total


def table(key, scope, rows_dim, cols_dim, protected, title="") -> Table:
    definition = INDICATORS[key]
    title = title or str(definition.label)
    if protected:
        return _released_table(definition, scope, rows_dim, cols_dim, title)
    row_labels, col_labels, matrix = crosstab(definition, scope, rows_dim, cols_dim)
    return make_table(title, row_labels, col_labels, matrix)


def make_table(title, row_labels, col_labels, matrix) -> Table:
    """A table of exact counts with its totals."""
    if not matrix or not col_labels:
        return Table(title, row_labels, col_labels, [], [])
    full = [[*row, sum(row)] for row in matrix]
    full.append([sum(col) for col in zip(*full, strict=True)])
    body = [(label, cells[:-1], cells[-1]) for label, cells in zip(row_labels, full, strict=False)]
    return Table(title, row_labels, col_labels, body, full[-1])


def _period(scope: Scope):
    return release.Period(scope.start, scope.end)


def _ordered(dimension: str, published) -> list:
    return category_keys(dimension, dict.fromkeys(published.categories(dimension), 1))


def _released_series(definition, scope, dimension, title) -> Series:
    family = RELEASED_BREAKDOWNS[definition.key, dimension]
    published, period = release.published(family), _period(scope)
    keys = _ordered(dimension, published)
    labels = category_labels(dimension, keys)
    shown = [published.shown(period, **{dimension: key}) for key in keys]
    additive = release.FAMILIES[family].additive
    return Series(
        title or str(definition.label),
        [(labels[key], n) for key, n in zip(keys, shown, strict=True)],
        published.shown(period) if additive else None,
        max((n for n in shown if isinstance(n, int)), default=0),
        additive=additive,
    )


def _released_table(definition, scope, rows_dim, cols_dim, title) -> Table:
    family = RELEASED_BREAKDOWNS[definition.key, rows_dim]
    published, period = release.published(family), _period(scope)
    row_keys, col_keys = _ordered(rows_dim, published), _ordered(cols_dim, published)
    row_labels = category_labels(rows_dim, row_keys)
    col_labels = category_labels(cols_dim, col_keys)
    body = [
        (
            row_labels[r],
            [published.shown(period, **{rows_dim: r, cols_dim: c}) for c in col_keys],
            published.shown(period, **{rows_dim: r}),
        )
        for r in row_keys
    ]
    totals = [published.shown(period, **{cols_dim: c}) for c in col_keys]
    return Table(
        title,
        [row_labels[r] for r in row_keys],
        [col_labels[c] for c in col_keys],
        body,
        [*totals, published.shown(period)],
    )
