"""A carrier's growth stage as it stood at the end of a month, pure pandas.

Rule (one definition, used by every as-of view): the stage at month M is the stage of
the newest :class:`~models.carrier.CarrierStageChange` dated on or before the last day
of M (ties: the later row). A carrier whose recorded history starts after M (a record
entered after it opened) shows its earliest recorded stage: nothing better is known.
A carrier with no history rows at all keeps its current stage.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from models import dated_history
from models.common import add_months

CHANGE_COLUMNS = ["id", "carrier_id", "stage", "changed_on"]


def month_end(as_of: date) -> date:
    """The last day of ``as_of``'s month (a value "at month M" is the value on that day)."""
    return add_months(as_of.replace(day=1), 1) - timedelta(days=1)


def ordered_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """History with parsed days, sorted by carrier, day and id (idempotent)."""
    return dated_history.ordered(changes)


def stages_at(changes: pd.DataFrame, *, as_of: date) -> pd.Series:
    """Stage per carrier id at the end of ``as_of``'s month (carriers with history only)."""
    if changes.empty:
        return pd.Series(dtype=object, name="stage")
    stage = dated_history.values_at(changes, ["stage"], day=month_end(as_of))["stage"]
    stage.name = "stage"
    return stage


def with_stage_at(carriers: pd.DataFrame, changes: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """``carriers`` (with ``id`` and ``stage``) with ``stage`` replaced by the as-of stage."""
    if carriers.empty or changes.empty:
        return carriers
    at = stages_at(changes, as_of=as_of)
    mapped = carriers["id"].map(at)
    return carriers.assign(stage=mapped.where(mapped.notna(), carriers["stage"]))


def stage_on(changes: pd.DataFrame, rows: pd.DataFrame, *, day: str, fallback: str) -> pd.Series:
    """The stage of each row's carrier (``carrier_id``) on the date in column ``day``.

    Same rule as :func:`stages_at`, per day instead of per month end: the newest change
    on or before that day, else the carrier's earliest recorded stage, else the value in
    column ``fallback`` (its current stage). Index aligned with ``rows``.
    """
    if rows.empty or changes.empty:
        return rows[fallback].copy()
    out = dated_history.values_on(changes, rows, ["stage"], day=day)["stage"]
    return out.where(out.notna(), rows[fallback])
