"""A carrier's size (area, workstations) as it stood in a month, pure pandas.

Rule (one definition, the same as the stage history's, :mod:`models.dated_history`):
the size at month M is that of the newest :class:`~models.carrier.CarrierSizeChange`
dated on or before the last day of M; before the first recorded change, the earliest
recorded size; a carrier with no rows keeps its current size.

Two uses:

* :func:`with_size_at` gives a carrier frame the sizes of month M (area by stage and
  zone "as of" that month);
* :func:`area_then` gives each occupancy report the area of its own month: a rate
  divides the occupied area by the area the carrier had when it was reported, so a
  later cut does not turn old reports into rates above 100%.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from models import dated_history
from models.stage_history import month_end

CHANGE_COLUMNS = ["id", "carrier_id", "total_area_m2", "workstations_total", "changed_on"]
SIZES = ["total_area_m2", "workstations_total"]

# Column added to report rows by :func:`with_area_then` (read by models.occupancy_rate).
AREA_THEN = "area_then_m2"


def empty_changes() -> pd.DataFrame:
    """A history with no rows (every carrier keeps its current size)."""
    return pd.DataFrame(columns=CHANGE_COLUMNS)


def with_size_at(carriers: pd.DataFrame, changes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """``carriers`` (``id`` and the size columns) with the sizes of ``as_of``'s month."""
    if carriers.empty or changes.empty:
        return carriers
    at = dated_history.values_at(changes, SIZES, day=month_end(as_of))
    replaced = {}
    for name in SIZES:
        if name in carriers.columns:
            mapped = carriers["id"].map(at[name])
            kept = mapped.where(mapped.notna(), carriers[name])
            replaced[name] = kept.astype(carriers[name].dtype)
    return carriers.assign(**replaced)


def area_then(changes: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """Per report row (``carrier_id``, ``month``): the carrier's area at that month's end.

    NaN for a carrier without recorded history (its current area applies). Index
    aligned with ``reports``.
    """
    if reports.empty or changes.empty:
        return pd.Series(np.nan, index=reports.index, dtype=float)
    months = pd.to_datetime(reports["month"], errors="coerce").dt.to_period("M")
    probe = pd.DataFrame(
        {"carrier_id": reports["carrier_id"], "_end": months.dt.end_time.dt.normalize()},
        index=reports.index,
    )
    values = dated_history.values_on(changes, probe, ["total_area_m2"], day="_end")
    return pd.to_numeric(values["total_area_m2"], errors="coerce").astype(float)


def with_area_then(reports: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """``reports`` with :data:`AREA_THEN`, the divisor of each report's rate."""
    return reports.assign(**{AREA_THEN: area_then(changes, reports)})
