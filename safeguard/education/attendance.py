"""Attendance codes and the attendance file: reading a CSV of session marks row by row, checking each.

The codes are the national codes schools record in their attendance registers and return in the school
census. Sources: DfE, "Working together to improve school attendance" (statutory guidance, August 2024),
"Attendance codes" annex, and the School Attendance (Pupil Registration) (England) Regulations 2024, reg 10
and Schedule 1; DfE, "School census guide 2024 to 2025", the attendance-code table. The codes that the
2024 regulations added (C1, C2, J1, K, Q, Y1–Y7) are read as well; H (holiday authorised by the school)
is no longer in the 2024 list but appears in older files and is read as an authorised absence.

How a session counts (DfE's attendance statistics):
- PRESENT and APPROVED (attending an approved educational activity) are sessions attended;
- AUTHORISED and UNAUTHORISED are absences;
- NOT_POSSIBLE sessions (X, Y…, Z, #, D, Q) are not possible sessions: they count neither way.
Attendance = sessions attended ÷ possible sessions. Unexplained absence: O and N. Exclusion: E.

The file (UTF-8, a header row; columns in any order, names matched without regard to case):
    upn or child_id, date, am, pm
`upn` is the child's unique pupil number, `child_id` Safeguard's number of the child (either; one is
enough). `date` is 2026-09-03 or 03/09/2026. `am` and `pm` are the session's code; an empty cell is a
session not yet marked (nothing is kept for it).
"""

import csv
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

PRESENT, APPROVED, AUTHORISED, UNAUTHORISED, NOT_POSSIBLE = (
    "present",
    "approved educational activity",
    "authorised absence",
    "unauthorised absence",
    "not a possible session",
)

# code: (meaning, how it counts)
CODES: dict[str, tuple[str, str]] = {
    "/": ("Present (morning)", PRESENT),
    "\\": ("Present (afternoon)", PRESENT),
    "L": ("Late, arrived before the register closed", PRESENT),
    "B": ("Attending any other approved educational activity (off-site)", APPROVED),
    "K": ("Attending education provision arranged by the local authority", APPROVED),
    "P": ("Participating in a supervised sporting activity", APPROVED),
    "V": ("Attending an educational visit or trip", APPROVED),
    "W": ("Attending work experience", APPROVED),
    "J": ("Attending an interview (codes before 2024)", APPROVED),
    "J1": ("Leave of absence for an interview", AUTHORISED),
    "C": ("Leave of absence for exceptional circumstances", AUTHORISED),
    "C1": ("Leave of absence to take part in a regulated performance or employment abroad", AUTHORISED),
    "C2": ("Leave of absence for a compulsory school age pupil subject to a part-time timetable", AUTHORISED),
    "E": ("Suspended or permanently excluded, no alternative provision made", AUTHORISED),
    "H": ("Holiday authorised by the school (codes before 2024)", AUTHORISED),
    "I": ("Illness (not medical or dental appointment)", AUTHORISED),
    "M": ("Medical or dental appointment", AUTHORISED),
    "R": ("Religious observance", AUTHORISED),
    "S": ("Study leave", AUTHORISED),
    "T": ("Parent travelling for occupational purposes (Traveller absence)", AUTHORISED),
    "G": ("Holiday not authorised by the school", UNAUTHORISED),
    "N": ("Reason for absence not yet provided", UNAUTHORISED),
    "O": ("Absent in other or unknown circumstances (unauthorised)", UNAUTHORISED),
    "U": ("Arrived in school after the register closed", UNAUTHORISED),
    "D": ("Dual registered: attending another school", NOT_POSSIBLE),
    "Q": ("Unable to attend the school because of a lack of access arrangements", NOT_POSSIBLE),
    "X": ("Not required to be in school (non-compulsory school age)", NOT_POSSIBLE),
    "Y": ("Unable to attend because of exceptional circumstances (codes before 2024)", NOT_POSSIBLE),
    "Y1": ("Unable to attend because transport normally provided is not available", NOT_POSSIBLE),
    "Y2": ("Unable to attend because of widespread disruption to travel", NOT_POSSIBLE),
    "Y3": ("Unable to attend because part of the school premises is closed", NOT_POSSIBLE),
    "Y4": ("Unable to attend because the whole school site is unexpectedly closed", NOT_POSSIBLE),
    "Y5": ("Unable to attend as the pupil is in criminal justice detention", NOT_POSSIBLE),
    "Y6": ("Unable to attend in accordance with public health guidance or law", NOT_POSSIBLE),
    "Y7": ("Unable to attend because of any other unavoidable cause", NOT_POSSIBLE),
    "Z": ("Pupil not on admission register yet", NOT_POSSIBLE),
    "#": ("Planned whole or partial school closure", NOT_POSSIBLE),
}
ATTENDED_CODES = frozenset(code for code, (_, kind) in CODES.items() if kind in (PRESENT, APPROVED))
POSSIBLE_CODES = frozenset(code for code, (_, kind) in CODES.items() if kind != NOT_POSSIBLE)
UNEXPLAINED_CODES = frozenset({"O", "N"})
EXCLUSION_CODES = frozenset({"E"})
CODE_LIST = ", ".join(CODES)

