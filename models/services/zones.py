"""Update the stored zones (district outline, Shibei park, the three belts): admins only.

The zones are the reference geography every figure is grouped by, and the app knows
exactly these codes (``district`` plus :data:`models.occupancy_rate.ZONE_CODES`): their
labels, colours and KPIs are built for them. So zones are updated here (names, themes
and the outline GIS staff hand over), never created or deleted; a new belt is a product
change, not a data entry.

A new outline moves carriers between zones: the park and belts of every live carrier
are derived again with the same point-in-polygon rule as a carrier's own save, and each
carrier that changes zone gets its own audit event, all in the caller's transaction.
A district outline that would leave live carriers or projects outside is refused and
names them, since every later save of those records would fail.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session, col, select

from models.carrier import Carrier
from models.conversion import ConversionProject
from models.display import ZONE_OUTLINE_REASON
from models.enums import ZoneKind
from models.errors import NotFound, Problem, ValidationFailed, problem
from models.services.core import Actor, audited_update, require
from models.services.location import locate_many
from models.services.parsing import parse_patch, parse_value
from models.validation import Note500
from models.zone import Zone, ZoneBase, ZoneUpdate

ENTITY = "zone"
# Beyond this an outline costs noticeable time in every point-in-polygon test and map
# payload; official park and belt outlines have a few thousand vertices at most.
MAX_VERTICES = 25_000
# A generous box around Shanghai (lon, lat): coordinates outside it are a swapped pair
# or the wrong coordinate system, not a Jing'an outline.
SHANGHAI_BOX = (120.8, 30.6, 122.2, 31.9)
# How many stranded records a refusal names before it says "…".
_NAMED = 8


def check_outline(text: str) -> tuple[BaseGeometry | None, list[Problem]]:
    """A zone outline from WGS-84 WKT: one valid polygon or multipolygon in Shanghai."""
    field = "geometry_wkt"
    try:
        geom = shapely.from_wkt(text)
    except shapely.errors.GEOSException:
        return None, [problem("err_zone_wkt", field=field)]
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "—" if geom is None else geom.geom_type
        return None, [problem("err_zone_not_polygon", field=field, kind=kind)]
    if shapely.get_num_coordinates(geom) > MAX_VERTICES:
        n = int(shapely.get_num_coordinates(geom))
        return None, [problem("err_zone_vertices", field=field, n=n, limit=MAX_VERTICES)]
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    x0, y0, x1, y1 = geom.bounds
    west, south, east, north = SHANGHAI_BOX
    if not (west <= x0 and x1 <= east and south <= y0 and y1 <= north):
        return None, [
            problem("err_zone_outside_shanghai", field=field, lon=(x0 + x1) / 2, lat=(y0 + y1) / 2)
        ]
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        return None, [problem("err_zone_invalid", field=field, reason=reason[:80])]
    return geom, []


def _stranded(session: Session, district: BaseGeometry) -> list[Problem]:
    """Live carriers and projects a new district outline would leave outside."""
    names: list[str] = []
    for model in (Carrier, ConversionProject):
        rows = session.exec(
            select(model.name_zh, model.lon, model.lat).where(col(model.deleted_at).is_(None))
        ).all()
        if not rows:
            continue
        points = shapely.points([(r[1], r[2]) for r in rows])
        outside = ~shapely.covers(district, points)
        names += [str(r[0]) for r, out in zip(rows, outside, strict=True) if out]
    if not names:
        return []
    shown = "、".join(names[:_NAMED]) + ("…" if len(names) > _NAMED else "")
    return [problem("err_zone_strands", field="geometry_wkt", n=len(names), names=shown)]


def _replace_carriers(session: Session, *, actor: Actor, zone: Zone) -> int:
    """Derive every live carrier's park and belts again; returns how many moved."""
    carriers = session.exec(
        select(Carrier).where(col(Carrier.deleted_at).is_(None)).order_by(col(Carrier.id))
    ).all()
    places = locate_many(session, [(c.lon, c.lat) for c in carriers])
    moved = 0
    for carrier, place in zip(carriers, places, strict=True):
        values = {"park_code": place.park_code, "belt_codes": place.belt_text}
        if carrier.park_code == values["park_code"] and carrier.belt_codes == values["belt_codes"]:
            continue
        audited_update(
            session,
            carrier,
            actor=actor,
            entity="carrier",
            expected_version=carrier.version,
            values=values,
            reason=f"{ZONE_OUTLINE_REASON}{zone.code}",
        )
        moved += 1
    return moved


def update_zone(
    session: Session,
    *,
    actor: Actor,
    zone_id: int,
    expected_version: int,
    changes: ZoneUpdate | dict[str, Any],
    reason: str = "",
) -> Zone:
    """Change a zone's names, themes or outline if its version still matches.

    Admins only. A new outline is checked (:func:`check_outline`), stored as the WKT of
    the shape given, and followed by the carriers' park and belts being derived again.
    """
    require(actor.is_admin, actor=actor, action="update", entity=ENTITY)
    zone = session.get(Zone, zone_id)
    if zone is None:
        raise NotFound([problem("err_not_found", entity=ENTITY, id=zone_id)])
    patch = parse_patch(ZoneUpdate, ZoneBase, changes)
    reason = parse_value(Note500, reason, field="reason")
    outline: BaseGeometry | None = None
    if "geometry_wkt" in patch:
        outline, problems = check_outline(patch["geometry_wkt"])
        if outline is not None and zone.kind == ZoneKind.DISTRICT.value:
            problems = _stranded(session, outline)
        if problems:
            raise ValidationFailed(problems)
        assert outline is not None
        patch["geometry_wkt"] = outline.wkt
    audited_update(
        session,
        zone,
        actor=actor,
        entity=ENTITY,
        expected_version=expected_version,
        values=patch,
        reason=reason,
    )
    if outline is not None:
        _replace_carriers(session, actor=actor, zone=zone)
    return zone
