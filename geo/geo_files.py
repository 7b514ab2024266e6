"""Read GIS files handed over by district staff into WGS-84, and write layers as GeoJSON.

Issue 10 §1 (the geometry half of import): :func:`read_geometry_file` takes the bytes
of an uploaded GeoJSON (including DataV GeoAtlas district files, which are GCJ-02),
GeoPackage or zipped Shapefile and returns a GeoDataFrame in EPSG:4326, or raises one
:class:`GeoFileError` listing every problem (file, feature and column) in Chinese and
English. The caller says which coordinate system the numbers are in when the file does
not (``crs``: ``wgs84``, ``gcj02``, ``bd09`` or ``EPSG:NNNN``); GCJ-02 and BD-09 have no
EPSG code and go through :mod:`geo.crs`.

Pure functions, no Streamlit and no database: the import framework (models/importing)
turns the frame into rows; :func:`to_geojson_bytes` is the export side.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geo import crs as offsets
from geo.geo_file_checks import (
    MAX_PROBLEMS,
    POLYGONAL,
    REPAIR_AREA_TOLERANCE,
    GeoFileError,
    display_name,
    feature_problem,
    file_error,
    names,
    outside_shanghai,
    repair,
)
from geo.safe_zip import unpacked_shapefile
from models.errors import Problem
from models.settings import get_settings

GEOJSON_SUFFIXES = (".geojson", ".json")
_MB = 1024 * 1024
# Columns that name a feature in messages, in order of preference (DataV uses "name").
_NAME_COLUMNS = ("name", "NAME", "Name", "名称", "名字")
# First bytes of the formats a wrong-but-plausible upload usually turns out to be.
_MAGIC = (
    (b"PK\x03\x04", "ZIP/Excel"),
    (b"SQLite format 3\x00", "SQLite/GeoPackage"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Office 97-2003"),
)


@dataclass(frozen=True)
class SourceCrs:
    """The coordinate system the user says a file is in.

    ``offset`` is ``"gcj02"`` or ``"bd09"`` for the Chinese offset datums (lon/lat
    degrees, no EPSG code); otherwise ``crs`` is the pyproj CRS.
    """

    label: str
    crs: CRS
    offset: str | None = None


def parse_crs(text: str | None) -> SourceCrs | None:
    """Parse a ``--crs`` choice: wgs84 | gcj02 | bd09 | EPSG:NNNN (any case); None passes.

    Raises :class:`GeoFileError` (``gf_unknown_crs``) for anything else.
    """
    if text is None or not text.strip():
        return None
    key = text.strip().lower().replace("-", "").replace("_", "")
    if key in ("wgs84", "epsg:4326"):
        return SourceCrs("WGS-84", CRS.from_epsg(4326))
    if key in ("gcj02", "bd09"):
        return SourceCrs("GCJ-02" if key == "gcj02" else "BD-09", CRS.from_epsg(4326), key)
    match = re.fullmatch(r"epsg:(\d{4,6})", key)
    if match:
        try:
            return SourceCrs(f"EPSG:{match[1]}", CRS.from_epsg(int(match[1])))
        except CRSError:
            pass
    raise GeoFileError([Problem("gf_unknown_crs", {"crs": display_name(text)})])


def _sniff(data: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _wrong_type(file: str, ext: str, expected: str, data: bytes) -> GeoFileError:
    seen = _sniff(data)
    if seen is None:
        return file_error("gf_wrong_type", file, ext=ext, expected=expected)
    return file_error("gf_wrong_type_seen", file, ext=ext, expected=expected, actual=seen)


def _bad_constant(token: str) -> float:
    # NaN/Infinity are not JSON (RFC 8259) though Python's parser accepts them.
    raise ValueError(token)


def _json_position(text: str, token: str) -> tuple[int, int]:
    index = max(text.find(token), 0)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _load_json(data: bytes, file: str, ext: str) -> Any:
    if _sniff(data) is not None or b"\x00" in data[:1024]:
        raise _wrong_type(file, ext, "GeoJSON", data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # RFC 7946 says UTF-8, but Chinese desktop tools sometimes write GBK.
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise _wrong_type(file, ext, "GeoJSON", data) from exc
    try:
        return json.loads(text, parse_constant=_bad_constant)
    except json.JSONDecodeError as exc:
        raise file_error("gf_bad_json", file, line=exc.lineno, column=exc.colno) from exc
    except ValueError as exc:  # NaN / Infinity
        line, column = _json_position(text, str(exc))
        raise file_error("gf_bad_json", file, line=line, column=column) from exc
    except RecursionError as exc:  # [[[[... nested deeper than Python recurses
        raise file_error("gf_unreadable", file) from exc


def _geojson_features(obj: Any, file: str) -> list[Any]:
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "FeatureCollection" and isinstance(obj.get("features"), list):
        return list(obj["features"])
    if kind == "Feature":
        return [obj]
    if isinstance(kind, str) and kind in _GEOMETRY_TYPES:
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    raise file_error("gf_not_geojson", file)


_GEOMETRY_TYPES = frozenset(
    {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)


def _geojson_crs(obj: Any, file: str) -> CRS | None:
    # RFC 7946 dropped "crs", but ArcGIS and QGIS exports still write the 2008 form
    # {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}.
    member = obj.get("crs") if isinstance(obj, dict) else None
    name = member.get("properties", {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        return None
    try:
        return CRS.from_user_input(name)
    except CRSError as exc:
        raise GeoFileError([Problem("gf_unknown_crs", {"crs": display_name(name)})]) from exc


def _read_geojson(data: bytes, file: str, ext: str) -> tuple[gpd.GeoDataFrame, CRS | None]:
    obj = _load_json(data, file, ext)
    features = _geojson_features(obj, file)
    rows: list[dict[str, Any]] = []
    geoms: list[BaseGeometry | None] = []
    problems: list[Problem] = []
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        rows.append(props)
        raw = feature.get("geometry") if isinstance(feature, dict) else None
        geom: BaseGeometry | None = None
        if raw is not None:
            try:
                geom = shape(raw)
            except (
                ValueError,
                TypeError,
                KeyError,
                AttributeError,
                IndexError,
                RecursionError,
                shapely.errors.GEOSException,
            ):  # a ring of 2 points, "coordinates": "abc", a missing member, 900 "[" ...
                name = names([props.get("name")])[0]
                problems.append(feature_problem("gf_bad_geometry", file, number, name))
        geoms.append(geom)
    if problems:
        raise GeoFileError(problems[:MAX_PROBLEMS])
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=gpd.GeoSeries(geoms))
    return frame, _geojson_crs(obj, file)


def _dbf_encoding(dbf: Path) -> str | None:
    """Encoding for a .dbf without .cpg: None lets GDAL use the language byte."""
    raw = dbf.read_bytes()
    if len(raw) > 29 and raw[29] != 0:
        return None
    # No code page recorded: Chinese tools write UTF-8 or GBK; GDAL would guess Latin-1.
    try:
        raw[32:].decode("utf-8")
    except UnicodeDecodeError:
        return "GB18030"
    return "UTF-8"


def _read_ogr(
    src: Path, file: str, layer: str | None, encoding: str | None = None
) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            # GDAL's own warnings about a damaged file help nobody: the error below does.
            warnings.simplefilter("ignore", RuntimeWarning)
            return _read_layer(src, file, layer, encoding)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise file_error("gf_unreadable", file) from exc
    except (RuntimeError, ValueError, OSError) as exc:  # GDAL on a damaged file
        raise file_error("gf_unreadable", file) from exc


def _read_layer(src: Path, file: str, layer: str | None, encoding: str | None) -> gpd.GeoDataFrame:
    if layer is None:
        layers = [str(n) for n, g in pyogrio.list_layers(src) if g is not None]
        if len(layers) > 1:
            raise file_error("gf_many_layers", file, names=", ".join(layers[:8]))
        if not layers:
            raise file_error("gf_no_features", file)
        layer = layers[0]
    return pyogrio.read_dataframe(src, layer=layer, encoding=encoding, on_invalid="ignore")


def _name_column(frame: pd.DataFrame) -> str | None:
    return next((c for c in _NAME_COLUMNS if c in frame.columns), None)


def _resolve_source(
    file: str, file_crs: CRS | None, user: SourceCrs | None, *, missing_key: str | None
) -> SourceCrs:
    if user is None:
        if file_crs is None:
            if missing_key is not None:
                raise file_error(missing_key, file)
            return SourceCrs("WGS-84", CRS.from_epsg(4326))  # RFC 7946 default
        epsg = file_crs.to_epsg()
        return SourceCrs(f"EPSG:{epsg}" if epsg else file_crs.name, file_crs)
    if user.offset is not None and file_crs is not None and not file_crs.is_geographic:
        epsg = file_crs.to_epsg()
        raise file_error(
            "gf_offset_projected",
            file,
            file_crs=f"EPSG:{epsg}" if epsg else file_crs.name,
            crs=user.label,
        )
    # The user's word beats the file's: a .prj saying WGS-84 on GCJ-02 data is common.
    return user


def _to_wgs84(geoms: np.ndarray, source: SourceCrs, file: str) -> np.ndarray:
    frame = gpd.GeoDataFrame(geometry=gpd.GeoSeries(geoms, crs=source.crs))
    try:
        if source.offset == "gcj02":
            frame = offsets.from_gcj02_gdf(frame)
        elif source.offset == "bd09":
            frame = offsets.from_bd09_gdf(frame)
        else:
            frame = frame.to_crs(offsets.WGS84)
    except (ProjError, CRSError):  # a CRS that parses but cannot reach WGS-84 (a moon)
        text = source.crs.to_string()
        raise file_error("gf_crs_unusable", file, crs=text[:60]) from None
    return np.asarray(frame.geometry.values, dtype=object)


def _feature_problems(
    geoms: np.ndarray, labels: list[str | None], file: str, polygons: bool
) -> list[Problem]:
    problems: list[Problem] = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            problems.append(feature_problem("gf_no_geometry", file, i + 1, labels[i]))
        elif polygons and geom.geom_type not in POLYGONAL:
            problems.append(
                feature_problem("gf_not_polygon", file, i + 1, labels[i], geom_type=geom.geom_type)
            )
    return problems


def _finish(
    frame: gpd.GeoDataFrame,
    file: str,
    source: SourceCrs,
    *,
    polygons: bool,
) -> gpd.GeoDataFrame:
    if len(frame) == 0:
        raise file_error("gf_no_features", file)
    name_col = _name_column(frame)
    labels: list[str | None] = names(list(frame[name_col])) if name_col else [None] * len(frame)
    raw = np.asarray(frame.geometry.values, dtype=object)
    present = np.array([g is not None for g in raw])
    geoms = raw.copy()
    geoms[present] = shapely.force_2d(raw[present].astype(object))
    problems = _feature_problems(geoms, labels, file, polygons)
    if problems:
        raise GeoFileError(problems[:MAX_PROBLEMS])

    wgs = _to_wgs84(geoms, source, file)
    outside = outside_shanghai(geoms, wgs, source.label)
    problems = [
        feature_problem(key, file, i + 1, labels[i], **params)
        for i, (key, params) in sorted(outside.items())
    ]
    if problems:
        raise GeoFileError(problems[:MAX_PROBLEMS])

    repaired: list[int] = []
    invalid = np.flatnonzero(~shapely.is_valid(wgs))
    if invalid.size:
        metric = gpd.GeoSeries(wgs[invalid], crs=offsets.WGS84).to_crs(offsets.METRIC_CRS)
        for i, m in zip(invalid, metric.values, strict=True):
            fixed, change = repair(wgs[i], m)
            if fixed is None:
                problems.append(
                    feature_problem(
                        "gf_self_intersection",
                        file,
                        int(i) + 1,
                        labels[i],
                        change=f"{change * 100:.1f}" if np.isfinite(change) else "∞",
                        limit=f"{REPAIR_AREA_TOLERANCE * 100:g}",
                    )
                )
            else:
                wgs[i] = fixed
                repaired.append(int(i) + 1)
    if problems:
        raise GeoFileError(problems[:MAX_PROBLEMS])

    props = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    out = gpd.GeoDataFrame(props, geometry=gpd.GeoSeries(wgs, crs=offsets.WGS84))
    out.attrs["source_crs"] = source.label
    # Feature numbers whose polygons were repaired, for the import preview to show.
    out.attrs["repaired"] = repaired
    return out


def read_geometry_file(
    data: bytes,
    filename: str,
    *,
    crs: str | None,
    polygons: bool = True,
    layer: str | None = None,
    max_bytes: int | None = None,
    max_unzipped: int | None = None,
) -> gpd.GeoDataFrame:
    """Read an uploaded GIS file into a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    data : bytes
        The file's content (read in memory; only a zipped Shapefile's parts touch a
        private temporary folder, under fixed names).
    filename : str
        The uploaded name; its extension picks the format (.geojson/.json, .gpkg,
        .zip) and its base name appears in messages.
    crs : str or None
        What the coordinates are in: ``wgs84``, ``gcj02``, ``bd09`` or ``EPSG:NNNN``;
        overrides the file's own CRS. None trusts the file (GeoJSON defaults to WGS-84;
        a Shapefile without .prj is refused).
    polygons : bool
        Require Polygon/MultiPolygon features (zones and carrier footprints).
    layer : str, optional
        Layer name in a GeoPackage, or .shp stem in a zip holding several.
    max_bytes, max_unzipped : int, optional
        Size limits; default from settings (``IMPORT_MAX_MB``, ``IMPORT_MAX_UNZIPPED_MB``).

    Returns
    -------
    geopandas.GeoDataFrame
        The file's attributes plus WGS-84 geometries; ``attrs["source_crs"]`` names the
        CRS used and ``attrs["repaired"]`` lists the 1-based features repaired.

    Raises
    ------
    GeoFileError
        Every problem found, as bilingual catalogue keys naming file and feature.
    """
    settings = get_settings()
    max_bytes = settings.import_max_bytes if max_bytes is None else max_bytes
    if max_unzipped is None:
        max_unzipped = settings.import_max_unzipped_mb * _MB
    file = display_name(filename)
    if len(data) > max_bytes:
        raise file_error(
            "gf_too_large", file, size_mb=f"{len(data) / _MB:.1f}", limit_mb=f"{max_bytes / _MB:g}"
        )
    if not data.strip():
        raise file_error("gf_empty", file)
    user = parse_crs(crs)
    ext = Path(file).suffix.lower()
    if ext in GEOJSON_SUFFIXES:
        frame, file_crs = _read_geojson(data, file, ext)
        source = _resolve_source(file, file_crs, user, missing_key=None)
    elif ext == ".gpkg":
        if not data.startswith(b"SQLite format 3\x00"):
            raise _wrong_type(file, ext, "GeoPackage", data)
        # On disk under a .gpkg name: GDAL warns about GeoPackages in nameless memory files.
        with tempfile.TemporaryDirectory(prefix="geofile-") as tmp:
            path = Path(tmp) / "layer.gpkg"
            path.write_bytes(data)
            frame = _read_ogr(path, file, layer)
        source = _resolve_source(file, frame.crs, user, missing_key="gf_no_crs")
    elif ext == ".zip":
        if not data.startswith(b"PK"):
            raise _wrong_type(file, ext, "ZIP", data)
        with unpacked_shapefile(data, file, max_unzipped=max_unzipped, layer=layer) as (
            shp,
            has_prj,
        ):
            has_cpg = shp.with_suffix(".cpg").exists()
            encoding = None if has_cpg else _dbf_encoding(shp.with_suffix(".dbf"))
            frame = _read_ogr(shp, file, None, encoding)
        file_crs = frame.crs if has_prj else None
        source = _resolve_source(file, file_crs, user, missing_key="gf_no_prj")
    elif ext == ".shp":
        raise file_error("gf_shp_not_zipped", file)
    else:
        raise file_error("gf_unsupported", file)
    return _finish(frame, file, source, polygons=polygons)


def _jsonable(value: Any) -> Any:
    """A property value as plain JSON (NaN/NaT become null, dates ISO 8601)."""
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """Export a layer as RFC 7946 GeoJSON: WGS-84 lon/lat, UTF-8, exterior rings CCW.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any CRS (reprojected to EPSG:4326); it must have one.

    Returns
    -------
    bytes
        A UTF-8 FeatureCollection (Chinese written as is, not ``\\u`` escapes), full
        float precision so a re-import gives the same coordinates.
    """
    if gdf.crs is None:
        raise ValueError("the layer has no CRS; set one before exporting")
    wgs = gdf.to_crs(offsets.WGS84)
    props = pd.DataFrame(wgs.drop(columns=wgs.geometry.name))
    features = []
    for record, geom in zip(props.to_dict(orient="records"), wgs.geometry.values, strict=True):
        shaped = None
        if geom is not None and not geom.is_empty:
            # RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
            shaped = mapping(shapely.orient_polygons(geom))
        features.append(
            {
                "type": "Feature",
                "properties": {str(k): _jsonable(v) for k, v in record.items()},
                "geometry": shaped,
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
