"""The big screen's spotlight scene: one carrier at a time, shown in full.

A district leader reads the other scenes as totals; the spotlight puts a face on them:
one carrier with its occupancy (the same definition as everywhere, the carrier's own
row of :func:`models.queries.carriers_frame`), its tenants and their industries, and
the firms that graduated from it this year (the chain's graduation events,
:func:`models.chain.graduations`). Each time the scene comes round it shows the next
carrier of the list.

Which carriers: those an administrator pinned (screen settings or ``?spotlight=12,40``),
in that order; otherwise the top of the chain, accelerators and incubators, with the
most graduations this year (out of or into the carrier) first, then the fullest. Pure
functions of query results, so the figures are checked against hand-made frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from models import chain
from models.enums import Stage

SPOTLIGHT_ITEMS = 5  # carriers in the automatic rotation
SPOTLIGHT_STAGES = (Stage.ACCELERATOR.value, Stage.INCUBATOR.value)
TOP_INDUSTRIES = 3
GRADUATES_SHOWN = 6


@dataclass(frozen=True)
class Spotlight:
    """One carrier as the spotlight scene shows it (plain values: cache- and session-safe)."""

    carrier_id: int
    name_zh: str
    name_en: str
    stage: str
    zones: tuple[str, ...]  # park and belt codes
    operator: str
    accreditation: str
    origin: str
    opened: str | None  # "2019-05"
    area_m2: float
    occupancy: float | None
    tenants: int
    industries: tuple[tuple[str, int], ...]  # (industry, current tenants), largest first
    grads_out: int  # firms that graduated from here in the year
    grads_in: int  # firms that arrived here by graduation in the year
    # (zh, en, from_stage, to_stage, "out" | "in") of the year's moves, newest first
    graduates: tuple[tuple[str, str, str, str, str], ...]
    lat: float | None = None  # WGS-84: the map rings the carrier
    lon: float | None = None


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _rate(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(out) else out


def _opened(value: object) -> str | None:
    stamp = pd.to_datetime(value, errors="coerce") if _text(value) else pd.NaT
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m")


def pick(
    carriers: pd.DataFrame, events_in_year: pd.DataFrame, *, pinned: tuple[int, ...] = ()
) -> list[int]:
    """Ids of the carriers to spotlight, in rotation order.

    ``pinned`` ids that are live carriers, in the given order, win. Otherwise up to
    :data:`SPOTLIGHT_ITEMS` accelerators and incubators (any carrier when there are
    none): most graduations in the year (out plus in) first, then the highest
    occupancy (no rate last), then the lower id.
    """
    if carriers.empty:
        return []
    live = [int(i) for i in carriers["id"]]
    chosen = [i for i in dict.fromkeys(pinned) if i in set(live)]
    if chosen:
        return chosen
    top = carriers[carriers["stage"].isin(SPOTLIGHT_STAGES)]
    if top.empty:
        top = carriers
    grads = pd.Series(0, index=top["id"].astype("int64").to_numpy())
    if not events_in_year.empty:
        for column in ("from_carrier_id", "to_carrier_id"):
            counts = events_in_year[column].astype("int64").value_counts()
            grads = grads.add(counts.reindex(grads.index, fill_value=0), fill_value=0)
    ranked = top.assign(
        _g=grads.reindex(top["id"].astype("int64").to_numpy()).to_numpy(),
        _r=pd.to_numeric(top["occupancy_rate"], errors="coerce").fillna(-1.0),
    ).sort_values(["_g", "_r", "id"], ascending=[False, False, True])
    return [int(i) for i in ranked["id"].head(SPOTLIGHT_ITEMS)]


def spotlight(row: pd.Series, open_now: pd.DataFrame, events_in_year: pd.DataFrame) -> Spotlight:
    """The spotlight of one carrier row (of ``carriers_frame``)."""
    cid = int(row["id"])
    here = open_now[open_now["carrier_id"] == cid] if not open_now.empty else open_now
    industries: tuple[tuple[str, int], ...] = ()
    if not here.empty:
        firms = here.drop_duplicates("tenant_id")
        counts = firms["industry"].dropna().astype(str).value_counts()
        # Largest first; ties in the industry's name order, so the list does not shuffle.
        ordered = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))
        industries = tuple((k, int(v)) for k, v in ordered[:TOP_INDUSTRIES])
    moves = events_in_year
    if not moves.empty:
        moves = moves[(moves["from_carrier_id"] == cid) | (moves["to_carrier_id"] == cid)]
    grads_out = int((moves["from_carrier_id"] == cid).sum()) if not moves.empty else 0
    newest = (
        moves.sort_values(["on", "from_tenancy_id"], ascending=False) if not moves.empty else moves
    )
    graduates = tuple(
        (
            _text(r["tenant_name"]),
            _text(r["tenant_name_en"]) or _text(r["tenant_name"]),
            _text(r["from_stage"]),
            _text(r["to_stage"]),
            "out" if int(r["from_carrier_id"]) == cid else "in",
        )
        for _, r in newest.head(GRADUATES_SHOWN).iterrows()
    )
    zones = tuple(
        z for z in [_text(row.get("park_code")), *_text(row.get("belt_codes")).split(",")] if z
    )
    return Spotlight(
        carrier_id=cid,
        name_zh=_text(row["name_zh"]),
        name_en=_text(row.get("name_en")) or _text(row["name_zh"]),
        stage=_text(row["stage"]),
        zones=zones,
        operator=_text(row.get("operator")),
        accreditation=_text(row.get("accreditation")) or "none",
        origin=_text(row.get("origin")) or "new",
        opened=_opened(row.get("opened_on")),
        area_m2=float(row.get("total_area_m2") or 0.0),
        occupancy=_rate(row.get("occupancy_rate")),
        tenants=int(here["tenant_id"].nunique()) if not here.empty else 0,
        industries=industries,
        grads_out=grads_out,
        grads_in=len(moves) - grads_out,
        graduates=graduates,
        lat=_rate(row.get("lat")),
        lon=_rate(row.get("lon")),
    )


def spotlights(
    carriers: pd.DataFrame,
    tenancies: pd.DataFrame,
    events: pd.DataFrame,
    *,
    month: date | None,
    pinned: tuple[int, ...] = (),
) -> tuple[Spotlight, ...]:
    """The carriers of the spotlight rotation as of ``month`` (see :func:`pick`).

    ``carriers``: :func:`models.queries.carriers_frame` (live carriers, counted ones
    used); ``tenancies``: :data:`models.chain.TENANCY_COLUMNS`; ``events``: the chain's
    graduation events, of which those in ``month``'s calendar year count.
    """
    if month is None or carriers.empty:
        return ()
    if "counted" in carriers.columns:
        carriers = carriers[carriers["counted"]]
    in_year = events[events["year"] == month.year] if not events.empty else events
    open_now = chain.open_tenancies(tenancies, as_of=month)
    by_id = carriers.set_index(carriers["id"].astype("int64"), drop=False)
    return tuple(
        spotlight(by_id.loc[cid], open_now, in_year)
        for cid in pick(carriers, in_year, pinned=pinned)
    )
