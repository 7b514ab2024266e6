"""Optimistic locking: two people editing the same record never silently overwrite.

Runs on SQLite and PostgreSQL (skipped cleanly when the server is absent). The second
editor gets a Conflict naming who changed the record; the first editor's value survives.
Thread races check that the version guard is atomic in the database, not in Python.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from model_factories import make_carrier
from sqlalchemy import Engine
from sqlmodel import Session, select

from models.carrier import Carrier
from models.db import get_engine
from models.enums import Role
from models.errors import Conflict
from models.occupancy import OccupancyReport
from models.queries import data_version
from models.services.carriers import update_carrier
from models.services.core import Actor
from models.services.occupancy import save_month

ALICE = Actor(username="alice", role=Role.ADMIN)
BOB = Actor(username="bob", role=Role.ADMIN)
TODAY = date(2026, 3, 10)


def _area(engine: Engine, carrier_id: int) -> tuple[float, int]:
    with Session(engine) as s:
        row = s.get(Carrier, carrier_id)
        assert row is not None
        return row.total_area_m2, row.version


def test_second_carrier_editor_gets_a_conflict(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    engine = get_engine(db_url)
    with Session(engine) as first, Session(engine) as second:
        seen_first = first.get(Carrier, carrier.id)
        seen_second = second.get(Carrier, carrier.id)
        assert seen_first is not None and seen_second is not None
        assert seen_first.version == seen_second.version == 1
        update_carrier(
            first,
            actor=ALICE,
            carrier_id=carrier.id,
            expected_version=seen_first.version,
            changes={"total_area_m2": 6000.0},
        )
        first.commit()
        with pytest.raises(Conflict) as info:
            update_carrier(
                second,
                actor=BOB,
                carrier_id=carrier.id,
                expected_version=seen_second.version,
                changes={"total_area_m2": 7000.0},
            )
        second.rollback()
    [en] = info.value.messages("en")
    [zh] = info.value.messages("zh")
    assert en.startswith("This record was changed by alice at ")
    assert zh.startswith("该记录已被 alice 于 ")
    assert _area(engine, carrier.id) == (6000.0, 2)


def test_reloaded_version_may_save(db_url: str) -> None:
    # After the conflict the user reloads (version 2) and saves: that must work.
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    engine = get_engine(db_url)
    for actor, area, version in ((ALICE, 6000.0, 1), (BOB, 7000.0, 2)):
        with Session(engine) as s:
            update_carrier(
                s,
                actor=actor,
                carrier_id=carrier.id,
                expected_version=version,
                changes={"total_area_m2": area},
            )
            s.commit()
    assert _area(engine, carrier.id) == (7000.0, 3)


def _report_row(carrier_id: int, area: float, version: int | None) -> dict[str, object]:
    row: dict[str, object] = {
        "carrier_id": carrier_id,
        "month": date(2026, 2, 1),
        "occupied_area_m2": area,
    }
    if version is not None:
        row["version"] = version
    return row


def test_second_monthly_report_editor_gets_a_conflict(db_url: str) -> None:
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    engine = get_engine(db_url)
    with Session(engine) as s:
        save_month(s, actor=BOB, rows=[_report_row(carrier.id, 1000.0, None)], today=TODAY)
        s.commit()
    with Session(engine) as first, Session(engine) as second:
        version = 1  # both editors loaded the form showing report version 1
        save_month(first, actor=ALICE, rows=[_report_row(carrier.id, 2000.0, version)], today=TODAY)
        first.commit()
        with pytest.raises(Conflict) as info:
            save_month(
                second, actor=BOB, rows=[_report_row(carrier.id, 3000.0, version)], today=TODAY
            )
        second.rollback()
    name_en, name_zh = carrier.name_en, carrier.name_zh
    assert info.value.messages("en")[0].startswith(f"{name_en}: This record was changed by alice")
    assert info.value.messages("zh")[0].startswith(f"{name_zh}：该记录已被 alice 于 ")
    with Session(engine) as s:
        report = s.exec(
            select(OccupancyReport).where(OccupancyReport.carrier_id == carrier.id)
        ).one()
    assert (report.occupied_area_m2, report.version, report.reported_by) == (2000.0, 2, "alice")


def test_new_report_over_one_filed_meanwhile_is_a_conflict(db_url: str) -> None:
    # Bob's form was empty for February; Alice filed it first. Bob must not overwrite.
    carrier = make_carrier(db_url, total_area_m2=5000.0)
    engine = get_engine(db_url)
    with Session(engine) as s:
        save_month(s, actor=ALICE, rows=[_report_row(carrier.id, 1500.0, None)], today=TODAY)
        s.commit()
    with Session(engine) as s, pytest.raises(Conflict) as info:
        save_month(s, actor=BOB, rows=[_report_row(carrier.id, 99.0, None)], today=TODAY)
    assert "changed by alice" in info.value.messages("en")[0]
    with Session(engine) as s:
        report = s.exec(
            select(OccupancyReport).where(OccupancyReport.carrier_id == carrier.id)
        ).one()
    assert report.occupied_area_m2 == 1500.0


def _run_threads(n: int, work: Callable[[int, threading.Barrier], None]) -> None:
    barrier = threading.Barrier(n, timeout=30)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            work(i, barrier)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors


@pytest.mark.postgres
def test_thread_race_loses_no_update(pg_url: str) -> None:
    n = 10
    carrier = make_carrier(pg_url, total_area_m2=1000.0)
    engine = get_engine(pg_url)
    wins: list[int] = []
    conflicts: list[int] = []
    lock = threading.Lock()

    def work(i: int, barrier: threading.Barrier) -> None:
        first_round = True
        while True:
            with Session(engine) as s:
                row = s.get(Carrier, carrier.id)
                assert row is not None
                area, version = row.total_area_m2, row.version
                if first_round:
                    # Everyone has read version 1 before anyone writes.
                    barrier.wait()
                    first_round = False
                try:
                    update_carrier(
                        s,
                        actor=Actor(username=f"t{i}", role=Role.ADMIN),
                        carrier_id=carrier.id,
                        expected_version=version,
                        changes={"total_area_m2": area + 1},
                    )
                    s.commit()
                except Conflict:
                    s.rollback()
                    with lock:
                        conflicts.append(version)
                    continue
            with lock:
                wins.append(version)
            return

    _run_threads(n, work)
    # Exactly one winner per version, and each increment survived.
    assert sorted(wins) == list(range(1, n + 1))
    assert conflicts.count(1) == n - 1
    assert _area(engine, carrier.id) == (1000.0 + n, n + 1)


@pytest.mark.postgres
def test_concurrent_writes_each_bump_the_data_version(pg_url: str) -> None:
    # Writes to different carriers at the same moment: every commit must move the
    # counter, or a cache filled between two commits would stay stale.
    n = 8
    targets = [make_carrier(pg_url) for _ in range(n)]
    engine = get_engine(pg_url)
    with Session(engine) as s:
        before = data_version(s)

    def work(i: int, barrier: threading.Barrier) -> None:
        with Session(engine) as s:
            s.get(Carrier, targets[i].id)
            barrier.wait()
            update_carrier(
                s,
                actor=ALICE,
                carrier_id=targets[i].id,
                expected_version=1,
                changes={"workstations_total": 100 + i},
            )
            s.commit()

    _run_threads(n, work)
    with Session(engine) as s:
        assert data_version(s) == before + n
