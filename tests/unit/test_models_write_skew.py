"""A monthly report and a carrier resize at the same moment cannot add up to >100%.

Each write checks the other's row: the report must not exceed the carrier's area, and
the carrier must not shrink below its newest report. Run one after the other, the
rules hold. Run at the same moment on PostgreSQL (READ COMMITTED), each used to check
the other's *old* row and both committed: a 4,800 m² report in a 4,000 m² carrier
(120% occupancy on every page). Both now lock the carrier's row first
(models.services.occupancy.lock_carriers), so the second waits and then sees the first.
The interleaving is forced: the report's save pauses right after its checks until the
resize has committed, or for 3 s when the resize has to wait for the lock.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from model_factories import ADMIN, make_carrier
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.db import get_engine, run_write
from models.errors import ServiceError
from models.occupancy import OccupancyReport
from models.services import occupancy
from models.services.carriers import update_carrier
from models.services.occupancy import save_month


@pytest.mark.postgres
def test_report_and_resize_at_once_never_leave_a_report_above_the_area(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    carrier = make_carrier(pg_url, total_area_m2=5000.0)
    engine = get_engine(pg_url)
    checked, resized = threading.Event(), threading.Event()
    original = occupancy._check_row

    def check_then_pause(*args: object, **kwargs: object) -> object:
        problems = original(*args, **kwargs)  # type: ignore[arg-type]
        checked.set()
        resized.wait(timeout=3)  # the resize commits meanwhile, unless it must wait
        return problems

    monkeypatch.setattr(occupancy, "_check_row", check_then_pause)
    outcome: dict[str, str] = {}

    def report() -> None:
        row = {"carrier_id": carrier.id, "month": date(2026, 2, 1), "occupied_area_m2": 4800.0}
        try:
            run_write(
                engine,
                lambda s: save_month(
                    s, actor=ADMIN, rows=[row], today=date(2026, 3, 1), confirm_implausible=True
                ),
            )
            outcome["report"] = "saved"
        except ServiceError as exc:
            outcome["report"] = exc.messages("en")[0]

    def resize() -> None:
        checked.wait(timeout=10)
        try:
            run_write(
                engine,
                lambda s: update_carrier(
                    s,
                    actor=ADMIN,
                    carrier_id=carrier.id,
                    expected_version=1,
                    changes={"total_area_m2": 4000.0},
                ),
            )
            outcome["resize"] = "saved"
        except ServiceError as exc:
            outcome["resize"] = exc.messages("en")[0]
        finally:
            resized.set()

    threads = [threading.Thread(target=report), threading.Thread(target=resize)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with Session(engine) as s:
        total = s.get(Carrier, carrier.id).total_area_m2  # type: ignore[union-attr]
        newest = s.exec(
            select(OccupancyReport)
            .where(OccupancyReport.carrier_id == carrier.id)
            .order_by(col(OccupancyReport.month).desc())
        ).first()
    occupied = newest.occupied_area_m2 if newest else 0.0
    assert occupied <= total, (outcome, occupied, total)
    assert "saved" in outcome.values(), outcome  # one of them wins
