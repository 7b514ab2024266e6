"""Tests for geo.geo_files: reading GIS uploads into WGS-84, refusing bad ones, exporting.

Every fixture is generated here, in memory or under tmp_path: a 200 m square and a
300 x 100 m rectangle next to Jing'an's centroid, drawn in metres (EPSG:32651) so the
expected areas and distances are plain arithmetic.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo import crs as offsets
from geo.geo_file_checks import GeoFileError
from geo.geo_files import parse_crs, read_geometry_file, to_geojson_bytes
from models.settings import get_settings

METRIC = "EPSG:32651"
# Jing'an's centroid (DESIGN.md) in UTM 51N, rounded to whole metres.
X0, Y0 = 351_000.0, 3_461_000.0
SQUARE_M = Polygon([(X0, Y0), (X0 + 200, Y0), (X0 + 200, Y0 + 200), (X0, Y0 + 200)])
RECT_M = Polygon([(X0 + 400, Y0), (X0 + 700, Y0), (X0 + 700, Y0 + 100), (X0 + 400, Y0 + 100)])


def _to_wgs(geom: Any) -> Any:
    return gpd.GeoSeries([geom], crs=METRIC).to_crs(offsets.WGS84).iloc[0]


def _to_metric(geom: Any) -> Any:
    return gpd.GeoSeries([geom], crs=offsets.WGS84).to_crs(METRIC).iloc[0]


SQUARE = _to_wgs(SQUARE_M)
RECT = _to_wgs(RECT_M)


def _truth() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["市北高新园", "静安寺"], "code": ["Z1", "Z2"]},
        geometry=[SQUARE, RECT],
        crs=offsets.WGS84,
    )


def _fc(*features: tuple[Any, dict[str, Any]], extra: dict[str, Any] | None = None) -> bytes:
    doc: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(g)}
            for g, props in features
        ],
        **(extra or {}),
    }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _shapefile_entries(gdf: gpd.GeoDataFrame, folder: Path, **kwargs: Any) -> dict[str, bytes]:
    folder.mkdir()
    gdf.to_file(folder / "zones.shp", **kwargs)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _messages(exc: pytest.ExceptionInfo[GeoFileError]) -> tuple[str, str]:
    return "\n".join(exc.value.messages("zh")), "\n".join(exc.value.messages("en"))


def _max_metres(got: Any, want: Any) -> float:
    """Largest distance between the two outlines, in metres."""
    return float(shapely.hausdorff_distance(_to_metric(got), _to_metric(want)))


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 1 MB upload limit from the environment, as an operator would set it."""
    monkeypatch.setenv("IMPORT_MAX_MB", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# --- bad input: each refused with a message naming the file (and feature) -------------


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.geojson", crs=None)
    assert _messages(exc) == ("文件 zones.geojson 是空的。", "File zones.geojson is empty.")


def test_feature_collection_without_features_is_refused() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(b'{"type": "FeatureCollection", "features": []}', "z.json", crs=None)
    assert _messages(exc)[1] == "File z.json contains no features."


def test_invalid_json_names_line_and_column() -> None:
    # Line 2 is ' "features": [}': the '}' where a value belongs is column 15.
    data = b'{"type": "FeatureCollection",\n "features": [}'
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.geojson", crs=None)
    zh, en = _messages(exc)
    assert en == "File zones.geojson is not valid JSON: syntax error near line 2, column 15."
    assert zh == "文件 zones.geojson 不是有效的 JSON：第 2 行第 15 列附近有语法错误。"


def test_nan_is_not_json() -> None:
    data = b'{"type": "Point",\n  "coordinates": [NaN, 31.2]}'
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "p.geojson", crs=None, polygons=False)
    assert "line 2, column 19" in _messages(exc)[1]


def test_zip_behind_a_geojson_extension_is_named() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_zip({"a.txt": b"x"}), "zones.geojson", crs=None)
    assert _messages(exc)[1] == (
        "File zones.geojson is named .geojson but its content is not GeoJSON; "
        "it looks like a ZIP/Excel file."
    )


def test_json_behind_a_gpkg_extension_is_refused() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((SQUARE, {})), "zones.gpkg", crs=None)
    assert _messages(exc)[1] == "File zones.gpkg is named .gpkg but its content is not GeoPackage."


