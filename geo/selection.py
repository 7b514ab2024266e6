"""Filtering carriers for the map: stage, zone, industry, occupancy range, free text.

Pure pandas on the carriers frame from :func:`models.queries.carriers_frame`; the page
keeps only widget reading and rendering.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

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
    if ascii_digits(low) and ascii_digits(high):
        ends = sorted((max(0, min(int(low), 100)), max(0, min(int(high), 100))))
        occ = (ends[0], ends[1])  # "90-10" is read as 10–90, not as an empty range
    carrier = params.get("carrier", "")
    flt = CarrierFilter(split("stage"), split("zone"), split("ind"), occ, params.get("q", ""))
    return flt, int(carrier) if ascii_digits(carrier) and int(carrier) < 2**31 else None


def ascii_digits(text: str) -> bool:
    """A whole number in a link: ASCII digits only, at most 12.

    "²" and "①" pass str.isdigit() and then crash int() (attack QA).
    """
    return text.isascii() and text.isdigit() and len(text) <= 12


def is_unfiltered(flt: CarrierFilter) -> bool:
    """True when the filter restricts nothing (the whole district is wanted)."""
    restricted = flt.stages or flt.zones or flt.industries or flt.text.strip()
    return not restricted and flt.occupancy_pct == (0, 100)


def filter_conversions(df: pd.DataFrame, flt: CarrierFilter) -> pd.DataFrame:
    """Conversion projects matching the parts of ``flt`` that apply to a project.

    Stage matches the project's target stage, zone its location (park or belt that
    contains it), text its names and address. A project has no tenants and no
    occupancy yet, so an industry or occupancy filter hides projects that have not
    become a carrier (one that has is shown, ringed, through the carrier layer).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns id, name_zh, name_en, address, target_stage, lon, lat (and
        carrier_id, optional).
    flt : CarrierFilter

    Returns
    -------
    pandas.DataFrame
        A filtered copy.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a DataFrame, got {type(df).__name__}")
    if df.empty or is_unfiltered(flt):
        return df.copy()
    mask = pd.Series(True, index=df.index)
    if flt.industries or flt.occupancy_pct != (0, 100):
        mask &= False
    if flt.stages:
        mask &= df["target_stage"].astype(str).isin(list(flt.stages))
    if flt.zones:
        mask &= _points_in_zones(df, flt.zones)
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


def _points_in_zones(df: pd.DataFrame, zones: Collection[str]) -> pd.Series:
    from geo.zones import build_zones  # geo.zones imports reference data lazily

    frame = build_zones()
    wanted = frame[frame["code"].isin(list(zones))]
    if wanted.empty:
        return pd.Series(False, index=df.index)
    area = shapely.union_all(wanted.geometry.to_numpy())
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype=float)
    return pd.Series(shapely.contains_xy(area, lon, lat), index=df.index)


def view_bounds(*frames: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """WGS-84 ``(minx, miny, maxx, maxy)`` of the lon/lat of every row (None if none).

    Used to zoom the map to what a filter leaves; carriers and projects together.
    """
    lons: list[float] = []
    lats: list[float] = []
    for frame in frames:
        if frame is None or frame.empty or "lon" not in frame.columns:
            continue
        pts = frame[["lon", "lat"]].apply(pd.to_numeric, errors="coerce").dropna()
        lons.extend(pts["lon"].tolist())
        lats.extend(pts["lat"].tolist())
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def follow_extent(
    carriers: pd.DataFrame, projects: pd.DataFrame, flt: CarrierFilter
) -> tuple[float, float, float, float] | None:
    """What the map should zoom to for ``flt``: None (the district) when unfiltered,
    else the bounds of the filtered carriers and of the projects drawn as diamonds
    (those without a carrier; the others are drawn on their carrier)."""
    if is_unfiltered(flt):
        return None
    if "carrier_id" in projects.columns:
        projects = projects[projects["carrier_id"].isna()]
    return view_bounds(carriers, projects)
