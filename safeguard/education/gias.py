"""Reading the DfE's "Get information about schools" (GIAS) establishment CSV.

The national extract (`edubasealldata<date>.csv`, about 50,000 rows and 130 columns) names its columns
like `URN`, `EstablishmentName`, `LA (code)`, `LA (name)`, `PhaseOfEducation (name)`,
`TypeOfEstablishment (name)`, `Postcode` and `EstablishmentStatus (name)`; the other columns are
ignored. It is published in Windows-1252, so a file that is not UTF-8 is read as that.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

REQUIRED_COLUMNS = ("URN", "EstablishmentName", "LA (code)", "LA (name)", "EstablishmentStatus (name)")
OPTIONAL_COLUMNS = ("PhaseOfEducation (name)", "TypeOfEstablishment (name)", "Postcode")
# GIAS's statuses; the first two count as open (a school proposed to close still takes pupils).
STATUSES = {
    "Open": True,
    "Open, but proposed to close": True,
    "Closed": False,
    "Proposed to open": False,
}


@dataclass(frozen=True)
class SchoolRow:
    line: int
    urn: int
    name: str
    phase: str
    establishment_type: str
    la_code: str
    la_name: str
    postcode: str
    status: str
    is_open: bool


@dataclass(frozen=True)
class BadRow:
    line: int
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"Line {self.line}: {'; '.join(self.problems)}"


class GiasFileInvalid(ValueError):
    """The file as a whole cannot be read (not CSV, or a required column is missing)."""


def text_of(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def gias_rows(text: str) -> Iterator[SchoolRow | BadRow]:
    """Each row of the file, checked: a `SchoolRow`, or a `BadRow` naming its line and every problem."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise GiasFileInvalid(
            "The file is not a GIAS establishment extract: it has no column " + ", ".join(f'"{c}"' for c in missing)
        )
    seen: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        yield _checked(row, line, seen)


def _checked(row: dict, line: int, seen: dict[int, int]) -> SchoolRow | BadRow:
    problems = []
    value = {key: (row.get(key) or "").strip() for key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    urn = 0
    if not value["URN"]:
        problems.append("URN is empty")
    elif not value["URN"].isdigit() or not 100000 <= int(value["URN"]) <= 999999:
        problems.append(f'URN "{value["URN"]}" is not a 6-digit number')
    else:
        urn = int(value["URN"])
        if urn in seen:
            problems.append(f"URN {urn} is on line {seen[urn]} already")
        else:
            seen[urn] = line
    if not value["EstablishmentName"]:
        problems.append("EstablishmentName is empty")
    elif len(value["EstablishmentName"]) > 200:
        problems.append("EstablishmentName is longer than 200 characters")
    if not (len(value["LA (code)"]) == 3 and value["LA (code)"].isdigit()):
        problems.append(f'LA (code) "{value["LA (code)"]}" is not a 3-digit DfE code')
    if not value["LA (name)"]:
        problems.append("LA (name) is empty")
    if value["EstablishmentStatus (name)"] not in STATUSES:
        problems.append(
            f'EstablishmentStatus (name) "{value["EstablishmentStatus (name)"]}" is not one of ' + ", ".join(STATUSES)
        )
    if len(value["Postcode"]) > 10:
        problems.append(f'Postcode "{value["Postcode"]}" is longer than a postcode')
    if problems:
        return BadRow(line, tuple(problems))
    return SchoolRow(
        line=line,
        urn=urn,
        name=value["EstablishmentName"],
        phase=value["PhaseOfEducation (name)"][:100],
        establishment_type=value["TypeOfEstablishment (name)"][:100],
        la_code=value["LA (code)"],
        la_name=value["LA (name)"][:100],
        postcode=value["Postcode"].upper(),
        status=value["EstablishmentStatus (name)"],
        is_open=STATUSES[value["EstablishmentStatus (name)"]],
    )
