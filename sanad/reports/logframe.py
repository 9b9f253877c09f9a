"""The logframe table of a project for a period: objectives, results and their indicators
with baseline, target and the value computed from the data."""

from dataclasses import dataclass

from django.utils import timezone

from sanad.reports import release
from sanad.reports.indicators import INDICATORS, Scope
from sanad.reports.presentation import Figure, figure


@dataclass
class Line:
    objective: object
    indicators: list  # [(Indicator, Figure)]


def target_for(indicator, scope: Scope):
    """The target whose period ends last within the scope's period, else the last one that
    covers its end."""
    targets = [t for t in indicator.targets.all() if t.period_end <= scope.end]
    covering = [t for t in indicator.targets.all() if t.period_start <= scope.end]
    chosen = max(targets or covering, key=lambda t: t.period_end, default=None)
    return chosen.value if chosen else None


def project_scope(project, chosen: Scope, protected: bool, explicit: bool) -> Scope | None:
    """The period a project's logframe shows: for protected readers the published period
    nearest the project's (None if none yet); otherwise the project's to date, unless a
    period was `explicit`ly chosen."""
    today = timezone.localdate()
    if protected:
        period = release.snap(project.starts_on, project.ends_on, today)
        return Scope(period.start, period.end) if period else None
    if not explicit:
        return Scope(project.starts_on, min(project.ends_on, today),
                     organisation=chosen.organisation)  # fmt: skip
    return chosen


def lines(project, scope: Scope, protected: bool) -> list[Line]:
    """One line per objective or result, in logframe order (each specific objective followed
    by its results)."""
    objectives = list(project.objectives.prefetch_related("indicators__targets"))
    ordered = []
    for top in [o for o in objectives if o.parent_id is None]:
        ordered.append(top)
        ordered += [o for o in objectives if o.parent_id == top.pk]
    result = []
    for objective in ordered:
        figures = [
            (
                indicator,
                figure(
                    indicator.key,
                    scope,
                    protected,
                    target=target_for(indicator, scope),
                    baseline=indicator.baseline,
                ),
            )
            for indicator in objective.indicators.all()
            if indicator.key in INDICATORS
        ]
        result.append(Line(objective, figures))
    return result


def as_figures(project_lines: list[Line]) -> list[Figure]:
    return [f for line in project_lines for _i, f in line.indicators]
