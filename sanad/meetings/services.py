"""Writes on coordination meetings, each audited in its transaction."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from sanad.audit.services import record
from sanad.lib.mail import send_templated_email
from sanad.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from sanad.network.models import Membership


def _audit(actor, action, meeting, **kwargs):
    return record(actor=actor, action=action, target=meeting, label=meeting.title, **kwargs)


def invitation_ics(meeting: Meeting) -> str:
    """The meeting as an iCalendar invitation (METHOD:REQUEST)."""
    cal = Calendar()
    cal.add("prodid", "-//Sanad//meetings//FR")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.code}@{settings.SITE_URL.split('//')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.link or meeting.place)
    event.add("url", settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.code]))
    cal.add_component(event)
    return cal.to_ical().decode()


def invitees(meeting: Meeting):
    """Invited people, plus the active members of invited organisations."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            pk__in=list(meeting.invited_people.values_list("pk", flat=True))
            + list(
                Membership.objects.active()
                .filter(organisation__in=meeting.invited_organisations.all())
                .values_list("user_id", flat=True)
            )
        )
        .distinct()
    )


@transaction.atomic
def schedule(*, actor, values: dict, organisations, people, agenda: list[str]) -> Meeting:
    """Schedule a meeting: its agenda starts with every open action item from earlier
    meetings (carried over until done), then the items given. Each invitee gets an e-mail
    with an .ics invitation. Audited as `meeting.scheduled`."""
    meeting = Meeting.objects.create(created_by=actor, **values)
    meeting.invited_organisations.set(organisations)
    meeting.invited_people.set(people)
    position = 0
    for item in ActionItem.objects.open().exclude(meeting=meeting).order_by("due_on"):
        AgendaItem.objects.create(
            meeting=meeting, position=position, carried_from=item, title=item.description
        )
        position += 1
    for title in agenda:
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
        position += 1
    ics = invitation_ics(meeting)
    for person in invitees(meeting):
        send_templated_email(
            to=person.email,
            language=person.preferred_language,
            template="meetings/email/invitation",
            context={
                "meeting": meeting,
                "person": person,
                "link": settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.code]),
            },
            attachments=[["invitation.ics", ics, "text/calendar"]],
        )
    _audit(
        actor,
        "meeting.scheduled",
        meeting,
        changes={"starts_at": [None, meeting.starts_at.isoformat()]},
    )
    return meeting


@transaction.atomic
def record_outcome(
    *,
    actor,
    meeting: Meeting,
    attendance: dict,
    minutes: str,
    decisions: list[str],
    actions: list[dict],
) -> None:
    """After the meeting: attendance per organisation, minutes, decisions and new action
    items. Audited as `meeting.held`. A meeting that has not started has no outcome."""
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting's outcome can be recorded once it has started."))
    meeting.state = Meeting.State.HELD
    meeting.minutes = minutes
    meeting.save(update_fields=["state", "minutes"])
    for organisation, status in attendance.items():
        Attendance.objects.update_or_create(
            meeting=meeting, organisation=organisation, person=None, defaults={"status": status}
        )
    for text in decisions:
        Decision.objects.create(meeting=meeting, text=text)
    for action in actions:
        ActionItem.objects.create(meeting=meeting, **action)
    _audit(
        actor,
        "meeting.held",
        meeting,
        changes={"decisions": [None, len(decisions)], "actions": [None, len(actions)]},
    )


@transaction.atomic
def complete_action(*, actor, item: ActionItem, note: str = "") -> None:
    """Mark an action item done by `actor`, with what was done; it leaves the next
    agendas. Audited as `meeting.action_done`."""
    item.done_on, item.done_by, item.done_note = timezone.localdate(), actor, note
    item.save(update_fields=["done_on", "done_by", "done_note"])
    _audit(
        actor,
        "meeting.action_done",
        item.meeting,
        changes={"action": [None, item.description], "note": [None, note]},
    )


def attendance_rates(organisations, since=None):
    """{organisation: (present, invited)} over held meetings since `since` (a year): two
    grouped counts, whatever the number of CSOs."""
    since = since or timezone.now() - timedelta(days=365)
    organisations = list(organisations)
    held = Meeting.objects.filter(state=Meeting.State.HELD, starts_at__gte=since)
    invitations = Meeting.invited_organisations.through.objects.filter(
        meeting__in=held, organisation__in=organisations
    )
    invited = dict(
        invitations.order_by()
        .values_list("organisation")
        .annotate(n=Count("meeting", distinct=True))
    )
    present = dict(
        Attendance.objects.filter(
            Exists(
                invitations.filter(
                    meeting=OuterRef("meeting"), organisation=OuterRef("organisation")
                )
            ),
            status=Attendance.Status.PRESENT,
        )
        .order_by()
        .values_list("organisation")
        .annotate(n=Count("id"))
    )
    return {o: (present.get(o.pk, 0), invited.get(o.pk, 0)) for o in organisations}