def test_text_behind_a_zip_extension_is_refused() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(b"name,lon,lat\n", "zones.zip", crs=None)
    assert _messages(exc)[0] == "文件 zones.zip 的扩展名是 .zip，但内容不是 ZIP。"


def test_json_that_is_not_geojson_is_refused() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(b'[{"name": "a"}]', "zones.json", crs=None)
    assert _messages(exc)[1].startswith("File zones.json is JSON but not GeoJSON")


def test_corrupt_geopackage_is_refused() -> None:
    data = b"SQLite format 3\x00" + b"\x00" * 200
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.gpkg", crs=None)
    assert _messages(exc)[1] == "Cannot read file zones.gpkg: it may be damaged or incomplete."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zones.shp", "is a bare .shp"),
        ("zones.kml", "is not a supported type"),
    ],
)
def test_unsupported_names_are_explained(name: str, expected: str) -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(b"x", name, crs=None)
    assert expected in _messages(exc)[1]


def test_zip_without_shp_lists_what_it_holds() -> None:
    data = _zip({"readme.txt": b"hi", "zones.csv": b"a,b\n"})
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.zip", crs=None)
    zh, en = _messages(exc)
    assert en == "Zip zones.zip contains no .shp file (it holds: readme.txt, zones.csv)."
    assert zh == "压缩包 zones.zip 中没有 .shp 文件（其中有：readme.txt, zones.csv）。"


def test_zip_with_shp_but_no_dbf_is_refused(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth(), tmp_path / "shp")
    del entries["zones.dbf"]
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_zip(entries), "zones.zip", crs=None)
    assert _messages(exc)[1] == "Zip zones.zip: zones.shp is missing its companion file(s) .dbf."


@pytest.mark.parametrize("entry", ["../evil.shp", "a/../../evil.shp", "/tmp/evil.shp"])
def test_path_traversal_refuses_the_whole_zip_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    data = _zip({entry: b"x" * 100, "zones.shp": b"x", "zones.shx": b"x", "zones.dbf": b"x"})
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.zip", crs=None)
    assert _messages(exc)[1] == (
        f"Zip zones.zip holds an unsafe path {entry} (pointing outside the unpack folder); "
        "the whole file is refused."
    )
    assert list(tmp_path.rglob("evil.shp")) == []
    assert list(scratch.iterdir()) == []  # nothing unpacked at all


def test_zip_bomb_by_ratio_is_refused() -> None:
    # 8 MB of zeros deflate to about 8 KB: a ratio near 1000:1.
    data = _zip({"zones.shp": bytes(8 * 1024 * 1024), "zones.shx": b"", "zones.dbf": b""})
    assert len(data) < 20_000
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.zip", crs=None)
    en = _messages(exc)[1]
    assert en.startswith("Zip zones.zip: zones.shp is compressed ")
    assert en.endswith(":1, over 100:1, which looks like a zip bomb; refused.")


def test_zip_over_the_unpacked_limit_is_refused() -> None:
    data = _zip({"zones.shp": b"0123456789" * 300_000, "zones.shx": b"", "zones.dbf": b""})
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "zones.zip", crs=None, max_unzipped=2 * 1024 * 1024)
    assert _messages(exc)[1] == "Zip zones.zip unpacks to 2.9 MB, over the 2 MB limit; refused."


def test_oversized_file_is_refused_from_the_setting(limits: None) -> None:
    data = b" " * (3 * 1024 * 1024 // 2)  # 1.5 MB: refused before it is even parsed
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "big.geojson", crs=None)
    zh, en = _messages(exc)
    assert en == "File big.geojson is 1.5 MB, over the 1 MB limit."
    assert zh == "文件 big.geojson 有 1.5 MB，超过上限 1 MB。"


def test_swapped_lon_lat_is_called_out() -> None:
    swapped = shapely.transform(SQUARE, lambda c: c[:, ::-1])
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((swapped, {"name": "市北"})), "z.geojson", crs=None)
    zh, en = _messages(exc)
    lat, lon = swapped.exterior.coords[0]
    assert en == (
        f"z.geojson feature 1 (市北): coordinate ({lat:.6f}, {lon:.6f}) is outside Shanghai; "
        "longitude and latitude look swapped (Shanghai is about 121 E, 31 N)."
    )
    assert zh.startswith("z.geojson 第 1 个要素（市北）：坐标")
    assert exc.value.problems[0].row == 1


