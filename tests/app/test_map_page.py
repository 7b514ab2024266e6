"""Map page behaviour: a click selects a carrier, filters and links travel in the URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import pandas as pd
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models import queries
from models.db import get_engine
from tests.app.conftest import page
from tests.html_tables import header_titles, read_facts, read_table

MAP = page("Map")
ZH_STAGES = {
    "public_space": "众创空间",
    "nursery": "创业苗圃",
    "incubator": "孵化器",
    "accelerator": "加速器",
}


def zone_table(at: AppTest) -> pd.DataFrame:
    """The side table of zones (plain HTML, one string column per key)."""
    return read_table(next(h.value for h in at.html if ZONE_COLUMN in h.value))


# The zone table's first header (the carrier's facts are a jt-table too).
ZONE_COLUMN = 'data-col="zone"'


def _carriers(url: str) -> pd.DataFrame:
    with Session(get_engine(url)) as session:
        return queries.carriers_frame(session)


class FakeFolium:
    """Stands in for st_folium: records its arguments, returns a chosen click."""

    def __init__(self, clicked: dict[str, Any] | None = None) -> None:
        self.clicked = clicked
        self.calls: list[dict[str, Any]] = []
        self.figs: list[Any] = []

    def __call__(self, fig: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        self.figs.append(fig)
        return {"last_active_drawing": self.clicked}


def test_click_on_a_carrier_shows_its_details(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    carrier = _carriers(app_db).iloc[0]
    fake = FakeFolium(
        {"type": "Feature", "properties": {"id": int(carrier["id"]), "kind": "carrier"}}
    )
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
    assert not at.exception
    assert at.subheader[0].value == carrier["name_zh"]
    assert at.query_params["carrier"] == str(carrier["id"])
    facts = read_facts(next(h.value for h in at.html if 'scope="row"' in h.value))
    assert facts["地址"] == carrier["address"] and facts["阶段"] == ZH_STAGES[carrier["stage"]]
    assert facts["总面积"] == f"{carrier['total_area_m2']:,.0f} ㎡"
    # Pan/zoom must not rerun the app: only the clicked feature is returned.
    assert fake.calls[-1]["returned_objects"] == ["last_active_drawing"]


def test_closing_the_details_brings_back_the_zone_table(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    carrier = _carriers(app_db).iloc[0]
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP)
        at.query_params["carrier"] = str(carrier["id"])  # a shared link to one carrier
        at.run()
        assert at.subheader[0].value == carrier["name_zh"]
        assert not [h for h in at.html if ZONE_COLUMN in h.value]
        at.button(key="close_details").click().run()
    assert not at.exception
    assert not at.main.subheader, "the carrier's details are still open"
    assert len(zone_table(at)) >= 4  # Shibei park and the three belts at least
    assert "carrier" not in at.query_params
    # and the close stays closed on the next rerun (the URL no longer brings it back)
    with patch("streamlit_folium.st_folium", fake):
        at.run()
    assert not at.main.subheader


def test_a_link_to_a_carrier_that_does_not_exist_says_so_and_drops_it(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    missing = int(_carriers(app_db)["id"].max()) + 1000
    with patch("streamlit_folium.st_folium", FakeFolium()):
        at = make_app(MAP)
        at.query_params["carrier"] = str(missing)
        at.run()
    assert not at.exception
    assert any("不存在或已被删除" in w.value for w in at.warning)
    assert "carrier" not in at.query_params  # the shared link no longer names it
    assert not at.main.subheader and len(zone_table(at)) >= 4


def test_a_click_on_a_zone_closes_the_details(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    carrier = _carriers(app_db).iloc[0]
    on_carrier = {"type": "Feature", "properties": {"id": int(carrier["id"]), "kind": "carrier"}}
    on_belt = {"type": "Feature", "properties": {"code": "belt_szr", "kind": "belt"}}
    fake = FakeFolium(on_carrier)
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
        assert at.subheader[0].value == carrier["name_zh"]
        fake.clicked = on_belt  # the next click lands beside the dot, on the belt
        at.run()
        at.run()  # the click is read on the run after the map returned it
    assert not at.exception
    assert not at.main.subheader
    assert "carrier" not in at.query_params
    assert [h for h in at.html if ZONE_COLUMN in h.value]


def test_stage_filter_from_a_shared_link(make_app: Callable[..., AppTest], app_db: str) -> None:
    carriers = _carriers(app_db)
    incubators = int((carriers["stage"] == "incubator").sum())
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP)
        at.query_params["stage"] = "incubator"
        at.run()
    assert not at.exception
    assert f"显示 {incubators} / {len(carriers)} 个载体" in [c.value for c in at.caption]
    assert at.multiselect(key="f_stage_zh").value == ["incubator"]
    # The carriers travel as a separate feature group: the base map is not remounted.
    layers = fake.calls[-1]["feature_group_to_add"]
    assert len(layers) == 2


def test_text_search_filters_and_updates_the_url(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
        at.text_input(key="f_q_zh").input("聚能湾").run()
    assert "显示 1 / " in " ".join(c.value for c in at.caption)
    assert at.query_params["q"] == "聚能湾"


def test_clicking_a_conversion_project_does_not_select_a_carrier(
    make_app: Callable[..., AppTest],
) -> None:
    fake = FakeFolium({"type": "Feature", "properties": {"id": 1, "kind": "conversion"}})
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
    assert "carrier" not in at.query_params
    assert any("点击地图上的载体" in i.value for i in at.info)


def test_language_switch_keeps_the_filters(make_app: Callable[..., AppTest], app_db: str) -> None:
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP)
        at.query_params["stage"] = "incubator"
        at.run()
        at.session_state["lang"] = "en"
        at.run()
    assert at.multiselect(key="f_stage_en").value == ["incubator"]
    assert at.multiselect(key="f_stage_en").label == "Stages"
    assert at.radio(key="basemap_en").value == "none"


def _children(group: Any) -> list[Any]:
    return list(group._children.values())


def test_a_zone_filter_follows_through_to_table_projects_and_view(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    from geo.legend import FollowBounds
    from geo.zones import build_zones

    carriers = _carriers(app_db)
    in_njw = int(carriers["belt_codes"].fillna("").str.contains("belt_njw").sum())
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
        everything = fake.calls[-1]["feature_group_to_add"]
        at = make_app(MAP)
        at.query_params["zone"] = "belt_njw"
        at.run()
    assert not at.exception
    # The side table counts only what the filter leaves (district row = carriers shown).
    table = zone_table(at)  # the zone table (no carrier selected)
    assert int(table["carriers"].iloc[-1]) == in_njw
    # Conversion projects are filtered too, and no diamond sits on a carrier.
    layers = fake.calls[-1]["feature_group_to_add"]
    projects = _children(layers[1])[0].features()
    all_projects = _children(everything[1])[0].features()
    assert 0 < len(projects) < len(all_projects)
    with Session(get_engine(app_db)) as session:
        linked = set(queries.conversions_frame(session).dropna(subset=["carrier_id"])["id"])
    assert linked and not {f["properties"]["id"] for f in all_projects} & linked
    # The map is told to fit the belt's carriers, not the whole district.
    follow = next(c for c in _children(layers[0]) if isinstance(c, FollowBounds))
    (south, _), (north, _) = follow.bounds
    belt = build_zones().set_index("code").loc["belt_njw", "geometry"].bounds
    assert belt[1] - 0.01 <= south < north <= belt[3] + 0.01
    assert north < 31.26, "the view must stay around Nanjing West Road"


def test_zones_can_be_shaded_by_occupancy(make_app: Callable[..., AppTest], app_db: str) -> None:
    from geo.maps import render_html
    from geo.style import OCCUPANCY_INK

    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
        assert OCCUPANCY_INK not in render_html(fake.figs[-1])
        at.toggle(key="f_shade").set_value(True).run()
    assert not at.exception
    html = render_html(fake.figs[-1])
    assert OCCUPANCY_INK in html
    assert at.toggle(key="f_shade").label == "按出租率为片区着色"
    assert at.query_params["shade"] == "1"  # a shared link keeps the shading
    with patch("streamlit_folium.st_folium", fake):
        again = make_app(MAP)
        again.query_params["shade"] = "1"
        again.run()
    assert again.toggle(key="f_shade").value is True
    assert OCCUPANCY_INK in render_html(fake.figs[-1])


def test_shading_and_the_zone_table_show_the_same_rates_under_a_filter(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """With a stage filter, each zone's shade is the rate in the table beside it."""
    import geo.maps
    from models.occupancy_rate import ZONE_CODES
    from ui import fmt_pct

    def shown(query: dict[str, str]) -> tuple[list[str], list[str]]:
        with (
            patch("streamlit_folium.st_folium", FakeFolium()),
            patch("geo.maps.explorer_map", wraps=geo.maps.explorer_map) as spy,
        ):
            at = make_app(MAP)
            for key, value in query.items():
                at.query_params[key] = value
            at.run()
        assert not at.exception
        rates = spy.call_args.kwargs["zone_occupancy"]
        table = zone_table(at)  # zone rows first, the district total last
        return [fmt_pct(rates[z]) for z in ZONE_CODES], list(table["occupancy"][: len(ZONE_CODES)])

    shades, table = shown({"shade": "1", "stage": "incubator"})
    assert shades == table
    everything, _ = shown({"shade": "1"})
    assert shades != everything  # the filter changed the rates, and the shading followed


