"""The import's transaction on SQLite and PostgreSQL: savepoints per row, one commit."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.importing import ImportRejected, apply_import, preview_import
from models.services.core import SYSTEM
from tests.unit.import_files import db_checksum, xlsx_bytes

HEAD = ["载体编码", "中文名称", "阶段", "总面积（㎡）", "总工位", "经度", "纬度"]


def _rows(prefix: str, n: int, bad: int | None = None) -> bytes:
    rows: list[list[Any]] = [HEAD]
    for i in range(n):
        stage = "孵化园" if i == bad else "孵化器"
        rows.append([f"{prefix}-{i}", f"载体{prefix}{i}", stage, 100, 10, 121.451, 31.300])
    return xlsx_bytes(rows)


def _codes(engine: Engine, prefix: str) -> list[str]:
    with Session(engine) as s:
        query = select(Carrier.code).where(col(Carrier.code).like(f"{prefix}-%"))
        return sorted(str(c) for c in s.exec(query))


def test_all_or_nothing_on_both_databases(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = "T" + secrets.token_hex(3).upper()  # the PostgreSQL database is shared
    before = db_checksum(engine)
    preview = preview_import(
        engine, actor=SYSTEM, kind="carriers", filename="a.xlsx", data=_rows(prefix, 3, bad=1)
    )
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "rejected": 1}
    with pytest.raises(ImportRejected):
        apply_import(
            engine, actor=SYSTEM, kind="carriers", filename="a.xlsx", data=_rows(prefix, 3, bad=1)
        )
    assert db_checksum(engine) == before

    import models.importing.kinds as kinds

    real, calls = kinds.create_carrier, {"n": 0}

    def failing(session: Session, **kw: Any) -> Carrier:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real(session, **kw)

    monkeypatch.setattr(kinds, "create_carrier", failing)
    with pytest.raises(OperationalError):
        apply_import(
            engine, actor=SYSTEM, kind="carriers", filename="b.xlsx", data=_rows(prefix, 3)
        )
    assert db_checksum(engine) == before
    monkeypatch.setattr(kinds, "create_carrier", real)
    result = apply_import(
        engine,
        actor=SYSTEM,
        kind="carriers",
        filename="c.xlsx",
        data=_rows(prefix, 3, bad=1),
        only_valid=True,
    )
    assert result.counts["create"] == 2
    assert _codes(engine, prefix) == [f"{prefix}-0", f"{prefix}-2"]
