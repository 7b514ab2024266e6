"""One service call is one transaction, and overlapping saves never deadlock.

On SQLite a savepoint opened before any transaction ran on its own and its release
committed: a save_month that created X's report and then hit a conflict on Y left X
stored. On PostgreSQL the shared data-version row, bumped after each row, made two
overlapping multi-row saves deadlock. Both databases run these tests (PostgreSQL skips
cleanly when no server answers).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from model_factories import audit_rows, make_carrier
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from models.db import get_engine, run_write, session_scope
from models.enums import Role
from models.errors import Conflict
from models.occupancy import OccupancyReport
from models.queries import data_version
from models.seed import clear_sample, ensure_zones, load_sample
from models.services.core import SYSTEM, Actor, audit
from models.services.occupancy import save_month

ALICE = Actor(username="alice", role=Role.ADMIN)
BOB = Actor(username="bob", role=Role.ADMIN)
MONTH = date(2026, 2, 1)
TODAY = date(2026, 3, 10)


def _row(carrier_id: int, area: float, version: int | None = None) -> dict[str, Any]:
    return {
        "carrier_id": carrier_id,
        "month": MONTH,
        "occupied_area_m2": area,
        "occupied_workstations": 10,
        "tenant_count": 2,
        "version": version,
    }


def _reports(url: str, *ids: int) -> dict[int, tuple[float, int]]:
    with Session(get_engine(url)) as s:
        rows = s.exec(select(OccupancyReport).where(OccupancyReport.month == MONTH)).all()
        return {r.carrier_id: (r.occupied_area_m2, r.version) for r in rows if r.carrier_id in ids}


def _version(url: str) -> int:
    with Session(get_engine(url)) as s:
        return data_version(s)


def test_a_failed_save_leaves_nothing_stored(db_url: str) -> None:
    # X has no February report yet; Y has one that Alice changes after Bob loaded it.
    x = make_carrier(db_url, total_area_m2=5000.0)
    y = make_carrier(db_url, total_area_m2=5000.0)
    engine = get_engine(db_url)
    with session_scope(engine) as s:
        save_month(s, actor=ALICE, rows=[_row(y.id, 1000.0)], today=TODAY)
    with session_scope(engine) as s:
        save_month(s, actor=ALICE, rows=[_row(y.id, 1100.0, 1)], today=TODAY)
    events, version = audit_rows(db_url), _version(db_url)
    # Bob's sheet: a new report for X (written first), then Y at the stale version 1.
    with pytest.raises(Conflict), session_scope(engine, write=True) as s:
        save_month(s, actor=BOB, rows=[_row(x.id, 900.0), _row(y.id, 1200.0, 1)], today=TODAY)
    assert _reports(db_url, x.id, y.id) == {y.id: (1100.0, 2)}  # no report for X
    assert audit_rows(db_url) == events
    assert _version(db_url) == version


def test_a_multi_row_save_bumps_the_data_version_once(db_url: str) -> None:
    carriers = [make_carrier(db_url, total_area_m2=5000.0) for _ in range(3)]
    before, events = _version(db_url), audit_rows(db_url)
    with session_scope(get_engine(db_url), write=True) as s:
        save_month(s, actor=ALICE, rows=[_row(c.id, 1000.0) for c in carriers], today=TODAY)
    assert audit_rows(db_url) == events + 3  # every row audited ...
    assert _version(db_url) == before + 1  # ... and the shared counter touched once


def test_a_rolled_back_audit_does_not_bump_a_later_commit(db_url: str) -> None:
    before = _version(db_url)
    with Session(get_engine(db_url)) as s:
        audit(s, actor=SYSTEM, action="seed", entity="dataset", entity_id=None)
        s.rollback()
        s.commit()  # a new, empty transaction
    assert _version(db_url) == before


def test_seeding_and_clearing_still_move_the_data_version(sqlite_url: str) -> None:
    # models.seed audits as SYSTEM inside its caller's unit of work: the bump at commit.
    engine = get_engine(sqlite_url)
    with session_scope(engine) as s:
        ensure_zones(s)
    before = _version(sqlite_url)
    with session_scope(engine) as s:
        load_sample(s, end_month=MONTH)
    seeded = _version(sqlite_url)
    with session_scope(engine) as s:
        clear_sample(s)
    assert before < seeded < _version(sqlite_url)


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_deadlock_is_retried_then_reported_as_a_conflict(sqlite_url: str) -> None:
    engine = get_engine(sqlite_url)
    calls: list[int] = []

    def flaky(session: Session) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE ...", {}, _Deadlock())
        return "ok"

    assert run_write(engine, flaky) == "ok" and len(calls) == 2

    def stuck(session: Session) -> None:
        raise OperationalError("UPDATE ...", {}, _Deadlock())

    with pytest.raises(Conflict) as info:
        run_write(engine, stuck)
    assert "再点一次保存" in info.value.messages("zh")[0]
    assert "UPDATE" not in info.value.messages("zh")[0]


# ------------------------------------------------------------------ PostgreSQL race


@pytest.fixture
def first_row_hook(pg_url: str) -> Iterator[dict[str, threading.Event]]:
    """Per thread name, an Event set once that thread has written its first report row."""
    engine = get_engine(pg_url)
    written: dict[str, threading.Event] = {"a": threading.Event(), "b": threading.Event()}

    def after(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        name = threading.current_thread().name
        if name in written and statement.lstrip().upper().startswith(
            ("UPDATE OCCUPANCYREPORT", "INSERT INTO OCCUPANCYREPORT")
        ):
            written[name].set()

    event.listen(engine, "after_cursor_execute", after)
    yield written
    event.remove(engine, "after_cursor_execute", after)


def _waiting_for_a_lock(url: str) -> bool:
    with get_engine(url).connect() as conn:
        n = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        ).scalar_one()
    return bool(n)


@pytest.mark.postgres
def test_overlapping_saves_in_opposite_order_do_not_deadlock(
    pg_url: str, first_row_hook: dict[str, threading.Event]
) -> None:
    x = make_carrier(pg_url, total_area_m2=5000.0)
    y = make_carrier(pg_url, total_area_m2=5000.0)
    engine = get_engine(pg_url)
    with session_scope(engine) as s:
        save_month(s, actor=SYSTEM, rows=[_row(x.id, 1000.0), _row(y.id, 1000.0)], today=TODAY)
    before = _version(pg_url)
    outcome: dict[str, str] = {}

    def save(name: str, actor: Actor, order: list[int]) -> None:
        try:
            with session_scope(engine, write=True) as s:
                rows = [_row(cid, 1500.0 if name == "a" else 2500.0, 1) for cid in order]
                if name == "a":
                    # A holds its first row and waits until B holds one too (or B is
                    # queued behind A's lock), then goes on to its second row.
                    original = s.execute

                    def execute(*args: Any, **kwargs: Any) -> Any:
                        result = original(*args, **kwargs)
                        if first_row_hook["a"].is_set() and not first_row_hook["b"].is_set():
                            for _ in range(300):
                                if first_row_hook["b"].wait(0.1) or _waiting_for_a_lock(pg_url):
                                    break
                        return result

                    s.execute = execute  # type: ignore[method-assign]
                save_month(s, actor=actor, rows=rows, today=TODAY)
            outcome[name] = "saved"
        except Conflict:
            outcome[name] = "conflict"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            outcome[name] = f"{type(exc).__name__}: {exc}"

    a = threading.Thread(target=save, name="a", args=("a", ALICE, [x.id, y.id]))
    b = threading.Thread(target=save, name="b", args=("b", BOB, [y.id, x.id]))
    a.start()
    assert first_row_hook["a"].wait(30)
    b.start()
    a.join(60)
    b.join(60)
    assert sorted(outcome.values()) == ["conflict", "saved"], outcome
    winner = 1500.0 if outcome["a"] == "saved" else 2500.0
    assert _reports(pg_url, x.id, y.id) == {x.id: (winner, 2), y.id: (winner, 2)}
    assert _version(pg_url) == before + 1
