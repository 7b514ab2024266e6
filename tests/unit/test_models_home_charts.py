"""Home charts and tables: text in the reader's language, zones never in stage colours."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.style import STAGE_COLORS
from models import home_charts as hc
from models.i18n import t

TREND = pd.DataFrame(
    {
        "month": [date(2026, 9, 1), date(2026, 10, 1)] * 2,
        "kind": ["stage", "stage", "zone", "zone"],
        "group": ["incubator", "incubator", "district", "district"],
        "carriers": [3, 4, 10, 11],
        "area_m2": [1000.0, 1200.0, 5000.0, 5200.0],
        "tenants": [5, 6, 20, 22],
        "occupancy": [0.5, 0.625, 0.8, 0.75],
    }
)


def _tr(lang: str) -> hc.Tr:
    return lambda key, **params: t(key, lang, **params)


def test_trend_months_and_groups_are_written_in_the_language() -> None:
    zh = hc.trend_frame(_tr("zh"), "zh", TREND, kind="stage", measure="occupancy")
    assert zh["month"].tolist() == ["2026年9月", "2026年10月"]
    assert zh["group"].tolist() == ["孵化器", "孵化器"]
    assert zh["value"].tolist() == [50.0, 62.5]  # percent
    en = hc.trend_frame(_tr("en"), "en", TREND, kind="zone", measure="tenants")
    assert en["month"].tolist() == ["Sep 2026", "Oct 2026"]
    assert en["group"].tolist() == ["District total", "District total"]
    csv = hc.csv_frame(_tr("en"), en, measure="tenants")
    assert csv.columns.tolist() == ["Month", "Group", "Tenants"]
    assert csv["Month"].tolist() == ["2026-09", "2026-10"]


def test_zone_lines_never_take_a_stage_colour() -> None:
    from itertools import combinations

    from geo.colour_check import VISIONS, closest_pair, distance

    # Told apart from every stage colour and from each other, for every vision.
    assert closest_pair(hc.ZONE_COLOURS, STAGE_COLORS.values())[0] >= 15
    apart = min(distance(a, b, v) for a, b in combinations(hc.ZONE_COLOURS, 2) for v in VISIONS)
    assert apart >= 15
    frame = hc.trend_frame(_tr("zh"), "zh", TREND, kind="zone", measure="area_m2")
    spec = hc.trend_chart(_tr("zh"), frame, kind="zone", measure="area_m2").to_dict()
    assert spec["encoding"]["color"]["scale"]["range"] == list(hc.ZONE_COLOURS)
    # The months keep their order on the axis and carry no English month names.
    assert spec["encoding"]["x"]["sort"] == ["2026年9月", "2026年10月"]


def test_changes_carry_their_unit() -> None:
    zh, en = _tr("zh"), _tr("en")
    assert hc.fmt_change(zh, "occupancy:district", 0.025, "zh") == "+2.5 个百分点"
    assert hc.fmt_change(en, "occupancy:district", -0.01, "en") == "-1.0 pp"
    assert hc.fmt_change(zh, "available_m2:shibei", -1714.9, "zh") == "-1,715 ㎡"
    assert hc.fmt_change(en, "tenants", 3, "en") == "+3"
    assert hc.fmt_change(en, "tenants", None, "en") == "—"
    assert hc.fmt_value("area_m2", 711250.0, "en") == "711,250 m²"
    assert hc.period_text(zh, "zh", "graduations", date(2026, 10, 1)) == "2026年1月至2026年10月"


@pytest.mark.parametrize(
    ("key", "change", "zero"),
    [
        ("occupancy:district", -0.0004, True),  # -0.04 pp: was "↓ -0.0 个百分点" in red
        ("occupancy:district", 0.0004, True),
        ("occupancy:district", -0.0006, False),  # -0.06 pp shows as -0.1: a fall
        ("tenants", 0.4, True),
        ("tenants", -1, False),
        ("tenants", None, False),
    ],
)
def test_a_change_that_rounds_to_nothing_is_shown_as_no_change(
    key: str, change: float | None, zero: bool
) -> None:
    """User QA: a rounding residue read as a fall."""
    assert hc.shown_as_zero(key, change) is zero
    shown = hc.fmt_change(_tr("zh"), key, change, "zh")
    if zero:
        assert shown in {"0.0 个百分点", "0"}
    else:
        assert not shown.startswith(("0.0", "-0.0", "+0.0"))


def test_headline_areas_are_short_enough_for_a_1366_row() -> None:
    """711,250 m² was cut to "711,25…", then "71.1 万㎡" to "71.1 …", in a sixth of a
    1366-px row; the unit (万平方米 / thousand m²) is the caption under the figure."""
    assert hc.fmt_headline("area_m2", 711250.0, "zh") == "71.1"
    assert hc.fmt_headline("available_m2:district", 117344.0, "en") == "117"
    assert hc.fmt_headline("tenants", 547.0, "zh") == hc.fmt_value("tenants", 547.0, "zh")
    assert hc.fmt_headline("area_m2", None, "zh") == "—"


def test_headline_area_changes_read_in_the_headline_unit() -> None:
    """User QA: "+6,590 ㎡" under "71.1 万平方米" had to be converted in one's head."""
    zh, en = _tr("zh"), _tr("en")
    assert hc.fmt_headline_change(zh, "area_m2", 6590.0, "zh") == "+0.66 万㎡"
    assert hc.fmt_headline_change(zh, "available_m2:district", -1714.9, "zh") == "-0.17 万㎡"
    assert hc.fmt_headline_change(en, "area_m2", 6590.0, "en") == "+6.6k m²"
    # Below the shown precision it is 0, without an arrow (49 m² is 0.00 万㎡).
    assert hc.fmt_headline_change(zh, "area_m2", 49.0, "zh") == "0 万㎡"
    assert hc.fmt_headline_change(en, "area_m2", 49.0, "en") == "0 m²"
    assert hc.headline_zero("area_m2", 49.0, "zh") and not hc.headline_zero("area_m2", 51.0, "zh")
    # Everything else as in the tables.
    assert hc.fmt_headline_change(zh, "tenants", 3, "zh") == hc.fmt_change(zh, "tenants", 3, "zh")
    assert hc.headline_delta(zh, "area_m2", None, "zh") is None


