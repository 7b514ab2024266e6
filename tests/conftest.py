"""Shared fixtures: migrated SQLite and PostgreSQL databases, sessions, seeded data.

PostgreSQL is optional locally: when the server at ``TEST_PG_HOST`` (default 127.0.0.1:5432,
user postgres, maintenance database ``test``) is unreachable, every test that needs it skips
with the reason; with ``CI=true`` it fails instead (see tests/ci_gate.py). Each test
session creates its own throw-away database there and drops it afterwards; the
``public`` schema of ``test`` is never touched.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models.db import get_engine, migrate, session_scope
from models.seed import ensure_zones, load_sample
from tests.ci_gate import missing_prerequisite

PG_HOST = os.environ.get("TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("TEST_PG_USER", "postgres")
PG_ADMIN_DB = os.environ.get("TEST_PG_DB", "test")
SEED_END_MONTH = date(2026, 10, 1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs the PostgreSQL server (skips when unreachable)"
    )
    config.addinivalue_line("markers", "e2e: end-to-end browser tests (slow)")


# --------------------------------------------------------------------------- SQLite


def sqlite_url_at(path: Path) -> str:
    """A migrated SQLite database file at ``path``."""
    url = f"sqlite:///{path}"
    migrate(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty SQLite database (no zones)."""
    url = sqlite_url_at(tmp_path / "t.db")
    yield url
    get_engine(url).dispose()


# ----------------------------------------------------------------------- PostgreSQL


def _pg_admin_connect() -> object:
    import psycopg

    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname=PG_ADMIN_DB,
        autocommit=True,
        connect_timeout=3,
    )


def _pg_url(dbname: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"


@pytest.fixture(scope="session")
def pg_database_factory() -> Iterator[Callable[[], str]]:
    """Creates empty throw-away PostgreSQL databases; drops them all at the end."""
    try:
        admin = _pg_admin_connect()
    except Exception as exc:  # noqa: BLE001 - any connect failure means "no server"
        missing_prerequisite(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}: {exc}")
    created: list[str] = []

    def create() -> str:
        name = f"jingan_test_{secrets.token_hex(6)}"
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
        created.append(name)
        return _pg_url(name)

    yield create
    for name in created:
        get_engine(_pg_url(name)).dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
    admin.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def pg_url(pg_database_factory: Callable[[], str]) -> str:
    """One migrated PostgreSQL database (with zones) shared by the test session.

    Shared, so tests must not assume empty tables: count before and after instead.
    """
    url = pg_database_factory()
    migrate(url)
    with session_scope(get_engine(url)) as session:
        ensure_zones(session)
    return url


# ------------------------------------------------------------- parametrised engines


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with the reference zones, on SQLite and on PostgreSQL."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_url")
        return
    url = sqlite_url_at(tmp_path / "zones.db")
    with session_scope(get_engine(url)) as session:
        ensure_zones(session)
    yield url
    get_engine(url).dispose()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """The (cached) engine of ``db_url``."""
    return get_engine(db_url)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session for arranging and asserting; rolled back, never committed implicitly."""
    with Session(engine, expire_on_commit=False) as s:
        yield s
        s.rollback()


# ----------------------------------------------------------------------- sample data


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite database loaded with the sample set ending 2026-10 (read-only use!)."""
    url = sqlite_url_at(tmp_path_factory.mktemp("seeded") / "seeded.db")
    with session_scope(get_engine(url)) as session:
        load_sample(session, end_month=SEED_END_MONTH)
    yield url
    get_engine(url).dispose()


@pytest.fixture
def seeded(seeded_url: str) -> Iterator[Session]:
    """A session on the shared seeded database; anything written is rolled back."""
    with Session(get_engine(seeded_url), expire_on_commit=False) as s:
        yield s
        s.rollback()
