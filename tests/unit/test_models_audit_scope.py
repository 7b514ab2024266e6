"""The audit view: managers see only their scope's events; dates are whole UTC days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from models.db import get_engine, session_scope
from models.queries import audit_frame, scope_entity_ids
from models.services.carriers import update_carrier
from tests.unit.model_factories import (
    MANAGER_IN,
    MANAGER_OUT,
    SHIBEI_POINT,
    SZR_POINT,
    make_carrier,
    zoned_sqlite_url,
)


def test_manager_sees_events_of_their_scope_only(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    mine = make_carrier(url, SHIBEI_POINT)
    theirs = make_carrier(url, SZR_POINT)
    with session_scope(get_engine(url)) as session:
        update_carrier(
            session,
            actor=MANAGER_IN,
            carrier_id=mine.id,
            expected_version=mine.version,
            changes={"operator": "新运营方"},
        )
    with Session(get_engine(url)) as session:
        scope = scope_entity_ids(session, actor=MANAGER_IN)
        seen = audit_frame(session, entity_ids=scope)
        other = audit_frame(session, entity_ids=scope_entity_ids(session, actor=MANAGER_OUT))
    assert set(seen["entity_id"]) == {mine.id}
    assert "新运营方" in " ".join(seen["after"].dropna())
    assert set(other["entity_id"]) == {theirs.id}


def test_date_range_includes_the_last_day(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    make_carrier(url, SHIBEI_POINT)
    today = datetime.now(UTC).date()  # audit days are UTC days
    with Session(get_engine(url)) as session:
        assert len(audit_frame(session, since=today, until=today)) >= 1
        assert audit_frame(session, until=today - timedelta(days=1)).empty
        assert audit_frame(session, since=today + timedelta(days=1)).empty
