"""Shibei park and the three belts side by side, and each belt against its theme.

Read side only, no Streamlit; computed from the same :func:`models.chain.load` as the
chain (a constant number of SQL statements) and as of the same month M. Per zone:
carriers per stage, area, occupancy with coverage and available area (the one
occupancy definition, :mod:`models.occupancy_rate`), tenants by industry, and the share
of tenants whose industry falls under the belt's theme (:mod:`models.themes`).
Tenants are distinct tenants with a tenancy open at the end of M in the zone's
carriers; a carrier in the park and a belt counts in both, the district row once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session

from models import chain
from models import occupancy_rate as occ
from models.themes import INDUSTRY_THEME, ZONE_THEME, theme_of

ZONE_ROWS = (*occ.ZONE_CODES, occ.DISTRICT)


@dataclass(frozen=True)
class Comparison:
    """The comparison page's figures for one month.

    ``zones``: one row per zone (:data:`ZONE_ROWS`) with ``carriers``, ``area_m2``,
    one ``carriers_<stage>`` column per stage, ``occupancy``, ``carriers_used``,
    ``coverage``, ``occupied_m2``, ``available_m2``, ``tenants``, ``theme`` (None for
    the park and district), ``theme_tenants`` and ``theme_share`` (None without a
    theme or without tenants). ``industries``: ``zone``, ``industry``, ``theme``,
    ``tenants`` for every zone and industry with at least one tenant.
    """

    month: date
    zones: pd.DataFrame
    industries: pd.DataFrame


def _in_zone(carriers: pd.DataFrame, zone: str) -> pd.DataFrame:
    return carriers[occ.zone_mask(carriers, zone)] if not carriers.empty else carriers


def compare(data: chain.ChainData) -> Comparison:
    """Zone-by-zone figures from one :func:`models.chain.load`."""
    open_now = chain.open_tenancies(data.tenancies, as_of=data.month)
    rows, industry_rows = [], []
    for zone in ZONE_ROWS:
        carriers = _in_zone(data.carriers, zone)
        row: dict[str, object] = {"zone": zone}
        row |= chain.group_figures(carriers, open_now, as_of=data.month)
        for stage in chain.STAGES:
            row[f"carriers_{stage}"] = (
                int((carriers["stage"] == stage).sum()) if not carriers.empty else 0
            )
        ids = set(carriers["id"].astype("int64")) if not carriers.empty else set()
        here = (
            open_now[open_now["carrier_id"].isin(ids)].drop_duplicates("tenant_id")
            if not open_now.empty
            else open_now
        )
        theme = ZONE_THEME.get(zone)
        on_theme = (
            int(sum(theme_of(str(i)) == theme for i in here["industry"]))
            if theme is not None and not here.empty
            else 0
        )
        row["theme"] = theme.value if theme is not None else None
        row["theme_tenants"] = on_theme if theme is not None else None
        row["theme_share"] = on_theme / len(here) if theme is not None and len(here) else None
        rows.append(row)
        if not here.empty:
            for industry, n in here["industry"].value_counts().sort_index().items():
                mapped = theme_of(str(industry))
                industry_rows.append(
                    {
                        "zone": zone,
                        "industry": str(industry),
                        "theme": mapped.value if mapped is not None else None,
                        "tenants": int(n),
                    }
                )
    industries = pd.DataFrame(industry_rows, columns=["zone", "industry", "theme", "tenants"])
    return Comparison(month=data.month, zones=pd.DataFrame(rows), industries=industries)


def comparison(session: Session, *, as_of: date | None = None) -> Comparison:
    """The comparison as of ``as_of`` (default: the newest reported month)."""
    return compare(chain.load(session, as_of=as_of))


__all__ = ["INDUSTRY_THEME", "ZONE_ROWS", "Comparison", "compare", "comparison"]
