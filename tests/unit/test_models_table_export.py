"""Table downloads: CSV (UTF-8 with BOM) and Excel, safe against formula injection.

A district officer opens these files in Excel or WPS. What they must see: Chinese text
as Chinese, numbers as numbers, and a tenant named ``=HYPERLINK(...)`` as that text,
never a live formula, even after editing the cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest

from models.csv_safe import csv_bytes, neutralise, restore
from models.xlsx_safe import cell_value, display_width, sheet_title, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example","点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
]


def table() -> pd.DataFrame:
    """A table like the pages show: Chinese text, counts, areas, a rate, dates."""
    return pd.DataFrame(
        {
            "企业名称": ["上海云途科技有限公司", "静安数据智能有限公司", "Moon & Co."],
            "员工": [12, 0, 345],
            "面积（㎡）": [1200.5, 35.0, -3.25],
            "出租率": [0.835, 1.0, 0.0],
            "入驻日期": [date(2026, 1, 5), date(2025, 12, 31), date(2024, 3, 1)],
        }
    )


def hostile_table() -> pd.DataFrame:
    return pd.DataFrame({"租户": HOSTILE, "面积": [100.0, -5.0, 0.0, 1.5, 2.0]})


def read_xlsx(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).active


# ----------------------------------------------------------------------------- CSV


def test_csv_starts_with_a_bom_and_decodes_as_utf8() -> None:
    data = csv_bytes(table())
    assert data[:3] == b"\xef\xbb\xbf"
    text = data.decode("utf-8")  # raises if it were GBK or broken
    assert text.splitlines()[0] == "\ufeff企业名称,员工,面积（㎡）,出租率,入驻日期"
    assert "上海云途科技有限公司" in text


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_formula_cells_get_an_apostrophe(text: str) -> None:
    data = csv_bytes(pd.DataFrame({"租户": [text]}))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'" + text]


def test_csv_round_trip_gives_the_same_values() -> None:
    frame = table()
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig")
    assert list(back.columns) == list(frame.columns)
    assert back["企业名称"].tolist() == frame["企业名称"].tolist()
    assert back["员工"].tolist() == [12, 0, 345]
    assert back["面积（㎡）"].tolist() == [1200.5, 35.0, -3.25]  # negatives stay numbers
    assert back["出租率"].tolist() == [0.835, 1.0, 0.0]
    assert back["入驻日期"].tolist() == ["2026-01-05", "2025-12-31", "2024-03-01"]


def test_csv_neutralising_is_undone_exactly_by_restore() -> None:
    # An apostrophe already in front of "=" gets a second one, so nothing is lost.
    values = [*HOSTILE, "'=already quoted", "'plain quote", "a=b", "普通文本"]
    assert [restore(neutralise(v)) for v in values] == values
    back = pd.read_csv(io.BytesIO(csv_bytes(pd.DataFrame({"v": values}))), encoding="utf-8-sig")
    assert [restore(v) for v in back["v"]] == values
    assert neutralise("'=x") == "''=x" and neutralise("'plain") == "'plain"


# ---------------------------------------------------------------------------- xlsx


def test_xlsx_round_trip_gives_identical_values() -> None:
    frame = table()
    back = pd.read_excel(io.BytesIO(xlsx_bytes(frame, sheet="租户")))
    assert list(back.columns) == list(frame.columns)
    assert back["企业名称"].tolist() == frame["企业名称"].tolist()
    assert back["员工"].tolist() == [12, 0, 345]
    assert back["面积（㎡）"].tolist() == [1200.5, 35.0, -3.25]
    assert back["出租率"].tolist() == [0.835, 1.0, 0.0]
    assert [d.date() for d in back["入驻日期"]] == frame["入驻日期"].tolist()


def test_xlsx_hostile_text_is_text_kept_as_it_was_and_quote_prefixed() -> None:
    data = xlsx_bytes(hostile_table())
    ws = read_xlsx(data)
    for row, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.value == text  # exactly the tenant's name, no apostrophe added
        assert cell.data_type == "s"  # a string, not a formula
        assert cell.quotePrefix  # stays text when someone edits the cell in Excel
    assert ws.cell(row=3, column=2).value == -5.0 and not ws.cell(row=3, column=2).quotePrefix
    # No formula anywhere in the sheet's XML.
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    # A hostile header is neutralised too.
    ws = read_xlsx(xlsx_bytes(pd.DataFrame({"=1+1": [1]})))
    assert ws["A1"].data_type == "s" and ws["A1"].quotePrefix


def test_xlsx_header_is_frozen_bold_and_columns_fit_their_text() -> None:
    ws = read_xlsx(xlsx_bytes(table(), sheet="租户"))
    assert ws.title == "租户"
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    # "静安数据智能有限公司" is 10 Chinese characters = 20 columns (+2 padding).
    assert ws.column_dimensions["A"].width == 22
    assert ws["C2"].number_format == "#,##0.00"
    assert ws["E2"].number_format == "yyyy-mm-dd"
    assert ws["B2"].number_format == "General"


def test_xlsx_cell_values_for_awkward_inputs() -> None:
    assert cell_value(float("nan")) is None and cell_value(pd.NaT) is None
    assert cell_value(None) is None and cell_value(float("inf")) is None
    # Excel has no time zones: UTC wall time, no offset.
    noon = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    assert cell_value(pd.Timestamp(noon)) == datetime(2026, 10, 1, 12, 0)
    assert cell_value("a\x00b\x07c") == "abc"  # control characters the format can't hold
    assert cell_value(True) is True
    assert cell_value([1, 2]) == "[1, 2]"


def test_sheet_names_and_widths() -> None:
    assert sheet_title("a/b:c*d?[e]") == "a b c d  e"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("   ") == "Sheet"
    assert display_width("静安ab") == 6
    with pytest.raises(TypeError):
        xlsx_bytes([1, 2])  # type: ignore[arg-type]


def test_csv_shows_sums_of_areas_without_float_noise() -> None:
    """A sum of areas came out as 1271.6999999999998 in the policy page's CSV."""
    total = 1271.1 + 0.6  # 1271.6999999999998 in binary floating point
    assert repr(total) != "1271.7"
    frame = pd.DataFrame({"面积（㎡）": [total, 0.1 + 0.2, 12.5]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["1271.7", "0.3", "12.5"]
