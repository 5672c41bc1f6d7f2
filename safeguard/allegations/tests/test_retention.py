"""State Pension age and the retention review date (KCSIE part 4)."""

from datetime import date

import pytest

from safeguard.allegations.retention import add_months, retention_for, state_pension_date


@pytest.mark.parametrize(
    ("born", "pension"),
    [
        (date(1950, 6, 1), date(2015, 6, 1)),  # before 6 October 1954: 65 here (the 10-year rule decides)
        (date(1954, 10, 6), date(2020, 10, 6)),  # 66 from 6 October 1954
        (date(1960, 4, 5), date(2026, 4, 5)),  # last day of 66
        (date(1960, 4, 6), date(2026, 5, 6)),  # 66 and 1 month
        (date(1960, 5, 5), date(2026, 6, 5)),  # still 66 and 1 month
        (date(1960, 5, 6), date(2026, 7, 6)),  # 66 and 2 months
        (date(1961, 3, 5), date(2028, 2, 5)),  # 66 and 11 months
        (date(1961, 3, 6), date(2028, 3, 6)),  # 67
        (date(1970, 1, 31), date(2037, 1, 31)),
        (date(1977, 4, 5), date(2044, 4, 5)),  # last day of 67
        (date(1977, 4, 6), date(2044, 5, 6)),  # Pensions Act 2007 table starts
        (date(1978, 3, 20), date(2046, 3, 6)),  # the table's last row
        (date(1978, 4, 6), date(2046, 4, 6)),  # 68
        (date(1988, 2, 29), date(2056, 2, 29)),
        (date(1987, 2, 28), date(2055, 2, 28)),
    ],
)
def test_state_pension_date_follows_the_legislated_timetable(born, pension):
    assert state_pension_date(born) == pension


def test_add_months_keeps_the_last_day_for_29_february():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_the_later_of_pension_age_and_ten_years():
    young = retention_for(allegation_on=date(2026, 5, 1), date_of_birth=date(1990, 7, 1))
    assert young.review_on == date(2058, 7, 1)
    assert "State Pension age" in young.basis
    older = retention_for(allegation_on=date(2026, 5, 1), date_of_birth=date(1962, 1, 1))
    assert older.review_on == date(2036, 5, 1)  # 67 in 2029: ten years is later
    assert older.basis.startswith("10 years")


def test_without_a_date_of_birth_ten_years_and_it_says_so():
    unknown = retention_for(allegation_on=date(2026, 5, 1), date_of_birth=None)
    assert unknown.review_on == date(2036, 5, 1)
    assert "date of birth is not known" in unknown.basis
