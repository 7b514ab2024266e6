"""A carrier's size history: a past month divides by the area the carrier had then.

Attack QA cut a carrier's area after years of reports and its past rates rose above
100% (102.4%). Hand calculation used throughout: a 10,000 m² carrier reports 9,500 m²
occupied for 2024-03; from 2026-06 it has 6,000 m² and reports 5,000 m² for 2026-07.
So 2024-03 is 9,500 / 10,000 = 95%, and 2026-07 is 5,000 / 6,000 = 83.3%.
Runs on SQLite and PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from model_factories import ADMIN, make_carrier
from sqlmodel import Session, select

from models import overview, queries, size_history
from models.carrier import Carrier, CarrierSizeChange
from models.db import get_engine, migrate, session_scope
from models.errors import ValidationFailed
from models.occupancy import OccupancyReport
from models.seed import ensure_zones
from models.services.carriers import update_carrier
from models.services.occupancy import save_month

OPENED = date(2024, 1, 10)
CUT_ON = date(2026, 6, 1)


def _changes(*rows: tuple[int, int, float, int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(i, cid, area, ws, date.fromisoformat(on)) for i, cid, area, ws, on in rows],
        columns=size_history.CHANGE_COLUMNS,
    )


# ---------------------------------------------------------------- pure functions


def test_with_size_at_takes_the_size_recorded_by_the_months_end() -> None:
    carriers = pd.DataFrame(
        {"id": [1, 2, 3], "total_area_m2": [6000.0, 800.0, 50.0], "workstations_total": [9, 9, 9]}
    )
    changes = _changes(
        (1, 1, 10000.0, 100, "2024-01-10"),
        (2, 1, 6000.0, 60, "2026-06-15"),  # mid-month: June already has the new size
        (3, 2, 900.0, 20, "2025-01-01"),  # history starts after the asked month
    )
    may = size_history.with_size_at(carriers, changes, as_of=date(2026, 5, 1))
    june = size_history.with_size_at(carriers, changes, as_of=date(2026, 6, 1))
    early = size_history.with_size_at(carriers, changes, as_of=date(2023, 1, 1))
    assert may["total_area_m2"].tolist() == [10000.0, 900.0, 50.0]  # 3: no history
    assert may["workstations_total"].tolist() == [100, 20, 9]
    assert june["total_area_m2"].tolist() == [6000.0, 900.0, 50.0]
    # Before the first record: the earliest recorded size, nothing better is known.
    assert early["total_area_m2"].tolist() == [10000.0, 900.0, 50.0]


def test_area_then_gives_each_report_its_own_months_area() -> None:
    changes = _changes((1, 1, 10000.0, 100, "2024-01-10"), (2, 1, 6000.0, 60, "2026-06-01"))
    reports = pd.DataFrame(
        {
            "carrier_id": [1, 1, 1, 2],
            "month": [date(2024, 3, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 6, 1)],
        }
    )
    then = size_history.area_then(changes, reports)
    assert then.iloc[:3].tolist() == [10000.0, 10000.0, 6000.0]
    assert pd.isna(then.iloc[3])  # carrier 2 has no history: its current area applies


def test_the_overview_rate_of_a_past_month_divides_by_that_months_area() -> None:
    """Pure overview on hand-made rows: the district rate before and after the cut."""
    data = overview.OverviewData(
        carriers=pd.DataFrame(
            [
                {
                    "id": 1,
                    "name_zh": "甲",
                    "name_en": "A",
                    "stage": "incubator",
                    "total_area_m2": 6000.0,
                    "workstations_total": 60,
                    "park_code": "shibei",
                    "belt_codes": "",
                    "opened_on": OPENED,
                    "deleted_at": None,
                }
            ],
            columns=overview.CARRIER_COLUMNS,
        ),
        reports=pd.DataFrame(
            [(1, date(2024, 3, 1), 9500.0, 4), (1, date(2026, 7, 1), 5000.0, 3)],
            columns=overview.REPORT_COLUMNS,
        ),
        size_changes=_changes((1, 1, 10000.0, 100, "2024-01-10"), (2, 1, 6000.0, 60, "2026-06-01")),
    )
    past = overview.kpi_values(data, as_of=date(2024, 3, 1))
    now = overview.kpi_values(data, as_of=date(2026, 7, 1))
    assert past["occupancy:district"] == pytest.approx(0.95)  # not 9,500 / 6,000 = 158%
    assert past["area_m2"] == 10000.0
    assert past["available_m2:district"] == pytest.approx(500.0)
    assert now["occupancy:district"] == pytest.approx(5000 / 6000)
    assert now["area_m2"] == 6000.0


# ------------------------------------------------------------- through the services


def _report(url: str, carrier_id: int, month: date, area: float, *, today: date) -> None:
    with session_scope(get_engine(url)) as s:
        save_month(
            s,
            actor=ADMIN,
            today=today,
            confirm_implausible=True,
            rows=[
                {
                    "carrier_id": carrier_id,
                    "month": month,
                    "occupied_area_m2": area,
                    "occupied_workstations": 1,
                    "tenant_count": 1,
                }
            ],
        )


def _resize(url: str, carrier_id: int, area: float, on: date) -> Carrier:
    with Session(get_engine(url)) as s:
        version = s.get(Carrier, carrier_id).version  # type: ignore[union-attr]
    with session_scope(get_engine(url)) as s:
        return update_carrier(
            s,
            actor=ADMIN,
            carrier_id=carrier_id,
            expected_version=version,
            changes={"total_area_m2": area},
            size_changed_on=on,
        )


def _rate(url: str, carrier_id: int, month: date) -> float:
    with Session(get_engine(url)) as s:
        frame = queries.carriers_frame(s, as_of=month)
    return float(frame.loc[frame["id"] == carrier_id, "occupancy_rate"].item())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own (the shared PostgreSQL one holds other tests' carriers,
    and these tests check district totals by hand)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_database_factory")()
        migrate(url)
    else:
        url = f"sqlite:///{tmp_path / 'sizes.db'}"
        migrate(url)
    with session_scope(get_engine(url)) as session:
        ensure_zones(session)
    yield url
    get_engine(url).dispose()


@pytest.fixture
def cut_carrier(db_url: str) -> int:
    """The hand-calculated carrier: 10,000 m², cut to 6,000 m² from 2026-06."""
    carrier = make_carrier(db_url, total_area_m2=10000.0, opened_on=OPENED)
    cid = int(carrier.id or 0)
    _report(db_url, cid, date(2024, 3, 1), 9500.0, today=date(2024, 4, 2))
    _resize(db_url, cid, 6000.0, CUT_ON)
    _report(db_url, cid, date(2026, 7, 1), 5000.0, today=date(2026, 8, 2))
    return cid


def test_a_cut_keeps_the_past_rates_and_area(db_url: str, cut_carrier: int) -> None:
    assert _rate(db_url, cut_carrier, date(2024, 3, 1)) == pytest.approx(0.95)
    assert _rate(db_url, cut_carrier, date(2026, 7, 1)) == pytest.approx(5000 / 6000)
    with Session(get_engine(db_url)) as s:
        trend = queries.occupancy_trend(s, carrier_id=cut_carrier)
        view = queries.overview_view(s, as_of=date(2024, 3, 1))
        past = queries.carriers_frame(s, as_of=date(2024, 3, 1))
    assert trend["rate"].tolist() == pytest.approx([0.95, 5000 / 6000])
    kpis = view.kpis["value"]
    assert kpis["occupancy:district"] == pytest.approx(0.95)
    assert kpis["area_m2"] == 10000.0
    assert past.loc[past["id"] == cut_carrier, "total_area_m2"].item() == 10000.0


def test_the_first_resize_of_an_old_carrier_keeps_its_earlier_size(
    db_url: str, cut_carrier: int
) -> None:
    """A carrier entered before the history existed gets its old size recorded too."""
    with session_scope(get_engine(db_url)) as s:
        for row in s.exec(
            select(CarrierSizeChange).where(CarrierSizeChange.carrier_id == cut_carrier)
        ):
            s.delete(row)
    # As migration 0009 leaves it: no history, so the current 6,000 m² for every month.
    assert _rate(db_url, cut_carrier, date(2024, 3, 1)) == pytest.approx(9500 / 6000)
    _resize(db_url, cut_carrier, 5500.0, date(2026, 8, 1))
    assert _rate(db_url, cut_carrier, date(2026, 7, 1)) == pytest.approx(5000 / 6000)
    with Session(get_engine(db_url)) as s:
        rows = s.exec(
            select(CarrierSizeChange.total_area_m2, CarrierSizeChange.changed_on)
            .where(CarrierSizeChange.carrier_id == cut_carrier)
            .order_by(CarrierSizeChange.id)  # type: ignore[arg-type]
        ).all()
    assert [tuple(r) for r in rows] == [(6000.0, OPENED), (5500.0, date(2026, 8, 1))]


def test_a_cut_must_fit_the_reports_of_the_months_it_applies_to(
    db_url: str, cut_carrier: int
) -> None:
    with pytest.raises(ValidationFailed) as err:
        _resize(db_url, cut_carrier, 4000.0, date(2026, 7, 20))  # July reported 5,000
    assert err.value.messages("zh")[0].startswith(
        "自 2026-07-20 起的总面积 4,000 ㎡ 小于 2026-07 填报的已出租面积 5,000 ㎡"
    )
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, cut_carrier).total_area_m2 == 6000.0  # type: ignore[union-attr]
    # From August on nothing is reported yet: accepted, and July keeps 6,000 m².
    _resize(db_url, cut_carrier, 4000.0, date(2026, 8, 1))
    assert _rate(db_url, cut_carrier, date(2026, 7, 1)) == pytest.approx(5000 / 6000)


def test_a_size_change_cannot_be_dated_before_the_last_one(db_url: str, cut_carrier: int) -> None:
    with pytest.raises(ValidationFailed) as err:
        _resize(db_url, cut_carrier, 7000.0, date(2025, 1, 1))
    assert "2026-06-01" in err.value.messages("en")[0]


def test_a_correction_dated_the_opening_applies_to_every_month(
    db_url: str, cut_carrier: int
) -> None:
    """A mistyped size is corrected for all months by dating the change the opening."""
    carrier = make_carrier(db_url, total_area_m2=10000.0, opened_on=OPENED)
    cid = int(carrier.id or 0)
    _report(db_url, cid, date(2024, 3, 1), 900.0, today=date(2024, 4, 2))
    _resize(db_url, cid, 1000.0, OPENED)
    assert _rate(db_url, cid, date(2024, 3, 1)) == pytest.approx(0.9)


def test_a_late_report_is_checked_against_the_area_of_its_own_month(
    db_url: str, cut_carrier: int
) -> None:
    today = date(2026, 9, 2)
    _report(db_url, cut_carrier, date(2025, 4, 1), 9000.0, today=today)  # 10,000 m² then
    with pytest.raises(ValidationFailed) as err:
        _report(db_url, cut_carrier, date(2026, 8, 1), 7000.0, today=today)
    assert "6,000" in err.value.messages("zh")[0]
    with Session(get_engine(db_url)) as s:
        months = s.exec(
            select(OccupancyReport.month).where(OccupancyReport.carrier_id == cut_carrier)
        ).all()
        sheet = queries.month_sheet(s, actor=ADMIN, month=date(2025, 4, 1))
    assert date(2026, 8, 1) not in months
    # The sheet of a past month shows the size of that month, as the save checks it.
    assert sheet.loc[sheet["carrier_id"] == cut_carrier, "total_area_m2"].item() == 10000.0


def test_a_single_recorded_row_gives_every_month_its_values() -> None:
    """The overview sets a one-row history once instead of month by month (speed); the
    rule's answer must not change: that row's values, even where they differ from the
    carrier's current fields."""
    carriers = pd.DataFrame(
        [
            {
                "id": 7,
                "name_zh": "乙",
                "name_en": "B",
                "stage": "incubator",
                "total_area_m2": 6000.0,
                "park_code": "shibei",
                "belt_codes": "",
                "opened_on": OPENED,
                "deleted_at": None,
            }
        ],
        columns=overview.CARRIER_COLUMNS,
    )
    data = overview.OverviewData(
        carriers=carriers,
        reports=pd.DataFrame([(7, date(2026, 7, 1), 4000.0, 2)], columns=overview.REPORT_COLUMNS),
        stage_changes=pd.DataFrame(
            [(1, 7, "nursery", OPENED)], columns=["id", "carrier_id", "stage", "changed_on"]
        ),
        size_changes=_changes((1, 7, 8000.0, 80, "2024-01-10")),
    )
    figures = overview.kpi_values(data, as_of=date(2026, 7, 1))
    assert figures["carriers:nursery"] == 1.0 and figures["carriers:incubator"] == 0.0
    assert figures["area_m2"] == 8000.0
    assert figures["occupancy:district"] == pytest.approx(0.5)  # 4,000 / 8,000


