"""Migration 0006 (stage history): carriers that existed before it get one history row
with their current stage, dated when they opened (else the day they were created), on
SQLite and PostgreSQL; the migration goes down and up again cleanly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from models.db import alembic_config, get_engine, migrate


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url_at_0005(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        factory: Callable[[], str] = request.getfixturevalue("pg_database_factory")
        url = factory()
    else:
        url = f"sqlite:///{tmp_path}/m.db"
    command.upgrade(alembic_config(url), "0005")
    yield url
    get_engine(url).dispose()


def _carrier(cid: int, stage: str, opened: str) -> str:
    return (
        "INSERT INTO carrier (id, name_zh, name_en, address, stage, operator, accreditation, "
        "opened_on, total_area_m2, workstations_total, focus_industry, origin, lon, lat, "
        "footprint_wkt, park_code, belt_codes, is_sample, version, created_at, updated_at, "
        f"updated_by) VALUES ({cid}, 'c{cid}', '', '', '{stage}', '', 'none', {opened}, 100, 10, "
        "NULL, 'new', 121.45, 31.3, NULL, 'shibei', '', false, 1, "
        "'2025-02-03 04:05:06', '2025-02-03 04:05:06', '')"
    )


def test_existing_carriers_get_their_current_stage_as_history(url_at_0005: str) -> None:
    engine = get_engine(url_at_0005)
    with engine.begin() as conn:
        conn.execute(text(_carrier(1, "incubator", "'2021-04-01'")))
        conn.execute(text(_carrier(2, "nursery", "NULL")))
    migrate(url_at_0005)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT carrier_id, stage, changed_on FROM carrierstagechange ORDER BY 1")
        ).all()
    as_dates = [(r[0], r[1], date.fromisoformat(str(r[2])[:10])) for r in rows]
    assert as_dates == [(1, "incubator", date(2021, 4, 1)), (2, "nursery", date(2025, 2, 3))]


def test_down_and_up_again(url_at_0005: str) -> None:
    migrate(url_at_0005)
    command.downgrade(alembic_config(url_at_0005), "0005")
    assert "carrierstagechange" not in inspect(get_engine(url_at_0005)).get_table_names()
    migrate(url_at_0005)
    assert "carrierstagechange" in inspect(get_engine(url_at_0005)).get_table_names()
