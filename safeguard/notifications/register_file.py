"""Reading a host council's existing register (CSV or Excel) for import (docs/adr/0036).

`register_file_read` loads the sheet with tablib (openpyxl for .xlsx, values only: a formula is never
run, its last saved value is read); `FACTS` are the facts a column may be mapped to; `row_payload`
turns one row into a notification payload (PAYLOAD.md, kind placement_start) through the mapping,
so every row goes through the same validation and matching as every other notification.

Spreadsheet text is neutralised as it comes in: control characters are dropped and text that a
spreadsheet would read as a formula (`=HYPERLINK(…)`, `@SUM(…)`) loses its leading formula
characters, so nothing imported here turns into a formula in a later export or in anyone's Excel.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

import tablib

from safeguard.core.exports import FORMULA_STARTS

MAX_ROWS = 50_000


@dataclass(frozen=True)
class Fact:
    path: str  # where it goes in the payload
    label: str  # as the page names it
    required: bool = False  # a column must be chosen for it
    kind: str = "text"  # text, date, sex, yes_no, council
    aliases: tuple[str, ...] = ()  # column headings that mean it, for the first mapping


FACTS: tuple[Fact, ...] = (
    Fact("child.first_name", "First name", True, aliases=("first name", "forename", "given name", "first names")),
    Fact("child.last_name", "Last name", True, aliases=("last name", "surname", "family name")),
    Fact("child.date_of_birth", "Date of birth", True, "date", ("date of birth", "dob", "birth date")),
    Fact("child.sex", "Sex", kind="sex", aliases=("sex", "gender")),
    Fact("child.nhs_number", "NHS number", aliases=("nhs number", "nhs no", "nhs")),
    Fact("child.upn", "Unique pupil number (UPN)", aliases=("upn", "unique pupil number")),
    Fact("child.local_id", "Placing council's child ID", aliases=("child id", "la child id", "local id", "child")),
    Fact(
        "placing_authority",
        "Placing council (DfE code or name)",
        True,
        "council",
        ("placing council", "placing authority", "placing la", "la"),
    ),
    Fact("legal_status", "Legal status (SSDA903 code)", aliases=("legal status", "ls")),
    Fact("placement.start_date", "Placement start date", True, "date", ("start date", "placement start", "decom")),
    Fact("placement.type", "Placement type (SSDA903 code)", aliases=("placement type", "place")),
    Fact("placement.carer", "Carer or provider", aliases=("carer", "provider", "carer or provider")),
    Fact("placement.address.line1", "Address line 1", aliases=("address", "address line 1", "address 1")),
    Fact("placement.address.line2", "Address line 2", aliases=("address line 2", "address 2")),
    Fact("placement.address.town", "Town", aliases=("town", "town or city", "city")),
    Fact("placement.address.postcode", "Placement postcode", True, aliases=("postcode", "post code", "pl_post")),
    Fact("social_worker.name", "Social worker's name", aliases=("social worker", "social worker name")),
    Fact("social_worker.email", "Social worker's email", aliases=("social worker email",)),
    Fact("social_worker.phone", "Social worker's phone", aliases=("social worker phone",)),
    Fact("iro.name", "IRO's name", aliases=("iro", "iro name")),
    Fact("iro.email", "IRO's email", aliases=("iro email",)),
    Fact("iro.phone", "IRO's phone", aliases=("iro phone",)),
    Fact("ehc_plan.has_plan", "Has an EHC plan (yes or no)", kind="yes_no", aliases=("ehc plan", "ehcp")),
    Fact(
        "ehc_plan.maintaining_authority",
        "Council maintaining the EHC plan",
        kind="council",
        aliases=("ehc plan council", "ehcp la", "maintaining authority"),
    ),
)
FACT_BY_PATH = {fact.path: fact for fact in FACTS}


class RegisterFileProblem(ValueError):
    """The file cannot be read as a register; the message names what to do."""


@dataclass
class RegisterSheet:
    headers: list[str]
    rows: list[list]  # cell values as read
    first_line: int = 2  # the line (spreadsheet row) of rows[0]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def neutralise_text(value) -> str:
    """Text from a spreadsheet, safe to keep: control characters dropped, formula starts removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("", str(value)).strip()
    # A phone number may start with + and digits; anything else starting like a formula loses the start.
    if text[:1] == "+" and re.fullmatch(r"\+[0-9 ()-]+", text):
        return text
    while text[:1] in FORMULA_STARTS:
        text = text[1:].lstrip()
    return text


def _heading(value) -> str:
    return neutralise_text(value)


