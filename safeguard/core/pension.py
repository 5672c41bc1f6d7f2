"""The day a person reaches State Pension age, under the law in force: for the retention rules that
keep a record "until normal pension age" (allegations; records management, docs/adr/0041)."""

from datetime import date

from .working_days import add_months

# Pensions Act 2007, Schedule 3 (the rise from 67 to 68): people born from 6 April 1977 to
# 5 April 1978 reach State Pension age on a fixed date, two months apart from 6 May 2044.
# (Born in the month from the date on the left: State Pension age on the date on the right.)
_PA2007_TABLE = [
    (date(1977, 4, 6), date(2044, 5, 6)),
    (date(1977, 5, 6), date(2044, 7, 6)),
    (date(1977, 6, 6), date(2044, 9, 6)),
    (date(1977, 7, 6), date(2044, 11, 6)),
    (date(1977, 8, 6), date(2045, 1, 6)),
    (date(1977, 9, 6), date(2045, 3, 6)),
    (date(1977, 10, 6), date(2045, 5, 6)),
    (date(1977, 11, 6), date(2045, 7, 6)),
    (date(1977, 12, 6), date(2045, 9, 6)),
    (date(1978, 1, 6), date(2045, 11, 6)),
    (date(1978, 2, 6), date(2046, 1, 6)),
    (date(1978, 3, 6), date(2046, 3, 6)),
]


def state_pension_date(date_of_birth: date) -> date:
    """The day a person born on `date_of_birth` reaches State Pension age, under the law in force.

    Sources: gov.uk "State Pension age timetables" and the Acts behind them —
    - born 6 October 1954 to 5 April 1960: 66 (Pensions Act 2011);
    - born 6 April 1960 to 5 March 1961: 66 and 1 to 11 months, one more month for each month of
      birth (Pensions Act 2014, s 26);
    - born 6 March 1961 to 5 April 1977: 67 (Pensions Act 2014);
    - born 6 April 1977 to 5 April 1978: a fixed date from 6 May 2044 to 6 March 2046 (Pensions
      Act 2007, Schedule 3);
    - born on or after 6 April 1978: 68 (Pensions Act 2007).
    Born before 6 October 1954: 65 here. Those people reached State Pension age before
    6 October 2020 (women born before 1953 earlier still), so for any allegation made since 2010 the
    ten-year rule is the later date and decides.
    """
    dob = date_of_birth
    if dob < date(1954, 10, 6):
        return add_months(dob, 65 * 12)
    if dob < date(1960, 4, 6):
        return add_months(dob, 66 * 12)
    if dob < date(1961, 3, 6):
        # 6 April–5 May 1960: one extra month; each later month of birth, one more.
        months_after = (dob.year - 1960) * 12 + dob.month - 4 - (1 if dob.day < 6 else 0)
        return add_months(dob, 66 * 12 + months_after + 1)
    if dob < date(1977, 4, 6):
        return add_months(dob, 67 * 12)
    if dob < date(1978, 4, 6):
        for born_from, pension_on in reversed(_PA2007_TABLE):
            if dob >= born_from:
                return pension_on
    return add_months(dob, 68 * 12)
