"""Migration 0005 (support grants): the schema itself refuses nonsense grants, and the
migration goes down and up again cleanly, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from models.db import alembic_config, get_engine, migrate


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database migrated to head (its own, so downgrades touch nobody else)."""
    if request.param == "postgresql":
        factory: Callable[[], str] = request.getfixturevalue("pg_database_factory")
        url = factory()
    else:
        url = f"sqlite:///{tmp_path}/m.db"
    migrate(url)
    yield url
    get_engine(url).dispose()


TENANT = (
    "INSERT INTO tenant (id, name, name_en, credit_code, industry, registered_in_district, "
    "tax_in_district, high_tech_certified, five_year_commitment, fiscal_support_note, "
    "employees, is_sample, version, created_at, updated_at, updated_by) VALUES (1, 'x', '', "
    "'91310106MA1FY5X7X1', 'ai', true, true, false, true, '', 0, false, 1, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '')"
)


def _grant(
    tenant_id: int = 1, level: str = "district", amount: float = 10, year: int = 2024
) -> str:
    return (
        "INSERT INTO supportgrant (tenant_id, fund_name, fund_code, level, year, "
        "amount_10k_cny, note, is_sample, version, created_at, updated_at, updated_by) "
        f"VALUES ({tenant_id}, 'f', '', '{level}', {year}, {amount}, '', false, 1, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '')"
    )


def test_grant_table_refuses_bad_rows_whatever_code_path_writes(migrated_url: str) -> None:
    engine = get_engine(migrated_url)
    with engine.begin() as conn:
        conn.execute(text(TENANT))
        conn.execute(text(_grant()))
    for bad in (
        _grant(level="casino"),
        _grant(amount=-5),
        _grant(year=1800),
        _grant(tenant_id=42),  # no such tenant
    ):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(bad))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM supportgrant")).scalar() == 1


def test_grant_migration_goes_down_and_up_again(migrated_url: str) -> None:
    engine = get_engine(migrated_url)
    cfg = alembic_config(migrated_url)
    # Whatever 0005 is chained after once the branches merge.
    before = ScriptDirectory.from_config(cfg).get_revision("0005").down_revision
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, str(before))
    tables = set(inspect(engine).get_table_names())
    assert "supportgrant" not in tables and "tenant" in tables
    migrate(migrated_url)
    columns = {c["name"] for c in inspect(engine).get_columns("supportgrant")}
    assert {"tenant_id", "fund_name", "fund_code", "level", "year", "amount_10k_cny"} <= columns
    indexes = {i["name"] for i in inspect(engine).get_indexes("supportgrant")}
    assert "ix_supportgrant_tenant_id" in indexes
