"""School days: the days a host council's schools are open, and the clocks counted in them.

A school day is a weekday inside one of the host's terms, outside its half-term holiday, and not an
English bank holiday (`core.working_days`). Term dates are data (`SchoolTerm`, kept at
/education/term-dates/). Outside the span the terms cover (before the first term, after the last) the
calendar does not know the holidays: it counts working days there, and says so (`covers`), rather than
stop the clock. docs/adr/0024-education-virtual-school.md.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.core.working_days import add_months, add_working_days, is_bank_holiday, is_working_day


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: date
    ends_on: date
    half_term_starts_on: date | None = None
    half_term_ends_on: date | None = None

    def is_open_on(self, day: date) -> bool:
        if not self.starts_on <= day <= self.ends_on:
            return False
        if self.half_term_starts_on and self.half_term_ends_on:
            return not self.half_term_starts_on <= day <= self.half_term_ends_on
        return True


class SchoolCalendar:
    """A host's school days, from its terms (any objects with the `Term` fields: `SchoolTerm` rows)."""

    def __init__(self, terms: Iterable):
        self.terms = sorted(
            (Term(t.name, t.starts_on, t.ends_on, t.half_term_starts_on, t.half_term_ends_on) for t in terms),
            key=lambda t: t.starts_on,
        )
        self.first = self.terms[0].starts_on if self.terms else None
        self.last = self.terms[-1].ends_on if self.terms else None
        days: list[date] = []
        for term in self.terms:
            day = term.starts_on
            while day <= term.ends_on:
                if day.weekday() < 5 and term.is_open_on(day) and not is_bank_holiday(day):
                    days.append(day)
                day += timedelta(days=1)
        self._days = sorted(set(days))

    def covers(self, day: date) -> bool:
        """Whether the term dates reach `day` (else working days stand in for school days)."""
        return self.first is not None and self.first <= day <= self.last

    def is_school_day(self, day: date) -> bool:
        if self.covers(day):
            index = bisect_left(self._days, day)
            return index < len(self._days) and self._days[index] == day
        return is_working_day(day)

    def school_days_from(self, start: date, end: date) -> int:
        """School days from `start` up to and including `end` (0 when `end` is before `start`): a child
        without a place since Monday has been without one for 1 school day on Monday."""
        if end < start:
            return 0
        count = 0
        # Before the terms begin and after they end: working days.
        if self.first is None:
            return _working_days_from(start, end)
        if start < self.first:
            count += _working_days_from(start, min(end, self.first - timedelta(days=1)))
        if end > self.last:
            count += _working_days_from(max(start, self.last + timedelta(days=1)), end)
        low, high = max(start, self.first), min(end, self.last)
        if low <= high:
            count += bisect_right(self._days, high) - bisect_left(self._days, low)
        return count

    def nth_school_day_from(self, start: date, n: int) -> date:
        """The date of the `n`th school day counted from `start` (itself counted if a school day)."""
        day = start
        seen = 1 if self.is_school_day(day) else 0
        while seen < n:
            day += timedelta(days=1)
            if self.is_school_day(day):
                seen += 1
        while not self.is_school_day(day):
            day += timedelta(days=1)
        return day

    def term_end_after(self, day: date, terms_after: int = 1) -> date | None:
        """The last day of the `terms_after`th term starting after `day`; None when no such term is set."""
        later = [t for t in self.terms if t.starts_on > day]
        if len(later) < terms_after:
            return None
        return later[terms_after - 1].ends_on

    def term_of(self, day: date) -> Term | None:
        return next((t for t in self.terms if t.starts_on <= day <= t.ends_on), None)


def _working_days_from(start: date, end: date) -> int:
    if end < start:
        return 0
    count = 0
    day = start
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


# --- the personal education plan's clocks ------------------------------------------------------------


@dataclass(frozen=True)
class PepDue:
    due_on: date | None
    reason: str  # "initiate", "review"
    initiate_by: date | None = None
    ready_by: date | None = None
    from_term_dates: bool = True


def pep_due(
    *,
    entered_care_on: date | None,
    last_pep_on: date | None,
    calendar: SchoolCalendar,
    initiate_working_days: int,
    ready_working_days: int,
    review_terms: int,
    fallback_months: int,
) -> PepDue:
    """When the child's PEP is next due.

    - No PEP yet: initiated within `initiate_working_days` (10) working days of entering care, and ready
      for the first review at `ready_working_days` (20).
    - After one: reviewed each term: by the end of the `review_terms`th (1) term starting after the last
      PEP meeting. Where the term dates do not reach that far, `fallback_months` (4) after the last.
    """
    initiate_by = add_working_days(entered_care_on, initiate_working_days) if entered_care_on else None
    ready_by = add_working_days(entered_care_on, ready_working_days) if entered_care_on else None
    if last_pep_on is None:
        return PepDue(initiate_by, "initiate", initiate_by, ready_by)
    due = calendar.term_end_after(last_pep_on, review_terms)
    if due is None:
        return PepDue(add_months(last_pep_on, fallback_months), "review", initiate_by, ready_by, from_term_dates=False)
    return PepDue(due, "review", initiate_by, ready_by)


# --- year groups -------------------------------------------------------------------------------------


def academic_year_start(day: date) -> date:
    """1 September of the academic year `day` falls in."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def year_group_for(date_of_birth: date, day: date) -> int:
    """The national curriculum year of a child born on `date_of_birth`, in the academic year of `day`:
    their age on 31 August before it starts, less 4 (0 is Reception, 1 is Year 1, 11 is Year 11)."""
    start = academic_year_start(day)
    cutoff = date(start.year, 8, 31)
    age = cutoff.year - date_of_birth.year - ((cutoff.month, cutoff.day) < (date_of_birth.month, date_of_birth.day))
    return age - 4


def school_age_births(day: date) -> tuple[date, date]:
    """Children born after the first date and on or before the second are in Reception to Year 13 in the
    academic year of `day`: the ages the school-place clock runs for (younger children are not of school
    age; older ones have left school)."""
    start = academic_year_start(day)
    return date(start.year - 18, 8, 31), date(start.year - 4, 8, 31)


def is_school_age(date_of_birth: date, day: date) -> bool:
    born_after, born_by = school_age_births(day)
    return born_after < date_of_birth <= born_by


def year_group_label(year: int | None) -> str:
    if year is None:
        return ""
    if year < 0:
        return "Below school age (nursery)"
    if year == 0:
        return "Reception"
    if year > 13:
        return "Beyond Year 13"
    return f"Year {year}"


YEAR_GROUP_CHOICES = [(-1, "Nursery"), (0, "Reception"), *[(n, f"Year {n}") for n in range(1, 14)]]
