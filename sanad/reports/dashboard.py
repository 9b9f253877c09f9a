"""Figures of one scope, kept between requests: the dashboard's and the detention-conditions
tables.

At national scale the figures of one scope take seconds to compute (the conditions' tables a
third of a second). They are stored with the time they were computed; for
SANAD_DASHBOARD_CACHE_SECONDS they are served as they are; after that, still served, while
the task worker computes them again (one refresh per scope at a time). Only a scope nobody
asked for in a day is computed during the request."""

from dataclasses import asdict
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from sanad.reports import conditions, release
from sanad.reports.indicators import DIMENSIONS, INDICATORS, Scope
from sanad.reports.presentation import figure, series, table

KEEP_SECONDS = 24 * 60 * 60
REFRESH_LOCK_SECONDS = 10 * 60
CARDS = [
    "beneficiaries_assisted", "beneficiaries_identified", "with_lawyer", "pretrial_share",
    "remedies_on_time", "deadlines_missed", "days_to_first_legal_act", "visits_made",
    "families_reached", "complaints_received", "complaint_answer_days", "csos_mobilised",
]  # fmt: skip
# Shown as a table, each share with what it counts and its definition.
REINTEGRATION = [
    "releases_prepared", "plan_items_done", "stable_housing_6", "working_6", "family_6",
    "stable_housing_12", "working_12", "family_12", "reincarcerated_12",
]  # fmt: skip
CHARTS = [
    ("beneficiaries_assisted", "category"),
    ("beneficiaries_assisted", "sex"),
    ("beneficiaries_assisted", "age_band"),
    ("beneficiaries_assisted", "legal_status"),
    ("visits_made", "region"),
    ("complaints_received", "complaint_category"),
]


def chart_title(key, dimension):
    return _("%(indicator)s, by %(dimension)s") % {
        "indicator": INDICATORS[key].label,
        "dimension": str(DIMENSIONS[dimension]).lower(),
    }


def compute(scope: Scope, protected: bool) -> dict:
    """Everything the dashboard shows for one scope, in the active language."""
    with release.together():
        return _compute(scope, protected)


def _compute(scope, protected):
    return {
        "cards": [figure(key, scope, protected) for key in CARDS],
        "reintegration": [figure(key, scope, protected) for key in REINTEGRATION],
        "charts": [
            series(key, scope, dim, protected, title=chart_title(key, dim)) for key, dim in CHARTS
        ],
        "crosstab": table(
            "beneficiaries_assisted",
            scope,
            "age_band",
            "sex",
            protected,
            title=_("People assisted by age band and sex"),
        ),
    }


COMPUTED = {"dashboard": compute, "conditions": conditions.tables}


def _key(kind: str, scope: Scope, protected: bool) -> str:
    language = translation.get_language()
    return f"sanad:{kind}:{release.VERSION}:{language}:{int(protected)}:{scope.key}"


def _computed(kind: str, scope: Scope, protected: bool) -> dict:
    """What `kind` (a key of COMPUTED) shows for `scope`, with when it was computed."""
    return {"computed_at": timezone.now(), **COMPUTED[kind](scope, protected)}


def cached_figures(kind: str, scope: Scope, protected: bool) -> dict:
    """What `kind` shows for `scope` now: kept figures while fresh; kept ones and a refresh
    by the task worker once stale; computed here when none are kept (or caching is off)."""
    fresh_for = settings.SANAD_DASHBOARD_CACHE_SECONDS
    if not fresh_for:
        return _computed(kind, scope, protected)
    key = _key(kind, scope, protected)
    lock = f"{key}:refreshing"
    # One read for both: while a refresh is queued, the views that see the figures stale
    # find its lock here rather than trying to take it (four queries on the database cache).
    found = cache.get_many([key, lock])
    figures = found.get(key)
    if figures is None:
        figures = _computed(kind, scope, protected)
        cache.set(key, figures, KEEP_SECONDS)
        return figures
    stale = (timezone.now() - figures["computed_at"]).total_seconds() > fresh_for
    if stale and lock not in found and cache.add(lock, True, REFRESH_LOCK_SECONDS):
        refresh.enqueue(
            kind=kind,
            language=translation.get_language(),
            protected=protected,
            scope={**asdict(scope), "start": str(scope.start), "end": str(scope.end)},
        )
    return {**figures, "refreshing": stale}


@task()
def refresh(*, language: str, protected: bool, scope: dict, kind: str = "dashboard") -> None:
    """Compute one scope's figures again and keep them (queued by `cached_figures`)."""
    start, end = date.fromisoformat(scope["start"]), date.fromisoformat(scope["end"])
    scope = Scope(**{**scope, "start": start, "end": end})
    with translation.override(language), release.together(wait=True):
        key = _key(kind, scope, protected)
        cache.set(key, _computed(kind, scope, protected), KEEP_SECONDS)
    cache.delete(f"{key}:refreshing")