def test_metres_without_a_crs_are_called_out() -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((SQUARE_M, {})), "z.geojson", crs=None)
    assert _messages(exc)[1] == (
        "z.geojson feature 1: coordinate (351000, 3461000) looks like projected metres, "
        "not degrees: give the coordinate system as EPSG:code (e.g. EPSG:32651)."
    )


def test_beijing_is_outside_shanghai_and_the_crs_is_blamed() -> None:
    beijing = Polygon([(116.39, 39.90), (116.40, 39.90), (116.40, 39.91)])
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((SQUARE, {}), (beijing, {})), "z.geojson", crs="gcj02")
    assert _messages(exc)[1] == (
        "z.geojson feature 2: coordinate (116.39, 39.9) is outside Shanghai once converted to "
        "WGS-84: probably the wrong coordinate system (currently GCJ-02)."
    )


def _bowtie(lobe: float) -> Polygon:
    """The 200 m square with a crossing on its west edge and a lobe of ``lobe`` m outside.

    The ring runs down the west edge to y=+lobe, crosses to (-lobe, -lobe), up to
    (-lobe, +lobe), and back across to (0, -lobe): the two crossing segments meet at
    (-lobe/2, 0). As drawn (shoelace) the area is 200² m²; repaired, the western lobe
    counts positively too: 200² + 2 triangles of lobe²/2 = 200² + lobe².
    """
    yc = Y0 + 100
    ring = [
        (X0, Y0),
        (X0 + 200, Y0),
        (X0 + 200, Y0 + 200),
        (X0, Y0 + 200),
        (X0, yc + lobe),
        (X0 - lobe, yc - lobe),
        (X0 - lobe, yc + lobe),
        (X0, yc - lobe),
    ]
    return _to_wgs(Polygon(ring))


def test_small_self_intersection_is_repaired_and_reported() -> None:
    data = _fc((_bowtie(2.0), {"name": "园区"}))  # area change 4 m² of 40 000: 0.01 %
    gdf = read_geometry_file(data, "z.geojson", crs=None)
    assert gdf.geometry.iloc[0].is_valid
    assert _to_metric(gdf.geometry.iloc[0]).area == pytest.approx(40_004, abs=0.5)
    assert gdf.attrs["repaired"] == [1]


def test_large_self_intersection_is_refused_naming_the_feature() -> None:
    # Lobe 60 m: the repair adds 3 600 m² to 40 000, a 9.0 % change, over the 1 % limit.
    data = _fc((SQUARE, {"name": "好的"}), (_bowtie(60.0), {"name": "交叉园区"}))
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "z.geojson", crs=None)
    zh, en = _messages(exc)
    assert en == (
        "z.geojson feature 2 (交叉园区): polygon intersects itself; repairing it would change "
        "its area by 9.0% (limit 1%), so it is refused: fix it in a GIS tool."
    )
    assert zh.startswith("z.geojson 第 2 个要素（交叉园区）：多边形自相交；")
    assert len(exc.value.problems) == 1


def test_symmetric_bow_tie_is_refused() -> None:
    # The classic figure 8: its two lobes cancel to a shoelace area of zero.
    bowtie = _to_wgs(Polygon([(X0, Y0), (X0 + 200, Y0 + 200), (X0 + 200, Y0), (X0, Y0 + 200)]))
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((bowtie, {})), "z.geojson", crs=None)
    assert "would change its area by ∞%" in _messages(exc)[1]


def test_non_polygons_are_refused_where_polygons_are_required() -> None:
    line = _to_wgs(LineString([(X0, Y0), (X0 + 100, Y0)]))
    point = _to_wgs(Point(X0, Y0))
    data = _fc((SQUARE, {}), (line, {"name": "路"}), (point, {}))
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "z.geojson", crs=None)
    assert exc.value.messages("en") == [
        "z.geojson feature 2 (路): geometry is a LineString; a polygon (Polygon or "
        "MultiPolygon) is needed here.",
        "z.geojson feature 3: geometry is a Point; a polygon (Polygon or MultiPolygon) "
        "is needed here.",
    ]
    assert [p.row for p in exc.value.problems] == [2, 3]
    assert len(read_geometry_file(data, "z.geojson", crs=None, polygons=False)) == 3


