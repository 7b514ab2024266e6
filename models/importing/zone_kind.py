"""Zones from GIS files: GeoJSON (DataV GeoAtlas too), GeoPackage, zipped Shapefile.

GIS staff hand over the official outlines of Shibei park, the belts or the district.
The file is read by :func:`geo.geo_files.read_geometry_file` (coordinate systems,
repairs, features outside Shanghai) and becomes a table: one row per feature, numbered
as the feature, with its attributes and a ``geometry`` cell. From there the import is
the same as for a spreadsheet: headers matched, cells checked, a preview, all or
nothing, audited through :func:`models.services.zones.update_zone`.

Zones are matched by their code and only updated (see :mod:`models.services.zones` for
why none is created); a blank name or theme keeps the stored one. The template and the
export are GeoJSON with the same property names, so an exported file re-imports as is.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session, col, select

from geo.crs import WGS84
from geo.geo_file_checks import GeoFileError
from geo.geo_files import GEOJSON_SUFFIXES, read_geometry_file, to_geojson_bytes
from models.errors import ValidationFailed, problem
from models.importing.kinds import Column, Context, Kind, Planned, changes_of
from models.importing.reading import ImportRefused, Table
from models.importing.values import CellError, parse_text
from models.services.zones import update_zone
from models.zone import Zone, ZoneUpdate

GEOMETRY = "geometry_wkt"
SUFFIXES = (*GEOJSON_SUFFIXES, ".gpkg", ".zip")
# Fields a file may change; code and kind identify the zone.
_FIELDS = ("name_zh", "name_en", "theme_zh", "theme_en", GEOMETRY)


def _code(value: Any) -> str:
    return parse_text(value).lower()


def _outline(value: Any) -> str:
    """The geometry cell: a shape from a GIS file, or WKT text (from a table or a test)."""
    if isinstance(value, BaseGeometry):
        return str(value.wkt)
    text = parse_text(value)
    try:
        shapely.from_wkt(text)
    except shapely.errors.GEOSException:
        raise CellError("err_zone_geometry_cell") from None
    return text


def read_zone_file(filename: str, data: bytes, *, max_bytes: int, crs: str | None) -> Table:
    """A GIS file as a table: its attribute columns plus ``geometry``, one row a feature.

    ``crs`` None trusts the file (GeoJSON is WGS-84 unless it says otherwise; a
    Shapefile needs its .prj). Unreadable files raise ImportRefused with every problem.
    """
    try:
        frame = read_geometry_file(data, filename, crs=crs, polygons=True, max_bytes=max_bytes)
    except GeoFileError as exc:
        raise ImportRefused(exc.problems) from None
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    rows = [
        (n, [*(record[c] for c in columns), geom])
        for n, (record, geom) in enumerate(
            zip(frame[columns].to_dict(orient="records"), frame.geometry.values, strict=True),
            start=1,
        )
    ]
    return Table(headers=[*columns, "geometry"], rows=rows, encoding=str(frame.attrs["source_crs"]))


def _same_outline(old: str, new: str) -> bool:
    # A re-imported export has the same coordinates, but GeoJSON turns exterior rings
    # counter-clockwise and WKT text may differ: compare normalised shapes, not text.
    try:
        a, b = shapely.normalize(shapely.from_wkt(old)), shapely.normalize(shapely.from_wkt(new))
        return bool(a.equals_exact(b, 1e-9))
    except shapely.errors.GEOSException:
        return False


def _plan_zone(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    zones = ctx.lookup("zones", lambda: {z.code: z for z in session.exec(select(Zone))})
    zone: Zone | None = zones.get(data["code"])
    if zone is None:
        codes = ", ".join(sorted(zones))
        raise ValidationFailed(
            [problem("err_zone_unknown", field="code", value=data["code"][:40], codes=codes)]
        )
    # A blank cell keeps the stored value: a DataV file has no English name or theme.
    given = {f: data[f] for f in _FIELDS if data.get(f) not in (None, "")}
    changes = changes_of(zone, given, [f for f in given if f != GEOMETRY])
    if GEOMETRY in given and not _same_outline(zone.geometry_wkt, given[GEOMETRY]):
        changes[GEOMETRY] = (zone.geometry_wkt, given[GEOMETRY])
    if not changes:
        return Planned("unchanged")
    patch = {k: new for k, (_, new) in changes.items()}
    zone_id, version = int(zone.id or 0), zone.version
    return Planned(
        "update",
        lambda s: update_zone(
            s,
            actor=ctx.actor,
            zone_id=zone_id,
            expected_version=version,
            changes=patch,
            reason=ctx.reason,
        ),
        changes,
    )


def _export_zones(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(select(Zone).order_by(col(Zone.id))).all()
    return [r.model_dump() for r in rows]


def pack_geojson(kind: Kind, lang: str, rows: list[dict[str, Any]]) -> bytes:
    """Rows (stored values by field) as GeoJSON whose properties are the template headers."""
    attrs = [c for c in kind.columns if c.field != GEOMETRY]
    frame = gpd.GeoDataFrame(
        {c.header(lang).rstrip("*"): [r.get(c.field, "") for r in rows] for c in attrs},
        geometry=[shapely.from_wkt(r[GEOMETRY]) if r.get(GEOMETRY) else None for r in rows],
        crs=WGS84,
    )
    return to_geojson_bytes(frame)


def reference_rows() -> list[dict[str, Any]]:
    """The shipped reference zones as rows: the template a GIS person starts from."""
    from geo.zones import build_zones

    zones = build_zones()
    return [
        {
            **{f: getattr(z, f) for f in ("code", "name_zh", "name_en", "theme_zh", "theme_en")},
            GEOMETRY: z.geometry.wkt,
        }
        for z in zones.itertuples()
    ]


ZONES = Kind(
    name="zones",
    shape=ZoneUpdate,
    entity="zone",
    key_fields=("code",),
    plan=_plan_zone,
    export=_export_zones,
    read=read_zone_file,
    suffixes=SUFFIXES,
    pack=pack_geojson,
    admin_only=True,
    columns=(
        Column("code", "区域代码", "Zone code", _code, True, "shibei", ("zone_code", "代码")),
        Column("name_zh", "中文名称", "Chinese name", parse_text, False, "市北高新园区"),
        Column("name_en", "英文名称", "English name", parse_text, False, "Shibei High-Tech Park"),
        Column("theme_zh", "主题（中文）", "Theme (Chinese)", parse_text, False, ""),
        Column("theme_en", "主题（英文）", "Theme (English)", parse_text, False, ""),
        Column(GEOMETRY, "边界", "Outline", _outline, True, "", ("geometry", "geom", "wkt")),
    ),
)
