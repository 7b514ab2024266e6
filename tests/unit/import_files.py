"""Helpers for import tests: build .xlsx/.csv files in memory, fingerprint a database."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine, select

from models.tables import metadata


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook holding ``rows`` (the first is the header)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    """A CSV of ``rows`` in ``encoding`` (``utf-8-sig`` writes the BOM Excel writes)."""
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def db_checksum(engine: Engine) -> str:
    """SHA-256 over every row of every table (audit trail and counters included)."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for name in sorted(metadata.tables):
            table = metadata.tables[name]
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest.update(f"{name}:{[tuple(r) for r in rows]!r}".encode())
    return digest.hexdigest()


def copy_sqlite(source_url: str, target: Path) -> str:
    """A private copy of a SQLite database (WAL-safe), as a URL."""
    with (
        sqlite3.connect(source_url.removeprefix("sqlite:///")) as src,
        sqlite3.connect(target) as dst,
    ):
        src.backup(dst)
    return f"sqlite:///{target}"
