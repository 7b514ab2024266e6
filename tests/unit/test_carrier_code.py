"""The carrier code (migration 0007): the import's stable key, unique where set."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models.db import alembic_config, get_engine, migrate, session_scope
from models.errors import ValidationFailed
from models.seed import load_sample
from models.services.carriers import create_carrier, update_carrier
from tests.unit.model_factories import ADMIN, carrier_data, zoned_sqlite_url


def test_codes_are_upper_case_unique_and_plain(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "c.db")
    with session_scope(get_engine(url)) as s:
        first = create_carrier(s, actor=ADMIN, data=carrier_data(code=" ja-0100 "))
        other = create_carrier(s, actor=ADMIN, data=carrier_data())
    assert first.code == "JA-0100" and other.code is None
    with Session(get_engine(url)) as s, pytest.raises(ValidationFailed) as dup:
        create_carrier(s, actor=ADMIN, data=carrier_data(code="JA-0100"))
    assert dup.value.messages("zh") == [f"载体编码“JA-0100”已被“{first.name_zh}”使用"]
    with Session(get_engine(url)) as s, pytest.raises(ValidationFailed) as bad:
        create_carrier(s, actor=ADMIN, data=carrier_data(code="甲-1"))
    assert bad.value.messages("en") == ["“Carrier code” may contain only letters, digits and . - _"]
    with Session(get_engine(url)) as s, pytest.raises(ValidationFailed):
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=other.id or 0,
            expected_version=1,
            changes={"code": "ja-0100"},
        )
    with session_scope(get_engine(url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=other.id or 0,
            expected_version=1,
            changes={"code": "JA-0101"},
        )
    # The database itself refuses a second carrier with the same code.
    with get_engine(url).begin() as conn, pytest.raises(IntegrityError):
        conn.execute(text("UPDATE carrier SET code = 'JA-0100' WHERE code = 'JA-0101'"))


def test_migration_backfills_sample_carriers_in_id_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    with session_scope(get_engine(url)) as s:
        load_sample(s)
    cfg = alembic_config(url)
    with get_engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    migrate(url)
    with get_engine(url).connect() as conn:
        codes = conn.execute(text("SELECT code FROM carrier ORDER BY id")).scalars().all()
    assert codes[:2] == ["JA-0001", "JA-0002"]
    assert codes == [f"JA-{n:04d}" for n in range(1, len(codes) + 1)]


def test_a_real_database_gets_no_invented_codes(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "real.db")
    with session_scope(get_engine(url)) as s:
        create_carrier(s, actor=ADMIN, data=carrier_data())
    cfg = alembic_config(url)
    with get_engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    migrate(url)
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT code FROM carrier")).scalars().all() == [None]
