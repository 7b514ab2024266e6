"""``manage.py backup`` / ``manage.py restore``: exit codes and one-line errors, never a
traceback (issue 10 §3)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from manage import main
from models.backup import backup_tables, schema_head
from models.db import get_engine
from models.settings import get_settings
from tests.unit.backup_support import all_rows, rewrite


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Point the command line at a database URL (settings are cached: clear them)."""
    used: list[str] = []

    def use(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        used.append(url)

    yield use
    for url in used:
        get_engine(url).dispose()
    get_settings.cache_clear()


@pytest.fixture
def source_url(seeded_url: str, tmp_path: Path) -> Iterator[str]:
    """A private copy of the sample database (a backup writes its audit event there)."""
    target = tmp_path / "source.db"
    src_path = seeded_url.removeprefix("sqlite:///")
    with sqlite3.connect(src_path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    url = f"sqlite:///{target}"
    yield url
    get_engine(url).dispose()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err


def test_backup_then_restore_elsewhere(
    source_url: str, tmp_path: Path, use_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    use_db(source_url)  # type: ignore[operator]
    file = tmp_path / "nightly.zip"
    assert main(["backup", str(file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"backup written: {file} ({len(backup_tables())} tables, ")
    assert "login sessions not included" in out
    # Nothing but the finished file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if "nightly" in p.name) == ["nightly.zip"]

    target = f"sqlite:///{tmp_path / 'restored.db'}"
    use_db(target)  # type: ignore[operator]
    assert main(["restore", str(file)]) == 0
    assert "replaced 0 rows; every login ended" in capsys.readouterr().out
    # Identical, but for the backup's own audit event (written after its snapshot).
    restored = all_rows(get_engine(target), skip=("restore",))
    assert restored == all_rows(get_engine(source_url), skip=("backup",))

    # A second restore into the now occupied database needs --force.
    before = all_rows(get_engine(target))
    assert main(["restore", str(file)]) == 1
    assert "The database already holds data (" in one_line_error(capsys)
    assert all_rows(get_engine(target)) == before
    assert main(["restore", str(file), "--force", "--reason", "drill"]) == 0
    assert "replaced" in capsys.readouterr().out


def test_restore_refusals_are_one_line(
    source_url: str, tmp_path: Path, use_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    use_db(source_url)  # type: ignore[operator]
    good = tmp_path / "good.zip"
    assert main(["backup", str(good)]) == 0
    capsys.readouterr()
    target = f"sqlite:///{tmp_path / 'target.db'}"
    use_db(target)  # type: ignore[operator]

    assert main(["restore", str(tmp_path / "missing.zip")]) == 1
    assert "no such file:" in one_line_error(capsys)

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:5000])
    assert main(["restore", str(truncated)]) == 1
    assert "“truncated.zip” is not a readable backup" in one_line_error(capsys)

    altered = rewrite(
        good, tmp_path / "altered.zip", member="tables/user.jsonl", change=lambda b: b + b"\n"
    )
    assert main(["restore", str(altered), "--force"]) == 1
    assert "Table user in “altered.zip” fails its checksum" in one_line_error(capsys)

    older = rewrite(
        good,
        tmp_path / "older.zip",
        member="manifest.json",
        change=lambda b: json.dumps({**json.loads(b), "schema_revision": "0002"}).encode(),
    )
    assert main(["restore", str(older)]) == 1
    err = one_line_error(capsys)
    assert f"comes from schema revision 0002, but this database is at {schema_head()}" in err
    # None of the refusals wrote anything: the migrated target is still empty.
    assert not any(v for k, v in all_rows(get_engine(target)).items() if k != "appmeta")

    assert main(["backup", str(tmp_path / "no" / "such" / "dir.zip")]) == 1
    assert "no such directory" in one_line_error(capsys)
