"""Writes on coordination meetings, each audited in its transaction."""

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from sanad.audit.services import diff, record
from sanad.lib.concurrency import save_if_unchanged
from sanad.lib.mail import send_templated_email
from sanad.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingDocument,
)
from sanad.network.models import Membership


def _audit(actor, action, meeting, **kwargs):
    return record(actor=actor, action=action, target=meeting, label=meeting.title, **kwargs)


def invitation_ics(meeting: Meeting, method: str = "REQUEST") -> str:
    """The meeting as an iCalendar message: METHOD:REQUEST for an invitation or a change
    (its SEQUENCE counts the changes), METHOD:CANCEL once cancelled. Times are in UTC, so
    that no client needs a time-zone definition; organiser and invitees are named."""
    cal = Calendar()
    cal.add("prodid", "-//Sanad//meetings//FR")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", f"meeting-{meeting.code}@{settings.SITE_URL.split('//')[-1]}")
    event.add("sequence", meeting.version - 1)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("location", meeting.link or meeting.place)
    event.add("url", settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.code]))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organiser = meeting.created_by
    address = organiser.email if organiser else settings.DEFAULT_FROM_EMAIL
    event.add("organizer", _address(address, organiser.display_name if organiser else "Sanad"))
    for person in invitees(meeting):
        attendee = _address(person.email, person.display_name)
        attendee.params.update({"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical().decode()


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


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
    _tell_invitees(meeting, "meetings/email/invitation", "REQUEST")
    _audit(
        actor,
        "meeting.scheduled",
        meeting,
        changes={"starts_at": [None, meeting.starts_at.isoformat()]},
    )
    return meeting


def _tell_invitees(meeting: Meeting, template: str, method: str, **context) -> None:
    """E-mail every invitee `template` with the meeting's .ics (`method`)."""
    ics = invitation_ics(meeting, method)
    link = settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.code])
    for person in invitees(meeting):
        send_templated_email(
            to=person.email,
            language=person.preferred_language,
            template=template,
            context={"meeting": meeting, "person": person, "link": link, **context},
            attachments=[["invitation.ics", ics, "text/calendar"]],
        )


@transaction.atomic
def reschedule(*, actor, meeting: Meeting, values: dict, expected_version: int) -> Meeting:
    """Change a planned meeting's title, time or place (EditConflict if someone saved in
    between); every invitee gets the change and an updated .ics. Audited."""
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."))
    changes = diff(meeting, values)
    save_if_unchanged(meeting, expected_version=expected_version, values=values)
    if changes:
        _tell_invitees(meeting, "meetings/email/change", "REQUEST")
    _audit(actor, "meeting.rescheduled", meeting, changes=changes)
    return meeting


@transaction.atomic
def cancel(*, actor, meeting: Meeting, reason: str) -> None:
    """Cancel a planned meeting; every invitee is told why, with a cancelling .ics."""
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.CANCELLED, version=meeting.version + 1
    )
    meeting.state, meeting.version = Meeting.State.CANCELLED, meeting.version + 1
    _tell_invitees(meeting, "meetings/email/cancellation", "CANCEL", reason=reason)
    _audit(actor, "meeting.cancelled", meeting, changes={"reason": [None, reason]})


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


@transaction.atomic
def add_document(*, actor, meeting: Meeting, kind: str, upload) -> MeetingDocument:
    """Store a meeting's PDF (already validated) in private storage, for its invitees.
    Audited as `meeting.document_added`."""
    document = MeetingDocument(
        meeting=meeting, kind=kind, original_name=upload.name[:200], uploaded_by=actor
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    _audit(actor, "meeting.document_added", meeting, changes={"document": [None, upload.name]})
    return document


def record_document_read(*, actor, document: MeetingDocument) -> None:
    """Audit a download of a meeting's document."""
    _audit(
        actor,
        "meeting.document_downloaded",
        document.meeting,
        changes={"document": [None, document.original_name]},
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
