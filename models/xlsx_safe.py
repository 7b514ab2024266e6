"""Excel (.xlsx) downloads of tables: formula-safe, typed, readable when opened.

The companion of :mod:`models.csv_safe`. In an .xlsx file a cell is a formula only when
it is written as one, so the danger is different from CSV: openpyxl writes any text that
starts with ``=`` as a live formula (a tenant named ``=HYPERLINK(...)`` would become a
link), and Excel re-reads a text cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula as soon as someone edits it. Every text cell is therefore written as a string,
and risky ones also get Excel's own "quote prefix" flag (what typing a leading apostrophe
does): the text is shown and kept exactly as it is, and stays text when edited. Unlike
CSV no apostrophe is added, so reading the file back gives the original text.

Numbers stay numbers and dates stay dates (with a number format), the header row is
bold and frozen, and columns are as wide as their text (a Chinese character counts as
two). No Streamlit here: pages reach this through ``ui.download_table``.
"""

from __future__ import annotations

import io
import math
import numbers
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.csv_safe import FORMULA_STARTS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FLOAT_FORMAT = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MIN_WIDTH, MAX_WIDTH = 6, 60
_WIDTH_SAMPLE = 500  # rows looked at to size a column: enough, and cheap on big tables
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def cell_value(value: object) -> Any:
    """``value`` as something a worksheet cell can hold, or None for an empty cell.

    Missing values (None, NaN, NaT) become empty cells; time zones are turned into UTC
    and dropped (Excel has none); control characters that the file format cannot hold
    are removed; anything else that is not a number, date or text becomes its text.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, datetime):  # pandas Timestamps included
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(UTC).tz_localize(None)
        return stamp.to_pydatetime()
    if isinstance(value, date):
        return value
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def put(ws: Worksheet, row: int, column: int, value: object) -> Any:
    """Write one cell safely: text is always text, risky text also quote-prefixed."""
    cell = ws.cell(row=row, column=column)
    cell.value = cell_value(value)
    if isinstance(cell.value, str):
        # openpyxl marks text starting with "=" as a formula: force plain text.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def display_width(text: str) -> int:
    """Columns a text needs: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def default_format(series: pd.Series) -> str | None:
    """A number format that suits a column's type (None: Excel's General)."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return None
    if pd.api.types.is_float_dtype(series):
        return FLOAT_FORMAT
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATETIME_FORMAT
    sample = series.dropna().head(50)
    if len(sample) and all(isinstance(v, datetime) for v in sample):
        return DATETIME_FORMAT
    if len(sample) and all(isinstance(v, date) for v in sample):
        return DATE_FORMAT
    return None


def write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    *,
    first_row: int = 1,
    number_formats: Mapping[str, str] | None = None,
    freeze: bool = True,
) -> None:
    """Write ``frame`` (header row, then its rows, no index) into ``ws`` at ``first_row``.

    ``number_formats`` maps column names to Excel number formats (``"0.0%"``); other
    columns get one by their type (:func:`default_format`). The header is bold on a
    light fill, frozen when ``freeze``, and every column is sized to its text.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    formats = dict(number_formats or {})
    widths: list[int] = []
    for j, name in enumerate(frame.columns, start=1):
        head = put(ws, first_row, j, str(name))
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.alignment = Alignment(vertical="center", wrap_text=False)
        column = frame.iloc[:, j - 1]
        fmt = formats.get(str(name)) or default_format(column)
        width = display_width(str(name))
        for i, value in enumerate(column.tolist()):
            cell = put(ws, first_row + 1 + i, j, value)
            if fmt is not None and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = fmt
            if i < _WIDTH_SAMPLE and cell.value is not None:
                width = max(width, _shown_width(cell.value, fmt))
        widths.append(width)
    for j, width in enumerate(widths, start=1):
        letter = get_column_letter(j)
        current = ws.column_dimensions[letter].width or 0
        ws.column_dimensions[letter].width = max(current, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    if freeze:
        ws.freeze_panes = f"A{first_row + 1}"  # a coordinate: no empty cell is created


def _shown_width(value: object, fmt: str | None) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float) and fmt == FLOAT_FORMAT:
        return len(f"{value:,.2f}")
    return display_width(str(value))


def sheet_title(text: str) -> str:
    """A valid worksheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    return (text.translate(_BAD_SHEET_CHARS).strip() or "Sheet")[:31]


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook serialised as an .xlsx file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(
    frame: pd.DataFrame,
    *,
    sheet: str = "data",
    number_formats: Mapping[str, str] | None = None,
) -> bytes:
    """One table as an .xlsx file: formula-safe text, typed cells, frozen header."""
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = sheet_title(sheet)
    write_frame(ws, frame, number_formats=number_formats)
    return workbook_bytes(book)
