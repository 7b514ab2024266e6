"""Files too big to check in one transaction are refused before any row is checked.

Attack QA: a 389 KB workbook unpacked to 300,000 rows; its preview held SQLite's write
lock for minutes (nobody else could save or log in) and took ~500 MB of memory.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from import_files import csv_file, xlsx_bytes

from models.importing import reading
from models.importing.reading import ImportRefused, read_table


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_table(name, data, max_bytes=20 * 1024 * 1024)
    return refused.value.messages("zh")[0]


def test_more_rows_than_the_limit_are_refused_with_a_batch_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    monkeypatch.setattr(reading, "MAX_SCANNED", 50)
    rows = [["代码", "名称"]] + [[f"C{i}", f"载体{i}"] for i in range(6)]
    for name, data in (("big.csv", csv_file(rows)), ("big.xlsx", xlsx_bytes(rows))):
        assert "超过 5 行；请分批导入" in _refusal(name, data)
    # Exactly the limit is fine, blank lines between do not count.
    fits = rows[:6] + [["", ""]] * 3
    assert len(read_table("fits.csv", csv_file(fits), max_bytes=10**6).rows) == 5
    # A sheet of endless blank lines is refused too, not scanned for ever.
    blank = rows[:2] + [[None, None]] * 60 + [["C9", "载体9"]]
    assert "分批导入" in _refusal("blank.xlsx", xlsx_bytes(blank))


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_unopened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "MAX_UNZIPPED", 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 400_000)  # 2.4 MB
    message = _refusal("bomb.xlsx", out.getvalue())
    assert "过大（2.3 MB），上限为 1.0 MB" in message