def test_feature_without_geometry_or_with_broken_coordinates() -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": None},
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": "abc"},
            },
        ],
    }
    data = json.dumps(doc).encode()
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "z.geojson", crs=None)
    assert exc.value.messages("en") == [
        "z.geojson feature 2: geometry cannot be read: malformed coordinates."
    ]
    doc["features"] = doc["features"][:1]
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(json.dumps(doc).encode(), "z.geojson", crs=None)
    assert exc.value.messages("en") == ["z.geojson feature 1: has no geometry."]


def test_shapefile_without_prj_needs_a_crs(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth().to_crs(METRIC), tmp_path / "shp")
    del entries["zones.prj"]
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_zip(entries), "zones.zip", crs=None)
    assert _messages(exc)[1].startswith("The Shapefile in zones.zip has no .prj")
    gdf = read_geometry_file(_zip(entries), "zones.zip", crs="EPSG:32651")
    assert _max_metres(gdf.geometry.iloc[0], SQUARE) < 0.001


@pytest.mark.parametrize("text", ["mars", "EPSG:999999", "EPSG:abc"])
def test_unknown_crs_choice_is_refused(text: str) -> None:
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_fc((SQUARE, {})), "z.geojson", crs=text)
    assert _messages(exc)[1] == (
        f"Unknown coordinate system “{text}”: use wgs84, gcj02, bd09 or EPSG:code "
        "(e.g. EPSG:32651)."
    )


def test_gcj02_cannot_be_projected_metres(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth().to_crs(METRIC), tmp_path / "shp")
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_zip(entries), "zones.zip", crs="gcj02")
    assert _messages(exc)[1] == (
        "File zones.zip has projected coordinates (EPSG:32651, in metres); they cannot be "
        "GCJ-02 longitudes and latitudes."
    )


# --- coordinate systems ------------------------------------------------------------------


def test_parse_crs_accepts_the_documented_spellings() -> None:
    assert parse_crs(None) is None
    spellings = ("wgs84", "WGS-84", "GCJ-02", "bd09", "epsg:4490")
    labels = [getattr(parse_crs(s), "label", None) for s in spellings]
    assert labels == ["WGS-84", "WGS-84", "GCJ-02", "BD-09", "EPSG:4490"]


@pytest.mark.parametrize(
    ("crs", "forward"), [("gcj02", offsets.wgs84_to_gcj02), ("bd09", offsets.wgs84_to_bd09)]
)
def test_offset_polygon_lands_within_5_m_of_its_wgs84_truth(crs: str, forward: Any) -> None:
    shifted = offsets.transform_geometry(SQUARE, forward)
    data = _fc((shifted, {"name": "方块"}))
    gdf = read_geometry_file(data, "z.geojson", crs=crs)
    assert _max_metres(gdf.geometry.iloc[0], SQUARE) < 5.0
    # Read as if it were WGS-84, the same file is ~0.5 km (GCJ-02) or ~1 km (BD-09) off.
    raw = read_geometry_file(data, "z.geojson", crs=None)
    assert _max_metres(raw.geometry.iloc[0], SQUARE) > 400
    assert gdf.attrs["source_crs"] == {"gcj02": "GCJ-02", "bd09": "BD-09"}[crs]


