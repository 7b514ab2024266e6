"""Text and layers of the conversion tracker: in the reader's language, escaped, coloured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from geo.conversion import conversion_geojson
from geo.conversion_status import legend_html, status_layer
from geo.selection import to_points
from models import conversion_charts as charts
from models import conversion_tracker as ct
from models.i18n import t


def _tr(lang: str) -> Callable[..., str]:
    """Translate into ``lang`` (what ui.tr does for the page)."""
    return lambda key, **kw: t(key, lang, **kw)


def _projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2],
            "name_zh": ["甲厂", "<img src=x onerror=alert(1)>"],
            "name_en": ["A works", ""],
            "status": ["under_construction", "cancelled"],
            "original_use": ["old_factory", "warehouse"],
            "floor_area_m2": [1000.0, 2000.0],
            "park_code": ["shibei", None],
            "belt_codes": [("belt_mrr",), ()],
            "planned_start": [date(2025, 1, 10), date(2025, 2, 1)],
            "planned_open": [date(2025, 12, 1), None],
            "actual_start": [date(2025, 2, 15), None],
            "actual_open": [None, None],
            "late": [True, False],
            "lon": [121.451, 121.44],
            "lat": [31.30, 31.25],
        }
    )


@pytest.mark.parametrize(
    ("lang", "day", "zone", "outside"),
    [
        (
            "zh",
            "2025年2月15日",
            "市北高新技术服务业园区、中环两侧科技创新集聚带",
            "园区和集聚带以外",
        ),
        ("en", "15 Feb 2025", "Shibei High-Tech Park, ", "Outside the park and belts"),
    ],
)
def test_dates_and_zones_in_the_readers_language(
    lang: str, day: str, zone: str, outside: str
) -> None:
    assert charts.fmt_day(date(2025, 2, 15), lang) == day
    assert charts.fmt_day(None, lang) == "—"
    table = charts.projects_table(_tr(lang), lang, _projects())
    assert table["zone"][0].startswith(zone)
    assert table["zone"][1] == outside
    assert set(charts.translated_headers(_tr(lang))) == set(table.columns)
    # Names fall back to Chinese when no English name is stored.
    assert table["name"].tolist()[1] == "<img src=x onerror=alert(1)>"


def test_timeline_marks_late_projects_and_runs_open_work_to_the_month_end() -> None:
    frame = charts.timeline_frame(_tr("en"), "en", _projects(), as_of=date(2026, 3, 1))
    # The cancelled project has no bars; the late one is marked.
    assert set(frame["project"]) == {"⚠ A works"}
    actual = frame[frame["kind"] == t("ct_actual", "en")].iloc[0]
    assert actual["stop"] == pd.Timestamp(2026, 3, 31)
    assert actual["to"] == "31 Mar 2026 (not finished yet)"
    spec = charts.timeline_chart(_tr("zh"), "zh", frame).to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == "%Y年%-m月"


def test_map_layer_colours_by_status_and_legend_is_escaped() -> None:
    fc = conversion_geojson(to_points(_projects()), lang="zh")
    layer = status_layer(fc, colors=ct.STATUS_COLORS, name="<b>x</b>")
    (geojson,) = layer._children.values()
    fills = [geojson.style_function(f)["fillColor"] for f in fc["features"]]
    assert fills == [ct.STATUS_COLORS["under_construction"], ct.STATUS_COLORS["cancelled"]]
    # The hostile name reaches the map escaped.
    assert "<img" not in str(fc)
    html = legend_html({"a": "#000"}, {"a": "<script>"}, "t")
    assert "<script>" not in html and "&lt;script&gt;" in html
    with pytest.raises(TypeError):
        status_layer({"type": "Feature"}, colors={}, name="x")


def test_the_late_table_says_no_where_a_step_was_on_time() -> None:
    """User QA: a blank 开工延期 cell read as a missing figure, not as "on time"."""
    late = ct.lateness(_projects(), as_of=date(2026, 3, 1))
    table = charts.late_table(_tr("zh"), "zh", late)
    # Project 1 started 36 days late and has not opened by its plan: both steps late.
    assert table[t("ct_late_start", "zh")].tolist() == ["是"]
    on_time = _projects().assign(actual_start=[date(2025, 1, 10), None])
    table = charts.late_table(_tr("zh"), "zh", ct.lateness(on_time, as_of=date(2026, 3, 1)))
    assert table[t("ct_late_start", "zh")].tolist() == ["否"]
    assert table[t("ct_late_open", "zh")].tolist() == ["是"]
