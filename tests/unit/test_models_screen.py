"""The big screen's figures, options and panel HTML (issue 9).

``assemble`` is checked against small hand-made query results whose answers are worked
out by hand below; ``load_figures`` against the seeded database and the home page's own
queries (the screen must show the same numbers as the rest of the app).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import Session

from models import chain, queries, zones_compare
from models.occupancy_rate import OccupancyFigure
from models.screen import (
    SCENES,
    ScreenOptions,
    advance,
    assemble,
    load_figures,
    parse_options,
    step_scene,
)
from models.screen_html import fmt_area, key_hint_css, kpi_cards, panels, projects_html, trend_bars


def _options(params: dict[str, str]) -> ScreenOptions:
    return parse_options(params, default_scenes="overview,chain", default_interval=20)


@pytest.mark.parametrize("odd", ["²", "③", "①,12", "99999999999999999999"])
def test_odd_digits_in_a_wall_url_fall_back_to_the_settings(odd: str) -> None:
    """Superscripts and circled numbers passed isdigit() and crashed the screen (attack QA)."""
    got = _options({"interval": odd, "refresh": odd, "spotlight": odd})
    assert got.interval == 20 and got.refresh == 60
    assert got.spotlight == ((12,) if odd == "①,12" else ())


def test_url_options_win_over_settings_and_typos_are_dropped() -> None:
    got = _options({"scenes": "conversions, CHAIN,bogus,chain", "interval": "45"})
    assert got == ScreenOptions(scenes=("conversions", "chain"), interval=45)


def test_missing_or_unusable_options_fall_back() -> None:
    assert _options({}) == ScreenOptions(scenes=("overview", "chain"), interval=20)
    assert _options({"scenes": "nothing", "interval": "fast"}).scenes == ("overview", "chain")
    assert _options({"interval": "0"}).interval == 1  # never a spinning wall
    assert _options({"interval": "99999"}).interval == 3600
    none = parse_options({"scenes": ","}, default_scenes="", default_interval=20)
    assert none.scenes == ("overview",)
    assert set(SCENES) >= {"overview", "chain", "belts", "conversions"}


def test_scene_steps_wrap_both_ways() -> None:
    assert [step_scene(i, 3) for i in range(3)] == [1, 2, 0]
    assert step_scene(0, 3, -1) == 2
    assert step_scene(5, 0) == 0


def test_advance_turns_one_scene_per_interval_unless_paused() -> None:
    assert advance(0, 3, since=100.0, now=110.0, interval=20, paused=False) == (0, 100.0)
    assert advance(0, 3, since=100.0, now=119.6, interval=20, paused=False) == (1, 119.6)
    assert advance(2, 3, since=0.0, now=500.0, interval=20, paused=False) == (0, 500.0)
    assert advance(1, 3, since=0.0, now=500.0, interval=20, paused=True) == (1, 0.0)
    # A lone scene restarts (a lone spotlight then shows its next carrier).
    assert advance(0, 1, since=0.0, now=500.0, interval=20, paused=False) == (0, 500.0)
    assert advance(0, 1, since=0.0, now=10.0, interval=20, paused=False) == (0, 0.0)


def _hand_inputs() -> dict[str, object]:
    month = date(2026, 10, 1)
    figure = OccupancyFigure(month, 0.8, 800.0, 1000.0, 3, 4)
    kpis = {
        "carriers": 4,
        "total_area_m2": 1250.0,
        "occupancy": figure,
        "tenants": 9,
        "month": month,
    }
    trend = pd.DataFrame(
        {"month": [date(2026, m, 1) for m in range(1, 11)], "rate": [0.5] * 8 + [0.75, 0.8]}
    )
    zones = pd.DataFrame(
        [
            {
                "zone": "shibei",
                "carriers": 2,
                "area_m2": 500.0,
                "occupancy": 0.7,
                "carriers_used": 2,
                "available_m2": 150.0,
                "tenants": 4,
                "theme_share": None,
            },
            {
                "zone": "belt_njw",
                "carriers": 1,
                "area_m2": 300.0,
                "occupancy": 0.9,
                "carriers_used": 1,
                "available_m2": 30.0,
                "tenants": 2,
                "theme_share": 0.5,
            },
            {
                "zone": "belt_szr",
                "carriers": 0,
                "area_m2": 0.0,
                "occupancy": float("nan"),
                "carriers_used": 0,
                "available_m2": None,
                "tenants": 0,
                "theme_share": None,
            },
            {
                "zone": "belt_mrr",
                "carriers": 1,
                "area_m2": 450.0,
                "occupancy": 0.8,
                "carriers_used": 0,
                "available_m2": 90.0,
                "tenants": 3,
                "theme_share": 1.0,
            },
            {
                "zone": "district",
                "carriers": 4,
                "area_m2": 1250.0,
                "occupancy": 0.8,
                "carriers_used": 3,
                "available_m2": 200.0,
                "tenants": 9,
                "theme_share": None,
            },
        ]
    )
    comparison = zones_compare.Comparison(month=month, zones=zones, industries=pd.DataFrame())
    events = pd.DataFrame(
        [
            # two graduations in 2026, one in 2025 (not "this year")
            (1, "甲", "Alpha", 1, 2, 1, 2, "nursery", "incubator", date(2026, 3, 1), 2026),
            (2, "乙", None, 3, 4, 1, 2, "incubator", "accelerator", date(2026, 9, 1), 2026),
            (3, "丙", "Gamma", 5, 6, 1, 2, "nursery", "incubator", date(2025, 5, 1), 2025),
        ],
        columns=chain.EVENT_COLUMNS,
    )
    table = pd.DataFrame(
        [
            {"zone": "district", "stage": s, "carriers": 1, "tenants": 2, "occupancy": 0.5}
            for s in chain.STAGES
        ]
    )
    view = chain.ChainView(
        month=month,
        table=table,
        missing={},
        events=events,
        counts=pd.DataFrame(),
        unmatched=0,
        stays=pd.DataFrame(),
    )
    conversions = pd.DataFrame(
        {
            "name_zh": ["老厂房", "商场", "仓库", "取消的"],
            "name_en": ["Old factory", None, "Warehouse", "Cancelled"],
            "status": ["operating", "operating", "planning", "cancelled"],
            "floor_area_m2": [1000.0, 2500.0, 700.0, 9999.0],
        }
    )
    return {
        "kpis": kpis,
        "trend": trend,
        "comparison": comparison,
        "chain_view": view,
        "conversions": conversions,
    }


def test_assemble_matches_the_hand_computed_figures() -> None:
    fig = assemble(**_hand_inputs())  # type: ignore[arg-type]
    assert (fig.carriers, fig.area_m2, fig.tenants) == (4, 1250.0, 9)
    assert fig.occupancy == 0.8 and fig.coverage == 0.75  # 3 of 4 carriers counted
    assert fig.available_m2 == 200.0  # 1000 - 800 over the carriers used
    assert fig.occupancy_change == pytest.approx(0.05)  # 0.80 - 0.75
    assert (fig.year, fig.graduations_year) == (2026, 2)  # the 2025 one is not this year
    assert fig.graduation_pairs == (("nursery", "incubator", 1), ("incubator", "accelerator", 1))
    # newest first; a missing English name falls back to the Chinese one
    assert [g[:2] for g in fig.recent_graduations] == [("乙", "乙"), ("甲", "Alpha")]
    # operating projects: 1000 + 2500 m², two of them; cancelled is not in the pipeline
    assert (fig.delivered_m2, fig.delivered_projects) == (3500.0, 2)
    assert [p.status for p in fig.pipeline] == [
        "identified",
        "planning",
        "approved",
        "under_construction",
        "operating",
    ]
    assert {p.status: p.projects for p in fig.pipeline}["planning"] == 1
    # ranking: highest occupancy first, the belt without a rate last
    assert [z.zone for z in fig.ranking] == ["belt_njw", "belt_mrr", "shibei", "belt_szr"]
    assert fig.ranking[-1].occupancy is None
    assert fig.district is not None and fig.district.carriers == 4
    assert len(fig.trend) == 10 and fig.trend[-1] == ("2026-10", 0.8)
    assert [p[0] for p in fig.projects] == ["商场", "老厂房", "仓库"]
    assert [s.stage for s in fig.stages] == list(chain.STAGES)


def test_screen_shows_the_same_figures_as_the_home_page(seeded: Session) -> None:
    fig = load_figures(seeded)
    k = queries.kpis(seeded)
    figure = k["occupancy"]
    assert isinstance(figure, OccupancyFigure)
    assert fig.carriers == k["carriers"] and fig.tenants == k["tenants"]
    assert fig.occupancy == figure.rate and fig.available_m2 == figure.available_m2
    assert fig.month == k["month"] and fig.month is not None
    view = chain.chain_summary(seeded)
    year_events = view.events[view.events["year"] == fig.month.year]
    assert fig.graduations_year == len(year_events) > 0
    conv = queries.conversions_frame(seeded)
    operating = conv[conv["status"] == "operating"]
    assert fig.delivered_m2 == pytest.approx(operating["floor_area_m2"].sum())
    assert len(fig.trend) == 12 and fig.trend[-1][0] == fig.month.strftime("%Y-%m")


def test_panels_escape_names_from_the_database() -> None:
    inputs = _hand_inputs()
    hostile = "<img src=x onerror=alert(1)>${x}`"
    conv = inputs["conversions"]
    assert isinstance(conv, pd.DataFrame)
    conv.loc[0, "name_zh"] = hostile
    fig = assemble(**inputs)  # type: ignore[arg-type]
    for scene in SCENES:
        for html in panels(scene, fig, "zh"):
            assert "<img" not in html and "${" not in html and "`" not in html
    _left, right = panels("conversions", fig, "zh")
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;&#123;x&#125;&#96;" in right


def test_kpi_cards_carry_units_change_and_coverage_in_both_languages() -> None:
    fig = assemble(**_hand_inputs())  # type: ignore[arg-type]
    zh, en = kpi_cards(fig, "zh"), kpi_cards(fig, "en")
    assert "80.0%" in zh and "覆盖 3/4" in zh and "▲ 5.0 个百分点" in zh
    assert '0.1<span class="scr-unit">万㎡' in zh  # 1250 m² = 0.1 万㎡
    assert "coverage 3/4" in en and "▲ 5.0 pp" in en and "Graduations 2026" in en
    assert fmt_area(3500.0, "en") == "4" and fmt_area(None, "zh") == "—"


def test_trend_columns_stand_on_zero_so_heights_compare_as_the_rates() -> None:
    """80.8% against 83.5% once drew as columns a quarter apart (the floor was 75%)."""
    fig = replace(
        assemble(**_hand_inputs()),  # type: ignore[arg-type]
        trend=(("2026-09", 0.808), ("2026-10", 0.835), ("2026-11", None)),
    )
    html = trend_bars(fig, "zh")
    heights = [float(h) for h in re.findall(r"height:([0-9.]+)%", html)]
    assert heights == [80.8, 83.5]  # a month without a rate draws no column
    assert heights[1] / heights[0] == pytest.approx(0.835 / 0.808)
    assert 'title="2026-10 · 83.5%"' in html
    # The change is said in words, since columns from 0% look flat (user QA).
    assert "2 个月间 ▲ 2.7 个百分点" in html
    assert "Over 2 months: ▲ 2.7 pp" in trend_bars(fig, "en")


def test_the_pause_key_hint_reads_in_the_language_and_cannot_break_out() -> None:
    css = key_hint_css("空格")
    assert 'content:"空格"' in css and ".st-key-scr_pause kbd{font-size:0}" in css
    hostile = key_hint_css('"}</style><script>alert(1)</script>')
    assert "</style><script>" not in hostile and hostile.count("</style>") == 1
    assert '"}' not in hostile  # the CSS string is never closed early


def test_late_projects_lead_the_list_with_their_days_late() -> None:
    inputs = _hand_inputs()  # as of 2026-10: late means overdue on 31 October 2026
    inputs["conversions"] = pd.DataFrame(
        {
            "name_zh": ["按期", "晚开业", "晚开工", "已开业"],
            "name_en": [None, None, None, None],
            "status": ["planning", "under_construction", "approved", "operating"],
            "floor_area_m2": [5000.0, 100.0, 200.0, 9000.0],
            "planned_start": [None, date(2020, 1, 1), date(2026, 9, 21), None],
            "planned_open": [None, date(2026, 7, 23), None, None],
            "actual_start": [None, date(2020, 1, 1), None, None],
            "actual_open": [None, None, None, None],
        }
    )
    fig = assemble(**inputs)  # type: ignore[arg-type]
    # By hand: 23 Jul -> 31 Oct is 8 + 31 + 30 + 31 = 100 days; 21 Sep -> 31 Oct is
    # 9 + 31 = 40. Then the projects on plan, furthest along first.
    assert [(p[0], p[4]) for p in fig.projects] == [
        ("晚开业", 100),
        ("晚开工", 40),
        ("已开业", 0),
        ("按期", 0),
    ]
    html = projects_html(fig, "zh")
    assert "⚠ 延期 100 天" in html and "⚠ 延期 40 天" in html
    assert fig.late_projects == 2 and "另有" not in html  # both late ones are listed


def test_the_wall_says_how_many_late_projects_it_does_not_list() -> None:
    """User QA: six listed while home and the tracker said eight were late."""
    inputs = _hand_inputs()
    n = 8
    inputs["conversions"] = pd.DataFrame(
        {
            "name_zh": [f"晚{i}" for i in range(n)],
            "name_en": [None] * n,
            "status": ["approved"] * n,
            "floor_area_m2": [100.0] * n,
            "planned_start": [date(2026, 1, 1)] * n,
            "planned_open": [None] * n,
            "actual_start": [None] * n,
            "actual_open": [None] * n,
        }
    )
    fig = assemble(**inputs)  # type: ignore[arg-type]
    assert (len(fig.projects), fig.late_projects) == (6, 8)
    assert "另有 2 个延期项目" in projects_html(fig, "zh")
    assert "2 more late" in projects_html(fig, "en")


def test_the_screens_tenant_count_is_the_home_pages_at_the_months_end(tmp_path: Path) -> None:
    """User QA: the screen said 547 firms beside the home page's 546 for 2026-10: it
    counted tenancies open today, the home page those open at the month's end.

    By hand, for October 2026 (the newest report): A in since January counts; B and D
    moved in in November do not yet; C moved out on 3 November still counts. So 2
    (counting those open today gives A, B and D: 3).
    """
    from model_factories import ADMIN, make_carrier, make_tenancy, make_tenant

    from models.db import get_engine, migrate, session_scope
    from models.seed import ensure_zones
    from models.services.occupancy import save_month

    url = f"sqlite:///{tmp_path / 'screen.db'}"
    migrate(url)
    with session_scope(get_engine(url)) as s:
        ensure_zones(s)
    carrier = make_carrier(url, opened_on=date(2025, 1, 1))
    row = {
        "carrier_id": carrier.id,
        "month": date(2026, 10, 1),
        "occupied_area_m2": 100.0,
        "occupied_workstations": 1,
        "tenant_count": 2,
    }
    with session_scope(get_engine(url)) as s:
        save_month(s, actor=ADMIN, rows=[row], today=date(2026, 11, 20), confirm_implausible=True)
    a, b, c, d = (make_tenant(url) for _ in range(4))
    make_tenancy(url, a.id, carrier.id, start_on=date(2026, 1, 1))
    make_tenancy(url, b.id, carrier.id, start_on=date(2026, 11, 5))
    make_tenancy(url, d.id, carrier.id, start_on=date(2026, 11, 10))
    make_tenancy(
        url,
        c.id,
        carrier.id,
        start_on=date(2025, 3, 1),
        end_on=date(2026, 11, 3),
        exit_reason="left_district",
    )
    with Session(get_engine(url)) as s:
        screen = load_figures(s)
        home = queries.overview_view(s).kpis["value"]
    assert screen.month == date(2026, 10, 1)
    assert screen.tenants == home["tenants"] == 2
    get_engine(url).dispose()


def test_a_change_that_rounds_to_nothing_has_no_arrow_on_the_wall() -> None:
    """Admin QA: the wall said "MoM ▲ 0.0 pp" where home says a neutral "0.0 pp"."""
    from models.screen_html import fmt_change

    assert "▲" not in fmt_change(0.0004, "en") and "0.0 pp" in fmt_change(0.0004, "en")
    assert 'class=""' in fmt_change(-0.0004, "zh") and "0.0 个百分点" in fmt_change(-0.0004, "zh")
    assert "▲ 2.5" in fmt_change(0.025, "en") and 'class="up"' in fmt_change(0.025, "en")
    assert "▼ 1.0" in fmt_change(-0.01, "zh")
