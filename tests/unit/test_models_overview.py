"""Overview figures as of a month, checked against values computed by hand.

Fixture (areas in m², reports are occupied area; M = 2026-10, last month = 2026-09,
a year ago = 2025-10):

    id  stage         area  zones               opened / deleted    reports
    1   incubator     1000  shibei                                  2025-10 500, 09 700, 10 800
    2   accelerator   2000  belt_njw                                2025-10 1000, 09 1600, 10 1200
    3   nursery        500  belt_mrr            opened 2026-10-10   10 250
    4   public_space   400  shibei, belt_szr    deleted 2026-09-15  2025-10 200
    5   incubator      600  belt_szr            deleted 2026-10-20  08 300, 09 300
    6   incubator     1000  shibei                                  09 900 (none for 10)

Counted carriers: Oct 1, 2, 3, 6; Sep 1, 2, 5, 6; Oct 2025 1, 2, 4, 5, 6.
District occupancy: Oct (800+1200+250+900)/(1000+2000+500+1000) = 3150/4500 = 0.7;
Sep (700+1600+300+900)/(1000+2000+600+1000) = 3500/4600; Oct 2025 (500+1000+200)/
(1000+2000+400) = 1700/3400 = 0.5 with coverage 3/5 (5 and 6 have no report then).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import event
from sqlmodel import Session

from models import overview as ov
from models import queries
from models.carrier import Carrier
from models.conversion import ConversionProject, ConversionStatusChange
from models.db import get_engine, session_scope
from models.occupancy import OccupancyReport
from models.tenant import Tenancy, Tenant

OCT, SEP, OCT25 = date(2026, 10, 1), date(2026, 9, 1), date(2025, 10, 1)
D = date  # shorter fixture rows

CARRIERS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6],
        "name_zh": ["一号", "二号", "三号", "四号", "五号", "六号"],
        "name_en": ["One", "Two", "", "Four", "Five", "Six"],
        "stage": ["incubator", "accelerator", "nursery", "public_space", "incubator", "incubator"],
        "total_area_m2": [1000.0, 2000.0, 500.0, 400.0, 600.0, 1000.0],
        "park_code": ["shibei", None, None, "shibei", None, "shibei"],
        "belt_codes": ["", "belt_njw", "belt_mrr", "belt_szr", "belt_szr", ""],
        "opened_on": [None, None, D(2026, 10, 10), None, None, None],
        "deleted_at": [
            None,
            None,
            None,
            datetime(2026, 9, 15, tzinfo=UTC),
            datetime(2026, 10, 20, tzinfo=UTC),
            None,
        ],
    }
)
REPORTS = pd.DataFrame(
    [
        (1, OCT25, 500.0, 1),
        (1, SEP, 700.0, 1),
        (1, OCT, 800.0, 1),
        (2, OCT25, 1000.0, 1),
        (2, SEP, 1600.0, 1),
        (2, OCT, 1200.0, 1),
        (3, OCT, 250.0, 1),
        (4, OCT25, 200.0, 1),
        (5, D(2026, 8, 1), 300.0, 1),
        (5, SEP, 300.0, 1),
        (6, SEP, 900.0, 1),
    ],
    columns=ov.REPORT_COLUMNS,
)
# Tenant 10 graduates from incubator 1 to accelerator 2 (end 2026-03-31). Tenant 11
# moves in on Oct 31 (open at the end of October); 12 leaves on Oct 31 (not open then);
# 13 sits in carrier 5, deleted in October.
TENANCIES = pd.DataFrame(
    [
        (1, 10, 1, D(2025, 1, 1), D(2026, 3, 31), "graduated"),
        (2, 10, 2, D(2026, 4, 1), None, None),
        (3, 11, 1, D(2026, 10, 31), None, None),
        (4, 12, 2, D(2025, 6, 1), D(2026, 10, 31), "left_district"),
        (5, 13, 5, D(2026, 1, 1), None, None),
    ],
    columns=ov.TENANCY_COLUMNS,
)
PROJECTS = pd.DataFrame(
    [
        (1, "甲", "P1", 3000.0, D(2026, 3, 1), D(2026, 9, 30), None),
        (2, "乙", "P2", 1000.0, D(2026, 6, 1), D(2027, 6, 1), None),
        (3, "丙", "P3", 500.0, None, None, None),
        (4, "丁", "P4", 800.0, None, D(2026, 1, 1), None),
        (5, "戊", "P5", 700.0, None, None, datetime(2026, 10, 2, tzinfo=UTC)),
    ],
    columns=ov.PROJECT_COLUMNS,
)
CHANGES = pd.DataFrame(
    [
        (1, 1, "identified", D(2025, 1, 10)),
        (2, 1, "under_construction", D(2026, 2, 1)),
        (3, 1, "operating", D(2026, 10, 15)),
        (4, 2, "identified", D(2026, 2, 1)),
        (5, 2, "planning", D(2026, 5, 1)),
        (6, 3, "identified", D(2026, 10, 5)),
        (7, 4, "identified", D(2025, 5, 1)),
        (8, 4, "cancelled", D(2026, 1, 1)),
        (9, 5, "identified", D(2025, 1, 1)),
    ],
    columns=ov.CHANGE_COLUMNS,
)
MANAGERS = pd.DataFrame(
    [("alice", "Alice", "shibei", None), ("bob", "", None, 3)], columns=ov.MANAGER_COLUMNS
)
DATA = ov.OverviewData(CARRIERS, REPORTS, TENANCIES, PROJECTS, CHANGES, MANAGERS)


def test_values_and_changes_against_last_month_and_last_year() -> None:
    k = ov.kpi_table(DATA, as_of=OCT)
    assert k.loc["occupancy:district", "value"] == pytest.approx(0.7)
    assert k.loc["occupancy:district", "mom"] == pytest.approx(0.7 - 3500 / 4600)
    assert k.loc["occupancy:district", "yoy"] == pytest.approx(0.2)
    assert k.loc["coverage:district", "year_ago"] == pytest.approx(3 / 5)
    # Shibei: Oct 1 and 6 = 1700/2000; Sep 1600/2000; Oct 2025 1 and 4 = 700/1400.
    assert k.loc["occupancy:shibei", "value"] == pytest.approx(0.85)
    assert k.loc["occupancy:shibei", "mom"] == pytest.approx(0.05)
    assert k.loc["occupancy:shibei", "yoy"] == pytest.approx(0.35)
    # Available: 4500 - 3150 = 1350; Sep 4600 - 3500 = 1100.
    assert k.loc["available_m2:district", "value"] == pytest.approx(1350)
    assert k.loc["available_m2:district", "mom"] == pytest.approx(250)
    # Carriers 4 / 4 / 5; incubator area Oct 1000+1000, Sep 1000+600+1000.
    assert (k.loc["carriers", "value"], k.loc["carriers", "mom"], k.loc["carriers", "yoy"]) == (
        4,
        0,
        -1,
    )
    assert k.loc["area_m2:incubator", "value"] == 2000
    assert k.loc["area_m2:incubator", "mom"] == -600
    assert k.loc["carriers:nursery", "yoy"] == 1


def test_tenants_are_those_open_at_the_end_of_the_month_in_counted_carriers() -> None:
    k = ov.kpi_table(DATA, as_of=OCT)
    # Oct: 10 (in 2) and 11 (moved in Oct 31); 12 left Oct 31; 13's carrier was deleted.
    # Sep: 10, 12, 13. Oct 2025: 10 (in 1) and 12.
    assert (k.loc["tenants", "value"], k.loc["tenants", "prev"]) == (2, 3)
    assert k.loc["tenants", "yoy"] == 0
    # One graduation (incubator -> accelerator) in 2026, none in 2025.
    assert k.loc["graduations", "value"] == 1
    assert k.loc["graduations", "yoy"] == 1


def test_project_status_is_the_last_change_by_the_end_of_the_month() -> None:
    oct_ = ov.project_status_at(DATA, as_of=OCT).set_index("id")["status"].to_dict()
    assert oct_ == {1: "operating", 2: "planning", 3: "identified", 4: "cancelled"}
    sep = ov.project_status_at(DATA, as_of=SEP).set_index("id")["status"].to_dict()
    # P3 did not exist yet; P5 was deleted only in October.
    assert sep == {1: "under_construction", 2: "planning", 4: "cancelled", 5: "identified"}
    k = ov.kpi_table(DATA, as_of=OCT)
    assert k.loc["projects:operating", "value"] == 1
    assert k.loc["projects:identified", "year_ago"] == 3
    assert (k.loc["delivered_m2", "value"], k.loc["delivered_m2", "mom"]) == (3000, 3000)


def test_attention_list() -> None:
    att = ov.attention(DATA, as_of=OCT)
    # Rates in October: 3 = 0.5, 2 = 0.6, 1 = 0.8, 6 = 0.9 (its September report).
    assert att["lowest"]["id"].tolist() == [3, 2, 1, 6]
    assert att["lowest"]["occupancy_rate"].tolist() == pytest.approx([0.5, 0.6, 0.8, 0.9])
    # Only 2 fell (0.8 -> 0.6); 1 rose, 6 stayed, 3 did not count in September.
    assert att["falls"]["id"].tolist() == [2]
    assert att["falls"]["change"].tolist() == pytest.approx([-0.2])
    # 6 has no October report; Alice's zone scope (shibei) covers it.
    missing = att["not_reported"]
    assert missing["id"].tolist() == [6]
    assert missing["managers"].tolist() == ["Alice"]
    # P2 should have started on 2026-06-01 and is still planning: 152 days by Oct 31.
    # P1 opened in October (late in September only); P4 is cancelled, never late.
    late = att["late"]
    assert late[["id", "late", "days_late"]].values.tolist() == [[2, "start", 152]]
    sep_late = ov.attention(DATA, as_of=SEP)["late"]
    assert sep_late["id"].tolist() == [2, 1]
    assert sep_late.set_index("id").loc[1, "late"] == "open"


def test_managers_by_carrier_by_carrier_scope_and_zone_scope() -> None:
    per = ov.per_carrier(DATA, as_of=OCT)
    names = ov.managers_by_carrier(DATA, per)
    # bob (no display name) has carrier 3; Alice the park; 2 has nobody.
    assert names == {1: "Alice", 2: "", 3: "bob", 6: "Alice"}


def test_trend_uses_the_same_figures_as_the_kpis() -> None:
    trend = ov.trend(DATA, as_of=OCT, months=13)
    district = trend[(trend["kind"] == "zone") & (trend["group"] == "district")]
    by_month = district.set_index("month")
    assert by_month.loc[OCT, "occupancy"] == pytest.approx(0.7)
    assert by_month.loc[SEP, "occupancy"] == pytest.approx(3500 / 4600)
    assert by_month.loc[OCT25, "occupancy"] == pytest.approx(0.5)
    assert by_month.loc[OCT, "tenants"] == 2
    inc = trend[(trend["kind"] == "stage") & (trend["group"] == "incubator")].set_index("month")
    assert inc.loc[SEP, "area_m2"] == 2600
    window = ov.trend_window(trend, as_of=SEP, months=12)
    assert window["month"].min() == date(2025, 10, 1) and window["month"].max() == SEP


# --------------------------------------------------------------- through the database


def _statements(session: Session, call: Callable[[], object]) -> int:
    count = 0

    def before(*_args: object) -> None:
        nonlocal count
        count += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return count


def _add_carriers(url: str, n: int, *, start: int) -> None:
    with session_scope(get_engine(url)) as s:
        for i in range(start, start + n):
            c = Carrier(
                name_zh=f"载体{i}",
                stage="incubator",
                total_area_m2=1000.0,
                workstations_total=10,
                lon=121.45,
                lat=31.27,
                park_code="shibei",
            )
            s.add(c)
            s.flush()
            assert c.id is not None
            for month in (SEP, OCT):
                s.add(OccupancyReport(carrier_id=c.id, month=month, occupied_area_m2=500.0))
            tenant = Tenant(name=f"企业{i}", credit_code=f"91310000MA1{i:07d}", industry="ai")
            s.add(tenant)
            s.flush()
            assert tenant.id is not None
            s.add(Tenancy(tenant_id=tenant.id, carrier_id=c.id, start_on=D(2026, 1, 1)))
            p = ConversionProject(
                name_zh=f"项目{i}",
                original_use="warehouse",
                lon=121.45,
                lat=31.27,
                floor_area_m2=100.0,
                target_stage="incubator",
            )
            s.add(p)
            s.flush()
            assert p.id is not None
            s.add(ConversionStatusChange(project_id=p.id, status="identified", changed_on=SEP))


def test_queries_are_constant_in_statements_and_follow_the_month(sqlite_url: str) -> None:
    _add_carriers(sqlite_url, 2, start=0)
    with Session(get_engine(sqlite_url)) as s:
        few = (
            _statements(s, lambda: queries.overview_view(s, as_of=OCT)),
            _statements(s, lambda: queries.overview_trend(s)),
        )
        view = queries.overview_view(s, as_of=OCT)
        assert view.kpis.loc["occupancy:district", "value"] == pytest.approx(0.5)
        assert view.kpis.loc["tenants", "value"] == 2
        assert view.kpis.loc["projects:identified", "value"] == 2
        # Before the reports began nothing counts; a year back the tenancies had not begun.
        assert view.kpis.loc["tenants", "year_ago"] == 0
    _add_carriers(sqlite_url, 30, start=100)
    with Session(get_engine(sqlite_url)) as s:
        many = (
            _statements(s, lambda: queries.overview_view(s, as_of=OCT)),
            _statements(s, lambda: queries.overview_trend(s)),
        )
        assert queries.overview_view(s, as_of=OCT).kpis.loc["tenants", "value"] == 32
    assert many == few


def test_per_carrier_is_the_same_for_every_day_of_a_month_and_safe_to_change() -> None:
    """The overview asks for one month up to three times; the answer is remembered."""
    data = ov.prepare(ov.OverviewData(CARRIERS, REPORTS, TENANCIES, PROJECTS, CHANGES, MANAGERS))
    first = ov.per_carrier(data, as_of=D(2026, 10, 1))
    fresh = ov._per_carrier_of(ov.prepare(DATA), as_of=D(2026, 10, 31))
    pd.testing.assert_frame_equal(first, fresh)
    first["occupancy"] = -1.0  # a caller changing its copy
    again = ov.per_carrier(data, as_of=D(2026, 10, 31))
    pd.testing.assert_frame_equal(again, fresh)
    september = ov.per_carrier(data, as_of=D(2026, 9, 1))
    assert set(september["id"]) != set(again["id"])  # another month, other carriers


def _with_stage_history() -> ov.OverviewData:
    """DATA where carrier 2 was still an incubator until 2026-06-01 (accelerator since)."""
    from models import stage_history

    history = pd.DataFrame(
        [(1, 2, "incubator", D(2020, 1, 1)), (2, 2, "accelerator", D(2026, 6, 1))],
        columns=stage_history.CHANGE_COLUMNS,
    )
    return replace(DATA, stage_changes=history)


def test_overview_graduations_use_the_stage_on_the_move_in_day() -> None:
    """Tenant 10 moved from incubator 1 into carrier 2 on 2026-04-01, when carrier 2 was
    an incubator too: by the chain page's rule that is no graduation (0, not 1)."""
    data = _with_stage_history()
    k = ov.kpi_table(data, as_of=OCT)
    assert k.loc["graduations", "value"] == 0
    assert ov.graduations_in_year(data, as_of=OCT) == 0
    assert ov.kpi_table(DATA, as_of=OCT).loc["graduations", "value"] == 1  # no history


