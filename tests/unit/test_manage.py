"""The operators' command line: exit codes and one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from manage import main
from models.db import get_engine
from models.seed import has_sample_data
from models.settings import get_settings


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_engine(url).dispose()
    get_settings.cache_clear()


def test_migrate_seed_and_clear(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["seed"]) == 0
    out = capsys.readouterr().out
    assert "admin-demo-2026" in out and "DEMO ONLY" in out
    with Session(get_engine(cli_db)) as session:
        assert has_sample_data(session)
    # A second plain seed is a user error: one line, exit code 1, no traceback.
    assert main(["seed"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: sample data is already loaded") and "Traceback" not in err
    assert main(["seed", "--clear"]) == 0
    with Session(get_engine(cli_db)) as session:
        assert not has_sample_data(session)


def test_create_user_refuses_a_short_password(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-user", "chief", "--role", "admin", "--password", "short"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert main(["create-user", "chief", "--role", "admin", "--password", "long-enough-1"]) == 0
