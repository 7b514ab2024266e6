"""The import page as a manager uses it: upload, read the preview, confirm, see the result."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import shapely
import shapely.affinity
from shapely.geometry import mapping
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from geo.crs import wgs84_to_gcj02
from models.carrier import Carrier
from models.db import get_engine
from models.occupancy import OccupancyReport
from models.zone import Zone
from tests.app.conftest import page
from tests.app.rendered import assert_page_ok
from tests.unit.import_files import csv_file, db_checksum, xlsx_bytes

IMPORT = page("14_import")
HEAD_ZH = ["载体编码", "中文名称", "阶段", "总面积（㎡）", "总工位", "经度", "纬度"]
HEAD_EN = [
    "Code",
    "Chinese name",
    "Stage",
    "Total area (m²)",
    "Total workstations",
    "Longitude",
    "Latitude",
]
GOOD = ["JA-9001", "导入孵化器", "孵化器", 5000, 300, 121.451, 31.300]
BAD = ["JA-9002", "坏行", "孵化园", 100, 10, 121.451, 31.300]


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="imp_file_0").set_value((name, data, "application/octet-stream"))
    return at.run()


def _codes(url: str) -> list[str]:
    with Session(get_engine(url)) as s:
        rows = s.exec(select(Carrier.code).where(col(Carrier.code).like("JA-90%"))).all()
    return [str(c) for c in rows]


def test_viewers_see_a_login_hint(make_app: Callable[..., AppTest]) -> None:
    at = make_app(IMPORT, user="viewer").run()
    assert not at.exception
    assert not at.file_uploader
    assert any("请先以园区管理员" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_upload_preview_and_confirm(
    make_app: Callable[..., AppTest], app_db: str, lang: str
) -> None:
    at = make_app(IMPORT, user="shibei").run()
    if lang == "en":
        at = at.segmented_control(key="lang_choice").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == ("数据导入" if lang == "zh" else "Import")
    assert at.get("download_button")  # the template
    head = HEAD_ZH if lang == "zh" else HEAD_EN
    before = db_checksum(get_engine(app_db))
    at = _upload(at, "载体.xlsx", xlsx_bytes([head, GOOD, BAD]))
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    created, rejected = ("新增", "拒绝") if lang == "zh" else ("Create", "Rejected")
    assert (metrics[created], metrics[rejected]) == ("1", "1")
    table = at.table[0].value  # row, key, column, reason: a wrapping table, nothing cut
    assert [int(v) for v in table.iloc[:, 0]] == [3]
    assert "孵化园" in table.iloc[0, -1]
    # Blocked while a row is rejected: nothing written by the preview either.
    assert at.button(key="imp_go").disabled
    assert db_checksum(get_engine(app_db)) == before
    at = at.checkbox(key="imp_only_valid").check().run()
    assert not at.button(key="imp_go").disabled
    at = at.button(key="imp_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    done = "导入完成：新增 1 行，更新 0 行。" if lang == "zh" else "Imported: 1 created, 0 updated."
    assert any(s.value == done for s in at.success)
    assert _codes(app_db) == ["JA-9001"]


def test_a_refused_file_shows_its_message(make_app: Callable[..., AppTest], app_db: str) -> None:
    at = make_app(IMPORT, user="admin").run()
    before = db_checksum(get_engine(app_db))
    at = _upload(at, "坏.xlsx", b"not a workbook at all")
    # Shown literally: the markdown escapes (before the dots of the name) are not text.
    shown = [e.value.replace("\\", "") for e in at.error]
    assert shown == ["文件“坏.xlsx”不是 Excel 工作簿（扩展名是 .xlsx，内容却不是）"]
    assert db_checksum(get_engine(app_db)) == before


def test_a_gbk_csv_with_chinese_headers(make_app: Callable[..., AppTest], app_db: str) -> None:
    at = make_app(IMPORT, user="admin").run()
    at = _upload(at, "载体.csv", csv_file([HEAD_ZH, GOOD], "gbk"))
    assert not at.error
    at = at.button(key="imp_go").click().run()
    assert _codes(app_db) == ["JA-9001"]
    # The audit trail tells the import in words: the event, then the carrier it created.
    audit = make_app(page("Audit"), user="admin").run()
    assert_page_ok(audit, "audit")
    events = audit.dataframe[0].value
    assert list(events["action"][:2]) == ["导入", "新建"]
    summary = str(events["changes"].iloc[0])
    assert summary.startswith("文件: — → 载体.csv; 新增行数: — → 1; 更新行数: — → 0;"), summary
    assert "校验值: — → " in summary and "checksum" not in summary, summary


def _kinds(at: AppTest) -> list[str]:
    box = next(s for s in at.selectbox if str(s.key).startswith("imp_kind"))
    return [str(o) for o in box.options]


def test_managers_cannot_choose_zones_but_admins_can(make_app: Callable[..., AppTest]) -> None:
    manager = make_app(IMPORT, user="shibei").run()
    assert "区域边界" not in _kinds(manager) and "载体" in _kinds(manager)
    admin = make_app(IMPORT, user="admin").run()
    assert "区域边界" in _kinds(admin)


def test_an_admin_replaces_the_park_outline_from_a_gcj02_file(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        zone = s.exec(select(Zone).where(Zone.code == "shibei")).one()
        members = s.exec(select(Carrier.id).where(Carrier.park_code == "shibei")).all()
    # The same outline shrunk to half its size, sent as a Chinese source would: GCJ-02.
    wgs = shapely.affinity.scale(shapely.from_wkt(zone.geometry_wkt), 0.5, 0.5)
    gcj = shapely.transform(wgs, lambda xy: [wgs84_to_gcj02(x, y) for x, y in xy])  # type: ignore[misc]
    feature = {"type": "Feature", "properties": {"区域代码": "shibei"}, "geometry": mapping(gcj)}
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()

    at = make_app(IMPORT, user="admin").run()
    kind_key = next(s.key for s in at.selectbox if str(s.key).startswith("imp_kind"))
    at = at.selectbox(key=kind_key).set_value("zones").run()
    assert not at.exception
    assert any("GeoJSON" in c.value for c in at.caption)  # the hint for GIS files
    crs_key = next(s.key for s in at.selectbox if str(s.key).startswith("imp_crs_gis"))
    at = at.selectbox(key=crs_key).set_value("gcj02").run()
    at = _upload(at, "市北园区.geojson", data)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["更新"], metrics["拒绝"]) == ("1", "0")
    at = at.button(key="imp_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Session(get_engine(app_db)) as s:
        stored = shapely.from_wkt(
            s.exec(select(Zone.geometry_wkt).where(Zone.code == "shibei")).one()
        )
        now = s.exec(select(Carrier.id).where(Carrier.park_code == "shibei")).all()
    assert shapely.hausdorff_distance(stored, wgs) < 1e-5
    assert set(now) < set(members)  # a smaller park holds fewer carriers


def test_a_jump_in_occupancy_is_shown_before_confirming(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    with Session(get_engine(app_db)) as s:
        carrier = s.exec(
            select(Carrier).where(Carrier.park_code == "shibei", col(Carrier.code).is_not(None))
        ).first()
        assert carrier is not None
        older, newest = sorted(
            s.exec(select(OccupancyReport).where(OccupancyReport.carrier_id == carrier.id)),
            key=lambda r: r.month,
        )[-2:]
    rate = older.occupied_area_m2 / carrier.total_area_m2
    area = round((0.05 if rate >= 0.5 else 0.95) * carrier.total_area_m2)
    head = ["载体编码", "月份", "已出租面积（㎡）", "已用工位", "在孵企业数"]
    row = [carrier.code, newest.month.strftime("%Y-%m"), area, older.occupied_workstations, 1]
    at = make_app(IMPORT, user="shibei").run()
    kind_key = next(s.key for s in at.selectbox if str(s.key).startswith("imp_kind"))
    at = at.selectbox(key=kind_key).set_value("occupancy").run()
    at = _upload(at, "月报.xlsx", xlsx_bytes([head, row]))
    assert not at.exception, at.exception
    assert any("请先核对以下情况" in w.value for w in at.warning)
    shown = at.table[0].value
    assert list(shown.columns) == ["行号", "关键字段", "原因"]
    assert "30 个百分点" in shown.iloc[0, -1]
    assert not at.button(key="imp_go").disabled  # a warning asks for a look, not a block