def test_a_cut_may_not_leave_the_firms_inside_more_than_the_area(
    db_url: str, cut_carrier: int
) -> None:
    """Attack QA: 27,510 m² cut to 1,000 m² with 26,393 m² rented inside."""
    from model_factories import make_tenancy, make_tenant

    tenant = make_tenant(db_url)
    make_tenancy(db_url, tenant.id, cut_carrier, start_on=date(2026, 7, 1), area_m2=4500.0)
    # From August no report binds (July's 5,000 m² keeps July's size), but the firm does.
    with pytest.raises(ValidationFailed) as err:
        _resize(db_url, cut_carrier, 4000.0, date(2026, 8, 1))
    assert err.value.messages("zh")[0].startswith(
        "自 2026-08-01 起的总面积 4,000 ㎡ 小于 2026-08-01 在驻企业已租用的 4,500.0 ㎡"
    )
    with Session(get_engine(db_url)) as s:
        assert s.get(Carrier, cut_carrier).total_area_m2 == 6000.0  # type: ignore[union-attr]
    _resize(db_url, cut_carrier, 4600.0, date(2026, 8, 1))  # 4,500 fits


def test_a_change_cannot_take_effect_after_today(db_url: str, cut_carrier: int) -> None:
    """Attack QA: a resize dated 2027 sorted after every real one and froze the history."""
    from models.common import shanghai_today

    ahead = shanghai_today() + timedelta(days=200)
    with pytest.raises(ValidationFailed) as err:
        _resize(db_url, cut_carrier, 7000.0, ahead)
    assert err.value.messages("zh")[0].startswith(f"生效日期 {ahead} 晚于今天")
    _resize(db_url, cut_carrier, 7000.0, shanghai_today())  # today is fine


