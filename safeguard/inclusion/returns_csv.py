"""Schools' returns as a CSV file: one line a pupil, under a heading line naming the columns.

Columns (any order; only `return_type`, `first_name`, `last_name` and `date_of_birth` always needed):
return_type (deletion or admission), first_name, last_name, date_of_birth, upn, address, postcode,
parents, parent_phone, ground (a code from GROUND_CODES), deleted_on, absent_since, new_school,
new_address, admitted_on, previous_school. Dates as 2026-09-14 or 14/09/2026.
"""

import csv
import io
from datetime import date, datetime

from .models import DeletionGround
from .services import RETURN_FACTS, ReturnRow

COLUMNS = ("return_type", *RETURN_FACTS)
REQUIRED_COLUMNS = ("return_type", "first_name", "last_name", "date_of_birth")
DATE_COLUMNS = ("date_of_birth", "deleted_on", "absent_since", "admitted_on")
GROUND_CODES = DeletionGround.values
MAX_LINES = 2000


class CsvInvalid(Exception):
    """The file as a whole cannot be read (not a CSV, no heading line, a column missing)."""


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def returns_rows(data: bytes) -> list[ReturnRow]:
    """The file's lines as returns (each with the problems reading it found, in `values["_problems"]`);
    `CsvInvalid` when it cannot be read at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise CsvInvalid("The file must be a CSV file saved as UTF-8") from error
    reader = csv.DictReader(io.StringIO(text))
    headings = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not headings:
        raise CsvInvalid("The file is empty: the first line must name the columns")
    missing = [c for c in REQUIRED_COLUMNS if c not in headings]
    if missing:
        raise CsvInvalid(f"The heading line must name the columns {', '.join(missing)}")
    unknown = [h for h in headings if h and h not in COLUMNS]
    if unknown:
        raise CsvInvalid(f"Unknown columns: {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}")
    reader.fieldnames = headings
    rows = []
    for raw in reader:
        line = reader.line_num
        if len(rows) >= MAX_LINES:
            raise CsvInvalid(f"The file has more than {MAX_LINES} lines: send it in parts")
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        problems = {}
        kind = values.pop("return_type", "").lower()
        if kind not in ("deletion", "admission"):
            problems["return_type"] = "return_type must be deletion or admission"
            kind = "admission"
        for name in DATE_COLUMNS:
            text = values.get(name, "")
            try:
                values[name] = _date(text) if text else None
            except ValueError:
                problems[name] = f"{name} must be a date like 2026-09-14 or 14/09/2026, not {text[:20]!r}"
                values[name] = None
        if values.get("ground") and values["ground"] not in GROUND_CODES:
            problems["ground"] = f"ground must be one of {', '.join(GROUND_CODES)}"
        values["_problems"] = problems
        rows.append(ReturnRow(kind=kind, values=values, line=line))
    return rows


def template_csv() -> str:
    return ",".join(COLUMNS) + "\n"
