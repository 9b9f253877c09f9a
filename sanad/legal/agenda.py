"""What is coming for a person: the open deadlines and next hearings of the cases they may
see, for the agenda page, the e-mail digest and the calendar feed."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sanad.legal.models import Deadline, Hearing, case_scope


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def upcoming(user, *, days: int = 90):
    """(deadlines, hearings) for `user`, most urgent first: overdue and undated-but-open
    deadlines first, then by due date; hearings from today for `days` days."""
    today = timezone.localdate()
    deadlines = (
        Deadline.objects.visible_to(user)
        .filter(case__is_open=True, status=Deadline.Status.OPEN)
        .select_related("rule", "case__beneficiary", "decision")
        .order_by("due_on", "id")
    )
    hearings = (
        Hearing.objects.filter(
            case_scope(user, through="case__"),
            case__is_open=True,
            status=Hearing.Status.SCHEDULED,
            # A range on the column itself (not on its date) keeps the index usable.
            scheduled_at__gte=_midnight(today),
            scheduled_at__lt=_midnight(today + timedelta(days=days + 1)),
        )
        .select_related("case__beneficiary", "court")
        .order_by("scheduled_at")
    )
    return deadlines, hearings
