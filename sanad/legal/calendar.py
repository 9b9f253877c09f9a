"""iCalendar (RFC 5545) export of a person's hearings and deadlines."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from sanad.legal.agenda import upcoming
from sanad.lib.pagination import first_rows

# Hearings, and dated deadlines, a feed carries at most, the most urgent first. A calendar
# lives on a phone: a coordinator's network-wide agenda at national scale (some 30,000
# events, 8 MB) would swamp it and hold a server worker for seconds and 400 MB.
FEED_EVENTS = 1000


def calendar_for(user) -> bytes:
    """A VCALENDAR with one event per upcoming hearing and per dated open deadline, at most
    FEED_EVENTS of each, and an event today saying how many more the agenda page shows.
    Names are reduced to the case number and initials: calendars are synced to phones."""
    deadlines, hearings = upcoming(user, days=365)
    deadlines, more_deadlines = first_rows(deadlines.filter(due_on__isnull=False), FEED_EVENTS)
    hearings, more_hearings = first_rows(hearings, FEED_EVENTS)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return _calendar(deadlines, hearings, more_deadlines + more_hearings)


def _calendar(deadlines, hearings, more: int) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Sanad//legal agenda//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Sanad")
    stamp = timezone.now()
    host = settings.SITE_URL.split("//")[-1]
    if more:
        cal.add_component(_more_event(more, stamp, host))
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


def _more_event(more: int, stamp, host: str) -> Event:
    """Today, all day: how many hearings and deadlines the feed leaves out, and where they are."""
    today = timezone.localdate()
    event = Event()
    event.add("uid", f"more-{today:%Y%m%d}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", today)
    event.add("dtend", today + timedelta(days=1))
    event.add(
        "summary",
        ngettext(
            "Sanad: %(count)s more hearing or deadline, not in this calendar",
            "Sanad: %(count)s more hearings and deadlines, not in this calendar",
            more,
        )
        % {"count": more},
    )
    event.add(
        "description",
        _("This calendar shows the most urgent ones. See them all in Sanad: %(url)s")
        % {"url": settings.SITE_URL + reverse("legal:agenda")},
    )
    return event


def _initials(beneficiary) -> str:
    name = beneficiary.name_latin or beneficiary.name_ar
    return "".join(part[0] for part in name.split() if part).upper()
