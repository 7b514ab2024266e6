"""The home KPI, the zone table's district total and the trend's last point agree.

The expected figure is computed here from the stored rows with plain Python, following
the written definition (newest report of each live carrier no older than 3 months,
area-weighted), not by calling the function under test.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.common import add_months
from models.db import get_engine, session_scope
from models.occupancy import OccupancyReport
from tests.hand_occupancy import hand_figure


def _by_hand(url: str) -> tuple[str, int, int, list[str]]:
    """(rate as shown, carriers used, live carriers, names without a report for M)."""
    fig = hand_figure(url)
    return fig.shown, fig.used, fig.live, fig.not_reported


def _zone_frame(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "coverage" in d.value.columns)


def _home_figures(at: AppTest) -> tuple[str, str, str]:
    kpi = next(m.value for m in at.metric if m.label == "平均出租率")
    zones = _zone_frame(at).set_index("zone")
    district = zones.loc["全区合计", "occupancy"]
    last = next(c.value for c in at.caption if c.value.startswith("20") and "：" in c.value)
    return kpi, district, last


def test_home_kpi_zone_total_and_trend_agree_with_a_hand_calculation(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    rate, used, live, missing = _by_hand(app_db)
    at = make_app().run()
    assert not at.exception
    kpi, district, last = _home_figures(at)
    assert kpi == district == rate
    assert rate in last and f"覆盖 {used}/{live}" in last
    # Coverage sits next to the KPI, the carriers missing this month are listed.
    # ... in words: the carriers counted reported within the freshness window.
    assert any(c.value.startswith(f"覆盖 {used}/{live}：{used} 个载体近") for c in at.caption)
    listed = next(t for t in at.tabs if t.label.startswith("未填报"))
    assert f"（{len(missing)}）" in listed.label
    names = set(next(d.value for d in listed.dataframe)["名称"])
    assert len(names) == len(missing)
    assert all(any(n in shown for shown in names) for n in missing)
    # A carrier in the park and a belt counts in both rows: the rows add up to more.
    zones = _zone_frame(at).set_index("zone")
    assert zones.drop(index="全区合计")["carriers"].sum() > zones.loc["全区合计", "carriers"]
    assert zones.loc["全区合计", "carriers"] == live


def test_one_carriers_new_report_is_the_only_thing_that_moves_the_rate(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    # A carrier that has not reported the newest month files it with last month's figures:
    # the district rate must not move (its previous report already counted), while the
    # "not reported" count drops by one. Under the old KPI the rate jumped.
    at = make_app().run()
    before, _, _ = _home_figures(at)
    _, _, _, missing = _by_hand(app_db)
    with session_scope(get_engine(app_db)) as s:
        month = max(r.month for r in s.exec(select(OccupancyReport)).all())
        carrier = s.exec(select(Carrier).where(Carrier.name_zh == missing[0])).one()
        prev = s.exec(
            select(OccupancyReport)
            .where(OccupancyReport.carrier_id == carrier.id)
            .order_by(col(OccupancyReport.month).desc())
        ).first()
        assert prev is not None and prev.month < month
        s.add(
            OccupancyReport(
                carrier_id=int(carrier.id or 0),
                month=month,
                occupied_area_m2=prev.occupied_area_m2,
                occupied_workstations=prev.occupied_workstations,
                tenant_count=prev.tenant_count,
            )
        )
    # The app caches by the data version, which a direct insert does not bump.
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    at.run()
    after, _, _ = _home_figures(at)
    assert after == before
    listed = next(t for t in at.tabs if t.label.startswith("未填报"))
    assert f"（{len(missing) - 1}）" in listed.label


def test_a_carrier_whose_reports_are_too_old_shows_no_rate_on_the_map(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from unittest.mock import patch

    from sqlalchemy import delete

    from tests.app.conftest import page
    from tests.app.test_map_page import FakeFolium

    # Keep only reports at least 4 months older than the newest month for one carrier.
    with session_scope(get_engine(app_db)) as s:
        month = max(r.month for r in s.exec(select(OccupancyReport)).all())
        carrier = s.exec(select(Carrier).order_by(col(Carrier.id))).first()
        assert carrier is not None
        cutoff = add_months(month, -3)  # newest kept report: M-3, a 4th month back
        s.execute(
            delete(OccupancyReport).where(
                col(OccupancyReport.carrier_id) == carrier.id,
                col(OccupancyReport.month) > cutoff,
            )
        )
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    fake = FakeFolium(
        {"type": "Feature", "properties": {"id": int(carrier.id or 0), "kind": "carrier"}}
    )
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(page("Map")).run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "当前出租率") == "—"
    assert any("超过 3 个月" in c.value for c in at.caption)


def test_a_carrier_that_never_reported_says_so_not_too_old(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """A brand-new carrier has no report: "none yet", never "older than 3 months"."""
    from unittest.mock import patch

    from sqlalchemy import delete

    from tests.app.conftest import page
    from tests.app.test_map_page import FakeFolium

    with session_scope(get_engine(app_db)) as s:
        carrier = s.exec(select(Carrier).order_by(col(Carrier.id))).first()
        assert carrier is not None
        s.execute(delete(OccupancyReport).where(col(OccupancyReport.carrier_id) == carrier.id))
    st.cache_data.clear()
    st.cache_resource.clear()  # the overview rows are one shared object
    fake = FakeFolium(
        {"type": "Feature", "properties": {"id": int(carrier.id or 0), "kind": "carrier"}}
    )
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(page("Map")).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("尚无出租率填报" in c for c in captions), captions
    assert not any("超过 3 个月" in c for c in captions), captions
