"""The one occupancy definition, checked against figures computed by hand.

Fixture (areas in m², reports are occupied area; M = 2026-10 unless said otherwise):

    id  total  zones                 reports                       notes
    1   1000   shibei                Aug 800, Sep 800, Oct 800     reports every month
    2   3000   shibei + belt_mrr     Aug 1500, Sep 1500            in the park AND a belt
    3    500   belt_njw              Aug 500                       occupied == total (100%)
    4   2000   belt_njw              Jul 1800                      4 months old in Oct
    5   1500   belt_szr              (none)                        never reported
    6    400   belt_mrr              Oct 100                       opened 2026-10-05
    7    900   shibei                Oct 900                       deleted: never counts

Workstations are chosen so that a rate from workstations differs from the area rate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import event
from sqlmodel import Session

from geo.layers import carriers_geojson
from geo.selection import to_points
from models import occupancy_rate as occ
from models import queries
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.occupancy import OccupancyReport

AUG, SEP, OCT, NOV = date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
JUL = date(2026, 7, 1)

CARRIERS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6, 7],
        "total_area_m2": [1000.0, 3000.0, 500.0, 2000.0, 1500.0, 400.0, 900.0],
        "workstations_total": [100, 100, 50, 100, 100, 40, 90],
        "park_code": ["shibei", "shibei", None, None, None, None, "shibei"],
        "belt_codes": ["", "belt_mrr", "belt_njw", "belt_njw", "belt_szr", "belt_mrr", ""],
        "opened_on": [None, None, None, None, None, date(2026, 10, 5), None],
        "deleted_at": [None, None, None, None, None, None, datetime(2026, 10, 20, tzinfo=UTC)],
    }
)
_REPORTS = [
    # (carrier, month, occupied area, occupied workstations)
    (1, AUG, 800.0, 20),
    (1, SEP, 800.0, 20),
    (1, OCT, 800.0, 20),
    (2, AUG, 1500.0, 90),
    (2, SEP, 1500.0, 90),
    (3, AUG, 500.0, 10),
    (4, JUL, 1800.0, 10),
    (6, OCT, 100.0, 40),
    (7, OCT, 900.0, 90),
]
REPORTS = pd.DataFrame(
    _REPORTS, columns=["carrier_id", "month", "occupied_area_m2", "occupied_workstations"]
).assign(tenant_count=1)


# ----------------------------------------------------------------- the definition


def test_district_rate_is_area_weighted_over_fresh_reports() -> None:
    fig = occ.occupancy_rate(CARRIERS, REPORTS, as_of=OCT)
    # Used in October: 1 (Oct 800/1000), 2 (Sep 1500/3000), 3 (Aug 500/500), 6 (Oct 100/400).
    # 4's July report is 4 months old; 5 never reported; 7 is deleted.
    # Rate = (800 + 1500 + 500 + 100) / (1000 + 3000 + 500 + 400) = 2900 / 4900 = 0.591837.
    # An unweighted mean would be (0.8 + 0.5 + 1.0 + 0.25) / 4 = 0.6375; workstations
    # would give (20 + 90 + 10 + 40) / (100 + 100 + 50 + 40) = 160 / 290 = 0.5517.
    assert fig.rate == pytest.approx(2900 / 4900)
    assert (fig.occupied_m2, fig.total_m2) == (2900.0, 4900.0)
    assert (fig.carriers_used, fig.carriers_total) == (4, 6)
    assert fig.coverage == pytest.approx(4 / 6)
    # No report for October itself: 2, 3, 4, 5 (2 and 3 still count through older ones).
    assert fig.not_reported_ids == (2, 3, 4, 5)
    assert fig.unused_ids == (4, 5)


def test_a_report_four_months_old_is_not_used() -> None:
    per = occ.carrier_occupancy(CARRIERS, REPORTS, as_of=OCT).set_index("id")
    # Carrier 4: the newest report is July, M-3, i.e. the 4th month back: not used, but
    # its month is still shown so a page can say how old it is.
    assert not per.loc[4, "used"]
    assert per.loc[4, "report_month"] == JUL
    assert pd.isna(per.loc[4, "occupancy_rate"])


def test_freshness_window_is_exactly_three_months() -> None:
    # Carrier 3's August report is exactly M-2 in October (used) and M-3 in November (not).
    assert occ.FRESH_MONTHS == 3
    assert occ.oldest_usable_month(OCT) == AUG
    october = occ.carrier_occupancy(CARRIERS, REPORTS, as_of=OCT).set_index("id")
    november = occ.carrier_occupancy(CARRIERS, REPORTS, as_of=NOV).set_index("id")
    assert october.loc[3, "used"]
    assert not november.loc[3, "used"]
    # Carrier 2's September report is M-2 in November: still used.
    assert november.loc[2, "used"]
    fig = occ.occupancy_rate(CARRIERS, REPORTS, as_of=NOV)
    # November: 1 (Oct 800), 2 (Sep 1500), 6 (Oct 100) = 2400 / 4400 = 0.545455.
    assert fig.rate == pytest.approx(2400 / 4400)
    assert (fig.carriers_used, fig.carriers_total) == (3, 6)


def test_occupied_equal_to_total_is_a_valid_full_carrier() -> None:
    per = occ.carrier_occupancy(CARRIERS, REPORTS, as_of=OCT).set_index("id")
    assert per.loc[3, "used"]
    assert per.loc[3, "occupancy_rate"] == 1.0
    # belt_njw holds 3 (500/500 used) and 4 (stale): the belt is 100% full at 1/2 coverage.
    fig = occ.occupancy_rate(CARRIERS, REPORTS, as_of=OCT, zone="belt_njw")
    assert fig.rate == 1.0
    assert (fig.carriers_used, fig.carriers_total) == (1, 2)


def test_missing_report_is_neither_zero_nor_dropped_from_coverage() -> None:
    fig = occ.occupancy_rate(CARRIERS, REPORTS, as_of=OCT, zone="belt_szr")
    # belt_szr has only carrier 5, which never reported: no rate (not 0%), coverage 0/1.
    assert fig.rate is None
    assert (fig.carriers_used, fig.carriers_total) == (0, 1)
    assert fig.not_reported_ids == (5,)


def test_a_carrier_in_the_park_and_a_belt_counts_in_both_rows_and_once_in_the_district() -> None:
    per = occ.carrier_occupancy(CARRIERS, REPORTS, as_of=OCT)
    table = occ.zone_figures(CARRIERS, per, as_of=OCT).set_index("zone")
    assert list(table.index) == ["shibei", "belt_njw", "belt_szr", "belt_mrr", "district"]
    # shibei: 1 + 2 = (800 + 1500) / (1000 + 3000) = 2300 / 4000 = 0.575.
    assert table.loc["shibei", "occupancy"] == pytest.approx(2300 / 4000)
    # belt_mrr: 2 + 6 = (1500 + 100) / (3000 + 400) = 1600 / 3400 = 0.470588.
    assert table.loc["belt_mrr", "occupancy"] == pytest.approx(1600 / 3400)
    assert table.loc["belt_njw", "occupancy"] == 1.0
    assert pd.isna(table.loc["belt_szr", "occupancy"])
    # Carrier 2 is in two rows (2 + 2 + 2 + 1 = 7 zone entries) but the district has 6.
    assert table.loc[list(occ.ZONE_CODES), "carriers"].sum() == 7
    assert table.loc["district", "carriers"] == 6
    assert table.loc["district", "occupancy"] == pytest.approx(2900 / 4900)
    assert table.loc["district", "area_m2"] == 1000 + 3000 + 500 + 2000 + 1500 + 400
    assert table.loc["belt_njw", "coverage"] == pytest.approx(0.5)


def test_trend_uses_the_same_rule_every_month_and_shows_coverage_changes() -> None:
    trend = occ.occupancy_trend(CARRIERS, REPORTS, months=[AUG, SEP, OCT, NOV])
    got = trend.set_index("month")
    # Aug (Jun..Aug): 1 800, 2 1500, 3 500, 4 Jul 1800 over 1000+3000+500+2000: 4600/6500;
    #   live 1..5 (6 opens in October): coverage 4/5.
    # Sep (Jul..Sep): the same figures (1 and 2 re-reported, 3 and 4 still fresh): 4600/6500.
    # Oct: 2900/4900, 4 of 6 (6 opened, 4's July report too old).
    # Nov: 2400/4400, 3 of 6 (3's August report too old now).
    assert got.loc[AUG, "rate"] == pytest.approx(4600 / 6500)
    assert got.loc[SEP, "rate"] == got.loc[AUG, "rate"]  # nobody's figures changed
    assert got.loc[OCT, "rate"] == pytest.approx(2900 / 4900)
    assert got.loc[NOV, "rate"] == pytest.approx(2400 / 4400)
    assert got["carriers_used"].tolist() == [4, 4, 4, 3]
    assert got["carriers_total"].tolist() == [5, 5, 6, 6]
    # Each point is the single-month figure: the line and the KPI cannot disagree.
    for month in (AUG, SEP, OCT, NOV):
        assert got.loc[month, "rate"] == occ.occupancy_rate(CARRIERS, REPORTS, as_of=month).rate


def test_reports_after_the_month_are_ignored() -> None:
    fig = occ.occupancy_rate(CARRIERS, REPORTS, as_of=SEP)
    # September: October reports do not exist yet; 1 and 2 Sep, 3 Aug, 4 Jul: 4600 / 6500.
    assert fig.rate == pytest.approx(4600 / 6500)


def test_no_carriers_gives_no_rate() -> None:
    fig = occ.occupancy_rate(CARRIERS.iloc[0:0], REPORTS.iloc[0:0], as_of=OCT)
    assert fig.rate is None and fig.coverage is None
    with pytest.raises(TypeError):
        occ.occupancy_rate([], REPORTS, as_of=OCT)  # type: ignore[arg-type]


# ------------------------------------------------- the same figures through the queries


@pytest.fixture
def fixture_db(sqlite_url: str) -> str:
    """The fixture above stored in a database (rows written directly: arrangement only)."""
    with session_scope(get_engine(sqlite_url)) as s:
        for row in CARRIERS.itertuples():
            s.add(
                Carrier(
                    id=int(row.id),
                    name_zh=f"载体{row.id}",
                    stage="incubator",
                    total_area_m2=row.total_area_m2,
                    workstations_total=int(row.workstations_total),
                    lon=121.45,
                    lat=31.27,
                    park_code=row.park_code,
                    belt_codes=row.belt_codes,
                    opened_on=row.opened_on,
                    deleted_at=None if pd.isna(row.deleted_at) else row.deleted_at,
                )
            )
        s.flush()
        for cid, month, area, ws in _REPORTS:
            s.add(
                OccupancyReport(
                    carrier_id=cid,
                    month=month,
                    occupied_area_m2=area,
                    occupied_workstations=ws,
                    tenant_count=1,
                )
            )
    return sqlite_url


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


def test_queries_give_the_hand_computed_figures(fixture_db: str) -> None:
    with Session(get_engine(fixture_db)) as s:
        # The newest reported month is October.
        k = queries.kpis(s)
        fig = k["occupancy"]
        assert isinstance(fig, occ.OccupancyFigure)
        assert k["month"] == OCT
        assert k["avg_occupancy"] == pytest.approx(2900 / 4900)
        assert (fig.carriers_used, fig.carriers_total) == (4, 6)
        zones = queries.zone_summary(queries.carriers_frame(s)).set_index("zone")
        assert zones.loc["district", "occupancy"] == pytest.approx(2900 / 4900)
        assert zones.loc["shibei", "occupancy"] == pytest.approx(2300 / 4000)
        trend = queries.occupancy_trend(s)
        assert trend["month"].iloc[-1] == OCT
        assert trend["rate"].iloc[-1] == pytest.approx(2900 / 4900)
        assert trend.set_index("month").loc[SEP, "rate"] == pytest.approx(4600 / 6500)
        frame = queries.carriers_frame(s).set_index("id")
        # The map colours/tooltips read occupancy_rate: the stale carrier has none.
        assert pd.isna(frame.loc[4, "occupancy_rate"])
        assert frame.loc[3, "occupancy_rate"] == 1.0
        assert 7 not in frame.index
        # A carrier's own trend keeps its own reports.
        own = queries.occupancy_trend(s, carrier_id=2)
        assert own["rate"].tolist() == [0.5, 0.5]


def test_queries_use_a_constant_number_of_statements(fixture_db: str) -> None:
    with Session(get_engine(fixture_db)) as s:
        few = (
            _statements(s, lambda: queries.kpis(s)),
            _statements(s, lambda: queries.occupancy_trend(s)),
        )
    # Forty more carriers, each with three reports: the statement counts must not grow.
    with session_scope(get_engine(fixture_db)) as s:
        for i in range(40):
            carrier = Carrier(
                name_zh=f"附加{i}",
                stage="nursery",
                total_area_m2=100.0,
                workstations_total=10,
                lon=121.45,
                lat=31.27,
            )
            s.add(carrier)
            s.flush()
            for month in (AUG, SEP, OCT):
                s.add(OccupancyReport(carrier_id=carrier.id, month=month, occupied_area_m2=50.0))
    with Session(get_engine(fixture_db)) as s:
        many = (
            _statements(s, lambda: queries.kpis(s)),
            _statements(s, lambda: queries.occupancy_trend(s)),
        )
    assert many == few


def test_map_dots_show_the_defined_rate(fixture_db: str) -> None:
    with Session(get_engine(fixture_db)) as s:
        frame = queries.carriers_frame(s)
    fc = carriers_geojson(to_points(frame), lang="zh")
    occ_by_id = {f["properties"]["id"]: f["properties"]["occ"] for f in fc["features"]}
    # 1: 800/1000 = 80%; 2: its September 1500/3000 = 50%; 3: full = 100%;
    # 4: July report too old = no figure; 5: never reported; 6: 100/400 = 25%.
    assert occ_by_id == {1: 80, 2: 50, 3: 100, 4: None, 5: None, 6: 25}
