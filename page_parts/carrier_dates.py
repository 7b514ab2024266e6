"""What the carrier form says after a dated change of stage, area or workstations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import ui


def dated_notice(changes: Mapping[str, Any], since: date | None, opened: date | None) -> str | None:
    """After a size or stage change: from which month it counts, and how to correct
    every month instead (user QA: a fixed typo left October at the old area, unseen)."""
    if since is None or not {"stage", "total_area_m2", "workstations_total"} & set(changes):
        return None
    if opened is not None and since <= opened:
        return ui.tr("dated_saved_all", day=since)
    return ui.tr("dated_saved_since", day=since, opened=opened or "—")
