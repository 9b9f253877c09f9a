"""Announcements, discussions and the weekly digest, each write with its audit event; every
message to people is worded in each reader's language."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.audit.services import record
from sanad.forum.models import Announcement, Digest, Post, Thread
from sanad.lib.mail import send_templated_email
from sanad.network.models import Membership, OrganisationStatus
from sanad.network.roles import CAPABILITIES
from sanad.network.services import notify

ANNOUNCED = gettext_lazy("Announcement: %(title)s")


def members():
    """Active people with an active membership whose role reads the network's life."""
    roles = [role for role, granted in CAPABILITIES.items() if "forum.view" in granted]
    memberships = Membership.objects.filter(is_active=True, role__in=roles).exclude(
        organisation__status=OrganisationStatus.SUSPENDED
    )
    return get_user_model().objects.filter(is_active=True, pk__in=memberships.values("user"))


@transaction.atomic
def publish(*, actor, values: dict, email: bool) -> Announcement:
    """Publish an announcement to the network: a notification for each member and, with
    `email`, an e-mail now in their language. Audited as `announcement.published`."""
    announcement = Announcement.objects.create(published_by=actor, emailed=email, **values)
    record(
        actor=actor,
        action="announcement.published",
        target=announcement,
        label=announcement.title_fr,
        changes={"emailed": [None, email]},
    )
    notify(
        users=members().exclude(pk=actor.pk),
        message=ANNOUNCED,
        params={"title": announcement},
        link=reverse("forum:announcement_detail", args=[announcement.code]),
        email_template="forum/email/announcement" if email else "",
        context={"announcement": announcement},
    )
    return announcement


@transaction.atomic
def start_thread(*, actor, values: dict, body: str) -> Thread:
    """Open a discussion with its first message. Audited as `thread.started`."""
    thread = Thread.objects.create(started_by=actor, last_post_at=timezone.now(), **values)
    Post.objects.create(thread=thread, author=actor, body=body)
    Thread.objects.filter(pk=thread.pk).update(posts_count=1)
    record(actor=actor, action="thread.started", target=thread, label=thread.title)
    return thread


@transaction.atomic
def reply(*, actor, thread: Thread, body: str) -> Post:
    """Add a message to an open discussion. Audited as `thread.replied`."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.closed:
        raise ValidationError(_("This discussion is closed."))
    post = Post.objects.create(thread=thread, author=actor, body=body)
    Thread.objects.filter(pk=thread.pk).update(
        posts_count=F("posts_count") + 1, last_post_at=post.created_at
    )
    record(actor=actor, action="thread.replied", target=thread, label=thread.title)
    return post


@transaction.atomic
def close(*, actor, thread: Thread) -> None:
    """Close a discussion to new messages (it stays readable). Audited as `thread.closed`."""
    Thread.objects.filter(pk=thread.pk).update(closed=True)
    record(actor=actor, action="thread.closed", target=thread, label=thread.title)


@transaction.atomic
def send_digest(*, today=None) -> int:
    """The weekly digest: each member is e-mailed, in their language, the announcements and
    the discussions active since the last digest (or the last seven days); once a week at
    most, nothing when there is nothing new. Returns how many were e-mailed."""
    today = today or timezone.localdate()
    week = today - timedelta(days=today.weekday())
    if Digest.objects.filter(week=week).exists():
        return 0
    last = Digest.objects.order_by("-week").first()
    since = last.sent_at if last else timezone.now() - timedelta(days=7)
    announcements = list(Announcement.objects.filter(published_at__gte=since))
    threads = list(Thread.objects.filter(last_post_at__gte=since).select_related("theme"))
    sent = 0
    if announcements or threads:
        for user in members():
            send_templated_email(
                to=user.email,
                language=user.preferred_language,
                template="forum/email/digest",
                context={"user": user, "announcements": announcements, "threads": threads,
                         "site_url": settings.SITE_URL},
            )  # fmt: skip
            sent += 1
    Digest.objects.create(week=week, recipients=sent)
    return sent
