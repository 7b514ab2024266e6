"""Chinese means Chinese (issue 7 §7), checked where AppTest can see it.

The browser tour (tests/e2e/test_language_tour.py) reads what is drawn; these tests pin
the causes: the delta unit, Streamlit's untranslatable "Select all", stored column
names as table headers, English month names on a temporal axis, raw enum values in the
map tooltips.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from unittest.mock import patch

import geopandas as gpd
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from geo.conversion import conversion_geojson
from tests.app.conftest import page
from tests.app.rendered import assert_page_ok


def test_occupancy_delta_is_in_percentage_points_of_the_language(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app().run()
    deltas = [m.proto.delta for m in at.metric if m.label == "平均出租率"]
    assert deltas and all(d.endswith("个百分点") for d in deltas), deltas
    at.segmented_control(key="lang_choice").set_value("en").run()
    deltas = [m.proto.delta for m in at.metric if m.label == "Average occupancy"]
    assert deltas and all(d.endswith(" pp") for d in deltas), deltas


def test_multiselects_offer_no_untranslatable_select_all(
    make_app: Callable[..., AppTest],
) -> None:
    for script, user in ((page("Map"), None), (page("Users"), "admin")):
        at = make_app(script, user=user).run()
        assert at.multiselect, script.name
        for widget in at.multiselect:
            assert widget.proto.select_all == 0, (script.name, widget.key)
            assert widget.placeholder == "请选择", (script.name, widget.key)


def _headers(frame_proto: object) -> list[str]:
    config = json.loads(frame_proto.columns or "{}")  # type: ignore[attr-defined]
    return [str(c.get("label", name)) for name, c in config.items()]


def test_conversion_tables_have_chinese_headers_and_the_system_user(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(page("Conversions")).run()
    assert_page_ok(at, "conversions")
    # The tracker's all-projects table, then the chosen project's history, come last.
    projects, history = at.dataframe[-2], at.dataframe[-1]
    headers = _headers(projects.proto) + _headers(history.proto)
    for raw in ("name_zh", "name_en", "original_use", "changed_on", "changed_by", "note"):
        assert raw not in headers, headers
    assert {"原用途", "状态", "变更日期", "变更人", "备注"} <= set(headers), headers
    # Chinese mode lists Chinese names only.
    assert "name_en" not in projects.value.columns
    assert "system" not in set(history.value["changed_by"])
    assert "系统" in set(history.value["changed_by"])


def test_carrier_trend_writes_months_as_numbers(make_app: Callable[..., AppTest]) -> None:
    """A temporal x axis prints "July"; the chart must use year-month strings."""
    at = make_app(page("Map")).run()
    at.session_state["selected_carrier"] = 1
    at.run()
    assert_page_ok(at, "map with a carrier")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs, "the carrier trend chart is missing"
    for spec in specs:
        x = spec["encoding"]["x"]
        assert x["type"] != "temporal", x


def test_project_tooltips_translate_status_and_original_use() -> None:
    """The map page's labels must carry the enum words geo/ looks up."""
    import ui

    projects = gpd.GeoDataFrame(
        {
            "id": [1],
            "name_zh": ["老厂房改造"],
            "name_en": ["Old mill"],
            "status": ["operating"],
            "original_use": ["old_factory"],
        },
        geometry=[Point(121.45, 31.27)],
        crs="EPSG:4326",
    )
    with patch.object(ui, "lang", return_value="zh"):
        labels = ui.map_labels()
    tip = conversion_geojson(projects, lang="zh", labels=labels)["features"][0]["properties"]["tip"]
    assert "已运营 · 老厂房" in tip and "operating" not in tip


def test_chart_tooltips_and_axes_are_labelled_in_the_language(
    make_app: Callable[..., AppTest],
) -> None:
    """A tooltip without a title shows the field name ("pct"); a temporal axis without a
    format shows month names ("July")."""
    home = make_app().run()
    details = make_app(page("Map"))
    details.session_state["selected_carrier"] = 1
    details.run()
    specs = [json.loads(c.proto.spec) for at in (home, details) for c in at.get("vega_lite_chart")]
    assert len(specs) >= 3, len(specs)
    for spec in specs:
        encoding = spec.get("encoding", {})
        for tip in encoding.get("tooltip", []):
            assert tip.get("title"), tip
        for channel in ("x", "y"):
            axis = encoding.get(channel, {})
            if axis.get("type") == "temporal":
                assert (axis.get("axis") or {}).get("format"), axis
