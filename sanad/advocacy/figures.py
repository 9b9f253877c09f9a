"""The figures a recommendation cites, taken from the published reports only (the same
disclosure control and periods as the dashboards), and the donor report's section."""

from django.db.models import OuterRef, Subquery

from sanad.advocacy.models import Addressee, Recommendation, Status, StatusUpdate
from sanad.reports import release
from sanad.reports.indicators import INDICATORS, Scope
from sanad.reports.presentation import figure


def citable() -> list[tuple[str, str]]:
    """(key, label) of the indicators a recommendation may cite."""
    return [(key, str(definition.label)) for key, definition in INDICATORS.items()]


def supporting(recommendation: Recommendation):
    """(period, figures) of the indicators `recommendation` cites, for the newest published
    period; figures is None while today's release is being computed, and period None
    before any quarter has ended."""
    periods = release.reader_periods()
    if not periods:
        return None, []
    scope = Scope(periods[0].start, periods[0].end)
    keys = [key for key in recommendation.indicators if key in INDICATORS]
    try:
        with release.together():
            return periods[0], [figure(key, scope, protected=True) for key in keys]
    except release.NotReady:
        return periods[0], None


def status_on(day):
    """Recommendations made by `day`, each annotated with its status on that day."""
    latest = StatusUpdate.objects.filter(recommendation=OuterRef("pk"), on__lte=day).order_by(
        "-on", "-id"
    )
    return (
        Recommendation.objects.filter(updates__on__lte=day)
        .distinct()
        .annotate(status_then=Subquery(latest.values("status")[:1]))
    )


def donor_section(report) -> dict:
    """Recommendations made by the end of the report's period with their status then, as
    plain data in the report's language: counts by addressee and status, then the list."""
    rows = list(status_on(report.period_end).order_by("addressee", "pk"))
    statuses = dict(Status.choices)
    counts = {
        str(label): [sum(r.addressee == key and r.status_then == s for r in rows) for s in statuses]
        for key, label in Addressee.choices
        if any(r.addressee == key for r in rows)
    }
    return {
        "statuses": [str(label) for label in statuses.values()],
        "counts": [[addressee, *numbers] for addressee, numbers in counts.items()],
        "items": [
            {
                "addressee": str(r.get_addressee_display())
                + (f" — {r.addressee_detail}" if r.addressee_detail else ""),
                "text": r.text,
                "status": str(statuses[r.status_then]),
            }
            for r in rows
        ],
    }
