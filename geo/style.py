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

# Leaflet path options per zone code. Belt fills stay faint so stage dots on top remain
# the strongest colour on the map; belts are dashed to tell them from the park.
ZONE_STYLES: Final = MappingProxyType(
    {
        "district": {"color": "#333333", "weight": 2.0, "fill": False, "opacity": 0.9},
        "shibei": {
            "color": "#8C7A00",
            "weight": 1.5,
            "fillColor": "#F0E442",
            "fillOpacity": 0.25,
            "opacity": 0.9,
        },
        "belt_njw": {
            "color": "#0072B2",
            "weight": 1.5,
            "dashArray": "6 4",
            "fillColor": "#0072B2",
            "fillOpacity": 0.10,
        },
        "belt_szr": {
            "color": "#AA4499",
            "weight": 1.5,
            "dashArray": "6 4",
            "fillColor": "#AA4499",
            "fillOpacity": 0.10,
        },
        "belt_mrr": {
            "color": "#117733",
            "weight": 1.5,
            "dashArray": "6 4",
            "fillColor": "#117733",
            "fillOpacity": 0.10,
        },
    }
)

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
