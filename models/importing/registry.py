"""Every importable kind by name: the spreadsheet kinds and the GIS zones."""

from __future__ import annotations

from models.importing.kinds import TABLE_KINDS, Kind
from models.importing.zone_kind import ZONES

KINDS: dict[str, Kind] = {**TABLE_KINDS, ZONES.name: ZONES}
