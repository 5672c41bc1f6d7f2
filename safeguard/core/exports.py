"""The one writer for every export a person opens in a spreadsheet (CSV and Excel).

A placing council's free text reaches the host officer's spreadsheet, so a text cell that begins
like a formula (`=`, `+`, `-`, `@`, tab, carriage return) must not run as one (OWASP, "CSV
injection"). In CSV such a cell is prefixed with a single quote; in Excel every text cell is stored
as text (never a formula) and a formula-like one also carries Excel's own quote prefix, so editing
the cell later does not turn it into a formula either. Numbers (negative ones too) stay numbers and
dates stay dates: only text is touched.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet reads as the start of a formula: OWASP's list, and the full-width forms that
# some East Asian editions of Excel also accept.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def is_formula_like(text: str) -> bool:
    # Leading spaces do not make a cell safe: some spreadsheets strip them before reading it.
    return bool(text) and (text[0] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS)


def neutralise(value):
    """A cell value that is safe to open: text that looks like a formula gets a leading quote."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


class _Echo:
    """A file that gives back what is written to it, so csv.writer returns each line."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralise(value)


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV a line at a time (for StreamingHttpResponse), every text cell neutralised."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def csv_text(rows: Iterable[Iterable], *, excel_bom: bool = True) -> str:
    """A whole CSV file as text; the byte-order mark lets Excel read UTF-8 names correctly."""
    return ("\ufeff" if excel_bom else "") + "".join(csv_lines(rows))


def _excel_cell(sheet, value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    cell = WriteOnlyCell(sheet)
    # Control characters cannot be stored in a workbook at all; drop them rather than fail.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl makes a string that starts with "=" a formula
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def excel_bytes(sheets: Iterable[tuple[str, Iterable[Iterable]]]) -> bytes:
    """An .xlsx workbook, one sheet per (title, rows); written a row at a time."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([_excel_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