def test_geojson_in_utm_metres_via_its_crs_member_or_the_argument() -> None:
    member = {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32651"}}}
    from_member = read_geometry_file(_fc((SQUARE_M, {}), extra=member), "z.geojson", crs=None)
    from_arg = read_geometry_file(_fc((SQUARE_M, {})), "z.geojson", crs="EPSG:32651")
    for gdf in (from_member, from_arg):
        assert _max_metres(gdf.geometry.iloc[0], SQUARE) < 0.001
        assert gdf.crs.to_epsg() == 4326
    assert from_member.attrs["source_crs"] == "EPSG:32651"


def test_cgcs2000_geopackage_lands_on_wgs84(tmp_path: Path) -> None:
    # CGCS2000 (EPSG:4490) and WGS-84 differ by centimetres: the same numbers, < 1 m.
    path = tmp_path / "z.gpkg"
    _truth().set_crs("EPSG:4490", allow_override=True).to_file(path, driver="GPKG")
    gdf = read_geometry_file(path.read_bytes(), "z.gpkg", crs=None)
    assert gdf.attrs["source_crs"] == "EPSG:4490"
    assert _max_metres(gdf.geometry.iloc[1], RECT) < 1.0


# --- round trips ------------------------------------------------------------------------


def test_zipped_shapefile_with_prj_round_trip(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth().to_crs(METRIC), tmp_path / "shp")
    assert {"zones.prj", "zones.cpg"} <= set(entries)
    gdf = read_geometry_file(_zip(entries), "区界.zip", crs=None)
    assert gdf.attrs["source_crs"] == "EPSG:32651"
    assert list(gdf["name"]) == ["市北高新园", "静安寺"]
    assert list(gdf["code"]) == ["Z1", "Z2"]
    assert _max_metres(gdf.geometry.iloc[0], SQUARE) < 0.001
    assert _max_metres(gdf.geometry.iloc[1], RECT) < 0.001


def test_gbk_shapefile_without_cpg_keeps_its_chinese_names(tmp_path: Path) -> None:
    # What older Chinese desktop GIS writes: GBK text, no .cpg, no code page byte.
    entries = _shapefile_entries(_truth(), tmp_path / "shp", encoding="GBK")
    entries.pop("zones.cpg", None)
    dbf = bytearray(entries["zones.dbf"])
    dbf[29] = 0
    entries["zones.dbf"] = bytes(dbf)
    assert "市北高新园".encode("gbk") in entries["zones.dbf"]
    gdf = read_geometry_file(_zip(entries), "zones.zip", crs=None)
    assert list(gdf["name"]) == ["市北高新园", "静安寺"]


def test_zipped_shapefile_in_a_folder_with_mac_litter(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth(), tmp_path / "shp")
    nested = {f"区界/{k}": v for k, v in entries.items()}
    nested["__MACOSX/区界/._zones.shp"] = b"\x00\x05\x16\x07"
    gdf = read_geometry_file(_zip(nested), "zones.zip", crs=None)
    assert len(gdf) == 2


def test_geopackage_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "zones.gpkg"
    _truth().to_file(path, driver="GPKG", layer="zones")
    gdf = read_geometry_file(path.read_bytes(), "zones.gpkg", crs=None)
    assert list(gdf["name"]) == ["市北高新园", "静安寺"]
    assert shapely.equals_exact(gdf.geometry.iloc[0], SQUARE, tolerance=1e-9)
    assert shapely.equals_exact(gdf.geometry.iloc[1], RECT, tolerance=1e-9)


def test_geopackage_with_two_layers_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zones.gpkg"
    _truth().to_file(path, driver="GPKG", layer="parks")
    _truth().to_file(path, driver="GPKG", layer="belts")
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(path.read_bytes(), "zones.gpkg", crs=None)
    assert _messages(exc)[1] == "File zones.gpkg holds several layers: parks, belts. Keep only one."
    assert len(read_geometry_file(path.read_bytes(), "zones.gpkg", crs=None, layer="belts")) == 2


def test_datav_style_district_file_in_gcj02() -> None:
    # The shape of a DataV GeoAtlas file: MultiPolygon, adcode, name, center lists.
    shifted = offsets.transform_geometry(shapely.MultiPolygon([SQUARE]), offsets.wgs84_to_gcj02)
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "adcode": 310106,
                    "name": "静安区",
                    "center": [121.448224, 31.229003],
                    "level": "district",
                    "acroutes": [100000, 310000],
                },
                "geometry": shapely.geometry.mapping(shifted),
            }
        ],
    }
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    gdf = read_geometry_file(data, "310106.json", crs="gcj02")
    assert gdf.loc[0, "name"] == "静安区"
    assert gdf.loc[0, "adcode"] == 310106
    assert gdf.geometry.iloc[0].geom_type == "MultiPolygon"
    assert _max_metres(gdf.geometry.iloc[0], SQUARE) < 5.0


