"""Zones from GIS files (issue 10 §1): GeoJSON, DataV GCJ-02, zipped Shapefile in any EPSG.

A new outline moves carriers between zones: the expected park of each carrier is worked
out here by hand (which carriers lie in a small square around one of them), not by the
function under test.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box, mapping
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from geo.crs import WGS84, wgs84_to_gcj02
from manage import main
from models.audit import AuditEvent
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.display import field_value_text
from models.errors import PermissionDenied, ServiceError
from models.importing import ImportRejected, apply_import, preview_import
from models.importing.templates import export_bytes, file_name, template_bytes
from models.services.core import SYSTEM
from models.settings import get_settings
from models.zone import Zone
from tests.unit.import_files import copy_sqlite, db_checksum
from tests.unit.model_factories import MANAGER_IN


@pytest.fixture
def engine(seeded_url: str, tmp_path: Path) -> Iterator[Engine]:
    url = copy_sqlite(seeded_url, tmp_path / "zones.db")
    yield get_engine(url)
    get_engine(url).dispose()


def _geojson(features: list[dict[str, Any]]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _feature(props: dict[str, Any], geom: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def _run(engine: Engine, data: bytes, name: str = "zones.geojson", **kw: Any) -> Any:
    kw.setdefault("actor", SYSTEM)
    return apply_import(engine, kind="zones", filename=name, data=data, **kw)


def _zone(engine: Engine, code: str) -> Zone:
    with Session(engine) as s:
        return s.exec(select(Zone).where(Zone.code == code)).one()


def _parks(engine: Engine) -> dict[int, str | None]:
    with Session(engine) as s:
        rows = s.exec(select(Carrier).where(col(Carrier.deleted_at).is_(None))).all()
        return {int(c.id or 0): c.park_code for c in rows}


def test_an_exported_file_imports_as_unchanged(engine: Engine) -> None:
    with Session(engine) as s:
        data = export_bytes(s, "zones", "zh")
    before = db_checksum(engine)
    result = _run(engine, data, "区域边界.geojson")
    assert result.counts == {"create": 0, "update": 0, "unchanged": 5, "rejected": 0}
    assert db_checksum(engine) == before  # no write, no audit event, same data version
    props = json.loads(data)["features"][0]["properties"]
    assert props == {"代码": "district", "名称": "静安区"}  # Shapefile-safe: ≤ 10 bytes


def test_a_new_park_outline_moves_carriers_in_and_out(engine: Engine) -> None:
    parks = _parks(engine)
    name = _zone(engine, "shibei").name_zh
    with Session(engine) as s:
        carriers = s.exec(select(Carrier).where(col(Carrier.deleted_at).is_(None))).all()
        outside = next(c for c in carriers if c.park_code is None)
        square = box(
            outside.lon - 0.0005, outside.lat - 0.0005, outside.lon + 0.0005, outside.lat + 0.0005
        )
        # By hand: the carriers the small square holds are the park's new members.
        inside = {int(c.id or 0) for c in carriers if square.covers(shapely.Point(c.lon, c.lat))}
    expected_moves = {i for i, p in parks.items() if (p == "shibei") != (i in inside)}
    assert expected_moves  # the old park had members the square does not hold

    data = _geojson([_feature({"code": "shibei"}, square)])
    seen = preview_import(engine, actor=SYSTEM, kind="zones", filename="park.geojson", data=data)
    assert seen.counts["update"] == 1 and list(seen.rows[0].changes) == ["geometry_wkt"]
    assert _parks(engine) == parks  # the preview wrote nothing

    result = _run(engine, data, "park.geojson")
    assert result.applied and result.counts["update"] == 1
    after = _parks(engine)
    assert {i for i, p in after.items() if p == "shibei"} == inside
    assert {i for i in parks if parks[i] != after[i]} == expected_moves
    assert shapely.from_wkt(_zone(engine, "shibei").geometry_wkt).equals_exact(square, 1e-12)
    assert _zone(engine, "shibei").name_zh == name  # only the outline is imported
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.reason == "park.geojson")).all()
        moved = s.exec(select(AuditEvent).where(AuditEvent.reason == "zone outline: shibei")).all()
    assert [(e.entity, e.action) for e in events] == [("zone", "update"), ("zone", "import")]
    assert {e.entity_id for e in moved} == expected_moves


def test_a_datav_file_in_gcj02_is_converted_to_wgs84(engine: Engine) -> None:
    original = shapely.from_wkt(_zone(engine, "shibei").geometry_wkt)
    shifted = shapely.transform(
        original,
        lambda xy: [wgs84_to_gcj02(x, y) for x, y in xy],  # type: ignore[misc]
    )
    assert shapely.hausdorff_distance(original, shifted) > 0.001  # ~500 m off as given
    # DataV GeoAtlas style: "name" and "adcode" properties, no CRS member.
    data = _geojson([_feature({"adcode": 310106, "name": "市北", "code": "shibei"}, shifted)])
    _run(engine, data, "datav.json", crs="gcj02")
    stored = shapely.from_wkt(_zone(engine, "shibei").geometry_wkt)
    assert shapely.hausdorff_distance(original, stored) < 1e-5  # about a metre


def test_a_zipped_shapefile_in_a_projected_crs(engine: Engine, tmp_path: Path) -> None:
    outline = shapely.from_wkt(_zone(engine, "belt_njw").geometry_wkt).buffer(0.001)
    frame = gpd.GeoDataFrame({"code": ["belt_njw"]}, geometry=[outline], crs=WGS84)
    frame.to_crs("EPSG:3857").to_file(tmp_path / "njw.shp", engine="pyogrio")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part in tmp_path.glob("njw.*"):
            zf.write(part, part.name)
    result = _run(engine, buf.getvalue(), "南京西路.zip")
    assert result.counts["update"] == 1
    stored = shapely.from_wkt(_zone(engine, "belt_njw").geometry_wkt)
    assert shapely.hausdorff_distance(outline, stored) < 1e-7


def test_unknown_codes_are_rejected_and_nothing_is_written(engine: Engine) -> None:
    data = _geojson(
        [
            _feature({"code": "shibei"}, box(121.45, 31.28, 121.46, 31.29)),
            _feature({"code": "belt_new"}, box(121.44, 31.22, 121.45, 31.23)),
        ]
    )
    before = db_checksum(engine)
    with pytest.raises(ImportRejected) as err:
        _run(engine, data)
    assert db_checksum(engine) == before
    frame = err.value.result.problem_frame("zh")
    assert list(frame["row"]) == [2]
    assert "belt_new" in frame["message"][0] and "belt_mrr" in frame["message"][0]


def test_a_district_outline_that_strands_carriers_is_refused(engine: Engine) -> None:
    data = _geojson([_feature({"code": "district"}, box(121.45, 31.28, 121.451, 31.281))])
    before = db_checksum(engine)
    with pytest.raises(ImportRejected) as err:
        _run(engine, data)
    assert db_checksum(engine) == before
    message = err.value.result.problem_frame("zh")["message"][0]
    assert "留在区外" in message and "…" in message


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bad.geojson", b'{"type": "FeatureCollection", "features": [', "JSON"),
        ("empty.geojson", b"", "空"),
        ("noshp.zip", b"PK\x05\x06" + b"\0" * 18, ".shp"),
        (
            "bowtie.geojson",
            _geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"code": "shibei"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [
                                    [121.45, 31.28],
                                    [121.46, 31.29],
                                    [121.46, 31.28],
                                    [121.45, 31.29],
                                    [121.45, 31.28],
                                ]
                            ],
                        },
                    }
                ]
            ),
            "自相交",
        ),
        (
            "swapped.geojson",
            _geojson([_feature({"code": "shibei"}, box(31.28, 121.45, 31.29, 121.46))]),
            "上海",
        ),
        (
            "points.geojson",
            _geojson([_feature({"code": "shibei"}, shapely.Point(121.45, 31.28))]),
            "面",
        ),
    ],
)
def test_bad_files_are_refused_by_name(engine: Engine, name: str, data: bytes, words: str) -> None:
    before = db_checksum(engine)
    with pytest.raises(ServiceError) as err:
        _run(engine, data, name)
    assert db_checksum(engine) == before
    text = " ".join(err.value.messages("zh"))
    assert name in text and words in text, text


def test_only_admins_import_zones(engine: Engine) -> None:
    data = _geojson([_feature({"code": "shibei"}, box(121.45, 31.28, 121.46, 31.29))])
    with pytest.raises(PermissionDenied):
        _run(engine, data, actor=MANAGER_IN)


def test_template_is_the_reference_geography_and_imports_unchanged(engine: Engine) -> None:
    data = template_bytes("zones", "en")
    assert file_name("zones", "en", "xlsx").endswith(".geojson")
    features = json.loads(data)["features"]
    assert [f["properties"]["code"] for f in features] == [
        "district",
        "shibei",
        "belt_njw",
        "belt_szr",
        "belt_mrr",
    ]
    result = _run(engine, data, "template.geojson")
    assert result.counts["unchanged"] == 5


def test_the_audit_shows_an_outline_as_its_size(engine: Engine) -> None:
    wkt = _zone(engine, "shibei").geometry_wkt
    text = field_value_text("geometry_wkt", wkt, "zh")
    # By hand: one ring, whose closing vertex repeats the first.
    assert text == f"Polygon，{shapely.get_num_coordinates(shapely.from_wkt(wkt)) - 1} 个顶点"
    triangle = "POLYGON ((121.45 31.28, 121.46 31.28, 121.45 31.29, 121.45 31.28))"
    assert field_value_text("geometry_wkt", triangle, "en") == "Polygon, 3 vertices"


def test_the_cli_imports_a_gcj02_outline_within_5_m(
    seeded_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = copy_sqlite(seeded_url, tmp_path / "cli.db")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    truth = box(121.45, 31.28, 121.46, 31.29)
    gcj = shapely.transform(truth, lambda xy: [wgs84_to_gcj02(x, y) for x, y in xy])  # type: ignore[misc]
    try:
        path = tmp_path / "park.geojson"
        path.write_bytes(_geojson([_feature({"code": "shibei"}, gcj)]))
        before = db_checksum(get_engine(url))
        args = ["import", str(path), "--kind", "zones", "--crs", "gcj02"]
        assert main([*args, "--dry-run", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "park.geojson (zones)" in out and "Update 1" in out
        assert db_checksum(get_engine(url)) == before
        assert main(args) == 0
        with session_scope(get_engine(url)) as s:
            zone = s.exec(select(Zone).where(Zone.code == "shibei")).one()
            stored = gpd.GeoSeries([shapely.from_wkt(zone.geometry_wkt)], crs=WGS84)
        metres = stored.to_crs("EPSG:32651").hausdorff_distance(
            gpd.GeoSeries([truth], crs=WGS84).to_crs("EPSG:32651")
        )
        assert float(metres.iloc[0]) < 5
    finally:
        get_engine(url).dispose()
        get_settings.cache_clear()


def test_the_cli_template_of_zones_is_geojson(tmp_path: Path) -> None:
    assert main(["import-template", str(tmp_path / "zones.xlsx"), "--kind", "zones"]) == 0
    written = json.loads((tmp_path / "zones.geojson").read_bytes())
    assert len(written["features"]) == 5
    assert not (tmp_path / "zones.xlsx").exists()  # not GeoJSON under a workbook's name


def test_the_preview_lists_the_carriers_an_outline_moves(engine: Engine) -> None:
    parks = _parks(engine)
    members = [i for i, p in parks.items() if p == "shibei"]
    # By hand: an outline far from every carrier (still in the district) empties the park.
    with Session(engine) as s:
        district = shapely.from_wkt(
            s.exec(select(Zone.geometry_wkt).where(Zone.code == "district")).one()
        )
        points = [shapely.Point(c.lon, c.lat) for c in s.exec(select(Carrier)).all()]
    spot = next(
        shapely.Point(x, y)
        for x in (121.44, 121.445, 121.45, 121.455, 121.46)
        for y in (31.23, 31.24, 31.25, 31.26, 31.27, 31.28)
        if district.contains(shapely.Point(x, y).buffer(0.001))
        and all(p.distance(shapely.Point(x, y)) > 0.002 for p in points)
    )
    data = _geojson([_feature({"code": "shibei"}, spot.buffer(0.0005))])
    seen = preview_import(engine, actor=SYSTEM, kind="zones", filename="p.geojson", data=data)
    [warning] = list(seen.warning_frame("zh")["message"])
    assert warning.startswith(f"{len(members)} 个载体将改变所属园区或集聚带")
    # A park lying wholly outside the district is also said.
    far = box(121.60, 31.10, 121.61, 31.11)
    seen = preview_import(
        engine,
        actor=SYSTEM,
        kind="zones",
        filename="p.geojson",
        data=_geojson([_feature({"code": "shibei"}, far)]),
    )
    assert any("100.0% 在静安区区界之外" in m for m in seen.warning_frame("zh")["message"])


def test_zones_are_imported_whole_never_only_the_valid_rows(engine: Engine) -> None:
    data = _geojson(
        [
            _feature({"code": "shibei"}, box(121.45, 31.28, 121.46, 31.29)),
            _feature({"code": "nope"}, box(121.45, 31.28, 121.46, 31.29)),
        ]
    )
    before = db_checksum(engine)
    with pytest.raises(ServiceError) as err:
        _run(engine, data, "mixed.geojson", only_valid=True)
    assert "只能整份导入" in err.value.messages("zh")[0]
    assert db_checksum(engine) == before


def test_a_shapefile_saved_from_the_export_imports_unchanged(
    engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as s:
        exported = gpd.read_file(io.BytesIO(export_bytes(s, "zones", "zh")))
    exported.to_file(tmp_path / "zones.shp", engine="pyogrio", encoding="UTF-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part in tmp_path.glob("zones.*"):
            zf.write(part, part.name)
    result = _run(engine, buf.getvalue(), "zones.zip")
    assert result.counts["unchanged"] == 5, result.problem_frame("zh").to_dict("records")


def test_odd_but_harmless_files_are_read_as_meant(engine: Engine) -> None:
    outline = box(121.45, 31.28, 121.46, 31.29)
    # A zero-width space in the code, and a WKT copy of the outline as a property.
    props = {"code": "shibei\u200b", "wkt": outline.wkt, "名称": "<img src=x onerror=1>"}
    result = _run(engine, _geojson([_feature(props, outline)]), "odd.geojson")
    assert result.counts["update"] == 1
    assert shapely.from_wkt(_zone(engine, "shibei").geometry_wkt).equals_exact(outline, 1e-12)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "deep.geojson",
            (
                '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
                '"geometry":{"type":"Polygon","coordinates":' + "[" * 900 + "]" * 900 + "}}]}"
            ).encode(),
            "deep.geojson",
        ),
        (
            "moon.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "crs": {"type": "name", "properties": {"name": "+proj=longlat +a=1 +b=1"}},
                    "features": [_feature({"code": "shibei"}, box(121.45, 31.28, 121.46, 31.29))],
                }
            ).encode(),
            "坐标系",
        ),
    ],
)
def test_files_that_crashed_the_reader_are_refused(
    engine: Engine, name: str, data: bytes, words: str
) -> None:
    before = db_checksum(engine)
    with pytest.raises(ServiceError) as err:
        _run(engine, data, name)
    assert db_checksum(engine) == before
    assert words in " ".join(err.value.messages("zh"))


def test_the_audit_reason_of_a_move_is_in_the_readers_language() -> None:
    from models.display import reason_text

    assert reason_text("zone outline: shibei", "zh").startswith("区域边界更新：市北")
    assert reason_text("zone outline: shibei", "en").startswith("zone outline updated: Shibei")


def test_a_datav_district_file_is_matched_by_its_adcode(engine: Engine) -> None:
    """DataV GeoAtlas: properties adcode/name/center/level, GCJ-02, no code of ours."""
    original = shapely.from_wkt(_zone(engine, "district").geometry_wkt)
    gcj = shapely.transform(
        original,
        lambda xy: [wgs84_to_gcj02(x, y) for x, y in xy],  # type: ignore[misc]
    )
    props = {"adcode": 310106, "name": "静安区", "center": [121.448, 31.229], "level": "district"}
    seen = preview_import(
        engine,
        actor=SYSTEM,
        kind="zones",
        filename="310106.json",
        data=_geojson([_feature(props, gcj)]),
        crs="gcj02",
    )
    assert [r.key for r in seen.rows] == ["district"] and seen.counts["rejected"] == 0
    other = _geojson([_feature({"adcode": 310101, "name": "黄浦区"}, gcj)])
    with pytest.raises(ImportRejected) as err:
        _run(engine, other, "310101.json", crs="gcj02")
    assert "adcode=310101" in err.value.result.problem_frame("zh")["message"][0]


@pytest.mark.postgres
def test_a_new_outline_on_postgresql_moves_carriers_in_one_transaction(
    pg_database_factory: Callable[[], str],
) -> None:
    """On PostgreSQL too: preview writes nothing, a rejected feature writes nothing, and
    the applied outline re-places the carriers (by hand: the square holds one of two)."""
    from models.db import migrate
    from models.seed import ensure_zones
    from tests.unit.model_factories import SHIBEI_POINT, make_carrier

    url = pg_database_factory()
    migrate(url)
    with session_scope(get_engine(url)) as s:
        ensure_zones(s)
    inside = make_carrier(url, SHIBEI_POINT)
    other = make_carrier(url, (SHIBEI_POINT[0] + 0.004, SHIBEI_POINT[1]))
    assert (inside.park_code, other.park_code) == ("shibei", "shibei")
    x, y = SHIBEI_POINT
    square = box(x - 0.001, y - 0.001, x + 0.001, y + 0.001)
    engine = get_engine(url)
    good = _feature({"code": "shibei"}, square)
    bad = _feature({"code": "nowhere"}, square)
    before = db_checksum(engine)
    with pytest.raises(ImportRejected):
        _run(engine, _geojson([good, bad]))
    preview_import(engine, actor=SYSTEM, kind="zones", filename="z.geojson", data=_geojson([good]))
    assert db_checksum(engine) == before
    assert _run(engine, _geojson([good])).counts["update"] == 1
    parks = _parks(engine)
    assert (parks[int(inside.id or 0)], parks[int(other.id or 0)]) == ("shibei", None)


def test_a_datav_file_is_read_as_gcj02_unless_told_otherwise(engine: Engine) -> None:
    """DataV files carry GCJ-02 without saying so; read as WGS-84 they are ~500 m off."""
    truth = shapely.from_wkt(_zone(engine, "district").geometry_wkt).buffer(0.0005)
    gcj = shapely.transform(
        truth,
        lambda xy: [wgs84_to_gcj02(x, y) for x, y in xy],  # type: ignore[misc]
    )
    data = _geojson([_feature({"adcode": 310106, "name": "静安区", "level": "district"}, gcj)])
    result = _run(engine, data, "310106_full.json")  # no coordinate system chosen
    assert result.counts["update"] == 1 and "adcode" not in result.ignored
    stored = shapely.from_wkt(_zone(engine, "district").geometry_wkt)
    assert shapely.hausdorff_distance(stored, truth) < 1e-5
