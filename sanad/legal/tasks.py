"""Daily work of the task worker: mark missed deadlines, then e-mail each person the
deadlines and hearings that are near (7, 3 and 1 days before) or overdue, in their language."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from sanad.legal import services
from sanad.legal.agenda import upcoming
from sanad.legal.models import Deadline
from sanad.lib.mail import send_templated_email
from sanad.network.access import has_capability
from sanad.network.models import Membership

REMINDER_DAYS = (7, 3, 1)


OVERDUE_REMINDER_DAYS = 7


def digest_for(user, today):
    """(due soon, overdue, hearings soon) worth an e-mail to `user` today, or None. Missed
    deadlines are recalled for a week, in case something can still be done."""
    deadlines, hearings = upcoming(user, days=7)
    reminders = {today + timedelta(days=d) for d in REMINDER_DAYS}
    due_soon = [d for d in deadlines if d.due_on in reminders]
    overdue = list(
        Deadline.objects.visible_to(user)
        .filter(
            status=Deadline.Status.MISSED, due_on__gte=today - timedelta(days=OVERDUE_REMINDER_DAYS)
        )
        .select_related("rule", "case__beneficiary")
    )
    soon = [
        h
        for h in hearings
        if h.scheduled_at.date() - today in [timedelta(days=d) for d in REMINDER_DAYS]
    ]
    if not (due_soon or overdue or soon):
        return None
    return due_soon, overdue, soon


@task()
def send_deadline_digests() -> int:
    """Mark missed deadlines, then send each person with `agenda.view` their digest.
    Returns the number of e-mails sent. Run it once a day (see README)."""
    today = timezone.localdate()
    services.mark_missed(today=today)
    sent = 0
    users = get_user_model().objects.filter(
        is_active=True, id__in=Membership.objects.active().values("user_id")
    )
    for user in users.iterator():
        if not has_capability(user, "agenda.view"):
            continue
        digest = digest_for(user, today)
        if digest is None:
            continue
        due_soon, overdue, hearings = digest
        send_templated_email(
            to=user.email,
            language=user.preferred_language,
            template="legal/email/digest",
            context={
                "user": user,
                "due_soon": due_soon,
                "overdue": overdue,
                "hearings": hearings,
                "today": today,
            },
        )
        sent += 1
    return sent
