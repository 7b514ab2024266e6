"""The home overview as a time machine: the month slider and ?month= change every figure.

Expected figures are computed here by hand from the stored rows (plain Python over ORM
rows, following the written definitions), not by the functions under test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.db import get_engine
from models.occupancy import OccupancyReport
from models.tenant import Tenancy, Tenant
from tests.hand_graduations import hand_graduations


def _month_end(month: date) -> date:
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _back(month: date, n: int) -> date:
    m = month.year * 12 + month.month - 1 - n
    return date(m // 12, m % 12 + 1, 1)


def _by_hand(url: str, month: date) -> tuple[int, str, int]:
    """(carriers counted, district rate as shown, tenants open) at the end of ``month``."""
    last = _month_end(month)
    with Session(get_engine(url)) as s:
        carriers = [
            c
            for c in s.exec(select(Carrier)).all()
            if c.deleted_at is None and (c.opened_on is None or c.opened_on <= last)
        ]
        reports = s.exec(select(OccupancyReport)).all()
        tenancies = s.exec(select(Tenancy, Tenant).join(Tenant)).all()
    ids = {c.id for c in carriers}
    occupied = total = 0.0
    for c in carriers:
        mine = [r for r in reports if r.carrier_id == c.id and _back(month, 2) <= r.month <= month]
        if mine:
            newest = max(mine, key=lambda r: r.month)
            occupied += newest.occupied_area_m2
            total += c.total_area_m2
    tenants = {
        t.id
        for ty, t in tenancies
        if t.deleted_at is None
        and ty.carrier_id in ids
        and ty.start_on <= last
        and (ty.end_on is None or ty.end_on > last)
    }
    return len(carriers), f"{occupied / total * 100:.1f}%", len(tenants)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_home_renders_in_both_languages(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert [m.label for m in at.metric] == [
        "创新载体",
        "总面积",
        "平均出租率",
        "可招商面积",
        "在孵企业",
        "今年毕业企业",
    ]
    captions = [c.value for c in at.caption]
    assert "单位：个 · 2026年10月末" in captions
    assert any(c.startswith("较去年同月 ") for c in captions)
    assert [t.label.split("（")[0] for t in at.tabs][3:] == [
        "出租率最低",
        "降幅最大",
        "未填报",
        "项目延期",
    ]
    assert len(at.get("vega_lite_chart")) == 3  # zone map + two trend charts
    at.segmented_control(key="lang_choice").set_value("en").run()
    assert not at.exception
    assert "Available area" in [m.label for m in at.metric]
    assert "Unit: carriers · end of Oct 2026" in [c.value for c in at.caption]
    # No Chinese month names leak into English, no English ones into Chinese charts.
    assert all("年" not in c.value for c in at.caption)


def test_moving_the_month_shows_the_figures_of_that_month(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    at = make_app().run()
    latest = _by_hand(app_db, date(2026, 10, 1))
    assert _metric(at, "平均出租率") == latest[1]
    april = date(2025, 4, 1)
    carriers, rate, tenants = _by_hand(app_db, april)
    assert (carriers, rate, tenants) != latest  # the sample changes over time
    at.select_slider(key="home_month_zh").set_value(april).run()
    assert not at.exception
    assert _metric(at, "平均出租率") == rate
    assert _metric(at, "创新载体") == str(carriers)
    assert _metric(at, "在孵企业") == str(tenants)
    assert at.query_params["month"] == ["2025-04"] or at.query_params["month"] == "2025-04"
    assert "单位：个 · 2025年4月末" in [c.value for c in at.caption]


def test_month_in_the_url_opens_that_month(make_app: Callable[..., AppTest], app_db: str) -> None:
    at = make_app()
    at.query_params["month"] = "2025-10"
    at.run()
    assert not at.exception
    carriers, rate, _tenants = _by_hand(app_db, date(2025, 10, 1))
    assert _metric(at, "平均出租率") == rate
    assert _metric(at, "创新载体") == str(carriers)
    assert at.select_slider(key="home_month_zh").value == date(2025, 10, 1)


def test_compact_zone_map_shows_the_zone_tables_rates(make_app: Callable[..., AppTest]) -> None:
    """The small map on the home page shades and labels each zone with the same rate
    as the zone table beside it, and links to the full map with shading on."""
    at = make_app().run()
    table = next(d.value for d in at.dataframe if "zone" in d.value.columns)
    in_table = dict(zip(table["zone"], table["occupancy"], strict=True))
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    zone_map = next(s for s in specs if "layer" in s)
    features = [
        f
        for data in zone_map["datasets"].values()
        if isinstance(data, dict)
        for f in data["features"]
    ]
    rates = {
        f["properties"]["code"]: f["properties"]["rate"]
        for f in features
        if "rate" in f["properties"]
    }
    # The table names zones as the map beside it does (short: the full names cut the
    # table's last column at 1366 px).
    assert rates["shibei"] == in_table["市北园区"]
    assert rates["belt_szr"] == in_table["苏州河"]
    assert set(rates) == {"shibei", "belt_njw", "belt_szr", "belt_mrr"}
    links = [link for link in at.get("page_link") if link.proto.label == "在地图中查看载体"]
    assert links and "shade=1" in links[0].proto.query_string


def test_graduations_this_year_are_the_hand_count_now_and_looking_back(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """Every stage to a later one, by the stage each carrier had on the move-in day:
    the same rule as the chain page, so the two pages never disagree."""
    at = make_app().run()
    _, now = hand_graduations(app_db)
    assert now > 0  # the sample has graduations, so the check means something
    assert _metric(at, "今年毕业企业") == str(now)
    june = date(2025, 6, 1)
    at.select_slider(key="home_month_zh").set_value(june).run()
    assert not at.exception
    _, then = hand_graduations(app_db, june)
    assert _metric(at, "今年毕业企业") == str(then)
