"""Every importable kind by name: the spreadsheet kinds and the GIS zones."""

from __future__ import annotations

from models.importing.kinds import TABLE_KINDS, Kind
from models.importing.zone_kind import ZONES

KINDS: dict[str, Kind] = {**TABLE_KINDS, ZONES.name: ZONES}


def wording(kind: str, key: str) -> str:
    """The catalogue key for ``key`` in ``kind``'s terms: GIS files have features, not rows."""
    from models.i18n import has

    gis = key + "_gis"
    return gis if KINDS[kind].read is not None and has(gis) else key
