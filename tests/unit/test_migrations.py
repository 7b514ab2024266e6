"""Alembic migrations: an empty database reaches head, re-running is a no-op, and the
SQLModel tables match what the migrations build (a model change without a migration
fails here, not on a production start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from models.db import alembic_config, get_engine, migrate
from models.tables import metadata

EXPECTED_TABLES = {
    "appmeta",
    "auditevent",
    "carrier",
    "carrierstagechange",
    "carriersizechange",
    "conversionproject",
    "conversionstatuschange",
    "login_session",
    "occupancyreport",
    "supportgrant",
    "tenancy",
    "tenant",
    "user",
    "userscope",
    "zone",
}


def _head(url: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None
    return head


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (SQLite file not even created yet)."""
    if request.param == "postgresql":
        factory: Callable[[], str] = request.getfixturevalue("pg_database_factory")
        yield factory()
        return
    url = f"sqlite:///{tmp_path}/fresh/empty.db"
    yield url
    get_engine(url).dispose()


def _versions(url: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_empty_database_migrates_to_head(empty_url: str) -> None:
    assert not inspect(get_engine(empty_url)).get_table_names()
    migrate(empty_url)
    tables = set(inspect(get_engine(empty_url)).get_table_names())
    assert tables == EXPECTED_TABLES | {"alembic_version"}
    assert tables >= set(metadata.tables)
    assert _versions(empty_url) == [_head(empty_url)]


def test_migrating_twice_is_a_no_op(empty_url: str) -> None:
    migrate(empty_url)
    engine = get_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO appmeta (key, value) VALUES ('probe', 'kept')"))
    migrate(empty_url)
    assert _versions(empty_url) == [_head(empty_url)]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM appmeta WHERE key = 'probe'")).scalar() == (
            "kept"
        )


def test_models_match_the_migrations(empty_url: str) -> None:
    migrate(empty_url)
    with get_engine(empty_url).connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, metadata)
    assert differences == [], differences


def test_check_constraints_are_enforced_by_the_database(empty_url: str) -> None:
    # The schema itself refuses nonsense, whatever code path writes.
    migrate(empty_url)
    engine = get_engine(empty_url)
    bad = (
        "INSERT INTO carrier (name_zh, name_en, address, stage, operator, accreditation, "
        "total_area_m2, workstations_total, origin, lon, lat, belt_codes, is_sample, "
        "version, created_at, updated_at, updated_by) VALUES ('x', '', '', 'casino', '', "
        "'none', 10, 1, 'new', 121.45, 31.3, '', false, 1, CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP, '')"
    )
    with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as conn:
        conn.execute(text(bad))
