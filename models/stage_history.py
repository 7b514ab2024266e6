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

from models.common import add_months

CHANGE_COLUMNS = ["id", "carrier_id", "stage", "changed_on"]


def _month_end(as_of: date) -> date:
    return add_months(as_of.replace(day=1), 1) - timedelta(days=1)


def ordered_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """History with parsed days, sorted by carrier, day and id (idempotent).

    A trend asks for the stage at 36 or 72 month ends: sorting once, not each time.
    """
    if "_day" in changes.columns:
        return changes
    days = pd.to_datetime(changes["changed_on"])
    return changes.assign(_day=days).sort_values(["carrier_id", "_day", "id"])


def stages_at(changes: pd.DataFrame, *, as_of: date) -> pd.Series:
    """Stage per carrier id at the end of ``as_of``'s month (carriers with history only)."""
    if changes.empty:
        return pd.Series(dtype=object, name="stage")
    last = pd.Timestamp(_month_end(as_of))
    ordered = ordered_changes(changes)
    earliest = ordered.drop_duplicates("carrier_id", keep="first").set_index("carrier_id")
    known = ordered[ordered["_day"] <= last].drop_duplicates("carrier_id", keep="last")
    stage = earliest["stage"].copy()
    stage.update(known.set_index("carrier_id")["stage"])
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
    hist = changes.assign(_day=pd.to_datetime(changes["changed_on"]))
    hist = hist.sort_values(["_day", "id"])[["carrier_id", "_day", "stage"]]
    probe = rows[["carrier_id"]].assign(
        _day=pd.to_datetime(rows[day], errors="coerce"), _row=range(len(rows))
    )
    known = probe.dropna(subset=["_day"]).sort_values("_day")
    matched = pd.merge_asof(
        known, hist.rename(columns={"stage": "_stage"}), on="_day", by="carrier_id"
    ).set_index("_row")["_stage"]
    earliest = hist.drop_duplicates("carrier_id", keep="first").set_index("carrier_id")["stage"]
    out = pd.Series(matched.reindex(range(len(rows))).to_numpy(), index=rows.index, dtype=object)
    out = out.where(out.notna(), rows["carrier_id"].map(earliest))
    return out.where(out.notna(), rows[fallback])