CHILD_COLUMNS = ("upn", "child_id")
DATE_COLUMN = "date"
SESSION_COLUMNS = {"am": "AM", "pm": "PM"}


class FileUnreadable(Exception):
    """The file as a whole cannot be read (not CSV, no header, a column missing): nothing was kept."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}


class Row(NamedTuple):
    """A good row (a named tuple: a term's file has hundreds of thousands, made fast)."""

    line: int
    upn: str
    child_id: int | None
    date: date
    marks: tuple[tuple[str, str], ...]  # (("AM", "/"), ("PM", "N"))


@functools.lru_cache(maxsize=4096)  # a file repeats the same few dates on every child's rows
def _parse_date(text: str) -> date | None:
    text = text.strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def header_read(header: list[str]) -> dict[str, int]:
    """{column: index} from the header row, or FileUnreadable naming what is missing."""
    names = {name.strip().lower().lstrip("\ufeff"): i for i, name in enumerate(header)}
    missing = []
    if not any(column in names for column in CHILD_COLUMNS):
        missing.append("upn or child_id")
    for column in (DATE_COLUMN, *SESSION_COLUMNS):
        if column not in names:
            missing.append(column)
    if missing:
        raise FileUnreadable(
            f"The first row must name the columns upn (or child_id), date, am and pm: {', '.join(missing)} "
            "missing. Add the header row and upload the file again"
        )
    return names


def rows_read(lines: Iterable[str], *, today: date) -> Iterator[Row | Problem]:
    """Each data row, checked: a Row, or a Problem naming its line, field and what to do.

    Reads one row at a time (the file is never held whole)."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileUnreadable("The file is empty: upload a CSV file with a header row and a row per child and date")
    except csv.Error as error:
        raise FileUnreadable(f"The file is not a CSV file ({error}): save it as CSV and upload it again") from None
    columns = header_read(header)
    upn_at, id_at = columns.get("upn"), columns.get("child_id")
    date_at = columns[DATE_COLUMN]
    sessions = [(SESSION_COLUMNS[name], columns[name], name) for name in SESSION_COLUMNS]
    width = max(columns.values()) + 1
    codes = CODES
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(reader.line_num, "row", f"The row cannot be read ({error}): correct its quotes")
            continue
        line = reader.line_num
        if not cells or not "".join(cells).strip():
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        upn = cells[upn_at].strip().upper() if upn_at is not None else ""
        child_text = cells[id_at].strip() if id_at is not None else ""
        child_id = None
        if child_text:
            if not child_text.isdigit():
                yield Problem(line, "child_id", f"“{child_text[:20]}” is not a child's number: give Safeguard's number")
                continue
            child_id = int(child_text)
        elif not upn:
            yield Problem(line, "upn", "Give the child's unique pupil number (upn) or Safeguard's number (child_id)")
            continue
        day = _parse_date(cells[date_at])
        if day is None:
            yield Problem(line, "date", "Give the date like 2026-09-03 or 03/09/2026")
            continue
        if day > today:
            yield Problem(line, "date", f"The date {day:%-d %B %Y} is in the future: give the date of the session")
            continue
        marks = []
        bad = None
        for session, at, name in sessions:
            code = cells[at].strip().upper()
            if not code:
                continue
            if code not in codes:
                bad = Problem(line, name, f"“{code[:5]}” is not an attendance code: use one of {CODE_LIST}")
                break
            marks.append((session, code))
        if bad is not None:
            yield bad
            continue
        if not marks:
            yield Problem(line, "am", "Give a code for the morning (am) or afternoon (pm), or leave the row out")
            continue
        yield Row(line, upn, child_id, day, tuple(marks))


# --- the figures -------------------------------------------------------------------------------------


def school_year_start(day: date) -> date:
    """The school year runs from 1 September to 31 August."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def percent(attended: int, possible: int):
    """Attendance as a percentage to one decimal place, or None without possible sessions."""
    from decimal import ROUND_HALF_UP, Decimal

    if not possible:
        return None
    return (Decimal(attended * 100) / Decimal(possible)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