def test_first_overfull_finds_the_first_day_by_hand() -> None:
    from models.services.carrier_fill import Stay, first_overfull

    stays = [
        Stay(date(2025, 1, 1), None, 300.0),
        Stay(date(2025, 9, 1), date(2025, 12, 1), 500.0),
    ]

    def area(day: date) -> float:
        return 1000.0 if day < date(2025, 11, 1) else 900.0

    # 300 + 200 fits until the area drops on 1 November: 300 + 500 + 200 = 1,000 > 900.
    found = first_overfull(
        stays,
        start=date(2025, 3, 1),
        end=None,
        extra_m2=200.0,
        area_on=area,
        other_days=[date(2025, 11, 1)],
    )
    assert found is not None and (found.day, found.rented_m2, found.total_m2) == (
        date(2025, 11, 1),
        800.0,
        900.0,
    )
    # After the second stay ends there is room again; a stay ending before it fits.
    assert (
        first_overfull(
            stays, start=date(2025, 3, 1), end=date(2025, 11, 1), extra_m2=200.0, area_on=area
        )
        is None
    )


def test_a_move_in_must_fit_from_the_first_of_a_cut_month(db_url: str) -> None:
    """Attack QA recheck: a cut dated 20 November holds for all of November; a move-in
    dated October was checked on 20 November only (a firm had left on the 10th) and
    put 861 m² into 700 m² from 1 to 9 November."""
    from model_factories import make_tenancy, make_tenant

    from models.services.tenants import move_in, move_out

    carrier = make_carrier(db_url, total_area_m2=990.0, opened_on=OPENED)
    cid = int(carrier.id or 0)
    leaving, staying, newcomer = (make_tenant(db_url) for _ in range(3))
    gone = make_tenancy(db_url, leaving.id, cid, start_on=date(2025, 1, 1), area_m2=480.0)
    make_tenancy(db_url, staying.id, cid, start_on=date(2025, 1, 1), area_m2=180.0)
    with session_scope(get_engine(db_url)) as s:
        move_out(
            s,
            actor=ADMIN,
            tenancy_id=gone.id or 0,
            expected_version=gone.version,
            end_on=date(2026, 11, 10),
            exit_reason="left_district",
        )
    # By hand: on 1 November 480 + 180 = 660 m² are rented, so 700 m² fits.
    _resize(db_url, cid, 700.0, date(2026, 11, 20))
    data = {"tenant_id": newcomer.id, "carrier_id": cid, "start_on": date(2026, 10, 15)}
    with pytest.raises(ValidationFailed) as err, session_scope(get_engine(db_url)) as s:
        move_in(s, actor=ADMIN, data={**data, "area_m2": 200.0, "workstations": 1})
    # 660 + 200 = 860 > 700 from 1 November.
    assert "2026-11-01" in err.value.messages("zh")[0]
    assert "660.0 ㎡" in err.value.messages("zh")[0]


