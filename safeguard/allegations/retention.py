"""How long a LADO case is kept: the person's normal pension age or 10 years, whichever is later.

Keeping Children Safe in Education (part 4) and Working Together: records of allegations are kept
until the accused person reaches normal pension age or for ten years from the date of the
allegation, if that is longer. "Normal pension age" is read as the UK State Pension age.
"""

from dataclasses import dataclass
from datetime import date

from safeguard.core.pension import state_pension_date
from safeguard.core.working_days import add_months

RETENTION_YEARS = 10

__all__ = ["RETENTION_YEARS", "Retention", "retention_for", "state_pension_date"]


@dataclass(frozen=True)
class Retention:
    review_on: date
    basis: str


def retention_for(*, allegation_on: date, date_of_birth: date | None) -> Retention:
    """The later of the person's State Pension age and ten years from the allegation."""
    ten_years = add_months(allegation_on, RETENTION_YEARS * 12)
    if date_of_birth is None:
        return Retention(ten_years, "10 years from the allegation (the person's date of birth is not known)")
    pension = state_pension_date(date_of_birth)
    if pension > ten_years:
        return Retention(pension, "the person's State Pension age (later than 10 years from the allegation)")
    return Retention(ten_years, "10 years from the allegation (later than the person's State Pension age)")