def test_a_month_in_the_link_shows_the_map_as_it_stood_then(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """The home page's zone map links here with ?month=; looking back, the map and its
    table count only carriers open by then, each with the stage it had then."""
    from datetime import date

    with Session(get_engine(app_db)) as session:
        then = queries.carriers_frame(session, as_of=date(2024, 6, 1))
        projects = queries.conversions_frame(session, as_of=date(2024, 6, 1))
    open_then = then[then["counted"]]
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP)
        at.query_params["month"] = "2024-06"
        at.run()
    assert not at.exception
    total = len(_carriers(app_db))
    assert len(open_then) < total  # the sample has carriers opening after June 2024
    caption = f"显示 {len(open_then)} / {len(open_then)} 个载体"
    assert caption in [c.value for c in at.caption]
    assert any("2024年6月" in i.value for i in at.info)
    assert at.query_params["month"] == "2024-06"
    table = zone_table(at)
    district = table[table["zone"] == "全区合计"].iloc[0]
    assert int(district["carriers"]) == len(open_then)
    # Projects show the status they had in June 2024 (the sample moved some on since).
    merged = projects.merge(queries_now(app_db), on="id", suffixes=("_then", "_now"))
    assert (merged["status_then"] != merged["status_now"]).any()


def queries_now(url: str) -> pd.DataFrame:
    with Session(get_engine(url)) as session:
        return queries.conversions_frame(session)


