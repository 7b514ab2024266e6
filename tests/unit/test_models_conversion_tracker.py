"""The conversion tracker's figures against values worked out by hand.

Five projects (dates chosen so that each rule of models.conversion_tracker decides
something):

== ==== =============== ======= ================ ==================================
id m²   use             zone    plan start/open   history
== ==== =============== ======= ================ ==================================
1  1000 old_factory     shibei, 2025-01-10 /      identified 2024-06-01, planning
                        mrr     2025-12-01        2024-09-01, approved 2024-12-01,
                                                  under_construction 2025-02-15,
                                                  operating 2026-01-20 (carrier 10)
2  2000 idle_commercial njw     2025-06-01 /      identified 2025-01-05, planning
                                2026-06-01        2025-03-01
3  4000 warehouse       none    2024-06-01 / —    identified 2024-03-01, cancelled
                                                  2025-04-01
4  500  old_factory     njw,    2025-10-01 /      identified 2025-08-01,
                        szr     2026-10-01        under_construction 2025-09-10
5  3000 idle_commercial shibei  — / —             none (stored "approved", created
                                                  2024-01-01)
== ==== =============== ======= ================ ==================================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event
from sqlmodel import Session

from models import conversion_tracker as ct
from models.db import get_engine, session_scope
from models.enums import ConversionStatus
from models.services.conversions import change_status, create_conversion
from models.services.core import SYSTEM
from tests.unit.model_factories import (
    SHIBEI_POINT,
    SZR_POINT,
    conversion_data,
    zoned_sqlite_url,
)

D = date


def _projects() -> pd.DataFrame:
    rows = [
        (1, "old_factory", 1000.0, "shibei", ("belt_mrr",), D(2025, 1, 10), D(2025, 12, 1), 10),
        (2, "idle_commercial", 2000.0, None, ("belt_njw",), D(2025, 6, 1), D(2026, 6, 1), None),
        (3, "warehouse", 4000.0, None, (), D(2024, 6, 1), None, None),
        (
            4,
            "old_factory",
            500.0,
            None,
            ("belt_njw", "belt_szr"),
            D(2025, 10, 1),
            D(2026, 10, 1),
            None,
        ),
        (5, "idle_commercial", 3000.0, "shibei", (), None, None, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "original_use",
            "floor_area_m2",
            "park_code",
            "belt_codes",
            "planned_start",
            "planned_open",
            "carrier_id",
        ],
    )
    frame["name_zh"] = [f"项目{i}" for i in frame["id"]]
    frame["name_en"] = [f"Project {i}" for i in frame["id"]]
    frame["actual_start"] = [None, None, None, D(2025, 9, 10), None]
    frame["actual_open"] = None
    frame["status"] = ["operating", "planning", "cancelled", "under_construction", "approved"]
    frame["created_at"] = [datetime(2024, 1, 1)] * 5
    return frame


def _history() -> pd.DataFrame:
    steps = [
        (1, "identified", D(2024, 6, 1)),
        (1, "planning", D(2024, 9, 1)),
        (1, "approved", D(2024, 12, 1)),
        (1, "under_construction", D(2025, 2, 15)),
        (1, "operating", D(2026, 1, 20)),
        (2, "identified", D(2025, 1, 5)),
        (2, "planning", D(2025, 3, 1)),
        (3, "identified", D(2024, 3, 1)),
        (3, "cancelled", D(2025, 4, 1)),
        (4, "identified", D(2025, 8, 1)),
        (4, "under_construction", D(2025, 9, 10)),
    ]
    return pd.DataFrame(
        [(p, s, on, i) for i, (p, s, on) in enumerate(steps, start=1)],
        columns=ct.HISTORY_COLUMNS,
    )


def _reports() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (10, D(2025, 12, 1), 100.0, 1000.0, 1),  # before it opened: left out
            (10, D(2026, 1, 1), 300.0, 1000.0, 3),
            (10, D(2026, 2, 1), 500.0, 1000.0, 5),
            (10, D(2026, 4, 1), 900.0, 1000.0, 9),  # after March 2026: not yet
        ],
        columns=ct.REPORT_COLUMNS,
    )


def _view(month: date) -> ct.TrackerView:
    return ct.tracker_view(
        ct.TrackerData(month=month, projects=_projects(), history=_history(), reports=_reports())
    )


# --------------------------------------------------------------------- status as of


def test_status_as_of_a_month_replays_the_history() -> None:
    march_26 = _view(D(2026, 3, 1)).projects.set_index("id")["status"].to_dict()
    assert march_26 == {
        1: "operating",
        2: "planning",
        3: "cancelled",
        4: "under_construction",
        5: "approved",  # no history: its stored status since creation
    }
    june_25 = _view(D(2025, 6, 1)).projects.set_index("id")["status"].to_dict()
    # Project 4 was identified only in August 2025: not there yet.
    assert june_25 == {1: "under_construction", 2: "planning", 3: "cancelled", 5: "approved"}
    june_24 = _view(D(2024, 6, 1)).projects.set_index("id")["status"].to_dict()
    assert june_24 == {1: "identified", 3: "identified", 5: "approved"}


def test_actual_dates_come_from_the_history_and_not_from_the_future() -> None:
    march_26 = _view(D(2026, 3, 1)).projects.set_index("id")
    assert march_26.loc[1, "actual_start"] == D(2025, 2, 15)
    assert march_26.loc[1, "actual_open"] == D(2026, 1, 20)
    june_25 = _view(D(2025, 6, 1)).projects.set_index("id")
    assert june_25.loc[1, "actual_open"] is None  # opened only in January 2026


# ------------------------------------------------------------------------- lateness


def test_late_projects_and_their_delay() -> None:
    march_26 = _view(D(2026, 3, 1)).projects.set_index("id")
    assert sorted(march_26.index[march_26["late"]]) == [1, 2]
    # 1 started 36 days late (10 Jan → 15 Feb) and opened 50 days late (1 Dec → 20 Jan).
    assert bool(march_26.loc[1, "late_start"]) and bool(march_26.loc[1, "late_open"])
    assert march_26.loc[1, "delay_days"] == 50
    # 2 should have started on 1 Jun 2025 and has not: 303 days by 31 Mar 2026.
    assert bool(march_26.loc[2, "late_start"]) and not march_26.loc[2, "late_open"]
    assert march_26.loc[2, "delay_days"] == 303
    # 3 is cancelled (never late), 4 started early, 5 has no plan.
    assert not march_26.loc[[3, 4, 5], "late"].any()


def test_lateness_is_as_of_the_month() -> None:
    june_25 = _view(D(2025, 6, 1)).projects.set_index("id")
    assert sorted(june_25.index[june_25["late"]]) == [1, 2]
    assert june_25.loc[1, "delay_days"] == 36  # opening not due yet in June 2025
    assert june_25.loc[2, "delay_days"] == 29  # 1 → 30 June
    may_25 = _view(D(2025, 5, 1)).projects.set_index("id")
    assert not may_25.loc[2, "late"]  # its planned start is still ahead
    june_24 = _view(D(2024, 6, 1)).projects.set_index("id")
    # 3 was not yet cancelled in June 2024 and its planned start had passed.
    assert june_24.loc[3, "late"] and june_24.loc[3, "delay_days"] == 29


# --------------------------------------------------------------------- status board


def test_status_board_counts_and_area() -> None:
    board = _view(D(2026, 3, 1)).board
    assert board["status"].tolist() == [s.value for s in ConversionStatus]
    assert board.set_index("status")["projects"].to_dict() == {
        "identified": 0,
        "planning": 1,
        "approved": 1,
        "under_construction": 1,
        "operating": 1,
        "cancelled": 1,
    }
    assert board.set_index("status")["floor_area_m2"].to_dict() == {
        "identified": 0.0,
        "planning": 2000.0,
        "approved": 3000.0,
        "under_construction": 500.0,
        "operating": 1000.0,
        "cancelled": 4000.0,
    }
    earlier = _view(D(2025, 6, 1)).board.set_index("status")["floor_area_m2"]
    assert earlier["under_construction"] == 1000.0 and earlier["operating"] == 0.0


# ---------------------------------------------------------------- m² by zone and use


def test_area_by_zone() -> None:
    table = _view(D(2026, 3, 1)).by_zone.set_index("zone")
    expected = {  # projects, identified, under way, delivered
        "district": (4, 6500.0, 500.0, 1000.0),
        "shibei": (2, 4000.0, 0.0, 1000.0),
        "belt_njw": (2, 2500.0, 500.0, 0.0),
        "belt_szr": (1, 500.0, 500.0, 0.0),
        "belt_mrr": (1, 1000.0, 0.0, 1000.0),
        "outside": (0, 0.0, 0.0, 0.0),  # project 3 is cancelled
    }
    got = {
        z: (int(r.projects), r.identified_m2, r.under_way_m2, r.delivered_m2)
        for z, r in table.iterrows()
    }
    assert got == expected
    assert list(table.index) == list(ct.ZONES)


def test_area_by_original_use() -> None:
    table = _view(D(2026, 3, 1)).by_use.set_index("original_use")
    got = {
        u: (int(r.projects), r.identified_m2, r.under_way_m2, r.delivered_m2)
        for u, r in table.iterrows()
    }
    assert got == {
        "idle_commercial": (2, 5000.0, 0.0, 0.0),
        "old_factory": (2, 1500.0, 500.0, 1000.0),
        "warehouse": (0, 0.0, 0.0, 0.0),
        "other": (0, 0.0, 0.0, 0.0),
    }
    # As of March 2025 the warehouse was not yet cancelled: it still counts.
    march_25 = _view(D(2025, 3, 1)).by_use.set_index("original_use")
    assert march_25.loc["warehouse", "identified_m2"] == 4000.0


# --------------------------------------------------------- resulting carrier occupancy


def test_carrier_occupancy_since_opening_up_to_the_month() -> None:
    occ = _view(D(2026, 3, 1)).occupancy
    assert occ["month"].tolist() == [D(2026, 1, 1), D(2026, 2, 1)]
    assert occ["rate"].tolist() == [0.3, 0.5]
    assert set(occ["project_id"]) == {1} and set(occ["carrier_id"]) == {10}
    assert _view(D(2025, 6, 1)).occupancy.empty  # the carrier had not opened yet


# ------------------------------------------------------------- database, statements


def _statements(url: str, call: Callable[[Session], object]) -> int:
    engine = get_engine(url)
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as s:
            call(s)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _add_project(url: str, point: tuple[float, float], steps: list[tuple[str, date]]) -> int:
    with session_scope(get_engine(url)) as s:
        project = create_conversion(s, actor=SYSTEM, data=conversion_data(point), on=D(2025, 1, 1))
        pid, version = int(project.id or 0), int(project.version)
    for status, on in steps:
        with session_scope(get_engine(url)) as s:
            version = int(
                change_status(
                    s,
                    actor=SYSTEM,
                    project_id=pid,
                    expected_version=version,
                    status=ConversionStatus(status),
                    on=on,
                ).version
            )
    return pid


def test_load_places_projects_in_zones_with_constant_statements(tmp_path: Path) -> None:
    url = zoned_sqlite_url(tmp_path / "t.db")
    a = _add_project(url, SHIBEI_POINT, [("planning", D(2025, 2, 1))])
    b = _add_project(url, SZR_POINT, [("planning", D(2025, 2, 1)), ("approved", D(2025, 5, 1))])

    def run(s: Session) -> None:
        ct.tracker(s, as_of=D(2025, 3, 1))

    few = _statements(url, run)
    for _ in range(4):
        _add_project(url, SZR_POINT, [("planning", D(2025, 2, 1))])
    assert _statements(url, run) == few
    with Session(get_engine(url)) as s:
        view = ct.tracker(s, as_of=D(2025, 3, 1))
    rows = view.projects.set_index("id")
    assert rows.loc[a, "park_code"] == "shibei"
    assert rows.loc[b, "belt_codes"] == ("belt_szr",)
    assert rows.loc[b, "status"] == "planning"  # approved only in May
    assert view.by_zone.set_index("zone").loc["belt_szr", "projects"] == 5


@pytest.mark.parametrize("bad", ["POLYGON((", 3, None])
def test_a_footprint_that_does_not_parse_falls_back_to_the_point(bad: object) -> None:
    assert ct._point(121.4, 31.2, bad) == (121.4, 31.2)


def test_a_footprint_places_the_project_by_a_point_inside_it() -> None:
    # An L-shaped footprint whose centroid lies outside it: the point must be inside.
    footprint = "POLYGON((0 0, 4 0, 4 1, 1 1, 1 4, 0 4, 0 0))"
    x, y = ct._point(9.0, 9.0, footprint)
    assert (0 <= x <= 1 and 0 <= y <= 4) or (0 <= x <= 4 and 0 <= y <= 1)


def test_a_project_that_opened_on_time_is_not_late_whatever_its_start() -> None:
    """Started 31 days late, opened 10 days early: it caught up, no delay to report."""
    projects = pd.DataFrame(
        {
            "id": [1, 2],
            "status": ["operating", "planning"],
            "planned_start": [D(2025, 1, 1), D(2025, 1, 1)],
            "planned_open": [D(2025, 12, 1), D(2025, 6, 1)],
            "actual_start": [D(2025, 2, 1), None],
            "actual_open": [D(2025, 11, 21), None],
        }
    )
    out = ct.lateness(projects, as_of=D(2026, 3, 1)).set_index("id")
    assert not out.loc[1, "late"] and out.loc[1, "delay_days"] == 0
    # 2 is late to start (424 days) and to open (303 days by 31 Mar 2026): the opening's
    # overrun is the one reported, as the home page's "days late".
    assert bool(out.loc[2, "late_start"]) and bool(out.loc[2, "late_open"])
    assert out.loc[2, "delay_days"] == 303


def test_operating_projects_without_a_carrier_are_named_not_dropped() -> None:
    projects = pd.DataFrame(
        {
            "id": [3, 1, 2, 4],
            "status": ["operating", "operating", "planning", "operating"],
            "carrier_id": [None, 7, None, None],
            "name_zh": ["大宁商场", "有载体", "规划中", "老厂房"],
        }
    )
    unlinked = ct.operating_unlinked(projects)
    # Only operating and unlinked, in id order: 3 and 4 (1 has its carrier, 2 is planning).
    assert unlinked["id"].tolist() == [3, 4]
    assert ct.operating_unlinked(projects.iloc[0:0]).empty


def test_a_carrier_linked_after_opening_brings_its_occupancy(tmp_path: Path) -> None:
    from models.conversion import ConversionProject
    from models.services import occupancy
    from models.services.conversions import link_carrier
    from tests.unit.model_factories import make_carrier

    url = zoned_sqlite_url(tmp_path / "t.db")
    pid = _add_project(url, SHIBEI_POINT, [("operating", D(2025, 3, 1))])
    carrier = make_carrier(url, total_area_m2=1000.0, opened_on=D(2025, 3, 1))
    row = {"carrier_id": carrier.id, "month": D(2025, 4, 1), "occupied_area_m2": 600.0}
    with session_scope(get_engine(url)) as s:
        occupancy.save_month(s, actor=SYSTEM, rows=[row], today=D(2025, 5, 1))
    with Session(get_engine(url)) as s:
        before = ct.tracker(s, as_of=D(2025, 4, 1))
    assert ct.operating_unlinked(before.projects)["id"].tolist() == [pid]
    assert before.occupancy.empty
    with session_scope(get_engine(url)) as s:
        version = s.get(ConversionProject, pid).version  # type: ignore[union-attr]
        link_carrier(
            s, actor=SYSTEM, project_id=pid, expected_version=version, carrier_id=carrier.id
        )
    with Session(get_engine(url)) as s:
        after = ct.tracker(s, as_of=D(2025, 4, 1))
    assert ct.operating_unlinked(after.projects).empty
    april = after.occupancy[after.occupancy["month"] == D(2025, 4, 1)]
    assert april["rate"].tolist() == [0.6]  # 600 of 1,000 m²