@pytest.mark.parametrize("kind", ["stage", "zone"])
def test_trend_lines_have_a_key(kind: str) -> None:
    """A leader must tell the lines apart: colour and dash share one legend (a legend=None
    on either channel switched the merged legend off, leaving four unnamed lines)."""
    tr = lambda key, **p: t(key, "zh", **p)  # noqa: E731
    frame = pd.DataFrame(
        {"month": ["2026-09", "2026-10"], "group": ["孵化器", "孵化器"], "value": [70.0, 71.0]}
    )
    spec = hc.trend_chart(tr, frame, kind=kind, measure="occupancy").to_dict()
    for channel in ("color", "strokeDash"):
        encoding = spec["encoding"][channel]
        assert encoding.get("legend", {}) is not None, encoding
    assert spec["encoding"]["color"]["title"] == spec["encoding"]["strokeDash"]["title"]


def test_rate_lines_are_spread_over_the_axis_not_squeezed_at_the_top() -> None:
    # Five zones between 79% and 86% on a 0-100 axis lay on one another (user QA).
    tr = lambda key, **p: t(key, "zh", **p)  # noqa: E731
    frame = pd.DataFrame(
        {"month": ["2026-09", "2026-10"], "group": ["孵化器", "孵化器"], "value": [79.0, 86.0]}
    )
    rate = hc.trend_chart(tr, frame, kind="zone", measure="occupancy").to_dict()
    assert rate["encoding"]["y"]["scale"]["zero"] is False
    area = hc.trend_chart(tr, frame, kind="zone", measure="area_m2").to_dict()
    assert area["encoding"]["y"]["scale"]["zero"] is True  # amounts still start at 0


def test_the_late_list_names_and_dates_as_the_conversion_tracker_does() -> None:
    """User QA: home said 滞后天数 and 2024-07-31, the tracker 延期天数 and 2024年7月31日."""
    frame = pd.DataFrame(
        [(1, "老厂房", "Old mill", "approved", "start", date(2024, 7, 31), 100)],
        columns=["id", "name_zh", "name_en", "status", "late", "planned_on", "days_late"],
    )
    zh = hc.attention_frame(_tr("zh"), "zh", frame, which="late")
    en = hc.attention_frame(_tr("en"), "en", frame, which="late")
    assert zh.iloc[0].tolist() == ["老厂房", "已批准", "开工", "2024年7月31日", 100]
    assert "延期天数" in zh.columns and "延期环节" in zh.columns
    assert en.iloc[0].tolist()[0] == "Old mill" and en.iloc[0].tolist()[3] == "31 Jul 2024"