def test_the_map_draws_the_stored_outline_after_an_import(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """GIS staff replaced Shibei's outline: the map must show theirs, not the shipped one."""
    from shapely.geometry import box

    from models.db import session_scope
    from models.services.core import SYSTEM
    from models.services.zones import update_zone
    from models.zone import Zone

    outline = box(121.45123, 31.28345, 121.46678, 31.29456)
    with session_scope(get_engine(app_db)) as s:
        zone = s.exec(select(Zone).where(Zone.code == "shibei")).one()
        update_zone(
            s,
            actor=SYSTEM,
            zone_id=int(zone.id or 0),
            expected_version=zone.version,
            changes={"geometry_wkt": outline.wkt},
        )
    fake = FakeFolium()
    with patch("streamlit_folium.st_folium", fake):
        at = make_app(MAP).run()
    assert not at.exception
    html = fake.figs[-1].get_root().render()
    assert "121.45123" in html and "31.29456" in html


def test_looking_back_the_details_say_they_are_current(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """The side panel describes the carrier now; looking back, it says so."""
    carrier = int(_carriers(app_db)["id"].iloc[0])

    def captions(month: str | None) -> list[str]:
        with patch("streamlit_folium.st_folium", FakeFolium()):
            at = make_app(MAP)
            at.query_params["carrier"] = str(carrier)
            if month:
                at.query_params["month"] = month
            at.run()
        assert not at.exception
        return [c.value for c in at.caption]

    assert any("2024年6月末" in c and "当前信息" in c for c in captions("2024-06"))
    assert not any("当前信息" in c for c in captions(None))


def test_the_zone_table_reads_in_the_chosen_language_with_the_rate_defined_on_hover(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """Headers, zone names and the occupancy definition follow the language switch."""
    from geo.escape import escape_text
    from models.i18n import t
    from models.occupancy_rate import FRESH_MONTHS

    for lang, district in (("zh", "全区合计"), ("en", "District total")):
        with patch("streamlit_folium.st_folium", FakeFolium()):
            at = make_app(MAP)
            at.query_params["lang"] = lang
            at.run()
        assert not at.exception
        html = next(h.value for h in at.html if "jt-table" in h.value)
        table = read_table(html)
        assert table["zone"].iloc[-1] == district
        assert t("zt_occupancy", lang) in html and t("zt_coverage", lang) in html
        help_text = header_titles(html)["occupancy"]
        assert help_text == header_titles(html)["coverage"]
        definition = t("occ_definition", lang, back=FRESH_MONTHS - 1, months=FRESH_MONTHS)
        assert help_text == definition
        # On a phone (no hover) the same text opens from a note under the table.
        note = html.split("<details", 1)[1]
        assert t("zt_definition", lang) in note and escape_text(definition) in note
        assert all(rate.endswith("%") for rate in table["occupancy"])
