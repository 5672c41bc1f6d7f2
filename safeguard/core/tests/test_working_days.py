"""Working days over Christmas 2026 and Easter 2027, as the statutory deadlines count them.

Christmas 2026: Fri 25 Dec is Christmas Day; Boxing Day falls on Sat 26 Dec, so Mon 28 Dec is the
substitute bank holiday; Fri 1 Jan 2027 is New Year's Day. Easter 2027: Good Friday 26 Mar, Easter
Monday 29 Mar.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from safeguard.core.working_days import (
    add_months,
    add_working_days,
    add_working_hours,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)

# Nothing here reads the database, but the root conftest reports which database the session used,
# and that needs a test database even when this file is run on its own.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 23), True),  # Wednesday
        (date(2026, 12, 24), True),  # Christmas Eve is not a bank holiday
        (date(2026, 12, 25), False),  # Christmas Day, Friday
        (date(2026, 12, 26), False),  # Boxing Day, Saturday
        (date(2026, 12, 27), False),  # Sunday
        (date(2026, 12, 28), False),  # Boxing Day (substitute), Monday
        (date(2026, 12, 29), True),  # Tuesday
        (date(2027, 1, 1), False),  # New Year's Day, Friday
        (date(2027, 1, 2), False),  # Saturday
        (date(2027, 1, 3), False),  # Sunday
        (date(2027, 1, 4), True),  # Monday
        (date(2027, 3, 25), True),  # Maundy Thursday
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 3, 30), True),  # Tuesday after Easter
    ],
)
def test_is_working_day_over_christmas_and_easter(day, working):
    assert is_working_day(day) is working


def test_no_saturday_or_sunday_is_ever_a_working_day():
    day = date(2026, 11, 1)
    weekends = [day + timedelta(days=n) for n in range(366) if (day + timedelta(days=n)).weekday() >= 5]
    assert len(weekends) >= 104
    assert not any(is_working_day(d) for d in weekends)


# England and Wales bank holidays as GOV.UK publishes them (www.gov.uk/bank-holidays), written out by
# hand so that the check does not lean on the `holidays` library the code uses.
ENGLAND_BANK_HOLIDAYS = {
    # 2025
    date(2025, 1, 1),  # New Year's Day
    date(2025, 4, 18),  # Good Friday
    date(2025, 4, 21),  # Easter Monday
    date(2025, 5, 5),  # Early May bank holiday
    date(2025, 5, 26),  # Spring bank holiday
    date(2025, 8, 25),  # Summer bank holiday
    date(2025, 12, 25),  # Christmas Day
    date(2025, 12, 26),  # Boxing Day
    # 2026
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # Early May bank holiday
    date(2026, 5, 25),  # Spring bank holiday
    date(2026, 8, 31),  # Summer bank holiday
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 28),  # Boxing Day (substitute day: the 26th is a Saturday)
    # 2027
    date(2027, 1, 1),  # New Year's Day
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 5, 3),  # Early May bank holiday
    date(2027, 5, 31),  # Spring bank holiday
    date(2027, 8, 30),  # Summer bank holiday
    date(2027, 12, 27),  # Christmas Day (substitute day: the 25th is a Saturday)
    date(2027, 12, 28),  # Boxing Day (substitute day)
}


def test_bank_holidays_are_englands_for_2025_to_2027():
    """Monday to Friday; the library also names the Saturday or Sunday a holiday falls on, which no
    working-day rule can tell apart from any other weekend day."""
    day, found = date(2025, 1, 1), set()
    while day <= date(2027, 12, 31):
        if day.weekday() < 5 and is_bank_holiday(day):
            found.add(day)
        day += timedelta(days=1)
    assert sorted(found) == sorted(ENGLAND_BANK_HOLIDAYS)


def test_working_days_are_weekdays_less_englands_bank_holidays_for_2025_to_2027():
    day, disagreements = date(2025, 1, 1), []
    while day <= date(2027, 12, 31):
        expected = day.weekday() < 5 and day not in ENGLAND_BANK_HOLIDAYS
        if is_working_day(day) != expected:
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Reg 13: emergency placement on Wed 23 Dec 2026, notice within 5 working days:
        # 24 Dec = 1, 29 Dec = 2, 30 Dec = 3, 31 Dec = 4, (1 Jan bank holiday), 4 Jan = 5.
        (date(2026, 12, 23), 5, date(2027, 1, 4)),
        # Reg 14: 10 working days: … 4 Jan = 5, 5 = 6, 6 = 7, 7 = 8, 8 = 9, 11 Jan = 10.
        (date(2026, 12, 23), 10, date(2027, 1, 11)),
        # LADO within one working day of an allegation on Christmas Eve: Tue 29 Dec.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # A placement ending on Christmas Eve: 10 working days later is Tue 12 Jan 2027.
        (date(2026, 12, 24), 10, date(2027, 1, 12)),
        # Easter 2027: the day after Maundy Thursday that is a working day is Tue 30 Mar.
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2027, 3, 24), 3, date(2027, 3, 31)),
        # A start on a bank holiday or weekend is not itself counted.
        (date(2027, 3, 26), 1, date(2027, 3, 30)),
        (date(2027, 1, 2), 1, date(2027, 1, 4)),
        # One working day after an ordinary Friday is the Monday.
        (date(2027, 3, 19), 1, date(2027, 3, 22)),
        (date(2026, 12, 23), 0, date(2026, 12, 23)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2027, 1, 4), -5, date(2026, 12, 23)),
        (date(2027, 1, 4), -1, date(2026, 12, 31)),
        (date(2026, 12, 29), -1, date(2026, 12, 24)),
        (date(2027, 3, 30), -1, date(2027, 3, 25)),
        (date(2027, 1, 11), -10, date(2026, 12, 23)),
    ],
)
def test_add_negative_working_days_counts_backwards_over_the_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 12, 23), date(2027, 1, 4), 5),
        (date(2026, 12, 23), date(2027, 1, 11), 10),
        (date(2026, 12, 24), date(2026, 12, 28), 0),  # Christmas Day to the substitute Boxing Day
        (date(2026, 12, 24), date(2026, 12, 29), 1),
        (date(2027, 3, 25), date(2027, 3, 30), 1),
        (date(2027, 3, 25), date(2027, 3, 29), 0),
        (date(2026, 12, 23), date(2026, 12, 23), 0),
        # Earlier end: the same count, negative.
        (date(2027, 1, 4), date(2026, 12, 23), -5),
        (date(2027, 3, 30), date(2027, 3, 25), -1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("days", [1, 2, 5, 10, 15, 20])
def test_working_days_between_undoes_add_working_days(days):
    start = date(2026, 12, 22)
    assert working_days_between(start, add_working_days(start, days)) == days
    assert working_days_between(add_working_days(start, days), start) == -days


LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 3, 2, 10), 0, at(2026, 3, 2, 10)),  # nothing to add
        (at(2026, 3, 2, 9), 8, at(2026, 3, 2, 17)),  # a whole working day fits exactly
        (at(2026, 3, 2, 10), 8, at(2026, 3, 3, 10)),  # seven today, one tomorrow
        (at(2026, 3, 2, 7, 30), 1, at(2026, 3, 2, 10)),  # before nine: counted from nine
        (at(2026, 3, 2, 18), 1, at(2026, 3, 3, 10)),  # after five: from nine the next day
        (at(2026, 3, 6, 16), 2, at(2026, 3, 9, 10)),  # Friday afternoon: over the weekend
        (at(2026, 3, 7, 11), 3, at(2026, 3, 9, 12)),  # a Saturday: from Monday at nine
        (at(2026, 3, 2, 10), 24, at(2026, 3, 5, 10)),  # three working days
        # Christmas 2026: 25 Dec, the weekend and the 28th (Boxing Day's substitute) are not counted.
        (at(2026, 12, 24, 15), 4, at(2026, 12, 29, 11)),
        # The clocks go forward on Sunday 29 March 2026: Monday's nine o'clock is BST.
        (at(2026, 3, 27, 16), 2, at(2026, 3, 30, 10)),
    ],
)
def test_working_hours_count_from_nine_to_five_on_working_days(start, hours, expected):
    result = add_working_hours(start, hours)
    assert result == expected and result.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
        (date(2026, 3, 15), -6, date(2025, 9, 15)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # over a year end
        (date(2027, 1, 10), -1, date(2026, 12, 10)),  # back over a year end
        (date(2026, 12, 10), 1, date(2027, 1, 10)),  # December to January
        (date(2026, 8, 31), -6, date(2026, 2, 28)),  # no 31 February: its last day
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # a leap year's February
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 5, 5), 24, date(2028, 5, 5)),
        (date(2026, 5, 5), -25, date(2024, 4, 5)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
