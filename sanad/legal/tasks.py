"""Daily work of the task worker: mark missed deadlines, then e-mail each person the
deadlines and hearings that are near (7, 3 and 1 days before) or overdue, in their language."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from sanad.legal import services
from sanad.legal.agenda import upcoming
from sanad.legal.models import Deadline
from sanad.lib.mail import send_templated_email
from sanad.lib.pagination import first_rows
from sanad.network.access import has_capability
from sanad.network.models import Membership

REMINDER_DAYS = (7, 3, 1)
OVERDUE_REMINDER_DAYS = 7
# Rows of each kind in one e-mail, the most urgent first; the agenda page has them all (a
# coordinator's network-wide digest at national scale would list some 3,000 every day).
DIGEST_ROWS = 50


def digest_for(user, today):
    """What is worth an e-mail to `user` today, or None: the deadlines due in 7, 3 or 1
    days (`due_soon`), the deadlines missed in the last week, recalled in case something can
    still be done (`overdue`), and the hearings in 7, 3 or 1 days (`hearings`). Each lists
    at most DIGEST_ROWS rows, the most urgent first, with how many more the agenda page
    shows (`due_soon_more`…)."""
    deadlines, hearings = upcoming(user, days=7)
    reminders = [today + timedelta(days=d) for d in REMINDER_DAYS]
    overdue = (
        Deadline.objects.visible_to(user)
        .filter(
            status=Deadline.Status.MISSED, due_on__gte=today - timedelta(days=OVERDUE_REMINDER_DAYS)
        )
        .select_related("rule", "case__beneficiary")
        .order_by("due_on", "id")
    )
    digest = {}
    for name, queryset in (
        ("due_soon", deadlines.filter(due_on__in=reminders)),
        ("overdue", overdue),
        ("hearings", hearings.filter(scheduled_at__date__in=reminders)),
    ):
        digest[name], digest[f"{name}_more"] = first_rows(queryset, DIGEST_ROWS)
    return digest if digest["due_soon"] or digest["overdue"] or digest["hearings"] else None


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
        send_templated_email(
            to=user.email,
            language=user.preferred_language,
            template="legal/email/digest",
            context={
                "user": user,
                "today": today,
                "agenda_url": settings.SITE_URL + reverse("legal:agenda"),
                **digest,
            },
        )
        sent += 1
    return sent
