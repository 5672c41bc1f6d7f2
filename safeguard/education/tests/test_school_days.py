"""School days: weekdays of the host's terms, outside half term and bank holidays; the year group; the
PEP's clocks. Dates written out by hand (2026–27), not taken from the code's calendar."""

from datetime import date

import pytest

from safeguard.education.school_days import (
    SchoolCalendar,
    Term,
    is_school_age,
    pep_due,
    year_group_for,
    year_group_label,
)

AUTUMN = Term("Autumn term 2026", date(2026, 9, 3), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30))
SPRING = Term("Spring term 2027", date(2027, 1, 4), date(2027, 3, 25), date(2027, 2, 15), date(2027, 2, 19))
SUMMER = Term("Summer term 2027", date(2027, 4, 12), date(2027, 7, 21), date(2027, 5, 31), date(2027, 6, 4))


@pytest.fixture
def calendar():
    return SchoolCalendar([SUMMER, AUTUMN, SPRING])  # any order


def test_a_week_of_term_is_five_school_days(calendar):
    assert calendar.school_days_from(date(2026, 9, 7), date(2026, 9, 11)) == 5
    assert calendar.school_days_from(date(2026, 9, 7), date(2026, 9, 7)) == 1  # the first day counts
    assert calendar.school_days_from(date(2026, 9, 7), date(2026, 9, 6)) == 0


def test_weekends_and_half_term_are_not_school_days(calendar):
    # Monday 19 October to Friday 6 November 2026: a week, half term, a week.
    assert calendar.school_days_from(date(2026, 10, 19), date(2026, 11, 6)) == 10
    assert not calendar.is_school_day(date(2026, 10, 28))
    assert not calendar.is_school_day(date(2026, 10, 24))  # a Saturday
    assert calendar.is_school_day(date(2026, 11, 2))


def test_christmas_holidays_and_new_year_are_not_school_days(calendar):
    # Monday 14 December 2026 to Friday 8 January 2027: the last week of autumn, three weeks'
    # holiday (with Christmas, Boxing Day's substitute and New Year's Day), the first week of spring.
    assert calendar.school_days_from(date(2026, 12, 14), date(2027, 1, 8)) == 10
    assert not calendar.is_school_day(date(2026, 12, 28))  # the bank holiday for Boxing Day
    assert not calendar.is_school_day(date(2027, 1, 1))


def test_a_bank_holiday_in_term_is_not_a_school_day(calendar):
    # Easter Monday 29 March 2027 falls in the holidays; the early May bank holiday, 3 May 2027, in term.
    assert not calendar.is_school_day(date(2027, 5, 3))
    assert calendar.school_days_from(date(2027, 4, 26), date(2027, 5, 7)) == 9


def test_twenty_school_days_across_half_term(calendar):
    # Without a place from Monday 12 October 2026: half term takes a week, so the 20th school day is
    # Friday 13 November, not Friday 6 November.
    assert calendar.nth_school_day_from(date(2026, 10, 12), 20) == date(2026, 11, 13)
    assert calendar.school_days_from(date(2026, 10, 12), date(2026, 11, 12)) == 19
    assert calendar.school_days_from(date(2026, 10, 12), date(2026, 11, 13)) == 20


def test_twenty_school_days_across_christmas(calendar):
    # From Monday 7 December 2026: 10 days before Christmas, 10 after; the 20th is Friday 15 January.
    assert calendar.nth_school_day_from(date(2026, 12, 7), 20) == date(2027, 1, 15)
    # Starting in the holidays: the first school day is the first of term.
    assert calendar.nth_school_day_from(date(2026, 12, 24), 1) == date(2027, 1, 4)


def test_outside_the_term_dates_working_days_are_counted():
    calendar = SchoolCalendar([AUTUMN])
    assert not calendar.covers(date(2027, 1, 4))
    # After the last term set: working days (no term dates for the holidays or spring), bank holidays
    # still excluded: 5 in term, 21–24 and 29–31 December, 4–8 January.
    assert calendar.school_days_from(date(2026, 12, 14), date(2027, 1, 8)) == 5 + 4 + 3 + 5
    assert calendar.school_days_from(date(2027, 1, 4), date(2027, 1, 8)) == 5
    assert SchoolCalendar([]).school_days_from(date(2026, 12, 21), date(2027, 1, 1)) == 7


def test_year_group_from_the_date_of_birth_and_the_academic_year():
    # Born 31 August 2015: the youngest of their year; born 1 September 2015: the oldest of the next.
    assert year_group_for(date(2015, 8, 31), date(2026, 12, 1)) == 7
    assert year_group_for(date(2015, 9, 1), date(2026, 12, 1)) == 6
    # The year changes on 1 September, not on the birthday or 1 January.
    assert year_group_for(date(2015, 9, 1), date(2027, 8, 31)) == 6
    assert year_group_for(date(2015, 9, 1), date(2027, 9, 1)) == 7
    assert year_group_label(0) == "Reception" and year_group_label(11) == "Year 11"
    assert year_group_label(-1) == "Below school age (nursery)"
    assert is_school_age(date(2022, 8, 31), date(2026, 12, 1))  # Reception
    assert not is_school_age(date(2022, 9, 1), date(2026, 12, 1))  # nursery
    assert is_school_age(date(2008, 9, 1), date(2026, 12, 1))  # Year 13
    assert not is_school_age(date(2008, 8, 31), date(2026, 12, 1))  # left school


def _due(calendar, entered=None, last=None):
    return pep_due(
        entered_care_on=entered,
        last_pep_on=last,
        calendar=calendar,
        initiate_working_days=10,
        ready_working_days=20,
        review_terms=1,
        fallback_months=4,
    )


def test_the_first_pep_within_10_working_days_and_ready_at_20(calendar):
    # Entered care Thursday 17 December 2026: Christmas Day, Boxing Day's substitute and New Year's
    # Day are not working days (school holidays are: the PEP clock is in working days).
    due = _due(calendar, entered=date(2026, 12, 17))
    assert due.reason == "initiate"
    assert due.initiate_by == date(2027, 1, 5)
    assert due.ready_by == date(2027, 1, 19)
    assert due.due_on == due.initiate_by


def test_the_pep_is_reviewed_each_term(calendar):
    # A PEP in the autumn term: the next by the end of the spring term.
    assert _due(calendar, entered=date(2026, 9, 1), last=date(2026, 11, 10)).due_on == date(2027, 3, 25)
    # A PEP in the Christmas holidays: the next term to start is spring, so by its end.
    assert _due(calendar, last=date(2026, 12, 22)).due_on == date(2027, 3, 25)
    # On the first day of spring term: the next term to start after it is summer.
    assert _due(calendar, last=date(2027, 1, 4)).due_on == date(2027, 7, 21)
    # Term dates that do not reach: four months after the last.
    due = _due(calendar, last=date(2027, 5, 10))
    assert due.due_on == date(2027, 9, 10) and not due.from_term_dates


def test_reviewed_every_two_terms_when_configured(calendar):
    due = pep_due(
        entered_care_on=None,
        last_pep_on=date(2026, 11, 10),
        calendar=calendar,
        initiate_working_days=10,
        ready_working_days=20,
        review_terms=2,
        fallback_months=4,
    )
    assert due.due_on == date(2027, 7, 21)
