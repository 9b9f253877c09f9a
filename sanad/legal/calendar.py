"""iCalendar (RFC 5545) export of a person's hearings and deadlines."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from sanad.legal.agenda import upcoming


def calendar_for(user) -> bytes:
    """A VCALENDAR with one event per upcoming hearing and per dated open deadline. Names
    are reduced to the case number and initials: calendars are synced to phones."""
    deadlines, hearings = upcoming(user, days=365)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return _calendar(deadlines, hearings)


def _calendar(deadlines, hearings) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Sanad//legal agenda//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Sanad")
    stamp = timezone.now()
    host = settings.SITE_URL.split("//")[-1]
    for hearing in hearings:
        event = Event()
        event.add("uid", f"hearing-{hearing.code}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", hearing.scheduled_at)
        event.add("dtend", hearing.scheduled_at + timedelta(hours=1))
        event.add(
            "summary",
            _("Hearing %(case)s — %(initials)s")
            % {"case": hearing.case, "initials": _initials(hearing.case.beneficiary)},
        )
        if hearing.court:
            event.add("location", hearing.court.name)
        cal.add_component(event)
    for deadline in deadlines:
        if deadline.due_on is None:
            continue
        event = Event()
        event.add("uid", f"deadline-{deadline.code}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
        event.add(
            "summary",
            _("Deadline: %(rule)s — %(case)s (%(initials)s)")
            % {
                "rule": deadline.rule.name,
                "case": deadline.case,
                "initials": _initials(deadline.case.beneficiary),
            },
        )
        event.add("description", deadline.rule.legal_basis)
        cal.add_component(event)
    return cal.to_ical()


def _initials(beneficiary) -> str:
    name = beneficiary.name_latin or beneficiary.name_ar
    return "".join(part[0] for part in name.split() if part).upper()