def test_graduations_for_a_month_slider_are_found_once_and_match_a_fresh_count() -> None:
    """Moving back month by month answers from the first search; each count equals
    graduations_in_year computed on its own."""
    from unittest.mock import patch

    from models import chain

    data = ov.prepare(replace(DATA))
    months = [OCT, SEP, D(2026, 4, 1), D(2026, 3, 1), OCT25]
    with patch.object(ov.chain, "graduations", wraps=chain.graduations) as search:
        counts = [ov.graduations_in_years(data, [m])[m] for m in months]
        assert search.call_count == 1
        # A later month than any searched so far needs (and remembers) a new search.
        ov.graduations_in_years(data, [D(2026, 11, 1)])
        assert search.call_count == 2
    # By hand: tenant 10 left incubator 1 on 2026-03-31 and entered accelerator 2 on
    # 2026-04-01, so 2026 counts it from April on; March's end precedes the move-in.
    assert counts == [1, 1, 1, 0, 0]
    assert counts == [ov.graduations_in_year(DATA, as_of=m) for m in months]


def test_the_figures_never_change_the_rows_they_are_given() -> None:
    """The app shares one prepared data set between sessions (st.cache_resource)."""
    data = ov.prepare(replace(DATA))
    before = {
        name: getattr(data, name).copy(deep=True)
        for name in ov.OverviewData.__annotations__
        if not name.startswith("_")
    }
    for month in (OCT, SEP, OCT25):
        ov.overview_view(data, as_of=month)
    ov.trend_from_data(data, fallback=OCT)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(data, name), frame, obj=name)


def test_sessions_sharing_the_data_get_the_same_figures_at_once() -> None:
    """Eight threads asking for different months at the same time (shared memos)."""
    from concurrent.futures import ThreadPoolExecutor

    data = ov.prepare(replace(DATA))
    months = [OCT, SEP, OCT25, D(2026, 4, 1), D(2026, 3, 1), D(2025, 12, 1)] * 4
    expected = {m: ov.kpi_table(ov.prepare(replace(DATA)), as_of=m) for m in set(months)}
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda m: ov.kpi_table(data, as_of=m), months))
    for month, table in zip(months, got, strict=True):
        pd.testing.assert_frame_equal(table, expected[month])
