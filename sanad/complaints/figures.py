"""Complaint figures for the coordinator: counts, time to answer, share resolved."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncMonth

from sanad.complaints.models import Closure, Referral, Status


def figures(complaints) -> dict:
    """Aggregates over `complaints` (already scoped and filtered by period)."""
    closed = complaints.filter(status=Status.CLOSED)
    answered = Referral.objects.filter(complaint__in=complaints, answered_on__isnull=False)
    delay = answered.aggregate(
        avg=Avg(ExpressionWrapper(F("answered_on") - F("sent_on"), output_field=DurationField()))
    )["avg"]
    total_closed = closed.count()
    return {
        "total": complaints.count(),
        "by_category": complaints.values("category").annotate(n=Count("id")).order_by("-n"),
        "by_establishment": complaints.values("establishment__name_fr")
        .annotate(n=Count("id"))
        .order_by("-n"),
        "by_region": complaints.values("establishment__region__name_fr")
        .annotate(n=Count("id"))
        .order_by("-n"),
        "by_month": complaints.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month"),
        "referred": complaints.filter(referrals__isnull=False).distinct().count(),
        "answered": answered.count(),
        "average_days_to_answer": round(delay.total_seconds() / 86400, 1) if delay else None,
        "closed": total_closed,
        "resolved": closed.filter(closure=Closure.RESOLVED).count(),
        "share_resolved": round(
            100 * closed.filter(closure=Closure.RESOLVED).count() / total_closed
        )
        if total_closed
        else None,
    }
