"""CSV downloads that open safely in Excel and WPS.

Two things go wrong with a plain ``DataFrame.to_csv``: Excel reads UTF-8 without a byte
order mark as the local code page (Chinese turns into mojibake), and a cell starting with
``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return) is run as a formula, so a tenant
named ``=HYPERLINK(...)`` becomes a live link in an official's spreadsheet. Text cells
are therefore prefixed with an apostrophe, which spreadsheets show as plain text; numbers
stay numbers (a negative change of -3.5 is data, not a formula).

The apostrophe is undone exactly by :func:`restore` (for reading our own exports back):
a text that already starts with an apostrophe before a risky character gets a second
one, so text and restored text are always the same. Excel files: :mod:`models.xlsx_safe`.
"""

from __future__ import annotations

import numbers

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _risky(text: str) -> bool:
    # "'=x" is prefixed too, so that restore() can tell it from a neutralised "=x".
    return text.startswith(FORMULA_STARTS) or (
        text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)
    )


def neutralise(value: object) -> object:
    """``value`` made inert for spreadsheets: a risky text cell gets a leading apostrophe."""
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def restore(value: object) -> object:
    """The inverse of :func:`neutralise`: the text as it was before it was exported."""
    if isinstance(value, str) and value.startswith("'") and _risky(value[1:]):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) neutralised."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            out[name] = column.map(lambda v: v if isinstance(v, numbers.Number) else neutralise(v))
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte order mark, formula-safe, without the index."""
    # Floats to 9 decimals: sums of areas come out as 1271.6999999999998, which a
    # reader takes for a mistake; 9 decimals keep every figure we store exactly.
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    floats = frame.select_dtypes("float").columns
    rounded = frame.assign(**{c: frame[c].round(9) for c in floats}) if len(floats) else frame
    text: str = BOM + safe_frame(rounded).to_csv(index=False)
    return text.encode("utf-8")