def register_file_read(content: bytes, name: str) -> RegisterSheet:
    """The first sheet (xlsx) or the CSV: its column headings and rows. Raises RegisterFileProblem."""
    lower = (name or "").lower()
    data = tablib.Dataset()
    try:
        if lower.endswith(".xlsx"):
            data.load(io.BytesIO(content), format="xlsx")
        elif lower.endswith(".csv"):
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp1252", errors="replace")
            data.load(text, format="csv")
        else:
            raise RegisterFileProblem("The selected file must be a CSV or an Excel (.xlsx) file")
    except RegisterFileProblem:
        raise
    except Exception as error:
        kind = "an Excel (.xlsx)" if lower.endswith(".xlsx") else "a CSV"
        raise RegisterFileProblem(f"The selected file could not be read as {kind} file") from error
    headers = [_heading(h) for h in (data.headers or [])]
    if not any(headers):
        raise RegisterFileProblem("The selected file has no column headings in its first row")
    rows = [list(row) for row in data]
    if not rows:
        raise RegisterFileProblem("The selected file has headings but no rows")
    if len(rows) > MAX_ROWS:
        raise RegisterFileProblem(f"The selected file has more than {MAX_ROWS:,} rows: split it into smaller files")
    return RegisterSheet(headers=headers, rows=rows)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def mapping_guess(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """{fact path: column heading}: the saved mapping where its columns are in this file, else by name."""
    present = {h for h in headers if h}
    by_norm = {_norm(h): h for h in headers if h}
    mapping = {}
    for fact in FACTS:
        chosen = (saved or {}).get(fact.path)
        if chosen in present:
            mapping[fact.path] = chosen
            continue
        for alias in (_norm(fact.label), *fact.aliases):
            if alias in by_norm:
                mapping[fact.path] = by_norm[alias]
                break
    return mapping


def mapping_problems(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """{fact path: message} for a mapping that cannot be used with these headings."""
    problems = {}
    present = set(headers)
    for fact in FACTS:
        column = mapping.get(fact.path, "")
        if column and column not in present:
            problems[fact.path] = (
                f"The file has no column called '{column}': choose the column for {fact.label.lower()}"
            )
        elif fact.required and not column:
            problems[fact.path] = f"Choose the column that holds the {fact.label[:1].lower() + fact.label[1:]}"
    return problems


_UK_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T].*)?")


def _date(value) -> str | None:
    """A date as ISO text, or the text as given (validation then names the field and the format)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = neutralise_text(value)
    if not text:
        return None
    match = _UK_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    match = _ISO_DATE.fullmatch(text)
    if match:
        return "-".join(match.groups())
    return text


_SEXES = {"m": "M", "male": "M", "boy": "M", "f": "F", "female": "F", "girl": "F", "u": "U", "unknown": "U"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _council(text: str, councils: dict[str, str]) -> str:
    """A DfE code for a code or a council's name (`councils`: lowered name -> code); else as given."""
    if re.fullmatch(r"[0-9]{3}", text):
        return text
    return councils.get(text.lower(), text)


def _put(payload: dict, path: str, value) -> None:
    node = payload
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def spreadsheet_reason(field: str, message: str) -> str:
    """A validation message in a spreadsheet's words: the checks speak of the API's forms (ISO dates,
    DfE codes), which a person who typed "31/02/2011" or a council's name cannot act on."""
    fact = FACT_BY_PATH.get(field)
    if fact is None:
        return message
    if fact.kind == "date":
        return f"{fact.label} must be a real date, like 14/03/2012"
    if fact.kind == "council":
        return f"{fact.label} must be an English council's name, like Central Bedfordshire, or its DfE code, like 823"
    return message


def row_payload(row: list, headers: list[str], mapping: dict[str, str], councils: dict[str, str]) -> dict:
    """The notification payload (a placement start) one row of the register states."""
    index = {h: i for i, h in reversed(list(enumerate(headers)))}
    payload: dict = {"kind": "placement_start", "placement": {"emergency": False}}
    for path, column in mapping.items():
        fact = FACT_BY_PATH.get(path)
        if fact is None or not column or column not in index:
            continue
        i = index[column]
        raw = row[i] if i < len(row) else None
        if fact.kind == "date":
            value = _date(raw)
        else:
            text = neutralise_text(raw)
            if not text:
                continue
            if fact.kind == "sex":
                value = _SEXES.get(text.lower(), text)
            elif fact.kind == "yes_no":
                value = True if text.lower() in _YES else False if text.lower() in _NO else text
            elif fact.kind == "council":
                value = _council(text, councils)
            else:
                value = text
        if value is not None and value != "":
            _put(payload, path, value)
    return payload


def row_is_blank(row: list) -> bool:
    return not any(neutralise_text(cell) for cell in row)
