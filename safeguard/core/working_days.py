"""Calendar arithmetic: working days (Monday to Friday less English bank holidays, `holidays`, subdivision
ENG) and adding months."""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (before it, when negative).

    `start` itself is never counted: one working day after a Friday is the next working Monday.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign == 1 else (end, start)
    count = 0
    day = low
    while day < high:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


# The working day that working hours count within (escalations of unacknowledged work).
WORKDAY_START_HOUR = 9
WORKDAY_END_HOUR = 17


def add_working_hours(start, hours: int):
    """The moment `hours` working hours (09:00–17:00 on working days) after the aware datetime `start`."""
    from datetime import datetime, time

    from django.utils import timezone

    local = timezone.localtime(start)
    tz = local.tzinfo
    remaining = timedelta(hours=hours)
    cursor = local
    while True:
        day = cursor.date()
        day_start = datetime.combine(day, time(WORKDAY_START_HOUR), tz)
        day_end = datetime.combine(day, time(WORKDAY_END_HOUR), tz)
        if is_working_day(day) and cursor < day_end:
            cursor = max(cursor, day_start)
            available = day_end - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), time(0), tz)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative); the month's last day when it has no
    such day (29 February)."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
