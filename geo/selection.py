"""Filtering carriers for the map: stage, zone, industry, occupancy range, free text.

Pure pandas on the carriers frame from :func:`models.queries.carriers_frame`; the page
keeps only widget reading and rendering.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo.crs import WGS84


@dataclass(frozen=True)
class CarrierFilter:
    """What the user asked to see; empty collections mean "no restriction"."""

    stages: frozenset[str] = field(default_factory=frozenset)
    zones: frozenset[str] = field(default_factory=frozenset)
    industries: frozenset[str] = field(default_factory=frozenset)
    occupancy_pct: tuple[int, int] = (0, 100)
    text: str = ""


def _zone_mask(df: pd.DataFrame, zones: Collection[str]) -> pd.Series:
    belts = df["belt_codes"].fillna("").str.split(",")
    in_belt = belts.apply(lambda codes: bool(set(codes) & set(zones)))
    return in_belt | df["park_code"].isin(list(zones))


def filter_carriers(df: pd.DataFrame, flt: CarrierFilter) -> pd.DataFrame:
    """Rows of ``df`` matching every part of ``flt``.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns id, name_zh, name_en, address, stage, park_code, belt_codes,
        focus_industry, occupancy_rate (0..1 or NaN).
    flt : CarrierFilter

    Returns
    -------
    pandas.DataFrame
        A filtered copy; a carrier with no report is kept only by the full 0–100 range.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a DataFrame, got {type(df).__name__}")
    if df.empty:
        return df.copy()
    mask = pd.Series(True, index=df.index)
    if flt.stages:
        mask &= df["stage"].isin(list(flt.stages))
    if flt.zones:
        mask &= _zone_mask(df, flt.zones)
    if flt.industries:
        mask &= df["focus_industry"].isin(list(flt.industries))
    low, high = flt.occupancy_pct
    if (low, high) != (0, 100):
        pct = df["occupancy_rate"] * 100
        mask &= pct.between(low, high)
    text = flt.text.strip().casefold()
    if text:
        haystack = (
            df["name_zh"].fillna("")
            + " "
            + df["name_en"].fillna("")
            + " "
            + df["address"].fillna("")
        ).str.casefold()
        mask &= haystack.str.contains(text, regex=False)
    return df.loc[mask].copy()


def to_points(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Carriers frame → point GeoDataFrame in WGS-84 (from lon/lat columns)."""
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=WGS84)


def filter_to_params(flt: CarrierFilter, carrier_id: int | None = None) -> dict[str, str]:
    """URL query parameters for a view (only the parts that differ from the default)."""
    params = {
        "stage": ",".join(sorted(flt.stages)),
        "zone": ",".join(sorted(flt.zones)),
        "ind": ",".join(sorted(flt.industries)),
        "q": flt.text.strip(),
        "occ": "" if flt.occupancy_pct == (0, 100) else "{}-{}".format(*flt.occupancy_pct),
        "carrier": "" if carrier_id is None else str(carrier_id),
    }
    return {k: v for k, v in params.items() if v}


def filter_from_params(params: dict[str, str]) -> tuple[CarrierFilter, int | None]:
    """Parse URL query parameters back into a filter and a selected carrier.

    Malformed values are ignored (a hand-edited link must not break the page).
    """

    def split(name: str) -> frozenset[str]:
        return frozenset(v for v in params.get(name, "").split(",") if v)

    occ = (0, 100)
    low, _, high = params.get("occ", "").partition("-")
    if low.isdigit() and high.isdigit():
        occ = (max(0, min(int(low), 100)), max(0, min(int(high), 100)))
    carrier = params.get("carrier", "")
    flt = CarrierFilter(split("stage"), split("zone"), split("ind"), occ, params.get("q", ""))
    return flt, int(carrier) if carrier.isdigit() else None
