"""The map page's data, cached per data version, filter, language and month.

Each function returns what the page draws, ready: the carrier and project layers packed
for the browser (:class:`geo.packed.PackedPoints`, one string, so a cache hit copies
almost nothing), and the zone figures of what the filter leaves. A rerun that changes
nothing but the selection or the view then rebuilds none of them. Kept out of
``pages/1_map.py`` so the page stays a short script.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from geo.conversion import converted_carriers, pack_conversions
from geo.layers import carriers_geojson, pack_carriers
from geo.packed import PackedPoints
from geo.selection import CarrierFilter, filter_carriers, filter_conversions, to_points
from models import queries


@st.cache_data(show_spinner=False, max_entries=32)
def carrier_points(
    version: int, flt: CarrierFilter, lang: str, gcj02: bool, month: date
) -> PackedPoints:
    """The filtered carriers at ``month`` packed for the browser, cached per data version
    (a rerun then copies one string instead of re-building 5,000 features)."""
    del version  # the cache key only
    df = filter_carriers(month_carriers(month), flt)
    rings = converted_carriers(ui.cached_query("conversions_frame", as_of=month), lang=lang)
    fc = carriers_geojson(
        to_points(df), lang=lang, gcj02=gcj02, labels=ui.map_labels(), converted=rings
    )
    return pack_carriers(fc)


@st.cache_data(show_spinner=False, max_entries=32)
def project_points(
    version: int, flt: CarrierFilter, lang: str, gcj02: bool, month: date
) -> PackedPoints:
    """The conversion projects the filter leaves at ``month``, packed (as carriers)."""
    del version  # the cache key only
    projects = filter_conversions(ui.cached_query("conversions_frame", as_of=month), flt)
    return pack_conversions(to_points(projects), lang=lang, gcj02=gcj02, labels=ui.map_labels())


@st.cache_data(show_spinner=False, max_entries=32)
def zone_rows(version: int, flt: CarrierFilter, month: date) -> pd.DataFrame:
    """Zone figures of the carriers ``flt`` leaves at ``month`` (the table and shading)."""
    del version  # the cache key only
    return queries.zone_summary(filter_carriers(month_carriers(month), flt))


def month_carriers(month: date) -> pd.DataFrame:
    """Carriers as they stood at the end of ``month``: stage and report of then; looking
    back, only those that had opened by then (today's view keeps announced ones)."""
    frame = ui.cached_query("carriers_frame", as_of=month)
    latest = ui.cached_query("latest_month") or month
    return frame if frame.empty or month >= latest else frame[frame["counted"]]
