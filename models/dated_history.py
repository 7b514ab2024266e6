"""The one dating rule of a carrier's recorded history (stage, size), pure pandas.

Rule: a carrier's value on day D is that of its newest change dated on or before D
(ties: the later row). Before its first recorded change, its earliest recorded value
applies: nothing better is known (a history entered after the carrier opened). A
carrier with no rows gets no value here; callers then keep its current value.

Used by :mod:`models.stage_history` (growth stage) and :mod:`models.size_history`
(area and workstations), so both answer "as it stood then" the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd


def ordered(changes: pd.DataFrame) -> pd.DataFrame:
    """History with parsed days (``_day``), sorted by carrier, day and id (idempotent).

    A trend asks for the values at 36 or 72 month ends: sorting once, not each time.
    """
    if "_day" in changes.columns:
        return changes
    days = pd.to_datetime(changes["changed_on"])
    return changes.assign(_day=days).sort_values(["carrier_id", "_day", "id"])


def values_at(changes: pd.DataFrame, columns: Sequence[str], *, day: date) -> pd.DataFrame:
    """``columns`` per carrier id on ``day`` (only carriers with recorded history)."""
    if changes.empty:
        return pd.DataFrame(columns=list(columns), index=pd.Index([], name="carrier_id"))
    history = ordered(changes)
    earliest = history.drop_duplicates("carrier_id", keep="first").set_index("carrier_id")
    known = history[history["_day"] <= pd.Timestamp(day)].drop_duplicates("carrier_id", keep="last")
    out = earliest[list(columns)].copy()
    out.update(known.set_index("carrier_id")[list(columns)])
    return out


def values_on(
    changes: pd.DataFrame, rows: pd.DataFrame, columns: Sequence[str], *, day: str
) -> pd.DataFrame:
    """``columns`` for each row's carrier (``carrier_id``) on the date in column ``day``.

    Index aligned with ``rows``; a row without a date gets its carrier's earliest
    recorded value, and a carrier without history NaN (the caller then falls back to
    the current value).
    """
    names = list(columns)
    empty = pd.DataFrame({c: pd.Series(index=rows.index, dtype=object) for c in names})
    if rows.empty or changes.empty:
        return empty
    # One resolution on both sides: merge_asof refuses to compare s with us or ns.
    hist = changes.assign(_day=pd.to_datetime(changes["changed_on"]).astype("datetime64[ns]"))
    hist = hist.sort_values(["_day", "id"])[["carrier_id", "_day", *names]]
    probe = rows[["carrier_id"]].assign(
        _day=pd.to_datetime(rows[day], errors="coerce").astype("datetime64[ns]"),
        _row=range(len(rows)),
    )
    known = probe.dropna(subset=["_day"]).sort_values("_day")
    known = known.astype({"carrier_id": hist["carrier_id"].dtype})
    renamed = {c: f"_{c}" for c in names}
    matched = pd.merge_asof(known, hist.rename(columns=renamed), on="_day", by="carrier_id")
    matched = matched.set_index("_row")[list(renamed.values())].reindex(range(len(rows)))
    earliest = hist.drop_duplicates("carrier_id", keep="first").set_index("carrier_id")
    out = empty.copy()
    for name, tmp in renamed.items():
        values = pd.Series(matched[tmp].to_numpy(), index=rows.index, dtype=object)
        out[name] = values.where(values.notna(), rows["carrier_id"].map(earliest[name]))
    return out


def split_constant(
    changes: pd.DataFrame, columns: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values of carriers with one recorded row, the rows of carriers with more).

    A carrier with one row has that row's values on every day (the rule above), so a
    trend need not look its value up month by month: most carriers never change stage
    or size, and the 72-month home trend spent a third of its time on those lookups.
    """
    counts = changes["carrier_id"].map(changes["carrier_id"].value_counts())
    single = changes[counts == 1].set_index("carrier_id")[list(columns)]
    return single, changes[counts > 1]


def with_fixed(carriers: pd.DataFrame, fixed: pd.DataFrame) -> pd.DataFrame:
    """``carriers`` (``id`` and ``fixed``'s columns) with those columns set from ``fixed``."""
    if carriers.empty or fixed.empty:
        return carriers
    replaced = {}
    for name in (c for c in fixed.columns if c in carriers.columns):
        mapped = carriers["id"].map(fixed[name])
        replaced[name] = mapped.where(mapped.notna(), carriers[name]).astype(carriers[name].dtype)
    return carriers.assign(**replaced)
