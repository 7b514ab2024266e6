"""``manage.py import``: the preview table, exit codes, --dry-run, --only-valid, --as."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from manage import main
from models.carrier import Carrier
from models.db import get_engine
from models.settings import get_settings
from tests.unit.import_files import copy_sqlite, db_checksum, xlsx_bytes

HEAD = [
    "Code",
    "Chinese name",
    "Stage",
    "Total area (m²)",
    "Total workstations",
    "Longitude",
    "Latitude",
]
GOOD = ["JA-9001", "命令行孵化器", "Incubator", 5000, 300, 121.451, 31.300]
BAD = ["JA-9002", "坏行", "Greenhouse", 100, 10, 121.451, 31.300]


@pytest.fixture
def cli_url(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = copy_sqlite(seeded_url, tmp_path / "cli.db")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_engine(url).dispose()
    get_settings.cache_clear()


def _file(tmp_path: Path, rows: list[list[object]]) -> str:
    path = tmp_path / "carriers.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def _codes(url: str) -> list[str]:
    with Session(get_engine(url)) as s:
        return [
            str(c) for c in s.exec(select(Carrier.code).where(col(Carrier.code).like("JA-90%")))
        ]


def test_rejections_print_the_table_and_exit_1(
    cli_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, [HEAD, GOOD, BAD])
    before = db_checksum(get_engine(cli_url))
    assert main(["import", path, "--kind", "carriers"]) == 1
    out, err = capsys.readouterr()
    assert "carriers.xlsx (carriers): Create 1 · Update 0 · Unchanged 0 · Rejected 1" in out
    assert "Row 3 · JA-9002 [Stage]: “Greenhouse” is not a valid “Stage”" in out
    assert err.startswith("error: File “carriers.xlsx”: 1 row was rejected and nothing was written")
    assert "Traceback" not in err
    assert db_checksum(get_engine(cli_url)) == before


def test_dry_run_writes_nothing_and_only_valid_imports_the_rest(
    cli_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, [HEAD, GOOD, BAD])
    before = db_checksum(get_engine(cli_url))
    assert main(["import", path, "--kind", "carriers", "--dry-run", "--only-valid"]) == 0
    assert db_checksum(get_engine(cli_url)) == before
    capsys.readouterr()
    assert main(["import", path, "--kind", "carriers", "--only-valid", "--lang", "zh"]) == 0
    assert "导入完成：新增 1 行，更新 0 行。" in capsys.readouterr().out
    assert _codes(cli_url) == ["JA-9001"]


def test_as_a_user_acts_within_their_scope(
    cli_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, [HEAD, GOOD])
    assert main(["import", path, "--kind", "carriers", "--as", "viewer"]) == 1
    assert "may not import this carrier" in capsys.readouterr().err
    assert main(["import", path, "--kind", "carriers", "--as", "nobody"]) == 1
    assert "no active user named 'nobody'" in capsys.readouterr().err
    assert main(["import", path, "--kind", "carriers", "--as", "shibei"]) == 0
    with Session(get_engine(cli_url)) as s:
        carrier = s.exec(select(Carrier).where(Carrier.code == "JA-9001")).one()
    assert carrier.updated_by == "shibei"


def test_refused_files_and_templates(
    cli_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["import", str(empty), "--kind", "tenants"]) == 1
    assert capsys.readouterr().err == "error: File “empty.csv” is empty\n"
    assert main(["import", str(tmp_path / "missing.csv"), "--kind", "tenants"]) == 1
    assert "no such file" in capsys.readouterr().err
    monkeypatch.setenv("IMPORT_MAX_MB", "0.000001")
    get_settings.cache_clear()
    big = _file(tmp_path, [HEAD, GOOD])
    assert main(["import", big, "--kind", "carriers"]) == 1
    assert "is too large" in capsys.readouterr().err
    monkeypatch.delenv("IMPORT_MAX_MB")
    get_settings.cache_clear()
    template = tmp_path / "tpl.xlsx"
    assert main(["import-template", str(template), "--kind", "projects", "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["import", str(template), "--kind", "projects", "--dry-run"]) == 0
    assert "Create 1 · Update 0 · Unchanged 0 · Rejected 0" in capsys.readouterr().out
