"""Where a point lies: inside the district? which park and belts? (from Zone rows).

The geometry test itself is geo.spatial's, run on the zones stored in the database, so
the map, the sample data and every write agree on what "in the park" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely import wkt
from sqlmodel import Session, select

from geo.crs import WGS84
from geo.spatial import assign_zones, zones_for_point
from models.enums import ZoneKind
from models.errors import Problem, problem
from models.zone import Zone


@dataclass(frozen=True)
class Placement:
    """Spatial facts derived from a location."""

    in_district: bool
    park_code: str | None
    belt_codes: tuple[str, ...]

    @property
    def belt_text(self) -> str:
        """Comma-joined belt codes as stored on Carrier.belt_codes."""
        return ",".join(self.belt_codes)


def _zone_frame(session: Session) -> gpd.GeoDataFrame | None:
    zones = session.exec(select(Zone)).all()
    if not zones:
        return None
    return gpd.GeoDataFrame(
        {"code": [z.code for z in zones], "kind": [z.kind for z in zones]},
        geometry=[wkt.loads(z.geometry_wkt) for z in zones],
        crs=WGS84,
    )


def _place(frame: gpd.GeoDataFrame | None, lon: float, lat: float) -> Placement:
    if frame is None:
        return Placement(in_district=True, park_code=None, belt_codes=())
    district = frame[frame["kind"] == ZoneKind.DISTRICT.value].geometry
    in_district = district.empty or bool(district.iloc[0].covers(shapely.Point(lon, lat)))
    park, belts = zones_for_point(float(lon), float(lat), frame)
    return Placement(in_district=in_district, park_code=park, belt_codes=tuple(sorted(belts)))


# session.info key: placements computed ahead for the locate calls of one unit of work.
_PLACED = "placed_points"


def locate(session: Session, *, lon: float, lat: float) -> Placement:
    """Point-in-polygon against the stored zones (a point may lie in two belts).

    With no zones stored yet (an empty database), every point counts as inside.
    """
    placed = session.info.get(_PLACED)
    if placed is not None and (lon, lat) in placed:
        return placed[(lon, lat)]  # type: ignore[no-any-return]
    return _place(_zone_frame(session), lon, lat)


@contextmanager
def placed_ahead(session: Session, points: Sequence[tuple[float, float]]) -> Iterator[None]:
    """Place many points in one spatial join for the :func:`locate` calls inside.

    A bulk import creates records one service call at a time, and each call locates its
    point; reading the zones and joining once per point cost ~0.1 s a row. The same
    join (:func:`locate_many`) answers them all up front; the answers are forgotten on
    leaving, so nothing outlives the unit of work.
    """
    unique = list(dict.fromkeys((float(lon), float(lat)) for lon, lat in points))
    session.info[_PLACED] = dict(zip(unique, locate_many(session, unique), strict=True))
    try:
        yield
    finally:
        session.info.pop(_PLACED, None)


def locate_many(session: Session, points: Sequence[tuple[float, float]]) -> list[Placement]:
    """:func:`locate` for many points: the zones are read once, joined in one query."""
    frame = _zone_frame(session)
    if frame is None or not points:
        return [Placement(in_district=True, park_code=None, belt_codes=()) for _ in points]
    shapes = [shapely.Point(float(lon), float(lat)) for lon, lat in points]
    codes = assign_zones(gpd.GeoDataFrame(geometry=shapes, crs=WGS84), frame)
    kinds = dict(zip(frame["code"], frame["kind"], strict=True))
    district = frame[frame["kind"] == ZoneKind.DISTRICT.value].geometry
    out = []
    for i, shape in enumerate(shapes):
        parks = [c for c in codes[i] if kinds[c] == ZoneKind.PARK.value]
        belts = sorted(c for c in codes[i] if kinds[c] == ZoneKind.BELT.value)
        inside = district.empty or bool(district.iloc[0].covers(shape))
        out.append(Placement(inside, parks[0] if parks else None, tuple(belts)))
    return out


def unknown_zone_codes(session: Session, codes: Iterable[str]) -> list[Problem]:
    """A problem for every code that names no stored zone (e.g. in a manager's scope).

    Compared in Python against the stored codes, so hostile input (NUL bytes, huge
    strings) never reaches a SQL parameter.
    """
    known = set(session.exec(select(Zone.code)).all())
    return [
        problem("err_unknown_zone", field="zone_codes", value=str(code)[:40])
        for code in codes
        if code not in known
    ]
