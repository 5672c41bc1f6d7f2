"""The clocks of the inclusion service, counted in the host's school days (education.school_days).

- The 20-school-day rule: a pupil absent without leave for 20 consecutive school days may be deleted
  from the admission register only once the school and the council have both made reasonable enquiries
  and failed to find them (School Attendance (Pupil Registration) (England) Regulations 2024, reg 9;
  "Children missing education", August 2024).
- A new pupil's return is due within 5 school days of admission (reg 13).
- The s437(1) notice gives the parents at least 15 days, beginning with the day it is served.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.education.school_days import SchoolCalendar

ABSENCE_SCHOOL_DAYS = 20
ADMISSION_RETURN_SCHOOL_DAYS = 5
SAO_NOTICE_MIN_DAYS = 15


@dataclass(frozen=True)
class AbsenceClock:
    absent_since: date
    school_days: int  # school days of absence so far, counting the first
    twentieth_day: date  # the 20th school day of absence
    may_delete_from: date  # the next school day after it
    covers: bool  # whether the term dates reach these days (else working days stand in)

    @property
    def remaining(self) -> int:
        return max(ABSENCE_SCHOOL_DAYS - self.school_days, 0)

    @property
    def reached(self) -> bool:
        return self.school_days >= ABSENCE_SCHOOL_DAYS


def absence_clock(calendar: SchoolCalendar, absent_since: date, today: date) -> AbsenceClock:
    """How far the 20-school-day clock has run on `today` for a pupil absent since `absent_since`."""
    twentieth = calendar.nth_school_day_from(absent_since, ABSENCE_SCHOOL_DAYS)
    after = calendar.nth_school_day_from(twentieth + timedelta(days=1), 1)
    return AbsenceClock(
        absent_since=absent_since,
        school_days=calendar.school_days_from(absent_since, today),
        twentieth_day=twentieth,
        may_delete_from=after,
        covers=calendar.covers(absent_since) and calendar.covers(twentieth),
    )


def admission_return_due(calendar: SchoolCalendar, admitted_on: date) -> date:
    """The last day a new pupil's return is on time: the 5th school day after the day of admission."""
    return calendar.nth_school_day_from(admitted_on + timedelta(days=1), ADMISSION_RETURN_SCHOOL_DAYS)


def notice_expires_on(served_on: date, period_days: int) -> date:
    """The last day the parents have to satisfy the council: `period_days` days beginning with the day the
    notice is served (s437(1))."""
    return served_on + timedelta(days=period_days - 1)
