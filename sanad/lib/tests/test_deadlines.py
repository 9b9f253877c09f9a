"""Worked examples and properties of the deadline arithmetic."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.lib.deadlines import add_months, due_date, fraction_of, is_working_day

HOLIDAYS = {
    date(2026, 1, 1),
    date(2026, 1, 11),
    date(2026, 1, 14),
    date(2026, 5, 1),
    date(2026, 7, 30),
    date(2026, 8, 14),
    date(2026, 8, 20),
    date(2026, 8, 21),
    date(2026, 11, 6),
    date(2026, 11, 18),
    date(2026, 3, 20),
    date(2026, 3, 21),
}


@pytest.mark.parametrize(
    "trigger, period, counting, roll, expected, why",
    [
        (date(2026, 2, 2), 10, "calendar", False, date(2026, 2, 12), "plain 10 days"),
        (date(2026, 2, 2), 10, "franc", False, date(2026, 2, 13), "délai franc adds the last day"),
        # 10 days franc from Wed 4 Nov → Sat 14 Nov → Monday 16 Nov.
        (date(2026, 11, 4), 10, "franc", True, date(2026, 11, 16), "weekend rolls forward"),
        # Calendar 10 days from Sun 8 Nov ends Wed 18 Nov, Independence Day → Thu 19 Nov.
        (date(2026, 11, 8), 10, "calendar", True, date(2026, 11, 19), "holiday rolls forward"),
        # Aïd al-Fitr (20-21 March 2026, a Friday and Saturday) then Sunday → Monday 23.
        (date(2026, 3, 10), 10, "calendar", True, date(2026, 3, 23), "holiday then weekend"),
        (date(2026, 3, 10), 10, "calendar", False, date(2026, 3, 20), "no roll-forward kept"),
        (date(2028, 2, 19), 10, "calendar", False, date(2028, 2, 29), "leap year"),
    ],
)
def test_worked_examples(trigger, period, counting, roll, expected, why):
    assert due_date(trigger, period, "days", counting, roll, HOLIDAYS) == expected, why


def test_pronouncement_and_notification_give_different_dates():
    pronounced, notified = date(2026, 6, 1), date(2026, 6, 15)
    assert due_date(pronounced, 10, counting="franc") == date(2026, 6, 12)
    assert due_date(notified, 10, counting="franc") == date(2026, 6, 26)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_months_clamp_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_hours_round_up_to_days():
    assert due_date(date(2026, 6, 1), 24, "hours", roll_forward=False) == date(2026, 6, 2)
    assert due_date(date(2026, 6, 1), 25, "hours", roll_forward=False) == date(2026, 6, 3)


def test_conditional_release_fractions():
    # Two years from 1 January 2026 (730 days): half is served after 365 days.
    assert fraction_of(date(2026, 1, 1), 24, 1, 2) == date(2027, 1, 1)
    # Three years (1,096 days, 2028 is a leap year): two thirds is 730.7 days, rounded up.
    assert fraction_of(date(2026, 1, 1), 36, 2, 3) == date(2028, 1, 2)


def test_unknown_units_are_refused():
    with pytest.raises(ValueError):
        due_date(date(2026, 1, 1), 10, "weeks")
    with pytest.raises(ValueError):
        due_date(date(2026, 1, 1), -1)


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
holiday_sets = st.frozensets(dates, max_size=60)
periods = st.integers(min_value=0, max_value=400)
units = st.sampled_from(["days", "months", "hours"])
countings = st.sampled_from(["calendar", "franc"])


@given(dates, periods, units, countings, st.booleans(), holiday_sets)
def test_due_date_is_never_before_its_trigger(trigger, period, unit, counting, roll, holidays):
    assert due_date(trigger, period, unit, counting, roll, holidays) >= trigger


@given(
    dates,
    st.integers(min_value=0, max_value=400),
    periods,
    units,
    countings,
    st.booleans(),
    holiday_sets,
)
def test_a_later_trigger_never_gives_an_earlier_due_date(
    trigger, shift, period, unit, counting, roll, holidays
):
    later = trigger + timedelta(days=shift)
    assert due_date(later, period, unit, counting, roll, holidays) >= due_date(
        trigger, period, unit, counting, roll, holidays
    )


@given(dates, periods, units, countings, holiday_sets)
def test_rolled_due_date_is_a_working_day(trigger, period, unit, counting, holidays):
    due = due_date(trigger, period, unit, counting, True, holidays)
    assert is_working_day(due, holidays)
    assert due not in holidays
