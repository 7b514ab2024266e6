"""Read an uploaded table (.xlsx or .csv) into a header row and data rows.

Refusals name the file and say what is wrong in words an office worker understands:
empty, too large, not really the type its extension claims, damaged (a truncated
workbook), an encoding we cannot read. CSV encodings are detected, not asked for:
UTF-8 (with or without the byte order mark Excel writes) and GB18030, the superset of
the GBK that Excel on Chinese Windows saves in.

Pure: no database, no Streamlit.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import PurePath
from typing import Any

from models.errors import ValidationFailed, problem
from models.importing.values import UncomputedFormula

SUFFIXES = (".xlsx", ".csv")
# A zip archive (every .xlsx is one) and the old binary .xls start with these bytes.
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# One import is one transaction, checked row by row through the service layer (~5 ms a
# row): 300,000 rows from a 389 KB zipped workbook held SQLite's write lock for minutes
# and took ~500 MB (attack QA). A district's real files are far smaller (120 carriers,
# 12 months: 1,440 report rows); bigger ones go in batches.
MAX_ROWS = 10_000
# Lines scanned, blank ones included, before a sheet counts as a bomb of empty rows.
MAX_SCANNED = 10 * MAX_ROWS
# What an .xlsx may unpack to (a workbook of MAX_ROWS rows is a few MB).
MAX_UNZIPPED = 100 * 1024 * 1024
# Tried in order; utf-8-sig also reads plain UTF-8. GB18030 decodes every GBK file.
_ENCODINGS = ("utf-8-sig", "gb18030")


class ImportRefused(ValidationFailed):
    """The file as a whole cannot be imported (nothing was read, nothing written)."""


@dataclass(frozen=True)
class Table:
    """A sheet's header cells and its data rows, each with its spreadsheet row number."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str = ""


def refuse(key: str, *, file: str, **params: Any) -> ImportRefused:
    """An ImportRefused with one problem naming the file."""
    return ImportRefused([problem(key, file=file, **params)])


def read_table(filename: str, data: bytes, *, max_bytes: int) -> Table:
    """Read ``data`` (the bytes of ``filename``) as a table, or raise ImportRefused.

    Parameters
    ----------
    filename : str
        The name as uploaded; its extension decides the reader.
    data : bytes
        The file's content.
    max_bytes : int
        Larger files are refused before anything is parsed.
    """
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    name = PurePath(filename).name or "?"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise refuse("err_imp_suffix", file=name, allowed="、".join(SUFFIXES))
    if len(data) > max_bytes:
        raise refuse("err_imp_too_large", file=name, size=_mb(len(data)), max=_mb(max_bytes))
    if not data.strip():
        raise refuse("err_imp_empty", file=name)
    table = _read_xlsx(name, bytes(data)) if suffix == ".xlsx" else _read_csv(name, bytes(data))
    if not table.headers:
        raise refuse("err_imp_empty", file=name)
    return table


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _trim(cells: list[Any]) -> list[Any]:
    while cells and _blank(cells[-1]):
        cells.pop()
    return cells


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _capped(name: str, rows: Iterable[tuple[int, Any]]) -> list[tuple[int, list[Any]]]:
    """The rows, refused as soon as there are more than MAX_ROWS non-blank ones."""
    out: list[tuple[int, list[Any]]] = []
    filled = 0
    for n, cells in rows:
        if n > MAX_SCANNED:
            raise refuse("err_imp_too_many_rows", file=name, max=MAX_ROWS)
        listed = list(cells)
        if any(not _blank(c) for c in listed):
            filled += 1
            if filled > MAX_ROWS + 1:  # + the header row
                raise refuse("err_imp_too_many_rows", file=name, max=MAX_ROWS)
        out.append((n, listed))
    return out


def _split(name: str, raw_rows: list[tuple[int, list[Any]]], encoding: str = "") -> Table:
    """The first non-blank row is the header; blank rows after it are skipped."""
    rows = [(n, _trim(cells)) for n, cells in raw_rows]
    rows = [(n, cells) for n, cells in rows if cells]
    if not rows:
        raise refuse("err_imp_empty", file=name)
    _, header = rows[0]
    headers = ["" if h is None else str(h).strip() for h in header]
    return Table(headers=headers, rows=rows[1:], encoding=encoding)


def _read_xlsx(name: str, data: bytes) -> Table:
    if data.startswith(_OLE_MAGIC):
        raise refuse("err_imp_xls_old", file=name)
    if not data.startswith(_ZIP_MAGIC):
        raise refuse("err_imp_not_xlsx", file=name)
    # openpyxl is imported here: reading CSVs (and importing this module) never needs it.
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError, OSError):
        raise refuse("err_imp_damaged", file=name) from None
    if unzipped > MAX_UNZIPPED:
        # zipfile stops each member at its declared size, so the sum bounds the work.
        raise refuse("err_imp_too_large", file=name, size=_mb(unzipped), max=_mb(MAX_UNZIPPED))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, OSError):
        raise refuse("err_imp_damaged", file=name) from None
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a non-workbook zip
        raise refuse("err_imp_not_xlsx", file=name) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise refuse("err_imp_empty", file=name)
        raw = _capped(name, enumerate(sheet.iter_rows(values_only=True), start=1))
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError):
        # A truncated archive may open and then fail while its sheet is streamed.
        raise refuse("err_imp_damaged", file=name) from None
    finally:
        book.close()
    if _has_formulas(data):
        raw = _mark_uncomputed(name, data, raw)
    return _split(name, raw)


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet holds a formula (``<f>`` elements); bounded by the size check."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [
            info
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        ]
        return any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(info)) for info in sheets)


def _mark_uncomputed(
    name: str, data: bytes, raw: list[tuple[int, list[Any]]]
) -> list[tuple[int, list[Any]]]:
    """``raw`` with each formula cell that has no stored result marked as such.

    A second, formula-reading pass, only for workbooks that hold formulas: a formula with
    a stored result (any file Excel saved) keeps that result.
    """
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True, max_row=len(raw))
        marked = []
        for (n, cells), formulas in zip(raw, rows, strict=False):
            marked.append((n, [_uncomputed(c, f) for c, f in zip_longest(cells, formulas)]))
        return marked
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError):
        raise refuse("err_imp_damaged", file=name) from None
    finally:
        book.close()


def _uncomputed(value: Any, formula: Any) -> Any:
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return UncomputedFormula(formula)
    return value


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or b"\x00" in data[:4096]:
        # A workbook renamed to .csv, or a UTF-16 export: binary to a CSV reader.
        raise refuse("err_imp_not_csv", file=name)
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise refuse("err_imp_encoding", file=name)


def _read_csv(name: str, data: bytes) -> Table:
    text, encoding = _decode(name, data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        raw = _capped(name, enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1))
    except csv.Error:
        raise refuse("err_imp_not_csv", file=name) from None
    return _split(name, raw, "UTF-8" if encoding == "utf-8-sig" else "GB18030")
