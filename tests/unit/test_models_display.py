"""Words, not internals: audit diffs, error classification, counted wording, map scale."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import exc as sa_exc

from geo.maps import build_base_map
from geo.zones import build_context, build_zones
from models.display import EMPTY, field_label, field_value_text, username_label, value_text
from models.faults import database_unavailable, reference_id
from models.i18n import t
from models.queries import change_summary


def test_change_summary_treats_nan_as_missing() -> None:
    """pandas 3 turns a missing "before" into NaN; json.loads(nan) raised TypeError."""
    assert change_summary(math.nan, '{"operator": "甲"}') == [("operator", None, "甲")]
    assert change_summary('{"a": 1}', float("nan")) == [("a", 1, None)]
    frame = pd.DataFrame({"before": [None, '{"a": 1}'], "after": ['{"a": 2}', '{"a": 3}']})
    assert change_summary(frame["before"][0], frame["after"][0]) == [("a", None, 2)]


def test_change_summary_leaves_out_bookkeeping_and_empty_to_empty() -> None:
    """Admin QA: a new user's entry listed Failed logins, Version, ID and "— → —"."""
    after = '{"id": 7, "version": 1, "failed_logins": 0, "carrier_ids": [], "role": "manager"}'
    assert change_summary(None, after) == [("role", None, "manager")]
    assert change_summary('{"version": 1, "note": ""}', '{"version": 2, "note": "x"}') == [
        ("note", "", "x")
    ]


def test_change_summary_survives_text_that_is_not_a_json_object() -> None:
    assert change_summary("not json", None) == [("value", "not json", None)]
    assert change_summary("[1, 2]", "") == [("value", [1, 2], None)]


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (None, EMPTY, EMPTY),
        (math.nan, EMPTY, EMPTY),
        (True, "是", "yes"),
        ("old_factory", "老厂房", "Old factory"),
        (
            "belt_njw,belt_szr",
            "南京西路商务创新集聚带、苏州河两岸文化创意集聚带",
            # A list in English running text takes commas (admin QA met "、" there).
            "Nanjing West Road Business Innovation Belt, Suzhou River Cultural & Creative Belt",
        ),
        (date(2026, 7, 1), "2026-07-01", "2026-07-01"),
        (1234.5, "1,234.5", "1,234.5"),
        ("上海某公司", "上海某公司", "上海某公司"),
    ],
)
def test_values_are_shown_in_words(value: object, zh: str, en: str | None) -> None:
    assert value_text(value, "zh") == zh
    if en is not None:
        assert value_text(value, "en") == en


def test_field_names_and_the_system_user_are_translated() -> None:
    assert field_label("changed_on", "zh") == "变更日期"
    assert field_label("name_zh", "zh") == "中文名称"
    assert field_label("employees", "en") == "Employees"
    assert username_label("system", "zh") == "系统"
    assert username_label("shibei", "zh") == "shibei"


def test_zero_and_one_day_read_naturally() -> None:
    assert t("updated_days_ago", "zh", days=0) == "今天更新"
    assert t("updated_days_ago", "en", days=0) == "updated today"
    assert t("updated_days_ago", "zh", days=1) == "昨天更新"
    assert t("updated_days_ago", "zh", days=12) == "12 天前更新"
    assert t("stale_count", "en", n=1, month="2026-10") == "1 carrier has not reported 2026-10 yet"


def test_percentage_point_delta_is_worded_per_language() -> None:
    assert t("pp_delta", "zh", value=2.4) == "+2.4 个百分点"
    assert t("pp_delta", "en", value=-0.5) == "-0.5 pp"


def _sqlite_error(sql: str, path: str) -> BaseException:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    except sa_exc.DBAPIError as exc:
        return exc
    raise AssertionError("no error")


def test_outages_and_locks_are_database_unavailable(tmp_path: object) -> None:
    missing_dir = _sqlite_error("SELECT 1", "/nonexistent-dir/x/app.db")
    assert database_unavailable(missing_dir)
    assert database_unavailable(sqlite3.OperationalError("database is locked"))
    assert database_unavailable(ConnectionRefusedError(111, "Connection refused"))
    assert database_unavailable(NotADirectoryError(20, "Not a directory", "/srv/x"))
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = sa_exc.OperationalError("SELECT 1", {}, Exception("locked"))
    assert database_unavailable(wrapped)


def test_bugs_and_bad_data_are_not_an_outage() -> None:
    assert not database_unavailable(TypeError("the JSON object must be str, not float"))
    assert not database_unavailable(KeyError("name_zh"))
    integrity = sa_exc.IntegrityError("INSERT", {}, Exception("CHECK constraint failed"))
    assert not database_unavailable(integrity)


def test_reference_ids_are_short_and_distinct() -> None:
    ids = {reference_id() for _ in range(50)}
    assert len(ids) == 50 and all(len(i) == 8 for i in ids)


def test_map_scale_is_metric_only() -> None:
    """Leaflet's default scale adds "1 mi" / "2000 ft" next to the metres."""
    m = build_base_map(
        zones=build_zones(), context=build_context(), labels={}, lang="zh", center=(31.27, 121.45)
    )
    html = m.get_root().render()
    assert "imperial: false" in html
    assert "L.control.scale()" not in html


def test_basemap_layer_is_named_in_words() -> None:
    """The layer control listed the tile layer by its setting ("osm")."""
    m = build_base_map(
        zones=build_zones(),
        context=build_context(),
        labels={"basemap_amap": "高德地图（GCJ-02）"},
        lang="zh",
        basemap="amap",
        center=(31.27, 121.45),
    )
    html = m.get_root().render()
    assert json.dumps("高德地图（GCJ-02）") + " : tile_layer_" in html
    assert '"amap" : tile_layer_' not in html


def test_audit_times_and_months_read_like_the_event_list() -> None:
    # Stored as UTC ISO text by the audit trail; read in Shanghai time (UTC+8).
    assert value_text("2026-11-29T05:11:06.809809+00:00", "zh") == "2026-11-29 13:11"
    assert field_value_text("month", "2026-10-01", "zh") == "2026-10"
    assert field_value_text("opened_on", "2026-10-01", "zh") == "2026-10-01"  # a day stays
    assert value_text("2026-99-99T99:99", "zh") == "2026-99-99T99:99"  # not a time: as typed
