"""The one export writer: formula-like text is neutralised, numbers and dates are left as they are."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from safeguard.core import exports


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","x")', "+44 1632 960001", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", " =1+1"],
)
def test_formula_like_text_is_quoted_in_csv_and_stored_as_text_in_excel(text):
    line = "".join(exports.csv_lines([[text]]))
    assert next(csv.reader(io.StringIO(line, newline=""))) == ["'" + text]
    workbook = load_workbook(io.BytesIO(exports.excel_bytes([("Sheet", [[text]])])))
    cell = workbook["Sheet"]["A1"]
    # The standard library's XML parser reads a carriage return back as a line feed; lxml keeps it.
    assert cell.data_type == "s" and cell.value.replace("\r", "\n") == text.replace("\r", "\n") and cell.quotePrefix


def test_numbers_dates_and_plain_text_are_left_alone():
    row = ["Ava", -5, 2.5, date(2012, 5, 1), "", None, "O'Brien"]
    line = "".join(exports.csv_lines([row]))
    assert next(csv.reader(io.StringIO(line, newline=""))) == ["Ava", "-5", "2.5", "2012-05-01", "", "", "O'Brien"]
    cells = list(load_workbook(io.BytesIO(exports.excel_bytes([("Sheet", [row])])))["Sheet"].iter_rows())[0]
    assert [c.value for c in cells[:3]] == ["Ava", -5, 2.5]
    assert cells[1].data_type == "n" and cells[3].is_date and cells[3].value.date() == date(2012, 5, 1)
    assert not cells[0].quotePrefix
