"""The audit view: managers see only their scope's events; dates are whole Shanghai days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from models.audit import AuditEvent
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


def test_days_are_shanghai_days_with_the_last_day_included(tmp_path: Path) -> None:
    """An edit at 23:30 Shanghai time belongs to that day, one at 00:30 to the next.

    Fixed timestamps on both sides of Shanghai midnight (16:00 UTC), so the test
    does not depend on the hour it runs at (it once failed only after 16:00 UTC).
    """
    url = zoned_sqlite_url(tmp_path / "t.db")
    late = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)  # 2026-03-01 23:30 in Shanghai
    early = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # 2026-03-02 00:30 in Shanghai
    with session_scope(get_engine(url)) as session:
        for at, name in ((late, "late"), (early, "early")):
            session.add(AuditEvent(at=at, username=name, action="update", entity="carrier"))
    day1, day2 = date(2026, 3, 1), date(2026, 3, 2)
    with Session(get_engine(url)) as session:
        assert list(audit_frame(session, since=day1, until=day1)["username"]) == ["late"]
        assert list(audit_frame(session, since=day2, until=day2)["username"]) == ["early"]
        assert list(audit_frame(session, until=day1)["username"]) == ["late"]
        assert list(audit_frame(session, since=day2)["username"]) == ["early"]
        assert audit_frame(session, until=day1 - timedelta(days=1)).empty
        assert audit_frame(session, since=day2 + timedelta(days=1)).empty
