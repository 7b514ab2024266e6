"""The growth-stage chain (众创空间 → 创业苗圃 → 孵化器 → 加速器) as of a month.

Read side only, no Streamlit. :func:`load` reads everything in a fixed number of SQL
statements (the carriers with their occupancy reports through
:func:`models.queries.carriers_frame`, and all tenancies with their tenant and carrier
in one joined statement); the other functions are pure pandas over those frames, so the
tests feed them hand-made rows.

Definitions, all "as things stood at the end of month M" (``as_of``):

* A carrier counts when it is live and opened by the end of M (the occupancy
  definition's rule); its stage is its current stage.
* A tenancy is open at M when it started on or before the last day of M and has not
  ended by then (``end_on`` empty or after that day). Tenants = distinct tenants with an
  open tenancy.
* Occupancy, coverage and available area per group come from
  :func:`models.occupancy_rate.summarise`, the one occupancy definition.
* A graduation is a tenancy ended as ``graduated`` on or before the end of M, matched to
  the same tenant's earliest tenancy that starts on or after that end date (and by the
  end of M) in a carrier of a later stage. Its date and year are the end date. A
  "graduated" exit with no such tenancy is counted apart as unmatched: the firm left
  the chain as far as the district's records know.
* Stay: months between start and end of a tenancy (days ÷ 30.4375); for tenancies
  still open at M, months from start to the end of M so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session, col

from models import occupancy_rate as occ
from models import queries, stage_history
from models.carrier import Carrier
from models.common import add_months, default_end_month
from models.enums import ExitReason, Stage
from models.tenant import Tenancy, Tenant

STAGES = tuple(s.value for s in Stage)
STAGE_RANK = {s.value: s.rank for s in Stage}
ZONES = occ.ZONE_CODES
DAYS_PER_MONTH = 365.25 / 12

# Carrier columns kept from models.queries.carriers_frame (identity, zone, stage and the
# per-carrier fields that models.occupancy_rate.summarise reads).
CARRIER_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "stage",
    "total_area_m2",
    "park_code",
    "belt_codes",
    "report_month",
    "occupied_area_m2",
    "occupancy_rate",
    "used",
    "reported_for_month",
    "rate_area_m2",
]

TENANCY_COLUMNS = [
    "tenancy_id",
    "tenant_id",
    "tenant_name",
    "tenant_name_en",
    "industry",
    "carrier_id",
    "stage",
    "area_m2",
    "start_on",
    "end_on",
    "exit_reason",
]


@dataclass(frozen=True)
class ChainData:
    """What every chain and comparison figure is computed from.

    ``carriers`` are the counted carriers of :func:`models.queries.carriers_frame`
    (with the per-carrier occupancy columns); ``tenancies`` every tenancy of a live
    tenant (:data:`TENANCY_COLUMNS`), whatever its dates.
    """

    month: date
    carriers: pd.DataFrame
    tenancies: pd.DataFrame


def resolve_month(session: Session, as_of: date | None) -> date:
    """The month M: ``as_of``'s month, else the newest reported month, else last month."""
    if as_of is not None:
        return occ.month_start(as_of)
    return queries.latest_month(session) or default_end_month()


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return add_months(occ.month_start(month), 1) - timedelta(days=1)


def load(
    session: Session, *, as_of: date | None = None, tenancies: pd.DataFrame | None = None
) -> ChainData:
    """Carriers and tenancies as of ``as_of``, in a constant number of statements.

    ``tenancies`` is :func:`staged_tenancies` read earlier (it does not depend on the
    month): a month slider then reads only the carriers as of the new month.
    """
    month = resolve_month(session, as_of)
    # As the month stood (a carrier deleted since still counts), as on home: the chain,
    # the comparison and the big screen read these (recheck QA).
    carriers = queries.carriers_frame(session, as_of=month, as_it_stood=True)
    if not carriers.empty:
        # Only what the figures read: slicing the full carrier rows (geometry, notes ...)
        # twenty times a page cost more than the rest of the computation.
        carriers = carriers.loc[carriers["counted"], CARRIER_COLUMNS].reset_index(drop=True)
    if tenancies is None:
        tenancies = staged_tenancies(session)
    return ChainData(month=month, carriers=carriers, tenancies=tenancies)


