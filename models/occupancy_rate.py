"""The one occupancy definition: every rate on every page comes from this module.

Definition (also in README and in the help text of every rate):

    As of month M, each live carrier (not deleted, opened by the end of M) contributes
    its newest occupancy report whose month lies in [M - 2, M], i.e. no older than
    ``FRESH_MONTHS`` = 3 months; older reports are not used.
    Rate     = sum of occupied area / sum of total area, over the carriers used, each
               carrier's total area being the one it had in the month of the report
               used (its size history, :mod:`models.size_history`).
    Coverage = carriers used / live carriers.
    Carriers with no report for M itself are counted and listed ("not reported for M").
    Occupied area equal to total area is 100% and valid.
    Available area (可招商面积) = sum of total area - sum of occupied area, over the
    same carriers used (:attr:`OccupancyFigure.available_m2`); a carrier with no usable
    report adds nothing, because nobody knows how much of it is free.

Pure pandas, no database and no Streamlit: :mod:`models.queries` loads the rows (in a
fixed number of statements) and calls these functions, and the tests feed them small
hand-made frames. The rate is always area-weighted: an unweighted mean of per-carrier
rates, or a rate from workstations, would let a 600 m² public space weigh as much as a
30,000 m² accelerator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from models.common import add_months
from models.size_history import AREA_THEN

# A report counts for month M when its month is M, M-1 or M-2 ("no older than 3 months").
FRESH_MONTHS = 3

# Park first, then the belts; "district" is the total row that counts each carrier once.
ZONE_CODES = ("shibei", "belt_njw", "belt_szr", "belt_mrr")
DISTRICT = "district"

# Columns of the per-carrier frame returned by :func:`carrier_occupancy`.
PER_CARRIER_COLUMNS = (
    "id",
    "total_area_m2",
    "report_month",
    "occupied_area_m2",
    "occupied_workstations",
    "tenant_count",
    "reported_at",
    "reported_by",
    "report_version",
    "occupancy_rate",
    "used",
    "reported_for_month",
    "rate_area_m2",
)


@dataclass(frozen=True)
class OccupancyFigure:
    """One rate with the facts needed to trust it.

    ``rate`` is None when no carrier has a usable report (never a made-up 0%).
    ``not_reported_ids`` lists the live carriers without a report for ``month`` itself
    (some of them may still be used through a report of the previous two months);
    ``unused_ids`` those without any usable report (left out of the rate).
    """

    month: date
    rate: float | None
    occupied_m2: float
    total_m2: float
    carriers_used: int
    carriers_total: int
    not_reported_ids: tuple[int, ...] = ()
    unused_ids: tuple[int, ...] = ()

    @property
    def coverage(self) -> float | None:
        """Carriers used / live carriers (None when there are no carriers)."""
        return self.carriers_used / self.carriers_total if self.carriers_total else None

    @property
    def available_m2(self) -> float | None:
        """Area free to let: total − occupied over the carriers used (None when none is)."""
        if not self.carriers_used:
            return None
        return max(self.total_m2 - self.occupied_m2, 0.0)


def month_start(value: object) -> date:
    """First day of the month of a date/datetime/Timestamp."""
    stamp = pd.Timestamp(value)
    return date(stamp.year, stamp.month, 1)


def oldest_usable_month(as_of: date) -> date:
    """The oldest report month still used as of ``as_of`` (M - 2 for a 3-month window)."""
    return add_months(month_start(as_of), -(FRESH_MONTHS - 1))


def live_carriers(carriers: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Carriers that count as of ``as_of``: not deleted and opened by the end of that month.

    A carrier that opens later is not "missing" its earlier reports: it did not exist.
    """
    if carriers.empty:
        return carriers
    keep = pd.Series(True, index=carriers.index)
    if "deleted_at" in carriers.columns:
        keep &= carriers["deleted_at"].isna()
    if "opened_on" in carriers.columns:
        opened = pd.to_datetime(carriers["opened_on"], errors="coerce")
        month_end = pd.Timestamp(add_months(month_start(as_of), 1))
        keep &= opened.isna() | (opened < month_end)
    return carriers[keep]


