"""Zones from GIS files: GeoJSON (DataV GeoAtlas too), GeoPackage, zipped Shapefile.

GIS staff hand over the official outlines of Shibei park, the belts or the district.
The file is read by :func:`geo.geo_files.read_geometry_file` (coordinate systems,
repairs, features outside Shanghai) and becomes a table: one row per feature, numbered
as the feature, with its attributes and a ``geometry`` cell. From there the import is
the same as for a spreadsheet: headers matched, cells checked, a preview, all or
nothing, audited through :func:`models.services.zones.update_zone`.

Zones are matched by their code and only their outline is updated (see
:mod:`models.services.zones` for why none is created; names come from the app's
catalogue). The preview lists what an outline does beyond itself: the carriers that
change park or belt, and a park or belt reaching far outside the district. Template and
export are GeoJSON with the same short property names, so an export re-imports as is.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session, col, select

from geo.crs import WGS84
from geo.geo_file_checks import GeoFileError
from geo.geo_files import GEOJSON_SUFFIXES, read_geometry_file, to_geojson_bytes
from models.carrier import Carrier
from models.enums import ZoneKind
from models.errors import Problem, ValidationFailed, problem
from models.i18n import t
from models.importing.kinds import Column, Context, Kind, Planned
from models.importing.reading import ImportRefused, Table
from models.importing.values import CellError, parse_text
from models.services.zones import update_zone
from models.zone import Zone, ZoneUpdate

GEOMETRY = "geometry_wkt"
DISTRICT = "district"
# Headers that carry the zone code (the code column's headers and aliases).
_CODE_NAMES = {"code", "代码", "区域代码", "zone_code", "编码"}
JINGAN_ADCODE = "310106"  # the administrative division code of Jing'an District
SUFFIXES = (*GEOJSON_SUFFIXES, ".gpkg", ".zip")
# Property names that mean the outline itself: the outline comes from the feature's
# geometry, so such a property (e.g. a WKT copy) is dropped rather than read twice.
_OUTLINE_NAMES = {"geometry", "geom", "wkt", "边界", "outline", "the_geom"}
# How far outside the district a park or belt may reach before the preview says so.
_OUTSIDE_SHARE = 0.1
# How many moved carriers a warning names.
_NAMED = 5


def _code(value: Any) -> str:
    # NFKC and no invisible characters: "shibei" pasted with a zero-width space or a
    # no-break space is still "shibei" (they look identical in every GIS table).
    text = unicodedata.normalize("NFKC", parse_text(value))
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace()).lower()


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
        datav = "adcode" in frame.columns and not _CODE_NAMES & {str(c) for c in frame.columns}
        if datav and crs is None:
            # DataV GeoAtlas files are GCJ-02 but do not say so: read as such unless the
            # person chose a system (about 500 m off otherwise, and nothing would tell).
            frame = read_geometry_file(
                data, filename, crs="gcj02", polygons=True, max_bytes=max_bytes
            )
    except GeoFileError as exc:
        raise ImportRefused(exc.problems) from None
    if datav:
        # DataV names its areas by administrative code only: 310106 is Jing'an, the
        # district outline; any other code is refused as unknown, by name.
        frame["code"] = [
            DISTRICT if str(a).split(".")[0] == JINGAN_ADCODE else f"adcode={a}"
            for a in frame["adcode"]
        ]
        frame = frame.drop(columns="adcode")  # used, not "ignored"
    columns = [
        str(c)
        for c in frame.columns
        if c != frame.geometry.name and str(c).strip().casefold() not in _OUTLINE_NAMES
    ]
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


def _places(session: Session) -> dict[int, tuple[str, str | None, str]]:
    rows = session.exec(
        select(Carrier.id, Carrier.name_zh, Carrier.park_code, Carrier.belt_codes).where(
            col(Carrier.deleted_at).is_(None)
        )
    ).all()
    return {int(r[0] or 0): (str(r[1]), r[2], str(r[3])) for r in rows}


def _checks(session: Session, zone: Zone, before: dict[int, Any]) -> list[Problem]:
    """What the new outline did, for the preview: carriers moved, reach outside the district."""
    after = _places(session)
    moved = [after[i][0] for i in after if before.get(i, after[i])[1:] != after[i][1:]]
    found: list[Problem] = []
    if moved:
        shown = "、".join(moved[:_NAMED]) + ("…" if len(moved) > _NAMED else "")
        found.append(problem("warn_zone_moves", n=len(moved), names=shown))
    if zone.kind != ZoneKind.DISTRICT.value:
        district = session.exec(select(Zone).where(Zone.kind == ZoneKind.DISTRICT.value)).first()
        if district is not None:
            outline = shapely.from_wkt(zone.geometry_wkt)
            outside = outline.difference(shapely.from_wkt(district.geometry_wkt)).area
            share = outside / outline.area if outline.area else 0.0
            if share > _OUTSIDE_SHARE:
                found.append(problem("warn_zone_outside", pct=f"{share * 100:.1f}"))
    return found


def _plan_zone(session: Session, ctx: Context, data: dict[str, Any]) -> Planned:
    zones = ctx.lookup("zones", lambda: {z.code: z for z in session.exec(select(Zone))})
    zone: Zone | None = zones.get(data["code"])
    if zone is None:
        codes = ", ".join(sorted(zones))
        raise ValidationFailed(
            [problem("err_zone_unknown", field="code", value=data["code"][:40], codes=codes)]
        )
    # Only the outline is imported: names come from the app's bilingual catalogue, and
    # a file's name column is there to orient the person editing it.
    if _same_outline(zone.geometry_wkt, data[GEOMETRY]):
        return Planned("unchanged")
    changes = {GEOMETRY: (zone.geometry_wkt, data[GEOMETRY])}
    zone_id, version = int(zone.id or 0), zone.version
    planned = Planned("update", changes=changes)

    def run(s: Session) -> Any:
        before = _places(s)
        done = update_zone(
            s,
            actor=ctx.actor,
            zone_id=zone_id,
            expected_version=version,
            changes={GEOMETRY: data[GEOMETRY]},
            reason=ctx.reason,
        )
        planned.warnings[:] = _checks(s, done, before)
        return done

    planned.run = run
    return planned


def _export_zones(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(select(Zone).order_by(col(Zone.id))).all()
    return [{"code": r.code, GEOMETRY: r.geometry_wkt} for r in rows]


def pack_geojson(kind: Kind, lang: str, rows: list[dict[str, Any]]) -> bytes:
    """Rows as GeoJSON: the code, the zone's name in ``lang`` (to orient), the outline.

    Property names stay within 10 bytes, the limit of a Shapefile's fields, so a file
    saved from this one as a Shapefile keeps its columns whole.
    """
    code, name = kind.column("code"), kind.column("name")
    frame = gpd.GeoDataFrame(
        {
            code.header(lang).rstrip("*"): [r["code"] for r in rows],
            name.header(lang): [t(r["code"], lang) for r in rows],
        },
        geometry=[shapely.from_wkt(r[GEOMETRY]) if r.get(GEOMETRY) else None for r in rows],
        crs=WGS84,
    )
    return to_geojson_bytes(frame)


def reference_rows() -> list[dict[str, Any]]:
    """The shipped reference zones as rows: the template a GIS person starts from."""
    from geo.zones import reference_zones

    return [{"code": z.code, GEOMETRY: z.geometry.wkt} for z in reference_zones().itertuples()]


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
    # A set of outlines goes in whole: half of a redrawn district is worse than none.
    partial=False,
    columns=(
        Column("code", "代码", "code", _code, True, "shibei", ("区域代码", "zone_code", "编码")),
        Column("name", "名称", "name", parse_text, False, "", ("中文名称", "name_zh")),
        Column(GEOMETRY, "边界", "outline", _outline, True, "", ("geometry",)),
    ),
)