def staged_tenancies(session: Session) -> pd.DataFrame:
    """Every tenancy, with its carrier's stage on the move-in day.

    The same rows whatever the month (the figures filter by date), so a page may keep
    them per data version.
    """
    # More columns than sqlmodel's typed select() takes: plain SQLAlchemy Core here.
    rows = session.execute(
        select(
            col(Tenancy.id),
            col(Tenancy.tenant_id),
            col(Tenant.name),
            col(Tenant.name_en),
            col(Tenant.industry),
            col(Tenancy.carrier_id),
            col(Carrier.stage),
            col(Tenancy.area_m2),
            col(Tenancy.start_on),
            col(Tenancy.end_on),
            col(Tenancy.exit_reason),
        )
        .join(Tenant, col(Tenant.id) == col(Tenancy.tenant_id))
        .join(Carrier, col(Carrier.id) == col(Tenancy.carrier_id))
        # Deleted firms too: their (ended) stays are the history of the months they
        # covered (see queries.overview_data).
        .order_by(col(Tenancy.id))
    ).all()
    tenancies = pd.DataFrame([tuple(r) for r in rows], columns=TENANCY_COLUMNS)
    # A tenancy's stage is its carrier's stage when the firm moved in (stage history),
    # so an incubator that later became an accelerator does not rewrite past moves.
    changes = queries.stage_change_rows(session)
    tenancies["stage"] = stage_history.stage_on(
        changes, tenancies, day="start_on", fallback="stage"
    )
    return tenancies


