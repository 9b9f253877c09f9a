"""Computing procedural deadlines. Pure functions: the rules themselves are data
(`reference.LegalRule`), and the holidays come from `reference.PublicHoliday`.

Conventions (domain/morocco.md §2, to be re-checked against loi 03.23):
- calendar counting: the period runs from the day after the trigger; the due date is the
  last day on which the act can still be done (trigger + N days);
- délai franc: neither the trigger day nor the last day counts, so the act can still be done
  on the day after the calendar due date (trigger + N + 1 days);
- months are added on the calendar (31 January + 1 month = last day of February);
- hours are rounded up to whole days;
- roll-forward: a due date on a weekend or public holiday moves to the next working day."""

import calendar
from collections.abc import Container
from datetime import date, timedelta

CALENDAR = "calendar"
FRANC = "franc"
DAYS, MONTHS, HOURS = "days", "months", "hours"


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def due_date(
    trigger: date,
    period: int,
    unit: str = DAYS,
    counting: str = CALENDAR,
    roll_forward: bool = True,
    holidays: Container[date] = frozenset(),
) -> date:
    """The last day on which an act with this period may be done, counted from `trigger`."""
    if period < 0:
        raise ValueError("A period cannot be negative.")
    if unit == MONTHS:
        due = add_months(trigger, period)
    elif unit == HOURS:
        due = trigger + timedelta(days=-(-period // 24))
    elif unit == DAYS:
        due = trigger + timedelta(days=period)
    else:
        raise ValueError(f"Unknown unit: {unit}")
    if counting == FRANC:
        due += timedelta(days=1)
    elif counting != CALENDAR:
        raise ValueError(f"Unknown counting convention: {counting}")
    if roll_forward:
        while not is_working_day(due, holidays):
            due += timedelta(days=1)
    return due


def fraction_of(start: date, months: int, numerator: int, denominator: int) -> date:
    """The day on which `numerator/denominator` of a sentence of `months` months, begun on
    `start`, has been served (for conditional-release screening)."""
    end = add_months(start, months)
    return start + timedelta(days=((end - start).days * numerator + denominator - 1) // denominator)