def test_bom_and_gbk_geojson_are_read() -> None:
    data = _fc((SQUARE, {"name": "市北"}))
    for encoded in (b"\xef\xbb\xbf" + data, data.decode("utf-8").encode("gbk")):
        assert read_geometry_file(encoded, "z.geojson", crs=None).loc[0, "name"] == "市北"


def test_geojson_export_round_trip() -> None:
    hole = Polygon(
        SQUARE_M.exterior.coords, [[(X0 + 50, Y0 + 50), (X0 + 60, Y0 + 50), (X0 + 50, Y0 + 60)]]
    )
    layer = gpd.GeoDataFrame(
        {"name": ["带洞", "静安寺"], "rate": [0.5, float("nan")]},
        geometry=[hole, RECT_M],
        crs=METRIC,
    )
    data = to_geojson_bytes(layer)
    assert "带洞".encode() in data  # UTF-8 as is, not \u escapes
    doc = json.loads(data)
    assert "crs" not in doc
    lon, lat = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert 121 < lon < 122 and 31 < lat < 32  # RFC 7946 order: longitude first
    assert doc["features"][1]["properties"]["rate"] is None
    back = read_geometry_file(data, "layer.geojson", crs=None)
    expected = layer.to_crs(offsets.WGS84).geometry
    for got, want in zip(back.geometry, expected, strict=True):
        assert shapely.equals_exact(got.normalize(), want.normalize(), tolerance=1e-9)
    # RFC 7946 winding: exterior counter-clockwise, holes clockwise.
    assert back.geometry.iloc[0].exterior.is_ccw
    assert not back.geometry.iloc[0].interiors[0].is_ccw
    assert list(back["name"]) == ["带洞", "静安寺"]


def test_export_needs_a_crs() -> None:
    with pytest.raises(ValueError, match="no CRS"):
        to_geojson_bytes(gpd.GeoDataFrame(geometry=[SQUARE]))


def test_geopackage_without_a_crs_needs_one(tmp_path: Path) -> None:
    path = tmp_path / "zones.gpkg"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[SQUARE]).to_file(path, driver="GPKG")
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(path.read_bytes(), "zones.gpkg", crs=None)
    assert _messages(exc)[1].startswith("File zones.gpkg does not record its coordinate system.")
    assert len(read_geometry_file(path.read_bytes(), "zones.gpkg", crs="wgs84")) == 1


def test_zip_with_two_shapefiles_asks_for_one(tmp_path: Path) -> None:
    entries = _shapefile_entries(_truth(), tmp_path / "shp")
    both = {
        **{f"a/{k}": v for k, v in entries.items()},
        **{f"b/{k}": v for k, v in entries.items()},
    }
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(_zip(both), "zones.zip", crs=None)
    assert _messages(exc)[1] == (
        "Zip zones.zip holds several Shapefiles: a/zones.shp, b/zones.shp. Put one per zip."
    )


def test_absurdly_nested_json_is_refused_not_crashed() -> None:
    data = b'{"type": "Point", "coordinates": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(GeoFileError) as exc:
        read_geometry_file(data, "z.geojson", crs=None)
    assert _messages(exc)[1] == "Cannot read file z.geojson: it may be damaged or incomplete."


def test_export_writes_dates_decimals_and_lists_as_plain_json() -> None:
    import datetime as dt
    from decimal import Decimal

    import numpy as np

    layer = gpd.GeoDataFrame(
        {
            "opened": [dt.date(2024, 3, 1)],
            "area": [Decimal("1234.5")],
            "center": [[121.45, 31.27]],
            "count": [np.int64(3)],
            "meta": [{"level": "district"}],
        },
        geometry=[SQUARE],
        crs=offsets.WGS84,
    )
    props = json.loads(to_geojson_bytes(layer))["features"][0]["properties"]
    assert props == {
        "opened": "2024-03-01",
        "area": 1234.5,
        "center": [121.45, 31.27],
        "count": 3,
        "meta": {"level": "district"},
    }
