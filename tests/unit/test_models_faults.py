"""A full disk is told apart from an outage: the change was not saved, waiting won't help."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from models.faults import database_full, database_unavailable


def test_a_real_sqlite_file_that_cannot_grow_is_full_not_down(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'small.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x BLOB)"))
    with pytest.raises(OperationalError) as caught, engine.begin() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
        # The file may not grow past its size: SQLite's SQLITE_FULL, as on a full disk.
        conn.execute(text(f"PRAGMA max_page_count={pages}"))
        conn.execute(text("INSERT INTO t VALUES (zeroblob(1000000))"))
    assert "database or disk is full" in str(caught.value)
    assert database_full(caught.value)
    with engine.connect() as conn:  # nothing of the failed write is there
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
    engine.dispose()


def test_locked_and_unreachable_are_outages_not_a_full_disk() -> None:
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert database_unavailable(locked) and not database_full(locked)
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    assert database_unavailable(refused) and not database_full(refused)


def test_no_space_from_the_os_or_postgresql_is_full() -> None:
    assert database_full(OSError(errno.ENOSPC, "No space left on device"))

    class DiskFull(Exception):
        sqlstate = "53100"  # PostgreSQL's disk_full, as psycopg reports it

    wrapped = OperationalError("INSERT", {}, DiskFull("could not extend file"))
    assert database_full(wrapped)
