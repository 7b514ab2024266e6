"""Pure geographic helpers for the Jing'an innovation-space dashboard.

Nothing in this package imports Streamlit: layers, spatial joins, CRS and GCJ-02/BD-09
conversion, folium map building and offline assets are plain functions that can be
tested without a running app.
"""

from __future__ import annotations
