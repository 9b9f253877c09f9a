"""Indicator values, breakdowns and tables ready to show, with disclosure control applied when
the reader may see aggregates only (analysts, observers, anything published)."""

from dataclasses import dataclass

from django.conf import settings

from sanad.lib.disclosure import small, suppress, suppress_series
from sanad.reports.indicators import INDICATORS, Scope, breakdown, crosstab

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


def figure(key: str, scope: Scope, protected: bool, target=None, baseline=None) -> Figure:
    definition = INDICATORS[key]
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
        return [(label, n, 0 if n is None else round(n * 100 / top, 1)) for label, n in self.rows]


def series(key: str, scope: Scope, dimension: str, protected: bool, title: str = "") -> Series:
    definition = INDICATORS[key]
    rows = breakdown(definition, scope, dimension)
    counts = [n for _k, _label, n in rows]
    if protected and definition.personal:
        shown, total = suppress_series(counts, threshold())
    else:
        shown, total = counts, sum(counts)
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
    row_labels, col_labels, matrix = crosstab(definition, scope, rows_dim, cols_dim)
    return make_table(title or str(definition.label), row_labels, col_labels, matrix, protected)


def make_table(title, row_labels, col_labels, matrix, protected) -> Table:
    if not matrix or not col_labels:
        return Table(title, row_labels, col_labels, [], [])
    if protected:
        full = suppress(matrix, threshold())
    else:
        full = [[*row, sum(row)] for row in matrix]
        full.append([sum(col) for col in zip(*full, strict=True)])
    body = [(label, cells[:-1], cells[-1]) for label, cells in zip(row_labels, full, strict=False)]
    return Table(title, row_labels, col_labels, body, full[-1])