# ------------------------------------------------------------------ pure functions


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def open_tenancies(tenancies: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Tenancies open at the end of ``as_of``'s month."""
    if tenancies.empty:
        return tenancies
    last = pd.Timestamp(month_end(as_of))
    start, end = _dates(tenancies["start_on"]), _dates(tenancies["end_on"])
    return tenancies[(start <= last) & (end.isna() | (end > last))]


def group_figures(
    carriers: pd.DataFrame, open_now: pd.DataFrame, *, as_of: date
) -> dict[str, object]:
    """Carriers, area, tenants and the occupancy figure of one group of carriers."""
    fig = occ.summarise(carriers, as_of=as_of)
    ids = set(carriers["id"].astype("int64")) if not carriers.empty else set()
    tenants = (
        open_now.loc[open_now["carrier_id"].isin(ids), "tenant_id"].nunique()
        if not open_now.empty
        else 0
    )
    return {
        "carriers": len(carriers),
        "area_m2": float(carriers["total_area_m2"].sum()) if not carriers.empty else 0.0,
        "tenants": int(tenants),
        "occupancy": fig.rate,
        "carriers_used": fig.carriers_used,
        "coverage": fig.coverage,
        "occupied_m2": fig.occupied_m2,
        "available_m2": fig.available_m2,
    }


def stage_zone_table(data: ChainData) -> pd.DataFrame:
    """One row per zone (park, belts, district) and stage.

    Columns ``zone``, ``stage`` and the keys of :func:`group_figures`. A carrier in the
    park and a belt counts in both; the ``district`` rows count it once.
    """
    open_now = open_tenancies(data.tenancies, as_of=data.month)
    rows = []
    for zone in (*ZONES, occ.DISTRICT):
        in_zone = (
            data.carriers[occ.zone_mask(data.carriers, zone)]
            if not data.carriers.empty
            else data.carriers
        )
        for stage in STAGES:
            group = in_zone[in_zone["stage"] == stage] if not in_zone.empty else in_zone
            rows.append(
                {"zone": zone, "stage": stage} | group_figures(group, open_now, as_of=data.month)
            )
    return pd.DataFrame(rows)


def missing_stages(table: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per park/belt, the stages with no counted carrier (the policy wants all four)."""
    out: dict[str, tuple[str, ...]] = {}
    for zone in ZONES:
        rows = table[(table["zone"] == zone) & (table["carriers"] == 0)]
        out[zone] = tuple(s for s in STAGES if s in set(rows["stage"]))
    return out


EVENT_COLUMNS = [
    "tenant_id",
    "tenant_name",
    "tenant_name_en",
    "from_tenancy_id",
    "to_tenancy_id",
    "from_carrier_id",
    "to_carrier_id",
    "from_stage",
    "to_stage",
    "on",
    "year",
]


def graduations(tenancies: pd.DataFrame, *, as_of: date) -> tuple[pd.DataFrame, int]:
    """Graduations up to the end of ``as_of``'s month, and the unmatched count.

    Returns the events (:data:`EVENT_COLUMNS`, oldest first) and the number of
    "graduated" exits with no later-stage tenancy on record.
    """
    empty = pd.DataFrame(columns=EVENT_COLUMNS)
    if tenancies.empty:
        return empty, 0
    last = pd.Timestamp(month_end(as_of))
    frame = tenancies.assign(
        start=_dates(tenancies["start_on"]),
        end=_dates(tenancies["end_on"]),
        rank=tenancies["stage"].map(STAGE_RANK),
    )
    exits = frame[(frame["exit_reason"] == ExitReason.GRADUATED.value) & (frame["end"] <= last)]
    if exits.empty:
        return empty, 0
    later = frame[frame["start"] <= last]
    pairs = exits.merge(later, on="tenant_id", suffixes=("_from", "_to"))
    pairs = pairs[
        (pairs["tenancy_id_to"] != pairs["tenancy_id_from"])
        & (pairs["start_to"] >= pairs["end_from"])
        & (pairs["rank_to"] > pairs["rank_from"])
    ]
    # The earliest qualifying move-in per graduated exit (ties: the lower tenancy id).
    pairs = pairs.sort_values(["tenancy_id_from", "start_to", "tenancy_id_to"]).drop_duplicates(
        "tenancy_id_from"
    )
    events = pd.DataFrame(
        {
            "tenant_id": pairs["tenant_id"].astype("int64"),
            "tenant_name": pairs["tenant_name_from"],
            "tenant_name_en": pairs["tenant_name_en_from"],
            "from_tenancy_id": pairs["tenancy_id_from"].astype("int64"),
            "to_tenancy_id": pairs["tenancy_id_to"].astype("int64"),
            "from_carrier_id": pairs["carrier_id_from"].astype("int64"),
            "to_carrier_id": pairs["carrier_id_to"].astype("int64"),
            "from_stage": pairs["stage_from"],
            "to_stage": pairs["stage_to"],
            "on": [d.date() for d in pairs["end_from"]],
            "year": pairs["end_from"].dt.year.astype("int64"),
        },
        columns=EVENT_COLUMNS,
    )
    events = events.sort_values(["on", "from_tenancy_id"]).reset_index(drop=True)
    return events, int(len(exits) - len(events))


def graduation_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Graduations by ``year``, ``from_stage`` and ``to_stage`` (column ``count``).

    Ordered by year, then by the stages' order in the chain.
    """
    columns = ["year", "from_stage", "to_stage", "count"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    counts = events.groupby(["year", "from_stage", "to_stage"]).size().rename("count")
    out = counts.reset_index()
    out["_f"] = out["from_stage"].map(STAGE_RANK)
    out["_t"] = out["to_stage"].map(STAGE_RANK)
    out = out.sort_values(["year", "_f", "_t"]).drop(columns=["_f", "_t"])
    return out[columns].reset_index(drop=True)


def count_in_year(events: pd.DataFrame, *, year: int, from_stage: str, to_stage: str) -> int:
    """Graduations in ``year`` from one stage to another (e.g. incubator → accelerator)."""
    if events.empty:
        return 0
    hit = (
        (events["year"] == year)
        & (events["from_stage"] == from_stage)
        & (events["to_stage"] == to_stage)
    )
    return int(hit.sum())


def stay_months(tenancies: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """How long firms stay at each stage, as of the end of ``as_of``'s month.

    Returns one row per stage with ``ended`` (tenancies ended by then), ``ended_median``
    and ``ended_mean`` (months), and ``open``, ``open_median``, ``open_mean`` (months
    so far of the tenancies open then). Means and medians are None without tenancies.
    """
    last = pd.Timestamp(month_end(as_of))
    rows = []
    if tenancies.empty:
        frame = pd.DataFrame(columns=["stage", "months", "ended"])
    else:
        start, end = _dates(tenancies["start_on"]), _dates(tenancies["end_on"])
        began = start <= last
        ended = began & end.notna() & (end <= last)
        still = began & (end.isna() | (end > last))
        months = ((end.where(ended, last) - start).dt.days / DAYS_PER_MONTH).astype(float)
        frame = pd.DataFrame(
            {"stage": tenancies["stage"], "months": months, "ended": ended, "open": still}
        )[ended | still]
    for stage in STAGES:
        here = frame[frame["stage"] == stage] if not frame.empty else frame
        done = here[here["ended"].astype(bool)]["months"] if not here.empty else pd.Series()
        now = here[~here["ended"].astype(bool)]["months"] if not here.empty else pd.Series()
        rows.append(
            {
                "stage": stage,
                "ended": len(done),
                "ended_median": float(done.median()) if len(done) else None,
                "ended_mean": float(done.mean()) if len(done) else None,
                "open": len(now),
                "open_median": float(now.median()) if len(now) else None,
                "open_mean": float(now.mean()) if len(now) else None,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ChainView:
    """Everything the chain page shows for one month."""

    month: date
    table: pd.DataFrame
    missing: dict[str, tuple[str, ...]]
    events: pd.DataFrame
    counts: pd.DataFrame
    unmatched: int
    stays: pd.DataFrame


def chain_view(data: ChainData) -> ChainView:
    """All chain figures from one :func:`load`."""
    table = stage_zone_table(data)
    events, unmatched = graduations(data.tenancies, as_of=data.month)
    return ChainView(
        month=data.month,
        table=table,
        missing=missing_stages(table),
        events=events,
        counts=graduation_counts(events),
        unmatched=unmatched,
        stays=stay_months(data.tenancies, as_of=data.month),
    )


def chain_summary(session: Session, *, as_of: date | None = None) -> ChainView:
    """The chain page's figures as of ``as_of`` (default: the newest reported month)."""
    return chain_view(load(session, as_of=as_of))
