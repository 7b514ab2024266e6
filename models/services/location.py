"""Where a point lies: inside the district? which park and belts? (from Zone rows)."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely import wkt
from sqlmodel import Session, select

from models.enums import ZoneKind
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


def locate(session: Session, *, lon: float, lat: float) -> Placement:
    """Point-in-polygon against the stored zones (a point may lie in two belts).

    With no zones stored yet (an empty database), every point counts as inside.
    """
    zones = session.exec(select(Zone)).all()
    pt = shapely.Point(lon, lat)
    in_district = True
    park: str | None = None
    belts: list[str] = []
    for zone in zones:
        inside = wkt.loads(zone.geometry_wkt).covers(pt)
        if zone.kind == ZoneKind.DISTRICT:
            in_district = inside
        elif zone.kind == ZoneKind.PARK and inside and park is None:
            park = zone.code
        elif zone.kind == ZoneKind.BELT and inside:
            belts.append(zone.code)
    return Placement(in_district=in_district, park_code=park, belt_codes=tuple(sorted(belts)))
