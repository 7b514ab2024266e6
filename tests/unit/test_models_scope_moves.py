"""Scope edges: a manager cannot move a carrier into someone else's zone; the data
version counter exists from the first migration on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from models import queries
from models.carrier import Carrier
from models.db import get_engine, migrate, session_scope
from models.enums import ExitReason
from models.errors import NotFound, PermissionDenied
from models.services.carriers import update_carrier
from models.services.tenants import move_out
from tests.unit.model_factories import (
    MANAGER_IN,
    SHIBEI_POINT,
    SZR_POINT,
    make_carrier,
    zoned_sqlite_url,
)


def test_manager_cannot_move_a_carrier_out_of_scope(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    carrier = make_carrier(url, SHIBEI_POINT)
    with pytest.raises(PermissionDenied), session_scope(get_engine(url)) as session:
        update_carrier(
            session,
            actor=MANAGER_IN,
            carrier_id=carrier.id,  # type: ignore[arg-type]
            expected_version=carrier.version,
            changes={"lon": SZR_POINT[0], "lat": SZR_POINT[1]},
        )
    with Session(get_engine(url)) as session:
        stored = session.get(Carrier, carrier.id)
        assert stored is not None and (stored.lon, stored.lat) == SHIBEI_POINT


def test_moving_within_scope_is_allowed(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    carrier = make_carrier(url, SHIBEI_POINT)
    with session_scope(get_engine(url)) as session:
        moved = update_carrier(
            session,
            actor=MANAGER_IN,
            carrier_id=carrier.id,  # type: ignore[arg-type]
            expected_version=carrier.version,
            changes={"lon": 121.446, "lat": 31.301},
        )
        assert moved.park_code == "shibei"


def test_moving_out_an_unknown_tenancy_is_not_found(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    with pytest.raises(NotFound), session_scope(get_engine(url)) as session:
        move_out(
            session,
            actor=MANAGER_IN,
            tenancy_id=999,
            expected_version=1,
            end_on=date(2026, 1, 1),
            exit_reason=ExitReason.CLOSED,
        )


def test_fresh_database_has_a_data_version_counter(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(url)
    with Session(get_engine(url)) as session:
        assert queries.data_version(session) == 0
