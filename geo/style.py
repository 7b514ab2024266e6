"""The single colour scheme for stages, zones and conversion projects.

Stage colours follow the Okabe-Ito palette, which stays distinguishable for the common
colour-vision deficiencies and keeps enough luminance to read both on white and on a dark
wall display. Every page, legend and chart should take its colours from here.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

STAGES: Final = ("public_space", "nursery", "incubator", "accelerator")
"""Growth stages in the policy's order: public space -> nursery -> incubator -> accelerator."""

STAGE_COLORS: Final = MappingProxyType(
    {
        "public_space": "#56B4E9",  # sky blue
        "nursery": "#009E73",  # bluish green
        "incubator": "#E69F00",  # orange
        "accelerator": "#CC79A7",  # reddish purple
    }
)

CONVERSION_COLOR: Final = "#D55E00"  # vermillion: the one "action" colour, unlike any stage
MARKER_STROKE: Final = "#1F1F1F"  # thin dark rim so light fills still read on white

# Leaflet path options per zone code. Zones are told apart by their on-map labels and
# their line pattern, not by hue: dark, desaturated outlines and a barely-there fill, so
# no zone can be mistaken for a growth stage (Okabe-Ito above), for normal vision or any
# dichromacy -- tests/unit/test_geo_colour_check.py proves it with geo.colour_check.
ZONE_STYLES: Final = MappingProxyType(
    {
        "district": {"color": "#333333", "weight": 2.0, "fill": False, "opacity": 0.9},
        "shibei": {
            "color": "#5B4636",  # dark umber, solid: the one park
            "weight": 2.0,
            "fillColor": "#5B4636",
            "fillOpacity": 0.08,
            "opacity": 0.9,
        },
        "belt_njw": {
            "color": "#2E3A59",  # dark slate, long dashes
            "weight": 2.0,
            "dashArray": "10 5",
            "fillColor": "#2E3A59",
            "fillOpacity": 0.05,
            "opacity": 0.9,
        },
        "belt_szr": {
            "color": "#5A3550",  # dark plum, dots
            "weight": 2.0,
            "dashArray": "2 5",
            "fillColor": "#5A3550",
            "fillOpacity": 0.05,
            "opacity": 0.9,
        },
        "belt_mrr": {
            "color": "#3C4A3E",  # dark grey-green, dash-dot
            "weight": 2.0,
            "dashArray": "12 5 2 5",
            "fillColor": "#3C4A3E",
            "fillOpacity": 0.05,
            "opacity": 0.9,
        },
    }
)
ZONE_LABEL_COLOR: Final = "#1F1F1F"  # zone names: near-black text on a white halo

# Zones shaded by occupancy: one warm neutral ink, more of it for fuller zones. Drawn over
# white even the darkest class stays >= 15 CIEDE2000 from every stage colour for all
# three dichromacies (tests/unit/test_geo_colour_check.py), so shading never reads as a
# stage. (upper bound of the rate, exclusive; fill opacity; legend text)
OCCUPANCY_INK: Final = "#4B3B2A"
OCCUPANCY_CLASSES: Final = (
    (0.60, 0.04, "< 60%"),
    (0.70, 0.09, "60–70%"),
    (0.80, 0.15, "70–80%"),
    (0.90, 0.22, "80–90%"),
    (float("inf"), 0.30, "≥ 90%"),
)


def occupancy_fill(rate: float | None) -> dict[str, object] | None:
    """Leaflet fill options for a zone with occupancy ``rate`` (0..1); None without data."""
    if rate is None or isinstance(rate, bool) or not isinstance(rate, (int, float)):
        return None
    if rate != rate:  # NaN: no figure
        return None
    for upper, opacity, _ in OCCUPANCY_CLASSES:
        if rate < upper:
            return {"fill": True, "fillColor": OCCUPANCY_INK, "fillOpacity": opacity}
    return None  # unreachable: the last class is open-ended


CONTEXT_STYLES: Final = MappingProxyType(
    {
        "river": {"color": "#3B8FD9", "weight": 4.0, "opacity": 0.8},
        "road": {"color": "#8A8A8A", "weight": 2.0, "opacity": 0.8},
    }
)


def stage_color(stage: str) -> str:
    """Return the colour of a growth stage.

    Parameters
    ----------
    stage : str
        One of ``STAGES``.

    Returns
    -------
    str
        Hex colour ``#RRGGBB``; raises ValueError for an unknown stage.
    """
    if not isinstance(stage, str):
        raise TypeError(f"stage must be a str, got {type(stage).__name__}")
    try:
        return STAGE_COLORS[stage]
    except KeyError:
        raise ValueError(f"unknown stage {stage!r}; expected one of {STAGES}") from None
