"""The one mapping from industry to a belt theme, and from zone to its theme.

The district's policy gives each mass-innovation belt a theme: Nanjing West Road for
business innovation (商务创新), the Suzhou River for cultural creativity (文化创意) and
the Middle Ring for technical innovation (科技创新). Tenants are classified by the
policy's strategic industries (:class:`models.enums.Industry`), so a belt's "theme
share" needs each industry placed under exactly one theme. That placement is a policy
judgement, so it lives here once and every page and test reads it from here:

* cultural creativity: cultural and creative, film and TV post-production, animation
  and games, VR (the policy lists them as the creative segments);
* business innovation: the digital business services a central business district
  hosts: cloud computing, big data, information security, multimedia software;
* technical innovation: everything built on hardware or lab work: IoT, AI, 3D
  printing, robotics, new energy, new materials, energy saving, BIM.

Shibei park has a stated focus (big data and cloud computing) but no belt theme in
the policy, so it has no theme share.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final

from models.enums import Industry


class Theme(StrEnum):
    """The three belt themes of the policy."""

    BUSINESS = "theme_business"
    CULTURAL = "theme_cultural"
    TECHNICAL = "theme_technical"


INDUSTRY_THEME: Final = MappingProxyType(
    {
        Industry.CULTURAL_CREATIVE: Theme.CULTURAL,
        Industry.FILM_POST: Theme.CULTURAL,
        Industry.ANIMATION_GAMES: Theme.CULTURAL,
        Industry.VR: Theme.CULTURAL,
        Industry.CLOUD: Theme.BUSINESS,
        Industry.BIG_DATA: Theme.BUSINESS,
        Industry.INFOSEC: Theme.BUSINESS,
        Industry.MULTIMEDIA_SOFTWARE: Theme.BUSINESS,
        Industry.IOT: Theme.TECHNICAL,
        Industry.AI: Theme.TECHNICAL,
        Industry.PRINTING_3D: Theme.TECHNICAL,
        Industry.ROBOTICS: Theme.TECHNICAL,
        Industry.NEW_ENERGY: Theme.TECHNICAL,
        Industry.NEW_MATERIALS: Theme.TECHNICAL,
        Industry.ENERGY_SAVING: Theme.TECHNICAL,
        Industry.BIM: Theme.TECHNICAL,
    }
)
"""Every industry under exactly one theme (a test checks none is missing)."""

ZONE_THEME: Final = MappingProxyType(
    {
        "belt_njw": Theme.BUSINESS,
        "belt_szr": Theme.CULTURAL,
        "belt_mrr": Theme.TECHNICAL,
    }
)
"""The theme of each belt; the park and the district have none."""


def theme_of(industry: str) -> Theme | None:
    """The theme of an industry value (None for an unknown value)."""
    if not isinstance(industry, str):
        raise TypeError(f"industry must be a str, got {type(industry).__name__}")
    try:
        return INDUSTRY_THEME[Industry(industry)]
    except ValueError:
        return None


def theme_industries(theme: Theme) -> tuple[Industry, ...]:
    """The industries under ``theme``, in the enum's order."""
    return tuple(i for i in Industry if INDUSTRY_THEME[i] == theme)