def test_a_carrier_not_yet_open_can_move_its_opening_and_still_be_resized(db_url: str) -> None:
    """Attack QA recheck: its first rows stayed at the old opening (2027-01-01) after the
    opening moved to 2026-12-15, and no change to its size or stage could be saved."""
    from models.common import shanghai_today

    later = shanghai_today() + timedelta(days=60)
    sooner = shanghai_today() + timedelta(days=20)
    carrier = make_carrier(db_url, total_area_m2=800.0, opened_on=later)
    cid = int(carrier.id or 0)
    with session_scope(get_engine(db_url)) as s:
        update_carrier(
            s, actor=ADMIN, carrier_id=cid, expected_version=1, changes={"opened_on": sooner}
        )
    _resize(db_url, cid, 900.0, sooner)  # a correction of what it opens with
    with Session(get_engine(db_url)) as s:
        rows = s.exec(
            select(CarrierSizeChange.changed_on, CarrierSizeChange.total_area_m2)
            .where(CarrierSizeChange.carrier_id == cid)
            .order_by(CarrierSizeChange.id)  # type: ignore[arg-type]
        ).all()
    assert [tuple(r) for r in rows] == [(sooner, 800.0), (sooner, 900.0)]


def test_a_correction_replaces_the_newest_size_for_every_month_it_covered(db_url: str) -> None:
    carrier = make_carrier(db_url, opened_on=date(2024, 1, 1), total_area_m2=5000.0)
    _resize(db_url, carrier.id, 6000.0, date(2025, 6, 1))  # a real change
    with Session(get_engine(db_url)) as s:
        version = s.get(Carrier, carrier.id).version  # type: ignore[union-attr]
    with session_scope(get_engine(db_url)) as s:
        update_carrier(
            s,
            actor=ADMIN,
            carrier_id=carrier.id,
            expected_version=version,
            changes={"total_area_m2": 6100.0},  # 6,000 was a typo for 6,100
            size_changed_on=date.today(),  # ignored: a correction takes the row's day
            correction=True,
        )

    def area(month: date) -> float:
        with Session(get_engine(db_url)) as s:
            frame = queries.carriers_frame(s, as_of=month)
        return float(frame.loc[frame["id"] == carrier.id, "total_area_m2"].item())

    # Hand check: before the change the first size; from its month on the corrected one.
    assert (area(date(2025, 5, 1)), area(date(2025, 6, 1)), area(date(2026, 10, 1))) == (
        5000.0,
        6100.0,
        6100.0,
    )