def carrier_occupancy(
    carriers: pd.DataFrame, reports: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Per live carrier: its newest report up to ``as_of`` and whether the rate uses it.

    Parameters
    ----------
    carriers : pandas.DataFrame
        Columns ``id`` and ``total_area_m2``; optional ``deleted_at`` and ``opened_on``
        (see :func:`live_carriers`).
    reports : pandas.DataFrame
        Columns ``carrier_id``, ``month`` and ``occupied_area_m2``; optional
        ``occupied_workstations``, ``tenant_count``, ``reported_at``, ``reported_by``,
        ``version``, and ``area_then_m2``: the carrier's area in the report's month
        (:func:`models.size_history.with_area_then`; missing or NaN: the carrier's
        ``total_area_m2``). Reports after ``as_of`` are ignored.
    as_of : datetime.date
        The month M (any day of it).

    Returns
    -------
    pandas.DataFrame
        One row per live carrier, columns :data:`PER_CARRIER_COLUMNS`. ``report_month``
        and the figures describe the newest report up to M (even a stale one, so pages
        can say how old it is); ``total_area_m2`` is the carrier's area as given,
        ``rate_area_m2`` the area of the report's month (the rate's divisor); ``used``
        is True when that report is no older than ``FRESH_MONTHS``;
        ``occupancy_rate`` is its occupied / ``rate_area_m2`` when used, NaN otherwise;
        ``reported_for_month`` is True when the report is for M itself.
    """
    if not isinstance(carriers, pd.DataFrame) or not isinstance(reports, pd.DataFrame):
        raise TypeError("carriers and reports must be pandas DataFrames")
    return _per_carrier(_slim(carriers), _prepare_reports(reports), month_start(as_of))


def _slim(carriers: pd.DataFrame) -> pd.DataFrame:
    """Only the carrier columns the definition reads (cheaper to filter month by month)."""
    keep = [c for c in ("id", "total_area_m2", "deleted_at", "opened_on") if c in carriers]
    return carriers[keep]


# Report columns -> per-carrier output columns.
_REPORT_RENAMES = {
    "carrier_id": "carrier_id",
    "month": "report_month",
    "occupied_area_m2": "occupied_area_m2",
    "occupied_workstations": "occupied_workstations",
    "tenant_count": "tenant_count",
    "reported_at": "reported_at",
    "reported_by": "reported_by",
    "version": "report_version",
    AREA_THEN: AREA_THEN,
}


def _prepare_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """Renamed report rows, months as month-start Timestamps, sorted by carrier and month.

    Done once per call (once for a whole trend), so each month only filters and picks.
    """
    frame = reports.copy()
    for name in _REPORT_RENAMES:
        if name not in frame.columns:
            frame[name] = None
    frame = frame[list(_REPORT_RENAMES)].rename(columns=_REPORT_RENAMES)
    frame["carrier_id"] = frame["carrier_id"].astype("int64")
    frame["report_month"] = (
        pd.to_datetime(frame["report_month"]).dt.to_period("M").dt.to_timestamp()
    )
    frame["occupied_area_m2"] = frame["occupied_area_m2"].astype(float)
    frame[AREA_THEN] = pd.to_numeric(frame[AREA_THEN], errors="coerce").astype(float)
    return frame.sort_values(["carrier_id", "report_month"], kind="stable")


def _per_carrier(carriers: pd.DataFrame, prepared: pd.DataFrame, month: date) -> pd.DataFrame:
    """:func:`carrier_occupancy` on reports already passed through _prepare_reports."""
    live = live_carriers(carriers, as_of=month)
    out = pd.DataFrame(
        {
            "id": live["id"].astype("int64") if not live.empty else pd.Series(dtype="int64"),
            "total_area_m2": live["total_area_m2"].astype(float)
            if not live.empty
            else pd.Series(dtype=float),
        }
    ).reset_index(drop=True)
    # Newest report up to M: the last row per carrier of the sorted, filtered reports.
    newest = prepared[prepared["report_month"] <= pd.Timestamp(month)].drop_duplicates(
        "carrier_id", keep="last"
    )
    out = out.merge(newest, left_on="id", right_on="carrier_id", how="left").drop(
        columns="carrier_id"
    )
    # The report's own month's area, where the size history knows it (a later cut
    # must not turn an old report into more than 100%).
    then = out.pop(AREA_THEN)
    out["rate_area_m2"] = then.where(
        then.notna() & out["report_month"].notna(), out["total_area_m2"]
    )
    report_month = pd.to_datetime(out["report_month"])
    out["used"] = report_month.notna() & (report_month >= pd.Timestamp(oldest_usable_month(month)))
    out["reported_for_month"] = report_month.notna() & (report_month == pd.Timestamp(month))
    total = out["rate_area_m2"].where(out["rate_area_m2"] > 0)
    out["occupancy_rate"] = (out["occupied_area_m2"] / total).where(out["used"]).astype(float)
    # Plain dates (None when never reported), as the rest of the app expects.
    out["report_month"] = pd.Series(
        [d.date() if pd.notna(d) else None for d in report_month], index=out.index, dtype=object
    )
    return out[list(PER_CARRIER_COLUMNS)]


def summarise(per_carrier: pd.DataFrame, *, as_of: date) -> OccupancyFigure:
    """Aggregate a per-carrier frame (from :func:`carrier_occupancy`, any subset of it).

    Area-weighted over the carriers whose report is used: Σ occupied ÷ Σ total area.
    """
    month = month_start(as_of)
    if per_carrier.empty:
        return OccupancyFigure(month, None, 0.0, 0.0, 0, 0)
    used = per_carrier[per_carrier["used"].astype(bool)]
    occupied = float(used["occupied_area_m2"].sum())
    # The divisor of each used report (its month's area); frames made before the size
    # history (tests' hand-made ones) carry only the carrier's total area.
    divisor = "rate_area_m2" if "rate_area_m2" in used.columns else "total_area_m2"
    total = float(used[divisor].sum())
    ids = per_carrier["id"].astype("int64")
    return OccupancyFigure(
        month=month,
        rate=occupied / total if total > 0 else None,
        occupied_m2=occupied,
        total_m2=total,
        carriers_used=len(used),
        carriers_total=len(per_carrier),
        not_reported_ids=tuple(
            sorted(int(i) for i in ids[~per_carrier["reported_for_month"].astype(bool)])
        ),
        unused_ids=tuple(sorted(int(i) for i in ids[~per_carrier["used"].astype(bool)])),
    )


def zone_mask(carriers: pd.DataFrame, code: str) -> pd.Series:
    """Carriers inside a zone: the park by ``park_code``, belts by ``belt_codes``.

    ``district`` selects every carrier. A carrier may be in the park and a belt at once.
    """
    if code == DISTRICT:
        return pd.Series(True, index=carriers.index)
    park = carriers["park_code"] if "park_code" in carriers.columns else None
    belts = carriers["belt_codes"] if "belt_codes" in carriers.columns else None
    in_park = (park == code) if park is not None else pd.Series(False, index=carriers.index)
    if belts is None:
        return in_park.fillna(False).astype(bool)
    # One vectorised search for ",code," in ",a,b," (a split per carrier and zone cost
    # 9 ms for every zone at 5,000 carriers, on every page that shows zone figures).
    wrapped = "," + belts.fillna("").astype(str) + ","
    in_belt = wrapped.str.contains(f",{code},", regex=False)
    return (in_park.fillna(False) | in_belt).astype(bool)


def occupancy_rate(
    carriers: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    as_of: date,
    zone: str | None = None,
) -> OccupancyFigure:
    """The occupancy figure as of ``as_of`` for the district or one park/belt.

    Parameters
    ----------
    carriers, reports : pandas.DataFrame
        As for :func:`carrier_occupancy`; ``park_code``/``belt_codes`` needed for zones.
    as_of : datetime.date
        The month M.
    zone : str, optional
        A park or belt code; None (or ``"district"``) for the whole district.
    """
    per = carrier_occupancy(carriers, reports, as_of=as_of)
    if zone is not None and zone != DISTRICT:
        inside = set(carriers.loc[zone_mask(carriers, zone), "id"].astype("int64"))
        per = per[per["id"].isin(inside)]
    return summarise(per, as_of=as_of)


def zone_figures(carriers: pd.DataFrame, per_carrier: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """One row per park/belt plus the district total row (each carrier counted once).

    Parameters
    ----------
    carriers : pandas.DataFrame
        ``id``, ``park_code``, ``belt_codes`` (zone membership).
    per_carrier : pandas.DataFrame
        Output of :func:`carrier_occupancy`.

    Returns
    -------
    pandas.DataFrame
        Columns ``zone``, ``carriers``, ``area_m2`` (total area of all live carriers in
        the zone), ``occupancy`` (rate or None), ``carriers_used``, ``coverage``,
        ``not_reported``.
    """
    rows = []
    for code in (*ZONE_CODES, DISTRICT):
        if carriers.empty:
            inside: set[int] = set()
        else:
            inside = set(carriers.loc[zone_mask(carriers, code), "id"].astype("int64"))
        sub = per_carrier[per_carrier["id"].isin(inside)]
        fig = summarise(sub, as_of=as_of)
        rows.append(
            {
                "zone": code,
                "carriers": fig.carriers_total,
                "area_m2": float(sub["total_area_m2"].sum()) if not sub.empty else 0.0,
                "occupancy": fig.rate,
                "carriers_used": fig.carriers_used,
                "coverage": fig.coverage,
                "not_reported": len(fig.not_reported_ids),
            }
        )
    return pd.DataFrame(rows)


def occupancy_trend(
    carriers: pd.DataFrame, reports: pd.DataFrame, *, months: Iterable[date]
) -> pd.DataFrame:
    """The district figure for each month, every month by :func:`occupancy_rate`'s rule.

    Returns
    -------
    pandas.DataFrame
        Columns ``month``, ``occupied``, ``total``, ``tenants`` (sum of the used
        reports' tenant counts), ``rate``, ``carriers_used``, ``carriers_total``,
        ``coverage``. A month where no carrier figure changed gives the same rate.
    """
    if not isinstance(carriers, pd.DataFrame) or not isinstance(reports, pd.DataFrame):
        raise TypeError("carriers and reports must be pandas DataFrames")
    prepared, carriers = _prepare_reports(reports), _slim(carriers)
    rows = []
    for m in months:
        per = _per_carrier(carriers, prepared, month_start(m))
        fig = summarise(per, as_of=m)
        used = per[per["used"]]
        tenants = pd.to_numeric(used["tenant_count"], errors="coerce").fillna(0).sum()
        rows.append(
            {
                "month": fig.month,
                "occupied": fig.occupied_m2,
                "total": fig.total_m2,
                "tenants": int(tenants),
                "rate": fig.rate,
                "carriers_used": fig.carriers_used,
                "carriers_total": fig.carriers_total,
                "coverage": fig.coverage,
            }
        )
    columns = [
        "month",
        "occupied",
        "total",
        "tenants",
        "rate",
        "carriers_used",
        "carriers_total",
        "coverage",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["rate"] = out["rate"].astype(float)
    return out
