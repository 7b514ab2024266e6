"""What the carrier form says after a dated change of stage, area or workstations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import ui


def dated_notice(changes: Mapping[str, Any], since: date | None) -> str | None:
    """After a dated change of stage, area or workstations: from which month it counts,
    and how to correct it instead (user QA: a typo fixed "from today" left October at
    the old area, unseen). ``since`` None: it was saved as a correction."""
    if not {"stage", "total_area_m2", "workstations_total"} & set(changes):
        return None
    if since is None:
        return ui.tr("dated_saved_fixed")
    return ui.tr("dated_saved_since", day=since)
